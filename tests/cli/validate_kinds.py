#!/usr/bin/python3
"""`devolve validate` recognises every kind of file devolve reads by its content: scenario, sweep,
build configuration, profiles (docs/scenarios.md, "Checking files").

The shipped scenarios/*.yaml and data/models/*.yaml must all pass, each named by its kind; one bad
file of each kind must give its reader's located error (file:line:column) and exit 3. A scenario
whose years are wrong at both ends (`[2019, 2080]`) gives both errors in one pass.

Usage: validate_kinds.py DEVOLVE TEST_DATA REPO
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

devolve, data, repo = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=900)
check = C.check


def validate(*files, code=0):
    r = subprocess.run([devolve, "validate", *files], capture_output=True, text=True, timeout=900, cwd=repo)
    check(f"validate {' '.join(os.path.basename(f) for f in files[:3])}{' ...' if len(files) > 3 else ''} exits {code}",
          r.returncode == code, r.stdout[-2000:] + r.stderr[-2000:])
    return r


shipped = sorted(glob.glob("scenarios/*.yaml", root_dir=repo)) + sorted(glob.glob("data/models/*.yaml", root_dir=repo))
r = validate(*shipped)
lines = dict(l.split(": ok: ", 1) for l in r.stdout.splitlines() if ": ok: " in l)
check("every shipped file is ok", sorted(lines) == sorted(shipped), r.stdout)
for f in shipped:
    name = os.path.basename(f)
    want = ("sweep: " if name.startswith("sweep-") else "profiles, checked against" if name == "profiles.yaml"
            else "build configuration of " if f.startswith("data/models/") else "")
    got = lines.get(f, "")
    ok = got.startswith(want) and (want or re.match(r"\d+ shocks?, years \d{4}-\d{4}, model ", got))
    check(f"{f} is read as {want.split(',')[0].split(':')[0].strip() or 'a scenario'}", ok, got)

bad = {
    "scenario": (os.path.join(data, "bad", "32-unknown-industry.yaml"), "8:23", "unknown industry 'C99'"),
    "sweep": (os.path.join(data, "bad_sweeps", "02-unknown-top-level-key.yaml"), "3:1", "unknown key 'sampeler'"),
    "build configuration": (os.path.join(data, "summary", "bad-build.yaml"), "10:", "delta"),
    "profiles": (os.path.join(data, "summary", "bad-profiles.yaml"), "9:", "Q99"),
}
for kind, (path, where, what) in bad.items():
    r = validate(path, code=3)
    located = re.search(re.escape(path) + ":" + re.escape(where), r.stderr)
    check(f"a bad {kind} file gives its located error", located and what in r.stderr, r.stderr[-1500:])

# Both ends of the years wrong: before the model's base year and beyond the horizon, one pass.
with tempfile.TemporaryDirectory() as tmp:
    years = os.path.join(tmp, "years.yaml")
    with open(years, "w") as f:
        f.write(f"name: years\nmodel: {os.path.join(data, 'models', 'toy-2x2')}\nyears: [2019, 2080]\nshocks:\n"
                "  - {type: spend, label: s, regions: N, amount: 10, profile: public_rd}\n")
    r = validate(years, code=3)
    check("years [2019, 2080]: both errors, in one pass",
          f"{years}:3:15: error: years.last: year 2080 is beyond the projection horizon 2070" in r.stderr
          and f"{years}:3:9: error: years.first: year 2019 is before the model's base year 2022" in r.stderr
          and f"{years}: 2 errors" in r.stderr, r.stderr)

C.finish()
