/*
 * tcache.h - the per-vCPU translation cache and run loop shared by the
 * interp, jit and hybrid engines.
 *
 * A block (struct tb) is keyed by (virtual pc, physical pc, mode flags) and
 * records the generation of each physical page its code came from (two at
 * most: its instructions start on one page, the last may end on the next,
 * whose physical page a lookup checks too); a store to a code page bumps the
 * page's generation (memory.h), so a stale block is detected at lookup and
 * dropped. Every block keeps its optimized IR (the interpreter runs it; the
 * JIT compiles it); a compiled block also has host code in the vCPU's code
 * buffer (src/engine/jit/). The engines differ only in when they compile:
 * never (interp), at first sight (jit), or once a block has run
 * TCACHE_HOT_THRESHOLD times (hybrid).
 * The jump cache survives TLB flushes: each flush bumps tlb_gen, and a
 * jump-cache hit on a block validated under an older generation is
 * re-validated (the pc must still translate to the block's physical pc)
 * before it is used, by the run loop; generated code treats it as a miss.
 * A block whose pc translated through a global mapping is validated against
 * tlb_gen_global instead, which only flushes of global translations bump, so
 * a guest kernel's blocks stay valid across its address-space switches.
 * Invariants: a jump-cache slot only ever points at a block in the hash
 * table; a block is freed only after its jump-cache slot is cleared and every
 * chained jump into its code is unlinked; epoch grows whenever any block is
 * freed, so a chain site recorded before a lookup is only patched if it still
 * exists.
 */
#ifndef FVP_ENGINE_TCACHE_H
#define FVP_ENGINE_TCACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "core/engine_ops.h"
#include "core/vcpu.h"
#include "ir/ir.h"

/* 64 Ki slots (512 KiB a vCPU): a Linux guest's kernel working set thrashed 4 Ki slots
 * (6.7 M hash-table searches in the 8-reader disk benchmark; 1.1 M with 64 Ki) */
#define TCACHE_JCACHE_BITS   16
#define TCACHE_JCACHE_SIZE   (1u << TCACHE_JCACHE_BITS)
#define TCACHE_HASH_BITS     15
#define TCACHE_HASH_SIZE     (1u << TCACHE_HASH_BITS)
#define TCACHE_MAX_BLOCKS    (1u << 17)
#define TCACHE_HOT_THRESHOLD 40 /* hybrid: interpreted runs before a block is compiled */
/* Translation memory of a VM when --tb-size does not say (vm_config.tb_size 0), shared
 * evenly by its vCPUs; each vCPU's share goes half to compiled code (at most
 * TCACHE_CODE_MAX, the JIT's buffer), the rest to blocks. Full: the vCPU drops every block
 * and the guest runs on. */
#define TCACHE_DEFAULT_BYTES (512ull << 20)
#define TCACHE_CODE_MAX	     (64ull << 20)
#define TCACHE_MIN_SHARE     (4ull << 20) /* the least one vCPU can work with */

enum tcache_mode { TCACHE_INTERP, TCACHE_JIT, TCACHE_HYBRID };

struct jit_site;
struct jit_ctx;
struct vm_debug;

struct tb {
	uint64_t pc;
	uint32_t flags;
	uint32_t npages;
	uint64_t phys_pc;
	void *code;	   /* host entry from the run loop, or NULL (interpreted) */
	void *chain_entry; /* host entry for chained jumps (checks requests and generations) */
	uint32_t *page_word[2];
	uint32_t page_gen[2]; /* page word with the flag bits masked off */
	uint64_t phys_page1;  /* npages == 2: physical page the last instruction ends on */
	uint32_t exec_count;
	uint64_t valid_gen;	 /* *gen_src when pc last translated to phys_pc */
	const uint64_t *gen_src; /* &tcache.tlb_gen, or &tcache.tlb_gen_global (global pc) */
	uint32_t nsites;
	struct jit_site *sites;	   /* this block's chainable exits (nsites) */
	struct jit_site *incoming; /* sites of other blocks linked to this one */
	struct tb *hash_next;
	uint16_t *guest_off;
	uint32_t ninsns;
	uint32_t nguest;
	struct ir_insn insns[];
};

/* Counters the generated code bumps (through the tcache pointer it holds). */
struct tcache_counters {
	uint64_t chain_entries; /* blocks entered by a chained jump or an inline jump-cache hit */
	uint64_t jc_lookups;	/* inline jump-cache probes from generated code */
	uint64_t jc_hits;
};

struct tcache {
	struct tb *jcache[TCACHE_JCACHE_SIZE];
	struct tb *hash[TCACHE_HASH_SIZE];
	struct tcache_counters ctr;
	uint64_t tlb_gen;	 /* bumped at every TLB flush of the vCPU */
	uint64_t tlb_gen_global; /* bumped at every flush that may drop a global translation */
	bool count_tlb_hits;	 /* compiled code counts cpu->tlb.hits (costs an add per access) */
	enum tcache_mode mode;
	unsigned nblocks;
	size_t block_bytes;  /* held by the blocks (IR, guest offsets, chain sites) */
	size_t block_budget; /* at most this many: then every block is dropped */
	uint64_t epoch;
	uint64_t flushes;
	struct ir_block *scratch;
	struct jit_ctx *jit;	/* NULL for the interp engine */
	struct vm_debug *debug; /* the VM's debugger state (tcache_debug.c), or NULL */
	uint64_t debug_epoch;	/* the debugger's resume_epoch this vCPU last saw */
	bool stepped;		/* the step of this epoch is done (its stop not yet posted) */
	/* statistics */
	uint64_t blocks_compiled;
	uint64_t compile_ns;
	uint64_t code_bytes;
	uint64_t guest_insns_compiled;
	uint64_t compile_failures;
	uint64_t jit_dispatches; /* run-loop entries into compiled code */
	uint64_t links;
	uint64_t hash_lookups;	/* jump-cache misses that searched the hash table */
	uint64_t hash_steps;	/* blocks compared in those searches */
	uint64_t jc_clears;	/* jump cache cleared (fence.i) */
	uint64_t revalidations; /* jump-cache hits re-validated after a TLB flush */
};

/* Jump-cache slot of pc, whatever the ISA's instruction alignment: pc's low 17 bits folded to
 * 16 (pc ^ pc >> 1), so the pcs of an aligned 64 KiB window all get different slots (of an
 * aligned 128 KiB window for 2-byte aligned pcs, as riscv64's). The JIT's inline probe
 * (jit_compile.c, emit_jcache_dispatch) computes the same. */
static inline unsigned tcache_jcache_index(uint64_t pc)
{
	return (unsigned)(pc ^ (pc >> 1)) & (TCACHE_JCACHE_SIZE - 1);
}

/* The engine entry points (engine_ops) take the struct vcpu of a struct soft_cpu. */
int tcache_vcpu_init(struct vcpu *cpu, enum tcache_mode mode);
void tcache_vcpu_fini(struct vcpu *cpu);
int tcache_run(struct vcpu *cpu);
void tcache_print_stats(struct vcpu *const *cpus, unsigned n, double seconds, FILE *out);
/* engine_ops.vcpu_stats of the interp, jit and hybrid engines. */
void tcache_vcpu_stats(struct vcpu *vcpu, struct vcpu_stats *out);
/* A block holding a copy of blk's IR (not inserted anywhere); NULL on allocation failure. */
struct tb *tcache_tb_new(const struct ir_block *blk);
void tcache_tb_free(struct tb *tb);

#endif
