/*
 * fpu.h - riscv64 floating-point constants shared by fpu.c, the CSR code and
 * the tests: fflags bits, rounding-mode numbers, mstatus.FS encoding.
 *
 * fpu.c owns the F and D arithmetic (the helpers of RV64_FP_HELPERS, helpers.h);
 * this header only adds what other files need to agree on with it.
 */
#ifndef FVP_ARCH_RISCV64_FPU_H
#define FVP_ARCH_RISCV64_FPU_H

#include <stdint.h>
#include "arch/riscv64/cpu.h"

/* fflags (fcsr bits 4:0). */
#define RV_FFLAG_NX 0x01u /* inexact */
#define RV_FFLAG_UF 0x02u /* underflow */
#define RV_FFLAG_OF 0x04u /* overflow */
#define RV_FFLAG_DZ 0x08u /* divide by zero */
#define RV_FFLAG_NV 0x10u /* invalid */

/* Rounding modes (instruction rm field and frm). */
enum rv_rm {
	RV_RM_RNE = 0, /* nearest, ties to even */
	RV_RM_RTZ = 1, /* toward zero */
	RV_RM_RDN = 2, /* down */
	RV_RM_RUP = 3, /* up */
	RV_RM_RMM = 4, /* nearest, ties to max magnitude */
	RV_RM_DYN = 7, /* instruction field only: use frm */
};

/* mstatus.FS (bits 14:13) and mstatus.SD (bit 63). */
#define RV_MSTATUS_FS_SHIFT 13
#define RV_MSTATUS_FS_MASK  (3ull << RV_MSTATUS_FS_SHIFT)
#define RV_MSTATUS_FS_OFF   0ull
#define RV_MSTATUS_FS_DIRTY (3ull << RV_MSTATUS_FS_SHIFT)
#define RV_MSTATUS_SD	    (1ull << 63)

/* Mark the FP state Dirty (mstatus.FS = 3 and SD = 1). */
void rv64_fp_set_dirty(struct rv64_cpu *rv);

#endif
