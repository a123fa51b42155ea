#!/usr/bin/python3
"""data/geo/*.tsv are exactly what tools/derive_boundaries.py derives from ../shared/data
(skipped with 77 where that folder is absent), and every shipped model region has a boundary.

Usage: geo_boundaries.py REPO
"""
import filecmp
import os
import subprocess
import sys
import tempfile

repo = sys.argv[1]
src = os.path.join(repo, "..", "shared", "data", "geography_itl_lad")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(None)
check = C.check


def codes(path):
    with open(path, encoding="utf-8") as f:
        return [l.split("\t")[0] for l in f if l.strip() and not l.startswith("#")]


for level, model in (("itl1", "itl1"), ("itl2", "itl2")):
    with open(os.path.join(repo, "data", "uk", model, "regions.csv"), encoding="utf-8") as f:
        regions = [l.split(",")[0] for l in f.readlines()[1:] if l.strip()]
    have = set(codes(os.path.join(repo, "data", "geo", level + ".tsv")))
    check(f"every {model} model region has a {level} boundary", regions and set(regions) <= have,
          str(sorted(set(regions) - have)))

if not os.path.isdir(src):
    print("skip: ../shared/data/geography_itl_lad is absent")
    sys.exit(77 if all(C.results) else 1)

with tempfile.TemporaryDirectory() as tmp:
    r = subprocess.run(["/usr/bin/python3", os.path.join(repo, "tools", "derive_boundaries.py"), src, tmp],
                       capture_output=True, text=True)
    check("derive_boundaries.py runs", r.returncode == 0, r.stderr)
    for level in ("itl1", "itl2", "itl3", "lad"):
        ours = os.path.join(repo, "data", "geo", level + ".tsv")
        check(f"data/geo/{level}.tsv re-derives byte for byte",
              filecmp.cmp(ours, os.path.join(tmp, level + ".tsv"), shallow=False))
    check("counts: 12 ITL1, 46 ITL2, 182 ITL3, 361 LAD",
          [len(codes(os.path.join(tmp, l + ".tsv"))) for l in ("itl1", "itl2", "itl3", "lad")] == [12, 46, 182, 361])

C.finish()
