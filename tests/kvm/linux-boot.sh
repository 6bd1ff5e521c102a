#!/bin/sh
# linux-boot.sh FVP DIR [bzimage|pvh] - boot Linux from DIR (bzImage + initramfs.cpio.gz)
# under --engine kvm and pass when the console shows FVP-INIT-OK and fvp exits 0 (reboot=k:
# the i8042 reset ends the run). bzimage (default): the boot protocol, the kernel's own
# decompressor runs in the guest; pvh: DIR/vmlinux, or the ELF unpacked from the bzImage by
# tools/extract-vmlinux.sh, entered through its PVH note. FVP_X86_GUESTS overrides DIR.
# Skips (77) without /dev/kvm or the guest.
set -u
fvp=$1
dir=${FVP_X86_GUESTS:-$2}
mode=${3:-bzimage}
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	echo "SKIP[host]: /dev/kvm missing or not read-write for this user"
	exit 77
fi
if [ ! -f "$dir/bzImage" ] || [ ! -f "$dir/initramfs.cpio.gz" ]; then
	echo "SKIP[guest]: no x86_64 guest in $dir (bzImage + initramfs.cpio.gz; set FVP_X86_GUESTS)"
	exit 77
fi
out=$(mktemp)
vmlinux=
trap 'rm -f "$out" $vmlinux' EXIT
kernel=$dir/bzImage
if [ "$mode" = pvh ]; then
	kernel=$dir/vmlinux
	if [ ! -f "$kernel" ]; then
		vmlinux=$(mktemp)
		"$here/../../tools/extract-vmlinux.sh" "$dir/bzImage" "$vmlinux" || exit 1
		kernel=$vmlinux
	fi
fi
start=$(date +%s)
timeout 1700 "$fvp" run --arch x86_64 --engine kvm --mem 512M --smp 2 \
	--kernel "$kernel" --initrd "$dir/initramfs.cpio.gz" \
	--append "console=ttyS0 reboot=k fvp.run=sha fvp.halt=1" </dev/null >"$out" 2>&1
status=$?
tr -d '\r' <"$out"
echo "linux-boot: $mode, fvp exit status $status after $(($(date +%s) - start)) s"
if ! grep -q FVP-INIT-OK "$out"; then
	echo "FAILED: no FVP-INIT-OK on the console"
	exit 1
fi
[ "$status" -eq 0 ] || { echo "FAILED: exit status $status"; exit 1; }
exit 0
