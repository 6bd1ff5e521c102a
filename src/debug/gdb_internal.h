/*
 * gdb_internal.h - the stub's state, shared by gdb_stub.c (sockets, thread,
 * sessions) and gdb_commands.c (what each packet does). Touched by the stub's
 * thread only, after gdb_stub_start.
 */
#ifndef FVP_DEBUG_GDB_INTERNAL_H
#define FVP_DEBUG_GDB_INTERNAL_H

#include <stdbool.h>
#include <sys/un.h>
#include "core/debug.h"
#include "core/vm.h"
#include "debug/gdb_packet.h"

struct gdb_stub {
	struct vm *vm;
	struct vm_debug *dbg;
	const struct frontend_debug_ops *ops;
	int listen_fd;
	int conn_fd; /* -1: no debugger connected */
	int wake_fd; /* eventfd: gdb_stub_destroy wakes the thread */
	bool quit;   /* atomic */
	bool started;
	pthread_t thread;
	char address[sizeof(((struct sockaddr_un *)0)->sun_path) + 16];
	bool is_unix;
	char unix_path[sizeof(((struct sockaddr_un *)0)->sun_path)]; /* the thread removes it */
	/* the session */
	struct gdb_rx rx;
	bool no_ack;
	bool running;		 /* resumed: a stop reply is owed */
	bool physical;		 /* monitor: memory packets use physical addresses */
	bool detach;		 /* D or k: end the session */
	unsigned g_cpu, c_cpu;	 /* Hg, Hc: vCPU indexes */
	struct debug_event last; /* the last stop reported */
	size_t out_len;		 /* the last frame, resent on '-' */
	char out[GDB_PACKET_MAX + 8];
	char reply[GDB_PACKET_MAX + 1];
};

/* gdb_stub.c: send payload (len bytes) as one packet; 0 or -errno (connection gone). */
int gdb_send(struct gdb_stub *s, const char *payload, size_t len);
int gdb_send_str(struct gdb_stub *s, const char *payload);
/* Stop every vCPU (once all are parked it returns). */
void gdb_stop_vm(struct gdb_stub *s);

/* gdb_commands.c: answer one packet (s->rx.buf). 0 or -errno. */
int gdb_handle_packet(struct gdb_stub *s, char *pkt, size_t len);
/* The T stop reply for s->last. */
int gdb_send_stop_reply(struct gdb_stub *s);
/* Resume the VM with every vCPU's action set (the stub's running state set). */
void gdb_resume(struct gdb_stub *s);
/* qRcmd's monitor commands (gdb_monitor.c): out gets the text, NUL-terminated. */
void gdb_monitor(struct gdb_stub *s, const char *cmd, char *out, size_t size);

#endif
