#!/bin/bash
# copy-test.sh - a guest copy between two virtio disks: the riscv64 test
# guest boots with an ext4 /dev/vda whose run.sh (run by the guest's init)
# copies /dev/vdb (16 MiB of random bytes) to /dev/vdc (16 MiB of zeros)
# with dd, syncs and prints FVP-COPY-DONE; the guest then powers off
# (fvp.halt=1) and the host compares the two image files byte for byte.
#
# Usage: copy-test.sh FVP AIO [--engine E] [--timeout SEC] [--logdir DIR]
#   AIO      the block back-end: io_uring or sync
# Exit status: 0 pass, 1 fail, 77 skip (no guest, firmware or e2fsprogs: says what to get).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../boot/find-guest.sh
. "$here/../boot/find-guest.sh"

[ $# -ge 2 ] || { sed -n '8,10p' "$0" >&2; exit 1; }
prog=$1 aio=$2
shift 2
limit=600 logdir=. engine=auto
while [ $# -ge 2 ]; do
	case "$1" in
	--engine) engine=$2 ;;
	--timeout) limit=$2 ;;
	--logdir) logdir=$2 ;;
	*) echo "copy-test: unknown option $1" >&2; exit 1 ;;
	esac
	shift 2
done
PATH=$PATH:/sbin:/usr/sbin
command -v mkfs.ext4 >/dev/null ||
	{ echo "copy-test: needs mkfs.ext4: apt-get install e2fsprogs" >&2; exit 77; }
command -v cmp >/dev/null || { echo "copy-test: needs cmp: apt-get install diffutils" >&2; exit 77; }
dir=$(fvp_guest_dir riscv64) || exit 77
fvp_guest_command "$prog" "$dir" 1 "$engine" "console=ttyS0 fvp.halt=1" || exit 77

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/fs"
cat >"$work/fs/run.sh" <<'SCRIPT'
#!/bin/sh
dd if=/dev/vdb of=/dev/vdc bs=64k 2>/tmp/dd.err || { echo "FVP-COPY-FAILED"; cat /tmp/dd.err; }
sync
echo "FVP-COPY-DONE"
SCRIPT
chmod +x "$work/fs/run.sh"
truncate -s 16M "$work/vda.img"
mkfs.ext4 -q -F -d "$work/fs" "$work/vda.img" || { echo "copy-test: mkfs.ext4 failed" >&2; exit 1; }
head -c 16M /dev/urandom >"$work/vdb.img"
truncate -s 16M "$work/vdc.img"

fvp_cmd+=(--drive "file=$work/vda.img,if=virtio,aio=$aio"
	--drive "file=$work/vdb.img,if=virtio,aio=$aio"
	--drive "file=$work/vdc.img,if=virtio,aio=$aio")
if fvp_is_qemu "$prog"; then
	fvp_cmd=("${fvp_cmd[@]:0:${#fvp_cmd[@]}-6}")
	for d in vda vdb vdc; do
		fvp_cmd+=(-drive "file=$work/$d.img,if=none,id=$d,format=raw"
			-device "virtio-blk-device,drive=$d")
	done
fi
mkdir -p "$logdir"
log=$logdir/virtio-copy-$aio.log
echo "copy-test $aio: ${fvp_cmd[*]}"
timeout -k 10 "$limit" "${fvp_cmd[@]}" </dev/null >"$log" 2>&1
status=$?
console=$(tr -d '\r' <"$log")
if cmp "$work/vdb.img" "$work/vdc.img" >"$work/cmp.out" 2>&1; then
	same=yes
else
	same=no
fi
echo "copy-test $aio: exit $status, copy done: $(grep -c '^FVP-COPY-DONE$' <<<"$console")," \
	"images identical: $same $(cat "$work/cmp.out")"
if [ $status -eq 0 ] && [ $same = yes ] && grep -q '^FVP-COPY-DONE$' <<<"$console" &&
	! grep -q '^FVP-COPY-FAILED' <<<"$console" && grep -q '^FVP-HALT$' <<<"$console"; then
	echo "copy-test $aio: PASS"
	exit 0
fi
echo "copy-test $aio: FAIL; last 30 console lines ($log):"
tail -n 30 <<<"$console"
exit 1
