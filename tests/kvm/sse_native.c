/* sse_native.c - lib.h's console and verdicts for sse.c built as a host program (stdout). */
#include <stdio.h>
#include <stdlib.h>
#include "lib.h"

void putc_serial(char c)
{
	putchar(c);
}

void puts_serial(const char *s)
{
	fputs(s, stdout);
}

void fail(const char *why)
{
	printf("FAIL: %s\n", why);
	exit(1);
}

void check(bool ok, const char *what)
{
	if (!ok)
		fail(what);
	printf("ok: %s\n", what);
}

void pass(const char *name)
{
	printf("PASS (%s)\n", name);
	exit(0);
}
