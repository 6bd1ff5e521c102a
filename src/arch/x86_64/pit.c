/*
 * pit.c - the 8254 PIT (pit.h): three 16-bit counters at 1.193182 MHz of the VM clock,
 * control word (channel, access lobyte/hibyte/both, mode, BCD bit kept but counting is
 * binary), counter latch and read-back commands, channel 2's gate from port 0x61 and OUT2 in
 * its bit 5 (what Linux's PIT calibration reads).
 *
 * Modes: 0 (interrupt on terminal count) and 1 and 5 as 0; 2 (rate generator) and 3 (square
 * wave) periodic with the reload value (0 = 65536); 4 as 0 with the output inverted. The count
 * is not stored: it follows from when counting started, so reads need no timer. Channel 0's
 * output drives IRQ 0: a pulse at each terminal count (mode 0 once; 2 and 3 every period, at
 * least PIT_MIN_IRQ_NS apart, as KVM limits it; one pulse for periods the timer thread
 * missed). A gate low stops channel 2 where it is; high again continues (mode 1 and 5
 * restart).
 *
 * Invariants: state under p->lock, held while arming the channel 0 timer; the IRQ line is
 * pulsed with the lock held (the line's controllers take only their own locks).
 */
#include "arch/x86_64/pit.h"

#include <pthread.h>
#include <stdlib.h>

#define PIT_MIN_IRQ_NS 100000ull
#define NS_PER_S       1000000000ull

struct pit_channel {
	uint8_t mode, access, bcd;
	uint32_t reload;     /* 1..65536 */
	bool counting, gate; /* counting: a count was written (and the gate allows it) */
	uint64_t start_ns;   /* when counting (re)started at reload */
	uint64_t frozen;     /* ticks counted when the gate went low */
	bool write_msb;	     /* lobyte/hibyte: the next write is the high byte */
	bool read_msb;	     /* the next read is the high byte */
	uint8_t write_lsb;   /* the low byte written so far */
	bool count_latched;  /* a latched count is being read */
	uint16_t latch;
	bool status_latched;
	uint8_t status;
};

struct pit {
	pthread_mutex_t lock;
	const struct vclock *clock;
	struct vtimer *timer; /* channel 0's next terminal count */
	struct irq_line irq0;
	uint64_t irq_ns; /* when channel 0's armed pulse is due */
	uint8_t port61;	 /* bits 0-1: gate 2, speaker data */
	struct pit_channel ch[3];
};

static uint64_t ticks_since(uint64_t from_ns, uint64_t now_ns)
{
	return (uint64_t)((unsigned __int128)(now_ns - from_ns) * PIT_HZ / NS_PER_S);
}

/* The time of tick n after from_ns (rounded up). */
static uint64_t tick_time(uint64_t from_ns, uint64_t n)
{
	return from_ns + (uint64_t)(((unsigned __int128)n * NS_PER_S + PIT_HZ - 1) / PIT_HZ);
}

static uint64_t elapsed_locked(const struct pit *p, const struct pit_channel *c)
{
	if (!c->counting)
		return c->frozen;
	return ticks_since(c->start_ns, vclock_ns(p->clock)) + c->frozen;
}

static bool periodic(const struct pit_channel *c)
{
	return c->mode == 2 || c->mode == 3;
}

static uint16_t count_locked(const struct pit *p, const struct pit_channel *c)
{
	uint64_t t = elapsed_locked(p, c);

	if (!c->reload)
		return 0; /* no count written yet */
	if (periodic(c))
		return (uint16_t)(c->reload - t % c->reload);
	return (uint16_t)(c->reload - t); /* wraps past zero, as the counter does */
}

