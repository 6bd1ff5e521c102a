#!/bin/bash
# net-boot-test.sh - boots the test guest with a virtio network card on user
# networking (libslirp); the guest takes a DHCP lease and fetches a random
# 4 MiB file over HTTP from the host (10.0.2.2, which slirp maps to the host's
# 127.0.0.1), and must print the same md5 as the host.
#
# Debian's busybox-static (the x86_64 guest's) looks for udhcpc's lease script in
# /etc/udhcpc, where guests built before tests/guests/rootfs named its place do not
# have it: for x86_64 a second archive appended to the initramfs links it there.
#
# Usage: net-boot-test.sh FVP [--arch A] [--engine E] [--timeout SEC] [--logdir DIR]
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
if [ "$arch" = x86_64 ]; then
	virtio_need cpio "apt-get install cpio"
	mkdir -p "$work/extra/etc/udhcpc"
	ln -s /usr/share/udhcpc/default.script "$work/extra/etc/udhcpc/default.script"
	(cd "$work/extra" && find etc | cpio -o -H newc --quiet) >"$work/extra.cpio"
	cp "$guest_dir/initramfs.cpio.gz" "$work/initrd"
	# the kernel looks for the next archive at a 4-byte boundary (zeros skipped)
	truncate -s $((($(stat -c %s "$work/initrd") + 3) / 4 * 4)) "$work/initrd"
	cat "$work/extra.cpio" >>"$work/initrd"
	for i in "${!fvp_cmd[@]}"; do
		[ "${fvp_cmd[$i]}" != "$guest_dir/initramfs.cpio.gz" ] || fvp_cmd[i]=$work/initrd
	done
fi
if fvp_is_qemu "$prog"; then
	# shellcheck disable=SC2054 # QEMU options contain commas
	fvp_cmd+=(-netdev user,id=n0 -device virtio-net-device,netdev=n0)
else
	fvp_cmd+=(--net user)
fi
virtio_run "virtio-net-user-$arch"
result=$(grep -m1 '^FVP-RESULT net ' <<<"$console")
echo "$virtio_name: exit $status, host md5 $want, guest: $result"
if [ $status -eq 0 ] && grep -q " md5=$want\$" <<<"$result" && virtio_halted; then
	virtio_pass
fi
virtio_fail
