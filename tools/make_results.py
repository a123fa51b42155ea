#!/usr/bin/python3
"""Runs the shipped debate scenarios and writes docs/results.md from their real outputs.

    /usr/bin/python3 tools/make_results.py [--devolve build/bin/devolve] [--check]

--check regenerates the page in memory and exits 1 if it differs from the committed
docs/results.md (the test suite runs this, so the page cannot drift from the code).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))
import household_metrics  # noqa: E402
import sensitivity  # noqa: E402

# The shipped scenarios' headline numbers before issue 10 changed the household closure (commit
# 6a88bb1: households by population, consumption per unit of workplace compensation), to show
# what changed: (jobs in the final year, GVA change in the final year, present value of GVA).
BEFORE_ISSUE_10 = {
    "missing-4bn": (196433, 22515.9, 152700), "missing-4bn-nesta": (256500, 31083.1, 206673),
    "gm-innovation": (0, 214.6, 6855),
    "northern-powerhouse-redirect": (14012, 589.9, 4656), "local-procurement": (2434, 41.4, 271),
}

# local-procurement before issue 11, when the shock moved Greater Manchester's government final
# demand (buyers: government) rather than its anchor institutions' intermediate purchases (main at
# dc4d7c8): jobs in the final year, GVA change in the final year, present value of GVA, job-years,
# purchases moved in the final year.
BEFORE_ISSUE_11 = {"local-procurement": (2103, 13.2, 89, 16995, 1012)}

SCENARIOS = [
    ("missing-4bn", "Nesta, *The Missing £4 Billion* (2020)",
     "Regions outside London, the South East and the East missed about £4bn a year of public R&D; "
     "closing the gap could leverage a further £8bn a year of private R&D."),
    ("missing-4bn-nesta", "Nesta, *The Missing £4 Billion*, with Nesta's 2:1 leverage",
     "As above, with the £8bn of private R&D that Nesta assumes (2:1)."),
    ("gm-innovation", "Greater Manchester innovation plan",
     "A £250m a year, six-year innovation fund would create up to 100,000 jobs and £7bn of benefit."),
    ("key-cities-productivity", "Key Cities",
     "Raising the 24 mid-sized cities' productivity to the England average would add £258bn to the UK "
     "economy by 2029."),
    ("northern-powerhouse-redirect", "Northern Powerhouse rebalancing",
     "Moving national spending to the three northern regions (15 million people) would rebalance the economy."),
    ("local-procurement", "Community wealth building (local procurement)",
     "Anchor institutions buying locally keeps more of their spending in the local economy."),
]


def fmt(v, d=0):
    return f"{v:,.{d}f}"


def fmt0(v, d=0):
    """fmt, with a value that rounds to zero shown as 0 (not -0)."""
    return fmt(v if abs(v) >= 0.5 * 10 ** -d else 0.0, d)


def money(v):
    return ("−£" if v < 0 else "£") + f"{abs(v):,.0f}m"


def summarise(path):
    with h5py.File(path) as f:
        g = f["results"]
        measures = [m.decode() if isinstance(m, bytes) else m for m in g["measure"][...]]
        regions = [r.decode() if isinstance(r, bytes) else r for r in g["region"][...]]
        names = [r.decode() if isinstance(r, bytes) else r for r in g["region_name"][...]]
        years = list(g["year"][...])
        comps = [c.decode() if isinstance(c, bytes) else c for c in g["component"][...]]
        shocks = [s.decode() if isinstance(s, bytes) else s for s in g["shock"][...]]
        by_region = g["by_region"][...]          # (measure, year, region)
        impact = g["impact"][...]                # (component, measure, year, region, industry)
        landing = g["landing"][...]              # (shock, place, measure, year)
        demand = g["demand"][...]                # (shock, year, region)
        pv = g["present_value"][...]             # (measure, region)
        pv_supply = g["present_value_supply_side_gva"][...]
        gaps = g["gaps"][...]                    # (case, year, gap)
        gap_names = [x.decode() if isinstance(x, bytes) else x for x in g["gap"][...]]
        base = g["baseline_by_region"][...]
        closures = [x.decode() if isinstance(x, bytes) else x for x in g["closure"][...]]
        by_closure = g["by_region_by_closure"][...]   # (closure, measure, year, region)
        terms = [x.decode() if isinstance(x, bytes) else x for x in g["term"][...]]
        shock_types = [x.decode() if isinstance(x, bytes) else x for x in g["shock_type"][...]]
        decomposition = g["redirect_decomposition"][...]  # (closure, shock, term, measure, year)
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        by_place = g["by_place"][...]            # (basis, place_measure, year, region), jobs first
        rates = g["labour_rates"][...]           # (labour_rate, case, year, region)
        exceeded = g["labour_reserve_exceeded"].attrs["exceeded_in"]
        exceeded = exceeded.decode() if isinstance(exceeded, bytes) else exceeded
        low_pay = g["new_jobs_low_pay_share"][...]  # (year, region)
        industries = [x.decode() if isinstance(x, bytes) else x for x in g["industry"][...]]
    m = {k: i for i, k in enumerate(measures)}
    c = {k: i for i, k in enumerate(comps)}
    uk = by_region.sum(axis=2)  # (measure, year)
    s = {
        "attrs": attrs, "years": years, "regions": regions, "names": names,
        "jobs_final": uk[m["jobs"], -1], "jobs_peak": uk[m["jobs"]].max(),
        "jobs_peak_year": years[int(np.argmax(uk[m["jobs"]]))], "job_years": uk[m["jobs"]].sum(),
        "gva_final": uk[m["gva"], -1], "gva_total": uk[m["gva"]].sum(),
        "pv_gva": pv[m["gva"]].sum(), "pv_supply": pv_supply.sum(), "pv_income": pv[m["income"]].sum(),
        "supply_total": impact[c["supply_side"], m["gva"]].sum(),
        "induced_gva": impact[c["induced"], m["gva"]].sum(),
        "gva_base_final": base[m["gva"], -1].sum(),
        "by_region_gva_final": by_region[m["gva"], -1], "by_region_jobs_final": by_region[m["jobs"], -1],
        "by_region_jobs_total": by_region[m["jobs"]].sum(axis=0),
        "gaps": {n: (gaps[0, -1, i], gaps[1, -1, i]) for i, n in enumerate(gap_names)},
        "residence_jobs_final": by_place[1, 0, -1], "emp_rate_change_final": rates[0, 1, -1] - rates[0, 0, -1],
        "reserve_exceeded": exceeded, "low_pay_final": low_pay[-1],
        # (measure -> component -> UK value in the final year) and job-years by industry code
        "comp_final": {x: {k: impact[i, m[x], -1].sum() for k, i in c.items()} for x in ("jobs", "gva")},
        "job_years_by_industry": dict(zip(industries, impact[:, m["jobs"]].sum(axis=(0, 1, 2)))),
    }
    # Own region(s) vs elsewhere, summed over the scenario's sources and years, for jobs and GVA.
    s["own_jobs"] = landing[:, 0, m["jobs"], :].sum()
    s["else_jobs"] = landing[:, 1, m["jobs"], :].sum()
    s["own_gva"] = landing[:, 0, m["gva"], :].sum()
    s["else_gva"] = landing[:, 1, m["gva"], :].sum()
    s["shocks"] = shocks
    s["moved_final"] = demand[:, -1, :].sum()
    k = {x: i for i, x in enumerate(closures)}
    uk_c = by_closure.sum(axis=3)  # (closure, measure, year)
    for name in closures:
        s[name] = {"jobs_final": uk_c[k[name], m["jobs"], -1], "gva_final": uk_c[k[name], m["gva"], -1],
                   "gva_total": uk_c[k[name], m["gva"]].sum(), "job_years": uk_c[k[name], m["jobs"]].sum()}
    # Each redirect's UK total summed over the years, term by term: {label: {closure: {measure: [terms]}}}
    s["terms"] = terms
    s["redirects"] = {shocks[h]: {name: {x: decomposition[k[name], h, :, m[x], :].sum(axis=1) for x in ("output", "gva", "jobs")}
                                  for name in closures}
                      for h in range(len(shocks)) if shock_types[h] == "redirect"}
    return s


def np_terms(s):
    """The Northern Powerhouse redirect's national net in words, from its decomposition."""
    by = next(iter(s["redirects"].values()))
    t = {name: i for i, name in enumerate(s["terms"])}
    two = by["type_ii"]
    return (f"Term by term over the years (table above): under Type II the household-spending term gives "
            f"£{fmt(two['gva'][t['household_spending']])}m of UK GVA and {fmt(two['jobs'][t['household_spending']])} "
            f"job-years, the productivity term £{fmt(two['gva'][t['productivity']])}m and "
            f"{fmt(two['jobs'][t['productivity']])} job-years (the North needs more jobs per £m of output), and "
            f"import leakage £{fmt(abs(two['gva'][t['import_leakage']]))}m; under Type I only the jobs move "
            f"({fmt(by['type_i']['jobs'].sum())} job-years, all productivity). So the "
            f"{fmt(s['jobs_final'])} UK jobs beside £{fmt(s['gva_final'])}m of GVA in {s['years'][-1]} are "
            f"{100 * two['jobs'][t['productivity']] / two['jobs'].sum():.0f}% the productivity term: the same "
            f"activity done with more workers in the North, where output per job is lower, not extra output. That "
            f"net depends on the geography: the same kind of redirect nets fewer UK jobs on finer regions "
            f"(`docs/methodology.md`, \"A redirect's UK jobs net depends on the geography\"). ")


