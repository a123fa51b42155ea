#!/usr/bin/python3
"""The races of replacing an output folder with --overwrite (docs/errors.md, "Hostile input":
Outputs), made to happen on cue by an LD_PRELOAD shim (tests/cli/race_shim.c):

- an entry of the user's made in the folder between devolve's last check and its move aside is not
  hidden in the moved-aside `.NAME.tmp-PID.old`: the folder goes back as it was, exit 2, saying so;
- the moved-aside folder swapped for a symbolic link to a folder of the user's before devolve removes
  its own files from it: nothing of the user's folder is removed (the link is not followed).

    output_race.py DEVOLVE TEST_DATA SHIM.so
"""
import os
import sys
import tempfile

devolve, data, shim = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_checks import Checks  # noqa: E402

C = Checks(devolve, timeout=120, named_args=1)
check, run = C.check, C.run
spend = os.path.join(data, "scenarios", "toy-spend.yaml")

with tempfile.TemporaryDirectory() as tmp:
    res = os.path.join(tmp, "res.h5")
    run("run", spend, "-o", res, "-q")

    csv = os.path.join(tmp, "csv")
    run("export", res, "--csv", csv)
    before = sorted(os.listdir(csv))
    r = run("export", res, "--csv", csv, "--overwrite", code=2, env={"LD_PRELOAD": shim, "DEVOLVE_SHIM": "intrude"})
    check("an entry made just before the move aside: refused, saying the folder changed",
          "the output folder changed while devolve was replacing it" in r.stderr and "'intruder.txt'" in r.stderr, r.stderr)
    check("  the folder is back in place with the user's new entry and the old export",
          sorted(os.listdir(csv)) == sorted(before + ["intruder.txt"]), os.listdir(csv))
    check("  nothing hidden in a moved-aside folder", [f for f in os.listdir(tmp) if ".tmp-" in f] == [], os.listdir(tmp))

    user = os.path.join(tmp, "user")
    os.makedirs(user)
    with open(os.path.join(user, "by_region.csv"), "w") as f:
        f.write("the user's own\n")
    csv2 = os.path.join(tmp, "csv2")
    run("export", res, "--csv", csv2)
    run("export", res, "--csv", csv2, "--overwrite", env={"LD_PRELOAD": shim, "DEVOLVE_SHIM": "swap", "DEVOLVE_SHIM_USER": user})
    check("the moved-aside folder swapped for a link: the new export is in place", "by_region.csv" in os.listdir(csv2))
    check("  nothing removed from the folder the link points to",
          os.path.exists(os.path.join(user, "by_region.csv")), os.listdir(user))

C.finish()
