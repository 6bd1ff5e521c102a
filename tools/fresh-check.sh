#!/bin/bash
# fresh-check.sh - CI's fresh-machine stage: proves that the project's own set-up
# installs everything it needs on a bare Debian 12, with nothing installed by hand.
#
#   1. A minimal Debian 12 root (debootstrap --variant=minbase, from the Debian archive
#      the host's apt already uses) with only git, make and ca-certificates added. It is
#      cached in $FVP_FRESH_CACHE (default /var/cache/fvp-fresh, outside the checkout),
#      keyed by the date, the mirror and that package list, so a run costs minutes; the
#      downloaded .debs are cached there too.
#   2. A scratch copy of that root gets a clone of this checkout's HEAD at /work/main and
#      a copy of ../shared (the guests) at /work/shared, as CI lays them out.
#   3. Inside it, as root in a chroot: `make build` (which installs the Makefile's
#      packages), then `meson test` on $FVP_FRESH_SUITES (default: the first run of
#      `make check`: unit cli guest diff boot kvm fuzz), then tools/check-skips.py, so a
#      package missing from the lists fails the stage with what is missing.
# Exit status: 0 pass, 1 fail. Needs root (debootstrap, chroot, mounts) and debootstrap.
# The scratch root is removed on every exit path; the cache stays.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${FVP_FRESH_CACHE:-/var/cache/fvp-fresh}
suites=${FVP_FRESH_SUITES:-unit cli guest diff boot kvm fuzz}
release=bookworm
base_packages=git,make,ca-certificates

say() { printf '[fresh-check] %s\n' "$*"; }
die() {
	printf '[fresh-check] error: %s\n' "$*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts): run as root"
command -v debootstrap >/dev/null || die "needs debootstrap: apt-get install debootstrap"
git -C "$here" rev-parse --verify -q HEAD >/dev/null || die "$here is not a git checkout"

# host_mirror: the first Debian archive (not -security) that the host's apt uses.
host_mirror() {
	local m
	m=$(sed -n 's/^URIs:[[:space:]]*\(http[^[:space:]]*\/debian\)[[:space:]]*$/\1/p' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$m" ] || m=$(sed -n 's/^deb[[:space:]]\+\(http[^[:space:]]*\/debian\)[[:space:]].*/\1/p' \
		/etc/apt/sources.list 2>/dev/null | head -n 1)
	echo "${m:-http://deb.debian.org/debian}"
}

# base_root: the cached debootstrapped root for today (made when missing); prints its path.
base_root() {
	local key base
	key=$(date -u +%Y-%m-%d)-$(printf '%s %s %s' "$release" "$mirror" "$base_packages" |
		sha256sum | cut -c1-12)
	base=$cache/base-$key
	if [ ! -d "$base" ]; then
		say "debootstrap $release from $mirror into $base (cached for today)" >&2
		rm -rf "$cache"/base-* "$cache/tmp"
		mkdir -p "$cache/archives"
		debootstrap --variant=minbase --include="$base_packages" \
			--cache-dir="$cache/archives" "$release" "$cache/tmp" "$mirror" \
			>"$cache/debootstrap.log" 2>&1 ||
			die "debootstrap failed, see $cache/debootstrap.log"
		mv "$cache/tmp" "$base"
	fi
	echo "$base"
}

mirror=$(host_mirror)
mkdir -p "$cache"
base=$(base_root)
root=$(mktemp -d "${TMPDIR:-/var/tmp}/fvp-fresh.XXXXXX")
mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount -l "${mounts[i]}" 2>/dev/null || true
	done
	rm -rf --one-file-system "$root"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# mount_in WHAT DIR ARGS...: mounts into the scratch root, unmounted by cleanup.
mount_in() {
	local dir=$root/$2
	mkdir -p "$dir"
	mount "${@:3}" "$1" "$dir"
	mounts+=("$dir")
}

say "scratch root $root"
# The root is a mount point of its own, as / is: `ip netns exec` (the tap test) makes it
# a slave mount, which fails on a plain folder.
mount --bind "$root" "$root"
mounts+=("$root")
cp -a "$base/." "$root/"
# The host's Debian sources (main archive, updates, security), nothing third-party.
if ls /etc/apt/sources.list.d/debian.sources >/dev/null 2>&1; then
	rm -f "$root/etc/apt/sources.list"
	cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
fi
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
mount_in proc proc -t proc
mount_in sysfs sys -t sysfs
mount_in /dev dev --rbind
mount_in "$cache/archives" var/cache/apt/archives --bind
mount_in tmpfs run -t tmpfs

say "cloning $(git -C "$here" rev-parse --short HEAD) into /work/main"
git clone -q "$here" "$root/work/main"
if [ -d "$here/../shared" ]; then
	cp -a "$here/../shared" "$root/work/shared"
fi

suite_args=()
for s in $suites; do suite_args+=(--suite "$s"); done
say "make build, then meson test ${suite_args[*]}, inside the fresh root"
start=$SECONDS
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	/bin/bash -euo pipefail -c '
		cd /work/main
		make build
		meson test -C build --print-errorlogs --num-processes 2 "$@"
		tools/check-skips.py build' fresh "${suite_args[@]}" ||
	die "the fresh root failed after $((SECONDS - start)) s (see above): a package the" \
		"project needs is missing from the Makefile's lists, or a test fails there"
say "passed in $((SECONDS - start)) s"
