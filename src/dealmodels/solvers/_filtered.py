r"""Private kernel: exact vertex enumeration with certified floating-point decisions.

The polytope is that of :mod:`dealmodels.solvers._exact`:
:math:`\{z \in \mathbb{R}^p : z \ge 0,\ M^\top z \le 1\}` with ``M`` a positive integer
matrix of shape ``(p, q)``, written as :math:`F x = \mathbf 1`, :math:`x \ge 0`, with
:math:`F = [M^\top \mid I_q]`. The same breadth-first search over feasible bases is run,
but every decision it takes (is a basic value positive, is a column entry positive, which
row attains the least ratio) is first taken in floating point with a *certified* error
bound, and exact integer arithmetic is used only for the bases where a float decision is
not certified (in particular every degenerate basis, whose zero basic values no float
computation can certify).

Error bound. For a basis matrix :math:`B` (columns of :math:`F`, exact small integers in
floats) and any approximate inverse :math:`C` (here LAPACK's), let
:math:`R = I - C B` and :math:`\rho \ge \lVert R \rVert_\infty`. If :math:`\rho < 1`, the
exact tableau column :math:`x = B^{-1} g` of a column :math:`g` of
:math:`G = [F \mid \mathbf 1]` satisfies :math:`x - Cg = R x`, so

.. math::
    \lVert x - C g \rVert_\infty \le \frac{\rho}{1 - \rho} \lVert C g \rVert_\infty ,
    \qquad
    |\mathrm{fl}(C g) - C g| \le \gamma_q\, |C|\,|g|, \quad \gamma_q = \frac{q u}{1 - q u},

(:math:`u = 2^{-53}`; the second bound holds for any order of summation), and
:math:`\rho` itself is bounded by the computed :math:`\lVert \mathrm{fl}(I - CB)
\rVert_\infty + \gamma_q \lVert |C| B \rVert_\infty` (Higham 2002, §3.5 and §7.2; Rump
1983). The kernel doubles both bounds, which covers the rounding of their own
computation. A decision is certified when the float value is farther from the threshold
than the bound: a basic value or entry is positive if :math:`\hat x_i > e_i`, and a row
:math:`r` is the unique least ratio of a column if the upper end of its ratio's interval
lies below the lower end of every other candidate's.

A basis whose decisions are all certified is nondegenerate (every basic value is
positive), its vertex has exactly its nonbasic labels, and each entering column has one
certified leaving row: exactly the neighbours the exact search would queue. Every other
basis is solved exactly (the integer tableau of :mod:`dealmodels.solvers._exact`, reached
from the slack basis by Edmonds' pivots) and searched exactly, as are all bases reached
from it. So the set of feasible bases visited, and the labels of every vertex, are those
of the exact search. Coordinates are computed exactly, and checked, only for the vertices
asked for (:meth:`VertexSet.points`): an equilibrium needs a handful of them, the search
visits hundreds to thousands.

References
----------
.. [1] N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM, 2002.
.. [2] S. M. Rump, "Solving algebraic problems with high accuracy", in *A New Approach to
       Scientific Computation*, Academic Press, 1983, pp. 51-120.
.. [3] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
       equilibria for two-player games", *Economic Theory* 42 (2010), 9-37.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from dealmodels.errors import SolverError
from dealmodels.solvers._exact import (
    _SMALL_TABLEAU,
    _pivot,
    _ratio_ties,
    basis_labels,
    basis_point,
    pivot_vertices,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

    from dealmodels.solvers._vertex import WorkBudget

_U = 2.0**-53
_FLOAT_EXACT = 2**50  # entries of M up to this are exact in floats, with room to spare
_MARGIN = 1e-13  # relative slack on the ratio intervals (their own rounding is ~3u)
_BAD_RHO = 0.25  # a residual norm at or above this certifies nothing

_State = tuple[int, list[int], list[int], list[list[int]], int]  # mask, basic, nonbasic, T, D
_Parent = tuple[_State, int, int]


class VertexSet:
    """Vertices of :math:`\\{z \\ge 0, M^T z \\le 1\\}` (origin excluded): their label rows
    and, on demand, their exact coordinates.

    ``labels[v]`` is a boolean row of length ``p + q`` (``z_i = 0`` for ``i < p``, the
    constraint ``j`` tight for ``p + j``). :meth:`points` returns integer rows proportional
    to the vertices asked for. ``simple`` is True when the set comes with the compiled
    kernel's proof (:mod:`dealmodels.solvers._exact_compiled`) that every vertex is simple
    and listed.
    """

    def __init__(
        self,
        labels: NDArray[np.bool_],
        exact: dict[int, list[int]],
        bases: NDArray[np.intp],
        offset: int,
        matrix: list[list[int]],
        *,
        simple: bool = False,
    ) -> None:
        self.labels = labels
        self.simple = simple  # proved: every vertex is simple (the compiled kernel's proof)
        self._exact = exact  # vertex index -> integer row (already exact)
        self._bases = bases  # row v - offset: the certified nondegenerate basis of vertex v
        self._offset = offset
        self._matrix = matrix

    @classmethod
    def from_arrays(
        cls, z: NDArray[np.object_], labels: NDArray[np.bool_], matrix: list[list[int]]
    ) -> VertexSet:
        """A set whose coordinates are known: integer rows ``z`` (any positive scale)."""
        exact = {v: [int(x) for x in row] for v, row in enumerate(z)}
        return cls(labels, exact, np.zeros((0, len(matrix[0])), dtype=np.intp), 0, matrix)

    def points(self, which: Sequence[int]) -> list[list[int]]:
        """Exact integer rows proportional to the vertices ``which`` (in that order).

        A vertex found by a certified basis is solved exactly and checked: with ``S`` its
        basic coordinates and ``T`` its nonbasic slacks (the tight constraints,
        :math:`|T| = |S|`), :math:`M_{S,T}^\top z_S = \\mathbf 1` is solved by
        fraction-free elimination (:func:`_bareiss`), and every basic value, :math:`z_S`
        and the slacks :math:`1 - (M^\top z)_j` of the other constraints, must be
        positive (the basis is feasible and nondegenerate), else :class:`SolverError`.
        """
        p = len(self._matrix)
        rows = self._matrix
        for v in which:
            if v in self._exact:
                continue
            basis = self._bases[v - self._offset].tolist()
            support = [var for var in basis if var < p]
            basic = set(basis)
            tight = [j for j in range(len(rows[0])) if p + j not in basic]
            solved = None
            if len(tight) == len(support):
                solved = _bareiss([[rows[i][j] for i in support] + [1] for j in tight])
            positive = False
            if solved is not None:
                det, x = solved
                if det < 0:
                    det, x = -det, [-v for v in x]
                tight_set = set(tight)
                positive = min(x) > 0 and all(
                    det > sum(rows[i][j] * xi for i, xi in zip(support, x, strict=True))
                    for j in range(len(rows[0]))
                    if j not in tight_set
                )
            if not positive:
                raise SolverError(
                    f"exact check of a float-certified vertex failed; basis={basis!r}"
                )
            z = [0] * p
            for i, xi in zip(support, x, strict=True):
                z[i] = xi
            self._exact[v] = z
        return [self._exact[v] for v in which]


def _bareiss(aug: list[list[int]]) -> tuple[int, list[int]] | None:
    r"""``(D, x)`` with integers and :math:`M x = D r`, :math:`D = \pm\det M`, for the
    integer system ``aug = [M | r]`` (``k`` rows), or None if :math:`M` is singular.

    Bareiss' fraction-free elimination (every intermediate entry a minor of ``aug``, so
    every division is exact), one system in Python integers, as
    :func:`dealmodels.solvers._support.bareiss_solve` does for batches.
    """
    a = [row.copy() for row in aug]
    k = len(a)
    prev = 1
    for c in range(k):
        r = next((r for r in range(c, k) if a[r][c] != 0), -1)
        if r < 0:
            return None
        if r != c:
            a[c], a[r] = a[r], a[c]
        top = a[c]
        piv = top[c]
        for i in range(c + 1, k):
            row = a[i]
            f = row[c]
            a[i] = [0] * (c + 1) + [
                (piv * row[j] - f * top[j]) // prev for j in range(c + 1, k + 1)
            ]
        prev = piv
    det = a[k - 1][k - 1]
    x = [0] * k
    for i in range(k - 1, -1, -1):
        row = a[i]
        acc = det * row[k]
        for j in range(i + 1, k):
            acc -= row[j] * x[j]
        x[i] = acc // row[i]
    return det, x


def filtered_vertices(matrix: NDArray[np.object_], budget: WorkBudget | None = None) -> VertexSet:
    """Vertices of :math:`\\{z \\ge 0, M^T z \\le 1\\}` (``M`` positive integers), origin
    excluded, by the certified float search of this module.

    Visits the same feasible bases as :func:`dealmodels.solvers._exact.pivot_vertices`
    (each charged to ``budget``) and returns the same vertices and labels. Uses that exact
    search instead when an entry of ``M`` is beyond ``2**50`` (not exact in floats) or the
    tableau is small (``p * q`` up to ``_SMALL_TABLEAU``, where one exact pivot on Python
    integers costs less than a batched float level's numpy calls), or ``p + q > 62`` (the
    bitmasks of bases are 64-bit integers here).
    """
    p, q = matrix.shape
    rows = [[int(v) for v in row] for row in matrix.tolist()]
    if p * q <= _SMALL_TABLEAU or p + q > 62 or max(max(row) for row in rows) > _FLOAT_EXACT:
        z, _, labels = pivot_vertices(matrix, budget)
        return VertexSet.from_arrays(z, labels, rows)
    return _search(rows, p, q, budget)


# -- the compiled kernel (numba): simple polytopes with a proof ---------------------------------

_compiled: ModuleType | Literal[False] | None = None  # the loaded kernel; False: numba missing


def exact_kernel(m: int, n: int) -> ModuleType | None:
    """The compiled kernel (:mod:`dealmodels.solvers._exact_compiled`) for an exact
    ``m x n`` game, or None.

    The same choice as the float kernel's (:func:`dealmodels.solvers._vertex.compiled_kernel`),
    by the same variable ``DEALMODELS_VERTEX_KERNEL`` (``_vertex.kernel``): None for
    ``max(m, n)`` beyond ``_vertex.COMPILED_MAX`` or ``numpy``; the kernel for ``numba``
    (an ``ImportError`` without numba); for ``auto`` once it is loaded, and it is loaded once
    the enumerations the compiled kernels would take, float and exact together
    (:func:`dealmodels.solvers._vertex.record`), have run for
    ``_vertex.LOAD_AFTER_SECONDS`` in this process (the rent-or-buy rule).
    """
    from dealmodels.solvers._vertex import load_compiled

    global _compiled
    _compiled, out = load_compiled(
        m, n, _compiled, "dealmodels.solvers._exact_compiled", "exact vertex enumeration"
    )
    return out


def compiled_vertices(
    rows: list[list[int]], p: int, q: int, budget: WorkBudget | None
) -> VertexSet | None:
    """Every vertex of :math:`\\{z \\ge 0, M^T z \\le 1\\}` (``rows`` the positive integer
    ``M``, origin excluded) from the compiled kernel, with its proof that the polytope is
    simple and the set complete (:mod:`dealmodels.solvers._exact_compiled`), or None: the
    kernel is not loaded (:func:`exact_kernel`), ``M`` is out of its range (an entry beyond
    ``2**50``, ``p + q > 62``), it would visit more vertices than ``budget`` allows, or no
    proof was found (a degenerate polytope, near ties). The ``count - 1`` bases after the
    origin's are charged to ``budget``, as the exact search charges them.
    """
    module = exact_kernel(p, q)
    if module is None or p + q > 62 or max(max(row) for row in rows) > _FLOAT_EXACT:
        return None
    from dealmodels.solvers._vertex import compiled_capacity

    capacity = compiled_capacity(p, q)
    if budget is not None and budget.limit is not None:
        capacity = min(capacity, budget.limit - budget.used + 1)
    if capacity < 1:
        return None
    status, keys = module.vertices(np.array(rows, dtype=np.float64), capacity)
    if status != module.OK:
        return None
    if budget is not None:
        budget.spend(len(keys) - 1)
    width = p + q
    labels: NDArray[np.bool_] = ((keys[1:, None] >> np.arange(width)) & 1).astype(bool)
    bases = np.nonzero(~labels)[1].reshape(len(labels), q)
    return VertexSet(labels, {}, bases, 0, rows, simple=True)


def _search(rows: list[list[int]], p: int, q: int, budget: WorkBudget | None) -> VertexSet:
    """The breadth-first search: float levels, exact bases where a decision is uncertain."""
    width = p + q
    full = (1 << width) - 1
    origin = (1 << p) - 1
    g = np.zeros((q, width + 1))
    g[:, :p] = np.array(rows, dtype=np.float64).T
    g[:, p:width] = np.eye(q)
    g[:, width] = 1.0
    columns = g[:, :width].T.copy()  # (width, q): column v of F
    gamma = (q + 2) * _U / (1 - (q + 2) * _U)
    start_mask = sum(1 << v for v in range(p, width))
    visited = {start_mask}
    found_float: list[NDArray[np.intp]] = []  # certified bases, one per vertex
    found_exact: dict[int, tuple[list[int], int]] = {}  # labels -> (z, det)
    level = np.arange(p, width)[None, :]  # (K, q): row r of basis k holds level[k, r]
    # for a basis reached from an exactly decided one: (parent state, row, column), so
    # that its exact tableau, if needed, is one pivot away
    parents: list[_Parent | None] = [None]
    bit = np.int64(1) << np.arange(width, dtype=np.int64)
    while len(level):
        certain, leave, nonbasic = _float_level(level, g, columns, gamma, p, q)
        sure = np.flatnonzero(certain)
        masks = bit[level[sure]].sum(axis=1)  # (S,)
        found_float.append(level[sure[masks != start_mask]])
        leaving = np.take_along_axis(level[sure], leave[sure], axis=1)  # (S, p)
        entering = nonbasic[sure]
        child_masks = (masks[:, None] ^ bit[leaving] ^ bit[entering]).ravel()
        fresh, first = np.unique(child_masks, return_index=True)
        take = [i for m, i in zip(fresh.tolist(), first.tolist(), strict=True) if m not in visited]
        visited.update(child_masks[take].tolist())
        if budget is not None and take:
            budget.spend(len(take))
        ks, cs = np.divmod(np.array(take, dtype=np.intp), p)
        children = level[sure[ks]].copy()
        children[np.arange(len(ks)), leave[sure[ks], cs]] = entering[ks, cs]
        nxt: list[list[int]] = []
        nxt_parents: list[_Parent | None] = [None] * len(children)
        for k in np.flatnonzero(~certain).tolist():  # decide these exactly
            parent = parents[k]
            if parent is None:
                state = _exact_basis(rows, level[k].tolist(), p, q)
            else:
                (mask, basic, nonbasic_l, tab, det), r, c = parent
                new_basic = basic.copy()
                new_basic[r] = nonbasic_l[c]
                new_nonbasic = nonbasic_l.copy()
                new_nonbasic[c] = basic[r]
                state = (
                    mask ^ (1 << basic[r]) ^ (1 << nonbasic_l[c]),
                    new_basic,
                    new_nonbasic,
                    _pivot(tab, r, c, det),
                    tab[r][c],
                )
            mask, basic, nonbasic_l, tab, det = state
            rhs = [row[p] for row in tab]
            labels = basis_labels(rhs, basic, full)
            if labels & origin != origin and labels not in found_exact:
                found_exact[labels] = (basis_point(rhs, basic, p), det)
            for c, ties in _ratio_ties(tab, rhs, p, q):
                enter = nonbasic_l[c]
                for r in ties:
                    new_mask = mask ^ (1 << basic[r]) ^ (1 << enter)
                    if new_mask in visited:
                        continue
                    visited.add(new_mask)
                    if budget is not None:
                        budget.spend()
                    child = basic.copy()
                    child[r] = enter
                    nxt.append(child)
                    nxt_parents.append((state, r, c))
        level = np.concatenate([children, np.array(nxt, dtype=np.intp).reshape(-1, q)])
        parents = nxt_parents
    return _vertex_set(np.concatenate(found_float), found_exact, rows, p, width)


def _nonbasic(basis: NDArray[np.intp], width: int) -> NDArray[np.intp]:
    """The nonbasic variables of each basis, ascending (``(K, width - q)``)."""
    member = np.zeros((len(basis), width), dtype=bool)
    member[np.arange(len(basis))[:, None], basis] = True
    return np.nonzero(~member)[1].reshape(len(basis), -1)


def _float_level(
    basis: NDArray[np.intp],
    g: NDArray[np.float64],
    columns: NDArray[np.float64],
    gamma: float,
    p: int,
    q: int,
) -> tuple[NDArray[np.bool_], NDArray[np.intp], NDArray[np.intp]]:
    """Certified float decisions for a level of bases.

    Returns ``(certain, leave, nonbasic)``: ``certain[k]`` when basis ``k`` is certified
    nondegenerate with a certified unique leaving row for every entering column, and then
    ``leave[k, c]`` is the row that leaves when the ``c``-th nonbasic variable (ascending)
    enters; ``nonbasic[k]`` lists the nonbasic variables ascending. The bounds are those of
    the module docstring.
    """
    count = len(basis)
    width = p + q
    bmat = np.swapaxes(columns[basis], 1, 2)  # (K, q, q): B[:, r] = column basis[r]
    nonbasic = _nonbasic(basis, width)
    try:
        inv = np.linalg.inv(bmat)
    except np.linalg.LinAlgError:  # pragma: no cover - feasible bases are nonsingular
        return np.zeros(count, dtype=bool), np.zeros((count, p), dtype=np.intp), nonbasic
    cols = np.concatenate([nonbasic, np.full((count, 1), width)], axis=1)  # (K, p + 1)
    sub = np.swapaxes(g.T[cols], 1, 2)  # (K, q, p + 1)
    x, err = certified_products(inv, bmat, sub, gamma)
    b, eb = x[:, :, p], err[:, :, p]
    feasible = np.all(b - eb > 0, axis=1)
    t, et = x[:, :, :p], err[:, :, :p]
    sure = t - et > 0
    maybe = t + et > 0
    lo_b = (b - eb)[:, :, None]
    hi_b = (b + eb)[:, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(maybe, lo_b / (t + et), np.inf)
        hi = np.where(sure, hi_b / (t - et), np.inf)
    leave = np.argmin(hi, axis=1)  # (K, p)
    kk, cc = np.indices(leave.shape, sparse=True)
    best_hi = hi[kk, leave, cc]
    lo[kk, leave, cc] = np.inf
    other_lo = lo.min(axis=1)
    decided = np.isfinite(best_hi) & (best_hi * (1 + _MARGIN) < other_lo * (1 - _MARGIN))
    certain = feasible & np.all(decided, axis=1)
    return certain, leave, nonbasic


def certified_products(
    inv: NDArray[np.floating[Any]],
    bmat: NDArray[np.float64],
    rhs: NDArray[np.float64],
    gamma: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""``(X, E)``: ``X = fl(C G)`` for approximate inverses ``C = inv`` of the nonnegative
    matrices ``bmat`` (``(K, k, k)``) and nonnegative right-hand sides ``G = rhs``
    (``(K, k, c)``), and ``E`` with :math:`|B^{-1} G - X| \le E` entrywise (the bound of
    the module docstring, doubled; ``inf`` where the residual norm reaches
    ``_BAD_RHO``)."""
    k = bmat.shape[1]
    absinv = np.abs(inv)
    prod = inv @ bmat
    prod[:, np.arange(k), np.arange(k)] -= 1.0
    resid = np.abs(prod).sum(axis=2).max(axis=1)
    resid += gamma * (absinv @ bmat).sum(axis=2).max(axis=1)
    rho = 2.0 * resid
    ok = np.isfinite(rho) & (rho < _BAD_RHO)
    coef = np.where(ok, rho / (1.0 - np.where(ok, rho, 0.0)), np.inf)
    x = inv @ rhs
    round_err = gamma * (absinv @ rhs)
    norm = np.abs(x).max(axis=1) + round_err.max(axis=1)  # (K, c)
    with np.errstate(invalid="ignore"):  # inf * 0 where a column is zero
        err = 2.0 * (round_err + coef[:, None, None] * norm[:, None, :])
    err[~ok] = np.inf
    return x, err


