/*
 * gdb_stub.c - the stub's socket, thread and sessions (commands: gdb_commands.c).
 *
 * A session starts when a debugger connects: the VM is paused (gdb expects a
 * stopped target) and stays under the debugger until it detaches, kills the VM
 * or goes away; then breakpoints are cleared and the guest runs on. While the
 * VM runs, the thread waits for a packet (Ctrl-C), a posted stop
 * (vm_debug.notify_fd) or the VM's end, which it reports as gdb's exit reply.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/engine_ops.h"
#include "core/frontend_ops.h"
#include "core/log.h"
#include "core/sandbox.h"
#include "debug/gdb_internal.h"
#include "debug/gdb_stub.h"

#define RUNNING_POLL_MS 100 /* how soon a VM that stopped on its own is reported */

int gdb_send(struct gdb_stub *s, const char *payload, size_t len)
{
	size_t off = 0;

	s->out_len = gdb_frame(s->out, sizeof(s->out), payload, len);
	if (!s->out_len)
		s->out_len = gdb_frame(s->out, sizeof(s->out), "E01", 3);
	while (off < s->out_len) {
		ssize_t n = send(s->conn_fd, s->out + off, s->out_len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;
		off += (size_t)n;
	}
	return 0;
}

int gdb_send_str(struct gdb_stub *s, const char *payload)
{
	return gdb_send(s, payload, strlen(payload));
}

static int send_raw(struct gdb_stub *s, const char *bytes, size_t len)
{
	return send(s->conn_fd, bytes, len, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -EPIPE;
}

void gdb_stop_vm(struct gdb_stub *s)
{
	vm_pause(s->vm);
}

static int parse_tcp(const char *spec, struct sockaddr_in *sin)
{
	char host[64] = "127.0.0.1";
	const char *colon = strrchr(spec, ':');
	const char *port = colon ? colon + 1 : spec;
	char *end;
	unsigned long p;

	if (colon) {
		size_t n = (size_t)(colon - spec);
		if (n == 0 || n >= sizeof(host))
			return -EINVAL;
		memcpy(host, spec, n);
		host[n] = '\0';
	}
	errno = 0;
	p = strtoul(port, &end, 10);
	if (errno || end == port || *end || p > 65535)
		return -EINVAL;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)p);
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -EINVAL;
}

/* Bind and listen as spec says; the socket, or -errno (-EINVAL: spec is malformed). */
static int open_listener(struct gdb_stub *s, const char *spec)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (!strncmp(spec, "tcp:", 4)) {
		if (parse_tcp(spec + 4, (struct sockaddr_in *)&ss))
			return -EINVAL;
		len = sizeof(struct sockaddr_in);
	} else if (!strncmp(spec, "unix:", 5) && spec[5] &&
		   strlen(spec + 5) < sizeof(((struct sockaddr_un *)0)->sun_path)) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		struct stat st;

		sun->sun_family = AF_UNIX;
		snprintf(sun->sun_path, sizeof(sun->sun_path), "%s", spec + 5);
		len = sizeof(*sun);
		/* a socket left by an earlier run that was killed; never any other kind of file */
		if (!lstat(sun->sun_path, &st) && S_ISSOCK(st.st_mode))
			unlink(sun->sun_path);
	} else {
		return -EINVAL;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (ss.ss_family == AF_INET)
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 1)) {
		int err = -errno;
		close(fd);
		return err;
	}
	if (ss.ss_family == AF_UNIX) {
		s->is_unix = true;
		snprintf(s->unix_path, sizeof(s->unix_path), "%s", spec + 5);
		snprintf(s->address, sizeof(s->address), "unix:%s", spec + 5);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		char host[INET_ADDRSTRLEN];
		len = sizeof(*sin);
		getsockname(fd, (struct sockaddr *)sin, &len);
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		snprintf(s->address, sizeof(s->address), "tcp:%s:%u", host, ntohs(sin->sin_port));
	}
	return fd;
}

struct gdb_stub *gdb_stub_create(struct vm *vm, const char *spec)
{
	struct gdb_stub *s;
	int fd;

