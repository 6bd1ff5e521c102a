/*
 * x86_opcodes.h - the x86-64 instruction set as data: every mnemonic FVP
 * knows (X86_MNEMONICS) and every encoding form (X86_FORMS), one line each.
 *
 * A form is X(map, opcode, count, prefix, selector, mnemonic, op1, op2, op3,
 * flags):
 *   map       0 one-byte, 1 0F, 2 0F 38, 3 0F 3A
 *   count     the form covers opcode .. opcode+count-1 (the low bits name a
 *             register, Z operands, or a condition, CC forms)
 *   prefix    ANY (66/F2/F3 are size/rep prefixes), or the mandatory prefix
 *             the form requires: NP (none), P66, PF3, PF2
 *   selector  NO (no ModRM), RM (any ModRM), REGn (ModRM.reg = n), MEMn
 *             (reg = n, memory form), REGFn (reg = n, register form), MEM
 *             (memory form), REGF (register form), or MODRM(byte) (one
 *             register-form ModRM byte)
 *   operands  type and size in Intel's manual notation (x86_decode.c):
 *             E G M R I J Z (register in opcode) A (accumulator) O (moffs)
 *             X Y (string) S C D (segment, control, debug register) P Q N
 *             (MMX) V W U (XMM) ST STI; sizes b w d q dq t v z y x ps...
 *   flags     a bitwise or of X86_F_* (x86_decode.h) or 0
 *
 * x87 register forms include the aliases hardware executes (fcom/fcomp in
 * DC and DE, fxch in DD and DF, fstp in D9 and DF, ffreep).
 *
 * Invariant: lines for one (map, opcode) are tried in table order and the
 * first that matches wins, so a specific form (MODRM, W1, PF3 90 pause)
 * comes before the general one. An encoding no line matches is #UD.
 * Modes: a form flagged I64 exists only outside 64-bit mode (16/32-bit code:
 * inc/dec at 40-4F, push/pop of es cs ss ds, BCD arithmetic, pusha, les, far
 * pointers...), one flagged O64 only in 64-bit mode (movsxd, swapgs); D64 and
 * F64 apply in 64-bit mode only.
 * Not listed, hence #UD: VEX/EVEX/XOP (AVX), VMX/SMX/SGX, and extensions
 * beyond x86-64-v2 (movbe, BMI, ...).
 */
#ifndef FVP_ARCH_X86_64_X86_OPCODES_H
#define FVP_ARCH_X86_64_X86_OPCODES_H

/*
 * clang-format off: the tables are laid out by hand, several short X() per
 * line where one per line would make the file three times as long.
 */
/* clang-format off */
/* Mnemonics; CC forms print the condition of the opcode's low nibble. */
#define X86_MNEMONICS(X)                                                                           \
	X(add) X(or) X(adc) X(sbb) X(and) X(sub) X(xor) X(cmp) X(push) X(pop) X(movsxd) X(imul)    \
	X(insb) X(ins) X(outsb) X(outs) X(jcc) X(test) X(xchg) X(mov) X(lea) X(nop) X(pause)       \
	X(cbw) X(cwd) X(wait) X(pushf) X(popf) X(sahf) X(lahf) X(movsb) X(movs) X(cmpsb) X(cmps)   \
	X(stosb) X(stos) X(lodsb) X(lods) X(scasb) X(scas) X(rol) X(ror) X(rcl) X(rcr) X(shl)      \
	X(shr) X(sal) X(sar) X(ret) X(enter) X(leave) X(retf) X(int3) X(int) X(iret) X(xlatb)      \
	X(loopne) X(loope) X(loop) X(jrcxz) X(in) X(out) X(call) X(jmp) X(lcall) X(ljmp) X(int1)   \
	X(hlt) X(cmc) X(not) X(neg) X(mul) X(div) X(idiv) X(clc) X(stc) X(cli) X(sti) X(cld)       \
	X(std) X(inc) X(dec) X(daa) X(das) X(aaa) X(aas) X(pusha) X(popa) X(bound) X(arpl) X(les)   \
	X(lds) X(into) X(aam) X(aad) X(salc) /* 0F */ X(sldt) X(str) X(lldt) X(ltr) X(verr) X(verw) X(sgdt)        \
	X(sidt) X(lgdt) X(lidt) X(smsw) X(lmsw) X(invlpg) X(monitor) X(mwait) X(clac) X(stac)      \
	X(xgetbv) X(xsetbv) X(swapgs) X(rdtscp) X(lar) X(lsl) X(syscall) X(clts) X(sysret)         \
	X(invd) X(wbinvd) X(ud2) X(prefetchw) X(prefetchnta) X(prefetcht0)             \
	X(prefetcht1) X(prefetcht2) X(endbr64) X(endbr32) X(wrmsr) X(rdtsc) X(rdmsr) X(rdpmc)      \
	X(sysenter) X(sysexit) X(cmovcc) X(setcc) X(cpuid) X(bt) X(shld) X(rsm) X(bts) X(shrd)     \
	X(fxsave) X(fxrstor) X(fxsave64) X(fxrstor64) X(ldmxcsr) X(stmxcsr) X(xsave) X(xrstor) X(xsave64) X(xrstor64) X(xsaveopt64)     \
	X(xsaveopt) X(clflush) X(lfence) X(mfence) X(sfence) X(rdfsbase) X(rdgsbase) X(wrfsbase)   \
	X(wrgsbase) X(cmpxchg) X(lss) X(btr) X(lfs) X(lgs) X(movzx) X(popcnt) X(ud1) X(btc)        \
	X(bsf) X(bsr) X(movsx) X(xadd) X(movnti) X(cmpxchg8b) X(cmpxchg16b) X(rdrand) X(rdseed)    \
	X(bswap) X(crc32) /* x87 */ X(fadd) X(fmul) X(fcom) X(fcomp) X(fsub) X(fsubr) X(fdiv)      \
	X(fdivr) X(fld) X(fst) X(fstp) X(fldenv) X(fldcw) X(fnstenv) X(fnstcw) X(fxch) X(fnop)     \
	X(fchs) X(fabs) X(ftst) X(fxam) X(fld1) X(fldl2t) X(fldl2e) X(fldpi) X(fldlg2) X(fldln2)   \
	X(fldz) X(f2xm1) X(fyl2x) X(fptan) X(fpatan) X(fxtract) X(fprem1) X(fdecstp) X(fincstp)    \
	X(fprem) X(fyl2xp1) X(fsqrt) X(fsincos) X(frndint) X(fscale) X(fsin) X(fcos) X(fiadd)      \
	X(fimul) X(ficom) X(ficomp) X(fisub) X(fisubr) X(fidiv) X(fidivr) X(fcmovb) X(fcmove)      \
	X(fcmovbe) X(fcmovu) X(fucompp) X(fild) X(fisttp) X(fist) X(fistp) X(fcmovnb) X(fcmovne)   \
	X(fcmovnbe) X(fcmovnu) X(fnclex) X(fninit) X(fucomi) X(fcomi) X(frstor) X(fnsave)          \
	X(fnstsw) X(ffree) X(fucom) X(fucomp) X(faddp) X(fmulp) X(fcompp) X(fsubrp) X(fsubp)       \
	X(fdivrp) X(fdivp) X(ffreep) X(fbld) X(fbstp) X(fucomip) X(fcomip) /* SSE, MMX */ X(movups)          \
	X(movupd) X(movss) X(movsd) X(movlps) X(movhlps) X(movlpd) X(movsldup) X(movddup)          \
	X(unpcklps) X(unpcklpd) X(unpckhps) X(unpckhpd) X(movhps) X(movlhps) X(movhpd)             \
	X(movshdup) X(movaps) X(movapd) X(cvtpi2ps) X(cvtpi2pd) X(cvtsi2ss) X(cvtsi2sd)            \
	X(movntps) X(movntpd) X(cvttps2pi) X(cvttpd2pi) X(cvttss2si) X(cvttsd2si) X(cvtps2pi)      \
	X(cvtpd2pi) X(cvtss2si) X(cvtsd2si) X(ucomiss) X(ucomisd) X(comiss) X(comisd)              \
	X(movmskps) X(movmskpd) X(sqrtps) X(sqrtpd) X(sqrtss) X(sqrtsd) X(rsqrtps) X(rsqrtss)      \
	X(rcpps) X(rcpss) X(andps) X(andpd) X(andnps) X(andnpd) X(orps) X(orpd) X(xorps) X(xorpd)  \
	X(addps) X(addpd) X(addss) X(addsd) X(mulps) X(mulpd) X(mulss) X(mulsd) X(cvtps2pd)        \
	X(cvtpd2ps) X(cvtss2sd) X(cvtsd2ss) X(cvtdq2ps) X(cvtps2dq) X(cvttps2dq) X(subps)          \
	X(subpd) X(subss) X(subsd) X(minps) X(minpd) X(minss) X(minsd) X(divps) X(divpd) X(divss)  \
	X(divsd) X(maxps) X(maxpd) X(maxss) X(maxsd) X(punpcklbw) X(punpcklwd) X(punpckldq)        \
	X(packsswb) X(pcmpgtb) X(pcmpgtw) X(pcmpgtd) X(packuswb) X(punpckhbw) X(punpckhwd)         \
	X(punpckhdq) X(packssdw) X(punpcklqdq) X(punpckhqdq) X(movd) X(movq) X(movdqa) X(movdqu)   \
	X(pshufw) X(pshufd) X(pshufhw) X(pshuflw) X(psrlw) X(psraw) X(psllw) X(psrld) X(psrad)     \
	X(pslld) X(psrlq) X(psrldq) X(psllq) X(pslldq) X(pcmpeqb) X(pcmpeqw) X(pcmpeqd) X(emms)    \
	X(haddpd) X(haddps) X(hsubpd) X(hsubps) X(cmpps) X(cmppd) X(cmpss) X(cmpsd) X(pinsrw)      \
	X(pextrw) X(shufps) X(shufpd) X(addsubpd) X(addsubps) X(paddq) X(pmullw) X(movq2dq)        \
	X(movdq2q) X(pmovmskb) X(psubusb) X(psubusw) X(pminub) X(pand) X(paddusb) X(paddusw)       \
	X(pmaxub) X(pandn) X(pavgb) X(pavgw) X(pmulhuw) X(pmulhw) X(cvttpd2dq) X(cvtdq2pd)         \
	X(cvtpd2dq) X(movntq) X(movntdq) X(psubsb) X(psubsw) X(pminsw) X(por) X(paddsb) X(paddsw)  \
	X(pmaxsw) X(pxor) X(lddqu) X(pmuludq) X(pmaddwd) X(psadbw) X(maskmovq) X(maskmovdqu)       \
	X(psubb) X(psubw) X(psubd) X(psubq) X(paddb) X(paddw) X(paddd) /* 0F 38 */ X(pshufb)       \
	X(phaddw) X(phaddd) X(phaddsw) X(pmaddubsw) X(phsubw) X(phsubd) X(phsubsw) X(psignb)       \
	X(psignw) X(psignd) X(pmulhrsw) X(pabsb) X(pabsw) X(pabsd) X(pblendvb) X(blendvps)         \
	X(blendvpd) X(ptest) X(pmovsxbw) X(pmovsxbd) X(pmovsxbq) X(pmovsxwd) X(pmovsxwq)           \
	X(pmovsxdq) X(pmuldq) X(pcmpeqq) X(movntdqa) X(packusdw) X(pmovzxbw) X(pmovzxbd)           \
	X(pmovzxbq) X(pmovzxwd) X(pmovzxwq) X(pmovzxdq) X(pcmpgtq) X(pminsb) X(pminsd) X(pminuw)   \
	X(pminud) X(pmaxsb) X(pmaxsd) X(pmaxuw) X(pmaxud) X(pmulld) X(phminposuw)                  \
	/* 0F 3A */ X(roundps) X(roundpd) X(roundss) X(roundsd) X(blendps) X(blendpd) X(pblendw)   \
	X(palignr) X(pextrb) X(pextrd) X(pextrq) X(extractps) X(pinsrb) X(insertps) X(pinsrd)      \
	X(pinsrq) X(dpps) X(dppd) X(mpsadbw) X(pcmpestrm) X(pcmpestri) X(pcmpistrm) X(pcmpistri)

