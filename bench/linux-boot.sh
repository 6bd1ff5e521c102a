#!/bin/bash
# linux-boot.sh - boots a Linux test guest under FVP (one column per engine) and under
# QEMU (TCG) with the same kernel, initramfs, firmware, RAM and CPUs, and prints a
# Markdown report for docs/PERFORMANCE.md. bench/riscv64-boot.sh and bench/x86_64-boot.sh
# run it for their guest.
#
# Usage: bench/linux-boot.sh [--arch riscv64|x86_64] [--engines "interp jit hybrid"]
#          [--fvp PATH] [--base PATH] [--qemu PATH] [--run sha,fp,gzip] [--smp-run]
#          [--no-qemu] [--timeout SEC] [--logdir DIR]
#   --arch      the guest (default riscv64: -M virt, OpenSBI fw_jump, 256 MiB; x86_64:
#               Debian's bzImage, QEMU -M q35, 512 MiB, reboot=k)
#   --engines   FVP engines to measure, one column each (default "interp")
#   --fvp       the fvp binary (default: $FVP, else build/src/cli/fvp)
#   --base      an earlier fvp binary (e.g. old main) for an A/B run: each engine gets a
#               column base-ENGINE beside fvp-ENGINE, booted in turn in the same run
#   --qemu      the QEMU binary (default qemu-system-ARCH on PATH)
#   --smp-run   also boot with 2 CPUs and fvp.run=smp
#   --no-qemu   FVP columns only
#   --timeout   wall-clock limit of one boot (default 1800 s)
#   --logdir    where the timestamped console logs go (default: a new temp folder)
# Guests: as tests/boot (FVP_GUESTS, ../shared/guests, ./guests).
#
# Each console line is stamped with the host milliseconds since the emulator
# started. Rows: host time to FVP-INIT-OK; each workload's guest-clock ms (from its
# FVP-RESULT line) and host ms (from the previous marker line to the result); host
# time to exit. FVP runs with --stats: its exit summary adds FVP-only rows (QEMU: "-"):
# blocks compiled and compile time per block (jit, hybrid), translation-cache hit
# rate (run-loop block lookups that found a translation), inline jump-cache hit rate
# and chained share of compiled block entries (jit, hybrid). A run that fails
# (non-zero exit, time-out, missing or not-ok result) still gets its column, with
# "failed" where a figure is missing.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../tests/boot/find-guest.sh
. "$root/tests/boot/find-guest.sh"

engines=interp arch=riscv64 qemu=
fvp=${FVP:-$root/build/src/cli/fvp}
workloads=sha,fp,gzip
smp_run=0 use_qemu=1 limit=1800 logdir= base_fvp=

die() {
	echo "linux-boot: $*" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=${2:?} && shift ;;
	--engines) engines=${2:?} && shift ;;
	--fvp) fvp=${2:?} && shift ;;
	--base) base_fvp=${2:?} && shift ;;
	--qemu) qemu=${2:?} && shift ;;
	--run) workloads=${2:?} && shift ;;
	--smp-run) smp_run=1 ;;
	--no-qemu) use_qemu=0 ;;
	--timeout) limit=${2:?} && shift ;;
	--logdir) logdir=${2:?} && shift ;;
	-h | --help) sed -n '2,31p' "$0" && exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done
case "$arch" in
riscv64) fvp_firmware bin >/dev/null || exit 1 ;;
x86_64) ;;
*) die "unknown --arch '$arch' (riscv64 or x86_64)" ;;
esac
[ -n "$qemu" ] || qemu=$(command -v "qemu-system-$arch" || echo "qemu-system-$arch")
guest=$(fvp_guest_dir "$arch") || exit 1
[ -n "$logdir" ] || logdir=$(mktemp -d "${TMPDIR:-/tmp}/fvp-bench.XXXXXX")
mkdir -p "$logdir" || die "cannot create $logdir"
command -v perl >/dev/null || die "perl is needed to timestamp the console"

# stamp: prefixes every line with the milliseconds since stamp started.
stamp() {
	perl -MTime::HiRes=time -e '$| = 1; my $t0 = time; while (my $l = <STDIN>) {
		$l =~ s/\r//g; printf "%d %s", (time - $t0) * 1000, $l; }
		printf "%d EXIT\n", (time - $t0) * 1000;'
}

