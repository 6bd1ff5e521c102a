#!/bin/bash
# net-boot-test.sh - boots the riscv64 test guest with a virtio network card
# on user networking (libslirp); the guest takes a DHCP lease and fetches a
# random 4 MiB file over HTTP from the host (10.0.2.2, which slirp maps to
# the host's 127.0.0.1), and must print the same md5 as the host.
#
# Usage: net-boot-test.sh FVP [--engine E] [--timeout SEC] [--logdir DIR]
# Exit status: 0 pass, 1 fail, 77 skip (no guest, firmware or python3: says what to get).
set -uo pipefail

virtio_name=net-boot-test
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
virtio_parse_args 1 "$@"
prog=${virtio_pos[0]}
virtio_need python3 "apt-get install python3 (the HTTP server)"
virtio_guest_dir

mkdir "$work/www"
head -c 4M /dev/urandom >"$work/www/file"
want=$(md5sum "$work/www/file" | cut -d' ' -f1)
virtio_http_start "$work/www" 127.0.0.1
virtio_guest "$prog" "console=ttyS0 fvp.run=net fvp.url=http://10.0.2.2:$http_port/file fvp.halt=1"
if fvp_is_qemu "$prog"; then
	# shellcheck disable=SC2054 # QEMU options contain commas
	fvp_cmd+=(-netdev user,id=n0 -device virtio-net-device,netdev=n0)
else
	fvp_cmd+=(--net user)
fi
virtio_run virtio-net-user
result=$(grep -m1 '^FVP-RESULT net ' <<<"$console")
echo "$virtio_name: exit $status, host md5 $want, guest: $result"
if [ $status -eq 0 ] && grep -q " md5=$want\$" <<<"$result" && virtio_halted; then
	virtio_pass
fi
virtio_fail
