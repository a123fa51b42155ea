"""Base labour market of each ITL1 region, for the labour-supply account (docs/data.md, "Labour market").

Called by tools/derive_uk_inputs.py; writes itl1/labour_market.csv from
../shared/data/regional_labour_market_itl1/itl1_lfs_rates_levels_workforce_jobs_long.csv:
ONS Labour market statistics time series (lms.csv), Labour Force Survey, annual 2022 (freq "a",
period starting 2022-01-01), seasonally adjusted, all persons. Levels in thousands (aged 16 and
over: in employment, ILO unemployed, economically active, population); rates in % (employment and
inactivity aged 16-64, ILO unemployment aged 16+). Northern Ireland has no inactivity-rate series:
100 minus its activity rate (aged 16-64). Two estimates, by us:
    population_16_64_est = in_employment / (employment_rate_16_64 / 100)
    inactive_16_64_est   = population_16_64_est x inactivity_rate_16_64 / 100
which treat everyone in employment as aged 16-64 (the tables give no 16-64 level), so both
overstate by the share of people in work aged 65 and over.

Run as a script (after derive_lad_inputs.py), it derives the same columns for the ITL2 and ITL3 areas and
the local authorities of the model (itl2/, itl3/ and lad/labour_market.csv), which the ONS
does not publish as LFS levels:

    /usr/bin/python3 tools/labour_market.py [--shared ../shared/data] [--data data/uk]

Each LAD l of ITL1 region R gets the share pop_l / pop_R (lad/regions.csv, population 2022) of R's
population levels, and, with e_l and u_l its APS employment rate 16-64 and model-based unemployment
rate 16+ (ONS Subnational indicators explorer, March 2024; Oct 2022-Sep 2023; R's LFS rate where
the LAD has none):
    employed_l   ~ P_l e_l / 100,   unemployed_l ~ employed_l u_l / (100 - u_l),
    inactive_l   ~ P_l (100 - e_l / (1 - u_l / 100)) / 100,
each then scaled so that the LADs of R add up to R's ITL1 level (active likewise from employed +
unemployed). ITL2 and ITL3 areas are sums of their LADs (each ITL3 area checked to lie in one
ITL2 area and to add up to the ITL2 and ITL1 levels). Every value is derived, not published: the file
says so in its `basis` column, and docs/data.md, "Labour market", gives the method and caveats.
"""
import argparse
import csv
import os
import sys

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from derive_context import lad_populations  # noqa: E402

YEAR = 2022
FILE = ("regional_labour_market_itl1", "itl1_lfs_rates_levels_workforce_jobs_long.csv")
LEVELS = [("population_16_plus", "Population aged 16 and over"), ("in_employment", "In employment"),
          ("ilo_unemployed", "ILO unemployed"), ("economically_active", "Economically active")]
RATES = [("employment_rate_16_64", "Employment rate"), ("inactivity_rate_16_64", "Economic inactivity rate"),
         ("ilo_unemployment_rate", "ILO unemployment rate")]


def derive_labour_market(W, C, src, regions, fmt):
    C.info("== Labour market: ONS LFS (lms.csv), annual %d, ITL1" % YEAR)
    d = pd.read_csv(src(*FILE))
    d = d[(d.freq == "a") & (d.sex == "All") & (d.period_start == "%d-01-01" % YEAR)]
    piv = d.pivot_table(index="itl1_code", columns="measure", values="value", aggfunc="first")
    rows = []
    for r in regions:
        v = {k: float(piv.loc[r, m]) for k, m in LEVELS + RATES if m in piv.columns and pd.notna(piv.loc[r, m])}
        if "inactivity_rate_16_64" not in v:  # Northern Ireland: no inactivity series
            v["inactivity_rate_16_64"] = round(100.0 - float(piv.loc[r, "Economic activity rate"]), 1)
        C.check(len(v) == len(LEVELS) + len(RATES), "%s: every level and rate for %d" % (r, YEAR))
        C.check(abs(v["economically_active"] - v["in_employment"] - v["ilo_unemployed"]) <= 2,
                "%s: active = employed + unemployed (%.0f thousand, rounding)" % (r, v["economically_active"]))
        pop = v["in_employment"] / (v["employment_rate_16_64"] / 100.0)
        inactive = pop * v["inactivity_rate_16_64"] / 100.0
        rows.append([r, str(YEAR)] + [fmt(v[k]) for k, _ in LEVELS + RATES] + [fmt(pop, 6), fmt(inactive, 6)])
    W.write("itl1/labour_market.csv",
            ["region_code", "year"] + [k for k, _ in LEVELS + RATES] + ["population_16_64_est", "inactive_16_64_est"],
            rows)


