#!/bin/sh
# engine-choice.sh FVP ELF - the engine/arch pairing rules, one line each: x86_64 on every
# software engine, riscv64 with kvm refused, --engine auto picking kvm with a usable /dev/kvm,
# and falling back to the software engine, saying why, for a user who cannot open /dev/kvm
# (root runs that case as nobody).
set -u
fvp=$1 elf=$2
fails=0
as_user=
expect() { # expect STATUS TEXT -- fvp args...
	want=$1 text=$2
	shift 3
	out=$($as_user "$fvp" "$@" </dev/null 2>&1)
	status=$?
	if [ "$status" -ne "$want" ] || ! printf '%s\n' "$out" | grep -q -- "$text"; then
		echo "FAILED: fvp $*: status $status (want $want), output:"
		printf '%s\n' "$out"
		fails=$((fails + 1))
	else
		echo "ok: fvp $*: status $status, says '$text'"
	fi
}
for engine in interp jit hybrid; do
	expect 0 "PASS (serial)" -- run --arch x86_64 --engine $engine --mem 64M --kernel "$elf"
done
expect 1 "engine kvm runs x86_64 guests only" -- \
	run --arch riscv64 --engine kvm --bios none --kernel "$elf"
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	expect 0 "PASS (serial)" -- run --arch x86_64 --mem 64M --kernel "$elf" --stats
	if ! "$fvp" run --arch x86_64 --mem 64M --kernel "$elf" </dev/null 2>&1 |
		grep -q "software engine"; then
		echo "ok: --engine auto chose kvm (no fallback line)"
	else
		echo "FAILED: --engine auto fell back with a usable /dev/kvm"
		fails=$((fails + 1))
	fi
fi
if [ "$(id -u)" = 0 ] && [ -e /dev/kvm ] && command -v setpriv >/dev/null; then
	if setpriv --reuid=65534 --regid=65534 --clear-groups test -r /dev/kvm; then
		echo "skip: nobody can open /dev/kvm here: the fallback case is not checked"
	else
		copy=$(mktemp -d)
		trap 'rm -rf "$copy"' EXIT
		cp "$elf" "$copy/guest.elf"
		chmod 755 "$copy"
		chmod 644 "$copy/guest.elf"
		as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
		expect 0 "running x86_64 on the software engine (hybrid)" -- \
			run --arch x86_64 --mem 64M --kernel "$copy/guest.elf"
		as_user=
	fi
fi
[ "$fails" -eq 0 ]
