/*
 * api_events.c - the event ring (api_events.h).
 *
 * Invariants: lines[seq % API_EVENTS_KEPT] holds event seq for every seq in
 * [next - kept, next); all under lock, so publishers on any thread and the
 * reader on the API thread never see a half-written line.
 */
#include <json-c/json.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "api/api_events.h"
#include "core/clock.h"

struct api_events {
	pthread_mutex_t lock;
	int wake_fd;
	uint64_t next; /* sequence number of the next event */
	char lines[API_EVENTS_KEPT][API_EVENT_MAX_BYTES];
};

struct api_events *api_events_create(int wake_fd)
{
	struct api_events *ev = calloc(1, sizeof(*ev));

	if (!ev)
		return NULL;
	pthread_mutex_init(&ev->lock, NULL);
	ev->wake_fd = wake_fd;
	return ev;
}

void api_events_destroy(struct api_events *ev)
{
	if (!ev)
		return;
	pthread_mutex_destroy(&ev->lock);
	free(ev);
}

/* The event as one JSON line in line (API_EVENT_MAX_BYTES); props is taken. */
static void format_event(char *line, const char *name, struct json_object *props)
{
	struct json_object *obj = json_object_new_object();
	const char *text;

	json_object_object_add(obj, "timestamp_ns", json_object_new_uint64(host_clock_ns()));
	json_object_object_add(obj, "source", json_object_new_string("vm"));
	json_object_object_add(obj, "event", json_object_new_string(name));
	json_object_object_add(obj, "properties", props);
	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN);
	if (strlen(text) + 2 > API_EVENT_MAX_BYTES) {
		json_object_object_add(obj, "properties", NULL);
		text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN);
	}
	snprintf(line, API_EVENT_MAX_BYTES, "%s\n", text);
	json_object_put(obj);
}

void api_events_publish(struct api_events *ev, const char *name, struct json_object *props)
{
	char line[API_EVENT_MAX_BYTES];
	uint64_t one = 1;

	format_event(line, name, props);
	pthread_mutex_lock(&ev->lock);
	memcpy(ev->lines[ev->next % API_EVENTS_KEPT], line, sizeof(line));
	ev->next++;
	pthread_mutex_unlock(&ev->lock);
	if (ev->wake_fd >= 0 && write(ev->wake_fd, &one, sizeof(one)) < 0)
		return; /* the counter is full: a wake-up is pending anyway */
}

size_t api_events_read(struct api_events *ev, uint64_t *seq, char *buf, size_t size)
{
	size_t used = 0;

	pthread_mutex_lock(&ev->lock);
	if (ev->next > API_EVENTS_KEPT && *seq < ev->next - API_EVENTS_KEPT)
		*seq = ev->next - API_EVENTS_KEPT;
	for (; *seq < ev->next; ++*seq) {
		const char *line = ev->lines[*seq % API_EVENTS_KEPT];
		size_t len = strlen(line);

		if (used + len > size)
			break;
		// NOLINTNEXTLINE(bugprone-not-null-terminated-result): lines of bytes, no NUL
		memcpy(buf + used, line, len);
		used += len;
	}
	pthread_mutex_unlock(&ev->lock);
	return used;
}
