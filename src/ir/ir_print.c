/*
 * ir_print.c - the textual form of IR, one insn per line. The format is
 * stable (golden tests compare it):
 *
 *   -- guest 1 @+0x4
 *      3: t65 = addi x1, 16
 *      4: st64 [t65 + 8], x2
 *      5: breq x1, x2 -> 0x80001000
 *      6: x3 = select t66 ? x1 : x2
 *      7: x4 = adc x1, x2, t66
 *
 * Guest register slots print as blk->reg_names[slot] (or r<N>), temps as
 * t<N>, a missing CALL operand as "_", immediates in decimal when their
 * magnitude is below 4096 and in hex otherwise. The printer never reads
 * outside the block, even for a malformed one (a CALL's helper index is
 * trusted: the block does not know the helper table's size).
 *
 * The guest listing (-d in_asm) is ISA-neutral: each instruction's bytes in
 * memory order, then the frontend's disassembly of them:
 *
 *   IN: pc 0x0000000080000000 flags 0x5
 *   0x0000000080000000:  13 05 15 00  addi a0, a0, 1
 *   0x0000000080000004:  05 05        addi a0, a0, 1
 */
#include <inttypes.h>
#include "ir/ir.h"
#include "ir/ir_internal.h"

static void print_slot(FILE *out, const struct ir_block *blk, unsigned slot)
{
	if (slot == IR_NO_SLOT)
		fputc('_', out);
	else if (slot < blk->nregs && blk->reg_names)
		fputs(blk->reg_names[slot], out);
	else if (slot < blk->nregs)
		fprintf(out, "r%u", slot);
	else
		fprintf(out, "t%u", slot);
}

static void print_imm(FILE *out, int64_t imm)
{
	uint64_t mag = imm < 0 ? -(uint64_t)imm : (uint64_t)imm;

	if (mag < 4096)
		fprintf(out, "%" PRId64, imm);
	else
		fprintf(out, "%s0x%" PRIx64, imm < 0 ? "-" : "", mag);
}

static void print_target(FILE *out, int64_t imm)
{
	fprintf(out, "0x%" PRIx64, (uint64_t)imm);
}

static void print_mem(FILE *out, const struct ir_block *blk, const struct ir_insn *insn)
{
	fputc('[', out);
	print_slot(out, blk, insn->a);
	if (insn->imm) {
		fputs(insn->imm < 0 ? " - " : " + ", out);
		print_imm(out, insn->imm < 0 ? (int64_t)(-(uint64_t)insn->imm) : insn->imm);
	}
	fputc(']', out);
}

static void print_call(FILE *out, const struct ir_block *blk, const struct ir_insn *insn)
{
	if (insn->dst != IR_NO_SLOT) {
		print_slot(out, blk, insn->dst);
		fputs(" = ", out);
	}
	if (blk->helpers && blk->helpers[insn->c].name)
		fprintf(out, "call %s(", blk->helpers[insn->c].name);
	else
		fprintf(out, "call helper%u(", insn->c);
	print_slot(out, blk, insn->a);
	fputs(", ", out);
	print_slot(out, blk, insn->b);
	fputs(", ", out);
	print_imm(out, insn->imm);
	fputc(')', out);
}

/* "c ? a : b" for SELECT, "a, b, c" for the others. */
static void print_alu3(FILE *out, const struct ir_block *blk, const struct ir_insn *insn)
{
	bool sel = insn->op == IR_SELECT;

	print_slot(out, blk, sel ? insn->c : insn->a);
	fputs(sel ? " ? " : ", ", out);
	print_slot(out, blk, sel ? insn->a : insn->b);
	fputs(sel ? " : " : ", ", out);
	print_slot(out, blk, sel ? insn->b : insn->c);
}

/* "ll,sl": the orderings of a BARRIER, "-" for none. */
static void print_barrier(FILE *out, int64_t imm)
{
	static const char *const names[] = {"ll", "ls", "sl", "ss"};
	const char *sep = " ";

	if ((uint64_t)imm & ~(uint64_t)IR_BAR_ALL) {
		fprintf(out, " 0x%" PRIx64, (uint64_t)imm);
		return;
	}
	if (!imm)
		fputs(" -", out);
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
		if (imm & (1 << i)) {
			fprintf(out, "%s%s", sep, names[i]);
			sep = ",";
		}
	}
}

static void ir_print_insn(FILE *out, const struct ir_block *blk, const struct ir_insn *insn)
{
	const struct ir_op_info *info;

	if (insn->op >= IR_OP_COUNT) {
		fprintf(out, "<bad op %u>\n", insn->op);
		return;
	}
	info = &ir_op_info[insn->op];
	switch (info->kind) {
	case IR_K_ALU2:
	case IR_K_ALU2I:
	case IR_K_ALU1:
	case IR_K_ALU3:
	case IR_K_MOVI:
	case IR_K_LOAD:
		print_slot(out, blk, insn->dst);
		fprintf(out, " = %s ", info->name);
		break;
	case IR_K_CALL:
		print_call(out, blk, insn);
		fputc('\n', out);
		return;
	default:
		fputs(info->name, out);
		break;
	}
	switch (info->kind) {
	case IR_K_ALU2:
		print_slot(out, blk, insn->a);
		fputs(", ", out);
		print_slot(out, blk, insn->b);
		break;
	case IR_K_ALU2I:
		print_slot(out, blk, insn->a);
		fputs(", ", out);
		print_imm(out, insn->imm);
		break;
	case IR_K_ALU1:
		print_slot(out, blk, insn->a);
		break;
	case IR_K_ALU3:
		print_alu3(out, blk, insn);
		break;
	case IR_K_MOVI:
		print_imm(out, insn->imm);
		break;
	case IR_K_LOAD:
		print_mem(out, blk, insn);
		break;
	case IR_K_STORE:
		fputc(' ', out);
		print_mem(out, blk, insn);
		fputs(", ", out);
		print_slot(out, blk, insn->b);
		break;
	case IR_K_BR:
		fputc(' ', out);
		print_slot(out, blk, insn->a);
		fputs(", ", out);
		print_slot(out, blk, insn->b);
		fputs(" -> ", out);
		print_target(out, insn->imm);
		break;
	case IR_K_BARRIER:
		print_barrier(out, insn->imm);
		break;
	case IR_K_EXIT:
		if (insn->op == IR_EXIT) {
			fputc(' ', out);
			print_target(out, insn->imm);
		} else if (insn->op == IR_EXIT_IND) {
			fputc(' ', out);
			print_slot(out, blk, insn->a);
		}
		break;
	default:
		break;
	}
	fputc('\n', out);
}

void ir_print(FILE *out, const struct ir_block *blk)
{
	int prev_gidx = -1;

	for (unsigned i = 0; i < blk->ninsns && i < IR_MAX_INSNS; i++) {
		const struct ir_insn *insn = &blk->insns[i];

		if ((int)insn->gidx != prev_gidx) {
			prev_gidx = insn->gidx;
			if (insn->gidx < IR_MAX_GUEST)
				fprintf(out, "-- guest %u @+0x%x\n", insn->gidx,
					blk->guest_off[insn->gidx]);
			else
				fprintf(out, "-- guest %u\n", insn->gidx);
		}
		fprintf(out, "%4u: ", i);
		ir_print_insn(out, blk, insn);
	}
}

void ir_print_guest(FILE *out, const struct ir_block *blk, ir_disas_fn disas)
{
	unsigned n = blk->nguest, width = 0;
	char text[128];

	if (n > IR_MAX_GUEST)
		n = IR_MAX_GUEST;

	for (unsigned i = 0; i < n; i++)
		if (blk->guest_len[i] > width)
			width = blk->guest_len[i];
	fprintf(out, "IN: pc 0x%016" PRIx64 " flags 0x%x\n", blk->pc, blk->flags);
	for (unsigned i = 0; i < n; i++) {
		unsigned off = blk->guest_off[i], len = blk->guest_len[i];
		const uint8_t *bytes = &blk->guest_bytes[off];

		if (off + len > IR_MAX_GUEST_BYTES)
			len = 0;
		text[0] = '\0';
		if (len && disas(text, sizeof(text), blk->pc + off, blk->flags, bytes, len) < 0)
			snprintf(text, sizeof(text), "(undecodable)");
		fprintf(out, "0x%016" PRIx64 ": ", blk->pc + off);
		for (unsigned k = 0; k < width; k++) {
			if (k < len)
				fprintf(out, " %02x", bytes[k]);
			else
				fputs("   ", out);
		}
		fprintf(out, "  %s\n", len ? text : "(no bytes recorded)");
	}
	fputc('\n', out);
}
