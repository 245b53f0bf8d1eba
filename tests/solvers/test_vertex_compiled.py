"""The compiled vertex enumeration kernel for small nondegenerate float games (issue 16).

:mod:`dealmodels.solvers._vertex_compiled` enumerates both best-response polytopes by
pivoting and joins complementary label sets in one numba call; degenerate games, games
past its size and payoff ranges past the float limit go back to the qhull path. These
tests compare it with the qhull path (the same equilibria, order, supports, payoffs and
regrets), check that it refuses what it should, that its answers are still verified, and
the rule that loads it.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

import dealmodels.solvers._vertex as vertex_module
from dealmodels import InvalidParameterError, NormalFormGame, SolverError, nash_equilibria
from dealmodels.strategies import bimatrix_games

compiled = pytest.importorskip("dealmodels.solvers._vertex_compiled")


def _solve(game: NormalFormGame, kernel: str, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(vertex_module, "kernel", kernel)
        return nash_equilibria(game)


def _assert_same(fast: list, slow: list) -> None:
    assert len(fast) == len(slow)
    for e, f in zip(fast, slow, strict=True):
        np.testing.assert_allclose(
            np.concatenate(e.strategies), np.concatenate(f.strategies), atol=1e-12
        )
        assert e.support == f.support
        np.testing.assert_allclose(e.payoffs, f.payoffs, rtol=1e-12, atol=1e-12)
        assert e.regret == pytest.approx(f.regret, abs=1e-12)
        assert e.method == f.method == "vertex_enumeration"
        assert not e.strategies[0].flags.writeable
        assert not e.payoffs.flags.writeable


def _kernel(a: np.ndarray, b: np.ndarray, capacity: int = 1 << 20) -> tuple:
    frozen = [np.array(a, dtype=float), np.array(b, dtype=float)]
    for v in frozen:
        v.flags.writeable = False
    return compiled.equilibria(frozen[0], frozen[1], capacity)


@pytest.mark.parametrize(
    ("m", "n"), [(1, 1), (1, 4), (4, 1), (2, 2), (3, 5), (4, 4), (6, 6), (5, 8), (8, 8), (12, 12)]
)
def test_kernel_equals_the_qhull_path(monkeypatch: pytest.MonkeyPatch, m: int, n: int) -> None:
    rng = np.random.default_rng(7000 + 100 * m + n)
    for _ in range(4 if m * n < 100 else 1):
        a, b = rng.standard_normal((m, n)), rng.standard_normal((m, n))
        assert _kernel(a, b)[0] == compiled.OK  # it ran
        game = NormalFormGame.from_bimatrix(a, b)
        _assert_same(_solve(game, "numba", monkeypatch), _solve(game, "numpy", monkeypatch))


def test_kernel_finds_every_vertex() -> None:
    # the vertices of P by pivoting are those qhull finds (the origin included)
    rng = np.random.default_rng(11)
    for m, n in [(3, 3), (4, 6), (7, 5)]:
        b = vertex_module.rescale(rng.standard_normal((m, n)))
        status, keys, points, _, count = compiled._polytope_vertices(b, 1 << 20)
        assert status == compiled.OK
        hull, _labels = vertex_module.qhull_vertices(b)
        assert count == len(hull) + 1 == len(set(keys[:count].tolist()))
        ours = points[1:][np.lexsort(points[1:].T)]
        np.testing.assert_allclose(ours, hull[np.lexsort(hull.T)], atol=1e-12)
        assert np.all(points @ b <= 1.0 + 1e-12)


@given(game=bimatrix_games(max_actions=6, exact=False))
def test_kernel_equals_the_qhull_path_on_drawn_games(game: NormalFormGame) -> None:
    # degenerate draws (a few small integers) included: those go back to the qhull path
    with pytest.MonkeyPatch.context() as patch:
        _assert_same(_solve(game, "numba", patch), _solve(game, "numpy", patch))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([[1, 1], [0, 0]], [[1, 1], [0, 0]]),  # a tie: column player indifferent
        ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),  # von Stengel's degenerate game
        (np.zeros((4, 4)), np.zeros((4, 4))),  # constant payoffs
    ],
)
def test_degenerate_games_are_handed_back(
    monkeypatch: pytest.MonkeyPatch, a: object, b: object
) -> None:
    assert _kernel(np.asarray(a), np.asarray(b))[0] == compiled.DEGENERATE
    game = NormalFormGame.from_bimatrix(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    _assert_same(_solve(game, "numba", monkeypatch), _solve(game, "numpy", monkeypatch))


def test_kernel_and_qhull_path_agree_on_degeneracy() -> None:
    # small integer games: the kernel hands back exactly the games the lean qhull path does
    rng = np.random.default_rng(17)
    handed_back = 0
    for _ in range(300):
        m, n = rng.integers(2, 6, size=2)
        a, b = rng.integers(0, 4, size=(m, n)).astype(float), rng.integers(0, 4, size=(m, n))
        b = b.astype(float)
        lean = vertex_module.nondegenerate_pairs(a, b, (a.min(), a.max(), b.min(), b.max()))
        status = _kernel(a, b)[0]
        assert status in (compiled.OK, compiled.DEGENERATE)
        assert (status == compiled.DEGENERATE) == (lean is None)
        handed_back += lean is None
    assert 0 < handed_back < 300


def test_capacity_and_range_are_handed_back() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((5, 5)), rng.standard_normal((5, 5))
    assert _kernel(a, b, capacity=10)[0] == compiled.TOO_LARGE
    huge = np.array([[0.0, -1.7e308], [1.7e308, 0.0]])  # the payoff range is not a float
    assert _kernel(huge, huge)[0] == compiled.RANGE
    assert vertex_module.compiled_capacity(5, 5) == vertex_module.vertex_upper_bound(5, 10)
    assert vertex_module.compiled_capacity(12, 12) == vertex_module.vertex_upper_bound(12, 24)


def test_a_wrong_kernel_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    game = NormalFormGame.from_bimatrix(rng.standard_normal((4, 4)), rng.standard_normal((4, 4)))
    monkeypatch.setattr(vertex_module, "kernel", "numba")
    right = nash_equilibria(game)

    class Wrong:
        OK = compiled.OK

        @staticmethod
        def equilibria(a: np.ndarray, b: np.ndarray, capacity: int) -> tuple:
            x = np.full((1, 4), 0.25)  # uniform play: not an equilibrium of this game
            status = compiled.equilibria(a, b, capacity)[0]
            return status, x, x, np.zeros((1, 2)), np.ones(1), np.ones(1)

    monkeypatch.setattr(vertex_module, "_compiled", Wrong)
    with pytest.raises(SolverError, match="regret"):
        nash_equilibria(game)
    monkeypatch.setattr(vertex_module, "_compiled", compiled)
    _assert_same(nash_equilibria(game), right)


def test_the_kernel_loads_after_enough_enumeration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vertex_module, "kernel", "auto")
    monkeypatch.setattr(vertex_module, "_compiled", None)
    monkeypatch.setattr(vertex_module, "_spent", 0.0)
    assert vertex_module.compiled_kernel(4, 4) is None  # nothing enumerated yet
    game = NormalFormGame.from_bimatrix(np.eye(3) + 0.1, np.eye(3)[::-1] + 0.2)
    nash_equilibria(game)
    assert 0.0 < vertex_module._spent < vertex_module.LOAD_AFTER_SECONDS[1]
    vertex_module.record(13, 13, 100.0)  # past the kernel's sizes: not counted
    assert vertex_module._spent < vertex_module.LOAD_AFTER_SECONDS[1]
    vertex_module.record(4, 4, max(vertex_module.LOAD_AFTER_SECONDS))
    assert vertex_module.compiled_kernel(4, 4) is compiled
    assert vertex_module.compiled_kernel(vertex_module.COMPILED_MAX + 1, 2) is None
    spent = vertex_module._spent
    nash_equilibria(game)  # answered by the kernel: its time is not counted
    assert vertex_module._spent == spent


def test_the_kernel_choice_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vertex_module, "kernel", "fortran")
    with pytest.raises(InvalidParameterError, match="DEALMODELS_VERTEX_KERNEL"):
        vertex_module.compiled_kernel(3, 3)
    monkeypatch.setattr(vertex_module, "kernel", "numpy")
    assert vertex_module.compiled_kernel(3, 3) is None
    monkeypatch.setattr(vertex_module, "kernel", "numba")
    assert vertex_module.compiled_kernel(3, 3) is compiled


def test_a_progress_bar_or_a_small_budget_takes_the_qhull_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    class Counting:
        OK = compiled.OK

        @staticmethod
        def equilibria(*args: object) -> tuple:
            calls.append(1)
            return compiled.equilibria(*args)

    monkeypatch.setattr(vertex_module, "kernel", "numba")
    monkeypatch.setattr(vertex_module, "_compiled", Counting)
    rng = np.random.default_rng(6)
    game = NormalFormGame.from_bimatrix(rng.standard_normal((3, 5)), rng.standard_normal((3, 5)))
    expected = nash_equilibria(game)
    assert calls == [1]
    _assert_same(nash_equilibria(game, progress=True), expected)
    # McMullen's bounds, 8 facets: 12 vertices for P (dimension 3), 20 for Q (dimension 5)
    _assert_same(nash_equilibria(game, max_vertices=19), expected)
    assert calls == [1]
    _assert_same(nash_equilibria(game, max_vertices=20), expected)
    assert calls == [1, 1]
