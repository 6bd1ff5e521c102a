/*
 * cpu.h - the x86-64 software CPU's state and the contract between its
 * files (the KVM engine runs x86_64 without any of this: see x86_cpu.c).
 *
 * Register slots (IR): the sixteen general registers in encoding order
 * (rax rcx rdx rbx rsp rbp rsi rdi r8..r15), then the lazy-flags state
 * (cc_op, cc_dst, cc_src1, cc_src2, flags.c), rflags, the FS and GS
 * bases (the only segment bases 64-bit code adds), then XMM0-15 as two
 * slots each, low half first (sse.c), then the ES, CS, SS and DS bases
 * (16/32-bit code adds every segment's base: x86_set_segment keeps each
 * base slot equal to seg[].base).
 *
 * Modes: cpu->pc is the linear address of the next instruction (CS.base +
 * EIP). The block key names the code size (16, 32 or 64-bit, from CR0.PE,
 * EFER.LMA, CS.L and CS.D) and the stack size (SS.B); instructions that
 * change either end their block.
 *
 * Lazy flags: an instruction that sets the arithmetic flags (CF PF AF ZF
 * SF OF) does not compute them; it records its operation and operands in
 * the cc slots, and whoever reads a flag (jcc, setcc, cmovcc, adc, pushf,
 * an interrupt) derives it. cc_op == X86_CC_EFLAGS means the arithmetic
 * flags are in the rflags slot; any other value names the last operation
 * (kind << 2 | log2 of its size) and rflags' arithmetic bits are stale.
 * A rotate by an immediate sets only CF and OF: it records its result and
 * moves the operation before it to the cc2 slots (unless that was a rotate
 * too), which give the other four flags.
 * The rflags slot always holds the other bits (DF IF TF AC ...).
 *
 * Files: x86_decode.c and x86_disas.c (decoder, disassembler), translate.c
 * (decoded instruction -> IR: operands, moves, control flow), alu.c (the
 * arithmetic and logic instructions), flags.c (lazy flags: conditions in
 * IR, the helper that computes them all), helpers.c (the helper table and
 * the instructions that run in a helper), atomic.c (locked read-modify-
 * writes on host atomics), sse.c (SSE to SSE4.2 -> IR and helper calls),
 * sse_ops.h and sse_ops.c (the SSE operations the helpers run),
 * sse_helpers.c (the SSE helpers, MXCSR, fxsave/fxrstor), x87.c (x87 and MMX -> helper
 * calls), x87_ops.h and x87_ops.c (the x87 table, the host run), x87_helpers.c (the x87 state
 * and instructions), mmx_ops.h and mmx_ops.c (the MMX operations), modes.c (16/32-bit
 * modes: segments, far transfers, real-mode and 32-bit interrupts), system.c
 * (control registers, MSRs, segments, exception and interrupt delivery,
 * iretq), mmu.c (4-level paging), frontend.c (the frontend table, reset,
 * dump).
 *
 * Invariants: a guest register slot is written only after every op of its
 * instruction that may trap, so a fault leaves the state of the previous
 * instruction (faults are precise); instructions that change the
 * translation mode (CPL, paging, CS) or may need an interrupt check (sti,
 * popf, iretq) end their block, their helper setting cpu->pc.
 */
#ifndef FVP_ARCH_X86_64_CPU_H
#define FVP_ARCH_X86_64_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include "core/frontend_ops.h"
#include "ir/ir.h"
#include "mem/soft_cpu.h"

struct address_space;
struct apic_bus;

