r"""Repeated games: minmax values, trigger-strategy thresholds, feasible and sustainable payoffs.

**Minmax.** Player :math:`i`'s minmax value is the least payoff the others can hold it to when
it best-responds:

.. math:: \underline v_i = \min_{\sigma_{-i}} \max_{a_i} u_i(a_i, \sigma_{-i}).

Pure minmax takes :math:`\sigma_{-i}` pure. Mixed minmax for two players is a linear program
(:math:`\min v` s.t. :math:`\sum_{a_j} u_i(a_i, a_j) y_{a_j} \le v` for all :math:`a_i`,
:math:`y \in \Delta`), solved with HiGHS. With three or more players, independent mixing by
the punishers makes the problem nonconvex; ``mixed=True`` then solves the same LP over *joint*
distributions of the others' actions: the **correlated minmax**, a lower bound on the
independent-mixing value (equal when :math:`n = 2`).

**Trigger strategies.** To sustain a pure profile :math:`a` with on-path payoffs :math:`u_i`,
players play :math:`a` until a deviation is detected and then a punishment forever. Player
:math:`i`'s best one-shot deviation pays :math:`d_i`, the punishment :math:`v_i`. With a
deviation detected with probability :math:`p` (otherwise play continues on path) and a cost
:math:`\kappa` paid on deviating (promise keeping), the one-shot deviation principle gives:
no deviation iff

.. math::

    \frac{u_i}{1 - \delta} \ge d_i - \kappa
        + \frac{\delta}{1 - \delta}\big(p\, v_i + (1 - p)\, u_i\big)
    \iff \delta\,\big(g_i + p L_i\big) \ge g_i,

with gain :math:`g_i = d_i - \kappa - u_i` and per-period loss :math:`L_i = u_i - v_i`. So
:math:`\delta_i^* = 0` if :math:`g_i \le 0`, :math:`g_i / (g_i + p L_i)` if :math:`p L_i > 0`,
and no :math:`\delta < 1` works otherwise (reported as :math:`\delta_i^* = 1`). For the
prisoner's dilemma (:math:`T > R > P > S`, Nash reversion) this is the textbook
:math:`\delta^* = (T - R)/(T - P)`; with detection :math:`(T-R)/((T-R) + p(R-P))`; with
:math:`\kappa`, :math:`\max(0, (T - \kappa - R)/(T - \kappa - P))`.

**Folk theorem.** A payoff vector that is feasible (in the convex hull of pure payoff profiles)
and strictly individually rational (above every minmax value) is a subgame-perfect equilibrium
payoff for discount factors close enough to 1 (Fudenberg and Maskin 1986; for three or more
players under a full-dimensionality condition, and with public randomisation for payoffs that
are not those of a pure profile).

References
----------
.. [1] J. W. Friedman, "A non-cooperative equilibrium for supergames", *Review of Economic
   Studies* 38(1):1-12, 1971.
.. [2] D. Fudenberg and E. Maskin, "The folk theorem in repeated games with discounting or
   with incomplete information", *Econometrica* 54(3):533-554, 1986.
.. [3] M. J. Osborne, *An Introduction to Game Theory*, Oxford UP, 2004, ch. 14-15.
.. [4] G. J. Mailath and L. Samuelson, *Repeated Games and Reputations*, Oxford UP, 2006,
   ch. 2-3.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._numbers import is_sympy, to_fraction
from dealmodels._validation import check_interval, check_nonnegative, fail
from dealmodels.errors import NoEquilibriumError, SolverError, UnsupportedGameError
from dealmodels.games.normal_form import NormalFormGame
from dealmodels.games.repeated import RepeatedGame
from dealmodels.solvers._result import SolverResult, frozen_payoffs

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter

__all__ = [
    "FeasiblePayoffs",
    "TriggerResult",
    "critical_discount",
    "feasible_payoffs",
    "grim_trigger",
    "is_sustainable",
    "minmax_values",
    "trigger_threshold",
]

Punishment = Literal["nash", "minmax"]


def _stage(game: object, name: str = "game") -> NormalFormGame:
    if isinstance(game, RepeatedGame):
        return game.stage
    if isinstance(game, NormalFormGame):
        return game
    raise fail(name, "a NormalFormGame or RepeatedGame", game)


# -- minmax ----------------------------------------------------------------------------------
def _own_by_others(game: NormalFormGame, i: int) -> NDArray[Any]:
    """Player i's payoffs as a matrix: own actions x (others' joint profiles)."""
    a = np.moveaxis(game.payoffs[i], i, 0)
    return a.reshape(game.shape[i], -1)


def _lp_minmax(m: NDArray[np.float64]) -> float:
    from scipy.optimize import linprog

    k, c = m.shape
    # variables: y (c joint profiles of the others), v; minimise v
    cost = np.zeros(c + 1)
    cost[-1] = 1.0
    a_ub = np.hstack([m, -np.ones((k, 1))])
    a_eq = np.hstack([np.ones((1, c)), np.zeros((1, 1))])
    bounds = [(0.0, None)] * c + [(None, None)]
    res = linprog(cost, A_ub=a_ub, b_ub=np.zeros(k), A_eq=a_eq, b_eq=[1.0], bounds=bounds)
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise SolverError(f"minmax LP failed: {res.message}")
    y = np.clip(res.x[:c], 0.0, None)
    y /= y.sum()
    return float(np.max(m @ y))  # the value, re-evaluated at the (cleaned) punishment


def minmax_values(game: NormalFormGame | RepeatedGame, mixed: bool = True) -> NDArray[np.float64]:
    r"""Each player's minmax value :math:`\underline v_i`.

    Parameters
    ----------
    game : NormalFormGame or RepeatedGame
        A numeric stage game (a repeated game's stage is used).
    mixed : bool, default True
        Let the punishers mix. Two players: the exact mixed minmax (an LP). Three or more
        players: the *correlated* minmax (the punishers draw a joint profile; an LP), a lower
        bound on the value under independent mixing. ``False``: pure punishments only.

    Returns
    -------
    ndarray of float, shape (n,)
        :math:`\underline v_i = \min_{\sigma_{-i}} \max_{a_i} u_i(a_i, \sigma_{-i})`.

    Raises
    ------
    UnsupportedGameError
        For a symbolic game (substitute values first).

    Notes
    -----
    Pure minmax: :math:`\min_{a_{-i}} \max_{a_i} u_i`, exact. Mixed: minimise :math:`v` over
    :math:`(y, v)` with :math:`U_i y \le v \mathbf 1`, :math:`y \ge 0`,
    :math:`\mathbf 1^\top y = 1`, :math:`U_i` player :math:`i`'s payoffs (own actions by the
    others' joint profiles) [1]_. The mixed value never exceeds the pure one.

    References
    ----------
    .. [1] M. Maschler, E. Solan and S. Zamir, *Game Theory*, Cambridge UP, 2013, ch. 5 and 13.

    Examples
    --------
    Matching pennies: pure punishments hold a player to 1, mixed ones to 0.

    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> minmax_values(mp, mixed=False).tolist(), minmax_values(mp).tolist()
    ([1.0, 1.0], [0.0, 0.0])
    """
    g = _stage(game)
    if g.kind == "symbolic":
        raise UnsupportedGameError("minmax_values needs numeric payoffs: use game.subs() first")
    if not isinstance(mixed, bool):
        raise fail("mixed", "True or False", mixed)
    out = []
    for i in range(g.n_players):
        m = _own_by_others(g, i)
        pure = float(np.max(m, axis=0).min())
        if not mixed or m.shape[1] == 1:
            out.append(pure)
        else:
            out.append(min(pure, _lp_minmax(m.astype(np.float64))))
    return np.array(out, dtype=np.float64)


def _pure_minmax_exact(g: NormalFormGame, i: int) -> Any:
    """Pure minmax in the game's own arithmetic (Fractions or sympy Min/Max)."""
    m = _own_by_others(g, i)
    if g.kind == "symbolic":
        import sympy

        return sympy.Min(*[sympy.Max(*m[:, j]) for j in range(m.shape[1])])
    return min(max(m[:, j]) for j in range(m.shape[1]))


# -- feasible and sustainable payoffs -------------------------------------------------------
@dataclass(frozen=True, eq=False)
class FeasiblePayoffs:
    r"""The feasible payoff set: the convex hull of the pure payoff profiles.

    Attributes
    ----------
    profiles : ndarray, shape (k, n)
        Payoff vector of every pure action profile (lexicographic order).
    vertices : ndarray, shape (h, n)
        The extreme points of the hull (distinct rows).
    dimension : int
        Affine dimension of the hull (``n`` when full-dimensional, the folk theorem's
        condition for three or more players).
    """

    profiles: NDArray[np.float64]
    vertices: NDArray[np.float64]
    dimension: int

    def contains(self, payoffs: ArrayLike, *, tol: float = 1e-9) -> bool:
        """True if the payoff vector is a convex combination of the profiles (an LP)."""
        x = np.asarray(payoffs, dtype=np.float64)
        n = self.profiles.shape[1]
        if x.shape != (n,) or not np.all(np.isfinite(x)):
            raise fail("payoffs", f"a finite vector of length {n}", payoffs)
        return _in_hull(self.vertices, x, tol)


def _in_hull(points: NDArray[np.float64], x: NDArray[np.float64], tol: float) -> bool:
    from scipy.optimize import linprog

    k = points.shape[0]
    scale = 1.0 + float(np.max(np.abs(points)))
    # feasibility with slack s >= 0 on |P^T l - x| <= s; minimise s
    n = points.shape[1]
    cost = np.zeros(k + 1)
    cost[-1] = 1.0
    pt = points.T
    a_ub = np.vstack([np.hstack([pt, -np.ones((n, 1))]), np.hstack([-pt, -np.ones((n, 1))])])
    b_ub = np.concatenate([x, -x])
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=[(0, None)] * (k + 1))
    return bool(res.status == 0 and res.fun <= tol * scale)


