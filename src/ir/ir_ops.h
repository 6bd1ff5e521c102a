/*
 * ir_ops.h - the IR operation table, the single source of truth for every op.
 *
 * The IR is straight-line three-address code over 64-bit "slots". Slots
 * [0, nregs) are the guest's registers (live on entry and exit of every
 * block, defined by the frontend); slots [nregs, nregs + ntemps) are temps
 * that die at block end. A block may leave early through BR* ops (side
 * exits); it always ends with one EXIT* op. Semantics of each op are in the
 * interpreter (src/engine/interp/interp_exec.c) and the folder (opt_fold.c).
 *
 * X(NAME, kind, text)
 *   kind: ALU2 d = a op b        (binary, slot operands)
 *         ALU2I d = a op imm     (binary with immediate, generated from ALU2)
 *         ALU1 d = op a          (unary)
 *         MOVI d = imm
 *         LOAD d = mem[a + imm]  (may trap)
 *         STORE mem[a + imm] = b (may trap)
 *         CALL d = helper[c](a, b, imm) (flags from the helper)
 *         BR   if (a cond b) exit to pc imm
 *         EXIT end of block (EXIT: pc = imm; EXIT_IND: pc = slot a; EXIT_CPU: pc set by a helper)
 *         BARRIER memory ordering: imm is a set of IR_BAR_* bits (ir.h), each an ordering of
 *              earlier guest accesses before later ones that other threads and devices must
 *              see (load-load, load-store, store-load, store-store); no operands, no result
 *
 * Division follows the common "no trap" convention (as RISC-V): x / 0 = all
 * ones, x % 0 = x, INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0. Shift amounts are
 * taken modulo the operand width. "W" ops use the low 32 bits of their inputs
 * and sign-extend the 32-bit result to 64 bits.
 */
#ifndef FVP_IR_OPS_H
#define FVP_IR_OPS_H

/* Binary ops, each also generates an immediate variant NAME##I. */
#define IR_BINOPS(X)                                                                               \
	X(ADD, "add")                                                                              \
	X(SUB, "sub")                                                                              \
	X(AND, "and")                                                                              \
	X(OR, "or")                                                                                \
	X(XOR, "xor")                                                                              \
	X(SHL, "shl")                                                                              \
	X(SHR, "shr")                                                                              \
	X(SAR, "sar")                                                                              \
	X(ROL, "rol")                                                                              \
	X(ROR, "ror")                                                                              \
	X(ANDN, "andn")                                                                            \
	X(ORN, "orn")                                                                              \
	X(XNOR, "xnor")                                                                            \
	X(MUL, "mul")                                                                              \
	X(MULH, "mulh")                                                                            \
	X(MULHU, "mulhu")                                                                          \
	X(MULHSU, "mulhsu")                                                                        \
	X(DIV, "div")                                                                              \
	X(DIVU, "divu")                                                                            \
	X(REM, "rem")                                                                              \
	X(REMU, "remu")                                                                            \
	X(MIN, "min")                                                                              \
	X(MAX, "max")                                                                              \
	X(MINU, "minu")                                                                            \
	X(MAXU, "maxu")                                                                            \
	X(SETEQ, "seteq")                                                                          \
	X(SETNE, "setne")                                                                          \
	X(SETLT, "setlt")                                                                          \
	X(SETLTU, "setltu")                                                                        \
	X(SETGE, "setge")                                                                          \
	X(SETGEU, "setgeu")                                                                        \
	X(ADDW, "addw")                                                                            \
	X(SUBW, "subw")                                                                            \
	X(SHLW, "shlw")                                                                            \
	X(SHRW, "shrw")                                                                            \
	X(SARW, "sarw")                                                                            \
	X(ROLW, "rolw")                                                                            \
	X(RORW, "rorw")                                                                            \
	X(MULW, "mulw")                                                                            \
	X(DIVW, "divw")                                                                            \
	X(DIVUW, "divuw")                                                                          \
	X(REMW, "remw")                                                                            \
	X(REMUW, "remuw")

/* Unary ops. */
#define IR_UNOPS(X)                                                                                \
	X(MOV, "mov")                                                                              \
	X(NOT, "not")                                                                              \
	X(NEG, "neg")                                                                              \
	X(SEXT8, "sext8")                                                                          \
	X(SEXT16, "sext16")                                                                        \
	X(SEXT32, "sext32")                                                                        \
	X(ZEXT8, "zext8")                                                                          \
	X(ZEXT16, "zext16")                                                                        \
	X(ZEXT32, "zext32")                                                                        \
	X(CLZ, "clz")                                                                              \
	X(CTZ, "ctz")                                                                              \
	X(CPOP, "cpop")                                                                            \
	X(CLZW, "clzw")                                                                            \
	X(CTZW, "ctzw")                                                                            \
	X(CPOPW, "cpopw")                                                                          \
	X(BSWAP64, "bswap64")                                                                      \
	X(ORCB, "orcb")

/* Loads: d = mem[a + imm]; stores: mem[a + imm] = b. Width in bytes, signedness. */
#define IR_LOADS(X)                                                                                \
	X(LD8U, "ld8u", 1, 0)                                                                      \
	X(LD8S, "ld8s", 1, 1)                                                                      \
	X(LD16U, "ld16u", 2, 0)                                                                    \
	X(LD16S, "ld16s", 2, 1)                                                                    \
	X(LD32U, "ld32u", 4, 0)                                                                    \
	X(LD32S, "ld32s", 4, 1)                                                                    \
	X(LD64, "ld64", 8, 0)

#define IR_STORES(X)                                                                               \
	X(ST8, "st8", 1)                                                                           \
	X(ST16, "st16", 2)                                                                         \
	X(ST32, "st32", 4)                                                                         \
	X(ST64, "st64", 8)

/* Conditional side exits: if (a cond b) leave the block with pc = imm. */
#define IR_BRANCHES(X)                                                                             \
	X(BREQ, "breq")                                                                            \
	X(BRNE, "brne")                                                                            \
	X(BRLT, "brlt")                                                                            \
	X(BRGE, "brge")                                                                            \
	X(BRLTU, "brltu")                                                                          \
	X(BRGEU, "brgeu")

enum ir_op {
#define IR_ENUM_BIN(n, t)      IR_##n, IR_##n##I,
#define IR_ENUM_UN(n, t)       IR_##n,
#define IR_ENUM_LD(n, t, w, s) IR_##n,
#define IR_ENUM_ST(n, t, w)    IR_##n,
	IR_BINOPS(IR_ENUM_BIN) IR_UNOPS(IR_ENUM_UN) IR_MOVI,
	IR_LOADS(IR_ENUM_LD) IR_STORES(IR_ENUM_ST) IR_CALL,
	IR_BRANCHES(IR_ENUM_UN) IR_EXIT,
	IR_EXIT_IND,
	IR_EXIT_CPU,
	IR_BARRIER,
	IR_NOP,
	IR_OP_COUNT
#undef IR_ENUM_BIN
#undef IR_ENUM_UN
#undef IR_ENUM_LD
#undef IR_ENUM_ST
};

#endif
