#!/usr/bin/python3
"""Fault tests through the real devolve executable (docs/errors.md, "Hostile input").

Usage: faults.py DEVOLVE DATA_DIR

- SIGKILL, SIGINT and SIGTERM of `run` at random points: the output is complete or absent, a
  signal that can be caught leaves no temporary, and the next run removes what a SIGKILL left;
- SIGKILL, SIGINT and SIGTERM of `sweep` at random points: no partial output, and finishing
  (with --resume where a journal was kept) gives exactly the numbers of an uninterrupted sweep;
- two `run` processes writing one -o without --overwrite: exactly one wins, the other exits 2;
- a full disk (a 2 MiB tmpfs, filled) for run, multipliers, model convert to HDF5 and to CSV,
  and sweep: exit 3, no crash, nothing left but a sweep's journal, which resumes once there is
  space (needs root to mount; otherwise skipped visibly, exit 77);
- damaged HDF5 inputs: random bit flips and flips in the global heap of a model, a results and a
  sweep file, each read by report / model info: exit 0 or 3, never a crash or a hang;
- a damaged sweep journal (truncated, a bit flipped in a record, in the header): resume either
  refuses with an error naming the journal or finishes with exactly the uninterrupted numbers.
"""
import glob
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

devolve, data = sys.argv[1], os.path.abspath(sys.argv[2])
TOY = os.path.join(data, "models", "toy-2x2")
SPEND = os.path.join(data, "scenarios", "toy-spend.yaml")
rng = random.Random(20261130)
results, skipped = [], []


def check(what, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + what + ("" if ok or not detail else f"\n  {detail}"))


