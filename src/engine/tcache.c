/*
 * tcache.c - per-vCPU translation cache and the vCPU run loop shared by the
 * interp, jit and hybrid engines (see tcache.h for the invariants).
 *
 * Lookup: direct-mapped jump cache keyed by virtual pc (its blocks are
 * re-validated against the current translation after a TLB flush) -> hash
 * table keyed by (pc, phys_pc, flags), a two-page block's second physical
 * page checked too -> translate. A block found stale
 * (page generation moved) is dropped and retranslated. Compiled blocks run as
 * host code and may leave through a chainable exit; the run loop then links
 * that exit to the block it looks up next, when both are on the same guest
 * page under the same flags.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/frontend_ops.h"
#include "core/log.h"
#include "core/vm.h"
#include "engine/interp/interp_exec.h"
#include "engine/jit/jit.h"
#include "engine/tcache.h"
#include "engine/tcache_debug.h"
#include "mem/mmu.h"

_Static_assert(IR_MAX_SLOTS <= SOFT_CPU_SLOTS, "an IR block's slots fit the soft CPU's");

#define WAIT_SLICE_NS 10000000ull

static inline unsigned hash_index(uint64_t pc, uint64_t phys_pc, uint32_t flags)
{
	uint64_t h = (phys_pc ^ (pc << 7) ^ ((uint64_t)flags << 3)) * 0x9e3779b97f4a7c15ull;
	return (unsigned)(h >> (64 - TCACHE_HASH_BITS));
}

static inline bool block_is_current(const struct tb *b)
{
	for (unsigned i = 0; i < b->npages; i++)
		if ((__atomic_load_n(b->page_word[i], __ATOMIC_ACQUIRE) & ~PAGE_FLAGS) !=
		    b->page_gen[i])
			return false;
	return true;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct tb *tcache_tb_new(const struct ir_block *blk)
{
	size_t insn_bytes = blk->ninsns * sizeof(struct ir_insn);
	struct tb *b = calloc(1, sizeof(*b) + insn_bytes + blk->nguest * sizeof(uint16_t));

	if (!b)
		return NULL;
	b->pc = blk->pc;
	b->flags = blk->flags;
	b->ninsns = blk->ninsns;
	b->nguest = blk->nguest;
	memcpy(b->insns, blk->insns, insn_bytes);
	b->guest_off = (uint16_t *)((char *)b->insns + insn_bytes);
	memcpy(b->guest_off, blk->guest_off, blk->nguest * sizeof(uint16_t));
	return b;
}

/* What a block holds: its allocation (counted when it joins the cache) and its chain sites
 * (counted when it is compiled). */
static size_t tb_base_bytes(const struct tb *b)
{
	return sizeof(*b) + b->ninsns * sizeof(struct ir_insn) + b->nguest * sizeof(uint16_t);
}

static size_t tb_bytes(const struct tb *b)
{
	return tb_base_bytes(b) + b->nsites * sizeof(struct jit_site);
}

void tcache_tb_free(struct tb *tb)
{
	if (!tb)
		return;
	free(tb->sites);
	free(tb);
}

/* Drop every block (and all compiled code) of this vCPU. */
static void tcache_flush(struct vcpu *cpu)
{
	struct tcache *tc = cpu->engine_priv;

	memset(tc->jcache, 0, sizeof(tc->jcache));
	for (unsigned i = 0; i < TCACHE_HASH_SIZE; i++) {
		while (tc->hash[i]) {
			struct tb *b = tc->hash[i];
			tc->hash[i] = b->hash_next;
			tcache_tb_free(b);
		}
	}
	if (tc->jit)
		jit_reset(tc->jit);
	tc->nblocks = 0;
	tc->block_bytes = 0;
	tc->flushes++;
	tc->epoch++;
}

static void block_remove(struct tcache *tc, struct tb *b)
{
	struct tb **pp = &tc->hash[hash_index(b->pc, b->phys_pc, b->flags)];

	for (; *pp; pp = &(*pp)->hash_next) {
		if (*pp == b) {
			*pp = b->hash_next;
			break;
		}
	}
	if (tc->jcache[tcache_jcache_index(b->pc)] == b)
		tc->jcache[tcache_jcache_index(b->pc)] = NULL;
	if (tc->jit) {
		jit_unlink_incoming(tc->jit, b);
		jit_unlink_outgoing(b);
	}
	tc->nblocks--;
	tc->block_bytes -= tb_bytes(b);
	tc->epoch++;
	tcache_tb_free(b);
}

