/*
 * iov.c - iovec copies and slices (see iov.h). Pure functions: no state,
 * never reads or writes outside the iovecs given.
 */
#include "dev/virtio/iov.h"

#include <string.h>

size_t iov_size(const struct iovec *iov, unsigned cnt)
{
	size_t n = 0;

	for (unsigned i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	return n;
}

size_t iov_to_buf(const struct iovec *iov, unsigned cnt, size_t offset, void *buf, size_t len)
{
	size_t done = 0;

	for (unsigned i = 0; i < cnt && done < len; i++) {
		size_t n;

		if (offset >= iov[i].iov_len) {
			offset -= iov[i].iov_len;
			continue;
		}
		n = iov[i].iov_len - offset;
		if (n > len - done)
			n = len - done;
		memcpy((char *)buf + done, (char *)iov[i].iov_base + offset, n);
		done += n;
		offset = 0;
	}
	return done;
}

size_t iov_from_buf(const struct iovec *iov, unsigned cnt, size_t offset, const void *buf,
		    size_t len)
{
	size_t done = 0;

	for (unsigned i = 0; i < cnt && done < len; i++) {
		size_t n;

		if (offset >= iov[i].iov_len) {
			offset -= iov[i].iov_len;
			continue;
		}
		n = iov[i].iov_len - offset;
		if (n > len - done)
			n = len - done;
		memcpy((char *)iov[i].iov_base + offset, (const char *)buf + done, n);
		done += n;
		offset = 0;
	}
	return done;
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
