#!/usr/bin/python3
"""Benchmark of devolve's user-facing jobs, each beside a numpy reference in the same run.

    /usr/bin/python3 bench/run_engine.py [--build build] [--skip-itl2] [--batch | --starts | --sweep] [--baseline DIR] [--repeat N]

1. Building the shipped models from data/uk on an empty cache (`devolve model build ID`).
2. `devolve run` of a 10-year, 3-shock scenario, from process start to file written, on
   uk-itl1-2022 (scenarios/example.yaml) and uk-itl2-2022 (bench/scenarios/itl2-three-shocks.yaml),
   the model cached; reference: numpy loading the same model from HDF5 and doing the same solves
   (Type I and Type II, one column per shock and year).
5. `--starts` (that job alone): `devolve run` of 2. against a `--baseline` build, alternating.
4. `--batch` (that job alone): the shipped scenarios plus 20 variants of scenarios/example.yaml
   (other amounts), run one process each (`devolve run X.yaml -o OUT`, the baseline) and as one
   batch (`devolve run ... --output-dir DIR`, --threads 1 and 2), the models cached.
6. `--sweep` (that job alone): `devolve sweep` of bench/scenarios/sweep-delta-beta-500.yaml (500
   samples of delta and beta on uk-itl1-2022, `--samples N` to take fewer) against a `--baseline`
   build, alternating, `--threads 2`; with `--mpi BUILD` (a -DDEVOLVE_MPI=ON
   build) also `mpirun -np 1` and `-np 2` of that build, one thread a rank, the ranks in this
   session and each in a session of its own (`setsid -w`; `--sessions`), with each job's timeline
   (DEVOLVE_SWEEP_TIMELINE: setup, a run's time, the ranks' wait at the end, the end);
   `--samples 40,500` times each size in turn; `--mpi-only` leaves out the --threads 2 jobs.
3. `devolve sweep` of 10,000 samples varying linear inputs, and of 500 samples varying delta and
   beta, on uk-itl1-2022; references: numpy loops doing the corresponding linear algebra per sample
   (L = inv(I - A) once, then L times the sample's demand columns; and inv(I - A) per sample).
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

REF_LOAD = r"""
import sys, time
import h5py, numpy as np
t0 = time.perf_counter()
with h5py.File(sys.argv[1]) as f:
    z = f["z"][...]; x = f["output"][...].reshape(-1)
    fd = f["final_demand"][...]; cats = [c.decode() if isinstance(c, bytes) else c for c in f["category"][...]]
    prim = f["primary_inputs"][...]; inputs = [c.decode() if isinstance(c, bytes) else c for c in f["input"][...]]
R, S = z.shape[0], z.shape[1]
n = R * S
Z = z.reshape(n, n); Y = fd.reshape(n, R, len(cats))
A = np.divide(Z, x, out=np.zeros_like(Z), where=x > 0)
coe = prim[inputs.index("COE")].reshape(n)
hr = np.zeros((R, n)); hc = np.zeros((n, R))
for r in range(R):
    hr[r, r * S:(r + 1) * S] = np.divide(coe[r * S:(r + 1) * S], x[r * S:(r + 1) * S], out=np.zeros(S), where=x[r * S:(r + 1) * S] > 0)
    hc[:, r] = Y[:, r, cats.index("HH")] / coe[r * S:(r + 1) * S].sum()
Abar = np.block([[A, hc], [hr, np.zeros((R, R))]])
cols = int(sys.argv[2])
rng = np.random.default_rng(1)
rhs = rng.random((n, cols))
x1 = np.linalg.solve(np.eye(n) - A, rhs)
x2 = np.linalg.solve(np.eye(n + R) - Abar, np.vstack([rhs, np.zeros((R, cols))]))
print(time.perf_counter() - t0)
"""

REF_LINEAR_SWEEP = r"""
import sys, time
import h5py, numpy as np
with h5py.File(sys.argv[1]) as f:
    z = f["z"][...]; x = f["output"][...].reshape(-1)
R, S = z.shape[0], z.shape[1]; n = R * S
A = np.divide(z.reshape(n, n), x, out=np.zeros((n, n)), where=x > 0)
samples, cols, measures = int(sys.argv[2]), int(sys.argv[3]), 3
rng = np.random.default_rng(1)
units = rng.random((n, cols)); coef = rng.random((measures, n)); w = rng.random((samples, cols))
t0 = time.perf_counter()
L = np.linalg.inv(np.eye(n) - A)
out = np.empty((samples, measures, cols))
for s in range(samples):
    out[s] = coef @ (L @ (units * w[s]))
