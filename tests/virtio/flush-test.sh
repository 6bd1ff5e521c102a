#!/bin/bash
# flush-test.sh - durability of a guest's sync: the riscv64 test guest boots
# with a fresh 16 MiB ext4 image as /dev/vda whose run.sh (run by the
# guest's init) writes a marker with random content and a 1 MiB random copy,
# runs sync, prints FVP-SYNCED and waits. The test SIGKILLs FVP as soon as
# that line appears, replays the journal on the host (e2fsck) and checks
# the files' contents with debugfs: what sync returned for must be in the
# image file, with no help from a clean shutdown.
#
# Usage: flush-test.sh FVP AIO [--engine E] [--timeout SEC] [--logdir DIR]
#   AIO      the block back-end: io_uring or sync
# Exit status: 0 pass, 1 fail, 77 skip (no guest, firmware or e2fsprogs: says what to get).
set -uo pipefail

virtio_name=flush-test
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
virtio_parse_args 2 "$@"
prog=${virtio_pos[0]} aio=${virtio_pos[1]}
virtio_name="flush-test $aio"
for tool in mkfs.ext4 debugfs e2fsck; do
	virtio_need $tool "apt-get install e2fsprogs"
done
virtio_guest "$prog" "console=ttyS0"

token=$(head -c 32 /dev/urandom | md5sum | cut -d' ' -f1)
mkdir "$work/fs"
head -c 1M /dev/urandom >"$work/fs/payload"
want_copy=$(md5sum "$work/fs/payload" | cut -d' ' -f1)
cat >"$work/fs/run.sh" <<SCRIPT
#!/bin/sh
echo "$token" >/mnt/marker
cp /mnt/payload /mnt/copy
sync
echo FVP-SYNCED
exec sleep 1000
SCRIPT
chmod +x "$work/fs/run.sh"
img=$work/vda.img
truncate -s 16M "$img"
mkfs.ext4 -q -F -d "$work/fs" "$img" || { echo "$virtio_name: mkfs.ext4 failed" >&2; exit 1; }

fvp_cmd+=(--drive "file=$img,if=virtio,aio=$aio")
virtio_start "virtio-flush-$aio"
synced=no
virtio_wait_console '^FVP-SYNCED' && synced=yes
kill -9 "$fvp_pid" 2>/dev/null
virtio_wait_end
if [ $synced != yes ]; then
	echo "$virtio_name: no FVP-SYNCED"
	virtio_fail
fi
# The kill left the journal unreplayed, as a power cut would: replay it first.
e2fsck -fy "$img" >"$work/fsck.log" 2>&1
fsck=$?
got=$(debugfs -R 'cat /marker' "$img" 2>/dev/null)
debugfs -R "dump /copy $work/copy" "$img" >/dev/null 2>&1
got_copy=$(md5sum <"$work/copy" 2>/dev/null | cut -d' ' -f1)
echo "$virtio_name: e2fsck exit $fsck; marker want $token got ${got:-none};" \
	"copy md5 want $want_copy got ${got_copy:-none}"
if [ $fsck -le 1 ] && [ "$got" = "$token" ] && [ "$got_copy" = "$want_copy" ]; then
	virtio_pass
fi
echo "$virtio_name: FAIL; e2fsck said:"
cat "$work/fsck.log"
exit 1
