/*
 * test_api.c - the control API without HTTP and without a VM: routing (the
 * 404 and 405 answers, every route found by its own method), the body rules
 * (empty or one JSON object, else 400) and the event ring (whole lines in
 * order, a reader that fell behind skips to the oldest kept, the wake-up
 * eventfd counts publishes), and api_handle's answers that need no VM.
 */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <cmocka.h>
#include "api/api_events.h"
#include "api/api_routes.h"

/* The message of an error reply, which the caller frees with the reply. */
static const char *message_of(struct json_object *reply)
{
	struct json_object *msg;

	assert_true(json_object_object_get_ex(reply, "message", &msg));
	return json_object_get_string(msg);
}

static void test_every_route_found(void **state)
{
	size_t n;
	const struct api_route *routes = api_routes(&n);

	(void)state;
	assert_true(n >= 11);
	for (size_t i = 0; i < n; i++) {
		char path[64];
		struct json_object *reply = NULL;
		int status = 0;

		snprintf(path, sizeof(path), API_PREFIX "%s", routes[i].path);
		assert_ptr_equal(api_route_find(routes[i].method, path, &status, &reply),
				 &routes[i]);
		assert_null(reply);
	}
}

static void test_unknown_path_404(void **state)
{
	static const char *const paths[] = {"/api/v1/vm.nothing", "/api/v2/vm.info",   "/",
					    "/api/v1/",		  "/api/v1/vm.info/x", "vm.info"};
	struct json_object *reply;
	int status;

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		reply = NULL;
		status = 0;
		assert_null(api_route_find("GET", paths[i], &status, &reply));
		assert_int_equal(status, 404);
		assert_non_null(strstr(message_of(reply), "no such path"));
		json_object_put(reply);
	}
}

static void test_wrong_method_405(void **state)
{
	struct json_object *reply = NULL;
	int status = 0;

	(void)state;
	assert_null(api_route_find("GET", "/api/v1/vm.pause", &status, &reply));
	assert_int_equal(status, 405);
	assert_string_equal(message_of(reply), "/api/v1/vm.pause takes PUT, not GET");
	json_object_put(reply);
	reply = NULL;
	assert_null(api_route_find("DELETE", "/api/v1/vm.info", &status, &reply));
	assert_int_equal(status, 405);
	json_object_put(reply);
}

static void test_body_rules(void **state)
{
	static const char *const good[] = {"{}", "{\"a\": [1, 2]}", " {\"x\": null}\r\n"};
	static const char *const bad[] = {"{", "[1]", "42", "\"s\"", "{} {}", "{}x", "nul"};
	struct json_object *body, *reply;

	(void)state;
	body = reply = NULL;
	assert_int_equal(api_parse_body(NULL, 0, &body, &reply), 0);
	assert_null(body);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(api_parse_body(good[i], strlen(good[i]), &body, &reply), 0);
		assert_true(json_object_is_type(body, json_type_object));
		json_object_put(body);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		reply = NULL;
		assert_int_equal(api_parse_body(bad[i], strlen(bad[i]), &body, &reply), 400);
		assert_null(body);
		assert_non_null(strstr(message_of(reply), "not a JSON object"));
		json_object_put(reply);
	}
}

/* The event named name at the start of line, as a parsed object. */
static void assert_event(const char *line, const char *name)
{
	struct json_object *obj = json_tokener_parse(line), *field;

	assert_non_null(obj);
	assert_true(json_object_object_get_ex(obj, "event", &field));
	assert_string_equal(json_object_get_string(field), name);
	assert_true(json_object_object_get_ex(obj, "timestamp_ns", &field));
	json_object_put(obj);
}

static void test_event_ring(void **state)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	struct api_events *ev = api_events_create(fd);
	static char buf[API_EVENTS_KEPT * API_EVENT_MAX_BYTES];
	uint64_t seq = 0, wakes = 0;
	size_t len;
	char *nl;

	(void)state;
	assert_non_null(ev);
	assert_int_equal(api_events_read(ev, &seq, buf, sizeof(buf)), 0);
	api_events_publish(ev, "booted", NULL);
	api_events_publish(ev, "paused", NULL);
	assert_int_equal(read(fd, &wakes, sizeof(wakes)), sizeof(wakes));
	assert_int_equal(wakes, 2);
	/* room for one line and a half (a line is about 85 bytes): one line, whole */
	len = api_events_read(ev, &seq, buf, 130);
	assert_int_equal(seq, 1);
	assert_true(len > 0 && buf[len - 1] == '\n');
	buf[len] = '\0';
	assert_event(buf, "booted");
	len = api_events_read(ev, &seq, buf, sizeof(buf));
	buf[len] = '\0';
	assert_event(buf, "paused");
	assert_int_equal(seq, 2);
	/* a reader that fell behind starts at the oldest kept event */
	for (unsigned i = 0; i < API_EVENTS_KEPT + 5; i++)
		api_events_publish(ev, i == API_EVENTS_KEPT + 4 ? "shutdown" : "resumed", NULL);
	seq = 0;
	len = api_events_read(ev, &seq, buf, sizeof(buf) - 1);
	buf[len] = '\0';
	assert_int_equal(seq, 2 + API_EVENTS_KEPT + 5);
	nl = buf;
	for (unsigned i = 0; i < API_EVENTS_KEPT - 1; i++)
		nl = strchr(nl, '\n') + 1;
	assert_event(nl, "shutdown");
	api_events_destroy(ev);
	close(fd);
}

/* api_handle before any handler: errors and the stream need no VM (ctx.vm is NULL). */
static void test_handle_without_vm(void **state)
{
	const struct api_context ctx = {0};
	struct json_object *reply;
	bool stream;

	(void)state;
	assert_int_equal(api_handle(&ctx, "GET", "/api/v1/events", NULL, 0, &reply, &stream), 200);
	assert_true(stream);
	assert_null(reply);
	/* too large: refused without reading the (absent) data */
	assert_int_equal(api_handle(&ctx, "PUT", "/api/v1/vm.pause", NULL, API_MAX_BODY_BYTES + 1,
				    &reply, &stream),
			 400);
	assert_false(stream);
	assert_non_null(strstr(message_of(reply), "larger than 64 KiB"));
	json_object_put(reply);
	assert_int_equal(api_handle(&ctx, "PUT", "/api/v1/vm.pause", "{", 1, &reply, &stream), 400);
	json_object_put(reply);
	assert_int_equal(api_handle(&ctx, "PUT", "/api/v1/events", NULL, 0, &reply, &stream), 405);
	assert_false(stream);
	json_object_put(reply);
	assert_int_equal(api_handle(&ctx, "GET", "/api/v1/x", NULL, 0, &reply, &stream), 404);
	json_object_put(reply);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_route_found), cmocka_unit_test(test_unknown_path_404),
	    cmocka_unit_test(test_wrong_method_405),  cmocka_unit_test(test_body_rules),
	    cmocka_unit_test(test_event_ring),	      cmocka_unit_test(test_handle_without_vm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
