/*
 * api.h - the control API server (docs/API.md): HTTP/1.1 with JSON bodies on
 * a unix socket, Cloud Hypervisor's paths, served by libmicrohttpd on one
 * thread of FVP's own (sandbox kind "api").
 *
 * Order (the sandbox's: every thread starts before its creator's filter):
 * api_server_create once the VM exists (the socket is bound, mode 0600, and
 * the VM's observer set), api_server_start before vm_start and before the
 * main thread enters its sandbox, api_server_stop once the VM stopped (event
 * streams get the last events, then end), api_server_destroy last (the
 * socket file goes).
 */
#ifndef FVP_API_API_H
#define FVP_API_API_H

#include "core/compiler.h"

struct api_server;
struct vm;

/* Bind path (refusing an existing file that is not a socket, or a socket some process
 * listens on) and set up the server for vm. NULL with one line logged. */
struct api_server *api_server_create(struct vm *vm, const char *path);
/* Start the server thread. 0 or -errno. */
int api_server_start(struct api_server *s) __must_check;
/* Let the event streams drain, stop and join the thread. */
void api_server_stop(struct api_server *s);
/* Close the socket and remove its file. NULL is allowed. */
void api_server_destroy(struct api_server *s);

#endif
