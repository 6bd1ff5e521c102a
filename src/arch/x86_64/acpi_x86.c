/*
 * acpi_x86.c - the ACPI tables of the x86_64 microvm board, built from the
 * board's map (board_x86.h) for a number of vCPUs and virtio-mmio slots:
 * RSDP -> XSDT (and RSDT) -> FADT (-> FACS, DSDT) and MADT.
 *
 * FADT: a full (not hardware-reduced) FADT, ACPI 6.0 layout, with the PM1a
 * event and control blocks and the PM timer in port space (dev/acpi_pm.c),
 * the SCI on ISA IRQ X86_SCI_IRQ, the reset register at port X86_RESET_PORT,
 * no GPE block, no SMI command port (the machine is always in ACPI mode).
 * MADT: one local APIC per vCPU (APIC id = vCPU index), the IOAPIC at GSI 0,
 * the ISA IRQ 0 and SCI overrides, LAPIC NMI on LINT1 of every CPU.
 * DSDT: \_SB.COM1 (PNP0501), \_SB.VRnn (LNRO0005) per virtio slot, \_S5.
 *
 * Invariants: every table is sealed; what the tables say (ports, IRQs,
 * windows) comes from board_x86.h, which the devices are mapped from too.
 */
#include "arch/x86_64/board_x86.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "dev/acpi_pm.h"

#define FADT_SIZE	    276 /* ACPI 6.0 */
#define FADT_REVISION	    6
#define FACS_SIZE	    64
#define FACS_ALIGN	    64
#define MADT_REVISION	    3
#define DSDT_REVISION	    2 /* 64-bit integers */
#define MADT_MAX_SIZE	    (ACPI_HEADER_SIZE + 8 + VM_MAX_CPUS * 8 + 12 + 2 * 10 + 6)
#define FADT_PM1_EVT_LEN    4
#define FADT_PM1_CNT_LEN    2
#define FADT_PM_TMR_LEN	    4
#define FADT_NO_C2	    0x0065 /* P_LVL2_LAT > 100: C2 not supported */
#define FADT_NO_C3	    0x03e9 /* P_LVL3_LAT > 1000: C3 not supported */
#define IAPC_LEGACY_DEVICES 0x0001
#define IAPC_NO_VGA	    0x0004
#define FADT_WBINVD	    (1u << 0)
#define FADT_C1_SUPPORTED   (1u << 2)
#define FADT_PWR_BUTTON	    (1u << 4) /* no fixed-feature power button */
#define FADT_SLP_BUTTON	    (1u << 5) /* no fixed-feature sleep button */
#define FADT_RTC_STS_FIXED  (1u << 6) /* RTC wake status not in the fixed registers */
#define FADT_TMR_VAL_EXT    (1u << 8) /* 32-bit PM timer */
#define FADT_RESET_REG_SUP  (1u << 10)
#define MADT_PCAT_COMPAT    1u /* the board has the dual 8259s */
#define MADT_ENABLED	    1u
#define MADT_LEVEL_HIGH	    0x000d /* active high (01), level-triggered (11) */
#define MADT_ALL_CPUS	    0xff
#define LAPIC_LINT1	    1

enum madt_type { MADT_LAPIC = 0, MADT_IOAPIC = 1, MADT_OVERRIDE = 2, MADT_LAPIC_NMI = 4 };

static const struct acpi_oem x86_oem = {.id = "FVP", .table_id = "MICROVM", .revision = 1};

/* FACS: no waking vector (no S3), no global lock owner. */
static int x86_add_facs(struct acpi_tables *t, uint64_t *addr)
{
	uint8_t facs[FACS_SIZE] = {'F', 'A', 'C', 'S'};

	acpi_put32(facs + 4, FACS_SIZE);
	facs[32] = 2; /* version */
	return acpi_tables_add(t, facs, sizeof(facs), FACS_ALIGN, false, addr);
}

static void fadt_put_blocks(uint8_t *f)
{
	uint32_t evt = X86_ACPI_PM_PORT + ACPI_PM1_EVT_OFFSET;
	uint32_t cnt = X86_ACPI_PM_PORT + ACPI_PM1_CNT_OFFSET;
	uint32_t tmr = X86_ACPI_PM_PORT + ACPI_PM_TMR_OFFSET;

	acpi_put32(f + 56, evt); /* PM1a_EVT_BLK */
	acpi_put32(f + 64, cnt); /* PM1a_CNT_BLK */
	acpi_put32(f + 76, tmr); /* PM_TMR_BLK */
	f[88] = FADT_PM1_EVT_LEN;
	f[89] = FADT_PM1_CNT_LEN;
	f[91] = FADT_PM_TMR_LEN;
	acpi_put_gas(f + 148, ACPI_SPACE_IO, FADT_PM1_EVT_LEN * 8, 0, evt); /* X_PM1a_EVT_BLK */
	acpi_put_gas(f + 172, ACPI_SPACE_IO, FADT_PM1_CNT_LEN * 8, 0, cnt); /* X_PM1a_CNT_BLK */
	acpi_put_gas(f + 208, ACPI_SPACE_IO, FADT_PM_TMR_LEN * 8, 0, tmr);  /* X_PM_TMR_BLK */
}

