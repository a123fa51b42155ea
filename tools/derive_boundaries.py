#!/usr/bin/python3
"""Derive the simplified, projected boundary files in data/geo/ from the shared ONS boundaries.

Usage: derive_boundaries.py [SOURCE_DIR] [OUT_DIR]
  SOURCE_DIR  default ../shared/data/geography_itl_lad (relative to the repository root)
  OUT_DIR     default data/geo

Each level (itl1, itl2, itl3, lad) becomes one small tab-separated file, LEVEL.tsv: comment lines
starting with '#' (source, licence, projection, tolerance), then one line per area:
    code <TAB> name <TAB> SVG path data ("M x y L x y ... Z", one subpath per polygon ring)
Coordinates are kilometres on a plane: x = (lon + 2) * cos(54.5 deg) * 111.32,
y = (54.5 - lat) * 110.57 (north up, SVG's y downward), an equirectangular projection about
54.5 N, 2 W, good to a few per cent over Great Britain and Northern Ireland. Each ring is
simplified with Douglas-Peucker at the level's tolerance (km), rings that collapse below 4 points
are dropped (the largest ring of each area is always kept), and coordinates are rounded.
Deterministic: the same source gives byte-identical files (tests/cli/geo_boundaries.py checks).
"""
import json
import math
import pathlib
import sys

LEVELS = {  # level: (source file, code field, name field, tolerance km, decimals)
    "itl1": ("itl1_2025_simplified_wgs84.geojson", "ITL125CD", "ITL125NM", 2.0, 0),
    "itl2": ("itl2_2025_simplified_wgs84.geojson", "ITL225CD", "ITL225NM", 1.0, 0),
    "itl3": ("itl3_2025_simplified_wgs84.geojson", "ITL325CD", "ITL325NM", 0.6, 1),
    "lad": ("lad_2025_simplified_wgs84.geojson", "LAD24CD", "LAD24NM", 0.4, 1),
}
KX = math.cos(math.radians(54.5)) * 111.32
KY = 110.57


def project(lon, lat):
    return ((lon + 2.0) * KX, (54.5 - lat) * KY)


def perp(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    n = math.hypot(dx, dy)
    if n == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / n


def douglas_peucker(pts, tol):
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = perp(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(pts, keep) if k]


def fmt(v, dec):
    s = f"{v:.{dec}f}"
    return "0" if s in ("-0", "-0.0") else s


def ring_path(ring, tol, dec):
    pts = douglas_peucker([project(lon, lat) for lon, lat in ring], tol)
    out = []
    for x, y in pts:
        p = (fmt(x, dec), fmt(y, dec))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def area_path(geom, tol, dec):
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    rings = [ring_path(r, tol, dec) for poly in polys for r in poly]
    largest = max(rings, key=len)
    rings = [r for r in rings if len(r) >= 4 or r is largest]
    return "".join("M" + "L".join(f"{x} {y}" for x, y in r) + "Z" for r in rings)


def derive(src, out):
    out.mkdir(parents=True, exist_ok=True)
    for level, (fname, code_f, name_f, tol, dec) in LEVELS.items():
        data = json.loads((src / fname).read_text(encoding="utf-8"))
        lines = [
            f"# {level.upper()} boundaries for devolve's maps, derived by tools/derive_boundaries.py",
            f"# from {fname} (ONS Open Geography Portal boundaries, via ../shared/data/geography_itl_lad).",
            "# Source: Office for National Statistics licensed under the Open Government Licence v3.0.",
            "# Contains OS data (c) Crown copyright and database right 2025.",
            f"# Projection: km, x = (lon + 2) * {KX:.4f}, y = (54.5 - lat) * {KY}; Douglas-Peucker {tol} km;"
            f" {dec} decimals.",
            "# code\tname\tSVG path",
        ]
        rows = []
        for f in data["features"]:
            p = f["properties"]
            rows.append(f"{p[code_f]}\t{p[name_f]}\t{area_path(f['geometry'], tol, dec)}")
        rows.sort()
        (out / f"{level}.tsv").write_text("\n".join(lines + rows) + "\n", encoding="utf-8")


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    src = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / ".." / "shared" / "data" / "geography_itl_lad"
    out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else root / "data" / "geo"
    derive(src, out)


if __name__ == "__main__":
    main()
