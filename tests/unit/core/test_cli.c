/*
 * test_cli.c - command-line parsing: defaults, every option, every error.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "cli/options.h"
#include "core/log.h"

/* ends an argument list: a variadic argument needs the type va_arg reads, a bare NULL
 * may be a plain 0 */
#define ARGS_END ((char *)NULL)

static int parse(struct cli_options *opt, char *errbuf, size_t errlen, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	FILE *err = fmemopen(errbuf, errlen, "w");
	int ret;

	va_start(ap, errlen);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	ret = cli_parse(argc, argv, opt, err);
	assert_int_equal(fclose(err), 0);
	return ret;
}

static void test_defaults(void **state)
{
	struct cli_options o;
	char e[256] = "";

	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", ARGS_END), 0);
	assert_int_equal(o.cmd, CLI_RUN);
	assert_string_equal(o.vm.arch, "riscv64");
	assert_int_equal(o.vm.smp, 1);
	assert_int_equal(o.vm.mem_size, 256ull << 20);
	assert_string_equal(o.vm.bios, CLI_DEFAULT_BIOS);
	assert_false(o.vm.bios_none);
	assert_string_equal(o.vm.kernel, "k");
	assert_int_equal(o.vm.seccomp, VM_SECCOMP_ON);
}

static void test_all_options(void **state)
{
	struct cli_options o;
	char e[256] = "";

	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--arch", "riscv64", "--engine",
			       "interp", "--bios", "none", "--kernel", "k", "--initrd", "i",
			       "--append", "console=ttyS0", "--mem", "1G", "--smp", "4", "--stats",
			       "-d", "in_asm,int", "--log", "l", "--dtb-out", "d", "--tb-size",
			       "32M", ARGS_END),
			 0);
	assert_true(o.vm.bios_none);
	assert_null(o.vm.bios);
	assert_string_equal(o.vm.initrd, "i");
	assert_string_equal(o.vm.append, "console=ttyS0");
	assert_int_equal(o.vm.mem_size, 1ull << 30);
	assert_int_equal(o.vm.smp, 4);
	assert_true(o.vm.stats);
	assert_int_equal(o.debug_mask, (1u << LOG_CLASS_in_asm) | (1u << LOG_CLASS_int));
	assert_string_equal(o.log_path, "l");
	assert_string_equal(o.vm.dtb_out, "d");
	assert_int_equal(o.vm.tb_size, 32ull << 20);
}

static void test_seccomp(void **state)
{
	static const char *const modes[] = {"on", "log", "off"};
	static const enum vm_seccomp want[] = {VM_SECCOMP_ON, VM_SECCOMP_LOG, VM_SECCOMP_OFF};
	struct cli_options o;
	char e[256] = "";

	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", "--seccomp",
				       modes[i], ARGS_END),
				 0);
		assert_int_equal(o.vm.seccomp, want[i]);
	}
}

static void expect_error(const char *needle, ...);

/* --gdb keeps its address for the stub (which binds it); --paused is VM state. */
static void test_gdb(void **state)
{
	struct cli_options o;
	char e[256] = "";

	(void)state;
	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", ARGS_END), 0);
	assert_null(o.gdb);
	assert_false(o.vm.start_paused);
	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", "--gdb", "tcp:1234",
			       "--paused", ARGS_END),
			 0);
	assert_string_equal(o.gdb, "tcp:1234");
	assert_true(o.vm.start_paused);
	assert_int_equal(
	    parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", "--gdb", "unix:/s", ARGS_END),
	    0);
	assert_string_equal(o.gdb, "unix:/s");
	expect_error("--gdb '1234' is invalid: use tcp:[HOST:]PORT or unix:PATH", "fvp", "run",
		     "--kernel", "k", "--gdb", "1234", ARGS_END);
}

static void expect_error(const char *needle, ...)
{
	struct cli_options o;
	char e[256] = "";
	char *argv[16];
	int argc = 0;
	va_list ap;
	FILE *err = fmemopen(e, sizeof(e), "w");

	va_start(ap, needle);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	assert_int_not_equal(cli_parse(argc, argv, &o, err), 0);
	assert_int_equal(fclose(err), 0);
	assert_non_null(strstr(e, needle));
	/* exactly one line */
	assert_non_null(strchr(e, '\n'));
	assert_null(strchr(strchr(e, '\n') + 1, '\n'));
}

