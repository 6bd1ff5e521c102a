/*
 * frontend.c - the riscv64 frontend ops table and hart construction.
 *
 * Engines and the soft MMU see the riscv64 CPU only through
 * rv64_frontend_ops. A hart is allocated here, embeds its struct soft_cpu
 * (with four TLB regimes, enum rv_mmu_idx), and leaves cpu_create in the reset state of
 * rv64_cpu_reset (M mode, pc 0; the board sets the real reset pc and boot registers).
 */
#include <stdlib.h>
#include "arch/riscv64/csr.h"

static const char *const rv64_reg_names[RV_NREGS] = {
    "zero", "ra",  "sp",  "gp",	 "tp",	"t0",  "t1",   "t2",   "s0",  "s1",  "a0",   "a1",   "a2",
    "a3",   "a4",  "a5",  "a6",	 "a7",	"s2",  "s3",   "s4",   "s5",  "s6",  "s7",   "s8",   "s9",
    "s10",  "s11", "t3",  "t4",	 "t5",	"t6",  "ft0",  "ft1",  "ft2", "ft3", "ft4",  "ft5",  "ft6",
    "ft7",  "fs0", "fs1", "fa0", "fa1", "fa2", "fa3",  "fa4",  "fa5", "fa6", "fa7",  "fs2",  "fs3",
    "fs4",  "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

static struct vcpu *rv64_cpu_create(struct vm *vm, unsigned id)
{
	struct rv64_cpu *rv = calloc(1, sizeof(*rv));

	if (!rv)
		return NULL;
	if (soft_cpu_init(&rv->common, vm, id, &rv64_frontend_ops) < 0) {
		free(rv);
		return NULL;
	}
	rv->mhartid = id;
	rv64_cpu_reset(rv, 0);
	return &rv->common.vcpu;
}

static void rv64_cpu_destroy(struct vcpu *cpu)
{
	if (!cpu)
		return;
	soft_cpu_fini(soft_cpu_of(cpu));
	free(rv64_hart(cpu));
}

/* -d in_asm: RISC-V code has one mode. */
static int rv64_disas_block(char *buf, size_t len, uint64_t pc, uint32_t flags,
			    const uint8_t *bytes, size_t avail)
{
	(void)flags;
	return rv64_disas(buf, len, pc, bytes, avail);
}

static const char *rv64_privilege_name(struct vcpu *cpu)
{
	static const char *const names[] = {
	    [RV_PRIV_U] = "U", [RV_PRIV_S] = "S", [RV_PRIV_M] = "M"};
	unsigned priv = rv64_hart(cpu)->priv;

	return priv < ARRAY_SIZE(names) && names[priv] ? names[priv] : "?";
}

const struct frontend_ops rv64_frontend_ops = {
    .name = "riscv64",
    .nregs = RV_NREGS,
    .reg_names = rv64_reg_names,
    .helpers = rv64_helpers,
    .nhelpers = RV64_H_COUNT,
    .tlb_regimes = RV_MMU_COUNT,
    .cpu_create = rv64_cpu_create,
    .cpu_destroy = rv64_cpu_destroy,
    .block_flags = rv64_block_flags,
    .translate_block = rv64_translate_block,
    .mmu_translate = rv64_mmu_translate,
    .do_trap = rv64_do_trap,
    .check_interrupts = rv64_check_interrupts,
    .wakeup_pending = rv64_wakeup_pending,
    .disas = rv64_disas_block,
    .dump_state = rv64_dump_state,
    .save_cpu = rv64_save_cpu,
    .load_cpu = rv64_load_cpu,
    .privilege_name = rv64_privilege_name,
    .debug = &rv64_debug_ops,
};
