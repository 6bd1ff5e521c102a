#!/bin/bash
# blk.sh - virtio-blk sequential read throughput: the riscv64 test guest reads
# a random raw drive (/dev/vdb) with dd, one reader over the whole drive and 4
# parallel readers over a quarter each, page-cached (bs=1M) and O_DIRECT
# (iflag=direct), under FVP with aio=sync and aio=io_uring and under QEMU's
# virtio-blk with aio=threads and aio=io_uring, in one run; prints a Markdown
# MB/s table for docs/PERFORMANCE.md.
#
# Usage: bench/blk.sh [--fvp PATH] [--qemu PATH] [--engine E] [--size MIB] [--no-qemu]
#          [--cold] [--repeat N] [--timeout SEC] [--logdir DIR]
#   --fvp       the fvp binary (default: $FVP, else build/src/cli/fvp)
#   --qemu      the QEMU binary (default qemu-system-riscv64 on PATH)
#   --engine    FVP engine (default hybrid)
#   --size      drive size in MiB, a multiple of 4 (default 256)
#   --no-qemu   FVP columns only
#   --cold      drop the host page cache before every boot (needs root); default: the
#               image is in the host page cache (just written), so the figures measure
#               the emulator, not the host disk
#   --repeat    boots per figure, the table shows the median (default 3)
#   --timeout   wall-clock limit of one boot (default 900 s)
#   --logdir    where the console logs go (default: a new temp folder)
# Guests: as tests/boot (FVP_GUESTS, ../shared/guests, ./guests); firmware fw_jump.
#
# Each figure is its own boot (fvp.blkbench=CASE on the kernel command line), so a
# cold host cache (--cold) is cold for every figure. The guest's init runs run.sh
# from an ext4 /dev/vda; it drops the guest's page cache, times the dd with the
# guest's monotonic clock ("now at" in /proc/timer_list: busybox date has no %N)
# and prints "FVP-RESULT blkbench <case> ns=<n> mib=<m>". 1 hart, 256 MiB RAM.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../tests/boot/find-guest.sh
. "$root/tests/boot/find-guest.sh"

fvp=${FVP:-$root/build/src/cli/fvp}
qemu=$(command -v qemu-system-riscv64 || echo qemu-system-riscv64)
engine=hybrid size=256 use_qemu=1 cold=0 limit=900 logdir='' repeat=3

die() {
	echo "blk-bench: $*" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case "$1" in
	--fvp) fvp=${2:?} && shift ;;
	--qemu) qemu=${2:?} && shift ;;
	--engine) engine=${2:?} && shift ;;
	--size) size=${2:?} && shift ;;
	--no-qemu) use_qemu=0 ;;
	--cold) cold=1 ;;
	--repeat) repeat=${2:?} && shift ;;
	--timeout) limit=${2:?} && shift ;;
	--logdir) logdir=${2:?} && shift ;;
	-h | --help) sed -n '2,30p' "$0" && exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done
{ [ $((size % 4)) -eq 0 ] && [ "$size" -gt 0 ]; } || die "--size must be a positive multiple of 4"
PATH=$PATH:/sbin:/usr/sbin
command -v mkfs.ext4 >/dev/null || die "needs mkfs.ext4: apt-get install e2fsprogs"
guest=$(fvp_guest_dir riscv64) || exit 1
fvp_firmware bin >/dev/null || exit 1
[ -n "$logdir" ] || logdir=$(mktemp -d "${TMPDIR:-/tmp}/fvp-blk-bench.XXXXXX")
mkdir -p "$logdir" || die "cannot create $logdir"
if [ $cold = 1 ] && ! [ -w /proc/sys/vm/drop_caches ]; then
	die "--cold needs root (writes /proc/sys/vm/drop_caches)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/fs"
cat >"$work/fs/run.sh" <<'SCRIPT'
#!/bin/sh
mib=$(($(cat /sys/block/vdb/size) / 2048))
quarter=$((mib / 4))
now_ns() { awk '/^now at/ { print $3; exit }' /proc/timer_list; }
drop() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}
# measure CASE READERS DD-FLAGS...: READERS dd processes, each over 1/READERS of the drive.
measure() {
	name=$1 readers=$2
	shift 2
	drop
	t0=$(now_ns)
	if [ "$readers" = 1 ]; then
		dd if=/dev/vdb of=/dev/null bs=1M "$@" 2>/dev/null
	else
		for i in 0 1 2 3; do
			dd if=/dev/vdb of=/dev/null bs=1M count=$quarter skip=$((i * quarter)) \
				"$@" 2>/dev/null &
		done
		wait
	fi
	t1=$(now_ns)
	echo "FVP-RESULT blkbench $name ns=$((t1 - t0)) mib=$mib"
}
for a in $(cat /proc/cmdline); do
	case "$a" in
	fvp.blkbench=buffered-1) measure buffered-1 1 ;;
	fvp.blkbench=buffered-4) measure buffered-4 4 ;;
	fvp.blkbench=direct-1) measure direct-1 1 iflag=direct ;;
	fvp.blkbench=direct-4) measure direct-4 4 iflag=direct ;;
	esac
