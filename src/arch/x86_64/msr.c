/*
 * msr.c - what the x86-64 software CPU reports and keeps besides registers:
 * CPUID, the TSC, model-specific registers and control registers.
 *
 * CPUID reports exactly the instructions the translator implements (the
 * integer ISA, x87 and MMX, and SSE to SSE4.2 with fxsave/fxrstor where the
 * host runs the SSE helpers), and PSE: long mode's 2 MiB pages (there is no
 * 32-bit paging to give it another meaning), vendor GenuineIntel so Linux
 * reads the TSC frequency from leaf 0x15 (1 GHz: the TSC counts the VM
 * clock's nanoseconds, so it stops while the VM is paused). Unknown MSRs
 * raise #GP(0), as on hardware; MTRRs read as write-back and ignore writes.
 * Control-register writes that change translation flush the TLB (CR3: the
 * non-global entries) and end the block (the helper sets the pc).
 */
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/x86_decode.h"
#include "core/log.h"
#include "core/vm.h"

#define X86_TSC_HZ	   1000000000ull
#define X86_CRYSTAL_HZ	   25000000u
#define MSR_TSC		   0x10
#define MSR_APIC_BASE	   0x1b
#define MSR_TSC_ADJUST	   0x3b
#define MSR_BIOS_SIGN_ID   0x8b /* microcode revision (bits 63:32): none, 0 */
#define MSR_MTRRCAP	   0xfe
#define MSR_SYSENTER_CS	   0x174
#define MSR_SYSENTER_ESP   0x175
#define MSR_SYSENTER_EIP   0x176
#define MSR_MISC_ENABLE	   0x1a0
#define MSR_PAT		   0x277
#define MSR_TSC_DEADLINE   0x6e0
#define MSR_MTRR_DEF_TYPE  0x2ff
#define MSR_EFER	   0xc0000080
#define MSR_STAR	   0xc0000081
#define MSR_LSTAR	   0xc0000082
#define MSR_CSTAR	   0xc0000083
#define MSR_SFMASK	   0xc0000084
#define MSR_FS_BASE	   0xc0000100
#define MSR_GS_BASE	   0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX	   0xc0000103
#define EFER_WRITABLE	   (X86_EFER_SCE | X86_EFER_LME | X86_EFER_NXE)

/* CPUID leaf 1 and 0x80000001 feature bits FVP implements. */
#define CPUID1_EDX                                                                                 \
	((1u << 0) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 8) | (1u << 11) |      \
	 (1u << 13) | (1u << 15) | (1u << 16) | (1u << 19) |                                       \
	 (1u << 23)) /* fpu pse tsc msr pae cx8 sep pge cmov pat clflush mmx */
#define CPUID1_ECX		((1u << 13) | (1u << 23) | (1u << 31)) /* cx16 popcnt hypervisor */
#define CPUID1_EDX_APIC		(1u << 9)
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID1_EDX_SSE		((1u << 24) | (1u << 25) | (1u << 26)) /* fxsr sse sse2 */
#define CPUID1_ECX_SSE		((1u << 0) | (1u << 9) | (1u << 19) | (1u << 20)) /* sse3 ssse3 4.1 4.2 */
#define CPUID81_EDX		((1u << 11) | (1u << 20) | (1u << 27) | (1u << 29)) /* syscall nx rdtscp lm */
#define CPUID81_ECX		(1u << 0)					    /* lahf_lm */
/* Leaf 7 EBX: FDP only on unmasked x87 exceptions, FCS and FDS deprecated (x87_helpers.c). */
#define CPUID7_EBX	((1u << 1) | (1u << 6) | (1u << 13)) /* TSC_ADJUST, FDP_EXCPTN, no FCS/FDS */
#define CPUID_MAX_LEAF	0x16u
#define CPUID_MAX_XLEAF 0x80000008u

static void cpuid_string(uint32_t r[4], const char *s, unsigned first)
{
	memcpy(&r[first], s, 4 * (4 - first));
}

/* Leaf 0xb: one thread per core (level 0, SMT), every vCPU a core of one package (level 1). */
static void cpuid_topology(const struct x86_cpu *x, uint32_t sub, uint32_t r[4])
{
	unsigned ncpus = x->common.vcpu.vm->ncpus, shift = 0;

	while ((1u << shift) < ncpus)
		shift++;
	r[2] = sub & 0xff;
	r[3] = x->common.vcpu.id;
	if (sub == 0) {
		r[1] = 1;
		r[2] |= 1u << 8;
	} else if (sub == 1) {
		r[0] = shift;
		r[1] = ncpus;
		r[2] |= 2u << 8;
	}
}

static void cpuid_leaf(const struct x86_cpu *x, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	static const char brand[48] = "FVP x86-64 software CPU";

	memset(r, 0, 4 * sizeof(*r));
	switch (leaf) {
	case 0:
		r[0] = CPUID_MAX_LEAF;
		memcpy(&r[1], "Genu", 4);
		memcpy(&r[3], "ineI", 4);
		memcpy(&r[2], "ntel", 4);
		return;
	case 1:
		r[0] = 0x000306a9; /* family 6 */
		r[1] = x->common.vcpu.id << 24 | (x->common.vcpu.vm->ncpus & 0xffu) << 16 | 8u << 8;
		r[2] = CPUID1_ECX | (x86_sse_host_ok() ? CPUID1_ECX_SSE : 0) |
		       (x->apic ? CPUID1_ECX_TSC_DEADLINE : 0);
		r[3] = CPUID1_EDX | (x86_sse_host_ok() ? CPUID1_EDX_SSE : 0) |
		       (x->apic ? CPUID1_EDX_APIC | (1u << 28) : 0); /* htt: ebx[23:16] is valid */
		return;
	case 7:
		r[1] = sub == 0 ? CPUID7_EBX : 0;
		return;
	case 0xb:
		cpuid_topology(x, sub, r);
		return;
	case 0x15:
		r[0] = 1;
		r[1] = (uint32_t)(X86_TSC_HZ / X86_CRYSTAL_HZ);
		r[2] = X86_CRYSTAL_HZ;
		return;
	case 0x16:
		r[0] = r[1] = (uint32_t)(X86_TSC_HZ / 1000000);
		r[2] = 100;
		return;
	case 0x80000000:
		r[0] = CPUID_MAX_XLEAF;
		return;
	case 0x80000001:
		r[2] = CPUID81_ECX;
		r[3] = CPUID81_EDX;
		return;
	case 0x80000002:
	case 0x80000003:
	case 0x80000004:
		cpuid_string(r, brand + 16 * (leaf - 0x80000002), 0);
		return;
	case 0x80000007:
		r[3] = 1u << 8; /* invariant TSC */
		return;
	case 0x80000008:
		r[0] = 0x3028; /* 48-bit virtual, 40-bit physical addresses */
		return;
	default:
		return;
	}
}

uint64_t x86_helper_cpuid(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	uint32_t r[4];

	cpuid_leaf(x86_cpu(cpu), (uint32_t)cpu->slots[X86_RAX], (uint32_t)cpu->slots[X86_RCX], r);
	cpu->slots[X86_RAX] = r[0];
	cpu->slots[X86_RBX] = r[1];
	cpu->slots[X86_RCX] = r[2];
	cpu->slots[X86_RDX] = r[3];
	return 0;
}

uint64_t x86_rdtsc(const struct x86_cpu *x)
{
	return vclock_ns(&x->common.vcpu.vm->clock) + (uint64_t)x->tsc_offset;
}

uint64_t x86_helper_rdtsc(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t rdtscp)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t tsc = x86_rdtsc(x);

	cpu->slots[X86_RAX] = (uint32_t)tsc;
	cpu->slots[X86_RDX] = tsc >> 32;
	if (rdtscp)
		cpu->slots[X86_RCX] = (uint32_t)x->tsc_aux;
	return 0;
}

