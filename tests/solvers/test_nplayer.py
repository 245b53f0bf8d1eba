"""Tests for the n-player branch of nash_equilibria: known answers, properties, oracles."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels import (
    DegenerateGameWarning,
    NormalFormGame,
    UnsupportedGameError,
    nash_equilibria,
    pure_nash_equilibria,
)
from dealmodels.models import Collusion
from dealmodels.solvers._npoly import integer_payoffs, size_vectors, solve_support, supports
from dealmodels.strategies import normal_form_games
from tests.known_games import KNOWN_NPLAYER, NPlayerCase


def flat(eq: dm.Equilibrium) -> np.ndarray:
    return np.concatenate([np.asarray(s, dtype=float) for s in eq.strategies])


def same_set(a: list[np.ndarray], b: list[np.ndarray], tol: float = 1e-7) -> bool:
    if len(a) != len(b):
        return False
    return all(any(np.max(np.abs(x - y)) <= tol for y in b) for x in a) and all(
        any(np.max(np.abs(x - y)) <= tol for x in a) for y in b
    )


def random_game(shape: tuple[int, ...], seed: int, *, exact: bool = True) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    if exact:
        return NormalFormGame([rng.integers(-1000, 1001, size=shape) for _ in shape])
    return NormalFormGame([rng.normal(size=shape) for _ in shape])


# -- known answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", KNOWN_NPLAYER, ids=[c.id for c in KNOWN_NPLAYER])
def test_known_three_player_games(case: NPlayerCase) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        eqs = nash_equilibria(case.game)
    assert len(eqs) == case.n_equilibria
    assert sum(e.is_pure for e in eqs) == case.n_pure
    if case.expected:
        got = {tuple(tuple(s) for s in e.strategies) for e in eqs}
        assert got == set(case.expected)  # exact Fractions
    for e in eqs:
        assert dm.is_nash(case.game, e.strategies, tol=1e-9)
        if all(s.dtype == object for s in e.strategies):
            assert e.regret == 0.0
            assert dm.regret(case.game, e.strategies) == 0.0
    pure = {
        tuple(int(np.argmax(s)) for s in e.strategies) for e in pure_nash_equilibria(case.game)
    }
    assert pure == {tuple(int(np.argmax(s)) for s in e.strategies) for e in eqs if e.is_pure}
    messages = [str(w.message) for w in caught if issubclass(w.category, DegenerateGameWarning)]
    if case.continuum_supports:
        assert len(messages) == 1
        for support in case.continuum_supports:
            assert str(support) in messages[0]
    else:
        assert not messages


def test_mckelvey_mclennan_totally_mixed_by_hand() -> None:
    # the indifference equations of the 2x2x2 game at (2/5, 1/2, 1/3), by hand
    case = KNOWN_NPLAYER[0]
    p, q, r = Fraction(2, 5), Fraction(1, 2), Fraction(1, 3)
    assert 9 * q * r + 3 * (1 - q) * (1 - r) == 9 * (1 - q) * r + 3 * q * (1 - r)
    assert 8 * p * r + 4 * (1 - p) * (1 - r) == 8 * (1 - p) * r + 4 * p * (1 - r)
    assert 12 * p * q + 2 * (1 - p) * (1 - q) == 6 * (1 - p) * q + 6 * p * (1 - q)
    assert ((p, 1 - p), (q, 1 - q), (r, 1 - r)) in case.expected


def test_irrational_equilibrium_of_exact_game_is_float_and_verified() -> None:
    case = KNOWN_NPLAYER[1]
    eqs = nash_equilibria(case.game)
    floats = [e for e in eqs if e.strategies[0].dtype != object]
    assert floats  # the totally mixed one of the three players' 2-3-3 support is irrational
    for e in floats:
        assert e.regret <= 1e-12
        assert e.method == "support_enumeration"


def test_float_game_matches_exact_game() -> None:
    case = KNOWN_NPLAYER[0]
    exact = [flat(e) for e in nash_equilibria(case.game)]
    floating = nash_equilibria(case.game.as_float())
    assert all(e.strategies[0].dtype == np.float64 for e in floating)
    assert same_set(exact, [flat(e) for e in floating])


def test_collusion_symmetric_equilibria_match_closed_form() -> None:
    values = {"instances": 3, "needed": 2, "prize": 10.0, "loss": 5.0, "comply_payoff": 1.0}
    model = Collusion()
    game = model.game(**values)
    closed = model.equilibria(**values)
    # the model's closed form: all comply, all defect, and the symmetric mixed profile
    # where a defector's expected payoff equals the comply payoff
    assert [e.kind for e in closed] == ["all comply", "mixed", "all defect"]
    eqs = nash_equilibria(game)
    symmetric = sorted(
        float(e.strategies[0][1])
        for e in eqs
        if all(np.allclose(e.strategies[0], s, atol=1e-12) for s in e.strategies)
    )
    assert symmetric == pytest.approx([e.defect_probability for e in closed], abs=1e-10)
    for e in eqs:
        assert dm.is_nash(game, e.strategies, tol=1e-9)


def test_size_vectors_follow_porter_nudelman_shoham_order() -> None:
    sizes = size_vectors((2, 3, 3))
    assert sizes[0] == (1, 1, 1)
    totals = [sum(x) for x in sizes]
    assert totals == sorted(totals)
    # within a total size, balanced vectors first
    assert sizes.index((2, 2, 2)) < sizes.index((1, 2, 3))
    assert len(sizes) == 2 * 3 * 3


def test_dominance_pruning_removes_dominated_actions() -> None:
    # player 0's action 1 is strictly dominated: no support profile may contain it
    rng = np.random.default_rng(3)
    u = [rng.integers(-1000, 1001, size=(2, 2, 2)) for _ in range(3)]
    u[0][1] = u[0][0] - 1
    game = NormalFormGame(u)
    visited = list(supports(integer_payoffs(game.payoffs)))
    assert visited
    assert all(1 not in s[0] for s in visited)
    assert all(e.strategies[0][1] == 0 for e in nash_equilibria(game))


@pytest.mark.parametrize("seed", range(6))
def test_homotopy_agrees_with_groebner(seed: int) -> None:
    game = random_game((2, 2, 3), seed)
    u = integer_payoffs(game.payoffs)
    for support in [((0, 1), (0, 1), (0, 1, 2)), ((0, 1), (0, 1), (0, 2))]:
        exact = solve_support(u, support, groebner_max=10)
        numeric = solve_support(u, support, groebner_max=0)
        a = [np.concatenate([np.asarray(p, dtype=float) for p in prof]) for prof in exact.profiles]
        b = [np.concatenate(list(prof)) for prof in numeric.profiles]
        assert same_set(a, b, tol=1e-8)


# -- properties -------------------------------------------------------------------------------


@settings(max_examples=15)
@given(seed=st.integers(0, 10**6), exact=st.booleans())
def test_random_2x2x2_equilibria_are_nash_and_odd_in_number(seed: int, exact: bool) -> None:
    game = random_game((2, 2, 2), seed, exact=exact)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateGameWarning)
        eqs = nash_equilibria(game)
    for e in eqs:
        assert dm.is_nash(game, e.strategies, tol=1e-9)
        assert e.regret <= 1e-9 * 1000
    # a generic game has an odd number of equilibria (Wilson 1971); a payoff tie (rare
    # with integers in [-1000, 1000]) can make a continuum, which is warned about
    assume(not caught)
    assert len(eqs) % 2 == 1
    pure = [flat(e) for e in pure_nash_equilibria(game)]
    assert all(any(np.array_equal(p, flat(e)) for e in eqs) for p in pure)


@settings(max_examples=10)
@given(seed=st.integers(0, 10**6), scale=st.sampled_from([1e-3, 1.0, 7.0, 1e3]))
def test_equilibria_invariant_to_affine_payoffs_and_player_order(seed: int, scale: float) -> None:
    game = random_game((2, 2, 2), seed, exact=False)
    base = [flat(e) for e in nash_equilibria(game)]
    shifted = NormalFormGame([scale * u + 3.0 for u in game.payoffs])
    assert same_set(base, [flat(e) for e in nash_equilibria(shifted)], tol=1e-6)
    # swap players 0 and 1
    swapped = NormalFormGame([np.swapaxes(game.payoffs[k], 0, 1) for k in (1, 0, 2)])
    back = [np.concatenate([f[2:4], f[0:2], f[4:6]]) for f in map(flat, nash_equilibria(swapped))]
    assert same_set(base, back, tol=1e-7)


@settings(max_examples=40)
@given(game=normal_form_games(min_players=3, max_players=4, max_actions=2))
def test_any_small_game_including_degenerate_ones(game: NormalFormGame) -> None:
    # degenerate games (many ties) may warn about continua; what is returned is verified
    # and includes every pure equilibrium
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        eqs = nash_equilibria(game)
    for e in eqs:
        assert dm.is_nash(game, e.strategies, tol=1e-8)
    # the pure equilibria of the float game as given (tol=0): a payoff of 2.2e-16 against 0
    # is a strict preference, which support enumeration respects; with a tolerance
    # pure_nash_equilibria would also list near-ties (epsilon-equilibria)
    pure = {
        tuple(int(np.argmax(s)) for s in e.strategies) for e in pure_nash_equilibria(game, tol=0)
    }
    assert pure == {tuple(int(np.argmax(s)) for s in e.strategies) for e in eqs if e.is_pure}


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["vertex_enumeration", "lemke_howson"])
def test_two_player_methods_rejected_for_three_players(method: str) -> None:
    game = KNOWN_NPLAYER[0].game
    with pytest.raises(UnsupportedGameError, match="2-player"):
        nash_equilibria(game, method=method)  # type: ignore[arg-type]


def test_bad_method_and_tol_named() -> None:
    game = KNOWN_NPLAYER[0].game
    with pytest.raises(dm.InvalidParameterError, match="method"):
        nash_equilibria(game, method="simplex")  # type: ignore[arg-type]
    with pytest.raises(dm.InvalidParameterError, match="tol"):
        nash_equilibria(game, tol=-1.0)


# -- oracle -----------------------------------------------------------------------------------


def _gambit_equilibria(game: NormalFormGame) -> list[np.ndarray]:
    gbt = pytest.importorskip("pygambit")
    if not hasattr(gbt.Game, "from_arrays"):  # the pygambit 16 API these tests use
        pytest.skip(f"pygambit {gbt.__version__} has no Game.from_arrays")
    arrays = [np.asarray(u, dtype=float) for u in game.payoffs]
    g = gbt.Game.from_arrays(*arrays)
    result = gbt.nash.enumpoly_solve(g)
    out = []
    for prof in result.equilibria:
        out.append(
            np.array([float(prof[s]) for p in g.players for s in p.strategies], dtype=float)
        )
    return out


def contains_all(ours: list[np.ndarray], theirs: list[np.ndarray], tol: float = 1e-6) -> bool:
    return all(any(np.max(np.abs(x - y)) <= tol for x in ours) for y in theirs)


@pytest.mark.parametrize("case", KNOWN_NPLAYER[:2], ids=[c.id for c in KNOWN_NPLAYER[:2]])
def test_known_games_against_pygambit(case: NPlayerCase) -> None:
    # pygambit 16.7's enumpoly finds 4 of the 3x3x3 catalog game's five equilibria (it
    # misses the totally mixed one of supports (0, 1), (1, 2), (1, 2)); every equilibrium
    # it finds must be ours, and ours are verified
    theirs = _gambit_equilibria(case.game)
    eqs = nash_equilibria(case.game)
    assert contains_all([flat(e) for e in eqs], theirs)
    assert len(eqs) == case.n_equilibria >= len(theirs)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 3, 2)])
def test_random_games_against_pygambit(seed: int, shape: tuple[int, ...]) -> None:
    # enumpoly sometimes misses equilibria (seed 1: a totally mixed equilibrium of the
    # 3x3x2 game, confirmed at 50 digits); we require ours to contain all of its
    game = random_game(shape, 100 + seed)
    theirs = _gambit_equilibria(game)
    eqs = nash_equilibria(game)
    assert contains_all([flat(e) for e in eqs], theirs)
    for e in eqs:
        assert dm.is_nash(game, e.strategies, tol=1e-9)
