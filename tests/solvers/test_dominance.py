"""Tests for dealmodels.solvers.dominance: iterated elimination of dominated strategies."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels import NormalFormGame
from dealmodels.errors import InvalidParameterError, UnsupportedGameError
from dealmodels.solvers.dominance import EliminationResult, iterated_elimination


@st.composite
def int_games(
    draw: st.DrawFn,
    *,
    min_players: int = 2,
    max_players: int = 2,
    min_actions: int = 1,
    max_actions: int = 4,
) -> NormalFormGame:
    """Small exact games with integer payoffs in [-5, 5] (ties, hence degeneracy, common)."""
    n = draw(st.integers(min_players, max_players))
    shape = tuple(draw(st.integers(min_actions, max_actions)) for _ in range(n))
    size = int(np.prod(shape))
    values = st.lists(st.integers(-5, 5), min_size=size, max_size=size)
    return NormalFormGame([np.array(draw(values)).reshape(shape) for _ in range(n)])


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


@given(game=int_games(max_players=3, max_actions=3), strict=st.booleans())
def test_steps_are_verified_dominations(game: NormalFormGame, strict: bool) -> None:
    res = iterated_elimination(game, strict=strict)
    _replay(game, res)
    for i, s in enumerate(res.surviving):
        assert len(s) >= 1
        assert res.game.shape[i] == len(s)


@given(game=int_games(max_actions=4), data=st.data())
def test_strict_result_independent_of_action_order(game: NormalFormGame, data: Any) -> None:
    perms = [data.draw(st.permutations(range(m))) for m in game.shape]
    permuted = NormalFormGame([p[np.ix_(*perms)] for p in game.payoffs])
    res = iterated_elimination(game)
    res_p = iterated_elimination(permuted)
    mapped = tuple(
        tuple(sorted(perm[k] for k in s)) for perm, s in zip(perms, res_p.surviving, strict=True)
    )
    assert mapped == res.surviving


@given(game=int_games(max_actions=4))
def test_exact_and_float_agree(game: NormalFormGame) -> None:
    for strict in (True, False):
        exact = iterated_elimination(game, strict=strict)
        num = iterated_elimination(game.as_float(), strict=strict)
        assert exact.surviving == num.surviving


def nash_oracle(game: NormalFormGame) -> list[tuple[np.ndarray, np.ndarray]]:
    """Nash equilibria of a 2-player game, as float vectors (verified by regret).

    dealmodels' own ``nash_equilibria`` once it exists; until then a brute-force support
    enumeration over equal-size supports (nashpy fails on games with one action or with
    constant payoffs). On degenerate games it may miss equilibria; every one it returns is
    an equilibrium.
    """
    import itertools

    import dealmodels as dm
    from dealmodels.solvers._common import as_profile, regrets

    solver = getattr(dm, "nash_equilibria", None)
    if solver is not None:
        return [
            (np.asarray(eq.strategies[0], dtype=float), np.asarray(eq.strategies[1], dtype=float))
            for eq in solver(game)
        ]
    g = game.as_float()
    a, b = g.payoffs
    m, n = g.shape
    found: list[tuple[np.ndarray, np.ndarray]] = []
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                # y on cols makes rows indifferent; x on rows makes cols indifferent
                ys = _indifference(a[np.ix_(rows, cols)])
                xs = _indifference(b[np.ix_(rows, cols)].T)
                if ys is None or xs is None:
                    continue
                x = np.zeros(m)
                y = np.zeros(n)
                x[list(rows)] = xs
                y[list(cols)] = ys
                if max(regrets(g, as_profile(g, [x, y]))) <= 1e-9:
                    found.append((x, y))
    return found


def _indifference(payoff: np.ndarray) -> np.ndarray | None:
    """Probabilities over columns making every row of ``payoff`` equally good, or None."""
    k = payoff.shape[0]
    mat = np.vstack([np.hstack([payoff, -np.ones((k, 1))]), np.append(np.ones(k), 0.0)])
    rhs = np.append(np.zeros(k), 1.0)
    try:
        sol = np.linalg.solve(mat, rhs)
    except np.linalg.LinAlgError:
        return None
    p = sol[:k]
    if np.any(p < -1e-12):
        return None
    p = np.clip(p, 0.0, None)
    return p / p.sum()


@given(game=int_games(max_actions=4))
def test_no_nash_action_is_strictly_dominated(game: NormalFormGame) -> None:
    res = iterated_elimination(game)
    for x, y in nash_oracle(game):
        assert set(np.flatnonzero(x > 1e-9)) <= set(res.surviving[0])
        assert set(np.flatnonzero(y > 1e-9)) <= set(res.surviving[1])


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
