/*
 * atomic.c - x86-64 locked read-modify-writes: lock-prefixed add, adc, sub,
 * sbb, and, or, xor, inc, dec, not, neg, xadd, cmpxchg, bts, btr, btc, and
 * xchg with memory (locked without a prefix).
 *
 * The helper does the memory part as one host atomic (a compare-and-swap
 * loop on the guest RAM mapping, sequentially consistent like a locked
 * instruction) and returns the old value; the translator recomputes the
 * result from it in IR for the flags and the register operands. A locked
 * access that is misaligned (a split lock) or not to RAM is done as a plain
 * load and store, atomic only with respect to this vCPU. Faults are raised
 * before anything is written. cmpxchg8b and cmpxchg16b are one host
 * compare-and-swap too (64-bit, and the host's own lock cmpxchg16b), with
 * or without the lock prefix.
 */
#include "arch/x86_64/translate.h"
#include "core/memory.h"
#include "mem/mmu.h"

/* Helper imm: size (bits 0-3), operation (4-7). */
enum x86_atomic_op { AT_ADD, AT_SUB, AT_AND, AT_OR, AT_XOR, AT_XCHG, AT_NEG };

static uint64_t apply(unsigned op, uint64_t old, uint64_t v)
{
	switch (op) {
	case AT_ADD:
		return old + v;
	case AT_SUB:
		return old - v;
	case AT_AND:
		return old & v;
	case AT_OR:
		return old | v;
	case AT_XOR:
		return old ^ v;
	case AT_NEG:
		return -old;
	default:
		return v;
	}
}

