/*
 * options.c - parsing of the fvp command line.
 *
 * Pure: reads argv, fills struct cli_options, prints at most one error
 * line; never exits (main decides). Unit-tested in tests/unit/core.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/options.h"
#include "core/log.h"

enum {
	OPT_ARCH = 256,
	OPT_ENGINE,
	OPT_BIOS,
	OPT_KERNEL,
	OPT_INITRD,
	OPT_APPEND,
	OPT_MEM,
	OPT_SMP,
	OPT_STATS,
	OPT_PERF_MAP,
	OPT_LOG,
	OPT_DTB_OUT,
	OPT_HELP,
	OPT_QUIET,
	OPT_DRIVE,
	OPT_NET,
	OPT_RNG,
	OPT_CONSOLE,
	OPT_TB_SIZE,
	OPT_SECCOMP,
	OPT_API_SOCKET,
	OPT_GDB,
	OPT_PAUSED,
	OPT_RESTORE,
};

static const struct option run_options[] = {
    {"arch", required_argument, NULL, OPT_ARCH},
    {"engine", required_argument, NULL, OPT_ENGINE},
    {"bios", required_argument, NULL, OPT_BIOS},
    {"kernel", required_argument, NULL, OPT_KERNEL},
    {"initrd", required_argument, NULL, OPT_INITRD},
    {"append", required_argument, NULL, OPT_APPEND},
    {"mem", required_argument, NULL, OPT_MEM},
    {"smp", required_argument, NULL, OPT_SMP},
    {"stats", no_argument, NULL, OPT_STATS},
    {"perf-map", no_argument, NULL, OPT_PERF_MAP},
    {"log", required_argument, NULL, OPT_LOG},
    {"dtb-out", required_argument, NULL, OPT_DTB_OUT},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"drive", required_argument, NULL, OPT_DRIVE},
    {"net", required_argument, NULL, OPT_NET},
    {"rng", no_argument, NULL, OPT_RNG},
    {"console", required_argument, NULL, OPT_CONSOLE},
    {"tb-size", required_argument, NULL, OPT_TB_SIZE},
    {"seccomp", required_argument, NULL, OPT_SECCOMP},
    {"api-socket", required_argument, NULL, OPT_API_SOCKET},
    {"gdb", required_argument, NULL, OPT_GDB},
    {"paused", no_argument, NULL, OPT_PAUSED},
    {"restore", required_argument, NULL, OPT_RESTORE},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

void cli_print_help(FILE *out)
{
	fputs("usage: fvp run [options]     boot a guest (see fvp run --help)\n"
	      "       fvp ctl --api-socket PATH VERB [JSON]\n"
	      "                            send VERB (vm.info, vm.pause, ...: docs/API.md) to a\n"
	      "                            running fvp's control API and print the reply\n"
	      "       fvp --help | --version\n"
	      "\n"
	      "FVP, the Fast Virtual Platform: a virtual machine monitor and system emulator.\n",
	      out);
}

static const char run_help[] =
    "usage: fvp run --kernel FILE [options]\n"
    "  --arch riscv64|x86_64  guest architecture (default riscv64)\n"
    "  --engine NAME          auto, interp, jit, hybrid or kvm (default auto: the fastest\n"
    "                         engine available for the guest)\n"
    "  --bios FILE|none       firmware (default " CLI_DEFAULT_BIOS ");\n"
    "                         none: start the kernel directly in M mode\n"
    "  --kernel FILE          Linux Image, ELF or raw binary (at 0x80200000)\n"
    "  --initrd FILE          initial ramdisk\n"
    "  --append STRING        kernel command line\n"
    "  --mem SIZE             guest RAM, e.g. 256M or 1G (default 256M)\n"
    "  --smp N                number of harts (default 1, at most 32)\n"
    "  --stats                print engine statistics on exit\n"
    "  --tb-size SIZE         translation memory of the software engines, shared by the\n"
    "                         vCPUs (default 512M, at least 4M a vCPU); when a vCPU's\n"
    "                         share is full its translations are dropped and redone\n"
    "  --perf-map             name JIT code by guest address in /tmp/perf-PID.map,\n"
    "                         for perf report\n"
    "  -d LIST                debug output classes, comma separated (-d help lists them)\n"
    "  --log FILE             write logs and debug output to FILE instead of stderr\n"
    "  --dtb-out FILE         also write the generated device tree to FILE\n"
    "  --quiet                no informational messages\n"
    "  --seccomp on|log|off   each thread's system-call filter: on (default) stops FVP\n"
    "                         with a message naming the thread and the call when a\n"
    "                         thread makes a call its kind may not; log lets it run\n"
    "                         and the kernel logs it (audit); off: no filter\n"
    "  --gdb tcp:[HOST:]PORT|unix:PATH\n"
    "                         serve a gdb remote stub there (HOST default 127.0.0.1;\n"
    "                         PORT 0 picks a free one); see docs/DEBUGGING.md\n"
    "  --drive file=F,if=virtio[,readonly=on][,aio=io_uring|sync][,cache=writeback|none]\n"
    "          [,serial=S][,num-queues=N]\n"
    "                         a virtio disk (repeatable; the first is /dev/vda;\n"
    "                         cache=none: O_DIRECT, bypassing the host page cache;\n"
    "                         num-queues: request queues, default one per vCPU)\n"
    "  --net user[,hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT][,mac=M]\n"
    "            [,restrict=on]\n"
    "        | tap,ifname=N[,mac=M] | none\n"
    "                         a virtio network card (user: guest 10.0.2.15, host 10.0.2.2;\n"
    "                         hostfwd repeatable, HOSTADDR 127.0.0.1 when left empty;\n"
    "                         by default 10.0.2.2 reaches the host's own 127.0.0.1;\n"
    "                         restrict=on: only forwards, DHCP and DNS, no traffic to\n"
    "                         the host or beyond)\n"
    "  --rng                  a virtio entropy device fed by the host\n"
    "  --api-socket PATH      serve the control API (HTTP and JSON, docs/API.md) on a\n"
    "                         unix socket created at PATH with mode 0600\n"
    "  --paused               start with every vCPU paused (resume: vm.resume, or gdb's\n"
    "                         continue with --gdb)\n"
    "  --restore PATH         resume from a snapshot (vm.snapshot) taken of a VM run\n"
    "                         with the same machine options (RAM, vCPUs, devices)\n"
    "  --console uart|virtio  the guest console: the UART (ttyS0, default) or\n"
    "                         virtio-console (hvc0; the UART is then idle)\n"
    "virtio devices take slots in command-line order\n"
    "console: the guest's UART is on stdin/stdout; Ctrl-A X quits, Ctrl-A H lists keys\n"
    "exit status: 0 guest powered off (or shut down through the control API), 1 error,\n"
    "             2 guest reset, 3 guest reported failure, 4 stopped by the user\n";

void cli_print_run_help(FILE *out)
{
	fputs(run_help, out);
}

/* Names the CLI knows; whether one is available for the chosen --arch is vm_create's call. */
static bool cli_engine_known(const char *name)
{
	static const char *const names[] = {"auto", "interp", "jit", "hybrid", "kvm"};

	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

int cli_parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1ull << 20;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'k':
	case 'K':
		mul = 1ull << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mul = 1ull << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mul = 1ull << 30;
		end++;
		break;
	case 't':
	case 'T':
		mul = 1ull << 40;
		end++;
		break;
	case '\0':
		break;
	default:
		return -EINVAL;
	}
	if (*end == 'i' || *end == 'B')
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end || v > UINT64_MAX / mul)
		return -EINVAL;
	*bytes = v * mul;
	return 0;
}

