/*
 * acpi_tables.c - ACPI table fields, headers, checksums, Generic Address
 * Structures, and the layout of a table set: the RSDP at the base, then the
 * tables in the order added, then the XSDT and the RSDT that list the root
 * ones.
 *
 * Invariants: the image never grows past the board's max; every table in it
 * is sealed (its checksum sums it to zero) once acpi_tables_finish returned 0;
 * the RSDP's two checksums cover its first 20 and all 36 bytes.
 */
#include "boot/acpi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ACPI_MAX_ROOT 32

#define RSDP_CHECKSUM	  8
#define RSDP_OEM_ID	  9
#define RSDP_REVISION	  15
#define RSDP_RSDT	  16
#define RSDP_LENGTH	  20
#define RSDP_XSDT	  24
#define RSDP_EXT_CHECKSUM 32
#define RSDP_V1_SIZE	  20
#define HDR_LENGTH	  4
#define HDR_REVISION	  8
#define HDR_CHECKSUM	  9
#define HDR_OEM_ID	  10
#define HDR_OEM_TABLE_ID  16
#define HDR_OEM_REVISION  24
#define HDR_CREATOR_ID	  28
#define HDR_CREATOR_REV	  32
#define FVP_CREATOR_ID	  "FVP"
#define FVP_CREATOR_REV	  1

struct acpi_tables {
	uint64_t base;
	size_t max;
	uint8_t *data;
	size_t len;
	uint64_t root[ACPI_MAX_ROOT];
	unsigned nroot;
};

void acpi_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void acpi_put32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void acpi_put64(uint8_t *p, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint8_t acpi_checksum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)-sum;
}

/* A fixed-width text field: s, then spaces up to width (no NUL). */
static void put_padded(uint8_t *p, const char *s, size_t width)
{
	size_t n = strnlen(s, width);

	memset(p, ' ', width);
	memcpy(p, s, n);
}

void acpi_header_init(uint8_t *table, const char *sig, uint32_t len, uint8_t revision,
		      const struct acpi_oem *oem)
{
	memset(table, 0, ACPI_HEADER_SIZE);
	memcpy(table, sig, 4);
	acpi_put32(table + HDR_LENGTH, len);
	table[HDR_REVISION] = revision;
	put_padded(table + HDR_OEM_ID, oem->id, 6);
	put_padded(table + HDR_OEM_TABLE_ID, oem->table_id, 8);
	acpi_put32(table + HDR_OEM_REVISION, oem->revision);
	put_padded(table + HDR_CREATOR_ID, FVP_CREATOR_ID, 4);
	acpi_put32(table + HDR_CREATOR_REV, FVP_CREATOR_REV);
}

void acpi_table_seal(uint8_t *table)
{
	uint32_t len = (uint32_t)table[HDR_LENGTH] | (uint32_t)table[HDR_LENGTH + 1] << 8 |
		       (uint32_t)table[HDR_LENGTH + 2] << 16 |
		       (uint32_t)table[HDR_LENGTH + 3] << 24;

	table[HDR_CHECKSUM] = 0;
	table[HDR_CHECKSUM] = acpi_checksum(table, len);
}

void acpi_put_gas(uint8_t *p, enum acpi_space space, uint8_t bit_width, uint8_t access_size,
		  uint64_t address)
{
	p[0] = (uint8_t)space;
	p[1] = bit_width;
	p[2] = 0; /* bit offset */
	p[3] = access_size;
	acpi_put64(p + 4, address);
}

struct acpi_tables *acpi_tables_create(uint64_t base, size_t max)
{
	struct acpi_tables *t;

	if (base % 16 || max < ACPI_RSDP_SIZE)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->data = calloc(1, max);
	if (!t->data) {
		free(t);
		return NULL;
	}
	t->base = base;
	t->max = max;
	t->len = ACPI_RSDP_SIZE;
	return t;
}

void acpi_tables_destroy(struct acpi_tables *t)
{
	if (!t)
		return;
	free(t->data);
	free(t);
}

int acpi_tables_add(struct acpi_tables *t, const uint8_t *table, size_t len, size_t align,
		    bool in_root, uint64_t *addr)
{
	size_t at;

	if (!align || align & (align - 1) || len < 4)
		return -EINVAL;
	at = ALIGN_UP(t->len, align);
	if (at > t->max || len > t->max - at)
		return -E2BIG;
	if (in_root && t->nroot == ACPI_MAX_ROOT)
		return -E2BIG;
	memcpy(t->data + at, table, len);
	t->len = at + len;
	*addr = t->base + at;
	if (in_root)
		t->root[t->nroot++] = *addr;
	return 0;
}

/* The XSDT (entry_size 8) or RSDT (4) of the root tables, appended; its address in *addr. */
static int add_root_table(struct acpi_tables *t, const char *sig, unsigned entry_size,
			  const struct acpi_oem *oem, uint64_t *addr)
{
	uint8_t table[ACPI_HEADER_SIZE + ACPI_MAX_ROOT * 8];
	uint32_t len = ACPI_HEADER_SIZE + t->nroot * entry_size;

	acpi_header_init(table, sig, len, 1, oem);
	for (unsigned i = 0; i < t->nroot; i++) {
		uint8_t *entry = table + ACPI_HEADER_SIZE + i * entry_size;

		if (entry_size == 8)
			acpi_put64(entry, t->root[i]);
		else
			acpi_put32(entry, (uint32_t)t->root[i]);
	}
	acpi_table_seal(table);
	return acpi_tables_add(t, table, len, 8, false, addr);
}

/* An RSDT (32-bit addresses) is added when the whole image lies below 4 GiB. */
int acpi_tables_finish(struct acpi_tables *t, const struct acpi_oem *oem)
{
	uint8_t *rsdp = t->data;
	uint64_t xsdt, rsdt = 0;
	int ret = add_root_table(t, "XSDT", 8, oem, &xsdt);

	if (!ret && t->base + t->max <= 1ull << 32)
		ret = add_root_table(t, "RSDT", 4, oem, &rsdt);
	if (ret)
		return ret;
	memset(rsdp, 0, ACPI_RSDP_SIZE);
	put_padded(rsdp, "RSD PTR", 8); /* "RSD PTR " */
	put_padded(rsdp + RSDP_OEM_ID, oem->id, 6);
	rsdp[RSDP_REVISION] = 2;
	acpi_put32(rsdp + RSDP_RSDT, (uint32_t)rsdt);
	acpi_put32(rsdp + RSDP_LENGTH, ACPI_RSDP_SIZE);
	acpi_put64(rsdp + RSDP_XSDT, xsdt);
	rsdp[RSDP_CHECKSUM] = acpi_checksum(rsdp, RSDP_V1_SIZE);
	rsdp[RSDP_EXT_CHECKSUM] = acpi_checksum(rsdp, ACPI_RSDP_SIZE);
	return 0;
}

const uint8_t *acpi_tables_data(const struct acpi_tables *t)
{
	return t->data;
}

size_t acpi_tables_size(const struct acpi_tables *t)
{
	return t->len;
}

uint64_t acpi_tables_base(const struct acpi_tables *t)
{
	return t->base;
}
