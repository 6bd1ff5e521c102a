#!/bin/sh
# Block device: read all of /dev/vdb (a raw disk image given to the guest).
# The host checks the md5; ok=yes means the whole disk was read.
. /etc/fvp/lib.sh
if [ ! -b /dev/vdb ]; then
	echo "FVP-RESULT blk ok=no error=no-vdb"
	exit 0
fi
bytes=$(($(cat /sys/block/vdb/size) * 512))
start=$(now_ms)
md5=$(dd if=/dev/vdb bs=1M 2>/dev/null | md5sum | cut -d' ' -f1)
end=$(now_ms)
result blk yes $((end - start)) md5=$md5 bytes=$bytes
