"""Tests for dealmodels.solvers.correlated: correlated equilibria by LP."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels import NormalFormGame
from dealmodels.errors import InvalidParameterError, UnsupportedGameError
from dealmodels.solvers.correlated import (
    CorrelatedEquilibrium,
    correlated_equilibrium,
    is_correlated_equilibrium,
)
from dealmodels.strategies import bimatrix_games, normal_form_games
from tests.known_games import KNOWN_BIMATRIX, KnownCase

# Chicken as in Aumann (1974), section 8 (rows/columns: swerve, dare). Nash equilibria:
# (dare, swerve), (swerve, dare) and the mixed one with dare prob. 1/3, worth 14/3 each.
CHICKEN = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
F = Fraction


def test_chicken_welfare_maximum() -> None:
    # Worked by hand from the four incentive constraints
    #   p_ss <= 2 p_sd,  p_ds >= 2 p_dd  (row player),  p_ss <= 2 p_ds,  p_sd >= 2 p_dd (column):
    # welfare 12 p_ss + 9 (p_sd + p_ds) is maximal at p_dd = 0, p_sd = p_ds = 1/4, p_ss = 1/2,
    # giving 21/4 each (more than Aumann's 1/3-1/3-1/3 device, worth 5 each).
    ce = correlated_equilibrium(CHICKEN)
    assert isinstance(ce, CorrelatedEquilibrium)
    assert ce.distribution.tolist() == [[F(1, 2), F(1, 4)], [F(1, 4), 0]]
    assert ce.payoffs.tolist() == [F(21, 4), F(21, 4)]
    assert ce.objective_value == F(21, 2)
    assert ce.max_violation == 0.0
    assert ce.support == ((0, 0), (0, 1), (1, 0))


def test_chicken_float_game() -> None:
    ce = correlated_equilibrium(CHICKEN.as_float())
    assert ce.distribution == pytest.approx(np.array([[0.5, 0.25], [0.25, 0.0]]), abs=1e-9)
    assert ce.objective_value == pytest.approx(10.5)
    assert ce.max_violation <= 1e-9


def test_aumann_device_is_correlated_equilibrium() -> None:
    assert is_correlated_equilibrium(CHICKEN, [[F(1, 3), F(1, 3)], [F(1, 3), 0]], tol=0)
    assert is_correlated_equilibrium(CHICKEN.as_float(), [[1 / 3, 1 / 3], [1 / 3, 0]])
    # all mass on (swerve, swerve) is not: each player would rather dare
    assert not is_correlated_equilibrium(CHICKEN, [[1, 0], [0, 0]])
    # 0.6 on (swerve, swerve) and 0.2 on each asymmetric profile violates p_ss <= 2 p_sd
    assert not is_correlated_equilibrium(CHICKEN, [[F(3, 5), F(1, 5)], [F(1, 5), 0]], tol=0)


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        (0, [[0, 0], [1, 0]]),  # best for the row player: the pure NE (dare, swerve)
        ("player 1", [[0, 1], [0, 0]]),
        ([1, 0], [[0, 0], [1, 0]]),
        (np.array([0.0, 1.0]), [[0, 1], [0, 0]]),
    ],
)
def test_chicken_player_objectives(objective: Any, expected: list[list[int]]) -> None:
    ce = correlated_equilibrium(CHICKEN, objective)
    assert ce.distribution.tolist() == expected


def test_negative_weights_minimise() -> None:
    # Minimising welfare 12 - 3 p_sd - 3 p_ds - 12 p_dd (worked by hand) under the incentive
    # constraints gives p_dd = 1/5, p_sd = p_ds = 2/5: welfare 36/5, below every Nash
    # equilibrium's (9, 9 and 28/3).
    ce = correlated_equilibrium(CHICKEN, [-1, -1])
    assert sum(ce.payoffs) == F(36, 5)
    assert ce.objective_value == F(-36, 5)
    assert ce.distribution.tolist() == [[0, F(2, 5)], [F(2, 5), F(1, 5)]]


def test_named_players() -> None:
    game = NormalFormGame.from_bimatrix(
        CHICKEN.payoffs[0], CHICKEN.payoffs[1], players=("AI", "developer")
    )
    assert correlated_equilibrium(game, "developer").distribution.tolist() == [[0, 1], [0, 0]]


def test_three_player_game() -> None:
    # Three-player matching game: each player gets 1 if all choose the same action. Any mix of
    # the two coordinated profiles is a correlated equilibrium; welfare 3.
    same = np.zeros((2, 2, 2), dtype=int)
    same[0, 0, 0] = same[1, 1, 1] = 1
    ce = correlated_equilibrium(NormalFormGame([same, same, same]))
    assert ce.objective_value == 3
    assert set(ce.support) <= {(0, 0, 0), (1, 1, 1)}
    assert ce.distribution.shape == (2, 2, 2)


# -- properties ----------------------------------------------------------------------------------
@given(game=bimatrix_games(max_actions=4))
def test_every_nash_equilibrium_is_correlated(game: NormalFormGame) -> None:
    # the product distribution of a Nash equilibrium is a correlated equilibrium (exactly,
    # for exact games), so the welfare maximum is at least every equilibrium's welfare
    best = correlated_equilibrium(game)
    tol: float = 0 if game.is_exact else 1e-7  # int 0 keeps Fractions exact
    for eq in dm.nash_equilibria(game):
        x, y = eq.strategies
        assert is_correlated_equilibrium(game, np.outer(x, y), tol=tol)
        assert best.objective_value >= sum(eq.payoffs) - tol


@given(game=normal_form_games(max_players=3, max_actions=3, exact=True), data=st.data())
def test_solution_is_verified_and_optimal(game: NormalFormGame, data: Any) -> None:
    weights = data.draw(
        st.lists(st.integers(-3, 3), min_size=game.n_players, max_size=game.n_players)
    )
    ce = correlated_equilibrium(game, weights)
    assert ce.distribution.shape == game.shape
    assert all(isinstance(v, Fraction) for v in ce.distribution.flat)
    assert sum(ce.distribution.flat) == 1
    assert is_correlated_equilibrium(game, ce.distribution, tol=0)
    # every pure Nash equilibrium is a correlated equilibrium, so none can beat the optimum
    for profile in game.pure_profiles():
        dist = np.zeros(game.shape, dtype=int)
        dist[profile] = 1
        if is_correlated_equilibrium(game, dist, tol=0):
            value = sum(w * u for w, u in zip(weights, game.payoff_profile(profile), strict=True))
            assert ce.objective_value >= value
    num = correlated_equilibrium(game.as_float(), weights)
    assert num.objective_value == pytest.approx(float(ce.objective_value), abs=1e-7)


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("func", "kwargs", "match"),
    [
        (correlated_equilibrium, {"game": "chicken"}, "game"),
        (correlated_equilibrium, {"game": CHICKEN, "objective": "utilitarian"}, "objective"),
        (correlated_equilibrium, {"game": CHICKEN, "objective": 2}, "objective"),
        (correlated_equilibrium, {"game": CHICKEN, "objective": [1, 2, 3]}, "objective"),
        (correlated_equilibrium, {"game": CHICKEN, "objective": [1, float("inf")]}, "objective"),
        (correlated_equilibrium, {"game": CHICKEN, "objective": True}, "objective"),
        (correlated_equilibrium, {"game": CHICKEN, "tol": -1}, "tol"),
        (is_correlated_equilibrium, {"game": CHICKEN, "distribution": [0.5, 0.5]}, "distribution"),
        (
            is_correlated_equilibrium,
            {"game": CHICKEN, "distribution": [[0.5, 0.5], [0.5, 0]]},
            "distribution",
        ),
        (
            is_correlated_equilibrium,
            {"game": CHICKEN, "distribution": [[1.5, -0.5], [0, 0]]},
            "distribution",
        ),
        (
            is_correlated_equilibrium,
            {"game": CHICKEN, "distribution": [[F(1, 2), F(1, 3)], [0, 0]]},
            "distribution",
        ),
        (
            is_correlated_equilibrium,
            {"game": CHICKEN, "distribution": [[1, 0], [0, 0]], "tol": -1},
            "tol",
        ),
    ],
)
def test_bad_input(func: Any, kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        func(**kwargs)


def test_symbolic_unsupported() -> None:
    import sympy

    game = NormalFormGame.from_bimatrix([[sympy.Symbol("w"), 0], [1, 1]], [[1, 0], [0, 1]])
    with pytest.raises(UnsupportedGameError, match="subs"):
        correlated_equilibrium(game)
    with pytest.raises(UnsupportedGameError, match="subs"):
        is_correlated_equilibrium(game, [[1, 0], [0, 0]])


# -- the cited games of tests/known_games.py -----------------------------------------------------
@pytest.mark.parametrize("case", KNOWN_BIMATRIX, ids=lambda c: c.id)
def test_known_games_nash_equilibria_are_correlated(case: KnownCase) -> None:
    best = correlated_equilibrium(case.game)
    a, b = case.game.payoffs
    for x, y in case.expected:
        dist = np.outer(np.array(x, dtype=object), np.array(y, dtype=object))
        assert is_correlated_equilibrium(case.game, dist, tol=0)
        assert best.objective_value >= np.dot(np.dot(x, a + b), y)


@pytest.mark.parametrize("shape", [(2, 3), (4, 4), (2, 3, 4), (3, 1, 2)])
def test_sparse_incentive_rows_equal_the_dense_ones(shape: tuple[int, ...]) -> None:
    from dealmodels.solvers.correlated import _incentive_matrix, _incentive_sparse

    rng = np.random.default_rng(len(shape))
    payoffs = [rng.standard_normal(shape) for _ in shape]
    game = NormalFormGame(payoffs)
    dense = _incentive_matrix(game, payoffs)
    sparse = _incentive_sparse(shape, payoffs)
    assert sparse.shape == dense.shape
    np.testing.assert_array_equal(sparse.toarray(), dense)
    # each row touches only the profiles where its player plays the recommended action
    assert sparse.nnz <= sum((m - 1) * int(np.prod(shape)) for m in shape)
