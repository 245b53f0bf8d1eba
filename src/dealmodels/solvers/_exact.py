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

Arithmetic is integer: the condensed tableau (nonbasic columns and right-hand side) is
stored as integers ``T`` over the basis determinant ``D`` (the actual tableau is ``T / D``);
pivoting on ``T[r, c]`` gives ``T'[i, j] = (T[r, c] T[i, j] - T[i, c] T[r, j]) / D`` for
``i != r``, ``j != c`` (an exact division), ``T'[i, c] = -T[i, c]``, ``T'[r, c] = D`` and
``D' = T[r, c]`` (Edmonds 1967; the pivoting rule of lrs).
"""

from __future__ import annotations

from collections import deque
from math import gcd
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels.solvers._vertex import WorkBudget


def _pivot(tab: list[list[int]], r: int, c: int, det: int) -> list[list[int]]:
    """Integer pivot of a condensed tableau on ``tab[r][c]`` (Edmonds' rule, as in lrs).

    ``tab`` holds, over the determinant ``det``, one row per basic variable: the
    coefficients of the nonbasic variables and, last, the right-hand side of
    :math:`x_B + N x_N = b`. After the pivot the entering variable is basic in row ``r``
    and the leaving one nonbasic in column ``c``; the new determinant is ``tab[r][c]``:
    row ``r`` is unchanged except ``tab'[r][c] = det``, column ``c`` of the other rows
    changes sign, and every other entry is
    :math:`(T_{rc} T_{ij} - T_{ic} T_{rj}) / D`, an exact division.
    """
    prow = tab[r]
    piv = prow[c]
    out: list[list[int]] = []
    for i, row in enumerate(tab):
        if i == r:
            new = prow.copy()
            new[c] = det
        else:
            f = row[c]
            if f == 0:
                new = [piv * v // det for v in row]
            else:
                new = [(piv * v - f * w) // det for v, w in zip(row, prow, strict=True)]
                new[c] = -f
        out.append(new)
    return out


_INF = float("inf")
_NEAR = 1.0 + 1e-12
_SMALL_TABLEAU = 48  # p * q up to which the ratio tests run on Python floats


def _exact_ties(rows: list[int], rhs: list[int], col: list[int] | tuple[int, ...]) -> list[int]:
    """The rows among ``rows`` with the least exact ratio ``rhs[r] / col[r]`` (all positive)."""
    best = rows[0]
    ties = [best]
    for r in rows[1:]:
        lhs, cur = rhs[r] * col[best], rhs[best] * col[r]
        if lhs < cur:
            best, ties = r, [r]
        elif lhs == cur:
            ties.append(r)
    return ties


def _ratio_ties(
    tab: list[list[int]], rhs: list[int], p: int, q: int
) -> list[tuple[int, list[int]]]:
    """For each column ``c < p`` with a positive entry, the rows attaining the least ratio
    ``rhs[r] / tab[r][c]`` over the rows with ``tab[r][c] > 0`` (the leaving candidates).

    The ratios of all columns are computed at once in floats: each is within a relative
    ``1e-15`` of the exact one, so the rows within ``1e-12`` of a column's least ratio
    contain every exact minimiser (a least ratio 0 selects exactly the rows with
    ``rhs = 0``); when there are several they are compared exactly. Integers beyond the
    float range are compared exactly throughout.
    """
    out: list[tuple[int, list[int]]] = []
    if p * q <= _SMALL_TABLEAU:  # Python floats: cheaper than numpy's calls on small tableaux
        try:
            for c, col in enumerate(zip(*tab, strict=True)):
                if c == p:  # the right-hand side
                    break
                ratios = [v / a if a > 0 else _INF for v, a in zip(rhs, col, strict=True)]
                least = min(ratios)
                if least == _INF:  # pragma: no cover - the polytope is bounded (M > 0)
                    continue
                limit = least * _NEAR
                rows = [r for r, v in enumerate(ratios) if v <= limit]
                out.append((c, _exact_ties(rows, rhs, col) if len(rows) > 1 else rows))
            return out
        except OverflowError:  # a ratio beyond the float range
            out = []
    try:
        f = np.array(tab, dtype=np.float64)
    except OverflowError:  # integers beyond the float range
        f = None
    if f is None:  # entries are integers, so a ratio with a positive divisor stays finite
        for c in range(p):
            column = [row[c] for row in tab]
            rows = [r for r in range(q) if column[r] > 0]
            if rows:
                out.append((c, _exact_ties(rows, rhs, column)))
        return out
    cols = f[:, :p]
    ratios = np.divide(f[:, p:], cols, out=np.full((q, p), _INF), where=cols > 0)
    least = np.minimum.reduce(ratios, axis=0)
    near_c, near_r = np.nonzero((ratios <= least * _NEAR).T)
    grouped: dict[int, list[int]] = {}
    for c, r in zip(near_c.tolist(), near_r.tolist(), strict=True):
        grouped.setdefault(c, []).append(r)
    return [
        (c, _exact_ties(ties, rhs, [row[c] for row in tab]) if len(ties) > 1 else ties)
        for c, ties in grouped.items()
    ]


def basis_labels(rhs: list[int], basic: list[int], full: int) -> int:
    """The labels of a basis's vertex as a bitmask: every variable that is zero there (the
    nonbasic ones and the basic ones at 0), ``full`` with the positive basic ones removed."""
    positive = 0
    for r, b in enumerate(rhs):
        if b:
            positive |= 1 << basic[r]
    return full ^ positive


def basis_point(rhs: list[int], basic: list[int], p: int) -> list[int]:
    """The vertex's first ``p`` coordinates, times the tableau's determinant: the basic
    values of the variables ``0..p-1``, 0 for the nonbasic ones."""
    z = [0] * p
    for r, b in enumerate(basic):
        if b < p:
            z[b] = rhs[r]
    return z


def pivot_vertices(
    matrix: NDArray[np.object_], budget: WorkBudget | None = None
) -> tuple[NDArray[np.object_], NDArray[np.object_], NDArray[np.bool_]]:
    """Exact vertices of :math:`\\{z \\ge 0, M^T z \\le 1\\}` without the origin.

    Returns ``(Z, D, labels)`` like :func:`dealmodels.solvers._support.exact_vertices`:
    vertex ``v`` is ``Z[v] / D[v]`` with integers ``Z[v] >= 0``, ``D[v] > 0``. Every
    feasible basis visited is charged to ``budget`` (a degenerate vertex has many bases,
    so their number is not bounded by the number of vertices).

    Small tableaux are searched one basis at a time (:func:`_basis_search`); larger ones
    level by level, each level's ratio tests and pivots batched (:func:`_level_search`),
    when Hadamard's bound shows that every tableau entry converts to a float.
    """
    p, q = matrix.shape
    rows = [[int(v) for v in row] for row in matrix.tolist()]
    if p * q <= _SMALL_TABLEAU or _log_hadamard(rows) > _LOG_FLOAT_SAFE:
        return _basis_search(rows, p, q, budget)
    return _level_search(rows, p, q, budget)


def _log_hadamard(rows: list[list[int]]) -> float:
    """Log of Hadamard's bound on every minor of :math:`[M^T \\mid I \\mid \\mathbf 1]`:
    the product over its columns of ``max(1, norm)``."""
    import math

    total = math.log(max(1.0, math.sqrt(len(rows[0]))))  # the column of ones
    for row in rows:  # column i of M^T is row i of M
        total += math.log(max(1.0, math.sqrt(float(sum(v * v for v in row)))))
    return total


_LOG_FLOAT_SAFE = 600.0  # e**600 ~ 4e260: entries of the tableau convert to floats


def _basis_search(
    rows: list[list[int]], p: int, q: int, budget: WorkBudget | None
) -> tuple[NDArray[np.object_], NDArray[np.object_], NDArray[np.bool_]]:
    """:func:`pivot_vertices` one basis at a time.

    The tableau is condensed (only the ``p`` nonbasic columns and the right-hand side, in
    lists of Python integers) and a basis is a bitmask of its variables (``z_i`` is
    variable ``i``, slack ``s_j`` variable ``p + j``), so the visited set holds integers.
    """
    width = p + q
    tableau = [[rows[i][j] for i in range(p)] + [1] for j in range(q)]
    basic = list(range(p, width))  # row j holds variable basic[j]
    nonbasic = list(range(p))  # column c holds variable nonbasic[c]
    start = sum(1 << v for v in basic)
    full = (1 << width) - 1
    origin = (1 << p) - 1  # the labels of the origin (with no slack at zero)
    visited = {start}
    queue: deque[tuple[int, list[int], list[int], list[list[int]], int]] = deque(
        [(start, basic, nonbasic, tableau, 1)]
    )
    found: dict[int, tuple[list[int], int]] = {}
    while queue:
        mask, basic, nonbasic, tab, det = queue.popleft()
        rhs = [row[p] for row in tab]
        labels = basis_labels(rhs, basic, full)
        if labels not in found and labels & origin != origin:
            found[labels] = (basis_point(rhs, basic, p), det)
        for c, ties in _ratio_ties(tab, rhs, p, q):
            entering = nonbasic[c]
            for r in ties:
                leaving = basic[r]
                new_mask = mask ^ (1 << leaving) ^ (1 << entering)
                if new_mask in visited:
                    continue
                visited.add(new_mask)
                if budget is not None:  # charged when queued: bounds the queue's memory too
                    budget.spend()
                new_basic = basic.copy()
                new_basic[r] = entering
                new_nonbasic = nonbasic.copy()
                new_nonbasic[c] = leaving
                queue.append(
                    (new_mask, new_basic, new_nonbasic, _pivot(tab, r, c, det), tab[r][c])
                )
    return _pack(found, p, width)


def _pack(
    found: dict[int, tuple[list[int], int]], p: int, width: int
) -> tuple[NDArray[np.object_], NDArray[np.object_], NDArray[np.bool_]]:
    """``(Z, D, labels)`` arrays from ``{label bitmask: (Z row, D)}``."""
    if not found:
        return (
            np.zeros((0, p), dtype=object),
            np.zeros(0, dtype=object),
            np.zeros((0, width), dtype=bool),
        )
    zs = np.empty((len(found), p), dtype=object)
    ds = np.empty(len(found), dtype=object)
    keys = list(found)
    for i, (z, d) in enumerate(found.values()):
        zs[i] = z
        ds[i] = d
    bits = np.array(keys, dtype=object)[:, None] >> np.arange(width)
    labs: NDArray[np.bool_] = (bits & 1).astype(bool)
    return zs, ds, labs


_LEVEL_CHUNK = 256  # bases of one level pivoted together (bounds the object arrays)


def _level_search(
    rows: list[list[int]], p: int, q: int, budget: WorkBudget | None
) -> tuple[NDArray[np.object_], NDArray[np.object_], NDArray[np.bool_]]:
    """:func:`pivot_vertices` level by level: the same breadth-first search over feasible
    bases, with each level's tableaux stacked in one object array (``(K, q, p + 1)``).

    The ratio tests of every basis and column of a level run at once in floats (as in
    :func:`_ratio_ties`: the rows within ``1e-12`` of a column's least ratio contain every
    exact minimiser, and several are compared exactly), and the new bases of a level are
    pivoted together by the integer rule of :func:`_pivot` on object arrays.
    """
    width = p + q
    full = (1 << width) - 1
    origin = (1 << p) - 1
    tab0 = np.empty((1, q, p + 1), dtype=object)
    tab0[0, :, :p] = np.array(rows, dtype=object).T
    tab0[0, :, p] = 1
    start = sum(1 << v for v in range(p, width))
    visited = {start}
    found: dict[int, tuple[list[int], int]] = {}
    level: list[tuple[list[int], NDArray[np.intp], NDArray[np.intp], NDArray[np.object_], Any]]
    level = [
        (
            [start],
            np.arange(p, width)[None, :],
            np.arange(p)[None, :],
            tab0,
            np.ones(1, dtype=object),
        )
    ]
    while level:
        nxt = []
        for masks, basic, nonbasic, tab, det in level:
            nxt.extend(
                _expand(
                    masks, basic, nonbasic, tab, det, p, q, full, origin, visited, found, budget
                )
            )
        level = nxt
    return _pack(found, p, width)


def _expand(
    masks: list[int],
    basic: NDArray[np.intp],
    nonbasic: NDArray[np.intp],
    tab: NDArray[np.object_],
    det: NDArray[np.object_],
    p: int,
    q: int,
    full: int,
    origin: int,
    visited: set[int],
    found: dict[int, tuple[list[int], int]],
    budget: WorkBudget | None,
) -> list[tuple[list[int], NDArray[np.intp], NDArray[np.intp], NDArray[np.object_], Any]]:
    """Record the vertices of a chunk of bases and pivot to their unvisited neighbours."""
    count = len(masks)
    rhs = tab[:, :, p]
    positive = (rhs != 0).tolist()
    basic_l = basic.tolist()
    rhs_l = rhs.tolist()
    det_l = det.tolist()
    for k in range(count):
        pos = 0
        for r in range(q):
            if positive[k][r]:
                pos |= 1 << basic_l[k][r]
        labels = full ^ pos
        if labels not in found and labels & origin != origin:
            z = [0] * p
            for r in range(q):
                v = basic_l[k][r]
                if v < p:
                    z[v] = rhs_l[k][r]
            found[labels] = (z, det_l[k])
    grouped: dict[tuple[int, int], list[int]] = {}
    try:
        f = tab.astype(np.float64)
    except OverflowError:  # integers beyond the float range: one basis at a time, exactly
        for k in range(count):
            for c, ties in _ratio_ties(tab[k].tolist(), rhs_l[k], p, q):
                grouped[k, c] = ties
    else:
        cols = f[:, :, :p]
        ratios = np.divide(f[:, :, p:], cols, out=np.full((count, q, p), _INF), where=cols > 0)
        least = np.minimum.reduce(ratios, axis=1)  # (K, p)
        near = np.swapaxes(ratios <= least[:, None, :] * _NEAR, 1, 2)  # (K, p, q)
        near_k, near_c, near_r = np.nonzero(near)
        for k, c, r in zip(near_k.tolist(), near_c.tolist(), near_r.tolist(), strict=True):
            grouped.setdefault((k, c), []).append(r)
    nonbasic_l = nonbasic.tolist()
    take_k: list[int] = []
    take_r: list[int] = []
    take_c: list[int] = []
    new_masks: list[int] = []
    for (k, c), ties in grouped.items():
        if len(ties) > 1:
            ties = _exact_ties(ties, rhs_l[k], [int(v) for v in tab[k, :, c]])
        entering = nonbasic_l[k][c]
        for r in ties:
            leaving = basic_l[k][r]
            new_mask = masks[k] ^ (1 << leaving) ^ (1 << entering)
            if new_mask in visited:
                continue
            visited.add(new_mask)
            if budget is not None:  # charged when queued, as by _basis_search
                budget.spend()
            take_k.append(k)
            take_r.append(r)
            take_c.append(c)
            new_masks.append(new_mask)
    out = []
    for lo in range(0, len(take_k), _LEVEL_CHUNK):
        ks = np.array(take_k[lo : lo + _LEVEL_CHUNK])
        rs = np.array(take_r[lo : lo + _LEVEL_CHUNK])
        cs = np.array(take_c[lo : lo + _LEVEL_CHUNK])
        idx = np.arange(len(ks))
        old = tab[ks]
        piv = old[idx, rs, cs]
        prow = old[idx, rs, :]
        pcol = old[idx, :, cs]
        new = (piv[:, None, None] * old - pcol[:, :, None] * prow[:, None, :]) // det[ks][
            :, None, None
        ]
        new[idx, :, cs] = -pcol
        new[idx, rs, :] = prow
        new[idx, rs, cs] = det[ks]
        new_basic = basic[ks].copy()
        new_nonbasic = nonbasic[ks].copy()
        new_basic[idx, rs] = nonbasic[ks, cs]
        new_nonbasic[idx, cs] = basic[ks, rs]
        out.append((new_masks[lo : lo + _LEVEL_CHUNK], new_basic, new_nonbasic, new, piv))
    return out


def _nonnegative_solution(det: Any, x: Any) -> tuple[int, list[int]] | None:
    """A Bareiss solution ``x / det`` as a positive denominator and integer numerators, or
    None where a component is negative (the point lies outside the polytope)."""
    d = int(det)
    sol = [int(v) for v in x]
    if d < 0:
        d, sol = -d, [-v for v in sol]
    return None if min(sol) < 0 else (d, sol)


def exact_partners(
    labels_p: NDArray[np.bool_], a: NDArray[np.object_]
) -> list[tuple[int, list[int]]] | None:
    r"""Exact partners in :math:`Q` of the vertices of :math:`P`, or None if degenerate.

    The exact counterpart of :func:`dealmodels.solvers._vertex.partners`: ``a`` is the
    positive integer matrix :math:`A` (shape ``(m, n)``) and ``labels_p`` the label rows of
    :math:`P`'s vertices (origin excluded). If every vertex has exactly :math:`m` labels, a
    vertex with support :math:`S` and best responses :math:`T` (:math:`|S| = |T| = k`) can
    only be completed by :math:`y` with :math:`y_j = 0` off :math:`T` and
    :math:`A_{S,T}\, y_T = \mathbf 1`. Vertices whose support has a row strictly dominated
    on :math:`T` (exact integer comparison) have no partner and are skipped; the other
    systems are first screened in floats with a certified error bound
    (:func:`dealmodels.solvers._filtered.partner_screen`: only systems proved nonsingular
    and infeasible are dropped), the rest solved by batched fraction-free elimination, and
    :math:`y` is kept iff
    :math:`y \ge 0` and :math:`A y \le \mathbf 1`, exactly. Returns ``(vertex index, Y)``
    pairs with integer ``Y`` proportional to :math:`y`, or None when some system is
    singular: then the completion need not be unique and both polytopes must be
    enumerated. A vertex with more than :math:`m` labels (:math:`|T| > |S|`) is completed
    by every vertex of the face of :math:`Q` where its complementary labels hold
    (:func:`_face_vertices`).
    """
    from dealmodels.solvers._filtered import partner_screen
    from dealmodels.solvers._support import bareiss_solve
    from dealmodels.solvers._vertex import _undominated

    m, n = a.shape
    if len(labels_p) == 0:
        return []
    beats = (a[:, None, :] > a[None, :, :]).astype(bool).reshape(m * m, n)
    candidates = np.flatnonzero(_undominated(labels_p, a, beats=beats))
    simple = labels_p[candidates].sum(axis=1) == m
    out: list[tuple[int, list[int]]] = []
    rows_a = a.tolist()
    a_float = a.astype(np.float64) if max(max(r) for r in rows_a) <= 2**50 else None
    for v in candidates[~simple].tolist():  # degenerate vertices: a face of Q each
        face = _face_vertices(
            rows_a,
            np.flatnonzero(~labels_p[v, :m]).tolist(),
            np.flatnonzero(labels_p[v, m:]).tolist(),
            n,
        )
        if face is None:
            return None
        out.extend((v, y) for y in face)
    candidates = candidates[simple]
    support = ~labels_p[candidates, :m]
    best = labels_p[candidates, m:]
    sizes = support.sum(axis=1)
    for k in range(1, m + 1):
        rows = np.flatnonzero(sizes == k)
        if len(rows) == 0:
            continue
        s_idx = np.nonzero(support[rows])[1].reshape(-1, k)
        t_idx = np.nonzero(best[rows])[1].reshape(-1, k)
        if a_float is not None and k >= _SCREEN_SIZE:  # drop the certified infeasible
            keep = partner_screen(a_float, s_idx, t_idx)
            rows, s_idx, t_idx = rows[keep], s_idx[keep], t_idx[keep]
            if len(rows) == 0:
                continue
        aug = np.ones((len(rows), k, k + 1), dtype=object)
        aug[:, :, :k] = a[s_idx[:, :, None], t_idx[:, None, :]]
        x, det, singular = bareiss_solve(aug)
        if np.any(singular):
            return None
        for e in range(len(rows)):
            signed = _nonnegative_solution(det[e], x[e])
            if signed is None:
                continue
            d, sol = signed
            y = [0] * n
            for j, v in zip(t_idx[e].tolist(), sol, strict=True):
                y[j] = v
            if all(sum(r * v for r, v in zip(row, y, strict=True)) <= d for row in rows_a):
                out.append((int(candidates[rows[e]]), y))
    out.sort()
    return out


_SCREEN_SIZE = 4  # partner systems from this size on are screened in floats first (below,
# batched Bareiss elimination costs about as much as the screen)
_FACE_SYSTEMS = 5000  # the most systems one face of Q may take; beyond, both polytopes


def _face_vertices(
    a: list[list[int]], support: list[int], best: list[int], n: int
) -> list[list[int]] | None:
    r"""Vertices of the face :math:`F = \{y \in Q : (A y)_S = 1,\ y_j = 0\ (j \notin T)\}`.

    In the coordinates :math:`y_T` (:math:`t = |T| > s = |S|`), a vertex of :math:`F` has
    :math:`t` linearly independent tight constraints: the :math:`s` equalities and
    :math:`t - s` of the inequalities :math:`y_j \ge 0` (:math:`j \in T`) and
    :math:`(A y)_i \le 1` (:math:`i \notin S`). Every such choice is solved exactly
    (batched fraction-free elimination) and the feasible solutions kept, each once, as
    integer vectors of length ``n`` proportional to :math:`y`. Returns None when every
    choice is singular (then the equalities may be dependent and :math:`F` need not be
    found this way) or there are more than ``_FACE_SYSTEMS`` choices.
    """
    from itertools import combinations
    from math import comb

    from dealmodels.solvers._support import bareiss_solve

    s, t = len(support), len(best)
    others = [i for i in range(len(a)) if i not in set(support)]
    pool = [("y", j) for j in range(t)] + [("a", i) for i in others]
    extra = t - s
    if comb(len(pool), extra) > _FACE_SYSTEMS:
        return None
    eq = [[a[i][j] for j in best] + [1] for i in support]
    systems = []
    for chosen in combinations(pool, extra):
        rows = list(eq)
        for kind, idx in chosen:
            if kind == "y":
                rows.append([1 if j == idx else 0 for j in range(t)] + [0])
            else:
                rows.append([a[idx][j] for j in best] + [1])
        systems.append(rows)
    x, det, singular = bareiss_solve(np.array(systems, dtype=object).reshape(-1, t, t + 1))
    if np.all(singular):
        return None
    found: dict[tuple[int, ...], list[int]] = {}
    for e in np.flatnonzero(~singular).tolist():
        signed = _nonnegative_solution(det[e], x[e])
        if signed is None:
            continue
        d, sol = signed
        y = [0] * n
        for j, v in zip(best, sol, strict=True):
            y[j] = v
        if any(sum(r * v for r, v in zip(row, y, strict=True)) > d for row in a):
            continue
        g = 0
        for v in y:
            g = gcd(g, v)
        key = tuple(v // g for v in y)  # the same point from several choices, once
        found.setdefault(key, list(key))
    return list(found.values())
