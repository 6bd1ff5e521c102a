/*
 * test_x86_diff.c - the x86-64 software CPU against the host CPU: random
 * sequences of user-mode integer instructions (x86_diff_gen.c: ALU in all
 * sizes and forms, shifts and rotates, double shifts, multiply, divide,
 * bit tests and scans, exchanges, cmovcc/setcc, moves and extensions, lea,
 * flag instructions, rep string instructions, crc32, forward jcc) run
 * natively and on FVP's interp and jit engines from the same registers,
 * RFLAGS and scratch bytes; every general register but rsp, the arithmetic
 * flags the sequence leaves defined, DF and the scratch buffer must match.
 *
 * Native run: the sequence is copied into an executable page between a
 * prologue that loads the registers and RFLAGS (popfq) from a state block
 * and an epilogue that stores them back (pushfq), and called from C. The
 * scratch buffer is mapped at the same address on the host and in the
 * guest, so addresses computed from it (lea, string pointers) agree too.
 *
 * FVP run: an x86_cpu of the real frontend, in 64-bit mode with paging off
 * (virtual = physical), runs the sequence followed by ud2 through the
 * shared run loop (tcache_run); the test's frontend table is the real one
 * with do_trap replaced, which records the exception and stops the CPU. The
 * run must end at the ud2.
 *
 * Seeds: sequence i of a run is generated from seed base + i; the base is
 * printed at the start. It is fixed by default (X86_DIFF_DEFAULT_BASE), so
 * make check tests the same sequences every run; exploring new ones is
 * FVP_X86_DIFF_BASE (e.g. $RANDOM) with a larger FVP_X86_DIFF_ITERS.
 * FVP_X86_DIFF_SEED=n replays sequence n alone (and prints it);
 * FVP_X86_DIFF_BASE=n sets the base; FVP_X86_DIFF_ITERS=n the number of
 * sequences (default 3000, a few seconds).
 */
#include <cpuid.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include "arch/x86_64/board_x86.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86_decode.h"
#include "core/memory.h"
#include "core/vm.h"
#include "engine/tcache.h"
#include "../test_watchdog.h"
#include "x86_diff_gen.h"

#define RAM_SIZE       0x10000ull
#define CODE_OFF       0x1000ull
#define SCRATCH_OFF    0x8000ull
#define DEFAULT_ITERS  3000u
#define RUN_TIMEOUT_NS 3000000000ull
#define HOST_CODE_SIZE 0x2000u
#define RSP	       4u

/* What a run leaves: registers, RFLAGS, scratch bytes; for FVP, where it stopped. */
struct state {
	uint64_t regs[16];
	uint64_t rflags;
	uint8_t scratch[GEN_SCRATCH_SIZE];
	struct cpu_fault fault;
	uint64_t stop_pc;
	bool timed_out;
};

static struct gen_seq seq;
static struct gen_caps caps;
static struct vm test_vm;
static struct address_space *as;
static uint64_t ram_base;
static uint8_t *ram, *host_scratch, *host_code;
static struct frontend_ops test_fe;
static struct cpu_fault trap_fault;
static uint64_t trap_pc;

/* Where the sequence sits in the guest: anywhere in a page, so it may cross into the next. */
static uint64_t code_pc(void)
{
	return ram_base + CODE_OFF + seq.page_offset;
}

/* ---- native ---- */

/* The native state block: rax..r15 (rsp's slot unused), then RFLAGS. */
struct native_state {
	uint64_t regs[16];
	uint64_t rflags;
};

static unsigned put_bytes(uint8_t *p, const uint8_t *b, unsigned n)
{
	memcpy(p, b, n);
	return n;
}

/* mov r64, [rdi + 8r] (load) or mov [rax + 8r], r64 (store). */
static unsigned put_state_mov(uint8_t *p, unsigned r, bool store)
{
	uint8_t b[4] = {(uint8_t)(0x48 | (r >> 3) << 2), store ? 0x89 : 0x8b,
			(uint8_t)(0x40 | (r & 7) << 3 | (store ? 0 : 7)), (uint8_t)(8 * r)};

	return put_bytes(p, b, 4);
}

