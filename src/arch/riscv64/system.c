/*
 * system.c - riscv64 SYSTEM instructions (CSR*, ECALL, EBREAK, MRET, SRET,
 * WFI, SFENCE.VMA) and FENCE.I, trap entry, interrupt selection, reset
 * state and the TLB-regime bookkeeping.
 *
 * Invariants: every SYSTEM instruction runs alone in its block, so when its
 * helper (one per instruction, RV64_OTHER_HELPERS in helpers.h) runs cpu->pc
 * is its address and instret is exact. translate.c raises ECALL, EBREAK and
 * what the block's privilege already makes illegal; a helper checks only
 * what can change under the block (mstatus TSR/TW/TVM, CSR access rules),
 * and either raises a trap and leaves pc alone, or sets pc to the next
 * instruction (or the xRET target). Whenever priv or mstatus
 * MPRV/MPP/SUM change, rv64_update_mmu_idx recomputes the TLB regimes;
 * whenever satp's mode, MXR or PMP change, the TLB is flushed, and when
 * satp's ASID or root change, its non-global entries; whenever interrupt
 * enables or pending bits changed so that an interrupt can be taken,
 * EXIT_REQ_IRQ is requested so the engine takes it before the next block.
 */
#include <inttypes.h>
#include "arch/riscv64/csr.h"
#include "core/log.h"
#include "mem/mmu.h"
#include "mem/reservation.h"

void rv64_update_mmu_idx(struct rv64_cpu *rv)
{
	static const unsigned regime_of_priv[4] = {
	    [RV_PRIV_U] = RV_MMU_U, [RV_PRIV_S] = RV_MMU_S, [2] = RV_MMU_M, [RV_PRIV_M] = RV_MMU_M};
	unsigned eff = rv->priv;
	unsigned data;

	if (rv->priv == RV_PRIV_M && (rv->mstatus & MSTATUS_MPRV))
		eff = (unsigned)((rv->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	if (eff == RV_PRIV_S && (rv->mstatus & MSTATUS_SUM))
		data = RV_MMU_S_SUM;
	else
		data = regime_of_priv[eff & 3];
	soft_cpu_set_regimes(&rv->common, data, regime_of_priv[rv->priv & 3]);
}

void rv64_cpu_reset(struct rv64_cpu *rv, uint64_t pc)
{
	rv->priv = RV_PRIV_M;
	rv->misa = MISA_RV64IMAFDCSU;
	rv->mstatus = MSTATUS_XL_64;
	rv->fflags = 0;
	rv->frm = 0;
	rv->medeleg = rv->mideleg = rv->mie = 0;
	__atomic_store_n(&rv->mip, 0, __ATOMIC_SEQ_CST);
	rv->seip_software = false;
	rv->mtvec = rv->mscratch = rv->mepc = rv->mcause = rv->mtval = 0;
	rv->mcounteren = rv->mcountinhibit = rv->menvcfg = 0;
	rv->mcycle = rv->minstret = (struct rv64_counter){0};
	rv->stvec = rv->sscratch = rv->sepc = rv->scause = rv->stval = 0;
	rv->satp = rv->scounteren = rv->senvcfg = 0;
	for (unsigned i = 0; i < RV_PMP_COUNT; i++) {
		rv->pmpcfg[i] = 0;
		rv->pmpaddr[i] = 0;
	}
	rv64_pmp_rebuild(rv);
	rv->res_valid = false;
	vaddr_span_clear(&rv->superpage_span);
	rv->common.pc = pc;
	rv->common.halted = false;
	soft_cpu_clear_fault(&rv->common);
	rv64_update_mmu_idx(rv);
}

uint32_t rv64_block_flags(struct soft_cpu *cpu)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);

	return (rv->priv & 3u) | (rv64_fs(rv) << 2);
}

static void flush_translations(struct rv64_cpu *rv)
{
	vaddr_span_clear(&rv->superpage_span);
	vcpu_tlb_flush(&rv->common);
}

