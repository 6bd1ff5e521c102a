#!/bin/bash
# blk.sh - virtio-blk sequential read throughput: the riscv64 test guest reads
# a random raw drive (/dev/vdb) with dd, one reader over the whole drive and N
# parallel readers over 1/N each, page-cached and O_DIRECT (iflag=direct),
# under FVP with aio=sync and aio=io_uring and under QEMU's virtio-blk with
# aio=threads and aio=io_uring, in one run; prints a Markdown MB/s table for
# docs/PERFORMANCE.md.
#
# Usage: bench/blk.sh [--fvp PATH] [--qemu PATH] [--engine E] [--size MIB] [--no-qemu]
#          [--cold] [--cache writeback|none] [--smp N] [--bs SIZE] [--readers N]
#          [--queues N] [--cases LIST] [--repeat N] [--timeout SEC] [--logdir DIR]
#   --fvp       the fvp binary (default: $FVP, else build/src/cli/fvp)
#   --qemu      the QEMU binary (default qemu-system-riscv64 on PATH)
#   --engine    FVP engine (default hybrid)
#   --size      drive size in MiB, a multiple of 4 (default 256)
#   --no-qemu   FVP columns only
#   --cold      drop the host page cache before every boot (needs root); default: the
#               image is in the host page cache (just written), so the figures measure
#               the emulator, not the host disk
#   --cache     the host cache mode of the drive read, FVP and QEMU alike: writeback
#               (default, the host page cache) or none (O_DIRECT on the host: every
#               read reaches the host disk, page cache warm or not)
#   --smp       guest harts (default 1); the parallel readers then run on several harts
#   --bs        dd block size in the guest: 64k, 1M ... (default 1M)
#   --readers   parallel readers of the N-reader rows (default 4)
#   --queues    virtio-blk request queues of the drive read, FVP and QEMU alike (default: one
#               per hart, FVP's default; QEMU's virtio-blk-device would have 1)
#   --cases     rows to run, any of buffered-1 buffered-N direct-1 direct-N, space or
#               comma separated (default: all four)
#   --repeat    boots per figure, the table shows the median (default 3)
#   --timeout   wall-clock limit of one boot (default 900 s)
#   --logdir    where the console logs go (default: a new temp folder)
# Guests: as tests/boot (FVP_GUESTS, ../shared/guests, ./guests); firmware fw_jump.
#
# Each figure is its own boot (fvp.blkbench=CASE on the kernel command line), so a
# cold host cache (--cold) is cold for every figure. The guest's init runs run.sh
# from an ext4 /dev/vda; it drops the guest's page cache, times the dd with the
# guest's monotonic clock ("now at" in /proc/timer_list: busybox date has no %N)
# and prints "FVP-RESULT blkbench <case> ns=<n> mib=<m>". 256 MiB RAM.
set -uo pipefail
orig_args=("$@")

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../tests/boot/find-guest.sh
. "$root/tests/boot/find-guest.sh"

fvp=${FVP:-$root/build/src/cli/fvp}
qemu=$(command -v qemu-system-riscv64 || echo qemu-system-riscv64)
engine=hybrid size=256 use_qemu=1 cold=0 limit=900 logdir='' repeat=3
cache=writeback smp=1 bs=1M readers=4 queues='' cases_arg='buffered-1 buffered-N direct-1 direct-N'

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
	--cache) cache=${2:?} && shift ;;
	--smp) smp=${2:?} && shift ;;
	--bs) bs=${2:?} && shift ;;
	--readers) readers=${2:?} && shift ;;
	--queues) queues=${2:?} && shift ;;
	--cases) cases_arg=${2:?} && shift ;;
	--repeat) repeat=${2:?} && shift ;;
	--timeout) limit=${2:?} && shift ;;
	--logdir) logdir=${2:?} && shift ;;
	-h | --help) sed -n '2,40p' "$0" && exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done
{ [ $((size % 4)) -eq 0 ] && [ "$size" -gt 0 ]; } || die "--size must be a positive multiple of 4"
case $cache in writeback | none) ;; *) die "--cache must be writeback or none" ;; esac
[[ $smp =~ ^[1-9][0-9]*$ ]] || die "--smp must be a positive number of harts"
[[ $readers =~ ^[1-9][0-9]*$ ]] || die "--readers must be a positive number"
queues=${queues:-$((smp < 16 ? smp : 16))}
[[ $queues =~ ^[1-9][0-9]*$ ]] && [ "$queues" -le 16 ] || die "--queues must be 1 to 16"
[[ $bs =~ ^([1-9][0-9]*)([kKmM]?)$ ]] || die "--bs must be a size such as 64k or 1M"
case ${BASH_REMATCH[2]} in
[kK]) bs_bytes=$((BASH_REMATCH[1] * 1024)) ;;
[mM]) bs_bytes=$((BASH_REMATCH[1] * 1048576)) ;;
*) bs_bytes=${BASH_REMATCH[1]} ;;
esac
[ $((bs_bytes % 512)) -eq 0 ] || die "--bs must be a multiple of 512 bytes"
[ $((size * 1048576 % (readers * bs_bytes))) -eq 0 ] ||
	die "--size ($size MiB) must split into --readers ($readers) runs of whole --bs blocks"
