/*
 * file.c - whole-file writes that leave nothing half-written (see file.h).
 *
 * The temporary file is PATH.tmp-PID, created exclusively and never through
 * a symlink; it is synced before the rename, and removed on every failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/file.h"
#include "core/log.h"

/* Write all of data to fd; 0 or -errno. */
static int write_all(int fd, const void *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

/* A target that is not a regular file (a device, a pipe): written where it is. */
static int write_in_place(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret;

	if (fd < 0) {
		ret = -errno;
		log_error("%s: cannot open for writing: %s", path, strerror(-ret));
		return ret;
	}
	ret = write_all(fd, data, len);
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret)
		log_error("%s: write failed: %s", path, strerror(-ret));
	return ret;
}

int file_write_whole(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	struct stat st;
	int fd, ret;

	if (!stat(path, &st) && !S_ISREG(st.st_mode))
		return write_in_place(path, data, len);
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof(tmp)) {
		log_error("%s: path too long", path);
		return -ENAMETOOLONG;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		log_error("%s: cannot create: %s", path, strerror(-ret));
		return ret;
	}
	ret = write_all(fd, data, len);
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret) {
		unlink(tmp);
		log_error("%s: write failed (the file is unchanged): %s", path, strerror(-ret));
	}
	return ret;
}
