/*
 * jit_compile.c - instruction selection: one IR block to x86-64.
 *
 * Register use: rbx = struct soft_cpu * (slots at [rbx + 8 * slot]), r12 =
 * struct tcache *, r13 = the current data TLB regime's table (cpu->tlb_data),
 * reloaded after every helper call that may change it; rax, rcx, rdx, rsi are scratch; rbp, r14,
 * r15, r8-r11 and rdi cache the block's most used slots (struct regalloc). Guest
 * registers are in cpu->slots whenever something outside the block can see
 * them: at exits, side exits and traps, and around helpers flagged
 * IR_HF_READS_REGS / IR_HF_WRITES_REGS.
 *
 * Block layout: chain entry (exit-request and page-generation checks, then
 * falls through), run-loop entry, the body in IR order, then the cold stubs
 * (TLB-miss calls, traps, taken side exits, the bail-out to the run loop).
 * Each op computes exactly what ir_semantics.h says; ops with no short x86
 * sequence (division, clz, cpop, ...) call a C wrapper around the very same
 * ir_sem_* function. Exits and traps update pc and instret exactly as
 * interp_exec() does. A buffer overflow makes the compile fail with -ENOSPC
 * and leaves the buffer as it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core/frontend_ops.h"
#include "core/log.h"
#include "core/perfmap.h"
#include "engine/jit/jit_compiler.h"
#include "mem/mmu.h"

#define TLB_ENTRY_SHIFT 4 /* sizeof(struct tlb_entry) == 3 << 4 */

_Static_assert(sizeof(struct tlb_entry) == 48, "TLB index computation assumes 48-byte entries");
_Static_assert(TLB_SIZE == 256, "TLB index computation uses movzx of one byte");
_Static_assert(offsetof(struct soft_cpu, slots) == 0, "slots at offset 0");

/* A cold stub entered from jcc_off with the register state (loaded, dirty). */
static bool add_stub_at(struct compiler *c, enum stub_kind kind, unsigned insn, size_t jcc_off,
			size_t ret_off, uint8_t loaded, uint8_t dirty)
{
	if (c->nstubs == c->maxstubs) {
		unsigned n = c->maxstubs ? 2 * c->maxstubs : 64;
		struct stub *s = realloc(c->stubs, n * sizeof(*s));
		if (!s)
			return false;
		c->stubs = s;
		c->maxstubs = n;
	}
	c->stubs[c->nstubs++] = (struct stub){.kind = (uint8_t)kind,
					      .insn = insn,
					      .jcc_off = (uint32_t)jcc_off,
					      .ret_off = (uint32_t)ret_off,
					      .loaded = loaded,
					      .dirty = dirty};
	return true;
}

/* A cold stub entered from jcc_off with the current register state. */
static bool add_stub(struct compiler *c, enum stub_kind kind, unsigned insn, size_t jcc_off,
		     size_t ret_off)
{
	return add_stub_at(c, kind, insn, jcc_off, ret_off, c->ra.loaded, c->ra.dirty);
}

static void emit_jmp_to(struct x86_buf *b, size_t target)
{
	x86_patch_rel32(b, emit_jmp32(b), target);
}

static void emit_store_pc(struct x86_buf *b, uint64_t pc)
{
	if (x86_fits_i32((int64_t)pc)) {
		emit_store_imm32(b, true, CPU(pc), (int32_t)pc);
	} else {
		emit_mov_imm(b, RAX, pc);
		emit_store(b, true, CPU(pc), RAX);
	}
}

static void emit_add_instret(struct x86_buf *b, unsigned n)
{
	if (n)
		emit_alu_mi(b, true, ALU_ADD, CPU(instret), (int32_t)n);
}

static void emit_regime_reload(struct x86_buf *b)
{
	emit_load(b, true, R13, CPU(tlb_data));
}

/* Guest-register pins among dirty to cpu->slots (before leaving the block). */
static void emit_writeback(struct compiler *c, uint8_t dirty)
{
	jit_store_pins(c, dirty & c->ra.guest);
}

