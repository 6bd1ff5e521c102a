/*
 * atomic.c - riscv64 A extension: LR.W/D, SC.W/D and the AMOs.
 *
 * AMOs are host atomic read-modify-writes on the guest RAM mapping
 * (sequentially consistent, which covers every aq/rl combination).
 * LR/SC use the ISA-neutral reservation registry (mem/reservation.h): LR
 * registers the reservation and marks the page PAGE_RESERVED before it
 * reads the value, so every later store to that page leaves the TLB fast
 * path and breaks the reservation; SC succeeds only if the reservation is
 * still held and the memory still holds the value LR read (a compare-and-
 * swap, which also catches a fast-path store racing with LR's marking).
 * AMOs and successful SCs are stores too: after them, reservations on the
 * granule are broken and code pages are invalidated.
 * Misaligned addresses raise address-misaligned (load for LR, store/AMO
 * otherwise); non-RAM addresses raise access faults. On a trap the helper
 * returns 0 and the translator's block stops at this instruction. There is
 * one helper per instruction (RV64_AMO_HELPERS, helpers.h): the decoder's
 * masks admit only valid encodings, so no helper looks at one.
 */
#include "arch/riscv64/csr.h"
#include "mem/mmu.h"
#include "mem/reservation.h"

enum amo_funct5 {
	AMO_ADD = 0x00,
	AMO_SWAP = 0x01,
	AMO_XOR = 0x04,
	AMO_OR = 0x08,
	AMO_AND = 0x0c,
	AMO_MIN = 0x10,
	AMO_MAX = 0x14,
	AMO_MINU = 0x18,
	AMO_MAXU = 0x1c,
};

/* Translate and map an aligned atomic access; NULL with the fault recorded. */
static void *atomic_host_ptr(struct soft_cpu *cpu, uint64_t vaddr, unsigned size,
			     enum mmu_access acc, uint64_t *paddr)
{
	void *host;

	if (vaddr & (size - 1)) {
		soft_cpu_fault(cpu, FAULT_MISALIGNED, acc, cpu->mmu_data, vaddr);
		return NULL;
	}
	if (mmu_translate(cpu, vaddr, acc, cpu->mmu_data, paddr))
		return NULL;
	host = as_ram_ptr(cpu->as, *paddr, size);
	if (!host)
		soft_cpu_fault(cpu, FAULT_ACCESS, acc, cpu->mmu_data, vaddr);
	return host;
}

/* After a store of size bytes at paddr by an atomic: break reservations, drop stale code. */
static void atomic_note_store(struct soft_cpu *cpu, uint64_t paddr, unsigned size)
{
	uint32_t *word = as_page_word(cpu->as, paddr);
	uint32_t flags;

	if (!word)
		return;
	flags = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	if (flags & PAGE_RESERVED)
		reservation_store_hit(cpu->as, paddr, size);
	if (flags & PAGE_CODE)
		page_word_note_store(word);
}

/* A store landed at paddr: if the page holds translated code, invalidate it. */
static void note_code_store(struct soft_cpu *cpu, uint64_t paddr)
{
	uint32_t *word = as_page_word(cpu->as, paddr);

	if (word && (__atomic_load_n(word, __ATOMIC_SEQ_CST) & PAGE_CODE))
		page_word_note_store(word);
}

static uint64_t load_sized(const void *host, unsigned size)
{
	if (size == 4)
		return (uint64_t)(int64_t)__atomic_load_n((const int32_t *)host, __ATOMIC_SEQ_CST);
	return __atomic_load_n((const uint64_t *)host, __ATOMIC_SEQ_CST);
}

static void drop_reservation(struct rv64_cpu *rv)
{
	rv->res_valid = false;
	reservation_clear(rv->common.as, rv->common.vcpu.id);
}

