/*
 * acpi.h - building ACPI tables for any board: little-endian fields, table
 * headers and checksums, Generic Address Structures, a set of tables laid
 * out from a guest-physical base with the RSDP, XSDT and RSDT that name
 * them, and an AML writer for a DSDT (scopes, devices, methods, names,
 * integers, strings, EISA ids, packages, resource templates).
 *
 * Nothing here knows an ISA or a board: the board decides what its tables
 * say (src/arch/x86_64/acpi_x86.c). Every builder keeps its first error and
 * reports it when finished, so a caller checks once.
 */
#ifndef FVP_BOOT_ACPI_H
#define FVP_BOOT_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"

#define ACPI_HEADER_SIZE 36
#define ACPI_RSDP_SIZE	 36
#define ACPI_GAS_SIZE	 12

/* Who made the tables: the header's OEM fields (space-padded, not NUL-terminated there). */
struct acpi_oem {
	const char *id;	      /* up to 6 characters */
	const char *table_id; /* up to 8 characters */
	uint32_t revision;
};

enum acpi_space {
	ACPI_SPACE_MEMORY = 0,
	ACPI_SPACE_IO = 1,
};

void acpi_put16(uint8_t *p, uint16_t v);
void acpi_put32(uint8_t *p, uint32_t v);
void acpi_put64(uint8_t *p, uint64_t v);
/* The byte that makes the sum of len bytes at p zero when stored in place of a zero byte. */
uint8_t acpi_checksum(const uint8_t *p, size_t len);
/* A table header of signature sig (4 characters) and length len, checksum 0. */
void acpi_header_init(uint8_t *table, const char *sig, uint32_t len, uint8_t revision,
		      const struct acpi_oem *oem);
/* Set the checksum of the table at p (its header's length). */
void acpi_table_seal(uint8_t *table);
/* A Generic Address Structure at p; access_size 0 is "undefined" (legacy). */
void acpi_put_gas(uint8_t *p, enum acpi_space space, uint8_t bit_width, uint8_t access_size,
		  uint64_t address);

/* Tables laid out from a guest-physical base: the RSDP first (16-byte aligned), then each
 * added table, then the XSDT and RSDT of the tables added with in_root. */
struct acpi_tables;

/* NULL when out of memory or base is not 16-byte aligned. max: the bytes the board has. */
struct acpi_tables *acpi_tables_create(uint64_t base, size_t max);
void acpi_tables_destroy(struct acpi_tables *t);
/* Append a sealed table at the next multiple of align (a power of two) and store its
 * guest-physical address in *addr. 0, -E2BIG (over max), -ENOMEM, -EINVAL. */
int acpi_tables_add(struct acpi_tables *t, const uint8_t *table, size_t len, size_t align,
		    bool in_root, uint64_t *addr) __must_check;
/* Append the XSDT and RSDT and write the RSDP (revision 2). 0 or -errno. */
int acpi_tables_finish(struct acpi_tables *t, const struct acpi_oem *oem) __must_check;
const uint8_t *acpi_tables_data(const struct acpi_tables *t);
size_t acpi_tables_size(const struct acpi_tables *t);
uint64_t acpi_tables_base(const struct acpi_tables *t);

/* An AML byte stream (a DSDT's body). Objects are written in order; a Name, Return or package
 * element takes the next object as its value. */
struct aml;

enum aml_irq_flags {
	AML_IRQ_EDGE = 1u << 1,	      /* else level-triggered */
	AML_IRQ_ACTIVE_LOW = 1u << 2, /* else active-high */
	AML_IRQ_SHARED = 1u << 3,     /* else exclusive */
};

struct aml *aml_create(void);
void aml_destroy(struct aml *a);
/* Scope (path) { ... }, Device (path) { ... }, Method (path, nargs) { ... }: until aml_close. */
void aml_scope_open(struct aml *a, const char *path);
void aml_device_open(struct aml *a, const char *path);
void aml_method_open(struct aml *a, const char *path, unsigned nargs);
/* Package () { ... }: the objects until aml_close are its elements (at most 255). */
void aml_package_open(struct aml *a);
/* ResourceTemplate () { ... }: the descriptors until aml_close (which adds the end tag). */
void aml_resources_open(struct aml *a);
void aml_close(struct aml *a);
/* Name (path, <next object>) and Return (<next object>). */
void aml_name(struct aml *a, const char *path);
void aml_return(struct aml *a);
/* Data objects: the shortest integer encoding; a NUL-terminated string; EisaId ("PNP0501"). */
void aml_integer(struct aml *a, uint64_t value);
void aml_string(struct aml *a, const char *s);
void aml_eisaid(struct aml *a, const char *id);
/* Resource descriptors: IO (Decode16, base, base, 1, len), Memory32Fixed and the extended
 * Interrupt (ResourceConsumer) with one interrupt number. */
void aml_io16(struct aml *a, uint16_t base, uint8_t len);
void aml_memory32_fixed(struct aml *a, uint32_t base, uint32_t len, bool writable);
void aml_interrupt(struct aml *a, uint32_t gsi, unsigned flags);
/* Everything closed: the bytes (valid until aml_destroy) and 0, else the first error. */
int aml_finish(struct aml *a, const uint8_t **data, size_t *len) __must_check;

/* Encoders, for the writer and its tests. A PkgLength for body_len bytes after it: its size
 * (1-4 bytes, counted in the length it encodes), or 0 when too long. */
unsigned aml_pkglen_encode(size_t body_len, uint8_t out[4]);
/* A NameString ("\\_SB.COM1", "^PCI0", "_S5"): its size, or -EINVAL for a bad path or when
 * it needs more than cap bytes. */
int aml_namestring_encode(const char *path, uint8_t *out, size_t cap);
/* An integer object (ZeroOp, OneOp, OnesOp or a prefixed constant): its size, 1 to 9. */
unsigned aml_integer_encode(uint64_t value, uint8_t out[9]);
/* EisaId: the compressed 32-bit value (as stored in memory), or -EINVAL. */
int64_t aml_eisaid_encode(const char *id);

#endif
