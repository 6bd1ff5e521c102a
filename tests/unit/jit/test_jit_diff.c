/*
 * test_jit_diff.c - differential test of the x86-64 JIT against the IR
 * interpreter: random IR blocks (every ALU op, the three-input ones included,
 * with random and edge-case operands, barriers, loads and stores that hit, miss, fault, go
 * misaligned, hit MMIO or a code page, helper calls that trap or write registers, side exits and
 * all three exit kinds) run from the same state under interp_exec() and
 * under the compiled code; guest register slots, pc, instret, the fault record,
 * RAM, page words and TLB counters must match (temps die at block end: the
 * JIT may keep them in host registers only). A failure prints the seed and the block.
 * FVP_JIT_DIFF_SEED=n and FVP_JIT_DIFF_ITERS=n override the defaults.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/frontend_ops.h"
#include "core/memory.h"
#include "engine/interp/interp_exec.h"
#include "engine/jit/jit.h"
#include "engine/tcache.h"
#include "ir/ir_semantics.h"
#include "mem/mmu.h"
#include "../test_random.h"

#define RAM_BASE  0x80000000ull
#define RAM_PAGES 16u
#define RAM_SIZE  (RAM_PAGES * PAGE_SIZE)
#define MMIO_BASE 0x10000000ull
#define VA_OFFSET 0x40000000ull				 /* vaddr = paddr - VA_OFFSET */
#define FAULT_VA  (RAM_BASE - VA_OFFSET + 3 * PAGE_SIZE) /* the walker faults on this page */
#define CODE_PAGE 5u					 /* RAM page marked PAGE_CODE */
#define NREGS	  16u
#define BASE_REG  15u /* holds a RAM vaddr */
#define MMIO_REG  14u /* holds the MMIO vaddr */
#define BLOCK_PC  0x40001000ull

static int fake_walk(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned idx,
		     uint64_t *paddr, unsigned *prot)
{
	if ((vaddr & PAGE_MASK) == FAULT_VA) {
		soft_cpu_fault(cpu, FAULT_PAGE, acc, idx, vaddr);
		return -1;
	}
	*paddr = vaddr + VA_OFFSET;
	*prot = PROT_R | PROT_W | PROT_X;
	return 0;
}

static uint64_t mmio_reg;

static uint64_t fake_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	return mmio_reg ^ off;
}

static void fake_mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	mmio_reg = val + off;
}

static const struct mmio_ops fake_mmio = {.read = fake_mmio_read, .write = fake_mmio_write};

static uint64_t helper_mix(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	return (a * 0x9e3779b97f4a7c15ull) ^ (b >> 3) ^ imm;
}

static uint64_t helper_maybe_trap(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	if ((a & 3) == 1) {
		vcpu_raise(cpu, 77, a);
		return 0xdead;
	}
	return a + b;
}

static uint64_t helper_regs(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	cpu->slots[3] += a + cpu->slots[4];
	soft_cpu_set_regimes(cpu, (unsigned)(imm & 1), 0);
	return b;
}

static const struct ir_helper fake_helpers[] = {
    {"mix", helper_mix, IR_HF_PURE},
    {"maybe_trap", helper_maybe_trap, IR_HF_MAY_TRAP},
    {"regs", helper_regs, IR_HF_READS_REGS | IR_HF_WRITES_REGS},
};

