/*
 * debug.c - the state a debugger shares with the vCPU threads (see debug.h for
 * who may change what and when).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "core/debug.h"

struct vm_debug *vm_debug_create(void)
{
	struct vm_debug *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->notify_fd < 0) {
		free(d);
		return NULL;
	}
	pthread_mutex_init(&d->lock, NULL);
	return d;
}

void vm_debug_destroy(struct vm_debug *d)
{
	if (!d)
		return;
	close(d->notify_fd);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

bool debug_breakpoint_at(const struct vm_debug *d, uint64_t pc)
{
	for (unsigned i = 0; i < d->nbreakpoints; i++)
		if (d->breakpoints[i] == pc)
			return true;
	return false;
}

int debug_breakpoint_insert(struct vm_debug *d, uint64_t pc)
{
	if (debug_breakpoint_at(d, pc))
		return 0;
	if (d->nbreakpoints == DEBUG_MAX_BREAKPOINTS)
		return -ENOSPC;
	d->breakpoints[d->nbreakpoints++] = pc;
	return 0;
}

int debug_breakpoint_remove(struct vm_debug *d, uint64_t pc)
{
	for (unsigned i = 0; i < d->nbreakpoints; i++) {
		if (d->breakpoints[i] == pc) {
			d->breakpoints[i] = d->breakpoints[--d->nbreakpoints];
			return 0;
		}
	}
	return -ENOENT;
}

int debug_watch_insert(struct vm_debug *d, uint64_t addr, uint64_t len, enum debug_watch_kind kind)
{
	if (!len || addr + len < addr)
		return -EINVAL;
	if (d->nwatchpoints == DEBUG_MAX_WATCHPOINTS)
		return -ENOSPC;
	d->watchpoints[d->nwatchpoints++] =
	    (struct debug_watchpoint){.addr = addr, .len = len, .kind = kind};
	return 0;
}

int debug_watch_remove(struct vm_debug *d, uint64_t addr, uint64_t len, enum debug_watch_kind kind)
{
	for (unsigned i = 0; i < d->nwatchpoints; i++) {
		const struct debug_watchpoint *w = &d->watchpoints[i];

		if (w->addr == addr && w->len == len && w->kind == kind) {
			d->watchpoints[i] = d->watchpoints[--d->nwatchpoints];
			return 0;
		}
	}
	return -ENOENT;
}

/* Do [a, a + alen) and [b, b + blen) overlap? (Neither wraps: insert refuses that.) */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

bool debug_watch_page(const struct vm_debug *d, uint64_t page)
{
	for (unsigned i = 0; i < d->nwatchpoints; i++)
		if (overlaps(d->watchpoints[i].addr, d->watchpoints[i].len, page, 4096))
			return true;
	return false;
}

const struct debug_watchpoint *debug_watch_hit(const struct vm_debug *d, uint64_t vaddr,
					       unsigned size, bool write, uint64_t *at)
{
	for (unsigned i = 0; i < d->nwatchpoints; i++) {
		const struct debug_watchpoint *w = &d->watchpoints[i];

		if (w->kind != DEBUG_WATCH_ACCESS && (w->kind == DEBUG_WATCH_WRITE) != write)
			continue;
		if (overlaps(w->addr, w->len, vaddr, size)) {
			*at = vaddr > w->addr ? vaddr : w->addr;
			return w;
		}
	}
	return NULL;
}

bool debug_post_event(struct vm_debug *d, const struct debug_event *ev)
{
	static const uint64_t one = 1;
	bool posted = false;

	pthread_mutex_lock(&d->lock);
	if (d->event.kind == DEBUG_STOP_NONE) {
		d->event.cpu = ev->cpu;
		d->event.addr = ev->addr;
		d->event.watch = ev->watch;
		__atomic_store_n(&d->event.kind, ev->kind, __ATOMIC_RELEASE);
		posted = true;
	}
	pthread_mutex_unlock(&d->lock);
	if (posted) {
		/* fails only on a full counter: a wake-up is due anyway */
		ssize_t n = write(d->notify_fd, &one, sizeof(one));
		(void)n;
	}
	return posted;
}

bool debug_event_pending(struct vm_debug *d)
{
	return __atomic_load_n(&d->event.kind, __ATOMIC_ACQUIRE) != DEBUG_STOP_NONE;
}

struct debug_event debug_peek_event(struct vm_debug *d)
{
	struct debug_event ev;

	pthread_mutex_lock(&d->lock);
	ev.kind = __atomic_load_n(&d->event.kind, __ATOMIC_ACQUIRE);
	ev.cpu = d->event.cpu;
	ev.addr = d->event.addr;
	ev.watch = d->event.watch;
	pthread_mutex_unlock(&d->lock);
	return ev;
}

void debug_begin_resume(struct vm_debug *d)
{
	uint64_t count;

	pthread_mutex_lock(&d->lock);
	__atomic_store_n(&d->event.kind, DEBUG_STOP_NONE, __ATOMIC_RELEASE);
	d->resume_epoch++;
	pthread_mutex_unlock(&d->lock);
	/* drain the wake-up of the event just handled (EAGAIN: there was none) */
	ssize_t n = read(d->notify_fd, &count, sizeof(count));
	(void)n;
}