/* The eight ALU operations of 00-3F: op Eb,Gb; Ev,Gv; Gb,Eb; Gv,Ev; AL,Ib; rAX,Iz. */
#define X86_ALU(X, base, m, lk)                                                                    \
	X(0, (base) + 0, 1, ANY, RM, m, Eb, Gb, __, lk)                                              \
	X(0, (base) + 1, 1, ANY, RM, m, Ev, Gv, __, lk)                                              \
	X(0, (base) + 2, 1, ANY, RM, m, Gb, Eb, __, 0)                                               \
	X(0, (base) + 3, 1, ANY, RM, m, Gv, Ev, __, 0)                                               \
	X(0, (base) + 4, 1, ANY, NO, m, ALb, Ib, __, 0)                                              \
	X(0, (base) + 5, 1, ANY, NO, m, Av, Iz, __, 0)

/* Group 1 (80, 81, 83; 82 = 80 outside 64-bit mode): the eight operations on Eb,Ib; Ev,Iz;
 * Ev,sIb, with the flags f. */
#define X86_GRP1(X, opc, a, b, f)                                                                  \
	X(0, opc, 1, ANY, REG0, add, a, b, __, LK | (f))                                           \
	X(0, opc, 1, ANY, REG1, or, a, b, __, LK | (f))                                            \
	X(0, opc, 1, ANY, REG2, adc, a, b, __, LK | (f))                                           \
	X(0, opc, 1, ANY, REG3, sbb, a, b, __, LK | (f))                                           \
	X(0, opc, 1, ANY, REG4, and, a, b, __, LK | (f))                                           \
	X(0, opc, 1, ANY, REG5, sub, a, b, __, LK | (f))                                           \
	X(0, opc, 1, ANY, REG6, xor, a, b, __, LK | (f))                                           \
	X(0, opc, 1, ANY, REG7, cmp, a, b, __, (f))

/* Group 2 (C0, C1, D0-D3): shifts and rotates. */
#define X86_GRP2(X, opc, a, b)                                                                     \
	X(0, opc, 1, ANY, REG0, rol, a, b, __, 0)                                                  \
	X(0, opc, 1, ANY, REG1, ror, a, b, __, 0)                                                  \
	X(0, opc, 1, ANY, REG2, rcl, a, b, __, 0)                                                  \
	X(0, opc, 1, ANY, REG3, rcr, a, b, __, 0)                                                  \
	X(0, opc, 1, ANY, REG4, shl, a, b, __, 0)                                                  \
	X(0, opc, 1, ANY, REG5, shr, a, b, __, 0)                                                  \
	X(0, opc, 1, ANY, REG6, sal, a, b, __, 0)                                                  \
	X(0, opc, 1, ANY, REG7, sar, a, b, __, 0)

/* Group 3 (F6, F7). */
#define X86_GRP3(X, opc, e, i)                                                                     \
	X(0, opc, 1, ANY, REG0, test, e, i, __, 0)                                                 \
	X(0, opc, 1, ANY, REG1, test, e, i, __, 0)                                                 \
	X(0, opc, 1, ANY, REG2, not, e, __, __, LK)                                                \
	X(0, opc, 1, ANY, REG3, neg, e, __, __, LK)                                                \
	X(0, opc, 1, ANY, REG4, mul, e, __, __, 0)                                                 \
	X(0, opc, 1, ANY, REG5, imul, e, __, __, 0)                                                \
	X(0, opc, 1, ANY, REG6, div, e, __, __, 0)                                                 \
	X(0, opc, 1, ANY, REG7, idiv, e, __, __, 0)

