/*
 * lapic.c - the local APICs (xAPIC) of the software engines and the APIC bus (lapic.h).
 *
 * Registers: ID, version (0x14, six LVT entries), TPR/PPR, EOI, LDR/DFR (flat and cluster
 * logical destinations), SVR, ISR/TMR/IRR, ESR, ICR, the LVT timer, thermal, performance,
 * LINT0, LINT1 and error entries, the timer's initial and current count and divide
 * configuration. The timer counts the 25 MHz crystal clock of CPUID leaf 0x15 (so Linux needs
 * no calibration) divided as DCR says, on the VM clock: one-shot, periodic (at least
 * LAPIC_MIN_PERIOD_NS apart, as KVM limits it) and TSC-deadline (IA32_TSC_DEADLINE). IPIs are
 * delivered at once (ICR's delivery status always reads idle); INIT resets the APIC's
 * registers but its ID. LINT0 in ExtINT mode, unmasked, takes the 8259s' interrupts (virtual
 * wire mode; after the APIC's own); LINT1 is not driven.
 *
 * Invariants: everything of one APIC is under its mutex, held while its timer is armed so a
 * stale deadline never replaces a newer one; bus->notify is called after every change that
 * may make something deliverable; the I/O APIC's EOI hook is called without any APIC lock
 * (the I/O APIC delivers under its own lock: the order is I/O APIC, then APIC).
 */
#include "arch/x86_64/lapic.h"

#include <pthread.h>
#include <stdlib.h>
#include "core/log.h"

#define LAPIC_MIN_PERIOD_NS 100000ull
#define LAPIC_NS_PER_TICK   (1000000000ull / LAPIC_TIMER_HZ)
#define LVT_MASKED	    (1u << 16)
#define LVT_TIMER_MODE(v)   (((v) >> 17) & 3u)
#define TIMER_ONESHOT	    0u
#define TIMER_PERIODIC	    1u
#define TIMER_TSC_DEADLINE  2u
#define SVR_ENABLED	    (1u << 8)
#define ICR_LEVEL_ASSERT    (1u << 14)
#define ICR_LEVEL_TRIGGER   (1u << 15)
#define ESR_SEND_ILLEGAL    (1u << 5)
#define ESR_RECV_ILLEGAL    (1u << 6)
#define LAPIC_VERSION	    0x00050014u

enum lvt_index { LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR, LVT_COUNT };
static const uint32_t lvt_writable[LVT_COUNT] = {
    [LVT_TIMER] = 0x000700ff,				  /* vector, mask, timer mode */
    [LVT_THERMAL] = 0x000107ff,				  /* vector, delivery mode, mask */
    [LVT_PERF] = 0x000107ff,	[LVT_LINT0] = 0x0001a7ff, /* + polarity, trigger */
    [LVT_LINT1] = 0x0001a7ff,	[LVT_ERROR] = 0x000100ff,
};

struct lapic {
	struct apic_bus *bus;
	unsigned id;
	pthread_mutex_t lock;
	struct vtimer *timer;
	uint32_t apic_id, tpr, ldr, dfr, svr, esr, esr_pending, icr_lo, icr_hi;
	uint32_t lvt[LVT_COUNT];
	uint32_t initial_count, dcr;
	uint32_t irr[8], isr[8], tmr[8];
	uint64_t timer_deadline_ns; /* next expiry; UINT64_MAX when not counting */
	uint64_t tsc_deadline;
	bool init_pending, sipi_pending, nmi_pending;
	uint8_t sipi_vector;
};

struct apic_bus {
	unsigned ncpus;
	const struct vclock *clock;
	apic_notify_fn *notify;
	void *opaque;
	apic_eoi_fn *eoi;
	void *eoi_opaque;
	struct apic_extint extint;
	struct lapic apic[];
};

static bool bit_get(const uint32_t *w, unsigned n)
{
	return w[n / 32] >> (n % 32) & 1;
}

static void bit_put(uint32_t *w, unsigned n, bool v)
{
	if (v)
		w[n / 32] |= 1u << (n % 32);
	else
		w[n / 32] &= ~(1u << (n % 32));
}

