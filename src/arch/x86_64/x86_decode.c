/*
 * x86_decode.c - the x86-64 decoder: prefixes -> opcode -> form -> operands,
 * driven by the form table of x86_opcodes.h.
 *
 * Stages: (1) legacy prefixes (the last of each group wins: F2/F3, segment)
 * and REX (only when it immediately precedes the opcode; a REX followed by
 * another prefix is dropped); (2) the opcode and its map (0F, 0F 38, 0F 3A);
 * C4/C5 (VEX) and 62 (EVEX) are AVX, reported X86_UD_UNSUPPORTED; (3) the
 * ModRM byte when the opcode's forms have one, then the first form of the
 * (map, opcode) bucket whose mandatory prefix, REX.W/REX.B and ModRM
 * selector match; (4) SIB and displacement, then each operand in order,
 * reading immediates as they come.
 *
 * Modes: in 16- and 32-bit code there is no REX (40-4F are inc/dec), the
 * default operand and address sizes are the mode's (66 and 67 toggle them),
 * D64/F64 do not apply, 16-bit addressing uses the bx+si ... disp16 forms,
 * mod 00 rm 101 is an absolute disp32 (not RIP-relative), C4/C5/62 with a
 * memory ModRM are les/lds/bound (with a register ModRM, VEX/EVEX: #UD), and
 * forms flagged I64 exist while those flagged O64 do not.
 *
 * The buckets are built once (pthread_once): form lines are filed under
 * every opcode they cover, in table order. The mandatory prefix of an SSE
 * form is the last of F2/F3 if any, else 66; a form that takes 66 as its
 * mandatory prefix does not also take it as an operand-size prefix.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include "arch/x86_64/x86_decode.h"

/* Operand types (high byte) and sizes (low byte) of the form table; short names, several a line. */
/* clang-format off */
enum ot_type {
	T_NONE, T_E, T_G, T_M, T_R, T_I, T_SI, T_J, T_Z, T_A, T_CL, T_DX, T_ONE, T_S, T_C, T_D,
	T_O, T_X, T_Y, T_P, T_Q, T_N, T_V, T_W, T_U, T_ST0, T_STI, T_XMM0, T_ES, T_CS, T_SS,
	T_DS, T_FS, T_GS,
};
enum ot_size {
	S_0, S_B, S_W, S_D, S_Q, S_DQ, S_T, S_V, S_Z, S_Y,
	S_SV, /* register: operand size; memory: word (mov from a segment register) */
	S_DB, /* register: dword; memory: byte (pextrb, pinsrb) */
	S_DW, /* register: dword; memory: word (pextrw, pinsrw) */
	S_P,  /* far pointer: offset of the operand size and a selector */
	S_A,  /* two operand-size values (bound) */
	S_QL, /* 8 in 64-bit mode, else 4 (control and debug registers, mov cr/dr) */
};
#define OT(t, s) ((T_##t) << 8 | (S_##s))
enum {
	OT___ = 0, OT_Eb = OT(E, B), OT_Ev = OT(E, V), OT_Ew = OT(E, W), OT_Ed = OT(E, D),
	OT_Eq = OT(E, Q), OT_Ey = OT(E, Y), OT_Esv = OT(E, SV), OT_Edb = OT(E, DB),
	OT_Edw = OT(E, DW), OT_Gb = OT(G, B), OT_Gv = OT(G, V), OT_Gw = OT(G, W), OT_Gd = OT(G, D),
	OT_Gy = OT(G, Y), OT_Mx = OT(M, 0), OT_Mb = OT(M, B), OT_Mw = OT(M, W), OT_Md = OT(M, D),
	OT_Mq = OT(M, Q), OT_Mdq = OT(M, DQ), OT_Mt = OT(M, T), OT_Mp = OT(M, P), OT_Ma = OT(M, A),
	OT_My = OT(M, Y), OT_Rq = OT(R, QL), OT_Rv = OT(R, V), OT_Ry = OT(R, Y), OT_Cq = OT(C, QL),
	OT_Dq = OT(D, QL), OT_Ib = OT(I, B), OT_Iw = OT(I, W), OT_Iz = OT(I, Z), OT_Iv = OT(I, V),
	OT_sIb = OT(SI, B), OT_Jb = OT(J, B), OT_Jz = OT(J, Z), OT_Zb = OT(Z, B),
	OT_Zv = OT(Z, V), OT_Zy = OT(Z, Y), OT_ALb = OT(A, B), OT_AXw = OT(A, W),
	OT_Av = OT(A, V), OT_Az = OT(A, Z), OT_DX = OT(DX, W), OT_CL = OT(CL, B),
	OT_One = OT(ONE, B), OT_Sw = OT(S, W), OT_Ob = OT(O, B), OT_Ov = OT(O, V),
	OT_Xb = OT(X, B), OT_Xv = OT(X, V), OT_Xz = OT(X, Z), OT_Yb = OT(Y, B), OT_Yv = OT(Y, V),
	OT_Yz = OT(Y, Z), OT_Pq = OT(P, Q), OT_Qq = OT(Q, Q), OT_Nq = OT(N, Q), OT_Vx = OT(V, DQ),
	OT_Wx = OT(W, DQ), OT_Wd = OT(W, D), OT_Wq = OT(W, Q), OT_Ww = OT(W, W),
	OT_Ux = OT(U, DQ), OT_ST0 = OT(ST0, T), OT_STi = OT(STI, T), OT_XMM0 = OT(XMM0, DQ),
	OT_ES = OT(ES, W), OT_CS = OT(CS, W), OT_SS = OT(SS, W), OT_DS = OT(DS, W),
	OT_FS = OT(FS, W), OT_GS = OT(GS, W),
};
/* clang-format on */
_Static_assert(T_GS - T_ES == X86_SEG_GS, "fixed segment operands in the CPU's order");