/* Mark the page of paddr as holding code; returns its generation. */
static uint32_t code_page_claim(struct soft_cpu *cpu, uint64_t paddr, uint32_t **word)
{
	*word = as_page_word(cpu->as, paddr);
	return __atomic_or_fetch(*word, PAGE_CODE, __ATOMIC_SEQ_CST) & ~PAGE_FLAGS;
}

static void log_in_asm(const struct soft_cpu *cpu, const struct ir_block *blk)
{
	log_lock();
	ir_print_guest(log_stream(), blk, cpu->fe->disas);
	log_unlock();
}

static void log_block(const struct soft_cpu *cpu, const struct ir_block *blk, enum log_class cls)
{
	FILE *out = log_stream();

	log_lock();
	fprintf(out, "---- block pc=0x%016llx flags=0x%x vcpu=%u (%s)\n",
		(unsigned long long)blk->pc, blk->flags, cpu->vcpu.id,
		cls == LOG_CLASS_ir ? "ir" : "ir_opt");
	ir_print(out, blk);
	log_unlock();
}

/* Compile b; on a full code buffer flush everything (b included unless keep) and say so. */
static int block_compile(struct soft_cpu *cpu, struct tb *b)
{
	struct tcache *tc = cpu->vcpu.engine_priv;
	uint64_t t0 = now_ns();
	int ret = jit_compile(tc->jit, cpu, b);

	if (ret == 0) {
		tc->block_bytes += b->nsites * sizeof(struct jit_site);
		tc->blocks_compiled++;
		tc->compile_ns += now_ns() - t0;
		tc->guest_insns_compiled += b->nguest;
	} else if (ret != -ENOSPC) {
		tc->compile_failures++;
	}
	return ret;
}

static struct tb *block_translate(struct soft_cpu *cpu, uint64_t pc, uint64_t phys_pc,
				  uint32_t flags)
{
	struct tcache *tc = cpu->vcpu.engine_priv;
	struct ir_block *blk = tc->scratch;
	struct tb *b;
	uint32_t *word0, *word1 = NULL;
	uint32_t gen0, gen1 = 0;
	uint64_t pa1 = 0;
	char msg[128];

	if (tc->nblocks >= TCACHE_MAX_BLOCKS || tc->block_bytes >= tc->block_budget)
		tcache_flush(&cpu->vcpu);
	gen0 = code_page_claim(cpu, phys_pc, &word0);
	ir_block_reset(blk, pc, flags);
	if (cpu->fe->translate_block(cpu, blk))
		return NULL;
	if (unlikely(tc->debug && tc->debug->nbreakpoints)) {
		unsigned cut = tcache_debug_cut(tc->debug, blk);

		if (cut) { /* end the block before the breakpoint: translate fewer */
			ir_block_reset(blk, pc, flags);
			blk->max_guest = cut;
			if (cpu->fe->translate_block(cpu, blk))
				return NULL;
		}
	}
	/* a block may end early before an instruction whose fetch faulted: not a trap yet */
	soft_cpu_clear_fault(cpu);
	if (((blk->end_pc - 1) & PAGE_MASK) != (pc & PAGE_MASK)) {
		/* the last instruction crosses into the next page, just fetched from there */
		if (!mmu_translate(cpu, blk->end_pc - 1, MMU_EXEC, cpu->mmu_fetch, &pa1) &&
		    as_page_word(cpu->as, pa1))
			gen1 = code_page_claim(cpu, pa1, &word1);
		soft_cpu_clear_fault(cpu);
	}
	if (log_enabled(LOG_CLASS_in_asm))
		log_in_asm(cpu, blk);
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
	b = tcache_tb_new(blk);
	if (!b)
		return NULL;
	b->phys_pc = phys_pc;
	b->npages = word1 ? 2 : 1;
	b->page_word[0] = word0;
	b->page_gen[0] = gen0;
	b->page_word[1] = word1;
	b->page_gen[1] = gen1;
	b->phys_page1 = word1 ? pa1 & PAGE_MASK : 0;
	if (tc->mode == TCACHE_JIT && block_compile(cpu, b) == -ENOSPC) {
		tcache_flush(&cpu->vcpu);
		block_compile(cpu, b);
	}
	b->hash_next = tc->hash[hash_index(pc, phys_pc, flags)];
	tc->hash[hash_index(pc, phys_pc, flags)] = b;
	tc->nblocks++;
	tc->block_bytes += tb_base_bytes(b);
	cpu->stats.blocks_translated++;
	return b;
}

