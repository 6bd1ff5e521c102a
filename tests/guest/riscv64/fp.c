/*
 * F and D extensions: arithmetic on exact bit patterns, the five rounding
 * modes both dynamic (frm) and static, the five fflags, NaN boxing of
 * single values in 64-bit registers, canonical NaN results, fmin/fmax with
 * signed zeros and NaNs, fcvt saturation, fclass of every class, fused
 * multiply-add rounding once, sign injection and fmv sign extension.
 */
#include "lib.h"

#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

#define CNAN_D 0x7ff8000000000000UL
#define CNAN_S 0x7fc00000UL
#define ONE_D  0x3ff0000000000000UL
#define ONE_S  0x3f800000UL

/* Binary op on doubles: a, b, result as raw bits; fflags collected. */
#define FD2(insn, a, b, flags)                                                                     \
	({                                                                                         \
		u64 __r, __f;                                                                      \
		asm volatile("fsflags zero\n\t"                                                    \
			     "fmv.d.x ft0, %2\n\t"                                                 \
			     "fmv.d.x ft1, %3\n\t" insn "\n\t"                                     \
			     "fmv.x.d %0, ft2\n\t"                                                 \
			     "frflags %1"                                                          \
			     : "=r"(__r), "=r"(__f)                                                \
			     : "r"((u64)(a)), "r"((u64)(b))                                        \
			     : "ft0", "ft1", "ft2");                                               \
		(flags) = __f;                                                                     \
		__r;                                                                               \
	})
/* Same for singles: operands boxed by fmv.w.x; result read with fmv.x.w. */
#define FS2(insn, a, b, flags)                                                                     \
	({                                                                                         \
		u64 __r, __f;                                                                      \
		asm volatile("fsflags zero\n\t"                                                    \
			     "fmv.w.x ft0, %2\n\t"                                                 \
			     "fmv.w.x ft1, %3\n\t" insn "\n\t"                                     \
			     "fmv.x.w %0, ft2\n\t"                                                 \
			     "frflags %1"                                                          \
			     : "=r"(__r), "=r"(__f)                                                \
			     : "r"((u64)(a)), "r"((u64)(b))                                        \
			     : "ft0", "ft1", "ft2");                                               \
		(flags) = __f;                                                                     \
		__r;                                                                               \
	})
/* Result in an integer register (compare, class, convert to int). */
#define FDI(insn, a, b, flags)                                                                     \
	({                                                                                         \
		u64 __r, __f;                                                                      \
		asm volatile("fsflags zero\n\t"                                                    \
			     "fmv.d.x ft0, %2\n\t"                                                 \
			     "fmv.d.x ft1, %3\n\t" insn "\n\t"                                     \
			     "frflags %1"                                                          \
			     : "=r"(__r), "=r"(__f)                                                \
			     : "r"((u64)(a)), "r"((u64)(b))                                        \
			     : "ft0", "ft1");                                                      \
		(flags) = __f;                                                                     \
		__r;                                                                               \
	})
#define FSI(insn, a, b, flags)                                                                     \
	({                                                                                         \
		u64 __r, __f;                                                                      \
		asm volatile("fsflags zero\n\t"                                                    \
			     "fmv.w.x ft0, %2\n\t"                                                 \
			     "fmv.w.x ft1, %3\n\t" insn "\n\t"                                     \
			     "frflags %1"                                                          \
			     : "=r"(__r), "=r"(__f)                                                \
			     : "r"((u64)(a)), "r"((u64)(b))                                        \
			     : "ft0", "ft1");                                                      \
		(flags) = __f;                                                                     \
		__r;                                                                               \
	})

static void set_frm(unsigned rm)
{
	asm volatile("fsrm %0" ::"r"((unsigned long)rm));
}

