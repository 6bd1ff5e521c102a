#!/bin/bash
# fuzz-test.sh - builds a libFuzzer target with clang
# (-fsanitize=fuzzer,address,undefined, every source it reaches instrumented)
# and runs it for at most RUNS executions and SECONDS seconds from its seed
# corpus. A crash, a sanitizer report, a leak or a slow input (over 25 s)
# fails the test; the input that did it is kept in OUTDIR. Targets (TARGET,
# fuzz_TARGET.c, corpus in tests/fuzz): virtqueue (the default, corpus/),
# x86_decode (corpus-x86/), elf, linux_image (corpus-image/), bzimage,
# initrd, options, api and gdb_packet (corpus-TARGET/).
# With FUZZ_MERGE=1 (make fuzz-long) the inputs that add coverage are then
# merged into the target's corpus in the source tree.
# The last line sums up: executions, exec/s, coverage (libFuzzer's cov and
# ft), corpus size and findings.
#
# Usage: fuzz-test.sh SRCROOT OUTDIR [RUNS] [SECONDS] [TARGET]
# Exit status: 0 pass, 1 fail, 77 skip (no clang or no fuzzer runtime: says what to get).
set -uo pipefail

[ $# -ge 2 ] || { sed -n '15,16p' "$0" >&2; exit 1; }
src=$(cd "$1" && pwd) out=$2 runs=${3:-20000} secs=${4:-20} target=${5:-virtqueue}
cc=
for c in clang clang-14; do
	command -v $c >/dev/null && { cc=$c; break; }
done
[ -n "$cc" ] || { echo "fuzz-test: SKIP[package]: no clang: apt-get install clang-14 libclang-rt-14-dev" >&2; exit 77; }
mkdir -p "$out" && out=$(cd "$out" && pwd) || exit 1
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n' \
	>"$out/probe.c"
if ! $cc -fsanitize=fuzzer,address "$out/probe.c" -o "$out/probe" 2>"$out/probe.log"; then
	echo "fuzz-test: SKIP[package]: $cc has no libFuzzer runtime: apt-get install libclang-rt-14-dev" >&2
	exit 77
fi
s=$src/src
dict= max_len=4096 libs=() loader=("$s"/core/{memory,log}.c "$s"/boot/loader.c)
case $target in
virtqueue)
	corpus=$src/tests/fuzz/corpus max_len=65538 libs=(slirp liburing libseccomp)
	sources=("$s"/core/{memory,log,iothread,sandbox,sandbox_policy}.c
		"$s"/dev/virtio/{iov,virtqueue,virtio,virtio_mmio,virtio_blk,virtio_net,virtio_snapshot}.c
		"$s"/core/snapshot_state.c
		"$s"/dev/block/{image,direct,sync,uring}.c "$s"/dev/net/{queue,user,tap}.c) ;;
x86_decode)
	corpus=$src/tests/fuzz/corpus-x86 max_len=64
	sources=("$s"/arch/x86_64/{x86_decode,x86_disas}.c) ;;
elf)
	corpus=$src/tests/fuzz/corpus-elf sources=("${loader[@]}") ;;
linux_image)
	corpus=$src/tests/fuzz/corpus-image
	sources=("${loader[@]}" "$s"/arch/riscv64/linux_image.c) ;;
bzimage)
	corpus=$src/tests/fuzz/corpus-bzimage max_len=16384
	sources=("${loader[@]}" "$s"/arch/x86_64/{x86_boot,acpi_x86}.c "$s"/boot/{acpi_tables,aml}.c) ;;
initrd)
	corpus=$src/tests/fuzz/corpus-initrd max_len=1024 sources=("${loader[@]}") ;;
api)
	corpus=$src/tests/fuzz/corpus-api max_len=2048 libs=(json-c libseccomp)
	sources=("$s"/api/{api_routes,api_snapshot,api_events}.c
		"$s"/core/{vm,vcpu,clock,memory,log,sandbox,sandbox_policy,file}.c
		"$s"/core/{vm_snapshot,snapshot_write,snapshot_read,snapshot_state,crc32c}.c) ;;
gdb_packet)
	corpus=$src/tests/fuzz/corpus-gdb_packet max_len=40000 sources=("$s"/debug/gdb_packet.c) ;;
options)
	corpus=$src/tests/fuzz/corpus-options max_len=1024 dict=$src/tests/fuzz/options.dict
	sources=("$s"/cli/{options,options_virtio}.c "$s"/core/log.c) ;;
*)
	echo "fuzz-test: unknown target $target" >&2
	exit 1 ;;
esac
bin=$out/fuzz_$target
cflags=() ldflags=()
if [ ${#libs[@]} -gt 0 ]; then
	read -ra cflags <<<"$(pkg-config --cflags "${libs[@]}")"
	read -ra ldflags <<<"$(pkg-config --libs "${libs[@]}")"
fi
if ! $cc -g -O1 -std=gnu11 -D_GNU_SOURCE -DFVP_VERSION=\"fuzz\" -fno-sanitize-recover=undefined \
	-fsanitize=fuzzer,address,undefined -I"$s" "${cflags[@]}" \
	"$src/tests/fuzz/fuzz_$target.c" "${sources[@]}" "${ldflags[@]}" -pthread -o "$bin" \
	2>"$out/build.log"; then
	echo "fuzz-test: building the fuzzer failed:"
	cat "$out/build.log"
	exit 1
fi
rm -rf "$out/corpus" "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-*
cp -r "$corpus" "$out/corpus"
echo "fuzz-test: $bin -runs=$runs -max_total_time=$secs"
cd "$out" || exit 1
ASAN_OPTIONS=detect_leaks=1 "$bin" -runs="$runs" -max_total_time="$secs" -timeout=25 \
	-max_len="$max_len" ${dict:+-dict="$dict"} -artifact_prefix="$out/" -print_final_stats=1 \
	corpus >fuzz.log 2>&1
status=$?
grep -E '^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss' fuzz.log
if [ $status -eq 0 ] && [ "${FUZZ_MERGE:-0}" = 1 ]; then
	"$bin" -merge=1 -max_len="$max_len" "$corpus" corpus >merge.log 2>&1 || status=$?
	grep -E 'MERGE-OUTER: [0-9]+ new files' merge.log
fi
# The summary: libFuzzer's last status line (cov, ft, corp) and final statistics.
done_line=$(grep -E '^#[0-9]+[[:space:]]' fuzz.log | tail -n 1)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz.log)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' fuzz.log)
findings=$(find "$out" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
	-o -name 'oom-*' \) | wc -l)
field() { sed -n "s|.*[[:space:]]$1: *\([0-9a-zA-Z/]*\).*|\1|p" <<<"$done_line"; }
echo "fuzz-test: $target: ${execs:-?} executions, ${rate:-?} exec/s, cov $(field cov)," \
	"ft $(field ft), corpus $(find "$corpus" -type f | wc -l) inputs" \
	"(this run $(field corp)), findings $findings"
if [ $status -eq 0 ]; then
	echo "fuzz-test: PASS"
	exit 0
fi
echo "fuzz-test: FAIL (exit $status); crash input and log in $out:"
tail -n 40 fuzz.log
exit 1
