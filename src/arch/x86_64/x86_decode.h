/*
 * x86_decode.h - the x86-64 decoder's interface: bytes in, struct x86_inst
 * out (length, prefixes, mnemonic, operand descriptors), from the tables of
 * x86_opcodes.h; and the disassembler that prints a decoded instruction in
 * Intel syntax (capstone's spelling).
 *
 * Invariants: a decoded instruction is 1..15 bytes; an encoding FVP does not
 * implement (undefined, AVX, > 15 bytes, lock on a form that forbids it) is
 * decoded with ud set, which the frontend raises as #UD (#GP for
 * X86_UD_TOO_LONG), and len then counts the bytes examined (15 for
 * X86_UD_TOO_LONG); op and operands are then meaningless. Operands are in
 * Intel order (destination first); unused operands have kind X86_OPND_NONE.
 */
#ifndef FVP_ARCH_X86_64_X86_DECODE_H
#define FVP_ARCH_X86_64_X86_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/x86_opcodes.h"

#define X86_MAX_LEN   15
#define X86_MAX_OPNDS 3

/* The code segment's mode: real mode and 16-bit protected mode, 32-bit protected or
 * compatibility mode, 64-bit mode. */
enum x86_mode {
	X86_MODE_16,
	X86_MODE_32,
	X86_MODE_64,
};

enum x86_op {
#define X86_OP_ENUM(m) X86_OP_##m,
	X86_MNEMONICS(X86_OP_ENUM)
#undef X86_OP_ENUM
	    X86_OP_COUNT
};

/* Form flags (the last field of an X86_FORMS line). */
enum {
	X86_F_LK = 1u << 0,  /* lock allowed, with a memory destination */
	X86_F_D64 = 1u << 1, /* default operand size 64 in long mode (push, pop...) */
	X86_F_F64 = 1u << 2, /* operand size 64 in long mode whatever the prefixes */
	X86_F_CC = 1u << 3,  /* condition in the opcode's low nibble (jcc, setcc, cmovcc) */
	X86_F_STR = 1u << 4, /* string instruction: rep/repne prefixes apply */
	X86_F_W1 = 1u << 5,  /* form requires REX.W = 1 */
	X86_F_RB0 = 1u << 6, /* form requires REX.B = 0 (90 is nop, 41 90 xchg) */
	X86_F_I64 = 1u << 7, /* invalid in 64-bit mode (16/32-bit code only) */
	X86_F_O64 = 1u << 8, /* 64-bit mode only */
};

/* Legacy prefixes seen (x86_inst.prefixes). */
enum {
	X86_P_LOCK = 1u << 0,
	X86_P_REP = 1u << 1,   /* F3, the last of F2/F3 */
	X86_P_REPNE = 1u << 2, /* F2, the last of F2/F3 */
	X86_P_OPSIZE = 1u << 3,
	X86_P_ADDRSIZE = 1u << 4,
};

enum x86_seg {
	X86_SEG_ES,
	X86_SEG_CS,
	X86_SEG_SS,
	X86_SEG_DS,
	X86_SEG_FS,
	X86_SEG_GS,
	X86_SEG_NONE
};

enum x86_ud {
	X86_UD_NONE,
	X86_UD_UNDEFINED,   /* no form matches */
	X86_UD_UNSUPPORTED, /* VEX/EVEX/XOP: AVX is not implemented */
	X86_UD_LOCK,	    /* lock on a form or operand that forbids it */
	X86_UD_TOO_LONG,    /* more than 15 bytes: #GP on hardware */
};

enum x86_opnd_kind {
	X86_OPND_NONE,
	X86_OPND_REG,
	X86_OPND_MEM,
	X86_OPND_IMM,
	X86_OPND_REL, /* branch target: imm is the displacement from the next instruction */
};

enum x86_reg_class {
	X86_RC_GPR, /* reg 0-15; size 1 with no REX: 4-7 are ah, ch, dh, bh (high8) */
	X86_RC_SEG, /* es cs ss ds fs gs */
	X86_RC_CR,
	X86_RC_DR,
	X86_RC_MMX,
	X86_RC_XMM,
	X86_RC_ST, /* x87 stack register st(i) */
};

struct x86_operand {
	uint8_t kind;	/* enum x86_opnd_kind */
	uint8_t size;	/* bytes accessed (0: unsized memory such as lea, fxsave) */
	uint8_t rclass; /* enum x86_reg_class, for X86_OPND_REG */
	uint8_t reg;	/* register number, REX extension included */
	bool high8;	/* ah/ch/dh/bh */
	/* X86_OPND_MEM: address = seg:[base + index * scale + disp], or rip + disp (16-bit
	 * addressing: base bx/bp/si/di, index si/di, scale 1) */
	int8_t base;   /* -1: none */
	int8_t index;  /* -1: none */
	uint8_t scale; /* 1, 2, 4, 8 */
	uint8_t seg;   /* enum x86_seg, the override or the default */
	bool rip;      /* RIP-relative (disp from the next instruction) */
	int64_t disp;
	int64_t imm; /* X86_OPND_IMM (sign- or zero-extended as the form says), X86_OPND_REL */
};

struct x86_inst {
	uint8_t len;	   /* bytes, 1..15 */
	uint8_t mode;	   /* enum x86_mode */
	uint16_t op;	   /* enum x86_op */
	uint8_t ud;	   /* enum x86_ud */
	uint8_t map;	   /* 0 one-byte, 1 0F, 2 0F 38, 3 0F 3A */
	uint8_t opcode;	   /* the opcode byte within its map */
	uint8_t cc;	   /* condition (X86_F_CC forms) */
	uint16_t flags;	   /* the form's X86_F_* */
	uint8_t prefixes;  /* X86_P_* */
	uint8_t mandatory; /* the form's mandatory prefix (0x66, 0xf2, 0xf3) or 0 */
	uint8_t seg;	   /* segment override, X86_SEG_NONE if none */
	uint8_t rex;	   /* the REX byte in effect, 0 if none */
	bool has_modrm;
	uint8_t modrm;
	uint8_t opsize;	  /* operand size in bytes: 1 2 4 8 */
	uint8_t addrsize; /* address size in bytes: 2 4 8 */
	uint8_t nopnd;
	struct x86_operand opnd[X86_MAX_OPNDS];
};

/*
 * Decodes the instruction at bytes[0..avail). Returns 0 with *insn filled
 * (check insn->ud), -EAGAIN when avail ends before the instruction does
 * (and before 15 bytes).
 */
int x86_decode(struct x86_inst *insn, const uint8_t *bytes, size_t avail, enum x86_mode mode);

const char *x86_op_name(enum x86_op op);

/*
 * Prints the instruction at pc in Intel syntax: "lock add dword ptr [rax], 1".
 * Returns the bytes consumed, or -EINVAL when avail is too short or the
 * encoding is #UD (buf then says "(bad)"). The frontend_ops.disas signature.
 */
int x86_disas(char *buf, size_t len, uint64_t pc, const uint8_t *bytes, size_t avail);
/* The same in mode (x86_disas is X86_MODE_64). */
int x86_disas_mode(char *buf, size_t len, uint64_t pc, const uint8_t *bytes, size_t avail,
		   enum x86_mode mode);

/* Prints a decoded instruction; returns snprintf's count. */
int x86_format(char *buf, size_t len, uint64_t pc, const struct x86_inst *insn);

#endif
