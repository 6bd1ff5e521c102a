/*
 * snapshot_file.h - the snapshot file of SNAPSHOTS.md, version 1: a 4 KiB header (magic,
 * version, guest ISA, board, RAM regions), CRC-checked typed records ending with END, and
 * guest RAM page-aligned after them, all-zero pages left as holes.
 *
 * The writer collects records and RAM regions, then writes everything to PATH.tmp-PID in
 * the target's folder and renames it over PATH: a failed snapshot leaves no file. The
 * reader checks the whole header and every record before handing any of it out, so a
 * caller that got a reader may trust the records' framing and CRCs (not their payloads'
 * meaning: each payload's owner checks that). Payloads are opaque here; this layer names
 * no guest ISA.
 */
#ifndef FVP_CORE_SNAPSHOT_FILE_H
#define FVP_CORE_SNAPSHOT_FILE_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/compiler.h"

#define SNAP_VERSION	     1u
#define SNAP_HEADER_SIZE     4096u
#define SNAP_NAME_LEN	     16u /* arch, board, engine: NUL-padded, so at most 15 characters */
#define SNAP_MAX_REGIONS     16u
#define SNAP_MAX_RECORDS_LEN (64u << 20)
/* How the writer creates its temporary file (the control API thread's seccomp filter allows
 * exactly these flags): new, never through a symlink. */
#define SNAP_CREATE_FLAGS (O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC)

enum snap_record_type {
	SNAP_REC_END = 0,
	SNAP_REC_CONFIG = 1,
	SNAP_REC_IMAGE = 2,
	SNAP_REC_CLOCK = 3,
	SNAP_REC_CPU = 4,
	SNAP_REC_DEVICE = 5,
	SNAP_REC_BOARD = 6,
};

/* What the header says about the VM. */
struct snap_identity {
	char arch[SNAP_NAME_LEN];
	char board[SNAP_NAME_LEN];
	char engine[SNAP_NAME_LEN];
	uint32_t ncpus;
};

/* One guest RAM region in the file. */
struct snap_region {
	uint64_t base;	      /* guest-physical */
	uint64_t size;	      /* bytes, a multiple of the page size */
	uint64_t file_offset; /* page-aligned */
	uint32_t crc;	      /* CRC-32C of its bytes, 0: not recorded */
};

/* Hears how many bytes of RAM have been looked at so far, every 64 MiB and at the end. */
typedef void (*snap_progress_fn)(void *opaque, uint64_t ram_done, uint64_t ram_total);

struct snap_writer;

/* A writer for path (nothing is created until snap_writer_commit). NULL with a message
 * logged if an identity string does not fit. */
struct snap_writer *snap_writer_create(const char *path, const struct snap_identity *id);
/* Append a record (copied). 0, -EINVAL (END is the writer's own), -E2BIG, -ENOMEM. */
int snap_writer_add_record(struct snap_writer *w, uint32_t type, uint32_t instance,
			   const void *payload, uint32_t len) __must_check;
/* Add a RAM region of size bytes at guest-physical base, read from host at commit time.
 * 0, -EINVAL (not page-aligned, more than SNAP_MAX_REGIONS). */
int snap_writer_add_ram(struct snap_writer *w, uint64_t base, const void *host,
			uint64_t size) __must_check;
/* Write the file (END appended) and free w, whatever happens. 0, or -errno with one line
 * logged naming the file; then no file of ours is left and an older file at path stays. */
int snap_writer_commit(struct snap_writer *w, snap_progress_fn progress, void *opaque) __must_check;
/* Free w without writing. NULL is allowed. */
void snap_writer_discard(struct snap_writer *w);

struct snap_reader;

/* Open and check path: size, magic, version, header CRC, arch and board (each unless NULL),
 * regions, the records' CRCs and the END record. NULL with one line logged naming the file
 * and what is wrong. */
struct snap_reader *snap_reader_open(const char *path, const char *arch, const char *board);
void snap_reader_close(struct snap_reader *r);
const struct snap_identity *snap_reader_identity(const struct snap_reader *r);
const char *snap_reader_path(const struct snap_reader *r);
/* Records in file order, END excluded. */
unsigned snap_reader_nrecords(const struct snap_reader *r);
void snap_reader_record(const struct snap_reader *r, unsigned i, uint32_t *type, uint32_t *instance,
			const void **payload, uint32_t *len);
/* The first record of type and instance: 0, or -ENOENT. */
int snap_reader_find(const struct snap_reader *r, uint32_t type, uint32_t instance,
		     const void **payload, uint32_t *len) __must_check;
unsigned snap_reader_nregions(const struct snap_reader *r);
const struct snap_region *snap_reader_region(const struct snap_reader *r, unsigned i);
/* Map region i copy-on-write over host (size bytes, page-aligned, replacing what is there):
 * pages come from the file as the guest touches them, none is read now. 0 or -errno. */
int snap_reader_map_region(const struct snap_reader *r, unsigned i, void *host) __must_check;

#endif
