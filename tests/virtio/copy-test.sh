#!/bin/bash
# copy-test.sh - a guest copy between two virtio disks: the riscv64 test
# guest boots with an ext4 /dev/vda whose run.sh (run by the guest's init)
# copies /dev/vdb (16 MiB of random bytes) to /dev/vdc (16 MiB of zeros)
# with dd, syncs and prints FVP-COPY-DONE; the guest then powers off
# (fvp.halt=1) and the host compares the two image files byte for byte.
# Two harts: under FVP /dev/vdb has the default request queues (one per
# hart, VIRTIO_BLK_F_MQ) and /dev/vdc num-queues=1, and run.sh reports the
# queues Linux made of each (/sys/block/*/mq), which must be 2 and 1.
#
# Usage: copy-test.sh FVP AIO [--engine E] [--timeout SEC] [--logdir DIR]
#   AIO      the block back-end: io_uring or sync
# Exit status: 0 pass, 1 fail, 77 skip (no guest, firmware or e2fsprogs: says what to get).
set -uo pipefail

virtio_name=copy-test
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
virtio_parse_args 2 "$@"
prog=${virtio_pos[0]} aio=${virtio_pos[1]}
virtio_name="copy-test $aio"
virtio_need mkfs.ext4 "apt-get install e2fsprogs"
virtio_need cmp "apt-get install diffutils"
virtio_guest "$prog" "console=ttyS0 fvp.halt=1" 2

mkdir "$work/fs"
cat >"$work/fs/run.sh" <<'SCRIPT'
#!/bin/sh
echo "FVP-QUEUES vdb=$(ls /sys/block/vdb/mq | wc -l) vdc=$(ls /sys/block/vdc/mq | wc -l)"
dd if=/dev/vdb of=/dev/vdc bs=64k 2>/tmp/dd.err || { echo "FVP-COPY-FAILED"; cat /tmp/dd.err; }
sync
echo "FVP-COPY-DONE"
SCRIPT
chmod +x "$work/fs/run.sh"
truncate -s 16M "$work/vda.img"
mkfs.ext4 -q -F -d "$work/fs" "$work/vda.img" ||
	{ echo "$virtio_name: mkfs.ext4 failed" >&2; exit 1; }
head -c 16M /dev/urandom >"$work/vdb.img"
truncate -s 16M "$work/vdc.img"

if fvp_is_qemu "$prog"; then
	for d in vda vdb vdc; do
		fvp_cmd+=(-drive "file=$work/$d.img,if=none,id=$d,format=raw"
			-device "virtio-blk-device,drive=$d")
	done
else
	fvp_cmd+=(--drive "file=$work/vda.img,if=virtio,aio=$aio"
		--drive "file=$work/vdb.img,if=virtio,aio=$aio"
		--drive "file=$work/vdc.img,if=virtio,aio=$aio,num-queues=1")
fi
virtio_run "virtio-copy-$aio"
if cmp "$work/vdb.img" "$work/vdc.img" >"$work/cmp.out" 2>&1; then
	same=yes
else
	same=no
fi
queues=$(grep -o '^FVP-QUEUES .*' <<<"$console" | tr -d '\r')
want_queues="FVP-QUEUES vdb=2 vdc=1"
fvp_is_qemu "$prog" && want_queues=$queues # QEMU's virtio-blk-device: one queue unless told
echo "$virtio_name: exit $status, copy done: $(grep -c '^FVP-COPY-DONE$' <<<"$console")," \
	"images identical: $same $(cat "$work/cmp.out"), ${queues:-no FVP-QUEUES line}" \
	"(want: $want_queues)"
if [ $status -eq 0 ] && [ $same = yes ] && grep -q '^FVP-COPY-DONE$' <<<"$console" &&
	[ -n "$queues" ] && [ "$queues" = "$want_queues" ] &&
	! grep -q '^FVP-COPY-FAILED' <<<"$console" && virtio_halted; then
	virtio_pass
fi
virtio_fail
