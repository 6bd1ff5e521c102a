/*
 * console.c - stdin/stdout as the guest's serial console.
 *
 * When stdin is a terminal it is put in raw mode, restored on every exit
 * path (normal return, atexit, fatal signals handled by main). Ctrl-A is the
 * escape key as in QEMU: Ctrl-A X quits, Ctrl-A H lists the keys, Ctrl-A
 * Ctrl-A sends a Ctrl-A. When stdin is not a terminal (tests, pipes) bytes
 * pass through unchanged and end of input is not an error.
 * Input is pushed from this module's thread; if the UART's FIFO is full the
 * thread waits and retries, so no typed byte is dropped. When stdout goes away
 * (the reader of a pipe exits; SIGPIPE is ignored) the VM stops with a message.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "cli/console.h"
#include "core/log.h"
#include "core/sandbox.h"

#define CTRL_A 0x01

struct console {
	struct chardev *out;
	struct vm *vm;
	pthread_t thread;
	bool thread_running;
	int quit_pipe[2];
	bool escape;
};

static struct termios saved_termios;
static bool termios_saved;

void console_restore_terminal(void)
{
	if (termios_saved) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
		termios_saved = false;
	}
}

/* stdout failed for good (vCPU thread, under the UART's lock). */
static void console_output_closed(void *opaque, int err)
{
	struct console *con = opaque;

	log_warn("console output closed (%s): stopping the VM", strerror(err));
	if (con->vm)
		vm_request_stop(con->vm, VM_STOP_USER, "console output closed");
}

struct console *console_create(void)
{
	struct console *con = calloc(1, sizeof(*con));

	if (!con)
		return NULL;
	con->out = chardev_fd_create(STDOUT_FILENO, console_output_closed, con);
	if (!con->out || pipe(con->quit_pipe)) {
		if (con->out)
			chardev_fd_destroy(con->out);
		free(con);
		return NULL;
	}
	return con;
}

struct chardev *console_chardev(struct console *con)
{
	return con->out;
}

static void console_say(const char *msg)
{
	ssize_t r = write(STDERR_FILENO, msg, strlen(msg));
	(void)r;
}

/* Push bytes into the guest, waiting while the device is full. */
static void console_feed(struct console *con, const uint8_t *buf, size_t len)
{
	while (len) {
		size_t n = chardev_push_input(con->out, buf, len);
		if (!n) {
			if (vm_stopping(con->vm))
				return;
			usleep(2000);
			continue;
		}
		buf += n;
		len -= n;
	}
}

static void console_key(struct console *con, uint8_t c)
{
	if (!con->escape) {
		if (c == CTRL_A)
			con->escape = true;
		else
			console_feed(con, &c, 1);
		return;
	}
	con->escape = false;
	switch (c) {
	case 'x':
	case 'X':
		console_say("\r\nfvp: terminated by Ctrl-A X\r\n");
		vm_request_stop(con->vm, VM_STOP_USER, "terminated by Ctrl-A X");
		break;
	case 'h':
	case 'H':
	case '?':
		console_say("\r\nC-a h    print this help\r\n"
			    "C-a x    exit emulator\r\n"
			    "C-a C-a  send C-a\r\n");
		break;
	case CTRL_A:
		console_feed(con, &c, 1);
		break;
	default:
		break;
	}
}

static void *console_thread(void *arg)
{
	struct console *con = arg;
	uint8_t buf[256];
	bool tty;

	sandbox_enter(SANDBOX_CONSOLE);
	tty = isatty(STDIN_FILENO);

	for (;;) {
		struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
					{.fd = con->quit_pipe[0], .events = POLLIN}};
		ssize_t n;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[1].revents)
			break;
		if (!(fds[0].revents & (POLLIN | POLLHUP)))
			continue;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			/* end of input: keep running the guest, just stop reading */
			struct pollfd q = {.fd = con->quit_pipe[0], .events = POLLIN};
			poll(&q, 1, -1);
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (tty)
				console_key(con, buf[i]);
			else
				console_feed(con, &buf[i], 1);
		}
	}
	return NULL;
}

int console_start(struct console *con, struct vm *vm)
{
	con->vm = vm;
	if (isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &saved_termios)) {
		struct termios raw = saved_termios;
		cfmakeraw(&raw);
		raw.c_oflag |= OPOST | ONLCR; /* keep host-side messages readable */
		termios_saved = true;
		/* raw mode only when the terminal is sure to be restored at exit */
		if (atexit(console_restore_terminal) == 0)
			tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	if (pthread_create(&con->thread, NULL, console_thread, con)) {
		console_restore_terminal();
		return -EAGAIN;
	}
	con->thread_running = true;
	return 0;
}

void console_stop(struct console *con)
{
	if (!con)
		return;
	if (con->thread_running) {
		ssize_t r = write(con->quit_pipe[1], "q", 1);
		(void)r;
		pthread_join(con->thread, NULL);
		con->thread_running = false;
	}
	console_restore_terminal();
}

void console_destroy(struct console *con)
{
	if (!con)
		return;
	console_stop(con);
	close(con->quit_pipe[0]);
	close(con->quit_pipe[1]);
	chardev_fd_destroy(con->out);
	free(con);
}
