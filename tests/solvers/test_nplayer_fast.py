"""The fast paths of the n-player support enumeration against slower references.

Each piece that replaced a slower one (issue 15) is checked against the one it replaced or
against a direct definition: the bitmask dominance search against iterated removal by
numpy comparisons, the hidden-variable solver of the full 3x3x3 support against the
homotopy, the integer verification against ``nash._verified``, the closed-form roots
against numpy, and the continuum test against the exact Groebner basis.
"""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest

import dealmodels as dm
from dealmodels.errors import SolverError
from dealmodels.solvers import _npoly as npoly
from dealmodels.solvers.nash import _verified
from dealmodels.solvers.nplayer import _ExactVerifier
from tests.known_games import KNOWN_NPLAYER


def _reference_supports(payoffs: list[np.ndarray]) -> list[tuple[tuple[int, ...], ...]]:
    """Porter, Nudelman and Shoham's search with :func:`npoly._dominated` (numpy)."""
    shape = payoffs[0].shape
    n = len(shape)
    floats = [np.asarray(p, dtype=float) for p in payoffs]
    out: list[tuple[tuple[int, ...], ...]] = []

    def irsds(assigned: list, domains: list) -> list | None:
        doms = [list(a) for a in assigned] + [list(d) for d in domains[len(assigned) :]]
        changed = True
        while changed:
            changed = False
            for i in range(n):
                bad = npoly._dominated(floats[i], i, doms)
                if bad:
                    if i < len(assigned):
                        return None
                    doms[i] = [a for a in doms[i] if a not in bad]
                    changed = True
        return doms

    def backtrack(sizes: tuple, assigned: list, domains: list) -> None:
        i = len(assigned)
        if i == n:
            out.append(tuple(assigned))
            return
        for s in itertools.combinations(domains[i], sizes[i]):
            trial = [*assigned, s]
            doms = irsds(trial, domains)
            if doms is None or any(len(doms[j]) < sizes[j] for j in range(i + 1, n)):
                continue
            backtrack(sizes, trial, doms)

    for sizes in npoly.size_vectors(shape):
        backtrack(sizes, [], [list(range(m)) for m in shape])
    return out


@pytest.mark.parametrize(
    ("shape", "high"),
    [((2, 2, 2), 3), ((3, 3, 3), 3), ((2, 3, 4), 2), ((2, 2, 2, 2), 2)],
)
def test_bitmask_dominance_search_matches_reference(shape: tuple[int, ...], high: int) -> None:
    # small payoff ranges make ties (weak, not strict, dominance)
    rng = np.random.default_rng(11)
    for _ in range(6):
        payoffs = [rng.integers(-high, high + 1, size=shape).astype(object) for _ in shape]
        ints = npoly.integer_payoffs(payoffs)
        assert list(npoly.supports(ints)) == _reference_supports(payoffs)


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 8, 8), (9, 9, 2)])
def test_bitmask_dominance_matches_numpy_definition(shape: tuple[int, ...]) -> None:
    # (2, 8, 8) and (9, 9, 2) give a player 64 or 81 opponent profiles: bitmasks past int64
    rng = np.random.default_rng(4)
    payoffs = [rng.integers(-3, 4, size=shape).astype(object) for _ in shape]
    dom = npoly._Dominance(payoffs)
    floats = [np.asarray(p, dtype=float) for p in payoffs]
    for _ in range(200):
        domains = [
            sorted(rng.choice(m, size=int(rng.integers(1, m + 1)), replace=False).tolist())
            for m in shape
        ]
        masks = [sum(1 << a for a in d) for d in domains]
        for i in range(len(shape)):
            got = dom.dominated(i, masks)
            want = npoly._dominated(floats[i], i, domains)
            assert {a for a in range(shape[i]) if got >> a & 1} == want


def test_pure_support_surviving_dominance_is_a_pure_equilibrium() -> None:
    rng = np.random.default_rng(3)
    for _ in range(10):
        payoffs = [rng.integers(-3, 4, size=(3, 3, 3)).astype(object) for _ in range(3)]
        game = dm.NormalFormGame(payoffs)
        pure = {
            tuple((int(np.argmax(s)),) for s in eq.strategies)
            for eq in dm.pure_nash_equilibria(game)
        }
        survivors = {
            s
            for s in npoly.supports(npoly.integer_payoffs(payoffs))
            if all(len(a) == 1 for a in s)
        }
        assert survivors == pure


