#!/usr/bin/python3
"""Writes scenarios/profiles.yaml: the expenditure profiles scenarios buy through.

    /usr/bin/python3 tools/make_profiles.py [--check]     # from data/uk (committed) only

Also writes the table of direct jobs, FTE and compensation per GBP 1m of every profile (national
table) beside the published check figure into docs/scenarios.md, between the profile-table markers.

Each profile says how GBP 1m of spending is split over the 105 industries of the ONS input-output
analytical tables (shares of the domestic part, summing to 1), where it is bought (sourcing: local
= from the spending region's own industries; pattern = as that region's final-demand category
already buys across regions), and its source. Deterministic: the same inputs give the same file.
"""
import os
import sys

import pandas as pd

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fd = pd.read_csv(os.path.join(repo, "data", "uk", "national", "final_demand.csv"))
industries = pd.read_csv(os.path.join(repo, "data", "uk", "national", "industries.csv"))
order = list(industries.code)


def shares_of(category, codes=None):
    col = fd[fd.category == category].set_index("code").value.reindex(order, fill_value=0.0)
    if codes is not None:
        col = col[col.index.isin(codes)]
    col = col[col > 0]
    return col / col.sum()


# ONS, Gross domestic expenditure on R&D by region, UK: 2022, performing sector, for the eight
# English regions published (as transcribed in ../shared/data/rd_expenditure_by_region, from
# techUK's reproduction of ONS GERD 2022): government and UKRI-performed 2,693 GBP m, higher
# education-performed 9,777 GBP m. Public R&D money is spent where it is performed: universities
# are in P85 (Education), government and research-council laboratories in M72 (Scientific
# research and development).
GERD_2022_GOV_UKRI = 59 + 211 + 169 + 100 + 83 + 385 + 1171 + 515
GERD_2022_HE = 594 + 1439 + 1217 + 736 + 972 + 1447 + 2395 + 977

# Public R&D by performer. Each performer buys the industry whose column of the national table is
# its cost structure; the IOAT 2022 (industry by industry) has no finer research industries:
# - higher education (universities): P85 Education. The tertiary part of P85 (SIC 85.4) cannot be
#   separated: the IOAT column, BRES 2021 and LFS 2022 all give P85 as one (BRES sums SIC division
#   85), so this performer carries the labour intensity of all education, schools included, and
#   overstates the direct jobs of university research (see the check table in docs/scenarios.md);
# - research councils and public research institutes (government and UKRI-performed): M72;
# - business R&D contracted out by the public sector: M72, the column of contract research firms.
RD_PERFORMERS = {
    "rd_higher_education": ("Public R&D performed in higher education", "P85",
                            "universities (the tertiary part of P85 Education is not separable in IOAT 2022, "
                            "BRES 2021 or LFS 2022: P85 as a whole)"),
    "rd_public_institutes": ("Public R&D performed by research councils and public research institutes", "M72",
                             "government and UKRI laboratories (M72 Scientific research and development)"),
    "rd_business_contracted": ("Public R&D contracted out to business", "M72",
                               "business R&D bought by the public sector (M72 Scientific research and development, "
                               "the column of contract research firms)"),
}

profiles = {
    "public_rd": {
        "name": "Public R&D",
        "description": ("Public R&D funding, spent where the research is performed: the performers rd_higher_education "
                        "and rd_public_institutes in the GERD 2022 proportions."),
        "source": ("ONS GERD 2022 by performing sector, eight English regions (government and UKRI "
                   f"{GERD_2022_GOV_UKRI} GBP m -> M72; higher education {GERD_2022_HE} GBP m -> P85); "
                   "public R&D contracted out to business is not separable in that table and is the separate "
                   "profile rd_business_contracted"),
        "sourcing": "local",
        "category": "government",
        "shares": pd.Series({"P85": GERD_2022_HE, "M72": GERD_2022_GOV_UKRI}) / (GERD_2022_HE + GERD_2022_GOV_UKRI),
    },
}
for key, (name, code, what) in RD_PERFORMERS.items():
    profiles[key] = {
        "name": name,
        "description": f"One performer of public R&D: {what}.",
        "source": f"performer cost structure: the {code} column of ONS IOAT 2022 (industry by industry)",
        "sourcing": "local",
        "category": "government",
        "shares": pd.Series({code: 1.0}),
    }
profiles.update({
    "business_rd": {
        "name": "Business R&D",
        "description": "Private R&D spending crowded in by public R&D, bought as scientific research and development services.",
        "source": ("assumption: business R&D is bought from M72 (Scientific research and development); the IOAT has no "
                   "R&D-by-industry split"),
        "sourcing": "local",
        "category": "gfcf",
        "shares": pd.Series({"M72": 1.0}),
    },
    "capital_construction": {
        "name": "Capital construction",
        "description": "Capital spending on buildings and infrastructure.",
        "source": ("ONS IOAT 2022, gross fixed capital formation (P51G) bought from construction (F41, F42 & F43) "
                   "and architectural and engineering activities (M71), in proportion"),
        "sourcing": "pattern",
        "category": "gfcf",
        "shares": shares_of("gfcf", ["F41, F42 & F43", "M71"]),
    },
    "general_public_spending": {
        "name": "General public spending",
        "description": "Current public spending with the mix of UK general government final consumption.",
        "source": "ONS IOAT 2022, general government final consumption expenditure (P3 S13) by industry",
        "sourcing": "pattern",
        "category": "government",
        "shares": shares_of("government"),
    },
})


