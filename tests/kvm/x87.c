/*
 * x87.c - x87 and MMX: every x87 instruction family on ordinary and special values (NaN, SNaN,
 * infinities, denormals, -0, huge and tiny), under the four rounding modes and the three
 * precisions, with the state each leaves (fnsave's status and full tag words, FOP, ST0-ST3,
 * the memory result, RFLAGS for fcomi/fucomi); stack overflow and underflow; the MMX
 * operations and the conversions between MMX and SSE registers (with MXCSR's flags) with the
 * x87 state they leave. Results are "val:" lines. With X87_NATIVE it is
 * also a host program (sse_native.c's console) that prints the value lines, the host CPU's
 * own results: sse-native.sh compares them with the software CPU's, line for line.
 *
 * Then fnsave/frstor (both layouts) and fxsave64/fxrstor64 round trips, with the images
 * printed (the host's too). Bare metal only: an unmasked exception sets ES and raises #MF at
 * the next waiting instruction (fwait, an x87 or an MMX instruction), not at a no-wait one;
 * #NM with CR0.TS and CR0.EM (MMX: #UD with EM), wait's #NM with MP and TS; CPUID's FPU and
 * MMX bits.
 *
 * The instruction and data pointers (FIP, FDP) are addresses of this program, which differ
 * between the native and the bare-metal build: they are not printed.
 */
#include "lib.h"

#define CR0_MP (1ul << 1)
#define CR0_EM (1ul << 2)
#define CR0_TS (1ul << 3)
#define CR0_NE (1ul << 5)

struct f80 {
	uint64_t mant;
	uint16_t sexp;
} __attribute__((packed));

struct state {
	struct f80 a, b;  /* ST0 and ST1 before the instruction */
	uint8_t m[32];	  /* the memory operand (fnstenv: 28 bytes) */
	uint16_t cw;	  /* FCW during it */
	uint64_t flags;	  /* RFLAGS after it (in: before, for fcmovcc) */
	uint8_t img[108]; /* fnsave after it */
} __attribute__((aligned(16)));

/* ---- printing ---- */

static void hex(uint64_t v, unsigned digits)
{
	while (digits--)
		putc_serial("0123456789abcdef"[(v >> (4 * digits)) & 0xf]);
}

static uint32_t img32(const struct state *s, unsigned off)
{
	return s->img[off] | (uint32_t)s->img[off + 1] << 8 | (uint32_t)s->img[off + 2] << 16 |
	       (uint32_t)s->img[off + 3] << 24;
}

/* "val: name idx cw sw tw fop st0 st1 st2 st3 mem flags". FOP without ModRM's mod and r/m
 * bits: how the memory operand is addressed is the compiler's choice, which differs between
 * the bare-metal build and the native one (a sanitizer build picks other registers). */
static void val_state(const char *name, unsigned idx, const struct state *s)
{
	puts_serial("val: ");
	puts_serial(name);
	putc_serial(' ');
	hex(idx, 3);
	putc_serial(' ');
	hex(img32(s, 0), 8);
	putc_serial(' ');
	hex(img32(s, 4), 8);
	putc_serial(' ');
	hex(img32(s, 8), 8);
	putc_serial(' ');
	hex((img32(s, 16) >> 16) & 0x738, 4);
	for (unsigned k = 0; k < 4; k++) {
		putc_serial(' ');
		for (unsigned i = 10; i--;)
			hex(s->img[28 + 10 * k + i], 2);
	}
	putc_serial(' ');
	for (unsigned i = 10; i--;)
		hex(s->m[i], 2);
	putc_serial(' ');
	hex(s->flags & 0x8d5, 3);
	puts_serial("\n");
}

/* ---- inputs ---- */

