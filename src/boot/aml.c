/*
 * aml.c - an AML writer (ACPI 6.x, chapter 20): the opcodes a board's DSDT
 * needs, in one growing byte buffer.
 *
 * A scope, device, method, package or resource template is open until
 * aml_close, which then knows its size and inserts what goes in front of its
 * body: the PkgLength (and a package's element count, a buffer's size).
 *
 * Invariants: the stack holds the open objects innermost last; a package's
 * count is the number of objects written directly inside it; after the
 * first error (kept in a->err) nothing more is written.
 */
#include "boot/acpi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define AML_MAX_DEPTH 16

enum aml_op {
	AML_ZERO = 0x00,
	AML_ONE = 0x01,
	AML_NAME_OP = 0x08,
	AML_BYTE_PREFIX = 0x0a,
	AML_WORD_PREFIX = 0x0b,
	AML_DWORD_PREFIX = 0x0c,
	AML_STRING_PREFIX = 0x0d,
	AML_QWORD_PREFIX = 0x0e,
	AML_SCOPE_OP = 0x10,
	AML_BUFFER_OP = 0x11,
	AML_PACKAGE_OP = 0x12,
	AML_METHOD_OP = 0x14,
	AML_DUAL_NAME = 0x2e,
	AML_MULTI_NAME = 0x2f,
	AML_EXT_PREFIX = 0x5b,
	AML_ROOT_CHAR = 0x5c,
	AML_PARENT_CHAR = 0x5e,
	AML_DEVICE_OP = 0x82, /* after AML_EXT_PREFIX */
	AML_RETURN_OP = 0xa4,
	AML_ONES = 0xff,
};

/* Resource descriptor tags (ACPI 6.x, 6.4). */
#define RES_IO		    0x47 /* small item 0x08, 7 bytes */
#define RES_END		    0x79 /* small item 0x0f, 1 byte */
#define RES_LARGE	    0x80
#define RES_MEMORY32_FIXED  (RES_LARGE | 0x06)
#define RES_EXTENDED_IRQ    (RES_LARGE | 0x09)
#define RES_IRQ_CONSUMER    0x01
#define RES_IO_DECODE16	    0x01
#define RES_MEMORY_WRITABLE 0x01
#define PKGLEN_MAX	    0x0fffffffu
#define NAMESEG_LEN	    4
#define METHOD_MAX_ARGS	    7

enum aml_kind { AML_OBJ_SCOPE, AML_OBJ_PACKAGE, AML_OBJ_BUFFER };

struct aml_open {
	enum aml_kind kind;
	size_t start; /* where the PkgLength goes */
	unsigned count;
};

struct aml {
	uint8_t *data;
	size_t len, cap;
	int err;
	struct aml_open stack[AML_MAX_DEPTH];
	unsigned depth;
};

struct aml *aml_create(void)
{
	return calloc(1, sizeof(struct aml));
}

void aml_destroy(struct aml *a)
{
	if (!a)
		return;
	free(a->data);
	free(a);
}

static void aml_fail(struct aml *a, int err)
{
	if (!a->err)
		a->err = err;
}

static bool aml_reserve(struct aml *a, size_t more)
{
	size_t cap = a->cap ? a->cap : 256;
	uint8_t *data;

	if (a->err)
		return false;
	if (a->len + more <= a->cap)
		return true;
	while (cap < a->len + more)
		cap *= 2;
	data = realloc(a->data, cap);
	if (!data) {
		aml_fail(a, -ENOMEM);
		return false;
	}
	a->data = data;
	a->cap = cap;
	return true;
}

static void aml_bytes(struct aml *a, const uint8_t *p, size_t n)
{
	if (!aml_reserve(a, n))
		return;
	memcpy(a->data + a->len, p, n);
	a->len += n;
}

static void aml_byte(struct aml *a, uint8_t b)
{
	aml_bytes(a, &b, 1);
}

static void aml_insert(struct aml *a, size_t at, const uint8_t *p, size_t n)
{
	if (!aml_reserve(a, n))
		return;
	memmove(a->data + at + n, a->data + at, a->len - at);
	memcpy(a->data + at, p, n);
	a->len += n;
}

/* A data object starts: it is one more element of an enclosing package. */
static void aml_object(struct aml *a)
{
	if (a->depth && a->stack[a->depth - 1].kind == AML_OBJ_PACKAGE)
		a->stack[a->depth - 1].count++;
}

static void aml_push(struct aml *a, enum aml_kind kind)
{
	if (a->depth == AML_MAX_DEPTH) {
		aml_fail(a, -E2BIG);
		return;
	}
	a->stack[a->depth++] = (struct aml_open){.kind = kind, .start = a->len};
}

