#!/bin/bash
# tap-boot-test.sh - the tap network back-end carries a guest's traffic: in
# a fresh network namespace (nothing leaves it) the test makes a tap
# interface with the host side at 192.0.2.1/24 (TEST-NET-1), serves DHCP on
# it (dnsmasq, leases 192.0.2.10-20) and a random 4 MiB file over HTTP, and
# boots the riscv64 test guest inside the namespace with
# --net tap,ifname=fvptap0. The guest takes a lease, fetches the file and
# must print the same md5 as the host. The namespace and every process
# started here go away on every exit path.
#
# Usage: tap-boot-test.sh FVP [--engine E] [--timeout SEC] [--logdir DIR]
# Exit status: 0 pass, 1 fail, 77 skip (not root, no /dev/net/tun, ip, dnsmasq or
# python3, no network namespace or tap allowed, no guest or firmware: says which).
set -uo pipefail

virtio_name='tap-boot-test'
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
virtio_parse_args 1 "$@"
prog=${virtio_pos[0]}
[ "$(id -u)" -eq 0 ] || { echo "$virtio_name: SKIP[host]: needs root (network namespaces, tap)" >&2; exit 77; }
[ -c /dev/net/tun ] || { echo "$virtio_name: SKIP[host]: needs /dev/net/tun (modprobe tun)" >&2; exit 77; }
virtio_need ip "apt-get install iproute2"
virtio_need dnsmasq "apt-get install dnsmasq-base (the DHCP server)"
virtio_need python3 "apt-get install python3 (the HTTP server)"
virtio_guest_dir

ns=fvp-tap-$$ tap=fvptap0 host_ip=192.0.2.1
in_ns=(ip netns exec "$ns")
ip netns add "$ns" 2>"$work/netns.err" || {
	echo "$virtio_name: SKIP[host]: cannot create a network namespace: $(cat "$work/netns.err")" >&2
	exit 77
}
virtio_at_exit+=("ip netns del $ns")
if ! { "${in_ns[@]}" ip link set lo up &&
	"${in_ns[@]}" ip tuntap add dev "$tap" mode tap &&
	"${in_ns[@]}" ip addr add "$host_ip/24" dev "$tap" &&
	"${in_ns[@]}" ip link set "$tap" up; } 2>"$work/tap.err"; then
	echo "$virtio_name: SKIP[host]: cannot make tap $tap in $ns (no tun access here?):" \
		"$(cat "$work/tap.err")" >&2
	exit 77
fi

# DHCP only (port=0: no DNS), on the tap alone, lease file in the work folder.
"${in_ns[@]}" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --user=root \
	--interface="$tap" --bind-interfaces --dhcp-range=192.0.2.10,192.0.2.20,255.255.255.0,1h \
	--dhcp-leasefile="$work/leases" --pid-file="$work/dnsmasq.pid" \
	--log-dhcp --log-facility="$work/dnsmasq.log" &
virtio_pids+=($!)

mkdir "$work/www"
head -c 4M /dev/urandom >"$work/www/file"
want=$(md5sum "$work/www/file" | cut -d' ' -f1)
virtio_http_start "$work/www" "$host_ip" "${in_ns[@]}"
virtio_guest "$prog" \
	"console=ttyS0 fvp.run=net fvp.url=http://$host_ip:$http_port/file fvp.halt=1"
if fvp_is_qemu "$prog"; then
	# shellcheck disable=SC2054 # QEMU options contain commas
	fvp_cmd+=(-netdev "tap,id=n0,ifname=$tap,script=no,downscript=no"
		-device virtio-net-device,netdev=n0)
else
	fvp_cmd+=(--net "tap,ifname=$tap")
fi
virtio_run virtio-net-tap "${in_ns[@]}"
result=$(grep -m1 '^FVP-RESULT net ' <<<"$console")
lease=$(cut -d' ' -f3 "$work/leases" 2>/dev/null)
echo "$virtio_name: exit $status, host md5 $want, lease ${lease:-none}, guest: $result"
if [ $status -eq 0 ] && grep -q " md5=$want\$" <<<"$result" && virtio_halted; then
	virtio_pass
fi
echo "$virtio_name: dnsmasq said:"
tail -n 10 "$work/dnsmasq.log" 2>/dev/null
virtio_fail
