/*
 * test_translate.c - riscv64 translation to IR: block ends, register
 * discipline (x0, JALR rd == rs1), SYSTEM instructions alone, illegal and
 * FP-disabled encodings, page boundaries and fetch faults, the instruction
 * lengths and bytes a block records and the -d in_asm listing made of them.
 *
 * Guest code lives in a two-page buffer at GUEST_BASE; the test's own
 * mmu_fetch reads it and records an instruction page fault outside
 * [GUEST_BASE, GUEST_BASE + mapped), so a fault on the second page can be
 * simulated. Every translated block must also pass ir_verify.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "arch/riscv64/cpu.h"
#include "arch/riscv64/decode.h"
#include "mem/mmu.h"

#define GUEST_BASE 0x80000000ULL
#define GUEST_SIZE (2 * PAGE_SIZE)

static uint8_t guest[GUEST_SIZE];
static uint64_t mapped = GUEST_SIZE;
static struct soft_cpu *cpu;
static struct ir_block *blk;

static const struct ir_helper test_helpers[RV64_H_COUNT] = {
#define TEST_HELPER(id, name_, flags_, ...) [RV64_H_##id] = {.name = #name_, .flags = (flags_)},
    RV64_FP_HELPERS(TEST_HELPER) RV64_AMO_HELPERS(TEST_HELPER) RV64_OTHER_HELPERS(TEST_HELPER)
#undef TEST_HELPER
};

int mmu_fetch(struct soft_cpu *c, uint64_t vaddr, unsigned len, uint8_t *buf)
{
	if (vaddr < GUEST_BASE || vaddr + len > GUEST_BASE + mapped) {
		soft_cpu_fault(c, FAULT_PAGE, MMU_EXEC, c->mmu_fetch,
			       vaddr < GUEST_BASE + mapped ? GUEST_BASE + mapped : vaddr);
		return -1;
	}
	memcpy(buf, &guest[vaddr - GUEST_BASE], len);
	return 0;
}

static void put32(uint64_t vaddr, uint32_t raw)
{
	memcpy(&guest[vaddr - GUEST_BASE], &raw, 4);
}

static void put16(uint64_t vaddr, uint16_t raw)
{
	memcpy(&guest[vaddr - GUEST_BASE], &raw, 2);
}

static int setup(void **state)
{
	(void)state;
	memset(guest, 0, sizeof(guest));
	mapped = GUEST_SIZE;
	cpu = calloc(1, sizeof(*cpu));
	blk = ir_block_new(RV_NREGS, test_helpers, NULL);
	return cpu && blk ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(cpu);
	ir_block_free(blk);
	return 0;
}

/* Translate under privilege priv and mstatus.FS fs. */
static int translate_priv(uint64_t pc, unsigned priv, unsigned fs)
{
	char msg[128];
	int ret;

	cpu->pc = pc;
	soft_cpu_clear_fault(cpu);
	ir_block_reset(blk, pc, priv | fs << 2);
	ret = rv64_translate_block(cpu, blk);
	if (ret == 0 && ir_verify(blk, msg, sizeof(msg)) != 0) {
		ir_print(stderr, blk);
		fail_msg("ir_verify: %s", msg);
	}
	return ret;
}

/* fs: mstatus.FS to translate under (privilege S). */
static int translate_at(uint64_t pc, unsigned fs)
{
	return translate_priv(pc, RV_PRIV_S, fs);
}

static const struct ir_insn *last_insn(void)
{
	assert_true(blk->ninsns > 0);
	return &blk->insns[blk->ninsns - 1];
}

static unsigned count_op(enum ir_op op)
{
	unsigned n = 0;

	for (unsigned i = 0; i < blk->ninsns; i++)
		n += blk->insns[i].op == op;
	return n;
}

static const struct ir_insn *find_op(enum ir_op op)
{
	for (unsigned i = 0; i < blk->ninsns; i++)
		if (blk->insns[i].op == op)
			return &blk->insns[i];
	fail_msg("op %u not found", op);
	return NULL;
}

static bool is_temp(unsigned slot)
{
	return slot >= RV_NREGS && slot != IR_NO_SLOT;
}

