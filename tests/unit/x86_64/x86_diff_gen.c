/*
 * x86_diff_gen.c - the generator of x86_diff_gen.h: instruction groups
 * (a table of generator functions with weights) write their encodings
 * through one encoder (prefixes, REX, map escape, ModRM, SIB,
 * displacement, immediate), and every instruction written is decoded back
 * with FVP's decoder as a check of the generator itself.
 *
 * Registers: byte registers 0-15 are al..r15b (4-7 are spl..dil and need
 * REX), 16-19 are ah, ch, dh, bh (no REX allowed). Memory operands are
 * [base + disp] (sometimes with a SIB byte, sometimes with a 67 prefix:
 * the scratch buffer is below 4 GiB) within +-1 KiB of the base register,
 * which points at the middle of the scratch buffer; lea takes any base,
 * index and scale since it accesses nothing.
 *
 * Flags: `undef` is the set of arithmetic flags whose value is undefined
 * at this point of the sequence (Intel SDM, per instruction: AF after
 * logic ops and shifts, OF after multi-bit shifts and rotates, CF after
 * shl/shr by the operand size or more, SF ZF AF PF after multiplies, all
 * but ZF after bsf/bsr, OF SF AF PF after bt*, all after div). A flag
 * reader whose flags are not all defined is not emitted. Instructions
 * whose effect depends on a count (shifts, rep strings, division) get
 * that count from a `mov` written just before them, so the generator
 * knows it. A forward jcc skips a short body; after it, a flag is
 * defined only if it is on both paths.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "arch/x86_64/x86_decode.h"
#include "core/compiler.h"
#include "x86_diff_gen.h"
#include "../test_random.h"

#define F_CF  0x001u
#define F_PF  0x004u
#define F_AF  0x010u
#define F_ZF  0x040u
#define F_SF  0x080u
#define F_OF  0x800u
#define F_ALL (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define F_SZP (F_SF | F_ZF | F_PF)

#define RAX 0u
#define RCX 1u
#define RDX 2u
#define RSP 4u
#define RSI 6u
#define RDI 7u
#define HI8 16u /* byte registers 16..19: ah ch dh bh */

static struct gen_seq *S;
static const struct gen_caps *caps;
static uint64_t scratch_addr;
static uint32_t undef; /* arithmetic flags undefined now */
static bool df;	       /* the direction flag now */
static bool df_known;  /* df is the same on every path to here */
static bool in_skip;   /* writing the body a forward jcc may skip */
static int gen_err;

static bool chance(unsigned percent)
{
	return rnd_below(100) < percent;
}

/* ---- the encoder ---- */

struct mem {
	int base, index; /* -1: none */
	unsigned scale;	 /* 1, 2, 4, 8 */
	unsigned dsz;	 /* displacement bytes: 0, 1, 4 */
	int32_t disp;
	bool sib; /* a SIB byte even without an index */
	bool a32; /* 67: 32-bit addressing */
};

struct insn {
	uint8_t pfx;	    /* lock or rep (F0, F2, F3), or 0 */
	uint8_t mandatory;  /* F2 or F3 of an SSE-style form (crc32, popcnt), or 0 */
	bool p66, w;	    /* operand-size prefix, REX.W */
	bool reg8, rm8;	    /* ModRM.reg, ModRM.rm (or +r) name byte registers */
	uint8_t map, opc;   /* map: 0 one-byte, 1 0F, 2 0F 38 */
	int plusr;	    /* register in the opcode's low bits, -1 none */
	bool modrm, rm_mem; /* has ModRM; its r/m is memory */
	unsigned reg, rm;   /* ModRM.reg (a register or a /digit), register r/m */
	struct mem m;
	uint64_t imm;
	unsigned isz; /* immediate bytes */
};

static void put(uint8_t b)
{
	S->code[S->len++] = b;
}

static void put_le(uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		put((uint8_t)(v >> 8 * i));
}

static unsigned lo3(unsigned r)
{
	return r >= HI8 ? r - 12 : r & 7;
}

/* What register r asks of the REX prefix: ext (its bit 3), needs it (spl..dil), forbids it. */
static void rex_of(unsigned r, bool byte, unsigned *ext, bool *need, bool *forbid)
{
	if (byte && r >= HI8) {
		*forbid = true;
		return;
	}
	*ext = (r >> 3) & 1;
	if (*ext || (byte && r >= 4 && r < 8))
		*need = true;
}

