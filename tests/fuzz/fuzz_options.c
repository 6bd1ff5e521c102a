/*
 * fuzz_options.c - libFuzzer target for the fvp command line
 * (src/cli/options.c, options_virtio.c): the input is split at NUL bytes
 * into the arguments after "fvp" (at most 64), each in its own exactly
 * sized allocation, and parsed twice.
 *
 * Invariants checked (by ASan/UBSan and by assertions): the parser returns
 * 0 or -EINVAL, never exits and never changes an argument (getopt only
 * reorders the pointers); both parses agree (no state leaks from one parse
 * into the next); an accepted `fvp run` has a
 * RAM size, vCPU count and translation memory in their ranges, at most
 * VM_MAX_VIRTIO devices, every kept string inside its buffer and
 * NUL-terminated, and a disk file or tap interface for each device that
 * needs one.
 *
 * Seeds (corpus-options/, make-seeds.py): the README's command lines and
 * every option with valid and invalid values; options.dict holds the
 * option names and keywords.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli/options.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool kept(const struct cli_options *o, const char *s)
{
	return s >= o->strings && s < o->strings + o->strings_used &&
	       memchr(s, '\0', (size_t)(o->strings + o->strings_used - s));
}

static void check_run(const struct cli_options *o)
{
	const struct vm_config *vm = &o->vm;

	assert(vm->mem_size >= CLI_MIN_MEM && vm->mem_size <= CLI_MAX_MEM);
	assert(vm->smp >= 1 && vm->smp <= VM_MAX_CPUS);
	assert(!vm->tb_size || (vm->tb_size >= CLI_MIN_TB_SIZE && vm->tb_size <= CLI_MAX_TB_SIZE));
	assert(vm->kernel || vm->bios);
	assert(o->strings_used <= sizeof(o->strings) && vm->nvirtio <= VM_MAX_VIRTIO);
	for (unsigned i = 0; i < vm->nvirtio; i++) {
		const struct vm_virtio_config *c = &vm->virtio[i];

		if (c->kind == VM_VIRTIO_BLK) {
			assert(kept(o, c->drive.file));
			assert(memchr(c->drive.serial, '\0', sizeof(c->drive.serial)));
			assert(!c->drive.num_queues || c->drive.num_queues <= VM_BLK_MAX_QUEUES);
		}
		if (c->kind == VM_VIRTIO_NET) {
			assert(c->net.nhostfwd <= VM_MAX_HOSTFWD);
			assert(!c->net.tap || kept(o, c->net.ifname));
		}
	}
}

static int parse(int argc, char **argv, struct cli_options *o, FILE *err)
{
	int ret = cli_parse(argc, argv, o, err);

	assert(ret == 0 || ret == -EINVAL);
	if (!ret && o->cmd == CLI_RUN)
		check_run(o);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *err;
	static struct cli_options a, b;
	char *argv[MAX_ARGS + 2], *copy[MAX_ARGS + 2];
	size_t off = 0, at[MAX_ARGS + 2], len[MAX_ARGS + 2];
	int argc = 1, ra, rb;

	if (!err && !(err = fopen("/dev/null", "w")))
		abort();
	argv[0] = "fvp";
	while (off < size && argc <= MAX_ARGS) {
		const uint8_t *nul = memchr(data + off, '\0', size - off);

		at[argc] = off;
		len[argc] = nul ? (size_t)(nul - data - off) : size - off;
		argv[argc] = malloc(len[argc] + 1);
		if (!argv[argc])
			abort();
		memcpy(argv[argc], data + off, len[argc]);
		argv[argc][len[argc]] = '\0';
		off += len[argc++] + 1;
	}
	argv[argc] = NULL;
	memcpy(copy, argv, sizeof(argv[0]) * (size_t)(argc + 1));
	ra = parse(argc, argv, &a, err);
	rb = parse(argc, argv, &b, err);
	assert(ra == rb && a.cmd == b.cmd);
	if (!ra && a.cmd == CLI_RUN)
		assert(a.vm.nvirtio == b.vm.nvirtio && a.vm.mem_size == b.vm.mem_size &&
		       a.vm.smp == b.vm.smp && a.debug_mask == b.debug_mask &&
		       a.vm.kernel == b.vm.kernel);
	/* getopt may permute argv (the pointers), never the strings */
	for (int i = 1; i < argc; i++) {
		bool found = false;

		for (int j = 1; j < argc && !found; j++)
			found = argv[j] == copy[i];
		assert(found && !memcmp(copy[i], data + at[i], len[i]) && !copy[i][len[i]]);
		free(copy[i]);
	}
	return 0;
}
