/*
 * x86_disas.c - prints a decoded x86-64 instruction in Intel syntax, spelt
 * as capstone spells it ("lock add dword ptr [rip + 0x10], 1", "rep stosq
 * qword ptr [rdi], rax", "cmpltps xmm0, xmm1"), so that -d in_asm reads like
 * the host's tools and the decoder's tests can compare with capstone.
 *
 * Everything printed comes from struct x86_inst; the only tables here are
 * names: registers, conditions, memory sizes, and the mnemonics that change
 * with the operand size (cbw/cwde/cdqe...).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "arch/x86_64/x86_decode.h"

static const char *const gpr64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
				      "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const gpr32[16] = {"eax", "ecx", "edx",  "ebx",  "esp",  "ebp",  "esi",  "edi",
				      "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
static const char *const gpr16[16] = {"ax",  "cx",  "dx",   "bx",   "sp",   "bp",   "si",   "di",
				      "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
static const char *const gpr8[16] = {"al",  "cl",  "dl",   "bl",   "spl",  "bpl",  "sil",  "dil",
				     "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
static const char *const high8[4] = {"ah", "ch", "dh", "bh"};
static const char *const segs[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
static const char *const conds[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
				      "s", "ns", "p", "np", "l", "ge", "le", "g"};
static const char *const cmp_preds[8] = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"};

/* Mnemonics that name the operand size (index: 2, 4, 8 bytes -> 0, 1, 2). */
static const struct {
	uint16_t op;
	const char *name[3];
} sized_names[] = {
    {X86_OP_cbw, {"cbw", "cwde", "cdqe"}},	{X86_OP_cwd, {"cwd", "cdq", "cqo"}},
    {X86_OP_iret, {"iret", "iretd", "iretq"}},	{X86_OP_pushf, {"pushf", "pushfd", "pushfq"}},
    {X86_OP_popf, {"popf", "popfd", "popfq"}},	{X86_OP_ins, {"insw", "insd", "insd"}},
    {X86_OP_outs, {"outsw", "outsd", "outsd"}}, {X86_OP_movs, {"movsw", "movsd", "movsq"}},
    {X86_OP_cmps, {"cmpsw", "cmpsd", "cmpsq"}}, {X86_OP_stos, {"stosw", "stosd", "stosq"}},
    {X86_OP_lods, {"lodsw", "lodsd", "lodsq"}}, {X86_OP_scas, {"scasw", "scasd", "scasq"}},
    {X86_OP_retf, {"retf", "retf", "retfq"}},	{X86_OP_pusha, {"pushaw", "pushal", ""}},
    {X86_OP_popa, {"popaw", "popal", ""}},
};

