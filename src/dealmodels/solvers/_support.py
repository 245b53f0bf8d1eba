r"""Private kernels: support enumeration, batched over every support of one size at once.

For one player with strategy :math:`z \in \mathbb{R}^p` against an opponent with ``q``
actions and positive payoff matrix ``M`` (the opponent's payoffs, shape ``(p, q)``), a
*support system* is a pair :math:`(S, T)` with :math:`|S| = |T| = k`: the support
:math:`S` of :math:`z` and a set :math:`T` of opponent actions made indifferent (each
worth 1 after scaling),

.. math:: M_{S,T}^\top z_S = \mathbf{1}, \qquad z_i = 0 \ (i \notin S).

A nonsingular system whose solution satisfies :math:`z \ge 0` and :math:`M^\top z \le 1`
is a vertex of the best-response polytope, and every vertex arises from at least one such
system (choose a basis among its tight constraints), also in degenerate games where a
vertex has more tight constraints than dimensions and :math:`|\mathrm{supp}\, z|` differs
from the number of best responses. So enumerating all
:math:`\sum_k \binom{p}{k}\binom{q}{k} = \binom{p+q}{p} - 1` systems, then matching the
two players' vertices by their labels, finds every extreme equilibrium (Nisan et al. 2007,
ch. 3, extended to unequal supports; von Stengel 2002).

The float kernel solves all systems of one size in one batched ``numpy.linalg.solve``;
the exact kernel runs fraction-free Gaussian elimination (Bareiss 1968) on Python
integers, batched over object arrays, so every comparison is exact.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from math import comb
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels.solvers._vertex import (
    CHUNK_ENTRIES,
    LABEL_TOL,
    WorkBudget,
    feasible,
    labels_of,
    unique_vertices,
)

_SINGULAR_RTOL = 1e-11


def _index_sets(size: int, k: int) -> NDArray[np.intp]:
    return np.array(list(itertools.combinations(range(size), k)), dtype=np.intp).reshape(-1, k)


def _system_chunks(
    matrix: NDArray[Any], k: int, budget: WorkBudget | None = None
) -> Iterator[tuple[NDArray[Any], NDArray[np.intp]]]:
    """All k-by-k systems ``M[S, T].T`` and the support ``S`` of each (row-major over S, T).

    Yielded in chunks of at most about ``CHUNK_ENTRIES / k**2`` systems, so memory stays
    bounded however many systems there are; each chunk is charged to ``budget``.
    """
    p, q = matrix.shape
    rows = _index_sets(p, k)
    cols = _index_sets(q, k)
    total = len(rows) * len(cols)
    step = max(1, CHUNK_ENTRIES // (k * k))
    for lo in range(0, total, step):
        flat = np.arange(lo, min(lo + step, total))
        s_idx, t_idx = np.divmod(flat, len(cols))
        if budget is not None:
            budget.spend(len(flat))
        sub = matrix[rows[s_idx][:, None, :], cols[t_idx][:, :, None]]  # [., j, i] = M[S_i, T_j]
        yield sub, rows[s_idx]


def float_vertices(
    matrix: NDArray[np.float64], budget: WorkBudget | None = None
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Vertices (without the origin) and labels of :math:`\\{z \\ge 0, M^T z \\le 1\\}`."""
    p, q = matrix.shape
    points: list[NDArray[np.float64]] = []
    for k, (systems, support) in _all_chunks(matrix, budget):
        sub = np.asarray(systems, dtype=np.float64)
        det = np.linalg.det(sub)
        scale = np.prod(np.linalg.norm(sub, axis=2), axis=1)
        ok = np.abs(det) > _SINGULAR_RTOL * scale
        if not np.any(ok):
            continue
        sol = np.linalg.solve(sub[ok], np.ones((int(ok.sum()), k, 1)))[..., 0]
        z = np.zeros((len(sol), p))
        np.put_along_axis(z, support[ok], sol, axis=1)
        z = np.where(np.abs(z) <= LABEL_TOL, 0.0, z)
        points.append(z[feasible(z, matrix)])
    if not points:
        return np.zeros((0, p)), np.zeros((0, p + q), dtype=bool)
    z = np.concatenate(points)
    return unique_vertices(z, labels_of(z, matrix))


def _all_chunks(
    matrix: NDArray[Any], budget: WorkBudget | None
) -> Iterator[tuple[int, tuple[NDArray[Any], NDArray[np.intp]]]]:
    p, q = matrix.shape
    for k in range(1, min(p, q) + 1):
        for chunk in _system_chunks(matrix, k, budget):
            yield k, chunk


