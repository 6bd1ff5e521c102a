#!/bin/bash
# gdb-refused.sh FVP ELF - --gdb where the stub cannot serve yet (docs/GDB.md) is refused
# with one line and exit status 1, before the guest runs: the x86-64 software CPU (no
# debugger hooks in its frontend yet) and the KVM engine (KVM_SET_GUEST_DEBUG not used;
# checked only where /dev/kvm is usable).
set -uo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 FVP ELF" >&2
	exit 2
fi
fvp=$1
elf=$2
failed=0
check() { # WORD ENGINE
	local err status
	err=$(timeout -k 5 20 "$fvp" run --quiet --arch x86_64 --engine "$2" --kernel "$elf" \
		--gdb tcp:127.0.0.1:0 </dev/null 2>&1 >/dev/null)
	status=$?
	if [ $status -eq 1 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -q -- "$1" <<<"$err"; then
		echo "ok   $2: $err"
	else
		echo "FAIL $2: exit $status, stderr: $err"
		failed=1
	fi
}
check "the x86_64 frontend cannot be debugged yet" hybrid
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	check "not under KVM yet" kvm
else
	echo "ok   kvm: not checked (/dev/kvm not usable here)"
fi
exit $failed
