#!/usr/bin/python3
"""GMRES steps of candidate preconditioners of I - A on a dense dump (docs/performance.md,
"Preconditioners for the structured solver"; docs/methodology.md, "The structured solver").

    build/bin/devolve_bench_structured dump uk-itl2-2022 /tmp/itl2 2
    /usr/bin/python3 bench/preconditioners.py /tmp/itl2 4830 [T]

Reads A (n x n, column-major, from the dump; T: work on A'), then counts full (unrestarted) GMRES
steps, right-preconditioned, until the true residual max|b - (I - A) x| <= 1e-13 max|b|, for four
right-hand sides (ones, uniform, one region's industries in a tenth of the regions, a unit vector)
under block Jacobi P = I - blockdiag(D_s), block Gauss-Seidel (forward and backward region order)
and the truncated Neumann correction P^-1 + P^-1 O P^-1 (two operator products a step); then the
largest eigenvalues of P^-1 O and the steps with the p dominant Ritz vectors (30 Arnoldi steps)
deflated by a Galerkin correction. Dense numpy: for models up to ITL2 (n = 4830).
"""
import sys
import numpy as np

d, n, S = sys.argv[1], int(sys.argv[2]), 105
R = n // S
A = np.fromfile(d + "/a.f64", dtype=np.float64).reshape((n, n), order="F")
if len(sys.argv) > 3 and sys.argv[3] == "T":
    A = np.ascontiguousarray(A.T)
IA = -A.copy()
IA[np.diag_indices(n)] += 1.0
O = A.copy()
for r in range(R):
    O[r * S:(r + 1) * S, r * S:(r + 1) * S] = 0
blocks = [np.linalg.inv(IA[r * S:(r + 1) * S, r * S:(r + 1) * S]) for r in range(R)]
rng = np.random.default_rng(1)


def jacobi(v):
    return np.concatenate([blocks[r] @ v[r * S:(r + 1) * S] for r in range(R)])


def gauss_seidel(v, forward=True):
    out = np.zeros_like(v)
    done = []
    for r in (range(R) if forward else range(R - 1, -1, -1)):
        rhs = v[r * S:(r + 1) * S].copy()
        for s in done:
            rhs -= IA[r * S:(r + 1) * S, s * S:(s + 1) * S] @ out[s * S:(s + 1) * S]
        out[r * S:(r + 1) * S] = blocks[r] @ rhs
        done.append(r)
    return out


def arnoldi_step(op, V, H, j):
    """Step j of Arnoldi on op (modified Gram-Schmidt): fills column j of H, appends V[j + 1]."""
    w = op(V[j])
    for i in range(j + 1):
        H[i, j] = w @ V[i]
        w = w - H[i, j] * V[i]
    H[j + 1, j] = np.linalg.norm(w)
    V.append(w / H[j + 1, j])


def gmres_steps(prec, b, maxit=60):
    bn = np.abs(b).max()
    V = [b / np.linalg.norm(b)]
    H = np.zeros((maxit + 1, maxit))
    for j in range(maxit):
        arnoldi_step(lambda v: IA @ prec(v), V, H, j)
        e1 = np.zeros(j + 2)
        e1[0] = np.linalg.norm(b)
        y = np.linalg.lstsq(H[:j + 2, :j + 1], e1, rcond=None)[0]
        x = prec(np.array(V[:j + 1]).T @ y)
        if np.abs(b - IA @ x).max() <= 1e-13 * bn:
            return j + 1
    return None


def ritz_deflated(prec, p, m=30):
    v = rng.random(n)
    V = [v / np.linalg.norm(v)]
    H = np.zeros((m + 1, m))
    for j in range(m):
        arnoldi_step(lambda v: O @ prec(v), V, H, j)
    ev, Y = np.linalg.eig(H[:m, :m])
    order = np.argsort(-np.abs(ev))
    Vm = np.array(V[:m]).T
    cols = []
    for q in order[:p]:
        cols += [Vm @ Y[:, q].real] + ([Vm @ Y[:, q].imag] if abs(ev[q].imag) > 0 else [])
    U = np.linalg.qr(np.array(cols[:p]).T)[0]
    Z = prec(U)
    AZ = IA @ Z
    Einv = np.linalg.inv(U.T @ AZ)

    def m_inv(v):
        c = Einv @ (U.T @ v)
        return prec(v - AZ @ c) + Z @ c
    return m_inv


bs = [np.ones(n), rng.random(n), np.kron(rng.random(R) < 0.1, rng.random(S)) * 1.0, np.eye(n)[7]]
neumann = lambda v: (lambda z: z + jacobi(O @ z))(jacobi(v))
for name, prec in [("block Jacobi", jacobi), ("block Gauss-Seidel, forward", gauss_seidel),
                   ("block Gauss-Seidel, backward", lambda v: gauss_seidel(v, False)), ("Neumann, 2 terms", neumann)]:
    print(f"{name}: steps {[gmres_steps(prec, b) for b in bs]}", flush=True)
J = np.vstack([blocks[r] @ O[r * S:(r + 1) * S] for r in range(R)])
ev = np.sort(np.abs(np.linalg.eigvals(J)))[::-1]
print("largest |eigenvalues| of P^-1 O:", np.round(ev[:20], 3), "; above 0.04:", int((ev > 0.04).sum()))
for p in (1, 2, 4, 8, 16):
    print(f"block Jacobi, {p} Ritz vectors deflated: steps {[gmres_steps(ritz_deflated(jacobi, p), b) for b in bs]}", flush=True)
