#!/usr/bin/python3
"""Summaries that stay readable at any number of regions (issue 12; docs/model-format.md, "The
`devolve model` command", and docs/reports.md, "Text and JSON summaries").

    many_regions.py DEVOLVE

On a made-up model of 60 regions x 2 industries (written here as a CSV folder, balanced by
construction, with metadata families keyed by region and a long value): `devolve model info`
lists the 15 regions of largest GVA, in that order, then "... 45 more", the total, each family
`key.<region>` as one line, values wrapped at 100 columns (a value of more than 10 lines cut,
saying so), and the geography, source and solver in the header; `--all` lists every region and
every metadata entry whole, as before. `devolve run` and `devolve report` list the 15 largest
jobs changes and how many more; `--all` every region. Every row shown is the file's.
"""
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

devolve = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=120)
check = C.check
R = 60


def run(*args):
    r = subprocess.run([devolve, *args], capture_output=True, text=True, timeout=120)
    check(f"devolve {' '.join(args[:2])} ... exits 0", r.returncode == 0, r.stderr[-1500:])
    return r.stdout


def write_model(folder):
    codes = [f"R{r:02d}" for r in range(R)]
    rng = np.random.default_rng(12)
    out = {}
    os.makedirs(folder)
    meta = ["  source: made-up test table", "  geography: sixty made-up regions",
            "  note: " + " ".join(["a long note"] * 400)]
    with open(os.path.join(folder, "regions.csv"), "w") as f:
        f.write("code,name,population\n")
        for r, c in enumerate(codes):
            f.write(f"{c},Region {r},{100000 + 1000 * r}\n")
            meta.append(f"  trend.{c}: {0.01 * r}")
            meta.append(f"  area_itl1.{c}: TLC")
    with open(os.path.join(folder, "industries.csv"), "w") as f:
        f.write("code,name\nAGR,Agriculture\nMAN,Manufacturing\n")
    z, fd, prim, jobs = [], [], [], []
    for r, c in enumerate(codes):
        for i, ind in enumerate(("AGR", "MAN")):
            x = float(rng.integers(100, 1000))
            out[c, ind] = x
            z.append(f"{c},{ind},{c},{'MAN' if i == 0 else 'AGR'},{0.2 * x}")
            # row: 0.2 x to the other industry, the rest to households and exports
            fd.append(f"{c},{ind},{c},HH,{0.1 * x}")
            fd.append(f"{c},{ind},{c},EXP,{0.7 * x}")
            jobs.append(f"jobs,{c},{ind},{x / 10}")
    for r, c in enumerate(codes):
        for i, ind in enumerate(("AGR", "MAN")):
            x, bought = out[c, ind], 0.2 * out[c, "MAN" if i == 0 else "AGR"]
            rest = x - bought
            prim += [f"IMP,{c},{ind},{0.1 * rest}", f"COE,{c},{ind},{0.5 * rest}", f"GOS,{c},{ind},{0.4 * rest}"]
    for name, head, rows in (("z.csv", "from_region,from_industry,to_region,to_industry,value", z),
                             ("final_demand.csv", "from_region,from_industry,to_region,category,value", fd),
                             ("primary_inputs.csv", "input,region,industry,value", prim),
                             ("indicators.csv", "indicator,region,industry,value", jobs),
                             ("output.csv", "region,industry,value", [f"{c},{i},{v}" for (c, i), v in out.items()])):
        with open(os.path.join(folder, name), "w") as f:
            f.write(head + "\n" + "\n".join(rows) + "\n")
    with open(os.path.join(folder, "model.yaml"), "w") as f:
        f.write("format: devolve-model-csv\nformat_version: 1\nid: sixty\nname: Sixty regions\n"
                "description: made up for tests\npopulation_source: made up\nbase_year: 2022\ncurrency: GBP million\n"
                "prices: basic prices\nfinal_demand_categories:\n  - {code: HH, name: Households, role: households}\n"
                "  - {code: EXP, name: Exports, role: exports}\nprimary_inputs:\n  - {code: IMP, name: Imports, role: imports}\n"
                "  - {code: COE, name: Compensation, role: compensation}\n  - {code: GOS, name: Surplus, role: surplus}\n"
                "indicators:\n  - {code: jobs, name: Employment, unit: jobs, description: made up}\nmetadata:\n" +
                "\n".join(meta) + "\n")
    return codes, out


