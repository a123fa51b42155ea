#!/usr/bin/python3
"""End-to-end checks of `devolve model info|convert|check` and `devolve multipliers` on the toy model.

The multipliers file is opened with h5py and with xarray (h5netcdf engine): labels must be there,
and the numbers must equal an independent numpy computation from the model's CSV files.
"""
import json
import os
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd
import xarray as xr

devolve, data = sys.argv[1], sys.argv[2]
toy = os.path.join(data, "models", "toy-2x2")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=120, named_args=2)
check, run = C.check, C.run

# Independent numpy reference from the CSV files.
from toy_reference import INDUSTRIES as industries, REGIONS as regions, Toy  # noqa: E402

t = Toy(toy)
x, L, Lbar = t.x, t.L, t.Lbar_full

with tempfile.TemporaryDirectory() as tmp:
    r = run("model", "info", toy)
    check("info names the regions", "North" in r.stdout and "South" in r.stdout)
    r = run("model", "info", toy, "--json")
    info = json.loads(r.stdout)
    check("info --json totals output", abs(info["totals"]["output"] - x.sum()) < 1e-9)
    check("info --json region GVA", abs(info["regions"][0]["gva"] - 123) < 1e-9)
    check("info --json jobs by region", info["regions"][1]["indicators"]["jobs"] == 49)

    h5 = os.path.join(tmp, "toy.h5")
    run("model", "convert", toy, h5)
    back = os.path.join(tmp, "back")
    run("model", "convert", h5, back)
    r = run("model", "info", back, "--json")
    check("convert round trip keeps the checksum", json.loads(r.stdout)["checksum"] == info["checksum"])
    run("model", "check", h5)
    xm = xr.open_dataset(h5, engine="h5netcdf")
    check("model file opens in xarray with labels",
          float(xm.z.sel(from_region="S", from_industry="MAN", to_region="N", to_industry="MAN")) == 14)

    out = os.path.join(tmp, "mult.h5")
    r = run("multipliers", "--model", toy, "-o", out)
    check("multipliers prints a table", "output II" in r.stdout and "wrote" in r.stdout)
    run("multipliers", "--model", toy, "-o", out, code=2)  # refuses to overwrite
    with h5py.File(out) as f:
        check("file_type", f.attrs["file_type"] == "devolve-multipliers")
        check("format_version", list(f.attrs["format_version"]) == [1, 0])
        check("model checksum recorded", f.attrs["model_checksum"] == info["checksum"])
        check("units on every dataset", all("units" in f["multipliers"][k].attrs for k in ("type_i", "type_ii", "direct")))
    ds = xr.open_dataset(out, group="multipliers", engine="h5netcdf")
    check("labels", list(ds.region.values) == regions and list(ds.industry.values) == industries)
    t1 = ds.type_i.sel(measure="output").values.reshape(-1)
    t2 = ds.type_ii.sel(measure="output").values.reshape(-1)
    check("Type I output multipliers equal numpy column sums of L", np.allclose(t1, L.sum(axis=0), rtol=1e-12))
    check("Type II output multipliers equal numpy Lbar", np.allclose(t2, Lbar[:4, :4].sum(axis=0), rtol=1e-12))
    inc = ds.type_ii.sel(measure="income").values.reshape(-1)
    check("Type II income multipliers equal the household rows of Lbar", np.allclose(inc, Lbar[4:, :4].sum(axis=0), rtol=1e-12))
    jobs_coef = np.array([12, 30, 9, 40]) / x
    j1 = ds.type_i.sel(measure="jobs", region="S", industry="AGR").item()
    check("one jobs multiplier against numpy", abs(j1 - jobs_coef @ L[:, 2]) < 1e-12)
    own = ds.type_ii_by_destination.sel(measure="output", destination="N", region="N", industry="MAN").item()
    check("own-region share against numpy", abs(own - Lbar[:2, 1].sum()) < 1e-12)
    parts = ds.direct + ds.indirect + ds.induced
    check("direct + indirect + induced = Type II", np.allclose(parts, ds.type_ii, rtol=1e-12))

# Each --help lists the exit codes its command can return (docs/errors.md): 5 only for sweep, no 4 for export, report and compare
# (they read results files, no model).
for cmd, codes in ((["run"], "01234"), (["sweep"], "012345"), (["export"], "0123"), (["report"], "0123"), (["compare"], "0123"),
                   (["model", "info"], "01234"),
                   (["model"], "01234"), ([], "012345")):
    r = run(*cmd, "--help")
    listed = "".join(line[2] for line in r.stdout.splitlines() if len(line) > 4 and line[:2] == "  " and line[2].isdigit()
                     and line[3:5] == "  ")
    check(f"devolve {' '.join(cmd)} --help lists exit codes {codes}", listed == codes, listed)
    check(f"devolve {' '.join(cmd)} --help says what Ctrl-C does", "Ctrl-C" in r.stdout)
C.finish()