static unsigned put_prologue(uint8_t *p)
{
	/* push rbx rbp r12-r15 rdi; push qword [rdi + 128]; popfq */
	static const uint8_t save[] = {0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41,
				       0x57, 0x57, 0xff, 0xb7, 0x80, 0x00, 0x00, 0x00, 0x9d};
	unsigned n = put_bytes(p, save, sizeof(save));

	for (unsigned r = 0; r < 16; r++)
		if (r != RSP && r != 7)
			n += put_state_mov(p + n, r, false);
	return n + put_state_mov(p + n, 7, false);
}

static unsigned put_epilogue(uint8_t *p)
{
	/* pushfq; push rax; mov rax, [rsp + 16] */
	static const uint8_t head[] = {0x9c, 0x50, 0x48, 0x8b, 0x44, 0x24, 0x10};
	/* pop qword [rax]; pop qword [rax + 128]; cld; pop rdi; pop r15-r12 rbp rbx; ret */
	static const uint8_t tail[] = {0x8f, 0x00, 0x8f, 0x80, 0x80, 0x00, 0x00,
				       0x00, 0xfc, 0x5f, 0x41, 0x5f, 0x41, 0x5e,
				       0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3};
	unsigned n = put_bytes(p, head, sizeof(head));

	for (unsigned r = 1; r < 16; r++)
		if (r != RSP)
			n += put_state_mov(p + n, r, true);
	return n + put_bytes(p + n, tail, sizeof(tail));
}

static void run_native(struct state *out)
{
	struct native_state ns;
	unsigned n;
	void (*fn)(struct native_state *);

	memcpy(ns.regs, seq.regs, sizeof(ns.regs));
	ns.rflags = seq.rflags;
	assert_int_equal(mprotect(host_code, HOST_CODE_SIZE, PROT_READ | PROT_WRITE), 0);
	n = put_prologue(host_code);
	memcpy(host_code + n, seq.code, seq.len);
	n += seq.len;
	put_epilogue(host_code + n);
	assert_int_equal(mprotect(host_code, HOST_CODE_SIZE, PROT_READ | PROT_EXEC), 0);
	memcpy(host_scratch, seq.scratch, GEN_SCRATCH_SIZE);
	fn = (void (*)(struct native_state *))(uintptr_t)host_code;
	fn(&ns);
	memcpy(out->regs, ns.regs, sizeof(out->regs));
	out->rflags = ns.rflags;
	memcpy(out->scratch, host_scratch, GEN_SCRATCH_SIZE);
}

/* ---- FVP ---- */

static void test_do_trap(struct soft_cpu *cpu)
{
	trap_fault = cpu->fault;
	trap_pc = cpu->pc;
	soft_cpu_clear_fault(cpu);
	vcpu_request(&cpu->vcpu, EXIT_REQ_STOP);
}

/* The default base: the seeds make check runs (sequences 1 .. 3000). */
#define X86_DIFF_DEFAULT_BASE 1u

/* A CPU in 64-bit mode at CPL 0 with paging off, the sequence's registers and flags. */
static struct vcpu *fvp_cpu(void)
{
	struct vcpu *v = x86_64_frontend_ops.cpu_create(&test_vm, 0);
	struct soft_cpu *cpu;
	struct x86_cpu *x;

	if (!v)
		return NULL;
	cpu = soft_cpu_of(v);
	x = x86_cpu(cpu);
	cpu->fe = &test_fe;
	cpu->as = as;
	x->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE;
	x->efer = X86_EFER_LME | X86_EFER_LMA; /* CS.L means 64-bit code only with LMA */
	for (unsigned i = 0; i < X86_NSEGS; i++)
		x->seg[i] =
		    (struct x86_segment){.selector = 0x10, .limit = 0xffffffff, .attr = 0xc093};
	x->seg[X86_CS] = (struct x86_segment){.selector = 0x8, .limit = 0xffffffff, .attr = 0xa09b};
	x86_update_regimes(x);
	for (unsigned r = 0; r < 16; r++)
		cpu->slots[r] = seq.regs[r];
	x86_set_rflags(cpu, seq.rflags);
	cpu->pc = code_pc();
	return v;
}