def feasible_payoffs(game: NormalFormGame | RepeatedGame) -> FeasiblePayoffs:
    r"""The convex hull of the stage game's pure payoff profiles.

    Parameters
    ----------
    game : NormalFormGame or RepeatedGame
        A numeric stage game.

    Returns
    -------
    FeasiblePayoffs
        The profiles, the hull's vertices (:class:`scipy.spatial.ConvexHull` when the hull is
        full-dimensional, an LP test per point otherwise) and its dimension.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> f = feasible_payoffs(pd)
    >>> f.vertices.tolist()
    [[0.0, 5.0], [1.0, 1.0], [3.0, 3.0], [5.0, 0.0]]
    >>> f.contains([2, 2]), f.contains([4, 4])
    (True, False)
    """
    g = _stage(game)
    if g.kind == "symbolic":
        raise UnsupportedGameError("feasible_payoffs needs numeric payoffs: use game.subs() first")
    pts = np.array(
        [[float(v) for v in g.payoff_profile(a)] for a in g.pure_profiles()], dtype=np.float64
    )
    uniq = np.unique(pts, axis=0)
    dim = int(np.linalg.matrix_rank(uniq[1:] - uniq[0])) if len(uniq) > 1 else 0
    verts: NDArray[np.float64] | None = None
    if dim == pts.shape[1] and dim >= 2:
        from scipy.spatial import ConvexHull, QhullError

        try:
            hull = ConvexHull(uniq)
            verts = uniq[np.sort(hull.vertices)]
        except QhullError:  # pragma: no cover - rank check makes this rare
            verts = None
    if verts is None:
        keep = [
            j
            for j in range(len(uniq))
            if len(uniq) == 1 or not _in_hull(np.delete(uniq, j, axis=0), uniq[j], 1e-12)
        ]
        verts = uniq[keep]
    pts.flags.writeable = False
    verts = np.array(verts)
    verts.flags.writeable = False
    return FeasiblePayoffs(profiles=pts, vertices=verts, dimension=dim)


