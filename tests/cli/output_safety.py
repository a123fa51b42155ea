#!/usr/bin/python3
"""--overwrite never loses what the user made (docs/errors.md, "Hostile input": Outputs), through the
real executable on the toy model:

- a file output (run, multipliers, sweep, report --html, model convert to .h5, a batch's DIR/x.h5)
  never replaces a folder, even with --overwrite: exit 2, the folder and its contents untouched;
- a folder output (export --csv, model convert to a CSV folder) never replaces a file, nor a folder
  holding anything devolve does not write there (the first such entry is named); a folder of its
  own files is replaced with --overwrite, and no stale file of the old one stays;
- a symbolic link as the output is replaced itself with --overwrite (what it points to is never
  written) and refused without.

    output_safety.py DEVOLVE TEST_DATA
"""
import os
import sys
import tempfile

devolve, data = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=120, named_args=1)
check, run = C.check, C.run
toy = os.path.join(data, "models", "toy-2x2")
spend = os.path.join(data, "scenarios", "toy-spend.yaml")
sweep = os.path.join(data, "sweeps", "toy-linear.yaml")


def tree(path):
    """Every file below path with its bytes, and every folder: what must not change."""
    out = {}
    for root, dirs, files in os.walk(path):
        for d in dirs:
            out[os.path.relpath(os.path.join(root, d), path) + "/"] = None
        for f in files:
            with open(os.path.join(root, f), "rb") as h:
                out[os.path.relpath(os.path.join(root, f), path)] = h.read()
    return out


def user_folder(path):
    os.makedirs(os.path.join(path, "sub"))
    with open(os.path.join(path, "notes.txt"), "w") as f:
        f.write("precious\n")
    with open(os.path.join(path, "sub", "thesis.docx"), "w") as f:
        f.write("years of work\n")
    return tree(path)


def no_temporaries(folder):
    return [f for f in os.listdir(folder) if ".tmp-" in f]


