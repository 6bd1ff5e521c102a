/*
 * soft_cpu.c - a software CPU's set-up and its TLB flushes, which also
 * tell the engine (exit request bits) to drop its virtual-pc lookups.
 */
#include "core/frontend_ops.h"
#include "core/vm.h"
#include "mem/soft_cpu.h"

int soft_cpu_init(struct soft_cpu *cpu, struct vm *vm, unsigned id, const struct frontend_ops *fe)
{
	int ret = tlb_init(&cpu->tlb, fe->tlb_regimes);

	if (ret < 0)
		return ret;
	ret = vcpu_init(&cpu->vcpu, vm, id);
	if (ret < 0) {
		tlb_fini(&cpu->tlb);
		return ret;
	}
	cpu->fe = fe;
	cpu->as = vm ? vm->as : NULL;
	soft_cpu_set_regimes(cpu, 0, 0);
	return 0;
}

void soft_cpu_fini(struct soft_cpu *cpu)
{
	vcpu_fini(&cpu->vcpu);
	tlb_fini(&cpu->tlb);
}

void vcpu_tlb_flush(struct soft_cpu *cpu)
{
	tlb_flush_all(&cpu->tlb);
	vcpu_request(&cpu->vcpu, EXIT_REQ_TLB_FLUSH);
}

void vcpu_tlb_flush_nonglobal(struct soft_cpu *cpu)
{
	tlb_flush_nonglobal(&cpu->tlb);
	vcpu_request(&cpu->vcpu, EXIT_REQ_TLB_FLUSH_NONGLOBAL);
}

void vcpu_tlb_flush_page(struct soft_cpu *cpu, uint64_t vaddr)
{
	tlb_flush_page(&cpu->tlb, vaddr);
	vcpu_request(&cpu->vcpu, tlb_may_hold_global(&cpu->tlb, vaddr)
				     ? EXIT_REQ_TLB_FLUSH
				     : EXIT_REQ_TLB_FLUSH_NONGLOBAL);
}
