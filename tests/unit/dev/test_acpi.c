/*
 * test_acpi.c - the ACPI builder (src/boot/acpi_tables.c, aml.c): PkgLength
 * in 1 to 4 bytes at each boundary and too long, NameStrings (padding, root,
 * parent, dual and multi names, bad names), integers in every width,
 * EisaId, a small AML program against bytes iasl produces for the same ASL,
 * the writer's errors, checksums and a table set's RSDP, XSDT and RSDT.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "boot/acpi.h"

static void expect_pkglen(size_t body, const uint8_t *want, unsigned n)
{
	uint8_t out[4] = {0};

	assert_int_equal(aml_pkglen_encode(body, out), n);
	assert_memory_equal(out, want, n);
}

static void test_pkglen(void **state)
{
	uint8_t out[4];

	(void)state;
	expect_pkglen(0, (const uint8_t[]){0x01}, 1);
	expect_pkglen(62, (const uint8_t[]){0x3f}, 1);
	expect_pkglen(63, (const uint8_t[]){0x41, 0x04}, 2);	     /* 65 */
	expect_pkglen(4093, (const uint8_t[]){0x4f, 0xff}, 2);	     /* 0xfff */
	expect_pkglen(4094, (const uint8_t[]){0x81, 0x00, 0x01}, 3); /* 0x1001 */
	expect_pkglen((1u << 20) - 4, (const uint8_t[]){0x8f, 0xff, 0xff}, 3);
	expect_pkglen((1u << 20) - 3, (const uint8_t[]){0xc1, 0x00, 0x00, 0x01}, 4);
	expect_pkglen((1u << 28) - 5, (const uint8_t[]){0xcf, 0xff, 0xff, 0xff}, 4);
	assert_int_equal(aml_pkglen_encode((1u << 28) - 4, out), 0);
}

static void expect_name(const char *path, const char *want, int n)
{
	uint8_t out[64];

	assert_int_equal(aml_namestring_encode(path, out, sizeof(out)), n);
	assert_memory_equal(out, want, (size_t)n);
}

static void test_names(void **state)
{
	static const char *const bad[] = {"",	  "1ABC", "ABCDE", "a",	   "A..B",
					  "\\^A", "A.",	  "_S5 ",  "A.1B", "\\"};
	uint8_t out[64];

	(void)state;
	expect_name("_S5", "_S5_", 4);
	expect_name("COM1", "COM1", 4);
	expect_name("\\_SB", "\\_SB_", 5);
	expect_name("\\_SB.COM1", "\\\x2e_SB_COM1", 10);
	expect_name("A.B.C",
		    "\x2f\x03"
		    "A___B___C___",
		    14);
	expect_name("^^X", "^^X___", 6);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(aml_namestring_encode(bad[i], out, sizeof(out)), -EINVAL);
	assert_int_equal(aml_namestring_encode("\\_SB.COM1", out, 9), -EINVAL);
	assert_int_equal(aml_namestring_encode("_S5", out, 4), 4);
	assert_int_equal(aml_namestring_encode("_S5", out, 3), -EINVAL);
}

static void expect_integer(uint64_t v, const uint8_t *want, unsigned n)
{
	uint8_t out[9];

	assert_int_equal(aml_integer_encode(v, out), n);
	assert_memory_equal(out, want, n);
}

