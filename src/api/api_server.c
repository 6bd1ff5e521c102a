/*
 * api_server.c - the control API over HTTP: the unix socket, libmicrohttpd in
 * external-poll mode driven by one thread of ours, request bodies, JSON
 * replies and the event streams (api.h).
 *
 * Invariants: every libmicrohttpd call after api_server_start is made on the
 * server thread (no thread of the library's own exists: it would escape the
 * sandbox), so the stream list needs no lock. A stream with nothing to send
 * is suspended; a publish wakes the thread (eventfd), which resumes them. A
 * stream ends after the event of the VM's stop has gone out, or once the
 * server stops; none is suspended when the library is stopped (it aborts).
 */
#include <errno.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "api/api.h"
#include "api/api_events.h"
#include "api/api_routes.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/sandbox.h"
#include "core/vm.h"

#define API_MAX_CONNECTIONS 16
#define API_DRAIN_NS	    1000000000ull /* at most this long for replies after a stop */
#define API_STREAM_BLOCK    4096

struct api_stream {
	struct api_server *server;
	struct MHD_Connection *conn;
	uint64_t seq;
	bool suspended;
	struct api_stream *next;
};

struct api_request {
	char *body;
	size_t len;
	bool too_big;
};

struct api_server {
	struct api_context ctx;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int listen_fd;
	int wake_fd;
	struct MHD_Daemon *daemon;
	pthread_t thread;
	bool started;
	bool stop;		    /* atomic: api_server_stop asked */
	bool stop_published;	    /* atomic: the VM's stop event is in the log */
	struct api_stream *streams; /* server thread only */
};

/* The VM's observer: each transition becomes an event. Any thread. */
static void on_vm_event(void *opaque, struct vm *vm, enum vm_event event)
{
	static const char *const names[] = {[VM_EVENT_STARTED] = "booted",
					    [VM_EVENT_PAUSED] = "paused",
					    [VM_EVENT_RESUMED] = "resumed",
					    [VM_EVENT_STOPPED] = "shutdown"};
	struct api_server *s = opaque;
	struct json_object *props = NULL;

	if (event == VM_EVENT_STOPPED) {
		props = json_object_new_object();
		json_object_object_add(
		    props, "reason", json_object_new_string(vm_stop_reason_name(vm->stop_reason)));
		json_object_object_add(props, "message", json_object_new_string(vm->stop_message));
	}
	api_events_publish(s->ctx.events, names[event], props);
	if (event == VM_EVENT_STOPPED) {
		uint64_t one = 1;

		/* a stream that found the log drained before this store waits for this wake-up */
		__atomic_store_n(&s->stop_published, true, __ATOMIC_RELEASE);
		if (write(s->wake_fd, &one, sizeof(one)) < 0)
			return; /* the counter is full: a wake-up is pending anyway */
	}
}

static enum MHD_Result send_json(struct MHD_Connection *conn, int status, struct json_object *obj)
{
	const char *text = obj ? json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN) : "";
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	json_object_put(obj);
	if (!resp)
		return MHD_NO;
	if (status != MHD_HTTP_NO_CONTENT)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	ret = MHD_queue_response(conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct api_stream *st = cls;
	size_t n = api_events_read(st->server->ctx.events, &st->seq, buf, max);

	(void)pos;
	if (n)
		return (ssize_t)n;
	if (__atomic_load_n(&st->server->stop_published, __ATOMIC_ACQUIRE) ||
	    __atomic_load_n(&st->server->stop, __ATOMIC_ACQUIRE))
		return MHD_CONTENT_READER_END_OF_STREAM;
	MHD_suspend_connection(st->conn);
	st->suspended = true;
	return 0;
}

static void stream_free(void *cls)
{
	struct api_stream *st = cls;
	struct api_stream **p = &st->server->streams;

	while (*p && *p != st)
		p = &(*p)->next;
	if (*p)
		*p = st->next;
	free(st);
}

/* GET /api/v1/events: the log so far, then each event as it comes, one JSON line each. */
static enum MHD_Result send_stream(struct api_server *s, struct MHD_Connection *conn)
{
	struct api_stream *st = calloc(1, sizeof(*st));
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (!st)
		return MHD_NO;
	*st = (struct api_stream){.server = s, .conn = conn, .next = s->streams};
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, API_STREAM_BLOCK, stream_read,
						 st, stream_free);
	if (!resp) {
		free(st);
		return MHD_NO;
	}
	s->streams = st;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/x-ndjson");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Gather the body of a request into req; too_big once it would pass the limit (a 400). */
static void add_upload(struct api_request *req, const char *data, size_t len)
{
	char *grown;

	if (req->too_big || req->len + len > API_MAX_BODY_BYTES) {
		req->too_big = true;
		return;
	}
	grown = realloc(req->body, req->len + len + 1);
	if (!grown) {
		req->too_big = true;
		return;
	}
	memcpy(grown + req->len, data, len);
	req->len += len;
	grown[req->len] = '\0';
	req->body = grown;
}

