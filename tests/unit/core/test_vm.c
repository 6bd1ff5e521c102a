/*
 * test_vm.c - the VM lifecycle of src/core/vm.c with vCPU threads, driven by test doubles:
 * vm_create is handed a fake board (with a fake frontend) and a fake engine whose vcpu_run
 * loop honours exit requests the way the real engines do (STOP, PAUSE, WFI waits).
 *
 * Invariants checked: every failed vm_create frees what it built (vCPUs created == destroyed);
 * the first stop reason wins; pause freezes the guest clock and parks every vCPU until resume;
 * a stop reaches vCPUs that are paused or waiting in WFI. Waits for events have a generous
 * timeout so a lost wake-up fails the test instead of hanging it; nothing asserts on timing.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/engine_ops.h"
#include "core/frontend_ops.h"
#include "core/log.h"
#include "core/vm.h"
#include "../test_log.h"

#define EVENT_TIMEOUT_NS (30ull * 1000000000ull)
#define WFI_NS		 (600ull * 1000000000ull) /* longer than any event wait: only a kick ends it */

/* What the doubles saw; guarded by world.lock, changes announced on world.cond. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned cpus_created, cpus_destroyed, engine_inits, engine_finis;
	unsigned setups, teardowns, resets;
	unsigned running, pause_acks, resumes, run_returns;
	unsigned kicks;
	int fail_cpu_create;  /* id whose cpu_create returns NULL, or -1 */
	int fail_engine_init; /* id whose vcpu_init fails, or -1 */
	int fail_run;	      /* id whose vcpu_run fails with -EIO, or -1 */
	int setup_error;      /* what board setup returns */
	bool fail_vm_init;    /* the engine's vm_init fails */
	unsigned vm_inits, vm_finis;
	uint32_t reset_mask; /* bit id: reset_cpu ran for that vCPU */
} world = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void world_bump(unsigned *counter)
{
	pthread_mutex_lock(&world.lock);
	(*counter)++;
	pthread_cond_broadcast(&world.cond);
	pthread_mutex_unlock(&world.lock);
}

static unsigned world_get(const unsigned *counter)
{
	unsigned v;

	pthread_mutex_lock(&world.lock);
	v = *counter;
	pthread_mutex_unlock(&world.lock);
	return v;
}

/* Wait until *counter reaches at least want; false after EVENT_TIMEOUT_NS. */
static bool world_wait(const unsigned *counter, unsigned want)
{
	uint64_t abs = host_clock_ns() + EVENT_TIMEOUT_NS;
	struct timespec ts = {.tv_sec = (time_t)(abs / 1000000000ull),
			      .tv_nsec = (long)(abs % 1000000000ull)};
	bool reached;

	pthread_mutex_lock(&world.lock);
	while (*counter < want)
		if (pthread_cond_timedwait(&world.cond, &world.lock, &ts) == ETIMEDOUT)
			break;
	reached = *counter >= want;
	pthread_mutex_unlock(&world.lock);
	return reached;
}

/* The fake frontend: a bare struct vcpu per CPU. */
static struct vcpu *fake_cpu_create(struct vm *vm, unsigned id)
{
	struct vcpu *cpu;

	if ((int)id == world.fail_cpu_create)
		return NULL;
	cpu = calloc(1, sizeof(*cpu));
	if (!cpu || vcpu_init(cpu, vm, id)) {
		free(cpu);
		return NULL;
	}
	world_bump(&world.cpus_created);
	return cpu;
}

static void fake_cpu_destroy(struct vcpu *cpu)
{
	vcpu_fini(cpu);
	free(cpu);
	world_bump(&world.cpus_destroyed);
}

static const struct frontend_ops fake_fe = {
    .name = "fake",
    .cpu_create = fake_cpu_create,
    .cpu_destroy = fake_cpu_destroy,
};

/* The fake engine: a run loop shaped like the real engines' request handling. */
static int fake_vcpu_init(struct vcpu *cpu)
{
	if ((int)cpu->id == world.fail_engine_init)
		return -ENOMEM;
	world_bump(&world.engine_inits);
	return 0;
}