static void test_integers(void **state)
{
	(void)state;
	expect_integer(0, (const uint8_t[]){0x00}, 1);
	expect_integer(1, (const uint8_t[]){0x01}, 1);
	expect_integer(UINT64_MAX, (const uint8_t[]){0xff}, 1);
	expect_integer(2, (const uint8_t[]){0x0a, 0x02}, 2);
	expect_integer(0xff, (const uint8_t[]){0x0a, 0xff}, 2);
	expect_integer(0x100, (const uint8_t[]){0x0b, 0x00, 0x01}, 3);
	expect_integer(0x10000, (const uint8_t[]){0x0c, 0x00, 0x00, 0x01, 0x00}, 5);
	expect_integer(0xffffffff, (const uint8_t[]){0x0c, 0xff, 0xff, 0xff, 0xff}, 5);
	expect_integer(0x100000000ull, (const uint8_t[]){0x0e, 0, 0, 0, 0, 1, 0, 0, 0}, 9);
	expect_integer(UINT64_MAX - 1,
		       (const uint8_t[]){0x0e, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9);
}

static void test_eisaid(void **state)
{
	(void)state;
	assert_int_equal(aml_eisaid_encode("PNP0501"), 0x0105d041);
	assert_int_equal(aml_eisaid_encode("PNP0A03"), 0x030ad041);
	assert_int_equal(aml_eisaid_encode("pnp0501"), -EINVAL);
	assert_int_equal(aml_eisaid_encode("PNP050"), -EINVAL);
	assert_int_equal(aml_eisaid_encode("PNP050G"), -EINVAL);
}

/* Device (COM1) { _HID EisaId, _UID 0, Method (_STA) { Return (0x0F) }, _CRS IO + Interrupt },
 * Name (_S5, Package () { 5, 5, 0, 0 }): the bytes iasl 20200925 compiles this to. */
static void test_program(void **state)
{
	static const uint8_t want[] = {
	    0x5b, 0x82, 0x3b, 'C',  'O',  'M',	'1',  0x08, '_',  'H',	'I',  'D',  0x0c,
	    0x41, 0xd0, 0x05, 0x01, 0x08, '_',	'U',  'I',  'D',  0x00, 0x14, 0x09, '_',
	    'S',  'T',	'A',  0x00, 0xa4, 0x0a, 0x0f, 0x08, '_',  'C',	'R',  'S',  0x11,
	    0x16, 0x0a, 0x13, 0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08, 0x89, 0x06,
	    0x00, 0x03, 0x01, 0x04, 0x00, 0x00, 0x00, 0x79, 0x00, 0x08, '_',  'S',  '5',
	    '_',  0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00};
	struct aml *a = aml_create();
	const uint8_t *data;
	size_t len;

	(void)state;
	aml_device_open(a, "COM1");
	aml_name(a, "_HID");
	aml_eisaid(a, "PNP0501");
	aml_name(a, "_UID");
	aml_integer(a, 0);
	aml_method_open(a, "_STA", 0);
	aml_return(a);
	aml_integer(a, 0x0f);
	aml_close(a);
	aml_name(a, "_CRS");
	aml_resources_open(a);
	aml_io16(a, 0x3f8, 8);
	aml_interrupt(a, 4, AML_IRQ_EDGE);
	aml_close(a);
	aml_close(a);
	aml_name(a, "_S5");
	aml_package_open(a);
	for (unsigned i = 0; i < 4; i++)
		aml_integer(a, i < 2 ? 5 : 0);
	aml_close(a);
	assert_int_equal(aml_finish(a, &data, &len), 0);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(data, want, len);
	aml_destroy(a);
}

/* A scope whose body passes 63 bytes takes a 2-byte PkgLength, inserted in front of it. */
static void test_long_scope(void **state)
{
	struct aml *a = aml_create();
	const uint8_t *data;
	size_t len;

	(void)state;
	aml_scope_open(a, "_SB");
	for (unsigned i = 0; i < 10; i++) {
		aml_name(a, "X");
		aml_integer(a, 0x1234); /* 8 bytes each */
	}
	aml_close(a);
	assert_int_equal(aml_finish(a, &data, &len), 0);
	assert_int_equal(len, 1 + 2 + 4 + 80);
	assert_int_equal(data[0], 0x10);
	assert_int_equal(data[1], 0x40 | ((2 + 4 + 80) & 0xf));
	assert_int_equal(data[2], (2 + 4 + 80) >> 4);
	assert_memory_equal(data + 3, "_SB_\x08X___\x0b\x34\x12", 12);
	aml_destroy(a);
}

static int finish_error(struct aml *a)
{
	const uint8_t *data;
	size_t len;
	int ret = aml_finish(a, &data, &len);

	aml_destroy(a);
	return ret;
}

static void test_errors(void **state)
{
	struct aml *a;

	(void)state;
	a = aml_create();
	aml_device_open(a, "DEV0");
	assert_int_equal(finish_error(a), -EINVAL); /* never closed */
	a = aml_create();
	aml_close(a);
	assert_int_equal(finish_error(a), -EINVAL); /* nothing open */
	a = aml_create();
	aml_io16(a, 0x3f8, 8);
	assert_int_equal(finish_error(a), -EINVAL); /* outside a resource template */
	a = aml_create();
	aml_name(a, "bad name");
	assert_int_equal(finish_error(a), -EINVAL);
	a = aml_create();
	aml_method_open(a, "M", 8);
	assert_int_equal(finish_error(a), -EINVAL);
	a = aml_create();
	aml_package_open(a);
	for (unsigned i = 0; i < 256; i++)
		aml_integer(a, i);
	aml_close(a);
	assert_int_equal(finish_error(a), -E2BIG);
	a = aml_create();
	for (unsigned i = 0; i < 17; i++)
		aml_scope_open(a, "S");
	assert_int_equal(finish_error(a), -E2BIG);
}

static void test_checksum_and_header(void **state)
{
	static const struct acpi_oem oem = {.id = "FVP", .table_id = "TEST", .revision = 7};
	static const uint8_t body[4] = {0x12, 0x34, 0x56, 0x78};
	uint8_t t[40];
	uint8_t sum = 0;

	(void)state;
	acpi_header_init(t, "TEST", sizeof(t), 3, &oem);
	memcpy(t + 36, body, sizeof(body));
	acpi_table_seal(t);
	for (size_t i = 0; i < sizeof(t); i++)
		sum = (uint8_t)(sum + t[i]);
	assert_int_equal(sum, 0);
	assert_memory_equal(t, "TEST\x28\0\0\0\x03", 9);
	assert_memory_equal(t + 10, "FVP   TEST    \x07\0\0\0FVP ", 22);
	assert_int_equal(acpi_checksum((const uint8_t *)"\x01\x02", 2), 0xfd);
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void test_table_set(void **state)
{
	static const struct acpi_oem oem = {.id = "FVP", .table_id = "TEST", .revision = 1};
	struct acpi_tables *t = acpi_tables_create(0xe0000, 512);
	uint8_t table[40];
	uint64_t a1, a2;
	const uint8_t *d;

	(void)state;
	assert_null(acpi_tables_create(0xe0008, 512));
	acpi_header_init(table, "TST1", sizeof(table), 1, &oem);
	acpi_table_seal(table);
	assert_int_equal(acpi_tables_add(t, table, sizeof(table), 64, true, &a1), 0);
	assert_int_equal(acpi_tables_add(t, table, sizeof(table), 8, false, &a2), 0);
	assert_int_equal(a1, 0xe0040);
	assert_int_equal(a2, 0xe0068);
	assert_int_equal(acpi_tables_add(t, table, sizeof(table), 3, false, &a2), -EINVAL);
	assert_int_equal(acpi_tables_add(t, table, 1000, 8, false, &a2), -E2BIG);
	assert_int_equal(acpi_tables_finish(t, &oem), 0);
	d = acpi_tables_data(t);
	assert_memory_equal(d, "RSD PTR ", 8);
	assert_int_equal(acpi_checksum(d, 20), 0);
	assert_int_equal(acpi_checksum(d, 36), 0);
	assert_int_equal(d[15], 2);
	/* The XSDT lists the one root table. */
	const uint8_t *xsdt = d + (get64(d + 24) - 0xe0000);
	assert_memory_equal(xsdt, "XSDT\x2c\0\0\0", 8);
	assert_int_equal(get64(xsdt + 36), a1);
	assert_int_equal(acpi_checksum(xsdt, 44), 0);
	acpi_tables_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pkglen),    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_integers),  cmocka_unit_test(test_eisaid),
	    cmocka_unit_test(test_program),   cmocka_unit_test(test_long_scope),
	    cmocka_unit_test(test_errors),    cmocka_unit_test(test_checksum_and_header),
	    cmocka_unit_test(test_table_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
