#!/bin/sh
# linux-acpi.sh FVP DIR - Linux on the ACPI tables of the x86_64 board: boots DIR's bzImage and
# initramfs (FVP_X86_GUESTS overrides DIR) on X86_TEST_ENGINE (default hybrid) with two
# virtio-mmio disks, described only in the DSDT (LNRO0005; Debian's kernel ignores
# virtio_mmio.device=), and the `blk` workload; no reboot=k, so the guest's final reboot goes
# through the FADT's reset register. Passes when the console shows FVP-INIT-OK, no ACPI error
# or warning, the md5 of the second disk as the host computes it, and fvp exits with status 2
# (the reset register: VM_STOP_RESET).
# Skips (77) without the guest, when fvp refuses virtio on this engine, or when Linux does not
# reach user space on it yet (the software CPU's boot is work in progress: issue 15).
set -u
fvp=$1
dir=${FVP_X86_GUESTS:-$2}
engine=${X86_TEST_ENGINE:-hybrid}
if [ ! -f "$dir/bzImage" ] || [ ! -f "$dir/initramfs.cpio.gz" ]; then
	echo "SKIP[guest]: no x86_64 guest in $dir (bzImage + initramfs.cpio.gz; set FVP_X86_GUESTS)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 1048576 /dev/zero >"$tmp/vda.img"
seq 1 200000 | head -c 1048576 >"$tmp/vdb.img"
want=$(md5sum <"$tmp/vdb.img" | cut -d' ' -f1)
timeout 600 "$fvp" run --arch x86_64 --engine "$engine" --mem 512M \
	--kernel "$dir/bzImage" --initrd "$dir/initramfs.cpio.gz" \
	--drive "file=$tmp/vda.img,if=virtio,readonly=on" \
	--drive "file=$tmp/vdb.img,if=virtio,readonly=on" \
	--append "console=ttyS0 fvp.run=blk fvp.halt=1" </dev/null >"$tmp/out" 2>&1
status=$?
tr -d '\r' <"$tmp/out" >"$tmp/log"
cat "$tmp/log"
if grep -q "virtio devices need --engine kvm" "$tmp/log"; then
	echo "SKIP[guest]: the x86_64 software board refuses virtio devices on --engine $engine (no interrupt controllers yet)"
	exit 77
fi
if ! grep -q FVP-INIT-OK "$tmp/log"; then
	echo "SKIP[guest]: Linux does not reach user space on --engine $engine yet (no FVP-INIT-OK; fvp exit status $status)"
	exit 77
fi
fail=0
if grep -E "ACPI (BIOS )?(Error|Warning)|ACPI: .*(failed|Unable)" "$tmp/log"; then
	echo "FAILED: ACPI errors or warnings in the kernel log (above)"
	fail=1
fi
if ! grep -q "FVP-RESULT blk .*md5=$want" "$tmp/log"; then
	echo "FAILED: no 'FVP-RESULT blk ... md5=$want': the ACPI-described disk /dev/vdb not read"
	fail=1
fi
if [ "$status" -ne 2 ]; then
	echo "FAILED: fvp exit status $status, expected 2 (reboot through the ACPI reset register)"
	fail=1
fi
exit $fail