/* Trap at guest instruction gidx: pc = its pc, instret += gidx, return JIT_RET_TRAP. The
 * caller has written the guest registers back. */
static void emit_trap_exit(struct compiler *c, unsigned gidx)
{
	emit_store_pc(&c->b, c->tb->pc + c->tb->guest_off[gidx]);
	emit_add_instret(&c->b, gidx);
	emit_mov_imm(&c->b, RAX, JIT_RET_TRAP);
	emit_jmp_to(&c->b, c->j->exit_off);
}

/* ecx = the current block flags (a helper may have changed them) or the block's own. */
static void emit_current_flags(struct compiler *c)
{
	if (c->has_calls) {
		emit_mov_rr(&c->b, true, RDI, RBX);
		jit_call_abs(&c->b, (const void *)c->cpu->fe->block_flags);
		emit_mov_rr(&c->b, false, RCX, RAX);
	} else {
		emit_mov_imm(&c->b, RCX, c->tb->flags);
	}
}

/* cpu->pc is set: probe the jump cache for it and jump to the block's chain entry on a hit. */
static void emit_jcache_dispatch(struct compiler *c)
{
	struct x86_buf *b = &c->b;
	size_t miss[5];

	emit_current_flags(c);
	emit_load(b, true, RAX, CPU(pc));
	emit_mov_rr(b, false, RDX, RAX); /* edx = tcache_jcache_index(pc) */
	emit_shift_ri(b, false, SH_SHR, RDX, 1);
	emit_alu_rr(b, false, ALU_XOR, RDX, RAX);
	emit_alu_ri(b, false, ALU_AND, RDX, TCACHE_JCACHE_SIZE - 1);
	emit_load(b, true, RDX,
		  x86_mem_bisd(R12, RDX, 8, (int32_t)offsetof(struct tcache, jcache)));
	emit_alu_mi(b, true, ALU_ADD, TC(ctr.jc_lookups), 1);
	emit_test_rr(b, true, RDX, RDX);
	miss[0] = emit_jcc32(b, CC_E);
	emit_alu_rm(b, true, ALU_CMP, RAX, x86_mem_bd(RDX, offsetof(struct tb, pc)));
	miss[1] = emit_jcc32(b, CC_NE);
	emit_alu_rm(b, false, ALU_CMP, RCX, x86_mem_bd(RDX, offsetof(struct tb, flags)));
	miss[2] = emit_jcc32(b, CC_NE);
	/* validated under an older TLB generation (*gen_src): the run loop re-validates it */
	emit_load(b, true, RCX, x86_mem_bd(RDX, offsetof(struct tb, gen_src)));
	emit_load(b, true, RCX, x86_mem_bd(RCX, 0));
	emit_alu_rm(b, true, ALU_CMP, RCX, x86_mem_bd(RDX, offsetof(struct tb, valid_gen)));
	miss[4] = emit_jcc32(b, CC_NE);
	emit_load(b, true, RDX, x86_mem_bd(RDX, offsetof(struct tb, chain_entry)));
	emit_test_rr(b, true, RDX, RDX);
	miss[3] = emit_jcc32(b, CC_E);
	emit_alu_mi(b, true, ALU_ADD, TC(ctr.jc_hits), 1);
	emit_jmp_r(b, RDX);
	for (unsigned i = 0; i < ARRAY_SIZE(miss); i++)
		x86_patch_rel32(b, miss[i], x86_offset(b));
	emit_mov_imm(b, RAX, JIT_RET_PC);
	emit_jmp_to(b, c->j->exit_off);
}

static bool same_page(uint64_t a, uint64_t b)
{
	return (a & PAGE_MASK) == (b & PAGE_MASK);
}

/* Leave to guest pc target after n guest instructions: chain site, jump cache or return. The
 * pins in dirty are written back first. */