static void put_mem(unsigned reg3, const struct mem *m)
{
	static const uint8_t ss[9] = {[1] = 0, [2] = 1, [4] = 2, [8] = 3};
	unsigned idx = m->index >= 0 ? (unsigned)m->index & 7 : 4, dsz = m->dsz, mod;

	if (m->base < 0) {
		put((uint8_t)(reg3 << 3 | 4));
		put((uint8_t)(ss[m->scale] << 6 | idx << 3 | 5));
		put_le((uint32_t)m->disp, 4);
		return;
	}
	if (dsz == 0 && (m->base & 7) == 5)
		dsz = 1; /* mod 00 with rbp/r13 is RIP-relative (no SIB) or no base (SIB) */
	mod = dsz == 0 ? 0 : dsz == 1 ? 1 : 2;
	if (m->index >= 0 || m->sib || (m->base & 7) == 4) {
		put((uint8_t)(mod << 6 | reg3 << 3 | 4));
		put((uint8_t)(ss[m->scale] << 6 | idx << 3 | (m->base & 7)));
	} else {
		put((uint8_t)(mod << 6 | reg3 << 3 | (m->base & 7)));
	}
	put_le((uint32_t)m->disp, dsz);
}

/* The generator's own check: the bytes decode to one instruction of that length. */
static void check_decode(unsigned start)
{
	struct x86_inst d;
	char text[96];

	if (x86_decode(&d, S->code + start, S->len - start, X86_MODE_64) == 0 && !d.ud &&
	    d.len == S->len - start)
		return;
	x86_disas(text, sizeof(text), 0, S->code + start, S->len - start);
	fprintf(stderr, "x86diff: seed %llu: generated encoding does not decode as meant:",
		(unsigned long long)S->seed);
	for (unsigned i = start; i < S->len; i++)
		fprintf(stderr, " %02x", S->code[i]);
	fprintf(stderr, " (%s)\n", text);
	gen_err = -EPROTO;
}

/* Writes in; returns -1 (nothing written) if it names a high-byte register and needs REX. */
static int emit(const struct insn *in)
{
	unsigned r = 0, x = 0, b = 0, start = S->len;
	bool need = in->w, forbid = false;

	if (in->modrm) {
		rex_of(in->reg, in->reg8, &r, &need, &forbid);
		if (!in->rm_mem)
			rex_of(in->rm, in->rm8, &b, &need, &forbid);
		if (in->rm_mem && in->m.base >= 0)
			rex_of((unsigned)in->m.base, false, &b, &need, &forbid);
		if (in->rm_mem && in->m.index >= 0)
			rex_of((unsigned)in->m.index, false, &x, &need, &forbid);
	}
	if (in->plusr >= 0)
		rex_of((unsigned)in->plusr, in->rm8, &b, &need, &forbid);
	if (need && forbid)
		return -1;
	if (in->rm_mem && in->m.a32)
		put(0x67);
	if (in->pfx)
		put(in->pfx);
	if (in->p66)
		put(0x66);
	if (in->mandatory)
		put(in->mandatory);
	if (need)
		put((uint8_t)(0x40 | in->w << 3 | r << 2 | x << 1 | b));
	if (in->map)
		put(0x0f);
	if (in->map == 2)
		put(0x38);
	put((uint8_t)(in->opc + (in->plusr >= 0 ? lo3((unsigned)in->plusr) : 0)));
	if (in->modrm && in->rm_mem)
		put_mem(lo3(in->reg), &in->m);
	else if (in->modrm)
		put((uint8_t)(0xc0 | lo3(in->reg) << 3 | lo3(in->rm)));
	put_le(in->imm, in->isz);
	check_decode(start);
	S->undefined_after[S->ninsns] = undef;
	S->insn_off[S->ninsns++] = (uint16_t)start;
	return 0;
}

/* An instruction of operand size size (1 2 4 8): 66 for 2, REX.W for 8, byte registers for 1. */
static struct insn insn_sized(unsigned size, uint8_t map, uint8_t opc, bool modrm)
{
	return (struct insn){.map = map,
			     .opc = opc,
			     .modrm = modrm,
			     .plusr = -1,
			     .p66 = size == 2,
			     .w = size == 8,
			     .reg8 = size == 1,
			     .rm8 = size == 1};
}

/* ---- operands ---- */

static const unsigned favourites[] = {0, 1, 2, 3, 6, 7, 8, 9};

static unsigned full_reg(unsigned r)
{
	return r >= HI8 ? r - HI8 : r;
}

static bool writable(unsigned r)
{
	return full_reg(r) != RSP && full_reg(r) != S->base_reg;
}

/* A source register of size bytes: anything but rsp (spl). */
static unsigned pick_reg(unsigned size)
{
	unsigned r;

	do {
		if (size == 1 && chance(20))
			r = HI8 + rnd_below(4);
		else if (chance(50))
			r = favourites[rnd_below(ARRAY_SIZE(favourites))];
		else
			r = rnd_below(16);
	} while (full_reg(r) == RSP);
	return r;
}

