/*
 * test_x86_capstone.c - the x86-64 decoder and disassembler against
 * capstone (the oracle), on real code and on random bytes.
 *
 * Real code: every instruction of the .text section of a Debian x86-64
 * binary (argv[1], else /bin/bash, else /usr/bin/python3), walked with
 * capstone's lengths. FVP must decode each one with capstone's length and
 * print capstone's mnemonic (after the spelling table below) and operand
 * text (but for the operand_exceptions below). Any mismatch fails, printed
 * with its bytes.
 *
 * Random bytes (seed printed; FVP_SEED=n to replay), in 64-bit, 32-bit and
 * 16-bit code (capstone in the same mode): 15-byte strings, half of them
 * shaped (prefixes, REX, an escape map, then random bytes). Where
 * both decode, the lengths must agree. Where capstone rejects the bytes,
 * FVP must report #UD. Where capstone decodes an instruction that FVP
 * reports #UD (AVX, extensions beyond x86-64-v2, lock on a form that
 * forbids it, reserved prefix combinations), the case is counted, not
 * failed: FVP implements less than capstone knows.
 *
 * Exit status 77 with a SKIP line when capstone or the binary is missing.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "arch/x86_64/x86_decode.h"
#include "../test_random.h"

#if FVP_HAVE_CAPSTONE
#include <capstone/capstone.h>

/*
 * Capstone's spelling -> FVP's, each for a reason. FVP prints the
 * x86-64-v2 meaning of an encoding where capstone prints a later
 * extension's mnemonic for the same bytes.
 */
static const struct {
	const char *capstone, *fvp, *why;
} spelling[] = {
    {"tzcnt", "bsf", "F3 0F BC is bsf on an x86-64-v2 CPU (no BMI1): FVP's CPUID"},
    {"lzcnt", "bsr", "F3 0F BD is bsr on an x86-64-v2 CPU (no ABM/LZCNT)"},
    {"fstpnce", "fstp", "D9 D8+i, the fstp alias: capstone's own name"},
};

/* Operand text capstone 4 gets wrong: mnemonics whose operands are not compared. */
static const struct {
	const char *mnemonic, *why;
} operand_exceptions[] = {
    {"comiss", "capstone 4 prints xmmword ptr; the SDM reads m32"},
    {"comisd", "capstone 4 prints xmmword ptr; the SDM reads m64"},
};

static bool operands_excepted(const char *mn)
{
	for (size_t i = 0; i < sizeof(operand_exceptions) / sizeof(operand_exceptions[0]); i++)
		if (!strcmp(mn, operand_exceptions[i].mnemonic))
			return true;
	return false;
}

static const char *normalise(const char *mn)
{
	const char *sp = strrchr(mn, ' '); /* drop prefixes: "rep stosq", "lock cmpxchg" */

	if (sp)
		mn = sp + 1;
	for (size_t i = 0; i < sizeof(spelling) / sizeof(spelling[0]); i++)
		if (!strcmp(mn, spelling[i].capstone))
			return spelling[i].fvp;
	return mn;
}

/* FVP's mnemonic: the last word before the operands of the disassembly. */
static void fvp_mnemonic(const char *text, char *out, size_t len)
{
	const char *start = text, *end;

	for (;;) {
		end = strchr(start, ' ');
		if (!end || (strncmp(start, "lock ", 5) != 0 && strncmp(start, "rep", 3) != 0))
			break;
		start = end + 1;
	}
	end = strchr(start, ' ');
	snprintf(out, len, "%.*s", end ? (int)(end - start) : (int)strlen(start), start);
}

static void print_bytes(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x ", p[i]);
}

static bool is_legacy_prefix(uint8_t c)
{
	return c && strchr("\x66\x67\xf0\xf2\xf3\x26\x2e\x36\x3e\x64\x65", c);
}

/* The prefix bytes (legacy and REX) before the opcode: their count, and the last legacy one. */
static unsigned prefix_bytes(const uint8_t *b, uint8_t *last_legacy)
{
	unsigned n = 0;

	*last_legacy = 0;
	while (n < X86_MAX_LEN && (is_legacy_prefix(b[n]) || (b[n] & 0xf0) == 0x40)) {
		if (is_legacy_prefix(b[n]))
			*last_legacy = b[n];
		n++;
	}
	return n;
}

