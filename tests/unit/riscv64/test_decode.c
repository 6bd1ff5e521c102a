/*
 * test_decode.c - the riscv64 decoder and disassembler against encodings
 * produced by the GNU assembler.
 *
 * The vectors were generated once at development time: the operands were
 * chosen by a script, assembled with riscv64-linux-gnu-as
 * (-march=rv64imafdc_zicsr_zifencei_zba_zbb_zbs, .option norvc for the
 * 32-bit part, explicit c.* mnemonics for the compressed part) and the
 * encodings read back with objdump. Every instruction id appears at least
 * once (checked), each compressed form several times.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "arch/riscv64/cpu.h"
#include "arch/riscv64/decode.h"

struct decode_vector {
	uint32_t raw;
	uint16_t id;
	uint8_t rd, rs1, rs2, rs3;
	int64_t imm;
	uint16_t csr;
	uint8_t aqrl;
};

static const struct decode_vector vectors[] = {
    {0x2af9fe37, RV64_LUI, 28, 0, 0, 0, 721022976, 0x0, 0},    /* lui x28, 0x2af9f */
    {0x081c3337, RV64_LUI, 6, 0, 0, 0, 136065024, 0x0, 0},     /* lui x6, 0x81c3 */
    {0x5dbe0b17, RV64_AUIPC, 22, 0, 0, 0, 1572732928, 0x0, 0}, /* auipc x22, 0x5dbe0 */
    {0xee8a4397, RV64_AUIPC, 7, 0, 0, 0, -292929536, 0x0, 0},  /* auipc x7, 0xee8a4 */
    {0x2ff3526f, RV64_JAL, 4, 0, 0, 0, 219902, 0x0, 0},	       /* jal x4, .+219902 */
    {0x44ed0f6f, RV64_JAL, 30, 0, 0, 0, 853070, 0x0, 0},       /* jal x30, .+853070 */
    {0xc99200e7, RV64_JALR, 1, 4, 0, 0, -871, 0x0, 0},	       /* jalr x1, -871(x4) */
    {0xa70c0f67, RV64_JALR, 30, 24, 0, 0, -1424, 0x0, 0},      /* jalr x30, -1424(x24) */
    {0x9a450e63, RV64_BEQ, 0, 10, 4, 0, -3652, 0x0, 0},	       /* beq x10, x4, .-3652 */
    {0xa8938463, RV64_BEQ, 0, 7, 9, 0, -3448, 0x0, 0},	       /* beq x7, x9, .-3448 */
    {0x9e2892e3, RV64_BNE, 0, 17, 2, 0, -1564, 0x0, 0},	       /* bne x17, x2, .-1564 */
    {0x65d49f63, RV64_BNE, 0, 9, 29, 0, 1630, 0x0, 0},	       /* bne x9, x29, .+1630 */
    {0x63dac1e3, RV64_BLT, 0, 21, 29, 0, 3618, 0x0, 0},	       /* blt x21, x29, .+3618 */
    {0xffce4663, RV64_BLT, 0, 28, 28, 0, -2068, 0x0, 0},       /* blt x28, x28, .-2068 */
    {0x71bd56e3, RV64_BGE, 0, 26, 27, 0, 3852, 0x0, 0},	       /* bge x26, x27, .+3852 */
    {0xa0c857e3, RV64_BGE, 0, 16, 12, 0, -1522, 0x0, 0},       /* bge x16, x12, .-1522 */
    {0xd144e363, RV64_BLTU, 0, 9, 20, 0, -2810, 0x0, 0},       /* bltu x9, x20, .-2810 */
    {0xe036e5e3, RV64_BLTU, 0, 13, 3, 0, -502, 0x0, 0},	       /* bltu x13, x3, .-502 */
    {0x073a7c63, RV64_BGEU, 0, 20, 19, 0, 120, 0x0, 0},	       /* bgeu x20, x19, .+120 */
    {0xc6cdfae3, RV64_BGEU, 0, 27, 12, 0, -908, 0x0, 0},       /* bgeu x27, x12, .-908 */
    {0x57a78e83, RV64_LB, 29, 15, 0, 0, 1402, 0x0, 0},	       /* lb x29, 1402(x15) */
    {0x34768583, RV64_LB, 11, 13, 0, 0, 839, 0x0, 0},	       /* lb x11, 839(x13) */
    {0xc70f9483, RV64_LH, 9, 31, 0, 0, -912, 0x0, 0},	       /* lh x9, -912(x31) */
    {0xa3b19403, RV64_LH, 8, 3, 0, 0, -1477, 0x0, 0},	       /* lh x8, -1477(x3) */
    {0xacd52a03, RV64_LW, 20, 10, 0, 0, -1331, 0x0, 0},	       /* lw x20, -1331(x10) */
    {0x4866a483, RV64_LW, 9, 13, 0, 0, 1158, 0x0, 0},	       /* lw x9, 1158(x13) */
    {0x1be6ba03, RV64_LD, 20, 13, 0, 0, 446, 0x0, 0},	       /* ld x20, 446(x13) */
    {0x054a3d83, RV64_LD, 27, 20, 0, 0, 84, 0x0, 0},	       /* ld x27, 84(x20) */
    {0xba3d4883, RV64_LBU, 17, 26, 0, 0, -1117, 0x0, 0},       /* lbu x17, -1117(x26) */
    {0x4bf8cc03, RV64_LBU, 24, 17, 0, 0, 1215, 0x0, 0},	       /* lbu x24, 1215(x17) */
    {0x7b2b5183, RV64_LHU, 3, 22, 0, 0, 1970, 0x0, 0},	       /* lhu x3, 1970(x22) */
    {0xa58c5503, RV64_LHU, 10, 24, 0, 0, -1448, 0x0, 0},       /* lhu x10, -1448(x24) */
    {0x758cef03, RV64_LWU, 30, 25, 0, 0, 1880, 0x0, 0},	       /* lwu x30, 1880(x25) */
    {0x100ce583, RV64_LWU, 11, 25, 0, 0, 256, 0x0, 0},	       /* lwu x11, 256(x25) */
    {0x6adb01a3, RV64_SB, 0, 22, 13, 0, 1699, 0x0, 0},	       /* sb x13, 1699(x22) */
    {0x8dd08e23, RV64_SB, 0, 1, 29, 0, -1828, 0x0, 0},	       /* sb x29, -1828(x1) */
    {0x284f1ea3, RV64_SH, 0, 30, 4, 0, 669, 0x0, 0},	       /* sh x4, 669(x30) */
    {0x17391323, RV64_SH, 0, 18, 19, 0, 358, 0x0, 0},	       /* sh x19, 358(x18) */
    {0x2c48af23, RV64_SW, 0, 17, 4, 0, 734, 0x0, 0},	       /* sw x4, 734(x17) */
    {0xabda2ba3, RV64_SW, 0, 20, 29, 0, -1353, 0x0, 0},	       /* sw x29, -1353(x20) */
    {0xc707b123, RV64_SD, 0, 15, 16, 0, -926, 0x0, 0},	       /* sd x16, -926(x15) */
    {0xea2cb6a3, RV64_SD, 0, 25, 2, 0, -339, 0x0, 0},	       /* sd x2, -339(x25) */
    {0xa35a0493, RV64_ADDI, 9, 20, 0, 0, -1483, 0x0, 0},       /* addi x9, x20, -1483 */
    {0x32080993, RV64_ADDI, 19, 16, 0, 0, 800, 0x0, 0},	       /* addi x19, x16, 800 */
    {0xd330a293, RV64_SLTI, 5, 1, 0, 0, -717, 0x0, 0},	       /* slti x5, x1, -717 */
    {0xca8faf13, RV64_SLTI, 30, 31, 0, 0, -856, 0x0, 0},       /* slti x30, x31, -856 */
    {0xc2053793, RV64_SLTIU, 15, 10, 0, 0, -992, 0x0, 0},      /* sltiu x15, x10, -992 */
    {0x3cf13e13, RV64_SLTIU, 28, 2, 0, 0, 975, 0x0, 0},	       /* sltiu x28, x2, 975 */
    {0xf4b14d13, RV64_XORI, 26, 2, 0, 0, -181, 0x0, 0},	       /* xori x26, x2, -181 */
    {0x9adb4613, RV64_XORI, 12, 22, 0, 0, -1619, 0x0, 0},      /* xori x12, x22, -1619 */
    {0x5a5e6093, RV64_ORI, 1, 28, 0, 0, 1445, 0x0, 0},	       /* ori x1, x28, 1445 */
    {0x8f44ea93, RV64_ORI, 21, 9, 0, 0, -1804, 0x0, 0},	       /* ori x21, x9, -1804 */
    {0xa63bfb13, RV64_ANDI, 22, 23, 0, 0, -1437, 0x0, 0},      /* andi x22, x23, -1437 */
    {0xc3d6f093, RV64_ANDI, 1, 13, 0, 0, -963, 0x0, 0},	       /* andi x1, x13, -963 */
    {0x02419813, RV64_SLLI, 16, 3, 0, 0, 36, 0x0, 0},	       /* slli x16, x3, 36 */
    {0x001d1c93, RV64_SLLI, 25, 26, 0, 0, 1, 0x0, 0},	       /* slli x25, x26, 1 */
    {0x02f8da13, RV64_SRLI, 20, 17, 0, 0, 47, 0x0, 0},	       /* srli x20, x17, 47 */
    {0x016a5593, RV64_SRLI, 11, 20, 0, 0, 22, 0x0, 0},	       /* srli x11, x20, 22 */
    {0x41855e93, RV64_SRAI, 29, 10, 0, 0, 24, 0x0, 0},	       /* srai x29, x10, 24 */
    {0x43e8de13, RV64_SRAI, 28, 17, 0, 0, 62, 0x0, 0},	       /* srai x28, x17, 62 */
    {0x01cf0f33, RV64_ADD, 30, 30, 28, 0, 0, 0x0, 0},	       /* add x30, x30, x28 */
    {0x00640cb3, RV64_ADD, 25, 8, 6, 0, 0, 0x0, 0},	       /* add x25, x8, x6 */
    {0x41040333, RV64_SUB, 6, 8, 16, 0, 0, 0x0, 0},	       /* sub x6, x8, x16 */
    {0x412c8ab3, RV64_SUB, 21, 25, 18, 0, 0, 0x0, 0},	       /* sub x21, x25, x18 */
    {0x01df1633, RV64_SLL, 12, 30, 29, 0, 0, 0x0, 0},	       /* sll x12, x30, x29 */
    {0x005e9333, RV64_SLL, 6, 29, 5, 0, 0, 0x0, 0},	       /* sll x6, x29, x5 */
    {0x00baa5b3, RV64_SLT, 11, 21, 11, 0, 0, 0x0, 0},	       /* slt x11, x21, x11 */
    {0x00182633, RV64_SLT, 12, 16, 1, 0, 0, 0x0, 0},	       /* slt x12, x16, x1 */
    {0x00313333, RV64_SLTU, 6, 2, 3, 0, 0, 0x0, 0},	       /* sltu x6, x2, x3 */
    {0x013aba33, RV64_SLTU, 20, 21, 19, 0, 0, 0x0, 0},	       /* sltu x20, x21, x19 */
    {0x000ccc33, RV64_XOR, 24, 25, 0, 0, 0, 0x0, 0},	       /* xor x24, x25, x0 */
    {0x0097ca33, RV64_XOR, 20, 15, 9, 0, 0, 0x0, 0},	       /* xor x20, x15, x9 */
    {0x015d5e33, RV64_SRL, 28, 26, 21, 0, 0, 0x0, 0},	       /* srl x28, x26, x21 */
    {0x01f85cb3, RV64_SRL, 25, 16, 31, 0, 0, 0x0, 0},	       /* srl x25, x16, x31 */
    {0x40a55933, RV64_SRA, 18, 10, 10, 0, 0, 0x0, 0},	       /* sra x18, x10, x10 */
    {0x41675133, RV64_SRA, 2, 14, 22, 0, 0, 0x0, 0},	       /* sra x2, x14, x22 */
    {0x0190ee33, RV64_OR, 28, 1, 25, 0, 0, 0x0, 0},	       /* or x28, x1, x25 */
    {0x0187e233, RV64_OR, 4, 15, 24, 0, 0, 0x0, 0},	       /* or x4, x15, x24 */
    {0x0149f7b3, RV64_AND, 15, 19, 20, 0, 0, 0x0, 0},	       /* and x15, x19, x20 */
    {0x00b0f9b3, RV64_AND, 19, 1, 11, 0, 0, 0x0, 0},	       /* and x19, x1, x11 */
    {0x05a0000f, RV64_FENCE, 0, 0, 0, 0, 90, 0x0, 0},	       /* fence ow, ir */
    {0x00000073, RV64_ECALL, 0, 0, 0, 0, 0, 0x0, 0},	       /* ecall */
    {0x00100073, RV64_EBREAK, 0, 0, 0, 0, 0, 0x0, 0},	       /* ebreak */
    {0xffde021b, RV64_ADDIW, 4, 28, 0, 0, -3, 0x0, 0},	       /* addiw x4, x28, -3 */
    {0xca28821b, RV64_ADDIW, 4, 17, 0, 0, -862, 0x0, 0},       /* addiw x4, x17, -862 */
    {0x01569c9b, RV64_SLLIW, 25, 13, 0, 0, 21, 0x0, 0},	       /* slliw x25, x13, 21 */
    {0x00101d1b, RV64_SLLIW, 26, 0, 0, 0, 1, 0x0, 0},	       /* slliw x26, x0, 1 */
    {0x01abd09b, RV64_SRLIW, 1, 23, 0, 0, 26, 0x0, 0},	       /* srliw x1, x23, 26 */
    {0x01ffdd9b, RV64_SRLIW, 27, 31, 0, 0, 31, 0x0, 0},	       /* srliw x27, x31, 31 */
    {0x407f599b, RV64_SRAIW, 19, 30, 0, 0, 7, 0x0, 0},	       /* sraiw x19, x30, 7 */
    {0x4027de1b, RV64_SRAIW, 28, 15, 0, 0, 2, 0x0, 0},	       /* sraiw x28, x15, 2 */
    {0x007c8dbb, RV64_ADDW, 27, 25, 7, 0, 0, 0x0, 0},	       /* addw x27, x25, x7 */
    {0x017205bb, RV64_ADDW, 11, 4, 23, 0, 0, 0x0, 0},	       /* addw x11, x4, x23 */
    {0x402c023b, RV64_SUBW, 4, 24, 2, 0, 0, 0x0, 0},	       /* subw x4, x24, x2 */
    {0x403b00bb, RV64_SUBW, 1, 22, 3, 0, 0, 0x0, 0},	       /* subw x1, x22, x3 */
    {0x01ed113b, RV64_SLLW, 2, 26, 30, 0, 0, 0x0, 0},	       /* sllw x2, x26, x30 */
    {0x01f715bb, RV64_SLLW, 11, 14, 31, 0, 0, 0x0, 0},	       /* sllw x11, x14, x31 */
    {0x01de57bb, RV64_SRLW, 15, 28, 29, 0, 0, 0x0, 0},	       /* srlw x15, x28, x29 */
    {0x013d553b, RV64_SRLW, 10, 26, 19, 0, 0, 0x0, 0},	       /* srlw x10, x26, x19 */
    {0x40b6da3b, RV64_SRAW, 20, 13, 11, 0, 0, 0x0, 0},	       /* sraw x20, x13, x11 */
    {0x41b0dfbb, RV64_SRAW, 31, 1, 27, 0, 0, 0x0, 0},	       /* sraw x31, x1, x27 */
    {0x10200073, RV64_SRET, 0, 0, 0, 0, 0, 0x0, 0},	       /* sret */
    {0x30200073, RV64_MRET, 0, 0, 0, 0, 0, 0x0, 0},	       /* mret */
    {0x10500073, RV64_WFI, 0, 0, 0, 0, 0, 0x0, 0},	       /* wfi */
    {0x13428073, RV64_SFENCE_VMA, 0, 5, 20, 0, 0, 0x0, 0},     /* sfence.vma x5, x20 */
    {0x130f0073, RV64_SFENCE_VMA, 0, 30, 16, 0, 0, 0x0, 0},    /* sfence.vma x30, x16 */
    {0x0000100f, RV64_FENCE_I, 0, 0, 0, 0, 0, 0x0, 0},	       /* fence.i */
    {0xccde1373, RV64_CSRRW, 6, 28, 0, 0, 0, 0xccd, 0},	       /* csrrw x6, 0xccd, x28 */
    {0x2cf119f3, RV64_CSRRW, 19, 2, 0, 0, 0, 0x2cf, 0},	       /* csrrw x19, 0x2cf, x2 */
    {0x2b1327f3, RV64_CSRRS, 15, 6, 0, 0, 0, 0x2b1, 0},	       /* csrrs x15, 0x2b1, x6 */
    {0xc829a0f3, RV64_CSRRS, 1, 19, 0, 0, 0, 0xc82, 0},	       /* csrrs x1, 0xc82, x19 */
    {0xab52bef3, RV64_CSRRC, 29, 5, 0, 0, 0, 0xab5, 0},	       /* csrrc x29, 0xab5, x5 */
    {0x422c3b73, RV64_CSRRC, 22, 24, 0, 0, 0, 0x422, 0},       /* csrrc x22, 0x422, x24 */
    {0x1f98d473, RV64_CSRRWI, 8, 0, 0, 0, 17, 0x1f9, 0},       /* csrrwi x8, 0x1f9, 17 */
    {0xdeebd573, RV64_CSRRWI, 10, 0, 0, 0, 23, 0xdee, 0},      /* csrrwi x10, 0xdee, 23 */
    {0x756de0f3, RV64_CSRRSI, 1, 0, 0, 0, 27, 0x756, 0},       /* csrrsi x1, 0x756, 27 */
    {0xf3bc6573, RV64_CSRRSI, 10, 0, 0, 0, 24, 0xf3b, 0},      /* csrrsi x10, 0xf3b, 24 */
    {0x434879f3, RV64_CSRRCI, 19, 0, 0, 0, 16, 0x434, 0},      /* csrrci x19, 0x434, 16 */
    {0xe931f9f3, RV64_CSRRCI, 19, 0, 0, 0, 3, 0xe93, 0},       /* csrrci x19, 0xe93, 3 */
    {0x037d0833, RV64_MUL, 16, 26, 23, 0, 0, 0x0, 0},	       /* mul x16, x26, x23 */
    {0x02c10033, RV64_MUL, 0, 2, 12, 0, 0, 0x0, 0},	       /* mul x0, x2, x12 */
    {0x032c1f33, RV64_MULH, 30, 24, 18, 0, 0, 0x0, 0},	       /* mulh x30, x24, x18 */
    {0x03c89d33, RV64_MULH, 26, 17, 28, 0, 0, 0x0, 0},	       /* mulh x26, x17, x28 */
    {0x03462833, RV64_MULHSU, 16, 12, 20, 0, 0, 0x0, 0},       /* mulhsu x16, x12, x20 */
    {0x03bbabb3, RV64_MULHSU, 23, 23, 27, 0, 0, 0x0, 0},       /* mulhsu x23, x23, x27 */
    {0x03093d33, RV64_MULHU, 26, 18, 16, 0, 0, 0x0, 0},	       /* mulhu x26, x18, x16 */
    {0x02b63b33, RV64_MULHU, 22, 12, 11, 0, 0, 0x0, 0},	       /* mulhu x22, x12, x11 */
    {0x02f44eb3, RV64_DIV, 29, 8, 15, 0, 0, 0x0, 0},	       /* div x29, x8, x15 */
    {0x030d4bb3, RV64_DIV, 23, 26, 16, 0, 0, 0x0, 0},	       /* div x23, x26, x16 */
    {0x027a5e33, RV64_DIVU, 28, 20, 7, 0, 0, 0x0, 0},	       /* divu x28, x20, x7 */
    {0x03ccd5b3, RV64_DIVU, 11, 25, 28, 0, 0, 0x0, 0},	       /* divu x11, x25, x28 */
    {0x02a2ee33, RV64_REM, 28, 5, 10, 0, 0, 0x0, 0},	       /* rem x28, x5, x10 */
    {0x0331e1b3, RV64_REM, 3, 3, 19, 0, 0, 0x0, 0},	       /* rem x3, x3, x19 */
    {0x024d7433, RV64_REMU, 8, 26, 4, 0, 0, 0x0, 0},	       /* remu x8, x26, x4 */
    {0x032bf933, RV64_REMU, 18, 23, 18, 0, 0, 0x0, 0},	       /* remu x18, x23, x18 */
    {0x02f18f3b, RV64_MULW, 30, 3, 15, 0, 0, 0x0, 0},	       /* mulw x30, x3, x15 */
    {0x0235033b, RV64_MULW, 6, 10, 3, 0, 0, 0x0, 0},	       /* mulw x6, x10, x3 */
    {0x027444bb, RV64_DIVW, 9, 8, 7, 0, 0, 0x0, 0},	       /* divw x9, x8, x7 */
    {0x0250c33b, RV64_DIVW, 6, 1, 5, 0, 0, 0x0, 0},	       /* divw x6, x1, x5 */
    {0x030c5a3b, RV64_DIVUW, 20, 24, 16, 0, 0, 0x0, 0},	       /* divuw x20, x24, x16 */
    {0x02ee5bbb, RV64_DIVUW, 23, 28, 14, 0, 0, 0x0, 0},	       /* divuw x23, x28, x14 */
    {0x0336e1bb, RV64_REMW, 3, 13, 19, 0, 0, 0x0, 0},	       /* remw x3, x13, x19 */
    {0x0309efbb, RV64_REMW, 31, 19, 16, 0, 0, 0x0, 0},	       /* remw x31, x19, x16 */
    {0x0220fa3b, RV64_REMUW, 20, 1, 2, 0, 0, 0x0, 0},	       /* remuw x20, x1, x2 */
    {0x027efbbb, RV64_REMUW, 23, 29, 7, 0, 0, 0x0, 0},	       /* remuw x23, x29, x7 */
    {0x160d292f, RV64_LR_W, 18, 26, 0, 0, 0, 0x0, 3},	       /* lr.w.aqrl x18, (x26) */
    {0x160f28af, RV64_LR_W, 17, 30, 0, 0, 0, 0x0, 3},	       /* lr.w.aqrl x17, (x30) */
    {0x1c4720af, RV64_SC_W, 1, 14, 4, 0, 0, 0x0, 2},	       /* sc.w.aq x1, x4, (x14) */
    {0x1a312faf, RV64_SC_W, 31, 2, 3, 0, 0, 0x0, 1},	       /* sc.w.rl x31, x3, (x2) */
    {0x0d1c23af, RV64_AMOSWAP_W, 7, 24, 17, 0, 0, 0x0, 2},     /* amoswap.w.aq x7, x17, (x24) */
    {0x0f22222f, RV64_AMOSWAP_W, 4, 4, 18, 0, 0, 0x0, 3},      /* amoswap.w.aqrl x4, x18, (x4) */
    {0x03d12f2f, RV64_AMOADD_W, 30, 2, 29, 0, 0, 0x0, 1},      /* amoadd.w.rl x30, x29, (x2) */
    {0x011626af, RV64_AMOADD_W, 13, 12, 17, 0, 0, 0x0, 0},     /* amoadd.w x13, x17, (x12) */
    {0x21102eaf, RV64_AMOXOR_W, 29, 0, 17, 0, 0, 0x0, 0},      /* amoxor.w x29, x17, (x0) */
    {0x22adad2f, RV64_AMOXOR_W, 26, 27, 10, 0, 0, 0x0, 1},     /* amoxor.w.rl x26, x10, (x27) */
    {0x6267212f, RV64_AMOAND_W, 2, 14, 6, 0, 0, 0x0, 1},       /* amoand.w.rl x2, x6, (x14) */
    {0x601c2caf, RV64_AMOAND_W, 25, 24, 1, 0, 0, 0x0, 0},      /* amoand.w x25, x1, (x24) */
    {0x46532aaf, RV64_AMOOR_W, 21, 6, 5, 0, 0, 0x0, 3},	       /* amoor.w.aqrl x21, x5, (x6) */
    {0x4596212f, RV64_AMOOR_W, 2, 12, 25, 0, 0, 0x0, 2},       /* amoor.w.aq x2, x25, (x12) */
    {0x8631aaaf, RV64_AMOMIN_W, 21, 3, 3, 0, 0, 0x0, 3},       /* amomin.w.aqrl x21, x3, (x3) */
    {0x85ce272f, RV64_AMOMIN_W, 14, 28, 28, 0, 0, 0x0, 2},     /* amomin.w.aq x14, x28, (x28) */
    {0xa713afaf, RV64_AMOMAX_W, 31, 7, 17, 0, 0, 0x0, 3},      /* amomax.w.aqrl x31, x17, (x7) */
    {0xa4932a2f, RV64_AMOMAX_W, 20, 6, 9, 0, 0, 0x0, 2},       /* amomax.w.aq x20, x9, (x6) */
    {0xc1d92d2f, RV64_AMOMINU_W, 26, 18, 29, 0, 0, 0x0, 0},    /* amominu.w x26, x29, (x18) */
    {0xc14f212f, RV64_AMOMINU_W, 2, 30, 20, 0, 0, 0x0, 0},     /* amominu.w x2, x20, (x30) */
    {0xe6d127af, RV64_AMOMAXU_W, 15, 2, 13, 0, 0, 0x0, 3},     /* amomaxu.w.aqrl x15, x13, (x2) */
    {0xe35bacaf, RV64_AMOMAXU_W, 25, 23, 21, 0, 0, 0x0, 1},    /* amomaxu.w.rl x25, x21, (x23) */
    {0x100b342f, RV64_LR_D, 8, 22, 0, 0, 0, 0x0, 0},	       /* lr.d x8, (x22) */
    {0x10013eaf, RV64_LR_D, 29, 2, 0, 0, 0, 0x0, 0},	       /* lr.d x29, (x2) */
    {0x1d05b9af, RV64_SC_D, 19, 11, 16, 0, 0, 0x0, 2},	       /* sc.d.aq x19, x16, (x11) */
    {0x1e423faf, RV64_SC_D, 31, 4, 4, 0, 0, 0x0, 3},	       /* sc.d.aqrl x31, x4, (x4) */
    {0x0e7eb32f, RV64_AMOSWAP_D, 6, 29, 7, 0, 0, 0x0, 3},      /* amoswap.d.aqrl x6, x7, (x29) */
    {0x0849392f, RV64_AMOSWAP_D, 18, 18, 4, 0, 0, 0x0, 0},     /* amoswap.d x18, x4, (x18) */
    {0x05f4b9af, RV64_AMOADD_D, 19, 9, 31, 0, 0, 0x0, 2},      /* amoadd.d.aq x19, x31, (x9) */
    {0x01c7b7af, RV64_AMOADD_D, 15, 15, 28, 0, 0, 0x0, 0},     /* amoadd.d x15, x28, (x15) */
    {0x223632af, RV64_AMOXOR_D, 5, 12, 3, 0, 0, 0x0, 1},       /* amoxor.d.rl x5, x3, (x12) */
    {0x22c5bcaf, RV64_AMOXOR_D, 25, 11, 12, 0, 0, 0x0, 1},     /* amoxor.d.rl x25, x12, (x11) */
    {0x633033af, RV64_AMOAND_D, 7, 0, 19, 0, 0, 0x0, 1},       /* amoand.d.rl x7, x19, (x0) */
    {0x638931af, RV64_AMOAND_D, 3, 18, 24, 0, 0, 0x0, 1},      /* amoand.d.rl x3, x24, (x18) */
    {0x45b4b52f, RV64_AMOOR_D, 10, 9, 27, 0, 0, 0x0, 2},       /* amoor.d.aq x10, x27, (x9) */
    {0x45f4352f, RV64_AMOOR_D, 10, 8, 31, 0, 0, 0x0, 2},       /* amoor.d.aq x10, x31, (x8) */
    {0x84d735af, RV64_AMOMIN_D, 11, 14, 13, 0, 0, 0x0, 2},     /* amomin.d.aq x11, x13, (x14) */
    {0x84d93f2f, RV64_AMOMIN_D, 30, 18, 13, 0, 0, 0x0, 2},     /* amomin.d.aq x30, x13, (x18) */
    {0xa58cbcaf, RV64_AMOMAX_D, 25, 25, 24, 0, 0, 0x0, 2},     /* amomax.d.aq x25, x24, (x25) */
    {0xa485382f, RV64_AMOMAX_D, 16, 10, 8, 0, 0, 0x0, 2},      /* amomax.d.aq x16, x8, (x10) */
    {0xc7b8beaf, RV64_AMOMINU_D, 29, 17, 27, 0, 0, 0x0, 3},    /* amominu.d.aqrl x29, x27, (x17) */
    {0xc14232af, RV64_AMOMINU_D, 5, 4, 20, 0, 0, 0x0, 0},      /* amominu.d x5, x20, (x4) */
    {0xe240b32f, RV64_AMOMAXU_D, 6, 1, 4, 0, 0, 0x0, 1},       /* amomaxu.d.rl x6, x4, (x1) */
    {0xe465b82f, RV64_AMOMAXU_D, 16, 11, 6, 0, 0, 0x0, 2},     /* amomaxu.d.aq x16, x6, (x11) */
    {0x6e8ba087, RV64_FLW, 1, 23, 0, 0, 1768, 0x0, 0},	       /* flw f1, 1768(x23) */
    {0xb8a32e07, RV64_FLW, 28, 6, 0, 0, -1142, 0x0, 0},	       /* flw f28, -1142(x6) */
    {0x33c529a7, RV64_FSW, 0, 10, 28, 0, 819, 0x0, 0},	       /* fsw f28, 819(x10) */
    {0xc0f6aaa7, RV64_FSW, 0, 13, 15, 0, -1003, 0x0, 0},       /* fsw f15, -1003(x13) */
    {0x00ab0b43, RV64_FMADD_S, 22, 22, 10, 0, 0, 0x0, 0},      /* fmadd.s f22, f22, f10, f0, rne */
    {0x9856f4c3, RV64_FMADD_S, 9, 13, 5, 19, 0, 0x0, 0},       /* fmadd.s f9, f13, f5, f19 */
    {0x804bfcc7, RV64_FMSUB_S, 25, 23, 4, 16, 0, 0x0, 0},      /* fmsub.s f25, f23, f4, f16 */
    {0x288c1b47, RV64_FMSUB_S, 22, 24, 8, 5, 0, 0x0, 0},       /* fmsub.s f22, f24, f8, f5, rtz */
    {0x309177cb, RV64_FNMSUB_S, 15, 2, 9, 6, 0, 0x0, 0},       /* fnmsub.s f15, f2, f9, f6 */
    {0xc95b3ecb, RV64_FNMSUB_S, 29, 22, 21, 25, 0, 0x0, 0}, /* fnmsub.s f29, f22, f21, f25, rup */
    {0x28ba49cf, RV64_FNMADD_S, 19, 20, 11, 5, 0, 0x0, 0},  /* fnmadd.s f19, f20, f11, f5, rmm */
    {0xd922ce4f, RV64_FNMADD_S, 28, 5, 18, 27, 0, 0x0, 0},  /* fnmadd.s f28, f5, f18, f27, rmm */
    {0x00d3c7d3, RV64_FADD_S, 15, 7, 13, 0, 0, 0x0, 0},	    /* fadd.s f15, f7, f13, rmm */
    {0x007828d3, RV64_FADD_S, 17, 16, 7, 0, 0, 0x0, 0},	    /* fadd.s f17, f16, f7, rdn */
    {0x09d87353, RV64_FSUB_S, 6, 16, 29, 0, 0, 0x0, 0},	    /* fsub.s f6, f16, f29 */
    {0x087e3353, RV64_FSUB_S, 6, 28, 7, 0, 0, 0x0, 0},	    /* fsub.s f6, f28, f7, rup */
    {0x10362553, RV64_FMUL_S, 10, 12, 3, 0, 0, 0x0, 0},	    /* fmul.s f10, f12, f3, rdn */
    {0x111b3153, RV64_FMUL_S, 2, 22, 17, 0, 0, 0x0, 0},	    /* fmul.s f2, f22, f17, rup */
    {0x19f100d3, RV64_FDIV_S, 1, 2, 31, 0, 0, 0x0, 0},	    /* fdiv.s f1, f2, f31, rne */
    {0x196806d3, RV64_FDIV_S, 13, 16, 22, 0, 0, 0x0, 0},    /* fdiv.s f13, f16, f22, rne */
    {0x580829d3, RV64_FSQRT_S, 19, 16, 0, 0, 0, 0x0, 0},    /* fsqrt.s f19, f16, rdn */
    {0x5805b7d3, RV64_FSQRT_S, 15, 11, 0, 0, 0, 0x0, 0},    /* fsqrt.s f15, f11, rup */
    {0x21598953, RV64_FSGNJ_S, 18, 19, 21, 0, 0, 0x0, 0},   /* fsgnj.s f18, f19, f21 */
    {0x21358cd3, RV64_FSGNJ_S, 25, 11, 19, 0, 0, 0x0, 0},   /* fsgnj.s f25, f11, f19 */
    {0x20409453, RV64_FSGNJN_S, 8, 1, 4, 0, 0, 0x0, 0},	    /* fsgnjn.s f8, f1, f4 */
    {0x212310d3, RV64_FSGNJN_S, 1, 6, 18, 0, 0, 0x0, 0},    /* fsgnjn.s f1, f6, f18 */
    {0x20fdaf53, RV64_FSGNJX_S, 30, 27, 15, 0, 0, 0x0, 0},  /* fsgnjx.s f30, f27, f15 */
    {0x21acad53, RV64_FSGNJX_S, 26, 25, 26, 0, 0, 0x0, 0},  /* fsgnjx.s f26, f25, f26 */
    {0x28bd83d3, RV64_FMIN_S, 7, 27, 11, 0, 0, 0x0, 0},	    /* fmin.s f7, f27, f11 */
    {0x29e00cd3, RV64_FMIN_S, 25, 0, 30, 0, 0, 0x0, 0},	    /* fmin.s f25, f0, f30 */
    {0x291f9553, RV64_FMAX_S, 10, 31, 17, 0, 0, 0x0, 0},    /* fmax.s f10, f31, f17 */
    {0x283c9c53, RV64_FMAX_S, 24, 25, 3, 0, 0, 0x0, 0},	    /* fmax.s f24, f25, f3 */
    {0xc0018a53, RV64_FCVT_W_S, 20, 3, 0, 0, 0, 0x0, 0},    /* fcvt.w.s x20, f3, rne */
    {0xc004ccd3, RV64_FCVT_W_S, 25, 9, 0, 0, 0, 0x0, 0},    /* fcvt.w.s x25, f9, rmm */
    {0xc0184fd3, RV64_FCVT_WU_S, 31, 16, 0, 0, 0, 0x0, 0},  /* fcvt.wu.s x31, f16, rmm */
    {0xc01115d3, RV64_FCVT_WU_S, 11, 2, 0, 0, 0, 0x0, 0},   /* fcvt.wu.s x11, f2, rtz */
    {0xc0283253, RV64_FCVT_L_S, 4, 16, 0, 0, 0, 0x0, 0},    /* fcvt.l.s x4, f16, rup */
    {0xc020aa53, RV64_FCVT_L_S, 20, 1, 0, 0, 0, 0x0, 0},    /* fcvt.l.s x20, f1, rdn */
    {0xc03b7953, RV64_FCVT_LU_S, 18, 22, 0, 0, 0, 0x0, 0},  /* fcvt.lu.s x18, f22 */
    {0xc031c853, RV64_FCVT_LU_S, 16, 3, 0, 0, 0, 0x0, 0},   /* fcvt.lu.s x16, f3, rmm */
    {0xe0030453, RV64_FMV_X_W, 8, 6, 0, 0, 0, 0x0, 0},	    /* fmv.x.w x8, f6 */
    {0xe0040753, RV64_FMV_X_W, 14, 8, 0, 0, 0, 0x0, 0},	    /* fmv.x.w x14, f8 */
    {0xe00a9fd3, RV64_FCLASS_S, 31, 21, 0, 0, 0, 0x0, 0},   /* fclass.s x31, f21 */
    {0xe00e94d3, RV64_FCLASS_S, 9, 29, 0, 0, 0, 0x0, 0},    /* fclass.s x9, f29 */
    {0xa078afd3, RV64_FEQ_S, 31, 17, 7, 0, 0, 0x0, 0},	    /* feq.s x31, f17, f7 */
    {0xa1d720d3, RV64_FEQ_S, 1, 14, 29, 0, 0, 0x0, 0},	    /* feq.s x1, f14, f29 */
    {0xa10991d3, RV64_FLT_S, 3, 19, 16, 0, 0, 0x0, 0},	    /* flt.s x3, f19, f16 */
    {0xa1389c53, RV64_FLT_S, 24, 17, 19, 0, 0, 0x0, 0},	    /* flt.s x24, f17, f19 */
    {0xa06281d3, RV64_FLE_S, 3, 5, 6, 0, 0, 0x0, 0},	    /* fle.s x3, f5, f6 */
    {0xa10b0c53, RV64_FLE_S, 24, 22, 16, 0, 0, 0x0, 0},	    /* fle.s x24, f22, f16 */
    {0xd00c46d3, RV64_FCVT_S_W, 13, 24, 0, 0, 0, 0x0, 0},   /* fcvt.s.w f13, x24, rmm */
    {0xd00503d3, RV64_FCVT_S_W, 7, 10, 0, 0, 0, 0x0, 0},    /* fcvt.s.w f7, x10, rne */
    {0xd0131253, RV64_FCVT_S_WU, 4, 6, 0, 0, 0, 0x0, 0},    /* fcvt.s.wu f4, x6, rtz */
    {0xd0101653, RV64_FCVT_S_WU, 12, 0, 0, 0, 0, 0x0, 0},   /* fcvt.s.wu f12, x0, rtz */
    {0xd0243453, RV64_FCVT_S_L, 8, 8, 0, 0, 0, 0x0, 0},	    /* fcvt.s.l f8, x8, rup */
    {0xd02507d3, RV64_FCVT_S_L, 15, 10, 0, 0, 0, 0x0, 0},   /* fcvt.s.l f15, x10, rne */
    {0xd03b24d3, RV64_FCVT_S_LU, 9, 22, 0, 0, 0, 0x0, 0},   /* fcvt.s.lu f9, x22, rdn */
    {0xd031fdd3, RV64_FCVT_S_LU, 27, 3, 0, 0, 0, 0x0, 0},   /* fcvt.s.lu f27, x3 */
    {0xf00d84d3, RV64_FMV_W_X, 9, 27, 0, 0, 0, 0x0, 0},	    /* fmv.w.x f9, x27 */
    {0xf00304d3, RV64_FMV_W_X, 9, 6, 0, 0, 0, 0x0, 0},	    /* fmv.w.x f9, x6 */
    {0xc59d3387, RV64_FLD, 7, 26, 0, 0, -935, 0x0, 0},	    /* fld f7, -935(x26) */
    {0x2bf43387, RV64_FLD, 7, 8, 0, 0, 703, 0x0, 0},	    /* fld f7, 703(x8) */
    {0x942c33a7, RV64_FSD, 0, 24, 2, 0, -1721, 0x0, 0},	    /* fsd f2, -1721(x24) */
    {0x0d8ebe27, RV64_FSD, 0, 29, 24, 0, 220, 0x0, 0},	    /* fsd f24, 220(x29) */
    {0x5b38ad43, RV64_FMADD_D, 26, 17, 19, 11, 0, 0x0, 0},  /* fmadd.d f26, f17, f19, f11, rdn */
    {0xaaf689c3, RV64_FMADD_D, 19, 13, 15, 21, 0, 0x0, 0},  /* fmadd.d f19, f13, f15, f21, rne */
    {0xcb4eb847, RV64_FMSUB_D, 16, 29, 20, 25, 0, 0x0, 0},  /* fmsub.d f16, f29, f20, f25, rup */
    {0x832af1c7, RV64_FMSUB_D, 3, 21, 18, 16, 0, 0x0, 0},   /* fmsub.d f3, f21, f18, f16 */
    {0x123125cb, RV64_FNMSUB_D, 11, 2, 3, 2, 0, 0x0, 0},    /* fnmsub.d f11, f2, f3, f2, rdn */
    {0x82bfab4b, RV64_FNMSUB_D, 22, 31, 11, 16, 0, 0x0, 0}, /* fnmsub.d f22, f31, f11, f16, rdn */
    {0xe223234f, RV64_FNMADD_D, 6, 6, 2, 28, 0, 0x0, 0},    /* fnmadd.d f6, f6, f2, f28, rdn */
    {0x4216cdcf, RV64_FNMADD_D, 27, 13, 1, 8, 0, 0x0, 0},   /* fnmadd.d f27, f13, f1, f8, rmm */
    {0x0208fdd3, RV64_FADD_D, 27, 17, 0, 0, 0, 0x0, 0},	    /* fadd.d f27, f17, f0 */
    {0x02fdbad3, RV64_FADD_D, 21, 27, 15, 0, 0, 0x0, 0},    /* fadd.d f21, f27, f15, rup */
    {0x0a6271d3, RV64_FSUB_D, 3, 4, 6, 0, 0, 0x0, 0},	    /* fsub.d f3, f4, f6 */
    {0x0bd8f853, RV64_FSUB_D, 16, 17, 29, 0, 0, 0x0, 0},    /* fsub.d f16, f17, f29 */
    {0x12982253, RV64_FMUL_D, 4, 16, 9, 0, 0, 0x0, 0},	    /* fmul.d f4, f16, f9, rdn */
    {0x12110253, RV64_FMUL_D, 4, 2, 1, 0, 0, 0x0, 0},	    /* fmul.d f4, f2, f1, rne */
    {0x1bf39153, RV64_FDIV_D, 2, 7, 31, 0, 0, 0x0, 0},	    /* fdiv.d f2, f7, f31, rtz */
    {0x1a248a53, RV64_FDIV_D, 20, 9, 2, 0, 0, 0x0, 0},	    /* fdiv.d f20, f9, f2, rne */
    {0x5a03a753, RV64_FSQRT_D, 14, 7, 0, 0, 0, 0x0, 0},	    /* fsqrt.d f14, f7, rdn */
    {0x5a0090d3, RV64_FSQRT_D, 1, 1, 0, 0, 0, 0x0, 0},	    /* fsqrt.d f1, f1, rtz */
    {0x221f8253, RV64_FSGNJ_D, 4, 31, 1, 0, 0, 0x0, 0},	    /* fsgnj.d f4, f31, f1 */
    {0x22ca8d53, RV64_FSGNJ_D, 26, 21, 12, 0, 0, 0x0, 0},   /* fsgnj.d f26, f21, f12 */
    {0x22929a53, RV64_FSGNJN_D, 20, 5, 9, 0, 0, 0x0, 0},    /* fsgnjn.d f20, f5, f9 */
    {0x233d1f53, RV64_FSGNJN_D, 30, 26, 19, 0, 0, 0x0, 0},  /* fsgnjn.d f30, f26, f19 */
    {0x2334a2d3, RV64_FSGNJX_D, 5, 9, 19, 0, 0, 0x0, 0},    /* fsgnjx.d f5, f9, f19 */
    {0x23a7a653, RV64_FSGNJX_D, 12, 15, 26, 0, 0, 0x0, 0},  /* fsgnjx.d f12, f15, f26 */
    {0x2afb8ad3, RV64_FMIN_D, 21, 23, 15, 0, 0, 0x0, 0},    /* fmin.d f21, f23, f15 */
    {0x2ac608d3, RV64_FMIN_D, 17, 12, 12, 0, 0, 0x0, 0},    /* fmin.d f17, f12, f12 */
    {0x2a409fd3, RV64_FMAX_D, 31, 1, 4, 0, 0, 0x0, 0},	    /* fmax.d f31, f1, f4 */
    {0x2b6a10d3, RV64_FMAX_D, 1, 20, 22, 0, 0, 0x0, 0},	    /* fmax.d f1, f20, f22 */
    {0x40191353, RV64_FCVT_S_D, 6, 18, 0, 0, 0, 0x0, 0},    /* fcvt.s.d f6, f18, rtz */
    {0x401a29d3, RV64_FCVT_S_D, 19, 20, 0, 0, 0, 0x0, 0},   /* fcvt.s.d f19, f20, rdn */
    {0x420a0ed3, RV64_FCVT_D_S, 29, 20, 0, 0, 0, 0x0, 0},   /* fcvt.d.s f29, f20 */
    {0x420c81d3, RV64_FCVT_D_S, 3, 25, 0, 0, 0, 0x0, 0},    /* fcvt.d.s f3, f25 */
    {0xa3c0a4d3, RV64_FEQ_D, 9, 1, 28, 0, 0, 0x0, 0},	    /* feq.d x9, f1, f28 */
    {0xa328ae53, RV64_FEQ_D, 28, 17, 18, 0, 0, 0x0, 0},	    /* feq.d x28, f17, f18 */
    {0xa26b9bd3, RV64_FLT_D, 23, 23, 6, 0, 0, 0x0, 0},	    /* flt.d x23, f23, f6 */
    {0xa3c791d3, RV64_FLT_D, 3, 15, 28, 0, 0, 0x0, 0},	    /* flt.d x3, f15, f28 */
    {0xa2ec0653, RV64_FLE_D, 12, 24, 14, 0, 0, 0x0, 0},	    /* fle.d x12, f24, f14 */
    {0xa26182d3, RV64_FLE_D, 5, 3, 6, 0, 0, 0x0, 0},	    /* fle.d x5, f3, f6 */
    {0xe20e9653, RV64_FCLASS_D, 12, 29, 0, 0, 0, 0x0, 0},   /* fclass.d x12, f29 */
    {0xe20b9353, RV64_FCLASS_D, 6, 23, 0, 0, 0, 0x0, 0},    /* fclass.d x6, f23 */
    {0xc208c3d3, RV64_FCVT_W_D, 7, 17, 0, 0, 0, 0x0, 0},    /* fcvt.w.d x7, f17, rmm */
    {0xc207b0d3, RV64_FCVT_W_D, 1, 15, 0, 0, 0, 0x0, 0},    /* fcvt.w.d x1, f15, rup */
    {0xc21ea553, RV64_FCVT_WU_D, 10, 29, 0, 0, 0, 0x0, 0},  /* fcvt.wu.d x10, f29, rdn */
    {0xc2103a53, RV64_FCVT_WU_D, 20, 0, 0, 0, 0, 0x0, 0},   /* fcvt.wu.d x20, f0, rup */
    {0xc2224953, RV64_FCVT_L_D, 18, 4, 0, 0, 0, 0x0, 0},    /* fcvt.l.d x18, f4, rmm */
    {0xc2242e53, RV64_FCVT_L_D, 28, 8, 0, 0, 0, 0x0, 0},    /* fcvt.l.d x28, f8, rdn */
    {0xc234ba53, RV64_FCVT_LU_D, 20, 9, 0, 0, 0, 0x0, 0},   /* fcvt.lu.d x20, f9, rup */
    {0xc23041d3, RV64_FCVT_LU_D, 3, 0, 0, 0, 0, 0x0, 0},    /* fcvt.lu.d x3, f0, rmm */
    {0xe20f0cd3, RV64_FMV_X_D, 25, 30, 0, 0, 0, 0x0, 0},    /* fmv.x.d x25, f30 */
    {0xe20c87d3, RV64_FMV_X_D, 15, 25, 0, 0, 0, 0x0, 0},    /* fmv.x.d x15, f25 */
    {0xd20e8b53, RV64_FCVT_D_W, 22, 29, 0, 0, 0, 0x0, 0},   /* fcvt.d.w f22, x29 */
    {0xd2028c53, RV64_FCVT_D_W, 24, 5, 0, 0, 0, 0x0, 0},    /* fcvt.d.w f24, x5 */
    {0xd21185d3, RV64_FCVT_D_WU, 11, 3, 0, 0, 0, 0x0, 0},   /* fcvt.d.wu f11, x3 */
    {0xd2198dd3, RV64_FCVT_D_WU, 27, 19, 0, 0, 0, 0x0, 0},  /* fcvt.d.wu f27, x19 */
    {0xd22492d3, RV64_FCVT_D_L, 5, 9, 0, 0, 0, 0x0, 0},	    /* fcvt.d.l f5, x9, rtz */
    {0xd2234a53, RV64_FCVT_D_L, 20, 6, 0, 0, 0, 0x0, 0},    /* fcvt.d.l f20, x6, rmm */
    {0xd2358b53, RV64_FCVT_D_LU, 22, 11, 0, 0, 0, 0x0, 0},  /* fcvt.d.lu f22, x11, rne */
    {0xd23bc5d3, RV64_FCVT_D_LU, 11, 23, 0, 0, 0, 0x0, 0},  /* fcvt.d.lu f11, x23, rmm */
    {0xf2020ad3, RV64_FMV_D_X, 21, 4, 0, 0, 0, 0x0, 0},	    /* fmv.d.x f21, x4 */
    {0xf20189d3, RV64_FMV_D_X, 19, 3, 0, 0, 0, 0x0, 0},	    /* fmv.d.x f19, x3 */
    {0x21a820b3, RV64_SH1ADD, 1, 16, 26, 0, 0, 0x0, 0},	    /* sh1add x1, x16, x26 */
    {0x21e429b3, RV64_SH1ADD, 19, 8, 30, 0, 0, 0x0, 0},	    /* sh1add x19, x8, x30 */
    {0x2103c333, RV64_SH2ADD, 6, 7, 16, 0, 0, 0x0, 0},	    /* sh2add x6, x7, x16 */
    {0x20d348b3, RV64_SH2ADD, 17, 6, 13, 0, 0, 0x0, 0},	    /* sh2add x17, x6, x13 */
    {0x20dde0b3, RV64_SH3ADD, 1, 27, 13, 0, 0, 0x0, 0},	    /* sh3add x1, x27, x13 */
    {0x209d66b3, RV64_SH3ADD, 13, 26, 9, 0, 0, 0x0, 0},	    /* sh3add x13, x26, x9 */
    {0x0981043b, RV64_ADD_UW, 8, 2, 24, 0, 0, 0x0, 0},	    /* add.uw x8, x2, x24 */
    {0x09a78dbb, RV64_ADD_UW, 27, 15, 26, 0, 0, 0x0, 0},    /* add.uw x27, x15, x26 */
    {0x2106a4bb, RV64_SH1ADD_UW, 9, 13, 16, 0, 0, 0x0, 0},  /* sh1add.uw x9, x13, x16 */
    {0x203120bb, RV64_SH1ADD_UW, 1, 2, 3, 0, 0, 0x0, 0},    /* sh1add.uw x1, x2, x3 */
    {0x2112483b, RV64_SH2ADD_UW, 16, 4, 17, 0, 0, 0x0, 0},  /* sh2add.uw x16, x4, x17 */
    {0x206046bb, RV64_SH2ADD_UW, 13, 0, 6, 0, 0, 0x0, 0},   /* sh2add.uw x13, x0, x6 */
    {0x218e61bb, RV64_SH3ADD_UW, 3, 28, 24, 0, 0, 0x0, 0},  /* sh3add.uw x3, x28, x24 */
    {0x20a26abb, RV64_SH3ADD_UW, 21, 4, 10, 0, 0, 0x0, 0},  /* sh3add.uw x21, x4, x10 */
    {0x08259c9b, RV64_SLLI_UW, 25, 11, 0, 0, 2, 0x0, 0},    /* slli.uw x25, x11, 2 */
    {0x081d131b, RV64_SLLI_UW, 6, 26, 0, 0, 1, 0x0, 0},	    /* slli.uw x6, x26, 1 */
    {0x41f47533, RV64_ANDN, 10, 8, 31, 0, 0, 0x0, 0},	    /* andn x10, x8, x31 */
    {0x4177f1b3, RV64_ANDN, 3, 15, 23, 0, 0, 0x0, 0},	    /* andn x3, x15, x23 */
    {0x412e63b3, RV64_ORN, 7, 28, 18, 0, 0, 0x0, 0},	    /* orn x7, x28, x18 */
    {0x40bde7b3, RV64_ORN, 15, 27, 11, 0, 0, 0x0, 0},	    /* orn x15, x27, x11 */
    {0x40fd4f33, RV64_XNOR, 30, 26, 15, 0, 0, 0x0, 0},	    /* xnor x30, x26, x15 */
    {0x412a4bb3, RV64_XNOR, 23, 20, 18, 0, 0, 0x0, 0},	    /* xnor x23, x20, x18 */
    {0x60091c93, RV64_CLZ, 25, 18, 0, 0, 0, 0x0, 0},	    /* clz x25, x18 */
    {0x60089893, RV64_CLZ, 17, 17, 0, 0, 0, 0x0, 0},	    /* clz x17, x17 */
    {0x60179e13, RV64_CTZ, 28, 15, 0, 0, 0, 0x0, 0},	    /* ctz x28, x15 */
    {0x60119e13, RV64_CTZ, 28, 3, 0, 0, 0, 0x0, 0},	    /* ctz x28, x3 */
    {0x60219793, RV64_CPOP, 15, 3, 0, 0, 0, 0x0, 0},	    /* cpop x15, x3 */
    {0x60299313, RV64_CPOP, 6, 19, 0, 0, 0, 0x0, 0},	    /* cpop x6, x19 */
    {0x60089b1b, RV64_CLZW, 22, 17, 0, 0, 0, 0x0, 0},	    /* clzw x22, x17 */
    {0x600d941b, RV64_CLZW, 8, 27, 0, 0, 0, 0x0, 0},	    /* clzw x8, x27 */
    {0x60111e9b, RV64_CTZW, 29, 2, 0, 0, 0, 0x0, 0},	    /* ctzw x29, x2 */
    {0x6019951b, RV64_CTZW, 10, 19, 0, 0, 0, 0x0, 0},	    /* ctzw x10, x19 */
    {0x6023179b, RV64_CPOPW, 15, 6, 0, 0, 0, 0x0, 0},	    /* cpopw x15, x6 */
    {0x602e1a1b, RV64_CPOPW, 20, 28, 0, 0, 0, 0x0, 0},	    /* cpopw x20, x28 */
    {0x0b41ef33, RV64_MAX, 30, 3, 20, 0, 0, 0x0, 0},	    /* max x30, x3, x20 */
    {0x0ab464b3, RV64_MAX, 9, 8, 11, 0, 0, 0x0, 0},	    /* max x9, x8, x11 */
    {0x0bee7cb3, RV64_MAXU, 25, 28, 30, 0, 0, 0x0, 0},	    /* maxu x25, x28, x30 */
    {0x0a917333, RV64_MAXU, 6, 2, 9, 0, 0, 0x0, 0},	    /* maxu x6, x2, x9 */
    {0x0bf244b3, RV64_MIN, 9, 4, 31, 0, 0, 0x0, 0},	    /* min x9, x4, x31 */
    {0x0bb34533, RV64_MIN, 10, 6, 27, 0, 0, 0x0, 0},	    /* min x10, x6, x27 */
    {0x0b3156b3, RV64_MINU, 13, 2, 19, 0, 0, 0x0, 0},	    /* minu x13, x2, x19 */
    {0x0abb59b3, RV64_MINU, 19, 22, 11, 0, 0, 0x0, 0},	    /* minu x19, x22, x11 */
    {0x60469813, RV64_SEXT_B, 16, 13, 0, 0, 0, 0x0, 0},	    /* sext.b x16, x13 */
    {0x60441b93, RV64_SEXT_B, 23, 8, 0, 0, 0, 0x0, 0},	    /* sext.b x23, x8 */
    {0x605a1713, RV64_SEXT_H, 14, 20, 0, 0, 0, 0x0, 0},	    /* sext.h x14, x20 */
    {0x605e1793, RV64_SEXT_H, 15, 28, 0, 0, 0, 0x0, 0},	    /* sext.h x15, x28 */
    {0x0805cf3b, RV64_ZEXT_H, 30, 11, 0, 0, 0, 0x0, 0},	    /* zext.h x30, x11 */
    {0x0803cebb, RV64_ZEXT_H, 29, 7, 0, 0, 0, 0x0, 0},	    /* zext.h x29, x7 */
    {0x601d1233, RV64_ROL, 4, 26, 1, 0, 0, 0x0, 0},	    /* rol x4, x26, x1 */
    {0x61ae91b3, RV64_ROL, 3, 29, 26, 0, 0, 0x0, 0},	    /* rol x3, x29, x26 */
    {0x61b1163b, RV64_ROLW, 12, 2, 27, 0, 0, 0x0, 0},	    /* rolw x12, x2, x27 */
    {0x61ef9e3b, RV64_ROLW, 28, 31, 30, 0, 0, 0x0, 0},	    /* rolw x28, x31, x30 */
    {0x61ca5cb3, RV64_ROR, 25, 20, 28, 0, 0, 0x0, 0},	    /* ror x25, x20, x28 */
    {0x61e0dfb3, RV64_ROR, 31, 1, 30, 0, 0, 0x0, 0},	    /* ror x31, x1, x30 */
    {0x6053dbbb, RV64_RORW, 23, 7, 5, 0, 0, 0x0, 0},	    /* rorw x23, x7, x5 */
    {0x616addbb, RV64_RORW, 27, 21, 22, 0, 0, 0x0, 0},	    /* rorw x27, x21, x22 */
    {0x60cc5e93, RV64_RORI, 29, 24, 0, 0, 12, 0x0, 0},	    /* rori x29, x24, 12 */
    {0x61615393, RV64_RORI, 7, 2, 0, 0, 22, 0x0, 0},	    /* rori x7, x2, 22 */
    {0x60f95f1b, RV64_RORIW, 30, 18, 0, 0, 15, 0x0, 0},	    /* roriw x30, x18, 15 */
    {0x60ffd29b, RV64_RORIW, 5, 31, 0, 0, 15, 0x0, 0},	    /* roriw x5, x31, 15 */
    {0x28795c13, RV64_ORC_B, 24, 18, 0, 0, 0, 0x0, 0},	    /* orc.b x24, x18 */
    {0x287fd793, RV64_ORC_B, 15, 31, 0, 0, 0, 0x0, 0},	    /* orc.b x15, x31 */
    {0x6b83d113, RV64_REV8, 2, 7, 0, 0, 0, 0x0, 0},	    /* rev8 x2, x7 */
    {0x6b8c5e93, RV64_REV8, 29, 24, 0, 0, 0, 0x0, 0},	    /* rev8 x29, x24 */
    {0x491b1833, RV64_BCLR, 16, 22, 17, 0, 0, 0x0, 0},	    /* bclr x16, x22, x17 */
    {0x499e98b3, RV64_BCLR, 17, 29, 25, 0, 0, 0x0, 0},	    /* bclr x17, x29, x25 */
    {0x491d9413, RV64_BCLRI, 8, 27, 0, 0, 17, 0x0, 0},	    /* bclri x8, x27, 17 */
    {0x4a861f13, RV64_BCLRI, 30, 12, 0, 0, 40, 0x0, 0},	    /* bclri x30, x12, 40 */
    {0x4970d033, RV64_BEXT, 0, 1, 23, 0, 0, 0x0, 0},	    /* bext x0, x1, x23 */
    {0x49dbd933, RV64_BEXT, 18, 23, 29, 0, 0, 0x0, 0},	    /* bext x18, x23, x29 */
    {0x49155313, RV64_BEXTI, 6, 10, 0, 0, 17, 0x0, 0},	    /* bexti x6, x10, 17 */
    {0x48bcd093, RV64_BEXTI, 1, 25, 0, 0, 11, 0x0, 0},	    /* bexti x1, x25, 11 */
    {0x686718b3, RV64_BINV, 17, 14, 6, 0, 0, 0x0, 0},	    /* binv x17, x14, x6 */
    {0x688316b3, RV64_BINV, 13, 6, 8, 0, 0, 0x0, 0},	    /* binv x13, x6, x8 */
    {0x686b9693, RV64_BINVI, 13, 23, 0, 0, 6, 0x0, 0},	    /* binvi x13, x23, 6 */
    {0x68401d93, RV64_BINVI, 27, 0, 0, 0, 4, 0x0, 0},	    /* binvi x27, x0, 4 */
    {0x286a10b3, RV64_BSET, 1, 20, 6, 0, 0, 0x0, 0},	    /* bset x1, x20, x6 */
    {0x290e11b3, RV64_BSET, 3, 28, 16, 0, 0, 0x0, 0},	    /* bset x3, x28, x16 */
    {0x29321e13, RV64_BSETI, 28, 4, 0, 0, 19, 0x0, 0},	    /* bseti x28, x4, 19 */
    {0x28b39d13, RV64_BSETI, 26, 7, 0, 0, 11, 0x0, 0},	    /* bseti x26, x7, 11 */
    {0x1fc0, RV64_ADDI, 8, 2, 0, 0, 1012, 0x0, 0},	    /* c.addi4spn x8, sp, 1012 */
    {0x13dc, RV64_ADDI, 15, 2, 0, 0, 484, 0x0, 0},	    /* c.addi4spn x15, sp, 484 */
    {0x017c, RV64_ADDI, 15, 2, 0, 0, 140, 0x0, 0},	    /* c.addi4spn x15, sp, 140 */
    {0x0f34, RV64_ADDI, 13, 2, 0, 0, 920, 0x0, 0},	    /* c.addi4spn x13, sp, 920 */
    {0x2c44, RV64_FLD, 9, 8, 0, 0, 152, 0x0, 0},	    /* c.fld f9, 152(x8) */
    {0x3f48, RV64_FLD, 10, 14, 0, 0, 184, 0x0, 0},	    /* c.fld f10, 184(x14) */
    {0x3f30, RV64_FLD, 12, 14, 0, 0, 120, 0x0, 0},	    /* c.fld f12, 120(x14) */
    {0x3184, RV64_FLD, 9, 11, 0, 0, 32, 0x0, 0},	    /* c.fld f9, 32(x11) */
    {0x5d00, RV64_LW, 8, 10, 0, 0, 56, 0x0, 0},		    /* c.lw x8, 56(x10) */
    {0x4a4c, RV64_LW, 11, 12, 0, 0, 20, 0x0, 0},	    /* c.lw x11, 20(x12) */
    {0x5de8, RV64_LW, 10, 11, 0, 0, 124, 0x0, 0},	    /* c.lw x10, 124(x11) */
    {0x4d90, RV64_LW, 12, 11, 0, 0, 24, 0x0, 0},	    /* c.lw x12, 24(x11) */
    {0x62e0, RV64_LD, 8, 13, 0, 0, 192, 0x0, 0},	    /* c.ld x8, 192(x13) */
    {0x7d40, RV64_LD, 8, 10, 0, 0, 184, 0x0, 0},	    /* c.ld x8, 184(x10) */
    {0x6a24, RV64_LD, 9, 12, 0, 0, 80, 0x0, 0},		    /* c.ld x9, 80(x12) */
    {0x7fd0, RV64_LD, 12, 15, 0, 0, 184, 0x0, 0},	    /* c.ld x12, 184(x15) */
    {0xa2dc, RV64_FSD, 0, 13, 15, 0, 128, 0x0, 0},	    /* c.fsd f15, 128(x13) */
    {0xbbd4, RV64_FSD, 0, 15, 13, 0, 176, 0x0, 0},	    /* c.fsd f13, 176(x15) */
    {0xba00, RV64_FSD, 0, 12, 8, 0, 48, 0x0, 0},	    /* c.fsd f8, 48(x12) */
    {0xb3ac, RV64_FSD, 0, 15, 11, 0, 96, 0x0, 0},	    /* c.fsd f11, 96(x15) */
    {0xc95c, RV64_SW, 0, 10, 15, 0, 20, 0x0, 0},	    /* c.sw x15, 20(x10) */
    {0xc654, RV64_SW, 0, 12, 13, 0, 12, 0x0, 0},	    /* c.sw x13, 12(x12) */
    {0xcdb0, RV64_SW, 0, 11, 12, 0, 88, 0x0, 0},	    /* c.sw x12, 88(x11) */
    {0xdc6c, RV64_SW, 0, 8, 11, 0, 124, 0x0, 0},	    /* c.sw x11, 124(x8) */
    {0xf768, RV64_SD, 0, 14, 10, 0, 232, 0x0, 0},	    /* c.sd x10, 232(x14) */
    {0xfdf0, RV64_SD, 0, 11, 12, 0, 248, 0x0, 0},	    /* c.sd x12, 248(x11) */
    {0xe798, RV64_SD, 0, 15, 14, 0, 8, 0x0, 0},		    /* c.sd x14, 8(x15) */
    {0xfb18, RV64_SD, 0, 14, 14, 0, 48, 0x0, 0},	    /* c.sd x14, 48(x14) */
    {0x0001, RV64_ADDI, 0, 0, 0, 0, 0, 0x0, 0},		    /* c.nop */
    {0x1919, RV64_ADDI, 18, 18, 0, 0, -26, 0x0, 0},	    /* c.addi x18, -26 */
    {0x1331, RV64_ADDI, 6, 6, 0, 0, -20, 0x0, 0},	    /* c.addi x6, -20 */
    {0x0725, RV64_ADDI, 14, 14, 0, 0, 9, 0x0, 0},	    /* c.addi x14, 9 */
    {0x05dd, RV64_ADDI, 11, 11, 0, 0, 23, 0x0, 0},	    /* c.addi x11, 23 */
    {0x3b05, RV64_ADDIW, 22, 22, 0, 0, -31, 0x0, 0},	    /* c.addiw x22, -31 */
    {0x2e71, RV64_ADDIW, 28, 28, 0, 0, 28, 0x0, 0},	    /* c.addiw x28, 28 */
    {0x3ae1, RV64_ADDIW, 21, 21, 0, 0, -8, 0x0, 0},	    /* c.addiw x21, -8 */
    {0x2959, RV64_ADDIW, 18, 18, 0, 0, 22, 0x0, 0},	    /* c.addiw x18, 22 */
    {0x5d15, RV64_ADDI, 26, 0, 0, 0, -27, 0x0, 0},	    /* c.li x26, -27 */
    {0x48d1, RV64_ADDI, 17, 0, 0, 0, 20, 0x0, 0},	    /* c.li x17, 20 */
    {0x5c4d, RV64_ADDI, 24, 0, 0, 0, -13, 0x0, 0},	    /* c.li x24, -13 */
    {0x492d, RV64_ADDI, 18, 0, 0, 0, 11, 0x0, 0},	    /* c.li x18, 11 */
    {0x6145, RV64_ADDI, 2, 2, 0, 0, 48, 0x0, 0},	    /* c.addi16sp sp, 48 */
    {0x717d, RV64_ADDI, 2, 2, 0, 0, -16, 0x0, 0},	    /* c.addi16sp sp, -16 */
    {0x6125, RV64_ADDI, 2, 2, 0, 0, 96, 0x0, 0},	    /* c.addi16sp sp, 96 */
    {0x6175, RV64_ADDI, 2, 2, 0, 0, 368, 0x0, 0},	    /* c.addi16sp sp, 368 */
    {0x60cd, RV64_LUI, 1, 0, 0, 0, 77824, 0x0, 0},	    /* c.lui x1, 0x13 */
    {0x64f5, RV64_LUI, 9, 0, 0, 0, 118784, 0x0, 0},	    /* c.lui x9, 0x1d */
    {0x7b05, RV64_LUI, 22, 0, 0, 0, -126976, 0x0, 0},	    /* c.lui x22, 0xfffe1 */
    {0x63e9, RV64_LUI, 7, 0, 0, 0, 106496, 0x0, 0},	    /* c.lui x7, 0x1a */
    {0x818d, RV64_SRLI, 11, 11, 0, 0, 3, 0x0, 0},	    /* c.srli x11, 3 */
    {0x81dd, RV64_SRLI, 11, 11, 0, 0, 23, 0x0, 0},	    /* c.srli x11, 23 */
    {0x93b5, RV64_SRLI, 15, 15, 0, 0, 45, 0x0, 0},	    /* c.srli x15, 45 */
    {0x93a9, RV64_SRLI, 15, 15, 0, 0, 42, 0x0, 0},	    /* c.srli x15, 42 */
    {0x9651, RV64_SRAI, 12, 12, 0, 0, 52, 0x0, 0},	    /* c.srai x12, 52 */
    {0x85f1, RV64_SRAI, 11, 11, 0, 0, 28, 0x0, 0},	    /* c.srai x11, 28 */
    {0x8441, RV64_SRAI, 8, 8, 0, 0, 16, 0x0, 0},	    /* c.srai x8, 16 */
    {0x8565, RV64_SRAI, 10, 10, 0, 0, 25, 0x0, 0},	    /* c.srai x10, 25 */
    {0x9afd, RV64_ANDI, 13, 13, 0, 0, -1, 0x0, 0},	    /* c.andi x13, -1 */
    {0x8aa5, RV64_ANDI, 13, 13, 0, 0, 9, 0x0, 0},	    /* c.andi x13, 9 */
    {0x8b49, RV64_ANDI, 14, 14, 0, 0, 18, 0x0, 0},	    /* c.andi x14, 18 */
    {0x9941, RV64_ANDI, 10, 10, 0, 0, -16, 0x0, 0},	    /* c.andi x10, -16 */
    {0x8e85, RV64_SUB, 13, 13, 9, 0, 0, 0x0, 0},	    /* c.sub x13, x9 */
    {0x8f99, RV64_SUB, 15, 15, 14, 0, 0, 0x0, 0},	    /* c.sub x15, x14 */
    {0x8c91, RV64_SUB, 9, 9, 12, 0, 0, 0x0, 0},		    /* c.sub x9, x12 */
    {0x8e05, RV64_SUB, 12, 12, 9, 0, 0, 0x0, 0},	    /* c.sub x12, x9 */
    {0x8fad, RV64_XOR, 15, 15, 11, 0, 0, 0x0, 0},	    /* c.xor x15, x11 */
    {0x8c35, RV64_XOR, 8, 8, 13, 0, 0, 0x0, 0},		    /* c.xor x8, x13 */
    {0x8e3d, RV64_XOR, 12, 12, 15, 0, 0, 0x0, 0},	    /* c.xor x12, x15 */
    {0x8f25, RV64_XOR, 14, 14, 9, 0, 0, 0x0, 0},	    /* c.xor x14, x9 */
    {0x8f41, RV64_OR, 14, 14, 8, 0, 0, 0x0, 0},		    /* c.or x14, x8 */
    {0x8c49, RV64_OR, 8, 8, 10, 0, 0, 0x0, 0},		    /* c.or x8, x10 */
    {0x8ed9, RV64_OR, 13, 13, 14, 0, 0, 0x0, 0},	    /* c.or x13, x14 */
    {0x8cd5, RV64_OR, 9, 9, 13, 0, 0, 0x0, 0},		    /* c.or x9, x13 */
    {0x8ff9, RV64_AND, 15, 15, 14, 0, 0, 0x0, 0},	    /* c.and x15, x14 */
    {0x8ced, RV64_AND, 9, 9, 11, 0, 0, 0x0, 0},		    /* c.and x9, x11 */
    {0x8c7d, RV64_AND, 8, 8, 15, 0, 0, 0x0, 0},		    /* c.and x8, x15 */
    {0x8d75, RV64_AND, 10, 10, 13, 0, 0, 0x0, 0},	    /* c.and x10, x13 */
    {0x9f19, RV64_SUBW, 14, 14, 14, 0, 0, 0x0, 0},	    /* c.subw x14, x14 */
    {0x9e0d, RV64_SUBW, 12, 12, 11, 0, 0, 0x0, 0},	    /* c.subw x12, x11 */
    {0x9c95, RV64_SUBW, 9, 9, 13, 0, 0, 0x0, 0},	    /* c.subw x9, x13 */
    {0x9e8d, RV64_SUBW, 13, 13, 11, 0, 0, 0x0, 0},	    /* c.subw x13, x11 */
    {0x9f39, RV64_ADDW, 14, 14, 14, 0, 0, 0x0, 0},	    /* c.addw x14, x14 */
    {0x9e3d, RV64_ADDW, 12, 12, 15, 0, 0, 0x0, 0},	    /* c.addw x12, x15 */
    {0x9fa1, RV64_ADDW, 15, 15, 8, 0, 0, 0x0, 0},	    /* c.addw x15, x8 */
    {0x9d21, RV64_ADDW, 10, 10, 8, 0, 0, 0x0, 0},	    /* c.addw x10, x8 */
    {0xb5e9, RV64_JAL, 0, 0, 0, 0, -310, 0x0, 0},	    /* c.j .-310 */
    {0xa279, RV64_JAL, 0, 0, 0, 0, 398, 0x0, 0},	    /* c.j .+398 */
    {0xa1a9, RV64_JAL, 0, 0, 0, 0, 1098, 0x0, 0},	    /* c.j .+1098 */
    {0xb4c1, RV64_JAL, 0, 0, 0, 0, -1344, 0x0, 0},	    /* c.j .-1344 */
    {0xc9f5, RV64_BEQ, 0, 11, 0, 0, 244, 0x0, 0},	    /* c.beqz x11, .+244 */
    {0xd0a1, RV64_BEQ, 0, 9, 0, 0, -192, 0x0, 0},	    /* c.beqz x9, .-192 */
    {0xd181, RV64_BEQ, 0, 11, 0, 0, -256, 0x0, 0},	    /* c.beqz x11, .-256 */
    {0xd715, RV64_BEQ, 0, 14, 0, 0, -212, 0x0, 0},	    /* c.beqz x14, .-212 */
    {0xefed, RV64_BNE, 0, 15, 0, 0, 250, 0x0, 0},	    /* c.bnez x15, .+250 */
    {0xe215, RV64_BNE, 0, 12, 0, 0, 36, 0x0, 0},	    /* c.bnez x12, .+36 */
    {0xf08d, RV64_BNE, 0, 9, 0, 0, -222, 0x0, 0},	    /* c.bnez x9, .-222 */
    {0xf89d, RV64_BNE, 0, 9, 0, 0, -202, 0x0, 0},	    /* c.bnez x9, .-202 */
    {0x128e, RV64_SLLI, 5, 5, 0, 0, 35, 0x0, 0},	    /* c.slli x5, 35 */
    {0x1d0a, RV64_SLLI, 26, 26, 0, 0, 34, 0x0, 0},	    /* c.slli x26, 34 */
    {0x0bda, RV64_SLLI, 23, 23, 0, 0, 22, 0x0, 0},	    /* c.slli x23, 22 */
    {0x0936, RV64_SLLI, 18, 18, 0, 0, 13, 0x0, 0},	    /* c.slli x18, 13 */
    {0x3d7e, RV64_FLD, 26, 2, 0, 0, 504, 0x0, 0},	    /* c.fldsp f26, 504(sp) */
    {0x246a, RV64_FLD, 8, 2, 0, 0, 152, 0x0, 0},	    /* c.fldsp f8, 152(sp) */
    {0x3ffa, RV64_FLD, 31, 2, 0, 0, 440, 0x0, 0},	    /* c.fldsp f31, 440(sp) */
    {0x3c1e, RV64_FLD, 24, 2, 0, 0, 480, 0x0, 0},	    /* c.fldsp f24, 480(sp) */
    {0x45f6, RV64_LW, 11, 2, 0, 0, 92, 0x0, 0},		    /* c.lwsp x11, 92(sp) */
    {0x4286, RV64_LW, 5, 2, 0, 0, 64, 0x0, 0},		    /* c.lwsp x5, 64(sp) */
    {0x4b32, RV64_LW, 22, 2, 0, 0, 12, 0x0, 0},		    /* c.lwsp x22, 12(sp) */
    {0x5986, RV64_LW, 19, 2, 0, 0, 96, 0x0, 0},		    /* c.lwsp x19, 96(sp) */
    {0x7dbe, RV64_LD, 27, 2, 0, 0, 488, 0x0, 0},	    /* c.ldsp x27, 488(sp) */
    {0x7896, RV64_LD, 17, 2, 0, 0, 352, 0x0, 0},	    /* c.ldsp x17, 352(sp) */
    {0x60ee, RV64_LD, 1, 2, 0, 0, 216, 0x0, 0},		    /* c.ldsp x1, 216(sp) */
    {0x7baa, RV64_LD, 23, 2, 0, 0, 168, 0x0, 0},	    /* c.ldsp x23, 168(sp) */
    {0x8982, RV64_JALR, 0, 19, 0, 0, 0, 0x0, 0},	    /* c.jr x19 */
    {0x8582, RV64_JALR, 0, 11, 0, 0, 0, 0x0, 0},	    /* c.jr x11 */
    {0x8102, RV64_JALR, 0, 2, 0, 0, 0, 0x0, 0},		    /* c.jr x2 */
    {0x8702, RV64_JALR, 0, 14, 0, 0, 0, 0x0, 0},	    /* c.jr x14 */
    {0x847e, RV64_ADD, 8, 0, 31, 0, 0, 0x0, 0},		    /* c.mv x8, x31 */
    {0x856e, RV64_ADD, 10, 0, 27, 0, 0, 0x0, 0},	    /* c.mv x10, x27 */
    {0x87b2, RV64_ADD, 15, 0, 12, 0, 0, 0x0, 0},	    /* c.mv x15, x12 */
    {0x863e, RV64_ADD, 12, 0, 15, 0, 0, 0x0, 0},	    /* c.mv x12, x15 */
    {0x9002, RV64_EBREAK, 0, 0, 0, 0, 0, 0x0, 0},	    /* c.ebreak */
    {0x9602, RV64_JALR, 1, 12, 0, 0, 0, 0x0, 0},	    /* c.jalr x12 */
    {0x9182, RV64_JALR, 1, 3, 0, 0, 0, 0x0, 0},		    /* c.jalr x3 */
    {0x9a82, RV64_JALR, 1, 21, 0, 0, 0, 0x0, 0},	    /* c.jalr x21 */
    {0x9882, RV64_JALR, 1, 17, 0, 0, 0, 0x0, 0},	    /* c.jalr x17 */
    {0x9b5a, RV64_ADD, 22, 22, 22, 0, 0, 0x0, 0},	    /* c.add x22, x22 */
    {0x9772, RV64_ADD, 14, 14, 28, 0, 0, 0x0, 0},	    /* c.add x14, x28 */
    {0x98b6, RV64_ADD, 17, 17, 13, 0, 0, 0x0, 0},	    /* c.add x17, x13 */
    {0x96ca, RV64_ADD, 13, 13, 18, 0, 0, 0x0, 0},	    /* c.add x13, x18 */
    {0xaba6, RV64_FSD, 0, 2, 9, 0, 464, 0x0, 0},	    /* c.fsdsp f9, 464(sp) */
    {0xbae6, RV64_FSD, 0, 2, 25, 0, 368, 0x0, 0},	    /* c.fsdsp f25, 368(sp) */
    {0xb79e, RV64_FSD, 0, 2, 7, 0, 488, 0x0, 0},	    /* c.fsdsp f7, 488(sp) */
    {0xbfa2, RV64_FSD, 0, 2, 8, 0, 504, 0x0, 0},	    /* c.fsdsp f8, 504(sp) */
    {0xd216, RV64_SW, 0, 2, 5, 0, 36, 0x0, 0},		    /* c.swsp x5, 36(sp) */
    {0xc5ca, RV64_SW, 0, 2, 18, 0, 200, 0x0, 0},	    /* c.swsp x18, 200(sp) */
    {0xcf22, RV64_SW, 0, 2, 8, 0, 156, 0x0, 0},		    /* c.swsp x8, 156(sp) */
    {0xdaa2, RV64_SW, 0, 2, 8, 0, 116, 0x0, 0},		    /* c.swsp x8, 116(sp) */
    {0xf50a, RV64_SD, 0, 2, 2, 0, 168, 0x0, 0},		    /* c.sdsp x2, 168(sp) */
    {0xe526, RV64_SD, 0, 2, 9, 0, 136, 0x0, 0},		    /* c.sdsp x9, 136(sp) */
    {0xfd66, RV64_SD, 0, 2, 25, 0, 184, 0x0, 0},	    /* c.sdsp x25, 184(sp) */
    {0xf3ee, RV64_SD, 0, 2, 27, 0, 480, 0x0, 0},	    /* c.sdsp x27, 480(sp) */
};

