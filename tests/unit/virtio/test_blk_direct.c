/*
 * test_blk_direct.c - the block back-ends (sync, io_uring) on cache=none
 * (O_DIRECT) images, driven through blk_backend_ops without a device: which
 * path each request takes (as is, bounced, buffered descriptor), reads and
 * writes from buffers O_DIRECT refuses (odd addresses, odd segment lengths),
 * and a host that wants 4096-byte offsets while the guest writes 512 bytes.
 * Also io_uring's page-cache fast path on a buffered (cache=writeback)
 * image: a cached read completes inside submit, an evicted one through the
 * ring, and an O_DIRECT read never inside submit.
 * Scratch images live in $FVP_TEST_SCRATCH (meson sets it to this test's
 * build directory: a disk file system, not tmpfs), else $TMPDIR, else /var/tmp,
 * never the current directory; teardown unlinks each. Where
 * the file system has no O_DIRECT (tmpfs before Linux 6.6) the direct tests skip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/iothread.h"
#include "dev/block/block.h"
#include "../test_log.h"

#define DISK_SIZE (256u * 1024)

struct fixture {
	const struct blk_backend_ops *ops;
	char path[4096];
	struct blk_image img;
	struct iothread *io;
	struct blk_backend *be;
	uint8_t *mem; /* page-aligned "guest RAM" */
};

struct waiter {
	struct blk_request req;
	int ret;
	bool done;
};

static void waiter_done(struct blk_request *req, int ret)
{
	struct waiter *w = (struct waiter *)req;

	w->ret = ret;
	w->done = true;
}

static uint8_t pattern(uint64_t pos)
{
	return (uint8_t)(pos * 13 + (pos >> 9));
}

/* scratch_file: creates an empty scratch file, its name in PATH; returns its fd. */
static int scratch_file(char *path, size_t size)
{
	const char *dir = getenv("FVP_TEST_SCRATCH");

	if (!dir || !*dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/var/tmp";
	assert_true((size_t)snprintf(path, size, "%s/fvp-test-direct-XXXXXX", dir) < size);
	return mkstemp(path);
}

static int setup(void **state, const struct blk_backend_ops *ops, bool direct)
{
	struct fixture *f = calloc(1, sizeof(*f));
	uint8_t *data = malloc(DISK_SIZE);
	int fd;

	f->ops = ops;
	fd = scratch_file(f->path, sizeof(f->path));
	assert_true(fd >= 0);
	for (unsigned i = 0; i < DISK_SIZE; i++)
		data[i] = pattern(i);
	assert_int_equal(pwrite(fd, data, DISK_SIZE, 0), DISK_SIZE);
	close(fd);
	free(data);
	f->io = iothread_create("test-direct");
	assert_non_null(f->io);
	assert_int_equal(posix_memalign((void **)&f->mem, 4096, 64 * 1024), 0);
	if (blk_image_open(&f->img, f->path, false, direct) == 0) {
		f->be = ops->create(&f->img, f->io);
		assert_non_null(f->be);
	}
	*state = f;
	return 0;
}

static int setup_sync(void **state)
{
	return setup(state, &blk_sync_ops, true);
}

static int setup_uring(void **state)
{
	return setup(state, &blk_uring_ops, true);
}

static int setup_uring_buffered(void **state)
{
	return setup(state, &blk_uring_ops, false);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f->be)
		f->be->ops->destroy(f->be);
	blk_image_close(&f->img);
	iothread_destroy(f->io);
	unlink(f->path);
	free(f->mem);
	free(f);
	return 0;
}

static void need_direct(struct fixture *f)
{
	if (!f->be) {
		print_message("no O_DIRECT on this file system: skipped\n");
		skip();
	}
}

/* Submit one request and return at once: 0 or the refusal (then done() is not called). */
static int submit(struct fixture *f, struct waiter *w, enum blk_op op, uint64_t offset,
		  const struct iovec *iov, unsigned iovcnt)
{
	*w = (struct waiter){
	    .req = {.op = op, .offset = offset, .iov = iov, .iovcnt = iovcnt, .done = waiter_done}};
	for (unsigned i = 0; i < iovcnt; i++)
		w->req.len += iov[i].iov_len;
	return f->be->ops->submit(f->be, &w->req);
}

/* Finish a submitted request on the test thread (the I/O thread is not started: unplug
 * reaps the io_uring completions). Returns its result. */
static int finish(struct fixture *f, struct waiter *w)
{
	for (int i = 0; i < 5000 && !w->done; i++) {
		if (f->be->ops->unplug)
			f->be->ops->unplug(f->be);
		if (!w->done)
			usleep(1000);
	}
	assert_true(w->done);
	assert_null(w->req.bounce);
	return w->ret;
}

/* Run one request to its end. Returns its result. */
static int run(struct fixture *f, enum blk_op op, uint64_t offset, const struct iovec *iov,
	       unsigned iovcnt)
{
	struct waiter w;
	int ret = submit(f, &w, op, offset, iov, iovcnt);

	return ret ? ret : finish(f, &w);
}

