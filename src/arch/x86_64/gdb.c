/*
 * gdb.c - the x86-64 software CPU as a debugger sees it (core/debug.h): the target
 * description gdb reads (gdb's standard org.gnu.gdb.i386.core with the x87 registers,
 * org.gnu.gdb.i386.sse, and fs_base/gs_base in org.gnu.gdb.i386.segments), register
 * reads and writes by the description's numbers, the CPL and mode as text, and address
 * translation. Only the software engines get here (no debugger under KVM).
 *
 * Numbering is gdb's for amd64: rax rbx rcx rdx rsi rdi rbp rsp r8-r15 0-15, rip 16,
 * eflags 17, cs ss ds es fs gs 18-23, st0-st7 24-31, fctrl fstat ftag fiseg fioff foseg
 * fooff fop 32-39, xmm0-15 40-55, mxcsr 56, fs_base 57, gs_base 58; the 'g' packet
 * carries 0-56. rip is the offset in CS (cpu->pc is linear); eflags goes through the
 * lazy flags (x86_get_rflags, x86_set_rflags); st(i) is the x87 register R[(TOP + i) & 7]
 * as 80 bits; ftag is the full tag word. A segment register keeps its selector: writing
 * a different one is refused (it would need a descriptor load).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86_decode.h"
#include "core/debug.h"

enum {
	GDB_REG_RIP = 16,
	GDB_REG_EFLAGS,
	GDB_REG_CS,
	GDB_REG_ST0 = GDB_REG_CS + 6,
	GDB_REG_FCTRL = GDB_REG_ST0 + 8,
	GDB_REG_FSTAT,
	GDB_REG_FTAG,
	GDB_REG_FISEG,
	GDB_REG_FIOFF,
	GDB_REG_FOSEG,
	GDB_REG_FOOFF,
	GDB_REG_FOP,
	GDB_REG_XMM0,
	GDB_REG_MXCSR = GDB_REG_XMM0 + 16,
	GDB_REG_FS_BASE,
	GDB_REG_GS_BASE,
	GDB_NREGS
};
#define GDB_G_REGS (GDB_REG_MXCSR + 1)

_Static_assert(GDB_REG_MXCSR == 56 && GDB_NREGS == 59, "the numbers in the description");

/* gdb's general registers 0-15 as register slots. */
static const uint8_t gpr_slot[16] = {
    X86_RAX, X86_RBX,	 X86_RCX,    X86_RDX,	 X86_RSI,    X86_RDI,	 X86_RBP,    X86_RSP,
    X86_R8,  X86_R8 + 1, X86_R8 + 2, X86_R8 + 3, X86_R8 + 4, X86_R8 + 5, X86_R8 + 6, X86_R8 + 7};

/* gdb's cs ss ds es fs gs as segment registers. */
static const uint8_t gdb_seg[6] = {X86_CS, X86_SS, X86_DS, X86_ES, X86_FS, X86_GS};

