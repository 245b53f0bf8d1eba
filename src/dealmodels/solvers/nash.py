r"""Nash equilibria of normal-form games: all extreme equilibria, pure equilibria, checks.

A profile of mixed strategies :math:`\sigma = (\sigma_1, \dots, \sigma_n)` is a Nash
equilibrium when no player gains by deviating alone:

.. math::

    \operatorname{regret}(\sigma) = \max_i \Big( \max_{a_i} u_i(a_i, \sigma_{-i})
        - u_i(\sigma) \Big) = 0 .

For two players with payoff matrices :math:`A` (row player, :math:`m` actions) and
:math:`B` (column player, :math:`n` actions), the equilibria form a finite union of
polytopes whose vertices are the *extreme equilibria*: the normalised completely labelled
vertex pairs of the best-response polytopes

.. math::

    P = \{x \ge 0 : B^\top x \le 1\}, \qquad Q = \{y \ge 0 : A y \le 1\}

(payoffs shifted to be positive). :func:`nash_equilibria` returns all of them, also for
degenerate games (where a mixed strategy has more pure best responses than its support
size and equilibria come in continua): every equilibrium is a convex combination of
extreme equilibria within one such polytope. Three algorithms are available:

``"vertex_enumeration"``
    The vertices of :math:`P` from one convex hull (qhull on the polar point set); each is
    completed by solving, in batches, for its unique partner in :math:`Q`. In degenerate
    games (partners not unique) the vertices of :math:`Q` are enumerated too and the pairs
    matched by a vectorised search for complete labels (Avis et al. 2010). Exact games
    visit every feasible basis by integer pivoting (a graph search over the bases, with
    lrs's integer pivoting rule).
``"support_enumeration"``
    Every support of every size with an equally large set of indifferent opponent actions,
    solved in batches (Nisan et al. 2007, ch. 3, generalised to unequal supports so
    that degenerate games are covered); exact games use fraction-free (Bareiss)
    elimination on integers.
``"lemke_howson"``
    One equilibrium by complementary pivoting from a chosen dropped label (Lemke and Howson
    1964); :func:`lemke_howson` exposes the start label.

Exact games (``game.kind == "exact"``) are solved in exact rational arithmetic and return
:class:`~fractions.Fraction` strategies, so degenerate textbook games give exactly the
right set. :func:`pure_nash_equilibria` handles any number of players.

References
----------
.. [1] B. von Stengel, "Computing equilibria for two-person games", in *Handbook of Game
   Theory with Economic Applications*, vol. 3, ch. 45, Elsevier, 2002, pp. 1723-1759.
.. [2] N. Nisan, T. Roughgarden, E. Tardos and V. Vazirani (eds.), *Algorithmic Game
   Theory*, Cambridge UP, 2007, ch. 3 (B. von Stengel, "Equilibrium computation for
   two-player games in strategic and extensive form").
.. [3] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
   equilibria for two-player games", *Economic Theory* 42 (2010), pp. 9-37.
.. [4] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *SIAM Journal
   on Applied Mathematics* 12 (1964), pp. 413-423.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import check_choice, check_int, check_nonnegative, fail
from dealmodels.errors import ConvergenceError, SolverError, UnsupportedGameError
from dealmodels.games.extensive_form import GameTree
from dealmodels.games.normal_form import NormalFormGame
from dealmodels.games.profiles import action_values, as_profile, expected_payoffs, regrets
from dealmodels.solvers._result import SolverResult

if TYPE_CHECKING:
    from dealmodels.solvers._filtered import VertexSet
    from dealmodels.solvers._vertex import WorkBudget
    from dealmodels.solvers.backward import SubgamePerfectResult
    from dealmodels.solvers.sequence_form import TreeNashMethod

__all__ = [
    "Equilibrium",
    "NashMethod",
    "best_responses",
    "is_nash",
    "lemke_howson",
    "nash_equilibria",
    "pure_nash_equilibria",
    "regret",
]

NashMethod = Literal[
    "auto",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "logit",
    "simplicial_subdivision",
]

_METHODS = (
    "auto",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "logit",
    "simplicial_subdivision",
)
_DEDUP_TOL = 1e-8
_FLOAT_MAX = float(np.finfo(np.float64).max)
_MAX, _MIN = np.maximum.reduce, np.minimum.reduce  # the reductions without the method wrappers


@dataclass(frozen=True, eq=False)
class Equilibrium(SolverResult):
    r"""A verified equilibrium of a normal-form game.

    Attributes
    ----------
    strategies : tuple of ndarray
        One probability vector per player (``object`` arrays of
        :class:`~fractions.Fraction` for exact games, ``float64`` otherwise); read-only.
    payoffs : ndarray
        Expected payoff of each player, :math:`u_i(\sigma)`; read-only.
    support : tuple of tuple of int
        Actions played with positive probability, per player.
    regret : float
        Largest gain from a unilateral pure deviation (``0.0`` for exact games); at most
        the solver's ``tol`` times the payoff scale :math:`\max(1, \max |u|)` when
        returned. The same number as :attr:`residual`.
    method : str
        The algorithm that produced it, after ``"auto"`` is resolved
        (``"vertex_enumeration"``, ``"support_enumeration"``, ``"lemke_howson"``,
        ``"logit"``, also when simplicial subdivision handed over to the logit homotopy,
        ``"simplicial_subdivision"``, or ``"pure"``): a ``method=`` value of
        :func:`nash_equilibria` (``"pure"``: :func:`pure_nash_equilibria`).
        Exact games are verified in rational arithmetic, float games in float64.

    Examples
    --------
    >>> from dealmodels import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> eq = nash_equilibria(pd)[0]
    >>> eq.support, eq.payoffs.tolist()
    (((1,), (1,)), [Fraction(1, 1), Fraction(1, 1)])
    """

    strategies: tuple[NDArray[Any], ...]
    payoffs: NDArray[Any]
    support: tuple[tuple[int, ...], ...]
    regret: float
    method: str

    def __post_init__(self) -> None:
        strategies = tuple(np.array(s) for s in self.strategies)
        for s in strategies:
            s.flags.writeable = False
        payoffs = np.array(self.payoffs)
        payoffs.flags.writeable = False
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "payoffs", payoffs)

    @property
    def residual(self) -> float:
        """The verification residual of the shared solver core: :attr:`regret`."""
        return self.regret

    @property
    def is_pure(self) -> bool:
        """True when every player plays a single action."""
        return all(len(s) == 1 for s in self.support)

    def __repr__(self) -> str:
        def fmt(v: NDArray[Any]) -> str:
            return "[" + ", ".join(str(x) if v.dtype == object else f"{x:.6g}" for x in v) + "]"

        strategies = ", ".join(fmt(s) for s in self.strategies)
        return (
            f"Equilibrium(strategies=({strategies}), payoffs={fmt(self.payoffs)}, "
            f"method={self.method!r})"
        )


# -- helpers --------------------------------------------------------------------------------


def _check_game(game: object, name: str = "game") -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(f"{name} must be a NormalFormGame; got {type(game).__name__}")
    if game.kind == "symbolic":
        raise UnsupportedGameError(
            f"{name} has symbolic payoffs; substitute values with game.subs(...) first"
        )
    return game


def _check_bimatrix(game: object) -> NormalFormGame:
    g = _check_game(game)
    if g.n_players != 2:
        raise UnsupportedGameError(
            f"nash_equilibria enumerates mixed equilibria of 2-player games only; got "
            f"{g.n_players} players: use pure_nash_equilibria(game) for pure equilibria of "
            f"n-player games"
        )
    return g


def _support(v: NDArray[Any]) -> tuple[int, ...]:
    return tuple((v != 0).nonzero()[0].tolist())


def _tops(payoffs: Sequence[NDArray[Any]]) -> list[float]:
    """Each float player's largest ``|u|`` (1.0 for an all-zero player)."""
    return [float(np.max(np.abs(a))) or 1.0 for a in payoffs]


