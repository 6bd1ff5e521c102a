/*
 * fuzz_api.c - libFuzzer target for the control API's request handling
 * (src/api/api_routes.c: routing, body rules, every handler) on a VM built
 * from a fake board, frontend and engine (no HTTP: libmicrohttpd parses the
 * wire, this is what FVP does with what it parsed).
 *
 * Input: byte 0 picks the method (GET, PUT, POST, DELETE, or the bytes up to
 * the first space), then the path up to '\n', the rest is the body. The VM
 * is never started, so a pause or resume finds it Created; a shutdown stops
 * it, and the next input gets a new one.
 *
 * Invariants checked (by ASan/UBSan and by assertions): the status is one
 * the API documents (200, 204, 400, 404, 405, 409); every error has a
 * message; a reply is JSON that json-c can print; nothing leaks.
 */
#include <assert.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "api/api_routes.h"
#include "core/engine_ops.h"
#include "core/frontend_ops.h"
#include "core/vm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vcpu *fake_cpu_create(struct vm *vm, unsigned id)
{
	struct vcpu *cpu = calloc(1, sizeof(*cpu));

	if (cpu && vcpu_init(cpu, vm, id)) {
		free(cpu);
		return NULL;
	}
	return cpu;
}

static void fake_cpu_destroy(struct vcpu *cpu)
{
	vcpu_fini(cpu);
	free(cpu);
}

static const struct frontend_ops fake_fe = {
    .name = "fake", .cpu_create = fake_cpu_create, .cpu_destroy = fake_cpu_destroy};

static int fake_vcpu_init(struct vcpu *cpu)
{
	(void)cpu;
	return 0;
}

static void fake_vcpu_fini(struct vcpu *cpu)
{
	(void)cpu;
}

static int fake_vcpu_run(struct vcpu *cpu)
{
	(void)cpu;
	return 0;
}

static void fake_vcpu_stats(struct vcpu *cpu, struct vcpu_stats *out)
{
	*out = (struct vcpu_stats){.pc = 0x80000000u + cpu->id, .block_lookups = cpu->id};
}

static const struct engine_ops fake_engine = {.name = "fake",
					      .vcpu_init = fake_vcpu_init,
					      .vcpu_fini = fake_vcpu_fini,
					      .vcpu_run = fake_vcpu_run,
					      .vcpu_stats = fake_vcpu_stats};

static int fake_setup(struct vm *vm)
{
	return as_add_ram(vm->as, 0x80000000, 1 << 16);
}

static void fake_reset_cpu(struct vm *vm, struct vcpu *cpu)
{
	(void)vm;
	(void)cpu;
}

static unsigned fake_counters(struct vm *vm, struct device_counters *out, unsigned max)
{
	(void)vm;
	if (max < 1)
		return 0;
	memset(out, 0, sizeof(*out));
	strcpy(out->name, "fake0");
	out->n = 1;
	out->c[0].name = "requests";
	out->c[0].value = 7;
	return 1;
}

static const struct board_ops fake_board = {.name = "fake-board",
					    .arch = "fake",
					    .fe = &fake_fe,
					    .setup = fake_setup,
					    .reset_cpu = fake_reset_cpu,
					    .device_counters = fake_counters};

static struct vm *the_vm(void)
{
	static struct vm *vm;
	static const char drive[] = "disk.img";

	if (vm && vm_get_state(vm) == VM_STOPPED) {
		vm_destroy(vm);
		vm = NULL;
	}
	if (!vm) {
		struct vm_config cfg = {.arch = "fake",
					.engine = "fake",
					.kernel = "k",
					.mem_size = 1 << 16,
					.smp = 2,
					.nvirtio = 1};

		cfg.virtio[0].kind = VM_VIRTIO_BLK;
		cfg.virtio[0].drive.file = drive;
		vm = vm_create(&cfg, &fake_board, &fake_engine);
		assert(vm);
	}
	return vm;
}

/* The method from byte 0; *used gets how many input bytes it took. */
static const char *pick_method(const uint8_t *data, size_t size, char *buf, size_t len,
			       size_t *used)
{
	static const char *const methods[] = {"GET", "PUT", "POST", "DELETE"};
	const uint8_t *space;
	size_t n;

	*used = 1;
	if (data[0] < 0xf0)
		return methods[data[0] % 4];
	space = memchr(data + 1, ' ', size - 1);
	n = space ? (size_t)(space - data - 1) : 0;
	n = n < len - 1 ? n : len - 1;
	memcpy(buf, data + 1, n);
	buf[n] = '\0';
	*used = space ? (size_t)(space - data) + 1 : 1;
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_context ctx = {.vm = the_vm()};
	struct json_object *reply = NULL, *msg;
	char method_buf[32], path[256];
	const char *method, *body, *nl;
	size_t used, plen;
	bool stream;
	int status;

	if (size < 1)
		return 0;
	method = pick_method(data, size, method_buf, sizeof(method_buf), &used);
	body = (const char *)data + used;
	nl = memchr(body, '\n', size - used);
	plen = nl ? (size_t)(nl - body) : size - used;
	plen = plen < sizeof(path) - 1 ? plen : sizeof(path) - 1;
	memcpy(path, body, plen);
	path[plen] = '\0';
	body = nl ? nl + 1 : (const char *)data + size;
	status = api_handle(&ctx, method, path, body, (size_t)((const char *)data + size - body),
			    &reply, &stream);
	assert(status == 200 || status == 204 || status == 400 || status == 404 || status == 405 ||
	       status == 409);
	assert(!stream || (status == 200 && !reply));
	if (status >= 400)
		assert(json_object_object_get_ex(reply, "message", &msg) &&
		       json_object_is_type(msg, json_type_string));
	if (reply)
		assert(json_object_to_json_string(reply));
	json_object_put(reply);
	return 0;
}