static void test_branch_block(void **state)
{
	const uint64_t pc = GUEST_BASE;
	const struct ir_insn *br;

	(void)state;
	put32(pc, 0x00150513);	   /* addi a0, a0, 1 */
	put32(pc + 4, 0x00b50863); /* beq a0, a1, +16 */
	put32(pc + 8, 0x00150513); /* not part of the block */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 2);
	assert_int_equal(blk->end_pc, pc + 8);
	assert_int_equal(blk->insns[0].op, IR_ADDI);
	assert_int_equal(blk->insns[0].dst, RV_SLOT_X(10));
	assert_int_equal(blk->insns[0].a, RV_SLOT_X(10));
	assert_int_equal(blk->insns[0].imm, 1);
	br = find_op(IR_BREQ);
	assert_int_equal(br->a, RV_SLOT_X(10));
	assert_int_equal(br->b, RV_SLOT_X(11));
	assert_int_equal((uint64_t)br->imm, pc + 4 + 16);
	assert_int_equal(br->gidx, 1);
	assert_int_equal(last_insn()->op, IR_EXIT);
	assert_int_equal((uint64_t)last_insn()->imm, pc + 8);
	assert_int_equal(blk->guest_off[1], 4);
	assert_int_equal(blk->guest_len[1], 4);
	assert_memory_equal(&blk->guest_bytes[4], "\x63\x08\xb5\x00", 4);
}

static void test_compressed_branch(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x100;
	const struct ir_insn *br;

	(void)state;
	put16(pc, 0x0505);     /* c.addi a0, 1 */
	put16(pc + 2, 0xc111); /* c.beqz a0, +4 */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 2);
	assert_int_equal(blk->end_pc, pc + 4);
	br = find_op(IR_BREQ);
	assert_int_equal(br->a, RV_SLOT_X(10));
	assert_int_equal(br->b, RV_SLOT_X(0));
	assert_int_equal((uint64_t)br->imm, pc + 2 + 4);
	assert_int_equal((uint64_t)last_insn()->imm, pc + 4);
	assert_int_equal(blk->guest_len[0], 2);
	assert_memory_equal(&blk->guest_bytes[0], "\x05\x05", 2);
}

static void test_jalr_rd_equals_rs1(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x200;
	const struct ir_insn *add, *and, *mov, *exit;

	(void)state;
	put32(pc, 0x00850567); /* jalr a0, 8(a0) */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 1);
	assert_int_equal(blk->ninsns, 4);
	add = &blk->insns[0];
	and = &blk->insns[1];
	mov = &blk->insns[2];
	exit = &blk->insns[3];
	assert_int_equal(add->op, IR_ADDI);
	assert_true(is_temp(add->dst));
	assert_int_equal(add->a, RV_SLOT_X(10));
	assert_int_equal(add->imm, 8);
	assert_int_equal(and->op, IR_ANDI);
	assert_int_equal(and->a, add->dst);
	assert_int_equal(and->imm, ~(int64_t)1);
	assert_int_equal(mov->op, IR_MOVI);
	assert_int_equal(mov->dst, RV_SLOT_X(10));
	assert_int_equal((uint64_t)mov->imm, pc + 4);
	assert_int_equal(exit->op, IR_EXIT_IND);
	assert_int_equal(exit->a, and->dst);
}

static void test_x0_destination_dropped(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x300;
	const struct ir_insn *load;

	(void)state;
	put32(pc, 0x00b50033);	    /* add zero, a0, a1 */
	put32(pc + 4, 0x00000013);  /* nop */
	put32(pc + 8, 0x00052003);  /* lw zero, 0(a0): may trap, kept */
	put32(pc + 12, 0x12345037); /* lui zero, 0x12345 */
	put32(pc + 16, 0x60051013); /* clz zero, a0 */
	put32(pc + 20, 0x0080006f); /* jal zero, +8 */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 6);
	for (unsigned i = 0; i < blk->ninsns; i++)
		assert_int_not_equal(blk->insns[i].dst, RV_SLOT_X(0));
	assert_int_equal(count_op(IR_LD32S), 1);
	load = find_op(IR_LD32S);
	assert_true(is_temp(load->dst));
	assert_int_equal(load->gidx, 2);
	assert_int_equal(blk->ninsns, 2);
	assert_int_equal(last_insn()->op, IR_EXIT);
	assert_int_equal((uint64_t)last_insn()->imm, pc + 20 + 8);
}

