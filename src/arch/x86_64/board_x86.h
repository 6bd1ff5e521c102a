/*
 * board_x86.h - the x86_64 "microvm" board, run by the KVM engine and the
 * software engines: its memory and port map, and the pieces the board files
 * share.
 *
 * Guest-physical map:
 *   0x0000_0500  boot GDT          0x0000_7000  boot_params (zero page) or PVH start info
 *   0x0000_9000  boot page tables (PML4, PDPT, 4 PDs: 4 GiB identity, 2 MiB pages)
 *   0x0002_0000  kernel command line
 *   0x0009_fc00  MP table (last KiB of base memory, e820 reserved)
 *   0x000e_0000  ACPI tables, RSDP first (64 KiB, e820 ACPI; acpi_x86.c)
 *   0x0010_0000  kernel (bzImage protected-mode part, or ELF segments); RAM up to 3 GiB
 *   0xd000_0000  test device (sifive_test protocol)   0xd000_1000  goldfish RTC
 *   0xd010_0000  virtio-mmio slots: slot i at + 0x1000 * i, IRQ 5, 6, 7, 10, 11, 12, 14, 15
 *   0xfec0_0000  IOAPIC, 0xfee0_0000 LAPIC (in-kernel under KVM; on the software engines
 *                ioapic.c, and lapic.c reached through the per-vCPU alias)
 *   0x1_0000_0000  RAM above 3 GiB, if any
 *   1 << 52      software engines: LAPIC aliases, vCPU i at + 0x1000 * i (lapic.h; the page
 *                walker maps each vCPU's APIC base page there, nothing else can reach it)
 * Ports: 0x20/0xa0 8259s, 0x40-0x43 PIT (IRQ 0), 0x61 PIT gate 2/OUT2, 0x4d0 ELCR (all
 * in-kernel under KVM), 0x60/0x64 i8042 (reset only), 0x70/0x71 CMOS RTC, 0x80 POST sink,
 * 0x3f8 16550 UART (IRQ 4), 0x600-0x60b ACPI PM1a event and control blocks and PM timer
 * (SCI on IRQ 9), 0xcf9 ACPI reset register; the goldfish RTC is IRQ 8.
 * Interrupts (MADT and MP table): ISA IRQ n is IOAPIC pin n, the PIT's IRQ 0 too (KVM's
 * default GSI routing; the MADT says so with an override IRQ 0 -> GSI X86_PIT_GSI).
 */
#ifndef FVP_ARCH_X86_64_BOARD_X86_H
#define FVP_ARCH_X86_64_BOARD_X86_H

#include <stdint.h>
#include <stdio.h>
#include "boot/acpi.h"
#include "core/vm.h"

#define X86_GDT_ADDR	     0x500ull
#define X86_BOOT_PARAMS_ADDR 0x7000ull
#define X86_PML4_ADDR	     0x9000ull
#define X86_PDPT_ADDR	     0xa000ull
#define X86_PD_ADDR	     0xb000ull /* four pages */
#define X86_CMDLINE_ADDR     0x20000ull
#define X86_CMDLINE_MAX	     0x10000ull
#define X86_MPTABLE_ADDR     0x9fc00ull
#define X86_LOW_RAM_END	     0x9fc00ull
#define X86_BIOS_AREA	     0xf0000ull
#define X86_HIGH_RAM	     0x100000ull
#define X86_KERNEL_ADDR	     0x100000ull
#define X86_MMIO_GAP	     0xc0000000ull /* RAM stops here; resumes at 4 GiB */
#define X86_4G		     0x100000000ull
#define X86_TEST_BASE	     0xd0000000ull
#define X86_RTC_BASE	     0xd0001000ull
#define X86_VIRTIO_BASE	     0xd0100000ull
#define X86_VIRTIO_STRIDE    0x1000ull
#define X86_IOAPIC_BASE	     0xfec00000ull
#define X86_LAPIC_BASE	     0xfee00000ull

#define X86_ACPI_ADDR 0xe0000ull
#define X86_ACPI_SIZE 0x10000ull

#define X86_UART_PORT	    0x3f8
#define X86_UART_IRQ	    4
#define X86_RTC_IRQ	    8
#define X86_I8042_DATA_PORT 0x60
#define X86_I8042_CMD_PORT  0x64
#define X86_ACPI_PM_PORT    0x600
#define X86_RESET_PORT	    0xcf9
#define X86_SCI_IRQ	    9
#define X86_PIT_GSI	    0 /* the in-kernel PIT's line: IOAPIC pin 0 (KVM's routing) */
#define X86_POST_PORT	    0x80

#define X86_BOOT_CS	0x10
#define X86_BOOT_DS	0x18
#define X86_BOOT_TR	0x20
#define X86_BOOT_CS32	0x30
#define X86_GDT_ENTRIES 7

enum x86_entry_mode {
	X86_ENTRY_LONG, /* 64-bit mode, paging on (boot page tables) */
	X86_ENTRY_PVH,	/* 32-bit protected mode, paging off, ebx = hvm_start_info */
};

/* How the boot vCPU enters the guest. */
struct x86_boot_info {
	enum x86_entry_mode mode;
	uint64_t entry;		   /* entry point (physical for PVH) */
	uint64_t rsi;		   /* boot_params address for a bzImage, else 0 */
	uint64_t rbx;		   /* hvm_start_info address for PVH, else 0 */
	uint64_t image_end;	   /* end of the kernel image in RAM (the initrd goes above) */
	const char *cmdline_extra; /* board options appended to --append (may be NULL or "") */
};

/* The ISA IRQ (= IOAPIC pin) of virtio-mmio slot (< VM_MAX_VIRTIO): the free ISA IRQs (8 is
 * the RTC, 9 the ACPI SCI, 13 the FPU). */
static inline unsigned x86_virtio_irq(unsigned slot)
{
	static const uint8_t irqs[VM_MAX_VIRTIO] = {5, 6, 7, 10, 11, 12, 14, 15};

	return irqs[slot];
}

extern const struct board_ops x86_microvm_board;
extern const struct frontend_ops x86_64_frontend_ops;
/* kvm_x86.c: the x86_64 hooks of the KVM engine. */
extern const struct kvm_arch_ops x86_kvm_ops;

/* x86_boot.c: load --kernel (bzImage, PVH ELF or ELF64) and --initrd, write boot_params or
 * the PVH start info, e820, MP table, ACPI tables, GDT and page tables. 0 or -errno with one line
 * logged. */
int x86_boot_load(struct vm *vm, struct x86_boot_info *bi) __must_check;
/* acpi_x86.c: the board's ACPI tables for ncpus vCPUs and nvirtio virtio-mmio slots, laid out
 * at X86_ACPI_ADDR with the RSDP first. NULL on failure (one line logged). */
struct acpi_tables *x86_acpi_build(unsigned ncpus, unsigned nvirtio);
/* x86_cpu.c: CPUID, MSRs, FPU for every vCPU; long mode at bi->entry on vCPU 0; the others
 * wait for INIT/SIPI. 0 or -errno with one line logged. */
int x86_cpus_setup(struct vm *vm, const struct x86_boot_info *bi) __must_check;
/* kvm_x86.c: print the vCPU's registers (own thread or before it runs). */
void x86_kvm_dump_regs(struct vcpu *cpu, FILE *out);

#endif