static const char *const reg_names[NREGS] = {"r0", "r1", "r2",	"r3",  "r4",  "r5",  "r6",  "r7",
					     "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

static uint32_t fake_flags(struct soft_cpu *cpu)
{
	return 0;
}

static const struct frontend_ops fake_fe = {
    .name = "fake",
    .nregs = NREGS,
    .reg_names = reg_names,
    .helpers = fake_helpers,
    .nhelpers = ARRAY_SIZE(fake_helpers),
    .mmu_translate = fake_walk,
    .tlb_regimes = 2,
    .block_flags = fake_flags,
};

struct snapshot {
	uint64_t slots[IR_MAX_SLOTS];
	uint64_t pc, instret, tlb_hits, tlb_misses, mmio;
	struct cpu_fault fault;
	uint8_t ram[RAM_SIZE];
	uint32_t words[RAM_PAGES];
	int exit_kind; /* 0 pc, 1 trap */
};

struct fixture {
	struct soft_cpu *cpu;
	struct address_space *as;
	uint8_t *ram;
	struct ir_block *blk;
	struct snapshot init, a, b;
};

static struct fixture fx;

static uint64_t interesting(void)
{
	static const uint64_t edge[] = {RND_EDGE_VALUES};

	return rnd_interesting(edge, ARRAY_SIZE(edge));
}

static unsigned any_slot(unsigned ntemps_defined)
{
	if (ntemps_defined && rnd_below(3) == 0)
		return NREGS + rnd_below(ntemps_defined);
	return rnd_below(NREGS - 2);
}

static void gen_block(struct ir_block *blk)
{
	unsigned nguest = 1 + rnd_below(12), temps = 0;
	static const enum ir_op branches[] = {IR_BREQ, IR_BRNE,	 IR_BRLT,
					      IR_BRGE, IR_BRLTU, IR_BRGEU};

	ir_block_reset(blk, BLOCK_PC, 0);
	for (unsigned g = 0; g < nguest; g++) {
		unsigned nops = 1 + rnd_below(3);

		ir_begin_guest(blk, BLOCK_PC + 4 * g, NULL, 0);
		for (unsigned k = 0; k < nops; k++) {
			unsigned choice = rnd_below(108);
			bool has_dst = choice < 80 || choice >= 102;
			unsigned dst = has_dst && rnd_below(3) == 0 && temps < 8
					   ? ir_temp(blk)
					   : rnd_below(NREGS - 2);
			if (choice < 45) {
				enum ir_op op = (enum ir_op)rnd_below(IR_MOV);
				if (ir_op_info[op].kind == IR_K_ALU2I)
					ir_emit(blk, op, dst, any_slot(temps), IR_NO_SLOT,
						(int64_t)interesting());
				else
					ir_emit(blk, op, dst, any_slot(temps), any_slot(temps), 0);
			} else if (choice < 60) {
				enum ir_op op = (enum ir_op)(IR_MOV + rnd_below(IR_MOVI - IR_MOV));
				ir_emit(blk, op, dst, any_slot(temps), IR_NO_SLOT, 0);
			} else if (choice < 65) {
				ir_movi(blk, dst, (int64_t)interesting());
			} else if (choice < 80) {
				enum ir_op op = (enum ir_op)(IR_LD8U + rnd_below(IR_ST8 - IR_LD8U));
				unsigned base = rnd_below(8) == 0 ? MMIO_REG : BASE_REG;
				ir_load(blk, op, dst, base, (int64_t)rnd_below(8 * PAGE_SIZE) - 64);
			} else if (choice < 92) {
				enum ir_op op = (enum ir_op)(IR_ST8 + rnd_below(IR_CALL - IR_ST8));
				unsigned base = rnd_below(8) == 0 ? MMIO_REG : BASE_REG;
				ir_store(blk, op, any_slot(temps), base,
					 (int64_t)rnd_below(8 * PAGE_SIZE) - 64);
			} else if (choice < 96) {
				unsigned h = rnd_below(ARRAY_SIZE(fake_helpers));
				ir_call(blk, h, rnd_below(4) ? dst : IR_NO_SLOT, any_slot(temps),
					rnd_below(2) ? any_slot(temps) : IR_NO_SLOT,
					(int64_t)rnd_below(4));
			} else if (choice < 100) {
				uint64_t target = rnd_below(2) ? BLOCK_PC + 8 * rnd_below(64)
							       : 0x50000000ull + 4 * rnd_below(64);
				ir_br(blk, branches[rnd_below(ARRAY_SIZE(branches))],
				      any_slot(temps), any_slot(temps), target);
			} else if (choice < 102) {
				ir_barrier(blk, rnd_below(IR_BAR_ALL + 1));
			} else {
				enum ir_op op =
				    (enum ir_op)(IR_SELECT + rnd_below(IR_NOP - IR_SELECT));
				ir_alu3(blk, op, dst, any_slot(temps), any_slot(temps),
					any_slot(temps));
			}
			if (has_dst && dst >= NREGS)
				temps = dst - NREGS + 1; /* temps are allocated in order */
		}
	}
	switch (rnd_below(3)) {
	case 0:
		ir_exit(blk, BLOCK_PC + 4 * nguest);
		break;
	case 1:
		ir_exit_ind(blk, any_slot(temps));
		break;
	default:
		ir_call(blk, 2, IR_NO_SLOT, any_slot(temps), IR_NO_SLOT, 0);
		ir_exit_cpu(blk);
		break;
	}
	blk->end_pc = BLOCK_PC + 4 * nguest;
}

static void load_state(const struct snapshot *s)
{
	struct soft_cpu *cpu = fx.cpu;

	memcpy(cpu->slots, s->slots, sizeof(cpu->slots));
	cpu->pc = s->pc;
	cpu->instret = s->instret;
	cpu->fault = (struct cpu_fault){.kind = FAULT_NONE};
	soft_cpu_set_regimes(cpu, 0, 0);
	tlb_flush_all(&cpu->tlb);
	cpu->tlb.hits = cpu->tlb.misses = 0;
	mmio_reg = s->mmio;
	memcpy(fx.ram, s->ram, RAM_SIZE);
	for (unsigned i = 0; i < RAM_PAGES; i++)
		*as_page_word(fx.as, RAM_BASE + i * PAGE_SIZE) = s->words[i];
}

static void save_state(struct snapshot *s, int exit_kind)
{
	struct soft_cpu *cpu = fx.cpu;

	memcpy(s->slots, cpu->slots, sizeof(s->slots));
	s->pc = cpu->pc;
	s->instret = cpu->instret;
	s->fault = cpu->fault;
	s->tlb_hits = cpu->tlb.hits;
	s->tlb_misses = cpu->tlb.misses;
	s->mmio = mmio_reg;
	memcpy(s->ram, fx.ram, RAM_SIZE);
	for (unsigned i = 0; i < RAM_PAGES; i++)
		s->words[i] = *as_page_word(fx.as, RAM_BASE + i * PAGE_SIZE);
	s->exit_kind = exit_kind;
}

static void init_state(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < IR_MAX_SLOTS; i++)
		s->slots[i] = i < NREGS + 16 ? interesting() : 0;
	s->slots[BASE_REG] = RAM_BASE - VA_OFFSET + rnd_below(64) * 8 + (rnd_below(8) == 0);
	s->slots[MMIO_REG] = MMIO_BASE - VA_OFFSET;
	s->pc = BLOCK_PC;
	s->instret = 1000;
	s->mmio = rnd();
	for (unsigned i = 0; i < RAM_SIZE; i++)
		s->ram[i] = (uint8_t)rnd();
	for (unsigned i = 0; i < RAM_PAGES; i++)
		s->words[i] = i == CODE_PAGE ? PAGE_CODE | (4u << 2) : 0;
}

