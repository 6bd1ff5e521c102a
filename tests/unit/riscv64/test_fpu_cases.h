/*
 * test_fpu_cases.h - table of riscv64 F/D instruction cases for test_fpu.c:
 * one instruction, its inputs and the expected f10, x10 and fflags.
 *
 * Every instruction uses rd = 10, rs1 = 11, rs2 = 12, rs3 = 13: f11..f13
 * hold a, b, c and x11 holds x (the integer source). f10 and x10 start as
 * SENT, so a result that goes to the other file leaves SENT there. Expected
 * values were worked out by hand from the ISA manual and cross-checked
 * against an independent RISC-V implementation (qemu-riscv64) when written.
 * Pure data: no host-specific code, so the same table can be fed to a
 * reference implementation.
 */
#ifndef FVP_TEST_FPU_CASES_H
#define FVP_TEST_FPU_CASES_H

#include <stdint.h>

struct fpu_case {
	const char *name;
	uint32_t insn;
	uint32_t frm;
	uint64_t a, b, c, x;
	uint64_t want_f, want_x;
	uint32_t want_flags;
};

#define SENT  0x5555ull
#define BS(v) (0xffffffff00000000ull | (uint64_t)(v)) /* NaN-boxed single */

#define RNE 0u
#define RTZ 1u
#define RDN 2u
#define RUP 3u
#define RMM 4u
#define DYN 7u

#define NX 0x01u
#define UF 0x02u
#define OF 0x04u
#define DZ 0x08u
#define NV 0x10u

#define OPFP(f5, fmt, rs2, rm)                                                                     \
	(((uint32_t)(f5) << 27) | ((uint32_t)(fmt) << 25) | ((uint32_t)(rs2) << 20) |              \
	 (11u << 15) | ((uint32_t)(rm) << 12) | (10u << 7) | 0x53u)
#define R4(opc, fmt, rm)                                                                           \
	((13u << 27) | ((uint32_t)(fmt) << 25) | (12u << 20) | (11u << 15) |                       \
	 ((uint32_t)(rm) << 12) | (10u << 7) | (uint32_t)(opc))

#define FADD(fmt, rm)	  OPFP(0x00, fmt, 12, rm)
#define FSUB(fmt, rm)	  OPFP(0x01, fmt, 12, rm)
#define FMUL(fmt, rm)	  OPFP(0x02, fmt, 12, rm)
#define FDIV(fmt, rm)	  OPFP(0x03, fmt, 12, rm)
#define FSQRT(fmt, rm)	  OPFP(0x0b, fmt, 0, rm)
#define FSGNJ(fmt)	  OPFP(0x04, fmt, 12, 0)
#define FSGNJN(fmt)	  OPFP(0x04, fmt, 12, 1)
#define FSGNJX(fmt)	  OPFP(0x04, fmt, 12, 2)
#define FMIN(fmt)	  OPFP(0x05, fmt, 12, 0)
#define FMAX(fmt)	  OPFP(0x05, fmt, 12, 1)
#define FLE(fmt)	  OPFP(0x14, fmt, 12, 0)
#define FLT(fmt)	  OPFP(0x14, fmt, 12, 1)
#define FEQ(fmt)	  OPFP(0x14, fmt, 12, 2)
#define FCVT_W(fmt, rm)	  OPFP(0x18, fmt, 0, rm)
#define FCVT_WU(fmt, rm)  OPFP(0x18, fmt, 1, rm)
#define FCVT_L(fmt, rm)	  OPFP(0x18, fmt, 2, rm)
#define FCVT_LU(fmt, rm)  OPFP(0x18, fmt, 3, rm)
#define FCVT_FW(fmt, rm)  OPFP(0x1a, fmt, 0, rm)
#define FCVT_FWU(fmt, rm) OPFP(0x1a, fmt, 1, rm)
#define FCVT_FL(fmt, rm)  OPFP(0x1a, fmt, 2, rm)
#define FCVT_FLU(fmt, rm) OPFP(0x1a, fmt, 3, rm)
#define FCVT_S_D(rm)	  OPFP(0x08, 0, 1, rm)
#define FCVT_D_S(rm)	  OPFP(0x08, 1, 0, rm)
#define FMV_X(fmt)	  OPFP(0x1c, fmt, 0, 0)
#define FCLASS(fmt)	  OPFP(0x1c, fmt, 0, 1)
#define FMV_F(fmt)	  OPFP(0x1e, fmt, 0, 0)
#define FMADD(fmt, rm)	  R4(0x43, fmt, rm)
#define FMSUB(fmt, rm)	  R4(0x47, fmt, rm)
#define FNMSUB(fmt, rm)	  R4(0x4b, fmt, rm)
#define FNMADD(fmt, rm)	  R4(0x4f, fmt, rm)

#define S 0
#define D 1

/* Single-precision constants (unboxed bit patterns). */
#define S_P0	 0x00000000u
#define S_N0	 0x80000000u
#define S_ONE	 0x3f800000u
#define S_NONE	 0xbf800000u
#define S_TWO	 0x40000000u
#define S_NTWO	 0xc0000000u
#define S_THREE	 0x40400000u
#define S_HALF	 0x3f000000u
#define S_NHALF	 0xbf000000u
#define S_2_5	 0x40200000u
#define S_N2_5	 0xc0200000u
#define S_3_5	 0x40600000u
#define S_PINF	 0x7f800000u
#define S_NINF	 0xff800000u
#define S_QNAN	 0x7fc00000u
#define S_QNAN_P 0x7fc01234u /* quiet NaN with a payload */
#define S_SNAN	 0x7f800001u
#define S_MINSUB 0x00000001u
#define S_MINNRM 0x00800000u
#define S_MAX	 0x7f7fffffu
#define S_EPS24	 0x33800000u /* 2^-24: half an ulp of 1.0 */
#define S_2P31	 0x4f000000u
#define S_2P32	 0x4f800000u
#define S_2P63	 0x5f000000u
#define S_2P64	 0x5f800000u

/* Double-precision constants. */
#define D_P0	 0x0000000000000000ull
#define D_N0	 0x8000000000000000ull
#define D_ONE	 0x3ff0000000000000ull
#define D_NONE	 0xbff0000000000000ull
#define D_TWO	 0x4000000000000000ull
#define D_THREE	 0x4008000000000000ull
#define D_HALF	 0x3fe0000000000000ull
#define D_PINF	 0x7ff0000000000000ull
#define D_NINF	 0xfff0000000000000ull
#define D_QNAN	 0x7ff8000000000000ull
#define D_QNAN_P 0x7ff8000000001234ull
#define D_SNAN	 0x7ff0000000000001ull
#define D_MINSUB 0x0000000000000001ull
#define D_MAXSUB 0x000fffffffffffffull
#define D_MINNRM 0x0010000000000000ull
#define D_MAX	 0x7fefffffffffffffull
#define D_EPS53	 0x3ca0000000000000ull /* 2^-53: half an ulp of 1.0 */

