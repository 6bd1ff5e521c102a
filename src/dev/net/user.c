/*
 * user.c - the "user" network back-end: libslirp (a user-space TCP/IP
 * stack with DHCP and DNS) on a private network thread.
 *
 * libslirp is not thread-safe, so only the network thread ever calls it:
 * frames from the guest (send, on the I/O thread) go through a FIFO and
 * an eventfd that wakes the thread; the thread's loop is slirp_pollfds_fill,
 * poll(2) on slirp's sockets plus that eventfd, slirp_pollfds_poll, then
 * the due timers. Frames for the guest leave through send_packet on the
 * same thread.
 *
 * Network: 10.0.2.0/24, host (and the host's 127.0.0.1) at 10.0.2.2, DNS at
 * 10.0.2.3, DHCP leases from 10.0.2.15; no IPv6. Port forwards (TCP or
 * UDP) listen on the host address the user gave (the command line's
 * default is 127.0.0.1) and lead to an address on 10.0.2.0/24, by default
 * 10.0.2.15, the guest's first lease.
 */
#include "dev/net/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <slirp/libslirp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "core/iothread.h"
#include "core/log.h"
#include "core/sandbox.h"

#define USER_TX_QUEUE	 1024
#define USER_MAX_WAIT_MS 1000u

struct user_timer {
	struct user_timer *next;
	SlirpTimerCb cb;
	void *cb_opaque;
	int64_t expire_ms; /* -1: not armed */
};

struct net_user {
	struct net_backend be;
	Slirp *slirp;
	pthread_t thread;
	bool started;
	bool stop; /* atomic */
	int wake_fd;
	struct net_queue txq;
	struct user_timer *timers;
	struct pollfd *pfd;
	unsigned npfd, pfd_cap;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
	struct net_user *u = opaque;

	u->be.receive(u->be.opaque, buf, len);
	return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
	log_warn_limited("net user: guest error: %s", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
	return now_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct net_user *u = opaque;
	struct user_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cb = cb;
	t->cb_opaque = cb_opaque;
	t->expire_ms = -1;
	t->next = u->timers;
	u->timers = t;
	return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
	struct net_user *u = opaque;

	for (struct user_timer **p = &u->timers; *p; p = &(*p)->next) {
		if (*p == timer) {
			*p = (*p)->next;
			free(timer);
			return;
		}
	}
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct user_timer *t = timer;

	if (t)
		t->expire_ms = expire_ms;
}

static void cb_register_poll_fd(int fd, void *opaque)
{
}

static void cb_unregister_poll_fd(int fd, void *opaque)
{
}

static void cb_notify(void *opaque)
{
	struct net_user *u = opaque;

	iothread_event_signal(u->wake_fd);
}

static const SlirpCb user_callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
};

static int add_poll(int fd, int events, void *opaque)
{
	struct net_user *u = opaque;
	short ev = 0;

	if (u->npfd == u->pfd_cap) {
		struct pollfd *n = realloc(u->pfd, 2 * u->pfd_cap * sizeof(*n));

		if (!n)
			return -1; /* slirp then does not look at this socket */
		u->pfd = n;
		u->pfd_cap *= 2;
	}
	if (events & SLIRP_POLL_IN)
		ev |= POLLIN;
	if (events & SLIRP_POLL_OUT)
		ev |= POLLOUT;
	if (events & SLIRP_POLL_PRI)
		ev |= POLLPRI;
	u->pfd[u->npfd] = (struct pollfd){.fd = fd, .events = ev};
	return (int)u->npfd++;
}

static int get_revents(int idx, void *opaque)
{
	struct net_user *u = opaque;
	short rev;
	int ev = 0;

	if (idx < 1 || (unsigned)idx >= u->npfd)
		return 0;
	rev = u->pfd[idx].revents;
	if (rev & POLLIN)
		ev |= SLIRP_POLL_IN;
	if (rev & POLLOUT)
		ev |= SLIRP_POLL_OUT;
	if (rev & POLLPRI)
		ev |= SLIRP_POLL_PRI;
	if (rev & POLLERR)
		ev |= SLIRP_POLL_ERR;
	if (rev & POLLHUP)
		ev |= SLIRP_POLL_HUP;
	return ev;
}

