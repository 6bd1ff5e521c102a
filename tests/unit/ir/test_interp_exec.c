/*
 * test_interp_exec.c - the IR interpreter's block executor: ALU results
 * against ir_eval_alu (ir_eval_alu3) for every pure op, loads and stores through the TLB
 * fast path, traps on a TLB miss (exact pc and instret, nothing written),
 * side exits, helper calls and helper traps, EXIT_IND and EXIT_CPU.
 *
 * The soft MMU's slow paths are replaced by stubs that always fault, so this
 * test links only the IR library and the executor itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/frontend_ops.h"
#include "engine/interp/interp_exec.h"
#include "ir/ir.h"
#include "mem/mmu.h"
#include "../test_random.h"

#define NREGS	     8
#define BLOCK_PC     0x80000000ULL
#define MAPPED_VA    0x10000ULL
#define UNMAPPED_VA  0x20000ULL
#define CAUSE_LOAD   5
#define CAUSE_STORE  7
#define CAUSE_HELPER 2

enum { H_RECORD, H_TRAP, H_SETPC, H_PURE, H_WREGS, H_DIVCHECK };

static uint64_t seen_a, seen_b, seen_imm;
static unsigned calls;

static uint64_t helper_record(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	(void)cpu;
	seen_a = a;
	seen_b = b;
	seen_imm = imm;
	calls++;
	return a + b + imm;
}

static uint64_t helper_trap(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	calls++;
	if (a)
		vcpu_raise(cpu, CAUSE_HELPER, a);
	return 0xbad;
}

static uint64_t helper_setpc(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	cpu->pc = a;
	return 0;
}

static uint64_t helper_pure(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	return a * 3 + b + imm;
}

/* Reads guest register 7 and writes guest register 6 behind the IR's back. */
static uint64_t helper_wregs(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	cpu->slots[6] = cpu->slots[7] * 5 + a;
	return cpu->slots[7] ^ b;
}

/* An x86-style divide check: #DE (here CAUSE_HELPER) on a zero divisor. */
static uint64_t helper_divcheck(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	if (!b)
		vcpu_raise(cpu, CAUSE_HELPER, 0);
	return 0;
}

static const struct ir_helper test_helpers[] = {
    [H_RECORD] = {.name = "record", .fn = helper_record, .flags = 0},
    [H_TRAP] = {.name = "trap", .fn = helper_trap, .flags = IR_HF_MAY_TRAP},
    [H_SETPC] = {.name = "setpc", .fn = helper_setpc, .flags = IR_HF_NO_DST},
    [H_PURE] = {.name = "pure", .fn = helper_pure, .flags = IR_HF_PURE},
    [H_WREGS] = {.name = "wregs",
		 .fn = helper_wregs,
		 .flags = IR_HF_READS_REGS | IR_HF_WRITES_REGS},
    [H_DIVCHECK] = {.name = "divcheck",
		    .fn = helper_divcheck,
		    .flags = IR_HF_MAY_TRAP | IR_HF_NO_DST},
};

static const struct frontend_ops test_fe = {
    .name = "test",
    .nregs = NREGS,
    .helpers = test_helpers,
    .nhelpers = ARRAY_SIZE(test_helpers),
};

int mmu_load_slow(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, uint64_t *val)
{
	(void)size;
	(void)val;
	vcpu_raise(cpu, CAUSE_LOAD, vaddr);
	return -1;
}

int mmu_store_slow(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, uint64_t val)
{
	(void)size;
	(void)val;
	vcpu_raise(cpu, CAUSE_STORE, vaddr);
	return -1;
}

struct fixture {
	struct soft_cpu *cpu;
	struct ir_block *blk;
	uint8_t *page;
	uint32_t page_word;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct tlb_entry *e;
	unsigned i;

