#!/usr/bin/python3
"""Derive devolve's local-authority inputs (data/uk/lad/) from ../shared/data and data/uk/itl2.

Run with the Debian Python (python3-pandas, python3-numpy), after tools/derive_uk_inputs.py:

    /usr/bin/python3 tools/derive_lad_inputs.py [--shared DIR] [--out DIR]

Writes, for the 361 local authority districts (LAD25 codes) of the UK, what a model build needs
per LAD: GVA 2022 by the 105 IOAT industries (nested in the ITL2 model inputs, so LADs add up
exactly to ITL2, ITL1 and the national table), compensation of employees and BRES full-time
employees (apportioned from ITL2), population 2022 and filled jobs 2021 (derived, calibrated to
ITL2), residents' GDHI (published by LAD) and Census 2021 commuting flows between LADs. A build
configuration with `level: lad` groups these LADs into areas (docs/data.md, "Local authorities").
It also prints the reconstruction of the 2018-19 Key Cities group (docs/data.md, "Key Cities").
Deterministic: same inputs, same bytes. Exits non-zero if a check fails.
"""

import argparse
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from derive_uk_inputs import GDHI_COMPONENTS, YEAR, Checks, Writer, division, fmt  # noqa: E402

# LAD GVA is published for 35 industry groups (the finest partition of its 49 codes). Each IOAT
# industry belongs to exactly one, by its SIC 2007 division: (first division, last division, code).
LAD_GROUPS = [
    (1, 9, "AB (1-9)"), (10, 15, "CA-CB (10-15)"), (16, 18, "CC (16-18)"), (19, 23, "CD-CG (19-23)"),
    (24, 25, "CH (24-25)"), (26, 30, "CI-CL (26-30)"), (31, 33, "CM (31-33)"), (35, 39, "DE (35-39)"),
    (41, 43, "F (41-43)"), (45, 45, "45"), (46, 46, "46"), (47, 47, "47"), (49, 51, "49-51"),
    (52, 53, "52-53"), (55, 56, "I (55-56)"), (58, 60, "58-60"), (61, 63, "61-63"), (64, 66, "K (64-66)"),
    (68, 68, "68"), (69, 69, "69"), (70, 70, "70"), (71, 71, "71"), (72, 75, "72-75"), (77, 77, "77"),
    (78, 80, "78-80"), (81, 81, "81"), (82, 82, "82"), (84, 84, "O (84)"), (85, 85, "P (85)"),
    (86, 88, "Q (86-88)"), (90, 93, "R (90-93)"), (94, 95, "94-95"), (96, 96, "96"), (97, 98, "T (97-98)"),
]
COMMUTING_MIN_FLOW = 10  # flows below this many commuters are left out (docs/data.md)

# Census 2021 districts merged into the April 2023 unitaries (LAD25 codes)
LTLA21_TO_LAD25 = {
    "E07000026": "E06000063", "E07000028": "E06000063", "E07000029": "E06000063",  # Cumberland
    "E07000027": "E06000064", "E07000030": "E06000064", "E07000031": "E06000064",  # Westmorland and Furness
    "E07000163": "E06000065", "E07000164": "E06000065", "E07000165": "E06000065", "E07000166": "E06000065",
    "E07000167": "E06000065", "E07000168": "E06000065", "E07000169": "E06000065",  # North Yorkshire
    "E07000187": "E06000066", "E07000188": "E06000066", "E07000189": "E06000066", "E07000246": "E06000066",  # Somerset
}

# The Key Cities' published totals (chair's letter, 2018-19): GBP 130.5bn GVA, 6.4 million people.
KEY_CITIES_GVA_BN, KEY_CITIES_POP_M = 130.5, 6.4
KEY_CITIES_JOINED_NOV_2018 = {"Carlisle": "E06000063", "Gloucester": "E07000081", "Medway": "E06000035",
                              "Swansea": "W06000011"}
TEES_VALLEY = ["E06000001", "E06000002", "E06000003", "E06000004", "E06000005"]


# The hierarchy of the published LAD industry codes, to fill cells ONS suppresses (disclosure).
LAD_TREE = {
    "Total": ["A-E", "F (41-43)", "G-T"],
    "A-E": ["AB (1-9)", "C (10-33)", "DE (35-39)"],
    "C (10-33)": ["CA-CB (10-15)", "CC (16-18)", "CD-CG (19-23)", "CH (24-25)", "CI-CL (26-30)", "CM (31-33)"],
    "G-T": ["G (45-47)", "H (49-53)", "I (55-56)", "J (58-63)", "K (64-66)", "L (68)", "M (69-75)", "N (77-82)",
            "O (84)", "P (85)", "Q (86-88)", "R (90-93)", "S (94-96)", "T (97-98)"],
    "G (45-47)": ["45", "46", "47"], "H (49-53)": ["49-51", "52-53"], "J (58-63)": ["58-60", "61-63"],
    "L (68)": ["68IMP", "68"], "M (69-75)": ["69", "70", "71", "72-75"], "N (77-82)": ["77", "78-80", "81", "82"],
    "S (94-96)": ["94-95", "96"],
}


