#!/bin/bash
# riscv64-boot.sh [OPTIONS] - the riscv64 Linux guest under FVP and QEMU (TCG): see
# bench/linux-boot.sh for the options and the report.
exec "$(dirname "$0")/linux-boot.sh" --arch riscv64 "$@"