/* cas8 .. cas64: apply op with v to *q as one compare-and-swap loop; the old value. */
#define X86_CAS_FN(bits)                                                                           \
	static uint64_t cas##bits(uint##bits##_t *q, unsigned op, uint64_t v)                      \
	{                                                                                          \
		uint##bits##_t o = __atomic_load_n(q, __ATOMIC_SEQ_CST);                           \
                                                                                                   \
		while (!__atomic_compare_exchange_n(q, &o, (uint##bits##_t)apply(op, o, v), false, \
						    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))           \
			;                                                                          \
		return o;                                                                          \
	}
X86_CAS_FN(8)
X86_CAS_FN(16)
X86_CAS_FN(32)
X86_CAS_FN(64)
#undef X86_CAS_FN

static uint64_t host_rmw(void *p, unsigned size, unsigned op, uint64_t v)
{
	switch (size) {
	case 1:
		return cas8(p, op, v);
	case 2:
		return cas16(p, op, v);
	case 4:
		return cas32(p, op, v);
	default:
		return cas64(p, op, v);
	}
}

/* The RAM behind an aligned locked access, or NULL (*faulted if a fault is recorded). */
static void *locked_ptr(struct soft_cpu *cpu, uint64_t addr, unsigned size, bool *faulted)
{
	uint64_t pa;

	*faulted = false;
	if (addr & (size - 1))
		return NULL;
	if (mmu_translate(cpu, addr, MMU_WRITE, cpu->mmu_data, &pa)) {
		*faulted = true;
		return NULL;
	}
	if (!as_ram_ptr(cpu->as, pa, size))
		return NULL;
	return mmu_host_ptr(cpu, addr, size, MMU_WRITE); /* notes stores to code pages */
}

uint64_t x86_helper_atomic(struct soft_cpu *cpu, uint64_t addr, uint64_t v, uint64_t imm)
{
	unsigned size = imm & 15, op = (imm >> 4) & 15;
	uint64_t old;
	bool faulted;
	void *p = locked_ptr(cpu, addr, size, &faulted);

	if (p)
		return host_rmw(p, size, op, v);
	if (faulted || mmu_load(cpu, addr, size, &old) ||
	    mmu_store(cpu, addr, size, apply(op, old, v)))
		return 0;
	return old;
}

/* lock cmpxchg: compare with the accumulator (rax), store v if equal; returns the old value. */
uint64_t x86_helper_lock_cmpxchg(struct soft_cpu *cpu, uint64_t addr, uint64_t v, uint64_t size)
{
	uint64_t mask = size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
	uint64_t acc = cpu->slots[X86_RAX] & mask, old;
	bool faulted;
	void *p = locked_ptr(cpu, addr, (unsigned)size, &faulted);

	if (p) {
		old = acc;
		switch (size) {
		case 1:
			__atomic_compare_exchange_n((uint8_t *)p, (uint8_t *)&old, (uint8_t)v,
						    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			return old & mask;
		case 2:
			__atomic_compare_exchange_n((uint16_t *)p, (uint16_t *)&old, (uint16_t)v,
						    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			return old & mask;
		case 4:
			__atomic_compare_exchange_n((uint32_t *)p, (uint32_t *)&old, (uint32_t)v,
						    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			return old & mask;
		default:
			__atomic_compare_exchange_n((uint64_t *)p, &old, v, false, __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST);
			return old;
		}
	}
	/* as the hardware does, the destination is written back even when unequal */
	if (faulted || mmu_load(cpu, addr, (unsigned)size, &old) ||
	    mmu_store(cpu, addr, (unsigned)size, old == acc ? v : old))
		return 0;
	return old;
}

/* The host's lock cmpxchg16b on p: true if *p was *lo:*hi and now holds nlo:nhi; else
 * *lo:*hi get what *p holds. */
static bool cas128(void *p, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
	bool eq;

	__asm__ volatile("lock cmpxchg16b %1"
			 : "=@ccz"(eq), "+m"(*(unsigned __int128 *)p), "+a"(*lo), "+d"(*hi)
			 : "b"(nlo), "c"(nhi)
			 : "memory");
	return eq;
}

/* Compare edx:eax (rdx:rax) with the 8 (16) bytes at p; equal: store ecx:ebx (rcx:rbx). */
static bool cas_pair(void *p, unsigned half, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
	uint64_t old;
	bool eq;

	if (half == 8)
		return cas128(p, lo, hi, nlo, nhi);
	old = *lo | *hi << 32;
	eq = __atomic_compare_exchange_n((uint64_t *)p, &old, nlo | nhi << 32, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	*lo = (uint32_t)old;
	*hi = old >> 32;
	return eq;
}

/* cmpxchg8b/16b: imm = 8 or 16. One host atomic on aligned RAM, else loads and stores. ZF
 * says whether they were equal; unequal, rdx:rax (edx:eax) get the memory's value. */
uint64_t x86_helper_cmpxchg16b(struct soft_cpu *cpu, uint64_t addr, uint64_t b, uint64_t size)
{
	unsigned half = (unsigned)size / 2;
	uint64_t m = half == 8 ? ~0ull : 0xffffffffull;
	uint64_t lo = cpu->slots[X86_RAX] & m, hi = cpu->slots[X86_RDX] & m;
	uint64_t nlo = cpu->slots[X86_RBX] & m, nhi = cpu->slots[X86_RCX] & m, f;
	bool faulted, eq;
	void *p;

	if (size == 16 && (addr & 15)) {
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
		return 0;
	}
	p = locked_ptr(cpu, addr, (unsigned)size == 16 ? 16 : 8, &faulted);
	if (faulted)
		return 0;
	if (p) {
		eq = cas_pair(p, half, &lo, &hi, nlo, nhi);
	} else {
		uint64_t olo, ohi;

		if (mmu_load(cpu, addr, half, &olo) || mmu_load(cpu, addr + half, half, &ohi))
			return 0;
		eq = olo == lo && ohi == hi;
		/* as the hardware does, the destination is written back even when unequal */
		if (mmu_store(cpu, addr, half, eq ? nlo : olo) ||
		    mmu_store(cpu, addr + half, half, eq ? nhi : ohi))
			return 0;
		lo = olo;
		hi = ohi;
	}
	if (!eq) { /* 32-bit halves zero-extend, as any 32-bit register write */
		cpu->slots[X86_RAX] = lo;
		cpu->slots[X86_RDX] = hi;
	}
	f = x86_get_rflags(cpu) & ~(uint64_t)X86_ZF;
	x86_set_rflags(cpu, f | (eq ? X86_ZF : 0));
	return 0;
}

/* old = the helper's atomic op with v on the memory operand. */
static unsigned emit_rmw(struct x86_tr *t, unsigned size, enum x86_atomic_op op, unsigned v)
{
	unsigned old = x86_tmp(t);

	ir_call(t->blk, X86_H_ATOMIC, old, x86_addr(t, &t->in->opnd[0]), v, size | op << 4);
	return old;
}

/* dst = zext(a op b) for the flags of the stored result. */
static unsigned result(struct x86_tr *t, enum ir_op op, unsigned a, unsigned b, unsigned size)
{
	unsigned r = x86_tmp(t);

	ir_alu2(t->blk, op, r, a, b);
	x86_zext(t, r, r, size);
	return r;
}

static void locked_binop(struct x86_tr *t, unsigned size)
{
	static const struct {
		uint16_t op;
		uint8_t at, ir, kind;
	} ops[] = {
	    {X86_OP_add, AT_ADD, IR_ADD, X86_CCK_ADD},	 {X86_OP_sub, AT_SUB, IR_SUB, X86_CCK_SUB},
	    {X86_OP_and, AT_AND, IR_AND, X86_CCK_LOGIC}, {X86_OP_or, AT_OR, IR_OR, X86_CCK_LOGIC},
	    {X86_OP_xor, AT_XOR, IR_XOR, X86_CCK_LOGIC},
	};
	unsigned b = x86_read(t, &t->in->opnd[1], size), i = 0, old, r;

	if (t->in->op == X86_OP_adc || t->in->op == X86_OP_sbb) {
		/* memory += b + CF (mod 2^size) is one atomic add of b + CF */
		unsigned c = x86_carry(t), v = x86_tmp(t);
		bool adc = t->in->op == X86_OP_adc;

		ir_alu2(t->blk, IR_ADD, v, b, c);
		old = emit_rmw(t, size, adc ? AT_ADD : AT_SUB, v);
		r = x86_tmp(t);
		ir_alu3(t->blk, adc ? IR_ADC : IR_SBB, r, old, b, c);
		x86_zext(t, r, r, size);
		x86_set_cc(t, adc ? X86_CCK_ADC : X86_CCK_SBB, size, r, old, b);
		return;
	}
	while (ops[i].op != t->in->op)
		i++;
	old = emit_rmw(t, size, ops[i].at, b);
	r = result(t, ops[i].ir, old, b, size);
	if (ops[i].kind == X86_CCK_LOGIC)
		x86_set_cc(t, X86_CCK_LOGIC, size, r, IR_NO_SLOT, IR_NO_SLOT);
	else
		x86_set_cc(t, ops[i].kind, size, r, old, b);
}

static void locked_unary(struct x86_tr *t, unsigned size)
{
	uint16_t op = t->in->op;
	unsigned old, r, cf;

	if (op == X86_OP_not) {
		emit_rmw(t, size, AT_XOR, x86_const(t, ~0ull));
		return;
	}
	if (op == X86_OP_neg) {
		unsigned zero = x86_const(t, 0);

		old = emit_rmw(t, size, AT_NEG, zero);
		x86_set_cc(t, X86_CCK_SUB, size, result(t, IR_SUB, zero, old, size), zero, old);
		return;
	}
	cf = x86_carry(t);
	old = emit_rmw(t, size, AT_ADD, x86_const(t, op == X86_OP_inc ? 1 : ~0ull));
	r = x86_tmp(t);
	ir_alu2i(t->blk, IR_ADD, r, old, op == X86_OP_inc ? 1 : -1);
	x86_zext(t, r, r, size);
	x86_set_cc(t, op == X86_OP_inc ? X86_CCK_INC : X86_CCK_DEC, size, r, old, cf);
}

/* xchg and xadd with memory: the register operand gets the old value. */
static void locked_exchange(struct x86_tr *t, unsigned size)
{
	const struct x86_operand *reg = &t->in->opnd[1];
	unsigned v = x86_tmp(t), old;

	ir_mov(t->blk, v, x86_read(t, reg, size));
	if (t->in->op == X86_OP_xchg) {
		x86_write(t, reg, size, emit_rmw(t, size, AT_XCHG, v));
		return;
	}
	old = emit_rmw(t, size, AT_ADD, v);
	x86_set_cc(t, X86_CCK_ADD, size, result(t, IR_ADD, old, v, size), old, v);
	x86_write(t, reg, size, old);
}

static void locked_cmpxchg(struct x86_tr *t, unsigned size)
{
	struct ir_block *blk = t->blk;
	unsigned old = x86_tmp(t), acc = x86_tmp(t), eq = x86_tmp(t), nrax = x86_tmp(t);
	struct x86_operand ax = {.kind = X86_OPND_REG, .reg = X86_RAX};

	ir_call(blk, X86_H_LOCK_CMPXCHG, old, x86_addr(t, &t->in->opnd[0]),
		x86_read(t, &t->in->opnd[1], size), size);
	x86_zext(t, acc, X86_RAX, size);
	ir_alu2(blk, IR_SETEQ, eq, acc, old);
	x86_set_cc(t, X86_CCK_SUB, size, result(t, IR_SUB, acc, old, size), acc, old);
	if (size == 4) { /* rax is written (zero-extended) only when unequal */
		ir_alu2i(blk, IR_XOR, eq, eq, 1);
		ir_alu3(blk, IR_SELECT, nrax, old, X86_RAX, eq);
		ir_mov(blk, X86_RAX, nrax);
	} else {
		ir_alu3(blk, IR_SELECT, nrax, acc, old, eq);
		x86_write(t, &ax, size, nrax);
	}
}

/* bts, btr, btc: CF is the bit's old value. A register offset may address beyond the
 * operand (as alu.c's bit tests). */
static void locked_bit(struct x86_tr *t, unsigned size)
{
	struct ir_block *blk = t->blk;
	const struct x86_operand *s = &t->in->opnd[1];
	unsigned bits = size * 8, bit = x86_tmp(t), mask = x86_tmp(t), cf = x86_tmp(t), old;
	enum x86_atomic_op op = t->in->op == X86_OP_bts	  ? AT_OR
				: t->in->op == X86_OP_btc ? AT_XOR
							  : AT_AND;

	if (s->kind == X86_OPND_IMM) {
		ir_movi(blk, bit, s->imm & (bits - 1));
	} else {
		unsigned off = x86_read(t, s, size), q = x86_tmp(t), a = x86_tmp(t);

		ir_alu2i(blk, IR_AND, bit, off, bits - 1);
		x86_sext(t, q, off, size);
		ir_alu2i(blk, IR_SAR, q, q, __builtin_ctz(bits));
		ir_alu2i(blk, IR_SHL, q, q, x86_lsz(size));
		ir_alu2(blk, IR_ADD, a, x86_addr(t, &t->in->opnd[0]), q);
		t->addr = a;
	}
	ir_movi(blk, mask, 1);
	ir_alu2(blk, IR_SHL, mask, mask, bit);
	if (op == AT_AND)
		ir_alu1(blk, IR_NOT, mask, mask);
	old = emit_rmw(t, size, op, mask);
	ir_alu2(blk, IR_SHR, cf, old, bit);
	ir_alu2i(blk, IR_AND, cf, cf, 1);
	x86_flush_flags(t);
	ir_alu2i(blk, IR_AND, X86_SLOT_RFLAGS, X86_SLOT_RFLAGS, ~(int64_t)X86_CF);
	ir_alu2(blk, IR_OR, X86_SLOT_RFLAGS, X86_SLOT_RFLAGS, cf);
}

bool x86_translate_atomic(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	const struct x86_operand *d = &in->opnd[0];
	unsigned size = d->size ? d->size : in->opsize;

	if (d->kind != X86_OPND_MEM || (!(in->prefixes & X86_P_LOCK) && !(in->op == X86_OP_xchg)))
		return false;
	switch (in->op) {
	case X86_OP_add:
	case X86_OP_adc:
	case X86_OP_sub:
	case X86_OP_sbb:
	case X86_OP_and:
	case X86_OP_or:
	case X86_OP_xor:
		locked_binop(t, size);
		return true;
	case X86_OP_not:
	case X86_OP_neg:
	case X86_OP_inc:
	case X86_OP_dec:
		locked_unary(t, size);
		return true;
	case X86_OP_xchg:
	case X86_OP_xadd:
		locked_exchange(t, size);
		return true;
	case X86_OP_cmpxchg:
		locked_cmpxchg(t, size);
		return true;
	case X86_OP_bts:
	case X86_OP_btr:
	case X86_OP_btc:
		locked_bit(t, size);
		return true;
	default:
		return false; /* cmpxchg8b/16b: helpers.c */
	}
}