/* Register slots. */
enum x86_slot {
	X86_RAX,
	X86_RCX,
	X86_RDX,
	X86_RBX,
	X86_RSP,
	X86_RBP,
	X86_RSI,
	X86_RDI,
	X86_R8,
	X86_SLOT_CC_OP = 16,
	X86_SLOT_CC_DST,
	X86_SLOT_CC_SRC1,
	X86_SLOT_CC_SRC2,
	X86_SLOT_RFLAGS,
	X86_SLOT_FS_BASE,
	X86_SLOT_GS_BASE,
	X86_SLOT_XMM0, /* xmm n: slots X86_SLOT_XMM0 + 2n (bits 0-63), + 2n + 1 (64-127) */
	X86_SLOT_ES_BASE = X86_SLOT_XMM0 + 32,
	X86_SLOT_CS_BASE,
	X86_SLOT_SS_BASE,
	X86_SLOT_DS_BASE,
	X86_SLOT_CC2_OP, /* the operation before a run of rotates (X86_CCK_ROL/ROR) */
	X86_SLOT_CC2_DST,
	X86_SLOT_CC2_SRC1,
	X86_SLOT_CC2_SRC2,
	X86_NREGS
};

/* RFLAGS bits. */
#define X86_CF		(1u << 0)
#define X86_PF		(1u << 2)
#define X86_AF		(1u << 4)
#define X86_ZF		(1u << 6)
#define X86_SF		(1u << 7)
#define X86_TF		(1u << 8)
#define X86_IF		(1u << 9)
#define X86_DF		(1u << 10)
#define X86_OF		(1u << 11)
#define X86_IOPL	(3u << 12)
#define X86_NT		(1u << 14)
#define X86_RF		(1u << 16)
#define X86_VM		(1u << 17)
#define X86_AC		(1u << 18)
#define X86_VIF		(1u << 19)
#define X86_VIP		(1u << 20)
#define X86_ID		(1u << 21)
#define X86_ARITH_FLAGS (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)
/* What popf/iretq may change at CPL 0 (bit 1 always reads 1; VM, VIF, VIP stay 0). */
#define X86_FLAGS_WRITABLE                                                                         \
	(X86_ARITH_FLAGS | X86_TF | X86_IF | X86_DF | X86_IOPL | X86_NT | X86_RF | X86_AC | X86_ID)
#define X86_FLAGS_FIXED 0x2u

/* Lazy-flags operation kinds (cc_op = kind << 2 | log2(size)). */
enum x86_cc_kind {
	X86_CCK_EFLAGS,	  /* flags are in the rflags slot */
	X86_CCK_ADD,	  /* dst = src1 + src2 */
	X86_CCK_ADC,	  /* dst = src1 + src2 + CF (CF = dst - src1 - src2) */
	X86_CCK_SUB,	  /* dst = src1 - src2 (cmp, neg: src1 = 0) */
	X86_CCK_SBB,	  /* dst = src1 - src2 - CF */
	X86_CCK_LOGIC,	  /* dst = result; CF = OF = 0 */
	X86_CCK_INC,	  /* dst = src1 + 1; src2 = CF before */
	X86_CCK_DEC,	  /* dst = src1 - 1; src2 = CF before */
	X86_CCK_SHL,	  /* dst = src1 << src2 (src2 = count, 1..size*8-1 or more) */
	X86_CCK_SHR,	  /* dst = src1 >> src2 */
	X86_CCK_SAR,	  /* dst = src1 >>s src2 (src1 sign-extended to 64 bits) */
	X86_CCK_MUL,	  /* CF = OF = src1 != 0 (the high half does not extend the low) */
	X86_CCK_ROL = 12, /* dst = result; CF, OF from it, the rest from the cc2 slots' operation */
	X86_CCK_ROR,	  /* (ROL even: X86_CC_IS_ROTATE tests both kinds with one shift) */
	X86_CCK_COUNT
};
#define X86_CC_EFLAGS		0u
#define X86_CC(kind, lsz)	((unsigned)(kind) << 2 | (lsz))
#define X86_CC_KIND(cc_op)	((unsigned)(cc_op) >> 2)
#define X86_CC_LSZ(cc_op)	((unsigned)(cc_op)&3u)
#define X86_CC_IS_ROTATE(cc_op) (((unsigned)(cc_op) >> 3) == X86_CCK_ROL / 2)

