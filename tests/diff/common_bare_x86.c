/*
 * Bare-metal x86-64 side of common.h, linked with the bare-metal x86-64 runtime
 * (tests/kvm/start.S, lib.c) and the shared formatter (tests/guest/riscv64/fmt.c): output on
 * the 16550 UART at port 0x3f8, the C library functions the programs use, and an exit through
 * the i8042 reset (status 0) without the runtime's PASS banner. The oracle is the same program
 * built for the host (common_linux.c) and run natively.
 */
#include <stdarg.h>

#include "common.h"
#include "lib.h"

void fmt_vprint(void (*out)(int), const char *fmt, va_list ap);

void out_putc(int c)
{
	if (c == '\n')
		putc_serial('\r');
	putc_serial((char)c);
}

void out_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vprint(out_putc, fmt, ap);
	va_end(ap);
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int main(void)
{
	uint64_t cr4;
	int rc;

	/* CR4.OSFXSR and OSXMMEXCPT: the programs built with floating point use SSE and x87. */
	__asm__ volatile("mov %%cr4, %0\n or $0x600, %0\n mov %0, %%cr4" : "=r"(cr4));
	out_printf("%s\n", DIFF_BEGIN);
	rc = diff_main();
	out_printf("exit %d\n%s\n", rc, DIFF_END);
	while (inb(0x64) & 0x02) /* i8042 input buffer busy */
		cpu_relax();
	outb(0x64, 0xfe); /* reset: FVP exits with status 0 */
	for (;;)
		__asm__ volatile("cli; hlt");
}
