/*
 * jit_regalloc.c - per-block register allocation of the JIT ("pins").
 *
 * Up to NPINS slots, the most used ones of the block, each live in one host
 * register for the whole block. A pin is loaded from cpu->slots on its first
 * read (a write needs no load) and tracked as loaded/dirty along the
 * straight-line body; the compiler writes guest-register pins back where the
 * architectural state must be in memory. Blocks that call C use only the
 * callee-saved pins.
 */
#include "core/frontend_ops.h"
#include "engine/jit/jit_compiler.h"

/* Host registers that cache slots across a block ("pins"): the callee-saved ones first, so the
 * most used slots survive helper calls; rax, rcx, rdx, rsi stay scratch. Blocks that call C
 * (helpers, division, ...) only use the callee-saved pins, so rdi, an argument register, is
 * free to be a pin elsewhere (the slow-path stubs save and restore the caller-saved pins). */
const uint8_t jit_pin_regs[NPINS] = {RBP, R14, R15, R8, R9, R10, R11, RDI};

int jit_pin_of(const struct compiler *c, unsigned slot)
{
	for (unsigned p = 0; p < c->ra.n; p++)
		if (c->ra.slot[p] == slot)
			return (int)p;
	return -1;
}

/* The host register caching slot, loaded on first use; -1 when slot lives in memory. */
int jit_use_reg(struct compiler *c, unsigned slot)
{
	int p = slot == IR_NO_SLOT ? -1 : jit_pin_of(c, slot);

	if (p < 0)
		return -1;
	if (!(c->ra.loaded & (1u << p))) {
		emit_load(&c->b, true, jit_pin_regs[p], SLOT(slot));
		c->ra.loaded |= (uint8_t)(1u << p);
	}
	return jit_pin_regs[p];
}

/* reg = slot (0 for IR_NO_SLOT). */
void jit_get(struct compiler *c, int reg, unsigned slot)
{
	int r;

	if (slot == IR_NO_SLOT) {
		emit_mov_imm(&c->b, reg, 0);
		return;
	}
	r = jit_use_reg(c, slot);
	if (r < 0)
		emit_load(&c->b, true, reg, SLOT(slot));
	else if (r != reg)
		emit_mov_rr(&c->b, true, reg, r);
}

/* Write reg to slot's home (its pin or cpu->slots) without touching the allocation state. */
void jit_put_raw(struct compiler *c, unsigned slot, int reg)
{
	int p = jit_pin_of(c, slot);

	if (p < 0)
		emit_store(&c->b, true, SLOT(slot), reg);
	else if (jit_pin_regs[p] != reg)
		emit_mov_rr(&c->b, true, jit_pin_regs[p], reg);
}

/* slot = reg, in the body. */
void jit_put(struct compiler *c, unsigned slot, int reg)
{
	int p = jit_pin_of(c, slot);

	jit_put_raw(c, slot, reg);
	if (p >= 0) {
		c->ra.loaded |= (uint8_t)(1u << p);
		c->ra.dirty |= (uint8_t)(1u << p);
	}
}

/* x86 "op dst, slot" with slot in its pin or in memory. */
void jit_alu_slot(struct compiler *c, bool w, enum x86_alu op, int dst, unsigned slot)
{
	int r = jit_use_reg(c, slot);

	if (r >= 0)
		emit_alu_rr(&c->b, w, op, dst, r);
	else
		emit_alu_rm(&c->b, w, op, dst, SLOT(slot));
}

/* Store the pins in the set to cpu->slots. */
void jit_store_pins(struct compiler *c, uint8_t pins)
{
	for (unsigned p = 0; p < c->ra.n; p++)
		if (pins & (1u << p))
			emit_store(&c->b, true, SLOT(c->ra.slot[p]), jit_pin_regs[p]);
}

void jit_reload_pins(struct compiler *c, uint8_t pins)
{
	for (unsigned p = 0; p < c->ra.n; p++)
		if (pins & (1u << p))
			emit_load(&c->b, true, jit_pin_regs[p], SLOT(c->ra.slot[p]));
}

/* Before a C call from the body: guest registers to memory if the callee sees them, the
 * caller-saved pins to memory (they are reloaded on their next use). */
void jit_call_spill(struct compiler *c, bool callee_sees_regs)
{
	uint8_t store = c->ra.dirty & (PINS_CALLER_SET | (callee_sees_regs ? c->ra.guest : 0));

	jit_store_pins(c, store);
	c->ra.dirty &= (uint8_t)~store;
	c->ra.loaded &= (uint8_t)~PINS_CALLER_SET;
}

/* Choose the pins of tb: the slots used at least twice, most used first. */
void jit_choose_pins(struct compiler *c)
{
	static _Thread_local uint16_t uses[IR_MAX_SLOTS];
	uint16_t touched[64];
	unsigned ntouched = 0, max = NPINS, nregs = c->cpu->fe->nregs;
	const struct tb *tb = c->tb;

	for (unsigned i = 0; i < tb->ninsns; i++) {
		const struct ir_insn *in = &tb->insns[i];
		unsigned f = ir_op_info[in->op].flags;
		const uint16_t s[4] = {(f & IR_OPF_HAS_DST) ? in->dst : IR_NO_SLOT,
				       (f & IR_OPF_USES_A) ? in->a : IR_NO_SLOT,
				       (f & IR_OPF_USES_B) ? in->b : IR_NO_SLOT,
				       (f & IR_OPF_USES_C) ? in->c : IR_NO_SLOT};

		if (in->op == IR_CALL || !jit_op_inline(in->op))
			max = PINS_CALLEE; /* caller-saved pins would be spilled around the call */
		for (unsigned k = 0; k < ARRAY_SIZE(s); k++) {
			if (s[k] >= IR_MAX_SLOTS ||
			    (!uses[s[k]] && ntouched == ARRAY_SIZE(touched)))
				continue;
			if (!uses[s[k]]++)
				touched[ntouched++] = s[k];
		}
	}
	c->ra = (struct regalloc){0};
	while (c->ra.n < max) {
		unsigned best = 0;
		for (unsigned t = 1; t < ntouched; t++)
			if (uses[touched[t]] > uses[touched[best]])
				best = t;
		if (!ntouched || uses[touched[best]] < 2)
			break;
		if (touched[best] < nregs)
			c->ra.guest |= (uint8_t)(1u << c->ra.n);
		c->ra.slot[c->ra.n++] = touched[best];
		uses[touched[best]] = 0;
	}
	for (unsigned t = 0; t < ntouched; t++)
		uses[touched[t]] = 0;
}

/* The register an ALU op computes in: dst's pin when that cannot clobber operand b, else rax. */
int jit_work_reg(const struct compiler *c, const struct ir_insn *in, bool uses_b)
{
	int p = jit_pin_of(c, in->dst);

	if (p < 0 || (uses_b && in->b == in->dst))
		return RAX;
	return jit_pin_regs[p];
}