static void fake_vcpu_fini(struct vcpu *cpu)
{
	(void)cpu;
	world_bump(&world.engine_finis);
}

static int fake_vcpu_run(struct vcpu *cpu)
{
	int ret = 0;

	world_bump(&world.running);
	for (;;) {
		uint32_t req = vcpu_take_requests(cpu);

		if ((req & EXIT_REQ_STOP) || vm_stopping(cpu->vm))
			break;
		if (req & EXIT_REQ_PAUSE) {
			world_bump(&world.pause_acks);
			if (vm_wait_while_paused(cpu->vm))
				break;
			world_bump(&world.resumes);
		}
		if ((int)cpu->id == world.fail_run) {
			ret = -EIO;
			break;
		}
		vcpu_wait(cpu, WFI_NS); /* the guest idles in WFI */
	}
	world_bump(&world.run_returns);
	return ret;
}

static void fake_kick(struct vcpu *cpu)
{
	(void)cpu;
	__atomic_add_fetch(&world.kicks, 1, __ATOMIC_SEQ_CST);
}

static int fake_vm_init(struct vm *vm)
{
	world_bump(&world.vm_inits);
	if (world.fail_vm_init) {
		log_error("fake: vm_init fails on purpose");
		return -ENODEV;
	}
	vm->engine_priv = &world;
	return 0;
}

static void fake_vm_fini(struct vm *vm)
{
	(void)vm;
	world_bump(&world.vm_finis);
}

static const struct engine_ops fake_engine = {
    .name = "fake",
    .vm_init = fake_vm_init,
    .vm_fini = fake_vm_fini,
    .vcpu_init = fake_vcpu_init,
    .vcpu_fini = fake_vcpu_fini,
    .vcpu_run = fake_vcpu_run,
    .kick = fake_kick,
};

/* The fake board: RAM only. */
static int fake_setup(struct vm *vm)
{
	world_bump(&world.setups);
	if (world.setup_error) {
		log_error("fake board: setup fails on purpose");
		return world.setup_error;
	}
	return as_add_ram(vm->as, 0x80000000, 1 << 20);
}

static void fake_teardown(struct vm *vm)
{
	(void)vm;
	world_bump(&world.teardowns);
}

static void fake_reset_cpu(struct vm *vm, struct vcpu *cpu)
{
	(void)vm;
	pthread_mutex_lock(&world.lock);
	world.reset_mask |= 1u << cpu->id;
	pthread_mutex_unlock(&world.lock);
	world_bump(&world.resets);
}

static const struct board_ops fake_board = {
    .name = "fake-board",
    .arch = "fake",
    .fe = &fake_fe,
    .setup = fake_setup,
    .teardown = fake_teardown,
    .reset_cpu = fake_reset_cpu,
};

static int setup_world(void **state)
{
	(void)state;
	pthread_mutex_lock(&world.lock);
	world.cpus_created = world.cpus_destroyed = world.engine_inits = world.engine_finis = 0;
	world.setups = world.teardowns = world.resets = 0;
	world.running = world.pause_acks = world.resumes = world.run_returns = 0;
	world.kicks = 0;
	world.fail_cpu_create = world.fail_engine_init = world.fail_run = -1;
	world.setup_error = 0;
	world.fail_vm_init = false;
	world.vm_inits = world.vm_finis = 0;
	world.reset_mask = 0;
	pthread_mutex_unlock(&world.lock);
	return test_log_open(); /* a file per test, so error messages can be checked */
}

static int teardown_world(void **state)
{
	(void)state;
	test_log_close();
	return 0;
}

static struct vm_config fake_config(unsigned smp)
{
	return (struct vm_config){
	    .arch = "fake", .engine = "fake", .mem_size = 1 << 20, .smp = smp};
}

/* vm_run on its own thread, so the test thread can pause, resume and stop the VM. */
struct runner {
	struct vm *vm;
	pthread_t thread;
	int ret;
	unsigned done;
};

static void *runner_main(void *arg)
{
	struct runner *r = arg;

	r->ret = vm_run(r->vm);
	world_bump(&r->done);
	return NULL;
}

