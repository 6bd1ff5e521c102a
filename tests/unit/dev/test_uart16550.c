/*
 * test_uart16550.c - the NS16550A model: line status, interrupt
 * identification priorities, the RX FIFO fed through chardev_push_input,
 * THR output to the back-end, divisor latch access, and the interrupt line.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dev/chardev.h"
#include "dev/uart16550.h"

#define RBR 0
#define THR 0
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

struct capture {
	struct chardev cd;
	uint8_t out[256];
	size_t len;
};

static void capture_write(struct chardev *cd, const uint8_t *buf, size_t len)
{
	struct capture *c = (struct capture *)cd;

	memcpy(c->out + c->len, buf, len);
	c->len += len;
}

static const struct chardev_ops capture_ops = {.write = capture_write};

static bool irq_level;
static unsigned irq_changes;

static void fake_irq_set(void *ctrl, unsigned irq, bool level)
{
	assert_int_equal(irq, 10);
	irq_level = level;
	irq_changes++;
}

struct fixture {
	struct capture cap;
	struct uart16550 *u;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	f.cap.cd.ops = &capture_ops;
	irq_level = false;
	irq_changes = 0;
	f.u = uart16550_create(&f.cap.cd, (struct irq_line){fake_irq_set, NULL, 10});
	assert_non_null(f.u);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	uart16550_destroy(f->u);
	assert_null(f->cap.cd.receive);
	return 0;
}

static uint8_t rd(struct fixture *f, unsigned reg)
{
	return (uint8_t)uart16550_mmio_ops.read(f->u, reg, 1);
}

static void wr(struct fixture *f, unsigned reg, uint8_t v)
{
	uart16550_mmio_ops.write(f->u, reg, v, 1);
}

static void test_thr_goes_to_chardev(void **state)
{
	struct fixture *f = *state;

	wr(f, THR, 'h');
	wr(f, THR, 'i');
	assert_int_equal(f->cap.len, 2);
	assert_memory_equal(f->cap.out, "hi", 2);
	assert_int_equal(rd(f, LSR) & 0x60, 0x60); /* THRE and TEMT always set */
	assert_false(irq_level);		   /* no interrupt enabled */
}

static void test_lsr_and_rx_fifo(void **state)
{
	struct fixture *f = *state;
	const uint8_t in[3] = {'a', 'b', 'c'};

	assert_int_equal(rd(f, LSR) & 1, 0);
	assert_int_equal(chardev_push_input(&f->cap.cd, in, 3), 3);
	assert_int_equal(rd(f, LSR) & 1, 1);
	assert_int_equal(rd(f, RBR), 'a');
	assert_int_equal(rd(f, RBR), 'b');
	assert_int_equal(rd(f, RBR), 'c');
	assert_int_equal(rd(f, LSR) & 1, 0);
}

static void test_rx_fifo_limit(void **state)
{
	struct fixture *f = *state;
	uint8_t in[UART16550_RX_FIFO + 10];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)i;
	/* the back-end is told how much fits and keeps the rest */
	assert_int_equal(chardev_push_input(&f->cap.cd, in, sizeof(in)), UART16550_RX_FIFO);
	assert_int_equal(chardev_push_input(&f->cap.cd, in, 1), 0);
	for (size_t i = 0; i < UART16550_RX_FIFO; i++)
		assert_int_equal(rd(f, RBR), (uint8_t)i);
	assert_int_equal(chardev_push_input(&f->cap.cd, in + 5, 1), 1);
	assert_int_equal(rd(f, RBR), 5);
	assert_int_equal(rd(f, LSR) & 0x02, 0); /* no overrun */
}

static void test_rx_interrupt(void **state)
{
	struct fixture *f = *state;
	const uint8_t in = 'x';

	wr(f, FCR, 0x01);
	assert_int_equal(rd(f, IIR), 0xc1); /* FIFO enabled, no interrupt */
	wr(f, IER, 0x01);
	assert_false(irq_level);
	chardev_push_input(&f->cap.cd, &in, 1);
	assert_true(irq_level);
	assert_int_equal(rd(f, IIR), 0xc4);
	assert_int_equal(rd(f, RBR), 'x');
	assert_false(irq_level);
	assert_int_equal(rd(f, IIR), 0xc1);
}

static void test_thre_interrupt(void **state)
{
	struct fixture *f = *state;

	/* enabling THRI with an empty transmitter raises it at once */
	wr(f, IER, 0x02);
	assert_true(irq_level);
	assert_int_equal(rd(f, IIR) & 0x0f, 0x02);
	/* reading IIR while THRI is the cause clears it */
	assert_false(irq_level);
	assert_int_equal(rd(f, IIR) & 0x0f, 0x01);
	/* a byte sent: the register is empty again, THRI pends again */
	wr(f, THR, 'z');
	assert_true(irq_level);
	/* disabling THRI drops the line */
	wr(f, IER, 0x00);
	assert_false(irq_level);
	/* re-enable, clear, disable, enable again: re-asserts (Linux's THRE test) */
	wr(f, IER, 0x02);
	assert_int_equal(rd(f, IIR) & 0x0f, 0x02);
	wr(f, IER, 0x00);
	wr(f, IER, 0x02);
	assert_int_equal(rd(f, IIR) & 0x0f, 0x02);
}

