#!/usr/bin/python3
"""`devolve run`, `validate` and `report` on a toy scenario, checked against numpy.

The results file must open in xarray (h5netcdf) with labels, and its numbers must equal an
independent numpy computation of the same shocks from the model's CSV files.
"""
import json
import os
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd
import xarray as xr

devolve, data = sys.argv[1], sys.argv[2]
scenario = os.path.join(data, "scenarios", "toy-spend.yaml")
toy = os.path.join(data, "models", "toy-2x2")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=120)
check, run = C.check, C.run

# numpy reference from the CSV files
from toy_reference import INDEX as idx, INDUSTRIES as industries, REGIONS as regions, Toy  # noqa: E402

t = Toy(toy)
x, HH, L, Lbar = t.x, t.HH, t.L, t.Lbar
jobs = np.array([12, 30, 9, 40.0]) / x

# Shock 1 in 2024: 10 x 0.5 x (1 - 0.2) = 4 spent in N, locally, 25% AGR 75% MAN.
y1 = np.array([0.25, 0.75, 0, 0]) * 4.0
# Shock 2 in 2025: 4 moved from S to N, 10% imports, households' sourcing pattern of each region.
def pattern(region, amount):
    y = np.zeros(4)
    for s, share in (("AGR", 0.5), ("MAN", 0.5)):
        col = np.array([HH[idx[u, s], regions.index(region)] for u in regions])
        for u_i, u in enumerate(regions):
            y[idx[u, s]] += amount * 0.9 * share * col[u_i] / col.sum()
    return y
y2 = pattern("N", 4.0) - pattern("S", 4.0)


def check_dimension_scales(f):
    """The dimension scales as HDF5's H5DS leaves them (the writer writes their attributes itself,
    model/base/h5file.cpp): each dataset's DIMENSION_LIST names one scale a dimension, and each
    scale's REFERENCE_LIST holds exactly the (dataset, dimension) pairs attached to it, as a
    16-byte compound of an object reference and an int at 8."""
    attached, listed, bad = set(), set(), []
    def visit(name, o):
        if not isinstance(o, h5py.Dataset):
            return
        if "DIMENSION_LIST" in o.attrs:
            dl = o.attrs["DIMENSION_LIST"]
            for i, refs in enumerate(dl):
                scale = f[refs[0]]
                if len(refs) != 1 or scale.attrs.get("CLASS") != b"DIMENSION_SCALE" or o.dims[i][0].name != scale.name:
                    bad.append(f"{o.name} dimension {i}")
                attached.add((o.name, i, scale.name))
        if "REFERENCE_LIST" in o.attrs:
            rl = o.attrs["REFERENCE_LIST"]
            t = o.attrs.get_id("REFERENCE_LIST").dtype
            if t.itemsize != 16 or t.names != ("dataset", "dimension") or t.fields["dimension"][1] != 8:
                bad.append(f"{o.name}: REFERENCE_LIST type {t}")
            for ref, i in rl:
                listed.add((f[ref].name, int(i), o.name))
    f.visititems(visit)
    check("dimension scales: every DIMENSION_LIST entry is a scale listing it back in its REFERENCE_LIST, and no other",
          not bad and attached == listed and len(attached) > 20, f"{bad[:3]} {sorted(attached ^ listed)[:3]}")


