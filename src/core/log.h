/*
 * log.h - levelled logging and QEMU-like debug classes (-d in_asm,ir,...).
 * All output goes to one sink (stderr or --log FILE); every call is
 * thread-safe and one call produces whole lines.
 */
#ifndef FVP_CORE_LOG_H
#define FVP_CORE_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "core/compiler.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Debug classes: X(name, limited, help). Bit i of the mask is class i. A limited class
 * reports what a guest can repeat at will (unimplemented registers...): each of its message
 * sites prints LOG_SITE_BURST lines per LOG_SITE_INTERVAL_NS, then a count of the rest. */
#define LOG_CLASSES(X)                                                                             \
	X(in_asm, 0, "guest instructions of each translated block")                                \
	X(ir, 0, "IR of each block as the frontend emitted it")                                    \
	X(ir_opt, 0, "IR of each block after the optimizer")                                       \
	X(int, 0, "traps and interrupts taken")                                                    \
	X(mmu, 0, "page-table walks and TLB flushes")                                              \
	X(unimp, 1, "unimplemented or illegal instructions and registers (rate-limited)")          \
	X(exec, 0, "every block executed (very slow)")                                             \
	X(cpu, 0, "each vCPU's registers when the VM stops")                                       \
	X(out_asm, 0, "host code of each compiled block (disassembled with capstone)")

enum log_class {
#define LOG_CLASS_ENUM(n, l, h) LOG_CLASS_##n,
	LOG_CLASSES(LOG_CLASS_ENUM)
#undef LOG_CLASS_ENUM
	    LOG_CLASS_COUNT
};

enum {
#define LOG_CLASS_LIMIT(n, l, h) LOG_LIMIT_##n = (l),
	LOG_CLASSES(LOG_CLASS_LIMIT)
#undef LOG_CLASS_LIMIT
};

/* One message site's rate limit (a static per log_class / log_warn_limited use). */
struct log_site {
	uint64_t interval_start; /* host ns */
	unsigned printed;	 /* in this interval */
	unsigned suppressed;	 /* in this interval, not yet reported */
};

#define LOG_SITE_BURST	     10
#define LOG_SITE_INTERVAL_NS 5000000000ull

extern unsigned log_mask;
extern enum log_level log_threshold;

/* Parse "in_asm,ir" into a mask; returns 0 or -EINVAL with *bad set to the offending name. */
int log_parse_classes(const char *list, unsigned *mask, const char **bad);
void log_print_classes(FILE *out);
/* Send output to path (truncates). Returns 0 or -errno. */
int log_open(const char *path);
void log_close(void);
FILE *log_stream(void);
void log_lock(void);
void log_unlock(void);

void log_msg(enum log_level level, const char *fmt, ...) __printf(2, 3);
/* True if a message of site (format fmt) may print now; first reports, once, how many of
 * its messages the last interval suppressed. log_site_pass_at takes the time (tests). */
bool log_site_pass(struct log_site *site, const char *fmt);
bool log_site_pass_at(struct log_site *site, const char *fmt, uint64_t now_ns);
void log_class_msg(enum log_class cls, const char *fmt, ...) __printf(2, 3);

static inline bool log_enabled(enum log_class cls)
{
	return unlikely(log_mask & (1u << cls));
}

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_class(cls, fmt, ...)                                                                   \
	do {                                                                                       \
		static struct log_site log_site_;                                                  \
		if (log_enabled(LOG_CLASS_##cls) &&                                                \
		    (!LOG_LIMIT_##cls || log_site_pass(&log_site_, fmt)))                          \
			log_class_msg(LOG_CLASS_##cls, fmt, ##__VA_ARGS__);                        \
	} while (0)
/* A warning a guest can trigger again and again (a device error it causes). */
#define log_warn_limited(fmt, ...)                                                                 \
	do {                                                                                       \
		static struct log_site log_site_;                                                  \
		if (LOG_WARN <= log_threshold && log_site_pass(&log_site_, fmt))                   \
			log_msg(LOG_WARN, fmt, ##__VA_ARGS__);                                     \
	} while (0)

#endif
