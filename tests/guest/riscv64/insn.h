/*
 * Macros that run one instruction on register operands through inline asm,
 * so the compiler can neither fold nor substitute the operation under test.
 */
#ifndef GUEST_INSN_H
#define GUEST_INSN_H

#define RR(insn, a, b)                                                                             \
	({                                                                                         \
		unsigned long __r;                                                                 \
		asm volatile(insn " %0, %1, %2"                                                    \
			     : "=r"(__r)                                                           \
			     : "r"((unsigned long)(a)), "r"((unsigned long)(b)));                  \
		__r;                                                                               \
	})
#define RI(insn, a, imm)                                                                           \
	({                                                                                         \
		unsigned long __r;                                                                 \
		asm volatile(insn " %0, %1, " STR(imm) : "=r"(__r) : "r"((unsigned long)(a)));     \
		__r;                                                                               \
	})
#define R1(insn, a)                                                                                \
	({                                                                                         \
		unsigned long __r;                                                                 \
		asm volatile(insn " %0, %1" : "=r"(__r) : "r"((unsigned long)(a)));                \
		__r;                                                                               \
	})

/* Keep a value opaque to the optimizer. */
#define OPAQUE(x)                                                                                  \
	({                                                                                         \
		__typeof__(x) __o = (x);                                                           \
		asm volatile("" : "+r"(__o));                                                      \
		__o;                                                                               \
	})

#endif
