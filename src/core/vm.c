/*
 * vm.c - VM lifecycle and vCPU threads.
 *
 * vm_create builds everything before any vCPU thread starts; vm_start starts
 * one host thread per vCPU (each enters its sandbox first), vm_wait sleeps
 * until vm_request_stop. The first stop
 * reason wins. All state transitions happen under vm->lock; vCPUs learn of
 * them through their exit_request bits. The observer hears of a transition
 * under the lock, as it happens, once per transition (a second pause of a
 * paused VM is none), so it hears them in the order they happened.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core/engine_ops.h"
#include "core/frontend_ops.h"
#include "core/log.h"
#include "core/sandbox.h"
#include "core/vm.h"

struct vm *vm_create(const struct vm_config *cfg, const struct board_ops *board,
		     const struct engine_ops *engine)
{
	struct vm *vm;
	int ret;

	if (cfg->smp < 1 || cfg->smp > VM_MAX_CPUS) {
		log_error("--smp %u is out of range: use 1 to %u", cfg->smp, VM_MAX_CPUS);
		return NULL;
	}
	vm = calloc(1, sizeof(*vm));
	if (!vm)
		return NULL;
	vm->cfg = *cfg;
	pthread_mutex_init(&vm->lock, NULL);
	pthread_cond_init(&vm->cond, NULL);
	vm->state = VM_CREATED;
	vm->board = board;
	vm->fe = board->fe;
	vm->engine = engine;
	if (engine->vm_init && engine->vm_init(vm))
		goto fail; /* the engine logged why */
	vm->as = as_create();
	vclock_init(&vm->clock);
	vm->timers = timer_queue_create(&vm->clock);
	if (!vm->as || !vm->timers) {
		log_error("out of memory creating the VM");
		goto fail;
	}
	for (unsigned i = 0; i < cfg->smp; i++) {
		struct vcpu *cpu = vm->fe->cpu_create(vm, i);
		if (!cpu) {
			log_error("cannot create vCPU %u", i);
			goto fail;
		}
		vm->cpus[vm->ncpus++] = cpu;
		ret = vm->engine->vcpu_init(cpu);
		if (ret) {
			log_error("engine %s cannot start vCPU %u: %s", vm->engine->name, i,
				  strerror(-ret));
			goto fail;
		}
	}
	ret = vm->board->setup(vm);
	if (ret)
		goto fail; /* the board logged why */
	for (unsigned i = 0; i < vm->ncpus; i++)
		vm->board->reset_cpu(vm, vm->cpus[i]);
	return vm;
fail:
	vm_destroy(vm);
	return NULL;
}

void vm_destroy(struct vm *vm)
{
	if (!vm)
		return;
	if (vm->board && vm->board->teardown)
		vm->board->teardown(vm);
	for (unsigned i = 0; i < vm->ncpus; i++) {
		if (vm->engine)
			vm->engine->vcpu_fini(vm->cpus[i]);
		vm->fe->cpu_destroy(vm->cpus[i]);
	}
	if (vm->engine && vm->engine->vm_fini)
		vm->engine->vm_fini(vm);
	timer_queue_destroy(vm->timers);
	as_destroy(vm->as);
	pthread_cond_destroy(&vm->cond);
	pthread_mutex_destroy(&vm->lock);
	free(vm);
}

/* The vCPU the calling thread runs, or NULL on any other thread. */
static __thread struct vcpu *current_vcpu;

static void *vcpu_thread(void *arg)
{
	struct vcpu *cpu = arg;
	int ret;

	current_vcpu = cpu;
	sandbox_enter(SANDBOX_VCPU);
	ret = cpu->vm->engine->vcpu_run(cpu);

	if (ret) {
		char msg[96];
		snprintf(msg, sizeof(msg), "vCPU %u failed: %s", cpu->id, strerror(-ret));
		cpu->vm->host_error = ret;
		vm_request_stop(cpu->vm, VM_STOP_ERROR, msg);
	}
	return NULL;
}

void vm_set_observer(struct vm *vm, vm_observer_fn fn, void *opaque)
{
	vm->observer = fn;
	vm->observer_opaque = opaque;
}

/* Under vm->lock. */
static void vm_notify(struct vm *vm, enum vm_event event)
{
	if (vm->observer)
		vm->observer(vm->observer_opaque, vm, event);
}

const char *vm_stop_reason_name(enum vm_stop_reason reason)
{
	static const char *const names[] = {
	    [VM_STOP_NONE] = "none",	   [VM_STOP_POWEROFF] = "poweroff",
	    [VM_STOP_RESET] = "reset",	   [VM_STOP_PANIC] = "guest-failure",
	    [VM_STOP_USER] = "user",	   [VM_STOP_ERROR] = "error",
	    [VM_STOP_REQUEST] = "request",
	};

	return (unsigned)reason < ARRAY_SIZE(names) ? names[reason] : "unknown";
}

