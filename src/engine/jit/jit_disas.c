/*
 * jit_disas.c - "-d out_asm": the host code of each compiled block, printed
 * under the log lock. With capstone (Meson feature 'capstone') it is
 * disassembled as x86-64 at the addresses the host runs it at; without, it is
 * dumped as hex bytes. Reads only the RW view of the code buffer.
 */
#include <inttypes.h>
#include "core/log.h"
#include "engine/jit/jit_internal.h"
#if FVP_HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif

static void dump_hex(FILE *out, const uint8_t *code, size_t len, uint64_t addr)
{
	for (size_t i = 0; i < len; i += 16) {
		fprintf(out, "  0x%016" PRIx64 ":", addr + i);
		for (size_t k = i; k < len && k < i + 16; k++)
			fprintf(out, " %02x", code[k]);
		fputc('\n', out);
	}
}

static void disassemble(FILE *out, const uint8_t *code, size_t len, uint64_t addr)
{
#if FVP_HAVE_CAPSTONE
	csh handle;
	cs_insn *insn;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK) {
		size_t n = cs_disasm(handle, code, len, addr, 0, &insn);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "  0x%016" PRIx64 ":  %-7s %s\n", insn[i].address,
				insn[i].mnemonic, insn[i].op_str);
		if (n)
			cs_free(insn, n);
		cs_close(&handle);
		if (n)
			return;
	}
#endif
	dump_hex(out, code, len, addr);
}

void jit_log_block(const struct jit_ctx *j, const struct tb *tb, const struct soft_cpu *cpu,
		   size_t start, size_t entry, size_t end)
{
	FILE *out = log_stream();

	log_lock();
	fprintf(out,
		"---- out_asm pc=0x%016" PRIx64 " flags=0x%x vcpu=%u: %zu bytes, %u guest insns "
		"(chain entry, then run-loop entry at 0x%016" PRIx64 ")\n",
		tb->pc, tb->flags, cpu->vcpu.id, end - start, tb->nguest,
		(uint64_t)(uintptr_t)jit_rx_ptr(j, entry));
	disassemble(out, j->rw + start, end - start, (uint64_t)(uintptr_t)jit_rx_ptr(j, start));
	log_unlock();
}
