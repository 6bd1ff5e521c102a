/*
 * helpers.c - the x86-64 IR helper table (generated from helpers.h) and the
 * user-level instructions that run in a helper: division, string
 * instructions, port I/O, cpuid, rdtsc, rotates and double shifts,
 * cmpxchg8b/16b, crc32, enter, and the flags helpers. The privileged ones
 * are in system.c.
 *
 * Invariants: a helper that may trap checks everything before it writes a
 * register; a string instruction commits each finished iteration (rsi, rdi,
 * rcx), as the hardware does, so a fault mid-way restarts where it stopped;
 * it runs at most X86_STR_BATCH iterations per call and then re-executes
 * itself (pc unchanged), so interrupts and stop requests are seen.
 */
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/x86_decode.h"
#include "core/memory.h"
#include "core/vm.h"
#include "mem/mmu.h"

#define X86_STR_BATCH 4096

const struct ir_helper x86_helpers[] = {
#define X86_HELPER_ENTRY(id, hname, hflags)                                                        \
	[X86_H_##id] = {.name = #hname, .fn = x86_helper_##hname, .flags = (hflags)},
    X86_HELPERS(X86_HELPER_ENTRY)
#undef X86_HELPER_ENTRY
};

static uint64_t mask_of(unsigned size)
{
	return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* Write the low size bytes of v to register slot r with x86's merge rules. */
static void set_reg(struct soft_cpu *cpu, unsigned r, unsigned size, uint64_t v)
{
	uint64_t m = mask_of(size);

	if (size == 4)
		cpu->slots[r] = (uint32_t)v;
	else
		cpu->slots[r] = (cpu->slots[r] & ~m) | (v & m);
}

uint64_t x86_helper_flush_flags(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	x86_set_rflags(cpu, x86_get_rflags(cpu));
	return 0;
}

uint64_t x86_helper_raise(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	vcpu_raise(cpu, a, b);
	return 0;
}

uint64_t x86_helper_div(struct soft_cpu *cpu, uint64_t d, uint64_t b, uint64_t size)
{
	uint64_t m = mask_of(size), q, r;
	unsigned bits = (unsigned)size * 8;
	unsigned __int128 n;

	if (size == 1)
		n = cpu->slots[X86_RAX] & 0xffff;
	else
		n = (unsigned __int128)(cpu->slots[X86_RDX] & m) << bits |
		    (cpu->slots[X86_RAX] & m);
	if (!d || n / d > m) {
		vcpu_raise(cpu, X86_EXC_DE, 0);
		return 0;
	}
	q = (uint64_t)(n / d);
	r = (uint64_t)(n % d);
	if (size == 1) {
		set_reg(cpu, X86_RAX, 2, q | r << 8);
		return 0;
	}
	set_reg(cpu, X86_RAX, (unsigned)size, q);
	set_reg(cpu, X86_RDX, (unsigned)size, r);
	return 0;
}

static int64_t sext_of(uint64_t v, unsigned size)
{
	unsigned sh = 64 - size * 8;

	return (int64_t)(v << sh) >> sh;
}

uint64_t x86_helper_idiv(struct soft_cpu *cpu, uint64_t dv, uint64_t b, uint64_t size)
{
	unsigned sz = (unsigned)size, bits = sz * 8;
	int64_t d = sext_of(dv, sz), lim = (int64_t)(~0ull >> (65 - bits));
	__int128 n, q;

	if (sz == 1)
		n = sext_of(cpu->slots[X86_RAX], 2);
	else if (sz == 8)
		n = (__int128)((unsigned __int128)cpu->slots[X86_RDX] << 64 | cpu->slots[X86_RAX]);
	else
		n = sext_of((cpu->slots[X86_RDX] & mask_of(sz)) << bits |
				(cpu->slots[X86_RAX] & mask_of(sz)),
			    sz * 2);
	if (!d) {
		vcpu_raise(cpu, X86_EXC_DE, 0);
		return 0;
	}
	q = n / d;
	if (q > lim || q < -lim - 1) {
		vcpu_raise(cpu, X86_EXC_DE, 0);
		return 0;
	}
	if (sz == 1) {
		set_reg(cpu, X86_RAX, 2, ((uint64_t)q & 0xff) | ((uint64_t)(n % d) & 0xff) << 8);
		return 0;
	}
	set_reg(cpu, X86_RAX, sz, (uint64_t)q);
	set_reg(cpu, X86_RDX, sz, (uint64_t)(n % d));
	return 0;
}

/* Port I/O is allowed at CPL <= IOPL (no I/O permission bitmap). */
static bool io_allowed(struct soft_cpu *cpu)
{
	unsigned iopl = (unsigned)(cpu->slots[X86_SLOT_RFLAGS] & X86_IOPL) >> 12;

	if (x86_cpu(cpu)->cpl <= iopl)
		return true;
	vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
	return false;
}

static uint64_t port_in(struct soft_cpu *cpu, unsigned port, unsigned size)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t v;

	if (!x->pio || as_load(x->pio, port, size, &v))
		return mask_of(size); /* nothing there: the bus floats high */
	return v & mask_of(size);
}

static void port_out(struct soft_cpu *cpu, unsigned port, unsigned size, uint64_t v)
{
	struct x86_cpu *x = x86_cpu(cpu);

	if (!x->pio || as_store(x->pio, port, size, v & mask_of(size)))
		return; /* nothing there: the write is dropped */
}

uint64_t x86_helper_in(struct soft_cpu *cpu, uint64_t port, uint64_t b, uint64_t size)
{
	if (!io_allowed(cpu))
		return 0;
	return port_in(cpu, (unsigned)port, (unsigned)size);
}

uint64_t x86_helper_out(struct soft_cpu *cpu, uint64_t port, uint64_t v, uint64_t size)
{
	if (io_allowed(cpu))
		port_out(cpu, (unsigned)port, (unsigned)size, v);
	return 0;
}

/* One string instruction's decoded operand word (helpers.h) and run state. */
struct str_op {
	unsigned size, rep, asz, len;
	uint64_t src_base;     /* the source segment's base (fs/gs override), else 0 */
	uint64_t dst_base;     /* es's base outside 64-bit mode, else 0 */
	uint64_t amask, lmask; /* address size; linear addresses (32 bits outside 64-bit mode) */
	int64_t step;	       /* +size, or -size with DF */
};

static struct str_op str_decode(struct soft_cpu *cpu, uint64_t opw)
{
	struct str_op s = {.size = opw & 15,
			   .rep = (opw >> 4) & 3,
			   .asz = (opw >> 8) & 15,
			   .len = (opw >> 16) & 15};
	unsigned seg = (opw >> 12) & 15;

	s.amask = mask_of(s.asz);
	s.step = (cpu->slots[X86_SLOT_RFLAGS] & X86_DF) ? -(int64_t)s.size : (int64_t)s.size;
	s.src_base = seg == X86_FS   ? cpu->slots[X86_SLOT_FS_BASE]
		     : seg == X86_GS ? cpu->slots[X86_SLOT_GS_BASE]
				     : 0;
	s.lmask = ~0ull;
	if (x86_code_mode(x86_cpu(cpu)) != X86_MODE_64) { /* every segment's base counts */
		const struct x86_segment *seg_regs = x86_cpu(cpu)->seg;

		s.src_base = seg_regs[seg < X86_NSEGS ? seg : X86_DS].base;
		s.dst_base = seg_regs[X86_ES].base;
		s.lmask = 0xffffffffu;
	}
	return s;
}

static void str_advance(struct soft_cpu *cpu, const struct str_op *s, unsigned reg)
{
	set_reg(cpu, reg, s->asz, cpu->slots[reg] + (uint64_t)s->step);
}

enum str_kind { STR_MOVS, STR_STOS, STR_LODS, STR_CMPS, STR_SCAS, STR_INS, STR_OUTS };

/* One iteration; 0, or -1 with a fault recorded and nothing committed. */
static int str_once(struct soft_cpu *cpu, const struct str_op *s, enum str_kind k)
{
	uint64_t si = (s->src_base + (cpu->slots[X86_RSI] & s->amask)) & s->lmask;
	uint64_t di = (s->dst_base + (cpu->slots[X86_RDI] & s->amask)) & s->lmask, a = 0, b = 0;

	switch (k) {
	case STR_MOVS:
		if (mmu_load(cpu, si, s->size, &a) || mmu_store(cpu, di, s->size, a))
			return -1;
		str_advance(cpu, s, X86_RSI);
		break;
	case STR_STOS:
		if (mmu_store(cpu, di, s->size, cpu->slots[X86_RAX]))
			return -1;
		break;
	case STR_LODS:
		if (mmu_load(cpu, si, s->size, &a))
			return -1;
		set_reg(cpu, X86_RAX, s->size, a);
		str_advance(cpu, s, X86_RSI);
		return 0;
	case STR_CMPS:
	case STR_SCAS:
		if (k == STR_CMPS ? mmu_load(cpu, si, s->size, &a) : (a = cpu->slots[X86_RAX], 0))
			return -1;
		if (mmu_load(cpu, di, s->size, &b))
			return -1;
		a &= mask_of(s->size);
		cpu->slots[X86_SLOT_CC_OP] = X86_CC(X86_CCK_SUB, __builtin_ctz(s->size));
		cpu->slots[X86_SLOT_CC_DST] = (a - b) & mask_of(s->size);
		cpu->slots[X86_SLOT_CC_SRC1] = a;
		cpu->slots[X86_SLOT_CC_SRC2] = b;
		if (k == STR_CMPS)
			str_advance(cpu, s, X86_RSI);
		break;
	case STR_INS:
		if (!io_allowed(cpu))
			return -1;
		a = port_in(cpu, cpu->slots[X86_RDX] & 0xffff, s->size);
		if (mmu_store(cpu, di, s->size, a))
			return -1;
		break;
	case STR_OUTS:
		if (!io_allowed(cpu) || mmu_load(cpu, si, s->size, &a))
			return -1;
		port_out(cpu, cpu->slots[X86_RDX] & 0xffff, s->size, a);
		str_advance(cpu, s, X86_RSI);
		return 0;
	}
	str_advance(cpu, s, X86_RDI);
	return 0;
}

/* n bytes of rep stos: the low size bytes of rax, again and again. */
static void bulk_fill(uint8_t *d, uint64_t rax, unsigned size, uint64_t n)
{
	if (size == 1) {
		memset(d, (int)(rax & 0xff), n);
		return;
	}
	for (uint64_t i = 0; i < n; i += size)
		memcpy(d + i, &rax, size);
}

/* n bytes of rep movs forward: element by element when the destination overlaps the source a
 * little ahead (each element read whole, then written, as the hardware orders them). */
static void bulk_copy(uint8_t *d, const uint8_t *p, unsigned size, uint64_t n)
{
	if (d > p && d < p + n) {
		for (uint64_t i = 0; i < n; i += size)
			memmove(d + i, p + i, size);
		return;
	}
	memmove(d, p, n);
}

/* rep movs / rep stos forward over RAM with a 64-bit address: the run that stays within one
 * page of each operand at once, as memmove or memset (a copy onto its own source a few bytes
 * ahead goes element by element, repeating them as the hardware's element order does). False when
 * the next element needs the one-at-a-time path (MMIO, a fault it will raise, a short run). */
static bool str_bulk(struct soft_cpu *cpu, const struct str_op *s, enum str_kind k, uint64_t cnt)
{
	uint64_t si = s->src_base + cpu->slots[X86_RSI], di = cpu->slots[X86_RDI];
	uint64_t n = cnt * s->size, pd, ps = 0;
	uint8_t *d;

	if (s->step < 0 || s->asz != 8 || cnt > (1ull << 32))
		return false;
	n = n < PAGE_SIZE - (di & ~PAGE_MASK) ? n : PAGE_SIZE - (di & ~PAGE_MASK);
	if (k == STR_MOVS)
		n = n < PAGE_SIZE - (si & ~PAGE_MASK) ? n : PAGE_SIZE - (si & ~PAGE_MASK);
	n -= n % s->size;
	if (n < 2 * s->size)
		return false;
	if (mmu_translate(cpu, di, MMU_WRITE, cpu->mmu_data, &pd) ||
	    (k == STR_MOVS && mmu_translate(cpu, si, MMU_READ, cpu->mmu_data, &ps))) {
		soft_cpu_clear_fault(cpu); /* the element-wise path raises it in order */
		return false;
	}
	d = as_ram_ptr(cpu->as, pd, n);
	if (!d)
		return false;
	if (k == STR_STOS) {
		bulk_fill(d, cpu->slots[X86_RAX], s->size, n);
	} else {
		const uint8_t *p = as_ram_ptr(cpu->as, ps, n);

		if (!p)
			return false;
		bulk_copy(d, p, s->size, n);
	}
	as_note_dma_write(cpu->as, pd, n);
	cpu->slots[X86_RDI] += n;
	if (k == STR_MOVS)
		cpu->slots[X86_RSI] += n;
	cpu->slots[X86_RCX] = cnt - n / s->size;
	return true;
}

static uint64_t str_run(struct soft_cpu *cpu, uint64_t opw, uint64_t next_pc, enum str_kind k)
{
	struct str_op s = str_decode(cpu, opw);
	bool cond = k == STR_CMPS || k == STR_SCAS;

	cpu->pc = next_pc;
	if (!s.rep)
		return (uint64_t)str_once(cpu, &s, k);
	for (unsigned n = 0; n < X86_STR_BATCH; n++) {
		uint64_t cnt = cpu->slots[X86_RCX] & s.amask;

		if (!cnt)
			return 0;
		if ((k == STR_MOVS || k == STR_STOS) && str_bulk(cpu, &s, k, cnt))
			continue;
		if (str_once(cpu, &s, k))
			return 0;
		set_reg(cpu, X86_RCX, s.asz, cnt - 1);
		if (cond && (cpu->slots[X86_SLOT_CC_DST] == 0) != (s.rep == X86_STR_REP))
			return 0;
	}
	if (cpu->slots[X86_RCX] & s.amask)
		cpu->pc = next_pc - s.len; /* more to do: run this instruction again */
	return 0;
}

#define X86_STRING_HELPER(name, kind)                                                              \
	uint64_t x86_helper_##name(struct soft_cpu *cpu, uint64_t opw, uint64_t b,                 \
				   uint64_t next_pc)                                               \
	{                                                                                          \
		return str_run(cpu, opw, next_pc, kind);                                           \
	}
