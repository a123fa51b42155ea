#!/usr/bin/python3
"""`devolve run A.yaml B.yaml ... --output-dir DIR` (a batch) through the real executable.

- a batch with one bad file: the others run, the bad one is reported located, exit 3, and the
  summary says "2 succeeded, 1 failed"; no file for the bad one;
- `devolve run` of a local procurement scenario on uk-itl1-2022 gives the same bits on 1, 2 and 3
  OpenMP threads;
- with --threads 1, 2 and 3 every number equals `devolve run` of the scenario alone, bit for bit
  (the batch factorises each model once and shares it), on toy models and on uk-itl1-2022 (three
  shipped scenarios, large enough that single-threaded products would change the last bits, and
  a local procurement scenario, which factorises its own shocked tables);
- two models' scenarios interleaved with a bad file, --threads 2: each equals devolve run's and is
  sealed;
- existing outputs are refused without --overwrite; a quoted glob is expanded; --validate runs
  nothing when one file fails; two scenarios with the same file name are refused; -o is refused;
- a quoted glob skips the sweeps, profiles files and build configurations it matches, with a note
  each, and does not count them as failures (the docs example `devolve run 'scenarios/*.yaml'
  --output-dir D` on the shipped folder exits 0); such a file named on its own is an error saying
  what it is; --output-dir naming a file says so; `devolve run` with no scenario says to give one.

    batch_cli.py DEVOLVE DATA_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

devolve, data = sys.argv[1], sys.argv[2]
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve)
check = C.check


def run(*args, code=0):
    r = subprocess.run([devolve, "run", *args], capture_output=True, text=True, timeout=600)
    if r.returncode != code:
        print(r.stdout, r.stderr)
    check(f"devolve run {' '.join(os.path.basename(a) for a in args)} exits {code}", r.returncode == code)
    return r


def numbers(path):
    out = {}
    with h5py.File(path) as f:
        f.visititems(lambda n, o: out.__setitem__(n, o[...]) if isinstance(o, h5py.Dataset) and o.dtype.kind == "f" else None)
    return out


def equal(a, b, rtol=0.0):
    na, nb = numbers(a), numbers(b)
    if rtol == 0:
        return na.keys() == nb.keys() and all(np.array_equal(na[k], nb[k], equal_nan=True) for k in na)
    return na.keys() == nb.keys() and all(np.allclose(na[k], nb[k], rtol=rtol, atol=1e-9, equal_nan=True) for k in na)


scen = os.path.join(data, "scenarios")
good = [os.path.join(scen, "toy-spend.yaml"), os.path.join(scen, "toy-rd.yaml")]
bad = os.path.join(data, "bad", "01-syntax-error.yaml")
with tempfile.TemporaryDirectory() as tmp:
    single = {}
    for g in good:
        single[g] = os.path.join(tmp, os.path.basename(g) + ".single.h5")
        run(g, "-o", single[g], "-q")

    out = os.path.join(tmp, "out")
    r = run(good[0], bad, good[1], "--output-dir", out, "--threads", "1", code=3)
    check("the summary line", r.stdout.strip().splitlines()[-1] == "2 succeeded, 1 failed", r.stdout)
    check("the bad file is reported located, once", r.stderr.count("01-syntax-error.yaml:6:20: error") == 1, r.stderr)
    check("one file per good scenario, none for the bad one",
          sorted(os.listdir(out)) == ["toy-rd.h5", "toy-spend.h5"], os.listdir(out))
    check("--threads 1: every number equals devolve run's, bit for bit",
          all(equal(os.path.join(out, os.path.basename(g)[:-5] + ".h5"), single[g]) for g in good))

    r = run(*good, "--output-dir", out, code=3)
    check("existing outputs are refused without --overwrite", r.stderr.count("output exists") == 2 and
          "0 succeeded, 2 failed" in r.stdout, r.stdout + r.stderr)

    t2, t3 = os.path.join(tmp, "t2"), os.path.join(tmp, "t3")
    run(os.path.join(scen, "toy-*.yaml"), "--output-dir", t2, "--threads", "2")
    check("a quoted glob runs every match", sorted(os.listdir(t2)) == ["toy-rd.h5", "toy-spend.h5"], os.listdir(t2))
    run(*good, "--output-dir", t3, "--threads", "3")
    for t in (t2, t3):
        check(f"--threads {t[-1]}: every number equals devolve run's, bit for bit",
              all(equal(os.path.join(t, os.path.basename(g)[:-5] + ".h5"), single[g]) for g in good))

    shipped = [os.path.join(repo, "scenarios", f + ".yaml") for f in ("example", "missing-4bn", "northern-powerhouse-redirect")]
    # local_procurement changes the coefficients: that scenario factorises its own shocked tables
    # (and needs the model's flows, which the cache's solver file leaves out).
    proc = os.path.join(tmp, "procurement-itl1.yaml")
    with open(os.path.join(repo, "scenarios", "local-procurement.yaml")) as f:
        text = f.read().replace("model: uk-itl2-2022", "model: uk-itl1-2022").replace("regions: Greater Manchester",
                                                                                     "regions: TLD")
    with open(proc, "w") as f:
        f.write(text)
    shipped.append(proc)
    uk = os.path.join(tmp, "uk")
    for g in shipped:
        single[g] = os.path.join(tmp, os.path.basename(g) + ".single.h5")
        run(g, "-o", single[g], "-q")
    run(*shipped, "--output-dir", uk, "--threads", "2", "-q")
    check("uk-itl1-2022, one factorisation shared by 3 scenarios, a local procurement one on its own, 2 threads: "
          "every number equals devolve run's",
          all(equal(os.path.join(uk, os.path.basename(g)[:-5] + ".h5"), single[g]) for g in shipped))

    # Two models' scenarios interleaved, a bad file among them: read a model's together (its
    # scenarios queued while the next model loads), the larger model's first; each file is still
    # devolve run's, sealed (devolve report opens it through the seal check).
    inter = os.path.join(tmp, "inter")
    order = [good[0], shipped[0], bad, good[1], shipped[1]]
    r = run(*order, "--output-dir", inter, "--threads", "2", code=3)
    check("two models interleaved, one bad file, 2 threads: the summary line",
          r.stdout.strip().splitlines()[-1] == "4 succeeded, 1 failed", r.stdout)
    check("two models interleaved, 2 threads: every number equals devolve run's",
          all(equal(os.path.join(inter, os.path.basename(g)[:-5] + ".h5"), single[g]) for g in order if g != bad))
    for g in (good[1], shipped[1]):
        rr = subprocess.run([devolve, "report", os.path.join(inter, os.path.basename(g)[:-5] + ".h5")],
                            capture_output=True, text=True, timeout=600)
        check(f"two models interleaved: {os.path.basename(g)[:-5]}.h5 is sealed (devolve report reads it)",
              rr.returncode == 0, rr.stderr)

    # A dense run's bits do not depend on its thread count (docs/methodology.md, "Results and the
    # thread count"): the batch runs such scenarios each on one thread. OpenBLAS's count is fixed (the
    # model cache keeps factors made under one count); OpenMP's, Eigen's, changes.
    threads = {}
    for t in ("1", "2", "3"):
        threads[t] = os.path.join(tmp, f"example-omp{t}.h5")
        e = dict(os.environ, OMP_NUM_THREADS=t, OPENBLAS_NUM_THREADS="2")
        r = subprocess.run([devolve, "run", shipped[0], "-o", threads[t], "-q"], capture_output=True, text=True, env=e,
                           timeout=600)
        check(f"devolve run example.yaml, OMP_NUM_THREADS={t}, exits 0", r.returncode == 0, r.stderr)
    check("devolve run example.yaml (local procurement): the same bits on 1, 2 and 3 OpenMP threads",
          equal(threads["1"], threads["2"]) and equal(threads["3"], threads["2"]))

    v = os.path.join(tmp, "v")
    r = run(good[0], bad, "--output-dir", v, "--validate", code=3)
    check("--validate: one bad file, nothing runs", os.listdir(v) == [] and "0 succeeded, 2 failed" in r.stdout,
          r.stdout + r.stderr)

    twin = os.path.join(tmp, "twin")
    os.makedirs(twin)
    shutil.copy(good[0], twin)
    d = os.path.join(tmp, "d")
    r = run(good[0], os.path.join(twin, "toy-spend.yaml"), "--output-dir", d, code=3)
    check("two scenarios with one output name: the second is refused", "also the output of" in r.stderr, r.stderr)
    r = run(*good, "-o", os.path.join(tmp, "x.h5"), code=2)
    check("several scenarios without --output-dir are refused", "need --output-dir" in r.stderr, r.stderr)

    # A quoted glob over a folder of mixed kinds: only the scenarios run; the others are skipped, each
    # with a one-line note, and are no failures. Named on their own they are errors saying what they are.
    mixed = os.path.join(tmp, "mixed")
    os.makedirs(mixed)
    with open(good[0]) as f, open(os.path.join(mixed, "toy-spend.yaml"), "w") as g:
        g.write(f.read().replace("../models/toy-2x2", os.path.join(data, "models", "toy-2x2")))
    shutil.copy(os.path.join(data, "sweeps", "toy-linear.yaml"), os.path.join(mixed, "sweep-toy.yaml"))
    shutil.copy(os.path.join(repo, "scenarios", "profiles.yaml"), mixed)
    shutil.copy(os.path.join(data, "geographies", "west-yorkshire.yaml"), mixed)
    mout = os.path.join(tmp, "mout")
    r = run(os.path.join(mixed, "*.yaml"), "--output-dir", mout)
    check("a glob over mixed kinds: the scenario runs, three files skipped, no failure",
          r.stdout.strip().splitlines()[-1] == "1 succeeded, 0 failed, 3 skipped (not scenarios)"
          and os.listdir(mout) == ["toy-spend.h5"], r.stdout + r.stderr)
    check("one note per skipped file, saying its kind and what to do",
          os.path.join(mixed, "sweep-toy.yaml") + ": a sweep file, not a scenario: skipped; run it with 'devolve sweep" in r.stderr
          and os.path.join(mixed, "profiles.yaml") + ": a profiles file, not a scenario: skipped;" in r.stderr
          and os.path.join(mixed, "west-yorkshire.yaml") + ": a geography build configuration, not a scenario: skipped; "
          "build it with 'devolve model build" in r.stderr and len(r.stderr.strip().splitlines()) == 3, r.stderr)
    r = run(os.path.join(mixed, "sweep-*.yaml"), "--output-dir", mout, code=2)
    check("a glob that matches no scenario is refused, saying why", "no scenario file matches" in r.stderr and
          "not scenarios" in r.stderr, r.stderr)
    for name, kind, key in [("sweep-toy.yaml", "a sweep file", "sampler"), ("profiles.yaml", "a profiles file", "profiles")]:
        f = os.path.join(mixed, name)
        r = run(good[0], f, "--output-dir", os.path.join(tmp, "named"), "--overwrite", code=3)
        check(f"{kind} named in a batch is a failure saying what it is",
              f"error: {key}: this is {kind}, not a scenario" in r.stderr and "1 succeeded, 1 failed" in r.stdout, r.stderr)
        r = run(f, "-o", os.path.join(tmp, "named.h5"), code=3)
        check(f"devolve run of {kind} says what it is", f"this is {kind}, not a scenario" in r.stderr, r.stderr)

    # A scenario with a stray top-level `inputs:` (or `sampler:`) is a scenario, not a sweep: in a glob
    # it is run (and fails, naming the unknown key), never skipped silently.
    stray = os.path.join(tmp, "stray")
    os.makedirs(stray)
    with open(good[0]) as f:
        text = f.read()
    with open(os.path.join(stray, "noted.yaml"), "w") as f:
        f.write(text + "inputs: my notes\n")
    r = run(os.path.join(stray, "*.yaml"), "--output-dir", os.path.join(tmp, "strayout"), code=3)
    check("a scenario with a stray 'inputs:' in a glob is not skipped: it fails, naming the key",
          "0 succeeded, 1 failed" in r.stdout and "skipped" not in r.stdout and "inputs" in r.stderr
          and "unknown key" in r.stderr, r.stdout + r.stderr)

    # The documented example (docs/scenarios.md, "Batches") on the shipped scenarios folder.
    shipped_out = os.path.join(tmp, "shipped")
    r = subprocess.run([devolve, "run", "scenarios/*.yaml", "--output-dir", shipped_out, "-q"], capture_output=True,
                       text=True, timeout=600, cwd=repo)
    others = sorted(f for f in os.listdir(os.path.join(repo, "scenarios"))
                    if f.endswith(".yaml") and (f.startswith("sweep-") or f == "profiles.yaml"))
    ran = sorted(f[:-5] + ".h5" for f in os.listdir(os.path.join(repo, "scenarios")) if f.endswith(".yaml") and f not in others)
    check("devolve run 'scenarios/*.yaml' --output-dir D exits 0 on the shipped folder",
          r.returncode == 0 and f"0 failed, {len(others)} skipped" in r.stdout, r.stdout[-1500:] + r.stderr[-1500:])
    check("  every shipped scenario ran, every sweep and the profiles file skipped with a note",
          sorted(os.listdir(shipped_out)) == ran and all(f"scenarios/{f}: a " in r.stderr for f in others),
          r.stderr[-1500:])

    # --output-dir naming a file: the reason is given.
    afile = os.path.join(tmp, "afile")
    open(afile, "w").close()
    r = run(good[0], "--output-dir", afile, code=2)
    check("--output-dir FILE: the reason is given", "cannot create the output folder: a file of that name exists" in r.stderr,
          r.stderr)
    r = run(code=2)
    check("devolve run with no scenario says to give one, not an internal option name",
          "give a scenario file (YAML) to run; usage: devolve run SCENARIO.yaml" in r.stderr and "--scenario" not in r.stderr,
          r.stderr)
    r = subprocess.run([devolve, "sweep", "-o", os.path.join(tmp, "s.h5")], capture_output=True, text=True, timeout=60)
    check("devolve sweep -o OUT.h5 with no sweep file says to give one", r.returncode == 2 and
          "give the sweep file (YAML)" in r.stderr, r.stderr)

C.finish()
