#!/usr/bin/python3
"""`devolve report --html`: the page for an ITL1 results file (a redirect), an ITL2 results file,
a Sobol sweep, ITL1 multipliers and a compare page, rendered in headless Chromium. The page must load with no console errors,
hold every expected chart (by id and aria-label) in the rendered DOM, need no network, and its
screenshot must not be blank. Skips (77) when /usr/bin/chromium is absent.

Usage: html_report.py DEVOLVE REPO [SCREENS_DIR]   (screenshots are copied to SCREENS_DIR if given)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import matplotlib.image as mpimg
import numpy as np

devolve, repo = sys.argv[1], sys.argv[2]
screens = sys.argv[3] if len(sys.argv) > 3 else None
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve)
check, run = C.check, C.run


def chromium(*args):
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                               "--disable-background-networking", "--disable-component-update", "--disable-sync",
                               "--hide-scrollbars", f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def render(html, png, expected, label):
    text = open(html, encoding="utf-8").read()
    check(f"{label}: has a <title>", re.search(r"<title>[^<]+</title>", text) is not None)
    check(f"{label}: no scripts and no network references",
          "<script" not in text and not re.search(r"(src|href)=\"(https?:)?//", text))
    svgs = re.findall(r"<svg id=[^>]*>", text)
    check(f"{label}: every chart svg has role=img and an aria-label",
          svgs and all('role="img"' in s and "aria-label=" in s for s in svgs), str(svgs[:3]))
    url = "file://" + os.path.abspath(html)
    dom = chromium("--dump-dom", "--enable-logging=stderr", "--v=0", url)
    check(f"{label}: chromium renders the page", dom.returncode == 0 and "</html>" in dom.stdout, dom.stderr[-1500:])
    errors = [l for l in dom.stderr.splitlines() if "CONSOLE" in l or "Uncaught" in l or "net::ERR" in l]
    check(f"{label}: no console or network errors", not errors, "\n".join(errors[:5]))
    for cid in expected:
        m = re.search(r'<figure id="' + re.escape(cid) + r'"[^>]*>.*?</figure>', dom.stdout, re.S)
        ok = m is not None and ("aria-label=" in m.group(0) or "No map" in m.group(0))
        check(f"{label}: chart {cid} in the rendered DOM", ok)
    shot = chromium(f"--screenshot={png}", "--window-size=1200,3000", url)
    check(f"{label}: screenshot written", shot.returncode == 0 and os.path.exists(png), shot.stderr[-1500:])
    if os.path.exists(png):
        img = mpimg.imread(png)[..., :3]
        check(f"{label}: screenshot is not blank", float(np.var(img)) > 0.002, f"variance {np.var(img)}")
        coloured = np.mean((np.abs(img[..., 0] - img[..., 2]) > 0.15))
        check(f"{label}: screenshot shows coloured charts", coloured > 0.003, f"coloured share {coloured}")
        if screens:
            os.makedirs(screens, exist_ok=True)
            shutil.copy(png, os.path.join(screens, os.path.basename(png)))


def shown_equals(text, value):
    """A number as the page shows it (thousands commas, d decimals) equals value to its rounding."""
    text = text.strip().replace(",", "")
    d = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text) - value) <= 0.5 * 10 ** -d + 1e-9


def check_gaps(h5, page, name):
    """The gaps table (results format 1.5) against the file read with h5py: each measure's value of all
    regions together and the regions furthest below and above it, and the low-pay share of all new jobs
    (low-paid new jobs over all new jobs) with its extremes."""
    import h5py
    m = re.search(r'<h2 id="labour">[^<]*</h2><p>(\d{4}):', page)
    t0 = page.find('id="gaps-table"')
    check(f"{name}: has the labour section and the gaps table", m is not None and t0 > 0)
    if m is None or t0 < 0:
        return
    table = page[t0:page.index("</div>", t0)]
    rows = {r[0]: r for r in (re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)) if r}
    with h5py.File(h5, "r") as f:
        g = f["results"]
        t = list(g["year"][...]).index(int(m.group(1)))
        regions = [v.decode() for v in g["region"][...]]
        ok = True
        for k, ind in enumerate(v.decode() for v in g["indicator"][...]):
            gap, ref = g["beyond_gva_gap"][k, 1, t, :], g["beyond_gva_spread"][k, 1, t, 0]
            r = rows.get(ind)
            ok = ok and r is not None and r[3].split()[0] == regions[int(np.nanargmin(gap))] \
                and r[4].split()[0] == regions[int(np.nanargmax(gap))] and shown_equals(r[2].split("→")[1], ref)
        check(f"{name}: gaps table = beyond_gva_gap / beyond_gva_spread (reference, furthest below and above)", ok,
              str(rows)[:600])
        jobs = [v.decode() for v in g["measure"][...]].index("jobs")
        tot = g["total"][jobs, t, :, :]
        tot = np.clip(tot, 0, None)  # the gross new jobs: the gains of the region-industries that gain
        ref = (g["low_pay_industry"][...] * tot).sum() / tot.sum()
        gap = g["new_jobs_low_pay_share"][t, :] - ref
        r = rows.get("new_jobs_low_pay_share")
        check(f"{name}: low-pay share of all new jobs (low-paid new jobs / new jobs) and its extremes",
              r is not None and shown_equals(r[2], ref) and r[3].split()[0] == regions[int(np.nanargmin(gap))]
              and r[4].split()[0] == regions[int(np.nanargmax(gap))], f"{r} vs {ref}")


if not os.path.exists(CHROMIUM):
    print("skip: /usr/bin/chromium is not installed")
    sys.exit(77)

with tempfile.TemporaryDirectory() as tmp:
    scen = os.path.join(repo, "scenarios")
    itl1 = os.path.join(tmp, "itl1-redirect.h5")
    itl2 = os.path.join(tmp, "itl2-gm.h5")
    sweep_h5 = os.path.join(tmp, "sweep-sobol.h5")
    run("run", os.path.join(scen, "northern-powerhouse-redirect.yaml"), "-o", itl1, "-q")
    run("run", os.path.join(scen, "gm-innovation.yaml"), "-o", itl2, "-q")
    spec = os.path.join(tmp, "sweep.yaml")
    with open(spec, "w") as f:
        f.write(f"name: small Sobol sweep\nscenario: {os.path.join(scen, 'missing-4bn.yaml')}\nsampler: sobol\n"
                "samples: 64\nseed: 1\noutputs: [jobs, gva]\ninputs:\n"
                "  - path: shocks[0].rd.leverage\n    distribution: {uniform: [1.13, 1.60]}\n"
                "  - path: additionality.displacement\n    distribution: {uniform: [0.0, 0.5]}\n")
    run("sweep", spec, "-o", sweep_h5, "-q")
    mult = os.path.join(tmp, "mult-itl1.h5")
    run("multipliers", "--model", "uk-itl1-2022", "-o", mult, "--top", "0")
    toy_mult = os.path.join(tmp, "mult-toy.h5")
    run("multipliers", "--model", os.path.join(repo, "tests", "data", "models", "toy-2x2"), "-o", toy_mult)
    run("report", toy_mult, "--html", os.path.join(tmp, "toy.html"))
    toy_page = open(os.path.join(tmp, "toy.html"), encoding="utf-8").read()
    check("toy regions (no boundaries): says why there is no map, still lists the values",
          "No map: the file's regions are not all in one level" in toy_page and "<table>" in toy_page)
    # A model of areas made of local authorities (uk-ca-2022: combined authorities and "Rest of ..."):
    # no boundary file holds its codes, so each area is drawn from its LADs' boundaries.
    ca_yaml, ca_h5, ca_html = (os.path.join(tmp, "ca." + e) for e in ("yaml", "h5", "html"))
    with open(ca_yaml, "w") as f:
        f.write("name: ca map\nmodel: uk-ca-2022\nyears: [2025, 2026]\nshocks:\n  - type: spend\n    label: GM\n"
                "    regions: GMCA\n    amount: 100\n    profile: capital_construction\n")
    run("run", ca_yaml, "-o", ca_h5, "-q")
    run("report", ca_h5, "--html", ca_html)
    page = open(ca_html, encoding="utf-8").read()
    m = re.search(r'<figure id="map-jobs".*?</figure>', page, re.S)
    # every subpath of every LAD in data/geo/lad.tsv (code, name, path) is drawn once, inside its area
    lad_moves = sum(line.split("\t")[2].count("M") for line in open(os.path.join(repo, "data", "geo", "lad.tsv"),
                                                                    encoding="utf-8") if not line.startswith("#"))
    drawn = re.findall(r'<path d="([^"]*)" fill="#[0-9a-f]{6}"', m.group(0)) if m else []
    check("user areas (uk-ca-2022): the 22 areas drawn from their LADs, every LAD's boundary once",
          m is not None and "No map" not in m.group(0) and "areas drawn from their local authorities" in m.group(0)
          and len(drawn) == 22 and sum(d.count("M") for d in drawn) == lad_moves,
          f"{len(drawn)} areas, {sum(d.count('M') for d in drawn)} of {lad_moves} subpaths" if m else "no map-jobs figure")
    check("user areas: the map's tooltips carry the areas' names",
          m is not None and "<title>Greater Manchester (GMCA):" in m.group(0), m.group(0)[:400] if m else "")
    ca_cmp = os.path.join(tmp, "ca-compare.html")
    run("compare", ca_h5, ca_h5, "--html", ca_cmp)
    m = re.search(r'<figure id="map-diff-jobs".*?</figure>', open(ca_cmp, encoding="utf-8").read(), re.S)
    check("user areas: the compare page draws the 22 areas from their LADs too",
          m is not None and len(re.findall(r'<path d="([^"]*)" fill="#[0-9a-f]{6}"', m.group(0))) == 22,
          m.group(0)[:400] if m else "no map-diff-jobs figure")
    common = ["map-jobs", "map-gva", "chart-winners", "chart-waterfall", "chart-paths", "chart-change", "map-employment-rate"]
    for h5, name, expected in [(itl1, "report-itl1-results", common), (itl2, "report-itl2-results", common),
                               (sweep_h5, "report-sweep-sobol", ["chart-fan-jobs", "chart-fan-gva", "map-jobs",
                                                                 "map-gva", "chart-sobol-jobs", "chart-sobol-gva"]),
                               (mult, "report-itl1-multipliers", ["map-output", "map-jobs", "chart-top",
                                                                  "chart-waterfall"])]:
        html = os.path.join(tmp, name + ".html")
        run("report", h5, "--html", html)
        page = open(html, encoding="utf-8").read()
        if "results" in name:
            check(f"{name}: states the closure and additionality as the file does",
                  "Closure (file attribute <code>closure</code>): <b>II</b>" in page and "net</b> change" in page)
            check(f"{name}: draws a real map (paths from data/geo)", page.count("<path d=\"M") >= 12)
            check_gaps(h5, page, name)
        render(html, os.path.join(tmp, name + ".png"), expected, name)
    cmp_html = os.path.join(tmp, "compare-itl2-vs-itl1.html")
    run("compare", itl1, itl2, "--align", "itl1", "--html", cmp_html)
    render(cmp_html, os.path.join(tmp, "compare-itl2-vs-itl1.png"),
           ["chart-paths-jobs", "map-diff-jobs", "chart-diff-jobs", "chart-paths-gva", "map-diff-gva"], "compare")
    check("redirect page names winners and losers", "Winners and losers of the redirect" in
          open(os.path.join(tmp, "report-itl1-results.html"), encoding="utf-8").read())
    # An existing HTML file is refused without --overwrite; a missing input is 'no such file'.
    r = run("report", itl1, "--html", os.path.join(tmp, "report-itl1-results.html"), code=2)
    check("existing HTML refused with a hint", "--overwrite" in r.stderr, r.stderr)
    r = run("report", os.path.join(tmp, "absent.h5"), "--html", os.path.join(tmp, "x.html"), code=3)
    check("missing input reported as 'no such file'", "no such file" in r.stderr and "not an HDF5" not in r.stderr,
          r.stderr)
    check("no HTML left for a missing input", not os.path.exists(os.path.join(tmp, "x.html")))

C.finish()
