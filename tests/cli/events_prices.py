#!/usr/bin/python3
"""Event shocks and price conversion through the real executable, against hand computations.

Usage: events_prices.py DEVOLVE DATA_DIR

On the toy model (tests/data/models/toy-2x2; no household account, so the household column is
HH(i, r) / compensation earned in r; no trend data, so jobs per GBP m are the base year's), each
event alone, Type I, direct output by sector (docs/methodology.md, "Event shocks"):
  employment 10 jobs in N AGR: 10 / (12 jobs / 96) = 80 in N AGR, and 10 direct jobs
  household_income 15 in N: 15 / 75 x HH_N = (N AGR 20, N MAN 40, S AGR 5, S MAN 10) / 5
  labour_income pay 10 in N: 10 / 75 x HH_N
  labour_income uplift 0.1 in S MAN: 0.1 x 70 = 7; 7 / 105 x HH_S (N AGR 5, N MAN 10, S AGR 25, S MAN 30)
  custom_spending N AGR 5, S MAN 3: those purchases, from a CSV file as from inline
Prices (docs/methodology.md, "Prices"), with the ONS GDP deflator YBGB (2019 84.3, 2022 94,
2024 103.9, 2025 107.8) and the UK IOAT 2022 households column (domestic 1,093,039, imports
299,513, product taxes 142,192):
  real 2019 purchasers, households profile: 100 x 94 / 84.3 x 1392552 / 1534744
  cash basic, 2024-2025: 100 x 94 / 103.9 and 100 x 94 / 107.8; 2026 needs deflator_growth
  (0.02: 100 x 94 / (107.8 x 1.02))
  devolve report --cash-year 2025: money x 107.8 / 94
ITL1 (left out if data/uk/national/gdp_deflator.csv is absent): a spend of 100 in real 2019
prices equals a spend of 100 x 94 / 84.3 written in 2022 prices, region by region (1e-12).
"""
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

devolve, data = sys.argv[1], os.path.abspath(sys.argv[2])
TOY = os.path.join(data, "models", "toy-2x2")
failures = []


