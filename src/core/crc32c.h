/*
 * crc32c.h - CRC-32C (Castagnoli, reflected polynomial 0x82f63b78), the checksum of the
 * snapshot file (SNAPSHOTS.md). Incremental: pass the previous result as crc, 0 to begin.
 */
#ifndef FVP_CORE_CRC32C_H
#define FVP_CORE_CRC32C_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32c(uint32_t crc, const void *data, size_t len);

#endif
