/*
 * acpi_pm.c - ACPI fixed hardware (ACPI 6.x, 4.8): PM1a status, enable and
 * control registers, the PM timer and the reset register.
 *
 * PM1_STS bits are write-1-to-clear; the only event source is the timer:
 * TMR_STS is set each time bit 31 of the timer changes (every 2^31 ticks,
 * 10 minutes). PM1_EN keeps the defined enable bits. PM1_CNT keeps SCI_EN set
 * (the machine is always in ACPI mode: the FADT has no SMI command port);
 * SLP_EN with SLP_TYP = S5 powers the VM off, any other sleep type is
 * ignored (the DSDT declares no other \_Sx). The timer is the VM clock's
 * nanoseconds at 3.579545 MHz, so it stops while the VM is paused.
 *
 * Invariants: state is under pm->lock (vCPU threads, the timer thread);
 * accesses of any size and offset within the block act byte by byte on the
 * registers they cover, in one locked step; the SCI is high exactly while
 * PM1_STS & PM1_EN has a bit set: while TMR_EN is set and TMR_STS clear,
 * a timer is armed for the next carry of bit 31.
 */
#include "dev/acpi_pm.h"

#include <pthread.h>
#include <stdlib.h>
#include "core/clock.h"
#include "core/log.h"

#define PM1_STS	    0
#define PM1_EN	    2
#define PM1_CNT	    4
#define PM_TMR	    8
#define STS_TMR	    (1u << 0)
#define EN_TMR	    (1u << 0)
#define EN_MASK	    0x0721u /* TMR_EN, GBL_EN, PWRBTN_EN, SLPBTN_EN, RTC_EN */
#define CNT_SCI_EN  (1u << 0)
#define CNT_SLP_TYP (7u << 10)
#define CNT_SLP_EN  (1u << 13)
#define TMR_STS_BIT 31
#define RESET_CPU   0x04
#define NS_PER_S    1000000000ull

struct acpi_pm {
	pthread_mutex_t lock;
	struct vm *vm;
	const struct vclock *clock;
	struct vtimer *timer; /* NULL without a timer queue */
	struct irq_line sci;
	uint16_t en;
	uint16_t cnt;
	uint64_t tmr_epoch; /* timer >> TMR_STS_BIT when TMR_STS was last cleared */
	uint8_t reset;
};

static void pm_timer_fired(void *opaque);

struct acpi_pm *acpi_pm_create(struct vm *vm, const struct vclock *clock,
			       struct timer_queue *timers, struct irq_line sci)
{
	struct acpi_pm *pm = calloc(1, sizeof(*pm));

	if (!pm)
		return NULL;
	pthread_mutex_init(&pm->lock, NULL);
	pm->vm = vm;
	pm->clock = clock;
	pm->sci = sci;
	pm->cnt = CNT_SCI_EN;
	if (timers) {
		pm->timer = vtimer_create(timers, pm_timer_fired, pm);
		if (!pm->timer) {
			acpi_pm_destroy(pm);
			return NULL;
		}
	}
	return pm;
}

void acpi_pm_destroy(struct acpi_pm *pm)
{
	if (!pm)
		return;
	if (pm->timer)
		vtimer_destroy(pm->timer);
	pthread_mutex_destroy(&pm->lock);
	free(pm);
}

/* Ticks since the VM started (64 bits: the register shows the low 32). */
static uint64_t pm_ticks(const struct acpi_pm *pm)
{
	return (uint64_t)((unsigned __int128)vclock_ns(pm->clock) * ACPI_PM_TIMER_HZ / NS_PER_S);
}

static uint16_t pm_status(const struct acpi_pm *pm, uint64_t ticks)
{
	return (ticks >> TMR_STS_BIT) != pm->tmr_epoch ? STS_TMR : 0;
}

/* The 32 bits of the register starting at reg, as of ticks. */
static uint32_t pm_register(const struct acpi_pm *pm, unsigned reg, uint64_t ticks)
{
	switch (reg) {
	case PM1_STS:
		return pm_status(pm, ticks) | (uint32_t)pm->en << 16;
	case PM1_CNT:
		return pm->cnt;
	default:
		return (uint32_t)ticks;
	}
}