static void report(unsigned long long seed, const char *what)
{
	fprintf(stderr, "divergence (%s) for seed %llu; block:\n", what, seed);
	ir_print(stderr, fx.blk);
}

static bool same_fault(const struct cpu_fault *x, const struct cpu_fault *y)
{
	return x->kind == y->kind && x->access == y->access && x->regime == y->regime &&
	       x->addr == y->addr && x->code == y->code && x->value == y->value;
}

static bool same(const struct snapshot *x, const struct snapshot *y, unsigned long long seed)
{
	const char *what = NULL;

	if (x->exit_kind != y->exit_kind)
		what = "exit kind";
	else if (memcmp(x->slots, y->slots, NREGS * sizeof(x->slots[0])) != 0)
		what = "slots";
	else if (x->pc != y->pc)
		what = "pc";
	else if (x->instret != y->instret)
		what = "instret";
	else if (!same_fault(&x->fault, &y->fault))
		what = "trap";
	else if (memcmp(x->ram, y->ram, RAM_SIZE) != 0 ||
		 memcmp(x->words, y->words, sizeof(x->words)) != 0)
		what = "memory";
	else if (x->tlb_hits != y->tlb_hits || x->tlb_misses != y->tlb_misses)
		what = "tlb counters";
	else if (x->mmio != y->mmio)
		what = "mmio";
	if (!what)
		return true;
	report(seed, what);
	if (!strcmp(what, "slots"))
		for (unsigned i = 0; i < NREGS; i++)
			if (x->slots[i] != y->slots[i])
				fprintf(stderr, "  slot %u: interp 0x%llx jit 0x%llx\n", i,
					(unsigned long long)x->slots[i],
					(unsigned long long)y->slots[i]);
	fprintf(stderr, "  pc 0x%llx/0x%llx instret %llu/%llu trap %d/%d\n",
		(unsigned long long)x->pc, (unsigned long long)y->pc,
		(unsigned long long)x->instret, (unsigned long long)y->instret, (int)x->fault.kind,
		(int)y->fault.kind);
	return false;
}