def closure_rows(s):
    """Type I beside Type II, UK totals."""
    y1 = s["years"][-1]
    return [f"| Type I (no induced round): jobs in {y1} / GVA change in {y1} (£m) / GVA summed over the years (£m) | "
            f"{fmt0(s['type_i']['jobs_final'])} / {fmt0(s['type_i']['gva_final'], 1)} / {fmt0(s['type_i']['gva_total'])} |"]


def key_cities_rows(s):
    """The Key Cities headline rows: the displaced illustration and where the GVA and jobs are."""
    if "displaced" not in s:
        return []
    d, x, y1 = s["displaced"], s["comp_final"], s["years"][-1]
    return [f"| with national displacement {KEY_CITIES_DISPLACEMENT} (illustration, below): jobs in {y1} / GVA change "
            f"in {y1} (£m) / GVA summed over the years (£m) / present value of GVA (£m) | {fmt(d['jobs_final'])} / "
            f"{fmt(d['gva_final'], 1)} / {fmt(d['gva_total'])} / {fmt(d['pv_gva'])} |",
            f"| GVA change in {y1} in the shocked sectors / in supply chains and induced (£m) | "
            f"{fmt(x['gva']['direct'] + x['gva']['productivity'], 1)} / {fmt(x['gva']['indirect'] + x['gva']['induced'], 1)} |",
            f"| jobs in {y1} in the shocked sectors / in supply chains and induced | "
            f"{fmt(x['jobs']['direct'] + x['jobs']['productivity'])} / {fmt(x['jobs']['indirect'] + x['jobs']['induced'])} |"]


def redirect_tables(s):
    """Each redirect's UK total term by term (docs/methodology.md, section 5)."""
    out = []
    for label, by in s["redirects"].items():
        out += ["", f"**The redirect's national effect term by term** ({label}; UK totals summed over the years, "
                "recipients less donors; `redirect_decomposition`, docs/methodology.md, section 5):", "",
                "| Term | output I (£m) | GVA I (£m) | job-years I | output II (£m) | GVA II (£m) | job-years II |",
                "|---|---:|---:|---:|---:|---:|---:|"]
        for i, t in enumerate(s["terms"] + ["total"]):
            cells = []
            for c in ("type_i", "type_ii"):
                for x in ("output", "gva", "jobs"):
                    v = by[c][x].sum() if t == "total" else by[c][x][i]
                    cells.append(fmt0(v, 1))
            out.append(f"| {t} | " + " | ".join(cells) + " |")
    return out


def region_table(s, top=6):
    order = np.argsort(-np.abs(s["by_region_gva_final"]))[:top]
    y = s["years"][-1]
    rows = ["| Region | GVA change in {} (£m) | jobs in {} | job-years {}–{} | jobs of residents in {} | "
            "residents' employment rate change in {} (points) | new jobs in low-paid industries in {} |".format(
                y, y, s["years"][0], y, y, y, y),
            "|---|---:|---:|---:|---:|---:|---:|"]
    for i in order:
        e, low = s["emp_rate_change_final"][i], s["low_pay_final"][i]
        rows.append(f"| {s['names'][i]} ({s['regions'][i]}) | {fmt(s['by_region_gva_final'][i], 1)} | "
                    f"{fmt(s['by_region_jobs_final'][i])} | {fmt(s['by_region_jobs_total'][i])} | "
                    f"{fmt(s['residence_jobs_final'][i])} | {'n/a' if np.isnan(e) else fmt(e, 3)} | "
                    f"{'n/a' if np.isnan(low) else fmt(100 * low, 1) + '%'} |")
    return "\n".join(rows)