static void test_vectors_decode(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(vectors); i++) {
		const struct decode_vector *v = &vectors[i];
		struct rv64_insn d;
		char what[64];

		snprintf(what, sizeof(what), "vector %zu raw 0x%08x", i, v->raw);
		if (rv64_decode(v->raw, &d) != 0)
			fail_msg("%s: rejected", what);
		if (d.id != v->id)
			fail_msg("%s: id %s, want %s", what, rv64_insn_name(d.id),
				 rv64_insn_name(v->id));
		assert_int_equal(d.len, (v->raw & 3) == 3 ? 4 : 2);
		assert_int_equal(d.raw, v->raw);
		if (d.rd != v->rd || d.rs1 != v->rs1 || d.rs2 != v->rs2 || d.rs3 != v->rs3)
			fail_msg("%s: regs %u %u %u %u, want %u %u %u %u", what, d.rd, d.rs1, d.rs2,
				 d.rs3, v->rd, v->rs1, v->rs2, v->rs3);
		if (d.imm != v->imm)
			fail_msg("%s: imm %lld, want %lld", what, (long long)d.imm,
				 (long long)v->imm);
		assert_int_equal(d.csr, v->csr);
		assert_int_equal(d.aqrl, v->aqrl);
		if (d.fmt >= RV_FMT_FR)
			assert_int_equal(d.rm, (v->raw >> 12) & 7);
	}
}