/* The one-byte map. */
#define X86_FORMS_1B(X)                                                                            \
	X86_ALU(X, 0x00, add, LK) X86_ALU(X, 0x08, or, LK) X86_ALU(X, 0x10, adc, LK)               \
	X86_ALU(X, 0x18, sbb, LK) X86_ALU(X, 0x20, and, LK) X86_ALU(X, 0x28, sub, LK)              \
	X86_ALU(X, 0x30, xor, LK) X86_ALU(X, 0x38, cmp, 0)                                         \
	X(0, 0x06, 1, ANY, NO, push, ES, __, __, I64)                                              \
	X(0, 0x07, 1, ANY, NO, pop, ES, __, __, I64)                                               \
	X(0, 0x0e, 1, ANY, NO, push, CS, __, __, I64)                                              \
	X(0, 0x16, 1, ANY, NO, push, SS, __, __, I64)                                              \
	X(0, 0x17, 1, ANY, NO, pop, SS, __, __, I64)                                               \
	X(0, 0x1e, 1, ANY, NO, push, DS, __, __, I64)                                              \
	X(0, 0x1f, 1, ANY, NO, pop, DS, __, __, I64)                                               \
	X(0, 0x27, 1, ANY, NO, daa, __, __, __, I64)                                               \
	X(0, 0x2f, 1, ANY, NO, das, __, __, __, I64)                                               \
	X(0, 0x37, 1, ANY, NO, aaa, __, __, __, I64)                                               \
	X(0, 0x3f, 1, ANY, NO, aas, __, __, __, I64)                                               \
	X(0, 0x40, 8, ANY, NO, inc, Zv, __, __, I64)                                               \
	X(0, 0x48, 8, ANY, NO, dec, Zv, __, __, I64)                                               \
	X(0, 0x50, 8, ANY, NO, push, Zv, __, __, D64)                                              \
	X(0, 0x58, 8, ANY, NO, pop, Zv, __, __, D64)                                               \
	X(0, 0x60, 1, ANY, NO, pusha, __, __, __, I64)                                             \
	X(0, 0x61, 1, ANY, NO, popa, __, __, __, I64)                                              \
	X(0, 0x62, 1, ANY, MEM, bound, Gv, Ma, __, I64)                                            \
	X(0, 0x63, 1, ANY, RM, movsxd, Gv, Ed, __, O64)                                            \
	X(0, 0x63, 1, ANY, RM, arpl, Ew, Gw, __, I64)                                              \
	X(0, 0x68, 1, ANY, NO, push, Iz, __, __, D64)                                              \
	X(0, 0x69, 1, ANY, RM, imul, Gv, Ev, Iz, 0)                                                \
	X(0, 0x6a, 1, ANY, NO, push, sIb, __, __, D64)                                             \
	X(0, 0x6b, 1, ANY, RM, imul, Gv, Ev, sIb, 0)                                               \
	X(0, 0x6c, 1, ANY, NO, insb, Yb, DX, __, STR)                                              \
	X(0, 0x6d, 1, ANY, NO, ins, Yz, DX, __, STR)                                               \
	X(0, 0x6e, 1, ANY, NO, outsb, DX, Xb, __, STR)                                             \
	X(0, 0x6f, 1, ANY, NO, outs, DX, Xz, __, STR)                                              \
	X(0, 0x70, 16, ANY, NO, jcc, Jb, __, __, F64 | CC)                                         \
	X86_GRP1(X, 0x80, Eb, Ib, 0) X86_GRP1(X, 0x81, Ev, Iz, 0)                                  \
	X86_GRP1(X, 0x82, Eb, Ib, I64) X86_GRP1(X, 0x83, Ev, sIb, 0)                               \
	X(0, 0x84, 1, ANY, RM, test, Eb, Gb, __, 0)                                                \
	X(0, 0x85, 1, ANY, RM, test, Ev, Gv, __, 0)                                                \
	X(0, 0x86, 1, ANY, RM, xchg, Eb, Gb, __, LK)                                               \
	X(0, 0x87, 1, ANY, RM, xchg, Ev, Gv, __, LK)                                               \
	X(0, 0x88, 1, ANY, RM, mov, Eb, Gb, __, 0)                                                 \
	X(0, 0x89, 1, ANY, RM, mov, Ev, Gv, __, 0)                                                 \
	X(0, 0x8a, 1, ANY, RM, mov, Gb, Eb, __, 0)                                                 \
	X(0, 0x8b, 1, ANY, RM, mov, Gv, Ev, __, 0)                                                 \
	X(0, 0x8c, 1, ANY, RM, mov, Esv, Sw, __, 0)                                                \
	X(0, 0x8d, 1, ANY, MEM, lea, Gv, Mx, __, 0)                                                \
	X(0, 0x8e, 1, ANY, RM, mov, Sw, Ew, __, 0)                                                 \
	X(0, 0x8f, 1, ANY, REG0, pop, Ev, __, __, D64)                                             \
	X(0, 0x90, 1, PF3, NO, pause, __, __, __, RB0)                                               \
	X(0, 0x90, 1, ANY, NO, nop, __, __, __, RB0)                                               \
	X(0, 0x90, 8, ANY, NO, xchg, Av, Zv, __, 0)                                                \
	X(0, 0x98, 1, ANY, NO, cbw, __, __, __, 0)                                                 \
	X(0, 0x9a, 1, ANY, NO, lcall, Iv, Iw, __, I64)                                             \
	X(0, 0x99, 1, ANY, NO, cwd, __, __, __, 0)                                                 \
	X(0, 0x9b, 1, ANY, NO, wait, __, __, __, 0)                                                \
	X(0, 0x9c, 1, ANY, NO, pushf, __, __, __, D64)                                             \
	X(0, 0x9d, 1, ANY, NO, popf, __, __, __, D64)                                              \
	X(0, 0x9e, 1, ANY, NO, sahf, __, __, __, 0)                                                \
	X(0, 0x9f, 1, ANY, NO, lahf, __, __, __, 0)                                                \
	X(0, 0xa0, 1, ANY, NO, mov, ALb, Ob, __, 0)                                                \
	X(0, 0xa1, 1, ANY, NO, mov, Av, Ov, __, 0)                                                 \
	X(0, 0xa2, 1, ANY, NO, mov, Ob, ALb, __, 0)                                                \
	X(0, 0xa3, 1, ANY, NO, mov, Ov, Av, __, 0)                                                 \
	X(0, 0xa4, 1, ANY, NO, movsb, Yb, Xb, __, STR)                                             \
	X(0, 0xa5, 1, ANY, NO, movs, Yv, Xv, __, STR)                                              \
	X(0, 0xa6, 1, ANY, NO, cmpsb, Xb, Yb, __, STR)                                             \
	X(0, 0xa7, 1, ANY, NO, cmps, Xv, Yv, __, STR)                                              \
	X(0, 0xa8, 1, ANY, NO, test, ALb, Ib, __, 0)                                               \
	X(0, 0xa9, 1, ANY, NO, test, Av, Iz, __, 0)                                                \
	X(0, 0xaa, 1, ANY, NO, stosb, Yb, ALb, __, STR)                                            \
	X(0, 0xab, 1, ANY, NO, stos, Yv, Av, __, STR)                                              \
	X(0, 0xac, 1, ANY, NO, lodsb, ALb, Xb, __, STR)                                            \
	X(0, 0xad, 1, ANY, NO, lods, Av, Xv, __, STR)                                              \
	X(0, 0xae, 1, ANY, NO, scasb, ALb, Yb, __, STR)                                            \
	X(0, 0xaf, 1, ANY, NO, scas, Av, Yv, __, STR)                                              \
	X(0, 0xb0, 8, ANY, NO, mov, Zb, Ib, __, 0)                                                 \
	X(0, 0xb8, 8, ANY, NO, mov, Zv, Iv, __, 0)                                                 \
	X86_GRP2(X, 0xc0, Eb, Ib) X86_GRP2(X, 0xc1, Ev, Ib)                                        \
	X(0, 0xc2, 1, ANY, NO, ret, Iw, __, __, F64)                                               \
	X(0, 0xc3, 1, ANY, NO, ret, __, __, __, F64)                                               \
	X(0, 0xc4, 1, ANY, MEM, les, Gv, Mp, __, I64)                                              \
	X(0, 0xc5, 1, ANY, MEM, lds, Gv, Mp, __, I64)                                              \
	X(0, 0xc6, 1, ANY, REG0, mov, Eb, Ib, __, 0)                                               \
	X(0, 0xc7, 1, ANY, REG0, mov, Ev, Iz, __, 0)                                               \
	X(0, 0xc8, 1, ANY, NO, enter, Iw, Ib, __, D64)                                             \
	X(0, 0xc9, 1, ANY, NO, leave, __, __, __, D64)                                             \
	X(0, 0xca, 1, ANY, NO, retf, Iw, __, __, 0)                                                \
	X(0, 0xcb, 1, ANY, NO, retf, __, __, __, 0)                                                \
	X(0, 0xcc, 1, ANY, NO, int3, __, __, __, 0)                                                \
	X(0, 0xcd, 1, ANY, NO, int, Ib, __, __, 0)                                                 \
	X(0, 0xce, 1, ANY, NO, into, __, __, __, I64)                                              \
	X(0, 0xcf, 1, ANY, NO, iret, __, __, __, 0)                                                \
	X86_GRP2(X, 0xd0, Eb, One) X86_GRP2(X, 0xd1, Ev, One)                                      \
	X86_GRP2(X, 0xd2, Eb, CL) X86_GRP2(X, 0xd3, Ev, CL)                                        \
	X(0, 0xd4, 1, ANY, NO, aam, Ib, __, __, I64)                                               \
	X(0, 0xd5, 1, ANY, NO, aad, Ib, __, __, I64)                                               \
	X(0, 0xd6, 1, ANY, NO, salc, __, __, __, I64)                                              \
	X(0, 0xd7, 1, ANY, NO, xlatb, __, __, __, 0)                                               \
	X(0, 0xe0, 1, ANY, NO, loopne, Jb, __, __, F64)                                            \
	X(0, 0xe1, 1, ANY, NO, loope, Jb, __, __, F64)                                             \
	X(0, 0xe2, 1, ANY, NO, loop, Jb, __, __, F64)                                              \
	X(0, 0xe3, 1, ANY, NO, jrcxz, Jb, __, __, F64)                                             \
	X(0, 0xe4, 1, ANY, NO, in, ALb, Ib, __, 0)                                                 \
	X(0, 0xe5, 1, ANY, NO, in, Az, Ib, __, 0)                                                  \
	X(0, 0xe6, 1, ANY, NO, out, Ib, ALb, __, 0)                                                \
	X(0, 0xe7, 1, ANY, NO, out, Ib, Az, __, 0)                                                 \
	X(0, 0xe8, 1, ANY, NO, call, Jz, __, __, F64)                                              \
	X(0, 0xe9, 1, ANY, NO, jmp, Jz, __, __, F64)                                               \
	X(0, 0xea, 1, ANY, NO, ljmp, Iv, Iw, __, I64)                                              \
	X(0, 0xeb, 1, ANY, NO, jmp, Jb, __, __, F64)                                               \
	X(0, 0xec, 1, ANY, NO, in, ALb, DX, __, 0)                                                 \
	X(0, 0xed, 1, ANY, NO, in, Az, DX, __, 0)                                                  \
	X(0, 0xee, 1, ANY, NO, out, DX, ALb, __, 0)                                                \
	X(0, 0xef, 1, ANY, NO, out, DX, Az, __, 0)                                                 \
	X(0, 0xf1, 1, ANY, NO, int1, __, __, __, 0)                                                \
	X(0, 0xf4, 1, ANY, NO, hlt, __, __, __, 0)                                                 \
	X(0, 0xf5, 1, ANY, NO, cmc, __, __, __, 0)                                                 \
	X86_GRP3(X, 0xf6, Eb, Ib) X86_GRP3(X, 0xf7, Ev, Iz)                                        \
	X(0, 0xf8, 1, ANY, NO, clc, __, __, __, 0)                                                 \
	X(0, 0xf9, 1, ANY, NO, stc, __, __, __, 0)                                                 \
	X(0, 0xfa, 1, ANY, NO, cli, __, __, __, 0)                                                 \
	X(0, 0xfb, 1, ANY, NO, sti, __, __, __, 0)                                                 \
	X(0, 0xfc, 1, ANY, NO, cld, __, __, __, 0)                                                 \
	X(0, 0xfd, 1, ANY, NO, std, __, __, __, 0)                                                 \
	X(0, 0xfe, 1, ANY, REG0, inc, Eb, __, __, LK)                                              \
	X(0, 0xfe, 1, ANY, REG1, dec, Eb, __, __, LK)                                              \
	X(0, 0xff, 1, ANY, REG0, inc, Ev, __, __, LK)                                              \
	X(0, 0xff, 1, ANY, REG1, dec, Ev, __, __, LK)                                              \
	X(0, 0xff, 1, ANY, REG2, call, Ev, __, __, F64)                                            \
	X(0, 0xff, 1, ANY, MEM3, lcall, Mp, __, __, 0)                                             \
	X(0, 0xff, 1, ANY, REG4, jmp, Ev, __, __, F64)                                             \
	X(0, 0xff, 1, ANY, MEM5, ljmp, Mp, __, __, 0)                                              \
	X(0, 0xff, 1, ANY, REG6, push, Ev, __, __, D64)