X86_STRING_HELPER(movs, STR_MOVS)
X86_STRING_HELPER(stos, STR_STOS)
X86_STRING_HELPER(lods, STR_LODS)
X86_STRING_HELPER(cmps, STR_CMPS)
X86_STRING_HELPER(scas, STR_SCAS)
X86_STRING_HELPER(ins, STR_INS)
X86_STRING_HELPER(outs, STR_OUTS)
#undef X86_STRING_HELPER

/* Rotate/double-shift imm (alu.c). */
#define ROT_SIZE(imm)  ((unsigned)(imm)&15)
#define ROT_KIND(imm)  (((unsigned)(imm) >> 4) & 15)
#define ROT_FLAGS(imm) (((imm) >> 8) & 1)
#define ROT_CL(imm)    (((imm) >> 9) & 1)
#define ROT_COUNT(imm) ((unsigned)((imm) >> 16) & 0xff)

static unsigned rot_count(struct soft_cpu *cpu, uint64_t imm)
{
	unsigned n = ROT_CL(imm) ? (unsigned)cpu->slots[X86_RCX] & 0xff : ROT_COUNT(imm);

	return n & (ROT_SIZE(imm) == 8 ? 63 : 31);
}

/* Replace CF and OF (and, with szp, SF ZF PF from result) in RFLAGS. */
static void set_cf_of(struct soft_cpu *cpu, bool cf, bool of, bool szp, uint64_t result,
		      unsigned size)
{
	uint64_t f = x86_get_rflags(cpu) & ~(uint64_t)(X86_CF | X86_OF);

	f |= (cf ? X86_CF : 0) | (of ? X86_OF : 0);
	if (szp) {
		f &= ~(uint64_t)(X86_SF | X86_ZF | X86_PF);
		f |= (result & mask_of(size)) == 0 ? X86_ZF : 0;
		f |= (result >> (size * 8 - 1)) & 1 ? X86_SF : 0;
		f |= __builtin_popcount((unsigned)(result & 0xff)) & 1 ? 0 : X86_PF;
	}
	x86_set_rflags(cpu, f);
}

