/*
 * test_fpu.c - unit tests of the riscv64 F/D helpers (src/arch/riscv64/fpu.c),
 * each instruction decoded, translated and run as the engines would
 * (test_run_insn.h), so the checks translation makes are covered too.
 *
 * A calloc'ed struct rv64_cpu is enough: the helpers only touch the
 * register slots, fflags, frm, mstatus and the trap fields. The table in
 * test_fpu_cases.h holds per-instruction expectations (results, NaN boxing,
 * canonical NaNs, every rounding mode, every flag); the functions below test
 * what a table cannot say: illegal encodings and rounding modes leave the
 * state untouched, mstatus.FS becomes Dirty, flags accrue, x0 stays 0, and
 * the exact fused multiply-add agrees with the host's fma()/fmaf() on many
 * random operands in the four IEEE directed/nearest modes.
 */
#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/riscv64/cpu.h"
#include "arch/riscv64/fpu.h"
#include "test_fpu_cases.h"
#include "test_run_insn.h"

#define MSTATUS_FS_INITIAL (1ull << 13)
#define MSTATUS_MIE	   (1ull << 3)

static struct rv64_cpu *new_cpu(void)
{
	struct rv64_cpu *rv = calloc(1, sizeof(*rv));

	assert_non_null(rv);
	rv->mstatus = MSTATUS_FS_INITIAL | MSTATUS_MIE;
	return rv;
}

/* Load a case's operands and sentinels, run the instruction once. */
static void run_case(struct rv64_cpu *rv, const struct fpu_case *t)
{
	struct soft_cpu *cpu = &rv->common;

	rv->frm = t->frm;
	rv->fflags = 0;
	soft_cpu_clear_fault(cpu);
	cpu->slots[RV_SLOT_F(11)] = t->a;
	cpu->slots[RV_SLOT_F(12)] = t->b;
	cpu->slots[RV_SLOT_F(13)] = t->c;
	cpu->slots[RV_SLOT_X(11)] = t->x;
	cpu->slots[RV_SLOT_X(10)] = SENT;
	cpu->slots[RV_SLOT_F(10)] = SENT;
	run_insn(rv, t->insn);
}