/* x87 escapes D8-DF: memory forms by ModRM.reg, register forms on ST(i). */
#define X86_X87_ARITH(X, opc, msz)                                                                 \
	X(0, opc, 1, ANY, MEM0, fadd, msz, __, __, 0)                                              \
	X(0, opc, 1, ANY, MEM1, fmul, msz, __, __, 0)                                              \
	X(0, opc, 1, ANY, MEM2, fcom, msz, __, __, 0)                                              \
	X(0, opc, 1, ANY, MEM3, fcomp, msz, __, __, 0)                                             \
	X(0, opc, 1, ANY, MEM4, fsub, msz, __, __, 0)                                              \
	X(0, opc, 1, ANY, MEM5, fsubr, msz, __, __, 0)                                             \
	X(0, opc, 1, ANY, MEM6, fdiv, msz, __, __, 0)                                              \
	X(0, opc, 1, ANY, MEM7, fdivr, msz, __, __, 0)
#define X86_X87_IARITH(X, opc, msz)                                                                \
	X(0, opc, 1, ANY, MEM0, fiadd, msz, __, __, 0)                                             \
	X(0, opc, 1, ANY, MEM1, fimul, msz, __, __, 0)                                             \
	X(0, opc, 1, ANY, MEM2, ficom, msz, __, __, 0)                                             \
	X(0, opc, 1, ANY, MEM3, ficomp, msz, __, __, 0)                                            \
	X(0, opc, 1, ANY, MEM4, fisub, msz, __, __, 0)                                             \
	X(0, opc, 1, ANY, MEM5, fisubr, msz, __, __, 0)                                            \
	X(0, opc, 1, ANY, MEM6, fidiv, msz, __, __, 0)                                             \
	X(0, opc, 1, ANY, MEM7, fidivr, msz, __, __, 0)
#define X86_X87_CONST(X, b, m) X(0, 0xd9, 1, ANY, MODRM(b), m, __, __, __, 0)

#define X86_FORMS_X87(X)                                                                           \
	X86_X87_ARITH(X, 0xd8, Md)                                                                 \
	X(0, 0xd8, 1, ANY, REGF0, fadd, ST0, STi, __, 0)                                           \
	X(0, 0xd8, 1, ANY, REGF1, fmul, ST0, STi, __, 0)                                           \
	X(0, 0xd8, 1, ANY, REGF2, fcom, STi, __, __, 0)                                            \
	X(0, 0xd8, 1, ANY, REGF3, fcomp, STi, __, __, 0)                                           \
	X(0, 0xd8, 1, ANY, REGF4, fsub, ST0, STi, __, 0)                                           \
	X(0, 0xd8, 1, ANY, REGF5, fsubr, ST0, STi, __, 0)                                          \
	X(0, 0xd8, 1, ANY, REGF6, fdiv, ST0, STi, __, 0)                                           \
	X(0, 0xd8, 1, ANY, REGF7, fdivr, ST0, STi, __, 0)                                          \
	X(0, 0xd9, 1, ANY, MEM0, fld, Md, __, __, 0)                                               \
	X(0, 0xd9, 1, ANY, MEM2, fst, Md, __, __, 0)                                               \
	X(0, 0xd9, 1, ANY, MEM3, fstp, Md, __, __, 0)                                              \
	X(0, 0xd9, 1, ANY, MEM4, fldenv, Mx, __, __, 0)                                            \
	X(0, 0xd9, 1, ANY, MEM5, fldcw, Mw, __, __, 0)                                             \
	X(0, 0xd9, 1, ANY, MEM6, fnstenv, Mx, __, __, 0)                                           \
	X(0, 0xd9, 1, ANY, MEM7, fnstcw, Mw, __, __, 0)                                            \
	X(0, 0xd9, 1, ANY, REGF0, fld, STi, __, __, 0)                                             \
	X(0, 0xd9, 1, ANY, REGF1, fxch, STi, __, __, 0)                                            \
	X(0, 0xd9, 1, ANY, REGF3, fstp, STi, __, __, 0)                                            \
	X86_X87_CONST(X, 0xd0, fnop) X86_X87_CONST(X, 0xe0, fchs) X86_X87_CONST(X, 0xe1, fabs)     \
	X86_X87_CONST(X, 0xe4, ftst) X86_X87_CONST(X, 0xe5, fxam) X86_X87_CONST(X, 0xe8, fld1)     \
	X86_X87_CONST(X, 0xe9, fldl2t) X86_X87_CONST(X, 0xea, fldl2e)                              \
	X86_X87_CONST(X, 0xeb, fldpi) X86_X87_CONST(X, 0xec, fldlg2)                               \
	X86_X87_CONST(X, 0xed, fldln2) X86_X87_CONST(X, 0xee, fldz)                                \
	X86_X87_CONST(X, 0xf0, f2xm1) X86_X87_CONST(X, 0xf1, fyl2x) X86_X87_CONST(X, 0xf2, fptan)  \
	X86_X87_CONST(X, 0xf3, fpatan) X86_X87_CONST(X, 0xf4, fxtract)                             \
	X86_X87_CONST(X, 0xf5, fprem1) X86_X87_CONST(X, 0xf6, fdecstp)                             \
	X86_X87_CONST(X, 0xf7, fincstp) X86_X87_CONST(X, 0xf8, fprem)                              \
	X86_X87_CONST(X, 0xf9, fyl2xp1) X86_X87_CONST(X, 0xfa, fsqrt)                              \
	X86_X87_CONST(X, 0xfb, fsincos) X86_X87_CONST(X, 0xfc, frndint)                            \
	X86_X87_CONST(X, 0xfd, fscale) X86_X87_CONST(X, 0xfe, fsin) X86_X87_CONST(X, 0xff, fcos)   \
	X86_X87_IARITH(X, 0xda, Md)                                                                \
	X(0, 0xda, 1, ANY, REGF0, fcmovb, ST0, STi, __, 0)                                         \
	X(0, 0xda, 1, ANY, REGF1, fcmove, ST0, STi, __, 0)                                         \
	X(0, 0xda, 1, ANY, REGF2, fcmovbe, ST0, STi, __, 0)                                        \
	X(0, 0xda, 1, ANY, REGF3, fcmovu, ST0, STi, __, 0)                                         \
	X(0, 0xda, 1, ANY, MODRM(0xe9), fucompp, __, __, __, 0)                                    \
	X(0, 0xdb, 1, ANY, MEM0, fild, Md, __, __, 0)                                              \
	X(0, 0xdb, 1, ANY, MEM1, fisttp, Md, __, __, 0)                                            \
	X(0, 0xdb, 1, ANY, MEM2, fist, Md, __, __, 0)                                              \
	X(0, 0xdb, 1, ANY, MEM3, fistp, Md, __, __, 0)                                             \
	X(0, 0xdb, 1, ANY, MEM5, fld, Mt, __, __, 0)                                               \
	X(0, 0xdb, 1, ANY, MEM7, fstp, Mt, __, __, 0)                                              \
	X(0, 0xdb, 1, ANY, REGF0, fcmovnb, ST0, STi, __, 0)                                        \
	X(0, 0xdb, 1, ANY, REGF1, fcmovne, ST0, STi, __, 0)                                        \
	X(0, 0xdb, 1, ANY, REGF2, fcmovnbe, ST0, STi, __, 0)                                       \
	X(0, 0xdb, 1, ANY, REGF3, fcmovnu, ST0, STi, __, 0)                                        \
	X(0, 0xdb, 1, ANY, MODRM(0xe2), fnclex, __, __, __, 0)                                     \
	X(0, 0xdb, 1, ANY, MODRM(0xe3), fninit, __, __, __, 0)                                     \
	X(0, 0xdb, 1, ANY, REGF5, fucomi, ST0, STi, __, 0)                                         \
	X(0, 0xdb, 1, ANY, REGF6, fcomi, ST0, STi, __, 0)                                          \
	X86_X87_ARITH(X, 0xdc, Mq)                                                                 \
	X(0, 0xdc, 1, ANY, REGF0, fadd, STi, ST0, __, 0)                                           \
	X(0, 0xdc, 1, ANY, REGF1, fmul, STi, ST0, __, 0)                                           \
	X(0, 0xdc, 1, ANY, REGF2, fcom, STi, __, __, 0)                                            \
	X(0, 0xdc, 1, ANY, REGF3, fcomp, STi, __, __, 0)                                           \
	X(0, 0xdc, 1, ANY, REGF4, fsubr, STi, ST0, __, 0)                                          \
	X(0, 0xdc, 1, ANY, REGF5, fsub, STi, ST0, __, 0)                                           \
	X(0, 0xdc, 1, ANY, REGF6, fdivr, STi, ST0, __, 0)                                          \
	X(0, 0xdc, 1, ANY, REGF7, fdiv, STi, ST0, __, 0)                                           \
	X(0, 0xdd, 1, ANY, MEM0, fld, Mq, __, __, 0)                                               \
	X(0, 0xdd, 1, ANY, MEM1, fisttp, Mq, __, __, 0)                                            \
	X(0, 0xdd, 1, ANY, MEM2, fst, Mq, __, __, 0)                                               \
	X(0, 0xdd, 1, ANY, MEM3, fstp, Mq, __, __, 0)                                              \
	X(0, 0xdd, 1, ANY, MEM4, frstor, Mx, __, __, 0)                                            \
	X(0, 0xdd, 1, ANY, MEM6, fnsave, Mx, __, __, 0)                                            \
	X(0, 0xdd, 1, ANY, MEM7, fnstsw, Mw, __, __, 0)                                            \
	X(0, 0xdd, 1, ANY, REGF0, ffree, STi, __, __, 0)                                           \
	X(0, 0xdd, 1, ANY, REGF1, fxch, STi, __, __, 0)                                            \
	X(0, 0xdd, 1, ANY, REGF2, fst, STi, __, __, 0)                                             \
	X(0, 0xdd, 1, ANY, REGF3, fstp, STi, __, __, 0)                                            \
	X(0, 0xdd, 1, ANY, REGF4, fucom, STi, __, __, 0)                                           \
	X(0, 0xdd, 1, ANY, REGF5, fucomp, STi, __, __, 0)                                          \
	X86_X87_IARITH(X, 0xde, Mw)                                                                \
	X(0, 0xde, 1, ANY, REGF0, faddp, STi, ST0, __, 0)                                          \
	X(0, 0xde, 1, ANY, REGF1, fmulp, STi, ST0, __, 0)                                          \
	X(0, 0xde, 1, ANY, MODRM(0xd9), fcompp, __, __, __, 0)                                     \
	X(0, 0xde, 1, ANY, REGF2, fcomp, STi, __, __, 0)                                     \
	X(0, 0xde, 1, ANY, REGF4, fsubrp, STi, ST0, __, 0)                                         \
	X(0, 0xde, 1, ANY, REGF5, fsubp, STi, ST0, __, 0)                                          \
	X(0, 0xde, 1, ANY, REGF6, fdivrp, STi, ST0, __, 0)                                         \
	X(0, 0xde, 1, ANY, REGF7, fdivp, STi, ST0, __, 0)                                          \
	X(0, 0xdf, 1, ANY, MEM0, fild, Mw, __, __, 0)                                              \
	X(0, 0xdf, 1, ANY, MEM1, fisttp, Mw, __, __, 0)                                            \
	X(0, 0xdf, 1, ANY, MEM2, fist, Mw, __, __, 0)                                              \
	X(0, 0xdf, 1, ANY, MEM3, fistp, Mw, __, __, 0)                                             \
	X(0, 0xdf, 1, ANY, MEM4, fbld, Mt, __, __, 0)                                              \
	X(0, 0xdf, 1, ANY, MEM5, fild, Mq, __, __, 0)                                              \
	X(0, 0xdf, 1, ANY, MEM6, fbstp, Mt, __, __, 0)                                             \
	X(0, 0xdf, 1, ANY, MEM7, fistp, Mq, __, __, 0)                                             \
	X(0, 0xdf, 1, ANY, MODRM(0xe0), fnstsw, AXw, __, __, 0)                                    \
	X(0, 0xdf, 1, ANY, REGF0, ffreep, STi, __, __, 0)                                          \
	X(0, 0xdf, 1, ANY, REGF1, fxch, STi, __, __, 0)                                            \
	X(0, 0xdf, 1, ANY, REGF2, fstp, STi, __, __, 0)                                            \
	X(0, 0xdf, 1, ANY, REGF3, fstp, STi, __, __, 0)                                    \
	X(0, 0xdf, 1, ANY, REGF5, fucomip, ST0, STi, __, 0)                                        \
	X(0, 0xdf, 1, ANY, REGF6, fcomip, ST0, STi, __, 0)

