r"""Bargaining solutions: Nash, Kalai–Smorodinsky, egalitarian and Rubinstein's offers game.

Axiomatic solutions of a :class:`~dealmodels.games.bargaining.BargainingProblem`
:math:`(S, d)` with upper boundary :math:`F`:

- **Nash** (1950), with weights :math:`w_1, w_2 > 0` (asymmetric; Kalai 1977):
  :math:`\arg\max_{u \in S,\, u \ge d} (u_1 - d_1)^{w_1} (u_2 - d_2)^{w_2}`. On a boundary
  segment :math:`u = a + s (b - a)` the first-order condition is linear in :math:`s`:

  .. math:: s^* = -\frac{w_1 \Delta_1 (a_2 - d_2) + w_2 \Delta_2 (a_1 - d_1)}
                        {(w_1 + w_2) \Delta_1 \Delta_2}, \qquad \Delta = b - a,

  so polygons (and the linear pie, where :math:`u_1^* = d_1 + w_1(\pi - d_1 - d_2)`) are solved
  in closed form, exactly for rational data. A sympy frontier is solved from the first-order
  condition :math:`w_1 (F(u_1) - d_2) + w_2 F'(u_1)(u_1 - d_1) = 0`; a callable frontier by
  bounded scalar maximisation of the (concave) log of the Nash product.
- **Kalai–Smorodinsky** (1975): the largest point of :math:`S` on the segment from :math:`d`
  to the ideal point :math:`\bar u` (:math:`\bar u_i` = player :math:`i`'s best individually
  rational utility).
- **Egalitarian** (Kalai 1977): the largest point of :math:`S` with equal gains
  :math:`u_1 - d_1 = u_2 - d_2`.

The last two are found as the root of the decreasing function
:math:`h(t) = F(d_1 + t r_1) - d_2 - t r_2` along the ray :math:`d + t r`: exactly on polygons
(the boundary is linear between vertices), with sympy on a symbolic frontier, and by a bracketed
root (Brent) otherwise. They are weakly Pareto optimal (strictly when :math:`S` is strictly
comprehensive); the Nash solution is strictly Pareto optimal.

**Rubinstein** (1982): two players alternate offers on how to split a pie :math:`\pi`; player
:math:`i` discounts by :math:`\delta_i` per period. The unique subgame-perfect equilibrium is
stationary: the proposer :math:`i` offers the responder :math:`j` exactly what makes it
indifferent, and gets :math:`\pi (1 - \delta_j) / (1 - \delta_i \delta_j)`. With an outside
option :math:`w_j` that the responder may take when it rejects (Binmore, Rubinstein and
Wolinsky 1986; Shaked and Sutton 1984), the responder's share is
:math:`\max(w_j, \delta_j s_j)`, :math:`s_j` its own share when proposing: an option binds only
if it exceeds the responder's discounted Rubinstein share (the *outside option principle*).

References
----------
.. [1] J. F. Nash, "The bargaining problem", *Econometrica* 18(2):155-162, 1950.
.. [2] E. Kalai and M. Smorodinsky, "Other solutions to Nash's bargaining problem",
   *Econometrica* 43(3):513-518, 1975.
.. [3] E. Kalai, "Proportional solutions to bargaining situations: interpersonal utility
   comparisons", *Econometrica* 45(7):1623-1630, 1977.
.. [4] A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica*
   50(1):97-109, 1982.
.. [5] K. Binmore, A. Rubinstein and A. Wolinsky, "The Nash bargaining solution in economic
   modelling", *RAND Journal of Economics* 17(2):176-188, 1986.
.. [6] A. Shaked and J. Sutton, "Involuntary unemployment as a perfect equilibrium in a
   bargaining model", *Econometrica* 52(6):1351-1364, 1984.
.. [7] M. J. Osborne and A. Rubinstein, *Bargaining and Markets*, Academic Press, 1990,
   ch. 2-4.
.. [8] A. Muthoo, *Bargaining Theory with Applications*, Cambridge UP, 1999, ch. 3 and 5.
.. [9] R. E. Kihlstrom, A. E. Roth and D. Schmeidler, "Risk aversion and solutions to Nash's
   bargaining problem", in *Game Theory and Mathematical Economics*, North-Holland, 1981.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from dealmodels._numbers import is_sympy, to_fraction, to_sympy
from dealmodels._validation import check_real_scalar, fail
from dealmodels.errors import ConvergenceError, SolverError
from dealmodels.games.bargaining import (
    BargainingProblem,
    Scalar,
    ray_extent_numeric,
    ray_extent_points,
    ray_extent_symbolic,
    sympy_real_roots,
)
from dealmodels.solvers._result import SolverResult, frozen_payoffs

__all__ = [
    "BargainingSolution",
    "RubinsteinResult",
    "egalitarian",
    "kalai_smorodinsky",
    "kalai_smorodinsky_transfer",
    "nash_bargaining",
    "nash_transfer",
    "rubinstein",
]

SolutionName = Literal["nash", "kalai_smorodinsky", "egalitarian"]
_TOL = 1e-9


@dataclass(frozen=True, slots=True)
class BargainingSolution(SolverResult):
    r"""A verified solution of a bargaining problem.

    Attributes
    ----------
    solution : {"nash", "kalai_smorodinsky", "egalitarian"}
        The solution concept.
    utilities : (float, float)
        The agreed utility pair :math:`u^*`.
    exact : tuple or None
        :math:`u^*` exactly (:class:`~fractions.Fraction` for rational polygons, sympy numbers
        for a symbolic frontier) when the solver could compute it exactly, else ``None``.
    disagreement : (float, float)
        The problem's disagreement point :math:`d`.
    weights : (float, float) or None
        Normalised bargaining weights (Nash only).
    method : str
        ``"closed_form"``, ``"symbolic"`` (sympy), ``"bounded_scalar"`` or ``"brentq"``.
    residual : float
        The verification residual of the shared solver core: how far :math:`u^*` misses
        being a feasible, Pareto-optimal, individually rational point, in utility units
        (the largest of :math:`u_1 - \bar u_1`, :math:`|u_2 - F(u_1)|` (only
        :math:`u_2 - F(u_1)` on the vertical edge at :math:`\bar u_1`, where lower points
        are weakly Pareto optimal too), :math:`u_{1,\min} - u_1` for the Nash solution
        (strict Pareto optimality) and :math:`d_i - u_i`, floored at 0); 0 when
        :attr:`exact` is set.
    """

    solution: SolutionName
    utilities: tuple[float, float]
    exact: tuple[Scalar, Scalar] | None
    disagreement: tuple[float, float]
    weights: tuple[float, float] | None
    method: str
    residual: float

    @property
    def payoffs(self) -> NDArray[Any]:
        """:math:`u^*` as a read-only array: :attr:`exact` (``object`` dtype) when set, else
        :attr:`utilities` (float64)."""
        if self.exact is not None:
            return frozen_payoffs(self.exact, exact=True)
        return frozen_payoffs(self.utilities, exact=False)

    @property
    def point(self) -> NDArray[np.float64]:
        """:math:`u^*` as an array of shape (2,)."""
        return np.array(self.utilities, dtype=np.float64)

    @property
    def gains(self) -> tuple[float, float]:
        """Each player's gain over the disagreement point, :math:`u^* - d`."""
        return (
            self.utilities[0] - self.disagreement[0],
            self.utilities[1] - self.disagreement[1],
        )


