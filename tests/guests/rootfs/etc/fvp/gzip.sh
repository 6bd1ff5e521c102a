#!/bin/sh
# Compression: gzip then gunzip 16 MiB of `seq` text, and compare.
. /etc/fvp/lib.sh
seq 1 2000000 >/tmp/gz.in
start=$(now_ms)
gzip -c /tmp/gz.in >/tmp/gz.gz
gunzip -c /tmp/gz.gz >/tmp/gz.out
end=$(now_ms)
ok=no
cmp -s /tmp/gz.in /tmp/gz.out && ok=yes
result gzip $ok $((end - start)) "bytes=$(wc -c </tmp/gz.in)"
rm -f /tmp/gz.in /tmp/gz.gz /tmp/gz.out
