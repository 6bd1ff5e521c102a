/*
 * test_sifive_test.c - the SiFive test device's commands map to the right
 * stop reasons (vm_request_stop is replaced by a recorder), the failure
 * code reaches the message, and unknown writes do nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/vm.h"
#include "dev/sifive_test.h"

static unsigned stops;
static enum vm_stop_reason last_reason;
static char last_msg[160];
static struct vm *last_vm;

void vm_request_stop(struct vm *vm, enum vm_stop_reason reason, const char *msg)
{
	stops++;
	last_vm = vm;
	last_reason = reason;
	snprintf(last_msg, sizeof(last_msg), "%s", msg ? msg : "");
}

static struct vm the_vm;

static int reset(void **state)
{
	stops = 0;
	last_reason = VM_STOP_NONE;
	last_msg[0] = 0;
	last_vm = NULL;
	return 0;
}

static void test_pass_powers_off(void **state)
{
	sifive_test_mmio_ops.write(&the_vm, 0, SIFIVE_TEST_PASS, 4);
	assert_int_equal(stops, 1);
	assert_ptr_equal(last_vm, &the_vm);
	assert_int_equal(last_reason, VM_STOP_POWEROFF);
}

static void test_reset(void **state)
{
	sifive_test_mmio_ops.write(&the_vm, 0, SIFIVE_TEST_RESET, 4);
	assert_int_equal(stops, 1);
	assert_int_equal(last_reason, VM_STOP_RESET);
}

static void test_fail_with_code(void **state)
{
	sifive_test_mmio_ops.write(&the_vm, 0, SIFIVE_TEST_FAIL | (42u << 16), 4);
	assert_int_equal(stops, 1);
	assert_int_equal(last_reason, VM_STOP_PANIC);
	assert_non_null(strstr(last_msg, "42"));
}

static void test_unknown_and_reads(void **state)
{
	sifive_test_mmio_ops.write(&the_vm, 0, 0x1234, 4);
	sifive_test_mmio_ops.write(&the_vm, 8, SIFIVE_TEST_PASS, 4); /* wrong offset */
	assert_int_equal(stops, 0);
	assert_int_equal(sifive_test_mmio_ops.read(&the_vm, 0, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_pass_powers_off, reset),
	    cmocka_unit_test_setup(test_reset, reset),
	    cmocka_unit_test_setup(test_fail_with_code, reset),
	    cmocka_unit_test_setup(test_unknown_and_reads, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
