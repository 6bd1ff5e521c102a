/*
 * vm_snapshot.c - a VM to and from a snapshot file (vm_snapshot.h).
 *
 * Records written: CONFIG (RAM layout, vCPU count, the devices' names in MMIO order: a
 * restore refuses a VM built differently), CLOCK (guest ns), one CPU per vCPU, one DEVICE
 * per MMIO region (instance: its index; payload: its name, then the device's own state),
 * then the RAM regions. Restore checks CONFIG against the fresh VM before it changes
 * anything, maps RAM, sets the clock, loads the vCPUs, then the devices, which drive their
 * interrupt lines and re-arm their timers from the restored state and clock.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "core/engine_ops.h"
#include "core/frontend_ops.h"
#include "core/log.h"
#include "core/snapshot_state.h"
#include "core/vm.h"
#include "core/vm_snapshot.h"

#define SNAP_DEVICE_NAME_MAX 64

/* A snapshot being written, and its one-line failure (logged, and handed to the caller). */
struct snap_save {
	struct vm *vm;
	struct snap_writer *w;
	char why[256];
};

/* Record and log the failure; evaluates to err. */
#define snap_save_fail(s, err, fmt, ...)                                                           \
	(snprintf((s)->why, sizeof((s)->why), fmt, ##__VA_ARGS__), log_error("%s", (s)->why), (err))

/* Add e's bytes as a record and free e. */
static int snap_add_encoded(struct snap_writer *w, uint32_t type, uint32_t instance,
			    struct snap_enc *e)
{
	int ret = e->failed ? -ENOMEM
			    : snap_writer_add_record(w, type, instance, e->buf, (uint32_t)e->len);

	snap_enc_free(e);
	return ret;
}

/* What the restoring VM must have been built like: RAM regions, vCPUs, devices. */
static void snap_encode_config(const struct vm *vm, struct snap_enc *e)
{
	snap_enc_u64(e, vm->ncpus);
	snap_enc_u64(e, vm->as->nram);
	for (unsigned i = 0; i < vm->as->nram; i++) {
		snap_enc_u64(e, vm->as->ram[i].base);
		snap_enc_u64(e, vm->as->ram[i].size);
	}
	snap_enc_u64(e, vm->as->nmmio);
	for (unsigned i = 0; i < vm->as->nmmio; i++)
		snap_enc_str(e, vm->as->mmio[i].name);
}

static int snap_save_cpus(struct snap_save *s)
{
	struct vm *vm = s->vm;

	if (!vm->fe->save_cpu)
		return snap_save_fail(s, -ENOTSUP, "the %s frontend cannot save its vCPUs yet",
				      vm->fe->name);
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct snap_enc e;
		int ret;

		snap_enc_init(&e);
		ret = vm->fe->save_cpu(vm->cpus[i], &e);
		if (ret) {
			snap_enc_free(&e);
			return snap_save_fail(s, ret, "vCPU %u: %s", i, strerror(-ret));
		}
		ret = snap_add_encoded(s->w, SNAP_REC_CPU, i, &e);
		if (ret)
			return ret;
	}
	return 0;
}

static int snap_save_devices(struct snap_save *s)
{
	for (unsigned i = 0; i < s->vm->as->nmmio; i++) {
		const struct mmio_region *m = &s->vm->as->mmio[i];
		struct snap_enc e;
		int ret;

		if (!m->ops->save)
			return snap_save_fail(s, -ENOTSUP, "device %s cannot be snapshotted yet",
					      m->name);
		snap_enc_init(&e);
		snap_enc_str(&e, m->name);
		ret = m->ops->save(m->opaque, &e);
		if (ret) {
			snap_enc_free(&e);
			if (ret == -ENOTSUP)
				return snap_save_fail(s, ret, "device %s cannot be snapshotted yet",
						      m->name);
			if (ret == -EBUSY)
				return snap_save_fail(s, ret, "device %s: requests still in flight",
						      m->name);
			return snap_save_fail(s, ret, "device %s: %s", m->name, strerror(-ret));
		}
		ret = snap_add_encoded(s->w, SNAP_REC_DEVICE, i, &e);
		if (ret)
			return ret;
	}
	return 0;
}

/* One IMAGE record per disk: its path, size and modification time, which a restore checks
 * (the guest's view of a disk is the snapshot's only if the image did not change). */
static int snap_save_images(struct snap_save *s)
{
	const struct vm_config *cfg = &s->vm->cfg;

	for (unsigned i = 0; i < cfg->nvirtio; i++) {
		const char *path = cfg->virtio[i].drive.file;
		struct snap_enc e;
		struct stat st;
		int ret;

		if (cfg->virtio[i].kind != VM_VIRTIO_BLK)
			continue;
		if (stat(path, &st) < 0)
			return snap_save_fail(s, -errno, "%s: cannot stat the disk image: %s", path,
					      strerror(errno));
		snap_enc_init(&e);
		snap_enc_str(&e, path);
		snap_enc_u64(&e, (uint64_t)st.st_size);
		snap_enc_u64(&e, (uint64_t)st.st_mtim.tv_sec);
		snap_enc_u64(&e, (uint64_t)st.st_mtim.tv_nsec);
		ret = snap_add_encoded(s->w, SNAP_REC_IMAGE, i, &e);
		if (ret)
			return ret;
	}
	return 0;
}

static int snap_save_records(struct snap_save *s)
{
	struct vm *vm = s->vm;
	struct snap_writer *w = s->w;
	struct snap_enc e;
	int ret;

	snap_enc_init(&e);
	snap_encode_config(vm, &e);
	ret = snap_add_encoded(w, SNAP_REC_CONFIG, 0, &e);
	snap_enc_init(&e);
	snap_enc_u64(&e, vclock_ns(&vm->clock));
	if (!ret)
		ret = snap_add_encoded(w, SNAP_REC_CLOCK, 0, &e);
	else
		snap_enc_free(&e);
	if (!ret)
		ret = snap_save_images(s);
	if (!ret)
		ret = snap_save_cpus(s);
	if (!ret)
		ret = snap_save_devices(s);
	for (unsigned i = 0; i < vm->as->nram && !ret; i++)
		ret = snap_writer_add_ram(w, vm->as->ram[i].base, vm->as->ram[i].host,
					  vm->as->ram[i].size);
	return ret;
}

int vm_snapshot_save(struct vm *vm, const char *path, snap_progress_fn progress, void *opaque,
		     char *why, size_t why_len)
{
	struct snap_identity id = {.ncpus = vm->ncpus};
	struct snap_save s = {.vm = vm};
	int ret;

	snprintf(id.arch, sizeof(id.arch), "%s", vm->board->arch);
	snprintf(id.board, sizeof(id.board), "%s", vm->board->name);
	snprintf(id.engine, sizeof(id.engine), "%s", vm->engine->name);
	s.w = snap_writer_create(path, &id);
	if (!s.w) {
		ret =
		    snap_save_fail(&s, -EINVAL, "%s: cannot describe this VM in a snapshot", path);
	} else {
		ret = snap_save_records(&s);
		if (ret) {
			snap_writer_discard(s.w);
			if (!s.why[0]) /* a record that did not fit or no memory */
				ret = snap_save_fail(&s, ret, "%s: snapshot not written: %s", path,
						     strerror(-ret));
		} else {
			ret = snap_writer_commit(s.w, progress, opaque); /* logs its failure */
			if (ret)
				snprintf(s.why, sizeof(s.why), "%s: snapshot not written: %s", path,
					 strerror(-ret));
		}
	}
	if (ret && why)
		snprintf(why, why_len, "%s", s.why);
	return ret;
}

/* The record (type, instance) in a decoder; -EINVAL logged if it is missing. */
static int snap_record(const struct snap_reader *r, uint32_t type, uint32_t instance,
		       const char *what, struct snap_dec *d)
{
	const void *payload;
	uint32_t len;

	if (snap_reader_find(r, type, instance, &payload, &len)) {
		log_error("%s: no %s record", snap_reader_path(r), what);
		return -EINVAL;
	}
	snap_dec_init(d, payload, len);
	return 0;
}

static int snap_check_config(const struct vm *vm, const struct snap_reader *r)
{
	struct snap_dec d;
	struct snap_enc e;
	int ret = snap_record(r, SNAP_REC_CONFIG, 0, "CONFIG", &d);

	if (ret)
		return ret;
	snap_enc_init(&e);
	snap_encode_config(vm, &e);
	if (e.failed)
		ret = -ENOMEM;
	else if (e.len != d.len || memcmp(e.buf, d.buf, e.len) != 0)
		ret = -EINVAL;
	snap_enc_free(&e);
	if (ret == -EINVAL)
		log_error("%s: snapshot of a VM with other RAM, vCPUs or devices than this one "
			  "(restore with the options it was taken with)",
			  snap_reader_path(r));
	return ret;
}

/* Each disk is the image the snapshot names, unchanged: same path, size and mtime. */
static int snap_check_images(const struct vm *vm, const struct snap_reader *r)
{
	const struct vm_config *cfg = &vm->cfg;

	for (unsigned i = 0; i < cfg->nvirtio; i++) {
		const char *path = cfg->virtio[i].drive.file;
		char saved[4096];
		uint64_t size, sec, nsec;
		struct snap_dec d;
		struct stat st;
		int ret;

		if (cfg->virtio[i].kind != VM_VIRTIO_BLK)
			continue;
		ret = snap_record(r, SNAP_REC_IMAGE, i, "IMAGE", &d);
		if (ret)
			return ret;
		snap_dec_str(&d, saved, sizeof(saved));
		size = snap_dec_u64(&d);
		sec = snap_dec_u64(&d);
		nsec = snap_dec_u64(&d);
		if (snap_dec_finish(&d) || strcmp(saved, path) != 0) {
			log_error("%s: the snapshot's disk %u is %s, not %s", snap_reader_path(r),
				  i, d.failed ? "unreadable" : saved, path);
			return -EINVAL;
		}
		if (stat(path, &st) < 0 || (uint64_t)st.st_size != size ||
		    (uint64_t)st.st_mtim.tv_sec != sec || (uint64_t)st.st_mtim.tv_nsec != nsec) {
			log_error(
			    "%s: disk image %s changed since the snapshot (size or modification "
			    "time): the guest's view of it would be wrong",
			    snap_reader_path(r), path);
			return -EINVAL;
		}
	}
	return 0;
}

static int snap_map_ram(struct vm *vm, const struct snap_reader *r)
{
	for (unsigned i = 0; i < snap_reader_nregions(r); i++) {
		const struct snap_region *reg = snap_reader_region(r, i);
		struct ram_region *ram = as_find_ram(vm->as, reg->base);
		int ret;

		if (!ram || ram->base != reg->base || ram->size != reg->size) {
			log_error("%s: RAM region at 0x%" PRIx64 " does not match the VM's",
				  snap_reader_path(r), reg->base);
			return -EINVAL;
		}
		ret = snap_reader_map_region(r, i, ram->host);
		if (ret) {
			log_error("%s: cannot map RAM: %s", snap_reader_path(r), strerror(-ret));
			return ret;
		}
	}
	return 0;
}

static int snap_load_cpus(struct vm *vm, const struct snap_reader *r)
{
	if (!vm->fe->load_cpu) {
		log_error("%s: the %s frontend cannot load vCPUs", snap_reader_path(r),
			  vm->fe->name);
		return -ENOTSUP;
	}
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct snap_dec d;
		int ret = snap_record(r, SNAP_REC_CPU, i, "CPU", &d);

		if (!ret && vm->fe->load_cpu(vm->cpus[i], &d)) {
			log_error("%s: vCPU %u: bad state record", snap_reader_path(r), i);
			ret = -EINVAL;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int snap_load_devices(struct vm *vm, const struct snap_reader *r)
{
	for (unsigned i = 0; i < vm->as->nmmio; i++) {
		const struct mmio_region *m = &vm->as->mmio[i];
		char name[SNAP_DEVICE_NAME_MAX];
		struct snap_dec d;
		int ret = snap_record(r, SNAP_REC_DEVICE, i, "DEVICE", &d);

		if (ret)
			return ret;
		snap_dec_str(&d, name, sizeof(name));
		if (d.failed || strcmp(name, m->name) != 0 || !m->ops->load ||
		    m->ops->load(m->opaque, &d)) {
			log_error("%s: device %s: bad state record", snap_reader_path(r), m->name);
			return -EINVAL;
		}
	}
	return 0;
}

static int snap_restore_from(struct vm *vm, const struct snap_reader *r)
{
	struct snap_dec d;
	uint64_t ns;
	int ret = snap_check_config(vm, r);

	if (!ret)
		ret = snap_check_images(vm, r);
	if (!ret)
		ret = snap_record(r, SNAP_REC_CLOCK, 0, "CLOCK", &d);
	if (ret)
		return ret;
	ns = snap_dec_u64(&d);
	if (snap_dec_finish(&d)) {
		log_error("%s: bad CLOCK record", snap_reader_path(r));
		return -EINVAL;
	}
	ret = snap_map_ram(vm, r);
	if (ret)
		return ret;
	vclock_set(&vm->clock, ns);
	ret = snap_load_cpus(vm, r);
	return ret ? ret : snap_load_devices(vm, r);
}

int vm_snapshot_restore(struct vm *vm, const char *path)
{
	struct snap_reader *r = snap_reader_open(path, vm->board->arch, vm->board->name);
	int ret;

	if (!r)
		return -EINVAL;
	ret = snap_restore_from(vm, r);
	snap_reader_close(r);
	return ret;
}
