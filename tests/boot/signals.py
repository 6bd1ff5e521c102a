#!/usr/bin/env python3
"""signals.py FVP - every way out of fvp by signal is clean (issue 19, defects 1 and 2).

Runs a raw riscv64 guest (no cross compiler needed) that writes 'A' to the UART forever,
under --bios none on the interp engine, and checks:
  - SIGUSR1 and SIGUSR2 from outside are ignored: a SIGTERM after them still stops fvp
    (exit 4); fvp used to take SIGUSR1 as its own shutdown wake-up and then ignore
    SIGTERM, SIGINT and SIGHUP for good;
  - in a terminal (a pty), SIGQUIT, SIGTERM and SIGUSR2 leave the terminal as it was
    (canonical mode and echo back on), and SIGQUIT stops fvp with exit 4;
  - when the reader of the console pipe goes away, fvp stops (exit 4, not death by
    SIGPIPE) and says why on stderr.
Each fvp waits at most 20 s; a hang is a failure.
"""
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time

# lui t0, 0x10000; addi t1, zero, 'A'; 1: sb t1, 0(t0); j 1b   (UART THR at 0x10000000)
GUEST = bytes.fromhex('b7020010' '13031004' '23806200' '6ff0dfff')
LIMIT = 20


def command(fvp, kernel):
    return [fvp, 'run', '--arch', 'riscv64', '--engine', 'interp', '--bios', 'none',
            '--mem', '16M', '--kernel', kernel]


def wait_exit(proc):
    """The exit status, or None after LIMIT seconds (the process is then killed)."""
    try:
        return proc.wait(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def read_some(fd, need=1):
    """Read until need bytes arrived (the guest runs, fvp's signals are set up)."""
    got, deadline = 0, time.monotonic() + LIMIT
    while got < need and time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            got += len(os.read(fd, 4096))
    return got >= need


def drain(fd):
    """Read whatever is there without blocking."""
    while select.select([fd], [], [], 0)[0]:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def check_ignored_user_signals(fvp, kernel):
    proc = subprocess.Popen(command(fvp, kernel), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not read_some(proc.stdout.fileno()):
        proc.kill()
        return 'no console output from the guest'
    for sig in (signal.SIGUSR1, signal.SIGUSR2):
        proc.send_signal(sig)
        time.sleep(0.3)
        drain(proc.stdout.fileno())
        if proc.poll() is not None:
            return '%s ended fvp (status %d)' % (sig.name, proc.returncode)
    proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + LIMIT
    while proc.poll() is None and time.monotonic() < deadline:
        drain(proc.stdout.fileno())
        time.sleep(0.05)
    status = wait_exit(proc)
    if status != 4:
        return 'SIGTERM after SIGUSR1 and SIGUSR2: status %s, expected 4' % status
    return None


def check_terminal(fvp, kernel, sigs):
    """Send sigs in turn to fvp in a pty: all but the last leave it running, the last
    stops it with status 4; the terminal is then as before."""
    pid, master = pty.fork()
    if pid == 0:
        os.execv(fvp, command(fvp, kernel))
    before = None
    deadline = time.monotonic() + LIMIT
    # the pty starts canonical; fvp puts it in raw mode once the VM is set up
    while time.monotonic() < deadline:
        attrs = termios.tcgetattr(master)
        if before is None:
            before = attrs
        if not attrs[3] & termios.ICANON:
            break
        drain(master)
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return 'fvp never put the terminal in raw mode'
    read_some(master)
    for sig in sigs[:-1]:
        os.kill(pid, sig)
        time.sleep(0.3)
        drain(master)
        if os.waitpid(pid, os.WNOHANG)[0]:
            os.close(master)
            return '%s ended fvp' % sig.name
    sig = sigs[-1]
    os.kill(pid, sig)
    status = None
    while time.monotonic() < deadline:
        drain(master)
        done, raw = os.waitpid(pid, os.WNOHANG)
        if done:
            status = raw
            break
        time.sleep(0.05)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return '%s: fvp did not stop within %d s' % (sig.name, LIMIT)
    after = termios.tcgetattr(master)
    os.close(master)
    if os.WIFSIGNALED(status):
        return '%s: fvp died of signal %d' % (sig.name, os.WTERMSIG(status))
    if os.WEXITSTATUS(status) != 4:
        return '%s: status %d, expected 4' % (sig.name, os.WEXITSTATUS(status))
    if after[3] != before[3] or not after[3] & termios.ICANON or not after[3] & termios.ECHO:
        return '%s: the terminal was left in raw mode' % sig.name
    return None


def check_closed_pipe(fvp, kernel):
    proc = subprocess.Popen(command(fvp, kernel), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ok = read_some(proc.stdout.fileno(), 200)
    proc.stdout.close()  # the reader goes away, as `fvp run ... | head -c 200`
    status = wait_exit(proc)
    err = proc.stderr.read().decode(errors='replace')
    if not ok:
        return 'less than 200 bytes of console output'
    if status is None:
        return 'fvp kept running after its console pipe closed'
    if status < 0:
        return 'fvp died of signal %d when its console pipe closed' % -status
    if status != 4 or 'console output closed' not in err:
        return 'closed console pipe: status %d, stderr %r' % (status, err.strip())
    return None


def main():
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        print('usage: signals.py FVP (an executable)', file=sys.stderr)
        return 1
    fvp = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix='fvp-signals.') as tmp:
        kernel = os.path.join(tmp, 'print.bin')
        with open(kernel, 'wb') as f:
            f.write(GUEST)
        checks = [('SIGUSR1, SIGUSR2, then SIGTERM', lambda: check_ignored_user_signals(
            fvp, kernel)), ('closed console pipe', lambda: check_closed_pipe(fvp, kernel))]
        for sigs in ([signal.SIGQUIT], [signal.SIGTERM], [signal.SIGUSR2, signal.SIGTERM]):
            name = 'pty, ' + ' then '.join(sig.name for sig in sigs)
            checks.append((name, lambda sigs=sigs: check_terminal(fvp, kernel, sigs)))
        failed = 0
        for name, run in checks:
            why = run()
            print('%s %s%s' % ('FAIL' if why else 'ok  ', name, ': ' + why if why else ''))
            failed += bool(why)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