static void runner_start(struct runner *r, struct vm *vm)
{
	r->vm = vm;
	r->done = 0;
	r->ret = 1;
	assert_int_equal(pthread_create(&r->thread, NULL, runner_main, r), 0);
}

/* Wait for vm_run to return (fails instead of hanging when a stop is lost). */
static void runner_join(struct runner *r)
{
	assert_true(world_wait(&r->done, 1));
	pthread_join(r->thread, NULL);
	assert_int_equal(r->ret, 0);
}

static void test_create_ok(void **state)
{
	struct vm_config cfg = fake_config(3);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);

	(void)state;
	assert_non_null(vm);
	assert_int_equal(vm_get_state(vm), VM_CREATED);
	assert_int_equal(vm->ncpus, 3);
	assert_ptr_equal(vm->engine, &fake_engine);
	assert_ptr_equal(vm->fe, &fake_fe);
	assert_non_null(vm->timers);
	assert_non_null(as_ram_ptr(vm->as, 0x80000000, 4096)); /* the board's RAM */
	for (unsigned i = 0; i < vm->ncpus; i++) {
		assert_int_equal(vm->cpus[i]->id, i);
		assert_ptr_equal(vm->cpus[i]->vm, vm);
		assert_true(world.reset_mask & (1u << i)); /* reset_cpu ran */
	}
	assert_int_equal(world.engine_inits, 3);
	assert_int_equal(world.vm_inits, 1);
	assert_ptr_equal(vm->engine_priv, &world);
	assert_int_equal(world.resets, 3);
	assert_false(vm_stopping(vm));
	vm_destroy(vm);
	assert_int_equal(world.cpus_destroyed, 3);
	assert_int_equal(world.engine_finis, 3);
	assert_int_equal(world.vm_finis, 1);
	assert_int_equal(world.teardowns, 1);
	vm_destroy(NULL); /* allowed */
}

static void test_create_bad_smp(void **state)
{
	struct vm_config cfg = fake_config(0);

	(void)state;
	assert_null(vm_create(&cfg, &fake_board, &fake_engine));
	assert_true(test_log_has("--smp 0 is out of range: use 1 to 32"));
	cfg.smp = VM_MAX_CPUS + 1;
	assert_null(vm_create(&cfg, &fake_board, &fake_engine));
	assert_true(test_log_has("--smp 33 is out of range"));
	assert_int_equal(world.cpus_created, 0);
	assert_int_equal(world.setups, 0);
}

static void test_create_engine_vm_init_fails(void **state)
{
	struct vm_config cfg = fake_config(2);

	(void)state;
	world.fail_vm_init = true;
	assert_null(vm_create(&cfg, &fake_board, &fake_engine));
	assert_true(test_log_has("vm_init fails on purpose"));
	assert_int_equal(world.vm_finis, 1); /* vm_fini runs after a failed vm_init too */
	assert_int_equal(world.cpus_created, 0);
	assert_int_equal(world.setups, 0);
}

static void test_create_cpu_fails(void **state)
{
	struct vm_config cfg = fake_config(4);

	(void)state;
	world.fail_cpu_create = 2;
	assert_null(vm_create(&cfg, &fake_board, &fake_engine));
	assert_true(test_log_has("cannot create vCPU 2"));
	assert_int_equal(world.cpus_created, 2);
	assert_int_equal(world.cpus_destroyed, 2); /* the two built before are freed */
	assert_int_equal(world.engine_finis, 2);
	assert_int_equal(world.setups, 0);
}

static void test_create_engine_init_fails(void **state)
{
	struct vm_config cfg = fake_config(2);

	(void)state;
	world.fail_engine_init = 1;
	assert_null(vm_create(&cfg, &fake_board, &fake_engine));
	assert_true(test_log_has("engine fake cannot start vCPU 1: Cannot allocate memory"));
	assert_int_equal(world.cpus_created, 2);
	assert_int_equal(world.cpus_destroyed, 2);
	assert_int_equal(world.setups, 0);
}

