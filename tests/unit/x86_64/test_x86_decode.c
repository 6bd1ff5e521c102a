/*
 * test_x86_decode.c - targeted cases of the x86-64 decoder: the prefix and
 * REX rules, ModRM/SIB corner encodings (RIP-relative, no base, r12/r13),
 * immediates and operand sizes, the 15-byte limit, #UD reporting, and the
 * disassembler's text for a few instructions. The bulk comparison with
 * capstone is test_x86_capstone.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "arch/x86_64/x86_decode.h"

#define DECODE(in, ...)                                                                            \
	do {                                                                                       \
		static const uint8_t b_[] = {__VA_ARGS__};                                         \
		assert_int_equal(x86_decode(&(in), b_, sizeof(b_), X86_MODE_64), 0);               \
		assert_int_equal((in).len, sizeof(b_));                                            \
	} while (0)

static void assert_text(const char *want, const uint8_t *b, size_t n)
{
	char buf[128];

	assert_int_equal(x86_disas(buf, sizeof(buf), 0x1000, b, n), (int)n);
	assert_string_equal(buf, want);
}

#define TEXT(want, ...)                                                                            \
	do {                                                                                       \
		static const uint8_t b_[] = {__VA_ARGS__};                                         \
		assert_text(want, b_, sizeof(b_));                                                 \
	} while (0)

static void test_rex_before_legacy_prefix_ignored(void **state)
{
	struct x86_inst in;

	DECODE(in, 0x48, 0x66, 0x89, 0xc8); /* REX.W then 66: the REX is dropped */
	assert_int_equal(in.rex, 0);
	assert_int_equal(in.opsize, 2);
	TEXT("mov ax, cx", 0x48, 0x66, 0x89, 0xc8);
	DECODE(in, 0x66, 0x48, 0x89, 0xc8); /* 66 then REX.W: REX.W wins */
	assert_int_equal(in.opsize, 8);
	TEXT("mov rax, rcx", 0x66, 0x48, 0x89, 0xc8);
	DECODE(in, 0x40, 0x48, 0x01, 0xc0); /* two REX: the last one counts */
	assert_int_equal(in.rex, 0x48);
}

static void test_last_of_group(void **state)
{
	struct x86_inst in;

	DECODE(in, 0x64, 0x65, 0x8b, 0x00); /* fs then gs: gs */
	assert_int_equal(in.seg, X86_SEG_GS);
	assert_int_equal(in.opnd[1].seg, X86_SEG_GS);
	DECODE(in, 0xf3, 0xf2, 0x0f, 0x58, 0xc1); /* F3 then F2: addsd */
	assert_int_equal(in.op, X86_OP_addsd);
	DECODE(in, 0xf2, 0xf3, 0x0f, 0x58, 0xc1);
	assert_int_equal(in.op, X86_OP_addss);
	DECODE(in, 0x66, 0x0f, 0x58, 0xc1); /* 66 as a mandatory prefix: not an operand size */
	assert_int_equal(in.op, X86_OP_addpd);
	DECODE(in, 0x66, 0xf2, 0x0f, 0x38, 0xf1, 0xc1); /* crc32 eax, cx: 66 stays a size */
	assert_int_equal(in.op, X86_OP_crc32);
	assert_int_equal(in.opnd[1].size, 2);
}

static void test_nop_pause_xchg(void **state)
{
	struct x86_inst in;

	DECODE(in, 0x90);
	assert_int_equal(in.op, X86_OP_nop);
	DECODE(in, 0xf3, 0x90);
	assert_int_equal(in.op, X86_OP_pause);
	DECODE(in, 0x41, 0x90); /* REX.B: xchg r8d, eax */
	assert_int_equal(in.op, X86_OP_xchg);
	assert_int_equal(in.opnd[1].reg, 8);
	DECODE(in, 0x0f, 0x1f, 0x44, 0x00, 0x00);
	assert_int_equal(in.op, X86_OP_nop);
	TEXT("nop dword ptr [rax + rax]", 0x0f, 0x1f, 0x44, 0x00, 0x00);
	TEXT("nop word ptr cs:[rax + rax]", 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0);
	TEXT("endbr64", 0xf3, 0x0f, 0x1e, 0xfa);
}