# boot LABEL PROG ENGINE SMP RUN: one boot; leaves LOGDIR/LABEL.log (stamped console)
# and LOGDIR/LABEL.status (the emulator's exit status).
boot() {
	local label=$1 prog=$2 engine=$3 smp=$4 run=$5 status
	local append="console=ttyS0 fvp.run=$run fvp.halt=1$extra_append"
	fvp_cmd=()
	if ! fvp_guest_command "$prog" "$guest" "$smp" "$engine" "$append" "$arch"; then
		echo 1 >"$logdir/$label.status"
		: >"$logdir/$label.log"
		return
	fi
	fvp_is_qemu "$prog" || fvp_cmd+=(--stats)
	echo "linux-boot: $label: ${fvp_cmd[*]}" >&2
	timeout -k 10 "$limit" "${fvp_cmd[@]}" </dev/null 2>&1 | stamp >"$logdir/$label.log"
	status=${PIPESTATUS[0]}
	echo "$status" >"$logdir/$label.status"
	echo "linux-boot: $label: exit status $status, $(tail -n 1 "$logdir/$label.log" |
		cut -d' ' -f1) ms" >&2
}

# figures LABEL RUN: prints "key value" lines for one boot's log: init, <w>.guest,
# <w>.host, total; a missing figure is left out.
figures() {
	local log=$logdir/$1.log status
	status=$(cat "$logdir/$1.status")
	awk -v run="$2" -v status="$status" '
		BEGIN { n = split(run, want, ",") }
		$2 == "FVP-INIT-OK" && !init { init = $1; print "init", $1; last = $1 }
		$2 == "FVP-RESULT" {
			ok = 0; ms = ""
			for (i = 4; i <= NF; i++) {
				if ($i == "ok=yes") ok = 1
				if ($i ~ /^ms=/) ms = substr($i, 4)
			}
			if (ok && ms != "") { print $3 ".guest", ms; print $3 ".host", $1 - last }
			last = $1
		}
		$2 == "FVP-HALT" { halt = 1 }
		$2 == "fvp" && $3 == "stats:" { stats = 1 }
		stats && $2 == "blocks" && $3 == "compiled" { print "stats.compiled", $4 }
		stats && $2 == "compile" && $3 == "time" { print "stats.compile_us", $4 }
		stats && $2 == "block" && $3 == "cache" && $4 == "hits" { print "stats.tc_hits", $5 }
		stats && $2 == "inline" && $3 == "jump" { print "stats.jc_hits", $5 }
		stats && $2 == "chained" && $3 == "entries" {
			v = $5; sub(/^\(/, "", v); print "stats.chained", v
		}
		$2 == "EXIT" && status == 0 && halt { print "total", $1 }
	' "$log"
}

# value FILE KEY: the figure for KEY, or empty.
value() { awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }

# ref_of LABEL FIRST: the column LABEL's ratio is against: with --base, fvp-E against
# base-E; else (and for base-E) against FIRST, QEMU, when QEMU is measured; else none.
ref_of() {
	if [ -n "$base_fvp" ] && [ "${1#fvp-}" != "$1" ]; then
		echo "base-${1#fvp-}"
	elif [ $use_qemu = 1 ] && [ "$1" != "$2" ]; then
		echo "$2"
	fi
}

# table TITLE RUN LABEL...: the Markdown table of the runs LABEL... (first = QEMU when
# QEMU is measured); each column with a reference (ref_of) gets a ratio column beside it.
table() {
	local title=$1 run=$2 rows=(init) w label base v ref
	shift 2
	for w in ${run//,/ }; do rows+=("$w.guest" "$w.host"); done
	rows+=(total)
	for label in "$@"; do figures "$label" "$run" >"$logdir/$label.fig"; done
	# FVP-only rows, when some run printed them
	for w in stats.compiled stats.compile_us stats.tc_hits stats.jc_hits stats.chained; do
		for label in "$@"; do
			if [ -n "$(value "$logdir/$label.fig" "$w")" ]; then
				rows+=("$w")
				break
			fi
		done
	done
	echo
	echo "### $title"
	echo
	local head="| | " line="| --- | "
	for label in "$@"; do
		head+="$label | "
		line+="---: | "
		ref=$(ref_of "$label" "$1")
		if [ -n "$ref" ]; then
			head+="$label / $ref | "
			line+="---: | "
		fi
	done
	echo "${head% }"
	echo "${line% }"
	local row
	for w in "${rows[@]}"; do
		case "$w" in
		init) row="| boot to FVP-INIT-OK (host ms) |" ;;
		total) row="| total wall, to power-off (host ms) |" ;;
		*.guest) row="| ${w%.guest} (guest ms) |" ;;
		*.host) row="| ${w%.host} (host ms since the previous marker) |" ;;
		stats.compiled) row="| blocks compiled (FVP --stats) |" ;;
		stats.compile_us) row="| compile time per block (us) |" ;;
		stats.tc_hits) row="| translation-cache hit rate (% of block lookups) |" ;;
		stats.jc_hits) row="| inline jump-cache hit rate (%) |" ;;
		stats.chained) row="| chained entries (% of compiled block entries) |" ;;
		esac
		if [ "${w#stats.}" != "$w" ]; then
			for label in "$@"; do
				v=$(value "$logdir/$label.fig" "$w")
				row+=" ${v:--} |"
				[ -z "$(ref_of "$label" "$1")" ] || row+=" - |"
			done
			echo "$row"
			continue
		fi
		for label in "$@"; do
			v=$(value "$logdir/$label.fig" "$w")
			row+=" ${v:-failed} |"
			ref=$(ref_of "$label" "$1")
			if [ -n "$ref" ]; then
				base=$(value "$logdir/$ref.fig" "$w")
				if [ -n "$v" ] && [ -n "$base" ] && [ "$base" -gt 0 ]; then
					row+=" $(awk -v a="$v" -v b="$base" 'BEGIN { printf "%.2f", a / b }') |"
				else
					row+=" - |"
				fi
			fi
		done
		echo "$row"
	done
	local notes='' status
	for label in "$@"; do
		status=$(cat "$logdir/$label.status")
		case "$status" in
		0) ;;
		124 | 137) notes+="- $label: run failed, stopped after ${limit} s"$'\n' ;;
		*) notes+="- $label: run failed, exit status $status"$'\n' ;;
		esac
	done
	[ -z "$notes" ] || printf '\n%s' "$notes"
}

