/*
 * helpers.h - the riscv64 IR helpers (CALL targets) and what translate.c hands them.
 *
 * Every instruction that runs in a helper has a helper of its own: translate.c picks it by the
 * decoded instruction id, passes the source registers as the CALL's a and b slots, takes the
 * result through its dst slot, and packs whatever else the helper needs (rounding mode, rs3,
 * CSR number, which operands are x0) into the CALL's imm, the operand word below. So a helper
 * never decodes the encoding again and never re-checks what the decoder's masks or the block
 * flags (privilege, mstatus.FS) already guarantee; it checks only state that can change while
 * the block runs (frm, the CSR access rules, mstatus TSR/TW/TVM).
 *
 * The lists are X-macros; helpers.c builds the table from them, translate.c its id -> helper
 * maps, fpu.c and atomic.c the helper bodies. An F/D or A helper has the decoder's id.
 *   X(ID, name, flags, kind, p1, p2, p3): F and D; kind and p1..p3 are fpu.c's business.
 *   X(ID, name, flags, kind, p1, p2): A; kind LR, SC or AMO, p1 the AMO op, p2 the size.
 *   X(ID, name, flags): the rest, each written by hand.
 * Helper functions are rv64_helper_<name>.
 */
#ifndef FVP_ARCH_RISCV64_HELPERS_H
#define FVP_ARCH_RISCV64_HELPERS_H

#include <stdint.h>
#include "core/vcpu.h"
#include "ir/ir.h"

/* Operand word (CALL imm):
 *   bits 31:0  the encoding, only ever the tval of an illegal-instruction trap
 *   bits 34:32 rm of an F/D instruction (7: dynamic, frm)
 *   bits 39:35 rs3 of a fused multiply-add
 *   bits 51:40 the CSR number of a CSR instruction
 *   bit  52    CSR instructions: read the CSR (all but CSRRW/CSRRWI with rd = x0)
 *   bit  53    CSR instructions: write the CSR (CSRRW/CSRRWI, or rs1/uimm not 0)
 *   bit  54    SFENCE.VMA: rs1 is not x0
 *   bit  55    SFENCE.VMA: rs2 is not x0 */
#define RV64_OPW_RM_SHIFT  32
#define RV64_OPW_RS3_SHIFT 35
#define RV64_OPW_CSR_SHIFT 40
#define RV64_OPW_CSR_READ  (1ULL << 52)
#define RV64_OPW_CSR_WRITE (1ULL << 53)
#define RV64_OPW_RS1	   (1ULL << 54)
#define RV64_OPW_RS2	   (1ULL << 55)

static inline uint32_t rv64_opw_raw(uint64_t opw)
{
	return (uint32_t)opw;
}

static inline unsigned rv64_opw_rm(uint64_t opw)
{
	return (unsigned)(opw >> RV64_OPW_RM_SHIFT) & 7;
}

static inline unsigned rv64_opw_rs3(uint64_t opw)
{
	return (unsigned)(opw >> RV64_OPW_RS3_SHIFT) & 31;
}

static inline unsigned rv64_opw_csr(uint64_t opw)
{
	return (unsigned)(opw >> RV64_OPW_CSR_SHIFT) & 0xfff;
}

/* F/D helpers that use the rm field may trap (a dynamic frm may be reserved); the others never
 * do. FMA reads rs3 from its slot. Results come back through dst. */
#define RV64_HF_FP    0
#define RV64_HF_FP_RM IR_HF_MAY_TRAP
#define RV64_HF_FMA   (IR_HF_MAY_TRAP | IR_HF_READS_REGS)

/* kind: ARITH (p1 the operation; sqrt has no b), FMA (p1 negate the product, p2 negate the addend),
 * SGNJ (p1: 0 sgnj, 1 sgnjn, 2 sgnjx), MINMAX (p1 max), CMP (p1: 0 le, 1 lt, 2 eq), F2I and I2F
 * (p1 signed, p2 bits), FF (p1 the source format), MVX, MVF, CLASS. p3 is the format. */
