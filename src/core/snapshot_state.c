/*
 * snapshot_state.c - record payload encoding (snapshot_state.h). Integers are 8 bytes
 * little-endian; byte strings are a length and the bytes padded to 8, so every field stays
 * 8-byte aligned within the payload.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core/snapshot_state.h"

void snap_enc_init(struct snap_enc *e)
{
	*e = (struct snap_enc){0};
}

void snap_enc_free(struct snap_enc *e)
{
	free(e->buf);
	*e = (struct snap_enc){0};
}

static uint8_t *snap_enc_room(struct snap_enc *e, size_t n)
{
	if (e->failed)
		return NULL;
	if (e->len + n > e->cap) {
		size_t cap = e->cap ? e->cap : 256;
		uint8_t *grown;

		while (cap < e->len + n)
			cap *= 2;
		grown = realloc(e->buf, cap);
		if (!grown) {
			e->failed = true;
			return NULL;
		}
		e->buf = grown;
		e->cap = cap;
	}
	e->len += n;
	return e->buf + e->len - n;
}

void snap_enc_u64(struct snap_enc *e, uint64_t v)
{
	uint8_t *p = snap_enc_room(e, sizeof(v));

	v = htole64(v);
	if (p)
		memcpy(p, &v, sizeof(v));
}

void snap_enc_bytes(struct snap_enc *e, const void *data, size_t len)
{
	size_t padded = (len + 7) & ~(size_t)7;
	uint8_t *p;

	snap_enc_u64(e, len);
	p = snap_enc_room(e, padded);
	if (!p)
		return;
	memset(p, 0, padded);
	if (len)
		memcpy(p, data, len);
}

void snap_enc_str(struct snap_enc *e, const char *s)
{
	snap_enc_bytes(e, s, strlen(s));
}

void snap_dec_init(struct snap_dec *d, const void *payload, size_t len)
{
	*d = (struct snap_dec){.buf = payload, .len = len};
}

static const uint8_t *snap_dec_take(struct snap_dec *d, size_t n)
{
	if (d->failed || n > d->len - d->at) {
		d->failed = true;
		return NULL;
	}
	d->at += n;
	return d->buf + d->at - n;
}

uint64_t snap_dec_u64(struct snap_dec *d)
{
	const uint8_t *p = snap_dec_take(d, sizeof(uint64_t));
	uint64_t v;

	if (!p)
		return 0;
	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

/* The length of a byte string, which must be below limit; its padded bytes follow. */
static const uint8_t *snap_dec_string(struct snap_dec *d, size_t *len, size_t limit)
{
	uint64_t n = snap_dec_u64(d);

	if (d->failed || n >= limit) {
		d->failed = true;
		return NULL;
	}
	*len = (size_t)n;
	return snap_dec_take(d, ((size_t)n + 7) & ~(size_t)7);
}

size_t snap_dec_bytes(struct snap_dec *d, void *out, size_t max)
{
	size_t got;
	const uint8_t *p = snap_dec_string(d, &got, max + 1);

	if (!p)
		return 0;
	if (got)
		memcpy(out, p, got);
	return got;
}

void snap_dec_str(struct snap_dec *d, char *out, size_t size)
{
	size_t got;
	const uint8_t *p = snap_dec_string(d, &got, size);

	if (!p) {
		out[0] = '\0';
		return;
	}
	memcpy(out, p, got);
	out[got] = '\0';
}

int snap_dec_finish(const struct snap_dec *d)
{
	return d->failed || d->at != d->len ? -EINVAL : 0;
}
