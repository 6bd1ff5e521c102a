/*
 * csr.h - riscv64 CSR numbers, status/interrupt bit definitions and the CSR
 * access interface shared by system.c (SYSTEM instructions, traps) and
 * csr.c (per-CSR read/write rules).
 *
 * Invariants kept by csr.c: mstatus only ever holds implemented bits
 * (SXL/UXL = 2, SD = (FS == Dirty)); mip holds only implemented interrupt
 * bits and is accessed atomically; pmpaddr holds 54 bits.
 */
#ifndef FVP_ARCH_RISCV64_CSR_H
#define FVP_ARCH_RISCV64_CSR_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/riscv64/cpu.h"

/* Unprivileged */
#define CSR_FFLAGS	 0x001
#define CSR_FRM		 0x002
#define CSR_FCSR	 0x003
#define CSR_CYCLE	 0xc00
#define CSR_TIME	 0xc01
#define CSR_INSTRET	 0xc02
#define CSR_HPMCOUNTER3	 0xc03
#define CSR_HPMCOUNTER31 0xc1f
/* Supervisor */
#define CSR_SSTATUS    0x100
#define CSR_SIE	       0x104
#define CSR_STVEC      0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG    0x10a
#define CSR_SSCRATCH   0x140
#define CSR_SEPC       0x141
#define CSR_SCAUSE     0x142
#define CSR_STVAL      0x143
#define CSR_SIP	       0x144
#define CSR_SATP       0x180
/* Machine */
#define CSR_MVENDORID	  0xf11
#define CSR_MARCHID	  0xf12
#define CSR_MIMPID	  0xf13
#define CSR_MHARTID	  0xf14
#define CSR_MCONFIGPTR	  0xf15
#define CSR_MSTATUS	  0x300
#define CSR_MISA	  0x301
#define CSR_MEDELEG	  0x302
#define CSR_MIDELEG	  0x303
#define CSR_MIE		  0x304
#define CSR_MTVEC	  0x305
#define CSR_MCOUNTEREN	  0x306
#define CSR_MENVCFG	  0x30a
#define CSR_MCOUNTINHIBIT 0x320
#define CSR_MHPMEVENT3	  0x323
#define CSR_MHPMEVENT31	  0x33f
#define CSR_MSCRATCH	  0x340
#define CSR_MEPC	  0x341
#define CSR_MCAUSE	  0x342
#define CSR_MTVAL	  0x343
#define CSR_MIP		  0x344
#define CSR_PMPCFG0	  0x3a0
#define CSR_PMPCFG15	  0x3af
#define CSR_PMPADDR0	  0x3b0
#define CSR_PMPADDR63	  0x3ef
#define CSR_MSECCFG	  0x747
#define CSR_TSELECT	  0x7a0
#define CSR_TDATA1	  0x7a1
#define CSR_TDATA2	  0x7a2
#define CSR_TDATA3	  0x7a3
#define CSR_MCYCLE	  0xb00
#define CSR_MINSTRET	  0xb02
#define CSR_MHPMCOUNTER3  0xb03
#define CSR_MHPMCOUNTER31 0xb1f

/* mstatus / sstatus */
#define MSTATUS_SIE	  (1ULL << 1)
#define MSTATUS_MIE	  (1ULL << 3)
#define MSTATUS_SPIE	  (1ULL << 5)
#define MSTATUS_MPIE	  (1ULL << 7)
#define MSTATUS_SPP	  (1ULL << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP	  (3ULL << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS_SHIFT  13
#define MSTATUS_FS	  (3ULL << MSTATUS_FS_SHIFT)
#define MSTATUS_XS	  (3ULL << 15)
#define MSTATUS_MPRV	  (1ULL << 17)
#define MSTATUS_SUM	  (1ULL << 18)
#define MSTATUS_MXR	  (1ULL << 19)
#define MSTATUS_TVM	  (1ULL << 20)
#define MSTATUS_TW	  (1ULL << 21)
#define MSTATUS_TSR	  (1ULL << 22)
#define MSTATUS_UXL	  (3ULL << 32)
#define MSTATUS_SXL	  (3ULL << 34)
#define MSTATUS_SD	  (1ULL << 63)
#define MSTATUS_XL_64	  ((2ULL << 32) | (2ULL << 34))

#define FS_OFF	 0u
#define FS_DIRTY 3u

#define MSTATUS_WRITABLE                                                                           \
	(MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP |     \
	 MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW |        \
	 MSTATUS_TSR)
#define SSTATUS_WRITABLE                                                                           \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM | MSTATUS_MXR)
#define SSTATUS_READABLE (SSTATUS_WRITABLE | MSTATUS_XS | MSTATUS_UXL | MSTATUS_SD)