def n_systems(p: int, q: int) -> int:
    """Number of support systems of a ``p``-by-``q`` polytope."""
    return comb(p + q, p) - 1


# -- exact ----------------------------------------------------------------------------------


def bareiss_solve(
    aug: NDArray[np.object_],
) -> tuple[NDArray[np.object_], NDArray[np.object_], NDArray[np.bool_]]:
    """Solve a batch of integer systems ``aug = [M | r]`` (shape ``(K, k, k+1)``) exactly.

    Returns ``(X, D, singular)`` with integers ``X`` of shape ``(K, k)`` and ``D`` of shape
    ``(K,)`` such that ``M @ X = D * r`` and ``D = +-det(M)``; ``singular`` marks
    ``det(M) = 0`` (their ``X`` is meaningless). Bareiss' fraction-free elimination keeps
    every intermediate entry a minor of ``aug``, so all divisions are exact.
    """
    a = aug.copy()
    count, k, _ = a.shape
    singular = np.zeros(count, dtype=bool)
    prev = np.ones(count, dtype=object)
    idx = np.arange(count)
    for c in range(k):
        nonzero = a[:, c:, c] != 0
        has = nonzero.any(axis=1)
        singular |= ~has
        r = c + np.argmax(nonzero, axis=1)
        swap = has & (r != c)
        if np.any(swap):
            s = idx[swap]
            top = a[s, c, :].copy()
            a[s, c, :] = a[s, r[swap], :]
            a[s, r[swap], :] = top
        dead = singular | ~has
        if np.any(dead):
            a[dead, c, c] = 1  # keeps the arithmetic defined; these rows are discarded
        piv = a[:, c, c]
        if c + 1 < k:
            lower = a[:, c + 1 :, c + 1 :]
            upd = piv[:, None, None] * lower - a[:, c + 1 :, c : c + 1] * a[:, c : c + 1, c + 1 :]
            a[:, c + 1 :, c + 1 :] = upd // prev[:, None, None]
            a[:, c + 1 :, c] = 0
        prev = piv
    det = a[:, k - 1, k - 1].copy()
    x = np.empty((count, k), dtype=object)
    for i in range(k - 1, -1, -1):
        acc = det * a[:, i, k]
        for j in range(i + 1, k):
            acc = acc - a[:, i, j] * x[:, j]
        x[:, i] = acc // a[:, i, i]
    return x, det, singular


def exact_vertices(
    matrix: NDArray[np.object_], budget: WorkBudget | None = None
) -> tuple[NDArray[np.object_], NDArray[np.object_], NDArray[np.bool_]]:
    """Exact vertices of :math:`\\{z \\ge 0, M^T z \\le 1\\}` for a positive integer ``M``.

    Returns ``(Z, D, labels)``: vertex ``v`` is ``Z[v] / D[v]`` with integers ``Z[v] >= 0``
    and ``D[v] > 0``.
    """
    p, q = matrix.shape
    zs: list[NDArray[np.object_]] = []
    ds: list[NDArray[np.object_]] = []
    for k, (sub, support) in _all_chunks(matrix, budget):
        aug = np.concatenate([sub, np.ones((len(sub), k, 1), dtype=object)], axis=2)
        x, det, singular = bareiss_solve(aug)
        ok = ~singular
        x, det, support = x[ok], det[ok], support[ok]
        neg = det < 0
        x[neg] = -x[neg]
        det[neg] = -det[neg]
        z = np.zeros((len(x), p), dtype=object)
        np.put_along_axis(z, support, x, axis=1)
        good = np.all(z >= 0, axis=1) & np.all(np.dot(z, matrix) <= det[:, None], axis=1)
        zs.append(z[good])
        ds.append(det[good])
    if not zs:
        return (
            np.zeros((0, p), dtype=object),
            np.zeros(0, dtype=object),
            np.zeros((0, p + q), bool),
        )
    z = np.concatenate(zs)
    d = np.concatenate(ds)
    labels = np.concatenate([z == 0, np.dot(z, matrix) == d[:, None]], axis=1).astype(bool)
    keep = ~np.all(labels[:, :p], axis=1)
    z, d, labels = z[keep], d[keep], labels[keep]
    if len(z) == 0:
        return z, d, labels
    _, first = np.unique(np.packbits(labels, axis=1), axis=0, return_index=True)
    first.sort()
    return z[first], d[first], labels[first]