static int x86_add_fadt(struct acpi_tables *t, uint64_t facs, uint64_t dsdt)
{
	uint8_t f[FADT_SIZE];
	uint64_t addr;

	acpi_header_init(f, "FACP", FADT_SIZE, FADT_REVISION, &x86_oem);
	memset(f + ACPI_HEADER_SIZE, 0, FADT_SIZE - ACPI_HEADER_SIZE);
	/* FIRMWARE_CTRL (36) stays 0: X_FIRMWARE_CTRL names the FACS. */
	acpi_put32(f + 40, (uint32_t)dsdt); /* DSDT */
	acpi_put16(f + 46, X86_SCI_IRQ);    /* SCI_INT */
	fadt_put_blocks(f);
	acpi_put16(f + 96, FADT_NO_C2);
	acpi_put16(f + 98, FADT_NO_C3);
	acpi_put16(f + 109, IAPC_LEGACY_DEVICES | IAPC_NO_VGA); /* no i8042: Linux skips it */
	acpi_put32(f + 112, FADT_WBINVD | FADT_C1_SUPPORTED | FADT_PWR_BUTTON | FADT_SLP_BUTTON |
				FADT_RTC_STS_FIXED | FADT_TMR_VAL_EXT | FADT_RESET_REG_SUP);
	acpi_put_gas(f + 116, ACPI_SPACE_IO, 8, 1, X86_RESET_PORT); /* RESET_REG, byte access */
	f[128] = ACPI_RESET_VALUE;
	acpi_put64(f + 132, facs); /* X_FIRMWARE_CTRL */
	acpi_put64(f + 140, dsdt); /* X_DSDT */
	acpi_table_seal(f);
	return acpi_tables_add(t, f, FADT_SIZE, 8, true, &addr);
}

static uint8_t *madt_override(uint8_t *e, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	e[0] = MADT_OVERRIDE;
	e[1] = 10;
	e[2] = 0; /* ISA */
	e[3] = irq;
	acpi_put32(e + 4, gsi);
	acpi_put16(e + 8, flags);
	return e + 10;
}

static int x86_add_madt(struct acpi_tables *t, unsigned ncpus)
{
	uint8_t m[MADT_MAX_SIZE] = {0};
	uint8_t *e = m + ACPI_HEADER_SIZE + 8;
	uint64_t addr;

	acpi_put32(m + ACPI_HEADER_SIZE, (uint32_t)X86_LAPIC_BASE);
	acpi_put32(m + ACPI_HEADER_SIZE + 4, MADT_PCAT_COMPAT);
	for (unsigned i = 0; i < ncpus; i++, e += 8) {
		e[0] = MADT_LAPIC;
		e[1] = 8;
		e[2] = (uint8_t)i; /* ACPI processor UID */
		e[3] = (uint8_t)i; /* APIC id */
		acpi_put32(e + 4, MADT_ENABLED);
	}
	e[0] = MADT_IOAPIC;
	e[1] = 12;
	e[2] = (uint8_t)ncpus; /* IOAPIC id: after the LAPICs, as in the MP table */
	acpi_put32(e + 4, (uint32_t)X86_IOAPIC_BASE);
	acpi_put32(e + 8, 0); /* GSI base */
	e += 12;
	e = madt_override(e, 0, X86_PIT_GSI, 0);
	e = madt_override(e, X86_SCI_IRQ, X86_SCI_IRQ, MADT_LEVEL_HIGH);
	e[0] = MADT_LAPIC_NMI;
	e[1] = 6;
	e[2] = MADT_ALL_CPUS;
	acpi_put16(e + 3, 0); /* conforming polarity and trigger */
	e[5] = LAPIC_LINT1;
	e += 6;
	acpi_header_init(m, "APIC", (uint32_t)(e - m), MADT_REVISION, &x86_oem);
	acpi_table_seal(m);
	return acpi_tables_add(t, m, (size_t)(e - m), 8, true, &addr);
}