done
SCRIPT
chmod +x "$work/fs/run.sh"
truncate -s 16M "$work/vda.img"
mkfs.ext4 -q -F -d "$work/fs" "$work/vda.img" || die "mkfs.ext4 failed"
head -c "${size}M" /dev/urandom >"$work/vdb.img" || die "cannot write the $size MiB drive"

# boot LABEL PROG AIO CASE N: boot N of CASE with vdb on the back-end AIO; leaves
# LOGDIR/LABEL.CASE.N.log.
boot() {
	local label=$1 prog=$2 aio=$3 case=$4 n=$5 status log
	log=$logdir/$label.$case.$n.log
	fvp_cmd=()
	fvp_guest_command "$prog" "$guest" 1 "$engine" \
		"console=ttyS0 fvp.halt=1 fvp.blkbench=$case" || return
	if fvp_is_qemu "$prog"; then
		# shellcheck disable=SC2054
		fvp_cmd+=(-drive "file=$work/vda.img,if=none,id=d0,format=raw"
			-device virtio-blk-device,drive=d0
			-drive "file=$work/vdb.img,if=none,id=d1,format=raw,aio=$aio"
			-device virtio-blk-device,drive=d1)
	else
		fvp_cmd+=(--drive "file=$work/vda.img,if=virtio,aio=$aio"
			--drive "file=$work/vdb.img,if=virtio,aio=$aio")
	fi
	[ $cold = 1 ] && sync && echo 3 >/proc/sys/vm/drop_caches
	[ "$n" = 1 ] && echo "blk-bench: $label $case: ${fvp_cmd[*]}" >&2
	timeout -k 10 "$limit" "${fvp_cmd[@]}" </dev/null >"$log" 2>&1
	status=$?
	echo "blk-bench: $label $case #$n: exit status $status, $(mbps "$log") MB/s" >&2
}

# mbps LOG: MB/s (10^6 bytes) in a boot's console log, or "failed".
mbps() {
	tr -d '\r' <"$1" | awk '
		$1 == "FVP-RESULT" && $2 == "blkbench" {
			ns = substr($4, 4); mib = substr($5, 5)
			if (ns > 0) { printf "%.0f", mib * 1048576 / (ns / 1000); found = 1 }
		}
		END { if (!found) printf "failed" }'
}

# median LABEL CASE: the median MB/s of CASE's boots under LABEL, or "failed".
median() {
	local n v all=()
	for n in $(seq "$repeat"); do
		v=$(mbps "$logdir/$1.$2.$n.log")
		[ "$v" = failed ] || all+=("$v")
	done
	[ ${#all[@]} -gt 0 ] || { echo failed; return; }
	printf '%s\n' "${all[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

cases=(buffered-1 buffered-4 direct-1 direct-4)
labels=("fvp-sync" "fvp-io_uring")
[ $use_qemu = 1 ] && labels+=("qemu-threads" "qemu-io_uring")
# Rounds interleave the columns so that load from elsewhere on the host spreads over all.
for n in $(seq "$repeat"); do
	for c in "${cases[@]}"; do
		for label in "${labels[@]}"; do
			case $label in
			fvp-*) boot "$label" "$fvp" "${label#fvp-}" "$c" "$n" ;;
			qemu-*) boot "$label" "$qemu" "${label#qemu-}" "$c" "$n" ;;
			esac
		done
	done
done

echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- host: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) CPUs," \
	"Linux $(uname -r)"
echo "- fvp: $("$fvp" --version 2>/dev/null | head -n 1) ($fvp, --engine $engine)"
[ $use_qemu = 1 ] && echo "- qemu: $("$qemu" --version | head -n 1) (TCG, -M virt)"
echo "- guest: $guest, firmware fw_jump, 1 hart, 256 MiB; drive $size MiB of random bytes," \
	"raw; host page cache: $([ $cold = 1 ] && echo "dropped before each boot" ||
		echo "warm (image just written)")"
echo "- each figure: median of $repeat boots, MB/s = 10^6 bytes/s by the guest's clock;" \
	"console logs: $logdir"
echo
head="| MB/s |" line="| --- |"
for label in "${labels[@]}"; do
	head+=" ${label/-/ } |"
	line+=" ---: |"
done
echo "$head"
echo "$line"
for c in "${cases[@]}"; do
	case $c in
	buffered-1) row="| 1 reader, bs=1M |" ;;
	buffered-4) row="| 4 readers, bs=1M |" ;;
	direct-1) row="| 1 reader, bs=1M iflag=direct |" ;;
	direct-4) row="| 4 readers, bs=1M iflag=direct |" ;;
	esac
	for label in "${labels[@]}"; do row+=" $(median "$label" "$c") |"; done
	echo "$row"
done
