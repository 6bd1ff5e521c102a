"""fvpapi.py - what the control API tests share: a raw riscv64 guest, fvp started with
--api-socket, its console drained by a thread, and HTTP over the unix socket."""
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

# lui t0, 0x10000; addi t1, zero, 'A'; 1: sb t1, 0(t0); j 1b   (UART THR at 0x10000000)
LOOP_GUEST = bytes.fromhex('b7020010' '13031004' '23806200' '6ff0dfff')
LIMIT = 30  # seconds any one wait may take before the test fails instead of hanging


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__('localhost', timeout=LIMIT)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(LIMIT)
        self.sock.connect(self.unix_path)


def request(sock_path, method, path, body=None):
    """(status, headers, body bytes) of one request on a fresh connection."""
    conn = UnixHTTPConnection(sock_path)
    headers = {'Content-Type': 'application/json'} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, resp.headers, data


class Fvp:
    """fvp run with the loop guest (or kernel) and --api-socket in a fresh directory."""

    def __init__(self, fvp, extra=(), kernel=None, engine='interp'):
        self.dir = tempfile.mkdtemp(prefix='fvp-api.')
        self.sock = os.path.join(self.dir, 'api.sock')
        if kernel is None:
            kernel = os.path.join(self.dir, 'loop.bin')
            with open(kernel, 'wb') as f:
                f.write(LOOP_GUEST)
        self.cmd = [fvp, 'run', '--arch', 'riscv64', '--engine', engine, '--bios', 'none',
                    '--mem', '64M', '--kernel', kernel, '--api-socket', self.sock] + list(extra)
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.lock = threading.Lock()
        self.console_bytes = 0
        self.console = b''
        self.stderr = b''
        threading.Thread(target=self._drain, daemon=True).start()
        threading.Thread(target=self._drain_err, daemon=True).start()

    def _drain(self):
        while True:
            data = self.proc.stdout.read1(65536)
            if not data:
                return
            with self.lock:
                self.console_bytes += len(data)
                if len(self.console) < 65536:
                    self.console += data

    def _drain_err(self):
        self.stderr = self.proc.stderr.read()

    def output(self):
        with self.lock:
            return self.console_bytes

    def wait_socket(self):
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline and self.proc.poll() is None:
            if os.path.exists(self.sock):
                return True
            time.sleep(0.05)
        return False

    def wait_output_beyond(self, count):
        """True once the console has written more than count bytes (within LIMIT)."""
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:
            if self.output() > count:
                return True
            time.sleep(0.05)
        return False

    def call(self, method, name, body=None):
        return request(self.sock, method, '/api/v1/' + name, body)

    def wait_exit(self):
        try:
            return self.proc.wait(timeout=LIMIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def close(self, keep_dir=False):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


class EventStream:
    """GET /api/v1/events read by a thread, line by line, until the server ends it."""

    def __init__(self, sock_path):
        self.lines = []
        self.ended = threading.Event()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(LIMIT * 2)
        self.sock.connect(sock_path)
        self.sock.sendall(b'GET /api/v1/events HTTP/1.0\r\nHost: localhost\r\n\r\n')
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        data = b''
        try:
            while True:
                chunk = self.sock.recv(4096)
                if not chunk:
                    break
                data += chunk
                head, sep, body = data.partition(b'\r\n\r\n')
                if sep:
                    self.head = head
                    self.lines = [l for l in body.split(b'\n') if l]
        except OSError:
            pass
        self.ended.set()
        self.sock.close()


class Checker:
    def __init__(self):
        self.failed = 0

    def check(self, cond, what):
        print(('ok   ' if cond else 'FAIL ') + what)
        if not cond:
            self.failed = 1
        return cond

    def exit(self):
        sys.exit(self.failed)
