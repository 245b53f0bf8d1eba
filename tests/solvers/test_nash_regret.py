"""Tests for is_nash and regret in dealmodels.solvers.nash: relative to the payoff range,
no overflow at the float limit or beyond it (exact payoffs)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels import NormalFormGame, is_nash, nash_equilibria, regret
from dealmodels.errors import InvalidParameterError
from dealmodels.strategies import bimatrix_games

# Osborne (2004), fig. 15.1 style prisoner's dilemma: (D, D) is the only equilibrium
PD_A = np.array([[3.0, 0.0], [5.0, 1.0]])
PD_B = PD_A.T


@pytest.mark.parametrize("scale", [1e-300, 1e-12, 1.0, 1e12, 1e300])
def test_prisoners_dilemma_at_any_scale(scale: float) -> None:
    # an absolute tolerance of 1e-9 made (C, C) an equilibrium of the PD scaled by 1e-12
    pd = NormalFormGame.from_bimatrix(PD_A * scale, PD_B * scale)
    assert not is_nash(pd, [0, 0])
    assert not is_nash(pd, [[0.5, 0.5], [0.5, 0.5]])
    assert is_nash(pd, [1, 1])
    # C -> D gains 2 of a range of 5
    assert regret(pd, [0, 0], relative=True) == pytest.approx(0.4)
    assert regret(pd, [0, 0]) == pytest.approx(2 * scale)


def test_payoffs_at_the_float_limit() -> None:
    big = 1.7e308
    mp = NormalFormGame.from_bimatrix([[big, -big], [-big, big]])
    assert is_nash(mp, [[0.5, 0.5], [0.5, 0.5]])
    assert not is_nash(mp, [0, 0])
    assert regret(mp, [0, 0], relative=True) == pytest.approx(1.0)
    assert regret(mp, [0, 0]) == np.inf  # the gain 3.4e308 exceeds the float range
    assert regret(mp, [[0.5, 0.5], [0.5, 0.5]]) == 0.0


def test_exact_payoffs_beyond_the_float_limit() -> None:
    n = 10**400
    coord = NormalFormGame.from_bimatrix([[n, 0], [0, n]], [[n, 0], [0, n]])
    half = [Fraction(1, 2), Fraction(1, 2)]
    assert is_nash(coord, [0, 0], tol=0)
    assert is_nash(coord, [half, half], tol=0)
    assert not is_nash(coord, [0, 1])
    assert is_nash(coord, [[0.5, 0.5], [0.5, 0.5]])  # float strategies on an exact game
    assert regret(coord, [0, 1], relative=True) == 1.0
    assert regret(coord, [0, 1]) == np.inf
    assert regret(coord, [0, 0]) == 0.0


def test_constant_game_has_no_regret() -> None:
    g = NormalFormGame.from_bimatrix([[2.0, 2.0], [2.0, 2.0]], [[0.0, 0.0], [0.0, 0.0]])
    assert regret(g, [0, 1], relative=True) == 0.0
    assert is_nash(g, [0, 1], tol=0)


@given(
    game=bimatrix_games(max_actions=3),
    scale=st.sampled_from([1e-200, 1e-9, 1.0, 1e9, 1e200]),
    shift=st.sampled_from([-1e3, 0.0, 7.0]),
)
def test_is_nash_is_invariant_to_rescaling(
    game: NormalFormGame, scale: float, shift: float
) -> None:
    eqs = nash_equilibria(game.as_float())
    a, b = (np.asarray(p, dtype=float) for p in game.payoffs)
    moved = NormalFormGame.from_bimatrix((a + shift) * scale, (b - shift) * scale)
    for eq in eqs:
        assert is_nash(moved, eq.strategies, tol=1e-7)
        r = regret(game, eq.strategies, relative=True)
        assert regret(moved, eq.strategies, relative=True) == pytest.approx(r, abs=1e-7)


@pytest.mark.parametrize(
    ("call", "kwargs", "match"),
    [
        (regret, {"relative": 1}, "relative must be True or False"),
        (is_nash, {"tol": "0.1"}, "tol"),
        (is_nash, {"tol": float("nan")}, "tol"),
    ],
)
def test_bad_input(call: object, kwargs: dict[str, object], match: str) -> None:
    pd = NormalFormGame.from_bimatrix(PD_A, PD_B)
    with pytest.raises(InvalidParameterError, match=match):
        call(pd, [0, 0], **kwargs)  # type: ignore[operator]


def test_is_nash_ignores_rounding_for_a_player_with_constant_payoffs() -> None:
    # found by hypothesis: after shifting by 1000 and scaling by 1e-200 the column player's
    # payoffs are all 1e-197; its mixed expectation rounds to a "gain" of 1e-213 that a
    # payoff range of 0 turned into "not an equilibrium"
    a = np.array([[0.0, 0, 0], [0, 0, 0], [1, 0, -3]])
    moved = NormalFormGame.from_bimatrix((a - 1000) * 1e-200, np.full((3, 3), 1000 * 1e-200))
    mixed = [[1.0, 0.0, 0.0], [0.75, 0.0, 0.24999999999999992]]  # as the float solver gives
    assert is_nash(moved, mixed, tol=1e-7)
    assert is_nash(moved, [[0.0, 1.0, 0.0], [0.75, 0.0, 0.25]], tol=1e-7)  # rows tie
    # a real deviation is still refused: the row player gains by moving to row 0
    assert not is_nash(moved, [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]], tol=1e-7)


def test_pure_equilibria_tolerance_is_relative_to_the_payoff_range() -> None:
    # found by hypothesis: every payoff 0 but one of 2.2e-16; an absolute tol of 1e-9 made
    # all 16 profiles pure equilibria, where support enumeration (and the definition) has
    # the fourth player strictly prefer the action worth 2.2e-16
    from dealmodels import pure_nash_equilibria

    zeros = np.zeros((2, 2, 2, 2))
    last = zeros.copy()
    last[1, 1, 1, 1] = 2.220446049250313e-16
    game = NormalFormGame([zeros, zeros, zeros, last])
    pure = {e.support for e in pure_nash_equilibria(game)}
    assert ((1,), (1,), (1,), (0,)) not in pure  # player 3 gains 2.2e-16 by moving
    assert len(pure) == 15
    # the prisoner's dilemma scaled by 1e-12 keeps its one pure equilibrium
    pd = NormalFormGame.from_bimatrix(np.array(PD_A) * 1e-12, np.array(PD_B) * 1e-12)
    assert [e.support for e in pure_nash_equilibria(pd)] == [((1,), (1,))]
