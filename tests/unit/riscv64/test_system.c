/*
 * test_system.c - riscv64 CSRs, SYSTEM instructions, traps and interrupts, run through
 * their helpers (decoded and translated first, test_run_insn.h) on a hand-built hart (no VM,
 * no engine).
 */
#include <pthread.h>
#include "test_system_harness.h"

#define F3_CSRRW 1
#define F3_CSRRS 2
#define F3_CSRRC 3

static struct rv64_cpu *hart;

static int setup(void **state)
{
	hart = hart_new(NULL, 0);
	return 0;
}

static int teardown(void **state)
{
	hart_free(hart);
	return 0;
}

static void assert_illegal(struct rv64_cpu *rv, uint32_t raw, uint64_t pc)
{
	assert_true(soft_cpu_faulted(&rv->common));
	assert_int_equal(fault_code(&rv->common), RV_EXC_ILLEGAL);
	assert_int_equal(fault_value(&rv->common), raw);
	assert_int_equal(rv->common.pc, pc);
}

static void test_reset_state(void **state)
{
	assert_int_equal(hart->priv, RV_PRIV_M);
	assert_int_equal(csr_get(hart, CSR_MISA), MISA_RV64IMAFDCSU);
	assert_int_equal(csr_get(hart, CSR_MISA) >> 62, 2);
	assert_int_equal(csr_get(hart, CSR_MSTATUS), MSTATUS_XL_64);
	assert_int_equal(hart->common.mmu_data, RV_MMU_M);
	assert_int_equal(hart->common.mmu_fetch, RV_MMU_M);
	assert_int_equal(rv64_block_flags(&hart->common), RV_PRIV_M);
}

static void test_csr_advances_pc_and_writes_rd(void **state)
{
	uint64_t old;

	hart->common.pc = 0x2000;
	assert_false(csr_op(hart, F3_CSRRW, CSR_MSCRATCH, 0x1234, &old));
	assert_int_equal(old, 0);
	assert_int_equal(hart->common.pc, 0x2004);
	assert_false(csr_op(hart, F3_CSRRS, CSR_MSCRATCH, 0xf0000, &old));
	assert_int_equal(old, 0x1234);
	assert_false(csr_op(hart, F3_CSRRC, CSR_MSCRATCH, 0x34, &old));
	assert_int_equal(old, 0xf1234);
	assert_int_equal(hart->mscratch, 0xf1200);
	/* immediate form: csrrsi x6, mscratch, 5 */
	assert_false(run_system(hart, enc_csr(6, 6, 5, CSR_MSCRATCH)));
	assert_int_equal(hart->mscratch, 0xf1205);
	/* rd == x0 leaves x0 alone */
	assert_false(run_system(hart, enc_csr(F3_CSRRW, 0, 5, CSR_MSCRATCH)));
	assert_int_equal(hart->common.slots[0], 0);
}

