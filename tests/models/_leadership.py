"""Checks shared by the leadership models declared as trees (the monitoring game, M5, and
the oversight commitment, M8): the declared tree's values against the closed form's, and
its subgame-perfect play against the general Stackelberg solver on the bimatrix game."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import dealmodels as dm


def assert_derived_values_are_the_closed_forms(model: Any, v: dict[str, np.ndarray]) -> None:
    """The declaration's solve gives the closed form's regimes and values (to 1e-12 of the
    points' scale)."""
    derived = model.declared().solve(**v)
    closed = model.solve(**v)
    np.testing.assert_array_equal(derived.regime_code, closed.regime_code)
    scale = 1 + np.max(np.abs(np.stack(list(v.values()))), axis=0)
    for field in ("developer_value", "ai_value"):
        np.testing.assert_allclose(
            getattr(derived, field) / scale, getattr(closed, field) / scale, atol=1e-12
        )


def assert_tree_is_the_stackelberg_solution(model: Any, v: dict[str, float]) -> None:
    """The declared tree's subgame-perfect value is the leader's value of
    :func:`dealmodels.stackelberg` on ``model.game()`` and the closed form's."""
    spe = dm.subgame_perfect(model.declared().game(**v), tol=0.0)
    sse = dm.stackelberg(model.game(**v), leader=0)
    assert float(spe.payoffs[0]) == pytest.approx(float(sse.leader_value), abs=1e-9)
    assert float(spe.payoffs[0]) == pytest.approx(
        float(model.solve(**v).developer_value), abs=1e-12
    )


def inspection_points(
    n: int, seed: int, *, nuisance: float = 1.0, reward: bool = False
) -> dict[str, np.ndarray]:
    """``n`` random points of the inspection game's values (with ``residual_damage <=
    damage``); with ``reward``, also the oversight commitment's reward and trust."""
    rng = np.random.default_rng(seed)
    c = rng.uniform(0, 3, n)
    out = {
        "audit_cost": rng.uniform(0, 1, n),
        "damage": c,
        "residual_damage": c * rng.uniform(0, 1, n),
        "gain": rng.uniform(0, 3, n),
        "penalty": rng.uniform(0, 3, n),
        "nuisance": rng.uniform(0, nuisance, n),
        "detection": rng.uniform(0, 1, n),
        "subversion": rng.uniform(0, 1, n),
        "promise_keeping": rng.uniform(0, 2, n),
    }
    if reward:
        out.update(audit_reward=rng.uniform(0, 3, n), trust=rng.uniform(0, 1, n))
    return out