with tempfile.TemporaryDirectory() as tmp:
    res = os.path.join(tmp, "res.h5")
    run("run", spend, "-o", res, "-q")

    # A file output never replaces a folder.
    for name, argv in [("run", ["run", spend, "-q", "-o"]), ("multipliers", ["multipliers", "-m", toy, "-o"]),
                       ("sweep", ["sweep", sweep, "-q", "-o"]), ("report --html", ["report", res, "--html"]),
                       ("model convert to .h5", ["model", "convert", toy])]:
        keep = os.path.join(tmp, "keep-" + name.split()[0] + ".h5")
        before = user_folder(keep)
        r = run(*argv, keep, "--overwrite", code=2)
        check(f"{name} -o FOLDER --overwrite: refused, naming the folder",
              "the output is a folder" in r.stderr and keep in r.stderr, r.stderr)
        check(f"{name}: the folder and its contents are untouched", tree(keep) == before)
        check(f"{name}: no temporary left", no_temporaries(tmp) == [], os.listdir(tmp))

    # A batch: that scenario fails, the folder stays.
    batch = os.path.join(tmp, "batch")
    before = user_folder(os.path.join(batch, "toy-spend.h5"))
    r = run("run", spend, "--output-dir", batch, "--overwrite", code=3)
    check("a batch whose DIR/x.h5 is a folder: that scenario fails, the folder is untouched",
          "the output is a folder" in r.stderr and tree(os.path.join(batch, "toy-spend.h5")) == before, r.stderr)

    # export --csv: a folder of the user's is never replaced; the first foreign entry is named.
    docs = os.path.join(tmp, "mydocs")
    os.makedirs(docs)
    with open(os.path.join(docs, "thesis.docx"), "w") as f:
        f.write("years of work\n")
    with open(os.path.join(docs, "by_region.csv"), "w") as f:  # a name export writes: not the first refused
        f.write("mine\n")
    before = tree(docs)
    r = run("export", res, "--csv", docs, "--overwrite", code=2)
    check("export --csv FOLDER-OF-THE-USER'S --overwrite: refused, naming its first foreign entry",
          "'thesis.docx'" in r.stderr and "devolve does not write there" in r.stderr, r.stderr)
    check("export: the user's folder is untouched", tree(docs) == before)
    r = run("export", res, "--csv", docs, code=2)
    check("export without --overwrite: the same refusal (--overwrite would not help)", "'thesis.docx'" in r.stderr, r.stderr)
    r = run("export", res, "--csv", os.path.join(docs, "thesis.docx"), "--overwrite", code=2)
    check("export --csv FILE --overwrite: refused", "the output is a file" in r.stderr and tree(docs) == before, r.stderr)

    # A folder of the user's files that only have names devolve writes (their own by_region.csv,
    # datasets.csv) is not devolve's: refused, saying so, and untouched.
    mine = os.path.join(tmp, "analysis")
    os.makedirs(mine)
    for n in ("by_region.csv", "datasets.csv", "context.csv"):
        with open(os.path.join(mine, n), "w") as f:
            f.write("my own " + n + "\n")
    before = tree(mine)
    r = run("export", res, "--csv", mine, "--overwrite", code=2)
    check("export --csv FOLDER-OF-USER-FILES-WITH-DEVOLVE-NAMES --overwrite: refused, not devolve's",
          "the output folder is not one devolve wrote (no datasets.csv as devolve export writes it)" in r.stderr
          and mine in r.stderr, r.stderr)
    check("export: the user's files with devolve's names are untouched", tree(mine) == before)
    mine_m = os.path.join(tmp, "inputs")
    os.makedirs(mine_m)
    for n in ("regions.csv", "output.csv"):
        with open(os.path.join(mine_m, n), "w") as f:
            f.write("my own " + n + "\n")
    before = tree(mine_m)
    r = run("model", "convert", toy, mine_m, "--overwrite", code=2)
    check("model convert to a folder of the user's regions.csv, output.csv --overwrite: refused, not devolve's",
          "not one devolve wrote (no model.yaml as devolve writes it)" in r.stderr and tree(mine_m) == before, r.stderr)
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    run("export", res, "--csv", empty, "--overwrite")
    check("export --csv EMPTY-FOLDER --overwrite: replaced (nothing to lose)", "by_region.csv" in os.listdir(empty))

    # A symbolic link of a name devolve writes, inside an earlier export: refused, saying it is a link.
    lcsv = os.path.join(tmp, "lcsv")
    run("export", res, "--csv", lcsv)
    os.remove(os.path.join(lcsv, "by_region.csv"))
    os.symlink(os.path.join(tmp, "real-target.csv"), os.path.join(lcsv, "by_region.csv"))
    r = run("export", res, "--csv", lcsv, "--overwrite", code=2)
    check("export --csv over a folder holding a link named like devolve's file: refused as a link",
          "holds 'by_region.csv', a symbolic link" in r.stderr and "does not write there" not in r.stderr, r.stderr)

    # export --csv over its own earlier export: replaced, and a file of the old one that the new one
    # does not write (an export of another file type) does not stay.
    csv = os.path.join(tmp, "csv")
    run("export", res, "--csv", csv)
    with open(os.path.join(csv, "quantiles.csv"), "w") as f:  # a sweep export's file
        f.write("old\n")
    run("export", res, "--csv", csv, "--overwrite")
    check("export --csv OWN-FOLDER --overwrite: replaced, nothing of the old one left",
          "quantiles.csv" not in os.listdir(csv) and "by_region.csv" in os.listdir(csv), os.listdir(csv))
    check("export: no temporary or moved-aside folder left", no_temporaries(tmp) == [], os.listdir(tmp))

    # model convert to a CSV folder: the same rules.
    mcsv = os.path.join(tmp, "toy-csv")
    run("model", "convert", toy, mcsv)
    run("model", "convert", toy, mcsv, "--overwrite")
    with open(os.path.join(mcsv, "README.txt"), "w") as f:
        f.write("mine\n")
    before = tree(mcsv)
    r = run("model", "convert", toy, mcsv, "--overwrite", code=2)
    check("model convert to a CSV folder holding a file of the user's: refused, named",
          "'README.txt'" in r.stderr and tree(mcsv) == before, r.stderr)

    # Symbolic links: the link itself is replaced, never what it points to.
    real = os.path.join(tmp, "real.h5")
    with open(real, "w") as f:
        f.write("the link's target\n")
    link = os.path.join(tmp, "link.h5")
    os.symlink(real, link)
    r = run("run", spend, "-o", link, "-q", code=2)
    check("run -o LINK without --overwrite: refused, saying it is a link", "symbolic link" in r.stderr, r.stderr)
    run("run", spend, "-o", link, "-q", "--overwrite")
    check("run -o LINK --overwrite: the link is replaced by the results file",
          not os.path.islink(link) and os.path.getsize(link) > 1000)
    check("run -o LINK --overwrite: the link's target is untouched", open(real).read() == "the link's target\n")
    target = os.path.join(tmp, "elsewhere")
    before = user_folder(target)
    dirlink = os.path.join(tmp, "dirlink")
    os.symlink(target, dirlink)
    run("export", res, "--csv", dirlink, "--overwrite")
    check("export --csv LINK-TO-A-FOLDER --overwrite: the link is replaced by the export",
          not os.path.islink(dirlink) and "by_region.csv" in os.listdir(dirlink))
    check("export: the folder the link pointed to is untouched", tree(target) == before)
    check("no temporary left", no_temporaries(tmp) == [], os.listdir(tmp))

C.finish()
