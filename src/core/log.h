/*
 * log.h - levelled logging and QEMU-like debug classes (-d in_asm,ir,...).
 * All output goes to one sink (stderr or --log FILE); every call is
 * thread-safe and one call produces whole lines.
 */
#ifndef FVP_CORE_LOG_H
#define FVP_CORE_LOG_H

#include <stdbool.h>
#include <stdio.h>
#include "core/compiler.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Debug classes: X(name, help). Bit i of the mask is class i. */
#define LOG_CLASSES(X)                                                                             \
	X(in_asm, "guest instructions of each translated block")                                   \
	X(ir, "IR of each block as the frontend emitted it")                                       \
	X(ir_opt, "IR of each block after the optimizer")                                          \
	X(int, "traps and interrupts taken")                                                       \
	X(mmu, "page-table walks and TLB flushes")                                                 \
	X(unimp, "unimplemented or illegal instructions and registers")                            \
	X(exec, "every block executed (very slow)")                                                \
	X(cpu, "each vCPU's registers when the VM stops")                                          \
	X(out_asm, "host code of each compiled block (disassembled with capstone)")

enum log_class {
#define LOG_CLASS_ENUM(n, h) LOG_CLASS_##n,
	LOG_CLASSES(LOG_CLASS_ENUM)
#undef LOG_CLASS_ENUM
	    LOG_CLASS_COUNT
};

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
void log_class_msg(enum log_class cls, const char *fmt, ...) __printf(2, 3);

static inline bool log_enabled(enum log_class cls)
{
	return unlikely(log_mask & (1u << cls));
}

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_class(cls, ...)                                                                        \
	do {                                                                                       \
		if (log_enabled(LOG_CLASS_##cls))                                                  \
			log_class_msg(LOG_CLASS_##cls, __VA_ARGS__);                               \
	} while (0)

#endif
