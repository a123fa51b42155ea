#!/usr/bin/python3
"""Readable summaries of the shipped ITL3 and LAD models (182 and 361 areas; issue 12).

    large_summaries.py DEVOLVE REPO LEVEL     (LEVEL: itl3 or lad)

- the model's `geography` says what the regions are (not "user-defined"): `local authority
  districts (361, LAD25)`, `ITL3 areas (182), built from LAD25 local authorities`;
- `devolve model info` shows it, the source and the solver in its first lines, lists the 15
  largest regions and how many more, one line per metadata family keyed by region, and stays
  under 300 lines and 160 columns; `--all` lists every region and every entry;
- LAD only: a run's summary lists 15 regions and how many more, and `devolve report
  --aggregate itl1` recomputes the GVA per head gaps between the 12 ITL1 regions from the file's
  gva_per_head and the population behind it (1,000 x baseline jobs / jobs_per_1000_residents),
  checked here against the same sums made with h5py (docs/reports.md, "Summed to a coarser level").
Label uk-large, skipped (77) unless DEVOLVE_UK_LARGE=1 or when ../shared/data is absent; about
20 s once the model is cached (tests/uk/large_geographies.py builds it).
"""
import csv
import json
import os
import sys
import tempfile

devolve, repo, level = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, skip_unless_large  # noqa: E402

skip_unless_large(repo)

import h5py  # noqa: E402
import numpy as np  # noqa: E402


model_id = f"uk-{level}-2022"
C = Checks(devolve)
check, run = C.check, C.run
R = {"itl3": 182, "lad": 361}[level]
geography = {"lad": "local authority districts (361, LAD25)",
             "itl3": "ITL3 areas (182), built from LAD25 local authorities"}[level]

meta = json.loads(run("model", "info", model_id, "--json"))["metadata"]
check("geography says what the regions are", meta.get("geography") == geography, meta.get("geography"))
info = run("model", "info", model_id)
lines = info.splitlines()
check("model info: geography, source and solver in the first 12 lines",
      f"geography  {geography}" in lines[:12] and any(l.startswith("source     ONS") for l in lines[:12]) and
      any(l.startswith("solver     structured") for l in lines[:12]), "\n".join(lines[:12]))
check(f"model info: the 15 largest regions and '... {R - 15} more'", any(l.startswith(f"... {R - 15} more") for l in lines))
check("model info: one line per family keyed by region",
      f"  area_itl1.<region>: {R} entries, one per region" in info and
      sum(l.startswith("  trend.cagr_2012_2019.") for l in lines) == 1, "")
check("model info: under 300 lines and 160 columns", len(lines) < 300 and max(map(len, lines)) <= 160,
      f"{len(lines)} lines, {max(map(len, lines))} columns")
full = run("model", "info", model_id, "--all")
check("model info --all: every region and every area_itl1 entry",
      full.count("\n  area_itl1.") == R and not any(l.startswith("... ") for l in full.splitlines()))

if level == "lad":
    with tempfile.TemporaryDirectory() as tmp:
        sc, out = os.path.join(tmp, "lad.yaml"), os.path.join(tmp, "lad.h5")
        with open(sc, "w") as f:
            f.write("name: public R&D outside the Greater South East on LADs\nmodel: uk-lad-2022\nyears: [2025, 2027]\n"
                    "type: II\nprices: 2022\nshocks:\n  - {type: spend, label: rd, regions: outside_greater_south_east,"
                    " amount: 4000, profile: public_rd, split: population}\n")
        text = run("run", sc, "-o", out)
        check("run: 15 regions and '... 346 more'", "\n... 346 more (above: the 15 largest jobs changes" in text and
              len(text.splitlines()) < 120, f"{len(text.splitlines())} lines")
        with open(os.path.join(repo, "data", "uk", "lad", "regions.csv")) as f:
            itl1_of = {row["code"]: row["itl1_code"] for row in csv.DictReader(f)}
        with h5py.File(out, "r") as f:
            r = f["results"]
            regions = [x.decode() for x in r["region"][()]]
            measures = [x.decode() for x in r["measure"][()]]
            indicators = [x.decode() for x in r["indicator"][()]]
            y = r["gva_per_head"][()]  # (case, year, region)
            jobs = r["baseline_by_region"][measures.index("jobs"), 0, :]
            per_1000 = r["beyond_gva"][indicators.index("jobs_per_1000_residents"), 0, 0, :]
            own_cv = r["gaps"][0, -1, 1]
        pop = 1000 * jobs / per_1000
        parents = sorted(set(itl1_of[c] for c in regions))
        member = np.array([[itl1_of[c] == p for c in regions] for p in parents], dtype=float)
        P = member @ pop
        yp = (y[:, -1, :] * pop) @ member.T / P  # (case, parent), the last year
        mean = (yp * P).sum(axis=1) / P.sum()
        north, gse = [parents.index(p) for p in ("TLC", "TLD", "TLE")], [parents.index(p) for p in ("TLH", "TLI", "TLJ")]
        want = {"north_to_greater_south_east": (yp[:, north] * P[north]).sum(axis=1) / P[north].sum() /
                ((yp[:, gse] * P[gse]).sum(axis=1) / P[gse].sum()),
                "coefficient_of_variation": np.sqrt(((yp - mean[:, None]) ** 2 * P).sum(axis=1) / P.sum()) / mean,
                "max_to_min": yp.max(axis=1) / yp.min(axis=1)}
        j = json.loads(run("report", out, "--json", "--aggregate", "itl1"))
        got = j["gaps_final_year"]
        check("report --aggregate itl1: gaps between the 12 ITL1 regions, as h5py sums them, to 1e-9",
              j.get("gaps_recomputed") is True and
              all(abs(got[k][c] - want[k][i]) <= 1e-9 * abs(want[k][i]) for k in want
                  for i, c in enumerate(("baseline", "scenario"))), f"{got} {want}")
        check("... not the LADs' (coefficient of variation several times smaller)",
              got["coefficient_of_variation"]["baseline"] < own_cv / 3, f"{got['coefficient_of_variation']} {own_cv}")
C.finish()
