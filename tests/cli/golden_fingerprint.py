"""tools/golden.py's fingerprints: last-bit differences (another CPU's summation order) pass, a change
of one value in a thousand by one part in a million fails, and so does a moved NaN count or size."""
import importlib.util
import os
import sys

import numpy as np

spec = importlib.util.spec_from_file_location("golden", os.path.join(sys.argv[1], "tools", "golden.py"))
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)

failures = []


def check(name, cond):
    print(("ok   " if cond else "FAIL ") + name)
    if not cond:
        failures.append(name)


rng = np.random.default_rng(7)
x = rng.normal(100.0, 30.0, 1000)
x[::17] = -x[::17]
base = golden.fingerprint(x)
check("the same values agree", golden.fingerprints_agree(base, golden.fingerprint(x.copy())))
rounding = x * (1 + rng.uniform(-4e-16, 4e-16, x.size))  # a few units of rounding in every value
check("every value off by a few units of rounding agrees", golden.fingerprints_agree(base, golden.fingerprint(rounding)))
one = x.copy()
one[500] *= 1 + 1e-5
check("one value in a thousand changed by 1e-5 relative fails", not golden.fingerprints_agree(base, golden.fingerprint(one)))
swapped = x.copy()
swapped[[10, 20]] = swapped[[20, 10]]
check("two values swapped fails (the weighted sum)", not golden.fingerprints_agree(base, golden.fingerprint(swapped)))
big = rng.normal(100.0, 30.0, 1_000_000)
big_print = golden.fingerprint(big)
check("a million values off by rounding agree",
      golden.fingerprints_agree(big_print, golden.fingerprint(big * (1 + rng.uniform(-4e-16, 4e-16, big.size)))))
moved = big.copy()
moved[123456] *= 1 + 1e-3
check("one value in a million changed by 1e-3 relative fails", not golden.fingerprints_agree(big_print, golden.fingerprint(moved)))
noise = np.zeros(640)
noise[:320] = 1e3
noise[320:] = 1e-17  # blocks of values that are zero but for rounding: measured on the dataset's scale
check("rounding noise in a block of near-zeros agrees",
      golden.fingerprints_agree(golden.fingerprint(noise), golden.fingerprint(np.where(noise < 1, -1e-17, noise))))
check("machine() names the CPU's cores", golden.machine()["cores"] == os.cpu_count())
nan = x.copy()
nan[3] = np.nan
check("a NaN more fails", not golden.fingerprints_agree(base, golden.fingerprint(nan)))
check("another size fails", not golden.fingerprints_agree(base, golden.fingerprint(x[:-1])))
check("no stored fingerprint fails", not golden.fingerprints_agree(None, base))
zeros = np.zeros(10)
check("zeros agree with zeros only", golden.fingerprints_agree(golden.fingerprint(zeros), golden.fingerprint(zeros)) and
      not golden.fingerprints_agree(golden.fingerprint(zeros), golden.fingerprint(zeros + 1e-300)))
print(f"{'FAIL' if failures else 'ok'}: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
