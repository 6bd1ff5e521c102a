/* Entry of the bare-metal x86-64 KVM tests (FVP enters _start in long mode with the boot
 * GDT: CS 0x10), 256 interrupt stubs, and the real-mode AP trampoline at 0x8000. */
	.section .text.start, "ax"
	.code64
	.globl _start
_start:
	lea stack_top(%rip), %rsp
	xor %ebp, %ebp
	call main
1:	hlt
	jmp 1b

	.text
/* Stub v (16 bytes each, at isr_stubs + 16 * v) calls isr_dispatch(v). */
	.align 16
	.globl isr_stubs
isr_stubs:
	.set vec, 0
	.rept 256
	.align 16
	pushq %rdi
	movl $vec, %edi
	jmp isr_common
	.set vec, vec + 1
	.endr

isr_common:
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	call isr_dispatch
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	popq %rdi
	iretq

	.bss
	.align 16
	.space 16384
stack_top:

/* APs start here in real mode (SIPI vector 8: CS 0x800, IP 0): record the APIC id from
 * CPUID leaf 1 in ap_mask, count in ap_count, and halt. */
	.section .trampoline, "ax"
	.code16
	.globl ap_trampoline
ap_trampoline:
	cli
	movw %cs, %ax
	movw %ax, %ds
	movl $1, %eax
	cpuid
	shrl $24, %ebx
	lock btsl %ebx, (ap_mask - ap_trampoline)
	lock incl (ap_count - ap_trampoline)
2:	hlt
	jmp 2b
	/* the data a line away from the code: a software CPU fetches up to 16 bytes past an
	 * instruction, which must not race with the other APs' locked writes (TSan) */
	.balign 64
	.globl ap_mask
ap_mask:
	.long 0
	.globl ap_count
ap_count:
	.long 0
	.code64