/* The MSR's value; false for an MSR FVP does not have. */
static bool msr_read(struct x86_cpu *x, uint32_t msr, uint64_t *v)
{
	struct soft_cpu *cpu = &x->common;

	switch (msr) {
	case MSR_TSC:
		*v = x86_rdtsc(x);
		return true;
	case MSR_APIC_BASE:
		*v = x->apic_base;
		return true;
	case MSR_TSC_ADJUST:
		*v = (uint64_t)x->tsc_adjust;
		return true;
	case MSR_BIOS_SIGN_ID:
	case MSR_MTRRCAP:
		*v = 0;
		return true;
	case MSR_MTRR_DEF_TYPE:
		*v = (1u << 11) | 6; /* MTRRs on, default write-back */
		return true;
	case MSR_SYSENTER_CS:
		*v = x->sysenter_cs;
		return true;
	case MSR_SYSENTER_ESP:
		*v = x->sysenter_esp;
		return true;
	case MSR_SYSENTER_EIP:
		*v = x->sysenter_eip;
		return true;
	case MSR_MISC_ENABLE:
		*v = x->misc_enable;
		return true;
	case MSR_PAT:
		*v = x->pat;
		return true;
	case MSR_TSC_DEADLINE:
		if (!x->apic)
			return false;
		*v = lapic_get_tsc_deadline(x->apic, cpu->vcpu.id);
		return true;
	case MSR_EFER:
		*v = x->efer;
		return true;
	case MSR_STAR:
		*v = x->star;
		return true;
	case MSR_LSTAR:
		*v = x->lstar;
		return true;
	case MSR_CSTAR:
		*v = x->cstar;
		return true;
	case MSR_SFMASK:
		*v = x->sfmask;
		return true;
	case MSR_FS_BASE:
		*v = cpu->slots[X86_SLOT_FS_BASE];
		return true;
	case MSR_GS_BASE:
		*v = cpu->slots[X86_SLOT_GS_BASE];
		return true;
	case MSR_KERNEL_GS_BASE:
		*v = x->kernel_gs_base;
		return true;
	case MSR_TSC_AUX:
		*v = x->tsc_aux;
		return true;
	default:
		return false;
	}
}

static bool is_canonical(uint64_t v)
{
	return (uint64_t)((int64_t)(v << 16) >> 16) == v;
}

/* Write an MSR; false for one FVP does not have or a value it refuses (#GP). */
static bool msr_write(struct x86_cpu *x, uint32_t msr, uint64_t v)
{
	struct soft_cpu *cpu = &x->common;

	switch (msr) {
	case MSR_TSC: { /* IA32_TSC_ADJUST follows a write of the TSC (SDM 17.17.3) */
		int64_t offset = (int64_t)(v - vclock_ns(&cpu->vcpu.vm->clock));

		x->tsc_adjust += offset - x->tsc_offset;
		x->tsc_offset = offset;
		return true;
	}
	case MSR_TSC_ADJUST: /* and the TSC follows a write of IA32_TSC_ADJUST */
		x->tsc_offset += (int64_t)v - x->tsc_adjust;
		x->tsc_adjust = (int64_t)v;
		return true;
	case MSR_APIC_BASE:
		if (v & ~0xffffff000ull & ~(uint64_t)((1u << 8) | (1u << 11)))
			return false; /* reserved bits; x2APIC (bit 10) is not offered */
		x->apic_base =
		    (v & ~(uint64_t)(1u << 8)) | (x->apic_base & (1u << 8)); /* BSP: RO */
		vcpu_tlb_flush(cpu); /* the page walker maps the APIC page (mmu.c) */
		return true;
	case MSR_BIOS_SIGN_ID: /* Linux writes 0 before cpuid loads the revision */
	case MSR_MTRR_DEF_TYPE:
		return true;
	case MSR_SYSENTER_CS:
		x->sysenter_cs = v;
		return true;
	case MSR_SYSENTER_ESP:
		x->sysenter_esp = v;
		return true;
	case MSR_SYSENTER_EIP:
		x->sysenter_eip = v;
		return true;
	case MSR_MISC_ENABLE:
		x->misc_enable = v;
		return true;
	case MSR_PAT:
		x->pat = v;
		return true;
	case MSR_TSC_DEADLINE:
		if (!x->apic)
			return false;
		lapic_set_tsc_deadline(x->apic, cpu->vcpu.id, v, x->tsc_offset);
		return true;
	case MSR_EFER:
		if (v & ~(EFER_WRITABLE | X86_EFER_LMA))
			return false;
		if ((x->cr0 & X86_CR0_PG) && ((v ^ x->efer) & X86_EFER_LME))
			return false; /* LME changes only with paging off */
		x->efer = (x->efer & X86_EFER_LMA) | (v & EFER_WRITABLE); /* LMA is read-only */
		vcpu_tlb_flush(cpu); /* NXE changes what the walker grants */
		return true;
	case MSR_STAR:
		x->star = v;
		return true;
	case MSR_LSTAR:
	case MSR_CSTAR:
		if (!is_canonical(v))
			return false;
		*(msr == MSR_LSTAR ? &x->lstar : &x->cstar) = v;
		return true;
	case MSR_SFMASK:
		x->sfmask = (uint32_t)v;
		return true;
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_KERNEL_GS_BASE:
		if (!is_canonical(v))
			return false;
		if (msr == MSR_KERNEL_GS_BASE)
			x->kernel_gs_base = v;
		else
			cpu->slots[msr == MSR_FS_BASE ? X86_SLOT_FS_BASE : X86_SLOT_GS_BASE] = v;
		return true;
	case MSR_TSC_AUX:
		x->tsc_aux = (uint32_t)v;
		return true;
	default:
		return false;
	}
}

