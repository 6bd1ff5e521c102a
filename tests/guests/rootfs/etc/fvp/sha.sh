#!/bin/sh
# Integer and memory traffic: SHA-256 of 64 MiB of zero bytes.
. /etc/fvp/lib.sh
expect=3b6a07d0d404fab4e23b6d34bc6696a6a312dd92821332385e5af7c01c421351
start=$(now_ms)
digest=$(dd if=/dev/zero bs=1M count=64 2>/dev/null | sha256sum | cut -d' ' -f1)
end=$(now_ms)
ok=no
[ "$digest" = "$expect" ] && ok=yes
result sha $ok $((end - start))
