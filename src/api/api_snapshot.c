/*
 * api_snapshot.c - PUT vm.snapshot and vm.restore (Cloud Hypervisor's bodies).
 *
 * vm.snapshot pauses a running VM quietly (the events say snapshot-started, -progress,
 * -done or -failed instead of paused and resumed), writes the file on the API thread
 * (core/vm_snapshot.h; the thread's seccomp policy allows exactly what that needs) and
 * resumes the VM if it was running, whether the write worked or not. vm.restore is a 409:
 * restoring means building the VM from the file before it runs, which fvp run --restore
 * does; a VM that exists cannot become another in place.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include "api/api_events.h"
#include "api/api_routes.h"
#include "core/clock.h"
#include "core/vm.h"
#include "core/vm_snapshot.h"

#define HTTP_NO_CONTENT	  204
#define HTTP_BAD_REQUEST  400
#define HTTP_CONFLICT	  409
#define HTTP_SERVER_ERROR 500
#define FILE_URL_PREFIX	  "file://"

static int reply_message(struct json_object **reply, int status, const char *msg)
{
	*reply = api_message(msg);
	return status;
}

/* The path of body's url_key ("file:///abs/path"), or NULL. */
static const char *file_url_path(struct json_object *body, const char *url_key)
{
	struct json_object *url;
	const char *s;

	if (!body || !json_object_object_get_ex(body, url_key, &url) ||
	    !json_object_is_type(url, json_type_string))
		return NULL;
	s = json_object_get_string(url);
	if (strncmp(s, FILE_URL_PREFIX, strlen(FILE_URL_PREFIX)) != 0)
		return NULL;
	s += strlen(FILE_URL_PREFIX);
	return s[0] == '/' ? s : NULL;
}

static void publish_progress(void *opaque, uint64_t done, uint64_t total)
{
	struct json_object *props = json_object_new_object();

	json_object_object_add(props, "ram_bytes_done", json_object_new_uint64(done));
	json_object_object_add(props, "ram_bytes_total", json_object_new_uint64(total));
	api_events_publish(opaque, "snapshot-progress", props);
}

/* Write the snapshot of the parked VM; the events say how it went. 204 or an error. */
static int write_snapshot(const struct api_context *ctx, const char *path,
			  struct json_object **reply)
{
	struct json_object *props = json_object_new_object();
	char why[256];
	uint64_t t0 = host_clock_ns();
	int ret;

	json_object_object_add(props, "path", json_object_new_string(path));
	api_events_publish(ctx->events, "snapshot-started", props);
	ret = vm_snapshot_save(ctx->vm, path, publish_progress, ctx->events, why, sizeof(why));
	props = json_object_new_object();
	if (ret) {
		json_object_object_add(props, "message", json_object_new_string(why));
		api_events_publish(ctx->events, "snapshot-failed", props);
		return reply_message(
		    reply, ret == -ENOTSUP || ret == -EBUSY ? HTTP_CONFLICT : HTTP_SERVER_ERROR,
		    why);
	}
	json_object_object_add(props, "path", json_object_new_string(path));
	json_object_object_add(props, "duration_ns", json_object_new_uint64(host_clock_ns() - t0));
	api_events_publish(ctx->events, "snapshot-done", props);
	return HTTP_NO_CONTENT;
}

int api_vm_snapshot(const struct api_context *ctx, struct json_object *body,
		    struct json_object **reply)
{
	const char *path = file_url_path(body, "destination_url");
	enum vm_state s = vm_get_state(ctx->vm);
	bool was_running = s == VM_RUNNING;
	int status;

	if (!path)
		return reply_message(
		    reply, HTTP_BAD_REQUEST,
		    "the body needs \"destination_url\": \"file:///absolute/path\"");
	if (s != VM_RUNNING && s != VM_PAUSED)
		return reply_message(reply, HTTP_CONFLICT,
				     "only a running or paused VM can be snapshotted");
	if (was_running)
		vm_pause_quietly(ctx->vm);
	if (vm_get_state(ctx->vm) == VM_STOPPED)
		status = reply_message(reply, HTTP_CONFLICT, "the VM stopped");
	else
		status = write_snapshot(ctx, path, reply);
	if (was_running)
		vm_resume_quietly(ctx->vm);
	return status;
}

int api_vm_restore(const struct api_context *ctx, struct json_object *body,
		   struct json_object **reply)
{
	(void)ctx;
	(void)body;
	return reply_message(reply, HTTP_CONFLICT,
			     "vm.restore needs a VM not built yet, and this fvp runs one: start "
			     "a new one with fvp run --restore PATH");
}