/* Control registers and EFER. */
#define X86_CR0_PE	   (1ull << 0)
#define X86_CR0_MP	   (1ull << 1)
#define X86_CR0_EM	   (1ull << 2)
#define X86_CR0_TS	   (1ull << 3)
#define X86_CR0_ET	   (1ull << 4)
#define X86_CR0_NE	   (1ull << 5)
#define X86_CR0_WP	   (1ull << 16)
#define X86_CR0_AM	   (1ull << 18)
#define X86_CR0_NW	   (1ull << 29)
#define X86_CR0_CD	   (1ull << 30)
#define X86_CR0_PG	   (1ull << 31)
#define X86_CR4_PSE	   (1ull << 4)
#define X86_CR4_PAE	   (1ull << 5)
#define X86_CR4_PGE	   (1ull << 7)
#define X86_CR4_OSFXSR	   (1ull << 9)
#define X86_CR4_OSXMMEXCPT (1ull << 10)
#define X86_CR4_FSGSBASE   (1ull << 16)
#define X86_CR4_SMEP	   (1ull << 20)
#define X86_CR4_SMAP	   (1ull << 21)
#define X86_EFER_SCE	   (1ull << 0)
#define X86_EFER_LME	   (1ull << 8)
#define X86_EFER_LMA	   (1ull << 10)
#define X86_EFER_NXE	   (1ull << 11)

/* Exception vectors. */
enum x86_vector {
	X86_EXC_DE = 0,
	X86_EXC_DB = 1,
	X86_EXC_NMI = 2,
	X86_EXC_BP = 3,
	X86_EXC_OF = 4,
	X86_EXC_BR = 5,
	X86_EXC_UD = 6,
	X86_EXC_NM = 7,
	X86_EXC_DF = 8,
	X86_EXC_TS = 10,
	X86_EXC_NP = 11,
	X86_EXC_SS = 12,
	X86_EXC_GP = 13,
	X86_EXC_PF = 14,
	X86_EXC_MF = 16,
	X86_EXC_AC = 17,
	X86_EXC_XM = 19,
};

/* FAULT_ARCH records: code = vector | X86_FAULT_HAS_ERR if it pushes an error code (value);
 * X86_FAULT_SOFT_INT for int n / int3 (delivered with the next pc pushed). */
#define X86_FAULT_HAS_ERR  (1ull << 8)
#define X86_FAULT_SOFT_INT (1ull << 9)

/* #PF error code bits (FAULT_PAGE records carry them in code); a non-canonical address is
 * recorded as a page fault with code X86_PF_NONCANONICAL and delivered as #GP(0). */
#define X86_PF_P	    (1ull << 0)
#define X86_PF_W	    (1ull << 1)
#define X86_PF_U	    (1ull << 2)
#define X86_PF_RSVD	    (1ull << 3)
#define X86_PF_I	    (1ull << 4)
#define X86_PF_NONCANONICAL (1ull << 32)

/* TLB regimes. */
enum x86_mmu_idx { X86_MMU_PHYS, X86_MMU_KERNEL, X86_MMU_USER, X86_MMU_COUNT };

/* Block-flags key: CPL (bits 0-1), paging on (bit 2), CR0/CR4 bits, code and stack size. */
#define X86_BF_CPL(f)  ((f)&3u)
#define X86_BF_PG      (1u << 2)
#define X86_BF_EM      (1u << 3)	 /* CR0.EM: SSE raises #UD, fxsave/fxrstor #NM */
#define X86_BF_TS      (1u << 4)	 /* CR0.TS: SSE and fxsave/fxrstor raise #NM */
#define X86_BF_NOFXSR  (1u << 5)	 /* CR4.OSFXSR clear: SSE raises #UD */
#define X86_BF_MODE(f) (((f) >> 6) & 3u) /* enum x86_mode: code size 16, 32 or 64 */
#define X86_BF_SS32    (1u << 8)	 /* SS.B: 32-bit stack pointer outside 64-bit mode */
#define X86_BF_SHADOW  (1u << 9)	 /* starts in sti's interrupt shadow (interrupts.c) */

