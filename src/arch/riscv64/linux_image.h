/*
 * linux_image.h - the RISC-V Linux Image format (the kernel's "Image"
 * file, Documentation/arch/riscv/boot-image-header.rst) as a kernel format
 * of the boot loader (boot/loader.h).
 */
#ifndef FVP_ARCH_RISCV64_LINUX_IMAGE_H
#define FVP_ARCH_RISCV64_LINUX_IMAGE_H

#include "boot/loader.h"

/* Recognised by either magic of the 64-byte header; placed at RAM base + text_offset, never
 * below the load address, spanning image_size bytes (the file's size when that is 0). */
extern const struct boot_kernel_format rv64_linux_image;

#endif