static void test_mstatus_write_mask(void **state)
{
	uint64_t v;

	assert_true(csr_set(hart, CSR_MSTATUS, ~0ULL));
	v = csr_get(hart, CSR_MSTATUS);
	assert_int_equal(v, MSTATUS_WRITABLE | MSTATUS_XL_64 | MSTATUS_SD);
	/* MPP = 2 is reserved: the old MPP stays */
	assert_true(csr_set(hart, CSR_MSTATUS, 2ULL << MSTATUS_MPP_SHIFT));
	assert_int_equal((csr_get(hart, CSR_MSTATUS) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, 3);
	/* UXL/SXL cannot be changed; FS != dirty clears SD */
	assert_true(csr_set(hart, CSR_MSTATUS, 1ULL << MSTATUS_FS_SHIFT));
	v = csr_get(hart, CSR_MSTATUS);
	assert_int_equal(v & (MSTATUS_UXL | MSTATUS_SXL), MSTATUS_XL_64);
	assert_int_equal(v & MSTATUS_SD, 0);
	assert_int_equal(rv64_block_flags(&hart->common), RV_PRIV_M | (1u << 2));
}

static void test_sstatus_view(void **state)
{
	uint64_t v;

	assert_true(csr_set(hart, CSR_MSTATUS, MSTATUS_MIE | MSTATUS_TVM));
	assert_true(csr_set(hart, CSR_SSTATUS, ~0ULL));
	v = csr_get(hart, CSR_MSTATUS);
	assert_true(v & MSTATUS_MIE);
	assert_true(v & MSTATUS_TVM);
	assert_true(v & MSTATUS_SUM);
	assert_true(v & MSTATUS_SIE);
	assert_int_equal(v & (MSTATUS_MPIE | MSTATUS_TW | MSTATUS_MPRV), 0);
	v = csr_get(hart, CSR_SSTATUS);
	assert_int_equal(v & (MSTATUS_MIE | MSTATUS_TVM | MSTATUS_SXL), 0);
	assert_int_equal(v & MSTATUS_UXL, 2ULL << 32);
	assert_true(v & MSTATUS_SD);
}

static void test_privilege_checks(void **state)
{
	uint64_t v;
	uint32_t raw = enc_csr(F3_CSRRS, 6, 0, CSR_MSTATUS);

	hart_set_priv(hart, RV_PRIV_S);
	hart->common.pc = 0x3000;
	assert_true(run_system(hart, raw));
	assert_illegal(hart, raw, 0x3000);
	assert_true(csr_try_read(hart, CSR_SSTATUS, &v));

	hart_set_priv(hart, RV_PRIV_U);
	assert_false(csr_try_read(hart, CSR_SSTATUS, &v));
	assert_false(csr_try_read(hart, CSR_SATP, &v));

	/* read-only CSRs: reading is fine, any write is illegal even in M */
	hart_set_priv(hart, RV_PRIV_M);
	assert_int_equal(csr_get(hart, CSR_MHARTID), 0);
	assert_true(csr_op(hart, F3_CSRRW, CSR_MHARTID, 0, NULL));
	assert_true(csr_op(hart, F3_CSRRW, CSR_CYCLE, 0, NULL));
	/* csrrw x0 to a read-only register is still a write */
	assert_true(run_system(hart, enc_csr(F3_CSRRW, 0, 5, CSR_MVENDORID)));
	/* unknown CSRs and RV32-only ones */
	assert_false(csr_try_read(hart, 0x7ff, &v));
	assert_false(csr_try_read(hart, CSR_PMPCFG0 + 1, &v));
	assert_false(csr_try_read(hart, 0x310 /* mstatush */, &v));
	/* failed write leaves rd untouched */
	hart->common.slots[6] = 77;
	assert_true(run_system(hart, enc_csr(F3_CSRRS, 6, 5, CSR_MIMPID)));
	assert_int_equal(hart->common.slots[6], 77);
}

static void test_counter_enables(void **state)
{
	uint64_t v = 0; /* cmocka's asserts do not tell the analyzer that a failure stops here */

	hart->common.instret = 42;
	assert_int_equal(csr_get(hart, CSR_MINSTRET), 42);
	assert_int_equal(csr_get(hart, CSR_CYCLE), 42);
	assert_int_equal(csr_get(hart, CSR_TIME), TEST_MTIME);
	assert_int_equal(csr_get(hart, CSR_HPMCOUNTER3 + 4), 0);

	hart_set_priv(hart, RV_PRIV_S);
	assert_false(csr_try_read(hart, CSR_TIME, &v));
	hart->mcounteren = 1u << 1; /* TM */
	assert_true(csr_try_read(hart, CSR_TIME, &v));
	assert_int_equal(v, TEST_MTIME);
	assert_false(csr_try_read(hart, CSR_CYCLE, &v));

	hart_set_priv(hart, RV_PRIV_U);
	assert_false(csr_try_read(hart, CSR_TIME, &v));
	hart->scounteren = 1u << 1;
	assert_true(csr_try_read(hart, CSR_TIME, &v));
}

/* A CSR instruction as an engine runs it (alone in its block): instret grows by 1 when it
 * retires. ctr_read is csrrs x6, csr, x0 (no write); ctr_write is csrrw x6, csr, x5. */
static uint64_t ctr_read(unsigned csr)
{
	uint64_t v = csr_get(hart, csr);

	hart->common.instret++;
	return v;
}

static void ctr_write(unsigned csr, uint64_t val)
{
	assert_true(csr_set(hart, csr, val));
	hart->common.instret++;
}

/* Instructions other than CSR ones retire. */
static void ctr_run(unsigned n)
{
	hart->common.instret += n;
}

static void test_counter_writes(void **state)
{
	hart->common.instret = 1000;
	assert_int_equal(ctr_read(CSR_MINSTRET), 1000);
	/* the write replaces its own increment: the next instruction reads the value */
	ctr_write(CSR_MINSTRET, 0);
	assert_int_equal(ctr_read(CSR_MINSTRET), 0);
	ctr_run(3);
	assert_int_equal(ctr_read(CSR_INSTRET), 4);
	ctr_write(CSR_MINSTRET, ~0ULL);
	ctr_run(1);
	assert_int_equal(ctr_read(CSR_MINSTRET), 0);
	/* mcycle: one cycle per retired instruction, its own offset */
	ctr_write(CSR_MCYCLE, 1ULL << 40);
	assert_int_equal(ctr_read(CSR_CYCLE), 1ULL << 40);
	assert_int_equal(ctr_read(CSR_MINSTRET), 3);
	assert_int_equal(ctr_read(CSR_MCYCLE), (1ULL << 40) + 2);
	/* an illegal write (from S) changes nothing; RV64 has no high halves */
	hart_set_priv(hart, RV_PRIV_S);
	assert_false(csr_set(hart, CSR_MINSTRET, 77));
	hart_set_priv(hart, RV_PRIV_M);
	assert_int_equal(ctr_read(CSR_MINSTRET), 5);
	for (unsigned csr = 0xb80; csr <= 0xc82; csr += 0x100) {
		uint64_t v;
		assert_false(csr_try_read(hart, csr, &v));
		assert_false(csr_try_read(hart, csr + 2, &v));
	}
}

static void test_counter_inhibit(void **state)
{
	uint64_t held;

	hart->common.instret = 50;
	/* the instruction that sets IR still counts; none after it does */
	ctr_write(CSR_MCOUNTINHIBIT, MCOUNTINHIBIT_IR);
	ctr_run(10);
	assert_int_equal(ctr_read(CSR_MINSTRET), 51);
	assert_int_equal(ctr_read(CSR_INSTRET), 51);
	assert_int_equal(ctr_read(CSR_MCYCLE), 63);
	/* a write while inhibited is held */
	ctr_write(CSR_MINSTRET, 500);
	ctr_run(2);
	assert_int_equal(ctr_read(CSR_MINSTRET), 500);
	/* the instruction that clears IR does not count; counting resumes after it */
	ctr_write(CSR_MCOUNTINHIBIT, 0);
	assert_int_equal(ctr_read(CSR_MINSTRET), 500);
	ctr_run(4);
	assert_int_equal(ctr_read(CSR_MINSTRET), 505);
	/* CY likewise for mcycle, leaving minstret alone */
	ctr_write(CSR_MCOUNTINHIBIT, MCOUNTINHIBIT_CY);
	held = ctr_read(CSR_MCYCLE);
	ctr_run(7);
	assert_int_equal(ctr_read(CSR_CYCLE), held);
	assert_int_equal(ctr_read(CSR_MINSTRET), 516);
	ctr_write(CSR_MCOUNTINHIBIT, 0);
	ctr_run(1);
	assert_int_equal(ctr_read(CSR_MCYCLE), held + 1);
	/* WARL: only CY and IR are kept; rewriting a set bit leaves the held value alone */
	ctr_write(CSR_MCOUNTINHIBIT, ~0ULL);
	assert_int_equal(csr_get(hart, CSR_MCOUNTINHIBIT), MCOUNTINHIBIT_WRITABLE);
	held = ctr_read(CSR_MINSTRET);
	ctr_write(CSR_MCOUNTINHIBIT, MCOUNTINHIBIT_IR);
	assert_int_equal(ctr_read(CSR_MINSTRET), held);
}

static void test_fp_csrs_need_fs(void **state)
{
	uint64_t v;

	assert_false(csr_try_read(hart, CSR_FFLAGS, &v));
	assert_true(csr_set(hart, CSR_MSTATUS, 1ULL << MSTATUS_FS_SHIFT));
	assert_true(csr_set(hart, CSR_FCSR, 0xff));
	assert_int_equal(hart->fflags, 0x1f);
	assert_int_equal(hart->frm, 7);
	assert_int_equal(rv64_fs(hart), FS_DIRTY);
	assert_true(hart->mstatus & MSTATUS_SD);
	assert_true(csr_set(hart, CSR_FRM, 2));
	assert_int_equal(csr_get(hart, CSR_FCSR), (2u << 5) | 0x1f);
}

static void test_satp_modes(void **state)
{
	uint64_t sv39 = (8ULL << 60) | 0x80123;

	assert_true(csr_set(hart, CSR_SATP, sv39 | (0xffffULL << 44)));
	assert_int_equal(csr_get(hart, CSR_SATP), sv39 | (0xffffULL << 44)); /* ASIDLEN = 16 */
	assert_true(csr_set(hart, CSR_SATP, sv39));
	assert_true(csr_set(hart, CSR_SATP, (1ULL << 60) | 0x5));
	assert_int_equal(csr_get(hart, CSR_SATP), sv39); /* unsupported mode: no effect */
	assert_true(csr_set(hart, CSR_SATP, (9ULL << 60) | 0x7));
	assert_int_equal(csr_get(hart, CSR_SATP) >> 60, 9);
	assert_true(csr_set(hart, CSR_SATP, (10ULL << 60) | 0x7));
	assert_int_equal(csr_get(hart, CSR_SATP) >> 60, 10);

	hart->mstatus |= MSTATUS_TVM;
	hart_set_priv(hart, RV_PRIV_S);
	assert_false(csr_set(hart, CSR_SATP, 0));
	assert_int_equal(fault_code(&hart->common), RV_EXC_ILLEGAL);
	hart->mstatus &= ~MSTATUS_TVM;
	assert_true(csr_set(hart, CSR_SATP, 0));
	assert_int_equal(hart->satp, 0);
}

static void test_interrupt_csr_masks(void **state)
{
	assert_true(csr_set(hart, CSR_MIDELEG, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_MIDELEG), MIP_S_MASK);
	assert_true(csr_set(hart, CSR_MEDELEG, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_MEDELEG), MEDELEG_WRITABLE);
	assert_int_equal(csr_get(hart, CSR_MEDELEG) & (1u << RV_EXC_ECALL_M), 0);
	assert_true(csr_set(hart, CSR_MIE, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_MIE), MIP_ALL);

	/* software cannot set MTIP/MSIP/MEIP, M may set SSIP/STIP/SEIP */
	assert_true(csr_set(hart, CSR_MIP, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_MIP), MIP_S_MASK);
	/* pending and enabled, but delegated to S while the hart runs in M: nothing to take */
	assert_false(hart->common.vcpu.exit_request & EXIT_REQ_IRQ);
	rv64_set_mip(&hart->common.vcpu, MIP_MTIP, true);
	assert_true(csr_set(hart, CSR_MIP, 0));
	assert_int_equal(csr_get(hart, CSR_MIP), MIP_MTIP);

	/* sip: S-view of delegated bits, only SSIP writable */
	hart_set_priv(hart, RV_PRIV_S);
	assert_true(csr_set(hart, CSR_SIP, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_SIP), MIP_SSIP);
	hart_set_priv(hart, RV_PRIV_M);
	assert_true(csr_set(hart, CSR_MIDELEG, MIP_STIP | MIP_SEIP));
	hart_set_priv(hart, RV_PRIV_S);
	assert_true(csr_set(hart, CSR_SIP, 0));
	assert_int_equal(__atomic_load_n(&hart->mip, __ATOMIC_SEQ_CST) & MIP_SSIP, MIP_SSIP);
	/* sie only reaches delegated bits */
	assert_true(csr_set(hart, CSR_SIE, 0));
	assert_int_equal(hart->mie, MIP_ALL & ~(MIP_STIP | MIP_SEIP));
	assert_int_equal(csr_get(hart, CSR_SIE), 0);
}

/* mip.SEIP is the OR of the bit M-mode software writes and the PLIC's line (privileged spec
 * 3.1.9): a write changes only the software bit, and the line changes only the line. */
static void test_seip_software_and_line(void **state)
{
	/* software SEIP survives the line rising and falling */
	assert_false(csr_op(hart, F3_CSRRS, CSR_MIP, MIP_SEIP, NULL));
	rv64_set_mip(&hart->common.vcpu, MIP_SEIP, true);
	rv64_set_mip(&hart->common.vcpu, MIP_SEIP, false);
	assert_int_equal(csr_get(hart, CSR_MIP) & MIP_SEIP, MIP_SEIP);
	/* clearing the software bit does not hide a high line */
	rv64_set_mip(&hart->common.vcpu, MIP_SEIP, true);
	assert_false(csr_op(hart, F3_CSRRC, CSR_MIP, MIP_SEIP, NULL));
	assert_int_equal(csr_get(hart, CSR_MIP) & MIP_SEIP, MIP_SEIP);
	assert_true(csr_set(hart, CSR_MIE, MIP_SEIP));
	assert_true(rv64_wakeup_pending(&hart->common));
	assert_true(csr_set(hart, CSR_MIE, 0));
	/* a read-modify-write of other bits does not latch the line into the software bit */
	assert_false(csr_op(hart, F3_CSRRS, CSR_MIP, MIP_STIP, NULL));
	assert_false(csr_op(hart, F3_CSRRC, CSR_MIP, MIP_SSIP, NULL));
	rv64_set_mip(&hart->common.vcpu, MIP_SEIP, false);
	assert_int_equal(csr_get(hart, CSR_MIP) & MIP_SEIP, 0);
	/* csrrw writes the software bit from rs1 */
	assert_false(csr_op(hart, F3_CSRRW, CSR_MIP, MIP_SEIP | MIP_STIP, NULL));
	assert_int_equal(csr_get(hart, CSR_MIP), MIP_SEIP | MIP_STIP);
	assert_false(csr_op(hart, F3_CSRRW, CSR_MIP, 0, NULL));
	assert_int_equal(csr_get(hart, CSR_MIP), 0);
}

#define SEIP_RACE_ROUNDS 200
#define SEIP_RACE_OPS	 2000

static void *raise_seip_line(void *arg)
{
	struct rv64_cpu *rv = arg;

	for (volatile unsigned spin = 0; spin < SEIP_RACE_OPS * 20u; spin++)
		;
	rv64_set_mip(&rv->common.vcpu, MIP_SEIP, true);
	return NULL;
}

/* The PLIC raises SEIP from its own thread while the hart's M-mode code sets and clears STIP
 * (as OpenSBI does on every timer interrupt). The line must still be high afterwards: a
 * CSRRS/CSRRC that wrote back the whole mip it read earlier lost it, and the PLIC, whose
 * output was already high, never raised it again (a guest hang under parallel disk I/O). */
static void test_seip_line_not_lost_to_mip_writes(void **state)
{
	for (unsigned round = 0; round < SEIP_RACE_ROUNDS; round++) {
		pthread_t plic;

		rv64_set_mip(&hart->common.vcpu, MIP_SEIP, false);
		assert_int_equal(pthread_create(&plic, NULL, raise_seip_line, hart), 0);
		for (unsigned i = 0; i < SEIP_RACE_OPS; i++) {
			assert_false(csr_op(hart, F3_CSRRS, CSR_MIP, MIP_STIP, NULL));
			assert_false(csr_op(hart, F3_CSRRC, CSR_MIP, MIP_STIP, NULL));
		}
		assert_int_equal(pthread_join(plic, NULL), 0);
		assert_int_equal(csr_get(hart, CSR_MIP) & MIP_SEIP, MIP_SEIP);
	}
}

static void test_pmp_csrs(void **state)
{
	uint64_t v;

	assert_true(csr_set(hart, CSR_PMPADDR0, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_PMPADDR0), PMPADDR_MASK);
	assert_true(csr_set(hart, CSR_PMPADDR0 + 20, 0x55));
	assert_int_equal(csr_get(hart, CSR_PMPADDR0 + 20), 0);
	assert_true(csr_set(hart, CSR_PMPCFG0 + 4, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_PMPCFG0 + 4), 0);
	/* W without R is reserved; reserved bits 5-6 read 0 */
	assert_true(csr_set(hart, CSR_PMPCFG0, 0x62));
	assert_int_equal(csr_get(hart, CSR_PMPCFG0) & 0xff, 0);
	/* entry 1: TOR, locked: pmpaddr1 and pmpaddr0 (its base) become read-only */
	assert_true(csr_set(hart, CSR_PMPADDR0, 0x100));
	assert_true(csr_set(hart, CSR_PMPCFG0, (uint64_t)(PMP_L | (PMP_A_TOR << 3) | PMP_R) << 8));
	assert_true(csr_set(hart, CSR_PMPADDR0, 0x200));
	assert_true(csr_set(hart, CSR_PMPADDR0 + 1, 0x300));
	assert_int_equal(csr_get(hart, CSR_PMPADDR0), 0x100);
	assert_int_equal(csr_get(hart, CSR_PMPADDR0 + 1), 0);
	assert_true(csr_set(hart, CSR_PMPCFG0, 0));
	v = csr_get(hart, CSR_PMPCFG0);
	assert_int_equal((v >> 8) & 0xff, PMP_L | (PMP_A_TOR << 3) | PMP_R);
	assert_true(csr_set(hart, CSR_PMPCFG0 + 2, 0x1f));
	assert_int_equal(hart->pmpcfg[8], 0x1f);
}

static void test_misc_machine_csrs(void **state)
{
	assert_true(csr_set(hart, CSR_MTVEC, 0x80000003));
	assert_int_equal(csr_get(hart, CSR_MTVEC), 0x80000000);
	assert_true(csr_set(hart, CSR_MTVEC, 0x80000101));
	assert_int_equal(csr_get(hart, CSR_MTVEC), 0x80000101);
	assert_true(csr_set(hart, CSR_MEPC, 0x80000003));
	assert_int_equal(csr_get(hart, CSR_MEPC), 0x80000002);
	assert_true(csr_set(hart, CSR_MENVCFG, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_MENVCFG), ENVCFG_FIOM);
	assert_true(csr_set(hart, CSR_TSELECT, 5));
	assert_int_equal(csr_get(hart, CSR_TSELECT), 0);
	assert_int_equal(csr_get(hart, CSR_TDATA1), 0);
	assert_true(csr_set(hart, CSR_MHPMCOUNTER3, 1));
	assert_int_equal(csr_get(hart, CSR_MHPMCOUNTER3), 0);
	assert_true(csr_set(hart, CSR_MISA, 0));
	assert_int_equal(csr_get(hart, CSR_MISA), MISA_RV64IMAFDCSU);
	assert_int_equal(csr_get(hart, CSR_MSECCFG), 0);
	assert_true(csr_set(hart, CSR_MCOUNTINHIBIT, ~0ULL));
	assert_int_equal(csr_get(hart, CSR_MCOUNTINHIBIT), MCOUNTINHIBIT_CY | MCOUNTINHIBIT_IR);
}

static void test_ecall_ebreak(void **state)
{
	static const struct {
		unsigned priv;
		uint64_t cause;
	} cases[] = {
	    {RV_PRIV_U, RV_EXC_ECALL_U}, {RV_PRIV_S, RV_EXC_ECALL_S}, {RV_PRIV_M, RV_EXC_ECALL_M}};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		hart_set_priv(hart, cases[i].priv);
		hart->common.pc = 0x4000;
		assert_true(run_system(hart, 0x00000073));
		assert_int_equal(fault_code(&hart->common), cases[i].cause);
		assert_int_equal(hart->common.pc, 0x4000);
	}
	assert_true(run_system(hart, 0x00100073));
	assert_int_equal(fault_code(&hart->common), RV_EXC_BREAKPOINT);
	assert_int_equal(fault_value(&hart->common), 0x4000);
}

