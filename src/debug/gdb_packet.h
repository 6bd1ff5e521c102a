/*
 * gdb_packet.h - the framing of gdb's remote serial protocol, apart from any
 * socket or VM: $payload#checksum packets, '}' escapes, acks, Ctrl-C, hex.
 *
 * Invariants: a received payload is unescaped and NUL-terminated, at most
 * GDB_PACKET_MAX bytes; anything longer or with a bad checksum is reported as
 * such, never stored past the buffer.
 */
#ifndef FVP_DEBUG_GDB_PACKET_H
#define FVP_DEBUG_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_PACKET_MAX 16384 /* payload bytes either way (qSupported's PacketSize) */

enum gdb_rx_result {
	GDB_RX_MORE,	  /* nothing complete yet */
	GDB_RX_PACKET,	  /* rx->buf holds a payload of rx->len bytes */
	GDB_RX_BAD,	  /* checksum mismatch or overlong packet: answer '-' */
	GDB_RX_INTERRUPT, /* Ctrl-C (0x03) outside a packet */
	GDB_RX_ACK,	  /* '+' */
	GDB_RX_NACK,	  /* '-': resend the last packet */
};

struct gdb_rx {
	int state;
	bool overflow;
	bool escape;
	uint8_t sum;
	int csum_hi; /* the first checksum digit, -1 if not hex */
	size_t len;
	char buf[GDB_PACKET_MAX + 1];
};

void gdb_rx_init(struct gdb_rx *rx);
enum gdb_rx_result gdb_rx_feed(struct gdb_rx *rx, uint8_t byte);

/* Frame payload (len bytes) as $...#xx into out (escaping $ # } *); returns the frame's
 * length, or 0 if it does not fit in size. */
size_t gdb_frame(char *out, size_t size, const void *payload, size_t len);

/* Hex: gdb_hex_encode writes 2 * len characters and a NUL; gdb_hex_decode reads 2 * len
 * characters, returning 0 or -EINVAL. gdb_parse_hex reads a number up to the first non-hex
 * character (*end points there), -EINVAL if there is no digit or it overflows. */
void gdb_hex_encode(char *out, const uint8_t *bytes, size_t len);
int gdb_hex_decode(uint8_t *out, const char *hex, size_t len);
int gdb_parse_hex(const char *s, const char **end, uint64_t *val);

#endif
