/*
 * sandbox.c - per-thread seccomp filters and the capability drop.
 *
 * sandbox_init compiles the policy table (sandbox_policy.c) with libseccomp
 * into one BPF program per thread kind, kept in memory, so that a thread
 * entering its sandbox makes one seccomp(2) call and allocates nothing. A
 * forbidden call traps (SIGSYS, --seccomp on: the CLI's handler prints
 * sandbox_violation_message and exits) or is logged by the kernel and runs
 * (--seccomp log). Capabilities are per thread: each thread drops its own,
 * bounding set included, when FVP started with any.
 *
 * Invariants: the state below is written by sandbox_init only, before any
 * FVP thread starts, and read-only afterwards; the syscall name table is
 * filled then too, so the violation path reads it without locks or malloc.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "core/log.h"
#include "core/sandbox.h"
#include "core/sandbox_policy.h"

#define SANDBOX_MAX_NR	 512 /* x86-64 system call numbers are below this */
#define SANDBOX_NAME_LEN 24

static const char *const thread_names[SANDBOX_THREAD_KINDS] = {
#define SANDBOX_THREAD_NAME(id, name) [SANDBOX_##id] = (name),
    SANDBOX_THREADS(SANDBOX_THREAD_NAME)
#undef SANDBOX_THREAD_NAME
};

static struct {
	bool initialised;
	enum vm_seccomp mode;
	bool drop_caps;
	int selftest;
	sandbox_fatal_fn fatal;
	struct sock_fprog prog[SANDBOX_THREAD_KINDS];
	char syscall_names[SANDBOX_MAX_NR][SANDBOX_NAME_LEN];
} sb;

static __thread int current_kind = -1;

const char *sandbox_thread_name(enum sandbox_thread kind)
{
	return (unsigned)kind < SANDBOX_THREAD_KINDS ? thread_names[kind] : "unknown";
}

int sandbox_thread_by_name(const char *name)
{
	for (unsigned i = 0; i < SANDBOX_THREAD_KINDS; i++)
		if (!strcmp(name, thread_names[i]))
			return (int)i;
	return -EINVAL;
}

/* The rules for kind, with FVP's process id filled in, as seccomp_rule_add wants them. */
static int add_rules(scmp_filter_ctx ctx, enum sandbox_thread kind)
{
	for (size_t i = 0; i < sandbox_nrules; i++) {
		const struct sandbox_rule *r = &sandbox_rules[i];
		struct scmp_arg_cmp arg[SANDBOX_MAX_ARGS];
		unsigned n = 0;
		int ret;

		if (!(r->kinds & (1u << kind)))
			continue;
		for (; n < SANDBOX_MAX_ARGS && r->arg[n].op; n++) {
			arg[n] = r->arg[n];
			if (arg[n].datum_a == SANDBOX_OWN_PID)
				arg[n].datum_a = (scmp_datum_t)getpid();
		}
		ret = seccomp_rule_add_array(ctx, r->err ? SCMP_ACT_ERRNO(r->err) : SCMP_ACT_ALLOW,
					     r->nr, n, arg);
		if (ret) {
			char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, r->nr);

			log_error("seccomp: cannot add %s to the %s filter: %s",
				  name ? name : "a system call", thread_names[kind],
				  strerror(-ret));
			free(name);
			return ret;
		}
	}
	return 0;
}

/* ctx as a BPF program in memory (exported through a memfd: libseccomp 2.5 writes to fds). */
static int export_prog(scmp_filter_ctx ctx, struct sock_fprog *prog)
{
	int fd = memfd_create("fvp-seccomp", MFD_CLOEXEC), ret;
	off_t size;
	void *buf;

	if (fd < 0)
		return -errno;
	ret = seccomp_export_bpf(ctx, fd);
	size = ret ? 0 : lseek(fd, 0, SEEK_END);
	if (!ret && (size <= 0 || size % sizeof(struct sock_filter)))
		ret = -EIO;
	buf = ret ? NULL : malloc((size_t)size);
	if (!ret && !buf)
		ret = -ENOMEM;
	if (!ret && pread(fd, buf, (size_t)size, 0) != size)
		ret = -EIO;
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	prog->len = (unsigned short)(size / sizeof(struct sock_filter));
	prog->filter = buf;
	return 0;
}

static int build_filter(enum sandbox_thread kind, uint32_t deny)
{
	scmp_filter_ctx ctx = seccomp_init(deny);
	int ret;

	if (!ctx)
		return -ENOMEM;
	ret = add_rules(ctx, kind);
	if (!ret)
		ret = export_prog(ctx, &sb.prog[kind]);
	seccomp_release(ctx);
	return ret;
}

