/*
 * locked.c - lock-prefixed read-modify-writes and xchg with memory: each is run twice on the
 * same operands, once locked and once without the prefix (a different path in FVP's
 * translator), and must leave the same memory, register and flags (CF PF AF ZF SF OF); the
 * values are printed as "val:" lines, which compare-engines.sh compares with the host CPU.
 */
#include "lib.h"

#define FLAGS 0x8d5ul /* OF SF ZF AF PF CF */

struct result {
	uint64_t mem, reg, flags;
};

static void report(const char *name, const struct result *r)
{
	puts_serial("val: ");
	puts_serial(name);
	puts_serial(" mem ");
	put_hex(r->mem);
	puts_serial(" reg ");
	put_hex(r->reg);
	puts_serial(" flags ");
	put_hex(r->flags);
	puts_serial("\n");
}

/* Run "OP reg, mem" (AT&T order; w the register's size letter: b, w, k, q) with CF set to cf
 * first, locked and not. */
#define PAIR(name, op, w, m0, r0, cf)                                                              \
	do {                                                                                       \
		struct result a = {m0, r0, 0}, b = {m0, r0, 0};                                    \
		__asm__ volatile("bt $0, %3\n lock " op " %" w "1, %0\n pushfq\n popq %2"          \
				 : "+m"(a.mem), "+r"(a.reg), "=r"(a.flags)                         \
				 : "r"((uint64_t)(cf))                                             \
				 : "cc");                                                          \
		__asm__ volatile("bt $0, %3\n " op " %" w "1, %0\n pushfq\n popq %2"               \
				 : "+m"(b.mem), "+r"(b.reg), "=r"(b.flags)                         \
				 : "r"((uint64_t)(cf))                                             \
				 : "cc");                                                          \
		a.flags &= FLAGS;                                                                  \
		b.flags &= FLAGS;                                                                  \
		report(name, &a);                                                                  \
		check(a.mem == b.mem && a.reg == b.reg && a.flags == b.flags, name);               \
	} while (0)

/* The same for one-operand instructions. */
#define UNARY(name, op, m0, cf)                                                                    \
	do {                                                                                       \
		struct result a = {m0, 0, 0}, b = {m0, 0, 0};                                      \
		__asm__ volatile("bt $0, %2\n lock " op " %0\n pushfq\n popq %1"                   \
				 : "+m"(a.mem), "=r"(a.flags)                                      \
				 : "r"((uint64_t)(cf))                                             \
				 : "cc");                                                          \
		__asm__ volatile("bt $0, %2\n " op " %0\n pushfq\n popq %1"                        \
				 : "+m"(b.mem), "=r"(b.flags)                                      \
				 : "r"((uint64_t)(cf))                                             \
				 : "cc");                                                          \
		a.flags &= FLAGS;                                                                  \
		b.flags &= FLAGS;                                                                  \
		report(name, &a);                                                                  \
		check(a.mem == b.mem && a.flags == b.flags, name);                                 \
	} while (0)

static void cmpxchg_case(const char *name, uint64_t m0, uint64_t rax0, uint64_t src)
{
	struct result a = {m0, rax0, 0}, b = {m0, rax0, 0};

	__asm__ volatile("lock cmpxchgl %3, %0\n pushfq\n popq %2"
			 : "+m"(a.mem), "+a"(a.reg), "=r"(a.flags)
			 : "r"((uint32_t)src)
			 : "cc");
	__asm__ volatile("cmpxchgl %3, %0\n pushfq\n popq %2"
			 : "+m"(b.mem), "+a"(b.reg), "=r"(b.flags)
			 : "r"((uint32_t)src)
			 : "cc");
	a.flags &= FLAGS;
	b.flags &= FLAGS;
	report(name, &a);
	check(a.mem == b.mem && a.reg == b.reg && a.flags == b.flags, name);
}

