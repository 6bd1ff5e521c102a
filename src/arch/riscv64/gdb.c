/*
 * gdb.c - the riscv64 hart as a debugger sees it (core/debug.h): the target
 * description gdb reads (x0-x31 and pc; f0-f31 with fflags, frm, fcsr; the
 * machine and supervisor CSRs; the privilege mode as register "priv"), register
 * reads and writes by the description's numbers, and address translation.
 *
 * Numbering is gdb's for RISC-V: x0-x31 0-31, pc 32, f0-f31 33-64, CSR n at
 * 65 + n, priv at 65 + 4096. The 'g' packet carries 0-64; gdb asks for the rest
 * with 'p'. CSRs are read and written as M-mode software would, whatever the
 * hart's privilege, and a write has its usual effects (TLB flush, regimes).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "arch/riscv64/csr.h"
#include "core/debug.h"

#define GDB_REG_PC   32
#define GDB_REG_F0   33
#define GDB_REG_CSR0 65
#define GDB_REG_PRIV (GDB_REG_CSR0 + 4096)
#define GDB_G_REGS   65

/* The CSRs in the description: name, number, gdb register number (65 + number). */
#define RV_GDB_CSRS(X)                                                                             \
	X(sstatus, 0x100, 321)                                                                     \
	X(sie, 0x104, 325)                                                                         \
	X(stvec, 0x105, 326)                                                                       \
	X(scounteren, 0x106, 327)                                                                  \
	X(sscratch, 0x140, 385)                                                                    \
	X(sepc, 0x141, 386)                                                                        \
	X(scause, 0x142, 387)                                                                      \
	X(stval, 0x143, 388)                                                                       \
	X(sip, 0x144, 389)                                                                         \
	X(satp, 0x180, 449)                                                                        \
	X(mstatus, 0x300, 833)                                                                     \
	X(misa, 0x301, 834)                                                                        \
	X(medeleg, 0x302, 835)                                                                     \
	X(mideleg, 0x303, 836)                                                                     \
	X(mie, 0x304, 837)                                                                         \
	X(mtvec, 0x305, 838)                                                                       \
	X(mcounteren, 0x306, 839)                                                                  \
	X(mscratch, 0x340, 897)                                                                    \
	X(mepc, 0x341, 898)                                                                        \
	X(mcause, 0x342, 899)                                                                      \
	X(mtval, 0x343, 900)                                                                       \
	X(mip, 0x344, 901)                                                                         \
	X(mcycle, 0xb00, 2881)                                                                     \
	X(minstret, 0xb02, 2883)                                                                   \
	X(mhartid, 0xf14, 3925)

#define CSR_CHECK(name, csr, regnum) _Static_assert((regnum) == GDB_REG_CSR0 + (csr), #name);
RV_GDB_CSRS(CSR_CHECK)
#undef CSR_CHECK

#define CSR_XML(name, csr, regnum)                                                                 \
	"<reg name=\"" #name "\" bitsize=\"64\" type=\"int\" regnum=\"" #regnum "\"/>"