# -- helpers ---------------------------------------------------------------------------------
def _check_problem(problem: object) -> BargainingProblem:
    if not isinstance(problem, BargainingProblem):
        raise fail("problem", "a BargainingProblem", problem)
    return problem


def _weights(weights: Sequence[Scalar] | None) -> tuple[Scalar, Scalar]:
    if weights is None:
        return Fraction(1, 2), Fraction(1, 2)
    if isinstance(weights, str) or not isinstance(weights, Sequence | np.ndarray):
        raise fail("weights", "a pair of positive numbers", weights)
    if len(weights) != 2:
        raise fail("weights", "a pair of positive numbers", weights)
    vals = [check_real_scalar(f"weights[{i}]", w) for i, w in enumerate(weights)]
    if min(vals) <= 0:
        raise fail("weights", "a pair of positive numbers", weights)
    exact = [to_fraction(w) for w in weights]
    if exact[0] is not None and exact[1] is not None:
        total = exact[0] + exact[1]
        return exact[0] / total, exact[1] / total
    return vals[0] / sum(vals), vals[1] / sum(vals)


def _solution(
    problem: BargainingProblem,
    name: SolutionName,
    u: tuple[Scalar, Scalar],
    exact: bool,
    weights: tuple[Scalar, Scalar] | None,
    method: str,
    *,
    strict: bool,
) -> BargainingSolution:
    """Build the result and verify it: feasible, on the frontier, individually rational."""
    uf = (float(u[0]), float(u[1]))
    d = (float(problem.disagreement[0]), float(problem.disagreement[1]))
    scale = 1.0 + max(abs(uf[0]), abs(uf[1]), abs(d[0]), abs(d[1]))
    tol = 1e-7 * scale
    pareto = (
        problem.is_strictly_pareto_optimal(uf, tol=tol)
        if strict
        else problem.is_pareto_optimal(uf, tol=tol)
    )
    if not (problem.contains(uf, tol=tol) and pareto):
        raise SolverError(f"{name} solution {uf} is not on the Pareto frontier of the problem")
    if uf[0] < d[0] - tol or uf[1] < d[1] - tol:
        raise SolverError(f"{name} solution {uf} is not individually rational (d = {d})")
    residual = 0.0 if exact else _frontier_residual(problem, uf, d, strict)
    return BargainingSolution(
        solution=name,
        utilities=uf,
        exact=(u[0], u[1]) if exact else None,
        disagreement=d,
        weights=None if weights is None else (float(weights[0]), float(weights[1])),
        method=method,
        residual=residual,
    )


def _frontier_residual(
    problem: BargainingProblem, u: tuple[float, float], d: tuple[float, float], strict: bool
) -> float:
    """:attr:`BargainingSolution.residual` of a float solution ``u``."""
    lo, hi = float(problem.u1_min), float(problem.u1_max)
    f = problem.boundary_value(min(u[0], hi))
    off = abs(u[1] - f)
    if not strict:  # the vertical edge at u1_max is weakly Pareto optimal
        off = min(off, max(abs(u[0] - hi), u[1] - f))
    parts = [u[0] - hi, off, d[0] - u[0], d[1] - u[1], lo - u[0] if strict else 0.0]
    return max(0.0, *parts)


# -- rays: Kalai-Smorodinsky, egalitarian, ideal point ---------------------------------------
def _along_ray(
    problem: BargainingProblem, name: SolutionName, r: tuple[Scalar, Scalar]
) -> BargainingSolution:
    d1, d2 = problem.disagreement
    if problem.kind == "points":
        t = ray_extent_points(problem, r)
        u = (d1 + t * r[0], d2 + t * r[1])
        return _solution(problem, name, u, problem.is_exact, None, "closed_form", strict=False)
    if problem.kind == "symbolic":
        rs = (to_sympy(r[0]), to_sympy(r[1]))
        ts = ray_extent_symbolic(problem, rs)
        if ts is not None:
            u = (to_sympy(d1) + ts * rs[0], to_sympy(d2) + ts * rs[1])
            return _solution(problem, name, u, True, None, "symbolic", strict=False)
    rf = (float(r[0]), float(r[1]))
    t = ray_extent_numeric(problem, rf)
    u = (float(d1) + t * rf[0], float(d2) + t * rf[1])
    return _solution(problem, name, u, False, None, "brentq", strict=False)


