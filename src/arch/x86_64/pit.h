/*
 * pit.h - the 8254 programmable interval timer at ports 0x40-0x43 and its gate/output bits in
 * port 0x61 (NMI status and control: channel 2's gate, the speaker, OUT2).
 */
#ifndef FVP_ARCH_X86_64_PIT_H
#define FVP_ARCH_X86_64_PIT_H

#include "core/clock.h"
#include "core/memory.h"

#define PIT_HZ	     1193182ull
#define PIT_PORT     0x40
#define PIT_PORTS    4
#define PIT_PORT_61H 0x61

struct pit;

/* irq0: channel 0's output (pulsed at each terminal count). */
struct pit *pit_create(struct timer_queue *timers, const struct vclock *clock,
		       struct irq_line irq0);
void pit_destroy(struct pit *p);

extern const struct mmio_ops pit_mmio_ops;	  /* ports 0x40-0x43 */
extern const struct mmio_ops pit_port61_mmio_ops; /* port 0x61 */

#endif
