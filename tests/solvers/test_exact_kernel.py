"""The exact vertex-enumeration kernel (issue 16): both searches over feasible bases, the
one-sided completion by exact partner systems, and the integer verification.

Oracles: support enumeration's exact vertices (:func:`_support.exact_vertices`, an
independent algorithm: every square subsystem solved by Bareiss elimination) and
``nash_equilibria(..., "support_enumeration")`` on exact games.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import dealmodels.solvers._exact as exact_module
import dealmodels.solvers.nash as nash_module
from dealmodels import NormalFormGame, SolverError, nash_equilibria
from dealmodels.solvers._support import exact_vertices
from dealmodels.solvers._vertex import WorkBudget


def _vertex_set(found: tuple) -> set[tuple[tuple[Fraction, ...], tuple[bool, ...]]]:
    z, d, labels = found
    return {
        (tuple(Fraction(int(v), int(dd)) for v in row), tuple(bool(x) for x in lab))
        for row, dd, lab in zip(z, d, labels, strict=True)
    }


def _matrices(seed: int, count: int, low: int, high: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        p, q = (int(v) for v in rng.integers(low, high, 2))
        top = int(rng.integers(2, 6))  # small ranges: degenerate vertices are common
        out.append((rng.integers(0, top, (p, q)) + 1).astype(object))
    return out


@pytest.mark.parametrize(("low", "high"), [(1, 6), (6, 9)])
def test_pivot_vertices_equal_support_enumeration_vertices(low: int, high: int) -> None:
    # (1, 6): tableaux up to 5 x 5, searched one basis at a time; (6, 9): level by level
    for matrix in _matrices(low, 40, low, high):
        assert _vertex_set(exact_module.pivot_vertices(matrix)) == _vertex_set(
            exact_vertices(matrix)
        ), matrix.tolist()


def test_both_searches_visit_the_same_bases() -> None:
    for matrix in _matrices(7, 30, 3, 9):
        rows = [[int(v) for v in row] for row in matrix.tolist()]
        p, q = matrix.shape
        one, level = WorkBudget(None, ValueError), WorkBudget(None, ValueError)
        by_basis = exact_module._basis_search(rows, p, q, one)
        by_level = exact_module._level_search(rows, p, q, level)
        assert _vertex_set(by_basis) == _vertex_set(by_level)
        assert one.used == level.used


def test_level_search_stops_at_the_budget() -> None:
    matrix = np.ones((7, 8), dtype=object)  # every vertex degenerate: many bases
    with pytest.raises(ValueError, match=r"^51$"):
        exact_module.pivot_vertices(matrix, WorkBudget(50, lambda used: ValueError(used)))


def test_entries_beyond_the_float_range_are_compared_exactly() -> None:
    big = 10**400
    matrix = np.array([[big, 2 * big, 3], [3 * big, big, 2], [1, 1, big]], dtype=object)
    expected = _vertex_set(exact_vertices(matrix))
    assert _vertex_set(exact_module.pivot_vertices(matrix)) == expected
    rows = [[int(v) for v in row] for row in matrix.tolist()]
    assert _vertex_set(exact_module._level_search(rows, 3, 3, None)) == expected
    # a tableau whose entries do not convert to floats takes the exact ratio test
    tab = [[big, 1, big], [2 * big, 3, 1]]
    assert exact_module._ratio_ties(tab, [big, 1], 2, 2) == [(0, [1]), (1, [1])]


def test_ratio_ties_keep_every_exact_minimiser() -> None:
    # rows 0 and 2 tie exactly (1/3 = 2/6); row 1 is larger by 1e-17 relative, which a float
    # comparison alone cannot see
    n = 10**17
    tab = [[3, 1], [3 * n, n + 1], [6, 2]]
    ties = dict(exact_module._ratio_ties(tab, [1, n + 1, 2], 1, 3))
    assert ties[0] == [0, 2]


def _games(seed: int, count: int, size: tuple[int, int], top: int) -> list[NormalFormGame]:
    rng = np.random.default_rng(seed)
    return [
        NormalFormGame.from_bimatrix(
            rng.integers(0, top, size).tolist(), rng.integers(0, top, size).tolist()
        )
        for _ in range(count)
    ]


def _as_set(eqs: list) -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    return {(tuple(e.strategies[0]), tuple(e.strategies[1])) for e in eqs}


@pytest.mark.parametrize(("size", "top"), [((4, 4), 100), ((6, 5), 100), ((5, 6), 3), ((3, 7), 2)])
def test_exact_vertex_enumeration_equals_support_enumeration(
    size: tuple[int, int], top: int
) -> None:
    for game in _games(sum(size) + top, 8, size, top):
        ours = nash_equilibria(game, "vertex_enumeration")
        assert _as_set(ours) == _as_set(nash_equilibria(game, "support_enumeration"))
        for e in ours:
            assert e.regret == 0.0
            assert all(isinstance(v, Fraction) for v in e.payoffs)


def test_one_sided_and_two_sided_exact_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    games = _games(11, 10, (6, 6), 100)
    one_sided = [_as_set(nash_equilibria(g)) for g in games]
    monkeypatch.setattr(exact_module, "exact_partners", lambda *args: None)
    assert [_as_set(nash_equilibria(g)) for g in games] == one_sided


def test_exact_partners_refuse_singular_systems() -> None:
    # equal rows of A on the best responses make the partner system singular
    b = np.array([[1, 3], [3, 1]], dtype=object)
    a = np.array([[2, 2], [2, 2]], dtype=object)
    _, _, labels = exact_module.pivot_vertices(b)
    assert np.all(labels.sum(axis=1) == 2)
    assert exact_module.exact_partners(labels, a) is None


def test_a_wrong_exact_pair_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    game = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # PD

    def wrong(*_args: object) -> list:
        half = np.array([Fraction(1, 2), Fraction(1, 2)], dtype=object)
        return [(half, half)]

    monkeypatch.setattr(nash_module, "_exact_pairs", wrong)
    with pytest.raises(SolverError, match="regret"):
        nash_equilibria(game)


def test_integer_verification_matches_the_general_one() -> None:
    for game in _games(21, 5, (5, 5), 50):
        for e in nash_equilibria(game):
            general = nash_module._verified(game, e.strategies, "vertex_enumeration", 1e-9)
            assert list(general.payoffs) == list(e.payoffs)
            assert general.support == e.support
            assert general.regret == e.regret
    # fractional payoffs: common denominators of the game and of the strategies
    game = NormalFormGame.from_bimatrix(
        [[Fraction(1, 3), Fraction(5, 7)], [Fraction(2, 9), 1]],
        [[Fraction(3, 4), 0], [Fraction(1, 6), Fraction(2, 5)]],
    )
    for e in nash_equilibria(game):
        general = nash_module._verified(game, e.strategies, "vertex_enumeration", 1e-9)
        assert list(general.payoffs) == list(e.payoffs)


def test_degenerate_vertices_of_p_are_completed_by_faces_of_q(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # small payoff ranges: vertices of P with more than m labels are common; each is
    # completed by the vertices of a face of Q (exact_partners' _face_vertices)
    games = _games(31, 40, (4, 5), 3)
    calls: list[int] = []
    face = exact_module._face_vertices

    def counting(*args: object) -> object:
        calls.append(1)
        return face(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(exact_module, "_face_vertices", counting)
    one_sided = [_as_set(nash_equilibria(g)) for g in games]
    assert calls  # the face path ran
    monkeypatch.setattr(exact_module, "exact_partners", lambda *args: None)
    assert [_as_set(nash_equilibria(g)) for g in games] == one_sided
    assert one_sided == [_as_set(nash_equilibria(g, "support_enumeration")) for g in games]


def test_face_vertices_of_a_segment() -> None:
    # Q for A = [[1, 1], [2, 0]]: the face (Ay)_0 = 1 with T = {0, 1} is the segment
    # y_0 + y_1 = 1 cut by (Ay)_1 = 2 y_0 <= 1: vertices (1/2, 1/2) and (0, 1)
    found = exact_module._face_vertices([[1, 1], [2, 0]], [0], [0, 1], 2)
    assert sorted(found) == [[0, 1], [1, 1]]
    # dependent equalities: every choice is singular, so the face is not enumerated here
    assert exact_module._face_vertices([[1, 1], [1, 1]], [0, 1], [0, 1], 2) is None