def check(name, ok, detail=""):
    print(("ok    " if ok else "FAIL  ") + name + (f": {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(name)


def run(tmp, name, text, expect_rc=0):
    path = os.path.join(tmp, name + ".yaml")
    with open(path, "w") as f:
        f.write(text)
    out = os.path.join(tmp, name + ".h5")
    p = subprocess.run([devolve, "run", path, "-o", out], capture_output=True, text=True, timeout=120)
    if p.returncode != expect_rc:
        check(f"{name}: exit {expect_rc}", False, f"exit {p.returncode}: {p.stderr[-2000:]}")
        return None, p
    return (out if expect_rc == 0 else None), p


def toy(shock, years="[2025, 2026]", head=""):
    return f"name: toy\nmodel: {TOY}\nyears: {years}\ntype: I\n{head}shocks:\n{shock}"


def direct(out, measure="output"):
    """Direct effect of the first year by (region, industry)."""
    with h5py.File(out) as f:
        m = [x.decode() for x in f["results/measure"][...]].index(measure)
        return f["results/impact"][0, m, 0, :, :]


HH_N, HH_S = np.array([[20, 40], [5, 10]]), np.array([[5, 10], [25, 30]])  # [region][industry] bought

with tempfile.TemporaryDirectory(prefix="devolve-events-") as tmp:
    cases = {
        "employment": ("  - {type: employment, label: e, regions: N, industry: AGR, jobs: 10}\n", np.array([[80, 0], [0, 0]])),
        "household_income": ("  - {type: household_income, label: h, regions: N, income: 15}\n", HH_N * 15 / 75),
        "labour_income_pay": ("  - {type: labour_income, label: l, regions: N, pay: 10}\n", HH_N * 10 / 75),
        "labour_income_uplift": ("  - {type: labour_income, label: u, regions: S, industries: MAN, uplift: 0.1}\n",
                                 HH_S * 7 / 105),
        "custom_inline": ("  - type: custom_spending\n    label: c\n    purchases:\n"
                          "      - {region: N, industry: AGR, amount: 5}\n      - {region: South, industry: MAN, amount: 3}\n",
                          np.array([[5, 0], [0, 3]])),
    }
    with open(os.path.join(tmp, "plant.csv"), "w") as f:
        f.write("region,industry,amount\nN,AGR,5\nS,Manufacturing,3\n")
    cases["custom_csv"] = ("  - {type: custom_spending, label: c, purchases_file: plant.csv}\n", np.array([[5, 0], [0, 3]]))
    for name, (shock, want) in cases.items():
        out, _ = run(tmp, name, toy(shock))
        if out:
            got = direct(out)
            check(f"{name}: direct output by sector is the hand computation", np.allclose(got, want, rtol=1e-12, atol=1e-12),
                  f"got {got.tolist()}, expected {want.tolist()}")
    out = os.path.join(tmp, "employment.h5")
    if os.path.exists(out):
        check("employment: 10 direct jobs in N AGR", abs(direct(out, "jobs")[0, 0] - 10) < 1e-12, str(direct(out, "jobs")))

    # Prices on the toy model: a households profile buying AGR locally.
    profile = "profiles:\n  hh: {category: households, sourcing: local, shares: {AGR: 1}}\n"
    spend = "  - {type: spend, label: s, regions: N, profile: hh, amount: 100}\n"
    ratio = 1392552 / 1534744
    out, p = run(tmp, "real_purchasers", toy(spend, head=profile + "price_year: 2019\nprice_basis: [real, purchasers]\n"))
    if out:
        want = 100 * 94 / 84.3 * ratio
        check("prices: real 2019 purchasers -> 2022 basic", abs(direct(out)[0, 0] - want) < 1e-9, f"{direct(out)[0, 0]} vs {want}")
        with h5py.File(out) as f:
            conv = f.attrs["price_conversion"]
            conv = conv.decode() if isinstance(conv, bytes) else conv
            check("prices: the conversion is recorded", "84.3 (2019)" in conv and "factor 1.11507" in conv and "YBGB" in conv, conv)
            check("prices: price_year and price_basis attributes", int(f.attrs["price_year"]) == 2019, str(f.attrs["price_year"]))
        rep = subprocess.run([devolve, "report", out], capture_output=True, text=True).stdout
        check("prices: devolve report prints the conversion", "prices     amounts in real 2019 prices at purchasers prices"
              in rep.replace("'", ""), rep[:600])
        # --cash-year: money in cash of 2025 = base-year values x 107.8 / 94 (jobs unchanged).
        plain = subprocess.run([devolve, "report", out, "--json"], capture_output=True, text=True).stdout
        cash = subprocess.run([devolve, "report", out, "--cash-year", "2025"], capture_output=True, text=True)
        check("report --cash-year 2025 says so", "money      in cash of 2025: base-year values x 107.8 (2025) / 94 (2022)"
              in cash.stdout, cash.stdout[:400] + cash.stderr)
        with h5py.File(out) as f:
            uk_output = f["results/by_region"][0, 0, :].sum()
        line = [l for l in cash.stdout.split("\n") if l.startswith("total  ")][0].split()
        check("report --cash-year 2025 scales money", abs(float(line[-1]) - round(uk_output * 107.8 / 94, 1)) < 0.051,
              f"{line} vs {uk_output * 107.8 / 94}")
        bad = subprocess.run([devolve, "report", out, "--cash-year", "2030"], capture_output=True, text=True)
        check("report --cash-year 2030 is refused (exit 3)", bad.returncode == 3 and "published for 1948-2025" in bad.stderr
              and "--deflator-growth" in bad.stderr, bad.stderr)
        # --deflator-growth: 2030 = 2025's 107.8 grown at 2% a year for 5 years (an assumption, stated).
        grown = subprocess.run([devolve, "report", out, "--cash-year", "2030", "--deflator-growth", "0.02"],
                               capture_output=True, text=True)
        check("report --cash-year 2030 --deflator-growth 0.02 says so", grown.returncode == 0 and
              "grown at 0.02 a year after 2025 (assumed: --deflator-growth)" in grown.stdout, grown.stdout[:400] + grown.stderr)
        line = [l for l in grown.stdout.split("\n") if l.startswith("total  ")][0].split()
        want = uk_output * 107.8 * 1.02 ** 5 / 94
        check("report --deflator-growth scales money", abs(float(line[-1]) - round(want, 1)) < 0.051, f"{line} vs {want}")
        # The JSON records the conversion: the cash year, the factor, the assumed growth.
        gj = subprocess.run([devolve, "report", out, "--json", "--cash-year", "2030", "--deflator-growth", "0.02"],
                            capture_output=True, text=True)
        doc = json.loads(gj.stdout) if gj.returncode == 0 else {}
        c = doc.get("cash") or {}
        check("report --json --cash-year 2030 --deflator-growth 0.02 records the cash year and growth",
              c.get("year") == 2030 and c.get("deflator_growth") == 0.02 and c.get("published_to") == 2025
              and abs(c.get("factor", 0) - 107.8 * 1.02 ** 5 / 94) < 1e-9 and "cash of 2030" in doc.get("prices", ""),
              gj.stdout[:600] + gj.stderr)
        check("report --json without --cash-year: \"cash\" is null", json.loads(plain).get("cash", 0) is None, plain[:300])
        for args, why in ((["--deflator-growth", "0.02"], "goes with --cash-year"),
                          (["--cash-year", "2030", "--deflator-growth", "0.3"], "from -0.2 to 0.2"),
                          (["--cash-year", "2024", "--deflator-growth", "0.02"], "is unused: the GDP deflator (ONS YBGB) is published for 2024")):
            r = subprocess.run([devolve, "report", out, *args], capture_output=True, text=True)
            check(f"report {' '.join(args)} is a usage error (exit 2)", r.returncode == 2 and why in r.stderr, r.stderr)
    out, p = run(tmp, "cash", toy(spend, years="[2024, 2025]", head=profile + "price_basis: cash\n"))
    if out:
        with h5py.File(out) as f:
            d = f["results/impact"][0, 0, :, 0, 0]
        want = [100 * 94 / 103.9, 100 * 94 / 107.8]
        check("prices: cash by year", np.allclose(d, want, rtol=1e-12), f"{d} vs {want}")
    _, p = run(tmp, "cash_unpublished", toy(spend, years="[2025, 2026]", head=profile + "price_basis: cash\n"), expect_rc=3)
    check("prices: cash after the last published deflator asks for deflator_growth", "give deflator_growth" in p.stderr, p.stderr)
    out, p = run(tmp, "cash_growth", toy(spend, years="[2026, 2026]", head=profile + "price_basis: cash\ndeflator_growth: 0.02\n"))
    if out:
        want = 100 * 94 / (107.8 * 1.02)
        check("prices: cash with deflator_growth", abs(direct(out)[0, 0] - want) < 1e-9, f"{direct(out)[0, 0]} vs {want}")

    # One ITL1 case: real 2019 prices equal the amount deflated by hand in 2022 prices.
    if os.path.exists(os.path.join(data, "..", "..", "data", "uk", "national", "gdp_deflator.csv")):
        itl1 = "name: itl1\nmodel: uk-itl1-2022\nyears: [2025, 2025]\n{}shocks:\n  - {{type: spend, label: rd, regions: north, profile: public_rd, amount: {}, rd: false}}\n"
        a, _ = run(tmp, "itl1_2019", itl1.format("price_year: 2019\nprice_basis: [real, basic]\n", 100))
        b, _ = run(tmp, "itl1_2022", itl1.format("", repr(100 * 94 / 84.3)))
        if a and b:
            with h5py.File(a) as fa, h5py.File(b) as fb:
                x, y = fa["results/by_region"][...], fb["results/by_region"][...]
            check("prices: ITL1 real 2019 = hand-deflated 2022", np.allclose(x, y, rtol=1e-12, atol=1e-9),
                  f"max difference {np.abs(x - y).max()}")

print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