/* x87 and MMX state: the physical registers R0-R7 (ST(i) is R[(TOP + i) & 7]; MMX register
 * mm<i> is R[i]'s significand, and writing it sets R[i]'s sign and exponent to all ones). */
struct x86_fpu {
	uint64_t mant[8];  /* significands (bit 63 the explicit integer bit) */
	uint16_t sexp[8];  /* sign (bit 15) and exponent */
	uint16_t fcw, fsw; /* control word; status word with TOP in bits 11-13 */
	uint16_t fop;	   /* the last opcode (11 bits) of an unmasked exception */
	uint8_t ftw;	   /* abridged tag: bit i set if R[i] is not empty */
	uint64_t fip, fdp; /* last instruction and data pointers */
};

/* A segment register as the CPU caches it. */
struct x86_segment {
	uint16_t selector;
	uint64_t base;
	uint32_t limit;
	uint16_t attr; /* descriptor bits 40-47 (type, S, DPL, P) and 52-55 (AVL, L, D/B, G) << 8 */
};
enum { X86_ES, X86_CS, X86_SS, X86_DS, X86_FS, X86_GS, X86_NSEGS };
#define X86_SEG_ATTR_L (1u << 13)
#define X86_SEG_ATTR_D (1u << 14)

struct x86_dtr {
	uint64_t base;
	uint16_t limit;
};

struct x86_cpu {
	struct soft_cpu common;
	unsigned cpl;
	uint64_t cr0, cr2, cr3, cr4, cr8, efer;
	struct x86_segment seg[X86_NSEGS];
	struct x86_segment ldtr, tr;
	struct x86_dtr gdtr, idtr;
	uint64_t kernel_gs_base, star, lstar, cstar, sfmask, tsc_aux, pat, apic_base;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip, misc_enable;
	uint32_t mxcsr; /* SSE control and status (reset 0x1f80) */
	struct x86_fpu fpu;
	int64_t tsc_offset; /* TSC = host_ns * freq / 1e9 + tsc_offset */
	int64_t tsc_adjust; /* IA32_TSC_ADJUST: what TSC and TSC_ADJUST writes added */
	bool sti_shadow;    /* no interrupt at shadow_pc, the instruction after sti */
	uint64_t shadow_pc;
	bool wait_sipi;		   /* after INIT: halted until a SIPI */
	bool nmi_blocked;	   /* an NMI is being handled: no other until iret */
	struct apic_bus *apic;	   /* the board's local APICs (NULL: no interrupt sources) */
	unsigned delivering;	   /* exception delivery nesting: 1 in a delivery, 2 in #DF's */
	struct address_space *pio; /* the board's port space (in/out) */
};

static inline struct x86_cpu *x86_cpu(struct soft_cpu *cpu)
{
	return container_of(cpu, struct x86_cpu, common);
}

extern const struct ir_helper x86_helpers[];

/* flags.c: the arithmetic flags of the cc slots, as RFLAGS bits. */
uint64_t x86_arith_flags(const struct soft_cpu *cpu);
/* The whole RFLAGS (cc state folded in); and setting it (cc_op becomes EFLAGS). */
uint64_t x86_get_rflags(const struct soft_cpu *cpu);
void x86_set_rflags(struct soft_cpu *cpu, uint64_t rflags);

/* translate.c */
int x86_translate_block(struct soft_cpu *cpu, struct ir_block *blk);
uint32_t x86_block_flags(struct soft_cpu *cpu);

/* sse_helpers.c: true if the host runs the SSE helpers (SSE4.2); else SSE stays #UD and
 * CPUID reports none of it. */
