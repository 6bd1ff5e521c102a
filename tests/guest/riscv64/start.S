/*
 * M-mode entry and trap plumbing for the riscv64 guest tests.
 * Every hart enters _start in M mode (a0 = hart id, a1 = device tree).
 * Hart 0 clears .bss, publishes boot_dtb and releases the others; it then
 * runs main() and exits through guest_exit(). Other harts run
 * secondary_main(). Trap entry saves the full integer state into a
 * struct trap_frame on the hart's trap stack (mscratch/sscratch hold the
 * stack top while no trap is handled; during a handler they hold the frame
 * base so a nested trap pushes below it), calls trap_dispatch_{m,s} and
 * resumes from the (possibly edited) frame.
 */
#define HART_AREA 0xA000
#define MAIN_STACK_TOP 0x4000
#define LOWER_STACK_TOP 0x6000
#define M_TRAP_TOP 0x8000
#define S_TRAP_TOP 0xA000
#define MAX_HARTS 8
#define FRAME_SIZE (36 * 8)
#define EXIT_MAGIC 0x5EC0DE

	.option norelax
	.section .text.entry, "ax"
	.globl _start
_start:
	la t0, early_skip_trap
	csrw mtvec, t0
	csrw mie, zero
	csrw satp, zero
	csrw medeleg, zero
	csrw mideleg, zero
	/* Let S and U reach all memory (writes are skipped if PMP is absent). */
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f
	csrw pmpcfg0, t0
	li t0, (1 << 13)
	csrs mstatus, t0
	csrw fcsr, zero
	csrr tp, mhartid
	li t1, MAX_HARTS
	bgeu tp, t1, park
	la t0, __hart_areas
	li t1, HART_AREA
	mul t1, t1, tp
	add t0, t0, t1
	li t1, MAIN_STACK_TOP
	add sp, t0, t1
	li t1, M_TRAP_TOP
	add t2, t0, t1
	csrw mscratch, t2
	li t1, S_TRAP_TOP
	add t2, t0, t1
	csrw sscratch, t2
	la t0, trap_entry_m
	csrw mtvec, t0
	la t0, trap_entry_s
	csrw stvec, t0
	mv s0, a0
	mv s1, a1
	bnez tp, secondary
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	la t0, boot_dtb
	sd s1, 0(t0)
	fence rw, rw
	la t0, boot_released
	li t1, 1
	sw t1, 0(t0)
	mv a0, tp
	mv a1, s1
	call main
	call guest_exit
secondary:
	la t0, boot_released
3:	lw t1, 0(t0)
	beqz t1, 3b
	fence rw, rw
	mv a0, tp
	call secondary_main
park:
	wfi
	j park

	/* Used only while probing optional CSRs at boot: skip the instruction. */
	.balign 4
early_skip_trap:
	csrr t0, mepc
	addi t0, t0, 4
	csrw mepc, t0
	mret

.macro TRAP_ENTRY name, scratch, epc, cause, tval, status, ret
	.balign 4
	.globl trap_entry_\name
trap_entry_\name:
	csrrw sp, \scratch, sp
	addi sp, sp, -FRAME_SIZE
	sd x1, 1*8(sp)
	sd x3, 3*8(sp)
	sd x4, 4*8(sp)
	sd x5, 5*8(sp)
	sd x6, 6*8(sp)
	sd x7, 7*8(sp)
	sd x8, 8*8(sp)
	sd x9, 9*8(sp)
	sd x10, 10*8(sp)
	sd x11, 11*8(sp)
	sd x12, 12*8(sp)
	sd x13, 13*8(sp)
	sd x14, 14*8(sp)
	sd x15, 15*8(sp)
	sd x16, 16*8(sp)
	sd x17, 17*8(sp)
	sd x18, 18*8(sp)
	sd x19, 19*8(sp)
	sd x20, 20*8(sp)
	sd x21, 21*8(sp)
	sd x22, 22*8(sp)
	sd x23, 23*8(sp)
	sd x24, 24*8(sp)
	sd x25, 25*8(sp)
	sd x26, 26*8(sp)
	sd x27, 27*8(sp)
	sd x28, 28*8(sp)
	sd x29, 29*8(sp)
	sd x30, 30*8(sp)
	sd x31, 31*8(sp)
	sd zero, 0(sp)
	csrr t0, \scratch
	sd t0, 2*8(sp)
	csrw \scratch, sp
	csrr t0, \epc
	sd t0, 32*8(sp)
	csrr t0, \cause
	sd t0, 33*8(sp)
	csrr t0, \tval
	sd t0, 34*8(sp)
	csrr t0, \status
	sd t0, 35*8(sp)
	mv a0, sp
	call trap_dispatch_\name
	mv a0, sp
	.globl trap_restore_\name