cases=()
for c in ${cases_arg//,/ }; do
	case $c in
	buffered-1 | direct-1) cases+=("$c") ;;
	buffered-N | direct-N) cases+=("${c%-N}-$readers") ;;
	*) die "unknown case '$c' in --cases (buffered-1 buffered-N direct-1 direct-N)" ;;
	esac
done
[ ${#cases[@]} -gt 0 ] || die "--cases is empty"
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
bytes=$(($(cat /sys/block/vdb/size) * 512))
bs=1048576
now_ns() { awk '/^now at/ { print $3; exit }' /proc/timer_list; }
drop() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}
# measure CASE: CASE is buffered-R or direct-R, R dd processes each over 1/R of the drive.
measure() {
	name=$1 readers=${1#*-} flag=
	[ "${1%-*}" = direct ] && flag=iflag=direct
	count=$((bytes / readers / bs))
	drop
	t0=$(now_ns)
	i=0
	while [ $i -lt "$readers" ]; do
		dd if=/dev/vdb of=/dev/null bs=$bs count=$count skip=$((i * count)) $flag 2>/dev/null &
		i=$((i + 1))
	done
	wait
	t1=$(now_ns)
	echo "FVP-RESULT blkbench $name ns=$((t1 - t0)) mib=$((count * readers * bs / 1048576))"
}
case_name=
for a in $(cat /proc/cmdline); do
	case "$a" in
	fvp.blkbs=*) bs=${a#fvp.blkbs=} ;;
	fvp.blkbench=*) case_name=${a#fvp.blkbench=} ;;
	esac
done
[ -n "$case_name" ] && measure "$case_name"
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
	fvp_guest_command "$prog" "$guest" "$smp" "$engine" \
		"console=ttyS0 fvp.halt=1 fvp.blkbench=$case fvp.blkbs=$bs_bytes" || return
	if fvp_is_qemu "$prog"; then
		# shellcheck disable=SC2054
		fvp_cmd+=(-drive "file=$work/vda.img,if=none,id=d0,format=raw"
			-device virtio-blk-device,drive=d0
			-drive "file=$work/vdb.img,if=none,id=d1,format=raw,aio=$aio,cache=$cache"
			-device "virtio-blk-device,drive=d1,num-queues=$queues")
	else
		fvp_cmd+=(--drive "file=$work/vda.img,if=virtio,aio=$aio"
			--drive "file=$work/vdb.img,if=virtio,aio=$aio,cache=$cache,num-queues=$queues")
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
echo "- guest: $guest, firmware fw_jump, $smp hart(s), 256 MiB; drive $size MiB of random" \
	"bytes, raw, $queues request queue(s), cache=$cache; host page cache: $(if [ "$cache" = none ]; then
		echo "bypassed (O_DIRECT)"
	elif [ $cold = 1 ]; then
		echo "dropped before each boot"
	else
		echo "warm (image just written)"
	fi)"
echo "- command: bench/blk.sh ${orig_args[*]}"
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
	n=${c#*-}
	row="| $n reader$([ "$n" = 1 ] || echo s), bs=$bs$([ "${c%-*}" = direct ] &&
		echo " iflag=direct") |"
	for label in "${labels[@]}"; do row+=" $(median "$label" "$c") |"; done
	echo "$row"
done