enum { PFX_ANY, PFX_NP, PFX_P66, PFX_PF3, PFX_PF2 };

/* ModRM selectors: kind in the high byte, value (reg field or ModRM byte) in the low. */
enum { SK_NO, SK_RM, SK_REG, SK_MEMR, SK_REGFR, SK_MEM, SK_REGF, SK_MODRM };
#define SEL(k, v)    ((SK_##k) << 8 | (v))
#define SEL_NO	     SEL(NO, 0)
#define SEL_RM	     SEL(RM, 0)
#define SEL_MEM	     SEL(MEM, 0)
#define SEL_REGF     SEL(REGF, 0)
#define SEL_MODRM(b) SEL(MODRM, b)
#define SEL_REG0     SEL(REG, 0)
#define SEL_REG1     SEL(REG, 1)
#define SEL_REG2     SEL(REG, 2)
#define SEL_REG3     SEL(REG, 3)
#define SEL_REG4     SEL(REG, 4)
#define SEL_REG5     SEL(REG, 5)
#define SEL_REG6     SEL(REG, 6)
#define SEL_REG7     SEL(REG, 7)
#define SEL_MEM0     SEL(MEMR, 0)
#define SEL_MEM1     SEL(MEMR, 1)
#define SEL_MEM2     SEL(MEMR, 2)
#define SEL_MEM3     SEL(MEMR, 3)
#define SEL_MEM4     SEL(MEMR, 4)
#define SEL_MEM5     SEL(MEMR, 5)
#define SEL_MEM6     SEL(MEMR, 6)
#define SEL_MEM7     SEL(MEMR, 7)
#define SEL_REGF0    SEL(REGFR, 0)
#define SEL_REGF1    SEL(REGFR, 1)
#define SEL_REGF2    SEL(REGFR, 2)
#define SEL_REGF3    SEL(REGFR, 3)
#define SEL_REGF4    SEL(REGFR, 4)
#define SEL_REGF5    SEL(REGFR, 5)
#define SEL_REGF6    SEL(REGFR, 6)
#define SEL_REGF7    SEL(REGFR, 7)

