/*
 * image.c - opening disk images (see block.h): one error line per problem,
 * before the guest starts.
 *
 * Invariants: a successfully opened image holds an OFD lock on the whole
 * file (shared for read-only, exclusive for read-write) until it is closed.
 * A direct (cache=none) image has power-of-two alignments: the kernel's own
 * figures (statx STATX_DIOALIGN) when it gives them, else 4096 for both,
 * which every Linux device accepts; it has a buffered_fd exactly when
 * offset_align is above the 512-byte sector a guest may address.
 */
#include "dev/block/block.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/log.h"

#define BLK_SECTOR   512u
#define DIO_FALLBACK 4096u

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

static bool power_of_two(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* Fill img's O_DIRECT alignments and, if needed, its buffered descriptor. */
static int image_direct_setup(struct blk_image *img, int flags)
{
	struct statx stx;

	img->mem_align = DIO_FALLBACK;
	img->offset_align = DIO_FALLBACK;
	if (statx(img->fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &stx) == 0 &&
	    (stx.stx_mask & STATX_DIOALIGN)) {
		if (!stx.stx_dio_offset_align) {
			log_error("%s: this file does not support O_DIRECT (cache=none): "
				  "use cache=writeback",
				  img->path);
			return -EINVAL;
		}
		img->mem_align = stx.stx_dio_mem_align;
		img->offset_align = stx.stx_dio_offset_align;
	}
	if (!power_of_two(img->mem_align) || !power_of_two(img->offset_align) ||
	    img->mem_align > BLK_DIO_MAX_ALIGN || img->offset_align > BLK_DIO_MAX_ALIGN) {
		log_error("%s: unusable O_DIRECT alignment (memory %u, offset %u bytes): "
			  "use cache=writeback",
			  img->path, img->mem_align, img->offset_align);
		return -EINVAL;
	}
	if (img->offset_align <= BLK_SECTOR)
		return 0;
	img->buffered_fd = open(img->path, flags & ~O_DIRECT);
	if (img->buffered_fd < 0) {
		log_error("%s: cannot open disk image a second time: %s", img->path,
			  strerror(errno));
		return -errno;
	}
	return 0;
}

static void log_open_error(const char *path, int ret, bool readonly, bool direct)
{
	if (ret == -ENOENT)
		log_error("%s: disk image does not exist", path);
	else if ((ret == -EACCES || ret == -EROFS) && !readonly && access(path, R_OK) == 0)
		log_error("%s: disk image is read-only: add readonly=on to --drive", path);
	else if (ret == -EACCES)
		log_error("%s: disk image is not readable (permission denied)", path);
	else if (ret == -EINVAL && direct)
		log_error("%s: the file system does not support O_DIRECT (cache=none): "
			  "use cache=writeback",
			  path);
	else
		log_error("%s: cannot open disk image: %s", path, strerror(-ret));
}

int blk_image_open(struct blk_image *img, const char *path, bool readonly, bool direct)
{
	int flags = (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC | (direct ? O_DIRECT : 0);
	struct stat st;
	int fd, ret;

	img->fd = -1;
	img->buffered_fd = -1;
	img->path = path;
	img->readonly = readonly;
	img->direct = direct;
	img->mem_align = 1;
	img->offset_align = 1;
	fd = open(path, flags);
	if (fd < 0) {
		ret = -errno;
		log_open_error(path, ret, readonly, direct);
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
	if (img->size % 512)
		log_warn(
		    "%s: %llu bytes is not a whole number of 512-byte sectors: the guest sees "
		    "%llu sectors and not the last %u bytes (pad the image: truncate -s %%512)",
		    path, (unsigned long long)img->size, (unsigned long long)(img->size / 512),
		    (unsigned)(img->size % 512));
	if (direct) {
		ret = image_direct_setup(img, flags);
		if (ret) {
			blk_image_close(img);
			return ret;
		}
	}
	return 0;
}

void blk_image_close(struct blk_image *img)
{
	if (img->buffered_fd >= 0)
		close(img->buffered_fd);
	if (img->fd >= 0)
		close(img->fd);
	img->fd = -1;
	img->buffered_fd = -1;
}
