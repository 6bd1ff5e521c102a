/*
 * gdb_packet.c - gdb remote protocol framing (see gdb_packet.h).
 *
 * Receive: a byte-at-a-time state machine: idle (acks, Ctrl-C, noise) -> '$' ->
 * payload (checksum over the raw bytes, '}' unescaped on the way) -> '#' -> two
 * checksum digits. gdb never sends run-length encoding; the stub never uses it.
 */
#include <errno.h>
#include <string.h>
#include "core/hex.h"
#include "debug/gdb_packet.h"

enum { RX_IDLE, RX_DATA, RX_CSUM1, RX_CSUM2 };

static const char hexdigits[] = "0123456789abcdef";

void gdb_rx_init(struct gdb_rx *rx)
{
	rx->state = RX_IDLE;
	rx->len = 0;
	rx->buf[0] = '\0';
}

static enum gdb_rx_result rx_idle(struct gdb_rx *rx, uint8_t byte)
{
	switch (byte) {
	case '$':
		rx->state = RX_DATA;
		rx->len = 0;
		rx->sum = 0;
		rx->overflow = false;
		rx->escape = false;
		return GDB_RX_MORE;
	case 0x03:
		return GDB_RX_INTERRUPT;
	case '+':
		return GDB_RX_ACK;
	case '-':
		return GDB_RX_NACK;
	default:
		return GDB_RX_MORE; /* noise between packets */
	}
}

static void rx_data(struct gdb_rx *rx, uint8_t byte)
{
	if (byte == '#') {
		rx->state = RX_CSUM1;
		return;
	}
	rx->sum = (uint8_t)(rx->sum + byte);
	if (rx->escape) {
		byte ^= 0x20;
		rx->escape = false;
	} else if (byte == '}') {
		rx->escape = true;
		return;
	}
	if (rx->len == GDB_PACKET_MAX)
		rx->overflow = true;
	else
		rx->buf[rx->len++] = (char)byte;
}

enum gdb_rx_result gdb_rx_feed(struct gdb_rx *rx, uint8_t byte)
{
	int v;

	switch (rx->state) {
	case RX_IDLE:
		return rx_idle(rx, byte);
	case RX_DATA:
		rx_data(rx, byte);
		return GDB_RX_MORE;
	case RX_CSUM1:
		rx->csum_hi = hex_digit_value(byte);
		rx->state = RX_CSUM2;
		return GDB_RX_MORE;
	default:
		v = hex_digit_value(byte);
		rx->state = RX_IDLE;
		rx->buf[rx->len] = '\0';
		if (v < 0 || rx->csum_hi < 0 || rx->overflow || ((rx->csum_hi << 4) | v) != rx->sum)
			return GDB_RX_BAD;
		return GDB_RX_PACKET;
	}
}

size_t gdb_frame(char *out, size_t size, const void *payload, size_t len)
{
	const uint8_t *p = payload;
	uint8_t sum = 0;
	size_t n = 0;

	if (size < 4)
		return 0;
	out[n++] = '$';
	for (size_t i = 0; i < len; i++) {
		uint8_t c = p[i];
		bool esc = c == '$' || c == '#' || c == '}' || c == '*';

		if (n + (esc ? 2 : 1) + 3 > size)
			return 0;
		if (esc) {
			out[n++] = '}';
			sum = (uint8_t)(sum + '}');
			c ^= 0x20;
		}
		out[n++] = (char)c;
		sum = (uint8_t)(sum + c);
	}
	out[n++] = '#';
	out[n++] = hexdigits[sum >> 4];
	out[n++] = hexdigits[sum & 15];
	return n;
}

void gdb_hex_encode(char *out, const uint8_t *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hexdigits[bytes[i] >> 4];
		out[2 * i + 1] = hexdigits[bytes[i] & 15];
	}
	out[2 * len] = '\0';
}

int gdb_hex_decode(uint8_t *out, const char *hex, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int hi = hex_digit_value(hex[2 * i]),
		    lo = hi < 0 ? -1 : hex_digit_value(hex[2 * i + 1]);

		if (lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int gdb_parse_hex(const char *s, const char **end, uint64_t *val)
{
	uint64_t v = 0;
	const char *p = s;
	int d;

	while ((d = hex_digit_value(*p)) >= 0) {
		if (v >> 60)
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
		p++;
	}
	if (p == s)
		return -EINVAL;
	*end = p;
	*val = v;
	return 0;
}
