#!/usr/bin/python3
"""The dense LU and the structured solver agree (docs/methodology.md, "The structured solver"),
through the real executable on a shipped model.

    solver_agreement.py DEVOLVE REPO LEVEL SCENARIO[,SCENARIO...]

For uk-LEVEL-2022: `devolve multipliers --solver dense` and `--solver structured` (Type I and II,
every measure, by destination region; on the structured path Type II is the bordered system with
the household closure in factored form, and its multipliers come from the Type I rows), and `devolve run SCENARIO` with each solver (a full
scenario: both closures, every shock type it has, appraisal). Every numeric dataset of the two
files must agree to 1e-10 relative, max |structured - dense| / max |dense| per dataset, and each
file's `solver` attribute must name the solver used. Structured results are not bit-identical to
the dense ones: the iteration stops at a relative residual of 1e-13.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

devolve, repo, level = sys.argv[1:4]
scenarios = sys.argv[4].split(",")  # one or more, comma-separated
model = f"uk-{level}-2022"
failures = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + (f": {detail}" if detail and not cond else ""))
    if not cond:
        failures.append(name)


def numeric(path):
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and obj.dtype.kind == "f":
                out[name] = obj[()]
        f.visititems(visit)
        return out, str(f.attrs.get("solver", ""))


def compare(what, dense_path, structured_path):
    d, d_solver = numeric(dense_path)
    s, s_solver = numeric(structured_path)
    check(f"{what}: dense file says dense LU", d_solver.startswith("dense LU"), d_solver)
    check(f"{what}: structured file says structured", s_solver.startswith("structured"), s_solver)
    check(f"{what}: same datasets", sorted(d) == sorted(s))
    worst, where = 0.0, ""
    for name in d:
        a, b = np.asarray(s.get(name)), np.asarray(d[name])
        if a.shape != b.shape:
            check(f"{what}: {name} shape", False, f"{a.shape} vs {b.shape}")
            continue
        fin = np.isfinite(b)
        if not np.array_equal(fin, np.isfinite(a)):
            check(f"{what}: {name} NaN pattern", False)
            continue
        scale = np.max(np.abs(b[fin])) if fin.any() else 0.0
        if scale == 0:
            continue
        rel = float(np.max(np.abs(a[fin] - b[fin])) / scale)
        if rel > worst:
            worst, where = rel, name
    print(f"     {what}: largest relative difference {worst:.3g} ({where}), {len(d)} datasets")
    check(f"{what}: every dataset within 1e-10 relative", worst <= 1e-10, f"{worst:.3g} in {where}")


with tempfile.TemporaryDirectory() as tmp:
    def run(args):
        r = subprocess.run([devolve] + args, capture_output=True, text=True, timeout=900)
        check(" ".join(args[:1] + args[-2:]) + " exits 0", r.returncode == 0, r.stderr[-2000:])
        return r

    paths = {}
    for solver in ("dense", "structured"):
        paths[("m", solver)] = os.path.join(tmp, f"mult-{solver}.h5")
        run(["multipliers", "--model", model, "-o", paths[("m", solver)], "--top", "1", "--solver", solver])
        for k, scenario in enumerate(scenarios):
            paths[("r", k, solver)] = os.path.join(tmp, f"run{k}-{solver}.h5")
            run(["run", os.path.join(repo, scenario), "-o", paths[("r", k, solver)], "--quiet", "--solver", solver])
    if not failures:
        _, s_solver = numeric(paths[("m", "structured")])
        check(f"{model} multipliers: structured Type II is the bordered system", "bordered Type II system" in s_solver, s_solver)
        compare(f"{model} multipliers", paths[("m", "dense")], paths[("m", "structured")])
        for k, scenario in enumerate(scenarios):
            compare(f"{model} {os.path.basename(scenario)}", paths[("r", k, "dense")], paths[("r", k, "structured")])
    bad = subprocess.run([devolve, "run", os.path.join(repo, scenarios[0]), "-o", os.path.join(tmp, "x.h5"), "--solver", "lu"],
                         capture_output=True, text=True)
    check("--solver lu is a usage error (exit 2) naming the choices",
          bad.returncode == 2 and "automatic, dense or structured" in bad.stderr, bad.stderr)

sys.exit(1 if failures else 0)
