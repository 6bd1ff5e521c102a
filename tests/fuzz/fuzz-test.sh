#!/bin/bash
# fuzz-test.sh - builds a libFuzzer target (TARGET: virtqueue, fuzz_virtqueue.c,
# the default; x86_decode, fuzz_x86_decode.c) with clang
# (-fsanitize=fuzzer,address,undefined, every source it reaches instrumented)
# and runs it for a bounded time from its seed corpus. A crash, a sanitizer
# report or a leak fails the test; the input that did it is kept in OUTDIR.
#
# Usage: fuzz-test.sh SRCROOT OUTDIR [RUNS] [SECONDS] [TARGET]
# Exit status: 0 pass, 1 fail, 77 skip (no clang or no fuzzer runtime: says what to get).
set -uo pipefail

[ $# -ge 2 ] || { sed -n '7,8p' "$0" >&2; exit 1; }
src=$(cd "$1" && pwd) out=$2 runs=${3:-20000} secs=${4:-20} target=${5:-virtqueue}
cc=
for c in clang clang-14; do
	command -v $c >/dev/null && { cc=$c; break; }
done
[ -n "$cc" ] || { echo "fuzz-test: SKIP[package]: no clang: apt-get install clang-14 libclang-rt-14-dev" >&2; exit 77; }
mkdir -p "$out"
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n' \
	>"$out/probe.c"
if ! $cc -fsanitize=fuzzer,address "$out/probe.c" -o "$out/probe" 2>"$out/probe.log"; then
	echo "fuzz-test: SKIP[package]: $cc has no libFuzzer runtime: apt-get install libclang-rt-14-dev" >&2
	exit 77
fi
s=$src/src
case $target in
virtqueue)
	corpus=$src/tests/fuzz/corpus max_len=65538 libs=(slirp liburing)
	sources=("$s"/core/{memory,log,iothread}.c
		"$s"/dev/virtio/{iov,virtqueue,virtio,virtio_mmio,virtio_blk,virtio_net}.c
		"$s"/dev/block/{image,direct,sync,uring}.c "$s"/dev/net/{queue,user,tap}.c) ;;
x86_decode)
	corpus=$src/tests/fuzz/corpus-x86 max_len=64 libs=()
	sources=("$s"/arch/x86_64/{x86_decode,x86_disas}.c) ;;
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
if ! $cc -g -O1 -std=gnu11 -D_GNU_SOURCE -fno-sanitize-recover=undefined \
	-fsanitize=fuzzer,address,undefined -I"$s" "${cflags[@]}" \
	"$src/tests/fuzz/fuzz_$target.c" "${sources[@]}" "${ldflags[@]}" -pthread -o "$bin" \
	2>"$out/build.log"; then
	echo "fuzz-test: building the fuzzer failed:"
	cat "$out/build.log"
	exit 1
fi
rm -rf "$out/corpus"
cp -r "$corpus" "$out/corpus"
echo "fuzz-test: $bin -runs=$runs -max_total_time=$secs"
cd "$out" || exit 1
ASAN_OPTIONS=detect_leaks=1 "$bin" -runs="$runs" -max_total_time="$secs" \
	-max_len="$max_len" -print_final_stats=1 corpus >fuzz.log 2>&1
status=$?
grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss' fuzz.log
if [ $status -eq 0 ]; then
	echo "fuzz-test: PASS"
	exit 0
fi
echo "fuzz-test: FAIL (exit $status); crash input and log in $out:"
tail -n 40 fuzz.log
exit 1