def is_sustainable(
    game: RepeatedGame | NormalFormGame, payoffs: ArrayLike, *, tol: float = 1e-9
) -> bool:
    r"""Whether a payoff vector is feasible and strictly individually rational (folk theorem).

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        The repeated game (or its stage game).
    payoffs : array_like, shape (n,)
        Average (normalised discounted) payoff per player.
    tol : float, default 1e-9
        Tolerance of the feasibility test and of the strict inequality.

    Returns
    -------
    bool
        ``True`` iff ``payoffs`` is in the convex hull of pure payoff profiles and exceeds
        every player's minmax value (mixed minmax for two players; for three or more, the
        *pure* minmax, so that the answer is conservative: the true independent-mixing minmax
        is lower).

    Notes
    -----
    **Discount caveat.** The folk theorem (Fudenberg and Maskin 1986) says such payoffs are
    subgame-perfect equilibrium payoffs for every discount factor *above some threshold*
    :math:`\underline\delta < 1`; it does not say the threshold is below the repeated game's
    own discount factors, which this function does not check (use :func:`critical_discount`
    for the threshold of a pure profile with trigger strategies). With three or more players
    the theorem also needs the feasible, individually rational set to be full-dimensional
    (:attr:`FeasiblePayoffs.dimension`), and payoffs that are not those of a pure profile need
    public randomisation or cycles.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> rg = RepeatedGame(pd, 0.9)
    >>> is_sustainable(rg, [3, 3]), is_sustainable(rg, [1, 1]), is_sustainable(rg, [4, 1.5])
    (True, False, True)
    """
    g = _stage(game)
    check_nonnegative("tol", tol)
    x = np.asarray(payoffs, dtype=np.float64) if not isinstance(payoffs, str) else None
    if x is None or x.shape != (g.n_players,) or not np.all(np.isfinite(x)):
        raise fail("payoffs", f"a finite vector of length {g.n_players}", payoffs)
    feasible = feasible_payoffs(g)
    mm = minmax_values(g, mixed=g.n_players == 2)
    scale = 1.0 + float(np.max(np.abs(feasible.profiles)))
    return bool(np.all(x > mm + tol * scale) and feasible.contains(x, tol=tol))