# ---------------------------------------------------------------------------------------------
# ITL2 areas and local authorities (derived): run as a script after derive_lad_inputs.py.
# ---------------------------------------------------------------------------------------------

LAD_FILE = ("subnational_indicators_wellbeing", "ons_subnational_indicators_lad_march2024.csv")
LAD_EMP = ["Aged 16 to 64 years employment rate (Great Britain)", "Aged 16 to 64 years employment rate (Northern Ireland)"]
LAD_UNEMP = "Aged 16 years and over modelled unemployment"
# LADs abolished on 1 April 2023, still listed in the March 2024 file -> their successor unitary
# authority (as tools/derive_context.py)
ABOLISHED = {
    "E07000026": "E06000063", "E07000028": "E06000063", "E07000029": "E06000063",
    "E07000027": "E06000064", "E07000030": "E06000064", "E07000031": "E06000064",
    "E07000163": "E06000065", "E07000164": "E06000065", "E07000165": "E06000065", "E07000166": "E06000065",
    "E07000167": "E06000065", "E07000168": "E06000065", "E07000169": "E06000065",
    "E07000187": "E06000066", "E07000188": "E06000066", "E07000189": "E06000066", "E07000246": "E06000066",
}
LEVEL_COLUMNS = ["population_16_plus", "in_employment", "ilo_unemployed", "economically_active",
                 "population_16_64_est", "inactive_16_64_est"]
COLUMNS = ["region_code", "year"] + [k for k, _ in LEVELS + RATES] + ["population_16_64_est", "inactive_16_64_est"]
# the full method is in docs/data.md, "Labour market"
BASIS = "derived: ITL1 LFS 2022 levels shared by LAD APS rates 2022-23 and population (docs/data.md)"


def lad_rates(w, codes, district_pop):
    """Employment rate (16-64) and unemployment rate (16+) by LAD code of the model, NaN where the
    file has none; the four unitary authorities of April 2023 take their abolished districts'
    values weighted by the districts' populations (tools/derive_context.py, lad_populations)."""
    def series(ids):
        s = w[w.indicator_id.isin(ids)].dropna(subset=["value"]).set_index("area_code")["value"].astype(float)
        out = s.reindex(codes)
        for new in sorted(set(ABOLISHED.values())):
            old = [o for o, n in ABOLISHED.items() if n == new and o in s.index]
            if pd.isna(out.get(new)) and old:
                p = district_pop[old]
                out[new] = float((s[old] * p).sum() / p.sum())
        return out
    return series(LAD_EMP), series([LAD_UNEMP])


