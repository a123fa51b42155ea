#!/usr/bin/python3
"""tools/make_doc_examples.py's Python checks catch stale docs: on a page of its own (a toy-model
run, a pycon session and a prose number checked by a comment), --check passes when the page is what
the file holds, fails on a stale session output and on a stale prose number (quoted only inside a
longer number, after a letter or a minus sign, or only in the parent or a sibling of the nested list
item that holds the check), and --update rewrites the session (not the prose).

    doc_checker.py TOOL DEVOLVE
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

tool, devolve = sys.argv[1], sys.argv[2]
c = Checks(devolve)
missing = subprocess.run([sys.executable, "-c", "import xarray, h5netcdf, h5py, pandas"], capture_output=True)
if missing.returncode:
    print("SKIP: needs xarray, h5netcdf, h5py and pandas")
    sys.exit(77)

PAGE = """# A page

```text
$ devolve run tests/data/scenarios/toy-spend.yaml -o toy.h5 -q
```

```pycon
>>> import xarray as xr
>>> ds = xr.open_dataset("toy.h5", group="results", engine="h5netcdf")
>>> list(ds.year.values)
{years}
>>> round(float(ds.by_region.sel(measure="output", year=2025).sum()), 3)
{output}
```

The toy's output rises by {prose} in 2025.
<!-- checked: f'{{ds.by_region.sel(measure="output", year=2025).sum().item():.3f}}' -->
"""


def page(tmp, name, years, output, prose):
    path = os.path.join(tmp, name + ".md")
    with open(path, "w") as f:
        f.write(PAGE.format(years=years, output=output, prose=prose))
    return path


def tool_run(path, *mode):
    return subprocess.run([sys.executable, tool, "--devolve", devolve, "--only", "python", "--page", path, *mode],
                          capture_output=True, text=True, timeout=120)


with tempfile.TemporaryDirectory() as tmp:
    # The truth, from a run of the same command.
    subprocess.run([devolve, "run", os.path.join(os.path.dirname(tool), "..", "tests", "data", "scenarios", "toy-spend.yaml"),
                    "-o", os.path.join(tmp, "toy.h5"), "-q"], check=True, capture_output=True)
    import xarray as xr
    ds = xr.open_dataset(os.path.join(tmp, "toy.h5"), group="results", engine="h5netcdf")
    out = round(float(ds.by_region.sel(measure="output", year=2025).sum()), 3)
    years = str([int(y) for y in ds.year.values])
    good = page(tmp, "good", years, out, f"{out:.3f}")
    r = tool_run(good, "--check")
    c.check("--check passes a page that is what the file holds", r.returncode == 0, r.stdout + r.stderr)
    stale = page(tmp, "stale", years, round(out + 1, 3), f"{out:.3f}")
    r = tool_run(stale, "--check")
    c.check("--check fails on a stale session output, with a diff", r.returncode == 1 and f"+{out}" in r.stdout,
            r.stdout + r.stderr)
    r = tool_run(stale, "--update")
    c.check("--update rewrites the session", r.returncode == 0 and open(stale).read() == open(good).read(),
            r.stdout + r.stderr)
    wrong = page(tmp, "wrong", years, out, f"{out + 1:.3f}")
    r = tool_run(wrong, "--check")
    c.check("--check fails on a stale prose number, saying what to quote",
            r.returncode == 1 and f"should quote '{out:.3f}'" in r.stdout, r.stdout + r.stderr)
    # The number only inside a longer one ("1" + the value) is not quoted.
    inside = page(tmp, "inside", years, out, f"1{out:.3f}")
    r = tool_run(inside, "--check")
    c.check("--check fails when the prose has the number only inside a longer one",
            r.returncode == 1 and f"should quote '{out:.3f}'" in r.stdout, r.stdout + r.stderr)
    # Nor after a letter ("TLD" + the value) or a minus sign (the prose's negative of it); a negative
    # quoted with the prose's minus sign U+2212 reads as "-" (commit 41cc5bb).
    for name, prose in (("letter", f"TLD{out:.3f}"), ("minus", f"-{out:.3f}"), ("unicode-minus", f"\u2212{out:.3f}")):
        r = tool_run(page(tmp, name, years, out, prose), "--check")
        c.check(f"--check fails when the prose has the number only after a {name}",
                r.returncode == 1 and f"should quote '{out:.3f}'" in r.stdout, r.stdout + r.stderr)
    negative = page(tmp, "negative", years, out, f"\u2212{out:.3f}")
    with open(negative) as f:
        text = f.read().replace("<!-- checked: f'", "<!-- checked: '-' + f'")
    with open(negative, "w") as f:
        f.write(text)
    r = tool_run(negative, "--check")
    c.check("--check reads the prose's minus sign U+2212 as '-'", r.returncode == 0, r.stdout + r.stderr)
    # A check in a nested list item reads that item alone: the number in its parent item's text, or in
    # a sibling item, does not count; in its own item it does (numbered items the same).
    def nested(name, parent, own, sibling):
        path = page(tmp, name, years, out, "PROSE")
        with open(path) as f:
            text = f.read()
        comment = text[text.index("<!-- checked: "):].split("\n")[0]
        text = text.replace("The toy's output rises by PROSE in 2025.\n" + comment + "\n",
                            f"- The toy, by {parent}:\n  - its output rises in 2025 by {own}\n    {comment}\n"
                            f"  - and by {sibling} in no other year.\n\n1. first {sibling}\n2. second {own}\n   "
                            + comment.replace("checked:", "checked: [") .replace(" -->", "][0] -->") + "\n")
        with open(path, "w") as f:
            f.write(text)
        return tool_run(path, "--check")
    r = nested("nested-good", "1", f"{out:.3f}", "2")
    c.check("--check passes a nested and a numbered item that quote the number", r.returncode == 0, r.stdout + r.stderr)
    r = nested("nested-parent", f"{out:.3f}", "3", f"{out:.3f}")
    c.check("--check fails when only the parent or a sibling item quotes the number",
            r.returncode == 1 and r.stdout.count(f"should quote '{out:.3f}'") == 2, r.stdout + r.stderr)
    # A check that gives nothing to quote would pass whatever the prose says: refused.
    empty = page(tmp, "empty", years, out, f"{out:.3f}").replace("good", "empty")
    with open(empty) as f:
        text = f.read().replace("<!-- checked: f'", "<!-- checked: [] and f'")
    with open(empty, "w") as f:
        f.write(text)
    r = tool_run(empty, "--check")
    c.check("--check refuses a checked: comment that gives nothing to quote",
            r.returncode == 1 and "must give non-empty strings" in r.stdout, r.stdout + r.stderr)
c.finish()
