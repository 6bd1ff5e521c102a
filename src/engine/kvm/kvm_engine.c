/*
 * kvm_engine.c - the "kvm" engine: guest code runs on the host CPU under
 * Linux KVM; FVP handles only the exits (port I/O, MMIO, shutdown).
 *
 * The engine names no guest ISA: the board's struct kvm_arch_ops (kvm.h)
 * adds the capabilities, the VM setup (e.g. an in-kernel irqchip, which must
 * exist before any KVM vCPU), the register dump and the wording of messages.
 *
 * One KVM VM per struct vm, created by vm_init and shared, refcounted, by
 * every vCPU. Each vCPU thread loops on KVM_RUN.
 *
 * Kicks: vcpu_kick sets request bits, then our kick op sets the run area's
 * immediate_exit and sends SIGUSR2 (no-op handler) to the vCPU thread, so
 * a vCPU inside KVM_RUN leaves with EINTR and one about to enter it leaves
 * at once. The thread clears immediate_exit before it reads its request
 * bits, so no kick is lost.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "core/log.h"
#include "core/vm.h"
#include "engine/engine.h"
#include "engine/kvm/kvm.h"

#define KVM_KICK_SIGNAL SIGUSR2

struct kvm_machine {
	int sys_fd;
	int vm_fd;
	unsigned refs; /* the VM and its vCPUs; changed only while the VM is built or torn down */
	const struct kvm_arch_ops *arch;
	size_t run_size;
	struct address_space *pio;
};

struct kvm_exit_stats {
	uint64_t runs, io, mmio, intr, other;
};

struct kvm_cpu {
	struct kvm_machine *m;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	bool live; /* thread is in vcpu_run; under cpu->wait_lock */
	struct kvm_exit_stats stats;
};

