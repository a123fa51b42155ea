#!/usr/bin/python3
"""Hostile inputs through the real devolve executable (docs/errors.md, "Hostile input").

Usage: bad_hostile.py DEVOLVE DATA_DIR

Each case builds its input in a fresh folder (bytes, a FIFO, a symbolic-link loop, a damaged HDF5
file...), runs devolve with a time limit in an empty working folder, and checks: the exit code,
a message regex, the location (FILE:LINE:COLUMN with source line and caret) where the case names
one, no "internal error", and nothing left in the working folder (no output, no temporary).
A hang (no answer in TIMEOUT s) is a failure. The count of cases by category is printed.
"""
import collections
import os
import re
import resource
import shutil
import stat
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import bad_cases  # noqa: E402

devolve, data = sys.argv[1], os.path.abspath(sys.argv[2])
TIMEOUT = 30
TOY = os.path.join(data, "models", "toy-2x2")
SPEND = os.path.join(data, "scenarios", "toy-spend.yaml")
SWEEP = os.path.join(data, "sweeps", "toy-linear.yaml")
MIN_CASES = 40


def scenario(extra=b"", name=b"Hostile"):
    """A valid toy scenario (model given by absolute path), with extra bytes appended."""
    text = open(SPEND, "rb").read().replace(b"model: ../models/toy-2x2", b"model: " + TOY.encode())
    return text.replace(b"name: Toy spend", b"name: " + name) + extra


def laughs(key):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return ("\n".join(lines) + f"\n{key}: *a11\n").encode()


# (category, name, files {relative path: bytes | "fifo" | "loop" | callable(path)}, argv, exit,
#  message regex, location "FILE:LINE:COL" or None)
CASES = []


def case(cat, name, files, argv, code, message, loc=None):
    CASES.append((cat, name, files, argv, code, message, loc))


# --- YAML that used to hang yaml-cpp 0.7's LoadAll, or expand without bound -----------------
for cmd in (["validate"], ["run"]):
    tag = cmd[0]
    out = ["-o", "{work}/out.h5"] if tag == "run" else []
    case("yaml-hang", f"{tag}-lone-comma", {"s.yaml": b","}, cmd + ["{in}/s.yaml"] + out, 3, r"text after the end of the YAML document", None)
    case("yaml-hang", f"{tag}-list-then-comma", {"s.yaml": b"[a],"}, cmd + ["{in}/s.yaml"] + out, 3, r"text after the end of the YAML document", None)
    case("yaml-hang", f"{tag}-json-trailing-comma", {"s.yaml": b'{"name": "x", "years": [2024, 2025]},\n'},
         cmd + ["{in}/s.yaml"] + out, 3, r"text after the end of the YAML document", None)
case("yaml-hang", "scenario-then-comma-line", {"s.yaml": scenario(b",\n")}, ["validate", "{in}/s.yaml"], 3, r"YAML", None)
case("yaml-hang", "second-document", {"s.yaml": scenario(b"---\nname: two\n")}, ["validate", "{in}/s.yaml"], 3,
     r"one YAML document", None)
case("yaml-limits", "billion-laughs-scenario", {"s.yaml": laughs("name")}, ["validate", "{in}/s.yaml"], 3,
     r"expands to more than", None)
case("yaml-limits", "billion-laughs-sweep", {"w.yaml": laughs("scenario")}, ["sweep", "{in}/w.yaml", "-o", "{work}/out.h5", "--validate"], 3,
     r"expands to more than", None)
case("yaml-limits", "deep-brackets", {"s.yaml": b"name: " + b"[" * 100000 + b"]" * 100000 + b"\n"},
     ["validate", "{in}/s.yaml"], 3, r"nested too deeply", "s.yaml:1:71")
case("yaml-limits", "deep-dashes", {"s.yaml": b"name: x\nshocks:\n" + b"- " * 50000 + b"x\n"},
     ["validate", "{in}/s.yaml"], 3, r"nested too deeply", None)
