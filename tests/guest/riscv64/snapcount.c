/*
 * snapcount.c - the guest of the snapshot test (tests/api/snapshot.py): counts from 0 to
 * LAST, one "count N" line every STEP_TICKS of guest time, so the host can snapshot it in
 * the middle, kill it, restore the file in a new fvp and see the count go on where it
 * stood instead of starting over.
 *
 * It also checks what a restore must keep: RAM (a 1 MiB table filled at the start is
 * verified at the end: fail 1), and the clock (mtime never goes back: fail 2; it never
 * jumps by more than JUMP_TICKS between two reads: fail 3, as it would if the time the
 * snapshot spent on disk showed up in the guest).
 */
#include "lib.h"

#define LAST	    40
#define STEP_TICKS  (TIMEBASE_HZ / 20) /* 50 ms of guest time per count */
#define JUMP_TICKS  (TIMEBASE_HZ / 2)  /* 500 ms: far beyond a host hiccup */
#define TABLE_WORDS (1u << 17)	       /* 1 MiB */

static u64 table[TABLE_WORDS];

/* Wait STEP_TICKS of guest time, checking each mtime step. */
static void step(void)
{
	u64 start = mtime_read(), prev = start;

	while (prev - start < STEP_TICKS) {
		u64 now = mtime_read();

		if (now < prev) {
			gprintf("\nsnapcount: mtime went back from %lu to %lu\n", prev, now);
			fail(2);
		}
		if (now - prev > JUMP_TICKS) {
			gprintf("\nsnapcount: mtime jumped by %lu ticks\n", now - prev);
			fail(3);
		}
		prev = now;
	}
}

int main(long hartid, unsigned long dtb)
{
	for (u64 i = 0; i < TABLE_WORDS; i++)
		table[i] = i * 0x9e3779b97f4a7c15ull;
	for (int n = 0; n <= LAST; n++) {
		gprintf("count %d\n", n);
		step();
	}
	for (u64 i = 0; i < TABLE_WORDS; i++) {
		if (table[i] != i * 0x9e3779b97f4a7c15ull) {
			gprintf("snapcount: RAM word %lu lost\n", i);
			fail(1);
		}
	}
	gprintf("snapcount: done\n");
	return 0;
}
