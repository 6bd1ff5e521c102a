/*
 * sse.c - SSE to SSE4.2: every instruction family on ordinary and special values (NaN, SNaN,
 * infinities, denormals, -0, overflow, integer saturation), under several MXCSR settings
 * (rounding modes, FTZ/DAZ), with the MXCSR flags each leaves; the exceptions (#GP for a
 * misaligned operand or reserved MXCSR bits, #XM and #UD for an unmasked SIMD exception, #UD
 * without CR4.OSFXSR, #NM with CR0.TS) and fxsave/fxrstor. Results are printed as "val:"
 * lines, which compare-engines.sh compares with the host CPU under KVM; the program checks
 * what the architecture fixes (the exceptions, a few known values).
 *
 * Built with SSE allowed (not -mgeneral-regs-only): main enables SSE (CR4.OSFXSR and
 * OSXMMEXCPT; the boot state has CR4 = PAE only) before anything else runs. With SSE_NATIVE
 * it is also a host program (sse_native.c) that prints the value lines up to the exceptions,
 * the host CPU's own results: sse-native.sh compares them with the software CPU's, the
 * oracle where KVM cannot run SSE.
 */
#include "lib.h"

#define CR0_EM	       (1ul << 2)
#define CR0_TS	       (1ul << 3)
#define CR4_OSFXSR     (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)
#define MXCSR_DEFAULT  0x1f80u

typedef union {
	uint64_t q[2];
	uint32_t d[4];
	uint8_t b[16];
} __attribute__((aligned(16))) vec;

#ifndef SSE_NATIVE
/* ---- exceptions: a handler records the vector and error code and resumes after TRY ---- */

struct frame {
	uint64_t vector, error;
};
volatile struct frame last;
uint64_t exc_resume, exc_resume_rsp;

__asm__(".text\n"
	".macro EXC_NOERR v\n exc_\\v: pushq $0\n pushq $\\v\n jmp exc_common\n .endm\n"
	".macro EXC_ERR v\n exc_\\v: pushq $\\v\n jmp exc_common\n .endm\n"
	"EXC_NOERR 6\n EXC_NOERR 7\n EXC_ERR 13\n EXC_ERR 14\n EXC_NOERR 19\n"
	"exc_common:\n popq last+0(%rip)\n popq last+8(%rip)\n"
	" movq exc_resume_rsp(%rip), %rsp\n jmp *exc_resume(%rip)\n");
extern const char exc_6[], exc_7[], exc_13[], exc_14[], exc_19[];

#define TRY(text, ...)                                                                             \
	__asm__ volatile("movq $-1, last(%%rip)\n lea 1f(%%rip), %%rax\n"                          \
			 "mov %%rax, exc_resume(%%rip)\n mov %%rsp, exc_resume_rsp(%%rip)\n" text  \
			 "\n 1:\n" __VA_ARGS__)

struct gate {
	uint16_t lo, sel;
	uint8_t ist, attr;
	uint16_t mid;
	uint32_t hi, zero;
} __attribute__((packed));
static struct gate idt[256] __attribute__((aligned(16)));

static void set_gate(unsigned v, const char *fn)
{
	uint64_t a = (uint64_t)(uintptr_t)fn;
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	idt[v] = (struct gate){.lo = (uint16_t)a,
			       .sel = cs,
			       .attr = 0x8e,
			       .mid = (uint16_t)(a >> 16),
			       .hi = (uint32_t)(a >> 32)};
}

static void idt_setup(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};

	set_gate(6, exc_6);
	set_gate(7, exc_7);
	set_gate(13, exc_13);
	set_gate(14, exc_14);
	set_gate(19, exc_19);
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

static uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}
#endif

