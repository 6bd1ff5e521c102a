/*
 * log.c - levelled logging and debug classes.
 *
 * One process-wide sink (stderr unless --log FILE) guarded by one mutex, so
 * lines from different vCPU threads never interleave mid-line.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/log.h"

unsigned log_mask;
enum log_level log_threshold = LOG_WARN;

static FILE *log_file;
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;

static const char *const log_class_names[] = {
#define LOG_CLASS_NAME(n, h) #n,
    LOG_CLASSES(LOG_CLASS_NAME)
#undef LOG_CLASS_NAME
};

static const char *const log_class_help[] = {
#define LOG_CLASS_HELP(n, h) h,
    LOG_CLASSES(LOG_CLASS_HELP)
#undef LOG_CLASS_HELP
};

FILE *log_stream(void)
{
	return log_file ? log_file : stderr;
}

void log_lock(void)
{
	pthread_mutex_lock(&log_mutex);
}

void log_unlock(void)
{
	pthread_mutex_unlock(&log_mutex);
}

int log_parse_classes(const char *list, unsigned *mask, const char **bad)
{
	static char badbuf[64];
	unsigned m = 0;
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		unsigned i;
		bool found = false;

		for (i = 0; i < LOG_CLASS_COUNT; i++) {
			if (strlen(log_class_names[i]) == len &&
			    !strncmp(p, log_class_names[i], len)) {
				m |= 1u << i;
				found = true;
			}
		}
		if (!found && len) {
			snprintf(badbuf, sizeof(badbuf), "%.*s", (int)(len < 60 ? len : 60), p);
			if (bad)
				*bad = badbuf;
			return -EINVAL;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	*mask = m;
	return 0;
}

void log_print_classes(FILE *out)
{
	for (unsigned i = 0; i < LOG_CLASS_COUNT; i++)
		fprintf(out, "  %-8s %s\n", log_class_names[i], log_class_help[i]);
}

/* A write error the log stream kept (a full disk) shows at fclose: say so on stderr, where
 * the log goes next. */
static void log_file_close(FILE *f)
{
	if (fclose(f) != 0)
		fprintf(stderr, "fvp: warning: writing the log file: %s\n", strerror(errno));
}

int log_open(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	log_lock();
	if (log_file)
		log_file_close(log_file);
	log_file = f;
	log_unlock();
	return 0;
}

void log_close(void)
{
	log_lock();
	if (log_file)
		log_file_close(log_file);
	log_file = NULL;
	log_unlock();
}

static __attribute__((nonnull)) void log_vwrite(const char *prefix, const char *fmt, va_list ap)
{
	FILE *out = log_stream();
	size_t len = strlen(fmt);

	log_lock();
	fputs(prefix, out);
	vfprintf(out, fmt, ap);
	if (!len || fmt[len - 1] != '\n')
		fputc('\n', out);
	fflush(out);
	log_unlock();
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = {
	    "fvp: error: ", "fvp: warning: ", "fvp: ", "fvp: debug: "};
	va_list ap;

	if (level > log_threshold)
		return;
	va_start(ap, fmt);
	log_vwrite(prefix[level], fmt, ap);
	va_end(ap);
}

void log_class_msg(enum log_class cls, const char *fmt, ...)
{
	va_list ap;

	(void)cls;
	va_start(ap, fmt);
	log_vwrite("", fmt, ap);
	va_end(ap);
}
