/*
 * log.c - levelled logging and debug classes.
 *
 * One process-wide sink (stderr unless --log FILE) guarded by one mutex, so
 * lines from different vCPU threads never interleave mid-line. Errors reach
 * stderr even when the log goes to a file; a log file that fails to take a
 * line is reported on stderr once. Message sites a guest can repeat at will
 * are rate-limited (log_site_pass).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/log.h"

unsigned log_mask;
enum log_level log_threshold = LOG_WARN;

static FILE *log_file;
static bool log_file_failed; /* reported on stderr */
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;

static const char *const log_class_names[] = {
#define LOG_CLASS_NAME(n, l, h) #n,
    LOG_CLASSES(LOG_CLASS_NAME)
#undef LOG_CLASS_NAME
};

static const char *const log_class_help[] = {
#define LOG_CLASS_HELP(n, l, h) h,
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
	log_file_failed = false;
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

static __attribute__((nonnull)) void log_vwrite_to(FILE *out, const char *prefix, const char *fmt,
						   va_list ap)
{
	size_t len = strlen(fmt);

	fputs(prefix, out);
	vfprintf(out, fmt, ap);
	if (!len || fmt[len - 1] != '\n')
		fputc('\n', out);
	fflush(out);
}

/* One line to the sink; an error (to_stderr) also to stderr when the sink is a file. */
static __attribute__((nonnull)) void log_vwrite(const char *prefix, bool to_stderr, const char *fmt,
						va_list ap)
{
	va_list again;

	va_copy(again, ap);
	log_lock();
	log_vwrite_to(log_stream(), prefix, fmt, ap);
	if (log_file && to_stderr)
		log_vwrite_to(stderr, prefix, fmt, again);
	if (log_file && ferror(log_file) && !log_file_failed) {
		log_file_failed = true;
		fprintf(stderr,
			"fvp: warning: writing the log file failed (%s): log lines are lost\n",
			strerror(errno));
	}
	log_unlock();
	va_end(again);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = {
	    "fvp: error: ", "fvp: warning: ", "fvp: ", "fvp: debug: "};
	va_list ap;

	if (level > log_threshold)
		return;
	va_start(ap, fmt);
	log_vwrite(prefix[level], level == LOG_ERROR, fmt, ap);
	va_end(ap);
}

bool log_site_pass_at(struct log_site *site, const char *fmt, uint64_t now_ns)
{
	unsigned dropped = 0;
	bool pass;

	log_lock();
	if (!site->interval_start || now_ns - site->interval_start >= LOG_SITE_INTERVAL_NS) {
		dropped = site->suppressed;
		site->interval_start = now_ns ? now_ns : 1;
		site->printed = 0;
		site->suppressed = 0;
	}
	pass = site->printed < LOG_SITE_BURST;
	if (pass)
		site->printed++;
	else
		site->suppressed++;
	log_unlock();
	if (dropped)
		log_msg(LOG_WARN, "%u more messages like \"%s\" were suppressed", dropped, fmt);
	return pass;
}

bool log_site_pass(struct log_site *site, const char *fmt)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return log_site_pass_at(site, fmt,
				(uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

void log_class_msg(enum log_class cls, const char *fmt, ...)
{
	va_list ap;

	(void)cls;
	va_start(ap, fmt);
	log_vwrite("", false, fmt, ap);
	va_end(ap);
}
