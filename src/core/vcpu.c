/*
 * vcpu.c - ISA-neutral vCPU plumbing: init, kicks and WFI waits.
 *
 * A kick sets request bits and signals the wait condition under wait_lock,
 * and vcpu_wait re-checks the bits under the same lock, so a kick that
 * arrives just before the wait is never lost.
 */
#include <errno.h>
#include <time.h>
#include "core/clock.h"
#include "core/vcpu.h"
#include "core/vm.h"
#include "core/engine_ops.h"

int vcpu_init(struct vcpu *cpu, struct vm *vm, unsigned id)
{
	pthread_condattr_t attr;

	cpu->vm = vm;
	cpu->id = id;
	if (pthread_mutex_init(&cpu->wait_lock, NULL))
		return -ENOMEM;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (pthread_cond_init(&cpu->wait_cond, &attr)) {
		pthread_condattr_destroy(&attr);
		pthread_mutex_destroy(&cpu->wait_lock);
		return -ENOMEM;
	}
	pthread_condattr_destroy(&attr);
	return 0;
}

void vcpu_fini(struct vcpu *cpu)
{
	pthread_cond_destroy(&cpu->wait_cond);
	pthread_mutex_destroy(&cpu->wait_lock);
}

void vcpu_kick(struct vcpu *cpu, uint32_t bits)
{
	pthread_mutex_lock(&cpu->wait_lock);
	vcpu_request(cpu, bits);
	pthread_cond_signal(&cpu->wait_cond);
	if (cpu->vm && cpu->vm->engine && cpu->vm->engine->kick)
		cpu->vm->engine->kick(cpu);
	pthread_mutex_unlock(&cpu->wait_lock);
}

void vcpu_wait(struct vcpu *cpu, uint64_t timeout_ns)
{
	uint64_t abs = host_clock_ns() + timeout_ns;
	struct timespec ts = {.tv_sec = (time_t)(abs / 1000000000ull),
			      .tv_nsec = (long)(abs % 1000000000ull)};

	pthread_mutex_lock(&cpu->wait_lock);
	if (!vcpu_has_requests(cpu))
		pthread_cond_timedwait(&cpu->wait_cond, &cpu->wait_lock, &ts);
	pthread_mutex_unlock(&cpu->wait_lock);
}
