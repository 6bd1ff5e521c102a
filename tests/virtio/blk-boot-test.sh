#!/bin/bash
# blk-boot-test.sh - boots the riscv64 test guest with two virtio disks and
# checks that the guest reads the second one (/dev/vdb, 32 MiB of random
# bytes) with the same md5 as the host.
#
# Usage: blk-boot-test.sh FVP AIO [--timeout SEC] [--logdir DIR]
#   AIO      the block back-end: io_uring or sync
# Exit status: 0 pass, 1 fail, 77 skip (no guest or firmware: says what to get).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../boot/find-guest.sh
. "$here/../boot/find-guest.sh"

[ $# -ge 2 ] || { sed -n '6,8p' "$0" >&2; exit 1; }
prog=$1 aio=$2
shift 2
limit=600 logdir=.
while [ $# -ge 2 ]; do
	case "$1" in
	--timeout) limit=$2 ;;
	--logdir) logdir=$2 ;;
	*) echo "blk-boot-test: unknown option $1" >&2; exit 1 ;;
	esac
	shift 2
done
dir=$(fvp_guest_dir riscv64) || exit 77
fvp_guest_command "$prog" "$dir" 1 auto "console=ttyS0 fvp.run=blk fvp.halt=1" || exit 77

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
truncate -s 1M "$work/vda.img"
head -c 32M /dev/urandom >"$work/vdb.img"
want=$(md5sum "$work/vdb.img" | cut -d' ' -f1)
fvp_cmd+=(--drive "file=$work/vda.img,if=virtio,aio=$aio"
	--drive "file=$work/vdb.img,if=virtio,aio=$aio,serial=fvp-vdb")
mkdir -p "$logdir"
log=$logdir/virtio-blk-$aio.log
echo "blk-boot-test $aio: ${fvp_cmd[*]}"
timeout -k 10 "$limit" "${fvp_cmd[@]}" </dev/null >"$log" 2>&1
status=$?
console=$(tr -d '\r' <"$log")
result=$(grep -m1 '^FVP-RESULT blk ' <<<"$console")
echo "blk-boot-test $aio: exit $status, host md5 $want, guest: $result"
if [ $status -eq 0 ] && grep -q " md5=$want " <<<"$result" && grep -q '^FVP-HALT$' <<<"$console"; then
	echo "blk-boot-test $aio: PASS"
	exit 0
fi
echo "blk-boot-test $aio: FAIL; last 30 console lines ($log):"
tail -n 30 <<<"$console"
exit 1