static void test_arith(void)
{
	u64 fl;

	CHECK_EQ(FD2("fadd.d ft2, ft0, ft1", ONE_D, ONE_D, fl), 0x4000000000000000UL);
	CHECK_EQ(fl, 0);
	CHECK_EQ(FD2("fsub.d ft2, ft0, ft1", ONE_D, 0x4000000000000000UL, fl),
		 0xbff0000000000000UL);
	CHECK_EQ(FD2("fmul.d ft2, ft0, ft1", 0x3ff8000000000000UL, 0x4000000000000000UL, fl),
		 0x4008000000000000UL);
	CHECK_EQ(FD2("fdiv.d ft2, ft0, ft1", ONE_D, 0x4008000000000000UL, fl),
		 0x3fd5555555555555UL);
	CHECK_EQ(fl, NX);
	CHECK_EQ(FD2("fsqrt.d ft2, ft0", 0x4000000000000000UL, 0, fl), 0x3ff6a09e667f3bcdUL);
	CHECK_EQ(fl, NX);
	CHECK_EQ(FD2("fsqrt.d ft2, ft0", 0x4010000000000000UL, 0, fl), 0x4000000000000000UL);
	CHECK_EQ(fl, 0);
	CHECK_EQ(FS2("fadd.s ft2, ft0, ft1", 0x3fc00000, 0x3fc00000, fl), 0x40400000);
	CHECK_EQ(FS2("fmul.s ft2, ft0, ft1", 0x3fc00000, 0xc0000000UL, fl), 0xffffffffc0400000UL);
	CHECK_EQ(FS2("fdiv.s ft2, ft0, ft1", ONE_S, 0x40400000, fl), 0x3eaaaaab);
	CHECK_EQ(fl, NX);
	CHECK_EQ(FS2("fsqrt.s ft2, ft0", 0x40800000, 0, fl), 0x40000000);
}

static void test_fma(void)
{
	u64 r, f;

	asm volatile("fsflags zero\n\t"
		     "fmv.d.x ft0, %2\n\t"
		     "fmv.d.x ft1, %3\n\t"
		     "fmv.d.x ft3, %4\n\t"
		     "fmadd.d ft2, ft0, ft1, ft3\n\t"
		     "fmv.x.d %0, ft2\n\t"
		     "frflags %1"
		     : "=r"(r), "=r"(f)
		     : "r"(0x3ff0000000000001UL), "r"(0x3feffffffffffffeUL),
		       "r"(0xbff0000000000000UL)
		     : "ft0", "ft1", "ft2", "ft3");
	CHECK_EQ(r, 0xb970000000000000UL);
	CHECK_EQ(f, 0);
	asm volatile("fmv.d.x ft0, %1\n\t"
		     "fmv.d.x ft1, %2\n\t"
		     "fmv.d.x ft3, %3\n\t"
		     "fnmsub.d ft2, ft0, ft1, ft3\n\t"
		     "fmv.x.d %0, ft2"
		     : "=r"(r)
		     : "r"(0x4000000000000000UL), "r"(0x4008000000000000UL), "r"(ONE_D)
		     : "ft0", "ft1", "ft2", "ft3");
	CHECK_EQ(r, 0xc014000000000000UL); /* -(2*3) + 1 = -5 */
	asm volatile("fmv.w.x ft0, %1\n\t"
		     "fmv.w.x ft1, %2\n\t"
		     "fmv.w.x ft3, %3\n\t"
		     "fmsub.s ft2, ft0, ft1, ft3\n\t"
		     "fmv.x.w %0, ft2"
		     : "=r"(r)
		     : "r"(0x40000000UL), "r"(0x40400000UL), "r"(ONE_S)
		     : "ft0", "ft1", "ft2", "ft3");
	CHECK_EQ(r, 0x40a00000); /* 2*3 - 1 = 5 */
	asm volatile("fmv.w.x ft0, %1\n\t"
		     "fmv.w.x ft1, %2\n\t"
		     "fmv.w.x ft3, %3\n\t"
		     "fnmadd.s ft2, ft0, ft1, ft3\n\t"
		     "fmv.x.w %0, ft2"
		     : "=r"(r)
		     : "r"(0x40000000UL), "r"(0x40400000UL), "r"(ONE_S)
		     : "ft0", "ft1", "ft2", "ft3");
	CHECK_EQ(r, 0xffffffffc0e00000UL); /* -(2*3) - 1 = -7 */
}

