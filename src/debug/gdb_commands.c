/*
 * gdb_commands.c - what each packet of gdb's remote protocol does to the VM.
 *
 * Runs on the stub's thread while every vCPU is parked (the stub paused the VM
 * before answering anything but Ctrl-C), so it reads and writes vCPU state and
 * the breakpoint table directly. Threads are vCPUs: gdb thread id = index + 1.
 * Unknown packets get the empty reply, malformed ones "E01"; nothing a
 * debugger sends can stop the VM but 'k'.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "core/frontend_ops.h"
#include "core/memory.h"
#include "debug/gdb_internal.h"
#include "mem/soft_cpu.h"

#define SIGINT_GDB  2
#define SIGTRAP_GDB 5
#define REG_BYTES   16	       /* the largest register a frontend describes */
#define WATCH_MAX   (1u << 20) /* bytes one watchpoint may cover */

static int send_error(struct gdb_stub *s)
{
	return gdb_send_str(s, "E01");
}

int gdb_send_stop_reply(struct gdb_stub *s)
{
	char reply[64];
	int sig = s->last.kind == DEBUG_STOP_INTERRUPT ? SIGINT_GDB : SIGTRAP_GDB;

	static const char *const watch_name[] = {[DEBUG_WATCH_WRITE] = "watch",
						 [DEBUG_WATCH_READ] = "rwatch",
						 [DEBUG_WATCH_ACCESS] = "awatch"};
	int n = snprintf(reply, sizeof(reply), "T%02xthread:%x;", sig, s->last.cpu + 1);

	if (s->last.kind == DEBUG_STOP_WATCH)
		snprintf(reply + n, sizeof(reply) - (size_t)n, "%s:%llx;",
			 watch_name[s->last.watch], (unsigned long long)s->last.addr);
	return gdb_send_str(s, reply);
}

void gdb_resume(struct gdb_stub *s)
{
	debug_begin_resume(s->dbg);
	s->running = true;
	vm_resume(s->vm);
}

/* A thread id: "-1" (all) -> -1, "0" (any) -> the first vCPU, else index; -EINVAL. */
static int parse_thread(struct gdb_stub *s, const char *p, long *cpu)
{
	uint64_t tid;
	const char *end;

	if (!strcmp(p, "-1")) {
		*cpu = -1;
		return 0;
	}
	if (gdb_parse_hex(p, &end, &tid) || *end || tid > s->vm->ncpus)
		return -EINVAL;
	*cpu = tid ? (long)tid - 1 : 0;
	return 0;
}

static struct vcpu *cpu_of(struct gdb_stub *s, unsigned index)
{
	return s->vm->cpus[index < s->vm->ncpus ? index : 0];
}

static int read_all_regs(struct gdb_stub *s)
{
	struct vcpu *cpu = cpu_of(s, s->g_cpu);
	size_t off = 0;

	for (unsigned r = 0; r < s->ops->g_regs; r++) {
		uint8_t val[REG_BYTES];
		int n = s->ops->read_reg(cpu, r, val, sizeof(val));

		if (n < 0 || off + 2 * (size_t)n >= sizeof(s->reply))
			return send_error(s);
		gdb_hex_encode(s->reply + off, val, (size_t)n);
		off += 2 * (size_t)n;
	}
	return gdb_send(s, s->reply, off);
}

static int write_all_regs(struct gdb_stub *s, const char *hex)
{
	struct vcpu *cpu = cpu_of(s, s->g_cpu);
	size_t avail = strlen(hex) / 2;

	for (unsigned r = 0; r < s->ops->g_regs; r++) {
		uint8_t val[REG_BYTES];
		int n = s->ops->read_reg(cpu, r, val, sizeof(val)); /* its size */

		if (n < 0 || (size_t)n > avail)
			break;
		if (gdb_hex_decode(val, hex, (size_t)n) ||
		    s->ops->write_reg(cpu, r, val, (size_t)n))
			return send_error(s);
		hex += 2 * n;
		avail -= (size_t)n;
	}
	return gdb_send_str(s, "OK");
}

static int read_reg(struct gdb_stub *s, const char *p)
{
	uint8_t val[REG_BYTES];
	uint64_t regno;
	const char *end;
	int n;

	if (gdb_parse_hex(p, &end, &regno) || *end || regno > UINT32_MAX)
		return send_error(s);
	n = s->ops->read_reg(cpu_of(s, s->g_cpu), (unsigned)regno, val, sizeof(val));
	if (n < 0)
		return send_error(s);
	gdb_hex_encode(s->reply, val, (size_t)n);
	return gdb_send_str(s, s->reply);
}

