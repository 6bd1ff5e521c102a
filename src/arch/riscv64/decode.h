/*
 * decode.h - the riscv64 instruction set as data: every instruction FVP
 * knows (RV64I, M, A, F, D, Zicsr, Zifencei, Zba, Zbb, Zbs and the
 * privileged SYSTEM instructions) is one line of RV64_INSNS, giving its
 * id, mnemonic, operand format and the mask/match pair that recognises it.
 * Compressed (C) instructions decode to the id of the 32-bit instruction
 * they expand to, with len = 2 and raw = the 16-bit parcel.
 *
 * Invariants: no two lines of RV64_INSNS match the same encoding; the
 * fields of struct rv64_insn that a format does not use are zero.
 */
#ifndef FVP_ARCH_RISCV64_DECODE_H
#define FVP_ARCH_RISCV64_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* Operand formats: how imm is extracted and how operands are printed. */
enum rv64_fmt {
	RV_FMT_NONE,   /* no operands: ecall, mret, fence.i */
	RV_FMT_R,      /* x rd, x rs1, x rs2 */
	RV_FMT_R1,     /* x rd, x rs1 (Zbb unary ops) */
	RV_FMT_I,      /* x rd, x rs1, simm12 */
	RV_FMT_SH,     /* x rd, x rs1, shamt (imm) */
	RV_FMT_LOAD,   /* x rd, simm12(x rs1) */
	RV_FMT_STORE,  /* x rs2, simm12(x rs1) */
	RV_FMT_BRANCH, /* x rs1, x rs2, pc-relative imm */
	RV_FMT_U,      /* x rd, imm (already shifted left by 12, sign-extended) */
	RV_FMT_JAL,    /* x rd, pc-relative imm */
	RV_FMT_JALR,   /* x rd, simm12(x rs1) */
	RV_FMT_FENCE,  /* imm = bits 31:20 (fm, pred, succ) */
	RV_FMT_SFENCE, /* x rs1, x rs2 */
	RV_FMT_CSR,    /* x rd, csr, x rs1 */
	RV_FMT_CSRI,   /* x rd, csr, uimm5 (imm = rs1 field) */
	RV_FMT_LR,     /* x rd, (x rs1) */
	RV_FMT_AMO,    /* x rd, x rs2, (x rs1) */
	RV_FMT_FLOAD,  /* f rd, simm12(x rs1) */
	RV_FMT_FSTORE, /* f rs2, simm12(x rs1) */
	RV_FMT_FR,     /* f rd, f rs1, f rs2 */
	RV_FMT_FR4,    /* f rd, f rs1, f rs2, f rs3 */
	RV_FMT_FR1,    /* f rd, f rs1 */
	RV_FMT_FCMP,   /* x rd, f rs1, f rs2 */
	RV_FMT_F2X,    /* x rd, f rs1 */
	RV_FMT_X2F,    /* f rd, x rs1 */
	RV_FMT_COUNT
};

/* Common masks. */
#define RV_M_OP	   0x0000007fu /* opcode */
#define RV_M_F3	   0x0000707fu /* funct3 + opcode */
#define RV_M_F7	   0xfe00707fu /* funct7 + funct3 + opcode */
#define RV_M_F6	   0xfc00707fu /* funct6 + funct3 + opcode (64-bit shifts) */
#define RV_M_F7RS2 0xfff0707fu /* funct7 + rs2 + funct3 + opcode */
#define RV_M_ALL   0xffffffffu
#define RV_M_FP	   0xfe00007fu /* funct7 + opcode, rm free */
#define RV_M_FPRS2 0xfff0007fu /* funct7 + rs2 + opcode, rm free */
#define RV_M_FMA   0x0600007fu /* fmt + opcode */
#define RV_M_AMO   0xf800707fu /* funct5 + funct3 + opcode, aq/rl free */
#define RV_M_LR	   0xf9f0707fu /* as AMO with rs2 = 0 */