print(time.perf_counter() - t0)
"""

REF_REBUILD_SWEEP = r"""
import sys, time
import h5py, numpy as np
with h5py.File(sys.argv[1]) as f:
    z = f["z"][...]; x = f["output"][...].reshape(-1)
R, S = z.shape[0], z.shape[1]; n = R * S
A = np.divide(z.reshape(n, n), x, out=np.zeros((n, n)), where=x > 0)
samples, cols = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
rhs = rng.random((n, cols)); coef = rng.random((2, n))
t0 = time.perf_counter()
for s in range(samples):
    L = np.linalg.inv(np.eye(n) - A * (1 + 1e-3 * rng.random()))
    y = coef @ (L @ rhs)
print(time.perf_counter() - t0)
"""


def timed(cmd, env=None, cpu=None):
    """Wall time of cmd [s]; with a list `cpu`, appends its CPU time (user + system of the child) too."""
    before = os.times()
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    t = time.perf_counter() - t0
    after = os.times()
    if cpu is not None:
        cpu.append(after.children_user - before.children_user + after.children_system - before.children_system)
    return t


def ref(code, *args):
    r = subprocess.run(["/usr/bin/python3", "-c", code, *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(r.stderr)
    return float(r.stdout.strip())


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def own_cache(env, tmp, label):
    """The environment with a model cache of the build's own: builds whose cache keys differ (a new
    cache layout or regionalisation version) would evict each other's entry from one cache (it keeps
    one per model id) and rebuild the model inside the timed runs."""
    return dict(env, DEVOLVE_CACHE_DIR=os.path.join(tmp, "cache-" + label))


def batch_rows(devolve, baseline, repo, tmp, env, repeat):
    """The shipped scenarios plus 20 variants: one process each against one batch, the new build
    and a baseline build side by side, each repetition running every variant in turn."""
    files = sorted(os.path.join(repo, "scenarios", f) for f in os.listdir(os.path.join(repo, "scenarios"))
                   if f.endswith(".yaml") and f != "profiles.yaml" and not f.startswith("sweep"))
    text = open(os.path.join(repo, "scenarios", "example.yaml")).read()
    for i in range(20):
        v = os.path.join(tmp, f"variant-{i:02d}.yaml")
        with open(v, "w") as fh:
            fh.write(text.replace("amount: 500 ", f"amount: {500 + 10 * i} ", 1))
        files.append(v)
    builds = [("new", devolve)] + ([("baseline", baseline)] if baseline else [])
    envs = {label: own_cache(env, tmp, label) for label, _ in builds}
    for label, exe in builds:  # warm each build's model cache
        for f in files:
            timed([exe, "run", f, "-o", os.path.join(tmp, "warm.h5"), "--overwrite", "-q"], envs[label])
    jobs = []
    for label, exe in builds:
        jobs.append((f"{label}: {len(files)} scenarios ({len(files) - 20} shipped + 20 variants), one process each",
                     [[exe, "run", f, "-o", os.path.join(tmp, "one.h5"), "--overwrite", "-q"] for f in files], envs[label]))
        for threads in (1, 2):
            jobs.append((f"{label}: the same as one batch, --threads {threads}",
                         [[exe, "run", *files, "--output-dir", os.path.join(tmp, "batch"), "--overwrite", "-q",
                           "--threads", str(threads)]], envs[label]))
    wall = {name: [] for name, _, _ in jobs}
    cpu = {name: [] for name, _, _ in jobs}
    loads = []
    for _ in range(repeat):
        for name, cmds, e in jobs:
            c = []
            wall[name].append(sum(timed(cmd, e, c) for cmd in cmds))
            cpu[name].append(sum(c))
            loads.append(os.getloadavg()[0])
    rows = []
    for label, _ in builds:
        first = next(n for n, _, _ in jobs if n.startswith(label + ":"))  # one process each
        one, one_cpu = median(wall[first]), median(cpu[first])
        for name, _, _ in jobs:
            if not name.startswith(label + ":"):
                continue
            w, c = median(wall[name]), median(cpu[name])
            rows.append((f"{name} (median of {repeat}; CPU {c:.2f} s, {c / one_cpu:.2f} of one process each)", w, None,
                         f"{w / one:.2f} of one process each (target <= 0.3)"))
    rows.append((f"load average (1 min) during the runs: {min(loads):.1f} to {max(loads):.1f}, median {median(loads):.1f}",
                 0.0, None, ""))
    return rows


def start_rows(devolve, baseline, repo, tmp, env, repeat, skip_itl2):
    """devolve run from process start to file written, the cache warm: the new build and a baseline
    build side by side, alternating, `repeat` times each; medians of wall and CPU time."""
    cases = [("itl1", "scenarios/example.yaml")] + ([] if skip_itl2 else [("itl2", "bench/scenarios/itl2-three-shocks.yaml")])
    builds = [("new", devolve)] + ([("baseline", baseline)] if baseline else [])
    envs = {label: own_cache(env, tmp, label) for label, _ in builds}
    rows = []
    for level, scenario in cases:
        cmd = ["run", os.path.join(repo, scenario), "-o", os.path.join(tmp, f"run-{level}.h5"), "--overwrite", "-q"]
        for label, exe in builds:  # warm each build's cache and the page cache
            timed([exe, *cmd], envs[label])
        wall = {label: [] for label, _ in builds}
        cpu = {label: [] for label, _ in builds}
        loads = []
        for _ in range(repeat):
            for label, exe in builds:
                c = []
                wall[label].append(timed([exe, *cmd], envs[label], c))
                cpu[label].append(c[0])
                loads.append(os.getloadavg()[0])
        target = "target <= 0.1 s" if level == "itl1" else "target <= 0.5 s"
        for label, _ in builds:
            w, c = median(wall[label]), median(cpu[label])
            ratio = f"; {w / median(wall['baseline']):.2f} of the baseline's wall, {c / median(cpu['baseline']):.2f} of its CPU" \
                if baseline and label != "baseline" else ""
            rows.append((f"{label}: devolve run {scenario} ({level}), median of {repeat}, CPU {c:.3f} s{ratio}", w, None,
                         target))
        rows.append((f"load average (1 min) during the {level} runs: {min(loads):.1f} to {max(loads):.1f}", 0.0, None, ""))
    return rows


def sweep_file(repo, tmp, samples):
    """The benchmark's delta/beta sweep, with `samples` samples (its scenario path made absolute)."""
    text = open(os.path.join(repo, "bench", "scenarios", "sweep-delta-beta-500.yaml")).read()
    text = text.replace("../../scenarios/example.yaml", os.path.join(repo, "scenarios", "example.yaml"))
    text = text.replace("samples: 500", f"samples: {samples}")
    path = os.path.join(tmp, f"sweep-delta-beta-{samples}.yaml")
    with open(path, "w") as fh:
        fh.write(text)
    return path


def timeline(prefix, launched, exited):
    """The stages of an MPI job from its ranks' DEVOLVE_SWEEP_TIMELINE files (PREFIX.PID): seconds
    from launch to the last rank's start of the runs, the runs' mean time, how long the first rank
    to finish its runs waited for the last, and from there to the job's exit."""
    ranks = []
    for path in glob.glob(prefix + ".*"):
        marks, runs, begun = {}, [], {}
        for line in open(path):
            t, what = line.split(maxsplit=1)
            t, what = float(t), what.strip()
            if what.startswith("run "):
                _, r, edge = what.split()
                if edge == "begin":
                    begun[r] = t
                else:
                    runs.append(t - begun.pop(r))
            else:
                marks[what] = t
        ranks.append((marks, runs))
        os.remove(path)
    started = max(m.get("team started", m.get("setup done", launched)) for m, _ in ranks)
    done = [m["own runs done"] for m, _ in ranks]
    runs = [x for _, rs in ranks for x in rs]
    return {"before": started - launched, "run": sum(runs) / max(1, len(runs)), "idle": max(done) - min(done),
            "after": exited - max(done)}


def sweep_job_rows(devolve, baseline, mpi, repo, tmp, env, repeat, samples, sessions=("", "setsid"), mpi_only=False,
                   mca=(), mpi_baseline=None):
    """The delta/beta sweep: the new build and a baseline build side by side, alternating, on 2
    threads; with an MPI build, 1 and 2 ranks of one thread (and the MPI build as one process
    without mpirun). Medians of wall and CPU time (CPU: user + system of every process of the job);
    for the MPI jobs also their timelines' medians (docs/performance.md, "Sweeps on MPI")."""
    spec = sweep_file(repo, tmp, samples)
    out = os.path.join(tmp, "sweep-job.h5")
    mpi_env = dict(env, OMPI_MCA_btl="self,vader", OMPI_MCA_btl_vader_single_copy_mechanism="none",
                   OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMP_NUM_THREADS="1")
    for kv in mca:
        key, value = kv.split("=", 1)
        mpi_env["OMPI_MCA_" + key] = value
    jobs = []
    if not mpi_only:
        for label, exe in [("new", devolve)] + ([("baseline", baseline)] if baseline else []):
            for threads in (2,):
                jobs.append((f"{label}: --threads {threads}", [exe, "sweep", spec, "-o", out, "--overwrite", "-q",
                                                                 "--threads", str(threads)], own_cache(env, tmp, label)))
    # ranks in this session, and each in a session of its own (the kernel's autogroups: docs/performance.md)
    for label, exe in [("mpi", mpi)] + ([("mpi baseline", mpi_baseline)] if mpi and mpi_baseline else []):
        if not exe:
            continue
        e = own_cache(mpi_env, tmp, label.replace(" ", "-"))
        if label == "mpi":
            jobs.append((f"{label}: one process, no mpirun, --threads 1",
                         [exe, "sweep", spec, "-o", out, "--overwrite", "-q", "--threads", "1"], e))
        for wrap in [["setsid", "-w"] if s == "setsid" else [] for s in sessions]:
            for ranks in (1, 2):
                jobs.append((f"{label}: mpirun -np {ranks} {' '.join(wrap + ['devolve'])}, --threads 1",
                             ["mpirun", "--oversubscribe", "-np", str(ranks), *wrap, exe, "sweep", spec, "-o", out,
                              "--overwrite", "-q", "--threads", "1"], e))
    for name, cmd, e in jobs:  # the cache warm for every job (each build's own)
        exe = next(x for x in cmd if x.endswith("devolve"))
        timed([exe, "model", "build", "uk-itl1-2022"], e)
    wall = {name: [] for name, _, _ in jobs}
    cpu = {name: [] for name, _, _ in jobs}
    stages = {name: [] for name, _, _ in jobs}
    loads = []
    for _ in range(repeat):
        for name, cmd, e in jobs:
            c = []
            prefix = os.path.join(tmp, "timeline")
            if name.startswith("mpi"):
                e = dict(e, DEVOLVE_SWEEP_TIMELINE=prefix)
            launched = time.time()
            wall[name].append(timed(cmd, e, c))
            if name.startswith("mpi") and glob.glob(prefix + ".*"):  # a build without timelines writes none
                stages[name].append(timeline(prefix, launched, time.time()))
            cpu[name].append(c[0])
            loads.append(os.getloadavg()[0])
    rows = []
    for name, _, _ in jobs:
        w, c = median(wall[name]), median(cpu[name])
        ref_name = name.replace("new:", "baseline:") if name.startswith("new:") else None
        ratio = ""
        if ref_name in wall:
            ratio = f"; {w / median(wall[ref_name]):.2f} of the baseline's wall, {c / median(cpu[ref_name]):.2f} of its CPU"
        if "mpirun -np 2" in name:
            one = name.replace("-np 2", "-np 1")
            alone = name.split(":")[0] + ": one process, no mpirun, --threads 1"
            ratio = f"; **{w / median(wall[one]):.2f} of 1 rank's wall** (target <= 0.6), {c / median(cpu[one]):.2f} of its CPU"
            if alone in wall:
                ratio += f"; {w / median(wall[alone]):.2f} of one process's wall without mpirun"
        if stages[name]:
            st = {k: median([x[k] for x in stages[name]]) for k in stages[name][0]}
            ratio += (f"; timeline: {st['before']:.2f} s to the runs, {st['run'] * 1000:.0f} ms a run, the first rank"
                      f" done waits {st['idle']:.2f} s for the last, {st['after']:.2f} s from there to exit")
        rows.append((f"{name}: {samples} delta/beta samples, uk-itl1-2022, median of {repeat}, CPU {c:.2f} s "
                     f"({c / samples * 1000:.0f} ms a sample){ratio}", w, None,
                     "target <= 10 s for 500 on 2 cores" if "--threads 2" in name else ""))
    rows.append((f"load average (1 min) during the runs: {min(loads):.1f} to {max(loads):.1f}, median {median(loads):.1f}",
                 0.0, None, ""))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--skip-itl2", action="store_true")
    ap.add_argument("--batch", action="store_true", help="only the batch job: one process each against one batch")
    ap.add_argument("--baseline", help="a baseline build folder (e.g. of main) timed side by side in the same run")
    ap.add_argument("--repeat", type=int, default=1, help="repetitions (medians are reported)")
    ap.add_argument("--starts", action="store_true", help="only devolve run's start to file written, against --baseline")
    ap.add_argument("--sweep", action="store_true", help="only the delta/beta sweep, against --baseline (and --mpi)")
    ap.add_argument("--samples", default="500", help="samples of the --sweep job; several, comma-separated (40,500), each timed in turn")
    ap.add_argument("--mpi", help="with --sweep: an MPI build folder (-DDEVOLVE_MPI=ON) timed on 1 and 2 ranks")
    ap.add_argument("--mpi-baseline", help="with --mpi: a baseline MPI build folder, its jobs alternating with --mpi's")
    ap.add_argument("--mpi-only", action="store_true", help="with --mpi: only the MPI jobs (not --threads 2 of --build and --baseline)")
    ap.add_argument("--sessions", default="shared,setsid",
                    help="with --mpi: the ranks in this session (shared), each in its own (setsid), or both (shared,setsid)")
    ap.add_argument("--mca", action="append", default=[], help="with --mpi: KEY=VALUE, an Open MPI parameter (OMPI_MCA_KEY), e.g. pml=ob1")
    args = ap.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    devolve = os.path.join(repo, args.build, "bin", "devolve")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, "cache")
        env = dict(os.environ, DEVOLVE_CACHE_DIR=cache)
        baseline = os.path.join(args.baseline, "bin", "devolve") if args.baseline else None
        if args.batch:
            rows = batch_rows(devolve, baseline, repo, tmp, env, args.repeat)
        if args.sweep:
            mpi = os.path.join(args.mpi, "bin", "devolve") if args.mpi else None
            sessions = ["" if x == "shared" else x for x in args.sessions.split(",")]
            rows = []
            for samples in (int(x) for x in args.samples.split(",")):
                rows += sweep_job_rows(devolve, baseline, mpi, repo, tmp, env, args.repeat, samples, sessions, args.mpi_only,
                                       args.mca, os.path.join(args.mpi_baseline, "bin", "devolve") if args.mpi_baseline else None)
            print_rows(rows)
            return
        if args.starts:
            print_rows(start_rows(devolve, baseline, repo, tmp, env, args.repeat, args.skip_itl2))
            return
        levels = [] if args.batch else ["itl1"] + ([] if args.skip_itl2 else ["itl2"])
        models = {}
        for level in levels:
            mid = f"uk-{level}-2022"
            shutil.rmtree(cache, ignore_errors=True)
            t = timed([devolve, "model", "build", mid], env)
            rows.append((f"build {mid} from data/uk (empty cache)", t, None, "target < 2 s" if level == "itl1" else "target < 30 s"))
            models[level] = os.path.join(tmp, f"{mid}.h5")
            timed([devolve, "model", "build", mid, "-o", models[level]], env)  # cached: export for numpy
        for level, scenario in (("itl1", "scenarios/example.yaml"), ("itl2", "bench/scenarios/itl2-three-shocks.yaml")):
            if level not in models:
                continue
            out = os.path.join(tmp, f"run-{level}.h5")
            timed([devolve, "run", os.path.join(repo, scenario), "-o", out, "--overwrite", "-q"], env)  # warm the cache
            t = min(timed([devolve, "run", os.path.join(repo, scenario), "-o", out, "--overwrite", "-q"], env) for _ in range(3))
            r = ref(REF_LOAD, models[level], 30)
            rows.append((f"devolve run {scenario} (10 years, 3 shocks, {level})", t, r,
                         "target < 0.3 s" if level == "itl1" else "target < 3 s"))
        if not args.batch:
            rows += sweep_rows(devolve, repo, os.path.join(tmp, "sweep.h5"), models, env)
    print_rows(rows)


def sweep_rows(devolve, repo, sweep, models, env):
    rows = []
    t = timed([devolve, "sweep", os.path.join(repo, "bench/scenarios/sweep-linear-10k.yaml"), "-o", sweep,
               "--overwrite", "-q"], env)
    r = ref(REF_LINEAR_SWEEP, models["itl1"], 10000, 30)
    rows.append(("devolve sweep: 10,000 samples, linear inputs, itl1", t, r, "target < 5 s"))
    t = timed([devolve, "sweep", os.path.join(repo, "bench/scenarios/sweep-delta-beta-500.yaml"), "-o", sweep,
               "--overwrite", "-q"], env)
    r = ref(REF_REBUILD_SWEEP, models["itl1"], 500, 30)
    rows.append(("devolve sweep: 500 samples of delta and beta, itl1", t, r, "target < 60 s"))
    return rows


def print_rows(rows):
    print("| job | devolve [s] | numpy reference [s] | ratio | target |")
    print("|---|---:|---:|---:|---|")
    for name, t, r, target in rows:
        print(f"| {name} | {t:.3f} | {'' if r is None else f'{r:.3f}'} | {'' if r is None else f'{r / t:.1f}x'} | {target} |")


if __name__ == "__main__":
    main()
