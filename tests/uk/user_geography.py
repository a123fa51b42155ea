#!/usr/bin/python3
"""A user-defined geography made of local authorities, through the real executable (issue 12).

    user_geography.py DEVOLVE REPO

Builds tests/data/geographies/west-yorkshire.yaml (West Yorkshire from its five LADs, the rest of
Yorkshire and The Humber, the other ITL1 regions: 13 areas) from the shipped data/uk/lad and checks:
- every identity holds and the model is productive (devolve model check);
- the areas add up to the national table cell by cell (Z, final demand, primary inputs, output);
- each area's GVA equals ONS LAD GVA 2022 summed over its LADs (data/uk/lad/regions.csv, copied
  from the ONS release; recomputed from ../shared/data when that is present) plus its allocated
  Extra-Regio, within the rounding of the LAD release (35 groups rounded to GBP 1m per LAD) and
  the documented ITL2 nesting;
- West Yorkshire, coterminous with ITL2 TLE4, has TLE4's GVA by industry exactly (data/uk/itl2);
- the areas' real GVA trends (metadata) are close to the published ones of whole ITL areas;
- jobs and population by area are the derived LAD figures summed, and the model says they are derived;
- the same LADs grouped two ways (Sheffield apart or in the rest of Yorkshire and The Humber) give
  the same area values for every input: GVA, compensation, jobs and FTE by industry, output,
  household income and population;
- a scenario's ITL1 codes and built-in groups select the areas inside them (whatever their codes);
- compare --align itl1 refuses an area spanning ITL1 regions; --aggregate names a LAD missing from
  the LAD to ITL lookup;
- every bad configuration under tests/data/geographies/bad fails with exit 3 at the line and
  column its '# expect:' line names, and `model build` leaves no file behind.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd
import xarray as xr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

devolve, repo = sys.argv[1], sys.argv[2]
uk = os.path.join(repo, "data", "uk")
geo = os.path.join(repo, "tests", "data", "geographies")
config = os.path.join(geo, "west-yorkshire.yaml")
C = Checks(devolve)
check, run = C.check, C.run
ENGLAND = ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK")


lads = pd.read_csv(os.path.join(uk, "lad", "regions.csv")).set_index("code")
lad_gva = pd.read_csv(os.path.join(uk, "lad", "gva_by_ioat_industry.csv"))
shared = os.path.join(repo, "..", "shared", "data", "regional_gva_by_industry_lad_itl3",
                      "lad_gva_current_prices_gbp_million_1998_2023.csv")
if os.path.exists(shared):
    src = pd.read_csv(shared)
    src = src[src.industry_code == "Total"].set_index("lad_code")["2022"]
    check("data/uk/lad/regions.csv carries ONS LAD GVA 2022 as published",
          (src.reindex(lads.index) == lads.gva_2022_published).all())

with tempfile.TemporaryDirectory() as tmp:
    out = run("model", "check", config)
    check("every identity holds and the model is productive", "every identity holds and the model is productive" in out)
    text = run("model", "info", config)
    check("model info prints whole area names, aligned ('Rest of Yorkshire and The Humber' was cut at 28 bytes)",
          re.search(r"^TLE-rest +Rest of Yorkshire and The Humber +[0-9,.]+ ", text, re.M) is not None
          and len({re.match(r"^\S+ +.*? +([0-9,.]+) ", l).end(1) for l in text.splitlines() if re.match(r"^(WY|TLE-rest|TLI) ", l)}) == 1)
    info = json.loads(run("model", "info", config, "--json"))
    meta = info["metadata"]
    members = {r["code"]: meta["area." + r["code"]].split(", ") for r in info["regions"]}
    codes = [r["code"] for r in info["regions"]]
    check("13 areas: WY, the rest of Yorkshire and The Humber, the other 11 ITL1 regions",
          codes[0] == "WY" and "TLE-rest" in codes and len(codes) == 13, " ".join(codes))
    allocated = sorted(l for v in members.values() for l in v)
    check("every LAD is in exactly one area", allocated == sorted(lads.index), f"{len(allocated)} of {len(lads)}")
    # Real GVA trends of areas: their LADs' chained volumes summed (not additive: an approximation; the South
    # East's 2012-2019 growth comes out 0.36 pp above the published), so
    # a whole ITL area comes close to its published trend.
    t2 = pd.read_csv(os.path.join(uk, "itl2", "gva_real_trend.csv")).set_index("region_code")
    t1 = pd.read_csv(os.path.join(uk, "itl1", "gva_real_trend.csv")).set_index("region_code")
    pairs = [("WY", t2.loc["TLE4"])] + [(c, t1.loc[c]) for c in codes if c in t1.index]
    dev = max(abs(float(meta[f"trend.{col}.{a}"]) - row[col]) for a, row in pairs for col in ("cagr_2012_2019", "cagr_2015_2023"))
    check("real GVA trends of whole ITL areas within 0.5 percentage point of the published ones", dev < 0.005,
          f"largest difference {100 * dev:.3f} pp")
    check("the model says which inputs are derived",
          all(k in meta for k in ("derived.population", "derived.filled_jobs")) and "derived" in meta["derived.population"])

    extra = lad_gva.groupby("region_code").gva_extra_regio.sum()
    worst, worst_area = 0.0, ""
    for r in info["regions"]:
        ls = members[r["code"]]
        expected = lads.loc[ls, "gva_2022_published"].sum() + extra.reindex(ls, fill_value=0).sum()
        # rounding: 35 groups rounded to GBP 1m in each LAD, and the ITL2 groups the LADs are nested in
        bound = 0.5 * 35 * len(ls) + 0.5 * 70 * len(set(lads.loc[ls, "itl2_code"]))
        if abs(r["gva"] - expected) / bound > worst:
            worst, worst_area = abs(r["gva"] - expected) / bound, f"{r['code']} {r['gva'] - expected:+.1f} GBP m"
    check("GVA of each area = ONS LAD GVA 2022 summed + allocated Extra-Regio, within rounding", worst <= 1.0,
          f"largest difference {worst_area}, {worst:.2f} of the rounding bound")
    check("UK GVA equals the national table", abs(info["totals"]["gva"] - 2266082) < 1.0, f"{info['totals']['gva']:.1f}")
    itl2 = pd.read_csv(os.path.join(uk, "itl2", "gva_by_ioat_industry.csv"))
    wy = next(r for r in info["regions"] if r["code"] == "WY")
    check("West Yorkshire (5 LADs) has the GVA of ITL2 TLE4", abs(wy["gva"] - itl2[itl2.region_code == "TLE4"].gva.sum()) < 1e-4,
          f"{wy['gva']:.6f}")
    jobs_dev = max(abs(r["indicators"]["jobs"] / lads.loc[members[r["code"]], "filled_jobs_2021"].sum() - 1) for r in info["regions"])
    check("jobs by area are the derived LAD filled jobs summed", jobs_dev < 1e-6, f"largest relative difference {jobs_dev:.1e}")

    h5 = os.path.join(tmp, "model.h5")
    run("model", "build", config, "-o", h5)
    m = xr.open_dataset(h5, engine="h5netcdf")
    pop = m.population.values if "population" in m else None
    if pop is not None:
        exp = np.array([lads.loc[members[c], "population_2022"].sum() for c in m.region.values])
        check("population by area is the derived LAD population summed", np.allclose(pop, exp, rtol=1e-9))
    industries = list(m.industry.values)
    pos = {c: i for i, c in enumerate(industries)}
    Zn = np.zeros((len(industries), len(industries)))
    for row in pd.read_csv(os.path.join(uk, "national", "z.csv")).itertuples():
        Zn[pos[row.row_code], pos[row.col_code]] = row.value
    Zsum = m.z.sum(dim=["from_region", "to_region"]).values
    check("areas add up to the national Z cell by cell", np.allclose(Zsum, Zn, rtol=1e-8, atol=1e-6),
          f"largest difference {np.abs(Zsum - Zn).max():.2e}")
    pi = pd.read_csv(os.path.join(uk, "national", "primary_inputs.csv")).set_index("code").loc[industries]
    check("areas add up to national output by industry", np.allclose(m.output.sum(dim="region").values, pi.output.values, rtol=1e-9))
    prim = m.primary_inputs.sum(dim="region")
    for code, col in (("IMP", "imports_cif"), ("TAX", "product_taxes_less_subsidies"), ("COE", "compensation_of_employees"),
                      ("OTP", "other_taxes_less_subsidies_on_production"), ("GOS", "gos_and_mixed_income")):
        check(f"areas add up to national {col} by industry",
              np.allclose(prim.sel(input=code).values, pi[col].values, rtol=1e-6, atol=1e-3))
    fd = pd.read_csv(os.path.join(uk, "national", "final_demand.csv"))
    fd["role"] = fd.category.map(pd.read_csv(os.path.join(uk, "national", "final_demand_categories.csv")).set_index("category").role)
    fds = m.final_demand.sum(dim=["from_region", "to_region"])
    for role, code in {"households": "HH", "government": "GOV", "gfcf": "GFCF", "exports": "EXP"}.items():
        nat = fd[fd.role == role].groupby("code").value.sum().reindex(industries, fill_value=0).values
        check(f"areas add up to national final demand ({role})", np.allclose(fds.sel(category=code).values, nat, rtol=1e-8, atol=1e-6))

    # A scenario names areas by ITL1 code and built-in group (metadata area_itl1.<code>), and by name.
    scen = os.path.join(tmp, "north.yaml")
    with open(scen, "w") as f:
        f.write(f"name: test\nmodel: {config}\nyears: [2025, 2025]\ntype: I\nprices: 2022\nshocks:\n"
                "  - {type: spend, label: a, regions: TLE, amount: 100, profile: public_rd}\n"
                "  - {type: spend, label: b, regions: north, amount: 100, profile: public_rd}\n"
                "  - {type: spend, label: c, regions: West Yorkshire, amount: 100, profile: public_rd}\n")
    def shock_regions(res):
        """The run of `scen` written to res, and the regions with demand for each shock (by label)."""
        run("run", scen, "-o", res, "--quiet")
        d = xr.open_dataset(res, group="results", engine="h5netcdf")
        return d, {str(sh): sorted(str(r) for r in d.region.values[(d.demand.sel(shock=sh).sum("year") != 0).values])
                   for sh in d.shock.values}
    res = os.path.join(tmp, "north.h5")
    d, got = shock_regions(res)
    check("TLE on the area model is West Yorkshire and the rest of Yorkshire and The Humber",
          got.get("a") == ["TLE-rest", "WY"], str(got.get("a")))
    check("the built-in group north holds the areas inside the three northern regions",
          got.get("b") == ["TLC", "TLD", "TLE-rest", "WY"], str(got.get("b")))
    check("an area is named by its name", got.get("c") == ["WY"], str(got.get("c")))

    # The North / Greater South East gap counts an area by the ITL1 region of its LADs (WY and
    # TLE-rest are in the North), recomputed here from the file's GVA per head and the population.
    if pop is not None:
        p = pd.Series(pop, index=[str(r) for r in m.region.values])
        codes_ = [str(r) for r in d.region.values]
        itl1 = {r: meta.get("area_itl1." + r) or r[:3] for r in codes_}
        check("West Yorkshire's LADs lie in TLE (metadata area_itl1.WY)", itl1.get("WY") == "TLE", str(itl1.get("WY")))
        for case in ("baseline", "scenario"):
            g = d.gva_per_head.sel(case=case, year=2025).to_series() * p.reindex(codes_).values

            def per_head(group):
                rs = [r for r in codes_ if itl1[r] in group]
                return g[rs].sum() / p[rs].sum()
            want = per_head(("TLC", "TLD", "TLE")) / per_head(("TLH", "TLI", "TLJ"))
            got_gap = float(d.gaps.sel(case=case, year=2025, gap="north_to_greater_south_east"))
            check(f"north_to_greater_south_east ({case}) counts WY and TLE-rest in the North",
                  abs(got_gap - want) < 1e-12 * want, f"{got_gap} against {want}")

    # A LAD code on a model of areas: the error says which area holds it.
    with open(scen, "w") as f:
        f.write(f"name: test\nmodel: {config}\nyears: [2025, 2025]\nshocks:\n"
                "  - {type: spend, label: a, regions: e08000035, amount: 100, profile: public_rd}\n")
    r = subprocess.run([devolve, "validate", scen], capture_output=True, text=True, timeout=120)
    check("a LAD code on a model of areas names the area holding it",
          r.returncode == 3 and "local authority inside area 'WY' (West Yorkshire)" in r.stderr, r.stderr.strip()[:300])

    # ITL codes and names: an ITL2 code in any case selects the area it holds wholly; an ITL3 area
    # covering part of an area, and a LAD's name inside one, are errors that name the area.
    with open(scen, "w") as f:
        f.write(f"name: test\nmodel: {config}\nyears: [2025, 2025]\ntype: I\nprices: 2022\nshocks:\n"
                "  - {type: spend, label: a, regions: tle4, amount: 100, profile: public_rd}\n"
                "  - {type: spend, label: b, regions: Yorkshire and The Humber, amount: 100, profile: public_rd}\n")
    res = os.path.join(tmp, "itl.h5")
    d, got = shock_regions(res)
    check("tle4 on the area model is WY (metadata area_itl2.WY)", got.get("a") == ["WY"], str(got.get("a")))
    check("an ITL1 name is its areas", got.get("b") == ["TLE-rest", "WY"], str(got.get("b")))
    for ref, want in (("TLE42", "region 'TLE42' (ITL3 area Leeds) covers only part of area 'WY' (West Yorkshire)"),
                      ("TLE3", "region 'TLE3' (ITL2 area South Yorkshire) covers only part of area 'TLE-rest'"),
                      ("Bradford", "unknown region 'Bradford': it is a local authority inside area 'WY' (West Yorkshire)")):
        with open(scen, "w") as f:
            f.write(f"name: test\nmodel: {config}\nyears: [2025, 2025]\nshocks:\n"
                    f"  - {{type: spend, label: a, regions: {ref}, amount: 100, profile: public_rd}}\n")
        r = subprocess.run([devolve, "validate", scen], capture_output=True, text=True, timeout=120)
        check(f"{ref} on a model of areas: located error naming the area",
              r.returncode == 3 and ":5:" in r.stderr and want in r.stderr, r.stderr.strip()[:400])

    # compare --align itl1 adds each area up to the ITL1 region of its LADs (WY and TLE-rest -> TLE),
    # so no area is dropped and the UK totals are the file's (it once kept only the TL-coded areas).
    cmp = json.loads(run("compare", res, res, "--align", "itl1", "--json"))
    by = d.by_region.sel(measure=cmp["measures"], year=cmp["years"])
    want = {c: by.sel(region=[r for r in codes if r[:3] == c or meta.get("area_itl1." + r) == c]).sum("region")
            for c in cmp["regions"]}
    vals = np.array(cmp["a_values"]).reshape(len(cmp["measures"]), len(cmp["years"]), len(cmp["regions"]))
    check("compare --align itl1: the 12 ITL1 regions, TLE named", sorted(cmp["regions"]) == sorted(ENGLAND + ("TLL", "TLM", "TLN"))
          and cmp["region_names"][cmp["regions"].index("TLE")] == "Yorkshire and The Humber", str(cmp["regions"]))
    check("compare --align itl1: each ITL1 region is the sum of its areas, and the UK total the file's",
          all(np.allclose(vals[:, :, i], want[c].values, rtol=1e-12) for i, c in enumerate(cmp["regions"]))
          and np.allclose(vals.sum(axis=2), by.sum("region").values, rtol=1e-12))

    # compare --align regions with another geography: TLE-rest means other LADs there (Sheffield is an
    # area of its own), so it is left out and said; the totals are not called the UK's.
    def geography_run(name, areas, region):
        """A geography of `areas` (YAML flow maps) and the rest by ITL1, and a spend run in `region`."""
        config_, scen_, res_ = (os.path.join(tmp, name + ext) for ext in (".yaml", "-run.yaml", ".h5"))
        with open(config_, "w") as f:
            f.write(f"format: devolve-build\nformat_version: 1\nid: test-{name}\ninputs: {uk}\nlevel: lad\nrest: itl1\n"
                    "areas:\n" + "".join(f"  - {a}\n" for a in areas))
        with open(scen_, "w") as f:
            f.write(f"name: test\nmodel: {config_}\nyears: [2025, 2025]\ntype: I\nprices: 2022\n"
                    "baseline: {growth: 0, productivity: 0}\nshocks:\n"
                    f"  - {{type: spend, label: c, regions: {region}, amount: 100, profile: public_rd}}\n")
        run("run", scen_, "-o", res_, "--quiet")
        return config_, res_
    config2, res2 = geography_run("wy-shef", ["{code: WY, members: [TLE4]}", "{code: SHEF, members: [Sheffield]}"], "WY")

    # The same LADs grouped two ways give the same area values: compensation, jobs and FTE are computed
    # for each LAD and summed to its area, so WY and the whole ITL1 regions are equal in both
    # geographies and SHEF + TLE-rest of config2 is TLE-rest of config. (They were once computed for
    # the areas and scaled to the national totals afterwards: WY's compensation was 40,711.0 here,
    # 40,710.6 with Sheffield apart and 40,697.6 in uk-ca-2022.)
    def area_inputs(path):
        with h5py.File(path, "r") as f:
            s = lambda name: [v.decode() for v in f[name][...]]
            lads_of = {k[5:]: set(v.split(", ")) for k, v in zip(s("metadata_key"), s("metadata_value")) if k.startswith("area.")}
            p, inputs, ind = f["primary_inputs"][...], s("input"), f["indicator_totals"][...]
            values = {"GVA": sum(p[inputs.index(c)] for c in ("COE", "GOS", "OTP")), "compensation": p[inputs.index("COE")],
                      "jobs": ind[0], "FTE": ind[1], "output": f["output"][...],
                      "household income": f["household_gdhi"][...][:, None], "population": f["population"][...][:, None]}
            return s("region"), lads_of, values
    h5b = os.path.join(tmp, "model2.h5")
    run("model", "build", config2, "-o", h5b)
    ra, lads_a, va = area_inputs(h5)
    rb, lads_b, vb = area_inputs(h5b)
    into = [next(i for i, a in enumerate(ra) if lads_b[b] <= lads_a[a]) for b in rb]
    for name, want in va.items():
        got = np.zeros_like(want)
        for k, a in enumerate(into):
            got[a] += vb[name][k]
        worst = np.abs(got - want).max() / np.abs(want).max()
        check(f"the same LADs grouped two ways give the same {name} by area and industry", worst < 1e-10,
              f"largest difference {worst:.1e} of the largest value; WY {got[ra.index('WY')].sum():.3f} vs "
              f"{want[ra.index('WY')].sum():.3f}")
    cmp = json.loads(run("compare", res, res2, "--align", "regions", "--json"))
    text = run("compare", res, res2, "--align", "regions")
    check("compare --align regions leaves out TLE-rest (other LADs in each file) and says so",
          "WY" in cmp["regions"] and "TLE-rest" not in cmp["regions"] and len(cmp["regions"]) == 12
          and "left out, as the same code stands for different local authorities in A and B: TLE-rest" in cmp["note"],
          f"{cmp['regions']} {cmp['note']}")
    check("compare --align regions does not call the sum of 12 common regions the UK total",
          "UK total" not in text and "total of the 12 common regions by year" in text)

    # --align itl1 and --aggregate share one mapping (region_grouping): an area spanning ITL1 regions is
    # refused by compare (exit 2) with the same words as report; a LAD missing from the lookup is named.
    config3, res3 = geography_run("pennines", ["{code: PENN, members: [Leeds, Manchester]}"], "PENN")
    r = subprocess.run([devolve, "compare", res3, res, "--align", "itl1"], capture_output=True, text=True, timeout=120)
    check("compare --align itl1 refuses an area spanning ITL1 regions, naming it",
          r.returncode == 2 and "area 'PENN' spans more than one itl1 area (TLE, TLD)" in r.stderr
          and "--align regions" in r.stderr, r.stderr.strip()[:300])
    data2 = os.path.join(tmp, "data")
    os.makedirs(os.path.join(data2, "uk", "lad"))
    with open(os.path.join(uk, "lad", "regions.csv")) as src, open(os.path.join(data2, "uk", "lad", "regions.csv"), "w") as dst:
        dst.writelines(l for l in src if not l.startswith("E08000035,"))
    r = subprocess.run([devolve, "report", res, "--aggregate", "itl1"], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, DEVOLVE_DATA_DIR=data2))
    check("--aggregate names a LAD of an area that the LAD to ITL lookup lacks",
          r.returncode != 0 and "area 'WY' holds local authority 'E08000035', which is not in" in r.stderr, r.stderr.strip()[:300])

    # target: england_average on an area of LADs (code WY, not an ITL code): England's GVA per job
    # counts WY by the ITL1 region of its LADs (metadata area_itl1.WY = TLE), so the change is
    # England's GVA per job (every English area, WY included) over WY's, less 1.
    english = [r for r in info["regions"]
               if r["code"][:3] in ENGLAND or meta.get("area_itl1." + r["code"], "") in ENGLAND]
    onshore = {r["code"]: r["gva"] - float(meta.get("extra_regio_gva." + r["code"], 0)) for r in info["regions"]}
    eng = sum(onshore[r["code"]] for r in english) / sum(r["indicators"]["jobs"] for r in english)
    want = max(0.0, eng / (onshore["WY"] / wy["indicators"]["jobs"]) - 1) * wy["gva"]
    with open(scen, "w") as f:
        f.write(f"name: test\nmodel: {config}\nyears: [2025, 2025]\nbaseline: {{growth: 0, productivity: 0}}\nshocks:\n"
                "  - {type: productivity, label: t, regions: WY, measure: gva, target: england_average}\n")
    run("run", scen, "-o", res, "--quiet", "--overwrite")
    d = xr.open_dataset(res, group="results", engine="h5netcdf")
    got = float(d.impact.sel(component="direct", measure="gva", year=2025, region="WY").sum())
    check("target england_average counts an area of English LADs (WY) as English",
          len(english) == 10 and abs(got - want) <= 1e-6 * abs(want), f"{len(english)} English areas, {got:.3f} vs {want:.3f}")

    # Bad configurations: a located error, exit 3, nothing written.
    bad = os.path.join(geo, "bad")
    for name in sorted(os.listdir(bad)):
        path = os.path.join(bad, name)
        m_ = re.search(r"^# expect: (\d+):(\d+) (.*)$", open(path).read(), re.M)
        target = os.path.join(tmp, "bad.h5")
        for cmd in (["validate", path], ["model", "build", path, "-o", target]):
            r = subprocess.run([devolve, *cmd], capture_output=True, text=True, timeout=120)
            loc = f"{path}:{m_.group(1)}:{m_.group(2)}: error:"
            ok = r.returncode == 3 and loc in r.stderr and re.search(m_.group(3), r.stderr) and "^" in r.stderr
            check(f"bad geography {name} ({cmd[0]}): located error, exit 3", ok and not os.path.exists(target),
                  "" if ok else f"exit {r.returncode}: {r.stderr.strip()[:300]}")

C.finish()
