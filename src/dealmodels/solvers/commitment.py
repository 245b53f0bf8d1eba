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

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_int, check_nonnegative
from dealmodels.errors import InvalidParameterError, SolverError, UnsupportedGameError
from dealmodels.games.normal_form import NormalFormGame
from dealmodels.solvers._lp import _highs, _rational_candidates

__all__ = ["CommitmentResult", "stackelberg"]


@dataclass(frozen=True, eq=False)
class CommitmentResult:
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
        ``leader_strategy`` (0 for exact games; at most ``tol`` when returned).
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


def _exact_commitment(
    x_f: NDArray[np.float64], lead: NDArray[Any], foll: NDArray[Any], j: int
) -> NDArray[Any] | None:
    """An exact commitment near ``x_f`` that makes ``j`` a best response and is as good."""
    m, n = foll.shape
    ge = [[foll[i, j] - foll[i, k] for i in range(m)] for k in range(n) if k != j]
    target = float(x_f @ lead[:, j].astype(np.float64))
    for cand in _rational_candidates(
        x_f, eq=[[Fraction(1)] * m], eq_rhs=[Fraction(1)], ge=ge, ge_rhs=[Fraction(0)] * len(ge)
    ):
        if any(v < 0 for v in cand) or sum(cand) != 1:
            continue
        fv = np.dot(cand, foll)
        if max(fv) != fv[j]:
            continue
        if float(np.dot(cand, lead[:, j])) >= target - 1e-9 * max(1.0, abs(target)):
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
        Float games: tolerance, scaled by :math:`\max(1, \max|u|)`, on the follower's
        best-response check and on ties. Exact games are solved exactly and ignore it.

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
    LP :math:`j` is worth at most :math:`\max_i L_{ij}`, so the LPs are solved in
    decreasing order of that bound and the loop stops once the bound of every remaining
    action is below the best value found (less the tie window of the selection:
    :math:`10^{-12}` times the payoff scale, :math:`10^{-7}` for exact games, whose near-ties
    are rebuilt exactly); the answer and its tie-breaking are those of solving all
    :math:`n`.
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
    scale = max(1.0, float(np.max(np.abs(a.astype(np.float64)))), float(np.max(np.abs(b))))
    eff_tol: float = 0 if exact else float(tol) * scale  # int 0 keeps Fractions exact
    lf = lead.astype(np.float64)
    ff = foll.astype(np.float64)
    m, n = lf.shape

    solved: list[tuple[float, int, NDArray[np.float64]]] = []
    # LP j is worth at most max_i L[i, j]: solve in decreasing order of that bound and stop
    # once no remaining action can come within the exact path's window of the incumbent
    # (every action that could tie or be rebuilt exactly is still solved)
    bounds = lf.max(axis=0)
    window = (1e-7 if exact else 1e-12) * scale  # the windows of the selection below
    incumbent = -np.inf
    ones = np.ones((1, m))
    for j in np.lexsort((np.arange(n), -bounds)).tolist():
        if bounds[j] < incumbent - window:
            break
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
    _, j, strategy_f = next(s for s in solved if s[0] >= top - 1e-12 * scale)
    strategy: NDArray[Any] = strategy_f
    if exact:
        # rebuild each (near-)optimal LP vertex exactly; keep the exact best (lowest j on ties)
        candidates = []
        for value, jj, x in solved:
            if value < top - 1e-7 * scale:
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
            eff_tol = float(tol) * scale

    lead_used = lead if exact else lf
    foll_used = foll if exact else ff
    fvals = np.dot(strategy, foll_used)
    regret = float(max(fvals) - fvals[j])
    if regret > eff_tol:
        raise SolverError(
            f"stackelberg: the follower's action {j} is not a best response "
            f"(regret {regret:.3g} > tol {eff_tol:.3g})"
        )
    leader_value = np.dot(strategy, lead_used[:, j])
    follower_value = fvals[j]
    pi, pj, pv, pfv = _pure_commitment(lead_used, foll_used, eff_tol)
    if leader_value < pv - eff_tol:
        raise SolverError(
            f"stackelberg: mixed commitment value {leader_value} is below the pure "
            f"commitment value {pv}"
        )
    if not exact:
        leader_value, follower_value = float(leader_value), float(follower_value)
        pv, pfv = float(pv), float(pfv)
        strategy = np.asarray(strategy, dtype=np.float64)
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
    )
