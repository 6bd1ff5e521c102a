/*
 * x87_helpers.c - the x87 and MMX helpers: the instructions of x87_ops.h on the guest's x87
 * state (struct x86_fpu), the control instructions, fwait, the x87 part of fxsave/fxrstor,
 * and the operations of mmx_ops.h on the mm registers (the registers' significands).
 *
 * An H instruction: the helper loads a memory source (its exact size) before anything else,
 * builds the fnsave image of the guest's state with the exception flags clear, has the host
 * run the instruction on it (x87_ops.c), stores a memory result, and only then commits the
 * new state, so a fault leaves the guest's state alone. The guest's FSW gets the new flags
 * ORed into its sticky ones, and ES and B whenever a flag is set that FCW leaves unmasked:
 * that exception is pending, and the next waiting x87 or MMX instruction raises #MF (with
 * CR0.NE; without it the PC's FERR# line is not modelled, the instruction runs). A store
 * whose instruction raised an unmasked invalid, denormal, divide, overflow or underflow
 * exception writes nothing, as on hardware.
 *
 * Pointers as this CPU's family keeps them (CPUID leaf 7 says so): FIP is the last
 * non-control instruction's address; FOP and FDP change only with an unmasked exception;
 * FCS and FDS read 0.
 *
 * Invariants: the abridged tag (ftw) is the state; the full tag of fnsave and fnstenv is
 * computed from the registers; ES and B are recomputed from the flags and masks whenever FCW
 * or FSW is loaded, and a loaded FCW reads bit 6 as 1 and bits 13-15 as 0 (fldcw, fldenv,
 * frstor, fxrstor alike).
 */
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/mmx_ops.h"
#include "arch/x86_64/sse_ops.h"
#include "arch/x86_64/x87_ops.h"
#include "arch/x86_64/x86_decode.h"
#include "mem/mmu.h"

#define FSW_FLAGS	0x7fu /* IE DE ZE OE UE PE SF */
#define FSW_ES		0x80u
#define FSW_B		0x8000u
#define FSW_TOP		0x3800u
#define FCW_MASKS	0x3fu
#define FCW_DEFAULT	0x037fu
#define X87_NOSTORE	0x1fu /* unmasked IE DE ZE OE UE: a memory destination is left alone */
#define X87_ENV_BYTES	28u   /* 32-bit layout */
#define X87_ENV16_BYTES 14u   /* 16-bit layout (66 prefix) */
#define X87_REGS_BYTES	80u

static unsigned fpu_top(const struct x86_fpu *f)
{
	return (f->fsw & FSW_TOP) >> 11;
}

/* FCW as the CPU keeps a loaded value: bit 6 reads as 1, bits 13-15 as 0. */
static uint16_t fcw_value(uint64_t v)
{
	return (uint16_t)((v & 0x1f3fu) | 0x40u);
}

static void fpu_update_es(struct x86_fpu *f)
{
	f->fsw &= (uint16_t) ~(FSW_ES | FSW_B);
	if (f->fsw & ~f->fcw & FCW_MASKS)
		f->fsw |= FSW_ES | FSW_B;
}

/* The full tag of R[i]: 0 valid, 1 zero, 2 special (NaN, infinity, denormal, unsupported), 3
 * empty. */
static unsigned full_tag(const struct x86_fpu *f, unsigned i)
{
	unsigned e = f->sexp[i] & 0x7fffu;

	if (!(f->ftw >> i & 1))
		return 3;
	if (e == 0)
		return f->mant[i] ? 2 : 1;
	return e == 0x7fff || !(f->mant[i] >> 63) ? 2 : 0;
}

uint16_t x86_fpu_tag_word(const struct x86_fpu *f)
{
	uint16_t tw = 0;

	for (unsigned i = 0; i < 8; i++)
		tw |= (uint16_t)(full_tag(f, i) << (2 * i));
	return tw;
}