/* Interrupt bits */
#define MIP_SSIP   (1ULL << RV_IRQ_SSI)
#define MIP_MSIP   (1ULL << RV_IRQ_MSI)
#define MIP_STIP   (1ULL << RV_IRQ_STI)
#define MIP_MTIP   (1ULL << RV_IRQ_MTI)
#define MIP_SEIP   (1ULL << RV_IRQ_SEI)
#define MIP_MEIP   (1ULL << RV_IRQ_MEI)
#define MIP_S_MASK (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MIP_ALL	   (MIP_S_MASK | MIP_MSIP | MIP_MTIP | MIP_MEIP)
/* mip bits M-mode software may write; sip bits S-mode may write (when delegated) */
#define MIP_M_WRITABLE MIP_S_MASK
#define SIP_WRITABLE   MIP_SSIP

#define MCAUSE_INTERRUPT (1ULL << 63)

/* Exceptions that medeleg may delegate (not 11: ecall from M; 10, 14 reserved). */
#define MEDELEG_WRITABLE                                                                           \
	((1ULL << 0) | (1ULL << 1) | (1ULL << 2) | (1ULL << 3) | (1ULL << 4) | (1ULL << 5) |       \
	 (1ULL << 6) | (1ULL << 7) | (1ULL << 8) | (1ULL << 9) | (1ULL << 12) | (1ULL << 13) |     \
	 (1ULL << 15))

/* satp */
#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE	0
#define SATP_MODE_SV39	8
#define SATP_MODE_SV48	9
#define SATP_MODE_SV57	10
#define SATP_PPN_MASK	((1ULL << 44) - 1)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_BITS	16 /* ASIDLEN: the Sv39/Sv48/Sv57 maximum */
#define SATP_ASID_MASK	(((1ULL << SATP_ASID_BITS) - 1) << SATP_ASID_SHIFT)

/* mcountinhibit: CY and IR; TM does not exist and the HPM counters are hardwired to 0 */
#define MCOUNTINHIBIT_CY       0x1ULL
#define MCOUNTINHIBIT_IR       0x4ULL
#define MCOUNTINHIBIT_WRITABLE (MCOUNTINHIBIT_CY | MCOUNTINHIBIT_IR)

/* menvcfg / senvcfg: only FIOM is implemented */
#define ENVCFG_FIOM 1ULL

/* PMP configuration byte */
#define PMP_R	     0x01u
#define PMP_W	     0x02u
#define PMP_X	     0x04u
#define PMP_A_SHIFT  3
#define PMP_A	     (3u << PMP_A_SHIFT)
#define PMP_A_OFF    0u
#define PMP_A_TOR    1u
#define PMP_A_NA4    2u
#define PMP_A_NAPOT  3u
#define PMP_L	     0x80u
#define PMPADDR_MASK ((1ULL << 54) - 1)

/* misa: RV64 IMAFDC + S + U */
#define MISA_EXT(c) (1ULL << ((c) - 'A'))
#define MISA_RV64IMAFDCSU                                                                          \
	((2ULL << 62) | MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |            \
	 MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') | MISA_EXT('U'))

/* CSR access (csr.c). Both return 0, or -1 when the access is illegal (the caller raises the
 * illegal-instruction exception). Permission rules (privilege, read-only, counter enables,
 * FS, TVM) are checked by both. rv64_csr_write gets the new value and, in written, the bits the
 * instruction writes (all for CSRRW, rs1's set bits for CSRRS/CSRRC): bits that other threads
 * change (mip) are replaced only there. It reports in *effects what the caller must do. */
#define CSR_EFFECT_IRQ	   0x1u /* interrupt enables or pending bits changed */
#define CSR_EFFECT_TLB	   0x2u /* translation changed: flush the TLB */
#define CSR_EFFECT_MMU_IDX 0x4u /* privilege regime inputs changed */
#define CSR_EFFECT_ASPACE  0x8u /* satp's ASID or root changed: flush non-global translations */
int rv64_csr_read(struct rv64_cpu *rv, unsigned csrno, uint64_t *val);
int rv64_csr_write(struct rv64_cpu *rv, unsigned csrno, uint64_t val, uint64_t written,
		   unsigned *effects);

/* Do what a CSR write's effects ask (system.c): regimes, TLB flushes, interrupt check. */
void rv64_apply_csr_effects(struct rv64_cpu *rv, unsigned effects);

/* Set mstatus.FS (and SD) to Dirty. */
void rv64_set_fs_dirty(struct rv64_cpu *rv);

static inline unsigned rv64_fs(const struct rv64_cpu *rv)
{
	return (unsigned)((rv->mstatus & MSTATUS_FS) >> MSTATUS_FS_SHIFT);
}

#endif
