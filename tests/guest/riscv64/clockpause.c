/*
 * clockpause.c - the guest's clock across a pause of the whole VM (the
 * control API's vm.pause and vm.resume, driven from the host by
 * tests/api/clock.py): mtime never goes back and never jumps.
 *
 * Runs for RUN_TICKS of guest time, reading mtime in a tight loop and
 * printing '.' every DOT_TICKS so the host sees it run and stop. A pause
 * freezes the virtual clock, so the largest step between two consecutive
 * reads stays far below JUMP_TICKS even when the host held the VM paused
 * for seconds; a clock that ran on while paused would show the whole pause
 * as one step. Fails with code 1 for a jump, 2 for a step backwards.
 */
#include "lib.h"

#define RUN_TICKS  (3 * TIMEBASE_HZ)	  /* 3 s of guest time */
#define DOT_TICKS  (TIMEBASE_HZ / 10)	  /* a dot every 100 ms */
#define JUMP_TICKS (6 * TIMEBASE_HZ / 10) /* 600 ms: far beyond a host hiccup */

int main(long hartid, unsigned long dtb)
{
	u64 start = mtime_read(), prev = start, next_dot = start, max_step = 0;

	gprintf("clockpause: start\n");
	while (prev - start < RUN_TICKS) {
		u64 now = mtime_read();

		if (now < prev) {
			gprintf("\nclockpause: mtime went back from %lu to %lu\n", prev, now);
			fail(2);
		}
		if (now - prev > max_step)
			max_step = now - prev;
		if (now >= next_dot) {
			uart_putc('.');
			next_dot = now + DOT_TICKS;
		}
		prev = now;
	}
	gprintf("\nclockpause: largest step %lu ticks\n", max_step);
	if (max_step > JUMP_TICKS) {
		gprintf("clockpause: mtime jumped by %lu ticks\n", max_step);
		fail(1);
	}
	return 0;
}