static int run_one(unsigned long long seed)
{
	struct tcache *tc = fx.cpu->vcpu.engine_priv;
	struct tb *tb;
	uint32_t dummy_word = 0;
	char msg[128];
	uint64_t r;
	int ret;

	rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
	gen_block(fx.blk);
	if (ir_verify(fx.blk, msg, sizeof(msg)))
		return 0; /* the generator made an ill-formed block: not a JIT question */
	if (rnd_below(2))
		ir_optimize(fx.blk);
	init_state(&fx.init);
	tb = tcache_tb_new(fx.blk);
	assert_non_null(tb);
	tb->npages = 1;
	tb->page_word[0] = &dummy_word;
	ret = jit_compile(tc->jit, fx.cpu, tb);
	if (ret == -ENOSPC) {
		jit_reset(tc->jit);
		ret = jit_compile(tc->jit, fx.cpu, tb);
	}
	assert_int_equal(ret, 0);

	load_state(&fx.init);
	save_state(&fx.a, interp_exec(fx.cpu, tb->insns, tb->guest_off) == INTERP_EXIT_TRAP);
	load_state(&fx.init);
	r = jit_enter(tc->jit, fx.cpu, tc, tb->code);
	save_state(&fx.b, r == JIT_RET_TRAP);
	if (r > JIT_RET_TRAP) {
		struct jit_site *site = (struct jit_site *)(uintptr_t)r;
		if (site->src != tb || site->target_pc != fx.b.pc) {
			report(seed, "chain site");
			tcache_tb_free(tb);
			return -1;
		}
	}
	tcache_tb_free(tb);
	return same(&fx.a, &fx.b, seed) ? 0 : -1;
}

static void test_random_blocks(void **state)
{
	const char *s = getenv("FVP_JIT_DIFF_SEED");
	const char *n = getenv("FVP_JIT_DIFF_ITERS");
	unsigned long long first = s ? strtoull(s, NULL, 0) : 1;
	unsigned iters = n ? (unsigned)strtoul(n, NULL, 0) : (s ? 1 : 20000);
	unsigned failures = 0;

	for (unsigned i = 0; i < iters && failures < 5; i++)
		if (run_one(first + i))
			failures++;
	assert_int_equal(failures, 0);
}