/* The highest vector set in w, or -1. */
static int bit_highest(const uint32_t *w)
{
	for (int i = 7; i >= 0; i--)
		if (w[i])
			return i * 32 + 31 - __builtin_clz(w[i]);
	return -1;
}

static struct lapic *apic_of(struct apic_bus *bus, unsigned id)
{
	return id < bus->ncpus ? &bus->apic[id] : NULL;
}

static void notify_locked(struct lapic *a)
{
	a->bus->notify(a->bus->opaque, a->id);
}

static uint32_t ppr_locked(const struct lapic *a)
{
	int isrv = bit_highest(a->isr);
	uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;

	return (a->tpr & 0xf0) >= isr_class ? a->tpr & 0xff : isr_class;
}

/* The vector the CPU would take now, or -1. */
static int deliverable_locked(const struct lapic *a)
{
	int v = bit_highest(a->irr);

	if (v < 0 || !(a->svr & SVR_ENABLED) || ((uint32_t)v & 0xf0) <= (ppr_locked(a) & 0xf0))
		return -1;
	return v;
}

static void accept_fixed_locked(struct lapic *a, unsigned vector, bool level)
{
	if (vector < 16) {
		a->esr_pending |= ESR_RECV_ILLEGAL;
		return;
	}
	bit_put(a->irr, vector, true);
	bit_put(a->tmr, vector, level);
	notify_locked(a);
}

/* An LVT entry fires (timer, error): its vector, unless masked. */
static void lvt_fire_locked(struct lapic *a, enum lvt_index i)
{
	if (!(a->lvt[i] & LVT_MASKED))
		accept_fixed_locked(a, a->lvt[i] & 0xff, false);
}

static uint64_t tick_ns_locked(const struct lapic *a)
{
	unsigned code = (a->dcr & 3u) | ((a->dcr >> 1) & 4u);

	return LAPIC_NS_PER_TICK << ((code + 1) & 7u);
}

static uint64_t period_ns_locked(const struct lapic *a)
{
	uint64_t p = (uint64_t)a->initial_count * tick_ns_locked(a);

	if (LVT_TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_PERIODIC && p < LAPIC_MIN_PERIOD_NS)
		p = LAPIC_MIN_PERIOD_NS;
	return p;
}

static void timer_arm_locked(struct lapic *a, uint64_t deadline_ns)
{
	a->timer_deadline_ns = deadline_ns;
	vtimer_arm(a->timer, deadline_ns);
}

static void timer_fired(void *opaque)
{
	struct lapic *a = opaque;
	uint64_t now = vclock_ns(a->bus->clock), period;

	pthread_mutex_lock(&a->lock);
	if (a->timer_deadline_ns == UINT64_MAX || now < a->timer_deadline_ns) {
		if (a->timer_deadline_ns != UINT64_MAX)
			vtimer_arm(a->timer, a->timer_deadline_ns); /* re-armed meanwhile */
		pthread_mutex_unlock(&a->lock);
		return;
	}
	lvt_fire_locked(a, LVT_TIMER);
	switch (LVT_TIMER_MODE(a->lvt[LVT_TIMER])) {
	case TIMER_PERIODIC:
		period = period_ns_locked(a);
		/* one interrupt for the periods missed, as a late tick */
		timer_arm_locked(a, a->timer_deadline_ns +
					((now - a->timer_deadline_ns) / period + 1) * period);
		break;
	case TIMER_TSC_DEADLINE:
		a->tsc_deadline = 0;
		/* fall through */
	default:
		timer_arm_locked(a, UINT64_MAX);
		break;
	}
	pthread_mutex_unlock(&a->lock);
}

static uint32_t current_count_locked(const struct lapic *a)
{
	uint64_t now = vclock_ns(a->bus->clock), left;

	if (LVT_TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_TSC_DEADLINE ||
	    a->timer_deadline_ns == UINT64_MAX || now >= a->timer_deadline_ns)
		return 0;
	left = (a->timer_deadline_ns - now + tick_ns_locked(a) - 1) / tick_ns_locked(a);
	return left > a->initial_count ? a->initial_count : (uint32_t)left;
}

