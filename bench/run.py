#!/usr/bin/python3
"""devolve's benchmark harness: devolve's solver beside a numpy reference, in one run.

    /usr/bin/python3 bench/run.py [--build build] [--sizes 1260,4305,9800] [--seed 1]

For each size n, `devolve_bench` generates a seeded synthetic MRIO (about 17% dense, column sums of
A between 0.3 and 0.9), times devolve's factorisation of (I - A) plus Type I multipliers for four
indicators, measures the DGEMM rate, and writes A and the indicator rows to a scratch file. The
numpy reference then does what common Python MRIO tools do on the same matrices
(L = numpy.linalg.inv(I - A), then the four indicator rows times L), with Debian's python3-numpy,
once with the BLAS kernels this environment selects and once with OPENBLAS_CORETYPE=SkylakeX (on a
CPU with AVX-512 only: elsewhere those kernels stop numpy with SIGILL, and the environment's are used).
Prints a table with times, ratios, the LU's share of the DGEMM rate, and peak memory.

    /usr/bin/python3 bench/run.py --multipliers [--model uk-itl2-2022] [--baseline DIR] [--repeat 5]

`devolve multipliers --model ID` (six measures on uk-itl2-2022: output, gva, income, jobs, fte, ghg;
Type I and Type II, each by destination region), from process start to file written, the model
cache warm, beside numpy doing what pymrio's calc_all does for multipliers on the same model read
from its HDF5 file: A = Z diag(x)^-1, L = numpy.linalg.inv(I - A), M = S L for the six coefficient
rows S (and, as a second reference with devolve's outputs, also the Type II inverse of the
household-closed system and both by destination). The numpy times start after `import numpy`
(interpreter start-up not counted) and include reading the model. With --baseline, a baseline
build's devolve is timed in the same run, alternating. Wall and CPU time, medians of --repeat.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

NUMPY_REF = r"""
import json, sys, time, resource
import numpy as np
path, n = sys.argv[1], int(sys.argv[2])
raw = np.fromfile(path, dtype=np.float64)
A = raw[: n * n].reshape(n, n)
C = raw[n * n :].reshape(4, n)
t0 = time.perf_counter()
L = np.linalg.inv(np.eye(n) - A)
M = C @ L
t = time.perf_counter() - t0
m = min(n, 4000)
x = np.full((m, m), 0.5); y = np.full((m, m), 0.25)
best = 1e30
for _ in range(3):
    t1 = time.perf_counter(); x @ y; best = min(best, time.perf_counter() - t1)
