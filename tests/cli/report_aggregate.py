#!/usr/bin/python3
"""Results at a coarser level on request, and compressed results files (docs/results.md, "What is
stored at which level").

    report_aggregate.py DEVOLVE REPO

On uk-itl2-2022 (scenarios/gm-innovation.yaml): `devolve report --aggregate itl1 --json` gives each
ITL1 region the sum of its ITL2 areas' values in the file (parents from data/uk/lad/regions.csv),
and the same UK total; `devolve model info --aggregate itl1 --json` sums the model's regions the
same way. The large datasets are chunked and deflated, the small ones contiguous, and xarray
(h5netcdf) reads the compressed file with the values h5py reads. A level that does not exist, or
one finer than the model's regions, is a located error (exit 1 for bad input, 2 for usage).
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import xarray as xr

devolve, repo = sys.argv[1:3]
failures = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + (f": {detail}" if detail and not cond else ""))
    if not cond:
        failures.append(name)


def run(args):
    return subprocess.run([devolve] + args, capture_output=True, text=True, timeout=600)


with open(os.path.join(repo, "data", "uk", "lad", "regions.csv")) as f:
    itl1_of = {row["itl2_code"]: row["itl1_code"] for row in csv.DictReader(f)}

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "gm.h5")
    r = run(["run", os.path.join(repo, "scenarios", "gm-innovation.yaml"), "-o", out, "-q"])
    check("run exits 0", r.returncode == 0, r.stderr[-2000:])
    with h5py.File(out, "r") as f:
        regions = [x.decode() for x in f["results/region"][()]]
        measures = [x.decode() for x in f["results/measure"][()]]
        cum = f["results/cumulative_by_region"][()]  # (measure, region)
        impact = f["results/impact"]
        check("impact is chunked and deflated", impact.chunks is not None and impact.compression == "gzip",
              f"{impact.chunks} {impact.compression}")
        check("impact is stored smaller than its values", impact.id.get_storage_size() < impact.nbytes)
        check("cumulative_by_region (small) stays contiguous", f["results/cumulative_by_region"].chunks is None)
        total = f["results/total"][()]
    x = xr.open_dataset(out, group="results", engine="h5netcdf")
    check("xarray (h5netcdf) reads the compressed total as h5py does", np.array_equal(x.total.values, total))
    x.close()
    r = run(["report", out, "--cumulative", "--json", "--aggregate", "itl1"])
    check("report --aggregate itl1 exits 0", r.returncode == 0, r.stderr[-2000:])
    if r.returncode == 0:
        j = json.loads(r.stdout)
        got = {row["code"]: row for row in j["regions"]}
        parents = sorted(set(itl1_of[c] for c in regions))
        check("one row per ITL1 parent", sorted(got) == parents, f"{sorted(got)}")
        worst, compared = 0.0, 0
        for p in parents:
            for m, name in enumerate(measures):
                want = sum(cum[m, k] for k, c in enumerate(regions) if itl1_of[c] == p)
                have = got[p]["cumulative"][name]
                worst = max(worst, abs(have - want) / max(1.0, abs(want)))
                compared += 1
        check("each parent is the sum of its ITL2 areas (summed over the years)",
              compared == len(parents) * len(measures) and worst < 1e-9, f"{worst} over {compared}")
    r = run(["model", "info", "uk-itl2-2022", "--json", "--aggregate", "itl1"])
    check("model info --aggregate itl1 exits 0", r.returncode == 0, r.stderr[-2000:])
    if r.returncode == 0:
        agg = json.loads(r.stdout)
        full = json.loads(run(["model", "info", "uk-itl2-2022", "--json"]).stdout)
        want = {}
        for row in full["regions"]:
            want[itl1_of[row["code"]]] = want.get(itl1_of[row["code"]], 0.0) + row["gva"]
        have = {row["code"]: row["gva"] for row in agg["regions"]}
        check("model info: 12 ITL1 rows", len(have) == 12 and agg.get("aggregate") == "itl1", f"{sorted(have)}")
        check("model info: each ITL1 GVA the sum of its ITL2 areas",
              all(abs(have[k] - want[k]) <= 1e-9 * abs(want[k]) for k in want), f"{have} {want}")
    r = run(["report", out, "--aggregate", "lad"])
    check("--aggregate lad: an error naming the levels",
          r.returncode != 0 and "itl1, itl2 and itl3" in r.stderr, r.stderr[-500:])
    r = run(["report", out, "--aggregate", "itl3"])
    check("--aggregate finer than the regions: an error naming the region",
          r.returncode != 0 and "is not a local authority or ITL area at or below itl3" in r.stderr, r.stderr[-500:])

sys.exit(1 if failures else 0)
