/*
 * x87_ops.c - the host runs the guest's x87 instruction: one stub per encoding, and the asm
 * that loads the guest's state into the host's x87, runs the stub and saves the state back.
 *
 * Stubs: the 512 register forms (D8-DF, ModRM C0-FF) are the guest's own two bytes; the 64
 * memory forms (D8-DF, ModRM.reg 0-7) are the same opcode with ModRM mod 00 rm 111, [rdi],
 * so rdi points at a host copy of the operand. Each stub is its instruction and "jmp *%rax"
 * back (4 bytes): no call, so nothing is pushed into the caller's red zone but the RFLAGS
 * transfer, which x87_host_run makes below it.
 *
 * Only instructions the decoder accepts reach a stub; the stub table also holds encodings no
 * CPU defines, never run.
 */
#include "arch/x86_64/x87_ops.h"

#define X87_STUB_BYTES	4u
#define X87_STUB_MEMORY 512u

__asm__(".pushsection .text\n"
	".balign 16\n"
	"fvp_x87_stubs:\n"
	".set fvp_x87_i, 0\n"
	".rept 512\n"
	".byte 0xd8 + (fvp_x87_i >> 6), 0xc0 + (fvp_x87_i & 63), 0xff, 0xe0\n"
	".set fvp_x87_i, fvp_x87_i + 1\n"
	".endr\n"
	".set fvp_x87_i, 0\n"
	".rept 64\n"
	".byte 0xd8 + (fvp_x87_i >> 3), ((fvp_x87_i & 7) << 3) | 7, 0xff, 0xe0\n"
	".set fvp_x87_i, fvp_x87_i + 1\n"
	".endr\n"
	".popsection\n");
extern const char fvp_x87_stubs[];

static const char *x87_stub(unsigned fop)
{
	unsigned esc = fop >> 8 & 7, modrm = fop & 0xff;

	if (modrm >= 0xc0)
		return fvp_x87_stubs + X87_STUB_BYTES * (esc << 6 | (modrm & 63));
	return fvp_x87_stubs + X87_STUB_BYTES * (X87_STUB_MEMORY + (esc << 3 | (modrm >> 3 & 7)));
}

void x87_host_run(struct x87_image *img, unsigned fop, void *mem, uint64_t *rflags)
{
	uint16_t host_cw;
	uint64_t fl = (*rflags & 0x8d5u) | 0x202u; /* the guest's OF SF ZF AF PF CF, IF */

	__asm__ volatile("fnstcw (%[h])\n\t"
			 "frstor (%[img])\n\t"
			 "lea -128(%%rsp), %%rsp\n\t"
			 "pushq %[fl]\n\t"
			 "popfq\n\t"
			 "lea 1f(%%rip), %%rax\n\t"
			 "jmp *%[stub]\n"
			 "1:\n\t"
			 "pushfq\n\t"
			 "popq %[fl]\n\t"
			 "lea 128(%%rsp), %%rsp\n\t"
			 "fnsave (%[img])\n\t"
			 "fldcw (%[h])"
			 : [fl] "+r"(fl)
			 : [img] "r"(img), [stub] "r"(x87_stub(fop)), [h] "r"(&host_cw), "D"(mem)
			 : "rax", "memory", "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
			   "st(6)", "st(7)");
	*rflags = fl;
}