static void to_image(const struct x86_fpu *f, struct x87_image *img)
{
	unsigned top = fpu_top(f);

	img->cw = 0xffff0000u | f->fcw;
	img->sw = 0xffff0000u | f->fsw;
	img->tw = 0xffff0000u | x86_fpu_tag_word(f);
	img->fip = (uint32_t)f->fip;
	img->fop_cs = (uint32_t)f->fop << 16;
	img->fdp = (uint32_t)f->fdp;
	img->fds = 0xffff0000u;
	for (unsigned k = 0; k < 8; k++) {
		unsigned r = (top + k) & 7;

		memcpy(img->st[k], &f->mant[r], 8);
		memcpy(img->st[k] + 8, &f->sexp[r], 2);
	}
}

/* Control, status and tag words, and the registers if regs. */
static void from_image(struct x86_fpu *f, const struct x87_image *img, bool regs)
{
	unsigned top;

	f->fcw = (uint16_t)img->cw;
	f->fsw = (uint16_t)img->sw;
	top = fpu_top(f);
	f->ftw = 0;
	for (unsigned i = 0; i < 8; i++)
		if ((img->tw >> (2 * i) & 3) != 3)
			f->ftw |= (uint8_t)(1u << i);
	for (unsigned k = 0; regs && k < 8; k++) {
		unsigned r = (top + k) & 7;

		memcpy(&f->mant[r], img->st[k], 8);
		memcpy(&f->sexp[r], img->st[k] + 8, 2);
	}
}

/* Guest memory to or from buf, size bytes in naturally sized pieces; 0 or -1 (fault). */
static int mem_move(struct soft_cpu *cpu, uint64_t a, unsigned size, uint8_t *buf, bool store)
{
	for (unsigned off = 0; off < size;) {
		unsigned left = size - off, n = left >= 8 ? 8 : left >= 4 ? 4 : left >= 2 ? 2 : 1;
		uint64_t v = 0;

		if (store) {
			memcpy(&v, buf + off, n);
			if (mmu_store(cpu, a + off, n, v))
				return -1;
		} else {
			if (mmu_load(cpu, a + off, n, &v))
				return -1;
			memcpy(buf + off, &v, n);
		}
		off += n;
	}
	return 0;
}

bool x86_fpu_pending(struct x86_cpu *x)
{
	if (!(x->fpu.fsw & FSW_ES) || !(x->cr0 & X86_CR0_NE))
		return false;
	vcpu_raise(&x->common, X86_EXC_MF, 0);
	return true;
}

static void x87_host(struct x86_cpu *x, const struct x87_op *e, uint64_t a, uint64_t pc,
		     uint64_t imm)
{
	struct x86_fpu f = x->fpu;
	struct x87_image img;
	unsigned msize = X87_MSIZE(imm), fresh, unmasked;
	uint8_t mem[16] = {0};
	uint64_t fl = x86_get_rflags(&x->common);

	if (msize && !(e->flags & X87_MW) && mem_move(&x->common, a, msize, mem, false))
		return;
	f.fsw &= (uint16_t) ~(FSW_FLAGS | FSW_ES | FSW_B);
	to_image(&f, &img);
	x87_host_run(&img, X87_FOP(imm), mem, &fl);
	from_image(&f, &img, true);
	fresh = f.fsw & FSW_FLAGS;
	f.fsw |= x->fpu.fsw & FSW_FLAGS;
	fpu_update_es(&f);
	unmasked = fresh & ~f.fcw & FCW_MASKS;
	if (msize && (e->flags & X87_MW) && !(unmasked & X87_NOSTORE) &&
	    mem_move(&x->common, a, msize, mem, true))
		return;
	f.fip = pc;
	if (unmasked) {
		f.fop = (uint16_t)X87_FOP(imm);
		f.fdp = msize ? a : 0;
	}
	x->fpu = f;
	if (e->flags & X87_EFL)
		x86_set_rflags(&x->common,
			       (x86_get_rflags(&x->common) & ~(uint64_t)X86_ARITH_FLAGS) |
				   (fl & X86_ARITH_FLAGS));
}