static void test_rip_relative(void **state)
{
	struct x86_inst in;

	DECODE(in, 0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00);
	assert_true(in.opnd[1].rip);
	assert_int_equal(in.opnd[1].base, -1);
	assert_int_equal(in.opnd[1].index, -1);
	assert_int_equal(in.opnd[1].disp, 0x10);
	TEXT("mov rax, qword ptr [rip + 0x10]", 0x48, 0x8b, 0x05, 0x10, 0, 0, 0);
	/* RIP-relative with an immediate after the displacement */
	DECODE(in, 0xc7, 0x05, 0xf0, 0xff, 0xff, 0xff, 0x01, 0x00, 0x00, 0x00);
	assert_int_equal(in.opnd[0].disp, -16);
	assert_int_equal(in.opnd[1].imm, 1);
}

static void test_sib(void **state)
{
	struct x86_inst in;

	DECODE(in, 0x8b, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12); /* no base, no index: absolute */
	assert_int_equal(in.opnd[1].base, -1);
	assert_int_equal(in.opnd[1].index, -1);
	assert_false(in.opnd[1].rip);
	assert_int_equal(in.opnd[1].disp, 0x12345678);
	DECODE(in, 0x8b, 0x04, 0x8d, 0x00, 0x01, 0x00, 0x00); /* [rcx*4 + 0x100] */
	assert_int_equal(in.opnd[1].base, -1);
	assert_int_equal(in.opnd[1].index, 1);
	assert_int_equal(in.opnd[1].scale, 4);
	TEXT("mov eax, dword ptr [rcx*4 + 0x100]", 0x8b, 0x04, 0x8d, 0x00, 0x01, 0x00, 0x00);
	DECODE(in, 0x4a, 0x8b, 0x04, 0x20); /* REX.X: index r12 is an index, not "none" */
	assert_int_equal(in.opnd[1].base, 0);
	assert_int_equal(in.opnd[1].index, 12);
	DECODE(in, 0x8b, 0x04, 0x24); /* index 100 without REX.X: none; base rsp -> ss */
	assert_int_equal(in.opnd[1].base, 4);
	assert_int_equal(in.opnd[1].index, -1);
	assert_int_equal(in.opnd[1].seg, X86_SEG_SS);
}

static void test_r12_r13(void **state)
{
	struct x86_inst in;

	DECODE(in, 0x41, 0x8b, 0x04, 0x24); /* [r12] needs a SIB */
	assert_int_equal(in.opnd[1].base, 12);
	assert_int_equal(in.opnd[1].seg, X86_SEG_DS);
	TEXT("mov eax, dword ptr [r12]", 0x41, 0x8b, 0x04, 0x24);
	DECODE(in, 0x41, 0x8b, 0x45, 0x00); /* [r13] needs a disp8 of 0 */
	assert_int_equal(in.opnd[1].base, 13);
	assert_false(in.opnd[1].rip);
	DECODE(in, 0x41, 0x8b, 0x05, 1, 0, 0, 0); /* mod 00 rm 101 with REX.B: still rip */
	assert_true(in.opnd[1].rip);
	DECODE(in, 0x41, 0x8b, 0x04, 0x25, 1, 0, 0, 0); /* SIB base 101, mod 00, REX.B: none */
	assert_int_equal(in.opnd[1].base, -1);
}

