/*
 * x86_cpu.c - x86_64 vCPUs under KVM: CPUID, MSRs and the boot-time CPU
 * state set through KVM's ioctls (the software CPU's are in msr.c and
 * system.c; frontend.c creates either kind).
 *
 * CPUID is what KVM supports on this host, with the hypervisor bit set and
 * the topology leaves (1, 4, 0xB, 0x1F, 0x80000008, 0x8000001E) rewritten
 * for --smp vCPUs of one thread and one package: APIC id = vCPU index.
 * vCPU 0 starts in long mode at the boot entry; the others wait in the
 * in-kernel LAPIC for INIT/SIPI from the guest.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "arch/x86_64/board_x86.h"
#include "core/log.h"
#include "engine/kvm/kvm.h"

#define CPUID_MAX_ENTRIES 256

#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define CPUID_1_EDX_HTT	       (1u << 28)

#define MSR_IA32_TSC		0x10
#define MSR_IA32_SYSENTER_CS	0x174
#define MSR_IA32_SYSENTER_ESP	0x175
#define MSR_IA32_SYSENTER_EIP	0x176
#define MSR_IA32_MISC_ENABLE	0x1a0
#define MSR_MTRR_DEF_TYPE	0x2ff
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_CSTAR		0xc0000083
#define MSR_SYSCALL_MASK	0xc0000084
#define MSR_KERNEL_GS_BASE	0xc0000102
#define MISC_ENABLE_FAST_STRING 1ull
#define MTRR_ENABLE_WB		((1ull << 11) | 6)

#define CR0_PE	 (1ull << 0)
#define CR0_MP	 (1ull << 1)
#define CR0_ET	 (1ull << 4)
#define CR0_NE	 (1ull << 5)
#define CR0_WP	 (1ull << 16)
#define CR0_AM	 (1ull << 18)
#define CR0_PG	 (1ull << 31)
#define CR4_PAE	 (1ull << 5)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)

/* Number of bits needed to hold an id below n. */
static unsigned id_bits(unsigned n)
{
	unsigned bits = 0;

	while ((1u << bits) < n)
		bits++;
	return bits;
}

static void x86_cpuid_fix(struct kvm_cpuid_entry2 *e, unsigned id, unsigned ncpus)
{
	switch (e->function) {
	case 1:
		e->ecx |= CPUID_1_ECX_HYPERVISOR;
		e->ebx = (e->ebx & 0xffffu) | id << 24 | (ncpus & 0xffu) << 16;
		if (ncpus > 1)
			e->edx |= CPUID_1_EDX_HTT;
		else
			e->edx &= ~CPUID_1_EDX_HTT;
		break;
	case 4: /* cores per package - 1; each cache private to its core */
		if (e->eax & 0x1f)
			e->eax = (e->eax & 0x3ffu) | (ncpus - 1) << 26;
		break;
	case 0xb:
	case 0x1f:
		e->edx = id;
		if (e->index == 0) { /* SMT level: one thread per core */
			e->eax = 0;
			e->ebx = 1;
			e->ecx = 1u << 8;
		} else if (e->index == 1) { /* core level: every vCPU */
			e->eax = id_bits(ncpus);
			e->ebx = ncpus;
			e->ecx = 2u << 8 | 1;
		} else {
			e->eax = e->ebx = 0;
			e->ecx = e->index;
		}
		break;
	case 0x80000008:
		e->ecx = (e->ecx & ~0xf0ffu) | id_bits(ncpus) << 12 | (ncpus - 1);
		break;
	case 0x8000001e:
		e->eax = id;
		e->ebx = (e->ebx & ~0xffffu) | (id & 0xffu);
		e->ecx = 0;
		break;
	default:
		break;
	}
}

/* The extended-topology leaves (0xB, and 0x1F where the host has it) get exactly three
 * subleaves: SMT, core, end. The host's own may be missing or describe the host. */