static void set_mxcsr(uint32_t v)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static uint32_t get_mxcsr(void)
{
	uint32_t v;

	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

/* ---- printing ---- */

static void hex(uint64_t v, unsigned digits)
{
	while (digits--)
		putc_serial("0123456789abcdef"[(v >> (4 * digits)) & 0xf]);
}

static void val_line(const char *name, unsigned i, const vec *r, uint32_t mxcsr, uint64_t extra)
{
	puts_serial("val: ");
	puts_serial(name);
	putc_serial(' ');
	hex(i, 2);
	putc_serial(' ');
	hex(r->q[1], 16);
	hex(r->q[0], 16);
	putc_serial(' ');
	hex(mxcsr, 4);
	putc_serial(' ');
	hex(extra, 16);
	puts_serial("\n");
}

/* ---- inputs ---- */

#define V4(w0, w1, w2, w3)                                                                         \
	{                                                                                          \
		.d = { w0, w1, w2, w3 }                                                            \
	}
#define V2(a, b)                                                                                   \
	{                                                                                          \
		.q = { a, b }                                                                      \
	}

/* Single precision: ordinary, -0, QNaN, SNaN, infinities, denormals, FLT_MAX, 2^-24... */
static const vec ps_in[][2] = {
    {V4(0x3f800000, 0x80000000, 0x7fc00000, 0x7f800000),
     V4(0x40400000, 0x00000000, 0x3f800000, 0xff800000)},
    {V4(0x00000001, 0x7f7fffff, 0x3eaaaaab, 0xc0200000),
     V4(0x00400000, 0x7f7fffff, 0x40400000, 0x7fa00000)},
    {V4(0x3f800001, 0x00800000, 0xbf800000, 0x4b000001),
     V4(0x33800000, 0x3f000000, 0x00000000, 0x3fc00000)},
    {V4(0x4effffff, 0xcf000000, 0x3f000000, 0xbfc00000),
     V4(0x80000001, 0xbeaaaaab, 0x40490fdb, 0x00ffffff)},
};
/* Double precision. */
static const vec pd_in[][2] = {
    {V2(0x3ff0000000000000, 0x7ff8000000000000), V2(0x4008000000000000, 0x7ff0000000000000)},
    {V2(0x0000000000000001, 0x7fefffffffffffff), V2(0x8000000000000000, 0x7fefffffffffffff)},
    {V2(0x3ff0000000000001, 0x3fd5555555555555), V2(0x3ca0000000000000, 0x7ff4000000000000)},
    {V2(0x41dfffffffc00000, 0xc3e0000000000000), V2(0xfff0000000000000, 0x3ff8000000000000)},
};
/* Integers: signed and unsigned limits for saturation, mixed signs. */
static const vec int_in[][2] = {
    {V2(0x807f01ff7f80fe00, 0x0123456789abcdef), V2(0x7f80ff0180017fff, 0xfedcba9876543210)},
    {V2(0x8000800080007fff, 0xffff00010002fffe), V2(0x7fff80017fff8000, 0x0003fffd7ffe8002)},
    {V2(0x8000000000000001, 0x000000ff7fffffff), V2(0xffffffff80000000, 0x7fffffff00000007)},
};

/* Test MXCSR settings: default, round up, round down, round to zero with FTZ and DAZ. */
static const uint32_t mxcsr_modes[] = {0x1f80, 0x5f80, 0x3f80, 0xffc0};

/* ---- two-operand instructions: "op %xmm2, %xmm1" ---- */

typedef void (*op2_fn)(vec *d, const vec *s);

#define DEF2(op)                                                                                   \
	static void f_##op(vec *d, const vec *s)                                                   \
	{                                                                                          \
		__asm__ volatile("movdqa %[d], %%xmm1\n movdqa %[s], %%xmm2\n" #op                 \
				 " %%xmm2, %%xmm1\n movdqa %%xmm1, %[d]"                           \
				 : [d] "+m"(*d)                                                    \
				 : [s] "m"(*s)                                                     \
				 : "xmm1", "xmm2");                                                \
	}
/* The memory-source form: "op (mem), %xmm1". */
#define DEF2M(op)                                                                                  \
	static void f_##op(vec *d, const vec *s)                                                   \
	{                                                                                          \
		__asm__ volatile("movdqa %[d], %%xmm1\n" #op " %[s], %%xmm1\n movdqa %%xmm1, %[d]" \
				 : [d] "+m"(*d)                                                    \
				 : [s] "m"(*s)                                                     \
				 : "xmm1");                                                        \
	}
/* With an immediate. */
#define DEF2I(name, op, imm)                                                                       \
	static void f_##name(vec *d, const vec *s)                                                 \
	{                                                                                          \
		__asm__ volatile("movdqa %[d], %%xmm1\n movdqa %[s], %%xmm2\n mov $5, %%eax\n"     \
				 "mov $12, %%edx\n" #op " $" #imm                                  \
				 ", %%xmm2, %%xmm1\n movdqa %%xmm1, %[d]"                          \
				 : [d] "+m"(*d)                                                    \
				 : [s] "m"(*s)                                                     \
				 : "rax", "rdx", "xmm0", "xmm1", "xmm2");                          \
	}
/* blendv*: xmm0 is the mask (the source's sign bits, so each pair picks differently). */
#define DEF2V(op)                                                                                  \
	static void f_##op(vec *d, const vec *s)                                                   \
	{                                                                                          \
		__asm__ volatile("movdqa %[d], %%xmm1\n movdqa %[s], %%xmm2\n movdqa %%xmm2, "     \
				 "%%xmm0\n" #op " %%xmm0, %%xmm2, %%xmm1\n movdqa %%xmm1, %[d]"    \
				 : [d] "+m"(*d)                                                    \
				 : [s] "m"(*s)                                                     \
				 : "xmm0", "xmm1", "xmm2");                                        \
	}

enum kind { PS, PD, INT };

/* clang-format off */
#define FP_OPS(X) \
	X(addps, PS) X(addss, PS) X(subps, PS) X(subss, PS) X(mulps, PS) \
	X(mulss, PS) X(divps, PS) X(divss, PS) X(minps, PS) X(minss, PS) \
	X(maxps, PS) X(maxss, PS) X(sqrtps, PS) X(sqrtss, PS) X(rcpps, PS) \
	X(rcpss, PS) X(rsqrtps, PS) X(rsqrtss, PS) X(addpd, PD) X(addsd, PD) \
	X(subpd, PD) X(subsd, PD) X(mulpd, PD) X(mulsd, PD) X(divpd, PD) \
	X(divsd, PD) X(minpd, PD) X(minsd, PD) X(maxpd, PD) X(maxsd, PD) \
	X(sqrtpd, PD) X(sqrtsd, PD) X(cvtps2pd, PS) X(cvtpd2ps, PD) X(cvtss2sd, PS) \
	X(cvtsd2ss, PD) X(cvtdq2ps, INT) X(cvtps2dq, PS) X(cvttps2dq, PS) X(cvttpd2dq, PD) \
	X(cvtdq2pd, INT) X(cvtpd2dq, PD) X(haddps, PS) X(haddpd, PD) X(hsubps, PS) \
	X(hsubpd, PD) X(addsubps, PS) X(addsubpd, PD)
/* clang-format on */
/* clang-format off */
#define INT_OPS(X) \
	X(unpcklps, INT) X(unpcklpd, INT) X(unpckhps, INT) X(unpckhpd, INT) X(punpcklbw, INT) \
	X(punpcklwd, INT) X(    	    punpckldq, INT) X(punpcklqdq, INT) X(punpckhbw, INT) X(punpckhwd, INT) \
	X(punpckhdq,      										     INT) X(punpckhqdq, INT) X(packsswb, INT) X(packuswb, INT) X(packssdw, INT) \
	X(packusdw, INT) X(pcmpgtb, INT) X(pcmpgtw, INT) X(pcmpgtd, INT) X(pcmpgtq, INT) \
	X(pcmpeqb, INT) X(   		    pcmpeqw, INT) X(pcmpeqd, INT) X(pcmpeqq, INT) X(paddb, INT) \
	X(paddw, INT) X(paddd, INT) X(paddq, INT) X(psubb, INT) X(psubw, INT) \
	X(psubd, INT) X(         			psubq, INT) X(paddsb, INT) X(paddsw, INT) X(paddusb, INT) \
	X(paddusw, INT) X(psubsb, INT) X(             			    psubsw,                                                                  			    INT) X(psubusb,                                                          				   INT) X(psubusw, INT) \
	X(pmullw, INT) X(pmulhw, INT) X(pmulhuw, INT) X(pmuludq, INT) X(         				pmulld,                                                              				INT) \
	X(pmuldq,                                                       				       INT) X(pmaddwd, INT) X(psadbw, INT) X(pavgb, INT) X(pavgw, INT) \
	X(pminub, INT) X(         				    pmaxub,                                                          				    INT) X(pminsw,                                                   					   INT) X(pmaxsw, INT) X(pminsb, INT) \
	X(pminsd, INT) X(pminuw, INT) X(pminud, INT) X(   					pmaxsb,                                                      					INT) X(pmaxsd,                                               					       INT) \
	X(pmaxuw, INT) X(pmaxud, INT) X(psrlw, INT) X(psrld, INT) X(psrlq, INT) \
	X(  					    psraw,                                                   					    INT) X(psrad,                                            						   INT) X(psllw, INT) X(pslld, INT) X(                                         						psllq,                                               						INT) \
	X(pshufb,                                       						       INT) X(phaddw, INT) X(phaddd, INT) X(phaddsw, INT) X(phsubw, INT) \
	X(     						    phsubd,                                          						    INT) X(phsubsw,                                  							   INT) X(pmaddubsw, INT) X(psignb, INT) X(psignw, INT) \
	X(psignd, INT) X(  							pmulhrsw,                                    							INT) X(pabsb,                                							       INT) X(pabsw, INT) X(pabsd, INT) \
	X(pmovsxbw, INT) X(            							    pmovsxbd,                                							    INT) X(pmovsxbq,                         								   INT) X(pmovsxwd, INT) X(pmovsxwq, INT) \
	X(pmovsxdq, INT) X(     								pmovzxbw,                            								INT) X(pmovzxbd,                     								       INT) X(pmovzxbq, INT) X(pmovzxwd, INT) \
	X(                  								    pmovzxwq,                        								    INT) X(pmovzxdq,                 									   INT) X(phminposuw, INT) X(movsldup, INT) X(              									movshdup,                    									INT) \
	X(movddup,              									       INT) X(pand, INT) X(pandn, INT) X(             									    por, INT) X(pxor, INT) \
	X(andps, INT) X(         										andnps,              										INT) X(orps, INT) X(xorpd, INT) X(     										    movss,           										    INT) \
	X(movsd,    											   INT) X(movhlps,       										      INT) X(movlhps,   											  INT) X(movq,  											      INT)
/* clang-format on */
/* clang-format off */
#define MEM_OPS(X) \
	X(addps_m, addps, PS) X(mulsd_m, mulsd, PD) X(divss_m, divss, PS) X(paddw_m, paddw, INT) X(pmovsxbq_m, pmovsxbq, INT) \
	X(cvtps2pd_m, cvtps2pd, PS) X(pandn_m, pandn, INT) X(movss_m, movss, INT) X(movsd_m, movsd, INT) X(movlps_m, movlps, INT) \
	X(movhpd_m, movhpd, INT) X(movq_m, movq, INT) X(movddup_m, movddup, INT) X(movdqu_m, movdqu, INT) X(lddqu_m, lddqu, INT) \
	X(unpckhpd_m, unpckhpd, INT)
/* clang-format on */
/* clang-format off */
#define IMM_OPS(X) \
	X(cmpps0, cmpps, 0, PS) X(cmpps1, cmpps, 1, PS) X(cmpps2, cmpps, 2, PS) X(cmpps3, cmpps, 3, PS) X(cmpps4, cmpps, 4, PS) \
	X(cmpps5, cmpps, 5, PS) X(cmpps6, cmpps, 6, PS) X(cmpps7, cmpps, 7, PS) X(cmppd1, cmppd, 1, PD) X(cmpss3, cmpss, 3, PS) \
	X(          		    cmpsd6, cmpsd, 6, PD) X(roundps0, roundps, 0, PS) X(roundps1, roundps, 1, PS) X(roundps2, roundps, 2, PS) X(roundps3, roundps, 3, PS) \
	X(roundps4, roundps, 4, PS) X(roundps9, roundps, 9, PS) X(                  			    roundpd0, roundpd, 0, PD) X(roundpd12, roundpd, 12, PD) X(roundss1, roundss, 1, PS) \
	X(roundsd2, roundsd, 2, PD) X(              				dpps_ff, dpps, 0xff, PS) X(dpps_35, dpps, 0x35, PS) X(dpps_c2, dpps, 0xc2, PS) X(dppd_33, dppd, 0x33, PD) \
	X(            				    dppd_12, dppd, 0x12, PD) X(mpsadbw0, mpsadbw, 0, INT) X(mpsadbw5, mpsadbw, 5, INT) X(shufps_1b, shufps, 0x1b, INT) X(shufps_e4, shufps,                                        					  0xe4, INT) \
	X(shufpd_1, shufpd, 1,                         						       INT) X(shufpd_2, shufpd, 2, INT) X(pshufd_1b, pshufd, 0x1b,                              					      INT) X(pshufhw_93, pshufhw, 0x93,                     						     INT) X(pshuflw_39, pshuflw, 0x39, INT) \
	X(palignr_5, palignr, 5,                            						  INT) X(palignr_17, palignr, 17,                   							 INT) X(palignr_40, palignr, 40, INT) X(pblendw_a5, pblendw, 0xa5, INT) X(            							blendps_6, blendps,                         							6, INT) \
	X(blendpd_2, blendpd, 2, INT) X(insertps_9c, insertps, 0x9c,              							  INT) X(insertps_31, insertps, 0x31, INT) X(pcmpestrm_00, pcmpestrm, 0x00, INT) X(pcmpestrm_44, pcmpestrm, 0x44,    								  INT) \
	X(pcmpistrm_0c, pcmpistrm,   									 0x0c, INT) X(pcmpistrm_58, pcmpistrm,      								      0x58, INT)
/* clang-format on */
/* Shifts by an immediate: "op $imm, %xmm1" (the source operand unused). */
/* clang-format off */
#define SHIFTI_OPS(X) \
	X(psrlw_3, psrlw, 3) X(psraw_15, psraw, 15) X(psllw_17, psllw, 17) X(psrld_5, psrld, 5) X(psrad_31, psrad, 31) \
	X(psrad_40, psrad, 40) X(pslld_1, pslld, 1) X(psrlq_63, psrlq, 63) X(psllq_8, psllq, 8) X(psrldq_3, psrldq, 3) \
	X(pslldq_9, pslldq, 9) X(psrldq_16, psrldq, 16)
/* clang-format on */
/* clang-format off */
#define BLENDV_OPS(X) X(pblendvb, INT) X(blendvps, INT) X(blendvpd, INT)
/* clang-format on */

#define DEF2_X(op, k)		DEF2(op)
#define DEF2M_X(name, op, k)	DEF2M_NAMED(name, op)
#define DEF2I_X(name, op, i, k) DEF2I(name, op, i)
#define DEF2V_X(op, k)		DEF2V(op)
#define DEF1I_X(name, op, imm)                                                                     \
	static void f_##name(vec *d, const vec *s)                                                 \
	{                                                                                          \
		__asm__ volatile("movdqa %[d], %%xmm1\n" #op " $" #imm                             \
				 ", %%xmm1\n movdqa %%xmm1, %[d]"                                  \
				 : [d] "+m"(*d)                                                    \
				 :                                                                 \
				 : "xmm1");                                                        \
	}
#define DEF2M_NAMED(name, op)                                                                      \
	static void f_##name(vec *d, const vec *s)                                                 \
	{                                                                                          \
		__asm__ volatile("movdqa %[d], %%xmm1\n" #op " %[s], %%xmm1\n movdqa %%xmm1, %[d]" \
				 : [d] "+m"(*d)                                                    \
				 : [s] "m"(*s)                                                     \
				 : "xmm1");                                                        \
	}
FP_OPS(DEF2_X)
INT_OPS(DEF2_X)
MEM_OPS(DEF2M_X)
IMM_OPS(DEF2I_X)
BLENDV_OPS(DEF2V_X)
SHIFTI_OPS(DEF1I_X)

struct op2 {
	const char *name;
	op2_fn fn;
	enum kind kind;
	bool fp;
};

#define FP_ENTRY(op, k)		  {#op, f_##op, k, true},
#define INT_ENTRY(op, k)	  {#op, f_##op, k, false},
#define MEM_ENTRY(name, op, k)	  {#name, f_##name, k, (k) != INT},
#define IMM_ENTRY(name, op, i, k) {#name, f_##name, k, (k) != INT},
#define SHIFTI_ENTRY(name, op, i) {#name, f_##name, INT, false},
static const struct op2 ops2[] = {FP_OPS(FP_ENTRY) INT_OPS(INT_ENTRY) MEM_OPS(MEM_ENTRY) IMM_OPS(
    IMM_ENTRY) BLENDV_OPS(INT_ENTRY) SHIFTI_OPS(SHIFTI_ENTRY)};

static const vec (*inputs(enum kind k, unsigned *n))[2]
{
	*n = k == INT ? sizeof(int_in) / sizeof(int_in[0]) : sizeof(ps_in) / sizeof(ps_in[0]);
	return k == PS ? ps_in : k == PD ? pd_in : int_in;
}

/* pcmpestr* read their lengths from eax and edx: 5 and 12 (DEF2I). */
static void run_ops2(void)
{
	for (unsigned i = 0; i < sizeof(ops2) / sizeof(ops2[0]); i++) {
		const struct op2 *o = &ops2[i];
		unsigned n, nm = o->fp ? sizeof(mxcsr_modes) / sizeof(mxcsr_modes[0]) : 1;
		const vec(*in)[2] = inputs(o->kind, &n);

		for (unsigned p = 0; p < n; p++) {
			for (unsigned m = 0; m < nm; m++) {
				vec d = in[p][0], s = in[p][1];
				uint32_t mx;

				set_mxcsr(mxcsr_modes[m]);
				o->fn(&d, &s);
				mx = get_mxcsr();
				val_line(o->name, p << 4 | m, &d, mx, 0);
			}
		}
	}
	set_mxcsr(MXCSR_DEFAULT);
}

/* ---- GPR operands, flags ---- */

#define FLAGS 0x8d5ul /* OF SF ZF AF PF CF */

/* Scalar conversions to integers under every rounding mode, 32- and 64-bit. */
static void run_cvt2si(void)
{
	static const uint64_t sd[] = {0x4004000000000000, 0xc004000000000000, 0x41e0000000000000,
				      0x7ff8000000000000, 0x43e0000000000000, 0x3fe0000000000000};
	static const uint32_t ss[] = {0x40200000, 0xc0200000, 0x4f000000,
				      0x7fc00000, 0x5f000000, 0x3f000000};

	for (unsigned i = 0; i < sizeof(sd) / sizeof(sd[0]); i++) {
		for (unsigned m = 0; m < 4; m++) {
			vec r = {.q = {0, 0}};
			uint64_t d = sd[i], f = ss[i];

			set_mxcsr(mxcsr_modes[m]);
			__asm__ volatile("cvtsd2si %[x], %%eax\n mov %%rax, %[r0]\n"
					 "cvtsd2si %[x], %%rax\n mov %%rax, %[r1]\n"
					 "cvttsd2si %[x], %%eax\n mov %%eax, %[r2]\n"
					 "cvtss2si %[y], %%rax\n mov %%eax, %[r3]\n"
					 : [r0] "=m"(r.q[0]), [r1] "=m"(r.q[1]), [r2] "=m"(r.d[0]),
					   [r3] "=m"(r.d[1])
					 : [x] "m"(d), [y] "m"(f)
					 : "rax");
			__asm__ volatile("cvttss2si %[y], %%rax\n mov %%rax, %[r]"
					 : [r] "=m"(f)
					 : [y] "m"(f)
					 : "rax");
			val_line("cvt2si", i << 4 | m, &r, get_mxcsr(), f);
		}
	}
	set_mxcsr(MXCSR_DEFAULT);
}

/* Integers to floats (inexact when large), GPR moves, element extracts and inserts. */
static void run_gpr(void)
{
	static const uint64_t g[] = {0x7fffffffffffffff, 0x80000001, 0xfffffffffffffff3, 12345};

	for (unsigned i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		for (unsigned m = 0; m < 4; m++) {
			vec r = int_in[0][0];
			uint64_t e;

			set_mxcsr(mxcsr_modes[m]);
			__asm__ volatile("movdqa %[r], %%xmm1\n cvtsi2ssq %[g], %%xmm1\n"
					 "cvtsi2sdl %k[g], %%xmm2\n movq %%xmm2, %%rax\n"
					 "pinsrq $1, %%rax, %%xmm1\n movdqa %%xmm1, %[r]\n"
					 "cvtsi2sdq %[g], %%xmm3\n movq %%xmm3, %[e]"
					 : [r] "+m"(r), [e] "=r"(e)
					 : [g] "r"(g[i])
					 : "rax", "xmm1", "xmm2", "xmm3");
			val_line("cvtsi2s", i << 4 | m, &r, get_mxcsr(), e);
		}
	}
	set_mxcsr(MXCSR_DEFAULT);
	for (unsigned i = 0; i < 3; i++) {
		vec r = int_in[i][0], s = int_in[i][1];
		uint64_t a, b, c;

		__asm__ volatile("movdqa %[s], %%xmm2\n movmskps %%xmm2, %%eax\n"
				 "movmskpd %%xmm2, %%ecx\n shl $4, %%ecx\n or %%ecx, %%eax\n"
				 "pmovmskb %%xmm2, %%ecx\n shl $8, %%ecx\n or %%ecx, %%eax\n"
				 "pextrb $13, %%xmm2, %%ecx\n shl $32, %%rcx\n or %%rcx, %%rax\n"
				 "pextrw $5, %%xmm2, %%ecx\n shl $40, %%rcx\n or %%rcx, %%rax\n"
				 "mov %%rax, %[a]\n pextrd $3, %%xmm2, %%eax\n"
				 "extractps $1, %%xmm2, %%ecx\n shl $32, %%rcx\n or %%rcx, %%rax\n"
				 "mov %%rax, %[b]\n pextrq $1, %%xmm2, %[c]\n movdqa %[r], %%xmm1\n"
				 "pinsrb $7, %%eax, %%xmm1\n pinsrw $6, %%ecx, %%xmm1\n"
				 "pinsrd $0, %%eax, %%xmm1\n pextrb $2, %%xmm2, %[s]\n"
				 "pinsrb $15, %[s], %%xmm1\n movd %%xmm1, %%ecx\n"
				 "movq %%rcx, %%xmm3\n movsd %%xmm3, %%xmm1\n movdqa %%xmm1, %[r]"
				 : [r] "+m"(r), [a] "=&r"(a), [b] "=&r"(b), [c] "=r"(c), [s] "+m"(s)
				 :
				 : "rax", "rcx", "xmm1", "xmm2", "xmm3");
		val_line("gpr-moves", i, &r, get_mxcsr(), a ^ b << 1 ^ c << 2);
		val_line("gpr-moves-b", i, &s, a, b);
	}
}

/* comis/ucomis flags (QNaN and SNaN: ucomis raises invalid only for SNaN), ptest, and the
 * string compares' index and flags. */
/* maskmovdqu: the data bytes whose mask byte has its top bit set land at [rdi], the others
 * leave memory as it was. */
static void run_maskmov(void)
{
	static uint8_t buf[48] __attribute__((aligned(16)));
	const vec data = int_in[0][0];
	vec mask, got;
	bool ok = true;

	for (unsigned i = 0; i < 16; i++)
		mask.b[i] = (uint8_t)((i * 37) & 0x80 ? 0x80 | i : i);
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = 0xee;
	__asm__ volatile("movdqu %1, %%xmm1\n movdqu %2, %%xmm2\n maskmovdqu %%xmm2, %%xmm1"
			 : "+m"(buf)
			 : "m"(data), "m"(mask), "D"(buf + 8)
			 : "xmm1", "xmm2", "memory");
	for (unsigned i = 0; i < 16; i++)
		got.b[i] = buf[8 + i];
	val_line("maskmovdqu", 0, &got, get_mxcsr(), (uint64_t)buf[7] << 8 | buf[24]);
	for (unsigned i = 0; i < 16; i++)
		ok = ok && buf[8 + i] == ((mask.b[i] & 0x80) ? data.b[i] : 0xee);
	check(ok && buf[7] == 0xee && buf[24] == 0xee, "maskmovdqu: only the masked bytes stored");
}

static void run_flags(void)
{
	static const uint64_t pairs[][2] = {
	    {0x3ff0000000000000, 0x4000000000000000}, {0x4000000000000000, 0x3ff0000000000000},
	    {0x8000000000000000, 0x0000000000000000}, {0x7ff8000000000000, 0x3ff0000000000000},
	    {0x7ff4000000000000, 0x3ff0000000000000}, {0x7fc000007fa00000, 0x3f800000}};

	for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		vec r = {.q = {0, 0}};
		uint64_t f1, f2, f3, f4;

		set_mxcsr(MXCSR_DEFAULT);
		__asm__ volatile("movq %[a], %%xmm1\n movq %[b], %%xmm2\n"
				 "comisd %%xmm2, %%xmm1\n pushfq\n popq %[f1]\n"
				 "ucomisd %%xmm2, %%xmm1\n pushfq\n popq %[f2]\n"
				 "comiss %%xmm2, %%xmm1\n pushfq\n popq %[f3]\n"
				 "ucomiss %[b], %%xmm1\n pushfq\n popq %[f4]"
				 : [f1] "=r"(f1), [f2] "=r"(f2), [f3] "=r"(f3), [f4] "=r"(f4)
				 : [a] "m"(pairs[i][0]), [b] "m"(pairs[i][1])
				 : "xmm1", "xmm2", "cc");
		r.q[0] = (f1 & FLAGS) | (f2 & FLAGS) << 16;
		r.q[1] = (f3 & FLAGS) | (f4 & FLAGS) << 16;
		val_line("comis", i, &r, get_mxcsr(), 0);
	}
	for (unsigned i = 0; i < 3; i++) {
		for (unsigned imm = 0; imm < 4; imm++) {
			vec r = {.q = {0, 0}};
			uint64_t f, pf;

			__asm__ volatile(
			    "movdqa %[a], %%xmm1\n movdqa %[b], %%xmm2\n"
			    "mov $7, %%eax\n mov $16, %%edx\n"
			    "cmp $1, %[imm]\n je 1f\n cmp $2, %[imm]\n je 2f\n"
			    "cmp $3, %[imm]\n je 3f\n"
			    "pcmpestri $0x0c, %%xmm2, %%xmm1\n jmp 4f\n"
			    "1: pcmpestri $0x48, %%xmm2, %%xmm1\n jmp 4f\n"
			    "2: pcmpistri $0x3a, %%xmm2, %%xmm1\n jmp 4f\n"
			    "3: pcmpistri $0x04, %%xmm2, %%xmm1\n"
			    "4: pushfq\n popq %[f]\n mov %%ecx, %[r0]\n"
			    "ptest %%xmm2, %%xmm1\n pushfq\n popq %[pf]"
			    : [f] "=r"(f), [r0] "=m"(r.d[0]), [pf] "=r"(pf)
			    : [a] "m"(int_in[i][0]), [b] "m"(int_in[i][1]), [imm] "r"(imm)
			    : "rax", "rcx", "rdx", "xmm1", "xmm2", "cc");
			r.q[1] = pf & FLAGS;
			val_line("strcmp-ptest", i << 4 | imm, &r, get_mxcsr(), f & FLAGS);
		}
	}
}

