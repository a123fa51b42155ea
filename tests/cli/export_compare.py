#!/usr/bin/python3
"""`devolve export --csv`, `devolve compare`, the .h5 check of -o, and 'no such file'.

Every CSV value must equal the HDF5 dataset it came from (read with h5py), with the dimension
labels and units; compare's differences must equal B - A from h5py; files of different models are
refused unless --align is given; and -o without .h5 is refused with a hint, writing nothing.

Usage: export_compare.py DEVOLVE TEST_DATA REPO
"""
import csv
import json
import os
import sys
import tempfile

import h5py
import numpy as np

devolve, data, repo = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=600)
check, run = C.check, C.run


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_export(h5, group, out):
    with h5py.File(h5, "r") as f:
        index = {r[0]: r for r in read_csv(os.path.join(out, "datasets.csv"))[1]}
        check(f"{os.path.basename(h5)}: datasets.csv lists datasets", len(index) > 0)
        for name, (_, path, dims, units, _desc) in index.items():
            if path == "/context":  # context.csv: one long table of the group (region, indicator, ...)
                continue
            header, rows = read_csv(os.path.join(out, name))
            ds = f[path]
            values = np.array([float(r[-1]) for r in rows])
            ok = header == dims.split() + ["unit", "value"] and values.shape[0] == ds.size
            ok = ok and np.array_equal(values, ds[...].ravel(), equal_nan=True)
            labels = [f[group + "/" + d][...] for d in dims.split()]
            first = [l[0].decode() if isinstance(l[0], bytes) else str(l[0]) for l in labels]
            ok = ok and (not rows or rows[0][:len(first)] == first)
            if units.startswith("see "):  # "see X_unit[; U for LABEL]": the unit of the row's X label
                x = units[4:units.index("_unit")]
                mu = [u.decode() for u in f[group + "/" + x + "_unit"][...]]
                k = dims.split().index(x)
                ms = [m.decode() for m in f[group + "/" + x][...]]
                exc = units.split("; ")[1].split(" for ") if "; " in units else None
                ok = ok and all(r[-2] == (exc[0] if exc and exc[1] in r[:-2] else mu[ms.index(r[k])]) for r in rows)
            else:
                ok = ok and all(r[-2] == units for r in rows[:500])
            check(f"{os.path.basename(h5)}: {name} equals {path} with labels and units", ok)
        # every data dataset of the group with dimension scales is exported (none left out)
        data = [k for k, v in f[group].items() if isinstance(v, h5py.Dataset) and v.dtype.kind == "f"
                and "DIMENSION_LIST" in v.attrs and v.attrs.get("CLASS") != b"DIMENSION_SCALE"]
        left = sorted(set(data) - {p.split("/")[-1] for _, p, *_ in index.values()})
        check(f"{os.path.basename(h5)}: every numeric dataset of {group} is exported", not left, str(left))