static void test_errors(void **state)
{
	expect_error("--smp '0'", "fvp", "run", "--kernel", "k", "--smp", "0", ARGS_END);
	expect_error("--smp '999'", "fvp", "run", "--kernel", "k", "--smp", "999", ARGS_END);
	expect_error("--smp 'x'", "fvp", "run", "--kernel", "k", "--smp", "x", ARGS_END);
	expect_error("--mem 'lots'", "fvp", "run", "--kernel", "k", "--mem", "lots", ARGS_END);
	expect_error("--mem '1M'", "fvp", "run", "--kernel", "k", "--mem", "1M", ARGS_END);
	/* too big, in a unit the parser knows or not, gets the same message as a non-size */
	expect_error(
	    "--mem '1T' is not a RAM size FVP can give: use a whole number of MiB from 16M "
	    "to 64G",
	    "fvp", "run", "--kernel", "k", "--mem", "1T", ARGS_END);
	expect_error("--tb-size '1M' is not a size FVP can use: give 16M to 64G", "fvp", "run",
		     "--kernel", "k", "--tb-size", "1M", ARGS_END);
	expect_error("--tb-size 'big'", "fvp", "run", "--kernel", "k", "--tb-size", "big",
		     ARGS_END);
	expect_error("--mem '65G' is not a RAM size FVP can give", "fvp", "run", "--kernel", "k",
		     "--mem", "65G", ARGS_END);
	expect_error("unknown option '--frobnicate'", "fvp", "run", "--kernel", "k", "--frobnicate",
		     ARGS_END);
	expect_error("needs a value", "fvp", "run", "--kernel", ARGS_END);
	expect_error("--arch 'mips'", "fvp", "run", "--kernel", "k", "--arch", "mips", ARGS_END);
	expect_error("--engine 'warp'", "fvp", "run", "--kernel", "k", "--engine", "warp",
		     ARGS_END);
	expect_error("unknown debug class 'bogus'", "fvp", "run", "--kernel", "k", "-d",
		     "in_asm,bogus", ARGS_END);
	expect_error("unknown command 'fly'", "fvp", "fly", ARGS_END);
	expect_error("give --kernel", "fvp", "run", "--bios", "none", ARGS_END);
	expect_error("--seccomp 'maybe' is invalid: use on, log or off", "fvp", "run", "--kernel",
		     "k", "--seccomp", "maybe", ARGS_END);
	expect_error("unexpected argument 'extra'", "fvp", "run", "--kernel", "k", "extra",
		     ARGS_END);
}

static void test_sizes(void **state)
{
	uint64_t v;

	assert_int_equal(cli_parse_size("512", &v), 0);
	assert_int_equal(v, 512ull << 20);
	assert_int_equal(cli_parse_size("64k", &v), 0);
	assert_int_equal(v, 64ull << 10);
	assert_int_equal(cli_parse_size("2GiB", &v), 0);
	assert_int_equal(v, 2ull << 30);
	assert_int_equal(cli_parse_size("256MB", &v), 0);
	assert_int_equal(v, 256ull << 20);
	assert_int_equal(cli_parse_size("1T", &v), 0);
	assert_int_equal(v, 1ull << 40);
	assert_int_not_equal(cli_parse_size("16777216T", &v), 0); /* 2^64 */
	assert_int_not_equal(cli_parse_size("", &v), 0);
	assert_int_not_equal(cli_parse_size("-1", &v), 0);
	assert_int_not_equal(cli_parse_size("12Q", &v), 0);
	assert_int_not_equal(cli_parse_size("99999999999999999999G", &v), 0);
}

static void test_help_version(void **state)
{
	struct cli_options o;
	char e[256] = "";

	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "--help", ARGS_END), 0);
	assert_int_equal(o.cmd, CLI_HELP);
	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "--version", ARGS_END), 0);
	assert_int_equal(o.cmd, CLI_VERSION);
	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--help", ARGS_END), 0);
	assert_int_equal(o.cmd, CLI_RUN_HELP);
}

/* A parse that stops inside a cluster of short options ("-hd": at h) leaves nothing behind
 * for the next one (found by fuzz_options: getopt resumed at the d, taking "--kernel" as its
 * debug class list). */
static void test_parse_again(void **state)
{
	struct cli_options o;
	char e[256] = "";

	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "-hd", "in_asm", ARGS_END), 0);
	assert_int_equal(o.cmd, CLI_RUN_HELP);
	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", ARGS_END), 0);
	assert_int_equal(o.cmd, CLI_RUN);
	assert_string_equal(o.vm.kernel, "k");
	assert_int_equal(o.debug_mask, 0);
}