def fill_suppressed(lv, parent):
    """Fills suppressed (empty) cells top-down: what a published parent code leaves after its published
    children goes to its empty children in proportion to their published total in the LAD's ITL2 area
    (the UK where that is zero). Returns the number of cells filled."""
    filled = 0
    for top in LAD_TREE:  # dict order is top-down
        kids = LAD_TREE[top]
        area = lv[kids].groupby(parent).transform("sum")  # NaN-skipping sums of published cells
        nation = lv[kids].sum()
        for lad in lv.index[lv[kids].isna().any(axis=1)]:
            miss = [k for k in kids if np.isnan(lv.at[lad, k])]
            rest = max(0.0, lv.at[lad, top] - lv.loc[lad, [k for k in kids if k not in miss]].sum())
            w = area.loc[lad, miss].astype(float)
            if w.sum() <= 0:
                w = nation[miss].astype(float)
            for k in miss:
                lv.at[lad, k] = rest * w[k] / w.sum()
                filled += 1
    return filled


def lad_group(code):
    if code == "L68A":
        return "68IMP"
    d = division(code)
    for lo, hi, g in LAD_GROUPS:
        if lo <= d <= hi:
            return g
    raise AssertionError(code)


def calibrate(values, parent, target):
    """Scales values within each parent so they add up to target[parent]."""
    s = values.groupby(parent).transform("sum")
    return values * parent.map(target) / s