static unsigned x86_cpuid_add_topology(struct kvm_cpuid2 *c, const struct kvm_cpuid2 *host,
				       uint32_t max_leaf)
{
	static const uint32_t leaves[] = {0xb, 0x1f};
	unsigned n = 0;

	for (unsigned i = 0; i < host->nent; i++)
		if (host->entries[i].function != 0xb && host->entries[i].function != 0x1f)
			c->entries[n++] = host->entries[i];
	for (unsigned l = 0; l < ARRAY_SIZE(leaves); l++) {
		bool present = leaves[l] == 0xb;

		for (unsigned i = 0; i < host->nent; i++)
			present |= host->entries[i].function == leaves[l];
		if (!present || max_leaf < leaves[l])
			continue;
		for (uint32_t sub = 0; sub < 3; sub++)
			c->entries[n++] = (struct kvm_cpuid_entry2){
			    .function = leaves[l],
			    .index = sub,
			    .flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX,
			};
	}
	return n;
}

static int x86_cpu_set_cpuid(struct vm *vm, struct vcpu *cpu, const struct kvm_cpuid2 *host)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + (host->nent + 6) * sizeof(c->entries[0]));
	uint32_t max_leaf = 0;
	int ret = 0;

	if (!c)
		return -ENOMEM;
	for (unsigned i = 0; i < host->nent; i++)
		if (host->entries[i].function == 0)
			max_leaf = host->entries[i].eax;
	c->nent = x86_cpuid_add_topology(c, host, max_leaf);
	for (unsigned i = 0; i < c->nent; i++)
		x86_cpuid_fix(&c->entries[i], cpu->id, vm->ncpus);
	if (ioctl(kvm_vcpu_fd(cpu), KVM_SET_CPUID2, c) < 0)
		ret = -errno;
	free(c);
	return ret;
}

static int x86_cpu_set_msrs(struct vcpu *cpu)
{
	static const struct {
		uint32_t index;
		uint64_t value;
	} boot_msrs[] = {
	    {MSR_IA32_SYSENTER_CS, 0},
	    {MSR_IA32_SYSENTER_ESP, 0},
	    {MSR_IA32_SYSENTER_EIP, 0},
	    {MSR_STAR, 0},
	    {MSR_LSTAR, 0},
	    {MSR_CSTAR, 0},
	    {MSR_SYSCALL_MASK, 0},
	    {MSR_KERNEL_GS_BASE, 0},
	    {MSR_IA32_TSC, 0},
	    {MSR_IA32_MISC_ENABLE, MISC_ENABLE_FAST_STRING},
	    {MSR_MTRR_DEF_TYPE, MTRR_ENABLE_WB},
	};
	struct kvm_msrs *m =
	    calloc(1, sizeof(*m) + ARRAY_SIZE(boot_msrs) * sizeof(struct kvm_msr_entry));
	int n;

	if (!m)
		return -ENOMEM;
	m->nmsrs = ARRAY_SIZE(boot_msrs);
	for (unsigned i = 0; i < ARRAY_SIZE(boot_msrs); i++) {
		m->entries[i].index = boot_msrs[i].index;
		m->entries[i].data = boot_msrs[i].value;
	}
	n = ioctl(kvm_vcpu_fd(cpu), KVM_SET_MSRS, m);
	free(m);
	if (n < 0)
		return -errno;
	if ((unsigned)n < ARRAY_SIZE(boot_msrs))
		log_warn("x86_64: KVM refused MSR 0x%x on vCPU %u", boot_msrs[n].index, cpu->id);
	return 0;
}

static void x86_segment(struct kvm_segment *s, uint16_t selector, uint8_t type, bool code64)
{
	*s = (struct kvm_segment){
	    .base = 0,
	    .limit = 0xffffffff,
	    .selector = selector,
	    .type = type,
	    .present = 1,
	    .s = 1,
	    .l = code64,
	    .db = !code64,
	    .g = 1,
	};
}

