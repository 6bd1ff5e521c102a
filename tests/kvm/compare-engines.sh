#!/bin/bash
# compare-engines.sh FVP ELF - run a self-checking bare-metal x86-64 program on interp, jit and
# hybrid and, where /dev/kvm is usable, under KVM (the host CPU as the oracle); every
# software run must pass and print exactly what the others print, and what KVM prints.
# A KVM that fails the program's own architectural checks (a nested or paravirtual KVM that
# shows its own CS or flags, or cannot emulate an instruction) is an oracle only for the lines
# before the first such failure: those are compared, and the cut is reported (none, when KVM
# fails before printing anything, e.g. a KVM that cannot run SSE).
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 FVP ELF" >&2
	exit 2
fi
fvp=$1 elf=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # run ENGINE: output (carriage returns dropped) in $tmp/ENGINE
	timeout 100 "$fvp" run --arch x86_64 --engine "$1" --mem 64M --kernel "$elf" \
		</dev/null 2>&1 | tr -d '\r' >"$tmp/$1"
}

for engine in interp jit hybrid; do
	run $engine
	if ! grep -q '^PASS (' "$tmp/$engine"; then
		echo "FAILED: $engine did not pass:"
		cat "$tmp/$engine"
		exit 1
	fi
	if ! cmp -s "$tmp/interp" "$tmp/$engine"; then
		echo "FAILED: $engine and interp print different results:"
		diff "$tmp/interp" "$tmp/$engine"
		exit 1
	fi
done
echo "ok: interp, jit and hybrid pass and agree ($(wc -l <"$tmp/interp") lines)"

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	echo "note: no usable /dev/kvm: the host CPU was not compared"
	exit 0
fi
run kvm
if grep -q -- "--engine kvm: " "$tmp/kvm"; then
	echo "note: KVM is not usable here: the host CPU was not compared"
	cat "$tmp/kvm"
	exit 0
fi
# The oracle's lines: all of them, or those before its first failed check or KVM error
# (with the value line of that case).
cut=$(grep -n -m1 -e '^FAIL: ' -e '^fvp: error: KVM' "$tmp/kvm" | cut -d: -f1)
if [ -n "$cut" ]; then
	keep=$((cut - 1))
	if [ "$keep" -gt 0 ] && sed -n "${keep}p" "$tmp/kvm" | grep -q '^val: '; then
		keep=$((keep - 1))
	fi
	echo "note: KVM on this host fails the program's own check at line $cut:"
	sed -n "${cut}p" "$tmp/kvm"
	echo "note: comparing the $keep lines before it with the host CPU"
	head -n "$keep" "$tmp/kvm" >"$tmp/oracle"
else
	cp "$tmp/kvm" "$tmp/oracle"
fi
if [ ! -s "$tmp/oracle" ]; then
	echo "note: KVM printed nothing before failing: the host CPU was not compared"
	exit 0
fi
if ! head -n "$(wc -l <"$tmp/oracle")" "$tmp/interp" |
	cmp -s - "$tmp/oracle"; then
	echo "FAILED: the software CPU and the host CPU (KVM) disagree:"
	diff "$tmp/oracle" "$tmp/interp"
	exit 1
fi
echo "ok: the host CPU under KVM printed the same $(wc -l <"$tmp/oracle") lines"
