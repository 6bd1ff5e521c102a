/*
 * work.h - the CPU-bound workload of bench/x86_64-cpu.sh, built the same way for the host
 * (hosted.c), for FVP (bare.c, entered in long mode) and for QEMU (bare.c behind pvh64.S):
 * integer hashing, a heap sort, byte-wise CRC and search, string copies and fills, 64-bit
 * division. Returns a checksum every build must agree on.
 */
#ifndef FVP_BENCH_X86_64_CPU_WORK_H
#define FVP_BENCH_X86_64_CPU_WORK_H

#include <stdint.h>

#define CPU_WORK_ROUNDS 96

uint64_t cpu_work(unsigned rounds);

#endif