static void test_create_board_fails(void **state)
{
	struct vm_config cfg = fake_config(2);

	(void)state;
	world.setup_error = -ENOENT;
	assert_null(vm_create(&cfg, &fake_board, &fake_engine));
	assert_true(test_log_has("setup fails on purpose"));
	assert_int_equal(world.teardowns, 1); /* teardown runs after a failed setup */
	assert_int_equal(world.cpus_destroyed, 2);
	assert_int_equal(world.resets, 0);
}

static void test_run_stop_first_reason_wins(void **state)
{
	struct vm_config cfg = fake_config(2);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);
	struct runner r;

	(void)state;
	assert_non_null(vm);
	runner_start(&r, vm);
	assert_true(world_wait(&world.running, 2));
	assert_int_equal(vm_get_state(vm), VM_RUNNING);
	/* both vCPUs sit in WFI with a long timeout: only the stop kick can wake them */
	vm_request_stop(vm, VM_STOP_POWEROFF, "guest powered off");
	runner_join(&r);
	assert_int_equal(world_get(&world.run_returns), 2);
	assert_int_equal(vm_get_state(vm), VM_STOPPED);
	assert_true(vm_stopping(vm));
	vm_request_stop(vm, VM_STOP_USER, "too late");
	assert_int_equal(vm->stop_reason, VM_STOP_POWEROFF);
	assert_string_equal(vm->stop_message, "guest powered off");
	assert_true(__atomic_load_n(&world.kicks, __ATOMIC_SEQ_CST) >= 2); /* engine kick hook */
	vm_destroy(vm);
}

static void test_pause_resume(void **state)
{
	struct vm_config cfg = fake_config(3);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);
	struct runner r;
	uint64_t frozen;

	(void)state;
	assert_non_null(vm);
	/* pausing or resuming a VM that does not run changes nothing */
	vm_pause(vm);
	assert_int_equal(vm_get_state(vm), VM_CREATED);
	assert_int_equal(vm->clock.pause_began_ns, 0);
	for (unsigned i = 0; i < vm->ncpus; i++)
		vcpu_take_requests(vm->cpus[i]); /* drop the PAUSE bits of that no-op pause */
	vm_resume(vm);
	assert_int_equal(vm_get_state(vm), VM_CREATED);

	runner_start(&r, vm);
	assert_true(world_wait(&world.running, 3));
	vm_pause(vm);
	assert_int_equal(vm_get_state(vm), VM_PAUSED);
	/* vm_pause returned only once every vCPU had parked */
	assert_int_equal(world_get(&world.pause_acks), 3);
	assert_int_equal(vm->nparked, 3);
	frozen = vclock_ns(&vm->clock);
	assert_int_equal(vclock_ns(&vm->clock), frozen); /* guest time stands still */
	vm_pause(vm);					 /* twice: still one pause */
	assert_int_equal(vm_get_state(vm), VM_PAUSED);
	assert_int_equal(vclock_ns(&vm->clock), frozen);
	assert_int_equal(world_get(&world.resumes), 0);

	vm_resume(vm);
	assert_int_equal(vm_get_state(vm), VM_RUNNING);
	assert_true(world_wait(&world.resumes, 3));
	assert_int_equal(vm->clock.pause_began_ns, 0);
	assert_true(vclock_ns(&vm->clock) >= frozen); /* resumes where it stood */
	vm_resume(vm);				      /* no-op while running */
	assert_int_equal(vm_get_state(vm), VM_RUNNING);

	vm_request_stop(vm, VM_STOP_USER, NULL);
	runner_join(&r);
	assert_int_equal(vm->stop_reason, VM_STOP_USER);
	assert_string_equal(vm->stop_message, ""); /* no message given */
	vm_resume(vm);				   /* a stopped VM stays stopped */
	vm_pause(vm);
	assert_int_equal(vm_get_state(vm), VM_STOPPED);
	vm_destroy(vm);
}

