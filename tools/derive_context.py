#!/usr/bin/python3
"""Derive the context indicators (data/uk/itl1/context.csv, data/uk/itl2/context.csv).

Run with the Debian Python (python3-pandas):

    /usr/bin/python3 tools/derive_context.py [--shared ../shared/data] [--data data/uk]

Context indicators are measures of need and wellbeing by region that devolve does NOT model: a
scenario does not change them. They are written beside the results (group /context of the results
file) so that a reader can see where a scenario's jobs land against where need is greatest, and
the `need` split of a spend or redirect (docs/scenarios.md, "Splits") weights regions by them.
Sources, periods, units and the aggregation method are in docs/data.md, "Context indicators".

Method, in short:
- employment and unemployment rates at ITL1: ONS Labour Force Survey annual rates, 2023, as
  published for ITL1 regions (../shared/data/regional_labour_market_itl1);
- GDHI per head: residents' GDHI 2022 (data/uk/<level>/households.csv) / resident population 2022
  (data/uk/<level>/regions.csv), GBP per person;
- everything else (and the two rates at ITL2): ONS Subnational indicators explorer, March 2024
  (../shared/data/subnational_indicators_wellbeing), local-authority values weighted by resident
  population to the ITL area: value_A = sum_l pop_l x v_l / sum_l pop_l over the LADs l of area A
  that have a value; `coverage` = sum of those pop_l / the area's population. LAD populations are
  ONS mid-2022 as implied by the GDHI release (GDHI / GDHI per head); the 17 districts abolished in
  April 2023 take their successor unitary authority's population in proportion to their Census 2021
  usual residents aged 16+ (ODWP01EW). A value with coverage below 0.5 is left empty.
- healthy life expectancy at ITL1: the ONS region and nation values (2018-2020) of the Subnational
  indicators explorer, August 2022 (the same period as the March 2024 LAD values).

The output is deterministic; the script exits non-zero if a check fails.
"""

import argparse
import csv
import os
import sys

import pandas as pd

MIN_COVERAGE = 0.5

# LADs abolished on 1 April 2023 (Cumbria, North Yorkshire and Somerset structural changes
# orders 2022) -> their successor unitary authority (LAD 2023 codes).
ABOLISHED = {
    "E07000026": "E06000063", "E07000028": "E06000063", "E07000029": "E06000063",  # Cumberland
    "E07000027": "E06000064", "E07000030": "E06000064", "E07000031": "E06000064",  # Westmorland and Furness
    "E07000163": "E06000065", "E07000164": "E06000065", "E07000165": "E06000065", "E07000166": "E06000065",
    "E07000167": "E06000065", "E07000168": "E06000065", "E07000169": "E06000065",  # North Yorkshire
    "E07000187": "E06000066", "E07000188": "E06000066", "E07000189": "E06000066", "E07000246": "E06000066",  # Somerset
}

# indicator code -> (indicator ids in the March 2024 LAD file, unit, period, description)
LAD_INDICATORS = [
    ("employment_rate", ["Aged 16 to 64 years employment rate (Great Britain)", "Aged 16 to 64 years employment rate (Northern Ireland)"],
     "percent", "Oct 2022-Sep 2023 (GB), 2022 (NI)", "employment rate of residents aged 16-64 (APS)"),
    ("unemployment_rate", ["Aged 16 years and over modelled unemployment"], "percent", "Oct 2022-Sep 2023",
     "model-based unemployment rate of residents aged 16+ (APS; no Northern Ireland LAD values)"),
    ("life_satisfaction", ["Life satisfaction"], "score out of 10", "Apr 2022-Mar 2023",
     "mean life satisfaction of adults 16+ (APS personal wellbeing)"),
    ("healthy_life_expectancy_male", ["Male healthy life expectancy"], "years", "2018-2020",
     "healthy life expectancy at birth, males"),
    ("healthy_life_expectancy_female", ["Female healthy life expectancy"], "years", "2018-2020",
     "healthy life expectancy at birth, females"),
    ("median_weekly_pay", ["Gross median weekly pay"], "GBP per week", "2023",
     "gross median weekly pay of full-time employees (ASHE), population-weighted mean of LAD medians"),
]
ORDER = ["employment_rate", "unemployment_rate", "gdhi_per_head", "life_satisfaction",
         "healthy_life_expectancy_male", "healthy_life_expectancy_female", "median_weekly_pay"]