def kalai_smorodinsky(problem: BargainingProblem) -> BargainingSolution:
    r"""Kalai–Smorodinsky solution: the maximal feasible point on the segment :math:`[d, \bar u]`.

    Parameters
    ----------
    problem : BargainingProblem

    Returns
    -------
    BargainingSolution
        :math:`u^* = d + t^* (\bar u - d)` with :math:`t^* = \max\{t : d + t(\bar u - d) \in S\}`,
        so that :math:`(u_1^* - d_1)/(\bar u_1 - d_1) = (u_2^* - d_2)/(\bar u_2 - d_2)`.

    Notes
    -----
    The solution is the unique one satisfying Pareto optimality, symmetry, invariance to affine
    rescaling of each player's utility and individual monotonicity [1]_. It is computed
    exactly on polygons (the boundary is linear between vertices), with sympy on symbolic
    frontiers, and by a bracketed root otherwise.

    References
    ----------
    .. [1] E. Kalai and M. Smorodinsky, "Other solutions to Nash's bargaining problem",
       *Econometrica* 43(3):513-518, 1975.

    Examples
    --------
    Kalai and Smorodinsky's own example: :math:`S_1` is the hull of (0, 0), (0, 1), (1, 0) and
    (3/4, 3/4); the solution is (3/4, 3/4).

    >>> from dealmodels.games.bargaining import BargainingProblem
    >>> from fractions import Fraction as Fr
    >>> s1 = BargainingProblem.from_points([(0, 1), (1, 0), (Fr(3, 4), Fr(3, 4))])
    >>> s = kalai_smorodinsky(s1)
    >>> s.exact
    (Fraction(3, 4), Fraction(3, 4))
    """
    problem = _check_problem(problem)
    ideal = problem.ideal_point
    d = problem.disagreement
    return _along_ray(problem, "kalai_smorodinsky", (ideal[0] - d[0], ideal[1] - d[1]))


def egalitarian(problem: BargainingProblem) -> BargainingSolution:
    r"""Egalitarian solution: the maximal feasible point with equal gains over :math:`d`.

    Parameters
    ----------
    problem : BargainingProblem

    Returns
    -------
    BargainingSolution
        :math:`u^* = d + t^*(1, 1)` with :math:`t^* = \max\{t : d + t(1, 1) \in S\}`.

    Notes
    -----
    Not invariant to rescaling a player's utility (it compares utility gains across players);
    it is monotone in the feasible set [1]_. Weakly Pareto optimal.

    References
    ----------
    .. [1] E. Kalai, "Proportional solutions to bargaining situations: interpersonal utility
       comparisons", *Econometrica* 45(7):1623-1630, 1977.

    Examples
    --------
    >>> from dealmodels.games.bargaining import BargainingProblem
    >>> egalitarian(BargainingProblem.from_points([(0, 2), (4, 0)])).exact
    (Fraction(4, 3), Fraction(4, 3))
    """
    problem = _check_problem(problem)
    one = Fraction(1) if problem.is_exact or problem.kind == "symbolic" else 1.0
    return _along_ray(problem, "egalitarian", (one, one))


# -- Nash ------------------------------------------------------------------------------------
def _nash_points(
    problem: BargainingProblem, w: tuple[Scalar, Scalar]
) -> tuple[Scalar, Scalar] | None:
    d1, d2 = problem.disagreement
    verts = problem.pareto_vertices
    best: tuple[float, tuple[Scalar, Scalar]] | None = None

    def consider(u: tuple[Scalar, Scalar]) -> None:
        nonlocal best
        g1, g2 = u[0] - d1, u[1] - d2
        if g1 <= 0 or g2 <= 0:
            return
        val = float(w[0]) * math.log(float(g1)) + float(w[1]) * math.log(float(g2))
        if best is None or val > best[0]:
            best = (val, u)

    for v in verts:
        consider(v)
    for a, b in itertools.pairwise(verts):
        dx, dy = b[0] - a[0], b[1] - a[1]
        if dx == 0 or dy == 0:
            continue
        # the first-order condition divided through by dx * dy, so that large coordinates
        # (1e300) do not overflow in the products
        s = -(w[0] * (a[1] - d2) / dy + w[1] * (a[0] - d1) / dx) / (w[0] + w[1])
        if 0 < s < 1:
            consider((a[0] + s * dx, a[1] + s * dy))
    return None if best is None else best[1]


def _nash_symbolic(problem: BargainingProblem, w: tuple[Scalar, Scalar]) -> tuple[Any, Any] | None:
    import sympy

    f: Any = problem.frontier
    x = problem.symbol
    d1, d2 = (to_sympy(v) for v in problem.disagreement)
    w1, w2 = (to_sympy(v) for v in w)
    lo, hi = (to_sympy(v) for v in (problem.u1_min, problem.u1_max))
    ideal = ray_extent_symbolic(problem, (sympy.Integer(1), sympy.Integer(0)))
    if ideal is None:
        return None
    a, b = sympy.Max(d1, lo), sympy.Min(hi, d1 + ideal)
    foc = w1 * (f - d2) + w2 * sympy.diff(f, x) * (x - d1)
    roots = sympy_real_roots(foc, x, a, b)
    if roots is None:
        return None
    candidates = [*roots, a, b]
    best: tuple[float, Any] | None = None
    for c in candidates:
        g1, g2 = float(c - d1), float(f.subs(x, c) - d2)
        if g1 <= 0 or g2 <= 0:
            continue
        val = float(w1) * math.log(g1) + float(w2) * math.log(g2)
        if best is None or val > best[0]:
            best = (val, c)
    if best is None:
        return None
    c = best[1]
    return c, f.subs(x, c)


def _nash_numeric(problem: BargainingProblem, w: tuple[float, float]) -> tuple[float, float]:
    from scipy.optimize import minimize_scalar

    d1, d2 = (float(v) for v in problem.disagreement)
    a = max(d1, float(problem.u1_min))
    b = d1 + ray_extent_numeric(problem, (1.0, 0.0))

    def neg_log(x: float) -> float:
        g1, g2 = x - d1, problem.boundary_value(x) - d2
        if g1 <= 0 or g2 <= 0:
            return math.inf
        return -(w[0] * math.log(g1) + w[1] * math.log(g2))

    def at(t: float) -> float:  # the search runs over [0, 1]: a + b may overflow near 1e308
        return (1.0 - t) * a + t * b

    res = minimize_scalar(
        lambda t: neg_log(at(t)), bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-13}
    )
    x = at(float(res.x))
    for end in (a, b):  # a corner optimum (e.g. the frontier ends at u1_max above d2)
        if neg_log(end) < neg_log(x):
            x = end
    if not math.isfinite(neg_log(x)):
        raise ConvergenceError("Nash bargaining: the maximiser search found no interior point")
    return x, problem.boundary_value(x)