def partner_screen(
    a: NDArray[np.float64], s_idx: NDArray[np.intp], t_idx: NDArray[np.intp]
) -> NDArray[np.bool_]:
    r"""Which partner systems :math:`A_{S,T}\, y_T = \mathbf 1` (one per row of ``s_idx``
    and ``t_idx``, all of one size ``k``; ``a`` nonnegative, exact in floats) may have a
    solution with :math:`y \ge 0` and :math:`A y \le \mathbf 1`.

    A system is dropped only when its float solution is certified (the bound
    :func:`certified_products`, so the matrix is proved nonsingular) and some component
    is certainly negative (:math:`\hat y_j + e_j < 0`) or some row certainly exceeds 1:
    with :math:`\ell = \hat y - e \le y`, :math:`(A y)_i \ge (A \ell)_i`, and the
    computed :math:`A \ell` is within :math:`\gamma_n (|A| |\ell|)_i` of the exact one.
    Keeps every system when a float inverse fails (an exactly singular matrix in floats).
    """
    count, k = s_idx.shape
    mats = a[s_idx[:, :, None], t_idx[:, None, :]]
    try:
        inv = np.linalg.inv(mats)
    except np.linalg.LinAlgError:
        return np.ones(count, dtype=bool)
    n = a.shape[1]
    gamma_k = (k + 2) * _U / (1 - (k + 2) * _U)
    x, err = certified_products(inv, mats, np.ones((count, k, 1)), gamma_k)
    x, err = x[:, :, 0], err[:, :, 0]
    negative = np.any(x + err < 0, axis=1)
    low = np.zeros((count, n))
    np.put_along_axis(low, t_idx, x - err, axis=1)
    gamma_n = (n + 2) * _U / (1 - (n + 2) * _U)
    with np.errstate(invalid="ignore"):
        values = low @ a.T - 2.0 * gamma_n * (np.abs(low) @ a.T)
    above = np.any(values > 1.0, axis=1)
    keep: NDArray[np.bool_] = ~(negative | above)
    return keep


