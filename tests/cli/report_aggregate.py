#!/usr/bin/python3
"""Results at a coarser level on request, and compressed results files (docs/results.md, "What is
stored at which level").

    report_aggregate.py DEVOLVE REPO

On uk-itl2-2022 (scenarios/gm-innovation.yaml): `devolve report --aggregate itl1 --json` gives each
ITL1 region the sum of its ITL2 areas' values in the file (parents from data/uk/lad/regions.csv),
and the same UK total; `devolve model info --aggregate itl1 --json` sums the model's regions the
same way. On a need split of uk-itl2-2022 areas, `report --aggregate itl1 --json` sums the need
shares and jobs by workplace and residence into the ITL1 parents, and recomputes the residents'
rates from the summed base levels (data/uk/itl2/labour_market.csv) and flows, the labour-reserve
flag from the summed residence jobs and reserve, and the share of new jobs in low-paid industries
from the summed jobs changes: never an average of the areas' rates. The large datasets are chunked and deflated, the small ones contiguous, and xarray
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

devolve, repo = sys.argv[1:3]
checks = Checks(devolve)
check = checks.check


def run(args):  # exit codes are checked by the caller (some runs must fail)
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
    # Need splits and the labour account, summed into ITL1 parents; rates from summed numerators and denominators.
    need, nout = os.path.join(tmp, "need.yaml"), os.path.join(tmp, "need.h5")
    with open(need, "w") as f:
        f.write("name: need split on ITL2\nmodel: uk-itl2-2022\nyears: [2025, 2026]\ntype: II\nprices: 2022\nshocks:\n"
                "  - {type: spend, label: north, regions: [TLD3, TLD7, TLE4, TLE3, TLC4], amount: 500, profile: public_rd,"
                " split: {need: gdhi_per_head_gap}}\n")
    r = run(["run", need, "-o", nout, "-q"])
    check("need-split run exits 0", r.returncode == 0, r.stderr[-2000:])
    r = run(["report", nout, "--aggregate", "itl1", "--year", "2026", "--json"])
    check("report --aggregate itl1 of a need split exits 0", r.returncode == 0, r.stderr[-2000:])
    j = json.loads(r.stdout) if r.returncode == 0 else {"need_splits": [], "labour": {"regions": []}}
    with h5py.File(nout, "r") as f:
        res = {k: f["results/" + k][()] for k in ("allocation", "by_place", "labour_supply", "labour_reserve", "total",
                                                  "low_pay_industry", "year")}
        regions = [x.decode() for x in f["results/region"][()]]
        shocks = [x.decode() for x in f["results/shock"][()]]
        measures = [x.decode() for x in f["results/measure"][()]]
    parent = [itl1_of[c] for c in regions]
    parents = sorted(set(parent))
    def by_parent(v):  # a vector over the file's regions summed into the ITL1 parents
        return {p: sum(v[k] for k in range(len(regions)) if parent[k] == p) for p in parents}
    ok = len(j["need_splits"]) == 2
    for ns in j["need_splits"]:
        want = {p: w for p, w in by_parent(np.maximum(res["allocation"][shocks.index(ns["label"])], 0)).items() if w > 0}
        ok = ok and sorted(ns["shares"]) == sorted(want) and all(abs(ns["shares"][p] - want[p]) < 1e-12 for p in want)
    check("need splits: each ITL1 parent's share is the sum of its areas' (TLC, TLD, TLE)", ok, str(j["need_splits"]))
    t = list(res["year"]).index(2026)
    lab = {row["code"]: row for row in j["labour"]["regions"]}
    work, home = by_parent(res["by_place"][0, 0, t]), by_parent(res["by_place"][1, 0, t])
    check("labour: jobs by workplace and by residence are the sums of the areas'",
          sorted(lab) == parents and all(abs(lab[p]["workplace_jobs"] - work[p]) <= 1e-9 * max(1, abs(work[p])) and
                                         abs(lab[p]["residence_jobs"] - home[p]) <= 1e-9 * max(1, abs(home[p])) for p in parents),
          f"{lab} {work} {home}")
    with open(os.path.join(repo, "data", "uk", "itl2", "labour_market.csv")) as f:
        lm = {row["region_code"]: row for row in csv.DictReader(f)}
    lvl = {c: by_parent([1000 * float(lm[r][c]) for r in regions])
           for c in ("in_employment", "ilo_unemployed", "economically_active", "population_16_64_est")}
    fu, fi, fm = (by_parent(res["labour_supply"][x, t]) for x in (0, 1, 3))
    worst = 0.0
    for p in parents:
        E, U, A, P = (lvl[c][p] for c in ("in_employment", "ilo_unemployed", "economically_active", "population_16_64_est"))
        emp = 100 * (E + fu[p] + fi[p] + fm[p]) / (P + fm[p]) - 100 * E / P
        unemp = 100 * (U - fu[p]) / (A + fi[p] + fm[p]) - 100 * U / A
        worst = max(worst, abs(lab[p]["employment_rate_change"] - emp), abs(lab[p]["unemployment_rate_change"] - unemp))
    check("labour: residents' rate changes of each parent from its summed levels and flows", worst < 1e-9, f"{worst}")
    reserve = by_parent(res["labour_reserve"])
    flagged = [f"{p} {y}" for i, y in enumerate(res["year"]) for p in parents
               if by_parent(res["by_place"][1, 0, i])[p] > reserve[p]]
    check("labour: the reserve flag from summed residence jobs and reserve",
          j["labour"]["reserve_exceeded_in"] == (", ".join(flagged) or "none"), j["labour"]["reserve_exceeded_in"])
    d = np.clip(res["total"][measures.index("jobs"), t], 0, None)  # (region, industry): the gross new jobs
    low, alljobs = by_parent((res["low_pay_industry"] * d).sum(axis=1)), by_parent(d.sum(axis=1))
    ref = (res["low_pay_industry"] * d).sum() / d.sum()
    lp = j.get("new_jobs_low_pay_share", {"gap": {}})
    check("low-paid share of new jobs of each parent from its summed jobs changes",
          sorted(lp["gap"]) == parents and all(abs(lp["gap"][p] - (low[p] / alljobs[p] - ref)) < 1e-12 for p in parents),
          str(lp))

    # The GVA per head gaps between the ITL1 parents: each parent's GVA per head = its areas' GVA per
    # head x population (ONS 2022, data/uk/itl2/regions.csv) summed / their population summed.
    with open(os.path.join(repo, "data", "uk", "itl2", "regions.csv")) as f:
        pop2 = {row["code"]: float(row["population_2022"]) for row in csv.DictReader(f)}
    with h5py.File(out, "r") as f:
        y = f["results/gva_per_head"][()]  # (case, year, region)
        gap_names = [x.decode() for x in f["results/gap"][()]]
        own = f["results/gaps"][()]
    pop = np.array([pop2[c] for c in regions])
    parents = sorted(set(itl1_of[c] for c in regions))
    member = np.array([[itl1_of[c] == p for c in regions] for p in parents], dtype=float)  # (parent, region)
    P = member @ pop
    yp = (y[:, -1, :] * pop) @ member.T / P  # (case, parent), the last year
    mean = (yp * P).sum(axis=1) / P.sum()
    cv = np.sqrt(((yp - mean[:, None]) ** 2 * P).sum(axis=1) / P.sum()) / mean
    north, gse = [parents.index(p) for p in ("TLC", "TLD", "TLE")], [parents.index(p) for p in ("TLH", "TLI", "TLJ")]
    ng = (yp[:, north] * P[north]).sum(axis=1) / P[north].sum() / ((yp[:, gse] * P[gse]).sum(axis=1) / P[gse].sum())
    want = {"north_to_greater_south_east": ng, "coefficient_of_variation": cv, "max_to_min": yp.max(axis=1) / yp.min(axis=1)}
    r = run(["report", out, "--json", "--aggregate", "itl1"])
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    got = j.get("gaps_final_year", {})
    check("gaps recomputed between the 12 ITL1 parents (from GVA per head x ONS population), to 1e-9",
          j.get("gaps_recomputed") is True and j.get("gaps_between") == "the 12 itl1 areas" and
          all(abs(got[k][c] - want[k][i]) <= 1e-9 * abs(want[k][i]) for k in want for i, c in enumerate(("baseline", "scenario"))),
          f"{got} {want}")
    k = gap_names.index("coefficient_of_variation")
    check("... and not the ITL2 areas' gaps", abs(got["coefficient_of_variation"]["baseline"] - own[0, -1, k]) > 1e-3,
          f"{own[0, -1, k]}")
    text = run(["report", out, "--aggregate", "itl1", "--year", "2035"]).stdout
    check("the text says between which regions the gaps are",
          "GVA per head gaps in 2035 between the 12 itl1 areas (baseline -> scenario; recomputed" in text,
          text[text.find("GVA per head gaps"):][:300])

    r = run(["report", out, "--aggregate", "lad"])
    check("--aggregate lad: an error naming the levels",
          r.returncode != 0 and "itl1, itl2 and itl3" in r.stderr, r.stderr[-500:])
    r = run(["report", out, "--aggregate", "itl3"])
    check("--aggregate finer than the regions: an error naming the region",
          r.returncode != 0 and "is not a local authority or ITL area at or below itl3" in r.stderr, r.stderr[-500:])

checks.finish()
