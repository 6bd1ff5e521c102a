/*
 * iov.h - copying between iovecs (guest buffers mapped into host memory)
 * and flat buffers, for the few header and status bytes a device reads or
 * writes itself; bulk data goes through the iovecs untouched.
 */
#ifndef FVP_DEV_VIRTIO_IOV_H
#define FVP_DEV_VIRTIO_IOV_H

#include <stddef.h>
#include <sys/uio.h>

/* Total bytes of iov[0..cnt). */
size_t iov_size(const struct iovec *iov, unsigned cnt);
/* Copy up to len bytes starting at byte offset of the iovecs into buf; returns bytes copied. */
size_t iov_to_buf(const struct iovec *iov, unsigned cnt, size_t offset, void *buf, size_t len);
/* Copy up to len bytes of buf into the iovecs at byte offset; returns bytes copied. */
size_t iov_from_buf(const struct iovec *iov, unsigned cnt, size_t offset, const void *buf,
		    size_t len);
/* Describe bytes [offset, offset + len) of iov in out (at most max entries); returns the count,
 * or -1 if the range does not fit in the iovecs or in max entries. */
int iov_slice(const struct iovec *iov, unsigned cnt, size_t offset, size_t len, struct iovec *out,
	      unsigned max);

#endif
