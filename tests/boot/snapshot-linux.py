#!/usr/bin/env python3
"""snapshot-linux.py FVP [ENGINE] - a Linux guest snapshotted in the middle of a workload
goes on from there after a restore (issue 17).

Boots the riscv64 test guest with fvp.run=sha, a virtio disk and --rng (the kernel's drivers
set their queues up; the entropy source is in use), snapshots the running VM through the
control API right after FVP-INIT-OK (the workload has started), kills fvp, restores the file with
fvp run --restore and expects the workload's FVP-RESULT sha ok=yes, FVP-HALT and exit 0,
without a second boot (no FVP-INIT-OK, no "Linux version" after the restore). Guests as
tests/boot (FVP_GUESTS, FVP_SHARED_GUESTS, FVP_OWN_GUESTS); exits 77 without one.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'api'))
from fvpapi import Checker, request  # noqa: E402

fvp_bin = sys.argv[1]
engine = sys.argv[2] if len(sys.argv) > 2 else 'hybrid'
LIMIT = 1200
OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin'


def guest_dir():
    dirs = [os.environ['FVP_GUESTS']] if os.environ.get('FVP_GUESTS') else [
        os.environ.get('FVP_SHARED_GUESTS', ''), os.environ.get('FVP_OWN_GUESTS', '')]
    for d in dirs:
        if d and all(os.path.isfile(os.path.join(d, 'riscv64', f))
                     for f in ('Image', 'initramfs.cpio.gz')):
            return os.path.join(d, 'riscv64')
    return None


guests = guest_dir()
if not guests:
    print('snapshot-linux: SKIP[guest]: no riscv64 guest (Image, initramfs.cpio.gz); '
          'build one with make guests or set FVP_GUESTS')
    sys.exit(77)
if not os.path.isfile(OPENSBI):
    print('snapshot-linux: SKIP[package]: no OpenSBI (%s): apt-get install opensbi' % OPENSBI)
    sys.exit(77)
t = Checker()
scratch = tempfile.mkdtemp(prefix='fvp-snap-linux.')
sock, snap = os.path.join(scratch, 'api.sock'), os.path.join(scratch, 'linux.snap')
disk = os.path.join(scratch, 'disk.img')
with open(disk, 'wb') as f:
    f.truncate(16 << 20)
cmd = [fvp_bin, 'run', '--arch', 'riscv64', '--engine', engine, '--mem', '256M',
       '--bios', OPENSBI, '--kernel', os.path.join(guests, 'Image'),
       '--initrd', os.path.join(guests, 'initramfs.cpio.gz'),
       '--append', 'console=ttyS0 fvp.run=sha fvp.halt=1',
       '--drive', 'file=%s,if=virtio' % disk, '--rng']
proc = subprocess.Popen(cmd + ['--api-socket', sock], stdin=subprocess.DEVNULL,
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
try:
    out = b''
    while b'FVP-INIT-OK' not in out:
        data = proc.stdout.read1(65536)
        if not data:
            break
        out += data
    t.check(b'FVP-INIT-OK' in out, 'the guest boots to FVP-INIT-OK')
    t.check(b'vda' in out, 'the kernel drives the virtio disk (vda)')
    status, _, body = request(sock, 'PUT', '/api/v1/vm.snapshot',
                              json.dumps({'destination_url': 'file://' + snap}))
    t.check(status == 204, 'vm.snapshot of the running guest: 204 (%r)' % body)
    proc.kill()
    proc.wait()
    t0 = time.monotonic()
    res = subprocess.run(cmd + ['--restore', snap], stdin=subprocess.DEVNULL,
                         capture_output=True, timeout=LIMIT)
    after = res.stdout.decode(errors='replace')
    t.check(res.returncode == 0, 'fvp run --restore: exit 0 (%d, %s)'
            % (res.returncode, res.stderr.decode().strip()))
    t.check('FVP-RESULT sha ok=yes' in after and 'FVP-HALT' in after,
            'the workload completes with the right result after the restore (%.0f s: %s)'
            % (time.monotonic() - t0, [l for l in after.splitlines() if 'FVP-RESULT' in l]))
    t.check('FVP-INIT-OK' not in after and 'Linux version' not in after,
            'no second boot: the guest went on where it was')
finally:
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    shutil.rmtree(scratch, ignore_errors=True)
t.exit()
