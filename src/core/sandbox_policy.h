/*
 * sandbox_policy.h - the shape of the seccomp policy table (sandbox_policy.c),
 * read only by sandbox.c.
 *
 * A row allows one system call to the thread kinds in its mask when all of its
 * argument conditions hold (or, with err set, makes it fail with that errno
 * instead of trapping); several rows for one call are alternatives.
 */
#ifndef FVP_CORE_SANDBOX_POLICY_H
#define FVP_CORE_SANDBOX_POLICY_H

#include <seccomp.h>
#include <stddef.h>

#define SANDBOX_MAX_ARGS 2
/* A condition's value that stands for FVP's own process id (filled in at sandbox_init). */
#define SANDBOX_OWN_PID ((scmp_datum_t)-1)

struct sandbox_rule {
	int nr;		/* SCMP_SYS(name) */
	unsigned kinds; /* bit (1 << enum sandbox_thread) per kind allowed */
	int err;	/* 0: allow; else the call returns -1 with errno err */
	struct scmp_arg_cmp arg[SANDBOX_MAX_ARGS]; /* unused ones have op 0 */
};

extern const struct sandbox_rule sandbox_rules[];
extern const size_t sandbox_nrules;

#endif
