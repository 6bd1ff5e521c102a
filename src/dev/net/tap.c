/*
 * tap.c - the "tap" network back-end: a host tap interface (IFF_TAP,
 * IFF_NO_PI, no virtio header: the card offers no offloads). The tap's
 * file descriptor is non-blocking and watched by the I/O thread, which
 * reads frames for the guest and writes the guest's frames.
 *
 * Invariants: neither direction blocks; a frame the host cannot take now
 * (EAGAIN) is dropped, as a busy wire drops it.
 */
#include "dev/net/net.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "core/iothread.h"
#include "core/log.h"

#define TAP_READ_BATCH 64

struct net_tap {
	struct net_backend be;
	struct iothread *io;
	int fd;
	bool watched;
	uint8_t buf[NET_MAX_FRAME];
};

static void tap_readable(void *opaque, int fd, uint32_t events)
{
	struct net_tap *t = opaque;

	for (unsigned i = 0; i < TAP_READ_BATCH; i++) {
		ssize_t n = read(fd, t->buf, sizeof(t->buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		t->be.receive(t->be.opaque, t->buf, (size_t)n);
	}
}

static int tap_start(struct net_backend *be)
{
	struct net_tap *t = container_of(be, struct net_tap, be);
	int ret = iothread_add_fd(t->io, t->fd, EPOLLIN, tap_readable, t);

	if (ret) {
		log_error("--net tap: cannot watch the tap device: %s", strerror(-ret));
		return ret;
	}
	t->watched = true;
	return 0;
}

static void tap_send(struct net_backend *be, const struct iovec *iov, unsigned cnt)
{
	struct net_tap *t = container_of(be, struct net_tap, be);
	ssize_t n;

	do
		n = writev(t->fd, iov, (int)cnt);
	while (n < 0 && errno == EINTR);
}

static void tap_destroy(struct net_backend *be)
{
	struct net_tap *t = container_of(be, struct net_tap, be);

	if (t->watched)
		iothread_del_fd(t->io, t->fd);
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

static const struct net_backend_ops net_tap_ops = {
    .name = "tap",
    .start = tap_start,
    .send = tap_send,
    .destroy = tap_destroy,
};

struct net_backend *net_tap_create(const struct vm_net_config *cfg, struct iothread *io)
{
	struct net_tap *t = calloc(1, sizeof(*t));
	struct ifreq ifr = {.ifr_flags = IFF_TAP | IFF_NO_PI};
	const char *name = cfg->ifname ? cfg->ifname : "";

	if (!t) {
		log_error("--net tap: out of memory");
		return NULL;
	}
	t->be.ops = &net_tap_ops;
	t->io = io;
	t->fd = -1;
	if (strlen(name) >= sizeof(ifr.ifr_name)) {
		log_error("--net tap: ifname=%s is longer than %zu characters", name,
			  sizeof(ifr.ifr_name) - 1);
		goto fail;
	}
	memcpy(ifr.ifr_name, name, strlen(name));
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		log_error("--net tap: cannot open /dev/net/tun: %s", strerror(errno));
		goto fail;
	}
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		log_error("--net tap,ifname=%s: cannot attach to the tap interface: %s%s", name,
			  strerror(errno),
			  errno == EPERM
			      ? " (create it first: ip tuntap add NAME mode tap user $USER)"
			      : "");
		goto fail;
	}
	return &t->be;
fail:
	tap_destroy(&t->be);
	return NULL;
}
