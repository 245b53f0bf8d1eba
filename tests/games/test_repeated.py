"""RepeatedGame: construction and validation."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pytest

from dealmodels import NormalFormGame
from dealmodels.errors import InvalidParameterError
from dealmodels.games.repeated import RepeatedGame

PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def test_scalar_discount_applies_to_every_player() -> None:
    rg = RepeatedGame(PD, 0.9)
    assert rg.discount == (0.9, 0.9)
    assert rg.discounts == (0.9, 0.9)
    assert rg.n_players == 2
    assert rg.stage is PD


def test_per_player_discounts() -> None:
    rg = RepeatedGame(PD, np.array([0.9, 0.0]))
    assert rg.discount == (0.9, 0.0)
    assert rg.min_discount == 0.0


def test_frozen_and_replace_revalidates() -> None:
    rg = RepeatedGame(PD, 0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rg.discount = (0.1, 0.1)  # type: ignore[misc]
    assert dataclasses.replace(rg, discount=0.8).discount == (0.8, 0.8)
    with pytest.raises(InvalidParameterError, match="discount"):
        dataclasses.replace(rg, discount=1.0)


def test_three_players() -> None:
    g = NormalFormGame([np.zeros((2, 2, 2))] * 3)
    assert RepeatedGame(g, (0.1, 0.2, 0.3)).discount == (0.1, 0.2, 0.3)


BAD: list[tuple[dict[str, Any], str]] = [
    ({"stage": PD, "discount": 1.0}, "discount"),
    ({"stage": PD, "discount": 1}, "discount"),
    ({"stage": PD, "discount": -0.1}, "discount"),
    ({"stage": PD, "discount": math.nan}, "discount"),
    ({"stage": PD, "discount": "0.5"}, "discount"),
    ({"stage": PD, "discount": (0.5, 0.5, 0.5)}, "discount"),
    ({"stage": PD, "discount": (0.5, 1.5)}, "discount"),
    ({"stage": [[3, 0], [5, 1]], "discount": 0.5}, "stage"),
]


@pytest.mark.parametrize(("kwargs", "match"), BAD)
def test_bad_input(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        RepeatedGame(**kwargs)
