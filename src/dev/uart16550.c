/*
 * uart16550.c - an NS16550A UART as Linux's 8250 driver and OpenSBI's
 * uart8250 driver use it: byte registers at reg-shift 0, an RX FIFO fed by
 * the chardev back-end, and a transmitter that is always empty (THR writes
 * go straight to the back-end, so THRE and TEMT are always set).
 *
 * Invariants: all state is under u->lock (MMIO from vCPU threads, input
 * from the back-end's thread); the interrupt line is recomputed after every
 * change and driven only when its level changes. The THRE interrupt follows
 * a real 16550: it pends when ETBEI goes 0->1 or a byte was sent, and is
 * cleared by a THR write or by reading IIR while it is the reported cause.
 */
#include "dev/uart16550.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "core/log.h"
#include "core/snapshot_state.h"

enum uart_reg {
	UART_RBR_THR_DLL = 0,
	UART_IER_DLM = 1,
	UART_IIR_FCR = 2,
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
	UART_MSR = 6,
	UART_SCR = 7,
};

#define IER_RDI	 0x01u /* received data available */
#define IER_THRI 0x02u /* transmitter holding register empty */
#define IER_RLSI 0x04u /* receiver line status */
#define IER_MSI	 0x08u /* modem status */
#define IER_MASK 0x0fu

#define IIR_NO_INT 0x01u
#define IIR_MSI	   0x00u
#define IIR_THRI   0x02u
#define IIR_RDI	   0x04u
#define IIR_RLSI   0x06u
#define IIR_FIFO   0xc0u

#define FCR_ENABLE   0x01u
#define FCR_CLEAR_RX 0x02u

#define LCR_DLAB 0x80u

#define LSR_DR	 0x01u
#define LSR_OE	 0x02u
#define LSR_THRE 0x20u
#define LSR_TEMT 0x40u

/* No modem lines to model: report carrier, data set ready and clear to send. */
#define MSR_IDLE 0xb0u

struct uart16550 {
	pthread_mutex_t lock;
	struct chardev *cd;
	struct irq_line irq;
	bool irq_level;
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	bool overrun;
	bool thr_ipending;
	uint8_t rx[UART16550_RX_FIFO];
	unsigned rx_head; /* next byte to read */
	unsigned rx_count;
};

static uint8_t uart_iir_locked(const struct uart16550 *u)
{
	uint8_t fifo = (u->fcr & FCR_ENABLE) ? IIR_FIFO : 0;

	if ((u->ier & IER_RLSI) && u->overrun)
		return fifo | IIR_RLSI;
	if ((u->ier & IER_RDI) && u->rx_count)
		return fifo | IIR_RDI;
	if ((u->ier & IER_THRI) && u->thr_ipending)
		return fifo | IIR_THRI;
	return fifo | IIR_NO_INT;
}

static void uart_update_irq_locked(struct uart16550 *u)
{
	bool level = !(uart_iir_locked(u) & IIR_NO_INT);

	if (level != u->irq_level) {
		u->irq_level = level;
		irq_set(&u->irq, level);
	}
}

static uint8_t uart_lsr_locked(const struct uart16550 *u)
{
	uint8_t lsr = LSR_THRE | LSR_TEMT;

	if (u->rx_count)
		lsr |= LSR_DR;
	if (u->overrun)
		lsr |= LSR_OE;
	return lsr;
}

static uint8_t uart_pop_rx_locked(struct uart16550 *u)
{
	uint8_t byte;

	if (!u->rx_count)
		return 0;
	byte = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % UART16550_RX_FIFO;
	u->rx_count--;
	return byte;
}

static uint8_t uart_read_reg_locked(struct uart16550 *u, unsigned reg)
{
	uint8_t val;

	switch (reg) {
	case UART_RBR_THR_DLL:
		return (u->lcr & LCR_DLAB) ? u->dll : uart_pop_rx_locked(u);
	case UART_IER_DLM:
		return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case UART_IIR_FCR:
		val = uart_iir_locked(u);
		if ((val & 0x0fu) == IIR_THRI)
			u->thr_ipending = false;
		return val;
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		val = uart_lsr_locked(u);
		u->overrun = false;
		return val;
	case UART_MSR:
		return MSR_IDLE;
	case UART_SCR:
		return u->scr;
	default:
		return 0;
	}
}

static void uart_write_fcr_locked(struct uart16550 *u, uint8_t val)
{
	if ((val ^ u->fcr) & FCR_ENABLE)
		val |= FCR_CLEAR_RX;
	if (val & FCR_CLEAR_RX) {
		u->rx_head = 0;
		u->rx_count = 0;
	}
	u->fcr = val & 0xc9u; /* keep enable, DMA mode and trigger level */
}