/* A result in f10 (x10 untouched), with the rounding mode in the instruction. */
#define FR(nm, in, va, vb, vc, want, fl)                                                           \
	{                                                                                          \
		.name = (nm), .insn = (in), .a = (va), .b = (vb), .c = (vc), .want_f = (want),     \
		.want_x = SENT, .want_flags = (fl)                                                 \
	}
/* A result in x10 (f10 untouched). */
#define XR(nm, in, va, vb, want, fl)                                                               \
	{                                                                                          \
		.name = (nm), .insn = (in), .a = (va), .b = (vb), .want_f = SENT,                  \
		.want_x = (want), .want_flags = (fl)                                               \
	}
/* An integer source in x11, a result in f10. */
#define IR(nm, in, vx, want, fl)                                                                   \
	{                                                                                          \
		.name = (nm), .insn = (in), .x = (vx), .want_f = (want), .want_x = SENT,           \
		.want_flags = (fl)                                                                 \
	}
/* Dynamic rounding: the rounding mode comes from frm. */
#define DR(nm, in, fr, va, vb, want, fl)                                                           \
	{                                                                                          \
		.name = (nm), .insn = (in), .frm = (fr), .a = (va), .b = (vb), .want_f = (want),   \
		.want_x = SENT, .want_flags = (fl)                                                 \
	}

