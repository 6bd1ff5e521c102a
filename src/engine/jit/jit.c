/*
 * jit.c - the JIT's per-vCPU code buffer, entry trampoline and block linking.
 *
 * The buffer is shared anonymous memory mapped twice (RW for the compiler,
 * RX for the host: W^X holds per mapping). It starts with the entry
 * trampoline: it saves the callee-saved registers, loads rbx = vcpu and
 * r12 = tcache, keeps rsp 16-byte aligned with one scratch qword at [rsp],
 * and jumps to the block;
 * every block leaves through the common exit right after it, so chained
 * blocks share one frame. Linking patches a site's jmp rel32 through the RW
 * view; only the owning vCPU thread ever runs or patches this buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "core/perfmap.h"
#include "engine/jit/jit_internal.h"
#include "engine/jit/x86_emit.h"

static void emit_trampoline(struct jit_ctx *j)
{
	static const int saved[] = {RBP, RBX, R12, R13, R14, R15};
	struct x86_buf b = {.start = j->rw, .p = j->rw, .end = j->rw + j->size};

	for (unsigned i = 0; i < ARRAY_SIZE(saved); i++)
		emit_push(&b, saved[i]);
	emit_alu_ri(&b, true, ALU_SUB, RSP, 8);
	emit_mov_rr(&b, true, RBX, RDI);
	emit_mov_rr(&b, true, R12, RSI);
	emit_jmp_r(&b, RDX);
	j->exit_off = x86_offset(&b);
	emit_alu_ri(&b, true, ALU_ADD, RSP, 8);
	for (unsigned i = ARRAY_SIZE(saved); i-- > 0;)
		emit_pop(&b, saved[i]);
	emit_ret(&b);
	j->prologue_end = ALIGN_UP(x86_offset(&b), 64);
	j->used = j->prologue_end;
	j->enter = (jit_entry_fn)(uintptr_t)j->rx;
	if (perf_map_enabled())
		perf_map_add(j->rx, j->prologue_end, "fvp-jit-trampoline");
}

struct jit_ctx *jit_ctx_new(size_t bytes)
{
	struct jit_ctx *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	/* A shared anonymous mapping, and mremap with old size 0 maps its pages a second time.
	 * perf treats such memory ("/dev/zero") as anonymous and names it from the perf map. */
	j->rw = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (j->rw == MAP_FAILED) {
		free(j);
		return NULL;
	}
	j->rx = mremap(j->rw, 0, bytes, MREMAP_MAYMOVE);
	if (j->rx == MAP_FAILED || mprotect(j->rx, bytes, PROT_READ | PROT_EXEC)) {
		if (j->rx != MAP_FAILED)
			munmap(j->rx, bytes);
		munmap(j->rw, bytes);
		free(j);
		return NULL;
	}
	j->size = bytes;
	emit_trampoline(j);
	return j;
}

void jit_ctx_free(struct jit_ctx *j)
{
	if (!j)
		return;
	munmap(j->rw, j->size);
	munmap(j->rx, j->size);
	free(j);
}

void jit_reset(struct jit_ctx *j)
{
	j->used = j->prologue_end;
}

size_t jit_code_bytes(const struct jit_ctx *j)
{
	return j->used - j->prologue_end;
}

uint64_t jit_enter(struct jit_ctx *j, struct soft_cpu *cpu, struct tcache *tc, void *code)
{
	return j->enter(cpu, tc, code);
}

static void patch_site(struct jit_ctx *j, struct jit_site *site, size_t target_off)
{
	int32_t rel = (int32_t)((int64_t)target_off - (int64_t)(site->rel32_off + 4));

	memcpy(j->rw + site->rel32_off, &rel, sizeof(rel));
}

void jit_link(struct jit_ctx *j, struct jit_site *site, struct tb *target)
{
	patch_site(j, site, jit_rx_off(j, target->chain_entry));
	site->linked = target;
	site->next_in = target->incoming;
	target->incoming = site;
}

void jit_unlink_incoming(struct jit_ctx *j, struct tb *tb)
{
	struct jit_site *s = tb->incoming;

	while (s) {
		struct jit_site *next = s->next_in;
		patch_site(j, s, s->stub_off);
		s->linked = NULL;
		s->next_in = NULL;
		s = next;
	}
	tb->incoming = NULL;
}

void jit_unlink_outgoing(struct tb *tb)
{
	for (unsigned i = 0; i < tb->nsites; i++) {
		struct jit_site *s = &tb->sites[i];
		struct jit_site **pp;

		if (!s->linked)
			continue;
		for (pp = &s->linked->incoming; *pp; pp = &(*pp)->next_in) {
			if (*pp == s) {
				*pp = s->next_in;
				break;
			}
		}
		s->linked = NULL;
	}
}
