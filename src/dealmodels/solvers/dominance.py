r"""Iterated elimination of dominated strategies, for any number of players.

Let :math:`S_{-i}` be the surviving action profiles of player :math:`i`'s opponents. An
action :math:`a` of player :math:`i` is

* **strictly dominated** by a mixed strategy :math:`\sigma` (with :math:`\sigma_a = 0`) if
  :math:`\sum_b \sigma_b u_i(b, s) > u_i(a, s)` for every :math:`s \in S_{-i}`;
* **weakly dominated** by :math:`\sigma` if :math:`\sum_b \sigma_b u_i(b, s) \ge u_i(a, s)`
  for every :math:`s \in S_{-i}`, with strict inequality for at least one :math:`s`.

Dominance by a pure strategy is the case of a unit vector :math:`\sigma`. Dominance by a
mixture is decided by a linear programme (solved with scipy's HiGHS):

.. math::

    \text{strict:}\quad \max_{\sigma, \varepsilon} \varepsilon \quad\text{s.t.}\quad
    \sum_b \sigma_b u_i(b, s) - u_i(a, s) \ge \varepsilon \;\; \forall s,\quad
    \sigma \in \Delta,

    \text{weak:}\quad \max_{\sigma} \sum_s \Big(\sum_b \sigma_b u_i(b, s) - u_i(a, s)\Big)
    \quad\text{s.t.}\quad \sum_b \sigma_b u_i(b, s) \ge u_i(a, s) \;\; \forall s,\quad
    \sigma \in \Delta;

:math:`a` is strictly dominated iff the first optimum is positive, weakly dominated iff the
second programme is feasible with a positive optimum [1]_, [2]_.

Iterated elimination removes dominated actions one at a time until none is left. For strict
dominance the surviving set does not depend on the order of removal [2]_; for weak dominance it
does (and questions about its outcome are NP-hard [3]_), so :func:`iterated_elimination` uses
one fixed, documented order (see its Notes).

References
----------
.. [1] M. J. Osborne, *An Introduction to Game Theory*, Oxford UP, 2004, sections 2.9 and 4.4.
.. [2] M. Maschler, E. Solan and S. Zamir, *Game Theory*, Cambridge UP, 2013, ch. 4.
.. [3] I. Gilboa, E. Kalai and E. Zemel, "The complexity of eliminating dominated
   strategies", *Mathematics of Operations Research* 18(3), 1993, 553-565.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_nonnegative
from dealmodels.errors import InvalidParameterError, UnsupportedGameError
from dealmodels.games.normal_form import NormalFormGame
from dealmodels.solvers._lp import _highs, _rational_candidates
from dealmodels.solvers._result import SolverResult, frozen_payoffs

__all__ = ["EliminationResult", "EliminationStep", "iterated_elimination"]


# HiGHS tolerances used by every LP in dealmodels.solvers.{dominance,commitment,correlated}.
def _normalised(v: NDArray[Any]) -> NDArray[Any] | None:
    """Clip an exact vector at zero and rescale it to sum 1 (None if it is all zero)."""
    w = np.array([max(Fraction(a), Fraction(0)) for a in v], dtype=object)
    total = sum(w, Fraction(0))
    if total == 0:
        return None
    return np.array([a / total for a in w], dtype=object)


# -- results --------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class EliminationStep:
    """One removal: ``player``'s ``action`` was dominated by the mixture ``dominated_by``.

    Attributes
    ----------
    player : int
        Index of the player.
    action : int
        The removed action, in the original game's indexing.
    dominated_by : ndarray
        A dominating mixed strategy over the player's actions in the original indexing (zero
        on the removed action and on actions removed earlier). Exact games give
        :class:`~fractions.Fraction` entries, float games float64.
    """

    player: int
    action: int
    dominated_by: NDArray[Any]

    @property
    def is_pure(self) -> bool:
        """True when a single pure action dominates."""
        return sum(1 for v in self.dominated_by if v != 0) == 1

    def __repr__(self) -> str:
        mix = {k: v for k, v in enumerate(self.dominated_by) if v != 0}
        by = (
            next(iter(mix))
            if len(mix) == 1
            else "{" + ", ".join(f"{k}: {v}" for k, v in mix.items()) + "}"
        )
        return f"EliminationStep(player={self.player}, action={self.action}, dominated_by={by})"


@dataclass(frozen=True, eq=False)
class EliminationResult(SolverResult):
    """Outcome of :func:`iterated_elimination`.

    Attributes
    ----------
    game : NormalFormGame
        The reduced game (surviving actions only, labels and player names kept).
    surviving : tuple of tuple of int
        Surviving action indices of each player, in the original game's indexing.
    steps : tuple of EliminationStep
        The removals, in the order they were made.
    strict : bool
        True for strict dominance, False for weak dominance.
    method : str
        ``"iterated_strict_dominance"`` or ``"iterated_weak_dominance"``, followed by
        ``"_mixed_lp"`` when some removal needed a mixture (found by an LP) and
        ``"_exact"`` for exact games.
    residual : float
        The verification residual of the shared solver core: the largest amount by which
        a removed action beats the mixture recorded as dominating it, at some opponent
        profile that survived when it was removed, in the game's payoff units (0 for
        strict dominance and for exact games; at most ``tol`` times the player's payoff
        scale for weak dominance of float games).
    """

    game: NormalFormGame
    surviving: tuple[tuple[int, ...], ...]
    steps: tuple[EliminationStep, ...]
    strict: bool
    method: str
    residual: float

    @cached_property
    def payoffs(self) -> NDArray[Any]:
        """Each player's payoff at the surviving profile when the game is dominance
        solvable (:attr:`is_solvable`; ``object`` dtype for exact games); otherwise no
        profile is selected and every entry is ``nan``. Read-only."""
        if not self.is_solvable:
            return frozen_payoffs([np.nan] * len(self.surviving), exact=False)
        exact = self.game.is_exact
        return frozen_payoffs([p.flat[0] for p in self.game.payoffs], exact=exact)

    @property
    def is_solvable(self) -> bool:
        """True when exactly one action of each player survives (dominance solvable)."""
        return all(len(s) == 1 for s in self.surviving)


# -- kernels --------------------------------------------------------------------------------------
def _margins(u: NDArray[Any], a: int, sigma: NDArray[Any], others: Sequence[int]) -> NDArray[Any]:
    """Payoff of the mixture minus that of ``a`` at every surviving opponent profile.

    ``u`` has the player's actions on axis 0 and the opponents' surviving profiles flattened
    on axis 1; ``sigma`` is indexed like ``others``.
    """
    mixed = np.dot(sigma, u[list(others)])
    return np.asarray(mixed - u[a])


def _dominates(margins: NDArray[Any], strict: bool, tol: float) -> bool:
    if margins.dtype == object:
        if strict:
            return all(m > 0 for m in margins)
        return all(m >= 0 for m in margins) and any(m > 0 for m in margins)
    if strict:
        return bool(np.min(margins) > tol)
    return bool(np.min(margins) >= -tol and np.max(margins) > tol)


def _find_dominator(
    u: NDArray[Any],
    a: int,
    alive: Sequence[int],
    strict: bool,
    tol: float,
    exact: bool,
    uf: NDArray[np.float64],
) -> NDArray[Any] | None:
    """A dominating mixture over ``alive`` (indexed like ``alive``), or None.

    ``uf`` is ``u`` in float64 divided by a power of two near the player's largest
    ``|u|`` (``u`` itself for float games), so the LP never sees payoffs that overflow or
    underflow; ``tol`` is in those units.
    """
    others = [b for b in alive if b != a]
    if not others:
        return None
    # pure dominance: lowest index first
    for k, b in enumerate(others):
        diff = np.asarray(u[b] - u[a])
        if _dominates(diff, strict, tol):
            sigma = np.zeros(len(others), dtype=object if exact else np.float64)
            if exact:
                sigma[:] = Fraction(0)
                sigma[k] = Fraction(1)
            else:
                sigma[k] = 1.0
            return sigma
    if len(others) < 2:
        return None
    # a best response (strictly, for weak dominance) to some profile cannot be dominated
    best_other = np.max(uf[others], axis=0)
    ua = uf[a]
    if strict and np.any(ua >= best_other - tol):
        return None
    if not strict and np.any(ua > best_other + tol):
        return None
    diffs = uf[others] - uf[a]  # (k, S): margin of each other action at each profile
    k, s = diffs.shape
    if strict:
        # variables (sigma_1..sigma_k, eps); maximise eps
        c = np.zeros(k + 1)
        c[-1] = -1.0
        a_ub = np.hstack([-diffs.T, np.ones((s, 1))])
        b_ub = np.zeros(s)
        a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
        bounds: list[tuple[float | None, float | None]] = [(0.0, None)] * k + [(None, None)]
        x = _highs(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=np.ones(1), bounds=bounds)
        if x is None or x[-1] <= tol:
            return None
        sig_f = x[:k]
    else:
        c = -diffs.sum(axis=1)
        x = _highs(c, A_ub=-diffs.T, b_ub=np.zeros(s), A_eq=np.ones((1, k)), b_eq=np.ones(1))
        if x is None or -float(c @ x) <= tol:
            return None
        sig_f = x
    if not exact:
        sig = np.clip(sig_f, 0.0, None)
        sig = sig / sig.sum()
        return sig if _dominates(_margins(uf, a, sig, others), strict, tol) else None
    # exact game: find an exact rational mixture and verify it exactly
    d_exact = [[u[b][j] - u[a][j] for b in others] for j in range(s)]
    one = [[Fraction(1)] * k]
    for cand in _rational_candidates(
        sig_f, eq=one, eq_rhs=[Fraction(1)], ge=d_exact, ge_rhs=[Fraction(0)] * s
    ):
        sig_e = _normalised(cand)
        if sig_e is not None and _dominates(_margins(u, a, sig_e, others), strict, tol):
            return sig_e
    import warnings

    from dealmodels.errors import DegenerateGameWarning

    warnings.warn(
        f"the LP finds action {a} dominated by a mixture, but no exact rational mixture "
        "was verified; the action is kept",
        DegenerateGameWarning,
        stacklevel=4,
    )
    return None


def _player_matrix(
    game: NormalFormGame, player: int, alive: Sequence[Sequence[int]], payoff: Any = None
) -> Any:
    """Player's payoffs on the surviving subgame: actions (all) x opponents' profiles."""
    idx = [
        list(alive[j]) if j != player else list(range(game.shape[player]))
        for j in range(game.n_players)
    ]
    sub = (game.payoffs[player] if payoff is None else payoff)[np.ix_(*idx)]
    return np.moveaxis(sub, player, 0).reshape(game.shape[player], -1)


def iterated_elimination(
    game: NormalFormGame, strict: bool = True, *, tol: float = 1e-9
) -> EliminationResult:
    r"""Iteratively remove actions dominated by pure or mixed strategies.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; float or exact payoffs (symbolic games need ``subs`` first).
    strict : bool, default True
        True removes strictly dominated actions; False removes weakly dominated ones.
    tol : float, default 1e-9
        Float games only: a margin counts as positive when it exceeds ``tol`` times
        :math:`\max(1, \max|u|)`, and as non-negative when it is at least minus that.
        Exact games compare exactly and ignore ``tol``.

    Returns
    -------
    EliminationResult
        The reduced game, the surviving action indices (original indexing) and the
        sequence of removals with their dominating mixtures.

    Raises
    ------
    UnsupportedGameError
        For a symbolic game.
    InvalidParameterError
        For a negative ``tol`` or a non-boolean ``strict``.

    Notes
    -----
    Order of removal: sweeps over the players in index order; within a player, over the
    surviving actions in increasing index. Each action is tested for dominance by a pure
    surviving action (the lowest-index dominating action is recorded), then, if the player
    has at least three surviving actions, by a mixture (the LP in the module docstring).
    A dominated action is removed at once, before the next action is tested; sweeps repeat
    until one removes nothing. With ``strict=True`` the result is independent of this order;
    with ``strict=False`` it may depend on it (weak elimination is order dependent [1]_).

    Exact games: pure dominance is decided exactly; for mixtures the LP runs in floating
    point and the dominating mixture is then rebuilt exactly as a vector of Fractions (by
    solving the LP's active constraints exactly, or rounding) and verified exactly. If no
    exact mixture verifies (not observed in practice), the action is kept and a
    :class:`~dealmodels.errors.DegenerateGameWarning` is issued.

    References
    ----------
    .. [1] M. J. Osborne, *An Introduction to Game Theory*, Oxford UP, 2004, section 2.9
       and exercise 4.4 (order dependence of weak elimination).

    Examples
    --------
    The bottom row is dominated by no pure action, only by the 50/50 mixture of the other
    two (Gibbons 1992, *A Primer in Game Theory*, section 1.3.A):

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]])
    >>> res = iterated_elimination(g)
    >>> res.surviving
    ((0, 1), (0, 1))
    >>> res.steps[0]
    EliminationStep(player=0, action=2, dominated_by={0: 1/2, 1: 1/2})
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got game={game!r}")
    if not isinstance(strict, bool | np.bool_):
        raise InvalidParameterError(f"strict must be True or False; got strict={strict!r}")
    check_nonnegative("tol", tol)
    if game.kind == "symbolic":
        raise UnsupportedGameError(
            "iterated_elimination needs numeric payoffs; substitute values with subs() first"
        )
    exact = game.is_exact
    strict = bool(strict)
    from dealmodels.solvers._scale import pow2_unit

    # each player's payoffs over a power of two near its largest |u| (in [1, 2)): the
    # tolerance is relative to that scale, and nothing overflows (1.7e308, exact 10**400)
    # or underflows (1e-300) in the LPs; dominance is invariant to this rescaling
    scaled = [pow2_unit(p) for p in game.payoffs]
    units = [u for u, _ in scaled]
    eff_tol = float(tol)
    residual = 0.0
    alive: list[list[int]] = [list(range(m)) for m in game.shape]
    steps: list[EliminationStep] = []
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            for a in list(alive[i]):
                if len(alive[i]) == 1:
                    break
                uf = _player_matrix(game, i, alive, units[i])
                u = _player_matrix(game, i, alive) if exact else uf
                sigma = _find_dominator(u, a, alive[i], strict, eff_tol, exact, uf)
                if sigma is None:
                    continue
                if not exact:  # the certificate's worst margin, back in the game's units
                    worst = -float(np.min(_margins(uf, a, sigma, [b for b in alive[i] if b != a])))
                    residual = max(residual, float(np.ldexp(max(worst, 0.0), scaled[i][1])))
                full = np.zeros(game.shape[i], dtype=object if exact else np.float64)
                if exact:
                    full[:] = Fraction(0)
                for b, w in zip([b for b in alive[i] if b != a], sigma, strict=True):
                    full[b] = w
                full.flags.writeable = False
                steps.append(EliminationStep(player=i, action=a, dominated_by=full))
                alive[i].remove(a)
                changed = True
    surviving = tuple(tuple(s) for s in alive)
    payoffs = [p[np.ix_(*alive)] for p in game.payoffs]
    labels = [[game.actions[i][a] for a in s] for i, s in enumerate(surviving)]
    reduced = NormalFormGame(payoffs, players=game.players, actions=labels)
    method = f"iterated_{'strict' if strict else 'weak'}_dominance"
    if any(not step.is_pure for step in steps):
        method += "_mixed_lp"
    if exact:
        method += "_exact"
    return EliminationResult(
        game=reduced,
        surviving=surviving,
        steps=tuple(steps),
        strict=strict,
        method=method,
        residual=residual,
    )