/* A few results the architecture fixes, checked on every engine. */
static void known_values(void)
{
	vec a = {.d = {0x3f800000, 0x40000000, 0x7f7fffff, 0}},
	    b = {.d = {0x40000000, 0x40000000, 0x7f7fffff, 0}};
	uint32_t mx;
	uint64_t crc = 0, pop;

	set_mxcsr(MXCSR_DEFAULT);
	f_addps(&a, &b);
	mx = get_mxcsr();
	check(a.d[0] == 0x40400000 && a.d[1] == 0x40800000 && a.d[2] == 0x7f800000,
	      "addps: 1+2, 2+2, FLT_MAX+FLT_MAX = inf");
	check(mx == (MXCSR_DEFAULT | 0x28), "addps overflow sets OE and PE");
	__asm__ volatile("crc32q %[v], %[c]\n popcnt %[v], %[p]"
			 : [c] "+r"(crc), [p] "=r"(pop)
			 : [v] "r"(0x0123456789abcdefull));
	check(pop == 32, "popcnt");
	puts_serial("val: crc32 ");
	hex(crc, 8);
	puts_serial("\n");
}

#ifndef SSE_NATIVE
/* ---- exceptions ---- */

static void expect(const char *name, uint64_t vector, uint64_t error)
{
	puts_serial("val: ");
	puts_serial(name);
	puts_serial(" vector ");
	hex(last.vector, 16);
	puts_serial(" error ");
	hex(last.error, 16);
	puts_serial("\n");
	check(last.vector == vector && last.error == error, name);
}

static uint8_t buf[64] __attribute__((aligned(16)));
static uint8_t fx[512 + 16] __attribute__((aligned(16)));

static void run_exceptions(void)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();
	uint32_t bad = 0x10000 | MXCSR_DEFAULT, mx;
	vec v = {.d = {0x3f800000, 0, 0, 0}};

	TRY("movaps (%%rbx), %%xmm1", : : "b"(buf + 8) : "rax", "memory");
	expect("#GP(0): movaps misaligned", 13, 0);
	TRY("addps (%%rbx), %%xmm1", : : "b"(buf + 4) : "rax", "memory");
	expect("#GP(0): addps misaligned", 13, 0);
	TRY("movups (%%rbx), %%xmm1\n addss (%%rbx), %%xmm1\n pcmpistri $0, (%%rbx), %%xmm1",
	    :
	    : "b"(buf + 4)
	    : "rax", "rcx", "memory");
	expect("movups, addss, pcmpistri: no alignment", (uint64_t)-1, 0);
	TRY("ldmxcsr (%%rbx)", : : "b"(&bad) : "rax", "memory");
	expect("#GP(0): ldmxcsr reserved bit", 13, 0);
	TRY("fxsave (%%rbx)", : : "b"(fx + 8) : "rax", "memory");
	expect("#GP(0): fxsave misaligned", 13, 0);
	/* divide by zero with ZE unmasked: #XM, the destination unchanged, ZE set */
	set_mxcsr(MXCSR_DEFAULT & ~0x200u);
	TRY("movdqa (%%rbx), %%xmm1\n xorps %%xmm2, %%xmm2\n divss %%xmm2, %%xmm1",
	    :
	    : "b"(&v)
	    : "rax", "memory");
	__asm__ volatile("movdqa %%xmm1, %0" : "=m"(v) : : "memory");
	mx = get_mxcsr();
	expect("#XM: unmasked divide by zero", 19, 0);
	check(v.d[0] == 0x3f800000 && mx == ((MXCSR_DEFAULT & ~0x200u) | 4),
	      "#XM: destination unchanged, ZE set");
	set_mxcsr(MXCSR_DEFAULT & ~0x200u);
	write_cr4(cr4 & ~CR4_OSXMMEXCPT);
	TRY("divss %%xmm2, %%xmm1", : : : "rax", "memory");
	expect("#UD: unmasked exception without CR4.OSXMMEXCPT", 6, 0);
	write_cr4(cr4);
	set_mxcsr(MXCSR_DEFAULT);
	write_cr4(cr4 & ~CR4_OSFXSR);
	TRY("addps %%xmm2, %%xmm1", : : : "rax", "memory");
	write_cr4(cr4);
	expect("#UD: addps without CR4.OSFXSR", 6, 0);
	write_cr0(cr0 | CR0_TS);
	TRY("addps %%xmm2, %%xmm1", : : : "rax", "memory");
	write_cr0(cr0);
	expect("#NM: addps with CR0.TS", 7, 0);
	write_cr0(cr0 | CR0_TS);
	TRY("fxsave (%%rbx)", : : "b"(fx) : "rax", "memory");
	write_cr0(cr0);
	expect("#NM: fxsave with CR0.TS", 7, 0);
	write_cr0(cr0 | CR0_EM);
	TRY("addps %%xmm2, %%xmm1", : : : "rax", "memory");
	write_cr0(cr0);
	expect("#UD: addps with CR0.EM", 6, 0);
}