static void test_jal_links(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x380;

	(void)state;
	put32(pc, 0xff9ff0ef); /* jal ra, -8 */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->ninsns, 2);
	assert_int_equal(blk->insns[0].op, IR_MOVI);
	assert_int_equal(blk->insns[0].dst, RV_SLOT_X(1));
	assert_int_equal((uint64_t)blk->insns[0].imm, pc + 4);
	assert_int_equal((uint64_t)last_insn()->imm, pc - 8);
}

static void test_page_boundary(void **state)
{
	const uint64_t pc = GUEST_BASE + PAGE_SIZE - 8;

	(void)state;
	put32(pc, 0x00150513);	   /* addi a0, a0, 1 */
	put32(pc + 4, 0x00150513); /* addi a0, a0, 1 */
	put32(pc + 8, 0x00150513); /* next page */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 2);
	assert_int_equal(blk->end_pc, GUEST_BASE + PAGE_SIZE);
	assert_int_equal(last_insn()->op, IR_EXIT);
	assert_int_equal((uint64_t)last_insn()->imm, GUEST_BASE + PAGE_SIZE);
}

static void test_straddling_instruction(void **state)
{
	const uint64_t pc = GUEST_BASE + PAGE_SIZE - 4;

	(void)state;
	put16(pc, 0x0001);	   /* c.nop */
	put32(pc + 2, 0x00150513); /* addi a0, a0, 1: straddles the page boundary */
	/* Second page mapped: the straddling instruction is the block's last. */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 2);
	assert_int_equal(blk->guest_len[1], 4);
	assert_memory_equal(&blk->guest_bytes[2], "\x13\x05\x15\x00", 4);
	assert_int_equal(blk->end_pc, pc + 6);
	assert_false(soft_cpu_faulted(cpu));
	/* Second page faults: the block ends before it, no trap is left pending. */
	mapped = PAGE_SIZE;
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 1);
	assert_int_equal(blk->end_pc, pc + 2);
	assert_int_equal((uint64_t)last_insn()->imm, pc + 2);
	assert_false(soft_cpu_faulted(cpu));
	/* ...and when it is the first instruction, translation fails with the trap raised. */
	assert_int_equal(translate_at(pc + 2, 1), -1);
	assert_true(soft_cpu_faulted(cpu));
	assert_int_equal(cpu->fault.kind, FAULT_PAGE);
	assert_int_equal(cpu->fault.access, MMU_EXEC);
	assert_int_equal(cpu->fault.addr, GUEST_BASE + PAGE_SIZE);
}

static void test_system_alone(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x400;
	const struct ir_insn *call;

	(void)state;
	put32(pc, 0x00150513);	   /* addi a0, a0, 1 */
	put32(pc + 4, 0x30059573); /* csrrw a0, mstatus, a1 */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 1);
	assert_int_equal(blk->end_pc, pc + 4);
	assert_int_equal(count_op(IR_CALL), 0);
	assert_int_equal(last_insn()->op, IR_EXIT);
	assert_int_equal((uint64_t)last_insn()->imm, pc + 4);

	assert_int_equal(translate_at(pc + 4, 1), 0);
	assert_int_equal(blk->nguest, 1);
	assert_int_equal(blk->ninsns, 2);
	call = &blk->insns[0];
	assert_int_equal(call->op, IR_CALL);
	assert_int_equal(call->c, RV64_H_CSRRW);
	assert_int_equal(call->dst, RV_SLOT_X(10));
	assert_int_equal(call->a, RV_SLOT_X(11));
	assert_int_equal(rv64_opw_raw((uint64_t)call->imm), 0x30059573);
	assert_int_equal(rv64_opw_csr((uint64_t)call->imm), 0x300);
	assert_true(call->imm & RV64_OPW_CSR_READ);
	assert_true(call->imm & RV64_OPW_CSR_WRITE);
	assert_int_equal(last_insn()->op, IR_EXIT_CPU);

	put32(pc + 8, 0x0000100f); /* fence.i */
	assert_int_equal(translate_at(pc + 8, 1), 0);
	assert_int_equal(blk->insns[0].c, RV64_H_FENCE_I);
	assert_int_equal(last_insn()->op, IR_EXIT_CPU);

	put16(pc + 12, 0x9002); /* c.ebreak: a breakpoint trap with the pc as tval */
	assert_int_equal(translate_at(pc + 12, 1), 0);
	assert_int_equal(find_op(IR_CALL)->c, RV64_H_RAISE);
	assert_int_equal(blk->end_pc, pc + 14);
}

