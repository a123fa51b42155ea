#!/usr/bin/python3
"""Rebuilds data/uk (national/, itl1/, itl2/, itl3/, lad/) from ../shared/data into a temporary folder and
compares it byte for byte (tools/derive_uk_inputs.py, then tools/derive_deflators.py for
national/gdp_deflator.csv, then tools/derive_lad_inputs.py, which reads itl2/, then
tools/derive_context.py for the context indicators, which reads the regions and households files,
then tools/labour_market.py for the ITL2, ITL3 and LAD labour markets).

Needs ../shared/data (the public ONS sources, not part of the repo): exits 77 (skipped) without it.
"""
import filecmp
import os
import subprocess
import sys
import tempfile

repo = sys.argv[1]
shared = os.path.join(repo, "..", "shared", "data")
if not os.path.isdir(shared):
    print(f"skipped: {shared} is absent (the public source data is not part of a clone)")
    sys.exit(77)
committed = os.path.join(repo, "data", "uk")
with tempfile.TemporaryDirectory() as tmp:
    # national/gdp_deflator.csv comes from its own script; data/uk/lad is nested in itl2/.
    for script, out in (("derive_uk_inputs.py", tmp), ("derive_deflators.py", os.path.join(tmp, "national")),
                        ("derive_lad_inputs.py", tmp)):
        r = subprocess.run(["/usr/bin/python3", os.path.join(repo, "tools", script), "--shared", shared, "--out", out],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stdout, r.stderr)
            sys.exit(f"the derivation script {script} failed")
    r = subprocess.run(["/usr/bin/python3", os.path.join(repo, "tools", "derive_context.py"), "--shared", shared,
                        "--data", tmp], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit("tools/derive_context.py failed")
    r = subprocess.run(["/usr/bin/python3", os.path.join(repo, "tools", "labour_market.py"), "--shared", shared,
                        "--data", tmp], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit("tools/labour_market.py failed")
    problems = []

    def walk(a, b, rel=""):
        d = filecmp.dircmp(a, b)
        for f in d.left_only:
            if f.endswith(".csv"):
                problems.append(f"only in the rebuild: {rel}{f}")
        for f in d.right_only:
            if f.endswith(".csv"):
                problems.append(f"only in data/uk: {rel}{f}")
        for f in d.common_files:
            if f.endswith(".csv") and not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False):
                problems.append(f"differs: {rel}{f}")
        for sub in d.common_dirs:
            walk(os.path.join(a, sub), os.path.join(b, sub), rel + sub + "/")

    walk(tmp, committed)
    n = sum(len([f for f in fs if f.endswith(".csv")]) for _, _, fs in os.walk(tmp))
    for p in problems:
        print("FAIL " + p)
    print(f"{n - len(problems)} passed, {len(problems)} failed")
    sys.exit(1 if problems else 0)