def nash_bargaining(
    problem: BargainingProblem, weights: Sequence[Scalar] | None = None
) -> BargainingSolution:
    r"""(Asymmetric) Nash bargaining solution.

    Parameters
    ----------
    problem : BargainingProblem
    weights : (float, float), optional
        Bargaining powers :math:`w_1, w_2 > 0` (normalised to sum to 1); default equal weights
        (the symmetric Nash solution). Exact (int / Fraction) weights keep exact answers.

    Returns
    -------
    BargainingSolution
        :math:`u^* = \arg\max_{u \in S, u > d} (u_1 - d_1)^{w_1} (u_2 - d_2)^{w_2}`.

    Raises
    ------
    InvalidParameterError
        If ``weights`` is not a pair of positive numbers.

    Notes
    -----
    The maximiser lies on the strict Pareto frontier and is unique because the log of the Nash
    product is strictly concave along the frontier. Polygons: on each edge :math:`[a, b]` the
    first-order condition gives
    :math:`s^* = -(w_1\Delta_1(a_2-d_2) + w_2\Delta_2(a_1-d_1)) / ((w_1+w_2)\Delta_1\Delta_2)`
    (clipped to the edge); the best candidate wins. For the linear pie :math:`\pi`:
    :math:`u_1^* = d_1 + w_1 (\pi - d_1 - d_2)` [1]_. Symbolic frontiers: the real roots of
    :math:`w_1 (F - d_2) + w_2 F'(u_1)(u_1 - d_1) = 0`. Callables: bounded Brent maximisation of
    :math:`w_1 \log(u_1 - d_1) + w_2 \log(F(u_1) - d_2)`.

    With :math:`u_1(x) = x^a` over a pie of 1 against a risk-neutral opponent the symmetric
    solution gives player 0 the share :math:`a / (1 + a)`: the more risk-averse player gets
    less [2]_.

    References
    ----------
    .. [1] J. F. Nash, "The bargaining problem", *Econometrica* 18(2):155-162, 1950.
    .. [2] R. E. Kihlstrom, A. E. Roth and D. Schmeidler, "Risk aversion and solutions to
       Nash's bargaining problem", in *Game Theory and Mathematical Economics*, 1981.

    Examples
    --------
    >>> from dealmodels.games.bargaining import BargainingProblem
    >>> nash_bargaining(BargainingProblem.linear(1, (0, 0)), weights=(1, 3)).exact
    (Fraction(1, 4), Fraction(3, 4))
    >>> import sympy
    >>> x = sympy.Symbol("x", nonnegative=True)
    >>> nash_bargaining(BargainingProblem.from_frontier(1 - x**2, (0, 1))).exact[0]
    sqrt(3)/3
    """
    problem = _check_problem(problem)
    w = _weights(weights)
    if problem.kind == "points":
        exact = problem.is_exact and all(isinstance(v, Fraction) for v in w)
        if not exact:
            w = (float(w[0]), float(w[1]))
        u = _nash_points(problem, w)
        if u is None:
            raise SolverError("Nash bargaining: no feasible point beats the disagreement point")
        return _solution(problem, "nash", u, exact, w, "closed_form", strict=True)
    if problem.kind == "symbolic":
        us = _nash_symbolic(problem, w)
        if us is not None:
            return _solution(problem, "nash", us, True, w, "symbolic", strict=True)
    wf = (float(w[0]), float(w[1]))
    return _solution(
        problem, "nash", _nash_numeric(problem, wf), False, wf, "bounded_scalar", strict=True
    )


# -- Rubinstein ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RubinsteinResult(SolverResult):
    r"""The subgame-perfect equilibrium of alternating-offers bargaining (agreement at once).

    Attributes
    ----------
    first_proposer : int
        The player (0 or 1) who makes the first offer.
    shares : (number, number)
        Each player's share of the pie in the agreement reached in the first period.
    proposer_shares : (number, number)
        :math:`s_i`: player :math:`i`'s share whenever it proposes (stationary strategies).
    binding : (bool, bool)
        Whether player :math:`i`'s outside option binds when it responds
        (:math:`w_i > \delta_i`-discounted value of its own proposal).
    discounts : (number, number)
        :math:`(\delta_1, \delta_2)` of players 0 and 1.
    pie : number
    outside_options : (number, number)
    method : str
        ``"closed_form"`` (linear utilities), ``"fixed_point"`` (concave utilities) or
        ``"symbolic"`` (sympy inputs: shares are expressions, ``binding`` sympy Booleans).
    payoffs : ndarray
        Each player's utility of its share of the agreement, :math:`u_i(x_i)` (the share
        itself for linear utilities); ``object`` dtype for exact and symbolic results,
        float64 otherwise; read-only.
    residual : float
        The verification residual of the shared solver core: the largest violation of the
        two stationary equations :math:`\pi - s_i = \max(w_j, r_j(s_j))` (0 for exact
        and symbolic results).
    """

    first_proposer: int
    shares: tuple[Scalar, Scalar]
    proposer_shares: tuple[Scalar, Scalar]
    binding: tuple[bool | Any, bool | Any]
    discounts: tuple[Scalar, Scalar]
    pie: Scalar
    outside_options: tuple[Scalar, Scalar]
    method: str
    payoffs: NDArray[Any]
    residual: float

    def __post_init__(self) -> None:
        payoffs = np.array(self.payoffs)
        payoffs.flags.writeable = False
        object.__setattr__(self, "payoffs", payoffs)

    # dataclass(slots=True) would add its own, which leaves the unpickled array writable
    __setstate__ = SolverResult.__setstate__

    @property
    def responder(self) -> int:
        """The player who responds to the first offer."""
        return 1 - self.first_proposer

    @property
    def proposer_share(self) -> Scalar:
        """The first proposer's share of the agreement."""
        return self.shares[self.first_proposer]

    @property
    def responder_share(self) -> Scalar:
        """The first responder's share of the agreement."""
        return self.shares[self.responder]

    @property
    def outside_option_binds(self) -> bool | Any:
        """Whether the first responder's outside option determines its share."""
        return self.binding[self.responder]


