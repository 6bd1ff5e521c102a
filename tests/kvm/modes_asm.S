/* The mode walk of modes.c (called as modes_run() from 64-bit C code): long mode ->
 * compatibility mode -> 32-bit protected mode (paging off, EFER.LME clear) -> 16-bit protected
 * mode -> real mode -> 32-bit protected mode -> long mode, storing what the code computes in
 * each mode in mode_results[] (32-bit words), which modes.c prints. With do_int (the
 * argument) nonzero it also takes interrupts and exceptions: int 0x80 in real mode through
 * the IVT, int 0x20, #UD, #GP and into through 32-bit gates in protected mode, salc, and the
 * BCD instructions in real mode.
 *
 * The code lives in the trampoline section (0x8000, below 64 KiB), so real-mode code runs with
 * CS 0 and its offsets are the linear addresses; a far call and segment loads use other
 * segment values on purpose. Own GDT (the boot GDT's 64-bit code and data selectors 0x10 and
 * 0x18 at the same places, so restoring it at the end changes nothing that is loaded). */
#define RES(n) (mode_results + 4 * (n))
#define REAL_SEG 0x800 /* a real-mode segment whose base is the trampoline's start */
#define STACK_SEG 0x600
#define IDT32 0x3000 /* a 32-bit IDT built at run time (free low RAM) */

/* A 32-bit interrupt gate for vector vec to handler (code selector 0x30). */
.macro GATE vec, handler
	movl $(0x300000 + \handler), IDT32 + 8 * \vec
	movl $0x8e00, IDT32 + 8 * \vec + 4
.endm

	.section .trampoline, "ax"
	.code64
	.globl modes_run
modes_run:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, saved_rsp(%rip)
	mov %edi, do_int(%rip)
	mov %cr3, %rax
	mov %rax, saved_cr3(%rip)
	sgdt saved_gdt(%rip)
	sidt saved_idt(%rip)
	lgdt gdt_desc(%rip)
	pushq $0x30 /* to compatibility mode: a far return to 32-bit code */
	lea compat(%rip), %rax
	push %rax
	lretq

	.code32
compat:
	mov $0x12345678, %eax
	add $0x11111111, %eax
	mov %eax, RES(0)
	inc %eax /* 0x40: inc, not REX, outside 64-bit mode */
	dec %ecx
	mov %eax, RES(1)
	/* leave long mode: paging off (EFER.LMA clears), then EFER.LME off */
	mov %cr0, %eax
	and $0x7fffffff, %eax
	mov %eax, %cr0
	mov $0xc0000080, %ecx
	rdmsr
	and $~0x100, %eax
	wrmsr
	mov $0x18, %ax
	mov %ax, %ss
	mov $stack32, %esp
	pushl $0xabcd1234
	popl %eax
	mov %eax, RES(2)
	ljmp $0x08, $pm16

	.code16
pm16:
	mov $0x20, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %cr0, %eax
	and $~1, %eax
	mov %eax, %cr0
	ljmp $0, $real

real:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov $STACK_SEG, %ax
	mov %ax, %ss
	mov $0x0ff0, %sp
	lidt ivt_desc
	/* 16-bit arithmetic: carry out of 16 bits */
	mov $0xfff0, %ax
	add $0x20, %ax
	sbb %dx, %dx
	mov %ax, RES(3)
	mov %dx, RES(3) + 2
	/* bx+si addressing */
	mov $table, %bx
	mov $4, %si
	mov (%bx,%si), %ax
	mov %ax, RES(4)
	mov 2(%bx,%si), %ax
	mov %ax, RES(4) + 2
	/* segment arithmetic: ds = REAL_SEG reads the table at offset table - 0x8000 */
	mov $REAL_SEG, %ax
	mov %ax, %ds
	mov (table - 0x8000 + 2), %ax
	xor %cx, %cx
	mov %cx, %ds
	mov %ax, RES(5)
	/* the stack segment: bp-based addressing defaults to ss */
	pushw $0x4321
	mov %sp, %bp
	mov (%bp), %ax
	mov %sp, RES(6)
	mov %ax, RES(6) + 2
	popw %ax
	/* a far call into segment REAL_SEG, which returns its cs */
	lcall $REAL_SEG, $(far_func - 0x8000)
	mov %ax, RES(7)
	mov %dx, RES(7) + 2
	/* a software interrupt through the IVT */
	movw $int_handler, 0x80 * 4
	movw $0, 0x80 * 4 + 2
	mov $5, %ax
	cmpw $0, do_int
	je 2f
	int $0x80
2:	mov %ax, RES(8)
	/* 32-bit operands in 16-bit code; rep movsb from ds:si to es:di with es = REAL_SEG */
	movl $0x89abcdef, %eax
	rorl $8, %eax
	mov %eax, RES(9)
	mov $REAL_SEG, %ax
	mov %ax, %es
	mov $table, %si
	mov $(copy - 0x8000), %di
	mov $4, %cx
	cld
	rep movsb
	xor %ax, %ax
	mov %ax, %es
	mov copy, %eax
	mov %eax, RES(10)
	/* push/pop of segment registers, pusha/popa, loop on cx */
	push %ss
	pop %es
	mov %es, RES(11)
	xor %ax, %ax
	mov %ax, %es
	mov $3, %cx
	xor %dx, %dx
