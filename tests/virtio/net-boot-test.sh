#!/bin/bash
# net-boot-test.sh - boots the riscv64 test guest with a virtio network card
# on user networking (libslirp); the guest takes a DHCP lease and fetches a
# random 4 MiB file over HTTP from the host (10.0.2.2, which slirp maps to
# the host's 127.0.0.1), and must print the same md5 as the host.
#
# Usage: net-boot-test.sh FVP [--engine E] [--timeout SEC] [--logdir DIR]
# Exit status: 0 pass, 1 fail, 77 skip (no guest, firmware or python3: says what to get).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../boot/find-guest.sh
. "$here/../boot/find-guest.sh"

[ $# -ge 1 ] || { sed -n '7,8p' "$0" >&2; exit 1; }
prog=$1
shift
limit=600 logdir=. engine=auto
while [ $# -ge 2 ]; do
	case "$1" in
	--engine) engine=$2 ;;
	--timeout) limit=$2 ;;
	--logdir) logdir=$2 ;;
	*) echo "net-boot-test: unknown option $1" >&2; exit 1 ;;
	esac
	shift 2
done
command -v python3 >/dev/null || { echo "net-boot-test: needs python3 (the HTTP server)" >&2; exit 77; }
dir=$(fvp_guest_dir riscv64) || exit 77

work=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
head -c 4M /dev/urandom >"$work/file"
want=$(md5sum "$work/file" | cut -d' ' -f1)

# A free port on 127.0.0.1: let the server bind it, retrying on a collision.
port=
for _ in 1 2 3 4 5 6 7 8; do
	try=$((20000 + RANDOM % 30000))
	(cd "$work" && exec python3 -m http.server --bind 127.0.0.1 "$try") >"$work/http.log" 2>&1 &
	server=$!
	for _ in $(seq 50); do
		if ! kill -0 "$server" 2>/dev/null; then break; fi
		if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $try), 1)" \
			2>/dev/null; then port=$try; break; fi
		sleep 0.1
	done
	[ -n "$port" ] && break
	kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
	server=
done
[ -n "$port" ] || { echo "net-boot-test: cannot start an HTTP server on 127.0.0.1" >&2; exit 1; }

fvp_guest_command "$prog" "$dir" 1 "$engine" \
	"console=ttyS0 fvp.run=net fvp.url=http://10.0.2.2:$port/file fvp.halt=1" || exit 77
if fvp_is_qemu "$prog"; then
	# shellcheck disable=SC2054 # QEMU options contain commas
	fvp_cmd+=(-netdev user,id=n0 -device virtio-net-device,netdev=n0)
else
	fvp_cmd+=(--net user)
fi
mkdir -p "$logdir"
log=$logdir/virtio-net-user.log
echo "net-boot-test: ${fvp_cmd[*]}"
timeout -k 10 "$limit" "${fvp_cmd[@]}" </dev/null >"$log" 2>&1
status=$?
console=$(tr -d '\r' <"$log")
result=$(grep -m1 '^FVP-RESULT net ' <<<"$console")
echo "net-boot-test: exit $status, host md5 $want, guest: $result"
if [ $status -eq 0 ] && grep -q " md5=$want\$" <<<"$result" && grep -q '^FVP-HALT$' <<<"$console"; then
	echo "net-boot-test: PASS"
	exit 0
fi
echo "net-boot-test: FAIL; last 30 console lines ($log):"
tail -n 30 <<<"$console"
exit 1