static void reset_locked(struct lapic *a)
{
	a->tpr = a->ldr = a->esr = a->esr_pending = a->icr_lo = a->icr_hi = 0;
	a->initial_count = a->dcr = 0;
	a->dfr = 0xffffffffu;
	a->svr = 0xff;
	for (unsigned i = 0; i < LVT_COUNT; i++)
		a->lvt[i] = LVT_MASKED;
	for (unsigned i = 0; i < 8; i++)
		a->irr[i] = a->isr[i] = a->tmr[i] = 0;
	a->tsc_deadline = 0;
	a->nmi_pending = false; /* a SIPI sent after the INIT stays for the wait that follows */
	timer_arm_locked(a, UINT64_MAX);
}

static bool matches_logical(const struct lapic *a, uint8_t dest)
{
	uint8_t ldr = (uint8_t)(a->ldr >> 24);

	if ((a->dfr >> 28) == 0xf) /* flat model: a bit per APIC */
		return (ldr & dest) != 0;
	return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xf) != 0; /* cluster model */
}

static bool matches(struct lapic *a, const struct apic_msg *m)
{
	bool hit;

	pthread_mutex_lock(&a->lock);
	if (m->logical)
		hit = matches_logical(a, m->dest);
	else
		hit = m->dest == 0xff || (a->apic_id >> 24) == m->dest;
	pthread_mutex_unlock(&a->lock);
	return hit;
}

static void accept(struct lapic *a, const struct apic_msg *m)
{
	pthread_mutex_lock(&a->lock);
	switch (m->delivery) {
	case LAPIC_DELIVERY_FIXED:
	case LAPIC_DELIVERY_LOWEST:
		accept_fixed_locked(a, m->vector, m->level);
		break;
	case LAPIC_DELIVERY_NMI:
		a->nmi_pending = true;
		notify_locked(a);
		break;
	case LAPIC_DELIVERY_INIT:
		a->init_pending = true;
		a->sipi_pending = false; /* one sent before the INIT found no waiting CPU */
		notify_locked(a);
		break;
	case LAPIC_DELIVERY_SIPI:
		a->sipi_pending = true;
		a->sipi_vector = m->vector;
		notify_locked(a);
		break;
	default: /* SMI, ExtINT, reserved: nothing here takes them */
		log_class(unimp, "x86_64: APIC delivery mode %u ignored", m->delivery);
		break;
	}
	pthread_mutex_unlock(&a->lock);
}

void apic_bus_deliver(struct apic_bus *bus, const struct apic_msg *m)
{
	for (unsigned i = 0; i < bus->ncpus; i++) {
		if (!matches(&bus->apic[i], m))
			continue;
		accept(&bus->apic[i], m);
		if (m->delivery == LAPIC_DELIVERY_LOWEST)
			return; /* any one of them: the first */
	}
}

/* ICR low written: send the IPI (shorthand: 1 self, 2 all, 3 all but self). */
static void send_ipi(struct lapic *a, uint32_t lo, uint32_t hi)
{
	struct apic_msg m = {.vector = (uint8_t)lo,
			     .delivery = (uint8_t)((lo >> 8) & 7u),
			     .dest = (uint8_t)(hi >> 24),
			     .logical = (lo >> 11) & 1u,
			     .level = (lo & ICR_LEVEL_TRIGGER) != 0};
	unsigned shorthand = (lo >> 18) & 3u;
	struct apic_bus *bus = a->bus;

	if (m.delivery == LAPIC_DELIVERY_INIT && (lo & ICR_LEVEL_TRIGGER) &&
	    !(lo & ICR_LEVEL_ASSERT))
		return; /* INIT level de-assert: no effect on this generation of APICs */
	if (shorthand == 0) {
		apic_bus_deliver(bus, &m);
		return;
	}
	for (unsigned i = 0; i < bus->ncpus; i++) {
		bool self = i == a->id;

		if ((shorthand == 1 && self) || shorthand == 2 || (shorthand == 3 && !self))
			accept(&bus->apic[i], &m);
	}
}

