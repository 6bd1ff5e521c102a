/*
 * sifive_test.h - the SiFive test / power device ("sifive,test0"): one
 * register at offset 0 whose writes power off, reset, or report failure.
 */
#ifndef FVP_DEV_SIFIVE_TEST_H
#define FVP_DEV_SIFIVE_TEST_H

#include "core/memory.h"

#define SIFIVE_TEST_MMIO_SIZE 0x1000

#define SIFIVE_TEST_FAIL  0x3333u /* | (exit code << 16) */
#define SIFIVE_TEST_PASS  0x5555u
#define SIFIVE_TEST_RESET 0x7777u

/* The opaque of the region is the struct vm to stop. */
extern const struct mmio_ops sifive_test_mmio_ops;

#endif
