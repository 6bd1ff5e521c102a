/*
 * vm.h - the virtual machine: its state, lifecycle and vCPU threads (what it is
 * built from is config/vm_config.h).
 *
 * Lifecycle: CREATED -> RUNNING <-> PAUSED -> STOPPED (cfg.start_paused: CREATED ->
 * PAUSED, the vCPUs park before their first instruction). vm_start() starts one
 * host thread per vCPU, vm_wait() returns when the VM stops (guest power-off,
 * reset, fatal host error or vm_request_stop from any thread); vm_run() is both.
 * The caller may confine itself in between (core/sandbox.h): the vCPU threads
 * do not inherit its filter. An observer (vm_set_observer, before vm_start) hears of every
 * transition: started, paused, resumed, stopped.
 */
#ifndef FVP_CORE_VM_H
#define FVP_CORE_VM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/board_ops.h"
#include "core/clock.h"
#include "core/compiler.h"
#include "core/memory.h"
#include "core/vcpu.h"
#include "config/vm_config.h"

struct frontend_ops;
struct engine_ops;
struct vm_debug;

#define VM_MAX_CPUS 32

enum vm_state { VM_CREATED, VM_RUNNING, VM_PAUSED, VM_STOPPED };

/* Why the VM stopped; the CLI maps these to exit statuses. */
enum vm_stop_reason {
	VM_STOP_NONE = 0,
	VM_STOP_POWEROFF, /* guest powered off: exit 0 */
	VM_STOP_RESET,	  /* guest asked for a reset: exit 2 */
	VM_STOP_PANIC,	  /* guest reported failure (test device FAIL): exit 3 */
	VM_STOP_USER,	  /* user quit (Ctrl-A X, signal): exit 4 */
	VM_STOP_ERROR,	  /* host-side failure: exit 1 */
	VM_STOP_REQUEST,  /* shut down on request (control API): exit 0 */
};

/* What an observer hears; VM_EVENT_STOPPED comes with vm->stop_reason set. */
enum vm_event { VM_EVENT_STARTED, VM_EVENT_PAUSED, VM_EVENT_RESUMED, VM_EVENT_STOPPED };

/* Called on the thread that made the transition, with vm->lock held (so in the order the
 * transitions happened): must not block and must not call into the VM. A pause is heard
 * when it begins; vm_pause returns once the vCPUs are parked. */
typedef void (*vm_observer_fn)(void *opaque, struct vm *vm, enum vm_event event);

struct vm {
	struct vm_config cfg;
	struct address_space *as;
	const struct board_ops *board;
	const struct frontend_ops *fe;
	const struct engine_ops *engine;
	void *engine_priv; /* the engine's per-VM state (engine_ops.vm_init) */
	void *board_priv;
	unsigned ncpus;
	unsigned nstarted; /* vCPU threads vm_start started, vm_wait joins */
	unsigned nparked;  /* vCPU threads waiting in vm_wait_while_paused (under lock) */
	struct vcpu *cpus[VM_MAX_CPUS];
	struct vm_debug *debug; /* set before vm_start by a debugger (src/debug), else NULL */
	struct vclock clock;
	struct timer_queue *timers;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum vm_state state;
	enum vm_stop_reason stop_reason;
	int host_error;
	char stop_message[160];
	vm_observer_fn observer;
	void *observer_opaque;
};

/* Create a VM from cfg on board, run by engine (chosen by the caller: src/arch/machine.c):
 * RAM, devices, images, vCPUs. NULL with an error logged. */
struct vm *vm_create(const struct vm_config *cfg, const struct board_ops *board,
		     const struct engine_ops *engine);
void vm_destroy(struct vm *vm);
/* Start the vCPU threads (parked until vm_resume when cfg.start_paused). Returns 0 or -errno (a
 * thread did not start: the VM is then stopping, and vm_wait still joins the ones that did). */
int vm_start(struct vm *vm) __must_check;
/* Wait until the VM stops and join the vCPU threads. */
void vm_wait(struct vm *vm);
/* vm_start, then vm_wait. Returns vm_start's result. */
int vm_run(struct vm *vm) __must_check;
/* Any thread: stop the VM with reason (first reason wins). */
void vm_request_stop(struct vm *vm, enum vm_stop_reason reason, const char *msg);
/* Before vm_start: fn hears of each transition (one observer; NULL removes it). */
void vm_set_observer(struct vm *vm, vm_observer_fn fn, void *opaque);
/* Any thread: pause a running VM and return once every other vCPU is parked at an
 * instruction boundary (or the VM stops). A vCPU thread that calls it parks itself with
 * vm_wait_while_paused afterwards. The virtual clock stops while paused. */
void vm_pause(struct vm *vm);
void vm_resume(struct vm *vm);
/* vm_pause and vm_resume without telling the observer: a pause to read the parked vCPUs
 * (the control API's vm.cpus), which nobody else should see as one. */
void vm_pause_quietly(struct vm *vm);
void vm_resume_quietly(struct vm *vm);
/* The name of reason for messages and events ("poweroff", "reset", ...). */
const char *vm_stop_reason_name(enum vm_stop_reason reason);
enum vm_state vm_get_state(struct vm *vm);
/* vCPU threads: block while paused; returns true if the VM is stopping. */
bool vm_wait_while_paused(struct vm *vm);
bool vm_stopping(struct vm *vm);
/* Ask every vCPU (all or all but self) to honour bits (remote fences). */
void vm_kick_all(struct vm *vm, uint32_t bits, const struct vcpu *except);

#endif
