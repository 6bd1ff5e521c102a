#!/bin/sh
# Test of --perf-map: runs a bare-metal guest under the JIT with --perf-map and checks
# /tmp/perf-PID.map: every line is "START SIZE NAME" in hex, NAME the entry trampoline or
# guest@0xPC; there is a trampoline per vCPU and blocks at the guest's entry page; every
# size is non-zero; the code ranges of one name never overlap another's.
#   run-perfmap.sh FVP ELF
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 FVP ELF" >&2
	exit 2
fi
fvp=$1 elf=$2
out=$(mktemp "${TMPDIR:-/tmp}/fvp-perfmap.XXXXXX") || exit 1
"$fvp" run --arch riscv64 --engine jit --bios none --mem 64M --smp 2 --perf-map \
	--kernel "$elf" </dev/null >"$out" 2>&1 &
pid=$!
wait $pid
status=$?
map=/tmp/perf-$pid.map
trap 'rm -f "$out" "$map"' EXIT
cat "$out"
fail() {
	echo "FAILED: $*"
	exit 1
}
[ $status = 0 ] || fail "fvp exited with status $status"
[ -s "$map" ] || fail "$map missing or empty"
bad=$(grep -cvE '^[0-9a-f]+ [0-9a-f]+ (fvp-jit-trampoline|guest@0x[0-9a-f]+)$' "$map")
[ "$bad" = 0 ] || fail "$bad malformed lines in $map"
[ "$(grep -c ' fvp-jit-trampoline$' "$map")" = 2 ] || fail "want one trampoline per vCPU"
grep -qE ' guest@0x800000[0-9a-f]{2}$' "$map" || fail "no block at the guest's entry page"
grep -qE '^[0-9a-f]+ 0 ' "$map" && fail "an entry of size 0"
# sorted by start, each range must end before the next begins
overlaps=$(python3 -c 'import sys
r = sorted((int(a, 16), int(b, 16)) for a, b, _ in (l.split(None, 2) for l in open(sys.argv[1])))
print(sum(1 for (s0, n0), (s1, _) in zip(r, r[1:]) if s0 + n0 > s1))' "$map") ||
	fail "cannot check $map for overlaps"
[ "$overlaps" = 0 ] || fail "$overlaps overlapping code ranges"
echo "perf map: $(wc -l <"$map") entries"
