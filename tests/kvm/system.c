/*
 * system.c - exceptions, paging and privilege: each case makes the CPU fault or change
 * privilege and prints what the handler saw (vector, error code, return rip, CR2, CS) as
 * "val:" lines, then checks them against the architecture. The same program runs under KVM
 * (the host CPU) and on every software engine; run-system.sh compares their outputs line by
 * line, so the host CPU is the oracle for the values and the checks hold where it is absent.
 *
 * Handlers do not return: exc_common records the frame and resumes kernel code at exc_resume
 * with the stack pointer the case started with (a fault in user mode comes back to ring 0
 * through the TSS's RSP0).
 */
#include "lib.h"

#define PF_P   1u
#define PF_W   2u
#define PF_U   4u
#define PF_I   16u
#define PTE_W  2ull
#define PTE_U  4ull
#define PTE_NX (1ull << 63)

#define MSR_SYSENTER_CS	 0x174u
#define MSR_SYSENTER_ESP 0x175u
#define MSR_SYSENTER_EIP 0x176u
#define MSR_EFER	 0xc0000080u
#define MSR_STAR	 0xc0000081u
#define MSR_LSTAR	 0xc0000082u
#define MSR_SFMASK	 0xc0000084u
#define EFER_SCE	 1ull
#define EFER_NXE	 (1ull << 11)

#define KCODE	 0x10
#define KDATA	 0x18
#define USER32	 0x20 /* sysret's base: user data = +8, 64-bit user code = +16 */
#define UDATA	 0x2b
#define UCODE	 0x33
#define TSS_SEL	 0x38
#define BOOT_PD	 0xb000ul /* the boot page directory of the first GiB (board_x86.h) */
#define WP_PAGE	 0x3fe00000ul
#define NX_PAGE	 0x3fc00000ul
#define NO_PAGE	 0x100000000ul /* above the boot tables' 4 GiB */
#define NONCANON 0x8000000000000000ul

struct frame {
	uint64_t vector, error, rip, cs, cr2;
};

volatile struct frame last;
uint64_t exc_resume, exc_resume_rsp, exc_at;
uint64_t sys_rcx, sys_r11, sys_cs, user_cs, sys_user_rsp;

/* Stubs: vector v pushes a 0 error code if the CPU does not, then its number. */
__asm__(".text\n"
	".macro EXC_NOERR v\n exc_\\v: pushq $0\n pushq $\\v\n jmp exc_common\n .endm\n"
	".macro EXC_ERR v\n exc_\\v: pushq $\\v\n jmp exc_common\n .endm\n"
	"EXC_NOERR 0\n EXC_NOERR 3\n EXC_NOERR 6\n EXC_ERR 8\n EXC_ERR 13\n EXC_ERR 14\n"
	"EXC_NOERR 64\n EXC_NOERR 128\n"
	"exc_common:\n"
	" popq last+0(%rip)\n popq last+8(%rip)\n"
	" movq 0(%rsp), %rax\n movq %rax, last+16(%rip)\n"
	" movq 8(%rsp), %rax\n movq %rax, last+24(%rip)\n"
	" movq %cr2, %rax\n movq %rax, last+32(%rip)\n"
	" movq exc_resume_rsp(%rip), %rsp\n jmp *exc_resume(%rip)\n"
	/* syscall: record, then back to ring 3 */
	"syscall_entry:\n"
	" movq %rcx, sys_rcx(%rip)\n movq %r11, sys_r11(%rip)\n"
	" movl %cs, %eax\n movq %rax, sys_cs(%rip)\n sysretq\n"
	/* sysenter: record CS, then sysexitq to user_after_sysexit on the same user stack */
	"sysenter_entry:\n"
	" movl %cs, %eax\n movq %rax, sys_cs(%rip)\n"
	" leaq user_after_sysexit(%rip), %rdx\n movq sys_user_rsp(%rip), %rcx\n sysexitq\n"
	/* ring-3 programs */
	"user_syscall:\n syscall\n movl %cs, %eax\n movq %rax, user_cs(%rip)\n hlt\n"
	"user_read_kernel:\n movq 0x200000, %rax\n ud2\n"
	"user_int80:\n int $0x80\n ud2\n"
	"user_int40:\n int $0x40\n ud2\n"
	"user_sysenter:\n movq %rsp, sys_user_rsp(%rip)\n sysenter\n"
	"user_after_sysexit:\n movl %cs, %eax\n movq %rax, user_cs(%rip)\n hlt\n");

