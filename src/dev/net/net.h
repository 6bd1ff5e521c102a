/*
 * net.h - network back-ends of the virtio network card: "user" (libslirp
 * on a private network thread) and "tap" (a host tap interface watched by
 * the I/O thread). A back-end moves whole Ethernet frames, without the
 * virtio header, between the card and the host.
 *
 * Contract: a back-end delivers nothing before start(); receive() may run
 * on any back-end thread and must copy the frame before returning; send()
 * runs on the I/O thread, never blocks and may drop a frame (a lossy wire,
 * as Ethernet is). After destroy() returns, receive() is never called again.
 */
#ifndef FVP_DEV_NET_NET_H
#define FVP_DEV_NET_NET_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include "core/compiler.h"
#include "config/vm_config.h"

struct iothread;
struct net_backend;

#define NET_MAX_FRAME 65536 /* largest frame a back-end moves (no offloads: MTU-sized) */

/* Back-end thread: one frame arrived for the guest. */
typedef void (*net_receive_fn)(void *opaque, const uint8_t *frame, size_t len);

struct net_backend_ops {
	const char *name;
	/* Begin delivering frames to be->receive. Returns 0 or -errno (logged). */
	int (*start)(struct net_backend *be);
	/* I/O thread: send one frame of cnt iovecs to the host side. */
	void (*send)(struct net_backend *be, const struct iovec *iov, unsigned cnt);
	/* Stop all back-end threads and free everything. */
	void (*destroy)(struct net_backend *be);
};

struct net_backend {
	const struct net_backend_ops *ops;
	net_receive_fn receive; /* set by the card before start */
	void *opaque;
};

/* A bounded FIFO of frames shared between threads (its own mutex). */
struct net_pkt {
	struct net_pkt *next;
	size_t len;
	uint8_t data[];
};

struct net_queue {
	pthread_mutex_t lock;
	struct net_pkt *head, *tail;
	unsigned count, max;
};

void net_queue_init(struct net_queue *q, unsigned max);
/* Free every frame and the queue's lock. */
void net_queue_destroy(struct net_queue *q);
/* Append a copy of the frame; false when it was dropped (queue full, no memory, too long). */
bool net_queue_push(struct net_queue *q, const struct iovec *iov, unsigned cnt);
/* Put p back at the head (after net_queue_pop; ignores the limit). */
void net_queue_push_front(struct net_queue *q, struct net_pkt *p);
/* Take the oldest frame (free() it when done), or NULL. */
struct net_pkt *net_queue_pop(struct net_queue *q);
/* Drop every frame. */
void net_queue_flush(struct net_queue *q);

/* User networking: 10.0.2.0/24, host 10.0.2.2, DNS 10.0.2.3, DHCP from 10.0.2.15; each
 * cfg->hostfwd listens on its host address and port. NULL on failure (one error line logged). */
struct net_backend *net_user_create(const struct vm_net_config *cfg);
/* Tap interface cfg->ifname, watched by io. NULL on failure (one error line logged). */
struct net_backend *net_tap_create(const struct vm_net_config *cfg, struct iothread *io);

#endif
