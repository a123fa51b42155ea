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
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = dataset_digest(obj)
        f.visititems(visit)
    return out


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
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, kind, target) in enumerate(jobs()):
            out = os.path.join(tmp, f"out{i}.h5")
            run_one(devolve, kind, target, out)
            result[name] = file_digests(out)
            print(f"  {name}: {len(result[name])} datasets", file=sys.stderr)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devolve", default=os.path.join(REPO, "build", "bin", "devolve"))
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--update", action="store_true")
    args = ap.parse_args()
    now = compute(os.path.abspath(args.devolve))
    if args.update:
        os.makedirs(os.path.dirname(STORE), exist_ok=True)
        with open(STORE, "w") as f:
            json.dump(now, f, indent=1, sort_keys=True)
            f.write("\n")
        print(f"wrote {os.path.relpath(STORE, REPO)}: {sum(len(v) for v in now.values())} datasets")
        return 0
    with open(STORE) as f:
        stored = json.load(f)
    problems = []
    for name in sorted(set(stored) | set(now)):
        a, b = stored.get(name), now.get(name)
        if a is None or b is None:
            problems.append(f"{name}: {'new' if a is None else 'no longer produced'}")
            continue
        for ds in sorted(set(a) | set(b)):
            if a.get(ds) != b.get(ds):
                problems.append(f"{name}: {ds}: stored {a.get(ds)} now {b.get(ds)}")
    for p in problems:
        print(p)
    n = sum(len(v) for v in stored.values())
    print(f"{n - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
