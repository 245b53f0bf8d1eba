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
def _grid_value(game: NormalFormGame, leader: int, tie: float, points: int = 2001) -> float:
    """Brute force: best leader value over a grid of commitments in a 2 x n game.

    The follower's responses are the actions within ``tie`` times its payoff scale of its
    best (ties broken for the leader).
    """
    a, b = (p.astype(float) for p in game.payoffs)
    lead, foll = (a, b) if leader == 0 else (b.T, a.T)
    p = np.linspace(0.0, 1.0, points)
    x = np.column_stack([p, 1.0 - p])
    fv = x @ foll
    lv = x @ lead
    responses = fv >= fv.max(axis=1, keepdims=True) - tie * np.abs(foll).max()
    return float(np.max(np.where(responses, lv, -np.inf)))


@given(game=bimatrix_games(min_actions=2, max_actions=2))
def test_agrees_with_grid_search_on_2x2(game: NormalFormGame) -> None:
    spread = max(float(np.ptp(p.astype(float))) for p in game.payoffs)
    for leader in (0, 1):
        res = stackelberg(game, leader=leader)
        # no commitment the follower answers strictly (ties within 1e-12 of its payoff
        # scale) beats the solver's
        assert _grid_value(game, leader, 1e-12) <= float(res.leader_value) + 1e-9 * max(
            1.0, spread
        )
        # and the solver's is no better than the best commitment answered within its
        # tolerance (1e-9 of the follower's scale): the optimum sits at a breakpoint that
        # may be off the grid, where the grid falls short by at most the slope of the
        # leader's payoff (<= its spread) times the step 1/2000
        loose = _grid_value(game, leader, 1e-9)
        assert loose >= float(res.leader_value) - spread / 2000 - 1e-12


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
    values = [_lp_value(lead, foll, j) for j in range(lead.shape[1])]
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


# -- scale: LPs on payoffs normalised by a power of two ----------------------------------------
def _huge_reward_game(reward: Any) -> NormalFormGame:
    # OversightCommitment's 3 x 2 game (no audit / audit / audit and reward; work / feign)
    # where feigning costs the developer nothing: deterring it needs a reward of probability
    # ~5 / reward and costs at least 11, so the best commitment is never to audit (value 0,
    # the AI feigns). Before normalisation the float LPs returned -11 at reward 1e14 (a tie
    # window of 1e-12 times the payoff scale swallowed 11) and raised from 1e20 on (HiGHS
    # reads entries of 1e20 and more as infinite)
    half = reward // 2 if isinstance(reward, int) else reward / 2
    return NormalFormGame.from_bimatrix(
        [[0, 0], [-1, 0], [-reward - 1, -half]], [[0, 10], [0, 5], [reward, half + 5]]
    )


@pytest.mark.parametrize("reward", [100.0, 1e8, 1e14, 1e20, 1e100, 1e300])
def test_huge_reward_keeps_the_free_commitment(reward: float) -> None:
    res = stackelberg(_huge_reward_game(reward))
    assert res.leader_value == pytest.approx(0.0, abs=1e-6)
    assert res.pure_leader_value == 0.0
    exact = stackelberg(_huge_reward_game(int(reward)))
    assert (exact.leader_value, exact.follower_action) == (0, 1)
    assert list(exact.leader_strategy) == [0, 1, 0]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("c", [1e-300, 1e-150, 1e-20, 3e-7, 7.3e5, 1e20, 1e150, 1e300])
def test_scaled_game_gives_the_scaled_answer(seed: int, c: float) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal((5, 7)), rng.standard_normal((5, 7))
    for leader in (0, 1):
        base = stackelberg(NormalFormGame.from_bimatrix(a, b), leader=leader)
        res = stackelberg(NormalFormGame.from_bimatrix(c * a, c * b), leader=leader)
        assert res.follower_action == base.follower_action
        assert (res.pure_leader_action, res.pure_follower_action) == (
            base.pure_leader_action,
            base.pure_follower_action,
        )
        np.testing.assert_allclose(res.leader_strategy, base.leader_strategy, atol=1e-9)
        for got, want in [
            (res.leader_value, base.leader_value),
            (res.follower_value, base.follower_value),
            (res.pure_leader_value, base.pure_leader_value),
        ]:
            assert got == pytest.approx(c * want, rel=1e-9, abs=1e-9 * c)
        assert res.follower_regret <= 1e-9 * c * 4.0


def test_tiny_payoffs_are_not_all_ties() -> None:
    # with a tolerance of 1e-9 in absolute terms every LP of this game would tie and the
    # lowest follower action would win; relative to the payoff scale the answer is VSZ's
    scale = 1e-200
    a, b = (p.astype(float) * scale for p in VSZ.payoffs)
    res = stackelberg(NormalFormGame.from_bimatrix(a, b))
    assert res.follower_action == 1
    assert res.leader_value == pytest.approx(3.5 * scale, rel=1e-9)
    assert (res.pure_leader_action, res.pure_follower_action) == (1, 1)


# -- the relaxed bounds that order the LPs --------------------------------------------------
@pytest.mark.parametrize("seed", range(6))
def test_relaxed_bound_is_an_upper_bound_on_every_lp(seed: int) -> None:
    from dealmodels.solvers.commitment import _normalised, _relaxed_bound

    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 9)), int(rng.integers(2, 9))
    if seed % 2:
        a, b = rng.integers(0, 3, (m, n)).astype(float), rng.integers(0, 3, (m, n)).astype(float)
    else:
        a, b = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    lead, _ = _normalised(a)
    foll, _ = _normalised(b)
    for j in range(n):
        bound = _relaxed_bound(lead, foll, j)
        single = every_lp(lead[:, [j]], np.zeros((m, 1)))[0]  # max_i L_ij
        assert bound <= single + 1e-15
        value = _lp_value(lead, foll, j)
        assert bound >= value - 1e-12
        if bound == -np.inf:
            assert value == -np.inf


def _lp_value(lead: np.ndarray, foll: np.ndarray, j: int) -> float:
    from scipy.optimize import linprog

    m = lead.shape[0]
    a_ub = np.delete(foll.T - foll[:, j], j, axis=0)
    res = linprog(
        -lead[:, j],
        A_ub=a_ub if a_ub.size else None,
        b_ub=np.zeros(len(a_ub)) if a_ub.size else None,
        A_eq=np.ones((1, m)),
        b_eq=[1.0],
        method="highs",
    )
    return float(-res.fun) if res.status == 0 else -np.inf


def test_normalised_is_an_exact_power_of_two_division() -> None:
    from dealmodels.solvers.commitment import _normalised

    for m in (np.array([[3.0, -1e300], [0.0, 2.5e-5]]), np.array([[3e-300, -1e-301]])):
        out, e = _normalised(m)
        assert 1.0 <= np.abs(out).max() < 2.0
        np.testing.assert_array_equal(np.ldexp(out, e), m)  # no rounding
    exact = np.array([[Fraction(10**400), Fraction(-1, 3)]], dtype=object)
    out, e = _normalised(exact)
    assert 1.0 <= np.abs(out).max() < 2.0
    assert out[0, 0] == float(Fraction(10**400) / Fraction(2) ** e)
    zero, e = _normalised(np.zeros((2, 2)))
    assert e == 0
    assert not zero.any()
