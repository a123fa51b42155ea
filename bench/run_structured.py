#!/usr/bin/python3
"""Dense LU against the structured solver, side by side in one run (docs/performance.md,
"Structured solver").

    /usr/bin/python3 bench/run_structured.py [--build build] [--threads 1] [--columns 30]

For uk-itl1-2022 and uk-itl2-2022, `devolve_bench_structured model ID dense|structured` builds
the Type I and Type II systems and solves COLUMNS seeded demand columns under both closures and the
Type I left solve of 2 R rows (multipliers of two measures by destination region); the two
solvers' checksums must agree. Then `devolve_bench_structured split uk-itl2-2022 PARTS` splits
every ITL2 area into 4 and 8 synthetic areas (184 and 368 areas: ITL3 and LAD sizes) and times
the structured Type I and Type II systems and the solves, never forming the n x n matrix. Peak
memory is each process's maximum resident set. Models come from DEVOLVE_CACHE_DIR (built on first
use). Prints a Markdown table.
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--columns", type=int, default=30)
    args = ap.parse_args()
    exe = os.path.join(args.build, "bin", "devolve_bench_structured")
    cols = str(args.columns)
    print(f"threads {args.threads}, {args.columns} demand columns, load average {os.getloadavg()[0]:.1f}\n")
    print("| model | n | solver | Type I system [s] | Type II system [s] | solves, both closures [s] | "
          "left solve, 2R rows [s] | peak [GiB] | GMRES steps for (I - A) v = 1 |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for model in ("uk-itl1-2022", "uk-itl2-2022"):
        sums = {}
        for solver in ("dense", "structured"):
            r = run(exe, ["model", model, solver, cols], args.threads)
            sums[solver] = r["checksum"]
            steps = r["description"].split("; ")[-1].split(" ")[0] if solver == "structured" else ""
            print(f"| {model} | {r['n']} | {solver} | {r['type_i_s']:.3f} | {r['type_ii_s']:.3f} | {r['solve_s']:.3f} | "
                  f"{r['left_solve_s']:.3f} | {r['peak_gib']:.2f} | {steps} |")
        rel = abs(sums["dense"] - sums["structured"]) / abs(sums["dense"])
        if rel > 1e-10:
            sys.exit(f"bench: {model}: the solvers' checksums differ by {rel:.3g} relative")
    for parts in (4, 8):
        r = run(exe, ["split", "uk-itl2-2022", str(parts), cols], args.threads)
        steps = r["description"].split("; ")[-1].split(" ")[0]
        print(f"| {r['model']} ({r['regions']} areas) | {r['n']} | structured | {r['type_i_s']:.3f} | {r['type_ii_s']:.3f} | "
              f"{r['solve_s'] + r['solve_ii_s']:.3f} | | {r['peak_gib']:.2f} | {steps} |")


if __name__ == "__main__":
    main()
