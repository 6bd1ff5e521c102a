/*
 * cpu.h - riscv64 hart state and the contract between the riscv64 files.
 *
 * Register slots (IR): x0..x31 are slots 0..31 (slot 0 is never written and
 * always reads 0), f0..f31 are slots 32..63 (raw 64-bit, NaN-boxed singles).
 *
 * Files: decode.c (instruction table and decoder), translate.c (decoded
 * instruction -> IR), system.c (CSRs, traps, interrupts, xRET, WFI,
 * fences), mmu.c (Sv39/48/57 walker, PMP), fpu.c (F and D arithmetic),
 * atomic.c (LR/SC and AMOs), helpers.c (the IR helper table, the helpers
 * listed in helpers.h), board_virt.c
 * (the machine).
 *
 * Rules: SYSTEM-opcode instructions (CSR*, ECALL, EBREAK, xRET, WFI,
 * SFENCE.VMA) and FENCE.I are translated alone in a block of their own, so
 * when their helper runs cpu->pc is their address and instret is exact;
 * their helper sets cpu->pc to the next pc (or a trap/xRET target) and the
 * block ends with IR_EXIT_CPU (ECALL, EBREAK and the ones the block's
 * privilege makes illegal raise their trap instead, as translated).
 */
#ifndef FVP_ARCH_RISCV64_CPU_H
#define FVP_ARCH_RISCV64_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/riscv64/helpers.h"
#include "core/frontend_ops.h"
#include "ir/ir.h"
#include "mem/soft_cpu.h"

#define RV_NREGS     64
#define RV_SLOT_X(i) (i)
#define RV_SLOT_F(i) (32 + (i))

enum rv_priv { RV_PRIV_U = 0, RV_PRIV_S = 1, RV_PRIV_M = 3 };

/* TLB regimes (soft_cpu.mmu_data / mmu_fetch). */
enum rv_mmu_idx { RV_MMU_U = 0, RV_MMU_S = 1, RV_MMU_S_SUM = 2, RV_MMU_M = 3, RV_MMU_COUNT };

/* Block-flags key: privilege (bits 0-1), mstatus.FS (bits 2-3). */
#define RV_BF_PRIV(f) ((f)&3u)
#define RV_BF_FS(f)   (((f) >> 2) & 3u)

/* Exception causes. */
enum rv_exc {
	RV_EXC_INSN_MISALIGNED = 0,
	RV_EXC_INSN_ACCESS = 1,
	RV_EXC_ILLEGAL = 2,
	RV_EXC_BREAKPOINT = 3,
	RV_EXC_LOAD_MISALIGNED = 4,
	RV_EXC_LOAD_ACCESS = 5,
	RV_EXC_STORE_MISALIGNED = 6,
	RV_EXC_STORE_ACCESS = 7,
	RV_EXC_ECALL_U = 8,
	RV_EXC_ECALL_S = 9,
	RV_EXC_ECALL_M = 11,
	RV_EXC_INSN_PAGE = 12,
	RV_EXC_LOAD_PAGE = 13,
	RV_EXC_STORE_PAGE = 15,
};

/* Interrupt numbers (bits of mip/mie). */
#define RV_IRQ_SSI 1
#define RV_IRQ_MSI 3
#define RV_IRQ_STI 5
#define RV_IRQ_MTI 7
#define RV_IRQ_SEI 9
#define RV_IRQ_MEI 11

#define RV_PMP_COUNT 16

struct rv64_pmp_span {
	uint64_t start, end; /* inclusive */
	int entry;	     /* the PMP entry that governs it, -1 if none matches */
};

/* mcycle or minstret (csr.c): common.instret + offset while it counts, held while its
 * mcountinhibit bit stops it. */
struct rv64_counter {
	uint64_t offset;
	uint64_t held;
};

/* The platform timer the time CSR reads (mtime, in timebase ticks): the board hands each
 * hart its source at reset, so the hart never calls up into the board. No source: 0. */
struct rv64_time_source {
	uint64_t (*read)(void *opaque);
	void *opaque;
};