/* 1 + 2^-24 and -1 - 2^-24 are exact ties for single precision. */
static void test_rounding(void)
{
	static const struct {
		unsigned rm;
		u64 pos, neg, third, cvt_pos, cvt_neg;
	} expect[] = {
	    {0, 0x3f800000, 0xbf800000, 0x3fd5555555555555UL, 2, (u64)-2},
	    {1, 0x3f800000, 0xbf800000, 0x3fd5555555555555UL, 2, (u64)-2},
	    {2, 0x3f800000, 0xbf800001, 0x3fd5555555555555UL, 2, (u64)-3},
	    {3, 0x3f800001, 0xbf800000, 0x3fd5555555555556UL, 3, (u64)-2},
	    {4, 0x3f800001, 0xbf800001, 0x3fd5555555555555UL, 3, (u64)-3},
	};
	u64 fl;

	for (unsigned i = 0; i < 5; i++) {
		set_frm(expect[i].rm);
		CHECK_EQ(FS2("fadd.s ft2, ft0, ft1", ONE_S, 0x33800000, fl), expect[i].pos);
		CHECK_EQ(fl, NX);
		CHECK_EQ(FS2("fadd.s ft2, ft0, ft1", 0xbf800000UL, 0xb3800000UL, fl),
			 0xffffffff00000000UL | expect[i].neg);
		CHECK_EQ(FD2("fdiv.d ft2, ft0, ft1", ONE_D, 0x4008000000000000UL, fl),
			 expect[i].third);
		CHECK_EQ(FDI("fcvt.w.d %0, ft0", 0x4004000000000000UL, 0, fl), expect[i].cvt_pos);
		CHECK_EQ(fl, NX);
		CHECK_EQ(FDI("fcvt.l.d %0, ft0", 0xc004000000000000UL, 0, fl), expect[i].cvt_neg);
	}
	set_frm(0);
	/* Static rounding modes override frm (set frm to RUP to prove it). */
	set_frm(3);
	CHECK_EQ(FS2("fadd.s ft2, ft0, ft1, rne", ONE_S, 0x33800000, fl), 0x3f800000);
	CHECK_EQ(FS2("fadd.s ft2, ft0, ft1, rtz", ONE_S, 0x33800000, fl), 0x3f800000);
	CHECK_EQ(FS2("fadd.s ft2, ft0, ft1, rdn", 0xbf800000UL, 0xb3800000UL, fl),
		 0xffffffffbf800001UL);
	CHECK_EQ(FS2("fadd.s ft2, ft0, ft1, rmm", 0xbf800000UL, 0xb3800000UL, fl),
		 0xffffffffbf800001UL);
	CHECK_EQ(FDI("fcvt.w.d %0, ft0, rdn", 0xc004000000000000UL, 0, fl), (u64)-3);
	CHECK_EQ(FDI("fcvt.w.d %0, ft0, rmm", 0x4004000000000000UL, 0, fl), 3);
	CHECK_EQ(FDI("fcvt.w.d %0, ft0, rtz", 0xc004000000000000UL, 0, fl), (u64)-2);
	CHECK_EQ(FDI("fcvt.w.d %0, ft0", 0x4004000000000000UL, 0, fl), 3); /* dyn = RUP */
	set_frm(0);
	/* frm and fflags live in fcsr. */
	unsigned long fcsr;

	asm volatile("fsrm %1\n\tfsflags %2\n\tfrcsr %0" : "=r"(fcsr) : "r"(4UL), "r"(0x15UL));
	CHECK_EQ(fcsr, (4 << 5) | 0x15);
	asm volatile("fscsr zero");
}

