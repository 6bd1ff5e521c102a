/*
 * cpu_snapshot.c - a riscv64 hart's architectural state in a snapshot record
 * (frontend_ops.save_cpu / load_cpu): x and f registers, pc, privilege, halted (WFI),
 * instret, and every CSR of struct rv64_cpu. Not saved, because it is derived or
 * transient: PMP spans (rebuilt), TLB and translations (flushed), the LR reservation
 * (dropped, as a trap would) and the time source (the board's, set at reset).
 */
#include <errno.h>
#include "arch/riscv64/cpu.h"
#include "core/snapshot_state.h"

/* The CSRs in record order: changing it changes the record. */
/* clang-format off */
#define RV_SNAPSHOT_CSRS(X)                                                                      \
	X(mstatus) X(misa) X(medeleg) X(mideleg) X(mie) X(mtvec)                                 \
	X(mscratch) X(mepc) X(mcause) X(mtval) X(mcounteren) X(mcountinhibit)                    \
	X(menvcfg) X(mcycle.offset) X(mcycle.held) X(minstret.offset) X(minstret.held) X(stvec)  \
	X(sscratch) X(sepc) X(scause) X(stval) X(satp) X(scounteren)                             \
	X(senvcfg)
/* clang-format on */

int rv64_save_cpu(struct vcpu *cpu, struct snap_enc *e)
{
	struct rv64_cpu *rv = rv64_hart(cpu);

	for (unsigned i = 0; i < RV_NREGS; i++)
		snap_enc_u64(e, rv->common.slots[i]);
	snap_enc_u64(e, rv->common.pc);
	snap_enc_u64(e, rv->common.halted);
	snap_enc_u64(e, rv->common.instret);
	snap_enc_u64(e, rv->priv);
	snap_enc_u64(e, rv->fflags);
	snap_enc_u64(e, rv->frm);
	snap_enc_u64(e, __atomic_load_n(&rv->mip, __ATOMIC_SEQ_CST));
	snap_enc_u64(e, rv->seip_software);
#define RV_SAVE_CSR(f) snap_enc_u64(e, rv->f);
	RV_SNAPSHOT_CSRS(RV_SAVE_CSR)
#undef RV_SAVE_CSR
	for (unsigned i = 0; i < RV_PMP_COUNT; i++) {
		snap_enc_u64(e, rv->pmpcfg[i]);
		snap_enc_u64(e, rv->pmpaddr[i]);
	}
	return e->failed ? -ENOMEM : 0;
}

int rv64_load_cpu(struct vcpu *cpu, struct snap_dec *d)
{
	struct rv64_cpu *rv = rv64_hart(cpu);

	for (unsigned i = 0; i < RV_NREGS; i++)
		rv->common.slots[i] = snap_dec_u64(d);
	rv->common.slots[RV_SLOT_X(0)] = 0;
	rv->common.pc = snap_dec_u64(d);
	rv->common.halted = snap_dec_u64(d) != 0;
	rv->common.instret = snap_dec_u64(d);
	rv->priv = (unsigned)snap_dec_u64(d) & 3u;
	rv->fflags = (uint32_t)snap_dec_u64(d) & 0x1fu;
	rv->frm = (uint32_t)snap_dec_u64(d) & 7u;
	__atomic_store_n(&rv->mip, snap_dec_u64(d), __ATOMIC_SEQ_CST);
	rv->seip_software = snap_dec_u64(d) != 0;
#define RV_LOAD_CSR(f) rv->f = snap_dec_u64(d);
	RV_SNAPSHOT_CSRS(RV_LOAD_CSR)
#undef RV_LOAD_CSR
	for (unsigned i = 0; i < RV_PMP_COUNT; i++) {
		rv->pmpcfg[i] = (uint8_t)snap_dec_u64(d);
		rv->pmpaddr[i] = snap_dec_u64(d);
	}
	if (snap_dec_finish(d) || rv->priv == 2)
		return -EINVAL;
	rv64_pmp_rebuild(rv);
	rv->res_valid = false;
	soft_cpu_clear_fault(&rv->common);
	rv64_update_mmu_idx(rv);
	vaddr_span_clear(&rv->superpage_span);
	vcpu_tlb_flush(&rv->common);
	return 0;
}
