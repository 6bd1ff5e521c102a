#!/bin/bash
# gdb-stub.sh FVP ELF ENGINE - the gdb remote stub (docs/DEBUGGING.md, issue 16) driven by
# Debian's gdb-multiarch in batch mode against the bare-metal guest gdbtarget.elf on 2
# harts, started --paused behind --gdb unix:SOCKET:
#   - a breakpoint on a symbol stops there, with the argument register right (a0 = 1);
#   - misa (a CSR) and priv (the privilege mode) read through the target description;
#   - stepi retires exactly one instruction (minstret + 1) and moves pc;
#   - continue stops at the same breakpoint again (a0 = 2: gdb stepped over it);
#   - a write watchpoint (through the soft MMU) stops at the store with old and new values;
#   - Ctrl-C (SIGINT to gdb) stops both harts while the guest spins; info threads lists both;
#   - a memory write through gdb reaches the guest (gdb_release), and after detach the
#     guest runs on to its PASS line and powers off (fvp exits 0), and the socket file is gone.
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
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-gdb.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
sock=$tmp/gdb.sock

timeout -k 5 90 "$fvp" run --arch riscv64 --engine "$engine" --bios none --mem 64M --smp 2 \
	--kernel "$elf" --gdb "unix:$sock" --paused </dev/null >"$tmp/fvp.out" 2>"$tmp/fvp.err" &
pid=$!
for _ in $(seq 100); do
	[ -S "$sock" ] && grep -q 'gdb stub listening' "$tmp/fvp.err" && break
	sleep 0.1
done

timeout --foreground -k 5 60 gdb-multiarch -batch -nx \
	-ex 'set pagination off' -ex 'set confirm off' \
	-ex "file $elf" -ex "target remote $sock" \
	-ex 'break gdb_target' -ex 'continue' \
	-ex 'printf "HIT1 pc=%lx target=%lx a0=%ld\n", $pc, &gdb_target, $a0' \
	-ex 'printf "MISA=%lx PRIV=%ld\n", $misa, $priv' \
	-ex 'set $before = $minstret' -ex 'set $oldpc = $pc' -ex 'stepi' \
	-ex 'printf "STEP retired=%ld moved=%d\n", $minstret - $before, $pc != $oldpc' \
	-ex 'continue' \
	-ex 'printf "HIT2 pc=%lx a0=%ld\n", $pc, $a0' \
	-ex 'delete' -ex 'watch gdb_counter' -ex 'continue' \
	-ex 'printf "WATCHED counter=%ld\n", gdb_counter' \
	-ex 'delete' -ex 'continue' \
	-ex 'printf "INTERRUPTED counter=%ld\n", gdb_counter' \
	-ex 'info threads' \
	-ex 'monitor info mmu 0x80000000' \
	-ex 'set var gdb_release = 1' -ex 'detach' </dev/null >"$tmp/gdb.out" 2>&1 &
gdb_pid=$!
# Ctrl-C: gdb forwards the SIGINT it gets while the guest runs (and says so) as an interrupt
# (timeout --foreground passes it to gdb once; without, timeout signals its group too, and
# a second SIGINT makes gdb give up on the target)
for _ in $(seq 600); do
	grep -q '^spinning' "$tmp/fvp.out" && break
	sleep 0.1
done
kill -INT "$gdb_pid" 2>/dev/null
wait "$gdb_pid"
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
expect "^HIT1 pc=$target target=$target a0=1\$" "breakpoint on gdb_target, a0 = 1"
expect '^MISA=800000000014112d PRIV=3$' "misa (RV64IMAFDCSU) and priv (M) read"
expect '^STEP retired=1 moved=1$' "stepi retires exactly one instruction"
expect "^HIT2 pc=$target a0=2\$" "continue stops at the breakpoint again"
expect '^Old value = 1$' "write watchpoint: the old value"
expect '^New value = 3$' "write watchpoint: the new value"
expect '^WATCHED counter=3$' "write watchpoint: stopped right after the store"
expect '^INTERRUPTED counter=15$' "interrupt stops the spinning guest"
expect 'Thread 1 \(hart 0 \(M-mode\)\)' "info threads lists hart 0"
expect 'Thread 2 \(hart 1 \(M-mode\)\)' "info threads lists hart 1"
expect '0x80000000 -> physical 0x80000000' "monitor info mmu"
if [ $status -ne 0 ] || ! grep -q '^PASS (' "$tmp/fvp.out"; then
	fail "after detach the guest must pass and power off: fvp exit $status, $(cat "$tmp/fvp.err")"
else
	echo "ok   detach: the guest ran on to PASS, fvp exited 0"
fi
if [ -e "$sock" ]; then
	fail "the socket file $sock is still there after fvp exited"
else
	echo "ok   the stub removed its socket file"
fi
exit $failed
