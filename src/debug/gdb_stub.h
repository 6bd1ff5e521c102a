/*
 * gdb_stub.h - a gdb remote stub for a VM (docs/DEBUGGING.md): one thread that serves
 * one debugger connection at a time on a TCP or Unix socket.
 *
 * Order: gdb_stub_create before vm_start (it binds the socket and attaches the
 * VM's debug state, core/debug.h), gdb_stub_start before the caller confines
 * itself (the thread enters the "gdb" sandbox), gdb_stub_destroy after vm_wait.
 * Needs a frontend with debugger hooks (frontend_ops.debug).
 */
#ifndef FVP_DEBUG_GDB_STUB_H
#define FVP_DEBUG_GDB_STUB_H

#include "core/compiler.h"
#include "core/vm.h"

struct gdb_stub;

/* spec: "tcp:[HOST:]PORT" (HOST 127.0.0.1 by default; PORT 0 picks a free one) or
 * "unix:PATH". NULL with one line logged: a bad address, a port in use, a frontend
 * without debugger support. */
struct gdb_stub *gdb_stub_create(struct vm *vm, const char *spec);
/* Where it listens ("tcp:127.0.0.1:1234"), for the user. */
const char *gdb_stub_address(const struct gdb_stub *stub);
int gdb_stub_start(struct gdb_stub *stub) __must_check;
/* Stop the thread, close the sockets, detach from the VM. NULL is fine. */
void gdb_stub_destroy(struct gdb_stub *stub);

#endif