def check_closures(ds, out, tmp):
    """Both closures in one file, and the redirect's UK total term by term against numpy."""
    bsc = ds.by_shock_by_closure
    check("the headline (Type II) slice of by_shock_by_closure is by_shock, bit for bit",
          np.array_equal(bsc.sel(closure="type_ii").values, ds.by_shock.values))
    t1 = bsc.sel(closure="type_i", shock="North spend", measure="output", year=2024).values
    x1 = L @ y1
    check("Type I output of shock 1 equals numpy", np.allclose(t1, [x1[:2].sum(), x1[2:].sum()], rtol=1e-10), f"{t1}")
    check("by_region_by_closure = by_shock_by_closure summed over shocks",
          np.allclose(ds.by_region_by_closure.values, bsc.sum("shock").values, rtol=1e-12, atol=1e-12))
    check("landing_by_closure sums over place to by_shock_by_closure's regions",
          np.allclose(ds.landing_by_closure.sum("place").values, bsc.sum("region").values, rtol=1e-12, atol=1e-12))
    # The redirect (S -> N, 4 in 2025): recipients' and donors' columns apart, 2025 coefficients
    # (jobs of N/MAN lowered by half the productivity shock).
    yP, yN = pattern("N", 4.0), pattern("S", 4.0)
    j25 = jobs.copy()
    j25[1] /= 1 + 0.1 * 0.8 / 2
    dec = ds.redirect_decomposition.sel(shock="South to North", year=2025)
    for closure, Lc in (("type_i", L), ("type_ii", Lbar)):
        for measure, c in (("output", np.ones(4)), ("jobs", j25)):
            o1p, o1n, op, on = (L @ yP).sum(), (L @ yN).sum(), (Lc @ yP).sum(), (Lc @ yN).sum()
            rp, rn = c @ (Lc @ yP) / op, c @ (Lc @ yN) / on
            rho = (rp + rn) / 2
            want = [(o1p - o1n) * rho, ((op - o1p) - (on - o1n)) * rho, (op + on) / 2 * (rp - rn), 0.0]
            got = dec.sel(closure=closure, measure=measure).values
            check(f"redirect decomposition, {closure} {measure}, equals numpy", np.allclose(got, want, rtol=1e-9, atol=1e-12),
                  f"{got} vs {want}")
            total = bsc.sel(closure=closure, shock="South to North", measure=measure, year=2025).sum().item()
            check(f"redirect terms add up to the redirect's UK total, {closure} {measure}",
                  abs(got.sum() - total) < 1e-10 * max(1.0, abs(total)), f"{got.sum()} vs {total}")
    check("no decomposition for other shocks", bool(np.isnan(ds.redirect_decomposition.sel(shock="North spend")).all()))
    # The same scenario with a Type I headline: the closures swap, the numbers do not change.
    text = open(scenario).read().replace("type: II", "type: I").replace("../models/toy-2x2", toy)
    s1, out1 = os.path.join(tmp, "toy-i.yaml"), os.path.join(tmp, "toy-i.h5")
    open(s1, "w").write(text)
    r = run("run", s1, "-o", out1)
    d1 = xr.open_dataset(out1, group="results", engine="h5netcdf")
    with h5py.File(out1) as f:
        check("a Type I run says its headline", f.attrs["headline_closure"] == "type_i" and f.attrs["closure"] == "I")
    check("a Type I run's by_shock is the Type I slice", np.allclose(d1.by_shock.values, bsc.sel(closure="type_i").values,
                                                                      rtol=1e-12, atol=1e-12))
    check("a Type I run carries the Type II results", np.allclose(d1.by_shock_by_closure.sel(closure="type_ii").values,
                                                                  ds.by_shock.values, rtol=1e-12, atol=1e-12))
    check("a Type I run has no induced component in impact",
          float(abs(d1.impact.sel(component="induced")).max()) == 0.0)
    check("a Type I run's decomposition is the Type II run's",
          np.allclose(d1.redirect_decomposition.values, ds.redirect_decomposition.values, equal_nan=True, rtol=1e-12,
                      atol=1e-12))


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "toy.h5")
    r = run("validate", scenario)
    check("validate says ok", ": ok: 3 shocks" in r.stdout)
    r = run("run", scenario, "-o", out)
    check("run prints a report", "Net change by region" in r.stdout)
    check("a run with deadweight 0.2 says net of additionality and its factors",
          "Net of additionality (net/gross factor: shock 1 x 0.8" in r.stdout and "Gross:" not in r.stdout, r.stdout[-300:])
    run("run", scenario, "-o", out, code=2)
    check("the existing file is untouched after a refused run", os.path.getsize(out) > 0)
    with h5py.File(out) as f:
        check("file_type", f.attrs["file_type"] == "devolve-scenario-results")
        check("format_version", list(f.attrs["format_version"]) == [1, 6])
        check("scenario text embedded", f.attrs["scenario_yaml"] == open(scenario).read())
        check("model checksum recorded", len(f.attrs["model_checksum"]) == 16)
        check("headline closure and Type II availability recorded",
              f.attrs["headline_closure"] == "type_ii" and f.attrs["type_ii"] == "yes")
        check("additionality applied, with its factors, recorded",
              f.attrs["additionality_applied"].startswith("yes: North spend: deadweight 0.2, displacement 0, "
                                                          "substitution 0 (net/gross factor 0.8)"), f.attrs["additionality_applied"])
        check_dimension_scales(f)
    ds = xr.open_dataset(out, group="results", engine="h5netcdf")
    check("labelled dimensions", list(ds.region.values) == regions and list(ds.year.values) == [2024, 2025, 2026]
          and "induced" in list(ds.component.values))
    t = ds.by_shock.sel(shock="North spend", measure="output", year=2024)
    xII = Lbar @ y1
    check("Type II output of shock 1 in 2024 equals numpy", np.allclose(t.values, [xII[:2].sum(), xII[2:].sum()], rtol=1e-10),
          f"{t.values} vs {[xII[:2].sum(), xII[2:].sum()]}")
    direct = ds.impact.sel(component="direct", measure="output").sel(year=2024)
    check("direct output is the demand itself (both shocks in 2024)", np.allclose(direct.values.reshape(-1), y1, atol=1e-12))
    ind = ds.impact.sel(component="indirect", measure="jobs", year=2024).values.reshape(-1)
    check("indirect jobs equal numpy", np.allclose(ind, jobs * (L @ y1 - y1), rtol=1e-10))
    t2 = ds.by_shock.sel(shock="South to North", measure="output", year=2025).values
    x2 = Lbar @ y2
    check("redirect output equals numpy and nets out nationally by demand",
          np.allclose(t2, [x2[:2].sum(), x2[2:].sum()], rtol=1e-9, atol=1e-12) and abs(y2.sum()) < 1e-12)
    check("redirect: demand dataset is +4 in N and -4 in S",
          np.allclose(ds.demand.sel(shock="South to North", year=2025).values, [4.0, -4.0]))
    # Productivity: 10% more output per job in N/MAN at full phase (2026), net of the scenario's
    # deadweight 0.2: g = 0.08, jobs coefficient / 1.08.
    g = 0.1 * 0.8
    prod = ds.impact.sel(component="productivity", measure="jobs", year=2026, region="N", industry="MAN").item()
    check("productivity effect on jobs = (c/(1+g) - c) x base output", abs(prod - (jobs[1] / (1 + g) - jobs[1]) * x[1]) < 1e-9)
    j26 = ds.impact.sel(component="direct", measure="jobs", year=2026, region="N", industry="MAN").item()
    check("demand shocks use the changed coefficient", abs(j26 - jobs[1] / (1 + g) * y1[1] * 2) < 1e-9)
    half = ds.impact.sel(component="productivity", measure="jobs", year=2025, region="N", industry="MAN").item()
    check("the ramp is half way in 2025", abs(half - (jobs[1] / (1 + g / 2) - jobs[1]) * x[1]) < 1e-9)
    land = ds.landing.sel(shock="North spend", measure="output", year=2024)
    check("landing: own region + elsewhere = total", abs(float(land.sum()) - xII.sum()) < 1e-9 and
          abs(float(land.sel(place="shock_regions")) - xII[:2].sum()) < 1e-9)
    check("by_region = sum of impact over components and industries",
          np.allclose(ds.by_region.values, ds.impact.sum(dim=["component", "industry"]).values))
    check_closures(ds, out, tmp)
    # Who gets the jobs (format 1.4): the toy model has no household account, so residence = workplace;
    # the labour account adds up to residence jobs; no base labour market, so rates are NaN.
    place = ds.by_place.sel(place_measure="jobs")
    check("by_place: workplace = by_region jobs, residence = workplace without commuting data",
          np.array_equal(place.sel(basis="workplace").values, ds.by_region.sel(measure="jobs").values)
          and np.array_equal(place.sel(basis="residence").values, place.sel(basis="workplace").values))
    check("labour_supply sums to residence jobs",
          np.allclose(ds.labour_supply.sum("labour_source").values, place.sel(basis="residence").values, rtol=1e-12))
    check("labour rates NaN and the flag not assessed without base data",
          bool(np.isnan(ds.labour_rates.values).all()) and
          ds.labour_reserve_exceeded.attrs["exceeded_in"].startswith("not assessed"))
    rep = json.loads(run("report", out, "--json").stdout)
    cl = rep.get("closures", {})
    uk = ds.by_region_by_closure.sum(["year", "region"])
    check("report --json: the closures (headline, Type II, households) as in the file",
          cl.get("headline") == "type_ii" and cl.get("type_ii") == "yes", str(cl)[:300])
    check("report --json: UK totals under both closures equal by_region_by_closure summed",
          all(abs(cl["uk_summed_over_years"][c][m] - float(uk.sel(closure=c, measure=m))) <= 1e-9 * max(1, abs(float(uk.sel(closure=c, measure=m))))
              for c in ("type_i", "type_ii") for m in ("output", "gva", "jobs")) if cl else False)
    red = cl.get("redirects", [])
    dec = ds.redirect_decomposition.sel(shock="South to North").sum("year")
    check("report --json: the redirect's terms equal redirect_decomposition summed over the years",
          len(red) == 1 and red[0]["label"] == "South to North" and all(
              abs(red[0]["terms"][t][c][m] - float(dec.sel(closure=c, term=t, measure=m))) <= 1e-9
              for t in list(ds.term.values) for c in ("type_i", "type_ii") for m in ("output", "gva", "jobs"))
          and abs(red[0]["terms"]["total"]["type_ii"]["gva"] - float(dec.sel(closure="type_ii", measure="gva").sum())) <= 1e-9,
          str(red)[:300])
    check("report --json totals by year", abs(rep["by_year"][0]["output"] - float(ds.by_region.sel(measure="output", year=2024).sum())) < 1e-9)
    r = run("report", out)
    check("report prints regions and shocks", "North spend" in r.stdout and "By year" in r.stdout)
    run("report", os.path.join(toy, "model.yaml"), code=3)

C.finish()