def _in_region(prof: tuple[np.ndarray, ...], support: tuple) -> bool:
    return all(
        np.all(np.asarray(p, dtype=float)[list(s)] > 1e-9)
        for p, s in zip(prof, support, strict=True)
    )


@pytest.mark.parametrize("seed", range(12))
def test_hidden_variable_matches_homotopy_on_full_support(seed: int) -> None:
    rng = np.random.default_rng(seed)
    payoffs = [rng.integers(-1000, 1001, size=(3, 3, 3)).astype(object) for _ in range(3)]
    ints = npoly.integer_payoffs(payoffs)
    full = ((0, 1, 2),) * 3
    fast = npoly.solve_structured(ints, full)
    slow = npoly.solve_batch(ints, [full])[0]
    assert fast is not None
    uf = [np.asarray(p, dtype=float) for p in payoffs]
    mine = [npoly.newton(uf, full, p) for p in fast.profiles]
    theirs = [npoly.newton(uf, full, p) for p in slow.profiles if _in_region(p, full)]
    mine = [p for p in mine if _in_region(p, full)]
    flat = [np.concatenate(p) for p in mine]
    other = [np.concatenate(p) for p in theirs]
    # every totally mixed root the homotopy finds, and no other
    assert all(any(np.max(np.abs(x - y)) < 1e-7 for y in flat) for x in other)
    assert all(any(np.max(np.abs(x - y)) < 1e-7 for y in other) for x in flat)


def test_hidden_variable_base_point_handled_not_declined() -> None:
    # in these games a base point (all minors of one player's matrix vanish) lies inside
    # the strategy triangle; the solver decides it instead of handing over to the homotopy
    rng = np.random.default_rng(2026)
    for _ in range(5):
        [rng.integers(-1000, 1001, size=(2, 2, 2)) for _ in range(3)]
    declined = 0
    for _ in range(5):
        payoffs = [rng.integers(-1000, 1001, size=(3, 3, 3)).astype(object) for _ in range(3)]
        declined += (
            npoly.solve_structured(npoly.integer_payoffs(payoffs), ((0, 1, 2),) * 3) is None
        )
    assert declined == 0


def test_hidden_variable_on_3x4x4_support_matches_homotopy() -> None:
    rng = np.random.default_rng(5)
    payoffs = [rng.integers(-100, 101, size=(4, 4, 3)).astype(object) for _ in range(3)]
    ints = npoly.integer_payoffs(payoffs)
    support = ((0, 1, 2, 3), (0, 1, 2, 3), (0, 1, 2))
    fast = npoly.solve_structured(ints, support)
    slow = npoly.solve_batch(ints, [support])[0]
    assert fast is not None
    uf = [np.asarray(p, dtype=float) for p in payoffs]
    a = [np.concatenate(npoly.newton(uf, support, p)) for p in fast.profiles]
    b = [
        np.concatenate(npoly.newton(uf, support, p))
        for p in slow.profiles
        if _in_region(p, support)
    ]
    a = [x for x in a if np.all(x[np.r_[0:4, 4:8, 8:11]] > 1e-9)]
    assert all(any(np.max(np.abs(x - y)) < 1e-7 for y in a) for x in b)
    assert all(any(np.max(np.abs(x - y)) < 1e-7 for y in b) for x in a)


def _fraction_game(shape: tuple[int, ...], seed: int) -> dm.NormalFormGame:
    rng = np.random.default_rng(seed)
    size = int(np.prod(shape))
    payoffs = []
    for _ in shape:
        nums, dens = rng.integers(-50, 50, size=size), rng.integers(1, 7, size=size)
        arr = np.array([Fraction(int(a), int(b)) for a, b in zip(nums, dens, strict=True)])
        payoffs.append(arr.astype(object).reshape(shape))
    return dm.NormalFormGame(payoffs)


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 3, 3), (2, 3, 2, 2)])
def test_integer_verification_equals_verified(shape: tuple[int, ...]) -> None:
    for seed in range(4):
        game = _fraction_game(shape, seed)
        check = _ExactVerifier(*npoly.scaled_integer_payoffs(game.payoffs))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dm.DegenerateGameWarning)
            eqs = dm.nash_equilibria(game)
        for eq in eqs:
            as_float = tuple(np.asarray(s, dtype=float) for s in eq.strategies)
            for prof in (eq.strategies, as_float):
                a = _verified(game, prof, "m", 1e-9)
                b = check(prof, "m", 1e-9)
                assert a.regret == b.regret
                assert list(a.payoffs) == list(b.payoffs)
                assert a.support == b.support
        uniform = tuple(np.array([Fraction(1, m)] * m, dtype=object) for m in shape)
        with pytest.raises(SolverError) as want:
            _verified(game, uniform, "m", 1e-9)
        with pytest.raises(SolverError) as got:
            check(uniform, "m", 1e-9)
        assert str(got.value) == str(want.value)