# x86_64: the guest powers off through a keyboard-controller reset.
extra_append=
[ "$arch" = riscv64 ] || extra_append=" reboot=k"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
fvp_version=$("$fvp" --version 2>&1 | head -n 1) || fvp_version="unavailable ($fvp)"
qemu_version=$("$qemu" --version 2>&1 | head -n 1) || qemu_version="unavailable ($qemu)"

base_version=
if [ -n "$base_fvp" ]; then
	base_version=$("$base_fvp" --version 2>&1 | head -n 1) || die "--base $base_fvp does not run"
fi
labels=() smp_labels=()
if [ $use_qemu = 1 ]; then
	boot qemu "$qemu" tcg 1 "$workloads"
	labels+=(qemu)
	if [ $smp_run = 1 ]; then
		boot qemu-smp2 "$qemu" tcg 2 smp
		smp_labels+=(qemu-smp2)
	fi
fi
for e in $engines; do
	if [ -n "$base_fvp" ]; then
		boot "base-$e" "$base_fvp" "$e" 1 "$workloads"
		labels+=("base-$e")
		if [ $smp_run = 1 ]; then
			boot "base-$e-smp2" "$base_fvp" "$e" 2 smp
			smp_labels+=("base-$e-smp2")
		fi
	fi
	boot "fvp-$e" "$fvp" "$e" 1 "$workloads"
	labels+=("fvp-$e")
	if [ $smp_run = 1 ]; then
		boot "fvp-$e-smp2" "$fvp" "$e" 2 smp
		smp_labels+=("fvp-$e-smp2")
	fi
done

echo "## $arch Linux boot: FVP and QEMU"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- host: $cpu, $(nproc) CPUs"
echo "- fvp: $fvp_version ($fvp; engines: $engines)"
[ -z "$base_fvp" ] || echo "- base: $base_version ($base_fvp)"
if [ "$arch" = riscv64 ]; then
	[ $use_qemu = 0 ] || echo "- qemu: $qemu_version (TCG, -M virt)"
	echo "- guest: $guest (Image, initramfs.cpio.gz), firmware fw_jump, 256 MiB"
else
	[ $use_qemu = 0 ] || echo "- qemu: $qemu_version (TCG, -M q35, -no-reboot)"
	echo "- guest: $guest (bzImage, initramfs.cpio.gz), 512 MiB"
fi
echo "- kernel command line: console=ttyS0 fvp.run=$workloads fvp.halt=1$extra_append"
echo "- console logs: $logdir"
table "1 CPU, fvp.run=$workloads" "$workloads" "${labels[@]}"
if [ $smp_run = 1 ]; then
	table "2 CPUs, fvp.run=smp" smp "${smp_labels[@]}"
fi