static bool out_locked(const struct pit *p, const struct pit_channel *c)
{
	uint64_t t = elapsed_locked(p, c);

	if (!c->reload)
		return c->mode != 0;
	if (!c->counting && !c->frozen && c->mode != 2 && c->mode != 3)
		return c->mode == 4; /* mode 0 before its count: low */
	switch (c->mode) {
	case 2:
		return t % c->reload != c->reload - 1;
	case 3:
		return t % c->reload < (c->reload + 1) / 2;
	case 4:
		return t != c->reload;
	default:
		return t >= c->reload;
	}
}

/* Arm channel 0's timer for its next terminal count after now (or disarm). */
static void arm_irq_locked(struct pit *p)
{
	struct pit_channel *c = &p->ch[0];
	uint64_t now = vclock_ns(p->clock), t, n;

	if (!c->counting) {
		p->irq_ns = UINT64_MAX;
	} else if (periodic(c)) {
		t = ticks_since(c->start_ns, now) + c->frozen;
		n = (t / c->reload + 1) * c->reload - c->frozen;
		p->irq_ns = tick_time(c->start_ns, n);
		if (p->irq_ns < now + PIT_MIN_IRQ_NS &&
		    c->reload * NS_PER_S / PIT_HZ < PIT_MIN_IRQ_NS)
			p->irq_ns = now + PIT_MIN_IRQ_NS;
	} else {
		t = elapsed_locked(p, c);
		p->irq_ns =
		    t < c->reload ? tick_time(c->start_ns, c->reload - c->frozen) : UINT64_MAX;
	}
	vtimer_arm(p->timer, p->irq_ns);
}

static void pit_fired(void *opaque)
{
	struct pit *p = opaque;

	pthread_mutex_lock(&p->lock);
	if (p->irq_ns != UINT64_MAX && vclock_ns(p->clock) >= p->irq_ns) {
		irq_set(&p->irq0, true);
		irq_set(&p->irq0, false);
	}
	arm_irq_locked(p);
	pthread_mutex_unlock(&p->lock);
}

static void start_locked(struct pit *p, unsigned n, uint32_t count)
{
	struct pit_channel *c = &p->ch[n];

	c->reload = count ? count : 0x10000;
	c->frozen = 0;
	c->start_ns = vclock_ns(p->clock);
	c->counting = c->gate;
	if (n == 0)
		arm_irq_locked(p);
}

static void write_count_locked(struct pit *p, unsigned n, uint8_t v)
{
	struct pit_channel *c = &p->ch[n];

	switch (c->access) {
	case 1:
		start_locked(p, n, v);
		break;
	case 2:
		start_locked(p, n, (uint32_t)v << 8);
		break;
	default:
		if (!c->write_msb) {
			c->write_lsb = v;
			c->write_msb = true;
		} else {
			c->write_msb = false;
			start_locked(p, n, c->write_lsb | (uint32_t)v << 8);
		}
		break;
	}
}

static uint8_t read_count_locked(struct pit *p, struct pit_channel *c)
{
	uint16_t v;
	bool msb;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	v = c->count_latched ? c->latch : count_locked(p, c);
	msb = c->access == 2 || (c->access == 3 && c->read_msb);
	if (c->access == 3)
		c->read_msb = !c->read_msb;
	if (c->count_latched && (c->access != 3 || !c->read_msb))
		c->count_latched = false;
	return (uint8_t)(msb ? v >> 8 : v);
}

static void latch_locked(struct pit *p, struct pit_channel *c, bool count, bool status)
{
	if (count && !c->count_latched) {
		c->latch = count_locked(p, c);
		c->count_latched = true;
		c->read_msb = false;
	}
	if (status && !c->status_latched) {
		c->status =
		    (uint8_t)(out_locked(p, c) << 7 | c->access << 4 | c->mode << 1 | c->bcd);
		c->status_latched = true;
	}
}

