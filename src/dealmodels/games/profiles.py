r"""Mixed strategy profiles of normal-form games: validation, expected payoffs, regret.

A profile :math:`\sigma = (\sigma_1, \dots, \sigma_n)` gives each player a probability
vector over its actions. Player :math:`i`'s expected payoff is the multilinear form

.. math:: U_i(\sigma) = \sum_{a} u_i[a] \prod_j \sigma_j(a_j),

the value of its pure action :math:`a_i` against the others is :math:`U_i(a_i, \sigma_{-i})`,
and its regret is :math:`\max_{a_i} U_i(a_i, \sigma_{-i}) - U_i(\sigma) \ge 0` (zero for
every player exactly at a Nash equilibrium; Osborne and Rubinstein 1994, ch. 3).
``NormalFormGame.expected_payoffs`` and the solvers share these kernels.

Exact games evaluated at exact strategies (Fractions) give exact results; anything float
gives float64.

References
----------
.. [1] M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press, 1994, ch. 3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from dealmodels._validation import fail
from dealmodels.errors import InvalidGameError

if TYPE_CHECKING:
    from dealmodels.games.normal_form import NormalFormGame

__all__ = ["PROB_TOL", "SUM_TOL", "action_values", "as_profile", "expected_payoffs", "regrets"]

#: Slack allowed below 0 for a float probability (round-off of a solver's output).
PROB_TOL = 1e-9
#: Slack allowed in the sum of a float probability vector (|sum - 1|).
SUM_TOL = 1e-6


def _is_exact_vector(v: np.ndarray) -> bool:
    return v.dtype == object and all(isinstance(x, Fraction | int) for x in v.flat)


def as_profile(
    game: NormalFormGame, strategies: Sequence[ArrayLike], *, name: str = "strategies"
) -> tuple[np.ndarray, ...]:
    """Validate a mixed strategy profile for ``game``; exact vectors stay exact.

    Each entry is either a probability vector of the player's length or an ``int`` (a pure
    action, converted to a unit vector).
    """
    if game.kind == "symbolic":
        raise InvalidGameError("a symbolic game has no numeric payoffs: use subs() first")
    if (
        isinstance(strategies, str | bytes | Mapping)
        or not hasattr(strategies, "__len__")
        or not hasattr(strategies, "__getitem__")
    ):
        raise fail(name, f"a sequence of one strategy per player ({game.n_players})", strategies)
    if len(strategies) != game.n_players:
        raise fail(name, f"one strategy per player ({game.n_players})", strategies)
    out = []
    for i, (s, m) in enumerate(zip(strategies, game.shape, strict=True)):
        label = f"{name}[{i}]"
        if isinstance(s, int | np.integer) and not isinstance(s, bool):
            if not 0 <= int(s) < m:
                raise fail(label, f"an action index in [0, {m - 1}]", s)
            v = np.zeros(m, dtype=object if game.is_exact else np.float64)
            if game.is_exact:
                v[:] = Fraction(0)
                v[int(s)] = Fraction(1)
            else:
                v[int(s)] = 1.0
            out.append(v)
            continue
        if isinstance(s, bool | np.bool_) or s is None or isinstance(s, str | bytes | Mapping):
            raise fail(label, f"a probability vector of length {m} or an action index", s)
        try:
            arr = np.asarray(s)
        except ValueError:  # ragged
            raise fail(label, f"a probability vector of length {m}", s) from None
        if arr.shape != (m,):
            raise fail(label, f"a probability vector of length {m}", s)
        if arr.dtype == object and all(isinstance(x, Fraction | int) for x in arr.flat):
            exact = np.array([Fraction(x) for x in arr.flat], dtype=object)
            if any(x < 0 for x in exact) or sum(exact) != 1:
                raise fail(label, "a probability vector (>= 0, summing to 1)", s)
            out.append(exact if game.is_exact else exact.astype(np.float64))
            continue
        if arr.dtype.kind in "bcUSV" or (
            arr.dtype == object
            and any(isinstance(x, bool | complex | str | bytes | np.bool_) for x in arr.flat)
        ):
            raise fail(label, "a probability vector of real numbers", s)
        try:
            f = arr.astype(np.float64)
        except (TypeError, ValueError, OverflowError):
            raise fail(label, "a probability vector of real numbers", s) from None
        if np.isnan(f).any():
            raise fail(label, "a probability vector of numbers (not NaN)", s)
        if not np.all(np.isfinite(f)) or np.any(f < -PROB_TOL):
            raise fail(label, f"a probability vector with entries in [-{PROB_TOL:g}, 1]", s)
        if abs(f.sum() - 1.0) > SUM_TOL:
            raise fail(label, f"a probability vector summing to 1 (within {SUM_TOL:g})", s)
        out.append(f)
    if game.is_exact and not all(_is_exact_vector(v) for v in out):
        out = [v.astype(np.float64) for v in out]
    return tuple(out)


def _contract_except(payoff: np.ndarray, profile: Sequence[np.ndarray], keep: int) -> np.ndarray:
    """Contract ``payoff`` with every strategy but player ``keep``'s: a vector over its actions."""
    t = np.moveaxis(payoff, keep, 0)
    others = [s for j, s in enumerate(profile) if j != keep]
    # contract the trailing axes one by one (last first keeps axes aligned)
    for s in reversed(others):
        t = t @ s if t.dtype != object or s.dtype != object else np.dot(t, s)
    return np.asarray(t)


def _payoff_arrays(game: NormalFormGame, profile: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    exact = all(v.dtype == object for v in profile)
    if exact and game.is_exact:
        return game.payoffs
    return tuple(np.asarray(a, dtype=np.float64) for a in game.payoffs)


def action_values(game: NormalFormGame, profile: Sequence[np.ndarray], player: int) -> np.ndarray:
    """Expected payoff of each pure action of ``player`` against the others' strategies."""
    return _contract_except(_payoff_arrays(game, profile)[player], profile, player)


def expected_payoffs(game: NormalFormGame, profile: Sequence[np.ndarray]) -> np.ndarray:
    """Expected payoff of every player under ``profile``."""
    vals = [
        action_values(game, profile, i) @ profile[i]
        if profile[i].dtype != object
        else np.dot(action_values(game, profile, i), profile[i])
        for i in range(game.n_players)
    ]
    if all(v.dtype == object for v in profile) and game.is_exact:
        return np.array(vals, dtype=object)
    return np.array(vals, dtype=np.float64)


def regrets(game: NormalFormGame, profile: Sequence[np.ndarray]) -> list[Any]:
    """Each player's gain from its best pure deviation (>= 0)."""
    out = []
    for i in range(game.n_players):
        v = action_values(game, profile, i)
        current = np.dot(v, profile[i])
        out.append(max(v.max() - current, 0 * current))
    return out
