/*
 * queue.c - the bounded frame FIFO of the network back-ends (see net.h).
 *
 * Invariants: count is the number of frames linked from head; tail is the
 * last of them (NULL when empty); every field is touched under q->lock.
 */
#include "dev/net/net.h"

#include <stdlib.h>
#include "dev/virtio/iov.h"

void net_queue_init(struct net_queue *q, unsigned max)
{
	pthread_mutex_init(&q->lock, NULL);
	q->head = q->tail = NULL;
	q->count = 0;
	q->max = max;
}

void net_queue_flush(struct net_queue *q)
{
	struct net_pkt *p;

	while ((p = net_queue_pop(q)))
		free(p);
}

void net_queue_destroy(struct net_queue *q)
{
	net_queue_flush(q);
	pthread_mutex_destroy(&q->lock);
}

bool net_queue_push(struct net_queue *q, const struct iovec *iov, unsigned cnt)
{
	size_t len = iov_size(iov, cnt);
	struct net_pkt *p;

	if (len > NET_MAX_FRAME)
		return false;
	pthread_mutex_lock(&q->lock);
	bool full = q->count >= q->max;
	pthread_mutex_unlock(&q->lock);
	if (full)
		return false;
	p = malloc(sizeof(*p) + len);
	if (!p)
		return false;
	p->next = NULL;
	p->len = iov_to_buf(iov, cnt, 0, p->data, len);
	pthread_mutex_lock(&q->lock);
	if (q->tail)
		q->tail->next = p;
	else
		q->head = p;
	q->tail = p;
	q->count++;
	pthread_mutex_unlock(&q->lock);
	return true;
}

void net_queue_push_front(struct net_queue *q, struct net_pkt *p)
{
	pthread_mutex_lock(&q->lock);
	p->next = q->head;
	q->head = p;
	if (!q->tail)
		q->tail = p;
	q->count++;
	pthread_mutex_unlock(&q->lock);
}

struct net_pkt *net_queue_pop(struct net_queue *q)
{
	struct net_pkt *p;

	pthread_mutex_lock(&q->lock);
	p = q->head;
	if (p) {
		q->head = p->next;
		if (!q->head)
			q->tail = NULL;
		q->count--;
		p->next = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	return p;
}
