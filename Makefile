# FVP - the two commands of the README, plus helpers.
#   make demo      install what is missing, build, boot a guest to a shell
#   make check     install what is missing, build, run every default test suite
#                  (also under ASan+UBSan, and the multi-threaded ones under TSan)
#   make build | coverage | guests | bench | slow | format | clean
# Package installation needs root (apt-get); as a normal user the missing
# packages are listed with the command to install them.

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
COV_BUILD  ?= build-cov
MESON_TEST  = meson test --print-errorlogs --num-processes 2
GUESTS     ?= $(firstword $(wildcard $(FVP_GUESTS) ../shared/guests guests))
BIOS       ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin

DEB_PACKAGES = meson ninja-build pkg-config gcc libc6-dev libfdt-dev libcmocka-dev \
	gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu opensbi qemu-user \
	gcovr cpio liburing-dev libslirp-dev libglib2.0-dev e2fsprogs dnsmasq-base \
	clang-14 libclang-rt-14-dev libcapstone-dev
# only the side-by-side benchmarks need QEMU's system emulators
BENCH_PACKAGES = qemu-system-misc

.PHONY: all deps build check demo coverage guests bench slow format clean

all: build

deps:
	@tools/install-deps.sh $(DEB_PACKAGES)

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debugoptimized

# ThreadSanitizer needs clang (gcc's does not support atomic fences). Guest tests whose
# devices DMA into guest RAM (suite 'dma') are left out: the guest orders its ring writes
# with fence instructions that need no host instruction on x86-64 (TSO), which TSan
# cannot see, so it would report the guest's own well-ordered handshakes.
$(TSAN_BUILD)/build.ninja:
	CC=clang-14 meson setup $(TSAN_BUILD) -Db_sanitize=thread -Db_lundef=false \
		-Dbuildtype=debugoptimized

check: build $(ASAN_BUILD)/build.ninja $(TSAN_BUILD)/build.ninja
	$(MESON_TEST) -C $(BUILD) --suite unit --suite cli --suite guest --suite diff --suite boot --suite kvm --suite fuzz
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		$(MESON_TEST) -C $(ASAN_BUILD) --suite unit --suite guest
	ninja -C $(TSAN_BUILD)
	TSAN_OPTIONS=halt_on_error=1 $(MESON_TEST) -C $(TSAN_BUILD) --suite unit --suite guest \
		--no-suite dma

slow: build
	$(MESON_TEST) -C $(BUILD) --suite slow

demo: build
	@if [ -z "$(GUESTS)" ]; then \
		echo "fvp: no guest found: run 'make guests' (or set FVP_GUESTS=DIR)"; exit 1; fi
	@echo "Booting $(GUESTS)/riscv64 on FVP; Ctrl-A X quits, Ctrl-A H lists the keys."
	$(BUILD)/src/cli/fvp run --arch riscv64 --bios $(BIOS) \
		--kernel $(GUESTS)/riscv64/Image --initrd $(GUESTS)/riscv64/initramfs.cpio.gz \
		--append "console=ttyS0" --mem 256M --smp 2

coverage: deps
	[ -f $(COV_BUILD)/build.ninja ] || meson setup $(COV_BUILD) -Db_coverage=true
	ninja -C $(COV_BUILD)
	$(MESON_TEST) -C $(COV_BUILD) --suite unit --suite guest --suite diff
	tools/coverage-report.sh $(COV_BUILD)

guests: deps
	tools/build-guests.sh riscv64 guests

bench: build
	@tools/install-deps.sh $(BENCH_PACKAGES)
	bench/riscv64-boot.sh --engines "interp jit hybrid" --smp-run

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(COV_BUILD)
