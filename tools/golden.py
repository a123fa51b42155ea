#!/usr/bin/python3
"""Checksums of the numbers in every shipped scenario, sweep and multipliers file.

    /usr/bin/python3 tools/golden.py --devolve build/bin/devolve [--check | --update]

Runs the real executable on every file in scenarios/ (scenarios with `devolve run`, sweeps with
`devolve sweep --threads 1`), on the test scenarios and sweeps in tests/data, and `devolve
multipliers` on the toy model and on uk-itl1-2022 and uk-itl2-2022. For every numeric dataset in
each output file it records the SHA-256 of its values (little-endian, C order, with its dtype and
shape), so a refactoring can prove it changed no number. Timestamps, versions and other attributes
are not part of the checksum. Label datasets (strings) are included, with the checkout's own
folder written as <repo> so that the checksums do not depend on where the repository is.

--check compares with tests/golden/checksums.json and exits 1 on any difference, naming the file
and dataset; --update rewrites that file. Regenerate it only on purpose: a change of economics,
stated in the commit that changes it.

The last bits of floating-point results depend on the machine: the build compiles for its own
instruction set (DEVOLVE_NATIVE, -march=native), OpenBLAS picks its kernels at run time and splits
work by the core count, so a machine with other vector units (AVX-512 against AVX2) sums in other
orders. tests/golden/fingerprints.json therefore records the machine that wrote the checksums (CPU
model, vector extensions, cores) and, for each float dataset, a fingerprint: the count of values
and of NaNs and, for each of up to 64 consecutive blocks of values, their sum, the sum of their
absolute values and a weighted sum with fixed weights in [0.5, 1.5). On that machine every
checksum must match (a refactoring proves it changed no bit). On another, a dataset whose checksum
differs passes where its fingerprint agrees, every block's sums to FINGERPRINT_TOLERANCE of the
block's sum of absolute values (or of the dataset's mean over a block, if larger) and the counts
exactly ("same to rounding"): a change of economics moves them by far more.
"""
import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STORE = os.path.join(REPO, "tests", "golden", "checksums.json")
FINGERPRINTS = os.path.join(REPO, "tests", "golden", "fingerprints.json")
# Relative to a block's sum of absolute values: the solvers stop at residuals of 1e-13 (GMRES) and
# 1e-8 relative (RAS, docs/methodology.md), and a last-bit perturbation changes their step counts
# only by a rare coincidence, so two machines' results agree far closer than this.
FINGERPRINT_TOLERANCE = 1e-9
BLOCKS = 64


