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
 *         ALU3 d = op(a, b, c)   (three slot operands, no immediate form; c is a slot here)
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
 * Flags are values, not state: the IR stays single-output, so each flag a guest
 * ISA keeps is its own op producing 0 or 1 from the operands: CARRY (carry out
 * of a + b), BORROW (borrow out of a - b, the same as SETLTU), ADDOV and SUBOV
 * (signed overflow of a + b, a - b), and their 32 forms on the low halves. A
 * carry or borrow input is the c slot of a three-input op (ADC, SBB, and
 * CARRYC/BORROWC for the carry or borrow out of those), read as bit 0 of c.
 * SELECT (d = c ? a : b) is the other three-input op.
 *
 * Shift amounts are taken modulo the operand width. "W" ops use the low 32
 * bits of their inputs and sign-extend the 32-bit result to 64 bits (RISC-V);
 * "32" ops (ADD32 ... MUL32) use the low 32 bits and zero-extend it (x86-64
 * and AArch64 writes of a 32-bit register). AND, OR and XOR have no 32 form:
 * the 64-bit op then ZEXT32 (an ANDI with a 32-bit mask needs nothing more).
 *
 * Division follows the common "no trap" convention (as RISC-V): x / 0 = all
 * ones, x % 0 = x, INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0. Other ISAs' corner
 * cases are the frontend's: AArch64's x / 0 = 0 is "q = div a, b; d = select
 * q, zero, b"; x86's #DE is a CALL, before the divide, to a helper flagged
 * IR_HF_MAY_TRAP that checks the operands (a BR cannot trap: it retires the
 * instruction).
 *
 * There is no vector slot kind: a 128-bit register is two consecutive 64-bit
 * slots, low half first (ir_temp_pair() for temps), moved by two ld64/st64.
 * DESIGN_DECISIONS.md 9 has the reasons for all of the above.
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
	X(REMUW, "remuw")                                                                          \
	X(ADD32, "add32")                                                                          \
	X(SUB32, "sub32")                                                                          \
	X(SHL32, "shl32")                                                                          \
	X(SHR32, "shr32")                                                                          \
	X(SAR32, "sar32")                                                                          \
	X(ROL32, "rol32")                                                                          \
	X(ROR32, "ror32")                                                                          \
	X(MUL32, "mul32")                                                                          \
	X(CARRY, "carry")                                                                          \
	X(BORROW, "borrow")                                                                        \
	X(ADDOV, "addov")                                                                          \
	X(SUBOV, "subov")                                                                          \
	X(CARRY32, "carry32")                                                                      \
	X(BORROW32, "borrow32")                                                                    \
	X(ADDOV32, "addov32")                                                                      \
	X(SUBOV32, "subov32")

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

/* Three-input ops: d = op(a, b, c), all slots. A carry or borrow input is bit 0 of c (x86's
 * CF is bit 0 of EFLAGS; a CARRY/BORROW result is 0 or 1), so a frontend can pass its flags
 * word or a 0/1 flag slot as is. */
#define IR_TERNOPS(X)                                                                              \
	X(SELECT, "select")   /* c != 0 ? a : b */                                                 \
	X(ADC, "adc")	      /* a + b + (c & 1) */                                                \
	X(SBB, "sbb")	      /* a - b - (c & 1) */                                                \
	X(CARRYC, "carryc")   /* carry out of a + b + (c & 1): 0 or 1 */                           \
	X(BORROWC, "borrowc") /* borrow out of a - b - (c & 1): 0 or 1 */

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
	IR_TERNOPS(IR_ENUM_UN) IR_NOP,
	IR_OP_COUNT
#undef IR_ENUM_BIN
#undef IR_ENUM_UN
#undef IR_ENUM_LD
#undef IR_ENUM_ST
};

#endif