/* Milliseconds until the next armed timer, at most USER_MAX_WAIT_MS. */
static uint32_t timer_wait_ms(struct net_user *u)
{
	int64_t now = now_ns() / 1000000;
	uint32_t wait = USER_MAX_WAIT_MS;

	for (struct user_timer *t = u->timers; t; t = t->next) {
		if (t->expire_ms < 0)
			continue;
		if (t->expire_ms <= now)
			return 0;
		if (t->expire_ms - now < wait)
			wait = (uint32_t)(t->expire_ms - now);
	}
	return wait;
}

/* Fire the due timers; a callback may re-arm or free timers, so rescan after each. */
static void run_timers(struct net_user *u)
{
	bool fired;

	do {
		int64_t now = now_ns() / 1000000;

		fired = false;
		for (struct user_timer *t = u->timers; t; t = t->next) {
			if (t->expire_ms >= 0 && t->expire_ms <= now) {
				t->expire_ms = -1;
				t->cb(t->cb_opaque);
				fired = true;
				break;
			}
		}
	} while (fired);
}

static void *user_thread(void *arg)
{
	struct net_user *u = arg;

	pthread_setname_np(pthread_self(), "fvp-net");
	sandbox_enter(SANDBOX_NET);
	while (!__atomic_load_n(&u->stop, __ATOMIC_ACQUIRE)) {
		struct net_pkt *p;
		uint32_t timeout;
		int n;

		while ((p = net_queue_pop(&u->txq))) {
			slirp_input(u->slirp, p->data, (int)p->len);
			free(p);
		}
		timeout = timer_wait_ms(u);
		u->npfd = 1;
		u->pfd[0] = (struct pollfd){.fd = u->wake_fd, .events = POLLIN};
		slirp_pollfds_fill(u->slirp, &timeout, add_poll, u);
		n = poll(u->pfd, u->npfd, (int)timeout);
		if (n > 0 && (u->pfd[0].revents & POLLIN))
			iothread_event_clear(u->wake_fd);
		slirp_pollfds_poll(u->slirp, n < 0, get_revents, u);
		run_timers(u);
	}
	return NULL;
}

static int user_start(struct net_backend *be)
{
	struct net_user *u = container_of(be, struct net_user, be);
	int ret = pthread_create(&u->thread, NULL, user_thread, u);

	if (ret) {
		log_error("--net user: cannot start the network thread: %s", strerror(ret));
		return -ret;
	}
	u->started = true;
	return 0;
}

static void user_send(struct net_backend *be, const struct iovec *iov, unsigned cnt)
{
	struct net_user *u = container_of(be, struct net_user, be);

	if (net_queue_push(&u->txq, iov, cnt))
		iothread_event_signal(u->wake_fd);
}

static void user_destroy(struct net_backend *be)
{
	struct net_user *u = container_of(be, struct net_user, be);

	if (u->started) {
		__atomic_store_n(&u->stop, true, __ATOMIC_RELEASE);
		iothread_event_signal(u->wake_fd);
		pthread_join(u->thread, NULL);
	}
	if (u->slirp)
		slirp_cleanup(u->slirp);
	while (u->timers)
		cb_timer_free(u->timers, u);
	net_queue_destroy(&u->txq);
	if (u->wake_fd >= 0)
		close(u->wake_fd);
	free(u->pfd);
	free(u);
}

static const struct net_backend_ops net_user_ops = {
    .name = "user",
    .start = user_start,
    .send = user_send,
    .destroy = user_destroy,
};

static struct in_addr ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return (struct in_addr){.s_addr = htonl((uint32_t)a << 24 | b << 16 | c << 8 | d)};
}

/* On the user network and not its network, broadcast, host or DNS address. */
static bool is_guest_addr(const SlirpConfig *sc, struct in_addr addr)
{
	uint32_t a = ntohl(addr.s_addr), mask = ntohl(sc->vnetmask.s_addr);

	return (a & mask) == ntohl(sc->vnetwork.s_addr) && (a & ~mask) &&
	       (a | mask) != UINT32_MAX && addr.s_addr != sc->vhost.s_addr &&
	       addr.s_addr != sc->vnameserver.s_addr;
}