/* Common trap entry for exceptions and interrupts; pc = the instruction to return to. */
static void take_trap(struct rv64_cpu *rv, uint64_t cause, uint64_t tval)
{
	bool interrupt = cause & MCAUSE_INTERRUPT;
	unsigned code = (unsigned)(cause & 63);
	uint64_t deleg = interrupt ? rv->mideleg : rv->medeleg;
	uint64_t pc = rv->common.pc;
	unsigned from = rv->priv;

	if (rv->priv <= RV_PRIV_S && ((deleg >> code) & 1)) {
		uint64_t s = rv->mstatus & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);
		if (rv->mstatus & MSTATUS_SIE)
			s |= MSTATUS_SPIE;
		if (rv->priv == RV_PRIV_S)
			s |= MSTATUS_SPP;
		rv->mstatus = s;
		rv->sepc = pc;
		rv->scause = cause;
		rv->stval = tval;
		rv->priv = RV_PRIV_S;
		rv->common.pc = rv->stvec & ~3ULL;
		if (interrupt && (rv->stvec & 1))
			rv->common.pc += 4ULL * code;
	} else {
		uint64_t m = rv->mstatus & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE);
		if (rv->mstatus & MSTATUS_MIE)
			m |= MSTATUS_MPIE;
		m |= (uint64_t)rv->priv << MSTATUS_MPP_SHIFT;
		rv->mstatus = m;
		rv->mepc = pc;
		rv->mcause = cause;
		rv->mtval = tval;
		rv->priv = RV_PRIV_M;
		rv->common.pc = rv->mtvec & ~3ULL;
		if (interrupt && (rv->mtvec & 1))
			rv->common.pc += 4ULL * code;
	}
	soft_cpu_clear_fault(&rv->common);
	if (rv->res_valid) {
		rv->res_valid = false;
		reservation_clear(rv->common.as, rv->common.vcpu.id);
	}
	rv64_update_mmu_idx(rv);
	log_class(int,
		  "hart %u: %s %u at pc 0x%" PRIx64 " tval 0x%" PRIx64
		  " priv %u -> %u, pc 0x%" PRIx64,
		  rv->common.vcpu.id, interrupt ? "interrupt" : "exception", code, pc, tval, from,
		  rv->priv, rv->common.pc);
}

uint64_t rv64_fault_cause(const struct cpu_fault *f, uint64_t *tval)
{
	/* [kind][access] for the memory faults; access: MMU_READ, MMU_WRITE, MMU_EXEC */
	static const uint64_t cause[][3] = {
	    [FAULT_PAGE] = {RV_EXC_LOAD_PAGE, RV_EXC_STORE_PAGE, RV_EXC_INSN_PAGE},
	    [FAULT_ACCESS] = {RV_EXC_LOAD_ACCESS, RV_EXC_STORE_ACCESS, RV_EXC_INSN_ACCESS},
	    [FAULT_MISALIGNED] = {RV_EXC_LOAD_MISALIGNED, RV_EXC_STORE_MISALIGNED,
				  RV_EXC_INSN_MISALIGNED},
	};

	if (f->kind == FAULT_ARCH) {
		*tval = f->value;
		return f->code;
	}
	*tval = f->addr;
	return cause[f->kind][f->access];
}

void rv64_do_trap(struct soft_cpu *cpu)
{
	uint64_t tval;
	uint64_t cause = rv64_fault_cause(&cpu->fault, &tval);

	take_trap(rv64_cpu(cpu), cause, tval);
}

bool rv64_wakeup_pending(struct soft_cpu *cpu)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);

	return (rv64_mip(rv) & rv->mie) != 0;
}

static uint64_t enabled_interrupts(struct rv64_cpu *rv)
{
	uint64_t pending = rv64_mip(rv) & rv->mie;
	uint64_t m_level = pending & ~rv->mideleg;
	uint64_t s_level = pending & rv->mideleg;
	uint64_t enabled = 0;

	if (rv->priv < RV_PRIV_M || (rv->mstatus & MSTATUS_MIE))
		enabled |= m_level;
	if (rv->priv < RV_PRIV_S || (rv->priv == RV_PRIV_S && (rv->mstatus & MSTATUS_SIE)))
		enabled |= s_level;
	return enabled;
}

bool rv64_check_interrupts(struct soft_cpu *cpu)
{
	static const unsigned priority[] = {RV_IRQ_MEI, RV_IRQ_MSI, RV_IRQ_MTI,
					    RV_IRQ_SEI, RV_IRQ_SSI, RV_IRQ_STI};
	struct rv64_cpu *rv = rv64_cpu(cpu);
	uint64_t enabled = enabled_interrupts(rv);

	if (!enabled)
		return false;
	for (unsigned i = 0; i < ARRAY_SIZE(priority); i++) {
		if (enabled & (1ULL << priority[i])) {
			cpu->halted = false;
			take_trap(rv, MCAUSE_INTERRUPT | priority[i], 0);
			return true;
		}
	}
	return false;
}

void rv64_set_mip(struct vcpu *cpu, uint64_t mask, bool level)
{
	struct rv64_cpu *rv = rv64_hart(cpu);

	if (level)
		__atomic_fetch_or(&rv->mip, mask, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&rv->mip, ~mask, __ATOMIC_SEQ_CST);
	vcpu_kick(cpu, EXIT_REQ_IRQ);
}