	assert_non_null(fx);
	fx->cpu = calloc(1, sizeof(*fx->cpu));
	fx->page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	fx->blk = ir_block_new(NREGS, test_helpers, NULL);
	assert_non_null(fx->cpu);
	/* one TLB regime, set up by hand: this test does not link the soft MMU */
	fx->cpu->tlb.e = calloc(TLB_SIZE, sizeof(*fx->cpu->tlb.e));
	fx->cpu->tlb.nregimes = 1;
	assert_non_null(fx->cpu->tlb.e);
	assert_non_null(fx->page);
	assert_non_null(fx->blk);
	memset(fx->page, 0, PAGE_SIZE);
	for (i = 0; i < TLB_SIZE; i++) {
		e = &fx->cpu->tlb.e[i];
		e->tag_read = e->tag_write = e->tag_exec = TLB_INVALID;
		e->page_word = &fx->page_word;
	}
	e = &fx->cpu->tlb.e[tlb_index(MAPPED_VA)];
	e->tag_read = e->tag_write = MAPPED_VA;
	e->addend = (uintptr_t)fx->page - MAPPED_VA;
	fx->cpu->fe = &test_fe;
	soft_cpu_set_regimes(fx->cpu, 0, 0);
	ir_block_reset(fx->blk, BLOCK_PC, 0);
	calls = 0;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	ir_block_free(fx->blk);
	free(fx->page);
	free(fx->cpu->tlb.e);
	free(fx->cpu);
	free(fx);
	return 0;
}

/* Verify the block, then run it from BLOCK_PC. */
static enum interp_exit run(struct fixture *fx)
{
	char msg[128] = "";

	if (ir_verify(fx->blk, msg, sizeof(msg)) != 0)
		fail_msg("verifier: %s", msg);
	fx->cpu->pc = BLOCK_PC;
	return interp_exec(fx->cpu, fx->blk->insns, fx->blk->guest_off);
}

static const uint64_t samples[] = {
    0,
    1,
    2,
    3,
    31,
    32,
    63,
    64,
    0x7f,
    0x80,
    0xff,
    0x7fffffffULL,
    0x80000000ULL,
    0xffffffffULL,
    0x100000000ULL,
    0x123456789abcdef0ULL,
    0x7fffffffffffffffULL,
    0x8000000000000000ULL,
    0xfffffffffffffffeULL,
    0xffffffffffffffffULL,
};

/* Every ALU op, register and immediate forms, agrees with ir_eval_alu. */
static void test_alu_matches_eval(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	unsigned op, i, j;

	for (op = 0; op < IR_OP_COUNT; op++) {
		unsigned kind = ir_op_info[op].kind;

		if (kind != IR_K_ALU2 && kind != IR_K_ALU1)
			continue;
		for (i = 0; i < ARRAY_SIZE(samples); i++) {
			for (j = 0; j < ARRAY_SIZE(samples); j++) {
				uint64_t a = samples[i], b = samples[j];

				ir_block_reset(fx->blk, BLOCK_PC, 0);
				ir_begin_guest(fx->blk, BLOCK_PC, NULL, 0);
				if (kind == IR_K_ALU2) {
					ir_alu2(fx->blk, op, 2, 0, 1);
					ir_alu2i(fx->blk, op, 3, 0, (int64_t)b);
				} else {
					ir_alu1(fx->blk, op, 2, 0);
				}
				ir_exit(fx->blk, BLOCK_PC + 4);
				cpu->slots[0] = a;
				cpu->slots[1] = b;
				assert_int_equal(run(fx), INTERP_EXIT_PC);
				assert_int_equal(cpu->slots[2], ir_eval_alu(op, a, b, 0));
				if (kind == IR_K_ALU2)
					assert_int_equal(cpu->slots[3],
							 ir_eval_alu(op + 1, a, 0, (int64_t)b));
			}
		}
	}
	/* ALU3 ops: a, b and c from the samples (c cut to a few values, its low bit matters) */
	for (op = 0; op < IR_OP_COUNT; op++) {
		if (ir_op_info[op].kind != IR_K_ALU3)
			continue;
		for (i = 0; i < ARRAY_SIZE(samples); i++) {
			for (j = 0; j < ARRAY_SIZE(samples); j++) {
				for (unsigned k = 0; k < 4; k++) {
					uint64_t a = samples[i], b = samples[j],
						 cv = samples[k * 5];

					ir_block_reset(fx->blk, BLOCK_PC, 0);
					ir_begin_guest(fx->blk, BLOCK_PC, NULL, 0);
					ir_alu3(fx->blk, op, 3, 0, 1, 2);
					ir_exit(fx->blk, BLOCK_PC + 4);
					cpu->slots[0] = a;
					cpu->slots[1] = b;
					cpu->slots[2] = cv;
					assert_int_equal(run(fx), INTERP_EXIT_PC);
					assert_int_equal(cpu->slots[3], ir_eval_alu3(op, a, b, cv));
				}
			}
		}
	}
	/* Spot checks against independent expectations, not just ir_eval_alu. */
	ir_block_reset(fx->blk, BLOCK_PC, 0);
	ir_begin_guest(fx->blk, BLOCK_PC, NULL, 0);
	ir_alu2(fx->blk, IR_DIV, 2, 0, 1);
	ir_alu2i(fx->blk, IR_SUBW, 3, 0, 1);
	ir_alu1(fx->blk, IR_CLZ, 4, 1);
	ir_movi(fx->blk, 5, -3);
	ir_exit(fx->blk, BLOCK_PC + 4);
	cpu->slots[0] = 0x80000000ULL;
	cpu->slots[1] = 0;
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_int_equal(cpu->slots[2], ~0ULL);
	assert_int_equal(cpu->slots[3], 0x7fffffffULL);
	assert_int_equal(cpu->slots[4], 64);
	assert_int_equal(cpu->slots[5], (uint64_t)-3);
	assert_int_equal(cpu->pc, BLOCK_PC + 4);
}

