#!/bin/bash
# snapshot.sh - figures for issue 17's snapshot targets (not a timed test): for a bare-metal
# riscv64 guest with 256 MiB and 2 GiB of RAM, and for the Linux test guest booted to
# FVP-INIT-OK in 256 MiB, prints a Markdown table of
#   create:   vm.snapshot of the running VM (pause, write, resume), from its snapshot-done
#             event's duration_ns;
#   file:     the snapshot's size on disk (du) against its apparent size (RAM + 8 KiB);
#   restore:  fvp's own time to check the file, map RAM and load the state (--stats), and
#             the host time from starting `fvp run --restore` to the guest's first console
#             byte (bare-metal guest only: it writes 'A' in a loop, so its first byte is
#             its first instructions; the idle Linux guest prints nothing).
#
# Usage: bench/snapshot.sh [--fvp PATH] [--engine interp|jit|hybrid] [--no-linux]
# Guests: the bare-metal loop is built in; Linux as tests/boot (FVP_GUESTS, ../shared/guests,
# ./guests). Takes about a minute (the Linux boot most of it).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../tests/boot/find-guest.sh
. "$root/tests/boot/find-guest.sh"

fvp=${FVP:-$root/build/src/cli/fvp} engine=hybrid linux=yes
while [ $# -gt 0 ]; do
	case "$1" in
	--fvp) fvp=$2; shift ;;
	--engine) engine=$2; shift ;;
	--no-linux) linux=no ;;
	*) sed -n '2,16p' "$0" >&2; exit 1 ;;
	esac
	shift
done
[ -x "$fvp" ] || { echo "snapshot.sh: no fvp at $fvp (build it, or --fvp PATH)" >&2; exit 1; }
guest_dir=
if [ "$linux" = yes ]; then
	guest_dir=$(fvp_guest_dir riscv64 2>/dev/null) ||
		echo "snapshot.sh: no Linux guest, its row is left out" >&2
fi
exec python3 "$here/snapshot.py" "$fvp" "$engine" "$guest_dir"