/* What the engine itself uses on every architecture; the arch's table adds its own. */
static const struct kvm_cap kvm_engine_caps[] = {
    {KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY"},
    {KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT"},
};

/* 0 if /dev/kvm (fd) has every capability in caps, else -ENOTSUP with why filled in. */
static int kvm_check_caps(int fd, const struct kvm_cap *caps, unsigned n,
			  const struct kvm_arch_ops *arch, char *why, size_t len)
{
	for (unsigned i = 0; i < n; i++) {
		if (ioctl(fd, KVM_CHECK_EXTENSION, caps[i].cap) <= 0) {
			snprintf(why, len,
				 "--engine kvm: the host KVM lacks %s: use a newer %s host kernel",
				 caps[i].name, arch->host);
			return -ENOTSUP;
		}
	}
	return 0;
}

/* Open /dev/kvm and check the API and capabilities: fd, or -errno with why filled in. */
static int kvm_open_checked(const struct kvm_arch_ops *arch, char *why, size_t len)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int ret;

	if (fd < 0) {
		ret = -errno;
		if (ret == -ENOENT || ret == -ENODEV || ret == -ENXIO)
			snprintf(why, len,
				 "--engine kvm: /dev/kvm not found: load kvm_intel or kvm_amd (or "
				 "enable nested virtualization for this VM)");
		else if (ret == -EACCES || ret == -EPERM)
			snprintf(
			    why, len,
			    "--engine kvm: /dev/kvm: permission denied: add yourself to the kvm "
			    "group (sudo usermod -aG kvm $USER) and log in again");
		else
			snprintf(why, len, "--engine kvm: cannot open /dev/kvm: %s",
				 strerror(-ret));
		return ret;
	}
	ret = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (ret != KVM_API_VERSION) {
		snprintf(why, len,
			 "--engine kvm: /dev/kvm speaks API version %d, FVP needs %d: "
			 "update the host kernel",
			 ret, KVM_API_VERSION);
		close(fd);
		return -ENOTSUP;
	}
	ret = kvm_check_caps(fd, kvm_engine_caps, ARRAY_SIZE(kvm_engine_caps), arch, why, len);
	if (!ret)
		ret = kvm_check_caps(fd, arch->caps, arch->ncaps, arch, why, len);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

int kvm_probe(const struct kvm_arch_ops *arch, char *why, size_t len)
{
	int fd = kvm_open_checked(arch, why, len);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static struct kvm_machine *kvm_machine_create(const struct kvm_arch_ops *arch)
{
	struct kvm_machine *m = calloc(1, sizeof(*m));
	char why[200];
	int ret;

	if (!m)
		return NULL;
	m->vm_fd = -1;
	m->arch = arch;
	m->sys_fd = kvm_open_checked(arch, why, sizeof(why));
	if (m->sys_fd < 0) {
		log_error("%s", why);
		goto fail;
	}
	ret = ioctl(m->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (ret <= 0) {
		log_error("kvm: KVM_GET_VCPU_MMAP_SIZE failed: %s", strerror(errno));
		goto fail;
	}
	m->run_size = (size_t)ret;
	m->vm_fd = ioctl(m->sys_fd, KVM_CREATE_VM, 0);
	if (m->vm_fd < 0) {
		log_error("kvm: KVM_CREATE_VM failed: %s", strerror(errno));
		goto fail;
	}
	return m;
fail:
	if (m->vm_fd >= 0)
		close(m->vm_fd);
	if (m->sys_fd >= 0)
		close(m->sys_fd);
	free(m);
	return NULL;
}

static void kvm_machine_put(struct kvm_machine *m)
{
	if (!m || --m->refs)
		return;
	close(m->vm_fd);
	close(m->sys_fd);
	free(m);
}

static struct kvm_machine *kvm_of(struct vm *vm)
{
	return vm && vm->engine == &kvm_engine_ops ? vm->engine_priv : NULL;
}

/* The KVM VM, then the arch's setup on it (before any vCPU); vm_fini undoes either. */
static int kvm_vm_init(struct vm *vm)
{
	const struct kvm_arch_ops *arch = vm->board ? vm->board->kvm : NULL;
	struct kvm_machine *m;

	if (!arch) {
		log_error("--engine kvm: the %s board does not run under KVM",
			  vm->board ? vm->board->name : "(no)");
		return -ENODEV;
	}
	m = kvm_machine_create(arch);
	if (!m)
		return -ENODEV; /* logged */
	m->refs = 1;
	vm->engine_priv = m;
	return arch->vm_setup ? arch->vm_setup(vm) : 0; /* logged */
}

static void kvm_vm_fini(struct vm *vm)
{
	kvm_machine_put(vm->engine_priv);
	vm->engine_priv = NULL;
}

int kvm_vm_fd(struct vm *vm)
{
	struct kvm_machine *m = kvm_of(vm);

	return m ? m->vm_fd : -1;
}

int kvm_sys_fd(struct vm *vm)
{
	struct kvm_machine *m = kvm_of(vm);

	return m ? m->sys_fd : -1;
}

int kvm_vcpu_fd(struct vcpu *cpu)
{
	struct kvm_cpu *kc = cpu->engine_priv;

	return kc && cpu->vm && cpu->vm->engine == &kvm_engine_ops ? kc->fd : -1;
}

void kvm_set_pio_space(struct vm *vm, struct address_space *pio)
{
	struct kvm_machine *m = kvm_of(vm);

	if (m)
		m->pio = pio;
}

int kvm_map_ram(struct vm *vm)
{
	struct kvm_machine *m = kvm_of(vm);

	if (!m)
		return -ENODEV;
	for (unsigned i = 0; i < vm->as->nram; i++) {
		const struct ram_region *r = &vm->as->ram[i];
		struct kvm_userspace_memory_region slot = {
		    .slot = i,
		    .guest_phys_addr = r->base,
		    .memory_size = r->size,
		    .userspace_addr = (uint64_t)(uintptr_t)r->host,
		};

		if (ioctl(m->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0) {
			int ret = -errno;

			log_error("kvm: cannot register RAM at 0x%llx (%llu MiB): %s",
				  (unsigned long long)r->base, (unsigned long long)(r->size >> 20),
				  strerror(-ret));
			return ret;
		}
	}
	return 0;
}

void kvm_irq_line_set(void *opaque, unsigned gsi, bool level)
{
	struct kvm_machine *m = kvm_of(opaque);
	struct kvm_irq_level irq = {.irq = gsi, .level = level};

	if (m && ioctl(m->vm_fd, KVM_IRQ_LINE, &irq) < 0)
		log_class(unimp, "kvm: KVM_IRQ_LINE %u failed: %s", gsi, strerror(errno));
}

int kvm_ioeventfd_add(struct vm *vm, uint64_t addr, unsigned len, uint64_t datamatch, int fd)
{
	struct kvm_machine *m = kvm_of(vm);
	struct kvm_ioeventfd io = {
	    .datamatch = datamatch,
	    .addr = addr,
	    .len = len,
	    .fd = fd,
	    .flags = KVM_IOEVENTFD_FLAG_DATAMATCH,
	};

	if (!m)
		return -ENODEV;
	if (ioctl(m->sys_fd, KVM_CHECK_EXTENSION, KVM_CAP_IOEVENTFD) <= 0)
		return -ENOTSUP;
	return ioctl(m->vm_fd, KVM_IOEVENTFD, &io) < 0 ? -errno : 0;
}

int kvm_irqfd_add(struct vm *vm, unsigned gsi, int fd)
{
	struct kvm_machine *m = kvm_of(vm);
	struct kvm_irqfd irqfd = {.fd = (uint32_t)fd, .gsi = gsi};

	if (!m)
		return -ENODEV;
	if (ioctl(m->sys_fd, KVM_CHECK_EXTENSION, KVM_CAP_IRQFD) <= 0)
		return -ENOTSUP;
	return ioctl(m->vm_fd, KVM_IRQFD, &irqfd) < 0 ? -errno : 0;
}

static void kvm_kick_handler(int sig)
{
	(void)sig; /* only makes KVM_RUN return -EINTR */
}

static void kvm_install_kick_handler(void)
{
	struct sigaction sa = {.sa_handler = kvm_kick_handler};

	sigemptyset(&sa.sa_mask);
	sigaction(KVM_KICK_SIGNAL, &sa, NULL);
}

static int kvm_vcpu_init(struct vcpu *cpu)
{
	static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
	struct kvm_cpu *kc = calloc(1, sizeof(*kc));
	int ret;

	if (!kc)
		return -ENOMEM;
	kc->fd = -1;
	kc->m = kvm_of(cpu->vm);
	if (!kc->m) {
		free(kc);
		return -ENODEV; /* logged */
	}
	kc->m->refs++;
	kc->fd = ioctl(kc->m->vm_fd, KVM_CREATE_VCPU, (unsigned long)cpu->id);
	if (kc->fd < 0) {
		ret = -errno;
		goto fail;
	}
	kc->run = mmap(NULL, kc->m->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, kc->fd, 0);
	if (kc->run == MAP_FAILED) {
		ret = -errno;
		kc->run = NULL;
		goto fail;
	}
	pthread_once(&handler_once, kvm_install_kick_handler);
	cpu->engine_priv = kc;
	return 0;
fail:
	if (kc->fd >= 0)
		close(kc->fd);
	kvm_machine_put(kc->m);
	free(kc);
	return ret;
}

static void kvm_vcpu_fini(struct vcpu *cpu)
{
	struct kvm_cpu *kc = cpu->engine_priv;

	if (!kc)
		return;
	if (kc->run)
		munmap(kc->run, kc->m->run_size);
	close(kc->fd);
	kvm_machine_put(kc->m);
	free(kc);
	cpu->engine_priv = NULL;
}

static void kvm_kick(struct vcpu *cpu)
{
	struct kvm_cpu *kc = cpu->engine_priv;

	if (!kc || !kc->run)
		return;
	__atomic_store_n(&kc->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	if (kc->live) /* vcpu_kick holds wait_lock, which guards live */
		pthread_kill(kc->thread, KVM_KICK_SIGNAL);
}

/* One port or MMIO access of 1, 2, 4 or 8 bytes; unmapped reads return all-ones, unmapped
 * writes are dropped. */
static void kvm_access_sized(struct address_space *as, const char *kind, uint64_t addr,
			     uint8_t *data, unsigned size, bool is_write)
{
	uint64_t val = 0;

	if (is_write) {
		memcpy(&val, data, size);
		if (!as || as_store(as, addr, size, val))
			log_class(unimp, "kvm: %s write 0x%llx size %u to nothing", kind,
				  (unsigned long long)addr, size);
		return;
	}
	if (!as || as_load(as, addr, size, &val)) {
		log_class(unimp, "kvm: %s read 0x%llx size %u from nothing", kind,
			  (unsigned long long)addr, size);
		val = ~0ull;
	}
	memcpy(data, &val, size);
}

/* One port or MMIO access; an odd size is done a byte at a time. */
static void kvm_access(struct address_space *as, const char *kind, uint64_t addr, uint8_t *data,
		       unsigned size, bool is_write)
{
	if (size == 1 || size == 2 || size == 4 || size == 8) {
		kvm_access_sized(as, kind, addr, data, size, is_write);
		return;
	}
	for (unsigned i = 0; i < size; i++)
		kvm_access_sized(as, kind, addr + i, data + i, 1, is_write);
}

static void kvm_stop_with(struct vcpu *cpu, enum vm_stop_reason reason, const char *fmt, ...)
    __printf(3, 4);

static void kvm_stop_with(struct vcpu *cpu, enum vm_stop_reason reason, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vm_request_stop(cpu->vm, reason, msg);
}

/* Handle the exit in kc->run: 0 to keep running, 1 when the VM stops. */
static int kvm_handle_exit(struct vcpu *cpu, struct kvm_cpu *kc)
{
	struct kvm_run *run = kc->run;
	const struct kvm_arch_ops *arch = kc->m->arch;

	switch (run->exit_reason) {
	case KVM_EXIT_IO: {
		uint8_t *data = (uint8_t *)run + run->io.data_offset;

		kc->stats.io++;
		for (uint32_t i = 0; i < run->io.count; i++, data += run->io.size)
			kvm_access(kc->m->pio, "port", run->io.port, data, run->io.size,
				   run->io.direction == KVM_EXIT_IO_OUT);
		return 0;
	}
	case KVM_EXIT_MMIO:
		kc->stats.mmio++;
		kvm_access(cpu->vm->as, "MMIO", run->mmio.phys_addr, run->mmio.data, run->mmio.len,
			   run->mmio.is_write);
		return 0;
	case KVM_EXIT_INTR:
		kc->stats.intr++;
		return 0;
	case KVM_EXIT_HLT: /* only without an in-kernel interrupt controller: wait */
		kc->stats.other++;
		vcpu_wait(cpu, 1000000);
		return 0;
	case KVM_EXIT_SHUTDOWN:
		kvm_stop_with(cpu, VM_STOP_ERROR, "guest %s on vCPU %u (%s 0x%llx)", arch->shutdown,
			      cpu->id, arch->pc_name, (unsigned long long)arch->pc(cpu));
		return 1;
	case KVM_EXIT_SYSTEM_EVENT:
		/* A reset ends the run with status 0 like a power-off (docs/KVM.md). */
		if (run->system_event.type == KVM_SYSTEM_EVENT_CRASH)
			kvm_stop_with(cpu, VM_STOP_PANIC, "guest crashed (vCPU %u)", cpu->id);
		else
			vm_request_stop(cpu->vm, VM_STOP_POWEROFF, NULL);
		return 1;
	case KVM_EXIT_FAIL_ENTRY:
		kvm_stop_with(
		    cpu, VM_STOP_ERROR,
		    "KVM cannot enter vCPU %u: hardware reason 0x%llx (invalid CPU state)", cpu->id,
		    (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		return 1;
	case KVM_EXIT_INTERNAL_ERROR:
		kvm_stop_with(cpu, VM_STOP_ERROR, "KVM internal error %u on vCPU %u at %s 0x%llx%s",
			      run->internal.suberror, cpu->id, arch->pc_name,
			      (unsigned long long)arch->pc(cpu),
			      run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION
				  ? " (instruction emulation failed)"
				  : "");
		return 1;
	default:
		kvm_stop_with(cpu, VM_STOP_ERROR, "unhandled KVM exit %u on vCPU %u at %s 0x%llx",
			      run->exit_reason, cpu->id, arch->pc_name,
			      (unsigned long long)arch->pc(cpu));
		return 1;
	}
}

static void kvm_set_live(struct vcpu *cpu, struct kvm_cpu *kc, bool live)
{
	pthread_mutex_lock(&cpu->wait_lock);
	kc->thread = pthread_self();
	kc->live = live;
	pthread_mutex_unlock(&cpu->wait_lock);
}

static int kvm_vcpu_run(struct vcpu *cpu)
{
	struct kvm_cpu *kc = cpu->engine_priv;
	sigset_t kick;
	int ret = 0;

	sigemptyset(&kick);
	sigaddset(&kick, KVM_KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &kick, NULL);
	kvm_set_live(cpu, kc, true);
	for (;;) {
		uint32_t req;

		__atomic_store_n(&kc->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
		req = vcpu_take_requests(cpu);
		if ((req & EXIT_REQ_STOP) || vm_stopping(cpu->vm))
			break;
		if ((req & EXIT_REQ_PAUSE) && vm_wait_while_paused(cpu->vm))
			break;
		kc->stats.runs++;
		if (ioctl(kc->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				kc->stats.intr++;
				continue;
			}
			ret = -errno;
			break;
		}
		if (kvm_handle_exit(cpu, kc))
			break;
	}
	kvm_set_live(cpu, kc, false);
	return ret;
}

static void kvm_print_stats(struct vcpu *const *cpus, unsigned n, double seconds, FILE *out)
{
	fprintf(out, "kvm: %.3f s\n", seconds);
	for (unsigned i = 0; i < n; i++) {
		const struct kvm_cpu *kc = cpus[i]->engine_priv;

		if (!kc)
			continue;
		fprintf(out,
			"  vCPU %u: %llu KVM_RUN, %llu port I/O, %llu MMIO, %llu signal, "
			"%llu other exits\n",
			i, (unsigned long long)kc->stats.runs, (unsigned long long)kc->stats.io,
			(unsigned long long)kc->stats.mmio, (unsigned long long)kc->stats.intr,
			(unsigned long long)kc->stats.other);
		kc->m->arch->dump_regs(cpus[i], out); /* where a stuck guest is */
	}
}

const struct engine_ops kvm_engine_ops = {
    .name = "kvm",
    .vm_init = kvm_vm_init,
    .vm_fini = kvm_vm_fini,
    .vcpu_init = kvm_vcpu_init,
    .vcpu_fini = kvm_vcpu_fini,
    .vcpu_run = kvm_vcpu_run,
    .print_stats = kvm_print_stats,
    .kick = kvm_kick,
};