static void test_load_store(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	struct ir_block *blk = fx->blk;
	unsigned t = ir_temp(blk);

	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_alu2i(blk, IR_ADD, t, 0, 8);
	ir_store(blk, IR_ST64, 1, t, 0);   /* page[8..15] = x1 */
	ir_store(blk, IR_ST8, 1, 0, 0x20); /* page[0x20] = 0xf0 */
	ir_store(blk, IR_ST16, 1, 0, 0x22);
	ir_store(blk, IR_ST32, 1, 0, 0x24);
	ir_load(blk, IR_LD8U, 2, t, 0);
	ir_load(blk, IR_LD8S, 3, t, 0);
	ir_load(blk, IR_LD16S, 4, 0, 0x22);
	ir_load(blk, IR_LD32S, 5, t, -8 + 0x24);
	ir_load(blk, IR_LD32U, 6, 0, 0x24);
	ir_load(blk, IR_LD64, 7, 0, 8);
	ir_exit(blk, BLOCK_PC + 4);
	cpu->slots[0] = MAPPED_VA;
	cpu->slots[1] = 0x1122334455667788ULL | 0x80f0; /* low bytes 0xf0, 0xf0|0x80.. */
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_false(soft_cpu_faulted(cpu));
	assert_int_equal(fx->page[8], 0xf8);
	assert_int_equal(fx->page[0x20], 0xf8);
	assert_int_equal(fx->page[0x21], 0);
	assert_int_equal(cpu->slots[2], 0xf8);
	assert_int_equal(cpu->slots[3], 0xfffffffffffffff8ULL);
	assert_int_equal(cpu->slots[4], 0xfffffffffffff7f8ULL);
	assert_int_equal(cpu->slots[5], 0x5566f7f8ULL);
	assert_int_equal(cpu->slots[6], 0x5566f7f8ULL);
	assert_int_equal(cpu->slots[7], 0x112233445566f7f8ULL);
	assert_int_equal(cpu->instret, 1);
}