/* Semantics spot checks the random operands may miss. */
static void test_div_edge_cases(void **state)
{
	static const struct {
		enum ir_op op;
		uint64_t a, b;
	} cases[] = {
	    {IR_DIV, 5, 0},
	    {IR_DIV, 1ull << 63, ~0ull},
	    {IR_REM, 1ull << 63, ~0ull},
	    {IR_REMU, 7, 0},
	    {IR_DIVW, 0x80000000, ~0ull},
	    {IR_REMW, 0x80000000, ~0ull},
	    {IR_DIVUW, 9, 0x100000000ull},
	    {IR_REMUW, 0xffffffff, 0},
	    {IR_SHLW, 1, 31},
	    {IR_SARW, 0x80000000, 33},
	    {IR_RORW, 1, 1},
	    {IR_ROL, 1, 65},
	    {IR_MULHSU, ~0ull, ~0ull},
	    {IR_MULH, 1ull << 63, 1ull << 63},
	    {IR_SHL32, 0xdead00000001ull, 32}, /* a 32-bit shift by 0 still zero-extends */
	    {IR_SAR32, 0xffffffff80000000ull, 64},
	    {IR_ROR32, 0xdead00000001ull, 0},
	    {IR_ROL32, 0xffffffff80000001ull, 1},
	    {IR_MUL32, ~0ull, ~0ull},
	    {IR_ADD32, 0xffffffff7fffffffull, 1},
	    {IR_CARRY32, 0xffffffffull, 1},
	    {IR_SUBOV, 0, 1ull << 63},
	    {IR_ADDOV32, 0x7fffffff, 0x100000001ull},
	};
	struct tcache *tc = fx.cpu->vcpu.engine_priv;

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tb *tb;
		uint64_t r;

		ir_block_reset(fx.blk, BLOCK_PC, 0);
		ir_begin_guest(fx.blk, BLOCK_PC, NULL, 0);
		ir_alu2(fx.blk, cases[i].op, 3, 1, 2);
		ir_exit_cpu(fx.blk);
		fx.blk->end_pc = BLOCK_PC + 4;
		tb = tcache_tb_new(fx.blk);
		assert_non_null(tb);
		assert_int_equal(jit_compile(tc->jit, fx.cpu, tb), 0);
		fx.cpu->slots[1] = cases[i].a;
		fx.cpu->slots[2] = cases[i].b;
		r = jit_enter(tc->jit, fx.cpu, tc, tb->code);
		assert_int_equal(r, JIT_RET_PC);
		assert_int_equal(fx.cpu->slots[3],
				 ir_eval_alu(cases[i].op, cases[i].a, cases[i].b, 0));
		tcache_tb_free(tb);
	}
}

/* Every ALU3 op with its operands and destination aliased every way (aliased slots get pinned:
 * the JIT's choice of work register must not clobber an operand). */
static void test_alu3_aliasing(void **state)
{
	static const uint8_t alias[][4] = {/* dst, a, b, c */
					   {3, 4, 5, 6}, {4, 4, 5, 6}, {5, 4, 5, 6}, {6, 4, 5, 6},
					   {3, 4, 4, 6}, {3, 4, 5, 4}, {3, 4, 5, 5}, {4, 4, 4, 4}};
	static const uint64_t vals[] = {0, 1, 2, ~0ull, 1ull << 63, 0x7fffffffffffffffull};
	struct tcache *tc = fx.cpu->vcpu.engine_priv;

	for (unsigned op = IR_SELECT; op < IR_NOP; op++) {
		for (unsigned k = 0; k < ARRAY_SIZE(alias); k++) {
			struct tb *tb;

			ir_block_reset(fx.blk, BLOCK_PC, 0);
			ir_begin_guest(fx.blk, BLOCK_PC, NULL, 0);
			ir_alu3(fx.blk, (enum ir_op)op, alias[k][0], alias[k][1], alias[k][2],
				alias[k][3]);
			ir_exit_cpu(fx.blk);
			fx.blk->end_pc = BLOCK_PC + 4;
			tb = tcache_tb_new(fx.blk);
			assert_non_null(tb);
			jit_reset(tc->jit);
			assert_int_equal(jit_compile(tc->jit, fx.cpu, tb), 0);
			for (unsigned v = 0; v < ARRAY_SIZE(vals) * ARRAY_SIZE(vals); v++) {
				uint64_t *sl = fx.cpu->slots, want;

				sl[4] = vals[v % ARRAY_SIZE(vals)];
				sl[5] = vals[v / ARRAY_SIZE(vals)];
				sl[6] = vals[(v + 3) % ARRAY_SIZE(vals)];
				want = ir_eval_alu3((enum ir_op)op, sl[alias[k][1]],
						    sl[alias[k][2]], sl[alias[k][3]]);
				assert_int_equal(jit_enter(tc->jit, fx.cpu, tc, tb->code),
						 JIT_RET_PC);
				assert_int_equal(sl[alias[k][0]], want);
			}
			tcache_tb_free(tb);
		}
	}
}

