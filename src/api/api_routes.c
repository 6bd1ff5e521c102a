/*
 * api_routes.c - the route table and the handlers of the control API (Cloud
 * Hypervisor's paths and bodies for the verbs FVP has, and FVP's vm.cpus).
 *
 * Handlers run on the API thread, one at a time. They change the VM only
 * through core/vm.h (pause, resume, stop), so the VM's own locking holds;
 * per-vCPU counters are read only while the vCPUs are parked (vm.cpus
 * pauses a running VM quietly around the read and resumes it).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "api/api_routes.h"
#include "core/board_ops.h"
#include "core/engine_ops.h"
#include "core/frontend_ops.h"
#include "core/vm.h"

#define HTTP_OK		 200
#define HTTP_NO_CONTENT	 204
#define HTTP_BAD_REQUEST 400
#define HTTP_NOT_FOUND	 404
#define HTTP_BAD_METHOD	 405
#define HTTP_CONFLICT	 409

struct json_object *api_message(const char *msg)
{
	struct json_object *obj = json_object_new_object();

	json_object_object_add(obj, "message", json_object_new_string(msg));
	return obj;
}

static int conflict(struct json_object **reply, const char *msg)
{
	*reply = api_message(msg);
	return HTTP_CONFLICT;
}

static const char *state_name(enum vm_state s)
{
	static const char *const names[] = {[VM_CREATED] = "Created",
					    [VM_RUNNING] = "Running",
					    [VM_PAUSED] = "Paused",
					    [VM_STOPPED] = "Shutdown"};

	return names[s];
}

static int vmm_ping(const struct api_context *ctx, struct json_object *body,
		    struct json_object **reply)
{
	*reply = json_object_new_object();
	json_object_object_add(*reply, "build_version", json_object_new_string(FVP_VERSION));
	json_object_object_add(*reply, "version", json_object_new_string(FVP_VERSION));
	json_object_object_add(*reply, "pid", json_object_new_int64(getpid()));
	json_object_object_add(*reply, "features", json_object_new_array());
	return HTTP_OK;
}

static struct json_object *string_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *disks_config(const struct vm_config *cfg)
{
	struct json_object *disks = json_object_new_array();

	for (unsigned i = 0; i < cfg->nvirtio; i++) {
		const struct vm_drive_config *d = &cfg->virtio[i].drive;
		struct json_object *disk;

		if (cfg->virtio[i].kind != VM_VIRTIO_BLK)
			continue;
		disk = json_object_new_object();
		json_object_object_add(disk, "path", json_object_new_string(d->file));
		json_object_object_add(disk, "readonly", json_object_new_boolean(d->readonly));
		json_object_object_add(disk, "direct", json_object_new_boolean(d->direct));
		json_object_array_add(disks, disk);
	}
	return disks;
}

static struct json_object *vm_config_json(const struct vm *vm)
{
	const struct vm_config *cfg = &vm->cfg;
	struct json_object *c = json_object_new_object(), *o;

	o = json_object_new_object();
	json_object_object_add(o, "boot_vcpus", json_object_new_int64(vm->ncpus));
	json_object_object_add(o, "max_vcpus", json_object_new_int64(vm->ncpus));
	json_object_object_add(c, "cpus", o);
	o = json_object_new_object();
	json_object_object_add(o, "size", json_object_new_uint64(cfg->mem_size));
	json_object_object_add(c, "memory", o);
	o = json_object_new_object();
	json_object_object_add(o, "firmware", string_or_null(cfg->bios_none ? NULL : cfg->bios));
	json_object_object_add(o, "kernel", string_or_null(cfg->kernel));
	json_object_object_add(o, "initramfs", string_or_null(cfg->initrd));
	json_object_object_add(o, "cmdline", string_or_null(cfg->append));
	json_object_object_add(c, "payload", o);
	json_object_object_add(c, "disks", disks_config(cfg));
	json_object_object_add(c, "arch", json_object_new_string(vm->board->arch));
	json_object_object_add(c, "board", json_object_new_string(vm->board->name));
	json_object_object_add(c, "engine", json_object_new_string(vm->engine->name));
	return c;
}

static int vm_info(const struct api_context *ctx, struct json_object *body,
		   struct json_object **reply)
{
	*reply = json_object_new_object();
	json_object_object_add(*reply, "state",
			       json_object_new_string(state_name(vm_get_state(ctx->vm))));
	json_object_object_add(*reply, "config", vm_config_json(ctx->vm));
	json_object_object_add(*reply, "memory_actual_size",
			       json_object_new_uint64(ctx->vm->cfg.mem_size));
	return HTTP_OK;
}

static int vm_counters(const struct api_context *ctx, struct json_object *body,
		       struct json_object **reply)
{
	struct device_counters dev[VM_MAX_VIRTIO];
	const struct board_ops *board = ctx->vm->board;
	unsigned n =
	    board->device_counters ? board->device_counters(ctx->vm, dev, VM_MAX_VIRTIO) : 0;

	*reply = json_object_new_object();
	for (unsigned i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();

		for (unsigned j = 0; j < dev[i].n; j++)
			json_object_object_add(o, dev[i].c[j].name,
					       json_object_new_uint64(dev[i].c[j].value));
		json_object_object_add(*reply, dev[i].name, o);
	}
	return HTTP_OK;
}

static struct json_object *rate(uint64_t hits, uint64_t probes)
{
	return probes ? json_object_new_double((double)hits / (double)probes) : NULL;
}

/* One parked vCPU's entry: what its engine and frontend can tell. */
static struct json_object *cpu_json(const struct vm *vm, struct vcpu *cpu, const char *state)
{
	struct json_object *o = json_object_new_object(), *exits;
	struct vcpu_stats st;
	char pc[24];

