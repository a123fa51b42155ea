#!/usr/bin/python3
"""R&D dynamics, the baseline path, present values and GVA per head, checked by hand.

The toy scenario tests/data/scenarios/toy-rd.yaml spends 10 a year of public R&D in N in 2024
and 2025 with leverage 1.5 (lag 1), depreciation 0.1, return 0.2 (lag 1) and 25% spill-over.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import xarray as xr

devolve, data = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve)
check = C.check

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "rd.h5")
    r = subprocess.run([devolve, "run", os.path.join(data, "scenarios", "toy-rd.yaml"), "-o", out, "-q"],
                       capture_output=True, text=True)
    check("run exits 0", r.returncode == 0, r.stderr)
    rep = subprocess.run([devolve, "report", out], capture_output=True, text=True).stdout
    check("a run without additionality is reported as gross, never net",
          "Gross: no additionality applied." in rep and "Net of" not in rep, rep[-300:])
    ds = xr.open_dataset(out, group="results", engine="h5netcdf")
    years = list(ds.year.values)
    check("a private R&D source follows the R&D shock", list(ds.shock.values) == ["R&D in the North", "R&D in the North: leveraged private R&D"])
    public = np.array([10, 10, 0, 0, 0.0])
    private = np.array([0, 15, 15, 0, 0.0])  # 1.5 x public of the year before
    check("leveraged private R&D = leverage x public R&D a year before",
          np.allclose(ds.demand.sel(shock="R&D in the North: leveraged private R&D", region="N").values, private))
    k = np.zeros(5)
    for t in range(5):
        k[t] = (0.9 * k[t - 1] if t else 0) + public[t] + private[t]
    check("knowledge stock K_t = 0.9 K_t-1 + public + private", np.allclose(ds.knowledge_stock.sel(region="N").values, k))
    supply = ds.impact.sel(component="supply_side", measure="gva").sum("industry")
    expected = np.concatenate([[0], 0.2 * k[:-1]])  # return lag 1
    check("supply-side GVA in N = 0.75 x 0.2 x K_t-1", np.allclose(supply.sel(region="N").values, 0.75 * expected))
    check("supply-side GVA elsewhere = 0.25 x 0.2 x K_t-1", np.allclose(supply.sel(region="S").values, 0.25 * expected))
    check("no jobs from the supply side", float(abs(ds.impact.sel(component="supply_side", measure="jobs")).sum()) == 0)
    # Baseline: GVA grows 2% a year from 2022; jobs 2% less 1% productivity in N.
    gva22 = {"N": 123.0, "S": 154.0}
    jobs22 = {"N": 42.0, "S": 49.0}
    for reg in ("N", "S"):
        got = ds.baseline_by_region.sel(measure="gva", region=reg).values
        check(f"baseline GVA of {reg} grows 2% a year", np.allclose(got, [gva22[reg] * 1.02 ** (y - 2022) for y in years]))
    got = ds.baseline_by_region.sel(measure="jobs", region="N").values
    check("baseline jobs of N grow (1.02 / 1.01) a year", np.allclose(got, [jobs22["N"] * (1.02 / 1.01) ** (y - 2022) for y in years]))
    # Jobs per unit of output fall with the productivity trend in demand-side effects too.
    direct_jobs = ds.impact.sel(component="direct", measure="jobs", region="N", industry="MAN").values
    check("demand-side jobs use coefficients / 1.01^(t - 2022)",
          np.allclose(direct_jobs, [30 / 150 / 1.01 ** (y - 2022) * public[i] for i, y in enumerate(years)]))
    # Present value to 2023 at 3.5%.
    df = np.array([1.035 ** -(y - 2023) for y in years])
    check("Green Book discount factors", np.allclose(ds.discount_factor.values, df))
    pv = float(ds.present_value.sel(measure="gva").sum())
    check("present value of GVA = sum of discounted yearly GVA",
          abs(pv - float((ds.by_region.sel(measure="gva").sum("region").values * df).sum())) < 1e-9)
    check("scenario = baseline + change", np.allclose(ds.scenario_by_region, ds.baseline_by_region + ds.by_region))
    ph = ds.gva_per_head.sel(case="baseline", year=2024, region="N").item()
    check("GVA per head = GVA / population", abs(ph - gva22["N"] * 1.02 ** 2 * 1e6 / 2e6) < 1e-6)
    cv = ds.gaps.sel(case="baseline", year=2024, gap="coefficient_of_variation").item()
    x = np.array([gva22["N"] / 2e6, gva22["S"] / 3e6])
    w = np.array([2e6, 3e6])
    mean = (x * w).sum() / w.sum()
    check("coefficient of variation of GVA per head (population-weighted)",
          abs(cv - np.sqrt((w * (x - mean) ** 2).sum() / w.sum()) / mean) < 1e-12)
    check("no north/south ratio without those regions", np.isnan(ds.gaps.sel(gap="north_to_greater_south_east")).all())

C.finish()