/* CSR instructions: uimm through a temp; x0 as rd or rs1 drops the read or the write. */
static void test_csr_operands(void **state)
{
	static const struct {
		uint32_t raw;
		unsigned helper;
		bool read, write;
	} cases[] = {
	    {0x34001073, RV64_H_CSRRW, false, true}, /* csrw mscratch, zero */
	    {0x34002573, RV64_H_CSRRS, true, false}, /* csrr a0, mscratch */
	    {0x3405b573, RV64_H_CSRRC, true, true},  /* csrrc a0, mscratch, a1 */
	    {0x3402e573, RV64_H_CSRRS, true, true},  /* csrrsi a0, mscratch, 5 */
	    {0x34007573, RV64_H_CSRRC, true, false}, /* csrrci a0, mscratch, 0 */
	};
	const uint64_t pc = GUEST_BASE + 0x480;

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct ir_insn *call;

		put32(pc, cases[i].raw);
		assert_int_equal(translate_at(pc, 1), 0);
		call = find_op(IR_CALL);
		assert_int_equal(call->c, cases[i].helper);
		assert_int_equal((call->imm & RV64_OPW_CSR_READ) != 0, cases[i].read);
		assert_int_equal((call->imm & RV64_OPW_CSR_WRITE) != 0, cases[i].write);
		assert_int_equal(rv64_opw_csr((uint64_t)call->imm), 0x340);
	}
	assert_int_equal(find_op(IR_MOVI)->imm, 0); /* csrrci's uimm */
	assert_int_equal(find_op(IR_MOVI)->dst, find_op(IR_CALL)->a);
}

/* The constant a MOVI put in slot (-1 if none). */
static int64_t movi_value(unsigned slot)
{
	for (unsigned i = 0; i < blk->ninsns; i++)
		if (blk->insns[i].op == IR_MOVI && blk->insns[i].dst == slot)
			return blk->insns[i].imm;
	return -1;
}

/* The block raises illegal-instruction with tval and ends. */
static void check_raise(uint32_t tval)
{
	const struct ir_insn *call = find_op(IR_CALL);

	assert_int_equal(call->c, RV64_H_RAISE);
	assert_int_equal(movi_value(call->a), RV_EXC_ILLEGAL);
	assert_int_equal(movi_value(call->b), tval);
	assert_int_equal(last_insn()->op, IR_EXIT);
}

static void test_illegal(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x500;

	(void)state;
	put32(pc, 0x00150513); /* addi a0, a0, 1 */
	put16(pc + 4, 0x0000); /* illegal parcel */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 2);
	check_raise(0);
	assert_int_equal(find_op(IR_CALL)->gidx, 1);
	assert_int_equal(blk->end_pc, pc + 6);

	put32(pc + 8, 0xffffffff);
	assert_int_equal(translate_at(pc + 8, 1), 0);
	check_raise(0xffffffff);

	put16(pc + 12, 0x8002); /* c.jr zero: reserved */
	assert_int_equal(translate_at(pc + 12, 1), 0);
	check_raise(0x8002);
}

static void test_fp_disabled(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x600;

	(void)state;
	put32(pc, 0x00053507); /* fld fa0, 0(a0) */
	assert_int_equal(translate_at(pc, 0), 0);
	check_raise(0x00053507);
	put32(pc + 4, 0x02c5f553); /* fadd.d fa0, fa1, fa2 */
	assert_int_equal(translate_at(pc + 4, 0), 0);
	check_raise(0x02c5f553);
	put16(pc + 8, 0x2108); /* c.fld fa0, 0(a0) */
	assert_int_equal(translate_at(pc + 8, 0), 0);
	check_raise(0x2108);
}