static void emit_direct_exit(struct compiler *c, uint64_t target, unsigned n, uint8_t dirty)
{
	struct x86_buf *b = &c->b;

	emit_writeback(c, dirty);
	emit_add_instret(b, n);
	if (same_page(target, c->tb->pc)) {
		struct jit_site *site = &c->tb->sites[c->nsites++];
		size_t bad_flags = 0, stub;

		if (c->has_calls) {
			emit_current_flags(c);
			emit_alu_ri(b, false, ALU_CMP, RCX, (int32_t)c->tb->flags);
			bad_flags = emit_jcc32(b, CC_NE);
		}
		site->target_pc = target;
		site->src = c->tb;
		site->rel32_off = (uint32_t)emit_jmp32(b);
		stub = x86_offset(b);
		site->stub_off = (uint32_t)stub;
		x86_patch_rel32(b, site->rel32_off, stub);
		emit_store_pc(b, target);
		emit_mov_imm(b, RAX, (uint64_t)(uintptr_t)site);
		emit_jmp_to(b, c->j->exit_off);
		if (c->has_calls) {
			x86_patch_rel32(b, bad_flags, x86_offset(b));
			emit_store_pc(b, target);
			emit_mov_imm(b, RAX, JIT_RET_PC);
			emit_jmp_to(b, c->j->exit_off);
		}
		return;
	}
	emit_store_pc(b, target);
	emit_jcache_dispatch(c);
}

static unsigned count_sites(const struct tb *tb)
{
	unsigned n = 0;

	for (unsigned i = 0; i < tb->ninsns; i++) {
		const struct ir_insn *in = &tb->insns[i];
		if ((ir_op_info[in->op].kind == IR_K_BR || in->op == IR_EXIT) &&
		    same_page((uint64_t)in->imm, tb->pc))
			n++;
	}
	return n;
}

/* rsi = guest vaddr of the access (slot a + imm); rax = offset of its TLB entry from r13. */
static void emit_tlb_index(struct compiler *c, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	int base = jit_use_reg(c, in->a);

	if (base >= 0 && in->imm && x86_fits_i32(in->imm)) {
		emit_lea(b, RSI, x86_mem_bd(base, (int32_t)in->imm));
	} else if (in->imm && x86_fits_i32(in->imm)) {
		jit_get(c, RSI, in->a);
		emit_lea(b, RSI, x86_mem_bd(RSI, (int32_t)in->imm));
	} else if (in->imm) {
		jit_get(c, RSI, in->a);
		emit_mov_imm(b, RAX, (uint64_t)in->imm);
		emit_alu_rr(b, true, ALU_ADD, RSI, RAX);
	} else {
		jit_get(c, RSI, in->a);
	}
	emit_mov_rr(b, false, RAX, RSI);
	emit_shift_ri(b, false, SH_SHR, RAX, PAGE_SHIFT);
	emit_ext_rr(b, 1, false, RAX, RAX);
	emit_lea(b, RAX, x86_mem_bisd(RAX, RAX, 2, 0));
	emit_shift_ri(b, false, SH_SHL, RAX, TLB_ENTRY_SHIFT);
}

static void emit_count_tlb_hit(struct compiler *c)
{
	if (((const struct tcache *)c->cpu->vcpu.engine_priv)->count_tlb_hits)
		emit_alu_mi(&c->b, true, ALU_ADD, CPU(tlb.hits), 1);
}

static struct x86_mem tlb_field(size_t field)
{
	return x86_mem_bisd(R13, RAX, 1, (int32_t)field);
}

static bool compile_load(struct compiler *c, unsigned idx, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	unsigned size = ir_op_info[in->op].width;
	size_t miss;
	uint8_t loaded, dirty;

	emit_tlb_index(c, in);
	loaded = c->ra.loaded;
	dirty = c->ra.dirty;
	emit_mov_rr(b, true, RDX, RSI);
	emit_alu_ri(b, true, ALU_AND, RDX, (int32_t)(PAGE_MASK | (size - 1)));
	emit_alu_rm(b, true, ALU_CMP, RDX, tlb_field(offsetof(struct tlb_entry, tag_read)));
	miss = emit_jcc32(b, CC_NE);
	emit_alu_rm(b, true, ALU_ADD, RSI, tlb_field(offsetof(struct tlb_entry, addend)));
	emit_load_sized(b, size, ir_op_info[in->op].is_signed, RAX, x86_mem_bd(RSI, 0));
	emit_count_tlb_hit(c);
	jit_put(c, in->dst, RAX);
	return add_stub_at(c, STUB_LOAD, idx, miss, x86_offset(b), loaded, dirty);
}