def _unit(name: str, value: object) -> Scalar:
    v = check_real_scalar(name, value)
    if not 0 <= v < 1:
        if v == 1:
            raise fail(
                name,
                "in [0, 1): with delta = 1 a player loses nothing by waiting, so "
                "alternating offers has no unique equilibrium",
                value,
            )
        raise fail(name, "in [0, 1)", value)
    e = to_fraction(value)
    return e if e is not None else v


def _check_utility(i: int, u: object, pie: float) -> Callable[[float], float]:
    if not callable(u):
        raise fail(f"utilities[{i}]", "a callable (increasing, u(0) = 0) or None", u)
    grid = np.linspace(0.0, pie, 129)
    try:
        ys = np.array([float(u(float(x))) for x in grid])
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise fail(f"utilities[{i}]", f"defined on [0, pie] ({exc})", u) from None
    scale = 1.0 + float(np.max(np.abs(ys))) if np.all(np.isfinite(ys)) else math.inf
    if not math.isfinite(scale):
        raise fail(f"utilities[{i}]", "finite on [0, pie]", u)
    if abs(ys[0]) > 1e-12 * scale:
        raise fail(f"utilities[{i}]", "normalised to u(0) = 0", u)
    if np.any(np.diff(ys) <= 0):
        raise fail(f"utilities[{i}]", "strictly increasing on [0, pie]", u)
    return lambda x: float(u(x))


def _responder_value(u: Callable[[float], float], delta: float, s: float) -> float:
    """x with u(x) = delta * u(s): the share today worth the own proposal next period."""
    from scipy.optimize import brentq

    if delta == 0 or s <= 0:
        return 0.0
    target = delta * u(s)
    return float(brentq(lambda x: u(x) - target, 0.0, s, xtol=1e-15, maxiter=500))


