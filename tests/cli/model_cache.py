#!/usr/bin/python3
"""A damaged model cache is rebuilt with a note on stderr, never trusted and never fatal.

Builds the shipped ITL1 model into a private cache (DEVOLVE_CACHE_DIR), then damages the cached
file two ways: one Z cell doubled (a valid HDF5 file whose stored checksum no longer matches its
content), and one byte flipped inside the Z data (also with the file's times set back, which the
stamp of a checked cache file does not miss: its change time moves); then one byte of the LU factors in the cache's
solver file, which `devolve run` (of a scenario without shocked tables) and `devolve multipliers`
read. Each time `devolve model check` must succeed,
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
    files = [f for f in glob.glob(os.path.join(cache, "uk-itl1-2022-*.h5")) if not f.endswith(".solver.h5")]
    check("one cache file, and its solver file", len(files) == 1 and os.path.exists(files[0][:-3] + ".solver.h5"),
          str(files))
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

    def flip(path, dataset, past_middle):
        """Flips one bit of a byte in the middle of a dataset's stored data."""
        with h5py.File(path, "r") as f:
            at = f[dataset].id.get_offset() + f[dataset].id.get_storage_size() // 2 + past_middle
        with open(path, "r+b") as fh:
            fh.seek(at)
            b = fh.read(1)
            fh.seek(at)
            fh.write(bytes([b[0] ^ 0x10]))

    # 2. One byte flipped in the middle of the Z data.
    flip(cached, "z", 3)
    damaged("byte flipped")

    # 2b. A read that passed the checks leaves a stamp of the file's state (H5File::open_kept), and a
    # later read with that stamp skips them; a byte flipped with the file's times set back still
    # changes its change time (ctime), so the stamp no longer matches and the damage is found.
    check("a checked cache file is stamped", os.path.exists(cached + ".checked"))
    st = os.stat(cached)
    flip(cached, "z", 11)
    os.utime(cached, ns=(st.st_atime_ns, st.st_mtime_ns))
    check("flipped with times set back: same size and modification time",
          os.stat(cached).st_size == st.st_size and os.stat(cached).st_mtime_ns == st.st_mtime_ns)
    damaged("byte flipped, times set back")

    # 3. One byte flipped in the LU factors of the solver file, which devolve run reads for a scenario
    # without local procurement (whose shocked tables need z, so it reads the model instead): it says
    # so, rebuilds, and its numbers are those of a run on the sound cache.
    example = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           "scenarios", "missing-4bn.yaml")

    def run_example(out):
        return subprocess.run([devolve, "run", example, "-o", out, "-q", "--overwrite"], capture_output=True,
                              text=True, timeout=600, env=env)

    def numbers(path):
        out = {}
        with h5py.File(path) as f:
            f.visititems(lambda n, o: out.__setitem__(n, o[...].tobytes()) if isinstance(o, h5py.Dataset) and
                         o.dtype.kind == "f" else None)
        return out

    sound = os.path.join(cache, "sound.h5")
    r = run_example(sound)
    check("devolve run on the sound cache exits 0 silently", r.returncode == 0 and r.stderr == "", r.stderr)
    flip(cached[:-3] + ".solver.h5", "solver/lu", 5)
    again = os.path.join(cache, "again.h5")
    r = run_example(again)
    check("LU byte flipped: devolve run exits 0", r.returncode == 0, r.stderr)
    check("LU byte flipped: says the cache was damaged and rebuilt", "is damaged" in r.stderr and "rebuilding" in r.stderr,
          r.stderr)
    check("LU byte flipped: the same numbers as on the sound cache, bit for bit", numbers(again) == numbers(sound))

    # 4. The model file beside the solver file made unreadable: a scenario with local procurement,
    # whose shocked tables read columns of z from it, reads the model whole instead (rebuilt, with
    # the note) rather than failing in the middle of the run; the numbers are the sound cache's.
    procurement = os.path.join(os.path.dirname(example), "local-procurement.yaml")

    def run_procurement(out):
        return subprocess.run([devolve, "run", procurement, "-o", out, "-q", "--overwrite"], capture_output=True,
                              text=True, timeout=600, env=env)

    sound_p = os.path.join(cache, "sound-procurement.h5")
    r = run_procurement(sound_p)
    check("procurement run on the sound cache exits 0 silently", r.returncode == 0 and r.stderr == "", r.stderr)
    with open(cached, "r+b") as f:  # the HDF5 signature overwritten: not an HDF5 file any more
        f.write(b"damaged!")
    again_p = os.path.join(cache, "again-procurement.h5")
    r = run_procurement(again_p)
    check("model file unreadable: the procurement run exits 0", r.returncode == 0, r.stderr)
    check("model file unreadable: the same numbers as on the sound cache, bit for bit",
          r.returncode == 0 and numbers(again_p) == numbers(sound_p))

print(f"{'FAIL' if failures else 'ok'}: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