/* Record that b's pc now translates to its phys_pc, just checked by mmu_translate: against
 * tlb_gen_global if that translation is global (its TLB entry says so), else tlb_gen. */
static void block_validate(struct soft_cpu *cpu, struct tb *b)
{
	struct tcache *tc = cpu->vcpu.engine_priv;
	unsigned index = tlb_index(b->pc);
	bool global =
	    b->npages == 1 &&
	    tlb_regime(&cpu->tlb, cpu->mmu_fetch)[index].tag_exec == (b->pc & PAGE_MASK) &&
	    tlb_entry_global(&cpu->tlb, cpu->mmu_fetch, index);

	b->gen_src = global ? &tc->tlb_gen_global : &tc->tlb_gen;
	b->valid_gen = *b->gen_src;
}

/* The hash key names a block's first page only: a block whose last instruction crosses into
 * the next page is reused only while that page still translates to the same physical page. */
static bool block_tail_matches(struct soft_cpu *cpu, const struct tb *b)
{
	uint64_t pa;

	if (b->npages == 1)
		return true;
	if (mmu_translate(cpu, (b->pc & PAGE_MASK) + PAGE_SIZE, MMU_EXEC, cpu->mmu_fetch, &pa)) {
		/* not a trap yet: a new translation fetches there again, or stops before it */
		soft_cpu_clear_fault(cpu);
		return false;
	}
	return (pa & PAGE_MASK) == b->phys_page1;
}

/* Find or make the block at cpu->pc. NULL: a trap is pending (fetch fault) or host error
 * (*err set). */
static struct tb *block_lookup(struct soft_cpu *cpu, int *err)
{
	struct tcache *tc = cpu->vcpu.engine_priv;
	uint64_t pc = cpu->pc;
	uint32_t flags = cpu->fe->block_flags(cpu);
	struct tb **slot = &tc->jcache[tcache_jcache_index(pc)];
	struct tb *b = *slot;
	uint64_t phys_pc;

	cpu->stats.lookups++;
	if (likely(b && b->pc == pc && b->flags == flags)) {
		bool valid = b->valid_gen == *b->gen_src;

		if (unlikely(!valid)) {
			if (mmu_translate(cpu, pc, MMU_EXEC, cpu->mmu_fetch, &phys_pc))
				return NULL;
			if (phys_pc == b->phys_pc && b->npages == 1) {
				block_validate(cpu, b);
				tc->revalidations++;
				valid = true;
			}
		}
		if (likely(valid)) {
			if (likely(block_is_current(b))) {
				cpu->stats.lookup_hits++;
				return b;
			}
			block_remove(tc, b);
		}
	}
	if (mmu_translate(cpu, pc, MMU_EXEC, cpu->mmu_fetch, &phys_pc))
		return NULL;
	if (!as_page_word(cpu->as, phys_pc)) {
		soft_cpu_fault(cpu, FAULT_ACCESS, MMU_EXEC, cpu->mmu_fetch, pc);
		return NULL;
	}
	tc->hash_lookups++;
	for (b = tc->hash[hash_index(pc, phys_pc, flags)]; b; b = b->hash_next) {
		tc->hash_steps++;
		if (b->pc == pc && b->phys_pc == phys_pc && b->flags == flags &&
		    block_tail_matches(cpu, b)) {
			if (!block_is_current(b)) {
				block_remove(tc, b);
				break;
			}
			cpu->stats.lookup_hits++;
			block_validate(cpu, b);
			*slot = b;
			return b;
		}
	}
	b = block_translate(cpu, pc, phys_pc, flags);
	if (!b && !soft_cpu_faulted(cpu))
		*err = -ENOMEM;
	if (b) {
		block_validate(cpu, b);
		*slot = b;
	}
	return b;
}

/* One vCPU's share of the VM's translation memory: code for the JIT, the rest for blocks.
 * A vCPU without a VM (unit tests drive one alone) gets a one-vCPU VM's default. */