/* 0F: system and integer instructions. */
#define X86_FORMS_0F_SYS(X)                                                                        \
	X(1, 0x00, 1, ANY, REG0, sldt, Esv, __, __, 0)                                             \
	X(1, 0x00, 1, ANY, REG1, str, Esv, __, __, 0)                                              \
	X(1, 0x00, 1, ANY, REG2, lldt, Ew, __, __, 0)                                              \
	X(1, 0x00, 1, ANY, REG3, ltr, Ew, __, __, 0)                                               \
	X(1, 0x00, 1, ANY, REG4, verr, Ew, __, __, 0)                                              \
	X(1, 0x00, 1, ANY, REG5, verw, Ew, __, __, 0)                                              \
	X(1, 0x01, 1, ANY, MEM0, sgdt, Mx, __, __, 0)                                              \
	X(1, 0x01, 1, ANY, MEM1, sidt, Mx, __, __, 0)                                              \
	X(1, 0x01, 1, ANY, MEM2, lgdt, Mx, __, __, 0)                                              \
	X(1, 0x01, 1, ANY, MEM3, lidt, Mx, __, __, 0)                                              \
	X(1, 0x01, 1, ANY, REG4, smsw, Esv, __, __, 0)                                             \
	X(1, 0x01, 1, ANY, REG6, lmsw, Ew, __, __, 0)                                              \
	X(1, 0x01, 1, ANY, MEM7, invlpg, Mb, __, __, 0)                                            \
	X(1, 0x01, 1, ANY, MODRM(0xc8), monitor, __, __, __, 0)                                    \
	X(1, 0x01, 1, ANY, MODRM(0xc9), mwait, __, __, __, 0)                                      \
	X(1, 0x01, 1, ANY, MODRM(0xca), clac, __, __, __, 0)                                       \
	X(1, 0x01, 1, ANY, MODRM(0xcb), stac, __, __, __, 0)                                       \
	X(1, 0x01, 1, ANY, MODRM(0xd0), xgetbv, __, __, __, 0)                                     \
	X(1, 0x01, 1, ANY, MODRM(0xd1), xsetbv, __, __, __, 0)                                     \
	X(1, 0x01, 1, ANY, MODRM(0xf8), swapgs, __, __, __, O64)                                   \
	X(1, 0x01, 1, ANY, MODRM(0xf9), rdtscp, __, __, __, 0)                                     \
	X(1, 0x02, 1, ANY, RM, lar, Gv, Ew, __, 0)                                                 \
	X(1, 0x03, 1, ANY, RM, lsl, Gv, Ew, __, 0)                                                 \
	X(1, 0x05, 1, ANY, NO, syscall, __, __, __, 0)                                             \
	X(1, 0x06, 1, ANY, NO, clts, __, __, __, 0)                                                \
	X(1, 0x07, 1, ANY, NO, sysret, __, __, __, 0)                                              \
	X(1, 0x08, 1, ANY, NO, invd, __, __, __, 0)                                                \
	X(1, 0x09, 1, ANY, NO, wbinvd, __, __, __, 0)                                              \
	X(1, 0x0b, 1, ANY, NO, ud2, __, __, __, 0)                                                 \
	X(1, 0x0d, 1, ANY, MEM1, prefetchw, Mb, __, __, 0)                                         \
	X(1, 0x18, 1, ANY, MEM0, prefetchnta, Mb, __, __, 0)                                       \
	X(1, 0x18, 1, ANY, MEM1, prefetcht0, Mb, __, __, 0)                                        \
	X(1, 0x18, 1, ANY, MEM2, prefetcht1, Mb, __, __, 0)                                        \
	X(1, 0x18, 1, ANY, MEM3, prefetcht2, Mb, __, __, 0)                                        \
	X(1, 0x1e, 1, PF3, MODRM(0xfa), endbr64, __, __, __, 0)                                    \
	X(1, 0x1e, 1, PF3, MODRM(0xfb), endbr32, __, __, __, 0)                                    \
	X(1, 0x18, 8, ANY, RM, nop, Ev, __, __, 0)                                                 \
	X(1, 0x20, 1, ANY, RM, mov, Rq, Cq, __, 0)                                                 \
	X(1, 0x21, 1, ANY, RM, mov, Rq, Dq, __, 0)                                                 \
	X(1, 0x22, 1, ANY, RM, mov, Cq, Rq, __, 0)                                                 \
	X(1, 0x23, 1, ANY, RM, mov, Dq, Rq, __, 0)                                                 \
	X(1, 0x30, 1, ANY, NO, wrmsr, __, __, __, 0)                                               \
	X(1, 0x31, 1, ANY, NO, rdtsc, __, __, __, 0)                                               \
	X(1, 0x32, 1, ANY, NO, rdmsr, __, __, __, 0)                                               \
	X(1, 0x33, 1, ANY, NO, rdpmc, __, __, __, 0)                                               \
	X(1, 0x34, 1, ANY, NO, sysenter, __, __, __, 0)                                            \
	X(1, 0x35, 1, ANY, NO, sysexit, __, __, __, 0)                                             \
	X(1, 0x40, 16, ANY, RM, cmovcc, Gv, Ev, __, CC)                                            \
	X(1, 0x80, 16, ANY, NO, jcc, Jz, __, __, F64 | CC)                                         \
	X(1, 0x90, 16, ANY, RM, setcc, Eb, __, __, CC)                                             \
	X(1, 0xa0, 1, ANY, NO, push, FS, __, __, D64)                                              \
	X(1, 0xa1, 1, ANY, NO, pop, FS, __, __, D64)                                               \
	X(1, 0xa2, 1, ANY, NO, cpuid, __, __, __, 0)                                               \
	X(1, 0xa3, 1, ANY, RM, bt, Ev, Gv, __, 0)                                                  \
	X(1, 0xa4, 1, ANY, RM, shld, Ev, Gv, Ib, 0)                                                \
	X(1, 0xa5, 1, ANY, RM, shld, Ev, Gv, CL, 0)                                                \
	X(1, 0xa8, 1, ANY, NO, push, GS, __, __, D64)                                              \
	X(1, 0xa9, 1, ANY, NO, pop, GS, __, __, D64)                                               \
	X(1, 0xaa, 1, ANY, NO, rsm, __, __, __, 0)                                                 \
	X(1, 0xab, 1, ANY, RM, bts, Ev, Gv, __, LK)                                                \
	X(1, 0xac, 1, ANY, RM, shrd, Ev, Gv, Ib, 0)                                                \
	X(1, 0xad, 1, ANY, RM, shrd, Ev, Gv, CL, 0)                                                \
	X(1, 0xae, 1, PF3, REGF0, rdfsbase, Ry, __, __, 0)                                         \
	X(1, 0xae, 1, PF3, REGF1, rdgsbase, Ry, __, __, 0)                                         \
	X(1, 0xae, 1, PF3, REGF2, wrfsbase, Ry, __, __, 0)                                         \
	X(1, 0xae, 1, PF3, REGF3, wrgsbase, Ry, __, __, 0)                                         \
	X(1, 0xae, 1, NP, MEM0, fxsave64, Mx, __, __, W1)                                          \
	X(1, 0xae, 1, NP, MEM0, fxsave, Mx, __, __, 0)                                             \
	X(1, 0xae, 1, NP, MEM1, fxrstor64, Mx, __, __, W1)                                         \
	X(1, 0xae, 1, NP, MEM1, fxrstor, Mx, __, __, 0)                                            \
	X(1, 0xae, 1, NP, MEM2, ldmxcsr, Md, __, __, 0)                                            \
	X(1, 0xae, 1, NP, MEM3, stmxcsr, Md, __, __, 0)                                            \
	X(1, 0xae, 1, NP, MEM4, xsave64, Mx, __, __, W1)                                           \
	X(1, 0xae, 1, NP, MEM4, xsave, Mx, __, __, 0)                                              \
	X(1, 0xae, 1, NP, MEM5, xrstor64, Mx, __, __, W1)                                          \
	X(1, 0xae, 1, NP, MEM5, xrstor, Mx, __, __, 0)                                             \
	X(1, 0xae, 1, NP, MEM6, xsaveopt64, Mx, __, __, W1)                                        \
	X(1, 0xae, 1, NP, MEM6, xsaveopt, Mx, __, __, 0)                                           \
	X(1, 0xae, 1, NP, MEM7, clflush, Mb, __, __, 0)                                            \
	X(1, 0xae, 1, NP, MODRM(0xe8), lfence, __, __, __, 0)                                            \
	X(1, 0xae, 1, NP, MODRM(0xf0), mfence, __, __, __, 0)                                            \
	X(1, 0xae, 1, NP, MODRM(0xf8), sfence, __, __, __, 0)                                            \
	X(1, 0xaf, 1, ANY, RM, imul, Gv, Ev, __, 0)                                                \
	X(1, 0xb0, 1, ANY, RM, cmpxchg, Eb, Gb, __, LK)                                            \
	X(1, 0xb1, 1, ANY, RM, cmpxchg, Ev, Gv, __, LK)                                            \
	X(1, 0xb2, 1, ANY, MEM, lss, Gv, Mp, __, 0)                                                \
	X(1, 0xb3, 1, ANY, RM, btr, Ev, Gv, __, LK)                                                \
	X(1, 0xb4, 1, ANY, MEM, lfs, Gv, Mp, __, 0)                                                \
	X(1, 0xb5, 1, ANY, MEM, lgs, Gv, Mp, __, 0)                                                \
	X(1, 0xb6, 1, ANY, RM, movzx, Gv, Eb, __, 0)                                               \
	X(1, 0xb7, 1, ANY, RM, movzx, Gv, Ew, __, 0)                                               \
	X(1, 0xb8, 1, PF3, RM, popcnt, Gv, Ev, __, 0)                                              \
	X(1, 0xb9, 1, ANY, RM, ud1, Gv, Ev, __, 0)                                                 \
	X(1, 0xba, 1, ANY, REG4, bt, Ev, Ib, __, 0)                                                \
	X(1, 0xba, 1, ANY, REG5, bts, Ev, Ib, __, LK)                                              \
	X(1, 0xba, 1, ANY, REG6, btr, Ev, Ib, __, LK)                                              \
	X(1, 0xba, 1, ANY, REG7, btc, Ev, Ib, __, LK)                                              \
	X(1, 0xbb, 1, ANY, RM, btc, Ev, Gv, __, LK)                                                \
	X(1, 0xbc, 1, ANY, RM, bsf, Gv, Ev, __, 0)                                                 \
	X(1, 0xbd, 1, ANY, RM, bsr, Gv, Ev, __, 0)                                                 \
	X(1, 0xbe, 1, ANY, RM, movsx, Gv, Eb, __, 0)                                               \
	X(1, 0xbf, 1, ANY, RM, movsx, Gv, Ew, __, 0)                                               \
	X(1, 0xc0, 1, ANY, RM, xadd, Eb, Gb, __, LK)                                               \
	X(1, 0xc1, 1, ANY, RM, xadd, Ev, Gv, __, LK)                                               \
	X(1, 0xc3, 1, NP, MEM, movnti, My, Gy, __, 0)                                              \
	X(1, 0xc7, 1, ANY, MEM1, cmpxchg16b, Mdq, __, __, LK | W1)                                 \
	X(1, 0xc7, 1, ANY, MEM1, cmpxchg8b, Mq, __, __, LK)                                        \
	X(1, 0xc7, 1, NP, REGF6, rdrand, Rv, __, __, 0)                                            \
	X(1, 0xc7, 1, NP, REGF7, rdseed, Rv, __, __, 0)                                            \
	X(1, 0xc8, 8, ANY, NO, bswap, Zy, __, __, 0)                                               \
	X(2, 0xf0, 1, PF2, RM, crc32, Gy, Eb, __, 0)                                               \
	X(2, 0xf1, 1, PF2, RM, crc32, Gy, Ev, __, 0)

