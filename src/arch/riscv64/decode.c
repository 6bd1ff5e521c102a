/*
 * decode.c - riscv64 decoder and disassembler, driven by the tables of
 * decode.h (32-bit patterns) and of this file (compressed patterns).
 *
 * Lookup: at first use (pthread_once) every pattern is filed into buckets
 * keyed by the bits every table entry shares a meaning for: opcode[6:2]
 * and funct3 for 32-bit instructions, quadrant and funct3 for compressed
 * ones. A pattern that leaves part of the key free (lui, fadd.s with a
 * dynamic rounding mode...) is filed in every bucket it can match. A
 * lookup scans one bucket in table order; the first match wins.
 *
 * Compressed instructions decode to the 32-bit instruction they expand to;
 * a compressed pattern may require a non-zero rd or immediate, and an
 * encoding that matches a pattern but breaks its constraint is illegal
 * (reserved encodings such as c.addi4spn with imm 0 or c.jr x0).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "arch/riscv64/cpu.h"
#include "arch/riscv64/decode.h"

struct rv_pattern {
	uint32_t mask;
	uint32_t match;
};

struct rv_insn_desc {
	struct rv_pattern pat; /* first: the index builder reads it generically */
	uint16_t id;
	uint8_t fmt;
};

static const struct rv_insn_desc rv_insn_table[] = {
#define RV64_INSN_DESC(id_, name_, fmt_, mask_, match_)                                            \
	{.pat = {.mask = (mask_), .match = (match_)}, .id = RV64_##id_, .fmt = RV_FMT_##fmt_},
    RV64_INSNS(RV64_INSN_DESC)
#undef RV64_INSN_DESC
};

static const char *const rv_insn_names[RV64_INSN_COUNT] = {[RV64_ILLEGAL] = "illegal",
#define RV64_INSN_NAME(id, name, fmt, mask, match) [RV64_##id] = (name),
							   RV64_INSNS(RV64_INSN_NAME)
#undef RV64_INSN_NAME
};

static const uint32_t rv_insn_mask[RV64_INSN_COUNT] = {
#define RV64_INSN_MASK(id, name, fmt, mask, match) [RV64_##id] = (mask),
    RV64_INSNS(RV64_INSN_MASK)
#undef RV64_INSN_MASK
};

static const uint8_t rv_insn_fmt[RV64_INSN_COUNT] = {[RV64_ILLEGAL] = RV_FMT_NONE,
#define RV64_INSN_FMT(id, name, fmt, mask, match) [RV64_##id] = RV_FMT_##fmt,
						     RV64_INSNS(RV64_INSN_FMT)
#undef RV64_INSN_FMT
};

/* Compressed operand layouts (see the RVC chapter of the unprivileged spec). */
enum rvc_fmt {
	RVC_ADDI4SPN, /* CIW: rd', sp, nzuimm */
	RVC_LW,	      /* CL word: rd', uimm(rs1') */
	RVC_LD,	      /* CL double */
	RVC_SW,	      /* CS word: rs2', uimm(rs1') */
	RVC_SD,	      /* CS double */
	RVC_ADDI,     /* CI: rd = rs1, simm6 */
	RVC_LI,	      /* CI: rd, x0, simm6 */
	RVC_LUI,      /* CI: rd, simm6 << 12 */
	RVC_ADDI16SP, /* CI: sp, sp, nzimm * 16 */
	RVC_SLLI,     /* CI: rd = rs1, shamt6 */
	RVC_SHIFT,    /* CB: rd' = rs1', shamt6 */
	RVC_ANDI,     /* CB: rd' = rs1', simm6 */
	RVC_ALU,      /* CA: rd' = rs1', rs2' */
	RVC_J,	      /* CJ: jal x0, offset */
	RVC_BRANCH,   /* CB: rs1', x0, offset */
	RVC_LWSP,     /* CI: rd, uimm(sp) */
	RVC_LDSP,
	RVC_SWSP, /* CSS: rs2, uimm(sp) */
	RVC_SDSP,
	RVC_JR,	  /* CR: jalr x0, 0(rs1) */
	RVC_JALR, /* CR: jalr ra, 0(rs1) */
	RVC_MV,	  /* CR: add rd, x0, rs2 */
	RVC_ADD,  /* CR: add rd, rd, rs2 */
	RVC_NONE, /* ebreak */
};

#define RVC_NZ_RD  0x01 /* bits 11:7 must not be 0 */
#define RVC_NZ_IMM 0x02 /* the immediate must not be 0 */

struct rvc_desc {
	struct rv_pattern pat;
	uint16_t id; /* the 32-bit instruction it expands to */
	uint8_t fmt; /* enum rvc_fmt */
	uint8_t flags;
};

#define RVC_M_F3 0xe003u /* funct3 + quadrant */

static const struct rvc_desc rvc_table[] = {
    /* quadrant 0 */
    {{RVC_M_F3, 0x0000}, RV64_ADDI, RVC_ADDI4SPN, RVC_NZ_IMM},
    {{RVC_M_F3, 0x2000}, RV64_FLD, RVC_LD, 0},
    {{RVC_M_F3, 0x4000}, RV64_LW, RVC_LW, 0},
    {{RVC_M_F3, 0x6000}, RV64_LD, RVC_LD, 0},
    {{RVC_M_F3, 0xa000}, RV64_FSD, RVC_SD, 0},
    {{RVC_M_F3, 0xc000}, RV64_SW, RVC_SW, 0},
    {{RVC_M_F3, 0xe000}, RV64_SD, RVC_SD, 0},
    /* quadrant 1 */
    {{RVC_M_F3, 0x0001}, RV64_ADDI, RVC_ADDI, 0},
    {{RVC_M_F3, 0x2001}, RV64_ADDIW, RVC_ADDI, RVC_NZ_RD},
    {{RVC_M_F3, 0x4001}, RV64_ADDI, RVC_LI, 0},
    {{0xef83, 0x6101}, RV64_ADDI, RVC_ADDI16SP, RVC_NZ_IMM},
    {{RVC_M_F3, 0x6001}, RV64_LUI, RVC_LUI, RVC_NZ_IMM},
    {{0xec03, 0x8001}, RV64_SRLI, RVC_SHIFT, 0},
    {{0xec03, 0x8401}, RV64_SRAI, RVC_SHIFT, 0},
    {{0xec03, 0x8801}, RV64_ANDI, RVC_ANDI, 0},
    {{0xfc63, 0x8c01}, RV64_SUB, RVC_ALU, 0},
    {{0xfc63, 0x8c21}, RV64_XOR, RVC_ALU, 0},
    {{0xfc63, 0x8c41}, RV64_OR, RVC_ALU, 0},
    {{0xfc63, 0x8c61}, RV64_AND, RVC_ALU, 0},
    {{0xfc63, 0x9c01}, RV64_SUBW, RVC_ALU, 0},
    {{0xfc63, 0x9c21}, RV64_ADDW, RVC_ALU, 0},
    {{RVC_M_F3, 0xa001}, RV64_JAL, RVC_J, 0},
    {{RVC_M_F3, 0xc001}, RV64_BEQ, RVC_BRANCH, 0},
    {{RVC_M_F3, 0xe001}, RV64_BNE, RVC_BRANCH, 0},
    /* quadrant 2 */
    {{RVC_M_F3, 0x0002}, RV64_SLLI, RVC_SLLI, 0},
    {{RVC_M_F3, 0x2002}, RV64_FLD, RVC_LDSP, 0},
    {{RVC_M_F3, 0x4002}, RV64_LW, RVC_LWSP, RVC_NZ_RD},
    {{RVC_M_F3, 0x6002}, RV64_LD, RVC_LDSP, RVC_NZ_RD},
    {{0xffff, 0x9002}, RV64_EBREAK, RVC_NONE, 0},
    {{0xf07f, 0x9002}, RV64_JALR, RVC_JALR, RVC_NZ_RD},
    {{0xf003, 0x9002}, RV64_ADD, RVC_ADD, 0},
    {{0xf07f, 0x8002}, RV64_JALR, RVC_JR, RVC_NZ_RD},
    {{0xf003, 0x8002}, RV64_ADD, RVC_MV, 0},
    {{RVC_M_F3, 0xa002}, RV64_FSD, RVC_SDSP, 0},
    {{RVC_M_F3, 0xc002}, RV64_SW, RVC_SWSP, 0},
    {{RVC_M_F3, 0xe002}, RV64_SD, RVC_SDSP, 0},
};

/* Bucket index over a pattern table. */
#define RV_KEYS32    256 /* opcode[6:2], funct3 */
#define RV_KEYMASK32 0x707cu
#define RV_KEYS16    32 /* quadrant, funct3 */
#define RV_KEYMASK16 0xe003u

static unsigned rv_key32(uint32_t raw)
{
	return ((raw >> 2) & 0x1f) | (((raw >> 12) & 7) << 5);
}

static uint32_t rv_key32_bits(unsigned key)
{
	return ((key & 0x1f) << 2) | ((key >> 5) << 12);
}

static unsigned rv_key16(uint32_t raw)
{
	return (raw & 3) | (((raw >> 13) & 7) << 2);
}

static uint32_t rv_key16_bits(unsigned key)
{
	return (key & 3) | ((key >> 2) << 13);
}

static uint16_t rv_start32[RV_KEYS32 + 1];
static uint16_t rv_list32[ARRAY_SIZE(rv_insn_table) * 8];
static uint16_t rv_start16[RV_KEYS16 + 1];
static uint16_t rv_list16[ARRAY_SIZE(rvc_table)];
static pthread_once_t rv_index_once = PTHREAD_ONCE_INIT;

static const struct rv_pattern *rv_pattern_at(const void *table, size_t stride, size_t i)
{
	return (const struct rv_pattern *)((const char *)table + i * stride);
}

/* File each of the n patterns of table into every bucket whose key bits it can match. */
static void rv_index_build(const void *table, size_t stride, size_t n, unsigned nkeys,
			   uint32_t keymask, uint32_t (*key_bits)(unsigned), uint16_t *start,
			   uint16_t *list)
{
	unsigned pos = 0;

	for (unsigned key = 0; key < nkeys; key++) {
		uint32_t kbits = key_bits(key);

		start[key] = (uint16_t)pos;
		for (size_t i = 0; i < n; i++) {
			const struct rv_pattern *p = rv_pattern_at(table, stride, i);

			if (((kbits ^ p->match) & p->mask & keymask) == 0)
				list[pos++] = (uint16_t)i;
		}
	}
	start[nkeys] = (uint16_t)pos;
}

static void rv_index_init(void)
{
	rv_index_build(rv_insn_table, sizeof(rv_insn_table[0]), ARRAY_SIZE(rv_insn_table),
		       RV_KEYS32, RV_KEYMASK32, rv_key32_bits, rv_start32, rv_list32);
	rv_index_build(rvc_table, sizeof(rvc_table[0]), ARRAY_SIZE(rvc_table), RV_KEYS16,
		       RV_KEYMASK16, rv_key16_bits, rv_start16, rv_list16);
}

static inline uint32_t bits(uint32_t raw, unsigned hi, unsigned lo)
{
	return (raw >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* Move raw bits [hi:lo] to position pos of the result. */
static inline uint32_t field(uint32_t raw, unsigned hi, unsigned lo, unsigned pos)
{
	return bits(raw, hi, lo) << pos;
}

static void rv_decode_fields32(uint32_t raw, unsigned fmt, struct rv64_insn *out)
{
	uint8_t rd = (uint8_t)bits(raw, 11, 7), rs1 = (uint8_t)bits(raw, 19, 15);
	uint8_t rs2 = (uint8_t)bits(raw, 24, 20);
	int64_t imm_i = sext64(raw >> 20, 12);
	int64_t imm_s = sext64(field(raw, 31, 25, 5) | field(raw, 11, 7, 0), 12);

	switch (fmt) {
	case RV_FMT_NONE:
		break;
	case RV_FMT_R:
	case RV_FMT_FCMP:
		out->rd = rd, out->rs1 = rs1, out->rs2 = rs2;
		break;
	case RV_FMT_R1:
		out->rd = rd, out->rs1 = rs1;
		break;
	case RV_FMT_I:
	case RV_FMT_LOAD:
	case RV_FMT_JALR:
	case RV_FMT_FLOAD:
		out->rd = rd, out->rs1 = rs1, out->imm = imm_i;
		break;
	case RV_FMT_SH:
		out->rd = rd, out->rs1 = rs1, out->imm = bits(raw, 25, 20);
		break;
	case RV_FMT_STORE:
	case RV_FMT_FSTORE:
		out->rs1 = rs1, out->rs2 = rs2, out->imm = imm_s;
		break;
	case RV_FMT_BRANCH:
		out->rs1 = rs1, out->rs2 = rs2;
		out->imm = sext64(field(raw, 31, 31, 12) | field(raw, 7, 7, 11) |
				      field(raw, 30, 25, 5) | field(raw, 11, 8, 1),
				  13);
		break;
	case RV_FMT_U:
		out->rd = rd, out->imm = sext64(raw & 0xfffff000u, 32);
		break;
	case RV_FMT_JAL:
		out->rd = rd;
		out->imm = sext64(field(raw, 31, 31, 20) | field(raw, 19, 12, 12) |
				      field(raw, 20, 20, 11) | field(raw, 30, 21, 1),
				  21);
		break;
	case RV_FMT_FENCE:
		out->imm = raw >> 20;
		break;
	case RV_FMT_SFENCE:
		out->rs1 = rs1, out->rs2 = rs2;
		break;
	case RV_FMT_CSR:
		out->rd = rd, out->rs1 = rs1, out->csr = (uint16_t)(raw >> 20);
		break;
	case RV_FMT_CSRI:
		out->rd = rd, out->imm = rs1, out->csr = (uint16_t)(raw >> 20);
		break;
	case RV_FMT_LR:
		out->rd = rd, out->rs1 = rs1, out->aqrl = (uint8_t)bits(raw, 26, 25);
		break;
	case RV_FMT_AMO:
		out->rd = rd, out->rs1 = rs1, out->rs2 = rs2;
		out->aqrl = (uint8_t)bits(raw, 26, 25);
		break;
	case RV_FMT_FR:
		out->rd = rd, out->rs1 = rs1, out->rs2 = rs2;
		break;
	case RV_FMT_FR4:
		out->rd = rd, out->rs1 = rs1, out->rs2 = rs2, out->rs3 = (uint8_t)(raw >> 27);
		break;
	case RV_FMT_FR1:
	case RV_FMT_F2X:
	case RV_FMT_X2F:
		out->rd = rd, out->rs1 = rs1;
		break;
	}
	if (fmt >= RV_FMT_FR)
		out->rm = (uint8_t)bits(raw, 14, 12);
}

static int rv_decode32(uint32_t raw, struct rv64_insn *out)
{
	unsigned key = rv_key32(raw);

	for (unsigned i = rv_start32[key]; i < rv_start32[key + 1]; i++) {
		const struct rv_insn_desc *d = &rv_insn_table[rv_list32[i]];

		if ((raw & d->pat.mask) == d->pat.match) {
			out->id = d->id;
			out->fmt = d->fmt;
			rv_decode_fields32(raw, d->fmt, out);
			return 0;
		}
	}
	return -1;
}

/* Fill out from a compressed pattern; returns -1 if a reserved-encoding constraint fails. */
static int rv_decode_fields16(uint32_t raw, const struct rvc_desc *d, struct rv64_insn *out)
{
	uint8_t r_hi = (uint8_t)bits(raw, 11, 7);	/* rd / rs1 */
	uint8_t r_lo = (uint8_t)bits(raw, 6, 2);	/* rs2 */
	uint8_t rp_hi = (uint8_t)(8 + bits(raw, 9, 7)); /* rs1' / rd' */
	uint8_t rp_lo = (uint8_t)(8 + bits(raw, 4, 2)); /* rs2' / rd' */
	int64_t simm6 = sext64(field(raw, 12, 12, 5) | bits(raw, 6, 2), 6);
	uint32_t shamt = field(raw, 12, 12, 5) | bits(raw, 6, 2);

	switch (d->fmt) {
	case RVC_ADDI4SPN:
		out->rd = rp_lo, out->rs1 = 2;
		out->imm = field(raw, 12, 11, 4) | field(raw, 10, 7, 6) | field(raw, 6, 6, 2) |
			   field(raw, 5, 5, 3);
		break;
	case RVC_LW:
	case RVC_SW:
		out->rs1 = rp_hi;
		out->imm = field(raw, 12, 10, 3) | field(raw, 6, 6, 2) | field(raw, 5, 5, 6);
		break;
	case RVC_LD:
	case RVC_SD:
		out->rs1 = rp_hi;
		out->imm = field(raw, 12, 10, 3) | field(raw, 6, 5, 6);
		break;
	case RVC_ADDI:
		out->rd = r_hi, out->rs1 = r_hi, out->imm = simm6;
		break;
	case RVC_LI:
		out->rd = r_hi, out->imm = simm6;
		break;
	case RVC_LUI:
		out->rd = r_hi, out->imm = simm6 * 4096;
		break;
	case RVC_ADDI16SP:
		out->rd = 2, out->rs1 = 2;
		out->imm =
		    sext64(field(raw, 12, 12, 9) | field(raw, 6, 6, 4) | field(raw, 5, 5, 6) |
			       field(raw, 4, 3, 7) | field(raw, 2, 2, 5),
			   10);
		break;
	case RVC_SLLI:
		out->rd = r_hi, out->rs1 = r_hi, out->imm = shamt;
		break;
	case RVC_SHIFT:
		out->rd = rp_hi, out->rs1 = rp_hi, out->imm = shamt;
		break;
	case RVC_ANDI:
		out->rd = rp_hi, out->rs1 = rp_hi, out->imm = simm6;
		break;
	case RVC_ALU:
		out->rd = rp_hi, out->rs1 = rp_hi, out->rs2 = rp_lo;
		break;
	case RVC_J:
		out->imm =
		    sext64(field(raw, 12, 12, 11) | field(raw, 11, 11, 4) | field(raw, 10, 9, 8) |
			       field(raw, 8, 8, 10) | field(raw, 7, 7, 6) | field(raw, 6, 6, 7) |
			       field(raw, 5, 3, 1) | field(raw, 2, 2, 5),
			   12);
		break;
	case RVC_BRANCH:
		out->rs1 = rp_hi;
		out->imm =
		    sext64(field(raw, 12, 12, 8) | field(raw, 11, 10, 3) | field(raw, 6, 5, 6) |
			       field(raw, 4, 3, 1) | field(raw, 2, 2, 5),
			   9);
		break;
	case RVC_LWSP:
		out->rd = r_hi, out->rs1 = 2;
		out->imm = field(raw, 12, 12, 5) | field(raw, 6, 4, 2) | field(raw, 3, 2, 6);
		break;
	case RVC_LDSP:
		out->rd = r_hi, out->rs1 = 2;
		out->imm = field(raw, 12, 12, 5) | field(raw, 6, 5, 3) | field(raw, 4, 2, 6);
		break;
	case RVC_SWSP:
		out->rs2 = r_lo, out->rs1 = 2;
		out->imm = field(raw, 12, 9, 2) | field(raw, 8, 7, 6);
		break;
	case RVC_SDSP:
		out->rs2 = r_lo, out->rs1 = 2;
		out->imm = field(raw, 12, 10, 3) | field(raw, 9, 7, 6);
		break;
	case RVC_JR:
		out->rs1 = r_hi;
		break;
	case RVC_JALR:
		out->rd = 1, out->rs1 = r_hi;
		break;
	case RVC_MV:
		out->rd = r_hi, out->rs2 = r_lo;
		break;
	case RVC_ADD:
		out->rd = r_hi, out->rs1 = r_hi, out->rs2 = r_lo;
		break;
	case RVC_NONE:
		break;
	}
	/* CL/CS: the data register is rd' for loads and rs2' for stores. */
	if (d->fmt == RVC_LW || d->fmt == RVC_LD)
		out->rd = rp_lo;
	else if (d->fmt == RVC_SW || d->fmt == RVC_SD)
		out->rs2 = rp_lo;
	if ((d->flags & RVC_NZ_RD) && r_hi == 0)
		return -1;
	if ((d->flags & RVC_NZ_IMM) && out->imm == 0)
		return -1;
	return 0;
}

static int rv_decode16(uint32_t raw, struct rv64_insn *out)
{
	unsigned key = rv_key16(raw);

	for (unsigned i = rv_start16[key]; i < rv_start16[key + 1]; i++) {
		const struct rvc_desc *d = &rvc_table[rv_list16[i]];

		if ((raw & d->pat.mask) == d->pat.match) {
			if (rv_decode_fields16(raw, d, out) < 0)
				return -1;
			out->id = d->id;
			out->fmt = rv_insn_fmt[d->id];
			return 0;
		}
	}
	return -1;
}

int rv64_decode(uint32_t raw, struct rv64_insn *out)
{
	int ret;

	pthread_once(&rv_index_once, rv_index_init);
	memset(out, 0, sizeof(*out));
	if ((raw & 3) == 3) {
		out->len = 4;
		out->raw = raw;
		ret = rv_decode32(raw, out);
	} else {
		out->len = 2;
		out->raw = raw & 0xffff;
		ret = rv_decode16(out->raw, out);
	}
	if (ret < 0) {
		uint32_t kept_raw = out->raw;
		uint8_t kept_len = out->len;

		memset(out, 0, sizeof(*out));
		out->raw = kept_raw;
		out->len = kept_len;
		out->id = RV64_ILLEGAL;
	}
	return ret;
}

const char *rv64_insn_name(unsigned id)
{
	return id < RV64_INSN_COUNT ? rv_insn_names[id] : rv_insn_names[RV64_ILLEGAL];
}

const char *const rv64_xreg_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *const rv64_freg_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4",	"ft5",	"ft6", "ft7", "fs0",  "fs1",  "fa0",
    "fa1", "fa2", "fa3", "fa4", "fa5",	"fa6",	"fa7", "fs2", "fs3",  "fs4",  "fs5",
    "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* Disassembler. */

struct rv_csr_name {
	uint16_t csr;
	const char *name;
};

static const struct rv_csr_name rv_csr_names[] = {
    {0x001, "fflags"},	   {0x002, "frm"},     {0x003, "fcsr"},		 {0x100, "sstatus"},
    {0x104, "sie"},	   {0x105, "stvec"},   {0x106, "scounteren"},	 {0x10a, "senvcfg"},
    {0x140, "sscratch"},   {0x141, "sepc"},    {0x142, "scause"},	 {0x143, "stval"},
    {0x144, "sip"},	   {0x180, "satp"},    {0x300, "mstatus"},	 {0x301, "misa"},
    {0x302, "medeleg"},	   {0x303, "mideleg"}, {0x304, "mie"},		 {0x305, "mtvec"},
    {0x306, "mcounteren"}, {0x30a, "menvcfg"}, {0x320, "mcountinhibit"}, {0x340, "mscratch"},
    {0x341, "mepc"},	   {0x342, "mcause"},  {0x343, "mtval"},	 {0x344, "mip"},
    {0x3a0, "pmpcfg0"},	   {0x3a2, "pmpcfg2"}, {0x3b0, "pmpaddr0"},	 {0xb00, "mcycle"},
    {0xb02, "minstret"},   {0xc00, "cycle"},   {0xc01, "time"},		 {0xc02, "instret"},
    {0xf11, "mvendorid"},  {0xf12, "marchid"}, {0xf13, "mimpid"},	 {0xf14, "mhartid"},
};

static const char *const rv_rm_names[8] = {"rne", "rtz", "rdn", "rup", "rmm", "5", "6", "dyn"};

struct rv_out {
	char *buf;
	size_t len;
	size_t pos;
};

static void __printf(2, 3) rv_put(struct rv_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static void rv_put_csr(struct rv_out *o, unsigned csr)
{
	for (size_t i = 0; i < ARRAY_SIZE(rv_csr_names); i++) {
		if (rv_csr_names[i].csr == csr) {
			rv_put(o, "%s", rv_csr_names[i].name);
			return;
		}
	}
	rv_put(o, "0x%x", csr);
}

static void rv_put_fence_set(struct rv_out *o, unsigned set)
{
	static const char letters[] = "iorw";

	if (!set) {
		rv_put(o, "0");
		return;
	}
	for (unsigned i = 0; i < 4; i++)
		if (set & (8u >> i))
			rv_put(o, "%c", letters[i]);
}

/* True for F/D instructions whose rounding-mode field is an operand. */
static bool rv_has_rm(const struct rv64_insn *d)
{
	if (d->fmt < RV_FMT_FR || d->fmt == RV_FMT_FCMP)
		return false;
	return !(rv_insn_mask[d->id] & 0x7000);
}

static void rv_disas_operands(struct rv_out *o, const struct rv64_insn *d, uint64_t pc)
{
	const char *const *x = rv64_xreg_names;
	const char *const *f = rv64_freg_names;

	switch (d->fmt) {
	case RV_FMT_NONE:
		break;
	case RV_FMT_R:
		rv_put(o, " %s, %s, %s", x[d->rd], x[d->rs1], x[d->rs2]);
		break;
	case RV_FMT_R1:
		rv_put(o, " %s, %s", x[d->rd], x[d->rs1]);
		break;
	case RV_FMT_I:
		rv_put(o, " %s, %s, %lld", x[d->rd], x[d->rs1], (long long)d->imm);
		break;
	case RV_FMT_SH:
		rv_put(o, " %s, %s, 0x%llx", x[d->rd], x[d->rs1], (long long)d->imm);
		break;
	case RV_FMT_LOAD:
	case RV_FMT_JALR:
		rv_put(o, " %s, %lld(%s)", x[d->rd], (long long)d->imm, x[d->rs1]);
		break;
	case RV_FMT_STORE:
		rv_put(o, " %s, %lld(%s)", x[d->rs2], (long long)d->imm, x[d->rs1]);
		break;
	case RV_FMT_BRANCH:
		rv_put(o, " %s, %s, 0x%" PRIx64, x[d->rs1], x[d->rs2], pc + (uint64_t)d->imm);
		break;
	case RV_FMT_U:
		rv_put(o, " %s, 0x%llx", x[d->rd], (unsigned long long)((d->imm >> 12) & 0xfffff));
		break;
	case RV_FMT_JAL:
		rv_put(o, " %s, 0x%" PRIx64, x[d->rd], pc + (uint64_t)d->imm);
		break;
	case RV_FMT_FENCE:
		rv_put(o, " ");
		rv_put_fence_set(o, (unsigned)(d->imm >> 4) & 0xf);
		rv_put(o, ", ");
		rv_put_fence_set(o, (unsigned)d->imm & 0xf);
		break;
	case RV_FMT_SFENCE:
		rv_put(o, " %s, %s", x[d->rs1], x[d->rs2]);
		break;
	case RV_FMT_CSR:
		rv_put(o, " %s, ", x[d->rd]);
		rv_put_csr(o, d->csr);
		rv_put(o, ", %s", x[d->rs1]);
		break;
	case RV_FMT_CSRI:
		rv_put(o, " %s, ", x[d->rd]);
		rv_put_csr(o, d->csr);
		rv_put(o, ", %lld", (long long)d->imm);
		break;
	case RV_FMT_LR:
		rv_put(o, " %s, (%s)", x[d->rd], x[d->rs1]);
		break;
	case RV_FMT_AMO:
		rv_put(o, " %s, %s, (%s)", x[d->rd], x[d->rs2], x[d->rs1]);
		break;
	case RV_FMT_FLOAD:
		rv_put(o, " %s, %lld(%s)", f[d->rd], (long long)d->imm, x[d->rs1]);
		break;
	case RV_FMT_FSTORE:
		rv_put(o, " %s, %lld(%s)", f[d->rs2], (long long)d->imm, x[d->rs1]);
		break;
	case RV_FMT_FR:
		rv_put(o, " %s, %s, %s", f[d->rd], f[d->rs1], f[d->rs2]);
		break;
	case RV_FMT_FR4:
		rv_put(o, " %s, %s, %s, %s", f[d->rd], f[d->rs1], f[d->rs2], f[d->rs3]);
		break;
	case RV_FMT_FR1:
		rv_put(o, " %s, %s", f[d->rd], f[d->rs1]);
		break;
	case RV_FMT_FCMP:
		rv_put(o, " %s, %s, %s", x[d->rd], f[d->rs1], f[d->rs2]);
		break;
	case RV_FMT_F2X:
		rv_put(o, " %s, %s", x[d->rd], f[d->rs1]);
		break;
	case RV_FMT_X2F:
		rv_put(o, " %s, %s", f[d->rd], x[d->rs1]);
		break;
	}
	if (rv_has_rm(d) && d->rm != 7)
		rv_put(o, ", %s", rv_rm_names[d->rm]);
}

int rv64_disas(char *buf, size_t len, uint64_t pc, const uint8_t *bytes, size_t avail)
{
	static const char *const aqrl_suffix[4] = {"", ".rl", ".aq", ".aqrl"};
	struct rv_out o = {.buf = buf, .len = len, .pos = 0};
	struct rv64_insn d;
	unsigned ilen;

	if (len)
		buf[0] = '\0';
	if (avail < 2)
		return -EINVAL;
	ilen = rv64_insn_len(bytes[0]);
	if (avail < ilen)
		return -EINVAL;
	if (rv64_decode(rv64_insn_raw(bytes, ilen), &d) < 0) {
		if (d.len == 2)
			rv_put(&o, ".insn 2, 0x%04x", d.raw);
		else
			rv_put(&o, ".insn 4, 0x%08x", d.raw);
		return d.len;
	}
	rv_put(&o, "%s", rv64_insn_name(d.id));
	if (d.fmt == RV_FMT_LR || d.fmt == RV_FMT_AMO)
		rv_put(&o, "%s", aqrl_suffix[d.aqrl & 3]);
	rv_disas_operands(&o, &d, pc);
	return d.len;
}
