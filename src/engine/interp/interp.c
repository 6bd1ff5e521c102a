/*
 * interp.c - the interpreter engine: per-vCPU translation cache and the
 * vCPU run loop.
 *
 * Translations are private to a vCPU (no locking on the hot path). A block
 * is keyed by (virtual pc, physical pc, mode flags) and records the
 * generation of each physical page its code came from; a store to a code
 * page bumps the page's generation (memory.h), so a stale block is detected
 * at lookup and retranslated. A direct-mapped jump cache keyed by virtual pc
 * skips the page walk and hash lookup; it is cleared whenever the vCPU's TLB
 * is flushed (mappings may have changed).
 * Invariant: a jump-cache slot only ever points at a block in the hash
 * table, and a block is freed only after its one possible slot is cleared.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "arch/frontend.h"
#include "core/log.h"
#include "core/vm.h"
#include "engine/engine.h"
#include "engine/interp/interp_exec.h"
#include "mem/mmu.h"

#define JCACHE_BITS   12
#define JCACHE_SIZE   (1u << JCACHE_BITS)
#define HASH_BITS     15
#define HASH_SIZE     (1u << HASH_BITS)
#define MAX_BLOCKS    (1u << 17)
#define WAIT_SLICE_NS 10000000ull

struct interp_block {
	uint64_t pc;
	uint64_t phys_pc;
	uint32_t flags;
	uint32_t npages;
	uint32_t *page_word[2];
	uint32_t page_gen[2]; /* page word with the flag bits masked off */
	struct interp_block *hash_next;
	uint16_t *guest_off;
	uint32_t ninsns;
	uint32_t nguest;
	struct ir_insn insns[];
};

struct interp_cpu {
	struct interp_block *jcache[JCACHE_SIZE];
	struct interp_block *hash[HASH_SIZE];
	unsigned nblocks;
	struct ir_block *scratch;
	uint64_t flushes;
};

static inline unsigned jcache_index(uint64_t pc)
{
	return (unsigned)(pc >> 1) & (JCACHE_SIZE - 1);
}

static inline unsigned hash_index(uint64_t pc, uint64_t phys_pc, uint32_t flags)
{
	uint64_t h = (phys_pc ^ (pc << 7) ^ ((uint64_t)flags << 3)) * 0x9e3779b97f4a7c15ull;
	return (unsigned)(h >> (64 - HASH_BITS));
}

static inline bool block_is_current(const struct interp_block *b)
{
	for (unsigned i = 0; i < b->npages; i++)
		if ((__atomic_load_n(b->page_word[i], __ATOMIC_ACQUIRE) & ~PAGE_FLAGS) !=
		    b->page_gen[i])
			return false;
	return true;
}

static void interp_flush(struct vcpu *cpu)
{
	struct interp_cpu *ic = cpu->engine_priv;

	memset(ic->jcache, 0, sizeof(ic->jcache));
	for (unsigned i = 0; i < HASH_SIZE; i++) {
		while (ic->hash[i]) {
			struct interp_block *b = ic->hash[i];
			ic->hash[i] = b->hash_next;
			free(b);
		}
	}
	ic->nblocks = 0;
	ic->flushes++;
}

static void block_remove(struct interp_cpu *ic, struct interp_block *b)
{
	struct interp_block **pp = &ic->hash[hash_index(b->pc, b->phys_pc, b->flags)];

	for (; *pp; pp = &(*pp)->hash_next) {
		if (*pp == b) {
			*pp = b->hash_next;
			break;
		}
	}
	if (ic->jcache[jcache_index(b->pc)] == b)
		ic->jcache[jcache_index(b->pc)] = NULL;
	ic->nblocks--;
	free(b);
}

/* Mark the page of paddr as holding code; returns its generation. */
static uint32_t code_page_claim(struct vcpu *cpu, uint64_t paddr, uint32_t **word)
{
	*word = as_page_word(cpu->as, paddr);
	return __atomic_or_fetch(*word, PAGE_CODE, __ATOMIC_SEQ_CST) & ~PAGE_FLAGS;
}

static void log_block(const struct vcpu *cpu, const struct ir_block *blk, enum log_class cls)
{
	FILE *out = log_stream();

	log_lock();
	fprintf(out, "---- block pc=0x%016llx flags=0x%x hart=%u (%s)\n",
		(unsigned long long)blk->pc, blk->flags, cpu->id, cls == LOG_CLASS_ir ? "ir" : "ir_opt");
	ir_print(out, blk);
	log_unlock();
}