static const char x86_target_xml[] =
    "<?xml version=\"1.0\"?>"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target version=\"1.0\"><architecture>i386:x86-64</architecture>"
    "<feature name=\"org.gnu.gdb.i386.core\">"
    "<flags id=\"i386_eflags\" size=\"4\">"
    "<field name=\"CF\" start=\"0\" end=\"0\"/>"
    "<field name=\"\" start=\"1\" end=\"1\"/>"
    "<field name=\"PF\" start=\"2\" end=\"2\"/>"
    "<field name=\"AF\" start=\"4\" end=\"4\"/>"
    "<field name=\"ZF\" start=\"6\" end=\"6\"/>"
    "<field name=\"SF\" start=\"7\" end=\"7\"/>"
    "<field name=\"TF\" start=\"8\" end=\"8\"/>"
    "<field name=\"IF\" start=\"9\" end=\"9\"/>"
    "<field name=\"DF\" start=\"10\" end=\"10\"/>"
    "<field name=\"OF\" start=\"11\" end=\"11\"/>"
    "<field name=\"NT\" start=\"14\" end=\"14\"/>"
    "<field name=\"RF\" start=\"16\" end=\"16\"/>"
    "<field name=\"VM\" start=\"17\" end=\"17\"/>"
    "<field name=\"AC\" start=\"18\" end=\"18\"/>"
    "<field name=\"VIF\" start=\"19\" end=\"19\"/>"
    "<field name=\"VIP\" start=\"20\" end=\"20\"/>"
    "<field name=\"ID\" start=\"21\" end=\"21\"/>"
    "</flags>"
    "<reg name=\"rax\" bitsize=\"64\" type=\"int64\" regnum=\"0\"/>"
    "<reg name=\"rbx\" bitsize=\"64\" type=\"int64\" regnum=\"1\"/>"
    "<reg name=\"rcx\" bitsize=\"64\" type=\"int64\" regnum=\"2\"/>"
    "<reg name=\"rdx\" bitsize=\"64\" type=\"int64\" regnum=\"3\"/>"
    "<reg name=\"rsi\" bitsize=\"64\" type=\"int64\" regnum=\"4\"/>"
    "<reg name=\"rdi\" bitsize=\"64\" type=\"int64\" regnum=\"5\"/>"
    "<reg name=\"rbp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"6\"/>"
    "<reg name=\"rsp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"7\"/>"
    "<reg name=\"r8\" bitsize=\"64\" type=\"int64\" regnum=\"8\"/>"
    "<reg name=\"r9\" bitsize=\"64\" type=\"int64\" regnum=\"9\"/>"
    "<reg name=\"r10\" bitsize=\"64\" type=\"int64\" regnum=\"10\"/>"
    "<reg name=\"r11\" bitsize=\"64\" type=\"int64\" regnum=\"11\"/>"
    "<reg name=\"r12\" bitsize=\"64\" type=\"int64\" regnum=\"12\"/>"
    "<reg name=\"r13\" bitsize=\"64\" type=\"int64\" regnum=\"13\"/>"
    "<reg name=\"r14\" bitsize=\"64\" type=\"int64\" regnum=\"14\"/>"
    "<reg name=\"r15\" bitsize=\"64\" type=\"int64\" regnum=\"15\"/>"
    "<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\" regnum=\"16\"/>"
    "<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\" regnum=\"17\"/>"
    "<reg name=\"cs\" bitsize=\"32\" type=\"int32\" regnum=\"18\"/>"
    "<reg name=\"ss\" bitsize=\"32\" type=\"int32\" regnum=\"19\"/>"
    "<reg name=\"ds\" bitsize=\"32\" type=\"int32\" regnum=\"20\"/>"
    "<reg name=\"es\" bitsize=\"32\" type=\"int32\" regnum=\"21\"/>"
    "<reg name=\"fs\" bitsize=\"32\" type=\"int32\" regnum=\"22\"/>"
    "<reg name=\"gs\" bitsize=\"32\" type=\"int32\" regnum=\"23\"/>"
    "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\" regnum=\"24\"/>"
    "<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\" regnum=\"25\"/>"
    "<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\" regnum=\"26\"/>"
    "<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\" regnum=\"27\"/>"
    "<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\" regnum=\"28\"/>"
    "<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\" regnum=\"29\"/>"
    "<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\" regnum=\"30\"/>"
    "<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\" regnum=\"31\"/>"
    "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" regnum=\"32\" group=\"float\"/>"
    "<reg name=\"fstat\" bitsize=\"32\" type=\"int\" regnum=\"33\" group=\"float\"/>"
    "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" regnum=\"34\" group=\"float\"/>"
    "<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" regnum=\"35\" group=\"float\"/>"
    "<reg name=\"fioff\" bitsize=\"32\" type=\"int\" regnum=\"36\" group=\"float\"/>"
    "<reg name=\"foseg\" bitsize=\"32\" type=\"int\" regnum=\"37\" group=\"float\"/>"
    "<reg name=\"fooff\" bitsize=\"32\" type=\"int\" regnum=\"38\" group=\"float\"/>"
    "<reg name=\"fop\" bitsize=\"32\" type=\"int\" regnum=\"39\" group=\"float\"/>"
    "</feature><feature name=\"org.gnu.gdb.i386.sse\">"
    "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>"
    "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>"
    "<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>"
    "<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>"
    "<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>"
    "<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>"
    "<union id=\"vec128\">"
    "<field name=\"v4_float\" type=\"v4f\"/>"
    "<field name=\"v2_double\" type=\"v2d\"/>"
    "<field name=\"v16_int8\" type=\"v16i8\"/>"
    "<field name=\"v8_int16\" type=\"v8i16\"/>"
    "<field name=\"v4_int32\" type=\"v4i32\"/>"
    "<field name=\"v2_int64\" type=\"v2i64\"/>"
    "<field name=\"uint128\" type=\"uint128\"/>"
    "</union><flags id=\"i386_mxcsr\" size=\"4\">"
    "<field name=\"IE\" start=\"0\" end=\"0\"/>"
    "<field name=\"DE\" start=\"1\" end=\"1\"/>"
    "<field name=\"ZE\" start=\"2\" end=\"2\"/>"
    "<field name=\"OE\" start=\"3\" end=\"3\"/>"
    "<field name=\"UE\" start=\"4\" end=\"4\"/>"
    "<field name=\"PE\" start=\"5\" end=\"5\"/>"
    "<field name=\"DAZ\" start=\"6\" end=\"6\"/>"
    "<field name=\"IM\" start=\"7\" end=\"7\"/>"
    "<field name=\"DM\" start=\"8\" end=\"8\"/>"
    "<field name=\"ZM\" start=\"9\" end=\"9\"/>"
    "<field name=\"OM\" start=\"10\" end=\"10\"/>"
    "<field name=\"UM\" start=\"11\" end=\"11\"/>"
    "<field name=\"PM\" start=\"12\" end=\"12\"/>"
    "<field name=\"FZ\" start=\"15\" end=\"15\"/>"
    "</flags>"
    "<reg name=\"xmm0\" bitsize=\"128\" type=\"vec128\" regnum=\"40\"/>"
    "<reg name=\"xmm1\" bitsize=\"128\" type=\"vec128\" regnum=\"41\"/>"
    "<reg name=\"xmm2\" bitsize=\"128\" type=\"vec128\" regnum=\"42\"/>"
    "<reg name=\"xmm3\" bitsize=\"128\" type=\"vec128\" regnum=\"43\"/>"
    "<reg name=\"xmm4\" bitsize=\"128\" type=\"vec128\" regnum=\"44\"/>"
    "<reg name=\"xmm5\" bitsize=\"128\" type=\"vec128\" regnum=\"45\"/>"
    "<reg name=\"xmm6\" bitsize=\"128\" type=\"vec128\" regnum=\"46\"/>"
    "<reg name=\"xmm7\" bitsize=\"128\" type=\"vec128\" regnum=\"47\"/>"
    "<reg name=\"xmm8\" bitsize=\"128\" type=\"vec128\" regnum=\"48\"/>"
    "<reg name=\"xmm9\" bitsize=\"128\" type=\"vec128\" regnum=\"49\"/>"
    "<reg name=\"xmm10\" bitsize=\"128\" type=\"vec128\" regnum=\"50\"/>"
    "<reg name=\"xmm11\" bitsize=\"128\" type=\"vec128\" regnum=\"51\"/>"
    "<reg name=\"xmm12\" bitsize=\"128\" type=\"vec128\" regnum=\"52\"/>"
    "<reg name=\"xmm13\" bitsize=\"128\" type=\"vec128\" regnum=\"53\"/>"
    "<reg name=\"xmm14\" bitsize=\"128\" type=\"vec128\" regnum=\"54\"/>"
    "<reg name=\"xmm15\" bitsize=\"128\" type=\"vec128\" regnum=\"55\"/>"
    "<reg name=\"mxcsr\" bitsize=\"32\" type=\"i386_mxcsr\" group=\"vector\" regnum=\"56\"/>"
    "</feature><feature name=\"org.gnu.gdb.i386.segments\">"
    "<reg name=\"fs_base\" bitsize=\"64\" type=\"int\" regnum=\"57\"/>"
    "<reg name=\"gs_base\" bitsize=\"64\" type=\"int\" regnum=\"58\"/>"
    "</feature></target>";

