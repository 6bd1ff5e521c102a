/*
 * vm_config.h - what a VM is built from: the options of the command line (or,
 * later, an API request) as plain data, apart from the VM's run-time state.
 *
 * The lowest layer: it includes no other FVP header, so the VM core, the
 * devices that take their part of it (drives, network back-ends) and the
 * front ends that fill it in all see the same structs. Strings point into
 * storage the caller keeps for the VM's lifetime (argv for the CLI).
 */
#ifndef FVP_CONFIG_VM_CONFIG_H
#define FVP_CONFIG_VM_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

struct chardev;

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
	bool restricted;    /* user: no traffic to the host or beyond but forwards, DHCP, DNS */
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

/* --seccomp: each thread's system-call filter (core/sandbox.h). ON, the default, is 0. */
enum vm_seccomp {
	VM_SECCOMP_ON,	/* a forbidden call stops FVP with a message */
	VM_SECCOMP_LOG, /* a forbidden call is logged by the kernel (audit) and runs */
	VM_SECCOMP_OFF, /* no filter */
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
	uint64_t
	    tb_size; /* translation memory (IR blocks and compiled code) of the VM; 0: default */
	unsigned smp;
	bool stats;
	bool bios_none;	   /* --bios none: jump straight to the kernel in M mode */
	bool start_paused; /* --paused: vm_start leaves the vCPUs parked until vm_resume */
	enum vm_seccomp seccomp;
	struct chardev *console; /* the UART's back-end (may be NULL: output dropped) */
	bool console_virtio;	 /* --console virtio: console is virtio-console, UART idle */
	unsigned nvirtio;
	struct vm_virtio_config virtio[VM_MAX_VIRTIO];
};

#endif
