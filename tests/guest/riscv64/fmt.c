/*
 * Tiny printf-style formatter shared by the guest runtime and the diff tests
 * (bare-metal and Linux builds alike, so both print identical text).
 * Supports %d %i %u %x %X %c %s %p %% with l/ll/z modifiers, '0' padding and
 * a width. No floating point: the tests print FP values as hex bits.
 */
#include <stdarg.h>
#include <stdint.h>

#include "lib.h"

static void emit_unsigned(void (*out)(int), uint64_t v, unsigned base, int upper, int width,
			  char pad, int negative)
{
	char buf[24];
	int n = 0;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		buf[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		width--;
	if (negative && pad == '0')
		out('-');
	for (int i = n; i < width; i++)
		out(pad);
	if (negative && pad != '0')
		out('-');
	while (n)
		out(buf[--n]);
}

void fmt_vprint(void (*out)(int), const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out(*fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, longs = 0;

		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = longs ? va_arg(ap, long) : va_arg(ap, int);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

			emit_unsigned(out, mag, 10, 0, width, pad, v < 0);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);

			emit_unsigned(out, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', width, pad, 0);
			break;
		}
		case 'p':
			out('0');
			out('x');
			emit_unsigned(out, (uintptr_t)va_arg(ap, void *), 16, 0, width, pad, 0);
			break;
		case 'c':
			out(va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len = 0;

			while (s[len])
				len++;
			for (int i = len; i < width; i++)
				out(' ');
			while (*s)
				out(*s++);
			break;
		}
		case '%':
			out('%');
			break;
		case '\0':
			return;
		default:
			out('%');
			out(*fmt);
			break;
		}
	}
}
