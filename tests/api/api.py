#!/usr/bin/env python3
"""api.py FVP - the control API (docs/API.md, issue 17) on a running guest.

A raw riscv64 guest writes 'A' to the UART forever (no cross compiler needed) under
--api-socket with a virtio-rng device; the test drives it over raw HTTP and through
`fvp ctl`:
  - the socket is a socket with mode 0600 (and, as root, another user cannot connect);
  - vmm.ping, vm.info (Running, the configuration), vm.counters (the rng device);
  - vm.pause: the console stops, vm.cpus reads the same pc and instruction count twice;
    pausing again is 409; vm.resume: the console goes on; resuming again is 409;
  - a wrong method is 405, an unknown path 404, a body that is not a JSON object 400
    (and changes nothing), vm.reboot and vm.power-button are 409 with a reason;
  - fvp ctl for each verb prints the reply (or one error line and exit 1);
  - the event stream (raw and through fvp ctl) shows booted, paused, resumed and the
    shutdown with its reason, then ends; vm.shutdown makes fvp exit 0 and the socket go;
  - --paused starts without running; vmm.shutdown ends it with exit 0;
  - SIGTERM and a guest power-off with event streams open (one never read) stop fvp
    cleanly, the streams ending with the shutdown and its reason;
  - an existing file that is not a socket is refused with one line, and left alone.
Every wait is bounded (LIMIT seconds): a hang fails the test.
"""
import json
import os
import signal
import shutil
import socket
import stat
import subprocess
import sys
import time

from fvpapi import Checker, EventStream, Fvp, LIMIT, request

fvp_bin = sys.argv[1]
t = Checker()


def ctl(sock, *args):
    r = subprocess.run([fvp_bin, 'ctl', '--api-socket', sock] + list(args),
                       capture_output=True, timeout=LIMIT)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def ctl_json(sock, *args):
    code, out, err = ctl(sock, *args)
    t.check(code == 0, 'fvp ctl %s: exit 0 (%s)' % (' '.join(args), err.strip()))
    return json.loads(out) if out.strip() else None


