#!/bin/bash
# seccomp.sh FVP - the sandbox of docs/SECURITY.md holds (issue 19, items 1, 2 and 4):
#   - a forbidden system call from each thread kind is caught: FVP_SECCOMP_SELFTEST=KIND
#     makes that thread call mount(2) right after its filter is on; with the default
#     --seccomp on, fvp must exit 1 with one line naming the thread kind and the call;
#     with --seccomp log and off the call fails on its own and the guest runs on to its
#     power-off (exit 0);
#   - while a guest runs, every thread of fvp has a seccomp filter and no_new_privs, and,
#     when fvp was started with capabilities (root), none are left.
# The guest is five raw riscv64 instructions (no cross compiler needed); --rng, --gdb and
# --net user make the I/O, gdb stub and network threads exist.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 FVP (an executable)" >&2
	exit 1
fi
fvp=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-seccomp.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

# lui t0, 0x100; lui t1, 0x5; addi t1, t1, 0x555; sw t1, 0(t0); j .  (SiFive test: power off)
printf '\xb7\x02\x10\x00\x37\x53\x00\x00\x13\x03\x53\x55\x23\xa0\x62\x00\x6f\x00\x00\x00' \
	>"$tmp/poweroff.bin"
# lui t0, 0x10000; addi t1, zero, 'A'; 1: sb t1, 0(t0); j 1b  (UART output forever)
printf '\xb7\x02\x00\x10\x13\x03\x10\x04\x23\x80\x62\x00\x6f\xf0\xdf\xff' >"$tmp/loop.bin"
kinds="main vcpu io net timer console signal api gdb"
failed=0

run() { # KERNEL ARGS...: fvp with the devices that start every thread kind, at most 30 s
	local kernel=$1
	shift
	timeout -k 5 30 "$fvp" run --arch riscv64 --engine interp --bios none --mem 16M \
		--rng --net user --api-socket "$tmp/api.sock" --gdb "unix:$tmp/gdb.sock" \
		--kernel "$kernel" "$@" </dev/null
}

fail() {
	echo "FAIL $*"
	failed=1
}

for kind in $kinds; do
	FVP_SECCOMP_SELFTEST=$kind run "$tmp/poweroff.bin" >"$tmp/out" 2>"$tmp/err"
	status=$?
	want="fvp: seccomp: the $kind thread made a forbidden system call, mount ([0-9]*): stopping"
	if [ $status -ne 1 ]; then
		fail "on, $kind: exit status $status, expected 1: $(cat "$tmp/err")"
	elif ! grep -qx "$want" "$tmp/err"; then
		fail "on, $kind: no line '$want' on stderr: $(cat "$tmp/err")"
	else
		echo "ok   on, $kind: $(grep 'fvp: seccomp:' "$tmp/err")"
	fi
	for mode in log off; do
		FVP_SECCOMP_SELFTEST=$kind run "$tmp/poweroff.bin" --seccomp $mode >"$tmp/out" 2>"$tmp/err"
		status=$?
		if [ $status -ne 0 ]; then
			fail "$mode, $kind: exit status $status, expected 0: $(cat "$tmp/err")"
		elif ! grep -q "seccomp self-test: the $kind thread called mount" "$tmp/err"; then
			fail "$mode, $kind: the self-test did not run: $(cat "$tmp/err")"
		else
			echo "ok   $mode, $kind: runs on"
		fi
	done
done

# Every thread of a running fvp: Seccomp 2 (filter), NoNewPrivs 1, CapEff and CapPrm 0,
# and, started as root, an empty bounding set.
wants=('Seccomp:	2' 'NoNewPrivs:	1' 'CapEff:	0000000000000000' 'CapPrm:	0000000000000000')
[ "$(id -u)" = 0 ] && wants+=('CapBnd:	0000000000000000')
"$fvp" run --arch riscv64 --engine interp --bios none --mem 16M --rng --net user \
	--api-socket "$tmp/api.sock" --kernel "$tmp/loop.bin" </dev/null >/dev/null 2>"$tmp/err" &
pid=$!
sleep 2
threads=0
for status in /proc/$pid/task/*/status; do
	[ -r "$status" ] || continue
	threads=$((threads + 1))
	name=$(awk '/^Name:/ {print $2}' "$status")
	for want in "${wants[@]}"; do
		grep -qx "$want" "$status" || fail "thread $name: no '$want' in $status"
	done
done
# main, vcpu, io, net, timer, console, signal, api
if [ $threads -lt 8 ]; then
	fail "only $threads threads found in /proc/$pid/task: $(cat "$tmp/err")"
else
	echo "ok   $threads threads, each with a filter, no_new_privs and no capabilities"
fi
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
[ $status -eq 4 ] || fail "SIGTERM: exit status $status, expected 4: $(cat "$tmp/err")"
exit $failed
