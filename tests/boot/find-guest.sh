# shellcheck shell=bash
# find-guest.sh - where the Linux test guests and the firmware are; sourced by
# tests/boot/*.sh and bench/*.sh (bash).
#
# Guest folders have the layout of tools/build-guests.sh: ARCH/Image (riscv64) or
# ARCH/bzImage (x86_64), and ARCH/initramfs.cpio.gz. They are looked for, first
# match wins:
#   1. $FVP_GUESTS, when set (and then only there);
#   2. $FVP_SHARED_GUESTS, default ../shared/guests beside the source tree;
#   3. $FVP_OWN_GUESTS, default ./guests in the source tree (made by `make guests`).
# The firmware is $FVP_FIRMWARE, default Debian's OpenSBI fw_jump.bin.
# Functions print their answer on stdout, or a one-line reason on stderr and
# return 1; nothing here exits.

fvp_source_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fvp_opensbi_dir=/usr/lib/riscv64-linux-gnu/opensbi/generic
# The command line fvp_guest_command builds, for the caller to run.
# shellcheck disable=SC2034
fvp_cmd=()

# fvp_guest_kernel_name ARCH: the kernel's file name inside a guest folder.
fvp_guest_kernel_name() {
	case "$1" in
	x86_64) echo bzImage ;;
	*) echo Image ;;
	esac
}

# fvp_guest_dir ARCH: the folder holding ARCH's kernel and initramfs.
fvp_guest_dir() {
	local arch=$1 kernel candidates=() dir
	kernel=$(fvp_guest_kernel_name "$arch")
	if [ -n "${FVP_GUESTS:-}" ]; then
		candidates=("$FVP_GUESTS")
	else
		candidates=("${FVP_SHARED_GUESTS:-$fvp_source_root/../shared/guests}"
			"${FVP_OWN_GUESTS:-$fvp_source_root/guests}")
	fi
	for dir in "${candidates[@]}"; do
		if [ -f "$dir/$arch/$kernel" ] && [ -f "$dir/$arch/initramfs.cpio.gz" ]; then
			(cd "$dir/$arch" && pwd)
			return 0
		fi
	done
	echo "no $arch guest ($arch/$kernel and $arch/initramfs.cpio.gz) in:" \
		"${candidates[*]}; build one with 'make guests'" \
		"(tools/build-guests.sh) or point FVP_GUESTS at a guest folder" >&2
	return 1
}

# fvp_firmware [bin|elf]: the riscv64 firmware (fw_jump), raw image by default.
fvp_firmware() {
	local kind=${1:-bin} fw
	if [ -n "${FVP_FIRMWARE:-}" ] && [ "$kind" = bin ]; then
		fw=$FVP_FIRMWARE
	else
		fw=$fvp_opensbi_dir/fw_jump.$kind
	fi
	if [ ! -f "$fw" ]; then
		echo "no riscv64 firmware at $fw: install Debian's opensbi package" \
			"(apt-get install opensbi) or set FVP_FIRMWARE" >&2
		return 1
	fi
	echo "$fw"
}

# fvp_is_qemu PROGRAM: true when PROGRAM is a qemu-system binary rather than fvp
# (the boot tests can then be checked against QEMU).
fvp_is_qemu() {
	case "$(basename "$1")" in
	qemu-system-*) return 0 ;;
	*) return 1 ;;
	esac
}

# fvp_guest_command PROGRAM DIR SMP ENGINE APPEND [ARCH]: prints nothing, fills the array
# fvp_cmd with the command line that boots the ARCH guest (default riscv64) in DIR. QEMU
# runs riscv64 on -M virt with OpenSBI, x86_64 on -M q35 (TCG) with -no-reboot, so the
# x86_64 guest's power-off (a keyboard-controller reset, reboot=k) ends it as it ends FVP.
# shellcheck disable=SC2034
fvp_guest_command() {
	local prog=$1 dir=$2 smp=$3 engine=$4 append=$5 arch=${6:-riscv64} fw
	if [ "$arch" = x86_64 ]; then
		if fvp_is_qemu "$prog"; then
			fvp_cmd=("$prog" -M q35 -accel tcg -m 512 -smp "$smp" -display none
				-serial stdio -monitor none -no-reboot -kernel "$dir/bzImage"
				-initrd "$dir/initramfs.cpio.gz" -append "$append")
		else
			fvp_cmd=("$prog" run --arch x86_64 --engine "$engine"
				--kernel "$dir/bzImage" --initrd "$dir/initramfs.cpio.gz"
				--append "$append" --mem 512M --smp "$smp")
		fi
	elif fvp_is_qemu "$prog"; then
		fw=$(fvp_firmware elf) || return 1
		fvp_cmd=("$prog" -M virt -m 256 -smp "$smp" -display none -serial stdio
			-monitor none -bios "$fw" -kernel "$dir/Image"
			-initrd "$dir/initramfs.cpio.gz" -append "$append")
	else
		fw=$(fvp_firmware bin) || return 1
		fvp_cmd=("$prog" run --arch riscv64 --engine "$engine" --bios "$fw"
			--kernel "$dir/Image" --initrd "$dir/initramfs.cpio.gz" --append "$append"
			--mem 256M --smp "$smp")
	fi
}
