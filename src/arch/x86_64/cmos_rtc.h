/*
 * cmos_rtc.h - the MC146818 CMOS real-time clock of a PC: index port 0x70, data port 0x71.
 */
#ifndef FVP_ARCH_X86_64_CMOS_RTC_H
#define FVP_ARCH_X86_64_CMOS_RTC_H

#include <stdint.h>
#include "core/memory.h"

#define CMOS_PORT  0x70
#define CMOS_PORTS 2

struct cmos_rtc;

/* now: the host's wall clock in seconds since 1970 (UTC); NULL for time(). */
struct cmos_rtc *cmos_rtc_create(int64_t (*now)(void));
void cmos_rtc_destroy(struct cmos_rtc *rtc);

extern const struct mmio_ops cmos_rtc_mmio_ops;

#endif
