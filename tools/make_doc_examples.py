#!/usr/bin/python3
"""Regenerates every shell transcript in docs/*.md and README.md from a real run.

    /usr/bin/python3 tools/make_doc_examples.py --devolve build/bin/devolve [--check | --update]

A transcript is a ```text block at the start of a line whose first line is `$ devolve ...` and
that shows some output (a block of commands only is left alone). Each `$` line is run (a command
other than devolve, such as `head`, by bash) (`echo $?` prints the exit code of the command before it) in a fresh temporary
folder holding links to the repository's scenarios/, data/ and tests/, and the block becomes the
commands with their output (stdout and stderr together). Set-up, by context:
- in docs/errors.md, `mymodel` is a copy of the toy model tests/data/models/toy-2x2; under a
  `### `case`` heading naming a folder of tests/data/bad_models, with that case's files (as
  tests/cli/bad_models.py makes it); elsewhere edited as the comments
  `<!-- example-edit: FILE LINE TEXT -->` between the previous block and this one say (line LINE
  of mymodel/FILE becomes TEXT; LINE `+` appends TEXT; TEXT `DELETE` removes the line);
- an `out/` folder, an `existing.h5` file and a `notmodel.h5` text file exist, and a path
  `/tmp/NAME` is a file of the temporary folder (shown as `/tmp/NAME`);
- a .yaml file named on the command line that is not in the repository is the ```yaml block just
  before the transcript (the file the page shows).
A sweep's speed is shown as `N runs/s, N s left`. A block whose output cannot be reproduced is marked on the line before its fence with
`<!-- example: not generated: REASON -->`; every other block must be generated.

Python examples and numbers in prose are checked the same way (`--only python`; needs xarray,
h5netcdf, h5py, pandas and numpy, else it exits 77, skipped, saying which is missing):
- a ```pycon block is a Python session: `>>> ` starts a statement, `... ` continues it, and the
  lines up to the next `>>> ` are what the statement prints (an expression's repr, as the
  interpreter shows it). Each statement is run in order with /usr/bin/python3, in the folder where
  the commands of the last ```text block of `$ ` lines before it on the page have been run (so
  `example.h5` is what `devolve run scenarios/example.yaml -o example.h5` wrote), and --update
  writes what it printed;
- `<!-- checked: EXPR -->` in a paragraph or list item of prose: EXPR (Python, with `ds` the
  `results` group (xarray) of the file the last `-o FILE` of those commands wrote, `xr`, `np`, and
  `n(x, d=0)` = x with thousands separators and d decimals) gives a string, or a list of strings,
  each of which must appear in that paragraph or list item (a blank line, or a line starting a
  list item at any depth, `- `, `* `, `+ `, `1. ` or `1) ` indented or not, ends it: a nested item
  is checked alone, not with its parent's text or its siblings).
  `<!-- checked-setup: STATEMENTS -->` runs Python in the same namespace (one per results file and
  page), e.g. to name a shock once. --update cannot rewrite prose: it says what
  the text should quote.

--check exits 1 (with a diff) when a page differs from what the runs print (the test suite runs
it, so examples cannot go stale); --update rewrites the pages. Numbers printed to full precision
(six or more decimals, e.g. a CSV's round-trip values) are compared to 12 significant digits: their
last bits depend on the CPU that ran them (tools/golden.py), the economics does not.
"""
import argparse
import contextlib
import difflib
import io
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FENCE = re.compile(r"^```text\n(\$ devolve .*?)^```\n", re.S | re.M)
SKIP = re.compile(r"<!-- example: not generated: [^>]+-->\n$")


LONG_NUMBER = re.compile(r"-?\d+\.\d{6,}(?:[eE][-+]?\d+)?")


def loose(text):
    """The page with full-precision numbers rounded to 12 significant digits (--check)."""
    return LONG_NUMBER.sub(lambda m: f"{float(m.group()):.12g}", text)


EDIT = re.compile(r"<!-- example-edit: (\S+) (\S+) (.*?) -->")


