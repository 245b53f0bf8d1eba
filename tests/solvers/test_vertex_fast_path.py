"""The lean float path of vertex enumeration for nondegenerate games (issue 16).

:func:`dealmodels.solvers._vertex.nondegenerate_pairs` enumerates both best-response
polytopes by qhull and joins complementary label sets (up to ``TWO_SIDED_MAX`` actions), or
solves for the partners of :math:`P`'s vertices (beyond), and hands degenerate games back to
the general path. These tests compare it with the general path, check that it refuses
degenerate games, and that its answers are still verified.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import ConvexHull

import dealmodels.solvers._vertex as vertex_module
import dealmodels.solvers.nash as nash_module
from dealmodels import NormalFormGame, SolverError, nash_equilibria


@pytest.fixture(autouse=True)
def _qhull_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    # these tests are about the qhull path; the compiled kernel's are in test_vertex_compiled
    monkeypatch.setattr(vertex_module, "kernel", "numpy")


def _pairs(eqs: list) -> np.ndarray:
    return np.array([np.concatenate(e.strategies) for e in eqs])


def _general(game: NormalFormGame, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(vertex_module, "nondegenerate_pairs", lambda *args: None)
        return nash_equilibria(game, "vertex_enumeration")


@pytest.mark.parametrize(("m", "n"), [(2, 2), (3, 5), (4, 4), (6, 6), (5, 7), (7, 7), (8, 8)])
def test_fast_path_equals_the_general_path(
    monkeypatch: pytest.MonkeyPatch, m: int, n: int
) -> None:
    rng = np.random.default_rng(1000 * m + n)
    for _ in range(5):
        a, b = rng.standard_normal((m, n)), rng.standard_normal((m, n))
        bounds = (a.min(), a.max(), b.min(), b.max())
        assert vertex_module.nondegenerate_pairs(a, b, bounds) is not None  # it ran
        game = NormalFormGame.from_bimatrix(a, b)
        fast = nash_equilibria(game, "vertex_enumeration")
        general = _general(game, monkeypatch)
        assert len(fast) == len(general)
        np.testing.assert_allclose(_pairs(fast), _pairs(general), atol=1e-12)
        assert [e.support for e in fast] == [e.support for e in general]


def test_both_branches_run() -> None:
    # the join of both polytopes up to TWO_SIDED_MAX actions, the partner systems beyond
    assert vertex_module.TWO_SIDED_MAX == 6
    rng = np.random.default_rng(3)
    for size in (vertex_module.TWO_SIDED_MAX, vertex_module.TWO_SIDED_MAX + 1):
        a, b = rng.standard_normal((size, size)), rng.standard_normal((size, size))
        x, y = vertex_module.nondegenerate_pairs(a, b, (a.min(), a.max(), b.min(), b.max()))
        np.testing.assert_allclose(x.sum(axis=1), 1.0)
        np.testing.assert_allclose(y.sum(axis=1), 1.0)
        assert np.all(x >= 0)
        assert np.all(y >= 0)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([[1, 1], [0, 0]], [[1, 1], [0, 0]]),  # a tie: column player indifferent
        ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),  # von Stengel's degenerate game
        (np.zeros((4, 4)), np.zeros((4, 4))),
    ],
)
def test_degenerate_games_go_to_the_general_path(a: object, b: object) -> None:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert vertex_module.nondegenerate_pairs(a, b, (a.min(), a.max(), b.min(), b.max())) is None


def test_sizes_outside_the_fast_path() -> None:
    for shape in [(1, 3), (3, 1), (31, 32)]:
        a, b = np.ones(shape), np.ones(shape)
        assert vertex_module.nondegenerate_pairs(a, b, (1.0, 1.0, 1.0, 1.0)) is None
    a = np.array([[0.0, -1.7e308], [1.7e308, 0.0]])  # the payoff range is not a float
    assert vertex_module.nondegenerate_pairs(a, a, (-1.7e308, 1.7e308, -1.7e308, 1.7e308)) is None


def test_a_wrong_fast_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    game = NormalFormGame.from_bimatrix(rng.standard_normal((4, 4)), rng.standard_normal((4, 4)))
    nash_equilibria(game)

    def wrong(*_args: object) -> tuple[np.ndarray, np.ndarray]:
        return np.full((1, 4), 0.25), np.full((1, 4), 0.25)

    monkeypatch.setattr(vertex_module, "nondegenerate_pairs", wrong)
    with pytest.raises(SolverError, match="regret"):
        nash_equilibria(game)


def test_a_nan_profile_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    game = NormalFormGame.from_bimatrix(np.eye(3), np.eye(3))

    def nan(*_args: object, **_kwargs: object) -> tuple[np.ndarray, np.ndarray]:
        return np.full((1, 3), np.nan), np.full((1, 3), 1 / 3)

    monkeypatch.setattr(nash_module, "_float_pairs", nan)
    with pytest.raises(SolverError, match="regret"):
        nash_equilibria(game)


def test_a_progress_bar_or_a_small_budget_takes_the_general_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    original = vertex_module.nondegenerate_pairs

    def counting(*args: object) -> object:
        calls.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(vertex_module, "nondegenerate_pairs", counting)
    rng = np.random.default_rng(6)
    game = NormalFormGame.from_bimatrix(rng.standard_normal((3, 5)), rng.standard_normal((3, 5)))
    expected = _pairs(nash_equilibria(game))
    assert calls == [1]
    np.testing.assert_allclose(_pairs(nash_equilibria(game, progress=True)), expected)
    # McMullen's bounds, 8 facets: 12 vertices for P (dimension 3), 20 for Q (dimension 5)
    np.testing.assert_allclose(_pairs(nash_equilibria(game, max_vertices=19)), expected)
    assert calls == [1]
    nash_equilibria(game, max_vertices=20)
    assert calls == [1, 1]


@pytest.mark.parametrize("dim", [2, 4, 5, 8])
def test_hull_equations_are_convex_hulls(dim: int) -> None:
    points = np.random.default_rng(dim).standard_normal((3 * dim, dim))
    ours = vertex_module._hull_equations(points)
    theirs = ConvexHull(points).equations
    key = np.lexsort(np.round(ours, 9).T)
    their_key = np.lexsort(np.round(theirs, 9).T)
    np.testing.assert_allclose(ours[key], theirs[their_key], atol=1e-12)


@pytest.mark.parametrize("copies", [1, 2])
def test_many_repeated_rows_are_dropped(copies: int) -> None:
    # more than 64 rows take the chunked comparison; every pure profile of a zero game is an
    # equilibrium, so all 81 survive verification, each once
    game = NormalFormGame.from_bimatrix(np.zeros((9, 9)), np.zeros((9, 9)))
    eye = np.eye(9)
    x = np.repeat(eye, 9, axis=0)
    y = np.tile(eye, (9, 1))
    x, y = np.concatenate([x] * copies), np.concatenate([y] * copies)
    eqs = nash_module._float_equilibria(game, x, y, "vertex_enumeration", 1e-9)
    assert len(eqs) == 81
    assert len({(e.support[0], e.support[1]) for e in eqs}) == 81