static void test_every_id_has_a_vector(void **state)
{
	bool seen[RV64_INSN_COUNT] = {false};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(vectors); i++)
		seen[vectors[i].id] = true;
	for (unsigned id = 1; id < RV64_INSN_COUNT; id++)
		if (!seen[id])
			fail_msg("no vector for %s", rv64_insn_name(id));
}

/* The pattern table, rebuilt from the X-macro, has no overlapping patterns and the decoder
 * accepts exactly what it matches. */
struct pattern {
	uint32_t mask, match;
	uint16_t id;
};

static const struct pattern patterns[] = {
#define PATTERN(id_, name, fmt, mask_, match_) {(mask_), (match_), RV64_##id_},
    RV64_INSNS(PATTERN)
#undef PATTERN
};

static void test_table_consistent(void **state)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(patterns); i++)
		assert_int_equal(patterns[i].match & ~patterns[i].mask, 0);
	for (unsigned n = 0; n < 2000000; n++) {
		struct rv64_insn d;
		uint32_t raw;
		unsigned matches = 0;
		uint16_t id = RV64_ILLEGAL;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		raw = (uint32_t)(seed >> 32) | 3;
		/* Bias half the samples towards known patterns by copying a match. */
		if (n & 1) {
			const struct pattern *p = &patterns[(seed >> 8) % ARRAY_SIZE(patterns)];

			raw = (raw & ~p->mask) | p->match;
		}
		for (size_t i = 0; i < ARRAY_SIZE(patterns); i++) {
			if ((raw & patterns[i].mask) == patterns[i].match) {
				matches++;
				id = patterns[i].id;
			}
		}
		if (matches > 1)
			fail_msg("0x%08x matches %u patterns", raw, matches);
		if (rv64_decode(raw, &d) != (matches ? 0 : -1))
			fail_msg("0x%08x: decoder disagrees with the table", raw);
		assert_int_equal(d.id, id);
		assert_int_equal(d.len, 4);
	}
}