static void check_file(struct fixture *f, uint64_t offset, const uint8_t *want, size_t len)
{
	uint8_t *got = malloc(len);
	int fd = open(f->path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, got, len, (off_t)offset), (ssize_t)len);
	assert_memory_equal(got, want, len);
	close(fd);
	free(got);
}

static void check_pattern(const uint8_t *buf, uint64_t offset, size_t len)
{
	for (size_t i = 0; i < len; i++)
		assert_int_equal(buf[i], pattern(offset + i));
}

static void test_paths(void **state)
{
	struct fixture *f = *state;
	uint8_t *m = f->mem;
	struct iovec ok[2] = {{m, 4096}, {m + 8192, 512}};
	struct iovec odd_addr[1] = {{m + 1, 512}};
	struct iovec odd_len[2] = {{m, 100}, {m + 4096, 412}};
	struct blk_request req = {
	    .op = BLK_OP_READ, .offset = 4096, .len = 4608, .iov = ok, .iovcnt = 2};
	struct blk_image buffered = f->img;

	need_direct(f);
	assert_true(f->img.direct);
	assert_true(f->img.offset_align >= 1 && f->img.offset_align <= 4096);
	assert_int_equal(blk_direct_path(&f->img, &req), BLK_PATH_AS_IS);
	if (f->img.offset_align > 512)
		skip(); /* the cases below are 512-byte requests */
	req.iov = odd_addr;
	req.iovcnt = 1;
	req.len = 512;
	assert_int_equal(blk_direct_path(&f->img, &req),
			 f->img.mem_align > 1 ? BLK_PATH_BOUNCE : BLK_PATH_AS_IS);
	req.iov = odd_len;
	req.iovcnt = 2;
	assert_int_equal(blk_direct_path(&f->img, &req),
			 f->img.offset_align > 100 ? BLK_PATH_BOUNCE : BLK_PATH_AS_IS);
	buffered.offset_align = 4096;
	req.offset = 512;
	assert_int_equal(blk_direct_path(&buffered, &req), BLK_PATH_BUFFERED);
	buffered.direct = false;
	assert_int_equal(blk_direct_path(&buffered, &req), BLK_PATH_AS_IS);
}

static void test_aligned(void **state)
{
	struct fixture *f = *state;
	struct iovec iov[2] = {{f->mem, 4096}, {f->mem + 8192, 4096}};

	need_direct(f);
	assert_int_equal(run(f, BLK_OP_READ, 8192, iov, 2), 0);
	check_pattern(f->mem, 8192, 4096);
	check_pattern(f->mem + 8192, 8192 + 4096, 4096);
	memset(f->mem, 0xa5, 4096);
	assert_int_equal(run(f, BLK_OP_WRITE, 0, iov, 1), 0);
	assert_int_equal(run(f, BLK_OP_FLUSH, 0, NULL, 0), 0);
	check_file(f, 0, f->mem, 4096);
}

