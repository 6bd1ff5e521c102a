/*
 * kvm.h - the KVM engine's interface to the boards it runs: the hooks a guest
 * architecture implements (struct kvm_arch_ops), the VM and vCPU file
 * descriptors, guest RAM registration, the port-I/O space and the in-kernel
 * interrupt controller's input lines.
 *
 * The engine knows KVM, not the guest ISA: whatever only one architecture
 * has (capabilities, VM setup such as an in-kernel irqchip, register
 * layout, what a shutdown exit means) comes from the board's kvm_arch_ops
 * (board_ops.kvm).
 *
 * Invariants: the KVM VM (with what the arch's vm_setup made) exists once
 * the VM's engine state exists, i.e. before any vCPU and before board setup;
 * the board registers RAM and sets registers only from setup and reset_cpu,
 * before any vCPU runs.
 */
#ifndef FVP_ENGINE_KVM_KVM_H
#define FVP_ENGINE_KVM_KVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "core/memory.h"

struct vm;
struct vcpu;

/* A KVM capability (KVM_CAP_*) that must be present, with its name for the error message. */
struct kvm_cap {
	int cap;
	const char *name;
};

/* What one guest architecture adds to the KVM engine (one const table per architecture,
 * handed over by its board as board_ops.kvm). */
struct kvm_arch_ops {
	/* The host this needs, for "use a newer <host> host kernel". */
	const char *host;
	/* Capabilities beyond the engine's own (user memory, immediate exit). */
	const struct kvm_cap *caps;
	unsigned ncaps;
	/* Optional: set up the VM after KVM_CREATE_VM, before any vCPU exists (kvm_vm_fd(vm)
	 * works). 0 or -errno with one line logged. */
	int (*vm_setup)(struct vm *vm);
	/* The vCPU's program counter (for messages; 0 if unreadable) and its name ("pc"). */
	uint64_t (*pc)(struct vcpu *cpu);
	const char *pc_name;
	/* Print the vCPU's registers (own thread or before it runs). */
	void (*dump_regs)(struct vcpu *cpu, FILE *out);
	/* What a KVM_EXIT_SHUTDOWN means on this architecture, as in "guest <shutdown> on
	 * vCPU N". */
	const char *shutdown;
};

/* Open /dev/kvm and check what the engine and arch need. 0, or -errno with a one-line
 * reason and fix. */
int kvm_probe(const struct kvm_arch_ops *arch, char *why, size_t len) __must_check;

/* The KVM VM file descriptor of vm, or -1 when vm does not run on the kvm engine. */
int kvm_vm_fd(struct vm *vm);
/* The /dev/kvm descriptor (system ioctls), or -1. */
int kvm_sys_fd(struct vm *vm);
/* The vCPU's KVM file descriptor, or -1. */
int kvm_vcpu_fd(struct vcpu *cpu);
/* Register every RAM region of vm->as with KVM (one memory slot each). 0 or -errno (logged). */
int kvm_map_ram(struct vm *vm) __must_check;
/* Port I/O exits go to pio (regions are port ranges; NULL: reads all-ones, writes ignored). */
void kvm_set_pio_space(struct vm *vm, struct address_space *pio);
/* Drive an input line (GSI) of the in-kernel irqchip: irq_line.set for devices, ctrl = vm. */
void kvm_irq_line_set(void *vm, unsigned gsi, bool level);
/* Have KVM signal eventfd fd, without leaving the guest, when a vCPU writes len bytes equal to
 * datamatch at guest-physical MMIO address addr (KVM_IOEVENTFD). 0 or -errno. */
int kvm_ioeventfd_add(struct vm *vm, uint64_t addr, unsigned len, uint64_t datamatch, int fd);
/* Writing eventfd fd pulses input line gsi of the in-kernel irqchip (KVM_IRQFD: an edge,
 * no userspace round trip). 0 or -errno. */
int kvm_irqfd_add(struct vm *vm, unsigned gsi, int fd);

#endif