uint64_t x86_helper_rotate(struct soft_cpu *cpu, uint64_t v, uint64_t unused, uint64_t imm)
{
	unsigned size = ROT_SIZE(imm), bits = size * 8, n = rot_count(cpu, imm),
		 kind = ROT_KIND(imm);
	uint64_t m = mask_of(size), r = v & m, cf = x86_arith_flags(cpu) & X86_CF;
	bool of;

	if (n == 0)
		return r;
	if (kind < 2) { /* rol, ror */
		unsigned k = n % bits;

		if (k)
			r = kind == 0 ? ((r << k) | (r >> (bits - k))) & m
				      : ((r >> k) | (r << (bits - k))) & m;
		cf = kind == 0 ? r & 1 : (r >> (bits - 1)) & 1;
		of = kind == 0 ? (((r >> (bits - 1)) & 1) != cf)
			       : (((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1);
	} else { /* rcl, rcr through CF */
		unsigned k = bits < 32 ? n % (bits + 1) : n;

		of = kind == 2 ? false : (((r >> (bits - 1)) & 1) != cf);
		for (unsigned i = 0; i < k; i++) {
			if (kind == 2) {
				uint64_t msb = (r >> (bits - 1)) & 1;

				r = ((r << 1) | cf) & m;
				cf = msb;
			} else {
				uint64_t lsb = r & 1;

				r = (r >> 1) | (cf << (bits - 1));
				cf = lsb;
			}
		}
		if (kind == 2)
			of = ((r >> (bits - 1)) & 1) != cf;
	}
	if (ROT_FLAGS(imm))
		set_cf_of(cpu, cf, of, false, r, size);
	return r;
}

uint64_t x86_helper_shift_double(struct soft_cpu *cpu, uint64_t d, uint64_t s, uint64_t imm)
{
	unsigned size = ROT_SIZE(imm), bits = size * 8, n = rot_count(cpu, imm);
	uint64_t m = mask_of(size), r;
	bool cf;
	unsigned __int128 w;

	d &= m;
	s &= m;
	if (n == 0)
		return d;
	if (ROT_KIND(imm) == 0) { /* shld: dst:src shifted left (by n - 1 first: 128 bits) */
		w = ((unsigned __int128)d << bits | s) << (n - 1);
		cf = (uint64_t)(w >> (bits * 2 - 1)) & 1;
		r = (uint64_t)(w >> (bits - 1)) & m;
	} else { /* shrd: src:dst shifted right */
		w = ((unsigned __int128)s << bits | d) >> (n - 1);
		cf = (uint64_t)w & 1;
		r = (uint64_t)(w >> 1) & m;
	}
	if (ROT_FLAGS(imm))
		set_cf_of(cpu, cf, ((r ^ d) >> (bits - 1)) & 1, true, r, size);
	return r;
}

uint64_t x86_helper_crc32(struct soft_cpu *cpu, uint64_t crc, uint64_t data, uint64_t size)
{
	uint32_t c = (uint32_t)crc;

	for (unsigned i = 0; i < size; i++) {
		c ^= (uint8_t)(data >> (8 * i));
		for (unsigned k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82f63b78u & -(c & 1)); /* CRC-32C, reflected */
	}
	return c;
}

/* enter frame, level (64-bit operand size): every store first, then rbp and rsp. */
uint64_t x86_helper_enter(struct soft_cpu *cpu, uint64_t frame, uint64_t level, uint64_t imm)
{
	uint64_t sp = cpu->slots[X86_RSP] - 8, bp = cpu->slots[X86_RBP], frame_ptr = sp, v;

	if (mmu_store(cpu, sp, 8, bp))
		return 0;
	for (unsigned i = 1; i < level; i++) {
		bp -= 8;
		sp -= 8;
		if (mmu_load(cpu, bp, 8, &v) || mmu_store(cpu, sp, 8, v))
			return 0;
	}
	if (level) {
		sp -= 8;
		if (mmu_store(cpu, sp, 8, frame_ptr))
			return 0;
	}
	cpu->slots[X86_RBP] = frame_ptr;
	cpu->slots[X86_RSP] = sp - frame;
	return 0;
}

uint64_t x86_helper_pushf(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	return x86_get_rflags(cpu) & ~(uint64_t)(X86_RF | X86_VM);
}
