/*
 * loader.h - loading boot images into guest RAM: ELF, RISC-V Linux Image,
 * raw binaries and initrds. Every function validates the file first and
 * returns 0 or a negative errno with a one-line reason in err (which names
 * the file and the problem); nothing is written to guest RAM on failure.
 */
#ifndef FVP_BOOT_LOADER_H
#define FVP_BOOT_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"
#include "core/memory.h"

enum image_format { IMAGE_RAW, IMAGE_ELF, IMAGE_RISCV_LINUX };

struct loaded_image {
	enum image_format format;
	uint64_t entry; /* guest-physical entry point */
	uint64_t start; /* lowest loaded guest-physical address */
	uint64_t end;	/* one past the highest */
};

/* Read a whole file (bounded by max_len). Returns 0 or -errno; *data is malloc'ed. */
int load_file(const char *path, size_t max_len, void **data, size_t *len, char *err,
	      size_t errlen) __must_check;
/* Load a kernel or firmware: ELF at its physical addresses, a Linux Image at load_addr
 * (respecting its text_offset), raw bytes at load_addr. */
int boot_load_image(struct address_space *as, const char *path, uint64_t load_addr,
		    struct loaded_image *out, char *err, size_t errlen) __must_check;
/* Size of a non-empty regular file (to place an initrd before loading it), or -errno with
 * the reason in err. */
int64_t boot_file_size(const char *path, char *err, size_t errlen) __must_check;
/* Load raw bytes (initrd) at addr; *size gets the length. */
int boot_load_blob(struct address_space *as, const char *path, uint64_t addr, uint64_t *size,
		   char *err, size_t errlen) __must_check;

#endif
