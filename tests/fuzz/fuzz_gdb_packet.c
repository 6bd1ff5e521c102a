/*
 * fuzz_gdb_packet.c - libFuzzer target for the gdb stub's packet layer
 * (src/debug/gdb_packet.c): arbitrary bytes as they come off the socket,
 * fed one at a time to the receiver, and the hex helpers on every payload.
 *
 * Invariants checked (by ASan/UBSan and by assertions): a payload is at most
 * GDB_PACKET_MAX bytes and NUL-terminated; framing a received payload and
 * receiving the frame gives the same payload back; after a bad or overlong
 * packet the receiver takes the next one; hex decoding reads only what it is
 * told and a number parse stops inside the payload.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "debug/gdb_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gdb_rx rx, again;
static char frame[2 * GDB_PACKET_MAX + 8];
static uint8_t bytes[GDB_PACKET_MAX / 2 + 1];

/* Frame the payload rx holds, receive the frame: the same payload comes back. */
static void check_round_trip(void)
{
	size_t n = gdb_frame(frame, sizeof(frame), rx.buf, rx.len);
	enum gdb_rx_result r = GDB_RX_MORE;

	assert(n > 0);
	gdb_rx_init(&again);
	for (size_t i = 0; i < n; i++) {
		r = gdb_rx_feed(&again, (uint8_t)frame[i]);
		assert(i + 1 == n || r == GDB_RX_MORE);
	}
	assert(r == GDB_RX_PACKET && again.len == rx.len && !memcmp(again.buf, rx.buf, rx.len));
}

static void check_hex(void)
{
	const char *end = NULL;
	uint64_t v;

	if (gdb_parse_hex(rx.buf, &end, &v) == 0)
		assert(end > rx.buf && end <= rx.buf + rx.len);
	if (rx.len % 2 == 0)
		(void)gdb_hex_decode(bytes, rx.buf, rx.len / 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gdb_rx_init(&rx);
	for (size_t i = 0; i < size; i++) {
		if (gdb_rx_feed(&rx, data[i]) != GDB_RX_PACKET)
			continue;
		assert(rx.len <= GDB_PACKET_MAX && rx.buf[rx.len] == '\0');
		check_hex();
		check_round_trip();
	}
	return 0;
}