/* Enables, privilege or pending bits changed on the hart's own thread: ask the engine to take
 * an interrupt only if one can be taken now. One that becomes pending later comes with its
 * device's kick (rv64_set_mip); one pending and masked until now is seen here. */
static void request_interrupt_check(struct rv64_cpu *rv)
{
	if (enabled_interrupts(rv))
		vcpu_request(&rv->common.vcpu, EXIT_REQ_IRQ);
}

void rv64_apply_csr_effects(struct rv64_cpu *rv, unsigned effects)
{
	if (effects & CSR_EFFECT_MMU_IDX)
		rv64_update_mmu_idx(rv);
	if (effects & CSR_EFFECT_TLB)
		flush_translations(rv);
	else if (effects & CSR_EFFECT_ASPACE)
		vcpu_tlb_flush_nonglobal(&rv->common);
	if (effects & CSR_EFFECT_IRQ)
		request_interrupt_check(rv);
}

/* xRET, WFI and SFENCE.VMA refused by mstatus: illegal instruction, tval the encoding. */
static uint64_t illegal(struct soft_cpu *cpu, uint64_t opw)
{
	log_class(unimp, "hart %u: illegal SYSTEM instruction 0x%08x at pc 0x%" PRIx64 " (priv %u)",
		  cpu->vcpu.id, rv64_opw_raw(opw), cpu->pc, rv64_cpu(cpu)->priv);
	vcpu_raise(cpu, RV_EXC_ILLEGAL, rv64_opw_raw(opw));
	return 0;
}

/* CSRRW/CSRRS/CSRRC and their immediate forms: src is x rs1 or the uimm; returns the old
 * value for rd. Whether to read and to write comes with the operand word; the access rules
 * (privilege, read-only CSRs, counter enables) depend on state and are checked here. */
static uint64_t exec_csr(struct soft_cpu *cpu, uint64_t src, uint64_t opw, enum rv64_helper_id op)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);
	unsigned csrno = rv64_opw_csr(opw);
	uint64_t old = 0, new, written = src;
	unsigned effects = 0;

	if ((opw & RV64_OPW_CSR_READ) && rv64_csr_read(rv, csrno, &old) < 0)
		goto illegal;
	if (opw & RV64_OPW_CSR_WRITE) {
		if (op == RV64_H_CSRRW) {
			new = src;
			written = ~0ULL;
		} else {
			new = op == RV64_H_CSRRS ? old | src : old & ~src;
		}
		if (rv64_csr_write(rv, csrno, new, written, &effects) < 0)
			goto illegal;
	}
	rv64_apply_csr_effects(rv, effects);
	cpu->pc += 4;
	return old;
illegal:
	vcpu_raise(cpu, RV_EXC_ILLEGAL, rv64_opw_raw(opw));
	return 0;
}

uint64_t rv64_helper_csrrw(struct soft_cpu *cpu, uint64_t src, uint64_t b, uint64_t opw)
{
	return exec_csr(cpu, src, opw, RV64_H_CSRRW);
}

uint64_t rv64_helper_csrrs(struct soft_cpu *cpu, uint64_t src, uint64_t b, uint64_t opw)
{
	return exec_csr(cpu, src, opw, RV64_H_CSRRS);
}

uint64_t rv64_helper_csrrc(struct soft_cpu *cpu, uint64_t src, uint64_t b, uint64_t opw)
{
	return exec_csr(cpu, src, opw, RV64_H_CSRRC);
}