static void tcache_budget(const struct vm *vm, enum tcache_mode mode, size_t *blocks, size_t *code)
{
	uint64_t total = vm && vm->cfg.tb_size ? vm->cfg.tb_size : TCACHE_DEFAULT_BYTES;
	uint64_t share = total / (vm && vm->ncpus ? vm->ncpus : 1);

	if (share < TCACHE_MIN_SHARE)
		share = TCACHE_MIN_SHARE;
	*code = 0;
	if (mode != TCACHE_INTERP)
		*code = share / 2 < TCACHE_CODE_MAX ? share / 2 : TCACHE_CODE_MAX;
	*blocks = share - *code;
}

int tcache_vcpu_init(struct vcpu *v, enum tcache_mode mode)
{
	struct soft_cpu *cpu = soft_cpu_of(v);
	struct tcache *tc = calloc(1, sizeof(*tc));
	size_t code_bytes;

	if (!tc)
		return -ENOMEM;
	tc->mode = mode;
	tcache_budget(v->vm, mode, &tc->block_budget, &code_bytes);
	tc->scratch = ir_block_new(cpu->fe->nregs, cpu->fe->helpers, cpu->fe->reg_names);
	if (mode != TCACHE_INTERP)
		tc->jit = jit_ctx_new(code_bytes);
	if (!tc->scratch || (mode != TCACHE_INTERP && !tc->jit)) {
		ir_block_free(tc->scratch);
		jit_ctx_free(tc->jit);
		free(tc);
		return -ENOMEM;
	}
	cpu->vcpu.engine_priv = tc;
	return 0;
}

void tcache_vcpu_fini(struct vcpu *cpu)
{
	struct tcache *tc = cpu->engine_priv;

	if (!tc)
		return;
	tcache_flush(cpu);
	ir_block_free(tc->scratch);
	jit_ctx_free(tc->jit);
	free(tc);
	cpu->engine_priv = NULL;
}

/* Handle exit requests; returns true when the vCPU must stop. */
static bool handle_requests(struct soft_cpu *cpu)
{
	uint32_t req = vcpu_take_requests(&cpu->vcpu);
	struct tcache *tc = cpu->vcpu.engine_priv;

	if ((req & EXIT_REQ_STOP) || vm_stopping(cpu->vcpu.vm))
		return true;
	if ((req & EXIT_REQ_PAUSE) && vm_wait_while_paused(cpu->vcpu.vm))
		return true;
	if (req & (EXIT_REQ_TLB_FLUSH | EXIT_REQ_TLB_FLUSH_NONGLOBAL))
		tc->tlb_gen++;
	if (req & EXIT_REQ_TLB_FLUSH)
		tc->tlb_gen_global++;
	if (req & EXIT_REQ_ICACHE) {
		memset(tc->jcache, 0, sizeof(tc->jcache));
		tc->jc_clears++;
	}
	if (tc->debug && tcache_debug_masks_irqs(cpu, tc->debug))
		return false;
	if (cpu->fe->check_interrupts(cpu))
		cpu->stats.interrupts++;
	return false;
}

/* A trap is pending after a block: the frontend's exception, or (under a debugger) a
 * watchpoint's stop. false: the VM stops. */
static bool take_trap(struct soft_cpu *cpu)
{
	struct tcache *tc = cpu->vcpu.engine_priv;

	if (unlikely(cpu->fault.kind == FAULT_WATCH))
		return tcache_debug_watch_stop(cpu, tc->debug) != TCACHE_DEBUG_STOP;
	cpu->stats.traps++;
	cpu->fe->do_trap(cpu);
	return true;
}

/* Link the chainable exit the last compiled block left through to b, when allowed. */
static void try_link(struct tcache *tc, struct jit_site *site, struct tb *b)
{
	if (b->chain_entry && site->target_pc == b->pc && site->src->flags == b->flags &&
	    b->npages == 1 && !site->linked) {
		jit_link(tc->jit, site, b);
		tc->links++;
	}
}