static unsigned pick_dst(unsigned size)
{
	unsigned r;

	do
		r = pick_reg(size);
	while (!writable(r));
	return r;
}

static unsigned pick_size(void)
{
	static const unsigned sizes[] = {1, 2, 4, 4, 8, 8};

	return sizes[rnd_below(ARRAY_SIZE(sizes))];
}

/* Sizes 2, 4 or 8 (instructions without a byte form). */
static unsigned pick_size_wide(void)
{
	static const unsigned sizes[] = {2, 4, 4, 8, 8};

	return sizes[rnd_below(ARRAY_SIZE(sizes))];
}

static uint64_t pick_imm(void)
{
	static const uint64_t edge[] = {RND_EDGE_VALUES, 0x7f, 0x80, 0xffff, 0x7fff, 0x8000};

	return rnd_interesting(edge, ARRAY_SIZE(edge));
}

/* [base + disp] inside the scratch buffer, for an access of up to 8 bytes. */
static struct mem pick_mem(void)
{
	struct mem m = {.base = (int)S->base_reg, .index = -1, .scale = 1};
	unsigned k = rnd_below(100);

	if (k < 15) {
		m.dsz = 0;
	} else if (k < 60) {
		m.dsz = 1;
		m.disp = (int32_t)rnd_below(256) - 128;
	} else {
		m.dsz = 4;
		m.disp = (int32_t)rnd_below(2048) - 1024;
	}
	m.sib = chance(15);
	m.a32 = chance(5);
	return m;
}

/* The r/m operand of in: memory 35% of the time, else a register (one that may be written if
 * dst). */
static void pick_rm(struct insn *in, unsigned size, bool dst)
{
	in->rm_mem = chance(35);
	if (in->rm_mem)
		in->m = pick_mem();
	else
		in->rm = dst ? pick_dst(size) : pick_reg(size);
}

/* ModRM.reg holds an opcode extension (/digit), not a register. */
static void set_digit(struct insn *in, unsigned digit)
{
	in->reg = digit;
	in->reg8 = false;
}

static void set_imm(struct insn *in, unsigned size, uint64_t v)
{
	in->isz = size == 1 ? 1 : size == 2 ? 2 : 4;
	in->imm = v & (in->isz == 4 ? 0xffffffffull : (1ull << 8 * in->isz) - 1);
}

static void lock_maybe(struct insn *in)
{
	if (in->rm_mem && chance(20))
		in->pfx = 0xf0;
}

/* ---- flags ---- */

static bool readable(uint32_t f)
{
	return !(undef & f);
}

static void flags(uint32_t set, uint32_t undefined)
{
	undef = (undef & ~set) | undefined;
	S->undefined_after[S->ninsns - 1] = undef;
}

/* The flags condition cc (jcc's low nibble) reads. */
static uint32_t cc_reads(unsigned cc)
{
	static const uint32_t reads[8] = {F_OF, F_CF, F_ZF,	   F_CF | F_ZF,
					  F_SF, F_PF, F_SF | F_OF, F_ZF | F_SF | F_OF};

	return reads[(cc >> 1) & 7];
}

/* ---- helper moves (no flags): counts, divisors, pointers ---- */

/* mov r, v: byte B0+r, word/dword B8+r, qword REX.W C7 /0 (v sign-extended from 32 bits). */
static void mov_reg_imm(unsigned r, unsigned size, uint64_t v)
{
	struct insn in = insn_sized(size, 0, size == 1 ? 0xb0 : 0xb8, false);

	in.plusr = (int)r;
	if (size == 8) {
		in.opc = 0xc7;
		in.plusr = -1;
		in.modrm = true;
		in.rm = r;
	}
	set_imm(&in, size, v);
	emit(&in);
}

static void mov_mem_imm(const struct mem *m, unsigned size, uint64_t v)
{
	struct insn in = insn_sized(size, 0, size == 1 ? 0xc6 : 0xc7, true);

	set_digit(&in, 0);
	in.rm_mem = true;
	in.m = *m;
	set_imm(&in, size, v);
	emit(&in);
}

/* lea r64, [base + disp] */
static void lea_scratch(unsigned r, int32_t disp)
{
	struct insn in = insn_sized(8, 0, 0x8d, true);

	in.reg = r;
	in.rm_mem = true;
	in.m =
	    (struct mem){.base = (int)S->base_reg, .index = -1, .scale = 1, .dsz = 4, .disp = disp};
	emit(&in);
}

/* A shift or rotate count: edge values around the operand sizes, or anything. */
static unsigned pick_count(void)
{
	static const unsigned edge[] = {0, 1, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65};

	return chance(60) ? edge[rnd_below(ARRAY_SIZE(edge))] : rnd_below(256);
}

/* ---- the instruction groups ---- */

