/*
 * test_cli_net.c - the --net option's hostfwd= forms: QEMU's
 * [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT with its defaults
 * (tcp, 127.0.0.1, the guest's DHCP address), and one clear error line,
 * naming the value, for each way the value can be wrong.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "cli/options.h"

#define IPV4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* `fvp run --kernel k --net NET`: the parser's result; its error text in err. */
static int parse_net(struct cli_options *opt, const char *net, char *err, size_t errlen)
{
	char fvp[] = "fvp", run[] = "run", kernel[] = "--kernel", k[] = "k", net_opt[] = "--net";
	char *argv[] = {fvp, run, kernel, k, net_opt, (char *)net, NULL};
	FILE *f = fmemopen(err, errlen, "w");
	int ret;

	err[0] = '\0';
	ret = cli_parse(6, argv, opt, f);
	assert_int_equal(fclose(f), 0);
	return ret;
}

static void test_hostfwd_forms(void **state)
{
	static const struct {
		const char *net;
		struct vm_net_hostfwd want;
	} cases[] = {
	    {"user,hostfwd=tcp::2222-:22", {false, IPV4(127, 0, 0, 1), 0, 2222, 22}},
	    {"user,hostfwd=::8080-:80", {false, IPV4(127, 0, 0, 1), 0, 8080, 80}},
	    {"user,hostfwd=udp::5353-:53", {true, IPV4(127, 0, 0, 1), 0, 5353, 53}},
	    {"user,hostfwd=tcp:0.0.0.0:2222-10.0.2.16:22",
	     {false, 0, IPV4(10, 0, 2, 16), 2222, 22}},
	    {"user,hostfwd=udp:192.0.2.7:65535-10.0.2.15:1",
	     {true, IPV4(192, 0, 2, 7), IPV4(10, 0, 2, 15), 65535, 1}},
	};
	struct cli_options o;
	char e[512];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct vm_net_hostfwd *got;

		assert_int_equal(parse_net(&o, cases[i].net, e, sizeof(e)), 0);
		assert_int_equal(o.vm.nvirtio, 1);
		assert_int_equal(o.vm.virtio[0].net.nhostfwd, 1);
		got = &o.vm.virtio[0].net.hostfwd[0];
		assert_int_equal(got->udp, cases[i].want.udp);
		assert_int_equal(got->host_addr, cases[i].want.host_addr);
		assert_int_equal(got->guest_addr, cases[i].want.guest_addr);
		assert_int_equal(got->host_port, cases[i].want.host_port);
		assert_int_equal(got->guest_port, cases[i].want.guest_port);
	}
}

static void test_hostfwd_several(void **state)
{
	struct cli_options o;
	char e[512];

	assert_int_equal(parse_net(&o,
				   "user,hostfwd=tcp::1-:2,mac=52:54:00:00:00:01,hostfwd=udp::3-:4",
				   e, sizeof(e)),
			 0);
	assert_int_equal(o.vm.virtio[0].net.nhostfwd, 2);
	assert_false(o.vm.virtio[0].net.hostfwd[0].udp);
	assert_true(o.vm.virtio[0].net.hostfwd[1].udp);
	assert_int_equal(o.vm.virtio[0].net.hostfwd[1].host_port, 3);
	assert_true(o.vm.virtio[0].net.has_mac);
	assert_int_equal(
	    parse_net(&o,
		      "user,hostfwd=::1-:1,hostfwd=::2-:2,hostfwd=::3-:3,hostfwd=::4-:4,"
		      "hostfwd=::5-:5",
		      e, sizeof(e)),
	    -EINVAL);
	assert_non_null(strstr(e, "more than 4 hostfwd"));
}