def machine():
    """What the last bits depend on, beside the code: CPU model, vector extensions, cores."""
    model, flags = "", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and not model:
                    model = value.strip()
                elif key.strip() == "flags" and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    isa = sorted(flags & {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_fp16"})
    return {"cpu": model, "isa": isa, "cores": os.cpu_count()}


def fingerprint(data):
    """[values, NaNs, [[sum, sum of |x|, weighted sum] for each block]] of a float array (NaNs as 0)."""
    x = np.asarray(data, dtype=np.float64).ravel()
    nan = np.isnan(x)
    v = np.where(nan, 0.0, x)
    i = np.arange(v.size, dtype=np.uint64)
    w = 0.5 + ((i * np.uint64(2654435761)) % np.uint64(1000003)).astype(np.float64) / 1000003.0
    size = max(1, -(-v.size // BLOCKS))
    blocks = [[float(b.sum()), float(np.abs(b).sum()), float((c * b).sum())]
              for b, c in ((v[k:k + size], w[k:k + size]) for k in range(0, v.size, size))]
    return [int(v.size), int(nan.sum()), blocks]


def fingerprints_agree(a, b):
    if a is None or b is None or a[:2] != b[:2] or len(a[2]) != len(b[2]):
        return False
    n = max(a[0], 1)
    total = max(sum(blk[1] for blk in a[2]), sum(blk[1] for blk in b[2]))
    size = max(1, -(-n // BLOCKS))
    for p, q in zip(a[2], b[2]):
        scale = max(p[1], q[1], total * size / n)
        if any(abs(x - y) > FINGERPRINT_TOLERANCE * scale for x, y in zip(p, q)):
            return False
    return True


def dataset_digest(ds):
    data = ds[...]
    if data.dtype.kind in "SOU":
        flat = [v.decode() if isinstance(v, bytes) else str(v) for v in np.asarray(data).ravel()]
        # Paths recorded in metadata (the build configuration's file) depend on where the checkout is.
        flat = [v.replace(REPO, "<repo>") for v in flat]
        h = hashlib.sha256("\x1f".join(flat).encode())
        return f"str{list(data.shape)}:{h.hexdigest()}"
    arr = np.ascontiguousarray(data)
    arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
    h = hashlib.sha256(arr.tobytes())
    return f"{arr.dtype.str}{list(arr.shape)}:{h.hexdigest()}"


def file_digests(path):
    """{dataset: checksum}, {float dataset: fingerprint}"""
    out, prints = {}, {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = dataset_digest(obj)
                if obj.dtype.kind == "f":
                    prints[name] = fingerprint(obj[...])
        f.visititems(visit)
    return out, prints


def jobs():
    """(name, argv builder) for every shipped and test input."""
    todo = []
    for path in sorted(glob.glob(os.path.join(REPO, "scenarios", "*.yaml"))):
        base = os.path.basename(path)
        if base == "profiles.yaml":
            continue
        kind = "sweep" if base.startswith("sweep-") else "run"
        todo.append((f"scenarios/{base}", kind, path))
    for path in sorted(glob.glob(os.path.join(REPO, "tests", "data", "scenarios", "*.yaml"))):
        todo.append((os.path.relpath(path, REPO), "run", path))
    for path in sorted(glob.glob(os.path.join(REPO, "tests", "data", "sweeps", "*.yaml"))):
        todo.append((os.path.relpath(path, REPO), "sweep", path))
    todo.append(("multipliers toy-2x2", "multipliers", os.path.join(REPO, "tests", "data", "models", "toy-2x2")))
    todo.append(("multipliers uk-itl1-2022", "multipliers", "uk-itl1-2022"))
    todo.append(("multipliers uk-itl2-2022", "multipliers", "uk-itl2-2022"))
    return todo


def run_one(devolve, kind, target, out):
    if kind == "run":
        argv = [devolve, "run", target, "-o", out]
    elif kind == "sweep":
        argv = [devolve, "sweep", target, "-o", out, "--threads", "1"]
    else:
        argv = [devolve, "multipliers", "--model", target, "-o", out]
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{proc.stderr}")


def compute(devolve):
    result, prints = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, kind, target) in enumerate(jobs()):
            out = os.path.join(tmp, f"out{i}.h5")
            run_one(devolve, kind, target, out)
            result[name], prints[name] = file_digests(out)
            print(f"  {name}: {len(result[name])} datasets", file=sys.stderr)
    return result, prints


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(value, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devolve", default=os.path.join(REPO, "build", "bin", "devolve"))
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--update", action="store_true")
    args = ap.parse_args()
    now, now_prints = compute(os.path.abspath(args.devolve))
    if args.update:
        write_json(STORE, now)
        with open(FINGERPRINTS, "w") as f:  # a line a dataset
            f.write('{"machine": ' + json.dumps(machine()) + ',\n "datasets": {\n')
            files = sorted(now_prints)
            for i, name in enumerate(files):
                f.write(f"  {json.dumps(name)}: {{\n")
                sets = sorted(now_prints[name])
                for j, ds in enumerate(sets):
                    value = json.dumps(now_prints[name][ds], separators=(",", ":"))
                    f.write(f"   {json.dumps(ds)}: {value}{',' if j + 1 < len(sets) else ''}\n")
                f.write("  }" + ("," if i + 1 < len(files) else "") + "\n")
            f.write(" }\n}\n")
        print(f"wrote {os.path.relpath(STORE, REPO)} and {os.path.relpath(FINGERPRINTS, REPO)}: "
              f"{sum(len(v) for v in now.values())} datasets")
        return 0
    with open(STORE) as f:
        stored = json.load(f)
    with open(FINGERPRINTS) as f:
        stored_file = json.load(f)
    stored_prints, same_machine = stored_file["datasets"], stored_file["machine"] == machine()
    problems, rounding = [], []
    for name in sorted(set(stored) | set(now)):
        a, b = stored.get(name), now.get(name)
        if a is None or b is None:
            problems.append(f"{name}: {'new' if a is None else 'no longer produced'}")
            continue
        for ds in sorted(set(a) | set(b)):
            if a.get(ds) == b.get(ds):
                continue
            if not same_machine and fingerprints_agree(stored_prints.get(name, {}).get(ds),
                                                       now_prints.get(name, {}).get(ds)):
                rounding.append(f"{name}: {ds}")
            else:
                problems.append(f"{name}: {ds}: stored {a.get(ds)} now {b.get(ds)}; fingerprint stored "
                                f"{stored_prints.get(name, {}).get(ds)} now {now_prints.get(name, {}).get(ds)}")
    for p in problems:
        print(p)
    if same_machine and problems:
        print("(the machine that wrote the checksums: every bit must match)")
    n = sum(len(v) for v in stored.values())
    if rounding:
        print(f"{len(rounding)} float datasets differ in their last bits but agree to {FINGERPRINT_TOLERANCE:g} "
              f"relative (fingerprints): this machine is not the one that wrote the checksums "
              f"({stored_file['machine']}); the first: " + rounding[0])
    print(f"{n - len(problems) - len(rounding)} bit-identical, {len(rounding)} same to rounding, "
          f"{len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
