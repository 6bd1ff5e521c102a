/*
 * Bare-metal side of common.h, linked with the guest runtime
 * (tests/guest/riscv64/start.S, lib.c, fmt.c): output on the NS16550A UART,
 * exit through the SiFive test device without the runtime's PASS banner.
 */
#include <stdarg.h>

#include "common.h"
#include "lib.h"

void out_putc(int c)
{
	uart_putc(c);
}

void out_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vprint(out_putc, fmt, ap);
	va_end(ap);
}

int main(long hartid, unsigned long dtb)
{
	quiet_exit = 1;
	out_printf("%s\n", DIFF_BEGIN);
	int rc = diff_main();

	out_printf("exit %d\n%s\n", rc, DIFF_END);
	return rc;
}