static struct interp_block *block_translate(struct vcpu *cpu, uint64_t pc, uint64_t phys_pc,
					    uint32_t flags)
{
	struct interp_cpu *ic = cpu->engine_priv;
	struct ir_block *blk = ic->scratch;
	struct interp_block *b;
	uint32_t *word0, *word1 = NULL;
	uint32_t gen0, gen1 = 0;
	size_t insn_bytes;
	char msg[128];

	if (ic->nblocks >= MAX_BLOCKS)
		interp_flush(cpu);
	gen0 = code_page_claim(cpu, phys_pc, &word0);
	ir_block_reset(blk, pc, flags);
	if (cpu->fe->translate_block(cpu, blk))
		return NULL;
	/* a block may end early before an instruction whose fetch faulted: not a trap yet */
	cpu->trap_pending = false;
	if (((blk->end_pc - 1) & PAGE_MASK) != (pc & PAGE_MASK)) {
		uint64_t pa1;
		if (!mmu_translate(cpu, blk->end_pc - 1, MMU_EXEC, cpu->mmu_fetch, &pa1) &&
		    as_page_word(cpu->as, pa1))
			gen1 = code_page_claim(cpu, pa1, &word1);
		cpu->trap_pending = false;
	}
	if (log_enabled(LOG_CLASS_ir))
		log_block(cpu, blk, LOG_CLASS_ir);
	ir_optimize(blk);
	if (log_enabled(LOG_CLASS_ir_opt))
		log_block(cpu, blk, LOG_CLASS_ir_opt);
#ifndef NDEBUG
	if (ir_verify(blk, msg, sizeof(msg))) {
		log_error("internal error: invalid IR for pc 0x%llx: %s", (unsigned long long)pc,
			  msg);
		ir_print(log_stream(), blk);
		return NULL;
	}
#else
	(void)msg;
#endif
	insn_bytes = blk->ninsns * sizeof(struct ir_insn);
	b = malloc(sizeof(*b) + insn_bytes + blk->nguest * sizeof(uint16_t));
	if (!b)
		return NULL;
	b->pc = pc;
	b->phys_pc = phys_pc;
	b->flags = flags;
	b->npages = word1 ? 2 : 1;
	b->page_word[0] = word0;
	b->page_gen[0] = gen0;
	b->page_word[1] = word1;
	b->page_gen[1] = gen1;
	b->ninsns = blk->ninsns;
	b->nguest = blk->nguest;
	memcpy(b->insns, blk->insns, insn_bytes);
	b->guest_off = (uint16_t *)((char *)b->insns + insn_bytes);
	memcpy(b->guest_off, blk->guest_off, blk->nguest * sizeof(uint16_t));
	b->hash_next = ic->hash[hash_index(pc, phys_pc, flags)];
	ic->hash[hash_index(pc, phys_pc, flags)] = b;
	ic->nblocks++;
	cpu->stats.blocks_translated++;
	return b;
}

/* Find or make the block at cpu->pc. NULL: a trap is pending (fetch fault) or host error
 * (*err set). */
static struct interp_block *block_lookup(struct vcpu *cpu, int *err)
{
	struct interp_cpu *ic = cpu->engine_priv;
	uint64_t pc = cpu->pc;
	uint32_t flags = cpu->fe->block_flags(cpu);
	struct interp_block **slot = &ic->jcache[jcache_index(pc)];
	struct interp_block *b = *slot;
	uint64_t phys_pc;

	cpu->stats.lookups++;
	if (likely(b && b->pc == pc && b->flags == flags)) {
		if (likely(block_is_current(b))) {
			cpu->stats.lookup_hits++;
			return b;
		}
		block_remove(ic, b);
	}
	if (mmu_translate(cpu, pc, MMU_EXEC, cpu->mmu_fetch, &phys_pc))
		return NULL;
	if (!as_page_word(cpu->as, phys_pc)) {
		vcpu_raise(cpu, cpu->fe->cause_access_fetch, pc);
		return NULL;
	}
	for (b = ic->hash[hash_index(pc, phys_pc, flags)]; b; b = b->hash_next) {
		if (b->pc == pc && b->phys_pc == phys_pc && b->flags == flags) {
			if (!block_is_current(b)) {
				block_remove(ic, b);
				break;
			}
			cpu->stats.lookup_hits++;
			*slot = b;
			return b;
		}
	}
	b = block_translate(cpu, pc, phys_pc, flags);
	if (!b && !cpu->trap_pending)
		*err = -ENOMEM;
	if (b)
		*slot = b;
	return b;
}

