#!/usr/bin/python3
"""Maps of `devolve report --html` and `devolve compare --html` come from the data folder the CLI
is given ($DEVOLVE_DATA_DIR/geo, docs/reports.md), and each boundary file is read once per page.

A data folder whose geo/itl1.tsv holds boundaries for the toy model's regions (N, S) must give the
toy results a map drawn from those boundaries; the source tree's data/geo has none for them (no
map, said so). Where strace is installed, the page's several maps open that file exactly once.

Usage: report_maps.py DEVOLVE TEST_DATA
"""
import os
import re
import shutil
import sys
import tempfile

devolve, data = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=120)
check, run = C.check, C.run

with tempfile.TemporaryDirectory() as tmp:
    geo = os.path.join(tmp, "data", "geo")
    os.makedirs(geo)
    with open(os.path.join(geo, "itl1.tsv"), "w") as f:
        f.write("# test boundaries for the toy model\nN\tNorth\tM0 0L40 0L40 40Z\nS\tSouth\tM0 40L40 40L40 80Z\n")
    env = {"DEVOLVE_DATA_DIR": os.path.join(tmp, "data")}
    a, b = os.path.join(tmp, "a.h5"), os.path.join(tmp, "b.h5")
    run("run", os.path.join(data, "scenarios", "toy-spend.yaml"), "-o", a, "-q")
    run("run", os.path.join(data, "scenarios", "toy-rd.yaml"), "-o", b, "-q")

    plain = os.path.join(tmp, "plain.html")
    run("report", a, "--html", plain)
    text = open(plain, encoding="utf-8").read()
    check("without a data folder: the shipped boundaries have no toy regions, and the page says so",
          "No map: the file's regions are not all in one level" in text and "M0 0L40 0L40 40Z" not in text)

    page = os.path.join(tmp, "page.html")
    trace = os.path.join(tmp, "trace")
    strace = shutil.which("strace")
    # LeakSanitizer cannot run under ptrace (a sanitizer build of the tests): leak checks are off for the traced run only
    traced_env = {**env, "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0"} if strace else env
    run("report", a, "--html", page, env=traced_env, prefix=(strace, "-f", "-e", "trace=openat", "-o", trace) if strace else ())
    text = open(page, encoding="utf-8").read()
    maps = text.count("Boundaries: itl1")
    check("with DEVOLVE_DATA_DIR: the maps are drawn from its geo/itl1.tsv",
          maps >= 2 and "M0 0L40 0L40 40Z" in text and "No map" not in text, f"{maps} maps")
    if strace:
        opens = len(re.findall(r'openat\([^"]*"[^"]*/data/geo/itl1\.tsv"', open(trace).read()))
        check(f"the boundary file is read once for the page's {maps} maps", opens == 1, f"opened {opens} times")
    else:
        print("skip the boundary file is read once (no strace)")

    cmp_page = os.path.join(tmp, "compare.html")
    run("compare", a, b, "--html", cmp_page, env=env)
    text = open(cmp_page, encoding="utf-8").read()
    check("compare --html draws its maps from DEVOLVE_DATA_DIR too", "M0 0L40 0L40 40Z" in text and "No map" not in text)

C.finish()