#define RV64_FP_HELPERS(X)                                                                         \
	X(FADD_S, fadd_s, RV64_HF_FP_RM, ARITH, ADD, 0, S)                                         \
	X(FSUB_S, fsub_s, RV64_HF_FP_RM, ARITH, SUB, 0, S)                                         \
	X(FMUL_S, fmul_s, RV64_HF_FP_RM, ARITH, MUL, 0, S)                                         \
	X(FDIV_S, fdiv_s, RV64_HF_FP_RM, ARITH, DIV, 0, S)                                         \
	X(FSQRT_S, fsqrt_s, RV64_HF_FP_RM, ARITH, SQRT, 0, S)                                      \
	X(FMADD_S, fmadd_s, RV64_HF_FMA, FMA, false, false, S)                                     \
	X(FMSUB_S, fmsub_s, RV64_HF_FMA, FMA, false, true, S)                                      \
	X(FNMSUB_S, fnmsub_s, RV64_HF_FMA, FMA, true, false, S)                                    \
	X(FNMADD_S, fnmadd_s, RV64_HF_FMA, FMA, true, true, S)                                     \
	X(FSGNJ_S, fsgnj_s, RV64_HF_FP, SGNJ, 0, 0, S)                                             \
	X(FSGNJN_S, fsgnjn_s, RV64_HF_FP, SGNJ, 1, 0, S)                                           \
	X(FSGNJX_S, fsgnjx_s, RV64_HF_FP, SGNJ, 2, 0, S)                                           \
	X(FMIN_S, fmin_s, RV64_HF_FP, MINMAX, false, 0, S)                                         \
	X(FMAX_S, fmax_s, RV64_HF_FP, MINMAX, true, 0, S)                                          \
	X(FLE_S, fle_s, RV64_HF_FP, CMP, 0, 0, S)                                                  \
	X(FLT_S, flt_s, RV64_HF_FP, CMP, 1, 0, S)                                                  \
	X(FEQ_S, feq_s, RV64_HF_FP, CMP, 2, 0, S)                                                  \
	X(FCVT_W_S, fcvt_w_s, RV64_HF_FP_RM, F2I, true, 32, S)                                     \
	X(FCVT_WU_S, fcvt_wu_s, RV64_HF_FP_RM, F2I, false, 32, S)                                  \
	X(FCVT_L_S, fcvt_l_s, RV64_HF_FP_RM, F2I, true, 64, S)                                     \
	X(FCVT_LU_S, fcvt_lu_s, RV64_HF_FP_RM, F2I, false, 64, S)                                  \
	X(FCVT_S_W, fcvt_s_w, RV64_HF_FP_RM, I2F, true, 32, S)                                     \
	X(FCVT_S_WU, fcvt_s_wu, RV64_HF_FP_RM, I2F, false, 32, S)                                  \
	X(FCVT_S_L, fcvt_s_l, RV64_HF_FP_RM, I2F, true, 64, S)                                     \
	X(FCVT_S_LU, fcvt_s_lu, RV64_HF_FP_RM, I2F, false, 64, S)                                  \
	X(FCVT_S_D, fcvt_s_d, RV64_HF_FP_RM, FF, D, 0, S)                                          \
	X(FMV_X_W, fmv_x_w, RV64_HF_FP, MVX, 0, 0, S)                                              \
	X(FMV_W_X, fmv_w_x, RV64_HF_FP, MVF, 0, 0, S)                                              \
	X(FCLASS_S, fclass_s, RV64_HF_FP, CLASS, 0, 0, S)                                          \
	X(FADD_D, fadd_d, RV64_HF_FP_RM, ARITH, ADD, 0, D)                                         \
	X(FSUB_D, fsub_d, RV64_HF_FP_RM, ARITH, SUB, 0, D)                                         \
	X(FMUL_D, fmul_d, RV64_HF_FP_RM, ARITH, MUL, 0, D)                                         \
	X(FDIV_D, fdiv_d, RV64_HF_FP_RM, ARITH, DIV, 0, D)                                         \
	X(FSQRT_D, fsqrt_d, RV64_HF_FP_RM, ARITH, SQRT, 0, D)                                      \
	X(FMADD_D, fmadd_d, RV64_HF_FMA, FMA, false, false, D)                                     \
	X(FMSUB_D, fmsub_d, RV64_HF_FMA, FMA, false, true, D)                                      \
	X(FNMSUB_D, fnmsub_d, RV64_HF_FMA, FMA, true, false, D)                                    \
	X(FNMADD_D, fnmadd_d, RV64_HF_FMA, FMA, true, true, D)                                     \
	X(FSGNJ_D, fsgnj_d, RV64_HF_FP, SGNJ, 0, 0, D)                                             \
	X(FSGNJN_D, fsgnjn_d, RV64_HF_FP, SGNJ, 1, 0, D)                                           \
	X(FSGNJX_D, fsgnjx_d, RV64_HF_FP, SGNJ, 2, 0, D)                                           \
	X(FMIN_D, fmin_d, RV64_HF_FP, MINMAX, false, 0, D)                                         \
	X(FMAX_D, fmax_d, RV64_HF_FP, MINMAX, true, 0, D)                                          \
	X(FLE_D, fle_d, RV64_HF_FP, CMP, 0, 0, D)                                                  \
	X(FLT_D, flt_d, RV64_HF_FP, CMP, 1, 0, D)                                                  \
	X(FEQ_D, feq_d, RV64_HF_FP, CMP, 2, 0, D)                                                  \
	X(FCVT_W_D, fcvt_w_d, RV64_HF_FP_RM, F2I, true, 32, D)                                     \
	X(FCVT_WU_D, fcvt_wu_d, RV64_HF_FP_RM, F2I, false, 32, D)                                  \
	X(FCVT_L_D, fcvt_l_d, RV64_HF_FP_RM, F2I, true, 64, D)                                     \
	X(FCVT_LU_D, fcvt_lu_d, RV64_HF_FP_RM, F2I, false, 64, D)                                  \
	X(FCVT_D_W, fcvt_d_w, RV64_HF_FP_RM, I2F, true, 32, D)                                     \
	X(FCVT_D_WU, fcvt_d_wu, RV64_HF_FP_RM, I2F, false, 32, D)                                  \
	X(FCVT_D_L, fcvt_d_l, RV64_HF_FP_RM, I2F, true, 64, D)                                     \
	X(FCVT_D_LU, fcvt_d_lu, RV64_HF_FP_RM, I2F, false, 64, D)                                  \
	X(FCVT_D_S, fcvt_d_s, RV64_HF_FP_RM, FF, S, 0, D)                                          \
	X(FMV_X_D, fmv_x_d, RV64_HF_FP, MVX, 0, 0, D)                                              \
	X(FMV_D_X, fmv_d_x, RV64_HF_FP, MVF, 0, 0, D)                                              \
	X(FCLASS_D, fclass_d, RV64_HF_FP, CLASS, 0, 0, D)

