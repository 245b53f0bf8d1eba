"""Tests for the compiled Lemke–Howson kernel (dealmodels.solvers._lh_compiled).

The numpy kernel ``_float_path`` is the oracle: the compiled one must follow the same path
(the same pivot count) to the same end point from every starting label, on random games
and on degenerate integer games where the lexicographic tie-breaking decides the path,
and hit the pivot budget at the same pivot. Its scaling must equal ``nash._lh_scaled``'s
and its regret check ``nash._pair_gains``'s. Dispatch: which kernel ``auto`` picks, the
forcing switch, and numba never imported by ``import dealmodels`` or by small games.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

import dealmodels as dm
import dealmodels.solvers
from dealmodels.errors import ConvergenceError, InvalidParameterError
from dealmodels.solvers import _lemke_howson as kernel
from dealmodels.solvers import nash

pytest.importorskip("numba")
from dealmodels.solvers import _lh_compiled as compiled


def _frozen(*arrays: np.ndarray) -> list[np.ndarray]:
    """Read-only C-ordered float copies: the array type lemke_howson hands the kernel."""
    return [kernel.frozen_c(np.array(a, dtype=float)) for a in arrays]


def _both_paths(
    a: np.ndarray, b: np.ndarray, label: int, max_pivots: int | None = None
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    a, b = _frozen(a, b)
    pa, pb = nash._lh_scaled(a)[0], nash._lh_scaled(b)[0]
    ours = kernel._float_path(pa, pb, label, 1e-9, max_pivots)
    limit = -1 if max_pivots is None else max_pivots
    x, y, pivots, status, _ = compiled.path(a, b, label, 1e-9, limit, False)
    assert status == compiled.OK
    return ours, (x, y, pivots)


def _assert_same_end(numpy_end: tuple[Any, ...], compiled_end: tuple[Any, ...]) -> None:
    assert compiled_end[2] == numpy_end[2]  # the same number of pivots
    for got, want in zip(compiled_end[:2], numpy_end[:2], strict=True):
        assert np.flatnonzero(got > 1e-12).tolist() == np.flatnonzero(want > 1e-12).tolist()
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


_SHAPES = [(1, 1), (1, 4), (2, 2), (3, 5), (7, 4), (12, 12), (25, 30), (60, 60)]


@pytest.mark.parametrize("shape", _SHAPES)
def test_same_path_and_end_on_random_games_from_every_label(shape: tuple[int, int]) -> None:
    m, n = shape
    rng = np.random.default_rng(m * 100 + n)
    a, b = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    for label in range(m + n):
        _assert_same_end(*_both_paths(a, b, label))


@pytest.mark.parametrize("seed", range(12))
def test_same_path_on_degenerate_integer_games_from_every_label(seed: int) -> None:
    # payoffs in {0, 1, 2}: ties in the ratio test and degenerate vertices everywhere
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 9, size=2)
    a, b = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
    for label in range(m + n):
        _assert_same_end(*_both_paths(a, b, label))


def test_same_path_on_quantecon_cycling_examples() -> None:
    # every pivot after the first ties (QuantEcon.py's degenerate examples)
    games = [
        ([[0, 0, 0], [0, 1, 1], [1, 1, 0]], [[1, 0, 1], [1, 1, 0], [0, 0, 2]]),
        ([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
        (np.eye(4), np.eye(4)),  # every ratio ties at every vertex
        (np.ones((3, 4)), np.zeros((3, 4))),  # constant payoffs: all entries 1 after scaling
    ]
    for a, b in games:
        a, b = np.asarray(a), np.asarray(b)
        for label in range(sum(a.shape)):
            _assert_same_end(*_both_paths(a, b, label))


@pytest.mark.parametrize(
    "matrix",
    [
        np.array([[3.0, -1.0], [0.5, 2.0]]),
        np.array([[1.7e308, -1.7e308], [1e308, 0.0]]),
        np.array([[1e6, 1e6 + 1], [1e6 + 0.25, 1e6 + 0.5]]),
        np.array([[-5e-320, 0.0], [1e-320, 2e-320]]),
        np.array([[-0.0, 0.0], [0.0, -0.0]]),
        np.array([[0.0, -0.0, 2.0]]),
        np.array([[-3.0, -3.0, -3.0]]),
        np.random.default_rng(0).standard_normal((9, 13)),
    ],
)
def test_tableaux_hold_exactly_the_scaled_payoffs(matrix: np.ndarray) -> None:
    (a,) = _frozen(matrix)
    (b,) = _frozen(matrix[::-1].copy())
    positive_a, _, span_a, top_a = nash._lh_scaled(a)
    positive_b, _, span_b, top_b = nash._lh_scaled(b)
    t0, t1, *scales = compiled._tableaux(a, b)
    assert scales == [top_a, span_a, top_b, span_b]
    assert compiled._scale(a) == (top_a, float(a.min()) / top_a, span_a)
    m, n = a.shape
    np.testing.assert_array_equal(t0[:m], positive_b)  # column i of B^T is row i of B
    np.testing.assert_array_equal(t1[:n], positive_a.T)  # column j of A
    np.testing.assert_array_equal(t0[m], np.ones(n))
    np.testing.assert_array_equal(t1[n], np.ones(m))


@pytest.mark.parametrize("scale", [1.0, 1e-300, 1e300, 1.7e308 / 5, 1e-318])
@pytest.mark.parametrize("seed", range(3))
def test_pair_gains_equal_the_numpy_check(scale: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = _frozen(*(scale * rng.standard_normal((2, 6, 9))))
    x, y = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(9))
    (_, ua, span_a, top_a), (_, ub, span_b, top_b) = nash._lh_scaled(a), nash._lh_scaled(b)
    rel, gains, payoffs = nash._pair_gains((ua, ub), (span_a, span_b), (top_a, top_b), x, y)
    got = compiled.pair_gains(a, b, x, y, top_a, span_a, top_b, span_b)
    np.testing.assert_allclose(got[:2], rel, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(got[2:4], gains, rtol=1e-9, atol=1e-15 * scale)
    np.testing.assert_allclose(got[4:], payoffs, rtol=1e-9, atol=1e-15 * scale)
    assert min(rel) > 1e-3  # random profiles of random games: the check has work to do


def test_pivot_limit_is_hit_at_the_same_pivot() -> None:
    a, b = _frozen(*np.random.default_rng(9).standard_normal((2, 7, 7)))
    needed = _both_paths(a, b, 0)[0][2]
    assert needed > 2
    for limit in (1, needed - 1):
        with pytest.raises(kernel.PivotLimitError) as theirs:
            kernel.lemke_howson_path(
                nash._lh_scaled(a)[0], nash._lh_scaled(b)[0], 0, tol=1e-9, max_pivots=limit
            )
        with pytest.raises(kernel.PivotLimitError) as ours:
            kernel.compiled_path(compiled, a, b, 0, tol=1e-9, max_pivots=limit)
        assert ours.value.pivots == theirs.value.pivots == limit
        assert str(ours.value) == str(theirs.value)
    *_, pivots, _ = kernel.compiled_path(compiled, a, b, 0, tol=1e-9, max_pivots=needed)
    assert pivots == needed  # exactly enough


@pytest.mark.parametrize("shape", [(3, 3), (7, 7), (20, 15)])
def test_lemke_howson_gives_the_same_equilibrium_with_either_kernel(
    shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(sum(shape))
    game = dm.NormalFormGame.from_bimatrix(*rng.standard_normal((2, *shape)))
    for label in [*range(sum(shape)), None]:
        eqs = []
        for choice in ("numpy", "numba"):
            monkeypatch.setattr(kernel, "kernel", choice)
            eqs.append(dm.lemke_howson(game, label))
        for s, r in zip(eqs[1].strategies, eqs[0].strategies, strict=True):
            np.testing.assert_allclose(s, r, rtol=0, atol=1e-12)
        assert eqs[1].support == eqs[0].support
        np.testing.assert_allclose(eqs[1].payoffs, eqs[0].payoffs, rtol=1e-12)
        assert eqs[1].regret == pytest.approx(eqs[0].regret, abs=1e-12)


def test_budget_errors_are_the_same_with_either_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    game = dm.NormalFormGame.from_bimatrix(*np.random.default_rng(9).standard_normal((2, 7, 7)))
    messages = []
    for choice in ("numpy", "numba"):
        monkeypatch.setattr(kernel, "kernel", choice)
        with pytest.raises(ConvergenceError) as info:
            dm.lemke_howson(game, None, max_pivots=1)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "any of the 14 dropped labels" in messages[0]


# -- dispatch ----------------------------------------------------------------------------


def test_auto_loads_the_kernel_for_large_games_and_then_uses_it_for_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kernel, "kernel", "auto")
    monkeypatch.setattr(kernel, "_compiled", None)
    side = int(np.ceil(np.sqrt(kernel.LOAD_MIN_ENTRIES)))
    assert kernel.compiled_kernel(side - 1, side - 1) is None  # not loaded for small games
    assert kernel._compiled is None
    assert kernel.compiled_kernel(side, side) is compiled
    assert kernel.compiled_kernel(2, 2) is compiled  # once loaded, used for every size
    monkeypatch.setattr(kernel, "kernel", "numpy")
    assert kernel.compiled_kernel(side, side) is None
    monkeypatch.setattr(kernel, "kernel", "numba")
    monkeypatch.setattr(kernel, "_compiled", None)
    assert kernel.compiled_kernel(1, 1) is compiled


def test_an_unknown_kernel_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernel, "kernel", "cuda")
    with pytest.raises(InvalidParameterError, match=r"DEALMODELS_LH_KERNEL.*'cuda'"):
        dm.lemke_howson(dm.NormalFormGame.from_bimatrix(np.eye(2)), 0)


def test_without_numba_auto_takes_numpy_and_a_forced_numba_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
    monkeypatch.delitem(sys.modules, "dealmodels.solvers._lh_compiled")
    monkeypatch.delattr(dealmodels.solvers, "_lh_compiled")
    monkeypatch.setattr(kernel, "_compiled", None)
    monkeypatch.setattr(kernel, "kernel", "auto")
    game = dm.NormalFormGame.from_bimatrix(*np.random.default_rng(1).standard_normal((2, 50, 50)))
    assert kernel.compiled_kernel(50, 50) is None
    assert kernel._compiled is False
    assert dm.is_nash(game, dm.lemke_howson(game, 0).strategies)
    monkeypatch.setattr(kernel, "kernel", "numba")
    with pytest.raises(ImportError, match=r"pip install dealmodels\[fast\]"):
        dm.lemke_howson(game, 0)


def _python(code: str, **env: str) -> str:
    environ = {**os.environ, **env}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environ
    )
    return out.stdout.strip()


def test_numba_is_imported_only_for_large_games_or_when_forced() -> None:
    code = (
        "import sys, numpy as np, dealmodels as dm\n"
        "print('numba' in sys.modules, end=' ')\n"
        "rng = np.random.default_rng(0)\n"
        "dm.lemke_howson(dm.NormalFormGame.from_bimatrix(*rng.standard_normal((2, 8, 8))), 0)\n"
        "print('numba' in sys.modules, end=' ')\n"
        "dm.lemke_howson(dm.NormalFormGame.from_bimatrix(*rng.standard_normal((2, 50, 50))), 0)\n"
        "print('numba' in sys.modules)\n"
    )
    assert _python(code) == "False False True"
    assert _python(code, DEALMODELS_LH_KERNEL="numpy") == "False False False"
    forced = "from dealmodels.solvers import _lemke_howson as k; print(k.kernel)"
    assert _python(forced, DEALMODELS_LH_KERNEL="numba") == "numba"
