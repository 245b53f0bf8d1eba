r"""Two-player bargaining problems: a feasible set of utility pairs and a disagreement point.

A bargaining problem (Nash 1950) is a pair :math:`(S, d)`: :math:`S \subset \mathbb{R}^2` is
the set of utility pairs the players can reach by agreement and :math:`d \in S` is what they
get if they do not agree. Here :math:`S` is always convex and *comprehensive* (free disposal:
if :math:`u \in S` and :math:`v \le u` then :math:`v \in S`), so it is described by its upper
boundary

.. math:: F(u_1) = \max\{u_2 : (u_1, u_2) \in S\}, \qquad u_1 \le \bar u_1,

a nonincreasing concave function. Three descriptions are accepted:

``"points"``
    A finite set of utility pairs; :math:`S` is the comprehensive convex hull. Integer or
    :class:`~fractions.Fraction` points keep exact rational arithmetic, and solvers then return
    exact answers.
``"callable"``
    A Python function :math:`u_2 = f(u_1)` on :math:`[u_1^{\min}, u_1^{\max}]`, nonincreasing
    and concave (checked on a grid); :math:`F(u_1) = f(u_1^{\min})` left of the interval.
``"symbolic"``
    A sympy expression in one symbol on an interval; solvers then return exact sympy values
    where sympy can solve the first-order conditions.

The problem is *non-degenerate*: some feasible point gives both players strictly more than
:math:`d` (the bargaining set is non-empty).

References
----------
.. [1] J. F. Nash, "The bargaining problem", *Econometrica* 18(2):155-162, 1950.
.. [2] M. J. Osborne and A. Rubinstein, *Bargaining and Markets*, Academic Press, 1990, ch. 2.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._numbers import is_sympy, to_fraction, to_sympy
from dealmodels._validation import check_real_scalar, fail
from dealmodels.errors import InvalidGameError

if TYPE_CHECKING:
    import sympy

__all__ = ["BargainingProblem", "FrontierKind", "Scalar"]

FrontierKind = Literal["points", "callable", "symbolic"]
#: A utility value: a float, an exact :class:`~fractions.Fraction`, or a sympy number.
Scalar = float | Fraction | Any

_GRID = 257  # sample points used to check a callable frontier
_TOL = 1e-9


def _pair(name: str, value: object) -> tuple[Scalar, Scalar]:
    """Validate a pair of finite reals; keep it exact (Fractions) when both entries are."""
    if isinstance(value, str) or not isinstance(value, Sequence | np.ndarray) or len(value) != 2:
        raise fail(name, "a pair of finite real numbers", value)
    floats = tuple(check_real_scalar(f"{name}[{i}]", v) for i, v in enumerate(value))
    exact = tuple(to_fraction(v) for v in value)
    if exact[0] is not None and exact[1] is not None:
        return exact[0], exact[1]
    return floats[0], floats[1]


def _as_pair(value: Sequence[Scalar]) -> tuple[Scalar, Scalar]:
    t = tuple(value)
    if len(t) != 2:
        raise fail("disagreement", "a pair of finite real numbers", value)
    return t[0], t[1]


def _cross(o: Sequence[Scalar], a: Sequence[Scalar], b: Sequence[Scalar]) -> Scalar:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def pareto_vertices(points: Sequence[tuple[Scalar, Scalar]]) -> list[tuple[Scalar, Scalar]]:
    """Vertices of the strict Pareto frontier of the comprehensive convex hull of ``points``.

    Gift wrapping from the point with the largest :math:`u_2` (largest :math:`u_1` among ties)
    towards the point with the largest :math:`u_1`; exact for rational input. The result has
    :math:`u_1` strictly increasing and :math:`u_2` strictly decreasing.
    """
    pts = sorted(set(points))
    top = max(pts, key=lambda p: (p[1], p[0]))
    chain = [top]
    current = top
    while True:
        right = [p for p in pts if p[0] > current[0]]
        if not right:
            break
        best = right[0]
        for p in right[1:]:
            c = _cross(current, best, p)
            # p lies above the line current->best (larger slope), or on it and farther
            if c > 0 or (c == 0 and p[0] > best[0]):
                best = p
        if best[1] >= current[1]:  # cannot happen after the first step: top has max u2
            break
        chain.append(best)
        current = best
    return chain


@dataclass(frozen=True, eq=False, kw_only=True)
class BargainingProblem:
    r"""An immutable two-player bargaining problem :math:`(S, d)`.

    Give exactly one of ``points`` or ``frontier`` (with ``u1_range``); the named constructors
    :meth:`from_points`, :meth:`from_frontier` and :meth:`linear` read better.

    Parameters
    ----------
    points : array_like, shape (k, 2), optional
        Utility pairs; :math:`S` is their comprehensive convex hull.
    frontier : callable or sympy expression, optional
        :math:`u_2 = f(u_1)`, nonincreasing and concave on ``u1_range``. A sympy expression
        must have at most one free symbol.
    u1_range : (float, float), optional
        :math:`[u_1^{\min}, u_1^{\max}]`, required with ``frontier``; ``u1_min < u1_max``.
    disagreement : (float, float), default (0, 0)
        The disagreement point :math:`d`; some feasible point must give both players strictly
        more.
    players : (str, str), default ("player 0", "player 1")
        Player names.

    Raises
    ------
    InvalidGameError
        If the feasible set is malformed (no points, a frontier that increases, is not
        concave, or is not finite on its interval).
    InvalidParameterError
        If ``disagreement`` is outside the feasible set or on its upper boundary (empty
        bargaining set), or an argument has the wrong type.

    Examples
    --------
    >>> p = BargainingProblem.from_points([(0, 4), (2, 3), (4, 0)], disagreement=(0, 0))
    >>> p.kind, p.ideal_point
    ('points', (Fraction(4, 1), Fraction(4, 1)))
    >>> p.boundary(1)
    Fraction(7, 2)
    """

    points: ArrayLike | None = None
    frontier: Callable[[float], float] | Any | None = None
    u1_range: tuple[float, float] | None = None
    disagreement: tuple[Scalar, Scalar] = (0, 0)
    players: tuple[str, str] = ("player 0", "player 1")
    _kind: FrontierKind = field(init=False, repr=False)
    _vertices: tuple[tuple[Scalar, Scalar], ...] = field(init=False, repr=False)
    _f: Callable[[float], float] = field(init=False, repr=False)
    _range: tuple[Scalar, Scalar] = field(init=False, repr=False)
    _symbol: Any = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        if (self.points is None) == (self.frontier is None):
            raise InvalidGameError("give exactly one of points or frontier (with u1_range)")
        players = tuple(self.players)
        if len(players) != 2 or not all(isinstance(p, str) for p in players):
            raise fail("players", "two strings", self.players)
        if players[0] == players[1]:
            raise fail("players", "distinct", self.players)
        object.__setattr__(self, "players", players)
        d = _pair("disagreement", self.disagreement)
        if self.points is not None:
            self._init_points(d)
        else:
            self._init_frontier(d)
        self._check_disagreement()

    # -- construction ---------------------------------------------------------------------
    def _init_points(self, d: tuple[Scalar, Scalar]) -> None:
        raw = self.points
        rows: list[tuple[Any, ...] | None] | None
        if isinstance(raw, np.ndarray):
            rows = [tuple(r) for r in raw.tolist()] if raw.ndim == 2 else None
        elif isinstance(raw, Sequence) and not isinstance(raw, str):
            rows = [tuple(r) if isinstance(r, Sequence | np.ndarray) else None for r in raw]
        else:
            rows = None
        if not rows or any(r is None or len(r) != 2 for r in rows):
            raise InvalidGameError(
                f"points must be a non-empty sequence of utility pairs; got points={raw!r}"
            )
        pairs = [_pair(f"points[{i}]", r) for i, r in enumerate(rows) if r is not None]
        exact = all(isinstance(v, Fraction) for p in pairs for v in p) and all(
            isinstance(v, Fraction) for v in d
        )
        if not exact:
            pairs = [(float(a), float(b)) for a, b in pairs]
            d = (float(d[0]), float(d[1]))
        verts = pareto_vertices(pairs)
        arr = np.array(pairs, dtype=object if exact else np.float64)
        arr.flags.writeable = False
        object.__setattr__(self, "points", arr)
        object.__setattr__(self, "disagreement", d)
        object.__setattr__(self, "_kind", "points")
        object.__setattr__(self, "_vertices", tuple(verts))
        object.__setattr__(self, "_range", (verts[0][0], verts[-1][0]))
        object.__setattr__(self, "_f", self._points_boundary_float)

    def _init_frontier(self, d: tuple[Scalar, Scalar]) -> None:
        if self.u1_range is None:
            raise fail("u1_range", "a pair (u1_min, u1_max) when frontier is given", None)
        lo, hi = _pair("u1_range", self.u1_range)
        if not lo < hi:
            raise fail("u1_range", "an interval with u1_min < u1_max", self.u1_range)
        f = self.frontier
        if is_sympy(f):
            import sympy

            expr = sympy.sympify(f)
            syms = sorted(expr.free_symbols, key=str)
            if len(syms) > 1:
                raise fail("frontier", "a sympy expression in at most one symbol", f)
            sym = syms[0] if syms else sympy.Symbol("u1", real=True)
            fn = sympy.lambdify(sym, expr, "math")
            kind: FrontierKind = "symbolic"
            object.__setattr__(self, "frontier", expr)
            object.__setattr__(self, "_symbol", sym)
        elif callable(f):
            fn = f
            kind = "callable"
        else:
            raise fail("frontier", "a callable or a sympy expression", f)

        def value(x: float) -> float:
            try:
                y = float(fn(x))
            except (TypeError, ValueError, ArithmeticError) as exc:
                raise InvalidGameError(f"frontier failed at u1={x!r}: {exc}") from None
            if not math.isfinite(y):
                raise InvalidGameError(f"frontier must be finite on u1_range; got f({x!r})={y}")
            return y

        grid = np.linspace(float(lo), float(hi), _GRID)
        ys = np.array([value(float(x)) for x in grid])
        # on values scaled to at most 1: near 1e308, 2 * y and differences would overflow
        scaled = ys / (1.0 + float(np.max(np.abs(ys))))
        if np.any(np.diff(scaled) > _TOL):
            raise InvalidGameError("frontier must be nonincreasing in u1 on u1_range")
        if np.any(scaled[2:] - 2 * scaled[1:-1] + scaled[:-2] > 1e-7):
            raise InvalidGameError("frontier must be concave on u1_range")
        exact_d = all(isinstance(v, Fraction) for v in d) and kind == "symbolic"
        object.__setattr__(self, "disagreement", d if exact_d else (float(d[0]), float(d[1])))
        object.__setattr__(self, "u1_range", (lo, hi))
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_vertices", ())
        object.__setattr__(self, "_range", (lo, hi))
        object.__setattr__(self, "_f", value)

    def _check_disagreement(self) -> None:
        d1, d2 = (float(v) for v in self.disagreement)
        top = float(self.u1_max)
        if d1 > top or d2 > self.boundary_value(min(d1, top)) + _TOL * (1 + abs(d2)):
            raise fail("disagreement", "a point of the feasible set", self.disagreement)
        if not (d1 < top and d2 < self.boundary_value(d1)):
            raise fail(
                "disagreement",
                "strictly dominated by some feasible point (non-empty bargaining set)",
                self.disagreement,
            )

    # -- named constructors ---------------------------------------------------------------
    @classmethod
    def from_points(
        cls,
        points: ArrayLike,
        disagreement: Sequence[Scalar] = (0, 0),
        *,
        players: tuple[str, str] = ("player 0", "player 1"),
    ) -> BargainingProblem:
        """Problem whose feasible set is the comprehensive convex hull of ``points``.

        Examples
        --------
        >>> BargainingProblem.from_points([(3, 0), (0, 3)], (1, 0)).pareto_vertices
        ((Fraction(0, 1), Fraction(3, 1)), (Fraction(3, 1), Fraction(0, 1)))
        """
        return cls(points=points, disagreement=_as_pair(disagreement), players=players)

    @classmethod
    def from_frontier(
        cls,
        frontier: Callable[[float], float] | Any,
        u1_range: tuple[float, float],
        disagreement: Sequence[Scalar] = (0, 0),
        *,
        players: tuple[str, str] = ("player 0", "player 1"),
    ) -> BargainingProblem:
        """Problem with upper boundary :math:`u_2 = f(u_1)` on ``u1_range``.

        Examples
        --------
        >>> import math
        >>> p = BargainingProblem.from_frontier(lambda x: math.sqrt(1 - x), (0, 1))
        >>> p.kind, p.boundary(0.75)
        ('callable', 0.5)
        """
        return cls(
            frontier=frontier,
            u1_range=u1_range,
            disagreement=_as_pair(disagreement),
            players=players,
        )

    @classmethod
    def linear(
        cls,
        pie: Scalar = 1,
        disagreement: Sequence[Scalar] = (0, 0),
        *,
        players: tuple[str, str] = ("player 0", "player 1"),
    ) -> BargainingProblem:
        r"""Dividing a pie with linear utilities: :math:`S = \{u : u_1 + u_2 \le \pi\}`.

        Examples
        --------
        >>> BargainingProblem.linear(10, (2, 4)).ideal_point
        (Fraction(6, 1), Fraction(8, 1))
        """
        p = check_real_scalar("pie", pie)
        if p <= 0:
            raise fail("pie", "> 0", pie)
        pts: Any = [(pie, 0), (0, pie)]
        return cls.from_points(pts, disagreement, players=players)

    # -- properties -----------------------------------------------------------------------
    @property
    def kind(self) -> FrontierKind:
        """``"points"``, ``"callable"`` or ``"symbolic"``."""
        return self._kind

    @property
    def is_exact(self) -> bool:
        """True for a point set with rational coordinates (exact solver answers)."""
        return self._kind == "points" and isinstance(self.disagreement[0], Fraction)

    @property
    def pareto_vertices(self) -> tuple[tuple[Scalar, Scalar], ...]:
        """Vertices of the strict Pareto frontier (``"points"`` problems; else empty)."""
        return self._vertices

    @property
    def symbol(self) -> sympy.Symbol | None:
        """The sympy symbol of a symbolic frontier (``None`` otherwise)."""
        return self._symbol if self._kind == "symbolic" else None

    @property
    def u1_min(self) -> Scalar:
        r"""Left end of the Pareto frontier; :math:`F` is constant to its left."""
        return self._range[0]

    @property
    def u1_max(self) -> Scalar:
        r""":math:`\bar u_1`, the largest utility player 0 can get in :math:`S`."""
        return self._range[1]

    def boundary_value(self, u1: float) -> float:
        r""":math:`F(u_1)` in floating point (``-inf`` right of :math:`\bar u_1`)."""
        x = float(u1)
        lo, hi = float(self._range[0]), float(self._range[1])
        if x > hi + _TOL * (1 + abs(hi)):
            return -math.inf
        return self._f(min(max(x, lo), hi))

    def boundary(self, u1: Scalar) -> Scalar:
        r""":math:`F(u_1) = \max\{u_2 : (u_1, u_2) \in S\}`; exact for exact point sets.

        Raises
        ------
        InvalidParameterError
            If ``u1`` exceeds :math:`\bar u_1` (no feasible point).
        """
        if float(u1) > float(self.u1_max):
            raise fail("u1", f"at most u1_max={self.u1_max}", u1)
        if self._kind != "points":
            return self.boundary_value(float(u1))
        return self._points_boundary(u1)

    def _points_boundary(self, u1: Scalar) -> Scalar:
        v = self._vertices
        if u1 <= v[0][0]:
            return v[0][1]
        for a, b in itertools.pairwise(v):
            if u1 <= b[0]:
                # the fraction of the edge first: no overflow for coordinates near 1e300
                return a[1] + (b[1] - a[1]) * ((u1 - a[0]) / (b[0] - a[0]))
        return v[-1][1]

    def _points_boundary_float(self, u1: float) -> float:
        v = self._vertices
        xs = [float(p[0]) for p in v]
        ys = [float(p[1]) for p in v]
        return float(np.interp(u1, xs, ys))

    @property
    def ideal_point(self) -> tuple[Scalar, Scalar]:
        r"""Each player's best individually rational utility :math:`\bar u_i(S, d)`.

        :math:`\bar u_2 = F(d_1)` and :math:`\bar u_1 = \max\{u_1 : F(u_1) \ge d_2\}`.
        """
        return _ideal_point(self)

    def contains(self, utilities: Sequence[float], *, tol: float = 1e-9) -> bool:
        """True if the utility pair lies in :math:`S`, within ``tol`` relative to the bound
        (``tol * (1 + |bound|)``, as :meth:`is_pareto_optimal`: near 1e308 one rounding unit
        is about 1e292)."""
        u1, u2 = (float(v) for v in utilities)
        top = float(self.u1_max)
        if u1 > top + tol * (1 + abs(top)):
            return False
        f = self.boundary_value(min(u1, top))
        return u2 <= f + tol * (1 + abs(f))

    def is_pareto_optimal(self, utilities: Sequence[float], *, tol: float = 1e-9) -> bool:
        r"""True if the pair is on the upper boundary :math:`u_2 = F(u_1)` (weak Pareto).

        A point of the flat part left of :attr:`u1_min` or of the vertical part at
        :math:`\bar u_1` is weakly, not strictly, Pareto optimal; use
        :meth:`is_strictly_pareto_optimal` to exclude those.
        """
        u1, u2 = (float(v) for v in utilities)
        top = float(self.u1_max)
        if u1 > top + tol:
            return False
        f = self.boundary_value(u1)
        on_top = abs(u2 - f) <= tol * (1 + abs(f))
        on_side = abs(u1 - top) <= tol * (1 + abs(top)) and u2 <= f + tol
        return on_top or on_side

    def is_strictly_pareto_optimal(self, utilities: Sequence[float], *, tol: float = 1e-9) -> bool:
        """True if no feasible point gives one player more and the other no less."""
        u1, u2 = (float(v) for v in utilities)
        lo, hi = float(self.u1_min), float(self.u1_max)
        if not lo - tol * (1 + abs(lo)) <= u1 <= hi + tol * (1 + abs(hi)):
            return False
        f = self.boundary_value(u1)
        return abs(u2 - f) <= tol * (1 + abs(f))

    def frontier_points(self, n: int = 101) -> NDArray[np.float64]:
        """``n`` points of the Pareto frontier, shape ``(n, 2)`` (e.g. for plotting)."""
        xs = np.linspace(float(self.u1_min), float(self.u1_max), n)
        return np.column_stack([xs, [self.boundary_value(x) for x in xs]])

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuild (and re-validate) from the public fields: the compiled boundary function is
        # not picklable for sympy frontiers
        return (
            _rebuild,
            (self.points, self.frontier, self.u1_range, self.disagreement, self.players),
        )

    def __repr__(self) -> str:
        if self._kind == "points":
            desc = f"pareto_vertices={list(self._vertices)!r}"
        else:
            desc = f"frontier={self.frontier!r}, u1_range={self.u1_range!r}"
        return f"BargainingProblem({desc}, disagreement={self.disagreement!r})"


def sympy_real_roots(eq: Any, x: Any, lo: Any, hi: Any) -> list[Any] | None:
    """Real roots of the sympy expression ``eq`` in ``x`` on ``[lo, hi]``.

    Returns ``None`` when sympy cannot list them as a finite set of numbers (the callers then
    fall back to a numeric method).
    """
    import sympy

    try:
        sol = sympy.solveset(eq, x, domain=sympy.Interval(lo, hi))
    except (NotImplementedError, ValueError, TypeError):
        return None
    if not isinstance(sol, sympy.FiniteSet):
        return None
    roots = [r for r in sol if r.is_real is not False]
    if any(r.free_symbols for r in roots):
        return None
    return roots


def ray_extent_points(problem: BargainingProblem, r: tuple[Scalar, Scalar]) -> Scalar:
    r"""Largest :math:`t` with :math:`d + t r \in S` for a ``"points"`` problem, exactly.

    .. math:: t^* = \max\{t \ge 0 : h(t) \ge 0\}, \qquad h(t) = F(d_1 + t r_1) - d_2 - t r_2,

    with :math:`r_1, r_2 \ge 0`, not both 0. :math:`F` is linear between the Pareto
    vertices, so :math:`h` is too and its root is interpolated on the edge where it changes
    sign (exact for rational data). Kalai and Smorodinsky (1975) and Kalai (1977) define
    their solutions by this ray.
    """
    d1, d2 = problem.disagreement
    if r[0] == 0:
        return problem.boundary(d1) - d2
    top = problem.u1_max
    xs = sorted({v[0] for v in problem.pareto_vertices if v[0] > d1} | {top})

    def h(t: Scalar) -> Scalar:
        return problem._points_boundary(d1 + t * r[0]) - d2 - t * r[1]

    t_prev: Scalar = 0 * r[0]
    h_prev = h(t_prev)
    for x in xs:
        t = (x - d1) / r[0]
        ht = h(t)
        if ht <= 0:
            if h_prev == 0:
                return t_prev
            # h_prev / (h_prev - ht), written so that h near ±1.7e308 does not overflow
            return t_prev + (t - t_prev) / (1 - ht / h_prev)
        t_prev, h_prev = t, ht
    return t_prev


def ray_extent_numeric(problem: BargainingProblem, r: tuple[float, float]) -> float:
    r"""Largest :math:`t` with :math:`d + t r \in S` in floating point, any problem kind.

    The root of the decreasing :math:`h(t) = F(d_1 + t r_1) - d_2 - t r_2` on
    :math:`[0, (\bar u_1 - d_1)/r_1]`, bracketed by Brent's method (Brent 1973); ``t_max``
    itself when :math:`h(t_{\max}) \ge 0`.
    """
    from scipy.optimize import brentq

    d1, d2 = (float(v) for v in problem.disagreement)
    if r[0] == 0:
        return problem.boundary_value(d1) - d2
    t_max = (float(problem.u1_max) - d1) / r[0]

    def h(t: float) -> float:
        return problem.boundary_value(min(d1 + t * r[0], float(problem.u1_max))) - d2 - t * r[1]

    if h(t_max) >= 0:
        return t_max
    return float(brentq(h, 0.0, t_max, xtol=1e-14, rtol=4 * np.finfo(float).eps, maxiter=500))


def ray_extent_symbolic(problem: BargainingProblem, r: tuple[Any, Any]) -> Any | None:
    r"""Largest :math:`t` with :math:`d + t r \in S` on a ``"symbolic"`` frontier, exactly.

    Solves :math:`f(u_1) = d_2 + (u_1 - d_1) r_2 / r_1` with sympy on the frontier's range
    (the flat part left of :attr:`BargainingProblem.u1_min` and the end point are checked
    first). Returns ``None`` if sympy cannot solve it.
    """
    import sympy

    f: Any = problem.frontier
    x = problem.symbol
    d1, d2 = (to_sympy(v) for v in problem.disagreement)
    lo, hi = (to_sympy(v) for v in (problem.u1_min, problem.u1_max))
    r1, r2 = r
    if r1 == 0:
        return f.subs(x, sympy.Max(d1, lo)) - d2
    t_max = (hi - d1) / r1
    if d1 < lo:  # the flat part left of lo: F = f(lo)
        t_lo = (lo - d1) / r1
        if f.subs(x, lo) - d2 - t_lo * r2 <= 0:
            return (f.subs(x, lo) - d2) / r2
    a = sympy.Max(d1, lo)
    if f.subs(x, hi) - d2 - t_max * r2 >= 0:
        return t_max
    roots = sympy_real_roots(f - d2 - (x - d1) * r2 / r1, x, a, hi)
    if not roots:
        return None
    return (max(roots, key=lambda v: float(v)) - d1) / r1


def _ideal_point(problem: BargainingProblem) -> tuple[Scalar, Scalar]:
    """The kernel of :attr:`BargainingProblem.ideal_point`: exact when the problem allows."""
    d1, d2 = problem.disagreement
    if problem.kind == "points":
        return d1 + ray_extent_points(problem, (1, 0)), problem.boundary(d1)
    if problem.kind == "symbolic":
        t = ray_extent_symbolic(problem, (1, 0))
        if t is not None:
            return to_sympy(d1) + t, ray_extent_symbolic(problem, (0, 1)) + to_sympy(d2)
    return float(d1) + ray_extent_numeric(problem, (1.0, 0.0)), problem.boundary_value(float(d1))


def _rebuild(
    points: Any, frontier: Any, u1_range: Any, disagreement: Any, players: Any
) -> BargainingProblem:
    return BargainingProblem(
        points=points,
        frontier=frontier,
        u1_range=u1_range,
        disagreement=disagreement,
        players=players,
    )