static void test_immediates_and_sizes(void **state)
{
	struct x86_inst in;

	DECODE(in, 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8); /* mov r64, imm64 */
	assert_int_equal(in.opnd[1].imm, 0x0807060504030201);
	DECODE(in, 0x48, 0x05, 0xff, 0xff, 0xff, 0xff); /* add rax, imm32 sign-extended */
	assert_int_equal(in.opnd[1].imm, -1);
	DECODE(in, 0x66, 0x05, 0x34, 0x12); /* add ax, imm16 */
	assert_int_equal(in.opnd[1].imm, 0x1234);
	DECODE(in, 0x50); /* push: 64-bit by default */
	assert_int_equal(in.opsize, 8);
	DECODE(in, 0x66, 0x50);
	assert_int_equal(in.opsize, 2);
	DECODE(in, 0xe8, 0, 0, 0, 0); /* near call: 64-bit */
	assert_int_equal(in.opsize, 8);
	DECODE(in, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8); /* moffs64 */
	assert_int_equal(in.opnd[1].disp, 0x0807060504030201);
	DECODE(in, 0x67, 0xa1, 1, 2, 3, 4); /* moffs32 with 67 */
	assert_int_equal(in.addrsize, 4);
	DECODE(in, 0xc8, 0x10, 0x00, 0x01); /* enter imm16, imm8 */
	assert_int_equal(in.opnd[0].imm, 0x10);
	assert_int_equal(in.opnd[1].imm, 1);
	DECODE(in, 0x88, 0xe0); /* no REX: ah */
	assert_true(in.opnd[1].high8);
	DECODE(in, 0x40, 0x88, 0xe0); /* REX: spl */
	assert_false(in.opnd[1].high8);
	TEXT("mov al, spl", 0x40, 0x88, 0xe0);
}

static void test_groups_and_maps(void **state)
{
	TEXT("lock add dword ptr [rax], 1", 0xf0, 0x83, 0x00, 0x01);
	TEXT("shl rax, 3", 0x48, 0xc1, 0xe0, 0x03);
	TEXT("neg qword ptr [rbx]", 0x48, 0xf7, 0x1b);
	TEXT("call qword ptr [rip + 0x10]", 0xff, 0x15, 0x10, 0, 0, 0);
	TEXT("bts dword ptr [rax], 5", 0x0f, 0xba, 0x28, 0x05);
	TEXT("lgdt [rax]", 0x0f, 0x01, 0x10);
	TEXT("swapgs", 0x0f, 0x01, 0xf8);
	TEXT("rdtscp", 0x0f, 0x01, 0xf9);
	TEXT("mov cr3, rax", 0x0f, 0x22, 0xd8);
	TEXT("lock cmpxchg16b xmmword ptr [rdi]", 0xf0, 0x48, 0x0f, 0xc7, 0x0f);
	TEXT("rep stosq qword ptr [rdi], rax", 0xf3, 0x48, 0xab);
	TEXT("repne scasb al, byte ptr [rdi]", 0xf2, 0xae);
	TEXT("popcnt eax, ecx", 0xf3, 0x0f, 0xb8, 0xc1);
	TEXT("crc32 eax, byte ptr [rsi]", 0xf2, 0x0f, 0x38, 0xf0, 0x06);
	TEXT("pcmpistri xmm1, xmm2, 0xc", 0x66, 0x0f, 0x3a, 0x63, 0xca, 0x0c);
	TEXT("pshufb mm0, mm1", 0x0f, 0x38, 0x00, 0xc1);
	TEXT("cmpltps xmm0, xmm1", 0x0f, 0xc2, 0xc1, 0x01);
	TEXT("fld qword ptr [rsp]", 0xdd, 0x04, 0x24);
	TEXT("fadd st(0), st(3)", 0xd8, 0xc3);
	TEXT("fldpi", 0xd9, 0xeb);
	TEXT("fnstsw ax", 0xdf, 0xe0);
	TEXT("jne 0x1000", 0x75, 0xfe);
	TEXT("lahf", 0x9f);
	TEXT("cpuid", 0x0f, 0xa2);
}

