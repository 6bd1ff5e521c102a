/*
 * x86_diff_gen.h - the random x86-64 sequence generator of test_x86_diff.c:
 * a seed in, a short run of user-mode integer instructions out, with the
 * initial registers, flags and scratch bytes, and the arithmetic flags the
 * sequence leaves undefined (the only ones the comparison skips).
 *
 * Invariants of a generated sequence: it never writes rsp or the base
 * register (which points into the scratch buffer), never reads rsp, and
 * touches memory only inside the scratch buffer; it raises no exception on
 * a CPU that implements it (no #DE: divisions come with a divisor and a
 * dividend chosen for them); a flag reader (adc, sbb, cmovcc, setcc,
 * rcl/rcr, cmc, lahf) is emitted only when the flags it reads are defined.
 */
#ifndef FVP_TESTS_UNIT_X86_64_X86_DIFF_GEN_H
#define FVP_TESTS_UNIT_X86_64_X86_DIFF_GEN_H

#include <stdbool.h>
#include <stdint.h>

#define GEN_SCRATCH_SIZE 8192u
#define GEN_MAX_INSNS	 48u
#define GEN_MAX_CODE	 (GEN_MAX_INSNS * 16u)

/* What the host CPU can run (instructions the generator may emit). */
struct gen_caps {
	bool popcnt, crc32, lahf;
	bool bsf32; /* a 32-bit bsf/bsr leaves its whole destination alone for a zero source */
};

struct gen_seq {
	uint64_t seed;
	uint64_t regs[16];
	uint64_t rflags;
	uint8_t scratch[GEN_SCRATCH_SIZE];
	uint8_t code[GEN_MAX_CODE];
	unsigned len, ninsns;
	unsigned page_offset; /* where in a guest page the code starts */
	uint16_t insn_off[GEN_MAX_INSNS];
	unsigned base_reg;  /* never written: scratch address + GEN_SCRATCH_SIZE / 2, a page
			     * boundary (accesses around it may cross it) */
	uint32_t undefined; /* RFLAGS arithmetic bits undefined at the end */
	uint32_t undefined_after[GEN_MAX_INSNS]; /* ... after each instruction */
	bool no_cut[GEN_MAX_INSNS]; /* inside a jcc's reach: no prefix may end after it */
};

/* Fills s from seed: the scratch buffer is at scratch_addr natively and in the guest. Returns 0,
 * or -EPROTO if an encoding the generator wrote does not decode as it meant (a test bug). */
int gen_sequence(struct gen_seq *s, uint64_t seed, uint64_t scratch_addr,
		 const struct gen_caps *caps);

#endif
