r"""Commitment (Stackelberg, leadership) equilibria of two-player games.

The leader commits to a mixed strategy :math:`x \in \Delta^{m-1}`; the follower observes
:math:`x` and plays a pure best response :math:`j \in \arg\max_{j'} x^\top F_{\cdot j'}`,
breaking ties in the leader's favour (the **strong Stackelberg equilibrium**, SSE). With
:math:`L` the leader's and :math:`F` the follower's payoff matrix (leader's actions on rows),
the leader's commitment value is

.. math::

    V = \max_{j} \; \max_{x \in \Delta} \big\{ x^\top L_{\cdot j} \;:\;
        x^\top F_{\cdot j} \ge x^\top F_{\cdot j'} \;\; \forall j' \big\},

a maximum over :math:`n` linear programmes, one per follower action (Conitzer and Sandholm
[1]_, "multiple LPs"); infeasible LPs (actions that are never a best response) are skipped.
The leader gains from commitment: :math:`V` is at least the leader's payoff in every Nash
and every correlated equilibrium of the simultaneous game (von Stengel and Zamir [2]_).
The **pure-commitment** value restricts :math:`x` to pure strategies.

References
----------
.. [1] V. Conitzer and T. Sandholm, "Computing the optimal strategy to commit to",
   *Proc. 7th ACM Conference on Electronic Commerce (EC'06)*, 2006, 82-90.
.. [2] B. von Stengel and S. Zamir, "Leadership games with convex strategy sets",
   *Games and Economic Behavior* 69(2), 2010, 446-457.
.. [3] R. Avenhaus, B. von Stengel and S. Zamir, "Inspection games", in *Handbook of Game
   Theory with Economic Applications*, vol. 3, ch. 51, Elsevier, 2002 (inspector leadership).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_int, check_nonnegative
from dealmodels.errors import InvalidParameterError, SolverError, UnsupportedGameError
from dealmodels.games.normal_form import NormalFormGame
from dealmodels.solvers._lp import _highs, _rational_candidates
from dealmodels.solvers._result import SolverResult, frozen_payoffs

__all__ = ["CommitmentResult", "stackelberg"]


@dataclass(frozen=True, eq=False)
class CommitmentResult(SolverResult):
    """A strong Stackelberg equilibrium and the best pure commitment.

    Attributes
    ----------
    leader : int
        Index of the leader (0 or 1); the follower is ``1 - leader``.
    leader_strategy : ndarray
        The leader's optimal mixed commitment :math:`x`, over the leader's actions
        (:class:`~fractions.Fraction` entries for exact games, float64 otherwise).
    follower_action : int
        The follower's best response to ``leader_strategy`` (ties broken for the leader).
    leader_value, follower_value : Fraction or float
        Both players' expected payoffs at (``leader_strategy``, ``follower_action``).
    pure_leader_action : int
        The leader's best pure commitment.
    pure_follower_action : int
        The follower's best response to it (ties broken for the leader).
    pure_leader_value, pure_follower_value : Fraction or float
        Payoffs at (``pure_leader_action``, ``pure_follower_action``).
    follower_regret : float
        The follower's largest gain from deviating from ``follower_action`` against
        ``leader_strategy`` (0 for exact games; at most ``tol`` when returned). The same
        number as :attr:`residual`.
    method : str
        ``"multiple_lps_exact"`` when the LP vertex (one LP per follower action, solved by
        HiGHS) was rebuilt and checked in rational arithmetic, ``"multiple_lps"`` for float
        games (and for an exact game whose rebuild failed, with a warning).
    """

    leader: int
    leader_strategy: NDArray[Any]
    follower_action: int
    leader_value: Any
    follower_value: Any
    pure_leader_action: int
    pure_follower_action: int
    pure_leader_value: Any
    pure_follower_value: Any
    follower_regret: float
    method: str

    @cached_property
    def payoffs(self) -> NDArray[Any]:
        """Both players' payoffs at the commitment, by player index: ``payoffs[leader]`` is
        ``leader_value``, ``payoffs[follower]`` is ``follower_value``; read-only."""
        pair = (self.leader_value, self.follower_value)
        return frozen_payoffs(
            pair if self.leader == 0 else pair[::-1],
            exact=not isinstance(self.leader_value, float),
        )

    @property
    def residual(self) -> float:
        """The verification residual of the shared solver core: :attr:`follower_regret`."""
        return self.follower_regret

    @property
    def follower(self) -> int:
        """Index of the follower."""
        return 1 - self.leader

    @property
    def commitment_gain(self) -> Any:
        """How much mixing adds for the leader: ``leader_value - pure_leader_value`` (>= 0)."""
        return self.leader_value - self.pure_leader_value


def _pure_commitment(
    lead: NDArray[Any], foll: NDArray[Any], tol: float
) -> tuple[int, int, Any, Any]:
    """Best pure commitment: (leader action, follower action, leader value, follower value)."""
    if lead.dtype != object:  # the same rule, vectorised
        responses = foll >= foll.max(axis=1, keepdims=True) - tol
        masked = np.where(responses, lead, -np.inf)
        js = masked.argmax(axis=1)  # first maximum: the lowest index among equal values
        values = masked[np.arange(len(js)), js]
        best_i = 0
        for i in range(1, len(values)):
            if values[i] > values[best_i] + tol:
                best_i = i
        bj = int(js[best_i])
        return best_i, bj, lead[best_i, bj], foll[best_i, bj]
    options = []
    for i in range(lead.shape[0]):
        row = foll[i]
        top = max(row)
        responses = [j for j in range(len(row)) if row[j] >= top - tol]
        j = max(responses, key=lambda k: (lead[i, k], -k))
        options.append((i, j, lead[i, j], foll[i, j]))
    best = options[0]
    for opt in options[1:]:
        if opt[2] > best[2] + tol:  # lowest index among (near-)ties
            best = opt
    return best


_BOUND_SLACK = 1e-9
"""Slack (in units of the payoff scale) of the relaxed bounds and of the stopping rule: more
than HiGHS's feasibility error (1e-10), so no LP that could tie the incumbent is skipped."""