static int interp_vcpu_init(struct vcpu *cpu)
{
	struct interp_cpu *ic = calloc(1, sizeof(*ic));

	if (!ic)
		return -ENOMEM;
	ic->scratch = ir_block_new(cpu->fe->nregs, cpu->fe->helpers, cpu->fe->reg_names);
	if (!ic->scratch) {
		free(ic);
		return -ENOMEM;
	}
	cpu->engine_priv = ic;
	return 0;
}

static void interp_vcpu_fini(struct vcpu *cpu)
{
	struct interp_cpu *ic = cpu->engine_priv;

	if (!ic)
		return;
	interp_flush(cpu);
	ir_block_free(ic->scratch);
	free(ic);
	cpu->engine_priv = NULL;
}

/* Handle exit requests; returns true when the vCPU must stop. */
static bool interp_handle_requests(struct vcpu *cpu)
{
	uint32_t req = vcpu_take_requests(cpu);
	struct interp_cpu *ic = cpu->engine_priv;

	if ((req & EXIT_REQ_STOP) || vm_stopping(cpu->vm))
		return true;
	if ((req & EXIT_REQ_PAUSE) && vm_wait_while_paused(cpu->vm))
		return true;
	if (req & (EXIT_REQ_TLB_FLUSH | EXIT_REQ_ICACHE))
		memset(ic->jcache, 0, sizeof(ic->jcache));
	if (cpu->fe->check_interrupts(cpu))
		cpu->stats.interrupts++;
	return false;
}

static int interp_vcpu_run(struct vcpu *cpu)
{
	const struct frontend_ops *fe = cpu->fe;
	int err = 0;

	for (;;) {
		struct interp_block *b;

		if (unlikely(vcpu_has_requests(cpu)) && interp_handle_requests(cpu))
			return 0;
		if (unlikely(cpu->halted)) {
			if (fe->wakeup_pending(cpu))
				cpu->halted = false;
			else
				vcpu_wait(cpu, WAIT_SLICE_NS);
			continue;
		}
		b = block_lookup(cpu, &err);
		if (unlikely(!b)) {
			if (err)
				return err;
			cpu->stats.traps++;
			fe->do_trap(cpu);
			continue;
		}
		cpu->stats.blocks_executed++;
		if (unlikely(interp_exec(cpu, b->insns, b->guest_off) == INTERP_EXIT_TRAP)) {
			cpu->stats.traps++;
			fe->do_trap(cpu);
		}
	}
}

static double ratio(uint64_t num, uint64_t den)
{
	return den ? 100.0 * (double)num / (double)den : 0.0;
}

static void interp_print_stats(struct vcpu *const *cpus, unsigned n, double seconds, FILE *out)
{
	struct vcpu_stats t = {0};
	uint64_t insns = 0, tlb_hits = 0, tlb_misses = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct vcpu *c = cpus[i];
		t.blocks_translated += c->stats.blocks_translated;
		t.blocks_executed += c->stats.blocks_executed;
		t.lookups += c->stats.lookups;
		t.lookup_hits += c->stats.lookup_hits;
		t.traps += c->stats.traps;
		t.interrupts += c->stats.interrupts;
		insns += c->instret;
		tlb_hits += c->tlb.hits;
		tlb_misses += c->tlb.misses;
	}
	fprintf(out, "fvp stats: engine interp, %u vCPU(s), %.3f s wall\n", n, seconds);
	fprintf(out, "  blocks translated   %llu\n", (unsigned long long)t.blocks_translated);
	fprintf(out, "  blocks executed     %llu\n", (unsigned long long)t.blocks_executed);
	fprintf(out, "  block cache hits    %.2f %%\n", ratio(t.lookup_hits, t.lookups));
	fprintf(out, "  TLB hit rate        %.2f %% (%llu misses)\n",
		ratio(tlb_hits, tlb_hits + tlb_misses), (unsigned long long)tlb_misses);
	fprintf(out, "  traps / interrupts  %llu / %llu\n", (unsigned long long)t.traps,
		(unsigned long long)t.interrupts);
	fprintf(out, "  instructions        %llu\n", (unsigned long long)insns);
	fprintf(out, "  MIPS                %.1f\n",
		seconds > 0 ? (double)insns / seconds / 1e6 : 0.0);
}

const struct engine_ops interp_engine_ops = {
	.name = "interp",
	.vcpu_init = interp_vcpu_init,
	.vcpu_fini = interp_vcpu_fini,
	.vcpu_run = interp_vcpu_run,
	.flush = interp_flush,
	.print_stats = interp_print_stats,
};