uint64_t x86_helper_rdmsr(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	uint64_t v;

	if (!msr_read(x86_cpu(cpu), (uint32_t)cpu->slots[X86_RCX], &v)) {
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
		return 0;
	}
	cpu->slots[X86_RAX] = (uint32_t)v;
	cpu->slots[X86_RDX] = v >> 32;
	return 0;
}

uint64_t x86_helper_wrmsr(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t next_pc)
{
	uint64_t v = (uint32_t)cpu->slots[X86_RAX] | cpu->slots[X86_RDX] << 32;

	if (!msr_write(x86_cpu(cpu), (uint32_t)cpu->slots[X86_RCX], v)) {
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
		return 0;
	}
	cpu->pc = next_pc;
	return 0;
}

uint64_t x86_helper_read_cr(struct soft_cpu *cpu, uint64_t n, uint64_t b, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);

	switch (n) {
	case 0:
		return x->cr0;
	case 2:
		return x->cr2;
	case 3:
		return x->cr3;
	case 4:
		return x->cr4;
	case 8:
		return x->apic ? lapic_get_cr8(x->apic, cpu->vcpu.id) : x->cr8;
	default:
		vcpu_raise(cpu, X86_EXC_UD, 0);
		return 0;
	}
}

/*
 * CR0 writes with the SDM's rules for long mode: setting PG with EFER.LME sets EFER.LMA (CR4.PAE
 * required), clearing it clears LMA (not from 64-bit code); PG needs PE. Paging without LME
 * (32-bit and PAE paging) is not implemented: #GP, logged.
 */
static bool write_cr0(struct x86_cpu *x, uint64_t v)
{
	bool pg = v & X86_CR0_PG, was = x->cr0 & X86_CR0_PG;

	if (pg && !(v & X86_CR0_PE))
		return false;
	if (pg && !was) {
		if (!(x->efer & X86_EFER_LME)) {
			log_warn_limited("x86_64: paging without EFER.LME (32-bit paging) is not "
					 "implemented");
			return false;
		}
		if (!(x->cr4 & X86_CR4_PAE))
			return false;
		x->efer |= X86_EFER_LMA;
	} else if (!pg && was) {
		if (x86_code_mode(x) == X86_MODE_64)
			return false;
		x->efer &= ~X86_EFER_LMA;
	}
	x->cr0 = v | X86_CR0_ET;
	return true;
}

/* CR0 and CR4 writes; CR4.PAE stays set in long mode. */
static bool write_cr0_cr4(struct x86_cpu *x, unsigned n, uint64_t v)
{
	struct soft_cpu *cpu = &x->common;

	if (v >> 32)
		return false;
	if (n == 0) {
		if (!write_cr0(x, v))
			return false;
	} else {
		if ((x->efer & X86_EFER_LMA) && !(v & X86_CR4_PAE))
			return false;
		x->cr4 = v;
	}
	vcpu_tlb_flush(cpu);
	x86_update_regimes(x);
	return true;
}

uint64_t x86_helper_write_cr(struct soft_cpu *cpu, uint64_t v, uint64_t n, uint64_t next_pc)
{
	struct x86_cpu *x = x86_cpu(cpu);
	bool ok = true;

	switch (n) {
	case 0:
	case 4:
		ok = write_cr0_cr4(x, (unsigned)n, v);
		break;
	case 2:
		x->cr2 = v;
		break;
	case 3:
		x->cr3 = v & ~(1ull << 63); /* bit 63: PCID no-flush (no PCIDs: ignored) */
		vcpu_tlb_flush_nonglobal(cpu);
		break;
	case 8:
		if (v >> 4) {
			ok = false;
			break;
		}
		x->cr8 = v;
		if (x->apic)
			lapic_set_cr8(x->apic, cpu->vcpu.id, (unsigned)v); /* TPR[7:4] */
		break;
	default:
		vcpu_raise(cpu, X86_EXC_UD, 0);
		return 0;
	}
	if (!ok) {
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
		return 0;
	}
	cpu->pc = next_pc;
	return 0;
}