trap_restore_\name:
	mv sp, a0
	ld t0, 32*8(sp)
	csrw \epc, t0
	ld t0, 35*8(sp)
	csrw \status, t0
	addi t0, sp, FRAME_SIZE
	csrw \scratch, t0
	ld x1, 1*8(sp)
	ld x3, 3*8(sp)
	ld x4, 4*8(sp)
	ld x5, 5*8(sp)
	ld x6, 6*8(sp)
	ld x7, 7*8(sp)
	ld x8, 8*8(sp)
	ld x9, 9*8(sp)
	ld x10, 10*8(sp)
	ld x11, 11*8(sp)
	ld x12, 12*8(sp)
	ld x13, 13*8(sp)
	ld x14, 14*8(sp)
	ld x15, 15*8(sp)
	ld x16, 16*8(sp)
	ld x17, 17*8(sp)
	ld x18, 18*8(sp)
	ld x19, 19*8(sp)
	ld x20, 20*8(sp)
	ld x21, 21*8(sp)
	ld x22, 22*8(sp)
	ld x23, 23*8(sp)
	ld x24, 24*8(sp)
	ld x25, 25*8(sp)
	ld x26, 26*8(sp)
	ld x27, 27*8(sp)
	ld x28, 28*8(sp)
	ld x29, 29*8(sp)
	ld x30, 30*8(sp)
	ld x31, 31*8(sp)
	ld x2, 2*8(sp)
	\ret
.endm

	.text
	TRAP_ENTRY m, mscratch, mepc, mcause, mtval, mstatus, mret
	TRAP_ENTRY s, sscratch, sepc, scause, stval, sstatus, sret

/*
 * long run_frame(const struct trap_frame *f): save the M-mode callee-saved
 * state in this hart's context slot, copy f to the top of the M trap stack
 * and "return from trap" into it. frame_return_to_m() later makes the trap
 * exit land on resume_m, which reloads the context and returns a0.
 */
	.globl run_frame
run_frame:
	csrr t0, mhartid
	slli t0, t0, 7
	la t1, m_contexts
	add t1, t1, t0
	sd ra, 0(t1)
	sd sp, 8(t1)
	sd s0, 16(t1)
	sd s1, 24(t1)
	sd s2, 32(t1)
	sd s3, 40(t1)
	sd s4, 48(t1)
	sd s5, 56(t1)
	sd s6, 64(t1)
	sd s7, 72(t1)
	sd s8, 80(t1)
	sd s9, 88(t1)
	sd s10, 96(t1)
	sd s11, 104(t1)
	sd gp, 112(t1)
	sd tp, 120(t1)
	csrr t2, mscratch
	addi t2, t2, -FRAME_SIZE
	li t3, 36
	mv t4, t2
1:	ld t5, 0(a0)
	sd t5, 0(t4)
	addi a0, a0, 8
	addi t4, t4, 8
	addi t3, t3, -1
	bnez t3, 1b
	mv a0, t2
	j trap_restore_m

	.globl resume_m
resume_m:
	csrr t0, mhartid
	slli t0, t0, 7
	la t1, m_contexts
	add t1, t1, t0
	ld ra, 0(t1)
	ld sp, 8(t1)
	ld s0, 16(t1)
	ld s1, 24(t1)
	ld s2, 32(t1)
	ld s3, 40(t1)
	ld s4, 48(t1)
	ld s5, 56(t1)
	ld s6, 64(t1)
	ld s7, 72(t1)
	ld s8, 80(t1)
	ld s9, 88(t1)
	ld s10, 96(t1)
	ld s11, 104(t1)
	ld gp, 112(t1)
	ld tp, 120(t1)
	ret

/* Runs in S or U mode: a0 = arg, a1 = fn; returns to M via ecall. */
	.globl lower_trampoline
lower_trampoline:
	jalr a1
	.globl exit_to_m
exit_to_m:
	mv a1, a0
	li a0, EXIT_MAGIC
	ecall
1:	j 1b

	.data
	.balign 8
	.globl boot_released
boot_released:
	.word 0
	.word 0
	.bss
	.balign 64
	.globl m_contexts
m_contexts:
	.space 128 * MAX_HARTS
