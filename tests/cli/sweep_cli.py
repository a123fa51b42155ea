#!/usr/bin/python3
"""`devolve sweep` through the real executable.

- the linear path (unit responses combined) equals the general path (a scenario run per sample);
- a sweep whose inputs are fixed at the scenario's values equals `devolve run`;
- results are identical, bit for bit, with 1 and 2 threads, on both paths;
- quantiles equal numpy's of the runs; Sobol indices of an additive response match the exact ones;
- a sweep killed part-way (SIGKILL) and resumed equals an uninterrupted one; Ctrl-C exits 5;
- several Slurm tasks without MPI (SLURM_STEP_NUM_TASKS=4, no PMI variable) are refused, exit 2;
  a batch script's shell (SLURM_NTASKS=4 only) runs;
- DEVOLVE_SWEEP_TIMELINE=PREFIX writes PREFIX.PID (a line per stage and per run) and prints nothing more.

    sweep_cli.py DEVOLVE DATA_DIR REPO
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

devolve, data, repo = sys.argv[1], sys.argv[2], sys.argv[3]
sweeps = os.path.join(data, "sweeps")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve)
check = C.check


# The tests' own environment without a launcher's variables (run under srun or mpirun, every sweep
# here would be taken for one of several tasks).
BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("SLURM_", "PMI_", "PMIX_", "OMPI_"))}


def sweep(spec, out, *extra, env=None, code=0):
    r = subprocess.run([devolve, "sweep", spec, "-o", out, "--overwrite", *extra], capture_output=True, text=True,
                       env=dict(BASE_ENV, **(env or {})), timeout=600)
    if r.returncode != code:
        print(r.stdout, r.stderr)
    check(f"sweep {os.path.basename(spec)} {' '.join(extra)} exits {code}", r.returncode == code)
    return r


def read(path, name="headline"):
    with h5py.File(path) as f:
        return f["sweep"][name][...]


# A journal record of the resume sweeps below: run number, 11 years x 12 regions of jobs, checksum.
RECORD = 16 + 8 * 11 * 12


def started_sweep(spec, out, runs, extra=(), stderr=subprocess.DEVNULL):
    """Starts `devolve sweep spec -o out --threads 1` and returns the process once its journal
    (out.partial) holds at least `runs` finished runs: polled, not a fixed sleep, with a deadline of
    600 s for a loaded machine (sanitizer build, many tests at once). The caller then signals the
    process; the test stops here if the sweep ended or the deadline passed first."""
    p = subprocess.Popen([devolve, "sweep", spec, "-o", out, "--threads", "1", *extra], stdout=subprocess.DEVNULL,
                         stderr=stderr, text=True)
    journal, kept = out + ".partial", 0
    deadline = time.monotonic() + 600
    while p.poll() is None and time.monotonic() < deadline:
        try:
            kept = (os.path.getsize(journal) - 40) // RECORD
        except OSError:  # not made yet (or removed by a sweep that just ended)
            kept = 0
        if kept >= runs:
            return p
        time.sleep(0.02)
    ended = p.poll() is not None
    p.kill()
    p.wait()
    why = f"it ended (exit {p.returncode})" if ended else "600 s passed"
    check(f"the sweep is still running when {runs} runs are in its journal", False, f"{why} with {kept} runs in it")
    C.finish()


with tempfile.TemporaryDirectory() as tmp:
    lin = os.path.join(sweeps, "toy-linear.yaml")
    a, b = os.path.join(tmp, "a.h5"), os.path.join(tmp, "b.h5")
    r = sweep(lin, a)
    check("progress is reported on stderr", "sweep: 64 runs" in r.stderr and "linear" in r.stderr)
    # A thread count beyond what the machine allows is refused before anything is written.
    big = os.path.join(tmp, "big.h5")
    r = sweep(lin, big, "--threads", "100000", code=2)
    check("--threads 100000 is refused with the limit stated",
          "--threads 100000: must be 0 (all cores) to" in r.stderr and
          not os.path.exists(big) and not os.path.exists(big + ".partial"))
    sweep(lin, b, env={"DEVOLVE_SWEEP_PATH": "coefficients"})
    ha, hb = read(a), read(b)
    check("linear path = general path", np.allclose(ha, hb, rtol=1e-10, atol=1e-10), f"max diff {np.abs(ha - hb).max():.2e}")
    with h5py.File(a) as f:
        check("the file says which path ran", f.attrs["path"].startswith("linear"))
        check("file_type and version", f.attrs["file_type"] == "devolve-sweep-results" and list(f.attrs["format_version"]) == [1, 2])
        check("the file says how the runs solved", f.attrs["solver"] == "dense LU (n = 4)", f.attrs["solver"])
        inputs = f["sweep/inputs"][...]
        check("sampled inputs stored (run x input)", inputs.shape == (64, 4))
        lo = np.array([5, 0, 0, 0.25]); hi = np.array([15, 8, 0.4, 1.0])
        check("samples inside their distributions", ((inputs >= lo) & (inputs <= hi)).all())
        # Latin hypercube: each of the 64 strata of each continuous input holds one sample.
        strata = np.floor((inputs[:, 0] - 5) / 10 * 64).astype(int)
        check("Latin hypercube strata each hold one sample", sorted(strata) == list(range(64)))
        q = f["sweep/quantiles"][...]
        check("quantiles = numpy percentiles of the runs",
              np.allclose(q, np.percentile(ha, [5, 25, 50, 75, 95], axis=0), rtol=1e-12, atol=1e-12))
        nat = f["sweep/national"][...]
        check("national = sum over regions", np.allclose(nat, ha.sum(axis=3)))

    # Threads: bit-identical results.
    c = os.path.join(tmp, "c.h5")
    sweep(lin, c, "--threads", "1")
    sweep(lin, b, "--threads", "2")
    check("linear path: 1 and 2 threads give identical bits", np.array_equal(read(c), read(b)))
    coef = os.path.join(sweeps, "toy-coefficients.yaml")
    sweep(coef, c, "--threads", "1")
    sweep(coef, b, "--threads", "2")
    check("general path: 1 and 2 threads give identical bits", np.array_equal(read(c), read(b)))

    # A sweep fixed at the scenario's own values equals devolve run.
    fixed = os.path.join(tmp, "fixed.yaml")
    with open(fixed, "w") as fh:
        fh.write(f"name: fixed\nscenario: {os.path.join(data, 'scenarios', 'toy-spend.yaml')}\nsampler: monte_carlo\n"
                 "samples: 3\noutputs: [jobs, gva, output]\ninputs:\n  - path: shocks[0].amount\n    distribution: {values: [10]}\n")
    sweep(fixed, a)
    run = os.path.join(tmp, "run.h5")
    subprocess.run([devolve, "run", os.path.join(data, "scenarios", "toy-spend.yaml"), "-o", run, "-q"], check=True,
                   capture_output=True)
    with h5py.File(run) as f:
        meas = [m.decode() if isinstance(m, bytes) else m for m in f["results/measure"][...]]
        br = f["results/by_region"][...]
    want = np.stack([br[meas.index(m)] for m in ("jobs", "gva", "output")])
    check("a sweep at the scenario's values equals devolve run", np.allclose(read(a)[0], want, rtol=1e-12, atol=1e-12))

    # Sobol indices of an additive response: national output in 2025 = c0 + c1 a1 + c2 a2.
    sob = os.path.join(tmp, "sobol.h5")
    sweep(os.path.join(sweeps, "toy-sobol.yaml"), sob, "-q")
    with h5py.File(sob) as f:
        x = f["sweep/inputs"][...]
        y = f["sweep/national"][:, 0, 1]
        s1, st = f["sweep/sobol_first"][:, 0, 1], f["sweep/sobol_total"][:, 0, 1]
    coef_fit = np.linalg.lstsq(np.c_[np.ones(len(y)), x], y, rcond=None)[0]
    var = np.array([20.0 ** 2 / 12, 10.0 ** 2 / 12]) * coef_fit[1:] ** 2
    exact = var / var.sum()
    check("the response is additive (exact linear fit)", np.allclose(np.c_[np.ones(len(y)), x] @ coef_fit, y, atol=1e-9))
    check("first-order Sobol indices match the exact ones", np.allclose(s1, exact, atol=0.03), f"{s1} vs {exact}")
    check("total Sobol indices match the exact ones", np.allclose(st, exact, atol=0.03), f"{st} vs {exact}")
    # The estimators as SALib writes them (analyze/sobol.py: the outputs centred on the mean of every
    # run, first order mean(B (AB - A)) / V, total mean((A - AB)^2) / 2 / V), V over the A and B runs
    # with divisor 2N - 1 (docs/sweeps.md): the file's indices from its own runs.
    k, n_base = x.shape[1], len(y) // (x.shape[1] + 2)
    runs = y.reshape(n_base, k + 2)
    yc = runs - runs.mean()
    a_, b_ = yc[:, 0], yc[:, 1]
    v = np.var(np.r_[a_, b_], ddof=1)
    salib_first = np.array([np.mean(b_ * (yc[:, 2 + i] - a_)) / v for i in range(k)])
    salib_total = np.array([np.mean((a_ - yc[:, 2 + i]) ** 2) / 2 / v for i in range(k)])
    check("first-order indices are SALib's estimator on the file's runs (outputs centred)",
          np.allclose(s1, salib_first, rtol=1e-9, atol=1e-12), f"{s1} vs {salib_first}")
    check("total indices are Jansen's estimator on the file's runs", np.allclose(st, salib_total, rtol=1e-9, atol=1e-12),
          f"{st} vs {salib_total}")
    with h5py.File(sob) as f:
        xr_ = f["sweep/inputs"][...]
        yr = f["sweep/headline"][:, 0, 1, 0]  # region N, output, 2025
        s1r = f["sweep/sobol_first_by_region"][:, 0, 1, 0]
    fit = np.linalg.lstsq(np.c_[np.ones(len(yr)), xr_], yr, rcond=None)[0]
    vr = np.array([20.0 ** 2 / 12, 10.0 ** 2 / 12]) * fit[1:] ** 2
    check("first-order Sobol indices by region match the exact ones", np.allclose(s1r, vr / vr.sum(), atol=0.03),
          f"{s1r} vs {vr / vr.sum()}")
    rep = json.loads(subprocess.run([devolve, "report", sob, "--json"], capture_output=True, text=True).stdout)
    check("report --json shows the Sobol indices", "shocks[0].amount" in rep["sobol"]["output"])
    # Implausible estimates (a first-order index above its total or 1, beyond its noise or with a standard
    # error above 0.05) are counted in the file and warned of in the summary; a good design has none.
    text = subprocess.run([devolve, "report", sob], capture_output=True, text=True).stdout
    with h5py.File(sob) as f:
        check("a well-sampled additive sweep has no implausible Sobol estimates",
              f["sweep/sobol_first"].attrs["implausible_estimates"] == 0 and "warning" not in text, text)
    noisy = os.path.join(tmp, "noisy.h5")
    sweep(os.path.join(sweeps, "..", "sobol", "toy-sobol-noisy.yaml"), noisy, "-q")
    text = subprocess.run([devolve, "report", noisy], capture_output=True, text=True).stdout
    with h5py.File(noisy) as f:
        s1, st = f["sweep/sobol_first"][...], f["sweep/sobol_total"][...]
        n_bad = f["sweep/sobol_first"].attrs["implausible_estimates"]
    check("8 base samples: first-order indices above the total ones", (s1 > st).any(), f"{s1} / {st}")
    check("8 base samples: the file counts the implausible estimates", 0 < n_bad <= np.sum(np.maximum(s1 - st, s1 - 1) > 0),
          str(n_bad))
    check("8 base samples: the summary warns and asks for more samples",
          "warning: a first-order index above its total index" in text and "8 base samples are too few" in text
          and "standard error" in text, text)

    # Kill part-way and resume: the same result as an uninterrupted run.
    reg = os.path.join(tmp, "reg.yaml")
    with open(reg, "w") as fh:
        fh.write(f"name: resume test\nscenario: {os.path.join(repo, 'scenarios', 'missing-4bn.yaml')}\n"
                 "sampler: latin_hypercube\nsamples: 40\nseed: 9\noutputs: [jobs]\ninputs:\n"
                 "  - path: model.delta\n    distribution: {uniform: [0.1, 0.4]}\n"
                 "  - path: model.beta\n    distribution: {uniform: [0.5, 2.0]}\n")
    full, part = os.path.join(tmp, "full.h5"), os.path.join(tmp, "part.h5")
    sweep(reg, full, "-q", "--threads", "2")
    # SIGKILL once 3 of the 40 runs are in the journal: 37 runs (seconds) left, however loaded the machine.
    p = started_sweep(reg, part, runs=3)
    p.send_signal(signal.SIGKILL)
    p.wait()
    journal = part + ".partial"
    check("killed part-way: no output file, a journal kept", not os.path.exists(part) and os.path.exists(journal))
    r = sweep(reg, part, "--resume", "--threads", "2")
    check("resume finishes and removes the journal", os.path.exists(part) and not os.path.exists(journal))
    check("resumed result equals the uninterrupted one", np.array_equal(read(part), read(full)) and
          np.array_equal(read(part, "quantiles"), read(full, "quantiles")))
    with h5py.File(full) as f:  # docs/methodology.md, "Which solver"
        check("delta/beta samples are built factored and solved by the structured solver",
              f.attrs["solver"].startswith("structured (GMRES on each run's factored coefficients"), f.attrs["solver"])
    # Ctrl-C: exit code 5 and the hint to resume.
    many = os.path.join(tmp, "many.yaml")
    with open(reg) as src, open(many, "w") as fh:
        fh.write(src.read().replace("samples: 40", "samples: 400"))
    # SIGINT once the first run is in the journal (so the sweep's own handler is in place), not after a
    # fixed time: on a loaded machine the model may still be loading, when Ctrl-C ends devolve at once.
    p = started_sweep(many, os.path.join(tmp, "int.h5"), runs=1, extra=("-q",), stderr=subprocess.PIPE)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=600)
    check("Ctrl-C stops with exit code 5 and says how to resume", p.returncode == 5 and "--resume" in err,
          f"exit {p.returncode}: {err}")
    r = subprocess.run([devolve, "sweep", many, "-o", os.path.join(tmp, "int.h5")], capture_output=True, text=True)
    check("a new run refuses to discard the journal", r.returncode == 2 and "--resume" in r.stderr)

    # DEVOLVE_SWEEP_TIMELINE=PREFIX (docs/sweeps.md, "Running on a cluster"): one file PREFIX.PID, a
    # line "SECONDS LABEL" per stage and per run's begin and end, seconds since the epoch; nothing
    # printed beyond what the same sweep prints without it, and nothing written without it.
    tl, out = os.path.join(tmp, "timeline"), os.path.join(tmp, "timeline.h5")
    plain = sweep(lin, out, "-q", "--threads", "1")
    check("without DEVOLVE_SWEEP_TIMELINE no timeline file", not [f for f in os.listdir(tmp) if f.startswith("timeline.")
                                                                  and f != "timeline.h5"])
    before = time.time()
    r = sweep(lin, out, "-q", "--threads", "1", env={"DEVOLVE_SWEEP_TIMELINE": tl})
    after = time.time()
    files = [f for f in os.listdir(tmp) if f.startswith("timeline.") and f != "timeline.h5"]
    check("DEVOLVE_SWEEP_TIMELINE: one file PREFIX.PID", len(files) == 1 and files[0][len("timeline."):].isdigit(), files)
    check("DEVOLVE_SWEEP_TIMELINE: nothing more printed", (r.stdout, r.stderr) == (plain.stdout, plain.stderr),
          r.stdout + r.stderr)
    lines = []
    if files:
        with open(os.path.join(tmp, files[0])) as fh:
            lines = [ln.rstrip("\n").split(" ", 1) for ln in fh]
    stamps = [float(ln[0]) for ln in lines if len(ln) == 2]
    labels = [ln[1] for ln in lines if len(ln) == 2]
    check("DEVOLVE_SWEEP_TIMELINE: every line SECONDS LABEL, on the epoch clock, in order",
          len(stamps) == len(lines) > 0 and before - 1 <= stamps[0] and stamps[-1] <= after + 1 and
          stamps == sorted(stamps), lines[:3])
    stages = ["sweep command", "sweep begins", "model read, samples drawn", "journal opened", "setup done",
              "own runs done", "every run gathered", "statistics computed", "file written"]
    check("DEVOLVE_SWEEP_TIMELINE: each stage once, from the command to the file",
          all(labels.count(s) == 1 for s in stages) and labels[:1] == ["sweep command"] and
          labels[-1:] == ["file written"], labels)
    runs = read(out, "inputs").shape[0]
    check("DEVOLVE_SWEEP_TIMELINE: each run begun, then ended",
          all(labels.count(f"run {i} begin") == 1 and labels.count(f"run {i} end") == 1 and
              labels.index(f"run {i} begin") < labels.index(f"run {i} end") for i in range(runs)), labels)

    # Several Slurm tasks without an MPI job (srun -n 4 --mpi=none, or this build without MPI):
    # refused before any output, exit 2, rather than 4 sweeps racing on one file and journal.
    out = os.path.join(tmp, "slurm.h5")
    r = sweep(lin, out, env={"SLURM_STEP_NUM_TASKS": "4", "SLURM_NTASKS": "4", "SLURM_PROCID": "0"}, code=2)
    check("4 Slurm tasks without MPI: refused, says how to launch, no output",
          "Slurm started 4 tasks" in r.stderr and "--mpi=pmix" in r.stderr and not os.path.exists(out) and
          not os.path.exists(out + ".partial"), r.stderr)
    sweep(lin, out, "-q", env={"SLURM_STEP_NUM_TASKS": "1", "SLURM_PROCID": "0"})  # one task: a sweep as usual
    # A batch script's own shell (no srun): the allocation's SLURM_NTASKS but one process: runs.
    os.remove(out)
    sweep(lin, out, "-q", env={"SLURM_NTASKS": "4", "SLURM_PROCID": "0"})
    check("a batch script's shell (SLURM_NTASKS=4, no srun step): one sweep as usual", os.path.exists(out))

C.finish()
