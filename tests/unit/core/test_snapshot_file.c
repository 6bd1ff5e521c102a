/*
 * test_snapshot_file.c - the snapshot file format (core/snapshot_file.h): a round trip keeps
 * identity, records and RAM (mapped, not read); all-zero pages are holes; a failed write
 * leaves no file and keeps an older one; each corruption the reader checks (magic,
 * version, header CRC, arch, board, truncation, record CRCs, missing END) is refused with
 * one line naming the file; record payloads (snapshot_state.h) round-trip and a short read
 * is caught.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/crc32c.h"
#include "core/memory.h"
#include "core/snapshot_file.h"
#include "core/snapshot_format.h"
#include "core/snapshot_state.h"
#include "../test_log.h"

#define RAM_PAGES 256
#define LOW_BASE  0x80000000ULL
#define HIGH_BASE 0x100000000ULL

static char dir[64], path[128];
static uint8_t *ram_low, *ram_high;
static const struct snap_identity identity = {
    .arch = "riscv64", .board = "virt", .engine = "jit", .ncpus = 2};
static const char cpu0[] = "registers of hart 0", dev3[] = "uart";

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fvp-test-snap-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/vm.snap", dir);
	ram_low = mmap(NULL, RAM_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ram_high =
	    mmap(NULL, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram_low == MAP_FAILED || ram_high == MAP_FAILED)
		return -1;
	/* Touched: pages 0-3 and 200 of the low region, page 2 of the high one. */
	for (int p = 0; p < 4; p++)
		memset(ram_low + p * PAGE_SIZE, 0x10 + p, PAGE_SIZE);
	memcpy(ram_low + 200 * PAGE_SIZE + 17, "guest data", sizeof("guest data"));
	ram_high[2 * PAGE_SIZE + PAGE_SIZE - 1] = 0x5a;
	return test_log_open();
}