static void test_trap_delegation(void **state)
{
	hart->mtvec = 0x80000000;
	hart->stvec = 0xc0000000;
	hart->medeleg = 1u << RV_EXC_ECALL_U;
	hart->mstatus |= MSTATUS_SIE;
	hart->res_valid = true;

	/* U ecall, delegated: to S */
	hart_set_priv(hart, RV_PRIV_U);
	hart->common.pc = 0x1234;
	vcpu_raise(&hart->common, RV_EXC_ECALL_U, 0);
	rv64_do_trap(&hart->common);
	assert_false(soft_cpu_faulted(&hart->common));
	assert_int_equal(hart->priv, RV_PRIV_S);
	assert_int_equal(hart->common.pc, 0xc0000000);
	assert_int_equal(hart->sepc, 0x1234);
	assert_int_equal(hart->scause, RV_EXC_ECALL_U);
	assert_int_equal(hart->mstatus & (MSTATUS_SPP | MSTATUS_SIE), 0);
	assert_true(hart->mstatus & MSTATUS_SPIE);
	assert_false(hart->res_valid);
	assert_int_equal(hart->common.mmu_data, RV_MMU_S);
	/* the engine counts what it delivers through do_trap: --stats counted traps twice */
	assert_int_equal(hart->common.stats.traps, 0);

	/* S ecall, not delegated: to M with MPP = S */
	hart->common.pc = 0xc0000010;
	vcpu_raise(&hart->common, RV_EXC_ECALL_S, 0);
	rv64_do_trap(&hart->common);
	assert_int_equal(hart->priv, RV_PRIV_M);
	assert_int_equal(hart->common.pc, 0x80000000);
	assert_int_equal(hart->mepc, 0xc0000010);
	assert_int_equal(hart->mcause, RV_EXC_ECALL_S);
	assert_int_equal((hart->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, RV_PRIV_S);

	/* delegation never applies to traps taken in M */
	hart->medeleg = MEDELEG_WRITABLE;
	hart->common.pc = 0x80000040;
	vcpu_raise(&hart->common, RV_EXC_ILLEGAL, 0x1234567);
	rv64_do_trap(&hart->common);
	assert_int_equal(hart->priv, RV_PRIV_M);
	assert_int_equal(hart->mtval, 0x1234567);
	assert_int_equal(hart->mepc, 0x80000040);

	/* S-level trap from S sets SPP */
	hart_set_priv(hart, RV_PRIV_S);
	soft_cpu_fault(&hart->common, FAULT_PAGE, MMU_READ, RV_MMU_S, 0xdead000);
	rv64_do_trap(&hart->common);
	assert_int_equal(hart->priv, RV_PRIV_S);
	assert_true(hart->mstatus & MSTATUS_SPP);
	assert_int_equal(hart->scause, RV_EXC_LOAD_PAGE);
	assert_int_equal(hart->stval, 0xdead000);
	assert_false(soft_cpu_faulted(&hart->common));
}

/* Each memory fault the soft MMU records becomes its RISC-V cause with tval = the address;
 * the frontend's own exceptions keep their cause and tval. */
static void test_fault_causes(void **state)
{
	static const struct {
		enum fault_kind kind;
		enum mmu_access acc;
		uint64_t cause;
	} cases[] = {
	    {FAULT_PAGE, MMU_READ, RV_EXC_LOAD_PAGE},
	    {FAULT_PAGE, MMU_WRITE, RV_EXC_STORE_PAGE},
	    {FAULT_PAGE, MMU_EXEC, RV_EXC_INSN_PAGE},
	    {FAULT_ACCESS, MMU_READ, RV_EXC_LOAD_ACCESS},
	    {FAULT_ACCESS, MMU_WRITE, RV_EXC_STORE_ACCESS},
	    {FAULT_ACCESS, MMU_EXEC, RV_EXC_INSN_ACCESS},
	    {FAULT_MISALIGNED, MMU_READ, RV_EXC_LOAD_MISALIGNED},
	    {FAULT_MISALIGNED, MMU_WRITE, RV_EXC_STORE_MISALIGNED},
	    {FAULT_MISALIGNED, MMU_EXEC, RV_EXC_INSN_MISALIGNED},
	};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		soft_cpu_fault(&hart->common, cases[i].kind, cases[i].acc, RV_MMU_U, 0x4000 + i);
		assert_int_equal(fault_code(&hart->common), cases[i].cause);
		assert_int_equal(fault_value(&hart->common), 0x4000 + i);
	}
	vcpu_raise(&hart->common, RV_EXC_ECALL_S, 7);
	assert_int_equal(fault_code(&hart->common), RV_EXC_ECALL_S);
	assert_int_equal(fault_value(&hart->common), 7);

	/* delivered: a store page fault from U delegated to S, an access fault on fetch in M */
	hart->medeleg = 1u << RV_EXC_STORE_PAGE;
	hart_set_priv(hart, RV_PRIV_U);
	hart->common.pc = 0x10000;
	soft_cpu_fault(&hart->common, FAULT_PAGE, MMU_WRITE, RV_MMU_U, 0x7ff8);
	rv64_do_trap(&hart->common);
	assert_int_equal(hart->priv, RV_PRIV_S);
	assert_int_equal(hart->scause, RV_EXC_STORE_PAGE);
	assert_int_equal(hart->stval, 0x7ff8);
	assert_int_equal(hart->sepc, 0x10000);
	hart_set_priv(hart, RV_PRIV_M);
	hart->common.pc = 0x2000;
	soft_cpu_fault(&hart->common, FAULT_ACCESS, MMU_EXEC, RV_MMU_M, 0x2000);
	rv64_do_trap(&hart->common);
	assert_int_equal(hart->mcause, RV_EXC_INSN_ACCESS);
	assert_int_equal(hart->mtval, 0x2000);
	assert_int_equal(hart->mepc, 0x2000);
}

static void test_mret_round_trip(void **state)
{
	hart->mstatus = MSTATUS_XL_64 | MSTATUS_MPIE | MSTATUS_MPRV |
			((uint64_t)RV_PRIV_S << MSTATUS_MPP_SHIFT);
	hart->mepc = 0x80200000;
	assert_false(run_system(hart, 0x30200073));
	assert_int_equal(hart->priv, RV_PRIV_S);
	assert_int_equal(hart->common.pc, 0x80200000);
	assert_true(hart->mstatus & MSTATUS_MIE);
	assert_true(hart->mstatus & MSTATUS_MPIE);
	assert_int_equal(hart->mstatus & (MSTATUS_MPP | MSTATUS_MPRV), 0);
	assert_int_equal(hart->common.mmu_fetch, RV_MMU_S);
	assert_false(hart->common.vcpu.exit_request & EXIT_REQ_IRQ); /* nothing pending */

	/* MRET from S is illegal */
	hart->common.pc = 0x80200100;
	assert_true(run_system(hart, 0x30200073));
	assert_illegal(hart, 0x30200073, 0x80200100);
}

/* The hart's own CSR writes and xRETs ask the engine for an interrupt check only when one can
 * be taken: every sstatus.SIE toggle of a guest kernel would otherwise leave compiled code. */
