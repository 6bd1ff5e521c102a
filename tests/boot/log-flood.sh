#!/bin/bash
# log-flood.sh FVP - a guest cannot flood the log (issue 19, defect 3): a four-instruction
# raw riscv64 guest writes an unknown command to the SiFive test device in a loop; with
# `-d unimp` each message site prints its first lines only (the burst in core/log.h),
# where it used to print one line per write (tens of MB in seconds). Runs 2 s per engine.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 FVP (an executable)" >&2
	exit 1
fi
fvp=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-log-flood.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# lui t0, 0x100; lui t1, 0x1; addi t1, t1, 0x234; 1: sw t1, 0(t0); j 1b
printf '\xb7\x02\x10\x00\x37\x13\x00\x00\x13\x03\x43\x23\x23\xa0\x62\x00\x6f\xf0\xdf\xff' \
	>"$tmp/guest.bin"
burst=$(sed -n 's/^#define LOG_SITE_BURST[[:space:]]*\([0-9]*\).*/\1/p' \
	"$(dirname "$0")/../../src/core/log.h")
[ -n "$burst" ] || { echo "FAIL: LOG_SITE_BURST not found in src/core/log.h"; exit 1; }

failed=0
for engine in interp jit; do
	log=$tmp/$engine.log
	timeout --preserve-status -k 5 -s TERM 2 "$fvp" run --arch riscv64 --engine "$engine" --bios none --mem 16M \
		--kernel "$tmp/guest.bin" -d unimp --log "$log" </dev/null >"$tmp/out" 2>&1
	status=$?
	lines=$(grep -c 'sifive_test: unknown command 0x1234' "$log")
	size=$(stat -c %s "$log")
	if [ $status -ne 4 ]; then
		echo "FAIL $engine: exit status $status (expected 4, stopped by SIGTERM): $(cat "$tmp/out")"
		failed=1
	elif [ "$lines" -ne "$burst" ]; then
		echo "FAIL $engine: $lines 'unknown command' lines ($size bytes), expected $burst"
		failed=1
	else
		echo "ok   $engine: $lines lines, $size bytes of log in 2 s"
	fi
done
exit $failed
