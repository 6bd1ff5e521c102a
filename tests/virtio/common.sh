# shellcheck shell=bash
# shellcheck disable=SC2034 # the helpers' results are globals read by the sourcing test
# common.sh - what the virtio boot tests (tests/virtio/*.sh) share, sourced
# by each after it sets virtio_name (the name its messages start with):
# the command line (positional arguments, then --engine, --timeout and
# --logdir), skipping (exit 77) when a tool or the guest is missing, a work
# folder and the processes to stop, an HTTP server on a free port, running
# the guest, and the verdict. Unlike find-guest.sh (which it sources), the
# functions here may exit: they end the test.
#
# Invariant: whatever a test starts through these helpers (background
# processes in virtio_pids, commands in virtio_at_exit, the folder $work)
# is stopped or removed on every exit path, by the EXIT trap set here.

# shellcheck source-path=SCRIPTDIR source=../boot/find-guest.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../boot/find-guest.sh"

PATH=$PATH:/sbin:/usr/sbin # mkfs.ext4, ip, dnsmasq
virtio_name=${virtio_name:-virtio-test}
virtio_pids=()	  # background processes to stop (TERM, then wait) on exit
virtio_at_exit=() # commands to eval on exit, last added first (after the processes stop)
work=$(mktemp -d "${TMPDIR:-/tmp}/fvp-virtio.XXXXXX")
engine=auto limit=600 logdir=. restrict=off arch=riscv64
virtio_pos=()

virtio_cleanup() {
	local pid i
	for pid in "${virtio_pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${virtio_pids[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for ((i = ${#virtio_at_exit[@]} - 1; i >= 0; i--)); do
		eval "${virtio_at_exit[i]}" >/dev/null 2>&1
	done
	rm -rf "$work"
}
trap virtio_cleanup EXIT
trap 'exit 1' INT TERM

# virtio_parse_args NPOS "$@": the first NPOS arguments go to the array virtio_pos;
# the options after them set engine (auto), limit (600 s), logdir (.), restrict (off:
# --restrict on|off, user networking's restrict= for the scripts that use it) and arch
# (riscv64: the guest, --arch x86_64 for Debian's x86_64 kernel). Wrong
# usage prints the script's "# Usage:" comment block and exits 1.
virtio_parse_args() {
	local npos=$1
	shift
	if [ $# -lt "$npos" ]; then
		sed -n '/^# Usage:/,/^set -/{/^set -/!p}' "$0" >&2
		exit 1
	fi
	virtio_pos=("${@:1:npos}")
	shift "$npos"
	while [ $# -ge 1 ]; do
		[ $# -ge 2 ] || { echo "$virtio_name: option $1 lacks its value" >&2; exit 1; }
		case "$1" in
		--engine) engine=$2 ;;
		--timeout) limit=$2 ;;
		--logdir) logdir=$2 ;;
		--restrict) restrict=$2 ;;
		--arch) arch=$2 ;;
		*) echo "$virtio_name: unknown option $1" >&2; exit 1 ;;
		esac
		shift 2
	done
}

# virtio_need COMMAND HOW: skip (77) unless COMMAND is on the PATH; HOW says how to get it.
virtio_need() {
	command -v "$1" >/dev/null && return 0
	echo "$virtio_name: SKIP[package]: needs $1: $2" >&2
	exit 77
}

# virtio_guest_dir: find the $arch guest (guest_dir), or skip (77) saying what is missing.
virtio_guest_dir() {
	local why
	why=$(fvp_guest_dir "$arch" 2>&1 >/dev/null) || {
		echo "$virtio_name: SKIP[guest]: $why" >&2
		exit 77
	}
	guest_dir=$(fvp_guest_dir "$arch")
}

# virtio_guest PROGRAM APPEND [HARTS]: fvp_cmd boots the $arch guest with kernel command
# line APPEND on HARTS vCPUs (default 1) and $engine; skips (77) when the guest or firmware
# is missing. The x86_64 guest powers off through a keyboard-controller reset (reboot=k).
virtio_guest() {
	[ -n "${guest_dir:-}" ] || virtio_guest_dir
	local why append=$2
	[ "$arch" = riscv64 ] || append+=" reboot=k"
	why=$(fvp_guest_command "$1" "$guest_dir" "${3:-1}" "$engine" "$append" "$arch" 2>&1) || {
		echo "$virtio_name: SKIP[package]: $why" >&2
		exit 77
	}
	fvp_guest_command "$1" "$guest_dir" "${3:-1}" "$engine" "$append" "$arch"
}

