#!/usr/bin/python3
"""Who gets the jobs on uk-itl1-2022 (docs/methodology.md, section 12), through the real executable:
jobs, FTE and income by residence add up to the workplace totals every year; with every new
resident job filled from unemployment, each region's unemployment falls by its residence jobs
change; a scenario built to exceed the North East's labour reserve raises the flag (in the file
and in the report), and a small one does not.

    labour_itl1.py DEVOLVE
"""
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

devolve = sys.argv[1]
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))


def scenario(amount, supply):
    return f"""name: labour reserve test
model: uk-itl1-2022
years: [2025, 2026]
labour_supply: {supply}
shocks:
  - type: spend
    label: North East spend
    regions: TLC
    amount: {amount}
    profile: capital_construction
"""


def run(tmp, name, text):
    path, out = os.path.join(tmp, name + ".yaml"), os.path.join(tmp, name + ".h5")
    with open(path, "w") as f:
        f.write(text)
    r = subprocess.run([devolve, "run", path, "-o", out], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"devolve run failed:\n{r.stderr}")
    return out, r.stdout


with tempfile.TemporaryDirectory() as tmp:
    # GBP 30bn a year of capital construction in the North East: far more new resident jobs than its
    # 61,000 unemployed plus about 86,000 inactive wanting work.
    big, report = run(tmp, "big", scenario(30000, "{unemployed: 1, inactive: 0, in_commuting: 0, in_migration: 0}"))
    with h5py.File(big) as f:
        g = f["results"]
        measures = [m.decode() for m in g["place_measure"][...]]
        place = g["by_place"][...]
        check("place measures are jobs, fte, income", measures == ["jobs", "fte", "income"], measures)
        check("residence totals equal workplace totals for every measure and year",
              np.allclose(place[1].sum(axis=-1), place[0].sum(axis=-1), rtol=1e-12, atol=0))
        check("commuting moves jobs between regions", not np.allclose(place[1], place[0]))
        regions = [r.decode() for r in g["region"][...]]
        ne = regions.index("TLC")
        dE = place[1, 0, :, :]  # residence jobs (year, region)
        supply = g["labour_supply"][...]
        check("all from unemployment: the unemployed flow equals the residence jobs change",
              np.array_equal(supply[0], dE) and not supply[1:].any())
        rates = g["labour_rates"][...]
        rows = {r[0]: r for r in (line.split(",") for line in open(os.path.join(os.path.dirname(__file__), "..", "..",
                                                                                  "data", "uk", "itl1", "labour_market.csv")))}
        U = np.array([float(rows[r][4]) * 1000 for r in regions])
        A = np.array([float(rows[r][5]) * 1000 for r in regions])
        check("unemployment rate with the scenario = 100 (U - residence jobs) / A",
              np.allclose(rates[1, 1], 100 * (U - dE) / A, rtol=1e-12), rates[1, 1][:, ne])
        flag = g["labour_reserve_exceeded"]
        check("the reserve flag fires in the North East", flag[0, ne] == 1 and "TLC 2025" in flag.attrs["exceeded_in"],
              flag.attrs["exceeded_in"])
        check("the flag compares residence jobs with the reserve",
              np.array_equal(flag[...] == 1, dE > g["labour_reserve"][...][None, :]))
    check("the report says where the reserve is exceeded", "exceeded: TLC 2025" in report, report[-600:])
    rep = json.loads(subprocess.run([devolve, "report", big, "--json"], capture_output=True, text=True).stdout)
    check("report --json carries the flag", "TLC 2025" in rep["labour"]["reserve_exceeded_in"])
    with h5py.File(big) as f:  # the low-pay gap: the low-paid share of all new jobs, and each region's share minus it
        g = f["results"]
        t = list(g["year"][...]).index(rep["labour"]["year"])
        tot = g["total"][[m.decode() for m in g["measure"][...]].index("jobs"), t]
        tot = np.clip(tot, 0, None)  # the gross new jobs: the gains of the region-industries that gain
        ref = (g["low_pay_industry"][...] * tot).sum() / tot.sum()
        gap = g["new_jobs_low_pay_share"][t] - ref
        regions = [r.decode() for r in g["region"][...]]
    lp = rep["beyond_gva_gaps"]["new_jobs_low_pay_share"]
    check("report --json: low-pay share of all new jobs and each region's gap (h5py)",
          abs(lp["reference"] - ref) <= 1e-12 * abs(ref) and all(abs(lp["gap"][r] - gap[i]) <= 1e-12 for i, r in enumerate(regions)),
          f"{lp['reference']} vs {ref}")
    small, report = run(tmp, "small", scenario(10, "{}"))
    with h5py.File(small) as f:
        check("a GBP 10m spend exceeds no reserve", f["results/labour_reserve_exceeded"].attrs["exceeded_in"] == "none")
        s = f["results/labour_supply"][...]
        check("default shares 0, 0.25, 0, 0.75, 0 (Bartik 1993)",
              np.allclose(s / s.sum(axis=0), np.array([0, .25, 0, .75, 0])[:, None, None]))
        g = f["results"]
        gap, spread = g["beyond_gva_gap"][...], g["beyond_gva_spread"][...]
        check("beyond-GVA gaps: reference + gap = value", np.allclose(spread[..., 0:1] + gap, g["beyond_gva"][...],
                                                                     rtol=1e-12, equal_nan=True))
    # A sweep keeps the labour measures (docs/sweeps.md, "outputs"): run 0 is the big scenario as run above.
    with open(os.path.join(tmp, "sweep.yaml"), "w") as f:
        f.write("name: labour sweep\nscenario: big.yaml\nsampler: grid\n"
                "outputs: [jobs, employment_rate_change, unemployment_rate_change, labour_reserve_exceeded]\n"
                "inputs:\n  - path: labour_supply.in_migration\n    distribution: {values: [0, 1]}\n")
    r = subprocess.run([devolve, "sweep", os.path.join(tmp, "sweep.yaml"), "-o", os.path.join(tmp, "sweep.h5"), "-q"],
                       capture_output=True, text=True)
    check("the labour sweep runs", r.returncode == 0, r.stderr[-800:])
    with h5py.File(big) as f, h5py.File(os.path.join(tmp, "sweep.h5")) as s:
        rates, flag = f["results/labour_rates"][...], f["results/labour_reserve_exceeded"][...]
        h = s["sweep/headline"][...]
        check("sweep: employment rate change = the run's", np.allclose(h[0, 1], rates[0, 1] - rates[0, 0], rtol=1e-9, atol=1e-12))
        check("sweep: unemployment rate change = the run's", np.allclose(h[0, 2], rates[1, 1] - rates[1, 0], rtol=1e-9, atol=1e-12))
        check("sweep: the reserve flag = the run's", np.array_equal(h[0, 3], flag))
        nat = s["sweep/national"][...]
        check("sweep: national flag = number of regions flagged", np.array_equal(nat[:, 3], h[:, 3].sum(axis=-1)))
        check("sweep: half from in-migration changes the rates", not np.allclose(h[1, 1], h[0, 1]))

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
