/*
 * virt_fdt.h - the device tree of the riscv64 virt board (QEMU-compatible
 * layout), built from plain parameters so it can be tested without a VM.
 */
#ifndef FVP_ARCH_RISCV64_VIRT_FDT_H
#define FVP_ARCH_RISCV64_VIRT_FDT_H

#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"

#define RV64_FDT_MAX_SIZE (64u * 1024)
#define RV64_FDT_ISA	  "rv64imafdc_zicsr_zifencei_zicntr_zba_zbb_zbs"

struct rv64_fdt_params {
	uint64_t ram_base;
	uint64_t ram_size;
	unsigned ncpus;
	const char *bootargs;  /* NULL: no bootargs property */
	uint64_t initrd_start; /* initrd_end == initrd_start: no initrd */
	uint64_t initrd_end;
	unsigned nvirtio; /* virtio-mmio slots 0 .. nvirtio-1 in use (at most VIRT_VIRTIO_SLOTS) */
};

/* Write the blob into buf. Returns 0, -EINVAL (bad params) or -ENOSPC (buf too small). */
int rv64_fdt_build(const struct rv64_fdt_params *p, void *buf, size_t size) __must_check;

#endif