/* Method (_STA) { Return (0x0F) }: present, enabled, shown, functioning. */
static void dsdt_sta(struct aml *a)
{
	aml_method_open(a, "_STA", 0);
	aml_return(a);
	aml_integer(a, 0x0f);
	aml_close(a);
}

static void dsdt_uart(struct aml *a)
{
	aml_device_open(a, "COM1");
	aml_name(a, "_HID");
	aml_eisaid(a, "PNP0501");
	aml_name(a, "_UID");
	aml_integer(a, 0);
	dsdt_sta(a);
	aml_name(a, "_CRS");
	aml_resources_open(a);
	aml_io16(a, X86_UART_PORT, 8);
	aml_interrupt(a, X86_UART_IRQ, AML_IRQ_EDGE);
	aml_close(a);
	aml_close(a);
}

static void dsdt_virtio(struct aml *a, unsigned slot)
{
	char name[5];

	snprintf(name, sizeof(name), "VR%02u", slot);
	aml_device_open(a, name);
	aml_name(a, "_HID");
	aml_string(a, "LNRO0005");
	aml_name(a, "_UID");
	aml_integer(a, slot);
	dsdt_sta(a);
	aml_name(a, "_CRS");
	aml_resources_open(a);
	aml_memory32_fixed(a, (uint32_t)(X86_VIRTIO_BASE + X86_VIRTIO_STRIDE * slot),
			   (uint32_t)X86_VIRTIO_STRIDE, true);
	aml_interrupt(a, x86_virtio_irq(slot), AML_IRQ_EDGE);
	aml_close(a);
	aml_close(a);
}

/* Name (_S5, Package () { SLP_TYPa, SLP_TYPb, 0, 0 }) at the root (names without a
 * root prefix, as iasl writes them, so the AML compiles back to the same bytes). */
static void dsdt_s5(struct aml *a)
{
	aml_name(a, "_S5");
	aml_package_open(a);
	aml_integer(a, ACPI_PM_SLP_TYP_S5);
	aml_integer(a, ACPI_PM_SLP_TYP_S5);
	aml_integer(a, 0);
	aml_integer(a, 0);
	aml_close(a);
}

static int x86_add_dsdt(struct acpi_tables *t, unsigned nvirtio, uint64_t *addr)
{
	struct aml *a = aml_create();
	const uint8_t *body;
	uint8_t *table;
	size_t len;
	int ret;

	if (!a)
		return -ENOMEM;
	aml_scope_open(a, "_SB");
	dsdt_uart(a);
	for (unsigned i = 0; i < nvirtio; i++)
		dsdt_virtio(a, i);
	aml_close(a);
	dsdt_s5(a);
	ret = aml_finish(a, &body, &len);
	table = ret ? NULL : malloc(ACPI_HEADER_SIZE + len);
	if (!ret && !table)
		ret = -ENOMEM;
	if (!ret) {
		acpi_header_init(table, "DSDT", (uint32_t)(ACPI_HEADER_SIZE + len), DSDT_REVISION,
				 &x86_oem);
		memcpy(table + ACPI_HEADER_SIZE, body, len);
		acpi_table_seal(table);
		ret = acpi_tables_add(t, table, ACPI_HEADER_SIZE + len, 8, false, addr);
	}
	free(table);
	aml_destroy(a);
	return ret;
}

struct acpi_tables *x86_acpi_build(unsigned ncpus, unsigned nvirtio)
{
	struct acpi_tables *t;
	uint64_t dsdt, facs;
	int ret;

	if (!ncpus || ncpus > VM_MAX_CPUS || nvirtio > VM_MAX_VIRTIO) {
		log_error("x86_64: ACPI tables for %u vCPUs and %u virtio slots: out of range",
			  ncpus, nvirtio);
		return NULL;
	}
	t = acpi_tables_create(X86_ACPI_ADDR, X86_ACPI_SIZE);
	if (!t) {
		log_error("x86_64: out of memory building the ACPI tables");
		return NULL;
	}
	ret = x86_add_dsdt(t, nvirtio, &dsdt);
	if (!ret)
		ret = x86_add_facs(t, &facs);
	if (!ret)
		ret = x86_add_fadt(t, facs, dsdt);
	if (!ret)
		ret = x86_add_madt(t, ncpus);
	if (!ret)
		ret = acpi_tables_finish(t, &x86_oem);
	if (ret) {
		log_error("x86_64: cannot build the ACPI tables: %s", strerror(-ret));
		acpi_tables_destroy(t);
		return NULL;
	}
	return t;
}