case("yaml-limits", "deep-indentation", {"s.yaml": b"".join(b" " * (2 * i) + b"k%d:\n" % i for i in range(300))},
     ["validate", "{in}/s.yaml"], 3, r"nested too deeply", None)
case("yaml-limits", "too-large", {"s.yaml": b"# " + b"x" * (17 << 20) + b"\nname: x\n"}, ["validate", "{in}/s.yaml"], 3,
     r"larger than 16 MiB", None)
case("yaml-limits", "sweep-lone-comma", {"w.yaml": b","}, ["sweep", "{in}/w.yaml", "-o", "{work}/out.h5", "--validate"], 3,
     r"text after the end of the YAML document", None)


def model_with(**replace):
    def make(path):
        shutil.copytree(TOY, path)
        for f, b in replace.items():
            open(os.path.join(path, f.replace("_csv", ".csv").replace("_yaml", ".yaml")), "wb").write(b)
    return make


case("yaml-hang", "model-yaml-lone-comma", {"m": model_with(model_yaml=b",")}, ["model", "check", "{in}/m"], 3,
     r"text after the end of the YAML document", None)

# --- text that is not UTF-8: refused at the line and column of the bad byte -------------------
for label, bad in (("lone-continuation", b"\x80"), ("overlong-slash", b"\xc0\xaf"), ("surrogate", b"\xed\xa0\x80"),
                   ("past-u10ffff", b"\xf5\x80\x80\x80"), ("truncated", b"\xe2\x82"), ("latin1-e-acute", b"\xe9t\xe9")):
    case("utf8", f"scenario-{label}", {"s.yaml": scenario(name=b"Caf" + bad + b" x")}, ["validate", "{in}/s.yaml"], 3,
         r"not valid UTF-8", "s.yaml:2:10")
case("utf8", "sweep", {"w.yaml": b"name: Sweep \xff\n"}, ["sweep", "{in}/w.yaml", "-o", "{work}/out.h5", "--validate"], 3, r"not valid UTF-8",
     "w.yaml:1:13")
case("utf8", "model-csv-cell", {"m": model_with(regions_csv=b"code,name\nN,North\xff\nS,South\n")}, ["model", "check", "{in}/m"],
     3, r"not valid UTF-8", "m/regions.csv:2:8")
case("utf8", "model-yaml", {"m": model_with(model_yaml=open(os.path.join(TOY, "model.yaml"), "rb").read() + b"# \xfe\n")},
     ["model", "check", "{in}/m"], 3, r"not valid UTF-8", None)

# --- inputs that are not regular files: an error at once, never a block ----------------------
case("special-input", "fifo-scenario", {"s.yaml": "fifo"}, ["validate", "{in}/s.yaml"], 3, r"not a regular file")
case("special-input", "fifo-scenario-run", {"s.yaml": "fifo"}, ["run", "{in}/s.yaml", "-o", "{work}/out.h5"], 3, r"not a regular file")
case("special-input", "fifo-sweep", {"w.yaml": "fifo"}, ["sweep", "{in}/w.yaml", "-o", "{work}/out.h5", "--validate"], 3, r"not a regular file")
case("special-input", "fifo-report", {"r.h5": "fifo"}, ["report", "{in}/r.h5"], 3, r"not a regular file")
case("special-input", "fifo-model-csv", {"m": model_with(), "m/z.csv": "fifo"}, ["model", "check", "{in}/m"], 3, r"not a regular file")
case("special-input", "folder-as-scenario", {"s.yaml/x": b""}, ["validate", "{in}/s.yaml"], 3, r"folder")
case("special-input", "device-as-scenario", {}, ["validate", "/dev/zero"], 3, r"not a regular file")
case("special-input", "symlink-loop-scenario", {"s.yaml": "loop"}, ["validate", "{in}/s.yaml"], 3, r"error")
case("special-input", "symlink-loop-report", {"r.h5": "loop"}, ["report", "{in}/r.h5"], 3, r"error")
case("special-input", "name-too-long", {}, ["validate", "{in}/" + "n" * 256 + ".yaml"], 3, r"error")

