#!/usr/bin/env python3
"""check-skips.py BUILD_DIR... - fails when a test of the last `meson test` run
in any BUILD_DIR was skipped for a reason `make check` must not accept.

A test that skips (exit 77) says why on a line with a tag, SKIP[KIND]: REASON:
  host     the host lacks hardware or a privilege (a usable /dev/kvm, root,
           /dev/net/tun, O_DIRECT on the file system): a skip, reported here
  guest    no prebuilt Linux guest (../shared/guests or `make guests`): a skip
  package  a Debian package is missing: a failure, since `make check` installs
           every package the tests use (the Makefile's lists)
A skipped test without a tag is a failure too: every skip must say what it is.
Reads BUILD_DIR/meson-logs/testlog.json; prints each skip with its reason.
"""
import json
import re
import sys

ALLOWED = {"host", "guest"}
TAG = re.compile(r"SKIP\[(\w+)\]:\s*(.*)")


def skips(build_dir):
    """Yields (test name, kind or None, reason line) for each skipped test."""
    with open(f"{build_dir}/meson-logs/testlog.json", encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            if test.get("result") != "SKIP":
                continue
            out = (test.get("stdout") or "") + (test.get("stderr") or "")
            match = TAG.search(out)
            if match:
                yield test["name"], match.group(1), match.group(2).strip()
            else:
                last = out.strip().splitlines()[-1:] or ["(no output)"]
                yield test["name"], None, last[0]


def main(build_dirs):
    if not build_dirs:
        print("usage: check-skips.py BUILD_DIR...", file=sys.stderr)
        return 2
    bad = 0
    for build_dir in build_dirs:
        try:
            found = list(skips(build_dir))
        except OSError as err:
            print(f"check-skips: {err.filename}: {err.strerror} (run meson test first)",
                  file=sys.stderr)
            return 1
        for name, kind, reason in found:
            if kind in ALLOWED:
                print(f"check-skips: {build_dir}: {name}: skipped ({kind}): {reason}")
                continue
            bad += 1
            what = f"[{kind}]" if kind else "with no SKIP[KIND] tag"
            print(f"check-skips: {build_dir}: {name}: skipped {what}: {reason}",
                  file=sys.stderr)
    if bad:
        print(f"check-skips: {bad} test(s) skipped for a missing package or an unknown "
              "reason: add the package to the Makefile's lists (or tag the skip)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
