#!/usr/bin/python3
"""Names through the executable: region hints by name, word, prefix and alias on the shipped
ITL1 and ITL2 models, industry hints by code token, industry groups (SIC sections and named
groups) in a scenario, and `model info` listing industries (docs/scenarios.md, "Names and hints").

`industries: [manufacturing]` must give exactly the results of the list of section C codes.

Usage: names_cli.py DEVOLVE
"""
import json
import os
import sys
import tempfile

import h5py
import numpy as np

devolve = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=900, named_args=2)
check, devolve_run = C.check, C.run


def scenario(tmp, name, model, regions, industries="all"):
    path = os.path.join(tmp, name + ".yaml")
    with open(path, "w") as f:
        f.write(f"name: {name}\nmodel: {model}\nyears: [2025, 2025]\ntype: I\nshocks:\n"
                f"  - type: productivity\n    label: p\n    regions: {regions}\n    industries: {industries}\n"
                f"    measure: gva\n    change: 0.05\n")
    return path


hints = [
    ("uk-itl2-2022", '"North West"', "all", "did you mean 'TLD' (North West)?"),
    ("uk-itl2-2022", '"West Yorks"', "all", "did you mean 'West Yorkshire'?"),
    ("uk-itl2-2022", '"Greater Manchester Combined Authority"', "all", "did you mean 'Greater Manchester'?"),
    ("uk-itl1-2022", "Yorkshire", "all", "did you mean 'Yorkshire and The Humber'?"),
    ("uk-itl1-2022", '"Leeds City Region"', "all", "did you mean 'Yorkshire and The Humber'?"),
    ("uk-itl1-2022", "TLD", "[F41]", "did you mean 'F41, F42 & F43'?"),
]
with tempfile.TemporaryDirectory() as tmp:
    for k, (model, regions, industries, want) in enumerate(hints):
        r = devolve_run("validate", scenario(tmp, f"hint{k}", model, regions, industries), code=3)
        check(f"{regions} / {industries} on {model}: {want}", want in r.stderr and "North Wales" not in r.stderr, r.stderr[-800:])

    info = devolve_run("model", "info", "uk-itl1-2022").stdout
    check("text model info lists industries by code and name",
          "industries (105;" in info and "F41, F42 & F43" in info and "Scientific Research And Development" in info, info[-800:])
    j = json.loads(devolve_run("model", "info", "uk-itl1-2022", "--json").stdout)
    codes = [i["code"] for i in j["industries"] if i["code"][0] == "C" and i["code"][1].isdigit()]
    check("section C has industries in the model", len(codes) > 5, codes)

    group = scenario(tmp, "group", "uk-itl1-2022", "TLD", "[manufacturing]")
    listed = scenario(tmp, "listed", "uk-itl1-2022", "TLD", "[" + ", ".join(f'"{c}"' for c in codes) + "]")
    letter = scenario(tmp, "letter", "uk-itl1-2022", "TLD", "C")
    outs = []
    for path in (group, listed, letter):
        out = path[:-5] + ".h5"
        devolve_run("run", path, "-o", out, "-q")
        with h5py.File(out, "r") as f:
            outs.append(f["/results/by_region"][...])
    check("manufacturing = the section C codes = C", np.array_equal(outs[0], outs[1]) and np.array_equal(outs[0], outs[2]))
    check("and changes something", np.abs(outs[0]).sum() > 0)
    r = devolve_run("validate", scenario(tmp, "u", "uk-itl1-2022", "TLD", "U"), code=3)
    check("a group with no industries in the model is an error", "industry group 'U' has no industries" in r.stderr, r.stderr)

C.finish()