static int write_reg(struct gdb_stub *s, const char *p)
{
	uint8_t val[REG_BYTES];
	uint64_t regno;
	const char *end;
	size_t n;

	if (gdb_parse_hex(p, &end, &regno) || *end != '=' || regno > UINT32_MAX)
		return send_error(s);
	n = strlen(end + 1) / 2;
	if (!n || n > sizeof(val) || gdb_hex_decode(val, end + 1, n) ||
	    s->ops->write_reg(cpu_of(s, s->g_cpu), (unsigned)regno, val, n))
		return send_error(s);
	return gdb_send_str(s, "OK");
}

/* Copy len bytes at the debugger's address addr (virtual through the Hg vCPU, or physical)
 * to or from buf, page by page; returns how many were copied. */
static size_t access_memory(struct gdb_stub *s, uint64_t addr, uint8_t *buf, size_t len, bool write)
{
	size_t done = 0;

	while (done < len) {
		uint64_t va = addr + done, pa = va;
		size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));

		if (chunk > len - done)
			chunk = len - done;
		if (!s->physical && s->ops->translate(cpu_of(s, s->g_cpu), va, &pa))
			break;
		if (write ? as_write(s->vm->as, pa, buf + done, chunk)
			  : as_read(s->vm->as, pa, buf + done, chunk))
			break;
		done += chunk;
	}
	return done;
}

/* "ADDR,LEN" then *end at what follows. */
static int parse_addr_len(const char *p, const char **end, uint64_t *addr, uint64_t *len)
{
	if (gdb_parse_hex(p, end, addr) || **end != ',' || gdb_parse_hex(*end + 1, end, len))
		return -EINVAL;
	return 0;
}

static int read_memory(struct gdb_stub *s, const char *p)
{
	static uint8_t data[GDB_PACKET_MAX / 2];
	uint64_t addr, len;
	const char *end;
	size_t got;

	if (parse_addr_len(p, &end, &addr, &len) || *end)
		return send_error(s);
	if (len > sizeof(data))
		len = sizeof(data);
	got = access_memory(s, addr, data, len, false);
	if (!got && len)
		return gdb_send_str(s, "E14");
	gdb_hex_encode(s->reply, data, got);
	return gdb_send(s, s->reply, 2 * got);
}

/* M (hex) and X (binary) writes. */
static int write_memory(struct gdb_stub *s, const char *p, size_t plen, bool binary)
{
	static uint8_t data[GDB_PACKET_MAX];
	uint64_t addr, len;
	const char *end;
	size_t have;

	if (parse_addr_len(p, &end, &addr, &len) || *end != ':')
		return send_error(s);
	end++;
	have = plen - (size_t)(end - p);
	if (len > sizeof(data) || (binary ? have < len : have < 2 * len))
		return send_error(s);
	if (binary)
		memcpy(data, end, len);
	else if (gdb_hex_decode(data, end, len))
		return send_error(s);
	if (access_memory(s, addr, data, len, true) != len)
		return gdb_send_str(s, "E14");
	return gdb_send_str(s, "OK");
}

/* A new breakpoint at addr: drop the translations of its page, as each vCPU maps it now. */
static void drop_page_translations(struct gdb_stub *s, uint64_t addr)
{
	for (unsigned i = 0; i < s->vm->ncpus; i++) {
		uint64_t pa;
		uint32_t *word;

		if (s->ops->translate(s->vm->cpus[i], addr, &pa))
			continue;
		word = as_page_word(s->vm->as, pa);
		if (word && (__atomic_load_n(word, __ATOMIC_ACQUIRE) & PAGE_CODE)) {
			page_word_note_store(word);
			s->dbg->pages_invalidated++;
		}
	}
}

/* A watchpoint on [addr, addr + len) changed: every vCPU's TLB forgets its pages, so their
 * next loads and stores there take the soft MMU's slow path (which checks them). */
static void drop_watched_tlb(struct gdb_stub *s, uint64_t addr, uint64_t len)
{
	for (uint64_t page = addr & PAGE_MASK; page < addr + len; page += PAGE_SIZE)
		for (unsigned i = 0; i < s->vm->ncpus; i++)
			vcpu_tlb_flush_page(soft_cpu_of(s->vm->cpus[i]), page);
}