with tempfile.TemporaryDirectory() as tmp:
    toy = os.path.join(data, "models", "toy-2x2")
    a, b = os.path.join(tmp, "a.h5"), os.path.join(tmp, "b.h5")
    run("run", os.path.join(data, "scenarios", "toy-spend.yaml"), "-o", a, "-q")
    run("run", os.path.join(data, "scenarios", "toy-rd.yaml"), "-o", b, "-q")
    mult = os.path.join(tmp, "m.h5")
    run("multipliers", "--model", toy, "-o", mult)

    # The toy model has no FTE: no pay per FTE, so no low-pay share (the file's is NaN), never a share of 0.
    with h5py.File(a, "r") as f:
        stored_nan = bool(np.isnan(f["/results/new_jobs_low_pay_share"][...]).all())
    rep_text, rep_json = run("report", a).stdout, json.loads(run("report", a, "--json").stdout)
    check("no low-pay share reported where the model has no pay per FTE (the file's share is NaN)",
          stored_nan and "new_jobs_low_pay_share" not in rep_text
          and "new_jobs_low_pay_share" not in json.dumps(rep_json), rep_text[-600:])

    # export
    out = os.path.join(tmp, "csv-a")
    run("export", a, "--csv", out)
    check_export(a, "/results", out)
    attrs = dict(read_csv(os.path.join(out, "attributes.csv"))[1])
    check("attributes.csv holds the model checksum", len(attrs.get("model_checksum", "")) == 16)
    listed = {r[0] for r in read_csv(os.path.join(out, "datasets.csv"))[1]}
    closure_files = {"by_region_by_closure.csv", "by_shock_by_closure.csv", "landing_by_closure.csv",
                     "redirect_decomposition.csv"}
    check("export writes the closure datasets (checked value for value above)", closure_files <= listed,
          str(sorted(closure_files - listed)))
    check("attributes.csv holds the headline closure and whether Type II is available",
          attrs.get("headline_closure") == "type_ii" and attrs.get("type_ii") == "yes", str(attrs))
    r = run("export", a, "--csv", out, code=2)
    check("export refuses an existing folder, naming --overwrite", "--overwrite" in r.stderr, r.stderr)
    run("export", b, "--csv", out, "--overwrite")
    check_export(b, "/results", out)
    out_m = os.path.join(tmp, "csv-m")
    run("export", mult, "--csv", out_m)
    check_export(mult, "/multipliers", out_m)
    run("export", os.path.join(tmp, "absent.h5"), "--csv", os.path.join(tmp, "csv-x"), code=3)
    check("export of a missing file leaves no folder", not os.path.exists(os.path.join(tmp, "csv-x")))

    # compare, same model
    r = run("compare", a, b, "--json")
    j = json.loads(r.stdout)
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        ya, yb = list(fa["/results/year"][...]), list(fb["/results/year"][...])
        years = [y for y in ya if y in yb]
        ma = [m.decode() for m in fa["/results/measure"][...]]
        va = fa["/results/by_region"][...][:, [ya.index(y) for y in years], :]
        vb = fb["/results/by_region"][...][:, [yb.index(y) for y in years], :]
    check("compare --json: common years", j["years"] == years, str(j["years"]))
    check("compare --json: measures", j["measures"] == ma)
    diff = np.array(j["difference"]).reshape(va.shape)
    check("compare --json: difference = B - A (h5py)", np.allclose(diff, vb - va, rtol=0, atol=1e-9))
    check("compare --json: A values", np.array_equal(np.array(j["a_values"]).reshape(va.shape), va))
    r = run("compare", a, b)
    check("compare text names both files and B - A", a in r.stdout and b in r.stdout and "B - A" in r.stdout)
    html = os.path.join(tmp, "cmp.html")
    run("compare", a, b, "--html", html)
    check("compare --html writes a page with charts", "<svg" in open(html, encoding="utf-8").read())

    # compare, different models: refused unless --align
    itl1 = os.path.join(tmp, "itl1.h5")
    itl2 = os.path.join(tmp, "itl2.h5")
    run("run", os.path.join(repo, "scenarios", "example.yaml"), "-o", itl1, "-q")
    run("run", os.path.join(repo, "scenarios", "gm-innovation.yaml"), "-o", itl2, "-q")
    # the labour datasets and their provenance (a UK model has the labour account)
    out_1 = os.path.join(tmp, "csv-itl1")
    run("export", itl1, "--csv", out_1)
    check_export(itl1, "/results", out_1)
    labour = {"by_place.csv", "labour_supply.csv", "labour_rates.csv", "labour_reserve.csv", "labour_reserve_exceeded.csv",
              "beyond_gva.csv", "beyond_gva_gap.csv", "beyond_gva_spread.csv", "compensation_per_fte.csv",
              "low_pay_industry.csv", "new_jobs_low_pay_share.csv"}
    listed = {r[0] for r in read_csv(os.path.join(out_1, "datasets.csv"))[1]}
    check("export writes the labour datasets (checked value for value above)", labour <= listed, str(sorted(labour - listed)))
    attrs = dict(read_csv(os.path.join(out_1, "attributes.csv"))[1])
    with h5py.File(itl1, "r") as f:
        want = {"labour_supply.base_levels": f["/results/labour_supply"].attrs["base_levels"],
                "labour_reserve_exceeded.exceeded_in": f["/results/labour_reserve_exceeded"].attrs["exceeded_in"]}
    want = {k: v.decode() if isinstance(v, bytes) else v for k, v in want.items()}
    check("attributes.csv carries the labour provenance attributes", all(attrs.get(k) == v for k, v in want.items()),
          str({k: attrs.get(k) for k in want}))
    rows = read_csv(os.path.join(out_1, "beyond_gva_spread.csv"))[1]
    check("beyond_gva_spread.csv: the coefficient of variation in 1, the range in the indicator's unit",
          all(r[-2] == "1" for r in rows if r[3] == "coefficient_of_variation")
          and any(r[-2] == "GBP per person" for r in rows if r[0] == "gdhi_per_head" and r[3] == "max_minus_min"))
    r = run("compare", itl2, itl2)
    check("compare text: region names are not cut (docs/reports.md)",
          "\nTLE1 East Yorkshire and Northern Lincolnshire " in r.stdout, r.stdout[:2000])
    r = run("compare", itl1, itl2, code=2)
    check("different models refused with a clear error", "different models" in r.stderr and "--align" in r.stderr,
          r.stderr)
    r = run("compare", a, itl1, code=2)
    check("toy and UK files refused", "different models" in r.stderr, r.stderr)
    r = run("compare", itl1, itl2, "--align", "itl1", "--json")
    j = json.loads(r.stdout)
    with h5py.File(itl2, "r") as f:
        regs = [x.decode() for x in f["/results/region"][...]]
        v2 = f["/results/by_region"][...]
    with h5py.File(itl1, "r") as f:
        r1 = [x.decode() for x in f["/results/region"][...]]
    check("--align itl1: the ITL1 regions", j["regions"] == r1, str(j["regions"]))
    bv = np.array(j["b_values"]).reshape(len(j["measures"]), len(j["years"]), len(j["regions"]))
    k = j["regions"].index("TLD")
    want = v2[:, :, [i for i, c in enumerate(regs) if c.startswith("TLD")]].sum(axis=2)
    check("--align itl1: ITL2 areas summed into their ITL1 region", np.allclose(bv[:, :, k], want[:, :len(j["years"])])
          if len(j["years"]) == v2.shape[1] else True)

    # -o must end in .h5; nothing written
    for args in (["run", os.path.join(data, "scenarios", "toy-spend.yaml")], ["multipliers", "--model", toy],
                 ["sweep", os.path.join(data, "sweeps", "toy-linear.yaml")]):
        target = os.path.join(tmp, "out.csv")
        r = run(*args, "-o", target, code=2)
        check(f"{args[0]} -o out.csv: says to use .h5 or devolve export",
              ".h5" in r.stderr and "devolve export" in r.stderr, r.stderr)
        check(f"{args[0]} -o out.csv: writes nothing", not os.path.exists(target))

    # a missing input is 'no such file', not 'not an HDF5 file'
    for args in (["report", os.path.join(tmp, "absent.h5")], ["compare", os.path.join(tmp, "absent.h5"), a]):
        r = run(*args, code=3)
        check(f"{args[0]}: missing file reported as 'no such file'",
              "no such file" in r.stderr and "not an HDF5" not in r.stderr, r.stderr)

C.finish()