static const struct fpu_case fpu_cases[] = {
    /* Plain arithmetic. */
    FR("fadd.s 1.5+2.25", FADD(S, RNE), BS(0x3fc00000), BS(0x40100000), 0, BS(0x40700000), 0),
    FR("fsub.s 1-0.25", FSUB(S, RNE), BS(S_ONE), BS(0x3e800000), 0, BS(0x3f400000), 0),
    FR("fmul.s 3*-2.5", FMUL(S, RNE), BS(S_THREE), BS(S_N2_5), 0, BS(0xc0f00000), 0),
    FR("fdiv.s 1/3 rne", FDIV(S, RNE), BS(S_ONE), BS(S_THREE), 0, BS(0x3eaaaaab), NX),
    FR("fdiv.s 1/3 rtz", FDIV(S, RTZ), BS(S_ONE), BS(S_THREE), 0, BS(0x3eaaaaaa), NX),
    FR("fdiv.s 1/3 rdn", FDIV(S, RDN), BS(S_ONE), BS(S_THREE), 0, BS(0x3eaaaaaa), NX),
    FR("fdiv.s 1/3 rup", FDIV(S, RUP), BS(S_ONE), BS(S_THREE), 0, BS(0x3eaaaaab), NX),
    FR("fdiv.s 1/3 rmm", FDIV(S, RMM), BS(S_ONE), BS(S_THREE), 0, BS(0x3eaaaaab), NX),
    FR("fdiv.s -1/3 rdn", FDIV(S, RDN), BS(S_NONE), BS(S_THREE), 0, BS(0xbeaaaaab), NX),
    FR("fdiv.s -1/3 rup", FDIV(S, RUP), BS(S_NONE), BS(S_THREE), 0, BS(0xbeaaaaaa), NX),
    FR("fdiv.d 1/3 rne", FDIV(D, RNE), D_ONE, D_THREE, 0, 0x3fd5555555555555ull, NX),
    FR("fdiv.d 1/3 rup", FDIV(D, RUP), D_ONE, D_THREE, 0, 0x3fd5555555555556ull, NX),
    FR("fadd.d 1+2", FADD(D, RNE), D_ONE, D_TWO, 0, D_THREE, 0),
    FR("fmul.d 2*-0.5", FMUL(D, RNE), D_TWO, 0xbfe0000000000000ull, 0, D_NONE, 0),
    FR("fsqrt.s 4", FSQRT(S, RNE), BS(0x40800000), 0, 0, BS(S_TWO), 0),
    FR("fsqrt.s 2 rne", FSQRT(S, RNE), BS(S_TWO), 0, 0, BS(0x3fb504f3), NX),
    FR("fsqrt.s 2 rup", FSQRT(S, RUP), BS(S_TWO), 0, 0, BS(0x3fb504f4), NX),
    FR("fsqrt.s 2 rmm", FSQRT(S, RMM), BS(S_TWO), 0, 0, BS(0x3fb504f3), NX),
    FR("fsqrt.d 2 rne", FSQRT(D, RNE), D_TWO, 0, 0, 0x3ff6a09e667f3bcdull, NX),
    FR("fsqrt.d 2 rtz", FSQRT(D, RTZ), D_TWO, 0, 0, 0x3ff6a09e667f3bccull, NX),
    FR("fsqrt.s -0", FSQRT(S, RNE), BS(S_N0), 0, 0, BS(S_N0), 0),
    FR("fsqrt.d -0", FSQRT(D, RNE), D_N0, 0, 0, D_N0, 0),

    /* Ties: RNE goes to even, RMM away from zero. */
    FR("fadd.s 1+2^-24 rne", FADD(S, RNE), BS(S_ONE), BS(S_EPS24), 0, BS(S_ONE), NX),
    FR("fadd.s 1+2^-24 rmm", FADD(S, RMM), BS(S_ONE), BS(S_EPS24), 0, BS(0x3f800001), NX),
    FR("fadd.s 1+2^-24 rup", FADD(S, RUP), BS(S_ONE), BS(S_EPS24), 0, BS(0x3f800001), NX),
    FR("fadd.s 1+2^-24 rtz", FADD(S, RTZ), BS(S_ONE), BS(S_EPS24), 0, BS(S_ONE), NX),
    FR("fadd.s odd+2^-24 rne", FADD(S, RNE), BS(0x3f800001), BS(S_EPS24), 0, BS(0x3f800002), NX),
    FR("fadd.s odd+2^-24 rmm", FADD(S, RMM), BS(0x3f800001), BS(S_EPS24), 0, BS(0x3f800002), NX),
    FR("fsub.s -1-2^-24 rne", FSUB(S, RNE), BS(S_NONE), BS(S_EPS24), 0, BS(S_NONE), NX),
    FR("fsub.s -1-2^-24 rmm", FSUB(S, RMM), BS(S_NONE), BS(S_EPS24), 0, BS(0xbf800001), NX),
    FR("fsub.s -1-2^-24 rdn", FSUB(S, RDN), BS(S_NONE), BS(S_EPS24), 0, BS(0xbf800001), NX),
    FR("fsub.s -1-2^-24 rup", FSUB(S, RUP), BS(S_NONE), BS(S_EPS24), 0, BS(S_NONE), NX),
    FR("fadd.d 1+2^-53 rne", FADD(D, RNE), D_ONE, D_EPS53, 0, D_ONE, NX),
    FR("fadd.d 1+2^-53 rmm", FADD(D, RMM), D_ONE, D_EPS53, 0, 0x3ff0000000000001ull, NX),
    FR("fadd.d 1+2^-53 rdn", FADD(D, RDN), D_ONE, D_EPS53, 0, D_ONE, NX),
    /* 4097 * 4097 = 2^24 + 2^13 + 1: 25 bits, a tie at single precision */
    FR("fmul.s 4097*4097 rne", FMUL(S, RNE), BS(0x45800800), BS(0x45800800), 0, BS(0x4b801000), NX),
    FR("fmul.s 4097*4097 rmm", FMUL(S, RMM), BS(0x45800800), BS(0x45800800), 0, BS(0x4b801001), NX),
    /* min subnormal / 2 is exactly half way between 0 and min subnormal */
    FR("fdiv.s minsub/2 rne", FDIV(S, RNE), BS(S_MINSUB), BS(S_TWO), 0, BS(S_P0), UF | NX),
    FR("fdiv.s minsub/2 rmm", FDIV(S, RMM), BS(S_MINSUB), BS(S_TWO), 0, BS(S_MINSUB), UF | NX),
    FR("fdiv.d -3minsub/2 rmm", FDIV(D, RMM), 0x8000000000000003ull, D_TWO, 0,
       0x8000000000000002ull, UF | NX),
    FR("fdiv.d -3minsub/2 rne", FDIV(D, RNE), 0x8000000000000003ull, D_TWO, 0,
       0x8000000000000002ull, UF | NX),
    FR("fdiv.d -5minsub/2 rmm", FDIV(D, RMM), 0x8000000000000005ull, D_TWO, 0,
       0x8000000000000003ull, UF | NX),
    FR("fdiv.d -5minsub/2 rne", FDIV(D, RNE), 0x8000000000000005ull, D_TWO, 0,
       0x8000000000000002ull, UF | NX),
    DR("fdiv.s 1/3 dyn rtz", FDIV(S, DYN), RTZ, BS(S_ONE), BS(S_THREE), BS(0x3eaaaaaa), NX),
    DR("fadd.s 1+2^-24 dyn rmm", FADD(S, DYN), RMM, BS(S_ONE), BS(S_EPS24), BS(0x3f800001), NX),

    /* Overflow: the result depends on the rounding direction. */
    FR("fmul.d max*2 rne", FMUL(D, RNE), D_MAX, D_TWO, 0, D_PINF, OF | NX),
    FR("fmul.d max*2 rmm", FMUL(D, RMM), D_MAX, D_TWO, 0, D_PINF, OF | NX),
    FR("fmul.d max*2 rtz", FMUL(D, RTZ), D_MAX, D_TWO, 0, D_MAX, OF | NX),
    FR("fmul.d max*2 rdn", FMUL(D, RDN), D_MAX, D_TWO, 0, D_MAX, OF | NX),
    FR("fmul.d -max*2 rdn", FMUL(D, RDN), D_MAX | D_N0, D_TWO, 0, D_NINF, OF | NX),
    FR("fmul.d -max*2 rup", FMUL(D, RUP), D_MAX | D_N0, D_TWO, 0, D_MAX | D_N0, OF | NX),
    FR("fadd.s max+max rne", FADD(S, RNE), BS(S_MAX), BS(S_MAX), 0, BS(S_PINF), OF | NX),
    FR("fadd.s max+max rtz", FADD(S, RTZ), BS(S_MAX), BS(S_MAX), 0, BS(S_MAX), OF | NX),
    FR("fadd.s max+max rmm", FADD(S, RMM), BS(S_MAX), BS(S_MAX), 0, BS(S_PINF), OF | NX),

    /* Underflow: raised only when the result is tiny after rounding and inexact. */
    FR("fmul.s minnrm*0.5 exact", FMUL(S, RNE), BS(S_MINNRM), BS(S_HALF), 0, BS(0x00400000), 0),
    FR("fmul.s tiny inexact rne", FMUL(S, RNE), BS(0x00800001), BS(S_HALF), 0, BS(0x00400000),
       UF | NX),
    FR("fmul.s tiny inexact rmm", FMUL(S, RMM), BS(0x00800001), BS(S_HALF), 0, BS(0x00400001),
       UF | NX),
    /* (1-2^-24)*2^-126: tiny even though it rounds up to the smallest normal */
    FR("fmul.s tiny rounds to minnrm", FMUL(S, RNE), BS(S_MINNRM), BS(0x3f7fffff), 0, BS(S_MINNRM),
       UF | NX),
    /* (2^25-1)*2^-151 = 2^-126*(1-2^-25): rounds to 2^-126 with an unbounded exponent */
    FR("fmul.s after-rounding not tiny", FMUL(S, RNE), BS(0x1e918e00), BS(0x21612000), 0,
       BS(S_MINNRM), NX),
    FR("fmul.s after-rounding tiny rtz", FMUL(S, RTZ), BS(0x1e918e00), BS(0x21612000), 0,
       BS(0x007fffff), UF | NX),
    /* 2^-1022*(1-2^-54) */
    FR("fmul.d after-rounding not tiny", FMUL(D, RNE), 0x1e48000000000000ull, 0x21b5555555555555ull,
       0, D_MINNRM, NX),
    FR("fmul.d after-rounding tiny rtz", FMUL(D, RTZ), 0x1e48000000000000ull, 0x21b5555555555555ull,
       0, D_MAXSUB, UF | NX),
    /* the same boundary through the exact paths (RMM, fused, format conversion) */
    FR("fmul.s after-rounding not tiny rmm", FMUL(S, RMM), BS(0x1e918e00), BS(0x21612000), 0,
       BS(S_MINNRM), NX),
    FR("fmadd.s after-rounding not tiny", FMADD(S, RNE), BS(0x1e918e00), BS(0x21612000), BS(S_N0),
       BS(S_MINNRM), NX),
    FR("fmadd.s after-rounding tiny rtz", FMADD(S, RTZ), BS(0x1e918e00), BS(0x21612000), BS(S_N0),
       BS(0x007fffff), UF | NX),
    FR("fmadd.d after-rounding not tiny", FMADD(D, RNE), 0x1e48000000000000ull,
       0x21b5555555555555ull, D_N0, D_MINNRM, NX),
    FR("fcvt.s.d after-rounding not tiny", FCVT_S_D(RNE), 0x380ffffff0000000ull, 0, 0, BS(S_MINNRM),
       NX),
    FR("fcvt.s.d after-rounding tiny rtz", FCVT_S_D(RTZ), 0x380ffffff0000000ull, 0, 0,
       BS(0x007fffff), UF | NX),
    FR("fcvt.s.d after-rounding tiny rdn", FCVT_S_D(RDN), 0x380ffffff0000000ull, 0, 0,
       BS(0x007fffff), UF | NX),
    FR("fcvt.s.d after-rounding not tiny rup", FCVT_S_D(RUP), 0x380ffffff0000000ull, 0, 0,
       BS(S_MINNRM), NX),
    FR("fmul.d minsub*0.5 rne", FMUL(D, RNE), D_MINSUB, D_HALF, 0, D_P0, UF | NX),
    FR("fmul.d minsub*0.5 rup", FMUL(D, RUP), D_MINSUB, D_HALF, 0, D_MINSUB, UF | NX),
    FR("fsub.d subnormals exact", FSUB(D, RNE), D_MAXSUB, D_MINSUB, 0, 0x000ffffffffffffeull, 0),

    /* Invalid and divide by zero; every NaN result is canonical. */
    FR("fdiv.s 1/0", FDIV(S, RNE), BS(S_ONE), BS(S_P0), 0, BS(S_PINF), DZ),
    FR("fdiv.s 1/-0", FDIV(S, RNE), BS(S_ONE), BS(S_N0), 0, BS(S_NINF), DZ),
    FR("fdiv.d -1/0", FDIV(D, RNE), D_NONE, D_P0, 0, D_NINF, DZ),
    FR("fdiv.s 0/0", FDIV(S, RNE), BS(S_P0), BS(S_P0), 0, BS(S_QNAN), NV),
    FR("fdiv.d inf/inf", FDIV(D, RNE), D_PINF, D_NINF, 0, D_QNAN, NV),
    FR("fdiv.s inf/0 no dz", FDIV(S, RNE), BS(S_PINF), BS(S_P0), 0, BS(S_PINF), 0),
    FR("fadd.s inf-inf", FADD(S, RNE), BS(S_PINF), BS(S_NINF), 0, BS(S_QNAN), NV),
    FR("fsub.d inf-inf", FSUB(D, RNE), D_PINF, D_PINF, 0, D_QNAN, NV),
    FR("fadd.d inf-inf rmm", FADD(D, RMM), D_PINF, D_NINF, 0, D_QNAN, NV),
    FR("fmul.s 0*inf", FMUL(S, RNE), BS(S_P0), BS(S_PINF), 0, BS(S_QNAN), NV),
    FR("fmul.d 0*inf rmm", FMUL(D, RMM), D_N0, D_PINF, 0, D_QNAN, NV),
    FR("fsqrt.s -1", FSQRT(S, RNE), BS(S_NONE), 0, 0, BS(S_QNAN), NV),
    FR("fsqrt.d -inf", FSQRT(D, RNE), D_NINF, 0, 0, D_QNAN, NV),
    FR("fadd.s snan+1", FADD(S, RNE), BS(S_SNAN), BS(S_ONE), 0, BS(S_QNAN), NV),
    FR("fmul.d 1*snan", FMUL(D, RNE), D_ONE, D_SNAN, 0, D_QNAN, NV),
    FR("fmul.d 1*snan rmm", FMUL(D, RMM), D_ONE, D_SNAN, 0, D_QNAN, NV),
    FR("fsqrt.s snan", FSQRT(S, RNE), BS(S_SNAN), 0, 0, BS(S_QNAN), NV),
    FR("fadd.s qnan payload", FADD(S, RNE), BS(S_QNAN_P), BS(S_ONE), 0, BS(S_QNAN), 0),
    FR("fmul.s negative qnan", FMUL(S, RNE), BS(0xffc00000), BS(S_TWO), 0, BS(S_QNAN), 0),
    FR("fadd.d qnan payload", FADD(D, RNE), D_ONE, D_QNAN_P, 0, D_QNAN, 0),
    FR("fdiv.d qnan/0", FDIV(D, RNE), D_QNAN_P, D_P0, 0, D_QNAN, 0),

    /* NaN boxing: a single that is not NaN-boxed reads as the canonical NaN. */
    FR("fadd.s unboxed", FADD(S, RNE), 0x000000003f800000ull, BS(S_ONE), 0, BS(S_QNAN), 0),
    FR("fadd.s half boxed", FADD(S, RNE), BS(S_ONE), 0xfffffffe3f800000ull, 0, BS(S_QNAN), 0),
    FR("fmul.s unboxed snan", FMUL(S, RNE), 0x000000007f800001ull, BS(S_ONE), 0, BS(S_QNAN), 0),
    FR("fsgnj.s unboxed", FSGNJ(S), 0x000000003f800000ull, BS(S_NONE), 0, BS(0xffc00000), 0),
    FR("fmin.s unboxed", FMIN(S), 0x123456783f800000ull, BS(S_TWO), 0, BS(S_TWO), 0),
    XR("fclass.s unboxed", FCLASS(S), 0x00000000ff800000ull, 0, 0x200, 0),
    XR("feq.s unboxed", FEQ(S), 0x000000003f800000ull, BS(S_ONE), 0, 0),
    FR("fmadd.s unboxed c", FMADD(S, RNE), BS(S_ONE), BS(S_ONE), 0x3f800000ull, BS(S_QNAN), 0),
    FR("fcvt.d.s unboxed", FCVT_D_S(RNE), 0x000000003f800000ull, 0, 0, D_QNAN, 0),

    /* Fused multiply-add: one rounding, all four signs. */
    FR("fmadd.s 2*3+1", FMADD(S, RNE), BS(S_TWO), BS(S_THREE), BS(S_ONE), BS(0x40e00000), 0),
    FR("fmsub.s 2*3-1", FMSUB(S, RNE), BS(S_TWO), BS(S_THREE), BS(S_ONE), BS(0x40a00000), 0),
    FR("fnmsub.s -(2*3)+1", FNMSUB(S, RNE), BS(S_TWO), BS(S_THREE), BS(S_ONE), BS(0xc0a00000), 0),
    FR("fnmadd.s -(2*3)-1", FNMADD(S, RNE), BS(S_TWO), BS(S_THREE), BS(S_ONE), BS(0xc0e00000), 0),
    FR("fmadd.d 2*3+1", FMADD(D, RNE), D_TWO, D_THREE, D_ONE, 0x401c000000000000ull, 0),
    FR("fnmadd.d -(2*3)-1", FNMADD(D, RNE), D_TWO, D_THREE, D_ONE, 0xc01c000000000000ull, 0),
    /* (1+2^-52)(1-2^-53) - 1 = 2^-53 - 2^-105 exactly: unfused would give 0 */
    FR("fmadd.d single rounding", FMADD(D, RNE), 0x3ff0000000000001ull, 0x3fefffffffffffffull,
       D_NONE, 0x3c9ffffffffffffeull, 0),
    FR("fmadd.s 1*1+2^-24 rne", FMADD(S, RNE), BS(S_ONE), BS(S_ONE), BS(S_EPS24), BS(S_ONE), NX),
    FR("fmadd.s 1*1+2^-24 rmm", FMADD(S, RMM), BS(S_ONE), BS(S_ONE), BS(S_EPS24), BS(0x3f800001),
       NX),
    FR("fmadd.d 1*1+2^-53 rmm", FMADD(D, RMM), D_ONE, D_ONE, D_EPS53, 0x3ff0000000000001ull, NX),
    FR("fmadd.d 1*1+2^-53 rup", FMADD(D, RUP), D_ONE, D_ONE, D_EPS53, 0x3ff0000000000001ull, NX),
    FR("fmadd.s inf*0+qnan", FMADD(S, RNE), BS(S_PINF), BS(S_P0), BS(S_QNAN), BS(S_QNAN), NV),
    FR("fmadd.d 0*inf+1", FMADD(D, RNE), D_P0, D_NINF, D_ONE, D_QNAN, NV),
    FR("fmadd.s inf*2-inf", FMADD(S, RNE), BS(S_PINF), BS(S_TWO), BS(S_NINF), BS(S_QNAN), NV),
    FR("fmsub.s inf*2-inf", FMSUB(S, RNE), BS(S_PINF), BS(S_TWO), BS(S_NINF), BS(S_PINF), 0),
    FR("fmadd.d snan c", FMADD(D, RNE), D_ONE, D_ONE, D_SNAN, D_QNAN, NV),
    FR("fmadd.d qnan c", FMADD(D, RNE), D_ONE, D_ONE, D_QNAN_P, D_QNAN, 0),
    FR("fmadd.s +0*1+-0", FMADD(S, RNE), BS(S_P0), BS(S_ONE), BS(S_N0), BS(S_P0), 0),
    FR("fmadd.s +0*1+-0 rdn", FMADD(S, RDN), BS(S_P0), BS(S_ONE), BS(S_N0), BS(S_N0), 0),
    FR("fnmadd.s -(0*1)-0", FNMADD(S, RNE), BS(S_P0), BS(S_ONE), BS(S_P0), BS(S_N0), 0),
    FR("fmsub.d 1*1-1", FMSUB(D, RNE), D_ONE, D_ONE, D_ONE, D_P0, 0),
    FR("fmsub.d 1*1-1 rdn", FMSUB(D, RDN), D_ONE, D_ONE, D_ONE, D_N0, 0),
    FR("fmadd.d max*2-max", FMADD(D, RNE), D_MAX, D_TWO, D_MAX | D_N0, D_MAX, 0),
    FR("fmadd.d max*2+max", FMADD(D, RNE), D_MAX, D_TWO, D_MAX, D_PINF, OF | NX),
    FR("fmadd.d minsub*0.5+0 rne", FMADD(D, RNE), D_MINSUB, D_HALF, D_P0, D_P0, UF | NX),
    FR("fmadd.d tiny+tiny exact", FMADD(D, RNE), D_MINSUB, D_TWO, D_MINSUB, 0x3ull, 0),

    /* Sign injection keeps NaN payloads and raises nothing. */
    FR("fsgnj.s 1,-2", FSGNJ(S), BS(S_ONE), BS(S_NTWO), 0, BS(S_NONE), 0),
    FR("fsgnjn.s 1,-2", FSGNJN(S), BS(S_ONE), BS(S_NTWO), 0, BS(S_ONE), 0),
    FR("fsgnjx.s -1,-2", FSGNJX(S), BS(S_NONE), BS(S_NTWO), 0, BS(S_ONE), 0),
    FR("fsgnjx.s -1,2", FSGNJX(S), BS(S_NONE), BS(S_TWO), 0, BS(S_NONE), 0),
    FR("fsgnj.s snan,-1", FSGNJ(S), BS(S_SNAN), BS(S_NONE), 0, BS(0xff800001), 0),
    FR("fsgnjn.d 1,1", FSGNJN(D), D_ONE, D_ONE, 0, D_NONE, 0),
    FR("fsgnj.d snan,-0", FSGNJ(D), D_SNAN, D_N0, 0, D_SNAN | D_N0, 0),
    FR("fsgnjx.d -1,-1", FSGNJX(D), D_NONE, D_NONE, 0, D_ONE, 0),

    /* FMIN/FMAX (minimumNumber/maximumNumber). */
    FR("fmin.s 1,2", FMIN(S), BS(S_ONE), BS(S_TWO), 0, BS(S_ONE), 0),
    FR("fmax.s 1,2", FMAX(S), BS(S_ONE), BS(S_TWO), 0, BS(S_TWO), 0),
    FR("fmin.s -1,-2", FMIN(S), BS(S_NONE), BS(S_NTWO), 0, BS(S_NTWO), 0),
    FR("fmin.s -0,+0", FMIN(S), BS(S_N0), BS(S_P0), 0, BS(S_N0), 0),
    FR("fmin.s +0,-0", FMIN(S), BS(S_P0), BS(S_N0), 0, BS(S_N0), 0),
    FR("fmax.s -0,+0", FMAX(S), BS(S_N0), BS(S_P0), 0, BS(S_P0), 0),
    FR("fmax.s +0,-0", FMAX(S), BS(S_P0), BS(S_N0), 0, BS(S_P0), 0),
    FR("fmin.s qnan,1", FMIN(S), BS(S_QNAN_P), BS(S_ONE), 0, BS(S_ONE), 0),
    FR("fmax.s 1,qnan", FMAX(S), BS(S_ONE), BS(S_QNAN), 0, BS(S_ONE), 0),
    FR("fmin.s snan,1", FMIN(S), BS(S_SNAN), BS(S_ONE), 0, BS(S_ONE), NV),
    FR("fmax.s qnan,qnan", FMAX(S), BS(S_QNAN_P), BS(S_QNAN_P), 0, BS(S_QNAN), 0),
    FR("fmin.s snan,qnan", FMIN(S), BS(S_SNAN), BS(S_QNAN), 0, BS(S_QNAN), NV),
    FR("fmin.d -inf,1", FMIN(D), D_NINF, D_ONE, 0, D_NINF, 0),
    FR("fmax.d -0,+0", FMAX(D), D_N0, D_P0, 0, D_P0, 0),
    FR("fmin.d +0,-0", FMIN(D), D_P0, D_N0, 0, D_N0, 0),
    FR("fmax.d snan,snan", FMAX(D), D_SNAN, D_SNAN, 0, D_QNAN, NV),
    FR("fmax.d 1,snan", FMAX(D), D_ONE, D_SNAN, 0, D_ONE, NV),
    FR("fmin.d qnan,-1", FMIN(D), D_QNAN_P, D_NONE, 0, D_NONE, 0),

    /* Compares: FEQ is quiet, FLT/FLE signal on any NaN. */
    XR("feq.s 1,1", FEQ(S), BS(S_ONE), BS(S_ONE), 1, 0),
    XR("feq.s 1,2", FEQ(S), BS(S_ONE), BS(S_TWO), 0, 0),
    XR("feq.s -0,+0", FEQ(S), BS(S_N0), BS(S_P0), 1, 0),
    XR("feq.s qnan,1", FEQ(S), BS(S_QNAN), BS(S_ONE), 0, 0),
    XR("feq.s qnan,qnan", FEQ(S), BS(S_QNAN), BS(S_QNAN), 0, 0),
    XR("feq.s snan,1", FEQ(S), BS(S_SNAN), BS(S_ONE), 0, NV),
    XR("flt.s -1,1", FLT(S), BS(S_NONE), BS(S_ONE), 1, 0),
    XR("flt.s 1,1", FLT(S), BS(S_ONE), BS(S_ONE), 0, 0),
    XR("flt.s -0,+0", FLT(S), BS(S_N0), BS(S_P0), 0, 0),
    XR("flt.s -2,-1", FLT(S), BS(S_NTWO), BS(S_NONE), 1, 0),
    XR("flt.s qnan,1", FLT(S), BS(S_QNAN), BS(S_ONE), 0, NV),
    XR("fle.s 1,qnan", FLE(S), BS(S_ONE), BS(S_QNAN), 0, NV),
    XR("fle.s -0,+0", FLE(S), BS(S_N0), BS(S_P0), 1, 0),
    XR("fle.s 2,1", FLE(S), BS(S_TWO), BS(S_ONE), 0, 0),
    XR("fle.s 1,1", FLE(S), BS(S_ONE), BS(S_ONE), 1, 0),
    XR("feq.d 3,3", FEQ(D), D_THREE, D_THREE, 1, 0),
    XR("feq.d snan,snan", FEQ(D), D_SNAN, D_SNAN, 0, NV),
    XR("flt.d -inf,inf", FLT(D), D_NINF, D_PINF, 1, 0),
    XR("flt.d minsub,0", FLT(D), D_MINSUB, D_P0, 0, 0),
    XR("fle.d 0,minsub", FLE(D), D_N0, D_MINSUB, 1, 0),
    XR("fle.d qnan,qnan", FLE(D), D_QNAN, D_QNAN, 0, NV),

    /* FCLASS: all ten classes. */
    XR("fclass.s -inf", FCLASS(S), BS(S_NINF), 0, 1u << 0, 0),
    XR("fclass.s -normal", FCLASS(S), BS(S_NONE), 0, 1u << 1, 0),
    XR("fclass.s -subnormal", FCLASS(S), BS(0x80000001), 0, 1u << 2, 0),
    XR("fclass.s -0", FCLASS(S), BS(S_N0), 0, 1u << 3, 0),
    XR("fclass.s +0", FCLASS(S), BS(S_P0), 0, 1u << 4, 0),
    XR("fclass.s +subnormal", FCLASS(S), BS(0x007fffff), 0, 1u << 5, 0),
    XR("fclass.s +normal", FCLASS(S), BS(S_MINNRM), 0, 1u << 6, 0),
    XR("fclass.s +inf", FCLASS(S), BS(S_PINF), 0, 1u << 7, 0),
    XR("fclass.s snan", FCLASS(S), BS(0xff800001), 0, 1u << 8, 0),
    XR("fclass.s qnan", FCLASS(S), BS(S_QNAN_P), 0, 1u << 9, 0),
    XR("fclass.d -inf", FCLASS(D), D_NINF, 0, 1u << 0, 0),
    XR("fclass.d -normal", FCLASS(D), D_MAX | D_N0, 0, 1u << 1, 0),
    XR("fclass.d -subnormal", FCLASS(D), D_MAXSUB | D_N0, 0, 1u << 2, 0),
    XR("fclass.d -0", FCLASS(D), D_N0, 0, 1u << 3, 0),
    XR("fclass.d +0", FCLASS(D), D_P0, 0, 1u << 4, 0),
    XR("fclass.d +subnormal", FCLASS(D), D_MINSUB, 0, 1u << 5, 0),
    XR("fclass.d +normal", FCLASS(D), D_ONE, 0, 1u << 6, 0),
    XR("fclass.d +inf", FCLASS(D), D_PINF, 0, 1u << 7, 0),
    XR("fclass.d snan", FCLASS(D), 0x7ff4000000000000ull, 0, 1u << 8, 0),
    XR("fclass.d qnan", FCLASS(D), 0xfff8000000000000ull, 0, 1u << 9, 0),

    /* Moves: raw bits, FMV.X.W sign-extends and ignores NaN boxing. */
    XR("fmv.x.w negative", FMV_X(S), BS(0x80000000), 0, 0xffffffff80000000ull, 0),
    XR("fmv.x.w positive", FMV_X(S), BS(S_QNAN), 0, 0x7fc00000ull, 0),
    XR("fmv.x.w unboxed", FMV_X(S), 0x123456789abcdef0ull, 0, 0xffffffff9abcdef0ull, 0),
    XR("fmv.x.d snan", FMV_X(D), D_SNAN, 0, D_SNAN, 0),
    IR("fmv.w.x", FMV_F(S), 0x123456789abcdef0ull, BS(0x9abcdef0), 0),
    IR("fmv.w.x snan", FMV_F(S), 0x7f800001ull, BS(S_SNAN), 0),
    IR("fmv.d.x", FMV_F(D), 0xfff0000000000001ull, 0xfff0000000000001ull, 0),

    /* Float to integer: every rounding mode on 2.5 and -2.5. */
    XR("fcvt.w.s 2.5 rne", FCVT_W(S, RNE), BS(S_2_5), 0, 2, NX),
    XR("fcvt.w.s 2.5 rtz", FCVT_W(S, RTZ), BS(S_2_5), 0, 2, NX),
    XR("fcvt.w.s 2.5 rdn", FCVT_W(S, RDN), BS(S_2_5), 0, 2, NX),
    XR("fcvt.w.s 2.5 rup", FCVT_W(S, RUP), BS(S_2_5), 0, 3, NX),
    XR("fcvt.w.s 2.5 rmm", FCVT_W(S, RMM), BS(S_2_5), 0, 3, NX),
    XR("fcvt.w.s -2.5 rne", FCVT_W(S, RNE), BS(S_N2_5), 0, (uint64_t)-2, NX),
    XR("fcvt.w.s -2.5 rtz", FCVT_W(S, RTZ), BS(S_N2_5), 0, (uint64_t)-2, NX),
    XR("fcvt.w.s -2.5 rdn", FCVT_W(S, RDN), BS(S_N2_5), 0, (uint64_t)-3, NX),
    XR("fcvt.w.s -2.5 rup", FCVT_W(S, RUP), BS(S_N2_5), 0, (uint64_t)-2, NX),
    XR("fcvt.w.s -2.5 rmm", FCVT_W(S, RMM), BS(S_N2_5), 0, (uint64_t)-3, NX),
    XR("fcvt.w.s 3.5 rne", FCVT_W(S, RNE), BS(S_3_5), 0, 4, NX),
    XR("fcvt.w.s 3 exact", FCVT_W(S, RNE), BS(S_THREE), 0, 3, 0),
    XR("fcvt.w.s -0", FCVT_W(S, RNE), BS(S_N0), 0, 0, 0),
    XR("fcvt.w.s minsub rup", FCVT_W(S, RUP), BS(S_MINSUB), 0, 1, NX),
    XR("fcvt.w.s minsub rdn", FCVT_W(S, RDN), BS(S_MINSUB), 0, 0, NX),
    XR("fcvt.w.s -minsub rdn", FCVT_W(S, RDN), BS(0x80000001), 0, (uint64_t)-1, NX),
    {.name = "fcvt.w.s 2.5 dyn rmm",
     .insn = FCVT_W(S, DYN),
     .frm = RMM,
     .a = BS(S_2_5),
     .want_f = SENT,
     .want_x = 3,
     .want_flags = NX},
    /* Saturation table. */
    XR("fcvt.w.s nan", FCVT_W(S, RNE), BS(0xffc00000), 0, 0x7fffffffull, NV),
    XR("fcvt.w.s +inf", FCVT_W(S, RNE), BS(S_PINF), 0, 0x7fffffffull, NV),
    XR("fcvt.w.s -inf", FCVT_W(S, RNE), BS(S_NINF), 0, 0xffffffff80000000ull, NV),
    XR("fcvt.w.s 2^31", FCVT_W(S, RNE), BS(S_2P31), 0, 0x7fffffffull, NV),
    XR("fcvt.w.s -2^31", FCVT_W(S, RNE), BS(0xcf000000), 0, 0xffffffff80000000ull, 0),
    XR("fcvt.w.s -2^31-256", FCVT_W(S, RNE), BS(0xcf000001), 0, 0xffffffff80000000ull, NV),
    XR("fcvt.wu.s nan", FCVT_WU(S, RNE), BS(S_QNAN), 0, ~0ull, NV),
    XR("fcvt.wu.s +inf", FCVT_WU(S, RNE), BS(S_PINF), 0, ~0ull, NV),
    XR("fcvt.wu.s -inf", FCVT_WU(S, RNE), BS(S_NINF), 0, 0, NV),
    XR("fcvt.wu.s -1", FCVT_WU(S, RNE), BS(S_NONE), 0, 0, NV),
    XR("fcvt.wu.s -0.5 rne", FCVT_WU(S, RNE), BS(S_NHALF), 0, 0, NX),
    XR("fcvt.wu.s -0.5 rdn", FCVT_WU(S, RDN), BS(S_NHALF), 0, 0, NV),
    XR("fcvt.wu.s -0.5 rmm", FCVT_WU(S, RMM), BS(S_NHALF), 0, 0, NV),
    XR("fcvt.wu.s 2^32", FCVT_WU(S, RNE), BS(S_2P32), 0, ~0ull, NV),
    XR("fcvt.wu.s 3e9 sign-extends", FCVT_WU(S, RNE), BS(0x4f32d05e), 0, 0xffffffffb2d05e00ull, 0),
    XR("fcvt.wu.s 1", FCVT_WU(S, RNE), BS(S_ONE), 0, 1, 0),
    XR("fcvt.l.s nan", FCVT_L(S, RNE), BS(S_SNAN), 0, 0x7fffffffffffffffull, NV),
    XR("fcvt.l.s -inf", FCVT_L(S, RNE), BS(S_NINF), 0, 0x8000000000000000ull, NV),
    XR("fcvt.l.s 2^63", FCVT_L(S, RNE), BS(S_2P63), 0, 0x7fffffffffffffffull, NV),
    XR("fcvt.l.s -2^63", FCVT_L(S, RNE), BS(0xdf000000), 0, 0x8000000000000000ull, 0),
    XR("fcvt.lu.s nan", FCVT_LU(S, RNE), BS(S_QNAN), 0, ~0ull, NV),
    XR("fcvt.lu.s -1", FCVT_LU(S, RNE), BS(S_NONE), 0, 0, NV),
    XR("fcvt.lu.s 2^64", FCVT_LU(S, RNE), BS(S_2P64), 0, ~0ull, NV),
    XR("fcvt.lu.s 2^63", FCVT_LU(S, RNE), BS(S_2P63), 0, 0x8000000000000000ull, 0),
    XR("fcvt.w.d 2^31-0.5 rne", FCVT_W(D, RNE), 0x41dfffffffe00000ull, 0, 0x7fffffffull, NV),
    XR("fcvt.w.d 2^31-0.5 rtz", FCVT_W(D, RTZ), 0x41dfffffffe00000ull, 0, 0x7fffffffull, NX),
    XR("fcvt.w.d -2^31-0.5 rne", FCVT_W(D, RNE), 0xc1e0000000100000ull, 0, 0xffffffff80000000ull,
       NX),
    XR("fcvt.w.d -2^31-0.5 rmm", FCVT_W(D, RMM), 0xc1e0000000100000ull, 0, 0xffffffff80000000ull,
       NV),
    XR("fcvt.w.d nan", FCVT_W(D, RNE), D_QNAN, 0, 0x7fffffffull, NV),
    XR("fcvt.wu.d nan", FCVT_WU(D, RNE), D_SNAN, 0, ~0ull, NV),
    XR("fcvt.wu.d 2^32-1", FCVT_WU(D, RNE), 0x41efffffffe00000ull, 0, ~0ull, 0),
    XR("fcvt.wu.d -0.5 rne", FCVT_WU(D, RNE), 0xbfe0000000000000ull, 0, 0, NX),
    XR("fcvt.l.d 1e19", FCVT_L(D, RNE), 0x43e158e460913d00ull, 0, 0x7fffffffffffffffull, NV),
    XR("fcvt.l.d -inf", FCVT_L(D, RNE), D_NINF, 0, 0x8000000000000000ull, NV),
    XR("fcvt.l.d -2.5 rmm", FCVT_L(D, RMM), 0xc004000000000000ull, 0, (uint64_t)-3, NX),
    XR("fcvt.lu.d 2^64", FCVT_LU(D, RNE), 0x43f0000000000000ull, 0, ~0ull, NV),
    XR("fcvt.lu.d 2^64-2048", FCVT_LU(D, RNE), 0x43efffffffffffffull, 0, 0xfffffffffffff800ull, 0),
    XR("fcvt.lu.d -inf", FCVT_LU(D, RNE), D_NINF, 0, 0, NV),
    XR("fcvt.lu.d 0.5 rup", FCVT_LU(D, RUP), D_HALF, 0, 1, NX),

    /* Integer to float. */
    IR("fcvt.s.w 2^24+1 rne", FCVT_FW(S, RNE), 16777217, BS(0x4b800000), NX),
    IR("fcvt.s.w 2^24+1 rmm", FCVT_FW(S, RMM), 16777217, BS(0x4b800001), NX),
    IR("fcvt.s.w 2^24+1 rup", FCVT_FW(S, RUP), 16777217, BS(0x4b800001), NX),
    IR("fcvt.s.w 2^24+1 rtz", FCVT_FW(S, RTZ), 16777217, BS(0x4b800000), NX),
    IR("fcvt.s.w -(2^24+1) rdn", FCVT_FW(S, RDN), (uint64_t)-16777217, BS(0xcb800001), NX),
    IR("fcvt.s.w -(2^24+1) rmm", FCVT_FW(S, RMM), (uint64_t)-16777217, BS(0xcb800001), NX),
    IR("fcvt.s.w -1", FCVT_FW(S, RNE), ~0ull, BS(S_NONE), 0),
    IR("fcvt.s.w uses low 32 bits", FCVT_FW(S, RNE), 0x00000000ffffffffull, BS(S_NONE), 0),
    IR("fcvt.s.w 0", FCVT_FW(S, RNE), 0, BS(S_P0), 0),
    IR("fcvt.s.wu 2^32-1", FCVT_FWU(S, RNE), ~0ull, BS(S_2P32), NX),
    IR("fcvt.s.wu 2^32-1 rtz", FCVT_FWU(S, RTZ), ~0ull, BS(0x4f7fffff), NX),
    IR("fcvt.s.l -2^63", FCVT_FL(S, RNE), 0x8000000000000000ull, BS(0xdf000000), 0),
    IR("fcvt.s.lu 2^64-1", FCVT_FLU(S, RNE), ~0ull, BS(S_2P64), NX),
    IR("fcvt.d.w -2^31", FCVT_FW(D, RNE), 0x0000000080000000ull, 0xc1e0000000000000ull, 0),
    IR("fcvt.d.wu 2^32-1", FCVT_FWU(D, RNE), ~0ull, 0x41efffffffe00000ull, 0),
    IR("fcvt.d.l 2^53+1 rne", FCVT_FL(D, RNE), (1ull << 53) + 1, 0x4340000000000000ull, NX),
    IR("fcvt.d.l 2^53+1 rmm", FCVT_FL(D, RMM), (1ull << 53) + 1, 0x4340000000000001ull, NX),
    IR("fcvt.d.l 2^53+3 rne", FCVT_FL(D, RNE), (1ull << 53) + 3, 0x4340000000000002ull, NX),
    IR("fcvt.d.l -2^63", FCVT_FL(D, RNE), 0x8000000000000000ull, 0xc3e0000000000000ull, 0),
    IR("fcvt.d.lu 2^64-1 rne", FCVT_FLU(D, RNE), ~0ull, 0x43f0000000000000ull, NX),
    IR("fcvt.d.lu 2^64-1 rtz", FCVT_FLU(D, RTZ), ~0ull, 0x43efffffffffffffull, NX),
    IR("fcvt.d.lu 2^63+1024 rne", FCVT_FLU(D, RNE), 0x8000000000000400ull, 0x43e0000000000000ull,
       NX),
    IR("fcvt.d.lu 2^63+1024 rmm", FCVT_FLU(D, RMM), 0x8000000000000400ull, 0x43e0000000000001ull,
       NX),

    /* Between formats. */
    FR("fcvt.s.d 1/3 rne", FCVT_S_D(RNE), 0x3fd5555555555555ull, 0, 0, BS(0x3eaaaaab), NX),
    FR("fcvt.s.d 1/3 rtz", FCVT_S_D(RTZ), 0x3fd5555555555555ull, 0, 0, BS(0x3eaaaaaa), NX),
    FR("fcvt.s.d 1+2^-24 rne", FCVT_S_D(RNE), 0x3ff0000010000000ull, 0, 0, BS(S_ONE), NX),
    FR("fcvt.s.d 1+2^-24 rmm", FCVT_S_D(RMM), 0x3ff0000010000000ull, 0, 0, BS(0x3f800001), NX),
    FR("fcvt.s.d 1e300", FCVT_S_D(RNE), 0x7e37e43c8800759cull, 0, 0, BS(S_PINF), OF | NX),
    FR("fcvt.s.d 1e300 rtz", FCVT_S_D(RTZ), 0x7e37e43c8800759cull, 0, 0, BS(S_MAX), OF | NX),
    FR("fcvt.s.d -1e300 rup", FCVT_S_D(RUP), 0xfe37e43c8800759cull, 0, 0, BS(0xff7fffff), OF | NX),
    FR("fcvt.s.d 1e-50", FCVT_S_D(RNE), 0x358dee7a4ad4b81full, 0, 0, BS(S_P0), UF | NX),
    FR("fcvt.s.d 1e-50 rup", FCVT_S_D(RUP), 0x358dee7a4ad4b81full, 0, 0, BS(S_MINSUB), UF | NX),
    FR("fcvt.s.d 2^-149 exact", FCVT_S_D(RNE), 0x36a0000000000000ull, 0, 0, BS(S_MINSUB), 0),
    FR("fcvt.s.d snan", FCVT_S_D(RNE), D_SNAN, 0, 0, BS(S_QNAN), NV),
    FR("fcvt.s.d qnan payload", FCVT_S_D(RNE), D_QNAN_P, 0, 0, BS(S_QNAN), 0),
    FR("fcvt.s.d -inf", FCVT_S_D(RNE), D_NINF, 0, 0, BS(S_NINF), 0),
    FR("fcvt.s.d -0", FCVT_S_D(RNE), D_N0, 0, 0, BS(S_N0), 0),
    FR("fcvt.d.s 1.5", FCVT_D_S(RNE), BS(0x3fc00000), 0, 0, 0x3ff8000000000000ull, 0),
    FR("fcvt.d.s minsub", FCVT_D_S(RNE), BS(S_MINSUB), 0, 0, 0x36a0000000000000ull, 0),
    FR("fcvt.d.s snan", FCVT_D_S(RNE), BS(S_SNAN), 0, 0, D_QNAN, NV),
    FR("fcvt.d.s -inf", FCVT_D_S(RNE), BS(S_NINF), 0, 0, D_NINF, 0),
    FR("fcvt.d.s max", FCVT_D_S(RNE), BS(S_MAX), 0, 0, 0x47efffffe0000000ull, 0),
};

#endif
