/*
 * acpi_find.h - the ACPI tables as an OS finds them, for the bare-metal tests: the RSDP by
 * the legacy scan of 0xe0000-0xfffff (16-byte steps, checksum), a table through the XSDT.
 */
#ifndef KVM_TEST_ACPI_FIND_H
#define KVM_TEST_ACPI_FIND_H

#include <stddef.h>
#include <stdint.h>

static inline uint8_t acpi_sum(const volatile uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *p++);
	return sum;
}

static inline uint32_t get32(const volatile uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get64(const volatile uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static inline int same(const volatile uint8_t *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)s[i])
			return 0;
	return 1;
}

/* The RSDP with a valid checksum in the BIOS area, or NULL. */
static inline const volatile uint8_t *acpi_find_rsdp(void)
{
	for (uintptr_t a = 0xe0000; a < 0x100000; a += 16) {
		const volatile uint8_t *p = (const volatile uint8_t *)a;

		if (same(p, "RSD PTR ", 8) && acpi_sum(p, 20) == 0)
			return p;
	}
	return NULL;
}

/* The table with signature sig that the XSDT lists, checksum checked, or NULL. */
static inline const volatile uint8_t *acpi_find_table(const volatile uint8_t *rsdp, const char *sig)
{
	const volatile uint8_t *xsdt = (const volatile uint8_t *)(uintptr_t)get64(rsdp + 24);
	uint32_t n = (get32(xsdt + 4) - 36) / 8;

	for (uint32_t i = 0; i < n; i++) {
		const volatile uint8_t *t =
		    (const volatile uint8_t *)(uintptr_t)get64(xsdt + 36 + 8 * i);

		if (same(t, sig, 4) && acpi_sum(t, get32(t + 4)) == 0)
			return t;
	}
	return NULL;
}

#endif
