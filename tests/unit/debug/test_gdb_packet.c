/*
 * Unit tests of the gdb stub's packet layer (src/debug/gdb_packet.c) and of the
 * breakpoint table and stop event the stub shares with the vCPUs (core/debug.c):
 * checksums, '}' escapes both ways, acks and Ctrl-C, bad checksums, overlong and
 * malformed packets (reported, never stored past the buffer), hex helpers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/debug.h"
#include "debug/gdb_packet.h"

/* Feed every byte of s; the result of the last one. */
static enum gdb_rx_result feed(struct gdb_rx *rx, const char *s, size_t n)
{
	enum gdb_rx_result r = GDB_RX_MORE;

	for (size_t i = 0; i < n; i++)
		r = gdb_rx_feed(rx, (uint8_t)s[i]);
	return r;
}

static void test_rx_checksum(void **state)
{
	static struct gdb_rx rx;

	(void)state;
	gdb_rx_init(&rx);
	assert_int_equal(feed(&rx, "$g#67", 5), GDB_RX_PACKET);
	assert_string_equal(rx.buf, "g");
	assert_int_equal(feed(&rx, "$qSupported#37", 14), GDB_RX_PACKET);
	assert_string_equal(rx.buf, "qSupported");
	/* checksum digits in either case */
	assert_int_equal(feed(&rx, "$vCont;c#A8", 11), GDB_RX_PACKET);
	/* a wrong checksum and a non-hex one */
	assert_int_equal(feed(&rx, "$g#68", 5), GDB_RX_BAD);
	assert_int_equal(feed(&rx, "$g#6z", 5), GDB_RX_BAD);
	assert_int_equal(feed(&rx, "$g#z7", 5), GDB_RX_BAD);
	/* the machine recovers: the next good packet is taken */
	assert_int_equal(feed(&rx, "$g#67", 5), GDB_RX_PACKET);
}

static void test_rx_controls(void **state)
{
	static struct gdb_rx rx;

	(void)state;
	gdb_rx_init(&rx);
	assert_int_equal(gdb_rx_feed(&rx, '+'), GDB_RX_ACK);
	assert_int_equal(gdb_rx_feed(&rx, '-'), GDB_RX_NACK);
	assert_int_equal(gdb_rx_feed(&rx, 0x03), GDB_RX_INTERRUPT);
	assert_int_equal(gdb_rx_feed(&rx, 'x'), GDB_RX_MORE); /* noise between packets */
	/* inside a packet 0x03 and '+' are data */
	assert_int_equal(feed(&rx, "$\x03+#2e", 6), GDB_RX_PACKET);
	assert_int_equal(rx.len, 2);
}

static void test_rx_escape(void **state)
{
	static struct gdb_rx rx;
	char frame[32];
	const uint8_t payload[] = {'X', '$', '#', '}', '*', 0, 'z'};
	size_t n = gdb_frame(frame, sizeof(frame), payload, sizeof(payload));

	(void)state;
	assert_true(n > 0);
	assert_null(memchr(frame + 1, '$', n - 1));
	assert_int_equal(memchr(frame, '#', n) - (void *)frame, (ptrdiff_t)n - 3);
	gdb_rx_init(&rx);
	assert_int_equal(feed(&rx, frame, n), GDB_RX_PACKET);
	assert_int_equal(rx.len, sizeof(payload));
	assert_memory_equal(rx.buf, payload, sizeof(payload));
}

static void test_rx_overlong(void **state)
{
	struct gdb_rx *rx = malloc(sizeof(*rx));
	char *big = malloc(GDB_PACKET_MAX + 16);

	(void)state;
	gdb_rx_init(rx);
	memset(big, 'a', GDB_PACKET_MAX + 16);
	assert_int_equal(gdb_rx_feed(rx, '$'), GDB_RX_MORE);
	assert_int_equal(feed(rx, big, GDB_PACKET_MAX + 16), GDB_RX_MORE);
	assert_true(rx->len <= GDB_PACKET_MAX);
	/* whatever the checksum says, an overlong packet is refused */
	assert_int_equal(feed(rx, "#00", 3), GDB_RX_BAD);
	assert_int_equal(feed(rx, "$g#67", 5), GDB_RX_PACKET);
	free(big);
	free(rx);
}

