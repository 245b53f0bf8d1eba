"""Tests for dealmodels.solvers.nash: known answers, oracles, properties, bad input."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels import (
    InvalidParameterError,
    NormalFormGame,
    SolverError,
    UnsupportedGameError,
    best_responses,
    is_nash,
    lemke_howson,
    nash_equilibria,
    pure_nash_equilibria,
    regret,
)
from dealmodels.solvers import nash as nash_module
from dealmodels.strategies import bimatrix_games, normal_form_games
from tests.known_games import KNOWN_BIMATRIX, KnownCase

METHODS = ("auto", "support_enumeration", "vertex_enumeration")


def as_pairs(eqs: list[dm.Equilibrium]) -> list[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    return [(tuple(e.strategies[0]), tuple(e.strategies[1])) for e in eqs]


class EquilibriumSet:
    """Equilibria as concatenated ``(x, y)`` vectors; equality and membership up to 1e-7."""

    TOL = 1e-7

    def __init__(self, eqs: list[Any]) -> None:
        rows = []
        for e in eqs:
            x, y = (e.strategies if isinstance(e, dm.Equilibrium) else e)[:2]
            rows.append(np.concatenate([np.asarray(x, float), np.asarray(y, float)]))
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, k: int) -> np.ndarray:
        return self.rows[k]

    def __contains__(self, row: object) -> bool:
        return any(
            r.shape == np.shape(row) and np.max(np.abs(r - row), initial=0.0) <= self.TOL
            for r in self.rows
        )

    def __le__(self, other: EquilibriumSet) -> bool:
        return all(r in other for r in self.rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EquilibriumSet) or len(self) != len(other):
            return False
        return self <= other and other <= self

    def __repr__(self) -> str:
        return f"EquilibriumSet({[r.round(9).tolist() for r in self.rows]})"


def as_set(eqs: list[Any]) -> EquilibriumSet:
    """The equilibria (Equilibrium objects or (x, y) pairs) as a set for comparisons."""
    return EquilibriumSet(eqs)


def random_game(rng: np.random.Generator, m: int, n: int) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(rng.standard_normal((m, n)), rng.standard_normal((m, n)))


# -- known answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", KNOWN_BIMATRIX, ids=lambda c: c.id)
@pytest.mark.parametrize("method", METHODS)
def test_known_games_exact(case: KnownCase, method: str) -> None:
    eqs = nash_equilibria(case.game, method)  # type: ignore[arg-type]
    assert as_pairs(eqs) == list(case.expected)  # exact Fractions, in the documented order
    for eq in eqs:
        assert eq.regret == 0.0
        assert all(s.dtype == object for s in eq.strategies)
        assert eq.method in {"support_enumeration", "vertex_enumeration"}


@pytest.mark.parametrize("case", KNOWN_BIMATRIX, ids=lambda c: c.id)
@pytest.mark.parametrize("method", METHODS)
def test_known_games_float(case: KnownCase, method: str) -> None:
    eqs = nash_equilibria(case.game.as_float(), method)  # type: ignore[arg-type]
    assert len(eqs) == len(case.expected)
    for eq, (x, y) in zip(eqs, case.expected, strict=True):
        assert eq.strategies[0] == pytest.approx([float(v) for v in x], abs=1e-9)
        assert eq.strategies[1] == pytest.approx([float(v) for v in y], abs=1e-9)
        assert eq.regret <= 1e-9


@pytest.mark.parametrize("case", KNOWN_BIMATRIX, ids=lambda c: c.id)
@pytest.mark.parametrize("exact", [True, False])
def test_lemke_howson_every_label_reaches_a_known_equilibrium(
    case: KnownCase, exact: bool
) -> None:
    game = case.game if exact else case.game.as_float()
    expected = as_set([(x, y) for x, y in case.expected])
    m, n = game.shape
    for label in range(m + n):
        eq = lemke_howson(game, initial_dropped_label=label)
        assert eq.method == "lemke_howson"
        assert as_set([eq])[0] in expected


# QuantEcon.py's test_lemke_howson.py: degenerate games where ad hoc tie-breaking makes
# Lemke-Howson cycle; the lexicographic rule must terminate, at an extreme equilibrium, from
# every label. Where the path ends in a degenerate game depends on the lexicographic order
# used, so only the first game's endpoint (which quantecon's order shares) is pinned.
_CYCLING_A = np.array([[0, 0, 0], [0, 1, 1], [1, 1, 0]])
_CYCLING_B = np.array([[1, 0, 1], [1, 1, 0], [0, 0, 2]])
_PERM = [2, 0, 1]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (_CYCLING_A, _CYCLING_B, ([0, 2 / 3, 1 / 3], [0, 1, 0])),
        (_CYCLING_A[:, _PERM], _CYCLING_B[_PERM, :], None),
    ],
    ids=["smallest-row-cycles", "smallest-variable-cycles"],
)
@pytest.mark.parametrize("exact", [True, False])
def test_lemke_howson_degenerate_cycling_examples(
    a: np.ndarray, b: np.ndarray, expected: tuple[list[float], list[float]] | None, exact: bool
) -> None:
    game = NormalFormGame.from_bimatrix(a, b)
    game = game if exact else game.as_float()
    if expected is not None:
        eq = lemke_howson(game, initial_dropped_label=0)
        assert np.asarray(eq.strategies[0], float) == pytest.approx(expected[0], abs=1e-12)
        assert np.asarray(eq.strategies[1], float) == pytest.approx(expected[1], abs=1e-12)
    every = as_set(nash_equilibria(game))
    for label in range(6):
        assert as_set([lemke_howson(game, initial_dropped_label=label)])[0] in every


def test_known_payoffs_battle_of_the_sexes() -> None:
    bos = KNOWN_BIMATRIX[2].game
    payoffs = [tuple(e.payoffs) for e in nash_equilibria(bos)]
    assert payoffs == [(2, 1), (Fraction(2, 3), Fraction(2, 3)), (1, 2)]


def test_equilibrium_is_frozen_and_read_only() -> None:
    eq = nash_equilibria(KNOWN_BIMATRIX[0].game)[0]
    with pytest.raises(AttributeError):
        eq.regret = 1.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        eq.strategies[0][0] = 0
    assert eq.is_pure
    assert "Equilibrium(" in repr(eq)


def test_method_is_recorded() -> None:
    g = random_game(np.random.default_rng(3), 7, 7)
    assert {e.method for e in nash_equilibria(g, "vertex_enumeration")} == {"vertex_enumeration"}
    assert {e.method for e in nash_equilibria(g, "support_enumeration")} == {"support_enumeration"}
    assert [e.method for e in nash_equilibria(g, "lemke_howson")] == ["lemke_howson"]


# -- agreement across methods and with oracles ----------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_methods_agree_and_match_quantecon(seed: int) -> None:
    gt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(2, 7, size=2))
    game = random_game(rng, m, n)
    a, b = game.payoffs
    oracle = gt.vertex_enumeration(gt.NormalFormGame((gt.Player(a), gt.Player(b.T))))
    ours = {method: as_set(nash_equilibria(game, method)) for method in METHODS}
    assert ours["vertex_enumeration"] == as_set(oracle)
    assert ours["support_enumeration"] == ours["vertex_enumeration"] == ours["auto"]
    assert as_set(nash_equilibria(game.as_exact())) == ours["auto"]


@pytest.mark.parametrize("seed", range(20))
def test_decimal_float_games_match_the_exact_decimal_game(seed: int) -> None:
    # payoffs with one decimal tie often (degenerate); float round-off such as
    # 0.1 + 0.2 != 0.3 must not split those ties, so the float solvers must return the
    # extreme equilibria of the game with the decimal values read as exact fractions
    rng = np.random.default_rng(500 + seed)
    m, n = (int(v) for v in rng.integers(2, 6, size=2))
    a = np.round(rng.uniform(-1, 1, (m, n)), 1)
    b = np.round(rng.uniform(-1, 1, (m, n)), 1)
    as_decimal = np.vectorize(lambda v: Fraction(str(v)), otypes=[object])
    exact = nash_equilibria(NormalFormGame.from_bimatrix(as_decimal(a), as_decimal(b)))
    game = NormalFormGame.from_bimatrix(a, b)
    for method in ("vertex_enumeration", "support_enumeration"):
        assert as_set(nash_equilibria(game, method)) == as_set(exact)


@pytest.mark.parametrize("seed", range(3))
def test_ten_by_ten_matches_quantecon(seed: int) -> None:
    # large enough for the batched-by-support-size partner solves and the bitmask join
    gt = pytest.importorskip("quantecon.game_theory")
    game = random_game(np.random.default_rng(300 + seed), 10, 10)
    a, b = game.payoffs
    oracle = gt.vertex_enumeration(gt.NormalFormGame((gt.Player(a), gt.Player(b.T))))
    ours = nash_equilibria(game)
    assert ours[0].method == "vertex_enumeration"
    assert as_set(ours) == as_set(oracle)


@pytest.mark.parametrize("seed", range(6))
def test_matches_nashpy_vertex_enumeration(seed: int) -> None:
    nash = pytest.importorskip("nashpy")
    rng = np.random.default_rng(100 + seed)
    game = random_game(rng, 4, 5)
    a, b = game.payoffs
    oracle = list(nash.Game(a, b).vertex_enumeration())
    assert as_set(nash_equilibria(game)) == as_set(oracle)


@pytest.mark.parametrize("seed", range(4))
def test_lemke_howson_matches_quantecon(seed: int) -> None:
    gt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(200 + seed)
    game = random_game(rng, 6, 5)
    a, b = game.payoffs
    qg = gt.NormalFormGame((gt.Player(a.copy()), gt.Player(b.T.copy())))
    for label in range(11):
        theirs = gt.lemke_howson(qg, init_pivot=label)
        ours = lemke_howson(game, initial_dropped_label=label)
        assert as_set([ours]) == as_set([theirs])


def _path_lengths(game: NormalFormGame) -> list[int]:
    from dealmodels.solvers._lemke_howson import lemke_howson_path
    from dealmodels.solvers._vertex import rescale

    a, b = (rescale(np.asarray(p, dtype=float)) for p in game.payoffs)
    m, n = game.shape
    return [lemke_howson_path(a, b, k, tol=1e-9, max_pivots=None)[2] for k in range(m + n)]


def test_lemke_howson_pivot_budget_error_says_how_many_ran_and_how_to_raise_it() -> None:
    game = random_game(np.random.default_rng(9), 7, 7)
    needed = _path_lengths(game)[0]
    assert needed > 2
    with pytest.raises(dm.ConvergenceError) as info:
        lemke_howson(game, 0, max_pivots=needed - 1)
    message = str(info.value)
    assert f"max_pivots={needed - 1}" in message
    assert f"({needed - 1} pivots ran" in message
    assert "max_pivots=None" in message
    assert "initial_dropped_label=None" in message
    exact = lemke_howson(game, 0, max_pivots=needed)  # exactly enough
    assert as_set([exact]) == as_set([lemke_howson(game, 0, max_pivots=None)])


def test_lemke_howson_tries_every_label_until_one_finishes() -> None:
    for seed in range(40):
        game = random_game(np.random.default_rng(seed), 6, 6)
        lengths = _path_lengths(game)
        if lengths[0] > min(lengths):
            break
    else:  # pragma: no cover - the seeds above contain such a game
        pytest.fail("no game whose label-0 path is longer than another label's")
    budget = min(lengths)
    first = next(k for k, length in enumerate(lengths) if length <= budget)
    assert first > 0
    eq = lemke_howson(game, None, max_pivots=budget)
    assert as_set([eq]) == as_set([lemke_howson(game, first)])
    # with no budget the label-0 path is followed, as with initial_dropped_label=0
    assert as_set([lemke_howson(game, None)]) == as_set([lemke_howson(game, 0)])
    with pytest.raises(
        dm.ConvergenceError, match=f"any of the 12 dropped labels.*{12 * (budget - 1)} pivots ran"
    ):
        lemke_howson(game, None, max_pivots=budget - 1)


@pytest.mark.parametrize("exact", [True, False])
def test_lemke_howson_pivot_counts_match_quantecon(exact: bool) -> None:
    gt = pytest.importorskip("quantecon.game_theory")
    for seed in range(3):
        game = random_game(np.random.default_rng(500 + seed), 12, 10)
        a, b = game.payoffs
        qg = gt.NormalFormGame((gt.Player(a.copy()), gt.Player(b.T.copy())))
        lengths = _path_lengths(game)
        for label in (0, 5, 13):
            theirs, res = gt.lemke_howson(qg, init_pivot=label, full_output=True)
            assert lengths[label] == res.num_iter
            g = game.as_exact() if exact else game
            assert as_set([lemke_howson(g, label)]) == as_set([theirs])


def test_larger_game_methods_agree() -> None:
    game = random_game(np.random.default_rng(7), 9, 8)
    ve = nash_equilibria(game, "vertex_enumeration")
    assert as_set(ve) == as_set(nash_equilibria(game, "support_enumeration"))
    lh = [lemke_howson(game, initial_dropped_label=k) for k in range(17)]
    assert as_set(lh) <= as_set(ve)


# -- properties -------------------------------------------------------------------------------


@given(game=bimatrix_games(max_actions=4))
def test_equilibria_have_no_profitable_deviation(game: NormalFormGame) -> None:
    eqs = nash_equilibria(game)
    assert eqs
    for eq in eqs:
        assert is_nash(
            game,
            eq.strategies,
            tol=1e-9 * max(1.0, float(np.max(np.abs(np.asarray(game.payoffs, dtype=float))))),
        )
        assert eq.support == tuple(
            tuple(int(i) for i in np.flatnonzero(np.asarray(s, float) > 0)) for s in eq.strategies
        )


@given(game=bimatrix_games(max_actions=4, exact=True))
def test_exact_and_float_paths_agree(game: NormalFormGame) -> None:
    exact = nash_equilibria(game)
    assert all(e.regret == 0 for e in exact)
    expected = as_set(exact)
    assert as_set(nash_equilibria(game.as_float(), "vertex_enumeration")) == expected
    assert as_set(nash_equilibria(game.as_float(), "support_enumeration")) == expected


@given(game=bimatrix_games(max_actions=5, exact=True))
def test_exact_methods_agree(game: NormalFormGame) -> None:
    by_vertices = as_pairs(nash_equilibria(game, "vertex_enumeration"))
    assert by_vertices == as_pairs(nash_equilibria(game, "support_enumeration"))


@given(game=bimatrix_games(max_actions=4))
def test_pure_equilibria_are_extreme_equilibria(game: NormalFormGame) -> None:
    pure = as_set(pure_nash_equilibria(game))
    assert pure <= as_set(nash_equilibria(game))


@given(game=bimatrix_games(max_actions=4), data=st.data())
def test_lemke_howson_finds_an_extreme_equilibrium(
    game: NormalFormGame, data: st.DataObject
) -> None:
    m, n = game.shape
    label = data.draw(st.integers(0, m + n - 1))
    eq = lemke_howson(game, initial_dropped_label=label)
    assert as_set([eq])[0] in as_set(nash_equilibria(game))


@given(game=normal_form_games(min_players=1, max_players=4, max_actions=3))
def test_pure_equilibria_match_brute_force(game: NormalFormGame) -> None:
    expected = []
    for profile in game.pure_profiles():
        ok = True
        for i, u in enumerate(game.payoffs):
            here = u[profile]
            for alt in range(game.shape[i]):
                other = list(profile)
                other[i] = alt
                if u[tuple(other)] > here + (0 if game.is_exact else 1e-9):
                    ok = False
        if ok:
            expected.append(tuple((a,) for a in profile))
    found = pure_nash_equilibria(game)
    assert [e.support for e in found] == expected
    for e in found:
        assert e.method == "pure"
        assert regret(game, [s[0] for s in e.support]) <= 1e-9


# -- pure equilibria, regret, best responses --------------------------------------------------


def test_pure_nash_three_players() -> None:
    # three-player coordination: everyone gets 1 iff all choose the same action
    u = np.zeros((2, 2, 2), dtype=int)
    u[0, 0, 0] = u[1, 1, 1] = 1
    game = NormalFormGame([u, u, u])
    found = pure_nash_equilibria(game)
    # every non-uniform profile has an odd one out, who gains by conforming
    assert [e.support for e in found] == [((0,), (0,), (0,)), ((1,), (1,), (1,))]
    assert [tuple(e.payoffs) for e in found] == [(1, 1, 1), (1, 1, 1)]


def test_pure_nash_none() -> None:
    assert pure_nash_equilibria(KNOWN_BIMATRIX[1].game) == []


def test_regret_and_is_nash() -> None:
    pd = KNOWN_BIMATRIX[0].game
    assert regret(pd, [0, 0]) == 1.0
    assert regret(pd, [1, 1]) == 0.0
    assert is_nash(pd, [1, 1])
    assert not is_nash(pd, [[0.5, 0.5], [0.5, 0.5]])
    mp = KNOWN_BIMATRIX[1].game
    half = [Fraction(1, 2), Fraction(1, 2)]
    assert is_nash(mp, [half, half], tol=0)
    assert regret(mp.as_float(), [[0.6, 0.4], [0.5, 0.5]]) == pytest.approx(0.2)


def test_best_responses() -> None:
    bos = KNOWN_BIMATRIX[2].game
    assert best_responses(bos, [0, 0], player=0) == (0,)
    assert best_responses(bos, [0, 1], player=0) == (1,)
    third = [Fraction(1, 3), Fraction(2, 3)]
    assert best_responses(bos, [0, third], player=0) == (0, 1)
    assert best_responses(bos.as_float(), [0, [1 / 3, 2 / 3]], player=0) == (0, 1)
    assert best_responses(bos, [[Fraction(2, 3), Fraction(1, 3)], 0], player=1) == (0, 1)


def test_nash_rejects_one_player_pointing_to_pure() -> None:
    with pytest.raises(UnsupportedGameError, match="pure_nash_equilibria"):
        nash_equilibria(NormalFormGame([np.ones(2)]))


def test_symbolic_game_unsupported() -> None:
    sympy = pytest.importorskip("sympy")
    x = sympy.Symbol("x")
    game = NormalFormGame.from_bimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(UnsupportedGameError, match="subs"):
        nash_equilibria(game)
    assert len(nash_equilibria(game.subs(x=2))) == 3


def test_verification_failure_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    game = KNOWN_BIMATRIX[1].game.as_float()

    def wrong(*_args: object, **_kwargs: object) -> tuple[Any, Any]:
        return np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])

    monkeypatch.setattr(nash_module, "_float_pairs", wrong)
    import dealmodels.solvers._vertex as vertex_module

    monkeypatch.setattr(vertex_module, "kernel", "numpy")  # not the compiled kernel
    with pytest.raises(SolverError, match="regret"):
        nash_equilibria(game, "vertex_enumeration")


# Found by fuzzing integer-valued float games: the rows of A restricted to the best
# responses {2, 4} of x = (1/3, 0, 2/3) are equal, so that vertex's partner system is
# singular; LU with partial pivoting returned one point of the segment of partners without
# complaint and the vertex (1/3, 0, 2/3) x (0, 0, 1/2, 0, 1/2, 0) was lost.
_SINGULAR_PARTNER_A = [[0, 3, 0, 2, 3, 1], [2, 3, 3, 3, 0, 0], [2, 1, 0, 0, 3, 0]]
_SINGULAR_PARTNER_B = [[0, 2, 3, 2, 1, 1], [0, 3, 1, 1, 1, 1], [1, 0, 1, 0, 2, 0]]


@pytest.mark.parametrize("method", METHODS)
def test_singular_partner_system_keeps_every_equilibrium(method: str) -> None:
    exact = NormalFormGame.from_bimatrix(_SINGULAR_PARTNER_A, _SINGULAR_PARTNER_B)
    expected = nash_equilibria(exact)
    assert len(expected) == 6
    missed = (
        (Fraction(1, 3), Fraction(0), Fraction(2, 3)),
        (Fraction(0), Fraction(0), Fraction(1, 2), Fraction(0), Fraction(1, 2), Fraction(0)),
    )
    assert missed in as_pairs(expected)
    floats = nash_equilibria(exact.as_float(), method)  # type: ignore[arg-type]
    assert as_set(floats) == as_set(expected)


def _small_integer_games(seed: int, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        m, n = int(rng.integers(2, 5)), int(rng.integers(2, 7))
        out.append((rng.integers(0, 4, (m, n)), rng.integers(0, 4, (m, n))))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(10))
def test_float_path_equals_exact_path_on_small_integer_games(chunk: int) -> None:
    # 10 x 1,000 seeded games with payoffs in {0, 1, 2, 3}: small ranges make ties, repeated
    # rows and degenerate vertices common, which is where the float path can go wrong
    for a, b in _small_integer_games(chunk, 1000):
        exact = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
        expected = as_set(nash_equilibria(exact))
        assert as_set(nash_equilibria(exact.as_float())) == expected, (a.tolist(), b.tolist())


def test_near_tie_is_not_mistaken_for_a_tie() -> None:
    # found by hypothesis: column 1 beats column 0 by 1e-8 against the bottom row, with a
    # payoff range of 6; treating it as a tie produced a profile with regret 1e-8
    b = [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 9.99999994e-09, -6.0]]
    game = NormalFormGame.from_bimatrix(np.zeros((3, 3)), b)
    eqs = nash_equilibria(game)
    assert all(e.regret == 0.0 for e in eqs)
    # {x_2 = 0} x (any y) and (any x) x {column 1}: seven extreme equilibria
    assert len(eqs) == 7
    assert as_set(eqs) == as_set(nash_equilibria(game, "support_enumeration"))
    for label in range(6):
        assert as_set([lemke_howson(game, initial_dropped_label=label)])[0] in as_set(eqs)


def test_scale_invariance() -> None:
    rng = np.random.default_rng(11)
    a, b = rng.standard_normal((5, 6)), rng.standard_normal((5, 6))
    base = as_set(nash_equilibria(NormalFormGame.from_bimatrix(a, b)))
    scaled = NormalFormGame.from_bimatrix(1e6 * a + 3e6, 1e-4 * b - 7)
    assert as_set(nash_equilibria(scaled, "vertex_enumeration")) == base


# -- work that never ends: budgets ------------------------------------------------------------


def kuhn_poker(exact: bool = True) -> dm.GameTree:
    """Kuhn poker (Kuhn 1950): three cards, ante 1, one bet of 1; 27 x 64 reduced normal form."""
    from dealmodels.games.extensive_form import chance, decision

    one: Any = Fraction(1) if exact else 1.0
    cards = "JQK"

    def showdown(c1: int, c2: int, stake: int) -> tuple[Any, Any]:
        return (stake * one, -stake * one) if c1 > c2 else (-stake * one, stake * one)

    deals = []
    for c1, c2 in itertools.permutations(range(3), 2):
        p1_call = decision(
            "P1", {"fold": (-one, one), "call": showdown(c1, c2, 2)}, infoset=f"P1 {c1} cb"
        )
        after_check = decision(
            "P2", {"check": showdown(c1, c2, 1), "bet": p1_call}, infoset=f"P2 {c2} c"
        )
        after_bet = decision(
            "P2", {"fold": (one, -one), "call": showdown(c1, c2, 2)}, infoset=f"P2 {c2} b"
        )
        root = decision("P1", {"check": after_check, "bet": after_bet}, infoset=f"P1 {c1}")
        deals.append((cards[c1] + cards[c2], Fraction(1, 6) if exact else 1 / 6, root))
    return dm.GameTree.build(players=["P1", "P2"], root=chance(deals))


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize("method", METHODS)
def test_kuhn_poker_normal_form_is_refused_before_any_work(exact: bool, method: str) -> None:
    # issue: the exact run grew to 24 GB, the float one had not returned after 300 s
    game = kuhn_poker(exact).to_normal_form()
    assert game.shape == (27, 64)
    with pytest.raises(SolverError) as info:
        nash_equilibria(game, method)  # type: ignore[arg-type]
    message = str(info.value)
    assert "27x64" in message
    assert "max_vertices=" in message
    assert "lemke_howson" in message
    assert "sequence form" in message


@pytest.mark.parametrize("exact", [True, False])
def test_kuhn_poker_lemke_howson_reaches_the_game_value(exact: bool) -> None:
    # the value of Kuhn poker to the first player is -1/18 (Kuhn 1950)
    eq = lemke_howson(kuhn_poker(exact).to_normal_form())
    assert eq.payoffs[0] == pytest.approx(-1 / 18, abs=1e-12)
    if exact:
        assert eq.payoffs[0] == Fraction(-1, 18)


def test_budget_refuses_by_the_upper_bound_theorem_before_starting() -> None:
    game = random_game(np.random.default_rng(4), 6, 6)
    # McMullen's bound for dimension 6 and 12 facets: C(9, 3) + C(8, 2) = 112 vertices
    with pytest.raises(SolverError, match="needs up to 112 vertices"):
        nash_equilibria(game, max_vertices=111)
    assert as_set(nash_equilibria(game, max_vertices=112)) == as_set(nash_equilibria(game))
    # support enumeration: exactly C(12, 6) - 1 = 923 systems per player
    with pytest.raises(SolverError, match="solves 923 support systems"):
        nash_equilibria(game, "support_enumeration", max_vertices=922)


def test_budget_stops_a_degenerate_exact_enumeration_while_it_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dealmodels.solvers._exact import pivot_vertices
    from dealmodels.solvers._vertex import WorkBudget

    # equal payoffs: each vertex of P = {x >= 0, 1'x <= 1} has 6 tight constraints in
    # dimension 3, and the pivoting search visits 18 feasible bases for 3 vertices
    matrix = np.ones((3, 6), dtype=object)
    counted = WorkBudget(None, ValueError)
    assert len(pivot_vertices(matrix, counted)[0]) == 3
    assert counted.used == 18
    with pytest.raises(ValueError, match=r"^11$"):
        pivot_vertices(matrix, WorkBudget(10, lambda used: ValueError(used)))
    # through nash_equilibria, with the prediction switched off so the live count acts
    monkeypatch.setattr(nash_module._Budgets, "check", lambda self, side: None)
    game = NormalFormGame.from_bimatrix([[0] * 6] * 3, [[0] * 6] * 3)
    with pytest.raises(SolverError, match="3x6 game visited more than 10 feasible bases"):
        nash_equilibria(game, "vertex_enumeration", max_vertices=10)


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize("method", ["support_enumeration", "vertex_enumeration"])
def test_chunked_kernels_give_the_same_equilibria(
    monkeypatch: pytest.MonkeyPatch, exact: bool, method: str
) -> None:
    import dealmodels.solvers._support as support_module
    import dealmodels.solvers._vertex as vertex_module

    rng = np.random.default_rng(8)
    game = NormalFormGame.from_bimatrix(rng.integers(0, 3, (5, 6)), rng.integers(0, 3, (5, 6)))
    game = game if exact else game.as_float()
    expected = as_pairs(nash_equilibria(game, method))  # type: ignore[arg-type]
    monkeypatch.setattr(support_module, "CHUNK_ENTRIES", 7)
    monkeypatch.setattr(vertex_module, "CHUNK_ENTRIES", 7)
    chunked = as_pairs(nash_equilibria(game, method, progress=True))  # type: ignore[arg-type]
    assert as_set(chunked) == as_set(expected)
    assert len(chunked) == len(expected)


# -- bad input --------------------------------------------------------------------------------

_BOS = KNOWN_BIMATRIX[2].game

BAD_INPUT = [
    (nash_equilibria, {"game": _BOS, "method": "simplex"}, InvalidParameterError, "method"),
    (nash_equilibria, {"game": _BOS, "tol": -1.0}, InvalidParameterError, "tol"),
    (nash_equilibria, {"game": "not a game"}, UnsupportedGameError, "game"),
    (
        lemke_howson,
        {"game": _BOS, "initial_dropped_label": 4},
        InvalidParameterError,
        "initial_dropped_label",
    ),
    (
        lemke_howson,
        {"game": _BOS, "initial_dropped_label": -1},
        InvalidParameterError,
        "initial_dropped_label",
    ),
    (
        lemke_howson,
        {"game": _BOS, "initial_dropped_label": 1.0},
        InvalidParameterError,
        "initial_dropped_label",
    ),
    *(
        (lemke_howson, {"game": _BOS, "max_pivots": bad}, InvalidParameterError, "max_pivots")
        for bad in (0, -3, 2.5, True, "10")
    ),
    *(
        (
            nash_equilibria,
            {"game": _BOS, "max_vertices": bad},
            InvalidParameterError,
            "max_vertices",
        )
        for bad in (0, -3, 2.5, True, "10")
    ),
    (nash_equilibria, {"game": _BOS, "progress": "yes"}, InvalidParameterError, "progress"),
    (pure_nash_equilibria, {"game": _BOS, "tol": float("nan")}, InvalidParameterError, "tol"),
    (regret, {"game": _BOS, "strategies": [0]}, InvalidParameterError, "strategies"),
    (
        regret,
        {"game": _BOS, "strategies": [[0.5, 0.6], 0]},
        InvalidParameterError,
        r"strategies\[0\]",
    ),
    (is_nash, {"game": _BOS, "strategies": [0, 2]}, InvalidParameterError, r"strategies\[1\]"),
    (is_nash, {"game": _BOS, "strategies": [0, 0], "tol": -1}, InvalidParameterError, "tol"),
    (
        best_responses,
        {"game": _BOS, "strategies": [0, 0], "player": 2},
        InvalidParameterError,
        "player",
    ),
    (
        best_responses,
        {"game": _BOS, "strategies": [0, 0], "player": 0, "tol": -0.1},
        InvalidParameterError,
        "tol",
    ),
]


@pytest.mark.parametrize(
    ("func", "kwargs", "error", "match"),
    BAD_INPUT,
    ids=[f"{f.__name__}-{m}-{i}" for i, (f, _, _, m) in enumerate(BAD_INPUT)],
)
def test_bad_input(func: Any, kwargs: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        func(**kwargs)


def test_pure_profiles_count_unchanged() -> None:
    # sanity for the brute force above: itertools agrees with pure_profiles
    game = _BOS
    assert list(game.pure_profiles()) == list(itertools.product(range(2), range(2)))


# -- slow, wider runs (deselect with -m "not slow") -------------------------------------------


@pytest.mark.slow
@given(game=bimatrix_games(min_actions=3, max_actions=6, exact=True))
def test_exact_and_float_paths_agree_on_larger_games(game: NormalFormGame) -> None:
    expected = as_set(nash_equilibria(game))
    assert as_set(nash_equilibria(game.as_float())) == expected
    assert as_set(nash_equilibria(game, "support_enumeration")) == expected


@pytest.mark.slow
@pytest.mark.parametrize("size", [8, 9, 11])
def test_many_random_games_match_quantecon(size: int) -> None:
    gt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(size)
    for _ in range(10):
        game = random_game(rng, size, size)
        a, b = game.payoffs
        oracle = gt.vertex_enumeration(gt.NormalFormGame((gt.Player(a), gt.Player(b.T))))
        assert as_set(nash_equilibria(game)) == as_set(oracle)
