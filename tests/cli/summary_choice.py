#!/usr/bin/python3
"""Summaries that fit the question: `devolve report` and `run` with --year, --cumulative, --peak.

The default is the peak year of the UK jobs change, stated in the heading; a year whose changes
are all zero prints why, not a table of zeros; each choice's region rows equal the results file
read with h5py (docs/reports.md, "Text and JSON summaries").

Usage: summary_choice.py DEVOLVE TEST_DATA
"""
import json
import os
import re
import sys
import tempfile

import h5py
import numpy as np

devolve, data = sys.argv[1], sys.argv[2]
scenario = os.path.join(data, "summary", "toy-early.yaml")
sweep = os.path.join(data, "summary", "toy-early-sweep.yaml")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=300, named_args=99)
check, run = C.check, C.run


def region_rows(text, heading_start):
    """{region code: [jobs, gva, ...]} of the region table under the heading that starts so."""
    lines = text.splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith(heading_start))
    rows = {}
    for l in lines[i + 2:]:
        if not l.strip() or l.startswith("total"):
            break
        cells = re.split(r"\s{2,}", l.strip())
        rows[l.split()[0]] = [float(c.replace(",", "")) for c in cells[1:]]
    return rows


def same(rows, f, values):
    """values: (measure, region) array; the printed rows show jobs, gva, ... to 1 decimal."""
    ms = [m.decode() for m in f["/results/measure"][...]]
    regions = [r.decode() for r in f["/results/region"][...]]
    head = [ms.index(k) for k in ("jobs", "gva", "income", "output", "ghg") if k in ms]
    want = {r: [round(values[m, i], 1) for m in head] for i, r in enumerate(regions)}
    return len(rows) == len(regions) and all(np.allclose(rows[r], want[r], atol=0.051) for r in regions), (rows, want)


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "early.h5")
    r = run("run", scenario, "-o", out)
    with h5py.File(out, "r") as f:
        years = list(f["/results/year"][...])
        by_region = f["/results/by_region"][...]      # (measure, year, region)
        cumulative = f["/results/cumulative_by_region"][...]
        ms = [m.decode() for m in f["/results/measure"][...]]
        jobs = ms.index("jobs")
        uk = by_region.sum(axis=2)
        peak = years[int(np.argmax(np.abs(uk[jobs])))]
        check("the scenario has no effect in its last year (the case of issue 15)", np.all(by_region[:, -1, :] == 0))

        heading = f"Net change by region in {peak} (peak year of the jobs change: {peak})"
        check("run's summary defaults to the peak year of jobs, stated", heading in r.stdout, r.stdout[:600])
        ok, d = same(region_rows(r.stdout, "Net change by region in"), f, by_region[:, years.index(peak), :])
        check("default rows are the peak year's changes", ok, d)

        r = run("report", out)
        check("report defaults to the same heading", heading in r.stdout)

        r = run("report", out, "--year", str(years[-1]))
        check("a year of zeros says why instead of printing zeros",
              f"Every region's change is zero in {years[-1]}: the scenario's effects fall in 2025-2026" in r.stdout, r.stdout[:800])
        check("no region table is printed for it", "\nregion " not in r.stdout.split("By year")[0])

        r = run("report", out, "--year", "2025")
        ok, d = same(region_rows(r.stdout, "Net change by region in 2025"), f, by_region[:, years.index(2025), :])
        check("--year 2025 shows 2025", ok, d)

        r = run("report", out, "--cumulative")
        check("--cumulative heading", "Net change by region summed over 2024-2030" in r.stdout, r.stdout[:600])
        ok, d = same(region_rows(r.stdout, "Net change by region summed"), f, cumulative)
        check("--cumulative rows equal cumulative_by_region", ok, d)

        r = run("report", out, "--peak")
        idx = np.abs(by_region).argmax(axis=1)  # (measure, region)
        peaks = np.take_along_axis(by_region, idx[:, None, :], axis=1)[:, 0, :]
        ok, d = same(region_rows(r.stdout, "Peak net change by region"), f, peaks)
        check("--peak rows are each region's largest change", ok, d)
        check("--peak differs from any single year here (N peaks in 2025, S in 2026)",
              not any(np.allclose(peaks, by_region[:, y, :]) for y in range(len(years))))

        j = json.loads(run("report", out, "--json", "--year", "2026").stdout)
        check("JSON states the basis and year", j["summary"]["basis"] == "year" and j["summary"]["year"] == 2026)
        check("JSON shown values are 2026's",
              all(abs(reg["shown"]["jobs"] - by_region[jobs, years.index(2026), i]) < 1e-9 for i, reg in enumerate(j["regions"])))

    r = run("report", out, "--year", "2040", code=3)
    check("a year outside the file is a located input error", "2040" in r.stderr and "2024-2030" in r.stderr, r.stderr)
    r = run("report", out, "--year", "2025", "--peak", code=2)
    check("two choices are a usage error", "choose one" in r.stderr, r.stderr)
    r = run("run", scenario, "-o", os.path.join(tmp, "x.h5"), "--year", "2050", code=2)
    check("run refuses a year outside the scenario before writing", not os.path.exists(os.path.join(tmp, "x.h5")))
    r = run("run", scenario, "-o", os.path.join(tmp, "c.h5"), "--cumulative", "-q")

    sw = os.path.join(tmp, "sweep.h5")
    run("sweep", sweep, "-o", sw, "-q")
    with h5py.File(sw, "r") as f:
        median = f["/sweep/national_quantiles"][2, 0, :]  # (quantile, measure, year): p50 of jobs
        speak = int(f["/sweep/year"][int(np.argmax(np.abs(median)))])
    r = run("report", sw)
    check("a sweep summary shows the peak year of the median, stated",
          f"UK total in {speak}: quantiles over the runs (peak year of the median jobs change: {speak})" in r.stdout,
          r.stdout[:800])
    r = run("report", sw, "--year", "2030")
    check("a sweep year of zeros says why", "Every quantile is zero in 2030" in r.stdout, r.stdout[:800])
    run("report", sw, "--cumulative", code=3)

C.finish()
