"""A zero-sum redirect between every pair of ITL1 regions, through the multipliers of uk-itl1-2022.

Redirecting GBP 1 of general public spending (scenarios/profiles.yaml) from region a to region b
changes a UK total by M_b - M_a, where M_r = sum_i share_i * multiplier(r, i) is the profile's
multiplier bought from region r's industries (docs/methodology.md, section 5). Checks:
  - Type I output: |M_b - M_a| < 1e-8 for every pair (measured: under 1e-9). Every region uses the national technology
    of each industry, so the UK total of a Type I effect does not depend on where the demand is.
  - Type II GVA: |M_b - M_a| <= 0.05 (5p per GBP 1 redirected) for every pair. Only the induced
    round differs between regions: Type II less Type I GVA is about 0.3 per GBP 1 of this profile
    on uk-itl1-2022, and the regional factors that scale it (residents' GDHI / gross income
    0.645-0.683, ONS GDHI 2022; compensation per unit of output, the regional CoE/GVA ratios of
    ONS regional income components, within about +-10% of the UK's) vary by well under +-15%
    between regions, so the difference is bounded by about 0.15 x 0.3 ~ 0.05.
    The earlier workplace closure moved UK GVA by up to 0.561 per GBP 1 (tools/household_metrics.py); measured now: 0.029.
Usage: redirect_pairs.py DEVOLVE REPO
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

devolve, repo = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(repo, "tools"))
from household_metrics import read_profiles  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "m.h5")
    r = subprocess.run([devolve, "multipliers", "--model", "uk-itl1-2022", "-o", out, "--top", "0"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("devolve multipliers failed:\n" + r.stdout + r.stderr)
    with h5py.File(out, "r") as f:
        g = f["multipliers"]
        ms = [m.decode() for m in g["measure"][()]]
        ind = [m.decode() for m in g["industry"][()]]
        reg = [m.decode() for m in g["region"][()]]
        t1, t2 = g["type_i"][()], g["type_ii"][()]
shares = read_profiles()["general_public_spending"]
w = np.zeros(len(ind))
for k, s in shares.items():
    w[ind.index(k)] = s
o1 = np.nansum(t1[ms.index("output")] * w, axis=1)
v2 = np.nansum(t2[ms.index("gva")] * w, axis=1)
v1 = np.nansum(t1[ms.index("gva")] * w, axis=1)
fails = []
worst = (0.0, "")
for a in range(len(reg)):
    for b in range(len(reg)):
        if a == b:
            continue
        if abs(o1[b] - o1[a]) >= 1e-8:
            fails.append("Type I UK output %s -> %s: %.3e" % (reg[a], reg[b], o1[b] - o1[a]))
        d = v2[b] - v2[a]
        if abs(d) > worst[0]:
            worst = (abs(d), "%s -> %s" % (reg[a], reg[b]))
        if abs(d) > 0.05:
            fails.append("Type II UK GVA %s -> %s: %.4f per GBP 1 (bound 0.05)" % (reg[a], reg[b], d))
print("Type I UK output multiplier of the profile: %.6f to %.6f" % (o1.min(), o1.max()))
print("Type II less Type I UK GVA: %.4f to %.4f" % ((v2 - v1).min(), (v2 - v1).max()))
print("largest |UK Type II GVA change| per GBP 1 redirected: %.4f (%s)" % worst)
if fails:
    print("\n".join(fails))
    sys.exit(1)
print("ok: %d ordered pairs" % (len(reg) * (len(reg) - 1)))