static void test_load_trap_on_miss(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	struct ir_block *blk = fx->blk;

	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_movi(blk, 1, 11);
	ir_begin_guest(blk, BLOCK_PC + 4, NULL, 0);
	ir_movi(blk, 2, 22);
	ir_begin_guest(blk, BLOCK_PC + 6, NULL, 0);
	ir_load(blk, IR_LD32U, 3, 0, 0x10);
	ir_movi(blk, 4, 44);
	ir_exit(blk, BLOCK_PC + 10);
	cpu->slots[0] = UNMAPPED_VA;
	cpu->slots[3] = 0x33;
	cpu->instret = 100;
	assert_int_equal(run(fx), INTERP_EXIT_TRAP);
	assert_true(soft_cpu_faulted(cpu));
	assert_int_equal(cpu->fault.code, CAUSE_LOAD);
	assert_int_equal(cpu->fault.value, UNMAPPED_VA + 0x10);
	assert_int_equal(cpu->pc, BLOCK_PC + 6);
	assert_int_equal(cpu->instret, 102);
	assert_int_equal(cpu->slots[1], 11);
	assert_int_equal(cpu->slots[2], 22);
	assert_int_equal(cpu->slots[3], 0x33);
	assert_int_equal(cpu->slots[4], 0);
}

static void test_store_trap_on_miss(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	struct ir_block *blk = fx->blk;

	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_store(blk, IR_ST8, 1, 0, 0); /* mapped */
	ir_begin_guest(blk, BLOCK_PC + 4, NULL, 0);
	ir_store(blk, IR_ST64, 1, 0, 0x10000); /* unmapped */
	ir_exit(blk, BLOCK_PC + 8);
	cpu->slots[0] = MAPPED_VA;
	cpu->slots[1] = 0x5a;
	assert_int_equal(run(fx), INTERP_EXIT_TRAP);
	assert_int_equal(cpu->fault.code, CAUSE_STORE);
	assert_int_equal(cpu->pc, BLOCK_PC + 4);
	assert_int_equal(cpu->instret, 1);
	assert_int_equal(fx->page[0], 0x5a);
}

static void build_branch_block(struct ir_block *blk, enum ir_op cond)
{
	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_movi(blk, 3, 1);
	ir_begin_guest(blk, BLOCK_PC + 4, NULL, 0);
	ir_br(blk, cond, 1, 2, 0x90000000);
	ir_movi(blk, 4, 2);
	ir_begin_guest(blk, BLOCK_PC + 8, NULL, 0);
	ir_exit(blk, BLOCK_PC + 12);
}

static void test_branches(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;

	cpu->slots[1] = (uint64_t)-1;
	cpu->slots[2] = 1;
	build_branch_block(fx->blk, IR_BRLT); /* -1 < 1: taken */
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_int_equal(cpu->pc, 0x90000000);
	assert_int_equal(cpu->instret, 2);
	assert_int_equal(cpu->slots[3], 1);
	assert_int_equal(cpu->slots[4], 0);

	ir_block_reset(fx->blk, BLOCK_PC, 0);
	build_branch_block(fx->blk, IR_BRLTU); /* ~0 <u 1: not taken */
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_int_equal(cpu->pc, BLOCK_PC + 12);
	assert_int_equal(cpu->instret, 5);
	assert_int_equal(cpu->slots[4], 2);
}

static void test_helper_call(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	struct ir_block *blk = fx->blk;

	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_call(blk, H_RECORD, 3, 1, 2, 100);
	ir_call(blk, H_RECORD, IR_NO_SLOT, IR_NO_SLOT, 2, -1);
	ir_exit(blk, BLOCK_PC + 4);
	cpu->slots[1] = 10;
	cpu->slots[2] = 20;
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_int_equal(calls, 2);
	assert_int_equal(cpu->slots[3], 130);
	assert_int_equal(seen_a, 0);
	assert_int_equal(seen_b, 20);
	assert_int_equal(seen_imm, ~0ULL);
	assert_int_equal(cpu->pc, BLOCK_PC + 4);
}