# -- trigger strategies ----------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class TriggerResult(SolverResult):
    r"""Thresholds for sustaining a pure profile with trigger strategies.

    Attributes
    ----------
    profile : tuple of int
        The pure action profile played on path.
    punishment : str
        ``"nash"`` (reversion to the stage equilibrium worst for the deviator), ``"minmax"``
        or ``"profile"`` (an explicit profile, against which the deviator best-responds).
    on_path : tuple
        :math:`u_i`, each player's stage payoff on path.
    deviation : tuple
        :math:`d_i`, the best one-shot deviation payoff (before the cost :math:`\kappa`);
        :math:`u_i` for a player with no other action.
    punishment_payoffs : tuple
        :math:`v_i`, the deviator's stage payoff during the punishment.
    thresholds : tuple
        :math:`\delta_i^*`: player :math:`i` does not deviate iff :math:`\delta_i \ge
        \delta_i^*`; ``1`` when no discount factor below 1 deters it.
    detection : number
        Probability :math:`p` that a deviation is detected.
    deviation_cost : number
        :math:`\kappa`, subtracted from the deviation payoff.
    symbolic : bool
        True when the entries are sympy expressions.
    method : str
        ``"closed_form"``, with where the punishment payoffs came from when a solver
        found them: ``"closed_form_nash"`` (:func:`~dealmodels.nash_equilibria`),
        ``"closed_form_pure_nash"`` (:func:`~dealmodels.pure_nash_equilibria`, more than
        two players), ``"closed_form_minmax_lp"`` (the minmax LP, when mixing lowers a
        minmax value); or ``"symbolic"`` for symbolic games.
    residual : float
        The verification residual of the shared solver core: the largest violation of
        each threshold's defining condition, :math:`|(1 - \delta_i^*) g_i - \delta_i^* p
        L_i|` (indifference) for :math:`0 < \delta_i^* < 1`, :math:`\max(g_i, 0)` for
        :math:`\delta_i^* = 0` and :math:`\max(p L_i, 0)` for :math:`\delta_i^* = 1`, with
        :math:`g_i = d_i - \kappa - u_i`, :math:`L_i = u_i - v_i`; 0 for exact and
        symbolic games.
    """

    profile: tuple[int, ...]
    punishment: str
    on_path: tuple[Any, ...]
    deviation: tuple[Any, ...]
    punishment_payoffs: tuple[Any, ...]
    thresholds: tuple[Any, ...]
    detection: Any
    deviation_cost: Any
    symbolic: bool
    method: str
    residual: float

    @cached_property
    def payoffs(self) -> NDArray[Any]:
        """Each player's payoff on path, :attr:`on_path`, as a read-only array (the
        normalised discounted payoff of the sustained profile); ``object`` dtype unless
        every entry is a float."""
        return frozen_payoffs(
            self.on_path, exact=not all(isinstance(v, float) for v in self.on_path)
        )

    @property
    def threshold(self) -> Any:
        r""":math:`\delta^* = \max_i \delta_i^*`: a common discount factor sustains the profile
        iff it is at least this (float, or a sympy expression for symbolic games)."""
        if self.symbolic:
            import sympy

            return sympy.Max(*self.thresholds)
        return float(max(self.thresholds))

    @property
    def sustainable(self) -> bool:
        """True if some discount factors below 1 sustain the profile (numeric games)."""
        if self.symbolic:
            raise UnsupportedGameError("sustainable needs numeric payoffs: use the condition")
        return bool(max(self.thresholds) < 1)

    def sustained(self, discount: float | Sequence[float]) -> bool:
        """Whether the given discount factor(s) (one, or one per player) sustain the profile."""
        if self.symbolic:
            raise UnsupportedGameError("sustained needs numeric payoffs: use the condition")
        n = len(self.profile)
        ds = list(discount) if isinstance(discount, Sequence) else [discount] * n
        if len(ds) != n:
            raise fail("discount", f"a number or one number per player ({n})", discount)
        for v in ds:
            check_interval("discount", v, low=0.0, high=1.0, high_open=True)
        return all(
            float(t) < 1 and float(d) >= float(t) for d, t in zip(ds, self.thresholds, strict=True)
        )

    def condition(self, discount: str | Parameter = "delta") -> Condition:
        r"""The exact condition :math:`\delta \ge \delta^*` as a :class:`~dealmodels.Condition`.

        Parameters
        ----------
        discount : str or Parameter, default "delta"
            The common discount factor's name (a Parameter on :math:`[0, 1)` is created) or
            a Parameter.
        """
        import sympy

        from dealmodels.symbolic import Condition, Parameter

        if isinstance(discount, str):
            param = Parameter(
                name=discount, low=0.0, high=1.0, high_open=True, description="discount factor"
            )
        elif isinstance(discount, Parameter):
            param = discount
        else:
            raise fail("discount", "a name or a Parameter", discount)
        thr = sympy.Max(*[sympy.sympify(t) for t in self.thresholds])
        expr = sympy.And(param.symbol >= thr, thr < 1)
        return Condition(
            expr,
            [param],
            description=f"trigger strategies sustain profile {self.profile}",
        )


