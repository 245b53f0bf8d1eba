"""The compiled, certified vertex enumeration kernel for exact games (issue 16).

:mod:`dealmodels.solvers._exact_compiled` proposes a polytope's vertices by a float search
and proves the proposal (each vertex simple with exactly its labels; the list closed under
adjacency); without a proof the exact search runs. These tests compare it with the exact
search (:func:`dealmodels.solvers._exact.pivot_vertices`), the numpy path and pygambit, make
each step of the proof fail, feed it wrong proposals, and check the rule that loads it.
Tests that need numba are skipped without it; the others pass either way.
"""

from __future__ import annotations

import importlib.util
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealmodels.solvers._filtered as filtered
import dealmodels.solvers._vertex as vertex_module
from dealmodels import InvalidParameterError, NormalFormGame, SolverError, nash_equilibria
from dealmodels.solvers._exact import pivot_vertices
from dealmodels.solvers.nash import _integer_matrix

HAS_NUMBA = importlib.util.find_spec("numba") is not None
needs_numba = pytest.mark.skipif(not HAS_NUMBA, reason="numba is not installed")


def _module():  # type: ignore[no-untyped-def]
    from dealmodels.solvers import _exact_compiled

    return _exact_compiled


def _solve(game: NormalFormGame, kernel: str, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(vertex_module, "kernel", kernel)
        return nash_equilibria(game)


def _profiles(eqs: list) -> list:
    return [(e.strategies[0].tolist(), e.strategies[1].tolist()) for e in eqs]


def _assert_same(fast: list, slow: list) -> None:
    assert _profiles(fast) == _profiles(slow)
    for e, f in zip(fast, slow, strict=True):
        assert e.payoffs.tolist() == f.payoffs.tolist()
        assert e.support == f.support
        assert e.regret == f.regret == 0.0
        assert e.method == f.method == "vertex_enumeration"


def _keys(labels: np.ndarray) -> set[int]:
    return {sum(1 << i for i, v in enumerate(row) if v) for row in labels.tolist()}


def _polytopes(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    game = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
    pa, pb = game.payoffs
    return [_integer_matrix(pb), _integer_matrix(pa).T.copy()]


def _random(size: tuple[int, int], top: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, top, size), rng.integers(0, top, size)


@needs_numba
@pytest.mark.parametrize(
    ("shape", "top"),
    [
        ((1, 1), 10),
        ((1, 5), 100),
        ((5, 1), 100),
        ((2, 3), 100),
        ((6, 6), 100),
        ((7, 5), 1000),
        ((8, 8), 100),
        ((10, 10), 2**40),
        ((6, 6), 2**49),
    ],
)
def test_certified_vertices_are_those_of_the_exact_search(
    shape: tuple[int, int], top: int
) -> None:
    module = _module()
    certified = 0
    for seed in range(6):
        for matrix in _polytopes(*_random(shape, top, 100 * seed + shape[0])):
            p, q = matrix.shape
            status, keys = module.vertices(matrix.astype(np.float64), 1 << 20)
            z, d, labels = pivot_vertices(matrix)
            if labels.sum(axis=1).max(initial=p) > p:  # degenerate: no proof possible
                assert status != module.OK
                continue
            if status != module.OK:  # a simple polytope the search could not prove
                continue
            certified += 1
            assert keys[0] == (1 << p) - 1  # the origin first
            assert set(keys[1:].tolist()) == _keys(labels)
            assert len(set(keys.tolist())) == len(keys)
            found = filtered.compiled_vertices(matrix.tolist(), p, q, None)
            assert found is None or found.simple
            # the exact coordinates of the certified bases are those of the exact search
            rows = filtered.VertexSet(
                _labels_of(keys[1:], p + q),
                {},
                np.nonzero(~_labels_of(keys[1:], p + q))[1].reshape(-1, q),
                0,
                matrix.tolist(),
                simple=True,
            )
            exact = {
                k: [Fraction(int(v), int(dv)) for v in zr]
                for k, zr, dv in zip(sorted(_keys(labels)), *_sorted(z, d, labels), strict=True)
            }
            mine = rows.points(list(range(len(keys) - 1)))
            for key, zr in zip(keys[1:].tolist(), mine, strict=True):
                ref = exact[key]
                scale = next(r / v for r, v in zip(ref, zr, strict=True) if v)
                assert [scale * v for v in zr] == ref
    assert certified >= 3  # the kernel proved most of these games


def _labels_of(keys: np.ndarray, width: int) -> np.ndarray:
    return ((keys[:, None] >> np.arange(width)) & 1).astype(bool)


def _sorted(z: np.ndarray, d: np.ndarray, labels: np.ndarray) -> tuple[list, list]:
    keyed = sorted(
        zip(
            [sum(1 << i for i, v in enumerate(r) if v) for r in labels.tolist()],
            z.tolist(),
            d.tolist(),
            strict=True,
        )
    )
    return [r for _, r, _ in keyed], [dv for _, _, dv in keyed]


@needs_numba
def test_degenerate_polytopes_are_refused() -> None:
    module = _module()
    tie_in_row = [[5, 5, 1], [2, 3, 4], [1, 7, 2]]  # a tie at a row's largest entry
    tie_in_column = [[3, 1, 2], [1, 3, 2], [2, 2, 1]]
    repeated = [[3, 1, 2], [3, 1, 2], [1, 4, 2]]  # repeated rows: this polytope is simple
    constant = [[1] * 4] * 3
    cases = [(tie_in_row, False), (tie_in_column, False), (repeated, True), (constant, False)]
    for matrix, simple in cases:
        status, _ = module.vertices(np.array(matrix, dtype=np.float64), 1 << 20)
        labels = pivot_vertices(np.array(matrix, dtype=object))[2]
        assert (labels.sum(axis=1).max() == len(matrix)) == simple
        assert (status == module.OK) == simple
        if not simple:
            assert status == module.DEGENERATE


@needs_numba
def test_each_step_of_the_proof_can_fail() -> None:
    module = _module()
    matrix = np.array(_random((5, 5), 100, 3)[1] + 1, dtype=np.float64)
    status, keys = module.vertices(matrix, 1 << 20)
    assert status == module.OK
    p, q = matrix.shape
    assert module.certify(matrix, keys) == module.OK
    # step 1: a basis that is not a vertex (z_0 basic alone where it cannot be), a key
    # with too many labels, and one out of range
    infeasible = keys.copy()
    infeasible[-1] = ((1 << (p + q)) - 1) ^ ((1 << q) - 1)  # basic: z_0 .. z_{q-1}
    assert module.certify(matrix, infeasible) in (module.UNCERTIFIED, module.OPEN)
    origin = keys[0]
    for bad in ((1 << (p + 1)) - 1, -1, 1 << 62):
        assert module.certify(matrix, np.array([origin, bad])) == module.UNCERTIFIED
    # step 2: a vertex missing, a vertex repeated, nothing at all
    assert module.certify(matrix, keys[:-1]) == module.OPEN
    assert module.certify(matrix, np.concatenate([keys, keys[-1:]])) == module.OPEN
    assert module.certify(matrix, keys[:0]) == module.OPEN
    # a basis of a point that is feasible but not listed with its neighbours
    assert module.certify(matrix, keys[:1]) == module.OPEN
    # every vertex, but the origin not first (the caller drops the first as the origin)
    assert module.certify(matrix, keys[::-1].copy()) == module.OPEN


@needs_numba
def test_near_singular_bases_are_not_certified() -> None:
    module = _module()
    big = 2**50
    matrix = np.array([[big, big - 1], [big - 1, big - 2]], dtype=np.float64)
    # the basis {z_0, z_1}: determinant -1, entries near 2**50 (condition ~ 2**100); the
    # float solve means nothing, and the bound must not certify it
    key = ((1 << 4) - 1) ^ 0b11
    assert module.certify(matrix, np.array([0b11, key])) == module.UNCERTIFIED


@needs_numba
def test_equilibria_equal_the_numpy_path(monkeypatch: pytest.MonkeyPatch) -> None:
    for size, top in [(2, 5), (4, 10), (6, 100), (7, 100), (8, 3), (9, 100)]:
        for seed in range(3):
            a, b = _random((size, size + seed % 2), top, seed * 17 + size)
            game = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
            _assert_same(_solve(game, "numba", monkeypatch), _solve(game, "numpy", monkeypatch))


@pytest.mark.parametrize(("size", "top"), [(4, 100), (6, 100), (6, 4), (8, 100)])
def test_equilibria_match_pygambit(size: int, top: int, monkeypatch: pytest.MonkeyPatch) -> None:
    pygambit = pytest.importorskip("pygambit")
    if not hasattr(pygambit.Game, "from_arrays"):  # the pygambit 16 API
        pytest.skip(f"pygambit {pygambit.__version__} has no Game.from_arrays")
    for seed in range(3):
        a, b = _random((size, size), top, 1000 + seed * size)
        game = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
        g = pygambit.Game.from_arrays(a.astype(float), b.astype(float))
        result = pygambit.nash.enummixed_solve(g, rational=True)
        theirs = {
            tuple(tuple(Fraction(str(prof[s])) for s in player.strategies) for player in g.players)
            for prof in result.equilibria
        }
        for kernel in ("numba", "numpy") if HAS_NUMBA else ("numpy",):
            ours = {
                (tuple(e.strategies[0]), tuple(e.strategies[1]))
                for e in _solve(game, kernel, monkeypatch)
            }
            assert ours == theirs


@needs_numba
def test_wrong_proposals_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _module()
    a, b = _random((6, 6), 100, 60)  # a nondegenerate game: the kernel proves both sides
    game = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
    reference = _solve(game, "numpy", monkeypatch)
    search = module.search
    seen: list[int] = []

    def dropping(matrix: np.ndarray, capacity: int) -> tuple[int, np.ndarray]:
        status, keys = search(matrix, capacity)
        seen.append(status)
        return status, keys[:-1]  # one vertex missing

    def mislabelled(matrix: np.ndarray, capacity: int) -> tuple[int, np.ndarray]:
        status, keys = search(matrix, capacity)
        keys = keys.copy()
        keys[1] = keys[2]  # a vertex twice, one missing
        return status, keys

    def swapped(matrix: np.ndarray, capacity: int) -> tuple[int, np.ndarray]:
        status, keys = search(matrix, capacity)
        p = matrix.shape[0]
        keys = keys.copy()
        keys[-1] ^= (1 << p) | 1  # a label exchanged: some other basis
        return status, keys

    for wrong in (dropping, mislabelled, swapped):
        monkeypatch.setattr(module, "search", wrong)
        assert module.vertices(np.array(_polytopes(a, b)[0], dtype=np.float64), 1 << 20)[0] in (
            module.UNCERTIFIED,
            module.OPEN,
        )
        _assert_same(_solve(game, "numba", monkeypatch), reference)
    assert seen
    assert seen[0] == module.OK


@needs_numba
def test_an_unproved_answer_is_not_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    # a kernel that claims OK for a wrong basis: the exact solve of the vertex refuses it
    module = _module()
    a, b = _random((5, 5), 100, 7)
    game = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
    reference = _solve(game, "numpy", monkeypatch)
    vertices = module.vertices

    def lying(matrix: np.ndarray, capacity: int) -> tuple[int, np.ndarray]:
        # the proved vertices of another polytope of the same shape, claimed for this one
        other = np.random.default_rng(8).integers(1, 100, matrix.shape).astype(np.float64)
        status, keys = vertices(other, capacity)
        assert status == module.OK
        return module.OK, keys

    monkeypatch.setattr(module, "vertices", lying)
    with pytest.raises(SolverError):
        _solve(game, "numba", monkeypatch)
    monkeypatch.setattr(module, "vertices", vertices)
    _assert_same(_solve(game, "numba", monkeypatch), reference)


_EDGE = st.sampled_from([0, 1, 2, 3, 2**50 - 1, 2**50, 2**50 + 1, 2**53 + 1, 10**20])


@needs_numba
@settings(max_examples=60, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    data=st.data(),
)
def test_the_kernel_agrees_on_drawn_integer_games(
    shape: tuple[int, int], data: st.DataObject
) -> None:
    values = st.one_of(st.integers(0, 6), st.integers(0, 10**6), _EDGE)
    a = np.array(
        data.draw(st.lists(values, min_size=shape[0] * shape[1], max_size=shape[0] * shape[1])),
        dtype=object,
    ).reshape(shape)
    b = np.array(
        data.draw(st.lists(values, min_size=shape[0] * shape[1], max_size=shape[0] * shape[1])),
        dtype=object,
    ).reshape(shape)
    game = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
    with pytest.MonkeyPatch.context() as patch:
        results = []
        for kernel in ("numba", "numpy"):
            patch.setattr(vertex_module, "kernel", kernel)
            try:
                results.append(_profiles(nash_equilibria(game)))
            except SolverError as err:  # e.g. a budget: both paths must refuse alike
                results.append(type(err))
    assert results[0] == results[1]
    if HAS_NUMBA:
        for matrix in _polytopes(a, b):
            p, q = matrix.shape
            found = filtered.compiled_vertices(matrix.tolist(), p, q, None)
            if found is not None:
                assert _keys(found.labels) == _keys(pivot_vertices(matrix)[2])


def test_the_loading_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filtered, "_compiled", None)
    monkeypatch.setattr(vertex_module, "kernel", "numpy")
    assert filtered.exact_kernel(6, 6) is None
    monkeypatch.setattr(vertex_module, "kernel", "auto")
    monkeypatch.setattr(vertex_module, "_spent", 0.0)
    assert filtered.exact_kernel(6, 6) is None  # nothing spent yet: not loaded
    assert filtered._compiled is None
    monkeypatch.setattr(vertex_module, "kernel", "numba")
    assert filtered.exact_kernel(vertex_module.COMPILED_MAX + 1, 2) is None
    monkeypatch.setattr(vertex_module, "kernel", "cuda")
    with pytest.raises(InvalidParameterError, match="DEALMODELS_VERTEX_KERNEL"):
        filtered.exact_kernel(6, 6)


@needs_numba
def test_auto_loads_the_kernel_after_enough_exact_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filtered, "_compiled", None)
    monkeypatch.setattr(vertex_module, "kernel", "auto")
    monkeypatch.setattr(vertex_module, "_spent", 0.0)
    a, b = _random((5, 5), 100, 11)
    game = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
    nash_equilibria(game)
    assert vertex_module._spent > 0.0  # exact enumeration counts towards loading
    assert filtered._compiled is None
    monkeypatch.setattr(vertex_module, "_spent", 10.0)
    assert filtered.exact_kernel(5, 5) is _module()
    spent = vertex_module._spent
    nash_equilibria(game)
    assert vertex_module._spent == spent  # the kernel ran: nothing more to count


@needs_numba
def test_the_kernel_keeps_to_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from dealmodels.solvers._vertex import WorkBudget

    monkeypatch.setattr(vertex_module, "kernel", "numba")
    matrix = (np.random.default_rng(8).integers(0, 100, (6, 6)) + 1).astype(object)
    rows = matrix.tolist()
    full = filtered.compiled_vertices(rows, 6, 6, None)
    assert full is not None
    count = len(full.labels)
    budget = WorkBudget(count, lambda used: ValueError(used))
    assert filtered.compiled_vertices(rows, 6, 6, budget) is not None
    assert budget.used == count  # the bases after the origin's, as the exact search counts
    exact_budget = WorkBudget(None, lambda used: ValueError(used))
    pivot_vertices(matrix, exact_budget)
    assert exact_budget.used == count
    assert filtered.compiled_vertices(rows, 6, 6, WorkBudget(count - 1, ValueError)) is None
    assert filtered.compiled_vertices([[2**51, *r[1:]] for r in rows], 6, 6, None) is None
