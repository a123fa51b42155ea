#!/usr/bin/python3
"""Runs the real devolve executable on every bad-model case under tests/data/bad_models/.

Each case folder holds case.json and the files that replace those of the valid toy model
(tests/data/models/toy-2x2). The case states the exit code, a regex the error must match, and
where the error must point (file:line:column). Every case also checks that no output file and no
temporary file is left behind, and that an existing file is never touched.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

devolve, data = sys.argv[1], sys.argv[2]
base = os.path.join(data, "models", "toy-2x2")
cases_dir = os.path.join(data, "bad_models")
passed = failed = 0

for name in sorted(os.listdir(cases_dir)):
    case_dir = os.path.join(cases_dir, name)
    spec = json.load(open(os.path.join(case_dir, "case.json")))
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model")
        shutil.copytree(base, model)
        for f in os.listdir(case_dir):
            if f != "case.json":
                shutil.copy(os.path.join(case_dir, f), os.path.join(model, f))
        for f in spec.get("remove", []):
            os.remove(os.path.join(model, f))
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        existing = os.path.join(tmp, "existing.h5")
        with open(existing, "w") as fh:
            fh.write("a file the user made\n")
        cmd = [a.format(model=model, out=out, existing=existing)
               for a in spec.get("command", ["model", "check", "{model}"])]
        r = subprocess.run([devolve] + cmd, capture_output=True, text=True, timeout=60)
        if r.returncode != spec["exit"]:
            problems.append(f"exit code {r.returncode}, expected {spec['exit']}")
        if not re.search(spec["message"], r.stderr):
            problems.append(f"message does not match /{spec['message']}/")
        if "location" in spec:
            loc = os.path.join(model, spec["location"]) + ": error:"
            if loc not in r.stderr:
                problems.append(f"error does not point at {spec['location']}")
            if "^" not in r.stderr:
                problems.append("no caret under the offending column")
        if os.listdir(out):
            problems.append(f"output left behind: {os.listdir(out)}")
        if open(existing).read() != "a file the user made\n":
            problems.append("an existing file was changed")
        if sorted(os.listdir(tmp)) != ["existing.h5", "model", "out"]:
            problems.append(f"stray files: {sorted(os.listdir(tmp))}")
    if problems:
        failed += 1
        print(f"FAIL {name}: " + "; ".join(problems))
        print("  stderr: " + r.stderr.replace("\n", "\n          "))
    else:
        passed += 1
        print(f"ok   {name}: {r.stderr.splitlines()[0] if r.stderr else ''}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