bool x86_sse_host_ok(void);
/* MXCSR after an operation that raised flags (MXCSR bits 0-5); #XM (#UD without
 * CR4.OSXMMEXCPT) and true if one is unmasked. */
bool x86_sse_exception(struct x86_cpu *x, unsigned flags);

/* x87_helpers.c: #MF for a pending unmasked x87 exception (CR0.NE set); true if raised. */
bool x86_fpu_pending(struct x86_cpu *x);
/* The x87 part of the fxsave image as quadwords 0-2 and 4-19 (wide: fxsave64's 64-bit
 * pointers); fxrstor's. */
void x86_fpu_fxsave(const struct x86_cpu *x, uint64_t *img, bool wide);
void x86_fpu_fxrstor(struct x86_cpu *x, const uint64_t *img, bool wide);
/* The state fninit leaves. */
void x86_fpu_reset(struct x86_cpu *x);
/* The full tag word (fstenv's: 2 bits per physical register, 3 empty). */
uint16_t x86_fpu_tag_word(const struct x86_fpu *f);

/* mmu.c */
int x86_mmu_translate(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
		      uint64_t *paddr, unsigned *prot);

/* system.c */
void x86_do_trap(struct soft_cpu *cpu);
bool x86_check_interrupts(struct soft_cpu *cpu);
bool x86_wakeup_pending(struct soft_cpu *cpu);
/* An external interrupt or NMI: delivered as the mode has it with the current pc pushed; a
 * fault on the way is delivered in turn (x86_do_trap). */
void x86_deliver_interrupt(struct x86_cpu *x, unsigned vector);
/* The descriptor of selector sel (GDT or LDT); -1 with #GP(sel) or a fault recorded. */
int x86_read_descriptor(struct x86_cpu *x, uint16_t sel, uint64_t *desc);
void x86_seg_from_desc(struct x86_segment *s, uint16_t sel, uint64_t desc);

/* interrupts.c: the INIT state (real mode, halted until a SIPI). check_interrupts and
 * wakeup_pending are there too. */
void x86_cpu_wait_for_sipi(struct x86_cpu *x);

/* modes.c: the code size (enum x86_mode of x86_decode.h) of the current CS and CR0/EFER. */
unsigned x86_code_mode(const struct x86_cpu *x);
/* Set segment register seg (and its base slot); a real-mode segment from sel. */
void x86_set_segment(struct x86_cpu *x, unsigned seg, const struct x86_segment *s);
void x86_real_segment(struct x86_cpu *x, unsigned seg, uint16_t sel);
/* Real-mode interrupt delivery (IVT), and iret outside 64-bit mode; -1 with a fault recorded. */
int x86_deliver_real(struct x86_cpu *x, unsigned vector, uint64_t ret_pc);
int x86_deliver_prot32(struct x86_cpu *x, unsigned vector, bool has_err, uint64_t err,
		       uint64_t ret_pc, bool soft);
int x86_iret_legacy(struct x86_cpu *x, unsigned size);
/* Pick the TLB regimes of the current CPL and paging mode. */
void x86_update_regimes(struct x86_cpu *x);
/* The CPU state a board starts vCPU 0 in: 64-bit mode, flat segments of the boot GDT,
 * paging with the page tables at cr3. */
void x86_enter_long_mode(struct x86_cpu *x, uint64_t rip, uint64_t cr3, uint16_t cs, uint16_t ds);
/* 32-bit protected mode, paging off, flat segments cs and ds of the boot GDT (PVH entry). */
void x86_enter_protected_mode(struct x86_cpu *x, uint32_t eip, uint16_t cs, uint16_t ds);
uint64_t x86_rdtsc(const struct x86_cpu *x);
void x86_dump_soft_state(struct vcpu *v, FILE *out);

/* gdb.c: the debugger's view of the software CPU (frontend_ops.debug). */
extern const struct frontend_debug_ops x86_debug_ops;

#endif