/* An SSE operation in its four prefix forms (ps, pd, ss, sd). */
#define X86_SSE4(X, opc, ps, pd, ss, sd)                                                           \
	X(1, opc, 1, NP, RM, ps, Vx, Wx, __, 0)                                                    \
	X(1, opc, 1, P66, RM, pd, Vx, Wx, __, 0)                                                   \
	X(1, opc, 1, PF3, RM, ss, Vx, Wd, __, 0)                                                   \
	X(1, opc, 1, PF2, RM, sd, Vx, Wq, __, 0)
#define X86_SSE2(X, opc, ps, pd)                                                                   \
	X(1, opc, 1, NP, RM, ps, Vx, Wx, __, 0) X(1, opc, 1, P66, RM, pd, Vx, Wx, __, 0)
/* An MMX operation and its SSE2 form (66 prefix, XMM registers). */
#define X86_MMX(X, map, opc, m)                                                                    \
	X(map, opc, 1, NP, RM, m, Pq, Qq, __, 0) X(map, opc, 1, P66, RM, m, Vx, Wx, __, 0)
#define X86_P66(X, map, opc, m, a, b) X(map, opc, 1, P66, RM, m, a, b, __, 0)

#define X86_FORMS_0F_SSE(X)                                                                        \
	X86_SSE4(X, 0x10, movups, movupd, movss, movsd)                                            \
	X(1, 0x11, 1, NP, RM, movups, Wx, Vx, __, 0)                                               \
	X(1, 0x11, 1, P66, RM, movupd, Wx, Vx, __, 0)                                              \
	X(1, 0x11, 1, PF3, RM, movss, Wd, Vx, __, 0)                                               \
	X(1, 0x11, 1, PF2, RM, movsd, Wq, Vx, __, 0)                                               \
	X(1, 0x12, 1, NP, MEM, movlps, Vx, Mq, __, 0)                                              \
	X(1, 0x12, 1, NP, REGF, movhlps, Vx, Ux, __, 0)                                            \
	X(1, 0x12, 1, P66, MEM, movlpd, Vx, Mq, __, 0)                                             \
	X(1, 0x12, 1, PF3, RM, movsldup, Vx, Wx, __, 0)                                            \
	X(1, 0x12, 1, PF2, RM, movddup, Vx, Wq, __, 0)                                             \
	X(1, 0x13, 1, NP, MEM, movlps, Mq, Vx, __, 0)                                              \
	X(1, 0x13, 1, P66, MEM, movlpd, Mq, Vx, __, 0)                                             \
	X86_SSE2(X, 0x14, unpcklps, unpcklpd) X86_SSE2(X, 0x15, unpckhps, unpckhpd)                \
	X(1, 0x16, 1, NP, MEM, movhps, Vx, Mq, __, 0)                                              \
	X(1, 0x16, 1, NP, REGF, movlhps, Vx, Ux, __, 0)                                            \
	X(1, 0x16, 1, P66, MEM, movhpd, Vx, Mq, __, 0)                                             \
	X(1, 0x16, 1, PF3, RM, movshdup, Vx, Wx, __, 0)                                            \
	X(1, 0x17, 1, NP, MEM, movhps, Mq, Vx, __, 0)                                              \
	X(1, 0x17, 1, P66, MEM, movhpd, Mq, Vx, __, 0)                                             \
	X86_SSE2(X, 0x28, movaps, movapd)                                                          \
	X(1, 0x29, 1, NP, RM, movaps, Wx, Vx, __, 0)                                               \
	X(1, 0x29, 1, P66, RM, movapd, Wx, Vx, __, 0)                                              \
	X(1, 0x2a, 1, NP, RM, cvtpi2ps, Vx, Qq, __, 0)                                             \
	X(1, 0x2a, 1, P66, RM, cvtpi2pd, Vx, Qq, __, 0)                                            \
	X(1, 0x2a, 1, PF3, RM, cvtsi2ss, Vx, Ey, __, 0)                                            \
	X(1, 0x2a, 1, PF2, RM, cvtsi2sd, Vx, Ey, __, 0)                                            \
	X(1, 0x2b, 1, NP, MEM, movntps, Mdq, Vx, __, 0)                                            \
	X(1, 0x2b, 1, P66, MEM, movntpd, Mdq, Vx, __, 0)                                           \
	X(1, 0x2c, 1, NP, RM, cvttps2pi, Pq, Wq, __, 0)                                            \
	X(1, 0x2c, 1, P66, RM, cvttpd2pi, Pq, Wx, __, 0)                                           \
	X(1, 0x2c, 1, PF3, RM, cvttss2si, Gy, Wd, __, 0)                                           \
	X(1, 0x2c, 1, PF2, RM, cvttsd2si, Gy, Wq, __, 0)                                           \
	X(1, 0x2d, 1, NP, RM, cvtps2pi, Pq, Wq, __, 0)                                             \
	X(1, 0x2d, 1, P66, RM, cvtpd2pi, Pq, Wx, __, 0)                                            \
	X(1, 0x2d, 1, PF3, RM, cvtss2si, Gy, Wd, __, 0)                                            \
	X(1, 0x2d, 1, PF2, RM, cvtsd2si, Gy, Wq, __, 0)                                            \
	X(1, 0x2e, 1, NP, RM, ucomiss, Vx, Wd, __, 0)                                              \
	X(1, 0x2e, 1, P66, RM, ucomisd, Vx, Wq, __, 0)                                             \
	X(1, 0x2f, 1, NP, RM, comiss, Vx, Wd, __, 0)                                               \
	X(1, 0x2f, 1, P66, RM, comisd, Vx, Wq, __, 0)                                              \
	X(1, 0x50, 1, NP, REGF, movmskps, Gd, Ux, __, 0)                                           \
	X(1, 0x50, 1, P66, REGF, movmskpd, Gd, Ux, __, 0)                                          \
	X86_SSE4(X, 0x51, sqrtps, sqrtpd, sqrtss, sqrtsd)                                          \
	X(1, 0x52, 1, NP, RM, rsqrtps, Vx, Wx, __, 0)                                              \
	X(1, 0x52, 1, PF3, RM, rsqrtss, Vx, Wd, __, 0)                                             \
	X(1, 0x53, 1, NP, RM, rcpps, Vx, Wx, __, 0)                                                \
	X(1, 0x53, 1, PF3, RM, rcpss, Vx, Wd, __, 0)                                               \
	X86_SSE2(X, 0x54, andps, andpd) X86_SSE2(X, 0x55, andnps, andnpd)                          \
	X86_SSE2(X, 0x56, orps, orpd) X86_SSE2(X, 0x57, xorps, xorpd)                              \
	X86_SSE4(X, 0x58, addps, addpd, addss, addsd)                                              \
	X86_SSE4(X, 0x59, mulps, mulpd, mulss, mulsd)                                              \
	X(1, 0x5a, 1, NP, RM, cvtps2pd, Vx, Wq, __, 0)                                             \
	X(1, 0x5a, 1, P66, RM, cvtpd2ps, Vx, Wx, __, 0)                                            \
	X(1, 0x5a, 1, PF3, RM, cvtss2sd, Vx, Wd, __, 0)                                            \
	X(1, 0x5a, 1, PF2, RM, cvtsd2ss, Vx, Wq, __, 0)                                            \
	X(1, 0x5b, 1, NP, RM, cvtdq2ps, Vx, Wx, __, 0)                                             \
	X(1, 0x5b, 1, P66, RM, cvtps2dq, Vx, Wx, __, 0)                                            \
	X(1, 0x5b, 1, PF3, RM, cvttps2dq, Vx, Wx, __, 0)                                           \
	X86_SSE4(X, 0x5c, subps, subpd, subss, subsd)                                              \
	X86_SSE4(X, 0x5d, minps, minpd, minss, minsd)                                              \
	X86_SSE4(X, 0x5e, divps, divpd, divss, divsd)                                              \
	X86_SSE4(X, 0x5f, maxps, maxpd, maxss, maxsd)                                              \
	X86_MMX(X, 1, 0x60, punpcklbw) X86_MMX(X, 1, 0x61, punpcklwd)                              \
	X86_MMX(X, 1, 0x62, punpckldq) X86_MMX(X, 1, 0x63, packsswb) X86_MMX(X, 1, 0x64, pcmpgtb)  \
	X86_MMX(X, 1, 0x65, pcmpgtw) X86_MMX(X, 1, 0x66, pcmpgtd) X86_MMX(X, 1, 0x67, packuswb)    \
	X86_MMX(X, 1, 0x68, punpckhbw) X86_MMX(X, 1, 0x69, punpckhwd)                              \
	X86_MMX(X, 1, 0x6a, punpckhdq) X86_MMX(X, 1, 0x6b, packssdw)                               \
	X86_P66(X, 1, 0x6c, punpcklqdq, Vx, Wx) X86_P66(X, 1, 0x6d, punpckhqdq, Vx, Wx)            \
	X(1, 0x6e, 1, NP, RM, movq, Pq, Ey, __, W1)                                                \
	X(1, 0x6e, 1, NP, RM, movd, Pq, Ey, __, 0)                                                 \
	X(1, 0x6e, 1, P66, RM, movq, Vx, Ey, __, W1)                                               \
	X(1, 0x6e, 1, P66, RM, movd, Vx, Ey, __, 0)                                                \
	X(1, 0x6f, 1, NP, RM, movq, Pq, Qq, __, 0)                                                 \
	X(1, 0x6f, 1, P66, RM, movdqa, Vx, Wx, __, 0)                                              \
	X(1, 0x6f, 1, PF3, RM, movdqu, Vx, Wx, __, 0)                                              \
	X(1, 0x70, 1, NP, RM, pshufw, Pq, Qq, Ib, 0)                                               \
	X(1, 0x70, 1, P66, RM, pshufd, Vx, Wx, Ib, 0)                                              \
	X(1, 0x70, 1, PF3, RM, pshufhw, Vx, Wx, Ib, 0)                                             \
	X(1, 0x70, 1, PF2, RM, pshuflw, Vx, Wx, Ib, 0)                                             \
	X86_SHIFTI(X, 0x71, REGF2, psrlw) X86_SHIFTI(X, 0x71, REGF4, psraw)                        \
	X86_SHIFTI(X, 0x71, REGF6, psllw) X86_SHIFTI(X, 0x72, REGF2, psrld)                        \
	X86_SHIFTI(X, 0x72, REGF4, psrad) X86_SHIFTI(X, 0x72, REGF6, pslld)                        \
	X86_SHIFTI(X, 0x73, REGF2, psrlq) X86_SHIFTI(X, 0x73, REGF6, psllq)                        \
	X(1, 0x73, 1, P66, REGF3, psrldq, Ux, Ib, __, 0)                                           \
	X(1, 0x73, 1, P66, REGF7, pslldq, Ux, Ib, __, 0)                                           \
	X86_MMX(X, 1, 0x74, pcmpeqb) X86_MMX(X, 1, 0x75, pcmpeqw) X86_MMX(X, 1, 0x76, pcmpeqd)     \
	X(1, 0x77, 1, NP, NO, emms, __, __, __, 0)                                                 \
	X86_P66(X, 1, 0x7c, haddpd, Vx, Wx) X(1, 0x7c, 1, PF2, RM, haddps, Vx, Wx, __, 0)          \
	X86_P66(X, 1, 0x7d, hsubpd, Vx, Wx) X(1, 0x7d, 1, PF2, RM, hsubps, Vx, Wx, __, 0)          \
	X(1, 0x7e, 1, NP, RM, movq, Ey, Pq, __, W1)                                                \
	X(1, 0x7e, 1, NP, RM, movd, Ey, Pq, __, 0)                                                 \
	X(1, 0x7e, 1, P66, RM, movq, Ey, Vx, __, W1)                                               \
	X(1, 0x7e, 1, P66, RM, movd, Ey, Vx, __, 0)                                                \
	X(1, 0x7e, 1, PF3, RM, movq, Vx, Wq, __, 0)                                                \
	X(1, 0x7f, 1, NP, RM, movq, Qq, Pq, __, 0)                                                 \
	X(1, 0x7f, 1, P66, RM, movdqa, Wx, Vx, __, 0)                                              \
	X(1, 0x7f, 1, PF3, RM, movdqu, Wx, Vx, __, 0)                                              \
	X(1, 0xc2, 1, NP, RM, cmpps, Vx, Wx, Ib, 0)                                                \
	X(1, 0xc2, 1, P66, RM, cmppd, Vx, Wx, Ib, 0)                                               \
	X(1, 0xc2, 1, PF3, RM, cmpss, Vx, Wd, Ib, 0)                                               \
	X(1, 0xc2, 1, PF2, RM, cmpsd, Vx, Wq, Ib, 0)                                               \
	X(1, 0xc4, 1, NP, RM, pinsrw, Pq, Edw, Ib, 0)                                              \
	X(1, 0xc4, 1, P66, RM, pinsrw, Vx, Edw, Ib, 0)                                             \
	X(1, 0xc5, 1, NP, REGF, pextrw, Gd, Nq, Ib, 0)                                             \
	X(1, 0xc5, 1, P66, REGF, pextrw, Gd, Ux, Ib, 0)                                            \
	X(1, 0xc6, 1, NP, RM, shufps, Vx, Wx, Ib, 0)                                               \
	X(1, 0xc6, 1, P66, RM, shufpd, Vx, Wx, Ib, 0)                                              \
	X86_P66(X, 1, 0xd0, addsubpd, Vx, Wx) X(1, 0xd0, 1, PF2, RM, addsubps, Vx, Wx, __, 0)      \
	X86_MMX(X, 1, 0xd1, psrlw) X86_MMX(X, 1, 0xd2, psrld) X86_MMX(X, 1, 0xd3, psrlq)           \
	X86_MMX(X, 1, 0xd4, paddq) X86_MMX(X, 1, 0xd5, pmullw)                                     \
	X(1, 0xd6, 1, P66, RM, movq, Wq, Vx, __, 0)                                                \
	X(1, 0xd6, 1, PF3, REGF, movq2dq, Vx, Nq, __, 0)                                           \
	X(1, 0xd6, 1, PF2, REGF, movdq2q, Pq, Ux, __, 0)                                           \
	X(1, 0xd7, 1, NP, REGF, pmovmskb, Gd, Nq, __, 0)                                           \
	X(1, 0xd7, 1, P66, REGF, pmovmskb, Gd, Ux, __, 0)                                          \
	X86_MMX(X, 1, 0xd8, psubusb) X86_MMX(X, 1, 0xd9, psubusw) X86_MMX(X, 1, 0xda, pminub)      \
	X86_MMX(X, 1, 0xdb, pand) X86_MMX(X, 1, 0xdc, paddusb) X86_MMX(X, 1, 0xdd, paddusw)        \
	X86_MMX(X, 1, 0xde, pmaxub) X86_MMX(X, 1, 0xdf, pandn) X86_MMX(X, 1, 0xe0, pavgb)          \
	X86_MMX(X, 1, 0xe1, psraw) X86_MMX(X, 1, 0xe2, psrad) X86_MMX(X, 1, 0xe3, pavgw)           \
	X86_MMX(X, 1, 0xe4, pmulhuw) X86_MMX(X, 1, 0xe5, pmulhw)                                   \
	X(1, 0xe6, 1, P66, RM, cvttpd2dq, Vx, Wx, __, 0)                                           \
	X(1, 0xe6, 1, PF3, RM, cvtdq2pd, Vx, Wq, __, 0)                                            \
	X(1, 0xe6, 1, PF2, RM, cvtpd2dq, Vx, Wx, __, 0)                                            \
	X(1, 0xe7, 1, NP, MEM, movntq, Mq, Pq, __, 0)                                              \
	X(1, 0xe7, 1, P66, MEM, movntdq, Mdq, Vx, __, 0)                                           \
	X86_MMX(X, 1, 0xe8, psubsb) X86_MMX(X, 1, 0xe9, psubsw) X86_MMX(X, 1, 0xea, pminsw)        \
	X86_MMX(X, 1, 0xeb, por) X86_MMX(X, 1, 0xec, paddsb) X86_MMX(X, 1, 0xed, paddsw)           \
	X86_MMX(X, 1, 0xee, pmaxsw) X86_MMX(X, 1, 0xef, pxor)                                      \
	X(1, 0xf0, 1, PF2, MEM, lddqu, Vx, Mdq, __, 0)                                             \
	X86_MMX(X, 1, 0xf1, psllw) X86_MMX(X, 1, 0xf2, pslld) X86_MMX(X, 1, 0xf3, psllq)           \
	X86_MMX(X, 1, 0xf4, pmuludq) X86_MMX(X, 1, 0xf5, pmaddwd) X86_MMX(X, 1, 0xf6, psadbw)      \
	X(1, 0xf7, 1, NP, REGF, maskmovq, Pq, Nq, __, 0)                                           \
	X(1, 0xf7, 1, P66, REGF, maskmovdqu, Vx, Ux, __, 0)                                        \
	X86_MMX(X, 1, 0xf8, psubb) X86_MMX(X, 1, 0xf9, psubw) X86_MMX(X, 1, 0xfa, psubd)           \
	X86_MMX(X, 1, 0xfb, psubq) X86_MMX(X, 1, 0xfc, paddb) X86_MMX(X, 1, 0xfd, paddw)           \
	X86_MMX(X, 1, 0xfe, paddd)