def other_user_connects(path):
    """As root: does uid 65534 get through the socket's mode? None when not root."""
    if os.geteuid() != 0:
        return None
    pid = os.fork()
    if pid == 0:
        try:
            os.setgid(65534)
            os.setuid(65534)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            os._exit(0)
        except PermissionError:
            os._exit(1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    return os.WEXITSTATUS(status) == 0


def check_socket(vm):
    st = os.lstat(vm.sock)
    t.check(stat.S_ISSOCK(st.st_mode), 'the API path is a socket')
    t.check(stat.S_IMODE(st.st_mode) == 0o600, 'socket mode is 0600 (%o)' % stat.S_IMODE(st.st_mode))
    other = other_user_connects(vm.sock)
    if other is None:
        print('skip another user cannot connect: not root')
    else:
        t.check(other is False, 'another user (uid 65534) cannot connect')


def check_queries(vm):
    status, headers, body = vm.call('GET', 'vmm.ping')
    ping = json.loads(body)
    t.check(status == 200 and ping.get('version'), 'vmm.ping: 200 with a version')
    t.check(headers.get('Content-Type') == 'application/json', 'replies are application/json')
    status, _, body = vm.call('GET', 'vm.info')
    info = json.loads(body)
    t.check(status == 200 and info['state'] == 'Running', 'vm.info: Running')
    t.check(info['config']['cpus']['boot_vcpus'] == 1 and
            info['config']['memory']['size'] == 64 << 20, 'vm.info: the configuration')
    status, _, body = vm.call('GET', 'vm.counters')
    counters = json.loads(body)
    t.check(status == 200 and set(counters.get('virtio-rng0', {})) ==
            {'notifications', 'requests', 'completions', 'interrupts'},
            'vm.counters: the rng device with its counters: %s' % counters)


def cpus(vm):
    status, _, body = vm.call('GET', 'vm.cpus')
    t.check(status == 200, 'vm.cpus: 200')
    return json.loads(body)['cpus'][0]


def check_pause_resume(vm):
    t.check(vm.wait_output_beyond(1000), 'the guest writes to its console')
    status, _, _ = vm.call('PUT', 'vm.pause')
    t.check(status == 204, 'vm.pause: 204')
    time.sleep(0.3)  # what was written before the pause reaches the pipe reader
    frozen = vm.output()
    a = cpus(vm)
    time.sleep(1)
    b = cpus(vm)
    t.check(vm.output() == frozen, 'paused: the console wrote nothing more')
    t.check(a['state'] == 'paused' and a['pc'] == b['pc'] and
            a['instructions'] == b['instructions'] and a['instructions'] > 0,
            'paused: vm.cpus reads pc %s and %d instructions twice' % (a['pc'], a['instructions']))
    t.check(a['privilege'] == 'M', 'vm.cpus: privilege mode M')
    for key in ('blocks_translated', 'blocks_executed', 'block_cache_hit_rate', 'exits'):
        t.check(key in a, 'vm.cpus has %s' % key)
    status, _, body = vm.call('GET', 'vm.info')
    t.check(json.loads(body)['state'] == 'Paused', 'vm.info: Paused')
    status, _, body = vm.call('PUT', 'vm.pause')
    t.check(status == 409 and 'Paused' in json.loads(body)['message'], 'pause twice: 409')
    status, _, _ = vm.call('PUT', 'vm.resume')
    t.check(status == 204, 'vm.resume: 204')
    t.check(vm.wait_output_beyond(frozen), 'resumed: the console goes on')
    status, _, body = vm.call('PUT', 'vm.resume')
    t.check(status == 409 and 'message' in json.loads(body), 'resume a running VM: 409')
    running = cpus(vm)
    t.check(running['state'] == 'running' and running['instructions'] > a['instructions'],
            'vm.cpus of a running VM: it ran on')


def check_errors(vm):
    for method, name, want in (('GET', 'vm.pause', 405), ('PUT', 'vm.info', 405),
                               ('POST', 'vmm.ping', 405), ('GET', 'vm.nothing', 404)):
        status, _, body = vm.call(method, name)
        t.check(status == want and json.loads(body).get('message'),
                '%s %s: %d with a message (%d)' % (method, name, want, status))
    status, _, body = request(vm.sock, 'GET', '/nothing')
    t.check(status == 404, 'GET /nothing: 404')
    for bad in ('{bad', '[1]', '{}{}'):
        status, _, body = vm.call('PUT', 'vm.pause', bad)
        t.check(status == 400 and json.loads(body).get('message'),
                'PUT vm.pause with body %r: 400' % bad)
    status, _, body = vm.call('GET', 'vm.info')
    t.check(json.loads(body)['state'] == 'Running', 'a bad body paused nothing')
    for name in ('vm.reboot', 'vm.power-button'):
        status, _, body = vm.call('PUT', name)
        t.check(status == 409 and json.loads(body).get('message'), '%s: 409 with a reason' % name)


def check_ctl(vm):
    t.check(ctl_json(vm.sock, 'ping')['version'], 'fvp ctl ping')
    t.check(ctl_json(vm.sock, 'vm.info')['state'] == 'Running', 'fvp ctl vm.info')
    t.check('virtio-rng0' in ctl_json(vm.sock, 'counters'), 'fvp ctl counters')
    t.check(ctl_json(vm.sock, 'pause') is None, 'fvp ctl pause prints nothing (204)')
    t.check(ctl_json(vm.sock, 'cpus')['cpus'][0]['state'] == 'paused', 'fvp ctl cpus')
    code, out, err = ctl(vm.sock, 'vm.pause')
    t.check(code == 1 and err.count('\n') == 1 and 'HTTP 409' in err,
            'fvp ctl vm.pause twice: one line, exit 1: %s' % err.strip())
    ctl_json(vm.sock, 'resume', '{}')
    for verb in ('reboot', 'power-button'):
        code, _, err = ctl(vm.sock, verb)
        t.check(code == 1 and err.startswith('fvp: ctl: %s: HTTP 409: ' % verb) and
                err.count('\n') == 1, 'fvp ctl %s: one line, exit 1' % verb)
    code, _, err = ctl(vm.sock, 'vm.frobnicate')
    t.check(code == 1 and 'unknown verb' in err, 'fvp ctl unknown verb: exit 1')
    code, _, err = ctl(vm.sock, 'pause', '{bad')
    t.check(code == 1 and 'not a JSON object' in err, 'fvp ctl with bad JSON: exit 1')
    code, _, err = ctl(os.path.join(vm.dir, 'absent.sock'), 'ping')
    t.check(code == 1 and 'cannot connect' in err, 'fvp ctl to no server: exit 1')


def events_of(lines):
    return [json.loads(l) for l in lines]


def main_run():
    vm = Fvp(fvp_bin, ['--rng'])
    try:
        if not t.check(vm.wait_socket(), 'the API socket appears'):
            print(vm.stderr.decode())
            t.exit()
        check_socket(vm)
        stream = EventStream(vm.sock)
        ctl_events = subprocess.Popen([fvp_bin, 'ctl', '--api-socket', vm.sock, 'events'],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        check_queries(vm)
        check_pause_resume(vm)
        check_errors(vm)
        check_ctl(vm)
        code, out, err = ctl(vm.sock, 'shutdown')
        t.check(code == 0, 'fvp ctl shutdown: exit 0 %s' % err)
        t.check(vm.wait_exit() == 0, 'vm.shutdown: fvp exits 0 (%s)' % vm.stderr.decode().strip())
        t.check(stream.ended.wait(LIMIT), 'the event stream ended')
        names = [e['event'] for e in events_of(stream.lines)]
        t.check(names[:1] == ['booted'] and 'paused' in names and 'resumed' in names and
                names[-1] == 'shutdown', 'events: %s' % names)
        last = events_of(stream.lines)[-1]
        t.check(last['properties']['reason'] == 'request', 'shutdown event has its reason')
        out, _ = ctl_events.communicate(timeout=LIMIT)
        ctl_names = [e['event'] for e in events_of(out.splitlines())]
        t.check(ctl_events.returncode == 0 and ctl_names == names,
                'fvp ctl events: the same events, then exit 0: %s' % ctl_names)
        t.check(not os.path.exists(vm.sock), 'the socket file is gone')
    finally:
        vm.close()


def paused_run():
    vm = Fvp(fvp_bin, ['--paused'])
    try:
        t.check(vm.wait_socket(), '--paused: the API socket appears')
        status, _, body = vm.call('GET', 'vm.info')
        t.check(json.loads(body)['state'] == 'Paused', '--paused: vm.info says Paused')
        first = cpus(vm)
        t.check(first['instructions'] == 0 and vm.output() == 0,
                '--paused: no instruction ran, no output')
        vm.call('PUT', 'vm.resume')
        t.check(vm.wait_output_beyond(0), '--paused: vm.resume starts the guest')
        status, _, _ = vm.call('PUT', 'vmm.shutdown')
        t.check(status == 204, 'vmm.shutdown: 204')
        t.check(vm.wait_exit() == 0, 'vmm.shutdown: fvp exits 0')
    finally:
        vm.close()


# lui t0, 0x100; lui t1, 0x5; addi t1, t1, 0x555; sw t1, 0(t0); j .  (SiFive test: power off)
POWEROFF_GUEST = bytes.fromhex('b7021000' '37530000' '13035355' '23a06200' '6f000000')


def stop_with_streams(how):
    """SIGTERM (exit 4, reason user) or --paused then a guest power-off (exit 0, reason
    poweroff) with two event streams open, one of them never read: fvp stops cleanly (the
    library aborted when stopped with a stream waiting for events) and the read one ends
    with the shutdown event."""
    kernel = None
    if how == 'poweroff':
        vm0 = Fvp(fvp_bin)
        vm0.close(keep_dir=True)
        kernel = os.path.join(vm0.dir, 'poweroff.bin')
        with open(kernel, 'wb') as f:
            f.write(POWEROFF_GUEST)
    vm = Fvp(fvp_bin, ['--paused'], kernel=kernel)
    try:
        t.check(vm.wait_socket(), '%s: the API socket appears' % how)
        stream = EventStream(vm.sock)
        idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        idle.connect(vm.sock)
        idle.sendall(b'GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n')
        time.sleep(0.3)  # both streams are served and wait for events
        if how == 'poweroff':
            vm.call('PUT', 'vm.resume')
        else:
            vm.proc.send_signal(signal.SIGTERM)
        code = vm.wait_exit()
        want = 0 if how == 'poweroff' else 4
        t.check(code == want and b'Fatal' not in vm.stderr,
                '%s with event streams open: exit %s (want %d) %s' %
                (how, code, want, vm.stderr.decode().strip()))
        t.check(stream.ended.wait(LIMIT), '%s: the event stream ended' % how)
        last = events_of(stream.lines[-1:])
        reason = 'poweroff' if how == 'poweroff' else 'user'
        t.check(last and last[0]['event'] == 'shutdown' and
                last[0]['properties']['reason'] == reason,
                '%s: the stream ends with the shutdown, reason %s' % (how, reason))
        idle.close()
    finally:
        vm.close()
        if kernel:
            shutil.rmtree(os.path.dirname(kernel), ignore_errors=True)


def refused_path():
    vm = Fvp(fvp_bin)
    vm.close(keep_dir=True)
    if os.path.lexists(vm.sock):  # the killed fvp may have made its socket already
        os.unlink(vm.sock)
    with open(vm.sock, 'w') as f:
        f.write('keep')
    r = subprocess.run(vm.cmd, capture_output=True, timeout=LIMIT, stdin=subprocess.DEVNULL)
    err = r.stderr.decode()
    t.check(r.returncode == 1 and err.count('\n') == 1 and 'not a socket' in err,
            'an existing file is refused in one line: %s' % err.strip())
    with open(vm.sock) as f:
        t.check(f.read() == 'keep', 'the file is left alone')
    shutil.rmtree(vm.dir, ignore_errors=True)


main_run()
paused_run()
stop_with_streams('signal')
stop_with_streams('poweroff')
refused_path()
t.exit()