int tcache_run(struct vcpu *v)
{
	struct soft_cpu *cpu = soft_cpu_of(v);
	const struct frontend_ops *fe = cpu->fe;
	struct tcache *tc = cpu->vcpu.engine_priv;
	struct jit_site *pending = NULL;
	uint64_t pending_epoch = 0;
	int err = 0;

	tc->debug = v->vm ? v->vm->debug : NULL;
	for (;;) {
		struct tb *b;
		uint64_t r;

		if (unlikely(vcpu_has_requests(v))) {
			pending = NULL;
			if (handle_requests(cpu))
				return 0;
		}
		if (unlikely(tc->debug)) {
			enum tcache_debug_verdict verdict = tcache_debug_gate(cpu, tc->debug);

			if (verdict == TCACHE_DEBUG_STOP)
				return 0;
			if (verdict == TCACHE_DEBUG_AGAIN) {
				pending = NULL;
				continue;
			}
		}
		if (unlikely(cpu->halted)) {
			if (fe->wakeup_pending(cpu))
				cpu->halted = false;
			else
				vcpu_wait(v, WAIT_SLICE_NS);
			continue;
		}
		b = block_lookup(cpu, &err);
		if (unlikely(!b)) {
			if (err)
				return err;
			pending = NULL;
			if (!take_trap(cpu))
				return 0;
			continue;
		}
		if (pending) {
			if (pending_epoch == tc->epoch)
				try_link(tc, pending, b);
			pending = NULL;
		}
		cpu->stats.blocks_executed++;
		if (!b->code) {
			if (tc->mode == TCACHE_HYBRID && ++b->exec_count == TCACHE_HOT_THRESHOLD &&
			    block_compile(cpu, b) == -ENOSPC) {
				tcache_flush(&cpu->vcpu); /* b is gone: look it up again */
				continue;
			}
			if (!b->code) {
				if (unlikely(interp_exec(cpu, b->insns, b->guest_off) ==
					     INTERP_EXIT_TRAP) &&
				    !take_trap(cpu))
					return 0;
				continue;
			}
		}
		tc->jit_dispatches++;
		r = jit_enter(tc->jit, cpu, tc, b->code);
		if (unlikely(r == JIT_RET_TRAP)) {
			if (!take_trap(cpu))
				return 0;
		} else if (r != JIT_RET_PC) {
			pending = (struct jit_site *)(uintptr_t)r;
			pending_epoch = tc->epoch;
		}
	}
}

static double ratio(uint64_t num, uint64_t den)
{
	return den ? 100.0 * (double)num / (double)den : 0.0;
}

/* The compiling engines' part of --stats: sum is the vCPUs' translation caches added up. */
static void print_compiled_stats(FILE *out, const struct tcache *sum)
{
	fprintf(out, "  blocks compiled     %llu (%llu not compilable), %llu flushes\n",
		(unsigned long long)sum->blocks_compiled, (unsigned long long)sum->compile_failures,
		(unsigned long long)sum->flushes);
	fprintf(out, "  compile time        %.1f us/block\n",
		sum->blocks_compiled ? (double)sum->compile_ns / 1e3 / (double)sum->blocks_compiled
				     : 0.0);
	fprintf(out, "  code bytes          %.1f per guest instruction (live buffer)\n",
		sum->guest_insns_compiled
		    ? (double)sum->code_bytes / (double)sum->guest_insns_compiled
		    : 0.0);
	fprintf(out, "  compiled dispatches %llu from the run loop, %llu links patched\n",
		(unsigned long long)sum->jit_dispatches, (unsigned long long)sum->links);
	fprintf(out, "  chained entries     %llu (%.2f %% of compiled block entries)\n",
		(unsigned long long)sum->ctr.chain_entries,
		ratio(sum->ctr.chain_entries, sum->ctr.chain_entries + sum->jit_dispatches));
	fprintf(out, "  inline jump cache   %.2f %% hits of %llu probes\n",
		ratio(sum->ctr.jc_hits, sum->ctr.jc_lookups),
		(unsigned long long)sum->ctr.jc_lookups);
}