struct rv64_cpu {
	struct soft_cpu common; /* the software CPU (embeds struct vcpu): container_of */
	unsigned priv;
	uint64_t mhartid;
	/* FP control */
	uint32_t fflags; /* accrued exceptions, 5 bits */
	uint32_t frm;	 /* dynamic rounding mode, 3 bits */
	/* machine CSRs */
	uint64_t mstatus, misa, medeleg, mideleg, mie;
	uint64_t mip; /* atomic: devices set MTIP/MSIP/MEIP/SEIP from other threads */
	/* mip.SEIP as M-mode software wrote it: reads of mip see it ORed with the PLIC's SEIP
	 * line, and writes change only it, never the line (privileged spec, 3.1.9) */
	bool seip_software;
	uint64_t mtvec, mscratch, mepc, mcause, mtval, mcounteren, mcountinhibit, menvcfg;
	struct rv64_counter mcycle, minstret;
	struct rv64_time_source time; /* what the time CSR reads; the board sets it at reset */
	/* supervisor CSRs */
	uint64_t stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;
	/* PMP */
	uint8_t pmpcfg[RV_PMP_COUNT];
	uint64_t pmpaddr[RV_PMP_COUNT];
	/* The PMP entries decoded into disjoint spans covering every address, each governed by
	 * one entry (the lowest-numbered that matches) or by none; rebuilt by rv64_pmp_rebuild
	 * after every change to pmpcfg or pmpaddr. pmp_last: the span of the last lookup. */
	struct rv64_pmp_span pmp_spans[2 * RV_PMP_COUNT + 1];
	unsigned pmp_nspans;
	unsigned pmp_last;
	/* LR/SC reservation (physical address of the reserved doubleword/word) */
	bool res_valid;
	uint64_t res_paddr;
	uint64_t res_value;
	unsigned res_size;
	/* Virtual addresses mapped by superpages the walker returned since the last full TLB
	 * flush (system.c/mmu.c): SFENCE.VMA of an address inside flushes more than one page,
	 * because the TLB holds superpages as many 4 KiB entries. */
	struct vaddr_span superpage_span;
};

static inline struct rv64_cpu *rv64_cpu(struct soft_cpu *cpu)
{
	return container_of(cpu, struct rv64_cpu, common);
}

/* The hart of a vCPU the core or a device names. */
static inline struct rv64_cpu *rv64_hart(struct vcpu *cpu)
{
	return rv64_cpu(soft_cpu_of(cpu));
}

/* mip as software and the interrupt logic see it: device lines plus software-written bits. */
static inline uint64_t rv64_mip(const struct rv64_cpu *rv)
{
	return __atomic_load_n(&rv->mip, __ATOMIC_SEQ_CST) |
	       (rv->seip_software ? 1ULL << RV_IRQ_SEI : 0);
}

extern const struct frontend_ops rv64_frontend_ops;

/* system.c */
void rv64_cpu_reset(struct rv64_cpu *rv, uint64_t pc);
uint32_t rv64_block_flags(struct soft_cpu *cpu);
void rv64_do_trap(struct soft_cpu *cpu);
/* The exception cause and tval a pending fault (cpu->fault) is delivered with. */
uint64_t rv64_fault_cause(const struct cpu_fault *f, uint64_t *tval);
bool rv64_check_interrupts(struct soft_cpu *cpu);
bool rv64_wakeup_pending(struct soft_cpu *cpu);
/* Recompute mmu_data/mmu_fetch after priv or mstatus changes. */
void rv64_update_mmu_idx(struct rv64_cpu *rv);
/* Devices: set or clear mip bits (any thread); kicks the hart. */
void rv64_set_mip(struct vcpu *cpu, uint64_t mask, bool level);
void rv64_dump_state(struct vcpu *cpu, FILE *out);

/* cpu_snapshot.c: frontend_ops.save_cpu and load_cpu */
struct snap_enc;
struct snap_dec;
int rv64_save_cpu(struct vcpu *cpu, struct snap_enc *e);
int rv64_load_cpu(struct vcpu *cpu, struct snap_dec *d);

/* mmu.c */
int rv64_mmu_translate(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
		       uint64_t *paddr, unsigned *prot);
/* Decode pmpcfg/pmpaddr into rv->pmp_spans; call after changing either. */
void rv64_pmp_rebuild(struct rv64_cpu *rv);
/* PMP check of [paddr, paddr+size) for an access at privilege priv: true if allowed. */
bool rv64_pmp_allows(struct rv64_cpu *rv, uint64_t paddr, unsigned size, enum mmu_access acc,
		     unsigned priv);

/* translate.c */
int rv64_translate_block(struct soft_cpu *cpu, struct ir_block *blk);
/* Translate the decoded instruction d at pc as the first of blk (reset under the block flags
 * to translate with); true if it ends the block. The helper tests run instructions through it. */
struct rv64_insn;
bool rv64_translate_insn(struct ir_block *blk, const struct rv64_insn *d, uint64_t pc);

/* gdb.c: the debugger's view of a hart (registers, target description). */
extern const struct frontend_debug_ops rv64_debug_ops;

/* decode.c */
/* frontend_ops.disas: the instruction whose bytes (avail of them) are at bytes; returns 2 or 4,
 * or -EINVAL if avail is shorter than the instruction. */
int rv64_disas(char *buf, size_t len, uint64_t pc, const uint8_t *bytes, size_t avail);

#endif