static void test_stop_while_paused(void **state)
{
	struct vm_config cfg = fake_config(2);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);
	struct runner r;

	(void)state;
	assert_non_null(vm);
	runner_start(&r, vm);
	assert_true(world_wait(&world.running, 2));
	vm_pause(vm);
	assert_true(world_wait(&world.pause_acks, 2));
	vm_request_stop(vm, VM_STOP_RESET, "reset");
	runner_join(&r); /* the paused vCPUs were woken and left */
	assert_int_equal(world_get(&world.run_returns), 2);
	assert_int_equal(world_get(&world.resumes), 0);
	assert_int_equal(vm->stop_reason, VM_STOP_RESET);
	assert_int_equal(vm_get_state(vm), VM_STOPPED);
	vm_destroy(vm);
}

static void test_stop_before_run(void **state)
{
	struct vm_config cfg = fake_config(2);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);
	struct runner r;

	(void)state;
	assert_non_null(vm);
	/* e.g. Ctrl-C between vm_create and vm_run */
	vm_request_stop(vm, VM_STOP_USER, "Interrupt");
	runner_start(&r, vm);
	runner_join(&r);
	assert_int_equal(vm->stop_reason, VM_STOP_USER);
	assert_int_equal(vm_get_state(vm), VM_STOPPED);
	assert_true(vm_wait_while_paused(vm));
	vm_destroy(vm);
}

static void test_vcpu_failure_stops_vm(void **state)
{
	struct vm_config cfg = fake_config(3);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);
	struct runner r;

	(void)state;
	assert_non_null(vm);
	world.fail_run = 1;
	runner_start(&r, vm);
	runner_join(&r); /* vm_run itself succeeded: the failure is the stop reason */
	assert_int_equal(world_get(&world.run_returns), 3);
	assert_int_equal(vm->stop_reason, VM_STOP_ERROR);
	assert_int_equal(vm->host_error, -EIO);
	assert_string_equal(vm->stop_message, "vCPU 1 failed: Input/output error");
	vm_destroy(vm);
}

static void poweroff_timer(void *opaque)
{
	vm_request_stop(opaque, VM_STOP_POWEROFF, "timer");
}

static void test_timer_stops_vm(void **state)
{
	struct vm_config cfg = fake_config(1);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);
	struct vtimer *t;
	struct runner r;
	uint64_t deadline;

	(void)state;
	assert_non_null(vm);
	runner_start(&r, vm);
	assert_true(world_wait(&world.running, 1));
	t = vtimer_create(vm->timers, poweroff_timer, vm);
	assert_non_null(t);
	deadline = vclock_ns(&vm->clock) + 1000000;
	vtimer_arm(t, deadline);
	runner_join(&r);
	assert_int_equal(vm->stop_reason, VM_STOP_POWEROFF);
	assert_string_equal(vm->stop_message, "timer");
	assert_true(vclock_ns(&vm->clock) >= deadline);
	vm_destroy(vm); /* the timer queue frees the timer the "device" left */
}

static void test_kick_all_but_self(void **state)
{
	struct vm_config cfg = fake_config(4);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);

	(void)state;
	assert_non_null(vm);
	vm_kick_all(vm, EXIT_REQ_TLB_FLUSH, vm->cpus[2]);
	for (unsigned i = 0; i < vm->ncpus; i++)
		assert_int_equal(vcpu_take_requests(vm->cpus[i]), i == 2 ? 0 : EXIT_REQ_TLB_FLUSH);
	assert_int_equal(__atomic_load_n(&world.kicks, __ATOMIC_SEQ_CST), 3);
	vm_kick_all(vm, EXIT_REQ_ICACHE, NULL);
	for (unsigned i = 0; i < vm->ncpus; i++)
		assert_int_equal(vcpu_take_requests(vm->cpus[i]), EXIT_REQ_ICACHE);
	vm_destroy(vm);
}

/* What the observer heard, in order (the test thread and the vCPU threads call it). */
static struct {
	pthread_mutex_t lock;
	enum vm_event seen[16];
	unsigned n;
} heard = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void record_event(void *opaque, struct vm *vm, enum vm_event event)
{
	(void)vm;
	assert_ptr_equal(opaque, &heard);
	pthread_mutex_lock(&heard.lock);
	if (heard.n < ARRAY_SIZE(heard.seen))
		heard.seen[heard.n] = event;
	heard.n++;
	pthread_mutex_unlock(&heard.lock);
}

