r"""Private kernel: one Nash equilibrium of an n-player game by simplicial subdivision.

The strategy space :math:`S = \prod_i \Delta_{m_i}` is searched by the variable-dimension
restart algorithm of van der Laan and Talman on the product of simplices (van der Laan and
Talman 1982; van der Laan, Talman and van der Heyden 1987). On the grid of mesh
:math:`d = 1/D` around a start point :math:`v` (with :math:`Dv` integer) player
:math:`i`'s directions are

.. math:: q(i, j) = e(i, j + 1) - e(i, j) \quad (j + 1 \text{ taken cyclically}),

which lower :math:`\sigma_i(j)` by :math:`d` and raise the next action's probability.
Any proper subset :math:`T_i` of a player's directions is linearly independent, and
:math:`S` is the union of the regions
:math:`A(T) = \{v + \sum_{(i,j) \in T} \alpha_{ij} q(i, j) : \alpha \ge 0\} \cap S` over
the sets :math:`T = \cup_i T_i` with every :math:`T_i \subsetneq \{1..m_i\}`. Each region
is triangulated by the Kuhn simplices of its :math:`\alpha`-orthant,
:math:`y^{k+1} = y^k + d\,q(\pi_k)` for an ordering :math:`\pi` of :math:`T`, and the
triangulations of neighbouring regions fit together.

Each grid point :math:`x` gets the integer label :math:`l(x) = \arg\min_{(i,j):\,
x_{ij} > 0} z_{ij}(x)` with :math:`z = f(x) - x` and :math:`f` Nash's map

.. math:: f_{ij}(x) = \frac{x_{ij} + g_{ij}(x)}{1 + \sum_k g_{ik}(x)}, \qquad
    g_{ij}(x) = \max(0, u_i(j, x_{-i}) - u_i(x)),

so a label never names an action with zero probability ("proper": the path never leaves
:math:`S`; the rule is exact on the integer grid, whatever the rounding of :math:`z`).
Starting from the 0-simplex :math:`\{v\}`, the algorithm follows the unique path of
simplices :math:`\sigma \subset A(T)` whose labels contain :math:`T`: a label already in
:math:`T` (carried twice) drops the other vertex that carries it (a Kuhn replacement step,
or a step down to :math:`A(T \setminus \{h\})` at the region's boundary); a new label
joins :math:`T` and the simplex grows by one dimension. It stops when a new label
completes one player's set of actions: every action of that player then minimises
:math:`z` at some vertex, and since :math:`\sum_j z_{ij} = 0` that minimum tends to 0, so
the vertices approach a fixed point of :math:`f`, a Nash equilibrium, as :math:`d \to 0`.

The search restarts from its best vertex on a grid twice as fine, and after each grid the
best vertex's nearly best actions are tried as a support: Newton's method on the
indifference system (:func:`~dealmodels.solvers._npoly.refine_on_support`) turns an
approximate equilibrium into one accurate to rounding, verified before it is returned.

References
----------
.. [1] G. van der Laan and A. J. J. Talman, "On the computation of fixed points in the
   product space of unit simplices and an application to noncooperative N person games",
   *Mathematics of Operations Research* 7 (1982), pp. 1-13.
.. [2] G. van der Laan, A. J. J. Talman and L. van der Heyden, "Simplicial variable
   dimension algorithms for solving the nonlinear complementarity problem on a product of
   unit simplices using a general labelling", *Mathematics of Operations Research* 12
   (1987), pp. 377-397.
.. [3] G. van der Laan and A. J. J. Talman, "A restart algorithm for computing fixed
   points without an extra dimension", *Mathematical Programming* 17 (1979), pp. 74-84.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels.errors import ConvergenceError, SolverError

MAX_STEPS = 2_000_000  # simplices visited on one grid before giving up
MAX_GRID = 2**44  # finest grid tried (mesh about 6e-14)


class PathCapError(ConvergenceError):
    """The restart paths together visited more simplices than the caller's cap allowed."""

    def __init__(self, message: str, steps: int) -> None:
        super().__init__(message)
        self.steps = steps