/* add or adc sbb and sub xor cmp (the /digit order), then test. */
static const struct alu_op {
	uint32_t reads, set, undefined;
	bool writes;
} alu_ops[9] = {
    {0, F_ALL, 0, true},
    {0, F_ALL & ~F_AF, F_AF, true},
    {F_CF, F_ALL, 0, true},
    {F_CF, F_ALL, 0, true},
    {0, F_ALL & ~F_AF, F_AF, true},
    {0, F_ALL, 0, true},
    {0, F_ALL & ~F_AF, F_AF, true},
    {0, F_ALL, 0, false},
    {0, F_ALL & ~F_AF, F_AF, false},
};

static int g_alu(void)
{
	unsigned ext = rnd_below(ARRAY_SIZE(alu_ops)), size = pick_size(), form = rnd_below(5);
	const struct alu_op *op = &alu_ops[ext];
	bool test = ext == 8;
	struct insn in;

	if (!readable(op->reads))
		return -1;
	if (form == 0 || form == 1) { /* r/m, reg (00+8n; test 84) or reg, r/m (02+8n) */
		if (test)
			form = 0;
		in = insn_sized(size, 0, (uint8_t)(test ? 0x84 : ext * 8 + form * 2), true);
		in.opc += size > 1;
		in.reg = form && op->writes ? pick_dst(size) : pick_reg(size);
		pick_rm(&in, size, !form && op->writes);
	} else if (form == 2) { /* al/ax/eax/rax, imm (04+8n; test A8) */
		in = insn_sized(size, 0, (uint8_t)(test ? 0xa8 : ext * 8 + 4), false);
		in.opc += size > 1;
		set_imm(&in, size, pick_imm());
	} else { /* 80/81 /n; 83 /n ib; test F6/F7 /0 */
		bool ib = form == 4 && size > 1 && !test;

		in = insn_sized(size, 0, test ? 0xf6 : ib ? 0x83 : 0x80, true);
		in.opc += size > 1 && !ib;
		set_digit(&in, test ? 0 : ext);
		pick_rm(&in, size, op->writes);
		set_imm(&in, ib ? 1 : size, pick_imm());
	}
	if (op->writes && form != 1)
		lock_maybe(&in);
	if (emit(&in))
		return -1;
	flags(op->set, op->undefined);
	return 0;
}

/* inc dec (FE/FF /0 /1), not neg (F6/F7 /2 /3). */
static int g_unary(void)
{
	static const struct {
		uint8_t opc, ext;
		uint32_t set;
	} ops[] = {
	    {0xfe, 0, F_ALL & ~F_CF}, {0xfe, 1, F_ALL & ~F_CF}, {0xf6, 2, 0}, {0xf6, 3, F_ALL}};
	unsigned k = rnd_below(ARRAY_SIZE(ops)), size = pick_size();
	struct insn in = insn_sized(size, 0, (uint8_t)(ops[k].opc + (size > 1)), true);

	set_digit(&in, ops[k].ext);
	pick_rm(&in, size, true);
	lock_maybe(&in);
	if (emit(&in))
		return -1;
	flags(ops[k].set, 0);
	return 0;
}

enum shift_kind { SH_ROT, SH_RC, SH_SHIFT, SH_SAR };

/* The flags of a shift or rotate of bits-bit operands by masked count mc. */
static void shift_flags(enum shift_kind kind, unsigned mc, unsigned bits)
{
	uint32_t of = mc == 1 ? F_OF : 0, of_undef = mc == 1 ? 0 : F_OF;

	if (!mc)
		return;
	switch (kind) {
	case SH_ROT:
	case SH_RC:
		flags(F_CF | of, of_undef);
		break;
	case SH_SHIFT: /* CF is undefined for shl/shr by the operand size or more */
		flags(F_SZP | of | (mc < bits ? F_CF : 0),
		      F_AF | of_undef | (mc < bits ? 0 : F_CF));
		break;
	case SH_SAR:
		flags(F_SZP | F_CF | of, F_AF | of_undef);
		break;
	}
}

/* rol ror rcl rcr shl shr sal sar by 1 (D0/D1), imm8 (C0/C1) or cl (D2/D3). */
static int g_shift(void)
{
	static const uint8_t kinds[8] = {SH_ROT,   SH_ROT,   SH_RC,    SH_RC,
					 SH_SHIFT, SH_SHIFT, SH_SHIFT, SH_SAR};
	static const uint8_t opcs[3] = {0xd0, 0xc0, 0xd2};
	unsigned ext = rnd_below(8), size = pick_size(), form = rnd_below(3);
	unsigned count = form == 0 ? 1 : pick_count();
	struct insn in = insn_sized(size, 0, (uint8_t)(opcs[form] + (size > 1)), true);

	if (kinds[ext] == SH_RC && !readable(F_CF))
		return -1;
	set_digit(&in, ext);
	pick_rm(&in, size, true);
	if (form == 1)
		set_imm(&in, 1, count);
	if (form == 2)
		mov_reg_imm(RCX, 1, count);
	if (emit(&in))
		return -1;
	shift_flags(kinds[ext], count & (size == 8 ? 63 : 31), size * 8);
	return 0;
}

