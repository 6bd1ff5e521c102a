/*
 * sandbox.h - every FVP thread confines itself: a seccomp filter for its kind
 * of work (the table in sandbox_policy.c) and, when FVP started with
 * capabilities (root), none left. docs/SECURITY.md says what each kind may do.
 *
 * Order: sandbox_init on the main thread before any FVP thread starts (it sets
 * no_new_privs and compiles one filter per kind, so a bad table fails there);
 * then each thread calls sandbox_enter(kind) as its first action, the main
 * thread last, once set-up is done and every other thread is started (a
 * thread inherits its creator's filter: none is created after). A thread
 * that cannot enter its sandbox calls the fatal hook, which does not return
 * (the CLI's exits). Without sandbox_init (unit tests) sandbox_enter does
 * nothing.
 */
#ifndef FVP_CORE_SANDBOX_H
#define FVP_CORE_SANDBOX_H

#include <stddef.h>
#include "core/compiler.h"
#include "config/vm_config.h"

/* Thread kinds, one filter each; the order is the policy table's bit order. */
#define SANDBOX_THREADS(X)                                                                         \
	X(MAIN, "main")                                                                            \
	X(VCPU, "vcpu")                                                                            \
	X(IO, "io")                                                                                \
	X(NET, "net")                                                                              \
	X(TIMER, "timer")                                                                          \
	X(CONSOLE, "console")                                                                      \
	X(SIGNAL, "signal")                                                                        \
	X(API, "api")                                                                              \
	X(GDB, "gdb")

enum sandbox_thread {
#define SANDBOX_THREAD_ENUM(id, name) SANDBOX_##id,
	SANDBOX_THREADS(SANDBOX_THREAD_ENUM)
#undef SANDBOX_THREAD_ENUM
	    SANDBOX_THREAD_KINDS
};

/* A thread cannot enter its sandbox: msg is one line. Must not return. */
typedef void (*sandbox_fatal_fn)(const char *msg);

/* selftest: a thread kind that makes a forbidden call (mount) right after its filter is on,
 * or -1 (the test of docs/SECURITY.md: FVP_SECCOMP_SELFTEST). Returns 0 or -errno, logged. */
int sandbox_init(enum vm_seccomp mode, int selftest, sandbox_fatal_fn fatal) __must_check;
/* The calling thread drops its capabilities and loads the filter of kind. */
void sandbox_enter(enum sandbox_thread kind);
const char *sandbox_thread_name(enum sandbox_thread kind);
/* The kind named name ("vcpu"), or -EINVAL. */
int sandbox_thread_by_name(const char *name);
/* Async-signal-safe: the one-line message (with '\n') for forbidden system call nr made by
 * the calling thread, in buf. Returns its length. */
size_t sandbox_violation_message(char *buf, size_t size, int nr);

#endif
