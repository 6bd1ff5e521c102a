/*
 * main.c - the fvp command: parse options, build the VM, run it, and turn
 * the reason it stopped into the exit status. The only place that exits.
 *
 * Signals: SIGINT, SIGTERM, SIGHUP and SIGQUIT are blocked in every thread
 * and taken by a dedicated thread with sigwait, which stops the VM cleanly
 * (the terminal is restored on the way out). SIGUSR1 and SIGUSR2 from outside
 * are taken by the same thread and ignored (SIGUSR2 kicks KVM vCPU threads,
 * which unblock it for themselves); the thread ends only when run() sets
 * signal_thread_done and wakes it. SIGPIPE is ignored: a closed console
 * pipe is an EPIPE the console turns into a stop with a message.
 *
 * Sandbox (core/sandbox.h, docs/SECURITY.md): set up before anything else;
 * every thread enters its own, this one once the VM's threads are started.
 * A forbidden system call raises SIGSYS (--seccomp on), whose handler prints
 * one line naming the thread and the call, restores the terminal and exits 1:
 * the VM does not die silently. FVP_SECCOMP_SELFTEST=KIND (read once, here)
 * makes the thread of that kind call mount right after entering its sandbox,
 * for the test of that path (tests/boot/seccomp.sh).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "api/api.h"
#include "arch/machine.h"
#include "cli/console.h"
#include "cli/options.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/perfmap.h"
#include "core/sandbox.h"
#include "core/vm_snapshot.h"
#include "core/vm.h"
#include "core/frontend_ops.h"
#include "core/engine_ops.h"
#include "debug/gdb_stub.h"

static sigset_t stop_signals;
static bool signal_thread_done; /* atomic: run() is done, SIGUSR1 is its wake-up */

static void *signal_thread(void *arg)
{
	struct vm *vm = arg;
	int sig;

	sandbox_enter(SANDBOX_SIGNAL);
	while (!sigwait(&stop_signals, &sig)) {
		if (sig == SIGUSR1 || sig == SIGUSR2) {
			if (__atomic_load_n(&signal_thread_done, __ATOMIC_ACQUIRE))
				break;
			continue;
		}
		vm_request_stop(vm, VM_STOP_USER, strsignal(sig));
	}
	return NULL;
}

/* SIGSYS from a seccomp filter: async-signal-safe. */
static void sigsys_handler(int sig, siginfo_t *si, void *uctx)
{
	char line[192];
	size_t len = sandbox_violation_message(line, sizeof(line), si->si_syscall);

	(void)sig;
	(void)uctx;
	console_restore_terminal();
	if (write(STDERR_FILENO, line, len) < 0)
		_exit(CLI_EXIT_ERROR);
	_exit(CLI_EXIT_ERROR);
}

/* A thread could not enter its sandbox: it must not run unconfined. */
static void sandbox_fatal(const char *msg)
{
	console_restore_terminal();
	log_error("%s", msg);
	_exit(CLI_EXIT_ERROR);
}

static int sandbox_setup(enum vm_seccomp mode)
{
	const char *test = getenv("FVP_SECCOMP_SELFTEST");
	int selftest = -1;

	if (test && *test) {
		selftest = sandbox_thread_by_name(test);
		if (selftest < 0) {
			log_error("FVP_SECCOMP_SELFTEST='%s' is no thread kind", test);
			return selftest;
		}
	}
	if (mode == VM_SECCOMP_ON) {
		struct sigaction sa = {.sa_sigaction = sigsys_handler, .sa_flags = SA_SIGINFO};

		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGSYS, &sa, NULL))
			return -errno;
	}
	return sandbox_init(mode, selftest, sandbox_fatal);
}

static int exit_status(const struct vm *vm, bool quiet)
{
	switch (vm->stop_reason) {
	case VM_STOP_POWEROFF:
	case VM_STOP_REQUEST: /* vm.shutdown or vmm.shutdown through the control API */
		return CLI_EXIT_POWEROFF;
	case VM_STOP_RESET:
		if (!quiet)
			log_info("guest requested a reset: exiting with status %d", CLI_EXIT_RESET);
		return CLI_EXIT_RESET;
	case VM_STOP_PANIC:
		log_error("guest reported failure: %s", vm->stop_message);
		return CLI_EXIT_GUEST_FAIL;
	case VM_STOP_USER:
		return CLI_EXIT_USER;
	default:
		log_error("%s", vm->stop_message[0] ? vm->stop_message : "VM stopped on an error");
		return CLI_EXIT_ERROR;
	}
}

/* Start the VM, and the control API's thread first when there is one; then confine this
 * thread (every other one runs) and wait for the VM to stop. */
static int start_and_wait(struct vm *vm, struct api_server *api)
{
	int ret = api ? api_server_start(api) : 0;

	if (ret)
		return ret; /* nothing started, nothing confined: the caller tears down */
	ret = vm_start(vm);
	sandbox_enter(SANDBOX_MAIN);
	vm_wait(vm);
	api_server_stop(api);
	return ret;
}

/* --gdb: bind the stub's socket and start its thread (before the main thread confines
 * itself). 0, or -1 with the reason logged. */
