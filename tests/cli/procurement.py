#!/usr/bin/python3
"""local_procurement on intermediate purchases, through the real executable (docs/methodology.md,
section 8, "Local procurement").

    procurement.py DEVOLVE REPO

1. Toy model (tests/data/models/toy-2x2), hand-computed. North's MAN column buys AGR for 20 from
   North and 6 from South (T = 26, O = 20) and MAN for 30 and 14 (T = 44, O = 30). With
   share_increase 1 and phasing [0.1, 1]:
     2025 (0.1): moved AGR min(2.6, 6) = 2.6, MAN min(4.4, 14) = 4.4
     2026 (1.0): moved AGR min(26, 6) = 6 (capped), MAN min(44, 14) = 14 (capped)
   so the direct output is +2.6 N/AGR, -2.6 S/AGR, +4.4 N/MAN, -4.4 S/MAN in 2025 (and 6, 14 in
   2026), and the direct jobs are those times jobs per GBP m of output (12/96, 9/125, 30/150,
   40/194). The Type I output (direct + indirect) must equal numpy's solve of the shocked table,
   (I - A')^-1 (A' - A) x, in each year (two different shocked tables).
2. uk-itl1-2022, identities: North West's O84, P85 and Q86 buy 5 points more inside the region
   (Type I, no baseline growth). Every buying column keeps its total; the direct output sums to
   zero over the UK (what the North West gains, the other regions lose), equals the recorded
   `demand` in the North West; and direct + indirect output equals numpy's solve of the shocked
   table to 1e-8 relative.
3. The local area (docs/scenarios.md, "local_procurement"): on uk-itl1-2022 the three northern
   regions' O84, P85 and Q86 buy 5 points more with `local_area: together`: every buying column
   keeps its total; its share bought anywhere in the North rises by exactly 0.05 where not capped,
   the rise taken only from suppliers outside the North and added to the northern suppliers pro rata
   to what each sold it; the direct output is the sum of (A' - A) x, zero-sum, all the gain in the
   North and `demand` recording it there; Type I output = numpy's solve. `regions: north` without
   the key is `each` (a group: each region its own area; the same numbers as writing it), and the
   run says which meaning it used; on the toy model, N and S together buy everything inside
   already, so nothing moves.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

devolve, repo = sys.argv[1], sys.argv[2]
problems = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + (f" ({detail})" if detail else ""))
    if not ok:
        problems.append(name)


def run(*args):
    r = subprocess.run([devolve, *args], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        sys.exit(f"devolve {' '.join(args)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r.stdout


def read_csv_model(folder):
    regions = pd.read_csv(os.path.join(folder, "regions.csv")).code.astype(str).tolist()
    industries = pd.read_csv(os.path.join(folder, "industries.csv")).code.astype(str).tolist()
    S = len(industries)
    idx = {(r, i): a * S + b for a, r in enumerate(regions) for b, i in enumerate(industries)}
    n = len(idx)
    z = np.zeros((n, n))
    zc = pd.read_csv(os.path.join(folder, "z.csv"), dtype={"from_region": str, "from_industry": str,
                                                           "to_region": str, "to_industry": str})
    rows = [idx[k] for k in zip(zc.from_region, zc.from_industry)]
    cols = [idx[k] for k in zip(zc.to_region, zc.to_industry)]
    np.add.at(z, (rows, cols), zc.value.to_numpy())
    out = pd.read_csv(os.path.join(folder, "output.csv"), dtype={"region": str, "industry": str})
    x = np.zeros(n)
    x[[idx[k] for k in zip(out.region, out.industry)]] = out.value.to_numpy()
    return regions, industries, z, x


def shocked(z, x, R, S, r, buyers, inc):
    """Z' by the rule of docs/scenarios.md (every supplying industry)."""
    z2 = z.copy()
    for j in buyers:
        c = r * S + j
        if x[c] <= 0:
            continue
        for i in range(S):
            col = z2[[u * S + i for u in range(R)], c]
            total, own = col.sum(), col[r]
            others = total - own
            if total <= 0 or others <= 0:
                continue
            moved = min(inc * total, others)
            for u in range(R):
                if u != r:
                    z2[u * S + i, c] -= moved * z[u * S + i, c] / others
            z2[r * S + i, c] += moved
    return z2


