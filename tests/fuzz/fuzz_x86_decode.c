/*
 * fuzz_x86_decode.c - libFuzzer target for the x86-64 decoder and
 * disassembler: the input is instruction bytes, decoded one instruction
 * after another as a frontend would fetch them.
 *
 * Invariants checked (by ASan/UBSan and by assertions): whatever the bytes,
 * the decoder reads only bytes[0..avail), returns 0 or -EAGAIN, reports a
 * length of 1..15 for a decoded instruction, fills at most X86_MAX_OPNDS
 * operands with in-range register numbers, and the disassembler agrees with
 * it on the length and never overflows a short buffer.
 *
 * Seeds (corpus-x86/): a function prologue, prefix/REX combinations, SSE,
 * x87/MMX, system instructions, and VEX and over-long encodings.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/x86_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_operands(const struct x86_inst *in)
{
	assert(in->nopnd <= X86_MAX_OPNDS);
	for (unsigned i = 0; i < in->nopnd; i++) {
		const struct x86_operand *o = &in->opnd[i];

		assert(o->kind != X86_OPND_NONE);
		if (o->kind == X86_OPND_REG)
			assert(o->reg < 16);
		if (o->kind == X86_OPND_MEM)
			assert(o->base < 16 && o->index < 16 && o->seg <= X86_SEG_GS);
	}
}

/* Decodes one instruction at data[0..n); returns how far to advance. */
static size_t one(const uint8_t *data, size_t n)
{
	struct x86_inst in;
	char small[8], big[160];
	int rc = x86_decode(&in, data, n, X86_MODE_64);
	int d = x86_disas(big, sizeof(big), 0x1000, data, n);

	assert(rc == 0 || rc == -EAGAIN);
	if (rc)
		return n;
	assert(in.len >= 1 && in.len <= X86_MAX_LEN);
	if (in.ud)
		return in.len;
	assert(in.len <= n && d == in.len);
	check_operands(&in);
	assert(x86_format(small, sizeof(small), 0x1000, &in) > 0);
	return in.len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so ASan sees any read past the end. */
	uint8_t *copy = malloc(size ? size : 1);
	size_t off = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	while (off < size)
		off += one(copy + off, size - off);
	free(copy);
	return 0;
}
