# FVP - the two commands of the README, plus helpers.
#   make demo      install what is missing, build, boot a guest to a shell
#   make check     install what is missing, build, run every default test suite
#                  (also under ASan+UBSan, and the multi-threaded ones under TSan)
#   make build | lint | fresh-check | coverage | guests | bench | slow | fuzz-long | format | clean
# Package installation needs root (apt-get); as a normal user the missing
# packages are listed with the command to install them.

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
COV_BUILD  ?= build-cov
LINT_BUILD ?= build-lint
MESON_TEST  = meson test --print-errorlogs --num-processes 2
# Sanitized code runs several times slower (TSan: the JIT's differential test ~10x):
# their runs get longer hang limits.
MESON_TEST_SAN = $(MESON_TEST) --timeout-multiplier 4
GUESTS     ?= $(firstword $(wildcard $(FVP_GUESTS) ../shared/guests guests))
BIOS       ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin

# Every Debian package a target uses directly, by target (never through a Recommends:
# install-deps.sh installs with --no-install-recommends, as a fresh machine would).
# build, check and demo (the build includes the test programs): compiler, Meson, the
# libraries (libseccomp: the per-thread filters), capstone (-d out_asm), cmocka; the
# riscv64 cross compiler with its C library (guest and diff suites) and qemu-user (the
# diff oracle); OpenSBI (boot suite, demo); clang and its runtimes (ThreadSanitizer
# build, libFuzzer); what the test scripts run: cpio, python3 (HTTP server, clients),
# e2fsprogs (mkfs.ext4, debugfs, e2fsck), iproute2 and dnsmasq-base (tap test),
# diffutils (cmp), acpica-tools (iasl: the acpi-tables test disassembles the x86_64
# board's ACPI tables); libmicrohttpd and json-c (the control API's HTTP server and JSON
# bodies), python3-yaml (test api-openapi reads docs/api/fvp.yaml), gdb-multiarch (the
# gdb stub's tests drive a real gdb), xz-utils (tools/extract-vmlinux.sh unpacks Debian's
# xz-compressed kernel for the x86_64 PVH boot test).
PACKAGES = meson ninja-build pkg-config gcc libc6-dev libfdt-dev liburing-dev libslirp-dev \
	libseccomp-dev libglib2.0-dev libcapstone-dev libcmocka-dev gcc-riscv64-linux-gnu \
	binutils-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user opensbi clang-14 \
	libclang-rt-14-dev cpio python3 e2fsprogs iproute2 dnsmasq-base diffutils acpica-tools \
	libmicrohttpd-dev libjson-c-dev python3-yaml gdb-multiarch xz-utils
# make lint: the format check, clang-tidy and cppcheck.
LINT_PACKAGES = clang-format clang-tidy cppcheck
# make coverage
COVERAGE_PACKAGES = gcovr
# make guests (tools/build-guests.sh): Debian's kernel source and busybox, cross-built.
GUEST_PACKAGES = linux-source-6.1 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross flex bison \
	bc libssl-dev libelf-dev cpio dpkg-dev file xz-utils make kmod
# make bench: QEMU's system emulators side by side; perl timestamps the console.
BENCH_PACKAGES = qemu-system-misc qemu-system-x86 perl
# tools/fresh-check.sh (CI's fresh-machine stage)
FRESH_PACKAGES = debootstrap
.PHONY: all deps build check demo coverage guests bench slow fuzz-long lint fresh-check format \
	clean

all: build

deps:
	@tools/install-deps.sh $(PACKAGES)

# guest_tests=enabled: a missing cross compiler, its C library or qemu-user stops the
# set-up with the package to install, instead of skipping the guest and diff suites.
SETUP = meson setup -Dguest_tests=enabled

$(BUILD)/build.ninja:
	$(SETUP) $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja:
	$(SETUP) $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debugoptimized

# ThreadSanitizer needs clang (gcc's does not support atomic fences). Guest tests whose
# devices DMA into guest RAM (suite 'dma') are left out: the guest orders its ring writes
# with fence instructions that need no host instruction on x86-64 (TSO), which TSan
# cannot see, so it would report the guest's own well-ordered handshakes.
$(TSAN_BUILD)/build.ninja:
	CC=clang-14 $(SETUP) $(TSAN_BUILD) -Db_sanitize=thread -Db_lundef=false \
		-Dbuildtype=debugoptimized

