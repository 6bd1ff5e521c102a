/*
 * test_rv_diff.c - differential test of the engines over random riscv64
 * code: a seeded generator writes streams of valid RV64GC instructions
 * (RV64I/M ALU, Zba/Zbb/Zbs, loads and stores of every width into a scratch
 * buffer, some misaligned, forward branches and jumps taken and not, F and D
 * arithmetic/compare/convert/move with static and dynamic rounding modes,
 * fflags/frm/fcsr reads and writes, AMOs and LR/SC, compressed
 * instructions), and each stream runs on a riscv64 hart built here through
 * the real frontend and the shared run loop (tcache_run) under the interp
 * (the reference), jit and hybrid engines, from the same initial state.
 * x and f registers, fflags/frm, mstatus, the trap CSRs, pc, instret, the
 * LR reservation flag and the scratch memory must match.
 *
 * Memory map: RAM at RAM_BASE; the stream's body sits near the end of the
 * second RAM page (it often crosses into the third); the trap handler
 * (mtvec) at HANDLER; the scratch buffer at SCRATCH. A store to the "stop"
 * MMIO page at physical 0 asks the hart to stop, so both the stream's end
 * and the trap handler are "sw x0, 0(x0); j .". The body runs `repeat`
 * times (t6 counts down; up to ~60 so hybrid compiles mid-run).
 * Reserved registers, never written by the body: sp and s1 (bases into the
 * scratch buffer, for 32-bit and compressed loads/stores) and t6.
 *
 * FVP_RVDIFF_SEED=n replays the one stream of seed n (and prints it);
 * FVP_RVDIFF_ITERS=n changes the number of streams.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "arch/riscv64/cpu.h"
#include "arch/riscv64/csr.h"
#include "arch/riscv64/decode.h"
#include "core/memory.h"
#include "core/vm.h"
#include "engine/tcache.h"
#include "../test_random.h"
#include "../test_watchdog.h"

#define RAM_BASE       0x80000000ull
#define RAM_SIZE       0x10000ull
#define CODE_MIN       (RAM_BASE + 0x1800ull)
#define CODE_MAX       (RAM_BASE + 0x4000ull)
#define HANDLER	       (RAM_BASE + 0x5000ull)
#define SCRATCH	       (RAM_BASE + 0x8000ull)
#define SCRATCH_SIZE   1024u
#define STOP_MMIO      0x0ull
#define BASE_SP	       (SCRATCH)
#define BASE_S1	       (SCRATCH + 512)
#define REG_SP	       2u
#define REG_S1	       9u
#define REG_LOOP       31u
#define MAX_ITEMS      160u
#define DEFAULT_ITERS  8000u
#define RUN_TIMEOUT_NS 3000000000ull

#define INSN_STOP     0x00002023u /* sw x0, 0(x0) */
#define INSN_SELFLOOP 0x0000006fu /* j . */

static bool chance(unsigned percent)
{
	return rnd_below(100) < percent;
}

/* ---- the instruction table (decode.h), as data for the generator ---- */

struct insn_desc {
	uint8_t fmt;
	uint32_t mask, match;
};

static const struct insn_desc insn_table[RV64_INSN_COUNT] = {
#define RV_DESC(id, nm, format, m, mt) [RV64_##id] = {RV_FMT_##format, (m), (mt)},
    RV64_INSNS(RV_DESC)
#undef RV_DESC
};

enum gen_class { GEN_NONE, GEN_ALU, GEN_FP };

/* Instructions the generic generator may pick (the rest need a special sequence). */
static enum gen_class gen_class_of(unsigned id)
{
	const struct insn_desc *d = &insn_table[id];

	switch (d->fmt) {
	case RV_FMT_R:
	case RV_FMT_R1:
	case RV_FMT_I:
	case RV_FMT_SH:
	case RV_FMT_U:
	case RV_FMT_FENCE:
		return GEN_ALU;
	case RV_FMT_FR:
	case RV_FMT_FR4:
	case RV_FMT_FR1:
	case RV_FMT_FCMP:
	case RV_FMT_F2X:
	case RV_FMT_X2F:
		return GEN_FP;
	default:
		return GEN_NONE;
	}
}

static unsigned alu_ids[RV64_INSN_COUNT], fp_ids[RV64_INSN_COUNT];
static unsigned n_alu_ids, n_fp_ids;
static unsigned load_ids[] = {RV64_LB, RV64_LH, RV64_LW, RV64_LD, RV64_LBU, RV64_LHU, RV64_LWU};
static unsigned store_ids[] = {RV64_SB, RV64_SH, RV64_SW, RV64_SD};
static unsigned amo_ids[] = {
    RV64_AMOSWAP_W, RV64_AMOADD_W,  RV64_AMOXOR_W,  RV64_AMOAND_W,  RV64_AMOOR_W,   RV64_AMOMIN_W,
    RV64_AMOMAX_W,  RV64_AMOMINU_W, RV64_AMOMAXU_W, RV64_AMOSWAP_D, RV64_AMOADD_D,  RV64_AMOXOR_D,
    RV64_AMOAND_D,  RV64_AMOOR_D,   RV64_AMOMIN_D,  RV64_AMOMAX_D,  RV64_AMOMINU_D, RV64_AMOMAXU_D};