def _decide(rel: Any) -> bool | None:
    """Truth value of a sympy relation under its symbols' assumptions (None if undecided)."""
    import sympy

    r = sympy.simplify(rel) if not isinstance(rel, bool) else rel
    if r is sympy.true or r is True:
        return True
    if r is sympy.false or r is False:
        return False
    return None


def _symbolic_pure_nash(g: NormalFormGame) -> list[tuple[int, ...]]:
    out = []
    undecided = []
    for a in g.pure_profiles():
        ok = True
        for i in range(g.n_players):
            u = g.payoffs[i][a]
            for alt in range(g.shape[i]):
                if alt == a[i]:
                    continue
                b = list(a)
                b[i] = alt
                verdict = _decide(u >= g.payoffs[i][tuple(b)])
                if verdict is None:
                    undecided.append(a)
                    ok = False
                    break
                if not verdict:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            out.append(a)
    if undecided:
        raise UnsupportedGameError(
            "cannot decide from the symbols' assumptions whether profiles "
            f"{sorted(set(undecided))} are stage Nash equilibria; pass punishment=<profile> "
            "or encode orderings as positive gaps (e.g. T = R + a with a > 0)"
        )
    return out


def _nash_punishment_values(g: NormalFormGame) -> list[Any]:
    """For each player, its lowest payoff over the stage game's Nash equilibria."""
    if g.kind == "symbolic":
        import sympy

        profiles = _symbolic_pure_nash(g)
        if not profiles:
            raise NoEquilibriumError(
                "the symbolic stage game has no pure Nash equilibrium to revert to; "
                "use punishment='minmax' or an explicit profile"
            )
        return [sympy.Min(*[g.payoffs[i][a] for a in profiles]) for i in range(g.n_players)]
    from dealmodels.solvers.nash import nash_equilibria, pure_nash_equilibria

    eqs = nash_equilibria(g) if g.n_players == 2 else pure_nash_equilibria(g)
    if not eqs:
        raise NoEquilibriumError(
            f"the {g.n_players}-player stage game has no pure Nash equilibrium to revert to; "
            "use punishment='minmax' or an explicit profile"
        )
    return [min(e.payoffs[i] for e in eqs) for i in range(g.n_players)]


