"""The preamble the CLI tests share: a named check that prints ok/FAIL (with a detail on failure), a
devolve run whose exit code is itself a check, and the closing count and exit status."""
import os
import subprocess
import sys


def regions_selected(run, tmp, model, refs, *run_args):
    """Runs a scenario of one spend shock per region reference on `model` (run: Checks.run) and gives,
    for each reference, the sorted regions with demand, and the run summary."""
    import h5py
    import numpy as np
    path = os.path.join(tmp, f"sel-{model}.yaml")
    with open(path, "w") as f:
        f.write(f"name: sel\nmodel: {model}\nyears: [2025, 2025]\ntype: I\nprices: 2022\nshocks:\n")
        for k, ref in enumerate(refs):
            f.write(f"  - {{type: spend, label: s{k}, regions: {ref}, amount: 100, profile: public_rd}}\n")
    out = path[:-5] + ".h5"
    r = run("run", path, "-o", out, *run_args)
    with h5py.File(out, "r") as h:
        regions = [x.decode() for x in h["/results/region"][...]]
        demand = h["/results/demand"][...]  # shock, year, region
    return [sorted(regions[i] for i in np.nonzero(np.abs(demand[k]).sum(axis=0))[0]) for k in range(len(refs))], r.stdout


class Checks:
    def __init__(self, devolve, timeout=600, named_args=1):
        """timeout: seconds a run may take by default; named_args: how many of a run's arguments its
        check names ("devolve run exits 0" with 1, "devolve model info exits 0" with 2)."""
        self.devolve, self.timeout, self.named_args = devolve, timeout, named_args
        self.results = []

    def check(self, name, ok, detail=""):
        self.results.append(bool(ok))
        print(("ok   " if ok else "FAIL ") + name + (f" ({detail})" if detail and not ok else ""), flush=True)
        return bool(ok)

    def run(self, *args, code=0, env=None, cwd=None, timeout=None, prefix=()):
        """Runs devolve with args (after the command prefix, e.g. strace), checks its exit code, returns
        the CompletedProcess. env adds to the environment."""
        r = subprocess.run([*prefix, self.devolve, *args], capture_output=True, text=True, cwd=cwd,
                           timeout=timeout or self.timeout, env={**os.environ, **env} if env else None)
        self.check(f"devolve {' '.join(args[:self.named_args])} exits {code}", r.returncode == code,
                   r.stdout[-1500:] + r.stderr[-1500:])
        return r

    def finish(self):
        """Prints 'N passed, M failed' and exits 0 only if every check passed."""
        print(f"{sum(self.results)} passed, {len(self.results) - sum(self.results)} failed")
        sys.exit(0 if all(self.results) else 1)