static void test_interrupt_request_only_when_deliverable(void **state)
{
	assert_true(csr_set(hart, CSR_MIDELEG, MIP_S_MASK));
	assert_true(csr_set(hart, CSR_MIE, MIP_SSIP));
	assert_true(csr_set(hart, CSR_MIP, MIP_SSIP));
	hart_set_priv(hart, RV_PRIV_S);
	hart->common.vcpu.exit_request = 0;
	assert_true(csr_set(hart, CSR_SSTATUS, 0));
	assert_int_equal(hart->common.vcpu.exit_request, 0); /* SIE clear: masked */
	assert_true(csr_set(hart, CSR_SSTATUS, MSTATUS_SIE));
	assert_true(hart->common.vcpu.exit_request & EXIT_REQ_IRQ);
	hart->common.vcpu.exit_request = 0;
	assert_true(csr_set(hart, CSR_SIE, 0));
	assert_int_equal(hart->common.vcpu.exit_request, 0);
	assert_true(csr_set(hart, CSR_SIE, MIP_SSIP));
	assert_true(hart->common.vcpu.exit_request & EXIT_REQ_IRQ);

	/* MRET into S with a machine timer interrupt pending and enabled: taken at once */
	hart_set_priv(hart, RV_PRIV_M);
	assert_true(csr_set(hart, CSR_MIE, MIP_MTIP));
	rv64_set_mip(&hart->common.vcpu, MIP_MTIP, true);
	hart->mstatus = MSTATUS_XL_64 | ((uint64_t)RV_PRIV_S << MSTATUS_MPP_SHIFT);
	hart->common.vcpu.exit_request = 0;
	assert_false(run_system(hart, 0x30200073));
	assert_int_equal(hart->priv, RV_PRIV_S);
	assert_true(hart->common.vcpu.exit_request & EXIT_REQ_IRQ);
}

static void test_sret_and_tsr(void **state)
{
	hart_set_priv(hart, RV_PRIV_S);
	hart->mstatus |= MSTATUS_SPIE;
	hart->sepc = 0x10000;
	assert_false(run_system(hart, 0x10200073));
	assert_int_equal(hart->priv, RV_PRIV_U);
	assert_int_equal(hart->common.pc, 0x10000);
	assert_true(hart->mstatus & MSTATUS_SIE);
	assert_int_equal(hart->common.mmu_data, RV_MMU_U);

	assert_true(run_system(hart, 0x10200073)); /* illegal in U */
	hart_set_priv(hart, RV_PRIV_S);
	hart->mstatus |= MSTATUS_TSR;
	assert_true(run_system(hart, 0x10200073));
	hart_set_priv(hart, RV_PRIV_M);
	hart->mstatus |= MSTATUS_SPP;
	assert_false(run_system(hart, 0x10200073)); /* TSR does not apply to M */
	assert_int_equal(hart->priv, RV_PRIV_S);
}

static void test_wfi(void **state)
{
	hart->common.pc = 0x100;
	assert_false(run_system(hart, 0x10500073));
	assert_true(hart->common.halted);
	assert_int_equal(hart->common.pc, 0x104);

	hart->common.halted = false;
	hart->mie = MIP_MTIP;
	rv64_set_mip(&hart->common.vcpu, MIP_MTIP, true); /* pending though MIE = 0 */
	assert_true(rv64_wakeup_pending(&hart->common));
	assert_false(run_system(hart, 0x10500073));
	assert_false(hart->common.halted);

	hart_set_priv(hart, RV_PRIV_U);
	assert_true(run_system(hart, 0x10500073));
	hart_set_priv(hart, RV_PRIV_S);
	hart->mstatus |= MSTATUS_TW;
	assert_true(run_system(hart, 0x10500073));
}

