#!/usr/bin/env python3
"""make-seeds.py - writes the seed corpus of fuzz_virtqueue (tests/fuzz/corpus/): well-formed
requests in the input layout that fuzz_virtqueue.c describes, so the fuzzer starts from inputs
that reach deep into the blk and net request paths. Usage: make-seeds.py [DIR]"""
import os
import struct
import sys

RAM = 0x10000
QUEUE_AREA = 0x3000
F_NEXT, F_WRITE, F_INDIRECT = 1, 2, 4


class Guest:
    def __init__(self, num_log2, event_idx=False, indirect=False, net=False):
        self.num = 1 << num_log2
        self.head = bytes([num_log2, (1 if event_idx else 0) | (2 if indirect else 0) |
                           (4 if net else 0)])
        self.ram = bytearray(RAM)
        self.avail_idx = [0, 0]

    def put(self, addr, data):
        self.ram[addr:addr + len(data)] = data

    def desc(self, q, i, addr, length, flags, nxt=0, table=None):
        base = QUEUE_AREA * q if table is None else table
        self.put(base + 16 * i, struct.pack('<QIHH', addr, length, flags, nxt))

    def offer(self, q, head):
        avail = QUEUE_AREA * q + 0x1000
        self.put(avail + 4 + 2 * (self.avail_idx[q] % self.num), struct.pack('<H', head))
        self.avail_idx[q] += 1
        self.put(avail + 2, struct.pack('<H', self.avail_idx[q]))

    def data(self):
        end = max(i + 1 for i, b in enumerate(self.ram) if b) if any(self.ram) else 0
        return self.head + bytes(self.ram[:end])


def blk_hdr(kind, sector):
    return struct.pack('<IIQ', kind, 0, sector)


def seeds():
    g = Guest(4)  # read one sector
    g.put(0x6100, blk_hdr(0, 3))
    g.desc(0, 0, 0x6100, 16, F_NEXT, 1)
    g.desc(0, 1, 0x6400, 512, F_WRITE | F_NEXT, 2)
    g.desc(0, 2, 0x6300, 1, F_WRITE)
    g.offer(0, 0)
    yield 'blk-read', g
    g = Guest(3, event_idx=True)  # write two sectors, then flush
    g.put(0x6100, blk_hdr(1, 8))
    g.put(0x6400, bytes(range(256)) * 4)
    g.desc(0, 0, 0x6100, 16, F_NEXT, 1)
    g.desc(0, 1, 0x6400, 1024, F_NEXT, 2)
    g.desc(0, 2, 0x6300, 1, F_WRITE)
    g.put(0x6200, blk_hdr(4, 0))
    g.desc(0, 3, 0x6200, 16, F_NEXT, 4)
    g.desc(0, 4, 0x6301, 1, F_WRITE)
    g.offer(0, 0)
    g.offer(0, 3)
    yield 'blk-write-flush', g
    g = Guest(4, indirect=True)  # GET_ID through an indirect table
    g.put(0x6100, blk_hdr(8, 0))
    g.desc(0, 0, 0x6000, 48, F_INDIRECT)
    g.desc(0, 0, 0x6100, 16, F_NEXT, 1, table=0x6000)
    g.desc(0, 1, 0x6400, 20, F_WRITE | F_NEXT, 2, table=0x6000)
    g.desc(0, 2, 0x6300, 1, F_WRITE, table=0x6000)
    g.offer(0, 0)
    yield 'blk-get-id-indirect', g
    g = Guest(2)  # write zeroes and discard, one segment each
    for n, kind in enumerate((13, 11)):
        g.put(0x6100 + 0x100 * n, blk_hdr(kind, 0) + struct.pack('<QII', 4, 8, 0))
        g.desc(0, 2 * n, 0x6100 + 0x100 * n, 32, F_NEXT, 2 * n + 1)
        g.desc(0, 2 * n + 1, 0x6300 + n, 1, F_WRITE)
        g.offer(0, 2 * n)
    yield 'blk-zeroes-discard', g
    g = Guest(4, net=True)  # transmit a frame, post a receive buffer
    g.put(0x6100, bytes(12) + bytes([0xff] * 6 + [0x52, 0x54, 0, 0x12, 0x34, 0x56, 8, 6]) +
          bytes(46))
    g.desc(1, 0, 0x6100, 12, F_NEXT, 1)
    g.desc(1, 1, 0x610c, 60, 0)
    g.offer(1, 0)
    g.desc(0, 0, 0x6400, 1526, F_WRITE)
    g.offer(0, 0)
    yield 'net-tx-rx', g
    g = Guest(8, event_idx=True, indirect=True, net=True)  # receive into an indirect chain
    g.desc(0, 0, 0x6000, 32, F_INDIRECT)
    g.desc(0, 0, 0x6400, 12, F_WRITE | F_NEXT, 1, table=0x6000)
    g.desc(0, 1, 0x6500, 1514, F_WRITE, table=0x6000)
    g.offer(0, 0)
    yield 'net-rx-indirect', g


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus')
    os.makedirs(out, exist_ok=True)
    for name, g in seeds():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(g.data())


if __name__ == '__main__':
    main()
