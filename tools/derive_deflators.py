#!/usr/bin/python3
"""Derive data/uk/national/gdp_deflator.csv from the ONS GDP implied deflator in ../shared/data.

    /usr/bin/python3 tools/derive_deflators.py [--shared ../shared/data] [--out data/uk/national]

Source: ONS Quarterly national accounts time series dataset (qna.csv), release of 31 March 2026
(Q4 2025), series YBGB "Gross domestic product at market prices: Implied deflator: SA", annual,
index 2023 = 100 (../shared/data/deflators_uk/uk_qna_deflators_and_levels_long.csv, whose
PROVENANCE.md names the repository and commit). The values are copied at their published
precision (one decimal); nothing is rebased, so scenario price conversion uses ratios only.
Deterministic: the same input gives the same bytes. Exits non-zero when a check fails.
"""
import argparse
import csv
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(REPO, "data", "uk", "national"))
    a = ap.parse_args()
    src = os.path.join(a.shared, "deflators_uk", "uk_qna_deflators_and_levels_long.csv")
    rows = {}
    with open(src, newline="") as f:
        for r in csv.DictReader(f):
            if r["cdid"] != "YBGB" or r["freq"] != "a":
                continue
            year = int(r["period_start"][:4])
            if year in rows:
                sys.exit(f"{src}: YBGB {year} given twice")
            rows[year] = r["value"]
    years = sorted(rows)
    problems = []
    if years != list(range(years[0], years[-1] + 1)):
        problems.append("the annual series has gaps")
    # The PROVENANCE.md checks: 84.3 in 2019, 94.0 in 2022, 100 in 2023.
    for y, v in ((2019, 84.3), (2022, 94.0), (2023, 100.0)):
        if float(rows.get(y, "nan")) != v:
            problems.append(f"YBGB {y} is {rows.get(y)}, expected {v}")
    if problems:
        sys.exit("check failed: " + "; ".join(problems))
    out = os.path.join(a.out, "gdp_deflator.csv")
    with open(out, "w", newline="") as f:
        f.write("year,ybgb_gdp_implied_deflator_2023eq100\n")
        for y in years:
            f.write(f"{y},{float(rows[y]):g}\n")
    print(f"wrote {out}: YBGB {years[0]}-{years[-1]} ({len(years)} years), 2022 = {rows[2022]}")


if __name__ == "__main__":
    main()
