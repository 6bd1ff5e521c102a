#!/bin/bash
# stats-traps.sh FVP - --stats counts each trap once (issue 19, defect 9: the engine and the
# riscv64 frontend both counted it). A raw riscv64 guest in M mode sets mtvec to a handler
# that steps over the ecall, executes ecall five times, then passes through the SiFive test
# device; its --stats must say "traps / interrupts  5 / 0" on every engine.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 FVP (an executable)" >&2
	exit 1
fi
fvp=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-stats-traps.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# 0x00 auipc t0, 0; addi t0, t0, 0x30; csrw mtvec, t0; li t1, 5
# 0x10 1: ecall; addi t1, t1, -1; bnez t1, 1b
# 0x1c lui t0, 0x100; lui t1, 0x5; addi t1, t1, 0x555; sw t1, 0(t0); j .
# 0x30 handler: csrr t2, mepc; addi t2, t2, 4; csrw mepc, t2; mret
{
	printf '\x97\x02\x00\x00\x93\x82\x02\x03\x73\x90\x52\x30\x13\x03\x50\x00'
	printf '\x73\x00\x00\x00\x13\x03\xf3\xff\xe3\x1c\x03\xfe'
	printf '\xb7\x02\x10\x00\x37\x53\x00\x00\x13\x03\x53\x55\x23\xa0\x62\x00\x6f\x00\x00\x00'
	printf '\xf3\x23\x10\x34\x93\x83\x43\x00\x73\x90\x13\x34\x73\x00\x20\x30'
} >"$tmp/guest.bin"

failed=0
for engine in interp jit hybrid; do
	timeout -k 5 20 "$fvp" run --arch riscv64 --engine "$engine" --bios none --mem 16M \
		--kernel "$tmp/guest.bin" --stats </dev/null >"$tmp/out" 2>&1
	status=$?
	line=$(grep 'traps / interrupts' "$tmp/out")
	if [ $status -ne 0 ] || ! grep -qE 'traps / interrupts +5 / 0$' <<<"$line"; then
		echo "FAIL $engine: status $status, '${line:-no traps line}'"
		sed 's/^/     /' "$tmp/out"
		failed=1
	else
		echo "ok   $engine: $line"
	fi
done
exit $failed
