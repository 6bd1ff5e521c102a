#!/bin/sh
# All CPUs at once: one SHA-256 of 32 MiB of zeros per CPU, in parallel.
. /etc/fvp/lib.sh
expect=83ee47245398adee79bd9c0a8bc57b821e92aba10f5f9ade8a5d1fae4d8c4302
cpus=$(nproc)
start=$(now_ms)
i=0
while [ $i -lt "$cpus" ]; do
	(dd if=/dev/zero bs=1M count=32 2>/dev/null | sha256sum >/tmp/smp.$i) &
	i=$((i + 1))
done
wait
end=$(now_ms)
ok=yes
i=0
while [ $i -lt "$cpus" ]; do
	[ "$(cut -d' ' -f1 /tmp/smp.$i 2>/dev/null)" = "$expect" ] || ok=no
	i=$((i + 1))
done
rm -f /tmp/smp.*
result smp $ok $((end - start)) cpus=$cpus
