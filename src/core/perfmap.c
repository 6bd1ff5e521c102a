/*
 * perfmap.c - writes /tmp/perf-PID.map for perf (see perfmap.h).
 *
 * The file is line-buffered behind one mutex, so entries from several vCPU
 * threads never interleave and a profile taken while FVP runs sees every
 * block compiled so far. The name is fixed by perf and lives in a shared
 * /tmp, so the file is created exclusively and never through a symlink;
 * an existing one is reused only if it is a regular file of ours (a stale
 * map of an earlier process with the same PID).
 */
#include "core/perfmap.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/log.h"

bool perf_map_on;

static FILE *perf_map_file;
static pthread_mutex_t perf_map_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Close the current map file, if any, and write to f (NULL: off). */
static void perf_map_set_file(FILE *f)
{
	pthread_mutex_lock(&perf_map_mutex);
	if (perf_map_file && fclose(perf_map_file) != 0)
		log_warn("writing the perf map: %s", strerror(errno));
	perf_map_file = f;
	perf_map_on = f != NULL;
	pthread_mutex_unlock(&perf_map_mutex);
}

/* Open name for writing without following a symlink: created new, or an existing regular
 * file of this user truncated. Returns the descriptor or -errno (-EEXIST: not ours). */
static int perf_map_create(const char *name)
{
	struct stat st;
	int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);

	if (fd >= 0 || errno != EEXIST)
		return fd >= 0 ? fd : -errno;
	fd = open(name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? -EEXIST : -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink != 1 ||
	    ftruncate(fd, 0)) {
		close(fd);
		return -EEXIST;
	}
	return fd;
}

int perf_map_open(char *path, size_t path_size)
{
	char name[64];
	FILE *f;
	int fd;

	snprintf(name, sizeof(name), "/tmp/perf-%ld.map", (long)getpid());
	if (path)
		snprintf(path, path_size, "%s", name);
	fd = perf_map_create(name);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "w");
	if (!f) {
		int err = -errno;

		close(fd);
		return err;
	}
	/* fails only for a bad mode; the stream would then keep full buffering, which delays
	 * entries but loses none */
	(void)setvbuf(f, NULL, _IOLBF, 0);
	perf_map_set_file(f);
	return 0;
}

void perf_map_close(void)
{
	perf_map_set_file(NULL);
}

void perf_map_add(const void *code, size_t size, const char *fmt, ...)
{
	pthread_mutex_lock(&perf_map_mutex);
	if (perf_map_file) {
		va_list ap;

		fprintf(perf_map_file, "%lx %zx ", (unsigned long)(uintptr_t)code, size);
		va_start(ap, fmt);
		vfprintf(perf_map_file, fmt, ap);
		va_end(ap);
		fputc('\n', perf_map_file);
	}
	pthread_mutex_unlock(&perf_map_mutex);
}