static void test_case_table(void **state)
{
	struct rv64_cpu *rv = new_cpu();
	struct soft_cpu *cpu = &rv->common;
	unsigned failures = 0;

	for (size_t i = 0; i < ARRAY_SIZE(fpu_cases); i++) {
		const struct fpu_case *t = &fpu_cases[i];

		run_case(rv, t);
		if (soft_cpu_faulted(cpu) || cpu->slots[RV_SLOT_F(10)] != t->want_f ||
		    cpu->slots[RV_SLOT_X(10)] != t->want_x || rv->fflags != t->want_flags) {
			print_error(
			    "%s: trap %d f10 %016llx x10 %016llx flags %x; want f10 %016llx "
			    "x10 %016llx flags %x\n",
			    t->name, soft_cpu_faulted(cpu),
			    (unsigned long long)cpu->slots[RV_SLOT_F(10)],
			    (unsigned long long)cpu->slots[RV_SLOT_X(10)], rv->fflags,
			    (unsigned long long)t->want_f, (unsigned long long)t->want_x,
			    t->want_flags);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
	free(rv);
}

/* The instruction must raise illegal-instruction and change nothing else. */
static void expect_illegal(struct rv64_cpu *rv, uint32_t insn, uint32_t frm)
{
	struct soft_cpu *cpu = &rv->common;
	struct fpu_case t = {
	    .insn = insn, .frm = frm, .a = BS(S_ONE), .b = BS(S_THREE), .c = BS(S_ONE), .x = 7};
	uint64_t mstatus = MSTATUS_FS_INITIAL | MSTATUS_MIE;

	rv->mstatus = mstatus;
	run_case(rv, &t);
	rv->fflags = 0;
	assert_true(soft_cpu_faulted(cpu));
	assert_int_equal(cpu->fault.code, RV_EXC_ILLEGAL);
	assert_int_equal(cpu->fault.value, insn);
	assert_int_equal(cpu->slots[RV_SLOT_F(10)], SENT);
	assert_int_equal(cpu->slots[RV_SLOT_X(10)], SENT);
	assert_int_equal(rv->fflags, 0);
	assert_int_equal(rv->mstatus, mstatus);
}

static void test_reserved_rounding_modes(void **state)
{
	static const uint32_t with_rm[] = {
	    FADD(S, 0),	  FSUB(D, 0),	 FMUL(S, 0),	FDIV(D, 0),	FSQRT(S, 0), FSQRT(D, 0),
	    FCVT_W(S, 0), FCVT_LU(D, 0), FCVT_FW(S, 0), FCVT_FLU(D, 0), FCVT_S_D(0), FCVT_D_S(0),
	    FMADD(S, 0),  FMSUB(D, 0),	 FNMSUB(S, 0),	FNMADD(D, 0),
	};
	struct rv64_cpu *rv = new_cpu();

	for (size_t i = 0; i < ARRAY_SIZE(with_rm); i++) {
		expect_illegal(rv, with_rm[i] | 5u << 12, RNE);
		expect_illegal(rv, with_rm[i] | 6u << 12, RNE);
		for (uint32_t frm = 5; frm <= 7; frm++)
			expect_illegal(rv, with_rm[i] | DYN << 12, frm);
	}
	free(rv);
}

/* Instructions whose funct3 is not a rounding mode do not look at frm. */
static void test_no_rm_field_ignores_bad_frm(void **state)
{
	static const struct fpu_case cases[] = {
	    FR("fsgnjn.s", FSGNJN(S), BS(S_ONE), BS(S_ONE), 0, BS(S_NONE), 0),
	    FR("fmax.d", FMAX(D), D_ONE, D_TWO, 0, D_TWO, 0),
	    XR("flt.d", FLT(D), D_ONE, D_TWO, 1, 0),
	    XR("fclass.d", FCLASS(D), D_ONE, 0, 1u << 6, 0),
	    XR("fmv.x.d", FMV_X(D), D_ONE, 0, D_ONE, 0),
	    IR("fmv.d.x", FMV_F(D), D_TWO, D_TWO, 0),
	};
	struct rv64_cpu *rv = new_cpu();
	struct soft_cpu *cpu = &rv->common;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fpu_case t = cases[i];

		t.frm = 5;
		run_case(rv, &t);
		assert_false(soft_cpu_faulted(cpu));
		assert_int_equal(cpu->slots[RV_SLOT_F(10)], t.want_f);
		assert_int_equal(cpu->slots[RV_SLOT_X(10)], t.want_x);
	}
	free(rv);
}

static void test_illegal_encodings(void **state)
{
	static const uint32_t bad[] = {
	    OPFP(0x00, 2, 12, RNE), /* FADD.H: no Zfh */
	    OPFP(0x00, 3, 12, RNE), /* FADD.Q: no Q */
	    R4(0x43, 2, RNE),	    /* FMADD.H */
	    OPFP(0x06, 0, 12, RNE), /* unassigned funct5 */
	    OPFP(0x1f, 1, 0, RNE),  /* unassigned funct5 */
	    OPFP(0x04, 0, 12, 3),   /* FSGNJ funct3 3 */
	    OPFP(0x05, 1, 12, 2),   /* FMIN funct3 2 */
	    OPFP(0x14, 0, 12, 3),   /* compare funct3 3 */
	    OPFP(0x0b, 0, 1, RNE),  /* FSQRT with rs2 != 0 */
	    OPFP(0x18, 0, 4, RNE),  /* FCVT.int.S rs2 4 */
	    OPFP(0x1a, 1, 5, RNE),  /* FCVT.D.int rs2 5 */
	    OPFP(0x08, 0, 0, RNE),  /* FCVT.S.S */
	    OPFP(0x08, 1, 1, RNE),  /* FCVT.D.D */
	    OPFP(0x08, 0, 3, RNE),  /* FCVT.S.Q */
	    OPFP(0x1c, 0, 0, 2),    /* FMV.X.W funct3 2 */
	    OPFP(0x1c, 1, 1, 0),    /* FMV.X.D rs2 1 */
	    OPFP(0x1e, 0, 0, 1),    /* FMV.W.X funct3 1 */
	    OPFP(0x1e, 1, 1, 0),    /* FMV.D.X rs2 1 */
	};
	struct rv64_cpu *rv = new_cpu();

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		expect_illegal(rv, bad[i], RNE);
	free(rv);
}

static void test_fs_off_is_illegal(void **state)
{
	struct rv64_cpu *rv = new_cpu();
	struct soft_cpu *cpu = &rv->common;
	struct fpu_case t = FR("fadd.s", FADD(S, RNE), BS(S_ONE), BS(S_ONE), 0, 0, 0);

	rv->mstatus = MSTATUS_MIE;
	run_case(rv, &t);
	assert_true(soft_cpu_faulted(cpu));
	assert_int_equal(cpu->fault.code, RV_EXC_ILLEGAL);
	assert_int_equal(cpu->slots[RV_SLOT_F(10)], SENT);
	assert_int_equal(rv->mstatus, MSTATUS_MIE);
	free(rv);
}

static void test_marks_fs_dirty(void **state)
{
	static const uint32_t insns[] = {FADD(D, RNE), FEQ(S), FMV_X(S), FCVT_W(D, RTZ),
					 FMADD(S, RMM)};
	struct rv64_cpu *rv = new_cpu();
	struct soft_cpu *cpu = &rv->common;

	for (size_t i = 0; i < ARRAY_SIZE(insns); i++) {
		struct fpu_case t = {
		    .insn = insns[i], .a = BS(S_ONE), .b = BS(S_ONE), .c = BS(S_ONE)};

		rv->mstatus = MSTATUS_FS_INITIAL | MSTATUS_MIE;
		run_case(rv, &t);
		assert_false(soft_cpu_faulted(cpu));
		assert_int_equal(rv->mstatus & RV_MSTATUS_FS_MASK, RV_MSTATUS_FS_DIRTY);
		assert_true(rv->mstatus & RV_MSTATUS_SD);
		assert_true(rv->mstatus & MSTATUS_MIE);
	}
	rv->mstatus = 0;
	rv64_fp_set_dirty(rv);
	assert_int_equal(rv->mstatus, RV_MSTATUS_FS_DIRTY | RV_MSTATUS_SD);
	free(rv);
}

static void test_flags_accrue(void **state)
{
	struct rv64_cpu *rv = new_cpu();
	struct soft_cpu *cpu = &rv->common;

	cpu->slots[RV_SLOT_F(1)] = BS(S_ONE);
	cpu->slots[RV_SLOT_F(2)] = BS(S_P0);
	cpu->slots[RV_SLOT_F(3)] = BS(S_THREE);
	rv->fflags = RV_FFLAG_NX;
	/* fdiv.s f4, f1, f2: 1/0 adds DZ to the NX already there */
	run_insn(rv, (0x03u << 27) | (2u << 20) | (1u << 15) | (4u << 7) | 0x53u);
	assert_int_equal(rv->fflags, RV_FFLAG_NX | RV_FFLAG_DZ);
	assert_int_equal(cpu->slots[RV_SLOT_F(4)], BS(S_PINF));
	/* fadd.s f4, f1, f3 is exact: the accrued flags stay */
	run_insn(rv, (3u << 20) | (1u << 15) | (4u << 7) | 0x53u);
	assert_int_equal(rv->fflags, RV_FFLAG_NX | RV_FFLAG_DZ);
	assert_int_equal(cpu->slots[RV_SLOT_F(4)], BS(0x40800000));
	free(rv);
}

static void test_x0_is_never_written(void **state)
{
	struct rv64_cpu *rv = new_cpu();
	struct soft_cpu *cpu = &rv->common;

	cpu->slots[RV_SLOT_F(1)] = D_ONE;
	/* feq.d x0, f1, f1 ; fcvt.l.d x0, f1 ; fclass.d x0, f1 ; fmv.x.d x0, f1 */
	run_insn(rv, (0x14u << 27) | (1u << 25) | (1u << 20) | (1u << 15) | (2u << 12) | 0x53u);
	run_insn(rv, (0x18u << 27) | (1u << 25) | (2u << 20) | (1u << 15) | 0x53u);
	run_insn(rv, (0x1cu << 27) | (1u << 25) | (1u << 15) | (1u << 12) | 0x53u);
	run_insn(rv, (0x1cu << 27) | (1u << 25) | (1u << 15) | 0x53u);
	assert_false(soft_cpu_faulted(cpu));
	assert_int_equal(cpu->slots[0], 0);
	free(rv);
}

/* Reads from and writes to the same f register work (rd == rs1 == rs2). */
static void test_same_register(void **state)
{
	struct rv64_cpu *rv = new_cpu();
	struct soft_cpu *cpu = &rv->common;

	cpu->slots[RV_SLOT_F(5)] = D_THREE;
	/* fmul.d f5, f5, f5 */
	run_insn(rv, (0x02u << 27) | (1u << 25) | (5u << 20) | (5u << 15) | (5u << 7) | 0x53u);
	assert_int_equal(cpu->slots[RV_SLOT_F(5)], 0x4022000000000000ull);
	free(rv);
}

/* Deterministic xorshift64 so that failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A finite double; addends get exponents near the product's so they cancel. */
static uint64_t random_finite_d(int near_exp)
{
	uint64_t v = rng_next();
	uint64_t exp = (v >> 52) & 0x7ff;

	if (near_exp >= 0) {
		int e = near_exp + (int)(rng_next() % 110) - 55;

		exp = e < 0 ? 0 : e > 0x7fe ? 0x7fe : (uint64_t)e;
	} else if (exp == 0x7ff) {
		exp = 0x7fe;
	}
	if ((rng_next() & 7) == 0)
		v &= ~0xffffffffull; /* few significant bits: exact results and ties */
	return (v & 0x800fffffffffffffull) | exp << 52;
}

static uint64_t random_finite_s(int near_exp)
{
	uint64_t v = rng_next();
	uint64_t exp = (v >> 23) & 0xff;

	if (near_exp >= 0) {
		int e = near_exp + (int)(rng_next() % 52) - 26;

		exp = e < 0 ? 0 : e > 0xfe ? 0xfe : (uint64_t)e;
	} else if (exp == 0xff) {
		exp = 0xfe;
	}
	if ((rng_next() & 7) == 0)
		v &= ~0xfffull;
	return (v & 0x807fffffull) | exp << 23;
}

static uint32_t host_flags(void)
{
	uint32_t flags = 0;

	if (fetestexcept(FE_INVALID))
		flags |= RV_FFLAG_NV;
	if (fetestexcept(FE_DIVBYZERO))
		flags |= RV_FFLAG_DZ;
	if (fetestexcept(FE_OVERFLOW))
		flags |= RV_FFLAG_OF;
	if (fetestexcept(FE_UNDERFLOW))
		flags |= RV_FFLAG_UF;
	if (fetestexcept(FE_INEXACT))
		flags |= RV_FFLAG_NX;
	return flags;
}

/* Called through volatile pointers so the calls stay between fesetround and fetestexcept. */
static double (*volatile host_fma)(double, double, double) = fma;
static float (*volatile host_fmaf)(float, float, float) = fmaf;

static void test_fma_matches_host(void **state)
{
	static const struct {
		unsigned rm;
		int host_mode;
	} modes[] = {
	    {RNE, FE_TONEAREST}, {RTZ, FE_TOWARDZERO}, {RDN, FE_DOWNWARD}, {RUP, FE_UPWARD}};
	struct rv64_cpu *rv = new_cpu();
	struct soft_cpu *cpu = &rv->common;
	unsigned failures = 0;

	for (int i = 0; i < 40000; i++) {
		bool dbl = i & 1;
		unsigned m = (unsigned)(i >> 1) % ARRAY_SIZE(modes);
		uint64_t a, b, c, want;
		uint32_t want_flags;

		if (dbl) {
			a = random_finite_d(-1);
			b = random_finite_d(-1);
			c = random_finite_d((int)(((a >> 52) & 0x7ff) + ((b >> 52) & 0x7ff)) -
					    1023);
		} else {
			a = random_finite_s(-1);
			b = random_finite_s(-1);
			c = random_finite_s((int)(((a >> 23) & 0xff) + ((b >> 23) & 0xff)) - 127);
		}
		fesetround(modes[m].host_mode);
		feclearexcept(FE_ALL_EXCEPT);
		if (dbl) {
			double x, y, z, r;

			memcpy(&x, &a, 8);
			memcpy(&y, &b, 8);
			memcpy(&z, &c, 8);
			r = host_fma(x, y, z);
			want_flags = host_flags();
			memcpy(&want, &r, 8);
		} else {
			float x, y, z, r;
			uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, c32 = (uint32_t)c, r32;

			memcpy(&x, &a32, 4);
			memcpy(&y, &b32, 4);
			memcpy(&z, &c32, 4);
			r = host_fmaf(x, y, z);
			want_flags = host_flags();
			memcpy(&r32, &r, 4);
			want = BS(r32);
			a = BS(a32);
			b = BS(b32);
			c = BS(c32);
		}
		fesetround(FE_TONEAREST);

		struct fpu_case t = {
		    .insn = FMADD(dbl ? D : S, modes[m].rm), .a = a, .b = b, .c = c};

		run_case(rv, &t);
		if (cpu->slots[RV_SLOT_F(10)] != want || rv->fflags != want_flags) {
			if (failures++ < 10)
				print_error(
				    "fmadd.%c rm %u %016llx %016llx %016llx: got %016llx/%x "
				    "want %016llx/%x\n",
				    dbl ? 'd' : 's', modes[m].rm, (unsigned long long)a,
				    (unsigned long long)b, (unsigned long long)c,
				    (unsigned long long)cpu->slots[RV_SLOT_F(10)], rv->fflags,
				    (unsigned long long)want, want_flags);
		}
	}
	assert_int_equal(failures, 0);
	free(rv);
}

/* The helper leaves the host's rounding mode and exception flags as they were. */
static void test_host_state_preserved(void **state)
{
	struct rv64_cpu *rv = new_cpu();
	struct fpu_case t = FR("fdiv.s", FDIV(S, RUP), BS(S_ONE), BS(S_THREE), 0, 0, 0);

	fesetround(FE_TONEAREST);
	feclearexcept(FE_ALL_EXCEPT);
	run_case(rv, &t);
	assert_int_equal(fegetround(), FE_TONEAREST);
	assert_int_equal(fetestexcept(FE_ALL_EXCEPT), 0);
	assert_int_equal(rv->fflags, RV_FFLAG_NX);
	free(rv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_case_table),
	    cmocka_unit_test(test_reserved_rounding_modes),
	    cmocka_unit_test(test_no_rm_field_ignores_bad_frm),
	    cmocka_unit_test(test_illegal_encodings),
	    cmocka_unit_test(test_fs_off_is_illegal),
	    cmocka_unit_test(test_marks_fs_dirty),
	    cmocka_unit_test(test_flags_accrue),
	    cmocka_unit_test(test_x0_is_never_written),
	    cmocka_unit_test(test_same_register),
	    cmocka_unit_test(test_fma_matches_host),
	    cmocka_unit_test(test_host_state_preserved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
