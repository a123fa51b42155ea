"""The toy model (tests/data/models/toy-2x2) computed independently with numpy, for the CLI tests."""
import os

import numpy as np
import pandas as pd

REGIONS, INDUSTRIES = ["N", "S"], ["AGR", "MAN"]
INDEX = {(r, s): i * 2 + j for i, r in enumerate(REGIONS) for j, s in enumerate(INDUSTRIES)}


class Toy:
    """Z, x, compensation, household consumption, A, L = (I - A)^-1 and the Type II inverse."""

    def __init__(self, folder):
        self.Z = np.zeros((4, 4))
        for row in pd.read_csv(os.path.join(folder, "z.csv")).itertuples():
            self.Z[INDEX[row.from_region, row.from_industry], INDEX[row.to_region, row.to_industry]] = row.value
        self.x = pd.read_csv(os.path.join(folder, "output.csv")).value.to_numpy(float)
        pi = pd.read_csv(os.path.join(folder, "primary_inputs.csv"))
        self.coe = np.array([pi[(pi.input == "COE") & (pi.region == r) & (pi.industry == s)].value.sum()
                             for r in REGIONS for s in INDUSTRIES])
        fd = pd.read_csv(os.path.join(folder, "final_demand.csv"))
        self.HH = np.zeros((4, 2))
        for row in fd[fd.category == "HH"].itertuples():
            self.HH[INDEX[row.from_region, row.from_industry], REGIONS.index(row.to_region)] = row.value
        self.A = self.Z / self.x
        abar = np.zeros((6, 6))
        abar[:4, :4] = self.A
        for r in range(2):
            abar[4 + r, 2 * r:2 * r + 2] = self.coe[2 * r:2 * r + 2] / self.x[2 * r:2 * r + 2]
            abar[:4, 4 + r] = self.HH[:, r] / self.coe[2 * r:2 * r + 2].sum()
        self.L = np.linalg.inv(np.eye(4) - self.A)
        self.Lbar_full = np.linalg.inv(np.eye(6) - abar)
        self.Lbar = self.Lbar_full[:4, :4]