def rubinstein(
    delta1: Scalar,
    delta2: Scalar,
    pie: Scalar = 1,
    outside_options: Sequence[Scalar] = (0, 0),
    *,
    first_proposer: int = 0,
    utilities: Sequence[Callable[[float], float] | None] | None = None,
) -> RubinsteinResult:
    r"""Subgame-perfect equilibrium of Rubinstein's alternating-offers game.

    Parameters
    ----------
    delta1, delta2 : float
        Per-period discount factors of players 0 and 1, in :math:`[0, 1)`.
    pie : float, default 1
        Size of the pie, > 0.
    outside_options : (float, float), default (0, 0)
        :math:`(w_0, w_1)`: amount of pie-equivalent a player gets if, having rejected an
        offer, it opts out (Binmore–Rubinstein–Wolinsky); each in :math:`[0, \pi)`, with
        :math:`w_0 + w_1 \le \pi`. This is an opt-out right, not a disagreement point: it
        changes the split only when it binds.
    first_proposer : {0, 1}, default 0
    utilities : (callable or None, callable or None), optional
        Utility of each player over its share, strictly increasing with :math:`u(0) = 0`
        (concave for the uniqueness argument; e.g. ``lambda x: x ** 0.5``). ``None`` is linear.
        Delay discounts utility: a share :math:`x` at period :math:`t` is worth
        :math:`\delta^t u(x)`.

    Returns
    -------
    RubinsteinResult
        Exact (:class:`~fractions.Fraction`) shares when all inputs are rational and the
        utilities linear; floats otherwise. If a discount, the pie or an outside option is a
        sympy expression with symbols (linear utilities only), the shares are sympy
        expressions (a ``Piecewise`` over which options bind) and ``binding`` holds sympy
        Booleans; numeric entries are still validated, symbolic ones are assumed in range.

    Raises
    ------
    InvalidParameterError
        If a discount is outside :math:`[0, 1)` (:math:`\delta = 1` included), ``pie`` is not
        positive, an outside option is negative, not below the pie, or both exceed the pie
        together, or a utility is not increasing with :math:`u(0) = 0`.

    Notes
    -----
    Let :math:`s_i` be player :math:`i`'s share when it proposes. In the unique SPE the
    responder :math:`j` is offered exactly its continuation value, so

    .. math:: \pi - s_i = u_j^{-1}\big(\max(u_j(w_j), \delta_j u_j(s_j))\big)
              = \max\big(w_j,\ u_j^{-1}(\delta_j u_j(s_j))\big), \qquad i \ne j,

    and the first offer is accepted. With linear utilities and no binding option,
    :math:`s_i = \pi(1 - \delta_j)/(1 - \delta_i \delta_j)` [1]_. The option :math:`w_j` binds
    iff :math:`w_j > \delta_j s_j`; with only :math:`w_j` relevant this is
    :math:`w_j > \delta_j \pi (1 - \delta_i)/(1 - \delta_i\delta_j)` and then :math:`j` gets
    :math:`w_j` when responding and :math:`s_j = \pi - \delta_i(\pi - w_j)` when proposing
    [2]_ [3]_. Linear utilities are solved by checking the four cases (which options bind)
    in closed form; concave utilities by a bracketed root of the strictly increasing map
    :math:`s_0 \mapsto s_0 - (\pi - r_1(\pi - r_0(s_0)))`, :math:`r_j` the responder's share
    (the map has slope :math:`\ge 1 - \delta_0\delta_1` because :math:`u^{-1}(\delta u(s))`
    has slope at most :math:`\delta` for concave :math:`u`).

    With :math:`u_0(x) = x^a`, linear :math:`u_1` and a common :math:`\delta`, the proposer
    0's share is :math:`(1 - \delta)/(1 - \delta^{1 + 1/a})`, which tends to the Nash
    bargaining share :math:`a / (1 + a)` as :math:`\delta \to 1` [4]_.

    References
    ----------
    .. [1] A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica*
       50(1):97-109, 1982.
    .. [2] K. Binmore, A. Rubinstein and A. Wolinsky, "The Nash bargaining solution in
       economic modelling", *RAND Journal of Economics* 17(2):176-188, 1986.
    .. [3] A. Muthoo, *Bargaining Theory with Applications*, Cambridge UP, 1999, ch. 5.
    .. [4] M. J. Osborne and A. Rubinstein, *Bargaining and Markets*, 1990, sec. 4.4.

    Examples
    --------
    >>> from fractions import Fraction as Fr
    >>> r = rubinstein(Fr(9, 10), Fr(9, 10))
    >>> r.shares, r.outside_option_binds
    ((Fraction(10, 19), Fraction(9, 19)), False)
    >>> rubinstein(0.9, 0.9, outside_options=(0, 0.6)).shares
    (0.4, 0.6)
    >>> import sympy
    >>> d1, d2 = sympy.symbols("delta1 delta2", positive=True)
    >>> rubinstein(d1, d2).shares[0]
    (delta2 - 1)/(delta1*delta2 - 1)
    """
    if any(_has_symbols(v) for v in (delta1, delta2, pie)) or (
        isinstance(outside_options, Sequence) and any(_has_symbols(v) for v in outside_options)
    ):
        return _rubinstein_symbolic(
            delta1, delta2, pie, outside_options, first_proposer, utilities
        )
    d = (_unit("delta1", delta1), _unit("delta2", delta2))
    p = check_real_scalar("pie", pie)
    if p <= 0:
        raise fail("pie", "> 0", pie)
    if isinstance(outside_options, str) or not isinstance(outside_options, Sequence | np.ndarray):
        raise fail("outside_options", "a pair of numbers in [0, pie)", outside_options)
    if len(outside_options) != 2:
        raise fail("outside_options", "a pair of numbers in [0, pie)", outside_options)
    wf = [check_real_scalar(f"outside_options[{i}]", w) for i, w in enumerate(outside_options)]
    if min(wf) < 0 or max(wf) >= p:
        raise fail("outside_options", f"in [0, pie) with pie={pie}", outside_options)
    if wf[0] + wf[1] > p:
        raise fail("outside_options", f"summing to at most pie={pie}", outside_options)
    if isinstance(first_proposer, bool) or first_proposer not in (0, 1):
        raise fail("first_proposer", "0 or 1", first_proposer)
    given: object = utilities
    if given is not None and (
        isinstance(given, str) or not isinstance(given, Sequence) or len(given) != 2
    ):
        raise fail("utilities", "a pair of callables (or None for linear)", utilities)
    us = [None, None] if utilities is None else list(utilities)
    curved = [None if u is None else _check_utility(i, u, p) for i, u in enumerate(us)]

    exact_in = [to_fraction(v) for v in (pie, *outside_options)]
    exact = (
        all(c is None for c in curved)
        and all(isinstance(v, Fraction) for v in d)
        and all(v is not None for v in exact_in)
    )
    if exact:
        pie_x: Scalar = exact_in[0]
        w: tuple[Scalar, Scalar] = (exact_in[1], exact_in[2])
        delta: tuple[Scalar, Scalar] = d
    else:
        pie_x, w, delta = p, (wf[0], wf[1]), (float(d[0]), float(d[1]))

    if all(c is None for c in curved):
        s = _rubinstein_linear(delta, pie_x, w)
        method = "closed_form"
    else:
        s = _rubinstein_fixed_point((float(delta[0]), float(delta[1])), p, (wf[0], wf[1]), curved)
        method = "fixed_point"

    # the responder's share r_j = max(w_j, value of own proposal next period)
    def cont(j: int) -> Scalar:
        c = curved[j]
        return delta[j] * s[j] if c is None else _responder_value(c, float(delta[j]), float(s[j]))

    tol = 0 if exact else 1e-12 * p
    binding = (bool(w[0] > cont(0) + tol), bool(w[1] > cont(1) + tol))
    residual = 0.0
    for i in (0, 1):  # verification: the stationary equations hold
        j = 1 - i
        resid = (pie_x - s[i]) - max(w[j], cont(j))
        if abs(float(resid)) > 1e-9 * p:
            raise SolverError(f"rubinstein: stationary equation {i} violated by {resid}")
        residual = max(residual, abs(float(resid)))
    i0 = first_proposer
    shares = [pie_x - s[i0], pie_x - s[i0]]
    shares[i0] = s[i0]
    payoffs = [x if c is None else c(float(x)) for x, c in zip(shares, curved, strict=True)]
    return RubinsteinResult(
        first_proposer=i0,
        shares=(shares[0], shares[1]),
        proposer_shares=(s[0], s[1]),
        binding=binding,
        discounts=delta,
        pie=pie_x,
        outside_options=w,
        method=method,
        payoffs=frozen_payoffs(payoffs, exact=exact),
        residual=residual,
    )


def _has_symbols(x: object) -> bool:
    return is_sympy(x) and bool(getattr(x, "free_symbols", None))