/* X(ID, name, format, mask, match) */
#define RV64_INSNS(X)                                                                              \
	/* RV64I */                                                                                \
	X(LUI, "lui", U, RV_M_OP, 0x00000037)                                                      \
	X(AUIPC, "auipc", U, RV_M_OP, 0x00000017)                                                  \
	X(JAL, "jal", JAL, RV_M_OP, 0x0000006f)                                                    \
	X(JALR, "jalr", JALR, RV_M_F3, 0x00000067)                                                 \
	X(BEQ, "beq", BRANCH, RV_M_F3, 0x00000063)                                                 \
	X(BNE, "bne", BRANCH, RV_M_F3, 0x00001063)                                                 \
	X(BLT, "blt", BRANCH, RV_M_F3, 0x00004063)                                                 \
	X(BGE, "bge", BRANCH, RV_M_F3, 0x00005063)                                                 \
	X(BLTU, "bltu", BRANCH, RV_M_F3, 0x00006063)                                               \
	X(BGEU, "bgeu", BRANCH, RV_M_F3, 0x00007063)                                               \
	X(LB, "lb", LOAD, RV_M_F3, 0x00000003)                                                     \
	X(LH, "lh", LOAD, RV_M_F3, 0x00001003)                                                     \
	X(LW, "lw", LOAD, RV_M_F3, 0x00002003)                                                     \
	X(LD, "ld", LOAD, RV_M_F3, 0x00003003)                                                     \
	X(LBU, "lbu", LOAD, RV_M_F3, 0x00004003)                                                   \
	X(LHU, "lhu", LOAD, RV_M_F3, 0x00005003)                                                   \
	X(LWU, "lwu", LOAD, RV_M_F3, 0x00006003)                                                   \
	X(SB, "sb", STORE, RV_M_F3, 0x00000023)                                                    \
	X(SH, "sh", STORE, RV_M_F3, 0x00001023)                                                    \
	X(SW, "sw", STORE, RV_M_F3, 0x00002023)                                                    \
	X(SD, "sd", STORE, RV_M_F3, 0x00003023)                                                    \
	X(ADDI, "addi", I, RV_M_F3, 0x00000013)                                                    \
	X(SLTI, "slti", I, RV_M_F3, 0x00002013)                                                    \
	X(SLTIU, "sltiu", I, RV_M_F3, 0x00003013)                                                  \
	X(XORI, "xori", I, RV_M_F3, 0x00004013)                                                    \
	X(ORI, "ori", I, RV_M_F3, 0x00006013)                                                      \
	X(ANDI, "andi", I, RV_M_F3, 0x00007013)                                                    \
	X(SLLI, "slli", SH, RV_M_F6, 0x00001013)                                                   \
	X(SRLI, "srli", SH, RV_M_F6, 0x00005013)                                                   \
	X(SRAI, "srai", SH, RV_M_F6, 0x40005013)                                                   \
	X(ADD, "add", R, RV_M_F7, 0x00000033)                                                      \
	X(SUB, "sub", R, RV_M_F7, 0x40000033)                                                      \
	X(SLL, "sll", R, RV_M_F7, 0x00001033)                                                      \
	X(SLT, "slt", R, RV_M_F7, 0x00002033)                                                      \
	X(SLTU, "sltu", R, RV_M_F7, 0x00003033)                                                    \
	X(XOR, "xor", R, RV_M_F7, 0x00004033)                                                      \
	X(SRL, "srl", R, RV_M_F7, 0x00005033)                                                      \
	X(SRA, "sra", R, RV_M_F7, 0x40005033)                                                      \
	X(OR, "or", R, RV_M_F7, 0x00006033)                                                        \
	X(AND, "and", R, RV_M_F7, 0x00007033)                                                      \
	X(FENCE, "fence", FENCE, RV_M_F3, 0x0000000f)                                              \
	X(ECALL, "ecall", NONE, RV_M_ALL, 0x00000073)                                              \
	X(EBREAK, "ebreak", NONE, RV_M_ALL, 0x00100073)                                            \
	X(ADDIW, "addiw", I, RV_M_F3, 0x0000001b)                                                  \
	X(SLLIW, "slliw", SH, RV_M_F7, 0x0000101b)                                                 \
	X(SRLIW, "srliw", SH, RV_M_F7, 0x0000501b)                                                 \
	X(SRAIW, "sraiw", SH, RV_M_F7, 0x4000501b)                                                 \
	X(ADDW, "addw", R, RV_M_F7, 0x0000003b)                                                    \
	X(SUBW, "subw", R, RV_M_F7, 0x4000003b)                                                    \
	X(SLLW, "sllw", R, RV_M_F7, 0x0000103b)                                                    \
	X(SRLW, "srlw", R, RV_M_F7, 0x0000503b)                                                    \
	X(SRAW, "sraw", R, RV_M_F7, 0x4000503b)                                                    \
	/* privileged */                                                                           \
	X(SRET, "sret", NONE, RV_M_ALL, 0x10200073)                                                \
	X(MRET, "mret", NONE, RV_M_ALL, 0x30200073)                                                \
	X(WFI, "wfi", NONE, RV_M_ALL, 0x10500073)                                                  \
	X(SFENCE_VMA, "sfence.vma", SFENCE, 0xfe007fffu, 0x12000073)                               \
	/* Zifencei, Zicsr */                                                                      \
	X(FENCE_I, "fence.i", NONE, RV_M_F3, 0x0000100f)                                           \
	X(CSRRW, "csrrw", CSR, RV_M_F3, 0x00001073)                                                \
	X(CSRRS, "csrrs", CSR, RV_M_F3, 0x00002073)                                                \
	X(CSRRC, "csrrc", CSR, RV_M_F3, 0x00003073)                                                \
	X(CSRRWI, "csrrwi", CSRI, RV_M_F3, 0x00005073)                                             \
	X(CSRRSI, "csrrsi", CSRI, RV_M_F3, 0x00006073)                                             \
	X(CSRRCI, "csrrci", CSRI, RV_M_F3, 0x00007073)                                             \
	/* M */                                                                                    \
	X(MUL, "mul", R, RV_M_F7, 0x02000033)                                                      \
	X(MULH, "mulh", R, RV_M_F7, 0x02001033)                                                    \
	X(MULHSU, "mulhsu", R, RV_M_F7, 0x02002033)                                                \
	X(MULHU, "mulhu", R, RV_M_F7, 0x02003033)                                                  \
	X(DIV, "div", R, RV_M_F7, 0x02004033)                                                      \
	X(DIVU, "divu", R, RV_M_F7, 0x02005033)                                                    \
	X(REM, "rem", R, RV_M_F7, 0x02006033)                                                      \
	X(REMU, "remu", R, RV_M_F7, 0x02007033)                                                    \
	X(MULW, "mulw", R, RV_M_F7, 0x0200003b)                                                    \
	X(DIVW, "divw", R, RV_M_F7, 0x0200403b)                                                    \
	X(DIVUW, "divuw", R, RV_M_F7, 0x0200503b)                                                  \
	X(REMW, "remw", R, RV_M_F7, 0x0200603b)                                                    \
	X(REMUW, "remuw", R, RV_M_F7, 0x0200703b)                                                  \
	/* A */                                                                                    \
	X(LR_W, "lr.w", LR, RV_M_LR, 0x1000202f)                                                   \
	X(SC_W, "sc.w", AMO, RV_M_AMO, 0x1800202f)                                                 \
	X(AMOSWAP_W, "amoswap.w", AMO, RV_M_AMO, 0x0800202f)                                       \
	X(AMOADD_W, "amoadd.w", AMO, RV_M_AMO, 0x0000202f)                                         \
	X(AMOXOR_W, "amoxor.w", AMO, RV_M_AMO, 0x2000202f)                                         \
	X(AMOAND_W, "amoand.w", AMO, RV_M_AMO, 0x6000202f)                                         \
	X(AMOOR_W, "amoor.w", AMO, RV_M_AMO, 0x4000202f)                                           \
	X(AMOMIN_W, "amomin.w", AMO, RV_M_AMO, 0x8000202f)                                         \
	X(AMOMAX_W, "amomax.w", AMO, RV_M_AMO, 0xa000202f)                                         \
	X(AMOMINU_W, "amominu.w", AMO, RV_M_AMO, 0xc000202f)                                       \
	X(AMOMAXU_W, "amomaxu.w", AMO, RV_M_AMO, 0xe000202f)                                       \
	X(LR_D, "lr.d", LR, RV_M_LR, 0x1000302f)                                                   \
	X(SC_D, "sc.d", AMO, RV_M_AMO, 0x1800302f)                                                 \
	X(AMOSWAP_D, "amoswap.d", AMO, RV_M_AMO, 0x0800302f)                                       \
	X(AMOADD_D, "amoadd.d", AMO, RV_M_AMO, 0x0000302f)                                         \
	X(AMOXOR_D, "amoxor.d", AMO, RV_M_AMO, 0x2000302f)                                         \
	X(AMOAND_D, "amoand.d", AMO, RV_M_AMO, 0x6000302f)                                         \
	X(AMOOR_D, "amoor.d", AMO, RV_M_AMO, 0x4000302f)                                           \
	X(AMOMIN_D, "amomin.d", AMO, RV_M_AMO, 0x8000302f)                                         \
	X(AMOMAX_D, "amomax.d", AMO, RV_M_AMO, 0xa000302f)                                         \
	X(AMOMINU_D, "amominu.d", AMO, RV_M_AMO, 0xc000302f)                                       \
	X(AMOMAXU_D, "amomaxu.d", AMO, RV_M_AMO, 0xe000302f)                                       \
	/* F */                                                                                    \
	X(FLW, "flw", FLOAD, RV_M_F3, 0x00002007)                                                  \
	X(FSW, "fsw", FSTORE, RV_M_F3, 0x00002027)                                                 \
	X(FMADD_S, "fmadd.s", FR4, RV_M_FMA, 0x00000043)                                           \
	X(FMSUB_S, "fmsub.s", FR4, RV_M_FMA, 0x00000047)                                           \
	X(FNMSUB_S, "fnmsub.s", FR4, RV_M_FMA, 0x0000004b)                                         \
	X(FNMADD_S, "fnmadd.s", FR4, RV_M_FMA, 0x0000004f)                                         \
	X(FADD_S, "fadd.s", FR, RV_M_FP, 0x00000053)                                               \
	X(FSUB_S, "fsub.s", FR, RV_M_FP, 0x08000053)                                               \
	X(FMUL_S, "fmul.s", FR, RV_M_FP, 0x10000053)                                               \
	X(FDIV_S, "fdiv.s", FR, RV_M_FP, 0x18000053)                                               \
	X(FSQRT_S, "fsqrt.s", FR1, RV_M_FPRS2, 0x58000053)                                         \
	X(FSGNJ_S, "fsgnj.s", FR, RV_M_F7, 0x20000053)                                             \
	X(FSGNJN_S, "fsgnjn.s", FR, RV_M_F7, 0x20001053)                                           \
	X(FSGNJX_S, "fsgnjx.s", FR, RV_M_F7, 0x20002053)                                           \
	X(FMIN_S, "fmin.s", FR, RV_M_F7, 0x28000053)                                               \
	X(FMAX_S, "fmax.s", FR, RV_M_F7, 0x28001053)                                               \
	X(FCVT_W_S, "fcvt.w.s", F2X, RV_M_FPRS2, 0xc0000053)                                       \
	X(FCVT_WU_S, "fcvt.wu.s", F2X, RV_M_FPRS2, 0xc0100053)                                     \
	X(FCVT_L_S, "fcvt.l.s", F2X, RV_M_FPRS2, 0xc0200053)                                       \
	X(FCVT_LU_S, "fcvt.lu.s", F2X, RV_M_FPRS2, 0xc0300053)                                     \
	X(FMV_X_W, "fmv.x.w", F2X, RV_M_F7RS2, 0xe0000053)                                         \
	X(FCLASS_S, "fclass.s", F2X, RV_M_F7RS2, 0xe0001053)                                       \
	X(FEQ_S, "feq.s", FCMP, RV_M_F7, 0xa0002053)                                               \
	X(FLT_S, "flt.s", FCMP, RV_M_F7, 0xa0001053)                                               \
	X(FLE_S, "fle.s", FCMP, RV_M_F7, 0xa0000053)                                               \
	X(FCVT_S_W, "fcvt.s.w", X2F, RV_M_FPRS2, 0xd0000053)                                       \
	X(FCVT_S_WU, "fcvt.s.wu", X2F, RV_M_FPRS2, 0xd0100053)                                     \
	X(FCVT_S_L, "fcvt.s.l", X2F, RV_M_FPRS2, 0xd0200053)                                       \
	X(FCVT_S_LU, "fcvt.s.lu", X2F, RV_M_FPRS2, 0xd0300053)                                     \
	X(FMV_W_X, "fmv.w.x", X2F, RV_M_F7RS2, 0xf0000053)                                         \
	/* D */                                                                                    \
	X(FLD, "fld", FLOAD, RV_M_F3, 0x00003007)                                                  \
	X(FSD, "fsd", FSTORE, RV_M_F3, 0x00003027)                                                 \
	X(FMADD_D, "fmadd.d", FR4, RV_M_FMA, 0x02000043)                                           \
	X(FMSUB_D, "fmsub.d", FR4, RV_M_FMA, 0x02000047)                                           \
	X(FNMSUB_D, "fnmsub.d", FR4, RV_M_FMA, 0x0200004b)                                         \
	X(FNMADD_D, "fnmadd.d", FR4, RV_M_FMA, 0x0200004f)                                         \
	X(FADD_D, "fadd.d", FR, RV_M_FP, 0x02000053)                                               \
	X(FSUB_D, "fsub.d", FR, RV_M_FP, 0x0a000053)                                               \
	X(FMUL_D, "fmul.d", FR, RV_M_FP, 0x12000053)                                               \
	X(FDIV_D, "fdiv.d", FR, RV_M_FP, 0x1a000053)                                               \
	X(FSQRT_D, "fsqrt.d", FR1, RV_M_FPRS2, 0x5a000053)                                         \
	X(FSGNJ_D, "fsgnj.d", FR, RV_M_F7, 0x22000053)                                             \
	X(FSGNJN_D, "fsgnjn.d", FR, RV_M_F7, 0x22001053)                                           \
	X(FSGNJX_D, "fsgnjx.d", FR, RV_M_F7, 0x22002053)                                           \
	X(FMIN_D, "fmin.d", FR, RV_M_F7, 0x2a000053)                                               \
	X(FMAX_D, "fmax.d", FR, RV_M_F7, 0x2a001053)                                               \
	X(FCVT_S_D, "fcvt.s.d", FR1, RV_M_FPRS2, 0x40100053)                                       \
	X(FCVT_D_S, "fcvt.d.s", FR1, RV_M_FPRS2, 0x42000053)                                       \
	X(FEQ_D, "feq.d", FCMP, RV_M_F7, 0xa2002053)                                               \
	X(FLT_D, "flt.d", FCMP, RV_M_F7, 0xa2001053)                                               \
	X(FLE_D, "fle.d", FCMP, RV_M_F7, 0xa2000053)                                               \
	X(FCLASS_D, "fclass.d", F2X, RV_M_F7RS2, 0xe2001053)                                       \
	X(FCVT_W_D, "fcvt.w.d", F2X, RV_M_FPRS2, 0xc2000053)                                       \
	X(FCVT_WU_D, "fcvt.wu.d", F2X, RV_M_FPRS2, 0xc2100053)                                     \
	X(FCVT_L_D, "fcvt.l.d", F2X, RV_M_FPRS2, 0xc2200053)                                       \
	X(FCVT_LU_D, "fcvt.lu.d", F2X, RV_M_FPRS2, 0xc2300053)                                     \
	X(FMV_X_D, "fmv.x.d", F2X, RV_M_F7RS2, 0xe2000053)                                         \
	X(FCVT_D_W, "fcvt.d.w", X2F, RV_M_FPRS2, 0xd2000053)                                       \
	X(FCVT_D_WU, "fcvt.d.wu", X2F, RV_M_FPRS2, 0xd2100053)                                     \
	X(FCVT_D_L, "fcvt.d.l", X2F, RV_M_FPRS2, 0xd2200053)                                       \
	X(FCVT_D_LU, "fcvt.d.lu", X2F, RV_M_FPRS2, 0xd2300053)                                     \
	X(FMV_D_X, "fmv.d.x", X2F, RV_M_F7RS2, 0xf2000053)                                         \
	/* Zba */                                                                                  \
	X(SH1ADD, "sh1add", R, RV_M_F7, 0x20002033)                                                \
	X(SH2ADD, "sh2add", R, RV_M_F7, 0x20004033)                                                \
	X(SH3ADD, "sh3add", R, RV_M_F7, 0x20006033)                                                \
	X(ADD_UW, "add.uw", R, RV_M_F7, 0x0800003b)                                                \
	X(SH1ADD_UW, "sh1add.uw", R, RV_M_F7, 0x2000203b)                                          \
	X(SH2ADD_UW, "sh2add.uw", R, RV_M_F7, 0x2000403b)                                          \
	X(SH3ADD_UW, "sh3add.uw", R, RV_M_F7, 0x2000603b)                                          \
	X(SLLI_UW, "slli.uw", SH, RV_M_F6, 0x0800101b)                                             \
	/* Zbb */                                                                                  \
	X(ANDN, "andn", R, RV_M_F7, 0x40007033)                                                    \
	X(ORN, "orn", R, RV_M_F7, 0x40006033)                                                      \
	X(XNOR, "xnor", R, RV_M_F7, 0x40004033)                                                    \
	X(CLZ, "clz", R1, RV_M_F7RS2, 0x60001013)                                                  \
	X(CTZ, "ctz", R1, RV_M_F7RS2, 0x60101013)                                                  \
	X(CPOP, "cpop", R1, RV_M_F7RS2, 0x60201013)                                                \
	X(CLZW, "clzw", R1, RV_M_F7RS2, 0x6000101b)                                                \
	X(CTZW, "ctzw", R1, RV_M_F7RS2, 0x6010101b)                                                \
	X(CPOPW, "cpopw", R1, RV_M_F7RS2, 0x6020101b)                                              \
	X(MAX, "max", R, RV_M_F7, 0x0a006033)                                                      \
	X(MAXU, "maxu", R, RV_M_F7, 0x0a007033)                                                    \
	X(MIN, "min", R, RV_M_F7, 0x0a004033)                                                      \
	X(MINU, "minu", R, RV_M_F7, 0x0a005033)                                                    \
	X(SEXT_B, "sext.b", R1, RV_M_F7RS2, 0x60401013)                                            \
	X(SEXT_H, "sext.h", R1, RV_M_F7RS2, 0x60501013)                                            \
	X(ZEXT_H, "zext.h", R1, RV_M_F7RS2, 0x0800403b)                                            \
	X(ROL, "rol", R, RV_M_F7, 0x60001033)                                                      \
	X(ROLW, "rolw", R, RV_M_F7, 0x6000103b)                                                    \
	X(ROR, "ror", R, RV_M_F7, 0x60005033)                                                      \
	X(RORW, "rorw", R, RV_M_F7, 0x6000503b)                                                    \
	X(RORI, "rori", SH, RV_M_F6, 0x60005013)                                                   \
	X(RORIW, "roriw", SH, RV_M_F7, 0x6000501b)                                                 \
	X(ORC_B, "orc.b", R1, RV_M_F7RS2, 0x28705013)                                              \
	X(REV8, "rev8", R1, RV_M_F7RS2, 0x6b805013)                                                \
	/* Zbs */                                                                                  \
	X(BCLR, "bclr", R, RV_M_F7, 0x48001033)                                                    \
	X(BCLRI, "bclri", SH, RV_M_F6, 0x48001013)                                                 \
	X(BEXT, "bext", R, RV_M_F7, 0x48005033)                                                    \
	X(BEXTI, "bexti", SH, RV_M_F6, 0x48005013)                                                 \
	X(BINV, "binv", R, RV_M_F7, 0x68001033)                                                    \
	X(BINVI, "binvi", SH, RV_M_F6, 0x68001013)                                                 \
	X(BSET, "bset", R, RV_M_F7, 0x28001033)                                                    \
	X(BSETI, "bseti", SH, RV_M_F6, 0x28001013)