def shocked_together(z, x, R, S, area, buyers, inc):
    """Z' with the regions `area` one local area (local_area: together)."""
    z2 = z.copy()
    inside_rows = np.zeros(R, bool)
    inside_rows[list(area)] = True
    for r in area:
        for j in buyers:
            c = r * S + j
            if x[c] <= 0:
                continue
            for i in range(S):
                rows = [u * S + i for u in range(R)]
                col = z[rows, c]
                total, inside = col.sum(), col[inside_rows].sum()
                others = total - inside
                if total <= 0 or others <= 0:
                    continue
                moved = min(inc * total, others)
                for u in range(R):
                    if inside_rows[u]:
                        z2[u * S + i, c] += moved * col[u] / inside if inside > 0 else (moved if u == r else 0)
                    else:
                        z2[u * S + i, c] -= moved * col[u] / others
    return z2


def type_i_change(z, z2, x):
    n = len(x)
    inv = np.where(x > 0, 1.0 / np.where(x > 0, x, 1.0), 0.0)
    a, a2 = z * inv, z2 * inv
    d = (a2 - a) @ x
    return d, np.linalg.solve(np.eye(n) - a2, d)


def results(path):
    with h5py.File(path, "r") as f:
        g = f["results"]
        comps = [c.decode() for c in g["component"][()]]
        ms = [m.decode() for m in g["measure"][()]]
        imp = g["impact"][()]  # (component, measure, year, region, industry)
        demand = g["demand"][()]  # (shock, year, region)
    return comps, ms, imp, demand


