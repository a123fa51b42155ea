#!/usr/bin/python3
"""`mpirun -np N devolve sweep` (a DEVOLVE_MPI build) through the real executable.

- a linear and a coefficients sweep on the toy model on 2 and 3 ranks (oversubscribed, and with
  2 threads a rank) write files whose numbers equal, bit for bit, the single-process run's;
- DEVOLVE_MPI_INIT=sync (MPI started before the setup) gives the same file; another value exits 2;
- ranks on different paths (DEVOLVE_SWEEP_PATH set on one) are refused, exit 2;
- a launcher rank that is not MPI's (OMPI_COMM_WORLD_RANK swapped between two ranks) aborts the job;
- more ranks than runs (3 ranks, 2 runs) write the single-process file;
- an error found on every rank (a bad sweep file) and runs failing on whichever rank draws them
  are printed once, and every rank exits 3;
- a regionalisation sweep on uk-itl1-2022 stopped part-way on 3 ranks (SIGTERM to mpirun) and
  resumed on 2 finishes to the single-process file; the stopped ranks print rank 0's "interrupted"
  message once; a journal holding every run resumed on 3 ranks writes the same file.

    sweep_mpi.py DEVOLVE DATA_DIR REPO
"""
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

devolve, data, repo = sys.argv[1], sys.argv[2], sys.argv[3]
sweeps = os.path.join(data, "sweeps")
results = []
# A container without a network: shared memory only; root is allowed; more ranks than cores.
env = dict(os.environ, OMPI_MCA_btl="self,vader", OMPI_MCA_btl_vader_single_copy_mechanism="none",
           OMPI_MCA_rmaps_base_oversubscribe="1", OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
mpirun = ["mpirun", "--oversubscribe", "--allow-run-as-root", "--mca", "btl", "self,vader"]


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + (f" ({detail})" if detail and not ok else ""), flush=True)


def sweep(spec, out, *extra, ranks=0, code=0, more_env=None):
    cmd = ([*mpirun, "-np", str(ranks)] if ranks else []) + [devolve, "sweep", spec, "-o", out, "--overwrite", *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, env=dict(env, **(more_env or {})), timeout=600)
    if r.returncode != code:
        print(r.stdout, r.stderr)
    check(f"{ranks or 'single'}-rank sweep {os.path.basename(spec)} {' '.join(extra)} exits {code}", r.returncode == code)
    return r


def numbers(path):
    """Every dataset of /sweep, by name."""
    with h5py.File(path) as f:
        return {k: f["sweep"][k][...] for k in f["sweep"] if f["sweep"][k].dtype.kind == "f"}


def same(a, b):
    na, nb = numbers(a), numbers(b)
    return na.keys() == nb.keys() and all(np.array_equal(na[k], nb[k], equal_nan=True) for k in na)