def _profile_punishment_values(g: NormalFormGame, profile: Sequence[int]) -> list[Any]:
    """The deviator's best-response payoff against the others' punishment profile."""
    vals = []
    for i in range(g.n_players):
        alts = []
        for ai in range(g.shape[i]):
            b = list(profile)
            b[i] = ai
            alts.append(g.payoffs[i][tuple(b)])
        if g.kind == "symbolic":
            import sympy

            vals.append(sympy.Max(*alts))
        else:
            vals.append(max(alts))
    return vals


def _check_profile(g: NormalFormGame, profile: object, name: str) -> tuple[int, ...]:
    if isinstance(profile, str) or not isinstance(profile, Sequence | np.ndarray):
        raise fail(name, f"one action index per player within {g.shape}", profile)
    p = list(profile)
    if len(p) != g.n_players or any(
        isinstance(a, bool) or not isinstance(a, int | np.integer) or not 0 <= int(a) < m
        for a, m in zip(p, g.shape, strict=False)
    ):
        raise fail(name, f"one action index per player within {g.shape}", profile)
    return tuple(int(a) for a in p)


def _scalar(name: str, value: object, low: float, high: float) -> Any:
    """A validated number in [low, high], kept exact / symbolic when given so."""
    if is_sympy(value) and getattr(value, "free_symbols", None):
        return value
    check_interval(name, value, low=low, high=high)
    exact = to_fraction(value)
    return exact if exact is not None else float(value)  # type: ignore[arg-type]