def explain(key, s):
    y0, y1 = s["years"][0], s["years"][-1]
    gap = s["gaps"].get("north_to_greater_south_east", (float("nan"), float("nan")))
    common = (f"devolve's numbers are gross of additionality (deadweight, displacement and substitution are "
              f"0 in the shipped file; `additionality:` applies them), in 2022 prices, and count jobs in a "
              f"year, not permanent jobs: job-years over {y0}–{y1} are {fmt(s['job_years'])}.")
    if key.startswith("missing-4bn"):
        return (f"The demand side of £4bn a year of public R&D plus the private R&D it crowds in supports "
                f"{fmt(s['jobs_final'])} jobs in {y1} across the UK (peak {fmt(s['jobs_peak'])}); "
                f"{fmt(100 * s['else_jobs'] / (s['own_jobs'] + s['else_jobs']))}% of the job-years land "
                f"outside the nine recipient regions, in the Greater South East, through supply chains and "
                f"household spending. The knowledge stock adds supply-side GVA of "
                f"£{fmt(s['supply_total'])}m over the period (present value £{fmt(s['pv_supply'])}m), "
                f"reported apart from the demand side and with no jobs attached. The North's GVA per head "
                f"rises from {gap[0]:.4f} to {gap[1]:.4f} of the Greater South East's in {y1}: the gap "
                f"narrows only a little, because £4bn a year is under 0.2% of UK GVA. " + common)
    if key == "gm-innovation":
        return (f"The claim of up to 100,000 jobs compares with {fmt(s['jobs_peak'])} jobs at the peak "
                f"({s['jobs_peak_year']}) and {fmt(s['job_years'])} job-years over {y0}–{y1} in devolve: the "
                f"fund is £1.5bn in total, and at the jobs per £m of university, research and supply-chain "
                f"output in the model it supports at most {fmt(s['jobs_peak'])} jobs in any one year. The claimed £7bn of benefit "
                f"compares with a present value of GVA of £{fmt(s['pv_gva'])}m (of which "
                f"£{fmt(s['pv_supply'])}m supply-side from the R&D stock), closer to the claim because the "
                f"knowledge stock keeps yielding after the fund ends. Of the job-years, "
                f"{fmt(100 * s['own_jobs'] / (s['own_jobs'] + s['else_jobs']))}% are in Greater Manchester. " + common)
    if key == "key-cities-productivity":
        d, x = s["displaced"], s["comp_final"]
        chain_gva = x["gva"]["indirect"] + x["gva"]["induced"]
        own_jobs = x["jobs"]["direct"] + x["jobs"]["productivity"]
        return (f"Read the displaced row first: against the claim of £258bn by {y1}, devolve's GVA summed over "
                f"{y0}–{y1} is £{fmt(d['gva_total'])}m if half of the cities' extra output takes sales from other UK "
                f"producers (national displacement {KEY_CITIES_DISPLACEMENT}, an illustration: no cited value exists, "
                f"below), {d['gva_total'] / 258000:.2f} of the claim; the gross £{fmt(s['gva_total'])}m "
                f"({s['gva_total'] / 258000:.2f} of the claim, for 26 cities where the claim had 24) is an **upper "
                f"bound**, not a central estimate. The scenario is a supply shock that devolve has to treat as new "
                f"demand: in the form that keeps the accounts (`measure: gva`, jobs held), the same jobs make more output, "
                f"which is sold as final demand and made with the sectors' own inputs, so GVA and income rise directly, in "
                f"supply chains and through the spending of the extra income (Type II). Two assumptions carry the gross "
                f"number. Every extra unit finds a buyer without displacing another UK producer's sale. And the suppliers "
                f"and shops find idle workers: the shocked sectors' own jobs do not change (direct plus productivity jobs "
                f"in {y1}: {fmt(own_jobs)}), so all {fmt(s['jobs_final'])} jobs in {y1} are in supply chains and from "
                f"induced spending, and £{fmt(chain_gva)}m of the £{fmt(s['gva_final'])}m of GVA in {y1} is supply-chain "
                f"and induced GVA on top of the cities' own £{fmt(x['gva']['direct'])}m. Where the economy is near full "
                f"employment, or the productivity gain is a cost saving rather than more sales, those rounds shrink "
                f"towards zero and the cities' own £{fmt(x['gva']['direct'])}m a year is the better guide. It does not "
                f"say how the cities would close the gap. " + common)
    if key == "northern-powerhouse-redirect":
        return (f"A zero-sum move of £1,176m a year of public R&D nets to £{fmt(s['gva_final'])}m of GVA and "
                f"{fmt(s['jobs_final'])} jobs for the UK in {y1}: the North's gains "
                f"(£{fmt(s['own_gva'])}m of GVA summed over the years in the recipient regions) are largely "
                f"offset by the Greater South East's losses and the effects elsewhere ({money(s['else_gva'])}). "
                f"The national net is small and is not new money: UK output and GVA would not move under Type I "
                f"(every region uses the national technology); the GVA net comes from the induced round "
                f"(regional differences in compensation per unit of output and in residents' propensity to "
                f"spend) and the jobs net also from the regions' different jobs per £m of output; the supply-side effects net to £{fmt(s['supply_total'])}m because the same "
                f"rate of return applies in every region. The North's GVA per head moves from {gap[0]:.4f} to "
                f"{gap[1]:.4f} of the Greater South East's. " + np_terms(s) + common)
    if key == "local-procurement":
        return (f"Greater Manchester's public administration (O84), education (P85) and health (Q86) industries "
                f"buy 10 percentage points more of their intermediate purchases from suppliers inside the area, "
                f"capped at what they buy outside it: at full phase £{fmt(s['moved_final'])}m a year of purchases "
                f"move to Greater Manchester's suppliers and exactly as much is taken from suppliers in other "
                f"areas, so the first round is zero-sum (docs/methodology.md, section 8, \"Local procurement\"). "
                f"What differs from zero is the supply chains of the suppliers that gain and lose, the areas' jobs "
                f"per £m of output, and household spending: Greater Manchester gains {fmt(s['own_jobs'])} "
                f"job-years and other areas lose {fmt(-s['else_jobs'])}, a UK net of {fmt(s['job_years'])}. Under "
                f"Type I UK output does not move (every area uses the national technology): the model says "
                f"community wealth building relocates activity towards the area, as its advocates intend, and adds "
                f"little nationally. " + common)
    return common


