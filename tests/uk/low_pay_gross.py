#!/usr/bin/python3
"""The share of new jobs in low-paid industries is of the GROSS new jobs (docs/methodology.md,
"Measures beyond GVA"), so that it means something where some regions and industries lose jobs.

    low_pay_gross.py DEVOLVE

A redirect on uk-itl1-2022 (public R&D moved from London to the North East, Type I): the donor's
industries lose jobs, the recipient's gain. With h5py:
- some region-industries lose jobs (the case the net share got wrong: it could be negative or
  above 1, and name as "furthest below" a region above the UK value);
- every region's stored new_jobs_low_pay_share is in [0, 1] and equals the share of its gains
  (Σ_i low_pay(r, i) max(ΔJ, 0) / Σ_i max(ΔJ, 0)) to 1e-12, NaN exactly where no industry gains;
- the dataset's `definition` attribute starts with "gross";
- the summary line gives the UK share of the gross gains, the gains and the losses as h5py sums
  them, and names as furthest below and above the regions with the smallest and largest share
  among those with gains; `report --json` gives the same reference, gross_new_jobs and
  gross_jobs_lost.
"""
import json
import os
import re
import sys
import tempfile

import h5py
import numpy as np

devolve = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

C = Checks(devolve)
check, run = C.check, C.run
with tempfile.TemporaryDirectory() as tmp:
    y, out = os.path.join(tmp, "redirect.yaml"), os.path.join(tmp, "redirect.h5")
    with open(y, "w") as f:
        f.write("name: low pay, mixed signs\nmodel: uk-itl1-2022\nyears: [2025, 2027]\ntype: I\nshocks:\n"
                "  - type: redirect\n    label: R&D from London to the North East\n    from: TLI\n    to: TLC\n"
                "    amount: 500\n    profile: public_rd\n")
    summary = run("run", y, "-o", out)
    report = json.loads(run("report", out, "--json"))
    year = report["labour"]["year"]
    with h5py.File(out) as f:
        g = f["results"]
        t = list(g["year"][...]).index(year)
        regions = [r.decode() for r in g["region"][...]]
        d = g["total"][[m.decode() for m in g["measure"][...]].index("jobs"), t]  # (region, industry)
        low = g["low_pay_industry"][...]
        share = g["new_jobs_low_pay_share"][t]
        definition = g["new_jobs_low_pay_share"].attrs["definition"]
        definition = definition.decode() if isinstance(definition, bytes) else definition
    gains = np.clip(d, 0, None)
    lost = -np.clip(d, None, 0).sum()
    check("mixed signs: some region-industries lose jobs, others gain", (d < 0).any() and (d > 0).any(),
          f"gains {gains.sum():.1f}, losses {lost:.1f}")
    net = (low * d).sum() / d.sum()
    expect = np.where(gains.sum(axis=1) > 0, (low * gains).sum(axis=1) / np.where(gains.sum(axis=1) > 0, gains.sum(axis=1), 1), np.nan)
    ok = np.array_equal(np.isnan(share), np.isnan(expect)) and np.nanmax(np.abs(share - expect)) <= 1e-12
    check("each region's share is the low-paid share of its gross gains (h5py), NaN where none gains", ok,
          f"{share} vs {expect}")
    check("every share is in [0, 1]", np.all((share[~np.isnan(share)] >= 0) & (share[~np.isnan(share)] <= 1)))
    check("the dataset says its definition is gross", definition.startswith("gross"), definition)
    ref = (low * gains).sum() / gains.sum()
    gap = share - ref
    lp = report["beyond_gva_gaps"]["new_jobs_low_pay_share"]
    check("report --json: reference, gross_new_jobs and gross_jobs_lost (h5py)",
          abs(lp["reference"] - ref) <= 1e-12 and abs(lp["gross_new_jobs"] - gains.sum()) <= 1e-9 * gains.sum()
          and abs(lp["gross_jobs_lost"] - lost) <= 1e-9 * lost and lp["definition"] == "gross",
          f"{lp['reference']}, {lp['gross_new_jobs']}, {lp['gross_jobs_lost']} vs {ref}, {gains.sum()}, {lost} (net share {net})")
    line = next((s for s in summary.splitlines() if "new_jobs_low_pay_share" in s), "")
    m = re.search(r"new_jobs_low_pay_share: (\S+) of gross new jobs \(([\d,]+) gained where jobs grow, ([\d,]+) lost "
                  r"where they fall\); (\S+) (\S+), (\S+) (\S+)$", line)
    below, above = regions[int(np.nanargmin(gap))], regions[int(np.nanargmax(gap))]
    check("the summary line: the UK share of gross new jobs, gains and losses, regions furthest below and above",
          m is not None and abs(float(m.group(1)) - ref) <= 1e-3 * ref
          and abs(float(m.group(2).replace(",", "")) - gains.sum()) <= 1
          and abs(float(m.group(3).replace(",", "")) - lost) <= 1 and m.group(4) == below and m.group(6) == above
          and float(m.group(5)) < 0 < float(m.group(7)), line)
C.finish()