static bool compile_store(struct compiler *c, unsigned idx, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	unsigned size = ir_op_info[in->op].width;
	size_t miss1, miss2;

	emit_tlb_index(c, in);
	jit_get(c, RCX, in->b);
	emit_mov_rr(b, true, RDX, RSI);
	emit_alu_ri(b, true, ALU_AND, RDX, (int32_t)(PAGE_MASK | (size - 1)));
	emit_alu_rm(b, true, ALU_CMP, RDX, tlb_field(offsetof(struct tlb_entry, tag_write)));
	miss1 = emit_jcc32(b, CC_NE);
	emit_load(b, true, RDX, tlb_field(offsetof(struct tlb_entry, page_word)));
	emit_test_m8_i(b, x86_mem_bd(RDX, 0), PAGE_FLAGS);
	miss2 = emit_jcc32(b, CC_NE);
	emit_alu_rm(b, true, ALU_ADD, RSI, tlb_field(offsetof(struct tlb_entry, addend)));
	emit_store_sized(b, size, x86_mem_bd(RSI, 0), RCX);
	emit_count_tlb_hit(c);
	return add_stub(c, STUB_STORE, idx, miss1, x86_offset(b)) &&
	       add_stub(c, STUB_STORE, idx, miss2, x86_offset(b));
}

static bool compile_call(struct compiler *c, unsigned idx, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	const struct ir_helper *h = &c->cpu->fe->helpers[in->c];

	bool sees_regs = in->flags & (IR_HF_READS_REGS | IR_HF_WRITES_REGS);

	emit_mov_rr(b, true, RDI, RBX);
	jit_get(c, RSI, in->a);
	jit_get(c, RDX, in->b);
	emit_mov_imm(b, RCX, (uint64_t)in->imm);
	jit_call_spill(c, sees_regs);
	jit_call_abs(b, (const void *)h->fn);
	if (in->flags & IR_HF_MAY_TRAP) {
		emit_alu_mi(b, false, ALU_CMP, CPU(fault.kind), FAULT_NONE);
		if (!add_stub(c, STUB_CALL_TRAP, idx, emit_jcc32(b, CC_NE), 0))
			return false;
	}
	if (in->flags & IR_HF_WRITES_REGS)
		c->ra.loaded &= (uint8_t)~c->ra.guest;
	if (in->dst != IR_NO_SLOT)
		jit_put(c, in->dst, RAX);
	if (!(in->flags & IR_HF_PURE))
		emit_regime_reload(b);
	return true;
}

/* Condition of the BR* ops. */
static const int8_t br_cc[IR_OP_COUNT] = {
    [IR_BREQ] = CC_E,  [IR_BRNE] = CC_NE, [IR_BRLT] = CC_L,
    [IR_BRGE] = CC_GE, [IR_BRLTU] = CC_B, [IR_BRGEU] = CC_AE,
};

