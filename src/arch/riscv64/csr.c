/*
 * csr.c - riscv64 control and status registers: access rules and per-CSR
 * read/write behaviour (WARL masks, hardwired values, side effects).
 *
 * Access rules, checked before any state changes: the CSR's minimum
 * privilege (number bits 9:8) must not exceed the current privilege;
 * writing a read-only CSR (bits 11:10 == 3) is illegal; counters in S/U
 * need the mcounteren (and, in U, scounteren) bit; FP CSRs need
 * mstatus.FS != Off; satp in S needs mstatus.TVM clear. Unknown CSRs are
 * illegal. Writes never store unimplemented bits, so reads need no masks
 * beyond the S-level views of M registers (sstatus, sie, sip).
 * Side effects are returned to the caller as CSR_EFFECT_* bits; this file
 * never flushes or kicks anything itself.
 *
 * Counters: FVP has no timing model, so mcycle counts retired instructions
 * too, one cycle each. Both derive from common.instret, which the engines
 * keep exact per instruction: the hot path only adds to it, and each
 * counter here is common.instret + offset, or a held value while its
 * mcountinhibit bit (CY, IR) is set. A CSR instruction runs alone in its
 * block (cpu.h), so common.instret counts the instructions before it and
 * the engine adds 1 once it retires. A write to a counter replaces that
 * increment (the next instruction reads the value written); a change to
 * mcountinhibit governs only the instructions after the writing one (it
 * counts when it sets a bit, not when it clears one), as in the Sail model.
 */
#include "arch/riscv64/csr.h"
#include "core/log.h"

static bool csr_is_counter(unsigned csrno)
{
	return csrno >= CSR_CYCLE && csrno <= CSR_HPMCOUNTER31;
}

static bool csr_is_fp(unsigned csrno)
{
	return csrno >= CSR_FFLAGS && csrno <= CSR_FCSR;
}

static bool csr_allowed(struct rv64_cpu *rv, unsigned csrno, bool write)
{
	unsigned min_priv = (csrno >> 8) & 3;

	if (rv->priv < min_priv)
		return false;
	if (write && (csrno >> 10) == 3)
		return false;
	if (csr_is_counter(csrno)) {
		uint64_t bit = 1ULL << (csrno - CSR_CYCLE);
		if (rv->priv < RV_PRIV_M && !(rv->mcounteren & bit))
			return false;
		if (rv->priv < RV_PRIV_S && !(rv->scounteren & bit))
			return false;
	}
	if (csr_is_fp(csrno) && rv64_fs(rv) == FS_OFF)
		return false;
	if (csrno == CSR_SATP && rv->priv == RV_PRIV_S && (rv->mstatus & MSTATUS_TVM))
		return false;
	return true;
}

static uint64_t mstatus_with_sd(uint64_t mstatus)
{
	mstatus &= ~MSTATUS_SD;
	if ((mstatus & MSTATUS_FS) == ((uint64_t)FS_DIRTY << MSTATUS_FS_SHIFT))
		mstatus |= MSTATUS_SD;
	return mstatus;
}

void rv64_set_fs_dirty(struct rv64_cpu *rv)
{
	rv->mstatus = mstatus_with_sd(rv->mstatus | MSTATUS_FS);
}

/* Replace the bits of mip under mask with val, atomically against device updates. The caller
 * passes only the bits the instruction writes: a value read earlier must not overwrite a bit a
 * device changed since (a lost SEIP leaves the PLIC's output high with no interrupt taken). */