	json_object_object_add(o, "id", json_object_new_int64(cpu->id));
	json_object_object_add(o, "state", json_object_new_string(state));
	if (vm->fe->privilege_name)
		json_object_object_add(o, "privilege",
				       json_object_new_string(vm->fe->privilege_name(cpu)));
	if (!vm->engine->vcpu_stats)
		return o;
	vm->engine->vcpu_stats(cpu, &st);
	snprintf(pc, sizeof(pc), "0x%llx", (unsigned long long)st.pc);
	json_object_object_add(o, "pc", json_object_new_string(pc));
	json_object_object_add(o, "instructions", json_object_new_uint64(st.instructions));
	json_object_object_add(o, "blocks_translated",
			       json_object_new_uint64(st.blocks_translated));
	json_object_object_add(o, "blocks_executed", json_object_new_uint64(st.blocks_executed));
	json_object_object_add(o, "block_cache_hit_rate",
			       rate(st.block_lookup_hits, st.block_lookups));
	json_object_object_add(o, "jump_cache_hit_rate",
			       rate(st.jump_cache_hits, st.jump_cache_probes));
	json_object_object_add(o, "tlb_hit_rate",
			       st.tlb_hits_counted ? rate(st.tlb_hits, st.tlb_hits + st.tlb_misses)
						   : NULL);
	json_object_object_add(o, "tlb_misses", json_object_new_uint64(st.tlb_misses));
	exits = json_object_new_object();
	json_object_object_add(exits, "traps", json_object_new_uint64(st.traps));
	json_object_object_add(exits, "interrupts", json_object_new_uint64(st.interrupts));
	json_object_object_add(o, "exits", exits);
	return o;
}

static int vm_cpus(const struct api_context *ctx, struct json_object *body,
		   struct json_object **reply)
{
	struct vm *vm = ctx->vm;
	enum vm_state state = vm_get_state(vm);
	bool was_running = state == VM_RUNNING;
	const char *cpu_state = was_running	      ? "running"
				: state == VM_CREATED ? "created"
						      : "paused";
	struct json_object *cpus;

	/* parks every started vCPU (also those of a VM paused a moment ago, which may not
	 * have parked yet); a VM not started yet has no vCPU thread to wait for */
	vm_pause_quietly(vm);
	if (vm_get_state(vm) == VM_STOPPED)
		return conflict(reply, "the VM is shut down: its vCPUs are gone");
	cpus = json_object_new_array();
	for (unsigned i = 0; i < vm->ncpus; i++)
		json_object_array_add(cpus, cpu_json(vm, vm->cpus[i], cpu_state));
	if (was_running)
		vm_resume_quietly(vm);
	*reply = json_object_new_object();
	json_object_object_add(*reply, "cpus", cpus);
	return HTTP_OK;
}

static int vm_pause_verb(const struct api_context *ctx, struct json_object *body,
			 struct json_object **reply)
{
	enum vm_state s = vm_get_state(ctx->vm);

	if (s != VM_RUNNING) {
		char msg[96];

		snprintf(msg, sizeof(msg), "cannot pause a VM in state %s", state_name(s));
		return conflict(reply, msg);
	}
	vm_pause(ctx->vm);
	return HTTP_NO_CONTENT;
}

static int vm_resume_verb(const struct api_context *ctx, struct json_object *body,
			  struct json_object **reply)
{
	enum vm_state s = vm_get_state(ctx->vm);

	if (s != VM_PAUSED) {
		char msg[96];

		snprintf(msg, sizeof(msg), "cannot resume a VM in state %s", state_name(s));
		return conflict(reply, msg);
	}
	vm_resume(ctx->vm);
	return HTTP_NO_CONTENT;
}

static int vm_shutdown(const struct api_context *ctx, struct json_object *body,
		       struct json_object **reply)
{
	if (vm_get_state(ctx->vm) == VM_STOPPED)
		return conflict(reply, "the VM is already shut down");
	vm_request_stop(ctx->vm, VM_STOP_REQUEST, "shut down through the control API");
	return HTTP_NO_CONTENT;
}