static int x86_cpu_enter_boot_mode(struct vcpu *cpu, const struct x86_boot_info *bi)
{
	int fd = kvm_vcpu_fd(cpu);
	struct kvm_sregs s;
	struct kvm_regs r = {.rflags = 2,
			     .rip = bi->entry,
			     .rsi = bi->rsi,
			     .rbx = bi->rbx,
			     .rsp = X86_BOOT_PARAMS_ADDR - 16};
	struct kvm_fpu fpu = {.fcw = 0x37f, .mxcsr = 0x1f80};

	if (ioctl(fd, KVM_GET_SREGS, &s) < 0)
		return -errno;
	x86_segment(&s.cs, X86_BOOT_CS, 0xb, true);
	x86_segment(&s.ds, X86_BOOT_DS, 0x3, false);
	s.es = s.fs = s.gs = s.ss = s.ds;
	s.tr =
	    (struct kvm_segment){.limit = 0x67, .selector = X86_BOOT_TR, .type = 0xb, .present = 1};
	s.gdt.base = X86_GDT_ADDR;
	s.gdt.limit = X86_GDT_ENTRIES * 8 - 1;
	s.idt.base = 0;
	s.idt.limit = 0;
	if (bi->mode == X86_ENTRY_PVH) {
		/* PVH: flat 32-bit protected mode, paging off, a 32-bit busy TSS */
		x86_segment(&s.cs, X86_BOOT_CS32, 0xb, false);
		s.cr0 = CR0_PE | CR0_ET;
		s.cr3 = 0;
		s.cr4 = 0;
		s.efer = 0;
	} else {
		s.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;
		s.cr3 = X86_PML4_ADDR;
		s.cr4 = CR4_PAE;
		s.efer = EFER_LME | EFER_LMA;
	}
	if (ioctl(fd, KVM_SET_SREGS, &s) < 0 || ioctl(fd, KVM_SET_REGS, &r) < 0 ||
	    ioctl(fd, KVM_SET_FPU, &fpu) < 0)
		return -errno;
	return 0;
}

static struct kvm_cpuid2 *x86_supported_cpuid(struct vm *vm)
{
	struct kvm_cpuid2 *c =
	    calloc(1, sizeof(*c) + CPUID_MAX_ENTRIES * sizeof(struct kvm_cpuid_entry2));

	if (!c)
		return NULL;
	c->nent = CPUID_MAX_ENTRIES;
	if (ioctl(kvm_sys_fd(vm), KVM_GET_SUPPORTED_CPUID, c) < 0) {
		log_error("x86_64: KVM_GET_SUPPORTED_CPUID failed: %s", strerror(errno));
		free(c);
		return NULL;
	}
	return c;
}

int x86_cpus_setup(struct vm *vm, const struct x86_boot_info *bi)
{
	struct kvm_cpuid2 *host = x86_supported_cpuid(vm);
	int ret = 0;

	if (!host)
		return -ENODEV;
	for (unsigned i = 0; i < vm->ncpus && !ret; i++) {
		struct vcpu *cpu = vm->cpus[i];
		struct kvm_mp_state mp = {.mp_state = KVM_MP_STATE_UNINITIALIZED};
		const char *what = "CPUID";

		ret = x86_cpu_set_cpuid(vm, cpu, host);
		if (!ret) {
			what = "MSRs";
			ret = x86_cpu_set_msrs(cpu);
		}
		if (!ret && i == 0) {
			what = "boot registers";
			ret = x86_cpu_enter_boot_mode(cpu, bi);
		} else if (!ret) {
			what = "wait-for-SIPI state";
			ret = ioctl(kvm_vcpu_fd(cpu), KVM_SET_MP_STATE, &mp) < 0 ? -errno : 0;
		}
		if (ret)
			log_error("x86_64: cannot set the %s of vCPU %u: %s", what, i,
				  strerror(-ret));
	}
	free(host);
	return ret;
}