static void test_fences(void **state)
{
	hart->common.pc = 0x500;
	hart->common.vcpu.exit_request = 0;
	assert_false(run_system(hart, 0x0000100f)); /* fence.i */
	assert_int_equal(hart->common.pc, 0x504);
	assert_true(hart->common.vcpu.exit_request & EXIT_REQ_ICACHE);

	hart->common.vcpu.exit_request = 0;
	assert_false(run_system(hart, 0x12000073)); /* sfence.vma x0, x0 */
	assert_true(hart->common.vcpu.exit_request & EXIT_REQ_TLB_FLUSH);
	hart_set_priv(hart, RV_PRIV_U);
	assert_true(run_system(hart, 0x12000073));
	hart_set_priv(hart, RV_PRIV_S);
	hart->mstatus |= MSTATUS_TVM;
	assert_true(run_system(hart, 0x12000073));
	hart->mstatus &= ~MSTATUS_TVM;
	assert_false(run_system(hart, 0x12000073));
	/* funct3 = 4 is not a SYSTEM instruction */
	assert_true(run_system(hart, 0x00004073));
}

static void test_interrupt_priority(void **state)
{
	static const unsigned order[] = {RV_IRQ_MEI, RV_IRQ_MSI, RV_IRQ_MTI,
					 RV_IRQ_SEI, RV_IRQ_SSI, RV_IRQ_STI};

	hart->mtvec = 0x80000001; /* vectored */
	hart->mie = MIP_ALL;
	hart->mip = MIP_ALL;
	for (unsigned i = 0; i < ARRAY_SIZE(order); i++) {
		hart_set_priv(hart, RV_PRIV_U);
		hart->common.pc = 0x7000;
		hart->common.halted = true;
		assert_true(rv64_check_interrupts(&hart->common));
		assert_false(hart->common.halted);
		assert_int_equal(hart->priv, RV_PRIV_M);
		assert_int_equal(hart->mcause, MCAUSE_INTERRUPT | order[i]);
		assert_int_equal(hart->mepc, 0x7000);
		assert_int_equal(hart->common.pc, 0x80000000 + 4 * order[i]);
		hart->mip &= ~(1ULL << order[i]);
	}
	hart_set_priv(hart, RV_PRIV_U);
	assert_false(rv64_check_interrupts(&hart->common));
	assert_int_equal(hart->common.stats.interrupts, 0); /* counted by the engine */
}

