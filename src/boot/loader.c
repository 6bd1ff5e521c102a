/*
 * loader.c - boot images into guest RAM: 64-bit RISC-V ELF (PT_LOAD
 * segments at their physical addresses), the RISC-V Linux Image format
 * (64-byte header with "RISCV\0\0\0" / "RSC\x05" magics), raw binaries and
 * initrds.
 *
 * Invariants: a file is read whole, bounded, then validated completely
 * (format, machine, every segment inside the file and inside one RAM
 * region) before the first byte is written to guest RAM; on failure err
 * holds "<path>: <problem>" and nothing was written.
 */
#include "boot/loader.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files may be larger than RAM (ELF debug info), but not absurdly so. */
#define LOADER_SLACK (512ull << 20)

#define RISCV_IMAGE_HEADER_SIZE	  64
#define RISCV_IMAGE_TEXT_OFFSET	  8
#define RISCV_IMAGE_IMAGE_SIZE	  16
#define RISCV_IMAGE_MAGIC_OFFSET  0x30
#define RISCV_IMAGE_MAGIC2_OFFSET 0x38

static const uint8_t riscv_image_magic[8] = {'R', 'I', 'S', 'C', 'V', 0, 0, 0};
static const uint8_t riscv_image_magic2[4] = {'R', 'S', 'C', 0x05};

static int __printf(4, 5) fail(int ret, char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

int load_file(const char *path, size_t max_len, void **data, size_t *len, char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	int fd, ret;

	*data = NULL;
	*len = 0;
	if (!path)
		return fail(-EINVAL, err, errlen, "(null): no file name");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		return fail(ret, err, errlen, "%s: cannot open: %s", path, strerror(-ret));
	}
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		close(fd);
		return fail(ret, err, errlen, "%s: cannot stat: %s", path, strerror(-ret));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(-EINVAL, err, errlen, "%s: not a regular file", path);
	}
	if ((uint64_t)st.st_size > max_len) {
		close(fd);
		return fail(-EFBIG, err, errlen, "%s: too large (%lld bytes, limit %zu)", path,
			    (long long)st.st_size, max_len);
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		close(fd);
		return fail(-ENOMEM, err, errlen, "%s: out of memory for %lld bytes", path,
			    (long long)st.st_size);
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : -EIO;
			close(fd);
			free(buf);
			return fail(ret, err, errlen, "%s: read failed: %s", path,
				    n < 0 ? strerror(-ret) : "file shrank while reading");
		}
		done += (size_t)n;
	}
	close(fd);
	*data = buf;
	*len = done;
	return 0;
}

int64_t boot_file_size(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		int ret = -errno;
		return fail(ret, err, errlen, "%s: cannot open: %s", path, strerror(-ret));
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		return fail(-EINVAL, err, errlen, "%s: not a non-empty regular file", path);
	return st.st_size;
}

static uint64_t ram_total(struct address_space *as)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < as->nram; i++)
		total += as->ram[i].size;
	return total;
}

/* True if [addr, addr + len) lies inside one RAM region (len may be 0). */
static bool range_in_ram(struct address_space *as, uint64_t addr, uint64_t len)
{
	if (addr + len < addr)
		return false;
	return as_ram_ptr(as, addr, len ? len : 1) != NULL;
}

static int write_zeros(struct address_space *as, uint64_t addr, uint64_t len)
{
	static const uint8_t zeros[4096];

	while (len) {
		uint64_t chunk = len < sizeof(zeros) ? len : sizeof(zeros);
		int ret = as_write(as, addr, zeros, chunk);

		if (ret)
			return ret;
		addr += chunk;
		len -= chunk;
	}
	return 0;
}

static bool is_elf(const uint8_t *data, size_t len)
{
	return len >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0;
}

static bool is_riscv_image(const uint8_t *data, size_t len)
{
	if (len < RISCV_IMAGE_HEADER_SIZE)
		return false;
	return memcmp(data + RISCV_IMAGE_MAGIC2_OFFSET, riscv_image_magic2,
		      sizeof(riscv_image_magic2)) == 0 ||
	       memcmp(data + RISCV_IMAGE_MAGIC_OFFSET, riscv_image_magic,
		      sizeof(riscv_image_magic)) == 0;
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int elf_validate(struct address_space *as, const char *path, const uint8_t *data, size_t len,
			struct loaded_image *out, char *err, size_t errlen)
{
	const Elf64_Ehdr *eh = (const void *)data;
	uint64_t lo = UINT64_MAX, hi = 0, entry_paddr = 0;
	bool entry_found = false;
	unsigned nload = 0;

	if (len < EI_NIDENT || data[EI_CLASS] != ELFCLASS64)
		return fail(-ENOEXEC, err, errlen, "%s: not a 64-bit ELF file", path);
	if (len < sizeof(*eh))
		return fail(-ENOEXEC, err, errlen, "%s: truncated ELF header", path);
	if (data[EI_DATA] != ELFDATA2LSB)
		return fail(-ENOEXEC, err, errlen, "%s: not a little-endian ELF file", path);
	if (eh->e_machine != EM_RISCV)
		return fail(-ENOEXEC, err, errlen, "%s: ELF machine %u is not RISC-V (%u)", path,
			    eh->e_machine, EM_RISCV);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return fail(-ENOEXEC, err, errlen, "%s: ELF type %u is not an executable", path,
			    eh->e_type);
	if (eh->e_phnum == 0 || eh->e_phentsize != sizeof(Elf64_Phdr))
		return fail(-ENOEXEC, err, errlen, "%s: ELF has no usable program headers", path);
	if (eh->e_phoff > len || (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff)
		return fail(-ENOEXEC, err, errlen, "%s: truncated ELF program headers", path);

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return fail(-ENOEXEC, err, errlen,
				    "%s: ELF segment %u has file size above memory size", path, i);
		if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset)
			return fail(-ENOEXEC, err, errlen,
				    "%s: truncated ELF (segment %u extends past end of file)", path,
				    i);
		if (!range_in_ram(as, ph.p_paddr, ph.p_memsz))
			return fail(-ENOSPC, err, errlen,
				    "%s: ELF segment %u [0x%llx, +0x%llx) does not fit in RAM",
				    path, i, (unsigned long long)ph.p_paddr,
				    (unsigned long long)ph.p_memsz);
		if (ph.p_paddr < lo)
			lo = ph.p_paddr;
		if (ph.p_paddr + ph.p_memsz > hi)
			hi = ph.p_paddr + ph.p_memsz;
		if (!entry_found && eh->e_entry >= ph.p_vaddr &&
		    eh->e_entry - ph.p_vaddr < ph.p_memsz) {
			entry_paddr = ph.p_paddr + (eh->e_entry - ph.p_vaddr);
			entry_found = true;
		}
		nload++;
	}
	if (!nload)
		return fail(-ENOEXEC, err, errlen, "%s: ELF has no loadable segment", path);
	if (!entry_found)
		return fail(-ENOEXEC, err, errlen,
			    "%s: ELF entry 0x%llx is outside every loadable segment", path,
			    (unsigned long long)eh->e_entry);
	out->format = IMAGE_ELF;
	out->entry = entry_paddr;
	out->start = lo;
	out->end = hi;
	return 0;
}

