#!/usr/bin/env python3
"""check-layers.py SRC - the layering rules of FVP's source tree, checked.

Layers point one way (docs/ARCHITECTURE.md):
    cli -> api -> arch (boards, frontends), debug (the gdb stub) -> engine -> ir, mem, dev, boot
    -> core -> config
A file may include headers of its own folder under src/ and of lower layers only;
ir, mem, dev and boot are siblings and do not include each other; a frontend folder
under src/arch/ does not include another one. The shared layers (config, core, ir,
mem, dev, boot, engine) name no guest ISA in code (comments aside); the JIT in
src/engine/jit may name its host, x86-64, and nothing else.
Prints one line per violation (file:line: what) and exits 1 if there is any.
"""
import os
import re
import sys

LAYER = {'config': 0, 'core': 1, 'ir': 2, 'mem': 2, 'dev': 2, 'boot': 2,
         'engine': 3, 'arch': 4, 'debug': 4, 'api': 5, 'cli': 6}
SHARED = ('config', 'core', 'ir', 'mem', 'dev', 'boot', 'engine', 'debug')
GUEST_ISA = re.compile(r'riscv|rv32|rv64|x86|amd64|i[3-6]86|aarch64|arm64|armv[0-9]',
                       re.IGNORECASE)
HOST_ISA = re.compile(r'x86', re.IGNORECASE)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def strip_comments(text):
    """The text with C comments blanked (line numbers kept); strings stay: they are code."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif text[i] in '"\'':
            q, j = text[i], i + 1
            while j < n and text[j] != q and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return ''.join(out)


def include_violation(rel, target):
    """Why rel (a path under src/) may not include target, or None."""
    mine, theirs = rel.split('/'), target.split('/')
    if len(theirs) < 2 or theirs[0] not in LAYER:
        return None  # a system header or a file beside it
    if mine[0] == theirs[0]:
        if (mine[0] == 'arch' and len(mine) > 2 and len(theirs) > 2 and
                mine[1] != theirs[1]):
            return 'frontend %s includes frontend %s' % (mine[1], theirs[1])
        return None
    if LAYER[theirs[0]] < LAYER[mine[0]]:
        return None
    if LAYER[theirs[0]] == LAYER[mine[0]]:
        return '%s includes its sibling layer %s' % (mine[0], theirs[0])
    return '%s includes the higher layer %s' % (mine[0], theirs[0])


def check_file(src, rel):
    with open(os.path.join(src, rel), encoding='utf-8', errors='replace') as f:
        text = f.read()
    found = []
    for no, line in enumerate(text.split('\n'), 1):
        m = INCLUDE.match(line)
        why = m and include_violation(rel, m.group(1))
        if why:
            found.append('%s:%d: %s ("%s")' % (rel, no, why, m.group(1)))
    top = rel.split('/')[0]
    if top in SHARED:
        jit = rel.startswith('engine/jit/')
        for no, line in enumerate(strip_comments(text).split('\n'), 1):
            if line.lstrip().startswith('#include'):
                continue
            for m in GUEST_ISA.finditer(line):
                if jit and HOST_ISA.fullmatch(m.group(0)):
                    continue
                found.append('%s:%d: the %s layer names a guest ISA: %s' %
                             (rel, no, top, line.strip()))
                break
    return found


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print('usage: check-layers.py SRC (the src/ folder)', file=sys.stderr)
        return 2
    src = sys.argv[1]
    found = []
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(('.c', '.h')):
                rel = os.path.relpath(os.path.join(root, name), src)
                if rel.split('/')[0] in LAYER:
                    found += check_file(src, rel)
    for line in found:
        print(line)
    if found:
        print('check-layers: %d violation(s): see docs/ARCHITECTURE.md for the layers' %
              len(found))
        return 1
    print('check-layers: %s follows the layers' % src)
    return 0


if __name__ == '__main__':
    sys.exit(main())