static void control_locked(struct pit *p, uint8_t v)
{
	unsigned n = v >> 6, access = (v >> 4) & 3u;
	struct pit_channel *c;

	if (n == 3) { /* read-back: bit 5 clear latches counts, bit 4 clear latches status */
		for (unsigned i = 0; i < 3; i++)
			if (v & (2u << i))
				latch_locked(p, &p->ch[i], !(v & 0x20), !(v & 0x10));
		return;
	}
	c = &p->ch[n];
	if (access == 0) {
		latch_locked(p, c, true, false);
		return;
	}
	c->access = (uint8_t)access;
	c->mode = (uint8_t)((v >> 1) & 7u);
	if (c->mode > 5)
		c->mode -= 4; /* 6 and 7 are 2 and 3 */
	c->bcd = v & 1u;
	c->counting = false;
	c->frozen = 0;
	c->write_msb = c->read_msb = c->count_latched = c->status_latched = false;
	if (n == 0)
		arm_irq_locked(p);
}

static uint64_t pit_read(void *opaque, uint64_t offset, unsigned size)
{
	struct pit *p = opaque;
	uint8_t v = 0;

	(void)size;
	pthread_mutex_lock(&p->lock);
	if (offset < 3)
		v = read_count_locked(p, &p->ch[offset]);
	pthread_mutex_unlock(&p->lock);
	return v;
}

static void pit_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct pit *p = opaque;

	(void)size;
	pthread_mutex_lock(&p->lock);
	if (offset < 3)
		write_count_locked(p, (unsigned)offset, (uint8_t)value);
	else
		control_locked(p, (uint8_t)value);
	pthread_mutex_unlock(&p->lock);
}

const struct mmio_ops pit_mmio_ops = {
    .read = pit_read,
    .write = pit_write,
};

static uint64_t port61_read(void *opaque, uint64_t offset, unsigned size)
{
	struct pit *p = opaque;
	uint64_t v;

	(void)offset;
	(void)size;
	pthread_mutex_lock(&p->lock);
	/* bit 4: the DRAM refresh request, toggling every 15 us */
	v = p->port61 | ((vclock_ns(p->clock) / 15085) & 1u) << 4 |
	    (uint64_t)out_locked(p, &p->ch[2]) << 5;
	pthread_mutex_unlock(&p->lock);
	return v;
}

/* Channel 2's gate: low stops it where it is, high continues (modes 1 and 5: restart). */
static void gate2_locked(struct pit *p, bool gate)
{
	struct pit_channel *c = &p->ch[2];
	bool armed = c->reload != 0;

	if (gate == c->gate)
		return;
	c->gate = gate;
	if (!armed)
		return;
	if (!gate && c->counting) {
		c->frozen = elapsed_locked(p, c);
		c->counting = false;
	} else if (gate) {
		if (c->mode == 1 || c->mode == 5)
			c->frozen = 0;
		c->start_ns = vclock_ns(p->clock);
		c->counting = true;
	}
}

static void port61_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct pit *p = opaque;

	(void)offset;
	(void)size;
	pthread_mutex_lock(&p->lock);
	p->port61 = (uint8_t)(value & 3u);
	gate2_locked(p, value & 1u);
	pthread_mutex_unlock(&p->lock);
}

const struct mmio_ops pit_port61_mmio_ops = {
    .read = port61_read,
    .write = port61_write,
};

struct pit *pit_create(struct timer_queue *timers, const struct vclock *clock, struct irq_line irq0)
{
	struct pit *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	if (pthread_mutex_init(&p->lock, NULL)) {
		free(p);
		return NULL;
	}
	p->clock = clock;
	p->irq0 = irq0;
	p->irq_ns = UINT64_MAX;
	p->ch[0].gate = p->ch[1].gate = true; /* channels 0 and 1: gate tied high */
	for (unsigned i = 0; i < 3; i++)
		p->ch[i].access = 3;
	p->timer = vtimer_create(timers, pit_fired, p);
	if (!p->timer) {
		pit_destroy(p);
		return NULL;
	}
	return p;
}

void pit_destroy(struct pit *p)
{
	if (!p)
		return;
	if (p->timer)
		vtimer_destroy(p->timer);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
