r"""Correlated equilibria of n-player games, by linear programming.

A correlated equilibrium (Aumann [1]_) is a probability distribution :math:`p` over action
profiles such that no player gains by disobeying a recommendation drawn from :math:`p`: for
every player :math:`i` and every pair of actions :math:`a \ne a'` of :math:`i`,

.. math::

    \sum_{s_{-i}} p(a, s_{-i}) \big[ u_i(a', s_{-i}) - u_i(a, s_{-i}) \big] \le 0 .

These :math:`\sum_i m_i (m_i - 1)` incentive constraints, :math:`p \ge 0` and
:math:`\sum_s p(s) = 1` define a polytope, so the correlated equilibria are the feasible set
of a linear programme [2]_. It contains every Nash equilibrium (as the product distribution
:math:`p(s) = \prod_i \sigma_i(s_i)`) and so is never empty. :func:`correlated_equilibrium`
maximises a linear objective :math:`\sum_i w_i \, \mathbb{E}_p[u_i]` over it with scipy's
HiGHS.

References
----------
.. [1] R. J. Aumann, "Subjectivity and correlation in randomized strategies", *Journal of
   Mathematical Economics* 1(1), 1974, 67-96.
.. [2] C. H. Papadimitriou and T. Roughgarden, "Computing correlated equilibria in
   multi-player games", *Journal of the ACM* 55(3), 2008, article 14.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import check_nonnegative, fail
from dealmodels.errors import InvalidParameterError, SolverError, UnsupportedGameError
from dealmodels.games.normal_form import NormalFormGame
from dealmodels.solvers._lp import _highs, _rational_candidates
from dealmodels.solvers._result import SolverResult

__all__ = ["CorrelatedEquilibrium", "correlated_equilibrium", "is_correlated_equilibrium"]


@dataclass(frozen=True, eq=False)
class CorrelatedEquilibrium(SolverResult):
    """A correlated equilibrium that maximises an objective.

    Attributes
    ----------
    distribution : ndarray
        Probability of each action profile, an array of the game's shape (Fractions for
        exact games, float64 otherwise).
    payoffs : ndarray
        Each player's expected payoff under ``distribution``; read-only.
    weights : ndarray
        The objective's weights :math:`w` (float64).
    objective_value : Fraction or float
        :math:`\\sum_i w_i \\cdot` ``payoffs[i]``.
    max_violation : float
        The largest gain from disobeying a recommendation, over all players and action pairs
        (0 when every incentive constraint holds; at most ``tol`` when returned). The same
        number as :attr:`residual`.
    method : str
        ``"linear_program_exact"`` when the LP vertex (HiGHS) was rebuilt and verified in
        rational arithmetic, ``"linear_program"`` for float games (and for an exact game
        whose rebuild failed, with a warning).
    """

    distribution: NDArray[Any]
    payoffs: NDArray[Any]
    weights: NDArray[np.float64]
    objective_value: Any
    max_violation: float
    method: str

    @property
    def residual(self) -> float:
        """The verification residual of the shared solver core: :attr:`max_violation`."""
        return self.max_violation

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """The action profiles with positive probability, in lexicographic order."""
        return tuple(tuple(int(v) for v in s) for s in np.argwhere(self.distribution != 0))


def _incentive_matrix(game: NormalFormGame, payoffs: Sequence[NDArray[Any]]) -> NDArray[Any]:
    """Rows: one incentive constraint (player i, recommended a, deviation a') each.

    ``row @ p.ravel()`` is the gain from playing a' whenever a is recommended; a correlated
    equilibrium makes every row <= 0. Object dtype for exact payoffs.
    """
    shape = game.shape
    size = int(np.prod(shape))
    index = np.arange(size).reshape(shape)
    rows = []
    for i, m in enumerate(shape):
        u = np.moveaxis(payoffs[i], i, 0).reshape(m, -1)
        idx = np.moveaxis(index, i, 0).reshape(m, -1)
        for a in range(m):
            for b in range(m):
                if a == b:
                    continue
                row = np.zeros(size, dtype=u.dtype)
                if u.dtype == object:
                    row[:] = Fraction(0)
                row[idx[a]] = u[b] - u[a]
                rows.append(row)
    if not rows:
        return np.zeros((0, size), dtype=payoffs[0].dtype)
    return np.array(rows, dtype=payoffs[0].dtype)


def _incentive_sparse(shape: tuple[int, ...], payoffs: Sequence[NDArray[np.float64]]) -> Any:
    r""":func:`_incentive_matrix` for float payoffs as a ``scipy.sparse`` CSR matrix.

    Row :math:`(i, a, a')` has nonzeros only on the profiles where player :math:`i` plays
    :math:`a`: :math:`\sum_i (m_i - 1) \prod_j m_j` entries in all, a fraction
    :math:`1/m_i` of the dense matrix. Rows are in the same order as the dense matrix's.
    """
    from scipy.sparse import csr_matrix

    size = int(np.prod(shape))
    index = np.arange(size).reshape(shape)
    data, cols, row_ids = [], [], []
    start = 0
    for i, m in enumerate(shape):
        u = np.moveaxis(payoffs[i], i, 0).reshape(m, -1)
        idx = np.moveaxis(index, i, 0).reshape(m, -1)
        a, b = np.nonzero(~np.eye(m, dtype=bool))  # every (a, a') with a != a', row-major
        data.append((u[b] - u[a]).ravel())
        cols.append(idx[a].ravel())
        row_ids.append(np.repeat(start + np.arange(len(a)), idx.shape[1]))
        start += len(a)
    if start == 0:
        return csr_matrix((0, size))
    return csr_matrix(
        (np.concatenate(data), (np.concatenate(row_ids), np.concatenate(cols))),
        shape=(start, size),
    )


def _as_float(x: Any) -> float:
    try:
        return float(x)
    except OverflowError:  # an exact violation beyond the float range
        return float("inf")


def _max_violation(rows: NDArray[Any], p: NDArray[Any]) -> Any:
    """Largest gain from disobeying (>= 0); only the profiles in ``p``'s support count."""
    support = np.flatnonzero(p != 0)
    if rows.shape[0] == 0 or support.size == 0:
        return 0 * p[0]
    gains = np.dot(rows[:, support], p[support])
    return max(max(gains), 0 * gains[0])


def _weights(game: NormalFormGame, objective: object) -> NDArray[np.float64]:
    n = game.n_players
    if isinstance(objective, str):
        if objective == "welfare":
            return np.ones(n)
        if objective in game.players:
            w = np.zeros(n)
            w[game.players.index(objective)] = 1.0
            return w
        options = ", ".join(repr(o) for o in ("welfare", *game.players))
        raise fail("objective", f"one of {options}, a player index or {n} weights", objective)
    if isinstance(objective, int | np.integer) and not isinstance(objective, bool):
        if not 0 <= int(objective) < n:
            raise fail("objective", f"a player index in [0, {n - 1}]", objective)
        w = np.zeros(n)
        w[int(objective)] = 1.0
        return w
    try:
        w = np.asarray(objective, dtype=np.float64)
    except (TypeError, ValueError):
        raise fail("objective", f"'welfare', a player, or {n} weights", objective) from None
    if w.shape != (n,) or not np.all(np.isfinite(w)):
        raise fail("objective", f"'welfare', a player, or {n} finite weights", objective)
    return w


def correlated_equilibrium(
    game: NormalFormGame,
    objective: str | int | ArrayLike = "welfare",
    *,
    tol: float = 1e-9,
) -> CorrelatedEquilibrium:
    r"""A correlated equilibrium maximising a linear objective, by LP.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; float or exact payoffs.
    objective : "welfare", int, str or array_like of float, default "welfare"
        What to maximise over the set of correlated equilibria:

        * ``"welfare"``: the sum of the players' expected payoffs (utilitarian welfare);
        * an ``int`` :math:`i`, or a player name from ``game.players`` (by default
          ``"player 0"``, ``"player 1"``, ...): player :math:`i`'s expected payoff;
        * a vector :math:`w` of ``n_players`` finite weights: :math:`\sum_i w_i \mathbb{E}_p[u_i]`
          (negative weights minimise that player's payoff).
    tol : float, default 1e-9
        Float games: the largest incentive-constraint violation accepted, scaled by
        :math:`\max(1, \max|u|)`. Exact games are solved and checked exactly.

    Returns
    -------
    CorrelatedEquilibrium
        The distribution over profiles (an array of the game's shape), the payoffs, the
        objective value and the verified largest incentive-constraint violation.

    Raises
    ------
    UnsupportedGameError
        For a symbolic game.
    InvalidParameterError
        For an unknown objective or a negative ``tol``.
    SolverError
        If the LP fails or its solution violates an incentive constraint by more than
        ``tol``.

    Notes
    -----
    The LP (module docstring) has :math:`\prod_i m_i` variables and
    :math:`\sum_i m_i(m_i - 1)` incentive constraints. When several distributions are optimal
    the one returned is the vertex HiGHS finds. For exact games the LP vertex is rebuilt in
    rational arithmetic (its active constraints solved exactly) and verified exactly, so the
    distribution holds Fractions and ``max_violation`` is 0.

    References
    ----------
    .. [1] R. J. Aumann, "Subjectivity and correlation in randomized strategies", *J. Math.
       Econ.* 1(1), 1974, 67-96.

    Examples
    --------
    Chicken (Aumann 1974): the welfare-maximising correlated equilibrium puts 1/2 on
    (swerve, swerve) and 1/4 on each profile where one player swerves, for 21/4 each,
    more than any Nash equilibrium's total of 9:

    >>> chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> ce = correlated_equilibrium(chicken)
    >>> ce.distribution.tolist()
    [[Fraction(1, 2), Fraction(1, 4)], [Fraction(1, 4), Fraction(0, 1)]]
    >>> ce.payoffs.tolist(), ce.max_violation
    ([Fraction(21, 4), Fraction(21, 4)], 0.0)
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got game={game!r}")
    if game.kind == "symbolic":
        raise UnsupportedGameError(
            "correlated_equilibrium needs numeric payoffs; substitute values with subs() first"
        )
    weights = _weights(game, objective)
    check_nonnegative("tol", tol)
    exact = game.is_exact
    shape = game.shape
    size = int(np.prod(shape))
    from dealmodels.solvers._scale import pow2_unit

    # each player's payoffs over 2**e_i near its largest |u| for its incentive rows (a
    # positive multiple of a row is the same constraint), and over the common 2**e_max for
    # the objective (which weighs players against each other): no overflow near 1.7e308 or
    # for exact 10**400, no underflow at 1e-300; tol is relative to each player's scale
    scaled = [pow2_unit(p) for p in game.payoffs]
    e_max = max(e for _, e in scaled)
    units = [u for u, _ in scaled]
    common = [np.ldexp(u, e - e_max) for u, e in scaled]
    row_exp = np.concatenate(
        [np.full(m * (m - 1), e, dtype=np.int64) for m, (_, e) in zip(shape, scaled, strict=True)]
    )
    scale = 2.0  # the largest |u| of every player, in its units, is in [1, 2)
    rows_f = _incentive_sparse(shape, units)
    total_f = sum(w * p for w, p in zip(weights, common, strict=True)).ravel()
    x = _highs(
        -np.asarray(total_f, dtype=np.float64),
        A_ub=rows_f if rows_f.shape[0] else None,
        b_ub=np.zeros(rows_f.shape[0]) if rows_f.shape[0] else None,
        A_eq=np.ones((1, size)),
        b_eq=np.ones(1),
    )
    if x is None:  # pragma: no cover - every game has a Nash, hence a correlated, equilibrium
        raise SolverError("the correlated-equilibrium LP is infeasible")
    x = np.clip(x, 0.0, None)
    x /= x.sum()
    best = float(total_f @ x)

    dist: NDArray[Any] = x
    rows: Any = rows_f
    if exact:
        rows_e = _incentive_matrix(game, game.payoffs)
        minus_rows_e = _incentive_matrix(game, [-p for p in game.payoffs])
        total_e = np.array([Fraction(0)] * size, dtype=object)
        for w, pay in zip(weights, game.payoffs, strict=True):
            total_e = total_e + pay.ravel() * Fraction(float(w))
        found = None
        for cand in _rational_candidates(
            x,
            eq=[[Fraction(1)] * size],
            eq_rhs=[Fraction(1)],
            ge=minus_rows_e,
            ge_rhs=[Fraction(0)] * rows_e.shape[0],
            ge_float=-rows_f.toarray(),
        ):
            if any(v < 0 for v in cand) or sum(cand) != 1:
                continue
            if _max_violation(rows_e, cand) > 0:
                continue
            if float(np.dot(total_e, cand) / Fraction(2) ** e_max) < best - 1e-9 * scale:
                continue
            found = cand
            break
        if found is not None:
            dist, rows = found, rows_e
        else:  # pragma: no cover - not observed; keep the float answer
            import warnings

            from dealmodels.errors import DegenerateGameWarning

            warnings.warn(
                "no exact correlated equilibrium verified; returning the floating-point one",
                DegenerateGameWarning,
                stacklevel=2,
            )
            exact = False
    if exact:
        violation = _as_float(_max_violation(rows, dist))
        relative = 0.0 if violation == 0 else float("inf")
    else:  # sparse rows: one matrix-vector product, in each player's units
        gains = np.maximum(rows @ dist, 0.0)
        relative = float(gains.max(initial=0.0))
        with np.errstate(over="ignore"):
            violation = float(np.ldexp(gains, row_exp).max(initial=0.0))
    if relative > float(tol) * scale:
        raise SolverError(
            f"correlated_equilibrium: an incentive constraint is violated by {violation:.3g}, "
            f"{relative / 2:.3g} of the player's largest |u| > tol={float(tol):g}"
        )
    used = game.payoffs if exact else [p.astype(np.float64) for p in game.payoffs]
    payoffs = np.array([np.dot(p.ravel(), dist) for p in used], dtype=object if exact else float)
    if exact:
        value: Any = sum(
            (Fraction(w) * v for w, v in zip(weights, payoffs, strict=True)), Fraction(0)
        )
    else:
        value = float(weights @ payoffs)
    distribution = np.asarray(dist).reshape(shape).copy()
    for arr in (distribution, payoffs):
        arr.flags.writeable = False
    weights.flags.writeable = False
    return CorrelatedEquilibrium(
        distribution=distribution,
        payoffs=payoffs,
        weights=weights,
        objective_value=value,
        max_violation=violation,
        method="linear_program_exact" if exact else "linear_program",
    )


def is_correlated_equilibrium(
    game: NormalFormGame, distribution: ArrayLike, tol: float = 1e-9
) -> bool:
    r"""Whether ``distribution`` over action profiles is a correlated equilibrium of ``game``.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; float or exact payoffs.
    distribution : array_like
        Probabilities of the action profiles, of the game's shape, non-negative and summing
        to 1 (Fractions are checked exactly against an exact game).
    tol : float, default 1e-9
        The largest incentive-constraint violation accepted (absolute, in payoff units).

    Returns
    -------
    bool
        True iff every incentive constraint (module docstring) holds within ``tol``.

    Raises
    ------
    InvalidParameterError
        If ``distribution`` has the wrong shape or is not a probability distribution.

    Examples
    --------
    Aumann's (1974) correlated equilibrium of chicken: a fair draw among (swerve, swerve),
    (swerve, dare) and (dare, swerve):

    >>> chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> is_correlated_equilibrium(chicken, [[1 / 3, 1 / 3], [1 / 3, 0]])
    True
    >>> is_correlated_equilibrium(chicken, [[1, 0], [0, 0]])
    False
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"game must be a NormalFormGame; got game={game!r}")
    if game.kind == "symbolic":
        raise UnsupportedGameError(
            "is_correlated_equilibrium needs numeric payoffs; use subs() first"
        )
    check_nonnegative("tol", tol)
    raw = np.asarray(distribution)
    if raw.shape != game.shape:
        raise fail("distribution", f"an array of the game's shape {game.shape}", distribution)
    exact = game.is_exact and all(
        isinstance(v, Fraction | int | np.integer) and not isinstance(v, bool) for v in raw.flat
    )
    if exact:
        p: NDArray[Any] = np.array(
            [Fraction(int(v)) if not isinstance(v, Fraction) else v for v in raw.flat],
            dtype=object,
        )
        if any(v < 0 for v in p) or sum(p) != 1:
            raise fail("distribution", "a probability distribution (>= 0, sum 1)", distribution)
        rows = _incentive_matrix(game, game.payoffs)
    else:
        try:
            p = raw.astype(np.float64).ravel()
        except (TypeError, ValueError):
            raise fail("distribution", "an array of probabilities", distribution) from None
        if not np.all(np.isfinite(p)) or np.any(p < -1e-12) or abs(p.sum() - 1.0) > 1e-9:
            raise fail("distribution", "a probability distribution (>= 0, sum 1)", distribution)
        rows = _incentive_matrix(game, [a.astype(np.float64) for a in game.payoffs])
    return bool(_max_violation(rows, p) <= tol)
