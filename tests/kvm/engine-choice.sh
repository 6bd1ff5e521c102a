#!/bin/sh
# engine-choice.sh FVP ELF - the engine/arch pairing rules, one line each: x86_64 with a
# software engine, riscv64 with kvm, and (with a usable /dev/kvm) --engine auto picking kvm.
set -u
fvp=$1 elf=$2
fails=0
expect() { # expect STATUS TEXT -- fvp args...
	want=$1 text=$2
	shift 3
	out=$("$fvp" "$@" </dev/null 2>&1)
	status=$?
	if [ "$status" -ne "$want" ] || ! printf '%s\n' "$out" | grep -q -- "$text"; then
		echo "FAILED: fvp $*: status $status (want $want), output:"
		printf '%s\n' "$out"
		fails=$((fails + 1))
	else
		echo "ok: fvp $*: status $status, says '$text'"
	fi
}
expect 1 "x86_64 guests need --engine kvm (no software frontend yet)" -- \
	run --arch x86_64 --engine interp --mem 64M --kernel "$elf"
expect 1 "x86_64 guests need --engine kvm (no software frontend yet)" -- \
	run --arch x86_64 --engine jit --mem 64M --kernel "$elf"
expect 1 "engine kvm runs x86_64 guests only" -- \
	run --arch riscv64 --engine kvm --bios none --kernel "$elf"
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	expect 0 "PASS (serial)" -- run --arch x86_64 --mem 64M --kernel "$elf"
fi
[ "$fails" -eq 0 ]
