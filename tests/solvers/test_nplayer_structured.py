"""The structured support solver (two or three players mixing) against the general route.

``solve_structured`` replaces the Gröbner basis / homotopy on supports where two players
mix (two linear systems) or three mix with one of them on two actions (one univariate
polynomial). The enumeration with it must give the same equilibria, exact where the
general route is exact, and the same continua, on generic and on degenerate games.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

from dealmodels.solvers._npoly import (
    enumerate_equilibria,
    feasible_point,
    integer_payoffs,
    solve_structured,
    solve_support,
)


def _flat(prof: tuple[np.ndarray, ...]) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in prof])


def _same(a: list, b: list) -> bool:
    fa, fb = [_flat(p) for p in a], [_flat(p) for p in b]
    return len(fa) == len(fb) and all(any(np.max(np.abs(x - y)) < 1e-7 for y in fb) for x in fa)


def _enum(arrays: list[np.ndarray], structured: bool, exact: bool = True):
    pay = [np.asarray(a, dtype=object) if exact else np.asarray(a, dtype=float) for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return enumerate_equilibria(pay, exact=exact, tol=1e-9, structured=structured)


@pytest.mark.parametrize(
    ("shape", "low", "high", "seeds"),
    [
        ((2, 2, 2), -1000, 1001, range(12)),
        ((3, 3, 3), -1000, 1001, range(4)),
        ((2, 3, 3), -1000, 1001, range(4)),
        ((2, 2, 3), -1000, 1001, range(8)),
        ((2, 2, 3), -2, 3, range(8)),
        ((2, 2, 2), -2, 3, range(12)),  # ties: degenerate games, continua
        ((3, 3, 2), -1, 2, range(4)),
        ((2, 2, 2, 2), -50, 51, range(3)),
    ],
)
def test_structured_matches_general_route(shape, low, high, seeds) -> None:
    for seed in seeds:
        rng = np.random.default_rng(seed)
        arrays = [rng.integers(low, high, size=shape).astype(object) for _ in shape]
        fast = _enum(arrays, structured=True)
        slow = _enum(arrays, structured=False)
        assert _same(fast.profiles, slow.profiles), (shape, seed)
        # where the two disagree on a continuum, the exact Groebner basis decides (the
        # homotopy can flag a singular isolated root as a continuum)
        for support in set(fast.continua) ^ set(slow.continua):
            assert (support in fast.continua) == _exact_continuum(arrays, support), support
        # exact where the general route is exact
        n_exact = sum(all(p.dtype == object for p in prof) for prof in slow.profiles)
        assert sum(all(p.dtype == object for p in prof) for prof in fast.profiles) >= n_exact


def _exact_continuum(arrays: list[np.ndarray], support: tuple) -> bool:
    ints = integer_payoffs(arrays)
    res = solve_support(ints, support, groebner_max=10)
    uf = [np.asarray(a, dtype=float) for a in arrays]
    return res.continuum and feasible_point(uf, support) is not None


def test_false_continuum_of_the_homotopy_is_not_reported() -> None:
    # a degenerate 2x2x3 game: the homotopy marks the full support as a continuum, but its
    # system is zero-dimensional (exact Groebner basis) with the one solution
    # (4/7, 3/7), (3/7, 4/7), (41/151, 100/151, 10/151)
    rng = np.random.default_rng(0)
    arrays = [rng.integers(-2, 3, size=(2, 2, 3)).astype(object) for _ in range(3)]
    full = ((0, 1), (0, 1), (0, 1, 2))
    assert not _exact_continuum(arrays, full)
    fast = _enum(arrays, structured=True)
    assert full not in fast.continua
    assert any(
        [list(p) for p in prof]
        == [
            [Fraction(4, 7), Fraction(3, 7)],
            [Fraction(3, 7), Fraction(4, 7)],
            [Fraction(41, 151), Fraction(100, 151), Fraction(10, 151)],
        ]
        for prof in fast.profiles
    )


@pytest.mark.parametrize("seed", range(3))
def test_structured_float_games(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    arrays = [rng.standard_normal((3, 3, 3)) for _ in range(3)]
    fast = _enum(arrays, structured=True, exact=False)
    slow = _enum(arrays, structured=False, exact=False)
    assert fast.profiles
    assert _same(fast.profiles, slow.profiles)


def test_two_mixing_players_exact_solution() -> None:
    # players 0 and 1 play matching pennies; player 2 is pure
    a = np.zeros((2, 2, 1), dtype=object)
    a[:, :, 0] = [[1, -1], [-1, 1]]
    b = -a
    c = np.zeros((2, 2, 1), dtype=object)
    ints = integer_payoffs([a, b, c])
    res = solve_structured(ints, ((0, 1), (0, 1), (0,)))
    assert res is not None
    [prof] = res.profiles
    assert [list(p) for p in prof] == [
        [Fraction(1, 2), Fraction(1, 2)],
        [Fraction(1, 2), Fraction(1, 2)],
        [Fraction(1)],
    ]


def test_three_mixing_matches_groebner_roots() -> None:
    rng = np.random.default_rng(7)
    for _ in range(10):
        arrays = [rng.integers(-9, 10, size=(2, 2, 2)).astype(object) for _ in range(3)]
        ints = integer_payoffs(arrays)
        support = ((0, 1), (0, 1), (0, 1))
        fast = solve_structured(ints, support)
        slow = solve_support(ints, support, groebner_max=10)
        if fast is None or slow.continuum:
            continue
        inside = [
            p for p in slow.profiles if all(np.all(np.asarray(s, dtype=float) > 0) for s in p)
        ]
        got = [p for p in fast.profiles if all(np.all(np.asarray(s, dtype=float) > 0) for s in p)]
        assert _same(got, inside)
        for p in got:  # rational roots come out exact
            exact_slow = any(
                all(s.dtype == object for s in q) and np.allclose(_flat(q), _flat(p))
                for q in inside
            )
            if exact_slow:
                assert all(s.dtype == object for s in p)


def test_unequal_two_mixing_inconsistent_is_empty() -> None:
    rng = np.random.default_rng(3)
    arrays = [rng.integers(-100, 101, size=(2, 3, 2)).astype(object) for _ in range(3)]
    res = solve_structured(integer_payoffs(arrays), ((0, 1), (0, 1, 2), (0,)))
    assert res is not None
    assert res.profiles == []


def test_known_games_match_general_route() -> None:
    # McKelvey-McLennan's 2x2x2 game has an equilibrium at a root of a determinant (a
    # player indifferent whatever the next player does): the structured solver must
    # hand that support to the general route
    from tests.known_games import KNOWN_NPLAYER

    for case in KNOWN_NPLAYER:
        arrays = [np.asarray(p, dtype=object) for p in case.game.payoffs]
        fast = _enum(arrays, structured=True)
        slow = _enum(arrays, structured=False)
        assert len(fast.profiles) == case.n_equilibria, case.id
        assert _same(fast.profiles, slow.profiles), case.id
        for support in set(fast.continua) ^ set(slow.continua):
            assert (support in fast.continua) == _exact_continuum(arrays, support), case.id
