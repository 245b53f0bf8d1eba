"""Tests for dealmodels.solvers.dominance: iterated elimination of dominated strategies."""

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
from dealmodels.solvers.dominance import EliminationResult, iterated_elimination
from dealmodels.strategies import bimatrix_games, normal_form_games
from tests.known_games import KNOWN_BIMATRIX, KnownCase


# -- known answers --------------------------------------------------------------------------------
def test_prisoners_dilemma() -> None:
    # Osborne (2004), section 2.2: Fink strictly dominates Quiet for both players.
    pd = NormalFormGame.from_bimatrix([[2, 0], [3, 1]], [[2, 3], [0, 1]])
    res = iterated_elimination(pd)
    assert res.surviving == ((1,), (1,))
    assert res.is_solvable
    assert [(s.player, s.action, s.is_pure) for s in res.steps] == [(0, 0, True), (1, 0, True)]


def test_gibbons_iterated_strict_dominance() -> None:
    # Gibbons (1992), A Primer in Game Theory, section 1.1.B: Right is dominated by Middle,
    # then Down by Up, then Left by Middle; (Up, Middle) survives.
    a = [[1, 1, 0], [0, 0, 2]]
    b = [[0, 2, 1], [3, 1, 0]]
    res = iterated_elimination(NormalFormGame.from_bimatrix(a, b))
    assert res.surviving == ((0,), (1,))
    assert [(s.player, s.action) for s in res.steps] == [(1, 2), (0, 1), (1, 0)]
    assert res.game.actions == (("a0",), ("a1",))


def test_mixed_dominance_gibbons() -> None:
    # Gibbons (1992), section 1.3.A (figure 1.3.1): B is dominated by no pure strategy but
    # by the mixture 1/2 T + 1/2 M. Player 2's payoffs are irrelevant (zero here).
    a = [[3, 0], [0, 3], [1, 1]]
    res = iterated_elimination(NormalFormGame.from_bimatrix(a, np.zeros((3, 2), dtype=int)))
    assert res.surviving == ((0, 1), (0, 1))
    (step,) = res.steps
    assert (step.player, step.action, step.is_pure) == (0, 2, False)
    assert list(step.dominated_by) == [Fraction(1, 2), Fraction(1, 2), 0]
    assert all(isinstance(v, Fraction) for v in step.dominated_by)


def test_mixed_dominance_float_game() -> None:
    a = np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    res = iterated_elimination(NormalFormGame.from_bimatrix(a, np.zeros((3, 2))))
    (step,) = res.steps
    assert step.dominated_by[2] == 0.0
    assert step.dominated_by.sum() == pytest.approx(1.0)
    assert np.all(step.dominated_by[:2] @ a[:2] > a[2])


def test_mixed_weak_dominance_needs_exact_mixture() -> None:
    # Row B = (1, 1, 0) is weakly dominated only by exactly 1/2 T + 1/2 M = (1, 1, 1): any
    # other weights lose in column 0 or 1, so the exact rebuild of the LP vertex matters.
    # No mixture dominates B strictly.
    a = [[2, 0, 2], [0, 2, 0], [1, 1, 0]]
    game = NormalFormGame.from_bimatrix(a, np.zeros((3, 3), dtype=int))
    assert iterated_elimination(game).surviving == ((0, 1, 2), (0, 1, 2))
    weak = iterated_elimination(game, strict=False)
    assert weak.surviving[0] == (0, 1)
    assert list(weak.steps[0].dominated_by) == [Fraction(1, 2), Fraction(1, 2), 0]
    num = iterated_elimination(game.as_float(), strict=False)
    assert num.steps[0].dominated_by == pytest.approx([0.5, 0.5, 0.0])


def test_weak_dominance_documented_order() -> None:
    # Rows T, M, B: M weakly dominates both T and B. The sweep removes T, then B (still
    # weakly dominated by M), and the column player is then indifferent.
    a = [[1, 0], [1, 2], [0, 2]]
    b = [[1, 0], [1, 1], [0, 1]]
    game = NormalFormGame.from_bimatrix(a, b)
    weak = iterated_elimination(game, strict=False)
    assert weak.surviving == ((1,), (0, 1))
    assert [(s.player, s.action) for s in weak.steps] == [(0, 0), (0, 2)]
    assert iterated_elimination(game).surviving == ((0, 1, 2), (0, 1))


def test_three_player_game() -> None:
    # Player 2's action 1 pays 1 less than action 0 at every profile; then the 2x2 game
    # left for players 0 and 1 is a prisoner's dilemma.
    pd_a = np.array([[2, 0], [3, 1]])
    u0 = np.stack([pd_a, pd_a], axis=2)
    u1 = np.stack([pd_a.T, pd_a.T], axis=2)
    u2 = np.stack([np.zeros((2, 2), dtype=int), -np.ones((2, 2), dtype=int)], axis=2)
    res = iterated_elimination(NormalFormGame([u0, u1, u2]))
    assert res.surviving == ((1,), (1,), (0,))
    assert res.game.shape == (1, 1, 1)


def test_labels_and_names_kept() -> None:
    pd = NormalFormGame.from_bimatrix(
        [[2, 0], [3, 1]],
        [[2, 3], [0, 1]],
        players=("AI", "developer"),
        actions=(("quiet", "fink"), ("quiet", "fink")),
    )
    res = iterated_elimination(pd)
    assert res.game.players == ("AI", "developer")
    assert res.game.actions == (("fink",), ("fink",))
    assert res.game.is_exact


