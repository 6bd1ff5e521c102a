/*
 * fuzz_file.h - what the loader targets share: a fuzz input handed to code
 * that reads files, as an in-memory file (a memfd, named by its
 * /proc/self/fd path), so that every execution goes through the real
 * open/stat/read path without touching the disk.
 */
#ifndef FVP_FUZZ_FILE_H
#define FVP_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_FILES 2

/* File number slot (0 .. FUZZ_FILES - 1) now holds data[0, size); returns its path. */
static inline const char *fuzz_file(unsigned slot, const uint8_t *data, size_t size)
{
	static char paths[FUZZ_FILES][32];
	static int fds[FUZZ_FILES] = {-1, -1};

	if (fds[slot] < 0) {
		fds[slot] = memfd_create("fvp-fuzz", MFD_CLOEXEC);
		if (fds[slot] < 0)
			abort();
		snprintf(paths[slot], sizeof(paths[slot]), "/proc/self/fd/%d", fds[slot]);
	}
	if (ftruncate(fds[slot], 0) || (size && pwrite(fds[slot], data, size, 0) != (ssize_t)size))
		abort();
	return paths[slot];
}

#endif
