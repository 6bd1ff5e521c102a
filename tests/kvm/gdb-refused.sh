#!/bin/bash
# gdb-refused.sh FVP ELF - --gdb under the KVM engine (KVM_SET_GUEST_DEBUG not used yet,
# docs/DEBUGGING.md) is refused with one line and exit status 1, before the guest runs; the
# software engines serve x86_64 (tests gdb-x86-*). Exits 77 where /dev/kvm is not usable.
set -uo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 FVP ELF" >&2
	exit 2
fi
fvp=$1
elf=$2
if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
	echo "SKIP: /dev/kvm not usable here (the refusal is KVM's)"
	exit 77
fi
err=$(timeout -k 5 20 "$fvp" run --quiet --arch x86_64 --engine kvm --kernel "$elf" \
	--gdb tcp:127.0.0.1:0 </dev/null 2>&1 >/dev/null)
status=$?
if [ $status -eq 1 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -q -- "not under KVM yet" <<<"$err"; then
	echo "ok   kvm: $err"
	exit 0
fi
echo "FAIL kvm: exit $status, stderr: $err"
exit 1
