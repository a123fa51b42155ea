#!/usr/bin/python3
"""A damaged model cache is rebuilt with a note on stderr, never trusted and never fatal.

Builds the shipped ITL1 model into a private cache (DEVOLVE_CACHE_DIR), then damages the cached
file two ways: one Z cell doubled (a valid HDF5 file whose stored checksum no longer matches its
content), and one byte flipped inside the Z data. Each time `devolve model check` must succeed,
say on stderr that the cached copy was damaged and rebuilt, and leave a sound copy behind (the
next run is silent and its checksum is the original's).
"""
import glob
import os
import subprocess
import sys
import tempfile

import h5py

devolve = sys.argv[1]
failures = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + (f": {detail}" if detail and not cond else ""))
    if not cond:
        failures.append(name)


with tempfile.TemporaryDirectory() as cache:
    env = dict(os.environ, DEVOLVE_CACHE_DIR=cache)

    def run():
        return subprocess.run([devolve, "model", "info", "uk-itl1-2022", "--json"], capture_output=True, text=True,
                              timeout=600, env=env)

    first = run()
    check("first build exits 0", first.returncode == 0, first.stderr)
    files = glob.glob(os.path.join(cache, "uk-itl1-2022-*.h5"))
    check("one cache file", len(files) == 1, str(files))
    if failures:
        sys.exit(1)
    cached = files[0]
    with h5py.File(cached, "r") as f:
        checksum = f.attrs["checksum"]
        checksum = checksum.decode() if isinstance(checksum, bytes) else checksum

    def damaged(how):
        r = run()
        check(f"{how}: exits 0", r.returncode == 0, r.stderr)
        check(f"{how}: says the cache was damaged and rebuilt",
              "is damaged" in r.stderr and "rebuilding" in r.stderr and cached in r.stderr, r.stderr)
        check(f"{how}: same result as the first build", r.stdout == first.stdout)
        again = run()
        check(f"{how}: the rebuilt copy is used silently", again.returncode == 0 and again.stderr == "", again.stderr)
        with h5py.File(cached, "r") as f:
            now = f.attrs["checksum"]
            now = now.decode() if isinstance(now, bytes) else now
        check(f"{how}: the rebuilt copy has the original checksum", now == checksum, f"{now} != {checksum}")

    # 1. One Z cell doubled; the file stays valid HDF5 and keeps the old stored checksum.
    with h5py.File(cached, "r+") as f:
        z = f["z"]
        idx = tuple(int(i) for i in (0, 0, 0, 0))
        cell = z[idx]
        z[idx] = 2 * cell if cell != 0 else 1.0
    damaged("Z cell doubled")

    # 2. One byte flipped in the middle of the Z data.
    with h5py.File(cached, "r") as f:
        offset = f["z"].id.get_offset()
        nbytes = f["z"].id.get_storage_size()
    with open(cached, "r+b") as fh:
        fh.seek(offset + nbytes // 2 + 3)
        b = fh.read(1)
        fh.seek(offset + nbytes // 2 + 3)
        fh.write(bytes([b[0] ^ 0x10]))
    damaged("byte flipped")

print(f"{'FAIL' if failures else 'ok'}: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
