#!/bin/bash
# fuzz-long.sh - `make fuzz-long`: each libFuzzer target in turn (fuzz-test.sh) for RUNS
# executions, at most SECONDS seconds each, merging the inputs that add coverage into the
# corpora in tests/fuzz. Findings stay in OUTDIR/TARGET (crash-*, leak-*, timeout-*, oom-*)
# and make it fail. Ends with a table: executions, exec/s, coverage, corpus, findings.
#
# Usage: fuzz-long.sh SRCROOT OUTDIR RUNS SECONDS TARGET...
set -uo pipefail

[ $# -ge 5 ] || { sed -n '7p' "$0" >&2; exit 1; }
src=$1 out=$2 runs=$3 secs=$4
shift 4
mkdir -p "$out" || exit 1
status=0 summary=()
for t in "$@"; do
	echo "fuzz-long: $t ($runs executions, at most $secs s)"
	FUZZ_MERGE=1 "$src/tests/fuzz/fuzz-test.sh" "$src" "$out/$t" "$runs" "$secs" "$t" \
		>"$out/$t.log" 2>&1
	rc=$?
	tail -n 2 "$out/$t.log"
	[ $rc -eq 0 ] || status=1
	summary+=("$(grep "^fuzz-test: $t: " "$out/$t.log" | tail -n 1)")
done
echo "fuzz-long: summary (logs: $out/TARGET.log, $out/TARGET/fuzz.log)"
printf '  %s\n' "${summary[@]}"
exit $status
