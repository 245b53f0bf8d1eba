r"""Private kernel: exact vertex enumeration by pivoting over all feasible bases.

The polytope :math:`\{z \in \mathbb{R}^p : z \ge 0,\ M^\top z \le 1\}` (``M`` a positive
integer matrix of shape ``(p, q)``) is written with slacks as :math:`M^\top z + s = 1`. A
*basis* is a set of ``q`` basic variables; it is feasible when the basic solution is
nonnegative, and then that solution is a vertex whose labels are the nonbasic variables
plus the basic ones at zero (a degenerate vertex has several bases).

Starting from the slack basis (the origin, a nondegenerate vertex), a breadth-first search
follows every feasible pivot: each nonbasic column enters and *every* row attaining the
minimum ratio may leave, so all feasible bases are reached. (The simplex method for
:math:`\min \sum_i z_i` with Bland's rule leads from any feasible basis to the origin's
unique basis by feasible pivots, and every feasible pivot can be reversed, so the graph of
feasible bases is connected.) This is the graph search that reverse-search methods such as
lrs perform without storing the visited set (Avis and Fukuda 1992; Avis et al. 2010).

Arithmetic is integer: the tableau is stored as integers ``T`` over the basis determinant
``D`` (the actual tableau is ``T / D``); pivoting on ``T[r, c]`` gives
``T'[i] = (T[r, c] T[i] - T[i, c] T[r]) / D`` for ``i != r`` (an exact division) and
``D' = T[r, c]`` (Edmonds 1967; the pivoting rule of lrs).
"""

from __future__ import annotations

from collections import deque

import numpy as np
from numpy.typing import NDArray

from dealmodels.solvers._vertex import WorkBudget


def _pivot(tableau: NDArray[np.object_], row: int, col: int, det: int) -> NDArray[np.object_]:
    piv = tableau[row, col]
    new: NDArray[np.object_] = (
        piv * tableau - np.multiply.outer(tableau[:, col], tableau[row])
    ) // det
    new[row] = tableau[row]
    return new


def pivot_vertices(
    matrix: NDArray[np.object_], budget: WorkBudget | None = None
) -> tuple[NDArray[np.object_], NDArray[np.object_], NDArray[np.bool_]]:
    """Exact vertices of :math:`\\{z \\ge 0, M^T z \\le 1\\}` without the origin.

    Returns ``(Z, D, labels)`` like :func:`dealmodels.solvers._support.exact_vertices`:
    vertex ``v`` is ``Z[v] / D[v]`` with integers ``Z[v] >= 0``, ``D[v] > 0``. Every
    feasible basis visited is charged to ``budget`` (a degenerate vertex has many bases,
    so their number is not bounded by the number of vertices).
    """
    p, q = matrix.shape
    width = p + q
    tableau = np.empty((q, width + 1), dtype=object)
    tableau[:, :p] = matrix.T
    tableau[:, p:width] = 0
    for j in range(q):
        tableau[j, p + j] = 1
    tableau[:, width] = 1
    start = tuple(range(p, width))
    visited = {start}
    queue: deque[tuple[tuple[int, ...], NDArray[np.object_], int]] = deque([(start, tableau, 1)])
    found: dict[bytes, tuple[list[int], int, NDArray[np.bool_]]] = {}
    while queue:
        basis, tab, det = queue.popleft()
        rhs = tab[:, width].tolist()
        labels = np.ones(width, dtype=bool)
        z = [0] * p
        for r, v in enumerate(basis):
            labels[v] = rhs[r] == 0
            if v < p:
                z[v] = rhs[r]
        key = np.packbits(labels).tobytes()
        if key not in found and not labels[:p].all():
            found[key] = (z, det, labels)
        in_basis = set(basis)
        for c in range(width):
            if c in in_basis:
                continue
            col = tab[:, c].tolist()
            rows = [r for r in range(q) if col[r] > 0]
            best = rows[0]
            for r in rows[1:]:
                if rhs[r] * col[best] < rhs[best] * col[r]:
                    best = r
            for r in rows:
                if rhs[r] * col[best] != rhs[best] * col[r]:
                    continue
                nb = (*basis[:r], c, *basis[r + 1 :])
                sorted_nb = tuple(sorted(nb))
                if sorted_nb in visited:
                    continue
                visited.add(sorted_nb)
                if budget is not None:  # charged when queued: bounds the queue's memory too
                    budget.spend()
                queue.append((nb, _pivot(tab, r, c, det), col[r]))
    if not found:
        return (
            np.zeros((0, p), dtype=object),
            np.zeros(0, dtype=object),
            np.zeros((0, width), dtype=bool),
        )
    zs = np.empty((len(found), p), dtype=object)
    ds = np.empty(len(found), dtype=object)
    labs = np.zeros((len(found), width), dtype=bool)
    for i, (z, d, lab) in enumerate(found.values()):
        zs[i] = z
        ds[i] = d
        labs[i] = lab
    return zs, ds, labs
