#!/bin/bash
# hostfwd-test.sh - user networking's port forwards, both protocols: the
# riscv64 test guest takes a DHCP lease (fvp.run=net, no URL), then the
# run.sh of its ext4 /dev/vda answers a UDP datagram to port 7002 with a
# random UDP token and serves a random TCP token on port 7001 (busybox nc),
# and prints FVP-HOSTFWD-LISTENING. FVP runs with
#   --net user,hostfwd=tcp:127.0.0.1:P1-:7001,hostfwd=udp::P2-10.0.2.15:7002
# (an explicit and a default host address, a default and an explicit guest
# one); the host connects to 127.0.0.1:P1 and sends to 127.0.0.1:P2 and
# must read both tokens (UDP first); the guest then powers off.
# Before it listens, the guest fetches http://10.0.2.2:P3/ from a server on the host's
# 127.0.0.1 and prints FVP-HOSTFWD-FETCH ok|blocked: with --restrict on (restrict=on)
# it must be blocked while the TCP forward still works; with off (the default, as
# QEMU's) it must succeed, which also proves the probe. (Under restrict=on libslirp drops
# the guest's UDP replies too, the answers of a UDP forward among them: the UDP part is
# then not run and not expected.)
#
# Usage: hostfwd-test.sh FVP [--engine E] [--timeout SEC] [--logdir DIR] [--restrict on|off]
# Exit status: 0 pass, 1 fail, 77 skip (no guest, firmware, e2fsprogs or python3:
# says what to get).
set -uo pipefail

virtio_name=hostfwd-test
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
virtio_parse_args 1 "$@"
prog=${virtio_pos[0]}
virtio_need mkfs.ext4 "apt-get install e2fsprogs"
virtio_need python3 "apt-get install python3 (the client)"
if fvp_is_qemu "$prog"; then
	echo "$virtio_name: SKIP[host]: runs FVP only (QEMU's options differ)" >&2
	exit 77
fi
virtio_guest "$prog" "console=ttyS0 fvp.run=net fvp.halt=1"

tcp_token=$(head -c 16 /dev/urandom | md5sum | cut -d' ' -f1)
udp_token=$(head -c 16 /dev/urandom | md5sum | cut -d' ' -f1)
mkdir "$work/fs"
echo "$tcp_token" >"$work/fs/tcp-token"
echo "$udp_token" >"$work/fs/udp-token"
# The UDP server answers the first datagram's sender with its stdin (then idles: it is
# stopped once the host, which asks over UDP first, has read the TCP token); the TCP
# one runs cat on the first connection, which closes when the token is sent.
http_port=$(virtio_free_port tcp)
echo "$http_port" >"$work/fs/http-port"
cat >"$work/fs/run.sh" <<'SCRIPT'
#!/bin/sh
if wget -q -T 5 -O /dev/null "http://10.0.2.2:$(cat /mnt/http-port)/"; then
	echo FVP-HOSTFWD-FETCH ok
else
	echo FVP-HOSTFWD-FETCH blocked
fi
nc -n -u -l -p 7002 </mnt/udp-token >/dev/null 2>&1 &
udp=$!
echo FVP-HOSTFWD-LISTENING
nc -n -l -p 7001 -e cat /mnt/tcp-token
kill $udp
echo FVP-HOSTFWD-DONE
SCRIPT
chmod +x "$work/fs/run.sh"
truncate -s 16M "$work/vda.img"
mkfs.ext4 -q -F -d "$work/fs" "$work/vda.img" ||
	{ echo "$virtio_name: mkfs.ext4 failed" >&2; exit 1; }

tcp_port=$(virtio_free_port tcp)
udp_port=$(virtio_free_port udp)
python3 -m http.server --bind 127.0.0.1 --directory "$work/fs" "$http_port" >/dev/null 2>&1 &
virtio_pids+=($!)
fvp_cmd+=(--drive "file=$work/vda.img,if=virtio"
	--net "user,hostfwd=tcp:127.0.0.1:$tcp_port-:7001,hostfwd=udp::$udp_port-10.0.2.15:7002,restrict=$restrict")
virtio_start virtio-hostfwd
got_tcp='' got_udp=''
[ "$restrict" = on ] && udp_token=none
if virtio_wait_console '^FVP-HOSTFWD-LISTENING'; then
	# A try can come before nc listens (slirp then closes the connection, or the
	# guest drops the datagram): up to 30 tries of each, 1 s apart.
	[ "$restrict" = on ] || got_udp=$(python3 - "$udp_port" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
for _ in range(30):
    s.sendto(b"ping\n", ("127.0.0.1", int(sys.argv[1])))
    try:
        print(s.recv(100).decode(errors="replace").strip())
        break
    except OSError:
        pass
PY
)
	got_tcp=$(python3 - "$tcp_port" <<'PY'
import socket, sys, time
for _ in range(30):
    try:
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2) as s:
            s.settimeout(5)
            data = b""
            while chunk := s.recv(100):
                data += chunk
            if data:
                print(data.decode(errors="replace").strip())
                break
    except OSError:
        pass
    time.sleep(1)
PY
)
fi
# Without both tokens the guest may wait for ever: stop it now rather than at the limit.
if [ "$got_tcp" != "$tcp_token" ] || [ "${got_udp:-none}" != "$udp_token" ]; then
	kill "$fvp_pid" 2>/dev/null
fi
virtio_wait_end
echo "$virtio_name: exit $status; tcp token want $tcp_token got ${got_tcp:-none};" \
	"udp token want $udp_token got ${got_udp:-none}"
want_fetch=ok
[ "$restrict" = on ] && want_fetch=blocked
echo "$virtio_name: restrict=$restrict: fetch from the host's loopback:" \
	"$(grep -m1 '^FVP-HOSTFWD-FETCH' <<<"$console" || echo none), want $want_fetch"
if [ $status -eq 0 ] && [ "$got_tcp" = "$tcp_token" ] && [ "${got_udp:-none}" = "$udp_token" ] &&
	grep -q "^FVP-HOSTFWD-FETCH $want_fetch\$" <<<"$console" &&
	grep -q '^FVP-HOSTFWD-DONE$' <<<"$console" && virtio_halted; then
	virtio_pass
fi
virtio_fail