static int gdb_setup(struct vm *vm, const char *spec, struct gdb_stub **stub)
{
	int ret;

	*stub = NULL;
	if (!spec)
		return 0;
	*stub = gdb_stub_create(vm, spec);
	if (!*stub)
		return -1;
	ret = gdb_stub_start(*stub);
	if (ret) {
		log_error("cannot start the gdb stub: %s", strerror(-ret));
		return -1;
	}
	fprintf(stderr, "fvp: gdb stub listening on %s%s\n", gdb_stub_address(*stub),
		vm->cfg.start_paused ? " (VM paused)" : "");
	return 0;
}

/* --restore PATH over the VM just built; with --stats, how long it took. 0 or -errno. */
static int restore(struct vm *vm, const struct cli_options *opt)
{
	uint64_t t0 = host_clock_ns();
	int ret = vm_snapshot_restore(vm, opt->restore);

	if (!ret && opt->vm.stats)
		fprintf(log_stream(),
			"restore: %.2f ms to check %s, map its RAM and load the state\n",
			(double)(host_clock_ns() - t0) / 1e6, opt->restore);
	return ret;
}

static int run(struct cli_options *opt)
{
	struct api_server *api = NULL;
	struct gdb_stub *stub;
	struct console *con;
	struct vm *vm;
	pthread_t sig_thread;
	uint64_t t0;
	int status, ret;

	log_threshold = opt->quiet ? LOG_ERROR : LOG_WARN;
	log_mask = opt->debug_mask;
	if (opt->log_path) {
		ret = log_open(opt->log_path);
		if (ret) {
			fprintf(stderr, "fvp: cannot open log file '%s': %s\n", opt->log_path,
				strerror(-ret));
			return CLI_EXIT_ERROR;
		}
	}
	if (sandbox_setup(opt->vm.seccomp))
		return CLI_EXIT_ERROR;
	if (opt->perf_map) {
		char path[64];

		ret = perf_map_open(path, sizeof(path));
		if (ret) {
			log_error("cannot create %s for --perf-map: %s", path,
				  ret == -EEXIST ? "it exists and is a symlink or not a file of "
						   "this user (remove it)"
						 : strerror(-ret));
			return CLI_EXIT_ERROR;
		}
	}
	con = console_create();
	if (!con) {
		log_error("cannot set up the console");
		return CLI_EXIT_ERROR;
	}
	opt->vm.console = console_chardev(con);

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGHUP);
	sigaddset(&stop_signals, SIGQUIT);
	sigaddset(&stop_signals, SIGUSR1);
	sigaddset(&stop_signals, SIGUSR2);
	(void)signal(SIGPIPE, SIG_IGN); /* cannot fail for a valid signal */
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

	vm = machine_create(&opt->vm);
	if (vm && opt->restore && restore(vm, opt)) {
		vm_destroy(vm); /* the restore logged why */
		vm = NULL;
	}
	if (!vm) {
		console_destroy(con);
		return CLI_EXIT_ERROR;
	}
	if (opt->api_socket) {
		api = api_server_create(vm, opt->api_socket);
		if (!api) {
			vm_destroy(vm);
			console_destroy(con);
			return CLI_EXIT_ERROR;
		}
	}
	if (gdb_setup(vm, opt->gdb, &stub)) {
		gdb_stub_destroy(stub);
		api_server_destroy(api);
		vm_destroy(vm);
		console_destroy(con);
		return CLI_EXIT_ERROR;
	}
	if (pthread_create(&sig_thread, NULL, signal_thread, vm)) {
		log_error("cannot start the signal thread");
		gdb_stub_destroy(stub);
		api_server_destroy(api);
		vm_destroy(vm);
		console_destroy(con);
		return CLI_EXIT_ERROR;
	}
	ret = console_start(con, vm);
	t0 = host_clock_ns();
	if (!ret)
		ret = start_and_wait(vm, api);
	if (ret)
		log_error("cannot run the VM: %s", strerror(-ret));
	console_stop(con);
	gdb_stub_destroy(stub);
	if (opt->vm.stats)
		vm->engine->print_stats(vm->cpus, vm->ncpus, (double)(host_clock_ns() - t0) / 1e9,
					log_stream());
	if (log_enabled(LOG_CLASS_cpu))
		for (unsigned i = 0; i < vm->ncpus; i++)
			vm->fe->dump_state(vm->cpus[i], log_stream());
	status = ret ? CLI_EXIT_ERROR : exit_status(vm, opt->quiet);
	__atomic_store_n(&signal_thread_done, true, __ATOMIC_RELEASE);
	pthread_kill(sig_thread, SIGUSR1);
	pthread_join(sig_thread, NULL);
	api_server_destroy(api);
	vm_destroy(vm);
	console_destroy(con);
	perf_map_close();
	log_close();
	return status;
}

int main(int argc, char **argv)
{
	struct cli_options opt;

	if (cli_parse(argc, argv, &opt, stderr))
		return CLI_EXIT_ERROR;
	switch (opt.cmd) {
	case CLI_HELP:
		cli_print_help(stdout);
		return 0;
	case CLI_RUN_HELP:
		cli_print_run_help(stdout);
		return 0;
	case CLI_VERSION:
		printf("fvp %s\n", FVP_VERSION);
		return 0;
	case CLI_RUN:
		return run(&opt);
	case CLI_CTL:
		return cli_ctl(&opt);
	default:
		return CLI_EXIT_ERROR;
	}
}