/* MMX/SSE2 shifts by an immediate (groups 12-14, register forms only). */
#define X86_SHIFTI(X, opc, sel, m)                                                                 \
	X(1, opc, 1, NP, sel, m, Nq, Ib, __, 0) X(1, opc, 1, P66, sel, m, Ux, Ib, __, 0)

/* 0F 38 and 0F 3A: SSSE3 (MMX and XMM forms), SSE4.1, SSE4.2. */
#define X86_FORMS_0F38(X)                                                                          \
	X86_MMX(X, 2, 0x00, pshufb) X86_MMX(X, 2, 0x01, phaddw) X86_MMX(X, 2, 0x02, phaddd)        \
	X86_MMX(X, 2, 0x03, phaddsw) X86_MMX(X, 2, 0x04, pmaddubsw) X86_MMX(X, 2, 0x05, phsubw)    \
	X86_MMX(X, 2, 0x06, phsubd) X86_MMX(X, 2, 0x07, phsubsw) X86_MMX(X, 2, 0x08, psignb)       \
	X86_MMX(X, 2, 0x09, psignw) X86_MMX(X, 2, 0x0a, psignd) X86_MMX(X, 2, 0x0b, pmulhrsw)      \
	X(2, 0x10, 1, P66, RM, pblendvb, Vx, Wx, XMM0, 0)                                          \
	X(2, 0x14, 1, P66, RM, blendvps, Vx, Wx, XMM0, 0)                                          \
	X(2, 0x15, 1, P66, RM, blendvpd, Vx, Wx, XMM0, 0)                                          \
	X86_P66(X, 2, 0x17, ptest, Vx, Wx) X86_MMX(X, 2, 0x1c, pabsb) X86_MMX(X, 2, 0x1d, pabsw)   \
	X86_MMX(X, 2, 0x1e, pabsd) X86_P66(X, 2, 0x20, pmovsxbw, Vx, Wq)                           \
	X86_P66(X, 2, 0x21, pmovsxbd, Vx, Wd) X86_P66(X, 2, 0x22, pmovsxbq, Vx, Ww)                \
	X86_P66(X, 2, 0x23, pmovsxwd, Vx, Wq) X86_P66(X, 2, 0x24, pmovsxwq, Vx, Wd)                \
	X86_P66(X, 2, 0x25, pmovsxdq, Vx, Wq) X86_P66(X, 2, 0x28, pmuldq, Vx, Wx)                  \
	X86_P66(X, 2, 0x29, pcmpeqq, Vx, Wx) X(2, 0x2a, 1, P66, MEM, movntdqa, Vx, Mdq, __, 0)     \
	X86_P66(X, 2, 0x2b, packusdw, Vx, Wx) X86_P66(X, 2, 0x30, pmovzxbw, Vx, Wq)                \
	X86_P66(X, 2, 0x31, pmovzxbd, Vx, Wd) X86_P66(X, 2, 0x32, pmovzxbq, Vx, Ww)                \
	X86_P66(X, 2, 0x33, pmovzxwd, Vx, Wq) X86_P66(X, 2, 0x34, pmovzxwq, Vx, Wd)                \
	X86_P66(X, 2, 0x35, pmovzxdq, Vx, Wq) X86_P66(X, 2, 0x37, pcmpgtq, Vx, Wx)                 \
	X86_P66(X, 2, 0x38, pminsb, Vx, Wx) X86_P66(X, 2, 0x39, pminsd, Vx, Wx)                    \
	X86_P66(X, 2, 0x3a, pminuw, Vx, Wx) X86_P66(X, 2, 0x3b, pminud, Vx, Wx)                    \
	X86_P66(X, 2, 0x3c, pmaxsb, Vx, Wx) X86_P66(X, 2, 0x3d, pmaxsd, Vx, Wx)                    \
	X86_P66(X, 2, 0x3e, pmaxuw, Vx, Wx) X86_P66(X, 2, 0x3f, pmaxud, Vx, Wx)                    \
	X86_P66(X, 2, 0x40, pmulld, Vx, Wx) X86_P66(X, 2, 0x41, phminposuw, Vx, Wx)

