#!/bin/bash
# gdb-x86.sh FVP ELF ENGINE - the gdb remote stub on the x86-64 software CPU (docs/DEBUGGING.md)
# driven by Debian's gdb-multiarch (architecture i386:x86-64) in batch mode against the
# bare-metal guest gdbtarget.elf, started --paused behind --gdb unix:SOCKET:
#   - a breakpoint on a symbol stops there (rip = &gdb_target, rdi = 1: the argument);
#   - info registers rip, eflags (bit 1 set, shown as flags) and cs (the boot GDT's 0x10);
#   - stepi executes exactly one instruction: rip moves by its 10 bytes (a movabs) and rax
#     holds its immediate;
#   - continue stops there again with gdb_counter read from memory (print) = 1;
#   - xmm0 (the value the guest loaded) and st0/st1 (pi and 1 from the x87 stack) read;
#   - a write to eflags reaches the lazy flags (CF set and read back);
#   - a write watchpoint stops right after the store (as x86's debug registers do: gdb
#     does not step over it) with old and new values;
#   - info threads names the vCPU with its CPL and mode;
#   - after detach the guest runs on to its PASS line (fvp exits 0).
# Exits 77 when gdb-multiarch is missing.
set -uo pipefail

if [ $# -ne 3 ]; then
	echo "usage: $0 FVP ELF ENGINE" >&2
	exit 2
fi
fvp=$1
elf=$2
engine=$3
if ! command -v gdb-multiarch >/dev/null; then
	echo "SKIP[package]: gdb-multiarch not found (apt-get install gdb-multiarch)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-gdbx86.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
sock=$tmp/gdb.sock

timeout -k 5 90 "$fvp" run --arch x86_64 --engine "$engine" --mem 64M --kernel "$elf" \
	--gdb "unix:$sock" --paused </dev/null >"$tmp/fvp.out" 2>"$tmp/fvp.err" &
pid=$!
for _ in $(seq 100); do
	[ -S "$sock" ] && grep -q 'gdb stub listening' "$tmp/fvp.err" && break
	sleep 0.1
done

timeout -k 5 60 gdb-multiarch -batch -nx \
	-ex 'set pagination off' -ex 'set confirm off' -ex 'set architecture i386:x86-64' \
	-ex "file $elf" -ex "target remote $sock" \
	-ex 'break gdb_target' -ex 'continue' \
	-ex 'printf "HIT1 pc=%lx target=%lx rdi=%ld\n", $pc, &gdb_target, $rdi' \
	-ex 'info registers rip eflags cs' \
	-ex 'printf "EFLAGS bit1=%d CS=%x\n", ($eflags >> 1) & 1, $cs' \
	-ex 'set $oldpc = $pc' -ex 'stepi' \
	-ex 'printf "STEP moved=%ld rax=%lx\n", $pc - $oldpc, $rax' \
	-ex 'continue' \
	-ex 'printf "HIT2 pc=%lx rdi=%ld\n", $pc, $rdi' \
	-ex 'print gdb_counter' \
	-ex 'printf "XMM0 lo=%lx hi=%lx\n", $xmm0.v2_int64[0], $xmm0.v2_int64[1]' \
	-ex 'printf "ST0=%.6f ST1=%.1f\n", $st0, $st1' \
	-ex 'set $eflags = $eflags | 1' -ex 'printf "CF=%d\n", $eflags & 1' \
	-ex 'info threads' \
	-ex 'delete' -ex 'watch gdb_counter' -ex 'continue' \
	-ex 'printf "WATCHED counter=%ld at=%ld\n", gdb_counter, $pc - (long)&gdb_target' \
	-ex 'delete' -ex 'detach' </dev/null >"$tmp/gdb.out" 2>&1
gdb_status=$?
wait "$pid"
status=$?
pid=
cat "$tmp/gdb.out"
failed=0
fail() {
	echo "FAIL $*"
	failed=1
}
expect() { # REGEX WHAT
	if grep -Eq "$1" "$tmp/gdb.out"; then
		echo "ok   $2"
	else
		fail "$2: no line matching '$1'"
	fi
}
[ $gdb_status -eq 0 ] || fail "gdb exited with status $gdb_status"
target=$(sed -n 's/^HIT1 pc=[0-9a-f]* target=\([0-9a-f]*\).*/\1/p' "$tmp/gdb.out")
expect "^HIT1 pc=$target target=$target rdi=1\$" "breakpoint on gdb_target, rdi = 1"
expect "^rip +0x$target +0x$target <gdb_target>" "info registers rip"
expect '^eflags +0x[0-9a-f]+ +\[.*\]' "info registers eflags (as flags)"
expect '^cs +0x10 +16' "info registers cs"
expect '^EFLAGS bit1=1 CS=10$' "eflags bit 1, cs selector"
expect '^STEP moved=10 rax=1122334455667788$' "stepi executes exactly the 10-byte movabs"
expect "^HIT2 pc=$target rdi=2\$" "continue stops at the breakpoint again"
expect '^\$1 = 1$' "print gdb_counter reads guest memory"
expect '^XMM0 lo=123456789abcdef hi=fedcba9876543210$' "xmm0 read"
expect '^ST0=3.141593 ST1=1.0$' "st0 and st1 read (80-bit x87 values)"
expect '^CF=1$' "an eflags write reaches the lazy flags"
expect '^Old value = 1$' "write watchpoint: the old value"
expect '^New value = 3$' "write watchpoint: the new value"
expect '^WATCHED counter=3 at=17$' "write watchpoint: stopped after the store (trap-like, as x86)"
expect 'Thread 1 \(vCPU 0 \(CPL 0, long mode\)\)' "info threads: CPL and mode"
if [ $status -ne 0 ] || ! grep -q '^PASS (gdbtarget)' "$tmp/fvp.out"; then
	fail "after detach the guest must pass: fvp exit $status, $(cat "$tmp/fvp.err")"
else
	echo "ok   detach: the guest ran on to PASS, fvp exited 0"
fi
exit $failed
