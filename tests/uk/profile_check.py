#!/usr/bin/python3
"""The R&D expenditure profiles checked against published R&D personnel per GBP of R&D, through
the real executable on uk-itl1-2022 (issue 11: spending profiles built from data).

    profile_check.py DEVOLVE REPO

`devolve multipliers` writes the direct coefficients of the model (jobs, FTE, income per GBP 1m of
output, by region and industry); a profile's direct effect per GBP 1m spent in region r with
`local` sourcing is sum_i p_i * direct[r, i] (docs/scenarios.md, "Direct jobs per GBP 1m").
- The UK figure (every region's direct coefficient weighted by its output, which is the national
  table's) of `public_rd` is within a factor of 2 of the published check, R&D personnel per GBP 1m
  of R&D: ONS BERD 2014, 192,000 FTE on GBP 19.9bn, at 2022 prices with the GDP deflator YBGB
  (77.6 in 2014, 94.0 in 2022) = 7.96 FTE per GBP 1m. The tolerance is the issue's
  order-of-magnitude check; the figures are in tools/make_profiles.py (one source).
- The check lies between the performers' cost structures: M72 below it, P85 (all education, the
  tertiary part not separable) above it; both are stated in docs/scenarios.md.
- So is every ITL1 region's figure (each printed).
- The model's UK FTE and compensation figures equal docs/scenarios.md's table (computed there
  from data/uk/national) to 1e-6: the same coefficients by two routes; jobs within 5%, since the
  model's regional jobs are scaled to ONS filled jobs and the table's are LFS 2022.
"""
import os
import runpy
import subprocess
import sys
import tempfile

import h5py
import numpy as np

devolve, repo = sys.argv[1], sys.argv[2]
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + name + (f" ({detail})" if detail else ""))


# The profiles, their shares and the check figure: one source, the generator (run without writing).
argv = sys.argv
sys.argv = ["make_profiles.py"]
try:
    gen = runpy.run_path(os.path.join(repo, "tools", "make_profiles.py"), run_name="profiles")
finally:
    sys.argv = argv
profiles, check_fte, factor = gen["profiles"], gen["RD_FTE_PER_GBP_M"], gen["RD_CHECK_FACTOR"]
national = gen["direct_per_gbp_m"]()

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "multipliers.h5")
    r = subprocess.run([devolve, "multipliers", "--model", "uk-itl1-2022", "-o", out], capture_output=True,
                       text=True, timeout=600)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(f"devolve multipliers failed with exit code {r.returncode}")
    with h5py.File(out, "r") as f:
        g = f["multipliers"]
        measures = [m.decode() for m in g["measure"][()]]
        regions = [m.decode() for m in g["region"][()]]
        industries = [m.decode() for m in g["industry"][()]]
        direct = g["direct"][()]
    with tempfile.TemporaryDirectory() as tmp2:
        h5 = os.path.join(tmp2, "model.h5")
        subprocess.run([devolve, "model", "build", "uk-itl1-2022", "-o", h5], check=True, capture_output=True,
                       timeout=600)
        with h5py.File(h5, "r") as m:
            x = m["output"][()]  # (region, industry)

pos = {c: i for i, c in enumerate(industries)}


def per_gbp_m(key, measure):
    """Profile key's direct effect per GBP 1m: by region, and for the UK (output-weighted)."""
    s = profiles[key]["shares"]
    c = direct[measures.index(measure)]
    idx = [pos[code] for code in s.index]
    by_region = c[:, idx] @ s.values
    uk = sum(p * (c[:, pos[code]] * x[:, pos[code]]).sum() / x[:, pos[code]].sum() for code, p in s.items())
    return by_region, uk


fte_regions, fte_uk = per_gbp_m("public_rd", "fte")
jobs_regions, jobs_uk = per_gbp_m("public_rd", "jobs")
for code, j, f in zip(regions, jobs_regions, fte_regions):
    print(f"     public_rd in {code}: {j:.2f} jobs, {f:.2f} FTE per GBP 1m")
ratio = fte_uk / check_fte
check(f"public_rd UK direct FTE per GBP 1m within a factor {factor:g} of R&D personnel per GBP 1m",
      1 / factor <= ratio <= factor, f"{fte_uk:.2f} FTE against {check_fte:.2f}: ratio {ratio:.2f}")
_, he = per_gbp_m("rd_higher_education", "fte")
_, inst = per_gbp_m("rd_public_institutes", "fte")
check("the check figure lies between the performers' cost structures (M72 below, P85 above)",
      inst < check_fte < he, f"M72 {inst:.2f}, check {check_fte:.2f}, P85 {he:.2f}")
lo, hi = check_fte / factor, check_fte * factor
check(f"public_rd direct FTE per GBP 1m within a factor {factor:g} of the check in every ITL1 region",
      all(lo <= f <= hi for f in fte_regions), f"{fte_regions.min():.2f} to {fte_regions.max():.2f} FTE")
worst, worst_jobs = 0.0, 0.0
for key in profiles:
    if profiles[key]["sourcing"] != "local":
        continue
    for measure, col in (("fte", "fte"), ("income", "coe")):
        worst = max(worst, abs(per_gbp_m(key, measure)[1] - national[key][col]))
    worst_jobs = max(worst_jobs, abs(per_gbp_m(key, "jobs")[1] / national[key]["jobs"] - 1))
check("the model's UK direct FTE and compensation equal docs/scenarios.md's table (national table)", worst < 1e-6,
      f"largest difference {worst:.2e}")
# The model's regional jobs are BRES shares scaled to ONS total filled jobs (docs/data.md), the
# national table's are LFS 2022: the uk model test holds regions within 3% of filled jobs.
check("the model's UK direct jobs within 5% of the table's (LFS 2022 against filled jobs)", worst_jobs < 0.05,
      f"largest relative difference {100 * worst_jobs:.1f}%")
print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