static void test_ud(void **state)
{
	struct x86_inst in;
	uint8_t b[16];
	char buf[32];

	DECODE(in, 0xc5); /* VEX: AVX is not implemented */
	assert_int_equal(in.ud, X86_UD_UNSUPPORTED);
	DECODE(in, 0x06); /* push es: invalid in 64-bit mode */
	assert_int_equal(in.ud, X86_UD_UNDEFINED);
	DECODE(in, 0xf0, 0x01, 0xc0); /* lock with a register destination */
	assert_int_equal(in.ud, X86_UD_LOCK);
	DECODE(in, 0xf0, 0x8b, 0x00); /* lock on mov */
	assert_int_equal(in.ud, X86_UD_LOCK);
	DECODE(in, 0x8e, 0xc8); /* mov cs, ax */
	assert_int_equal(in.ud, X86_UD_UNDEFINED);
	DECODE(in, 0x8d, 0xc0); /* lea with a register operand */
	assert_int_equal(in.ud, X86_UD_UNDEFINED);
	assert_int_equal(x86_disas(buf, sizeof(buf), 0, (const uint8_t[]){0x06}, 1), -EINVAL);
	/* 15 bytes is the limit: 14 prefixes and an opcode decode, 15 do not */
	memset(b, 0x66, sizeof(b));
	b[14] = 0x90;
	assert_int_equal(x86_decode(&in, b, sizeof(b), X86_MODE_64), 0);
	assert_int_equal(in.len, 15);
	assert_int_equal(in.ud, X86_UD_NONE);
	b[14] = 0x66;
	b[15] = 0x90;
	assert_int_equal(x86_decode(&in, b, sizeof(b), X86_MODE_64), 0);
	assert_int_equal(in.ud, X86_UD_TOO_LONG);
	/* an instruction within 15 bytes whose immediate would cross the limit */
	memset(b, 0x66, 12);
	b[12] = 0x48;
	b[13] = 0xb8; /* imm64 would end at byte 22 */
	assert_int_equal(x86_decode(&in, b, 14, X86_MODE_64), 0);
	assert_int_equal(in.ud, X86_UD_TOO_LONG);
}

static void test_truncated(void **state)
{
	static const uint8_t b[] = {0x48, 0x8b, 0x05, 0x10, 0, 0, 0};
	struct x86_inst in;
	char buf[32];

	for (size_t n = 0; n < sizeof(b); n++) {
		assert_int_equal(x86_decode(&in, b, n, X86_MODE_64), -EAGAIN);
		assert_int_equal(x86_disas(buf, sizeof(buf), 0, b, n), -EINVAL);
	}
}

/* Decodes in mode and compares the text. */
#define MODE_TEXT(mode, want, ...)                                                                 \
	do {                                                                                       \
		static const uint8_t b_[] = {__VA_ARGS__};                                         \
		char buf_[128];                                                                    \
		assert_int_equal(x86_decode(&in, b_, sizeof(b_), mode), 0);                        \
		assert_int_equal(in.ud, X86_UD_NONE);                                              \
		assert_int_equal(in.len, sizeof(b_));                                              \
		x86_format(buf_, sizeof(buf_), 0x1000, &in);                                       \
		assert_string_equal(buf_, want);                                                   \
	} while (0)