def _exact_basis(
    rows: list[list[int]], target: list[int], p: int, q: int
) -> tuple[int, list[int], list[int], list[list[int]], int]:
    """The integer condensed tableau of basis ``target`` (as :func:`_exact._pivot` keeps
    it), reached from the slack basis by one Edmonds pivot per structural variable of
    ``target``, each on a nonzero entry of a row whose slack is not in ``target`` (one
    exists because ``target`` is nonsingular). Returns ``(mask, basic, nonbasic, T, D)``
    with ``D > 0``, the state the exact search keeps."""
    tab = [[rows[i][j] for i in range(p)] + [1] for j in range(q)]
    basic = list(range(p, p + q))
    nonbasic = list(range(p))
    det = 1
    keep = set(target)
    for var in target:
        if var >= p:
            continue
        c = nonbasic.index(var)
        r = next(r for r in range(q) if basic[r] not in keep and tab[r][c] != 0)
        new_det = tab[r][c]
        tab = _pivot(tab, r, c, det)
        det = new_det
        nonbasic[c] = basic[r]
        basic[r] = var
    if det < 0:
        tab = [[-v for v in row] for row in tab]
        det = -det
    mask = sum(1 << v for v in basic)
    return mask, basic, nonbasic, tab, det


def _vertex_set(
    found_float: NDArray[np.intp],
    found_exact: dict[int, tuple[list[int], int]],
    rows: list[list[int]],
    p: int,
    width: int,
) -> VertexSet:
    """One :class:`VertexSet` from the certified bases (one per vertex, rows of
    ``found_float``) and the exactly decided vertices (``{labels: (z, det)}``)."""
    member = np.zeros((len(found_float), width), dtype=bool)
    np.put_along_axis(member, found_float, True, axis=1)
    if found_exact:
        bits = np.array(list(found_exact), dtype=object)[:, None] >> np.arange(width)
        exact_labels = (bits & 1).astype(bool)
    else:
        exact_labels = np.zeros((0, width), dtype=bool)
    labels = np.concatenate([exact_labels, ~member])
    exact = {v: z for v, (z, _) in enumerate(found_exact.values())}
    return VertexSet(labels, exact, found_float, len(found_exact), rows)
