#!/usr/bin/python3
"""Runs the real devolve executable on every bad sweep file under tests/data/bad_sweeps/.

Usage: bad_sweeps.py DEVOLVE DATA_DIR

Each NN-name.yaml holds exactly one mistake (docs/sweeps.md); its scenario is
../scenarios/toy-spend.yaml or ../../../scenarios/missing-4bn.yaml, relative to the file.
NN-name.expect.json states what devolve must say:
  exit      the exit code (3 for input errors)
  message   a Python regex the standard error must match
  location  "LINE:COLUMN": the error must read "FILE:LINE:COLUMN: error: ...", followed by the
            source line and a caret under the column (docs/errors.md)
  key       the key path the located error must name ("error: KEY: ..."); left out only for pure
            YAML syntax errors
  known_bug (optional) what devolve did wrong when the case was written; printed on failure

Every case runs `devolve sweep FILE -o TMP/out.h5` (no --validate) in a fresh empty temporary
folder, which must be empty afterwards: no out.h5, no out.h5.partial journal, no temporary file.
Prints one line per case and `N passed, M failed`; exits 1 if any failed.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bad_cases  # noqa: E402

if len(sys.argv) != 3:
    print(__doc__.strip().splitlines()[2], file=sys.stderr)
    sys.exit(2)
devolve, data = sys.argv[1], os.path.abspath(sys.argv[2])
if os.sep in devolve:
    devolve = os.path.abspath(devolve)  # the commands run in a temporary folder
bad = os.path.join(data, "bad_sweeps")
MIN_CASES = 10
TIMEOUT = 60  # seconds a command may take; a hang is a failure (the UK model may be built on first use)



def devolve_in_fresh_dir(args):
    return bad_cases.devolve_in_fresh_dir(devolve, args, TIMEOUT, "devolve-bad-sweep-")


check_located = bad_cases.check_located


tally = bad_cases.Tally()
report = tally.report


files = sorted(glob.glob(os.path.join(bad, "*.yaml")))
print(f"{len(files)} bad sweep files in {bad} (at least {MIN_CASES} needed)")
if len(files) < MIN_CASES:
    print(f"FAIL: only {len(files)} cases, fewer than {MIN_CASES}")
    tally.failed += 1

for path in files:
    name = os.path.basename(path)[: -len(".yaml")]
    spec_path = os.path.join(bad, name + ".expect.json")
    try:
        spec = json.load(open(spec_path))
        assert isinstance(spec.get("exit"), int) and isinstance(spec.get("message"), str), "needs exit and message"
        assert "location" not in spec or re.fullmatch(r"\d+:\d+", spec["location"]), "location must be LINE:COLUMN"
        re.compile(spec["message"])
    except Exception as e:  # a broken expectation is a failed case, not a crash of the test
        report(name, [f"bad or missing {os.path.basename(spec_path)}: {e}"], "")
        continue
    problems = []
    code, err, left = devolve_in_fresh_dir(["sweep", path, "-o", "{tmp}/out.h5"])
    if code is None:
        problems.append(f"no answer in {TIMEOUT} s (hangs)")
    elif code == -1:
        problems.append(err)
    elif code != spec["exit"]:
        problems.append(f"exit code {code}, expected {spec['exit']}")
    if "internal error" in err:
        problems.append("internal error")
    if not re.search(spec["message"], err):
        problems.append(f"message does not match /{spec['message']}/")
    if "location" in spec:
        check_located(path, err, spec["location"], spec.get("key"), problems)
    elif "key" in spec and f": error: {spec['key']}: " not in err:
        problems.append(f"key '{spec['key']}' not named")
    if left:
        problems.append(f"left behind in the temporary folder: {left}")
    report(name, problems, err, spec.get("known_bug"))

print(f"{tally.passed} passed, {tally.failed} failed")
sys.exit(1 if tally.failed else 0)