static int elf_load(struct address_space *as, const uint8_t *data)
{
	const Elf64_Ehdr *eh = (const void *)data;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		int ret;

		memcpy(&ph, data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		ret = as_write(as, ph.p_paddr, data + ph.p_offset, ph.p_filesz);
		if (!ret)
			ret = write_zeros(as, ph.p_paddr + ph.p_filesz, ph.p_memsz - ph.p_filesz);
		if (ret)
			return ret;
	}
	return 0;
}

/* Where a Linux Image goes: at RAM base + text_offset, but never below load_addr. */
static int riscv_image_validate(struct address_space *as, const char *path, const uint8_t *data,
				size_t len, uint64_t load_addr, struct loaded_image *out, char *err,
				size_t errlen)
{
	uint64_t text_offset = get_le64(data + RISCV_IMAGE_TEXT_OFFSET);
	uint64_t image_size = get_le64(data + RISCV_IMAGE_IMAGE_SIZE);
	struct ram_region *ram = as_find_ram(as, load_addr);
	uint64_t addr = load_addr, span;

	if (!ram)
		return fail(-ENOSPC, err, errlen, "%s: load address 0x%llx is not in RAM", path,
			    (unsigned long long)load_addr);
	if (text_offset && text_offset < ram->size && ram->base + text_offset > load_addr)
		addr = ram->base + text_offset;
	span = image_size > len ? image_size : len;
	if (!range_in_ram(as, addr, span))
		return fail(-ENOSPC, err, errlen,
			    "%s: Linux Image needs 0x%llx bytes at 0x%llx, past the end of RAM "
			    "(increase --mem)",
			    path, (unsigned long long)span, (unsigned long long)addr);
	out->format = IMAGE_RISCV_LINUX;
	out->entry = addr;
	out->start = addr;
	out->end = addr + span;
	return 0;
}

int boot_load_image(struct address_space *as, const char *path, uint64_t load_addr,
		    struct loaded_image *out, char *err, size_t errlen)
{
	struct loaded_image img = {0};
	void *data;
	size_t len;
	int ret;

	ret = load_file(path, ram_total(as) + LOADER_SLACK, &data, &len, err, errlen);
	if (ret)
		return ret;
	if (len == 0) {
		free(data);
		return fail(-ENOEXEC, err, errlen, "%s: empty file", path);
	}
	if (is_elf(data, len)) {
		ret = elf_validate(as, path, data, len, &img, err, errlen);
		if (!ret)
			ret = elf_load(as, data);
	} else if (is_riscv_image(data, len)) {
		ret = riscv_image_validate(as, path, data, len, load_addr, &img, err, errlen);
		if (!ret)
			ret = as_write(as, img.start, data, len);
	} else if (!range_in_ram(as, load_addr, len)) {
		ret = fail(-ENOSPC, err, errlen,
			   "%s: %zu bytes at 0x%llx do not fit in RAM (increase --mem)", path, len,
			   (unsigned long long)load_addr);
	} else {
		img = (struct loaded_image){.format = IMAGE_RAW,
					    .entry = load_addr,
					    .start = load_addr,
					    .end = load_addr + len};
		ret = as_write(as, load_addr, data, len);
	}
	free(data);
	if (ret == -EFAULT)
		return fail(ret, err, errlen, "%s: guest RAM write failed", path);
	if (ret)
		return ret;
	if (out)
		*out = img;
	return 0;
}

int boot_load_blob(struct address_space *as, const char *path, uint64_t addr, uint64_t *size,
		   char *err, size_t errlen)
{
	void *data;
	size_t len;
	int ret;

	ret = load_file(path, ram_total(as), &data, &len, err, errlen);
	if (ret)
		return ret;
	if (len == 0) {
		free(data);
		return fail(-EINVAL, err, errlen, "%s: empty file", path);
	}
	if (!range_in_ram(as, addr, len)) {
		free(data);
		return fail(-ENOSPC, err, errlen,
			    "%s: %zu bytes at 0x%llx do not fit in RAM (increase --mem)", path, len,
			    (unsigned long long)addr);
	}
	ret = as_write(as, addr, data, len);
	free(data);
	if (ret)
		return fail(ret, err, errlen, "%s: guest RAM write failed", path);
	if (size)
		*size = len;
	return 0;
}