static const char rv64_target_xml[] =
    "<?xml version=\"1.0\"?>"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target version=\"1.0\"><architecture>riscv:rv64</architecture>"
    "<feature name=\"org.gnu.gdb.riscv.cpu\">"
    "<reg name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>"
    "<reg name=\"ra\" bitsize=\"64\" type=\"code_ptr\" regnum=\"1\"/>"
    "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"2\"/>"
    "<reg name=\"gp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"3\"/>"
    "<reg name=\"tp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"4\"/>"
    "<reg name=\"t0\" bitsize=\"64\" type=\"int\" regnum=\"5\"/>"
    "<reg name=\"t1\" bitsize=\"64\" type=\"int\" regnum=\"6\"/>"
    "<reg name=\"t2\" bitsize=\"64\" type=\"int\" regnum=\"7\"/>"
    "<reg name=\"fp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"8\"/>"
    "<reg name=\"s1\" bitsize=\"64\" type=\"int\" regnum=\"9\"/>"
    "<reg name=\"a0\" bitsize=\"64\" type=\"int\" regnum=\"10\"/>"
    "<reg name=\"a1\" bitsize=\"64\" type=\"int\" regnum=\"11\"/>"
    "<reg name=\"a2\" bitsize=\"64\" type=\"int\" regnum=\"12\"/>"
    "<reg name=\"a3\" bitsize=\"64\" type=\"int\" regnum=\"13\"/>"
    "<reg name=\"a4\" bitsize=\"64\" type=\"int\" regnum=\"14\"/>"
    "<reg name=\"a5\" bitsize=\"64\" type=\"int\" regnum=\"15\"/>"
    "<reg name=\"a6\" bitsize=\"64\" type=\"int\" regnum=\"16\"/>"
    "<reg name=\"a7\" bitsize=\"64\" type=\"int\" regnum=\"17\"/>"
    "<reg name=\"s2\" bitsize=\"64\" type=\"int\" regnum=\"18\"/>"
    "<reg name=\"s3\" bitsize=\"64\" type=\"int\" regnum=\"19\"/>"
    "<reg name=\"s4\" bitsize=\"64\" type=\"int\" regnum=\"20\"/>"
    "<reg name=\"s5\" bitsize=\"64\" type=\"int\" regnum=\"21\"/>"
    "<reg name=\"s6\" bitsize=\"64\" type=\"int\" regnum=\"22\"/>"
    "<reg name=\"s7\" bitsize=\"64\" type=\"int\" regnum=\"23\"/>"
    "<reg name=\"s8\" bitsize=\"64\" type=\"int\" regnum=\"24\"/>"
    "<reg name=\"s9\" bitsize=\"64\" type=\"int\" regnum=\"25\"/>"
    "<reg name=\"s10\" bitsize=\"64\" type=\"int\" regnum=\"26\"/>"
    "<reg name=\"s11\" bitsize=\"64\" type=\"int\" regnum=\"27\"/>"
    "<reg name=\"t3\" bitsize=\"64\" type=\"int\" regnum=\"28\"/>"
    "<reg name=\"t4\" bitsize=\"64\" type=\"int\" regnum=\"29\"/>"
    "<reg name=\"t5\" bitsize=\"64\" type=\"int\" regnum=\"30\"/>"
    "<reg name=\"t6\" bitsize=\"64\" type=\"int\" regnum=\"31\"/>"
    "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>"
    "</feature><feature name=\"org.gnu.gdb.riscv.fpu\">"
    "<reg name=\"ft0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"33\"/>"
    "<reg name=\"ft1\" bitsize=\"64\" type=\"ieee_double\" regnum=\"34\"/>"
    "<reg name=\"ft2\" bitsize=\"64\" type=\"ieee_double\" regnum=\"35\"/>"
    "<reg name=\"ft3\" bitsize=\"64\" type=\"ieee_double\" regnum=\"36\"/>"
    "<reg name=\"ft4\" bitsize=\"64\" type=\"ieee_double\" regnum=\"37\"/>"
    "<reg name=\"ft5\" bitsize=\"64\" type=\"ieee_double\" regnum=\"38\"/>"
    "<reg name=\"ft6\" bitsize=\"64\" type=\"ieee_double\" regnum=\"39\"/>"
    "<reg name=\"ft7\" bitsize=\"64\" type=\"ieee_double\" regnum=\"40\"/>"
    "<reg name=\"fs0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"41\"/>"
    "<reg name=\"fs1\" bitsize=\"64\" type=\"ieee_double\" regnum=\"42\"/>"
    "<reg name=\"fa0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"43\"/>"
    "<reg name=\"fa1\" bitsize=\"64\" type=\"ieee_double\" regnum=\"44\"/>"
    "<reg name=\"fa2\" bitsize=\"64\" type=\"ieee_double\" regnum=\"45\"/>"
    "<reg name=\"fa3\" bitsize=\"64\" type=\"ieee_double\" regnum=\"46\"/>"
    "<reg name=\"fa4\" bitsize=\"64\" type=\"ieee_double\" regnum=\"47\"/>"
    "<reg name=\"fa5\" bitsize=\"64\" type=\"ieee_double\" regnum=\"48\"/>"
    "<reg name=\"fa6\" bitsize=\"64\" type=\"ieee_double\" regnum=\"49\"/>"
    "<reg name=\"fa7\" bitsize=\"64\" type=\"ieee_double\" regnum=\"50\"/>"
    "<reg name=\"fs2\" bitsize=\"64\" type=\"ieee_double\" regnum=\"51\"/>"
    "<reg name=\"fs3\" bitsize=\"64\" type=\"ieee_double\" regnum=\"52\"/>"
    "<reg name=\"fs4\" bitsize=\"64\" type=\"ieee_double\" regnum=\"53\"/>"
    "<reg name=\"fs5\" bitsize=\"64\" type=\"ieee_double\" regnum=\"54\"/>"
    "<reg name=\"fs6\" bitsize=\"64\" type=\"ieee_double\" regnum=\"55\"/>"
    "<reg name=\"fs7\" bitsize=\"64\" type=\"ieee_double\" regnum=\"56\"/>"
    "<reg name=\"fs8\" bitsize=\"64\" type=\"ieee_double\" regnum=\"57\"/>"
    "<reg name=\"fs9\" bitsize=\"64\" type=\"ieee_double\" regnum=\"58\"/>"
    "<reg name=\"fs10\" bitsize=\"64\" type=\"ieee_double\" regnum=\"59\"/>"
    "<reg name=\"fs11\" bitsize=\"64\" type=\"ieee_double\" regnum=\"60\"/>"
    "<reg name=\"ft8\" bitsize=\"64\" type=\"ieee_double\" regnum=\"61\"/>"
    "<reg name=\"ft9\" bitsize=\"64\" type=\"ieee_double\" regnum=\"62\"/>"
    "<reg name=\"ft10\" bitsize=\"64\" type=\"ieee_double\" regnum=\"63\"/>"
    "<reg name=\"ft11\" bitsize=\"64\" type=\"ieee_double\" regnum=\"64\"/>"
    "<reg name=\"fflags\" bitsize=\"64\" type=\"int\" regnum=\"66\"/>"
    "<reg name=\"frm\" bitsize=\"64\" type=\"int\" regnum=\"67\"/>"
    "<reg name=\"fcsr\" bitsize=\"64\" type=\"int\" regnum=\"68\"/>"
    "</feature><feature name=\"org.gnu.gdb.riscv.csr\">" RV_GDB_CSRS(
	CSR_XML) "</feature><feature name=\"org.gnu.gdb.riscv.virtual\">"
		 "<reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"4161\"/>"
		 "</feature></target>";
