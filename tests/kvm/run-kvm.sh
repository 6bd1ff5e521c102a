#!/bin/sh
# Test wrapper for the bare-metal x86-64 tests (suite 'kvm' on KVM, suite 'guest' on the
# software engines).
#   run-kvm.sh FVP ELF SMP [STATUS TEXT]
# Runs ELF under `fvp run --arch x86_64 --engine ENGINE`, ENGINE from X86_TEST_ENGINE (kvm if
# unset). Without STATUS: pass = exit 0 and a
# "PASS (" line. With STATUS: pass = that exit status and TEXT somewhere in the output.
# KVM_TEST_ARGS adds fvp options (split on blanks). KVM_TEST_MAX_MMIO=N (with --stats in
# KVM_TEST_ARGS) also fails the test when vCPU 0 took more than N MMIO exits.
# Skips (exit 77) saying why when /dev/kvm is missing or not usable by this user.
set -u
if [ $# -lt 3 ]; then
	echo "usage: $0 FVP ELF SMP [STATUS TEXT]" >&2
	exit 2
fi
fvp=$1 elf=$2 smp=$3 engine=${X86_TEST_ENGINE:-kvm}
if [ "$engine" != kvm ]; then
	: # the software engines need nothing from the host
elif [ ! -e /dev/kvm ]; then
	echo "SKIP[host]: /dev/kvm not found (load kvm_intel or kvm_amd, or enable nested virtualization)"
	exit 77
fi
if [ "$engine" = kvm ] && { [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; }; then
	echo "SKIP[host]: /dev/kvm is not read-write for $(id -un) (add the user to the kvm group)"
	exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2086 # KVM_TEST_ARGS is a list of options
timeout 100 "$fvp" run --arch x86_64 --engine "$engine" --mem 64M --smp "$smp" --kernel "$elf" \
	${KVM_TEST_ARGS:-} </dev/null >"$out" 2>&1
status=$?
tr -d '\r' <"$out"
if grep -q -- "--engine kvm: " "$out"; then
	echo "SKIP[host]: KVM is not usable here (see the line above)"
	exit 77
fi
if [ $# -ge 5 ]; then
	if [ "$status" -ne "$4" ]; then
		echo "FAILED: exit status $status, expected $4"
		exit 1
	fi
	if ! grep -q -- "$5" "$out"; then
		echo "FAILED: the output does not say '$5'"
		exit 1
	fi
	exit 0
fi
if [ "$status" -ne 0 ]; then
	echo "FAILED: fvp exit status $status"
	exit 1
fi
if [ -n "${KVM_TEST_MAX_MMIO:-}" ]; then
	mmio=$(sed -n 's/.*vCPU 0: .* port I\/O, \([0-9]*\) MMIO.*/\1/p' "$out")
	if [ -z "$mmio" ] || [ "$mmio" -gt "$KVM_TEST_MAX_MMIO" ]; then
		echo "FAILED: ${mmio:-no} MMIO exits on vCPU 0, at most $KVM_TEST_MAX_MMIO expected"
		exit 1
	fi
fi
if ! tr -d '\r' <"$out" | grep -q '^PASS ('; then
	echo "FAILED: exit status 0 but the guest never printed its PASS line"
	exit 1
fi
exit 0