with tempfile.TemporaryDirectory() as tmp:
    for name in ("toy-linear.yaml", "toy-coefficients.yaml"):
        spec = os.path.join(sweeps, name)
        ref = os.path.join(tmp, "ref.h5")
        sweep(spec, ref, "-q")
        for ranks, threads in ((2, "1"), (3, "1"), (3, "2")):
            out = os.path.join(tmp, f"mpi{ranks}.h5")
            r = sweep(spec, out, "--threads", threads, ranks=ranks)
            check(f"{name}: {ranks} ranks x {threads} threads = one process, bit for bit", same(out, ref))
            check(f"{name}: {ranks} ranks print the summary once", r.stdout.count("wrote " + out) == 1 and
                  r.stdout.count("UK total") == 1 and r.stderr.count("sweep: ") >= 1 and
                  r.stderr.count(" runs of ") == 1, r.stdout + r.stderr)

    # MPI started before the setup (DEVOLVE_MPI_INIT=sync): the same file; an unknown value: exit 2.
    out = os.path.join(tmp, "sync.h5")
    sweep(spec, out, "-q", ranks=2, more_env={"DEVOLVE_MPI_INIT": "sync"})
    check("DEVOLVE_MPI_INIT=sync on 2 ranks = one process, bit for bit", os.path.exists(out) and same(out, ref))
    r = sweep(spec, out, "-q", ranks=2, code=2, more_env={"DEVOLVE_MPI_INIT": "early"})
    check("DEVOLVE_MPI_INIT=early: refused, saying the values", "must be sync" in r.stderr, r.stderr)

    # A rank told another path than rank 0 (DEVOLVE_SWEEP_PATH not passed to its node): refused,
    # once, exit 2, nothing written (the chunk is rank 0's, so no run is dealt twice or to nobody).
    spec, out = os.path.join(sweeps, "toy-linear.yaml"), os.path.join(tmp, "paths.h5")
    r = subprocess.run([*mpirun, "-np", "1", devolve, "sweep", spec, "-o", out, ":", "-np", "1", "env",
                        "DEVOLVE_SWEEP_PATH=coefficients", devolve, "sweep", spec, "-o", out],
                       capture_output=True, text=True, env=env, timeout=600)
    check("ranks on different paths: refused once, exit 2, no output", r.returncode == 2 and
          r.stderr.count("takes another path than rank 0") == 1 and not os.path.exists(out), r.stdout + r.stderr)

    # The launcher's rank, read by the command and passed to MPI's thread, is checked against MPI's:
    # two ranks whose OMPI_COMM_WORLD_RANK are swapped stop at once (MPI_Abort), saying why.
    out = os.path.join(tmp, "swapped.h5")
    r = subprocess.run([*mpirun, "-np", "2", "sh", "-c",
                        f'OMPI_COMM_WORLD_RANK=$((1 - OMPI_COMM_WORLD_RANK)) exec "$0" sweep "$1" -o "$2" -q',
                        devolve, spec, out], capture_output=True, text=True, env=env, timeout=600)
    check("a launcher rank that is not MPI's: aborted, saying why, no output", r.returncode != 0 and
          "the launcher's rank (OMPI_COMM_WORLD_RANK, PMIX_RANK or PMI_RANK) is not MPI's" in r.stderr and
          not os.path.exists(out), r.stdout + r.stderr)

    # More ranks than runs (2 runs, 3 ranks): a rank with none still ends, the file is one process's.
    two = os.path.join(tmp, "two.yaml")
    with open(two, "w") as fh:
        fh.write(f"name: two runs\nscenario: {os.path.join(data, 'scenarios', 'toy-spend.yaml')}\n"
                 "sampler: monte_carlo\nsamples: 2\nseed: 3\noutputs: [jobs]\ninputs:\n"
                 "  - path: shocks[2].change\n    distribution: {uniform: [1.0, 1.5]}\n")
    ref2, out2 = os.path.join(tmp, "two-ref.h5"), os.path.join(tmp, "two.h5")
    sweep(two, ref2, "-q")
    sweep(two, out2, "-q", ranks=3)
    check("3 ranks, 2 runs = one process, bit for bit", os.path.exists(out2) and same(out2, ref2))

    # An error every rank finds: printed once, exit 3 everywhere, nothing written.
    bad = os.path.join(data, "bad_sweeps", "13-input-varied-twice.yaml")
    out = os.path.join(tmp, "bad.h5")
    r = sweep(bad, out, ranks=3, code=3)
    check("a bad sweep file under mpirun: the message once", r.stderr.count("is varied twice") == 1, r.stderr)
    # Runs that fail on whichever rank draws them (a productivity change outside its limits).
    failing = os.path.join(tmp, "failing.yaml")
    with open(failing, "w") as fh:
        fh.write(f"name: failing runs\nscenario: {os.path.join(data, 'scenarios', 'toy-spend.yaml')}\n"
                 "sampler: monte_carlo\nsamples: 40\nseed: 3\noutputs: [jobs]\ninputs:\n"
                 "  - path: shocks[2].change\n    distribution: {normal: [0.5, 1.5]}\n")
    r = sweep(failing, out, ranks=3, code=3)
    check("a run failing on some rank: one message, exit 3, no output",
          r.stderr.count("shocks[2].change: must be at least") == 1 and
          r.stderr.count("finished runs are kept in") == 1 and not os.path.exists(out), r.stderr)

    # Stopped on 3 ranks, resumed on 2: the same file as one uninterrupted process.
    reg = os.path.join(tmp, "reg.yaml")
    with open(reg, "w") as fh:
        fh.write(f"name: resume test\nscenario: {os.path.join(repo, 'scenarios', 'missing-4bn.yaml')}\n"
                 "sampler: latin_hypercube\nsamples: 150\nseed: 9\noutputs: [jobs]\ninputs:\n"
                 "  - path: model.delta\n    distribution: {uniform: [0.1, 0.4]}\n"
                 "  - path: model.beta\n    distribution: {uniform: [0.5, 2.0]}\n")
    full, part = os.path.join(tmp, "full.h5"), os.path.join(tmp, "part.h5")
    sweep(reg, full, "-q", "--threads", "2")  # also builds the model cache before the ranks start
    p = subprocess.Popen([*mpirun, "-np", "3", devolve, "sweep", reg, "-o", part, "--threads", "1"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    journal = part + ".partial"
    record = 16 + 8 * 11 * 12  # run number, 11 years x 12 regions of jobs, checksum
    deadline = time.time() + 300
    # Signalled once the journal holds a run: it is flushed every 0.25 s; 150 runs (about 3 s on 3
    # ranks) so that the sweep does not finish first (60 runs, 1.1 s, did on a quiet machine).
    while time.time() < deadline and p.poll() is None and (
            not os.path.exists(journal) or os.path.getsize(journal) < 40 + record):
        time.sleep(0.02)
    p.send_signal(signal.SIGTERM)
    err = p.communicate(timeout=120)[1]
    kept = (os.path.getsize(journal) - 40) // record if os.path.exists(journal) else 0
    check("stopped part-way on 3 ranks: no output, a journal kept", not os.path.exists(part) and 0 < kept < 150,
          f"rc {p.returncode}, {kept} runs kept; {err}")
    check("stopped part-way: rank 0's message once (the ranks stopped through STOP and ACK)",
          err.count("interrupted:") == 1 and err.count("runs are saved in") == 1, err)
    with open(journal, "rb") as fh:
        stopped_journal = fh.read()
    sweep(reg, part, "--resume", "-q", ranks=2)
    check("resumed on 2 ranks: the journal is gone", os.path.exists(part) and not os.path.exists(journal))
    check("resumed on 2 ranks = one uninterrupted process, bit for bit", os.path.exists(part) and same(part, full))
    # A journal with every run done (a job stopped after its last run was journalled): the stopped
    # job's journal completed with the uninterrupted file's rows; --resume on 3 ranks has no run to
    # hand out and writes the same file.
    done = os.path.join(tmp, "done.h5")
    with h5py.File(full) as f:
        rows = f["sweep"]["headline"][...].reshape(150, -1)
    record = 16 + 8 * rows.shape[1]
    whole = 40 + (len(stopped_journal) - 40) // record * record  # no torn last record
    with open(done + ".partial", "wb") as fh:
        fh.write(stopped_journal[:whole])
        for idx in range(150):
            rec = rows[idx].astype("<f8").tobytes()
            h = idx
            for b in rec:
                h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
            fh.write(struct.pack("<Q", idx) + rec + struct.pack("<Q", h))
    sweep(reg, done, "--resume", "-q", ranks=3)
    check("resumed with no run left on 3 ranks = one process, bit for bit",
          os.path.exists(done) and same(done, full) and not os.path.exists(done + ".partial"))

print(f"{sum(results)}/{len(results)} checks passed")
sys.exit(0 if all(results) else 1)
