#!/usr/bin/env python3
"""Compares two HDF5 files dataset by dataset: for floating datasets the largest |b - a| relative to
the largest |a| and whether the NaN pattern matches; other datasets equal or not. Usage:
/usr/bin/python3 bench/compare_h5.py OLD.h5 NEW.h5 (docs/performance.md)."""
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = []
a.visit(lambda n: names.append(n) if isinstance(a[n], h5py.Dataset) else None)
worst = 0.0
for n in names:
    x, y = a[n][()], b[n][()]
    if x.dtype.kind != "f":
        print(f"{n}: {'same' if np.array_equal(x, y) else 'DIFFERENT'}"); continue
    same_nan = np.array_equal(np.isnan(x), np.isnan(y))
    m = np.nanmax(np.abs(x)) if np.any(~np.isnan(x)) else 0.0
    d = np.nanmax(np.abs(x - y)) if np.any(~np.isnan(x)) else 0.0
    rel = d / m if m > 0 else d
    worst = max(worst, rel)
    print(f"{n}: shape {x.shape} max|diff|/max|x| = {rel:.3e}{'' if same_nan else ' NaN PATTERN DIFFERS'}{' (bit-identical)' if np.array_equal(x, y, equal_nan=True) else ''}")
print("attrs same:", dict(a.attrs.items()).keys() == dict(b.attrs.items()).keys(), "solver:", a.attrs.get("solver"), "|", b.attrs.get("solver"))
print(f"worst {worst:.3e}")
