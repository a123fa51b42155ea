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
- `devolve model info` reports the findings as warnings (and lists them with --all);
- step 6 (docs/methodology.md): no cell's compensation is above its GVA where its industry's UK
  compensation is not (before the bounded fit uk-itl2-2022 had 95 such cells, uk-itl1-2022 13);
  the regions add up to each industry's national compensation; and each region's compensation of an
  income group is the fit's target (recomputed here from data/uk) unless the metadata lists the
  group as released (none is);
- ITL2: every finding's cause, by the rules of docs/methodology.md ("What uk-itl2-2022 reports"),
  recomputed here from the model and data/uk, is the one the table there gives it, cell for cell:
  the table names every finding, no more (so a change of the regionalisation or its inputs that
  changes a finding fails here until the table says why).
"""
import collections
import csv
import os
import re
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
    # Step 6's bounds and totals, recomputed from data/uk.
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "uk")
    rows = lambda f: list(csv.DictReader(open(os.path.join(data, f))))  # noqa: E731
    nat = {r["code"]: (float(r["compensation_of_employees"]), float(r["gva"])) for r in rows("national/primary_inputs.csv")}
    grp = {r["code"]: r[f"{level}_income_group"] for r in rows("national/concordance_ioat_to_regional.csv")}
    pub = {(r["region_code"], r["income_group"]): (float(r["coe_2022"]), float(r["gva_2022_apr2024"]))
           for r in rows(f"{level}/compensation.csv")}
    extra = {(r["region_code"], r["code"]): float(r["gva_extra_regio"]) for r in rows(f"{level}/gva_by_ioat_industry.csv")}
    capped = np.array([nat[c][0] <= nat[c][1] for c in industries])
    above = [(regions[r], industries[i]) for r, i in zip(*np.where(coe[:, capped] > gva[:, capped] * (1 + 1e-6)))]
    check("step 6: no cell's compensation above its GVA (where its industry's UK compensation is not)", not above,
          f"{len(above)} cells, e.g. {above[:4]}")
    national = np.array([nat[c][0] for c in industries])
    check("step 6: the regions add up to each industry's national compensation",
          np.allclose(C, national, rtol=1e-9, atol=1e-9), f"largest gap {np.max(np.abs(C - national)):.3g}")
    released = meta.get("regionalisation.coe_groups_released", "")
    released = set(released.split(": ", 1)[1].split(", ")) if ": " in released else set()
    uk_pub = collections.defaultdict(lambda: [0.0, 0.0])
    for (_, g), (a, b) in pub.items():
        uk_pub[g][0] += a
        uk_pub[g][1] += b
    off = []
    for g in sorted(set(grp[c] for c in industries)):
        ks = [i for i, c in enumerate(industries) if grp[c] == g]
        uk_ratio = uk_pub[g][0] / uk_pub[g][1]
        seed = np.zeros(len(regions))
        for r, reg in enumerate(regions):
            a, b = pub.get((reg, g), (0, 0))
            rel = a / b / uk_ratio if b > 0 else 1.0
            seed[r] = sum(nat[industries[i]][0] / nat[industries[i]][1] * ((gva[r, i] - extra[reg, industries[i]]) * rel +
                          extra[reg, industries[i]]) for i in ks if nat[industries[i]][1] > 0)
        caps = np.array([sum(gva[r, i] if capped[i] else np.inf for i in ks) for r in range(len(regions))])
        target, at_cap, total = seed.copy(), np.zeros(len(regions), bool), national[ks].sum()
        while True:  # the national total over the regions by the seed, none above its GVA
            f = (total - caps[at_cap].sum()) / seed[~at_cap].sum()
            new = ~at_cap & (seed * f > caps)
            if not new.any():
                target = np.where(at_cap, caps, seed * f)
                break
            at_cap |= new
        for r, reg in enumerate(regions):
            got = coe[r, ks].sum()
            if target[r] > 0 and abs(got - target[r]) > 1e-6 * target[r] and f"{reg} {g}" not in released:
                off.append(f"{reg} {g} {got:.1f} against {target[r]:.1f}")
    check("step 6: each region's compensation of an income group is its target, or released in the metadata",
          not off, f"{len(off)} groups, e.g. {off[:4]}")
    check("step 6: no group released (every group total met)", not released, str(sorted(released)))
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



def outside(v):
    return not (1 / 3 <= v <= 3)


def causes_itl2(regions, industries, x, jobs, coe, gva, findings):
    """{(cause, kind): set of 'INDUSTRY REGION'} by the rules of docs/methodology.md, "What
    uk-itl2-2022 reports"; kind: jobs, pay, compensation above GVA, LFS against BRES."""
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "uk")
    rows = lambda f: list(csv.DictReader(open(os.path.join(data, f))))  # noqa: E731
    conc = {r["code"]: r for r in rows("national/concordance_ioat_to_regional.csv")}
    gb = {r["code"]: float(r["bres_2021_gb_employment"] or 0) for r in rows("national/employment.csv")}
    bres = {(r["region_code"], r["sic07_section"]): float(r["full_time_employees_2022"]) for r in rows("itl2/employment.csv")}
    comp = {(r["region_code"], r["income_group"]): (float(r["coe_2022"]), float(r["gva_2022_apr2024"]))
            for r in rows("itl2/compensation.csv")}
    rebuilt = {r["code"] for r in rows("itl2/regions.csv") if r["geography_basis"].startswith("rebuilt")}
    # The 2025 areas that share an ITL 2021 area, joined until closed (TLL3, TLL4, TLL5 from TLL1 and TLL2).
    family = {r: {r} for r in regions}
    kids = collections.defaultdict(set)
    for r in rows("itl2/crosswalk_itl2_2021_to_2025.csv"):
        kids[r["itl2_2021_code"]].add(r["itl2_2025_code"])
    for _ in range(3):
        for k in kids.values():
            for a in k:
                family[a] |= set().union(*(family[b] for b in k))
    X, J, C, G = x.sum(0), jobs.sum(0), coe.sum(0), gva.sum(0)
    uk_group = collections.defaultdict(lambda: [0.0, 0.0])
    for (_, g), (c, v) in comp.items():
        uk_group[g][0] += c
        uk_group[g][1] += v
    # BRES section employees of a region against the employment its industries' GVA has at GB
    # BRES employment per GVA (step 7), relative to GB's (Northern Ireland has no BRES).
    at_gb, at_gb_total, bres_total = collections.defaultdict(float), collections.defaultdict(float), collections.defaultdict(float)
    for i, code in enumerate(industries):
        sec = conc[code]["bres_section"]
        if sec and G[i] > 0:
            for r, reg in enumerate(regions):
                if (reg, sec) in bres:
                    at_gb[reg, sec] += gva[r, i] * gb[code] / G[i]
                    at_gb_total[sec] += gva[r, i] * gb[code] / G[i]
    for (reg, sec), v in bres.items():
        bres_total[sec] += v
    out = collections.defaultdict(set)
    for f in findings:
        cell, what = f.split(": ", 1)
        reg, code = cell.split(" ", 1)
        if reg == "UK":
            out["LFS and BRES", "LFS against BRES"].add(f"{code} UK")
            continue
        kind = "jobs" if what.startswith("jobs per") else "pay" if "per job" in what else "compensation above GVA"
        r, i = regions.index(reg), industries.index(code)
        fam = [regions.index(a) for a in sorted(family[reg])]
        sec, grp = conc[code]["bres_section"], conc[code]["itl2_income_group"]
        if reg in rebuilt and len(fam) > 1 and (
                (kind == "jobs" and not outside(jobs[fam, i].sum() / x[fam, i].sum() / (J[i] / X[i]))) or
                (kind == "pay" and not outside(coe[fam, i].sum() / jobs[fam, i].sum() / (C[i] / J[i]))) or
                (kind == "compensation above GVA" and coe[fam, i].sum() <= 1.01 * gva[fam, i].sum())):
            cause = "apportioning"  # gone when the 2025 areas of its 2021 area are taken together
        elif kind == "compensation above GVA":
            c, v = comp[reg, grp]
            cause = "income components" if c >= v else "step 6"
        else:
            c, v = comp.get((reg, grp), (0, 0))
            rel = c / v / (uk_group[grp][0] / uk_group[grp][1]) if v > 0 else 1
            dens = (bres[reg, sec] / at_gb[reg, sec]) / (bres_total[sec] / at_gb_total[sec]) if at_gb[reg, sec] > 0 else 1
            cause = ("income components" if kind == "pay" and outside(rel) else "BRES and GVA" if outside(dens)
                     else "compounding")
        out[cause, kind].add(f"{code} {reg}")
    return out


