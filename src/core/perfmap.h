/*
 * perfmap.h - the Linux perf "JIT map" (/tmp/perf-PID.map): one line per
 * piece of generated code, "START SIZE NAME" in hex, so `perf report` names
 * samples that land in the JIT's buffer by the guest code they came from.
 *
 * Off unless perf_map_open() was called (--perf-map). Thread-safe: each
 * entry is one whole line. A code buffer reused after a flush gets new
 * entries for the same addresses; perf takes the newest that covers a
 * sample, so profiles spanning a flush may name a few samples wrongly.
 */
#ifndef FVP_CORE_PERFMAP_H
#define FVP_CORE_PERFMAP_H

#include <stdbool.h>
#include <stddef.h>
#include "core/compiler.h"

extern bool perf_map_on;

/* Create /tmp/perf-<pid>.map (truncating an old one). Returns 0 or -errno; path, if not
 * NULL, gets the file's name (at least 64 bytes). */
int perf_map_open(char *path, size_t path_size) __must_check;
void perf_map_close(void);

/* Name [code, code + size) in the map. */
void perf_map_add(const void *code, size_t size, const char *fmt, ...) __printf(3, 4);

static inline bool perf_map_enabled(void)
{
	return unlikely(perf_map_on);
}

#endif