/* An output buffer that never overflows; pos counts what would have been written. */
struct out {
	char *buf;
	size_t len, pos;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL,
		      o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static const char *gpr_name(const struct x86_operand *op)
{
	if (op->high8)
		return high8[op->reg - 4];
	switch (op->size) {
	case 1:
		return gpr8[op->reg];
	case 2:
		return gpr16[op->reg];
	case 4:
		return gpr32[op->reg];
	default:
		return gpr64[op->reg];
	}
}

static void put_reg(struct out *o, const struct x86_operand *op)
{
	switch (op->rclass) {
	case X86_RC_GPR:
		put(o, "%s", gpr_name(op));
		break;
	case X86_RC_SEG:
		put(o, "%s", segs[op->reg]);
		break;
	case X86_RC_CR:
		put(o, "cr%u", op->reg);
		break;
	case X86_RC_DR:
		put(o, "dr%u", op->reg);
		break;
	case X86_RC_MMX:
		put(o, "mm%u", op->reg);
		break;
	case X86_RC_XMM:
		put(o, "xmm%u", op->reg);
		break;
	default:
		put(o, "st(%u)", op->reg);
		break;
	}
}

static const char *size_ptr(unsigned size)
{
	switch (size) {
	case 1:
		return "byte ptr ";
	case 2:
		return "word ptr ";
	case 4:
		return "dword ptr ";
	case 8:
		return "qword ptr ";
	case 10:
		return "xword ptr ";
	case 16:
		return "xmmword ptr ";
	default:
		return "";
	}
}

/* A number as capstone prints it: decimal below 10, else hex. */
static void put_num(struct out *o, const char *sign, uint64_t v)
{
	if (v < 10)
		put(o, "%s%" PRIu64, sign, v);
	else
		put(o, "%s0x%" PRIx64, sign, v);
}

static void put_mem(struct out *o, const struct x86_inst *in, const struct x86_operand *m)
{
	const char *const *names = in->addrsize == 2 ? gpr16 : in->addrsize == 4 ? gpr32 : gpr64;
	const char *sep = "";

	put(o, "%s", size_ptr(m->size));
	if (in->seg != X86_SEG_NONE && m->seg == in->seg)
		put(o, "%s:", segs[m->seg]);
	put(o, "[");
	if (m->rip) {
		put(o, "%s", in->addrsize == 4 ? "eip" : "rip");
		sep = " + ";
	} else if (m->base >= 0) {
		put(o, "%s", names[m->base]);
		sep = " + ";
	}
	if (m->index >= 0) {
		put(o, "%s%s", sep, names[m->index]);
		if (m->scale > 1)
			put(o, "*%u", m->scale);
		sep = " + ";
	}
	if (m->disp < 0 && *sep)
		put_num(o, " - ", -(uint64_t)m->disp);
	else if (*sep && m->disp)
		put_num(o, sep, (uint64_t)m->disp);
	else if (!*sep && in->addrsize == 2) /* an absolute disp16 */
		put_num(o, "", (uint16_t)m->disp);
	else if (!*sep) /* an absolute disp32 prints as 32 bits, a moffs (A0-A3) as 64 */
		put_num(o, "",
			in->map == 0 && (in->opcode & 0xfc) == 0xa0 ? (uint64_t)m->disp
								    : (uint32_t)m->disp);
	put(o, "]");
}

/*
 * An immediate, like capstone: one that was sign-extended to a wider
 * operand prints negative with a minus sign unless the operation is logical
 * (and, or, xor); any other prints unsigned at the operand's size.
 */
static void put_imm(struct out *o, const struct x86_inst *in, const struct x86_operand *op,
		    unsigned size)
{
	bool logical = in->op == X86_OP_and || in->op == X86_OP_or || in->op == X86_OP_xor;
	uint64_t v = (uint64_t)op->imm;

	if (op->imm < 0 && op->size < size && !logical) {
		put_num(o, "-", -v);
		return;
	}
	if (size < 8)
		v &= (1ull << (8 * size)) - 1;
	put_num(o, "", v);
}

static void put_operand(struct out *o, const struct x86_inst *in, uint64_t pc, unsigned i)
{
	const struct x86_operand *op = &in->opnd[i];

	switch (op->kind) {
	case X86_OPND_REG:
		put_reg(o, op);
		break;
	case X86_OPND_MEM:
		put_mem(o, in, op);
		break;
	case X86_OPND_REL:
		put(o, "0x%" PRIx64, pc + in->len + (uint64_t)op->imm);
		break;
	default: /* an immediate prints at the size of the operand it combines with */
		put_imm(o, in, op, i && in->opnd[0].size ? in->opnd[0].size : in->opsize);
		break;
	}
}

static bool is_cmp_pred(const struct x86_inst *in)
{
	return (in->op == X86_OP_cmpps || in->op == X86_OP_cmppd || in->op == X86_OP_cmpss ||
		in->op == X86_OP_cmpsd) &&
	       in->nopnd == 3 && (uint64_t)in->opnd[2].imm < 8;
}

static void put_prefixes(struct out *o, const struct x86_inst *in)
{
	bool repe = in->op == X86_OP_cmpsb || in->op == X86_OP_cmps || in->op == X86_OP_scasb ||
		    in->op == X86_OP_scas;

	if (in->prefixes & X86_P_LOCK)
		put(o, "lock ");
	if (!(in->flags & X86_F_STR))
		return;
	if (in->prefixes & X86_P_REP)
		put(o, repe ? "repe " : "rep ");
	else if (in->prefixes & X86_P_REPNE)
		put(o, "repne ");
}

static void put_mnemonic(struct out *o, const struct x86_inst *in)
{
	const char *name = x86_op_name(in->op);
	unsigned sz = in->opsize == 2 ? 0 : in->opsize == 4 ? 1 : 2;

	for (size_t i = 0; i < sizeof(sized_names) / sizeof(sized_names[0]); i++)
		if (sized_names[i].op == in->op)
			name = sized_names[i].name[sz];
	if (in->flags & X86_F_CC)
		put(o, "%.*s%s", (int)strlen(name) - 2, name, conds[in->cc]);
	else if (is_cmp_pred(in))
		put(o, "cmp%s%s", cmp_preds[in->opnd[2].imm], name + 3);
	else if (in->op == X86_OP_mov && in->map == 0 &&
		 ((in->opcode >= 0xa0 && in->opcode <= 0xa3 && in->addrsize == 8) ||
		  (in->opnd[1].kind == X86_OPND_IMM && in->opnd[1].size == 8)))
		put(o, "movabs"); /* imm64 or moffs64: capstone's (and GNU's) spelling */
	else if (in->op == X86_OP_jrcxz && in->addrsize < 8)
		put(o, in->addrsize == 4 ? "jecxz" : "jcxz");
	else
		put(o, "%s", name);
}

int x86_format(char *buf, size_t len, uint64_t pc, const struct x86_inst *in)
{
	struct out o = {.buf = buf, .len = len};
	unsigned n = is_cmp_pred(in) ? 2 : in->nopnd;

	if (len)
		buf[0] = 0;
	put_prefixes(&o, in);
	put_mnemonic(&o, in);
	for (unsigned i = 0; i < n; i++) {
		/* ljmp/lcall ptr16:16/32 print selector:offset */
		if (i == 0 && in->nopnd == 2 && in->opnd[1].kind == X86_OPND_IMM &&
		    (in->op == X86_OP_ljmp || in->op == X86_OP_lcall)) {
			put(&o, " 0x%" PRIx64 ":0x%" PRIx64, (uint64_t)in->opnd[1].imm,
			    (uint64_t)in->opnd[0].imm);
			break;
		}
		put(&o, i ? ", " : " ");
		put_operand(&o, in, pc, i);
	}
	return (int)o.pos;
}

int x86_disas(char *buf, size_t len, uint64_t pc, const uint8_t *bytes, size_t avail)
{
	return x86_disas_mode(buf, len, pc, bytes, avail, X86_MODE_64);
}

int x86_disas_mode(char *buf, size_t len, uint64_t pc, const uint8_t *bytes, size_t avail,
		   enum x86_mode mode)
{
	struct x86_inst in;
	int rc = x86_decode(&in, bytes, avail, mode);

	if (rc || in.ud) {
		snprintf(buf, len, "(bad)");
		return -EINVAL;
	}
	x86_format(buf, len, pc, &in);
	return in.len;
}
