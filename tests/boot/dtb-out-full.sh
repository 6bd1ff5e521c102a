#!/bin/bash
# dtb-out-full.sh FVP - --dtb-out on a full disk loses nothing (issue 19, defect 6): in a
# private mount namespace a tiny tmpfs is filled, an old board.dtb kept on it; fvp must fail
# with a one-line error, leave board.dtb as it was and leave no temporary file (it used to
# truncate the target to 0 bytes). Needs unshare -m and mount (root): else skips.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 FVP (an executable)" >&2
	exit 1
fi
if ! unshare -m true 2>/dev/null; then
	echo "SKIP[host]: needs a private mount namespace (unshare -m: run as root)"
	exit 77
fi
export FVP=$1
# lui t0, 0x100; lui t1, 0x5; addi t1, t1, 0x555; sw t1, 0(t0) (test device: pass)
exec unshare -m bash -c '
	set -u
	mnt=$(mktemp -d "${TMPDIR:-/tmp}/fvp-dtb-full.XXXXXX")
	trap "umount \"$mnt\" 2>/dev/null; rm -rf \"$mnt\" \"$mnt.guest\"" EXIT
	printf "\xb7\x02\x10\x00\x37\x53\x00\x00\x13\x03\x53\x55\x23\xa0\x62\x00" >"$mnt.guest"
	mount -t tmpfs -o size=64k tmpfs "$mnt" || { echo "SKIP[host]: cannot mount a tmpfs"; exit 77; }
	echo "old tree" >"$mnt/board.dtb"
	dd if=/dev/zero of="$mnt/fill" bs=4k 2>/dev/null
	"$FVP" run --arch riscv64 --bios none --mem 16M --kernel "$mnt.guest" \
		--dtb-out "$mnt/board.dtb" </dev/null >"$mnt.out" 2>&1
	status=$?
	out=$(cat "$mnt.out"); rm -f "$mnt.out"
	files=$(ls -A "$mnt" | tr "\n" " ")
	if [ $status -ne 1 ] || [ "$(cat "$mnt/board.dtb")" != "old tree" ] ||
		[ "$files" != "board.dtb fill " ] || [ "$(printf "%s\n" "$out" | wc -l)" -ne 1 ]; then
		echo "FAIL: status $status, files: $files, board.dtb: $(head -c 40 "$mnt/board.dtb" | tr -cd "[:print:]"), output: $out"
		exit 1
	fi
	echo "ok   full disk: status 1, board.dtb unchanged, no temporary file: $out"
'
