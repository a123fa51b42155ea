#!/usr/bin/python3
"""Runs the real devolve executable on every bad scenario under tests/data/bad/.

Usage: bad_scenarios.py DEVOLVE DATA_DIR

Each NN-name.yaml holds exactly one mistake; NN-name.expect.json states what devolve must say:
  exit      the exit code (3 for input errors)
  message   a Python regex the standard error must match
  location  "LINE:COLUMN": the error must read "FILE:LINE:COLUMN: error: ...", followed by the
            source line and a caret under the column (docs/errors.md)
  key       the key path the located error must name ("error: KEY: ..."); left out only for pure
            YAML syntax errors
  file      (optional) the file the location is in, relative to tests/data/bad (a CSV file the
            scenario names); default: the scenario file
  known_bug (optional) what devolve did wrong when the case was written; printed on failure

Every case runs twice, each in a fresh temporary folder: `devolve validate FILE` and
`devolve run FILE -o TMP/out.h5`; both must meet the expectation and leave nothing behind (no
out.h5, no .out.h5.tmp-*). Two extra checks: `validate` given two bad files reports both, and
multi/three-errors.yaml (three independent mistakes) has all three reported in one pass.
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

devolve, data = sys.argv[1], os.path.abspath(sys.argv[2])
bad = os.path.join(data, "bad")
MIN_CASES = 40
TIMEOUT = 30  # seconds a command may take; a hang is a failure



def devolve_in_fresh_dir(args):
    return bad_cases.devolve_in_fresh_dir(devolve, args, TIMEOUT, "devolve-bad-")


check_located = bad_cases.check_located


def check_outcome(what, code, err, left, spec, path, problems):
    if code is None:
        problems.append(f"{what}: no answer in {TIMEOUT} s (hangs)")
    elif code == -1:
        problems.append(f"{what}: {err}")
    elif code != spec["exit"]:
        problems.append(f"{what}: exit code {code}, expected {spec['exit']}")
    if "internal error" in err:
        problems.append(f"{what}: internal error")
    if not re.search(spec["message"], err):
        problems.append(f"{what}: message does not match /{spec['message']}/")
    if "location" in spec:
        # "file" (optional): the location is in that file (relative to tests/data/bad), e.g. a CSV file the scenario names
        located = os.path.join(os.path.dirname(path), spec["file"]) if "file" in spec else path
        check_located(located, err, spec["location"], spec.get("key"), problems, what)
    elif "key" in spec and f": error: {spec['key']}: " not in err:
        problems.append(f"{what}: key '{spec['key']}' not named")
    if left:
        problems.append(f"{what}: left behind in the temporary folder: {left}")


tally = bad_cases.Tally()
report = tally.report


files = sorted(glob.glob(os.path.join(bad, "*.yaml")))
print(f"{len(files)} bad scenario files in {bad} (at least {MIN_CASES} needed)")
if len(files) < MIN_CASES:
    print(f"FAIL: only {len(files)} cases, fewer than {MIN_CASES}")
    tally.failed += 1

specs = {}
for path in files:
    name = os.path.basename(path)[: -len(".yaml")]
    problems = []
    spec_path = os.path.join(bad, name + ".expect.json")
    try:
        spec = json.load(open(spec_path))
        assert isinstance(spec.get("exit"), int) and isinstance(spec.get("message"), str), "needs exit and message"
        assert "location" not in spec or re.fullmatch(r"\d+:\d+", spec["location"]), "location must be LINE:COLUMN"
        re.compile(spec["message"])
    except Exception as e:  # a broken expectation is a failed case, not a crash of the test
        report(name, [f"bad or missing {os.path.basename(spec_path)}: {e}"], "")
        continue
    specs[path] = spec
    code, err, left = devolve_in_fresh_dir(["validate", path])
    check_outcome("validate", code, err, left, spec, path, problems)
    if code is not None and spec["exit"] == 3 and not re.search(rf"^{re.escape(path)}: \d+ errors?$", err, re.M):
        problems.append("validate: no 'FILE: N errors' summary line")
    shown = err
    code, err, left = devolve_in_fresh_dir(["run", path, "-o", "{tmp}/out.h5"])
    check_outcome("run", code, err, left, spec, path, problems)
    report(name, problems, shown, spec.get("known_bug"))

# Extra 1: two bad files in one validate call: both reported, exit 3.
two = [os.path.join(bad, n + ".yaml") for n in ("09-amount-is-text", "28-unknown-shock-type")]
problems = []
if not all(p in specs for p in two):
    problems.append("the two files or their expectations are missing")
    err = ""
else:
    code, err, left = devolve_in_fresh_dir(["validate"] + two)
    if code != 3:
        problems.append(f"exit code {code}, expected 3")
    for p in two:
        check_located(p, err, specs[p]["location"], specs[p].get("key"), problems, os.path.basename(p))
        if not re.search(rf"^{re.escape(p)}: 1 error$", err, re.M):
            problems.append(f"no '{os.path.basename(p)}: 1 error' summary line")
    if left:
        problems.append(f"left behind: {left}")
report("validate two bad files", problems, err)

# Extra 2: three independent mistakes, all reported in one pass.
three = os.path.join(bad, "multi", "three-errors.yaml")
want = [("3:1", "descripton", r"unknown key 'descripton' \(did you mean 'description'\?\)"),
        ("10:13", "shocks[0].amount", r"shocks\[0\]\.amount: negative amount -500"),
        ("14:14", "shocks[1].regions", r"shocks\[1\]\.regions: unknown region 'TLW'")]
problems = []
if not os.path.exists(three):
    problems.append("multi/three-errors.yaml is missing")
    err = ""
else:
    code, err, left = devolve_in_fresh_dir(["validate", three])
    if code != 3:
        problems.append(f"exit code {code}, expected 3")
    for loc, key, msg in want:
        check_located(three, err, loc, key, problems, "validate")
        if not re.search(msg, err):
            problems.append(f"message does not match /{msg}/")
    if not re.search(rf"^{re.escape(three)}: 3 errors$", err, re.M):
        problems.append("no 'three-errors.yaml: 3 errors' summary line")
    n_located = len(re.findall(rf"^{re.escape(three)}:\d+:\d+: error: ", err, re.M))
    n_all = len(re.findall(rf"^{re.escape(three)}:(\d+:\d+:)? error: ", err, re.M))
    if n_all != 3:
        problems.append(f"{n_all} errors reported ({n_located} located), expected exactly 3")
    if left:
        problems.append(f"validate left behind: {left}")
    code, err2, left = devolve_in_fresh_dir(["run", three, "-o", "{tmp}/out.h5"])
    if code != 3:
        problems.append(f"run: exit code {code}, expected 3")
    if not any(re.search(m, err2) for _, _, m in want):
        problems.append("run: none of the three errors reported")
    if left:
        problems.append(f"run left behind: {left}")
report("three independent errors in one pass", problems, err)

print(f"{tally.passed} passed, {tally.failed} failed")
sys.exit(1 if tally.failed else 0)
