/*
 * goldfish_rtc.c - the Goldfish RTC: TIME_LOW/TIME_HIGH read host wall-clock
 * ns (plus an offset the guest may set), and a one-shot alarm that raises
 * the interrupt line when the time passes it.
 *
 * Invariants: state is under rtc->lock (MMIO on vCPU threads, the alarm
 * timer on the timer thread); reading TIME_LOW latches the high half that
 * TIME_HIGH returns, so a low-then-high read pair is consistent; the line
 * is high exactly while an alarm interrupt is pending and enabled.
 */
#include "dev/goldfish_rtc.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include "core/log.h"
#include "core/snapshot_state.h"

enum goldfish_rtc_reg {
	RTC_TIME_LOW = 0x00,
	RTC_TIME_HIGH = 0x04,
	RTC_ALARM_LOW = 0x08,
	RTC_ALARM_HIGH = 0x0c,
	RTC_IRQ_ENABLED = 0x10,
	RTC_CLEAR_ALARM = 0x14,
	RTC_ALARM_STATUS = 0x18,
	RTC_CLEAR_INTERRUPT = 0x1c,
};

struct goldfish_rtc {
	pthread_mutex_t lock;
	struct irq_line irq;
	const struct vclock *clock;
	struct vtimer *timer;
	int64_t offset_ns; /* guest time minus host wall-clock time */
	uint32_t latched_high;
	uint32_t set_high; /* high half of the next TIME_LOW write */
	uint32_t alarm_high;
	uint64_t alarm_ns;
	bool alarm_armed;
	bool irq_enabled;
	bool irq_pending;
};

static uint64_t host_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t rtc_now_locked(const struct goldfish_rtc *rtc)
{
	return host_wall_ns() + (uint64_t)rtc->offset_ns;
}

static void rtc_update_irq_locked(struct goldfish_rtc *rtc)
{
	irq_set(&rtc->irq, rtc->irq_pending && rtc->irq_enabled);
}

/* Fire the alarm if due, else (re)arm the timer for it. */
static void rtc_check_alarm_locked(struct goldfish_rtc *rtc)
{
	uint64_t now = rtc_now_locked(rtc);

	if (!rtc->alarm_armed) {
		if (rtc->timer)
			vtimer_arm(rtc->timer, UINT64_MAX);
		return;
	}
	if (now >= rtc->alarm_ns) {
		rtc->alarm_armed = false;
		rtc->irq_pending = true;
		if (rtc->timer)
			vtimer_arm(rtc->timer, UINT64_MAX);
		rtc_update_irq_locked(rtc);
		return;
	}
	if (rtc->timer) {
		uint64_t delta = rtc->alarm_ns - now;
		uint64_t guest_now = vclock_ns(rtc->clock);

		vtimer_arm(rtc->timer,
			   delta > UINT64_MAX - guest_now ? UINT64_MAX : guest_now + delta);
	}
}

static void rtc_timer_fired(void *opaque)
{
	struct goldfish_rtc *rtc = opaque;

	pthread_mutex_lock(&rtc->lock);
	rtc_check_alarm_locked(rtc);
	pthread_mutex_unlock(&rtc->lock);
}

static uint64_t rtc_mmio_read(void *opaque, uint64_t offset, unsigned size)
{
	struct goldfish_rtc *rtc = opaque;
	uint64_t now, val = 0;

	pthread_mutex_lock(&rtc->lock);
	switch (offset) {
	case RTC_TIME_LOW:
		now = rtc_now_locked(rtc);
		rtc->latched_high = (uint32_t)(now >> 32);
		val = size == 8 ? now : (uint32_t)now;
		break;
	case RTC_TIME_HIGH:
		val = rtc->latched_high;
		break;
	case RTC_ALARM_LOW:
		val = (uint32_t)rtc->alarm_ns;
		break;
	case RTC_ALARM_HIGH:
		val = (uint32_t)(rtc->alarm_ns >> 32);
		break;
	case RTC_IRQ_ENABLED:
		val = rtc->irq_enabled;
		break;
	case RTC_ALARM_STATUS:
		rtc_check_alarm_locked(rtc);
		val = rtc->alarm_armed;
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&rtc->lock);
	return val;
}

