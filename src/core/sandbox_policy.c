/*
 * sandbox_policy.c - the system calls each kind of FVP thread may make: one
 * table, data only (sandbox.c compiles it into one seccomp filter per kind).
 *
 * Everything not listed is forbidden. Arguments are checked where a call would
 * otherwise reach too far: no mapping or protection change adds PROT_EXEC (the
 * JIT maps its code buffers on the main thread before any filter is on), ioctl
 * takes only the requests a thread needs, signals go only to FVP's own
 * threads, files open read-only, sockets are IPv4 or IPv6. No thread may
 * clone: every FVP thread is started before its creator's filter goes on.
 * docs/SECURITY.md explains each kind's list.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <termios.h>
#include "core/sandbox.h"
#include "core/sandbox_policy.h"
#include "core/snapshot_file.h"

#define MAIN	(1u << SANDBOX_MAIN)
#define VCPU	(1u << SANDBOX_VCPU)
#define IO	(1u << SANDBOX_IO)
#define NET	(1u << SANDBOX_NET)
#define TIMER	(1u << SANDBOX_TIMER)
#define CONSOLE (1u << SANDBOX_CONSOLE)
#define SIGNAL	(1u << SANDBOX_SIGNAL)
#define API	(1u << SANDBOX_API)
#define GDB	(1u << SANDBOX_GDB)
#define ALL	((1u << SANDBOX_THREAD_KINDS) - 1)

/* Conditions: argument i equals v (ioctl requests are 32 bits), or has none of bits set. */
/* clang-format off */
#define EQ(i, v)     {.arg = (i), .op = SCMP_CMP_EQ, .datum_a = (v)}
#define EQ32(i, v)   {.arg = (i), .op = SCMP_CMP_MASKED_EQ, .datum_a = 0xffffffffu, .datum_b = (v)}
#define CLEAR(i, bs) {.arg = (i), .op = SCMP_CMP_MASKED_EQ, .datum_a = (bs), .datum_b = 0}

/* A row: the call is allowed, or (REFUSE) fails with errno err instead of trapping. */
#define ALLOW(name, k, ...)	  {.nr = SCMP_SYS(name), .kinds = (k), .arg = {__VA_ARGS__}}
#define REFUSE(name, k, e, ...) {.nr = SCMP_SYS(name), .kinds = (k), .err = (e), .arg = {__VA_ARGS__}}
/* clang-format on */

#define OPEN_WRITE (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)
#define NE(i, v)                                                                                   \
	{                                                                                          \
		.arg = (i), .op = SCMP_CMP_NE, .datum_a = (v)                                      \
	}

/* Sanitizer builds (ASan+UBSan, TSan) run the same tests with the same filters; their
 * runtimes make calls of their own: reports read /proc/self/maps and the binary to
 * symbolize, LeakSanitizer stops the threads at exit with a ptrace helper. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FVP_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define FVP_SANITIZER 1
#endif
#endif

const struct sandbox_rule sandbox_rules[] = {
    /* Every thread: memory (never executable), locks, time, logging, its own exit. */
    ALLOW(mmap, ALL, CLEAR(2, PROT_EXEC)),
    ALLOW(mprotect, ALL, CLEAR(2, PROT_EXEC)),
    ALLOW(munmap, ALL),
    ALLOW(mremap, ALL),
    ALLOW(madvise, ALL),
    ALLOW(brk, ALL),
    ALLOW(futex, ALL),
    ALLOW(clock_gettime, ALL),
    ALLOW(clock_nanosleep, ALL),
    ALLOW(nanosleep, ALL),
    ALLOW(sched_yield, ALL),
    ALLOW(getpid, ALL),
    ALLOW(gettid, ALL),
    ALLOW(tgkill, ALL, EQ(0, SANDBOX_OWN_PID)),
    ALLOW(rt_sigprocmask, ALL),
    ALLOW(rt_sigreturn, ALL),
    ALLOW(restart_syscall, ALL),
    ALLOW(write, ALL),
    ALLOW(newfstatat, ALL), /* stdio sizes a stream's buffer on its first write */
    ALLOW(fstat, ALL),
    /* the violation handler restores the terminal (tcsetattr reads it back) */
    ALLOW(ioctl, ALL, EQ(0, 0), EQ32(1, TCSETS)),
    ALLOW(ioctl, ALL, EQ(0, 0), EQ32(1, TCGETS)),
#ifndef FVP_SANITIZER
    /* glibc's malloc reads /proc/sys/vm/overcommit_memory the first time it shrinks a
     * thread's heap, on whichever thread frees: refused, it takes the usual path. */
    REFUSE(openat, ALL & ~NET & ~API, EACCES),
    REFUSE(openat, API, EACCES, NE(2, SNAP_CREATE_FLAGS)),
