/*
 * Linux user-mode side of common.h: buffered output through write(2).
 * Built with the cross compiler as a static program and run under
 * qemu-riscv64 as the reference.
 */
#include <stdarg.h>
#include <unistd.h>

#include "common.h"

void fmt_vprint(void (*out)(int), const char *fmt, va_list ap);

static char buffer[4096];
static size_t used;

static void flush(void)
{
	size_t done = 0;

	while (done < used) {
		ssize_t n = write(1, buffer + done, used - done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	used = 0;
}

void out_putc(int c)
{
	if (used == sizeof(buffer))
		flush();
	buffer[used++] = (char)c;
}

void out_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vprint(out_putc, fmt, ap);
	va_end(ap);
}

int main(void)
{
	out_printf("%s\n", DIFF_BEGIN);
	int rc = diff_main();

	out_printf("exit %d\n%s\n", rc, DIFF_END);
	flush();
	return rc;
}
