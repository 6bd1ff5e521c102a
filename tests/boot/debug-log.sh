#!/bin/bash
# debug-log.sh FVP - the debug classes that print guest state, through the frontend's table:
# `-d in_asm,ir,ir_opt,cpu --log FILE` prints each translated block once per class (every IR
# listing follows its "---- block pc=... (ir)" or "(ir_opt)" header, and the entry block
# has one header of each; every block has one "IN: pc ..." guest listing, each instruction
# with its bytes and the frontend's disassembly), and, when the VM stops, hart 0's
# registers with the values the guest put in t0 (x5) and t1 (x6). Runs a five-instruction raw riscv64 guest (no cross
# compiler needed) under --bios none on every engine; the guest stops the VM through the
# SiFive test device. (The riscv64 frontend used to print each block's IR a second time,
# without a header, besides the engine's listing.)
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 FVP (an executable)" >&2
	exit 1
fi
fvp=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-debug-log.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# lui t0, 0x100; lui t1, 0x5; addi t1, t1, 0x555; sw t1, 0(t0); j .
# (stores 0x5555, "pass", to the test device at 0x100000), little-endian
printf '\xb7\x02\x10\x00\x37\x53\x00\x00\x13\x03\x53\x55\x23\xa0\x62\x00\x6f\x00\x00\x00' \
	>"$tmp/guest.bin"
entry='---- block pc=0x0000000080200000 '

failed=0
for engine in interp jit hybrid; do
	log=$tmp/$engine.log
	timeout -k 5 20 "$fvp" run --quiet --arch riscv64 --engine "$engine" --bios none \
		--mem 16M --kernel "$tmp/guest.bin" -d in_asm,ir,ir_opt,cpu --log "$log" </dev/null \
		>"$tmp/out" 2>&1
	status=$?
	headers=$(grep -c '^---- block ' "$log")
	listings=$(grep -c '^-- guest 0 ' "$log")
	# a listing's first line must come right after a header
	orphans=$(awk '/^-- guest 0 / && prev !~ /^---- block / { n++ } { prev = $0 }
		END { print n + 0 }' "$log")
	nir=$(grep -c "^$entry.*(ir)\$" "$log")
	nopt=$(grep -c "^$entry.*(ir_opt)\$" "$log")
	nin=$(grep -c '^IN: pc ' "$log")
	nin_entry=$(grep -c '^IN: pc 0x0000000080200000 ' "$log")
	in_insn=$(grep -c '^0x0000000080200008:  13 03 53 55  addi t1, t1, 1365$' "$log")
	regs=0
	for want in '^hart 0 pc ' 'x5  0000000000100000' 'x6  0000000000005555'; do
		grep -q "$want" "$log" && regs=$((regs + 1))
	done
	why=
	if [ $status -ne 0 ]; then
		why="exit status $status: $(cat "$tmp/out")"
	elif [ "$nir" -ne 1 ] || [ "$nopt" -ne 1 ]; then
		why="the entry block has $nir (ir) and $nopt (ir_opt) headers, expected one each"
	elif [ "$orphans" -ne 0 ] || [ "$listings" -ne "$headers" ]; then
		why="$listings IR listings for $headers block headers ($orphans without one)"
	elif [ "$nin_entry" -ne 1 ] || [ "$nin" -ne "$nir" ] || [ "$in_insn" -ne 1 ]; then
		why="-d in_asm: $nin guest listings for $nir blocks, $nin_entry of the entry block,"
		why="$why $in_insn lines of its addi t1 (with bytes 13 03 53 55)"
	elif [ "$regs" -ne 3 ]; then
		why="-d cpu: $regs of 3 lines (hart 0 pc, x5 = 0x100000, x6 = 0x5555) in the log"
	fi
	if [ -z "$why" ]; then
		echo "ok   $engine: $headers block headers, $listings listings"
	else
		echo "FAIL $engine: $why"
		sed 's/^/     log: /' "$log"
		failed=$((failed + 1))
	fi
done
[ $failed -eq 0 ]