def _rubinstein_symbolic(
    delta1: Any,
    delta2: Any,
    pie: Any,
    outside_options: Sequence[Any],
    first_proposer: int,
    utilities: object,
) -> RubinsteinResult:
    """Closed form with sympy inputs (linear utilities): a Piecewise over the binding cases."""
    import sympy

    if utilities is not None:
        raise fail("utilities", "None (linear utilities) when the inputs are symbolic", utilities)
    if isinstance(first_proposer, bool) or first_proposer not in (0, 1):
        raise fail("first_proposer", "0 or 1", first_proposer)
    if len(outside_options) != 2:
        raise fail("outside_options", "a pair of numbers in [0, pie)", outside_options)
    for name, v in (("delta1", delta1), ("delta2", delta2)):
        if not _has_symbols(v):
            _unit(name, v)
    if not _has_symbols(pie) and check_real_scalar("pie", pie) <= 0:
        raise fail("pie", "> 0", pie)
    for i, w in enumerate(outside_options):
        if not _has_symbols(w) and check_real_scalar(f"outside_options[{i}]", w) < 0:
            raise fail("outside_options", "nonnegative", outside_options)
    d0, d1, p, w0, w1 = (to_sympy(v) for v in (delta1, delta2, pie, *outside_options))
    den = 1 - d0 * d1
    rub = (p * (1 - d1) / den, p * (1 - d0) / den)
    if w0 == 0 and w1 == 0:
        s0, s1 = sympy.simplify(rub[0]), sympy.simplify(rub[1])
    else:
        # (shares, [clauses]) per case: none binds, 1's binds, 0's binds, both bind. A zero
        # option never binds (delta s >= 0), so its cases and clauses are dropped.
        c1 = (p - w1, p - d0 * (p - w1))
        c2 = (p - d1 * (p - w0), p - w0)
        cases: list[tuple[tuple[Any, Any], list[Any]]] = [
            (rub, [w0 <= d0 * rub[0], w1 <= d1 * rub[1]]),
            (c1, [w1 >= d1 * c1[1], w0 <= d0 * c1[0]]),
            (c2, [w0 >= d0 * c2[0], w1 <= d1 * c2[1]]),
            ((p - w1, p - w0), []),
        ]
        if w0 == 0:
            cases = [(sh, [c for c in cl if w0 not in c.args]) for sh, cl in cases[:2]]
        elif w1 == 0:
            cases = [(sh, [c for c in cl if w1 not in c.args]) for sh, cl in (cases[0], cases[2])]
        pieces = [(sh, sympy.And(*cl)) for sh, cl in cases[:-1]] + [(cases[-1][0], sympy.true)]
        s0 = sympy.Piecewise(*[(sh[0], cond) for sh, cond in pieces])
        s1 = sympy.Piecewise(*[(sh[1], cond) for sh, cond in pieces])
    binding = (
        sympy.false if w0 == 0 else sympy.Gt(w0, d0 * s0),
        sympy.false if w1 == 0 else sympy.Gt(w1, d1 * s1),
    )
    s = (s0, s1)
    i0 = first_proposer
    shares = [p - s[i0], p - s[i0]]
    shares[i0] = s[i0]
    return RubinsteinResult(
        first_proposer=i0,
        shares=(shares[0], shares[1]),
        proposer_shares=s,
        binding=binding,
        discounts=(d0, d1),
        pie=p,
        outside_options=(w0, w1),
        method="symbolic",
        payoffs=frozen_payoffs(shares, exact=True),
        residual=0.0,
    )


def _rubinstein_linear(
    d: tuple[Scalar, Scalar], pie: Scalar, w: tuple[Scalar, Scalar]
) -> tuple[Scalar, Scalar]:
    """Proposer shares (s0, s1) for linear utilities: the consistent one of four cases."""
    d0, d1 = d
    den = 1 - d0 * d1
    cases = [
        (pie * (1 - d1) / den, pie * (1 - d0) / den),  # no option binds (Rubinstein)
        (pie - w[1], pie - d0 * (pie - w[1])),  # player 1's option binds
        (pie - d1 * (pie - w[0]), pie - w[0]),  # player 0's option binds
        (pie - w[1], pie - w[0]),  # both bind
    ]
    for k, (s0, s1) in enumerate(cases):
        ok0 = w[0] >= d0 * s0 if k in (2, 3) else w[0] <= d0 * s0
        ok1 = w[1] >= d1 * s1 if k in (1, 3) else w[1] <= d1 * s1
        if ok0 and ok1:
            return s0, s1

    # unreachable in exact arithmetic (the map is a contraction); guards float round-off
    def resid(s: tuple[Scalar, Scalar]) -> float:
        return abs(float(pie - s[0] - max(w[1], d1 * s[1]))) + abs(
            float(pie - s[1] - max(w[0], d0 * s[0]))
        )

    return min(cases, key=resid)


def _rubinstein_fixed_point(
    d: tuple[float, float],
    pie: float,
    w: tuple[float, float],
    curved: list[Callable[[float], float] | None],
) -> tuple[float, float]:
    from scipy.optimize import brentq

    def resp(j: int, s: float) -> float:
        c = curved[j]
        v = d[j] * s if c is None else _responder_value(c, d[j], s)
        return max(w[j], v)

    def g(s0: float) -> float:
        s1 = pie - resp(0, s0)
        return s0 - (pie - resp(1, s1))

    lo, hi = g(0.0), g(pie)
    if lo >= 0:
        s0 = 0.0
    elif hi <= 0:
        s0 = pie
    else:
        try:
            s0 = float(brentq(g, 0.0, pie, xtol=1e-15 * max(pie, 1.0), maxiter=500))
        except RuntimeError as exc:  # pragma: no cover - brentq converges on a bracket
            raise ConvergenceError(f"rubinstein fixed point: {exc}") from None
    return s0, pie - resp(0, s0)


# -- a transfer between a risk-neutral payer and a payee, vectorised -------------------------
_HALVINGS = 64  # halvings of [low, high]: the width falls below (high - low) * 2**-64

ArrayFunction = Callable[[NDArray[np.float64]], Any]


