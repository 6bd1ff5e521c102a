/*
 * fpu.c - riscv64 F and D arithmetic: one helper per OP-FP instruction (add,
 * sub, mul, div, sqrt, sign injection, min/max, compares, conversions, moves,
 * classify) and per fused multiply-add, generated from RV64_FP_HELPERS
 * (helpers.h), computing exactly what the RISC-V unprivileged spec (F and D
 * chapters) defines. A helper gets its operands decoded: the source registers'
 * values as a and b (rs3 and the rounding mode in the operand word) and
 * returns the result for rd; it never looks at the encoding.
 *
 * How results are computed:
 *  - add, sub, mul, div and sqrt in RNE/RTZ/RDN/RUP run on the host SSE unit.
 *    One inline-asm block loads MXCSR (all exceptions masked, rounding control
 *    from rm, flags clear, no FTZ/DAZ), does the operation, stores MXCSR to
 *    read the flags and restores the host's MXCSR, so the compiler can neither
 *    fold nor move the operation away from its rounding mode. SSE detects
 *    tininess after rounding and raises underflow only when the result is also
 *    inexact (masked underflow), which is what RISC-V requires.
 *  - RMM (ties to max magnitude) has no host mode. Its flags always equal the
 *    RNE flags, and its result differs from RNE only on an exact tie. add, sub
 *    and mul are computed exactly in integers (the fused multiply-add below, as
 *    a*1+b and a*b+(-0)); sqrt can never be a tie (a midpoint squared needs
 *    more bits than an operand has), so RNE is RMM there; a quotient can be a
 *    tie only when it is subnormal, which is checked exactly (a == b * mid).
 *  - fused multiply-adds, all conversions and all conversions' rounding use
 *    exact integer arithmetic and one rounding routine (round_pack) for every
 *    mode, so no libm or compiler rounding is involved.
 *
 * Invariants: singles read from f registers must be NaN-boxed (else they read
 * as the canonical NaN) and are written NaN-boxed; every NaN result of an
 * arithmetic operation is the canonical NaN; a reserved dynamic rounding mode
 * (frm) raises illegal instruction and changes no state (translate.c raises
 * the reserved static modes, illegal encodings and FP-disabled blocks); any
 * instruction that executes accrues its flags into fflags and marks
 * mstatus.FS Dirty.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "arch/riscv64/cpu.h"
#include "arch/riscv64/fpu.h"

#if !defined(__x86_64__)
#error "fpu.c computes with the x86-64 SSE unit"
#endif

#define NANBOX_HIGH 0xffffffff00000000ull

typedef unsigned __int128 u128;

/* An IEEE binary interchange format. */
struct fp_fmt {
	unsigned mbits; /* stored significand bits */
	unsigned ebits; /* exponent bits */
	int bias;
	uint64_t canonical_nan;
	bool single;
};

static const struct fp_fmt fmt_single = {
    .mbits = 23, .ebits = 8, .bias = 127, .canonical_nan = 0x7fc00000ull, .single = true};
static const struct fp_fmt fmt_double = {
    .mbits = 52, .ebits = 11, .bias = 1023, .canonical_nan = 0x7ff8000000000000ull};

enum fp_class { FPC_ZERO, FPC_SUBNORMAL, FPC_NORMAL, FPC_INF, FPC_QNAN, FPC_SNAN };

/* A finite value's magnitude sig * 2^exp (sig includes the implicit bit); fp_sign has the
 * sign. */
struct fp_unpacked {
	int exp;
	uint64_t sig;
};

enum host_op { HOST_ADD, HOST_SUB, HOST_MUL, HOST_DIV, HOST_SQRT };

static inline uint64_t fmt_sign_bit(const struct fp_fmt *f)
{
	return 1ull << (f->mbits + f->ebits);
}

static inline uint64_t fmt_mant_mask(const struct fp_fmt *f)
{
	return (1ull << f->mbits) - 1;
}

static inline unsigned fmt_exp_all_ones(const struct fp_fmt *f)
{
	return (1u << f->ebits) - 1;
}

static inline uint64_t fmt_inf(const struct fp_fmt *f)
{
	return (uint64_t)fmt_exp_all_ones(f) << f->mbits;
}

static inline uint64_t fmt_one(const struct fp_fmt *f)
{
	return (uint64_t)f->bias << f->mbits;
}