/* EOI: end the highest in-service interrupt; true (with its vector) if it was level. */
static bool eoi_locked(struct lapic *a, unsigned *vector)
{
	int v = bit_highest(a->isr);

	if (v < 0)
		return false;
	bit_put(a->isr, (unsigned)v, false);
	notify_locked(a); /* a lower one may be deliverable now */
	*vector = (unsigned)v;
	return bit_get(a->tmr, (unsigned)v);
}

static uint32_t read_locked(struct lapic *a, unsigned reg)
{
	switch (reg) {
	case 0x2:
		return a->apic_id;
	case 0x3:
		return LAPIC_VERSION;
	case 0x8:
		return a->tpr;
	case 0xa:
		return ppr_locked(a);
	case 0xd:
		return a->ldr;
	case 0xe:
		return a->dfr;
	case 0xf:
		return a->svr;
	case 0x28:
		return a->esr;
	case 0x30:
		return a->icr_lo & ~(1u << 12); /* delivery status: idle */
	case 0x31:
		return a->icr_hi;
	case 0x38:
		return a->initial_count;
	case 0x39:
		return current_count_locked(a);
	case 0x3e:
		return a->dcr;
	default:
		break;
	}
	if (reg >= 0x10 && reg < 0x18)
		return a->isr[reg - 0x10];
	if (reg >= 0x18 && reg < 0x20)
		return a->tmr[reg - 0x18];
	if (reg >= 0x20 && reg < 0x28)
		return a->irr[reg - 0x20];
	if (reg >= 0x32 && reg < 0x32 + LVT_COUNT)
		return a->lvt[reg - 0x32];
	return 0;
}

static void write_lvt_locked(struct lapic *a, enum lvt_index i, uint32_t v)
{
	uint32_t old = a->lvt[i];

	v &= lvt_writable[i];
	if (!(a->svr & SVR_ENABLED))
		v |= LVT_MASKED;
	a->lvt[i] = v;
	if (i == LVT_TIMER && LVT_TIMER_MODE(old) != LVT_TIMER_MODE(v) &&
	    (LVT_TIMER_MODE(old) == TIMER_TSC_DEADLINE ||
	     LVT_TIMER_MODE(v) == TIMER_TSC_DEADLINE)) {
		a->tsc_deadline = 0; /* switching to or from TSC-deadline mode disarms */
		timer_arm_locked(a, UINT64_MAX);
	}
}

static void write_initial_count_locked(struct lapic *a, uint32_t v)
{
	a->initial_count = v;
	if (LVT_TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_TSC_DEADLINE)
		return;
	timer_arm_locked(a, v ? vclock_ns(a->bus->clock) + period_ns_locked(a) : UINT64_MAX);
}

static void write_svr_locked(struct lapic *a, uint32_t v)
{
	a->svr = v & 0x1ff;
	if (!(v & SVR_ENABLED))
		for (unsigned i = 0; i < LVT_COUNT; i++)
			a->lvt[i] |= LVT_MASKED;
	notify_locked(a);
}

/* A register write; sets *send for an ICR write (the IPI goes out unlocked). */
static void write_locked(struct lapic *a, unsigned reg, uint32_t v, bool *send)
{
	if (reg >= 0x32 && reg < 0x32 + LVT_COUNT) {
		write_lvt_locked(a, (enum lvt_index)(reg - 0x32), v);
		return;
	}
	switch (reg) {
	case 0x2:
		a->apic_id = v & 0xff000000u;
		break;
	case 0x8:
		a->tpr = v & 0xff;
		notify_locked(a);
		break;
	case 0xd:
		a->ldr = v & 0xff000000u;
		break;
	case 0xe:
		a->dfr = v | 0x0fffffffu;
		break;
	case 0xf:
		write_svr_locked(a, v);
		break;
	case 0x28:
		a->esr = a->esr_pending;
		a->esr_pending = 0;
		break;
	case 0x30:
		a->icr_lo = v & 0x000ccfffu;
		*send = true;
		break;
	case 0x31:
		a->icr_hi = v & 0xff000000u;
		break;
	case 0x38:
		write_initial_count_locked(a, v);
		break;
	case 0x3e:
		a->dcr = v & 0xb;
		break;
	default: /* read-only or reserved: ignored */
		break;
	}
}

