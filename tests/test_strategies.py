"""Tests for dealmodels.strategies: generated games respect their bounds; bad bounds raise."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given

from dealmodels import InvalidParameterError, NormalFormGame
from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition, Spec
from dealmodels.strategies import (
    bimatrix_games,
    disposition_features,
    normal_form_games,
    persistence_models,
    specs,
    utilities,
    worlds,
)
from dealmodels.world import World


@given(game=bimatrix_games(min_actions=2, max_actions=3))
def test_bimatrix_games_respect_bounds(game: NormalFormGame) -> None:
    assert isinstance(game, NormalFormGame)
    assert game.n_players == 2
    assert all(2 <= m <= 3 for m in game.shape)
    assert game.kind in {"float", "exact"}


@given(game=bimatrix_games(max_actions=3, exact=True))
def test_exact_flag(game: NormalFormGame) -> None:
    assert game.kind == "exact"


@given(game=bimatrix_games(max_actions=3, exact=False))
def test_float_flag(game: NormalFormGame) -> None:
    assert game.kind == "float"
    assert all(np.all(np.isfinite(a)) for a in game.payoffs)


@given(game=bimatrix_games(min_actions=3, max_actions=3, degenerate=True))
def test_degenerate_games_use_few_small_integers(game: NormalFormGame) -> None:
    values = np.concatenate([np.asarray(a, dtype=float).ravel() for a in game.payoffs])
    assert np.all(values == np.round(values))
    assert np.max(np.abs(values)) <= 3


@given(
    game=normal_form_games(min_players=3, max_players=4, min_actions=2, max_actions=3),
)
def test_normal_form_games_respect_bounds(game: NormalFormGame) -> None:
    assert 3 <= game.n_players <= 4
    assert all(2 <= m <= 3 for m in game.shape)


def test_defaults_generate_degenerate_and_nondegenerate() -> None:
    seen: set[bool] = set()

    @given(game=bimatrix_games(min_actions=2, max_actions=2))
    def collect(game: NormalFormGame) -> None:
        values = np.asarray(game.payoffs[0], dtype=float)
        seen.add(bool(np.all(values == np.round(values)) and np.max(np.abs(values)) <= 3))

    collect()
    assert seen == {True, False}


BAD = [
    (bimatrix_games, {"min_actions": 0}, "min_actions"),
    (bimatrix_games, {"max_actions": 11}, "max_actions"),
    (bimatrix_games, {"min_actions": 3, "max_actions": 2}, "max_actions"),
    (bimatrix_games, {"min_actions": 1.5}, "min_actions"),
    (bimatrix_games, {"exact": "yes"}, "exact"),
    (bimatrix_games, {"degenerate": 1}, "degenerate"),
    (normal_form_games, {"min_players": 0}, "min_players"),
    (normal_form_games, {"max_players": 7}, "max_players"),
    (normal_form_games, {"min_players": 3, "max_players": 2}, "max_players"),
    (normal_form_games, {"min_actions": 0}, "min_actions"),
    (normal_form_games, {"exact": 0}, "exact"),
    (normal_form_games, {"degenerate": "no"}, "degenerate"),
    (disposition_features, {"needs_honesty": 1}, "needs_honesty"),
    (persistence_models, {"max_weight": 0}, "max_weight"),
    (persistence_models, {"max_intercept": -1.0}, "max_intercept"),
    (specs, {"min_targets": -1}, "min_targets"),
    (specs, {"max_targets": 12}, "max_targets"),
    (specs, {"min_targets": 3, "max_targets": 2}, "max_targets"),
    (specs, {"max_risk_aversion": 0}, "max_risk_aversion"),
    (utilities, {"max_risk_aversion": float("nan")}, "max_risk_aversion"),
]


@pytest.mark.parametrize(
    ("factory", "kwargs", "match"),
    BAD,
    ids=[f"{f.__name__}-{m}-{i}" for i, (f, _, m) in enumerate(BAD)],
)
def test_bad_bounds(factory: Any, kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        factory(**kwargs)


def test_bounds_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        bimatrix_games(1, 2)  # type: ignore[misc]


@given(spec=specs(min_targets=2, max_targets=3))
def test_specs_target_within_bounds(spec: Spec) -> None:
    base = Disposition.misaligned()
    changed = [f for f in DISPOSITION_FIELDS if getattr(spec.target, f) != getattr(base, f)]
    assert len(changed) <= 3
    assert set(changed) <= set(spec.features)
    assert set(spec.persistence_probabilities()) == set(spec.targeted)


@given(world=worlds(names=["p", "damage", "residual_damage", "instances"]))
def test_worlds_are_valid(world: World) -> None:
    assert 0 <= world.p <= 1
    assert world.residual_damage <= world.damage
    assert float(world.instances).is_integer()


def test_worlds_bad_names() -> None:
    with pytest.raises(InvalidParameterError, match="no quantity"):
        worlds(names=["nope"])
    with pytest.raises(InvalidParameterError, match="names"):
        worlds(names="p")