static void test_mode32(void **state)
{
	struct x86_inst in;
	static const uint8_t vex[] = {0xc5, 0xf8, 0x77};

	MODE_TEXT(X86_MODE_32, "inc eax", 0x40);
	MODE_TEXT(X86_MODE_32, "dec edi", 0x4f);
	assert_int_equal(in.opsize, 4);
	MODE_TEXT(X86_MODE_32, "mov ax, cs", 0x66, 0x8c, 0xc8);
	MODE_TEXT(X86_MODE_32, "push es", 0x06);
	MODE_TEXT(X86_MODE_32, "pop ds", 0x1f);
	MODE_TEXT(X86_MODE_32, "pushal", 0x60);
	MODE_TEXT(X86_MODE_32, "daa", 0x27);
	MODE_TEXT(X86_MODE_32, "aam 0xa", 0xd4, 0x0a);
	MODE_TEXT(X86_MODE_32, "arpl word ptr [eax], ax", 0x63, 0x00);
	MODE_TEXT(X86_MODE_32, "les eax, [ecx]", 0xc4, 0x01);
	MODE_TEXT(X86_MODE_32, "ljmp 0x10:0x100000", 0xea, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00);
	MODE_TEXT(X86_MODE_32, "ljmp 0x8:0x1234", 0x66, 0xea, 0x34, 0x12, 0x08, 0x00);
	MODE_TEXT(X86_MODE_32, "add byte ptr [eax], 1", 0x82, 0x00, 0x01);
	/* mod 00 rm 101: an absolute disp32, not RIP-relative */
	MODE_TEXT(X86_MODE_32, "mov eax, dword ptr [0x1000]", 0x8b, 0x05, 0x00, 0x10, 0, 0);
	assert_false(in.opnd[1].rip);
	/* push, call: 32-bit by default, no D64/F64 */
	MODE_TEXT(X86_MODE_32, "push eax", 0x50);
	assert_int_equal(in.opsize, 4);
	MODE_TEXT(X86_MODE_32, "call eax", 0xff, 0xd0);
	assert_int_equal(in.opnd[0].size, 4);
	MODE_TEXT(X86_MODE_32, "mov eax, cr0", 0x0f, 0x20, 0xc0);
	assert_int_equal(in.opnd[0].size, 4);
	MODE_TEXT(X86_MODE_32, "jecxz 0x1002", 0xe3, 0x00);
	/* C5 with a register ModRM is VEX, as in 64-bit mode */
	assert_int_equal(x86_decode(&in, vex, sizeof(vex), X86_MODE_32), 0);
	assert_int_equal(in.ud, X86_UD_UNSUPPORTED);
	assert_int_equal(x86_decode(&in, vex, 1, X86_MODE_32), -EAGAIN);
}

static void test_mode16(void **state)
{
	struct x86_inst in;

	MODE_TEXT(X86_MODE_16, "mov ax, word ptr [bx + si]", 0x8b, 0x00);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(in.addrsize, 2);
	assert_int_equal(in.opnd[1].seg, X86_SEG_DS);
	MODE_TEXT(X86_MODE_16, "mov ax, word ptr [bp + di + 0x10]", 0x8b, 0x43, 0x10);
	assert_int_equal(in.opnd[1].seg, X86_SEG_SS);
	MODE_TEXT(X86_MODE_16, "mov ax, word ptr [0x1234]", 0x8b, 0x06, 0x34, 0x12);
	MODE_TEXT(X86_MODE_16, "lidt [0x82ea]", 0x0f, 0x01, 0x1e, 0xea, 0x82);
	MODE_TEXT(X86_MODE_16, "mov ax, word ptr [bp - 2]", 0x8b, 0x46, 0xfe);
	MODE_TEXT(X86_MODE_16, "mov cx, word ptr [bx + 0x1234]", 0x8b, 0x8f, 0x34, 0x12);
	/* 66 and 67 toggle to 32 bits */
	MODE_TEXT(X86_MODE_16, "mov eax, dword ptr [bx + si]", 0x66, 0x8b, 0x00);
	MODE_TEXT(X86_MODE_16, "mov ax, word ptr [eax]", 0x67, 0x8b, 0x00);
	MODE_TEXT(X86_MODE_16, "mov ax, 0x1234", 0xb8, 0x34, 0x12);
	MODE_TEXT(X86_MODE_16, "jmp 0x1103", 0xe9, 0x00, 0x01);
	MODE_TEXT(X86_MODE_16, "ljmp 0x0:0x7c00", 0xea, 0x00, 0x7c, 0x00, 0x00);
	MODE_TEXT(X86_MODE_16, "lcall 0x1000:0x10", 0x9a, 0x10, 0x00, 0x00, 0x10);
	MODE_TEXT(X86_MODE_16, "pushaw", 0x60);
	MODE_TEXT(X86_MODE_16, "jcxz 0x1002", 0xe3, 0x00);
	MODE_TEXT(X86_MODE_16, "inc si", 0x46);
}

