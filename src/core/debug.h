/*
 * debug.h - what a debugger (src/debug, the gdb stub) and the vCPU threads share:
 * breakpoints, each vCPU's resume action, and the one pending stop event.
 * Also the frontend's debugger hooks (struct frontend_debug_ops).
 *
 * Invariants: the breakpoints, the resume actions and resume_epoch change only while
 * every started vCPU is parked (vm_pause returned), so vCPU threads read them without
 * a lock: vm->lock orders the change before their wake-up. The stop event is under
 * debug->lock: the first vCPU (or the debugger, for an interrupt) that posts one
 * pauses the VM; the others wait for that pause and post theirs later. Addresses are
 * guest virtual pcs; nothing here names a guest ISA.
 */
#ifndef FVP_CORE_DEBUG_H
#define FVP_CORE_DEBUG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"

struct vcpu;

#define DEBUG_MAX_BREAKPOINTS 64
#define DEBUG_MAX_WATCHPOINTS 16
#define DEBUG_MAX_CPUS	      32 /* VM_MAX_CPUS */

/* What a vCPU does when the VM resumes. */
enum debug_action {
	DEBUG_RUN,  /* run, stop at breakpoints */
	DEBUG_STEP, /* execute exactly one instruction, then stop */
	DEBUG_HOLD, /* stay stopped while the others run */
};

enum debug_stop_kind {
	DEBUG_STOP_NONE,
	DEBUG_STOP_BREAK,     /* reached a breakpoint (not executed) */
	DEBUG_STOP_STEP,      /* executed its one instruction */
	DEBUG_STOP_INTERRUPT, /* the debugger asked (Ctrl-C) */
	DEBUG_STOP_WATCH,     /* an access hit a watchpoint (the instruction not executed) */
};

/* Watchpoint kinds, as gdb numbers them (Z2, Z3, Z4). */
enum debug_watch_kind { DEBUG_WATCH_WRITE = 2, DEBUG_WATCH_READ = 3, DEBUG_WATCH_ACCESS = 4 };

struct debug_watchpoint {
	uint64_t addr, len; /* guest virtual */
	enum debug_watch_kind kind;
};

struct debug_event {
	enum debug_stop_kind kind;
	unsigned cpu;		     /* vCPU index */
	uint64_t addr;		     /* BREAK: the pc; WATCH: the watched address accessed */
	enum debug_watch_kind watch; /* WATCH: which kind of watchpoint it hit */
};

struct vm_debug {
	uint64_t breakpoints[DEBUG_MAX_BREAKPOINTS];
	unsigned nbreakpoints;
	struct debug_watchpoint watchpoints[DEBUG_MAX_WATCHPOINTS];
	unsigned nwatchpoints;
	enum debug_action action[DEBUG_MAX_CPUS];
	uint64_t resume_epoch; /* bumped at every resume: a step belongs to one epoch */
	bool step_irqs;	       /* interrupts may be taken during a step (default: masked) */
	pthread_mutex_t lock;
	struct debug_event event;   /* kind NONE: nothing pending */
	int notify_fd;		    /* eventfd: written when an event is posted */
	uint64_t pages_invalidated; /* pages whose translations breakpoints dropped */
};

/* A frontend's debugger hooks (frontend_ops.debug; NULL: no debugger support). Called by
 * the debugger's thread while every vCPU is parked. Register numbers are the target
 * description's (regnum attributes). */
struct frontend_debug_ops {
	const char *target_xml; /* gdb target description, features inline */
	unsigned g_regs;	/* registers 0 .. g_regs - 1 form gdb's 'g' packet */
	/* Register regno into buf (guest byte order); returns its size or -ENOENT/-ENOSPC. */
	int (*read_reg)(struct vcpu *cpu, unsigned regno, uint8_t *buf, size_t len);
	/* Write len bytes to regno; returns 0, -ENOENT (no such register) or -EINVAL. */
	int (*write_reg)(struct vcpu *cpu, unsigned regno, const uint8_t *buf, size_t len);
	/* The physical address of vaddr as cpu's loads see it now; 0 or -EFAULT. */
	int (*translate)(struct vcpu *cpu, uint64_t vaddr, uint64_t *paddr);
	/* One line: "hart 1 (S-mode)". */
	void (*describe)(struct vcpu *cpu, char *buf, size_t len);
	/* The pc (the address breakpoints compare with). */
	uint64_t (*get_pc)(struct vcpu *cpu);
	/* A watchpoint stops after the instruction that accessed (trap-like: gdb expects it of
	 * hardware that does not step over watchpoints, x86's); false: before it. */
	bool watch_stops_after;
};

/* NULL on failure (no memory or no eventfd). Every action DEBUG_RUN. */
struct vm_debug *vm_debug_create(void);
void vm_debug_destroy(struct vm_debug *d);
bool debug_breakpoint_at(const struct vm_debug *d, uint64_t pc);
/* Debugger, VM paused: 0, -EEXIST (inserting twice is fine: 0), -ENOSPC, -ENOENT. */
int debug_breakpoint_insert(struct vm_debug *d, uint64_t pc) __must_check;
int debug_breakpoint_remove(struct vm_debug *d, uint64_t pc) __must_check;
/* Debugger, VM paused: 0, -ENOSPC, -EINVAL (len 0), -ENOENT. */
int debug_watch_insert(struct vm_debug *d, uint64_t addr, uint64_t len,
		       enum debug_watch_kind kind) __must_check;
int debug_watch_remove(struct vm_debug *d, uint64_t addr, uint64_t len,
		       enum debug_watch_kind kind) __must_check;
/* vCPU (soft MMU): does a watchpoint cover part of the page at page? */
bool debug_watch_page(const struct vm_debug *d, uint64_t page);
/* vCPU: the watchpoint a size-byte access at vaddr (a write or not) hits, or NULL; *at gets
 * the first watched byte it touches. */
const struct debug_watchpoint *debug_watch_hit(const struct vm_debug *d, uint64_t vaddr,
					       unsigned size, bool write, uint64_t *at);
/* Any thread: record ev unless an event is pending; true if recorded (the caller then
 * pauses the VM). */
bool debug_post_event(struct vm_debug *d, const struct debug_event *ev);
/* Any thread, lock-free (vCPUs ask before every block). */
bool debug_event_pending(struct vm_debug *d);
/* Debugger: the pending event (kind NONE if none), which stays pending until cleared. */
struct debug_event debug_peek_event(struct vm_debug *d);
/* Debugger, VM paused, before resuming it: forget the event, start a new epoch. */
void debug_begin_resume(struct vm_debug *d);

#endif