static inline bool fp_sign(const struct fp_fmt *f, uint64_t v)
{
	return (v & fmt_sign_bit(f)) != 0;
}

static inline uint64_t fp_magnitude(const struct fp_fmt *f, uint64_t v)
{
	return v & (fmt_sign_bit(f) - 1);
}

static inline uint64_t fp_with_sign(const struct fp_fmt *f, uint64_t v, bool sign)
{
	return fp_magnitude(f, v) | (sign ? fmt_sign_bit(f) : 0);
}

static enum fp_class fp_classify(const struct fp_fmt *f, uint64_t v)
{
	unsigned e = (unsigned)(v >> f->mbits) & fmt_exp_all_ones(f);
	uint64_t m = v & fmt_mant_mask(f);

	if (e == fmt_exp_all_ones(f)) {
		if (m == 0)
			return FPC_INF;
		return (m >> (f->mbits - 1)) & 1 ? FPC_QNAN : FPC_SNAN;
	}
	if (e == 0)
		return m == 0 ? FPC_ZERO : FPC_SUBNORMAL;
	return FPC_NORMAL;
}

static inline bool fpc_is_nan(enum fp_class c)
{
	return c == FPC_QNAN || c == FPC_SNAN;
}

static struct fp_unpacked fp_unpack(const struct fp_fmt *f, uint64_t v)
{
	unsigned e = (unsigned)(v >> f->mbits) & fmt_exp_all_ones(f);
	struct fp_unpacked u = {.sig = v & fmt_mant_mask(f)};

	if (e == 0) {
		u.exp = 1 - f->bias - (int)f->mbits;
	} else {
		u.sig |= 1ull << f->mbits;
		u.exp = (int)e - f->bias - (int)f->mbits;
	}
	return u;
}

static inline unsigned clz128(u128 x)
{
	uint64_t hi = (uint64_t)(x >> 64);

	return hi ? (unsigned)__builtin_clzll(hi) : 64 + (unsigned)__builtin_clzll((uint64_t)x);
}

static inline unsigned ctz128(u128 x)
{
	uint64_t lo = (uint64_t)x;

	return lo ? (unsigned)__builtin_ctzll(lo)
		  : 64 + (unsigned)__builtin_ctzll((uint64_t)(x >> 64));
}

