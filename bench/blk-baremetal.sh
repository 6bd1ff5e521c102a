#!/bin/bash
# blk-baremetal.sh - virtio-blk read throughput seen by a bare-metal riscv64 guest
# (tests/guest/riscv64/vblk.c): it writes a fresh raw drive, then reads it sequentially for
# each (request size, requests in flight) pair, timing each with mtime. A few hundred guest
# instructions per request, so the figures show the device model and back-end through the
# real virtio-mmio path rather than a guest kernel's cost per request (bench/blk.sh).
# Runs the ELF under FVP with aio=sync and aio=io_uring and under QEMU's virtio-blk-device
# with aio=threads and aio=io_uring, and prints a Markdown MB/s table for
# docs/PERFORMANCE.md. Builds nothing.
#
# Usage: bench/blk-baremetal.sh [--fvp PATH] [--elf PATH] [--qemu PATH] [--no-qemu]
#          [--engine E] [--cache writeback|none] [--size MIB] [--repeat N] [--timeout SEC]
#          [--logdir DIR]
#   --fvp      the fvp binary (default: $FVP, else build/src/cli/fvp)
#   --elf      the guest (default: build/tests/guest/riscv64/vblk.elf)
#   --qemu     the QEMU binary (default qemu-system-riscv64 on PATH)
#   --no-qemu  FVP columns only
#   --engine   FVP engine (default hybrid)
#   --cache    host cache mode of the drive, FVP and QEMU alike: writeback (default, the
#              host page cache) or none (O_DIRECT)
#   --size     drive size in MiB (default 64); every figure moves the whole drive
#   --repeat   runs per figure; the table shows the median (default 3)
#   --timeout  wall-clock limit of one run (default 300 s)
#   --logdir   where the console logs go (default: a new temp folder)
#
# QEMU needs -global virtio-mmio.force-legacy=false: its virtio-mmio is version 1 (legacy)
# by default and the guest drives version 2 only. MB/s = 10^6 bytes per second of mtime.
set -uo pipefail
orig_args=("$@")

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

fvp=${FVP:-$root/build/src/cli/fvp}
elf=$root/build/tests/guest/riscv64/vblk.elf
qemu=$(command -v qemu-system-riscv64 || echo qemu-system-riscv64)
engine=hybrid cache=writeback size=64 repeat=3 limit=300 use_qemu=1 logdir=''

die() {
	echo "blk-baremetal: $*" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case "$1" in
	--fvp) fvp=${2:?} && shift ;;
	--elf) elf=${2:?} && shift ;;
	--qemu) qemu=${2:?} && shift ;;
	--no-qemu) use_qemu=0 ;;
	--engine) engine=${2:?} && shift ;;
	--cache) cache=${2:?} && shift ;;
	--size) size=${2:?} && shift ;;
	--repeat) repeat=${2:?} && shift ;;
	--timeout) limit=${2:?} && shift ;;
	--logdir) logdir=${2:?} && shift ;;
	-h | --help) sed -n '2,27p' "$0" && exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done
case $cache in writeback | none) ;; *) die "--cache must be writeback or none" ;; esac
[[ $size =~ ^[1-9][0-9]*$ ]] || die "--size must be a positive number of MiB"
[[ $repeat =~ ^[1-9][0-9]*$ ]] || die "--repeat must be a positive number"
[ -x "$fvp" ] || die "no fvp binary at $fvp (build it, or pass --fvp)"
[ -f "$elf" ] || die "no guest at $elf (build it, or pass --elf)"
if [ $use_qemu = 1 ]; then
	command -v "$qemu" >/dev/null || die "no $qemu: install qemu-system-misc or pass --no-qemu"
fi
[ -n "$logdir" ] || logdir=$(mktemp -d "${TMPDIR:-/tmp}/fvp-blk-baremetal.XXXXXX")
mkdir -p "$logdir" || die "cannot create $logdir"
work=$(mktemp -d "${TMPDIR:-/tmp}/fvp-blk-baremetal-img.XXXXXX") || die "cannot create a temp dir"
trap 'rm -rf "$work"' EXIT
img=$work/drive.img

# command_for LABEL: the command line of one run under LABEL (fvp-AIO or qemu-AIO) into cmd.
command_for() {
	local aio=${1#*-}
	case $1 in
	fvp-*)
		cmd=("$fvp" run --arch riscv64 --engine "$engine" --bios none --mem 64M
			--kernel "$elf" --drive "file=$img,if=virtio,aio=$aio,cache=$cache")
		;;
	qemu-*)
		# shellcheck disable=SC2054 # the commas are QEMU's option syntax
		cmd=("$qemu" -M virt -m 64M -bios none -nographic -monitor none -serial stdio
			-global virtio-mmio.force-legacy=false -kernel "$elf"
			-drive "file=$img,if=none,id=d0,format=raw,aio=$aio,cache=$cache"
			-device virtio-blk-device,drive=d0)
		;;
	esac
}

