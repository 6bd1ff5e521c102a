/*
 * frontend.c - the x86_64 frontend table and vCPU construction, for both
 * ways FVP runs x86-64: under KVM a vCPU is only the neutral struct vcpu
 * (KVM keeps the registers); on the software engines it is a struct
 * x86_cpu (cpu.h) with its soft_cpu, in the reset state of a CPU after
 * INIT in long mode's absence (the board puts vCPU 0 in long mode).
 *
 * Which kind a VM gets is decided once, by whether its engine opened a
 * KVM VM (the engine's vm_init runs before any vCPU is created).
 */
#include <stdlib.h>
#include "arch/x86_64/board_x86.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/x86_decode.h"
#include "core/log.h"
#include "engine/kvm/kvm.h"

static const char *const x86_reg_names[X86_NREGS] = {
    "rax",	   "rcx",	  "rdx",	 "rbx",		"rsp",	       "rbp",
    "rsi",	   "rdi",	  "r8",		 "r9",		"r10",	       "r11",
    "r12",	   "r13",	  "r14",	 "r15",		"cc_op",       "cc_dst",
    "cc_src1",	   "cc_src2",	  "rflags",	 "fs_base",	"gs_base",
#define XMM_NAMES(n) "xmm" #n, "xmm" #n "h"
    XMM_NAMES(0),  XMM_NAMES(1),  XMM_NAMES(2),	 XMM_NAMES(3),	XMM_NAMES(4),  XMM_NAMES(5),
    XMM_NAMES(6),  XMM_NAMES(7),  XMM_NAMES(8),	 XMM_NAMES(9),	XMM_NAMES(10), XMM_NAMES(11),
    XMM_NAMES(12), XMM_NAMES(13), XMM_NAMES(14), XMM_NAMES(15),
#undef XMM_NAMES
};
_Static_assert(X86_NREGS <= IR_MAX_REGS, "the x86 register slots fit the IR");

static bool on_kvm(struct vm *vm)
{
	return kvm_vm_fd(vm) >= 0;
}

static struct vcpu *x86_kvm_cpu_create(struct vm *vm, unsigned id)
{
	struct vcpu *cpu = calloc(1, sizeof(*cpu));

	if (!cpu)
		return NULL;
	if (vcpu_init(cpu, vm, id) < 0) {
		free(cpu);
		return NULL;
	}
	return cpu;
}

static struct vcpu *x86_cpu_create(struct vm *vm, unsigned id)
{
	struct x86_cpu *x;

	if (on_kvm(vm))
		return x86_kvm_cpu_create(vm, id);
	if (id == 0 && !x86_sse_host_ok())
		log_warn("x86_64: the host has no SSE4.2: the software CPU runs without SSE "
			 "(CPUID reports none, SSE instructions raise #UD)");
	x = calloc(1, sizeof(*x));
	if (!x)
		return NULL;
	if (soft_cpu_init(&x->common, vm, id, &x86_64_frontend_ops) < 0) {
		free(x);
		return NULL;
	}
	x->cr0 = X86_CR0_ET | X86_CR0_CD | X86_CR0_NW;
	x->pat = 0x0007040600070406ull;
	x->apic_base = 0xfee00000ull | (1u << 11) | (id == 0 ? 1u << 8 : 0);
	x->misc_enable = 1; /* fast strings */
	x->mxcsr = 0x1f80;
	x86_fpu_reset(x);
	x->idtr.limit = 0xffff;
	x->gdtr.limit = 0xffff;
	x86_set_rflags(&x->common, 0);
	x86_update_regimes(x);
	return &x->common.vcpu;
}

static void x86_cpu_destroy(struct vcpu *cpu)
{
	if (!cpu)
		return;
	if (on_kvm(cpu->vm)) {
		vcpu_fini(cpu);
		free(cpu);
		return;
	}
	soft_cpu_fini(soft_cpu_of(cpu));
	free(x86_cpu(soft_cpu_of(cpu)));
}

static void x86_dump_state(struct vcpu *cpu, FILE *out)
{
	if (on_kvm(cpu->vm))
		x86_kvm_dump_regs(cpu, out);
	else
		x86_dump_soft_state(cpu, out);
}

/* -d in_asm: decoded in the block's mode (16, 32 or 64-bit code). */
static int x86_disas_block(char *buf, size_t len, uint64_t pc, uint32_t flags, const uint8_t *bytes,
			   size_t avail)
{
	return x86_disas_mode(buf, len, pc, bytes, avail, (enum x86_mode)X86_BF_MODE(flags));
}

const struct frontend_ops x86_64_frontend_ops = {
    .name = "x86_64",
    .nregs = X86_NREGS,
    .reg_names = x86_reg_names,
    .helpers = x86_helpers,
    .nhelpers = X86_H_COUNT,
    .tlb_regimes = X86_MMU_COUNT,
    .cpu_create = x86_cpu_create,
    .cpu_destroy = x86_cpu_destroy,
    .block_flags = x86_block_flags,
    .translate_block = x86_translate_block,
    .mmu_translate = x86_mmu_translate,
    .do_trap = x86_do_trap,
    .check_interrupts = x86_check_interrupts,
    .wakeup_pending = x86_wakeup_pending,
    .disas = x86_disas_block,
    .dump_state = x86_dump_state,
    .debug = &x86_debug_ops, /* software engines only: the gdb stub refuses KVM */
};
