/*
 * acpi_pm.h - ACPI fixed hardware for a board with a full FADT: the PM1a
 * event block (PM1_STS, PM1_EN), the PM1a control block (SCI_EN, SLP_TYP,
 * SLP_EN), the 32-bit PM timer at 3.579545 MHz of the VM clock, and the
 * reset register. The board maps the 12-byte block and the reset register
 * (port or MMIO) and declares them in its FADT; S5 powers the VM off.
 */
#ifndef FVP_DEV_ACPI_PM_H
#define FVP_DEV_ACPI_PM_H

#include "core/clock.h"
#include "core/memory.h"
#include "core/vm.h"

#define ACPI_PM_SIZE	    12 /* the three blocks below, back to back */
#define ACPI_PM1_EVT_OFFSET 0  /* PM1_STS (2 bytes), PM1_EN (2 bytes) */
#define ACPI_PM1_CNT_OFFSET 4  /* PM1_CNT (2 bytes, then 2 unused) */
#define ACPI_PM_TMR_OFFSET  8  /* PM_TMR (4 bytes, read-only) */
#define ACPI_PM_TIMER_HZ    3579545ull
#define ACPI_PM_SLP_TYP_S5  5 /* \_S5's SLP_TYP in the DSDT */
#define ACPI_RESET_SIZE	    1
#define ACPI_RESET_VALUE    0x06 /* FADT RESET_VALUE: CPU reset (bit 2), system reset (bit 1) */

struct acpi_pm;

/* vm: whom SLP_EN with S5 powers off and the reset register resets (vm_request_stop); clock:
 * the PM timer's time base; timers: where the timer's carry (TMR_STS) is raised on time (NULL:
 * only at the next register access); sci: the SCI line (high while an enabled status bit is
 * set). NULL when out of memory. */
struct acpi_pm *acpi_pm_create(struct vm *vm, const struct vclock *clock,
			       struct timer_queue *timers, struct irq_line sci);
void acpi_pm_destroy(struct acpi_pm *pm);

/* opaque = the acpi_pm: the 12-byte block, and the 1-byte reset register (a write with bit 2
 * set stops the VM with VM_STOP_RESET). */
extern const struct mmio_ops acpi_pm_mmio_ops;
extern const struct mmio_ops acpi_reset_mmio_ops;

#endif
