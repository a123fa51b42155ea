#!/usr/bin/python3
"""data/uk/{itl1,itl2}/context.csv re-derive byte for byte from ../shared/data (tools/derive_context.py),
and the published checks hold: the LFS 2023 employment rate of the North East (72.3%) and the South
West (77.8%) as published; GDHI per head = households.csv GDHI / regions.csv population.

Usage: context_rederive.py REPO. Exits 77 (skipped) when ../shared/data is absent.
"""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

import pandas as pd

repo = sys.argv[1]
shared = os.path.join(repo, "..", "shared", "data")
if not os.path.isdir(os.path.join(shared, "subnational_indicators_wellbeing")):
    print("skipped: ../shared/data is absent")
    sys.exit(77)
ok = True
with tempfile.TemporaryDirectory() as tmp:
    for level in ("itl1", "itl2"):
        os.makedirs(os.path.join(tmp, level))
        for f in ("regions.csv", "households.csv"):
            shutil.copy(os.path.join(repo, "data", "uk", level, f), os.path.join(tmp, level, f))
    r = subprocess.run(["/usr/bin/python3", os.path.join(repo, "tools", "derive_context.py"), "--shared", shared,
                        "--data", tmp], capture_output=True, text=True, timeout=300)
    print(r.stdout + r.stderr)
    ok = r.returncode == 0
    for level in ("itl1", "itl2"):
        same = ok and filecmp.cmp(os.path.join(tmp, level, "context.csv"),
                                  os.path.join(repo, "data", "uk", level, "context.csv"), shallow=False)
        print(("ok   " if same else "FAIL ") + level + "/context.csv re-derives byte for byte")
        ok = ok and same
c = pd.read_csv(os.path.join(repo, "data", "uk", "itl1", "context.csv")).set_index(["region_code", "indicator"]).value
regs = pd.read_csv(os.path.join(repo, "data", "uk", "itl1", "regions.csv")).set_index("code")
hh = pd.read_csv(os.path.join(repo, "data", "uk", "itl1", "households.csv")).set_index("region_code")
checks = [("North East employment rate 2023 = 72.3", c["TLC", "employment_rate"] == 72.3),
          ("South West employment rate 2023 = 77.8", c["TLK", "employment_rate"] == 77.8),
          ("GDHI per head = GDHI / population", all(abs(c[r, "gdhi_per_head"] - hh.gdhi[r] * 1e6 / regs.population_2022[r]) < 0.1
                                                    for r in regs.index))]
for name, good in checks:
    print(("ok   " if good else "FAIL ") + name)
    ok = ok and good
sys.exit(0 if ok else 1)
