#!/usr/bin/python3
"""Names on the shipped LAD and ITL3 models (docs/scenarios.md, "Region references"): ITL1, ITL2
and ITL3 codes (any case) and names select every LAD (ITL3 area) inside them, by the model's
metadata area_itl1/2/3.<code>, checked against data/uk/lad/regions.csv; hints offer the ITL areas
(`Yorkshire` -> TLE, `Leeds City Region` -> TLE4 West Yorkshire, not West Berkshire); the run
summary (--all) gives long LAD names in full.

Label uk-large, skipped (77) unless DEVOLVE_UK_LARGE=1 (it builds uk-lad-2022 and uk-itl3-2022 on
first use) or when ../shared/data is absent, like the other tests of the shipped LAD models.

Usage: names_lad.py DEVOLVE REPO
"""
import os
import sys
import tempfile

devolve, repo = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "uk"))
from checks import skip_unless_large  # noqa: E402

skip_unless_large(repo, "check names on the ITL3 and LAD models")

import pandas as pd  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks, regions_selected  # noqa: E402

C = Checks(devolve, timeout=900, named_args=2)
check, devolve_run = C.check, C.run
lads = pd.read_csv(os.path.join(repo, "data", "uk", "lad", "regions.csv"))


def selected(tmp, model, refs):
    """The regions with demand for each reference (one spend shock each) and the run summary."""
    return regions_selected(devolve_run, tmp, model, refs, "--all")  # every LAD in the summary, not the 15 largest


def validate(tmp, model, ref):
    path = os.path.join(tmp, "v.yaml")
    with open(path, "w") as f:
        f.write(f"name: v\nmodel: {model}\nyears: [2025, 2025]\nshocks:\n"
                f"  - {{type: spend, label: a, regions: {ref}, amount: 100, profile: public_rd}}\n")
    return devolve_run("validate", path, code=3).stderr


def of(column, value, level="code"):
    return sorted(set(lads.loc[lads[column] == value, level]))


with tempfile.TemporaryDirectory() as tmp:
    refs = {"TLE4": of("itl2_code", "TLE4"), "tle4": of("itl2_code", "TLE4"), "TLD3": of("itl2_code", "TLD3"),
            '"Greater Manchester"': of("itl2_code", "TLD3"), '"West Yorkshire"': of("itl2_code", "TLE4"),
            "TLD33": of("itl3_code", "TLD33"), "tld": of("itl1_code", "TLD"), '"North West"': of("itl1_code", "TLD"),
            "TLG3": of("itl2_code", "TLG3"), '"West Midlands (England)"': of("itl1_code", "TLG"),
            '"Northern Ireland"': of("itl1_code", "TLN"), '"York"': of("itl3_code", "TLE21")}
    got, summary = selected(tmp, "uk-lad-2022", list(refs))
    for (ref, want), g in zip(refs.items(), got):
        check(f"{ref} on uk-lad-2022 is its {len(want)} LADs", g == want, f"{g} vs {want}")
    check("Greater Manchester is 10 LADs", len(refs["TLD3"]) == 10)
    check("the run summary gives long LAD names in full",
          "E06000022 Bath and North East Somerset " in summary and "Cheshire West and Chester " in summary, summary[:800])
    for ref, want in (("Yorkshire", "did you mean 'TLE' (Yorkshire and The Humber)?"),
                      ('"Leeds City Region"', "did you mean 'TLE4' (West Yorkshire)?")):
        err = validate(tmp, "uk-lad-2022", ref)
        check(f"{ref} on uk-lad-2022: {want}", want in err and "Berkshire" not in err, err[-600:])

    refs3 = {"TLD3": of("itl2_code", "TLD3", "itl3_code"), '"Greater Manchester"': of("itl2_code", "TLD3", "itl3_code"),
             "tle4": of("itl2_code", "TLE4", "itl3_code")}
    got, _ = selected(tmp, "uk-itl3-2022", list(refs3))
    for (ref, want), g in zip(refs3.items(), got):
        check(f"{ref} on uk-itl3-2022 is its ITL3 areas {want}", g == want, str(g))
    # Names of two different areas: an error naming both by code (TLE2 is York and North Yorkshire,
    # TLE22 and the LAD E06000065 North Yorkshire alone).
    for model, ref, want in (
            ("uk-lad-2022", "West Midlands", "the ITL1 region 'TLG' (30 regions of this model) and the ITL2 area 'TLG3' "
             "(7 regions of this model); write the code"),
            ("uk-lad-2022", "North Yorkshire", "the ITL2 area 'TLE2' (regions E06000014, E06000065 of this model) and "
             "the ITL3 area 'TLE22' (region E06000065 of this model); write the code"),
            ("uk-itl3-2022", "North Yorkshire", "the ITL2 area 'TLE2' (regions TLE21, TLE22 of this model) and the ITL3 "
             "area 'TLE22' (region TLE22 of this model); write the code")):
        err = validate(tmp, model, f'"{ref}"')
        check(f"{ref} on {model} names two areas", f"region '{ref}' names 2 different areas here: {want}" in err, err[-600:])
    err = validate(tmp, "uk-itl3-2022", "Yorkshire")
    check("Yorkshire on uk-itl3-2022: hint TLE", "did you mean 'TLE' (Yorkshire and The Humber)?" in err, err[-600:])

C.finish()