static void test_flags(void)
{
	u64 fl;

	CHECK_EQ(FD2("fmul.d ft2, ft0, ft1", 0x7fefffffffffffffUL, 0x4000000000000000UL, fl),
		 0x7ff0000000000000UL);
	CHECK_EQ(fl, OF | NX);
	CHECK_EQ(FD2("fmul.d ft2, ft0, ft1, rtz", 0x7fefffffffffffffUL, 0x4000000000000000UL, fl),
		 0x7fefffffffffffffUL);
	CHECK_EQ(fl, OF | NX);
	CHECK_EQ(FD2("fmul.d ft2, ft0, ft1", 0x01a56e1fc2f8f359UL, 0x01a56e1fc2f8f359UL, fl), 0);
	CHECK_EQ(fl, UF | NX);
	CHECK_EQ(FS2("fmul.s ft2, ft0, ft1", 0x00800000, 0x3f000000, fl), 0x00400000); /* exact */
	CHECK_EQ(fl, 0);
	CHECK_EQ(FD2("fdiv.d ft2, ft0, ft1", ONE_D, 0, fl), 0x7ff0000000000000UL);
	CHECK_EQ(fl, DZ);
	CHECK_EQ(FS2("fdiv.s ft2, ft0, ft1", 0xbf800000UL, 0, fl), 0xffffffffff800000UL);
	CHECK_EQ(fl, DZ);
	CHECK_EQ(FD2("fsqrt.d ft2, ft0", 0xbff0000000000000UL, 0, fl), CNAN_D);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FD2("fdiv.d ft2, ft0, ft1", 0, 0, fl), CNAN_D);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FD2("fsub.d ft2, ft0, ft1", 0x7ff0000000000000UL, 0x7ff0000000000000UL, fl),
		 CNAN_D);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FS2("fmul.s ft2, ft0, ft1", 0x7f800000, 0, fl), CNAN_S);
	CHECK_EQ(fl, NV);
	/* NaN payloads are not propagated; quiet NaN inputs raise nothing. */
	CHECK_EQ(FD2("fadd.d ft2, ft0, ft1", 0x7ff8000000000123UL, ONE_D, fl), CNAN_D);
	CHECK_EQ(fl, 0);
	CHECK_EQ(FD2("fadd.d ft2, ft0, ft1", 0x7ff0000000000001UL, ONE_D, fl), CNAN_D);
	CHECK_EQ(fl, NV);
	/* Compares: feq is quiet, flt/fle signal on any NaN. */
	CHECK_EQ(FDI("feq.d %0, ft0, ft1", CNAN_D, ONE_D, fl), 0);
	CHECK_EQ(fl, 0);
	CHECK_EQ(FDI("feq.d %0, ft0, ft1", 0x7ff0000000000001UL, ONE_D, fl), 0);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FDI("flt.d %0, ft0, ft1", CNAN_D, ONE_D, fl), 0);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FDI("fle.d %0, ft0, ft1", 0x8000000000000000UL, 0, fl), 1);
	CHECK_EQ(FDI("flt.d %0, ft0, ft1", 0x8000000000000000UL, 0, fl), 0);
	CHECK_EQ(FDI("feq.d %0, ft0, ft1", 0x8000000000000000UL, 0, fl), 1);
	CHECK_EQ(FSI("flt.s %0, ft0, ft1", 0xbf800000UL, ONE_S, fl), 1);
	/* Flags accumulate until cleared. */
	unsigned long acc;

	asm volatile("fsflags zero\n\t"
		     "fmv.d.x ft0, %1\n\t"
		     "fmv.d.x ft1, zero\n\t"
		     "fdiv.d ft2, ft0, ft1\n\t"
		     "fsqrt.d ft2, ft1\n\t"
		     "fdiv.d ft2, ft1, ft1\n\t"
		     "frflags %0"
		     : "=r"(acc)
		     : "r"(ONE_D)
		     : "ft0", "ft1", "ft2");
	CHECK_EQ(acc, DZ | NV);
}

static void test_boxing(void)
{
	u64 r, rd, fl;

	asm volatile("fmv.d.x ft0, %2\n\t"
		     "fadd.s ft2, ft0, ft0\n\t"
		     "fmv.x.w %0, ft2\n\t"
		     "fmv.x.d %1, ft2"
		     : "=r"(r), "=r"(rd)
		     : "r"(0x000000003f800000UL)
		     : "ft0", "ft2");
	CHECK_EQ(r, CNAN_S);
	CHECK_EQ(rd, 0xffffffff7fc00000UL);
	/* A properly boxed value works. */
	CHECK_EQ(FD2("fadd.s ft2, ft0, ft1", 0xffffffff3f800000UL, 0xffffffff3f800000UL, fl),
		 0xffffffff40000000UL);
	/* Single results and flw are boxed; fmv.x.w copies the low word, sign-extended. */
	static u32 word = 0x80000001;

	asm volatile("flw ft0, 0(%2)\n\t"
		     "fmv.x.d %0, ft0\n\t"
		     "fmv.x.w %1, ft0"
		     : "=r"(rd), "=r"(r)
		     : "r"(&word)
		     : "ft0", "memory");
	CHECK_EQ(rd, 0xffffffff80000001UL);
	CHECK_EQ(r, 0xffffffff80000001UL);
	/* fmv.x.w of an unboxed register still copies bits 31:0. */
	asm volatile("fmv.d.x ft0, %1\n\tfmv.x.w %0, ft0"
		     : "=r"(r)
		     : "r"(0x123456789abcdef0UL)
		     : "ft0");
	CHECK_EQ(r, 0xffffffff9abcdef0UL);
	/* fsw stores the low 32 bits. */
	asm volatile("fmv.d.x ft0, %1\n\tfsw ft0, 0(%0)" ::"r"(&word), "r"(0xffffffff40490fdbUL)
		     : "ft0", "memory");
	CHECK_EQ(word, 0x40490fdb);
	/* fcvt between widths. */
	CHECK_EQ(FD2("fcvt.d.s ft2, ft0", 0xffffffff3eaaaaabUL, 0, fl), 0x3fd5555560000000UL);
	CHECK_EQ(FD2("fcvt.s.d ft2, ft0", 0x3fd5555555555555UL, 0, fl), 0xffffffff3eaaaaabUL);
	CHECK_EQ(fl, NX);
	CHECK_EQ(FD2("fcvt.d.s ft2, ft0", 0x00000000ffffffffUL, 0, fl), CNAN_D); /* unboxed */
}

