r"""Private kernel: certified vertex enumeration of a simple polytope, compiled with numba.

For :math:`P = \{z \in \mathbb{R}^p : z \ge 0,\ M^\top z \le 1\}` with ``M`` a positive
integer matrix of shape ``(p, q)`` (entries exact in floats), :func:`vertices` returns the
label bitmask of every vertex (bit ``i`` for :math:`z_i = 0`, bit ``p + j`` for
:math:`(M^\top z)_j = 1`) together with a *proof* that the list is complete and the labels
exact, or a status saying that no proof was found (then the caller runs the exact search
of :mod:`dealmodels.solvers._exact`, so that answers never depend on this kernel).

Search (a proposal, trusted for nothing). The float breadth-first search over simplex
dictionaries of :func:`dealmodels.solvers._vertex_compiled._polytope_vertices`, on ``M``
mapped onto ``[1, 2]`` (a positive affine map of the payoffs: the same label sets), which
stops at the first basic value of at most ``LABEL_TOL`` (a degenerate vertex, which no
float computation can certify).

Certificate (:func:`certify`, on the exact ``M``). With labels ``L(v)`` of ``p`` bits, the
basis of ``v`` is the complement of ``L(v)``:

1. *Each vertex is simple, with exactly its labels.* For the basis matrix :math:`B` (columns
   of :math:`[M^\top \mid I_q]`, each structural one times a power of two that brings its
   entries into ``(1/2, 1]``: exact, and it does not change the signs of
   :math:`B^{-1} \mathbf 1`, only the scale of the normwise bound) an approximate
   inverse :math:`C` (Gauss-Jordan elimination with partial pivoting) gives
   :math:`\hat x = \mathrm{fl}(C \mathbf 1)`. With
   :math:`\rho \ge \lVert I - C B \rVert_\infty` (the computed norm plus
   :math:`\gamma_{q+2} \lVert |C| B \rVert_\infty`, :math:`\gamma_k = k u / (1 - k u)`,
   :math:`u = 2^{-53}`) and :math:`\rho < 1`, the exact :math:`x = B^{-1} \mathbf 1`
   satisfies

   .. math::
       |x - \hat x| \le \gamma_{q+2}\, |C| \mathbf 1
       + \frac{\rho}{1 - \rho} \big(\lVert \hat x \rVert_\infty
       + \gamma_{q+2} \lVert |C| \mathbf 1 \rVert_\infty\big)

   (Higham 2002, §3.5 and §7.2; Rump 1983); both terms are doubled to cover the rounding
   of the bound's own computation, as in :mod:`dealmodels.solvers._filtered`. If
   :math:`\hat x_i` exceeds its bound for every :math:`i`, then :math:`B` is nonsingular,
   :math:`x > 0`: the basis is feasible and nondegenerate, its point is a vertex whose
   tight constraints are exactly the ``p`` nonbasic ones (linearly independent), and its
   labels are exactly :math:`L(v)`.
2. *The list is closed under adjacency.* The masks are distinct, and for every listed
   vertex :math:`v` and label :math:`l \in L(v)` exactly one other listed vertex has every
   label of :math:`L(v) \setminus \{l\}` (the ``(p-1)``-label key occurs in exactly two
   masks). Proof that this suffices: the ``p - 1`` constraints :math:`L(v) \setminus \{l\}`
   are linearly independent, so the points of :math:`P` where they are tight form a
   segment, the edge of :math:`P` from :math:`v` obtained by relaxing :math:`l` (it has
   positive length because :math:`v` is nondegenerate, and is bounded because
   :math:`M > 0`); its endpoints :math:`v` and :math:`w` are the only vertices on it. A
   listed vertex :math:`u \ne v` with those labels lies on the segment and is a vertex, so
   :math:`u = w`. As the ``p`` edges at a nondegenerate vertex are exactly these, every
   neighbour of a listed vertex is listed.
3. The graph of a polytope is connected (Balinski 1961), so a nonempty list closed under
   adjacency holds every vertex: the list is the vertex set, every vertex is simple, and
   the labels are exact.

Status codes instead of exceptions (numba's ``nopython`` mode): ``OK``, ``DEGENERATE`` (the
search met a basic value at most ``LABEL_TOL``), ``TOO_LARGE`` (more vertices than the
caller's capacity), ``UNCERTIFIED`` (step 1 failed for some vertex), ``OPEN`` (step 2
failed). Every function is compiled on first use and cached on disk (``cache=True``).

References
----------
.. [1] N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM, 2002.
.. [2] S. M. Rump, "Solving algebraic problems with high accuracy", in *A New Approach to
       Scientific Computation*, Academic Press, 1983, pp. 51-120.
.. [3] M. L. Balinski, "An algorithm for finding all vertices of convex polyhedral sets",
       *J. SIAM* 9 (1961), pp. 72-88.
.. [4] G. M. Ziegler, *Lectures on Polytopes*, Springer, 1995, §3.5 (the graph of a
       polytope is connected).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
from numpy.typing import NDArray

from dealmodels.solvers._vertex_compiled import (
    DEGENERATE,
    LABEL_TOL,
    OK,
    TOO_LARGE,
    _find,
    _insert,
    _polytope_vertices,
    _range,
    _scaled,
)

_F = TypeVar("_F", bound=Callable[..., Any])

UNCERTIFIED, OPEN = 4, 5
__all__ = ["DEGENERATE", "LABEL_TOL", "OK", "OPEN", "TOO_LARGE", "UNCERTIFIED"]

_U = 2.0**-53
_BAD_RHO = 0.25  # a residual norm at or above this certifies nothing (as _filtered)


def _jit(f: _F) -> _F:
    return cast(_F, numba.njit(cache=True)(f))


@_jit
def search(matrix: NDArray[np.float64], capacity: int) -> tuple[int, NDArray[np.int64]]:
    """``(status, keys)``: the label bitmasks the float search proposes (the origin
    first), at most ``capacity`` of them; ``matrix`` is ``M`` (positive)."""
    lo, hi = _range(matrix)
    status, keys, _, _, count = _polytope_vertices(_scaled(matrix, lo, hi - lo, False), capacity)
    return status, keys[:count].copy()


@_jit
def _simple_vertex(
    matrix: NDArray[np.float64], key: int, bmat: NDArray[np.float64], inv: NDArray[np.float64]
) -> bool:
    """Step 1 of the module's certificate for the basis complementary to ``key``."""
    p, q = matrix.shape
    # the basis matrix: B[:, r] is the column of [M^T | I] of the r-th basic variable
    r = 0
    for var in range(p + q):
        if (key >> var) & 1:
            continue
        if r == q:
            return False
        if var < p:  # scaled by a power of two (exact) so its entries are at most 1
            scale = 1.0
            for j in range(q):
                scale = max(scale, matrix[var, j])
            scale = 2.0 ** -np.ceil(np.log2(scale))
            for j in range(q):
                bmat[j, r] = matrix[var, j] * scale
        else:
            for j in range(q):
                bmat[j, r] = 1.0 if j == var - p else 0.0
        r += 1
    if r != q:
        return False
    # approximate inverse: Gauss-Jordan with partial pivoting on [B | I]
    work = np.empty((q, 2 * q))
    for i in range(q):
        for j in range(q):
            work[i, j] = bmat[i, j]
            work[i, q + j] = 1.0 if i == j else 0.0
    for c in range(q):
        piv = c
        for i in range(c + 1, q):
            if abs(work[i, c]) > abs(work[piv, c]):
                piv = i
        if work[piv, c] == 0.0:
            return False
        if piv != c:
            for j in range(2 * q):
                t = work[c, j]
                work[c, j] = work[piv, j]
                work[piv, j] = t
        f = 1.0 / work[c, c]
        for j in range(2 * q):
            work[c, j] *= f
        for i in range(q):
            if i != c:
                g = work[i, c]
                if g != 0.0:
                    for j in range(2 * q):
                        work[i, j] -= g * work[c, j]
    for i in range(q):
        for j in range(q):
            inv[i, j] = work[i, q + j]
    gamma = (q + 2) * _U / (1.0 - (q + 2) * _U)
    resid = 0.0  # ||fl(I - C B)||_inf
    spread = 0.0  # || |C| B ||_inf
    for i in range(q):
        row = 0.0
        absrow = 0.0
        for j in range(q):
            s = 0.0
            t = 0.0
            for k in range(q):
                s += inv[i, k] * bmat[k, j]
                t += abs(inv[i, k]) * bmat[k, j]
            row += abs((1.0 if i == j else 0.0) - s)
            absrow += t
        resid = max(resid, row)
        spread = max(spread, absrow)
    rho = 2.0 * (resid + gamma * spread)
    if not rho < _BAD_RHO:  # NaN fails too
        return False
    coef = rho / (1.0 - rho)
    norm = 0.0
    top_round = 0.0
    for i in range(q):
        s = 0.0
        t = 0.0
        for k in range(q):
            s += inv[i, k]
            t += abs(inv[i, k])
        work[i, 0] = s  # x_hat
        work[i, 1] = gamma * t  # rounding of fl(C 1)
        norm = max(norm, abs(s))
        top_round = max(top_round, gamma * t)
    for i in range(q):
        err = 2.0 * (work[i, 1] + coef * (norm + top_round))
        if not work[i, 0] > err:
            return False
    return True