/* a = the address (x rs1), b = x rs2, dst = x rd. */
#define RV64_AMO_HELPERS(X)                                                                        \
	X(LR_W, lr_w, IR_HF_MAY_TRAP, LR, 0, 4)                                                    \
	X(SC_W, sc_w, IR_HF_MAY_TRAP, SC, 0, 4)                                                    \
	X(AMOSWAP_W, amoswap_w, IR_HF_MAY_TRAP, AMO, SWAP, 4)                                      \
	X(AMOADD_W, amoadd_w, IR_HF_MAY_TRAP, AMO, ADD, 4)                                         \
	X(AMOXOR_W, amoxor_w, IR_HF_MAY_TRAP, AMO, XOR, 4)                                         \
	X(AMOAND_W, amoand_w, IR_HF_MAY_TRAP, AMO, AND, 4)                                         \
	X(AMOOR_W, amoor_w, IR_HF_MAY_TRAP, AMO, OR, 4)                                            \
	X(AMOMIN_W, amomin_w, IR_HF_MAY_TRAP, AMO, MIN, 4)                                         \
	X(AMOMAX_W, amomax_w, IR_HF_MAY_TRAP, AMO, MAX, 4)                                         \
	X(AMOMINU_W, amominu_w, IR_HF_MAY_TRAP, AMO, MINU, 4)                                      \
	X(AMOMAXU_W, amomaxu_w, IR_HF_MAY_TRAP, AMO, MAXU, 4)                                      \
	X(LR_D, lr_d, IR_HF_MAY_TRAP, LR, 0, 8)                                                    \
	X(SC_D, sc_d, IR_HF_MAY_TRAP, SC, 0, 8)                                                    \
	X(AMOSWAP_D, amoswap_d, IR_HF_MAY_TRAP, AMO, SWAP, 8)                                      \
	X(AMOADD_D, amoadd_d, IR_HF_MAY_TRAP, AMO, ADD, 8)                                         \
	X(AMOXOR_D, amoxor_d, IR_HF_MAY_TRAP, AMO, XOR, 8)                                         \
	X(AMOAND_D, amoand_d, IR_HF_MAY_TRAP, AMO, AND, 8)                                         \
	X(AMOOR_D, amoor_d, IR_HF_MAY_TRAP, AMO, OR, 8)                                            \
	X(AMOMIN_D, amomin_d, IR_HF_MAY_TRAP, AMO, MIN, 8)                                         \
	X(AMOMAX_D, amomax_d, IR_HF_MAY_TRAP, AMO, MAX, 8)                                         \
	X(AMOMINU_D, amominu_d, IR_HF_MAY_TRAP, AMO, MINU, 8)                                      \
	X(AMOMAXU_D, amomaxu_d, IR_HF_MAY_TRAP, AMO, MAXU, 8)

