#!/bin/bash
# tools/lint.sh [BUILD_DIR] - the static checks of `make lint`; zero findings is a pass.
#
# Three stages, each run to the end so one run reports everything:
#   format      clang-format --dry-run --Werror over every tracked *.c and *.h (.clang-format)
#   clang-tidy  the checks of .clang-tidy over every translation unit of the project
#               (src/, tests/, bench/) in BUILD_DIR/compile_commands.json, in parallel
#   cppcheck    warning, style, performance and portability checks over the same units
# Guest programs (tests/guest/riscv64, tests/diff, the guest code of tests/kvm) are built by
# cross compilers through custom targets, so compile_commands.json does not list them: they
# get the format check only.
#
# BUILD_DIR (default build-lint) is a meson build directory of its own, set up with clang
# when it is absent, so lint neither depends on nor disturbs the user's build; only its
# compile_commands.json is used (nothing is compiled). Exits 1 with the number of findings
# of each stage that found any.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build-lint}
jobs=$(nproc)
failed=()

note() { printf 'lint: %s\n' "$*"; }

# Counts the findings in a stage's output ($2), prints them and records a failing stage. A
# tool that failed ($3, its exit status) without a finding to show failed to run: one finding.
tally() {
	local stage=$1 out=$2 rc=$3 n
	n=$(grep -cE '^[^ ]+:[0-9]+:[0-9]+: (warning|error|style|performance|portability):' \
		"$out" || true)
	if [ "$rc" -ne 0 ] && [ "$n" -eq 0 ]; then
		echo "lint: $stage exited with status $rc:" >>"$out"
		n=1
	fi
	if [ "$n" -gt 0 ]; then
		cat "$out"
		failed+=("$stage: $n finding(s)")
	fi
	note "$stage: $n finding(s)"
}

setup_build() {
	# An existing directory: let meson regenerate it if a meson.build changed (files added
	# or removed), so the compilation database lists today's translation units.
	if [ -f "$build/compile_commands.json" ]; then
		if ! ninja -C "$build" build.ninja >"$tmp/setup.log" 2>&1; then
			cat "$tmp/setup.log"
			exit 1
		fi
		return
	fi
	local cc=${CC:-}
	[ -n "$cc" ] || cc=$(command -v clang-14 || command -v clang || command -v cc)
	note "configuring $build with $cc"
	if ! CC=$cc meson setup "$build" >"$tmp/setup.log" 2>&1; then
		cat "$tmp/setup.log"
		exit 1
	fi
}

# The project's translation units (src/, tests/, bench/; generated files in the build
# directory are left out), as a compilation database and a list of paths in $tmp.
project_db() {
	python3 - "$build/compile_commands.json" "$root" "$tmp" <<'EOF'
import json, os, sys
db, root, tmp = sys.argv[1:]
units, seen = [], set()
for e in json.load(open(db)):
    f = os.path.normpath(os.path.join(e["directory"], e["file"]))
    top = os.path.relpath(f, root).split(os.sep)[0]
    if top in ("src", "tests", "bench") and f not in seen:
        seen.add(f)
        units.append(dict(e, file=f))
json.dump(units, open(os.path.join(tmp, "compile_commands.json"), "w"), indent=1)
with open(os.path.join(tmp, "units"), "w") as out:
    out.writelines(u["file"] + "\n" for u in units)
EOF
}

stage_format() {
	local out=$tmp/format rc=0
	git ls-files -z '*.c' '*.h' |
		xargs -0 clang-format --dry-run --Werror >"$out" 2>&1 || rc=$?
	tally format "$out" "$rc"
}

# Each unit's findings go to a log of their own, read back in file order, so the output
# does not depend on which job finished first. A header's finding shows once per unit that
# includes it: each is kept once, with its notes.
tidy_one() {
	clang-tidy --quiet -p "$tmp" "$1" >"$tmp/tidy.d/$(printf '%s' "$1" | tr / _).log" 2>&1
}

stage_tidy() {
	local out=$tmp/tidy rc=0
	mkdir -p "$tmp/tidy.d"
	export -f tidy_one
	export tmp
	xargs -P "$jobs" -I{} bash -c 'tidy_one "$1"' _ {} <"$tmp/units" || rc=$?
	sed -E "s#^[^ :]*/$build/\.\./##; s#^\.\./##; s#^$root/##" "$tmp"/tidy.d/*.log |
		awk '/^[^ ]+:[0-9]+:[0-9]+: (warning|error):/ { keep = !seen[$0]++ }
		     /^[0-9]+ (warning|error)s? .*generated|^Suppressed|^Use -header-filter/ { next }
		     keep' >"$out"
	if [ "$rc" -ne 0 ] && ! grep -qE '^[^ ]+:[0-9]+:[0-9]+: ' "$out"; then
		cat "$tmp"/tidy.d/*.log >>"$out" # failed without a finding: show why
	fi
	tally clang-tidy "$out" "$rc"
}

# cppcheck knows no compiler's predefined macros: name the host (x86-64, which the JIT and
# the FPU require; without it they stop at an #error) and the GNU C they are written in.
# Findings are sorted, as the jobs finish in any order. Where cppcheck is wrong, the line
# carries `// cppcheck-suppress id ; reason`. Two suppressions cover more than a line:
#   unusedLabel in interp_exec.c: its labels are reached through a table of label addresses
#     (GNU C computed goto), which cppcheck does not follow.
#   unusedStructMember in tests/: the tests build wire and file layouts (virtio request
#     headers, ELF images) as local structs written out as bytes, so members go unnamed.
stage_cppcheck() {
	local out=$tmp/cppcheck cache=$build/cppcheck rc=0
	mkdir -p "$cache"
	cppcheck --project="$tmp/compile_commands.json" \
		-D__x86_64__ -D__GNUC__=12 -D__linux__ \
		--enable=warning,style,performance,portability --inline-suppr --quiet \
		--error-exitcode=1 -j "$jobs" --cppcheck-build-dir="$cache" \
		--suppress='unusedLabel:*/src/engine/interp/interp_exec.c' \
		--suppress='unusedStructMember:*/tests/*' \
		--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
		>"$out" 2>&1 || rc=$?
	sed "s#^$root/##" "$out" | LC_ALL=C sort -t: -k1,1 -k2,2n -k3,3n | uniq >"$out.sorted"
	mv "$out.sorted" "$out"
	tally cppcheck "$out" "$rc"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
setup_build
project_db
stage_format
stage_tidy
stage_cppcheck
note "done in $((SECONDS - start)) s"
if [ ${#failed[@]} -gt 0 ]; then
	printf 'lint: FAILED: %s\n' "${failed[@]}"
	exit 1
fi