static void test_interrupt_enable_rules(void **state)
{
	hart->mtvec = 0x80000000;
	hart->stvec = 0xc0000001;
	hart->mie = MIP_MTIP | MIP_STIP;
	hart->mideleg = MIP_STIP;

	/* M-mode with MIE clear: nothing */
	hart->mip = MIP_MTIP;
	assert_false(rv64_check_interrupts(&hart->common));
	hart->mstatus |= MSTATUS_MIE;
	assert_true(rv64_check_interrupts(&hart->common));
	assert_int_equal(hart->mcause, MCAUSE_INTERRUPT | RV_IRQ_MTI);
	assert_false(hart->mstatus & MSTATUS_MIE);
	assert_true(hart->mstatus & MSTATUS_MPIE);

	/* delegated STI: never taken in M, even with MIE */
	hart->mip = MIP_STIP;
	hart->mstatus |= MSTATUS_MIE | MSTATUS_SIE;
	hart_set_priv(hart, RV_PRIV_M);
	assert_false(rv64_check_interrupts(&hart->common));
	/* in S: needs SIE */
	hart_set_priv(hart, RV_PRIV_S);
	hart->mstatus &= ~MSTATUS_SIE;
	assert_false(rv64_check_interrupts(&hart->common));
	/* an M-level interrupt in S is taken regardless of MIE */
	hart->mip = MIP_MTIP;
	hart->mstatus &= ~MSTATUS_MIE;
	assert_true(rv64_check_interrupts(&hart->common));
	assert_int_equal(hart->priv, RV_PRIV_M);
	/* in U: delegated interrupts are always enabled; vectored stvec */
	hart->mip = MIP_STIP;
	hart_set_priv(hart, RV_PRIV_U);
	hart->common.pc = 0x8000;
	assert_true(rv64_check_interrupts(&hart->common));
	assert_int_equal(hart->priv, RV_PRIV_S);
	assert_int_equal(hart->scause, MCAUSE_INTERRUPT | RV_IRQ_STI);
	assert_int_equal(hart->sepc, 0x8000);
	assert_int_equal(hart->common.pc, 0xc0000000 + 4 * RV_IRQ_STI);
	/* not enabled in mie: not taken and no wakeup */
	hart->mie = 0;
	hart_set_priv(hart, RV_PRIV_U);
	assert_false(rv64_check_interrupts(&hart->common));
	assert_false(rv64_wakeup_pending(&hart->common));
}

static void test_mmu_idx(void **state)
{
	hart->mstatus |= MSTATUS_SUM;
	hart_set_priv(hart, RV_PRIV_S);
	assert_int_equal(hart->common.mmu_data, RV_MMU_S_SUM);
	assert_int_equal(hart->common.mmu_fetch, RV_MMU_S);
	hart_set_priv(hart, RV_PRIV_M);
	assert_int_equal(hart->common.mmu_data, RV_MMU_M);
	/* MPRV through a CSR write: data uses MPP's regime, fetch stays M */
	assert_true(
	    csr_set(hart, CSR_MSTATUS,
		    MSTATUS_MPRV | MSTATUS_SUM | ((uint64_t)RV_PRIV_S << MSTATUS_MPP_SHIFT)));
	assert_int_equal(hart->common.mmu_data, RV_MMU_S_SUM);
	assert_int_equal(hart->common.mmu_fetch, RV_MMU_M);
	assert_true(csr_set(hart, CSR_MSTATUS, MSTATUS_MPRV));
	assert_int_equal(hart->common.mmu_data, RV_MMU_U);
}

static void test_dump_state(void **state)
{
	char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	hart->common.slots[10] = 0xabcdef;
	rv64_dump_state(&hart->common.vcpu, f);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(buf, "priv M"));
	assert_non_null(strstr(buf, "0000000000abcdef"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_reset_state),
	    T(test_csr_advances_pc_and_writes_rd),
	    T(test_mstatus_write_mask),
	    T(test_sstatus_view),
	    T(test_privilege_checks),
	    T(test_counter_enables),
	    T(test_counter_writes),
	    T(test_counter_inhibit),
	    T(test_fp_csrs_need_fs),
	    T(test_satp_modes),
	    T(test_interrupt_csr_masks),
	    T(test_seip_software_and_line),
	    T(test_seip_line_not_lost_to_mip_writes),
	    T(test_pmp_csrs),
	    T(test_misc_machine_csrs),
	    T(test_ecall_ebreak),
	    T(test_trap_delegation),
	    T(test_fault_causes),
	    T(test_mret_round_trip),
	    T(test_interrupt_request_only_when_deliverable),
	    T(test_sret_and_tsr),
	    T(test_wfi),
	    T(test_fences),
	    T(test_interrupt_priority),
	    T(test_interrupt_enable_rules),
	    T(test_mmu_idx),
	    T(test_dump_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
