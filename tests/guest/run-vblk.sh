#!/bin/sh
# Test wrapper for the bare-metal virtio-blk guest (tests/guest/riscv64/vblk.c).
#   run-vblk.sh FVP ELF AIO CACHE [SIZE]
# Runs ELF under `fvp run --engine hybrid` with a fresh empty raw image of SIZE (default 16M)
# as --drive file=IMG,if=virtio,aio=AIO,cache=CACHE. Pass = exit status 0, the guest's PASS
# line, its 8 VBLK lines, and the image holding the guest's pattern afterwards (word w of
# sector s is the little-endian u64 0x76626c6b00000000 + 64*s + w), checked at the first,
# a middle and the last sector. Skips (77) if the file system refuses O_DIRECT (cache=none).
set -u
if [ $# -lt 4 ]; then
	echo "usage: $0 FVP ELF AIO CACHE [SIZE]" >&2
	exit 2
fi
fvp=$1 elf=$2 aio=$3 cache=$4 size=${5:-16M}
work=$(mktemp -d "${TMPDIR:-/tmp}/fvp-vblk.XXXXXX") || {
	echo "FAILED: cannot create a temp dir"
	exit 1
}
trap 'rm -rf "$work"' EXIT
img=$work/drive.img
truncate -s "$size" "$img" || {
	echo "FAILED: cannot create the $size image"
	exit 1
}
"$fvp" run --arch riscv64 --engine hybrid --bios none --mem 64M --kernel "$elf" \
	--drive "file=$img,if=virtio,aio=$aio,cache=$cache" </dev/null >"$work/out" 2>&1
status=$?
tr -d '\r' <"$work/out" >"$work/log"
cat "$work/log"
if grep -q 'does not support O_DIRECT' "$work/log"; then
	echo "SKIP[host]: the file system of ${TMPDIR:-/tmp} does not support O_DIRECT (cache=none)"
	exit 77
fi
if [ "$status" -ne 0 ]; then
	echo "FAILED: fvp exit status $status"
	exit 1
fi
if ! grep -q '^PASS (' "$work/log"; then
	echo "FAILED: exit status 0 but the guest never printed its PASS line"
	exit 1
fi
lines=$(grep -c '^VBLK bs=' "$work/log")
if [ "$lines" -ne 8 ]; then
	echo "FAILED: $lines VBLK result lines, want 8"
	exit 1
fi
sectors=$(($(stat -c %s "$img") / 512))
for sector in 0 $((sectors / 2 + 1)) $((sectors - 1)); do
	for word in 0 63; do
		got=$(od -An -tx8 -j $((sector * 512 + word * 8)) -N 8 "$img" | tr -d ' ')
		want=$(printf '%016x' $((0x76626c6b00000000 + sector * 64 + word)))
		if [ "$got" != "$want" ]; then
			echo "FAILED: image sector $sector word $word is $got, want $want"
			exit 1
		fi
	done
done
echo "image pattern checked at sectors 0, $((sectors / 2 + 1)), $((sectors - 1))"
exit 0