#define X86_P66I(X, opc, m, a, b) X(3, opc, 1, P66, RM, m, a, b, Ib, 0)
#define X86_FORMS_0F3A(X)                                                                          \
	X86_P66I(X, 0x08, roundps, Vx, Wx) X86_P66I(X, 0x09, roundpd, Vx, Wx)                      \
	X86_P66I(X, 0x0a, roundss, Vx, Wd) X86_P66I(X, 0x0b, roundsd, Vx, Wq)                      \
	X86_P66I(X, 0x0c, blendps, Vx, Wx) X86_P66I(X, 0x0d, blendpd, Vx, Wx)                      \
	X86_P66I(X, 0x0e, pblendw, Vx, Wx) X86_P66I(X, 0x0f, palignr, Vx, Wx)                      \
	X(3, 0x0f, 1, NP, RM, palignr, Pq, Qq, Ib, 0)                                              \
	X86_P66I(X, 0x14, pextrb, Edb, Vx) X86_P66I(X, 0x15, pextrw, Edw, Vx)                      \
	X(3, 0x16, 1, P66, RM, pextrq, Ey, Vx, Ib, W1) X86_P66I(X, 0x16, pextrd, Ey, Vx)           \
	X86_P66I(X, 0x17, extractps, Ed, Vx) X86_P66I(X, 0x20, pinsrb, Vx, Edb)                    \
	X86_P66I(X, 0x21, insertps, Vx, Wd)                                                        \
	X(3, 0x22, 1, P66, RM, pinsrq, Vx, Ey, Ib, W1) X86_P66I(X, 0x22, pinsrd, Vx, Ey)           \
	X86_P66I(X, 0x40, dpps, Vx, Wx) X86_P66I(X, 0x41, dppd, Vx, Wx)                            \
	X86_P66I(X, 0x42, mpsadbw, Vx, Wx) X86_P66I(X, 0x60, pcmpestrm, Vx, Wx)                    \
	X86_P66I(X, 0x61, pcmpestri, Vx, Wx) X86_P66I(X, 0x62, pcmpistrm, Vx, Wx)                  \
	X86_P66I(X, 0x63, pcmpistri, Vx, Wx)

#define X86_FORMS(X)                                                                               \
	X86_FORMS_1B(X) X86_FORMS_X87(X) X86_FORMS_0F_SYS(X) X86_FORMS_0F_SSE(X)                   \
	X86_FORMS_0F38(X) X86_FORMS_0F3A(X)
/* clang-format on */

#endif