def documented_itl2():
    """The table of docs/methodology.md, "What uk-itl2-2022 reports": {(cause, kind): cells}."""
    doc = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "methodology.md")).read()
    part = doc.split("<!-- itl2-findings -->")[1] if "<!-- itl2-findings -->" in doc else ""
    out = {}
    for line in part.splitlines():
        m = re.match(r"\| ([^|]+?) \| ([^|]+?) \| [^|]+ \| ([^|]+) \|$", line)
        if not m or m.group(1) in ("Cause", "---"):
            continue
        cells = set()
        for item in m.group(3).split("; "):
            code, regs = item.split(": ")
            cells |= {f"{code} {reg}" for reg in regs.split(", ")}
        out[m.group(1), m.group(2)] = cells
    return out


if level == "itl2":
    names = {"LFS and BRES": "national LFS against BRES", "apportioning": "ITL 2021 inputs shared by filled jobs",
             "step 6": "step 6's CoE/GVA", "income components": "published compensation of the region",
             "BRES and GVA": "BRES against the region's GVA", "compounding": "steps 6 and 7 compounding"}
    got = {(names[c], k): v for (c, k), v in causes_itl2(regions, industries, x, jobs, coe, gva, findings).items()}
    want = documented_itl2()
    diff = {k: (sorted(got.get(k, set()) - want.get(k, set())), sorted(want.get(k, set()) - got.get(k, set())))
            for k in set(got) | set(want) if got.get(k) != want.get(k)}
    check("ITL2: the table of docs/methodology.md gives each finding its cause, cell for cell",
          not diff and sum(len(v) for v in got.values()) == len(findings),
          "; ".join(f"{k}: not in the table {a[:6]}, not found {b[:6]}" for k, (a, b) in diff.items())[:1500])
    if diff:  # the rows as the table should have them
        for (cause, kind), cells in sorted(got.items()):
            by = collections.defaultdict(list)
            for c in sorted(cells):
                code, reg = c.rsplit(" ", 1)
                by[code].append(reg)
            print(f"| {cause} | {kind} | ? | " + "; ".join(k + ": " + ", ".join(v) for k, v in by.items()) + " |")

T.finish()