static void test_fp_loads(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x700;
	const struct ir_insn *call, * or ;

	(void)state;
	put32(pc, 0x00052507);	    /* flw fa0, 0(a0) */
	put32(pc + 4, 0x0085a587);  /* flw fa1, 8(a1) */
	put32(pc + 8, 0x00b53427);  /* fsd fa1, 8(a0) */
	put32(pc + 12, 0x02c5f553); /* fadd.d fa0, fa1, fa2 */
	put32(pc + 16, 0x0000006f); /* j . */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, 5);
	call = &blk->insns[0];
	assert_int_equal(call->op, IR_CALL);
	assert_int_equal(call->c, RV64_H_FS_DIRTY);
	assert_int_equal(count_op(IR_CALL), 2); /* fs_dirty once, then fp */
	assert_int_equal(find_op(IR_LD32U)->a, RV_SLOT_X(10));
	or = find_op(IR_ORI);
	assert_int_equal(or->dst, RV_SLOT_F(10));
	assert_int_equal((uint64_t) or->imm, 0xffffffff00000000ULL);
	assert_int_equal(find_op(IR_ST64)->b, RV_SLOT_F(11));
	for (unsigned i = 0; i < blk->ninsns; i++) {
		const struct ir_insn *in = &blk->insns[i];

		if (in->op == IR_CALL && in->c == RV64_H_FADD_D) {
			assert_int_equal(rv64_opw_raw((uint64_t)in->imm), 0x02c5f553);
			assert_int_equal(rv64_opw_rm((uint64_t)in->imm), 7);
			assert_int_equal(in->dst, RV_SLOT_F(10));
			assert_int_equal(in->a, RV_SLOT_F(11));
			assert_int_equal(in->b, RV_SLOT_F(12));
			assert_int_equal(in->gidx, 3);
		}
	}
	/* Already dirty: no FS_DIRTY call. */
	assert_int_equal(translate_at(pc, 3), 0);
	assert_int_equal(count_op(IR_CALL), 1);
	assert_int_equal(find_op(IR_CALL)->c, RV64_H_FADD_D);
}

/* Each F/D instruction calls its own helper with its operands decoded. */
static void test_fp_operands(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x780;
	const struct ir_insn *call;

	(void)state;
	put32(pc, 0x6a0687c3); /* fmadd.d fa5, fa3, ft0, fa3, rne */
	assert_int_equal(translate_at(pc, 1), 0);
	call = find_op(IR_CALL);
	assert_int_equal(call->c, RV64_H_FMADD_D);
	assert_int_equal(call->dst, RV_SLOT_F(15));
	assert_int_equal(call->a, RV_SLOT_F(13));
	assert_int_equal(call->b, RV_SLOT_F(0));
	assert_int_equal(rv64_opw_rs3((uint64_t)call->imm), 13);
	assert_int_equal(rv64_opw_rm((uint64_t)call->imm), 0);

	put32(pc, 0xa2b52053); /* feq.d zero, fa0, fa1: the result is dropped */
	assert_int_equal(translate_at(pc, 1), 0);
	call = find_op(IR_CALL);
	assert_int_equal(call->c, RV64_H_FEQ_D);
	assert_int_equal(call->dst, IR_NO_SLOT);
	assert_int_equal(call->b, RV_SLOT_F(11));

	put32(pc, 0xd2255553); /* fcvt.d.l fa0, a0 with rm 5: reserved, illegal */
	assert_int_equal(translate_at(pc, 1), 0);
	check_raise(0xd2255553);
}

static void test_amo(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x800;
	const struct ir_insn *call;

	(void)state;
	put32(pc, 0x06c5a52f);	   /* amoadd.w.aqrl a0, a2, (a1) */
	put32(pc + 4, 0x00c5a02f); /* amoadd.w zero, a2, (a1) */
	put32(pc + 8, 0x0000006f); /* j . */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(count_op(IR_CALL), 2);
	call = &blk->insns[0];
	assert_int_equal(call->c, RV64_H_AMOADD_W);
	assert_int_equal(call->dst, RV_SLOT_X(10));
	assert_int_equal(call->a, RV_SLOT_X(11));
	assert_int_equal(call->b, RV_SLOT_X(12));
	assert_int_equal(rv64_opw_raw((uint64_t)call->imm), 0x06c5a52f);
	assert_true(is_temp(blk->insns[1].dst));
}

