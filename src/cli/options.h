/*
 * options.h - the fvp command line, parsed into a plain struct.
 */
#ifndef FVP_CLI_OPTIONS_H
#define FVP_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "core/vm.h"

enum cli_command { CLI_NONE, CLI_HELP, CLI_VERSION, CLI_RUN, CLI_RUN_HELP, CLI_CTL };

/* Exit statuses of `fvp run` (documented in --help and the README). */
enum cli_exit {
	CLI_EXIT_POWEROFF = 0,
	CLI_EXIT_ERROR = 1,
	CLI_EXIT_RESET = 2,
	CLI_EXIT_GUEST_FAIL = 3,
	CLI_EXIT_USER = 4,
};

struct cli_options {
	enum cli_command cmd;
	struct vm_config vm;
	unsigned debug_mask;
	const char *log_path;
	bool quiet;
	bool perf_map;		/* --perf-map */
	const char *api_socket; /* run and ctl: --api-socket PATH */
	const char *ctl_verb;	/* ctl: the API path after /api/v1/ ("vm.pause") */
	const char *ctl_body;	/* ctl: the JSON body, or NULL */
	const char *gdb;	/* --gdb tcp:[HOST:]PORT | unix:PATH, or NULL */
	const char *restore;	/* run: --restore PATH, a snapshot to resume from */
	/* copies of --drive file names and the like (options point here) */
	char strings[2048];
	size_t strings_used;
};

#define CLI_DEFAULT_BIOS "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
#define CLI_MIN_MEM	 (16ull << 20)
#define CLI_MAX_MEM	 (64ull << 30)
#define CLI_MIN_TB_SIZE	 (16ull << 20)
#define CLI_MAX_TB_SIZE	 (64ull << 30)

/* Parse argv. Returns 0, or -EINVAL after printing a one-line error to err. */
int cli_parse(int argc, char **argv, struct cli_options *opt, FILE *err);
/* "256M", "1G", "512" (MiB) -> bytes; -EINVAL if malformed. */
int cli_parse_size(const char *s, uint64_t *bytes);
/* Device options (options_virtio.c): each appends to opt->vm.virtio in command-line order.
 * Return 0, or -EINVAL after printing a one-line error to err. */
int cli_parse_drive(struct cli_options *opt, const char *arg, FILE *err);
int cli_parse_net(struct cli_options *opt, const char *arg, FILE *err);
int cli_parse_rng(struct cli_options *opt, FILE *err);
int cli_parse_console(struct cli_options *opt, const char *arg, FILE *err);
/* fvp ctl (ctl.c): send opt's request, print the reply; returns the exit status. */
int cli_ctl(const struct cli_options *opt);
void cli_print_help(FILE *out);
void cli_print_run_help(FILE *out);

#endif