extern const char exc_0[], exc_3[], exc_6[], exc_8[], exc_13[], exc_14[], exc_64[], exc_128[];
extern const char syscall_entry[], sysenter_entry[], user_sysenter[], user_after_sysexit[],
    user_syscall[], user_read_kernel[], user_int80[], user_int40[];

struct gate {
	uint16_t lo, sel;
	uint8_t ist, attr;
	uint16_t mid;
	uint32_t hi, zero;
} __attribute__((packed));

static struct gate idt[256] __attribute__((aligned(16)));
static uint64_t gdt[9] __attribute__((aligned(16)));
static uint32_t tss[26] __attribute__((aligned(16)));
static uint8_t ring0_stack[4096] __attribute__((aligned(16)));
static uint8_t ring3_stack[4096] __attribute__((aligned(16)));

/* Run asm text (its first instruction at label 2, the instruction after it at label 1) and
 * resume after it when it faults; exc_at gets label 2's address. */
#define TRY(text, ...)                                                                             \
	__asm__ volatile("lea 1f(%%rip), %%rax\n mov %%rax, exc_resume(%%rip)\n"                   \
			 "lea 2f(%%rip), %%rax\n mov %%rax, exc_at(%%rip)\n"                       \
			 "mov %%rsp, exc_resume_rsp(%%rip)\n 2: " text "\n 1:\n" __VA_ARGS__)

static void set_gate(unsigned v, const char *fn, unsigned dpl)
{
	uint64_t a = (uint64_t)(uintptr_t)fn;

	idt[v] = (struct gate){.lo = (uint16_t)a,
			       .sel = KCODE,
			       .attr = (uint8_t)(0x8e | dpl << 5),
			       .mid = (uint16_t)(a >> 16),
			       .hi = (uint32_t)(a >> 32)};
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo | (uint64_t)hi << 32;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static void invlpg(uint64_t a)
{
	__asm__ volatile("invlpg (%0)" : : "r"(a) : "memory");
}

static void tables_init(void)
{
	uint64_t t = (uint64_t)(uintptr_t)tss;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = {sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt},
				  idtr = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};
	uint64_t rsp0 = (uint64_t)(uintptr_t)(ring0_stack + sizeof(ring0_stack));

	gdt[2] = 0x00af9b000000ffffull; /* kernel code */
	gdt[3] = 0x00cf93000000ffffull; /* kernel data */
	gdt[4] = 0x00cffb000000ffffull; /* user 32-bit code (sysret's layout) */
	gdt[5] = 0x00cff3000000ffffull; /* user data */
	gdt[6] = 0x00affb000000ffffull; /* user 64-bit code */
	gdt[7] = 0x0000890000000067ull | (t & 0xffffff) << 16 | (t >> 24 & 0xff) << 56;
	gdt[8] = t >> 32;
	tss[1] = (uint32_t)rsp0;
	tss[2] = (uint32_t)(rsp0 >> 32);
	set_gate(0, exc_0, 0);
	set_gate(3, exc_3, 3);
	set_gate(6, exc_6, 0);
	set_gate(8, exc_8, 0);
	set_gate(13, exc_13, 0);
	set_gate(14, exc_14, 0);
	set_gate(64, exc_64, 0);
	set_gate(128, exc_128, 3);
	__asm__ volatile("lgdt %0\n lidt %1\n mov %2, %%ss\n mov %2, %%ds\n mov %2, %%es\n"
			 "ltr %w3"
			 :
			 : "m"(gdtr), "m"(idtr), "r"(KDATA), "r"(TSS_SEL)
			 : "memory");
}

static void report(const char *name)
{
	puts_serial("val: ");
	puts_serial(name);
	puts_serial(" vector ");
	put_hex(last.vector);
	puts_serial(" error ");
	put_hex(last.error);
	puts_serial(" rip ");
	put_hex(last.rip);
	puts_serial(" cs ");
	put_hex(last.cs);
	puts_serial("\n");
}

static void expect(const char *name, uint64_t vector, uint64_t error, uint64_t rip)
{
	report(name);
	check(last.vector == vector && last.error == error && last.rip == rip, name);
}