/* fxsave's image (the x87 words, MXCSR and its mask, XMM registers), fxrstor back. */
static void run_fxsave(void)
{
	vec x = int_in[0][0], y;
	uint64_t *q = (uint64_t *)(void *)fx;
	uint32_t bad = 0x20000;

	set_mxcsr(0x3fa5);
	__asm__ volatile("movdqa %0, %%xmm5\n fxsave64 (%1)"
			 :
			 : "m"(x), "r"(fx)
			 : "xmm5", "memory");
	puts_serial("val: fxsave ");
	hex(q[0], 16);
	putc_serial(' ');
	hex(q[3], 16);
	putc_serial(' ');
	hex(q[(160 + 5 * 16) / 8 + 1], 16);
	hex(q[(160 + 5 * 16) / 8], 16);
	puts_serial("\n");
	check((q[3] & 0xffffffff) == 0x3fa5, "fxsave: MXCSR");
	q[(160 + 5 * 16) / 8] ^= 0xff;
	set_mxcsr(MXCSR_DEFAULT);
	__asm__ volatile("fxrstor64 (%1)\n movdqa %%xmm5, %0"
			 : "=m"(y)
			 : "r"(fx)
			 : "xmm5", "memory");
	check(get_mxcsr() == 0x3fa5 && y.q[0] == (x.q[0] ^ 0xff) && y.q[1] == x.q[1],
	      "fxrstor: MXCSR and xmm5 back");
	((uint32_t *)(void *)fx)[6] = bad;
	TRY("fxrstor (%%rbx)", : : "b"(fx) : "rax", "memory");
	expect("#GP(0): fxrstor reserved MXCSR bit", 13, 0);
	check(get_mxcsr() == 0x3fa5, "fxrstor: nothing restored on #GP");
	set_mxcsr(MXCSR_DEFAULT);
}

#endif

int main(void)
{
#ifndef SSE_NATIVE
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	idt_setup();
#endif
	known_values();
	run_ops2();
	run_cvt2si();
	run_gpr();
	run_flags();
	run_maskmov();
#ifndef SSE_NATIVE
	run_exceptions();
	run_fxsave();
#endif
	pass("sse");
}