/* What the exception rules look at: the instruction and its prefix bytes. */
struct case_ctx {
	const struct x86_inst *in;
	uint8_t last;  /* the last legacy prefix byte, 0 if none */
	unsigned nrex; /* REX bytes after it */
};

static bool near_branch_66(const struct case_ctx *c)
{
	return (c->in->flags & X86_F_F64) && c->in->opnd[0].kind == X86_OPND_REL &&
	       (c->in->prefixes & X86_P_OPSIZE);
}

static bool ud1(const struct case_ctx *c)
{
	return c->in->map == 1 && c->in->opcode == 0xb9;
}

static bool reserved_nop(const struct case_ctx *c)
{
	return c->in->map == 1 && c->in->opcode >= 0x18 && c->in->opcode <= 0x1f;
}

static bool stack_imm_66_67(const struct case_ctx *c)
{
	return (c->in->flags & (X86_F_D64 | X86_F_F64)) &&
	       (c->in->prefixes & (X86_P_OPSIZE | X86_P_ADDRSIZE)) && c->in->nopnd &&
	       c->in->opnd[0].kind >= X86_OPND_IMM;
}

static bool stray_rep(const struct case_ctx *c)
{
	return (c->in->prefixes & (X86_P_REP | X86_P_REPNE)) && !c->in->mandatory &&
	       !(c->in->flags & X86_F_STR);
}

static bool mmx_movq(const struct case_ctx *c)
{
	return c->in->map == 1 && (c->in->opcode & 0xef) == 0x6e && (c->in->rex & 8);
}

static bool pause_rex(const struct case_ctx *c)
{
	return c->in->map == 0 && c->in->opcode == 0x90;
}

static bool opsize_not_last(const struct case_ctx *c)
{
	return (c->in->prefixes & X86_P_OPSIZE) &&
	       ((c->in->rex & 8) || c->last != 0x66 || c->nrex > 1);
}

static bool addrsize(const struct case_ctx *c)
{
	return c->in->prefixes & X86_P_ADDRSIZE;
}

static bool mandatory_not_last(const struct case_ctx *c)
{
	return c->in->mandatory && c->last && (c->last != c->in->mandatory || c->nrex > 1);
}

static bool cs16_mandatory(const struct case_ctx *c)
{
	return c->in->mode == X86_MODE_16 && c->in->mandatory;
}

static bool cs16_convert(const struct case_ctx *c)
{
	return c->in->mode == X86_MODE_16 && (c->in->op == X86_OP_cbw || c->in->op == X86_OP_cwd);
}

/*
 * Random cases where FVP and capstone 4 disagree by design, each with its
 * reason: FVP follows Intel's manual (SDM) where capstone reads it
 * otherwise. The first rule that applies names the case.
 */
static const struct {
	bool (*applies)(const struct case_ctx *c);
	const char *why;
} exceptions[] = {
    {near_branch_66, "66 on a near branch: ignored on Intel (SDM), rel16 for capstone/AMD"},
    {ud1, "0F B9 ud1 has a ModRM (SDM); capstone 4 decodes it without one (ud2b)"},
    {reserved_nop, "0F 18-1F, the reserved-NOP space: a NOP for any ModRM (SDM)"},
    {stack_imm_66_67, "66/67 on push imm, ret imm, call: capstone 4 misreads the immediate"},
    {stray_rep, "F2/F3 where they mean nothing: ignored (SDM); capstone 4 rejects some"},
    {mmx_movq, "REX.W 0F 6E/7E is movq (SDM); capstone 4 says movd, ignores F3 before it"},
    {pause_rex, "F3 REX 90 (no REX.B) is pause (SDM); capstone 4 says nop/xchg"},
    {opsize_not_last, "REX.W beats 66, and 66 counts anywhere (SDM); capstone 4 drops it"},
    {addrsize, "67 sets only the address size (SDM); capstone 4 reads it as 66 at times"},
    {mandatory_not_last, "a mandatory prefix counts anywhere (SDM); capstone 4 wants it last"},
    {cs16_mandatory, "16-bit code: capstone 4 reads 66/F2/F3 before SSE forms as size prefixes"},
    {cs16_convert, "16-bit code: capstone 4 prints 98/99 as cwde/cdq (SDM: cbw/cwd)"},
};

