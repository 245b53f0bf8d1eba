"""Tests for the Lemke-Howson kernel (dealmodels.solvers._lemke_howson).

The float kernel takes a fast ratio test on nondegenerate vertices and falls back to the
lexicographic test (after undoing the pivot) on ties; the exact kernel pivots on Fractions
and shares no code with it, so it is the oracle for the float path on integer games, where
ties are exact. quantecon's ``lemke_howson`` is the oracle for long float paths.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.solvers import _lemke_howson as kernel
from dealmodels.solvers._vertex import rescale


def _float_inputs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return rescale(np.asarray(a, dtype=float)), rescale(np.asarray(b, dtype=float))


def _exact_inputs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same positive affine image as ``rescale``, in Fractions: 1 + (a - lo) / span."""

    def exact(matrix: np.ndarray) -> np.ndarray:
        lo, hi = int(matrix.min()), int(matrix.max())
        if hi == lo:
            return np.full(matrix.shape, Fraction(1), dtype=object)
        span = hi - lo
        return np.vectorize(lambda v: 1 + Fraction(int(v) - lo, span), otypes=[object])(matrix)

    return exact(a), exact(b)


def _paths(
    a: np.ndarray, b: np.ndarray, label: int
) -> tuple[tuple[Any, Any, int], tuple[Any, Any, int]]:
    fa, fb = _float_inputs(a, b)
    ea, eb = _exact_inputs(a, b)
    floats = kernel.lemke_howson_path(fa, fb, label, tol=1e-9, max_pivots=None)
    exact = kernel.lemke_howson_path(ea, eb, label, tol=0.0, max_pivots=None)
    return floats, exact


def _same_end(floats: tuple[Any, Any, int], exact: tuple[Any, Any, int]) -> None:
    assert floats[2] == exact[2]  # the same number of pivots: the same path
    for got, want in zip(floats[:2], exact[:2], strict=True):
        assert got == pytest.approx(np.asarray(want, dtype=float), abs=1e-9)


# QuantEcon.py's degenerate examples (see tests/solvers/test_nash.py): every pivot after
# the first ties, so the float path takes the lexicographic fallback throughout.
_CYCLING_A = np.array([[0, 0, 0], [0, 1, 1], [1, 1, 0]])
_CYCLING_B = np.array([[1, 0, 1], [1, 1, 0], [0, 0, 2]])


@pytest.mark.parametrize("label", range(6))
def test_degenerate_float_path_equals_the_exact_path(label: int) -> None:
    floats, exact = _paths(_CYCLING_A, _CYCLING_B, label)
    _same_end(floats, exact)