def grim_trigger(
    game: NormalFormGame | RepeatedGame,
    profile: Sequence[int],
    punishment: Punishment | Sequence[int] = "nash",
    *,
    detection: Any = 1,
    deviation_cost: Any = 0,
) -> TriggerResult:
    r"""Per-player discount thresholds for sustaining ``profile`` with grim-trigger strategies.

    Parameters
    ----------
    game : NormalFormGame or RepeatedGame
        The stage game (numeric, exact or symbolic).
    profile : sequence of int
        Pure action profile to sustain, one action index per player.
    punishment : {"nash", "minmax"} or sequence of int, default "nash"
        What is played forever after a detected deviation. ``"nash"``: for each deviator, the
        stage Nash equilibrium worst for it (all extreme equilibria for two players, pure
        equilibria for more; pure equilibria decided from the symbols' assumptions for
        symbolic games). Nash reversion is subgame perfect. ``"minmax"``: the others minmax
        the deviator (mixed for two players, pure for more and for symbolic games); not
        credible in general (a Nash, not subgame-perfect, equilibrium of the repeated game).
        A pure profile: the others play it, the deviator best-responds.
    detection : float in [0, 1], default 1
        Probability :math:`p` that a deviation is detected; undetected, play stays on path.
    deviation_cost : float >= 0, default 0
        :math:`\kappa`, a cost the deviator pays on deviating (e.g. a disposition to keep
        promises); subtracted from the deviation payoff.

    Returns
    -------
    TriggerResult

    Raises
    ------
    InvalidParameterError
        For a malformed profile, unknown punishment, detection outside [0, 1] or a negative
        cost.
    NoEquilibriumError
        If ``punishment="nash"`` and a game with three or more players (or a symbolic game)
        has no pure Nash equilibrium.
    UnsupportedGameError
        If a symbolic game's pure equilibria cannot be decided from its symbols' assumptions.

    Notes
    -----
    See the module docstring: :math:`\delta_i^* = g_i / (g_i + p L_i)` with
    :math:`g_i = d_i - \kappa - u_i`, :math:`L_i = u_i - v_i` (0 if :math:`g_i \le 0`; 1 if
    :math:`p L_i \le 0 < g_i`). Symbolic games give a ``Piecewise`` per player.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> from fractions import Fraction
    >>> r = grim_trigger(pd, (0, 0), detection=Fraction(1, 2))
    >>> r.thresholds, r.threshold
    ((Fraction(2, 3), Fraction(2, 3)), 0.6666666666666666)
    >>> r.sustained(0.7), r.sustained((0.9, 0.6))
    (True, False)
    """
    g = _stage(game)
    prof = _check_profile(g, profile, "profile")
    symbolic = g.kind == "symbolic"
    p = _scalar("detection", detection, 0.0, 1.0)
    kappa = _scalar("deviation_cost", deviation_cost, 0.0, math.inf)
    kind: str
    if isinstance(punishment, str):
        if punishment not in ("nash", "minmax"):
            raise fail("punishment", "'nash', 'minmax' or a pure profile", punishment)
        kind = str(punishment)
    else:
        kind = "profile"
        punish_profile = _check_profile(g, punishment, "punishment")
    symbolic = symbolic or any(is_sympy(v) for v in (p, kappa))
    if symbolic:
        import sympy

        p, kappa = sympy.sympify(p), sympy.sympify(kappa)
    elif g.kind == "float":
        p, kappa = float(p), float(kappa)

    source = ""
    if kind == "nash":
        v = _nash_punishment_values(g)
        if g.kind != "symbolic":
            source = "_nash" if g.n_players == 2 else "_pure_nash"
    elif kind == "minmax":
        if g.kind == "symbolic" or g.n_players > 2:
            v = [_pure_minmax_exact(g, i) for i in range(g.n_players)]
        else:
            mm = minmax_values(g, mixed=True)
            pure = [_pure_minmax_exact(g, i) for i in range(g.n_players)]
            # keep exact values when mixing does not help
            v = [
                pv if float(pv) <= m + 1e-12 else float(m) for pv, m in zip(pure, mm, strict=True)
            ]
            if any(float(pv) > m + 1e-12 for pv, m in zip(pure, mm, strict=True)):
                source = "_minmax_lp"
    else:
        v = _profile_punishment_values(g, punish_profile)

    on_path = [g.payoffs[i][prof] for i in range(g.n_players)]
    deviation = []
    for i in range(g.n_players):
        alts = []
        for ai in range(g.shape[i]):
            if ai == prof[i]:
                continue
            b = list(prof)
            b[i] = ai
            alts.append(g.payoffs[i][tuple(b)])
        if not alts:
            deviation.append(on_path[i])
        elif g.kind == "symbolic":
            import sympy

            deviation.append(sympy.Max(*alts))
        else:
            deviation.append(max(alts))

    thresholds = []
    residual = 0.0
    for i in range(g.n_players):
        gain = deviation[i] - kappa - on_path[i]
        loss = on_path[i] - v[i]
        if symbolic:
            import sympy

            t = sympy.Piecewise(
                (0, gain <= 0), (gain / (gain + p * loss), p * loss > 0), (1, True)
            )
            thresholds.append(sympy.piecewise_fold(t))
        else:
            t = trigger_threshold(gain, loss, p)
            thresholds.append(t)
            residual = max(residual, _threshold_violation(gain, loss, p, t))
    return TriggerResult(
        profile=prof,
        punishment=kind,
        on_path=tuple(on_path),
        deviation=tuple(deviation),
        punishment_payoffs=tuple(v),
        thresholds=tuple(thresholds),
        detection=p,
        deviation_cost=kappa,
        symbolic=symbolic,
        method="symbolic" if symbolic else "closed_form" + source,
        residual=residual,
    )


def _threshold_violation(gain: Any, loss: Any, p: Any, t: Any) -> float:
    r"""How far :math:`\delta^* = t` misses its defining condition (see
    :attr:`TriggerResult.residual`); exact inputs give exactly 0."""
    if t == 0:
        r = gain if gain > 0 else 0  # gain = -inf (infinite cost) never deviates
    elif t == 1:
        r = p * loss if p * loss > 0 else 0
    else:
        r = abs((1 - t) * gain - t * p * loss)
    out = float(r)
    return out if out == out else math.inf  # nan (inf - inf) counts as failed


