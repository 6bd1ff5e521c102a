#!/usr/bin/env python3
"""acpi-iasl.py ACPI_DUMP - the x86_64 board's ACPI tables, checked with iasl.

For several machines (vCPUs, virtio-mmio slots), acpi_dump builds the tables
(src/arch/x86_64/acpi_x86.c), follows them from the RSDP (checksums, XSDT and
RSDT in agreement, FADT -> FACS and DSDT) and writes each one to a file;
`iasl -d` (Debian acpica-tools) must disassemble every table without an error
or warning, and the disassembly must say what the board is:
  DSDT  COM1 (PNP0501, IO 0x3F8/8, interrupt 4), one LNRO0005 device per slot
        with its 4 KiB window and IRQ, \\_S5 with SLP_TYP 5; compiled back by
        iasl it gives the same AML bytes (the AML writer's encodings);
  MADT  one enabled local APIC per vCPU (ids 0..N-1), the IOAPIC at
        0xFEC00000 with GSI base 0, overrides IRQ 0 -> GSI 0 and the SCI
        (IRQ 9, level, active high), LAPIC NMI on LINT1 for every CPU;
  FADT  SCI 9, PM1a event/control blocks and PM timer at ports 0x600/0x604/
        0x608, reset register SystemIO 0xCF9 value 6 (flag set), not
        hardware-reduced; the XSDT lists FACP and APIC.
A machine the board cannot have (9 virtio slots, 0 or 33 vCPUs) is refused
with one line. Exit 77 with SKIP[package] when iasl is missing.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

VIRTIO_BASE = 0xD0100000
VIRTIO_IRQS = [5, 6, 7, 10, 11, 12, 14, 15]
MACHINES = [(1, 0), (2, 3), (4, 8), (32, 8)]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def field(text, name):
    """Values of the disassembled data-table fields called name, in order."""
    return re.findall(r"^(?:\[[^]]*\])?\s+" + re.escape(name) + r" : (\S+)", text, re.M)


def iasl(args, cwd):
    run = subprocess.run(["iasl"] + args, cwd=cwd, capture_output=True, text=True)
    log = run.stdout + run.stderr
    problems = [line for line in log.splitlines() if re.search(r"\b(Error|Warning)\b", line)
                and not re.search(r"\b0 Errors, 0 Warnings\b", line)]
    return run.returncode, problems


def disassemble(tmp, name, tag):
    code, problems = iasl(["-d", name + ".dat"], tmp)
    check(code == 0 and not problems, f"{tag}: iasl -d {name}.dat: {code} {problems}")
    with open(os.path.join(tmp, name + ".dsl"), encoding="utf-8") as dsl:
        return re.sub(r"\s*//.*", "", dsl.read()) if name == "dsdt" else dsl.read()


def check_dsdt(tmp, dsdt, nvirtio, tag):
    uart = re.search(r'Device \(COM1\).*?EisaId \("PNP0501"\).*?IO \(Decode16,\s*0x03F8,\s*'
                     r'0x03F8,\s*0x01,\s*0x08,.*?Interrupt \(ResourceConsumer, Edge, '
                     r'ActiveHigh, Exclusive.*?0x00000004,', dsdt, re.S)
    check(uart, f"{tag}: DSDT: no PNP0501 at IO 0x3F8 on interrupt 4")
    devices = re.findall(r'Device \((VR\d\d)\).*?Name \(_HID, "LNRO0005"\).*?'
                         r'Memory32Fixed \(ReadWrite,\s*0x([0-9A-F]{8}),\s*0x00001000,.*?'
                         r'Interrupt \(ResourceConsumer, Edge, ActiveHigh, Exclusive.*?'
                         r'0x([0-9A-F]{8}),', dsdt, re.S)
    want = [(f"VR{i:02d}", f"{VIRTIO_BASE + 0x1000 * i:08X}", f"{VIRTIO_IRQS[i]:08X}")
            for i in range(nvirtio)]
    check(devices == want, f"{tag}: DSDT virtio devices {devices}, want {want}")
    check(dsdt.count("LNRO0005") == nvirtio, f"{tag}: DSDT: {nvirtio} LNRO0005 devices")
    check(re.search(r"Name \(_S5, Package \(0x04\).*?\{\s*0x05,\s*0x05,\s*Zero,\s*Zero", dsdt,
                    re.S), f"{tag}: DSDT: no _S5 package with SLP_TYP 5")
    # Compiled back, the disassembly gives the same AML (the header's compiler id aside).
    code, problems = iasl(["-p", "roundtrip", "dsdt.dsl"], tmp)
    check(code == 0 and not problems, f"{tag}: iasl dsdt.dsl: {code} {problems}")
    with open(os.path.join(tmp, "dsdt.dat"), "rb") as ours, \
            open(os.path.join(tmp, "roundtrip.aml"), "rb") as theirs:
        check(ours.read()[36:] == theirs.read()[36:], f"{tag}: DSDT AML differs from iasl's")


def check_madt(madt, ncpus, tag):
    types = field(madt, "Subtable Type")
    check(types.count("00") == ncpus, f"{tag}: MADT: {types.count('00')} local APICs")
    check(field(madt, "Local Apic ID") == [f"{i:02X}" for i in range(ncpus)],
          f"{tag}: MADT: APIC ids {field(madt, 'Local Apic ID')}")
    check(field(madt, "Processor Enabled") == ["1"] * ncpus, f"{tag}: MADT: a CPU disabled")
    check(field(madt, "Address") == ["FEC00000"], f"{tag}: MADT: IOAPIC address")
    check(field(madt, "Source") == ["00", "09"], f"{tag}: MADT: overrides of IRQ 0 and 9")
    check(field(madt, "Interrupt") == ["00000000", "00000000", "00000009"],
          f"{tag}: MADT: IOAPIC GSI base, IRQ 0 -> GSI 0, SCI -> GSI 9")
    check(field(madt, "Flags (decoded below)")[-3:] == ["0000", "000D", "0000"],
          f"{tag}: MADT: override and NMI flags")
    check(field(madt, "Interrupt Input LINT") == ["01"], f"{tag}: MADT: NMI on LINT1")
    check(field(madt, "Local Apic Address") == ["FEE00000"], f"{tag}: MADT: LAPIC address")


def check_fadt(fadt, xsdt, tag):
    want = {"SCI Interrupt": "0009", "PM1A Event Block Address": "00000600",
            "PM1A Control Block Address": "00000604", "PM Timer Block Address": "00000608",
            "PM1 Event Block Length": "04", "PM1 Control Block Length": "02",
            "PM Timer Block Length": "04", "Value to cause reset": "06",
            "Reset Register Supported (V2)": "1", "Hardware Reduced (V5)": "0",
            "32-bit PM Timer (V1)": "1", "SMI Command Port": "00000000"}
    for name, value in want.items():
        check(field(fadt, name)[:1] == [value], f"{tag}: FADT {name}: {field(fadt, name)}")
    reset = re.search(r"Reset Register : .*?Space ID : 01 \[SystemIO\].*?"
                      r"Address : 0000000000000CF9", fadt, re.S)
    check(reset, f"{tag}: FADT: reset register is not SystemIO 0xCF9")
    check(re.findall(r"ACPI Table Address\s+\d+ : (\S+)", xsdt) != [] and
          len(re.findall(r"ACPI Table Address", xsdt)) == 2, f"{tag}: XSDT: two entries")


def run_machine(dump, ncpus, nvirtio):
    tag = f"--smp {ncpus}, {nvirtio} virtio"
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run([dump, str(ncpus), str(nvirtio), tmp], capture_output=True,
                             text=True)
        if run.returncode != 0:
            check(False, f"{tag}: acpi_dump: {run.stderr.strip()}")
            return
        names = sorted(f[:-4] for f in os.listdir(tmp) if f.endswith(".dat"))
        check(names == ["apic", "dsdt", "facp", "facs", "rsdp", "rsdt", "xsdt"],
              f"{tag}: tables {names}")
        # iasl cannot read an RSDP alone (no table header); acpi_dump checked it.
        text = {n: disassemble(tmp, n, tag) for n in names if n != "rsdp"}
        check_dsdt(tmp, text["dsdt"], nvirtio, tag)
        check_madt(text["apic"], ncpus, tag)
        check_fadt(text["facp"], text["xsdt"], tag)


def main():
    if len(sys.argv) != 2:
        print("usage: acpi-iasl.py ACPI_DUMP", file=sys.stderr)
        return 2
    if not shutil.which("iasl"):
        print("SKIP[package]: iasl not found (Debian acpica-tools)")
        return 77
    for ncpus, nvirtio in MACHINES:
        run_machine(sys.argv[1], ncpus, nvirtio)
    for ncpus, nvirtio in [(1, 9), (0, 1), (33, 0)]:
        with tempfile.TemporaryDirectory() as tmp:
            run = subprocess.run([sys.argv[1], str(ncpus), str(nvirtio), tmp],
                                 capture_output=True, text=True)
            check(run.returncode == 1 and len(run.stderr.strip().splitlines()) == 1,
                  f"{ncpus} vCPUs, {nvirtio} virtio: not refused with one line: {run.stderr}")
    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(MACHINES)} machines checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
