#!/bin/sh
# linux-boot.sh FVP DIR - boot DIR/bzImage + DIR/initramfs.cpio.gz under --engine kvm and
# pass when the console shows FVP-INIT-OK and fvp exits 0 (reboot=k: the i8042 reset ends the
# run). FVP_X86_GUESTS overrides DIR. Skips (77) without /dev/kvm or the guest.
set -u
fvp=$1
dir=${FVP_X86_GUESTS:-$2}
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	echo "SKIP: /dev/kvm missing or not read-write for this user"
	exit 77
fi
if [ ! -f "$dir/bzImage" ] || [ ! -f "$dir/initramfs.cpio.gz" ]; then
	echo "SKIP: no x86_64 guest in $dir (bzImage + initramfs.cpio.gz; set FVP_X86_GUESTS)"
	exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
timeout 1700 "$fvp" run --arch x86_64 --engine kvm --mem 512M --smp 2 \
	--kernel "$dir/bzImage" --initrd "$dir/initramfs.cpio.gz" \
	--append "console=ttyS0 reboot=k fvp.run=sha fvp.halt=1" </dev/null >"$out" 2>&1
status=$?
tr -d '\r' <"$out"
echo "linux-boot: fvp exit status $status after $(($(date +%s) - start)) s"
if ! grep -q FVP-INIT-OK "$out"; then
	echo "FAILED: no FVP-INIT-OK on the console"
	exit 1
fi
[ "$status" -eq 0 ] || { echo "FAILED: exit status $status"; exit 1; }
exit 0