static void put_le(uint8_t *buf, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		buf[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *buf, size_t len, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < len && i < n; i++)
		v |= (uint64_t)buf[i] << (8 * i);
	return v;
}

static unsigned fpu_reg(const struct x86_fpu *f, unsigned st)
{
	return (((f->fsw >> 11) & 7u) + st) & 7u;
}

/* The x87 control registers fctrl .. fop (gdb 32-39). */
static uint32_t fpu_control(const struct x86_cpu *x, unsigned regno)
{
	switch (regno) {
	case GDB_REG_FCTRL:
		return x->fpu.fcw;
	case GDB_REG_FSTAT:
		return x->fpu.fsw;
	case GDB_REG_FTAG:
		return x86_fpu_tag_word(&x->fpu);
	case GDB_REG_FIOFF:
		return (uint32_t)x->fpu.fip;
	case GDB_REG_FOOFF:
		return (uint32_t)x->fpu.fdp;
	case GDB_REG_FOP:
		return x->fpu.fop;
	default: /* fiseg, foseg: 64-bit fxsave keeps no selectors */
		return 0;
	}
}

/* Registers 16 and up but below the vector ones: their value and size in bytes. */
static unsigned read_scalar(struct x86_cpu *x, unsigned regno, uint64_t *val)
{
	struct soft_cpu *cpu = &x->common;

	if (regno == GDB_REG_RIP) {
		*val = cpu->pc - x->seg[X86_CS].base;
		return 8;
	}
	if (regno == GDB_REG_EFLAGS)
		*val = x86_get_rflags(cpu);
	else if (regno < GDB_REG_ST0)
		*val = x->seg[gdb_seg[regno - GDB_REG_CS]].selector;
	else
		*val = fpu_control(x, regno);
	return 4;
}