static const char *exception(const uint8_t *b, const struct x86_inst *in)
{
	struct case_ctx c = {.in = in};
	unsigned np = prefix_bytes(b, &c.last);

	while (c.nrex < np && (b[np - 1 - c.nrex] & 0xf0) == 0x40)
		c.nrex++;
	for (size_t i = 0; i < sizeof(exceptions) / sizeof(exceptions[0]); i++)
		if (exceptions[i].applies(&c))
			return exceptions[i].why;
	return NULL;
}

/* A tally of strings (exception reasons, mnemonics FVP does not implement). */
struct tally {
	const char *key[64];
	char own[64][16];
	unsigned long n[64];
	unsigned used;
};

static void count(struct tally *t, const char *key, bool copy)
{
	unsigned i;

	for (i = 0; i < t->used; i++)
		if (!strcmp(t->key[i], key))
			break;
	if (i == t->used) {
		if (t->used == 64)
			return;
		t->used++;
		t->key[i] = key;
		if (copy) {
			snprintf(t->own[i], sizeof(t->own[i]), "%s", key);
			t->key[i] = t->own[i];
		}
	}
	t->n[i]++;
}

static void print_tally(const char *title, const struct tally *t)
{
	printf("%s:", title);
	for (unsigned i = 0; i < t->used; i++)
		printf("%s %s %lu", i ? "," : "", t->key[i], t->n[i]);
	printf("\n");
}

static struct tally reasons, cs_only_names;

struct stats {
	unsigned long checked, len_bad, mn_bad, ops_same, ops_bad, ops_excepted;
	unsigned long cs_only, fvp_only, both_bad, excepted;
	unsigned shown;
};

/* One instruction of real code; returns false on a mismatch. */
static bool check_one(csh cs, const uint8_t *p, size_t n, uint64_t pc, struct stats *st)
{
	cs_insn *ci = NULL;
	char text[160], mn[32], ref[64];
	size_t cnt = cs_disasm(cs, p, n, pc, 1, &ci);
	int len;

	if (!cnt)
		return true;
	st->checked++;
	len = x86_disas(text, sizeof(text), pc, p, n);
	snprintf(ref, sizeof(ref), "%s", normalise(ci->mnemonic));
	fvp_mnemonic(text, mn, sizeof(mn));
	if (len != ci->size || strcmp(mn, ref) != 0) {
		printf("MISMATCH %#lx: ", (unsigned long)pc);
		print_bytes(p, ci->size);
		printf("capstone %u '%s %s', fvp %d '%s'\n", ci->size, ci->mnemonic, ci->op_str,
		       len, text);
		st->len_bad += len != ci->size;
		st->mn_bad += len == ci->size;
	} else {
		char full[200];

		snprintf(full, sizeof(full), "%s %s", ci->mnemonic, ci->op_str);
		if (!strcmp(full, text) ||
		    !strcmp(ci->op_str, strchr(text, ' ') ? strchr(text, ' ') + 1 : "")) {
			st->ops_same++;
		} else if (operands_excepted(mn)) {
			st->ops_excepted++;
		} else {
			st->ops_bad++;
			printf("OPERANDS %#lx: ", (unsigned long)pc);
			print_bytes(p, ci->size);
			printf("capstone '%s', fvp '%s'\n", full, text);
		}
	}
	cs_free(ci, cnt);
	return true;
}

