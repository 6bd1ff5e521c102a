/* pvh64.S - the bench guest's entry under QEMU, whose -kernel takes an ELF only through its
 * PVH note: QEMU enters pvh64_entry in 32-bit protected mode with paging off. It maps the
 * first GiB (2 MiB pages, identity), loads a GDT with 64-bit code at 0x10 and data at 0x18,
 * enters long mode and jumps to _start (tests/kvm/start.S) in the state FVP enters it. */
	.section .note.pvh, "a"
	.align 4
	.long 4, 4, 18 /* namesz, descsz, XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long pvh64_entry

	.section .text.pvh, "ax"
	.code32
	.globl pvh64_entry
pvh64_entry:
	cli
	mov $pd64, %edi
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax /* present, writable, 2 MiB */
	mov %eax, (%edi,%ecx,8)
	movl $0, 4(%edi,%ecx,8)
	inc %ecx
	cmp $512, %ecx
	jne 1b
	movl $pd64 + 3, pdpt64
	movl $pdpt64 + 3, pml4_64
	mov $pml4_64, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $0x20, %eax /* PAE */
	mov %eax, %cr4
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax /* EFER.LME */
	wrmsr
	lgdt gdt64_ptr
	mov %cr0, %eax
	or $0x80000001, %eax /* PG, PE */
	mov %eax, %cr0
	ljmp $0x10, $long64

	.code64
long64:
	mov $0x18, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	jmp _start

	.section .rodata
	.align 8
gdt64:
	.quad 0, 0
	.quad 0x00af9b000000ffff /* 0x10: 64-bit code */
	.quad 0x00cf93000000ffff /* 0x18: data */
gdt64_ptr:
	.word gdt64_ptr - gdt64 - 1
	.long gdt64

	.section .bss
	.align 4096
pml4_64:
	.space 4096
pdpt64:
	.space 4096
pd64:
	.space 4096
