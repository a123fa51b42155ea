#!/usr/bin/python3
"""Dense LU against the structured solver, side by side in one run (docs/performance.md,
"Structured solver").

    /usr/bin/python3 bench/run_structured.py [--build build] [--threads 1] [--columns 30] [--multipliers 4,8]

For uk-itl1-2022 and uk-itl2-2022, `devolve_bench_structured model ID dense|structured` builds
the Type I and Type II systems, solves COLUMNS seeded demand columns under both closures, the
Type I and Type II left solves of 2 R rows (multipliers of two measures by destination region) and
compute_multipliers (every measure, both closures); the two solvers' checksums must agree. Then
`devolve_bench_structured split uk-itl2-2022 PARTS` splits every ITL2 area into 4 and 8 synthetic
areas (184 and 368 areas: ITL3 and LAD sizes) and times the structured Type I and Type II systems
and the solves, never forming the n x n matrix, and for the PARTS listed in --multipliers
compute_multipliers (3 measures: output, GVA, income). Peak memory is each process's maximum
resident set. Models come from DEVOLVE_CACHE_DIR (built on first use). Prints a Markdown table.
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
    ap.add_argument("--multipliers", default="8", help="split PARTS for which to time compute_multipliers")
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

    for model in ("uk-itl1-2022", "uk-itl2-2022"):
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


if __name__ == "__main__":
    main()