def test_tie_after_a_fast_pivot_is_undone_and_redone_lexicographically(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The first pivot starts at a nondegenerate vertex (every right-hand side is 1), so the
    # fast ratio test takes it; in this game it ties, and the pivot must be undone (a pivot
    # on the same entry) and redone by the lexicographic test.
    events: list[str] = []
    pivot, lex_row = kernel._float_pivot, kernel._float_lex_row

    def counting_pivot(*args: Any) -> None:
        events.append("pivot")
        pivot(*args)

    def counting_lex_row(*args: Any) -> int:
        events.append("lex")
        return lex_row(*args)

    monkeypatch.setattr(kernel, "_float_pivot", counting_pivot)
    monkeypatch.setattr(kernel, "_float_lex_row", counting_lex_row)
    undone = 0
    for label in range(6):
        events.clear()
        floats, exact = _paths(_CYCLING_A, _CYCLING_B, label)
        _same_end(floats, exact)
        undone += sum(events[k : k + 2] == ["pivot", "lex"] for k in range(len(events)))
        assert events[:1] in (["pivot"], [])  # the first pivot is fast (undone or not)
    assert undone > 0


@given(
    shape=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    values=st.integers(0, 3),
    data=st.data(),
)
def test_float_path_equals_exact_path_on_integer_games(
    shape: tuple[int, int], values: int, data: st.DataObject
) -> None:
    m, n = shape
    entries = st.integers(0, values)
    a = np.array(data.draw(st.lists(entries, min_size=m * n, max_size=m * n))).reshape(m, n)
    b = np.array(data.draw(st.lists(entries, min_size=m * n, max_size=m * n))).reshape(m, n)
    label = data.draw(st.integers(0, m + n - 1))
    floats, exact = _paths(a, b, label)
    _same_end(floats, exact)


@pytest.mark.parametrize("seed", range(5))
def test_float_path_endpoint_is_an_equilibrium_of_a_random_game(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal((30, 25)), rng.standard_normal((30, 25))
    fa, fb = _float_inputs(a, b)
    x, y, _ = kernel.lemke_howson_path(fa, fb, seed, tol=1e-9, max_pivots=None)
    x, y = x / x.sum(), y / y.sum()
    assert np.max(a @ y) - x @ a @ y <= 1e-9
    assert np.max(x @ b) - x @ b @ y <= 1e-9


def test_large_pivots_keep_the_tableau_accurate() -> None:
    # Payoffs over seven orders of magnitude: most rescaled entries sit near 1, so ratios
    # nearly tie and pivot entries range widely; every end point must still verify.
    rng = np.random.default_rng(3)
    a = rng.standard_normal((12, 12)) * np.logspace(0, 7, 12)
    b = rng.standard_normal((12, 12)) * np.logspace(7, 0, 12)[:, None]
    game = dm.NormalFormGame.from_bimatrix(a, b)
    for label in range(24):
        eq = dm.lemke_howson(game, label)  # verified: regret <= 1e-9 x payoff scale
        assert dm.is_nash(game, eq.strategies, tol=1e-6)


def test_pivot_limit_error_reports_the_pivots_that_ran() -> None:
    fa, fb = _float_inputs(*np.random.default_rng(9).standard_normal((2, 7, 7)))
    needed = kernel.lemke_howson_path(fa, fb, 0, tol=1e-9, max_pivots=None)[2]
    with pytest.raises(kernel.PivotLimitError) as info:
        kernel.lemke_howson_path(fa, fb, 0, tol=1e-9, max_pivots=needed - 1)
    assert info.value.pivots == needed - 1
    assert f"max_pivots={needed - 1}" in str(info.value)
    ea, eb = _exact_inputs(*np.random.default_rng(0).integers(0, 9, (2, 5, 5)))
    needed = kernel.lemke_howson_path(ea, eb, 0, tol=0.0, max_pivots=None)[2]
    with pytest.raises(kernel.PivotLimitError) as info:
        kernel.lemke_howson_path(ea, eb, 0, tol=0.0, max_pivots=needed - 1)
    assert info.value.pivots == needed - 1


def test_a_path_longer_than_100000_pivots_ends_where_quantecon_ends() -> None:
    # The benchmark's 200x200 game seed 200006: quantecon needs 126,526 pivots from label 0;
    # the old fixed cap of 100,000 made dealmodels fail on such games.
    gt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(200_006)
    a, b = rng.standard_normal((200, 200)), rng.standard_normal((200, 200))
    theirs, res = gt.lemke_howson(
        gt.NormalFormGame((gt.Player(a), gt.Player(b.T.copy()))), init_pivot=0, full_output=True
    )
    assert res.converged
    assert res.num_iter > 100_000
    fa, fb = _float_inputs(a, b)
    pivots = kernel.lemke_howson_path(fa, fb, 0, tol=1e-9, max_pivots=None)[2]
    assert pivots == res.num_iter
    eq = dm.lemke_howson(dm.NormalFormGame.from_bimatrix(a, b), 0)  # default budget suffices
    assert eq.strategies[0] == pytest.approx(theirs[0], abs=1e-8)
    assert eq.strategies[1] == pytest.approx(theirs[1], abs=1e-8)
