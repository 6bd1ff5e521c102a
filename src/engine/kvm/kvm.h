/*
 * kvm.h - the KVM engine's interface to the x86_64 board: the VM and vCPU
 * file descriptors, guest RAM registration, the port-I/O space and the
 * in-kernel interrupt controller's input lines.
 *
 * Invariants: the KVM VM (with its in-kernel irqchip) exists once vCPU 0's
 * engine state exists, i.e. before board setup; the board registers RAM
 * and sets registers only from setup and reset_cpu, before any vCPU runs.
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

/* Guest-physical addresses KVM needs for its x86 real-mode helpers (inside the 4 GiB hole). */
#define KVM_X86_IDENTITY_MAP_ADDR 0xfeffc000ull
#define KVM_X86_TSS_ADDR	  0xfeffd000ull /* three pages */

/* Open /dev/kvm and check what the engine needs. 0, or -errno with a one-line reason and fix. */
int kvm_probe(char *why, size_t len) __must_check;

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
/* Drive an input line (GSI) of the in-kernel PIC/IOAPIC: irq_line.set for devices, ctrl = vm. */
void kvm_irq_line_set(void *vm, unsigned gsi, bool level);
/* Have KVM signal eventfd fd, without leaving the guest, when a vCPU writes len bytes equal to
 * datamatch at guest-physical MMIO address addr (KVM_IOEVENTFD). 0 or -errno. */
int kvm_ioeventfd_add(struct vm *vm, uint64_t addr, unsigned len, uint64_t datamatch, int fd);
/* Writing eventfd fd pulses input line gsi of the in-kernel PIC/IOAPIC (KVM_IRQFD: an edge,
 * no userspace round trip). 0 or -errno. */
int kvm_irqfd_add(struct vm *vm, unsigned gsi, int fd);
/* Print the vCPU's registers (own thread or before it runs). */
void kvm_dump_regs(struct vcpu *cpu, FILE *out);

#endif
