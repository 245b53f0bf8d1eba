"""Tests for dealmodels.solvers.quantal: logit QRE, the principal branch, method="logit"."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels import (
    ConvergenceError,
    InvalidParameterError,
    NormalFormGame,
    UnsupportedGameError,
    logit_branch,
    nash_equilibria,
    quantal_response,
)
from tests.known_games import KNOWN_NPLAYER


def logit_map(game: NormalFormGame, strategies: tuple[np.ndarray, ...], lam: float) -> list:
    """The logit response to a profile, computed independently from the payoff tensors."""
    u = [np.asarray(p, dtype=float) for p in game.payoffs]
    out = []
    for i in range(game.n_players):
        t = np.moveaxis(u[i], i, 0)
        for j in reversed([k for k in range(game.n_players) if k != i]):
            t = t @ strategies[j]
        w = np.exp(lam * (t - t.max()))
        out.append(w / w.sum())
    return out


# asymmetric matching pennies (McKelvey and Palfrey 1995, section 4): the row player gets
# 9 for (top, left); Nash: row (1/2, 1/2), column (1/10, 9/10)
AMP = NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])


def test_lam_zero_is_uniform() -> None:
    q = quantal_response(KNOWN_NPLAYER[1].game, 0.0)
    for s, m in zip(q.strategies, (3, 3, 3), strict=True):
        assert s == pytest.approx(np.full(m, 1 / m))


def test_matching_pennies_qre_is_uniform_at_every_lam() -> None:
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    for lam in (0.1, 1.0, 10.0):
        q = quantal_response(mp, lam)
        assert q.strategies[0] == pytest.approx([0.5, 0.5], abs=1e-12)


def test_asymmetric_matching_pennies_closed_form_two_by_two() -> None:
    # for 2x2 games the QRE solves p = L(lam (9 q - (1 - q))), q = L(lam ((1 - p) - p))
    # with L the logistic function (McKelvey and Palfrey 1995, eq. 5); check at lam = 1
    q = quantal_response(AMP, 1.0)
    p_top, q_left = q.strategies[0][0], q.strategies[1][0]
    logistic = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    assert p_top == pytest.approx(logistic(9 * q_left - (1 - q_left)), abs=1e-12)
    assert q_left == pytest.approx(logistic((1 - p_top) - p_top), abs=1e-12)
    # the column player's left probability falls toward its Nash value 1/10 as lam grows
    lefts = [quantal_response(AMP, lam).strategies[1][0] for lam in (0.5, 2.0, 8.0, 50.0)]
    assert all(a > b for a, b in itertools.pairwise(lefts))
    assert lefts[-1] == pytest.approx(0.1, abs=0.01)


@settings(max_examples=12)
@given(seed=st.integers(0, 10**6), lam=st.sampled_from([1e-300, 0.3, 2.0, 25.0]))
def test_qre_is_a_fixed_point_of_the_logit_map(seed: int, lam: float) -> None:
    rng = np.random.default_rng(seed)
    game = NormalFormGame([rng.normal(size=(2, 3, 2)) for _ in range(3)])
    q = quantal_response(game, lam)
    assert q.residual <= 1e-9
    for s, r in zip(q.strategies, logit_map(game, q.strategies, lam), strict=True):
        assert s == pytest.approx(r, abs=1e-9)
        assert np.all(s > 0)
    assert q.payoffs == pytest.approx(game.expected_payoffs(list(q.strategies)), abs=1e-12)


def test_branch_is_frozen_and_starts_uniform() -> None:
    b = logit_branch(AMP)
    assert b.converged
    assert b.end_regret <= 1e-6 * 9
    assert b.lams[0] == 0.0
    assert b.at(0)[0] == pytest.approx([0.5, 0.5])
    with pytest.raises(ValueError, match="read-only"):
        b.lams[0] = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.converged = False  # type: ignore[misc]
    # every traced point is a QRE at its own lam
    for k in range(0, len(b), max(1, len(b) // 8)):
        prof = b.at(k)
        for s, r in zip(prof, logit_map(AMP, prof, b.lams[k]), strict=True):
            assert s == pytest.approx(r, abs=1e-8)


def test_branch_up_to_max_lam_ends_there() -> None:
    b = logit_branch(AMP, max_lam=3.0)
    assert b.lams[-1] == pytest.approx(3.0, abs=1e-12)
    assert b.at(-1)[0] == pytest.approx(quantal_response(AMP, 3.0).strategies[0], abs=1e-9)


def test_lam_is_in_the_games_payoff_units() -> None:
    # scaling payoffs by c and lam by 1/c gives the same QRE
    scaled = NormalFormGame([3.0 * np.asarray(p, dtype=float) for p in AMP.payoffs])
    a = quantal_response(AMP, 1.5).strategies
    b = quantal_response(scaled, 0.5).strategies
    for x, y in zip(a, b, strict=True):
        assert x == pytest.approx(y, abs=1e-10)


@pytest.mark.parametrize("case", KNOWN_NPLAYER, ids=[c.id for c in KNOWN_NPLAYER])
def test_logit_method_returns_one_verified_equilibrium(case) -> None:  # type: ignore[no-untyped-def]
    eqs = nash_equilibria(case.game, method="logit")
    assert len(eqs) == 1
    e = eqs[0]
    assert e.method == "logit"
    assert dm.is_nash(case.game, e.strategies, tol=1e-9)
    if case.expected:  # the exact games' rational equilibria come back exact
        assert tuple(tuple(s) for s in e.strategies) in set(case.expected)


def test_logit_method_two_players_reaches_the_mixed_equilibrium() -> None:
    (e,) = nash_equilibria(AMP, method="logit")
    assert [str(v) for v in e.strategies[0]] == ["1/2", "1/2"]
    assert [str(v) for v in e.strategies[1]] == ["1/10", "9/10"]


def test_logit_four_players() -> None:
    rng = np.random.default_rng(0)
    game = NormalFormGame([rng.normal(size=(3, 3, 3, 3)) for _ in range(4)])
    (e,) = nash_equilibria(game, method="logit")
    assert e.regret <= 1e-9 * max(1.0, max(float(np.abs(p).max()) for p in game.payoffs))


@pytest.mark.parametrize(
    ("func", "kwargs", "match"),
    [
        (quantal_response, {"lam": -1.0}, "lam"),
        (quantal_response, {"lam": float("inf")}, "lam"),
        (quantal_response, {"lam": float("nan")}, "lam"),
        (quantal_response, {"lam": 1.0, "max_steps": 0}, "max_steps"),
        (logit_branch, {"max_lam": 0.0}, "max_lam"),
        (logit_branch, {"tol": 0.0}, "tol"),
    ],
)
def test_bad_input(func, kwargs, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidParameterError, match=match):
        func(AMP, **kwargs)


def test_symbolic_and_non_games_rejected() -> None:
    sympy = pytest.importorskip("sympy")
    x = sympy.Symbol("x")
    game = NormalFormGame.from_bimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(UnsupportedGameError, match="subs"):
        quantal_response(game, 1.0)
    with pytest.raises(UnsupportedGameError, match="NormalFormGame"):
        logit_branch([[1, 0], [0, 1]])  # type: ignore[arg-type]


def test_too_few_steps_raise_convergence_error() -> None:
    with pytest.raises(ConvergenceError, match="max_steps"):
        quantal_response(AMP, 1e5, max_steps=3)  # lam * range = 9e5, within the limit


def test_against_pygambit_logit() -> None:
    gbt = pytest.importorskip("pygambit")
    if not hasattr(gbt.Game, "from_arrays"):  # the pygambit 16 API this test uses
        pytest.skip(f"pygambit {gbt.__version__} has no Game.from_arrays")
    rng = np.random.default_rng(5)
    arrays = [rng.normal(size=(2, 3, 2)) for _ in range(3)]
    game = NormalFormGame(arrays)
    g = gbt.Game.from_arrays(*arrays)
    for lam in (0.5, 2.0):
        theirs = gbt.qre.logit_solve_lambda(g, lam=[lam]) if hasattr(gbt, "qre") else None
        if theirs is None:
            pytest.skip("pygambit has no logit_solve_lambda")
        prof = theirs[0].profile
        ours = quantal_response(game, lam).strategies
        flat = np.concatenate(ours)
        assert flat == pytest.approx(
            [float(prof[s]) for p in g.players for s in p.strategies], abs=1e-6
        )


def test_the_corrector_recovers_where_newton_diverges() -> None:
    # a random 4-player 5-action game where a full predictor step sent Newton's corrector to
    # exp overflow and numpy's SVD raised LinAlgError: the step is halved instead
    from dealmodels.games.normal_form import NormalFormGame
    from dealmodels.solvers.nash import nash_equilibria, regret

    rng = np.random.default_rng(2026)
    for _ in range(5):
        [rng.integers(-1000, 1001, (2, 2, 2)) for _ in range(3)]
    for _ in range(5):
        [rng.integers(-1000, 1001, (3, 3, 3)) for _ in range(3)]
    games = [[rng.standard_normal((5, 5, 5, 5)) for _ in range(4)] for _ in range(5)]
    game = NormalFormGame(games[4])
    (eq,) = nash_equilibria(game, method="logit")
    assert eq.method == "logit"
    assert regret(game, eq.strategies) < 1e-9
