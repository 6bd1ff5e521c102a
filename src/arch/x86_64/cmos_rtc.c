/*
 * cmos_rtc.c - the CMOS RTC (cmos_rtc.h): seconds, minutes, hours, weekday, day, month, year
 * (registers 0, 2, 4, 6-9) and century (0x32) from the host's wall clock (UTC) plus an offset
 * the guest sets by writing them, in BCD or binary and 12- or 24-hour form as register B says
 * (bit 2 binary, bit 1 24-hour); status A (divider, UIP always clear: no update is ever in
 * progress), B, C (flags, cleared by reading; no interrupts are raised), D (valid RAM and
 * time); the other bytes are battery-backed RAM. The alarm registers are kept, never fire.
 * Bit 7 of the index port (NMI disable) is accepted and ignored.
 *
 * Invariants: state under rtc->lock (vCPU threads only, but any of them).
 */
#include "arch/x86_64/cmos_rtc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#define REG_SEC	    0x00
#define REG_MIN	    0x02
#define REG_HOUR    0x04
#define REG_WDAY    0x06
#define REG_MDAY    0x07
#define REG_MONTH   0x08
#define REG_YEAR    0x09
#define REG_A	    0x0a
#define REG_B	    0x0b
#define REG_C	    0x0c
#define REG_D	    0x0d
#define REG_CENTURY 0x32
#define B_24H	    0x02
#define B_BINARY    0x04
#define D_VRT	    0x80
#define HOUR_PM	    0x80

struct cmos_rtc {
	pthread_mutex_t lock;
	int64_t (*now)(void);
	int64_t offset; /* guest seconds - host seconds */
	uint8_t index;
	uint8_t ram[128];
};

static int64_t host_time(void)
{
	return (int64_t)time(NULL);
}

static uint8_t to_bcd(unsigned v)
{
	return (uint8_t)((v / 10) << 4 | v % 10);
}

static unsigned from_bcd(uint8_t v)
{
	return (v >> 4) * 10u + (v & 15u);
}

static uint8_t encode(const struct cmos_rtc *rtc, unsigned v)
{
	return rtc->ram[REG_B] & B_BINARY ? (uint8_t)v : to_bcd(v);
}

static unsigned decode(const struct cmos_rtc *rtc, uint8_t v)
{
	return rtc->ram[REG_B] & B_BINARY ? v : from_bcd(v);
}

static void guest_tm(const struct cmos_rtc *rtc, struct tm *tm)
{
	time_t t = (time_t)(rtc->now() + rtc->offset);

	gmtime_r(&t, tm);
}

static uint8_t encode_hour(const struct cmos_rtc *rtc, unsigned hour)
{
	unsigned h12 = hour % 12 ? hour % 12 : 12;

	if (rtc->ram[REG_B] & B_24H)
		return encode(rtc, hour);
	return (uint8_t)(encode(rtc, h12) | (hour >= 12 ? HOUR_PM : 0));
}

static unsigned decode_hour(const struct cmos_rtc *rtc, uint8_t v)
{
	unsigned h;

	if (rtc->ram[REG_B] & B_24H)
		return decode(rtc, v);
	h = decode(rtc, v & 0x7f) % 12;
	return v & HOUR_PM ? h + 12 : h;
}

static uint8_t read_time_locked(const struct cmos_rtc *rtc, unsigned reg)
{
	struct tm tm;
	unsigned year;

	guest_tm(rtc, &tm);
	year = (unsigned)tm.tm_year + 1900;
	switch (reg) {
	case REG_SEC:
		return encode(rtc, (unsigned)tm.tm_sec % 60);
	case REG_MIN:
		return encode(rtc, (unsigned)tm.tm_min);
	case REG_HOUR:
		return encode_hour(rtc, (unsigned)tm.tm_hour);
	case REG_WDAY:
		return encode(rtc, (unsigned)tm.tm_wday + 1);
	case REG_MDAY:
		return encode(rtc, (unsigned)tm.tm_mday);
	case REG_MONTH:
		return encode(rtc, (unsigned)tm.tm_mon + 1);
	case REG_YEAR:
		return encode(rtc, year % 100);
	default: /* REG_CENTURY */
		return encode(rtc, year / 100);
	}
}