def dv(*args, timeout=120, cwd=None):
    return subprocess.run([devolve, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def temporaries(folder):
    return [f for f in os.listdir(folder) if ".tmp-" in f]


def h5_ok(path):
    try:
        with h5py.File(path, "r") as f:
            return f.attrs.get("file_type") is not None
    except OSError:
        return False


def sweep_file(tmp, name, shipped, samples=None):
    """A shipped toy sweep, pointed at the toy scenario by absolute path (and with more samples)."""
    text = open(os.path.join(data, "sweeps", shipped)).read().replace("../scenarios/toy-spend.yaml", SPEND)
    if samples:
        text = text.replace("samples: 24", f"samples: {samples}")
    path = os.path.join(tmp, name)
    with open(path, "w") as fh:
        fh.write(text)
    return path


def interrupt(argv, out, folder, took, sig, gen, bad):
    """Runs devolve with argv, sends sig after a random time up to `took`, and records in `bad` a
    partial output or, for a signal that can be caught, a temporary left in folder."""
    p = subprocess.Popen([devolve, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(gen.uniform(0, took))
    p.send_signal(sig)
    p.wait()
    if os.path.exists(out) and not h5_ok(out):
        bad.append(f"{sig.name}: a partial output")
    if sig != signal.SIGKILL and temporaries(folder):
        bad.append(f"{sig.name}: left {temporaries(folder)}")


def kills(tmp):
    out = os.path.join(tmp, "out.h5")
    t0 = time.time()
    dv("run", SPEND, "-o", out)
    took = time.time() - t0
    os.remove(out)
    bad = []
    for i in range(12):
        sig = [signal.SIGKILL, signal.SIGINT, signal.SIGTERM][i % 3]
        interrupt(["run", SPEND, "-o", out], out, tmp, took, sig, rng, bad)
        r = dv("run", SPEND, "-o", out, "--overwrite")
        if r.returncode != 0 or temporaries(tmp) or not h5_ok(out):
            bad.append(f"after {sig.name}, the next run: exit {r.returncode}, left {temporaries(tmp)}")
        os.remove(out)
    check("SIGKILL/SIGINT/SIGTERM of run at random points: no partial output; no temporary after the next run",
          not bad, "; ".join(bad))


def sweep_kills(tmp):
    """SIGKILL/SIGINT/SIGTERM of a sweep at random points; --resume then gives exactly the numbers
    of an uninterrupted sweep (docs/sweeps.md, "Interrupted sweeps"), with no partial output."""
    sw = sweep_file(tmp, "k.yaml", "toy-coefficients.yaml", samples=400)
    full = os.path.join(tmp, "full.h5")
    t0 = time.time()
    r = dv("sweep", sw, "-o", full, "-q", "--threads", "2", timeout=600)
    took = time.time() - t0
    if r.returncode != 0:
        check("sweep kills: the uninterrupted sweep runs", False, r.stderr)
        return
    want = numbers(full)
    out = os.path.join(tmp, "out.h5")
    bad = []
    krng = random.Random(20261201)  # its own, so the bit flips below stay where they were
    for i in range(6):
        sig = [signal.SIGKILL, signal.SIGINT, signal.SIGTERM][i % 3]
        interrupt(["sweep", sw, "-o", out, "-q", "--threads", "2"], out, tmp, took, sig, krng, bad)
        if not os.path.exists(out):
            resume = ["--resume"] if os.path.exists(out + ".partial") else []
            r = dv("sweep", sw, "-o", out, "-q", "--threads", "2", *resume, timeout=600)
            if r.returncode != 0:
                bad.append(f"after {sig.name}, finishing: exit {r.returncode}: {r.stderr.strip()[-200:]}")
        got = numbers(out) if os.path.exists(out) else {}
        if want.keys() != got.keys() or not all(np.array_equal(got[k], v) for k, v in want.items()):
            bad.append(f"after {sig.name}: numbers differ from the uninterrupted sweep")
        if temporaries(tmp) or os.path.exists(out + ".partial"):
            bad.append(f"after {sig.name}: left {temporaries(tmp)} {os.listdir(tmp)}")
        if os.path.exists(out):
            os.remove(out)
    check("SIGKILL/SIGINT/SIGTERM of sweep at random points: resume equals an uninterrupted sweep, nothing left",
          not bad, "; ".join(bad))


def two_writers(tmp):
    bad = []
    for i in range(6):
        out = os.path.join(tmp, f"race{i}.h5")
        ps = [subprocess.Popen([devolve, "run", SPEND, "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True) for _ in range(2)]
        codes = sorted(p.wait() for p in ps)
        if codes != [0, 2] or not h5_ok(out) or temporaries(tmp):
            bad.append(f"round {i}: exit codes {codes}, left {temporaries(tmp)}")
    check("two run processes to one -o: exactly one wins, the other exits 2", not bad, "; ".join(bad))


def full_disk(tmp):
    if os.geteuid() != 0:
        skipped.append("full disk (needs root to mount a tmpfs)")
        return
    mnt = os.path.join(tmp, "small")
    os.mkdir(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt], capture_output=True).returncode != 0:
        skipped.append("full disk (mounting a tmpfs was refused)")
        return
    try:
        h5model = os.path.join(tmp, "toy.h5")
        dv("model", "convert", TOY, h5model)
        for what, args in (("run", ["run", SPEND, "-o", "{d}/out.h5"]),
                           ("multipliers", ["multipliers", "-m", TOY, "-o", "{d}/mult.h5"]),
                           ("model convert to HDF5", ["model", "convert", TOY, "{d}/m.h5"]),
                           ("model convert to CSV", ["model", "convert", h5model, "{d}/m-csv"]),
                           ("sweep", ["sweep", sweep_file(tmp, "d.yaml", "toy-linear.yaml"), "-o", "{d}/sw.h5", "-q"])):
            for leave in (0, 1024, 8192):
                filler = os.path.join(mnt, "filler")
                with open(filler, "wb") as fh:  # fill the disk, then free `leave` bytes
                    try:
                        while True:
                            fh.write(b"\0" * 65536)
                    except OSError:
                        pass
                    fh.flush()
                    os.ftruncate(fh.fileno(), max(os.fstat(fh.fileno()).st_size - leave, 0))
                r = dv(*[a.replace("{d}", mnt) for a in args])
                # a sweep keeps the journal of its finished runs (OUT.h5.partial) to be resumed
                left = sorted(set(os.listdir(mnt)) - {"filler", "sw.h5.partial"})
                ok = r.returncode == 3 and not left and "internal error" not in r.stderr
                check(f"full disk ({leave} bytes free), {what}: exit 3, nothing left", ok,
                      f"exit {r.returncode}, left {left}: {r.stderr.strip()[-300:]}")
                if what == "sweep" and os.path.exists(os.path.join(mnt, "sw.h5.partial")):
                    os.remove(filler)  # space again: the kept journal resumes to a complete sweep
                    r = dv(*[a.replace("{d}", mnt) for a in args], "--resume")
                    check(f"full disk ({leave} bytes free), sweep: the kept journal resumes once there is space",
                          r.returncode == 0 and h5_ok(os.path.join(mnt, "sw.h5")), r.stderr.strip()[-300:])
                for f in os.listdir(mnt):  # a clean disk for the next case
                    shutil.rmtree(os.path.join(mnt, f)) if os.path.isdir(os.path.join(mnt, f)) else os.remove(os.path.join(mnt, f))
    finally:
        subprocess.run(["umount", mnt])


def flips(tmp):
    model = os.path.join(tmp, "toy.h5")
    res = os.path.join(tmp, "res.h5")
    sw = os.path.join(tmp, "sweep.h5")
    dv("model", "convert", TOY, model)
    dv("run", SPEND, "-o", res)
    dv("sweep", sweep_file(tmp, "sw.yaml", "toy-linear.yaml"), "-o", sw, "-q")
    for path, cmd in ((model, ["model", "info"]), (res, ["report"]), (sw, ["report"]), (model, ["report"])):
        orig = open(path, "rb").read()
        heaps = [i for i in range(len(orig)) if orig.startswith(b"GCOL", i)]
        bad = []
        for k in range(40):
            b = bytearray(orig)
            if k % 2 and heaps:  # inside a global heap collection
                at = rng.choice(heaps) + rng.randrange(4096)
            else:
                at = rng.randrange(len(b))
            at = min(at, len(b) - 1)
            b[at] ^= 1 << rng.randrange(8)
            damaged = os.path.join(tmp, "damaged" + os.path.splitext(path)[1])
            open(damaged, "wb").write(bytes(b))
            try:
                r = dv(*cmd, damaged, timeout=30)
                if r.returncode not in (0, 3) or "internal error" in r.stderr:
                    bad.append(f"byte {at}: exit {r.returncode}: {r.stderr.strip()[-200:]}")
            except subprocess.TimeoutExpired:
                bad.append(f"byte {at}: hangs")
        check(f"40 bit flips in {os.path.basename(path)}, `{' '.join(cmd)}`: exit 0 or 3, no crash or hang",
              not bad, "; ".join(bad[:5]))


def numbers(path):
    """Every floating-point dataset of a file, by path."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda k, v: out.__setitem__(k, np.array(v)) if isinstance(v, h5py.Dataset) and v.dtype.kind == "f" else None)
    return out


def journal(tmp):
    sw = sweep_file(tmp, "j.yaml", "toy-coefficients.yaml", samples=2000)
    full = os.path.join(tmp, "full.h5")
    r = dv("sweep", sw, "-o", full, "-q", "--threads", "2", timeout=600)
    if r.returncode != 0:
        check("journal: the uninterrupted sweep runs", False, r.stderr)
        return
    part = os.path.join(tmp, "part.h5")
    jpath = part + ".partial"
    p = subprocess.Popen([devolve, "sweep", sw, "-o", part, "--threads", "1", "-q"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Polled, with a deadline for a loaded machine (sanitizer build, many tests at once): 4000 bytes
    # are about 60 of the 2000 runs (64 bytes a record).
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and p.poll() is None and (not os.path.exists(jpath) or os.path.getsize(jpath) < 4000):
        time.sleep(0.005)
    ended = p.poll() is not None
    p.send_signal(signal.SIGKILL)
    p.wait()
    if not os.path.exists(jpath):
        check("journal: a sweep killed part-way keeps a journal", False,
              f"the sweep ended first (exit {p.returncode})" if ended else "no journal after 600 s")
        return
    orig = open(jpath, "rb").read()
    want = numbers(full)
    for what, damage in (("truncated mid-record", lambda b: b[: len(b) - 7]),
                         ("a bit flipped in the last record", lambda b: b[:-20] + bytes([b[-20] ^ 4]) + b[-19:]),
                         ("a bit flipped in the first record", lambda b: b[:60] + bytes([b[60] ^ 1]) + b[61:]),
                         ("a bit flipped in the header", lambda b: b[:20] + bytes([b[20] ^ 1]) + b[21:]),
                         ("cut to 10 bytes", lambda b: b[:10])):
        if os.path.exists(part):
            os.remove(part)
        open(jpath, "wb").write(damage(orig))
        r = dv("sweep", sw, "-o", part, "--resume", "-q", "--threads", "2", timeout=600)
        if r.returncode == 0:
            got = numbers(part)
            same = want.keys() == got.keys() and all(np.array_equal(got[k], v) for k, v in want.items())
            check(f"journal {what}: resume gives exactly the uninterrupted numbers", same)
        else:
            check(f"journal {what}: resume refuses with an error naming the journal",
                  r.returncode == 3 and jpath in r.stderr and "internal error" not in r.stderr, r.stderr)
        if os.path.exists(jpath):
            os.remove(jpath)


with tempfile.TemporaryDirectory(prefix="devolve-fault-") as tmp:
    for part in (kills, sweep_kills, two_writers, full_disk, flips, journal):
        sub = os.path.join(tmp, part.__name__)
        os.mkdir(sub)
        part(sub)
for s in skipped:
    print(f"SKIPPED {s}")
print(f"{sum(results)} passed, {len(results) - sum(results)} failed, {len(skipped)} skipped")
if not all(results):
    sys.exit(1)
sys.exit(77 if skipped else 0)