static const struct f80 vals[] = {
    {0x8000000000000000, 0x3fff}, /* 1 */
    {0xc000000000000000, 0xbfff}, /* -1.5 */
    {0xc90fdaa22168c235, 0x4000}, /* pi */
    {0xaaaaaaaaaaaaaaab, 0x3ffd}, /* 1/3 */
    {0x0000000000000000, 0x8000}, /* -0 */
    {0x8000000000000000, 0x7fff}, /* +inf */
    {0xc000000000000000, 0xffff}, /* -QNaN (the default NaN) */
    {0xa000000000000000, 0x7fff}, /* SNaN */
    {0x0000000000000123, 0x0000}, /* denormal */
    {0xffffffffffffffff, 0x43fe}, /* DBL_MAX-ish, beyond float and double */
    {0x8000000000000000, 0x0001}, /* the smallest normal */
    {0x9502f90000000000, 0x4020}, /* 1e10 */
    {0x8000000000000001, 0x403e}, /* 2^63 + 1 */
    {0xa000000000000000, 0xc000}, /* -2.5 */
    {0x8000000000000000, 0x3ffe}, /* 0.5 */
    {0xb8aa3b295c17f0bc, 0x3fff}, /* log2(e) */
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

/* Memory operands, by size: m16/m32/m64 integers and floats, m80 (an 80-bit value or BCD). */
static const uint64_t mem_vals[] = {
    0x0000000000000007, 0xffffffffffff8000, 0x3ff8000000000000, 0x40490fdb7fffffff,
    0x7ff0000000000000, 0x0000000080000000, 0x8000000000000001, 0x0000000000001234,
};
#define NMEM (sizeof(mem_vals) / sizeof(mem_vals[0]))

/* FCW: nearest/down/up/zero at 64 bits, nearest at 24 and 53 bits, all masked. */
static const uint16_t cws[] = {0x037f, 0x077f, 0x0b7f, 0x0f7f, 0x007f, 0x027f};
#define NCWS (sizeof(cws) / sizeof(cws[0]))

/* ---- the instructions: ST0 = a, ST1 = b, [m] = the memory operand ---- */

#define RUN(body)                                                                                  \
	__asm__ volatile(                                                                          \
	    "fninit\n fldcw %[cw]\n fldt %[b]\n fldt %[a]\n pushq %[fl]\n popfq\n" body            \
	    "\n fnsave %[img]"                                                                     \
	    : [img] "=m"(s->img), [m] "+m"(s->m), [fl] "+r"(s->flags)                              \
	    : [a] "m"(s->a), [b] "m"(s->b), [cw] "m"(s->cw)                                        \
	    : "rax", "cc", "memory")

/* All exceptions unmasked (FCW 0x0340) for the one instruction after it: the exception is
 * left pending, and fnsave, which does not wait, saves it. */
#define UM "pushq $0x0340\n fldcw (%%rsp)\n popq %%rax\n"
/* clang-format off */
#define X87_OPS(X)                                                                                 \
	X(fadd, "fadd %%st(1), %%st") X(fadd_r, "fadd %%st, %%st(1)") X(faddp, "faddp")            \
	X(fadds, "fadds %[m]") X(faddl, "faddl %[m]") X(fiadds, "fiadds %[m]")                     \
	X(fiaddl, "fiaddl %[m]") X(fsub, "fsub %%st(1), %%st") X(fsubr, "fsubr %%st(1), %%st")     \
	X(fsubp, "fsubp") X(fsubrp, "fsubrp") X(fsubs, "fsubs %[m]") X(fsubrl, "fsubrl %[m]")      \
	X(fisubl, "fisubl %[m]") X(fisubrs, "fisubrs %[m]") X(fmul, "fmul %%st(1), %%st")          \
	X(fmulp, "fmulp") X(fmull, "fmull %[m]") X(fimuls, "fimuls %[m]")                          \
	X(fdiv, "fdiv %%st(1), %%st") X(fdivr, "fdivr %%st(1), %%st") X(fdivp, "fdivp")            \
	X(fdivrp, "fdivrp") X(fdivs, "fdivs %[m]") X(fdivrl, "fdivrl %[m]")                        \
	X(fidivl, "fidivl %[m]") X(fidivrs, "fidivrs %[m]") X(fsqrt, "fsqrt") X(fscale, "fscale")  \
	X(fprem, "fprem") X(fprem1, "fprem1") X(frndint, "frndint") X(fxtract, "fxtract")          \
	X(fabs, "fabs") X(fchs, "fchs") X(fsin, "fsin") X(fcos, "fcos") X(fsincos, "fsincos")      \
	X(fptan, "fptan") X(fpatan, "fpatan") X(f2xm1, "f2xm1") X(fyl2x, "fyl2x")                  \
	X(fyl2xp1, "fyl2xp1") X(fcom, "fcom %%st(1)") X(fcomp, "fcomp %%st(1)")                    \
	X(fcompp, "fcompp") X(fucom, "fucom %%st(1)") X(fucomp, "fucomp %%st(1)")                  \
	X(fucompp, "fucompp") X(fcoms, "fcoms %[m]") X(fcompl, "fcompl %[m]")                      \
	X(ficoms, "ficoms %[m]") X(ficompl, "ficompl %[m]") X(ftst, "ftst") X(fxam, "fxam")        \
	X(fcomi, "fcomi %%st(1), %%st\n pushfq\n popq %[fl]")                                      \
	X(fcomip, "fcomip %%st(1), %%st\n pushfq\n popq %[fl]")                                    \
	X(fucomi, "fucomi %%st(1), %%st\n pushfq\n popq %[fl]")                                    \
	X(fucomip, "fucomip %%st(1), %%st\n pushfq\n popq %[fl]") X(flds, "flds %[m]")             \
	X(fldl, "fldl %[m]") X(fldt, "fldt %[m]") X(filds, "filds %[m]") X(fildl, "fildl %[m]")    \
	X(fildll, "fildll %[m]") X(fbld, "fbld %[m]") X(fsts, "fsts %[m]") X(fstl, "fstl %[m]")    \
	X(fstps, "fstps %[m]") X(fstpl, "fstpl %[m]") X(fstpt, "fstpt %[m]")                       \
	X(fists, "fists %[m]") X(fistl, "fistl %[m]") X(fistps, "fistps %[m]")                     \
	X(fistpll, "fistpll %[m]") X(fisttps, "fisttps %[m]") X(fisttpl, "fisttpl %[m]")           \
	X(fisttpll, "fisttpll %[m]") X(fbstp, "fbstp %[m]") X(fld1, "fld1") X(fldl2t, "fldl2t")    \
	X(fldl2e, "fldl2e") X(fldpi, "fldpi") X(fldlg2, "fldlg2") X(fldln2, "fldln2")              \
	X(fldz, "fldz") X(fld_st1, "fld %%st(1)") X(fst_st2, "fst %%st(2)")                        \
	X(fstp_st1, "fstp %%st(1)") X(fxch, "fxch %%st(1)") X(ffree, "ffree %%st(1)")              \
	X(fincstp, "fincstp") X(fdecstp, "fdecstp") X(fnop, "fnop")                                \
	X(fcmovb, "fcmovb %%st(1), %%st") X(fcmove, "fcmove %%st(1), %%st")                        \
	X(fcmovbe, "fcmovbe %%st(1), %%st") X(fcmovu, "fcmovu %%st(1), %%st")                      \
	X(fcmovnb, "fcmovnb %%st(1), %%st") X(fcmovne, "fcmovne %%st(1), %%st")                    \
	X(fcmovnbe, "fcmovnbe %%st(1), %%st") X(fcmovnu, "fcmovnu %%st(1), %%st")                  \
	X(overflow, "fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1")                              \
	X(underflow, "fstp %%st(0)\n fstp %%st(0)\n fadd %%st(1), %%st\n fstp %%st(0)")            \
	X(fnstsw, "fdivr %%st(1), %%st\n fnstsw %%ax\n mov %%rax, %[fl]")                          \
	X(fnstenv, "fnstenv %[m]\n fnstcw %[m]") X(fldcw, "fldcw %[m]\n fdiv %%st(1), %%st")       \
	X(fsts_um, UM "fsts %[m]") X(fstl_um, UM "fstl %[m]") X(fstpt_um, UM "fstpt %[m]")         \
	X(fistl_um, UM "fistl %[m]") X(fistps_um, UM "fistps %[m]")                                \
	X(fisttpll_um, UM "fisttpll %[m]") X(fbstp_um, UM "fbstp %[m]") X(flds_um, UM "flds %[m]") \
	X(faddl_um, UM "faddl %[m]") X(fdiv_um, UM "fdiv %%st(1), %%st") X(fsqrt_um, UM "fsqrt")   \
	X(fsin_um, UM "fsin") X(fxtract_um, UM "fxtract") X(fscale_um, UM "fscale")                \
	X(fcomi_um, UM "fcomi %%st(1), %%st\n pushfq\n popq %[fl]")                                \
	X(overflow_um, UM "fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1")                        \
	X(fnstenv16, "data16 fnstenv %[m]\n movw $0, 6+%[m]")                                      \
	X(fldenv16, "data16 fnstenv %[m]\n fninit\n data16 fldenv %[m]\n movw $0, 6+%[m]")
/* clang-format on */

#define X87_FN(name, body)                                                                         \
	static void f_##name(struct state *s)                                                      \
	{                                                                                          \
		RUN(body);                                                                         \
	}
X87_OPS(X87_FN)

struct x87_op {
	const char *name;
	void (*fn)(struct state *s);
};

#define X87_ENTRY(name, body) {#name, f_##name},
static const struct x87_op x87_ops[] = {X87_OPS(X87_ENTRY)};

/* RFLAGS in for fcmovcc: CF, ZF, PF in turn. */
static const uint64_t flags_in[] = {0x0, 0x1, 0x40, 0x4, 0x45};

static void run_x87(void)
{
	for (unsigned o = 0; o < sizeof(x87_ops) / sizeof(x87_ops[0]); o++) {
		for (unsigned i = 0; i < NVALS; i++) {
			struct state s = {.a = vals[i],
					  .b = vals[(i * 5 + 3 + o) % NVALS],
					  .cw =
					      (i & 1) ? cws[1 + (i / 2 + o) % (NCWS - 1)] : cws[0],
					  .flags = flags_in[(i + o) % 5]};
			uint64_t mv = mem_vals[(i + o) % NMEM];

			for (unsigned k = 0; k < 8; k++)
				s.m[k] = (uint8_t)(mv >> (8 * k));
			s.m[8] = (uint8_t)(i * 0x11);
			s.m[9] = (uint8_t)(o & 1 ? 0x40 : 0x80);
			x87_ops[o].fn(&s);
			val_state(x87_ops[o].name, i, &s);
		}
	}
}

/* ---- MMX: "op %mm1, %mm0" with mm0 = a, mm1 = b; then the x87 state it leaves ---- */

struct mmx_state {
	uint64_t a, b;
	uint8_t img[108];
};

#define MMX_RUN(body)                                                                              \
	__asm__ volatile("fninit\n fld1\n movq %[a], %%mm0\n movq %[b], %%mm1\n" body              \
			 "\n movq %%mm0, %[a]\n fnsave %[img]\n emms"                              \
			 : [a] "+m"(s->a), [b] "+m"(s->b), [img] "=m"(s->img)                      \
			 :                                                                         \
			 : "rax", "mm0", "mm1", "xmm3", "memory")

/* clang-format off */
#define MMX_OPS(X)                                                                                 \
	X(punpcklbw) X(punpcklwd) X(punpckldq) X(punpckhbw) X(punpckhwd) X(punpckhdq) X(packsswb)  \
	X(packuswb) X(packssdw) X(pcmpgtb) X(pcmpgtw) X(pcmpgtd) X(pcmpeqb) X(pcmpeqw) X(pcmpeqd)  \
	X(paddb) X(paddw) X(paddd) X(paddq) X(psubb) X(psubw) X(psubd) X(psubq) X(paddsb)          \
	X(paddsw) X(paddusb) X(paddusw) X(psubsb) X(psubsw) X(psubusb) X(psubusw) X(pmullw)        \
	X(pmulhw) X(pmulhuw) X(pmuludq) X(pmaddwd) X(psadbw) X(pavgb) X(pavgw) X(pminub)           \
	X(pmaxub) X(pminsw) X(pmaxsw) X(psrlw) X(psrld) X(psrlq) X(psraw) X(psrad) X(psllw)        \
	X(pslld) X(psllq) X(pand) X(pandn) X(por) X(pxor) X(pshufb) X(phaddw) X(phaddd)            \
	X(phaddsw) X(phsubw) X(phsubd) X(phsubsw) X(pmaddubsw) X(psignb) X(psignw) X(psignd)       \
	X(pmulhrsw) X(pabsb) X(pabsw) X(pabsd)
/* clang-format on */
/* The MMX <-> SSE conversions: MXCSR's default (MXR) or round down (MXD) first, and MXCSR
 * after them in b's low half (MXS). */
#define MXR "pushq $0x1f80\n ldmxcsr (%%rsp)\n popq %%rax\n"
#define MXD "pushq $0x3f80\n ldmxcsr (%%rsp)\n popq %%rax\n"
#define MXS "\n stmxcsr %[b]"
/* clang-format off */
#define MMX_SPECIAL(X)                                                                             \
	X(movq_mem, "movq %[b], %%mm0") X(movd_mem, "movd %[b], %%mm0")                            \
	X(movd_gpr, "mov %[b], %%rax\n movd %%eax, %%mm0\n movd %%mm0, %%eax\n"                    \
		"movq %%rax, %%mm1\n paddd %%mm1, %%mm0")                                          \
	X(movq_gpr, "movq %%mm1, %%rax\n not %%rax\n movq %%rax, %%mm0")                           \
	X(movq_store, "movq %%mm0, %[b]\n movq %[b], %%mm1\n paddb %%mm1, %%mm0")                  \
	X(pshufw, "pshufw $0x1b, %%mm1, %%mm0") X(pshufw_m, "pshufw $0xd2, %[b], %%mm0")           \
	X(pinsrw, "mov $0xbeef, %%eax\n pinsrw $2, %%eax, %%mm0")                                  \
	X(pextrw, "pextrw $3, %%mm1, %%eax\n movd %%eax, %%mm0")                                   \
	X(pmovmskb, "pmovmskb %%mm1, %%eax\n movd %%eax, %%mm0") X(psrlw_i, "psrlw $3, %%mm0")     \
	X(psraw_i, "psraw $15, %%mm0") X(psllq_i, "psllq $17, %%mm0")                              \
	X(psrad_i, "psrad $40, %%mm0") X(paddw_m, "paddw %[b], %%mm0")                             \
	X(movq2dq, "movq2dq %%mm1, %%xmm3\n pshufd $0x4e, %%xmm3, %%xmm3\n movdq2q %%xmm3, %%mm0") \
	X(emms, "emms")                                                                            \
	X(cvtpi2ps, MXR "movq %[b], %%xmm3\n cvtpi2ps %%mm1, %%xmm3\n movdq2q %%xmm3, %%mm0" MXS)  \
	X(cvtpi2ps_m, MXR "cvtpi2ps %[a], %%xmm3\n movdq2q %%xmm3, %%mm0" MXS)                     \
	X(cvtpi2pd, MXR "cvtpi2pd %%mm1, %%xmm3\n cvtpd2pi %%xmm3, %%mm0" MXS)                     \
	X(cvtpi2pd_m, MXR "cvtpi2pd %[a], %%xmm3\n cvttpd2pi %%xmm3, %%mm0" MXS)                   \
	X(cvtps2pi, MXR "movq %[a], %%xmm3\n cvtps2pi %%xmm3, %%mm0" MXS)                          \
	X(cvtps2pi_dn, MXD "cvtps2pi %[a], %%mm0" MXS)                                             \
	X(cvttps2pi, MXR "movq %[a], %%xmm3\n cvttps2pi %%xmm3, %%mm0" MXS)                        \
	X(cvtpd2pi, MXR "movq %[a], %%xmm3\n pinsrq $1, %[b], %%xmm3\n"                            \
		"cvtpd2pi %%xmm3, %%mm0" MXS)                                                      \
	X(cvttpd2pi, MXD "movq %[b], %%xmm3\n pinsrq $1, %[a], %%xmm3\n"                           \
		"cvttpd2pi %%xmm3, %%mm0" MXS)
/* clang-format on */

#define MMX_FN(op)                                                                                 \
	static void m_##op(struct mmx_state *s)                                                    \
	{                                                                                          \
		MMX_RUN(#op " %%mm1, %%mm0");                                                      \
	}
#define MMX_FN2(name, body)                                                                        \
	static void m_##name(struct mmx_state *s)                                                  \
	{                                                                                          \
		MMX_RUN(body);                                                                     \
	}
MMX_OPS(MMX_FN)
MMX_SPECIAL(MMX_FN2)

struct mmx_op {
	const char *name;
	void (*fn)(struct mmx_state *s);
};
#define MMX_ENTRY(op)	       {#op, m_##op},
#define MMX_ENTRY2(name, body) {#name, m_##name},
static const struct mmx_op mmx_ops[] = {MMX_OPS(MMX_ENTRY) MMX_SPECIAL(MMX_ENTRY2)};

static const uint64_t mmx_in[][2] = {
    {0x807f01ff7f80fe00, 0x7f80ff0180017fff},
    {0x8000800080007fff, 0x7fff80017fff8000},
    {0x0123456789abcdef, 0xfedcba9876543210},
    {0x8000000000000001, 0x0000000000000021},
};

static void run_mmx(void)
{
	for (unsigned o = 0; o < sizeof(mmx_ops) / sizeof(mmx_ops[0]); o++) {
		for (unsigned i = 0; i < sizeof(mmx_in) / sizeof(mmx_in[0]); i++) {
			struct mmx_state s = {.a = mmx_in[i][0], .b = mmx_in[i][1]};
			uint16_t sexp0;

			mmx_ops[o].fn(&s);
			sexp0 = (uint16_t)(s.img[36] | s.img[37] << 8);
			puts_serial("val: ");
			puts_serial(mmx_ops[o].name);
			putc_serial(' ');
			hex(i, 1);
			putc_serial(' ');
			hex(s.a, 16);
			putc_serial(' ');
			hex(s.b, 16);
			putc_serial(' ');
			hex(s.img[4] | s.img[5] << 8, 4);
			putc_serial(' ');
			hex(s.img[8] | s.img[9] << 8, 4);
			putc_serial(' ');
			hex(sexp0, 4);
			puts_serial("\n");
		}
	}
}

/* fnsave/frstor (both layouts) and fxsave/fxrstor give back the same state. */
static void run_save(void)
{
	/* cppcheck-suppress constVariable ; b is written by the asm below */
	static uint8_t a[108], b[108], c16[94], fx[512] __attribute__((aligned(16)));
	static const uint16_t cw = 0x0b72;
	bool same = true;

	__asm__ volatile("fninit\n fldcw %3\n fldpi\n fld1\n fldz\n fdiv %%st, %%st(1)\n"
			 "fnsave %0\n frstor %0\n fnsave %1\n frstor %1\n fxsave64 %2\n"
			 "fninit\n fxrstor64 %2\n fnsave %1\n fninit"
			 : "+m"(a), "+m"(b), "+m"(fx)
			 : "m"(cw)
			 : "memory");
	for (unsigned i = 0; i < 108; i++)
		same &= a[i] == b[i];
	puts_serial("val: fnsave ");
	for (unsigned i = 0; i < 108; i++)
		if (i < 12 || i >= 28)
			hex(a[i], 2);
	puts_serial("\nval: fxsave ");
	for (unsigned i = 0; i < 8; i++)
		hex(fx[i], 2);
	for (unsigned i = 32; i < 160; i++)
		hex(fx[i], 2);
	puts_serial("\n");
	check(same, "fnsave, frstor, fxsave64, fxrstor64: the same state back");
	__asm__ volatile("frstor %0\n data16 fnsave %2\n data16 frstor %2\n fnsave %1\n fninit"
			 : "+m"(a), "=m"(b), "+m"(c16)
			 :
			 : "memory");
	for (unsigned i = 0; i < 108; i++)
		same &= (i >= 12 && i < 28) || a[i] == b[i];
	check(same, "16-bit fnsave and frstor: the same words and registers back");
}

#ifndef X87_NATIVE
/* ---- exceptions: a handler records the vector and resumes after TRY ---- */

volatile uint64_t last_vector;
uint64_t exc_resume, exc_resume_rsp;

__asm__(".text\n"
	".macro EXC v\n exc_\\v: movq $\\v, last_vector(%rip)\n"
	" movq exc_resume_rsp(%rip), %rsp\n jmp *exc_resume(%rip)\n .endm\n"
	"EXC 6\n EXC 7\n EXC 16\n");
extern const char exc_6[], exc_7[], exc_16[];

#define TRY(text, ...)                                                                             \
	__asm__ volatile("movq $-1, last_vector(%%rip)\n lea 1f(%%rip), %%rax\n"                   \
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
	set_gate(16, exc_16);
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

static uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

/* CR4.OSFXSR and OSXMMEXCPT: the compiler uses SSE, and movq2dq/movdq2q are tested. */
static void enable_sse(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	v |= 3ul << 9;
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static void expect(const char *name, uint64_t vector)
{
	puts_serial("val: ");
	puts_serial(name);
	puts_serial(" vector ");
	hex(last_vector, 16);
	puts_serial("\n");
	check(last_vector == vector, name);
}

static uint16_t fnstsw(void)
{
	uint16_t sw;

	__asm__ volatile("fnstsw %0" : "=m"(sw));
	return sw;
}

/* An unmasked divide by zero: ES set, #MF at the next waiting instruction only. */
static void run_pending(void)
{
	static const uint16_t cw_ze = 0x037b;
	static const char *const next[] = {"#MF: fwait", "#MF: fld1", "#MF: MMX paddb"};
	uint16_t cw;

	for (unsigned i = 0; i < 3; i++) {
		__asm__ volatile("fninit\n fldcw %0\n fld1\n fldz\n fdivrp" : : "m"(cw_ze));
		uint16_t sw = fnstsw();

		puts_serial("val: pending sw ");
		hex(sw, 4);
		puts_serial("\n");
		check((sw & 0x8084) == 0x8084, "unmasked divide by zero: ZE, ES and B set");
		TRY("fnstcw (%%rbx)\n fnstsw %%ax", : : "b"(&cw) : "rax", "memory");
		expect("no-wait fnstcw and fnstsw: no #MF", (uint64_t)-1);
		if (i == 0)
			TRY("fwait", : : : "rax", "memory");
		else if (i == 1)
			TRY("fld1", : : : "rax", "memory");
		else
			TRY("paddb %%mm1, %%mm0", : : : "rax", "memory");
		expect(next[i], 16);
		__asm__ volatile("fnclex\n fninit\n emms");
	}
}

static void run_nm(void)
{
	uint64_t cr0 = read_cr0();

	write_cr0(cr0 | CR0_TS);
	TRY("fld1", : : : "rax", "memory");
	write_cr0(cr0);
	expect("#NM: fld1 with CR0.TS", 7);
	write_cr0(cr0 | CR0_EM);
	TRY("fld1", : : : "rax", "memory");
	write_cr0(cr0);
	expect("#NM: fld1 with CR0.EM", 7);
	write_cr0(cr0 | CR0_EM);
	TRY("paddb %%mm1, %%mm0", : : : "rax", "memory");
	write_cr0(cr0);
	expect("#UD: MMX with CR0.EM", 6);
	write_cr0((cr0 | CR0_TS) & ~CR0_MP);
	TRY("fwait", : : : "rax", "memory");
	write_cr0(cr0);
	expect("wait with TS, no MP: runs", (uint64_t)-1);
	write_cr0(cr0 | CR0_TS | CR0_MP);
	TRY("fwait", : : : "rax", "memory");
	write_cr0(cr0);
	expect("#NM: wait with CR0.MP and TS", 7);
}

static void run_cpuid(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	check((r[3] & 1) && (r[3] >> 23 & 1), "CPUID: FPU and MMX");
}
#endif

int main(void)
{
#ifndef X87_NATIVE
	enable_sse();
	write_cr0(read_cr0() | CR0_NE | CR0_MP);
	idt_setup();
#endif
	run_x87();
	run_mmx();
	run_save();
#ifndef X87_NATIVE
	run_pending();
	run_nm();
	run_cpuid();
#endif
	pass("x87");
}