static int run_fvp(enum tcache_mode mode, struct state *out)
{
	static const uint8_t ud2[2] = {0x0f, 0x0b};
	struct soft_cpu *cpu;
	struct vcpu *v;
	int ret;

	memcpy(ram + (code_pc() - ram_base), seq.code, seq.len);
	memcpy(ram + (code_pc() - ram_base) + seq.len, ud2, sizeof(ud2));
	memcpy(ram + SCRATCH_OFF, seq.scratch, GEN_SCRATCH_SIZE);
	for (uint64_t p = ram_base; p < ram_base + RAM_SIZE; p += PAGE_SIZE)
		__atomic_store_n(as_page_word(as, p), 0, __ATOMIC_SEQ_CST);
	v = fvp_cpu();
	if (!v)
		return -ENOMEM;
	cpu = soft_cpu_of(v);
	ret = tcache_vcpu_init(v, mode);
	if (ret) {
		x86_64_frontend_ops.cpu_destroy(v);
		return ret;
	}
	trap_fault = (struct cpu_fault){0};
	trap_pc = 0;
	watchdog_arm(v, RUN_TIMEOUT_NS);
	ret = tcache_run(v);
	out->timed_out = watchdog_disarm();
	memcpy(out->regs, cpu->slots, sizeof(out->regs));
	out->rflags = x86_get_rflags(cpu);
	memcpy(out->scratch, ram + SCRATCH_OFF, GEN_SCRATCH_SIZE);
	out->fault = trap_fault;
	out->stop_pc = trap_pc;
	tcache_vcpu_fini(v);
	x86_64_frontend_ops.cpu_destroy(v);
	return ret;
}

/* ---- comparison and reports ---- */

static const char *const reg_names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
					  "r8",	 "r9",	"r10", "r11", "r12", "r13", "r14", "r15"};

static void print_sequence(FILE *f)
{
	uint64_t pc = code_pc();

	fprintf(f,
		"x86diff: seed %llu (replay: FVP_X86_DIFF_SEED=%llu): %u instructions, base %s\n",
		(unsigned long long)seq.seed, (unsigned long long)seq.seed, seq.ninsns,
		reg_names[seq.base_reg]);
	for (unsigned i = 0; i < seq.ninsns; i++) {
		unsigned off = seq.insn_off[i],
			 end = i + 1 < seq.ninsns ? seq.insn_off[i + 1] : seq.len;
		char text[96], hex[48] = "";

		x86_disas(text, sizeof(text), pc + off, seq.code + off, end - off);
		for (unsigned b = off; b < end; b++)
			snprintf(hex + 3 * (b - off), sizeof(hex) - 3 * (b - off), "%02x ",
				 seq.code[b]);
		fprintf(f, "  %llx: %-45s %s\n", (unsigned long long)pc + off, hex, text);
	}
	fprintf(f, "  initial:");
	for (unsigned r = 0; r < 16; r++)
		fprintf(f, "%s %s=%llx", r % 4 ? "" : "\n   ", reg_names[r],
			(unsigned long long)seq.regs[r]);
	fprintf(f, "\n   rflags=%llx, undefined at the end: %x\n", (unsigned long long)seq.rflags,
		seq.undefined);
}

static bool quiet; /* compare without printing (first_divergence) */

static unsigned report(unsigned n, const char *engine, const char *what, uint64_t want,
		       uint64_t got)
{
	if (quiet)
		return n + 1;
	if (n == 0)
		fprintf(stderr, "x86diff: seed %llu: %s differs from the host\n",
			(unsigned long long)seq.seed, engine);
	fprintf(stderr, "  %-10s host %016llx %s %016llx\n", what, (unsigned long long)want, engine,
		(unsigned long long)got);
	return n + 1;
}