/* Why a host port cannot be listened on, with what to do about it. */
static const char *hostfwd_failure(int err)
{
	switch (err) {
	case EACCES:
		return "permission denied (ports below the host's unprivileged port start, "
		       "1024 by default, need root or CAP_NET_BIND_SERVICE: use a higher port)";
	case EADDRINUSE:
		return "the port is in use (another hostfwd or program listens there)";
	case EADDRNOTAVAIL:
		return "this host has no such address (use 127.0.0.1, 0.0.0.0 or one of its own)";
	default:
		return "port in use, or an address this host does not have?";
	}
}

/* One hostfwd= forward; 0, or -EINVAL with one error line logged. */
static int add_hostfwd(Slirp *slirp, const SlirpConfig *sc, const struct vm_net_hostfwd *f)
{
	struct in_addr host = {.s_addr = htonl(f->host_addr)};
	struct in_addr guest = sc->vdhcp_start; /* an empty GUESTADDR: the DHCP address */
	const char *proto = f->udp ? "udp" : "tcp";
	char host_s[INET_ADDRSTRLEN], guest_s[INET_ADDRSTRLEN];

	if (f->guest_addr)
		guest.s_addr = htonl(f->guest_addr);
	inet_ntop(AF_INET, &host, host_s, sizeof(host_s));
	inet_ntop(AF_INET, &guest, guest_s, sizeof(guest_s));
	if (!is_guest_addr(sc, guest)) {
		log_error("--net user: hostfwd=%s:%s:%u-%s:%u: %s is no guest's address on "
			  "10.0.2.0/24 (10.0.2.2 is the host, .3 the DNS server; leave it empty "
			  "for 10.0.2.15)",
			  proto, host_s, f->host_port, guest_s, f->guest_port, guest_s);
		return -EINVAL;
	}
	errno = 0;
	if (slirp_add_hostfwd(slirp, f->udp, host, f->host_port, guest, f->guest_port) < 0) {
		int err = errno; /* libslirp keeps bind's errno */

		log_error("--net user: hostfwd=%s:%s:%u-%s:%u: cannot listen on %s %s:%u: %s",
			  proto, host_s, f->host_port, guest_s, f->guest_port, proto, host_s,
			  f->host_port, hostfwd_failure(err));
		return -EINVAL;
	}
	return 0;
}

struct net_backend *net_user_create(const struct vm_net_config *cfg)
{
	struct net_user *u = calloc(1, sizeof(*u));
	SlirpConfig sc = {
	    .version = 4,
	    .restricted = cfg->restricted,
	    .in_enabled = true,
	    .vnetwork = ipv4(10, 0, 2, 0),
	    .vnetmask = ipv4(255, 255, 255, 0),
	    .vhost = ipv4(10, 0, 2, 2),
	    .vhostname = "fvp",
	    .vdhcp_start = ipv4(10, 0, 2, 15),
	    .vnameserver = ipv4(10, 0, 2, 3),
	    .if_mtu = 1500,
	    .if_mru = 1500,
	};

	if (!u) {
		log_error("--net user: out of memory");
		return NULL;
	}
	u->be.ops = &net_user_ops;
	net_queue_init(&u->txq, USER_TX_QUEUE);
	u->wake_fd = iothread_event_create();
	u->pfd_cap = 16;
	u->pfd = calloc(u->pfd_cap, sizeof(*u->pfd));
	if (u->wake_fd < 0 || !u->pfd) {
		log_error("--net user: out of memory or file descriptors");
		goto fail;
	}
	u->slirp = slirp_new(&sc, &user_callbacks, u);
	if (!u->slirp) {
		log_error("--net user: libslirp could not start");
		goto fail;
	}
	for (unsigned i = 0; i < cfg->nhostfwd; i++)
		if (add_hostfwd(u->slirp, &sc, &cfg->hostfwd[i]))
			goto fail;
	return &u->be;
fail:
	user_destroy(&u->be);
	return NULL;
}
