#!/bin/sh
# Test wrapper for the bare-metal riscv64 guest tests.
#   run-guest.sh FVP ELF [SMP [ENGINE]]   run ELF under `fvp run --engine ENGINE` (default
#                                interp); pass = exit 0 and a "PASS (" line
#   run-guest.sh --skip REASON   report why the suite cannot run (a missing package) and
#                                exit 77 (meson: skipped; tools/check-skips.sh: a failure)
# FVP_GUEST_EMULATOR=qemu runs the same ELF under qemu-system-riscv64 -M virt -bios none
# instead (the reference the tests were validated against).
set -u
if [ "${1:-}" = "--skip" ]; then
	echo "SKIP[package]: ${2:-guest tests unavailable}"
	exit 77
fi
if [ $# -lt 2 ]; then
	echo "usage: $0 FVP ELF [SMP] | --skip REASON" >&2
	exit 2
fi
fvp=$1
elf=$2
smp=${3:-1}
engine=${4:-interp}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if [ "${FVP_GUEST_EMULATOR:-fvp}" = "qemu" ]; then
	qemu-system-riscv64 -M virt -m 64M -smp "$smp" -bios none -nographic -monitor none \
		-serial stdio -kernel "$elf" </dev/null >"$out" 2>&1
	status=$?
else
	"$fvp" run --arch riscv64 --engine "$engine" --bios none --mem 64M --smp "$smp" \
		--kernel "$elf" </dev/null >"$out" 2>&1
	status=$?
fi
tr -d '\r' <"$out"
if [ "$status" -ne 0 ]; then
	echo "FAILED: emulator exit status $status"
	exit 1
fi
if ! tr -d '\r' <"$out" | grep -q '^PASS ('; then
	echo "FAILED: exit status 0 but the guest never printed its PASS line"
	exit 1
fi
exit 0