static uint64_t pm_read(void *opaque, uint64_t offset, unsigned size)
{
	struct acpi_pm *pm = opaque;
	uint64_t value = 0, ticks;

	pthread_mutex_lock(&pm->lock);
	ticks = pm_ticks(pm);
	for (unsigned i = 0; i < size; i++) {
		uint64_t at = offset + i;
		uint32_t byte = 0xff; /* past the block */

		if (at < ACPI_PM_SIZE)
			byte =
			    (pm_register(pm, (unsigned)at & ~3u, ticks) >> (8 * (at & 3))) & 0xff;
		value |= (uint64_t)byte << (8 * i);
	}
	pthread_mutex_unlock(&pm->lock);
	return value;
}

/* The SCI as of ticks; the timer armed for the next carry if TMR_EN waits for one. */
static void pm_update_sci(struct acpi_pm *pm, uint64_t ticks)
{
	uint16_t pending = pm_status(pm, ticks) & pm->en;
	uint64_t carry = ((ticks >> TMR_STS_BIT) + 1) << TMR_STS_BIT;

	irq_set(&pm->sci, pending != 0);
	if (!pm->timer)
		return;
	if ((pm->en & EN_TMR) && !(pending & STS_TMR))
		vtimer_arm(pm->timer,
			   (uint64_t)(((unsigned __int128)carry * NS_PER_S + ACPI_PM_TIMER_HZ - 1) /
				      ACPI_PM_TIMER_HZ));
	else
		vtimer_arm(pm->timer, UINT64_MAX);
}

static void pm_timer_fired(void *opaque)
{
	struct acpi_pm *pm = opaque;

	pthread_mutex_lock(&pm->lock);
	pm_update_sci(pm, pm_ticks(pm));
	pthread_mutex_unlock(&pm->lock);
}

/* PM1_CNT gets value in the bits of mask; SLP_EN acts at once. */
static void pm_write_cnt(struct acpi_pm *pm, uint16_t value, uint16_t mask)
{
	unsigned slp_typ;

	pm->cnt = (uint16_t)(CNT_SCI_EN | (((pm->cnt & ~mask) | (value & mask)) & CNT_SLP_TYP));
	if (!(mask & value & CNT_SLP_EN))
		return;
	slp_typ = (pm->cnt & CNT_SLP_TYP) >> 10;
	if (slp_typ == ACPI_PM_SLP_TYP_S5)
		vm_request_stop(pm->vm, VM_STOP_POWEROFF, "guest powered off (ACPI S5)");
	else
		log_class(unimp, "acpi_pm: sleep type %u ignored (only S5 is declared)", slp_typ);
}

static void pm_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct acpi_pm *pm = opaque;
	uint32_t val[3] = {0}, mask[3] = {0};
	uint64_t ticks;

	for (unsigned i = 0; i < size && offset + i < ACPI_PM_SIZE; i++) {
		uint64_t at = offset + i;

		val[at / 4] |= (uint32_t)((value >> (8 * i)) & 0xff) << (8 * (at & 3));
		mask[at / 4] |= 0xffu << (8 * (at & 3));
	}
	pthread_mutex_lock(&pm->lock);
	ticks = pm_ticks(pm);
	if (val[0] & mask[0] & STS_TMR)
		pm->tmr_epoch = ticks >> TMR_STS_BIT;
	pm->en = (uint16_t)((pm->en & ~(mask[0] >> 16)) | (val[0] >> 16 & mask[0] >> 16 & EN_MASK));
	if (mask[1])
		pm_write_cnt(pm, (uint16_t)val[1], (uint16_t)mask[1]);
	pm_update_sci(pm, ticks);
	pthread_mutex_unlock(&pm->lock);
}

const struct mmio_ops acpi_pm_mmio_ops = {
    .read = pm_read,
    .write = pm_write,
};

static uint64_t reset_read(void *opaque, uint64_t offset, unsigned size)
{
	struct acpi_pm *pm = opaque;
	uint8_t value;

	(void)offset;
	(void)size;
	pthread_mutex_lock(&pm->lock);
	value = pm->reset;
	pthread_mutex_unlock(&pm->lock);
	return value;
}

static void reset_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct acpi_pm *pm = opaque;

	(void)offset;
	(void)size;
	pthread_mutex_lock(&pm->lock);
	pm->reset = (uint8_t)(value & ~RESET_CPU);
	pthread_mutex_unlock(&pm->lock);
	if (value & RESET_CPU)
		vm_request_stop(pm->vm, VM_STOP_RESET, "guest reset (ACPI reset register)");
}

const struct mmio_ops acpi_reset_mmio_ops = {
    .read = reset_read,
    .write = reset_write,
};
