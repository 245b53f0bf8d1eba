"""Tests for dealmodels.games.normal_form: construction, kinds, conversions, bad input."""

from __future__ import annotations

import pickle
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given

from dealmodels import InvalidGameError, InvalidParameterError, NormalFormGame
from dealmodels.strategies import normal_form_games

PD_A = [[3, 0], [5, 1]]
PD_B = [[3, 5], [0, 1]]


def test_from_bimatrix_exact() -> None:
    pd = NormalFormGame.from_bimatrix(PD_A, PD_B)
    assert pd.kind == "exact"
    assert pd.is_exact
    assert pd.n_players == 2
    assert pd.shape == (2, 2)
    assert pd.payoff_profile((1, 0)) == (Fraction(5), Fraction(0))
    assert all(isinstance(v, Fraction) for a in pd.payoffs for v in a.flat)
    assert pd.players == ("player 0", "player 1")
    assert pd.actions == (("a0", "a1"), ("a0", "a1"))


def test_kinds() -> None:
    assert NormalFormGame.from_bimatrix([[1.5, 0]], [[0, 1]]).kind == "float"
    half = Fraction(1, 2)
    assert NormalFormGame.from_bimatrix([[half, 0]], [[0, 1]]).kind == "exact"
    sympy = pytest.importorskip("sympy")
    x = sympy.Symbol("x")
    sym = NormalFormGame.from_bimatrix([[x, 0]], [[0, 1]])
    assert sym.kind == "symbolic"
    assert sym.free_symbols == frozenset({x})
    rational = NormalFormGame.from_bimatrix([[sympy.Rational(1, 3), 0]], [[0, 1]])
    assert rational.kind == "exact"
    assert rational.payoffs[0][0, 0] == Fraction(1, 3)


def test_zero_sum_default_and_symmetry() -> None:
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    assert mp.is_zero_sum()
    assert not NormalFormGame.from_bimatrix(PD_A, PD_B).is_zero_sum()
    assert NormalFormGame.from_bimatrix(PD_A, PD_B).is_symmetric()
    assert not mp.is_symmetric()
    u = np.zeros((2, 2, 2))
    assert not NormalFormGame([u, u, u]).is_symmetric()


def test_immutable() -> None:
    pd = NormalFormGame.from_bimatrix(PD_A, PD_B)
    with pytest.raises(ValueError, match="read-only"):
        pd.payoffs[0][0, 0] = 7
    with pytest.raises(AttributeError):
        pd.foo = 1  # type: ignore[attr-defined]


def test_input_arrays_are_copied() -> None:
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    game = NormalFormGame.from_bimatrix(a, a)
    a[0, 0] = 99.0
    assert game.payoffs[0][0, 0] == 1.0


def test_conversions_round_trip() -> None:
    pd = NormalFormGame.from_bimatrix(PD_A, PD_B)
    f = pd.as_float()
    assert f.kind == "float"
    assert f.payoffs[0].dtype == np.float64
    assert f.as_exact() == pd
    assert pd.as_exact() is pd
    assert f.as_float() is f
    third = NormalFormGame.from_bimatrix([[1 / 3]], [[0.1]]).as_exact()
    assert third.payoffs[0][0, 0] == Fraction(1 / 3)  # the float's exact value


def test_subs() -> None:
    sympy = pytest.importorskip("sympy")
    x = sympy.Symbol("x")
    game = NormalFormGame.from_bimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]])
    exact = game.subs(x=2)
    assert exact.kind == "exact"
    assert exact.payoffs[0][0, 0] == 2
    assert game.subs({"x": Fraction(1, 2)}).payoffs[0][0, 0] == Fraction(1, 2)
    assert game.subs(x=0.25).kind == "float"
    with pytest.raises(InvalidParameterError, match="subs keys"):
        game.subs(y=1)
    with pytest.raises(InvalidGameError, match="subs"):
        game.as_float()
    pd = NormalFormGame.from_bimatrix(PD_A, PD_B)
    assert pd.subs() is pd
    # a numeric game has no symbols: a key is a mistake, not something to ignore (issue 18)
    with pytest.raises(InvalidParameterError, match="this exact game has none"):
        pd.subs(x=1)


def test_expected_payoffs() -> None:
    pd = NormalFormGame.from_bimatrix(PD_A, PD_B)
    half = [Fraction(1, 2), Fraction(1, 2)]
    # (3 + 0 + 5 + 1) / 4 = 9/4 for both players
    assert list(pd.expected_payoffs([half, half])) == [Fraction(9, 4), Fraction(9, 4)]
    assert list(pd.expected_payoffs([0, 1])) == [0, 5]
    assert pd.as_float().expected_payoffs([[0.5, 0.5], [0.5, 0.5]]) == pytest.approx([2.25, 2.25])