static void test_virtio_options(void **state)
{
	struct cli_options o;
	char e[256] = "";

	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", ARGS_END), 0);
	assert_int_equal(o.vm.nvirtio, 0); /* no option: no virtio device */
	assert_false(o.vm.console_virtio);
	assert_int_equal(
	    parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", "--drive",
		  "file=a.img,if=virtio", "--rng", "--net",
		  "user,hostfwd=tcp::2222-:22,mac=52:54:00:12:34:56", "--drive",
		  "file=b.img,if=virtio,readonly=on,aio=sync,cache=none,serial=S1,num-queues=4",
		  "--console", "virtio", "--net", "tap,ifname=tap0", "--net", "none", ARGS_END),
	    0);
	assert_int_equal(o.vm.nvirtio, 6);
	assert_int_equal(o.vm.virtio[0].kind, VM_VIRTIO_BLK);
	assert_string_equal(o.vm.virtio[0].drive.file, "a.img");
	assert_false(o.vm.virtio[0].drive.readonly);
	assert_null(o.vm.virtio[0].drive.aio);
	assert_false(o.vm.virtio[0].drive.direct);	      /* cache=writeback by default */
	assert_int_equal(o.vm.virtio[0].drive.num_queues, 0); /* 0: one per vCPU */
	assert_int_equal(o.vm.virtio[1].kind, VM_VIRTIO_RNG);
	assert_int_equal(o.vm.virtio[2].kind, VM_VIRTIO_NET);
	assert_false(o.vm.virtio[2].net.tap);
	assert_int_equal(o.vm.virtio[2].net.nhostfwd, 1);
	assert_int_equal(o.vm.virtio[2].net.hostfwd[0].host_port, 2222);
	assert_int_equal(o.vm.virtio[2].net.hostfwd[0].guest_port, 22);
	assert_true(o.vm.virtio[2].net.has_mac);
	assert_int_equal(o.vm.virtio[2].net.mac[5], 0x56);
	assert_string_equal(o.vm.virtio[3].drive.file, "b.img");
	assert_true(o.vm.virtio[3].drive.readonly);
	assert_string_equal(o.vm.virtio[3].drive.aio, "sync");
	assert_true(o.vm.virtio[3].drive.direct);
	assert_string_equal(o.vm.virtio[3].drive.serial, "S1");
	assert_int_equal(o.vm.virtio[3].drive.num_queues, 4);
	assert_int_equal(o.vm.virtio[4].kind, VM_VIRTIO_CONSOLE);
	assert_true(o.vm.console_virtio);
	assert_true(o.vm.virtio[5].net.tap);
	assert_string_equal(o.vm.virtio[5].net.ifname, "tap0");
}

static void test_virtio_errors(void **state)
{
	static const char *const bad[][2] = {
	    {"--drive", "if=virtio"},
	    {"--drive", "file=a,if=ide"},
	    {"--drive", "file=a,aio=posix"},
	    {"--drive", "file=a,cache=directsync"},
	    {"--drive", "file=a,readonly=maybe"},
	    {"--drive", "file=a,serial=123456789012345678901"},
	    {"--drive", "file=a,bogus=1"},
	    {"--drive", "file=a,num-queues=0"},
	    {"--drive", "file=a,num-queues=17"},
	    {"--drive", "file=a,num-queues=2x"},
	    {"--drive", "file=a,num-queues=0002"},
	    {"--drive", "file=a,num-queues="},
	    {"--net", "slirp"},
	    {"--net", "user,hostfwd=sctp::1-:2"},
	    {"--net", "user,hostfwd=tcp::0-:22"},
	    {"--net", "user,mac=01:00:00:00:00:01"},
	    {"--net", "user,mac=52:54:00:12:34"},
	    {"--net", "tap"},
	    {"--console", "serial"},
	};
	struct cli_options o;
	char e[256];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e[0] = '\0';
		assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", bad[i][0],
				       bad[i][1], ARGS_END),
				 -EINVAL);
		assert_non_null(strstr(e, "fvp: "));
	}
	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", "--rng", "--rng",
			       "--rng", "--rng", "--rng", "--rng", "--rng", "--rng", "--rng",
			       ARGS_END),
			 -EINVAL);
	assert_non_null(strstr(e, "too many"));
}

/* --api-socket and --paused for run; fvp ctl --api-socket PATH VERB [JSON] */
static void test_api_options(void **state)
{
	struct cli_options o;
	char e[256] = "";

	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", ARGS_END), 0);
	assert_null(o.api_socket);
	assert_false(o.vm.start_paused);
	assert_int_equal(parse(&o, e, sizeof(e), "fvp", "run", "--kernel", "k", "--api-socket",
			       "/tmp/s", "--paused", ARGS_END),
			 0);
	assert_string_equal(o.api_socket, "/tmp/s");
	assert_true(o.vm.start_paused);
	assert_int_equal(
	    parse(&o, e, sizeof(e), "fvp", "ctl", "--api-socket", "/tmp/s", "vm.pause", ARGS_END),
	    0);
	assert_int_equal(o.cmd, CLI_CTL);
	assert_string_equal(o.api_socket, "/tmp/s");
	assert_string_equal(o.ctl_verb, "vm.pause");
	assert_null(o.ctl_body);
	assert_int_equal(
	    parse(&o, e, sizeof(e), "fvp", "ctl", "--api-socket=/s", "resume", "{}", ARGS_END), 0);
	assert_string_equal(o.api_socket, "/s");
	assert_string_equal(o.ctl_body, "{}");
	expect_error("needs a value", "fvp", "run", "--kernel", "k", "--api-socket", ARGS_END);
	expect_error("usage: fvp ctl --api-socket PATH VERB [JSON]", "fvp", "ctl", "ping",
		     ARGS_END);
	expect_error("usage: fvp ctl", "fvp", "ctl", "--api-socket", "/s", ARGS_END);
	expect_error("usage: fvp ctl", "fvp", "ctl", "--api-socket", "/s", "a", "b", "c", ARGS_END);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_all_options),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_help_version),
	    cmocka_unit_test(test_parse_again),
	    cmocka_unit_test(test_virtio_options),
	    cmocka_unit_test(test_virtio_errors),
	    cmocka_unit_test(test_seccomp),
	    cmocka_unit_test(test_api_options),
	    cmocka_unit_test(test_gdb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
