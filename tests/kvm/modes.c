/*
 * modes.c - the x86 CPU modes: modes_run (modes_asm.S) walks from long mode down through
 * compatibility mode, 32-bit and 16-bit protected mode to real mode and back up to long mode,
 * storing what each mode's code computes; this prints those values as "val:" lines
 * (compare-engines.sh compares them across the engines and with KVM) and checks them.
 *
 * Why a 64-bit entry that goes down to real mode: FVP has no BIOS and starts this program in
 * long mode (as the KVM engine does), so the program reaches real mode the way a CPU leaves
 * long mode (paging off, EFER.LME off, a 16-bit code segment, CR0.PE off) and climbs back
 * the way a boot loader and Linux's SMP trampoline do.
 *
 * The walk runs twice: without, then with interrupts and exceptions (int 0x80 through the
 * IVT in real mode; int 0x20, #UD, #GP and into through 32-bit gates) and the instructions
 * this host's nested KVM cannot emulate in real mode (BCD; salc), the last lines. That KVM
 * loops forever on the real-mode int, so under KVM (its CPUID signature) the program stops
 * before the second walk with a FAIL line, and compare-engines.sh compares the lines before.
 */
#include "lib.h"

#define NCASES 25
/* The cases of the second walk: interrupts, exceptions, salc, BCD. */
static bool takes_interrupts(unsigned i)
{
	return i == 8 || i >= 17;
}

void modes_run(int do_int);
extern volatile uint32_t mode_results[NCASES];

/* What each result should be, in the bits mask selects. */
static const struct {
	const char *what;
	uint32_t want, mask;
} expect[NCASES] = {
    {"compat: add", 0x23456789, ~0u},
    {"compat: inc (opcode 40)", 0x2345678a, ~0u},
    {"pm32: push/pop without paging", 0xabcd1234, ~0u},
    {"real: add carry out, sbb", 0xffff0010, ~0u},
    {"real: [bx+si], [bx+si+2]", 0x44443333, ~0u},
    {"real: ds 0x800 + offset", 0x2222, ~0u},
    {"real: ss-based [bp] and sp", 0x43210fee, ~0u},
    {"real: lcall 0x800 returns cs, dx", 0x77770800, ~0u},
    {"real: int 0x80 through the IVT", 11, ~0u},
    {"real: 32-bit operand ror", 0xef89abcd, ~0u},
    {"real: rep movsb to es 0x800", 0x22221111, ~0u},
    {"real: push ss / pop es", 0x600, ~0u},
    {"real: loop sum, pusha/popa keep di", 0x00061111, ~0u},
    {"pm32: fs base 0x1000", 0x22221111, ~0u},
    {"pm32: imul", 0xeeee7777, ~0u},
    {"pm32: call/ret", 0x55aa, ~0u},
    {"long mode again: EFER (LME, LMA)", 0x500, 0x500},
    {"pm32: int 0x20 through a 32-bit gate", 0x2020, ~0u},
    {"pm32: #UD handler", 0x0606, ~0u},
    {"pm32: #GP error code", 0x78, ~0u},
    {"pm32: into (twice, OF set once)", 0x0404, ~0u},
    {"pm32: salc with CF set, clear", 0x00ff, ~0u},
    {"real: daa, das, aaa", 0x01074583, ~0u},
    {"real: aam, aad", 0x003f0603, ~0u},
    {"real: SF ZF PF after aad", 0x04, ~0u},
};

static bool under_kvm(void)
{
	uint32_t r[4];

	cpuid(0x40000000, 0, r);
	return r[1] == 0x4b4d564b; /* "KVMK" */
}

static bool check_case(unsigned i)
{
	uint32_t v = mode_results[i] & expect[i].mask;

	puts_serial("val: ");
	puts_serial(expect[i].what);
	puts_serial(" ");
	put_hex(v);
	puts_serial("\n");
	return v == expect[i].want;
}

int main(void)
{
	bool ok = true;

	modes_run(0);
	for (unsigned i = 0; i < NCASES; i++)
		if (!takes_interrupts(i))
			ok &= check_case(i);
	if (!ok)
		fail("a mode computed something else");
	if (under_kvm())
		fail("interrupts in real and 32-bit protected mode are not run under KVM (this "
		     "host's nested KVM hangs on them)");
	modes_run(1);
	for (unsigned i = 0; i < NCASES; i++)
		if (takes_interrupts(i))
			ok &= check_case(i);
	if (!ok)
		fail("an interrupt or exception went elsewhere");
	pass("modes");
}