static void uart_write_reg_locked(struct uart16550 *u, unsigned reg, uint8_t val)
{
	uint8_t old_ier;

	switch (reg) {
	case UART_RBR_THR_DLL:
		if (u->lcr & LCR_DLAB) {
			u->dll = val;
			break;
		}
		chardev_write(u->cd, &val, 1);
		/* The byte left at once: the holding register is empty again. */
		u->thr_ipending = true;
		break;
	case UART_IER_DLM:
		if (u->lcr & LCR_DLAB) {
			u->dlm = val;
			break;
		}
		old_ier = u->ier;
		u->ier = val & IER_MASK;
		if ((u->ier & IER_THRI) && !(old_ier & IER_THRI))
			u->thr_ipending = true;
		else if (!(u->ier & IER_THRI))
			u->thr_ipending = false;
		break;
	case UART_IIR_FCR:
		uart_write_fcr_locked(u, val);
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		u->mcr = val & 0x1fu;
		break;
	case UART_SCR:
		u->scr = val;
		break;
	default: /* LSR and MSR are read-only */
		log_class(unimp, "uart16550: write 0x%x to read-only register %u", val, reg);
		break;
	}
}

static uint64_t uart_mmio_read(void *opaque, uint64_t offset, unsigned size)
{
	struct uart16550 *u = opaque;
	uint8_t val;

	if (offset >= 8)
		return 0;
	pthread_mutex_lock(&u->lock);
	val = uart_read_reg_locked(u, (unsigned)offset);
	uart_update_irq_locked(u);
	pthread_mutex_unlock(&u->lock);
	return val;
}

static void uart_mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct uart16550 *u = opaque;

	if (offset >= 8) {
		log_class(unimp, "uart16550: write at +0x%llx ignored", (unsigned long long)offset);
		return;
	}
	pthread_mutex_lock(&u->lock);
	uart_write_reg_locked(u, (unsigned)offset, (uint8_t)value);
	uart_update_irq_locked(u);
	pthread_mutex_unlock(&u->lock);
}

/* mmio_ops.save: the registers, the pending THRE interrupt and the RX FIFO's bytes. */
static int uart_save(void *opaque, struct snap_enc *e)
{
	struct uart16550 *u = opaque;
	uint8_t fifo[UART16550_RX_FIFO];
	const uint8_t regs[] = {u->ier, u->lcr, u->mcr, u->scr, u->fcr, u->dll, u->dlm};

	pthread_mutex_lock(&u->lock);
	for (size_t i = 0; i < sizeof(regs); i++)
		snap_enc_u64(e, regs[i]);
	snap_enc_u64(e, u->overrun);
	snap_enc_u64(e, u->thr_ipending);
	for (unsigned i = 0; i < u->rx_count; i++)
		fifo[i] = u->rx[(u->rx_head + i) % UART16550_RX_FIFO];
	snap_enc_bytes(e, fifo, u->rx_count);
	pthread_mutex_unlock(&u->lock);
	return e->failed ? -ENOMEM : 0;
}

/* mmio_ops.load: the state, then the interrupt line driven to match it. */
static int uart_load(void *opaque, struct snap_dec *d)
{
	struct uart16550 *u = opaque;
	uint8_t *regs[] = {&u->ier, &u->lcr, &u->mcr, &u->scr, &u->fcr, &u->dll, &u->dlm};
	int ret;

	pthread_mutex_lock(&u->lock);
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		*regs[i] = (uint8_t)snap_dec_u64(d);
	u->ier &= IER_MASK;
	u->overrun = snap_dec_u64(d) != 0;
	u->thr_ipending = snap_dec_u64(d) != 0;
	u->rx_count = (unsigned)snap_dec_bytes(d, u->rx, UART16550_RX_FIFO);
	u->rx_head = 0;
	ret = snap_dec_finish(d);
	if (!ret) {
		u->irq_level = !(uart_iir_locked(u) & IIR_NO_INT);
		irq_set(&u->irq, u->irq_level);
	}
	pthread_mutex_unlock(&u->lock);
	return ret;
}

const struct mmio_ops uart16550_mmio_ops = {
    .read = uart_mmio_read,
    .write = uart_mmio_write,
    .save = uart_save,
    .load = uart_load,
};

static size_t uart_can_receive(void *opaque)
{
	struct uart16550 *u = opaque;
	size_t room;

	pthread_mutex_lock(&u->lock);
	room = UART16550_RX_FIFO - u->rx_count;
	pthread_mutex_unlock(&u->lock);
	return room;
}

static void uart_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct uart16550 *u = opaque;

	pthread_mutex_lock(&u->lock);
	for (size_t i = 0; i < len; i++) {
		if (u->rx_count == UART16550_RX_FIFO) {
			u->overrun = true;
			break;
		}
		u->rx[(u->rx_head + u->rx_count) % UART16550_RX_FIFO] = buf[i];
		u->rx_count++;
	}
	uart_update_irq_locked(u);
	pthread_mutex_unlock(&u->lock);
}

struct uart16550 *uart16550_create(struct chardev *cd, struct irq_line irq)
{
	struct uart16550 *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	if (pthread_mutex_init(&u->lock, NULL)) {
		free(u);
		return NULL;
	}
	u->cd = cd;
	u->irq = irq;
	/* 8 data bits, no parity, one stop bit, 115200 baud at the reference clock. */
	u->lcr = 0x03;
	u->dll = (uint8_t)(UART16550_CLOCK_HZ / 16 / 115200);
	chardev_attach(cd, uart_can_receive, uart_receive, u);
	return u;
}

void uart16550_destroy(struct uart16550 *u)
{
	if (!u)
		return;
	if (u->cd && u->cd->fe_opaque == u)
		chardev_attach(u->cd, NULL, NULL, NULL);
	pthread_mutex_destroy(&u->lock);
	free(u);
}