/* 64-bit mode: the opcodes invalid there stay #UD; movsxd and swapgs exist only there. */
static void test_mode_only_forms(void **state)
{
	static const uint8_t i64[][2] = {{0x06}, {0x1f}, {0x27}, {0x37},       {0x60},
					 {0x61}, {0xce}, {0xd6}, {0x82, 0xc0}, {0xd4, 0x0a}};
	static const uint8_t movsxd[] = {0x63, 0xc0}, swapgs[] = {0x0f, 0x01, 0xf8};
	struct x86_inst in;

	for (size_t i = 0; i < sizeof(i64) / sizeof(i64[0]); i++) {
		assert_int_equal(x86_decode(&in, i64[i], sizeof(i64[i]), X86_MODE_64), 0);
		assert_int_equal(in.ud, X86_UD_UNDEFINED);
	}
	assert_int_equal(x86_decode(&in, movsxd, sizeof(movsxd), X86_MODE_32), 0);
	assert_int_equal(in.op, X86_OP_arpl);
	assert_int_equal(x86_decode(&in, swapgs, sizeof(swapgs), X86_MODE_32), 0);
	assert_int_equal(in.ud, X86_UD_UNDEFINED);
}

/* Every mnemonic of X86_MNEMONICS is reachable: the table has no dead names. */
static void test_every_mnemonic_reachable(void **state)
{
	static bool seen[X86_OP_COUNT];
	struct x86_inst in;
	uint8_t b[16] = {0};
	char buf[128];

	static const uint8_t pfxs[][2] = {{0}, {0x66}, {0xf3}, {0xf2}, {0x48}, {0x66, 0x48}};

	for (unsigned mode = X86_MODE_32; mode <= X86_MODE_64; mode++) {
		for (unsigned pfx = 0; pfx < sizeof(pfxs) / sizeof(pfxs[0]); pfx++) {
			for (unsigned map = 0; map < 4; map++) {
				for (unsigned op = 0; op < 256; op++) {
					for (unsigned modrm = 0; modrm < 256; modrm++) {
						unsigned n = 0;

						for (unsigned k = 0; k < 2 && pfxs[pfx][k]; k++)
							b[n++] = pfxs[pfx][k];
						if (map)
							b[n++] = 0x0f;
						if (map >= 2)
							b[n++] = map == 2 ? 0x38 : 0x3a;
						b[n++] = (uint8_t)op;
						b[n] = (uint8_t)modrm;
						if (!x86_decode(&in, b, sizeof(b), mode) &&
						    !in.ud) {
							seen[in.op] = true;
							x86_format(buf, sizeof(buf), 0, &in);
						}
					}
				}
			}
		}
	}
	for (unsigned i = 0; i < X86_OP_COUNT; i++)
		if (!seen[i])
			fail_msg("mnemonic %s is never decoded", x86_op_name(i));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rex_before_legacy_prefix_ignored),
	    cmocka_unit_test(test_last_of_group),
	    cmocka_unit_test(test_nop_pause_xchg),
	    cmocka_unit_test(test_rip_relative),
	    cmocka_unit_test(test_sib),
	    cmocka_unit_test(test_r12_r13),
	    cmocka_unit_test(test_immediates_and_sizes),
	    cmocka_unit_test(test_groups_and_maps),
	    cmocka_unit_test(test_ud),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_mode32),
	    cmocka_unit_test(test_mode16),
	    cmocka_unit_test(test_mode_only_forms),
	    cmocka_unit_test(test_every_mnemonic_reachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
