/*
 * interrupts.c - what the x86-64 software CPU takes from its local APIC (lapic.h) between
 * blocks: INIT (the wait-for-SIPI state), SIPI (real mode at vector * 0x1000), NMI (unless
 * one is being handled: blocked until iret) and maskable interrupts (RFLAGS.IF set and not
 * in sti's interrupt shadow), delivered through the IVT or IDT as exceptions are; and when
 * hlt ends (an interrupt it may take, an NMI, INIT, or SIPI while waiting for one).
 *
 * The sti shadow: sti records the address of the next instruction; no interrupt is taken
 * there. The block that starts there is translated with X86_BF_SHADOW: that one instruction,
 * after the SHADOW_END helper, which ends the shadow and asks for an interrupt check after the
 * block; so `sti; hlt` halts before an interrupt pending at sti is taken, and `sti; nop` takes
 * it after the nop. mov ss and pop ss have no
 * shadow (64-bit code does not need it; a block rarely ends right after them).
 *
 * Invariants: only the vCPU's thread runs this; the APIC state it reads is the APIC's, under
 * the APIC's lock.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/lapic.h"

/* The state INIT leaves (SDM vol. 3, 10.1.1): real mode, CS 0xf000 (base 0xffff0000 on
 * hardware; FVP has no reset vector to run: the CPU waits for SIPI), x87/SSE state and MSRs
 * kept. */
void x86_cpu_wait_for_sipi(struct x86_cpu *x)
{
	struct soft_cpu *cpu = &x->common;

	x->cr0 = X86_CR0_ET | X86_CR0_CD | X86_CR0_NW;
	x->cr2 = x->cr3 = x->cr4 = x->efer = 0;
	x->cpl = 0;
	for (unsigned i = 0; i < 16; i++)
		cpu->slots[i] = 0;
	for (unsigned s = 0; s < X86_NSEGS; s++)
		x86_real_segment(x, s, s == X86_CS ? 0xf000 : 0);
	x->idtr = (struct x86_dtr){.base = 0, .limit = 0xffff};
	x->gdtr = x->idtr;
	x->ldtr = x->tr = (struct x86_segment){.limit = 0xffff};
	x86_set_rflags(cpu, 0);
	cpu->pc = 0xfff0;
	x->wait_sipi = true;
	x->nmi_blocked = x->sti_shadow = false;
	cpu->halted = true;
	x86_update_regimes(x);
	vcpu_tlb_flush(cpu);
}

static void start_at_sipi(struct x86_cpu *x, unsigned vector)
{
	x86_real_segment(x, X86_CS, (uint16_t)(vector << 8));
	x->common.pc = (uint64_t)vector << 12;
	x->wait_sipi = false;
	x->common.halted = false;
}

static bool interrupts_open(struct x86_cpu *x)
{
	return (x->common.slots[X86_SLOT_RFLAGS] & X86_IF) &&
	       !(x->sti_shadow && x->common.pc == x->shadow_pc);
}

bool x86_check_interrupts(struct soft_cpu *cpu)
{
	struct x86_cpu *x = x86_cpu(cpu);
	unsigned vector = 0;

	if (!x->apic)
		return false;
	switch (lapic_take(x->apic, cpu->vcpu.id, x->wait_sipi, x->nmi_blocked, interrupts_open(x),
			   &vector)) {
	case LAPIC_EV_INIT:
		x86_cpu_wait_for_sipi(x);
		break;
	case LAPIC_EV_SIPI:
		start_at_sipi(x, vector);
		break;
	case LAPIC_EV_NMI:
		x->nmi_blocked = true;
		cpu->halted = false;
		x86_deliver_interrupt(x, X86_EXC_NMI);
		break;
	case LAPIC_EV_INTR:
		cpu->halted = false;
		x86_deliver_interrupt(x, vector);
		break;
	default:
		return false;
	}
	vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ); /* another may be pending */
	return true;
}

bool x86_wakeup_pending(struct soft_cpu *cpu)
{
	struct x86_cpu *x = x86_cpu(cpu);

	return x->apic && lapic_pending(x->apic, cpu->vcpu.id, x->wait_sipi, x->nmi_blocked,
					(cpu->slots[X86_SLOT_RFLAGS] & X86_IF) != 0);
}

uint64_t x86_helper_shadow_end(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	x86_cpu(cpu)->sti_shadow = false;
	vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ);
	return 0;
}
