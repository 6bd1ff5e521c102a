/*
 * compiler.h - attributes and tiny helpers shared by every FVP file.
 * Nothing here allocates or has side effects; it only names compiler features.
 */
#ifndef FVP_CORE_COMPILER_H
#define FVP_CORE_COMPILER_H

#include <stddef.h>
#include <stdint.h>

#define likely(x)      __builtin_expect(!!(x), 1)
#define unlikely(x)    __builtin_expect(!!(x), 0)
#define __must_check   __attribute__((warn_unused_result))
#define __unused_param __attribute__((unused))
#define __noinline     __attribute__((noinline))
#ifndef __always_inline /* glibc's sys/cdefs.h has the same definition */
#define __always_inline inline __attribute__((always_inline))
#endif
#define __printf(a, b)			__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a)			(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define ALIGN_UP(x, a)	 ALIGN_DOWN((x) + (a)-1, (a))

static inline int64_t sext64(uint64_t v, unsigned bits)
{
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static inline uint64_t extract64(uint64_t v, unsigned start, unsigned len)
{
	return (v >> start) & (len == 64 ? ~0ULL : ((1ULL << len) - 1));
}

#endif
