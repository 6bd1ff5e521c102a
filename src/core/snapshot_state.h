/*
 * snapshot_state.h - the payload of one snapshot record as a component writes and reads it:
 * a sequence of little-endian 64-bit integers and byte strings, in an order the component
 * defines. The encoder grows its buffer; the decoder never reads past its payload and
 * remembers a short read, so a component checks once, with snap_dec_finish, that the
 * payload held exactly what it expected.
 */
#ifndef FVP_CORE_SNAPSHOT_STATE_H
#define FVP_CORE_SNAPSHOT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"

struct snap_enc {
	uint8_t *buf;
	size_t len;
	size_t cap;
	bool failed; /* out of memory: the payload is incomplete */
};

struct snap_dec {
	const uint8_t *buf;
	size_t len;
	size_t at;
	bool failed; /* a read went past the end, or a string did not fit */
};

void snap_enc_init(struct snap_enc *e);
void snap_enc_free(struct snap_enc *e);
void snap_enc_u64(struct snap_enc *e, uint64_t v);
/* A length, then the bytes padded to 8. */
void snap_enc_bytes(struct snap_enc *e, const void *data, size_t len);
void snap_enc_str(struct snap_enc *e, const char *s);

void snap_dec_init(struct snap_dec *d, const void *payload, size_t len);
uint64_t snap_dec_u64(struct snap_dec *d);
/* Bytes written with snap_enc_bytes, at most max of them, into out; returns how many (0 and
 * the decoder failed if there were more). */
size_t snap_dec_bytes(struct snap_dec *d, void *out, size_t max);
/* A string of fewer than size bytes, NUL-terminated into out. */
void snap_dec_str(struct snap_dec *d, char *out, size_t size);
/* 0 if every read succeeded and the payload is used up, else -EINVAL. */
int snap_dec_finish(const struct snap_dec *d) __must_check;

#endif