/* x >> n, with bit 0 set if any 1 bit was shifted out ("jamming"). */
static u128 shift_right_jam128(u128 x, unsigned n)
{
	if (n == 0)
		return x;
	if (n >= 128)
		return x != 0;
	return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

/*
 * sig >> shift rounded per rm for a value of the given sign (shift >= 1, any
 * size). *inexact tells whether any 1 bit was dropped.
 */
static uint64_t round_shift(uint64_t sig, unsigned shift, unsigned rm, bool sign, bool *inexact)
{
	uint64_t q, rem, half;
	bool increment, above, tie;

	if (shift > 64) {
		q = 0;
		rem = sig;
		half = 0; /* the true half is 2^(shift-1) > sig: below half */
	} else if (shift == 64) {
		q = 0;
		rem = sig;
		half = 1ull << 63;
	} else {
		q = sig >> shift;
		rem = sig & ((1ull << shift) - 1);
		half = 1ull << (shift - 1);
	}
	*inexact = rem != 0;
	above = half != 0 && rem > half;
	tie = half != 0 && rem == half;
	switch (rm) {
	case RV_RM_RNE:
		increment = above || (tie && (q & 1));
		break;
	case RV_RM_RDN:
		increment = *inexact && sign;
		break;
	case RV_RM_RUP:
		increment = *inexact && !sign;
		break;
	case RV_RM_RMM:
		increment = above || tie;
		break;
	default: /* RTZ */
		increment = false;
		break;
	}
	return q + increment;
}

static uint64_t overflow_result(const struct fp_fmt *f, bool sign, unsigned rm, uint32_t *flags)
{
	bool to_inf;

	*flags |= RV_FFLAG_OF | RV_FFLAG_NX;
	switch (rm) {
	case RV_RM_RTZ:
		to_inf = false;
		break;
	case RV_RM_RDN:
		to_inf = sign;
		break;
	case RV_RM_RUP:
		to_inf = !sign;
		break;
	default:
		to_inf = true;
		break;
	}
	return (sign ? fmt_sign_bit(f) : 0) | (to_inf ? fmt_inf(f) : fmt_inf(f) - 1);
}

/*
 * Round the nonzero value sig * 2^exp (bit 0 of sig may be a sticky bit, as
 * long as at least two bits lie between it and the rounding position) to
 * format f. Tininess is detected after rounding, as RISC-V specifies.
 */
static uint64_t round_pack(const struct fp_fmt *f, bool sign, int exp, uint64_t sig, unsigned rm,
			   uint32_t *flags)
{
	unsigned prec = f->mbits + 1;
	int emin = 1 - f->bias;
	unsigned lz = (unsigned)__builtin_clzll(sig);
	uint64_t sign_bit = sign ? fmt_sign_bit(f) : 0;
	bool inexact, tiny = true;
	uint64_t q;
	int e;

	sig <<= lz;
	e = exp - (int)lz + 63; /* value = 1.xxx * 2^e */
	if (e >= emin) {
		q = round_shift(sig, 64 - prec, rm, sign, &inexact);
		if (q >> prec) {
			q >>= 1;
			e++;
		}
		if (e > f->bias)
			return overflow_result(f, sign, rm, flags);
		if (inexact)
			*flags |= RV_FFLAG_NX;
		return sign_bit | ((uint64_t)(e + f->bias) << f->mbits) | (q & fmt_mant_mask(f));
	}
	if (e == emin - 1) {
		q = round_shift(sig, 64 - prec, rm, sign, &inexact);
		tiny = (q >> prec) == 0;
	}
	q = round_shift(sig, 64 - prec + (unsigned)(emin - e), rm, sign, &inexact);
	if (inexact)
		*flags |= tiny ? RV_FFLAG_NX | RV_FFLAG_UF : RV_FFLAG_NX;
	/* q == 2^mbits carries into the exponent field: the smallest normal. */
	return sign_bit | q;
}

/* round_pack for a 128-bit significand: jam it down to 64 bits first. */
static uint64_t round_pack128(const struct fp_fmt *f, bool sign, int exp, u128 sig, unsigned rm,
			      uint32_t *flags)
{
	unsigned len = 128 - clz128(sig);

	if (len > 64) {
		sig = shift_right_jam128(sig, len - 64);
		exp += (int)(len - 64);
	}
	return round_pack(f, sign, exp, (uint64_t)sig, rm, flags);
}

static uint64_t signed_zero(const struct fp_fmt *f, bool sign)
{
	return sign ? fmt_sign_bit(f) : 0;
}

/*
 * (+-a*b) + (+-c) with one rounding, exactly. The product (at most 106 bits)
 * and the addend are both left-aligned at bit 125, the one with the smaller
 * exponent is shifted right with jamming, then added or subtracted. The
 * unshifted operand has zeros in its low bits, so a jammed result is odd,
 * which keeps round_pack's classification exact.
 */
static uint64_t soft_fma(const struct fp_fmt *f, uint64_t a, uint64_t b, uint64_t c,
			 bool negate_product, bool negate_addend, unsigned rm, uint32_t *flags)
{
	enum fp_class ca = fp_classify(f, a), cb = fp_classify(f, b), cc = fp_classify(f, c);
	bool inf_times_zero =
	    (ca == FPC_INF && cb == FPC_ZERO) || (ca == FPC_ZERO && cb == FPC_INF);
	bool sp = fp_sign(f, a) ^ fp_sign(f, b) ^ negate_product;
	bool sc = fp_sign(f, c) ^ negate_addend;
	struct fp_unpacked ua, ub, uc;
	u128 mp, mc, sum;
	int ep, ec;
	unsigned shift;

	if (ca == FPC_SNAN || cb == FPC_SNAN || cc == FPC_SNAN || inf_times_zero)
		*flags |= RV_FFLAG_NV;
	if (fpc_is_nan(ca) || fpc_is_nan(cb) || fpc_is_nan(cc) || inf_times_zero)
		return f->canonical_nan;
	if (ca == FPC_INF || cb == FPC_INF) {
		if (cc == FPC_INF && sc != sp) {
			*flags |= RV_FFLAG_NV;
			return f->canonical_nan;
		}
		return signed_zero(f, sp) | fmt_inf(f);
	}
	if (cc == FPC_INF)
		return signed_zero(f, sc) | fmt_inf(f);
	if (ca == FPC_ZERO || cb == FPC_ZERO) {
		if (cc == FPC_ZERO)
			return signed_zero(f, sp == sc ? sp : rm == RV_RM_RDN);
		return fp_with_sign(f, c, sc);
	}

	ua = fp_unpack(f, a);
	ub = fp_unpack(f, b);
	mp = (u128)ua.sig * ub.sig;
	ep = ua.exp + ub.exp;
	if (cc == FPC_ZERO)
		return round_pack128(f, sp, ep, mp, rm, flags);

	uc = fp_unpack(f, c);
	mc = uc.sig;
	ec = uc.exp;
	shift = clz128(mp) - 2;
	mp <<= shift;
	ep -= (int)shift;
	shift = clz128(mc) - 2;
	mc <<= shift;
	ec -= (int)shift;
	if (ec > ep || (ec == ep && mc > mp)) {
		u128 tm = mp;
		int te = ep;
		bool ts = sp;

		mp = mc;
		ep = ec;
		sp = sc;
		mc = tm;
		ec = te;
		sc = ts;
	}
	mc = shift_right_jam128(mc, (unsigned)(ep - ec) > 200 ? 200 : (unsigned)(ep - ec));
	sum = sp == sc ? mp + mc : mp - mc;
	if (sum == 0)
		return signed_zero(f, rm == RV_RM_RDN);
	return round_pack128(f, sp, ep, sum, rm, flags);
}

static inline uint32_t mxcsr_read(void)
{
	uint32_t v;

	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

static uint32_t flags_from_mxcsr(uint32_t status)
{
	uint32_t flags = 0;

	if (status & 0x01) /* IE */
		flags |= RV_FFLAG_NV;
	if (status & 0x04) /* ZE */
		flags |= RV_FFLAG_DZ;
	if (status & 0x08) /* OE */
		flags |= RV_FFLAG_OF;
	if (status & 0x10) /* UE */
		flags |= RV_FFLAG_UF;
	if (status & 0x20) /* PE */
		flags |= RV_FFLAG_NX;
	return flags;
}

/*
 * One SSE instruction under a given MXCSR: "ldmxcsr ctl; insn y, x; stmxcsr
 * status; ldmxcsr saved" in a single asm statement, so nothing can be
 * scheduled between the mode switch and the operation.
 */
#define SSE_OP(insn, x, y, ctl, saved, status)                                                     \
	__asm__ volatile("ldmxcsr %[c]\n\t" insn " %[b], %[a]\n\t"                                 \
			 "stmxcsr %[s]\n\t"                                                        \
			 "ldmxcsr %[r]"                                                            \
			 : [a] "+x"(x), [s] "=m"(status)                                           \
			 : [b] "x"(y), [c] "m"(ctl), [r] "m"(saved))

/* MXCSR: every exception masked, no FTZ/DAZ, flags clear, rounding from rm. */
static uint32_t mxcsr_for_rm(unsigned rm)
{
	static const uint32_t rounding_control[] = {
	    [RV_RM_RNE] = 0, [RV_RM_RTZ] = 3, [RV_RM_RDN] = 1, [RV_RM_RUP] = 2};

	return 0x1f80u | rounding_control[rm] << 13;
}

static uint64_t host_single(enum host_op op, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
	uint32_t ctl = mxcsr_for_rm(rm), saved = mxcsr_read(), status = 0;
	uint32_t abits = (uint32_t)a, bbits = (uint32_t)b, rbits;
	float x, y;

	memcpy(&x, &abits, sizeof(x));
	memcpy(&y, &bbits, sizeof(y));
	switch (op) {
	case HOST_ADD:
		SSE_OP("addss", x, y, ctl, saved, status);
		break;
	case HOST_SUB:
		SSE_OP("subss", x, y, ctl, saved, status);
		break;
	case HOST_MUL:
		SSE_OP("mulss", x, y, ctl, saved, status);
		break;
	case HOST_DIV:
		SSE_OP("divss", x, y, ctl, saved, status);
		break;
	case HOST_SQRT:
		y = x;
		SSE_OP("sqrtss", x, y, ctl, saved, status);
		break;
	}
	*flags |= flags_from_mxcsr(status);
	memcpy(&rbits, &x, sizeof(rbits));
	return rbits;
}

static uint64_t host_double(enum host_op op, uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
	uint32_t ctl = mxcsr_for_rm(rm), saved = mxcsr_read(), status = 0;
	uint64_t rbits;
	double x, y;

	memcpy(&x, &a, sizeof(x));
	memcpy(&y, &b, sizeof(y));
	switch (op) {
	case HOST_ADD:
		SSE_OP("addsd", x, y, ctl, saved, status);
		break;
	case HOST_SUB:
		SSE_OP("subsd", x, y, ctl, saved, status);
		break;
	case HOST_MUL:
		SSE_OP("mulsd", x, y, ctl, saved, status);
		break;
	case HOST_DIV:
		SSE_OP("divsd", x, y, ctl, saved, status);
		break;
	case HOST_SQRT:
		y = x;
		SSE_OP("sqrtsd", x, y, ctl, saved, status);
		break;
	}
	*flags |= flags_from_mxcsr(status);
	memcpy(&rbits, &x, sizeof(rbits));
	return rbits;
}

/* Host operation in a host rounding mode; NaN results become canonical. */
static uint64_t host_arith(const struct fp_fmt *f, enum host_op op, uint64_t a, uint64_t b,
			   unsigned rm, uint32_t *flags)
{
	uint64_t r =
	    f->single ? host_single(op, a, b, rm, flags) : host_double(op, a, b, rm, flags);

	return fpc_is_nan(fp_classify(f, r)) ? f->canonical_nan : r;
}

/*
 * Is the exact quotient |a / b| the midpoint between the subnormal (or zero)
 * RNE result r and the next value away from zero? True iff |a| == |b| * mid.
 */
static bool quotient_is_subnormal_tie(const struct fp_fmt *f, uint64_t a, uint64_t b, uint64_t r)
{
	struct fp_unpacked ua = fp_unpack(f, a), ub = fp_unpack(f, b);
	uint64_t mid_sig = ((r & fmt_mant_mask(f)) << 1) | 1;
	int mid_exp = -f->bias - (int)f->mbits; /* half the smallest subnormal */
	u128 prod = (u128)ub.sig * mid_sig, num = ua.sig;
	int prod_exp = ub.exp + mid_exp, num_exp = ua.exp;
	unsigned tz;

	tz = ctz128(prod);
	prod >>= tz;
	prod_exp += (int)tz;
	tz = ctz128(num);
	num >>= tz;
	num_exp += (int)tz;
	return prod == num && prod_exp == num_exp;
}

/* add/sub/mul/div/sqrt under any of the five rounding modes. */
static uint64_t fp_arith(const struct fp_fmt *f, enum host_op op, uint64_t a, uint64_t b,
			 unsigned rm, uint32_t *flags)
{
	uint32_t op_flags = 0;
	uint64_t r;

	if (rm != RV_RM_RMM)
		return host_arith(f, op, a, b, rm, flags);
	switch (op) {
	case HOST_ADD:
		return soft_fma(f, a, fmt_one(f), b, false, false, rm, flags);
	case HOST_SUB:
		return soft_fma(f, a, fmt_one(f), b, false, true, rm, flags);
	case HOST_MUL:
		return soft_fma(f, a, b, fmt_sign_bit(f), false, false, rm, flags);
	case HOST_DIV:
		r = host_arith(f, op, a, b, RV_RM_RNE, &op_flags);
		*flags |= op_flags;
		if ((op_flags & RV_FFLAG_NX) && !(op_flags & RV_FFLAG_OF) &&
		    (r & fmt_inf(f)) == 0 && quotient_is_subnormal_tie(f, a, b, r))
			r++;
		return r;
	case HOST_SQRT:
		break;
	}
	return host_arith(f, op, a, b, RV_RM_RNE, flags);
}

/* S <-> D conversion. */
static uint64_t fp_convert(const struct fp_fmt *to, const struct fp_fmt *from, uint64_t v,
			   unsigned rm, uint32_t *flags)
{
	enum fp_class c = fp_classify(from, v);
	bool sign = fp_sign(from, v);
	struct fp_unpacked u;

	if (c == FPC_SNAN)
		*flags |= RV_FFLAG_NV;
	if (fpc_is_nan(c))
		return to->canonical_nan;
	if (c == FPC_INF)
		return signed_zero(to, sign) | fmt_inf(to);
	if (c == FPC_ZERO)
		return signed_zero(to, sign);
	u = fp_unpack(from, v);
	return round_pack(to, sign, u.exp, u.sig, rm, flags);
}

/*
 * Float to a bits-wide integer (32 or 64), saturating as the spec's table
 * says: NaN and too large positive give the maximum, too large negative the
 * minimum, with NV alone; otherwise NX when inexact. 32-bit results are
 * sign-extended to 64 bits, the unsigned ones too.
 */
static uint64_t fp_to_int(const struct fp_fmt *f, uint64_t v, bool is_signed, unsigned bits,
			  unsigned rm, uint32_t *flags)
{
	uint64_t max_pos = is_signed ? (1ull << (bits - 1)) - 1 : ~0ull >> (64 - bits);
	uint64_t min_neg_mag = is_signed ? 1ull << (bits - 1) : 0;
	enum fp_class c = fp_classify(f, v);
	bool sign = fp_sign(f, v), inexact = false, in_range = false;
	uint64_t mag = 0, result;

	if (c == FPC_ZERO)
		return 0;
	if (c != FPC_INF && !fpc_is_nan(c)) {
		struct fp_unpacked u = fp_unpack(f, v);

		if (u.exp < 0) {
			mag = round_shift(u.sig, (unsigned)-u.exp, rm, sign, &inexact);
			in_range = true;
		} else if (u.exp < 64 && u.exp <= __builtin_clzll(u.sig)) { /* no bit shifted out */
			mag = u.sig << u.exp;
			in_range = true;
		}
		in_range = in_range && (sign ? mag <= min_neg_mag : mag <= max_pos);
	}
	if (in_range) {
		if (inexact)
			*flags |= RV_FFLAG_NX;
		result = sign ? -mag : mag;
	} else {
		*flags |= RV_FFLAG_NV;
		result = sign && !fpc_is_nan(c) ? -min_neg_mag : max_pos;
	}
	return bits == 32 ? (uint64_t)(int64_t)(int32_t)(uint32_t)result : result;
}

/* A bits-wide integer (low bits of x) to float. */
static uint64_t int_to_fp(const struct fp_fmt *f, uint64_t x, bool is_signed, unsigned bits,
			  unsigned rm, uint32_t *flags)
{
	bool sign;

	if (bits == 32)
		x = is_signed ? (uint64_t)(int64_t)(int32_t)(uint32_t)x : (uint32_t)x;
	sign = is_signed && (int64_t)x < 0;
	if (sign)
		x = -x;
	if (x == 0)
		return 0;
	return round_pack(f, sign, 0, x, rm, flags);
}

/* a < b for non-NaN values, with -0 < +0. */
static bool fp_less_total(const struct fp_fmt *f, uint64_t a, uint64_t b)
{
	bool sa = fp_sign(f, a), sb = fp_sign(f, b);
	uint64_t ma = fp_magnitude(f, a), mb = fp_magnitude(f, b);

	if (sa != sb)
		return sa;
	return sa ? ma > mb : ma < mb;
}

/* FEQ (funct3 2), FLT (1), FLE (0). */
static uint64_t fp_compare(const struct fp_fmt *f, unsigned funct3, uint64_t a, uint64_t b,
			   uint32_t *flags)
{
	enum fp_class ca = fp_classify(f, a), cb = fp_classify(f, b);
	bool both_zero = ca == FPC_ZERO && cb == FPC_ZERO;

	if (fpc_is_nan(ca) || fpc_is_nan(cb)) {
		if (funct3 != 2 || ca == FPC_SNAN || cb == FPC_SNAN)
			*flags |= RV_FFLAG_NV;
		return 0;
	}
	switch (funct3) {
	case 2:
		return a == b || both_zero;
	case 1:
		return !both_zero && fp_less_total(f, a, b);
	default:
		return a == b || both_zero || fp_less_total(f, a, b);
	}
}

/* FMIN (is_max false) / FMAX: IEEE 754-2019 minimumNumber/maximumNumber. */
static uint64_t fp_minmax(const struct fp_fmt *f, bool is_max, uint64_t a, uint64_t b,
			  uint32_t *flags)
{
	enum fp_class ca = fp_classify(f, a), cb = fp_classify(f, b);

	if (ca == FPC_SNAN || cb == FPC_SNAN)
		*flags |= RV_FFLAG_NV;
	if (fpc_is_nan(ca) && fpc_is_nan(cb))
		return f->canonical_nan;
	if (fpc_is_nan(ca))
		return b;
	if (fpc_is_nan(cb))
		return a;
	return fp_less_total(f, a, b) != is_max ? a : b;
}

static uint64_t fp_class_mask(const struct fp_fmt *f, uint64_t v)
{
	bool neg = fp_sign(f, v);

	switch (fp_classify(f, v)) {
	case FPC_INF:
		return neg ? 1u << 0 : 1u << 7;
	case FPC_NORMAL:
		return neg ? 1u << 1 : 1u << 6;
	case FPC_SUBNORMAL:
		return neg ? 1u << 2 : 1u << 5;
	case FPC_ZERO:
		return neg ? 1u << 3 : 1u << 4;
	case FPC_SNAN:
		return 1u << 8;
	case FPC_QNAN:
		break;
	}
	return 1u << 9;
}

static uint64_t fp_sign_inject(const struct fp_fmt *f, unsigned funct3, uint64_t a, uint64_t b)
{
	uint64_t sign_bit = fmt_sign_bit(f);

	switch (funct3) {
	case 0:
		return (a & ~sign_bit) | (b & sign_bit);
	case 1:
		return (a & ~sign_bit) | (~b & sign_bit);
	default:
		return a ^ (b & sign_bit);
	}
}

/* A single read from an f register must be NaN-boxed, else it reads as the canonical NaN. */
static inline uint64_t fp_unbox(const struct fp_fmt *f, uint64_t v)
{
	if (!f->single)
		return v;
	return (v & NANBOX_HIGH) == NANBOX_HIGH ? (uint32_t)v : fmt_single.canonical_nan;
}

static inline uint64_t fp_box(const struct fp_fmt *f, uint64_t v)
{
	return f->single ? NANBOX_HIGH | (uint32_t)v : v;
}

void rv64_fp_set_dirty(struct rv64_cpu *rv)
{
	rv->mstatus |= RV_MSTATUS_FS_DIRTY | RV_MSTATUS_SD;
}

/* The rounding mode of the operand word, frm if it says dynamic; -1 with illegal-instruction
 * raised if frm holds a reserved mode (translation already raised a reserved static mode). */
static inline int fp_rm(struct soft_cpu *cpu, uint64_t opw)
{
	unsigned rm = rv64_opw_rm(opw);

	if (rm == RV_RM_DYN) {
		rm = rv64_cpu(cpu)->frm;
		if (rm > RV_RM_RMM) {
			vcpu_raise(cpu, RV_EXC_ILLEGAL, rv64_opw_raw(opw));
			return -1;
		}
	}
	return (int)rm;
}

/* The instruction executed: accrue its flags, mark the FP state Dirty, return its result. */
static inline uint64_t fp_done(struct soft_cpu *cpu, uint32_t flags, uint64_t r)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);

	rv->fflags |= flags;
	rv64_fp_set_dirty(rv);
	return r;
}

