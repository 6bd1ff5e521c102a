#!/bin/bash
# gdb-linux.sh FVP ENGINE - the gdb stub on a booted Linux guest (issue 16): once the
# shared riscv64 guest has booted (2 harts, its shell waiting on stdin), gdb-multiarch
# attaches (the VM pauses), puts a breakpoint on the kernel's trap vector (stvec, an
# S-mode kernel address reached at every trap and interrupt) and continues three times:
# every stop must be at that address in S mode; info threads lists both harts; after
# detach the guest runs on, and SIGTERM stops fvp cleanly (exit 4).
# Skips (77) without the guest, the firmware or gdb-multiarch.
set -uo pipefail

if [ $# -ne 2 ] || [ ! -x "$1" ]; then
	echo "usage: $0 FVP ENGINE" >&2
	exit 2
fi
fvp=$1
engine=$2
# shellcheck source=find-guest.sh
. "$(dirname "$0")/find-guest.sh"
skip() {
	echo "SKIP[$1]: $2"
	exit 77
}
command -v gdb-multiarch >/dev/null || skip package "gdb-multiarch not found (apt-get install gdb-multiarch)"
dir=$(fvp_guest_dir riscv64 2>&1) || skip guest "$dir"
why=$(fvp_guest_command "$fvp" "$dir" 2 "$engine" "console=ttyS0" 2>&1) || skip package "$why"
fvp_guest_command "$fvp" "$dir" 2 "$engine" "console=ttyS0"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-gdb-linux.XXXXXX")
pid=
trap 'exec 3>&-; [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
sock=$tmp/gdb.sock

# the shell reads from a FIFO this script holds open, so it waits instead of seeing EOF
mkfifo "$tmp/stdin"
timeout -k 5 600 "${fvp_cmd[@]}" --gdb "unix:$sock" <"$tmp/stdin" >"$tmp/console" 2>&1 &
pid=$!
exec 3>"$tmp/stdin"
for _ in $(seq 3000); do
	tr -d '\r' <"$tmp/console" | grep -q '^FVP-INIT-OK ' && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.2
done
if ! tr -d '\r' <"$tmp/console" | grep -q '^FVP-INIT-OK '; then
	echo "FAIL the guest did not boot; console:"
	tail -20 "$tmp/console"
	exit 1
fi

timeout -k 5 120 gdb-multiarch -batch -nx -ex 'set pagination off' \
	-ex 'set architecture riscv:rv64' -ex "target remote $sock" \
	-ex 'printf "STVEC=%lx\n", $stvec' -ex 'break *$stvec' \
	-ex 'continue' -ex 'printf "STOP pc=%lx priv=%ld\n", $pc, $priv' \
	-ex 'continue' -ex 'printf "STOP pc=%lx priv=%ld\n", $pc, $priv' \
	-ex 'continue' -ex 'printf "STOP pc=%lx priv=%ld\n", $pc, $priv' \
	-ex 'info threads' -ex 'monitor info breakpoints' -ex 'detach' \
	</dev/null >"$tmp/gdb.out" 2>&1
gdb_status=$?
cat "$tmp/gdb.out"
failed=0
fail() {
	echo "FAIL $*"
	failed=1
}
stvec=$(sed -n 's/^STVEC=\([0-9a-f]*\)$/\1/p' "$tmp/gdb.out")
stops=$(grep -c "^STOP pc=$stvec priv=1\$" "$tmp/gdb.out")
[ $gdb_status -eq 0 ] || fail "gdb exited with status $gdb_status"
case "$stvec" in
ffffffff*) echo "ok   stvec is a kernel address: $stvec" ;;
*) fail "stvec '$stvec' is not a kernel address" ;;
esac
[ "$stops" -eq 3 ] && echo "ok   3 stops at the breakpoint, in S mode" ||
	fail "$stops of 3 stops at pc=$stvec in S mode"
grep -q 'Thread 2 (hart 1' "$tmp/gdb.out" && echo "ok   info threads lists hart 1" ||
	fail "info threads does not list hart 1"
sleep 1
kill -0 "$pid" 2>/dev/null && echo "ok   the guest runs on after detach" ||
	fail "fvp ended after detach"
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
[ $status -eq 4 ] && echo "ok   SIGTERM: fvp exits 4" || fail "fvp exit status $status after SIGTERM, expected 4"
exit $failed
