#!/usr/bin/python3
"""How much the shipped debate scenarios depend on the regionalisation: Flegg's delta and the LQ family.

    /usr/bin/python3 tools/sensitivity.py [--devolve build/bin/devolve] [--scenarios a,b] [--print]

Builds each scenario's model again with `devolve model build ID --lq L --delta D` for every variant
in VARIANTS, runs the scenario on it with `devolve run` (only `model:` changed), and reads the UK and
the main region's jobs and GVA change in the scenario's last year. tools/make_results.py calls
section() to write the "Sensitivity to the regionalisation" section of docs/results.md, so the
results-page test checks every number here against real runs. --print writes the section to stdout.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "<!-- sensitivity: begin (tools/sensitivity.py) -->"
END = "<!-- sensitivity: end -->"

# (label, lq, delta). FLQ with delta = 0.3 is the shipped default (docs/methodology.md,
# "Default parameters"); 0.1-0.4 is the range the shipped regionalisation sweep samples
# (scenarios/sweep-regionalisation.yaml). AFLQ uses the same delta; SLQ and CILQ have none.
DEFAULT = ("FLQ δ = 0.3 (default)", "flq", 0.3)
VARIANTS = [
    ("FLQ δ = 0.1", "flq", 0.1),
    ("FLQ δ = 0.2", "flq", 0.2),
    DEFAULT,
    ("FLQ δ = 0.4", "flq", 0.4),
    ("AFLQ δ = 0.3", "aflq", 0.3),
    ("CILQ", "cilq", 0.3),
    ("SLQ", "slq", 0.3),
]

SCENARIOS = ["missing-4bn", "missing-4bn-nesta", "northern-powerhouse-redirect",
             "gm-innovation", "key-cities-productivity", "local-procurement"]


def model_of(text):
    m = re.search(r"^model:\s*(\S+)", text, re.M)
    if not m:
        sys.exit("tools/sensitivity.py: a scenario without a top-level `model:` line")
    return m.group(1)


def build_model(devolve, model_id, lq, delta, out):
    if os.path.exists(out):
        return
    r = subprocess.run([devolve, "model", "build", model_id, "--lq", lq, "--delta", repr(delta), "-o", out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"devolve model build {model_id} --lq {lq} --delta {delta} failed:\n{r.stderr}")


def run_on(devolve, key, text, model_path, tmp):
    """Runs scenario `key` with `model:` replaced; returns job-years and GVA change summed over the years, by region."""
    yaml_path = os.path.join(tmp, key + "-variant.yaml")
    h5 = os.path.join(tmp, key + "-variant.h5")
    with open(yaml_path, "w") as f:
        f.write(re.sub(r"^model:\s*\S+", "model: " + model_path, text, count=1, flags=re.M))
    r = subprocess.run([devolve, "run", yaml_path, "-o", h5, "--quiet", "--overwrite"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"devolve run of {key} on {model_path} failed:\n{r.stderr}")
    with h5py.File(h5) as f:
        g = f["results"]
        dec = lambda xs: [x.decode() if isinstance(x, bytes) else x for x in xs]  # noqa: E731
        measures = dec(g["measure"][...])
        by_region = g["by_region"][...]  # (measure, year, region)
        years = g["year"][...]
        out = {"years": f"{years[0]}–{years[-1]}", "regions": dec(g["region"][...]), "names": dec(g["region_name"][...]),
               "jobs": by_region[measures.index("jobs")].sum(axis=0), "gva": by_region[measures.index("gva")].sum(axis=0)}
    return out


def measure(devolve, key, tmp, labels, models=None):
    """{label: run} for scenario `key` and the variants named; the default runs on the shipped model id
    (the same table as a build with the default parameters: the runs are identical)."""
    text = open(os.path.join(REPO, "scenarios", key + ".yaml")).read()
    model_id = model_of(text)
    runs = {}
    for label, lq, delta in VARIANTS:
        if label not in labels:
            continue
        if label == DEFAULT[0]:
            path = model_id
        else:
            path = os.path.join(models or tmp, f"{model_id}-{lq}-{delta}.h5")
            build_model(devolve, model_id, lq, delta, path)
        runs[label] = run_on(devolve, key, text, path, tmp)
    return model_id, runs


def fmt(v, d=0):
    v = v if abs(v) >= 0.5 * 10 ** -d else 0.0
    return f"{v:,.{d}f}"


def pct(v, base):
    return "" if base == 0 else f" ({100 * (v / base - 1):+.1f}%)"


def main_region(base):
    i = int(np.argmax(np.abs(base["gva"])))
    return i, f"{base['names'][i]} ({base['regions'][i]})"


def row(key, model_id, label, r, base):
    i, region = main_region(base)
    first = f"`{key}` ({model_id}; {r['years']}; main region {region})" if label == VARIANTS[0][0] else ""
    return (f"| {first} | {label} | {fmt(r['jobs'].sum())}{pct(r['jobs'].sum(), base['jobs'].sum())} | "
            f"{fmt(r['gva'].sum(), 1)}{pct(r['gva'].sum(), base['gva'].sum())} | "
            f"{fmt(r['jobs'][i])}{pct(r['jobs'][i], base['jobs'][i])} | "
            f"{fmt(r['gva'][i], 1)}{pct(r['gva'][i], base['gva'][i])} |")


def note(key, runs):
    """The range of UK and main-region jobs over the variants, against the default."""
    base = runs[DEFAULT[0]]
    i, region = main_region(base)
    uk = [r["jobs"].sum() / base["jobs"].sum() - 1 for r in runs.values()]
    own = [r["jobs"][i] / base["jobs"][i] - 1 for r in runs.values()]
    return (f"`{key}`: UK {100 * min(uk):+.1f}% to {100 * max(uk):+.1f}%, {region} "
            f"{100 * min(own):+.1f}% to {100 * max(own):+.1f}%")


MEANING = (
    "**What it means for a user.** The UK totals of the spending scenarios move little with the regionalisation: a "
    "purchase that leaves a region mostly lands in another UK region and is still counted. What moves is where the "
    "effect lands: the main region's job-years move more than the UK's, by under ten percent on the ITL1 regions and "
    "by up to tens of percent on the ITL2 and city geographies. For the zero-sum scenarios (the Northern Powerhouse redirect, local procurement) the UK "
    "net is a small difference between large regional gains and losses, so it moves by large shares, and not "
    "always in the direction of the area's own result (local procurement: under SLQ and CILQ the UK net rises while "
    "Greater Manchester's gain falls, because more of its institutions' purchases are already bought inside the "
    "area). The CILQ keeps at least as much of each purchase inside a region as the FLQ (the FLQ is the CILQ times "
    "λ ≤ 1), and the SLQ has no size term either; Flegg and Tohmo (2013) find the FLQ far more accurate than such "
    "standard LQ formulae against survey-based tables (`docs/methodology.md`, \"Why FLQ and not AFLQ by "
    "default\"), so read the SLQ and CILQ rows as the effect of a known bias, not as equally likely estimates. "
    "Quote a regional headline with the δ = 0.1–0.4 rows beside it; for a distribution rather than these points, "
    "run `scenarios/sweep-regionalisation.yaml` (δ and β sampled; `docs/sweeps.md`).")


HEAD = [
    BEGIN, "## Sensitivity to the regionalisation: Flegg's δ and the LQ family", "",
    "Generated by `/usr/bin/python3 tools/sensitivity.py --write` (not by `tools/make_results.py`, which "
    "keeps this section as it is): each scenario's model is built again with `devolve model build MODEL --lq LQ "
    "--delta D` and the scenario is run on it with nothing else changed (β = 1, households by income). FLQ with "
    "δ = 0.3 is the default (`docs/methodology.md`, \"Default parameters\": Flegg and Webber (1997) suggested 0.3; "
    "Flegg and Tohmo (2013, *Regional Studies* 47(5), 703–721) estimate δ region by region from a regression on "
    "region size rather than one value). δ = 0.1–0.4 is the range the shipped regionalisation sweep samples "
    "(`scenarios/sweep-regionalisation.yaml`). AFLQ (Flegg and Webber 2000) uses the same δ; SLQ and CILQ have no "
    "size term. Job-years and GVA change (£ million at 2022 basic prices) are summed over the scenario's years, "
    "which counts a fund that has ended (`gm-innovation`) as well as a lasting change. The main region is the one with "
    "the largest GVA change under the default; percentages are against the default.", "",
    "| Scenario (model; years; main region) | Regionalisation | UK job-years | UK GVA change (£m) | main-region "
    "job-years | main-region GVA change (£m) |", "|---|---|---:|---:|---:|---:|"]


def section(devolve, tmp, models=None):
    out, notes = list(HEAD), []
    for key in SCENARIOS:
        model_id, runs = measure(devolve, key, tmp, [v[0] for v in VARIANTS], models)
        out += [row(key, model_id, label, runs[label], runs[DEFAULT[0]]) for label, _, _ in VARIANTS]
        notes.append(note(key, runs))
    out += ["", "**Range of job-years over the variants, against the default**: " + "; ".join(notes) + ".",
            "", MEANING, END]
    return out


def committed_block(path=os.path.join(REPO, "docs", "results.md")):
    """The section as committed in docs/results.md (tools/make_results.py copies it into the page)."""
    text = open(path).read() if os.path.exists(path) else ""
    if BEGIN not in text or END not in text:
        return []
    return text[text.index(BEGIN):text.index(END) + len(END)].split("\n")


def write(lines, path=os.path.join(REPO, "docs", "results.md")):
    text = open(path).read()
    block = "\n".join(lines)
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    open(path, "w").write(text)


def check(devolve, tmp, full):
    """Regenerates rows and compares them with the committed block. Without --all: every row of the ITL1
    scenarios (all variants) and the default row of the others (their other variants take about two
    minutes of model builds); a change of economics moves the default rows, so the check still fails
    until the section is regenerated."""
    block = committed_block()
    if not block:
        return ["docs/results.md has no sensitivity section (run tools/sensitivity.py --write)"], 1
    text = "\n".join(block)
    failures, checked = [], 0
    for key in SCENARIOS:
        model_id = model_of(open(os.path.join(REPO, "scenarios", key + ".yaml")).read())
        labels = [v[0] for v in VARIANTS] if full or model_id == "uk-itl1-2022" else [DEFAULT[0]]
        model_id, runs = measure(devolve, key, tmp, labels)
        expected = [row(key, model_id, label, runs[label], runs[DEFAULT[0]]) for label in labels]
        if len(labels) == len(VARIANTS):
            expected.append(note(key, runs))
        for line in expected:
            checked += 1
            if line not in text:
                failures.append(f"{key}: expected in docs/results.md: {line}")
    return failures, checked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--devolve", default=os.path.join(REPO, "build", "bin", "devolve"))
    ap.add_argument("--write", action="store_true", help="regenerate the section in docs/results.md")
    ap.add_argument("--check", action="store_true", help="compare regenerated rows with docs/results.md")
    ap.add_argument("--all", action="store_true", help="with --check: every row, not only the quick ones")
    ap.add_argument("--models", help="keep the variant models in this folder and reuse them (by hand only: a "
                    "model built by an older devolve is not rebuilt)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.check:
            failures, checked = check(args.devolve, tmp, args.all)
            for f in failures:
                print(f)
            print(f"{checked - len(failures)} passed, {len(failures)} failed: rows of the sensitivity section "
                  "of docs/results.md against real runs" + ("" if args.all else " (quick subset; --all for every row)"))
            sys.exit(1 if failures else 0)
        lines = section(args.devolve, tmp, args.models)
    if args.write:
        write(lines)
        print("wrote the sensitivity section of docs/results.md")
    else:
        sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
