/* PVH boot check: FVP enters pvh_entry (named by the XEN_ELFNOTE_PHYS32_ENTRY note below) in
 * 32-bit protected mode with paging off and ebx = hvm_start_info. Run with
 * `--initrd pvh-initrd.txt --append pvh-cmdline`: checks the CPU mode, the start info
 * (magic, version 1, the memory map with low RAM at 0, the command line, the initrd as module
 * 0 with its size and first bytes, rsdp_paddr at the ACPI RSDP), then prints "PASS (pvh)" and
 * resets through the i8042.
 * A failed check prints "FAIL: <what>" and ends through the test device (exit status 3). */
#define UART 0x3f8
#define TEST_DEVICE 0xd0000000
#define HVM_START_MAGIC 0x336ec578
#define INITRD_SIZE 15 /* "FVP-PVH-INITRD\n" */

	.section .note.pvh, "a"
	.align 4
	.long 4, 4, 18 /* namesz, descsz, XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long pvh_entry

	.section .text.start, "ax"
	.code32
	.globl pvh_entry
pvh_entry:
	cli
	mov $stack_top, %esp
	mov %ebx, %ebp /* start info, kept in ebp */

	mov %cr0, %eax
	mov $msg_mode, %esi
	test $0x80000000, %eax /* paging off */
	jnz fail
	test $1, %eax /* protected mode */
	jz fail
	mov %cs, %ax
	cmp $0, %ax
	je fail

	mov $msg_magic, %esi
	cmpl $HVM_START_MAGIC, 0(%ebp)
	jne fail
	mov $msg_version, %esi
	cmpl $1, 4(%ebp)
	jb fail

	/* memory map: at least 4 entries, the first RAM from 0 */
	mov $msg_memmap, %esi
	cmpl $4, 48(%ebp)
	jb fail
	mov 40(%ebp), %edi
	cmpl $0, 0(%edi)
	jne fail
	cmpl $1, 16(%edi) /* E820 RAM */
	jne fail
	cmpl $0x9f000, 8(%edi)
	jb fail

	/* command line */
	mov $msg_cmdline, %esi
	mov 24(%ebp), %edi
	mov $want_cmdline, %ebx
1:	movb (%ebx), %al
	cmpb %al, (%edi)
	jne fail
	inc %ebx
	inc %edi
	test %al, %al
	jnz 1b

	/* module 0: the initrd */
	mov $msg_module, %esi
	cmpl $1, 12(%ebp)
	jne fail
	mov 16(%ebp), %edi
	cmpl $INITRD_SIZE, 8(%edi)
	jne fail
	mov 0(%edi), %edi
	cmpl $0x2d505646, (%edi) /* "FVP-" */
	jne fail
	cmpl $0x2d485650, 4(%edi) /* "PVH-" */
	jne fail

	/* rsdp_paddr: the ACPI RSDP at 0xe0000 */
	mov $msg_rsdp, %esi
	cmpl $0xe0000, 32(%ebp)
	jne fail
	cmpl $0, 36(%ebp)
	jne fail
	mov 32(%ebp), %edi
	cmpl $0x20445352, (%edi) /* "RSD " */
	jne fail
	cmpl $0x20525450, 4(%edi) /* "PTR " */
	jne fail

	mov $msg_pass, %esi
	call puts
2:	inb $0x64, %al
	test $2, %al
	jnz 2b
	mov $0xfe, %al
	outb %al, $0x64
3:	hlt
	jmp 3b

/* print "FAIL: " and the string at esi, then end through the test device */
fail:
	push %esi
	mov $msg_fail, %esi
	call puts
	pop %esi
	call puts
	mov $msg_nl, %esi
	call puts
	movl $0x13333, TEST_DEVICE
4:	hlt
	jmp 4b

/* print the NUL-terminated string at esi on the UART */
puts:
	mov $UART, %dx
5:	lodsb
	test %al, %al
	jz 6f
	outb %al, %dx
	jmp 5b
6:	ret

	.section .rodata
want_cmdline:	.asciz "pvh-cmdline"
msg_pass:	.asciz "PASS (pvh)\n"
msg_fail:	.asciz "FAIL: "
msg_nl:		.asciz "\n"
msg_mode:	.asciz "not in 32-bit protected mode without paging"
msg_magic:	.asciz "ebx does not point to hvm_start_info (magic)"
msg_version:	.asciz "hvm_start_info version below 1"
msg_memmap:	.asciz "memory map missing or without low RAM at 0"
msg_cmdline:	.asciz "command line is not 'pvh-cmdline'"
msg_module:	.asciz "module 0 is not the initrd (count, size or bytes)"
msg_rsdp:	.asciz "rsdp_paddr does not point to the RSDP at 0xe0000"

	.bss
	.align 16
	.space 4096
stack_top:
