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
(von Stengel 2002, Theorem 3.4; Avis et al. 2010).

Every kernel here works on *one* polytope given by a positive matrix ``M`` of shape
``(p, q)``: :math:`\{z \in \mathbb{R}^p : z \ge 0,\ M^\top z \le 1\}` (``M = B`` for
:math:`P`, ``M = A^\top`` for :math:`Q`). A vertex's labels are a boolean row of length
``p + q``: first its own zero coordinates, then its tight inequalities.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

LABEL_TOL = 1e-9
"""Absolute tolerance for a tight constraint; payoffs are first rescaled to ``[1, 2]``."""


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
    """Drop the origin and repeated vertices (a vertex is determined by its label set)."""
    keep = ~np.all(labels[:, : points.shape[1]], axis=1)  # origin: every coordinate zero
    points, labels = points[keep], labels[keep]
    if len(points) == 0:
        return points, labels
    packed = np.packbits(labels, axis=1)
    _, first = np.unique(packed, axis=0, return_index=True)
    first.sort()
    return points[first], labels[first]


def qhull_vertices(
    matrix: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Vertices (without the origin) and labels of :math:`\\{z \\ge 0, M^T z \\le 1\\}`.

    The polytope is written as :math:`G z \\le h`, moved so that an interior point
    :math:`z_0` is the origin, and polarised: constraint :math:`k` becomes the point
    :math:`g_k / (h_k - g_k z_0)`. Facets of the convex hull of these points (qhull)
    correspond one-to-one to vertices of the polytope; a facet with outward equation
    :math:`n \\cdot p + c = 0` gives the vertex :math:`z_0 - n / c`. Qhull triangulates
    non-simplicial facets, so a degenerate vertex appears once per triangle: vertices are
    deduplicated by their label sets, which are recomputed from all constraints (not from the
    triangle), so a degenerate vertex keeps every label.
    """
    from scipy.spatial import ConvexHull

    p, q = matrix.shape
    g = np.concatenate([-np.eye(p), matrix.T], axis=0)
    h = np.concatenate([np.zeros(p), np.ones(q)])
    t = 0.5 / float(matrix.sum(axis=0).max())
    z0 = np.full(p, t)
    dual = g / (h - g @ z0)[:, None]
    hull = ConvexHull(dual)
    eq = hull.equations
    verts = z0 - eq[:, :-1] / eq[:, -1:]
    verts = polish(verts, matrix)
    labels = labels_of(verts, matrix)
    return unique_vertices(verts, labels)


def polish(points: NDArray[np.float64], matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Snap coordinates within tolerance of zero to zero (removes qhull round-off)."""
    out = np.where(np.abs(points) <= LABEL_TOL, 0.0, points)
    return out


def complete_pairs(labels_p: NDArray[np.bool_], labels_q: NDArray[np.bool_]) -> NDArray[np.intp]:
    """Index pairs ``(a, b)`` whose label sets together cover every label.

    A label is missing from a pair iff it is missing from both; counting the missing labels
    of all pairs at once is one matrix product of the complements.
    """
    if len(labels_p) == 0 or len(labels_q) == 0:
        return np.zeros((0, 2), dtype=np.intp)
    miss_p = (~labels_p).astype(np.float32)
    miss_q = (~labels_q).astype(np.float32)
    both = miss_p @ miss_q.T
    return np.argwhere(both == 0)