uint64_t x86_helper_x87(struct soft_cpu *cpu, uint64_t a, uint64_t pc, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	const struct x87_op *e = &x86_x87_ops[X87_OP(imm)];

	if (!(e->flags & X87_NOWAIT) && x86_fpu_pending(x))
		return 0;
	if (!e->host)
		return e->fn(x, a, imm);
	x87_host(x, e, a, pc, imm);
	return 0;
}

/* ---- the control instructions ---- */

static uint64_t x87_fninit(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	x->fpu.fcw = FCW_DEFAULT;
	x->fpu.fsw = 0;
	x->fpu.ftw = 0;
	x->fpu.fop = 0;
	x->fpu.fip = x->fpu.fdp = 0;
	return 0;
}

static uint64_t x87_fnclex(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	x->fpu.fsw &= (uint16_t) ~(FSW_FLAGS | FSW_ES | FSW_B);
	return 0;
}

static uint64_t x87_fldcw(struct x86_cpu *x, uint64_t v, uint64_t imm)
{
	x->fpu.fcw = fcw_value(v);
	fpu_update_es(&x->fpu);
	return 0;
}

static uint64_t x87_fnstcw(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	return x->fpu.fcw;
}

static uint64_t x87_fnstsw(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	return x->fpu.fsw;
}

/* The 16-bit layout of a 66-prefixed fnstenv/fldenv/fnsave/frstor: the same words, 16 bits
 * each, FCS and FDS 0, no FOP; the registers follow at byte 14. */
static void pack16(const struct x87_image *img, uint8_t *out)
{
	const uint16_t w[7] = {(uint16_t)img->cw,
			       (uint16_t)img->sw,
			       (uint16_t)img->tw,
			       (uint16_t)img->fip,
			       0,
			       (uint16_t)img->fdp,
			       0};

	memcpy(out, w, sizeof(w));
	memcpy(out + sizeof(w), img->st, sizeof(img->st));
}

static void unpack16(struct x87_image *img, const uint8_t *in)
{
	uint16_t w[7];

	memcpy(w, in, sizeof(w));
	*img = (struct x87_image){.cw = w[0], .sw = w[1], .tw = w[2], .fip = w[3], .fdp = w[5]};
	memcpy(img->st, in + sizeof(w), sizeof(img->st));
}

static unsigned state_bytes(uint64_t imm, bool regs)
{
	return ((imm & X87_O16) ? X87_ENV16_BYTES : X87_ENV_BYTES) + (regs ? X87_REGS_BYTES : 0);
}

/* fnstenv and fnsave: the environment (and registers), then all exceptions masked (fnstenv)
 * or the state as fninit leaves it (fnsave). */
static uint64_t x87_store_state(struct x86_cpu *x, uint64_t a, uint64_t imm, bool regs)
{
	struct x87_image img;
	uint8_t buf[sizeof(img)];

	to_image(&x->fpu, &img);
	if (imm & X87_O16)
		pack16(&img, buf);
	else
		memcpy(buf, &img, sizeof(img));
	if (mem_move(&x->common, a, state_bytes(imm, regs), buf, true))
		return 0;
	if (regs)
		return x87_fninit(x, 0, 0);
	x->fpu.fcw |= FCW_MASKS;
	fpu_update_es(&x->fpu);
	return 0;
}

static uint64_t x87_load_state(struct x86_cpu *x, uint64_t a, uint64_t imm, bool regs)
{
	struct x87_image img;
	uint8_t buf[sizeof(img)] = {0};
	struct x86_fpu f = x->fpu;

	if (mem_move(&x->common, a, state_bytes(imm, regs), buf, false))
		return 0;
	if (imm & X87_O16)
		unpack16(&img, buf);
	else
		memcpy(&img, buf, sizeof(img));
	from_image(&f, &img, regs);
	f.fcw = fcw_value(f.fcw);
	f.fip = img.fip;
	f.fop = (uint16_t)(img.fop_cs >> 16 & 0x7ffu);
	f.fdp = img.fdp;
	fpu_update_es(&f);
	x->fpu = f;
	return 0;
}

