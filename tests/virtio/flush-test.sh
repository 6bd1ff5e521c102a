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

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../boot/find-guest.sh
. "$here/../boot/find-guest.sh"

[ $# -ge 2 ] || { sed -n '10,11p' "$0" >&2; exit 1; }
prog=$1 aio=$2
shift 2
limit=600 logdir=. engine=auto
while [ $# -ge 2 ]; do
	case "$1" in
	--engine) engine=$2 ;;
	--timeout) limit=$2 ;;
	--logdir) logdir=$2 ;;
	*) echo "flush-test: unknown option $1" >&2; exit 1 ;;
	esac
	shift 2
done
PATH=$PATH:/sbin:/usr/sbin
for tool in mkfs.ext4 debugfs e2fsck; do
	command -v $tool >/dev/null ||
		{ echo "flush-test: needs $tool: apt-get install e2fsprogs" >&2; exit 77; }
done
dir=$(fvp_guest_dir riscv64) || exit 77
fvp_guest_command "$prog" "$dir" 1 "$engine" "console=ttyS0" || exit 77

work=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
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
mkfs.ext4 -q -F -d "$work/fs" "$img" || { echo "flush-test: mkfs.ext4 failed" >&2; exit 1; }

mkdir -p "$logdir"
log=$logdir/virtio-flush-$aio.log
fvp_cmd+=(--drive "file=$img,if=virtio,aio=$aio")
echo "flush-test $aio: ${fvp_cmd[*]}"
"${fvp_cmd[@]}" </dev/null >"$log" 2>&1 &
pid=$!
synced=no
for _ in $(seq $((limit * 50))); do
	if grep -q '^FVP-SYNCED' "$log"; then
		kill -9 "$pid" 2>/dev/null
		synced=yes
		break
	fi
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.02
done
kill -9 "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null
pid=
if [ $synced != yes ]; then
	echo "flush-test $aio: FAIL: no FVP-SYNCED; last 30 console lines ($log):"
	tr -d '\r' <"$log" | tail -n 30
	exit 1
fi
# The kill left the journal unreplayed, as a power cut would: replay it first.
e2fsck -fy "$img" >"$work/fsck.log" 2>&1
fsck=$?
got=$(debugfs -R 'cat /marker' "$img" 2>/dev/null)
debugfs -R "dump /copy $work/copy" "$img" >/dev/null 2>&1
got_copy=$(md5sum <"$work/copy" 2>/dev/null | cut -d' ' -f1)
echo "flush-test $aio: e2fsck exit $fsck; marker want $token got ${got:-none};" \
	"copy md5 want $want_copy got ${got_copy:-none}"
if [ $fsck -le 1 ] && [ "$got" = "$token" ] && [ "$got_copy" = "$want_copy" ]; then
	echo "flush-test $aio: PASS"
	exit 0
fi
echo "flush-test $aio: FAIL; e2fsck said:"
cat "$work/fsck.log"
exit 1