enum rv64_insn_id {
	RV64_ILLEGAL = 0,
#define RV64_INSN_ENUM(id, name, fmt, mask, match) RV64_##id,
	RV64_INSNS(RV64_INSN_ENUM)
#undef RV64_INSN_ENUM
	    RV64_INSN_COUNT
};

struct rv64_insn {
	uint32_t raw; /* encoding as fetched: 16 bits for a compressed instruction */
	uint16_t id;  /* enum rv64_insn_id */
	uint8_t fmt;  /* enum rv64_fmt */
	uint8_t len;  /* 2 or 4 */
	uint8_t rd, rs1, rs2, rs3;
	uint8_t rm;   /* funct3 (the rounding mode of F/D instructions) */
	uint8_t aqrl; /* A: aq << 1 | rl */
	uint16_t csr;
	int64_t imm;
};

/* Length in bytes of the instruction whose first 16-bit parcel is lo. */
static inline unsigned rv64_insn_len(uint32_t lo)
{
	return (lo & 3) == 3 ? 4 : 2;
}

/* The encoding (rv64_decode's raw) of the instruction whose len bytes (2 or 4, memory order)
 * are b: parcels are little-endian. */
static inline uint32_t rv64_insn_raw(const uint8_t *b, unsigned len)
{
	uint32_t raw = (uint32_t)b[0] | (uint32_t)b[1] << 8;

	if (len == 4)
		raw |= (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return raw;
}

/* Decode raw (a 32-bit instruction, or a 16-bit parcel in the low half when its two low bits
 * are not 11). Returns 0, or -1 for an illegal or unknown encoding (out->id = RV64_ILLEGAL,
 * out->len still set). */
int rv64_decode(uint32_t raw, struct rv64_insn *out);
/* Mnemonic of an instruction id ("illegal" for RV64_ILLEGAL or out of range). */
const char *rv64_insn_name(unsigned id);
/* ABI names: "a0", "ft0"... */
extern const char *const rv64_xreg_names[32];
extern const char *const rv64_freg_names[32];

#endif
