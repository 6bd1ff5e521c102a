#!/usr/bin/env python3
"""make-seeds.py - writes the seed corpora of the fuzz targets: well-formed inputs in the layout
each fuzz_TARGET.c describes, so the fuzzer starts from inputs that reach deep into the code.
virtqueue (tests/fuzz/corpus/): blk and net requests; elf (corpus-elf/): small riscv64 and x86-64
executables; linux_image (corpus-image/): RISC-V Linux Image headers; bzimage (corpus-bzimage/):
bzImage headers and x86-64 ELF files with initrds; initrd (corpus-initrd/): the boards'
placements; options (corpus-options/): fvp command lines. (corpus-x86/ is written by hand.)
Usage: make-seeds.py [TARGET [DIR]]   (no TARGET: all of them, each in its own directory)"""
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


def virtqueue_seeds():
    for name, g in seeds():
        yield name, g.data()


EM_RISCV, EM_X86_64 = 243, 62
PT_LOAD, PT_NOTE = 1, 4


def note(name, kind, desc):
    n = name.encode() + b'\0'
    pad = lambda b: b + bytes(-len(b) % 4)
    return struct.pack('<III', len(n), len(desc), kind) + pad(n) + pad(desc)


def elf(machine, entry, segments, notes=b''):
    """An ELF64 executable: segments are (vaddr, paddr, data, memsz); notes a PT_NOTE's bytes."""
    phnum = len(segments) + (1 if notes else 0)
    off = 64 + 56 * phnum
    phdrs, body = b'', b''
    for vaddr, paddr, data, memsz in segments:
        phdrs += struct.pack('<IIQQQQQQ', PT_LOAD, 7, off + len(body), vaddr, paddr, len(data),
                             memsz, 0x1000)
        body += data
    if notes:
        phdrs += struct.pack('<IIQQQQQQ', PT_NOTE, 4, off + len(body), 0, 0, len(notes),
                             len(notes), 4)
        body += notes
    ident = b'\x7fELF' + bytes([2, 1, 1]) + bytes(9)
    head = ident + struct.pack('<HHIQQQIHHHHHH', 2, machine, 1, entry, 64, 0, 0, 64, 56, phnum,
                               64, 0, 0)
    return head + phdrs + body


CODE = bytes(range(0x13, 0x13 + 64))  # any bytes: the loader does not look at them
PVH = note('Xen', 18, struct.pack('<I', 0x100040))


def elf_seeds():
    yield 'rv-bss', elf(EM_RISCV, 0x80000000, [(0x80000000, 0x80000000, CODE, 0x200)])
    yield 'rv-virtual-entry', elf(EM_RISCV, 0xffffffff80000010,
                                  [(0xffffffff80000000, 0x80001000, CODE, 0x40)])
    yield 'rv-two-segments-note', elf(EM_RISCV, 0x80002000,
                                      [(0x80002000, 0x80002000, CODE, 0x40),
                                       (0x80004000, 0x80004000, CODE[:16], 0x1000)],
                                      note('FVP', 1, b'seed'))
    yield 'x86-exec', elf(EM_X86_64, 0x10000, [(0x10000, 0x10000, CODE, 0x100)])
    yield 'x86-pvh', elf(EM_X86_64, 0x10040, [(0x10000, 0x10000, CODE, 0x80)],
                         note('Xen', 18, struct.pack('<I', 0x10040)))
    yield 'x86-on-reserved', elf(EM_X86_64, 0x7000, [(0x7000, 0x7000, CODE, 0x40)])


def image(text_offset, image_size, old_magic=False, length=256):
    h = struct.pack('<IIQQQIIQ', 0x6f, 0, text_offset, image_size, 0, 2, 0, 0)
    h += b'RISCV\0\0\0' if old_magic else bytes(8)
    h += b'RSC\x05' + bytes(4) if not old_magic else bytes(8)
    return h + bytes(i & 0xff for i in range(length - len(h)))


def image_seeds():
    yield 'image-text-offset', image(0x20000, 0x30000)
    yield 'image-old-magic', image(0, 0, old_magic=True)
    yield 'image-size-zero', image(0x10000, 0, length=1024)
    yield 'image-too-big', image(0x20000, 0x100000)
    yield 'raw', bytes(range(256))
    yield 'elf', elf(EM_RISCV, 0x80010000, [(0x80010000, 0x80010000, CODE, 0x100)])


def bzimage(version=0x20f, setup_sects=4, init_size=0x100000, addr_max=0x7fffffff,
            length=5120):
    k = bytearray(length)
    k[0x1f1] = setup_sects
    struct.pack_into('<H', k, 0x1fe, 0xaa55)
    k[0x200], k[0x201] = 0xeb, 0x6a
    k[0x202:0x206] = b'HdrS'
    struct.pack_into('<H', k, 0x206, version)
    k[0x211] = 0x01  # LOADED_HIGH
    struct.pack_into('<I', k, 0x22c, addr_max)
    struct.pack_into('<H', k, 0x236, 0x01)  # XLF_KERNEL_64
    struct.pack_into('<I', k, 0x238, 2047)
    struct.pack_into('<I', k, 0x260, init_size)
    for i in range((setup_sects + 1) * 512, length):
        k[i] = i & 0xff
    return bytes(k)


