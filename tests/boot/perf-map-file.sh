#!/bin/bash
# perf-map-file.sh FVP - --perf-map never writes through a file it does not own (issue 19,
# defect 4). /tmp/perf-PID.map is planted before fvp starts (`exec` keeps the shell's PID):
# a symlink to a victim file must make fvp fail with a one-line message and leave the
# victim as it was (it used to be truncated and overwritten); a stale regular map of this
# user is reused. Runs a raw riscv64 guest that powers off at once (jit engine).
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 FVP (an executable)" >&2
	exit 1
fi
fvp=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-perf-map-file.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# lui t0, 0x100; lui t1, 0x5; addi t1, t1, 0x555; sw t1, 0(t0) (test device: pass)
printf '\xb7\x02\x10\x00\x37\x53\x00\x00\x13\x03\x53\x55\x23\xa0\x62\x00' >"$tmp/guest.bin"
echo "victim contents" >"$tmp/victim"
export FVP=$fvp GUEST=$tmp/guest.bin VICTIM=$tmp/victim OUT=$tmp/out

failed=0
# 1. a symlink planted at the map's name
bash -c 'map=/tmp/perf-$$.map; ln -s "$VICTIM" "$map"; echo "$map" >"$OUT.map"
	exec "$FVP" run --arch riscv64 --engine jit --bios none --mem 16M --perf-map \
		--kernel "$GUEST" </dev/null >"$OUT" 2>&1'
status=$?
map=$(cat "$tmp/out.map")
rm -f "$map"
if [ $status -ne 1 ] || ! grep -q "cannot create $map for --perf-map: it exists" "$tmp/out" ||
	[ "$(cat "$tmp/victim")" != "victim contents" ]; then
	echo "FAIL symlink: status $status, victim '$(cat "$tmp/victim")', output: $(cat "$tmp/out")"
	failed=1
else
	echo "ok   symlink: refused, victim intact: $(cat "$tmp/out")"
fi

# 2. a stale map of ours at the same name: reused (truncated, then written)
bash -c 'map=/tmp/perf-$$.map; echo "stale 1 old" >"$map"; echo "$map" >"$OUT.map"
	exec "$FVP" run --arch riscv64 --engine jit --bios none --mem 16M --perf-map \
		--kernel "$GUEST" </dev/null >"$OUT" 2>&1'
status=$?
map=$(cat "$tmp/out.map")
if [ $status -ne 0 ] || grep -q stale "$map" || ! grep -q 'guest@0x' "$map"; then
	echo "FAIL stale map: status $status, output: $(cat "$tmp/out")"
	failed=1
else
	echo "ok   stale map of ours: reused ($(wc -l <"$map") entries)"
fi
rm -f "$map"
exit $failed
