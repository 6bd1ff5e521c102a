#!/bin/bash
# kvm.sh - FVP's KVM engine beside QEMU (qemu-system-x86_64 -enable-kvm -M microvm
# -cpu host,-arch-capabilities) on the same host, in one run; prints a Markdown table
# for docs/PERFORMANCE.md.
#
# Usage: bench/kvm.sh [--fvp PATH] [--qemu PATH] [--elf PATH] [--guests DIR]
#          [--mem MIB] [--reps N] [--limit SEC] [--no-linux] [--logdir DIR]
#   --fvp      the fvp binary (default: $FVP, else build/src/cli/fvp)
#   --qemu     default qemu-system-x86_64 on PATH
#   --elf      FVP's bare-metal guest (default: the build's tests/kvm/halt.elf)
#   --guests   bzImage + initramfs.cpio.gz (default: $FVP_X86_GUESTS, else ../shared/guests/x86_64)
#   --mem      guest RAM in MiB for every run (default 256)
#   --reps     start-up runs per VMM, the median is reported (default 5)
#   --limit    wall-clock limit of each Linux boot (default 600 s)
#   --no-linux only the bare-metal rows
#   --logdir   where the timestamped console logs go (default: a new temp folder)
#
# Rows:
#   - start-up: exec of the VMM to the first byte on its serial port, with a guest that writes
#     to port 0x3f8 at its first instructions. FVP runs tests/kvm/halt.elf (entered in long
#     mode); QEMU cannot enter that ELF (its -kernel wants a PVH note or a bzImage), so it
#     gets the same few instructions as a 64 KiB -bios image at the reset vector
#     (mov dx,0x3f8; mov al,'k'; out dx,al; hlt): both measure the VMM until the guest runs.
#   - memory: VmRSS minus the resident part of guest RAM (the largest mapping at least --mem
#     big, from /proc/PID/smaps), 1 s after the first serial byte of the idle guest, and
#     during the Linux boot (at the banner, or at the limit).
#   - Linux: the same bzImage and initramfs with "console=ttyS0 earlyprintk=serial,ttyS0
#     reboot=k fvp.run=sha fvp.halt=1", 1 vCPU: time to the first serial byte, to the kernel
#     banner ("Linux version") and to FVP-INIT-OK, each only if it comes within --limit.
#     The two boots run one after the other.
# Every process this script starts is killed by its own pid when its row is done.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
fvp=${FVP:-$root/build/src/cli/fvp}
qemu=$(command -v qemu-system-x86_64 || echo qemu-system-x86_64)
elf=
guests=${FVP_X86_GUESTS:-$root/../shared/guests/x86_64}
mem=256 reps=5 limit=600 linux=1 logdir=

die() {
	echo "kvm.sh: $*" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case $1 in
	--fvp) fvp=$2; shift 2 ;;
	--qemu) qemu=$2; shift 2 ;;
	--elf) elf=$2; shift 2 ;;
	--guests) guests=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--limit) limit=$2; shift 2 ;;
	--no-linux) linux=0; shift ;;
	--logdir) logdir=$2; shift 2 ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option $1 (try --help)" ;;
	esac
done
[ -x "$fvp" ] || die "no fvp binary at $fvp (build it, or pass --fvp)"
if [ -z "$elf" ]; then
	elf=$(dirname "$(dirname "$(dirname "$fvp")")")/tests/kvm/halt.elf
fi
[ -f "$elf" ] || die "no bare-metal guest at $elf (ninja builds tests/kvm/halt.elf; or --elf)"
command -v "$qemu" >/dev/null || die "no $qemu (apt-get install qemu-system-x86)"
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	die "/dev/kvm is missing or not read-write for $(id -un)"
fi
if [ "$linux" = 1 ] && { [ ! -f "$guests/bzImage" ] || [ ! -f "$guests/initramfs.cpio.gz" ]; }; then
	die "no bzImage + initramfs.cpio.gz in $guests (--guests, or --no-linux)"
fi
[ -n "$logdir" ] || logdir=$(mktemp -d /tmp/fvp-kvm-bench.XXXXXX)
mkdir -p "$logdir"

exec python3 - "$fvp" "$qemu" "$elf" "$guests" "$mem" "$reps" "$limit" "$linux" "$logdir" <<'EOF'
import os, select, signal, statistics, subprocess, sys, time

fvp, qemu, elf, guests, mem, reps, limit, linux, logdir = sys.argv[1:]
mem, reps, limit, linux = int(mem), int(reps), float(limit), linux == "1"
append = "console=ttyS0 earlyprintk=serial,ttyS0 reboot=k fvp.run=sha fvp.halt=1"

# 64 KiB BIOS image: the reset vector (last 16 bytes) writes 'k' to COM1 and halts.
bios = os.path.join(logdir, "serial-bios.bin")
stub = bytes([0xBA, 0xF8, 0x03, 0xB0, 0x6B, 0xEE, 0xF4, 0xEB, 0xFD])
with open(bios, "wb") as f:
    f.write(b"\xf4" * 0xFFF0 + stub + b"\xf4" * (16 - len(stub)))

def guest_ram_overhead_kib(pid):
    """VmRSS minus the resident pages of the largest mapping at least `mem` MiB long."""
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
        best = 0
        with open(f"/proc/{pid}/smaps") as f:
            size = 0
            for l in f:
                p = l.split()
                if p[0] == "Size:":
                    size = int(p[1])
                elif p[0] == "Rss:" and size >= mem * 1024:
                    best = max(best, int(p[1]))
        return rss - best, rss
    except (OSError, StopIteration):
        return None, None

