#!/bin/sh
# Line coverage per module from a build configured with -Db_coverage=true
# (make coverage). Aims: 80 % overall, 90 % for core, IR and the soft MMU.
set -eu
build=${1:-build-cov}
root=$(cd "$(dirname "$0")/.." && pwd)
echo "module                 lines"
for m in src/core src/ir src/mem src/engine src/arch/riscv64 src/dev src/boot src/cli; do
	pct=$(gcovr -r "$root" --object-directory "$build" --filter "$root/$m/" 2>/dev/null |
		awk '/^TOTAL/ {print $4}')
	printf '%-22s %s\n' "$m" "${pct:-n/a}"
done
gcovr -r "$root" --object-directory "$build" --filter "$root/src/" 2>/dev/null | awk '/^TOTAL/ {print "overall                " $4}'
