"""Private linear-programming helpers shared by the dominance, commitment and correlated
equilibrium solvers: HiGHS through :func:`scipy.optimize.linprog`, and the exact rebuild of
an LP solution in rational arithmetic (solve the active constraints with Fractions, then
check every constraint exactly).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels.errors import SolverError

_HIGHS_OPTIONS = {
    "primal_feasibility_tolerance": 1e-10,
    "dual_feasibility_tolerance": 1e-10,
}


# -- shared private LP helpers (also used by commitment.py and correlated.py) ---------------------
def _highs(
    c: NDArray[np.float64],
    *,
    A_ub: NDArray[np.float64] | None = None,
    b_ub: NDArray[np.float64] | None = None,
    A_eq: NDArray[np.float64] | None = None,
    b_eq: NDArray[np.float64] | None = None,
    bounds: Any = (0, None),
) -> NDArray[np.float64] | None:
    """Minimise ``c @ x`` with HiGHS; the optimum, or None if the LP is infeasible."""
    from scipy.optimize import linprog

    res = linprog(
        c,
        A_ub=A_ub,
        b_ub=b_ub,
        A_eq=A_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
        options=_HIGHS_OPTIONS,
    )
    if res.status == 2:
        return None
    if res.status != 0:
        raise SolverError(f"HiGHS failed on a linear programme: {res.message}")
    return np.asarray(res.x, dtype=np.float64)


def _gauss_jordan(
    rows: list[list[Fraction]], rhs: list[Fraction], guess: Sequence[Fraction]
) -> list[Fraction] | None:
    """Exact solution of ``rows @ x = rhs``; free variables take their ``guess`` values.

    Returns None if the system is inconsistent.
    """
    n = len(guess)
    m = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    pivots: list[int] = []
    r = 0
    for col in range(n):
        if r == len(m):
            break
        p = next((i for i in range(r, len(m)) if m[i][col] != 0), None)
        if p is None:
            continue
        m[r], m[p] = m[p], m[r]
        piv = m[r][col]
        m[r] = [v / piv for v in m[r]]
        for i in range(len(m)):
            if i != r and m[i][col] != 0:
                f = m[i][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
        pivots.append(col)
        r += 1
    if any(m[i][n] != 0 for i in range(r, len(m))):
        return None
    pivot_set = set(pivots)
    free = [c for c in range(n) if c not in pivot_set]
    x = [Fraction(0)] * n
    for c in free:
        x[c] = Fraction(guess[c])
    for i, c in enumerate(pivots):
        x[c] = m[i][n] - sum((m[i][f] * x[f] for f in free), Fraction(0))
    return x


def _rational_candidates(
    x: NDArray[np.float64],
    *,
    eq: Sequence[Sequence[Fraction]] = (),
    eq_rhs: Sequence[Fraction] = (),
    ge: Any = (),
    ge_rhs: Sequence[Fraction] = (),
    ge_float: NDArray[np.float64] | None = None,
    rel_tol: float = 1e-7,
) -> Iterator[NDArray[Any]]:
    """Exact rational points near an LP optimum ``x`` (float) for the caller to verify.

    The LP has variables ``x >= 0``, equalities ``eq @ x = eq_rhs`` and inequalities
    ``ge @ x >= ge_rhs`` (all exact; ``ge`` a 2-d array_like of Fractions, ``ge_float`` the
    same matrix in float64 if the caller has it). The first candidate solves, exactly, the
    system of the constraints active at ``x`` (zero variables and inequalities with slack
    within ``rel_tol``), the vertex that the float optimum approximates; free directions take
    rounded values of ``x``. The next candidates are ``x`` rounded to small denominators.
    Candidates need not be feasible: the caller checks them exactly.
    """
    n = len(x)
    scale = max(1.0, float(np.max(np.abs(x))) if n else 1.0)
    zero_mask = np.abs(x) <= rel_tol * scale
    keep = [int(k) for k in np.flatnonzero(~zero_mask)]
    # the system restricted to the non-zero variables (the zero ones are fixed at 0)
    rows: list[list[Fraction]] = [[Fraction(r[k]) for k in keep] for r in eq]
    rhs: list[Fraction] = [Fraction(b) for b in eq_rhs]
    ge_arr = np.asarray(ge, dtype=object).reshape(-1, n) if len(ge) else None
    if ge_arr is not None:
        if ge_float is None:
            # each exact row over its largest |entry|, divided exactly before rounding: the
            # same constraint, with no entry beyond the float range (10**400) or below it
            tops = [
                max((abs(Fraction(v)) for v in row), default=Fraction(0)) or Fraction(1)
                for row in ge_arr
            ]
            pairs = zip(ge_arr, tops, strict=True)
            gf = np.array([[float(Fraction(v) / t) for v in row] for row, t in pairs])
            gf = gf.reshape(ge_arr.shape)
            bf = np.array([float(Fraction(b) / t) for b, t in zip(ge_rhs, tops, strict=True)])
        else:
            gf = ge_float
            bf = np.array([float(b) for b in ge_rhs])
        slack = gf[:, keep] @ x[keep] - bf
        size = np.maximum(1.0, np.max(np.abs(gf), axis=1))
        for r in np.flatnonzero(np.abs(slack) <= rel_tol * size * scale).tolist():
            rows.append([Fraction(v) for v in ge_arr[r, keep]])
            rhs.append(Fraction(ge_rhs[r]))
    guess = [Fraction(float(x[k])).limit_denominator(10**6) for k in keep]
    sol = _gauss_jordan(rows, rhs, guess) if keep else None
    if sol is not None:
        full = np.array([Fraction(0)] * n, dtype=object)
        for k, v in zip(keep, sol, strict=True):
            full[k] = v
        yield full
    for den in (10, 100, 1000, 10**4, 10**6, 10**9):
        cand = [Fraction(float(v)).limit_denominator(den) for v in x]
        for z in np.flatnonzero(zero_mask).tolist():
            cand[z] = Fraction(0)
        yield np.array(cand, dtype=object)