static int parse_seccomp(struct cli_options *opt, const char *arg, FILE *err)
{
	static const char *const names[] = {
	    [VM_SECCOMP_ON] = "on", [VM_SECCOMP_LOG] = "log", [VM_SECCOMP_OFF] = "off"};

	for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(arg, names[i])) {
			opt->vm.seccomp = (enum vm_seccomp)i;
			return 0;
		}
	}
	fprintf(err, "fvp: --seccomp '%s' is invalid: use on, log or off\n", arg);
	return -EINVAL;
}

static int parse_run(int argc, char **argv, struct cli_options *opt, FILE *err)
{
	const char *bad;
	char *end;
	unsigned long n;
	int c;

	/* 0, not 1: glibc then also forgets where it was inside a cluster of short options
	 * ("-hd" stops at h), which a later parse would otherwise resume in the old argv. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:h", run_options, NULL)) != -1) {
		switch (c) {
		case OPT_ARCH:
			opt->vm.arch = optarg;
			break;
		case OPT_ENGINE:
			opt->vm.engine = optarg;
			break;
		case OPT_BIOS:
			opt->vm.bios_none = !strcmp(optarg, "none");
			opt->vm.bios = opt->vm.bios_none ? NULL : optarg;
			break;
		case OPT_KERNEL:
			opt->vm.kernel = optarg;
			break;
		case OPT_INITRD:
			opt->vm.initrd = optarg;
			break;
		case OPT_APPEND:
			opt->vm.append = optarg;
			break;
		case OPT_DTB_OUT:
			opt->vm.dtb_out = optarg;
			break;
		case OPT_LOG:
			opt->log_path = optarg;
			break;
		case OPT_STATS:
			opt->vm.stats = true;
			break;
		case OPT_PERF_MAP:
			opt->perf_map = true;
			break;
		case OPT_QUIET:
			opt->quiet = true;
			break;
		case OPT_HELP:
		case 'h':
			opt->cmd = CLI_RUN_HELP;
			return 0;
		case OPT_DRIVE:
			if (cli_parse_drive(opt, optarg, err))
				return -EINVAL;
			break;
		case OPT_NET:
			if (cli_parse_net(opt, optarg, err))
				return -EINVAL;
			break;
		case OPT_RNG:
			if (cli_parse_rng(opt, err))
				return -EINVAL;
			break;
		case OPT_TB_SIZE:
			if (cli_parse_size(optarg, &opt->vm.tb_size) ||
			    opt->vm.tb_size < CLI_MIN_TB_SIZE ||
			    opt->vm.tb_size > CLI_MAX_TB_SIZE) {
				fprintf(
				    err,
				    "fvp: --tb-size '%s' is not a size FVP can use: give 16M to "
				    "64G (e.g. 256M)\n",
				    optarg);
				return -EINVAL;
			}
			break;
		case OPT_SECCOMP:
			if (parse_seccomp(opt, optarg, err))
				return -EINVAL;
			break;
		case OPT_API_SOCKET:
			opt->api_socket = optarg;
			break;
		case OPT_GDB:
			if (strncmp(optarg, "tcp:", 4) != 0 && strncmp(optarg, "unix:", 5) != 0) {
				fprintf(err,
					"fvp: --gdb '%s' is invalid: use tcp:[HOST:]PORT or "
					"unix:PATH\n",
					optarg);
				return -EINVAL;
			}
			opt->gdb = optarg;
			break;
		case OPT_PAUSED:
			opt->vm.start_paused = true;
			break;
		case OPT_RESTORE:
			opt->restore = optarg;
			break;
		case OPT_CONSOLE:
			if (cli_parse_console(opt, optarg, err))
				return -EINVAL;
			break;
		case OPT_MEM:
			if (cli_parse_size(optarg, &opt->vm.mem_size) ||
			    opt->vm.mem_size < CLI_MIN_MEM || opt->vm.mem_size > CLI_MAX_MEM ||
			    opt->vm.mem_size & 0xfffff) {
				fprintf(
				    err,
				    "fvp: --mem '%s' is not a RAM size FVP can give: use a whole "
				    "number of MiB from 16M to 64G (e.g. 256M or 1G)\n",
				    optarg);
				return -EINVAL;
			}
			break;
		case OPT_SMP:
			errno = 0;
			n = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg || n < 1 || n > VM_MAX_CPUS) {
				fprintf(err, "fvp: --smp '%s' is invalid: use 1 to %d\n", optarg,
					VM_MAX_CPUS);
				return -EINVAL;
			}
			opt->vm.smp = (unsigned)n;
			break;
		case 'd':
			if (!strcmp(optarg, "help")) {
				fputs("debug classes for -d:\n", err);
				log_print_classes(err);
				opt->cmd = CLI_RUN_HELP;
				return 0;
			}
			if (log_parse_classes(optarg, &opt->debug_mask, &bad)) {
				fprintf(err, "fvp: unknown debug class '%s' in -d: see -d help\n",
					bad);
				return -EINVAL;
			}
			break;
		case ':':
			fprintf(err, "fvp: option '%s' needs a value: see fvp run --help\n",
				argv[optind - 1]);
			return -EINVAL;
		default:
			fprintf(err, "fvp: unknown option '%s': see fvp run --help\n",
				argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(err, "fvp: unexpected argument '%s': see fvp run --help\n", argv[optind]);
		return -EINVAL;
	}
	if (strcmp(opt->vm.arch, "riscv64") != 0 && strcmp(opt->vm.arch, "x86_64") != 0) {
		fprintf(err, "fvp: --arch '%s' is not supported: use riscv64 or x86_64\n",
			opt->vm.arch);
		return -EINVAL;
	}
	if (!cli_engine_known(opt->vm.engine)) {
		fprintf(err, "fvp: unknown --engine '%s': use auto, interp, jit, hybrid or kvm\n",
			opt->vm.engine);
		return -EINVAL;
	}
	if (!opt->vm.kernel && opt->vm.bios_none) {
		fprintf(err, "fvp: nothing to run: give --kernel FILE\n");
		return -EINVAL;
	}
	if (!opt->vm.kernel && !opt->vm.bios) {
		fprintf(err, "fvp: --kernel FILE is required: see fvp run --help\n");
		return -EINVAL;
	}
	return 0;
}

/* fvp ctl --api-socket PATH VERB [JSON] */
static int parse_ctl(int argc, char **argv, struct cli_options *opt, FILE *err)
{
	int i = 1;

	if (i < argc && !strcmp(argv[i], "--api-socket") && i + 1 < argc) {
		opt->api_socket = argv[i + 1];
		i += 2;
	} else if (i < argc && !strncmp(argv[i], "--api-socket=", 13)) {
		opt->api_socket = argv[i] + 13;
		i++;
	}
	if (!opt->api_socket || !*opt->api_socket || i >= argc || argc - i > 2) {
		fprintf(err, "fvp: usage: fvp ctl --api-socket PATH VERB [JSON]\n");
		return -EINVAL;
	}
	opt->ctl_verb = argv[i];
	opt->ctl_body = i + 1 < argc ? argv[i + 1] : NULL;
	opt->cmd = CLI_CTL;
	return 0;
}

int cli_parse(int argc, char **argv, struct cli_options *opt, FILE *err)
{
	memset(opt, 0, sizeof(*opt));
	opt->vm.arch = "riscv64";
	opt->vm.engine = "auto";
	opt->vm.bios = CLI_DEFAULT_BIOS;
	opt->vm.mem_size = 256ull << 20;
	opt->vm.smp = 1;
	opt->vm.seccomp = VM_SECCOMP_ON;
	opt->vm.append = "";
	if (argc < 2) {
		cli_print_help(err);
		fputs("fvp: no command given\n", err);
		return -EINVAL;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		opt->cmd = CLI_HELP;
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		opt->cmd = CLI_VERSION;
		return 0;
	}
	if (!strcmp(argv[1], "run")) {
		opt->cmd = CLI_RUN;
		return parse_run(argc - 1, argv + 1, opt, err);
	}
	if (!strcmp(argv[1], "ctl"))
		return parse_ctl(argc - 1, argv + 1, opt, err);
	fprintf(err, "fvp: unknown command '%s': try fvp --help\n", argv[1]);
	return -EINVAL;
}
