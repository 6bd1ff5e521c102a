/*
 * tcache_debug.c - the run loop's debugger gate (see core/debug.h).
 *
 * Breakpoints cost nothing where they are not: a block never contains a breakpoint
 * after its first instruction (block_translate cuts it there, tcache_debug_cut), and a
 * block at a breakpoint's pc is never made, because the gate stops the vCPU before the
 * lookup. So a breakpoint is matched by address, whatever the code bytes, and code
 * loaded later (a store bumps its page's generation) stops too. Inserting one drops
 * only the translations of its own page (the debugger bumps that page's generation).
 * A step translates exactly one instruction into the vCPU's scratch block and
 * interprets it, on every engine, without caching it.
 */
#include "core/frontend_ops.h"
#include "core/vm.h"
#include "engine/interp/interp_exec.h"
#include "engine/tcache.h"
#include "engine/tcache_debug.h"

#define HOLD_WAIT_NS 10000000ull

unsigned tcache_debug_cut(const struct vm_debug *d, const struct ir_block *blk)
{
	for (unsigned i = 1; i < blk->nguest; i++)
		if (debug_breakpoint_at(d, blk->pc + blk->guest_off[i]))
			return i;
	return 0;
}

bool tcache_debug_masks_irqs(const struct soft_cpu *cpu, const struct vm_debug *d)
{
	enum debug_action a = d->action[cpu->vcpu.id];

	return a == DEBUG_HOLD || (a == DEBUG_STEP && !d->step_irqs);
}

/* A trap is pending: the frontend's exception, or a watchpoint's stop (left to the gate:
 * pc is the instruction, which runs again if the debugger resumes without the watchpoint). */
static void take_trap(struct soft_cpu *cpu)
{
	if (cpu->fault.kind == FAULT_WATCH)
		return;
	cpu->stats.traps++;
	cpu->fe->do_trap(cpu);
}

/* Execute exactly the instruction at pc (its trap, if it raises one). */
static void step_one(struct soft_cpu *cpu)
{
	struct tcache *tc = cpu->vcpu.engine_priv;
	struct ir_block *blk = tc->scratch;
	const struct frontend_ops *fe = cpu->fe;

	cpu->halted = false; /* a step past WFI does not wait */
	ir_block_reset(blk, cpu->pc, fe->block_flags(cpu));
	blk->max_guest = 1;
	if (fe->translate_block(cpu, blk)) {
		take_trap(cpu); /* the fetch faulted: the step ends at the handler */
		return;
	}
	soft_cpu_clear_fault(cpu);
	ir_optimize(blk);
	if (interp_exec(cpu, blk->insns, blk->guest_off) == INTERP_EXIT_TRAP)
		take_trap(cpu);
}

/* Post a stop and park until the debugger resumes the VM; another vCPU's pending stop
 * comes first (this one waits for the pause and posts again afterwards). */
static enum tcache_debug_verdict report_event(struct soft_cpu *cpu, struct vm_debug *d,
					      const struct debug_event *ev)
{
	struct vm *vm = cpu->vcpu.vm;

	if (!debug_post_event(d, ev)) {
		vcpu_wait(&cpu->vcpu, HOLD_WAIT_NS);
		return TCACHE_DEBUG_AGAIN;
	}
	vm_pause(vm);
	return vm_wait_while_paused(vm) ? TCACHE_DEBUG_STOP : TCACHE_DEBUG_AGAIN;
}

static enum tcache_debug_verdict report(struct soft_cpu *cpu, struct vm_debug *d,
					enum debug_stop_kind kind, uint64_t addr)
{
	struct debug_event ev = {.kind = kind, .cpu = cpu->vcpu.id, .addr = addr};

	return report_event(cpu, d, &ev);
}

enum tcache_debug_verdict tcache_debug_watch_stop(struct soft_cpu *cpu, struct vm_debug *d)
{
	struct debug_event ev = {.kind = DEBUG_STOP_WATCH,
				 .cpu = cpu->vcpu.id,
				 .addr = cpu->fault.addr,
				 .watch = (enum debug_watch_kind)cpu->fault.code};

	soft_cpu_clear_fault(cpu);
	if (cpu->fe->debug && cpu->fe->debug->watch_stops_after) {
		/* the TLB still keeps the watched pages on the slow path; this vCPU's own
		 * accesses skip the check for this one instruction */
		cpu->watch_suspended = true;
		step_one(cpu);
		cpu->watch_suspended = false;
	}
	return report_event(cpu, d, &ev);
}

enum tcache_debug_verdict tcache_debug_gate(struct soft_cpu *cpu, struct vm_debug *d)
{
	struct tcache *tc = cpu->vcpu.engine_priv;

	if (tc->debug_epoch != d->resume_epoch) {
		/* resumed: interrupts held back while stopped or stepping get their check */
		tc->debug_epoch = d->resume_epoch;
		tc->stepped = false;
		vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ);
		return TCACHE_DEBUG_AGAIN;
	}
	if (debug_event_pending(d)) {
		vcpu_wait(&cpu->vcpu, HOLD_WAIT_NS);
		return TCACHE_DEBUG_AGAIN;
	}
	switch (d->action[cpu->vcpu.id]) {
	case DEBUG_HOLD:
		vcpu_wait(&cpu->vcpu, HOLD_WAIT_NS);
		return TCACHE_DEBUG_AGAIN;
	case DEBUG_STEP:
		if (!tc->stepped) {
			step_one(cpu);
			tc->stepped = true;
			if (cpu->fault.kind == FAULT_WATCH)
				return tcache_debug_watch_stop(cpu, d);
		}
		return report(cpu, d, DEBUG_STOP_STEP, 0);
	case DEBUG_RUN:
		break;
	}
	if (d->nbreakpoints && debug_breakpoint_at(d, cpu->pc))
		return report(cpu, d, DEBUG_STOP_BREAK, cpu->pc);
	return TCACHE_DEBUG_RUN;
}
