#!/usr/bin/python3
"""One national baseline whatever the geography (docs/methodology.md, "The national control").

    national_baseline.py DEVOLVE REPO [large]

On uk-itl1-2022, uk-itl2-2022, uk-ca-2022 and uk-keycities-2022 (with `large`: uk-itl1-2022,
uk-itl3-2022 and uk-lad-2022, label uk-large, skipped (77) unless DEVOLVE_UK_LARGE=1), the same scenario's
baseline_by_region summed over the regions is, for every measure and year, the model's base-year
UK total (`devolve model info --json`) times the UK path: (1 + g)^n, and ((1 + g)/(1 + p))^n for
jobs and FTE, g and p the UK rows of data/uk/itl1/gva_real_trend.csv and productivity_trend.csv
(to 1e-9 relative). Without the control the regions' own trends add up to more (2.38% a year on
LAD against 2.12%), which fails this. The UK totals are then the same on every geography to 1e-9
(jobs: ITL1's base-year total is one job below the others', ONS's ITL1 and ITL2 filled jobs
being rounded separately, so jobs are compared after dividing by it). Also: trend_2015_2023 is
held to the UK's 2015-2023 rate, and a map of rates by region is not scaled.
"""
import csv
import json
import os
import sys
import tempfile

import h5py
import numpy as np

devolve, repo = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, skip_unless_large  # noqa: E402

large = sys.argv[3:] == ["large"]
if large:
    skip_unless_large(repo)
C = Checks(devolve)
check, run = C.check, C.run
levels = ["itl1", "itl3", "lad"] if large else ["itl1", "itl2", "ca", "keycities"]


def uk_row(name, column):
    with open(os.path.join(repo, "data", "uk", "itl1", name)) as f:
        return float(next(r for r in csv.DictReader(f) if r["region_code"] == "UK")[column])


def scenario(path, level, baseline=""):
    with open(path, "w") as f:
        f.write(f"name: national baseline {level}\nmodel: uk-{level}-2022\nyears: [2025, 2034]\ntype: I\n{baseline}"
                "shocks:\n  - type: spend\n    label: probe\n    regions: uk\n    amount: 10\n    profile: public_rd\n")


def totals(level):
    t = json.loads(run("model", "info", f"uk-{level}-2022", "--json"))["totals"]
    return {"output": t["output"], "gva": t["gva"], "income": t["compensation"], **t["indicators"]}


g12, g15 = uk_row("gva_real_trend.csv", "cagr_2012_2019"), uk_row("gva_real_trend.csv", "cagr_2015_2023")
p12 = uk_row("productivity_trend.csv", "gva_per_job_cagr_2012_2019")
with tempfile.TemporaryDirectory() as tmp:
    uk, index = {}, {}
    for level in levels:
        y, out = os.path.join(tmp, level + ".yaml"), os.path.join(tmp, level + ".h5")
        scenario(y, level)
        run("run", y, "-o", out)
        base = totals(level)
        with h5py.File(out) as f:
            measures = [m.decode() for m in f["results/measure"][...]]
            years = f["results/year"][...]
            b = f["results/baseline_by_region"][...].sum(axis=2)  # (measure, year)
            control = f["baseline"].attrs["national_control"]
            control = control.decode() if isinstance(control, bytes) else control
        check(f"{level}: /baseline national_control names the UK rates", control.startswith("UK real GVA 0.021152895 a year"),
              control)
        n = years - 2022
        worst = 0.0
        for k, m in enumerate(measures):
            path = ((1 + g12) / (1 + p12)) ** n if m in ("jobs", "fte") else (1 + g12) ** n
            index[level, m] = b[k] / base[m]
            uk[level, m] = b[k]
            worst = max(worst, float(np.abs(index[level, m] / path - 1).max()))
        check(f"{level}: every measure's UK baseline is its base-year UK total on the UK path", worst < 1e-9,
              f"largest relative difference {worst:.2e}")
    for level in levels[1:]:
        worst = max(float(np.abs(uk[level, m] / uk[levels[0], m] - 1).max()) for m in measures if m != "jobs")
        worst_index = max(float(np.abs(index[level, m] / index[levels[0], m] - 1).max()) for m in measures)
        check(f"{level}: the same UK baseline as {levels[0]} (jobs after the base-year total)",
              worst < 1e-9 and worst_index < 1e-9, f"{worst:.2e}, {worst_index:.2e}")

    if large:
        C.finish()
    # trend_2015_2023: the UK's 2015-2023 rate, the same on ITL1 and ITL2
    gva = {}
    for level in ("itl1", "itl2"):
        y, out = os.path.join(tmp, level + "-15.yaml"), os.path.join(tmp, level + "-15.h5")
        scenario(y, level, "baseline: {growth: trend_2015_2023}\n")
        run("run", y, "-o", out)
        with h5py.File(out) as f:
            gva[level] = f["results/baseline_by_region"][1].sum(axis=1)
        path = totals(level)["gva"] * (1 + g15) ** (np.arange(2025, 2035) - 2022)
        check(f"{level}: trend_2015_2023 holds UK GVA to the UK's 2015-2023 rate",
              np.abs(gva[level] / path - 1).max() < 1e-9)

    # a map by region is the user's own path: not scaled
    y, out = os.path.join(tmp, "map.yaml"), os.path.join(tmp, "map.h5")
    scenario(y, "itl1", "baseline: {growth: {TLI: 0.03}, productivity: 0}\n")
    run("run", y, "-o", out)
    info = json.loads(run("model", "info", "uk-itl1-2022", "--json"))
    e = {r["code"]: r["gva"] for r in info["regions"]}
    with h5py.File(out) as f:
        regions = [r.decode() for r in f["results/region"][...]]
        b = f["results/baseline_by_region"][1]  # gva (year, region)
        control = f["baseline"].attrs["national_control"]
        control = control.decode() if isinstance(control, bytes) else control
    n = np.arange(2025, 2035) - 2022
    i, c = regions.index("TLI"), regions.index("TLC")
    check("a map of rates by region is not scaled: London at 3%, the North East at 0%",
          np.abs(b[:, i] / (e["TLI"] * 1.03 ** n) - 1).max() < 1e-12 and np.abs(b[:, c] / e["TLC"] - 1).max() < 1e-12
          and control.startswith("none: the growth rates are given by region"), control)
C.finish()