unsigned aml_pkglen_encode(size_t body_len, uint8_t out[4])
{
	unsigned n;
	size_t total = 0;

	if (body_len + 1 <= 0x3f) {
		out[0] = (uint8_t)(body_len + 1);
		return 1;
	}
	for (n = 2; n <= 4; n++) {
		total = body_len + n;
		if (total < 1ull << (4 + 8 * (n - 1)))
			break;
	}
	if (n > 4 || total > PKGLEN_MAX)
		return 0;
	out[0] = (uint8_t)((n - 1) << 6 | (total & 0xf));
	for (unsigned i = 1; i < n; i++)
		out[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
	return n;
}

static bool nameseg_char(char c, bool first)
{
	return (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
}

/* One NameSeg from *p (1-4 characters, padded with '_'); *p moves past it. */
static int nameseg_encode(const char **p, uint8_t *out)
{
	const char *s = *p;
	unsigned n = 0;

	while (n < NAMESEG_LEN && nameseg_char(s[n], n == 0))
		n++;
	if (!n || (s[n] && s[n] != '.'))
		return -EINVAL;
	memcpy(out, s, n);
	memset(out + n, '_', NAMESEG_LEN - n);
	*p = s + n;
	return 0;
}

int aml_namestring_encode(const char *path, uint8_t *out, size_t cap)
{
	uint8_t segs[255 * NAMESEG_LEN];
	size_t len = 0, nsegs = 0;

	if (!cap)
		return -EINVAL;
	if (*path == '\\') {
		out[len++] = AML_ROOT_CHAR;
		path++;
	} else {
		for (; *path == '^'; path++) {
			if (len == cap)
				return -EINVAL;
			out[len++] = AML_PARENT_CHAR;
		}
	}
	do {
		if (nsegs == 255 || nameseg_encode(&path, segs + nsegs * NAMESEG_LEN))
			return -EINVAL;
		nsegs++;
	} while (*path++ == '.');
	if (len + (nsegs == 1 ? 0 : nsegs == 2 ? 1 : 2) + nsegs * NAMESEG_LEN > cap)
		return -EINVAL;
	if (nsegs == 2)
		out[len++] = AML_DUAL_NAME;
	if (nsegs > 2) {
		out[len++] = AML_MULTI_NAME;
		out[len++] = (uint8_t)nsegs;
	}
	memcpy(out + len, segs, nsegs * NAMESEG_LEN);
	return (int)(len + nsegs * NAMESEG_LEN);
}

unsigned aml_integer_encode(uint64_t value, uint8_t out[9])
{
	static const struct {
		uint64_t max;
		uint8_t prefix;
		unsigned bytes;
	} forms[] = {
	    {0xff, AML_BYTE_PREFIX, 1},
	    {0xffff, AML_WORD_PREFIX, 2},
	    {0xffffffff, AML_DWORD_PREFIX, 4},
	    {UINT64_MAX, AML_QWORD_PREFIX, 8},
	};
	unsigned i = 0;

	if (value <= 1 || value == UINT64_MAX) {
		out[0] = value == 0 ? AML_ZERO : value == 1 ? AML_ONE : AML_ONES;
		return 1;
	}
	while (value > forms[i].max)
		i++;
	out[0] = forms[i].prefix;
	for (unsigned b = 0; b < forms[i].bytes; b++)
		out[1 + b] = (uint8_t)(value >> (8 * b));
	return 1 + forms[i].bytes;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int64_t aml_eisaid_encode(const char *id)
{
	uint32_t v = 0;

	if (strlen(id) != 7)
		return -EINVAL;
	for (unsigned i = 0; i < 3; i++) {
		if (id[i] < 'A' || id[i] > 'Z')
			return -EINVAL;
		v |= (uint32_t)(id[i] - '@') << (26 - 5 * i);
	}
	for (unsigned i = 3; i < 7; i++) {
		int d = hex_digit(id[i]);

		if (d < 0)
			return -EINVAL;
		v |= (uint32_t)d << (4 * (6 - i));
	}
	return __builtin_bswap32(v);
}

static void aml_namestring(struct aml *a, const char *path)
{
	uint8_t buf[2 + 255 * NAMESEG_LEN];
	int n = aml_namestring_encode(path, buf, sizeof(buf));

	if (n < 0)
		aml_fail(a, n);
	else
		aml_bytes(a, buf, (size_t)n);
}

/* A named object with a PkgLength: opcode bytes, then (at close) the length, then the name. */
static void aml_named_open(struct aml *a, const uint8_t *op, size_t oplen, const char *path)
{
	aml_bytes(a, op, oplen);
	aml_push(a, AML_OBJ_SCOPE);
	aml_namestring(a, path);
}

void aml_scope_open(struct aml *a, const char *path)
{
	static const uint8_t op[] = {AML_SCOPE_OP};

	aml_named_open(a, op, sizeof(op), path);
}

void aml_device_open(struct aml *a, const char *path)
{
	static const uint8_t op[] = {AML_EXT_PREFIX, AML_DEVICE_OP};

	aml_named_open(a, op, sizeof(op), path);
}

void aml_method_open(struct aml *a, const char *path, unsigned nargs)
{
	static const uint8_t op[] = {AML_METHOD_OP};

	if (nargs > METHOD_MAX_ARGS) {
		aml_fail(a, -EINVAL);
		return;
	}
	aml_named_open(a, op, sizeof(op), path);
	aml_byte(a, (uint8_t)nargs); /* flags: not serialized, sync level 0 */
}

void aml_package_open(struct aml *a)
{
	aml_object(a);
	aml_byte(a, AML_PACKAGE_OP);
	aml_push(a, AML_OBJ_PACKAGE);
	aml_byte(a, 0); /* NumElements, set at close */
}

void aml_resources_open(struct aml *a)
{
	aml_object(a);
	aml_byte(a, AML_BUFFER_OP);
	aml_push(a, AML_OBJ_BUFFER);
}

void aml_close(struct aml *a)
{
	static const uint8_t end_tag[] = {RES_END, 0}; /* checksum 0: "the sum is right" */
	struct aml_open *o;
	uint8_t len[9];
	unsigned n;

	if (a->err)
		return;
	if (!a->depth) {
		aml_fail(a, -EINVAL);
		return;
	}
	o = &a->stack[--a->depth];
	if (o->kind == AML_OBJ_PACKAGE) {
		if (o->count > 255) {
			aml_fail(a, -E2BIG);
			return;
		}
		a->data[o->start] = (uint8_t)o->count;
	} else if (o->kind == AML_OBJ_BUFFER) {
		aml_bytes(a, end_tag, sizeof(end_tag));
		n = aml_integer_encode(a->len - o->start, len);
		aml_insert(a, o->start, len, n);
	}
	n = aml_pkglen_encode(a->len - o->start, len);
	if (!n)
		aml_fail(a, -E2BIG);
	else
		aml_insert(a, o->start, len, n);
}

void aml_name(struct aml *a, const char *path)
{
	aml_byte(a, AML_NAME_OP);
	aml_namestring(a, path);
}

void aml_return(struct aml *a)
{
	aml_byte(a, AML_RETURN_OP);
}

void aml_integer(struct aml *a, uint64_t value)
{
	uint8_t buf[9];
	unsigned n = aml_integer_encode(value, buf);

	aml_object(a);
	aml_bytes(a, buf, n);
}

void aml_string(struct aml *a, const char *s)
{
	aml_object(a);
	aml_byte(a, AML_STRING_PREFIX);
	aml_bytes(a, (const uint8_t *)s, strlen(s) + 1);
}

void aml_eisaid(struct aml *a, const char *id)
{
	int64_t v = aml_eisaid_encode(id);
	uint8_t buf[5] = {AML_DWORD_PREFIX};

	if (v < 0) {
		aml_fail(a, (int)v);
		return;
	}
	aml_object(a);
	acpi_put32(buf + 1, (uint32_t)v);
	aml_bytes(a, buf, sizeof(buf));
}

/* Descriptors belong inside a resource template. */
static bool in_resources(struct aml *a)
{
	if (a->depth && a->stack[a->depth - 1].kind == AML_OBJ_BUFFER)
		return true;
	aml_fail(a, -EINVAL);
	return false;
}

void aml_io16(struct aml *a, uint16_t base, uint8_t len)
{
	uint8_t d[8] = {RES_IO, RES_IO_DECODE16};

	if (!in_resources(a))
		return;
	acpi_put16(d + 2, base); /* minimum */
	acpi_put16(d + 4, base); /* maximum */
	d[6] = 1;		 /* alignment */
	d[7] = len;
	aml_bytes(a, d, sizeof(d));
}

void aml_memory32_fixed(struct aml *a, uint32_t base, uint32_t len, bool writable)
{
	uint8_t d[12] = {RES_MEMORY32_FIXED, 9, 0};

	if (!in_resources(a))
		return;
	d[3] = writable ? RES_MEMORY_WRITABLE : 0;
	acpi_put32(d + 4, base);
	acpi_put32(d + 8, len);
	aml_bytes(a, d, sizeof(d));
}

void aml_interrupt(struct aml *a, uint32_t gsi, unsigned flags)
{
	uint8_t d[9] = {RES_EXTENDED_IRQ, 6, 0};

	if (!in_resources(a))
		return;
	d[3] = (uint8_t)(RES_IRQ_CONSUMER |
			 (flags & (AML_IRQ_EDGE | AML_IRQ_ACTIVE_LOW | AML_IRQ_SHARED)));
	d[4] = 1; /* one interrupt number follows */
	acpi_put32(d + 5, gsi);
	aml_bytes(a, d, sizeof(d));
}

int aml_finish(struct aml *a, const uint8_t **data, size_t *len)
{
	if (!a->err && a->depth)
		a->err = -EINVAL;
	if (a->err)
		return a->err;
	*data = a->data;
	*len = a->len;
	return 0;
}
