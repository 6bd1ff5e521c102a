/*
 * file.h - writing a whole output file so that a failure leaves nothing
 * half-written: the bytes go to a temporary file beside the target, which
 * replaces the target only once every byte is on disk.
 */
#ifndef FVP_CORE_FILE_H
#define FVP_CORE_FILE_H

#include <stddef.h>
#include "core/compiler.h"

/* Write len bytes of data as the file path. A regular file (or a new one) is replaced
 * atomically: on failure the target is as it was and no temporary file is left. Anything
 * else that exists at path (a terminal, a pipe, /dev/stdout) is written in place. Returns 0
 * or -errno with a one-line message logged naming path. */
int file_write_whole(const char *path, const void *data, size_t len) __must_check;

#endif