/* Returns false on an op the JIT does not handle or a host allocation failure. */
static bool compile_insn(struct compiler *c, unsigned idx, bool *ended)
{
	const struct ir_insn *in = &c->tb->insns[idx];
	struct x86_buf *b = &c->b;

	switch (ir_op_info[in->op].kind) {
	case IR_K_ALU2:
	case IR_K_ALU2I:
	case IR_K_ALU1:
	case IR_K_ALU3:
	case IR_K_MOVI:
		return jit_compile_alu(c, in);
	case IR_K_LOAD:
		return compile_load(c, idx, in);
	case IR_K_STORE:
		return compile_store(c, idx, in);
	case IR_K_CALL:
		return compile_call(c, idx, in);
	case IR_K_BR: {
		int ra = jit_use_reg(c, in->a);
		if (ra < 0) {
			jit_get(c, RAX, in->a);
			ra = RAX;
		}
		jit_alu_slot(c, true, ALU_CMP, ra, in->b);
		return add_stub(c, STUB_BRANCH, idx, emit_jcc32(b, (enum x86_cc)br_cc[in->op]), 0);
	}
	case IR_K_EXIT:
		*ended = true;
		if (in->op == IR_EXIT) {
			emit_direct_exit(c, (uint64_t)in->imm, in->gidx + 1u, c->ra.dirty);
		} else if (in->op == IR_EXIT_IND) {
			jit_get(c, RAX, in->a);
			emit_store(b, true, CPU(pc), RAX);
			emit_writeback(c, c->ra.dirty);
			emit_add_instret(b, in->gidx + 1u);
			emit_jcache_dispatch(c);
		} else { /* EXIT_CPU: a helper set pc */
			size_t halted;

			emit_writeback(c, c->ra.dirty);
			emit_add_instret(b, in->gidx + 1u);
			/* after WFI the run loop waits; else go on through the jump cache (the
			 * target's chain entry sees any request the helper made) */
			emit_cmp_m8_i(b, CPU(halted), 0);
			halted = emit_jcc32(b, CC_NE);
			emit_jcache_dispatch(c);
			x86_patch_rel32(b, halted, x86_offset(b));
			emit_mov_imm(b, RAX, JIT_RET_PC);
			emit_jmp_to(b, c->j->exit_off);
		}
		return true;
	case IR_K_BARRIER:
		/* x86-64 (TSO) keeps every order but store -> load */
		if (in->imm & IR_BAR_SL)
			emit_full_fence(b);
		return true;
	case IR_K_NOP:
		return true;
	default:
		return false;
	}
}

static void compile_stub(struct compiler *c, const struct stub *s)
{
	struct x86_buf *b = &c->b;
	const struct ir_insn *in = &c->tb->insns[s->insn];
	unsigned size = ir_op_info[in->op].width;
	size_t ok;

	/* slow paths: dirty and caller-saved pins to memory, so a trap can leave at once */
	uint8_t saved = (uint8_t)((s->loaded & PINS_CALLER_SET) | s->dirty);

	x86_patch_rel32(b, s->jcc_off, x86_offset(b));
	switch (s->kind) {
	case STUB_LOAD:
		/* rsi = vaddr */
		jit_store_pins(c, saved);
		emit_mov_rr(b, true, RDI, RBX);
		emit_mov_imm(b, RDX, size);
		emit_mov_rr(b, true, RCX, RSP);
		jit_call_abs(b, (const void *)mmu_load_slow);
		emit_test_rr(b, false, RAX, RAX);
		ok = emit_jcc32(b, CC_E);
		emit_trap_exit(c, in->gidx);
		x86_patch_rel32(b, ok, x86_offset(b));
		jit_reload_pins(c, s->loaded & PINS_CALLER_SET);
		/* as interp_exec: the slow path's value as is, sign-extended for signed loads */
		if (ir_op_info[in->op].is_signed)
			emit_load_sized(b, size, true, RAX, x86_mem_bd(RSP, 0));
		else
			emit_load(b, true, RAX, x86_mem_bd(RSP, 0));
		jit_put_raw(c, in->dst, RAX);
		emit_jmp_to(b, s->ret_off);
		break;
	case STUB_STORE:
		/* rsi = vaddr, rcx = value */
		jit_store_pins(c, saved);
		emit_mov_rr(b, true, RDI, RBX);
		emit_mov_imm(b, RDX, size);
		jit_call_abs(b, (const void *)mmu_store_slow);
		emit_test_rr(b, false, RAX, RAX);
		ok = emit_jcc32(b, CC_E);
		emit_trap_exit(c, in->gidx);
		x86_patch_rel32(b, ok, x86_offset(b));
		jit_reload_pins(c, s->loaded & PINS_CALLER_SET);
		emit_jmp_to(b, s->ret_off);
		break;
	case STUB_CALL_TRAP:
		emit_writeback(c, s->dirty);
		emit_trap_exit(c, in->gidx);
		break;
	case STUB_BRANCH:
		emit_direct_exit(c, (uint64_t)in->imm, in->gidx + 1u, s->dirty);
		break;
	}
}