/* A FENCE is a BARRIER with the guest's orderings (R and I are loads, W and O stores);
 * FENCE.TSO leaves store -> load out, so on x86-64 only the SL cases cost a host barrier. */
static void test_fence(void **state)
{
	static const struct {
		uint32_t raw;
		unsigned order;
	} cases[] = {
	    {0x0330000f, IR_BAR_ALL},		   /* fence rw, rw */
	    {0x0ff0000f, IR_BAR_ALL},		   /* fence iorw, iorw */
	    {0x0120000f, IR_BAR_SL},		   /* fence w, r */
	    {0x0480000f, IR_BAR_SL},		   /* fence o, i */
	    {0x0230000f, IR_BAR_LL | IR_BAR_LS},   /* fence r, rw */
	    {0x0310000f, IR_BAR_LS | IR_BAR_SS},   /* fence rw, w */
	    {0x0110000f, IR_BAR_SS},		   /* fence w, w */
	    {0x8330000f, IR_BAR_ALL & ~IR_BAR_SL}, /* fence.tso */
	    {0x0030000f, 0},			   /* fence 0, rw: no ordering */
	};
	const uint64_t pc = GUEST_BASE + 0x800;

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		put32(pc, cases[i].raw);
		put32(pc + 4, 0x0000006f); /* j . */
		assert_int_equal(translate_at(pc, 1), 0);
		assert_int_equal(count_op(IR_CALL), 0);
		assert_int_equal(count_op(IR_BARRIER), cases[i].order != 0);
		if (cases[i].order)
			assert_int_equal(find_op(IR_BARRIER)->imm, cases[i].order);
	}
}

static void test_bitmanip(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x900;

	(void)state;
	put32(pc, 0x28b51533);	    /* bset a0, a0, a1 */
	put32(pc + 4, 0x20b52533);  /* sh1add a0, a0, a1 */
	put32(pc + 8, 0x4bf55513);  /* bexti a0, a0, 63 */
	put32(pc + 12, 0x0000006f); /* j . */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->insns[0].op, IR_MOVI);
	assert_int_equal(blk->insns[0].imm, 1);
	assert_int_equal(blk->insns[1].op, IR_SHL);
	assert_int_equal(blk->insns[1].b, RV_SLOT_X(11));
	assert_int_equal(blk->insns[2].op, IR_OR);
	assert_int_equal(blk->insns[2].dst, RV_SLOT_X(10));
	assert_int_equal(blk->insns[2].b, blk->insns[1].dst);
	assert_int_equal(blk->insns[3].op, IR_SHLI);
	assert_int_equal(blk->insns[3].imm, 1);
	assert_int_equal(blk->insns[4].op, IR_ADD);
	assert_int_equal(blk->insns[5].op, IR_SHRI);
	assert_int_equal(blk->insns[5].imm, 63);
	assert_int_equal(blk->insns[6].op, IR_ANDI);
	assert_int_equal(blk->insns[6].imm, 1);
}

static void test_guest_limit(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 1000; i++)
		put32(GUEST_BASE + 4 * i, 0x00150513); /* addi a0, a0, 1 */
	assert_int_equal(translate_at(GUEST_BASE, 1), 0);
	assert_int_equal(blk->nguest, IR_MAX_GUEST);
	assert_int_equal(blk->end_pc, GUEST_BASE + 4 * IR_MAX_GUEST);
	assert_int_equal((uint64_t)last_insn()->imm, GUEST_BASE + 4 * IR_MAX_GUEST);
}

/* Every known instruction, with rd = t0, rs1 = t1, rs2 = t2 where it has them, translates in M
 * mode to a well-formed block that does not raise illegal-instruction (ECALL and EBREAK raise
 * their own exceptions). */
