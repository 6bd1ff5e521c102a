#!/bin/bash
# x86_64-boot.sh [OPTIONS] - Debian's x86_64 kernel and the test initramfs under FVP's
# software engines and QEMU (TCG, -M q35) in one run: boot to FVP-INIT-OK, sha, gzip,
# fp, total wall; see bench/linux-boot.sh for the options and the report. The default
# engines are hybrid and jit (KVM would not be a comparison with TCG).
args=("$@")
case " $* " in
*" --engines "*) ;;
*) args=(--engines "hybrid jit" "$@") ;;
esac
exec "$(dirname "$0")/linux-boot.sh" --arch x86_64 "${args[@]}"
