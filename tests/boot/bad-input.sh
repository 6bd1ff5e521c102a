#!/bin/bash
# bad-input.sh - the fvp command refuses bad input cleanly.
#
# Usage: bad-input.sh FVP
# Every case of the table runs `fvp run ...` with stdin from /dev/null and must:
# exit with status 1 within 20 s, print exactly one line on stderr, and that line
# must contain the case's word (the file or option at fault). The files are made
# up here, so no guest or firmware is needed (--bios none).
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 FVP (an executable)" >&2
	exit 1
fi
fvp=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fvp-bad-input.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Inputs. A directory stands for an unreadable file (root reads any file whatever
# its mode). The big "kernel" (17 MiB, a raw image) and "initrd" (2 MiB) do not
# fit in 16 MiB of RAM.
mkdir "$tmp/a-directory"
# A valid RISC-V ELF64 header whose program header (at 64) is cut off.
printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00' >"$tmp/truncated.elf"
printf '\x02\x00\xf3\x00\x01\x00\x00\x00\x00\x00\x20\x80\x00\x00\x00\x00' >>"$tmp/truncated.elf"
printf '\x40\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00' >>"$tmp/truncated.elf"
printf '\x00\x00\x00\x00\x40\x00\x38\x00\x01\x00\x40\x00\x00\x00\x00\x00' >>"$tmp/truncated.elf"
# The ELF magic followed by 4 KiB of junk.
{
	printf '\x7fELF'
	head -c 4096 /dev/zero | tr '\0' '\245'
} >"$tmp/garbage.elf"
truncate -s 17M "$tmp/big-kernel.bin"
truncate -s 2M "$tmp/initrd.img"
truncate -s 64K "$tmp/kernel.bin"
truncate -s 12M "$tmp/kernel-12M.bin"
truncate -s 4M "$tmp/initrd-4M.img"

# name | arguments after `fvp run --quiet --bios none` | what the error line must name
# (one of a comma-separated list)
cases=(
	"missing kernel|--kernel $tmp/no-such-Image|$tmp/no-such-Image"
	"kernel is a directory|--kernel $tmp/a-directory|$tmp/a-directory"
	"truncated ELF kernel|--kernel $tmp/truncated.elf|$tmp/truncated.elf"
	"garbage ELF kernel|--kernel $tmp/garbage.elf|$tmp/garbage.elf"
	"missing initrd|--kernel $tmp/kernel.bin --initrd $tmp/no-such-initrd|$tmp/no-such-initrd"
	"initrd is a directory|--kernel $tmp/kernel.bin --initrd $tmp/a-directory|$tmp/a-directory"
	"memory too small|--kernel $tmp/big-kernel.bin --initrd $tmp/initrd.img --mem 16M|--mem,big-kernel.bin,initrd.img"
	"initrd does not fit|--kernel $tmp/kernel-12M.bin --initrd $tmp/initrd-4M.img --mem 16M|--mem,initrd-4M.img"
	"memory not a size|--kernel $tmp/kernel.bin --mem lots|--mem"
	"zero harts|--kernel $tmp/kernel.bin --smp 0|--smp"
	"too many harts|--kernel $tmp/kernel.bin --smp 999|--smp"
	"unknown option|--kernel $tmp/kernel.bin --frobnicate|--frobnicate"
	"option without value|--kernel $tmp/kernel.bin --smp|--smp"
	"unknown engine|--kernel $tmp/kernel.bin --engine warp|warp"
	"missing firmware|--kernel $tmp/kernel.bin --bios $tmp/no-such-fw.bin|$tmp/no-such-fw.bin"
	"hostfwd host address not IPv4|--kernel $tmp/kernel.bin --net user,hostfwd=tcp:1.2.3:2222-:22|'1.2.3'"
	"hostfwd port out of range|--kernel $tmp/kernel.bin --net user,hostfwd=udp::99999-:53|'99999'"
	"hostfwd to no guest|--kernel $tmp/kernel.bin --net user,hostfwd=tcp::2222-10.0.3.5:22|10.0.3.5"
	"gdb address of no kind|--kernel $tmp/kernel.bin --gdb 1234|--gdb '1234'"
	"gdb host not an address|--kernel $tmp/kernel.bin --gdb tcp:nohost:1234|--gdb 'tcp:nohost:1234'"
	"gdb port out of range|--kernel $tmp/kernel.bin --gdb tcp:99999|--gdb 'tcp:99999'"
	"gdb socket in a missing directory|--kernel $tmp/kernel.bin --gdb unix:$tmp/no-dir/s|$tmp/no-dir/s"
	"hostfwd on an address the host lacks|--kernel $tmp/kernel.bin --net user,hostfwd=tcp:192.0.2.1:2222-:22|192.0.2.1:2222"
)

# names_one_of LIST FILE: FILE contains one of the comma-separated words of LIST.
names_one_of() {
	local w
	IFS=',' read -ra ws <<<"$1"
	for w in "${ws[@]}"; do
		grep -qF -- "$w" "$2" && return 0
	done
	return 1
}

passed=0 failed=0
# check NAME WORD [RUNNER...] -- ARGS...: one case (RUNNER: a command fvp runs under).
check() {
	local name=$1 word=$2 runner=() args status lines why
	shift 2
	while [ "$1" != -- ]; do
		runner+=("$1")
		shift
	done
	shift
	args=$*
	timeout -k 5 20 "${runner[@]}" "$fvp" run --quiet --bios none "$@" </dev/null >"$tmp/out" \
		2>"$tmp/err"
	status=$?
	lines=$(wc -l <"$tmp/err")
	why=
	if [ $status -eq 124 ] || [ $status -eq 137 ]; then
		why="did not stop within 20 s"
	elif [ $status -ne 1 ]; then
		why="exit status $status, expected 1"
	elif [ "$lines" -ne 1 ]; then
		why="$lines lines on stderr, expected exactly 1"
	elif ! names_one_of "$word" "$tmp/err"; then
		why="the error line names none of '$word'"
	fi
	if [ -z "$why" ]; then
		echo "ok   $name: $(cat "$tmp/err")"
		passed=$((passed + 1))
	else
		echo "FAIL $name: $why"
		echo "     ${runner[*]} fvp run --quiet --bios none $args"
		sed 's/^/     stderr: /' "$tmp/err"
		failed=$((failed + 1))
	fi
}

for c in "${cases[@]}"; do
	IFS='|' read -r name args word <<<"$c"
	# Word splitting of $args is wanted: the table holds no spaces inside arguments.
	# shellcheck disable=SC2086
	check "$name" "$word" -- $args
done

# A kernel command line longer than the board's device tree takes: the error names --append.
check "--append too long" "--append is 40000 bytes" -- --kernel "$tmp/kernel.bin" \
	--append "$(head -c 40000 /dev/zero | tr '\0' a)"
# A host port taken by another program: the error says it is in use.
python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True); time.sleep(60)' >"$tmp/port" &
listener=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")
check "hostfwd port in use" "$port: the port is in use" -- --kernel "$tmp/kernel.bin" \
	--net "user,hostfwd=tcp:127.0.0.1:$port-:22"
check "gdb port in use" "tcp:127.0.0.1:$port: cannot listen there: Address already in use" -- \
	--kernel "$tmp/kernel.bin" --gdb "tcp:127.0.0.1:$port"
kill $listener 2>/dev/null
wait $listener 2>/dev/null
# A privileged host port as a normal user (root runs the case as nobody): permission denied.
unprivileged=()
if [ "$(id -u)" = 0 ]; then
	unprivileged=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod 755 "$tmp"
fi
if [ "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 1024)" -gt 80 ]; then
	check "hostfwd on a privileged port" "80: permission denied" "${unprivileged[@]}" -- \
		--kernel "$tmp/kernel.bin" --net user,hostfwd=tcp:127.0.0.1:80-:80
else
	echo "ok   hostfwd on a privileged port: not checked (every port is unprivileged here)"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
