#!/bin/bash
# Builds the FVP test guests from Debian packages only, into OUTDIR:
#   riscv64/Image              Linux 6.1 (linux-source-6.1), riscv defconfig plus the
#                              board's drivers built in, no modules, debug options off
#   riscv64/linux.config       that kernel's configuration
#   riscv64/initramfs.cpio.gz  busybox (Debian source package, static, cross-built)
#                              plus tests/guests/rootfs
#   x86_64/bzImage             Debian's stock linux-image-amd64 kernel (KERNEL names it)
#   x86_64/initramfs.cpio.gz   Debian's busybox-static, the virtio modules, the rootfs
# The layout matches the shared guests, so the tests take either (see docs/GUESTS.md).
#
# Usage: tools/build-guests.sh [riscv64|x86_64|all] [OUTDIR]
#   OUTDIR defaults to ./guests at the top of the source tree (git-ignored).
#   Scratch space: $FVP_GUEST_WORK, default OUTDIR/.work (about 2 GB for the kernel).
# Needs root for apt-get (it installs what is missing); ~15 minutes on 2 cores.
# Idempotent: a second run reuses the unpacked sources and rebuilds only what changed.
# The busybox source comes through `apt-get source`, with a private deb-src list made
# from the mirror the host already uses, so the host's apt configuration is untouched.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
out=${2:-$here/guests}
rootfs_src=$here/tests/guests/rootfs
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

say() { printf '[build-guests] %s\n' "$*"; }
die() {
	printf '[build-guests] error: %s\n' "$*" >&2
	exit 1
}

case "$what" in
riscv64 | x86_64 | all) ;;
-h | --help)
	sed -n '2,20p' "$0"
	exit 0
	;;
*) die "unknown guest '$what' (usage: $0 [riscv64|x86_64|all] [OUTDIR])" ;;
esac

mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)
work=${FVP_GUEST_WORK:-$out/.work}
mkdir -p "$work" || die "cannot create $work"
jobs=$(nproc)
[ -d "$rootfs_src" ] || die "missing $rootfs_src (run from an FVP source tree)"

apt_updated=0
# need PKG...: installs the Debian packages that are not installed yet.
need() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root, or install them)"
	if [ $apt_updated = 0 ]; then
		say "apt-get update"
		apt-get update -q >"$work/apt.log" 2>&1 || die "apt-get update failed, see $work/apt.log"
		apt_updated=1
	fi
	say "apt-get install ${missing[*]}"
	apt-get install -y --no-install-recommends "${missing[@]}" >>"$work/apt.log" 2>&1 ||
		die "apt-get install ${missing[*]} failed, see $work/apt.log"
}

# run LOG CMD...: runs a long step with its output in a log, shown in part on failure.
run() {
	local log=$1
	shift
	if ! "$@" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "'$*' failed, full log in $log"
	fi
}

