/*
 * vm.h - the virtual machine: configuration, lifecycle, vCPU threads.
 *
 * Lifecycle: CREATED -> RUNNING <-> PAUSED -> STOPPED. vm_run() starts one
 * host thread per vCPU and returns when the VM stops (guest power-off,
 * reset, fatal host error or vm_request_stop from any thread).
 */
#ifndef FVP_CORE_VM_H
#define FVP_CORE_VM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/board_ops.h"
#include "core/clock.h"
#include "core/compiler.h"
#include "core/memory.h"
#include "core/vcpu.h"

struct frontend_ops;
struct engine_ops;
struct chardev;

#define VM_MAX_CPUS 32

enum vm_state { VM_CREATED, VM_RUNNING, VM_PAUSED, VM_STOPPED };

/* Why the VM stopped; the CLI maps these to exit statuses. */
enum vm_stop_reason {
	VM_STOP_NONE = 0,
	VM_STOP_POWEROFF, /* guest powered off: exit 0 */
	VM_STOP_RESET,	  /* guest asked for a reset: exit 2 */
	VM_STOP_PANIC,	  /* guest reported failure (test device FAIL): exit 3 */
	VM_STOP_USER,	  /* user quit (Ctrl-A X, signal): exit 4 */
	VM_STOP_ERROR,	  /* host-side failure: exit 1 */
};

/* Virtio devices from the command line, in its order (--drive, --net, --rng, --console). */
enum vm_virtio_kind { VM_VIRTIO_BLK, VM_VIRTIO_NET, VM_VIRTIO_RNG, VM_VIRTIO_CONSOLE };

#define VM_MAX_VIRTIO	  8
#define VM_MAX_HOSTFWD	  4
#define VM_SERIAL_LEN	  20 /* virtio-blk GET_ID: at most 20 bytes */
#define VM_BLK_MAX_QUEUES 16 /* virtio-blk request queues (num-queues=) */

struct vm_drive_config {
	const char *file;
	bool readonly;
	const char *aio; /* "io_uring" (default when NULL) or "sync" */
	bool direct;	 /* cache=none: O_DIRECT image (default cache=writeback: page cache) */
	char serial[VM_SERIAL_LEN + 1];
	unsigned num_queues; /* request queues, 1..VM_BLK_MAX_QUEUES; 0: one per vCPU */
};

/* A user-networking port forward: host address:port -> guest address:port. */
struct vm_net_hostfwd {
	bool udp;	     /* false: TCP */
	uint32_t host_addr;  /* IPv4 to listen on, host byte order (the CLI's default: 127.0.0.1) */
	uint32_t guest_addr; /* IPv4, host byte order; 0: the guest's first DHCP address */
	uint16_t host_port, guest_port;
};

struct vm_net_config {
	bool tap;	    /* false: user networking (libslirp) */
	const char *ifname; /* tap: the interface */
	unsigned nhostfwd;
	struct vm_net_hostfwd hostfwd[VM_MAX_HOSTFWD]; /* user only */
	bool has_mac;
	uint8_t mac[6];
};

struct vm_virtio_config {
	enum vm_virtio_kind kind;
	struct vm_drive_config drive; /* VM_VIRTIO_BLK */
	struct vm_net_config net;     /* VM_VIRTIO_NET */
};

struct vm_config {
	const char *arch;
	const char *engine;
	const char *bios;
	const char *kernel;
	const char *initrd;
	const char *append;
	const char *dtb_out; /* optional: write the generated device tree here */
	uint64_t mem_size;
	unsigned smp;
	bool stats;
	bool bios_none;		 /* --bios none: jump straight to the kernel in M mode */
	struct chardev *console; /* the UART's back-end (may be NULL: output dropped) */
	bool console_virtio;	 /* --console virtio: console is virtio-console, UART idle */
	unsigned nvirtio;
	struct vm_virtio_config virtio[VM_MAX_VIRTIO];
};

struct vm {
	struct vm_config cfg;
	struct address_space *as;
	const struct board_ops *board;
	const struct frontend_ops *fe;
	const struct engine_ops *engine;
	void *engine_priv; /* the engine's per-VM state (engine_ops.vm_init) */
	void *board_priv;
	unsigned ncpus;
	struct vcpu *cpus[VM_MAX_CPUS];
	struct vclock clock;
	struct timer_queue *timers;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum vm_state state;
	enum vm_stop_reason stop_reason;
	int host_error;
	char stop_message[160];
};

/* Create a VM from cfg on board, run by engine (chosen by the caller: src/arch/machine.c):
 * RAM, devices, images, vCPUs. NULL with an error logged. */
struct vm *vm_create(const struct vm_config *cfg, const struct board_ops *board,
		     const struct engine_ops *engine);
void vm_destroy(struct vm *vm);
/* Start the vCPUs and wait until the VM stops. Returns 0 or -errno (thread start failed). */
int vm_run(struct vm *vm) __must_check;
/* Any thread: stop the VM with reason (first reason wins). */
void vm_request_stop(struct vm *vm, enum vm_stop_reason reason, const char *msg);
void vm_pause(struct vm *vm);
void vm_resume(struct vm *vm);
enum vm_state vm_get_state(struct vm *vm);
/* vCPU threads: block while paused; returns true if the VM is stopping. */
bool vm_wait_while_paused(struct vm *vm);
bool vm_stopping(struct vm *vm);
/* Ask every vCPU (all or all but self) to honour bits (remote fences). */
void vm_kick_all(struct vm *vm, uint32_t bits, const struct vcpu *except);

#endif
