/*
 * board_virt.h - the riscv64 "virt" board: QEMU's memory map, so the same
 * firmware (OpenSBI fw_jump) and kernels run unchanged.
 */
#ifndef FVP_ARCH_RISCV64_BOARD_VIRT_H
#define FVP_ARCH_RISCV64_BOARD_VIRT_H

#include "core/vm.h"

#define VIRT_TEST_BASE	   0x00100000ull
#define VIRT_RTC_BASE	   0x00101000ull
#define VIRT_CLINT_BASE	   0x02000000ull
#define VIRT_PLIC_BASE	   0x0c000000ull
#define VIRT_UART_BASE	   0x10000000ull
#define VIRT_VIRTIO_BASE   0x10001000ull /* slot i at + 0x1000 * i, IRQ 1 + i */
#define VIRT_VIRTIO_STRIDE 0x1000ull
#define VIRT_VIRTIO_SLOTS  8
#define VIRT_RAM_BASE	   0x80000000ull
#define VIRT_KERNEL_BASE   0x80200000ull

#define VIRT_VIRTIO_IRQ 1 /* first slot's PLIC source */
#define VIRT_UART_IRQ	10
#define VIRT_RTC_IRQ	11

#define VIRT_STDOUT_PATH "/soc/serial@10000000"

/* Firmware used when the configuration names none (Debian's opensbi package). */
#define VIRT_DEFAULT_BIOS "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf"

extern const struct board_ops rv64_virt_board;

#endif