static uint64_t exec_lr(struct rv64_cpu *rv, uint64_t vaddr, unsigned size)
{
	struct soft_cpu *cpu = &rv->common;
	uint64_t paddr;
	void *host = atomic_host_ptr(cpu, vaddr, size, MMU_READ, &paddr);

	if (!host)
		return 0;
	reservation_set(cpu->as, cpu->vcpu.id, paddr);
	rv->res_value = load_sized(host, size);
	rv->res_paddr = paddr;
	rv->res_size = size;
	rv->res_valid = true;
	return rv->res_value;
}

static uint64_t exec_sc(struct rv64_cpu *rv, uint64_t vaddr, uint64_t value, unsigned size)
{
	struct soft_cpu *cpu = &rv->common;
	uint64_t paddr;
	void *host = atomic_host_ptr(cpu, vaddr, size, MMU_WRITE, &paddr);
	bool ok;

	if (!host) {
		drop_reservation(rv);
		return 0;
	}
	if (!rv->res_valid || rv->res_paddr != paddr || rv->res_size != size) {
		drop_reservation(rv);
		return 1;
	}
	rv->res_valid = false;
	ok = reservation_store_conditional(cpu->as, cpu->vcpu.id, paddr, host, size, rv->res_value,
					   value);
	if (!ok)
		return 1;
	note_code_store(cpu, paddr);
	return 0;
}

/* amo_op32 / amo_op64: one read-modify-write of an AMO on a host pointer; returns the
 * old value. Both widths come from one definition. */
#define DEFINE_AMO_OP(bits)                                                                        \
	static uint##bits##_t amo_op##bits(uint##bits##_t *p, unsigned op, uint##bits##_t v)       \
	{                                                                                          \
		uint##bits##_t old = __atomic_load_n(p, __ATOMIC_SEQ_CST), new;                    \
                                                                                                   \
		switch (op) {                                                                      \
		case AMO_SWAP:                                                                     \
			return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);                        \
		case AMO_ADD:                                                                      \
			return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);                         \
		case AMO_XOR:                                                                      \
			return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);                         \
		case AMO_AND:                                                                      \
			return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);                         \
		case AMO_OR:                                                                       \
			return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);                          \
		}                                                                                  \
		do {                                                                               \
			if (op == AMO_MIN)                                                         \
				new = (int##bits##_t)old < (int##bits##_t)v ? old : v;             \
			else if (op == AMO_MAX)                                                    \
				new = (int##bits##_t)old > (int##bits##_t)v ? old : v;             \
			else if (op == AMO_MINU)                                                   \
				new = old < v ? old : v;                                           \
			else                                                                       \
				new = old > v ? old : v;                                           \
		} while (!__atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST,       \
						      __ATOMIC_SEQ_CST));                          \
		return old;                                                                        \
	}

DEFINE_AMO_OP(32)
DEFINE_AMO_OP(64)
#undef DEFINE_AMO_OP

static uint64_t exec_amo(struct soft_cpu *cpu, unsigned op, uint64_t vaddr, uint64_t value,
			 unsigned size)
{
	uint64_t paddr, old;
	void *host = atomic_host_ptr(cpu, vaddr, size, MMU_WRITE, &paddr);

	if (!host)
		return 0;
	if (size == 4)
		old = (uint64_t)(int64_t)(int32_t)amo_op32(host, op, (uint32_t)value);
	else
		old = amo_op64(host, op, value);
	atomic_note_store(cpu, paddr, size);
	return old;
}

/* One helper per LR, SC and AMO, from RV64_AMO_HELPERS: a = the address, b = the value. */
#define AMO_BODY_LR(op, size)  exec_lr(rv64_cpu(cpu), addr, size)
#define AMO_BODY_SC(op, size)  exec_sc(rv64_cpu(cpu), addr, value, size)
#define AMO_BODY_AMO(op, size) exec_amo(cpu, AMO_##op, addr, value, size)
#define AMO_HELPER(id, name, flags, kind, op, size)                                                \
	uint64_t rv64_helper_##name(struct soft_cpu *cpu, uint64_t addr, uint64_t value,           \
				    uint64_t opw)                                                  \
	{                                                                                          \
		return AMO_BODY_##kind(op, size);                                                  \
	}
RV64_AMO_HELPERS(AMO_HELPER)