static void build_id_lists(void)
{
	n_alu_ids = n_fp_ids = 0;
	for (unsigned id = 1; id < RV64_INSN_COUNT; id++) {
		if (id == RV64_FENCE_I)
			continue;
		switch (gen_class_of(id)) {
		case GEN_ALU:
			alu_ids[n_alu_ids++] = id;
			break;
		case GEN_FP:
			fp_ids[n_fp_ids++] = id;
			break;
		default:
			break;
		}
	}
}

/* ---- register choice ---- */

static bool reserved_x(unsigned r)
{
	return r == REG_SP || r == REG_S1 || r == REG_LOOP;
}

/* A destination x register: never a reserved one; x0 now and then. */
static unsigned pick_xd(void)
{
	unsigned r;

	if (chance(3))
		return 0;
	do
		r = 1 + rnd_below(31);
	while (reserved_x(r));
	return r;
}

/* A source x register: a few favourites so values flow between instructions. */
static unsigned pick_xs(void)
{
	if (chance(50))
		return 5 + rnd_below(4); /* t0..t2, s0 */
	return rnd_below(32);
}

static unsigned pick_f(void)
{
	if (chance(50))
		return rnd_below(6);
	return rnd_below(32);
}

/* A rounding-mode field: mostly valid static modes and DYN, now and then reserved (illegal). */
static unsigned pick_rm(void)
{
	static const unsigned rms[] = {0, 1, 2, 3, 4, 7, 7, 7};

	if (rnd_below(1000) < 3)
		return 5 + rnd_below(2);
	return rms[rnd_below(ARRAY_SIZE(rms))];
}

/* ---- the code image ---- */

enum fixup_kind { FIX_NONE, FIX_BRANCH, FIX_CBRANCH, FIX_JAL, FIX_CJ, FIX_JALR };

struct item {
	uint32_t off;	     /* byte offset of its first instruction in the body */
	uint32_t fix_off;    /* offset of the instruction to patch (FIX_*) */
	uint32_t anchor_off; /* FIX_JALR: offset of the auipc */
	uint8_t fix;
	uint16_t target; /* index of the target item (nitems: the loop tail) */
};

struct stream {
	uint64_t seed;
	uint64_t code_pc;
	unsigned repeat;
	uint8_t code[CODE_MAX - CODE_MIN + 0x1000];
	uint32_t len; /* bytes of code, body and tail */
	uint32_t body_len;
	struct item items[MAX_ITEMS + 1];
	unsigned nitems;
	unsigned ninsns;
	/* initial state */
	uint64_t x[32], f[32];
	uint32_t fflags, frm;
	uint8_t scratch[SCRATCH_SIZE];
};

static struct stream st;

static void emit32(uint32_t raw)
{
	memcpy(&st.code[st.len], &raw, 4);
	st.len += 4;
	st.ninsns++;
}

static void emit16(uint16_t raw)
{
	memcpy(&st.code[st.len], &raw, 2);
	st.len += 2;
	st.ninsns++;
}

