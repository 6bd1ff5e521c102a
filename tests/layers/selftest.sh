#!/bin/bash
# selftest.sh CHECK-LAYERS - the layering check finds what it names: a scratch source tree
# with one violation of each rule (an upward include, a sibling include, a frontend
# including another, a guest ISA named in a shared layer and in the JIT) must give exactly
# those lines and exit 1; the same tree without them (comments, the JIT's own host ISA,
# downward includes) must pass.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
	echo "usage: $0 CHECK-LAYERS (tools/check-layers.py)" >&2
	exit 1
fi
check=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

put() { mkdir -p "$(dirname "$tmp/src/$1")" && printf '%s\n' "$2" >"$tmp/src/$1"; }

# allowed: downward includes, ISA names in comments, the JIT naming its host, arch above all
put core/ok.h '#include "config/vm_config.h" /* riscv64 in a comment */'
put mem/ok.c '#include "core/ok.h"
// x86 in a line comment
static int page_walk;'
put engine/jit/ok.c '#include "ir/ir.h"
static void x86_emit_ret(void);'
put arch/riscv64/ok.c '#include "arch/riscv64/cpu.h"
#include "engine/tcache.h"
static int rv64_ok;'
put cli/ok.c '#include "arch/machine.h"'
python3 "$check" "$tmp/src" >"$tmp/clean.out"
status=$?
if [ $status -ne 0 ]; then
	echo "FAIL: the clean tree gave exit $status:"
	cat "$tmp/clean.out"
	exit 1
fi

put core/up.h '#include "engine/engine.h"'
put mem/sibling.c '#include "ir/ir.h"'
put arch/riscv64/cross.c '#include "arch/x86_64/board_x86.h"'
put dev/isa.c 'static int riscv_only_quirk;'
put engine/jit/guest.c 'static int rv64_special_case;'
python3 "$check" "$tmp/src" >"$tmp/bad.out"
status=$?
failed=0
for want in 'core/up.h:1: core includes the higher layer engine' \
	'mem/sibling.c:1: mem includes its sibling layer ir' \
	'arch/riscv64/cross.c:1: frontend riscv64 includes frontend x86_64' \
	'dev/isa.c:1: the dev layer names a guest ISA' \
	'engine/jit/guest.c:1: the engine layer names a guest ISA'; do
	if ! grep -qF "$want" "$tmp/bad.out"; then
		echo "FAIL: missing: $want"
		failed=1
	fi
done
lines=$(grep -c ': ' "$tmp/bad.out")
if [ $status -ne 1 ] || [ "$lines" -ne 6 ]; then # five violations and the summary
	echo "FAIL: exit $status (want 1), $lines lines (want 6)"
	failed=1
fi
[ $failed -eq 0 ] || { cat "$tmp/bad.out"; exit 1; }
echo "ok: five violations found, the clean tree passes"
