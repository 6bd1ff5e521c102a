/*
 * snapshot_write.c - the snapshot writer (snapshot_file.h).
 *
 * Records are collected in memory (they are small: registers and device state), RAM is
 * only referenced until commit. Commit writes PATH.tmp-PID (created exclusively, mode
 * 0600: it holds guest memory), header and records first, then each RAM region's non-zero
 * pages in runs, sets the final size so skipped pages are holes, syncs and renames; every
 * failure removes the temporary file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/crc32c.h"
#include "core/log.h"
#include "core/memory.h"
#include "core/snapshot_format.h"

#define SNAP_PROGRESS_STEP (64ULL << 20)

struct snap_ram_source {
	uint64_t base;
	uint64_t size;
	const uint8_t *host;
};

struct snap_writer {
	char *path;
	struct snap_identity id;
	uint8_t *records;
	size_t records_len;
	size_t records_cap;
	struct snap_ram_source ram[SNAP_MAX_REGIONS];
	unsigned nram;
};

struct snap_writer *snap_writer_create(const char *path, const struct snap_identity *id)
{
	struct snap_writer *w;

	if (strnlen(id->arch, SNAP_NAME_LEN) == SNAP_NAME_LEN ||
	    strnlen(id->board, SNAP_NAME_LEN) == SNAP_NAME_LEN ||
	    strnlen(id->engine, SNAP_NAME_LEN) == SNAP_NAME_LEN) {
		log_error("%s: arch, board or engine name too long for a snapshot", path);
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->path = strdup(path);
	if (!w->path) {
		free(w);
		return NULL;
	}
	w->id = *id;
	return w;
}

void snap_writer_discard(struct snap_writer *w)
{
	if (!w)
		return;
	free(w->records);
	free(w->path);
	free(w);
}

static int snap_append_record(struct snap_writer *w, uint32_t type, uint32_t instance,
			      const void *payload, uint32_t len)
{
	size_t need = SNAP_RECORD_HEADER + snap_align_up(len, SNAP_RECORD_ALIGN);
	uint8_t *rec;

	if (len > SNAP_MAX_RECORDS_LEN || w->records_len + need > SNAP_MAX_RECORDS_LEN)
		return -E2BIG;
	if (w->records_len + need > w->records_cap) {
		size_t cap = w->records_cap ? w->records_cap : 4096;
		uint8_t *grown;

		while (cap < w->records_len + need)
			cap *= 2;
		grown = realloc(w->records, cap);
		if (!grown)
			return -ENOMEM;
		w->records = grown;
		w->records_cap = cap;
	}
	rec = w->records + w->records_len;
	memset(rec, 0, need);
	snap_put32(rec, type);
	snap_put32(rec + 4, instance);
	snap_put32(rec + 8, len);
	snap_put32(rec + 12, crc32c(0, payload, len));
	if (len)
		memcpy(rec + SNAP_RECORD_HEADER, payload, len);
	w->records_len += need;
	return 0;
}

int snap_writer_add_record(struct snap_writer *w, uint32_t type, uint32_t instance,
			   const void *payload, uint32_t len)
{
	if (type == SNAP_REC_END)
		return -EINVAL;
	return snap_append_record(w, type, instance, payload, len);
}

int snap_writer_add_ram(struct snap_writer *w, uint64_t base, const void *host, uint64_t size)
{
	if (w->nram == SNAP_MAX_REGIONS || (base | size) & (PAGE_SIZE - 1) || !size)
		return -EINVAL;
	w->ram[w->nram++] = (struct snap_ram_source){.base = base, .size = size, .host = host};
	return 0;
}

/* Lay the regions out after the records and fill the header. Returns the file's size. */
static uint64_t snap_build_header(const struct snap_writer *w, uint8_t *hdr, uint64_t *offsets)
{
	uint64_t at = snap_align_up(SNAP_HEADER_SIZE + w->records_len, PAGE_SIZE);

	memset(hdr, 0, SNAP_HEADER_SIZE);
	memcpy(hdr + SNAP_OFF_MAGIC, SNAP_MAGIC, sizeof(SNAP_MAGIC));
	snap_put32(hdr + SNAP_OFF_VERSION, SNAP_VERSION);
	memcpy(hdr + SNAP_OFF_ARCH, w->id.arch, strlen(w->id.arch));
	memcpy(hdr + SNAP_OFF_BOARD, w->id.board, strlen(w->id.board));
	memcpy(hdr + SNAP_OFF_ENGINE, w->id.engine, strlen(w->id.engine));
	snap_put32(hdr + SNAP_OFF_NCPUS, w->id.ncpus);
	snap_put32(hdr + SNAP_OFF_NREGIONS, w->nram);
	snap_put64(hdr + SNAP_OFF_RECORDS_LEN, w->records_len);
	snap_put32(hdr + SNAP_OFF_RECORDS_CRC, crc32c(0, w->records, w->records_len));
	for (unsigned i = 0; i < w->nram; i++) {
		uint8_t *entry = hdr + SNAP_OFF_REGIONS + i * SNAP_REGION_SIZE;

		offsets[i] = at;
		snap_put64(entry, w->ram[i].base);
		snap_put64(entry + 8, w->ram[i].size);
		snap_put64(entry + 16, at);
		at += w->ram[i].size;
	}
	snap_put32(hdr + SNAP_OFF_HEADER_CRC, crc32c(0, hdr, SNAP_HEADER_SIZE));
	return at;
}