def edit(model, segment):
    for name, line, new in EDIT.findall(segment):
        path = os.path.join(model, name)
        lines = open(path).read().splitlines()
        if line == "+":
            lines.append(new)
        elif new == "DELETE":
            del lines[int(line) - 1]
        else:
            lines[int(line) - 1] = new
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")


def make_model(tmp, text, start, segment):
    model = os.path.join(tmp, "mymodel")
    shutil.copytree(os.path.join(REPO, "tests", "data", "models", "toy-2x2"), model)
    heads = re.findall(r"^(##+) (?:`([^`]+)`)?", text[:start], re.M)
    case = os.path.join(REPO, "tests", "data", "bad_models", heads[-1][1]) if heads and heads[-1][0] == "###" else ""
    if case and os.path.isdir(case):
        spec = json.load(open(os.path.join(case, "case.json")))
        for f in os.listdir(case):
            if f != "case.json":
                shutil.copy(os.path.join(case, f), os.path.join(model, f))
        for f in spec.get("remove", []):
            os.remove(os.path.join(model, f))
    edit(model, segment)


def setup(tmp, page, text, start, block, segment):
    for name in ("scenarios", "data", "tests"):
        os.symlink(os.path.join(REPO, name), os.path.join(tmp, name))
    os.mkdir(os.path.join(tmp, "out"))
    os.mkdir(os.path.join(tmp, "tmp"))  # /tmp/NAME on a page is TMP/tmp/NAME
    with open(os.path.join(tmp, "existing.h5"), "w") as f:
        f.write("a file the user made\n")
    with open(os.path.join(tmp, "notmodel.h5"), "w") as f:
        f.write("not an HDF5 file\n")
    if os.path.basename(page) == "errors.md":
        make_model(tmp, text, start, segment)
    yaml_blocks = re.findall(r"^```yaml\n(.*?)^```\n", text[:start], re.S | re.M)
    for line in block.splitlines():
        if line.startswith("$ "):
            for arg in shlex.split(line[2:]):
                if arg.endswith(".yaml") and not os.path.exists(os.path.join(tmp, arg)) and yaml_blocks:
                    with open(os.path.join(tmp, arg), "w") as f:
                        f.write(yaml_blocks[-1])