/* shld (0F A4 ib, A5 cl), shrd (0F AC ib, AD cl). */
static int g_shift_double(void)
{
	unsigned size = pick_size_wide(), count = pick_count(), mc = count & (size == 8 ? 63 : 31);
	bool cl = chance(50);
	struct insn in = insn_sized(size, 1, (uint8_t)((chance(50) ? 0xa4 : 0xac) + cl), true);

	if (size == 2 && mc > 16) /* the result is undefined */
		return -1;
	in.reg = pick_reg(size);
	pick_rm(&in, size, true);
	if (cl)
		mov_reg_imm(RCX, 1, count);
	else
		set_imm(&in, 1, count);
	if (emit(&in))
		return -1;
	if (mc)
		flags(F_CF | F_SZP | (mc == 1 ? F_OF : 0), F_AF | (mc == 1 ? 0 : F_OF));
	return 0;
}

/* mul, imul (F6/F7 /4 /5), imul reg, r/m (0F AF), imul reg, r/m, imm (69 iz, 6B ib). */
static int g_mul(void)
{
	unsigned form = rnd_below(4), size = form ? pick_size_wide() : pick_size();
	struct insn in;

	if (form == 0) {
		in = insn_sized(size, 0, (uint8_t)(0xf6 + (size > 1)), true);
		set_digit(&in, 4 + rnd_below(2));
	} else {
		static const uint8_t opcs[4] = {0, 0xaf, 0x69, 0x6b};

		in = insn_sized(size, form == 1, opcs[form], true);
		in.reg = pick_dst(size);
		if (form > 1)
			set_imm(&in, form == 3 ? 1 : size, pick_imm());
	}
	pick_rm(&in, size, false);
	if (emit(&in))
		return -1;
	flags(F_CF | F_OF, F_SZP | F_AF);
	return 0;
}

/* div, idiv (F6/F7 /6 /7) by a divisor written just before, with a dividend that fits. */
static int g_div(void)
{
	unsigned size = pick_size(), bits = size * 8;
	uint64_t mask = size == 8 ? ~0ull : (1ull << bits) - 1, d = pick_imm() & 0xffffffffull;
	uint64_t dv = size == 8 ? (uint64_t)(int64_t)(int32_t)d : d & mask;
	bool sgn = chance(50);
	struct insn in = insn_sized(size, 0, (uint8_t)(0xf6 + (size > 1)), true);

	if (dv == 0 || (sgn && dv == mask))
		return -1; /* #DE; INT_MIN / -1 */
	set_digit(&in, 6 + sgn);
	pick_rm(&in, size, true);
	while (!in.rm_mem && (full_reg(in.rm) == RAX || full_reg(in.rm) == RDX))
		in.rm = pick_dst(size);
	if (in.rm_mem)
		mov_mem_imm(&in.m, size, d);
	else
		mov_reg_imm(in.rm, size, d);
	if (sgn) { /* cbw cwd cdq cqo: the sign-extended accumulator always fits */
		struct insn cv =
		    insn_sized(size == 1 ? 2 : size, 0, size == 1 ? 0x98 : 0x99, false);

		emit(&cv);
	} else { /* high half below the divisor */
		uint64_t lim = dv < 0x100000000ull ? dv : 0x100000000ull;

		mov_reg_imm(size == 1 ? HI8 : RDX, size == 1 ? 1 : 4, rnd() % lim);
	}
	if (emit(&in))
		return -1;
	flags(0, F_ALL);
	return 0;
}

/* bt bts btr btc r/m, reg (0F A3 AB B3 BB) or r/m, imm8 (0F BA /4-7). */
static int g_bt(void)
{
	unsigned k = rnd_below(4), size = pick_size_wide();
	bool imm = chance(40);
	struct insn in = insn_sized(size, 1, imm ? 0xba : (uint8_t)(0xa3 + 8 * k), true);

	pick_rm(&in, size, k != 0);
	if (imm) {
		set_digit(&in, 4 + k);
		set_imm(&in, 1, rnd());
	} else if (in.rm_mem) { /* the bit offset reaches +-512 bytes around the operand */
		in.reg = pick_dst(8);
		mov_reg_imm(in.reg, 8, (uint64_t)((int64_t)rnd_below(8192) - 4096));
	} else {
		in.reg = pick_reg(size);
	}
	if (k)
		lock_maybe(&in);
	if (emit(&in))
		return -1;
	flags(F_CF, F_OF | F_SF | F_AF | F_PF);
	return 0;
}