static uint32_t enc_i(uint32_t opc, unsigned f3, unsigned rd, unsigned rs1, int32_t imm)
{
	return ((uint32_t)imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

static uint32_t enc_b(unsigned f3, unsigned rs1, unsigned rs2, int32_t off)
{
	uint32_t o = (uint32_t)off;

	return (((o >> 12) & 1) << 31) | (((o >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) |
	       (f3 << 12) | (((o >> 1) & 0xf) << 8) | (((o >> 11) & 1) << 7) | 0x63;
}

static uint32_t enc_j(unsigned rd, int32_t off)
{
	uint32_t o = (uint32_t)off;

	return (((o >> 20) & 1) << 31) | (((o >> 1) & 0x3ff) << 21) | (((o >> 11) & 1) << 20) |
	       (((o >> 12) & 0xff) << 12) | (rd << 7) | 0x6f;
}

/* c.beqz/c.bnez rs1' (x8..x15), offset +-256 */
static uint16_t enc_cb(unsigned f3, unsigned rs1, int32_t off)
{
	uint32_t o = (uint32_t)off;

	return (uint16_t)((f3 << 13) | (((o >> 8) & 1) << 12) | (((o >> 3) & 3) << 10) |
			  ((rs1 - 8) << 7) | (((o >> 6) & 3) << 5) | (((o >> 1) & 3) << 3) |
			  (((o >> 5) & 1) << 2) | 1);
}

/* c.j, offset +-2 KiB */
static uint16_t enc_cj(int32_t off)
{
	uint32_t o = (uint32_t)off;

	return (uint16_t)((5u << 13) | (((o >> 11) & 1) << 12) | (((o >> 4) & 1) << 11) |
			  (((o >> 8) & 3) << 9) | (((o >> 10) & 1) << 8) | (((o >> 6) & 1) << 7) |
			  (((o >> 7) & 1) << 6) | (((o >> 1) & 7) << 3) | (((o >> 5) & 1) << 2) |
			  1);
}

static uint32_t enc_csr(unsigned f3, unsigned rd, unsigned rs1, unsigned csr)
{
	return (csr << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x73;
}

/* Set the register fields of raw that the mask leaves free, by operand format. */
static uint32_t set_field(uint32_t raw, uint32_t mask, unsigned shift, unsigned reg)
{
	if (mask & (31u << shift))
		return raw;
	return (raw & ~(31u << shift)) | (reg << shift);
}

static bool check_decode(uint32_t raw, unsigned id)
{
	struct rv64_insn d;

	return rv64_decode(raw, &d) == 0 && d.id == id;
}

/* One instruction of the generic table, operands random but valid. */
static void gen_table_insn(unsigned id)
{
	const struct insn_desc *d = &insn_table[id];
	bool x_rd = true, x_rs = true;

	for (int tries = 0; tries < 64; tries++) {
		uint32_t raw = d->match | ((uint32_t)rnd() & ~d->mask);

		switch (d->fmt) {
		case RV_FMT_FR:
		case RV_FMT_FR4:
		case RV_FMT_FR1:
			x_rd = x_rs = false;
			break;
		case RV_FMT_FCMP:
		case RV_FMT_F2X:
			x_rd = true;
			x_rs = false;
			break;
		case RV_FMT_X2F:
			x_rd = false;
			x_rs = true;
			break;
		default:
			break;
		}
		raw = set_field(raw, d->mask, 7, x_rd ? pick_xd() : pick_f());
		raw = set_field(raw, d->mask, 15, x_rs ? pick_xs() : pick_f());
		raw = set_field(raw, d->mask, 20, x_rs ? pick_xs() : pick_f());
		if (d->fmt == RV_FMT_FR4)
			raw = (raw & ~(31u << 27)) | (pick_f() << 27);
		if (!(d->mask & (7u << 12)) && gen_class_of(id) == GEN_FP)
			raw = (raw & ~(7u << 12)) | (pick_rm() << 12);
		if (d->fmt == RV_FMT_I && chance(50)) /* small immediates too */
			raw = (raw & 0xfffff) | ((uint32_t)(int32_t)(rnd_below(64) - 32) << 20);
		if (d->fmt == RV_FMT_FENCE)
			raw &= 0x0ff0007f | d->match; /* fence pred, succ; rd = rs1 = 0 */
		if (check_decode(raw, id)) {
			emit32(raw);
			return;
		}
	}
	emit32(0x00000013); /* nop: no valid encoding found */
}

/* Byte offset into the scratch buffer for an access of size bytes (misaligned now and then). */
static unsigned scratch_off(unsigned size, unsigned misaligned_percent)
{
	unsigned off = rnd_below(SCRATCH_SIZE - size + 1);

	if (!chance(misaligned_percent))
		off &= ~(size - 1);
	return off;
}

static void gen_load_store(bool fp)
{
	static const unsigned fl_ids[] = {RV64_FLW, RV64_FLD, RV64_FSW, RV64_FSD};
	unsigned id, size, base = chance(50) ? REG_SP : REG_S1;
	const struct insn_desc *d;
	int32_t imm;
	uint32_t raw;
	bool store;

	if (fp) {
		id = fl_ids[rnd_below(4)];
		store = id == RV64_FSW || id == RV64_FSD;
		size = (id == RV64_FLW || id == RV64_FSW) ? 4 : 8;
	} else {
		store = chance(45);
		id = store ? store_ids[rnd_below(4)] : load_ids[rnd_below(7)];
		size = 1u << ((insn_table[id].match >> 12) & 3);
	}
	d = &insn_table[id];
	imm = (int32_t)(SCRATCH + scratch_off(size, 12) - (base == REG_SP ? BASE_SP : BASE_S1));
	if (store) {
		unsigned src = fp ? pick_f() : pick_xs();
		uint32_t u = (uint32_t)imm;
		raw = d->match | (((u >> 5) & 0x7f) << 25) | (src << 20) | (base << 15) |
		      ((u & 0x1f) << 7);
	} else {
		raw = d->match | ((uint32_t)imm << 20) | (base << 15) |
		      ((fp ? pick_f() : pick_xd()) << 7);
	}
	emit32(raw);
}

/* addi tmp, base, off: the address of an AMO/LR/SC; returns tmp. */
static unsigned gen_amo_address(unsigned size, unsigned misaligned_percent)
{
	unsigned tmp = pick_xd();
	int32_t off = (int32_t)(SCRATCH + scratch_off(size, misaligned_percent) - BASE_SP);

	if (!tmp)
		tmp = 5;
	emit32(enc_i(0x13, 0, tmp, REG_SP, off));
	return tmp;
}

static uint32_t enc_amo_raw(unsigned id, unsigned rd, unsigned rs1, unsigned rs2)
{
	return insn_table[id].match | ((uint32_t)rnd_below(4) << 25) | (rs2 << 20) | (rs1 << 15) |
	       (rd << 7);
}

static void gen_amo(void)
{
	unsigned id = amo_ids[rnd_below(ARRAY_SIZE(amo_ids))];
	unsigned size = id >= RV64_LR_D ? 8 : 4;
	unsigned addr = gen_amo_address(size, 1);

	emit32(enc_amo_raw(id, pick_xd(), addr, pick_xs()));
}

/* lr; maybe one ALU op on other registers; sc (same address, or now and then another). */
static void gen_lr_sc(void)
{
	bool dword = chance(50);
	unsigned addr = gen_amo_address(dword ? 8 : 4, 1), rd = pick_xd();

	emit32(enc_amo_raw(dword ? RV64_LR_D : RV64_LR_W, rd == addr ? 0 : rd, addr, 0));
	if (chance(30)) {
		rd = pick_xd();
		emit32(enc_i(0x13, 0, rd == addr ? 0 : rd, pick_xs(), (int32_t)rnd_below(100)));
	}
	if (chance(15))
		emit32(
		    enc_i(0x13, 0, addr, addr, dword ? 8 : 4)); /* the next word: no reservation */
	emit32(enc_amo_raw(dword ? RV64_SC_D : RV64_SC_W, pick_xd(), addr, pick_xs()));
}

static void gen_csr(void)
{
	static const unsigned csrs[] = {CSR_FFLAGS, CSR_FRM, CSR_FCSR};
	unsigned csr = csrs[rnd_below(3)], rd = pick_xd();

	switch (rnd_below(5)) {
	case 0: /* csrr */
		emit32(enc_csr(2, rd ? rd : 5, 0, csr));
		break;
	case 1: { /* fsrm/fscsr/fsflags through a register: li tmp, v; csrrw rd, csr, tmp */
		unsigned tmp = pick_xd(), v = rnd_below(32);
		if (!tmp)
			tmp = 6;
		if (csr != CSR_FFLAGS && !chance(1))
			v = (v & 0x1f) | (rnd_below(5) << 5); /* a valid frm, mostly */
		if (csr == CSR_FRM)
			v >>= 5;
		emit32(enc_i(0x13, 0, tmp, 0, (int32_t)v));
		emit32(enc_csr(1, rd, tmp, csr));
		break;
	}
	case 2: /* csrrwi */
		emit32(enc_csr(5, rd, csr == CSR_FRM && !chance(1) ? rnd_below(5) : rnd_below(32),
			       csr));
		break;
	case 3: /* csrrsi: sets flag bits (or frm bits: keep it valid) */
		emit32(enc_csr(6, rd, csr == CSR_FFLAGS ? rnd_below(32) : 0, csr));
		break;
	default: /* csrrci */
		emit32(enc_csr(7, rd, rnd_below(32), csr));
		break;
	}
}

/* A compressed instruction: a random parcel, kept if it is a register/ALU op or a load/store
 * through sp/s1 that stays inside the scratch buffer. */
static bool gen_compressed(void)
{
	for (int tries = 0; tries < 200; tries++) {
		uint16_t raw = (uint16_t)rnd();
		struct rv64_insn d;
		bool mem = false;
		unsigned size = 0;

		if ((raw & 3) == 3 || rv64_decode(raw, &d) || d.len != 2)
			continue;
		switch (d.fmt) {
		case RV_FMT_R:
		case RV_FMT_R1:
		case RV_FMT_I:
		case RV_FMT_SH:
		case RV_FMT_U:
			break;
		case RV_FMT_LOAD:
		case RV_FMT_STORE:
		case RV_FMT_FLOAD:
		case RV_FMT_FSTORE:
			mem = true;
			size = 1u << ((insn_table[d.id].match >> 12) & 3);
			break;
		default:
			continue;
		}
		if ((d.fmt != RV_FMT_STORE && d.fmt != RV_FMT_FSTORE && d.fmt != RV_FMT_FLOAD) &&
		    reserved_x(d.rd))
			continue;
		if (mem) {
			uint64_t base;
			if (d.rs1 == REG_SP)
				base = BASE_SP;
			else if (d.rs1 == REG_S1)
				base = BASE_S1;
			else
				continue;
			if (base + (uint64_t)d.imm < SCRATCH ||
			    base + (uint64_t)d.imm + size > SCRATCH + SCRATCH_SIZE)
				continue;
		}
		emit16(raw);
		return true;
	}
	return false;
}

/* A forward branch or jump to a later item (patched once every item is placed). */
static void gen_control(struct item *it, unsigned idx, unsigned nitems)
{
	unsigned target = idx + 1 + rnd_below(4);

	it->target = (uint16_t)(target > nitems ? nitems : target);
	it->fix_off = st.len;
	switch (rnd_below(8)) {
	case 0:
		it->fix = FIX_JAL;
		emit32(pick_xd());
		break;
	case 1:
		it->fix = FIX_CJ;
		emit16(0);
		break;
	case 2: { /* auipc tmp, 0; jalr rd, off(tmp) */
		unsigned tmp = pick_xd();
		if (!tmp)
			tmp = 7;
		it->fix = FIX_JALR;
		it->anchor_off = st.len;
		emit32(0x17 | (tmp << 7));
		it->fix_off = st.len;
		emit32(enc_i(0x67, 0, pick_xd(), tmp, 0));
		break;
	}
	case 3: { /* c.beqz/c.bnez */
		unsigned rs = 8 + rnd_below(8);
		it->fix = FIX_CBRANCH;
		emit16((uint16_t)(((6u + rnd_below(2)) << 13) | ((rs - 8) << 7) | 1));
		break;
	}
	default: { /* beq/bne/blt/bge/bltu/bgeu */
		static const unsigned f3s[] = {0, 1, 4, 5, 6, 7};
		unsigned rs1 = pick_xs(), rs2 = chance(25) ? rs1 : chance(25) ? 0 : pick_xs();
		it->fix = FIX_BRANCH;
		emit32(enc_b(f3s[rnd_below(6)], rs1, rs2, 0));
		break;
	}
	}
}

static void patch(const struct item *it, uint32_t target_off)
{
	int32_t off = (int32_t)target_off - (int32_t)it->fix_off;
	uint32_t raw32;
	uint16_t raw16;

	switch (it->fix) {
	case FIX_BRANCH:
		memcpy(&raw32, &st.code[it->fix_off], 4);
		raw32 = enc_b((raw32 >> 12) & 7, (raw32 >> 15) & 31, (raw32 >> 20) & 31, off);
		memcpy(&st.code[it->fix_off], &raw32, 4);
		break;
	case FIX_JAL:
		memcpy(&raw32, &st.code[it->fix_off], 4);
		raw32 = enc_j(raw32 & 31, off);
		memcpy(&st.code[it->fix_off], &raw32, 4);
		break;
	case FIX_JALR:
		memcpy(&raw32, &st.code[it->fix_off], 4);
		raw32 = (raw32 & 0xfffff) |
			((uint32_t)((int32_t)target_off - (int32_t)it->anchor_off) << 20);
		memcpy(&st.code[it->fix_off], &raw32, 4);
		break;
	case FIX_CJ:
		raw16 = enc_cj(off);
		memcpy(&st.code[it->fix_off], &raw16, 2);
		break;
	case FIX_CBRANCH:
		memcpy(&raw16, &st.code[it->fix_off], 2);
		raw16 = enc_cb(raw16 >> 13, 8 + ((raw16 >> 7) & 7), off);
		memcpy(&st.code[it->fix_off], &raw16, 2);
		break;
	default:
		break;
	}
}

static uint64_t interesting_x(void)
{
	static const uint64_t edge[] = {RND_EDGE_VALUES, 3};

	return rnd_interesting(edge, ARRAY_SIZE(edge));
}

static uint64_t interesting_f(void)
{
	static const uint32_t singles[] = {
	    0x00000000, 0x80000000, 0x3f800000, 0xc0200000, 0x7f800000, 0xff800000, 0x7fc00000,
	    0x7f800001, 0x00000001, 0x807fffff, 0x7f7fffff, 0x00800000, 0x4f000000, 0xcf000000,
	    0x4f800000, 0x5f000000, 0xdf000000, 0x3f000000, 0x3fc00000, 0x40200000, 0xbfc00000};
	static const uint64_t doubles[] = {
	    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0x7ff0000000000000,
	    0xfff0000000000000, 0x7ff8000000000000, 0x7ff0000000000001, 0x0000000000000001,
	    0x7fefffffffffffff, 0x0010000000000000, 0x43e0000000000000, 0xc3e0000000000000,
	    0x43f0000000000000, 0x41e0000000000000, 0xc1e0000000000000, 0x41f0000000000000,
	    0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000,
	    0x3ff0000000000001, 0x47efffffe0000000, 0x36a0000000000000};

	switch (rnd_below(6)) {
	case 0:
		return 0xffffffff00000000ull | singles[rnd_below(ARRAY_SIZE(singles))];
	case 1:
		return 0xffffffff00000000ull | (uint32_t)rnd();
	case 2:
		return doubles[rnd_below(ARRAY_SIZE(doubles))];
	case 3: /* a modest double (exponent near 0) */
		return (rnd() & 0x800fffffffffffffull) | ((uint64_t)(1013 + rnd_below(20)) << 52);
	case 4: /* a modest single, boxed */
		return 0xffffffff00000000ull | ((uint32_t)rnd() & 0x807fffffu) |
		       ((uint32_t)(117 + rnd_below(20)) << 23);
	default:
		return rnd(); /* usually an unboxed single: reads as the canonical NaN */
	}
}

static void gen_stream(uint64_t seed)
{
	unsigned nitems, trap_item;

	rng_state = seed * 0x9e3779b97f4a7c15ull + 0x1234567;
	// cppcheck-suppress knownConditionTrueFalse ; the sum wraps modulo 2^64 and can be 0
	if (!rng_state)
		rng_state = 1;
	for (int i = 0; i < 4; i++)
		rnd();
	memset(&st, 0, sizeof(st));
	st.seed = seed;
	st.code_pc = CODE_MIN + (rnd_below(0x1000) & ~1u);
	st.repeat = chance(75) ? 1 + rnd_below(3) : 38 + rnd_below(24);
	nitems = 8 + rnd_below(MAX_ITEMS - 8);
	if (st.repeat > 3)
		nitems /= 2;
	st.nitems = nitems;
	trap_item = chance(10) ? rnd_below(nitems) : ~0u;
	for (unsigned i = 0; i < nitems; i++) {
		struct item *it = &st.items[i];
		unsigned c = rnd_below(1000);

		it->off = st.len;
		if (c < 300)
			gen_table_insn(alu_ids[rnd_below(n_alu_ids)]);
		else if (c < 450)
			gen_load_store(false);
		else if (c < 530)
			gen_load_store(true);
		else if (c < 700)
			gen_table_insn(fp_ids[rnd_below(n_fp_ids)]);
		else if (c < 760)
			gen_csr();
		else if (c < 800)
			gen_amo();
		else if (c < 820)
			gen_lr_sc();
		else if (c < 900) {
			if (!gen_compressed())
				emit32(0x00000013);
		} else
			gen_control(it, i, nitems);
		if (i == trap_item) { /* ebreak, ecall or an illegal instruction */
			static const uint32_t trapping[] = {0x00100073, 0x00000073, 0x00000000};
			emit32(trapping[rnd_below(3)]);
		}
	}
	st.body_len = st.len;
	st.items[nitems].off = st.len;
	for (unsigned i = 0; i < nitems; i++)
		if (st.items[i].fix != FIX_NONE)
			patch(&st.items[i], st.items[st.items[i].target].off);
	/* tail: addi t6, t6, -1; bne t6, x0, body; sw x0, 0(x0); j . */
	emit32(enc_i(0x13, 0, REG_LOOP, REG_LOOP, -1));
	emit32(enc_b(1, REG_LOOP, 0, -(int32_t)st.len));
	emit32(INSN_STOP);
	emit32(INSN_SELFLOOP);

	for (unsigned r = 0; r < 32; r++)
		st.x[r] = interesting_x();
	st.x[0] = 0;
	st.x[REG_SP] = BASE_SP;
	st.x[REG_S1] = BASE_S1;
	st.x[REG_LOOP] = st.repeat;
	for (unsigned r = 0; r < 32; r++)
		st.f[r] = interesting_f();
	st.fflags = (uint32_t)rnd_below(32);
	st.frm = (uint32_t)rnd_below(5);
	for (unsigned i = 0; i < SCRATCH_SIZE; i += 8) {
		uint64_t v = chance(30) ? interesting_f() : interesting_x();
		memcpy(&st.scratch[i], &v, 8);
	}
}

/* ---- running a stream ---- */

struct state {
	uint64_t x[32], f[32];
	uint64_t pc, instret, mstatus, mcause, mepc, mtval;
	uint32_t fflags, frm;
	unsigned priv;
	bool res_valid, timed_out, stopped;
	uint8_t scratch[SCRATCH_SIZE];
};

static struct vm test_vm;
static struct address_space *as;
static uint8_t *ram;
static struct vcpu *running; /* the hart the stop device acts on */
static bool stop_seen;
static uint64_t blocks_compiled, compile_failures;

static uint64_t stop_read(void *opaque, uint64_t off, unsigned size)
{
	return 0;
}

static void stop_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	stop_seen = true;
	vcpu_request(running, EXIT_REQ_STOP);
}

static const struct mmio_ops stop_ops = {.read = stop_read, .write = stop_write};

static int run_stream(enum tcache_mode mode, struct state *out)
{
	struct vcpu *v;
	struct soft_cpu *cpu;
	struct rv64_cpu *rv;
	int ret;

	memset(ram, 0, RAM_SIZE);
	memcpy(ram + (st.code_pc - RAM_BASE), st.code, st.len);
	memcpy(ram + (HANDLER - RAM_BASE), (const uint32_t[]){INSN_STOP, INSN_SELFLOOP}, 8);
	memcpy(ram + (SCRATCH - RAM_BASE), st.scratch, SCRATCH_SIZE);
	/* every run starts from the same page words: no code, no reservation, generation 0 */
	for (uint64_t p = RAM_BASE; p < RAM_BASE + RAM_SIZE; p += PAGE_SIZE)
		__atomic_store_n(as_page_word(as, p), 0, __ATOMIC_SEQ_CST);

	v = rv64_frontend_ops.cpu_create(&test_vm, 0);
	if (!v)
		return -ENOMEM;
	cpu = soft_cpu_of(v);
	rv = rv64_cpu(cpu);
	cpu->as = as;
	cpu->pc = st.code_pc;
	for (unsigned r = 0; r < 32; r++) {
		cpu->slots[RV_SLOT_X(r)] = st.x[r];
		cpu->slots[RV_SLOT_F(r)] = st.f[r];
	}
	rv->fflags = st.fflags;
	rv->frm = st.frm;
	rv->mstatus |= 1ull << MSTATUS_FS_SHIFT; /* FS = Initial: the first FP op dirties it */
	rv->mtvec = HANDLER;
	ret = tcache_vcpu_init(v, mode);
	if (ret) {
		rv64_frontend_ops.cpu_destroy(v);
		return ret;
	}
	stop_seen = false;
	running = v;
	watchdog_arm(v, RUN_TIMEOUT_NS);
	ret = tcache_run(v);
	out->timed_out = watchdog_disarm();
	running = NULL;

	for (unsigned r = 0; r < 32; r++) {
		out->x[r] = cpu->slots[RV_SLOT_X(r)];
		out->f[r] = cpu->slots[RV_SLOT_F(r)];
	}
	out->pc = cpu->pc;
	out->instret = cpu->instret;
	out->mstatus = rv->mstatus;
	out->mcause = rv->mcause;
	out->mepc = rv->mepc;
	out->mtval = rv->mtval;
	out->fflags = rv->fflags;
	out->frm = rv->frm;
	out->priv = rv->priv;
	out->res_valid = rv->res_valid;
	out->stopped = stop_seen;
	memcpy(out->scratch, ram + (SCRATCH - RAM_BASE), SCRATCH_SIZE);
	if (mode != TCACHE_INTERP) {
		const struct tcache *tc = v->engine_priv;
		blocks_compiled += tc->blocks_compiled;
		compile_failures += tc->compile_failures;
	}
	tcache_vcpu_fini(v);
	rv64_frontend_ops.cpu_destroy(v);
	return ret;
}

static void print_stream(FILE *out)
{
	uint64_t pc = st.code_pc;

	fprintf(out, "stream seed %llu: code at 0x%llx, %u bytes, %u instructions, repeat %u\n",
		(unsigned long long)st.seed, (unsigned long long)st.code_pc, st.len, st.ninsns,
		st.repeat);
	for (uint32_t off = 0; off < st.len;) {
		uint32_t raw = 0;
		char buf[96];
		unsigned len;

		memcpy(&raw, &st.code[off], off + 4 <= st.len ? 4 : 2);
		len = rv64_insn_len(raw & 0xffff);
		if (len == 2)
			raw &= 0xffff;
		rv64_disas(buf, sizeof(buf), pc + off, &st.code[off], st.len - off);
		fprintf(out, "  %" PRIx64 ": %08x  %s\n", pc + off, raw, buf);
		off += len;
	}
	fprintf(out, "  initial x:");
	for (unsigned r = 0; r < 32; r++)
		fprintf(out, "%s x%u=%llx", r % 4 ? "" : "\n   ", r, (unsigned long long)st.x[r]);
	fprintf(out, "\n  initial f:");
	for (unsigned r = 0; r < 32; r++)
		fprintf(out, "%s f%u=%llx", r % 4 ? "" : "\n   ", r, (unsigned long long)st.f[r]);
	fprintf(out, "\n  initial fflags=%x frm=%u\n", st.fflags, st.frm);
}

/* Compare b (engine name) with the reference a; prints every difference; returns their count. */
static unsigned compare(const struct state *a, const struct state *b, const char *name)
{
	unsigned n = 0;

#define CMP(field, label)                                                                          \
	do {                                                                                       \
		if (a->field != b->field) {                                                        \
			if (n++ == 0)                                                              \
				fprintf(stderr,                                                    \
					"rvdiff: seed %llu: %s differs from interp "               \
					"(replay: FVP_RVDIFF_SEED=%llu)\n",                        \
					(unsigned long long)st.seed, name,                         \
					(unsigned long long)st.seed);                              \
			fprintf(stderr, "  %-8s interp %llx %s %llx\n", label,                     \
				(unsigned long long)a->field, name, (unsigned long long)b->field); \
		}                                                                                  \
	} while (0)

	for (unsigned r = 0; r < 32; r++) {
		char label[8];
		snprintf(label, sizeof(label), "x%u", r);
		CMP(x[r], label);
		snprintf(label, sizeof(label), "f%u", r);
		CMP(f[r], label);
	}
	CMP(pc, "pc");
	CMP(instret, "instret");
	CMP(mstatus, "mstatus");
	CMP(mcause, "mcause");
	CMP(mepc, "mepc");
	CMP(mtval, "mtval");
	CMP(fflags, "fflags");
	CMP(frm, "frm");
	CMP(priv, "priv");
	CMP(res_valid, "res");
	CMP(timed_out, "timeout");
	CMP(stopped, "stopped");
	for (unsigned i = 0; i < SCRATCH_SIZE; i += 8) {
		uint64_t va, vb;
		memcpy(&va, &a->scratch[i], 8);
		memcpy(&vb, &b->scratch[i], 8);
		if (va != vb) {
			char label[16];

			snprintf(label, sizeof(label), "mem+%u", i);
			if (n++ == 0)
				fprintf(stderr,
					"rvdiff: seed %llu: %s differs from interp "
					"(replay: FVP_RVDIFF_SEED=%llu)\n",
					(unsigned long long)st.seed, name,
					(unsigned long long)st.seed);
			fprintf(stderr, "  %-8s interp %llx %s %llx\n", label,
				(unsigned long long)va, name, (unsigned long long)vb);
		}
	}
#undef CMP
	return n;
}

static uint64_t env_u64(const char *name, uint64_t dflt, bool *set)
{
	const char *s = getenv(name);

	if (set)
		*set = s && *s;
	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

static void test_rv_streams(void **state)
{
	static struct state ref, got;
	static const struct {
		enum tcache_mode mode;
		const char *name;
	} engines[] = {{TCACHE_JIT, "jit"}, {TCACHE_HYBRID, "hybrid"}};
	bool replay;
	uint64_t first = env_u64("FVP_RVDIFF_SEED", 1, &replay);
	uint64_t iters = replay ? 1 : env_u64("FVP_RVDIFF_ITERS", DEFAULT_ITERS, NULL);
	uint64_t static_insns = 0, executed = 0, traps = 0, bad_streams = 0, causes[16] = {0};

	build_id_lists();
	assert_int_equal(watchdog_start(), 0);
	for (uint64_t seed = first; seed < first + iters; seed++) {
		bool bad = false;

		gen_stream(seed);
		if (replay)
			print_stream(stderr);
		assert_int_equal(run_stream(TCACHE_INTERP, &ref), 0);
		/* the reference itself must have reached its end or the trap handler */
		if (!ref.stopped || ref.timed_out ||
		    (ref.pc != HANDLER + 4 && ref.pc != st.code_pc + st.len - 4)) {
			fprintf(stderr, "rvdiff: seed %llu: interp did not finish (pc %llx)\n",
				(unsigned long long)seed, (unsigned long long)ref.pc);
			bad = true;
		}
		static_insns += st.ninsns;
		executed += ref.instret;
		if (ref.pc == HANDLER + 4) {
			traps++;
			causes[ref.mcause & 15]++;
		}
		for (unsigned e = 0; e < ARRAY_SIZE(engines); e++) {
			assert_int_equal(run_stream(engines[e].mode, &got), 0);
			if (compare(&ref, &got, engines[e].name))
				bad = true;
		}
		if (bad) {
			bad_streams++;
			if (!replay && bad_streams <= 3)
				print_stream(stderr);
		}
	}
	watchdog_stop();
	fprintf(stderr,
		"rvdiff: %llu streams from seed %llu, %llu instructions generated, %llu executed "
		"per engine, %llu streams ended in a trap; %llu diverged\n",
		(unsigned long long)iters, (unsigned long long)first,
		(unsigned long long)static_insns, (unsigned long long)executed,
		(unsigned long long)traps, (unsigned long long)bad_streams);
	fprintf(stderr, "rvdiff: trap causes:");
	for (unsigned c = 0; c < ARRAY_SIZE(causes); c++)
		if (causes[c])
			fprintf(stderr, " %u: %llu", c, (unsigned long long)causes[c]);
	fprintf(stderr, "\n");
	fprintf(stderr, "rvdiff: jit and hybrid compiled %llu blocks (%llu not compilable)\n",
		(unsigned long long)blocks_compiled, (unsigned long long)compile_failures);
	assert_true(blocks_compiled > 0);
	assert_int_equal(bad_streams, 0);
}

static int setup(void **state)
{
	test_vm.state = VM_RUNNING;
	as = as_create();
	if (!as || as_add_ram(as, RAM_BASE, RAM_SIZE) ||
	    as_add_mmio(as, STOP_MMIO, PAGE_SIZE, &stop_ops, NULL, "stop"))
		return -1;
	test_vm.as = as;
	ram = as_ram_ptr(as, RAM_BASE, RAM_SIZE);
	return ram ? 0 : -1;
}

static int teardown(void **state)
{
	as_destroy(as);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rv_streams),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