struct x86_form {
	uint8_t map, opc, cnt, pfx;
	uint16_t sel, op, flags;
	uint16_t opnd[X86_MAX_OPNDS];
};

#define LK  X86_F_LK
#define D64 X86_F_D64
#define F64 X86_F_F64
#define CC  X86_F_CC
#define STR X86_F_STR
#define W1  X86_F_W1
#define RB0 X86_F_RB0
#define I64 X86_F_I64
#define O64 X86_F_O64
static const struct x86_form forms[] = {
#define X86_FORM_ROW(map_, opc_, cnt_, pfx_, sel_, m_, a_, b_, c_, fl_)                            \
	{.map = (map_),                                                                            \
	 .opc = (opc_),                                                                            \
	 .cnt = (cnt_),                                                                            \
	 .pfx = PFX_##pfx_,                                                                        \
	 .sel = SEL_##sel_,                                                                        \
	 .op = X86_OP_##m_,                                                                        \
	 .flags = (fl_),                                                                           \
	 .opnd = {OT_##a_, OT_##b_, OT_##c_}},
    X86_FORMS(X86_FORM_ROW)
#undef X86_FORM_ROW
};
#undef LK
#undef D64
#undef F64
#undef CC
#undef STR
#undef W1
#undef RB0
#undef I64
#undef O64

#define N_FORMS	  (sizeof(forms) / sizeof(forms[0]))
#define N_BUCKETS (4 * 256)
/* Bucket entries: every form once per opcode it covers. */
/* NOLINTBEGIN(bugprone-macro-parentheses): each expansion is one term of a sum */
#define X86_FORM_COUNT(map_, opc_, cnt_, ...) +(cnt_)
/* NOLINTEND(bugprone-macro-parentheses) */
enum { N_FORM_REFS = 0 X86_FORMS(X86_FORM_COUNT) };
#undef X86_FORM_COUNT

static uint16_t bucket_start[N_BUCKETS + 1];
static uint16_t form_refs[N_FORM_REFS];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

/* Files every form under each opcode it covers, in table order (a counting sort). */
static void build_index(void)
{
	static uint16_t next[N_BUCKETS]; /* where each bucket's next entry goes */

	for (size_t i = 0; i < N_FORMS; i++)
		for (unsigned k = 0; k < forms[i].cnt; k++)
			bucket_start[forms[i].map * 256 + forms[i].opc + k + 1]++;
	for (unsigned b = 1; b <= N_BUCKETS; b++)
		bucket_start[b] += bucket_start[b - 1];
	memcpy(next, bucket_start, sizeof(next));
	for (size_t i = 0; i < N_FORMS; i++) {
		for (unsigned k = 0; k < forms[i].cnt; k++) {
			unsigned b = forms[i].map * 256u + forms[i].opc + k;

			form_refs[next[b]++] = (uint16_t)i;
		}
	}
}

/* Decoder state: the bytes, a cursor, and what the prefixes said. */
struct dec {
	const uint8_t *bytes;
	size_t avail;
	unsigned pos;
	bool mode64;
	bool has66, has67;
	uint8_t mandatory; /* PFX_NP, PFX_P66, PFX_PF3, PFX_PF2 */
	struct x86_inst *insn;
};

/* Reads n little-endian bytes: 0, -EAGAIN past avail, -E2BIG past 15 bytes. */
static int take(struct dec *d, unsigned n, uint64_t *out)
{
	uint64_t v = 0;

	if (d->pos + n > X86_MAX_LEN)
		return -E2BIG;
	if (d->pos + n > d->avail)
		return -EAGAIN;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)d->bytes[d->pos + i] << (8 * i);
	d->pos += n;
	*out = v;
	return 0;
}

static int take_byte(struct dec *d, uint8_t *out)
{
	uint64_t v = 0;
	int rc = take(d, 1, &v);

	*out = (uint8_t)v;
	return rc;
}

static const int8_t seg_prefix[256] = {
    [0x26] = X86_SEG_ES + 1, [0x2e] = X86_SEG_CS + 1, [0x36] = X86_SEG_SS + 1,
    [0x3e] = X86_SEG_DS + 1, [0x64] = X86_SEG_FS + 1, [0x65] = X86_SEG_GS + 1,
};

/* One legacy prefix byte; false if b is not one. */
static bool legacy_prefix(struct dec *d, uint8_t b)
{
	struct x86_inst *in = d->insn;

	if (seg_prefix[b]) {
		in->seg = (uint8_t)(seg_prefix[b] - 1);
		return true;
	}
	switch (b) {
	case 0xf0:
		in->prefixes |= X86_P_LOCK;
		return true;
	case 0xf2:
	case 0xf3:
		in->prefixes &= (uint8_t) ~(X86_P_REP | X86_P_REPNE);
		in->prefixes |= b == 0xf3 ? X86_P_REP : X86_P_REPNE;
		return true;
	case 0x66:
		d->has66 = true;
		in->prefixes |= X86_P_OPSIZE;
		return true;
	case 0x67:
		d->has67 = true;
		in->prefixes |= X86_P_ADDRSIZE;
		return true;
	default:
		return false;
	}
}

/* Prefixes and REX; leaves the cursor on the opcode, returned in *opc. */
static int scan_prefixes(struct dec *d, uint8_t *opc)
{
	struct x86_inst *in = d->insn;

	for (;;) {
		int rc = take_byte(d, opc);

		if (rc)
			return rc;
		if (legacy_prefix(d, *opc)) {
			in->rex = 0; /* a REX not immediately before the opcode is ignored */
			continue;
		}
		if (!d->mode64 || (*opc & 0xf0) != 0x40)
			break;
		in->rex = *opc;
	}
	if (in->prefixes & X86_P_REP)
		d->mandatory = PFX_PF3;
	else if (in->prefixes & X86_P_REPNE)
		d->mandatory = PFX_PF2;
	else
		d->mandatory = d->has66 ? PFX_P66 : PFX_NP;
	return 0;
}

/* The escape bytes after opcode 0F select the map. */
static int read_map(struct dec *d, uint8_t *opc)
{
	struct x86_inst *in = d->insn;
	int rc;

	if (*opc == 0xc4 || *opc == 0xc5 || *opc == 0x62) {
		/* VEX, EVEX: always so in 64-bit mode, else when a register ModRM follows */
		if (!d->mode64 && d->pos >= d->avail)
			return d->pos >= X86_MAX_LEN ? -E2BIG : -EAGAIN;
		if (d->mode64 || d->bytes[d->pos] >= 0xc0)
			in->ud = X86_UD_UNSUPPORTED;
		return 0;
	}
	if (*opc != 0x0f)
		return 0;
	in->map = 1;
	rc = take_byte(d, opc);
	if (rc || (*opc != 0x38 && *opc != 0x3a))
		return rc;
	in->map = *opc == 0x38 ? 2 : 3;
	return take_byte(d, opc);
}

static bool sel_matches(uint16_t sel, uint8_t modrm)
{
	unsigned v = sel & 0xff, reg = (modrm >> 3) & 7;
	bool memf = modrm < 0xc0;

	switch (sel >> 8) {
	case SK_REG:
		return reg == v;
	case SK_MEMR:
		return memf && reg == v;
	case SK_REGFR:
		return !memf && reg == v;
	case SK_MEM:
		return memf;
	case SK_REGF:
		return !memf;
	case SK_MODRM:
		return modrm == v;
	default:
		return true;
	}
}

static bool form_matches(const struct dec *d, const struct x86_form *f)
{
	const struct x86_inst *in = d->insn;

	if (f->pfx != PFX_ANY && f->pfx != d->mandatory)
		return false;
	if ((f->flags & X86_F_W1) && !(in->rex & 8))
		return false;
	if ((f->flags & X86_F_RB0) && (in->rex & 1))
		return false;
	if ((f->flags & (d->mode64 ? X86_F_I64 : X86_F_O64)))
		return false;
	return sel_matches(f->sel, in->modrm);
}

/* Reads the ModRM byte if the opcode has one, then picks the form. */
static int match_form(struct dec *d, const struct x86_form **out)
{
	struct x86_inst *in = d->insn;
	unsigned b = in->map * 256u + in->opcode;

	*out = NULL;
	if (bucket_start[b] == bucket_start[b + 1])
		return 0;
	if (forms[form_refs[bucket_start[b]]].sel != SEL_NO) {
		int rc = take_byte(d, &in->modrm);

		if (rc)
			return rc;
		in->has_modrm = true;
	}
	for (unsigned i = bucket_start[b]; i < bucket_start[b + 1]; i++) {
		if (form_matches(d, &forms[form_refs[i]])) {
			*out = &forms[form_refs[i]];
			return 0;
		}
	}
	return 0;
}

static void set_sizes(struct dec *d, const struct x86_form *f)
{
	struct x86_inst *in = d->insn;
	bool opsize_prefix = d->has66 && f->pfx != PFX_P66;

	if (!d->mode64) {
		bool wide = (in->mode == X86_MODE_32) != opsize_prefix;
		bool wide_addr = (in->mode == X86_MODE_32) != d->has67;

		in->opsize = wide ? 4 : 2;
		in->addrsize = wide_addr ? 4 : 2;
		return;
	}
	if ((f->flags & X86_F_F64) || (in->rex & 8))
		in->opsize = 8;
	else if (opsize_prefix)
		in->opsize = 2;
	else
		in->opsize = (f->flags & X86_F_D64) ? 8 : 4;
	in->addrsize = d->has67 ? 4 : 8;
}

/* 16-bit addressing: rm names base + index (bx+si, bx+di, bp+si, bp+di, si, di, bp, bx);
 * mod 00 rm 110 is a bare disp16. bp-based forms default to ss. */
static int decode_mem16(struct dec *d, struct x86_operand *m)
{
	static const int8_t base[8] = {3, 3, 5, 5, 6, 7, 5, 3};
	static const int8_t index[8] = {6, 7, 6, 7, -1, -1, -1, -1};
	struct x86_inst *in = d->insn;
	unsigned mod = in->modrm >> 6, rm = in->modrm & 7;
	uint64_t disp = 0;
	int rc = 0;

	m->kind = X86_OPND_MEM;
	m->scale = 1;
	m->base = base[rm];
	m->index = index[rm];
	if (mod == 0 && rm == 6)
		m->base = -1;
	if (mod == 1) {
		rc = take(d, 1, &disp);
		m->disp = (int64_t)(disp ^ 0x80) - 0x80;
	} else if (mod == 2 || m->base < 0) {
		rc = take(d, 2, &disp);
		m->disp = (int16_t)disp;
	}
	if (in->seg != X86_SEG_NONE)
		m->seg = in->seg;
	else
		m->seg = m->base == 5 ? X86_SEG_SS : X86_SEG_DS;
	return rc;
}

/* The memory operand of ModRM (mod != 3): SIB, RIP-relative, displacement. */
static int decode_mem(struct dec *d, struct x86_operand *m)
{
	struct x86_inst *in = d->insn;
	unsigned mod = in->modrm >> 6, rm = in->modrm & 7;
	uint64_t disp = 0, sib = 0;
	int rc = 0;

	if (in->addrsize == 2)
		return decode_mem16(d, m);
	m->kind = X86_OPND_MEM;
	m->base = (int8_t)(rm | (in->rex & 1) << 3);
	m->index = -1;
	m->scale = 1;
	if (rm == 4) {
		rc = take(d, 1, &sib);
		if (rc)
			return rc;
		m->scale = (uint8_t)(1u << (sib >> 6));
		m->index = (int8_t)(((sib >> 3) & 7) | (in->rex & 2) << 2);
		if (m->index == 4)
			m->index = -1;
		m->base = (int8_t)((sib & 7) | (in->rex & 1) << 3);
		if ((sib & 7) == 5 && mod == 0)
			m->base = -1;
	} else if (rm == 5 && mod == 0) {
		m->base = -1;
		m->rip = d->mode64;
	}
	if (mod == 1) {
		rc = take(d, 1, &disp);
		m->disp = (int64_t)(disp ^ 0x80) - 0x80; /* sign-extend the disp8 */
	} else if (mod == 2 || m->base < 0) {
		rc = take(d, 4, &disp);
		m->disp = (int32_t)disp;
	}
	if (in->seg != X86_SEG_NONE)
		m->seg = in->seg;
	else
		m->seg = (m->base == 4 || m->base == 5) ? X86_SEG_SS : X86_SEG_DS;
	return rc;
}

static unsigned size_bytes(const struct x86_inst *in, unsigned s, bool mem)
{
	static const uint8_t fixed[] = {
	    [S_B] = 1, [S_W] = 2, [S_D] = 4, [S_Q] = 8, [S_DQ] = 16, [S_T] = 10};

	switch (s) {
	case S_V:
		return in->opsize;
	case S_Z:
		return in->opsize == 2 ? 2 : 4;
	case S_Y:
		return in->opsize == 8 ? 8 : 4;
	case S_SV:
		return mem ? 2 : in->opsize;
	case S_DB:
		return mem ? 1 : 4;
	case S_DW:
		return mem ? 2 : 4;
	case S_P:
		return in->opsize + 2u;
	case S_A:
		return in->opsize * 2u;
	case S_QL:
		return in->mode == X86_MODE_64 ? 8 : 4;
	default:
		return s < sizeof(fixed) ? fixed[s] : 0;
	}
}

static void set_reg(struct x86_operand *o, unsigned rclass, unsigned reg, unsigned size)
{
	o->kind = X86_OPND_REG;
	o->rclass = (uint8_t)rclass;
	o->reg = (uint8_t)reg;
	o->size = (uint8_t)size;
}

/* A general register; with no REX, byte registers 4-7 are ah, ch, dh, bh. */
static void set_gpr(const struct x86_inst *in, struct x86_operand *o, unsigned reg, unsigned size)
{
	set_reg(o, X86_RC_GPR, reg, size);
	o->high8 = size == 1 && !in->rex && reg >= 4 && reg < 8;
}

/* An immediate of n bytes, sign-extended if sx. */
static int read_imm(struct dec *d, struct x86_operand *o, unsigned n, bool sx)
{
	uint64_t v = 0;
	int rc = take(d, n, &v);
	unsigned sh = 64 - 8 * n;

	o->kind = X86_OPND_IMM;
	o->size = (uint8_t)n;
	o->imm = sx && n && n < 8 ? (int64_t)(v << sh) >> sh : (int64_t)v;
	return rc;
}

/* A string operand: [rsi] (segment overridable) or es:[rdi]. */
static void set_string(const struct x86_inst *in, struct x86_operand *o, bool dst, unsigned size)
{
	o->kind = X86_OPND_MEM;
	o->size = (uint8_t)size;
	o->base = (int8_t)(dst ? 7 : 6);
	o->index = -1;
	o->scale = 1;
	if (dst)
		o->seg = X86_SEG_ES;
	else
		o->seg = in->seg != X86_SEG_NONE ? in->seg : X86_SEG_DS;
}

/* Operands from the ModRM.rm field: a register of rclass, or memory. */
static int rm_operand(struct dec *d, struct x86_operand *o, unsigned rclass, unsigned size)
{
	struct x86_inst *in = d->insn;
	unsigned rm = in->modrm & 7;

	if (in->modrm >= 0xc0) {
		if (rclass == X86_RC_GPR)
			set_gpr(in, o, rm | (in->rex & 1) << 3, size);
		else
			set_reg(o, rclass, rclass == X86_RC_XMM ? rm | (in->rex & 1) << 3 : rm,
				size);
		return 0;
	}
	o->size = (uint8_t)size;
	return decode_mem(d, o);
}

static int operand_imm(struct dec *d, struct x86_operand *o, unsigned t, unsigned sz)
{
	struct x86_inst *in = d->insn;
	unsigned n = size_bytes(in, sz, false);
	int rc;

	switch (t) {
	case T_I:
		return read_imm(d, o, n, sz == S_Z);
	case T_SI:
		return read_imm(d, o, 1, true);
	case T_J:
		rc = read_imm(d, o, n, true);
		o->kind = X86_OPND_REL;
		return rc;
	case T_ONE:
		o->kind = X86_OPND_IMM;
		o->size = 1;
		o->imm = 1;
		return 0;
	default: /* T_O: a moffs of the address size */
		rc = read_imm(d, o, in->addrsize, false);
		o->kind = X86_OPND_MEM;
		o->disp = o->imm;
		o->imm = 0;
		o->size = (uint8_t)size_bytes(in, sz, true);
		o->base = o->index = -1;
		o->scale = 1;
		o->seg = in->seg != X86_SEG_NONE ? in->seg : X86_SEG_DS;
		return rc;
	}
}

static int operand_reg(struct dec *d, struct x86_operand *o, unsigned t, unsigned n)
{
	struct x86_inst *in = d->insn;
	unsigned reg = (in->modrm >> 3) & 7, rexr = (in->rex & 4) << 1;

	switch (t) {
	case T_G:
		set_gpr(in, o, reg | rexr, n);
		return 0;
	case T_Z:
		set_gpr(in, o, (in->opcode & 7) | (in->rex & 1) << 3, n);
		return 0;
	case T_S: /* no segment register 6, 7 or REX.R 8-15; mov to cs is #UD */
		set_reg(o, X86_RC_SEG, reg, 2);
		return reg > X86_SEG_GS || rexr || (reg == X86_SEG_CS && in->opcode == 0x8e)
			   ? -EINVAL
			   : 0;
	case T_C:
		set_reg(o, X86_RC_CR, reg | rexr, n);
		return 0;
	case T_D:
		set_reg(o, X86_RC_DR, reg | rexr, n);
		return 0;
	case T_P:
		set_reg(o, X86_RC_MMX, reg, 8);
		return 0;
	case T_V:
		set_reg(o, X86_RC_XMM, reg | rexr, 16);
		return 0;
	default: /* T_R: the rm field names a register whatever mod says (mov cr, dr) */
		set_gpr(in, o, (in->modrm & 7) | (in->rex & 1) << 3, n);
		return 0;
	}
}

/* Implicit operands: accumulator, cl, dx, st(0), xmm0, fs, gs, strings. */
static int operand_fixed(struct dec *d, struct x86_operand *o, unsigned t, unsigned n)
{
	struct x86_inst *in = d->insn;

	switch (t) {
	case T_A:
		set_gpr(in, o, 0, n);
		return 0;
	case T_CL:
		set_gpr(in, o, 1, 1);
		return 0;
	case T_DX:
		set_gpr(in, o, 2, 2);
		return 0;
	case T_ST0:
		set_reg(o, X86_RC_ST, 0, 10);
		return 0;
	case T_STI:
		set_reg(o, X86_RC_ST, in->modrm & 7, 10);
		return 0;
	case T_XMM0:
		set_reg(o, X86_RC_XMM, 0, 16);
		return 0;
	case T_ES:
	case T_CS:
	case T_SS:
	case T_DS:
	case T_FS:
	case T_GS:
		set_reg(o, X86_RC_SEG, t - T_ES, 2);
		return 0;
	default: /* T_X, T_Y */
		set_string(in, o, t == T_Y, n);
		return 0;
	}
}

static int operand(struct dec *d, struct x86_operand *o, uint16_t ot)
{
	struct x86_inst *in = d->insn;
	unsigned t = ot >> 8, sz = ot & 0xff, mem = in->modrm < 0xc0;

	switch (t) {
	case T_E:
		return rm_operand(d, o, X86_RC_GPR, size_bytes(in, sz, mem));
	case T_M:
		return mem ? rm_operand(d, o, X86_RC_GPR, size_bytes(in, sz, true)) : -EINVAL;
	case T_Q:
	case T_N:
		return rm_operand(d, o, X86_RC_MMX, 8);
	case T_W:
	case T_U:
		return rm_operand(d, o, X86_RC_XMM, mem ? size_bytes(in, sz, true) : 16);
	case T_I:
	case T_SI:
	case T_J:
	case T_ONE:
	case T_O:
		return operand_imm(d, o, t, sz);
	case T_G:
	case T_Z:
	case T_S:
	case T_C:
	case T_D:
	case T_P:
	case T_V:
	case T_R:
		return operand_reg(d, o, t, size_bytes(in, sz, false));
	default:
		return operand_fixed(d, o, t, size_bytes(in, sz, false));
	}
}

/* Operands in order; the memory operand's SIB and displacement precede immediates. */
static int decode_operands(struct dec *d, const struct x86_form *f)
{
	struct x86_inst *in = d->insn;

	for (unsigned i = 0; i < X86_MAX_OPNDS && f->opnd[i]; i++) {
		int rc = operand(d, &in->opnd[i], f->opnd[i]);

		if (rc)
			return rc;
		in->nopnd = (uint8_t)(i + 1);
	}
	return 0;
}

/* After the operands: the rules that depend on all of them. */
static uint8_t check_form(const struct x86_inst *in)
{
	if ((in->prefixes & X86_P_LOCK) &&
	    (!(in->flags & X86_F_LK) || in->opnd[0].kind != X86_OPND_MEM))
		return X86_UD_LOCK;
	return X86_UD_NONE;
}

static const uint8_t mandatory_byte[] = {[PFX_P66] = 0x66, [PFX_PF3] = 0xf3, [PFX_PF2] = 0xf2};

static int decode_one(struct dec *d)
{
	struct x86_inst *in = d->insn;
	const struct x86_form *f = NULL;
	uint8_t opc = 0;
	int rc = scan_prefixes(d, &opc);

	if (!rc)
		rc = read_map(d, &opc);
	if (rc || in->ud)
		return rc;
	in->opcode = opc;
	rc = match_form(d, &f);
	if (rc)
		return rc;
	if (!f) {
		in->ud = X86_UD_UNDEFINED;
		return 0;
	}
	in->op = f->op;
	in->mandatory = mandatory_byte[f->pfx];
	in->flags = f->flags;
	in->cc = opc & 15;
	set_sizes(d, f);
	rc = decode_operands(d, f);
	if (rc == -EINVAL) {
		in->ud = X86_UD_UNDEFINED;
		return 0;
	}
	if (!rc)
		in->ud = check_form(in);
	return rc;
}

int x86_decode(struct x86_inst *insn, const uint8_t *bytes, size_t avail, enum x86_mode mode)
{
	struct dec d = {
	    .bytes = bytes, .avail = avail, .insn = insn, .mode64 = mode == X86_MODE_64};
	int rc;

	pthread_once(&index_once, build_index);
	memset(insn, 0, sizeof(*insn));
	insn->mode = (uint8_t)mode;
	insn->seg = X86_SEG_NONE;
	rc = decode_one(&d);
	insn->len = (uint8_t)d.pos;
	if (rc == -E2BIG) {
		insn->ud = X86_UD_TOO_LONG;
		insn->len = X86_MAX_LEN;
		return 0;
	}
	return rc;
}

static const char *const op_names[] = {
#define X86_OP_NAME(m) #m,
    X86_MNEMONICS(X86_OP_NAME)
#undef X86_OP_NAME
};

const char *x86_op_name(enum x86_op op)
{
	return (unsigned)op < X86_OP_COUNT ? op_names[op] : "?";
}