/* bsf bsr (0F BC BD), popcnt (F3 0F B8). */
static int g_bitscan(void)
{
	unsigned k = rnd_below(3), size = pick_size_wide();
	struct insn in = insn_sized(size, 1, (uint8_t)(k == 2 ? 0xb8 : 0xbc + k), true);

	if ((k == 2 && !caps->popcnt) || (k < 2 && size == 4 && !caps->bsf32))
		return -1;
	if (k == 2)
		in.mandatory = 0xf3;
	in.reg = pick_dst(size);
	pick_rm(&in, size, false);
	if (emit(&in))
		return -1;
	if (k == 2)
		flags(F_ALL, 0);
	else
		flags(F_ZF, F_ALL & ~F_ZF);
	return 0;
}

static int g_bswap(void)
{
	unsigned size = chance(50) ? 4 : 8;
	struct insn in = insn_sized(size, 1, 0xc8, false);

	in.plusr = (int)pick_dst(size);
	return emit(&in);
}

/* xchg r/m, reg (86/87), xchg rax, reg (90+r: 90 alone is nop). */
static int g_xchg(void)
{
	unsigned size = pick_size();
	struct insn in;

	if (size > 1 && chance(30)) {
		in = insn_sized(size, 0, 0x90, false);
		in.plusr = (int)pick_dst(size);
	} else {
		in = insn_sized(size, 0, (uint8_t)(0x86 + (size > 1)), true);
		in.reg = pick_dst(size);
		pick_rm(&in, size, true);
	}
	return emit(&in);
}

/* xadd (0F C0/C1), cmpxchg (0F B0/B1). */
static int g_xadd_cmpxchg(void)
{
	unsigned size = pick_size();
	bool xadd = chance(50);
	struct insn in = insn_sized(size, 1, (uint8_t)((xadd ? 0xc0 : 0xb0) + (size > 1)), true);

	in.reg = xadd ? pick_dst(size) : pick_reg(size);
	pick_rm(&in, size, true);
	lock_maybe(&in);
	if (emit(&in))
		return -1;
	flags(F_ALL, 0);
	return 0;
}

/* cmovcc reg, r/m (0F 40+cc), setcc r/m8 (0F 90+cc /0). */
static int g_cond(void)
{
	unsigned cc = rnd_below(16);
	bool set = chance(50);
	unsigned size = set ? 1 : pick_size_wide();
	struct insn in = insn_sized(size, 1, (uint8_t)((set ? 0x90 : 0x40) + cc), true);

	if (!readable(cc_reads(cc)))
		return -1;
	set_digit(&in, 0);
	if (!set)
		in.reg = pick_dst(size);
	pick_rm(&in, size, set);
	return emit(&in);
}

/* mov r/m, reg (88/89); reg, r/m (8A/8B); r/m, imm (C6/C7); reg, imm (B0+r, B8+r: imm64 with
 * REX.W); al/ax/eax/rax to and from moffs64 (A0-A3). */
static int g_mov(void)
{
	unsigned form = rnd_below(5), size = pick_size();
	struct insn in;

	switch (form) {
	case 0:
	case 1:
		in = insn_sized(size, 0, (uint8_t)(0x88 + 2 * form + (size > 1)), true);
		in.reg = form ? pick_dst(size) : pick_reg(size);
		pick_rm(&in, size, !form);
		break;
	case 2:
		in = insn_sized(size, 0, (uint8_t)(0xc6 + (size > 1)), true);
		pick_rm(&in, size, true);
		set_imm(&in, size, pick_imm());
		break;
	case 3:
		in = insn_sized(size, 0, size == 1 ? 0xb0 : 0xb8, false);
		in.plusr = (int)pick_dst(size);
		set_imm(&in, size, pick_imm());
		if (size == 8) {
			in.imm = pick_imm();
			in.isz = 8;
		}
		break;
	default:
		in = insn_sized(size, 0, (uint8_t)((chance(50) ? 0xa0 : 0xa2) + (size > 1)), false);
		in.imm = scratch_addr + GEN_SCRATCH_SIZE / 2 - 1024 + rnd_below(2048 - 8);
		in.isz = 8;
		break;
	}
	return emit(&in);
}

/* movzx movsx (0F B6 B7 BE BF), movsxd (REX.W 63). */
static int g_movx(void)
{
	unsigned k = rnd_below(5), src = k == 4 ? 4 : (k & 1) ? 2 : 1;
	unsigned size = k == 4 ? 8 : src == 1 ? pick_size_wide() : (chance(50) ? 4 : 8);
	static const uint8_t opcs[5] = {0xb6, 0xb7, 0xbe, 0xbf, 0x63};
	struct insn in = insn_sized(size, k != 4, opcs[k], true);

	in.reg8 = false;
	in.rm8 = src == 1;
	in.reg = pick_dst(size);
	pick_rm(&in, src, false);
	return emit(&in);
}

