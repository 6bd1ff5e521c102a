/*
 * helpers.c - the riscv64 IR helper table (CALL targets, indexed by
 * enum rv64_helper_id) and the two small helpers that live nowhere else.
 * The table is generated from the X-macro lists of helpers.h, so ids,
 * names, functions and flags cannot drift apart.
 */
#include "arch/riscv64/csr.h"

const struct ir_helper rv64_helpers[RV64_H_COUNT] = {
#define RV64_HELPER_ENTRY(id, hname, hflags, ...)                                                  \
	[RV64_H_##id] = {.name = #hname, .fn = rv64_helper_##hname, .flags = (hflags)},
    RV64_FP_HELPERS(RV64_HELPER_ENTRY) RV64_AMO_HELPERS(RV64_HELPER_ENTRY)
	RV64_OTHER_HELPERS(RV64_HELPER_ENTRY)
#undef RV64_HELPER_ENTRY
};

uint64_t rv64_helper_raise(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t opw)
{
	vcpu_raise(cpu, a, b);
	return 0;
}

uint64_t rv64_helper_fs_dirty(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t opw)
{
	rv64_set_fs_dirty(rv64_cpu(cpu));
	return 0;
}