static enum MHD_Result answer(struct api_server *s, struct MHD_Connection *conn, const char *url,
			      const char *method, struct api_request *req)
{
	struct json_object *reply;
	bool stream;
	int status = api_handle(&s->ctx, method, url, req->body,
				req->too_big ? API_MAX_BODY_BYTES + 1 : req->len, &reply, &stream);

	return stream ? send_stream(s, conn) : send_json(conn, status, reply);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **req_cls)
{
	struct api_request *req = *req_cls;

	(void)version;
	if (!req) {
		req = calloc(1, sizeof(*req));
		*req_cls = req;
		return req ? MHD_YES : MHD_NO;
	}
	if (*upload_size) {
		add_upload(req, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	return answer(cls, conn, url, method, req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct api_request *req = *req_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (req) {
		free(req->body);
		free(req);
		*req_cls = NULL;
	}
}

static void resume_streams(struct api_server *s)
{
	for (struct api_stream *st = s->streams; st; st = st->next) {
		if (st->suspended) {
			st->suspended = false;
			MHD_resume_connection(st->conn);
		}
	}
}

static unsigned open_connections(struct api_server *s)
{
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

	return info ? info->num_connections : 0;
}

/* Wait for the library's sockets or a wake-up, at most its timeout (or 100 ms once
 * stopping, to watch the drain deadline). */
static void wait_for_work(struct api_server *s, int epoll_fd, bool stopping)
{
	struct pollfd fds[2] = {{.fd = epoll_fd, .events = POLLIN},
				{.fd = s->wake_fd, .events = POLLIN}};
	MHD_UNSIGNED_LONG_LONG ms;
	int timeout = stopping ? 100 : -1;
	uint64_t count;

	if (MHD_get_timeout(s->daemon, &ms) == MHD_YES && (timeout < 0 || ms < (unsigned)timeout))
		timeout = (int)ms;
	if (poll(fds, 2, timeout) > 0 && (fds[1].revents & POLLIN) &&
	    read(s->wake_fd, &count, sizeof(count)) == sizeof(count))
		resume_streams(s);
}

static void *server_thread(void *arg)
{
	struct api_server *s = arg;
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_EPOLL_FD);
	uint64_t deadline = 0;

	sandbox_enter(SANDBOX_API);
	for (;;) {
		bool stopping = __atomic_load_n(&s->stop, __ATOMIC_ACQUIRE);

		if (stopping && !deadline)
			deadline = host_clock_ns() + API_DRAIN_NS;
		if (stopping &&
		    ((!open_connections(s) && !s->streams) || host_clock_ns() > deadline))
			break;
		wait_for_work(s, info->epoll_fd, stopping);
		MHD_run(s->daemon);
	}
	/* the library refuses to stop with a connection suspended: a stream still waiting ends */
	resume_streams(s);
	MHD_run(s->daemon);
	MHD_stop_daemon(s->daemon);
	s->daemon = NULL;
	s->listen_fd = -1; /* the library closed it */
	unlink(s->path);
	return NULL;
}

/* Refuse path when it is not a socket or a live server answers on it; remove a stale one. */
static int clear_path(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct stat st;
	int fd, ret;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		log_error("--api-socket %s exists and is not a socket: remove it or choose another "
			  "path",
			  path);
		return -EEXIST;
	}
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	close(fd);
	if (!ret) {
		log_error("--api-socket %s is in use by a running server", path);
		return -EADDRINUSE;
	}
	return unlink(path) ? -errno : 0;
}

/* A listening unix socket at path, mode 0600 from its creation on; fd or -errno (logged). */
static int listen_at(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	mode_t old_mask;
	int fd, ret;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		log_error("--api-socket %s: the path is longer than %zu bytes", path,
			  sizeof(addr.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	ret = clear_path(path);
	if (ret)
		return ret;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	old_mask = umask(0177);
	ret = bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ? -errno : 0;
	umask(old_mask);
	if (!ret && listen(fd, API_MAX_CONNECTIONS))
		ret = -errno;
	if (ret) {
		log_error("--api-socket %s: %s", path, strerror(-ret));
		close(fd);
		return ret;
	}
	return fd;
}

static struct MHD_Daemon *start_daemon(struct api_server *s)
{
	return MHD_start_daemon(
	    MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL, on_request, s,
	    MHD_OPTION_LISTEN_SOCKET, s->listen_fd, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)API_MAX_CONNECTIONS, MHD_OPTION_END);
}

struct api_server *api_server_create(struct vm *vm, const char *path)
{
	struct api_server *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ctx.vm = vm;
	s->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	s->listen_fd = -1;
	s->ctx.events = s->wake_fd >= 0 ? api_events_create(s->wake_fd) : NULL;
	if (!s->ctx.events) {
		log_error("cannot set up the control API: %s", strerror(errno ? errno : ENOMEM));
		api_server_destroy(s);
		return NULL;
	}
	s->listen_fd = listen_at(path);
	if (s->listen_fd < 0) {
		api_server_destroy(s);
		return NULL;
	}
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->daemon = start_daemon(s);
	if (!s->daemon) {
		log_error("--api-socket %s: libmicrohttpd cannot serve it", path);
		api_server_destroy(s);
		return NULL;
	}
	vm_set_observer(vm, on_vm_event, s);
	return s;
}

int api_server_start(struct api_server *s)
{
	int ret = -pthread_create(&s->thread, NULL, server_thread, s);

	s->started = !ret;
	return ret;
}

void api_server_stop(struct api_server *s)
{
	uint64_t one = 1;

	if (!s || !s->started)
		return;
	__atomic_store_n(&s->stop, true, __ATOMIC_RELEASE);
	if (write(s->wake_fd, &one, sizeof(one)) < 0)
		log_warn("control API: cannot wake the server thread"); /* it polls when stopping */
	pthread_join(s->thread, NULL);
	s->started = false;
}

void api_server_destroy(struct api_server *s)
{
	if (!s)
		return;
	vm_set_observer(s->ctx.vm, NULL, NULL);
	if (s->daemon) {
		MHD_stop_daemon(s->daemon); /* closes the listening socket too */
		s->listen_fd = -1;
		unlink(s->path);
	}
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(s->path);
	}
	if (s->wake_fd >= 0)
		close(s->wake_fd);
	api_events_destroy(s->ctx.events);
	free(s);
}
