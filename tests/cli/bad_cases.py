"""Shared checks of the bad-input tests (bad_scenarios.py, bad_sweeps.py): run devolve in an empty
folder, and check that an error is located at FILE:LINE:COLUMN with its source line and a caret."""
import os
import subprocess
import tempfile


def devolve_in_fresh_dir(devolve, args, timeout, prefix="devolve-bad-"):
    """Runs devolve in a new empty temporary folder; returns (exit code or None, stderr, leftovers).
    "{tmp}" in an argument is replaced by the folder."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        argv = [devolve] + [a.replace("{tmp}", tmp) for a in args]
        try:
            r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=tmp)
            code, err = r.returncode, r.stderr
        except subprocess.TimeoutExpired as e:
            code = None
            err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        except OSError as e:  # the executable cannot be started: every check of this command fails
            code, err = -1, f"cannot run {devolve}: {e}"
        left = sorted(os.listdir(tmp))
    return code, err, left


def caret_prefix(source_line, column):
    # As format_input_error does: tabs kept so the caret lines up, nothing past the line's end.
    return "".join("\t" if c == "\t" else " " for c in source_line[: max(column - 1, 0)])


def check_located(path, err, loc, key, problems, what=""):
    """Checks that err holds 'path:LINE:COL: error: [key: ]...', the source line and a caret."""
    tag = f"{what}: " if what else ""
    line_no, col = (int(x) for x in loc.split(":"))
    head = f"{path}:{line_no}:{col}: error: "
    lines = err.split("\n")
    idx = [i for i, l in enumerate(lines) if l.startswith(head)]
    if not idx:
        problems.append(f"{tag}no error at {os.path.basename(path)}:{loc}")
        return
    if key is not None and not any(lines[i].startswith(head + key + ": ") for i in idx):
        problems.append(f"{tag}the error at {loc} does not name key '{key}'")
    src = open(path, encoding="utf-8", errors="replace").read().split("\n")
    if line_no - 1 >= len(src):
        problems.append(f"{tag}line {line_no} is past the end of the file")
        return
    source_line = src[line_no - 1].rstrip("\r")
    want = ["  " + source_line, "  " + caret_prefix(source_line, col) + "^"]
    if not any(lines[i + 1 : i + 3] == want for i in idx):
        problems.append(f"{tag}the error at {loc} is not followed by its source line and a caret under column {col}")


class Tally:
    """Counts passed and failed cases and prints one line each."""

    def __init__(self):
        self.passed = self.failed = 0

    def report(self, name, problems, err, note=None):
        if problems:
            self.failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
            if note:
                print(f"  known bug: {note}")
            print("  stderr: " + err.rstrip("\n").replace("\n", "\n          "))
        else:
            self.passed += 1
            first = err.splitlines()[0] if err else ""
            print(f"ok   {name}: {first}")