	/* the stub drives soft CPUs (breakpoints at translation, soft-MMU watchpoints) */
	if (!strcmp(vm->engine->name, "kvm")) {
		log_error(
		    "--gdb: not under KVM yet (docs/DEBUGGING.md): use --engine interp, jit or "
		    "hybrid");
		return NULL;
	}
	if (!vm->fe->debug) {
		log_error("--gdb: the %s frontend cannot be debugged yet (docs/DEBUGGING.md)",
			  vm->fe->name);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->vm = vm;
	s->ops = vm->fe->debug;
	s->conn_fd = -1;
	s->wake_fd = eventfd(0, EFD_CLOEXEC);
	s->dbg = vm_debug_create();
	fd = s->wake_fd < 0 || !s->dbg ? -ENOMEM : open_listener(s, spec);
	if (fd < 0) {
		if (fd == -EINVAL)
			log_error("--gdb '%s' is invalid: use tcp:[HOST:]PORT or unix:PATH", spec);
		else
			log_error("--gdb %s: cannot listen there: %s", spec, strerror(-fd));
		s->listen_fd = -1;
		gdb_stub_destroy(s);
		return NULL;
	}
	s->listen_fd = fd;
	vm->debug = s->dbg;
	return s;
}

const char *gdb_stub_address(const struct gdb_stub *stub)
{
	return stub->address;
}

/* The VM stopped on its own while running under the debugger: gdb's exit reply. */
static void report_vm_end(struct gdb_stub *s)
{
	s->running = false;
	s->detach = true;
	(void)gdb_send_str(s, s->vm->stop_reason == VM_STOP_POWEROFF ? "W00" : "X0f");
}

static void take_stop(struct gdb_stub *s)
{
	struct debug_event ev = debug_peek_event(s->dbg);

	if (ev.kind == DEBUG_STOP_NONE || !s->running)
		return;
	gdb_stop_vm(s);
	s->last = ev;
	s->running = false;
	s->g_cpu = s->c_cpu = ev.cpu;
	(void)gdb_send_stop_reply(s);
}

/* Feed received bytes; -errno ends the session. */
static int take_bytes(struct gdb_stub *s, const uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n && !s->detach; i++) {
		struct debug_event ev = {.kind = DEBUG_STOP_INTERRUPT};
		int ret = 0;

		switch (gdb_rx_feed(&s->rx, buf[i])) {
		case GDB_RX_PACKET:
			if (!s->no_ack)
				ret = send_raw(s, "+", 1);
			if (!ret)
				ret = gdb_handle_packet(s, s->rx.buf, s->rx.len);
			break;
		case GDB_RX_BAD:
			ret = send_raw(s, "-", 1);
			break;
		case GDB_RX_INTERRUPT:
			ev.cpu = s->c_cpu;
			if (s->running)
				debug_post_event(s->dbg, &ev); /* or a vCPU's stop came first */
			break;
		case GDB_RX_NACK:
			if (s->out_len)
				ret = send_raw(s, s->out, s->out_len);
			break;
		default:
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

/* The debugger went away (or detached): the guest runs on without breakpoints. */
static void end_session(struct gdb_stub *s)
{
	close(s->conn_fd);
	s->conn_fd = -1;
	if (vm_stopping(s->vm))
		return;
	if (s->running)
		gdb_stop_vm(s);
	s->dbg->nbreakpoints = 0;
	for (unsigned i = 0; i < DEBUG_MAX_CPUS; i++)
		s->dbg->action[i] = DEBUG_RUN;
	debug_begin_resume(s->dbg);
	vm_resume(s->vm);
}

static void serve(struct gdb_stub *s)
{
	uint8_t buf[4096];

	gdb_rx_init(&s->rx);
	s->no_ack = s->running = s->physical = s->detach = false;
	s->g_cpu = s->c_cpu = 0;
	s->out_len = 0;
	gdb_stop_vm(s);
	s->last = (struct debug_event){.kind = DEBUG_STOP_STEP, .cpu = 0};
	while (!__atomic_load_n(&s->quit, __ATOMIC_ACQUIRE) && !s->detach) {
		struct pollfd p[3] = {{.fd = s->conn_fd, .events = POLLIN},
				      {.fd = s->dbg->notify_fd, .events = POLLIN},
				      {.fd = s->wake_fd, .events = POLLIN}};
		ssize_t n;

		if (poll(p, 3, s->running ? RUNNING_POLL_MS : -1) < 0 && errno != EINTR)
			break;
		if (s->running && vm_stopping(s->vm)) {
			report_vm_end(s);
			break;
		}
		if (p[1].revents & POLLIN)
			take_stop(s);
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(s->conn_fd, buf, sizeof(buf));
		if (n <= 0 || take_bytes(s, buf, (size_t)n))
			break;
	}
	end_session(s);
}

static void *stub_thread(void *arg)
{
	struct gdb_stub *s = arg;

	sandbox_enter(SANDBOX_GDB);
	while (!__atomic_load_n(&s->quit, __ATOMIC_ACQUIRE)) {
		struct pollfd p[2] = {{.fd = s->listen_fd, .events = POLLIN},
				      {.fd = s->wake_fd, .events = POLLIN}};
		int one = 1;

		if (poll(p, 2, -1) < 0 || !(p[0].revents & POLLIN))
			continue;
		s->conn_fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (s->conn_fd < 0)
			continue;
		if (!s->is_unix)
			(void)setsockopt(s->conn_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		serve(s);
	}
	if (s->is_unix)
		unlink(s->unix_path); /* its own socket, on the way out */
	return NULL;
}

int gdb_stub_start(struct gdb_stub *s)
{
	int ret = -pthread_create(&s->thread, NULL, stub_thread, s);

	s->started = !ret;
	return ret;
}

void gdb_stub_destroy(struct gdb_stub *s)
{
	static const uint64_t one = 1;

	if (!s)
		return;
	if (s->started) {
		__atomic_store_n(&s->quit, true, __ATOMIC_RELEASE);
		if (write(s->wake_fd, &one, sizeof(one)) < 0)
			log_warn("gdb stub: cannot wake its thread: %s", strerror(errno));
		pthread_join(s->thread, NULL);
	}
	if (s->vm && s->vm->debug == s->dbg)
		s->vm->debug = NULL;
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	if (s->wake_fd >= 0)
		close(s->wake_fd);
	vm_debug_destroy(s->dbg);
	free(s);
}
