r"""Private kernels: best-response polytopes, their vertices (qhull) and complete labelling.

For a bimatrix game :math:`(A, B)` with positive payoffs (shift them: equilibria do not
change under a positive affine transformation of a player's payoffs) the best-response
polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

A point of :math:`P` has label :math:`i` (:math:`0 \le i < m`) if :math:`x_i = 0` and label
:math:`m + j` if :math:`(B^\top x)_j = 1`; a point of :math:`Q` has label :math:`i` if
:math:`(A y)_i = 1` and label :math:`m + j` if :math:`y_j = 0`. The extreme Nash equilibria
are exactly the normalised completely labelled vertex pairs :math:`(x, y) \ne (0, 0)`
(von Stengel 2002; Avis et al. 2010).

Every kernel here works on *one* polytope given by a positive matrix ``M`` of shape
``(p, q)``: :math:`\{z \in \mathbb{R}^p : z \ge 0,\ M^\top z \le 1\}` (``M = B`` for
:math:`P`, ``M = A^\top`` for :math:`Q`). A vertex's labels are a boolean row of length
``p + q``: first its own zero coordinates, then its tight inequalities.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import lru_cache
from types import ModuleType
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import fail
from dealmodels.solvers._compiled_import import import_compiled

LABEL_TOL = 1e-10
"""Absolute tolerance for a tight constraint; payoffs are first rescaled to ``[1, 2]``."""

_SINGULAR_SOLUTION = 1e9
_PADDED_LIMIT = 500
CHUNK_ENTRIES = 4_000_000  # intermediate arrays of batched kernels stay near 32 MB each


# -- the compiled kernel (numba) for small nondegenerate games ---------------------------------

KERNEL_VARIABLE = "DEALMODELS_VERTEX_KERNEL"
KERNELS = ("auto", "numpy", "numba")
kernel: str = os.environ.get(KERNEL_VARIABLE, "auto")
"""Which kernel :func:`compiled_kernel` picks for float vertex enumeration: ``auto``,
``numpy`` (qhull and numpy) or ``numba`` (:mod:`._vertex_compiled` where it applies)."""

COMPILED_MAX = 12
"""Largest ``max(m, n)`` the compiled kernel takes (it stores every vertex's dictionary;
measured faster than the qhull path at every size up to this one, docs/nash.md)."""

#: Seconds of float vertex enumeration (of games the compiled kernel would take) after which
#: ``auto`` loads it: about what loading costs, without numba imported / with numba already
#: imported by someone else (then only the cached machine code is read). Loading once the
#: work done equals the loading cost spends at most twice the better choice in hindsight
#: (the rent-or-buy rule), whether the process then stops or runs a million games.
LOAD_AFTER_SECONDS = (1.0, 0.1)
_COMPILED_MEMORY = 64_000_000  # bytes of stored dictionaries per polytope, at most

_compiled: ModuleType | Literal[False] | None = None  # the loaded module; False: numba missing
_spent = 0.0  # seconds of enumeration the compiled kernel would have taken on, so far


def compiled_kernel(m: int, n: int) -> ModuleType | None:
    """The compiled kernel module for an ``m x n`` float game, or None for the qhull path.

    None if ``max(m, n) > COMPILED_MAX``. ``kernel == "numpy"``: always None. ``"numba"``:
    always the compiled kernel (an ``ImportError`` if numba cannot be imported). ``"auto"``:
    the compiled kernel once it is loaded; it is loaded (if numba is importable) once float
    vertex enumerations it would take have run for ``LOAD_AFTER_SECONDS`` in this process
    (see :func:`record`). Loading imports numba and reads the compiled functions from
    numba's disk cache (the first use after installing compiles them, about a minute).
    """
    global _compiled
    _compiled, out = load_compiled(
        m, n, _compiled, "dealmodels.solvers._vertex_compiled", "vertex enumeration"
    )
    return out


def load_compiled(
    m: int, n: int, loaded: ModuleType | Literal[False] | None, module: str, what: str
) -> tuple[ModuleType | Literal[False] | None, ModuleType | None]:
    """The rule of :func:`compiled_kernel`, for any compiled kernel chosen by ``kernel``.

    ``loaded`` is the kernel's state in its module (None: not tried yet; False: numba is
    missing). Returns the new state and the kernel to use for an ``m x n`` game now (None:
    the numpy path). The exact kernel (:func:`dealmodels.solvers._filtered.exact_kernel`)
    uses it with the same variable and the same rent-or-buy counter.
    """
    if max(m, n) > COMPILED_MAX:
        return loaded, None
    choice = kernel
    if choice == "numpy":
        return loaded, None
    if choice not in KERNELS:
        raise fail(
            f"{KERNEL_VARIABLE} (the vertex enumeration kernel)", f"one of {KERNELS}", choice
        )
    if choice == "auto" and (
        loaded is False or (loaded is None and _spent < LOAD_AFTER_SECONDS["numba" in sys.modules])
    ):
        return loaded, None
    if loaded is None or (loaded is False and choice == "numba"):
        loaded = import_compiled(module, what, KERNEL_VARIABLE, required=choice == "numba")
    return loaded, loaded or None


def record(m: int, n: int, seconds: float) -> None:
    """Count ``seconds`` of an ``m x n`` float vertex enumeration towards loading the kernel."""
    global _spent
    if max(m, n) <= COMPILED_MAX:
        _spent += seconds


def compiled_capacity(m: int, n: int) -> int:
    """Vertices the compiled kernel may store per polytope: McMullen's bound for the larger
    polytope, or fewer if their dictionaries would pass ``_COMPILED_MEMORY``."""
    big = max(m, n)
    per_vertex = 8 * (big * (big + 1) + m + n)  # the dictionary, its basis and nonbasis
    bound = vertex_upper_bound(max(m, n), m + n)
    return max(1, min(bound, _COMPILED_MEMORY // per_vertex))


def rescale(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Positive affine image of ``matrix`` with entries in ``[1, 2]`` (``1`` if constant)."""
    lo = float(matrix.min())
    span = float(matrix.max()) - lo
    if span <= 0.0:
        return np.ones_like(matrix)
    return 1.0 + (matrix - lo) / span