static inline uint64_t h_arith(struct soft_cpu *cpu, const struct fp_fmt *f, enum host_op op,
			       uint64_t a, uint64_t b, uint64_t opw)
{
	int rm = fp_rm(cpu, opw);
	uint32_t flags = 0;
	uint64_t r;

	if (rm < 0)
		return 0;
	r = fp_arith(f, op, fp_unbox(f, a), fp_unbox(f, b), (unsigned)rm, &flags);
	return fp_done(cpu, flags, fp_box(f, r));
}

static inline uint64_t h_fma(struct soft_cpu *cpu, const struct fp_fmt *f, bool negate_product,
			     bool negate_addend, uint64_t a, uint64_t b, uint64_t opw)
{
	uint64_t c = fp_unbox(f, cpu->slots[RV_SLOT_F(rv64_opw_rs3(opw))]);
	int rm = fp_rm(cpu, opw);
	uint32_t flags = 0;
	uint64_t r;

	if (rm < 0)
		return 0;
	r = soft_fma(f, fp_unbox(f, a), fp_unbox(f, b), c, negate_product, negate_addend,
		     (unsigned)rm, &flags);
	return fp_done(cpu, flags, fp_box(f, r));
}

static inline uint64_t h_sgnj(struct soft_cpu *cpu, const struct fp_fmt *f, unsigned mode,
			      uint64_t a, uint64_t b)
{
	return fp_done(cpu, 0, fp_box(f, fp_sign_inject(f, mode, fp_unbox(f, a), fp_unbox(f, b))));
}