_BOUND_ROUNDS = 4


def _normalised(matrix: NDArray[Any]) -> tuple[NDArray[np.float64], int]:
    r"""``(matrix / 2**e, e)`` in float64, with :math:`2^e \le \max|M| < 2^{e+1}` (``e = 0``
    for a zero matrix): the largest entry is in :math:`[1, 2)`.

    Dividing by a power of two is exact (short of underflow far below the scale), so the
    LPs of a game and of the same game times :math:`c > 0` are the same LPs up to the
    rounding of the payoffs themselves, from :math:`10^{-300}` to :math:`10^{300}`; exact
    payoffs are divided exactly before they are rounded, so no Fraction overflows a float.
    """
    from dealmodels.solvers._scale import pow2_unit

    return pow2_unit(matrix)


def _relaxed_bound(lead: NDArray[np.float64], foll: NDArray[np.float64], j: int) -> float:
    r"""An upper bound on LP :math:`j` (the leader's best value when the follower plays ``j``).

    LP :math:`j` maximises :math:`x^\top L_{\cdot j}` over
    :math:`\{x \in \Delta : x^\top (F_{\cdot j} - F_{\cdot k}) \ge 0 \ \forall k\}`;
    keeping one constraint :math:`k` relaxes it to an LP over the simplex cut by one
    half-space, whose optimum is a vertex of that cut simplex: a pure :math:`e_i` with
    :math:`d_i \ge 0` or the point of an edge :math:`(i, l)` with :math:`d_i > 0 > d_l`
    where :math:`d^\top x = 0`, worth
    :math:`(L_{ij}(-d_l) + L_{lj} d_i) / (d_i - d_l)` (:math:`d = F_{\cdot j} - F_{\cdot k}`,
    loosened by the slack ``_BOUND_SLACK``). Every such optimum is a valid upper bound, so
    their minimum is. The constraints kept are those a cutting-plane method would add:
    starting from the pure strategy :math:`\arg\max_i L_{ij}`, the follower's best response
    :math:`k \ne j` to the current relaxation's optimum, for up to ``_BOUND_ROUNDS`` rounds,
    stopping once that optimum makes :math:`j` a best response (then the bound is LP
    :math:`j`'s value). Each round costs :math:`O(m^2)`, much less than an LP. Returns
    ``-inf`` when a relaxation is infeasible (then so is LP :math:`j`).
    """
    col = lead[:, j]
    bound = float(col.max())
    support, weights = [int(np.argmax(col))], [1.0]
    seen: set[int] = set()
    for _ in range(_BOUND_ROUNDS):
        fv = weights[0] * foll[support[0]]
        if len(support) == 2:
            fv = fv + weights[1] * foll[support[1]]
        own = fv[j]
        fv[j] = -np.inf
        k = int(np.argmax(fv))
        if fv[k] <= own or k in seen:  # j is a best response: the bound is attained
            break
        seen.add(k)
        d = foll[:, j] - foll[:, k] + _BOUND_SLACK
        ok = np.flatnonzero(d >= 0)
        if len(ok) == 0:
            return -np.inf
        best_i = int(ok[np.argmax(col[ok])])
        value = float(col[best_i])
        support, weights = [best_i], [1.0]
        pos, neg = np.flatnonzero(d > 0), np.flatnonzero(d < 0)
        if len(pos) and len(neg):
            dp, dn = d[pos][:, None], d[neg][None, :]
            edge = (col[pos][:, None] * -dn + col[neg][None, :] * dp) / (dp - dn)
            flat = int(np.argmax(edge))
            r, c = divmod(flat, len(neg))
            if edge[r, c] > value:
                value = float(edge[r, c])
                p, q = int(pos[r]), int(neg[c])
                w = float(-d[q] / (d[p] - d[q]))
                support, weights = [p, q], [w, 1.0 - w]
        bound = min(bound, value)
    return bound


