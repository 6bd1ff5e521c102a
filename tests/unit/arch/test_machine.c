/*
 * test_machine.c - composition (src/arch/machine.c): the board found for --arch, the
 * engine chosen for --engine on that board, and the one-line errors when the pair cannot
 * run (unknown arch or engine, a software engine for a board without a software frontend,
 * kvm for a board that does not run under KVM), and the KVM hooks a board hands the engine.
 * Only the probe test needs a usable /dev/kvm; it skips without one.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "arch/machine.h"
#include "core/board_ops.h"
#include "core/frontend_ops.h"
#include "core/log.h"
#include "engine/engine.h"
#include "engine/kvm/kvm.h"
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

static void test_kvm_arch_hooks(void **state)
{
	const struct kvm_arch_ops *x86 = board_find("x86_64")->kvm;

	(void)state;
	assert_null(board_find("riscv64")->kvm);
	assert_non_null(x86);
	assert_string_equal(x86->host, "x86-64");
	assert_string_equal(x86->pc_name, "rip");
	assert_string_equal(x86->shutdown, "triple fault");
	assert_non_null(x86->vm_setup);
	assert_non_null(x86->pc);
	assert_non_null(x86->dump_regs);
	assert_true(x86->ncaps > 0);
	for (unsigned i = 0; i < x86->ncaps; i++)
		assert_non_null(strstr(x86->caps[i].name, "KVM_CAP_"));
}

/* A capability the arch needs and the host lacks is named, with the arch's host. */
static void test_kvm_probe_names_a_missing_arch_cap(void **state)
{
	static const struct kvm_cap caps[] = {{0x7fffffff, "KVM_CAP_NOT_THERE"}};
	const struct kvm_arch_ops fake = {.host = "fake-64", .caps = caps, .ncaps = 1};
	char why[200] = "";

	(void)state;
	if (kvm_probe(board_find("x86_64")->kvm, why, sizeof(why))) {
		printf("no usable /dev/kvm (%s)\n", why);
		skip();
	}
	assert_int_equal(kvm_probe(&fake, why, sizeof(why)), -ENOTSUP);
	assert_string_equal(why, "--engine kvm: the host KVM lacks KVM_CAP_NOT_THERE: use a newer "
				 "fake-64 host kernel");
}

/* A board whose frontend does not translate (a KVM-only port) refuses the software engines. */
static void test_no_software_frontend(void **state)
{
	static const struct frontend_ops fe = {.name = "fake"};
	static const struct board_ops fake = {.name = "fake", .arch = "fake64", .fe = &fe};

	(void)state;
	assert_null(machine_engine(&fake, "interp"));
	assert_true(test_log_has("fake64 guests need --engine kvm (no software frontend yet)"));
}

/* x86_64 runs on every software engine; auto is kvm where /dev/kvm works, else hybrid with
 * one line saying why. */
static void test_x86_engines(void **state)
{
	const struct board_ops *x86 = board_find("x86_64");
	char why[200];

	(void)state;
	assert_ptr_equal(machine_engine(x86, "interp"), &interp_engine_ops);
	assert_ptr_equal(machine_engine(x86, "jit"), &jit_engine_ops);
	assert_ptr_equal(machine_engine(x86, "hybrid"), &hybrid_engine_ops);
	if (!kvm_probe(x86->kvm, why, sizeof(why))) {
		assert_ptr_equal(machine_engine(x86, "auto"), &kvm_engine_ops);
		return;
	}
	assert_ptr_equal(machine_engine(x86, "auto"), &hybrid_engine_ops);
	assert_true(test_log_has("running x86_64 on the software engine (hybrid)"));
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
	    cmocka_unit_test(test_kvm_arch_hooks),
	    cmocka_unit_test(test_kvm_probe_names_a_missing_arch_cap),
	    cmocka_unit_test_setup_teardown(test_no_software_frontend, open_log, close_log),
	    cmocka_unit_test_setup_teardown(test_x86_engines, open_log, close_log),
	    cmocka_unit_test_setup_teardown(test_create_unknown_arch, open_log, close_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