static void exec_mret(struct rv64_cpu *rv)
{
	unsigned mpp = (unsigned)((rv->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	uint64_t m = rv->mstatus & ~(MSTATUS_MIE | MSTATUS_MPP);

	if (rv->mstatus & MSTATUS_MPIE)
		m |= MSTATUS_MIE;
	m |= MSTATUS_MPIE; /* MPP becomes U (0) */
	if (mpp != RV_PRIV_M)
		m &= ~MSTATUS_MPRV;
	rv->mstatus = m;
	rv->priv = mpp;
	rv->common.pc = rv->mepc;
}

static void exec_sret(struct rv64_cpu *rv)
{
	unsigned spp = (rv->mstatus & MSTATUS_SPP) ? RV_PRIV_S : RV_PRIV_U;
	uint64_t s = rv->mstatus & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);

	if (rv->mstatus & MSTATUS_SPIE)
		s |= MSTATUS_SIE;
	s |= MSTATUS_SPIE;
	rv->mstatus = s;
	rv->priv = spp;
	rv->common.pc = rv->sepc;
}

/* SFENCE.VMA vaddr, asid (the values of x rs1 and x rs2; the operand word says whether rs1 and
 * rs2 are x0). U mode never gets here (translation raises it); S mode traps if mstatus.TVM. */
uint64_t rv64_helper_sfence_vma(struct soft_cpu *cpu, uint64_t vaddr, uint64_t asid_reg,
				uint64_t opw)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);
	bool rs1 = opw & RV64_OPW_RS1, rs2 = opw & RV64_OPW_RS2;
	uint64_t asid = (asid_reg << SATP_ASID_SHIFT) & SATP_ASID_MASK;
	bool in_superpage = rs1 && vaddr_span_holds(&rv->superpage_span, vaddr);

	if (rv->priv == RV_PRIV_S && (rv->mstatus & MSTATUS_TVM))
		return illegal(cpu, opw);
	cpu->pc += 4;
	/* The TLB holds global translations and the non-global ones of satp's ASID only (a satp
	 * write drops the others), so a flush naming another ASID has nothing to drop, and one
	 * naming satp's ASID drops non-global entries only. A superpage sits in the TLB as many
	 * 4 KiB entries, so an address inside one flushes more than its page. */
	if (rs2 && asid != (rv->satp & SATP_ASID_MASK))
		return 0;
	if (rs1 && !in_superpage)
		vcpu_tlb_flush_page(cpu, vaddr);
	else if (rs2)
		vcpu_tlb_flush_nonglobal(cpu);
	else
		flush_translations(rv);
	return 0;
}

/* MRET: M mode only, which translation checked. */
uint64_t rv64_helper_mret(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t opw)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);

	exec_mret(rv);
	rv64_update_mmu_idx(rv);
	request_interrupt_check(rv);
	return 0;
}

/* SRET: S or M mode (translation raised U); S mode traps if mstatus.TSR. */
uint64_t rv64_helper_sret(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t opw)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);

	if (rv->priv == RV_PRIV_S && (rv->mstatus & MSTATUS_TSR))
		return illegal(cpu, opw);
	exec_sret(rv);
	rv64_update_mmu_idx(rv);
	request_interrupt_check(rv);
	return 0;
}

/* WFI: S or M mode (translation raised U); S mode traps if mstatus.TW. */
uint64_t rv64_helper_wfi(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t opw)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);

	if (rv->priv == RV_PRIV_S && (rv->mstatus & MSTATUS_TW))
		return illegal(cpu, opw);
	if (!rv64_wakeup_pending(cpu))
		cpu->halted = true;
	cpu->pc += 4;
	return 0;
}

uint64_t rv64_helper_fence_i(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t opw)
{
	vcpu_request(&cpu->vcpu, EXIT_REQ_ICACHE);
	cpu->pc += 4;
	return 0;
}

void rv64_dump_state(struct vcpu *v, FILE *out)
{
	static const char *const priv_name[4] = {"U", "S", "?", "M"};
	struct soft_cpu *cpu = soft_cpu_of(v);
	struct rv64_cpu *rv = rv64_cpu(cpu);

	fprintf(out, "hart %u pc %016" PRIx64 " priv %s instret %" PRIu64 "%s\n", cpu->vcpu.id,
		cpu->pc, priv_name[rv->priv & 3], cpu->instret, cpu->halted ? " (wfi)" : "");
	for (unsigned i = 0; i < 32; i++)
		fprintf(out, "x%-2u %016" PRIx64 "%s", i, cpu->slots[RV_SLOT_X(i)],
			(i % 4 == 3) ? "\n" : "  ");
	fprintf(out, "mstatus %016" PRIx64 " mie %016" PRIx64 " mip %016" PRIx64 "\n", rv->mstatus,
		rv->mie, rv64_mip(rv));
	fprintf(out, "mepc    %016" PRIx64 " mcause %016" PRIx64 " mtval %016" PRIx64 "\n",
		rv->mepc, rv->mcause, rv->mtval);
	fprintf(out, "mtvec   %016" PRIx64 " medeleg %016" PRIx64 " mideleg %016" PRIx64 "\n",
		rv->mtvec, rv->medeleg, rv->mideleg);
	fprintf(out, "sepc    %016" PRIx64 " scause %016" PRIx64 " stval %016" PRIx64 "\n",
		rv->sepc, rv->scause, rv->stval);
	fprintf(out, "stvec   %016" PRIx64 " satp %016" PRIx64 "\n", rv->stvec, rv->satp);
}