static void test_frame(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(gdb_frame(out, sizeof(out), "OK", 2), 6);
	assert_memory_equal(out, "$OK#9a", 6);
	assert_int_equal(gdb_frame(out, sizeof(out), "", 0), 4);
	assert_memory_equal(out, "$#00", 4);
	/* too small: nothing, not a truncated frame */
	assert_int_equal(gdb_frame(out, 5, "OK", 2), 0);
	assert_int_equal(gdb_frame(out, 3, "", 0), 0);
}

static void test_hex(void **state)
{
	const uint8_t bytes[] = {0x00, 0x7f, 0xab, 0xff};
	uint8_t back[4];
	char hex[9];
	const char *end;
	uint64_t v;

	(void)state;
	gdb_hex_encode(hex, bytes, sizeof(bytes));
	assert_string_equal(hex, "007fabff");
	assert_int_equal(gdb_hex_decode(back, "007FABff", 4), 0);
	assert_memory_equal(back, bytes, 4);
	assert_int_equal(gdb_hex_decode(back, "0g", 1), -EINVAL);
	assert_int_equal(gdb_hex_decode(back, "0", 1), -EINVAL); /* odd: NUL is no digit */
	assert_int_equal(gdb_parse_hex("80000108,4", &end, &v), 0);
	assert_int_equal(v, 0x80000108);
	assert_int_equal(*end, ',');
	assert_int_equal(gdb_parse_hex(",4", &end, &v), -EINVAL);
	assert_int_equal(gdb_parse_hex("ffffffffffffffff", &end, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(gdb_parse_hex("10000000000000000", &end, &v), -EINVAL);
}

static void test_breakpoints_and_events(void **state)
{
	struct vm_debug *d = vm_debug_create();
	struct debug_event ev = {.kind = DEBUG_STOP_BREAK, .cpu = 1, .addr = 0x1000};
	struct debug_event other = {.kind = DEBUG_STOP_INTERRUPT, .cpu = 0};

	(void)state;
	assert_non_null(d);
	assert_int_equal(debug_breakpoint_insert(d, 0x1000), 0);
	assert_int_equal(debug_breakpoint_insert(d, 0x1000), 0); /* twice: one entry */
	assert_int_equal(d->nbreakpoints, 1);
	assert_true(debug_breakpoint_at(d, 0x1000));
	assert_false(debug_breakpoint_at(d, 0x1002));
	for (uint64_t i = 1; i < DEBUG_MAX_BREAKPOINTS; i++)
		assert_int_equal(debug_breakpoint_insert(d, 0x2000 + 4 * i), 0);
	assert_int_equal(debug_breakpoint_insert(d, 0x9000), -ENOSPC);
	assert_int_equal(debug_breakpoint_remove(d, 0x1000), 0);
	assert_int_equal(debug_breakpoint_remove(d, 0x1000), -ENOENT);
	assert_false(debug_breakpoint_at(d, 0x1000));
	/* the first stop wins until the debugger resumes */
	assert_false(debug_event_pending(d));
	assert_true(debug_post_event(d, &ev));
	assert_false(debug_post_event(d, &other));
	assert_true(debug_event_pending(d));
	assert_int_equal(debug_peek_event(d).cpu, 1);
	assert_int_equal(debug_peek_event(d).addr, 0x1000);
	debug_begin_resume(d);
	assert_false(debug_event_pending(d));
	assert_int_equal(d->resume_epoch, 1);
	assert_true(debug_post_event(d, &other));
	assert_int_equal(debug_peek_event(d).kind, DEBUG_STOP_INTERRUPT);
	vm_debug_destroy(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rx_checksum),
	    cmocka_unit_test(test_rx_controls),
	    cmocka_unit_test(test_rx_escape),
	    cmocka_unit_test(test_rx_overlong),
	    cmocka_unit_test(test_frame),
	    cmocka_unit_test(test_hex),
	    cmocka_unit_test(test_breakpoints_and_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