static int snap_pwrite_all(int fd, const void *data, size_t len, uint64_t offset)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n =
		    pwrite(fd, (const char *)data + done, len - done, (off_t)(offset + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

static bool snap_page_is_zero(const uint8_t *page)
{
	const uint64_t *word = (const uint64_t *)page;

	for (size_t i = 0; i < PAGE_SIZE / sizeof(*word); i++)
		if (__atomic_load_n(&word[i], __ATOMIC_RELAXED))
			return false;
	return true;
}

struct snap_progress {
	snap_progress_fn fn;
	void *opaque;
	uint64_t done;
	uint64_t total;
	uint64_t next_report;
};

/* Write one region's non-zero pages, in runs, at offset; zero pages stay holes. */
static int snap_write_region(int fd, const struct snap_ram_source *src, uint64_t offset,
			     struct snap_progress *prog)
{
	uint64_t page = 0, npages = src->size / PAGE_SIZE;

	while (page < npages) {
		uint64_t run = 0;

		while (page + run < npages &&
		       !snap_page_is_zero(src->host + (page + run) * PAGE_SIZE))
			run++;
		if (run) {
			int ret = snap_pwrite_all(fd, src->host + page * PAGE_SIZE, run * PAGE_SIZE,
						  offset + page * PAGE_SIZE);
			if (ret)
				return ret;
		}
		page += run ? run : 1;
		prog->done += (run ? run : 1) * PAGE_SIZE;
		if (prog->fn && (prog->done >= prog->next_report || prog->done == prog->total)) {
			prog->fn(prog->opaque, prog->done, prog->total);
			prog->next_report =
			    prog->done - prog->done % SNAP_PROGRESS_STEP + SNAP_PROGRESS_STEP;
		}
	}
	return 0;
}

static int snap_write_file(const struct snap_writer *w, int fd, struct snap_progress *prog)
{
	uint8_t *hdr = malloc(SNAP_HEADER_SIZE);
	uint64_t offsets[SNAP_MAX_REGIONS] = {0}, file_size;
	int ret;

	if (!hdr)
		return -ENOMEM;
	file_size = snap_build_header(w, hdr, offsets);
	ret = snap_pwrite_all(fd, hdr, SNAP_HEADER_SIZE, 0);
	free(hdr);
	if (!ret)
		ret = snap_pwrite_all(fd, w->records, w->records_len, SNAP_HEADER_SIZE);
	for (unsigned i = 0; i < w->nram && !ret; i++)
		ret = snap_write_region(fd, &w->ram[i], offsets[i], prog);
	if (!ret && ftruncate(fd, (off_t)file_size) < 0)
		ret = -errno;
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	return ret;
}

static int snap_commit_to(struct snap_writer *w, const char *tmp, snap_progress_fn progress,
			  void *opaque)
{
	struct snap_progress prog = {
	    .fn = progress, .opaque = opaque, .next_report = SNAP_PROGRESS_STEP};
	int fd, ret;

	for (unsigned i = 0; i < w->nram; i++)
		prog.total += w->ram[i].size;
	ret = snap_append_record(w, SNAP_REC_END, 0, NULL, 0);
	if (ret)
		return ret;
	fd = open(tmp, SNAP_CREATE_FLAGS, 0600);
	if (fd < 0)
		return -errno;
	ret = snap_write_file(w, fd, &prog);
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret && rename(tmp, w->path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

int snap_writer_commit(struct snap_writer *w, snap_progress_fn progress, void *opaque)
{
	char tmp[4096];
	int ret = -ENAMETOOLONG;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", w->path, (long)getpid()) < (int)sizeof(tmp))
		ret = snap_commit_to(w, tmp, progress, opaque);
	if (ret)
		log_error("%s: snapshot not written: %s", w->path, strerror(-ret));
	snap_writer_discard(w);
	return ret;
}