/* The .text of an ELF64 file, read whole into memory. */
static uint8_t *read_text(const char *path, size_t *len, uint64_t *addr)
{
	FILE *f = fopen(path, "rb");
	uint8_t *img = NULL, *text = NULL;
	long size;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (size = ftell(f)) > (long)sizeof(Elf64_Ehdr) &&
	    !fseek(f, 0, SEEK_SET)) {
		img = malloc((size_t)size);
		if (img && fread(img, 1, (size_t)size, f) != (size_t)size) {
			free(img);
			img = NULL;
		}
	}
	if (fclose(f) != 0 || !img) {
		free(img);
		return NULL;
	}
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	const char *names = (const char *)img + sh[eh->e_shstrndx].sh_offset;

	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (strcmp(names + sh[i].sh_name, ".text") != 0)
			continue;
		text = malloc(sh[i].sh_size);
		if (text)
			memcpy(text, img + sh[i].sh_offset, sh[i].sh_size);
		*len = sh[i].sh_size;
		*addr = sh[i].sh_addr;
		break;
	}
	free(img);
	return text;
}

static int real_code(csh cs, const char *path)
{
	struct stats st = {0};
	size_t len = 0, off = 0;
	uint64_t addr = 0;
	uint8_t *text = read_text(path, &len, &addr);

	if (!text) {
		printf("SKIP[host]: no readable ELF .text in %s\n", path);
		return 77;
	}
	while (off < len) {
		cs_insn *ci = NULL;
		size_t cnt = cs_disasm(cs, text + off, len - off, addr + off, 1, &ci);
		size_t step = cnt ? ci->size : 1;

		check_one(cs, text + off, len - off, addr + off, &st);
		if (cnt)
			cs_free(ci, cnt);
		off += step;
	}
	free(text);
	printf("real code %s: %lu instructions, %lu length mismatches, %lu mnemonic mismatches, "
	       "%lu with identical operand text, %lu operand mismatches, %lu operands not compared "
	       "(operand_exceptions)\n",
	       path, st.checked, st.len_bad, st.mn_bad, st.ops_same, st.ops_bad, st.ops_excepted);
	return st.len_bad || st.mn_bad || st.ops_bad ? 1 : 0;
}

/* A random instruction: raw bytes, or prefixes + REX + a map escape + random bytes. */
static void random_insn(uint8_t *b)
{
	static const uint8_t pfx[] = {0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x64, 0x65};
	unsigned n = 0;

	for (unsigned i = 0; i < X86_MAX_LEN; i++)
		b[i] = (uint8_t)rnd();
	if (rnd() & 1)
		return;
	for (unsigned k = rnd_below(3); k; k--)
		b[n++] = pfx[rnd_below(sizeof(pfx))];
	if (rnd() & 1)
		b[n++] = (uint8_t)(0x40 | rnd_below(16));
	switch (rnd_below(4)) {
	case 1:
		b[n++] = 0x0f;
		break;
	case 2:
		b[n++] = 0x0f;
		b[n++] = 0x38;
		break;
	case 3:
		b[n++] = 0x0f;
		b[n++] = 0x3a;
		break;
	default:
		break;
	}
}

/* A disagreement: counted under its documented reason, or as a failure (the first 40 shown). */
static void disagree(struct stats *st, unsigned long *bad, const uint8_t *b,
		     const struct x86_inst *in, const char *what, const cs_insn *ci)
{
	const char *why = exception(b, in);
	char text[160];

	if (why) {
		st->excepted++;
		count(&reasons, why, false);
		return;
	}
	(*bad)++;
	if (st->shown++ >= 40)
		return;
	x86_format(text, sizeof(text), 0x1000, in);
	printf("%s ", what);
	print_bytes(b, ci && ci->size > in->len ? ci->size : in->len);
	if (ci)
		printf("capstone %u '%s %s', ", ci->size, ci->mnemonic, ci->op_str);
	else
		printf("capstone rejects, ");
	printf("fvp %u '%s'\n", in->len, text);
}

