r"""Private kernel: vertex enumeration of a nondegenerate bimatrix game, compiled with numba.

The same answer as the lean path of :func:`._vertex.nondegenerate_pairs` followed by
``nash._float_equilibria`` (sort, repeats, regret check), in one compiled call without
qhull, for games whose best-response polytopes are simple.

For payoffs :math:`(A, B)` mapped onto ``[1, 2]`` (:math:`1 + (M - \min M)/\mathrm{span}`,
as :func:`._vertex.rescale`), each best-response polytope
:math:`\{z \in \mathbb{R}^p : z \ge 0,\ M^\top z \le 1\}` (:math:`M = B` for :math:`P`,
:math:`M = A^\top` for :math:`Q`) is enumerated by a breadth-first search over its
vertices with the simplex method's pivots (the graph of a simple polytope is connected;
Balinski 1961). A vertex is a dictionary: the :math:`q` basic variables (coordinates
:math:`z_i` and slacks :math:`s_j = 1 - (M^\top z)_j`) as affine functions of the
:math:`p` nonbasic ones, which are zero and are the vertex's labels (label :math:`i` for
:math:`z_i`, :math:`p + j` for :math:`s_j`). The search starts at the origin (every slack
basic, all equal to 1). From a vertex, each nonbasic variable in turn enters; the minimum
ratio test :math:`\min\{\mathrm{rhs}_i / T_{ic} : T_{ic} > 0\}` names the leaving one,
so the neighbour's label set is known before pivoting, and only a neighbour not seen yet
(a hash table of label bitmasks) is pivoted to and stored. A vertex with a basic variable
at most ``LABEL_TOL`` has more than :math:`p` labels: the game is degenerate at the
package's tolerance, and the kernel stops with ``DEGENERATE`` so that the robust path
runs (as the lean path does when a vertex has more than :math:`p` labels).

In a nondegenerate game the completely labelled pairs are the vertices :math:`x \ne 0` of
:math:`P` and :math:`y` of :math:`Q` with complementary label sets (von Stengel 2002),
looked up in :math:`Q`'s hash table. The pairs are normalised, sorted by descending
probabilities (``x`` first, then ``y``), rows within ``1e-8`` (max norm) of an earlier
one dropped, and each pair's regret computed on the raw payoffs divided by each player's
largest magnitude, exactly as ``nash._float_equilibria`` states it; the caller compares
the regrets with ``tol``.

Status codes instead of exceptions (numba's ``nopython`` mode): ``OK``, ``DEGENERATE``
(or a pivot without a positive entry, which only round-off can cause), ``TOO_LARGE``
(more vertices than the caller's capacity), ``RANGE`` (a payoff range past the float
limit). Every function is compiled on first use and cached on disk (``cache=True``).

References
----------
.. [1] B. von Stengel, "Computing equilibria for two-person games", in *Handbook of Game
   Theory with Economic Applications*, vol. 3, ch. 45, Elsevier, 2002, pp. 1723-1759.
.. [2] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
   equilibria for two-player games", *Economic Theory* 42 (2010), pp. 9-37.
.. [3] M. L. Balinski, "An algorithm for finding all vertices of convex polyhedral sets",
   *J. SIAM* 9 (1961), pp. 72-88.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
from numpy.typing import NDArray

_F = TypeVar("_F", bound=Callable[..., Any])

OK, DEGENERATE, TOO_LARGE, RANGE = 0, 1, 2, 3
LABEL_TOL = 1e-10  # as _vertex.LABEL_TOL
DEDUP_TOL = 1e-8  # as nash._DEDUP_TOL
_PIVOT_MIN = 1e-12  # entries below this never pivot: a true ratio is at most 1


def _jit(f: _F) -> _F:
    return cast(_F, numba.njit(cache=True)(f))


@_jit
def _range(matrix: NDArray[np.float64]) -> tuple[float, float]:
    lo = matrix[0, 0]
    hi = lo
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            v = matrix[i, j]
            if v < lo:
                lo = v
            elif v > hi:
                hi = v
    return lo, hi


@_jit
def _find(table: NDArray[np.int64], key: int) -> int:
    """Slot of ``key`` in the open-addressing table (``2 * slot`` key, ``2 * slot + 1``
    value; a power of two of slots, at most half full), or of the empty slot where it
    belongs (key ``-1``)."""
    mask = table.size // 2 - 1
    h = (key * 0x5851F42D4C957F2D) & 0x7FFFFFFFFFFFFFFF
    slot = (h >> 17) & mask
    while True:
        k = table[2 * slot]
        if k == key or k == -1:
            return slot
        slot = (slot + 1) & mask


@_jit
def _insert(table: NDArray[np.int64], key: int, value: int) -> None:
    slot = _find(table, key)
    table[2 * slot] = key
    table[2 * slot + 1] = value


@_jit
def _grown_table(table: NDArray[np.int64]) -> NDArray[np.int64]:
    out = np.full(2 * table.size, -1, dtype=np.int64)
    for slot in range(table.size // 2):
        if table[2 * slot] != -1:
            _insert(out, table[2 * slot], table[2 * slot + 1])
    return out


@_jit
def _polytope_vertices(
    matrix: NDArray[np.float64], capacity: int
) -> tuple[int, NDArray[np.int64], NDArray[np.float64], NDArray[np.int64], int]:
    r"""Every vertex of :math:`\{z \ge 0, M^\top z \le 1\}` (``matrix`` ``M`` of shape
    ``(p, q)``, positive) by breadth-first search over simplex dictionaries.

    Returns ``(status, keys, points, table, count)``: the label bitmask of vertex ``k``
    (bit ``i`` for :math:`z_i = 0`, bit ``p + j`` for :math:`(M^\top z)_j = 1`), its
    coordinates (row ``k`` of ``points``; the origin is vertex 0), and the hash table from
    keys to vertex indices.
    """
    p, q = matrix.shape
    cap = max(1, min(64, capacity))
    keys = np.empty(cap, dtype=np.int64)
    tabs = np.empty((cap, q, p + 1))  # [row, :p] coefficients, [row, p] right-hand side
    basic = np.empty((cap, q), dtype=np.int64)
    nonbasic = np.empty((cap, p), dtype=np.int64)
    table = np.full(256, -1, dtype=np.int64)  # 128 slots: a power of two, as _find needs
    for j in range(q):
        for i in range(p):
            tabs[0, j, i] = matrix[i, j]
        tabs[0, j, p] = 1.0
        basic[0, j] = p + j
    origin = 0
    for i in range(p):
        nonbasic[0, i] = i
        origin |= 1 << i
    keys[0] = origin
    _insert(table, origin, 0)
    count = 1
    v = 0
    while v < count:
        for c in range(p):
            row = -1
            best = 0.0
            for r in range(q):
                t = tabs[v, r, c]
                if t > _PIVOT_MIN:
                    ratio = tabs[v, r, p] / t
                    if row == -1 or ratio < best:
                        row = r
                        best = ratio
            if row == -1:
                return DEGENERATE, keys, np.empty((0, p)), table, count
            key = keys[v] ^ (1 << nonbasic[v, c]) ^ (1 << basic[v, row])
            if table[2 * _find(table, key)] == key:
                continue
            if count == cap:
                if cap >= capacity:
                    return TOO_LARGE, keys, np.empty((0, p)), table, count
                cap = min(2 * cap, capacity)
                keys2 = np.empty(cap, dtype=np.int64)
                keys2[:count] = keys[:count]
                keys = keys2
                tabs2 = np.empty((cap, q, p + 1))
                tabs2[:count] = tabs[:count]
                tabs = tabs2
                basic2 = np.empty((cap, q), dtype=np.int64)
                basic2[:count] = basic[:count]
                basic = basic2
                nonbasic2 = np.empty((cap, p), dtype=np.int64)
                nonbasic2[:count] = nonbasic[:count]
                nonbasic = nonbasic2
            if 2 * count >= table.size // 4:  # keep the table at most half full
                table = _grown_table(table)
            # pivot a copy of v's dictionary on (row, c) into slot `count`
            old = tabs[v]
            new = tabs[count]
            piv = old[row, c]
            inv = 1.0 / piv
            for k in range(p + 1):
                new[row, k] = old[row, k] * inv
            new[row, c] = inv
            for r in range(q):
                if r == row:
                    continue
                f = old[r, c]
                for k in range(p + 1):
                    new[r, k] = old[r, k] - f * new[row, k]
                new[r, c] = -f * inv
                if new[r, p] <= LABEL_TOL:  # a further tight constraint: degenerate
                    return DEGENERATE, keys, np.empty((0, p)), table, count
            if new[row, p] <= LABEL_TOL:
                return DEGENERATE, keys, np.empty((0, p)), table, count
            basic[count] = basic[v]
            nonbasic[count] = nonbasic[v]
            basic[count, row] = nonbasic[v, c]
            nonbasic[count, c] = basic[v, row]
            keys[count] = key
            _insert(table, key, count)
            count += 1
        v += 1
    points = np.zeros((count, p))
    for k in range(count):
        for r in range(q):
            if basic[k, r] < p:
                points[k, basic[k, r]] = tabs[k, r, p]
    return OK, keys, points, table, count


@_jit
def _scaled(matrix: NDArray[np.float64], lo: float, span: float, transpose: bool) -> Any:
    """``1 + (matrix - lo) / span`` (all ones for ``span = 0``), transposed if asked."""
    m, n = matrix.shape
    out = np.ones((n, m)) if transpose else np.ones((m, n))
    if span > 0.0:
        for i in range(m):
            for j in range(n):
                v = (matrix[i, j] - lo) / span + 1.0
                if transpose:
                    out[j, i] = v
                else:
                    out[i, j] = v
    return out


@_jit
def _precedes(z: NDArray[np.float64], i: int, j: int) -> bool:
    """Row ``i`` before row ``j``: lexicographically larger (descending probabilities)."""
    for k in range(z.shape[1]):
        if z[i, k] != z[j, k]:
            return bool(z[i, k] > z[j, k])
    return False


@_jit
def equilibria(
    a: NDArray[np.float64], b: NDArray[np.float64], capacity: int
) -> tuple[
    int,
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
]:
    """``(status, X, Y, payoffs, gains, rel)`` of a nondegenerate game (see the module).

    ``payoffs`` is ``(E, 2)``, ``gains`` each pair's largest absolute regret and ``rel``
    its largest regret relative to the player's payoff range (as ``_float_equilibria``).
    ``capacity`` caps the vertices stored per polytope.
    """
    m, n = a.shape
    empty = np.empty((0, 0))
    lo_a, hi_a = _range(a)
    lo_b, hi_b = _range(b)
    span_a, span_b = hi_a - lo_a, hi_b - lo_b
    if not (span_a < np.inf and span_b < np.inf):
        return RANGE, empty, empty, empty, np.empty(0), np.empty(0)
    status, keys_p, vp, _, count_p = _polytope_vertices(_scaled(b, lo_b, span_b, False), capacity)
    if status != OK:
        return status, empty, empty, empty, np.empty(0), np.empty(0)
    status, _, vq, table_q, _ = _polytope_vertices(_scaled(a, lo_a, span_a, True), capacity)
    if status != OK:
        return status, empty, empty, empty, np.empty(0), np.empty(0)
    full = (1 << (m + n)) - 1
    low_m = (1 << m) - 1
    found_p = np.empty(count_p, dtype=np.int64)
    found_q = np.empty(count_p, dtype=np.int64)
    count = 0
    for k in range(1, count_p):  # vertex 0 is P's origin, completed only by Q's
        want = full ^ keys_p[k]  # in the global labels; Q's own: y_j = 0 first, then rows
        own = ((want >> m) & ((1 << n) - 1)) | ((want & low_m) << n)
        slot = _find(table_q, own)
        if table_q[2 * slot] == own:
            found_p[count] = k
            found_q[count] = table_q[2 * slot + 1]
            count += 1
    z = np.empty((count, m + n))
    for e in range(count):
        sx = 0.0
        for i in range(m):
            sx += vp[found_p[e], i]
        sy = 0.0
        for j in range(n):
            sy += vq[found_q[e], j]
        for i in range(m):
            z[e, i] = vp[found_p[e], i] / sx
        for j in range(n):
            z[e, m + j] = vq[found_q[e], j] / sy
    order = np.arange(count)
    for i in range(1, count):  # insertion sort: a few dozen rows
        k = order[i]
        j = i - 1
        while j >= 0 and _precedes(z, k, order[j]):
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = k
    keep = np.empty(count, dtype=np.int64)
    kept = 0
    for i in range(count):
        repeat = False
        for j in range(i):
            far = 0.0
            for k in range(m + n):
                far = max(far, abs(z[order[i], k] - z[order[j], k]))
            if far <= DEDUP_TOL:
                repeat = True
                break
        if not repeat:
            keep[kept] = order[i]
            kept += 1
    x = np.empty((kept, m))
    y = np.empty((kept, n))
    for e in range(kept):
        x[e] = z[keep[e], :m]
        y[e] = z[keep[e], m:]
    top_a = max(-lo_a, hi_a)
    if top_a == 0.0:
        top_a = 1.0
    top_b = max(-lo_b, hi_b)
    if top_b == 0.0:
        top_b = 1.0
    unit_span_a = hi_a / top_a - lo_a / top_a
    unit_span_b = hi_b / top_b - lo_b / top_b
    payoffs = np.empty((kept, 2))
    gains = np.empty(kept)
    rel = np.empty(kept)
    row_values = np.empty(m)
    col_values = np.empty(n)
    for e in range(kept):
        for i in range(m):
            s = 0.0
            for j in range(n):
                s += a[i, j] / top_a * y[e, j]
            row_values[i] = s
        for j in range(n):
            s = 0.0
            for i in range(m):
                s += x[e, i] * (b[i, j] / top_b)
            col_values[j] = s
        u1 = 0.0
        for i in range(m):
            u1 += x[e, i] * row_values[i]
        u2 = 0.0
        for j in range(n):
            u2 += y[e, j] * col_values[j]
        g1 = max(np.max(row_values) - u1, 0.0)
        g2 = max(np.max(col_values) - u2, 0.0)
        r1 = g1 / unit_span_a if unit_span_a > 0.0 else 0.0
        r2 = g2 / unit_span_b if unit_span_b > 0.0 else 0.0
        if r1 != r1 or r2 != r2:
            rel[e] = np.nan
        else:
            rel[e] = max(r1, r2)
        gains[e] = max(g1 * top_a, g2 * top_b)
        payoffs[e, 0] = u1 * top_a
        payoffs[e, 1] = u2 * top_b
    return OK, x, y, payoffs, gains, rel