/* Z2/Z3/Z4 (write, read, access watchpoints) and their z removal. */
static int watchpoint(struct gdb_stub *s, enum debug_watch_kind kind, uint64_t addr, uint64_t len,
		      bool insert)
{
	int ret;

	if (len > WATCH_MAX)
		return send_error(s);
	ret = insert ? debug_watch_insert(s->dbg, addr, len, kind)
		     : debug_watch_remove(s->dbg, addr, len, kind);
	if (ret == -ENOENT)
		ret = 0;
	if (!ret)
		drop_watched_tlb(s, addr, len);
	return ret ? send_error(s) : gdb_send_str(s, "OK");
}

/* Z0/Z1 insert, z0/z1 remove: both kinds are matched by address at translation time. */
static int breakpoint(struct gdb_stub *s, const char *p, bool insert)
{
	uint64_t addr, kind;
	const char *end;
	int ret;

	if (p[0] < '0' || p[0] > '4')
		return gdb_send_str(s, "");
	if (p[1] != ',' || parse_addr_len(p + 2, &end, &addr, &kind) || *end)
		return send_error(s);
	if (p[0] >= '2')
		return watchpoint(s, (enum debug_watch_kind)(p[0] - '0'), addr, kind, insert);
	if (insert) {
		ret = debug_breakpoint_insert(s->dbg, addr);
		if (!ret)
			drop_page_translations(s, addr);
	} else {
		ret = debug_breakpoint_remove(s->dbg, addr);
		ret = ret == -ENOENT ? 0 : ret;
	}
	return ret ? send_error(s) : gdb_send_str(s, "OK");
}

/* One vCont action ("c", "s", "C05", "S05", "t", optionally ":TID") applied to the vCPUs
 * it names that no earlier action named. */
static int vcont_action(struct gdb_stub *s, const char *act, bool *named)
{
	enum debug_action a;
	const char *colon = strchr(act, ':');
	long cpu = -1;

	switch (act[0]) {
	case 'c':
	case 'C':
		a = DEBUG_RUN;
		break;
	case 's':
	case 'S':
		a = DEBUG_STEP;
		break;
	case 't':
		a = DEBUG_HOLD;
		break;
	default:
		return -EINVAL;
	}
	if (colon && parse_thread(s, colon + 1, &cpu))
		return -EINVAL;
	for (unsigned i = 0; i < s->vm->ncpus; i++) {
		if (named[i] || (cpu >= 0 && (unsigned long)cpu != i))
			continue;
		named[i] = true;
		s->dbg->action[i] = a;
	}
	return 0;
}

static int vcont(struct gdb_stub *s, char *p)
{
	bool named[DEBUG_MAX_CPUS] = {false};
	char *save = NULL;

	for (unsigned i = 0; i < s->vm->ncpus; i++)
		s->dbg->action[i] = DEBUG_HOLD;
	for (char *act = strtok_r(p, ";", &save); act; act = strtok_r(NULL, ";", &save))
		if (vcont_action(s, act, named))
			return send_error(s);
	gdb_resume(s);
	return 0;
}

/* Old-style c and s: continue every vCPU, or step the Hc one. */
static int resume_simple(struct gdb_stub *s, bool step)
{
	for (unsigned i = 0; i < s->vm->ncpus; i++)
		s->dbg->action[i] = step ? (i == s->c_cpu ? DEBUG_STEP : DEBUG_HOLD) : DEBUG_RUN;
	gdb_resume(s);
	return 0;
}

static int v_packet(struct gdb_stub *s, char *p)
{
	if (!strcmp(p, "vCont?"))
		return gdb_send_str(s, "vCont;c;C;s;S;t");
	if (!strncmp(p, "vCont;", 6))
		return vcont(s, p + 6);
	return gdb_send_str(s, "");
}

static int select_thread(struct gdb_stub *s, const char *p)
{
	long cpu;

	if ((p[0] != 'g' && p[0] != 'c') || parse_thread(s, p + 1, &cpu))
		return send_error(s);
	if (cpu >= 0) {
		if (p[0] == 'g')
			s->g_cpu = (unsigned)cpu;
		else
			s->c_cpu = (unsigned)cpu;
	}
	return gdb_send_str(s, "OK");
}

static int thread_alive(struct gdb_stub *s, const char *p)
{
	long cpu;

	return parse_thread(s, p, &cpu) ? send_error(s) : gdb_send_str(s, "OK");
}

static int xfer_features(struct gdb_stub *s, const char *p)
{
	static const char annex[] = "target.xml:";
	const char *xml = s->ops->target_xml, *end;
	size_t total = strlen(xml);
	uint64_t off, len;

	if (strncmp(p, annex, sizeof(annex) - 1) != 0 ||
	    parse_addr_len(p + sizeof(annex) - 1, &end, &off, &len) || *end)
		return gdb_send_str(s, "E00");
	if (off >= total)
		return gdb_send_str(s, "l");
	if (len > GDB_PACKET_MAX - 1)
		len = GDB_PACKET_MAX - 1;
	if (len > total - off)
		len = total - off;
	s->reply[0] = off + len < total ? 'm' : 'l';
	memcpy(s->reply + 1, xml + off, len);
	return gdb_send(s, s->reply, len + 1);
}