def _relative_gains(
    game: NormalFormGame, prof: tuple[NDArray[Any], ...]
) -> tuple[list[Any], list[Any], NDArray[Any]]:
    """Each player's regret relative to its payoff range, each absolute regret, payoffs.

    Float games are evaluated on payoffs divided by each player's largest magnitude (so
    nothing overflows near the float limit); exact games exactly, a float profile of an
    exact game after converting it exactly to Fractions (its payoffs may not fit in a
    float). A player whose payoffs are all equal has relative regret 0.
    """
    if game.kind == "float" and all(s.dtype != object for s in prof):
        tops = _tops(game.payoffs)
        units = [a / t for a, t in zip(game.payoffs, tops, strict=True)]
        spans = [float(a.max() - a.min()) for a in units]
        if len(prof) == 2:
            return _pair_gains(units, spans, tops, prof[0], prof[1])
        unit = NormalFormGame(units, game.players, game.actions)
        gains = [float(g) for g in regrets(unit, prof)]
        u = expected_payoffs(unit, prof)
        rel = [g / sp if sp > 0 else 0.0 for g, sp in zip(gains, spans, strict=True)]
        with np.errstate(over="ignore"):
            absolute = [float(np.float64(g) * t) for g, t in zip(gains, tops, strict=True)]
            payoffs = np.array([float(v) * t for v, t in zip(u, tops, strict=True)])
        return rel, absolute, payoffs
    if game.is_exact and any(s.dtype != object for s in prof):
        exact_prof = tuple(np.array([Fraction(float(v)) for v in s], dtype=object) for s in prof)
        gains = regrets(game, exact_prof)
        payoffs = expected_payoffs(game, exact_prof)
    else:
        gains = regrets(game, prof)
        payoffs = expected_payoffs(game, prof)
    from dealmodels.solvers._scale import exact_span

    spans_e = [exact_span(a) for a in game.payoffs]
    rel_e: list[Any] = [g / sp if sp != 0 else 0 * g for g, sp in zip(gains, spans_e, strict=True)]
    return rel_e, list(gains), payoffs


def _pair_gains(
    units: Sequence[NDArray[np.float64]],
    spans: Sequence[float],
    tops: Sequence[float],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
) -> tuple[list[Any], list[Any], NDArray[Any]]:
    r""":func:`_relative_gains` of a two-player float profile from the payoffs divided by
    each player's largest magnitude (``units = u_i / tops[i]``, ranges ``spans``).

    Four matrix-vector products: :math:`v = U_1 y`, :math:`w = x^\top U_2`, the payoffs
    :math:`x^\top v` and :math:`w^\top y`, and the regrets :math:`\max_i v_i - x^\top v`
    and :math:`\max_j w_j - w^\top y`.
    """
    row_values, col_values = units[0] @ y, x @ units[1]
    u0, u1 = float(x @ row_values), float(col_values @ y)
    gains = [max(float(_MAX(row_values)) - u0, 0.0), max(float(_MAX(col_values)) - u1, 0.0)]
    rel = [g / sp if sp > 0 else 0.0 for g, sp in zip(gains, spans, strict=True)]
    # Python floats: a product past the float limit is inf, with no warning to silence
    absolute = [g * t for g, t in zip(gains, tops, strict=True)]
    return rel, absolute, np.array([u0 * tops[0], u1 * tops[1]])


def _check_regret(
    rel: Sequence[Any], gains: Sequence[Any], prof: Sequence[NDArray[Any]], method: str, tol: float
) -> None:
    """Raise :class:`SolverError` if some player's relative regret exceeds ``tol`` or is NaN
    (``not rel <= tol``: a NaN regret, from a NaN strategy, is no verification)."""
    # exact regrets compare with one exact tol (a Fraction against a float converts the
    # float on every comparison)
    limit: Any = Fraction(tol) if any(isinstance(r, Fraction) for r in rel) else tol
    over = [i for i in range(len(rel)) if not rel[i] <= limit]
    if over:
        k = max(over, key=lambda i: (rel[i] != rel[i], rel[i]))
        if rel[k] != rel[k]:
            raise SolverError(
                f"{method} produced a profile whose regret for player {k} is not a number "
                f"(NaN); strategies={[list(s) for s in prof]}"
            )
        raise SolverError(
            f"{method} produced a profile with regret {_as_float(gains[k]):.3g} for player "
            f"{k}, {_as_float(rel[k]):.3g} of its payoff range > tol={tol:g}; "
            f"strategies={[list(s) for s in prof]}"
        )


def _owned_equilibrium(
    prof: tuple[NDArray[Any], ...], payoffs: NDArray[Any], regret: float, method: str
) -> Equilibrium:
    """An :class:`Equilibrium` over arrays nobody else holds: frozen in place, not copied
    (the public constructor copies its inputs)."""
    for v in (*prof, payoffs):
        v.flags.writeable = False
    eq = object.__new__(Equilibrium)
    eq.__dict__.update(  # the frozen dataclass's fields, set as its __post_init__ would
        strategies=prof,
        payoffs=payoffs,
        support=tuple(_support(s) for s in prof),
        regret=regret,
        method=method,
    )
    return eq


def _verified(
    game: NormalFormGame, profile: Sequence[NDArray[Any]], method: str, tol: float
) -> Equilibrium:
    """Build an :class:`Equilibrium`, raising :class:`SolverError` if its regret relative
    to some player's payoff range exceeds ``tol``."""
    prof = tuple(profile)
    rel, gains, payoffs = _relative_gains(game, prof)
    _check_regret(rel, gains, prof, method, tol)
    return Equilibrium(
        strategies=prof,
        payoffs=payoffs,
        support=tuple(_support(s) for s in prof),
        regret=max(_as_float(g) for g in gains),
        method=method,
    )


def _order_and_dedup(
    pairs: list[tuple[NDArray[Any], NDArray[Any]]],
) -> list[tuple[NDArray[Any], NDArray[Any]]]:
    """Sort exact pairs by descending probabilities (x first, then y), dropping repeats."""

    def key(pair: tuple[NDArray[Any], NDArray[Any]]) -> tuple[Any, ...]:
        x, y = pair
        return (*x.tolist(), *y.tolist())

    out: list[tuple[NDArray[Any], NDArray[Any]]] = []
    for pair in sorted(pairs, key=key, reverse=True):  # descending, without negating
        if out and all(np.array_equal(a, b) for a, b in zip(out[-1], pair, strict=True)):
            continue
        out.append(pair)
    return out


# -- work budget ----------------------------------------------------------------------------

_DEFAULT_MAX_VERTICES = {"float": 10_000_000, "exact": 200_000}