/* Compare an FVP run with the native one; prints each difference, returns their count. */
static unsigned compare(const struct state *host, const struct state *fvp, const char *engine)
{
	uint64_t mask = (X86_ARITH_FLAGS & ~(uint64_t)seq.undefined) | X86_DF;
	uint64_t end = code_pc() + seq.len;
	unsigned n = 0;

	if (fvp->timed_out || fvp->fault.kind != FAULT_ARCH || fvp->fault.code != X86_EXC_UD ||
	    fvp->stop_pc != end)
		n = report(n, engine, "stop pc", end, fvp->stop_pc);
	if (fvp->fault.kind != FAULT_ARCH || fvp->fault.code != X86_EXC_UD)
		n = report(n, engine, "fault", FAULT_ARCH << 16 | X86_EXC_UD,
			   (uint64_t)fvp->fault.kind << 16 | fvp->fault.code);
	for (unsigned r = 0; r < 16; r++)
		if (r != RSP && host->regs[r] != fvp->regs[r])
			n = report(n, engine, reg_names[r], host->regs[r], fvp->regs[r]);
	if ((host->rflags ^ fvp->rflags) & mask)
		n = report(n, engine, "rflags", host->rflags & mask, fvp->rflags & mask);
	for (unsigned i = 0; i < GEN_SCRATCH_SIZE; i += 8) {
		uint64_t a, b;
		char what[24];

		memcpy(&a, &host->scratch[i], 8);
		memcpy(&b, &fvp->scratch[i], 8);
		snprintf(what, sizeof(what), "mem+%u", i);
		if (a != b)
			n = report(n, engine, what, a, b);
	}
	return n;
}

/* Runs ever longer prefixes of the sequence to find the first instruction after which an
 * engine differs from the host; prints it. */
static void first_divergence(enum tcache_mode mode, const char *engine)
{
	static struct state host, got;
	struct gen_seq whole = seq;
	unsigned k;

	quiet = true;
	for (k = 1; k <= whole.ninsns; k++) {
		if (whole.no_cut[k - 1])
			continue;
		seq.ninsns = k;
		seq.len = k < whole.ninsns ? whole.insn_off[k] : whole.len;
		seq.undefined = whole.undefined_after[k - 1];
		run_native(&host);
		assert_int_equal(run_fvp(mode, &got), 0);
		if (compare(&host, &got, engine))
			break;
	}
	quiet = false;
	if (k <= whole.ninsns) {
		uint64_t pc = code_pc() + whole.insn_off[k - 1];
		char text[96];

		x86_disas(text, sizeof(text), pc, whole.code + whole.insn_off[k - 1],
			  whole.len - whole.insn_off[k - 1]);
		fprintf(stderr,
			"x86diff: seed %llu: %s first differs after instruction %u (%llx: %s):\n",
			(unsigned long long)seq.seed, engine, k, (unsigned long long)pc, text);
		compare(&host, &got, engine);
	}
	seq = whole;
}

/* Does the host leave a 32-bit bsf's destination whole for a zero source (AMD documents it,
 * FVP does it), or clear its upper half (some Intel CPUs)? The generator needs to know. */
static bool host_bsf32_keeps_upper(void)
{
	static struct state out;

	memset(&seq, 0, sizeof(seq));
	memcpy(seq.code, (const uint8_t[]){0x0f, 0xbc, 0xc1}, 3); /* bsf eax, ecx */
	seq.len = 3;
	seq.regs[0] = ~0ull;
	run_native(&out);
	return out.regs[0] == ~0ull;
}

static uint64_t env_u64(const char *name, uint64_t dflt, bool *set)
{
	const char *s = getenv(name);

	if (set)
		*set = s && *s;
	return s && *s ? strtoull(s, NULL, 0) : dflt;
}

