/*
 * api_events.h - the control API's event log: the VM's lifecycle events as
 * JSON lines, kept in a ring of the last API_EVENTS_KEPT, each with a
 * sequence number, for the streams of GET /api/v1/events.
 *
 * Any thread publishes (a vCPU that powers the guest off, the signal thread,
 * the API thread); the API thread reads. A publish writes 1 to the wake
 * eventfd given at creation, so the reader's poll loop notices.
 */
#ifndef FVP_API_API_EVENTS_H
#define FVP_API_API_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#define API_EVENTS_KEPT	    64
#define API_EVENT_MAX_BYTES 384 /* one line, '\n' included */

struct api_events;
struct json_object;

/* wake_fd: an eventfd signalled on each publish, or -1. NULL without memory. */
struct api_events *api_events_create(int wake_fd);
void api_events_destroy(struct api_events *ev);
/* Append {"timestamp_ns", "source": "vm", "event": name, "properties": props} (props is
 * taken, may be NULL). A line longer than API_EVENT_MAX_BYTES loses its properties. */
void api_events_publish(struct api_events *ev, const char *name, struct json_object *props);
/* Copy whole lines from sequence number *seq on into buf, advancing *seq (a reader that
 * fell more than API_EVENTS_KEPT behind skips to the oldest kept). Returns the bytes. */
size_t api_events_read(struct api_events *ev, uint64_t *seq, char *buf, size_t size);

#endif
