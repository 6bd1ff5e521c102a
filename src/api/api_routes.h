/*
 * api_routes.h - the control API's paths, methods and handlers, apart from
 * HTTP: a request is (method, path, body bytes) and an answer is a status
 * with an optional JSON body. api_server.c carries both over HTTP; the unit
 * tests call the routing and body rules directly.
 *
 * Every error answer is {"message": "..."}: 400 a body that is not a JSON
 * object, 404 an unknown path, 405 a method the path does not take, 409 a
 * verb the VM's state (or board) does not allow.
 */
#ifndef FVP_API_API_ROUTES_H
#define FVP_API_API_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#define API_PREFIX	   "/api/v1/"
#define API_MAX_BODY_BYTES 65536

struct json_object;
struct vm;
struct api_events;

/* What a handler may reach. */
struct api_context {
	struct vm *vm;
	struct api_events *events;
};

/* A handler: the status, and in *reply a JSON body (NULL: none, e.g. 204). */
typedef int (*api_handler_fn)(const struct api_context *ctx, struct json_object *body,
			      struct json_object **reply);

struct api_route {
	const char *path; /* after API_PREFIX: "vm.info" */
	const char *method;
	api_handler_fn handler; /* NULL: the event stream, which api_server.c serves */
};

/* The route for method and the full path, or NULL with *status 404 or 405 and *reply a
 * message body. */
const struct api_route *api_route_find(const char *method, const char *path, int *status,
				       struct json_object **reply);
/* The request body: empty (*body NULL) or one JSON object (*body, to be put by the caller).
 * Returns 0, or 400 with *reply a message. */
int api_parse_body(const char *data, size_t len, struct json_object **body,
		   struct json_object **reply);
/* One request, from routing to the handler's answer: the status, and in *reply the JSON
 * body (NULL: none). A body of len bytes (more than API_MAX_BODY_BYTES: a 400 without
 * reading data). For the event stream *stream is set with 200 and no reply: the caller
 * serves it. */
int api_handle(const struct api_context *ctx, const char *method, const char *path,
	       const char *data, size_t len, struct json_object **reply, bool *stream);
/* api_snapshot.c: PUT vm.snapshot {"destination_url": "file:///path"} and vm.restore. */
int api_vm_snapshot(const struct api_context *ctx, struct json_object *body,
		    struct json_object **reply);
int api_vm_restore(const struct api_context *ctx, struct json_object *body,
		   struct json_object **reply);
/* {"message": msg} */
struct json_object *api_message(const char *msg);
/* Every route, for the server's help and the tests; *n gets how many. */
const struct api_route *api_routes(size_t *n);

#endif