def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(repo, "data", "uk"))
    args = ap.parse_args(argv)
    S, out = os.path.normpath(args.shared), os.path.normpath(args.out)
    W, C = Writer(out), Checks()

    def src(*p):
        return os.path.join(S, *p)

    ind = pd.read_csv(os.path.join(out, "national", "industries.csv"), dtype=str)
    codes = list(ind.code)
    conc = pd.read_csv(os.path.join(out, "national", "concordance_ioat_to_regional.csv"), dtype=str).set_index("code")
    r2 = pd.read_csv(os.path.join(out, "itl2", "regions.csv"), dtype={"code": str}).set_index("code")
    lk = pd.read_csv(src("geography_itl_lad", "lad25_lau1_itl3_itl2_itl1_jan2025_lookup.csv"), dtype=str)
    lk = lk.drop_duplicates("LAD25CD").set_index("LAD25CD").sort_index()
    # The documented North Ayrshire fix (geography_itl_lad/PROVENANCE.md): the mainland's ITL3/ITL2.
    lk["itl3"], lk["itl2"] = lk.ITL325CD_lad_best_fit, lk.ITL225CD_lad_best_fit
    itl3_names = dict(zip(lk.ITL325CD, lk.ITL325NM))
    itl2_names = dict(zip(lk.ITL225CD, lk.ITL225NM))
    lads = list(lk.index)
    C.check(len(lads) == 361 and sorted(set(lk.itl2)) == sorted(r2.index), "361 LADs in the 46 ITL2 areas of the model")

    # ---------------------------------------------------------------- GVA by IOAT industry
    C.info("== GVA 2022 by LAD (ONS regional GVA by LAD, April 2025), nested in the ITL2 inputs")
    lg = pd.read_csv(src("regional_gva_by_industry_lad_itl3", "lad_gva_current_prices_gbp_million_1998_2023.csv"))
    lv = lg.pivot(index="lad_code", columns="industry_code", values=str(YEAR)).reindex(lads)
    lv_prev = lg.pivot(index="lad_code", columns="industry_code", values=str(YEAR - 1)).reindex(lads)
    leaves = [g for *_, g in LAD_GROUPS] + ["68IMP"]
    n = fill_suppressed(lv, lk.itl2)
    C.info("  %d suppressed LAD cells (11 LADs) filled from their parent codes" % n)
    C.check(lv[leaves].notna().all().all(), "every LAD has GVA 2022 for every industry group")
    neg = [(lad, g, lv.at[lad, g]) for g in leaves for lad in lv.index[lv[g] < 0]]
    C.info("  negative published cells taken as 0 (a region's output cannot be negative): %s"
           % ", ".join("%s %s %g" % x for x in neg))
    lv[leaves] = lv[leaves].clip(lower=0)
    resid = (lv[leaves].sum(axis=1) - lv["Total"]).abs()
    C.info("  the 35 groups add up to each LAD's total within GBP %.0fm (rounding)" % resid.max())
    g2 = pd.read_csv(os.path.join(out, "itl2", "gva_by_ioat_industry.csv"), dtype={"region_code": str, "code": str})
    on2 = g2.pivot(index="region_code", columns="code", values="gva_onshore")[codes]
    er2 = g2.pivot(index="region_code", columns="code", values="gva_extra_regio")[codes]
    parent = lk.itl2
    leaf_of = {c: lad_group(c) for c in codes}
    onshore = pd.DataFrame(0.0, index=lads, columns=codes)
    fallback = 0
    for c in codes:
        v = lv[leaf_of[c]].astype(float)
        tot = v.groupby(parent).transform("sum")
        share = v / tot
        if (tot <= 0).any():  # an ITL2 area whose LADs publish nothing in the group: by total GVA
            fallback += int((tot <= 0).sum())
            alt = lv["Total"] / lv["Total"].groupby(parent).transform("sum")
            share = share.where(tot > 0, alt)
        onshore[c] = share.values * on2.loc[parent, c].values
    # Extra-Regio of the ITL2 area, to its LADs by their onshore GVA of the industry (by total GVA if none).
    extra = pd.DataFrame(0.0, index=lads, columns=codes)
    for c in codes:
        e = er2.loc[parent, c].values
        if not (e != 0).any():
            continue
        tot = onshore[c].groupby(parent).transform("sum")
        alt = lv["Total"] / lv["Total"].groupby(parent).transform("sum")
        extra[c] = np.where(tot > 0, onshore[c] / tot.where(tot > 0, 1.0), alt) * e
    gva = onshore + extra
    back = gva.groupby(parent).sum()
    g2tot = on2 + er2
    C.check(float((back - g2tot.loc[back.index]).abs().max().max()) < 1e-6,
            "LADs add up to the ITL2 inputs for every industry (max |diff| %.1e)" % float((back - g2tot.loc[back.index]).abs().max().max()))
    C.info("  %d (ITL2 area, industry) cells with no LAD GVA in the group were split by total GVA" % fallback)
    pub = lv["Total"].astype(float)
    dev = onshore.sum(axis=1) - pub
    C.info("  LAD onshore GVA vs published LAD total: max |diff| GBP %.1fm (%s), sum |diff| %.0f"
           % (dev.abs().max(), dev.abs().idxmax(), dev.abs().sum()))
    rows = []
    for lad in lads:
        for c in codes:
            if gva.at[lad, c] != 0:
                rows.append([lad, c, fmt(extra.at[lad, c]), fmt(gva.at[lad, c])])
    W.write("lad/gva_by_ioat_industry.csv", ["region_code", "code", "gva_extra_regio", "gva"], rows)

    # ------------------------------------------------------- population and filled jobs (derived)
    C.info("== Population 2022 (GDHI / GDHI per head) and filled jobs 2021 (GVA / GVA per filled job), calibrated to ITL2")
    gd = pd.read_csv(src("gdhi_lad", "lad_gdhi_components_current_prices_gbp_million_1997_2022.csv"))
    gh = pd.read_csv(src("gdhi_lad", "lad_gdhi_per_head_current_prices_gbp_1997_2022.csv"))
    gdhi = gd[gd.component == "Gross Disposable Income"].set_index("lad_code")
    gdhi_ph = gh[gh.component == "Gross Disposable Income"].set_index("lad_code")
    pop_raw = (gdhi[str(YEAR)] * 1e6 / gdhi_ph[str(YEAR)]).reindex(lads)
    pop = calibrate(pop_raw, parent, r2.population_2022)
    C.info("  population: calibration factors %.4f to %.4f" % ((pop / pop_raw).min(), (pop / pop_raw).max()))
    pr = pd.read_csv(src("lad_productivity", "lad_gva_per_job_and_per_hour_2002_2022.csv"))
    per_job = pr[pr.measure == "GVA per job (£)"].set_index("area_code")["2021"].reindex(lads)
    jobs_raw = lv_prev["Total"] * 1e6 / per_job
    jobs = calibrate(jobs_raw, parent, r2.filled_jobs_2021)
    C.info("  filled jobs: calibration factors %.4f to %.4f" % ((jobs / jobs_raw).min(), (jobs / jobs_raw).max()))
    C.check(abs(pop.sum() - r2.population_2022.sum()) < 1 and abs(jobs.sum() - r2.filled_jobs_2021.sum()) < 1,
            "population %.0f and filled jobs %.0f add up to the ITL2 (and UK) totals" % (pop.sum(), jobs.sum()))

    geo = pd.DataFrame([f["properties"] for f in pd.read_json(src("geography_itl_lad", "lad_2025_simplified_wgs84.geojson")).features])
    geo = geo.set_index("LAD24CD").reindex(lads)
    C.check(geo.LAT.notna().all(), "every LAD has a centroid in the ONS boundary layer")
    rows = []
    for lad in lads:
        rows.append([lad, lk.at[lad, "LAD25NM"], lk.at[lad, "itl3"], itl3_names[lk.at[lad, "itl3"]], lk.at[lad, "itl2"],
                     itl2_names[lk.at[lad, "itl2"]], lk.at[lad, "ITL125CD"], lk.at[lad, "ITL125NM"],
                     fmt(pop[lad], 9), fmt(jobs[lad], 9), fmt(geo.at[lad, "LAT"]), fmt(geo.at[lad, "LONG"]),
                     fmt(pub[lad]), fmt(gva.loc[lad].sum(), 9)])
    W.write("lad/regions.csv", ["code", "name", "itl3_code", "itl3_name", "itl2_code", "itl2_name", "itl1_code",
                                "itl1_name", "population_2022", "filled_jobs_2021", "centroid_lat", "centroid_lon",
                                "gva_2022_published", "gva_2022_model"], rows)

    # ------------------------------------------------- compensation and BRES, apportioned from ITL2
    C.info("== Compensation of employees and BRES full-time employees, apportioned from ITL2 by LAD GVA")
    ig = conc.loc[codes, "itl2_income_group"].values
    gva_ig = gva.T.groupby(ig).sum().T  # LAD x income group
    comp2 = pd.read_csv(os.path.join(out, "itl2", "compensation.csv"), dtype=str)
    rows = []
    share_ig = gva_ig / gva_ig.groupby(parent).transform("sum")
    for lad in lads:
        for _, r in comp2[comp2.region_code == parent[lad]].iterrows():
            s = share_ig.at[lad, r.income_group] if r.income_group in share_ig.columns else np.nan
            if np.isnan(s) or s == 0:
                continue
            rows.append([lad, r.income_group, fmt(float(r.coe_2022) * s, 8), fmt(float(r.gva_2022_apr2024) * s, 8)])
    W.write("lad/compensation.csv", ["region_code", "income_group", "coe_2022", "gva_2022_apr2024"], rows)
    sec = conc.loc[codes, "bres_section"].fillna("").values
    gva_sec = gva.T.groupby(sec).sum().T
    share_sec = gva_sec / gva_sec.groupby(parent).transform("sum")
    emp2 = pd.read_csv(os.path.join(out, "itl2", "employment.csv"), dtype=str)
    rows = []
    for lad in lads:
        for _, r in emp2[emp2.region_code == parent[lad]].iterrows():
            s = share_sec.at[lad, r.sic07_section] if r.sic07_section in share_sec.columns else np.nan
            if np.isnan(s) or s == 0:
                continue
            rows.append([lad, r.sic07_section, fmt(float(r.full_time_employees_2022) * s, 8)])
    W.write("lad/employment.csv", ["region_code", "sic07_section", "full_time_employees_2022"], rows)

    # ---------------------------------------------------------------- households and commuting
    C.info("== Residents' GDHI by LAD (published) and Census 2021 commuting between LADs")
    piv = gd.pivot_table(index="lad_code", columns="component", values=str(YEAR), aggfunc="sum").reindex(lads)
    rows = []
    for lad in lads:
        v = {k: float(piv.at[lad, comp]) for k, comp in GDHI_COMPONENTS}
        rows.append([lad] + [fmt(v[k]) for k, _ in GDHI_COMPONENTS] + [fmt(v["primary_resources"] + v["secondary_resources"])])
    W.write("lad/households.csv", ["region_code"] + [k for k, _ in GDHI_COMPONENTS] + ["gross_resources"], rows)
    C.check(abs(piv["Gross Disposable Income"].sum() - 1540635) < 0.5, "UK GDHI 2022 = 1,540,635")
    od = pd.read_csv(src("commuting_census2021_od", "census2021_odwp01ew_ltla_residence_to_workplace_flows.csv.gz"), dtype={"wp_code": str})
    od = od[od.pow_code == 3].copy()
    od["res"] = od.res_lad21_code.map(lambda c: LTLA21_TO_LAD25.get(c, c))
    od["wp"] = od.wp_code.map(lambda c: LTLA21_TO_LAD25.get(c, c))
    od = od[od.wp.str[0].isin(["E", "W"])]  # Scottish and NI workplaces keep their own residents
    C.check(od.res.isin(lads).all() and od.wp.isin(lads).all(), "every commuting district maps to a LAD25 code")
    f = od.groupby(["res", "wp"])["count"].sum().reset_index()
    kept = f[f["count"] >= COMMUTING_MIN_FLOW]
    C.info("  %d LAD pairs, %d with at least %d commuters, holding %.2f%% of the %d commuters"
           % (len(f), len(kept), COMMUTING_MIN_FLOW, 100 * kept["count"].sum() / f["count"].sum(), f["count"].sum()))
    W.write("lad/commuting.csv", ["residence_code", "workplace_code", "commuters_2021"],
            [[r.res, r.wp, int(r["count"])] for _, r in kept.sort_values(["wp", "res"]).iterrows()])

    # ------------------------------------------------------------------- real GVA trend
    cv = pd.read_csv(src("regional_gva_by_industry_lad_itl3", "lad_gva_chained_volume_2022_prices_gbp_million_1998_2023.csv"))
    cv = cv[cv.industry_code == "Total"].set_index("lad_code").reindex(lads)
    years = ["2012", "2015", "2019", "2023"]
    C.check(cv[years].notna().all().all() and (cv[years] > 0).all().all(), "every LAD has real GVA 2012, 2015, 2019 and 2023")
    W.write("lad/gva_real_trend.csv", ["region_code"] + ["gva_cvm_" + y for y in years],
            [[lad] + [fmt(cv.at[lad, y]) for y in years] for lad in lads])

    key_cities(C, src, lv, lg, gdhi, gdhi_ph, lk)
    for rel, n, size in W.written:
        C.info("  wrote %s: %d rows, %d bytes" % (rel, n, size))
    return 1 if C.failed else 0


