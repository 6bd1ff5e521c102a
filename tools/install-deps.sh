#!/bin/sh
# Installs the Debian packages named on the command line that are missing.
# As root: apt-get update (once) and apt-get install. Otherwise: prints the
# command to run and fails, so nothing half-installed is left behind.
set -eu
missing=
for p in "$@"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "fvp: missing Debian packages:$missing" >&2
	echo "fvp: install them with: sudo apt-get install$missing" >&2
	exit 1
fi
echo "fvp: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