def _transfer_bounds(low: Any, high: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    from dealmodels._validation import check_real_array

    lo, hi = check_real_array("low", low), check_real_array("high", high)
    try:
        shape = np.broadcast_shapes(lo.shape, hi.shape)
    except ValueError:
        shapes = f"an array that broadcasts against low's shape {lo.shape}"
        raise fail("high", shapes, high) from None
    if not np.all(lo <= hi):
        raise fail("high", "at least low everywhere", high)
    return np.broadcast_to(lo, shape), np.broadcast_to(hi, shape)


def _bisect_decreasing(
    decreasing: ArrayFunction, lo: NDArray[np.float64], hi: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The root of a decreasing function on ``[lo, hi]``, elementwise, by repeated halving."""
    lo, hi = np.array(lo, dtype=float), np.array(hi, dtype=float)
    for _ in range(_HALVINGS):
        mid = 0.5 * (lo + hi)
        up = np.asarray(decreasing(mid)) > 0
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    return 0.5 * (lo + hi)


def nash_transfer(
    low: Any,
    high: Any,
    weight: Any,
    *,
    utility: ArrayFunction | None = None,
    marginal: ArrayFunction | None = None,
) -> NDArray[np.float64]:
    r"""The asymmetric Nash solution of a transfer bargaining problem, elementwise on arrays.

    A payer with utility :math:`\bar x - x` (risk neutral) and a payee with an increasing,
    concave utility :math:`u` bargain over a transfer :math:`x \in [\underline x, \bar x]`,
    disagreeing at :math:`(0, u(\underline x))`: the bargaining problem with frontier
    :math:`\{(\bar x - x,\ c\,u(x))\}` (any scale :math:`c > 0` cancels) that
    :func:`nash_bargaining` solves one point at a time.

    Parameters
    ----------
    low, high : array_like
        :math:`\underline x \le \bar x` (the payee's least acceptable transfer and the most
        the payer gains); broadcast against each other.
    weight : array_like
        The payee's bargaining power :math:`\beta \in [0, 1]` (the payer's is
        :math:`1 - \beta`).
    utility, marginal : callable, optional
        :math:`u` and :math:`u'` on arrays; both omitted: linear utility.

    Returns
    -------
    ndarray
        :math:`x^* = \arg\max_x (u(x) - u(\underline x))^{\beta} (\bar x - x)^{1-\beta}`: the
        root of the decreasing first-order condition

        .. math:: h(x) = \beta\,u'(x)(\bar x - x) - (1 - \beta)\big(u(x) - u(\underline x)\big),

        :math:`h(\underline x) \ge 0 \ge h(\bar x)`, by 64 halvings of the interval; linear
        utility: :math:`x^* = \beta \bar x + (1 - \beta)\underline x`.

    References
    ----------
    .. [1] J. F. Nash, "The bargaining problem", *Econometrica* 18(2):155-162, 1950.
    .. [2] R. E. Kihlstrom, A. E. Roth and D. Schmeidler, "Risk aversion and solutions to
       Nash's bargaining problem", in *Game Theory and Mathematical Economics*, 1981.

    Examples
    --------
    A payee with :math:`u = \sqrt x` over a pie of 1, equal powers: the share
    :math:`a/(1+a) = 1/3` (Kihlstrom, Roth and Schmeidler).

    >>> import numpy as np
    >>> x = nash_transfer(0.0, 1.0, 0.5, utility=np.sqrt, marginal=lambda x: 0.5 / np.sqrt(x))
    >>> round(float(x), 9)
    0.333333333
    >>> nash_transfer([0.0, 0.5], 1.0, 0.25).tolist()  # linear: beta high + (1 - beta) low
    [0.25, 0.625]
    """
    from dealmodels._validation import check_real_array

    lo, hi = _transfer_bounds(low, high)
    w = check_real_array("weight", weight)
    if not np.all((w >= 0) & (w <= 1)):
        raise fail("weight", "in [0, 1]", weight)
    try:
        shape = np.broadcast_shapes(lo.shape, w.shape)
    except ValueError:
        raise fail(
            "weight", f"an array that broadcasts against shape {lo.shape}", weight
        ) from None
    lo, hi, beta = (np.broadcast_to(x, shape) for x in (lo, hi, w))
    if utility is None and marginal is None:
        return np.asarray(beta * hi + (1 - beta) * lo, dtype=float)
    if utility is None or marginal is None:
        raise fail("marginal", "given together with utility (or both omitted)", marginal)
    u, du = utility, marginal
    u_min = u(lo)

    def decreasing(x: NDArray[np.float64]) -> Any:
        with np.errstate(invalid="ignore"):
            return beta * du(x) * (hi - x) - (1 - beta) * (u(x) - u_min)

    return _bisect_decreasing(decreasing, lo, hi)


def kalai_smorodinsky_transfer(
    low: Any, high: Any, *, utility: ArrayFunction | None = None
) -> NDArray[np.float64]:
    r"""The Kalai–Smorodinsky solution of a transfer bargaining problem, elementwise on arrays.

    The problem of :func:`nash_transfer`; the solution gives each side the same fraction of
    its ideal gain, as :func:`kalai_smorodinsky` does one point at a time.

    Parameters
    ----------
    low, high : array_like
        :math:`\underline x \le \bar x`, broadcast against each other.
    utility : callable, optional
        The payee's increasing utility :math:`u` on arrays; omitted: linear.

    Returns
    -------
    ndarray
        The root of the decreasing balance

        .. math:: (\bar x - x)\big(u(\bar x) - u(\underline x)\big)
                  - \big(u(x) - u(\underline x)\big)(\bar x - \underline x) = 0,

        i.e. :math:`(u(x) - u(\underline x))/(u(\bar x) - u(\underline x)) =
        (\bar x - x)/(\bar x - \underline x)`, by 64 halvings; linear utility: the midpoint
        :math:`(\underline x + \bar x)/2`.

    References
    ----------
    .. [1] E. Kalai and M. Smorodinsky, "Other solutions to Nash's bargaining problem",
       *Econometrica* 43(3):513-518, 1975.

    Examples
    --------
    >>> import numpy as np
    >>> round(float(kalai_smorodinsky_transfer(0.0, 1.0, utility=np.sqrt)), 9)  # sqrt(x) = 1 - x
    0.381966011
    >>> kalai_smorodinsky_transfer(0.0, [1.0, 3.0]).tolist()
    [0.5, 1.5]
    """
    lo, hi = _transfer_bounds(low, high)
    if utility is None:
        return np.asarray((lo + hi) / 2, dtype=float)
    u = utility
    u_min, u_max = u(lo), u(hi)

    def balance(x: NDArray[np.float64]) -> Any:
        return (hi - x) * (u_max - u_min) - (u(x) - u_min) * (hi - lo)

    return _bisect_decreasing(balance, lo, hi)
