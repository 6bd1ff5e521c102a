#!/bin/bash
# boot-test.sh - boots a Linux test guest and checks its console.
#
# Usage: boot-test.sh FVP NAME [--arch riscv64|x86_64] [--smp N] [--run a,b,c] [--engine E]
#                     [--timeout SEC] [--logdir DIR] [--extra "FVP ARGS"] [--expect REGEX]
#                     [--reject REGEX] [--entry bzimage|pvh]
#   FVP      the fvp binary (a qemu-system-riscv64 or -x86_64 binary also works, to check
#            the test itself against QEMU)
#   NAME     names the console log: DIR/NAME.log (DIR default: the current folder)
#   --extra  more fvp options (split on spaces); --expect: a line of the log (console and
#            fvp's own output) must match this extended regular expression; --reject: no
#            line may match it
#   --entry  x86_64: boot the bzImage (default) or the vmlinux inside it through its PVH
#            note (tools/extract-vmlinux.sh); the guest powers off with reboot=k
# Passes when, within the wall-clock limit (default 1200 s): the console shows
# FVP-INIT-OK with cpus=N, one FVP-RESULT per workload of --run and each ok=yes,
# FVP-HALT, and the emulator exits with status 0 (guest powered off).
# Exit status: 0 pass, 1 fail, 77 skip (no guest or no firmware: says what to get).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=find-guest.sh
. "$here/find-guest.sh"

usage() {
	sed -n '4,14p' "$0" >&2
	exit 1
}
[ $# -ge 2 ] || usage
prog=$1 name=$2
shift 2
smp=1 run=sha engine=interp limit=1200 logdir=. extra= expect= reject= arch=riscv64 entry=bzimage
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	case "$1" in
	--smp) smp=$2 ;;
	--run) run=$2 ;;
	--engine) engine=$2 ;;
	--timeout) limit=$2 ;;
	--logdir) logdir=$2 ;;
	--extra) extra=$2 ;;
	--expect) expect=$2 ;;
	--reject) reject=$2 ;;
	--arch) arch=$2 ;;
	--entry) entry=$2 ;;
	*) usage ;;
	esac
	shift 2
done

[ -x "$prog" ] || {
	echo "boot-test: $prog is not an executable" >&2
	exit 1
}
# skip KIND REASON: KIND is guest (none found) or package (no firmware), see
# tools/check-skips.sh.
skip() {
	echo "boot-test $name: SKIP[$1]: $2"
	exit 77
}
why=$(fvp_guest_dir "$arch" 2>&1 >/dev/null) || skip guest "$why"
dir=$(fvp_guest_dir "$arch")
fvp_cmd=()
append="console=ttyS0 fvp.run=$run fvp.halt=1"
[ "$arch" = riscv64 ] || append+=" reboot=k"
why=$(fvp_guest_command "$prog" "$dir" "$smp" "$engine" "$append" "$arch" 2>&1) ||
	skip package "$why"
fvp_guest_command "$prog" "$dir" "$smp" "$engine" "$append" "$arch"
vmlinux=
if [ "$entry" = pvh ]; then
	vmlinux=$(mktemp "${TMPDIR:-/tmp}/fvp-vmlinux.XXXXXX")
	trap 'rm -f "$vmlinux" "$vmlinux.err"' EXIT
	"$here/../../tools/extract-vmlinux.sh" "$dir/bzImage" "$vmlinux" >/dev/null 2>"$vmlinux.err" ||
		{ echo "boot-test $name: cannot unpack the vmlinux of $dir/bzImage: $(cat "$vmlinux.err")"; exit 1; }
	for i in "${!fvp_cmd[@]}"; do
		[ "${fvp_cmd[$i]}" != "$dir/bzImage" ] || fvp_cmd[i]=$vmlinux
	done
fi
# shellcheck disable=SC2206 # --extra is split on spaces by design
fvp_cmd+=($extra)

mkdir -p "$logdir"
log=$logdir/$name.log
echo "boot-test $name: $arch guest $dir, smp $smp, run $run, limit ${limit}s"
echo "boot-test $name: ${fvp_cmd[*]}"
echo "boot-test $name: console log $log"

start=$(date +%s)
timeout -k 10 "$limit" "${fvp_cmd[@]}" </dev/null >"$log" 2>&1
status=$?
elapsed=$(($(date +%s) - start))

# The console may end lines with CR LF: compare on a CR-free copy.
console=$(tr -d '\r' <"$log")
problems=()
if [ $status -eq 124 ] || [ $status -eq 137 ]; then
	problems+=("timed out after ${limit}s")
elif [ $status -ne 0 ]; then
	problems+=("exit status $status, expected 0 (guest powered off)")
fi
init_line=$(grep -m1 '^FVP-INIT-OK ' <<<"$console")
if [ -z "$init_line" ]; then
	problems+=("no FVP-INIT-OK line")
elif ! grep -q " cpus=$smp\$" <<<"$init_line"; then
	problems+=("FVP-INIT-OK reports the wrong number of CPUs: '$init_line', expected cpus=$smp")
fi
for workload in ${run//,/ }; do
	result=$(grep -m1 "^FVP-RESULT $workload " <<<"$console")
	[ -n "$result" ] || problems+=("no FVP-RESULT for $workload")
done
while read -r line; do
	[ -n "$line" ] && problems+=("not ok: '$line'")
done < <(grep '^FVP-RESULT ' <<<"$console" | grep -v ' ok=yes\( \|$\)')
grep -q '^FVP-HALT$' <<<"$console" || problems+=("no FVP-HALT line")
if [ -n "$expect" ] && ! grep -qE -- "$expect" <<<"$console"; then
	problems+=("no line matches '$expect'")
fi
if [ -n "$reject" ]; then
	while read -r line; do
		[ -n "$line" ] && problems+=("a line matches '$reject': '$line'")
	done < <(grep -E -- "$reject" <<<"$console")
fi

grep '^FVP-' <<<"$console" | sed "s/^/boot-test $name: /"
if [ ${#problems[@]} -eq 0 ]; then
	echo "boot-test $name: PASS in ${elapsed}s"
	exit 0
fi
for p in "${problems[@]}"; do echo "boot-test $name: FAIL: $p"; done
echo "boot-test $name: last 40 console lines ($log):"
tail -n 40 <<<"$console"
exit 1