static void test_hostfwd_errors(void **state)
{
	/* value after hostfwd=, and a word of the reason the error line must give */
	static const char *const bad[][2] = {
	    {"sctp::1-:2", "protocol 'sctp'"},
	    {"tcp", "lacks"},
	    {"tcp::2222", "lacks"},
	    {"tcp:2222-:22", "host side '2222' lacks"},
	    {"tcp::2222-22", "guest side '22' lacks"},
	    {"tcp:1.2.3:2222-:22", "host address '1.2.3'"},
	    {"tcp:localhost:2222-:22", "host address 'localhost'"},
	    {"tcp:256.0.0.1:2222-:22", "host address '256.0.0.1'"},
	    {"tcp::2222-10.0.2:22", "guest address '10.0.2'"},
	    {"tcp::0-:22", "host port '0'"},
	    {"tcp::65536-:22", "host port '65536'"},
	    {"tcp::22-:-1", "guest port '-1'"},
	    {"tcp::+22-:22", "host port '+22'"},
	    {"tcp::22x-:22", "host port '22x'"},
	    {"tcp::-:22", "host port ''"},
	    {"tcp::2222-:", "guest port ''"},
	    {"tcp::2222-0.0.0.0:22", "0.0.0.0"},
	    {"tcp:127.0.0.1:2222-10.0.2.15:22:33", "guest address '10.0.2.15:22'"},
	    {"tcp::11111111111111111111111111111111111111111111111111111111111111-:1", "longer"},
	};
	struct cli_options o;
	char net[128], e[512];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(net, sizeof(net), "user,hostfwd=%s", bad[i][0]);
		assert_int_equal(parse_net(&o, net, e, sizeof(e)), -EINVAL);
		/* one line, naming the option and the reason */
		assert_non_null(strstr(e, "fvp: --net"));
		assert_non_null(strstr(e, bad[i][1]));
		assert_ptr_equal(strchr(e, '\n'), e + strlen(e) - 1);
	}
	/* a tap card has no port forwards */
	assert_int_equal(parse_net(&o, "tap,ifname=t0,hostfwd=tcp::1-:2", e, sizeof(e)), -EINVAL);
}

/* A card's address is unicast and not all zero; a malformed one gets the form's message. */
static void test_mac(void **state)
{
	static const char *const no_card[] = {"00:00:00:00:00:00", "01:00:5e:00:00:01",
					      "ff:ff:ff:ff:ff:ff", "33:33:00:00:00:01"};
	struct cli_options o;
	char net[64], e[512];

	(void)state;
	for (unsigned i = 0; i < sizeof(no_card) / sizeof(no_card[0]); i++) {
		snprintf(net, sizeof(net), "user,mac=%s", no_card[i]);
		assert_int_equal(parse_net(&o, net, e, sizeof(e)), -EINVAL);
		assert_non_null(strstr(e, no_card[i]));
		assert_non_null(strstr(e, "multicast or all zero"));
		assert_ptr_equal(strchr(e, '\n'), e + strlen(e) - 1);
	}
	assert_int_equal(parse_net(&o, "user,mac=52:54:00:00:00", e, sizeof(e)), -EINVAL);
	assert_non_null(strstr(e, "is invalid: use"));
	assert_int_equal(parse_net(&o, "user,mac=02:00:00:00:00:00", e, sizeof(e)), 0);
	assert_true(o.vm.virtio[0].net.has_mac);
	assert_int_equal(o.vm.virtio[0].net.mac[0], 2);
}

/* restrict=on|off on user networking only. */
static void test_restrict(void **state)
{
	struct cli_options o;
	char e[512];

	(void)state;
	assert_int_equal(parse_net(&o, "user,restrict=on", e, sizeof(e)), 0);
	assert_true(o.vm.virtio[0].net.restricted);
	assert_int_equal(parse_net(&o, "user,hostfwd=tcp::2222-:22,restrict=off", e, sizeof(e)), 0);
	assert_false(o.vm.virtio[0].net.restricted);
	assert_int_equal(parse_net(&o, "user,restrict=maybe", e, sizeof(e)), -EINVAL);
	assert_non_null(strstr(e, "[,restrict=on]"));
	assert_int_equal(parse_net(&o, "tap,ifname=t0,restrict=on", e, sizeof(e)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hostfwd_forms),  cmocka_unit_test(test_hostfwd_several),
	    cmocka_unit_test(test_hostfwd_errors), cmocka_unit_test(test_mac),
	    cmocka_unit_test(test_restrict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