/* Remove the scratch folder and what the test left in it (files only). */
static int remove_scratch(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	char p[sizeof(dir) + sizeof(e->d_name) + 1];

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (unlink(p) && rmdir(p)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return rmdir(dir);
}

static int teardown(void **state)
{
	(void)state;
	test_log_close();
	munmap(ram_low, RAM_PAGES * PAGE_SIZE);
	munmap(ram_high, 4 * PAGE_SIZE);
	return remove_scratch();
}

static unsigned progress_calls;
static uint64_t progress_last, progress_total;

static void note_progress(void *opaque, uint64_t done, uint64_t total)
{
	(void)opaque;
	progress_calls++;
	progress_last = done;
	progress_total = total;
}

static int write_snapshot(const char *to)
{
	struct snap_writer *w = snap_writer_create(to, &identity);

	assert_non_null(w);
	assert_int_equal(snap_writer_add_record(w, SNAP_REC_CPU, 0, cpu0, sizeof(cpu0)), 0);
	assert_int_equal(snap_writer_add_record(w, SNAP_REC_DEVICE, 3, dev3, 4), 0);
	assert_int_equal(snap_writer_add_record(w, SNAP_REC_CLOCK, 0, NULL, 0), 0);
	assert_int_equal(snap_writer_add_record(w, SNAP_REC_END, 0, NULL, 0), -EINVAL);
	assert_int_equal(snap_writer_add_ram(w, LOW_BASE, ram_low, RAM_PAGES * PAGE_SIZE), 0);
	assert_int_equal(snap_writer_add_ram(w, HIGH_BASE, ram_high, 4 * PAGE_SIZE), 0);
	assert_int_equal(snap_writer_add_ram(w, HIGH_BASE + 1, ram_high, PAGE_SIZE), -EINVAL);
	return snap_writer_commit(w, note_progress, NULL);
}

static void *map_region(struct snap_reader *r, unsigned i)
{
	uint64_t size = snap_reader_region(r, i)->size;
	void *host = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(host != MAP_FAILED);
	assert_int_equal(snap_reader_map_region(r, i, host), 0);
	return host;
}

static void test_round_trip(void **state)
{
	struct snap_reader *r;
	const void *payload;
	uint32_t len, type, instance;
	uint8_t *low, *high;

	(void)state;
	assert_int_equal(write_snapshot(path), 0);
	assert_int_equal(progress_last, (RAM_PAGES + 4) * PAGE_SIZE);
	assert_int_equal(progress_total, progress_last);
	assert_true(progress_calls >= 1);
	r = snap_reader_open(path, "riscv64", "virt");
	assert_non_null(r);
	assert_string_equal(snap_reader_identity(r)->engine, "jit");
	assert_int_equal(snap_reader_identity(r)->ncpus, 2);
	assert_int_equal(snap_reader_nrecords(r), 3);
	snap_reader_record(r, 1, &type, &instance, &payload, &len);
	assert_int_equal(type, SNAP_REC_DEVICE);
	assert_int_equal(instance, 3);
	assert_int_equal(len, 4);
	assert_memory_equal(payload, dev3, 4);
	assert_int_equal(snap_reader_find(r, SNAP_REC_CPU, 0, &payload, &len), 0);
	assert_int_equal(len, sizeof(cpu0));
	assert_string_equal(payload, cpu0);
	assert_int_equal(snap_reader_find(r, SNAP_REC_CPU, 1, &payload, &len), -ENOENT);
	assert_int_equal(snap_reader_nregions(r), 2);
	assert_int_equal(snap_reader_region(r, 1)->base, HIGH_BASE);
	assert_int_equal(snap_reader_region(r, 0)->file_offset % PAGE_SIZE, 0);
	low = map_region(r, 0);
	high = map_region(r, 1);
	assert_memory_equal(low, ram_low, RAM_PAGES * PAGE_SIZE);
	assert_memory_equal(high, ram_high, 4 * PAGE_SIZE);
	low[5 * PAGE_SIZE] = 1; /* copy-on-write: the file does not change */
	munmap(low, RAM_PAGES * PAGE_SIZE);
	munmap(high, 4 * PAGE_SIZE);
	snap_reader_close(r);
	r = snap_reader_open(path, NULL, NULL);
	assert_non_null(r);
	low = map_region(r, 0);
	assert_int_equal(low[5 * PAGE_SIZE], 0);
	munmap(low, RAM_PAGES * PAGE_SIZE);
	snap_reader_close(r);
}

/* The untouched pages take no room: the file holds header, records and 6 pages of data. */
static void test_sparse_holes(void **state)
{
	struct stat st;
	int fd;
	off_t data;

	(void)state;
	assert_int_equal(write_snapshot(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((uint64_t)st.st_size, 2 * PAGE_SIZE + (RAM_PAGES + 4) * PAGE_SIZE);
	assert_true((uint64_t)st.st_blocks * 512 <= 16 * PAGE_SIZE);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	/* After the low region's first 4 pages, the next data is page 200. */
	data = lseek(fd, (off_t)(2 * PAGE_SIZE + 4 * PAGE_SIZE), SEEK_DATA);
	assert_true(data >= (off_t)(2 * PAGE_SIZE + 200 * PAGE_SIZE) || data < 0);
	close(fd);
}

static void test_failure_leaves_nothing(void **state)
{
	char bad[160], tmp[192];
	struct stat before, after;

	(void)state;
	snprintf(bad, sizeof(bad), "%s/missing/vm.snap", dir);
	assert_int_equal(write_snapshot(bad), -ENOENT);
	assert_true(test_log_has("missing/vm.snap: snapshot not written"));
	assert_int_equal(write_snapshot(path), 0);
	assert_int_equal(stat(path, &before), 0);
	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid());
	assert_int_equal(mkdir(tmp, 0700), 0);
	assert_int_equal(write_snapshot(path), -EEXIST);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_int_equal(rmdir(tmp), 0);
}

/* Overwrite len bytes at offset; with fix_crc, recompute the header CRC after. */
static void patch(uint64_t offset, const void *bytes, size_t len, bool fix_crc)
{
	int fd = open(path, O_RDWR);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, bytes, len, (off_t)offset), (ssize_t)len);
	if (fix_crc) {
		uint8_t hdr[SNAP_HEADER_SIZE];

		assert_int_equal(pread(fd, hdr, sizeof(hdr), 0), (ssize_t)sizeof(hdr));
		snap_put32(hdr + SNAP_OFF_HEADER_CRC, 0);
		snap_put32(hdr + SNAP_OFF_HEADER_CRC, crc32c(0, hdr, sizeof(hdr)));
		assert_int_equal(pwrite(fd, hdr, sizeof(hdr), 0), (ssize_t)sizeof(hdr));
	}
	assert_int_equal(close(fd), 0);
}

static void assert_refused(const char *arch, const char *why)
{
	char line[256];

	assert_null(snap_reader_open(path, arch, "virt"));
	snprintf(line, sizeof(line), "%s: %s", path, why);
	if (!test_log_has(line))
		fail_msg("log lacks \"%s\"", line);
}

static void test_refuses_corruption(void **state)
{
	uint8_t v2[4], flip = 0xff;
	uint64_t records_at = SNAP_HEADER_SIZE;

	(void)state;
	assert_int_equal(write_snapshot(path), 0);
	assert_refused("x86_64", "snapshot of a riscv64 guest, not x86_64");
	assert_null(snap_reader_open(path, "riscv64", "q35"));
	assert_true(test_log_has("snapshot of board virt, not q35"));
	patch(SNAP_OFF_ENGINE + 3, &flip, 1, false);
	assert_refused("riscv64", "header CRC mismatch");
	assert_int_equal(write_snapshot(path), 0);
	snap_put32(v2, 2);
	patch(SNAP_OFF_VERSION, v2, 4, true);
	assert_refused("riscv64", "snapshot format version 2, this fvp reads version 1");
	patch(0, "QEMUSNAP", 8, false);
	assert_refused("riscv64", "not an FVP snapshot (bad magic)");
	assert_int_equal(write_snapshot(path), 0);
	patch(records_at + SNAP_RECORD_HEADER + 2, &flip, 1, false);
	assert_refused("riscv64", "record part CRC mismatch");
}