# The check figure for R&D profiles: R&D personnel per GBP 1m of R&D spending. ONS, Business
# enterprise research and development, UK: 2014 (bulletin, 20 November 2015): GBP 19.9bn performed,
# 192,000 FTE employed on R&D: 9.65 FTE per GBP 1m at 2014 prices; at 2022 prices with the ONS GDP
# implied deflator YBGB (2023 = 100; 77.6 in 2014, 94.0 in 2022; ../shared/data/deflators_uk):
# 9.648 x 77.6 / 94.0 = 7.96 FTE per GBP 1m. The only published R&D personnel-and-spending pair in the
# sources stored for this project; the issue asks for an order-of-magnitude check, so the test
# (tests/uk/profile_check.py) allows a factor of 2 either way.
BERD_2014_GBP_M, BERD_2014_FTE = 19900.0, 192000.0
YBGB_2014, YBGB_2022 = 77.6, 94.0
RD_FTE_PER_GBP_M = BERD_2014_FTE / BERD_2014_GBP_M * YBGB_2014 / YBGB_2022
RD_CHECK_FACTOR = 2.0
RD_PROFILES = ["public_rd", *RD_PERFORMERS, "business_rd"]
# Profiles as they were before the performer split (main at 97b2709): the same shares as now.
BEFORE = ["public_rd", "business_rd", "capital_construction", "general_public_spending"]


def direct_per_gbp_m():
    """Direct jobs, FTE and compensation per GBP 1m of each profile, from the national table:
    sum_i p_i * c_i with c_i = jobs_i / x_i (LFS 2022 employment and FTE over IOAT 2022 output) and
    compensation of employees over output (docs/methodology.md, section 6)."""
    pi = pd.read_csv(os.path.join(repo, "data", "uk", "national", "primary_inputs.csv")).set_index("code")
    emp = pd.read_csv(os.path.join(repo, "data", "uk", "national", "employment.csv")).set_index("code")
    x = pi.output
    coef = pd.DataFrame({"jobs": emp.jobs / x, "fte": emp.fte / x, "coe": pi.compensation_of_employees / x})
    rows = {}
    for key, p in profiles.items():
        s = p["shares"]
        rows[key] = {m: float((s * coef[m].reindex(s.index)).sum()) for m in coef}
    return rows


def profile_table():
    rows = direct_per_gbp_m()
    out = ["<!-- profile-table: generated by tools/make_profiles.py; do not edit by hand -->",
           "| Profile | Direct jobs per GBP 1m, before | after | Direct FTE per GBP 1m | Compensation per GBP 1m [GBP m] "
           "| Published check (FTE per GBP 1m) | Ratio |",
           "|---|---|---|---|---|---|---|"]
    for key, r in rows.items():
        before = f"{r['jobs']:.2f}" if key in BEFORE else "(new)"
        if key in RD_PROFILES:
            check, ratio = f"{RD_FTE_PER_GBP_M:.2f} (R&D personnel, BERD 2014 at 2022 prices)", \
                f"{r['fte'] / RD_FTE_PER_GBP_M:.2f}"
        else:
            check, ratio = "none found in the stored sources", "-"
        out.append(f"| `{key}` | {before} | {r['jobs']:.2f} | {r['fte']:.2f} | {r['coe']:.3f} | {check} | {ratio} |")
    out.append("<!-- profile-table: end -->")
    return "\n".join(out) + "\n"


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    out = ["# Expenditure profiles: generated by tools/make_profiles.py from data/uk; do not edit by hand.",
           "# Each: shares of the domestic part over IOAT 2022 industries (summing to 1), sourcing, and source.",
           "profiles:"]
    for key, p in profiles.items():
        s = p["shares"]
        s = s[s > 0]
        rounded = {k: round(float(v), 10) for k, v in s.items()}
        # Put any rounding residue on the largest share so the listed shares add up to 1 exactly.
        big = max(rounded, key=rounded.get)
        rounded[big] = round(rounded[big] + 1.0 - sum(rounded.values()), 12)
        out += [f"  {key}:", f"    name: {q(p['name'])}", f"    description: {q(p['description'])}",
                f"    source: {q(p['source'])}", f"    sourcing: {p['sourcing']}", f"    category: {p['category']}",
                "    shares:"]
        for code in order:
            if code in rounded:
                out.append(f"      {q(code)}: {rounded[code]!r}")
    path = os.path.join(repo, "scenarios", "profiles.yaml")
    text = "\n".join(out) + "\n"
    docs_path = os.path.join(repo, "docs", "scenarios.md")
    docs = open(docs_path).read()
    start, end = docs.index("<!-- profile-table: generated"), docs.index("<!-- profile-table: end -->\n")
    docs_text = docs[:start] + profile_table() + docs[end + len("<!-- profile-table: end -->\n"):]
    if "--check" in sys.argv:
        # The test suite runs this: the committed files must be what the script makes from data/uk.
        same = os.path.exists(path) and open(path).read() == text
        same_docs = docs == docs_text
        print("ok   scenarios/profiles.yaml is current" if same else
              "FAIL scenarios/profiles.yaml differs; run /usr/bin/python3 tools/make_profiles.py")
        print("ok   the direct-jobs table in docs/scenarios.md is current" if same_docs else
              "FAIL the direct-jobs table in docs/scenarios.md differs; run /usr/bin/python3 tools/make_profiles.py")
        sys.exit(0 if same and same_docs else 1)
    with open(path, "w") as f:
        f.write(text)
    with open(docs_path, "w") as f:
        f.write(docs_text)
    print(f"wrote {path}: {', '.join(profiles)}; and the direct-jobs table in {docs_path}")


if __name__ == "__main__":
    main()
