/*
 * helpers.h - the x86-64 IR helpers (CALL targets) and what translate.c
 * hands them.
 *
 * X(ID, name, flags): the function is x86_helper_<name>; helpers.c builds
 * the table from this list, so ids, names, functions and flags cannot
 * drift apart. A helper that ends its block (EXIT_CPU) gets the next pc as
 * its imm and sets cpu->pc itself; the others get what their comment says.
 */
#ifndef FVP_ARCH_X86_64_HELPERS_H
#define FVP_ARCH_X86_64_HELPERS_H

#include "ir/ir.h"

#define X86_HF_REGS  (IR_HF_READS_REGS | IR_HF_WRITES_REGS)
#define X86_HF_TRAPS (IR_HF_READS_REGS | IR_HF_WRITES_REGS | IR_HF_MAY_TRAP | IR_HF_NO_DST)

/* String operand word (a): size (bits 0-3), rep kind (4-5: 0 none, 1 rep/repe, 2 repne),
 * address size (8-11), segment override (12-15), instruction length (16-19). */
#define X86_STR_REP   1u
#define X86_STR_REPNE 2u

#define X86_HELPERS(X)                                                                             \
	X(COND, cond, IR_HF_READS_REGS) /* imm: a positive condition code -> 0 or 1 */             \
	X(FLUSH_FLAGS, flush_flags, X86_HF_REGS | IR_HF_NO_DST)                                    \
	X(RAISE, raise, X86_HF_TRAPS) /* a: vector | X86_FAULT_*, b: error code */                 \
	X(DIV, div, X86_HF_TRAPS)     /* a: divisor, imm: size; rdx:rax */                         \
	X(IDIV, idiv, X86_HF_TRAPS)                                                                \
	X(IN, in, IR_HF_READS_REGS | IR_HF_MAY_TRAP) /* a: port, imm: size -> value */             \
	X(OUT, out, IR_HF_READS_REGS | IR_HF_MAY_TRAP | IR_HF_NO_DST) /* a: port, b: value */      \
	X(MOVS, movs, X86_HF_TRAPS) /* string ops: a = operand word, imm = next pc */              \
	X(STOS, stos, X86_HF_TRAPS)                                                                \
	X(LODS, lods, X86_HF_TRAPS)                                                                \
	X(CMPS, cmps, X86_HF_TRAPS)                                                                \
	X(SCAS, scas, X86_HF_TRAPS)                                                                \
	X(INS, ins, X86_HF_TRAPS)                                                                  \
	X(OUTS, outs, X86_HF_TRAPS)                                                                \
	X(HLT, hlt, X86_HF_TRAPS)                                                                  \
	X(CPUID, cpuid, X86_HF_REGS | IR_HF_NO_DST)                                                \
	X(RDTSC, rdtsc, X86_HF_TRAPS) /* imm: 1 for rdtscp */                                      \
	X(RDMSR, rdmsr, X86_HF_TRAPS)                                                              \
	X(WRMSR, wrmsr, X86_HF_TRAPS)			       /* ends the block */                \
	X(READ_CR, read_cr, IR_HF_READS_REGS | IR_HF_MAY_TRAP) /* a: cr number -> value */         \
	X(WRITE_CR, write_cr, X86_HF_TRAPS) /* a: value, b: cr number; ends the block */           \
	X(LOAD_DTR, load_dtr, X86_HF_TRAPS) /* a: address, b: 0 gdt, 1 idt */                      \
	X(STORE_DTR, store_dtr, X86_HF_TRAPS)                                                      \
	X(LOAD_SEG, load_seg, X86_HF_TRAPS)	/* a: selector, b: segment; ends the block */      \
	X(LTR, ltr, X86_HF_TRAPS)		/* a: selector, b: 0 ltr, 1 lldt */                \
	X(READ_SEG, read_seg, IR_HF_READS_REGS) /* a: segment -> selector */                       \
	X(DESC_QUERY, desc_query, X86_HF_TRAPS) /* lar lsl verr verw: system.c */                  \
	X(PUSHF, pushf, IR_HF_READS_REGS)	/* -> RFLAGS as pushf stores it */                 \
	X(POPF, popf, X86_HF_TRAPS)		/* a: value, b: operand size; ends the block */    \
	X(CLI, cli, X86_HF_TRAPS)                                                                  \
	X(STI, sti, X86_HF_TRAPS)		/* ends the block */                               \
	X(SHADOW_END, shadow_end, IR_HF_NO_DST) /* the sti shadow is over (interrupts.c) */        \
	X(IRET, iret, X86_HF_TRAPS)		/* b: operand size; ends the block */              \
	X(FAR_JUMP, far_jump, X86_HF_TRAPS) /* a: selector, b: offset, imm: modes.c; ends block */ \
	X(FAR_RET, far_ret, X86_HF_TRAPS)   /* a: bytes to release, imm: size; ends the block */   \
	X(BCD, bcd, X86_HF_TRAPS)	    /* a: mnemonic, b: immediate (aam, aad) */             \
	X(SYSCALL, syscall, X86_HF_TRAPS)                                                          \
	X(SYSRET, sysret, X86_HF_TRAPS)                                                            \
	X(SYSENTER, sysenter, X86_HF_TRAPS)                                                        \
	X(SYSEXIT, sysexit, X86_HF_TRAPS) /* b: operand size */                                    \
	X(SWAPGS, swapgs, X86_HF_TRAPS)                                                            \
	X(INVLPG, invlpg, X86_HF_TRAPS)		   /* a: address; ends the block */                \
	X(ROTATE, rotate, X86_HF_REGS)		   /* a: value, b: count, imm: size | kind << 4 */ \
	X(SHIFT_DOUBLE, shift_double, X86_HF_REGS) /* a: dst, b: src, imm: see alu.c */            \
	X(CMPXCHG16B, cmpxchg16b, X86_HF_TRAPS)	   /* a: address, imm: 8 or 16 */                  \
	X(CRC32, crc32, IR_HF_PURE)		   /* a: crc, b: data, imm: data size */           \
	X(ENTER, enter, X86_HF_TRAPS)		   /* a: frame size, b: nesting level */           \
	X(ATOMIC, atomic, IR_HF_MAY_TRAP) /* a: address, b: operand, imm: atomic.c -> old */       \
	X(LOCK_CMPXCHG, lock_cmpxchg, IR_HF_READS_REGS | IR_HF_MAY_TRAP) /* a: address, b: new */  \
	X(SSE, sse, X86_HF_REGS | IR_HF_MAY_TRAP) /* a: address or integer, imm: sse_ops.h */      \
	X(SSE_ALIGN, sse_align, IR_HF_MAY_TRAP | IR_HF_NO_DST) /* a: address, #GP(0) unless 16n */ \
	X(LDMXCSR, ldmxcsr, IR_HF_MAY_TRAP | IR_HF_NO_DST)     /* a: value */                      \
	X(STMXCSR, stmxcsr, IR_HF_READS_REGS)		       /* -> MXCSR */                      \
	X(FXSAVE, fxsave,                                                                          \
	  IR_HF_READS_REGS | IR_HF_MAY_TRAP | IR_HF_NO_DST) /* a: address, imm: W */               \
	X(FXRSTOR, fxrstor, X86_HF_TRAPS)		    /* a: address, imm: REX.W */           \
	X(X87, x87, X86_HF_REGS | IR_HF_MAY_TRAP) /* a: address, b: pc, imm: x87_ops.h */          \
	X(MMX, mmx, X86_HF_REGS | IR_HF_MAY_TRAP) /* a: address or integer, imm: mmx_ops.h */      \
	X(MASKMOV, maskmov, IR_HF_READS_REGS | IR_HF_MAY_TRAP | IR_HF_NO_DST) /* sse.c */

enum x86_helper_id {
#define X86_HELPER_ID(id, name, flags) X86_H_##id,
	X86_HELPERS(X86_HELPER_ID)
#undef X86_HELPER_ID
	    X86_H_COUNT
};

struct soft_cpu;
#define X86_HELPER_DECL(id, name, flags)                                                           \
	uint64_t x86_helper_##name(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm);
X86_HELPERS(X86_HELPER_DECL)
#undef X86_HELPER_DECL

#endif