def run_block(devolve, tmp, block):
    sep = "\n" if re.search(r"\n\n\$ ", block) else ""
    parts, rc = [], 0
    for line in block.splitlines():
        if not line.startswith("$ "):
            continue
        cmd = line[2:]
        if cmd == "echo $?":
            parts.append(f"$ {cmd}\n{rc}\n")
            continue
        args = [a.replace("/tmp/", tmp + "/tmp/", 1) if a.startswith("/tmp/") else a for a in shlex.split(cmd)]
        if args[0] == "devolve":
            args[0] = devolve
        else:  # a shell command of the page's own, such as head
            args = ["bash", "-c", cmd]
        r = subprocess.run(args, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
        rc = r.returncode
        out = r.stdout.replace(tmp + "/tmp/", "/tmp/").replace(tmp + "/", "").replace(tmp, ".").replace(REPO + "/", "")
        out = "\n".join(l.rstrip() for l in out.rstrip("\n").splitlines())
        out = re.sub(r"\d+(\.\d+)? runs/s, \d+(\.\d+)? s left", "N runs/s, N s left", out)  # the machine's speed
        out = re.sub(r"runs in \d+(\.\d+)? s\b", "runs in N s", out)
        if parts and sep and not parts[-1].startswith("$ echo"):
            parts[-1] += sep
        parts.append(f"$ {cmd}\n" + (out + "\n" if out else ""))
    return "".join(parts)


def regenerate(devolve, page):
    text = open(page, encoding="utf-8").read()
    out, pos, last_end, counts = [], 0, 0, {"generated": 0, "not generated": 0}
    for m in FENCE.finditer(text):
        out.append(text[pos:m.start()])
        last_end, pos = pos, m.end()
        if all(l.startswith("$ ") for l in m.group(1).splitlines()):  # commands only: no output shown
            out.append(m.group(0))
            continue
        if SKIP.search(text[:m.start()]):
            counts["not generated"] += 1
            out.append(m.group(0))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            setup(tmp, page, text, m.start(), m.group(1), text[last_end:m.start()])
            out.append("```text\n" + run_block(devolve, tmp, m.group(1)) + "```\n")
        counts["generated"] += 1
    out.append(text[pos:])
    return text, "".join(out), counts


PYCON = re.compile(r"^```pycon\n(.*?)^```\n", re.S | re.M)
CHECKED = re.compile(r"<!-- checked(-setup)?: (.*?) -->", re.S)
COMMANDS = re.compile(r"^```text\n(\$ .*?)^```\n", re.S | re.M)
PY_MODULES = ("numpy", "pandas", "xarray", "h5netcdf", "h5py")


def missing_modules():
    import importlib.util
    return [m for m in PY_MODULES if importlib.util.find_spec(m) is None]


class Worlds:
    """Temporary folders where a page's command blocks have been run, one per block, made once."""

    def __init__(self, devolve):
        self.devolve, self.dirs, self.stack = devolve, {}, contextlib.ExitStack()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stack.close()

    def folder(self, page, text, pos):
        blocks = list(COMMANDS.finditer(text, 0, pos))
        if not blocks:
            raise RuntimeError(f"{os.path.relpath(page, REPO)}: no ```text block of $ commands before the Python at {pos}")
        m = blocks[-1]
        key = (page, m.group(1))
        if key not in self.dirs:
            tmp = self.stack.enter_context(tempfile.TemporaryDirectory())
            setup(tmp, page, text, m.start(), m.group(1), "")
            run_block(self.devolve, tmp, m.group(1))
            outs = re.findall(r"(?:-o|--output)\s+(\S+\.h5)", m.group(1))
            self.dirs[key] = (tmp, outs[-1] if outs else None)
        return self.dirs[key]


@contextlib.contextmanager
def inside(folder):
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def run_session(block, folder):
    """The pycon block with each statement's output as the interpreter prints it."""
    statements, cur = [], None
    for line in block.splitlines():
        if line.startswith(">>> ") or line == ">>>":
            cur = [line[4:]]
            statements.append(cur)
        elif (line.startswith("... ") or line == "...") and cur is not None:
            cur.append(line[4:])
        elif cur is None:
            raise RuntimeError(f"a pycon block must start with '>>> ': {line!r}")
    namespace, out = {"__name__": "__doc__"}, []
    with inside(folder):
        for st in statements:
            source = "\n".join(st) + "\n"
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                exec(compile(source, "<doc>", "single"), namespace)
            out.append("\n".join(">>> " + l if i == 0 else "... " + l for i, l in enumerate(st)) + "\n")
            printed = "\n".join(l.rstrip() for l in buf.getvalue().rstrip("\n").splitlines())
            if printed:
                out.append(printed + "\n")
    return "".join(out)


# A blank line, or a line starting a list item at any depth ("- ", "  * ", "1. ", "   2) "): where a
# paragraph or list item begins and ends.
BOUNDARY = re.compile(r"\n(?=[ \t]*\n|[ \t]*(?:[-*+]|\d+[.)])[ \t])")


def scope(text, start, end):
    """The paragraph or list item around text[start:end]: a nested item alone, without its parent
    item's text or its sibling items (nor a numbered item's neighbours)."""
    a = max((m.start() for m in BOUNDARY.finditer(text, 0, start)), default=-1)
    b = BOUNDARY.search(text, end)
    return text[a + 1:b.start() if b else len(text)]


def check_prose(page, text, worlds):
    """Problems with the <!-- checked: --> comments of a page (empty when every quoted number holds)."""
    import numpy as np
    import xarray as xr
    problems, spaces = [], {}
    for m in CHECKED.finditer(text):
        folder, out = worlds.folder(page, text, m.start())
        if folder not in spaces:
            spaces[folder] = {"np": np, "xr": xr, "n": lambda x, d=0: f"{float(x):,.{d}f}"}
            if out:
                spaces[folder]["ds"] = xr.open_dataset(os.path.join(folder, out), group="results", engine="h5netcdf")
        ns = spaces[folder]
        with inside(folder):
            if m.group(1):
                exec(m.group(2), ns)
                continue
            want = eval(m.group(2), ns)
        prose = CHECKED.sub("", scope(text, m.start(), m.end()))
        line = text.count("\n", 0, m.start()) + 1
        wants = [want] if isinstance(want, str) else list(want)
        if not wants or not all(isinstance(w, str) and w.strip() for w in wants):
            # an empty list or string would pass whatever the prose says
            problems.append(f"{os.path.relpath(page, REPO)}:{line}: checked: must give non-empty strings, gave {want!r}")
            continue
        for w in wants:
            # the quoted text as a whole number: "1,234" is not found inside "11,234", "-1,234", "TLD1,234" or
            # "1,234.5" ("£1,234m" is); the prose's minus sign (U+2212) read as "-"
            if not re.search(r"(?<![\w.,-])" + re.escape(w) + r"(?!\d|[.,]\d)", prose.replace("\u2212", "-")):
                problems.append(f"{os.path.relpath(page, REPO)}:{line}: the prose should quote {w!r} (checked: {m.group(2)})")
    return problems


def regenerate_python(worlds, page, text):
    out, pos, n = [], 0, 0
    for m in PYCON.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        folder, _ = worlds.folder(page, text, m.start())
        out.append("```pycon\n" + run_session(m.group(1), folder) + "```\n")
        n += 1
    out.append(text[pos:])
    return "".join(out), n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devolve", default=os.path.join(REPO, "build", "bin", "devolve"))
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--update", action="store_true")
    ap.add_argument("--page", action="append", help="check or update this page only (repeatable; default: docs/*.md and README.md)")
    ap.add_argument("--only", choices=("transcripts", "python"),
                    help="only the shell transcripts, or only the Python sessions and checked prose")
    a = ap.parse_args()
    devolve = os.path.abspath(a.devolve)
    python = a.only != "transcripts"
    if python and missing_modules():
        print(f"SKIP: the Python examples need {', '.join(missing_modules())} (Debian: python3-xarray, python3-h5netcdf, "
              "python3-h5py, python3-pandas)")
        if a.only == "python":
            return 77
        python = False
    stale, problems = 0, []
    with Worlds(devolve) as worlds:
        pages = [os.path.abspath(p) for p in a.page] if a.page else \
            sorted(glob.glob(os.path.join(REPO, "docs", "*.md"))) + [os.path.join(REPO, "README.md")]
        for page in pages:
            name = os.path.relpath(page, REPO)
            if a.only == "python":
                old = open(page, encoding="utf-8").read()
                new, counts = old, {"generated": 0, "not generated": 0}
            else:
                old, new, counts = regenerate(devolve, page)
            sessions = 0
            if python:
                new, sessions = regenerate_python(worlds, page, new)
                problems += check_prose(page, new, worlds)
            if counts["generated"] or counts["not generated"] or sessions:
                print(f"{name}: {counts['generated']} generated, {counts['not generated']} marked not generated"
                      + (f", {sessions} Python sessions" if sessions else ""))
            if old == new or (not a.update and loose(old) == loose(new)):
                continue
            if a.update:
                with open(page, "w", encoding="utf-8") as f:
                    f.write(new)
                print(f"  updated {name}")
            else:
                stale += 1
                sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), name, name + " (generated)"))
    for p in problems:
        print(p)
    if stale:
        print(f"{stale} page(s) differ from what devolve prints: run tools/make_doc_examples.py --update")
    if problems:
        print(f"{len(problems)} number(s) in prose differ from the results: edit the prose")
    return 1 if stale or problems else 0

if __name__ == "__main__":
    sys.exit(main())
