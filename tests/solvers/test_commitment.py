"""Tests for dealmodels.solvers.commitment: strong Stackelberg equilibria."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given

import dealmodels as dm
from dealmodels import NormalFormGame
from dealmodels.errors import InvalidParameterError, UnsupportedGameError
from dealmodels.solvers.commitment import CommitmentResult, stackelberg
from dealmodels.strategies import bimatrix_games
from tests.known_games import KNOWN_BIMATRIX, KnownCase

# von Stengel and Zamir (2010), "Leadership games with convex strategy sets", GEB 69(2): the
# leader's top row strictly dominates, so the unique Nash equilibrium pays the leader 2; the
# optimal commitment (1/2, 1/2) makes the follower indifferent and pays 7/2.
VSZ = NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]])

# Inspection game with inspector leadership (Avenhaus, von Stengel and Zamir 2002, section 5;
# model M5 with e=1, c=4, a=1, b=2, f=4, h=1, d=1). Rows: the developer does not audit /
# audits; columns: the AI works honestly / feigns. The inspector commits to the deterrence
# rate p* = b / (b + f - h) = 2/5, the AI works, and the inspector gets -e p* = -2/5,
# better than its Nash payoff -c q* = -c e / (e + c - a) = -1.
INSPECTION = NormalFormGame.from_bimatrix([[0, -4], [-1, -1]], [[0, 2], [-1, -4]])


def test_von_stengel_zamir_example() -> None:
    res = stackelberg(VSZ)
    assert list(res.leader_strategy) == [Fraction(1, 2), Fraction(1, 2)]
    assert res.follower_action == 1
    assert res.leader_value == Fraction(7, 2)
    assert res.follower_value == Fraction(1, 2)
    assert (res.pure_leader_action, res.pure_follower_action) == (1, 1)
    assert res.pure_leader_value == 3
    assert res.commitment_gain == Fraction(1, 2)
    assert res.follower_regret == 0.0
    # and the only Nash equilibrium pays the leader 2
    assert [eq.payoffs[0] for eq in dm.nash_equilibria(VSZ)] == [2]


def test_von_stengel_zamir_float() -> None:
    res = stackelberg(VSZ.as_float())
    assert res.leader_strategy == pytest.approx([0.5, 0.5])
    assert res.leader_value == pytest.approx(3.5)
    assert isinstance(res.leader_value, float)
    assert res.follower_regret <= 1e-9


def test_inspection_game_inspector_leadership() -> None:
    res = stackelberg(INSPECTION)
    assert list(res.leader_strategy) == [Fraction(3, 5), Fraction(2, 5)]
    assert res.follower_action == 0  # the AI works honestly
    assert res.leader_value == Fraction(-2, 5)
    assert res.follower_value == Fraction(-2, 5)
    # pure commitment: always audit (-1); never auditing invites feigning (-4)
    assert (res.pure_leader_action, res.pure_leader_value) == (1, -1)
    assert [eq.payoffs[0] for eq in dm.nash_equilibria(INSPECTION)] == [-1]


def test_matching_pennies_value_is_zero() -> None:
    # zero-sum: commitment value = minimax value (von Neumann), 0 for matching pennies
    res = stackelberg(NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]))
    assert res.leader_value == 0
    assert list(res.leader_strategy) == [Fraction(1, 2), Fraction(1, 2)]
    assert res.pure_leader_value == -1


def test_column_player_as_leader() -> None:
    transposed = NormalFormGame.from_bimatrix(
        INSPECTION.payoffs[1].T.tolist(), INSPECTION.payoffs[0].T.tolist()
    )
    res = stackelberg(transposed, leader=1)
    assert res.leader == 1
    assert res.follower == 0
    assert list(res.leader_strategy) == [Fraction(3, 5), Fraction(2, 5)]
    assert res.leader_value == Fraction(-2, 5)


def test_follower_ties_broken_for_leader() -> None:
    # the follower is indifferent between its columns everywhere; it picks the leader's best
    res = stackelberg(NormalFormGame.from_bimatrix([[0, 5], [1, 0]], [[1, 1], [1, 1]]))
    assert res.leader_value == 5
    assert res.follower_action == 1
    assert (res.pure_leader_action, res.pure_follower_action) == (0, 1)


def test_single_action_players() -> None:
    res = stackelberg(NormalFormGame.from_bimatrix([[3, 1, 2]], [[0, 2, 1]]))
    assert (res.follower_action, res.leader_value) == (1, 1)
    assert isinstance(res, CommitmentResult)


# -- properties ---------------------------------------------------------------------------------
def _grid_value(game: NormalFormGame, leader: int, points: int = 2001) -> float:
    """Brute force: best leader value over a grid of commitments in a 2 x n game."""
    a, b = (p.astype(float) for p in game.payoffs)
    lead, foll = (a, b) if leader == 0 else (b.T, a.T)
    p = np.linspace(0.0, 1.0, points)
    x = np.column_stack([p, 1.0 - p])
    fv = x @ foll
    lv = x @ lead
    responses = fv >= fv.max(axis=1, keepdims=True) - 1e-12
    return float(np.max(np.where(responses, lv, -np.inf)))


@given(game=bimatrix_games(min_actions=2, max_actions=2))
def test_agrees_with_grid_search_on_2x2(game: NormalFormGame) -> None:
    spread = max(float(np.ptp(p.astype(float))) for p in game.payoffs)
    for leader in (0, 1):
        res = stackelberg(game, leader=leader)
        grid = _grid_value(game, leader)
        # the optimum sits at a breakpoint that may be off the grid: the grid falls short by
        # at most the slope of the leader's payoff (<= its spread) times the step 1/2000
        assert grid <= float(res.leader_value) + 1e-9 * max(1.0, spread)
        assert grid >= float(res.leader_value) - spread / 2000 - 1e-12


@given(game=bimatrix_games(max_actions=4))
def test_commitment_beats_every_nash_equilibrium(game: NormalFormGame) -> None:
    # von Stengel and Zamir (2010), Theorem 1: the leader's SSE payoff is at least its payoff
    # in any Nash equilibrium (exactly, for exact games).
    for leader in (0, 1):
        res = stackelberg(game, leader=leader)
        for eq in dm.nash_equilibria(game):
            if game.is_exact:
                assert res.leader_value >= eq.payoffs[leader]
            else:
                assert res.leader_value >= eq.payoffs[leader] - 1e-7


@given(game=bimatrix_games(max_actions=4, exact=True))
def test_exact_result_verified_and_matches_float(game: NormalFormGame) -> None:
    for leader in (0, 1):
        res = stackelberg(game, leader=leader)
        x = res.leader_strategy
        assert all(isinstance(v, Fraction) for v in x)
        assert sum(x) == 1
        assert min(x) >= 0
        a, b = game.payoffs
        lead, foll = (a, b) if leader == 0 else (b.T, a.T)
        fv = np.dot(x, foll)
        assert fv[res.follower_action] == max(fv)
        assert res.leader_value == np.dot(x, lead[:, res.follower_action])
        assert res.leader_value >= res.pure_leader_value
        num = stackelberg(game.as_float(), leader=leader)
        assert num.leader_value == pytest.approx(float(res.leader_value), abs=1e-7)
        assert num.pure_leader_value == pytest.approx(float(res.pure_leader_value))


def every_lp(lead: np.ndarray, foll: np.ndarray) -> tuple[float, int]:
    """Reference: all n multiple LPs (Conitzer and Sandholm 2006); (value, lowest best j)."""
    from scipy.optimize import linprog

    m, n = lead.shape
    values = []
    for j in range(n):
        a_ub = np.delete(foll.T - foll[:, j], j, axis=0)
        res = linprog(
            -lead[:, j],
            A_ub=a_ub if a_ub.size else None,
            b_ub=np.zeros(len(a_ub)) if a_ub.size else None,
            A_eq=np.ones((1, m)),
            b_eq=[1.0],
            method="highs",
        )
        values.append(-res.fun if res.status == 0 else -np.inf)
    top = max(values)
    return top, next(
        j
        for j, v in enumerate(values)
        if v >= top - 1e-12 * max(1, np.abs(lead).max(), np.abs(foll).max())
    )


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("integer", [True, False])
def test_bounded_lp_order_gives_the_answer_of_every_lp(seed: int, integer: bool) -> None:
    # the bounded order skips LPs; the value and the follower action (lowest on ties; small
    # integer payoffs make ties common) must be those of solving all of them
    rng = np.random.default_rng(seed)
    m, n = 6, 9
    if integer:
        a, b = rng.integers(0, 3, (m, n)).astype(float), rng.integers(0, 3, (m, n)).astype(float)
    else:
        a, b = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    game = NormalFormGame.from_bimatrix(a, b)
    for leader, (lead, foll) in enumerate([(a, b), (b.T, a.T)]):
        res = stackelberg(game, leader=leader)
        value, j = every_lp(lead, foll)
        assert res.leader_value == pytest.approx(value, abs=1e-9)
        assert res.follower_action == j
        exact = stackelberg(game.as_exact(), leader=leader)
        assert float(exact.leader_value) == pytest.approx(value, abs=1e-9)


@given(game=bimatrix_games(max_actions=4))
def test_zero_sum_value_equals_nash_value(game: NormalFormGame) -> None:
    # von Neumann: in a zero-sum game commitment does not help (nor hurt) the leader
    zero_sum = NormalFormGame.from_bimatrix(game.payoffs[0])
    res = stackelberg(zero_sum)
    for eq in dm.nash_equilibria(zero_sum):
        assert float(res.leader_value) == pytest.approx(float(eq.payoffs[0]), abs=1e-7)


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"game": [[1, 2], [3, 4]]}, "game"),
        ({"game": VSZ, "leader": 2}, "leader"),
        ({"game": VSZ, "leader": -1}, "leader"),
        ({"game": VSZ, "leader": 0.5}, "leader"),
        ({"game": VSZ, "leader": True}, "leader"),
        ({"game": VSZ, "tol": -1.0}, "tol"),
    ],
)
def test_bad_input(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        stackelberg(**kwargs)


def test_three_players_unsupported() -> None:
    game = NormalFormGame([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(UnsupportedGameError, match="two-player"):
        stackelberg(game)


def test_symbolic_unsupported() -> None:
    import sympy

    game = NormalFormGame.from_bimatrix([[sympy.Symbol("w"), 0], [1, 1]], [[1, 0], [0, 1]])
    with pytest.raises(UnsupportedGameError, match="subs"):
        stackelberg(game)


# -- the cited games of tests/known_games.py -----------------------------------------------------
@pytest.mark.parametrize("case", KNOWN_BIMATRIX, ids=lambda c: c.id)
def test_known_games_commitment_beats_nash(case: KnownCase) -> None:
    # von Stengel and Zamir (2010), Theorem 1, on every equilibrium the source lists
    for leader in (0, 1):
        res = stackelberg(case.game, leader=leader)
        for x, y in case.expected:
            value = np.dot(np.dot(x, case.game.payoffs[leader]), y)
            assert res.leader_value >= value
