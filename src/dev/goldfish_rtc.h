/*
 * goldfish_rtc.h - the Goldfish real-time clock ("google,goldfish-rtc"):
 * host wall-clock time in ns, and a one-shot alarm with an interrupt.
 */
#ifndef FVP_DEV_GOLDFISH_RTC_H
#define FVP_DEV_GOLDFISH_RTC_H

#include "core/clock.h"
#include "core/memory.h"

#define GOLDFISH_RTC_MMIO_SIZE 0x1000

struct goldfish_rtc;

/* timers and clock may be NULL: the alarm then fires only when checked by a register access. */
struct goldfish_rtc *goldfish_rtc_create(struct timer_queue *timers, const struct vclock *clock,
					 struct irq_line irq);
void goldfish_rtc_destroy(struct goldfish_rtc *rtc);

/* The region's opaque is the struct goldfish_rtc. */
extern const struct mmio_ops goldfish_rtc_mmio_ops;

#endif