class _Labeller:
    """Labels and regrets of grid points (payoffs normalised to [0, 1] per player)."""

    def __init__(self, u: Sequence[NDArray[np.float64]]) -> None:
        self.n = len(u)
        self.shape = u[0].shape
        self.subs = [np.moveaxis(u[i], i, 0) for i in range(self.n)]
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.evaluations = 0

    def values(self, x: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        xs = [x[self.offsets[i] : self.offsets[i + 1]] for i in range(self.n)]
        out = []
        for i in range(self.n):
            v = self.subs[i]
            for j in range(self.n - 1, -1, -1):
                if j != i:
                    v = v @ xs[j]
            out.append(v)
        return out

    def __call__(self, y: NDArray[np.int64], grid: int) -> tuple[int, float]:
        """(label, regret) of the grid point ``y / grid``: the worst action played by the
        player with the largest regret (module docstring)."""
        self.evaluations += 1
        x = y / grid
        worst, label = -1.0, 0
        for i, v in enumerate(self.values(x)):
            lo, hi = self.offsets[i], self.offsets[i + 1]
            r = float(v.max() - v @ x[lo:hi])
            if r > worst:
                played = y[lo:hi] > 0
                worst, label = r, int(lo + np.argmin(np.where(played, v, np.inf)))
        return label, max(worst, 0.0)


@dataclass
class GridResult:
    """The vertex of least regret of the completely labelled simplex at the end of the
    path on one grid (or of the first exact equilibrium met), and the path's length."""

    best: NDArray[np.int64]
    regret: float
    steps: int


def follow(
    label: _Labeller, start: NDArray[np.int64], grid: int, *, max_steps: int = MAX_STEPS
) -> GridResult:
    """Follow the path from ``start`` (integer grid coordinates, each player's summing to
    ``grid``) to a completely labelled simplex (module docstring)."""
    shape = label.shape
    offsets = label.offsets
    owner = np.repeat(np.arange(len(shape)), shape).tolist()
    nxt = [
        int(offsets[i]) + (j + 1) % m for i, m in enumerate(shape) for j in range(m)
    ]  # flat index of the next action of the same player
    need = [m - 1 for m in shape]
    count = [0] * len(shape)  # |T_i|
    in_t = [False] * int(offsets[-1])
    coef: dict[int, int] = {}  # alpha of the first vertex, per direction in T
    order: list[int] = []  # the ordering pi of T
    verts = [np.asarray(start, dtype=np.int64).copy()]
    lab, reg = label(verts[0], grid)
    labels = [lab]
    regrets = [reg]
    new = 0
    for step in range(max_steps):
        if regrets[new] == 0.0:  # an exact equilibrium on the grid
            return GridResult(verts[new], 0.0, step)
        k = labels[new]
        if not in_t[k]:
            i = owner[k]
            if count[i] == need[i]:  # the label completes player i's actions: done
                p = int(np.argmin(regrets))
                return GridResult(verts[p], regrets[p], step)
            in_t[k] = True
            count[i] += 1
            coef[k] = 0
            order.append(k)
            y = verts[-1].copy()
            y[k] -= 1
            y[nxt[k]] += 1
            verts.append(y)
            labels.append(-1)
            regrets.append(np.inf)
            new = len(verts) - 1
        else:
            s = next(p for p, lb in enumerate(labels) if lb == k and p != new)
            while True:
                t = len(order)
                if t == 0:  # pragma: no cover - the path never returns to its start
                    raise SolverError("simplicial subdivision returned to its start point")
                if s == 0:  # drop the first vertex: step along pi_0
                    h = order.pop(0)
                    order.append(h)
                    coef[h] += 1
                    verts.pop(0)
                    labels.pop(0)
                    regrets.pop(0)
                    y = verts[-1].copy()
                    y[h] -= 1
                    y[nxt[h]] += 1
                    verts.append(y)
                    labels.append(-1)
                    regrets.append(np.inf)
                    new = t
                    break
                if s < t:  # an inner vertex: swap two directions
                    order[s - 1], order[s] = order[s], order[s - 1]
                    h = order[s - 1]
                    y = verts[s - 1].copy()
                    y[h] -= 1
                    y[nxt[h]] += 1
                    verts[s] = y
                    new = s
                    break
                h = order[-1]
                if coef[h] > 0:  # the last vertex: step back along pi_last
                    coef[h] -= 1
                    order.pop()
                    order.insert(0, h)
                    verts.pop()
                    labels.pop()
                    regrets.pop()
                    y = verts[0].copy()
                    y[h] += 1
                    y[nxt[h]] -= 1
                    verts.insert(0, y)
                    labels.insert(0, -1)
                    regrets.insert(0, np.inf)
                    new = 0
                    break
                # the facet lies on the boundary alpha_h = 0: go down to A(T - {h}), then
                # drop the vertex that carries label h
                in_t[h] = False
                count[owner[h]] -= 1
                del coef[h]
                order.pop()
                verts.pop()
                labels.pop()
                regrets.pop()
                s = labels.index(h)
        if y.min() < 0:  # pragma: no cover - excluded by the proper labelling
            raise SolverError("simplicial subdivision left the strategy space")
        labels[new], regrets[new] = label(y, grid)
    raise ConvergenceError(
        f"simplicial subdivision visited {max_steps:,} simplices on the grid of mesh "
        f"1/{grid} without finishing"
    )


def approximate(
    u: Sequence[NDArray[np.float64]],
    *,
    accept: Any,
    start: Sequence[int] | None = None,
    max_grid: int = MAX_GRID,
    max_total_steps: int | None = None,
) -> tuple[NDArray[np.float64], ...] | tuple[NDArray[Any], ...]:
    """Restart on successively finer grids until ``accept`` takes a profile.

    ``max_total_steps`` caps the simplices visited over all grids together; past it,
    :class:`PathCapError` is raised (the caller may hand over to another method).

    ``u`` are normalised payoffs (:func:`~dealmodels.solvers._npoly.normalised`). After
    each grid, ``accept(x, grid, y, regret)`` receives the best vertex of the final
    simplex as a float profile ``x`` (and its integer grid coordinates ``y``) and returns
    a verified profile or None. ``start`` gives each
    player's first pure action (default: action 0 for everyone).
    """
    label = _Labeller(u)
    shape = label.shape
    grid = 2
    y = np.zeros(int(label.offsets[-1]), dtype=np.int64)
    for i in range(len(shape)):
        y[label.offsets[i] + (0 if start is None else start[i])] = grid
    steps = 0
    while grid <= max_grid:
        budget = MAX_STEPS if max_total_steps is None else max_total_steps - steps
        try:
            res = follow(label, y, grid, max_steps=min(MAX_STEPS, max(budget, 1)))
        except ConvergenceError:
            if max_total_steps is None or budget >= MAX_STEPS:
                raise
            raise PathCapError(
                f"simplicial subdivision reached its cap of {max_total_steps:,} simplices "
                f"on the grid of mesh 1/{grid}",
                max_total_steps,
            ) from None
        steps += res.steps
        x = res.best / grid
        prof = tuple(x[label.offsets[i] : label.offsets[i + 1]] for i in range(len(shape)))
        found = accept(prof, grid, res.best, res.regret)
        if found is not None:
            return tuple(found)
        y = res.best * 2
        grid *= 2
    raise ConvergenceError(
        f"simplicial subdivision found no verified equilibrium down to mesh 1/{max_grid} "
        f"({steps:,} simplices visited); the game may be degenerate"
    )