# pack_rootfs STAGING OUTPUT: adds the project's rootfs and writes a gzipped newc cpio.
pack_rootfs() {
	local st=$1 dst=$2
	cp -a "$rootfs_src/." "$st/"
	mkdir -p "$st"/{bin,sbin,proc,sys,dev,tmp,mnt,root,etc}
	chmod 0755 "$st/init" "$st"/etc/fvp/*.sh "$st/usr/share/udhcpc/default.script"
	(cd "$st" && find . | sort | cpio -o -H newc -R 0:0 --quiet | gzip -9n) >"$dst.tmp"
	mv "$dst.tmp" "$dst"
	say "wrote $dst ($(stat -c %s "$dst") bytes)"
}

# link_applets STAGING LIST: a symlink in bin/ to busybox for every applet in LIST.
link_applets() {
	local a
	while read -r a; do
		[ -n "$a" ] && [ ! -e "$1/bin/$a" ] && ln -s busybox "$1/bin/$a"
	done <"$2"
}

# Options set on top of `make ARCH=riscv defconfig`: the devices of the FVP and QEMU
# virt boards built in, everything the guests need, and no debugging aids that slow
# an emulated boot down (the defconfig turns on DEBUG_PAGEALLOC, DEBUG_VM and others).
riscv64_enable=(
	SMP SERIAL_8250 SERIAL_8250_CONSOLE SERIAL_OF_PLATFORM SERIAL_EARLYCON_RISCV_SBI
	RISCV_SBI RISCV_SBI_V01 HVC_RISCV_SBI SIFIVE_PLIC RISCV_TIMER
	VIRTIO_MENU VIRTIO VIRTIO_MMIO VIRTIO_BLK VIRTIO_NET VIRTIO_CONSOLE
	HW_RANDOM HW_RANDOM_VIRTIO
	POWER_RESET POWER_RESET_SYSCON POWER_RESET_SYSCON_POWEROFF MFD_SYSCON
	RTC_CLASS RTC_DRV_GOLDFISH
	BLK_DEV_INITRD RD_GZIP DEVTMPFS DEVTMPFS_MOUNT TMPFS EXT4_FS PRINTK_TIME
	NET INET PACKET UNIX NETDEVICES
)
riscv64_disable=(
	MODULES PCI DRM FB SOUND USB_SUPPORT MMC ATA MD SPI KVM VIRTUALIZATION
	SECURITY_SELINUX SECURITY_APPARMOR NETFILTER IP_PNP
	DEBUG_PAGEALLOC DEBUG_VM DEBUG_MEMORY_INIT DEBUG_PER_CPU_MAPS DEBUG_RT_MUTEXES
	DEBUG_SPINLOCK DEBUG_MUTEXES DEBUG_RWSEMS DEBUG_ATOMIC_SLEEP DEBUG_LIST DEBUG_PLIST
	DEBUG_SG RCU_EQS_DEBUG MEMTEST SCHED_STACK_END_CHECK DEBUG_TIMEKEEPING
	SOFTLOCKUP_DETECTOR WQ_WATCHDOG DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT
)

build_riscv64_kernel() {
	local dst=$out/riscv64 ksrc=$work/linux-source-6.1 cc=riscv64-linux-gnu-
	local mk=(make -C "$ksrc" ARCH=riscv CROSS_COMPILE="$cc")
	mkdir -p "$dst"
	if [ ! -f "$ksrc/Makefile" ]; then
		say "unpacking /usr/src/linux-source-6.1.tar.xz into $work"
		tar -C "$work" -xf /usr/src/linux-source-6.1.tar.xz || die "cannot unpack the kernel"
	fi
	say "configuring Linux: defconfig + FVP options"
	run "$work/kconfig.log" "${mk[@]}" defconfig
	local args=() o
	for o in "${riscv64_enable[@]}"; do args+=(--enable "$o"); done
	for o in "${riscv64_disable[@]}"; do args+=(--disable "$o"); done
	"$ksrc/scripts/config" --file "$ksrc/.config" "${args[@]}" --set-val NR_CPUS 64 ||
		die "scripts/config failed"
	run "$work/kconfig.log" "${mk[@]}" olddefconfig
	for o in SERIAL_8250_CONSOLE SERIAL_OF_PLATFORM VIRTIO_MMIO VIRTIO_BLK SIFIVE_PLIC \
		POWER_RESET_SYSCON_POWEROFF RTC_DRV_GOLDFISH BLK_DEV_INITRD SMP EXT4_FS; do
		grep -q "^CONFIG_$o=y" "$ksrc/.config" || die "kernel option $o did not stick"
	done
	! grep -q '^CONFIG_MODULES=y' "$ksrc/.config" || die "CONFIG_MODULES is still on"
	if [ -f "$dst/Image" ] && [ -f "$dst/linux.config" ] &&
		cmp -s "$ksrc/.config" "$dst/linux.config"; then
		say "riscv64/Image is up to date"
		return 0
	fi
	say "building Linux Image with $jobs jobs (10-20 minutes; log: $work/kbuild.log)"
	run "$work/kbuild.log" "${mk[@]}" -j"$jobs" Image
	cp "$ksrc/arch/riscv/boot/Image" "$dst/Image"
	cp "$ksrc/.config" "$dst/linux.config"
	say "wrote $dst/Image ($(stat -c %s "$dst/Image") bytes)"
}

# fetch_busybox_source: unpacks Debian's busybox source (with Debian's patches) in
# $work/busybox. The deb-src list is private to $work (same mirror as the host's).
fetch_busybox_source() {
	[ -f "$work/busybox/Makefile" ] && return 0
	local codename mirror apt_dir=$work/apt-src
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "cannot tell the Debian release from /etc/os-release"
	mirror=$(apt-cache policy | awk -v s="$codename/main" '$3 == s { print $2; exit }')
	[ -n "$mirror" ] || die "no Debian mirror for '$codename/main' in the apt sources"
	mkdir -p "$apt_dir/parts" "$apt_dir/lists/partial" "$work/src"
	cat >"$apt_dir/parts/deb-src.sources" <<-EOF
		Types: deb-src
		URIs: $mirror
		Suites: $codename
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	local opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt_dir/parts"
		-o Dir::State::Lists="$apt_dir/lists")
	say "fetching the busybox source package ($codename, $mirror)"
	run "$work/apt-src.log" apt-get "${opts[@]}" update
	rm -rf "$work/src" && mkdir -p "$work/src"
	(cd "$work/src" && apt-get "${opts[@]}" source --download-only busybox) \
		>>"$work/apt-src.log" 2>&1 || die "apt-get source busybox failed, see $work/apt-src.log"
	local dsc
	dsc=$(ls "$work"/src/busybox_*.dsc | head -n 1)
	rm -rf "$work/busybox"
	run "$work/apt-src.log" dpkg-source -x "$dsc" "$work/busybox"
}

build_riscv64_busybox() {
	local bb=$work/busybox cc=riscv64-linux-gnu-
	fetch_busybox_source
	if [ -x "$bb/busybox" ] && file "$bb/busybox" | grep -q 'RISC-V.*statically linked'; then
		say "busybox (riscv64, static) is up to date"
		return 0
	fi
	say "building busybox (riscv64, static)"
	run "$work/bbconfig.log" make -C "$bb" CROSS_COMPILE=$cc defconfig
	# Static, and without `tc`, which does not build against recent kernel headers.
	sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
		-e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' "$bb/.config"
	run "$work/bbconfig.log" make -C "$bb" CROSS_COMPILE=$cc oldconfig
	run "$work/bbbuild.log" make -C "$bb" CROSS_COMPILE=$cc -j"$jobs" busybox busybox.links
	file "$bb/busybox" | grep -q 'RISC-V.*statically linked' ||
		die "$bb/busybox is not a static RISC-V program"
}

build_riscv64() {
	need linux-source-6.1 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross flex bison bc \
		libssl-dev libelf-dev cpio dpkg-dev file xz-utils make
	build_riscv64_kernel
	build_riscv64_busybox
	local st=$work/rootfs-riscv64
	rm -rf "$st" && mkdir -p "$st/bin"
	cp "$work/busybox/busybox" "$st/bin/busybox"
	sed 's#.*/##' "$work/busybox/busybox.links" >"$work/applets-riscv64"
	link_applets "$st" "$work/applets-riscv64"
	pack_rootfs "$st" "$out/riscv64/initramfs.cpio.gz"
}

