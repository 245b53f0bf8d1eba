"""Mixed-profile validation (games/profiles.py): every bad profile is refused by name,
with the constraint it breaks (issue 18)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from dealmodels import NormalFormGame
from dealmodels.errors import InvalidParameterError
from dealmodels.games.profiles import PROB_TOL, SUM_TOL, as_profile

PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
PD_FLOAT = PD.as_float()


@pytest.mark.parametrize("game", [PD, PD_FLOAT], ids=["exact", "float"])
@pytest.mark.parametrize(
    ("strategies", "label", "pattern"),
    [
        (5, "strategies", "a sequence of one strategy per player"),
        ("ab", "strategies", "a sequence of one strategy per player"),
        ({0: 1, 1: 0}, "strategies", "a sequence of one strategy per player"),
        ([[1, 0]], "strategies", r"one strategy per player \(2\)"),
        ([[1, 0], [1, 0], [1, 0]], "strategies", r"one strategy per player \(2\)"),
        ([[1, 0, 0], [1, 0]], r"strategies\[0\]", "length 2"),
        ([[1], [1, 0]], r"strategies\[0\]", "length 2"),
        ([[[1, 0]], [1, 0]], r"strategies\[0\]", "length 2"),
        ([[1, [0]], [1, 0]], r"strategies\[0\]", "length 2|real numbers"),
        ([None, [1, 0]], r"strategies\[0\]", "action index"),
        ([True, 0], r"strategies\[0\]", "action index"),
        ([2, 0], r"strategies\[0\]", r"an action index in \[0, 1\]"),
        ([-1, 0], r"strategies\[0\]", r"an action index in \[0, 1\]"),
        ([[1.5, -0.5], [1, 0]], r"strategies\[0\]", "entries in"),
        ([[np.nan, 1], [1, 0]], r"strategies\[0\]", "not NaN"),
        ([[np.inf, 0], [1, 0]], r"strategies\[0\]", "entries in"),
        ([[0.5, 0.4], [1, 0]], r"strategies\[0\]", "summing to 1"),
        ([[1, 0], [0.5, 0.6]], r"strategies\[1\]", "summing to 1"),
        ([["a", "b"], [1, 0]], r"strategies\[0\]", "real numbers"),
        ([[1j, 0], [1, 0]], r"strategies\[0\]", "real numbers"),
        ([[True, False], [1, 0]], r"strategies\[0\]", "real numbers"),
        ([[Fraction(2), Fraction(-1)], [1, 0]], r"strategies\[0\]", ">= 0, summing to 1"),
    ],
)
def test_bad_profiles_refused_by_name(game, strategies, label, pattern):
    with pytest.raises(InvalidParameterError, match=rf"^{label} must be .*({pattern})") as e:
        as_profile(game, strategies)
    assert "got " in str(e.value)


@pytest.mark.parametrize(
    "strategies",
    [
        [[1, 0], [0, 1]],
        [0, 1],
        [[0.5, 0.5], [0.25, 0.75]],
        [[1 + PROB_TOL / 2, -PROB_TOL / 2], [1, 0]],
        [[0.5, 0.5 + SUM_TOL / 2], [1, 0]],
        (np.array([0.5, 0.5]), np.array([1.0, 0.0])),
        [[Fraction(1, 3), Fraction(2, 3)], 1],
    ],
)
def test_good_profiles_accepted(strategies):
    prof = as_profile(PD, strategies)
    assert len(prof) == 2
    assert all(p.shape == (2,) for p in prof)


def test_exact_profile_stays_exact():
    prof = as_profile(PD, [[Fraction(1, 3), Fraction(2, 3)], 1])
    assert prof[0].tolist() == [Fraction(1, 3), Fraction(2, 3)]
    assert PD.expected_payoffs([[Fraction(1, 3), Fraction(2, 3)], 1]).tolist() == [
        Fraction(2, 3),
        Fraction(7, 3),  # 5 * 1/3 + 1 * 2/3
    ]


@pytest.mark.parametrize(
    ("profile", "pattern"),
    [
        (5, "a sequence of one action index per player"),
        ("01", "a sequence of one action index per player"),
        ((0, "a"), "integer action indices"),
        ((0, 1.0), "integer action indices"),
        ((True, 0), "integer action indices"),
        ((0, 2), "within"),
        ((0,), "within"),
    ],
)
def test_payoff_profile_refuses_bad_profiles_by_name(profile, pattern):
    with pytest.raises(InvalidParameterError, match=rf"^profile must .*{pattern}"):
        PD.payoff_profile(profile)


def test_payoff_profile_accepts_numpy_integers():
    assert PD.payoff_profile((np.int64(1), np.int32(0))) == (5, 0)