class _Budgets:
    """The ``max_vertices`` budget of one enumeration, one polytope at a time.

    Before a polytope is enumerated, the most work the method can do on it (McMullen's
    upper bound on its vertices, or the exact number of support systems) is compared with
    the budget, so that a hopeless enumeration is refused before it starts; while it runs,
    the vertices, bases or systems actually visited are counted against the same budget.
    """

    def __init__(self, game: NormalFormGame, method: str, limit: int | None, progress: bool):
        self.shape = game.shape
        self.method = method
        self.exact = game.kind == "exact"
        self.limit = limit
        self.progress = progress
        self.current: WorkBudget | None = None
        self.bounds: tuple[float, float, float, float] | None = None  # the payoffs' min, max

    def bound(self, side: str) -> tuple[int, str]:
        m, n = self.shape
        if self.method == "support_enumeration":
            from dealmodels.solvers._support import n_systems

            return n_systems(m, n), "support systems"
        from dealmodels.solvers._vertex import vertex_upper_bound

        return vertex_upper_bound(m if side == "P" else n, m + n), "vertices"

    def _unit(self) -> str:
        if self.method == "support_enumeration":
            return "support systems"
        return "feasible bases" if self.exact else "vertices"

    def _error(self, side: str, count: int, predicted: bool) -> SolverError:
        m, n = self.shape
        polytope = "P (the row player's)" if side == "P" else "Q (the column player's)"
        if predicted:
            what = self.bound(side)[1]
            found = (
                f"needs up to {count:,} {what} on best-response polytope {polytope} "
                f"(McMullen's upper bound theorem)"
                if what == "vertices"
                else f"solves {count:,} {what} for each player"
            )
        else:
            found = f"visited more than {self.limit:,} {self._unit()} on polytope {polytope}"
        return SolverError(
            f"nash_equilibria(method={self.method!r}) on this {m}x{n} game {found}, more "
            f"than max_vertices={self.limit:,}: enumerating every equilibrium of a game this "
            f"size may not finish in reasonable time or memory. For one equilibrium use "
            f"lemke_howson(game) or method='lemke_howson'; for the reduced normal form "
            f"of a game tree, solve the tree's sequence form instead (linear in the tree's "
            f"size, where the normal form is exponential); to enumerate anyway, pass a "
            f"larger max_vertices (progress=True shows how far it got)"
        )

    def fits_both_sides(self) -> bool:
        """True without a progress bar when neither polytope's vertex bound exceeds the budget
        (so enumerating both costs no more than the budget allows, nor needs live counting)."""
        if self.progress:
            return False
        if self.limit is None:
            return True
        return max(self.bound("P")[0], self.bound("Q")[0]) <= self.limit

    def check(self, side: str) -> None:
        count, _ = self.bound(side)
        if self.limit is not None and count > self.limit:
            raise self._error(side, count, predicted=True)

    def start(self, side: str) -> WorkBudget:
        from dealmodels.solvers._vertex import WorkBudget

        self.check(side)
        total, what = self.bound(side)
        self.current = WorkBudget(
            self.limit,
            lambda used: self._error(side, used, predicted=False),
            progress=self.progress,
            total=total if what == "support systems" else None,
            unit=self._unit(),
        )
        return self.current

    def done(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None


# -- float kernels ----------------------------------------------------------------------------


def _float_pairs(
    game: NormalFormGame,
    vertices: Callable[
        [NDArray[np.float64], WorkBudget], tuple[NDArray[np.float64], NDArray[np.bool_]]
    ],
    budget: _Budgets,
    *,
    one_sided: bool = False,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Normalised completely labelled vertex pairs ``(X, Y)``, one row per pair.

    With ``one_sided``, only :math:`P` is enumerated and each vertex's partner in :math:`Q`
    is solved for (see :func:`~dealmodels.solvers._vertex.partners`), unless the game turns
    out degenerate.
    """
    from dealmodels.solvers._vertex import complete_pairs, partners, refine, rescale

    a, b = (np.asarray(p, dtype=np.float64) for p in game.payoffs)
    n = a.shape[1]
    if one_sided and budget.fits_both_sides():  # no progress bar, within the budget
        from dealmodels.solvers._vertex import nondegenerate_pairs

        budget.bounds = _bounds(a, b)
        fast = nondegenerate_pairs(a, b, budget.bounds)
        if fast is not None:
            return fast
    bp, ap = rescale(b), rescale(a)
    at = ap.T
    vp, lp = vertices(bp, budget.start("P"))
    budget.done()
    if one_sided:
        found = partners(lp, ap)
        if found is not None:
            idx, y = found
            x = vp[idx]  # qhull's vertices are accurate to round-off; y was just solved
            return x / x.sum(axis=1, keepdims=True), y / y.sum(axis=1, keepdims=True)
    vq, lq_own = vertices(at, budget.start("Q"))
    budget.done()
    lq = np.concatenate([lq_own[:, n:], lq_own[:, :n]], axis=1)
    pairs = complete_pairs(lp, lq, a.shape[0])
    ip, iq = np.unique(pairs[:, 0]), np.unique(pairs[:, 1])
    vp = vp.copy()
    vq = vq.copy()
    vp[ip] = refine(vp[ip], lp[ip], bp)
    vq[iq] = refine(vq[iq], lq_own[iq], at)
    x = vp[pairs[:, 0]]
    y = vq[pairs[:, 1]]
    return x / x.sum(axis=1, keepdims=True), y / y.sum(axis=1, keepdims=True)


def _bounds(a: NDArray[np.float64], b: NDArray[np.float64]) -> tuple[float, float, float, float]:
    """``(min a, max a, min b, max b)`` as Python floats."""
    return (
        float(_MIN(a, axis=None)),
        float(_MAX(a, axis=None)),
        float(_MIN(b, axis=None)),
        float(_MAX(b, axis=None)),
    )


def _float_equilibria(
    game: NormalFormGame,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    method: str,
    tol: float,
    bounds: tuple[float, float, float, float] | None = None,
) -> list[Equilibrium]:
    r"""Sort, deduplicate and verify float equilibria, all pairs at once.

    Rows are sorted by descending probabilities (``x`` first); a row within ``1e-8`` (max
    norm) of an earlier one is a repeat. Every remaining pair is verified on the payoffs
    divided by each player's largest magnitude :math:`t_i` (so nothing overflows near the
    float limit): with :math:`v = (A / t_1) y` and :math:`w = x^\top (B / t_2)`, the gains
    :math:`\max_i v_i - x^\top v` and :math:`\max_j w_j - w^\top y` divided by each
    player's payoff range (in the same units) must be at most ``tol``. ``bounds`` are the
    payoffs' ``(min a, max a, min b, max b)`` if already computed.
    """
    m = x.shape[1]
    z = np.concatenate([x, y], axis=1)
    order = np.lexsort(np.negative(z).T[::-1])
    z = z[order]
    count = len(z)
    if 1 < count <= 64:  # row k is a repeat if some earlier row is within the tolerance
        close = _MAX(np.abs(z[:, None, :] - z[None, :, :]), axis=2) <= _DEDUP_TOL
        if _MAX(np.add.reduce(close, axis=1)) > 1:  # some row is close to another
            close &= np.tri(count, count, -1, dtype=bool)  # earlier rows only
            z = z[~np.logical_or.reduce(close, axis=1)]
    elif count > 64:  # the same in chunks of rows: the (chunk, E, m + n) differences stay bounded
        from dealmodels.solvers._vertex import CHUNK_ENTRIES

        step = max(1, CHUNK_ENTRIES // (count * z.shape[1]))
        repeat = np.zeros(count, dtype=bool)
        for lo in range(0, count, step):
            block = z[lo : lo + step]
            close = _MAX(np.abs(block[:, None, :] - z[None, :, :]), axis=2) <= _DEDUP_TOL
            close &= np.tri(len(block), count, lo - 1, dtype=bool)  # earlier rows only
            repeat[lo : lo + len(block)] = np.logical_or.reduce(close, axis=1)
        if _MAX(repeat, axis=None):
            z = z[~repeat]
    x, y = z[:, :m].copy(), z[:, m:].copy()
    # in units of each player's largest |u|, so that nothing overflows near the float limit
    a, b = game.payoffs
    lo_a, hi_a, lo_b, hi_b = _bounds(a, b) if bounds is None else bounds
    top_a, top_b = max(-lo_a, hi_a) or 1.0, max(-lo_b, hi_b) or 1.0
    row_values = y @ (a / top_a).T  # (E, m): each row action against y
    col_values = x @ (b / top_b)  # (E, n)
    u1 = np.einsum("ij,ij->i", x, row_values)
    u2 = np.einsum("ij,ij->i", y, col_values)
    g1 = np.maximum(_MAX(row_values, axis=1) - u1, 0.0)
    g2 = np.maximum(_MAX(col_values, axis=1) - u2, 0.0)
    # gains relative to each player's payoff range (0 for a constant player)
    span_a, span_b = hi_a / top_a - lo_a / top_a, hi_b / top_b - lo_b / top_b
    rel = np.maximum(g1 / (span_a or np.inf), g2 / (span_b or np.inf))
    if max(top_a, top_b) > 1.0e307:  # a product below may pass the float limit: inf, silently
        with np.errstate(over="ignore"):
            gains = np.maximum(g1 * top_a, g2 * top_b)
            u1, u2 = u1 * top_a, u2 * top_b
    else:
        gains = np.maximum(g1 * top_a, g2 * top_b)
        u1, u2 = u1 * top_a, u2 * top_b
    if not _MAX(rel, axis=None, initial=0.0) <= tol:  # NaN fails too
        k = int(np.flatnonzero(~(rel <= tol))[0])
        raise SolverError(
            f"{method} produced a profile with regret {gains[k]:.3g}, {rel[k]:.3g} of a "
            f"player's payoff range > tol={tol:g}; "
            f"strategies={[x[k].tolist(), y[k].tolist()]}"
        )
    x_supports = [tuple(i for i, v in enumerate(row) if v) for row in (x > 0).tolist()]
    y_supports = [tuple(i for i, v in enumerate(row) if v) for row in (y > 0).tolist()]
    return [
        Equilibrium(
            strategies=(x[k], y[k]),
            payoffs=np.array([u1[k], u2[k]]),
            support=(x_supports[k], y_supports[k]),
            regret=float(gains[k]),
            method=method,
        )
        for k in range(len(x))
    ]


def _compiled_or_qhull(
    game: NormalFormGame, method: str, tol: float, budget: _Budgets
) -> list[Equilibrium]:
    """Float vertex enumeration: the compiled kernel where it applies, else qhull.

    The compiled kernel (:mod:`~dealmodels.solvers._vertex_compiled`, chosen by
    :func:`~dealmodels.solvers._vertex.compiled_kernel`) answers nondegenerate games
    within the work budget (no progress bar) with the same sorted, deduplicated pairs and
    regrets as :func:`_float_equilibria`; any other game, or a kernel that finds the game
    degenerate, takes the qhull path, whose time counts towards loading the kernel.
    """
    from time import perf_counter

    from dealmodels.solvers._vertex import compiled_kernel, record

    m, n = game.shape
    module = compiled_kernel(m, n)
    if module is not None and budget.fits_both_sides():
        found = _compiled_equilibria(module, game, method, tol)
        if found:
            return found
    start = perf_counter()
    x, y = _float_pairs(game, _qhull_or_support, budget, one_sided=True)
    result = _float_equilibria(game, x, y, method, tol, budget.bounds)
    if module is None:
        record(m, n, perf_counter() - start)
    return result


def _compiled_equilibria(
    module: Any, game: NormalFormGame, method: str, tol: float
) -> list[Equilibrium] | None:
    """The compiled kernel's verified equilibria, or None if it hands the game back."""
    from dealmodels.solvers._lemke_howson import frozen_c
    from dealmodels.solvers._vertex import compiled_capacity

    a, b = game.payoffs
    m, n = a.shape
    status, x, y, payoffs, gains, rel = module.equilibria(
        frozen_c(a), frozen_c(b), compiled_capacity(m, n)
    )
    if status != module.OK or len(x) == 0:
        return None
    if not _MAX(rel, axis=None) <= tol:  # NaN fails too
        k = int(np.flatnonzero(~(rel <= tol))[0])
        raise SolverError(
            f"{method} produced a profile with regret {gains[k]:.3g}, {rel[k]:.3g} of a "
            f"player's payoff range > tol={tol:g}; "
            f"strategies={[x[k].tolist(), y[k].tolist()]}"
        )
    return [
        _owned_equilibrium((x[k], y[k]), payoffs[k], float(gains[k]), method)
        for k in range(len(x))
    ]


def _qhull_or_support(
    matrix: NDArray[np.float64], budget: WorkBudget
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    from dealmodels.solvers._support import float_vertices
    from dealmodels.solvers._vertex import qhull_vertices

    if matrix.shape[0] < 2:
        return float_vertices(matrix, budget)
    from scipy.spatial import QhullError

    try:
        found = qhull_vertices(matrix)  # one C call: checked against the bound beforehand
    except QhullError:  # pragma: no cover - qhull rejects only pathological inputs
        return float_vertices(matrix, budget)
    budget.spend(len(found[0]))
    return found


# -- exact kernels ----------------------------------------------------------------------------


def _integer_matrix(matrix: NDArray[np.object_]) -> NDArray[np.object_]:
    """Positive integer matrix with the same best responses (shift to >= 1, clear denominators)."""
    values = [v if type(v) is Fraction else Fraction(v) for v in matrix.ravel().tolist()]
    den = lcm(*(v.denominator for v in values))
    nums = [v.numerator * (den // v.denominator) for v in values]  # matrix * den, integers
    low = min(nums)
    out = np.empty(matrix.shape, dtype=object)
    out.flat[:] = [v - low + den for v in nums]  # (matrix - min + 1) * den
    return out


def _exact_pairs(
    game: NormalFormGame, method: str, budget: _Budgets
) -> list[tuple[NDArray[Any], NDArray[Any]]]:
    """Normalised completely labelled vertex pairs of an exact game (Fractions).

    Vertex enumeration pivots over :math:`P`'s feasible bases and, when every vertex of
    :math:`P` has exactly :math:`m` labels, solves for each vertex's unique possible
    partner in :math:`Q` exactly (:func:`~dealmodels.solvers._exact.exact_partners`);
    otherwise, and for support enumeration, both polytopes are enumerated and the pairs
    matched by labels. Where the compiled kernel proves both polytopes simple and their
    vertex lists complete (:func:`~dealmodels.solvers._filtered.compiled_vertices`), the
    pairs are the vertex pairs with complementary labels (von Stengel 2002), and only
    their coordinates are computed, exactly. The time of an enumeration the kernel would
    have taken counts towards loading it (:func:`~dealmodels.solvers._vertex.record`).
    """
    from time import perf_counter

    from dealmodels.solvers._exact import exact_partners
    from dealmodels.solvers._filtered import (
        VertexSet,
        compiled_vertices,
        exact_kernel,
        filtered_vertices,
    )
    from dealmodels.solvers._support import exact_vertices
    from dealmodels.solvers._vertex import record

    def vertices(matrix: NDArray[np.object_], work: WorkBudget) -> VertexSet:
        if method == "vertex_enumeration":
            rows = matrix.tolist()
            found = compiled_vertices(rows, len(rows), len(rows[0]), work)
            return filtered_vertices(matrix, work) if found is None else found
        z, _, labels = exact_vertices(matrix, work)
        return VertexSet.from_arrays(z, labels, matrix.tolist())

    a, b = game.payoffs
    m, n = a.shape
    start = perf_counter()
    unloaded = method == "vertex_enumeration" and exact_kernel(m, n) is None
    vp = vertices(_integer_matrix(b), budget.start("P"))
    budget.done()
    a_int = _integer_matrix(a)
    if method == "vertex_enumeration":
        if vp.simple:  # proved simple: Q by the kernel too, pairs by labels
            rows_q = a_int.T.tolist()
            vq = compiled_vertices(rows_q, n, m, budget.start("Q"))
            budget.done()
            if vq is not None:
                return _labelled_pairs(vp, vq, m, n)
        found = exact_partners(vp.labels, a_int)
        if found is not None:
            zs = vp.points([i for i, _ in found])
            if unloaded:
                record(m, n, perf_counter() - start)
            return [
                (_normalise_exact(z), _normalise_exact(y))
                for z, (_, y) in zip(zs, found, strict=True)
            ]
    vq = vertices(a_int.T.copy(), budget.start("Q"))
    budget.done()
    if unloaded:
        record(m, n, perf_counter() - start)
    return _labelled_pairs(vp, vq, m, n)


def _labelled_pairs(
    vp: VertexSet, vq: VertexSet, m: int, n: int
) -> list[tuple[NDArray[Any], NDArray[Any]]]:
    """The completely labelled pairs of two vertex sets (origins excluded; :math:`Q`'s label
    rows are its own, ``y_j = 0`` first), normalised, with exact coordinates."""
    from dealmodels.solvers._vertex import complete_pairs

    lq = np.concatenate([vq.labels[:, n:], vq.labels[:, :n]], axis=1)
    pairs = complete_pairs(vp.labels, lq, m).tolist()
    zp = vp.points([i for i, _ in pairs])
    zq = vq.points([j for _, j in pairs])
    return [(_normalise_exact(x), _normalise_exact(y)) for x, y in zip(zp, zq, strict=True)]


def _exact_equilibria(
    game: NormalFormGame,
    pairs: list[tuple[NDArray[Any], NDArray[Any]]],
    method: str,
    tol: float,
) -> list[Equilibrium]:
    r"""Verify exact two-player equilibria in integer arithmetic (the values of
    :func:`_verified`).

    With :math:`A = A' / d_A` (integers over a common denominator), :math:`x = z_x / s_x`
    and :math:`y = z_y / s_y`, the row player's values are :math:`v = A' z_y` over
    :math:`d_A s_y` and the gain from deviating is
    :math:`(s_x \max_i v_i - z_x \cdot v) / (d_A s_x s_y)`; likewise for the column
    player with :math:`w = z_x^\top B'`. A nonzero gain is compared with ``tol`` times the
    player's payoff range, as by :func:`_verified`.
    """
    from dealmodels.solvers._scale import exact_span

    a, b = game.payoffs
    (ai, da), (bi, db) = _integer_rows(a), _integer_rows(b)
    bt = [list(col) for col in zip(*bi, strict=True)]
    spans: list[Any] = []
    out: list[Equilibrium] = []
    for x, y in pairs:
        sx, zx = _over_common_denominator(x)
        sy, zy = _over_common_denominator(y)
        v = [sum(r * c for r, c in zip(row, zy, strict=True)) for row in ai]
        w = [sum(r * c for r, c in zip(col, zx, strict=True)) for col in bt]
        u1 = sum(p * q for p, q in zip(zx, v, strict=True))
        u2 = sum(p * q for p, q in zip(w, zy, strict=True))
        scale1, scale2 = da * sx * sy, db * sx * sy
        gains = [Fraction(sx * max(v) - u1, scale1), Fraction(sy * max(w) - u2, scale2)]
        if gains[0] or gains[1]:  # not an exact equilibrium: within tol of the ranges?
            if not spans:
                spans = [exact_span(a), exact_span(b)]
            rel = [g / sp if sp != 0 else 0 * g for g, sp in zip(gains, spans, strict=True)]
            _check_regret(rel, gains, (x, y), method, tol)
        out.append(
            Equilibrium(
                strategies=(x, y),
                payoffs=np.array([Fraction(u1, scale1), Fraction(u2, scale2)], dtype=object),
                support=(_support(x), _support(y)),
                regret=max(float(gains[0]), float(gains[1])),
                method=method,
            )
        )
    return out


def _integer_rows(matrix: NDArray[np.object_]) -> tuple[list[list[int]], int]:
    """``matrix`` as rows of integers over one common denominator."""
    fr = [v if type(v) is Fraction else Fraction(v) for row in matrix.tolist() for v in row]
    den = lcm(*(v.denominator for v in fr))
    n = matrix.shape[1]
    flat = [v.numerator * (den // v.denominator) for v in fr]
    return [flat[i : i + n] for i in range(0, len(flat), n)], den


def _over_common_denominator(v: NDArray[np.object_]) -> tuple[int, list[int]]:
    """``(s, z)`` with integers ``z`` and ``v = z / s``."""
    fr = [x if type(x) is Fraction else Fraction(x) for x in v.tolist()]
    s = lcm(*(x.denominator for x in fr))
    return s, [x.numerator * (s // x.denominator) for x in fr]


def _normalise_exact(z: Sequence[Any]) -> NDArray[np.object_]:
    total = sum(int(v) for v in z)
    out = np.empty(len(z), dtype=object)
    out[:] = [Fraction(int(v), total) for v in z]
    return out


# -- public API -------------------------------------------------------------------------------


def _pick_method(game: NormalFormGame) -> str:
    """Vertex enumeration: measured fastest for float and exact games of every size.

    (On random games from 2x2 to 12x12; support enumeration is kept as an independent
    check and is faster only for small, highly degenerate exact games.)
    """
    return "vertex_enumeration"


@overload
def nash_equilibria(
    game: NormalFormGame,
    method: NashMethod = "auto",
    *,
    tol: float = 1e-9,
    max_vertices: int | None = None,
    progress: bool = False,
) -> list[Equilibrium]: ...
@overload
def nash_equilibria(
    game: GameTree, method: TreeNashMethod = "auto", *, tol: float = 1e-9
) -> list[SubgamePerfectResult]: ...
def nash_equilibria(
    game: NormalFormGame | GameTree,
    method: str = "auto",
    *,
    tol: float = 1e-9,
    max_vertices: int | None = None,
    progress: bool = False,
) -> list[Equilibrium] | list[SubgamePerfectResult]:
    r"""All extreme Nash equilibria (two players) or all isolated ones (three or more).

    Parameters
    ----------
    game : NormalFormGame or GameTree
        A game with float or exact payoffs. Two players: the algorithms below; three or
        more: every isolated equilibrium by support enumeration over polynomial systems
        (:mod:`dealmodels.solvers.nplayer`; ``"auto"`` or ``"support_enumeration"``).
        A game tree goes to
        :func:`~dealmodels.solvers.sequence_form.tree_nash_equilibria` (``method`` one of
        ``"auto"``, ``"sequence_form"``, ``"normal_form"``, ``"backward_induction"``), which
        returns one subgame-perfect equilibrium in behaviour strategies (``max_vertices``
        and ``progress`` do not apply).
    method : {"auto", "support_enumeration", "vertex_enumeration", "lemke_howson", "logit", \
"simplicial_subdivision"}
        Algorithm. ``"auto"`` runs vertex enumeration, the fastest on every size measured
        (``benchmarks/bench_nash.py``), unless ``max_vertices`` predicts that it cannot
        finish (then it raises at once). ``"lemke_howson"`` returns one equilibrium
        (from dropped label 0, or the next label whose path ends within the default pivot
        budget; see :func:`lemke_howson` for the others). ``"logit"`` (any number of
        players) returns one equilibrium: the end of the principal branch of logit quantal
        response equilibria (:mod:`dealmodels.solvers.quantal`).
        ``"simplicial_subdivision"`` (any number of players) returns one equilibrium by
        van der Laan and Talman's restart algorithm on successively finer grids, refined
        by Newton's method on its support (:mod:`dealmodels.solvers.nplayer`).
    tol : float, default 1e-9
        Largest regret accepted when verifying a result, relative to the payoff scale
        :math:`\max(1, \max |u|)`. Exact games are verified exactly (regret 0). Float
        games count a constraint as tight within ``1e-10`` of the payoffs' range, so
        values much below the default may make near-tied games fail verification.
    max_vertices : int, optional
        Work budget per best-response polytope: the most vertices (float vertex
        enumeration), feasible bases (exact vertex enumeration, which visits every basis
        of a degenerate vertex) or support systems (support enumeration) the enumeration
        may visit. Before a polytope is enumerated, the most it could need is compared with
        the budget — McMullen's upper bound on the vertices of a polytope of dimension
        :math:`m` with :math:`m + n` facets, or the :math:`\binom{m+n}{m} - 1` support
        systems — and a game over budget is refused at once, before any work; while the
        enumeration runs, the visited count is checked too, so time and memory stay
        bounded. Default: 10,000,000 for float games (up to about 18 x 18 random games),
        200,000 for exact games (up to about 14 x 14). Ignored by ``"lemke_howson"``.
    progress : bool, default False
        Show a tqdm progress bar of the visited count (silent when the output is not a
        terminal, as in CI; needs tqdm, in the ``analysis`` extra).

    Returns
    -------
    list of Equilibrium
        Every extreme equilibrium once, sorted by descending probabilities (the row
        player's strategy first, then the column player's). Never empty: every finite game
        has an equilibrium.

    Raises
    ------
    UnsupportedGameError
        If the game has one player or symbolic payoffs, or a 2-player method is asked
        for a game with three or more players.
    InvalidParameterError
        If ``method`` is unknown or ``tol`` is negative.
    SolverError
        If a computed profile fails verification (regret above ``tol``), or if the
        enumeration would exceed or exceeds ``max_vertices``; the message names the game's
        size and the alternatives (:func:`lemke_howson` for one equilibrium, the sequence
        form for game trees, a larger budget).

    Warns
    -----
    DegenerateGameWarning
        With three or more players, when a support has a continuum of equilibria, which
        are not listed.

    Notes
    -----
    :math:`(x, y)` is an equilibrium iff every pure strategy in the support of :math:`x`
    is a best response to :math:`y` and vice versa. With :math:`A, B > 0`, the extreme
    equilibria are the pairs of vertices :math:`x \in P`, :math:`y \in Q`,
    :math:`(x, y) \neq (0, 0)` whose labels together cover :math:`\{0, \dots, m + n - 1\}`,
    normalised to sum to one (von Stengel 2002; Avis et al. 2010). In a degenerate game a
    vertex may have more than :math:`m` labels; both enumeration methods account for this.

    References
    ----------
    .. [1] B. von Stengel, "Computing equilibria for two-person games", *Handbook of Game
       Theory* vol. 3, ch. 45, 2002.
    .. [2] D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
       equilibria for two-player games", *Economic Theory* 42 (2010), pp. 9-37.

    Examples
    --------
    Battle of the sexes (Osborne 2004, section 4.3) has two pure equilibria and one mixed:

    >>> from dealmodels import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> for eq in nash_equilibria(bos):
    ...     print([str(p) for p in eq.strategies[0]], [str(p) for p in eq.strategies[1]])
    ['1', '0'] ['1', '0']
    ['2/3', '1/3'] ['1/3', '2/3']
    ['0', '1'] ['0', '1']
    """
    if isinstance(game, GameTree):
        from dealmodels.solvers.sequence_form import tree_nash_equilibria

        return tree_nash_equilibria(game, method, tol=tol)  # type: ignore[arg-type]
    if method not in _METHODS:
        check_choice("method", method, _METHODS)
    if type(tol) is not float or not 0.0 <= tol <= _FLOAT_MAX:  # the common case costs nothing
        check_nonnegative("tol", tol)
    limit = (
        _DEFAULT_MAX_VERTICES["exact" if _check_game(game).kind == "exact" else "float"]
        if max_vertices is None
        else check_int("max_vertices", max_vertices, low=1)
    )
    if not isinstance(progress, bool):
        raise fail("progress", "True or False", progress)
    if method == "logit":  # any number of players: the end of the logit QRE branch
        from dealmodels.solvers.quantal import logit_equilibrium

        return [logit_equilibrium(_check_game(game), tol)]
    if method == "simplicial_subdivision":  # any number of players: one equilibrium
        from dealmodels.solvers.nplayer import simplicial_equilibrium

        return [simplicial_equilibrium(_check_game(game), tol)]
    if _check_game(game).n_players >= 3:  # all equilibria: solvers/nplayer.py
        from dealmodels.solvers.nplayer import all_equilibria

        return all_equilibria(game, method, tol)
    g = _check_bimatrix(game)
    chosen = _pick_method(g) if method == "auto" else method
    if chosen == "lemke_howson":
        return [lemke_howson(g, None, tol=tol)]
    budget = _Budgets(g, chosen, limit, progress)
    budget.check("P")  # refuse a hopeless enumeration before any work
    try:
        if g.kind == "exact":
            budget.check("Q")
            pairs = _exact_pairs(g, chosen, budget)
            result = _exact_equilibria(g, _order_and_dedup(pairs), chosen, tol)
        else:
            from dealmodels.solvers._support import float_vertices

            if chosen == "support_enumeration":
                x, y = _float_pairs(g, float_vertices, budget)
                result = _float_equilibria(g, x, y, chosen, tol, budget.bounds)
            else:
                result = _compiled_or_qhull(g, chosen, tol, budget)
    finally:
        budget.done()
    if not result:
        raise SolverError(f"{chosen} found no equilibrium; the game may be numerically degenerate")
    return result


def lemke_howson(
    game: NormalFormGame,
    initial_dropped_label: int | None = 0,
    *,
    max_pivots: int | None = 1_000_000,
    tol: float = 1e-9,
) -> Equilibrium:
    r"""One Nash equilibrium of a two-player game by the Lemke–Howson algorithm.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with float or exact payoffs, :math:`m \times n` actions.
    initial_dropped_label : int or None, default 0
        The label dropped at the artificial equilibrium, in :math:`[0, m + n - 1]`: labels
        :math:`0, \dots, m-1` are the row player's actions, :math:`m, \dots, m+n-1` the
        column player's. ``None`` tries every label in turn, ``0`` first, each with a
        budget of ``max_pivots`` pivots, and returns the first path that ends.
    max_pivots : int or None, default 1_000_000
        Largest number of pivots followed on one path (at least 1); ``None`` follows every
        path to its end, however long. The default is ten times the longest path measured
        on seeded random games up to 200 x 200 (104,164 pivots) and equals quantecon's
        default ``max_iter``.
    tol : float, default 1e-9
        Pivot tolerance and largest regret accepted (relative to the payoff scale).

    Returns
    -------
    Equilibrium
        The equilibrium at the end of the path (always an extreme equilibrium).

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players or has symbolic payoffs.
    InvalidParameterError
        If ``initial_dropped_label`` is out of range, ``max_pivots`` is not a positive
        integer or None, or ``tol`` is negative.
    ConvergenceError
        If no path tried ends within ``max_pivots`` pivots; the message says how many
        pivots ran and how to raise the budget.

    Notes
    -----
    The path follows edges of :math:`P \times Q` on which every label except the dropped
    one is present; a lexicographic ratio test keeps it well defined in degenerate games
    (von Stengel 2002; Lemke and Howson 1964). Different dropped labels may
    reach different equilibria, but not every equilibrium is reachable this way. Paths
    can be exponentially long (Savani and von Stengel 2006); each pivot is one in-place
    rank-one update of an :math:`n \times (m + 1)` or :math:`m \times (n + 1)` tableau.

    References
    ----------
    .. [1] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *SIAM J.
       Applied Mathematics* 12 (1964), pp. 413-423.
    .. [2] R. Savani and B. von Stengel, "Hard-to-solve bimatrix games", *Econometrica* 74
       (2006), pp. 397-429.

    Examples
    --------
    >>> from dealmodels import NormalFormGame
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> eq = lemke_howson(mp, initial_dropped_label=2)
    >>> [str(p) for p in eq.strategies[0]], [str(p) for p in eq.strategies[1]]
    (['1/2', '1/2'], ['1/2', '1/2'])
    """
    from dealmodels.solvers import _lemke_howson as kernel

    g = _check_bimatrix(game)
    m, n = g.shape
    labels: Sequence[int]
    if initial_dropped_label is None:
        labels = range(m + n)
    elif type(initial_dropped_label) is int and 0 <= initial_dropped_label < m + n:
        labels = (initial_dropped_label,)  # the common case, checked without a call
    else:
        labels = (
            check_int("initial_dropped_label", initial_dropped_label, low=0, high=m + n - 1),
        )
    if max_pivots is not None and not (type(max_pivots) is int and max_pivots >= 1):
        max_pivots = check_int("max_pivots", max_pivots, low=1)
    if type(tol) is not float or not 0.0 <= tol <= _FLOAT_MAX:  # the common case costs nothing
        check_nonnegative("tol", tol)
    a, b = g.payoffs
    exact = g.kind == "exact"
    compiled = None
    if exact:
        to_fraction = np.vectorize(Fraction, otypes=[object])
        af, bf = to_fraction(_integer_matrix(a)), to_fraction(_integer_matrix(b))
        pivot_tol = 0.0
    else:
        pivot_tol = max(tol, 1e-12)
        compiled = kernel.compiled_kernel(m, n)
        if compiled is None:
            (af, unit_a, span_a, top_a), (bf, unit_b, span_b, top_b) = (
                _lh_scaled(a),
                _lh_scaled(b),
            )
        else:  # the compiled kernel scales the raw payoffs itself; one array type for numba
            a, b = kernel.frozen_c(a), kernel.frozen_c(b)
    ran: list[int] = []
    for label in labels:
        try:
            if compiled is None:
                x, y, _ = kernel.lemke_howson_path(
                    af, bf, label, tol=pivot_tol, max_pivots=max_pivots
                )
            else:
                x, y, _, scales = kernel.compiled_path(
                    compiled, a, b, label, tol=pivot_tol, max_pivots=max_pivots
                )
        except kernel.PivotLimitError as err:
            ran.append(err.pivots)
            continue
        break
    else:
        tried = (
            f"from dropped label {labels[0]}"
            if len(labels) == 1
            else f"from any of the {len(labels)} dropped labels"
        )
        hint = (
            ""
            if initial_dropped_label is None
            else ", or initial_dropped_label=None to try every label"
        )
        raise ConvergenceError(
            f"lemke_howson on a {m}x{n} game: no path {tried} reached an equilibrium within "
            f"max_pivots={max_pivots} pivots ({sum(ran)} pivots ran in all); pass a larger "
            f"max_pivots (or max_pivots=None for no limit){hint}"
        )
    if exact:
        xs, ys = sum(x), sum(y)
        prof = (
            np.array([v / xs for v in x], dtype=object),
            np.array([v / ys for v in y], dtype=object),
        )
        return _verified(g, prof, "lemke_howson", tol)
    if compiled is None:
        for z in (x, y):  # the kernel's own fresh arrays: cleaned and normalised in place
            z[np.abs(z) <= 1e-12] = 0.0
            z /= z.sum()
        # the same check as _verified, on the payoffs divided by their largest magnitude
        rel, gains, payoffs = _pair_gains((unit_a, unit_b), (span_a, span_b), (top_a, top_b), x, y)
    else:  # the same check, compiled, with the same scales
        rel0, rel1, gain0, gain1, u0, u1 = compiled.pair_gains(a, b, x, y, *scales)
        rel, gains, payoffs = [rel0, rel1], [gain0, gain1], np.array([u0, u1])
    if not (rel[0] <= tol and rel[1] <= tol):  # a NaN regret fails too
        _check_regret(rel, gains, (x, y), "lemke_howson", tol)
        raise SolverError(
            f"lemke_howson produced a profile whose regret is not a number ({rel}); "
            f"strategies={[list(s) for s in (x, y)]}"
        )
    return _owned_equilibrium((x, y), payoffs, max(gains), "lemke_howson")


def _lh_scaled(
    matrix: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], float, float]:
    r"""One float payoff matrix prepared for Lemke–Howson and for checking its answer.

    Returns ``(positive, unit, span, top)``: :math:`t = \max |M|` (1 for a zero matrix),
    :math:`U = M / t` (the units :func:`_relative_gains` checks regrets in),
    ``span`` :math:`= \max U - \min U`, and the positive affine image
    :math:`1 + (U - \min U) / \mathrm{span}` with entries in :math:`[1, 2]` (all 1 when
    ``span = 0``), which has the same equilibria. Dividing by ``t`` first keeps every
    intermediate finite for payoffs near the float limit. Two reductions and three passes.
    """
    lo, hi = float(_MIN(matrix, axis=None)), float(_MAX(matrix, axis=None))
    top = max(-lo, hi) or 1.0
    unit = matrix / top
    lo_u, span = lo / top, hi / top - lo / top
    if span > 0.0:
        positive = unit - lo_u
        positive *= 1.0 / span
        positive += 1.0
    else:
        positive = np.ones_like(unit)
    return positive, unit, span, top


def pure_nash_equilibria(game: NormalFormGame, *, tol: float = 1e-9) -> list[Equilibrium]:
    r"""All pure-strategy Nash equilibria of an n-player game.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players, float or exact payoffs.
    tol : float, default 1e-9
        An action counts as a best response if it is within ``tol`` times the player's
        payoff range of the best (float games only; exact games compare exactly), so the
        answer does not change when the game is rescaled, as for :func:`is_nash`.

    Returns
    -------
    list of Equilibrium
        One per pure equilibrium profile, in lexicographic order of the profiles; possibly
        empty. Strategies are unit vectors (``method="pure"``).

    Notes
    -----
    Profile :math:`a` is a pure equilibrium iff :math:`u_i(a) = \max_{b_i} u_i(b_i, a_{-i})`
    for every :math:`i`. The test is vectorised over the payoff tensor: the maximum of
    :math:`u_i` along axis :math:`i` marks each player's best responses, and the
    equilibria are the profiles marked for every player (Osborne 2004, section 2.6).

    References
    ----------
    .. [1] M. J. Osborne, *An Introduction to Game Theory*, Oxford UP, 2004, ch. 2.

    Examples
    --------
    >>> from dealmodels import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [eq.support for eq in pure_nash_equilibria(pd)]
    [((1,), (1,))]
    """
    g = _check_game(game)
    check_nonnegative("tol", tol)
    exact = g.kind == "exact"
    ok = np.ones(g.shape, dtype=bool)
    gaps: list[NDArray[Any]] = []
    for i, payoff in enumerate(g.payoffs):
        u = _exact_as_integers(payoff) if exact else payoff
        best = u.max(axis=i, keepdims=True)
        gap = best - u
        gaps.append(gap)
        # relative to the player's payoff range: a pure gap is one subtraction, exact in
        # sign, so a game scaled by 1e-12 (or with one payoff of 2e-16) keeps its answer
        ok &= (gap == 0) if exact else (gap <= tol * (u.max() - u.min()))
    out = []
    for profile in np.argwhere(ok):
        prof = tuple(int(a) for a in profile)
        strategies = []
        for a, m in zip(prof, g.shape, strict=True):
            if exact:
                s = np.array([Fraction(int(j == a)) for j in range(m)], dtype=object)
            else:
                s = np.zeros(m)
                s[a] = 1.0
            strategies.append(s)
        payoffs = np.array([u[prof] for u in g.payoffs], dtype=object if exact else float)
        out.append(
            Equilibrium(
                strategies=tuple(strategies),
                payoffs=payoffs,
                support=tuple((a,) for a in prof),
                regret=float(max(gap[prof] for gap in gaps)),
                method="pure",
            )
        )
    return out


def _exact_as_integers(payoff: NDArray[Any]) -> NDArray[Any]:
    """Fractions times their common denominator: int64 when it fits, else Python ints.

    Only the order of the entries matters to a best-response test, and integer arrays
    compare in C instead of through Fraction objects.
    """
    flat = payoff.ravel().tolist()
    den = lcm(*{v.denominator for v in flat})
    ints = [v.numerator * (den // v.denominator) for v in flat]
    if max(abs(min(ints)), abs(max(ints))) < 2**62:
        return np.array(ints, dtype=np.int64).reshape(payoff.shape)
    return np.array(ints, dtype=object).reshape(payoff.shape)


def _scaled_regrets(
    game: NormalFormGame, strategies: Sequence[ArrayLike]
) -> tuple[list[Any], list[Any], list[Any]]:
    """Each player's regret in payoffs divided by that player's largest ``|u|``, with those
    scales and the players' payoff ranges in the same units.

    Dividing first keeps every number in [-1, 1]: games with payoffs near the float limit
    (±1.7e308) or exact payoffs beyond it (10**400) are checked without overflow.
    """
    g = _check_game(game)
    prof = as_profile(g, strategies)
    scales, scaled = [], []
    for a in g.payoffs:
        top = max(abs(v) for v in a.flat) if g.is_exact else float(np.max(np.abs(a)))
        scale = top if top != 0 else (Fraction(1) if g.is_exact else 1.0)
        scales.append(scale)
        scaled.append(_scaled(a, scale, g.is_exact))
    unit = NormalFormGame(scaled)
    spans = [a.max() - a.min() for a in unit.payoffs]
    return regrets(unit, prof), scales, spans


def _scaled(a: NDArray[Any], scale: Any, exact: bool) -> NDArray[Any]:
    if not exact:
        return np.asarray(a / scale, dtype=np.float64)
    out = np.empty(a.shape, dtype=object)
    out.flat[:] = [Fraction(v) / scale for v in a.flat]
    return out


def _as_float(x: Any) -> float:
    try:
        return float(x)
    except OverflowError:  # an exact gain beyond the float range
        return float("inf") if x > 0 else float("-inf")


def regret(
    game: NormalFormGame, strategies: Sequence[ArrayLike], *, relative: bool = False
) -> float:
    r"""Largest gain any player gets from a unilateral pure deviation.

    Parameters
    ----------
    game : NormalFormGame
        Float or exact game, any number of players.
    strategies : sequence of array_like or int
        One mixed strategy (probability vector) or pure action index per player.
    relative : bool, default False
        Divide each player's gain by the range of that player's payoffs
        (:math:`\max u_i - \min u_i`), which makes the regret invariant to rescaling the
        game; :func:`is_nash` compares this relative regret with its ``tol``.

    Returns
    -------
    float
        :math:`\max_i ig(\max_{a_i} u_i(a_i, \sigma_{-i}) - u_i(\sigma)ig) \ge 0` (or
        :math:`\max_i` of the gain over the range :math:`R_i` when ``relative``; a player
        whose payoffs are all equal has no regret); zero exactly at a Nash equilibrium.
        ``inf`` when an absolute gain exceeds the float range.

    Notes
    -----
    Each player's payoffs are divided by their largest magnitude before any arithmetic, so
    games with payoffs near ±1.7e308 or exact payoffs such as :math:`10^{400}` are evaluated
    without overflow.

    Examples
    --------
    >>> from dealmodels import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> regret(pd, [0, 0]), regret(pd, [0, 0], relative=True)
    (2.0, 0.4)
    """
    if not isinstance(relative, bool):
        raise fail("relative", "True or False", relative)
    gains, scales, spans = _scaled_regrets(game, strategies)
    if relative:
        pairs = zip(gains, spans, strict=True)
        return max(_as_float(gn / sp) if sp != 0 else 0.0 for gn, sp in pairs)
    with np.errstate(over="ignore"):
        return max(
            _as_float(Fraction(gn) * sc)
            if isinstance(sc, Fraction)
            else float(np.float64(gn) * sc)
            for gn, sc in zip(gains, scales, strict=True)
        )


def is_nash(game: NormalFormGame, strategies: Sequence[ArrayLike], tol: float = 1e-9) -> bool:
    r"""Whether a strategy profile is a Nash equilibrium (relative regret at most ``tol``).

    Parameters
    ----------
    game : NormalFormGame
        Float or exact game, any number of players.
    strategies : sequence of array_like or int
        One mixed strategy or pure action index per player.
    tol : float, default 1e-9
        Largest regret accepted, relative to each player's payoff range
        (``regret(game, strategies, relative=True) <= tol``), so that the answer does not
        change when the game is rescaled; exact games with exact strategies are checked
        exactly when ``tol == 0``.

    Returns
    -------
    bool

    Examples
    --------
    >>> from dealmodels import NormalFormGame
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> is_nash(mp, [[0.5, 0.5], [0.5, 0.5]]), is_nash(mp, [0, 0])
    (True, False)
    >>> tiny_pd = NormalFormGame.from_bimatrix([[3e-12, 0], [5e-12, 1e-12]],
    ...                                        [[3e-12, 5e-12], [0, 1e-12]])
    >>> is_nash(tiny_pd, [0, 0])      # cooperation is no equilibrium at any scale
    False
    """
    check_nonnegative("tol", tol)
    gains, _, spans = _scaled_regrets(game, strategies)
    g = _check_game(game)
    # in float arithmetic an expected payoff (units of the largest |u|) is only known to
    # about size * eps: a player whose payoffs are all equal (span 0) may show a gain of
    # 1e-16 from rounding alone, which is no deviation (exact checks at tol 0 stay exact)
    floor = 0.0 if (g.is_exact and tol == 0) else 16 * np.finfo(float).eps * g.payoffs[0].size
    return all(gn <= max(tol * sp, floor) for gn, sp in zip(gains, spans, strict=True))


def best_responses(
    game: NormalFormGame, strategies: Sequence[ArrayLike], player: int, *, tol: float = 1e-9
) -> tuple[int, ...]:
    r"""Indices of ``player``'s pure best responses to the others' strategies.

    Parameters
    ----------
    game : NormalFormGame
        Float or exact game, any number of players.
    strategies : sequence of array_like or int
        A full profile (``player``'s own entry is ignored but must be valid).
    player : int
        Player index in ``[0, n_players - 1]``.
    tol : float, default 1e-9
        Actions within ``tol`` of the best value count (exact games compare exactly).

    Returns
    -------
    tuple of int
        :math:`\arg\max_{a} u_i(a, \sigma_{-i})`, ascending.

    Examples
    --------
    >>> from dealmodels import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> best_responses(bos, [0, [1/3, 2/3]], player=0)
    (0, 1)
    """
    g = _check_game(game)
    p = check_int("player", player, low=0, high=g.n_players - 1)
    check_nonnegative("tol", tol)
    prof = as_profile(g, strategies)
    values = action_values(g, prof, p)
    best = values.max()
    if values.dtype == object:
        hits = [i for i, v in enumerate(values) if v == best]
    else:
        hits = [int(i) for i in np.flatnonzero(values >= best - tol)]
    return tuple(hits)
