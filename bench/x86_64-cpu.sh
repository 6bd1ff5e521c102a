#!/bin/bash
# x86_64-cpu.sh - one CPU-bound x86-64 program (bench/x86_64-cpu/work.c: integer hashing, a
# heap sort, byte-wise CRC and search, rep movs/stos, 64-bit division) natively, on FVP's
# software CPU (jit, hybrid; interp with --interp) and under QEMU's TCG
# (qemu-system-x86_64 -accel tcg), in one run; prints a Markdown table for
# docs/PERFORMANCE.md: the median wall time of each, its ratio to native and to QEMU.
# Every run must print the same checksum as the native one, or the script fails.
#
# Usage: bench/x86_64-cpu.sh [--fvp PATH] [--qemu PATH] [--build DIR] [--reps N] [--interp]
#          [--no-qemu]
#   --fvp     the fvp binary (default: $FVP, else BUILD/src/cli/fvp)
#   --qemu    default qemu-system-x86_64 on PATH (Debian: qemu-system-x86, make bench installs it)
#   --build   the build directory with bench/x86_64-cpu-{host,fvp.elf,qemu.elf} (default build)
#   --reps    runs of each, the median is reported (default 3)
# FVP runs the guest entered in long mode; QEMU cannot enter that ELF (its -kernel takes an ELF
# only with a PVH note), so it runs the same code behind pvh64.S, which enters long mode from
# QEMU's 32-bit PVH entry in a few hundred instructions. Wall times include each emulator's
# start-up (tens of milliseconds), the same for both.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
fvp=${FVP:-}
qemu=$(command -v qemu-system-x86_64 || echo qemu-system-x86_64)
reps=3 interp=0 use_qemu=1

die() {
	echo "x86_64-cpu: $*" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case "$1" in
	--fvp) fvp=${2:?} && shift ;;
	--qemu) qemu=${2:?} && shift ;;
	--build) build=${2:?} && shift ;;
	--reps) reps=${2:?} && shift ;;
	--interp) interp=1 ;;
	--no-qemu) use_qemu=0 ;;
	-h | --help) sed -n '2,19p' "$0" && exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done
fvp=${fvp:-$build/src/cli/fvp}
host_bin=$build/bench/x86_64-cpu-host
fvp_elf=$build/bench/x86_64-cpu-fvp.elf
qemu_elf=$build/bench/x86_64-cpu-qemu.elf
for f in "$fvp" "$host_bin" "$fvp_elf" "$qemu_elf"; do
	[ -e "$f" ] || die "$f not found: run 'make build' first (or give --build/--fvp)"
done
if [ "$use_qemu" = 1 ] && ! command -v "$qemu" >/dev/null; then
	die "$qemu not found: install Debian's qemu-system-x86 (make bench does), or --no-qemu"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# time_once NAME CMD...: one run's wall milliseconds on stdout; the checksum must match.
time_once() {
	local name=$1 start end sum
	shift
	start=$(date +%s%N)
	"$@" </dev/null >"$out" 2>&1
	end=$(date +%s%N)
	sum=$(tr -d '\r' <"$out" | sed -n 's/^checksum \(0x[0-9a-f]*\)$/\1/p')
	if [ "$sum" != "$want" ]; then
		echo "x86_64-cpu: $name printed checksum '${sum:-none}', native printed $want:" >&2
		cat "$out" >&2
		exit 1
	fi
	echo $(((end - start) / 1000000))
}

# median_ms NAME CMD...: the median of --reps runs.
median_ms() {
	local name=$1 i
	shift
	for ((i = 0; i < reps; i++)); do
		time_once "$name" "$@"
	done | sort -n | sed -n "$(((reps + 1) / 2))p"
}

want=$("$host_bin" | sed -n 's/^checksum \(0x[0-9a-f]*\)$/\1/p')
[ -n "$want" ] || die "the native run printed no checksum"
names=(native) times=()
times+=("$(median_ms native "$host_bin")")
engines="jit hybrid"
[ "$interp" = 1 ] && engines="$engines interp"
for e in $engines; do
	names+=("fvp-$e")
	times+=("$(median_ms "fvp $e" "$fvp" run --arch x86_64 --engine "$e" --mem 64M \
		--kernel "$fvp_elf")")
done
qemu_ms=
if [ "$use_qemu" = 1 ]; then
	names+=(qemu-tcg)
	qemu_ms=$(median_ms qemu "$qemu" -accel tcg -machine pc -nodefaults -no-reboot \
		-display none -serial stdio -m 64M -kernel "$qemu_elf")
	times+=("$qemu_ms")
fi

echo "x86_64-cpu: $(date -u +%Y-%m-%d), $(nproc) CPUs, median of $reps runs, checksum $want"
echo
echo "| run | wall ms | x native | x QEMU |"
echo "| --- | ---: | ---: | ---: |"
for i in "${!names[@]}"; do
	t=${times[$i]}
	xq=-
	[ -n "$qemu_ms" ] && xq=$(awk -v a="$t" -v b="$qemu_ms" 'BEGIN { printf "%.2f", a / b }')
	echo "| ${names[$i]} | $t | $(awk -v a="$t" -v b="${times[0]}" \
		'BEGIN { printf "%.2f", a / b }') | $xq |"
done