def test_three_player_expected_payoffs() -> None:
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((2, 3, 2)) for _ in range(3)]
    game = NormalFormGame(arrays)
    s = [np.array([0.3, 0.7]), np.array([0.2, 0.5, 0.3]), np.array([0.6, 0.4])]
    brute = [
        sum(
            a[i, j, k] * s[0][i] * s[1][j] * s[2][k]
            for i in range(2)
            for j in range(3)
            for k in range(2)
        )
        for a in arrays
    ]
    assert game.expected_payoffs(s) == pytest.approx(brute, rel=1e-12)


def test_pure_profiles_order() -> None:
    game = NormalFormGame([np.zeros((2, 3)), np.zeros((2, 3))])
    assert list(game.pure_profiles()) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


def test_equality_hash_pickle_repr() -> None:
    a = NormalFormGame.from_bimatrix(PD_A, PD_B)
    b = NormalFormGame.from_bimatrix(PD_A, PD_B)
    assert a == b
    assert hash(a) == hash(b)
    assert a != NormalFormGame.from_bimatrix(PD_A, PD_A)
    assert a != a.as_float()
    assert (a == "x") is False
    assert pickle.loads(pickle.dumps(a)) == a
    assert "from_bimatrix" in repr(a)
    assert "3 players" in repr(NormalFormGame([np.zeros((1, 1, 1))] * 3))


def test_names() -> None:
    game = NormalFormGame.from_bimatrix(
        PD_A, PD_B, players=["developer", "AI"], actions=[["pay", "refuse"], ["work", "shirk"]]
    )
    assert game.players == ("developer", "AI")
    assert game.actions[1] == ("work", "shirk")


@given(game=normal_form_games(min_players=1, max_players=4, max_actions=3))
def test_generated_games_are_consistent(game: NormalFormGame) -> None:
    assert len(game.payoffs) == game.n_players
    assert all(a.shape == game.shape for a in game.payoffs)
    assert NormalFormGame(list(game.payoffs)) == game
    assert len(list(game.pure_profiles())) == int(np.prod(game.shape))


# -- bad input --------------------------------------------------------------------------------

BAD_GAMES: list[tuple[Any, type, str]] = [
    (lambda: NormalFormGame([]), InvalidGameError, "non-empty"),
    (lambda: NormalFormGame("abc"), InvalidGameError, "non-empty"),  # type: ignore[arg-type]
    (lambda: NormalFormGame([[1, 2], [3, 4]]), InvalidGameError, "one axis per player"),
    (
        lambda: NormalFormGame([np.zeros((2, 2)), np.zeros((2, 3))]),
        InvalidGameError,
        r"payoffs\[1\] must have shape",
    ),
    (lambda: NormalFormGame([np.zeros((0, 2)), np.zeros((0, 2))]), InvalidGameError, "action"),
    (
        lambda: NormalFormGame.from_bimatrix([[1.0, np.nan]], [[0, 0]]),
        InvalidGameError,
        "finite",
    ),
    (
        lambda: NormalFormGame.from_bimatrix([[1.0, np.inf]], [[0, 0]]),
        InvalidGameError,
        "finite",
    ),
    (lambda: NormalFormGame.from_bimatrix([[True, False]], [[0, 0]]), InvalidGameError, "numbers"),
    (
        lambda: NormalFormGame.from_bimatrix([["a", "b"]], [[0, 0]]),
        InvalidGameError,
        "A must hold numbers, not strings; got entry 'a'",
    ),
    (
        lambda: NormalFormGame.from_bimatrix([[1, 2], [3]]),
        InvalidGameError,
        "A is ragged",
    ),
    (
        lambda: NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[1, 2], 3]),
        InvalidGameError,
        "B is ragged",
    ),
    (
        lambda: NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[1, "x"], [3, 4]]),
        InvalidGameError,
        "B must hold numbers, not strings",
    ),
    (
        lambda: NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[True, 0], [1, 2]]),
        InvalidGameError,
        "B must hold numbers, not booleans",
    ),
    (
        lambda: NormalFormGame([[["a", 1]], [[1, 2]]]),
        InvalidGameError,
        r"payoffs\[0\] must hold numbers, not strings",
    ),
    (
        lambda: NormalFormGame.from_bimatrix([[10**400, 0], [0, 1]]).as_float(),
        InvalidGameError,
        r"payoffs\[0\] must fit in a float .* about 10\*\*400",
    ),
    (lambda: NormalFormGame.from_bimatrix([[1j, 0]], [[0, 0]]), InvalidGameError, "real"),
    (lambda: NormalFormGame.from_bimatrix([1, 2], [1, 2]), InvalidGameError, "A must be"),
    (lambda: NormalFormGame.from_bimatrix([[1, 2]], [[1, 2, 3]]), InvalidGameError, "B must"),
    (
        lambda: NormalFormGame.from_bimatrix(PD_A, PD_B, players=["a"]),
        InvalidParameterError,
        "players",
    ),
    (
        lambda: NormalFormGame.from_bimatrix(PD_A, PD_B, players=["a", "a"]),
        InvalidParameterError,
        "distinct",
    ),
    (
        lambda: NormalFormGame.from_bimatrix(PD_A, PD_B, actions=[["x", "y"]]),
        InvalidParameterError,
        "actions",
    ),
    (
        lambda: NormalFormGame.from_bimatrix(PD_A, PD_B, actions=[["x", "y"], ["z"]]),
        InvalidParameterError,
        r"actions\[1\]",
    ),
    (
        lambda: NormalFormGame.from_bimatrix(PD_A, PD_B).payoff_profile((2, 0)),
        InvalidParameterError,
        "profile",
    ),
    (
        lambda: NormalFormGame.from_bimatrix(PD_A, PD_B).expected_payoffs([[0.5, 0.6], 0]),
        InvalidParameterError,
        r"strategies\[0\]",
    ),
    (
        lambda: NormalFormGame.from_bimatrix(PD_A, PD_B).expected_payoffs([0]),
        InvalidParameterError,
        "strategies",
    ),
]


