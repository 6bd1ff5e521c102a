/*
 * vm_snapshot.h - a whole VM to and from a snapshot file (SNAPSHOTS.md): the core walks
 * what it knows of the VM (clock, vCPUs through frontend_ops, devices through their
 * mmio_ops, RAM regions, disk images) and leaves each payload to its owner.
 */
#ifndef FVP_CORE_VM_SNAPSHOT_H
#define FVP_CORE_VM_SNAPSHOT_H

#include <stddef.h>
#include "core/compiler.h"
#include "core/snapshot_file.h"

struct vm;

/* Write vm, whose vCPUs are parked (paused, or created and not started), to path. 0, or
 * -errno with one line logged and copied to why (why_len bytes; why may be NULL): -ENOTSUP
 * names the device or frontend that cannot be saved yet. On failure no file is left. */
int vm_snapshot_save(struct vm *vm, const char *path, snap_progress_fn progress, void *opaque,
		     char *why, size_t why_len) __must_check;
/* Load path over vm, created and not started, built from the same configuration (RAM,
 * vCPUs, devices): RAM is mapped from the file copy-on-write, the clock, vCPUs and devices
 * take the saved state. 0, or -errno with one line logged naming the file and the mismatch;
 * on failure the VM must be destroyed, not run. */
int vm_snapshot_restore(struct vm *vm, const char *path) __must_check;

#endif
