"""Simplicial subdivision's path cap and its handover to the logit homotopy."""

from __future__ import annotations

import time

import numpy as np
import pytest

import dealmodels as dm
from dealmodels import NormalFormGame, nash_equilibria
from dealmodels.solvers._npoly import normalised
from dealmodels.solvers._simpdiv import PathCapError, approximate
from dealmodels.solvers.nplayer import (
    SIMPDIV_HANDOVER_METHOD,
    simplicial_equilibrium,
)


def normal_game(shape: tuple[int, ...], seed: int) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame([rng.standard_normal(shape) for _ in shape])


def test_approximate_raises_at_the_cap() -> None:
    u = normalised(normal_game((4, 4, 4), 1).payoffs)
    with pytest.raises(PathCapError) as info:
        approximate(u, accept=lambda *a: None, max_total_steps=30)
    assert info.value.steps == 30
    assert isinstance(info.value, dm.errors.ConvergenceError)


@pytest.mark.parametrize("seed", range(3))
def test_small_cap_hands_over_to_logit(seed: int) -> None:
    game = normal_game((3, 3, 3), seed)
    eq = simplicial_equilibrium(game, 1e-9, path_cap=5)
    assert eq.method == SIMPDIV_HANDOVER_METHOD
    assert dm.is_nash(game, eq.strategies, tol=1e-8)
    (logit,) = nash_equilibria(game, method="logit")
    assert np.allclose(np.concatenate(eq.strategies), np.concatenate(logit.strategies), atol=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_no_cap_stays_simplicial(seed: int) -> None:
    game = normal_game((3, 3, 3), seed)
    eq = simplicial_equilibrium(game, 1e-9, path_cap=None)
    assert eq.method == "simplicial_subdivision"
    assert dm.is_nash(game, eq.strategies, tol=1e-8)


def test_default_cap_on_a_long_path() -> None:
    # a 4-player 5-action game whose restart paths visit over 800,000 simplices (27 s
    # uncapped on the benchmark machine): the default cap hands over to logit quickly
    rng = np.random.default_rng(2026)
    for _ in range(10):
        [rng.integers(-1000, 1001, size=(2, 2, 2)) for _ in range(3)]
    for _ in range(4):
        [rng.standard_normal((5, 5, 5, 5)) for _ in range(4)]
    game = NormalFormGame([rng.standard_normal((5, 5, 5, 5)) for _ in range(4)])
    t0 = time.process_time()
    (eq,) = nash_equilibria(game, method="simplicial_subdivision")
    assert time.process_time() - t0 < 10.0  # uncapped: tens of seconds
    assert eq.method == SIMPDIV_HANDOVER_METHOD
    assert dm.is_nash(game, eq.strategies, tol=1e-8)


def test_failed_logit_handover_falls_back_to_uncapped(monkeypatch: pytest.MonkeyPatch) -> None:
    import dealmodels.solvers.quantal as quantal

    def broken(game: NormalFormGame, tol: float) -> dm.Equilibrium:
        raise np.linalg.LinAlgError("SVD did not converge")

    monkeypatch.setattr(quantal, "logit_equilibrium", broken)
    game = normal_game((3, 3, 3), 0)
    eq = simplicial_equilibrium(game, 1e-9, path_cap=5)
    assert eq.method == "simplicial_subdivision"
    assert dm.is_nash(game, eq.strategies, tol=1e-8)
