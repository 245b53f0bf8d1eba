"""Tests for ``lemke_howson``'s float wrapper (dealmodels.solvers.nash).

The float path scales each payoff matrix once (``_lh_scaled``), checks the returned
profile with the two-player regret check on those scaled payoffs, and builds the
``Equilibrium`` without copying its arrays. The general ``_verified`` is the oracle: the
fast path must return what it returns, and still refuse a profile that is not an
equilibrium.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import dealmodels as dm
from dealmodels.errors import InvalidParameterError, SolverError
from dealmodels.games.profiles import expected_payoffs
from dealmodels.solvers import _lemke_howson as kernel
from dealmodels.solvers import nash


def _game(seed: int, m: int = 7, n: int = 5, scale: float = 1.0) -> dm.NormalFormGame:
    rng = np.random.default_rng(seed)
    return dm.NormalFormGame.from_bimatrix(
        scale * rng.standard_normal((m, n)), scale * rng.standard_normal((m, n))
    )


@pytest.mark.parametrize("seed", range(8))
def test_fast_path_returns_what_verified_returns(seed: int) -> None:
    game = _game(seed)
    eq = dm.lemke_howson(game, seed % 12)
    ref = nash._verified(game, [s.copy() for s in eq.strategies], "lemke_howson", 1e-9)
    assert type(eq) is nash.Equilibrium
    for s, r in zip(eq.strategies, ref.strategies, strict=True):
        assert s.dtype == np.float64
        np.testing.assert_array_equal(s, r)
        assert s.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(eq.payoffs, ref.payoffs, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(eq.payoffs, expected_payoffs(game, eq.strategies), rtol=1e-9)
    assert eq.regret == pytest.approx(ref.regret, abs=1e-12)
    assert eq.support == ref.support
    assert all(type(i) is int for sup in eq.support for i in sup)
    assert eq.method == ref.method == "lemke_howson"
    assert eq.is_pure == ref.is_pure
    assert repr(eq) == repr(ref)


def test_returned_arrays_are_read_only() -> None:
    eq = dm.lemke_howson(_game(3), 0)
    for arr in (*eq.strategies, eq.payoffs):
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0.5


def test_a_profile_that_is_not_an_equilibrium_is_refused(monkeypatch: Any) -> None:
    # matching pennies: the only equilibrium is (1/2, 1/2) for both, so two pure
    # strategies leave one player a gain of 2 (all of its payoff range)
    game = dm.NormalFormGame.from_bimatrix([[1.0, -1.0], [-1.0, 1.0]])

    def wrong_path(*args: Any, **kwargs: Any) -> tuple[np.ndarray, np.ndarray, int]:
        return np.array([1.0, 0.0]), np.array([0.0, 3.0]), 1

    monkeypatch.setattr(kernel, "lemke_howson_path", wrong_path)
    with pytest.raises(SolverError, match=r"regret 2 for player 0, 1 of its payoff range"):
        dm.lemke_howson(game, 0)


@pytest.mark.parametrize("tol", [float("nan"), -1e-9, float("inf"), "1e-9", None])
def test_bad_tol_is_still_refused(tol: object) -> None:
    with pytest.raises(InvalidParameterError, match="tol"):
        dm.lemke_howson(_game(0), 0, tol=tol)  # type: ignore[arg-type]


@pytest.mark.parametrize("tol", [np.float64(1e-9), np.float32(1e-6), 1e-6])
def test_other_nonnegative_tols_are_accepted(tol: object) -> None:
    eq = dm.lemke_howson(_game(1), 0, tol=tol)  # type: ignore[arg-type]
    assert dm.is_nash(_game(1), eq.strategies, tol=1e-9)


@pytest.mark.parametrize(
    "matrix",
    [
        np.array([[3.0, -1.0], [0.5, 2.0]]),
        np.array([[1.7e308, -1.7e308], [1e308, 0.0]]),
        np.array([[1e6, 1e6 + 1], [1e6 + 0.25, 1e6 + 0.5]]),
        np.array([[-5e-320, 0.0], [1e-320, 2e-320]]),
    ],
)
def test_scaled_matrix_is_a_positive_affine_image_in_one_to_two(matrix: np.ndarray) -> None:
    positive, unit, span, top = nash._lh_scaled(matrix)
    assert top == np.max(np.abs(matrix))
    np.testing.assert_array_equal(unit, matrix / top)
    assert span == unit.max() - unit.min() > 0
    assert np.all(np.isfinite(positive))
    assert positive.min() == pytest.approx(1.0, abs=1e-15)
    assert positive.max() == pytest.approx(2.0, abs=1e-15)
    # affine: positive = 1 + (unit - min) / span, entry by entry
    np.testing.assert_allclose(positive, 1.0 + (unit - unit.min()) / span, rtol=1e-15)


@pytest.mark.parametrize("value", [0.0, -3.0, 2.5])
def test_constant_matrix_scales_to_ones(value: float) -> None:
    positive, unit, span, top = nash._lh_scaled(np.full((2, 3), value))
    assert span == 0.0
    assert top == (abs(value) or 1.0)
    np.testing.assert_array_equal(unit, np.full((2, 3), value / top))
    np.testing.assert_array_equal(positive, np.ones((2, 3)))


@pytest.mark.parametrize("scale", [1e-300, 1e300, 1.7e308 / 5])
def test_equilibrium_does_not_depend_on_the_payoff_scale(scale: float) -> None:
    base = dm.lemke_howson(_game(5), 2)
    eq = dm.lemke_howson(_game(5, scale=scale), 2)
    for s, r in zip(eq.strategies, base.strategies, strict=True):
        np.testing.assert_allclose(s, r, atol=1e-12)
    np.testing.assert_allclose(eq.payoffs, scale * base.payoffs, rtol=1e-9)
    assert np.all(np.isfinite(eq.payoffs))