# module_order MODROOT NAME...: prints the .ko files (relative to MODROOT) for NAMEs
# and their dependencies (from modules.dep), each after everything it depends on.
module_order() {
	local root=$1 seen=" "
	shift
	visit() {
		local path=$1 deps d
		case "$seen" in *" $path "*) return 0 ;; esac
		seen="$seen$path "
		deps=$(awk -v p="$path:" '$1 == p { $1 = ""; print }' "$root/modules.dep")
		for d in $deps; do visit "$d"; done
		echo "$path"
	}
	local name path
	for name in "$@"; do
		path=$(awk -F: -v n="/$name.ko" 'index($1, n) { print $1; exit }' "$root/modules.dep")
		[ -n "$path" ] || continue
		visit "$path"
	done
}

build_x86_64() {
	need cpio dpkg-dev xz-utils kmod
	local dst=$out/x86_64 debs=$work/debs-amd64 pkg
	mkdir -p "$dst" "$debs"
	[ $apt_updated = 1 ] || { apt-get update -q >"$work/apt.log" 2>&1 && apt_updated=1; } ||
		die "apt-get update failed, see $work/apt.log"
	pkg=$(apt-cache depends linux-image-amd64 |
		sed -n 's/.*Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
	[ -n "$pkg" ] || die "cannot tell which kernel package linux-image-amd64 depends on"
	say "downloading $pkg and busybox-static"
	(cd "$debs" && apt-get download "$pkg" busybox-static) >"$work/apt-dl.log" 2>&1 ||
		die "apt-get download failed, see $work/apt-dl.log"
	rm -rf "$debs/kernel" "$debs/busybox"
	run "$work/dpkg-x.log" dpkg-deb -x "$(ls "$debs/${pkg}"_*.deb | head -n 1)" "$debs/kernel"
	run "$work/dpkg-x.log" dpkg-deb -x "$(ls "$debs"/busybox-static_*.deb | head -n 1)" \
		"$debs/busybox"
	cp "$debs"/kernel/boot/vmlinuz-* "$dst/bzImage"
	echo "$pkg" >"$dst/KERNEL"

	local st=$work/rootfs-x86_64 modroot ko m
	rm -rf "$st" && mkdir -p "$st/bin" "$st/lib/modules/fvp"
	cp "$debs/busybox/bin/busybox" "$st/bin/busybox"
	"$st/bin/busybox" --list >"$work/applets-x86_64" || die "cannot run the x86_64 busybox"
	link_applets "$st" "$work/applets-x86_64"
	modroot=$(ls -d "$debs"/kernel/lib/modules/*/ | head -n 1)
	# The package leaves modules.dep to depmod at install time: make it here.
	run "$work/depmod.log" depmod -b "$debs/kernel" "$(basename "$modroot")"
	: >"$st/lib/modules/fvp/order"
	for ko in $(module_order "$modroot" virtio_mmio virtio_pci virtio_blk virtio_net \
		virtio_console virtio-rng); do
		m=$(basename "$ko")
		case "$m" in
		*.ko.xz) xz -dc "$modroot/$ko" >"$st/lib/modules/fvp/${m%.xz}" && m=${m%.xz} ;;
		*.ko.zst) die "zstd-compressed modules are not handled ($m)" ;;
		*) cp "$modroot/$ko" "$st/lib/modules/fvp/$m" ;;
		esac
		echo "$m" >>"$st/lib/modules/fvp/order"
	done
	[ -s "$st/lib/modules/fvp/order" ] || die "no virtio modules found in $pkg"
	say "modules: $(paste -sd ' ' "$st/lib/modules/fvp/order")"
	pack_rootfs "$st" "$dst/initramfs.cpio.gz"
	say "wrote $dst/bzImage ($pkg)"
}

case "$what" in
riscv64) build_riscv64 ;;
x86_64) build_x86_64 ;;
all)
	build_riscv64
	build_x86_64
	;;
esac
(cd "$out" && { sha256sum riscv64/* x86_64/* >SHA256SUMS 2>/dev/null || true; })
say "done: guests in $out"
