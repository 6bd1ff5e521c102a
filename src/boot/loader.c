/*
 * loader.c - boot images into guest RAM for every board: 64-bit
 * little-endian ELF executables of the board's machine (PT_LOAD segments
 * at their physical addresses), a board's own kernel format (placed by the
 * board's hook, copied here), raw binaries and initrds (and the placement
 * of an initrd, shared by the boards); and the ELF note lookup a board uses
 * to read its boot protocol out of an image.
 *
 * Invariants: a file is read whole, bounded, then validated completely
 * (format, machine, every segment inside the file, inside one RAM region
 * and outside the board's reserved ranges) before the first byte is written
 * to guest RAM; on failure err holds "<path>: <problem>" and nothing was
 * written.
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

/* One image being validated and loaded. */
struct load_ctx {
	struct address_space *as;
	const char *path;
	const uint8_t *data;
	size_t len;
	const struct boot_rules *rules;
	char *err;
	size_t errlen;
};

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

bool boot_is_elf(const void *data, size_t len)
{
	return len >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0;
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* [start, start + len) of what (e.g. "ELF segment 1") lies in one RAM region, outside every
 * range the board reserved. */
static int check_placement(const struct load_ctx *c, const char *what, uint64_t start, uint64_t len)
{
	const struct boot_rules *rules = c->rules;

	if (!range_in_ram(c->as, start, len))
		return fail(-ENOSPC, c->err, c->errlen,
			    "%s: %s [0x%llx, +0x%llx) does not fit in RAM%s", c->path, what,
			    (unsigned long long)start, (unsigned long long)len,
			    as_find_ram(c->as, start) ? " (increase --mem)" : "");
	for (unsigned i = 0; i < rules->nreserved; i++) {
		const struct boot_range *r = &rules->reserved[i];

		if (start < r->end && r->start < start + len)
			return fail(-ENOEXEC, c->err, c->errlen,
				    "%s: %s [0x%llx, +0x%llx) overlaps %s [0x%llx, 0x%llx)",
				    c->path, what, (unsigned long long)start,
				    (unsigned long long)len, r->what, (unsigned long long)r->start,
				    (unsigned long long)r->end);
	}
	return 0;
}

static int elf_check_header(const struct load_ctx *c, Elf64_Ehdr *eh)
{
	const uint8_t *data = c->data;
	size_t len = c->len;

	if (len < EI_NIDENT || data[EI_CLASS] != ELFCLASS64)
		return fail(-ENOEXEC, c->err, c->errlen, "%s: not a 64-bit ELF file", c->path);
	if (len < sizeof(*eh))
		return fail(-ENOEXEC, c->err, c->errlen, "%s: truncated ELF header", c->path);
	memcpy(eh, data, sizeof(*eh));
	if (data[EI_DATA] != ELFDATA2LSB)
		return fail(-ENOEXEC, c->err, c->errlen, "%s: not a little-endian ELF file",
			    c->path);
	if (eh->e_machine != c->rules->elf_machine)
		return fail(-ENOEXEC, c->err, c->errlen, "%s: ELF machine %u is not %s (%u)",
			    c->path, eh->e_machine, c->rules->isa, c->rules->elf_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return fail(-ENOEXEC, c->err, c->errlen, "%s: ELF type %u is not an executable",
			    c->path, eh->e_type);
	if (eh->e_phnum == 0 || eh->e_phentsize != sizeof(Elf64_Phdr))
		return fail(-ENOEXEC, c->err, c->errlen, "%s: ELF has no usable program headers",
			    c->path);
	if (eh->e_phoff > len || (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff)
		return fail(-ENOEXEC, c->err, c->errlen, "%s: truncated ELF program headers",
			    c->path);
	return 0;
}

static void elf_phdr(const uint8_t *data, const Elf64_Ehdr *eh, unsigned i, Elf64_Phdr *ph)
{
	memcpy(ph, data + eh->e_phoff + (size_t)i * sizeof(*ph), sizeof(*ph));
}

/* The physical entry point: e_entry as a virtual address inside a loadable segment, mapped to
 * its physical one; else e_entry as a physical address inside one (some kernels link their
 * ELF entry at its physical address). */
static bool elf_entry(const uint8_t *data, const Elf64_Ehdr *eh, uint64_t *entry)
{
	for (unsigned physical = 0; physical < 2; physical++) {
		for (unsigned i = 0; i < eh->e_phnum; i++) {
			Elf64_Phdr ph;
			uint64_t base;

			elf_phdr(data, eh, i, &ph);
			base = physical ? ph.p_paddr : ph.p_vaddr;
			if (ph.p_type != PT_LOAD || eh->e_entry < base ||
			    eh->e_entry - base >= ph.p_memsz)
				continue;
			*entry = ph.p_paddr + (eh->e_entry - base);
			return true;
		}
	}
	return false;
}

static int elf_check_segments(const struct load_ctx *c, const Elf64_Ehdr *eh,
			      struct loaded_image *out)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	unsigned nload = 0;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		char what[32];
		int ret;

		elf_phdr(c->data, eh, i, &ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return fail(-ENOEXEC, c->err, c->errlen,
				    "%s: ELF segment %u has file size above memory size", c->path,
				    i);
		if (ph.p_offset > c->len || ph.p_filesz > c->len - ph.p_offset)
			return fail(-ENOEXEC, c->err, c->errlen,
				    "%s: truncated ELF (segment %u extends past end of file)",
				    c->path, i);
		snprintf(what, sizeof(what), "ELF segment %u", i);
		ret = check_placement(c, what, ph.p_paddr, ph.p_memsz);
		if (ret)
			return ret;
		if (ph.p_paddr < lo)
			lo = ph.p_paddr;
		if (ph.p_paddr + ph.p_memsz > hi)
			hi = ph.p_paddr + ph.p_memsz;
		nload++;
	}
	if (!nload)
		return fail(-ENOEXEC, c->err, c->errlen, "%s: ELF has no loadable segment",
			    c->path);
	if (!elf_entry(c->data, eh, &out->entry))
		return fail(-ENOEXEC, c->err, c->errlen,
			    "%s: ELF entry 0x%llx is outside every loadable segment", c->path,
			    (unsigned long long)eh->e_entry);
	out->format = IMAGE_ELF;
	out->start = lo;
	out->end = hi;
	return 0;
}

static int elf_write(struct address_space *as, const uint8_t *data, const Elf64_Ehdr *eh)
{
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		int ret;

		elf_phdr(data, eh, i, &ph);
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

static int elf_load(const struct load_ctx *c, struct loaded_image *out)
{
	Elf64_Ehdr eh = {0};
	int ret = elf_check_header(c, &eh);

	if (!ret)
		ret = elf_check_segments(c, &eh, out);
	if (!ret)
		ret = elf_write(c->as, c->data, &eh);
	return ret;
}

int boot_load_elf(struct address_space *as, const char *path, const void *data, size_t len,
		  const struct boot_rules *rules, struct loaded_image *out, char *err,
		  size_t errlen)
{
	const struct load_ctx c = {as, path, data, len, rules, err, errlen};
	struct loaded_image img = {0};
	int ret = elf_load(&c, &img);

	if (ret == -EFAULT)
		return fail(ret, err, errlen, "%s: guest RAM write failed", path);
	if (!ret && out)
		*out = img;
	return ret;
}

/* The board's kernel format: its place hook decides where, the loader checks and copies. */
static int kernel_load(const struct load_ctx *c, uint64_t load_addr, struct loaded_image *out)
{
	const struct boot_kernel_format *k = c->rules->kernel;
	int ret = k->place(c->as, c->data, c->len, load_addr, out);

	if (ret)
		return fail(ret, c->err, c->errlen, "%s: cannot place the %s at 0x%llx: %s",
			    c->path, k->name, (unsigned long long)load_addr,
			    ret == -ENOSPC ? "not in RAM" : strerror(-ret));
	if (out->end < out->start || out->end - out->start < c->len) /* wrapped around */
		return fail(-ENOSPC, c->err, c->errlen, "%s: %s at 0x%llx does not fit in RAM",
			    c->path, k->name, (unsigned long long)out->start);
	ret = check_placement(c, k->name, out->start, out->end - out->start);
	if (ret)
		return ret;
	out->format = IMAGE_KERNEL;
	return as_write(c->as, out->start, c->data, c->len);
}

static int raw_load(const struct load_ctx *c, uint64_t load_addr, struct loaded_image *out)
{
	int ret = check_placement(c, "the raw image", load_addr, c->len);

	if (ret)
		return ret;
	*out = (struct loaded_image){
	    .format = IMAGE_RAW, .entry = load_addr, .start = load_addr, .end = load_addr + c->len};
	return as_write(c->as, load_addr, c->data, c->len);
}

int boot_load_image(struct address_space *as, const char *path, uint64_t load_addr,
		    const struct boot_rules *rules, struct loaded_image *out, char *err,
		    size_t errlen)
{
	struct load_ctx c = {.as = as, .path = path, .rules = rules, .err = err, .errlen = errlen};
	struct loaded_image img = {0};
	void *data;
	int ret;

	ret = load_file(path, ram_total(as) + LOADER_SLACK, &data, &c.len, err, errlen);
	if (ret)
		return ret;
	c.data = data;
	if (c.len == 0)
		ret = fail(-ENOEXEC, err, errlen, "%s: empty file", path);
	else if (boot_is_elf(data, c.len))
		ret = elf_load(&c, &img);
	else if (rules->kernel && rules->kernel->match(data, c.len))
		ret = kernel_load(&c, load_addr, &img);
	else
		ret = raw_load(&c, load_addr, &img);
	free(data);
	if (ret == -EFAULT)
		return fail(ret, err, errlen, "%s: guest RAM write failed", path);
	if (!ret && out)
		*out = img;
	return ret;
}

/* In the notes notes[0, len): the descriptor of the first note called name of type type. */
static int note_find(const uint8_t *notes, uint64_t len, const char *name, uint32_t type,
		     const uint8_t **desc, uint32_t *descsz)
{
	uint64_t off = 0, namelen = strlen(name) + 1;

	while (len - off >= 12) {
		uint32_t nsz = get_le32(notes + off), dsz = get_le32(notes + off + 4);
		uint64_t name_at = off + 12, desc_at = name_at + ALIGN_UP((uint64_t)nsz, 4);

		if (desc_at > len || ALIGN_UP((uint64_t)dsz, 4) > len - desc_at)
			return -ENOENT;
		if (get_le32(notes + off + 8) == type && nsz == namelen &&
		    !memcmp(notes + name_at, name, namelen)) {
			*desc = notes + desc_at;
			*descsz = dsz;
			return 0;
		}
		off = desc_at + ALIGN_UP((uint64_t)dsz, 4);
	}
	return -ENOENT;
}

int boot_elf_find_note(const void *data, size_t len, const char *name, uint32_t type,
		       const uint8_t **desc, uint32_t *descsz)
{
	Elf64_Ehdr eh;

	if (!boot_is_elf(data, len) || len < sizeof(eh))
		return -ENOENT;
	memcpy(&eh, data, sizeof(eh));
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > len ||
	    (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > len - eh.e_phoff)
		return -ENOENT;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		elf_phdr(data, &eh, i, &ph);
		if (ph.p_type == PT_NOTE && ph.p_offset <= len &&
		    ph.p_filesz <= len - ph.p_offset &&
		    !note_find((const uint8_t *)data + ph.p_offset, ph.p_filesz, name, type, desc,
			       descsz))
			return 0;
	}
	return -ENOENT;
}

int boot_place_initrd(uint64_t size, uint64_t floor, uint64_t top, const struct boot_range *avoid,
		      unsigned navoid, uint64_t *addr)
{
	uint64_t at;
	bool moved = true;

	if (floor > top || size > top - floor)
		return -ENOSPC;
	at = ALIGN_DOWN(top - size, PAGE_SIZE);
	/* Each range moves it at most once: once below a range's start it only goes lower. */
	while (moved) {
		moved = false;
		for (unsigned i = 0; i < navoid; i++) {
			const struct boot_range *r = &avoid[i];

			if (at >= r->end || r->start >= at + size)
				continue;
			if (r->start < floor + size)
				return -ENOSPC;
			at = ALIGN_DOWN(r->start - size, PAGE_SIZE);
			moved = true;
		}
	}
	if (at < floor)
		return -ENOSPC;
	*addr = at;
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
