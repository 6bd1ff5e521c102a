#!/usr/bin/env python3
"""snapshot.py FVP ENGINE [LINUX_GUEST_DIR] - the measurements of bench/snapshot.sh."""
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'tests', 'api'))
from fvpapi import EventStream, Fvp, LOOP_GUEST, LIMIT  # noqa: E402

fvp_bin, engine = sys.argv[1], sys.argv[2]
linux_dir = sys.argv[3] if len(sys.argv) > 3 else ''
OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin'


def take_snapshot(vm, path):
    """vm.snapshot of the running VM: its duration in ms (snapshot-done event)."""
    stream = EventStream(vm.sock)
    status, _, body = vm.call('PUT', 'vm.snapshot',
                              json.dumps({'destination_url': 'file://' + path}))
    if status != 204:
        raise RuntimeError('vm.snapshot: %d %s' % (status, body))
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        done = [json.loads(l) for l in stream.lines if b'snapshot-done' in l]
        if done:
            stream.sock.close()
            return done[0]['properties']['duration_ns'] / 1e6
        time.sleep(0.02)
    raise RuntimeError('no snapshot-done event')


def restore(cmd):
    """(fvp's restore ms from --stats, host ms from exec to the first console byte)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd + ['--stats'], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = None
    if select.select([proc.stdout], [], [], LIMIT)[0] and proc.stdout.read1(1):
        first = (time.monotonic() - t0) * 1e3
    proc.kill()
    err = proc.communicate()[1].decode()
    own = next((l.split()[1] for l in err.splitlines() if l.startswith('restore: ')), '-')
    return own, first


def row(name, create_ms, path, own, first):
    st = os.stat(path)
    print('| %s | %.1f | %.2f of %.0f | %s | %s |' % (
        name, create_ms, st.st_blocks * 512 / 2**20, st.st_size / 2**20, own,
        '%.1f' % first if first is not None else '-'))


def bare_metal(mem):
    vm = Fvp(fvp_bin, ['--mem', mem], engine=engine)
    try:
        if not vm.wait_socket() or not vm.wait_output_beyond(1000):
            raise RuntimeError('the loop guest did not start')
        path = os.path.join(vm.dir, 'vm.snap')
        create_ms = take_snapshot(vm, path)
        at = vm.cmd.index('--api-socket')
        own, first = restore(vm.cmd[:at] + vm.cmd[at + 2:] + ['--restore', path])
        row('bare metal, %s' % mem, create_ms, path, own, first)
    finally:
        vm.close()


def linux():
    scratch = tempfile.mkdtemp(prefix='fvp-bench-snap.')
    sock = os.path.join(scratch, 'api.sock')
    cmd = [fvp_bin, 'run', '--arch', 'riscv64', '--engine', engine, '--mem', '256M',
           '--bios', OPENSBI, '--kernel', os.path.join(linux_dir, 'Image'),
           '--initrd', os.path.join(linux_dir, 'initramfs.cpio.gz'),
           '--append', 'console=ttyS0']
    proc = subprocess.Popen(cmd + ['--api-socket', sock], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        out = b''
        deadline = time.monotonic() + 600
        while b'FVP-INIT-OK' not in out and time.monotonic() < deadline:
            if not select.select([proc.stdout], [], [], 1)[0]:
                continue
            data = proc.stdout.read1(65536)
            if not data:
                raise RuntimeError('the Linux guest stopped before FVP-INIT-OK')
            out += data
        vm = type('VM', (), {})()
        vm.sock = sock
        vm.call = lambda m, n, b=None: __import__('fvpapi').request(sock, m, '/api/v1/' + n, b)
        path = os.path.join(scratch, 'linux.snap')
        create_ms = take_snapshot(vm, path)
        own, _ = restore(cmd + ['--restore', path])
        row('Linux at FVP-INIT-OK, 256M', create_ms, path, own, None)
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(scratch, ignore_errors=True)


print('| guest (%s) | create ms | file MiB on disk of apparent | restore ms (fvp) '
      '| exec to first guest output ms |' % engine)
print('| --- | --- | --- | --- | --- |')
for mem in ('256M', '2G'):
    bare_metal(mem)
if linux_dir:
    linux()