/* lea reg, [base + index * scale + disp] with any registers but rsp (no access is made). */
static int g_lea(void)
{
	unsigned size = pick_size_wide(), k = rnd_below(100);
	struct insn in = insn_sized(size, 0, 0x8d, true);

	in.reg = pick_dst(size);
	in.rm_mem = true;
	in.m = (struct mem){.base = chance(10) ? -1 : (int)pick_reg(8),
			    .index = chance(30) ? -1 : (int)pick_reg(8),
			    .scale = 1u << rnd_below(4),
			    .dsz = k < 20   ? 0
				   : k < 60 ? 1
					    : 4,
			    .a32 = chance(15)};
	if (in.m.dsz == 1)
		in.m.disp = (int32_t)(rnd() & 0xff) - 128; /* a disp8: -128 .. 127 */
	else if (in.m.dsz == 4 || in.m.base < 0)
		in.m.disp = (int32_t)pick_imm();
	return emit(&in);
}

/* cbw cwde cdqe (98), cwd cdq cqo (99). */
static int g_convert(void)
{
	static const unsigned sizes[3] = {2, 4, 8};
	struct insn in = insn_sized(sizes[rnd_below(3)], 0, chance(50) ? 0x98 : 0x99, false);

	return emit(&in);
}

/* clc stc cmc cld std (F8 F9 F5 FC FD), lahf sahf (9F 9E). */
static int g_flag_op(void)
{
	static const struct {
		uint8_t opc;
		uint32_t reads, set;
	} ops[] = {{0xf8, 0, F_CF},
		   {0xf9, 0, F_CF},
		   {0xf5, F_CF, F_CF},
		   {0xfc, 0, 0},
		   {0xfd, 0, 0},
		   {0x9f, F_CF | F_PF | F_AF | F_ZF | F_SF, 0},
		   {0x9e, 0, F_CF | F_PF | F_AF | F_ZF | F_SF}};
	unsigned k = rnd_below(ARRAY_SIZE(ops));
	struct insn in = insn_sized(4, 0, ops[k].opc, false);

	if (!readable(ops[k].reads) || (ops[k].opc >> 4 == 9 && !caps->lahf))
		return -1;
	emit(&in);
	flags(ops[k].set, 0);
	if (ops[k].opc == 0xfc || ops[k].opc == 0xfd)
		df = ops[k].opc == 0xfd;
	df_known |= ops[k].opc == 0xfc || ops[k].opc == 0xfd;
	return 0;
}

/* cld or std */
static void set_df(bool set)
{
	emit(&(struct insn){.opc = set ? 0xfd : 0xfc, .plusr = -1});
	df = set;
	df_known = true;
}

/* movs cmps stos lods scas (A4 A6 AA AC AE), with rep/repe/repne, on pointers and a count
 * written just before: up to 512 bytes around the base, or (byte strings, now and then) more
 * iterations than FVP runs per helper call, from one end of the scratch buffer. */
static int g_string(void)
{
	static const uint8_t opcs[5] = {0xa4, 0xa6, 0xaa, 0xac, 0xae};
	unsigned k = rnd_below(5), size = pick_size(), n = 1;
	bool compares = k == 1 || k == 4, big = size == 1 && df_known && chance(5);
	struct insn in = insn_sized(size, 0, (uint8_t)(opcs[k] + (size > 1)), false);
	int32_t half = GEN_SCRATCH_SIZE / 2, start[2];

	if (chance(50) || big)
		in.pfx = compares && chance(50) ? 0xf2 : 0xf3;
	if (chance(15))
		set_df(chance(50));
	for (unsigned i = 0; i < 2; i++)
		start[i] = !big ? (int32_t)rnd_below(1024) - 512
			   : df ? half - 1 - (int32_t)rnd_below(64)
				: (int32_t)rnd_below(64) - half;
	if (k != 2 && k != 4)
		lea_scratch(RSI, start[0]);
	if (k != 3)
		lea_scratch(RDI, start[1]);
	if (in.pfx) {
		n = big		 ? 4097 + rnd_below(1500)
		    : chance(10) ? 0
				 : rnd_below(512 / (size ? size : 1) + 1);
		mov_reg_imm(RCX, 4, n);
	}
	emit(&in);
	if (compares && n)
		flags(F_ALL, 0);
	return 0;
}

