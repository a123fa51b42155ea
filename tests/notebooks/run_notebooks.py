#!/usr/bin/python3
"""Execute every notebooks/*.ipynb and check that it runs and draws figures.

usage: run_notebooks.py REPO DEVOLVE

Each notebook is copied to a temporary folder outside the repository and executed there with
nbconvert's ExecutePreprocessor (timeout 600 s per cell), as a user would run it from anywhere: no
DEVOLVE or DEVOLVE_REPO in the environment, only the executable's folder first on PATH, so the
notebook must find devolve on PATH and the repository from it. The committed notebook is never
modified. A notebook
fails if a cell raises, or if it produced fewer figures (outputs with image/png data) than
MIN_FIGURES asks (1 unless named there). Prints one line per notebook and `N passed, M failed`;
exits 1 if any failed (or if there are no notebooks), 2 on a usage error.

The kernel must be this Python (Debian's /usr/bin/python3, with xarray, h5netcdf, matplotlib): if
the default `python3` kernel spec would start a different interpreter, a kernel spec pointing at
sys.executable is written to a temporary JUPYTER_PATH and used instead.
"""
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

MIN_FIGURES = {"01-quickstart.ipynb": 7, "02-sensitivity.ipynb": 4}
TIMEOUT = 600


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def choose_kernel(tmp: Path) -> str:
    """Name of a kernel spec that runs sys.executable; creates one under tmp if needed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        argv = KernelSpecManager().get_kernel_spec("python3").argv
        exe = shutil.which(argv[0]) if argv else None
        if exe and same_file(exe, sys.executable):
            return "python3"
    except NoSuchKernel:
        pass
    share = tmp / "jupyter"
    kdir = share / "kernels" / "devolve-py"
    kdir.mkdir(parents=True)
    (kdir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python 3 ({sys.executable})",
        "language": "python",
    }, indent=1))
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(share), os.environ.get("JUPYTER_PATH")]))
    return "devolve-py"


def count_figures(nb) -> int:
    return sum(1 for cell in nb.cells if cell.cell_type == "code"
               for out in cell.get("outputs", []) if "image/png" in out.get("data", {}))


def first_error(nb) -> str:
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return f"cell {i}: {out.get('ename')}: {out.get('evalue')}"
    return ""


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    repo, devolve = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    if not devolve.is_file():
        print(f"error: {devolve}: no such executable", file=sys.stderr)
        return 2
    notebooks = sorted((repo / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print(f"error: no notebooks in {repo / 'notebooks'}", file=sys.stderr)
        return 1

    import nbformat
    from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor

    os.environ.pop("DEVOLVE", None)
    os.environ.pop("DEVOLVE_REPO", None)
    os.environ["PATH"] = os.pathsep.join([str(devolve.parent), os.environ.get("PATH", "")])
    os.environ.pop("MPLBACKEND", None)            # let ipykernel use the inline backend (PNG outputs)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="devolve-notebooks-") as t:
        tmp = Path(t)
        kernel = choose_kernel(tmp)
        for src in notebooks:
            work = tmp / src.stem
            work.mkdir()
            copy = work / src.name
            shutil.copyfile(src, copy)
            start = time.monotonic()
            problem = ""
            figures = 0
            nb = nbformat.read(copy, as_version=4)
            try:
                ExecutePreprocessor(timeout=TIMEOUT, kernel_name=kernel).preprocess(nb, {"metadata": {"path": str(work)}})
            except CellExecutionError as e:
                problem = first_error(nb) or str(e).strip().splitlines()[-1]
            except Exception as e:  # kernel died, timeout, ...
                problem = f"{type(e).__name__}: {e}"
                traceback.print_exc()
            finally:
                nbformat.write(nb, copy)                  # the executed copy, for debugging while tmp lives
            figures = count_figures(nb)
            need = MIN_FIGURES.get(src.name, 1)
            if not problem and figures < need:
                problem = f"{figures} figure(s), at least {need} expected"
            secs = time.monotonic() - start
            if problem:
                failed += 1
                print(f"FAIL {src.name} ({secs:.1f} s): {problem}", flush=True)
            else:
                passed += 1
                print(f"ok   {src.name} ({secs:.1f} s, {figures} figures)", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