1:	add %cx, %dx
	loop 1b
	mov $0x1111, %di
	pusha
	xor %di, %di
	popa
	mov %di, RES(12)
	mov %dx, RES(12) + 2
	/* BCD (second walk: this host's nested KVM cannot emulate it in real mode): daa after
	 * 0x38 + 0x45, das after 0x83 - 0x38, aaa after 9 + 8, aam, aad */
	cmpw $0, do_int
	je 4f
	mov $0x38, %al
	add $0x45, %al
	daa
	mov %al, RES(22)
	mov $0x83, %al
	sub $0x38, %al
	das
	mov %al, RES(22) + 1
	mov $9, %ax
	add $8, %al
	aaa
	mov %ax, RES(22) + 2
	mov $63, %al
	aam
	mov %ax, RES(23)
	aad
	mov %ax, RES(23) + 2
	pushf
	pop %ax
	and $0xc4, %ax /* SF ZF PF of aad */
	mov %ax, RES(24)
4:
	/* back to protected mode: 32-bit code */
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x30, $pm32

	.code32
pm32:
	mov $0x18, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $stack32, %esp
	/* a data segment with base 0x1000 */
	mov $0x28, %ax
	mov %ax, %fs
	mov %fs:(table - 0x1000), %eax
	mov %eax, RES(13)
	imul $7, %eax, %eax
	mov %eax, RES(14)
	call near_func
	mov %eax, RES(15)
	/* 32-bit IDT: int 0x20, #UD (no error code), #GP (error code: the selector) */
	cmpl $0, do_int
	je 3f
	GATE 0x20, isr_int
	GATE 6, isr_ud
	GATE 13, isr_gp
	lidt idt32_desc
	int $0x20
	mov %ebx, RES(17)
	ud2
	mov %ebx, RES(18)
	mov $0x78, %ax /* beyond the GDT's limit */
	mov %ax, %ds
	mov %ecx, RES(19)
	GATE 4, isr_of /* into: a trap only when OF is set */
	xor %ebx, %ebx
	mov $0x10, %al
	add $1, %al
	into
	mov $0x7f, %al
	add $1, %al
	into
	mov %ebx, RES(20)
	stc
	.byte 0xd6 /* salc */
	mov %al, RES(21)
	clc
	.byte 0xd6 /* salc */
	mov %al, RES(21) + 1
3:	mov $0x18, %ax
	mov %ax, %fs
	/* long mode again: PAE, CR3, EFER.LME, then paging (sets EFER.LMA) */
	mov %cr4, %eax
	or $0x20, %eax
	mov %eax, %cr4
	mov saved_cr3, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	mov $0xc0000080, %ecx
	rdmsr
	mov %eax, RES(16)
	ljmp $0x10, $long64

	.code64
long64:
	lgdt saved_gdt(%rip)
	lidt saved_idt(%rip)
	mov saved_rsp(%rip), %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

	.code32
near_func:
	mov $0x55aa, %eax
	ret

isr_int:
	mov $0x2020, %ebx
	iret
isr_ud:
	addl $2, (%esp) /* past the ud2 */
	mov $0x0606, %ebx
	iret
isr_of:
	add $0x0404, %ebx
	iret
isr_gp:
	pop %ecx /* the error code */
	addl $2, (%esp) /* past the mov to ds */
	iret

	.code16
far_func:
	mov %cs, %ax
	mov $0x7777, %dx
	lret

int_handler:
	add %ax, %ax
	add $1, %ax /* 5 -> 11 */
	iret

	.align 8
gdt:
	.quad 0
	.quad 0x00009b000000ffff /* 0x08: 16-bit code, base 0, 64 KiB */
	.quad 0x00af9b000000ffff /* 0x10: 64-bit code */
	.quad 0x00cf93000000ffff /* 0x18: flat data */
	.quad 0x000093000000ffff /* 0x20: 16-bit data, base 0, 64 KiB */
	.quad 0x00cf93001000ffff /* 0x28: data, base 0x1000 */
	.quad 0x00cf9b000000ffff /* 0x30: flat 32-bit code */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.quad gdt
ivt_desc:
	.word 0x3ff
	.long 0
idt32_desc:
	.word 0x21 * 8 - 1
	.long IDT32
saved_gdt:
	.word 0
	.quad 0
saved_idt:
	.word 0
	.quad 0
	.align 8
saved_rsp:
	.quad 0
saved_cr3:
	.quad 0
do_int:
	.long 0
table:
	.word 0x1111, 0x2222, 0x3333, 0x4444
copy:
	.long 0
	.globl mode_results
	.align 4
mode_results:
	.fill 25, 4, 0
	.align 16
	.fill 64, 4, 0
stack32:
