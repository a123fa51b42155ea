#!/usr/bin/python3
"""A need split and the context group on uk-itl1-2022, against a hand computation.

Runs `devolve run` on a scenario with a spend split by the employment-rate gap and a redirect whose
recipients are split half by the GDHI-per-head gap, half by population, and checks
/results/allocation against the formula of docs/scenarios.md ("Splits") computed here from
data/uk/itl1/context.csv and regions.csv: shares sum to 1, the spend's demand over regions is the
amount every year, the region with the biggest gap gets the most per head. Then the /context group
(labelled as not modelled, readable by xarray) and the lines of `devolve report`.

Usage: need_split.py DEVOLVE REPO
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd
import xarray as xr

devolve, repo = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=300)
check = C.check

SCENARIO = """name: Need split
model: uk-itl1-2022
years: [2025, 2027]
shocks:
  - type: spend
    label: By employment gap
    regions: [TLC, TLD, TLE, TLL, TLN]
    amount: 1000
    profile: public_rd
    rd: false
    split: {need: employment_rate_gap}
  - type: redirect
    label: By income gap
    from: greater_south_east
    to: [north, TLG, TLL]
    amount: 600
    profile: general_public_spending
    split: {need: gdhi_per_head_gap, share: 0.5}
"""

ctx = pd.read_csv(os.path.join(repo, "data", "uk", "itl1", "context.csv"))
regs = pd.read_csv(os.path.join(repo, "data", "uk", "itl1", "regions.csv")).set_index("code")
codes = list(regs.index)
pop = regs.population_2022.astype(float).values


def hand(indicator, members, share):
    x = ctx[ctx.indicator == indicator].set_index("region_code").value.reindex(codes).values
    bench = (pop * x).sum() / pop.sum()  # every ITL1 region has a value
    m = np.array([c in members for c in codes])
    gap = np.where(m, np.maximum(0.0, bench - x), 0.0)
    need = pop * gap / (pop * gap).sum()
    by_pop = np.where(m, pop, 0.0) / pop[m].sum()
    return share * need + (1 - share) * by_pop, gap


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "need.yaml")
    with open(path, "w") as f:
        f.write(SCENARIO)
    out = os.path.join(tmp, "need.h5")
    r = subprocess.run([devolve, "run", path, "-o", out, "-q"], capture_output=True, text=True, timeout=300)
    check("devolve run exits 0", r.returncode == 0, r.stderr)
    if r.returncode != 0:
        sys.exit(1)
    with h5py.File(out, "r") as f:
        check("format 1.6 (need splits since 1.3)", list(f.attrs["format_version"]) == [1, 6])
        alloc = f["results/allocation"][...]
        split = [s.decode() if isinstance(s, bytes) else s for s in f["results/shock_split"][...]]
        demand = f["results/demand"][...]  # (shock, year, region)
        g = f["context"]
        check("/context says it is not modelled", g.attrs["modelled"] in ("no", b"no"))
        check("every context dataset says it is not modelled",
              all(g[k].attrs["modelled"] in ("no", b"no") for k in ctx.indicator.unique()))
    w0, gap0 = hand("employment_rate", ["TLC", "TLD", "TLE", "TLL", "TLN"], 1.0)
    check("spend shares = hand computation", np.allclose(alloc[0], w0, rtol=0, atol=1e-12), f"{alloc[0]} vs {w0}")
    check("spend shares sum to 1", abs(alloc[0].sum() - 1) < 1e-12)
    check("spend: total demand unchanged (1000 a year)", np.allclose(demand[0].sum(axis=1), 1000.0, rtol=1e-12))
    per_head = alloc[0] / pop
    check("the biggest employment gap gets the most per head", np.argmax(per_head) == np.argmax(gap0),
          f"{codes[np.argmax(per_head)]} vs {codes[np.argmax(gap0)]}")
    w1, _ = hand("gdhi_per_head", ["TLC", "TLD", "TLE", "TLG", "TLL"], 0.5)
    donors = np.array([c in ("TLH", "TLI", "TLJ") for c in codes])
    v1 = np.where(donors, pop, 0.0) / pop[donors].sum()
    check("redirect: recipients by need and population, less donors by population",
          np.allclose(alloc[1], w1 - v1, rtol=0, atol=1e-12), f"{alloc[1]} vs {w1 - v1}")
    check("redirect: zero-sum", abs(demand[1].sum()) < 1e-9)
    check("split recorded", split[0].startswith("need: employment_rate_gap") and "donors: population" in split[1], split)

    ds = xr.open_dataset(out, group="context", engine="h5netcdf")
    check("xarray reads the context with region labels", list(ds.region.values) == codes)
    check("context value as shipped", float(ds.employment_rate.sel(region="TLC")) == 72.3)
    check("context units", ds.life_satisfaction.attrs.get("units") == "score out of 10")

    rep = subprocess.run([devolve, "report", out], capture_output=True, text=True, timeout=60)
    check("devolve report exits 0", rep.returncode == 0, rep.stderr)
    line = [l for l in rep.stdout.split("\n") if l.startswith("split by need, By employment gap")]
    check("report names the need split", len(line) == 1, rep.stdout[-2000:])
    shares = rep.stdout.split(line[0])[1].split("\n")[1].split() if line else []
    got = dict(zip(shares[::2], shares[1::2]))
    check("report prints each region's share", got and all(abs(float(got[c]) - w0[codes.index(c)]) < 6e-4 for c in got)
          and len(got) == int((w0 > 0).sum()), got)

    js = subprocess.run([devolve, "report", out, "--json"], capture_output=True, text=True, timeout=60)
    splits = json.loads(js.stdout).get("need_splits", []) if js.returncode == 0 else []
    check("report --json lists the need splits with full-precision shares", len(splits) == 2 and all(
        abs(v - w0[codes.index(c)]) < 1e-15 for c, v in splits[0]["shares"].items()), js.stderr)

    # the HTML report: the need splits (/results/allocation) and the context group, as in the file
    page = os.path.join(tmp, "need.html")
    ht = subprocess.run([devolve, "report", out, "--html", page], capture_output=True, text=True, timeout=120)
    check("devolve report --html exits 0", ht.returncode == 0, ht.stderr)
    html = open(page, encoding="utf-8").read() if ht.returncode == 0 else ""
    check("html: a need-split section with a chart per split shock",
          'id="allocation"' in html and 'id="chart-allocation-1"' in html and 'id="chart-allocation-2"' in html)
    cells = dict(re.findall(r'<tr><th scope="row">(TL[A-Z])</th><td>[^<]*</td><td>(-?[0-9.]+)</td></tr>',
                            html.split('id="chart-allocation-1"')[1].split("</table>")[0]) if 'id="chart-allocation-1"' in html else [])
    check("html: each recipient's share of the spend, to 6 decimals", len(cells) == int((w0 > 0).sum()) and all(
        abs(float(v) - w0[codes.index(c)]) <= 5e-7 for c, v in cells.items()), cells)
    ctx_html = html.split('id="context"')[1] if 'id="context"' in html else ""
    check("html: the context indicators, said not to be model output",
          "Not model output" in ctx_html and all(i in ctx_html for i in ctx.indicator.unique()))
    row = re.search(r'<tr><th scope="row">TLC</th><td>North East</td><td>([0-9.]+)</td>', ctx_html)
    check("html: context value as in the file (TLC employment rate 72.3)", row is not None and float(row.group(1)) == 72.3,
          row.group(0) if row else ctx_html[:300])

    # export: the shares and the context as tidy CSV
    csvdir = os.path.join(tmp, "csv")
    ex = subprocess.run([devolve, "export", out, "--csv", csvdir], capture_output=True, text=True, timeout=60)
    check("devolve export exits 0", ex.returncode == 0, ex.stderr)
    c = pd.read_csv(os.path.join(csvdir, "context.csv"))
    check("context.csv: every indicator for every region", len(c) == len(codes) * ctx.indicator.nunique())
    check("context.csv: values as in the results file",
          c.set_index(["region", "indicator"]).value["TLC", "employment_rate"] == 72.3)
    a = pd.read_csv(os.path.join(csvdir, "allocation.csv"))
    check("allocation.csv: the spend's shares", np.allclose(a[a.shock == "By employment gap"].value.values, w0, atol=1e-12))

C.finish()
