"""Choropleth maps for the notebooks, from the shipped boundaries in data/geo (see data/geo/README.md:
ONS Open Geography, Open Government Licence v3.0; contains OS data (c) Crown copyright and database
right 2025). Works for any model whose region codes are all in one of ITL1, ITL2, ITL3 or LAD."""
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath


def load_boundaries(repo: Path, codes):
    """(level, {code: (name, matplotlib Path)}) of the first data/geo level holding every code."""
    for level in ("itl1", "itl2", "itl3", "lad"):
        areas = {}
        for line in (Path(repo) / "data" / "geo" / f"{level}.tsv").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                code, name, d = line.split("\t")
                verts, ops = [], []
                for ring in d.split("M")[1:]:
                    pts = [tuple(map(float, p.split())) for p in ring.rstrip("Z").split("L")]
                    verts += pts + [pts[0]]
                    ops += [MplPath.MOVETO] + [MplPath.LINETO] * (len(pts) - 1) + [MplPath.CLOSEPOLY]
                areas[code] = (name, MplPath(np.array(verts), ops))
        if set(codes) <= set(areas):
            return level, areas
    raise ValueError("the regions are in none of data/geo's levels (itl1, itl2, itl3, lad)")


def draw_map(ax, repo: Path, values, title: str, label: str) -> str:
    """Draws values (a pandas Series indexed by region code) on ax; returns the level used.
    Red is a gain, blue a loss (hatched), centred on zero; areas are labelled when there are few."""
    level, areas = load_boundaries(repo, values.index)
    lim = float(np.nanmax(np.abs(values))) or 1.0
    norm = TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)
    cmap = plt.get_cmap("RdBu_r")
    for code, v in values.items():
        _, path = areas[code]
        ax.add_patch(PathPatch(path, facecolor=cmap(norm(v)), edgecolor="white", lw=0.5,
                               hatch="///" if v < 0 else None))
        if len(values) <= 12:
            x, y = path.vertices.mean(axis=0)
            ax.text(x, y, f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.1f}", ha="center", va="center", fontsize=8,
                    weight="bold")
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.invert_yaxis()  # data/geo's y points south
    ax.axis("off")
    ax.set_title(f"{title}\n({level.upper()} boundaries, data/geo)")
    plt.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, label=label)
    return level