uint32_t lapic_read(struct apic_bus *bus, unsigned id, unsigned offset)
{
	struct lapic *a = apic_of(bus, id);
	uint32_t v;

	if (!a || offset % 16)
		return 0;
	pthread_mutex_lock(&a->lock);
	v = read_locked(a, (offset & 0xfff) >> 4);
	pthread_mutex_unlock(&a->lock);
	return v;
}

void lapic_write(struct apic_bus *bus, unsigned id, unsigned offset, uint32_t value)
{
	struct lapic *a = apic_of(bus, id);
	unsigned reg = (offset & 0xfff) >> 4, vector = 0;
	bool send = false, level_eoi = false;
	uint32_t lo, hi;

	if (!a || offset % 16)
		return;
	pthread_mutex_lock(&a->lock);
	if (reg == 0xb)
		level_eoi = eoi_locked(a, &vector);
	else
		write_locked(a, reg, value, &send);
	lo = a->icr_lo;
	hi = a->icr_hi;
	if (send && ((lo >> 8) & 7u) == LAPIC_DELIVERY_FIXED && (lo & 0xff) < 16) {
		a->esr_pending |= ESR_SEND_ILLEGAL;
		send = false;
	}
	pthread_mutex_unlock(&a->lock);
	if (send)
		send_ipi(a, lo, hi);
	if (level_eoi && bus->eoi)
		bus->eoi(bus->eoi_opaque, vector);
}

/* LINT0 in ExtINT mode, unmasked: the 8259s' interrupt, if they signal one. */
static enum lapic_event take_extint_locked(struct lapic *a, bool ack, unsigned *vector)
{
	const struct apic_extint *x = &a->bus->extint;
	uint32_t lint0 = a->lvt[LVT_LINT0];

	if (!x->pending || (lint0 & LVT_MASKED) || ((lint0 >> 8) & 7u) != LAPIC_DELIVERY_EXTINT ||
	    !x->pending(x->opaque))
		return LAPIC_EV_NONE;
	if (ack)
		*vector = x->ack(x->opaque);
	return LAPIC_EV_INTR;
}

static enum lapic_event take_locked(struct lapic *a, bool waiting_sipi, bool nmi_blocked,
				    bool intr_open, bool ack, unsigned *vector)
{
	int v;

	if (a->init_pending) {
		if (ack) {
			a->init_pending = false;
			reset_locked(a);
		}
		return LAPIC_EV_INIT;
	}
	if (a->sipi_pending && waiting_sipi) {
		if (ack)
			a->sipi_pending = false;
		*vector = a->sipi_vector;
		return LAPIC_EV_SIPI;
	}
	if (ack)
		a->sipi_pending = false; /* a SIPI outside wait-for-SIPI is dropped */
	if (waiting_sipi)
		return LAPIC_EV_NONE;
	if (a->nmi_pending && !nmi_blocked) {
		if (ack)
			a->nmi_pending = false;
		return LAPIC_EV_NMI;
	}
	v = intr_open ? deliverable_locked(a) : -1;
	if (v < 0)
		return intr_open ? take_extint_locked(a, ack, vector) : LAPIC_EV_NONE;
	if (ack) {
		bit_put(a->irr, (unsigned)v, false);
		bit_put(a->isr, (unsigned)v, true);
	}
	*vector = (unsigned)v;
	return LAPIC_EV_INTR;
}

enum lapic_event lapic_take(struct apic_bus *bus, unsigned id, bool waiting_sipi, bool nmi_blocked,
			    bool intr_open, unsigned *vector)
{
	struct lapic *a = apic_of(bus, id);
	enum lapic_event ev;

	if (!a)
		return LAPIC_EV_NONE;
	pthread_mutex_lock(&a->lock);
	ev = take_locked(a, waiting_sipi, nmi_blocked, intr_open, true, vector);
	pthread_mutex_unlock(&a->lock);
	return ev;
}

