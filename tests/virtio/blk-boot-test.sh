#!/bin/bash
# blk-boot-test.sh - boots the riscv64 test guest with two virtio disks and
# checks that the guest reads the second one (/dev/vdb, 32 MiB of random
# bytes) with the same md5 as the host.
#
# Usage: blk-boot-test.sh FVP AIO [--engine E] [--timeout SEC] [--logdir DIR]
#   AIO      the block back-end: io_uring or sync
# Exit status: 0 pass, 1 fail, 77 skip (no guest or firmware: says what to get).
set -uo pipefail

virtio_name=blk-boot-test
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
virtio_parse_args 2 "$@"
prog=${virtio_pos[0]} aio=${virtio_pos[1]}
virtio_name="blk-boot-test $aio"
virtio_guest "$prog" "console=ttyS0 fvp.run=blk fvp.halt=1"

truncate -s 1M "$work/vda.img"
head -c 32M /dev/urandom >"$work/vdb.img"
want=$(md5sum "$work/vdb.img" | cut -d' ' -f1)
fvp_cmd+=(--drive "file=$work/vda.img,if=virtio,aio=$aio"
	--drive "file=$work/vdb.img,if=virtio,aio=$aio,serial=fvp-vdb")
virtio_run "virtio-blk-$aio"
result=$(grep -m1 '^FVP-RESULT blk ' <<<"$console")
echo "$virtio_name: exit $status, host md5 $want, guest: $result"
if [ $status -eq 0 ] && grep -q " md5=$want " <<<"$result" && virtio_halted; then
	virtio_pass
fi
virtio_fail