# virtio_free_port tcp|udp: a port that was free on 127.0.0.1 a moment ago.
virtio_free_port() {
	python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_$(
		[ "$1" = udp ] && echo DGRAM || echo STREAM)); s.bind(('127.0.0.1', 0));
print(s.getsockname()[1])"
}

# virtio_http_start DIR ADDR [PREFIX...]: serve DIR over HTTP on ADDR, on a free port
# (http_port), running the server and the readiness probe under PREFIX (e.g.
# `ip netns exec NS`). The server stops on exit; failing to start it exits 1.
virtio_http_start() {
	local dir=$1 addr=$2 try pid _
	shift 2
	http_port=
	for _ in 1 2 3 4 5 6 7 8; do
		try=$((20000 + RANDOM % 30000))
		"$@" python3 -m http.server --bind "$addr" --directory "$dir" "$try" \
			>>"$work/http.log" 2>&1 &
		pid=$!
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			if "$@" python3 -c "import socket; socket.create_connection(('$addr', $try), 1)" \
				2>/dev/null; then
				http_port=$try
				virtio_pids+=("$pid")
				return 0
			fi
			sleep 0.1
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	echo "$virtio_name: cannot start an HTTP server on $addr:" >&2
	tail -n 5 "$work/http.log" >&2
	exit 1
}

# virtio_run LOGNAME [PREFIX...]: run fvp_cmd (under PREFIX, at most $limit s) with its
# console in $logdir/LOGNAME.log; sets status (its exit status) and console (the log
# without carriage returns).
virtio_run() {
	local name=$1
	shift
	mkdir -p "$logdir"
	virtio_log=$logdir/$name.log
	echo "$virtio_name: ${fvp_cmd[*]}"
	"$@" timeout -k 10 "$limit" "${fvp_cmd[@]}" </dev/null >"$virtio_log" 2>&1
	status=$?
	console=$(tr -d '\r' <"$virtio_log")
}

# virtio_start LOGNAME: start fvp_cmd in the background, console in $logdir/LOGNAME.log;
# fvp_pid is fvp itself (so a test may SIGKILL it), stopped on exit if still running.
virtio_start() {
	mkdir -p "$logdir"
	virtio_log=$logdir/$1.log
	echo "$virtio_name: ${fvp_cmd[*]}"
	"${fvp_cmd[@]}" </dev/null >"$virtio_log" 2>&1 &
	fvp_pid=$!
	virtio_pids+=("$fvp_pid")
	virtio_deadline=$((SECONDS + limit))
}

# virtio_wait_console REGEX: wait until a raw console line (it may end in \r) of the
# background guest matches REGEX (0), or the guest ends or $limit s pass (1).
virtio_wait_console() {
	until grep -q -- "$1" "$virtio_log"; do
		if ! kill -0 "$fvp_pid" 2>/dev/null || [ $SECONDS -ge "$virtio_deadline" ]; then
			return 1
		fi
		sleep 0.02
	done
}

# virtio_wait_end: wait for the background guest to end (SIGKILL once $limit s have
# passed); sets status and console like virtio_run.
virtio_wait_end() {
	while kill -0 "$fvp_pid" 2>/dev/null && [ $SECONDS -lt "$virtio_deadline" ]; do
		sleep 0.1
	done
	kill -9 "$fvp_pid" 2>/dev/null
	wait "$fvp_pid" 2>/dev/null
	status=$?
	console=$(tr -d '\r' <"$virtio_log")
}

# virtio_halted: the console shows the guest's FVP-HALT (it finished and powered off).
virtio_halted() {
	grep -q '^FVP-HALT$' <<<"$console"
}

# virtio_pass: say PASS, exit 0.
virtio_pass() {
	echo "$virtio_name: PASS"
	exit 0
}

# virtio_fail: say FAIL with the console's last lines, exit 1.
virtio_fail() {
	echo "$virtio_name: FAIL; last 30 console lines ($virtio_log):"
	tail -n 30 <<<"$console"
	exit 1
}