def derive_small_areas(shared, data):
    """Writes lad/, itl2/ and itl3/labour_market.csv (derived; docs/data.md)."""
    itl1 = pd.read_csv(os.path.join(data, "itl1", "labour_market.csv")).set_index("region_code")
    lad = pd.read_csv(os.path.join(data, "lad", "regions.csv"), dtype={"code": str}).set_index("code")
    w = pd.read_csv(os.path.join(shared, *LAD_FILE))
    emp, unemp = lad_rates(w, list(lad.index), lad_populations(shared))
    d = pd.DataFrame(index=lad.index)
    d["itl1"], d["itl2"], d["itl3"] = lad["itl1_code"], lad["itl2_code"], lad["itl3_code"]
    d["pop"] = lad["population_2022"].astype(float)
    reg = itl1.loc[d["itl1"]]
    reg.index = d.index
    # rates: the LAD's, else its ITL1 region's published rate (flagged in `rates_from`)
    d["e"] = emp.fillna(reg["employment_rate_16_64"])
    d["u"] = unemp.fillna(reg["ilo_unemployment_rate"])
    d["rates_from"] = ["lad" if pd.notna(emp[c]) and pd.notna(unemp[c]) else
                       "itl1 employment rate" if pd.isna(emp[c]) and pd.notna(unemp[c]) else
                       "itl1 unemployment rate" if pd.notna(emp[c]) else "itl1 rates" for c in d.index]
    share = d["pop"] / d.groupby("itl1")["pop"].transform("sum")  # LAD share of its region's population
    raw = pd.DataFrame(index=d.index)
    raw["population_16_plus"] = share * reg["population_16_plus"]
    raw["population_16_64_est"] = share * reg["population_16_64_est"]
    raw["in_employment"] = raw["population_16_64_est"] * d["e"] / 100.0
    raw["ilo_unemployed"] = raw["in_employment"] * d["u"] / (100.0 - d["u"])
    raw["inactive_16_64_est"] = raw["population_16_64_est"] * (100.0 - d["e"] / (1.0 - d["u"] / 100.0)).clip(lower=0) / 100.0
    out = pd.DataFrame(index=d.index)
    for col in ("population_16_plus", "population_16_64_est", "in_employment", "ilo_unemployed", "inactive_16_64_est"):
        out[col] = raw[col] * reg[col] / raw.groupby(d["itl1"])[col].transform("sum")  # calibrated to ITL1
    act = out["in_employment"] + out["ilo_unemployed"]
    out["economically_active"] = act * reg["economically_active"] / act.groupby(d["itl1"]).transform("sum")
    for level, key in (("lad", None), ("itl2", "itl2"), ("itl3", "itl3")):
        t = out if key is None else out.groupby(d[key]).sum()
        if key == "itl2":
            codes = list(pd.read_csv(os.path.join(data, level, "regions.csv"), dtype={"code": str})["code"])
            if sorted(codes) != sorted(t.index):
                sys.exit("labour_market: the LADs' ITL2 codes are not the model's ITL2 areas")
            t = t.loc[codes]
        if key == "itl3":  # the areas of uk-itl3-2022 (rest: itl3), in its order (by code)
            check_nesting(d, t, out)
            os.makedirs(os.path.join(data, level), exist_ok=True)
        t = t.copy()
        t["employment_rate_16_64"] = 100.0 * t["in_employment"] / t["population_16_64_est"]
        t["inactivity_rate_16_64"] = 100.0 * t["inactive_16_64_est"] / t["population_16_64_est"]
        t["ilo_unemployment_rate"] = 100.0 * t["ilo_unemployed"] / t["economically_active"]
        cols = COLUMNS + ["basis"] + (["rates_from"] if key is None else [])
        path = os.path.join(data, level, "labour_market.csv")
        with open(path, "w", newline="") as f:
            wr = csv.writer(f, lineterminator="\n")
            wr.writerow(cols)
            for c in t.index:
                row = [c, str(YEAR)] + ["%.6g" % t.loc[c, k] for k in COLUMNS[2:]] + [BASIS]
                wr.writerow(row + ([d.loc[c, "rates_from"]] if key is None else []))
        print("%s: %d areas -> %s" % (level, len(t), path))
    # every ITL1 total is reproduced
    for col in LEVEL_COLUMNS:
        gap = (out[col].groupby(d["itl1"]).sum() / itl1[col].reindex(sorted(set(d["itl1"]))) - 1).abs().max()
        if gap > 1e-9:
            sys.exit("labour_market: %s does not add up to the ITL1 totals (%.2g)" % (col, gap))


def check_nesting(d, t3, out):
    """Each ITL3 area lies in one ITL2 area and one ITL1 region, and the ITL3 levels add up to the
    ITL2 areas' and the ITL1 regions' (sums of the same LADs) to 1e-12 relative."""
    up = d.groupby("itl3")[["itl2", "itl1"]].nunique()
    if (up.max() > 1).any():
        sys.exit("labour_market: an ITL3 area straddles ITL2 areas: %s" % list(up.index[(up > 1).any(axis=1)]))
    parent = d.groupby("itl3")[["itl2", "itl1"]].first()
    for key in ("itl2", "itl1"):
        want = out[LEVEL_COLUMNS].groupby(d[key]).sum()
        got = t3[LEVEL_COLUMNS].groupby(parent[key]).sum().reindex(want.index)
        gap = (got / want - 1).abs().max().max()
        if not gap <= 1e-12:
            sys.exit("labour_market: the ITL3 areas do not add up to the %s totals (%.2g)" % (key.upper(), gap))


def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Derive data/uk/{itl2,itl3,lad}/labour_market.csv (docs/data.md)")
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"))
    ap.add_argument("--data", default=os.path.join(repo, "data", "uk"))
    args = ap.parse_args(argv)
    derive_small_areas(os.path.normpath(args.shared), args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
