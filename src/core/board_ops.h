/*
 * board_ops.h - the interface every board implements (one const table): the machine of
 * one guest architecture, its memory map, devices and boot images.
 *
 * The VM core calls it while it builds a VM (vm_create) and tears it down; which board
 * and which engine a VM gets is chosen above the core (src/arch/machine.c).
 */
#ifndef FVP_CORE_BOARD_OPS_H
#define FVP_CORE_BOARD_OPS_H

#include <stdint.h>

struct vm;
struct vcpu;

#define DEVICE_MAX_COUNTERS 4

/* One device's activity counters, for the control API's vm.counters. */
struct device_counters {
	char name[32]; /* unique in the VM: "virtio-blk0" */
	unsigned n;
	struct {
		const char *name; /* "requests" */
		uint64_t value;
	} c[DEVICE_MAX_COUNTERS];
};
struct frontend_ops;
struct kvm_arch_ops;

struct board_ops {
	const char *name;
	const char *arch; /* --arch */
	/* The guest ISA's frontend: its CPU state, and when it has translate_block, the
	 * software engines can run it. */
	const struct frontend_ops *fe;
	/* The guest ISA's hooks for the KVM engine (engine/kvm/kvm.h), or NULL when the board
	 * does not run under KVM (the guest ISA is the host's, and the board sets up KVM's
	 * vCPUs). */
	const struct kvm_arch_ops *kvm;
	/* Create RAM and devices and load images; returns 0 or -errno with a message logged. */
	int (*setup)(struct vm *vm);
	void (*teardown)(struct vm *vm);
	/* Set each CPU's reset state (pc, boot arguments in registers ...). */
	void (*reset_cpu)(struct vm *vm, struct vcpu *cpu);
	/* Optional, any thread: fill up to max devices' counters; returns how many. */
	unsigned (*device_counters)(struct vm *vm, struct device_counters *out, unsigned max);
};

#endif
