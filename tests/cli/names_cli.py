#!/usr/bin/python3
"""Names through the executable: region hints by name, word, prefix and alias on the shipped
ITL1 and ITL2 models, industry hints by code token, industry groups (SIC sections and named
groups) in a scenario, and `model info` listing industries (docs/scenarios.md, "Names and hints").
ITL1/ITL2/ITL3 codes and names on finer models (uk-itl2-2022, uk-ca-2022: the regions they select,
an ITL area covering part of an area, a LAD's name inside an area; docs/scenarios.md, "Region
references"), the run summary's full region names, and a batch given a geography's build
configuration or the same scenario twice. uk-lad-2022 and uk-itl3-2022: tests/cli/names_lad.py.

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
from cli_checks import Checks, regions_selected  # noqa: E402

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
    ("uk-itl2-2022", '"North Wst"', "all", "did you mean 'TLD' (North West)?"),
    ("uk-itl2-2022", "TLD33", "all", "TLD33 is an ITL3 area, finer than the regions of model 'uk-itl2-2022'; "
                                     "it lies in region 'TLD3' (Greater Manchester)"),
    ("uk-ca-2022", "TLD33", "all", "region 'TLD33' (ITL3 area Manchester) covers only part of area 'GMCA' (Greater Manchester)"),
    ("uk-ca-2022", "Bradford", "all", "unknown region 'Bradford': it is a local authority inside area 'WYCA' (West Yorkshire)"),
    ("uk-ca-2022", "Yorkshire", "all", "did you mean 'TLE' (Yorkshire and The Humber)?"),
    ("uk-ca-2022", '"Leeds City Region"', "all", "did you mean 'West Yorkshire'?"),
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

    # ITL codes and names on finer models: the regions each selects (those with demand).
    def selected(model, refs):  # the regions with demand for each reference, and the run summary
        return regions_selected(devolve_run, tmp, model, refs)

    refs = {"TLE4": ["WYCA"], "tle4": ["WYCA"], "tld3": ["GMCA"], "TLG3": ["WMCA"],
            '"West Midlands (England)"': ["TLG-rest", "WMCA"],
            '"North West"': ["GMCA", "LCRCA", "TLD-rest"], "TLE": ["SYMCA", "TLE-rest", "WYCA", "YNYCA"],
            '"North West (England)"': ["GMCA", "LCRCA", "TLD-rest"]}
    got, summary = selected("uk-ca-2022", list(refs))
    for (ref, want), g in zip(refs.items(), got):
        check(f"{ref} on uk-ca-2022 is {want}", g == want, str(g))
    check("the run summary gives region names in full",
          "EMCCA East Midlands Combined County Authority " in summary, summary[:600])
    refs2 = {'"North West"': ["TLD1", "TLD3", "TLD4", "TLD6", "TLD7"], "tle4": ["TLE4"], '"Greater Manchester"': ["TLD3"],
             '"Northern Ireland"': ["TLN0"]}  # the ITL1 region TLN and the ITL2 area TLN0: one extent
    got, summary = selected("uk-itl2-2022", list(refs2))
    for (ref, want), g in zip(refs2.items(), got):
        check(f"{ref} on uk-itl2-2022 is {want}", g == want, str(g))
    check("ITL2 names in full in the run summary", "TLC4 Northumberland, Durham and Tyne & Wear " in summary, summary[:600])

    # A name of two different areas (the ITL1 region TLG, the ITL2 area TLG3) is an error naming both
    # by code, on a model of ITL areas (where TLG3 is the model's own region) and one of LADs.
    for model, want in (("uk-itl2-2022", "region 'West Midlands' names 2 different areas here: the ITL1 region 'TLG' "
                         "(regions TLG1, TLG2, TLG3 of this model) and region 'TLG3' of this model; write the code of "
                         "the one meant"),
                        ("uk-ca-2022", "region 'West Midlands' names 2 different areas here: the ITL1 region 'TLG' "
                         "(regions WMCA, TLG-rest of this model) and the ITL2 area 'TLG3' (region WMCA of this model); "
                         "write the code of the one meant"),
                        ("uk-ca-2022", "region 'North Yorkshire' names 2 different areas here: the ITL2 area 'TLE2' "
                         "(region YNYCA of this model) and the ITL3 area 'TLE22' (part of area 'YNYCA' (York and North "
                         "Yorkshire) of this model); write the code of the one meant")):
        ref = want.split("'")[1]
        r = devolve_run("validate", scenario(tmp, "amb", model, f'"{ref}"'), code=3)
        check(f"{ref} on {model} names two areas", "amb.yaml:8:14: error: shocks[0].regions: " + want in r.stderr,
              r.stderr[-800:])

    # A batch: a geography's build configuration caught by a glob, and one scenario given twice.
    batch = os.path.join(tmp, "batch")
    os.makedirs(batch)
    with open(os.path.join(batch, "geo.yaml"), "w") as f:
        f.write("format: devolve-build\nformat_version: 1\nid: g\ninputs: ../uk\nlevel: lad\n")
    one = scenario(batch, "one", "uk-itl1-2022", "TLD")
    r = devolve_run("run", os.path.join(batch, "geo.yaml"), one, one, "--output-dir", os.path.join(tmp, "bout"), code=3)
    check("a build configuration in a batch is said to be one",
          "geo.yaml:1:1: error: format: this is a geography build configuration (format: devolve-build), not a scenario: "
          "build it with 'devolve model build" in r.stderr, r.stderr[-800:])
    check("a scenario given twice to a batch is said to be",
          "this scenario file is given twice (also as " + one + ")" in r.stderr and "rename one" not in r.stderr, r.stderr[-800:])
    check("and runs once", os.path.exists(os.path.join(tmp, "bout", "one.h5")), r.stdout)

C.finish()
