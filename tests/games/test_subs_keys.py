"""``subs`` refuses keys that are not symbols of the game (issue 18: a typo'd key was ignored
silently, and every key was ignored on a game without symbols)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from dealmodels.errors import InvalidParameterError
from dealmodels.games.extensive_form import GameTree, decision
from dealmodels.games.normal_form import NormalFormGame

sympy = pytest.importorskip("sympy")
X, K_D = sympy.symbols("x K_d")


def symbolic_game() -> NormalFormGame:
    return NormalFormGame.from_bimatrix([[X, 0], [K_D, 1]], [[1, 0], [0, 1]])


def symbolic_tree() -> GameTree:
    return GameTree.build(["A", "B"], decision("A", {"l": (X, 0), "r": (K_D, 1)}))


def numeric_games() -> list[object]:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    tree = GameTree.build(["A", "B"], decision("A", {"l": (1, 0), "r": (0, 1)}))
    return [
        pd,
        pd.as_float(),
        tree,
        tree.as_float(),
        GameTree.build(["A"], decision("A", {"l": (Fraction(1, 3),)})),
    ]


@pytest.mark.parametrize("make", [symbolic_game, symbolic_tree])
@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("xx", "did you mean 'x'"),
        ("X", "did you mean 'x'"),  # a case slip
        ("K_D", "did you mean 'K_d'"),
        ("Kd", "did you mean 'K_d'"),
        ("budget", None),
    ],
)
def test_an_unknown_key_names_itself_the_symbols_and_the_closest(make, key, hint) -> None:  # type: ignore[no-untyped-def]
    game = make()
    with pytest.raises(InvalidParameterError) as info:
        game.subs({key: 1, "x": 2})
    message = str(info.value)
    assert f"got {key!r}" in message
    assert "['K_d', 'x']" in message  # the game's symbols
    if hint is None:
        assert "did you mean" not in message
    else:
        assert hint in message
    with pytest.raises(InvalidParameterError, match=f"got {key!r}"):
        game.subs(**{key: 1})  # keyword form too


@pytest.mark.parametrize("make", [symbolic_game, symbolic_tree])
def test_known_keys_by_name_or_symbol_still_substitute(make) -> None:  # type: ignore[no-untyped-def]
    game = make()
    by_name = game.subs(x=2, K_d=Fraction(1, 2))
    by_symbol = game.subs({X: 2, K_D: Fraction(1, 2)})
    assert by_name == by_symbol
    assert by_name.kind == "exact"
    partial = game.subs(x=2)
    assert partial.kind == "symbolic"
    assert {str(s) for s in partial.free_symbols} == {"K_d"}


@pytest.mark.parametrize("game", numeric_games())
def test_a_game_without_symbols_refuses_any_key(game) -> None:  # type: ignore[no-untyped-def]
    assert game.subs() is game
    assert game.subs({}) is game
    with pytest.raises(InvalidParameterError, match=r"none \(nothing to substitute\); got 'x'"):
        game.subs(x=1)
    with pytest.raises(InvalidParameterError, match=f"this {game.kind} "):
        game.subs({X: 1})


@pytest.mark.parametrize("make", [symbolic_game, symbolic_tree])
@pytest.mark.parametrize("values", [[("x", 1)], 5, "x"])
def test_values_must_be_a_mapping(make, values) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidParameterError, match="values must be a mapping"):
        make().subs(values)