@_jit
def certify(matrix: NDArray[np.float64], keys: NDArray[np.int64]) -> int:
    """``OK`` when ``keys`` are, provably, the label bitmasks of every vertex of the polytope
    of ``matrix`` (``M``, exact integers in floats), each vertex simple, the origin's first;
    else ``UNCERTIFIED`` (step 1 of the module's certificate failed) or ``OPEN`` (step 2, or
    the origin not first)."""
    p, q = matrix.shape
    count = keys.size
    if count == 0 or keys[0] != (1 << p) - 1:  # the origin's, first
        return OPEN
    width = p + q
    bmat = np.empty((q, q))
    inv = np.empty((q, q))
    for k in range(count):
        key = keys[k]
        if key < 0 or key >> width != 0:
            return UNCERTIFIED
        if not _simple_vertex(matrix, key, bmat, inv):
            return UNCERTIFIED
    size = 4
    while size < 4 * count * p:
        size *= 2
    masks = np.full(2 * size, -1, dtype=np.int64)
    edges = np.full(2 * size, -1, dtype=np.int64)
    for k in range(count):
        key = keys[k]
        slot = _find(masks, key)
        if masks[2 * slot] == key:  # a repeated mask
            return OPEN
        _insert(masks, key, k)
        for var in range(width):
            if (key >> var) & 1:
                sub = key ^ (1 << var)
                slot = _find(edges, sub)
                if edges[2 * slot] == sub:
                    edges[2 * slot + 1] += 1
                else:
                    _insert(edges, sub, 1)
    for slot in range(size):
        if edges[2 * slot] != -1 and edges[2 * slot + 1] != 2:
            return OPEN
    return OK


def vertices(matrix: NDArray[np.float64], capacity: int) -> tuple[int, NDArray[np.int64]]:
    """``(status, keys)``: the proposal of :func:`search`, returned with ``OK`` only when
    :func:`certify` proves it (see the module); ``keys[0]`` is the origin's."""
    status, keys = search(matrix, capacity)
    if status != OK:
        return status, keys
    return certify(matrix, keys), keys
