#!/usr/bin/env python3
"""clock.py FVP ELF [ENGINE] - the guest's clock does not jump across a pause (issue 17).

Runs the bare-metal guest clockpause.elf (tests/guest/riscv64/clockpause.c: reads mtime for
3 s of guest time, prints a dot every 100 ms, fails if one step between two reads exceeds
600 ms or goes back) with --api-socket; once it printed, pauses it through the API for
2 s of host time (its console stays quiet meanwhile), resumes it and expects it to pass
(exit 0): a clock that ran on while paused would show a 2 s step and fail the guest.
"""
import sys
import time

from fvpapi import Checker, Fvp

fvp_bin, elf = sys.argv[1], sys.argv[2]
engine = sys.argv[3] if len(sys.argv) > 3 else 'interp'
t = Checker()
vm = Fvp(fvp_bin, kernel=elf, engine=engine)
try:
    t.check(vm.wait_socket(), 'the API socket appears')
    t.check(vm.wait_output_beyond(30), 'the guest runs and prints its dots')
    status, _, _ = vm.call('PUT', 'vm.pause')
    t.check(status == 204, 'vm.pause: 204')
    time.sleep(0.3)  # what was written before the pause reaches the pipe reader
    frozen = vm.output()
    time.sleep(2)
    t.check(vm.output() == frozen, 'paused for 2 s: no dot')
    status, _, _ = vm.call('PUT', 'vm.resume')
    t.check(status == 204, 'vm.resume: 204')
    code = vm.wait_exit()
    console = vm.console.decode(errors='replace')
    t.check(code == 0 and 'PASS' in console,
            'the guest saw no jump and passed (exit %s): %s' % (code, console.strip()[-200:]))
finally:
    vm.close()
t.exit()
