/*
 * snapshot_read.c - the snapshot reader (snapshot_file.h).
 *
 * Open reads the header and the record part (never RAM) and checks, in this order: the
 * file holds a header, magic, version, header CRC, arch, board, the region table (page
 * alignment, order, no overlap with the records, inside the file), the record part's
 * length and CRC, each record's framing and CRC, END last. The first failure is the one
 * line logged; nothing of the file is handed out before all of it passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/crc32c.h"
#include "core/log.h"
#include "core/memory.h"
#include "core/snapshot_format.h"

struct snap_record {
	uint32_t type;
	uint32_t instance;
	uint32_t len;
	const uint8_t *payload;
};

struct snap_reader {
	char *path;
	int fd;
	uint64_t file_size;
	struct snap_identity id;
	struct snap_region regions[SNAP_MAX_REGIONS];
	unsigned nregions;
	uint8_t *records_buf;
	struct snap_record *records;
	unsigned nrecords;
};

/* Log "path: what is wrong" and evaluate to -EINVAL. */
#define snap_refuse(r, fmt, ...) (log_error("%s: " fmt, (r)->path, ##__VA_ARGS__), -EINVAL)

static int snap_pread_all(int fd, void *buf, size_t len, uint64_t offset)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(offset + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

static void snap_get_name(char *out, const uint8_t *field)
{
	memcpy(out, field, SNAP_NAME_LEN);
	out[SNAP_NAME_LEN - 1] = '\0';
}

/* Magic, version, CRC, then who the snapshot is of. */
static int snap_check_identity(struct snap_reader *r, uint8_t *hdr, const char *arch,
			       const char *board)
{
	uint32_t version = snap_get32(hdr + SNAP_OFF_VERSION);
	uint32_t crc = snap_get32(hdr + SNAP_OFF_HEADER_CRC);

	if (memcmp(hdr + SNAP_OFF_MAGIC, SNAP_MAGIC, sizeof(SNAP_MAGIC)) != 0)
		return snap_refuse(r, "not an FVP snapshot (bad magic)");
	if (version != SNAP_VERSION)
		return snap_refuse(r, "snapshot format version %u, this fvp reads version %u",
				   version, SNAP_VERSION);
	snap_put32(hdr + SNAP_OFF_HEADER_CRC, 0);
	if (crc32c(0, hdr, SNAP_HEADER_SIZE) != crc)
		return snap_refuse(r, "header CRC mismatch (corrupted snapshot)");
	if (hdr[SNAP_OFF_ARCH + SNAP_NAME_LEN - 1] || hdr[SNAP_OFF_BOARD + SNAP_NAME_LEN - 1] ||
	    hdr[SNAP_OFF_ENGINE + SNAP_NAME_LEN - 1])
		return snap_refuse(r, "unterminated name in the header");
	snap_get_name(r->id.arch, hdr + SNAP_OFF_ARCH);
	snap_get_name(r->id.board, hdr + SNAP_OFF_BOARD);
	snap_get_name(r->id.engine, hdr + SNAP_OFF_ENGINE);
	r->id.ncpus = snap_get32(hdr + SNAP_OFF_NCPUS);
	if (arch && strcmp(arch, r->id.arch) != 0)
		return snap_refuse(r, "snapshot of a %s guest, not %s", r->id.arch, arch);
	if (board && strcmp(board, r->id.board) != 0)
		return snap_refuse(r, "snapshot of board %s, not %s", r->id.board, board);
	return 0;
}

/* The region table: page-aligned, after the records, in order, inside the file. */
static int snap_check_regions(struct snap_reader *r, const uint8_t *hdr, uint64_t records_len)
{
	uint64_t next = snap_align_up(SNAP_HEADER_SIZE + records_len, PAGE_SIZE);

	r->nregions = snap_get32(hdr + SNAP_OFF_NREGIONS);
	if (r->nregions > SNAP_MAX_REGIONS)
		return snap_refuse(r, "%u RAM regions (at most %u)", r->nregions, SNAP_MAX_REGIONS);
	for (unsigned i = 0; i < r->nregions; i++) {
		const uint8_t *entry = hdr + SNAP_OFF_REGIONS + i * SNAP_REGION_SIZE;
		struct snap_region *reg = &r->regions[i];

		reg->base = snap_get64(entry);
		reg->size = snap_get64(entry + 8);
		reg->file_offset = snap_get64(entry + 16);
		reg->crc = snap_get32(entry + 24);
		if ((reg->base | reg->size | reg->file_offset) & (PAGE_SIZE - 1) || !reg->size ||
		    reg->file_offset < next || reg->size > UINT64_MAX - reg->file_offset)
			return snap_refuse(r, "RAM region %u is misplaced", i);
		next = reg->file_offset + reg->size;
	}
	if (r->file_size < next)
		return snap_refuse(r, "truncated: %llu bytes, the header describes %llu",
				   (unsigned long long)r->file_size, (unsigned long long)next);
	return 0;
}

/* Split the record part into records, checking each one's framing and CRC. */
static int snap_parse_records(struct snap_reader *r, uint64_t len)
{
	uint64_t at = 0;
	unsigned cap = (unsigned)(len / SNAP_RECORD_HEADER);

	r->records = calloc(cap ? cap : 1, sizeof(*r->records));
	if (!r->records)
		return -ENOMEM;
	while (at + SNAP_RECORD_HEADER <= len) {
		const uint8_t *h = r->records_buf + at;
		struct snap_record rec = {.type = snap_get32(h),
					  .instance = snap_get32(h + 4),
					  .len = snap_get32(h + 8),
					  .payload = h + SNAP_RECORD_HEADER};
		uint64_t padded = snap_align_up(rec.len, SNAP_RECORD_ALIGN);

		if (padded > len - at - SNAP_RECORD_HEADER)
			return snap_refuse(r, "record %u overruns the record part", r->nrecords);
		if (crc32c(0, rec.payload, rec.len) != snap_get32(h + 12))
			return snap_refuse(r, "record %u (type %u, instance %u): CRC mismatch",
					   r->nrecords, rec.type, rec.instance);
		at += SNAP_RECORD_HEADER + padded;
		if (rec.type == SNAP_REC_END)
			return at == len ? 0 : snap_refuse(r, "data after the END record");
		r->records[r->nrecords++] = rec;
	}
	return snap_refuse(r, "no END record (truncated record part)");
}

static int snap_check_records(struct snap_reader *r, const uint8_t *hdr)
{
	uint64_t len = snap_get64(hdr + SNAP_OFF_RECORDS_LEN);
	int ret;

	if (len > SNAP_MAX_RECORDS_LEN || len % SNAP_RECORD_ALIGN)
		return snap_refuse(r, "record part of %llu bytes is implausible",
				   (unsigned long long)len);
	ret = snap_check_regions(r, hdr, len);
	if (ret)
		return ret;
	if (r->file_size < SNAP_HEADER_SIZE + len)
		return snap_refuse(r, "truncated inside the records");
	r->records_buf = malloc(len ? len : 1);
	if (!r->records_buf)
		return -ENOMEM;
	ret = snap_pread_all(r->fd, r->records_buf, len, SNAP_HEADER_SIZE);
	if (ret)
		return snap_refuse(r, "cannot read the records: %s", strerror(-ret));
	if (crc32c(0, r->records_buf, len) != snap_get32(hdr + SNAP_OFF_RECORDS_CRC))
		return snap_refuse(r, "record part CRC mismatch (corrupted snapshot)");
	return snap_parse_records(r, len);
}

static int snap_check(struct snap_reader *r, const char *arch, const char *board)
{
	uint8_t *hdr;
	struct stat st;
	int ret;

	if (fstat(r->fd, &st) < 0)
		return snap_refuse(r, "cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return snap_refuse(r, "not a regular file");
	r->file_size = (uint64_t)st.st_size;
	if (r->file_size < SNAP_HEADER_SIZE)
		return snap_refuse(r, "truncated: %llu bytes, shorter than the header",
				   (unsigned long long)r->file_size);
	hdr = malloc(SNAP_HEADER_SIZE);
	if (!hdr)
		return -ENOMEM;
	ret = snap_pread_all(r->fd, hdr, SNAP_HEADER_SIZE, 0);
	if (ret)
		ret = snap_refuse(r, "cannot read the header: %s", strerror(-ret));
	if (!ret)
		ret = snap_check_identity(r, hdr, arch, board);
	if (!ret)
		ret = snap_check_records(r, hdr);
	free(hdr);
	return ret;
}

struct snap_reader *snap_reader_open(const char *path, const char *arch, const char *board)
{
	struct snap_reader *r = calloc(1, sizeof(*r));

	if (!r || !(r->path = strdup(path))) {
		free(r);
		log_error("%s: out of memory", path);
		return NULL;
	}
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		log_error("%s: cannot open snapshot: %s", path, strerror(errno));
		snap_reader_close(r);
		return NULL;
	}
	if (snap_check(r, arch, board)) {
		snap_reader_close(r);
		return NULL;
	}
	return r;
}

void snap_reader_close(struct snap_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	free(r->records);
	free(r->records_buf);
	free(r->path);
	free(r);
}

const struct snap_identity *snap_reader_identity(const struct snap_reader *r)
{
	return &r->id;
}

const char *snap_reader_path(const struct snap_reader *r)
{
	return r->path;
}

unsigned snap_reader_nrecords(const struct snap_reader *r)
{
	return r->nrecords;
}

void snap_reader_record(const struct snap_reader *r, unsigned i, uint32_t *type, uint32_t *instance,
			const void **payload, uint32_t *len)
{
	*type = r->records[i].type;
	*instance = r->records[i].instance;
	*payload = r->records[i].payload;
	*len = r->records[i].len;
}

int snap_reader_find(const struct snap_reader *r, uint32_t type, uint32_t instance,
		     const void **payload, uint32_t *len)
{
	for (unsigned i = 0; i < r->nrecords; i++) {
		if (r->records[i].type == type && r->records[i].instance == instance) {
			*payload = r->records[i].payload;
			*len = r->records[i].len;
			return 0;
		}
	}
	return -ENOENT;
}

unsigned snap_reader_nregions(const struct snap_reader *r)
{
	return r->nregions;
}

const struct snap_region *snap_reader_region(const struct snap_reader *r, unsigned i)
{
	return &r->regions[i];
}

int snap_reader_map_region(const struct snap_reader *r, unsigned i, void *host)
{
	const struct snap_region *reg = &r->regions[i];
	void *p = mmap(host, reg->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, r->fd,
		       (off_t)reg->file_offset);

	return p == MAP_FAILED ? -errno : 0;
}