static inline uint64_t h_minmax(struct soft_cpu *cpu, const struct fp_fmt *f, bool is_max,
				uint64_t a, uint64_t b)
{
	uint32_t flags = 0;
	uint64_t r = fp_minmax(f, is_max, fp_unbox(f, a), fp_unbox(f, b), &flags);

	return fp_done(cpu, flags, fp_box(f, r));
}

static inline uint64_t h_cmp(struct soft_cpu *cpu, const struct fp_fmt *f, unsigned which,
			     uint64_t a, uint64_t b)
{
	uint32_t flags = 0;
	uint64_t r = fp_compare(f, which, fp_unbox(f, a), fp_unbox(f, b), &flags);

	return fp_done(cpu, flags, r);
}

static inline uint64_t h_f2i(struct soft_cpu *cpu, const struct fp_fmt *f, bool is_signed,
			     unsigned bits, uint64_t a, uint64_t opw)
{
	int rm = fp_rm(cpu, opw);
	uint32_t flags = 0;
	uint64_t r;

	if (rm < 0)
		return 0;
	r = fp_to_int(f, fp_unbox(f, a), is_signed, bits, (unsigned)rm, &flags);
	return fp_done(cpu, flags, r);
}

static inline uint64_t h_i2f(struct soft_cpu *cpu, const struct fp_fmt *f, bool is_signed,
			     unsigned bits, uint64_t a, uint64_t opw)
{
	int rm = fp_rm(cpu, opw);
	uint32_t flags = 0;
	uint64_t r;

	if (rm < 0)
		return 0;
	r = int_to_fp(f, a, is_signed, bits, (unsigned)rm, &flags);
	return fp_done(cpu, flags, fp_box(f, r));
}