# Each run ends with tools/check-skips.py: a test skipped for a missing package (or for
# no stated reason) fails `make check`; a skip for missing hardware or guest is listed.
CHECK_SUITES = --suite unit --suite cli --suite guest --suite diff --suite boot --suite kvm \
	--suite fuzz

check: build $(ASAN_BUILD)/build.ninja $(TSAN_BUILD)/build.ninja
	$(MESON_TEST) -C $(BUILD) $(CHECK_SUITES)
	tools/check-skips.py $(BUILD)
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(MESON_TEST_SAN) -C $(ASAN_BUILD) --suite unit --suite guest
	tools/check-skips.py $(ASAN_BUILD)
	ninja -C $(TSAN_BUILD)
	TSAN_OPTIONS=halt_on_error=1 $(MESON_TEST_SAN) -C $(TSAN_BUILD) --suite unit --suite guest \
		--no-suite dma
	tools/check-skips.py $(TSAN_BUILD)

slow: build
	$(MESON_TEST) -C $(BUILD) --suite slow

# Every libFuzzer target for 10^7 executions (at most FUZZ_SECONDS each), one after another
# (not in `make check`, which runs each for a few seconds): the inputs that add coverage are
# merged into the corpora in tests/fuzz; findings are kept in $(BUILD)/fuzz-long/TARGET and
# fail the target. Results and how to read them: docs/RELIABILITY.md.
FUZZ_TARGETS ?= virtqueue x86_decode elf linux_image bzimage initrd options api gdb_packet
FUZZ_RUNS    ?= 10000000
FUZZ_SECONDS ?= 3600
fuzz-long: deps
	tests/fuzz/fuzz-long.sh $(CURDIR) $(BUILD)/fuzz-long $(FUZZ_RUNS) $(FUZZ_SECONDS) \
		$(FUZZ_TARGETS)

demo: build
	@if [ -z "$(GUESTS)" ]; then \
		echo "fvp: no guest found: run 'make guests' (or set FVP_GUESTS=DIR)"; exit 1; fi
	@echo "Booting $(GUESTS)/riscv64 on FVP; Ctrl-A X quits, Ctrl-A H lists the keys."
	@# fvp's exit status 4 is "stopped by the user" (Ctrl-A X): leaving the demo is no failure.
	$(BUILD)/src/cli/fvp run --arch riscv64 --bios $(BIOS) \
		--kernel $(GUESTS)/riscv64/Image --initrd $(GUESTS)/riscv64/initramfs.cpio.gz \
		--append "console=ttyS0" --mem 256M --smp 2 || [ $$? -eq 4 ]

coverage: deps
	@tools/install-deps.sh $(COVERAGE_PACKAGES)
	[ -f $(COV_BUILD)/build.ninja ] || $(SETUP) $(COV_BUILD) -Db_coverage=true
	ninja -C $(COV_BUILD)
	$(MESON_TEST) -C $(COV_BUILD) --suite unit --suite guest --suite diff
	tools/coverage-report.sh $(COV_BUILD)

guests:
	@tools/install-deps.sh $(GUEST_PACKAGES)
	tools/build-guests.sh all guests

bench: build
	@tools/install-deps.sh $(BENCH_PACKAGES)
	bench/riscv64-boot.sh --engines "interp jit hybrid" --smp-run
	bench/x86_64-boot.sh --engines "hybrid jit"
	bench/x86_64-cpu.sh

# clang-format check, clang-tidy and cppcheck over the sources: zero findings.
lint:
	@tools/install-deps.sh $(PACKAGES) $(LINT_PACKAGES)
	tools/lint.sh

# A fresh Debian 12 root (debootstrap, cached outside the checkout) that gets only git,
# make and ca-certificates, then clones this tree and runs its own set-up and tests.
fresh-check:
	@tools/install-deps.sh $(FRESH_PACKAGES)
	tools/fresh-check.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(COV_BUILD) $(LINT_BUILD)
