"""The certified float search of exact vertex enumeration (issue 16, ``_filtered.py``).

Oracles: the exact search over feasible bases (:func:`_exact.pivot_vertices`, all integer
arithmetic), support enumeration's exact vertices, exact tableaux in Fractions for the error
bound, and pygambit's exact enumeration (``enummixed`` on rational games).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import dealmodels.solvers._exact as exact_module
import dealmodels.solvers._filtered as filtered
from dealmodels import NormalFormGame, SolverError, nash_equilibria
from dealmodels.solvers._support import exact_vertices
from dealmodels.solvers._vertex import WorkBudget


def _points(vs: filtered.VertexSet) -> set[tuple[tuple[Fraction, ...], tuple[bool, ...]]]:
    rows = vs.points(range(len(vs.labels)))
    out = set()
    for z, lab in zip(rows, vs.labels, strict=True):
        total = sum(z)
        out.add((tuple(Fraction(v, total) for v in z), tuple(bool(x) for x in lab)))
    return out


def _reference(found: tuple) -> set[tuple[tuple[Fraction, ...], tuple[bool, ...]]]:
    z, _, labels = found
    out = set()
    for row, lab in zip(z, labels, strict=True):
        total = sum(int(v) for v in row)
        out.add((tuple(Fraction(int(v), total) for v in row), tuple(bool(x) for x in lab)))
    return out


def _matrices(seed: int, count: int, low: int, high: int, top: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        p, q = (int(v) for v in rng.integers(low, high, 2))
        out.append((rng.integers(0, top, (p, q)) + 1).astype(object))
    return out


@pytest.mark.parametrize(("top", "high"), [(3, 9), (10, 11), (100, 11)])
def test_filtered_search_finds_the_exact_searchs_vertices_and_bases(top: int, high: int) -> None:
    # top 3: most vertices degenerate (exact bases); top 100: mostly certified floats
    for matrix in _matrices(top, 12, 7, high, top):
        if matrix.shape[0] * matrix.shape[1] <= exact_module._SMALL_TABLEAU:
            continue
        ours, theirs = WorkBudget(None, ValueError), WorkBudget(None, ValueError)
        vs = filtered._search([[int(v) for v in r] for r in matrix.tolist()], *matrix.shape, ours)
        assert _points(vs) == _reference(exact_module.pivot_vertices(matrix, theirs))
        assert ours.used == theirs.used  # the same feasible bases


def test_filtered_search_equals_support_enumeration_vertices() -> None:
    for matrix in _matrices(5, 10, 7, 9, 20):
        assert _points(filtered.filtered_vertices(matrix)) == _reference(exact_vertices(matrix))


def test_every_decision_exact_gives_the_same_vertices(monkeypatch: pytest.MonkeyPatch) -> None:
    matrices = [m for m in _matrices(9, 12, 7, 10, 50) if m.shape[0] * m.shape[1] > 48]
    expected = [_points(filtered.filtered_vertices(m)) for m in matrices]
    real = filtered._float_level

    def nothing_certain(*args: object) -> tuple:
        certain, leave, nonbasic = real(*args)  # type: ignore[arg-type]
        return np.zeros_like(certain), leave, nonbasic

    monkeypatch.setattr(filtered, "_float_level", nothing_certain)
    assert [_points(filtered.filtered_vertices(m)) for m in matrices] == expected


def test_degenerate_bases_are_decided_exactly() -> None:
    # every row's largest entry twice: the vertices e_i / 9 are degenerate
    rng = np.random.default_rng(2)
    matrix = np.concatenate([np.full((7, 2), 9), rng.integers(1, 9, (7, 6))], axis=1)
    matrix = matrix.astype(object)
    vs = filtered.filtered_vertices(matrix)
    assert vs._exact  # some vertices came from exact tableaux
    assert _points(vs) == _reference(exact_vertices(matrix))


def test_the_error_bound_holds_on_random_bases() -> None:
    rng = np.random.default_rng(3)
    p, q = 7, 8
    for _ in range(20):
        m = rng.integers(1, 100, (p, q))
        g = np.zeros((q, p + q + 1))
        g[:, :p] = m.T
        g[:, p : p + q] = np.eye(q)
        g[:, -1] = 1
        basis = rng.permutation(p + q)[:q]
        bmat = g[:, basis][None]
        if abs(np.linalg.det(bmat[0])) < 0.5:
            continue
        x, err = filtered.certified_products(np.linalg.inv(bmat), bmat, g[None], 1e-15)
        exact_b = [[Fraction(int(v)) for v in row] for row in bmat[0]]
        for col in range(g.shape[1]):
            sol = _fraction_solve(exact_b, [Fraction(int(v)) for v in g[:, col]])
            for i in range(q):
                assert abs(sol[i] - Fraction(float(x[0, i, col]))) <= Fraction(err[0, i, col])
            assert np.all(err[0, :, col] <= 1e-9 * (1 + np.abs(x[0, :, col]).max()))  # tight


def _fraction_solve(a: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    n = len(a)
    rows = [[*row, v] for row, v in zip(a, b, strict=True)]
    for c in range(n):
        piv = next(r for r in range(c, n) if rows[r][c] != 0)
        rows[c], rows[piv] = rows[piv], rows[c]
        for r in range(n):
            if r != c and rows[r][c] != 0:
                f = rows[r][c] / rows[c][c]
                rows[r] = [u - f * w for u, w in zip(rows[r], rows[c], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def test_entries_beyond_float_exactness_take_the_exact_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    big = 2**60
    rng = np.random.default_rng(1)
    matrix = (rng.integers(1, 50, (7, 8)) * big + rng.integers(1, 50, (7, 8))).astype(object)
    calls: list[int] = []
    real = exact_module.pivot_vertices

    def counting(*args: object) -> object:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(filtered, "pivot_vertices", counting)
    monkeypatch.setattr(filtered, "_search", lambda *args: pytest.fail("float search ran"))
    assert _points(filtered.filtered_vertices(matrix)) == _reference(exact_vertices(matrix))
    assert calls == [1]


def test_a_wrong_certified_basis_is_refused() -> None:
    rows = [[1, 2], [2, 1]]
    labels = np.zeros((1, 4), dtype=bool)
    vs = filtered.VertexSet(labels, {}, np.array([[0, 3]]), 0, rows)  # z_0 and s_1 basic
    with pytest.raises(SolverError, match="float-certified"):
        vs.points([0])  # z_0 = 1 from constraint 0 makes s_1 = 1 - 2 < 0: infeasible


def test_partner_screen_drops_only_infeasible_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    for _ in range(6):
        a = (rng.integers(0, 100, (8, 8)) + 1).astype(object)
        b = (rng.integers(0, 100, (8, 8)) + 1).astype(object)
        labels = filtered.filtered_vertices(b).labels
        screened = exact_module.exact_partners(labels, a)
        with monkeypatch.context() as patch:
            patch.setattr(filtered, "partner_screen", lambda a, s, t: np.ones(len(s), dtype=bool))
            assert exact_module.exact_partners(labels, a) == screened


def test_partner_screen_rejects_what_it_can_prove() -> None:
    a = np.array([[2.0, 1.0], [1.0, 2.0], [9.0, 9.0]])
    s_idx = np.array([[0, 1], [0, 2]])
    t_idx = np.array([[0, 1], [0, 1]])
    # first: y = (1/3, 1/3), row 2 gives 6 > 1; second: 2y0 + y1 = 1, 9y0 + 9y1 = 1 gives
    # y = (8/9, -7/9): both infeasible
    assert filtered.partner_screen(a, s_idx, t_idx).tolist() == [False, False]
    a_ok = np.array([[2.0, 1.0], [1.0, 2.0], [1.0, 1.0]])
    assert filtered.partner_screen(a_ok, s_idx[:1], t_idx[:1]).tolist() == [True]


@pytest.mark.parametrize(("size", "top"), [(7, 100), (8, 5), (8, 100)])
def test_exact_equilibria_match_pygambit(size: int, top: int) -> None:
    pygambit = pytest.importorskip("pygambit")
    if not hasattr(pygambit.Game, "from_arrays"):  # the pygambit 16 API
        pytest.skip(f"pygambit {pygambit.__version__} has no Game.from_arrays")
    rng = np.random.default_rng(size * top)
    for _ in range(2):
        a, b = rng.integers(0, top, (size, size)), rng.integers(0, top, (size, size))
        game = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
        ours = {(tuple(e.strategies[0]), tuple(e.strategies[1])) for e in nash_equilibria(game)}
        g = pygambit.Game.from_arrays(a.astype(float), b.astype(float))
        result = pygambit.nash.enummixed_solve(g, rational=True)
        theirs = {
            tuple(tuple(Fraction(str(prof[s])) for s in player.strategies) for player in g.players)
            for prof in result.equilibria
        }
        assert ours == theirs


def test_filtered_search_stops_at_the_budget() -> None:
    degenerate = np.ones((7, 8), dtype=object)  # every vertex degenerate: exact bases
    with pytest.raises(ValueError, match=r"^51$"):
        filtered.filtered_vertices(degenerate, WorkBudget(50, lambda used: ValueError(used)))
    generic = (np.random.default_rng(8).integers(0, 100, (9, 9)) + 1).astype(object)
    with pytest.raises(ValueError, match=r"^\d+$"):  # certified levels are charged at once
        filtered.filtered_vertices(generic, WorkBudget(50, lambda used: ValueError(used)))