static void faults(void)
{
	uint64_t a;

	TRY("xor %%ecx, %%ecx\n div %%ecx", : : : "rax", "rcx", "rdx", "memory");
	expect("#DE: divide by zero, rip of the div", 0, 0, exc_at + 2);
	TRY("ud2", : : : "rax", "memory");
	expect("#UD: ud2", 6, 0, exc_at);
	TRY("mov (%%rbx), %%rax", : : "b"(NONCANON) : "rax", "memory");
	expect("#GP(0): non-canonical address", 13, 0, exc_at);
	TRY("mov (%%rbx), %%rax", : : "b"(NO_PAGE + 0x123) : "rax", "memory");
	expect("#PF: read of an unmapped page", 14, 0, exc_at);
	check(last.cr2 == NO_PAGE + 0x123, "#PF: CR2 is the address");
	TRY("movb $1, (%%rbx)", : : "b"(NO_PAGE + 8) : "rax", "memory");
	expect("#PF: write to an unmapped page", 14, PF_W, exc_at);
	a = WP_PAGE + 0x10;
	TRY("movq $1, (%%rbx)", : : "b"(a) : "rax", "memory");
	expect("#PF: write to a read-only page (CR0.WP)", 14, PF_P | PF_W, exc_at);
	check(last.cr2 == a, "#PF: CR2 of the write");
	TRY("call *%%rbx", : : "b"(NX_PAGE) : "rax", "memory");
	expect("#PF: fetch from a no-execute page", 14, PF_P | PF_I, NX_PAGE);
}

/* Enter ring 3 at fn; it ends by faulting or trapping into exc_common. */
static void user(const char *fn)
{
	uint64_t sp = (uint64_t)(uintptr_t)(ring3_stack + sizeof(ring3_stack));

	TRY("pushq %0\n pushq %1\n pushq $2\n pushq %2\n pushq %3\n iretq",
	    :
	    : "i"(UDATA), "r"(sp), "i"(UCODE), "r"((uint64_t)(uintptr_t)fn)
	    : "rax", "memory");
}

static void privilege(void)
{
	volatile uint64_t *pd = (volatile uint64_t *)BOOT_PD;

	/* ring 3 may use the first 2 MiB (this program, its stacks) and nothing above */
	*(volatile uint64_t *)0x9000ul |= PTE_U;
	*(volatile uint64_t *)0xa000ul |= PTE_U;
	pd[0] |= PTE_U;
	__asm__ volatile("mov %%cr3, %%rax\n mov %%rax, %%cr3" : : : "rax", "memory");
	wrmsr(MSR_STAR, (uint64_t)USER32 << 48 | (uint64_t)KCODE << 32);
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)syscall_entry);
	wrmsr(MSR_SFMASK, 0x700);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);

	user(user_syscall);
	puts_serial("val: syscall rcx ");
	put_hex(sys_rcx - (uint64_t)(uintptr_t)user_syscall);
	puts_serial(" r11 ");
	put_hex(sys_r11);
	puts_serial(" cs ");
	put_hex(sys_cs);
	puts_serial(" user cs ");
	put_hex(user_cs);
	puts_serial("\n");
	check(sys_rcx == (uint64_t)(uintptr_t)user_syscall + 2 && sys_cs == KCODE,
	      "syscall: rcx is the next rip, ring 0 code");
	check(user_cs == UCODE && (sys_r11 & 0x2), "sysret: back in ring 3");
	expect("hlt in ring 3: #GP(0)", 13, 0, (uint64_t)(uintptr_t)user_syscall + 2 + 2 + 7);
	check(last.cs == UCODE, "the #GP frame's CS is ring 3's");
	wrmsr(MSR_SYSENTER_CS, KCODE);
	wrmsr(MSR_SYSENTER_ESP, (uint64_t)(uintptr_t)(ring0_stack + sizeof(ring0_stack)));
	wrmsr(MSR_SYSENTER_EIP, (uint64_t)(uintptr_t)sysenter_entry);
	sys_cs = user_cs = 0;
	user(user_sysenter);
	puts_serial("val: sysenter cs ");
	put_hex(sys_cs);
	puts_serial(" after sysexit cs ");
	put_hex(user_cs);
	puts_serial("\n");
	check(sys_cs == KCODE && user_cs == UCODE, "sysenter to ring 0, sysexitq to ring 3");
	expect("hlt after sysexit: #GP(0) in ring 3", 13, 0,
	       (uint64_t)(uintptr_t)user_after_sysexit + 2 + 7);
	user(user_read_kernel);
	expect("ring 3 reads a supervisor page", 14, PF_P | PF_U,
	       (uint64_t)(uintptr_t)user_read_kernel);
}

/* Software interrupts: last, as KVM may emulate them and a nested KVM can fail at that (then
 * run-system.sh compares what came before). */
static void software_interrupts(void)
{
	TRY("int3", : : : "rax", "memory");
	expect("#BP: int3 returns after itself", 3, 0, exc_at + 1);
	TRY("int $0x40", : : : "rax", "memory");
	expect("int 0x40 from ring 0", 64, 0, exc_at + 2);
	user(user_int80);
	expect("int 0x80 through a DPL 3 gate", 128, 0, (uint64_t)(uintptr_t)user_int80 + 2);
	user(user_int40);
	expect("int 0x40 through a DPL 0 gate: #GP", 13, 64 * 8 + 2,
	       (uint64_t)(uintptr_t)user_int40);
}