static void test_minmax(void)
{
	u64 fl;

	CHECK_EQ(FD2("fmin.d ft2, ft0, ft1", 0x8000000000000000UL, 0, fl), 0x8000000000000000UL);
	CHECK_EQ(FD2("fmin.d ft2, ft0, ft1", 0, 0x8000000000000000UL, fl), 0x8000000000000000UL);
	CHECK_EQ(FD2("fmax.d ft2, ft0, ft1", 0x8000000000000000UL, 0, fl), 0);
	CHECK_EQ(FD2("fmax.d ft2, ft0, ft1", 0, 0x8000000000000000UL, fl), 0);
	CHECK_EQ(FD2("fmin.d ft2, ft0, ft1", CNAN_D, ONE_D, fl), ONE_D);
	CHECK_EQ(fl, 0);
	CHECK_EQ(FD2("fmax.d ft2, ft0, ft1", ONE_D, 0x7ff0000000000001UL, fl), ONE_D);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FD2("fmin.d ft2, ft0, ft1", 0x7ff8000000000123UL, 0xfff0000000000001UL, fl),
		 CNAN_D);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FS2("fmin.s ft2, ft0, ft1", 0x80000000UL, 0, fl), 0xffffffff80000000UL);
	CHECK_EQ(FS2("fmax.s ft2, ft0, ft1", 0x80000000UL, 0, fl), 0);
	CHECK_EQ(FS2("fmax.s ft2, ft0, ft1", 0x7fc00001UL, 0xbf800000UL, fl), 0xffffffffbf800000UL);
	CHECK_EQ(FS2("fmax.s ft2, ft0, ft1", 0x7fc00001UL, 0x7f800001UL, fl), CNAN_S);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FD2("fsgnj.d ft2, ft0, ft1", ONE_D, 0x8000000000000000UL, fl),
		 0xbff0000000000000UL);
	CHECK_EQ(FD2("fsgnjn.d ft2, ft0, ft1", ONE_D, 0x8000000000000000UL, fl), ONE_D);
	CHECK_EQ(FD2("fsgnjx.d ft2, ft0, ft1", 0xbff0000000000000UL, 0x8000000000000000UL, fl),
		 ONE_D);
	CHECK_EQ(FS2("fsgnjn.s ft2, ft0, ft1", ONE_S, ONE_S, fl), 0xffffffffbf800000UL);
	CHECK_EQ(FD2("fsgnj.d ft2, ft0, ft1", 0x7ff0000000000001UL, 0x8000000000000000UL, fl),
		 0xfff0000000000001UL); /* sign injection keeps NaN payloads, no flags */
	CHECK_EQ(fl, 0);
}

static void test_cvt(void)
{
	u64 fl;

	CHECK_EQ(FDI("fcvt.w.d %0, ft0", 0x4202a05f20000000UL, 0, fl), 0x7fffffff); /* 1e10 */
	CHECK_EQ(fl, NV);
	CHECK_EQ(FDI("fcvt.w.d %0, ft0", 0xc202a05f20000000UL, 0, fl), 0xffffffff80000000UL);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FDI("fcvt.w.d %0, ft0", CNAN_D, 0, fl), 0x7fffffff);
	CHECK_EQ(FDI("fcvt.w.d %0, ft0", 0xfff0000000000000UL, 0, fl), 0xffffffff80000000UL);
	CHECK_EQ(FDI("fcvt.wu.d %0, ft0", 0xbff0000000000000UL, 0, fl), 0);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FDI("fcvt.wu.d %0, ft0, rtz", 0xbfe0000000000000UL, 0, fl), 0);
	CHECK_EQ(fl, NX);
	CHECK_EQ(FDI("fcvt.wu.d %0, ft0", 0x41edcd6500000000UL, 0, fl), 0xffffffffee6b2800UL);
	CHECK_EQ(fl, 0);
	CHECK_EQ(FDI("fcvt.wu.d %0, ft0", CNAN_D, 0, fl), 0xffffffffffffffffUL);
	CHECK_EQ(FDI("fcvt.l.d %0, ft0", 0x46293e5939a08ceaUL, 0, fl), 0x7fffffffffffffffUL);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FDI("fcvt.l.d %0, ft0", 0xfff0000000000000UL, 0, fl), 0x8000000000000000UL);
	CHECK_EQ(FDI("fcvt.lu.d %0, ft0", CNAN_D, 0, fl), 0xffffffffffffffffUL);
	CHECK_EQ(FDI("fcvt.lu.d %0, ft0", 0xfff0000000000000UL, 0, fl), 0);
	CHECK_EQ(fl, NV);
	CHECK_EQ(FDI("fcvt.l.d %0, ft0", 0xc3e0000000000000UL, 0, fl), 0x8000000000000000UL);
	CHECK_EQ(fl, 0);
	CHECK_EQ(FSI("fcvt.w.s %0, ft0", 0x4f000000, 0, fl), 0x7fffffff); /* 2^31 */
	CHECK_EQ(fl, NV);
	CHECK_EQ(FSI("fcvt.w.s %0, ft0", 0xcf000000UL, 0, fl), 0xffffffff80000000UL); /* -2^31 */
	CHECK_EQ(fl, 0);
	CHECK_EQ(FSI("fcvt.lu.s %0, ft0", 0x5f800000, 0, fl), 0xffffffffffffffffUL); /* 2^64 */
	CHECK_EQ(fl, NV);
	/* Integer to float. */
	u64 r;

	asm volatile("fcvt.d.w ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(-1L) : "ft0");
	CHECK_EQ(r, 0xbff0000000000000UL);
	asm volatile("fcvt.d.wu ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(-1L) : "ft0");
	CHECK_EQ(r, 0x41efffffffe00000UL);
	asm volatile("fcvt.d.lu ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(-1L) : "ft0");
	CHECK_EQ(r, 0x43f0000000000000UL);
	asm volatile("fcvt.s.l ft0, %1\n\tfmv.x.w %0, ft0" : "=r"(r) : "r"(0x20000001L) : "ft0");
	CHECK_EQ(r, 0x4e000000);
	asm volatile("fcvt.s.l ft0, %1, rup\n\tfmv.x.w %0, ft0"
		     : "=r"(r)
		     : "r"(0x20000001L)
		     : "ft0");
	CHECK_EQ(r, 0x4e000001);
}

static void test_fclass(void)
{
	static const u64 d_in[10] = {
	    0xfff0000000000000UL,
	    0xbff0000000000000UL,
	    0x800fffffffffffffUL,
	    0x8000000000000000UL,
	    0,
	    1,
	    ONE_D,
	    0x7ff0000000000000UL,
	    0x7ff0000000000001UL,
	    CNAN_D,
	};
	static const u64 s_in[10] = {
	    0xff800000, 0xbf800000, 0x807fffff, 0x80000000, 0,
	    1,		ONE_S,	    0x7f800000, 0x7f800001, CNAN_S,
	};
	u64 fl;

	for (int i = 0; i < 10; i++) {
		CHECK_EQ(FDI("fclass.d %0, ft0", d_in[i], 0, fl), 1UL << i);
		CHECK_EQ(FSI("fclass.s %0, ft0", s_in[i], 0, fl), 1UL << i);
		CHECK_EQ(fl, 0);
	}
	/* An unboxed single is seen as the canonical NaN. */
	CHECK_EQ(FDI("fclass.s %0, ft0", 0x3f800000UL, 0, fl), 1UL << 9);
}

static void test_loadstore(void)
{
	static u64 slot[2];
	u64 r;

	slot[0] = 0x400921fb54442d18UL;
	asm volatile("fld ft0, 0(%1)\n\tfsd ft0, 8(%1)\n\tld %0, 8(%1)"
		     : "=r"(r)
		     : "r"(slot)
		     : "ft0", "memory");
	CHECK_EQ(r, 0x400921fb54442d18UL);
}

int main(long hartid, unsigned long dtb)
{
	gprintf("fp: start\n");
	test_arith();
	test_fma();
	test_rounding();
	test_flags();
	test_boxing();
	test_minmax();
	test_cvt();
	test_fclass();
	test_loadstore();
	return 0;
}