/* crc32 r32/r64, r/m8 (F2 0F 38 F0), r/m16/32/64 (F2 0F 38 F1). */
static int g_crc32(void)
{
	unsigned src = pick_size(), size = src == 8 ? 8 : chance(30) && src == 1 ? 8 : 4;
	struct insn in = insn_sized(size, 2, (uint8_t)(0xf0 + (src > 1)), true);

	if (!caps->crc32)
		return -1;
	in.mandatory = 0xf2;
	in.p66 = src == 2;
	in.reg8 = false;
	in.rm8 = src == 1;
	in.reg = pick_dst(size);
	pick_rm(&in, src, false);
	return emit(&in);
}

static int g_jcc(void);

static const struct group {
	int (*gen)(void);
	unsigned weight;
} groups[] = {
    {g_alu, 30},	 {g_unary, 6},	 {g_shift, 12},	 {g_shift_double, 5}, {g_mul, 6},
    {g_div, 4},		 {g_bt, 6},	 {g_bitscan, 4}, {g_bswap, 2},	      {g_xchg, 4},
    {g_xadd_cmpxchg, 5}, {g_cond, 8},	 {g_mov, 10},	 {g_movx, 5},	      {g_lea, 5},
    {g_convert, 2},	 {g_flag_op, 4}, {g_string, 4},	 {g_crc32, 2},	      {g_jcc, 5},
};

static const struct group *pick_group(void)
{
	unsigned total = 0, k;

	for (unsigned i = 0; i < ARRAY_SIZE(groups); i++)
		total += groups[i].weight;
	k = rnd_below(total);
	for (unsigned i = 0;; i++) {
		if (k < groups[i].weight)
			return &groups[i];
		k -= groups[i].weight;
	}
}

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return (x ^ (x >> 31)) | 1;
}

int gen_sequence(struct gen_seq *s, uint64_t seed, uint64_t scratch, const struct gen_caps *c)
{
	static const unsigned bases[] = {3, 5, 8, 9, 10, 11, 12, 13, 14, 15};
	static const uint64_t edge[] = {RND_EDGE_VALUES};
	unsigned target;

	memset(s, 0, sizeof(*s));
	S = s;
	caps = c;
	scratch_addr = scratch;
	undef = 0;
	df = false;
	df_known = true;
	in_skip = false;
	gen_err = 0;
	rng_state = splitmix(seed);
	s->seed = seed;
	s->base_reg = bases[rnd_below(ARRAY_SIZE(bases))];
	s->page_offset = chance(50) ? 4096 - rnd_below(GEN_MAX_CODE) : rnd_below(4096);
	for (unsigned r = 0; r < 16; r++)
		s->regs[r] = rnd_interesting(edge, ARRAY_SIZE(edge));
	s->regs[RSP] = 0;
	s->regs[s->base_reg] = scratch + GEN_SCRATCH_SIZE / 2;
	s->rflags = 0x2 | (rnd() & F_ALL);
	for (unsigned i = 0; i < GEN_SCRATCH_SIZE; i += 8) {
		uint64_t v = rnd_interesting(edge, ARRAY_SIZE(edge));

		memcpy(&s->scratch[i], &v, 8);
	}
	target = 5 + rnd_below(26);
	while (s->ninsns < target && s->ninsns + 6 <= GEN_MAX_INSNS)
		pick_group()->gen();
	s->undefined = undef;
	return gen_err;
}

/* jcc (70+cc rel8, 0F 80+cc rel32) over a body of one to four groups, after a flag-setting ALU
 * instruction half of the time (cmp + jcc is one compare-and-branch in FVP). Both paths meet
 * after the body: a flag is defined there if it is on both, and no prefix of the sequence may
 * end between the jcc and the meeting point (its target would be past the end). */
static int g_jcc(void)
{
	unsigned cc = rnd_below(16), body = 1 + rnd_below(4), jcc_insn, start;
	bool near = chance(30), df_skip;
	struct insn in = {.map = near, .opc = (uint8_t)((near ? 0x80 : 0x70) + cc), .plusr = -1};
	uint32_t undef_skip, disp;

	if (in_skip || S->ninsns + 6 * (body + 2) > GEN_MAX_INSNS)
		return -1;
	if (chance(50))
		g_alu();
	if (!readable(cc_reads(cc)))
		return -1;
	in.isz = near ? 4 : 1;
	emit(&in);
	jcc_insn = S->ninsns - 1;
	start = S->len;
	undef_skip = undef;
	df_skip = df;
	in_skip = true;
	while (body)
		body -= pick_group()->gen() == 0;
	in_skip = false;
	disp = S->len - start;
	memcpy(&S->code[start - in.isz], &disp, in.isz);
	for (unsigned i = jcc_insn; i + 1 < S->ninsns; i++)
		S->no_cut[i] = true;
	undef |= undef_skip;
	S->undefined_after[S->ninsns - 1] = undef;
	df_known &= df == df_skip;
	return 0;
}