static void rtc_mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct goldfish_rtc *rtc = opaque;
	uint32_t v = (uint32_t)value;

	pthread_mutex_lock(&rtc->lock);
	switch (offset) {
	case RTC_TIME_LOW:
		rtc->offset_ns = (int64_t)(((uint64_t)rtc->set_high << 32 | v) - host_wall_ns());
		rtc_check_alarm_locked(rtc);
		break;
	case RTC_TIME_HIGH:
		rtc->set_high = v;
		break;
	case RTC_ALARM_LOW:
		rtc->alarm_ns = (uint64_t)rtc->alarm_high << 32 | v;
		rtc->alarm_armed = true;
		rtc_check_alarm_locked(rtc);
		break;
	case RTC_ALARM_HIGH:
		rtc->alarm_high = v;
		break;
	case RTC_IRQ_ENABLED:
		rtc->irq_enabled = v & 1;
		rtc_update_irq_locked(rtc);
		break;
	case RTC_CLEAR_ALARM:
		rtc->alarm_armed = false;
		rtc_check_alarm_locked(rtc);
		break;
	case RTC_CLEAR_INTERRUPT:
		rtc->irq_pending = false;
		rtc_update_irq_locked(rtc);
		break;
	default:
		log_class(unimp, "goldfish_rtc: write at +0x%llx ignored",
			  (unsigned long long)offset);
		break;
	}
	pthread_mutex_unlock(&rtc->lock);
}

/* mmio_ops.save: the guest's offset from host wall-clock time (the RTC keeps following the
 * host's clock across a restore, as a real one does across a suspend), the alarm and the
 * interrupt state. */
static int rtc_save(void *opaque, struct snap_enc *e)
{
	struct goldfish_rtc *rtc = opaque;

	pthread_mutex_lock(&rtc->lock);
	snap_enc_u64(e, (uint64_t)rtc->offset_ns);
	snap_enc_u64(e, rtc->latched_high);
	snap_enc_u64(e, rtc->set_high);
	snap_enc_u64(e, rtc->alarm_high);
	snap_enc_u64(e, rtc->alarm_ns);
	snap_enc_u64(e, rtc->alarm_armed);
	snap_enc_u64(e, rtc->irq_enabled);
	snap_enc_u64(e, rtc->irq_pending);
	pthread_mutex_unlock(&rtc->lock);
	return e->failed ? -ENOMEM : 0;
}

/* mmio_ops.load: the state, then the alarm re-armed and the line driven. */
static int rtc_load(void *opaque, struct snap_dec *d)
{
	struct goldfish_rtc *rtc = opaque;
	int ret;

	pthread_mutex_lock(&rtc->lock);
	rtc->offset_ns = (int64_t)snap_dec_u64(d);
	rtc->latched_high = (uint32_t)snap_dec_u64(d);
	rtc->set_high = (uint32_t)snap_dec_u64(d);
	rtc->alarm_high = (uint32_t)snap_dec_u64(d);
	rtc->alarm_ns = snap_dec_u64(d);
	rtc->alarm_armed = snap_dec_u64(d) != 0;
	rtc->irq_enabled = snap_dec_u64(d) != 0;
	rtc->irq_pending = snap_dec_u64(d) != 0;
	ret = snap_dec_finish(d);
	if (!ret) {
		rtc_check_alarm_locked(rtc);
		rtc_update_irq_locked(rtc);
	}
	pthread_mutex_unlock(&rtc->lock);
	return ret;
}

const struct mmio_ops goldfish_rtc_mmio_ops = {
    .read = rtc_mmio_read,
    .write = rtc_mmio_write,
    .save = rtc_save,
    .load = rtc_load,
};

struct goldfish_rtc *goldfish_rtc_create(struct timer_queue *timers, const struct vclock *clock,
					 struct irq_line irq)
{
	struct goldfish_rtc *rtc = calloc(1, sizeof(*rtc));

	if (!rtc)
		return NULL;
	if (pthread_mutex_init(&rtc->lock, NULL)) {
		free(rtc);
		return NULL;
	}
	rtc->irq = irq;
	rtc->clock = clock;
	if (timers && clock) {
		rtc->timer = vtimer_create(timers, rtc_timer_fired, rtc);
		if (!rtc->timer) {
			pthread_mutex_destroy(&rtc->lock);
			free(rtc);
			return NULL;
		}
	}
	return rtc;
}

void goldfish_rtc_destroy(struct goldfish_rtc *rtc)
{
	if (!rtc)
		return;
	if (rtc->timer)
		vtimer_destroy(rtc->timer);
	pthread_mutex_destroy(&rtc->lock);
	free(rtc);
}
