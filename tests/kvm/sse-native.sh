#!/bin/bash
# sse-native.sh FVP ELF NATIVE - the host CPU as the oracle for sse.c and x87.c where KVM
# cannot run SSE or x87 (a nested or emulated KVM): NATIVE is the program built as a host
# program, which prints the value lines up to the exception cases; the software CPU (interp,
# jit, hybrid) must print the same lines first. Exit 77 (skip) if the host has no SSE4.2.
set -u
if [ $# -ne 3 ]; then
	echo "usage: $0 FVP ELF NATIVE" >&2
	exit 2
fi
fvp=$1 elf=$2 native=$3
grep -qw sse4_2 /proc/cpuinfo || { echo "skip: the host has no SSE4.2"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$native" | grep -v '^PASS' >"$tmp/native" || { echo "FAILED: the native run failed"; exit 1; }
n=$(wc -l <"$tmp/native")
for engine in interp jit hybrid; do
	timeout 100 "$fvp" run --arch x86_64 --engine "$engine" --mem 64M --kernel "$elf" \
		</dev/null 2>&1 | tr -d '\r' >"$tmp/$engine"
	if ! grep -q '^PASS (' "$tmp/$engine"; then
		echo "FAILED: $engine did not pass:"
		tail -5 "$tmp/$engine"
		exit 1
	fi
	if ! head -n "$n" "$tmp/$engine" | cmp -s - "$tmp/native"; then
		echo "FAILED: $engine and the host CPU disagree:"
		head -n "$n" "$tmp/$engine" | diff "$tmp/native" - | head -40
		exit 1
	fi
done
echo "ok: interp, jit and hybrid print the host CPU's $n lines"
