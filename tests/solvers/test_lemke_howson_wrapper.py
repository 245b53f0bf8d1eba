"""Tests for ``lemke_howson``'s float wrapper (dealmodels.solvers.nash).

The float path scales each payoff matrix once (``_lh_scaled``), checks the returned
profile with the two-player regret check on those scaled payoffs, and builds the
``Equilibrium`` without copying its arrays. The general ``_verified`` is the oracle: the
fast path must return what it returns, and still refuse a profile that is not an
equilibrium. Each test runs with both float kernels (``kernel``: the numpy one, and the
compiled one when numba is installed), which differ in where the scaling and the regret
check run (numpy, or compiled beside the path).
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


@pytest.fixture(params=["numpy", "numba"])
def kernel_choice(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Force one float kernel for the test (the compiled one skips without numba)."""
    if request.param == "numba":
        pytest.importorskip("numba")
    monkeypatch.setattr(kernel, "kernel", request.param)
    return str(request.param)


def _game(seed: int, m: int = 7, n: int = 5, scale: float = 1.0) -> dm.NormalFormGame:
    rng = np.random.default_rng(seed)
    return dm.NormalFormGame.from_bimatrix(
        scale * rng.standard_normal((m, n)), scale * rng.standard_normal((m, n))
    )


@pytest.mark.parametrize("seed", range(8))
def test_fast_path_returns_what_verified_returns(seed: int, kernel_choice: str) -> None:
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


def test_returned_arrays_are_read_only(kernel_choice: str) -> None:
    eq = dm.lemke_howson(_game(3), 0)
    for arr in (*eq.strategies, eq.payoffs):
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0.5


_PENNIES = dm.NormalFormGame.from_bimatrix([[1.0, -1.0], [-1.0, 1.0]])


def _plant(monkeypatch: pytest.MonkeyPatch, choice: str, x: list[float], y: list[float]) -> None:
    """Make the forced kernel's path return ``(x, y)`` (normalised as the kernel would)."""
    if choice == "numpy":

        def wrong_path(*args: Any, **kwargs: Any) -> tuple[np.ndarray, np.ndarray, int]:
            return np.array(x), np.array(y), 1

        monkeypatch.setattr(kernel, "lemke_howson_path", wrong_path)
    else:
        from dealmodels.solvers import _lh_compiled

        real_path = _lh_compiled.path

        def wrong_compiled(*args: Any) -> tuple[Any, ...]:
            *_, status, scales = real_path(*args)  # the true path's scales and status
            return np.array(x), np.array(y), 1, status, scales

        monkeypatch.setattr(_lh_compiled, "path", wrong_compiled)


def test_a_profile_that_is_not_an_equilibrium_is_refused(
    monkeypatch: pytest.MonkeyPatch, kernel_choice: str
) -> None:
    # matching pennies: the only equilibrium is (1/2, 1/2) for both, so two pure
    # strategies leave one player a gain of 2 (all of its payoff range)
    _plant(monkeypatch, kernel_choice, [1.0, 0.0], [0.0, 1.0])
    with pytest.raises(SolverError, match=r"regret 2 for player 0, 1 of its payoff range"):
        dm.lemke_howson(_PENNIES, 0)


def test_a_slightly_wrong_profile_is_refused(
    monkeypatch: pytest.MonkeyPatch, kernel_choice: str
) -> None:
    # 1e-6 off the equilibrium: player 1 gains 2e-6 (1e-6 of its range) > tol = 1e-9
    _plant(monkeypatch, kernel_choice, [0.5 + 1e-6, 0.5 - 1e-6], [0.5, 0.5])
    with pytest.raises(SolverError, match=r"for player 1, 1e-06 of its payoff range"):
        dm.lemke_howson(_PENNIES, 0)
    eq = dm.lemke_howson(_PENNIES, 0, tol=1e-5)  # within a looser tolerance: accepted
    assert eq.regret == pytest.approx(2e-6, rel=1e-6)


def test_a_nan_profile_is_refused(monkeypatch: pytest.MonkeyPatch, kernel_choice: str) -> None:
    _plant(monkeypatch, kernel_choice, [np.nan, np.nan], [0.5, 0.5])
    with pytest.raises(SolverError, match="not a number"):
        dm.lemke_howson(_PENNIES, 0)


@pytest.mark.parametrize("tol", [float("nan"), -1e-9, float("inf"), "1e-9", None])
def test_bad_tol_is_still_refused(tol: object) -> None:
    with pytest.raises(InvalidParameterError, match="tol"):
        dm.lemke_howson(_game(0), 0, tol=tol)  # type: ignore[arg-type]


@pytest.mark.parametrize("tol", [np.float64(1e-9), np.float32(1e-6), 1e-6])
def test_other_nonnegative_tols_are_accepted(tol: object, kernel_choice: str) -> None:
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
def test_equilibrium_does_not_depend_on_the_payoff_scale(scale: float, kernel_choice: str) -> None:
    base = dm.lemke_howson(_game(5), 2)
    eq = dm.lemke_howson(_game(5, scale=scale), 2)
    for s, r in zip(eq.strategies, base.strategies, strict=True):
        np.testing.assert_allclose(s, r, atol=1e-12)
    np.testing.assert_allclose(eq.payoffs, scale * base.payoffs, rtol=1e-9)
    assert np.all(np.isfinite(eq.payoffs))


def test_check_regret_refuses_a_nan_regret() -> None:
    # a NaN regret (a NaN strategy) compares False with everything: it must not pass as <= tol
    from dealmodels.solvers.nash import _check_regret

    prof = (np.array([np.nan, 1.0]), np.array([1.0, 0.0]))
    with pytest.raises(SolverError, match="regret for player 0 is not a number"):
        _check_regret([float("nan"), 0.0], [float("nan"), 0.0], prof, "test", 1e-9)
    _check_regret([0.0, 1e-12], [0.0, 1e-12], prof, "test", 1e-9)  # within tol: no error