/* Make the record part's CRC match its (patched) bytes again. */
static void fix_records_crc(void)
{
	uint8_t hdr[SNAP_HEADER_SIZE], crc[4], *part;
	uint64_t len;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, hdr, sizeof(hdr), 0), (ssize_t)sizeof(hdr));
	len = snap_get64(hdr + SNAP_OFF_RECORDS_LEN);
	part = malloc(len);
	assert_non_null(part);
	assert_int_equal(pread(fd, part, len, SNAP_HEADER_SIZE), (ssize_t)len);
	close(fd);
	snap_put32(crc, crc32c(0, part, len));
	free(part);
	patch(SNAP_OFF_RECORDS_CRC, crc, 4, true);
}

/* A record whose own CRC fails, or an END record that is missing, behind a matching
 * record-part CRC. */
static void test_refuses_bad_records(void **state)
{
	uint8_t not_end[4];

	(void)state;
	assert_int_equal(write_snapshot(path), 0);
	patch(SNAP_HEADER_SIZE + SNAP_RECORD_HEADER + 1, "E", 1, false);
	fix_records_crc();
	assert_refused("riscv64", "record 0 (type 4, instance 0): CRC mismatch");
	assert_int_equal(write_snapshot(path), 0);
	/* records: CPU (16 + 24), DEVICE (16 + 8), CLOCK (16), then END */
	snap_put32(not_end, SNAP_REC_BOARD);
	patch(SNAP_HEADER_SIZE + 80, not_end, 4, false);
	fix_records_crc();
	assert_refused("riscv64", "no END record");
}

static void test_refuses_truncation(void **state)
{
	(void)state;
	assert_int_equal(write_snapshot(path), 0);
	assert_int_equal(truncate(path, (off_t)(2 * PAGE_SIZE + RAM_PAGES * PAGE_SIZE)), 0);
	assert_refused("riscv64", "truncated: ");
	assert_int_equal(truncate(path, 100), 0);
	assert_refused("riscv64", "truncated: 100 bytes, shorter than the header");
	assert_null(snap_reader_open("/nonexistent/vm.snap", NULL, NULL));
	assert_true(test_log_has("/nonexistent/vm.snap: cannot open snapshot"));
}

/* Record payloads: integers and byte strings round-trip; a short or oversized read fails
 * once and for all; unread bytes fail snap_dec_finish. */
static void test_state_codec(void **state)
{
	struct snap_enc e;
	struct snap_dec d;
	char name[8], small[3];
	uint8_t bytes[4];

	(void)state;
	snap_enc_init(&e);
	snap_enc_u64(&e, 0x1122334455667788ull);
	snap_enc_str(&e, "plic");
	snap_enc_bytes(&e, "\x01\x02\x03", 3);
	assert_false(e.failed);
	assert_int_equal(e.len, 8 + 8 + 8 + 8 + 8);
	snap_dec_init(&d, e.buf, e.len);
	assert_int_equal(snap_dec_u64(&d), 0x1122334455667788ull);
	snap_dec_str(&d, name, sizeof(name));
	assert_string_equal(name, "plic");
	assert_int_equal(snap_dec_bytes(&d, bytes, sizeof(bytes)), 3);
	assert_memory_equal(bytes, "\x01\x02\x03", 3);
	assert_int_equal(snap_dec_finish(&d), 0);
	snap_dec_init(&d, e.buf, e.len); /* a field left unread */
	(void)snap_dec_u64(&d);
	assert_int_equal(snap_dec_finish(&d), -EINVAL);
	snap_dec_init(&d, e.buf, e.len); /* a string longer than its buffer */
	(void)snap_dec_u64(&d);
	snap_dec_str(&d, small, sizeof(small));
	assert_true(d.failed);
	assert_int_equal(snap_dec_finish(&d), -EINVAL);
	snap_dec_init(&d, e.buf, 12); /* a payload cut short */
	(void)snap_dec_u64(&d);
	assert_int_equal(snap_dec_u64(&d), 0);
	assert_int_equal(snap_dec_finish(&d), -EINVAL);
	snap_enc_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sparse_holes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failure_leaves_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_corruption, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_bad_records, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_truncation, setup, teardown),
	    cmocka_unit_test(test_state_codec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
