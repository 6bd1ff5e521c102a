/*
 * test_system_harness.h - shared set-up for the riscv64 privileged-architecture unit tests:
 * a hart built by hand (no VM), a minimal frontend table for the soft MMU, instruction
 * encoders, a time source that reads a fixed value, and run_system (test_run_insn.h).
 */
#ifndef FVP_TEST_RV64_SYSTEM_HARNESS_H
#define FVP_TEST_RV64_SYSTEM_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "arch/riscv64/csr.h"
#include "core/memory.h"
#include "mem/mmu.h"
#include "test_run_insn.h"

#define TEST_MTIME 123456789ULL

static inline uint64_t test_mtime(void *opaque)
{
	(void)opaque;
	return TEST_MTIME;
}

static const struct frontend_ops test_rv64_fe = {
    .name = "riscv64-test",
    .nregs = RV_NREGS,
    .tlb_regimes = RV_MMU_COUNT,
    .mmu_translate = rv64_mmu_translate,
    .do_trap = rv64_do_trap,
    .check_interrupts = rv64_check_interrupts,
    .wakeup_pending = rv64_wakeup_pending,
};

static inline struct rv64_cpu *hart_new(struct address_space *as, unsigned id)
{
	struct rv64_cpu *rv = calloc(1, sizeof(*rv));

	assert_non_null(rv);
	assert_int_equal(soft_cpu_init(&rv->common, NULL, id, &test_rv64_fe), 0);
	rv->common.as = as;
	rv->mhartid = id;
	rv64_cpu_reset(rv, 0x1000);
	rv->time = (struct rv64_time_source){.read = test_mtime};
	return rv;
}

static inline void hart_free(struct rv64_cpu *rv)
{
	soft_cpu_fini(&rv->common);
	free(rv);
}

/* The RISC-V cause and tval the pending fault is delivered with. */
static inline uint64_t fault_code(const struct soft_cpu *cpu)
{
	uint64_t tval;

	return rv64_fault_cause(&cpu->fault, &tval);
}

static inline uint64_t fault_value(const struct soft_cpu *cpu)
{
	uint64_t tval;

	rv64_fault_cause(&cpu->fault, &tval);
	return tval;
}

/* Switch privilege directly (as a trap or xRET would). */
static inline void hart_set_priv(struct rv64_cpu *rv, unsigned priv)
{
	rv->priv = priv;
	rv64_update_mmu_idx(rv);
}

static inline uint32_t enc_csr(unsigned funct3, unsigned rd, unsigned rs1, unsigned csr)
{
	return (csr << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x73u;
}

static inline uint32_t enc_amo(unsigned funct5, unsigned funct3, unsigned rd, unsigned rs1,
			       unsigned rs2)
{
	return (funct5 << 27) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x2fu;
}

/* Run one SYSTEM instruction at the hart's pc; returns true if it trapped. */
static inline bool run_system(struct rv64_cpu *rv, uint32_t raw)
{
	return run_insn(rv, raw);
}

/* csrrw/csrrs/csrrc through the real instruction path, using x5 as the source, x6 as rd. */
static inline bool csr_op(struct rv64_cpu *rv, unsigned funct3, unsigned csr, uint64_t src,
			  uint64_t *old)
{
	bool trapped;

	rv->common.slots[5] = src;
	rv->common.slots[6] = 0xdeadbeef;
	trapped = run_system(rv, enc_csr(funct3, 6, 5, csr));
	if (old)
		*old = rv->common.slots[6];
	return trapped;
}

/* csrrs x6, csr, x0: a pure read. */
static inline bool csr_try_read(struct rv64_cpu *rv, unsigned csr, uint64_t *v)
{
	rv->common.slots[6] = 0xdeadbeef;
	if (run_system(rv, enc_csr(2, 6, 0, csr)))
		return false;
	*v = rv->common.slots[6];
	return true;
}

static inline uint64_t csr_get(struct rv64_cpu *rv, unsigned csr)
{
	uint64_t v = 0;

	assert_true(csr_try_read(rv, csr, &v));
	return v;
}

static inline bool csr_set(struct rv64_cpu *rv, unsigned csr, uint64_t val)
{
	return !csr_op(rv, 1, csr, val, NULL);
}

#endif