#undef CSR_XML

_Static_assert(GDB_REG_PRIV == 4161, "priv's number in the description");

static bool csr_described(unsigned csr)
{
#define CSR_CASE(name, num, regnum) case num:
	switch (csr) {
		RV_GDB_CSRS(CSR_CASE)
		return true;
	default:
		return false;
	}
#undef CSR_CASE
}

static void put64(uint8_t *buf, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		buf[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(const uint8_t *buf, size_t len)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < len && i < 8; i++)
		v |= (uint64_t)buf[i] << (8 * i);
	return v;
}

/* fflags, frm and fcsr as fields (readable whatever mstatus.FS says). */
static bool fp_csr_read(const struct rv64_cpu *rv, unsigned csr, uint64_t *v)
{
	switch (csr) {
	case CSR_FFLAGS:
		*v = rv->fflags;
		return true;
	case CSR_FRM:
		*v = rv->frm;
		return true;
	case CSR_FCSR:
		*v = rv->fflags | (uint64_t)rv->frm << 5;
		return true;
	default:
		return false;
	}
}

/* A CSR as M-mode reads it: 0 or -ENOENT. */
static int csr_read_as_m(struct rv64_cpu *rv, unsigned csr, uint64_t *v)
{
	unsigned priv = rv->priv;
	int ret;

	if (fp_csr_read(rv, csr, v))
		return 0;
	if (!csr_described(csr))
		return -ENOENT;
	rv->priv = RV_PRIV_M;
	ret = rv64_csr_read(rv, csr, v);
	rv->priv = priv;
	return ret ? -ENOENT : 0;
}

