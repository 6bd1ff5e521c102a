#!/usr/bin/env python3
"""snapshot.py FVP ELF [ENGINE] - a snapshot resumes the guest where it was (issue 17).

Runs the bare-metal guest snapcount.elf (tests/guest/riscv64/snapcount.c: prints "count N"
for N = 0..40 every 50 ms of guest time, checks its RAM and that mtime neither goes back nor
jumps) with --api-socket, and:
- snapshots it while it runs through fvp ctl: 204-like success, the events
  snapshot-started, -progress and -done, and the VM runs on;
- pauses it, snapshots it through raw HTTP (it stays paused), kills fvp; the file keeps
  the untouched RAM as holes;
- fvp run --restore FILE prints exactly the rest of the count (the console before the
  pause and after the restore together make the whole run, no restart) and exits 0 with
  the guest's checks passed; so does a restore on another engine, and two restores of one
  file side by side;
- a bit-flipped, a truncated file and a VM built with other --mem are refused with one
  line on stderr and exit 1;
- with a virtio disk and --rng the same works, and a restore after the disk image's
  modification time changed is refused with one line naming the image;
- a VM with a device that cannot be snapshotted yet (virtio-console) answers 409 and leaves
  no file.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from fvpapi import Checker, EventStream, Fvp, LIMIT

fvp_bin, elf = sys.argv[1], sys.argv[2]
engine = sys.argv[3] if len(sys.argv) > 3 else 'interp'
t = Checker()
EXPECTED = ''.join('count %d\n' % n for n in range(41)) + 'snapcount: done\nPASS (0 checks)\n'


def restore_cmd(snap, mem='64M', on=None, extra=()):
    return [fvp_bin, 'run', '--arch', 'riscv64', '--engine', on or engine, '--bios', 'none',
            '--mem', mem, '--kernel', elf, '--restore', snap] + list(extra)


def run_restore(snap, mem='64M', on=None, extra=()):
    proc = subprocess.run(restore_cmd(snap, mem, on, extra), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=LIMIT * 2)
    return proc.returncode, proc.stdout.decode(errors='replace'), proc.stderr.decode()


def event_names(stream):
    return [json.loads(l).get('event') for l in stream.lines]


def snapshot_running(vm, path):
    """fvp ctl snapshot of the running VM: it succeeds, says so in events, and runs on."""
    stream = EventStream(vm.sock)
    ctl = subprocess.run([fvp_bin, 'ctl', '--api-socket', vm.sock, 'vm.snapshot',
                          json.dumps({'destination_url': 'file://' + path})],
                         capture_output=True, timeout=LIMIT)
    t.check(ctl.returncode == 0, 'fvp ctl vm.snapshot of a running VM: exit 0 (%s)'
            % ctl.stderr.decode().strip())
    deadline = time.monotonic() + LIMIT
    while 'snapshot-done' not in event_names(stream) and time.monotonic() < deadline:
        time.sleep(0.05)
    names = event_names(stream)
    t.check(all(n in names for n in ('snapshot-started', 'snapshot-progress', 'snapshot-done')),
            'events: snapshot-started, -progress, -done (%s)' % names)
    stream.sock.close()
    _, _, body = vm.call('GET', 'vm.info')
    t.check(json.loads(body).get('state') == 'Running', 'the VM runs on after the snapshot')
    t.check(os.path.exists(path) and not [n for n in os.listdir(vm.dir) if '.tmp-' in n],
            'the snapshot file is there, no temporary file left')


def console_when_quiet(vm):
    """The console of a paused VM once what the guest wrote has reached the pipe reader: no
    new byte for half a second (a fixed wait was too short on a loaded machine)."""
    deadline = time.monotonic() + LIMIT
    with vm.lock:
        seen = vm.console.decode(errors='replace')
    while time.monotonic() < deadline:
        time.sleep(0.5)
        with vm.lock:
            now = vm.console.decode(errors='replace')
        if now == seen:
            break
        seen = now
    return seen


def snapshot_paused(vm, path):
    """Pause, snapshot over raw HTTP, kill: the console up to the pause."""
    status, _, _ = vm.call('PUT', 'vm.pause')
    t.check(status == 204, 'vm.pause: 204')
    before = console_when_quiet(vm)
    status, _, body = vm.call('PUT', 'vm.snapshot',
                              json.dumps({'destination_url': 'file://' + path}))
    t.check(status == 204, 'PUT vm.snapshot of a paused VM: 204 (%r)' % body)
    _, _, body = vm.call('GET', 'vm.info')
    t.check(json.loads(body).get('state') == 'Paused', 'the paused VM stays paused')
    vm.proc.kill()
    vm.proc.wait()
    return before


def check_restores(path, before):
    st = os.stat(path)
    t.check(st.st_blocks * 512 < 16 << 20,
            'the file takes %d KiB for 64 MiB of RAM: untouched pages are holes'
            % (st.st_blocks // 2))
    code, out, err = run_restore(path)
    t.check(code == 0, 'fvp run --restore: exit 0 (%d, %s)' % (code, err.strip()))
    t.check(not out.startswith('count 0\n') and before + out == EXPECTED,
            'the count goes on where the snapshot stood: %r + %r ... %r'
            % (before[-24:], out[:24], out[-40:]))
    other = 'jit' if engine == 'interp' else 'interp'
    code, out, err = run_restore(path, on=other)
    t.check(code == 0 and before + out == EXPECTED,
            'restored on the %s engine, it goes on as well (%d, %s)' % (other, code, err.strip()))
    procs = [subprocess.Popen(restore_cmd(path), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=LIMIT * 2) for p in procs]
    t.check(all(p.returncode == 0 for p in procs) and
            all(before + o[0].decode() == EXPECTED for o in outs),
            'two restores of one file side by side both complete')


def check_refusals(path, scratch):
    bad = os.path.join(scratch, 'flipped.snap')
    shutil.copyfile(path, bad)
    with open(bad, 'r+b') as f:
        f.seek(40)  # inside the board name: the header CRC no longer matches
        f.write(b'\xff')
    for what, snap, mem, why in (
            ('bit-flipped', bad, '64M', 'header CRC mismatch'),
            ('truncated', os.path.join(scratch, 'short.snap'), '64M', 'truncated'),
            ('other --mem', path, '128M', 'other RAM')):
        if what == 'truncated':
            shutil.copyfile(path, snap)
            os.truncate(snap, os.path.getsize(path) - 8192)
        code, out, err = run_restore(snap, mem)
        lines = err.strip().splitlines()
        t.check(code == 1 and len(lines) == 1 and snap in lines[0] and why in lines[0]
                and out == '', '%s snapshot: exit 1, one line naming it (%r)' % (what, err))


def check_disks():
    """A VM with a virtio disk and entropy source: restored with the same options it goes
    on; once the image's modification time changed, the restore is refused."""
    scratch = tempfile.mkdtemp(prefix='fvp-snap-disk.')
    img = os.path.join(scratch, 'disk.img')
    with open(img, 'wb') as f:
        f.truncate(1 << 20)
    extra = ['--rng', '--drive', 'file=%s,if=virtio' % img]
    vm = Fvp(fvp_bin, extra, kernel=elf, engine=engine)
    try:
        t.check(vm.wait_socket() and vm.wait_output_beyond(40), 'with a disk: the guest counts')
        snap = os.path.join(scratch, 'disk.snap')
        before = snapshot_paused(vm, snap)
        code, out, err = run_restore(snap, extra=extra)
        t.check(code == 0 and before + out == EXPECTED,
                'with a disk: the restore goes on (%d, %s)' % (code, err.strip()))
        st = os.stat(img)
        os.utime(img, ns=(st.st_atime_ns, st.st_mtime_ns + 1000000000))
        code, out, err = run_restore(snap, extra=extra)
        lines = err.strip().splitlines()
        t.check(code == 1 and len(lines) == 1 and img in lines[0] and 'changed' in lines[0],
                'the image changed since the snapshot: refused, one line (%r)' % err)
    finally:
        vm.close()
        shutil.rmtree(scratch, ignore_errors=True)