LFS = {"employment_rate": ("Employment rate", "employment rate of residents aged 16-64 (LFS)"),
       "unemployment_rate": ("ILO unemployment rate", "ILO unemployment rate of residents aged 16-64 (LFS)")}
HLE_ITL1 = {"healthy_life_expectancy_male": "Male Healthy Life Expectancy (HLE)",
            "healthy_life_expectancy_female": "Female Healthy Life Expectancy (HLE)"}
REGION_GSS = {"E12000001": "TLC", "E12000002": "TLD", "E12000003": "TLE", "E12000004": "TLF", "E12000005": "TLG",
              "E12000006": "TLH", "E12000007": "TLI", "E12000008": "TLJ", "E12000009": "TLK", "W92000004": "TLL",
              "S92000003": "TLM", "N92000002": "TLN"}

SOURCE_LAD = "ONS Subnational indicators explorer, March 2024 (LAD values, population-weighted)"
SOURCE = {
    "lfs": "ONS Labour market statistics (LFS), annual 2023, ITL1 as published",
    "gdhi": "ONS Regional GDHI by LAD, 2024 release (2022) / ONS mid-year population 2022",
    "hle1": "ONS Subnational indicators explorer, August 2022 (region and nation values as published)",
}


def fmt(v):
    if v is None or pd.isna(v):
        return ""
    return "%.6g" % v


def lad_populations(shared):
    """Resident population 2022 by LAD (LAD 2023 codes, plus the 17 abolished districts)."""
    g = pd.read_csv(os.path.join(shared, "gdhi_lad", "lad_gdhi_components_current_prices_gbp_million_1997_2022.csv"))
    h = pd.read_csv(os.path.join(shared, "gdhi_lad", "lad_gdhi_per_head_current_prices_gbp_1997_2022.csv"))
    g = g[g.component == "Gross Disposable Income"].set_index("lad_code")["2022"]
    h = h[h.component == "Gross Disposable Income"].set_index("lad_code")["2022"]
    pop = (g * 1e6 / h).dropna()
    od = pd.read_csv(os.path.join(shared, "commuting_census2021_od", "census2021_odwp01ew_ltla_residence_to_workplace_flows.csv.gz"))
    residents = od.groupby("res_lad21_code")["count"].sum()  # usual residents 16+ (every row, in work or not)
    for new in sorted(set(ABOLISHED.values())):
        old = [o for o, n in ABOLISHED.items() if n == new]
        total = residents[old].sum()
        for o in old:
            pop[o] = pop[new] * residents[o] / total
    return pop


def weighted(lad, pop, itl_of, regions, region_pop):
    """Population-weighted value and coverage by region of LAD values (a Series by LAD code)."""
    out = {}
    for r in regions:
        members = [l for l in lad.index if itl_of.get(l) == r]
        w = pop.reindex(members)
        if w.isna().any():
            sys.exit("derive_context: no population for LADs %s" % list(w[w.isna()].index))
        cover = float(w.sum()) / region_pop[r]
        value = float((w * lad[members]).sum() / w.sum()) if members else float("nan")
        out[r] = (value if cover >= MIN_COVERAGE else float("nan"), min(cover, 1.0))
    return out


