/*
 * kvm_x86.c - what x86_64 adds to the KVM engine (struct kvm_arch_ops, engine/kvm/kvm.h):
 * the capabilities the board uses, the VM setup that must precede every vCPU, the
 * register dump and the wording of exit messages (rip, triple fault).
 *
 * VM setup: KVM's real-mode helpers (an identity-map page and a three-page TSS) sit in the
 * 4 GiB hole at 0xfeffc000-0xfeffffff, below nothing the board maps; then the in-kernel
 * PIC/IOAPIC/LAPIC. KVM requires both before the first KVM_CREATE_VCPU, so they run from
 * the engine's vm_init, before the board's setup (which adds the PIT).
 */
#include <errno.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>
#include "arch/x86_64/board_x86.h"
#include "core/log.h"
#include "engine/kvm/kvm.h"

#define X86_KVM_IDENTITY_MAP_ADDR 0xfeffc000ull
#define X86_KVM_TSS_ADDR	  0xfeffd000ull /* three pages */

static const struct kvm_cap x86_kvm_caps[] = {
    {KVM_CAP_IRQCHIP, "KVM_CAP_IRQCHIP"},
    {KVM_CAP_PIT2, "KVM_CAP_PIT2"},
    {KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR"},
    {KVM_CAP_SET_IDENTITY_MAP_ADDR, "KVM_CAP_SET_IDENTITY_MAP_ADDR"},
    {KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID"},
    {KVM_CAP_MP_STATE, "KVM_CAP_MP_STATE"},
};

static int x86_kvm_vm_setup(struct vm *vm)
{
	int fd = kvm_vm_fd(vm);
	uint64_t ident = X86_KVM_IDENTITY_MAP_ADDR;

	if (ioctl(fd, KVM_SET_IDENTITY_MAP_ADDR, &ident) < 0 ||
	    ioctl(fd, KVM_SET_TSS_ADDR, (unsigned long)X86_KVM_TSS_ADDR) < 0 ||
	    ioctl(fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		int ret = -errno;

		log_error("kvm: cannot set up the in-kernel interrupt controller: %s",
			  strerror(-ret));
		return ret;
	}
	return 0;
}

static uint64_t x86_kvm_pc(struct vcpu *cpu)
{
	struct kvm_regs regs;

	return ioctl(kvm_vcpu_fd(cpu), KVM_GET_REGS, &regs) < 0 ? 0 : regs.rip;
}

void x86_kvm_dump_regs(struct vcpu *cpu, FILE *out)
{
	int fd = kvm_vcpu_fd(cpu);
	struct kvm_regs r;
	struct kvm_sregs s;

	if (fd < 0 || ioctl(fd, KVM_GET_REGS, &r) < 0 || ioctl(fd, KVM_GET_SREGS, &s) < 0) {
		fprintf(out, "vCPU %u: registers unavailable\n", cpu->id);
		return;
	}
	fprintf(out,
		"vCPU %u: rip %016llx rsp %016llx rflags %08llx\n"
		"  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
		"  rsi %016llx rdi %016llx rbp %016llx\n"
		"  cr0 %08llx cr3 %016llx cr4 %08llx efer %llx cs %04x\n",
		cpu->id, (unsigned long long)r.rip, (unsigned long long)r.rsp,
		(unsigned long long)r.rflags, (unsigned long long)r.rax, (unsigned long long)r.rbx,
		(unsigned long long)r.rcx, (unsigned long long)r.rdx, (unsigned long long)r.rsi,
		(unsigned long long)r.rdi, (unsigned long long)r.rbp, (unsigned long long)s.cr0,
		(unsigned long long)s.cr3, (unsigned long long)s.cr4, (unsigned long long)s.efer,
		s.cs.selector);
}

const struct kvm_arch_ops x86_kvm_ops = {
    .host = "x86-64",
    .caps = x86_kvm_caps,
    .ncaps = ARRAY_SIZE(x86_kvm_caps),
    .vm_setup = x86_kvm_vm_setup,
    .pc = x86_kvm_pc,
    .pc_name = "rip",
    .dump_regs = x86_kvm_dump_regs,
    .shutdown = "triple fault",
};
