#!/usr/bin/python3
"""Dense LU against the structured solver, side by side in one run (docs/performance.md,
"Structured solver").

    /usr/bin/python3 bench/run_structured.py [--build build] [--threads 1] [--columns 30] [--multipliers 4,8]
                                             [--itl3] [--numpy uk-itl2-2022,uk-itl3-2022] [--scratch /tmp]

For uk-itl1-2022 and uk-itl2-2022, `devolve_bench_structured model ID dense|structured` builds
the Type I and Type II systems, solves COLUMNS seeded demand columns under both closures, the
Type I and Type II left solves of 2 R rows (multipliers of two measures by destination region) and
compute_multipliers (every measure, both closures); the two solvers' checksums must agree. Then
`devolve_bench_structured split uk-itl2-2022 PARTS` splits every ITL2 area into 4 and 8 synthetic
areas (184 and 368 areas: ITL3 and LAD sizes) and times the structured Type I and Type II systems
and the solves, never forming the n x n matrix, and for the PARTS listed in --multipliers
compute_multipliers (3 measures: output, GVA, income). Peak memory is each process's maximum
resident set. Models come from DEVOLVE_CACHE_DIR (built on first use). Prints a Markdown table.

--itl3 adds uk-itl3-2022 (n = 19,110; factored) to the dense-against-structured rows: the dense LU
forms the 2.9 GB matrix and factorises it (and the Type II system, as large), so that row needs
about 6-9 GB and minutes of CPU per factorisation; run it alone on a quiet machine.
--numpy MODELS adds a numpy reference for each model listed: `devolve_bench_structured dump`
writes A, COLUMNS seeded demand columns and their Type I solutions by the structured solver to
SCRATCH, then numpy (Debian's python3-numpy) forms I - A in place and solves with
numpy.linalg.solve (LAPACK dgesv, one dense LU), timed from after reading A; the row gives numpy's
time, its peak memory and the largest difference from the structured solutions (relative to the
largest value). A at ITL3 is 2.9 GB on disk and numpy holds about twice that.
"""
import argparse
import json
import os
import subprocess
import sys


def run(exe, args, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    r = subprocess.run([exe] + args, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(args)} failed: {r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


NUMPY_REFERENCE = r"""
import json, resource, sys, time
import numpy as np
d, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
a = np.fromfile(d + "/a.f64", dtype=np.float64).reshape((n, n), order="F")
y = np.fromfile(d + "/y.f64", dtype=np.float64).reshape((n, k), order="F")
x_structured = np.fromfile(d + "/x.f64", dtype=np.float64).reshape((n, k), order="F")
t0 = time.perf_counter(); c0 = time.process_time()
a *= -1.0
a[np.diag_indices(n)] += 1.0          # I - A, in place
x = np.linalg.solve(a, y)             # dgesv: one dense LU and the solves
t, c = time.perf_counter() - t0, time.process_time() - c0
diff = float(np.abs(x - x_structured).max() / np.abs(x).max())
print(json.dumps({"numpy_s": t, "numpy_cpu_s": c, "max_rel_diff": diff,
                  "peak_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}))
"""


def numpy_reference(exe, model, args):
    d = os.path.join(args.scratch, "devolve-bench-" + model)
    dump = run(exe, ["dump", model, d, str(args.columns)], args.threads)
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), OPENBLAS_NUM_THREADS=str(args.threads))
    r = subprocess.run(["/usr/bin/python3", "-c", NUMPY_REFERENCE, d, str(dump["n"]), str(args.columns)],
                       capture_output=True, text=True, env=env)
    for f in ("a.f64", "y.f64", "x.f64"):
        os.remove(os.path.join(d, f))
    os.rmdir(d)
    if r.returncode != 0:
        sys.exit(f"bench: numpy reference on {model} failed: {r.stderr}")
    ref = json.loads(r.stdout.strip().splitlines()[-1])
    print(f"| {model} | {dump['n']} | {args.columns} | {dump['structured_type_i_s']:.3f} | {ref['numpy_s']:.3f} | "
          f"{ref['numpy_cpu_s']:.1f} | {ref['numpy_s'] / dump['structured_type_i_s']:.1f}x | {ref['peak_gib']:.2f} | "
          f"{ref['max_rel_diff']:.1e} |")
    if ref["max_rel_diff"] > 1e-8:
        sys.exit(f"bench: {model}: numpy's dense solutions differ from the structured solver's by {ref['max_rel_diff']:.3g}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--columns", type=int, default=30)
    ap.add_argument("--multipliers", default="8", help="split PARTS for which to time compute_multipliers")
    ap.add_argument("--itl3", action="store_true", help="also uk-itl3-2022, dense LU against structured (6-9 GB)")
    ap.add_argument("--numpy", default="", help="models (comma-separated) for the numpy dense-solve reference")
    ap.add_argument("--scratch", default="/tmp", help="folder for the numpy reference's A (2.9 GB at ITL3)")
    args = ap.parse_args()
    mult_parts = {int(p) for p in args.multipliers.split(",") if p}
    exe = os.path.join(args.build, "bin", "devolve_bench_structured")
    cols = str(args.columns)
    print(f"threads {args.threads}, {args.columns} demand columns, load average {os.getloadavg()[0]:.1f}\n")
    print("| model | n | solver | Type I system [s] | Type II system [s] | solves, both closures [s] | "
          "left solves I / II, 2R rows [s] | multipliers [s] | process CPU [s] | peak [GiB] | GMRES steps, Type I / II, for (I - A) v = 1 |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")

    def steps(r):
        return " / ".join(d.split("; ")[-1].split(" ")[0] for d in (r["description"], r["description_ii"]))

    for model in ("uk-itl1-2022", "uk-itl2-2022") + (("uk-itl3-2022",) if args.itl3 else ()):
        sums = {}
        for solver in ("dense", "structured"):
            r = run(exe, ["model", model, solver, cols], args.threads)
            sums[solver] = r["checksum"]
            print(f"| {model} | {r['n']} | {solver} | {r['type_i_s']:.3f} | {r['type_ii_s']:.3f} | {r['solve_s']:.3f} | "
                  f"{r['left_solve_s']:.3f} / {r['left_ii_s']:.3f} | {r['multipliers_s']:.3f} | {r['cpu_s']:.1f} | {r['peak_gib']:.2f} | "
                  f"{steps(r) if solver == 'structured' else ''} |")
        rel = abs(sums["dense"] - sums["structured"]) / abs(sums["dense"])
        if rel > 1e-10:
            sys.exit(f"bench: {model}: the solvers' checksums differ by {rel:.3g} relative")
    for parts in (4, 8):
        extra = ["--multipliers"] if parts in mult_parts else []
        r = run(exe, ["split", "uk-itl2-2022", str(parts), cols] + extra, args.threads)
        mult = f"{r['multipliers_s']:.1f}" if extra else ""
        print(f"| {r['model']} ({r['regions']} areas) | {r['n']} | structured | {r['type_i_s']:.3f} | {r['type_ii_s']:.3f} | "
              f"{r['solve_s'] + r['solve_ii_s']:.3f} | | {mult} | {r['cpu_s']:.1f} | {r['peak_gib']:.2f} | {steps(r)} |")
    models = [m for m in args.numpy.split(",") if m]
    if models:
        print("\n| model | n | columns | structured, Type I solves [s] | numpy: I - A, dgesv [s] | numpy CPU [s] | "
              "numpy / structured | numpy peak [GiB] | largest difference, relative |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for model in models:
            numpy_reference(exe, model, args)


if __name__ == "__main__":
    main()
