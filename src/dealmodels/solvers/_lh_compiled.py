r"""Private kernel: the Lemke–Howson path of :mod:`._lemke_howson`, compiled with numba.

The same algorithm as the numpy kernel ``_lemke_howson._float_path``, step for step, so
the two follow the same path and end at the same equilibrium after the same number of
pivots (the tests check both on random and degenerate games from every starting label):

* the same input: each payoff matrix :math:`M` mapped to
  :math:`1 + (M / t - \min M / t) / \mathrm{span}` with :math:`t = \max |M|`, as
  ``nash._lh_scaled`` does, operation for operation (so the floats are the same);
* the same condensed tableaux (:math:`B^\top` with the slacks :math:`s` basic, and
  :math:`A` with the slacks :math:`r` basic), stored column by column;
* the same pivot, the rank-one update :math:`T' = T - u v^\top / p` computed entry by
  entry as :math:`T_{ij} + (-1/p)(u_i v_j)` (the order in which BLAS ``dgemm`` with
  inner dimension 1 rounds it), :math:`T'_{rc} = 1/p` set exactly as the numpy kernel
  sets it;
* the same ratio tests: on a nondegenerate tableau the row maximising
  :math:`T_{ic} / \mathrm{rhs}_i` (the first on equality, as ``argmax``), a tie detected
  as a right-hand side at most ``tol`` after the pivot, the pivot then undone and redone
  by the lexicographic minimum ratio test against the columns of :math:`B^{-1}` (the
  original slacks in order, keys within ``tol`` of the least kept); the lexicographic
  test directly while the tableau is degenerate.

The path returns a status code instead of raising (numba's ``nopython`` mode has no
custom exceptions): 0 the path ended, 1 the pivot budget ran out, 2 an unbounded ray.
:func:`pair_gains` is the regret check of ``nash._pair_gains`` in one pass over each
payoff matrix; it does not share the path's scaling, so a wrong path is still caught.

Importing this module imports numba; it is imported on first use only. Every function is
compiled on its first call (a few seconds) and cached on disk (``cache=True``: in
``__pycache__`` beside this file, or numba's user-wide cache directory where that is not
writable), so later processes load it in a fraction of a second.

References
----------
.. [1] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *SIAM Journal
   on Applied Mathematics* 12 (1964), pp. 413-423.
.. [2] B. von Stengel, "Computing equilibria for two-person games", in *Handbook of Game
   Theory with Economic Applications*, vol. 3, ch. 45, Elsevier, 2002, pp. 1723-1759.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
from numpy.typing import NDArray

_F = TypeVar("_F", bound=Callable[..., Any])

OK, LIMIT, UNBOUNDED = 0, 1, 2


def _jit(f: _F) -> _F:
    return cast(_F, numba.njit(cache=True)(f))


_SIGN_OFF = 0x7FFFFFFFFFFFFFFF


@_jit
def _ordered(k: int) -> int:
    """The bits of a float as an int64 that orders like the float (its own inverse)."""
    return k ^ ((k >> 63) & _SIGN_OFF)


@_jit
def _scale(matrix: NDArray[np.float64]) -> tuple[float, float, float]:
    """``(top, lo / top, span)`` of one finite payoff matrix, as ``nash._lh_scaled`` has them.

    ``lo`` and ``hi`` are found on the bits as integers (flipping the magnitude bits of
    negative floats orders them as the floats): an integer minimum vectorises, a float
    one does not. The only difference, -0.0 below 0.0, changes no scaled entry.
    """
    bits = matrix.ravel().view(np.int64)
    lo_k, hi_k = _ordered(bits[0]), _ordered(bits[0])
    for i in range(1, bits.size):
        k = _ordered(bits[i])
        lo_k = min(lo_k, k)
        hi_k = max(hi_k, k)
    pair = np.array([_ordered(lo_k), _ordered(hi_k)], dtype=np.int64).view(np.float64)
    lo, hi = pair[0], pair[1]
    top = max(-lo, hi)
    if top == 0.0:
        top = 1.0
    return top, lo / top, hi / top - lo / top


@_jit
def _tableaux(
    a: NDArray[np.float64], b: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], float, float, float, float]:
    """The two condensed tableaux, column ``j`` of tableau ``k`` in ``T_k[j]``, and the
    scales ``top_a, span_a, top_b, span_b``.

    ``T0`` is :math:`B^\\top` (``n`` rows, the slacks ``s`` basic; columns the ``x``),
    ``T1`` is :math:`A` (``m`` rows, the slacks ``r`` basic; columns the ``y``), each
    payoff :math:`v` replaced by ``(v / top - lo / top) * (1 / span) + 1`` (all ones for
    ``span = 0``); the last column of each is the right-hand side, all ones.
    """
    m, n = a.shape
    t0 = np.ones((m + 1, n))
    t1 = np.ones((n + 1, m))
    top_b, lo_u, span_b = _scale(b)
    if span_b > 0.0:
        inv = 1.0 / span_b
        for i in range(m):
            for j in range(n):
                t0[i, j] = (b[i, j] / top_b - lo_u) * inv + 1.0
    top_a, lo_u, span_a = _scale(a)
    if span_a > 0.0:
        inv = 1.0 / span_a
        row = np.empty(n)
        for i in range(m):  # a row at a time: the divisions vectorise, then one scatter
            for j in range(n):
                row[j] = (a[i, j] / top_a - lo_u) * inv + 1.0
            for j in range(n):
                t1[j, i] = row[j]
    return t0, t1, top_a, span_a, top_b, span_b


@_jit
def _pivot(
    t: NDArray[np.float64],
    r: int,
    c: int,
    u: NDArray[np.float64],
    v: NDArray[np.float64],
    exact_inverse: bool,
) -> float:
    """Pivot tableau ``t`` (``t[j]`` is column ``j``) on entry ``(r, c)`` in place.

    :math:`T_{ij} \\leftarrow T_{ij} + (-1/p)(u_i v_j)` with ``u`` the pivot column except
    ``u_r = p - 1`` and ``v`` the pivot row except ``v_c = p + 1``; then
    :math:`T_{rc} = 1/p` when ``exact_inverse`` or ``p > 8``. Returns the least new
    right-hand side.
    """
    cols, rows = t.shape
    p = t[c, r]
    for i in range(rows):
        u[i] = t[c, i]
    u[r] = p - 1.0
    for j in range(cols):
        v[j] = t[j, r]
    v[c] = p + 1.0
    alpha = -1.0 / p
    for j in range(cols):
        vj = v[j]
        col = t[j]
        for i in range(rows):
            col[i] = col[i] + alpha * (u[i] * vj)
    if exact_inverse or p > 8.0:
        t[c, r] = 1.0 / p
    rhs = t[cols - 1]
    least = float(rhs[0])
    for i in range(1, rows):
        least = min(least, rhs[i])
    return least


@_jit
def _lex_row(
    t: NDArray[np.float64],
    c: int,
    column_of: NDArray[np.int64],
    row_of: NDArray[np.int64],
    first_slack: int,
    n_slacks: int,
    tol: float,
    cand: NDArray[np.int64],
    key: NDArray[np.float64],
) -> int:
    """Lexicographic minimum ratio test for entering column ``c``; -1 for an unbounded ray."""
    cols, rows = t.shape
    col = t[c]
    rhs = t[cols - 1]
    k = 0
    for i in range(rows):
        if col[i] > tol:
            cand[k] = i
            k += 1
    if k == 0:
        return -1
    least = np.inf
    for q in range(k):
        i = cand[q]
        least = min(least, rhs[i] / col[i])
    kept = 0
    for q in range(k):
        i = cand[q]
        if rhs[i] - least * col[i] <= tol:  # rows whose new value would be zero
            cand[kept] = i
            kept += 1
    k = kept
    label = first_slack
    while k > 1 and label < first_slack + n_slacks:
        h = column_of[label]
        for q in range(k):
            i = cand[q]
            if h >= 0:  # a nonbasic slack: its column of B^-1 is its tableau column
                key[q] = t[h, i] / col[i]
            else:  # a basic slack: a unit column
                key[q] = (1.0 if i == row_of[label] else 0.0) / col[i]
        least = np.inf
        for q in range(k):
            least = min(least, key[q])
        bound = least + tol
        kept = 0
        for q in range(k):
            if key[q] <= bound:
                cand[kept] = cand[q]
                kept += 1
        k = kept
        label += 1
    return int(cand[0])


@_jit
def _step(
    t: NDArray[np.float64],
    entering: int,
    clean: bool,
    basic: NDArray[np.int64],
    column_of: NDArray[np.int64],
    row_of: NDArray[np.int64],
    first_slack: int,
    n_slacks: int,
    tol: float,
    u: NDArray[np.float64],
    v: NDArray[np.float64],
    cand: NDArray[np.int64],
    key: NDArray[np.float64],
) -> tuple[int, bool]:
    """One pivot bringing label ``entering`` into tableau ``t``: ``(leaving, clean)``.

    ``leaving`` is -1 on an unbounded ray. ``clean`` says every right-hand side exceeds
    ``tol`` (a nondegenerate vertex: the fast ratio test applies).
    """
    cols, rows = t.shape
    c = column_of[entering]
    col = t[c]
    rhs = t[cols - 1]
    fast = False
    r = 0
    if clean:
        best = col[0] / rhs[0]
        nan = 0
        for i in range(1, rows):  # no early exit: a third faster than stopping at a NaN
            q = col[i] / rhs[i]
            nan += q != q
            if q > best:
                best = q
                r = i
        if nan or best != best:  # argmax's answer is then the first NaN
            for i in range(rows):
                if col[i] / rhs[i] != col[i] / rhs[i]:
                    r = i
                    break
        p = col[r]
        fast = p > tol
        if fast and _pivot(t, r, c, u, v, False) <= tol:  # a tie, or a degenerate vertex
            _pivot(t, r, c, u, v, True)  # undo, and take the lexicographic test below
            fast = False
    if not fast:
        r = _lex_row(t, c, column_of, row_of, first_slack, n_slacks, tol, cand, key)
        if r < 0:
            return -1, clean
        clean = _pivot(t, r, c, u, v, True) > tol
    leaving = basic[r]
    basic[r] = entering
    row_of[entering] = r
    row_of[leaving] = -1
    column_of[entering] = -1
    column_of[leaving] = c
    return leaving, clean


@_jit
def path(
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    dropped: int,
    tol: float,
    max_pivots: int,
    normalise: bool,
) -> tuple[NDArray[np.float64], NDArray[np.float64], int, int, tuple[float, float, float, float]]:
    """``(x, y, pivots, status, (top_a, span_a, top_b, span_b))`` at the end of the path
    dropping ``dropped``, with the scales (:func:`_scale`) the payoffs were mapped with.

    ``a`` and ``b`` are the raw float payoffs (scaled here); ``max_pivots < 0`` means no
    limit. ``status`` is :data:`OK`, :data:`LIMIT` (``pivots == max_pivots``) or
    :data:`UNBOUNDED`; ``x`` and ``y`` are meaningful for :data:`OK` only. With
    ``normalise``, entries of at most ``1e-12`` are set to zero and each vector is divided
    by its sum, as the numpy kernel's caller does; without, they are the kernel's raw
    (unnormalised) end point, as ``_float_path`` returns it.
    """
    m, n = a.shape
    t0, t1, top_a, span_a, top_b, span_b = _tableaux(a, b)
    size = max(m, n) + 1
    u, v = np.empty(size), np.empty(size)
    cand, key = np.empty(size, dtype=np.int64), np.empty(size)
    basic0 = np.arange(m, m + n)  # tableau 0: the slacks s (labels m..m+n-1) basic
    basic1 = np.arange(m)  # tableau 1: the slacks r (labels 0..m-1) basic
    column_of0 = np.full(m + n, -1, dtype=np.int64)
    column_of1 = np.full(m + n, -1, dtype=np.int64)
    row_of0 = np.full(m + n, -1, dtype=np.int64)
    row_of1 = np.full(m + n, -1, dtype=np.int64)
    for i in range(m):
        column_of0[i] = i
        row_of1[i] = i
    for j in range(n):
        column_of1[m + j] = j
        row_of0[m + j] = j
    clean0 = clean1 = True
    side = 0 if dropped < m else 1
    entering = dropped
    pivots = 0
    status = OK
    while True:
        if pivots == max_pivots:
            status = LIMIT
            break
        if side == 0:
            leaving, clean0 = _step(
                t0, entering, clean0, basic0, column_of0, row_of0, m, n, tol, u, v, cand, key
            )
        else:
            leaving, clean1 = _step(
                t1, entering, clean1, basic1, column_of1, row_of1, 0, m, tol, u, v, cand, key
            )
        if leaving < 0:
            status = UNBOUNDED
            break
        pivots += 1
        if leaving == dropped:
            break
        entering = leaving
        side ^= 1
    x, y = np.zeros(m), np.zeros(n)
    if status == OK:  # the basic variables' values; the nonbasic ones are zero
        for r in range(n):
            if basic0[r] < m:
                x[basic0[r]] = t0[m, r]
        for r in range(m):
            if basic1[r] >= m:
                y[basic1[r] - m] = t1[n, r]
    if status == OK and normalise:
        for z in (x, y):
            total = 0.0
            for i in range(z.size):
                if abs(z[i]) <= 1e-12:
                    z[i] = 0.0
                total += z[i]
            for i in range(z.size):
                z[i] /= total
    return x, y, pivots, status, (top_a, span_a, top_b, span_b)


@_jit
def pair_gains(
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    top_a: float,
    span_a: float,
    top_b: float,
    span_b: float,
) -> tuple[float, float, float, float, float, float]:
    r"""``(rel0, rel1, gain0, gain1, u0, u1)`` of the profile ``(x, y)``, as ``nash._pair_gains``.

    ``top`` is :math:`\max |M|` and ``span`` the range of :math:`M / \max|M|` of each
    payoff matrix (as :func:`_scale` returns them; :func:`path` returns those it used).
    On :math:`U_1 = A / \max|A|` and :math:`U_2 = B / \max|B|`: :math:`v = U_1 y`,
    :math:`w = x^\top U_2`, regrets :math:`g_1 = \max(\max_i v_i - x^\top v, 0)` and
    :math:`g_2 = \max(\max_j w_j - w^\top y, 0)`, each relative to the player's payoff
    range in the same units (0 for a constant player), then the regrets and payoffs
    :math:`x^\top v, w^\top y` in the original units (``inf`` past the float limit).
    The entries of :math:`U` are :math:`M_{ij} \cdot (1 / \max|M|)` (one rounding more
    than the division, which is used where :math:`1 / \max|M|` overflows), and the
    products run over the supports of ``y`` and ``x`` only (a zero term adds nothing, so
    the sums are those of ``_pair_gains`` up to their order): a few ulps of the scale.
    """
    m, n = a.shape
    # U = M * (1 / max|M|) where that reciprocal is finite (it is then at worst a subnormal
    # with 50 significant bits), else M / max|M|
    scale_a, scale_b = 1.0 / top_a, 1.0 / top_b
    divide_a, divide_b = not scale_a < np.inf, not scale_b < np.inf
    # v = U1 y and w = x^T U2 over the supports of y and x only (zero terms add nothing)
    v = np.zeros(m)
    for j in range(n):
        yj = y[j]
        if yj != 0.0:
            for i in range(m):
                v[i] += ((a[i, j] / top_a) if divide_a else (a[i, j] * scale_a)) * yj
    w = np.zeros(n)
    for i in range(m):
        xi = x[i]
        if xi != 0.0:
            if divide_b:
                for j in range(n):
                    w[j] += xi * (b[i, j] / top_b)
            else:
                for j in range(n):  # a row of B at a time: vectorised
                    w[j] += xi * (b[i, j] * scale_b)
    best_v = -np.inf
    u0 = 0.0
    for i in range(m):
        best_v = max(best_v, v[i])
        u0 += x[i] * v[i]
    best_w = -np.inf
    u1 = 0.0
    for j in range(n):
        best_w = max(best_w, w[j])
        u1 += w[j] * y[j]
    g0 = max(best_v - u0, 0.0)
    g1 = max(best_w - u1, 0.0)
    rel0 = g0 / span_a if span_a > 0.0 else 0.0
    rel1 = g1 / span_b if span_b > 0.0 else 0.0
    return rel0, rel1, g0 * top_a, g1 * top_b, u0 * top_a, u1 * top_b