static void random_case(csh cs, enum x86_mode mode, const uint8_t *b, struct stats *st)
{
	cs_insn *ci = NULL;
	struct x86_inst in;
	size_t cnt = cs_disasm(cs, b, X86_MAX_LEN, 0x1000, 1, &ci);
	bool fvp_ok = !x86_decode(&in, b, X86_MAX_LEN, mode) && !in.ud;

	if (cnt && fvp_ok) {
		char text[160], mn[32];

		st->checked++;
		x86_format(text, sizeof(text), 0x1000, &in);
		fvp_mnemonic(text, mn, sizeof(mn));
		if (in.len != ci->size)
			disagree(st, &st->len_bad, b, &in, "LENGTH", ci);
		else if (strcmp(mn, normalise(ci->mnemonic)) != 0)
			disagree(st, &st->mn_bad, b, &in, "MNEMONIC", ci);
	} else if (cnt) {
		st->cs_only++;
		count(&cs_only_names, normalise(ci->mnemonic), true);
	} else if (fvp_ok) {
		disagree(st, &st->fvp_only, b, &in, "FVP-ONLY", NULL);
	} else {
		st->both_bad++;
	}
	if (cnt)
		cs_free(ci, cnt);
}

static int random_bytes(csh cs, enum x86_mode mode, unsigned long n)
{
	static const char *const mode_name[] = {"16-bit", "32-bit", "64-bit"};
	struct stats st = {0};
	const char *env = getenv("FVP_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : 0x5eed0f86;

	rng_state = seed ? seed : 1;
	memset(&reasons, 0, sizeof(reasons));
	memset(&cs_only_names, 0, sizeof(cs_only_names));
	printf("random %s: seed %#llx (FVP_SEED=%#llx to replay), %lu cases\n", mode_name[mode],
	       (unsigned long long)seed, (unsigned long long)seed, n);
	for (unsigned long i = 0; i < n; i++) {
		uint8_t b[X86_MAX_LEN];

		random_insn(b);
		random_case(cs, mode, b, &st);
	}
	printf("random: %lu decoded by both (%lu length mismatches, %lu mnemonic mismatches), "
	       "%lu rejected by both, %lu capstone only (FVP #UD: allowed), %lu FVP only, "
	       "%lu documented exceptions\n",
	       st.checked, st.len_bad, st.mn_bad, st.both_bad, st.cs_only, st.fvp_only,
	       st.excepted);
	print_tally("random: documented exceptions by reason", &reasons);
	print_tally("random: capstone only, first 64 mnemonics", &cs_only_names);
	return st.len_bad || st.mn_bad || st.fvp_only ? 1 : 0;
}

/* The random cases in 16- and 32-bit code, against capstone in that mode. */
static int random_legacy_modes(void)
{
	static const struct {
		enum x86_mode mode;
		cs_mode cs_mode;
	} modes[] = {{X86_MODE_32, CS_MODE_32}, {X86_MODE_16, CS_MODE_16}};
	int rc = 0;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		csh cs;

		if (cs_open(CS_ARCH_X86, modes[i].cs_mode, &cs) != CS_ERR_OK)
			return 1;
		rc |= random_bytes(cs, modes[i].mode, 100000);
		cs_close(&cs);
	}
	return rc;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/bin/bash";
	csh cs;
	int rc, rc2;

	if (argc < 2 && access(path, R_OK))
		path = "/usr/bin/python3";
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
		printf("SKIP[package]: capstone cannot open x86-64\n");
		return 77;
	}
	for (size_t i = 0; i < sizeof(spelling) / sizeof(spelling[0]); i++)
		printf("spelling: capstone '%s' = fvp '%s': %s\n", spelling[i].capstone,
		       spelling[i].fvp, spelling[i].why);
	for (size_t i = 0; i < sizeof(operand_exceptions) / sizeof(operand_exceptions[0]); i++)
		printf("operands not compared: %s: %s\n", operand_exceptions[i].mnemonic,
		       operand_exceptions[i].why);
	rc = real_code(cs, path);
	rc2 = random_bytes(cs, X86_MODE_64, 200000);
	cs_close(&cs);
	rc2 |= random_legacy_modes();
	if (rc == 77)
		return rc2 ? 1 : 77;
	return rc || rc2;
}
#else
int main(void)
{
	printf("SKIP[package]: built without capstone (libcapstone-dev)\n");
	return 77;
}
#endif
