/*
 * sifive_test.c - the SiFive test device: the guest's way to power off,
 * reset, or stop with a failure code (what the syscon-poweroff and
 * syscon-reboot nodes and bare-metal tests use).
 *
 * Invariants: stateless; only a write of a known command at offset 0 acts,
 * anything else is ignored (and logged under -d unimp).
 */
#include "dev/sifive_test.h"

#include <stdio.h>
#include "core/log.h"
#include "core/snapshot_state.h"
#include "core/vm.h"

static uint64_t sifive_test_read(void *opaque, uint64_t offset, unsigned size)
{
	return 0;
}

static void sifive_test_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct vm *vm = opaque;
	unsigned code = (unsigned)(value >> 16) & 0xffffu;
	char msg[64];

	if (offset != 0 || size < 2) {
		log_class(unimp, "sifive_test: write 0x%llx at +0x%llx size %u ignored",
			  (unsigned long long)value, (unsigned long long)offset, size);
		return;
	}
	switch (value & 0xffffu) {
	case SIFIVE_TEST_PASS:
		vm_request_stop(vm, VM_STOP_POWEROFF, "guest powered off");
		break;
	case SIFIVE_TEST_RESET:
		vm_request_stop(vm, VM_STOP_RESET, "guest requested a reset");
		break;
	case SIFIVE_TEST_FAIL:
		snprintf(msg, sizeof(msg), "test device FAIL, code %u", code);
		vm_request_stop(vm, VM_STOP_PANIC, msg);
		break;
	default:
		log_class(unimp, "sifive_test: unknown command 0x%llx", (unsigned long long)value);
		break;
	}
}

/* mmio_ops.save and load: the device has no state. */
static int sifive_test_save(void *opaque, struct snap_enc *e)
{
	(void)opaque;
	(void)e;
	return 0;
}

static int sifive_test_load(void *opaque, struct snap_dec *d)
{
	(void)opaque;
	return snap_dec_finish(d);
}

const struct mmio_ops sifive_test_mmio_ops = {
    .read = sifive_test_read,
    .write = sifive_test_write,
    .save = sifive_test_save,
    .load = sifive_test_load,
};