def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"))
    ap.add_argument("--data", default=os.path.join(repo, "data", "uk"))
    args = ap.parse_args(argv)
    shared = os.path.normpath(args.shared)
    w = pd.read_csv(os.path.join(shared, "subnational_indicators_wellbeing", "ons_subnational_indicators_lad_march2024.csv"))
    lk = pd.read_csv(os.path.join(shared, "geography_itl_lad", "lad25_lau1_itl3_itl2_itl1_jan2025_lookup.csv"), dtype=str)
    pop = lad_populations(shared)
    lfs = pd.read_csv(os.path.join(shared, "regional_labour_market_itl1", "itl1_lfs_annual_rates_16_64_pct.csv"))
    lfs = lfs[lfs.year == 2023].set_index("itl1_code")
    old = pd.read_csv(os.path.join(shared, "subnational_indicators_wellbeing", "ons_subnational_indicators_all_geographies_aug2022.csv"))
    for level, col in (("itl1", "ITL125CD"), ("itl2", "ITL225CD")):
        regs = pd.read_csv(os.path.join(args.data, level, "regions.csv"), dtype={"code": str}).set_index("code")
        hh = pd.read_csv(os.path.join(args.data, level, "households.csv")).set_index("region_code")
        regions = list(regs.index)
        region_pop = regs["population_2022"].astype(float)
        itl_of = dict(zip(lk.LAD25CD, lk[col]))
        for o, n in ABOLISHED.items():
            itl_of[o] = itl_of[n]
        lad_pop_by_region = pd.Series({r: pop[[l for l in pop.index if l in lk.LAD25CD.values and itl_of[l] == r]].sum() for r in regions})
        # The UK totals agree; single Scottish ITL2 areas do not (the lookup's LAD best fit against
        # the model's inferred ITL 2021 -> 2025 membership, docs/data.md), so coverage is measured
        # against the LAD total of each area.
        gap = abs(lad_pop_by_region.sum() / region_pop.sum() - 1)
        if gap > 0.005:
            sys.exit("derive_context: %s LAD populations differ from the regions' by %.2f%%" % (level, 100 * gap))
        rows = {}
        for code, ids, unit, period, desc in LAD_INDICATORS:
            sel = w[w.indicator_id.isin(ids)].set_index("area_code")["value"].astype(float)
            sel = sel.dropna()  # a LAD row without a value (suppressed) counts as missing
            sel = sel[[c in itl_of for c in sel.index]]
            for r, (v, c) in weighted(sel, pop, itl_of, regions, lad_pop_by_region).items():
                rows[(r, code)] = (v, unit, period, SOURCE_LAD, c, desc)
        gdhi = hh["gdhi"] * 1e6 / region_pop
        for r in regions:
            rows[(r, "gdhi_per_head")] = (gdhi[r], "GBP per person", "2022", SOURCE["gdhi"], 1.0,
                                          "gross disposable household income per resident")
        if level == "itl1":
            for code, (column, desc) in LFS.items():
                for r in regions:
                    rows[(r, code)] = (lfs.loc[r, column], "percent", "2023", SOURCE["lfs"], 1.0, desc)
            hle = old[old.Indicator.isin(HLE_ITL1.values()) & old.AREACD.isin(REGION_GSS)]
            for code, ind in HLE_ITL1.items():
                for _, x in hle[hle.Indicator == ind].iterrows():
                    rows[(REGION_GSS[x.AREACD], code)] = (float(x.Value), "years", "2018-2020", SOURCE["hle1"], 1.0,
                                                          rows[(REGION_GSS[x.AREACD], code)][5])
        out = os.path.join(args.data, level, "context.csv")
        with open(out, "w", newline="") as f:
            wr = csv.writer(f, lineterminator="\n")
            wr.writerow(["region_code", "indicator", "value", "unit", "period", "coverage", "source", "description"])
            for code in ORDER:
                for r in regions:
                    v, unit, period, source, cover, desc = rows[(r, code)]
                    wr.writerow([r, code, fmt(v), unit, period, "%.4g" % cover, source, desc])
        print("%s: %d regions x %d indicators -> %s" % (level, len(regions), len(ORDER), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
