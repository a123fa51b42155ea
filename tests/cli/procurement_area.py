#!/usr/bin/python3
"""The local area of a local_procurement shock on the LAD model (docs/scenarios.md,
"local_procurement"; docs/methodology.md, "Local procurement"): Greater Manchester's public bodies
(O84, P85, Q86) buy 10 points more of their purchases inside the area, in 2029, Type II.

- `regions: Greater Manchester` without `local_area` is the area as a whole (the default for one
  named area), the same numbers as `local_area: together`, and the run says so;
- the purchases moved all land in Greater Manchester (direct output there = `demand`, all recorded
  inside it), zero-sum over the UK: nothing is taken from suppliers inside the area;
- the GM-wide result is close to uk-itl2-2022's, where Greater Manchester is one region (TLD3):
  the purchases moved within 1%, the jobs within 6% (jobs per GBP 1m differ between the boroughs
  whose suppliers gain and the area's average; docs/methodology.md);
- `local_area: each` (every borough its own area) takes purchases from the other nine boroughs:
  less lands in the area;
- each results file records the local area used (`shock_local_area`: `together`, `together`, `each`).

Label uk-large, skipped (77) unless DEVOLVE_UK_LARGE=1 (it builds uk-lad-2022 on first use).

Usage: procurement_area.py DEVOLVE REPO
"""
import os
import sys
import tempfile

devolve, repo = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "uk"))
from checks import skip_unless_large  # noqa: E402

skip_unless_large(repo, "check the local area of local procurement on the LAD model")

import h5py  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=900, named_args=1)
check = C.check
GM = [f"E0800000{i}" for i in range(1, 10)] + ["E08000010"]


def run(tmp, name, model, key=""):
    sc = os.path.join(tmp, name + ".yaml")
    with open(sc, "w") as f:
        f.write(f"""name: GM anchors
model: {model}
years: [2029, 2029]
baseline: {{growth: 0, productivity: 0}}
shocks:
  - type: local_procurement
    label: GM anchors
    regions: Greater Manchester
    buyers: [O84, P85, Q86]
    share_increase: 0.10
{key}""")
    out = os.path.join(tmp, name + ".h5")
    text = C.run("run", sc, "-o", out, "--overwrite").stdout
    with h5py.File(out, "r") as h:
        g = h["results"]
        regions = [r.decode() for r in g["region"][()]]
        comps = [c.decode() for c in g["component"][()]]
        ms = [m.decode() for m in g["measure"][()]]
        imp = g["impact"][()]  # (component, measure, year, region, industry)
        demand = g["demand"][()][0, 0]  # (region)
        area = [a.decode() for a in g["shock_local_area"][()]]  # the local area used (format 1.6)
    inside = [regions.index(c) for c in (GM if model == "uk-lad-2022" else ["TLD3"])]
    direct = imp[comps.index("direct"), ms.index("output"), 0].sum(axis=1)
    jobs = imp[:, ms.index("jobs"), 0].sum(axis=0).sum(axis=1)  # every component, by region
    return dict(text=text, area=area, imp=imp, inside=inside, moved=demand.sum(), demand_in=demand[inside].sum(), direct=direct,
                direct_in=direct[inside].sum(), jobs_in=jobs[inside].sum())


with tempfile.TemporaryDirectory() as tmp:
    default = run(tmp, "default", "uk-lad-2022")
    together = run(tmp, "together", "uk-lad-2022", "    local_area: together\n")
    each = run(tmp, "each", "uk-lad-2022", "    local_area: each\n")
    itl2 = run(tmp, "itl2", "uk-itl2-2022")
    check("the run says Greater Manchester is one local area, by default",
          'local area "GM anchors": Greater Manchester as a whole: its 10 regions\' buyers buy more from suppliers '
          "anywhere in them (local_area: together, the default for one named area)" in default["text"],
          default["text"][:300])
    check("the results files record the local area: together by default and written, each written",
          default["area"] == ["together"] and together["area"] == ["together"] and each["area"] == ["each"],
          f"{default['area']} {together['area']} {each['area']}")
    check("one named area is local_area: together by default (the same numbers)",
          np.array_equal(default["imp"], together["imp"]))
    m = default["moved"]
    check("the purchases moved all land in Greater Manchester, recorded there",
          m > 0 and abs(default["direct_in"] - m) < 1e-9 * m and abs(default["demand_in"] - m) < 1e-9 * m,
          f"moved {m:.3f}, direct in GM {default['direct_in']:.3f}")
    check("zero-sum over the UK, and no borough of Greater Manchester loses",
          abs(default["direct"].sum()) < 1e-9 * m and (default["direct"][default["inside"]] > 0).all(),
          str(default["direct"][default["inside"]]))
    rel = abs(m / itl2["moved"] - 1)
    check("the purchases moved are within 1% of uk-itl2-2022's (GM one region)", rel < 0.01,
          f"{m:.1f} against {itl2['moved']:.1f}")
    relj = abs(default["jobs_in"] / itl2["jobs_in"] - 1)
    check("GM jobs are within 6% of uk-itl2-2022's", relj < 0.06,
          f"{default['jobs_in']:.0f} against {itl2['jobs_in']:.0f}")
    check("each borough its own area: purchases are taken from the other boroughs, less lands in GM",
          each["direct_in"] < 0.9 * each["moved"] and each["jobs_in"] < 0.9 * default["jobs_in"],
          f"{each['direct_in']:.1f} of {each['moved']:.1f}")
    print(f"GM 2029: moved {m:.1f} (ITL2 {itl2['moved']:.1f}); jobs {default['jobs_in']:.0f} together, "
          f"{each['jobs_in']:.0f} each, ITL2 {itl2['jobs_in']:.0f}")
C.finish()