/* Names for the violation message, looked up now: the signal handler cannot allocate. */
static void fill_syscall_names(void)
{
	for (int nr = 0; nr < SANDBOX_MAX_NR; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);

		if (name)
			snprintf(sb.syscall_names[nr], SANDBOX_NAME_LEN, "%s", name);
		free(name);
	}
}

static bool have_caps(void)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[2] = {0};

	if (syscall(SYS_capget, &hdr, data))
		return true; /* cannot tell: try to drop */
	return data[0].permitted || data[1].permitted;
}

int sandbox_init(enum vm_seccomp mode, int selftest, sandbox_fatal_fn fatal)
{
	uint32_t deny = mode == VM_SECCOMP_LOG ? SCMP_ACT_LOG : SCMP_ACT_TRAP;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		log_error("cannot set no_new_privs: %s", strerror(errno));
		return -errno;
	}
	sb.mode = mode;
	sb.selftest = selftest;
	sb.fatal = fatal;
	sb.drop_caps = have_caps();
	if (mode != VM_SECCOMP_OFF) {
		for (unsigned k = 0; k < SANDBOX_THREAD_KINDS; k++) {
			int ret = build_filter(k, deny);

			if (ret) {
				log_error("seccomp: cannot build the %s thread's filter: %s",
					  thread_names[k], strerror(-ret));
				return ret;
			}
		}
		fill_syscall_names();
	}
	sb.initialised = true;
	return 0;
}

/* The calling thread's capabilities, bounding set first (that needs CAP_SETPCAP). */
static int drop_caps(void)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[2] = {0};

	for (int cap = 0; prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) && errno != EPERM)
			return -errno;
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

/* FVP_SECCOMP_SELFTEST: a call no thread may make, harmless if it runs (log, off). */
static void selftest(enum sandbox_thread kind)
{
	long r = syscall(SYS_mount, NULL, NULL, NULL, 0UL, NULL);

	log_warn("seccomp self-test: the %s thread called mount, which returned %ld (%s)",
		 thread_names[kind], r, r ? strerror(errno) : "no error");
}

/* Drops the calling thread's capabilities and loads its filter; NULL or what failed. */
static const char *confine(enum sandbox_thread kind, int *err)
{
	if (sb.drop_caps) {
		*err = -drop_caps();
		if (*err)
			return "drop its capabilities";
	}
	if (sb.mode != VM_SECCOMP_OFF &&
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &sb.prog[kind])) {
		*err = errno;
		return "load its seccomp filter";
	}
	return NULL;
}

void sandbox_enter(enum sandbox_thread kind)
{
	const char *what;
	int err = 0;

	if (!sb.initialised)
		return;
	current_kind = (int)kind;
	what = confine(kind, &err);
	if (what) {
		char msg[128];

		snprintf(msg, sizeof(msg), "the %s thread cannot %s: %s", thread_names[kind], what,
			 strerror(err));
		if (sb.fatal)
			sb.fatal(msg);
		log_error("%s", msg);
		return;
	}
	if ((int)kind == sb.selftest)
		selftest(kind);
}

static size_t append(char *buf, size_t size, size_t at, const char *s)
{
	while (*s && at + 1 < size)
		buf[at++] = *s++;
	buf[at < size ? at : size - 1] = '\0';
	return at;
}

static size_t append_uint(char *buf, size_t size, size_t at, unsigned v)
{
	char digits[12];
	int n = (int)sizeof(digits) - 1;

	digits[n] = '\0';
	do {
		digits[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return append(buf, size, at, digits + n);
}

size_t sandbox_violation_message(char *buf, size_t size, int nr)
{
	const char *name =
	    nr >= 0 && nr < SANDBOX_MAX_NR && sb.syscall_names[nr][0] ? sb.syscall_names[nr] : "?";
	const char *thread = current_kind >= 0 ? thread_names[current_kind] : "unsandboxed";
	size_t at = 0;

	at = append(buf, size, at, "fvp: seccomp: the ");
	at = append(buf, size, at, thread);
	at = append(buf, size, at, " thread made a forbidden system call, ");
	at = append(buf, size, at, name);
	at = append(buf, size, at, " (");
	at = append_uint(buf, size, at, (unsigned)nr);
	at = append(buf, size, at, "): stopping\n");
	return at;
}
