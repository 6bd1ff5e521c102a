#!/usr/bin/env python3
"""gdb-packets.py FVP ELF - the gdb stub answers malformed input without crashing
(issue 16): over a raw Unix socket, against fvp --paused running ELF, bad checksums
and overlong packets get '-', malformed commands get an error reply, unknown ones the
empty reply, and afterwards the stub still works (qSupported, a register read, the
target description); 'k' then stops the VM (fvp exits 4, stopped by the user).
"""
import os
import socket
import subprocess
import sys
import tempfile
import time


def frame(payload):
    return b'$' + payload + b'#%02x' % (sum(payload) % 256)


class Stub:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(path)
        self.buf = b''

    def send(self, raw):
        self.sock.sendall(raw)

    def byte(self):
        while not self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError('the stub closed the connection')
            self.buf += data
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def packet(self):
        """The next packet's payload (acks before it are skipped), acknowledged."""
        while self.byte() != b'$':
            pass
        payload = b''
        while True:
            b = self.byte()
            if b == b'#':
                break
            payload += b
        csum = self.byte() + self.byte()
        assert int(csum, 16) == sum(payload) % 256, 'bad checksum from the stub'
        self.send(b'+')
        return payload

    def ask(self, payload):
        self.send(frame(payload))
        return self.packet()


def main():
    fvp, elf = sys.argv[1], sys.argv[2]
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'gdb.sock')
        proc = subprocess.Popen([fvp, 'run', '--arch', 'riscv64', '--engine', 'interp',
                                 '--bios', 'none', '--mem', '64M', '--kernel', elf,
                                 '--gdb', 'unix:' + path, '--paused'],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        for _ in range(100):
            if os.path.exists(path):
                break
            time.sleep(0.1)
        stub = Stub(path)

        def expect(what, got, want):
            ok = got == want if not callable(want) else want(got)
            print('%s %s: %r' % ('ok  ' if ok else 'FAIL', what, got))
            if not ok:
                failed.append(what)

        stub.send(b'$g#00')
        expect('bad checksum', stub.byte(), b'-')
        stub.send(b'$g#zz')
        expect('checksum not hex', stub.byte(), b'-')
        stub.send(b'$' + b'a' * 40000 + b'#00')
        expect('overlong packet', stub.byte(), b'-')
        for payload, want, what in [
                (b'm', b'E01', 'm without arguments'),
                (b'mzz,4', b'E01', 'm with a bad address'),
                (b'm80000000', b'E01', 'm without a length'),
                (b'M80000000,4:zz', b'E01', 'M with bad hex'),
                (b'M80000000,100:00', b'E01', 'M shorter than its length'),
                (b'X80000000,8:', b'E01', 'X shorter than its length'),
                (b'p', b'E01', 'p without a number'),
                (b'p99999', b'E01', 'p of no register'),
                (b'P20=', b'E01', 'P without a value'),
                (b'Z0,zz,4', b'E01', 'Z0 with a bad address'),
                (b'Z9,80000000,4', b'', 'Z of an unknown kind'),
                (b'Hgzz', b'E01', 'Hg of a bad thread'),
                (b'Hg99', b'E01', 'Hg of no thread'),
                (b'vCont;x', b'E01', 'vCont with an unknown action'),
                (b'vCont;c:zz', b'E01', 'vCont with a bad thread'),
                (b'qXfer:features:read:other.xml:0,10', b'E00', 'qXfer of an unknown annex'),
                (b'qXfer:features:read:target.xml:zz', b'E00', 'qXfer without offset'),
                (b'qThreadExtraInfo,zz', b'E01', 'qThreadExtraInfo of a bad thread'),
                (b'qRcmd,zz', b'E01', 'qRcmd with bad hex'),
                (b'\x00\xff}', b'', 'binary junk'),
                (b'', b'', 'empty packet'),
                (b'qNoSuchQuery', b'', 'unknown query')]:
            expect(what, stub.ask(payload), want)
        expect('still answers qSupported', stub.ask(b'qSupported:xmlRegisters=i386'),
               lambda r: b'qXfer:features:read+' in r and b'PacketSize=4000' in r)
        expect('reads pc (the ELF entry)', stub.ask(b'p20'), b'0000008000000000')
        expect('serves the target description',
               stub.ask(b'qXfer:features:read:target.xml:0,3fff'),
               lambda r: r.startswith(b'l<?xml') and b'name="misa"' in r)
        expect('memory of nothing', stub.ask(b'm0,4'), b'E14')
        stub.send(frame(b'k'))
        try:
            status = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            status = 'a hang'
        err = proc.stderr.read().decode()
        expect('k stops the VM (exit 4)', status, 4)
        if 'listening' not in err or len(err.splitlines()) != 1:
            failed.append('stderr')
            print('FAIL stderr: %r' % err)
    print('%d failed' % len(failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
