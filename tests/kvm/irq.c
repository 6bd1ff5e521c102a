/* irq.c - interrupts through the in-kernel IOAPIC and LAPIC: the UART's THR-empty
 * interrupt (FVP drives GSI 4 with KVM_IRQ_LINE) and the in-kernel PIT on GSI 0, including a
 * HLT woken by the timer. */
#include "lib.h"

#define VEC_TIMER 0x20
#define VEC_UART  0x24

static volatile unsigned uart_irqs, timer_irqs;

void irq_handler(unsigned vector)
{
	if (vector == VEC_UART) {
		if ((inb(UART + 2) & 0x0f) == 0x02) { /* IIR: THR empty; reading it clears it */
			uart_irqs++;
			outb(UART + 1, 0);
		}
		lapic_eoi();
		return;
	}
	if (vector == VEC_TIMER) {
		timer_irqs++;
		lapic_eoi();
		return;
	}
	if (vector == 0xff) /* spurious: no EOI */
		return;
	fail("interrupt on an unexpected vector");
}

static void wait_for(volatile unsigned *counter, unsigned n)
{
	for (unsigned long i = 0; i < 4000000000ul && *counter < n; i++)
		cpu_relax();
}

int main(void)
{
	puts_serial("kvm irq test\n");
	idt_init();
	lapic_enable();
	ioapic_route(4, VEC_UART, 0);
	ioapic_route(0, VEC_TIMER, 0);
	__asm__ volatile("sti");

	outb(UART + 1, 0x02); /* IER: THR empty interrupt, pending at once */
	wait_for(&uart_irqs, 1);
	check(uart_irqs == 1, "UART THRE interrupt through IOAPIC pin 4");

	outb(0x43, 0x34);	 /* PIT channel 0, lo/hi byte, mode 2 (rate generator) */
	outb(0x40, 1193 & 0xff); /* 1193182 Hz / 1193: 1 kHz */
	outb(0x40, 1193 >> 8);
	wait_for(&timer_irqs, 10);
	check(timer_irqs >= 10, "10 PIT interrupts through IOAPIC pin 0");
	unsigned before = timer_irqs;
	__asm__ volatile("hlt"); /* IF=1: the next tick wakes us */
	check(timer_irqs > before, "HLT woken by the PIT interrupt");
	__asm__ volatile("cli");
	pass("irq");
}
