#!/usr/bin/python3
"""Which local area a local_procurement shock used, recorded and said (docs/scenarios.md,
"local_procurement"; docs/output-format.md, `shock_local_area`), on uk-itl2-2022 with one named area of
several regions: `regions: North West` (its 5 ITL2 areas), public bodies (O84, P85, Q86) buying
10 points more locally in 2029, beside a spend shock.

- the results file's /results/shock_local_area (format 1.6) holds, per shock, `together` for
  `local_area: together` and for no `local_area` (one named area is one local area by default),
  `each` for `local_area: each`, and "" for the spend shock and its private R&D source; the default's numbers are together's,
  each's are not;
- `devolve report` says which on its local procurement lines, and `--json` in the shock's entry;
- a batch (`devolve run A B C --output-dir D`) says, under each scenario's `ok` line, what `devolve
  run` says of it (the default too), and nothing under a scenario without such a shock;
- `devolve sweep` of the default scenario says it before its runs.

Usage: procurement_recorded.py DEVOLVE
"""
import json
import os
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(sys.argv[1], named_args=1)
check = C.check
TOGETHER = ('local area "NW anchors": North West as a whole: its 5 regions\' buyers buy more from suppliers '
            "anywhere in them (local_area: together")
EACH = ('local area "NW anchors": each of the 5 regions of North West on its own: its buyers buy more from its '
        "own suppliers (local_area: each)")


def scenario(tmp, name, key):
    path = os.path.join(tmp, name + ".yaml")
    with open(path, "w") as f:
        f.write(f"""name: NW anchors {name}
model: uk-itl2-2022
years: [2029, 2029]
baseline: {{growth: 0, productivity: 0}}
shocks:
  - type: spend
    label: R&D
    regions: TLD3
    amount: 50
    profile: public_rd
  - type: local_procurement
    label: NW anchors
    regions: North West
    buyers: [O84, P85, Q86]
    share_increase: 0.10
{key}""")
    return path


def recorded(path):
    with h5py.File(path, "r") as h:
        return (list(h.attrs["format_version"]), [v.decode() for v in h["/results/shock_local_area"][()]]
                if "/results/shock_local_area" in h else None, h["/results/impact"][()])


with tempfile.TemporaryDirectory() as tmp:
    files = {name: scenario(tmp, name, key) for name, key in
             (("default", ""), ("each", "    local_area: each\n"), ("together", "    local_area: together\n"))}
    got, said = {}, {}
    for name, path in files.items():
        out = os.path.join(tmp, name + ".h5")
        said[name] = C.run("run", path, "-o", out).stdout
        got[name] = recorded(out)
    check("format 1.6", got["each"][0] == [1, 6], str(got["each"][0]))
    check("local_area: each is recorded as each; the spend shock and its private R&D as empty", got["each"][1] == ["", "each", ""], str(got["each"][1]))
    check("local_area: together is recorded as together", got["together"][1] == ["", "together", ""], str(got["together"][1]))
    check("one named area without local_area is recorded as together (the default)",
          got["default"][1] == ["", "together", ""], str(got["default"][1]))
    check("the default's numbers are together's, each's differ",
          np.array_equal(got["default"][2], got["together"][2]) and not np.allclose(got["each"][2], got["together"][2]))
    check("devolve run says each", EACH in said["each"], said["each"][:400])
    check("devolve run says together, the default for one named area",
          TOGETHER + ", the default for one named area)" in said["default"], said["default"][:400])

    rep = C.run("report", os.path.join(tmp, "each.h5")).stdout
    check("devolve report says each on its local procurement lines",
          "purchases moved to suppliers in the buyers' own regions (local_area: each):" in rep, rep[-1200:])
    rep = C.run("report", os.path.join(tmp, "default.h5")).stdout
    check("devolve report says together on its local procurement lines",
          "purchases moved to suppliers in the buyers' local area, the shock's regions together (local_area: together):"
          in rep and "taken from suppliers outside it" in rep, rep[-1200:])

    js = json.loads(C.run("report", os.path.join(tmp, "each.h5"), "--json").stdout)
    check("devolve report --json gives the procurement shock local_area each, and the others none",
          [sh.get("local_area") for sh in js["shocks"]] == [None, "each", None], str(js["shocks"])[:400])

    # A batch: under each ok line what devolve run says of that scenario; none for a spend-only scenario.
    plain = os.path.join(tmp, "plain.yaml")
    with open(plain, "w") as f:
        f.write("name: plain\nmodel: uk-itl2-2022\nyears: [2029, 2029]\nshocks:\n"
                "  - {type: spend, label: R&D, regions: TLD3, amount: 50, profile: public_rd}\n")
    out = C.run("run", files["default"], files["each"], plain, "--output-dir", os.path.join(tmp, "batch"),
                "--threads", "1").stdout.splitlines()

    def under(stem):
        """The indented lines under the scenario's ok line (None: no ok line)."""
        i = next((k for k, line in enumerate(out) if line.startswith("ok") and f"{stem}.yaml" in line), None)
        if i is None:
            return None
        notes = []
        for line in out[i + 1:]:
            if not line.startswith("       "):
                break
            notes.append(line.strip())
        return notes

    check("the batch says together (the default) under the default scenario's line",
          under("default") == [TOGETHER + ", the default for one named area)"], "\n".join(out))
    check("the batch says each under the each scenario's line", under("each") == [EACH], "\n".join(out))
    check("and nothing under a scenario without local procurement", under("plain") == [], "\n".join(out))
    check("the batch's files record it too", recorded(os.path.join(tmp, "batch", "default.h5"))[1] == ["", "together", ""])
    out = C.run("run", files["each"], plain, "--output-dir", os.path.join(tmp, "batch"), "--overwrite", "-q").stdout
    check("a batch with -q says nothing of it", "local area" not in out, out)

    # A sweep of the default scenario says it before its runs.
    sweep = os.path.join(tmp, "sweep.yaml")
    with open(sweep, "w") as f:
        f.write(f"scenario: {files['default']}\nsampler: latin_hypercube\nsamples: 2\nseed: 1\n"
                "inputs:\n  - {path: 'shocks[1].share_increase', distribution: {uniform: [0.05, 0.1]}}\n")
    out = C.run("sweep", sweep, "-o", os.path.join(tmp, "sweep.h5"), "--threads", "1").stdout
    check("devolve sweep says together, the default for one named area",
          out.startswith(TOGETHER + ", the default for one named area)\n"), out[:400])
C.finish()
