r"""Private kernel: the Lemke–Howson algorithm by complementary pivoting on two tableaux.

With positive payoffs, write the best-response polytopes with slacks,

.. math:: B^\top x + s = \mathbf{1}, \qquad r + A y = \mathbf{1}, \qquad x, s, r, y \ge 0.

Variables are numbered by their labels: in the first tableau :math:`x_i` has label
:math:`i` and :math:`s_j` label :math:`m + j`; in the second :math:`r_i` has label :math:`i`
and :math:`y_j` label :math:`m + j`. Starting from the artificial equilibrium
:math:`(0, 0)`, the variable with the dropped label :math:`k` enters its tableau; the
variable that leaves (minimum ratio test) has some label :math:`l`, and the variable with
label :math:`l` enters the other tableau. The path ends when label :math:`k` leaves: every
label is then present once and the normalised :math:`(x, y)` is a Nash equilibrium
(Lemke and Howson 1964; von Stengel 2002).

Degenerate games are handled by the lexicographic minimum ratio test (rows compared as
:math:`(\text{rhs}, B^{-1}) / \text{pivot}`), which makes every pivot unique and the path
finite. Floats use a tolerance; exact games pivot on :class:`~fractions.Fraction` entries.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels.errors import ConvergenceError


def _lex_min_row(tableau: NDArray[Any], col: int, slack: slice, tol: float) -> int:
    column = tableau[:, col]
    cand = np.flatnonzero(column > tol)
    if len(cand) == 0:  # cannot happen for bounded polytopes
        raise ConvergenceError("Lemke-Howson: unbounded ray (the payoffs are not positive)")
    keys = np.concatenate([tableau[cand, -1:], tableau[cand, slack]], axis=1)
    for c in range(keys.shape[1]):
        if len(cand) == 1:
            break
        vals = keys[:, c] / column[cand]
        best = vals.min()
        keep = vals <= best + tol
        cand, keys = cand[keep], keys[keep]
    return int(cand[0])


def _pivot(tableau: NDArray[Any], row: int, col: int) -> None:
    tableau[row] = tableau[row] / tableau[row, col]
    factors = tableau[:, col].copy()
    factors[row] = 0
    tableau -= factors[:, None] * tableau[row][None, :]


def lemke_howson_path(
    a: NDArray[Any], b: NDArray[Any], dropped: int, *, tol: float, max_pivots: int = 100_000
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Unnormalised ``(x, y)`` at the end of the path from ``(0, 0)`` dropping ``dropped``.

    ``a`` and ``b`` must be positive, float64 (``tol > 0``) or object arrays of Fractions
    (``tol = 0``).
    """
    m, n = a.shape
    exact = a.dtype == object
    one = np.ones((1,), dtype=a.dtype) if not exact else np.array([Fraction(1)], dtype=object)
    eye_n = np.eye(n, dtype=a.dtype) if not exact else _eye_obj(n)
    eye_m = np.eye(m, dtype=a.dtype) if not exact else _eye_obj(m)
    t1 = np.concatenate([b.T, eye_n, np.repeat(one[None, :], n, axis=0)], axis=1)
    t2 = np.concatenate([eye_m, a, np.repeat(one[None, :], m, axis=0)], axis=1)
    basis1 = list(range(m, m + n))
    basis2 = list(range(m))
    slack1 = slice(m, m + n)
    slack2 = slice(0, m)
    entering = dropped
    first = dropped < m
    tabs = ((t1, basis1, slack1), (t2, basis2, slack2))
    side = 0 if first else 1
    for _ in range(max_pivots):
        tab, basis, slack = tabs[side]
        row = _lex_min_row(tab, entering, slack, tol)
        leaving = basis[row]
        _pivot(tab, row, entering)
        basis[row] = entering
        if leaving == dropped:
            break
        entering = leaving
        side = 1 - side
    else:
        raise ConvergenceError(
            f"Lemke-Howson did not finish within max_pivots={max_pivots} pivots"
        )
    zero: Any = 0 if exact else 0.0
    x = np.array([zero] * m, dtype=a.dtype)
    y = np.array([zero] * n, dtype=a.dtype)
    for r, v in enumerate(basis1):
        if v < m:
            x[v] = t1[r, -1]
    for r, v in enumerate(basis2):
        if v >= m:
            y[v - m] = t2[r, -1]
    return x, y


def _eye_obj(k: int) -> NDArray[np.object_]:
    out = np.empty((k, k), dtype=object)
    out[...] = Fraction(0)
    for i in range(k):
        out[i, i] = Fraction(1)
    return out