/* cmpxchg16b (cmpxchg8b with b8) on an aligned pair, locked and not: memory, rdx:rax and ZF. */
static void cmpxchg_pair_case(const char *name, bool b8, uint64_t m0, uint64_t m1, uint64_t ax,
			      uint64_t dx)
{
	uint64_t mem[2][2] __attribute__((aligned(16))) = {{m0, m1}, {m0, m1}};
	uint64_t a[2] = {ax, ax}, d[2] = {dx, dx}, zf[2];
	const uint64_t bx = 0x1111222233334444ul, cx = 0x5555666677778888ul;

	if (b8) {
		__asm__ volatile("lock cmpxchg8b %0\n setz %b3"
				 : "+m"(mem[0][0]), "+a"(a[0]), "+d"(d[0]), "=q"(zf[0])
				 : "b"(bx), "c"(cx)
				 : "cc");
		__asm__ volatile("cmpxchg8b %0\n setz %b3"
				 : "+m"(mem[1][0]), "+a"(a[1]), "+d"(d[1]), "=q"(zf[1])
				 : "b"(bx), "c"(cx)
				 : "cc");
	} else {
		__asm__ volatile("lock cmpxchg16b %0\n setz %b3"
				 : "+m"(mem[0]), "+a"(a[0]), "+d"(d[0]), "=q"(zf[0])
				 : "b"(bx), "c"(cx)
				 : "cc");
		__asm__ volatile("cmpxchg16b %0\n setz %b3"
				 : "+m"(mem[1]), "+a"(a[1]), "+d"(d[1]), "=q"(zf[1])
				 : "b"(bx), "c"(cx)
				 : "cc");
	}
	puts_serial("val: ");
	puts_serial(name);
	puts_serial(" mem ");
	put_hex(mem[0][0]);
	puts_serial(" ");
	put_hex(mem[0][1]);
	puts_serial(" rax ");
	put_hex(a[0]);
	puts_serial(" rdx ");
	put_hex(d[0]);
	puts_serial(" zf ");
	put_hex(zf[0] & 1);
	puts_serial("\n");
	check(mem[0][0] == mem[1][0] && mem[0][1] == mem[1][1] && a[0] == a[1] && d[0] == d[1] &&
		  (zf[0] & 1) == (zf[1] & 1),
	      name);
}

int main(void)
{
	uint64_t xm = 5, xr = 7;

	puts_serial("x86 locked read-modify-write test\n");
	PAIR("lock addq", "addq", "q", 0xfffffffffffffff0ul, 0x20, 0);
	PAIR("lock addl", "addl", "k", 0x7ffffff0ul, 0x20, 0);
	PAIR("lock addb", "addb", "b", 0x80ul, 0x80, 0);
	PAIR("lock adcq carry in", "adcq", "q", 0xfffffffffffffffful, 0, 1);
	PAIR("lock adcq all ones", "adcq", "q", 5, ~0ul, 1);
	PAIR("lock subw", "subw", "w", 0x10, 0x20, 0);
	PAIR("lock sbbl", "sbbl", "k", 0, 0, 1);
	PAIR("lock andq", "andq", "q", 0xf0f0, 0xff00, 0);
	PAIR("lock orl", "orl", "k", 0x80000000ul, 1, 1);
	PAIR("lock xorb", "xorb", "b", 0x5a, 0x5a, 0);
	PAIR("lock xaddq", "xaddq", "q", 40, 2, 0);
	PAIR("lock xaddw", "xaddw", "w", 0xffff, 1, 0);
	PAIR("lock btsq", "btsq", "q", 0x1, 0, 0);
	PAIR("lock btrl", "btrl", "k", 0x80000001ul, 31, 0);
	PAIR("lock btcq", "btcq", "q", 0, 6, 0);
	UNARY("lock incl", "incl", 0x7ffffffful, 1);
	UNARY("lock decq", "decq", 0, 0);
	UNARY("lock notw", "notw", 0x1234, 0);
	UNARY("lock negq", "negq", 0x8000000000000000ul, 0);
	UNARY("lock negb zero", "negb", 0, 1);
	cmpxchg_case("lock cmpxchgl equal", 9, 9, 42);
	cmpxchg_case("lock cmpxchgl unequal", 9, 0xffffffff00000008ul, 42);
	cmpxchg_pair_case("lock cmpxchg16b equal", false, 7, 9, 7, 9);
	cmpxchg_pair_case("lock cmpxchg16b unequal", false, 7, 9, 7, 8);
	cmpxchg_pair_case("lock cmpxchg8b equal", true, 0x0000000900000007ul, 0, 7, 9);
	cmpxchg_pair_case("lock cmpxchg8b unequal", true, 0x0000000900000007ul, 0, 6, 9);
	cmpxchg_pair_case("lock cmpxchg8b upper halves ignored", true, 0x0000000900000007ul, 0,
			  0xffffffff00000007ul, 0xaaaaaaaa00000009ul);
	__asm__ volatile("xchgq %0, %1" : "+m"(xm), "+r"(xr));
	check(xm == 7 && xr == 5, "xchg with memory swaps");
	pass("locked");
}