def critical_discount(
    game: NormalFormGame | RepeatedGame,
    profile: Sequence[int],
    punishment: Punishment | Sequence[int] = "nash",
    *,
    detection: Any = 1,
    deviation_cost: Any = 0,
) -> Any:
    r"""Smallest common discount factor at which grim-trigger strategies sustain ``profile``.

    Parameters
    ----------
    game : NormalFormGame or RepeatedGame
        The stage game (numeric, exact or symbolic).
    profile : sequence of int
        Pure action profile to sustain, one action index per player.
    punishment : {"nash", "minmax"} or sequence of int, default "nash"
        What is played forever after a detected deviation (see :func:`grim_trigger`).
    detection : float in [0, 1], default 1
        Probability that a deviation is detected.
    deviation_cost : float >= 0, default 0
        Cost :math:`\kappa` of deviating (promise keeping).

    Returns
    -------
    float or sympy expression
        :math:`\delta^* \in [0, 1]`: ``profile`` is sustained iff the discount factor is at
        least :math:`\delta^*` (and :math:`\delta^* < 1`; ``1.0`` means no discount factor
        below 1 works). A sympy expression for symbolic games or symbolic
        ``detection`` / ``deviation_cost``.

    Notes
    -----
    Player :math:`i` (on-path payoff :math:`u_i`, best deviation :math:`d_i`, punishment
    :math:`v_i`) does not deviate iff
    :math:`u_i \ge (1-\delta)(d_i - \kappa) + \delta (p v_i + (1 - p) u_i)`, so

    .. math:: \delta^* = \max\Big(0, \max_i \frac{d_i - \kappa - u_i}
                                          {d_i - \kappa - u_i + p (u_i - v_i)}\Big).

    For the prisoner's dilemma with Nash reversion this is :math:`(T - R)/(T - P)` [1]_ [2]_.

    References
    ----------
    .. [1] J. W. Friedman, "A non-cooperative equilibrium for supergames", *Review of Economic
       Studies* 38(1):1-12, 1971.
    .. [2] M. J. Osborne, *An Introduction to Game Theory*, Oxford UP, 2004, ch. 14.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> critical_discount(pd, profile=(0, 0))
    0.5
    >>> critical_discount(pd, (0, 0), deviation_cost=1)
    0.3333333333333333
    """
    return grim_trigger(
        game, profile, punishment, detection=detection, deviation_cost=deviation_cost
    ).threshold


def trigger_threshold(gain: Any, loss: Any, detection: Any = 1.0) -> Any:
    r"""The grim-trigger discount threshold from a deviation's gain and the punishment's loss.

    The one rule behind :func:`grim_trigger` and :func:`critical_discount` (one player, one
    profile), elementwise on arrays for the models that need it on many points at once.

    Parameters
    ----------
    gain : float, Fraction or array_like
        :math:`g = d - \kappa - u`: the one-period gain of the best deviation net of its cost.
    loss : float, Fraction or array_like
        :math:`L = u - v`: the per-period loss once punished.
    detection : float, Fraction or array_like, default 1
        Probability :math:`p \in [0, 1]` that a deviation is detected.

    Returns
    -------
    float, Fraction or ndarray
        :math:`\delta^* = 0` if :math:`g \le 0` (also :math:`g = -\infty`),
        :math:`g / (g + pL)` if :math:`pL > 0`, and 1 otherwise (no :math:`\delta < 1`
        works). Exact (int or Fraction) scalars give an exact answer, floats a float,
        arrays an array.

    References
    ----------
    .. [1] J. W. Friedman, "A non-cooperative equilibrium for supergames", *Review of Economic
       Studies* 38(1):1-12, 1971.

    Examples
    --------
    >>> trigger_threshold(2.0, 2.0)  # the prisoner's dilemma (5, 3, 1): (T - R)/(T - P)
    0.5
    >>> from fractions import Fraction
    >>> trigger_threshold(Fraction(2), Fraction(2), Fraction(1, 2))
    Fraction(2, 3)
    >>> trigger_threshold([-1.0, 2.0, 2.0], [2.0, 2.0, 0.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    if (
        isinstance(gain, np.ndarray | list | tuple)
        or isinstance(loss, np.ndarray | list | tuple)
        or isinstance(detection, np.ndarray | list | tuple)
    ):
        from dealmodels._validation import check_real_array

        g = check_real_array("gain", gain)
        lo = check_real_array("loss", loss)
        d = check_real_array("detection", detection)
        check_interval("detection", d, low=0.0, high=1.0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            pl = d * lo
            return np.where(g <= 0, 0.0, np.where(pl > 0, g / np.where(pl > 0, g + pl, 1.0), 1.0))
    if gain <= 0:  # also gain = -inf (an infinite deviation cost): never deviates
        return 0.0 if isinstance(gain, float) else 0 * gain
    if detection * loss > 0:
        return gain / (gain + detection * loss)
    return 1.0 if isinstance(gain, float) else 1 + 0 * gain