static int rv64_debug_read_reg(struct vcpu *v, unsigned regno, uint8_t *buf, size_t len)
{
	struct rv64_cpu *rv = rv64_hart(v);
	struct soft_cpu *cpu = &rv->common;
	uint64_t val;

	if (len < 8)
		return -ENOSPC;
	if (regno < 32)
		val = cpu->slots[RV_SLOT_X(regno)];
	else if (regno == GDB_REG_PC)
		val = cpu->pc;
	else if (regno < GDB_REG_CSR0)
		val = cpu->slots[RV_SLOT_F(regno - GDB_REG_F0)];
	else if (regno == GDB_REG_PRIV)
		val = rv->priv;
	else if (regno > GDB_REG_PRIV || csr_read_as_m(rv, regno - GDB_REG_CSR0, &val))
		return -ENOENT;
	put64(buf, val);
	return 8;
}

static int csr_write_as_m(struct rv64_cpu *rv, unsigned csr, uint64_t val)
{
	unsigned priv = rv->priv, effects = 0;
	int ret;

	if (!csr_described(csr) && !(csr >= CSR_FFLAGS && csr <= CSR_FCSR))
		return -ENOENT;
	rv->priv = RV_PRIV_M;
	ret = rv64_csr_write(rv, csr, val, ~0ULL, &effects);
	rv->priv = priv;
	if (ret)
		return -EINVAL;
	rv64_apply_csr_effects(rv, effects | CSR_EFFECT_MMU_IDX);
	return 0;
}

static int rv64_debug_write_reg(struct vcpu *v, unsigned regno, const uint8_t *buf, size_t len)
{
	struct rv64_cpu *rv = rv64_hart(v);
	struct soft_cpu *cpu = &rv->common;
	uint64_t val = get64(buf, len);

	if (regno == 0)
		return 0; /* x0 stays zero */
	if (regno < 32)
		cpu->slots[RV_SLOT_X(regno)] = val;
	else if (regno == GDB_REG_PC)
		cpu->pc = val & ~1ULL;
	else if (regno < GDB_REG_CSR0)
		cpu->slots[RV_SLOT_F(regno - GDB_REG_F0)] = val;
	else if (regno == GDB_REG_PRIV) {
		if (val != RV_PRIV_U && val != RV_PRIV_S && val != RV_PRIV_M)
			return -EINVAL;
		rv->priv = (unsigned)val;
		rv64_apply_csr_effects(rv, CSR_EFFECT_MMU_IDX | CSR_EFFECT_IRQ);
	} else if (regno > GDB_REG_PRIV)
		return -ENOENT;
	else
		return csr_write_as_m(rv, regno - GDB_REG_CSR0, val);
	return 0;
}

/* The data regime first (what the hart's loads see), then the supervisor's view with SUM
 * (a hart stopped in U mode still shows the kernel's memory), then fetch (execute-only
 * pages). The walk is the hart's: it may set A bits. */
static int rv64_debug_translate(struct vcpu *v, uint64_t vaddr, uint64_t *paddr)
{
	struct soft_cpu *cpu = soft_cpu_of(v);
	const struct {
		enum mmu_access acc;
		unsigned regime;
	} tries[] = {{MMU_READ, cpu->mmu_data},
		     {MMU_READ, RV_MMU_S_SUM},
		     {MMU_EXEC, cpu->mmu_fetch},
		     {MMU_EXEC, RV_MMU_S}};
	unsigned prot;

	for (unsigned i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		if (!rv64_mmu_translate(cpu, vaddr, tries[i].acc, tries[i].regime, paddr, &prot))
			return 0;
		soft_cpu_clear_fault(cpu);
	}
	return -EFAULT;
}

static void rv64_debug_describe(struct vcpu *v, char *buf, size_t len)
{
	static const char mode[4] = {'U', 'S', '?', 'M'};
	const struct rv64_cpu *rv = rv64_hart(v);

	snprintf(buf, len, "hart %llu (%c-mode)%s", (unsigned long long)rv->mhartid,
		 mode[rv->priv & 3], rv->common.halted ? " wfi" : "");
}

static uint64_t rv64_debug_get_pc(struct vcpu *v)
{
	return soft_cpu_of(v)->pc;
}

const struct frontend_debug_ops rv64_debug_ops = {
    .target_xml = rv64_target_xml,
    .g_regs = GDB_G_REGS,
    .read_reg = rv64_debug_read_reg,
    .write_reg = rv64_debug_write_reg,
    .translate = rv64_debug_translate,
    .describe = rv64_debug_describe,
    .get_pc = rv64_debug_get_pc,
};
