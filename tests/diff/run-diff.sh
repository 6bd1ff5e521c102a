#!/bin/sh
# Differential test runner: the same C source built as a Linux user program
# (run under qemu-riscv64, the oracle) and as a bare-metal guest (run under
# `fvp run --bios none`). The lines between the "=== diff begin/end ===" markers
# must match exactly; on mismatch a unified diff is printed.
#   run-diff.sh QEMU_USER LINUX_ELF FVP BARE_ELF
#   run-diff.sh --skip REASON       (exit 77: meson reports the test as skipped)
# FVP_GUEST_EMULATOR=qemu runs the bare-metal build under qemu-system-riscv64
# instead of FVP, which validates the pipeline itself.
# QEMU_USER "native" runs LINUX_ELF directly (a host program: the host CPU is the oracle), and
# FVP_DIFF_RUN replaces the fvp options before --kernel (default: riscv64, interp, --bios none).
set -u
if [ "${1:-}" = "--skip" ]; then
	echo "SKIP[package]: ${2:-diff tests unavailable}"
	exit 77
fi
if [ $# -ne 4 ]; then
	echo "usage: $0 QEMU_USER LINUX_ELF FVP BARE_ELF | --skip REASON" >&2
	exit 2
fi
qemu_user=$1
linux_elf=$2
fvp=$3
bare_elf=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

extract() {
	tr -d '\r' | sed -n '/^=== diff begin ===$/,/^=== diff end ===$/p'
}

if [ "$qemu_user" = native ]; then
	"$linux_elf" >"$dir/raw-ref" 2>&1
else
	"$qemu_user" "$linux_elf" >"$dir/raw-ref" 2>&1
fi
ref_status=$?
if [ "${FVP_GUEST_EMULATOR:-fvp}" = "qemu" ]; then
	qemu-system-riscv64 -M virt -m 64M -bios none -nographic -monitor none -serial stdio \
		-kernel "$bare_elf" </dev/null >"$dir/raw-out" 2>&1
else
	# shellcheck disable=SC2086 # FVP_DIFF_RUN is a list of options
	"$fvp" run ${FVP_DIFF_RUN:---arch riscv64 --engine interp --bios none --mem 64M} \
		--kernel "$bare_elf" </dev/null >"$dir/raw-out" 2>&1
fi
out_status=$?
extract <"$dir/raw-ref" >"$dir/ref"
extract <"$dir/raw-out" >"$dir/out"
if [ "$ref_status" -ne 0 ] || ! [ -s "$dir/ref" ]; then
	echo "FAILED: reference run ($qemu_user $linux_elf) exited $ref_status:"
	cat "$dir/raw-ref"
	exit 1
fi
if ! diff -u "$dir/ref" "$dir/out"; then
	echo "FAILED: output differs from the reference ($qemu_user; emulator exit $out_status)"
	echo "--- full emulator output ---"
	tr -d '\r' <"$dir/raw-out"
	exit 1
fi
if [ "$out_status" -ne 0 ]; then
	echo "FAILED: output matches but the emulator exited $out_status"
	exit 1
fi
echo "ok: $(wc -l <"$dir/ref") lines identical"
exit 0
