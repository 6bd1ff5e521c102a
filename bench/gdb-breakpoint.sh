#!/bin/bash
# gdb-breakpoint.sh - what a gdb breakpoint costs the Linux test guest (issue 16).
# Boots the riscv64 guest (hybrid, 1 hart) with fvp.run=sha, REPS times in each mode:
#   none      no debugger
#   attached  gdb attaches at FVP-INIT-OK and continues, no breakpoint
#   far       gdb attaches and continues with a breakpoint on a page the guest never
#             executes ($stvec + 4 MiB: kernel data)
#   hot       gdb attaches, breaks on the kernel's trap vector ($stvec), stops there,
#             deletes it and continues (the insertion drops that page's translations)
# and prints one Markdown row per run: sha's guest ms, blocks translated (--stats: what a
# breakpoint made the engine redo shows here; a whole-cache flush at FVP-INIT-OK would
# redo the boot's working set), and the pages whose translations the insertion dropped.
#
# Usage: bench/gdb-breakpoint.sh [REPS] (default 2). FVP: $FVP, else build/src/cli/fvp.
set -uo pipefail

reps=${1:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
fvp=${FVP:-$root/build/src/cli/fvp}
# shellcheck source=../tests/boot/find-guest.sh
. "$root/tests/boot/find-guest.sh"
dir=$(fvp_guest_dir riscv64) || exit 1
fvp_guest_command "$fvp" "$dir" 1 hybrid "console=ttyS0 fvp.run=sha fvp.halt=1" || exit 1
command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch not found" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-gdb-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

run() { # MODE: one boot; prints its row
	local mode=$1 cmds=() pid
	case $mode in
	far) cmds=(-ex 'break *($stvec + 0x400000)') ;;
	hot) cmds=(-ex 'break *$stvec' -ex continue -ex 'monitor info breakpoints' -ex delete) ;;
	esac
	rm -f "$tmp/s" "$tmp/gdb"
	if [ "$mode" = none ]; then
		"${fvp_cmd[@]}" --stats </dev/null >"$tmp/out" 2>&1
	else
		"${fvp_cmd[@]}" --stats --gdb "unix:$tmp/s" </dev/null >"$tmp/out" 2>&1 &
		pid=$!
		until tr -d '\r' <"$tmp/out" | grep -q '^FVP-INIT-OK'; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		gdb-multiarch -batch -nx -ex "target remote $tmp/s" "${cmds[@]}" -ex continue \
			</dev/null >"$tmp/gdb" 2>&1
		wait "$pid"
	fi
	printf '| %s | %s | %s | %s |\n' "$mode" \
		"$(tr -d '\r' <"$tmp/out" | sed -n 's/^FVP-RESULT sha ok=yes ms=//p')" \
		"$(sed -n 's/^ *blocks translated *//p' "$tmp/out")" \
		"$(sed -n 's/.*; \([0-9]*\) page(s) of translations dropped.*/\1/p' "$tmp/gdb" 2>/dev/null |
			tail -1)"
}

echo "| mode | sha guest ms | blocks translated | pages dropped |"
echo "| --- | ---: | ---: | ---: |"
for _ in $(seq "$reps"); do
	for mode in none attached far hot; do
		run $mode
	done
done