static int thread_list(struct gdb_stub *s)
{
	size_t n = 0;

	s->reply[n++] = 'm';
	for (unsigned i = 0; i < s->vm->ncpus; i++)
		n += (size_t)snprintf(s->reply + n, sizeof(s->reply) - n, "%s%x", i ? "," : "",
				      i + 1);
	return gdb_send(s, s->reply, n);
}

static int thread_extra_info(struct gdb_stub *s, const char *p)
{
	char text[96];
	long cpu;

	if (parse_thread(s, p, &cpu) || cpu < 0)
		return send_error(s);
	s->ops->describe(s->vm->cpus[cpu], text, sizeof(text));
	gdb_hex_encode(s->reply, (const uint8_t *)text, strlen(text));
	return gdb_send_str(s, s->reply);
}

static int monitor(struct gdb_stub *s, const char *hex)
{
	static char cmd[512], out[GDB_PACKET_MAX / 2];
	size_t n = strlen(hex) / 2;

	if (n >= sizeof(cmd) || gdb_hex_decode((uint8_t *)cmd, hex, n))
		return send_error(s);
	cmd[n] = '\0';
	gdb_monitor(s, cmd, out, sizeof(out));
	if (!out[0])
		return gdb_send_str(s, "OK");
	gdb_hex_encode(s->reply, (const uint8_t *)out, strlen(out));
	return gdb_send_str(s, s->reply);
}

static int q_packet(struct gdb_stub *s, const char *p)
{
	if (!strncmp(p, "qSupported", 10))
		return gdb_send_str(s, "PacketSize=4000;qXfer:features:read+;vContSupported+;"
				       "QStartNoAckMode+");
	if (!strncmp(p, "qXfer:features:read:", 20))
		return xfer_features(s, p + 20);
	if (!strcmp(p, "qfThreadInfo"))
		return thread_list(s);
	if (!strcmp(p, "qsThreadInfo"))
		return gdb_send_str(s, "l");
	if (!strncmp(p, "qThreadExtraInfo,", 17))
		return thread_extra_info(s, p + 17);
	if (!strcmp(p, "qC")) {
		char reply[32];

		snprintf(reply, sizeof(reply), "QC%x", s->g_cpu + 1);
		return gdb_send_str(s, reply);
	}
	if (!strcmp(p, "qAttached"))
		return gdb_send_str(s, "1");
	if (!strncmp(p, "qSymbol", 7))
		return gdb_send_str(s, "OK");
	if (!strncmp(p, "qRcmd,", 6))
		return monitor(s, p + 6);
	return gdb_send_str(s, "");
}

int gdb_handle_packet(struct gdb_stub *s, char *pkt, size_t len)
{
	switch (pkt[0]) {
	case '?':
		return gdb_send_stop_reply(s);
	case 'g':
		return read_all_regs(s);
	case 'G':
		return write_all_regs(s, pkt + 1);
	case 'p':
		return read_reg(s, pkt + 1);
	case 'P':
		return write_reg(s, pkt + 1);
	case 'm':
		return read_memory(s, pkt + 1);
	case 'M':
		return write_memory(s, pkt + 1, len - 1, false);
	case 'X':
		return write_memory(s, pkt + 1, len - 1, true);
	case 'Z':
	case 'z':
		return breakpoint(s, pkt + 1, pkt[0] == 'Z');
	case 'c':
	case 's':
		return resume_simple(s, pkt[0] == 's');
	case 'v':
		return v_packet(s, pkt);
	case 'H':
		return select_thread(s, pkt + 1);
	case 'T':
		return thread_alive(s, pkt + 1);
	case 'q':
		return q_packet(s, pkt);
	case 'Q':
		if (!strcmp(pkt, "QStartNoAckMode")) {
			int ret = gdb_send_str(s, "OK");
			s->no_ack = true;
			return ret;
		}
		return gdb_send_str(s, "");
	case 'D':
		s->detach = true;
		return gdb_send_str(s, "OK");
	case 'k':
		s->detach = true;
		vm_request_stop(s->vm, VM_STOP_USER, "killed by the debugger");
		return 0;
	default:
		return gdb_send_str(s, "");
	}
}