static void test_helper_trap(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	struct ir_block *blk = fx->blk;

	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_call(blk, H_TRAP, 3, 0, IR_NO_SLOT, 0); /* a = 0: no trap, dst written */
	ir_begin_guest(blk, BLOCK_PC + 4, NULL, 0);
	ir_call(blk, H_TRAP, 4, 1, IR_NO_SLOT, 0); /* traps: dst untouched */
	ir_movi(blk, 5, 55);
	ir_exit(blk, BLOCK_PC + 8);
	assert_int_equal(blk->insns[0].flags, IR_HF_MAY_TRAP);
	cpu->slots[0] = 0;
	cpu->slots[1] = 0x77;
	cpu->slots[4] = 0x44;
	assert_int_equal(run(fx), INTERP_EXIT_TRAP);
	assert_int_equal(calls, 2);
	assert_int_equal(cpu->slots[3], 0xbad);
	assert_int_equal(cpu->slots[4], 0x44);
	assert_int_equal(cpu->slots[5], 0);
	assert_int_equal(cpu->fault.code, CAUSE_HELPER);
	assert_int_equal(cpu->fault.value, 0x77);
	assert_int_equal(cpu->pc, BLOCK_PC + 4);
	assert_int_equal(cpu->instret, 1);
}

static void test_exit_ind_and_cpu(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	struct ir_block *blk = fx->blk;

	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_begin_guest(blk, BLOCK_PC + 4, NULL, 0);
	ir_alu2i(blk, IR_AND, 2, 1, -2);
	ir_exit_ind(blk, 2);
	cpu->slots[1] = 0x80001235;
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_int_equal(cpu->pc, 0x80001234);
	assert_int_equal(cpu->instret, 2);

	ir_block_reset(blk, BLOCK_PC, 0);
	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_call(blk, H_SETPC, IR_NO_SLOT, 1, IR_NO_SLOT, 0);
	ir_exit_cpu(blk);
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_int_equal(cpu->pc, 0x80001235);
	assert_int_equal(cpu->instret, 3);
}

/* The division idioms of other ISAs (ir_ops.h): AArch64's x / 0 = 0 by a select on the
 * divisor; x86's #DE by a trapping check before the divide, which stops the block at the
 * dividing instruction with nothing of it written. */
static void test_division_idioms(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	struct ir_block *blk = fx->blk;
	unsigned q = ir_temp(blk), zero = ir_temp(blk);

	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_alu2(blk, IR_DIVU, q, 1, 2);
	ir_movi(blk, zero, 0);
	ir_alu3(blk, IR_SELECT, 3, q, zero, 2); /* x3 = x2 ? x1 / x2 : 0 */
	ir_begin_guest(blk, BLOCK_PC + 4, NULL, 0);
	ir_call(blk, H_DIVCHECK, IR_NO_SLOT, 1, 2, 64);
	ir_alu2(blk, IR_DIVU, 4, 1, 2);
	ir_alu2(blk, IR_REMU, 5, 1, 2);
	ir_exit(blk, BLOCK_PC + 8);
	cpu->slots[1] = 7;
	cpu->slots[2] = 2;
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_int_equal(cpu->slots[3], 3);
	assert_int_equal(cpu->slots[4], 3);
	assert_int_equal(cpu->slots[5], 1);
	cpu->slots[2] = 0;
	cpu->slots[4] = cpu->slots[5] = 0x44;
	cpu->instret = 0;
	assert_int_equal(run(fx), INTERP_EXIT_TRAP);
	assert_int_equal(cpu->slots[3], 0); /* AArch64: x / 0 = 0 */
	assert_int_equal(cpu->fault.code, CAUSE_HELPER);
	assert_int_equal(cpu->pc, BLOCK_PC + 4); /* x86: #DE at the divide */
	assert_int_equal(cpu->instret, 1);
	assert_int_equal(cpu->slots[4], 0x44);
	assert_int_equal(cpu->slots[5], 0x44);
}

