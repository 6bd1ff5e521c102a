/*
 * snapshot_format.h - byte layout of the snapshot file's header and record headers, shared
 * by its writer (snapshot_write.c) and reader (snapshot_read.c) only. All integers are
 * little-endian whatever the host; the offsets below are the format (SNAPSHOTS.md), so
 * changing one means a new SNAP_VERSION.
 */
#ifndef FVP_CORE_SNAPSHOT_FORMAT_H
#define FVP_CORE_SNAPSHOT_FORMAT_H

#include <endian.h>
#include <stdint.h>
#include <string.h>
#include "core/snapshot_file.h"

#define SNAP_MAGIC "FVPSNAP" /* with its NUL: 8 bytes */

enum snap_header_offset {
	SNAP_OFF_MAGIC = 0,
	SNAP_OFF_VERSION = 8,
	SNAP_OFF_HEADER_CRC = 12,
	SNAP_OFF_ARCH = 16,
	SNAP_OFF_BOARD = 32,
	SNAP_OFF_ENGINE = 48,
	SNAP_OFF_NCPUS = 64,
	SNAP_OFF_NREGIONS = 68,
	SNAP_OFF_RECORDS_LEN = 72,
	SNAP_OFF_RECORDS_CRC = 80,
	SNAP_OFF_REGIONS = 88, /* SNAP_MAX_REGIONS entries of SNAP_REGION_SIZE bytes */
};

/* A region entry: base, size, file offset (8 bytes each), CRC (4), 4 bytes of zeros. */
#define SNAP_REGION_SIZE 32u
/* A record header: type, instance, length, CRC of the payload (4 bytes each). */
#define SNAP_RECORD_HEADER 16u
#define SNAP_RECORD_ALIGN  8u

static inline void snap_put32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
}

static inline void snap_put64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

static inline uint32_t snap_get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static inline uint64_t snap_get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static inline uint64_t snap_align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

#endif