static void test_x86_sequences(void **unused)
{
	static struct state host, got;
	static const struct {
		enum tcache_mode mode;
		const char *name;
	} engines[] = {{TCACHE_INTERP, "interp"}, {TCACHE_JIT, "jit"}};
	bool replay;
	uint64_t one = env_u64("FVP_X86_DIFF_SEED", 0, &replay);
	uint64_t base = replay ? one : env_u64("FVP_X86_DIFF_BASE", X86_DIFF_DEFAULT_BASE, NULL);
	uint64_t iters = replay ? 1 : env_u64("FVP_X86_DIFF_ITERS", DEFAULT_ITERS, NULL);
	uint64_t insns = 0, all_flags = 0, bad = 0, t0 = host_clock_ns();

	caps.bsf32 = host_bsf32_keeps_upper();
	if (!caps.bsf32)
		fprintf(stderr, "x86diff: this host clears a bsf r32 destination's upper half "
				"for a zero source: no 32-bit bsf/bsr\n");
	fprintf(stderr, "x86diff: %llu sequences from seed %llu (FVP_X86_DIFF_BASE=%llu repeats)\n",
		(unsigned long long)iters, (unsigned long long)base, (unsigned long long)base);
	assert_int_equal(watchdog_start(), 0);
	for (uint64_t s = base; s < base + iters; s++) {
		unsigned diffs = 0;

		assert_int_equal(gen_sequence(&seq, s, ram_base + SCRATCH_OFF, &caps), 0);
		if (replay)
			print_sequence(stderr);
		run_native(&host);
		insns += seq.ninsns;
		all_flags += !(seq.undefined & X86_ARITH_FLAGS);
		for (unsigned e = 0; e < ARRAY_SIZE(engines); e++) {
			assert_int_equal(run_fvp(engines[e].mode, &got), 0);
			if (compare(&host, &got, engines[e].name)) {
				diffs++;
				first_divergence(engines[e].mode, engines[e].name);
			}
		}
		if (diffs && ++bad <= 5 && !replay)
			print_sequence(stderr);
	}
	watchdog_stop();
	fprintf(stderr,
		"x86diff: %llu sequences, %llu instructions, %llu ending with all six flags "
		"defined; %llu diverged (%.1f s)\n",
		(unsigned long long)iters, (unsigned long long)insns, (unsigned long long)all_flags,
		(unsigned long long)bad, (double)(host_clock_ns() - t0) / 1e9);
	assert_int_equal(bad, 0);
}

/* ---- setup: the host capabilities, the scratch buffer at one address in both worlds ---- */

static void probe_caps(void)
{
	unsigned a, b, c, d;

	if (__get_cpuid(1, &a, &b, &c, &d)) {
		caps.crc32 = c & bit_SSE4_2;
		caps.popcnt = c & bit_POPCNT;
	}
	if (__get_cpuid(0x80000001, &a, &b, &c, &d))
		caps.lahf = c & bit_LAHF_LM;
}

/* Map the host scratch buffer at the guest address of the guest's; the RAM base is the first
 * of a few candidates below 4 GiB (67-prefixed accesses) that is free in this process. */
static int map_scratch(void)
{
	static const uint64_t bases[] = {0x20000000, 0x30000000, 0x48000000, 0x60000000,
					 0x70000000};

	for (unsigned i = 0; i < ARRAY_SIZE(bases); i++) {
		void *want = (void *)(uintptr_t)(bases[i] + SCRATCH_OFF);
		void *p = mmap(want, GEN_SCRATCH_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

		if (p == want) {
			host_scratch = p;
			ram_base = bases[i];
			return 0;
		}
		if (p != MAP_FAILED)
			munmap(p, GEN_SCRATCH_SIZE);
	}
	return -1;
}

static int setup(void **unused)
{
	probe_caps();
	test_fe = x86_64_frontend_ops;
	test_fe.do_trap = test_do_trap;
	test_vm.state = VM_RUNNING;
	host_code =
	    mmap(NULL, HOST_CODE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host_code == MAP_FAILED || map_scratch())
		return -1;
	as = as_create();
	if (!as || as_add_ram(as, ram_base, RAM_SIZE))
		return -1;
	test_vm.as = as;
	ram = as_ram_ptr(as, ram_base, RAM_SIZE);
	return ram ? 0 : -1;
}

static int teardown(void **unused)
{
	as_destroy(as);
	munmap(host_scratch, GEN_SCRATCH_SIZE);
	munmap(host_code, HOST_CODE_SIZE);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_x86_sequences),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