@pytest.mark.parametrize(("build", "error", "match"), BAD_GAMES, ids=[m for _, _, m in BAD_GAMES])
def test_bad_input(build: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        build()


@pytest.mark.parametrize(
    "a",
    [
        np.array([[255, 0], [1, 2]], dtype=np.uint8),
        np.array([[np.iinfo(np.int64).min, 0], [1, np.iinfo(np.int64).max]]),
        np.array([[2**64 - 1, 0], [1, 2]], dtype=np.uint64),
    ],
    ids=["uint8", "int64-min", "uint64-max"],
)
def test_zero_sum_of_integer_matrix_negates_exactly(a: np.ndarray) -> None:
    # B = -A without wrap-around (numpy's -a on uint8 gives 256 - a; on int64-min, itself)
    g = NormalFormGame.from_bimatrix(a)
    assert g.kind == "exact"
    assert g.is_zero_sum()
    assert [int(v) for v in g.payoffs[1].flat] == [-int(v) for v in a.flat]


def test_extreme_payoffs_are_kept() -> None:
    big = NormalFormGame.from_bimatrix([[1.7e308, -1.7e308], [-1.7e308, 1.7e308]])
    assert big.kind == "float"
    assert big.payoffs[1][0, 0] == -1.7e308
    exact = NormalFormGame.from_bimatrix([[10**400, 0], [0, 10**400]])
    assert exact.kind == "exact"
    assert exact.payoffs[1][0, 0] == -(10**400)


def test_from_arrays_takes_checked_arrays_without_copying() -> None:
    from fractions import Fraction

    from dealmodels.errors import InvalidGameError
    from dealmodels.games.normal_form import NormalFormGame

    a, b = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]])
    g = NormalFormGame.from_arrays([a, b], players=["row", "col"])
    assert g.kind == "float"
    assert g.payoffs[0] is a
    assert not a.flags.writeable
    assert g == NormalFormGame([a.copy(), b.copy()], players=["row", "col"])
    e = np.array([[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]], dtype=object)
    assert NormalFormGame.from_arrays([e, e.copy()]).kind == "exact"
    for bad, match in [
        ([np.array([[1.0, np.nan]]), np.zeros((1, 2))], "finite"),
        ([np.zeros((2, 2)), np.zeros((2, 3))], "one shape"),
        ([np.zeros((2, 2), dtype=np.int64), np.zeros((2, 2), dtype=np.int64)], "float64"),
        ([np.array([[1, 2]], dtype=object), np.array([[1, 2]], dtype=object)], "Fractions"),
        ([np.zeros((2, 2)), e], "float64"),
        ([], "one numpy"),
    ]:
        with pytest.raises(InvalidGameError, match=match):
            NormalFormGame.from_arrays(bad)