def check_unsupported_device():
    vm = Fvp(fvp_bin, ['--console', 'virtio'], engine=engine)
    try:
        t.check(vm.wait_socket(), 'with --console virtio: the API socket appears')
        path = os.path.join(vm.dir, 'console.snap')
        status, _, body = vm.call('PUT', 'vm.snapshot',
                                  json.dumps({'destination_url': 'file://' + path}))
        msg = json.loads(body).get('message', '')
        t.check(status == 409 and 'virtio' in msg and 'cannot be snapshotted' in msg,
                'a virtio device not snapshotted yet: 409 naming it (%r)' % msg)
        t.check(sorted(os.listdir(vm.dir)) == ['api.sock', 'loop.bin'], 'and no file left')
        status, _, _ = vm.call('PUT', 'vm.snapshot', json.dumps({'destination_url': 'x'}))
        t.check(status == 400, 'a destination_url that is not file:///path: 400')
    finally:
        vm.close()


vm = Fvp(fvp_bin, kernel=elf, engine=engine)
try:
    if not t.check(vm.wait_socket(), 'the API socket appears'):
        t.exit()
    t.check(vm.wait_output_beyond(40), 'the guest counts')
    snapshot_running(vm, os.path.join(vm.dir, 'running.snap'))
    t.check(vm.wait_output_beyond(80), 'the guest counts on')
    snap = os.path.join(vm.dir, 'vm.snap')
    before = snapshot_paused(vm, snap)
    t.check(before.startswith('count 0\n') and 'snapcount: done' not in before,
            'the snapshot is taken in the middle of the count')
    check_restores(snap, before)
    check_refusals(snap, vm.dir)
finally:
    vm.close()
check_disks()
check_unsupported_device()
t.exit()