static unsigned heard_count(void)
{
	unsigned n;

	pthread_mutex_lock(&heard.lock);
	n = heard.n;
	pthread_mutex_unlock(&heard.lock);
	return n;
}

/* The observer hears each transition once: start, pause, resume, stop; a second pause of a
 * paused VM, a resume of a running one and a quiet pause (vm.cpus) are none. */
static void test_observer_hears_transitions(void **state)
{
	static const enum vm_event want[] = {VM_EVENT_STARTED, VM_EVENT_PAUSED, VM_EVENT_RESUMED,
					     VM_EVENT_STOPPED};
	struct vm_config cfg = fake_config(2);
	struct vm *vm = vm_create(&cfg, &fake_board, &fake_engine);
	struct runner r;

	(void)state;
	assert_non_null(vm);
	heard.n = 0;
	vm_set_observer(vm, record_event, &heard);
	runner_start(&r, vm);
	assert_true(world_wait(&world.running, 2));
	assert_int_equal(heard_count(), 1);
	vm_pause_quietly(vm);
	assert_int_equal(vm_get_state(vm), VM_PAUSED);
	assert_int_equal(vm->nparked, 2); /* parked like any pause */
	vm_resume_quietly(vm);
	assert_int_equal(heard_count(), 1);
	vm_pause(vm);
	vm_pause(vm);
	assert_int_equal(heard_count(), 2);
	vm_resume(vm);
	vm_resume(vm);
	assert_int_equal(heard_count(), 3);
	vm_request_stop(vm, VM_STOP_REQUEST, "asked");
	vm_request_stop(vm, VM_STOP_USER, "again");
	runner_join(&r);
	assert_int_equal(heard_count(), 4);
	for (unsigned i = 0; i < ARRAY_SIZE(want); i++)
		assert_int_equal(heard.seen[i], want[i]);
	assert_string_equal(vm_stop_reason_name(vm->stop_reason), "request");
	vm_destroy(vm);
}

/* start_paused (--paused): every vCPU parks before it runs anything, with the clock still,
 * until vm_resume. */
static void test_start_paused(void **state)
{
	struct vm_config cfg = fake_config(3);
	struct vm *vm;
	struct runner r;
	uint64_t frozen;

	(void)state;
	cfg.start_paused = true;
	vm = vm_create(&cfg, &fake_board, &fake_engine);
	assert_non_null(vm);
	runner_start(&r, vm);
	assert_true(world_wait(&world.pause_acks, 3)); /* the first request each one saw */
	assert_int_equal(vm_get_state(vm), VM_PAUSED);
	frozen = vclock_ns(&vm->clock);
	assert_int_equal(vclock_ns(&vm->clock), frozen);
	assert_int_equal(world_get(&world.resumes), 0);
	vm_resume(vm);
	assert_true(world_wait(&world.resumes, 3));
	assert_int_equal(vm_get_state(vm), VM_RUNNING);
	vm_request_stop(vm, VM_STOP_POWEROFF, NULL);
	runner_join(&r);
	vm_destroy(vm);
}

#define VM_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_world, teardown_world)

int main(void)
{
	pthread_condattr_t attr;
	const struct CMUnitTest tests[] = {
	    VM_TEST(test_create_ok),
	    VM_TEST(test_create_bad_smp),
	    VM_TEST(test_create_engine_vm_init_fails),
	    VM_TEST(test_create_cpu_fails),
	    VM_TEST(test_create_engine_init_fails),
	    VM_TEST(test_create_board_fails),
	    VM_TEST(test_run_stop_first_reason_wins),
	    VM_TEST(test_pause_resume),
	    VM_TEST(test_stop_while_paused),
	    VM_TEST(test_stop_before_run),
	    VM_TEST(test_vcpu_failure_stops_vm),
	    VM_TEST(test_timer_stops_vm),
	    VM_TEST(test_kick_all_but_self),
	    VM_TEST(test_observer_hears_transitions),
	    VM_TEST(test_start_paused),
	};

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC); /* world_wait's deadlines */
	pthread_cond_init(&world.cond, &attr);
	pthread_condattr_destroy(&attr);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