#endif
    ALLOW(exit, ALL),
    ALLOW(exit_group, ALL),

    /* main, after set-up: wait for the VM to stop, dump and tear it down. */
    ALLOW(close, MAIN),
    ALLOW(read, MAIN),			       /* eventfds, when a device drains */
    ALLOW(epoll_ctl, MAIN),		       /* a back-end leaves the I/O thread's set */
    ALLOW(io_uring_enter, MAIN),	       /* disk requests still in flight */
    ALLOW(ioctl, MAIN, EQ32(1, KVM_GET_REGS)), /* -d cpu */
    ALLOW(ioctl, MAIN, EQ32(1, KVM_GET_SREGS)),

    /* vCPU: run the guest (the UART writes to stdout, queue notifies signal eventfds). */
    ALLOW(ioctl, VCPU, EQ32(1, KVM_RUN)),
    ALLOW(ioctl, VCPU, EQ32(1, KVM_GET_REGS)),
    ALLOW(ioctl, VCPU | IO | TIMER, EQ32(1, KVM_IRQ_LINE)),

    /* I/O thread: virtio queues, disk images, the tap device, entropy. */
    ALLOW(epoll_wait, IO),
    ALLOW(epoll_ctl, IO),
    ALLOW(read, IO),
    ALLOW(readv, IO),
    ALLOW(writev, IO),
    ALLOW(pread64, IO),
    ALLOW(pwrite64, IO),
    ALLOW(preadv, IO),
    ALLOW(pwritev, IO),
    ALLOW(preadv2, IO),
    ALLOW(pwritev2, IO),
    ALLOW(fdatasync, IO),
    ALLOW(fallocate, IO),
    ALLOW(io_uring_enter, IO),
    ALLOW(getrandom, IO),

    /* net: libslirp's sockets; it rereads /etc/resolv.conf for the DNS forwarder. */
    ALLOW(poll, NET),
    ALLOW(ppoll, NET),
    ALLOW(read, NET),
    ALLOW(socket, NET, EQ(0, AF_INET)),
    ALLOW(socket, NET, EQ(0, AF_INET6)),
    ALLOW(connect, NET),
    ALLOW(bind, NET),
    ALLOW(listen, NET),
    ALLOW(accept, NET),
    ALLOW(accept4, NET),
    ALLOW(getsockname, NET),
    ALLOW(getpeername, NET),
    ALLOW(setsockopt, NET),
    ALLOW(getsockopt, NET),
    ALLOW(sendto, NET),
    ALLOW(recvfrom, NET),
    ALLOW(sendmsg, NET),
    ALLOW(recvmsg, NET),
    ALLOW(shutdown, NET),
    ALLOW(close, NET),
    ALLOW(fcntl, NET),
    ALLOW(ioctl, NET, EQ32(1, FIONREAD)),
    ALLOW(openat, NET, CLEAR(2, OPEN_WRITE)),

    /* console: stdin to the UART. */
    ALLOW(poll, CONSOLE),
    ALLOW(read, CONSOLE),
    ALLOW(ioctl, CONSOLE, EQ(0, 0), EQ32(1, TCGETS)), /* isatty */

    /* signal: sigwait. */
    ALLOW(rt_sigtimedwait, SIGNAL),

    /* api: libmicrohttpd on the control socket (a unix socket bound before any filter),
     * connections accepted and served; the socket file goes when it stops. */
    ALLOW(poll, API),
    ALLOW(epoll_wait, API),
    ALLOW(epoll_ctl, API),
    ALLOW(accept4, API),
    ALLOW(read, API),
    ALLOW(recvfrom, API),
    ALLOW(sendto, API),
    ALLOW(sendmsg, API),
    ALLOW(writev, API),
    ALLOW(setsockopt, API),
    ALLOW(getsockopt, API),
    ALLOW(fcntl, API),
    ALLOW(shutdown, API),
    ALLOW(close, API),
    ALLOW(unlink, API),
    /* vm.snapshot: a new file beside the target (core/snapshot_file.h), written, sized
     * (holes for zero pages), synced and renamed over the target. */
    ALLOW(openat, API, EQ(2, SNAP_CREATE_FLAGS)),
    ALLOW(pwrite64, API),
    ALLOW(ftruncate, API),
    ALLOW(fsync, API),
    ALLOW(rename, API),

    /* gdb: the remote stub (--gdb) on the socket the main thread bound; its eventfd. */
    ALLOW(poll, GDB),
    ALLOW(ppoll, GDB),
    ALLOW(accept, GDB),
    ALLOW(accept4, GDB),
    ALLOW(read, GDB),
    ALLOW(recvfrom, GDB),
    ALLOW(sendto, GDB),
    ALLOW(setsockopt, GDB),
    ALLOW(shutdown, GDB),
    ALLOW(close, GDB),
    ALLOW(unlink, GDB), /* its socket file, on the way out */

#ifdef FVP_SANITIZER
    ALLOW(openat, ALL, CLEAR(2, OPEN_WRITE)),
    ALLOW(open, ALL, CLEAR(1, OPEN_WRITE)), /* the runtimes' own open and getdents */
    ALLOW(getdents, ALL),
    ALLOW(read, ALL),
    ALLOW(pread64, ALL),
    ALLOW(readlink, ALL),
    ALLOW(close, ALL),
    ALLOW(lseek, ALL),
    ALLOW(getdents64, ALL),
    ALLOW(sigaltstack, ALL),
    ALLOW(rt_sigaction, ALL),
    ALLOW(prctl, ALL),
    ALLOW(getppid, ALL),
    ALLOW(clone, MAIN),
    ALLOW(ptrace, MAIN),
    ALLOW(wait4, MAIN),
#endif
};

const size_t sandbox_nrules = sizeof(sandbox_rules) / sizeof(sandbox_rules[0]);
