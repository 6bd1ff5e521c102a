/*
 * linux_image.c - the RISC-V Linux Image header: a 64-byte header with
 * text_offset (where in RAM the kernel wants to sit) and image_size (how
 * much RAM it needs, .bss included), recognised by the magic "RISCV\0\0\0"
 * at 0x30 (deprecated) or "RSC\x05" at 0x38. The boot loader copies the
 * file where rv64_linux_image.place says.
 */
#include "arch/riscv64/linux_image.h"

#include <errno.h>
#include <string.h>

#define IMAGE_HEADER_SIZE   64
#define IMAGE_TEXT_OFFSET   8
#define IMAGE_IMAGE_SIZE    16
#define IMAGE_MAGIC_OFFSET  0x30
#define IMAGE_MAGIC2_OFFSET 0x38

static const uint8_t image_magic[8] = {'R', 'I', 'S', 'C', 'V', 0, 0, 0};
static const uint8_t image_magic2[4] = {'R', 'S', 'C', 0x05};

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool linux_image_match(const uint8_t *data, size_t len)
{
	if (len < IMAGE_HEADER_SIZE)
		return false;
	return memcmp(data + IMAGE_MAGIC2_OFFSET, image_magic2, sizeof(image_magic2)) == 0 ||
	       memcmp(data + IMAGE_MAGIC_OFFSET, image_magic, sizeof(image_magic)) == 0;
}

/* At RAM base + text_offset, but never below load_addr. */
static int linux_image_place(struct address_space *as, const uint8_t *data, size_t len,
			     uint64_t load_addr, struct loaded_image *out)
{
	uint64_t text_offset = get_le64(data + IMAGE_TEXT_OFFSET);
	uint64_t image_size = get_le64(data + IMAGE_IMAGE_SIZE);
	struct ram_region *ram = as_find_ram(as, load_addr);
	uint64_t addr = load_addr;

	if (!ram)
		return -ENOSPC;
	if (text_offset && text_offset < ram->size && ram->base + text_offset > load_addr)
		addr = ram->base + text_offset;
	out->entry = addr;
	out->start = addr;
	out->end = addr + (image_size > len ? image_size : len);
	return 0;
}

const struct boot_kernel_format rv64_linux_image = {
    .name = "Linux Image",
    .match = linux_image_match,
    .place = linux_image_place,
};