static void test_iir_priority_rx_over_thre(void **state)
{
	struct fixture *f = *state;
	const uint8_t in = 'q';

	wr(f, IER, 0x03);
	chardev_push_input(&f->cap.cd, &in, 1);
	assert_int_equal(rd(f, IIR) & 0x0f, 0x04); /* RX data first */
	rd(f, RBR);
	assert_int_equal(rd(f, IIR) & 0x0f, 0x02); /* then THRE */
	assert_int_equal(rd(f, IIR) & 0x0f, 0x01);
	assert_false(irq_level);
}

static void test_divisor_latch_and_scratch(void **state)
{
	struct fixture *f = *state;

	wr(f, LCR, 0x83);
	wr(f, 0, 0x12);
	wr(f, 1, 0x34);
	assert_int_equal(rd(f, 0), 0x12);
	assert_int_equal(rd(f, 1), 0x34);
	wr(f, LCR, 0x03);
	assert_int_equal(f->cap.len, 0); /* DLL write did not transmit */
	assert_int_equal(rd(f, IER), 0); /* IER untouched by the DLM write */
	assert_int_equal(rd(f, LCR), 0x03);
	wr(f, SCR, 0x5a);
	assert_int_equal(rd(f, SCR), 0x5a);
	wr(f, MCR, 0x0b);
	assert_int_equal(rd(f, MCR), 0x0b);
	assert_int_equal(rd(f, MSR) & 0xb0, 0xb0);
	assert_int_equal(uart16550_mmio_ops.read(f->u, 0x40, 1), 0);
}

static void test_fcr_clears_rx(void **state)
{
	struct fixture *f = *state;
	const uint8_t in[2] = {1, 2};

	wr(f, FCR, 0x01);
	chardev_push_input(&f->cap.cd, in, 2);
	wr(f, FCR, 0x03);
	assert_int_equal(rd(f, LSR) & 1, 0);
}

static void test_null_backend(void **state)
{
	struct uart16550 *u = uart16550_create(NULL, (struct irq_line){0});

	assert_non_null(u);
	uart16550_mmio_ops.write(u, THR, 'a', 1); /* dropped, no crash */
	assert_int_equal(uart16550_mmio_ops.read(u, LSR, 1) & 0x61, 0x60);
	uart16550_destroy(u);
}

static void test_chardev_fd(void **state)
{
	int fds[2];
	char buf[8] = {0};
	struct chardev *cd;

	assert_int_equal(pipe(fds), 0);
	cd = chardev_fd_create(fds[1], NULL, NULL);
	assert_non_null(cd);
	chardev_write(cd, (const uint8_t *)"ok!", 3);
	assert_int_equal(read(fds[0], buf, sizeof(buf)), 3);
	assert_string_equal(buf, "ok!");
	/* nothing attached: input is refused */
	assert_int_equal(chardev_push_input(cd, (const uint8_t *)"x", 1), 0);
	chardev_fd_destroy(cd);
	assert_null(chardev_fd_create(-1, NULL, NULL));
	close(fds[0]);
	close(fds[1]);
}

static void count_closed(void *opaque, int err)
{
	int *seen = opaque;

	assert_int_equal(err, EPIPE);
	(*seen)++;
}

/* A pipe whose reader went away: the closed callback hears of it once, later output is
 * dropped without another write (SIGPIPE ignored, as fvp does). */
static void test_chardev_fd_closed(void **state)
{
	int fds[2], seen = 0;
	struct chardev *cd;

	(void)signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(fds), 0);
	cd = chardev_fd_create(fds[1], count_closed, &seen);
	assert_non_null(cd);
	close(fds[0]);
	chardev_write(cd, (const uint8_t *)"lost", 4);
	assert_int_equal(seen, 1);
	chardev_write(cd, (const uint8_t *)"lost", 4);
	assert_int_equal(seen, 1);
	chardev_fd_destroy(cd);
	close(fds[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_thr_goes_to_chardev, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lsr_and_rx_fifo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rx_fifo_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rx_interrupt, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_thre_interrupt, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iir_priority_rx_over_thre, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_divisor_latch_and_scratch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fcr_clears_rx, setup, teardown),
	    cmocka_unit_test(test_null_backend),
	    cmocka_unit_test(test_chardev_fd),
	    cmocka_unit_test(test_chardev_fd_closed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