static const uint32_t all_masks[] = {
#define MASK_OF(id, name, fmt, mask, match) (mask),
    RV64_INSNS(MASK_OF)
#undef MASK_OF
};

static const uint32_t all_matches[] = {
#define MATCH_OF(id, name, fmt, mask, match) (match),
    RV64_INSNS(MATCH_OF)
#undef MATCH_OF
};

static void test_every_instruction_translates(void **state)
{
	const uint32_t operands = (5u << 7) | (6u << 15) | (7u << 20);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_masks); i++) {
		uint32_t raw = all_matches[i] | (operands & ~all_masks[i]);

		put32(GUEST_BASE, raw);
		put32(GUEST_BASE + 4, 0x0000006f); /* j . */
		assert_int_equal(translate_priv(GUEST_BASE, RV_PRIV_M, 1), 0);
		for (unsigned k = 0; k < blk->ninsns; k++)
			if (blk->insns[k].op == IR_CALL && blk->insns[k].c == RV64_H_RAISE &&
			    movi_value(blk->insns[k].a) == RV_EXC_ILLEGAL)
				fail_msg("0x%08x raises illegal-instruction", raw);
	}
}

/* Each guest instruction's length and bytes are recorded, 2- and 4-byte ones mixed (a 4-byte one
 * at a 2-byte aligned pc among them). */
static void test_lengths_and_bytes(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x500;
	static const uint16_t off[] = {0, 2, 6, 8, 12};
	static const uint8_t len[] = {2, 4, 2, 4, 4};

	(void)state;
	put16(pc, 0x0505);	    /* c.addi a0, 1 */
	put32(pc + 2, 0x00150513);  /* addi a0, a0, 1 */
	put16(pc + 6, 0x0505);	    /* c.addi a0, 1 */
	put32(pc + 8, 0x00b50533);  /* add a0, a0, a1 */
	put32(pc + 12, 0x0000006f); /* j . */
	assert_int_equal(translate_at(pc, 1), 0);
	assert_int_equal(blk->nguest, ARRAY_SIZE(off));
	assert_int_equal(blk->end_pc, pc + 16);
	for (unsigned i = 0; i < ARRAY_SIZE(off); i++) {
		assert_int_equal(blk->guest_off[i], off[i]);
		assert_int_equal(blk->guest_len[i], len[i]);
	}
	assert_memory_equal(blk->guest_bytes, &guest[pc - GUEST_BASE], 16);
}

/* -d in_asm prints a block from its recorded bytes through the frontend's disassembler. */
/* rv64_disas as an ir_disas_fn (RISC-V code has one mode: the flags are not needed). */
static int disas_any_mode(char *buf, size_t len, uint64_t pc, uint32_t flags, const uint8_t *bytes,
			  size_t avail)
{
	(void)flags;
	return rv64_disas(buf, len, pc, bytes, avail);
}

static void test_in_asm_listing(void **state)
{
	const uint64_t pc = GUEST_BASE + 0x600;
	char *text = NULL;
	size_t size = 0;
	FILE *f;

	(void)state;
	put16(pc, 0x0505);	   /* c.addi a0, 1 */
	put32(pc + 2, 0x00150513); /* addi a0, a0, 1 */
	put32(pc + 6, 0x0000006f); /* j . */
	assert_int_equal(translate_at(pc, 1), 0);
	f = open_memstream(&text, &size);
	assert_non_null(f);
	ir_print_guest(f, blk, disas_any_mode);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(text, "IN: pc 0x0000000080000600 flags 0x5\n"
				  "0x0000000080000600:  05 05        addi a0, a0, 1\n"
				  "0x0000000080000602:  13 05 15 00  addi a0, a0, 1\n"
				  "0x0000000080000606:  6f 00 00 00  jal zero, 0x80000606\n"
				  "\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_branch_block, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_compressed_branch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_jalr_rd_equals_rs1, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_x0_destination_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_jal_links, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_page_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_straddling_instruction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_system_alone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csr_operands, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_illegal, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fp_disabled, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fp_loads, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fp_operands, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_amo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bitmanip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_guest_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_every_instruction_translates, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lengths_and_bytes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_in_asm_listing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
