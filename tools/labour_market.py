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
"""
import pandas as pd

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