/* The compiled code of a one-insn block (then exit_cpu), for checks on the bytes emitted. */
static size_t compile_one(const struct ir_insn *insn, const uint8_t **code, struct tb **tbp)
{
	struct tcache *tc = fx.cpu->vcpu.engine_priv;
	size_t before;

	ir_block_reset(fx.blk, BLOCK_PC, 0);
	ir_begin_guest(fx.blk, BLOCK_PC, NULL, 0);
	*ir_emit(fx.blk, (enum ir_op)insn->op, insn->dst, insn->a, insn->b, insn->imm) = *insn;
	ir_exit_cpu(fx.blk);
	fx.blk->end_pc = BLOCK_PC + 4;
	*tbp = tcache_tb_new(fx.blk);
	assert_non_null(*tbp);
	jit_reset(tc->jit);
	before = jit_code_bytes(tc->jit);
	assert_int_equal(jit_compile(tc->jit, fx.cpu, *tbp), 0);
	*code = (*tbp)->chain_entry;
	return jit_code_bytes(tc->jit) - before;
}

static bool has_bytes(const uint8_t *code, size_t len, const uint8_t *pat, size_t plen)
{
	for (size_t i = 0; i + plen <= len; i++)
		if (!memcmp(code + i, pat, plen))
			return true;
	return false;
}

/* Only a barrier with store -> load order costs a host fence on x86-64 (lock or [rsp], 0). */
static void test_barrier_code(void **state)
{
	static const uint8_t lock_or[] = {0xf0, 0x48, 0x83, 0x0c, 0x24, 0x00};

	for (unsigned order = 0; order <= IR_BAR_ALL; order++) {
		struct ir_insn in = {.op = IR_BARRIER,
				     .dst = IR_NO_SLOT,
				     .a = IR_NO_SLOT,
				     .b = IR_NO_SLOT,
				     .imm = order};
		const uint8_t *code;
		struct tb *tb;
		size_t len = compile_one(&in, &code, &tb);

		assert_int_equal(has_bytes(code, len, lock_or, sizeof(lock_or)),
				 (order & IR_BAR_SL) != 0);
		tcache_tb_free(tb);
	}
}

static int setup(void **state)
{
	fx.as = as_create();
	assert_int_equal(as_add_ram(fx.as, RAM_BASE, RAM_SIZE), 0);
	assert_int_equal(as_add_mmio(fx.as, MMIO_BASE, 0x1000, &fake_mmio, NULL, "fake"), 0);
	fx.ram = as_ram_ptr(fx.as, RAM_BASE, RAM_SIZE);
	fx.cpu = calloc(1, sizeof(*fx.cpu));
	assert_int_equal(soft_cpu_init(fx.cpu, NULL, 0, &fake_fe), 0);
	fx.cpu->as = fx.as;
	assert_int_equal(tcache_vcpu_init(&fx.cpu->vcpu, TCACHE_JIT), 0);
	((struct tcache *)fx.cpu->vcpu.engine_priv)->count_tlb_hits = true;
	fx.blk = ir_block_new(NREGS, fake_helpers, reg_names);
	assert_non_null(fx.blk);
	return 0;
}

static int teardown(void **state)
{
	ir_block_free(fx.blk);
	tcache_vcpu_fini(&fx.cpu->vcpu);
	soft_cpu_fini(fx.cpu);
	free(fx.cpu);
	as_destroy(fx.as);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_div_edge_cases),
	    cmocka_unit_test(test_barrier_code),
	    cmocka_unit_test(test_alu3_aliasing),
	    cmocka_unit_test(test_random_blocks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