with tempfile.TemporaryDirectory() as tmp:
    # 1. The toy model, by hand.
    toy = os.path.join(repo, "tests", "data", "models", "toy-2x2")
    sc = os.path.join(tmp, "toy.yaml")
    with open(sc, "w") as f:
        f.write(f"""name: toy procurement
model: {toy}
years: [2025, 2026]
type: I
shocks:
  - type: local_procurement
    label: North's manufacturers buy locally
    regions: N
    buyers: MAN
    share_increase: 1.0
    phasing: [0.1, 1.0]
""")
    out = os.path.join(tmp, "toy.h5")
    run("run", sc, "-o", out, "--quiet")
    comps, ms, imp, demand = results(out)
    o, jb = ms.index("output"), ms.index("jobs")
    direct, indirect = comps.index("direct"), comps.index("indirect")
    # (region, industry): N=0, S=1; AGR=0, MAN=1
    hand = {0: [2.6, 4.4, -2.6, -4.4], 1: [6.0, 14.0, -6.0, -14.0]}
    jobs_per = [12 / 96, 30 / 150, 9 / 125, 40 / 194]
    for t, want in hand.items():
        got = imp[direct, o, t].ravel()
        check(f"toy {2025 + t}: direct output by hand {want}", np.allclose(got, want, rtol=0, atol=1e-12),
              str(got.tolist()))
        gj = imp[direct, jb, t].ravel()
        wj = [w * c for w, c in zip(want, jobs_per)]
        check(f"toy {2025 + t}: direct jobs by hand", np.allclose(gj, wj, rtol=0, atol=1e-12), str(gj.tolist()))
        check(f"toy {2025 + t}: demand records the purchases moved into N",
              abs(demand[0, t, 0] - (want[0] + want[1])) < 1e-12 and demand[0, t, 1] == 0, str(demand[0, t].tolist()))
    regions, industries, z, x = read_csv_model(toy)
    for t, inc in ((0, 0.1), (1, 1.0)):
        d, dx = type_i_change(z, shocked(z, x, 2, 2, 0, [1], inc), x)
        got = (imp[direct, o, t] + imp[indirect, o, t]).ravel()
        check(f"toy {2025 + t}: Type I output = numpy solve of the shocked table", np.allclose(got, dx, rtol=1e-10, atol=1e-12),
              f"max diff {np.abs(got - dx).max():.2e}")

    # 2. uk-itl1-2022: identities.
    folder = os.path.join(tmp, "itl1")
    run("model", "convert", "uk-itl1-2022", folder)
    regions, industries, z, x = read_csv_model(folder)
    R, S = len(regions), len(industries)
    r = regions.index("TLD")
    buyers = [industries.index(c) for c in ("O84", "P85", "Q86")]
    z2 = shocked(z, x, R, S, r, buyers, 0.05)
    check("uk: every buying column keeps its total", np.allclose(z2.sum(axis=0), z.sum(axis=0), rtol=1e-12, atol=1e-9))
    changed = np.abs(z2 - z).sum(axis=0) > 0
    check("uk: only the buying columns change", set(np.nonzero(changed)[0]) <= {r * S + j for j in buyers},
          f"{changed.sum()} columns")
    d, dx = type_i_change(z, z2, x)
    sc = os.path.join(tmp, "uk.yaml")
    with open(sc, "w") as f:
        f.write("""name: North West anchor institutions
model: uk-itl1-2022
years: [2025, 2025]
type: I
baseline: {growth: 0, productivity: 0}
shocks:
  - type: local_procurement
    label: anchors
    regions: North West
    buyers: [O84, P85, Q86]
    share_increase: 0.05
""")
    out = os.path.join(tmp, "uk.h5")
    run("run", sc, "-o", out, "--quiet")
    comps, ms, imp, demand = results(out)
    o = ms.index("output")
    dir_out = imp[comps.index("direct"), o, 0]  # (region, industry)
    moved = dir_out[r].sum()
    check("uk: direct output sums to zero over the UK (before multiplier effects)",
          abs(dir_out.sum()) < 1e-9 * moved, f"sum {dir_out.sum():.3e}, moved {moved:.3f}")
    check("uk: the other regions lose what the North West gains",
          abs(np.delete(dir_out, r, axis=0).sum() + moved) < 1e-9 * moved and moved > 0)
    check("uk: demand records the purchases moved", abs(demand[0, 0, r] - moved) < 1e-9 * moved,
          f"{demand[0, 0, r]:.6f} vs {moved:.6f}")
    check("uk: direct output = (A' - A) x", np.allclose(dir_out.ravel(), d, rtol=0, atol=1e-9 * moved))
    got = (dir_out + imp[comps.index("indirect"), o, 0]).ravel()
    err = np.abs(got - dx).max() / np.abs(dx).max()
    check("uk: Type I output = numpy solve of the shocked table", err < 1e-8, f"max relative diff {err:.2e}")
    print(f"uk: moved GBP {moved:.1f}m into the North West; Type I output change {got.sum():.2f}, "
          f"in the North West {got.reshape(R, S)[r].sum():.2f}")

    # 3. The local area: the North together, by numpy, and the default for a group.
    north = [regions.index(c) for c in ("TLC", "TLD", "TLE")]
    z3 = shocked_together(z, x, R, S, north, buyers, 0.05)
    check("together: every buying column keeps its total", np.allclose(z3.sum(axis=0), z.sum(axis=0), rtol=1e-12, atol=1e-9))
    in_north = np.zeros(R, bool)
    in_north[north] = True
    rises, capped = [], 0
    for r3 in north:
        for j in buyers:
            c = r3 * S + j
            for i in range(S):
                col, col3 = z[i::S, c], z3[i::S, c]
                if col.sum() <= 0:
                    continue
                if col[~in_north].sum() <= 0.05 * col.sum():
                    capped += 1
                    continue
                rises.append((col3[in_north].sum() - col[in_north].sum()) / col.sum())
                inside = col[in_north]
                if inside.sum() > 0 and not np.allclose(col3[in_north] / inside.sum() / (1 + 0.05 * col.sum() / inside.sum()),
                                                        inside / inside.sum(), rtol=1e-12, atol=1e-15):
                    problems.append("together: the gain pro rata inside the North")
    rises = np.array(rises)
    check("together: the share bought inside the North rises by 0.05 where not capped",
          len(rises) > 100 and np.allclose(rises, 0.05, rtol=0, atol=1e-12), f"{len(rises)} blocks, {capped} capped")
    d3, dx3 = type_i_change(z, z3, x)
    runs = {}
    for name, key in (("default", ""), ("each", "    local_area: each\n"), ("together", "    local_area: together\n")):
        sc = os.path.join(tmp, f"north-{name}.yaml")
        with open(sc, "w") as f:
            f.write(f"""name: northern anchor institutions
model: uk-itl1-2022
years: [2025, 2025]
type: I
baseline: {{growth: 0, productivity: 0}}
shocks:
  - type: local_procurement
    label: anchors
    regions: north
    buyers: [O84, P85, Q86]
    share_increase: 0.05
{key}""")
        out = os.path.join(tmp, f"north-{name}.h5")
        runs[name] = (run("run", sc, "-o", out), results(out))
    text, (comps, ms, imp, demand) = runs["together"]
    dir3 = imp[comps.index("direct"), o, 0]
    moved3 = dir3[in_north].sum()
    check("together: the run says the North is one local area",
          'local area "anchors": north as a whole: its 3 regions\' buyers buy more from suppliers anywhere in them '
          "(local_area: together)" in text, text.splitlines()[0])
    check("together: direct output = (A' - A) x", np.allclose(dir3.ravel(), d3, rtol=0, atol=1e-9 * moved3))
    check("together: zero-sum, the gain all in the North",
          abs(dir3.sum()) < 1e-9 * moved3 and (dir3[in_north] >= -1e-9 * moved3).all() and moved3 > 0)
    check("together: demand records the purchases moved, in the North",
          abs(demand[0, 0].sum() - moved3) < 1e-9 * moved3 and np.allclose(demand[0, 0][in_north], dir3[in_north].sum(axis=1)))
    got3 = (dir3 + imp[comps.index("indirect"), o, 0]).ravel()
    err = np.abs(got3 - dx3).max() / np.abs(dx3).max()
    check("together: Type I output = numpy solve of the shocked table", err < 1e-8, f"max relative diff {err:.2e}")
    text, (comps, ms, imp, demand) = runs["default"]
    _, (_, _, imp_each, _) = runs["each"]
    check("a group is each region's own local area by default (the same numbers as local_area: each)",
          np.array_equal(imp, imp_each) and not np.allclose(imp, runs["together"][1][2]))
    check("the run says so", "each of the 3 regions of north on its own" in text and
          "(local_area: each, the default for a list or group)" in text, text.splitlines()[0])
    print(f"north: moved GBP {moved3:.1f}m together against {imp[comps.index('direct'), o, 0][in_north].sum():.1f}m "
          f"net to the North each on its own")
    # The toy model's two regions together buy everything inside already: nothing moves.
    sc = os.path.join(tmp, "toy-all.yaml")
    with open(sc, "w") as f:
        f.write(f"""name: toy procurement, one area
model: {toy}
years: [2025, 2025]
type: I
shocks:
  - {{type: local_procurement, label: all, regions: [N, S], buyers: MAN, share_increase: 0.5, local_area: together}}
""")
    out = os.path.join(tmp, "toy-all.h5")
    run("run", sc, "-o", out, "--quiet")
    comps, ms, imp, demand = results(out)
    check("toy: N and S together already buy everything inside: nothing moves", not imp.any() and not demand.any())

if problems:
    sys.exit(f"{len(problems)} check(s) failed")
print("all procurement checks passed")