/* An optimized block computes the same registers as the original one. */
static void test_optimized_block_agrees(void **state)
{
	struct fixture *fx = *state;
	struct soft_cpu *cpu = fx->cpu;
	struct ir_block *blk = fx->blk;
	uint64_t before[NREGS];
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk);

	ir_begin_guest(blk, BLOCK_PC, NULL, 0);
	ir_movi(blk, t1, 12);
	ir_alu2(blk, IR_MUL, 2, 1, t1);
	ir_mov(blk, t2, 2);
	ir_alu2i(blk, IR_SUB, 3, t2, 7);
	ir_alu2(blk, IR_XOR, 4, 3, 3);
	ir_begin_guest(blk, BLOCK_PC + 4, NULL, 0);
	ir_store(blk, IR_ST64, 3, 0, 16);
	ir_load(blk, IR_LD64, 5, 0, 16);
	ir_alu2i(blk, IR_ADD, 6, 5, 0);
	ir_exit(blk, BLOCK_PC + 8);
	cpu->slots[0] = MAPPED_VA;
	cpu->slots[1] = 5;
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	memcpy(before, cpu->slots, sizeof(before));
	ir_optimize(blk);
	assert_true(blk->ninsns < 9);
	memset(cpu->slots + 2, 0, (NREGS - 2) * sizeof(uint64_t));
	assert_int_equal(run(fx), INTERP_EXIT_PC);
	assert_memory_equal(before, cpu->slots, sizeof(before));
	assert_int_equal(cpu->slots[6], 53);
}

static int64_t rnd_imm(void)
{
	static const int64_t special[] = {0, 1, -1, 2, 8, 31, 32, 63, 64, 0x7fffffff, INT64_MIN};

	if (rnd_below(2))
		return special[rnd_below(ARRAY_SIZE(special))];
	return (int64_t)(rnd() >> rnd_below(64));
}

struct fuzz_gen {
	struct ir_block *blk;
	unsigned written[IR_MAX_TEMPS];
	unsigned nwritten;
};

/* A readable slot: a guest register or an already written temp. */
static unsigned rnd_src(struct fuzz_gen *g)
{
	if (g->nwritten && rnd_below(2))
		return g->written[rnd_below(g->nwritten)];
	return rnd_below(NREGS);
}

/* A destination: a guest register other than the base register 0, or a temp. */
static unsigned rnd_dst(struct fuzz_gen *g)
{
	unsigned t;

	if (rnd_below(2))
		return 1 + rnd_below(NREGS - 1);
	if (g->nwritten && rnd_below(2))
		return g->written[rnd_below(g->nwritten)];
	t = ir_temp(g->blk);
	g->written[g->nwritten++] = t;
	return t;
}

static unsigned rnd_op_of_kind(unsigned kind)
{
	unsigned op;

	do
		op = rnd_below(IR_OP_COUNT);
	while (ir_op_info[op].kind != kind);
	return op;
}

static void fuzz_emit_one(struct fuzz_gen *g, uint64_t pc)
{
	struct ir_block *blk = g->blk;
	unsigned a = rnd_src(g), b = rnd_src(g), choice = rnd_below(21);
	/* Mostly in the mapped page; sometimes a TLB miss, which traps. */
	int64_t off = (int64_t)(rnd_below(PAGE_SIZE / 8) * 8) + (rnd_below(6) ? 0 : 0x10000);

	if (choice < 4) {
		ir_movi(blk, rnd_dst(g), rnd_imm());
	} else if (choice < 8) {
		ir_alu2(blk, rnd_op_of_kind(IR_K_ALU2), rnd_dst(g), a, b);
	} else if (choice < 11) {
		ir_alu2i(blk, rnd_op_of_kind(IR_K_ALU2), rnd_dst(g), a, rnd_imm());
	} else if (choice < 13) {
		unsigned c = rnd_src(g); /* before rnd_dst, which may start a new temp */

		if (rnd_below(3))
			ir_alu1(blk, rnd_op_of_kind(IR_K_ALU1), rnd_dst(g), a);
		else
			ir_alu3(blk, rnd_op_of_kind(IR_K_ALU3), rnd_dst(g), a, b, c);
	} else if (choice < 14) {
		ir_mov(blk, rnd_dst(g), a);
	} else if (choice < 15) {
		ir_load(blk, rnd_op_of_kind(IR_K_LOAD), rnd_dst(g), 0, off);
	} else if (choice < 16) {
		ir_store(blk, rnd_op_of_kind(IR_K_STORE), a, 0, off);
	} else if (choice < 17) {
		ir_br(blk, rnd_op_of_kind(IR_K_BR), a, b, pc + 0x1000);
	} else if (choice < 18) {
		ir_call(blk, H_PURE, rnd_dst(g), a, b, rnd_imm());
	} else if (choice < 19) {
		ir_call(blk, H_WREGS, rnd_below(2) ? rnd_dst(g) : IR_NO_SLOT, a, b, 0);
	} else if (choice < 20) {
		ir_call(blk, H_TRAP, rnd_dst(g), a, IR_NO_SLOT, 0);
	} else {
		ir_barrier(blk, rnd_below(IR_BAR_ALL + 1));
	}
}

