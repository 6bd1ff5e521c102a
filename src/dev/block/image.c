/*
 * image.c - opening disk images (see block.h): one error line per problem,
 * before the guest starts.
 *
 * Invariants: a successfully opened image holds an OFD lock on the whole
 * file (shared for read-only, exclusive for read-write) until it is closed.
 */
#include "dev/block/block.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/log.h"

static int image_lock(int fd, bool readonly)
{
	struct flock fl = {
	    .l_type = readonly ? F_RDLCK : F_WRLCK,
	    .l_whence = SEEK_SET,
	    .l_start = 0,
	    .l_len = 0,
	};

	return fcntl(fd, F_OFD_SETLK, &fl) < 0 ? -errno : 0;
}

int blk_image_open(struct blk_image *img, const char *path, bool readonly)
{
	struct stat st;
	int fd, ret;

	img->fd = -1;
	img->path = path;
	img->readonly = readonly;
	fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		if (ret == -ENOENT)
			log_error("%s: disk image does not exist", path);
		else if ((ret == -EACCES || ret == -EROFS) && !readonly && access(path, R_OK) == 0)
			log_error("%s: disk image is read-only: add readonly=on to --drive", path);
		else if (ret == -EACCES)
			log_error("%s: disk image is not readable (permission denied)", path);
		else
			log_error("%s: cannot open disk image: %s", path, strerror(-ret));
		return ret;
	}
	if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
		log_error("%s: disk image is not a regular file or block device", path);
		close(fd);
		return -EINVAL;
	}
	ret = image_lock(fd, readonly);
	if (ret) {
		if (ret == -EAGAIN || ret == -EACCES)
			log_error("%s: disk image is in use by another process (locked)", path);
		else
			log_error("%s: cannot lock disk image: %s", path, strerror(-ret));
		close(fd);
		return ret == -EACCES ? -EAGAIN : ret;
	}
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(fd, 0, SEEK_END);

		st.st_size = end < 0 ? 0 : end;
	}
	img->fd = fd;
	img->size = (uint64_t)st.st_size;
	return 0;
}

void blk_image_close(struct blk_image *img)
{
	if (img->fd >= 0)
		close(img->fd);
	img->fd = -1;
}
