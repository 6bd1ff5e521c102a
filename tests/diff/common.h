/*
 * The few functions the differential test programs may use. Two
 * implementations: common_linux.c (write(2), for the qemu-riscv64 oracle)
 * and common_bare.c (the guest runtime's UART, for FVP --bios none). Both
 * format through tests/guest/riscv64/fmt.c, so the text is identical.
 * A program defines diff_main(); main() prints begin/end markers around it
 * so the runner can cut the program's output out of the emulator console.
 */
#ifndef DIFF_COMMON_H
#define DIFF_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define DIFF_BEGIN "=== diff begin ==="
#define DIFF_END   "=== diff end ==="

int diff_main(void);
void out_putc(int c);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

static inline uint64_t double_bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

static inline uint32_t float_bits(float f)
{
	uint32_t u;

	memcpy(&u, &f, sizeof(u));
	return u;
}

#endif