# --- outputs that are special files, or impossible names -------------------------------------
# A private character device (a copy of /dev/null's node; a link to it when not root), never
# /dev/null itself: a devolve that failed this test as root would replace the machine's /dev/null.
case("output", "run-to-dev-null", {"s.yaml": scenario(), "null.h5": "chardev"},
     ["run", "{in}/s.yaml", "-o", "{in}/null.h5", "--overwrite"], 2, r"character device")
case("output", "run-to-fifo", {"s.yaml": scenario(), "o.h5": "fifo"}, ["run", "{in}/s.yaml", "-o", "{in}/o.h5", "--overwrite"],
     2, r"named pipe")
case("output", "multipliers-to-dev-null", {"null.h5": "chardev"}, ["multipliers", "-m", TOY, "-o", "{in}/null.h5", "--overwrite"], 2,
     r"character device")
case("output", "convert-to-dev-null", {"null": "chardev"}, ["model", "convert", TOY, "{in}/null", "--overwrite"], 2,
     r"character device")
case("output", "output-name-too-long", {"s.yaml": scenario()}, ["run", "{in}/s.yaml", "-o", "{work}/" + "o" * 256 + ".h5"], 2,
     r"too long")
case("output", "output-folder-missing", {"s.yaml": scenario()}, ["run", "{in}/s.yaml", "-o", "{work}/no/such/out.h5"], 2,
     r"does not exist")

# --- damaged HDF5 inputs: an input error, never a crash --------------------------------------
case("hdf5", "report-random-bytes", {"r.h5": os.urandom(4096)}, ["report", "{in}/r.h5"], 3, r"not an HDF5 file")
case("hdf5", "report-empty", {"r.h5": b""}, ["report", "{in}/r.h5"], 3, r"not an HDF5 file")
case("hdf5", "model-info-text", {"m.h5": b"not hdf5\n"}, ["model", "info", "{in}/m.h5"], 3, r"not an HDF5 file")