def test_real_roots_closed_forms_match_numpy() -> None:
    rng = np.random.default_rng(0)
    for _ in range(300):
        poly = [int(v) for v in rng.integers(-20, 21, size=int(rng.integers(2, 4)))]
        if poly[-1] == 0:
            continue
        got = npoly._real_roots(poly, lo=-100.0, hi=100.0)
        want = sorted(
            float(z.real) for z in np.roots(poly[::-1]) if abs(z.imag) <= 1e-7 * max(1, abs(z))
        )
        assert len(got) == len(set(np.round(want, 6))), (poly, got, want)
        assert all(any(abs(g - w) < 1e-6 for w in want) for g in got)
    # a double root: the exact discriminant is zero
    assert npoly._real_roots([1, -2, 1], lo=0.0, hi=2.0) == [1.0]
    # no real root: the exact discriminant is negative
    assert npoly._real_roots([1, 0, 1], lo=-10.0, hi=10.0) == []


def _vanishing_reference(lin: list[dict]) -> object:
    """The point where two affine forms in (s, t) vanish, by Fractions and ranks."""
    coef = [
        [Fraction(p.get((1, 0), 0)), Fraction(p.get((0, 1), 0)), Fraction(-p.get((0, 0), 0))]
        for p in lin
    ]
    a = [r[:2] for r in coef]
    if npoly._rank(a) < 2:
        return npoly._rank(coef) == npoly._rank(a)
    s, t = npoly._solve_linear_exact(a, [r[2] for r in coef])
    return (s, t) if s >= 0 and t >= 0 and s + t <= 1 else False


def test_integer_vanishing_point_matches_fraction_reference() -> None:
    rng = np.random.default_rng(1)
    keys = ((0, 0), (1, 0), (0, 1))
    for _ in range(500):
        lin = [
            {key: int(v) for key, v in zip(keys, rng.integers(-2, 3, size=3), strict=True) if v}
            for _ in range(2)
        ]
        assert npoly._vanishing_point(lin) == _vanishing_reference(lin)


def test_false_continuum_of_a_singular_endpoint_is_not_reported() -> None:
    # a degenerate 3x3x3 game: the homotopy ends a path at a singular point of the support
    # ((1, 2), (0, 1, 2), (0, 2)) and least squares finds an equilibrium with that support,
    # which the old rule reported as a continuum; the exact Groebner basis of the support
    # system is zero-dimensional, and the continuum test agrees
    rng = np.random.default_rng(12)
    payoffs = [rng.integers(-2, 3, size=(3, 3, 3)).astype(object) for _ in range(3)]
    ints = npoly.integer_payoffs(payoffs)
    uf = [np.asarray(p, dtype=float) for p in payoffs]
    support = ((1, 2), (0, 1, 2), (0, 2))
    assert npoly.solve_batch(ints, [support])[0].continuum
    assert npoly.feasible_point(uf, support) is not None
    assert not npoly.solve_support(ints, support, groebner_max=10).continuum
    assert not npoly.continuum_verified(uf, support)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dm.DegenerateGameWarning)
        found = npoly.enumerate_equilibria(payoffs, exact=True, tol=1e-9, structured=False)
    assert support not in found.continua


def test_true_continua_are_verified() -> None:
    case = next(c for c in KNOWN_NPLAYER if c.id == "nau2004-2x2x2")
    uf = [np.asarray(p, dtype=float) for p in case.game.payoffs]
    for support in case.continuum_supports:
        assert npoly.continuum_verified(uf, support), support
    # an isolated (regular) equilibrium is not on a continuum
    rng = np.random.default_rng(2)
    game = dm.NormalFormGame([rng.integers(-1000, 1001, size=(2, 2, 2)) for _ in range(3)])
    ufg = [np.asarray(p, dtype=float) for p in game.payoffs]
    for eq in dm.nash_equilibria(game):
        point = tuple(np.asarray(s, dtype=float) for s in eq.strategies)
        assert not npoly.on_continuum(ufg, eq.support, point)