static void fuzz_build(struct ir_block *blk)
{
	struct fuzz_gen g = {.blk = blk};
	unsigned i, n = 1 + rnd_below(12);
	uint64_t pc = BLOCK_PC;

	ir_block_reset(blk, BLOCK_PC, 0);
	for (i = 0; i < n; i++, pc += 4) {
		unsigned k, m = 1 + rnd_below(4);

		ir_begin_guest(blk, pc, NULL, 0);
		for (k = 0; k < m; k++)
			fuzz_emit_one(&g, pc);
	}
	if (rnd_below(2))
		ir_exit(blk, pc);
	else
		ir_exit_ind(blk, rnd_src(&g));
}

struct fuzz_result {
	enum interp_exit exit;
	uint64_t pc, instret, cause, tval;
	bool trap;
	uint64_t regs[NREGS];
	uint8_t mem[PAGE_SIZE];
};

static void fuzz_run(struct fixture *fx, const uint64_t *regs, struct fuzz_result *r)
{
	struct soft_cpu *cpu = fx->cpu;
	unsigned i;

	for (i = 0; i < PAGE_SIZE; i++)
		fx->page[i] = (uint8_t)(i * 7 + 3);
	memset(cpu->slots, 0, sizeof(cpu->slots));
	memcpy(cpu->slots, regs, sizeof(r->regs));
	soft_cpu_clear_fault(cpu);
	cpu->instret = 0;
	r->exit = run(fx);
	r->pc = cpu->pc;
	r->instret = cpu->instret;
	r->trap = soft_cpu_faulted(cpu);
	r->cause = r->trap ? cpu->fault.code : 0;
	r->tval = r->trap ? cpu->fault.value : 0;
	memcpy(r->regs, cpu->slots, sizeof(r->regs));
	memcpy(r->mem, fx->page, PAGE_SIZE);
}

/* Member by member: the struct's padding bytes are no result. */
static bool fuzz_result_equal(const struct fuzz_result *a, const struct fuzz_result *b)
{
	return a->exit == b->exit && a->pc == b->pc && a->instret == b->instret &&
	       a->cause == b->cause && a->tval == b->tval && a->trap == b->trap &&
	       !memcmp(a->regs, b->regs, sizeof(a->regs)) &&
	       !memcmp(a->mem, b->mem, sizeof(a->mem));
}

/* Random blocks give the same guest-visible results before and after ir_optimize. */
static void test_fuzz_optimizer(void **state)
{
	struct fixture *fx = *state;
	static struct fuzz_result before, after;
	uint64_t regs[NREGS];
	unsigned iter, i;

	for (iter = 0; iter < 20000; iter++) {
		fuzz_build(fx->blk);
		regs[0] = MAPPED_VA;
		for (i = 1; i < NREGS; i++)
			regs[i] = rnd_below(4) ? (uint64_t)rnd_imm() : 0x77;
		fuzz_run(fx, regs, &before);
		ir_optimize(fx->blk);
		fuzz_run(fx, regs, &after);
		if (!fuzz_result_equal(&before, &after)) {
			ir_print(stderr, fx->blk);
			fail_msg("iteration %u: optimized block disagrees (pc %#lx vs %#lx)", iter,
				 (unsigned long)before.pc, (unsigned long)after.pc);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_alu_matches_eval, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_store, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_trap_on_miss, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_trap_on_miss, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_branches, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_helper_call, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_helper_trap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_exit_ind_and_cpu, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_division_idioms, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_optimized_block_agrees, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fuzz_optimizer, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
