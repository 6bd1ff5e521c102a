# shellcheck shell=sh
# Sourced by the workloads. now_ms: milliseconds since boot (from
# /proc/uptime, so guest time: what the guest's clock says, not the host's).
# result NAME OK MS [k=v ...]: prints the FVP-RESULT line.
now_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}
result() {
	name=$1 ok=$2 ms=$3
	shift 3
	echo "FVP-RESULT $name ok=$ok ms=$ms${*:+ $*}"
}
