/*
 * Runtime for the bare-metal riscv64 guest tests: UART output, pass/fail
 * through the SiFive test device, CHECK macros, CSR accessors, trap frames
 * and helpers to run code in S or U mode and come back to M mode.
 * Invariants: every hart owns a 40 KiB area (main stack 16K, lower-mode
 * stack 8K, M trap stack 8K, S trap stack 8K); mscratch/sscratch hold the
 * top of the hart's trap stack whenever no trap is being handled.
 */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

#define MAX_HARTS	8
#define HART_AREA	0xA000
#define MAIN_STACK_TOP	0x4000
#define LOWER_STACK_TOP 0x6000
#define M_TRAP_TOP	0x8000
#define S_TRAP_TOP	0xA000

#define UART_BASE	  0x10000000UL
#define TEST_DEV	  0x00100000UL
#define CLINT_BASE	  0x02000000UL
#define CLINT_MSIP(h)	  (CLINT_BASE + 4UL * (h))
#define CLINT_MTIMECMP(h) (CLINT_BASE + 0x4000UL + 8UL * (h))
#define CLINT_MTIME	  (CLINT_BASE + 0xbff8UL)
#define PLIC_BASE	  0x0c000000UL
#define TIMEBASE_HZ	  10000000UL

#define EXIT_MAGIC 0x5EC0DE

#define MODE_U 0
#define MODE_S 1
#define MODE_M 3

#define MSTATUS_SIE	  (1UL << 1)
#define MSTATUS_MIE	  (1UL << 3)
#define MSTATUS_SPIE	  (1UL << 5)
#define MSTATUS_MPIE	  (1UL << 7)
#define MSTATUS_SPP	  (1UL << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP	  (3UL << 11)
#define MSTATUS_FS	  (3UL << 13)
#define MSTATUS_MPRV	  (1UL << 17)
#define MSTATUS_SUM	  (1UL << 18)
#define MSTATUS_MXR	  (1UL << 19)
#define MSTATUS_TW	  (1UL << 21)

#define IRQ_SSI	   1
#define IRQ_MSI	   3
#define IRQ_STI	   5
#define IRQ_MTI	   7
#define IRQ_SEI	   9
#define IRQ_MEI	   11
#define CAUSE_INTR (1UL << 63)

#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL	       2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U	       8
#define CAUSE_ECALL_S	       9
#define CAUSE_ECALL_M	       11
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE	       13
#define CAUSE_STORE_PAGE       15

#define STR_(x) #x
#define STR(x)	STR_(x)
#define csr_read(csr)                                                                              \
	({                                                                                         \
		unsigned long __v;                                                                 \
		asm volatile("csrr %0, " STR(csr) : "=r"(__v)::"memory");                          \
		__v;                                                                               \
	})
#define csr_write(csr, val)                                                                        \
	asm volatile("csrw " STR(csr) ", %0" ::"r"((unsigned long)(val)) : "memory")
#define csr_set(csr, val)                                                                          \
	asm volatile("csrs " STR(csr) ", %0" ::"r"((unsigned long)(val)) : "memory")
#define csr_clear(csr, val)                                                                        \
	asm volatile("csrc " STR(csr) ", %0" ::"r"((unsigned long)(val)) : "memory")
#define csr_swap(csr, val)                                                                         \
	({                                                                                         \
		unsigned long __v;                                                                 \
		asm volatile("csrrw %0, " STR(csr) ", %1"                                          \
			     : "=r"(__v)                                                           \
			     : "r"((unsigned long)(val))                                           \
			     : "memory");                                                          \
		__v;                                                                               \
	})

typedef uint64_t u64;
typedef int64_t i64;
typedef uint32_t u32;
typedef int32_t i32;
typedef uint16_t u16;
typedef uint8_t u8;

struct trap_frame {
	unsigned long regs[32]; /* regs[2] is the interrupted sp */
	unsigned long epc;
	unsigned long cause;
	unsigned long tval;
	unsigned long status;
};

typedef void (*trap_fn)(struct trap_frame *f);

/* Installed handlers; NULL means "unexpected trap: report and fail". */
extern volatile trap_fn m_trap_hook;
extern volatile trap_fn s_trap_hook;

/* What record_and_skip handlers saw last. */
struct trap_log {
	volatile long count;
	volatile unsigned long cause, tval, epc, status, mode;
};
extern struct trap_log last_trap;

extern unsigned long boot_dtb;
extern volatile unsigned long checks_passed;

/* Output. */
void uart_putc(int c);
void puts_raw(const char *s);
void print_hex(u64 v);
void print_dec(i64 v);
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Exit. */
void pass(void) __attribute__((noreturn));
void fail(unsigned code) __attribute__((noreturn));
void guest_exit(int code) __attribute__((noreturn));
void check_failed(const char *file, int line, const char *expr) __attribute__((noreturn));
void check_eq_failed(const char *file, int line, const char *expr, u64 got, u64 want)
    __attribute__((noreturn));
extern int quiet_exit;

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			check_failed(__FILE__, __LINE__, #c);                                      \
		checks_passed++;                                                                   \
	} while (0)
#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		u64 __a = (u64)(a), __b = (u64)(b);                                                \
		if (__a != __b)                                                                    \
			check_eq_failed(__FILE__, __LINE__, #a " == " #b, __a, __b);               \
		checks_passed++;                                                                   \
	} while (0)

/* Entry points a test provides (secondary_main is optional). */
int main(long hartid, unsigned long dtb);
void secondary_main(long hartid);

/* Trap handling (M mode unless named _s). */
void trap_dispatch_m(struct trap_frame *f);
void trap_dispatch_s(struct trap_frame *f);
void record_and_skip(struct trap_frame *f);
void trap_expect_begin(void);
int insn_len_at(unsigned long addr);
unsigned long hart_area(long hart);

/* Run fn(arg) in mode (MODE_S/MODE_U) on the hart's lower stack; it returns
 * to M through an ecall with EXIT_MAGIC. Returns fn's result. */
long run_in_mode(int mode, long (*fn)(long), long arg);
/* Resume the full register state in f (epc, status included), in M trap-return
 * fashion. Returns when a handler calls frame_return_to_m(). */
long run_frame(const struct trap_frame *f);
void frame_return_to_m(struct trap_frame *f, long result);
/* Inside lower-mode code: go back to M now with result. */
void exit_to_m(long result) __attribute__((noreturn));

/* Timer and counters. */
static inline u64 mtime_read(void)
{
	return *(volatile u64 *)CLINT_MTIME;
}
static inline void mmio_write32(unsigned long addr, u32 v)
{
	*(volatile u32 *)addr = v;
}
static inline u32 mmio_read32(unsigned long addr)
{
	return *(volatile u32 *)addr;
}
static inline void mmio_write64(unsigned long addr, u64 v)
{
	*(volatile u64 *)addr = v;
}
void delay_ticks(u64 ticks);

/* Minimal string helpers (the compiler may emit calls to these). */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Formatter shared with the diff tests: calls out(c) for each character. */
void fmt_vprint(void (*out)(int), const char *fmt, va_list ap);

#endif
