/*
 * iov.c - iovec copies and slices (see iov.h). Pure functions: no state,
 * never reads or writes outside the iovecs given.
 */
#include "dev/virtio/iov.h"

#include <stdbool.h>
#include <string.h>

size_t iov_size(const struct iovec *iov, unsigned cnt)
{
	size_t n = 0;

	for (unsigned i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	return n;
}

/* Copy len bytes between buf and the iovecs, starting offset bytes into them;
 * to_iov picks the direction. Returns the bytes copied (fewer if the iovecs end). */
static size_t iov_copy(const struct iovec *iov, unsigned cnt, size_t offset, char *buf, size_t len,
		       bool to_iov)
{
	size_t done = 0;

	for (unsigned i = 0; i < cnt && done < len; i++) {
		char *base = iov[i].iov_base;
		size_t n;

		if (offset >= iov[i].iov_len) {
			offset -= iov[i].iov_len;
			continue;
		}
		n = iov[i].iov_len - offset;
		if (n > len - done)
			n = len - done;
		if (to_iov)
			memcpy(base + offset, buf + done, n);
		else
			memcpy(buf + done, base + offset, n);
		done += n;
		offset = 0;
	}
	return done;
}

size_t iov_to_buf(const struct iovec *iov, unsigned cnt, size_t offset, void *buf, size_t len)
{
	return iov_copy(iov, cnt, offset, buf, len, false);
}

size_t iov_from_buf(const struct iovec *iov, unsigned cnt, size_t offset, const void *buf,
		    size_t len)
{
	return iov_copy(iov, cnt, offset, (char *)buf, len, true);
}

int iov_slice(const struct iovec *iov, unsigned cnt, size_t offset, size_t len, struct iovec *out,
	      unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < cnt && len; i++) {
		size_t take;

		if (offset >= iov[i].iov_len) {
			offset -= iov[i].iov_len;
			continue;
		}
		if (n == max)
			return -1;
		take = iov[i].iov_len - offset;
		if (take > len)
			take = len;
		out[n].iov_base = (char *)iov[i].iov_base + offset;
		out[n].iov_len = take;
		n++;
		len -= take;
		offset = 0;
	}
	return len ? -1 : (int)n;
}
