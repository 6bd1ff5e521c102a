/*
 * test_machine.c - composition (src/arch/machine.c): the board found for --arch, the
 * engine chosen for --engine on that board, and the one-line errors when the pair cannot
 * run (unknown arch or engine, a software engine for a board without a software frontend,
 * kvm for a board that does not run under KVM). Nothing here needs /dev/kvm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "arch/machine.h"
#include "core/log.h"
#include "engine/engine.h"
#include "../test_log.h"

static int open_log(void **state)
{
	(void)state;
	return test_log_open();
}

static int close_log(void **state)
{
	(void)state;
	test_log_close();
	return 0;
}

static void test_board_find(void **state)
{
	(void)state;
	assert_string_equal(board_find("riscv64")->arch, "riscv64");
	assert_string_equal(board_find("x86_64")->arch, "x86_64");
	assert_null(board_find("mips"));
	assert_null(board_find(NULL));
}

static void test_software_engines(void **state)
{
	const struct board_ops *rv = board_find("riscv64");

	(void)state;
	assert_ptr_equal(machine_engine(rv, NULL), &hybrid_engine_ops);
	assert_ptr_equal(machine_engine(rv, "auto"), &hybrid_engine_ops);
	assert_ptr_equal(machine_engine(rv, "interp"), &interp_engine_ops);
	assert_ptr_equal(machine_engine(rv, "jit"), &jit_engine_ops);
	assert_null(machine_engine(rv, "turbo"));
	assert_true(test_log_has("--engine 'turbo' is not available"));
}

static void test_kvm_only_where_the_board_runs_under_kvm(void **state)
{
	(void)state;
	assert_null(machine_engine(board_find("riscv64"), "kvm"));
	assert_true(
	    test_log_has("--engine kvm runs x86_64 guests only: use --engine auto for riscv64"));
}

static void test_no_software_frontend(void **state)
{
	(void)state;
	assert_null(machine_engine(board_find("x86_64"), "interp"));
	assert_true(test_log_has("x86_64 guests need --engine kvm (no software frontend yet)"));
}

static void test_create_unknown_arch(void **state)
{
	struct vm_config cfg = {.arch = "mips", .smp = 1, .mem_size = 1 << 20};

	(void)state;
	assert_null(machine_create(&cfg));
	assert_true(test_log_has("unknown --arch 'mips'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_board_find),
	    cmocka_unit_test_setup_teardown(test_software_engines, open_log, close_log),
	    cmocka_unit_test_setup_teardown(test_kvm_only_where_the_board_runs_under_kvm, open_log,
					    close_log),
	    cmocka_unit_test_setup_teardown(test_no_software_frontend, open_log, close_log),
	    cmocka_unit_test_setup_teardown(test_create_unknown_arch, open_log, close_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
