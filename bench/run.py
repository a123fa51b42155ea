#!/usr/bin/python3
"""devolve's benchmark harness: devolve's solver beside a numpy reference, in one run.

    /usr/bin/python3 bench/run.py [--build build] [--sizes 1260,4305,9800] [--seed 1]

For each size n, `devolve_bench` generates a seeded synthetic MRIO (about 17% dense, column sums of
A between 0.3 and 0.9), times devolve's factorisation of (I - A) plus Type I multipliers for four
indicators, measures the DGEMM rate, and writes A and the indicator rows to a scratch file. The
numpy reference then does what common Python MRIO tools do on the same matrices
(L = numpy.linalg.inv(I - A), then the four indicator rows times L), with Debian's python3-numpy,
once with the BLAS kernels this environment selects and once with OPENBLAS_CORETYPE=SkylakeX.
Prints a table with times, ratios, the LU's share of the DGEMM rate, and peak memory.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile

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


def child_peak_gib():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--sizes", default="1260,4305,9800")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
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
            for label, env in (("env", dict(os.environ)), ("skx", dict(os.environ, OPENBLAS_CORETYPE="SkylakeX"))):
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
