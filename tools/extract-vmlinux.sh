#!/bin/bash
# extract-vmlinux.sh BZIMAGE OUT - writes the ELF vmlinux inside a bzImage to OUT, for a PVH
# boot (`fvp run --kernel OUT`: no decompressor runs in the guest). The compressed payload is
# found through the boot protocol's setup header (payload_offset at 0x248, payload_length at
# 0x24c, boot protocol 2.08 and later) and unpacked by the tool its magic names (gzip, xz,
# zstd, lzma, bzip2, lz4). OUT is written through a temporary file: never half-written.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BZIMAGE OUT" >&2; exit 2; }
in=$1 out=$2
die() { echo "extract-vmlinux: $in: $*" >&2; exit 1; }
[ -r "$in" ] || die "cannot read the file"
u8() { od -An -tu1 -j "$1" -N 1 "$in" | tr -d ' '; }
u16() { od -An -tu2 -j "$1" -N 2 "$in" | tr -d ' '; }
u32() { od -An -tu4 -j "$1" -N 4 "$in" | tr -d ' '; }
[ "$(head -c 518 "$in" | tail -c 4)" = HdrS ] || die "not a bzImage (no HdrS setup header)"
[ "$(u16 0x206)" -ge $((0x208)) ] || die "boot protocol older than 2.08: no payload fields"
sects=$(u8 0x1f1)
[ "$sects" -ne 0 ] || sects=4
start=$(((sects + 1) * 512 + $(u32 0x248)))
len=$(u32 0x24c)
magic=$(od -An -tx1 -j "$start" -N 6 "$in" | tr -d ' ')
case $magic in
1f8b*) tool=(gzip -dc) ;;
fd377a585a00) tool=(xz -dc) ;;
28b52ffd*) tool=(zstd -dcq) ;;
5d00*) tool=(xz -dc --format=lzma) ;;
425a68*) tool=(bzip2 -dc) ;;
02214c18*) tool=(lz4 -dc) ;;
*) die "unknown payload compression (magic $magic)" ;;
esac
command -v "${tool[0]}" >/dev/null || die "needs ${tool[0]} to unpack the kernel"
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
# the payload length includes a 4-byte size trailer that some tools reject as garbage
tail -c +$((start + 1)) "$in" | head -c "$len" | "${tool[@]}" >"$tmp" 2>/dev/null || [ -s "$tmp" ] ||
	die "${tool[0]} could not unpack the payload"
[ "$(head -c 4 "$tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] || die "the payload is not an ELF file"
mv "$tmp" "$out"
trap - EXIT