static void test_all_compressed_parcels(void **state)
{
	char buf[8];

	(void)state;
	for (uint32_t raw = 0; raw < 0x10000; raw++) {
		const uint8_t bytes[2] = {(uint8_t)raw, (uint8_t)(raw >> 8)};
		struct rv64_insn d;
		int ret;

		if ((raw & 3) == 3)
			continue;
		ret = rv64_decode(raw, &d);
		assert_int_equal(d.len, 2);
		assert_int_equal(d.raw, raw);
		if (ret == 0)
			assert_true(d.id > RV64_ILLEGAL && d.id < RV64_INSN_COUNT);
		else
			assert_int_equal(d.id, RV64_ILLEGAL);
		/* A tiny buffer: truncated, terminated, never overrun. */
		assert_int_equal(rv64_disas(buf, sizeof(buf), 0x1000, bytes, 2), 2);
		assert_true(memchr(buf, '\0', sizeof(buf)) != NULL);
	}
}

static void test_illegal(void **state)
{
	static const uint32_t illegal[] = {
	    0x0000,		     /* all-zero parcel (c.addi4spn with imm 0) */
	    0x0004,		     /* c.addi4spn s1, sp, 0 */
	    0x6081,		     /* c.lui ra, 0 */
	    0x6101,		     /* c.addi16sp sp, 0 */
	    0x8002,		     /* c.jr zero */
	    0x4002,		     /* c.lwsp zero, 0(sp) */
	    0x6002,		     /* c.ldsp zero, 0(sp) */
	    0x2001,		     /* c.addiw zero, 0 */
	    0x9c41,		     /* reserved CA encoding in the c.subw group */
	    0x9c61,		     /* reserved CA encoding in the c.subw group */
	    0x8000,		     /* quadrant 0, funct3 100 */
	    0xffffffff,		     /* all ones */
	    0x0000007f,		     /* >= 48-bit encoding space */
	    0x00004073,		     /* SYSTEM funct3 100 */
	    0x04001013,		     /* slli with a non-zero funct6 */
	    0x04000053,		     /* OP-FP fmt 10 (half) */
	    0x00000033 | (1u << 26), /* add with a stray funct7 bit */
	    0x0000700f,		     /* MISC-MEM funct3 111 */
	    0x0000402f,		     /* AMO funct3 100 */
	    0x10200073 | (1u << 7),  /* sret with rd != 0 */
	    0x6b905013,		     /* rev8 with a wrong shamt field */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(illegal); i++) {
		struct rv64_insn d;

		if (rv64_decode(illegal[i], &d) != -1)
			fail_msg("0x%08x decoded as %s", illegal[i], rv64_insn_name(d.id));
		assert_int_equal(d.id, RV64_ILLEGAL);
		assert_int_equal(d.len, (illegal[i] & 3) == 3 ? 4 : 2);
	}
}