def test_result_is_frozen() -> None:
    res = iterated_elimination(NormalFormGame.from_bimatrix([[1]], [[1]]))
    assert isinstance(res, EliminationResult)
    assert res.surviving == ((0,), (0,))
    with pytest.raises(AttributeError):
        res.strict = False  # type: ignore[misc]


# -- properties -----------------------------------------------------------------------------------
def _replay(game: NormalFormGame, res: EliminationResult) -> None:
    """Each recorded mixture dominates its action in the game left before that step."""
    alive = [list(range(m)) for m in game.shape]
    for step in res.steps:
        i, a = step.player, step.action
        assert a in alive[i]
        assert step.dominated_by[a] == 0
        assert all(step.dominated_by[b] == 0 for b in range(game.shape[i]) if b not in alive[i])
        assert sum(step.dominated_by) == 1
        idx = [alive[j] if j != i else list(range(game.shape[i])) for j in range(len(alive))]
        u = np.moveaxis(game.payoffs[i][np.ix_(*idx)], i, 0).reshape(game.shape[i], -1)
        margins = np.dot(step.dominated_by, u) - u[a]
        if res.strict:
            assert all(m > 0 for m in margins)
        else:
            assert all(m >= 0 for m in margins)
            assert any(m > 0 for m in margins)
        alive[i].remove(a)
    assert tuple(tuple(s) for s in alive) == res.surviving


@given(game=normal_form_games(max_players=3, max_actions=3, exact=True), strict=st.booleans())
def test_steps_are_verified_dominations(game: NormalFormGame, strict: bool) -> None:
    res = iterated_elimination(game, strict=strict)
    _replay(game, res)
    for i, s in enumerate(res.surviving):
        assert len(s) >= 1
        assert res.game.shape[i] == len(s)


@given(game=normal_form_games(max_players=3, max_actions=3, exact=True), data=st.data())
def test_strict_result_independent_of_action_order(game: NormalFormGame, data: Any) -> None:
    perms = [data.draw(st.permutations(range(m))) for m in game.shape]
    permuted = NormalFormGame([p[np.ix_(*perms)] for p in game.payoffs])
    res = iterated_elimination(game)
    res_p = iterated_elimination(permuted)
    mapped = tuple(
        tuple(sorted(perm[k] for k in s)) for perm, s in zip(perms, res_p.surviving, strict=True)
    )
    assert mapped == res.surviving


@given(game=bimatrix_games(max_actions=4, exact=True))
def test_exact_and_float_agree(game: NormalFormGame) -> None:
    for strict in (True, False):
        exact = iterated_elimination(game, strict=strict)
        num = iterated_elimination(game.as_float(), strict=strict)
        assert exact.surviving == num.surviving


@given(game=bimatrix_games(max_actions=4))
def test_no_nash_action_is_strictly_dominated(game: NormalFormGame) -> None:
    # a strictly dominated action is never a best response, so never in an NE's support
    res = iterated_elimination(game)
    for eq in dm.nash_equilibria(game):
        for support, surviving in zip(eq.support, res.surviving, strict=True):
            assert set(support) <= set(surviving)


@given(game=bimatrix_games(max_actions=4, exact=True), strict=st.booleans())
def test_equilibria_of_reduced_game_are_equilibria(game: NormalFormGame, strict: bool) -> None:
    # Any Nash equilibrium of a game reduced by iterated (strict or weak) dominance is a Nash
    # equilibrium of the original game (e.g. Osborne 2004, section 2.9 and exercise 4.4).
    res = iterated_elimination(game, strict=strict)
    for eq in dm.nash_equilibria(res.game):
        full = []
        for probs, surviving, m in zip(eq.strategies, res.surviving, game.shape, strict=True):
            vec = np.array([Fraction(0)] * m, dtype=object)
            vec[list(surviving)] = probs
            full.append(vec)
        assert dm.is_nash(game, full, tol=0)


# -- bad input ------------------------------------------------------------------------------------
_PD = NormalFormGame.from_bimatrix([[2, 0], [3, 1]], [[2, 3], [0, 1]])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"game": [[1, 2], [3, 4]]}, "game"),
        ({"game": _PD, "strict": "yes"}, "strict"),
        ({"game": _PD, "strict": 1}, "strict"),
        ({"game": _PD, "tol": -1e-3}, "tol"),
        ({"game": _PD, "tol": float("nan")}, "tol"),
    ],
)
def test_bad_input(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        iterated_elimination(**kwargs)


def test_symbolic_game_unsupported() -> None:
    import sympy

    x = sympy.Symbol("x")
    game = NormalFormGame.from_bimatrix([[x, 0], [1, 1]], [[1, 0], [0, 1]])
    with pytest.raises(UnsupportedGameError, match="subs"):
        iterated_elimination(game)


# -- the cited games of tests/known_games.py -----------------------------------------------------
@pytest.mark.parametrize("case", KNOWN_BIMATRIX, ids=lambda c: c.id)
def test_known_games_keep_equilibrium_supports(case: KnownCase) -> None:
    res = iterated_elimination(case.game)
    for profile in case.expected:
        for probs, surviving in zip(profile, res.surviving, strict=True):
            assert {k for k, v in enumerate(probs) if v != 0} <= set(surviving)