void tcache_vcpu_stats(struct vcpu *vcpu, struct vcpu_stats *out)
{
	const struct soft_cpu *c = soft_cpu_of(vcpu);
	const struct tcache *tc = vcpu->engine_priv;

	*out = (struct vcpu_stats){
	    .pc = c->pc,
	    .instructions = c->instret,
	    .blocks_translated = c->stats.blocks_translated,
	    .blocks_executed = c->stats.blocks_executed,
	    .block_lookups = c->stats.lookups,
	    .block_lookup_hits = c->stats.lookup_hits,
	    .tlb_hits = c->tlb.hits,
	    .tlb_misses = c->tlb.misses,
	    .traps = c->stats.traps,
	    .interrupts = c->stats.interrupts,
	};
	out->tlb_hits_counted = !tc || tc->mode == TCACHE_INTERP || tc->count_tlb_hits;
	if (tc) {
		out->jump_cache_probes = tc->ctr.jc_lookups;
		out->jump_cache_hits = tc->ctr.jc_hits;
	}
}

void tcache_print_stats(struct vcpu *const *cpus, unsigned n, double seconds, FILE *out)
{
	struct soft_cpu_stats t = {0};
	struct tcache sum = {0};
	uint64_t insns = 0, tlb_hits = 0, tlb_misses = 0;
	const char *name = "interp";

	for (unsigned i = 0; i < n; i++) {
		const struct soft_cpu *c = soft_cpu_of(cpus[i]);
		const struct tcache *tc = c->vcpu.engine_priv;
		t.blocks_translated += c->stats.blocks_translated;
		t.blocks_executed += c->stats.blocks_executed;
		t.lookups += c->stats.lookups;
		t.lookup_hits += c->stats.lookup_hits;
		t.traps += c->stats.traps;
		t.interrupts += c->stats.interrupts;
		insns += c->instret;
		tlb_hits += c->tlb.hits;
		tlb_misses += c->tlb.misses;
		if (!tc)
			continue;
		name = tc->mode == TCACHE_JIT	   ? "jit"
		       : tc->mode == TCACHE_HYBRID ? "hybrid"
						   : "interp";
		sum.blocks_compiled += tc->blocks_compiled;
		sum.compile_ns += tc->compile_ns;
		sum.guest_insns_compiled += tc->guest_insns_compiled;
		sum.compile_failures += tc->compile_failures;
		sum.jit_dispatches += tc->jit_dispatches;
		sum.links += tc->links;
		sum.hash_lookups += tc->hash_lookups;
		sum.hash_steps += tc->hash_steps;
		sum.jc_clears += tc->jc_clears;
		sum.revalidations += tc->revalidations;
		sum.flushes += tc->flushes;
		sum.ctr.chain_entries += tc->ctr.chain_entries;
		sum.ctr.jc_lookups += tc->ctr.jc_lookups;
		sum.ctr.jc_hits += tc->ctr.jc_hits;
		if (tc->jit)
			sum.code_bytes += jit_code_bytes(tc->jit);
	}
	fprintf(out, "fvp stats: engine %s, %u vCPU(s), %.3f s wall\n", name, n, seconds);
	fprintf(out, "  blocks translated   %llu\n", (unsigned long long)t.blocks_translated);
	fprintf(out, "  blocks executed     %llu (run-loop dispatches)\n",
		(unsigned long long)t.blocks_executed);
	fprintf(out, "  block cache hits    %.2f %%\n", ratio(t.lookup_hits, t.lookups));
	fprintf(out, "  hash table searches %llu, %.2f blocks compared per search\n",
		(unsigned long long)sum.hash_lookups,
		sum.hash_lookups ? (double)sum.hash_steps / (double)sum.hash_lookups : 0.0);
	fprintf(out,
		"  jump cache          %llu clears, %llu blocks re-validated after TLB flushes\n",
		(unsigned long long)sum.jc_clears, (unsigned long long)sum.revalidations);
	if (strcmp(name, "interp") != 0) {
		print_compiled_stats(out, &sum);
		fprintf(out, "  TLB misses          %llu (compiled code does not count hits)\n",
			(unsigned long long)tlb_misses);
	} else {
		fprintf(out, "  TLB hit rate        %.2f %% (%llu misses)\n",
			ratio(tlb_hits, tlb_hits + tlb_misses), (unsigned long long)tlb_misses);
	}
	fprintf(out, "  traps / interrupts  %llu / %llu\n", (unsigned long long)t.traps,
		(unsigned long long)t.interrupts);
	fprintf(out, "  instructions        %llu\n", (unsigned long long)insns);
	fprintf(out, "  MIPS                %.1f\n",
		seconds > 0 ? (double)insns / seconds / 1e6 : 0.0);
}