def key_cities(C, src, lv, lg, gdhi, gdhi_ph, lk):
    """The 24 Key Cities of 2018-19: the July 2017 members plus the four that joined in November 2018,
    one of the 25 having left ("now 24 cities"); GVA and population summed over their LADs."""
    C.info("== Key Cities 2018-19 against the chair's totals (GBP %.1fbn GVA, %.1fm people)" % (KEY_CITIES_GVA_BN, KEY_CITIES_POP_M))
    kc = pd.read_csv(src("key_cities_and_combined_authorities", "key_cities_membership_vintages.csv"), dtype=str)
    m17 = kc[kc.vintage.str.startswith("Press report July 2017")]
    members = {}
    for _, r in m17.iterrows():
        members[r.member_as_published] = TEES_VALLEY if r.member_as_published == "Tees Valley" else [r.lad25_code]
    for name, code in KEY_CITIES_JOINED_NOV_2018.items():
        members[name] = [code]
    gv = lg[lg.industry_code == "Total"].set_index("lad_code")

    def totals(names, year):
        ls = [c for n in names for c in members[n]]
        g = gv.loc[ls, str(year)].sum() / 1e3
        p = (gdhi.loc[ls, str(year)] * 1e6 / gdhi_ph.loc[ls, str(year)]).sum() / 1e6
        return g, p

    everyone = sorted(members)
    for year in (2016, 2017, 2018):
        g, p = totals(everyone, year)
        C.info("  all 25 (July 2017 + Nov 2018), %d: GVA GBP %.1fbn, population %.2fm" % (year, g, p))
    for year in (2016, 2017):
        fits = []
        for left in everyone:
            g, p = totals([n for n in everyone if n != left], year)
            fits.append((abs(g / KEY_CITIES_GVA_BN - 1) + abs(p / KEY_CITIES_POP_M - 1), left, g, p))
        fits.sort()
        for err, left, g, p in fits[:4]:
            C.info("  %d, without %s: GVA GBP %.1fbn (%+.1f%%), population %.2fm (%+.1f%%)"
                   % (year, left, g, 100 * (g / KEY_CITIES_GVA_BN - 1), p, 100 * (p / KEY_CITIES_POP_M - 1)))
    # Carlisle is a district merged into Cumberland (2023), so its LAD25 figures overstate it.
    g, p = totals(["Carlisle"], 2017)
    C.info("  (Cumberland, standing in for Carlisle, 2017: GVA GBP %.1fbn, population %.2fm)" % (g, p))


if __name__ == "__main__":
    sys.exit(main())