def fnv1a_words(data):
    """FNV-1a over little-endian 64-bit words, the last zero-padded (model/base/hash.cpp)."""
    data = bytes(data) + bytes(-len(data) % 8)
    h = 14695981039346656037
    for (w,) in struct.iter_unpack("<Q", data):
        h = ((h ^ w) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def reseal(b):
    """The seal devolve writes (docs/errors.md, "Sealed HDF5 files"), recomputed for damaged bytes:
    a forged seal, so the checks behind it are reached."""
    body = bytes(b[512:])
    text = f"devolve sealed HDF5 1\nbytes {len(body)}\nfnv1a-words {fnv1a_words(body):016x}\n".encode()
    return bytearray(text + b"\0" * (512 - len(text)) + body)


def damaged_model(how, forge_seal=False):
    def make(path):
        subprocess.run([devolve, "model", "convert", TOY, path], check=True, capture_output=True)
        b = bytearray(open(path, "rb").read())
        if how == "truncate":
            b = b[: len(b) // 2]
        elif how == "unsealed":  # the same HDF5 bytes with an empty user block, as h5py writes it
            b[:512] = bytes(512)
        elif how == "edited":  # changed by h5py after devolve wrote it
            import h5py
            with h5py.File(path, "r+") as f:
                f.attrs["note"] = "edited"
            b = bytearray(open(path, "rb").read())
        else:  # a broken global heap: every collection's size field
            at = b.find(b"GCOL")
            while at >= 0:
                b[at + 8] ^= 0x40
                at = b.find(b"GCOL", at + 4)
        open(path, "wb").write(bytes(reseal(b) if forge_seal else b))
    return make


case("hdf5", "model-info-truncated", {"m.h5": damaged_model("truncate")}, ["model", "info", "{in}/m.h5"], 3, r"error")
case("hdf5", "model-info-broken-heap", {"m.h5": damaged_model("heap")}, ["model", "info", "{in}/m.h5"], 3, r"damaged")
case("hdf5", "model-info-unsealed", {"m.h5": damaged_model("unsealed")}, ["model", "info", "{in}/m.h5"], 3,
     r"an HDF5 file that devolve did not write")
case("hdf5", "model-info-edited-with-h5py", {"m.h5": damaged_model("edited")}, ["model", "info", "{in}/m.h5"], 3,
     r"changed after devolve wrote it")
# Which of the heap check's messages depends on where the collections lie (a size 64 bytes off runs
# past the end of the file, or leaves the collection's free space the wrong size).
case("hdf5", "model-info-broken-heap-forged-seal", {"m.h5": damaged_model("heap", True)}, ["model", "info", "{in}/m.h5"], 3,
     r"the file is damaged: (a global heap|the free space of a global heap)")
case("hdf5", "model-info-truncated-forged-seal", {"m.h5": damaged_model("truncate", True)}, ["model", "info", "{in}/m.h5"], 3,
     r"error")
case("hdf5", "run-on-broken-heap-model", {"m.h5": damaged_model("heap"), "s.yaml": scenario().replace(TOY.encode(), b"m.h5")},
     ["run", "{in}/s.yaml", "-o", "{work}/out.h5"], 3, r"damaged")

# A crafted file with a matching seal (docs/errors.md, "Sealed HDF5 files"), so the checks behind
# the seal are what is tested.
def factored_huge(path):
    """The toy model with five factored arrays of 2^27 values each (the most a dataset may hold),
    chunked and never written (a 30 kB file): their sizes must be refused from the headers, before
    5 GiB is allocated (commit d67b039; the case runs under a 3 GiB address-space limit, so the
    old reader failed with an internal error instead)."""
    import h5py
    subprocess.run([devolve, "model", "convert", TOY, path], check=True, capture_output=True)
    with h5py.File(path, "r+") as f:
        for n in ("own_coefficients", "bought_coefficients", "trade_shares", "own_final_demand", "bought_final_demand"):
            f.create_dataset(n, shape=(1 << 27,), dtype="f8", chunks=(1 << 20,))
    b = bytearray(open(path, "rb").read())
    open(path, "wb").write(bytes(reseal(b)))


def sweep_without(what):
    """A Sobol sweep's results file (tests/data/sweeps/toy-sobol.yaml, 64 samples) with no measures or
    no years: report crashed (no years: SIGSEGV) or said "internal error" (no measures) before
    sweep_report checked them; the division by zero guarded in commit 00375be is behind these."""
    def make(path):
        import h5py
        sweep = os.path.join(os.path.dirname(path), "sobol.yaml")
        text = open(os.path.join(data, "sweeps", "toy-sobol.yaml")).read()
        text = text.replace("../scenarios/toy-spend.yaml", os.path.join(data, "scenarios", "toy-spend.yaml"))
        open(sweep, "w").write(text.replace("samples: 4096", "samples: 64"))
        subprocess.run([devolve, "sweep", sweep, "-o", path, "-q"], check=True, capture_output=True)
        with h5py.File(path, "r+") as f:
            g = f["sweep"]
            axis = 1 if what == "measure" else -1
            for n in (("measure", "measure_unit") if what == "measure" else ("year",)):
                dtype = g[n].dtype
                del g[n]
                g.create_dataset(n, shape=(0,), dtype=dtype)
            for n in ("national_quantiles", "sobol_first", "sobol_total", "national"):
                shape = list(g[n].shape)
                shape[axis] = 0
                del g[n]
                g.create_dataset(n, shape=tuple(shape), dtype="f8")
        b = bytearray(open(path, "rb").read())
        open(path, "wb").write(bytes(reseal(b)))
    return make


case("hdf5", "model-info-factored-sizes-forged-seal", {"m.h5": factored_huge}, ["model", "info", "{in}/m.h5"], 3,
     r"m\.h5: error: /own_coefficients: expected 8 values, found 134217728")
# An address-space limit, not under AddressSanitizer: its shadow memory needs terabytes of address space
# (ASan itself then reports what must not be allocated: allocator_may_return_null, scripts/test.sh).
with open(devolve, "rb") as exe:
    ASAN = b"__asan_init" in exe.read()
AS_LIMIT = {} if ASAN else {"model-info-factored-sizes-forged-seal": 3 << 30}
for what, message in (("measure", r"/sweep/measure: no measures \(the file is damaged\)"),
                      ("year", r"/sweep/year: no years \(the file is damaged\)")):
    for extra in ([], ["--json"]):
        case("hdf5", f"report-sweep-without-{what}{'-json' if extra else ''}-forged-seal", {"r.h5": sweep_without(what)},
             ["report", "{in}/r.h5"] + extra, 3, message)

# --- thread counts ----------------------------------------------------------------------------
case("threads", "sweep-threads-100000", {}, ["sweep", SWEEP, "-o", "{work}/out.h5", "--threads", "100000"], 2, r"--threads 100000: must be 0")
case("threads", "sweep-threads-negative", {}, ["sweep", SWEEP, "-o", "{work}/out.h5", "--threads", "-1"], 2, r"--threads -1: must be 0")


def build(files, inp):
    for rel, content in files.items():
        path = os.path.join(inp, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if content == "fifo":
            if os.path.exists(path):
                os.remove(path)
            os.mkfifo(path)
        elif content == "chardev":
            if os.geteuid() == 0:
                os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            else:
                os.symlink("/dev/null", path)
        elif content == "loop":
            os.symlink(path, path)
        elif callable(content):
            content(path)
        else:
            open(path, "wb").write(content)


tally = bad_cases.Tally()
counts = collections.Counter()
for cat, name, files, argv, code, message, loc in CASES:
    counts[cat] += 1
    problems = []
    with tempfile.TemporaryDirectory(prefix="devolve-hostile-") as top:
        inp, work = os.path.join(top, "in"), os.path.join(top, "work")
        os.mkdir(inp), os.mkdir(work)
        build(files, inp)
        args = [a.replace("{in}", inp).replace("{work}", work) for a in argv]
        try:
            limit = AS_LIMIT.get(name)  # an address-space limit: what must not be allocated fails loudly
            r = subprocess.run([devolve] + args, capture_output=True, timeout=TIMEOUT, cwd=work,
                               preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))) if limit else None)
            rc, err = r.returncode, r.stderr.decode("utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            rc, err = None, ""
            problems.append(f"no answer in {TIMEOUT} s (hangs)")
        if rc is not None and rc != code:
            problems.append(f"exit code {rc}, expected {code}")
        if "internal error" in err:
            problems.append("internal error")
        if not re.search(message, err):
            problems.append(f"message does not match /{message}/")
        if loc:
            rel, line, col = loc.rsplit(":", 2)
            # FILE:LINE:COLUMN: error: ..., then the source line (up to a bad byte) and a caret
            head = f"{os.path.join(inp, rel)}:{line}:{col}: error: "
            lines = err.split("\n")
            at = [i for i, l in enumerate(lines) if l.startswith(head)]
            if not at:
                problems.append(f"no error at {loc}")
            elif not any(i + 2 < len(lines) and lines[i + 2].strip() == "^" for i in at):
                problems.append(f"no caret under the error at {loc}")
        left = os.listdir(work)
        if left:
            problems.append(f"left behind: {left}")
        if rc is not None:
            try:
                r.stderr.decode("utf-8")
            except UnicodeDecodeError:
                problems.append("invalid UTF-8 copied into the message")
    tally.report(f"{cat}/{name}", problems, err)

print("cases by category: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) + f"; {len(CASES)} in all")
if len(CASES) < MIN_CASES:
    print(f"FAIL: {len(CASES)} cases, fewer than {MIN_CASES}")
    tally.failed += 1
print(f"{tally.passed} passed, {tally.failed} failed")
sys.exit(1 if tally.failed else 0)