static int x86_debug_read_reg(struct vcpu *v, unsigned regno, uint8_t *buf, size_t len)
{
	struct soft_cpu *cpu = soft_cpu_of(v);
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t val;
	unsigned n;

	if (len < 16)
		return -ENOSPC;
	if (regno < GDB_REG_RIP) {
		put_le(buf, cpu->slots[gpr_slot[regno]], 8);
		return 8;
	}
	if (regno >= GDB_REG_ST0 && regno < GDB_REG_FCTRL) {
		unsigned r = fpu_reg(&x->fpu, regno - GDB_REG_ST0);

		put_le(buf, x->fpu.mant[r], 8);
		put_le(buf + 8, x->fpu.sexp[r], 2);
		return 10;
	}
	if (regno >= GDB_REG_XMM0 && regno < GDB_REG_MXCSR) {
		unsigned slot = X86_SLOT_XMM0 + 2 * (regno - GDB_REG_XMM0);

		put_le(buf, cpu->slots[slot], 8);
		put_le(buf + 8, cpu->slots[slot + 1], 8);
		return 16;
	}
	if (regno >= GDB_NREGS)
		return -ENOENT;
	if (regno == GDB_REG_MXCSR) {
		val = x->mxcsr;
		n = 4;
	} else if (regno >= GDB_REG_FS_BASE) {
		val = x->seg[regno == GDB_REG_FS_BASE ? X86_FS : X86_GS].base;
		n = 8;
	} else
		n = read_scalar(x, regno, &val);
	put_le(buf, val, n);
	return (int)n;
}

/* fctrl, fstat and ftag take effect; the pointers and fop are the CPU's record of the
 * last exception, kept as they are. */
static int write_fpu_control(struct x86_cpu *x, unsigned regno, uint64_t val)
{
	switch (regno) {
	case GDB_REG_FCTRL:
		x->fpu.fcw = (uint16_t)val;
		return 0;
	case GDB_REG_FSTAT:
		x->fpu.fsw = (uint16_t)val;
		return 0;
	case GDB_REG_FTAG:
		x->fpu.ftw = 0;
		for (unsigned i = 0; i < 8; i++)
			if ((val >> (2 * i) & 3) != 3)
				x->fpu.ftw |= (uint8_t)(1u << i);
		return 0;
	default:
		return val == fpu_control(x, regno) ? 0 : -EINVAL;
	}
}