/* Guest buffers at odd addresses and with odd segment lengths: bounced, same bytes. */
static void test_unaligned(void **state)
{
	struct fixture *f = *state;
	uint8_t *m = f->mem;
	struct iovec odd[3] = {{m + 1, 100}, {m + 4096 + 3, 1000}, {m + 12288 + 5, 948}};
	uint8_t want[2048];

	need_direct(f);
	assert_int_equal(run(f, BLK_OP_READ, 3 * 512, odd, 3), 0);
	check_pattern(m + 1, 3 * 512, 100);
	check_pattern(m + 4096 + 3, 3 * 512 + 100, 1000);
	check_pattern(m + 12288 + 5, 3 * 512 + 1100, 948);
	for (unsigned i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(0x30 + i % 71);
	memcpy(m + 1, want, 100);
	memcpy(m + 4096 + 3, want + 100, 1000);
	memcpy(m + 12288 + 5, want + 1100, 948);
	assert_int_equal(run(f, BLK_OP_WRITE, 64 * 512, odd, 3), 0);
	assert_int_equal(run(f, BLK_OP_FLUSH, 0, NULL, 0), 0);
	check_file(f, 64 * 512, want, sizeof(want));
}

/* A host wanting 4096-byte offsets, a guest writing one 512-byte sector: the buffered
 * descriptor takes it, and an aligned read through O_DIRECT then sees it. */
static void test_small_offset_align(void **state)
{
	struct fixture *f = *state;
	struct iovec one = {f->mem, 512}, page = {f->mem + 4096, 4096};

	need_direct(f);
	f->img.offset_align = 4096;
	if (f->img.buffered_fd < 0)
		f->img.buffered_fd = open(f->path, O_RDWR | O_CLOEXEC);
	assert_true(f->img.buffered_fd >= 0);
	memset(f->mem, 0x3c, 512);
	assert_int_equal(run(f, BLK_OP_WRITE, 4096 + 512, &one, 1), 0);
	assert_int_equal(run(f, BLK_OP_FLUSH, 0, NULL, 0), 0);
	assert_int_equal(run(f, BLK_OP_READ, 4096, &page, 1), 0);
	check_pattern(f->mem + 4096, 4096, 512);
	for (unsigned i = 512; i < 1024; i++)
		assert_int_equal(f->mem[4096 + i], 0x3c);
	check_pattern(f->mem + 4096 + 1024, 4096 + 1024, 3072);
}

/* A request the bounce will not take (bigger than its limit, unaligned) fails cleanly. */
static void test_huge_unaligned(void **state)
{
	struct fixture *f = *state;
	struct iovec iov = {f->mem + 1, 64u << 20}; /* never touched: the request fails first */

	need_direct(f);
	if (f->img.mem_align <= 1)
		skip();
	assert_int_equal(run(f, BLK_OP_READ, 0, &iov, 1), -EINVAL);
}

/* Cached data (the file was just written and is read once more here): done inside submit. */
static void test_cached_read_at_submit(void **state)
{
	struct fixture *f = *state;
	struct iovec iov[2] = {{f->mem, 4096}, {f->mem + 8192, 4096}};
	struct waiter w;
	bool at_submit;
	int fd = open(f->path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, f->mem, 8192, 16384), 8192);
	close(fd);
	memset(f->mem, 0, 16384);
	assert_int_equal(submit(f, &w, BLK_OP_READ, 16384, iov, 2), 0);
	at_submit = w.done;
	assert_int_equal(finish(f, &w), 0); /* before any failure: the ring holds &w */
	assert_true(at_submit);
	check_pattern(f->mem, 16384, 4096);
	check_pattern(f->mem + 8192, 16384 + 4096, 4096);
	memset(f->mem, 0x5a, 4096);
	assert_int_equal(run(f, BLK_OP_WRITE, 4096, iov, 1), 0);
	check_file(f, 4096, f->mem, 4096);
}

/* Data evicted from the page cache: the fast path declines and the ring reads it. */
static void test_uncached_read_through_ring(void **state)
{
	struct fixture *f = *state;
	struct iovec iov = {f->mem, 32768};

	assert_int_equal(fdatasync(f->img.fd), 0);
	assert_int_equal(posix_fadvise(f->img.fd, 0, 0, POSIX_FADV_DONTNEED), 0);
	memset(f->mem, 0, 32768);
	assert_int_equal(run(f, BLK_OP_READ, 65536, &iov, 1), 0);
	check_pattern(f->mem, 65536, 32768);
}

/* O_DIRECT reads wait for the disk: never tried inside submit, held until unplug. */
static void test_direct_read_not_at_submit(void **state)
{
	struct fixture *f = *state;
	struct iovec iov = {f->mem, 4096};
	struct waiter w;
	bool at_submit;

	need_direct(f);
	assert_int_equal(submit(f, &w, BLK_OP_READ, 4096, &iov, 1), 0);
	at_submit = w.done;
	assert_int_equal(finish(f, &w), 0);
	assert_false(at_submit);
	check_pattern(f->mem, 4096, 4096);
}

/* An image whose size is not whole sectors opens, with a warning naming what the guest
 * does not see (it used to be truncated silently). */
static void test_partial_sector_warns(void **state)
{
	char path[] = "/tmp/fvp-test-odd-XXXXXX";
	struct blk_image img;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1000), 0);
	close(fd);
	assert_int_equal(test_log_open(), 0);
	assert_int_equal(blk_image_open(&img, path, true, false), 0);
	assert_int_equal(img.size, 1000);
	assert_true(test_log_has("1000 bytes is not a whole number of 512-byte sectors: the guest "
				 "sees 1 sectors and not the last 488 bytes"));
	blk_image_close(&img);
	test_log_close();
	unlink(path);
}

#define DIRECT_TESTS(setup_fn)                                                                     \
	cmocka_unit_test_setup_teardown(test_paths, setup_fn, teardown),                           \
	    cmocka_unit_test_setup_teardown(test_aligned, setup_fn, teardown),                     \
	    cmocka_unit_test_setup_teardown(test_unaligned, setup_fn, teardown),                   \
	    cmocka_unit_test_setup_teardown(test_small_offset_align, setup_fn, teardown),          \
	    cmocka_unit_test_setup_teardown(test_huge_unaligned, setup_fn, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    DIRECT_TESTS(setup_sync),
	    DIRECT_TESTS(setup_uring),
	    cmocka_unit_test_setup_teardown(test_direct_read_not_at_submit, setup_uring, teardown),
	    cmocka_unit_test_setup_teardown(test_cached_read_at_submit, setup_uring_buffered,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_uncached_read_through_ring, setup_uring_buffered,
					    teardown),
	    cmocka_unit_test(test_partial_sector_warns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
