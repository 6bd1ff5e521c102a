#!/bin/sh
# Network: DHCP on eth0, then download fvp.url (under user-mode networking
# the host is 10.0.2.2). The host checks the md5.
. /etc/fvp/lib.sh
url=
for arg in $(cat /proc/cmdline); do
	case "$arg" in fvp.url=*) url=${arg#fvp.url=} ;; esac
done
if ! ip link set eth0 up 2>/dev/null; then
	echo "FVP-RESULT net ok=no error=no-eth0"
	exit 0
fi
if ! udhcpc -i eth0 -q -n -t 5 -s /usr/share/udhcpc/default.script >/dev/null 2>&1; then
	echo "FVP-RESULT net ok=no error=dhcp"
	exit 0
fi
addr=$(ip -4 addr show eth0 | awk '/inet / { print $2 }')
if [ -z "$url" ]; then
	result net yes 0 addr=$addr
	exit 0
fi
start=$(now_ms)
md5=$(wget -q -O - "$url" | md5sum | cut -d' ' -f1)
end=$(now_ms)
result net yes $((end - start)) md5=$md5 addr=$addr
