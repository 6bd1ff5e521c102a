/*
 * loader.h - loading boot images into guest RAM for every board: 64-bit
 * little-endian ELF executables of the board's ISA, a board's own kernel
 * format (through struct boot_kernel_format), raw binaries and initrds
 * (and where an initrd goes).
 * The board says what it accepts in a struct boot_rules. Every function
 * validates the file first and returns 0 or a negative errno with a
 * one-line reason in err (which names the file and the problem); nothing is
 * written to guest RAM on failure.
 */
#ifndef FVP_BOOT_LOADER_H
#define FVP_BOOT_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"
#include "core/memory.h"

enum image_format {
	IMAGE_RAW,    /* bytes at the load address */
	IMAGE_ELF,    /* PT_LOAD segments at their physical addresses */
	IMAGE_KERNEL, /* the board's kernel format (boot_rules.kernel) */
};

struct loaded_image {
	enum image_format format;
	uint64_t entry; /* guest-physical entry point */
	uint64_t start; /* lowest loaded guest-physical address */
	uint64_t end;	/* one past the highest */
};

/* Guest-physical memory a board keeps for itself: no image may touch [start, end). */
struct boot_range {
	uint64_t start, end;
	const char *what; /* for messages, e.g. "the boot tables" */
};

/*
 * A board's kernel format with a header (a Linux Image), loaded whole at one place.
 * match recognises the header; place decides where the image goes (out->entry, start, end)
 * and writes nothing: it returns 0, or -ENOSPC if load_addr is not in RAM. The loader then
 * checks that [start, end) lies in RAM and copies the file to start.
 */
struct boot_kernel_format {
	const char *name; /* for messages, e.g. "Linux Image" */
	bool (*match)(const uint8_t *data, size_t len);
	int (*place)(struct address_space *as, const uint8_t *data, size_t len, uint64_t load_addr,
		     struct loaded_image *out);
};

/* What a board accepts. */
struct boot_rules {
	uint16_t elf_machine;			 /* e_machine of the board's ISA (<elf.h> EM_*) */
	const char *isa;			 /* its name, for messages */
	const struct boot_kernel_format *kernel; /* NULL: ELF and raw only */
	const struct boot_range *reserved;	 /* ranges no image may touch (may be NULL) */
	unsigned nreserved;
};

/* Read a whole file (bounded by max_len). Returns 0 or -errno; *data is malloc'ed. */
int load_file(const char *path, size_t max_len, void **data, size_t *len, char *err,
	      size_t errlen) __must_check;
/* Load a kernel or firmware: ELF at its physical addresses, the board's kernel format where
 * its place puts it, anything else as raw bytes at load_addr. */
int boot_load_image(struct address_space *as, const char *path, uint64_t load_addr,
		    const struct boot_rules *rules, struct loaded_image *out, char *err,
		    size_t errlen) __must_check;
/* True if data starts with the ELF magic. */
bool boot_is_elf(const void *data, size_t len);
/* Load the ELF file data (read from path) of rules->elf_machine: every PT_LOAD segment at
 * its p_paddr, .bss zeroed. out->entry is e_entry mapped through its segment's p_vaddr ->
 * p_paddr, or e_entry itself where it lies inside a segment's physical range. */
int boot_load_elf(struct address_space *as, const char *path, const void *data, size_t len,
		  const struct boot_rules *rules, struct loaded_image *out, char *err,
		  size_t errlen) __must_check;
/* In an ELF file that boot_load_elf accepted: the descriptor of the first note named name
 * with type type in a PT_NOTE segment. Returns 0, or -ENOENT if there is none. */
int boot_elf_find_note(const void *data, size_t len, const char *name, uint32_t type,
		       const uint8_t **desc, uint32_t *descsz) __must_check;
/* Size of a non-empty regular file (to place an initrd before loading it), or -errno with
 * the reason in err. */
int64_t boot_file_size(const char *path, char *err, size_t errlen) __must_check;
/* Where an initrd of size bytes goes: the highest page-aligned address at which it ends at or
 * below top and starts at or above floor, overlapping none of the ranges in avoid (it moves
 * below each one it would cover). 0 with *addr set, or -ENOSPC. Pure: writes nothing. */
int boot_place_initrd(uint64_t size, uint64_t floor, uint64_t top, const struct boot_range *avoid,
		      unsigned navoid, uint64_t *addr) __must_check;
/* Load raw bytes (initrd) at addr; *size gets the length. */
int boot_load_blob(struct address_space *as, const char *path, uint64_t addr, uint64_t *size,
		   char *err, size_t errlen) __must_check;

#endif