def labels_of(
    points: NDArray[np.float64], matrix: NDArray[np.float64], tol: float = LABEL_TOL
) -> NDArray[np.bool_]:
    """Label rows (length ``p + q``) of points ``z`` of :math:`\\{z \\ge 0, M^T z \\le 1\\}`."""
    return np.concatenate([points <= tol, points @ matrix >= 1.0 - tol], axis=1)


def feasible(
    points: NDArray[np.float64], matrix: NDArray[np.float64], tol: float = LABEL_TOL
) -> NDArray[np.bool_]:
    """Rows of ``points`` that lie in the polytope (within ``tol``)."""
    ok: NDArray[np.bool_] = np.all(points >= -tol, axis=1) & np.all(
        points @ matrix <= 1.0 + tol, axis=1
    )
    return ok


def unique_vertices(
    points: NDArray[np.float64], labels: NDArray[np.bool_]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Drop the origin and repeated vertices (a vertex is determined by its label set).

    Repeats come only from degenerate vertices (more labels than dimensions), so when there
    are none the deduplication is skipped.
    """
    dim = points.shape[1]
    keep = ~np.all(labels[:, :dim], axis=1)  # origin: every coordinate zero
    points, labels = points[keep], labels[keep]
    if len(points) == 0 or np.all(labels.sum(axis=1) == dim):
        return points, labels
    packed = np.packbits(labels, axis=1)
    _, first = np.unique(packed, axis=0, return_index=True)
    first.sort()
    return points[first], labels[first]


def _hull_equations(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Outward facet equations ``[normal, offset]`` of the convex hull of ``points`` (qhull).

    The same qhull run as :class:`scipy.spatial.ConvexHull` (mode ``i``, required option
    ``Qt``, ``Qx`` from dimension 5), called through scipy's ``_Qhull`` so that the hull's
    area and volume, which ``ConvexHull`` always computes and which cost about a fifth of
    the call at dimension 8, are skipped; :class:`~scipy.spatial.ConvexHull` is the
    fallback if that private class is missing or its signature changed.
    """
    options = b"Qx" if points.shape[1] > 4 else b""
    try:
        from scipy.spatial._qhull import _Qhull
    except ImportError:  # pragma: no cover - scipy's private module moved
        _Qhull = None
    if _Qhull is not None:
        try:
            hull = _Qhull(b"i", points, options, required_options=b"Qt")
        except TypeError:  # pragma: no cover - a changed private signature
            pass
        else:
            try:
                eq: NDArray[np.float64] = hull.get_simplex_facet_array()[2]
            finally:
                hull.close()
            return eq
    from scipy.spatial import ConvexHull  # pragma: no cover - the public route

    out: NDArray[np.float64] = ConvexHull(points).equations  # pragma: no cover
    return out  # pragma: no cover


def qhull_vertices(
    matrix: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Vertices (without the origin) and labels of :math:`\\{z \\ge 0, M^T z \\le 1\\}`.

    The polytope is written as :math:`G z \\le h`, moved so that an interior point
    :math:`z_0 = t \\mathbf 1` (:math:`t = 1 / (2 \\max_j \\sum_i M_{ij})`) is the origin,
    and polarised: constraint :math:`k` becomes the point :math:`g_k / (h_k - g_k z_0)`,
    i.e. :math:`-e_i / t` for :math:`z_i \\ge 0` and :math:`M_{:,j} / (1 - t \\sum_i M_{ij})`
    for :math:`(M^T z)_j \\le 1`. Facets of the convex hull of these points (qhull)
    correspond one-to-one to vertices of the polytope; a facet with outward equation
    :math:`n \\cdot p + c = 0` gives the vertex :math:`z_0 - n / c`. Qhull triangulates
    non-simplicial facets, so a degenerate vertex appears once per triangle: vertices are
    deduplicated by their label sets, which are recomputed from all constraints (not from the
    triangle), so a degenerate vertex keeps every label.
    """
    verts, labels = _hull_vertices_raw(matrix)
    verts[labels[:, : matrix.shape[0]]] = 0.0  # qhull's round-off at zero
    return unique_vertices(verts, labels)


def _hull_vertices_raw(
    matrix: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """:func:`qhull_vertices` before the origin and the repeats are dropped."""
    p, q = matrix.shape
    g = np.empty((p + q, p))
    g[:p] = _eye(p, -1.0)
    g[p:] = matrix.T
    return _polar_vertices(g, p, q)


def _polar_vertices(
    g: NDArray[np.float64], p: int, q: int
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Vertices (the origin included) and labels of :math:`\\{z : g z \\le h\\}`.

    ``g`` stacks :math:`-I_p` over :math:`M^T` and :math:`h = (0, \\dots, 0, 1, \\dots, 1)`;
    see :func:`qhull_vertices`. A vertex's labels are its constraints with
    :math:`g_k z \\ge h_k - ` ``LABEL_TOL``, so coordinates within the tolerance of zero are
    labels; those coordinates are left as qhull computed them (callers zero them).
    """
    sums = np.add.reduce(g[p:], axis=1)  # the column sums of M
    t = 0.5 / float(_MAX(sums))
    denom = np.empty(p + q)
    denom[:p] = t  # h - g z0 at z0 = t 1
    np.subtract(1.0, np.multiply(t, sums), out=denom[p:])
    eq = _hull_equations(np.divide(g, denom[:, None]))
    verts = eq[:, :p]
    np.divide(verts, eq[:, p:], out=verts)
    np.subtract(t, verts, out=verts)
    labels: NDArray[np.bool_] = verts @ g.T >= _thresholds(p, q)
    return verts, labels


def nondegenerate_pairs(
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    bounds: tuple[float, float, float, float],
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    r"""Normalised completely labelled vertex pairs of a nondegenerate game, or None.

    ``a`` and ``b`` are the payoffs and ``bounds`` their ``(min a, max a, min b, max b)``.
    Each polytope (:math:`P` for :math:`B`, :math:`Q` for :math:`A^\top`, payoffs mapped
    onto ``[1, 2]`` as by :func:`rescale`) is enumerated by one qhull call
    (:func:`qhull_vertices`, origin included). If every vertex of :math:`P` has exactly
    :math:`m` labels and every vertex of :math:`Q` exactly :math:`n` (the game is
    nondegenerate at tolerance ``LABEL_TOL``), a pair is completely labelled iff the label
    set of one is the complement of the other's: the pairs are the matches
    ``key(y) == full ^ key(x)`` of int64 bitmask keys, found by one comparison of all keys
    (the origin pair excluded). Coordinates that carry a label (within the tolerance of
    zero) are set to zero, and the pairs are normalised to probability vectors.

    Returns ``(X, Y)``, one row per pair, or None if some vertex is degenerate, a payoff
    range overflows, or ``m + n > 62`` (beyond int64 keys): then the general path of
    :func:`qhull_vertices`, :func:`partners` and :func:`complete_pairs` must run.
    """
    m, n = a.shape
    lo_a, hi_a, lo_b, hi_b = bounds
    span_a, span_b = hi_a - lo_a, hi_b - lo_b
    if min(m, n) < 2 or m + n > 62 or not (span_a < np.inf and span_b < np.inf):
        return None  # qhull needs dimension 2; int64 keys; a range past the float limit
    from scipy.spatial import QhullError

    gp = np.empty((m + n, m))
    gp[:m] = _eye(m, -1.0)
    _unit_interval(b.T, lo_b, span_b, gp[m:])
    gq = np.empty((m + n, n))
    gq[:n] = _eye(n, -1.0)
    _unit_interval(a, lo_a, span_a, gq[n:])
    try:
        vp, lp = _polar_vertices(gp, m, n)
        if not _all_equal(np.add.reduce(lp, axis=1), m):
            return None
        if max(m, n) > TWO_SIDED_MAX:
            return _one_sided(vp, lp, gq[n:])
        vq, lq = _polar_vertices(gq, n, m)
    except QhullError:  # pragma: no cover - qhull rejects only pathological inputs
        return None
    if not _all_equal(np.add.reduce(lq, axis=1), n):
        return None
    w_p, w_q, full, origin = _pair_weights(m, n)
    want = np.bitwise_xor(lp @ w_p, full)
    want[want == origin] = -1  # the origin of P completes only the origin of Q
    ip, iq = np.nonzero(want[:, None] == (lq @ w_q)[None, :])
    x, y = vp[ip], vq[iq]
    x[lp[ip, :m]] = 0.0
    y[lq[iq, :n]] = 0.0
    x /= np.add.reduce(x, axis=1)[:, None]
    y /= np.add.reduce(y, axis=1)[:, None]
    return x, y


TWO_SIDED_MAX = 6
"""Largest ``max(m, n)`` for which :func:`nondegenerate_pairs` runs qhull on both polytopes
(measured faster up to 6 x 6 than solving for the partners; from 7 x 7 the second hull
costs more than the partner systems)."""


def _one_sided(
    vp: NDArray[np.float64], lp: NDArray[np.bool_], a: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """The pairs of :func:`nondegenerate_pairs` from :math:`P`'s vertices and :func:`partners`."""
    m = a.shape[0]
    keep = ~np.logical_and.reduce(lp[:, :m], axis=1)  # drop the origin
    vp, lp = vp[keep], lp[keep]
    found = partners(lp, a)
    if found is None:
        return None
    idx, y = found
    x = vp[idx]
    x[lp[idx, :m]] = 0.0
    x /= np.add.reduce(x, axis=1)[:, None]
    y /= np.add.reduce(y, axis=1)[:, None]
    return x, y


def _unit_interval(
    matrix: NDArray[np.float64], lo: float, span: float, out: NDArray[np.float64]
) -> None:
    """``out = 1 + (matrix - lo) / span`` (:func:`rescale` into a buffer; 1 if constant)."""
    if span <= 0.0:
        out[...] = 1.0
        return
    np.subtract(matrix, lo, out=out)
    np.divide(out, span, out=out)
    np.add(out, 1.0, out=out)


def _all_equal(counts: NDArray[np.intp], value: int) -> bool:
    return bool(np.logical_and.reduce(counts == value, axis=None))


_MAX = np.maximum.reduce
_CACHE: dict[tuple[Any, ...], Any] = {}


def _eye(p: int, scale: float) -> NDArray[np.float64]:
    """``scale`` times the ``p x p`` identity (cached; read-only)."""
    key = ("eye", p, scale)
    eye = _CACHE.get(key)
    if eye is None:
        eye = np.eye(p) * scale
        eye.flags.writeable = False
        eye = _CACHE.setdefault(key, eye)
    out: NDArray[np.float64] = eye
    return out


def _thresholds(p: int, q: int) -> NDArray[np.float64]:
    """:math:`h - ` ``LABEL_TOL``: a constraint at least this large is tight (cached)."""
    key = ("h", p, q)
    h = _CACHE.get(key)
    if h is None:
        h = np.concatenate([np.zeros(p), np.ones(q)]) - LABEL_TOL
        h.flags.writeable = False
        h = _CACHE.setdefault(key, h)
    out: NDArray[np.float64] = h
    return out


def _pair_weights(m: int, n: int) -> tuple[NDArray[np.int64], NDArray[np.int64], int, int]:
    """Bitmask weights of :math:`P`'s and :math:`Q`'s labels, the full set, P's origin.

    Label ``k`` has weight ``2 ** k``; :math:`Q`'s own label order is (``y_j = 0`` for
    ``j < n``, ``(A y)_i = 1`` for ``i < m``), which are labels ``m + j`` and ``i``.
    """
    key = ("w", m, n)
    found = _CACHE.get(key)
    if found is None:
        w = np.left_shift(np.int64(1), np.arange(m + n, dtype=np.int64))
        w_q = np.concatenate([w[m:], w[:m]])
        found = _CACHE.setdefault(key, (w, w_q, int(w.sum()), int(w[m:].sum())))
    out: tuple[NDArray[np.int64], NDArray[np.int64], int, int] = found
    return out


def polish(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Snap coordinates within tolerance of zero to zero (removes qhull round-off)."""
    out: NDArray[np.float64] = np.where(np.abs(points) <= LABEL_TOL, 0.0, points)
    return out


def refine(
    points: NDArray[np.float64], labels: NDArray[np.bool_], matrix: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Re-solve vertices from their tight constraints, so round-off does not accumulate.

    A vertex with exactly ``p`` labels is the solution of the square system of its tight
    constraints (solved for all such vertices in one batch); one with more labels (a
    degenerate vertex) by least squares on all of them. A re-solved vertex that moved by
    more than ``1e-6`` is left as it was.
    """
    p, q = matrix.shape
    out = points.copy()
    if len(points) == 0:
        return out
    g = np.concatenate([np.eye(p), matrix.T], axis=0)
    h = np.concatenate([np.zeros(p), np.ones(q)])
    counts = labels.sum(axis=1)
    simple = np.flatnonzero(counts == p)
    if len(simple):
        rows = np.nonzero(labels[simple])[1].reshape(-1, p)
        try:
            sol = np.linalg.solve(g[rows], h[rows][..., None])[..., 0]
        except np.linalg.LinAlgError:
            sol = points[simple]
        ok = np.max(np.abs(sol - points[simple]), axis=1) <= 1e-6
        out[simple[ok]] = sol[ok]
    for i in np.flatnonzero(counts > p):
        sol, *_ = np.linalg.lstsq(g[labels[i]], h[labels[i]], rcond=None)
        if np.max(np.abs(sol - points[i])) <= 1e-6:
            out[i] = sol
    out[labels[:, :p]] = 0.0
    return np.maximum(out, 0.0)


def partners(
    labels_p: NDArray[np.bool_], a: NDArray[np.float64]
) -> tuple[NDArray[np.intp], NDArray[np.float64]] | None:
    r"""The vertices of ``Q`` completing each vertex of ``P``, or None if degenerate.

    For a vertex :math:`x` of :math:`P` with exactly :math:`m` labels, support :math:`S`
    and best responses :math:`T` (:math:`|S| = |T| = k`), a completing :math:`y` must have
    labels :math:`S` (rows tight, :math:`(Ay)_S = 1`) and :math:`m + j` for :math:`j
    \notin T` (:math:`y_j = 0`): if :math:`A_{S,T}` is nonsingular this is the single point
    :math:`y_T = A_{S,T}^{-1} \mathbf 1`, a vertex of :math:`Q` iff :math:`y \ge 0` and
    :math:`A y \le 1`. Solving these small systems in batches replaces the second convex
    hull. Returns ``(index into P, Y)`` for the completing pairs, or ``None`` when a vertex
    of ``P`` is degenerate or a system is (numerically) singular: then the completion is
    not unique and both polytopes must be enumerated. Singularity shows as a solver error
    or as a solution larger than ``1e9`` (feasible solutions are at most 1).
    """
    m, n = a.shape
    if len(labels_p) == 0:
        return np.zeros(0, dtype=np.intp), np.zeros((0, n))
    if not np.all(labels_p.sum(axis=1) == m):
        return None
    chunk = max(1, CHUNK_ENTRIES // (m * m))  # bounds the (vertices, m, m) intermediates
    candidates = np.concatenate(
        [
            start + np.flatnonzero(_undominated(labels_p[start : start + chunk], a))
            for start in range(0, len(labels_p), chunk)
        ]
    )
    found = _solve_partners(labels_p[candidates], a)
    if found is None:
        return None
    return candidates[found[0]], found[1]


def _undominated(
    labels_p: NDArray[np.bool_], a: NDArray[Any], beats: NDArray[np.bool_] | None = None
) -> NDArray[np.bool_]:
    """Vertices of ``P`` whose support rows are not strictly dominated on their best responses.

    If some row :math:`r` beats a support row :math:`i` of :math:`x` (by more than the
    tolerance) in every column of :math:`T`, then :math:`(Ay)_r > (Ay)_i` for every
    :math:`y` on :math:`T`, so :math:`i` is no best response and :math:`x` has no partner.
    The test runs for all vertices at once on bitmasks of :math:`T` and of the columns
    where :math:`r` fails to beat :math:`i`; it discards most vertices before any solve.
    ``beats`` (``(m * m, n)``, row ``r * m + i``) replaces the float comparison, as for
    exact games.
    """
    m, n = a.shape
    if beats is None:  # [r * m + i, j]: row r beats row i in column j
        beats = (a[:, None, :] > a[None, :, :] + LABEL_TOL).reshape(m * m, n)
    best = labels_p[:, m:]
    if n <= 62:  # bitmasks: T is dominated-on iff T has no column where r fails to beat i
        weights = _pair_weights(0, n)[0]
        fails = ~beats @ weights  # (m * m,)
        t_mask = best @ weights  # (E,)
        dominated = (np.bitwise_and(t_mask[:, None], fails[None, :]) == 0).reshape(-1, m, m)
    else:  # count the columns of T where r beats i (integer product, no BLAS threads)
        counts = best.astype(np.int64) @ beats.T.astype(np.int64)
        dominated = (counts == best.sum(axis=1, keepdims=True)).reshape(-1, m, m)
    dominated &= ~labels_p[:, None, :m]  # [e, r, i]: r beats i on T and i is in the support
    bad = np.logical_or.reduce(dominated.reshape(len(labels_p), m * m), axis=1)
    out: NDArray[np.bool_] = ~bad
    return out


def _solve_partners(
    labels_p: NDArray[np.bool_], a: NDArray[np.float64]
) -> tuple[NDArray[np.intp], NDArray[np.float64]] | None:
    """The partner systems of :func:`partners`, solved in batches."""
    m, n = a.shape
    if len(labels_p) == 0:
        return np.zeros(0, dtype=np.intp), np.zeros((0, n))
    if len(labels_p) <= _PADDED_LIMIT:
        return _partners_padded(labels_p, a)
    support = ~labels_p[:, :m]
    best = labels_p[:, m:]
    sizes = support.sum(axis=1)
    found_idx: list[NDArray[np.intp]] = []
    found_y: list[NDArray[np.float64]] = []
    for k in range(1, m + 1):
        rows = np.flatnonzero(sizes == k)
        if len(rows) == 0:
            continue
        s_idx = np.nonzero(support[rows])[1].reshape(-1, k)
        t_idx = np.nonzero(best[rows])[1].reshape(-1, k)
        sol = _solve_nonsingular(a[s_idx[:, :, None], t_idx[:, None, :]], np.ones(k))
        if sol is None:
            return None
        keep = np.all(sol >= -LABEL_TOL, axis=1)
        rows, sol, t_idx = rows[keep], sol[keep], t_idx[keep]
        y = np.zeros((len(rows), n))
        np.put_along_axis(y, t_idx, sol, axis=1)
        ok = np.all(y @ a.T <= 1.0 + LABEL_TOL, axis=1)
        found_idx.append(rows[ok])
        found_y.append(y[ok])
    if not found_idx:
        return np.zeros(0, dtype=np.intp), np.zeros((0, n))
    y = np.concatenate(found_y)
    y[y <= LABEL_TOL] = 0.0
    return np.concatenate(found_idx), y


def _solve_nonsingular(
    systems: NDArray[np.float64], rhs: NDArray[np.float64]
) -> NDArray[np.float64] | None:
    r"""Solve every system ``systems[i] @ z = rhs[i]``, or None if one is (nearly) singular.

    A singular system whose right-hand side happens to lie in its range (as the all-ones
    right-hand side of a partner system does in degenerate games with repeated payoff
    rows) has a whole line of solutions, and LU with partial pivoting on a pivot that is
    zero up to round-off may return any point of it without complaint. So each system is
    solved a second time, against a fixed right-hand side :math:`w` with no structure
    (fractional parts of multiples of the golden ratio): for a singular matrix :math:`w` is
    outside the range, and round-off pivots blow its solution up to about
    :math:`1/\epsilon`. A solution larger than ``1e9`` (feasible ones are at most 1 and
    :math:`w` has entries in :math:`[0.5, 1.5)`) marks the batch singular; the second
    column costs almost nothing beside the factorisation.
    """
    count, k = systems.shape[0], systems.shape[1]
    if count == 0:
        return np.zeros((0, k))
    probe = np.modf(np.arange(1, k + 1) * 0.6180339887498949)[0] + 0.5
    both = np.empty((count, k, 2))
    both[:, :, 0] = rhs
    both[:, :, 1] = probe
    try:
        sol = np.linalg.solve(systems, both)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.abs(sol) < _SINGULAR_SOLUTION):
        return None
    out: NDArray[np.float64] = np.asarray(sol[:, :, 0], dtype=np.float64)
    return out


def _partners_padded(
    labels_p: NDArray[np.bool_], a: NDArray[np.float64]
) -> tuple[NDArray[np.intp], NDArray[np.float64]] | None:
    r""":func:`partners` with every system padded to ``n x n`` and solved in one batch.

    Rows :math:`(A y)_i = 1` for :math:`i \in S` and :math:`y_j = 0` for :math:`j \notin T`
    are picked from the stacked constraints :math:`[A; I]`; fewer numpy calls, more
    arithmetic: faster for a few hundred vertices.
    """
    m, n = a.shape
    g = np.concatenate([a, np.eye(n)], axis=0)
    h = np.concatenate([np.ones(m), np.zeros(n)])
    mask = np.concatenate([~labels_p[:, :m], ~labels_p[:, m:]], axis=1)
    rows = np.nonzero(mask)[1].reshape(-1, n)
    y = _solve_nonsingular(g[rows], h[rows])
    if y is None:
        return None
    ok = np.all(y >= -LABEL_TOL, axis=1) & np.all(y @ a.T <= 1.0 + LABEL_TOL, axis=1)
    y = y[ok]
    y[y <= LABEL_TOL] = 0.0
    return np.flatnonzero(ok), y


def _keys(labels: NDArray[np.bool_]) -> NDArray[Any]:
    """One sortable key per label row (an int64 bitmask, or the packed bytes)."""
    width = labels.shape[1]
    if width <= 62:
        weights = np.left_shift(np.int64(1), np.arange(width, dtype=np.int64))
        return labels.astype(np.int64) @ weights
    packed = np.ascontiguousarray(np.packbits(labels, axis=1))
    return packed.view(np.dtype((np.void, packed.shape[1])))[:, 0]


def complete_pairs(
    labels_p: NDArray[np.bool_], labels_q: NDArray[np.bool_], m: int
) -> NDArray[np.intp]:
    """Index pairs ``(a, b)`` whose label sets together cover every label, sorted.

    A vertex of ``P`` (dimension ``m``) has at least ``m`` labels and one of ``Q``
    (dimension ``n``) at least ``n``; with exactly that many (a *nondegenerate* vertex) a
    pair covers all ``m + n`` labels iff the labels of one are the complement of the
    other's, so those pairs are found by a sorted join on bitmask keys. Pairs with a
    degenerate vertex (more labels) are checked by counting missing labels for all of them
    at once, as one matrix product of the complements.
    """
    if len(labels_p) == 0 or len(labels_q) == 0:
        return np.zeros((0, 2), dtype=np.intp)
    n = labels_p.shape[1] - m
    simple_p = labels_p.sum(axis=1) == m
    simple_q = labels_q.sum(axis=1) == n
    ip_all, iq_all = np.flatnonzero(simple_p), np.flatnonzero(simple_q)
    _, ip, iq = np.intersect1d(
        _keys(~labels_p[ip_all]),
        _keys(labels_q[iq_all]),
        assume_unique=True,
        return_indices=True,
    )
    found = [np.stack([ip_all[ip], iq_all[iq]], axis=1)]
    miss_p = (~labels_p).astype(np.float32)
    miss_q = (~labels_q).astype(np.float32)
    deg_p, deg_q = np.flatnonzero(~simple_p), np.flatnonzero(~simple_q)
    if len(deg_p):  # degenerate P vertices against every Q vertex
        hits = np.argwhere(miss_p[deg_p] @ miss_q.T == 0)
        found.append(np.stack([deg_p[hits[:, 0]], hits[:, 1]], axis=1))
    if len(deg_q):  # simple P vertices against degenerate Q vertices
        hits = np.argwhere(miss_p[ip_all] @ miss_q[deg_q].T == 0)
        found.append(np.stack([ip_all[hits[:, 0]], deg_q[hits[:, 1]]], axis=1))
    pairs = np.concatenate(found)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    return pairs[order]


@lru_cache(maxsize=256)
def vertex_upper_bound(dim: int, facets: int) -> int:
    r"""McMullen's bound on the number of vertices of a ``dim``-polytope with ``facets`` facets.

    .. math::

        \binom{f - \lceil d/2 \rceil}{\lfloor d/2 \rfloor}
        + \binom{f - \lfloor d/2 \rfloor - 1}{\lceil d/2 \rceil - 1}

    (the upper bound theorem, attained by the duals of cyclic polytopes; McMullen 1970).
    The best-response polytope :math:`P` of an :math:`m \times n` game has dimension
    :math:`m` and at most :math:`m + n` facets.
    """
    from math import comb

    if dim <= 0:
        return 1
    lo, hi = dim // 2, (dim + 1) // 2
    return comb(max(facets - hi, 0), lo) + comb(max(facets - lo - 1, 0), hi - 1)


class WorkBudget:
    """Counts the vertices, bases or support systems an enumeration visits.

    ``spend(k)`` adds ``k`` and raises ``exceeded(used)`` (an exception built by the
    caller, naming the game and the remedies) once more than ``limit`` have been visited,
    so that memory and time stay bounded; with ``progress`` a tqdm bar (silent when the
    output is not a terminal) counts them against ``total``.
    """

    def __init__(
        self,
        limit: int | None,
        exceeded: Callable[[int], Exception],
        *,
        progress: bool = False,
        total: int | None = None,
        unit: str = "vertex",
    ) -> None:
        self.limit = limit
        self.exceeded = exceeded
        self.used = 0
        self.bar: Any = None
        if progress:
            try:
                from tqdm.auto import tqdm
            except ImportError:  # pragma: no cover - tqdm is in the analysis extra
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=total, unit=unit, disable=None, desc="nash_equilibria")

    def spend(self, count: int = 1) -> None:
        self.used += count
        if self.bar is not None:
            self.bar.update(count)
        if self.limit is not None and self.used > self.limit:
            self.close()
            raise self.exceeded(self.used)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