static int write_scalar(struct x86_cpu *x, unsigned regno, uint64_t val)
{
	struct soft_cpu *cpu = &x->common;

	if (regno == GDB_REG_RIP)
		cpu->pc = x->seg[X86_CS].base + val;
	else if (regno == GDB_REG_EFLAGS)
		x86_set_rflags(cpu, (val & X86_FLAGS_WRITABLE) | X86_FLAGS_FIXED);
	else if (regno < GDB_REG_ST0)
		return val == x->seg[gdb_seg[regno - GDB_REG_CS]].selector ? 0 : -EINVAL;
	else if (regno < GDB_REG_XMM0)
		return write_fpu_control(x, regno, val);
	else if (regno == GDB_REG_MXCSR)
		x->mxcsr = (uint32_t)val & 0xffffu;
	else {
		unsigned seg = regno == GDB_REG_FS_BASE ? X86_FS : X86_GS;
		struct x86_segment s = x->seg[seg];

		s.base = val;
		x86_set_segment(x, seg, &s);
	}
	return 0;
}

static int x86_debug_write_reg(struct vcpu *v, unsigned regno, const uint8_t *buf, size_t len)
{
	struct soft_cpu *cpu = soft_cpu_of(v);
	struct x86_cpu *x = x86_cpu(cpu);

	if (regno >= GDB_NREGS)
		return -ENOENT;
	if (regno < GDB_REG_RIP)
		cpu->slots[gpr_slot[regno]] = get_le(buf, len, 8);
	else if (regno >= GDB_REG_ST0 && regno < GDB_REG_FCTRL) {
		unsigned r = fpu_reg(&x->fpu, regno - GDB_REG_ST0);

		if (len < 10)
			return -EINVAL;
		x->fpu.mant[r] = get_le(buf, len, 8);
		x->fpu.sexp[r] = (uint16_t)get_le(buf + 8, len - 8, 2);
	} else if (regno >= GDB_REG_XMM0 && regno < GDB_REG_MXCSR) {
		unsigned slot = X86_SLOT_XMM0 + 2 * (regno - GDB_REG_XMM0);

		if (len < 16)
			return -EINVAL;
		cpu->slots[slot] = get_le(buf, len, 8);
		cpu->slots[slot + 1] = get_le(buf + 8, len - 8, 8);
	} else
		return write_scalar(x, regno, get_le(buf, len, 8));
	return 0;
}

/* The data regime first (what the vCPU's loads see), then the kernel's view (a vCPU
 * stopped at CPL 3 still shows the kernel's memory), then fetch. The walk is the CPU's:
 * it may set accessed bits. */
static int x86_debug_translate(struct vcpu *v, uint64_t vaddr, uint64_t *paddr)
{
	struct soft_cpu *cpu = soft_cpu_of(v);
	struct x86_cpu *x = x86_cpu(cpu);
	unsigned kernel = (x->cr0 & X86_CR0_PG) ? X86_MMU_KERNEL : X86_MMU_PHYS;
	const struct {
		enum mmu_access acc;
		unsigned regime;
	} tries[] = {{MMU_READ, cpu->mmu_data}, {MMU_READ, kernel}, {MMU_EXEC, cpu->mmu_fetch}};
	unsigned prot;

	for (unsigned i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		if (!x86_mmu_translate(cpu, vaddr, tries[i].acc, tries[i].regime, paddr, &prot))
			return 0;
		soft_cpu_clear_fault(cpu);
	}
	return -EFAULT;
}

static const char *mode_name(const struct x86_cpu *x)
{
	if (!(x->cr0 & X86_CR0_PE))
		return "real mode";
	if (!(x->efer & X86_EFER_LMA))
		return "protected mode";
	return x86_code_mode(x) == X86_MODE_64 ? "long mode" : "compatibility mode";
}

static void x86_debug_describe(struct vcpu *v, char *buf, size_t len)
{
	const struct x86_cpu *x = x86_cpu(soft_cpu_of(v));

	snprintf(buf, len, "vCPU %u (CPL %u, %s)%s", v->id, x->cpl, mode_name(x),
		 x->wait_sipi	    ? " wait-for-SIPI"
		 : x->common.halted ? " hlt"
				    : "");
}

static uint64_t x86_debug_get_pc(struct vcpu *v)
{
	return soft_cpu_of(v)->pc;
}

const struct frontend_debug_ops x86_debug_ops = {
    .target_xml = x86_target_xml,
    .g_regs = GDB_G_REGS,
    .read_reg = x86_debug_read_reg,
    .write_reg = x86_debug_write_reg,
    .translate = x86_debug_translate,
    .describe = x86_debug_describe,
    .get_pc = x86_debug_get_pc,
    .watch_stops_after = true,
};
