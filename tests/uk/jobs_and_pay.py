#!/usr/bin/python3
"""Jobs and pay of the shipped UK models against each industry's UK rates (issue: impossible jobs and
pay per GBP m of output in mining support services, B09).

    jobs_and_pay.py DEVOLVE LEVEL     (LEVEL: itl1 or itl2)

- ITL1: no region's jobs per GBP m of output of B09 (mining support) or B08 (other mining and
  quarrying) is more than 3 times the UK rate of the industry (the North West had 130.6 against a
  UK 17.6, because BRES section B was split over its industries by GVA, and Scotland's section
  GVA is mostly offshore oil and gas); ITL2 still has such cells (B09 in Outer London - West and North West, TLI7: 97.6), reported
  by the screening below;
- the model's metadata carries the screening (check.jobs_and_pay), and its regional findings are
  exactly the cells this script finds outside 1/3 to 3 times the UK jobs per output or compensation
  per job, or with compensation more than 1% above GVA where the UK's is not;
- `devolve model info` reports the findings as warnings (and lists them with --all).
"""
import os
import sys
import tempfile

import h5py
import numpy as np

devolve, level = sys.argv[1], sys.argv[2]
model_id = f"uk-{level}-2022"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

T = Checks(devolve)
check, run = T.check, T.run


def s(a):
    return [v.decode() if isinstance(v, bytes) else v for v in a]


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "m.h5")
    run("model", "convert", model_id, path)
    with h5py.File(path) as f:
        regions, industries = s(f["region"][:]), s(f["industry"][:])
        inputs, indicators = s(f["input"][:]), s(f["indicator"][:])
        x = f["output"][:]
        p = f["primary_inputs"][:]
        jobs = f["indicator_totals"][indicators.index("jobs")]
        meta = dict(zip(s(f["metadata_key"][:]), s(f["metadata_value"][:])))
    coe = p[inputs.index("COE")]
    gva = coe + p[inputs.index("GOS")] + p[inputs.index("OTP")]
    X, J, C, G = x.sum(0), jobs.sum(0), coe.sum(0), gva.sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        jpx = (jobs / x) / (J / X)
        cpj = (coe / jobs) / (C / J)
    for code in ("B08", "B09") if level == "itl1" else ():
        i = industries.index(code)
        worst = int(np.nanargmax(jpx[:, i]))
        check(f"{code}: jobs per GBP m of output within 3 times the UK rate in every region",
              jpx[worst, i] <= 3, f"largest {regions[worst]} {jobs[worst, i] / x[worst, i]:.1f} against UK {J[i] / X[i]:.1f}")

    # The screening recomputed here: the same cells, no more, no fewer.
    want = set()
    for i, code in enumerate(industries):
        if X[i] <= 0 or J[i] <= 0 or C[i] <= 0:
            continue
        for r, reg in enumerate(regions):
            if x[r, i] <= 0:
                continue
            if not (1 / 3 <= jpx[r, i] <= 3):
                want.add(f"{reg} {code}: jobs")
            if jobs[r, i] > 0 and not (1 / 3 <= cpj[r, i] <= 3):
                want.add(f"{reg} {code}: compensation per job")
            if C[i] <= G[i] * (1 + 1e-6) and coe[r, i] > gva[r, i] * 1.01:
                want.add(f"{reg} {code}: compensation GBP")
    findings = [v for k, v in meta.items() if k.startswith("check.jobs_and_pay.")]
    got = {v.split(":")[0] + ": " + v.split(": ")[1].split(" ")[0] + (" per job" if "per job" in v else "")
           + (" GBP" if "exceeds GVA" in v else "") for v in findings if not v.startswith("UK ")}
    check("the model's metadata carries the screening of jobs and pay", "check.jobs_and_pay" in meta,
          meta.get("check.jobs_and_pay", "")[:40])
    check("its count is the number of findings listed",
          meta.get("check.jobs_and_pay", "").startswith(f"{len(findings)} findings"))
    check("its regional findings are the cells outside the bounds, recomputed here", got == want,
          f"{len(want)} cells; only in the model: {sorted(got - want)[:4]}; only here: {sorted(want - got)[:4]}")
    check("national findings name LFS against BRES for B09 and C21",
          any(v.startswith("UK B09: LFS jobs") for v in findings) and any(v.startswith("UK C21: LFS jobs") for v in findings))
    info = run("model", "info", model_id)
    check("model info reports them as warnings", f"warnings   {len(findings)} findings" in info)
    info_all = run("model", "info", model_id, "--all")
    check("model info --all lists them", all(v in info_all for v in findings))

T.finish()
