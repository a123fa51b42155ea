#!/usr/bin/python3
"""Checks of the shipped UK models, through the real executable (issue: the UK base model).

    uk_model.py DEVOLVE REPO LEVEL     (LEVEL: itl1 or itl2)

- regional GVA equals the ONS published GVA of the release (April 2025) plus the documented
  allocation of Extra-Regio, to rounding;
- the regions add up to the national table cell by cell (Z, final demand by category role,
  primary inputs, output);
- every identity holds and the model is productive (devolve model check);
- jobs by region are within 3% of ONS total filled jobs 2021;
- each region's own-region Type I output multiplier is below the national multiplier of the
  industry, computed here with numpy from the national table;
- purchases from another region per unit of that region's output fall with distance;
- building with another delta or beta gives a different model that still balances; so does
  building with the augmented FLQ (lq aflq), which keeps more purchases inside the regions.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
import xarray as xr

devolve, repo, level = sys.argv[1], sys.argv[2], sys.argv[3]
model_id = f"uk-{level}-2022"
uk = os.path.join(repo, "data", "uk")
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + (f" ({detail})" if detail else ""))


def run(*args):
    r = subprocess.run([devolve, *args], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(f"devolve {' '.join(args)} failed with exit code {r.returncode}")
    return r.stdout


with tempfile.TemporaryDirectory() as tmp:
    env_cache = os.environ.get("DEVOLVE_CACHE_DIR")
    out = run("model", "check", model_id)
    check("every identity holds and the model is productive", "every identity holds and the model is productive" in out)
    info = json.loads(run("model", "info", model_id, "--json"))
    regions = pd.read_csv(os.path.join(uk, level, "regions.csv")).set_index("code")
    gva_ind = pd.read_csv(os.path.join(uk, level, "gva_by_ioat_industry.csv"))
    extra = gva_ind.groupby("region_code").gva_extra_regio.sum()

    # GVA by region: published + Extra-Regio allocation (docs/data.md), to rounding: the release
    # rounds each industry group to GBP 1m, so a region's sum of groups can differ from its published
    # total by up to 0.5 x the number of groups (78 at ITL1, 70 at ITL2).
    worst = 0
    for r in info["regions"]:
        expected = regions.loc[r["code"], "gva_2022_published"] + extra.get(r["code"], 0.0)
        worst = max(worst, abs(r["gva"] - expected))
    groups = pd.read_csv(os.path.join(uk, "national", "regional_industry_groups.csv"))
    bound = 0.5 * (groups.level == level).sum()
    check("GVA by region equals ONS published GVA plus allocated Extra-Regio, to rounding", worst <= bound,
          f"largest difference {worst:.3f} GBP m; rounding bound {bound:.0f}")
    check("UK GVA equals the national table", abs(info["totals"]["gva"] - 2266082) < 1.0, f"{info['totals']['gva']:.1f}")

    jobs_dev = max(abs(r["indicators"]["jobs"] / regions.loc[r["code"], "filled_jobs_2021"] - 1) for r in info["regions"])
    check("jobs by region within 3% of ONS total filled jobs 2021", jobs_dev < 0.03, f"largest deviation {100 * jobs_dev:.2f}%")

    h5 = os.path.join(tmp, "model.h5")
    run("model", "build", model_id, "-o", h5)
    m = xr.open_dataset(h5, engine="h5netcdf")
    industries = list(m.industry.values)
    nz = pd.read_csv(os.path.join(uk, "national", "z.csv"))
    Zn = np.zeros((len(industries), len(industries)))
    pos = {c: i for i, c in enumerate(industries)}
    for row in nz.itertuples():
        Zn[pos[row.row_code], pos[row.col_code]] = row.value
    Zsum = m.z.sum(dim=["from_region", "to_region"]).values
    check("regions add up to the national Z cell by cell", np.allclose(Zsum, Zn, rtol=1e-8, atol=1e-6),
          f"largest difference {np.abs(Zsum - Zn).max():.2e}")
    pi = pd.read_csv(os.path.join(uk, "national", "primary_inputs.csv")).set_index("code").loc[industries]
    xsum = m.output.sum(dim="region").values
    check("regions add up to national output by industry", np.allclose(xsum, pi.output.values, rtol=1e-9))
    prim = m.primary_inputs.sum(dim="region")
    for code, col in (("IMP", "imports_cif"), ("TAX", "product_taxes_less_subsidies"), ("COE", "compensation_of_employees"),
                      ("OTP", "other_taxes_less_subsidies_on_production")):
        check(f"regions add up to national {col} by industry", np.allclose(prim.sel(input=code).values, pi[col].values, rtol=1e-8, atol=1e-6))
    gos = prim.sel(input="GOS").values
    check("regions add up to national GOS and mixed income", np.allclose(gos, pi.gos_and_mixed_income.values, rtol=1e-6, atol=1e-3),
          f"largest difference {np.abs(gos - pi.gos_and_mixed_income.values).max():.2e}")
    fd = pd.read_csv(os.path.join(uk, "national", "final_demand.csv"))
    cats = pd.read_csv(os.path.join(uk, "national", "final_demand_categories.csv")).set_index("category").role
    fd["role"] = fd.category.map(cats)
    role_code = {"households": "HH", "npish": "NPISH", "government": "GOV", "gfcf": "GFCF", "inventories": "INV", "exports": "EXP"}
    fds = m.final_demand.sum(dim=["from_region", "to_region"])
    for role, code in role_code.items():
        nat = fd[fd.role == role].groupby("code").value.sum().reindex(industries, fill_value=0).values
        check(f"regions add up to national final demand ({role})", np.allclose(fds.sel(category=code).values, nat, rtol=1e-8, atol=1e-6))

    # National Type I output multipliers from the national table, with numpy.
    A = Zn / pi.output.values
    national = np.linalg.inv(np.eye(len(industries)) - A).sum(axis=0)
    mult = os.path.join(tmp, "mult.h5")
    run("multipliers", "--model", model_id, "-o", mult, "--top", "0")
    mu = xr.open_dataset(mult, group="multipliers", engine="h5netcdf")
    total = mu.type_i.sel(measure="output").values  # (region, industry); NaN where the sector has no output
    present = ~np.isnan(total)
    check("sectors without output have no multiplier (NaN)",
          np.array_equal(present, m.output.values > 0), f"{(~present).sum()} absent")
    nat = np.broadcast_to(national[None, :], total.shape)
    check("UK-wide Type I output multiplier equals the national one (national technology, domestic trade)",
          np.allclose(total[present], nat[present], rtol=1e-8),
          f"largest relative difference {np.abs(total[present] / nat[present] - 1).max():.1e}")
    by = mu.type_i_by_destination.sel(measure="output").values  # (destination, region, industry)
    R = by.shape[0]
    own = np.stack([by[r, r, :] for r in range(R)])
    # Strictly below wherever the industry buys intermediate inputs at all (T97, households as
    # employers, buys none: its multiplier is 1 everywhere).
    buys = present & (nat > 1 + 1e-12)
    below = own[buys] < nat[buys] - 1e-12
    check("every region's own-region Type I output multiplier is below the national one", below.all(),
          f"{below.sum()} of {below.size}; equal (1.0) for the {(present & ~buys).sum()} sectors that buy no inputs")

    # Purchases of region s from region t per unit of t's output fall with distance (rank correlation).
    dist = pd.read_csv(os.path.join(uk, level, "distance_km.csv"))
    codes = list(m.region.values)
    flows = m.z.sum(dim=["from_industry", "to_industry"]).values + m.final_demand.sel(
        category=["HH", "NPISH", "GOV", "GFCF"]).sum(dim=["from_industry", "category"]).values
    xr_ = m.output.sum(dim="industry").values
    rows = []
    for d in dist.itertuples():
        t, s = codes.index(d.from_code), codes.index(d.to_code)
        rows.append((d.distance_km, flows[t, s] / xr_[t]))
    df = pd.DataFrame(rows, columns=["km", "per_output"])
    rho = df.km.rank().corr(df.per_output.rank())
    check("purchases from another region per unit of its output fall with distance", rho < -0.5, f"Spearman {rho:.2f}")

    # Another delta and beta: a different model that still balances.
    alt = os.path.join(tmp, "alt.h5")
    run("model", "build", model_id, "--delta", "0.15", "--beta", "2.0", "-o", alt)
    out = run("model", "check", alt)
    a = json.loads(run("model", "info", alt, "--json"))
    check("another delta and beta give a different model", a["checksum"] != info["checksum"])
    check("which still balances and is productive", "every identity holds" in out)
    ma = xr.open_dataset(alt, engine="h5netcdf")
    own_b = np.array([float(m.z.isel(from_region=r, to_region=r).sum()) for r in range(R)])
    own_a = np.array([float(ma.z.isel(from_region=r, to_region=r).sum()) for r in range(R)])
    check("a smaller delta keeps more purchases inside each region", (own_a > own_b).all())

    # The augmented FLQ (Flegg and Webber 2000): FLQ x log2(1 + SLQ_j) >= FLQ where the purchaser is
    # specialised, so at least as much is bought inside the regions in all, and the model balances.
    aflq = os.path.join(tmp, "aflq.h5")
    run("model", "build", model_id, "--lq", "aflq", "-o", aflq)
    out = run("model", "check", aflq)
    check("lq aflq gives a model that balances and is productive", "every identity holds" in out)
    mq = xr.open_dataset(aflq, engine="h5netcdf")
    own_q = np.array([float(mq.z.isel(from_region=r, to_region=r).sum()) for r in range(R)])
    check("lq aflq keeps more purchases inside the regions than flq", own_q.sum() > own_b.sum(),
          f"{own_q.sum():.0f} against {own_b.sum():.0f} GBP m")
    # A misspelt lq in a build configuration: a located error with a hint, exit 3, no output.
    cfg = os.path.join(tmp, "bad-lq.yaml")
    text = open(os.path.join(repo, "data", "models", f"{model_id}.yaml")).read().replace("lq: flq", "lq: alfq")
    with open(cfg, "w") as fh:
        fh.write(text.replace("inputs: ../uk", f"inputs: {os.path.abspath(uk)}"))
    bad_out = os.path.join(tmp, "bad-lq.h5")
    r = subprocess.run([devolve, "model", "build", cfg, "-o", bad_out], capture_output=True, text=True, timeout=600)
    line = next(i + 1 for i, t in enumerate(text.splitlines()) if "lq: alfq" in t)
    check("lq alfq in a build configuration: located error listing aflq, exit 3, no output",
          r.returncode == 3 and f"bad-lq.yaml:{line}:7: error: regionalisation.lq: expected flq, aflq, slq or cilq, found 'alfq'"
          in r.stderr and "did you mean" in r.stderr and not os.path.exists(bad_out),
          r.stderr.splitlines()[0] if r.stderr else f"exit {r.returncode}")

    # Productivity to the England average (scenario key target: england_average, jobs held): the
    # direct GVA change is (England GVA per job / region GVA per job - 1) x coverage x the region's
    # GVA (the extra output at the region's GVA per output), with GVA
    # without the Extra-Regio allocated to it, and no uplift for regions above the average.
    england = [c for c in info["regions"] if c["code"][:3] in ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK")]
    extra = {k.split(".", 1)[1]: float(v) for k, v in info["metadata"].items() if k.startswith("extra_regio_gva.")}
    onshore = {c["code"]: c["gva"] - extra.get(c["code"], 0.0) for c in info["regions"]}
    eng = sum(onshore[c["code"]] for c in england) / sum(c["indicators"]["jobs"] for c in england)
    first_two = [c["code"] for c in info["regions"][:2]]
    scen = os.path.join(tmp, "target.yaml")
    with open(scen, "w") as fh:
        fh.write(f"name: target\nmodel: {model_id}\nyears: [2025, 2025]\nbaseline: {{growth: 0, productivity: 0}}\n"
                 f"shocks:\n  - type: productivity\n    label: to the average\n    regions: [{', '.join(first_two)}]\n"
                 f"    measure: gva\n    target: england_average\n    coverage: 0.5\n")
    res = os.path.join(tmp, "target.h5")
    run("run", scen, "-o", res, "-q")
    t = xr.open_dataset(res, group="results", engine="h5netcdf")
    got = t.impact.sel(component="direct", measure="gva", year=2025).sum("industry")
    ok = True
    for c in info["regions"]:
        jobs = c["indicators"]["jobs"]
        want = max(0.0, eng / (onshore[c["code"]] / jobs) - 1) * 0.5 * c["gva"] if c["code"] in first_two else 0.0
        ok = ok and abs(float(got.sel(region=c["code"])) - want) <= 1e-6 * max(1.0, abs(want))
    check("target england_average: direct GVA change = (England GVA per job / region's - 1) x coverage x GVA", ok)

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