bool lapic_pending(struct apic_bus *bus, unsigned id, bool waiting_sipi, bool nmi_blocked,
		   bool intr_open)
{
	struct lapic *a = apic_of(bus, id);
	unsigned vector;
	bool pending;

	if (!a)
		return false;
	pthread_mutex_lock(&a->lock);
	pending =
	    take_locked(a, waiting_sipi, nmi_blocked, intr_open, false, &vector) != LAPIC_EV_NONE;
	pthread_mutex_unlock(&a->lock);
	return pending;
}

unsigned lapic_get_cr8(struct apic_bus *bus, unsigned id)
{
	return lapic_read(bus, id, 0x80) >> 4;
}

void lapic_set_cr8(struct apic_bus *bus, unsigned id, unsigned cr8)
{
	lapic_write(bus, id, 0x80, (cr8 & 15u) << 4);
}

uint64_t lapic_get_tsc_deadline(struct apic_bus *bus, unsigned id)
{
	struct lapic *a = apic_of(bus, id);
	uint64_t v;

	if (!a)
		return 0;
	pthread_mutex_lock(&a->lock);
	v = LVT_TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_TSC_DEADLINE ? a->tsc_deadline : 0;
	pthread_mutex_unlock(&a->lock);
	return v;
}

void lapic_set_tsc_deadline(struct apic_bus *bus, unsigned id, uint64_t tsc, int64_t tsc_offset)
{
	struct lapic *a = apic_of(bus, id);
	int64_t ns = (int64_t)(tsc - (uint64_t)tsc_offset);

	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	if (LVT_TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_TSC_DEADLINE) {
		a->tsc_deadline = tsc;
		/* a deadline already past fires at once */
		timer_arm_locked(a, tsc == 0 ? UINT64_MAX : ns < 0 ? 0 : (uint64_t)ns);
	}
	pthread_mutex_unlock(&a->lock);
}

static uint64_t lapic_alias_read(void *opaque, uint64_t offset, unsigned size)
{
	(void)size;
	return lapic_read(opaque, (unsigned)(offset / X86_LAPIC_PAGE),
			  (unsigned)(offset % X86_LAPIC_PAGE));
}

static void lapic_alias_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	(void)size;
	lapic_write(opaque, (unsigned)(offset / X86_LAPIC_PAGE),
		    (unsigned)(offset % X86_LAPIC_PAGE), (uint32_t)value);
}

const struct mmio_ops lapic_alias_mmio_ops = {
    .read = lapic_alias_read,
    .write = lapic_alias_write,
};

struct apic_bus *apic_bus_create(unsigned ncpus, struct timer_queue *timers,
				 const struct vclock *clock, apic_notify_fn *notify, void *opaque)
{
	struct apic_bus *bus = calloc(1, sizeof(*bus) + ncpus * sizeof(bus->apic[0]));

	if (!bus)
		return NULL;
	bus->clock = clock;
	bus->notify = notify;
	bus->opaque = opaque;
	for (unsigned i = 0; i < ncpus; i++) {
		struct lapic *a = &bus->apic[i];

		a->bus = bus;
		a->id = i;
		a->apic_id = i << 24;
		a->timer = vtimer_create(timers, timer_fired, a);
		if (!a->timer || pthread_mutex_init(&a->lock, NULL)) {
			if (a->timer)
				vtimer_destroy(a->timer);
			apic_bus_destroy(bus);
			return NULL;
		}
		bus->ncpus = i + 1;
		reset_locked(a);
	}
	return bus;
}

void apic_bus_destroy(struct apic_bus *bus)
{
	if (!bus)
		return;
	for (unsigned i = 0; i < bus->ncpus; i++) {
		vtimer_destroy(bus->apic[i].timer);
		pthread_mutex_destroy(&bus->apic[i].lock);
	}
	free(bus);
}

void apic_bus_set_eoi(struct apic_bus *bus, apic_eoi_fn *eoi, void *opaque)
{
	bus->eoi = eoi;
	bus->eoi_opaque = opaque;
}

void apic_bus_set_extint(struct apic_bus *bus, const struct apic_extint *extint)
{
	bus->extint = *extint;
}

void apic_bus_extint_changed(void *opaque)
{
	struct apic_bus *bus = opaque;

	for (unsigned i = 0; i < bus->ncpus; i++)
		bus->notify(bus->opaque, i);
}