static void test_decode_hints_are_legal(void **state)
{
	struct rv64_insn d;

	(void)state;
	/* c.nop, c.li zero, 5, c.lui zero, 1 (HINTs) decode normally. */
	assert_int_equal(rv64_decode(0x0001, &d), 0);
	assert_int_equal(d.id, RV64_ADDI);
	assert_int_equal(rv64_decode(0x4015, &d), 0);
	assert_int_equal(d.id, RV64_ADDI);
	assert_int_equal(d.rd, 0);
	assert_int_equal(d.imm, 5);
	assert_int_equal(rv64_decode(0x6005, &d), 0);
	assert_int_equal(d.id, RV64_LUI);
	assert_int_equal(d.imm, 0x1000);
	/* The high half of a 16-bit parcel is ignored. */
	assert_int_equal(rv64_decode(0xabcd0505, &d), 0);
	assert_int_equal(d.raw, 0x0505);
	assert_int_equal(d.imm, 1);
}

struct disas_case {
	uint64_t pc;
	uint32_t raw;
	int len;
	const char *text;
};

static const struct disas_case disas_cases[] = {
    {0x1000, 0x00150513, 4, "addi a0, a0, 1"},
    {0x1000, 0x0505, 2, "addi a0, a0, 1"},
    {0x1000, 0x00b50463, 4, "beq a0, a1, 0x1008"},
    {0x1000, 0xfe0b9ee3, 4, "bne s7, zero, 0xffc"},
    {0x80000000, 0x0100006f, 4, "jal zero, 0x80000010"},
    {0x1000, 0x12345537, 4, "lui a0, 0x12345"},
    {0x1000, 0x00813503, 4, "ld a0, 8(sp)"},
    {0x1000, 0xfea13c23, 4, "sd a0, -8(sp)"},
    {0x1000, 0x06c5a52f, 4, "amoadd.w.aqrl a0, a2, (a1)"},
    {0x1000, 0x1005b52f, 4, "lr.d a0, (a1)"},
    {0x1000, 0x02c59553, 4, "fadd.d fa0, fa1, fa2, rtz"},
    {0x1000, 0x02c5f553, 4, "fadd.d fa0, fa1, fa2"},
    {0x1000, 0xa2b52553, 4, "feq.d a0, fa0, fa1"},
    {0x1000, 0x30059573, 4, "csrrw a0, mstatus, a1"},
    {0x1000, 0x34215073, 4, "csrrwi zero, mcause, 2"},
    {0x1000, 0x0ff0000f, 4, "fence iorw, iorw"},
    {0x1000, 0x30200073, 4, "mret"},
    {0x1000, 0x9002, 2, "ebreak"},
    {0x1000, 0x8082, 2, "jalr zero, 0(ra)"},
    {0x1000, 0x60051513, 4, "clz a0, a0"},
    {0x1000, 0x03f51513, 4, "slli a0, a0, 0x3f"},
    {0x1000, 0x0000, 2, ".insn 2, 0x0000"},
    {0x1000, 0xffffffff, 4, ".insn 4, 0xffffffff"},
};

static void test_disas(void **state)
{
	char buf[80];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(disas_cases); i++) {
		const struct disas_case *c = &disas_cases[i];

		uint8_t bytes[4] = {(uint8_t)c->raw, (uint8_t)(c->raw >> 8),
				    (uint8_t)(c->raw >> 16), (uint8_t)(c->raw >> 24)};

		assert_int_equal(rv64_disas(buf, sizeof(buf), c->pc, bytes, sizeof(bytes)), c->len);
		assert_string_equal(buf, c->text);
		/* fewer bytes than the instruction: nothing to disassemble */
		assert_int_equal(rv64_disas(buf, sizeof(buf), c->pc, bytes, c->len - 1), -EINVAL);
		assert_string_equal(buf, "");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vectors_decode),
	    cmocka_unit_test(test_every_id_has_a_vector),
	    cmocka_unit_test(test_table_consistent),
	    cmocka_unit_test(test_all_compressed_parcels),
	    cmocka_unit_test(test_illegal),
	    cmocka_unit_test(test_decode_hints_are_legal),
	    cmocka_unit_test(test_disas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