def _exact_commitment(
    x_f: NDArray[np.float64], lead: NDArray[Any], foll: NDArray[Any], j: int
) -> NDArray[Any] | None:
    """An exact commitment near ``x_f`` that makes ``j`` a best response and is as good."""
    m, n = foll.shape
    ge = [[foll[i, j] - foll[i, k] for i in range(m)] for k in range(n) if k != j]
    # in exact arithmetic: the payoffs may not fit in a float (10**400)
    target = sum(
        (Fraction(float(v)) * Fraction(u) for v, u in zip(x_f, lead[:, j], strict=True)),
        Fraction(0),
    )
    slack = Fraction(1e-9) * max((abs(Fraction(v)) for v in lead.flat), default=Fraction(0))
    for cand in _rational_candidates(
        x_f, eq=[[Fraction(1)] * m], eq_rhs=[Fraction(1)], ge=ge, ge_rhs=[Fraction(0)] * len(ge)
    ):
        if any(v < 0 for v in cand) or sum(cand) != 1:
            continue
        fv = np.dot(cand, foll)
        if max(fv) != fv[j]:
            continue
        if np.dot(cand, lead[:, j]) >= target - slack:
            return cand
    return None


def stackelberg(game: NormalFormGame, leader: int = 0, *, tol: float = 1e-9) -> CommitmentResult:
    r"""Strong Stackelberg equilibrium (optimal mixed commitment) of a two-player game.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game, float or exact.
    leader : {0, 1}, default 0
        The player who commits.
    tol : float, default 1e-9
        Float games: tolerance on the follower's best-response check and on the ties of the
        pure commitment, relative to each player's payoff scale (the largest power of two not
        above its largest :math:`|u|`). Exact games are solved exactly and ignore it.

    Returns
    -------
    CommitmentResult
        The leader's optimal commitment, the follower's response, both values, and the best
        pure commitment. Verified before it is returned: the follower's action is a best
        response (exactly for exact games, within ``tol`` otherwise) and the mixed value is
        at least the pure one.

    Raises
    ------
    UnsupportedGameError
        If the game does not have exactly two players or is symbolic.
    InvalidParameterError
        If ``leader`` is not 0 or 1, or ``tol`` is negative.
    SolverError
        If the result fails verification.

    Notes
    -----
    One LP per follower action :math:`j` (Conitzer and Sandholm [1]_):

    .. math::

        \max_{x \ge 0} x^\top L_{\cdot j} \quad\text{s.t.}\quad
        x^\top (F_{\cdot j'} - F_{\cdot j}) \le 0 \;\; \forall j' \ne j,
        \quad \sum_i x_i = 1,

    solved with scipy's HiGHS; the answer is the best feasible LP (ties: lowest :math:`j`).
    Each player's payoffs are first divided by a power of two near their largest
    :math:`|u|` (exactly), so HiGHS sees entries in :math:`(-2, 2)` whatever the scale
    (:math:`10^{-300}` to :math:`10^{300}`), and a game times :math:`c > 0` has the answer
    times :math:`c`. Only LPs that can win are solved: LP :math:`j` is worth at most
    :math:`\max_i L_{ij}`, and at most the optimum of a few relaxations that keep one
    follower constraint each (closed form, :math:`O(m^2)` each), so
    the LPs are taken best bound first and the loop stops once no remaining bound comes
    within the tie window of the best value found (:math:`10^{-12}` of the leader's payoff
    scale, :math:`10^{-7}` for exact games, whose near-ties are rebuilt exactly) plus
    HiGHS's feasibility error; the answer and its tie-breaking are those of solving all
    :math:`n`. Differences below about :math:`10^{-10}` of the payoff scale are below what
    the float LPs resolve (HiGHS's feasibility tolerance; it also ignores matrix entries
    below :math:`10^{-9}` of the largest): pass exact payoffs to resolve them.
    For exact games the LP vertex is then rebuilt exactly (by solving its active constraints
    in rational arithmetic) and checked exactly; if that ever fails the float solution is
    returned with a :class:`~dealmodels.errors.DegenerateGameWarning`.

    References
    ----------
    .. [1] V. Conitzer and T. Sandholm, "Computing the optimal strategy to commit to",
       EC'06, 2006, 82-90.
    .. [2] B. von Stengel and S. Zamir, "Leadership games with convex strategy sets",
       *Games and Economic Behavior* 69(2), 2010, 446-457.

    Examples
    --------
    In this game (von Stengel and Zamir 2010) the leader's top row strictly dominates, so
    the only Nash equilibrium pays the leader 2; committing to (1/2, 1/2) makes the
    follower (breaking the tie for the leader) play the right column, which pays 7/2:

    >>> g = NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]])
    >>> res = stackelberg(g)
    >>> [str(p) for p in res.leader_strategy], res.follower_action, res.leader_value
    (['1/2', '1/2'], 1, Fraction(7, 2))
    >>> res.pure_leader_action, res.pure_leader_value
    (1, Fraction(3, 1))
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got game={game!r}")
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"stackelberg needs a two-player game; got a game with {game.n_players} players"
        )
    if game.kind == "symbolic":
        raise UnsupportedGameError(
            "stackelberg needs numeric payoffs; substitute values with subs() first"
        )
    leader = check_int("leader", leader, low=0, high=1)
    check_nonnegative("tol", tol)
    a, b = game.payoffs
    lead, foll = (a, b) if leader == 0 else (b.T, a.T)
    exact = game.is_exact
    # every LP, bound, window and tolerance works on payoffs divided by a power of two near
    # each player's largest |payoff| (exact, no overflow): HiGHS sees entries in (-2, 2)
    lf, _ = _normalised(lead)
    ff, e_foll = _normalised(foll)
    m = lf.shape[0]

    solved: list[tuple[float, int, NDArray[np.float64]]] = []
    window = 1e-7 if exact else 1e-12  # the tie windows of the selection below
    # best first over the follower actions: each starts with the bound max_i L[i, j] and is
    # tightened once (single-constraint relaxations) before its LP is solved; stop once no
    # remaining bound can come within the window of the incumbent (plus the LP's own
    # feasibility error, so every action that could tie is still solved)
    stop_margin = window + _BOUND_SLACK
    heap = [(-float(v), j, False) for j, v in enumerate(lf.max(axis=0).tolist())]
    heapq.heapify(heap)
    incumbent = -np.inf
    ones = np.ones((1, m))
    while heap:
        neg_bound, j, tightened = heapq.heappop(heap)
        if -neg_bound < incumbent - stop_margin:
            break
        if not tightened:
            heapq.heappush(heap, (-_relaxed_bound(lf, ff, j), j, True))
            continue
        a_ub = np.delete(ff.T - ff[:, j], j, axis=0)  # row j': x.(F_j' - F_j) <= 0
        x = _highs(
            -lf[:, j],
            A_ub=a_ub if a_ub.size else None,
            b_ub=np.zeros(a_ub.shape[0]) if a_ub.size else None,
            A_eq=ones,
            b_eq=np.ones(1),
        )
        if x is not None:
            x = np.clip(x, 0.0, None)
            x /= x.sum()
            value = float(x @ lf[:, j])
            solved.append((value, j, x))
            incumbent = max(incumbent, value)
    if not solved:  # pragma: no cover - some action is always a best response
        raise SolverError("no follower action is a best response to any commitment")
    solved.sort(key=lambda item: item[1])  # ties go to the lowest follower action
    top = max(v for v, _, _ in solved)
    _, j, strategy_f = next(s for s in solved if s[0] >= top - window)
    strategy: NDArray[Any] = strategy_f
    if exact:
        # rebuild each (near-)optimal LP vertex exactly; keep the exact best (lowest j on ties)
        candidates = []
        for value, jj, x in solved:
            if value < top - window:
                continue
            xe = _exact_commitment(x, lead, foll, jj)
            if xe is not None:
                candidates.append((np.dot(xe, lead[:, jj]), -jj, xe))
        if candidates:
            _, neg_j, strategy = max(candidates, key=lambda c: (c[0], c[1]))
            j = -neg_j
        else:  # pragma: no cover - not observed; keep the float answer
            import warnings

            from dealmodels.errors import DegenerateGameWarning

            warnings.warn(
                "no exact commitment verified; returning the floating-point solution",
                DegenerateGameWarning,
                stacklevel=2,
            )
            exact = False

    if exact:
        fvals = np.dot(strategy, foll)
        regret = float(max(fvals) - fvals[j])
        if regret > 0:  # pragma: no cover - _exact_commitment checked it
            raise SolverError(f"stackelberg: the follower's action {j} is not a best response")
        leader_value: Any = np.dot(strategy, lead[:, j])
        follower_value: Any = fvals[j]
        pi, pj, pv, pfv = _pure_commitment(lead, foll, 0)
        if leader_value < pv:  # pragma: no cover - the LP optimum includes every pure one
            raise SolverError(
                f"stackelberg: mixed commitment value {leader_value} is below the pure "
                f"commitment value {pv}"
            )
    else:
        strategy = np.asarray(strategy, dtype=np.float64)
        fvals = strategy @ ff
        regret_n = float(fvals.max() - fvals[j])
        regret = float(np.ldexp(regret_n, e_foll))
        if regret_n > tol:
            raise SolverError(
                f"stackelberg: the follower's action {j} is not a best response "
                f"(regret {regret:.3g} > tol {tol:g} times the follower's payoff scale "
                f"{float(np.ldexp(1.0, e_foll)):.3g})"
            )
        pi, pj, _, _ = _pure_commitment(lf, ff, tol)
        if float(strategy @ lf[:, j]) < float(lf[pi, pj]) - tol:
            raise SolverError(
                f"stackelberg: mixed commitment value {float(strategy @ lf[:, j])} is below "
                f"the pure commitment value {float(lf[pi, pj])} (in units of the leader's "
                f"payoff scale)"
            )
        lead_f, foll_f = lead.astype(np.float64), foll.astype(np.float64)
        leader_value = float(strategy @ lead_f[:, j])
        follower_value = float(strategy @ foll_f[:, j])
        pv, pfv = float(lead_f[pi, pj]), float(foll_f[pi, pj])
    strategy = strategy.copy()
    strategy.flags.writeable = False
    return CommitmentResult(
        leader=leader,
        leader_strategy=strategy,
        follower_action=int(j),
        leader_value=leader_value,
        follower_value=follower_value,
        pure_leader_action=int(pi),
        pure_follower_action=int(pj),
        pure_leader_value=pv,
        pure_follower_value=pfv,
        follower_regret=regret,
        method="multiple_lps_exact" if exact else "multiple_lps",
    )