def bz_input(kernel, mem_mib=32, initrd=None, append=False, ncpus=1):
    flags = (1 if initrd is not None else 0) | (2 if append else 0) | (ncpus - 1) << 2
    initrd = initrd or b''
    return bytes([(mem_mib - 17) % 48, flags]) + struct.pack('<H', len(initrd)) + initrd + kernel


def bzimage_seeds():
    initrd = bytes(range(256)) * 2
    yield 'bz-2.15', bz_input(bzimage())
    yield 'bz-2.15-initrd', bz_input(bzimage(), 48, initrd, append=True, ncpus=4)
    yield 'bz-2.06-initrd-addr-max', bz_input(bzimage(0x206, addr_max=0x1bffffff), 40, initrd)
    yield 'bz-2.10-no-room', bz_input(bzimage(0x20a, init_size=0x4000000), 17, initrd)
    yield 'elf-pvh-initrd', bz_input(elf(EM_X86_64, 0x100000,
                                         [(0x100000, 0x100000, CODE, 0x100)], PVH), 24, initrd)
    yield 'elf-long', bz_input(elf(EM_X86_64, 0x100000, [(0x100000, 0x100000, CODE, 0x100)]))


def initrd_input(size, floor, top, avoid=(), floor_in_ram=0x10000, data=b''):
    """Narrow mode: size in units of 16 bytes, addresses in units of 256."""
    out = bytes([len(avoid) << 1]) + struct.pack('<HHH', size >> 4, floor >> 8, top >> 8)
    for start, length in avoid:
        out += struct.pack('<HH', start >> 8, length >> 4)
    return out + struct.pack('<I', floor_in_ram)[:3] + data


def initrd_seeds():
    data = bytes(range(256)) * 3
    # riscv64: below the device tree, moved below the firmware's copy of it
    yield 'below-dtb', initrd_input(0x5000, 0x200000, 0xff0000, data=data)
    yield 'below-fw-fdt', initrd_input(0x8000, 0x200000, 0xff0000, [(0xfe0000, 0x10000)],
                                       data=data)
    # x86-64: below initrd_addr_max, above the kernel's end
    yield 'below-addr-max', initrd_input(0x3000, 0x100000, 0x7fff00, floor_in_ram=0xf0000,
                                         data=data)
    yield 'three-ranges', initrd_input(0x2000, 0x1000, 0x40000,
                                       [(0x3e000, 0x2000), (0x3b000, 0x2000), (0x30000, 0x8000)])
    yield 'no-room', initrd_input(0x2000, 0x10000, 0x11000, floor_in_ram=0xfffff, data=data)
    yield 'wide', bytes([3]) + struct.pack('<QQQQQ', 0x1000, 0xfffffffffffe0000,
                                           0xfffffffffffff000, 0xfffffffffffff800, 0x100)


def argv(*args):
    return b'\0'.join(a.encode() for a in args)


def options_seeds():
    yield 'readme-riscv64', argv('run', '--arch', 'riscv64', '--kernel', 'Image', '--initrd',
                                 'initramfs.cpio.gz', '--append', 'console=ttyS0', '--mem',
                                 '256M', '--smp', '2')
    yield 'x86-devices', argv('run', '--arch', 'x86_64', '--engine', 'kvm', '--kernel',
                              'bzImage', '--drive',
                              'file=disk.img,if=virtio,readonly=on,aio=sync,cache=none,'
                              'serial=abc,num-queues=2', '--net',
                              'user,hostfwd=tcp::2222-:22,mac=52:54:00:12:34:56,restrict=on',
                              '--rng', '--console', 'virtio')
    yield 'tap-debug', argv('run', '--bios', 'none', '--kernel', 'k', '--net', 'tap,ifname=tap0',
                            '--tb-size', '64M', '-d', 'in_asm,int', '--stats', '--perf-map',
                            '--quiet', '--log', 'l', '--dtb-out', 'd', '--net', 'none')
    yield 'hostfwd-udp', argv('run', '--kernel', 'k', '--net',
                              'user,hostfwd=udp:127.0.0.1:5555-10.0.2.15:53,hostfwd=:8080-:80')
    yield 'help', argv('--help')
    yield 'version', argv('--version')
    yield 'run-help', argv('run', '-h')
    yield 'debug-help', argv('run', '-d', 'help')
    yield 'bad-values', argv('run', '--kernel', 'k', '--mem', '15M', '--smp', '0')
    yield 'bad-drive', argv('run', '--kernel', 'k', '--drive', 'file=d,if=ide')
    yield 'clustered', argv('run', '-hd', 'in_asm', '--kernel')


TARGETS = {
    'virtqueue': ('corpus', virtqueue_seeds),
    'elf': ('corpus-elf', elf_seeds),
    'linux_image': ('corpus-image', image_seeds),
    'bzimage': ('corpus-bzimage', bzimage_seeds),
    'initrd': ('corpus-initrd', initrd_seeds),
    'options': ('corpus-options', options_seeds),
}


def main():
    names = sys.argv[1:2] or list(TARGETS)
    for name in names:
        subdir, gen = TARGETS[name]
        out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), subdir)
        os.makedirs(out, exist_ok=True)
        for seed, data in gen():
            with open(os.path.join(out, seed), 'wb') as f:
                f.write(data)


if __name__ == '__main__':
    main()