/* system.c: FENCE.I and the SYSTEM instructions that are not a plain trap (translate.c raises
 * ECALL, EBREAK and the privilege violations the block's privilege already shows). Each runs
 * alone in its block and sets cpu->pc to the next pc or the xRET target.
 *   csrrw/csrrs/csrrc(x rs1 or uimm): rd = the old value (CSRR*I share them);
 *   sfence_vma(x rs1, x rs2).
 * helpers.c: raise(cause, tval) raises an exception at the current instruction;
 * fs_dirty() sets mstatus.FS (and SD) to Dirty. */
#define RV64_OTHER_HELPERS(X)                                                                      \
	X(FENCE_I, fence_i, IR_HF_NO_DST)                                                          \
	X(MRET, mret, IR_HF_NO_DST)                                                                \
	X(SRET, sret, IR_HF_MAY_TRAP | IR_HF_NO_DST)                                               \
	X(WFI, wfi, IR_HF_MAY_TRAP | IR_HF_NO_DST)                                                 \
	X(SFENCE_VMA, sfence_vma, IR_HF_MAY_TRAP | IR_HF_NO_DST)                                   \
	X(CSRRW, csrrw, IR_HF_MAY_TRAP)                                                            \
	X(CSRRS, csrrs, IR_HF_MAY_TRAP)                                                            \
	X(CSRRC, csrrc, IR_HF_MAY_TRAP)                                                            \
	X(RAISE, raise, IR_HF_MAY_TRAP | IR_HF_NO_DST)                                             \
	X(FS_DIRTY, fs_dirty, IR_HF_NO_DST)

enum rv64_helper_id {
#define RV64_HELPER_ENUM(id, ...) RV64_H_##id,
	RV64_FP_HELPERS(RV64_HELPER_ENUM) RV64_AMO_HELPERS(RV64_HELPER_ENUM)
	    RV64_OTHER_HELPERS(RV64_HELPER_ENUM)
#undef RV64_HELPER_ENUM
		RV64_H_COUNT
};

#define RV64_HELPER_DECL(id, name, ...)                                                            \
	uint64_t rv64_helper_##name(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t opw);
RV64_FP_HELPERS(RV64_HELPER_DECL)
RV64_AMO_HELPERS(RV64_HELPER_DECL)
RV64_OTHER_HELPERS(RV64_HELPER_DECL)
#undef RV64_HELPER_DECL

extern const struct ir_helper rv64_helpers[RV64_H_COUNT];

#endif