/* S <-> D. */
static inline uint64_t h_ff(struct soft_cpu *cpu, const struct fp_fmt *to,
			    const struct fp_fmt *from, uint64_t a, uint64_t opw)
{
	int rm = fp_rm(cpu, opw);
	uint32_t flags = 0;
	uint64_t r;

	if (rm < 0)
		return 0;
	r = fp_convert(to, from, fp_unbox(from, a), (unsigned)rm, &flags);
	return fp_done(cpu, flags, fp_box(to, r));
}

/* One helper per F/D instruction, from RV64_FP_HELPERS: a = f rs1 (x rs1 for the conversions
 * and moves from an integer), b = f rs2, the result goes to dst. */
#define FMT_S			  (&fmt_single)
#define FMT_D			  (&fmt_double)
#define FP_BODY_ARITH(op, p2, f)  h_arith(cpu, f, HOST_##op, a, b, opw)
#define FP_BODY_FMA(np, na, f)	  h_fma(cpu, f, np, na, a, b, opw)
#define FP_BODY_SGNJ(mode, p2, f) h_sgnj(cpu, f, mode, a, b)
#define FP_BODY_MINMAX(mx, p2, f) h_minmax(cpu, f, mx, a, b)
#define FP_BODY_CMP(which, p2, f) h_cmp(cpu, f, which, a, b)
#define FP_BODY_F2I(sg, bits, f)  h_f2i(cpu, f, sg, bits, a, opw)
#define FP_BODY_I2F(sg, bits, f)  h_i2f(cpu, f, sg, bits, a, opw)
#define FP_BODY_FF(from, p2, f)	  h_ff(cpu, f, FMT_##from, a, opw)
#define FP_BODY_MVX(p1, p2, f)	  fp_done(cpu, 0, (f)->single ? (uint64_t)(int64_t)(int32_t)a : a)
#define FP_BODY_MVF(p1, p2, f)	  fp_done(cpu, 0, fp_box(f, a))
#define FP_BODY_CLASS(p1, p2, f)  fp_done(cpu, 0, fp_class_mask(f, fp_unbox(f, a)))
#define FP_HELPER(id, name, flags, kind, p1, p2, fmt)                                              \
	uint64_t rv64_helper_##name(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t opw)    \
	{                                                                                          \
		return FP_BODY_##kind(p1, p2, FMT_##fmt);                                          \
	}
RV64_FP_HELPERS(FP_HELPER)
