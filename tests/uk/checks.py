"""Helpers of the UK model tests: a named check that prints ok/FAIL, and devolve runs that must succeed."""
import os
import subprocess
import sys


def skip_unless_large(repo, what="build and check the ITL3 and LAD models (minutes)"):
    """Exits 77 (ctest's skip) unless DEVOLVE_UK_LARGE=1 and ../shared/data is present beside REPO."""
    if os.environ.get("DEVOLVE_UK_LARGE") != "1":
        print(f"skipped: set DEVOLVE_UK_LARGE=1 to {what}")
        sys.exit(77)
    if not os.path.isdir(os.path.join(repo, "..", "shared", "data")):
        print("skipped: ../shared/data is absent")
        sys.exit(77)


class Checks:
    def __init__(self, devolve):
        self.devolve = devolve
        self.results = []

    def check(self, name, ok, detail=""):
        self.results.append(bool(ok))
        print(("ok   " if ok else "FAIL ") + name + (f" ({detail})" if detail else ""))

    def run(self, *args):
        r = subprocess.run([self.devolve, *args], capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            print(r.stdout, r.stderr)
            sys.exit(f"devolve {' '.join(args)} failed with exit code {r.returncode}")
        return r.stdout

    def finish(self):
        print(f"{sum(self.results)} passed, {len(self.results) - sum(self.results)} failed")
        sys.exit(0 if all(self.results) else 1)