static uint64_t x87_fnstenv(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	return x87_store_state(x, a, imm, false);
}

static uint64_t x87_fnsave(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	return x87_store_state(x, a, imm, true);
}

static uint64_t x87_fldenv(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	return x87_load_state(x, a, imm, false);
}

static uint64_t x87_frstor(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	return x87_load_state(x, a, imm, true);
}

/* wait/fwait: #NM with CR0.MP and TS, then a pending exception's #MF. */
static uint64_t x87_wait(struct x86_cpu *x, uint64_t a, uint64_t imm)
{
	if ((x->cr0 & (X86_CR0_MP | X86_CR0_TS)) == (X86_CR0_MP | X86_CR0_TS))
		vcpu_raise(&x->common, X86_EXC_NM, 0);
	else
		x86_fpu_pending(x);
	return 0;
}

#define X87_FN_H(name) NULL
#define X87_FN_C(name) x87_##name
const struct x87_op x86_x87_ops[X86_OP_COUNT] = {
#define X87_ENTRY(name, kind, fl)                                                                  \
	[X86_OP_##name] = {.fn = X87_FN_##kind(name), .flags = (fl), .host = X87_HOST_##kind},
#define X87_HOST_H true
#define X87_HOST_C false
    X86_X87_OPS(X87_ENTRY)
#undef X87_ENTRY
};

/* ---- fxsave/fxrstor: bytes 0-23 (MXCSR aside) and the registers at 32-159 ---- */

void x86_fpu_fxsave(const struct x86_cpu *x, uint64_t *img, bool wide)
{
	const struct x86_fpu *f = &x->fpu;
	unsigned top = fpu_top(f);

	img[0] = f->fcw | (uint64_t)f->fsw << 16 | (uint64_t)f->ftw << 32 | (uint64_t)f->fop << 48;
	img[1] = wide ? f->fip : (uint32_t)f->fip;
	img[2] = wide ? f->fdp : (uint32_t)f->fdp;
	for (unsigned k = 0; k < 8; k++) {
		img[4 + 2 * k] = f->mant[(top + k) & 7];
		img[5 + 2 * k] = f->sexp[(top + k) & 7];
	}
}

void x86_fpu_fxrstor(struct x86_cpu *x, const uint64_t *img, bool wide)
{
	struct x86_fpu *f = &x->fpu;
	unsigned top;

	f->fcw = fcw_value(img[0]);
	f->fsw = (uint16_t)(img[0] >> 16);
	f->ftw = (uint8_t)(img[0] >> 32);
	f->fop = (uint16_t)(img[0] >> 48 & 0x7ffu);
	f->fip = wide ? img[1] : (uint32_t)img[1];
	f->fdp = wide ? img[2] : (uint32_t)img[2];
	top = fpu_top(f);
	for (unsigned k = 0; k < 8; k++) {
		f->mant[(top + k) & 7] = img[4 + 2 * k];
		f->sexp[(top + k) & 7] = (uint16_t)img[5 + 2 * k];
	}
	fpu_update_es(f);
}

void x86_fpu_reset(struct x86_cpu *x)
{
	x87_fninit(x, 0, 0);
}

/* ---- MMX ---- */

/* maskmovq: the bytes of data whose mask byte has its top bit set, to [rdi]. */
static int mmx_maskmov(struct soft_cpu *cpu, uint64_t data, uint64_t mask)
{
	for (unsigned i = 0; i < 8; i++)
		if ((mask >> (8 * i + 7) & 1) &&
		    mmu_store(cpu, cpu->slots[X86_RDI] + i, 1, data >> (8 * i) & 0xff))
			return -1;
	return 0;
}

/* The source: an mm register, an XMM register (both halves), a GPR's value, the immediate or
 * memory (a 16-byte operand must be aligned). Returns 0 or -1 (fault recorded). */
static int mmx_source(struct soft_cpu *cpu, uint64_t a, uint64_t imm, uint64_t s[2])
{
	unsigned n = SSE_SRC(imm), msize = SSE_MSIZE(imm);

	s[0] = s[1] = 0;
	if (imm & MMX_S_MM) {
		s[0] = x86_cpu(cpu)->fpu.mant[n & 7];
	} else if (imm & MMX_S_XMM) {
		s[0] = cpu->slots[X86_SLOT_XMM0 + 2 * n];
		s[1] = cpu->slots[X86_SLOT_XMM0 + 2 * n + 1];
	} else if (imm & MMX_S_GPR) {
		s[0] = a;
	} else if (imm & MMX_S_IMM) {
		s[0] = SSE_IMM8(imm);
	} else if (msize == 16 && (a & 15)) {
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
		return -1;
	} else {
		return mem_move(cpu, a, msize, (uint8_t *)s, false);
	}
	return 0;
}

/* Run the operation on r; an SSE conversion with the guest's MXCSR. 0, or -1 with a fault
 * (an unmasked SIMD exception, maskmovq's store). */
static int mmx_run(struct x86_cpu *x, const struct x86_mmx_op *e, unsigned op,
		   struct x86_mmx_args *r)
{
	if (op == X86_OP_maskmovq)
		return mmx_maskmov(&x->common, r->d[0], r->s[0]);
	r->mxcsr = (x->mxcsr & ~0x3fu) | 0x1f80u;
	e->fn(r);
	return e->sse && x86_sse_exception(x, r->mxcsr & 0x3fu) ? -1 : 0;
}

/* The result: to an mm register (sign and exponent all ones), both halves of an XMM register,
 * or out (memory, or returned for a GPR). */
static void mmx_result(struct x86_cpu *x, uint64_t imm, const struct x86_mmx_args *r)
{
	unsigned dst = SSE_DST(imm);

	if (imm & MMX_D_MM) {
		x->fpu.mant[dst & 7] = r->d[0];
		x->fpu.sexp[dst & 7] = 0xffff;
	} else if (imm & MMX_D_XMM) {
		x->common.slots[X86_SLOT_XMM0 + 2 * dst] = r->d[0];
		x->common.slots[X86_SLOT_XMM0 + 2 * dst + 1] = r->d[1];
	}
}

uint64_t x86_helper_mmx(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	struct x86_mmx_args r = {.imm = (uint8_t)SSE_IMM8(imm)};
	unsigned op = SSE_OP(imm), dst = SSE_DST(imm);
	bool mmx = (imm & (MMX_S_MM | MMX_D_MM)) || op == X86_OP_maskmovq;

	if ((mmx || op == X86_OP_emms) && x86_fpu_pending(x))
		return 0;
	if (op == X86_OP_emms) {
		x->fpu.ftw = 0;
		return 0;
	}
	if (mmx_source(cpu, a, imm, r.s))
		return 0;
	if (imm & MMX_D_XMM) {
		r.d[0] = cpu->slots[X86_SLOT_XMM0 + 2 * dst];
		r.d[1] = cpu->slots[X86_SLOT_XMM0 + 2 * dst + 1];
	} else {
		r.d[0] = x->fpu.mant[dst & 7];
	}
	if (mmx_run(x, &x86_mmx_ops[op], op, &r))
		return 0;
	if (!(imm & (MMX_D_MM | MMX_D_XMM)) && SSE_MSIZE(imm) &&
	    mem_move(cpu, a, SSE_MSIZE(imm), (uint8_t *)r.d, true))
		return 0;
	if (mmx) {
		x->fpu.fsw &= (uint16_t)~FSW_TOP;
		x->fpu.ftw = 0xff;
	}
	mmx_result(x, imm, &r);
	return r.d[0];
}
