/*
 * ctl.c - fvp ctl: one request to a running fvp's control API (docs/API.md),
 * as ch-remote does for Cloud Hypervisor. VERB is the path after /api/v1/
 * (vm.pause) or its short form (pause, ping); the method is the route's.
 *
 * HTTP/1.0 over the unix socket, so the server closes the connection after
 * the reply and sends it unchunked: the body is everything after the header.
 * Bodies go through json-c both ways (the argument is checked before it is
 * sent; a reply is printed indented). GET events copies the stream to stdout
 * as it comes, until the server ends it.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "api/api_routes.h"
#include "cli/options.h"

#define CTL_MAX_REPLY (1u << 20)

struct ctl_reply {
	char *data;
	size_t len;
	size_t body; /* offset of the body, once the header is in */
	int status;
};

/* The route VERB names: "vm.pause", or the short "pause" (vm.) or "ping" (vmm.). */
static const struct api_route *ctl_route(const char *verb)
{
	size_t n;
	const struct api_route *routes = api_routes(&n);
	char name[64];

	for (unsigned pass = 0; pass < 3; pass++) {
		snprintf(name, sizeof(name), "%s%s",
			 pass == 1   ? "vm."
			 : pass == 2 ? "vmm."
				     : "",
			 verb);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(routes[i].path, name))
				return &routes[i];
	}
	return NULL;
}

static int ctl_connect(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "fvp: ctl: the socket path %s is too long\n", path);
		return -1;
	}
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
		return fd;
	fprintf(stderr, "fvp: ctl: cannot connect to %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Parse the status line once the header is complete; 0, or -1 if malformed. */
static int parse_header(struct ctl_reply *r)
{
	char *end = memmem(r->data, r->len, "\r\n\r\n", 4);
	char *after;
	long status;

	if (!end)
		return 0;
	if (strncmp(r->data, "HTTP/1.", 7) != 0 || r->data[8] != ' ')
		return -1;
	status = strtol(r->data + 9, &after, 10);
	if (status < 100 || status > 599 || *after != ' ')
		return -1;
	r->status = (int)status;
	r->body = (size_t)(end - r->data) + 4;
	return 0;
}

/* Read the reply to EOF; a streamed 200 (events) goes to stdout as it comes. */
static int read_reply(int fd, struct ctl_reply *r, bool stream)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || r->len + (size_t)n >= CTL_MAX_REPLY)
			return -1;
		memcpy(r->data + r->len, buf, (size_t)n);
		r->len += (size_t)n;
		r->data[r->len] = '\0';
		if (!r->body && parse_header(r))
			return -1;
		if (stream && r->body && r->status == 200) {
			size_t len = r->len - r->body;

			if (fwrite(r->data + r->body, 1, len, stdout) != len || fflush(stdout))
				return -1;
			r->len = r->body;
			r->data[r->len] = '\0';
		}
	}
	return r->body ? 0 : -1;
}

/* Print a JSON reply indented, or say in one line what the error was. */
static int print_reply(const struct ctl_reply *r, const char *verb)
{
	const char *body = r->data + r->body;
	struct json_object *obj = json_tokener_parse(body);
	struct json_object *msg = NULL;

	if (r->status >= 400) {
		json_object_object_get_ex(obj, "message", &msg);
		fprintf(stderr, "fvp: ctl: %s: HTTP %d: %s\n", verb, r->status,
			msg ? json_object_get_string(msg) : body);
		json_object_put(obj);
		return CLI_EXIT_ERROR;
	}
	if (obj)
		printf("%s\n", json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
								       JSON_C_TO_STRING_SPACED));
	json_object_put(obj);
	return 0;
}

/* The request text for route with body (may be NULL) into buf; false if it does not fit. */
static bool format_request(char *buf, size_t size, const struct api_route *route, const char *body)
{
	int n = snprintf(buf, size,
			 "%s " API_PREFIX "%s HTTP/1.0\r\nHost: localhost\r\n"
			 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
			 route->method, route->path, body ? strlen(body) : 0, body ? body : "");

	return n > 0 && (size_t)n < size;
}

static bool ctl_body_valid(const char *body)
{
	struct json_object *obj = body ? json_tokener_parse(body) : NULL;
	bool ok = !body || json_object_is_type(obj, json_type_object);

	json_object_put(obj);
	if (!ok)
		fprintf(stderr, "fvp: ctl: the body '%s' is not a JSON object\n", body);
	return ok;
}

int cli_ctl(const struct cli_options *opt)
{
	const struct api_route *route = ctl_route(opt->ctl_verb);
	struct ctl_reply r = {0};
	static char request[API_MAX_BODY_BYTES + 512];
	int fd, status = CLI_EXIT_ERROR;

	if (!route) {
		fprintf(stderr, "fvp: ctl: unknown verb '%s': see docs/API.md\n", opt->ctl_verb);
		return CLI_EXIT_ERROR;
	}
	if (!ctl_body_valid(opt->ctl_body))
		return CLI_EXIT_ERROR;
	if (!format_request(request, sizeof(request), route, opt->ctl_body)) {
		fprintf(stderr, "fvp: ctl: the body is too large\n");
		return CLI_EXIT_ERROR;
	}
	fd = ctl_connect(opt->api_socket);
	if (fd < 0)
		return CLI_EXIT_ERROR;
	r.data = malloc(CTL_MAX_REPLY);
	if (!r.data || write_all(fd, request, strlen(request)) ||
	    read_reply(fd, &r, !route->handler))
		fprintf(stderr, "fvp: ctl: no valid reply from %s\n", opt->api_socket);
	else
		status = route->handler ? print_reply(&r, opt->ctl_verb)
					: (r.status == 200 ? 0 : print_reply(&r, opt->ctl_verb));
	close(fd);
	free(r.data);
	return status;
}