static int vm_reboot(const struct api_context *ctx, struct json_object *body,
		     struct json_object **reply)
{
	return conflict(reply, "vm.reboot is not available yet: FVP's boards cannot reset their "
			       "devices and reload their images in place; restart fvp");
}

static int vm_power_button(const struct api_context *ctx, struct json_object *body,
			   struct json_object **reply)
{
	char msg[160];

	snprintf(msg, sizeof(msg),
		 "board %s (%s) has no power button the guest can see: use vm.shutdown",
		 ctx->vm->board->name, ctx->vm->board->arch);
	return conflict(reply, msg);
}

static int vmm_shutdown(const struct api_context *ctx, struct json_object *body,
			struct json_object **reply)
{
	vm_request_stop(ctx->vm, VM_STOP_REQUEST, "shut down through the control API");
	return HTTP_NO_CONTENT;
}

static const struct api_route routes[] = {
    {.path = "vmm.ping", .method = "GET", .handler = vmm_ping},
    {.path = "vm.info", .method = "GET", .handler = vm_info},
    {.path = "vm.counters", .method = "GET", .handler = vm_counters},
    {.path = "vm.cpus", .method = "GET", .handler = vm_cpus},
    {.path = "events", .method = "GET", .handler = NULL},
    {.path = "vm.pause", .method = "PUT", .handler = vm_pause_verb},
    {.path = "vm.resume", .method = "PUT", .handler = vm_resume_verb},
    {.path = "vm.shutdown", .method = "PUT", .handler = vm_shutdown},
    {.path = "vm.reboot", .method = "PUT", .handler = vm_reboot},
    {.path = "vm.power-button", .method = "PUT", .handler = vm_power_button},
    {.path = "vm.snapshot", .method = "PUT", .handler = api_vm_snapshot},
    {.path = "vm.restore", .method = "PUT", .handler = api_vm_restore},
    {.path = "vmm.shutdown", .method = "PUT", .handler = vmm_shutdown},
};

const struct api_route *api_routes(size_t *n)
{
	*n = ARRAY_SIZE(routes);
	return routes;
}

const struct api_route *api_route_find(const char *method, const char *path, int *status,
				       struct json_object **reply)
{
	char msg[160];

	if (strncmp(path, API_PREFIX, strlen(API_PREFIX)) == 0) {
		const char *name = path + strlen(API_PREFIX);

		for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
			if (strcmp(routes[i].path, name) != 0)
				continue;
			if (!strcmp(routes[i].method, method))
				return &routes[i];
			snprintf(msg, sizeof(msg), "%s takes %s, not %s", path, routes[i].method,
				 method);
			*status = HTTP_BAD_METHOD;
			*reply = api_message(msg);
			return NULL;
		}
	}
	snprintf(msg, sizeof(msg), "no such path: %.100s", path);
	*status = HTTP_NOT_FOUND;
	*reply = api_message(msg);
	return NULL;
}

int api_parse_body(const char *data, size_t len, struct json_object **body,
		   struct json_object **reply)
{
	struct json_tokener *tok;
	enum json_tokener_error err;

	*body = NULL;
	if (len == 0)
		return 0;
	tok = json_tokener_new();
	if (!tok) {
		*reply = api_message("out of memory");
		return HTTP_BAD_REQUEST;
	}
	*body = json_tokener_parse_ex(tok, data, (int)len);
	err = json_tokener_get_error(tok);
	for (size_t end = json_tokener_get_parse_end(tok); err == json_tokener_success && end < len;
	     end++)
		if (!strchr(" \t\r\n", data[end]) || !data[end])
			err = json_tokener_error_parse_unexpected;
	json_tokener_free(tok);
	if (err != json_tokener_success || !json_object_is_type(*body, json_type_object)) {
		char msg[128];

		snprintf(msg, sizeof(msg), "the body is not a JSON object: %s",
			 err == json_tokener_success ? "another JSON value"
						     : json_tokener_error_desc(err));
		json_object_put(*body);
		*body = NULL;
		*reply = api_message(msg);
		return HTTP_BAD_REQUEST;
	}
	return 0;
}

int api_handle(const struct api_context *ctx, const char *method, const char *path,
	       const char *data, size_t len, struct json_object **reply, bool *stream)
{
	struct json_object *body = NULL;
	const struct api_route *route;
	int status;

	*reply = NULL;
	*stream = false;
	route = api_route_find(method, path, &status, reply);
	if (!route)
		return status;
	if (len > API_MAX_BODY_BYTES) {
		*reply = api_message("the body is larger than 64 KiB");
		return HTTP_BAD_REQUEST;
	}
	status = api_parse_body(data, len, &body, reply);
	if (status)
		return status;
	if (route->handler)
		status = route->handler(ctx, body, reply);
	else
		*stream = true;
	json_object_put(body);
	return route->handler ? status : HTTP_OK;
}