print(json.dumps({"numpy_s": t, "numpy_dgemm_gflops": 2 * m**3 / best / 1e9,
                  "numpy_row0_sum": float(M[0].sum()),
                  "numpy_peak_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}))
"""


NUMPY_MULTIPLIERS = r"""
import json, os, sys, time
t_start = time.perf_counter(); c_start = os.times()
import h5py, numpy as np
t0 = time.perf_counter(); c0 = os.times()
with h5py.File(sys.argv[1]) as f:
    z = f["z"][...]; x = f["output"][...].reshape(-1)
    prim = f["primary_inputs"][...]; roles = [r.decode() if isinstance(r, bytes) else r for r in f["input_role"][...]]
    ind = f["indicator_totals"][...]; fd = f["final_demand"][...]
    cats = [c.decode() if isinstance(c, bytes) else c for c in f["category_role"][...]]
R, S = z.shape[0], z.shape[1]; n = R * S
per = lambda t: np.divide(t.reshape(n), x, out=np.zeros(n), where=x > 0)
coe = prim[roles.index("compensation")].reshape(n)
va = sum(prim[k].reshape(n) for k, r in enumerate(roles) if r in ("compensation", "surplus", "production_taxes", "other_value_added"))
C = np.vstack([np.ones(n), per(va), per(coe)] + [per(ind[i]) for i in range(ind.shape[0])])
A = np.divide(z.reshape(n, n), x, out=np.zeros((n, n)), where=x > 0)
L = np.linalg.inv(np.eye(n) - A)                      # pymrio calc_L
M = C @ L                                             # pymrio calc_M: multipliers of every measure
t1 = time.perf_counter(); c1 = os.times()
# The same outputs as devolve: Type II on the household-closed system, both by destination region.
hr = np.zeros((R, n)); hc = np.zeros((n, R)); Y = fd.reshape(n, R, -1)
for r in range(R):
    hr[r, r * S:(r + 1) * S] = per(coe)[r * S:(r + 1) * S]
    hc[:, r] = Y[:, r, cats.index("households")] / coe[r * S:(r + 1) * S].sum()
L2 = np.linalg.inv(np.eye(n + R) - np.block([[A, hc], [hr, np.zeros((R, R))]]))
B = np.zeros((C.shape[0] * R, n))
for m in range(C.shape[0]):
    for r in range(R):
        B[m * R + r, r * S:(r + 1) * S] = C[m, r * S:(r + 1) * S]
by_i = B @ L; by_ii = B @ L2[:n, :n]
t2 = time.perf_counter(); c2 = os.times()
cpu = lambda a, b: b.user - a.user + b.system - a.system
print(json.dumps({"pymrio_s": t1 - t0, "pymrio_cpu_s": cpu(c0, c1), "same_outputs_s": t2 - t0,
                  "same_outputs_cpu_s": cpu(c0, c2), "import_s": t0 - t_start, "M": M.tolist()}))
"""


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def timed(cmd, env):
    """Wall and CPU (user + system of the child) time of cmd [s]."""
    before = os.times()
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    t = time.perf_counter() - t0
    after = os.times()
    if r.returncode != 0:
        sys.exit(f"bench: failed: {' '.join(cmd)}\n{r.stderr}")
    return t, after.children_user - before.children_user + after.children_system - before.children_system


def multipliers_bench(args):
    """devolve multipliers (new build, and a baseline build) beside numpy's inv(I - A) then products."""
    import h5py
    import numpy as np
    exe = os.path.join(args.build, "bin", "devolve")
    builds = [("new", exe)] + ([("baseline", os.path.join(args.baseline, "bin", "devolve"))] if args.baseline else [])
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR", "/tmp")) as tmp:
        # One model cache per build: builds whose cache keys differ (a new cache layout) would
        # otherwise evict each other's entry (one entry per model id) and rebuild it every run.
        envs = {label: dict(os.environ, DEVOLVE_CACHE_DIR=os.path.join(tmp, "cache-" + label)) for label, _ in builds}
        env = envs["new"]
        model = os.path.join(tmp, "model.h5")
        timed([exe, "model", "build", args.model, "-o", model], env)  # builds the cache entry too
        out = os.path.join(tmp, "m.h5")
        cmds = {label: [e, "multipliers", "--model", args.model, "-o", out, "--overwrite"] for label, e in builds}
        for label, _ in builds:  # build each cache entry (the baseline's), then warm the page cache
            timed(cmds[label], envs[label])
            timed(cmds[label], envs[label])
        wall = {label: [] for label, _ in builds}
        cpu = {label: [] for label, _ in builds}
        ref = []
        loads = []
        for _ in range(args.repeat):
            for label, _ in builds:
                w, c = timed(cmds[label], envs[label])
                wall[label].append(w)
                cpu[label].append(c)
            r = subprocess.run(["/usr/bin/python3", "-c", NUMPY_MULTIPLIERS, model], capture_output=True, text=True,
                               check=True)
            ref.append(json.loads(r.stdout))
            loads.append(os.getloadavg()[0])
        timed(cmds["new"], env)
        with h5py.File(out) as f:
            mine = f["multipliers/type_i"][...].reshape(len(ref[0]["M"]), -1)
        theirs = np.array(ref[0]["M"])
        ok = np.isfinite(mine)
        agree = np.max(np.abs(mine[ok] - theirs[ok]) / np.maximum(np.abs(theirs[ok]), 1e-300))
    print(f"model {args.model}; devolve's Type I multipliers agree with numpy's to {agree:.1e} (largest relative "
          f"difference); load average (1 min) {min(loads):.1f} to {max(loads):.1f}; medians of {args.repeat}")
    print()
    print("| job | wall [s] | CPU [s] | numpy pymrio-style, wall / this | numpy same outputs, wall / this |")
    print("|---|---:|---:|---:|---:|")
    pw, pc = median([r["pymrio_s"] for r in ref]), median([r["pymrio_cpu_s"] for r in ref])
    sw, sc = median([r["same_outputs_s"] for r in ref]), median([r["same_outputs_cpu_s"] for r in ref])
    print(f"| numpy, pymrio-style: read the model, inv(I - A), M = S L (6 measures, Type I totals) | {pw:.3f} | {pc:.3f} | 1 | |")
    print(f"| numpy, devolve's outputs: also inv of the Type II system, both by destination | {sw:.3f} | {sc:.3f} | | 1 |")
    for label, _ in builds:
        w, c = median(wall[label]), median(cpu[label])
        print(f"| {label}: devolve multipliers --model {args.model} (process start to file written) | {w:.3f} | {c:.3f} |"
              f" {pw / w:.1f}x | {sw / w:.1f}x |")


def has_avx512():
    """True if the CPU has AVX-512 F (the SkylakeX kernels' instructions)."""
    try:
        return any(line.startswith("flags") and " avx512f" in line for line in open("/proc/cpuinfo"))
    except OSError:
        return False


def child_peak_gib():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--sizes", default="1260,4305,9800")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--multipliers", action="store_true", help="devolve multipliers on a shipped model against numpy")
    ap.add_argument("--model", default="uk-itl2-2022")
    ap.add_argument("--baseline", help="a baseline build folder timed beside --build (with --multipliers)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.multipliers:
        return multipliers_bench(args)
    exe = os.path.join(args.build, "bin", "devolve_bench")
    if not os.path.exists(exe):
        sys.exit(f"bench: {exe} not found: build first (cmake --build {args.build} -j2)")
    regions = {1260: 12, 4305: 41, 9800: 49}
    rows = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR", "/tmp")) as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            path = os.path.join(tmp, f"a{n}.bin")
            r = subprocess.run([exe, str(n), str(regions.get(n, max(1, n // 105))), str(args.seed), "--write-a", path],
                               capture_output=True, text=True, check=True)
            dev = json.loads(r.stdout)
            dev["devolve_peak_gib"] = child_peak_gib()
            refs = {}
            skx = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX") if has_avx512() else dict(os.environ)
            for label, env in (("env", dict(os.environ)), ("skx", skx)):
                r = subprocess.run(["/usr/bin/python3", "-c", NUMPY_REF, path, str(n)], capture_output=True, text=True,
                                   check=True, env=env)
                refs[label] = json.loads(r.stdout)
            os.remove(path)
            rows.append((n, dev, refs))
            agree = abs(dev["multiplier_sum_row0"] - refs["env"]["numpy_row0_sum"]) / abs(refs["env"]["numpy_row0_sum"])
            print(f"n={n}: devolve {dev['total_s']:.3f} s (LU {dev['lu_s']:.3f} s), numpy {refs['env']['numpy_s']:.3f} s "
                  f"/ {refs['skx']['numpy_s']:.3f} s (SkylakeX); results agree to {agree:.1e}", flush=True)

    print()
    print("| n | devolve factorise + 4 multiplier rows [s] | numpy inv + products, env kernels [s] | ratio |"
          " numpy, SkylakeX kernels [s] | ratio | LU [GFLOP/s] | BLAS DGEMM [GFLOP/s] | Eigen DGEMM [GFLOP/s] |"
          " LU / best DGEMM | devolve BLAS kernels | numpy env kernels |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, dev, refs in rows:
        best = max(dev["blas_dgemm_gflops"], dev["eigen_dgemm_gflops"])
        print(f"| {n} | {dev['total_s']:.3f} | {refs['env']['numpy_s']:.3f} | {refs['env']['numpy_s'] / dev['total_s']:.1f}x |"
              f" {refs['skx']['numpy_s']:.3f} | {refs['skx']['numpy_s'] / dev['total_s']:.1f}x | {dev['lu_gflops']:.0f} |"
              f" {dev['blas_dgemm_gflops']:.0f} | {dev['eigen_dgemm_gflops']:.0f} | {100 * dev['lu_gflops'] / best:.0f}% |"
              f" {dev['openblas_coretype']} | {os.environ.get('OPENBLAS_CORETYPE', 'default')} |")
    print()
    print("Peak memory of the devolve_bench processes (largest so far, includes writing A for numpy): "
          f"{max(d['devolve_peak_gib'] for _, d, _ in rows):.2f} GiB; one dense n x n at n = {rows[-1][0]} is "
          f"{rows[-1][0] ** 2 * 8 / 2**30:.2f} GiB.")


if __name__ == "__main__":
    main()
