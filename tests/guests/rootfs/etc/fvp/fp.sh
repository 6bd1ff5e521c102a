#!/bin/sh
# Double-precision floating point: the harmonic sum H(3,000,000) in awk.
. /etc/fvp/lib.sh
start=$(now_ms)
sum=$(awk 'BEGIN { h = 0; for (k = 1; k <= 3000000; k++) h += 1.0 / k; printf "%.9f\n", h }')
end=$(now_ms)
ok=no
[ "$sum" = 15.491338678 ] && ok=yes
result fp $ok $((end - start)) sum=$sum
