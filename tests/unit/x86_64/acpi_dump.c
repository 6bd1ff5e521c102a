/*
 * acpi_dump.c - acpi_dump NCPUS NVIRTIO DIR: build the x86_64 board's ACPI
 * tables (x86_acpi_build) and follow them as a guest does, from the RSDP
 * through the XSDT (and the RSDT) to each table and from the FADT to the FACS
 * and DSDT; check every checksum and that the XSDT and RSDT agree, and write
 * each table to DIR/<signature>.dat (rsdp.dat, xsdt.dat, facp.dat, ...) for
 * `iasl -d` (tests/unit/x86_64/acpi-iasl.sh). Exit 0, or 1 with one line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/board_x86.h"

static const uint8_t *image;
static size_t image_size;
static const char *out_dir;

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int fail(const char *what, uint64_t addr)
{
	fprintf(stderr, "acpi_dump: %s (at 0x%llx)\n", what, (unsigned long long)addr);
	return 1;
}

/* The table at guest address addr, len bytes, inside the image; NULL if outside. */
static const uint8_t *at(uint64_t addr, size_t len)
{
	uint64_t base = X86_ACPI_ADDR;

	if (addr < base || addr - base > image_size || len > image_size - (addr - base))
		return NULL;
	return image + (addr - base);
}

static int save(const uint8_t *t, size_t len, const char *sig)
{
	char path[4096], name[5] = {0};
	FILE *f;

	for (unsigned i = 0; i < 4 && sig[i] != ' '; i++)
		name[i] = (char)(sig[i] | 0x20);
	snprintf(path, sizeof(path), "%s/%s.dat", out_dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(t, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

/* Check and save the table with a standard header at addr; its address in *table. */
static int table(uint64_t addr, const char *sig, const uint8_t **table)
{
	const uint8_t *t = at(addr, ACPI_HEADER_SIZE);
	size_t len = t ? get32(t + 4) : 0;

	if (!t || !at(addr, len) || len < ACPI_HEADER_SIZE)
		return fail("table outside the image", addr);
	if (sig && memcmp(t, sig, 4) != 0)
		return fail("unexpected signature", addr);
	if (acpi_checksum(t, len))
		return fail("bad table checksum", addr);
	*table = t;
	return save(t, len, (const char *)t);
}

static int follow_fadt(const uint8_t *fadt)
{
	const uint8_t *dsdt, *facs = at(get64(fadt + 132), 64);

	/* ACPI 6.x 5.2.9: FIRMWARE_CTRL is 0 when X_FIRMWARE_CTRL is set (Linux would install the
	 * FACS twice); DSDT may repeat X_DSDT. */
	if (get32(fadt + 36) || get32(fadt + 40) != get64(fadt + 140))
		return fail("FADT: FIRMWARE_CTRL set, or DSDT differs from X_DSDT", 0);
	if (!facs || memcmp(facs, "FACS", 4) != 0 || get64(fadt + 132) % 64)
		return fail("FADT: no 64-byte aligned FACS", get64(fadt + 132));
	return save(facs, 64, "FACS") || table(get64(fadt + 140), "DSDT", &dsdt);
}

static int follow_root(const uint8_t *xsdt, const uint8_t *rsdt)
{
	unsigned n = (get32(xsdt + 4) - ACPI_HEADER_SIZE) / 8;

	if ((get32(rsdt + 4) - ACPI_HEADER_SIZE) / 4 != n)
		return fail("the RSDT and XSDT list different tables", 0);
	for (unsigned i = 0; i < n; i++) {
		uint64_t addr = get64(xsdt + ACPI_HEADER_SIZE + 8 * i);
		const uint8_t *t;

		if (get32(rsdt + ACPI_HEADER_SIZE + 4 * i) != addr)
			return fail("the RSDT and XSDT list different tables", addr);
		if (table(addr, NULL, &t))
			return 1;
		if (!memcmp(t, "FACP", 4) && follow_fadt(t))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct acpi_tables *t;
	const uint8_t *rsdp, *xsdt, *rsdt;
	int ret;

	if (argc != 4) {
		fprintf(stderr, "usage: acpi_dump NCPUS NVIRTIO DIR\n");
		return 2;
	}
	t = x86_acpi_build((unsigned)strtoul(argv[1], NULL, 0),
			   (unsigned)strtoul(argv[2], NULL, 0));
	if (!t)
		return 1;
	image = acpi_tables_data(t);
	image_size = acpi_tables_size(t);
	out_dir = argv[3];
	rsdp = image;
	if (memcmp(rsdp, "RSD PTR ", 8) != 0 || rsdp[15] != 2 || get32(rsdp + 20) != ACPI_RSDP_SIZE)
		ret = fail("no RSDP of revision 2 at the base", X86_ACPI_ADDR);
	else if (acpi_checksum(rsdp, 20) || acpi_checksum(rsdp, ACPI_RSDP_SIZE))
		ret = fail("bad RSDP checksum", X86_ACPI_ADDR);
	else
		ret = save(rsdp, ACPI_RSDP_SIZE, "RSDP") ||
		      table(get64(rsdp + 24), "XSDT", &xsdt) ||
		      table(get32(rsdp + 16), "RSDT", &rsdt) || follow_root(xsdt, rsdt);
	acpi_tables_destroy(t);
	return ret;
}