/* lar, lsl, verr or verw of sel: ZF (as 0/1) and, for lar/lsl, the register (its
 * preset value when ZF=0: they write it only on success). */
#define DESC_QUERY(insn, sel, out)                                                                 \
	({                                                                                         \
		uint8_t zf_;                                                                       \
		__asm__ volatile(insn " %w2, %1\n setz %0"                                         \
				 : "=r"(zf_), "+r"(out)                                            \
				 : "r"((uint32_t)(sel))                                            \
				 : "cc");                                                          \
		zf_;                                                                               \
	})
#define DESC_TEST(insn, sel)                                                                       \
	({                                                                                         \
		uint8_t zf_;                                                                       \
		__asm__ volatile(insn " %w1\n setz %0" : "=r"(zf_) : "r"((uint32_t)(sel)) : "cc"); \
		zf_;                                                                               \
	})

/* lar, lsl, verr, verw on this program's GDT at CPL 0 (Linux's exit to user mode runs verw,
 * its vDSO lsl). */
static void descriptor_queries(void)
{
	uint32_t v = 0x5a5a5a5a;

	check(DESC_QUERY("lsl", KDATA, v) && v == 0xffffffff, "lsl: a 4 GiB data segment");
	check(DESC_QUERY("lar", KCODE, v) && v == 0x00a09b00, "lar: 64-bit code's rights");
	check(DESC_QUERY("lar", TSS_SEL, v) && v == 0x00008b00, "lar: the busy TSS");
	check(DESC_QUERY("lsl", TSS_SEL, v) && v == 0x67, "lsl: the TSS limit");
	v = 0x5a5a5a5a;
	check(!DESC_QUERY("lsl", 0x100, v) && v == 0x5a5a5a5a,
	      "lsl beyond the GDT: ZF=0, unchanged");
	check(!DESC_QUERY("lar", 0x8, v) && v == 0x5a5a5a5a, "lar of an empty descriptor: ZF=0");
	check(!DESC_QUERY("lar", 0, v), "lar of the null selector: ZF=0");
	check(DESC_TEST("verr", KCODE), "verr: readable code");
	check(!DESC_TEST("verw", KCODE), "verw: code is never writable");
	check(DESC_TEST("verw", KDATA), "verw: writable data");
	check(DESC_TEST("verw", UDATA), "verw: user data from CPL 0");
	check(!DESC_TEST("verr", TSS_SEL), "verr: a TSS is no code or data segment");
	check(!DESC_TEST("verw", 0), "verw of the null selector: ZF=0");
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* IA32_TSC_ADJUST (CPUID.7.EBX bit 1): a write moves the TSC by the change, a write of the TSC
 * moves IA32_TSC_ADJUST by the TSC's jump (SDM 17.17.3). */
static void tsc_adjust(void)
{
	uint32_t r[4];
	uint64_t adj0, t0, t1, t2;
	int64_t d;

	cpuid(7, 0, r);
	if (!(r[1] & 2)) {
		puts_serial("note: no IA32_TSC_ADJUST (CPUID.7.EBX bit 1 clear)\n");
		return;
	}
	adj0 = rdmsr(0x3b);
	t0 = rdtsc();
	wrmsr(0x3b, adj0 + (1ull << 40));
	t1 = rdtsc();
	check(t1 - t0 >= (1ull << 40) && t1 - t0 < (1ull << 40) + (1ull << 36),
	      "TSC_ADJUST += 2^40 moves the TSC by 2^40");
	wrmsr(0x10, t1 - (1ull << 40));
	d = (int64_t)(rdmsr(0x3b) - adj0);
	check(d > -(1ll << 36) && d <= 0, "writing the TSC back moves TSC_ADJUST back");
	t2 = rdtsc();
	check(t2 >= t1 - (1ull << 40) && t2 < t1, "the TSC is where it was written");
}

int main(void)
{
	volatile uint64_t *pd = (volatile uint64_t *)BOOT_PD;

	puts_serial("x86 system test\n");
	tables_init();
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	pd[WP_PAGE >> 21] &= ~PTE_W;
	pd[NX_PAGE >> 21] |= PTE_NX;
	invlpg(WP_PAGE);
	invlpg(NX_PAGE);
	faults();
	descriptor_queries();
	tsc_adjust();
	privilege();
	software_interrupts();
	pass("system");
}