/* Chain entry: bail to the run loop on a pending request or a stale page. */
static void emit_chain_checks(struct compiler *c)
{
	struct x86_buf *b = &c->b;

	emit_alu_mi(b, false, ALU_CMP, CPU(vcpu.exit_request), 0);
	c->bail_jumps[c->nbail++] = emit_jcc32(b, CC_NE);
	for (unsigned i = 0; i < c->tb->npages; i++) {
		emit_mov_imm(b, RAX, (uint64_t)(uintptr_t)c->tb->page_word[i]);
		emit_load(b, false, RAX, x86_mem_bd(RAX, 0));
		emit_alu_ri(b, false, ALU_AND, RAX, (int32_t)~PAGE_FLAGS);
		emit_alu_ri(b, false, ALU_CMP, RAX, (int32_t)c->tb->page_gen[i]);
		c->bail_jumps[c->nbail++] = emit_jcc32(b, CC_NE);
	}
	emit_alu_mi(b, true, ALU_ADD, TC(ctr.chain_entries), 1);
}

static void emit_bail(struct compiler *c)
{
	for (unsigned i = 0; i < c->nbail; i++)
		x86_patch_rel32(&c->b, c->bail_jumps[i], x86_offset(&c->b));
	emit_store_pc(&c->b, c->tb->pc);
	emit_mov_imm(&c->b, RAX, JIT_RET_PC);
	emit_jmp_to(&c->b, c->j->exit_off);
}

int jit_compile(struct jit_ctx *j, struct soft_cpu *cpu, struct tb *tb)
{
	struct compiler c = {.j = j, .cpu = cpu, .tb = tb};
	size_t start = ALIGN_UP(j->used, 16), entry;
	bool ended = false, ok = true;
	unsigned nsites = count_sites(tb);
	int ret = 0;

	if (start >= j->size)
		return -ENOSPC;
	free(tb->sites);
	tb->sites = nsites ? calloc(nsites, sizeof(*tb->sites)) : NULL;
	tb->nsites = 0;
	if (nsites && !tb->sites)
		return -ENOMEM;
	for (unsigned i = 0; i < tb->ninsns; i++)
		if (tb->insns[i].op == IR_CALL && !(tb->insns[i].flags & IR_HF_PURE))
			c.has_calls = true;
	jit_choose_pins(&c);
	c.b = (struct x86_buf){.start = j->rw, .p = j->rw + start, .end = j->rw + j->size};
	emit_chain_checks(&c);
	if (c.has_calls)
		emit_store_pc(&c.b,
			      tb->pc); /* helpers may read it; chained entries skip the loop */
	entry = x86_offset(&c.b);
	emit_regime_reload(&c.b);
	for (unsigned i = 0; i < tb->ninsns && ok && !ended; i++)
		ok = compile_insn(&c, i, &ended);
	if (ok && !ended)
		ok = false; /* a block must end with an EXIT op */
	for (unsigned i = 0; ok && i < c.nstubs; i++)
		compile_stub(&c, &c.stubs[i]);
	emit_bail(&c);
	free(c.stubs);
	if (c.b.overflow)
		ret = -ENOSPC;
	else if (!ok)
		ret = -ENOTSUP;
	if (ret) {
		free(tb->sites);
		tb->sites = NULL;
		return ret;
	}
	tb->nsites = c.nsites;
	tb->chain_entry = jit_rx_ptr(j, start);
	tb->code = jit_rx_ptr(j, entry);
	j->used = x86_offset(&c.b);
	if (log_enabled(LOG_CLASS_out_asm))
		jit_log_block(j, tb, cpu, start, entry, j->used);
	if (perf_map_enabled())
		perf_map_add(tb->chain_entry, j->used - start, "guest@0x%llx",
			     (unsigned long long)tb->pc);
	return 0;
}