static bool is_time_reg(unsigned reg)
{
	return reg == REG_SEC || reg == REG_MIN || reg == REG_HOUR || reg == REG_WDAY ||
	       (reg >= REG_MDAY && reg <= REG_YEAR) || reg == REG_CENTURY;
}

/* A date or time register written: the guest's clock moves by the difference. */
static void write_time_locked(struct cmos_rtc *rtc, unsigned reg, uint8_t v)
{
	struct tm tm;
	unsigned year;
	time_t t;

	guest_tm(rtc, &tm);
	year = (unsigned)tm.tm_year + 1900;
	if (reg == REG_SEC)
		tm.tm_sec = (int)decode(rtc, v);
	else if (reg == REG_MIN)
		tm.tm_min = (int)decode(rtc, v);
	else if (reg == REG_HOUR)
		tm.tm_hour = (int)decode_hour(rtc, v);
	else if (reg == REG_MDAY)
		tm.tm_mday = (int)decode(rtc, v);
	else if (reg == REG_MONTH)
		tm.tm_mon = (int)decode(rtc, v) - 1;
	else if (reg == REG_YEAR)
		tm.tm_year = (int)(year / 100 * 100 + decode(rtc, v)) - 1900;
	else if (reg == REG_CENTURY)
		tm.tm_year = (int)(decode(rtc, v) * 100 + year % 100) - 1900;
	else
		return; /* the weekday follows from the date */
	t = timegm(&tm);
	if (t != (time_t)-1)
		rtc->offset = (int64_t)t - rtc->now();
}

static uint64_t cmos_read(void *opaque, uint64_t offset, unsigned size)
{
	struct cmos_rtc *rtc = opaque;
	unsigned reg;
	uint8_t v;

	(void)size;
	if (offset == 0)
		return 0xff; /* the index port is write-only */
	pthread_mutex_lock(&rtc->lock);
	reg = rtc->index;
	if (is_time_reg(reg)) {
		v = read_time_locked(rtc, reg);
	} else {
		v = rtc->ram[reg];
		if (reg == REG_C)
			rtc->ram[REG_C] = 0;
	}
	pthread_mutex_unlock(&rtc->lock);
	return v;
}

static void cmos_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct cmos_rtc *rtc = opaque;
	uint8_t v = (uint8_t)value;

	(void)size;
	pthread_mutex_lock(&rtc->lock);
	if (offset == 0) {
		rtc->index = v & 0x7f;
	} else if (is_time_reg(rtc->index)) {
		write_time_locked(rtc, rtc->index, v);
	} else if (rtc->index == REG_A) {
		rtc->ram[REG_A] = v & 0x7f; /* UIP is read-only */
	} else if (rtc->index != REG_C && rtc->index != REG_D) {
		rtc->ram[rtc->index] = v;
	}
	pthread_mutex_unlock(&rtc->lock);
}

const struct mmio_ops cmos_rtc_mmio_ops = {
    .read = cmos_read,
    .write = cmos_write,
};

struct cmos_rtc *cmos_rtc_create(int64_t (*now)(void))
{
	struct cmos_rtc *rtc = calloc(1, sizeof(*rtc));

	if (!rtc)
		return NULL;
	if (pthread_mutex_init(&rtc->lock, NULL)) {
		free(rtc);
		return NULL;
	}
	rtc->now = now ? now : host_time;
	rtc->ram[REG_A] = 0x26; /* 32.768 kHz time base, 1024 Hz periodic rate */
	rtc->ram[REG_B] = B_24H;
	rtc->ram[REG_D] = D_VRT;
	return rtc;
}

void cmos_rtc_destroy(struct cmos_rtc *rtc)
{
	if (!rtc)
		return;
	pthread_mutex_destroy(&rtc->lock);
	free(rtc);
}