int vm_start(struct vm *vm)
{
	bool started = false;
	int ret = 0;

	pthread_mutex_lock(&vm->lock);
	if (vm->state == VM_CREATED) { /* a stop that came first (Ctrl-C in set-up) stands */
		started = true;
		vm->state = vm->cfg.start_paused ? VM_PAUSED : VM_RUNNING;
		if (vm->cfg.start_paused)
			vclock_pause(&vm->clock);
		vm_notify(vm, VM_EVENT_STARTED);
	}
	pthread_mutex_unlock(&vm->lock);
	if (started && vm->cfg.start_paused)
		vm_kick_all(vm, EXIT_REQ_PAUSE, NULL); /* parked before the first instruction */
	for (; vm->nstarted < vm->ncpus; vm->nstarted++) {
		ret = -pthread_create(&vm->cpus[vm->nstarted]->thread, NULL, vcpu_thread,
				      vm->cpus[vm->nstarted]);
		if (ret) {
			vm_request_stop(vm, VM_STOP_ERROR, "cannot start a vCPU thread");
			break;
		}
	}
	return ret;
}

void vm_wait(struct vm *vm)
{
	pthread_mutex_lock(&vm->lock);
	while (vm->stop_reason == VM_STOP_NONE)
		pthread_cond_wait(&vm->cond, &vm->lock);
	pthread_mutex_unlock(&vm->lock);
	for (unsigned i = 0; i < vm->nstarted; i++)
		pthread_join(vm->cpus[i]->thread, NULL);
	vm->nstarted = 0;
}

int vm_run(struct vm *vm)
{
	int ret = vm_start(vm);

	vm_wait(vm);
	return ret;
}

void vm_request_stop(struct vm *vm, enum vm_stop_reason reason, const char *msg)
{
	pthread_mutex_lock(&vm->lock);
	vm->state = VM_STOPPED;
	if (vm->stop_reason == VM_STOP_NONE) {
		if (msg)
			snprintf(vm->stop_message, sizeof(vm->stop_message), "%s", msg);
		/* vm_stopping reads it without the lock */
		__atomic_store_n(&vm->stop_reason, reason, __ATOMIC_RELEASE);
		vm_notify(vm, VM_EVENT_STOPPED);
	}
	pthread_cond_broadcast(&vm->cond);
	pthread_mutex_unlock(&vm->lock);
	vm_kick_all(vm, EXIT_REQ_STOP, NULL);
}

static void pause_vm(struct vm *vm, bool announce)
{
	struct vcpu *self = current_vcpu && current_vcpu->vm == vm ? current_vcpu : NULL;
	unsigned others = vm->ncpus - (self ? 1 : 0); /* a vCPU that failed to start stops the VM */

	pthread_mutex_lock(&vm->lock);
	if (vm->state == VM_RUNNING) {
		vm->state = VM_PAUSED;
		if (announce)
			vm_notify(vm, VM_EVENT_PAUSED);
	}
	pthread_mutex_unlock(&vm->lock);
	vm_kick_all(vm, EXIT_REQ_PAUSE, self);
	pthread_mutex_lock(&vm->lock);
	while (vm->state == VM_PAUSED && vm->nparked < others)
		pthread_cond_wait(&vm->cond, &vm->lock);
	/* The clock stops once no vCPU runs: stopped earlier, it would stand below what a vCPU
	 * that read it just before still sees until it parks (the guest's time went back). */
	if (vm->state == VM_PAUSED)
		vclock_pause(&vm->clock);
	pthread_mutex_unlock(&vm->lock);
}

void vm_pause(struct vm *vm)
{
	pause_vm(vm, true);
}

void vm_pause_quietly(struct vm *vm)
{
	pause_vm(vm, false);
}

static void resume_vm(struct vm *vm, bool announce)
{
	pthread_mutex_lock(&vm->lock);
	if (vm->state == VM_PAUSED) {
		vm->state = VM_RUNNING;
		vclock_resume(&vm->clock);
		timer_queue_wake(vm->timers);
		if (announce)
			vm_notify(vm, VM_EVENT_RESUMED);
	}
	pthread_cond_broadcast(&vm->cond);
	pthread_mutex_unlock(&vm->lock);
}

void vm_resume(struct vm *vm)
{
	resume_vm(vm, true);
}

void vm_resume_quietly(struct vm *vm)
{
	resume_vm(vm, false);
}

enum vm_state vm_get_state(struct vm *vm)
{
	enum vm_state s;

	pthread_mutex_lock(&vm->lock);
	s = vm->state;
	pthread_mutex_unlock(&vm->lock);
	return s;
}

bool vm_wait_while_paused(struct vm *vm)
{
	bool stopped;

	pthread_mutex_lock(&vm->lock);
	if (vm->state == VM_PAUSED) {
		vm->nparked++;
		pthread_cond_broadcast(&vm->cond);
		while (vm->state == VM_PAUSED)
			pthread_cond_wait(&vm->cond, &vm->lock);
		vm->nparked--;
	}
	stopped = vm->state == VM_STOPPED;
	pthread_mutex_unlock(&vm->lock);
	return stopped;
}

bool vm_stopping(struct vm *vm)
{
	return __atomic_load_n(&vm->stop_reason, __ATOMIC_ACQUIRE) != VM_STOP_NONE;
}

void vm_kick_all(struct vm *vm, uint32_t bits, const struct vcpu *except)
{
	for (unsigned i = 0; i < vm->ncpus; i++)
		if (vm->cpus[i] != except)
			vcpu_kick(vm->cpus[i], bits);
}