def build(devolve):
    out = ["# Results beside the claims", "",
           "Generated by `tools/make_results.py` from the real outputs of the shipped scenarios "
           "(`scenarios/*.yaml`); the test suite regenerates it and fails if this page differs, so it "
           "cannot drift from the code. Money in £ million at 2022 basic prices; present values by the "
           "Green Book schedule to the scenario's first year; jobs are jobs in a year. The models are "
           "devolve's own regionalisation of the ONS tables (`docs/methodology.md`); the R&D dynamics use "
           "the defaults of `docs/methodology.md` unless a scenario says otherwise. Jobs of residents, "
           "residents' employment rate and the share of new jobs in low-paid industries (below the Real Living "
           "Wage for a full-time year) are those of `docs/methodology.md`, section 12, with the default labour "
           "supply (three in four new resident jobs taken by in-migrants, one in four by residents who were "
           "inactive: Bartik 1993); on the ITL2 model the base labour market is derived from ITL1 and "
           "local-authority data (`docs/data.md`, \"Labour market\"); n/a where a change is undefined.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        for key, who, claim in SCENARIOS:
            path = os.path.join(tmp, key + ".h5")
            r = subprocess.run([devolve, "run", os.path.join(REPO, "scenarios", key + ".yaml"), "-o", path, "--quiet"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"devolve run scenarios/{key}.yaml failed:\n{r.stderr}")
            s = summarise(path)
            if key == "key-cities-productivity":
                s["displaced"] = key_cities_displaced(tmp, devolve)
            a = s["attrs"]
            out += [f"## {a['scenario_name']} (`scenarios/{key}.yaml`)", "",
                    f"**The claim** ({who}): {claim}", "",
                    f"**Model** `{a['model_id']}` (Type {a['closure']}; regionalisation "
                    f"{a.get('regionalisation.lq', '?')}, δ = {a.get('regionalisation.delta', '?')}, "
                    f"β = {a.get('regionalisation.beta', '?')}), years {s['years'][0]}–{s['years'][-1]}.", "",
                    "| What devolve says | Value |", "|---|---:|",
                    f"| jobs in {s['years'][-1]} (UK) | {fmt(s['jobs_final'])} |",
                    f"| peak jobs (year) | {fmt(s['jobs_peak'])} ({s['jobs_peak_year']}) |",
                    f"| job-years {s['years'][0]}–{s['years'][-1]} | {fmt(s['job_years'])} |",
                    f"| GVA change in {s['years'][-1]} (£m) | {fmt(s['gva_final'], 1)} |",
                    f"| GVA change summed over the years (£m) | {fmt(s['gva_total'])} |",
                    f"| present value of GVA (£m) | {fmt(s['pv_gva'])} |",
                    f"| of which supply-side GVA from R&D (£m, present value) | {fmt(s['pv_supply'])} |",
                    f"| present value of household income (£m) | {fmt(s['pv_income'])} |",
                    f"| job-years in the shock's regions / elsewhere | {fmt(s['own_jobs'])} / {fmt(s['else_jobs'])} |",
                    f"| regions and years whose new resident jobs exceed their labour reserve | {s['reserve_exceeded']} |",
                    *closure_rows(s), *key_cities_rows(s), *redirect_tables(s), "",
                    region_table(s), "", "**Why they differ.** " + explain(key, s), ""]
            if key in BEFORE_ISSUE_11:
                b = BEFORE_ISSUE_11[key]
                out += [f"**What issue 11 changed.** Before, the shock moved Greater Manchester's government final "
                        f"demand (`buyers: government`): in issue 11's measurement (5 points more local), 65% of the £587m "
                        f"moved was public administration (O84) itself, i.e. public-sector output relocated into the "
                        f"area, not its institutions' supply chains. Then: "
                        f"jobs in {s['years'][-1]} {fmt(b[0])}, GVA change £{fmt(b[1], 1)}m, present value of GVA "
                        f"£{fmt(b[2])}m, {fmt(b[3])} job-years, £{fmt(b[4])}m a year moved at full phase; now "
                        f"{fmt(s['jobs_final'])}, £{fmt(s['gva_final'], 1)}m, £{fmt(s['pv_gva'])}m, "
                        f"{fmt(s['job_years'])} job-years and £{fmt(s['moved_final'])}m of intermediate purchases.", ""]
                continue
            if key == "key-cities-productivity":
                out += key_cities_section(tmp, devolve, s)
                continue
            if key == "missing-4bn":
                out += missing_4bn_caveats(tmp, devolve, s)
            b = BEFORE_ISSUE_10[key]
            out += [f"**What issue 10 changed.** Before the household closure on residents' disposable income "
                    f"(docs/methodology.md, section 5): jobs in {s['years'][-1]} {fmt(b[0])}, GVA change "
                    f"£{fmt(b[1], 1)}m, present value of GVA £{fmt(b[2])}m; now {fmt(s['jobs_final'])}, "
                    f"£{fmt(s['gva_final'], 1)}m and £{fmt(s['pv_gva'])}m. " + CHANGED.get(key, ""), ""]
        out += household_section(tmp, devolve)
        out += geography_section(tmp, devolve)
    out += STORAGE_SECTION
    # The regionalisation sensitivity takes minutes of model builds: tools/sensitivity.py writes it and
    # checks it (its own test); this page keeps it as committed.
    out += sensitivity.committed_block()
    return "\n".join(out) + "\n"


# What a results file stores at which level, and how to read it at 361 regions (static text).
STORAGE_SECTION = [
    "## What is stored at which level (results files at 361 regions)", "",
    "A results file stores every number at the model's own regions: on `uk-lad-2022` the 361 local authorities, "
    "on `uk-itl3-2022` the 182 ITL3 areas, and on a user-defined geography its areas (`docs/output-format.md`, "
    "group `/results`). Nothing is pre-aggregated in the file: a coarser level is a sum over regions, since every "
    "measure is additive over regions (`by_region.sum(region)` is the UK total).", "",
    "| Level | Where | How |",
    "|---|---|---|",
    "| model regions (LAD, ITL3, areas) x industry | `impact`, `total` (measure, year, region, industry) | stored |",
    "| model regions | `by_region`, `cumulative_by_region`, `by_shock`, `demand`, `baseline_by_region`, "
    "`present_value`, `gva_per_head` and the other (…, region) datasets | stored |",
    "| ITL3, ITL2, ITL1 | the same, summed | `devolve report FILE --aggregate itl1` (or `itl2`, `itl3`) sums the region "
    "table, the industries, the appraisal, the need splits and the labour account (jobs by residence summed, "
    "residents' rates recomputed from summed levels and flows, `docs/reports.md`) into the regions' parents, and "
    "recomputes the GVA per head gaps between the parents (from `gva_per_head` and the population behind it, "
    "`docs/reports.md`, \"Summed to a coarser level\"); "
    "`devolve model info MODEL --aggregate itl1` does the same for a model's totals |",
    "| UK | `landing`, `gaps`, the UK rows of the reports | stored or summed |", "",
    "The parents come from the lookup the UK models are built from, `data/uk/lad/regions.csv` (ONS LAD to ITL, "
    "`docs/data.md`): a LAD, ITL3 or ITL2 code maps to its ITL1 parent, and so on; an area of local authorities "
    "(e.g. `uk-ca-2022`'s combined authorities) maps to the parent its LADs share, and one spanning parents is "
    "refused with an error naming it. In Python the same sum is `r.by_region.groupby(parent).sum()`, with "
    "`r = xarray.open_dataset(FILE, group=\"results\", engine=\"h5netcdf\")` and `parent = xarray.DataArray("
    "[itl1_of[c] for c in r.region.values], dims=\"region\", name=\"itl1\")`, `itl1_of` read from the lookup's "
    "`code` (or `itl2_code`) and `itl1_code` columns.", "",
    "Datasets of more than 4,096 values (the region x industry ones on every model, and the per-region ones "
    "at LAD) are stored chunked (at most 2^17 values a chunk, whole along the trailing dimensions) and compressed "
    "(HDF5 byte shuffle + deflate: each byte plane of a chunk either stored or coded as literals and runs of equal "
    "bytes under a Huffman code of its own, as zlib's run-length strategy finds them; each chunk's zlib stream "
    "written by devolve on every core and written to the file as it is, which any HDF5 reader inflates with zlib); "
    "smaller ones stay contiguous. Compression changes no value (the golden "
    "test compares values), the file stays sealed (`docs/errors.md`, \"Sealed HDF5 files\"), and h5py and "
    "`xarray.open_dataset(FILE, group=\"results\", engine=\"h5netcdf\")` read it as before "
    "(`docs/output-format.md`, \"Reading it from Python\").", "",
]


# The Key Cities scenario as it ran before issue 12, on the ITL2 areas containing the cities with a
# coverage share (main at 3f9486a), rerun beside the shipped file to say what the LAD geography changed.
KEY_CITIES_ITL2_AREAS = ["TLK5", "TLD4", "TLK6", "TLE4", "TLD1", "TLH3", "TLG3", "TLE3", "TLK4", "TLK7", "TLE1",
                         "TLF3", "TLJ4", "TLL5", "TLH5", "TLJ3", "TLJ1", "TLD3", "TLG2", "TLC4", "TLL3"]
KEY_CITIES_COVERAGE = 0.135
ENGLAND = ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK")
# Displacement of the extra output's sales, nationally: an illustration, not a cited value (docs/scenarios.md,
# "additionality": the Additionality Guide's ready-reckoner tables are not available to the project).
KEY_CITIES_DISPLACEMENT = 0.5


def model_gaps(devolve, model):
    """GVA (without allocated Extra-Regio), jobs and the england_average change of every region of a model, as
    `target: england_average` computes them (docs/scenarios.md, productivity)."""
    r = subprocess.run([devolve, "model", "info", model, "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"devolve model info {model} failed:\n{r.stderr}")
    info = json.loads(r.stdout)
    meta = info["metadata"]
    rows = {}
    for x in info["regions"]:
        gva = x["gva"] - float(meta.get("extra_regio_gva." + x["code"], 0))
        english = x["code"][:3] in ENGLAND or meta.get("area_itl1." + x["code"], "") in ENGLAND
        rows[x["code"]] = {"name": x["name"], "gva": gva, "gva_all": x["gva"], "jobs": x["indicators"]["jobs"],
                           "english": english}
    eng = sum(v["gva"] for v in rows.values() if v["english"]) / sum(v["jobs"] for v in rows.values() if v["english"])
    for v in rows.values():
        v["per_job"] = v["gva"] / v["jobs"]
        v["change"] = max(0.0, eng / v["per_job"] - 1)
    return rows, eng


def run_text(devolve, tmp, name, text):
    yaml_path, h5 = os.path.join(tmp, name + ".yaml"), os.path.join(tmp, name + ".h5")
    open(yaml_path, "w").write(text)
    r = subprocess.run([devolve, "run", yaml_path, "-o", h5, "--quiet", "--overwrite"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"devolve run of {name} failed:\n{r.stderr}")
    return summarise(h5)


# The R&D supply side of missing-4bn under other lags and Frontier Economics' variant: (label, {text: text}).
RD_VARIANTS = [
    ("return lag 3 years", {"return_lag: 0": "return_lag: 3"}),
    ("return lag 6 years", {"return_lag: 0": "return_lag: 6"}),
    ("Frontier Economics for DSIT: rate of return 0.40, return lag 6 years",
     {"return_lag: 0": "return_lag: 6", "rate_of_return: 0.20": "rate_of_return: 0.40"}),
]


def missing_4bn_caveats(tmp, devolve, s):
    """Labour intensity of the R&D profiles, and the R&D supply side under other lags and returns."""
    import make_profiles
    direct = make_profiles.direct_per_gbp_m()
    ratio = {k: direct[k]["fte"] / make_profiles.RD_FTE_PER_GBP_M for k in ("rd_higher_education", "business_rd", "public_rd")}
    by_ind = s["job_years_by_industry"]
    shares = household_metrics.read_profiles()["public_rd"]
    y0, y1 = s["years"][0], s["years"][-1]
    out = [f"**Labour intensity.** The `public_rd` profile buys public R&D from its performers in the ONS GERD 2022 "
           f"proportions (`scenarios/profiles.yaml`): {100 * shares['P85']:.0f}% from P85 Education (universities) and "
           f"{100 * shares['M72']:.0f}% from M72 Scientific research and development. No stored source separates universities from schools, so the P85 part carries the "
           f"jobs per £m of all education: {ratio['rd_higher_education']:.2f} times the published R&D-personnel check "
           f"(ONS BERD 2014, {make_profiles.RD_FTE_PER_GBP_M:.2f} FTE per £1m at 2022 prices), while the private R&D, "
           f"bought as M72, runs at {ratio['business_rd']:.2f} times it (`docs/scenarios.md`, \"Direct jobs per GBP 1m "
           f"of each profile\"). Of the {fmt(s['job_years'])} job-years, {fmt(by_ind['P85'])} "
           f"({100 * by_ind['P85'] / s['job_years']:.0f}%) are in education and {fmt(by_ind['M72'])} in M72 (direct, "
           f"supply-chain and induced together). The jobs of the public part are therefore likely overstated and those "
           f"of the private part understated; the GVA is less affected, since both columns are national ones of the "
           f"industry's whole output.", ""]
    text = open(os.path.join(REPO, "scenarios", "missing-4bn.yaml")).read()
    rows = [("as shipped: rate of return 0.20, return lag 0", s)]
    for k, (label, edits) in enumerate(RD_VARIANTS):
        t = text
        for a, b in edits.items():
            assert a in t, a
            t = t.replace(a, b)
        rows.append((label, run_text(devolve, tmp, f"missing-4bn-rd{k}", t)))
    out += ["**The R&D supply side and its defaults.** The supply-side GVA rests on three parameters of the shipped "
            "file (`docs/methodology.md`, section 10, \"Defaults and their sources\"). The rate of return, 0.20 a year, "
            "is Haskel, Hughes and Bascavusoglu-Moreau's (2014) most conservative estimate for public R&D; devolve applies "
            "it to the leveraged private R&D too, which is about half the stock: Frontier Economics' review of almost 900 "
            "published estimates for DSIT (summarised by Frontier as *Understanding the returns to R&D*) puts the average private return at about 20% a year and "
            "social returns at about twice that, so 0.20 is the private return of private R&D, not an unsourced "
            "transfer. The return lag, 0 (the stock yields in the year it is built), has no source and brings the "
            "return forward: Frontier Economics for DSIT (*Returns to Public Research and Development*) estimates "
            "about 40% six years after the investment. The spill-over share, 0, moves the return between regions "
            "but not the UK total. The same scenario with other lags and Frontier's variant (only `rd:` changed; "
            "the demand side is the same in every row):", "",
            f"| R&D supply side | present value of GVA (£m) | of which supply side (£m) | change in the present "
            f"value | supply-side GVA in {y1} (£m) |", "|---|---:|---:|---:|---:|"]
    for label, x in rows:
        out.append(f"| {label} | {fmt(x['pv_gva'])} | {fmt(x['pv_supply'])} | "
                   f"{100 * (x['pv_gva'] / s['pv_gva'] - 1):+.0f}% | {fmt(x['comp_final']['gva']['supply_side'], 1)} |")
    out += ["", f"The supply side is {100 * s['pv_supply'] / s['pv_gva']:.0f}% of the shipped present value of GVA. "
            "A lag cuts it because the later yield is discounted and the years after the scenario's last year are not "
            "counted; Frontier's doubled rate makes up for only part of its six-year lag. Quote the demand side (present value "
            f"£{fmt(s['pv_gva'] - s['pv_supply'])}m) apart from the supply side, and the supply side with this range "
            "beside it.", ""]
    return out


def key_cities_displaced(tmp, devolve):
    """The shipped Key Cities scenario with national displacement KEY_CITIES_DISPLACEMENT."""
    text = open(os.path.join(REPO, "scenarios", "key-cities-productivity.yaml")).read()
    return run_text(devolve, tmp, "key-cities-displaced", text.replace(
        "    phasing: {ramp: [2025, 2029]}",
        "    phasing: {ramp: [2025, 2029]}\n    additionality: {level: national, levels: {national: {displacement: "
        f"{KEY_CITIES_DISPLACEMENT}}}}}}}"))


def key_cities_section(tmp, devolve, s):
    """What moving the Key Cities from ITL2 areas with a coverage share to uk-keycities-2022 changed, each
    city's gap, and the result with displacement."""
    text = open(os.path.join(REPO, "scenarios", "key-cities-productivity.yaml")).read()
    listed = text.split("key_cities: [", 1)[1].split("]", 1)[0]
    cities = [c.strip() for c in listed.replace("\n", " ").split(",")]
    itl2_text = (text.replace("model: uk-keycities-2022", "model: uk-itl2-2022")
                 .replace(listed, ", ".join(KEY_CITIES_ITL2_AREAS))
                 .replace("    regions: key_cities\n", f"    regions: key_cities\n    coverage: {KEY_CITIES_COVERAGE}\n"))
    old = run_text(devolve, tmp, "key-cities-itl2", itl2_text)
    displaced = s["displaced"]
    kc, kc_eng = model_gaps(devolve, "uk-keycities-2022")
    it, it_eng = model_gaps(devolve, "uk-itl2-2022")
    y0, y1 = s["years"][0], s["years"][-1]
    covered_old = KEY_CITIES_COVERAGE * sum(it[a]["gva_all"] for a in KEY_CITIES_ITL2_AREAS)
    gap_old = sum(it[a]["change"] * it[a]["gva_all"] for a in KEY_CITIES_ITL2_AREAS) / sum(it[a]["gva_all"] for a in KEY_CITIES_ITL2_AREAS)
    covered_new = sum(kc[c]["gva_all"] for c in cities)
    gap_new = sum(kc[c]["change"] * kc[c]["gva_all"] for c in cities) / covered_new
    i = {c: k for k, c in enumerate(s["regions"])}
    lads = {row["code"]: row for row in csv.DictReader(open(os.path.join(REPO, "data", "uk", "lad", "regions.csv")))}
    below = sum(kc[c]["per_job"] < it[lads[c]["itl2_code"]]["per_job"] for c in cities)
    none = [kc[c]["name"] for c in cities if kc[c]["change"] == 0]
    out = [f"**What issue 12 changed.** Until issue 12 the model had no city geography, and the scenario applied "
           f"each of the 21 ITL2 areas containing the member cities' gap, on a coverage share of "
           f"{KEY_CITIES_COVERAGE} of the area's activity (£130.5bn of the cities' GVA over £964bn of the areas'). It "
           f"now runs on `uk-keycities-2022`, where each of the 26 Key Cities of 2024 is a local authority of its own "
           f"beside the rest of its ITL1 region (`docs/data.md`, \"User-defined geographies\"), so each city's own gap "
           f"applies to the city's own activity, with no coverage share. The same scenario on both geographies "
           f"(the ITL2 form is rerun here from the scenario file with its 21 areas and coverage share restored):", "",
           "| Geography | GVA the change applies to, 2022 (£m) | GVA-weighted change | jobs in "
           f"{y1} | job-years {y0}–{y1} | GVA change in {y1} (£m) | GVA summed over the years (£m) | present value "
           "of GVA (£m) | Type I: GVA summed over the years (£m) |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, x, covered, gap in (("21 ITL2 areas × 0.135 (`uk-itl2-2022`)", old, covered_old, gap_old),
                                   ("26 cities (`uk-keycities-2022`)", s, covered_new, gap_new)):
        out.append(f"| {label} | {fmt(covered)} | {100 * gap:.1f}% | {fmt(x['jobs_final'])} | {fmt(x['job_years'])} | "
                   f"{fmt(x['gva_final'], 1)} | {fmt(x['gva_total'])} | {fmt(x['pv_gva'])} | {fmt(x['type_i']['gva_total'])} |")
    ratio = s["gva_total"] / old["gva_total"]
    out += ["", f"The GVA change summed over the years is {ratio:.2f} times the ITL2 approximation's. Two things "
            f"moved. The GVA the change applies to is the 26 cities' own, £{fmt(covered_new)}m, "
            f"{covered_new / covered_old:.2f} times the coverage share of the ITL2 areas (£{fmt(covered_old)}m): the "
            f"group has 26 members, not 24, and some are whole unitary authorities larger than the cities of 2018–19 "
            f"(Bournemouth, Christchurch and Poole; Cumberland for Carlisle). And the gap is the city's own: GVA per job "
            f"is lower in {below} of the 26 cities than in the ITL2 area around them, a GVA-weighted change "
            f"of {100 * gap_new:.1f}% against {100 * gap_old:.1f}% ({gap_new / gap_old:.2f} times). The remaining factor, "
            f"{ratio / (covered_new / covered_old) / (gap_new / gap_old):.2f}, is the supply chains and household "
            f"spending that follow the cities' extra output against those of the areas' average industry mix. England's "
            f"GVA per job is £{fmt(1e6 * kc_eng)} on `uk-keycities-2022` and £{fmt(1e6 * it_eng)} on `uk-itl2-2022`: "
            f"the same England, as it must be (ONS GVA 2022; filled jobs 2021, derived for LADs and calibrated to the "
            f"ITL2 totals, `docs/data.md`; the cities count as English by the ITL1 region of their LADs). "
            f"{len(none)} cities at or above England's GVA per job ({', '.join(none)}) get no uplift; under the ITL2 "
            f"form, their areas' gaps were applied to them.", "",
            "Each city's gap, from the model's own GVA per job (ONS LAD GVA 2022 without allocated Extra-Regio, over "
            "filled jobs 2021 derived from ONS GVA per filled job by LAD, `docs/data.md`, \"Local authorities\"; "
            "`target: england_average`, `docs/scenarios.md`):", "",
            f"| City | GVA 2022 (£m) | filled jobs | GVA per job (£) | % of England's | change applied | GVA change "
            f"in {y1} (£m) |", "|---|---:|---:|---:|---:|---:|---:|"]
    for c in sorted(cities, key=lambda c: kc[c]["per_job"]):
        v = kc[c]
        out.append(f"| {v['name']} ({c}) | {fmt(v['gva_all'])} | {fmt(v['jobs'])} | {fmt(1e6 * v['per_job'])} | "
                   f"{100 * v['per_job'] / kc_eng:.1f}% | {100 * v['change']:.1f}% | {fmt(s['by_region_gva_final'][i[c]], 1)} |")
    d = KEY_CITIES_DISPLACEMENT
    out += ["", f"**An upper bound, and displacement.** The jobs-held form sells the cities' extra output as new final "
            f"demand, so nothing is displaced: the {fmt(s['jobs_final'])} jobs in {y1} and £{fmt(s['gva_total'])}m of "
            f"GVA are what closing the gap would add if every extra unit found a buyer without taking a sale from another "
            f"UK producer. Where it competes with other UK producers, the HCA *Additionality Guide* (4th edition, 2014, "
            f"§4.3) calls the share lost elsewhere displacement; devolve applies it at the level given "
            f"(`additionality: {{level: national, levels: {{national: {{displacement: d}}}}}}`, `docs/scenarios.md`). The "
            f"project has no cited value for it (the Guide's ready-reckoner tables are not available to it), so as an "
            f"**illustration only**, with national displacement d = {d}: {fmt(displaced['jobs_final'])} jobs in {y1}, "
            f"£{fmt(displaced['gva_final'], 1)}m of GVA in {y1}, £{fmt(displaced['gva_total'])}m summed over the years "
            f"and a present value of £{fmt(displaced['pv_gva'])}m. GVA, income and output scale by (1 − d) "
            f"({displaced['gva_total'] / s['gva_total']:.4f} of the gross here), so any other value can be read off; jobs "
            f"by a little more ({displaced['job_years'] / s['job_years']:.4f}), because the shocked sectors' jobs per "
            f"unit of output fall by 1/(1 + g) with the change g itself, which displacement makes smaller.", ""]
    return out


# Scenarios rerun on the combined-authority geography (issue 12): (file, label, {ITL2 text: CA text})
GEOGRAPHY_RUNS = [
    ("gm-innovation", "GM innovation fund", {}),
    ("local-procurement", "GM local procurement", {}),
    ("gm-innovation", "the same fund in West Yorkshire", {"regions: TLD3": "regions: TLE4"}),
]
CA_CODES = {"regions: TLD3": "regions: GMCA", "regions: TLE4": "regions: WYCA"}


def geography_section(tmp, devolve):
    """The GM and West Yorkshire scenarios on uk-itl2-2022 and on uk-ca-2022 (areas made of LADs)."""
    out = ["## Greater Manchester and West Yorkshire on the combined-authority geography (issue 12)", "",
           "The same scenario files run on `uk-itl2-2022` (46 ITL2 areas) and on `uk-ca-2022` (the 11 mayoral "
           "combined authorities built from their local authorities, and the rest of each ITL1 region: 22 areas; "
           "`docs/data.md`, \"User-defined geographies\"), with only `model:` and the area code changed "
           "(TLD3 → GMCA, TLE4 → WYCA). The West Yorkshire run is the GM innovation fund placed in West Yorkshire.", "",
           "| Scenario | Model | job-years (UK) | job-years in the area / elsewhere | GVA change summed over the "
           "years (£m) | present value of GVA (£m) |", "|---|---|---:|---:|---:|---:|"]
    rows = {}
    for key, label, edits in GEOGRAPHY_RUNS:
        text = open(os.path.join(REPO, "scenarios", key + ".yaml")).read()
        for a, b in edits.items():
            text = text.replace(a, b)
        for model, swap in (("uk-itl2-2022", {}), ("uk-ca-2022", CA_CODES)):
            t = text.replace("model: uk-itl2-2022", "model: " + model)
            for a, b in swap.items():
                t = t.replace(a, b)
            yaml_path, h5 = os.path.join(tmp, f"geo-{model}.yaml"), os.path.join(tmp, f"geo-{model}.h5")
            open(yaml_path, "w").write(t)
            r = subprocess.run([devolve, "run", yaml_path, "-o", h5, "--quiet", "--overwrite"], capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"devolve run of {key} on {model} failed:\n{r.stderr}")
            s = summarise(h5)
            rows[(label, model)] = s
            out.append(f"| {label} | `{model}` | {fmt(s['job_years'])} | {fmt(s['own_jobs'])} / {fmt(s['else_jobs'])} "
                       f"| {fmt(s['gva_total'])} | {fmt(s['pv_gva'])} |")

    def rel(label, what):
        return rows[(label, "uk-ca-2022")][what] / rows[(label, "uk-itl2-2022")][what] - 1

    spend = [label for key, label, _ in GEOGRAPHY_RUNS if key == "gm-innovation"]
    worst = max(abs(rel(label, w)) for label in spend for w in ("job_years", "own_jobs", "pv_gva"))
    lp = "GM local procurement"
    out += ["", f"**What changed.** For the innovation fund, in Greater Manchester and in West Yorkshire, UK job-years, "
            f"job-years in the area and the present value of GVA differ by at most {100 * worst:.2f}% between the two "
            "geographies. Both city regions are the same LADs in both models (each is an ITL 2025 ITL2 area), and "
            "their own inputs are equal: the LAD inputs are nested in, or calibrated to, the ITL2 ones (GVA by "
            "industry, compensation, employees, filled jobs, population; `docs/data.md`). What differs is "
            "everything around them: the rest of the UK is 21 areas instead of 45, distances run between "
            "population-weighted LAD centroids, and commuting shares come from LAD flows of 10 or more people. "
            "A spend shock is driven by the area's own supply chains, which barely move. Local procurement is "
            "different: it moves purchases from the areas that used to supply Greater Manchester to Greater "
            "Manchester, so its small UK net is the difference between what GM gains and what the suppliers lose, "
            f"and the suppliers are now merged into large rest-of-region areas. Its UK job-years change by "
            f"{100 * rel(lp, 'job_years'):+.0f}% and its present value of GVA by {100 * rel(lp, 'pv_gva'):+.0f}%, while "
            f"GM's own job-years change by {100 * rel(lp, 'own_jobs'):+.1f}%: the net of a zero-sum shock moves more with "
            "how the rest of the country is drawn than an area's own gain does. The ITL2 model already had the right "
            "boundaries for these two city regions; the LAD geography matters for areas that are not ITL2 areas, such as "
            "single cities: the Key Cities scenario (above) now runs on `uk-keycities-2022`.", ""]
    return out


CHANGED = {
    "missing-4bn": "The induced round is smaller: residents now spend 0.46-0.48 of an extra £1 of gross income "
                   "on UK output instead of 0.51-1.19 per £1 of workplace compensation.",
    "missing-4bn-nesta": "As above: only the induced round changed.",
    "gm-innovation": "Only the induced round changed; the supply-side GVA from the R&D stock is unchanged.",
    "northern-powerhouse-redirect": "Most of the national net came from the old closure, where households spent "
                                    "£1.17 per £1 of compensation earned in the North East, £0.94 in the North "
                                    "West and £1.03 in Yorkshire and The Humber, against £0.51 in London "
                                    "(household consumption split by population over workplace compensation). What "
                                    "is left comes from regional differences in compensation per unit of output "
                                    "and in residents' propensity to spend.",
    "local-procurement": "Only the induced round changed.",
}


def household_section(tmp, devolve):
    """Type II against Type I on the shipped models (tools/household_metrics.py)."""
    profiles = household_metrics.read_profiles()
    after = {}
    for level in ("itl1", "itl2"):
        h5 = os.path.join(tmp, "mult-%s.h5" % level)
        r = subprocess.run([devolve, "multipliers", "--model", "uk-%s-2022" % level, "-o", h5, "--top", "0"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"devolve multipliers failed:\n{r.stderr}")
        after[level] = household_metrics.measure(h5, profiles)
        if level == "itl1":
            scotland = household_metrics.own_region_gva(h5, "TLM", ("F41, F42 & F43", "M72"))
    before = household_metrics.BEFORE_ISSUE_10
    out = ["## Household closure: Type II against Type I (issue 10)", "",
           "Type II spends workplace compensation where the workers live (Census 2021 commuting) at each "
           "residence region's propensity to consume out of gross income (ONS GDHI 2022); see "
           "`docs/methodology.md`, section 5. Before: the closure of commit 6a88bb1 (consumption per £ of "
           "workplace compensation, households split by population). Reproduce both with "
           "`/usr/bin/python3 tools/household_metrics.py` (it runs `devolve multipliers`).", "",
           "| Model | Type II / Type I output ratio, UK median (5th–95th percentile) | sectors with income "
           "multiplier > 1 (Type II) |", "|---|---|---|"]
    for level in ("itl1", "itl2"):
        for label, r in (("before", before[level]), ("after", after[level])):
            out.append(f"| uk-{level}-2022, {label} | {r['ratio_median']:.3f} ({r['ratio_p5']:.3f}–{r['ratio_p95']:.3f}) "
                       f"| {r['income_above_1_type_ii']} of {r['sectors']} ({100.0 * r['income_above_1_type_ii'] / r['sectors']:.1f}%) |")
    out += ["", "Profile multipliers on uk-itl1-2022 (median over regions, bought from the region's own "
            "industries; output and GVA per £1 of final demand):", "",
            "| Profile | output Type I | output Type II before | output Type II after | GVA Type I | "
            "GVA Type II before | GVA Type II after |", "|---|---:|---:|---:|---:|---:|---:|"]
    for p in household_metrics.PROFILES:
        b, a = before["itl1"][p], after["itl1"][p]
        out.append(f"| {p} | {a['output_type_i'][0]:.3f} | {b['output_type_ii'][0]:.3f} | {a['output_type_ii'][0]:.3f} "
                   f"| {a['gva_type_i'][0]:.3f} | {b['gva_type_ii'][0]:.3f} | {a['gva_type_ii'][0]:.3f} |")
    out += ["", "A redirect of general public spending between two ITL1 regions changes UK output under Type I "
            f"by at most {after['itl1']['redirect_max_abs_output_type_i']:.1e} per £1 (national technology: zero "
            f"to rounding) and UK GVA under Type II by at most £{after['itl1']['redirect_max_abs_gva_type_ii']:.3f} "
            f"per £1 (before: £{before['itl1']['redirect_max_abs_gva_type_ii']:.3f}); tested on every pair by "
            "`tests/uk/redirect_pairs.py`.", "",
            household_metrics.published(scotland), ""]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--devolve", default=os.path.join(REPO, "build", "bin", "devolve"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    page = build(args.devolve)
    target = os.path.join(REPO, "docs", "results.md")
    if args.check:
        current = open(target).read() if os.path.exists(target) else ""
        if current != page:
            import difflib
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), page.splitlines(True),
                                                       "docs/results.md", "regenerated", n=1))
            print("0 passed, 1 failed: docs/results.md is out of date; run /usr/bin/python3 tools/make_results.py")
            sys.exit(1)
        print("1 passed, 0 failed: docs/results.md matches the shipped scenarios' outputs")
        return
    with open(target, "w") as f:
        f.write(page)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