def run(name, cmd, markers, until, rss_after_first=None, rss_marker=None):
    """Start cmd, stamp its output; return {marker: seconds}, 'first', and the RSS sample."""
    log = open(os.path.join(logdir, name + ".log"), "wb")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    got, text, rss = {}, b"", (None, None)
    deadline = t0 + until
    rss_at = None
    while True:
        now = time.monotonic()
        if rss_at is not None and now >= rss_at and rss[0] is None:
            rss = guest_ram_overhead_kib(p.pid)
            if rss_marker is None:
                break
        if all(m in got for m in markers) and (rss_after_first is None or rss[0] is not None):
            break
        if now >= deadline:
            break
        wait = deadline - now if rss_at is None else max(0.0, min(deadline, rss_at) - now)
        r, _, _ = select.select([p.stdout], [], [], min(wait, 1.0))
        if not r:
            if p.poll() is not None:
                break
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        t = time.monotonic() - t0
        if not chunk:
            break
        log.write(b"[%9.3f] " % t + chunk)
        if "first" not in got:
            got["first"] = t
            if rss_after_first is not None:
                rss_at = time.monotonic() + rss_after_first
        text += chunk
        for m in markers:
            if m not in got and m.encode() in text:
                got[m] = t
                if m == rss_marker and rss[0] is None:
                    rss = guest_ram_overhead_kib(p.pid)
        text = text[-4096:]
    if rss_marker is not None and rss[0] is None and p.poll() is None:
        rss = guest_ram_overhead_kib(p.pid)  # at the limit
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
    p.wait()
    log.close()
    return got, rss

fvp_base = [fvp, "run", "--arch", "x86_64", "--engine", "kvm", "--mem", f"{mem}M", "--smp", "1"]
qemu_base = [qemu, "-enable-kvm", "-M", "microvm", "-cpu", "host,-arch-capabilities",
             "-m", str(mem), "-smp", "1", "-nodefaults", "-no-user-config", "-display", "none",
             "-serial", "stdio", "-monitor", "none", "-no-reboot"]

rows = []
def ms(v):
    return "—" if v is None else f"{v * 1000:.0f} ms"
def sec(v):
    return f"not within {limit:.0f} s" if v is None else f"{v:.1f} s"
def mib(v):
    return "—" if v is None else f"{v / 1024:.1f} MiB"

start = {}
idle_rss = {}
for vmm, cmd in (("FVP", fvp_base + ["--kernel", elf]), ("QEMU", qemu_base + ["-bios", bios])):
    times = []
    for i in range(reps):
        got, rss = run(f"{vmm.lower()}-start-{i}", cmd, ["first"], 30,
                       rss_after_first=1.0 if i == 0 else None)
        if i == 0:
            idle_rss[vmm] = rss
        if "first" in got:
            times.append(got["first"])
    start[vmm] = statistics.median(times) if times else None
rows.append(("exec to first serial byte, bare-metal guest (median of %d)" % reps,
             ms(start["FVP"]), ms(start["QEMU"])))
rows.append((f"RSS minus resident guest RAM, idle bare-metal guest ({mem} MiB)",
             mib(idle_rss["FVP"][0]), mib(idle_rss["QEMU"][0])))
rows.append(("VmRSS, idle bare-metal guest", mib(idle_rss["FVP"][1]), mib(idle_rss["QEMU"][1])))

if linux:
    kernel = ["--kernel", f"{guests}/bzImage", "--initrd", f"{guests}/initramfs.cpio.gz"]
    res = {}
    for vmm, cmd in (("FVP", fvp_base + kernel + ["--append", append]),
                     ("QEMU", qemu_base + ["-kernel", f"{guests}/bzImage", "-initrd",
                                           f"{guests}/initramfs.cpio.gz", "-append", append])):
        print(f"kvm.sh: booting Linux under {vmm} (limit {limit:.0f} s) ...", file=sys.stderr)
        res[vmm] = run(f"{vmm.lower()}-linux", cmd, ["first", "Linux version", "FVP-INIT-OK"],
                       limit, rss_marker="Linux version")
    g = lambda vmm, k: res[vmm][0].get(k)
    rows.append(("Linux: exec to first serial byte", sec(g("FVP", "first")),
                 sec(g("QEMU", "first"))))
    rows.append(("Linux: exec to kernel banner (earlyprintk)", sec(g("FVP", "Linux version")),
                 sec(g("QEMU", "Linux version"))))
    rows.append(("Linux: exec to FVP-INIT-OK", sec(g("FVP", "FVP-INIT-OK")),
                 sec(g("QEMU", "FVP-INIT-OK"))))
    rows.append(("Linux: RSS minus resident guest RAM (at the banner, else at the limit)",
                 mib(res["FVP"][1][0]), mib(res["QEMU"][1][0])))

host = os.uname()
kvm_mod = "kvm_pvm" if os.path.exists("/sys/module/kvm_pvm") else "?"
for mod in ("kvm_intel", "kvm_amd", "kvm_pvm"):
    if os.path.exists(f"/sys/module/{mod}"):
        kvm_mod = mod
qv = subprocess.run([qemu, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
print(f"Host: {os.cpu_count()} CPUs, kernel {host.release}, KVM module {kvm_mod}; {qv}; "
      f"guest RAM {mem} MiB, 1 vCPU; logs in {logdir}\n")
print("| measure | FVP (kvm) | QEMU microvm |")
print("| --- | --- | --- |")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[2]} |")
EOF