static void mip_update(struct rv64_cpu *rv, uint64_t mask, uint64_t val)
{
	uint64_t old = __atomic_load_n(&rv->mip, __ATOMIC_SEQ_CST);
	uint64_t new;

	do {
		new = (old & ~mask) | (val & mask);
	} while (!__atomic_compare_exchange_n(&rv->mip, &old, new, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
}

static bool pmp_entry_locked(const struct rv64_cpu *rv, unsigned i)
{
	return rv->pmpcfg[i] & PMP_L;
}

/* pmpaddr[i] is also locked when entry i+1 is a locked TOR entry (it is its lower bound). */
static bool pmpaddr_locked(const struct rv64_cpu *rv, unsigned i)
{
	if (pmp_entry_locked(rv, i))
		return true;
	if (i + 1 < RV_PMP_COUNT && pmp_entry_locked(rv, i + 1) &&
	    ((rv->pmpcfg[i + 1] & PMP_A) >> PMP_A_SHIFT) == PMP_A_TOR)
		return true;
	return false;
}

static uint8_t pmpcfg_legalize(uint8_t cfg)
{
	cfg &= PMP_R | PMP_W | PMP_X | PMP_A | PMP_L;
	if ((cfg & (PMP_R | PMP_W)) == PMP_W) /* R=0 W=1 is reserved */
		cfg &= (uint8_t)~PMP_W;
	return cfg;
}

static uint64_t pmpcfg_read(const struct rv64_cpu *rv, unsigned reg)
{
	uint64_t val = 0;
	unsigned first = reg * 4;

	if (first >= RV_PMP_COUNT)
		return 0;
	for (unsigned i = 0; i < 8; i++)
		val |= (uint64_t)rv->pmpcfg[first + i] << (8 * i);
	return val;
}

static void pmpcfg_write(struct rv64_cpu *rv, unsigned reg, uint64_t val)
{
	unsigned first = reg * 4;

	if (first >= RV_PMP_COUNT)
		return;
	for (unsigned i = 0; i < 8; i++) {
		if (pmp_entry_locked(rv, first + i))
			continue;
		rv->pmpcfg[first + i] = pmpcfg_legalize((uint8_t)(val >> (8 * i)));
	}
}

static uint64_t tvec_legalize(uint64_t val)
{
	if ((val & 3) >= 2) /* reserved modes: fall back to direct */
		return val & ~3ULL;
	return val;
}

/* common.instret once the running CSR instruction has retired. */
static uint64_t retired_after(const struct rv64_cpu *rv)
{
	return rv->common.instret + 1;
}

static uint64_t counter_read(const struct rv64_cpu *rv, const struct rv64_counter *c,
			     uint64_t inhibit_bit)
{
	if (rv->mcountinhibit & inhibit_bit)
		return c->held;
	return rv->common.instret + c->offset;
}

static void counter_write(struct rv64_cpu *rv, struct rv64_counter *c, uint64_t inhibit_bit,
			  uint64_t val)
{
	if (rv->mcountinhibit & inhibit_bit)
		c->held = val;
	else
		c->offset = val - retired_after(rv);
}

/* Stop the counter at its value once this instruction retires, or resume from the held one. */
static void counter_inhibit(struct rv64_cpu *rv, struct rv64_counter *c, uint64_t inhibit_bit,
			    uint64_t new_inhibit)
{
	if (!((rv->mcountinhibit ^ new_inhibit) & inhibit_bit))
		return;
	if (new_inhibit & inhibit_bit)
		c->held = retired_after(rv) + c->offset;
	else
		c->offset = c->held - retired_after(rv);
}

static void mcountinhibit_write(struct rv64_cpu *rv, uint64_t val)
{
	uint64_t new_inhibit = val & MCOUNTINHIBIT_WRITABLE;

	counter_inhibit(rv, &rv->mcycle, MCOUNTINHIBIT_CY, new_inhibit);
	counter_inhibit(rv, &rv->minstret, MCOUNTINHIBIT_IR, new_inhibit);
	rv->mcountinhibit = new_inhibit;
}

static int csr_read_machine(struct rv64_cpu *rv, unsigned csrno, uint64_t *val)
{
	switch (csrno) {
	case CSR_MVENDORID:
	case CSR_MARCHID:
	case CSR_MIMPID:
	case CSR_MCONFIGPTR:
	case CSR_MSECCFG:
	case CSR_TSELECT:
	case CSR_TDATA1:
	case CSR_TDATA2:
	case CSR_TDATA3:
		*val = 0;
		return 0;
	case CSR_MHARTID:
		*val = rv->mhartid;
		return 0;
	case CSR_MSTATUS:
		*val = rv->mstatus;
		return 0;
	case CSR_MISA:
		*val = rv->misa;
		return 0;
	case CSR_MEDELEG:
		*val = rv->medeleg;
		return 0;
	case CSR_MIDELEG:
		*val = rv->mideleg;
		return 0;
	case CSR_MIE:
		*val = rv->mie;
		return 0;
	case CSR_MIP:
		*val = rv64_mip(rv);
		return 0;
	case CSR_MTVEC:
		*val = rv->mtvec;
		return 0;
	case CSR_MCOUNTEREN:
		*val = rv->mcounteren;
		return 0;
	case CSR_MCOUNTINHIBIT:
		*val = rv->mcountinhibit;
		return 0;
	case CSR_MENVCFG:
		*val = rv->menvcfg;
		return 0;
	case CSR_MSCRATCH:
		*val = rv->mscratch;
		return 0;
	case CSR_MEPC:
		*val = rv->mepc;
		return 0;
	case CSR_MCAUSE:
		*val = rv->mcause;
		return 0;
	case CSR_MTVAL:
		*val = rv->mtval;
		return 0;
	case CSR_MCYCLE:
		*val = counter_read(rv, &rv->mcycle, MCOUNTINHIBIT_CY);
		return 0;
	case CSR_MINSTRET:
		*val = counter_read(rv, &rv->minstret, MCOUNTINHIBIT_IR);
		return 0;
	}
	if ((csrno >= CSR_MHPMCOUNTER3 && csrno <= CSR_MHPMCOUNTER31) ||
	    (csrno >= CSR_MHPMEVENT3 && csrno <= CSR_MHPMEVENT31)) {
		*val = 0;
		return 0;
	}
	if (csrno >= CSR_PMPCFG0 && csrno <= CSR_PMPCFG15) {
		if (csrno & 1) /* odd pmpcfg registers exist only in RV32 */
			return -1;
		*val = pmpcfg_read(rv, csrno - CSR_PMPCFG0);
		return 0;
	}
	if (csrno >= CSR_PMPADDR0 && csrno <= CSR_PMPADDR63) {
		unsigned i = csrno - CSR_PMPADDR0;
		*val = i < RV_PMP_COUNT ? rv->pmpaddr[i] : 0;
		return 0;
	}
	return -1;
}

static int csr_read_other(struct rv64_cpu *rv, unsigned csrno, uint64_t *val)
{
	switch (csrno) {
	case CSR_FFLAGS:
		*val = rv->fflags & 0x1f;
		return 0;
	case CSR_FRM:
		*val = rv->frm & 7;
		return 0;
	case CSR_FCSR:
		*val = ((rv->frm & 7) << 5) | (rv->fflags & 0x1f);
		return 0;
	case CSR_CYCLE:
		*val = counter_read(rv, &rv->mcycle, MCOUNTINHIBIT_CY);
		return 0;
	case CSR_INSTRET:
		*val = counter_read(rv, &rv->minstret, MCOUNTINHIBIT_IR);
		return 0;
	case CSR_TIME:
		*val = rv->time.read ? rv->time.read(rv->time.opaque) : 0;
		return 0;
	case CSR_SSTATUS:
		*val = rv->mstatus & SSTATUS_READABLE;
		return 0;
	case CSR_SIE:
		*val = rv->mie & rv->mideleg;
		return 0;
	case CSR_SIP:
		*val = rv64_mip(rv) & rv->mideleg;
		return 0;
	case CSR_STVEC:
		*val = rv->stvec;
		return 0;
	case CSR_SCOUNTEREN:
		*val = rv->scounteren;
		return 0;
	case CSR_SENVCFG:
		*val = rv->senvcfg;
		return 0;
	case CSR_SSCRATCH:
		*val = rv->sscratch;
		return 0;
	case CSR_SEPC:
		*val = rv->sepc;
		return 0;
	case CSR_SCAUSE:
		*val = rv->scause;
		return 0;
	case CSR_STVAL:
		*val = rv->stval;
		return 0;
	case CSR_SATP:
		*val = rv->satp;
		return 0;
	}
	if (csrno >= CSR_HPMCOUNTER3 && csrno <= CSR_HPMCOUNTER31) {
		*val = 0;
		return 0;
	}
	return csr_read_machine(rv, csrno, val);
}

int rv64_csr_read(struct rv64_cpu *rv, unsigned csrno, uint64_t *val)
{
	if (!csr_allowed(rv, csrno, false) || csr_read_other(rv, csrno, val) < 0) {
		log_class(unimp, "hart %u: illegal CSR read 0x%03x at pc 0x%llx (priv %u)",
			  rv->common.vcpu.id, csrno, (unsigned long long)rv->common.pc, rv->priv);
		return -1;
	}
	return 0;
}

static unsigned mstatus_write(struct rv64_cpu *rv, uint64_t mask, uint64_t val)
{
	uint64_t old = rv->mstatus;
	uint64_t new = (old & ~mask) | (val & mask);
	unsigned effects = CSR_EFFECT_IRQ;

	if (((new &MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == 2) /* reserved: keep the old MPP */
		new = (new & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
	new = mstatus_with_sd((new & ~(MSTATUS_UXL | MSTATUS_SXL)) | MSTATUS_XL_64);
	rv->mstatus = new;
	if ((old ^ new) & MSTATUS_MXR)
		effects |= CSR_EFFECT_TLB;
	if ((old ^ new) & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM))
		effects |= CSR_EFFECT_MMU_IDX;
	return effects;
}

static unsigned satp_write(struct rv64_cpu *rv, uint64_t val)
{
	unsigned mode = (unsigned)(val >> SATP_MODE_SHIFT);
	uint64_t old = rv->satp, new;

	switch (mode) {
	case SATP_MODE_BARE:
	case SATP_MODE_SV39:
	case SATP_MODE_SV48:
	case SATP_MODE_SV57:
		break;
	default:
		return 0; /* unsupported mode: the whole write has no effect */
	}
	new = ((uint64_t)mode << SATP_MODE_SHIFT) | (val & (SATP_ASID_MASK | SATP_PPN_MASK));
	if (new == old)
		return 0;
	rv->satp = new;
	/* A new address space keeps the global translations; a new mode keeps nothing. The TLB
	 * holds one address space, so it need not wait for software's sfence.vma. */
	if ((old ^ new) >> SATP_MODE_SHIFT)
		return CSR_EFFECT_TLB;
	return CSR_EFFECT_ASPACE;
}

static int csr_write_machine(struct rv64_cpu *rv, unsigned csrno, uint64_t val, uint64_t written,
			     unsigned *effects)
{
	switch (csrno) {
	case CSR_MSTATUS:
		*effects |= mstatus_write(rv, MSTATUS_WRITABLE, val);
		return 0;
	case CSR_MISA:
	case CSR_MSECCFG:
	case CSR_TSELECT:
	case CSR_TDATA1:
	case CSR_TDATA2:
	case CSR_TDATA3:
		return 0;
	case CSR_MCYCLE:
		counter_write(rv, &rv->mcycle, MCOUNTINHIBIT_CY, val);
		return 0;
	case CSR_MINSTRET:
		counter_write(rv, &rv->minstret, MCOUNTINHIBIT_IR, val);
		return 0;
	case CSR_MEDELEG:
		rv->medeleg = val & MEDELEG_WRITABLE;
		return 0;
	case CSR_MIDELEG:
		rv->mideleg = val & MIP_S_MASK;
		*effects |= CSR_EFFECT_IRQ;
		return 0;
	case CSR_MIE:
		rv->mie = val & MIP_ALL;
		*effects |= CSR_EFFECT_IRQ;
		return 0;
	case CSR_MIP:
		if (written & MIP_SEIP)
			rv->seip_software = val & MIP_SEIP;
		mip_update(rv, MIP_M_WRITABLE & ~MIP_SEIP & written, val);
		*effects |= CSR_EFFECT_IRQ;
		return 0;
	case CSR_MTVEC:
		rv->mtvec = tvec_legalize(val);
		return 0;
	case CSR_MCOUNTEREN:
		rv->mcounteren = val & 0xffffffffULL;
		return 0;
	case CSR_MCOUNTINHIBIT:
		mcountinhibit_write(rv, val);
		return 0;
	case CSR_MENVCFG:
		rv->menvcfg = val & ENVCFG_FIOM;
		return 0;
	case CSR_MSCRATCH:
		rv->mscratch = val;
		return 0;
	case CSR_MEPC:
		rv->mepc = val & ~1ULL;
		return 0;
	case CSR_MCAUSE:
		rv->mcause = val;
		return 0;
	case CSR_MTVAL:
		rv->mtval = val;
		return 0;
	}
	if ((csrno >= CSR_MHPMCOUNTER3 && csrno <= CSR_MHPMCOUNTER31) ||
	    (csrno >= CSR_MHPMEVENT3 && csrno <= CSR_MHPMEVENT31))
		return 0;
	if (csrno >= CSR_PMPCFG0 && csrno <= CSR_PMPCFG15) {
		if (csrno & 1)
			return -1;
		pmpcfg_write(rv, csrno - CSR_PMPCFG0, val);
		rv64_pmp_rebuild(rv);
		*effects |= CSR_EFFECT_TLB;
		return 0;
	}
	if (csrno >= CSR_PMPADDR0 && csrno <= CSR_PMPADDR63) {
		unsigned i = csrno - CSR_PMPADDR0;
		if (i < RV_PMP_COUNT && !pmpaddr_locked(rv, i)) {
			rv->pmpaddr[i] = val & PMPADDR_MASK;
			rv64_pmp_rebuild(rv);
			*effects |= CSR_EFFECT_TLB;
		}
		return 0;
	}
	return -1;
}

static int csr_write_other(struct rv64_cpu *rv, unsigned csrno, uint64_t val, uint64_t written,
			   unsigned *effects)
{
	switch (csrno) {
	case CSR_FFLAGS:
		rv->fflags = val & 0x1f;
		rv64_set_fs_dirty(rv);
		return 0;
	case CSR_FRM:
		rv->frm = val & 7;
		rv64_set_fs_dirty(rv);
		return 0;
	case CSR_FCSR:
		rv->fflags = val & 0x1f;
		rv->frm = (val >> 5) & 7;
		rv64_set_fs_dirty(rv);
		return 0;
	case CSR_SSTATUS:
		*effects |= mstatus_write(rv, SSTATUS_WRITABLE, val);
		return 0;
	case CSR_SIE: {
		uint64_t mask = rv->mideleg & MIP_S_MASK;
		rv->mie = (rv->mie & ~mask) | (val & mask);
		*effects |= CSR_EFFECT_IRQ;
		return 0;
	}
	case CSR_SIP:
		mip_update(rv, SIP_WRITABLE & rv->mideleg & written, val);
		*effects |= CSR_EFFECT_IRQ;
		return 0;
	case CSR_STVEC:
		rv->stvec = tvec_legalize(val);
		return 0;
	case CSR_SCOUNTEREN:
		rv->scounteren = val & 0xffffffffULL;
		return 0;
	case CSR_SENVCFG:
		rv->senvcfg = val & ENVCFG_FIOM;
		return 0;
	case CSR_SSCRATCH:
		rv->sscratch = val;
		return 0;
	case CSR_SEPC:
		rv->sepc = val & ~1ULL;
		return 0;
	case CSR_SCAUSE:
		rv->scause = val;
		return 0;
	case CSR_STVAL:
		rv->stval = val;
		return 0;
	case CSR_SATP:
		*effects |= satp_write(rv, val);
		return 0;
	}
	return csr_write_machine(rv, csrno, val, written, effects);
}

int rv64_csr_write(struct rv64_cpu *rv, unsigned csrno, uint64_t val, uint64_t written,
		   unsigned *effects)
{
	*effects = 0;
	if (!csr_allowed(rv, csrno, true) ||
	    csr_write_other(rv, csrno, val, written, effects) < 0) {
		log_class(unimp, "hart %u: illegal CSR write 0x%03x at pc 0x%llx (priv %u)",
			  rv->common.vcpu.id, csrno, (unsigned long long)rv->common.pc, rv->priv);
		return -1;
	}
	return 0;
}