# run LABEL N: one run on a fresh image; leaves LOGDIR/LABEL.N.log.
run() {
	local log=$logdir/$1.$2.log status
	command_for "$1"
	rm -f "$img"
	truncate -s "${size}M" "$img" || die "cannot create the $size MiB image"
	[ "$2" = 1 ] && echo "blk-baremetal: $1: ${cmd[*]//$img/IMG}" >&2
	timeout -k 10 "$limit" "${cmd[@]}" </dev/null >"$log" 2>&1
	status=$?
	if ! tr -d '\r' <"$log" | grep -q '^PASS ('; then
		echo "blk-baremetal: $1 #$2 failed (exit status $status), see $log" >&2
		return
	fi
	echo "blk-baremetal: $1 #$2: ok" >&2
}

# mbps LABEL N BS DEPTH: MB/s of one figure of one run, or nothing.
mbps() {
	tr -d '\r' <"$logdir/$1.$2.log" 2>/dev/null | awk -v bs="bs=$3" -v depth="depth=$4" '
		$1 == "VBLK" && $2 == bs && $3 == depth {
			bytes = substr($4, 7); ticks = substr($5, 7)
			if (ticks > 0) printf "%.0f\n", bytes * 10 / ticks
		}'
	return 0
}

# median LABEL BS DEPTH: median MB/s over the runs, or "failed".
median() {
	local n all
	all=$(for n in $(seq "$repeat"); do
		tr -d '\r' <"$logdir/$1.$n.log" 2>/dev/null | grep -q '^PASS (' && mbps "$1" "$n" "$2" "$3"
	done)
	[ -n "$all" ] || { echo failed; return; }
	echo "$all" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

labels=(fvp-sync fvp-io_uring)
[ $use_qemu = 1 ] && labels+=(qemu-threads qemu-io_uring)
# Rounds interleave the columns so that load from elsewhere on the host spreads over all.
for n in $(seq "$repeat"); do
	for label in "${labels[@]}"; do run "$label" "$n"; done
done

pairs=$(tr -d '\r' <"$logdir/fvp-sync.1.log" 2>/dev/null |
	awk '$1 == "VBLK" { print substr($2, 4), substr($3, 7) }')
[ -n "$pairs" ] || pairs=$(printf '%s\n' "4096 1" "4096 4" "4096 16" "4096 64" \
	"65536 1" "65536 4" "65536 16" "65536 64")

echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- host: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) CPUs," \
	"Linux $(uname -r), image on $(df -T "$work" | awk 'NR == 2 { print $2 }')"
echo "- fvp: $("$fvp" --version 2>/dev/null | head -n 1) ($fvp, --engine $engine)"
[ $use_qemu = 1 ] && echo "- qemu: $("$qemu" --version | head -n 1) (TCG, -M virt," \
	"virtio-blk-device, force-legacy=false)"
echo "- guest: $elf (bare metal, 1 hart, 64 MiB); drive $size MiB raw, fresh, written by" \
	"the guest first; cache=$cache"
echo "- command: bench/blk-baremetal.sh ${orig_args[*]}"
for label in "${labels[@]}"; do
	command_for "$label"
	echo "  - $label: ${cmd[*]//$img/IMG}"
done
echo "- each figure: median of $repeat runs, MB/s = 10^6 bytes/s of guest mtime over the" \
	"whole drive read sequentially; console logs: $logdir"
echo
head="| bs | depth | FVP sync | FVP io_uring | io_uring/sync |"
line="| ---: | ---: | ---: | ---: | ---: |"
if [ $use_qemu = 1 ]; then
	head+=" QEMU threads | QEMU io_uring |"
	line+=" ---: | ---: |"
fi
echo "$head"
echo "$line"
while read -r bs depth; do
	sync_mbps=$(median fvp-sync "$bs" "$depth")
	uring_mbps=$(median fvp-io_uring "$bs" "$depth")
	ratio=$(awk -v a="$uring_mbps" -v b="$sync_mbps" \
		'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }')
	row="| $((bs / 1024))k | $depth | $sync_mbps | $uring_mbps | $ratio |"
	if [ $use_qemu = 1 ]; then
		row+=" $(median qemu-threads "$bs" "$depth") | $(median qemu-io_uring "$bs" "$depth") |"
	fi
	echo "$row"
done <<<"$pairs"