def table_rows(text, heading):
    """The region codes of the table under the line starting with `heading`, and the '... more' line."""
    lines = text.splitlines()
    k = next(i for i, l in enumerate(lines) if l.startswith(heading))
    k = next(i for i in range(k, len(lines)) if lines[i].startswith("region "))
    rows, more = [], ""
    for l in lines[k + 1:]:
        if l.startswith("total") or not l.strip():
            break
        if l.startswith("..."):
            more = l
        else:
            rows.append(l.split()[0])
    return rows, more


with tempfile.TemporaryDirectory() as tmp:
    model = os.path.join(tmp, "sixty")
    codes, out = write_model(model)
    gva = {c: sum(0.9 * (out[c, i] - 0.2 * out[c, j]) for i, j in (("AGR", "MAN"), ("MAN", "AGR"))) for c in codes}
    by_gva = sorted(codes, key=lambda c: -gva[c])

    info = run("model", "info", model)
    lines = info.splitlines()
    rows, more = table_rows(info, "checks")
    check("model info: the 15 largest regions by GVA, largest first", rows == by_gva[:15], f"{rows} {by_gva[:15]}")
    check("model info: then how many more and how to list them", more.startswith("... 45 more") and "--all" in more, more)
    head = "\n".join(lines[:12])
    check("model info: geography, source and solver in the header",
          "geography  sixty made-up regions" in head and "source     made-up test table" in head and "\nsolver     dense LU" in head,
          head)
    check("model info: each metadata family keyed by region is one line",
          sum(l.startswith("  trend.") for l in lines) == 1 and "  trend.<region>: 60 entries, one per region" in info and
          "  area_itl1.<region>: 60 entries" in info, info[-1500:])
    prov = lines[lines.index("provenance"):]
    check("model info: provenance wrapped at 100 columns", max(len(l) for l in prov) <= 100, str(max(len(l) for l in prov)))
    note = [l for l in prov if "[cut; --all prints it whole]" in l]
    check("model info: a value of more than 10 lines is cut, saying so",
          len(note) == 1 and sum(1 for l in prov if "a long note" in l) == 10, str(note))
    check("model info: a screenful", len(lines) < 70, str(len(lines)))

    full = run("model", "info", model, "--all")
    rows, more = table_rows(full, "checks")
    check("model info --all: every region, in code order", rows == codes and not more, f"{len(rows)} {more}")
    check("model info --all: every metadata entry whole",
          all(f"  trend.{c}: " in full for c in codes) and ("  note: " + " ".join(["a long note"] * 400)) in full)

    sc = os.path.join(tmp, "spend.yaml")
    with open(sc, "w") as f:
        f.write(f"name: spend everywhere\nmodel: {model}\nyears: [2025, 2026]\ntype: I\nprofiles:\n"
                "  mix: {sourcing: local, category: households, shares: {AGR: 0.3, MAN: 0.7}}\n"
                "shocks:\n  - {type: spend, label: all, regions: [" + ", ".join(codes) + "], amount: 600, profile: mix, split: population}\n")
    h5 = os.path.join(tmp, "spend.h5")
    text = run("run", sc, "-o", h5)
    with h5py.File(h5, "r") as f:
        regions = [x.decode() for x in f["results/region"][()]]
        measures = [x.decode() for x in f["results/measure"][()]]
        years = list(f["results/year"][()])
        by_region = f["results/by_region"][()]  # (measure, year, region)
    jobs = by_region[measures.index("jobs")]
    peak = int(np.argmax(np.abs(jobs.sum(axis=1))))
    want = [regions[k] for k in sorted(range(R), key=lambda k: -abs(jobs[peak, k]))[:15]]
    for name, t in (("run", text), ("report", run("report", h5))):
        rows, more = table_rows(t, "Net change by region")
        check(f"{name}: the 15 largest jobs changes, largest first, then how many more",
              rows == want and more.startswith("... 45 more") and "--all" in more, f"{rows} {want} {more}")
    rows, more = table_rows(run("report", h5, "--all"), "Net change by region")
    check("report --all: every region", rows == regions and not more, f"{len(rows)}")
    rows, more = table_rows(run("report", h5, "--all", "--year", str(years[0])), "Net change by region")
    check("report --all --year: every region", rows == regions and not more, f"{len(rows)}")
sys.exit(C.finish())
