/*
 * gdb_monitor.c - the stub's monitor commands (gdb's "monitor CMD", qRcmd):
 * what gdb's own commands cannot show or change. Runs on the stub's thread
 * with every vCPU parked; the output is text for the user.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/frontend_ops.h"
#include "debug/gdb_internal.h"

static const char monitor_help[] =
    "help                     this list\n"
    "info registers           the selected vCPU's state as fvp -d cpu prints it\n"
    "info mmu ADDR            what the selected vCPU's loads at ADDR reach now\n"
    "info breakpoints         the breakpoints and the pages their insertion dropped\n"
    "physical on|off          memory packets use physical addresses (default off)\n"
    "step-irqs on|off         interrupts may be taken during a step (default off)\n";

/* "on"/"off" into *flag, with a confirmation or a usage line in out. */
static void set_flag(const char *what, const char *arg, bool *flag, char *out, size_t size)
{
	if (!strcmp(arg, "on") || !strcmp(arg, "off")) {
		*flag = !strcmp(arg, "on");
		snprintf(out, size, "%s %s\n", what, arg);
	} else {
		snprintf(out, size, "usage: monitor %s on|off\n", what);
	}
}

static void info_registers(struct gdb_stub *s, char *out, size_t size)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		snprintf(out, size, "out of memory\n");
		return;
	}
	s->vm->fe->dump_state(s->vm->cpus[s->g_cpu], f);
	if (fclose(f))
		snprintf(out, size, "out of memory\n");
	else
		snprintf(out, size, "%s", text ? text : "");
	free(text);
}

static void info_mmu(struct gdb_stub *s, const char *arg, char *out, size_t size)
{
	uint64_t vaddr, paddr;
	char *end;

	vaddr = strtoull(arg, &end, 0);
	if (end == arg || *end) {
		snprintf(out, size, "usage: monitor info mmu ADDR\n");
		return;
	}
	if (s->ops->translate(s->vm->cpus[s->g_cpu], vaddr, &paddr))
		snprintf(out, size, "0x%" PRIx64 ": not mapped (vCPU %u)\n", vaddr, s->g_cpu + 1);
	else
		snprintf(out, size, "0x%" PRIx64 " -> physical 0x%" PRIx64 " (vCPU %u)\n", vaddr,
			 paddr, s->g_cpu + 1);
}

static void info_breakpoints(struct gdb_stub *s, char *out, size_t size)
{
	size_t n = (size_t)snprintf(
	    out, size, "%u breakpoint(s); %" PRIu64 " page(s) of translations dropped so far\n",
	    s->dbg->nbreakpoints, s->dbg->pages_invalidated);

	for (unsigned i = 0; i < s->dbg->nbreakpoints && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "  0x%" PRIx64 "\n",
				      s->dbg->breakpoints[i]);
}

void gdb_monitor(struct gdb_stub *s, const char *cmd, char *out, size_t size)
{
	out[0] = '\0';
	if (!strcmp(cmd, "help") || !cmd[0])
		snprintf(out, size, "%s", monitor_help);
	else if (!strcmp(cmd, "info registers"))
		info_registers(s, out, size);
	else if (!strncmp(cmd, "info mmu ", 9))
		info_mmu(s, cmd + 9, out, size);
	else if (!strcmp(cmd, "info breakpoints"))
		info_breakpoints(s, out, size);
	else if (!strncmp(cmd, "physical ", 9))
		set_flag("physical", cmd + 9, &s->physical, out, size);
	else if (!strncmp(cmd, "step-irqs ", 10))
		set_flag("step-irqs", cmd + 10, &s->dbg->step_irqs, out, size);
	else
		snprintf(out, size, "unknown monitor command '%s': try monitor help\n", cmd);
}
