"""Tests for dealmodels.io.gambit: Gambit .nfg reading and writing, .efg dispatch."""

from __future__ import annotations

import re
import sys
import types
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels import NormalFormGame
from dealmodels.errors import InvalidGameError, InvalidParameterError, UnsupportedGameError
from dealmodels.io.gambit import float_text, read_gambit, write_gambit
from dealmodels.strategies import normal_form_games
from tests.known_games import KNOWN_BIMATRIX, KnownCase

# The two sample files of the Gambit documentation ("Game representation formats", the
# strategic game file format, payoff and outcome versions): Selten (1975), figure 2.
SELTEN_PAYOFFS = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""
SELTEN_OUTCOMES = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def test_gambit_documentation_samples() -> None:
    pay = read_gambit(SELTEN_PAYOFFS)
    out = read_gambit(SELTEN_OUTCOMES)
    assert isinstance(pay, NormalFormGame)
    assert pay == out
    assert pay.shape == (3, 2)
    assert pay.players == ("Player 1", "Player 2")
    assert pay.actions == (("1", "2", "3"), ("1", "2"))
    # first player's strategy changes fastest
    assert pay.payoffs[0].tolist() == [[1, 1], [0, 0], [0, 2]]
    assert pay.payoffs[1].tolist() == [[1, 1], [2, 3], [2, 0]]
    assert pay.is_exact


def test_numbers_are_exact() -> None:
    text = 'NFG 1 D "" { "a" "b" } { 2 1 }\n"a comment"\n3/2 .80 -1.5e-3 +2\n'
    game = read_gambit(text)
    assert game.payoffs[0].ravel().tolist() == [Fraction(3, 2), Fraction(-3, 2000)]
    assert game.payoffs[1].ravel().tolist() == [Fraction(4, 5), 2]
    as_float = read_gambit(text, kind="float")
    assert as_float.kind == "float"
    assert as_float.payoffs[1].ravel().tolist() == [0.8, 2.0]


def test_outcome_zero_and_shared_outcomes() -> None:
    text = 'NFG 1 R "" { "a" "b" } { { "x" "y" } { "z" } }\n{ { "o" 5 6 } }\n1 0\n'
    game = read_gambit(text)
    assert game.payoffs[0].tolist() == [[5], [0]]
    assert game.payoffs[1].tolist() == [[6], [0]]


def test_labels_made_distinct_like_gambit() -> None:
    text = 'NFG 1 R "" { "" "" } { { "" "" "x" } { "y" "y" } }\n0 0 0 0 0 0 0 0 0 0 0 0\n'
    game = read_gambit(text)
    assert game.players == ("_1", "_2")
    assert game.actions == (("_1", "_2", "x"), ("y_1", "y_2"))


def test_quotes_in_labels_round_trip() -> None:
    game = NormalFormGame.from_bimatrix(
        [[1, 2]],
        [[3, 4]],
        players=('the "AI"', "developer"),
        actions=(("work honestly",), ('say "yes"', "{brace}")),
    )
    text = write_gambit(game, title='A "deal"', comment="two lines\nof comment")
    assert read_gambit(text) == game


def test_writer_output_payoff_version() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    text = write_gambit(pd, title="PD")
    assert text.splitlines()[0] == 'NFG 1 R "PD" { "player 0" "player 1" }'
    assert text.split("\n\n")[1].split() == ["3", "3", "5", "0", "0", "5", "1", "1"]


def test_writer_output_outcome_version() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    text = write_gambit(pd, format="outcomes")
    assert '{ "" 3, 3 }' in text
    assert text.strip().splitlines()[-1] == "1 2 3 4"
    assert read_gambit(text) == pd


def test_float_payoffs_written_shortest() -> None:
    game = NormalFormGame.from_bimatrix(
        [[1e-5, 0.1], [2.0, 1 / 3]], [[0.0, -2.5], [1e300, 1e-300]]
    )
    text = write_gambit(game)
    # column-major: (0,0) (1,0) (0,1) (1,1), each row one profile
    assert text.split("\n\n")[1].split("\n")[:4] == [
        "1e-5 0",
        "2 1e300",
        "0.1 -2.5",
        "0.3333333333333333 1e-300",
    ]
    back = read_gambit(text)
    assert back.payoffs[0][0, 0] == Fraction(1, 100000)
    assert back.payoffs[1][1, 0] == 10**300
    assert read_gambit(text, kind="float") == game


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (0.1, "0.1"),
        (3.0, "3"),
        (-0.5, "-0.5"),
        (1e300, "1e300"),
        (1e-300, "1e-300"),
        (1e15, "1e15"),
        (123456.0, "123456"),
        (0.0001, "1e-4"),
        (0.01, "0.01"),  # a tie: positional
        (0.001, "1e-3"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e308"),
    ],
)
def test_float_text_is_shortest_and_exact(x: float, text: str) -> None:
    assert float_text(x) == text
    assert float(Fraction(text)) == x


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_text_round_trips_every_float(x: float) -> None:
    text = float_text(x)
    assert float(Fraction(text)) == x
    assert len(text) <= len(repr(x))


def test_backslashes_and_quotes_round_trip() -> None:
    game = NormalFormGame.from_bimatrix(
        [[1, 2]], [[3, 4]], players=("a\\", 'b\\"c'), actions=(("\\",), ("x\\y", '"'))
    )
    text = write_gambit(game)
    assert '"a\\\\"' in text
    assert read_gambit(text) == game


def test_path_input_and_output(tmp_path: Path) -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    file = tmp_path / "pd.nfg"
    text = write_gambit(pd, file)
    assert file.read_text(encoding="utf-8") == text
    assert read_gambit(file) == pd
    assert read_gambit(str(file)) == pd


# -- properties ----------------------------------------------------------------------------------
@given(
    game=normal_form_games(max_players=4, max_actions=4),
    fmt=st.sampled_from(["payoffs", "outcomes"]),
)
def test_round_trip_is_identity(game: NormalFormGame, fmt: Any) -> None:
    text = write_gambit(game, format=fmt)
    if game.is_exact:
        assert read_gambit(text) == game
    else:
        assert read_gambit(text, kind="float") == game
        assert read_gambit(text) == NormalFormGame(
            [
                np.vectorize(lambda v: Fraction(repr(float(v))), otypes=[object])(a)
                for a in game.payoffs
            ]
        )


@given(
    labels=st.lists(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
        min_size=2,
        max_size=2,
        unique=True,
    )
)
def test_round_trip_keeps_arbitrary_labels(labels: list[str]) -> None:
    game = NormalFormGame.from_bimatrix(
        [[1, 2]], [[3, 4]], players=labels, actions=(("x",), tuple(labels))
    )
    if "" in labels:  # Gambit (and read_gambit) renames an empty label
        return
    assert read_gambit(write_gambit(game)) == game


# -- .efg dispatch -------------------------------------------------------------------------------
def test_efg_without_module_is_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dealmodels.io.efg", None)  # makes the import fail

    class GameTree:
        pass

    with pytest.raises(UnsupportedGameError, match=r"dealmodels\.io\.efg"):
        read_gambit('EFG 2 R "" { "a" }\n')
    with pytest.raises(UnsupportedGameError, match=r"dealmodels\.io\.efg"):
        write_gambit(GameTree())  # type: ignore[arg-type]


def test_efg_dispatches_to_efg_module(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("dealmodels.io.efg")
    calls: list[Any] = []

    class GameTree:
        pass

    def read_efg(text: str, **kwargs: Any) -> Any:
        calls.append(("read", kwargs))
        return GameTree()

    def write_efg(tree: Any, **kwargs: Any) -> str:
        calls.append(("write", kwargs))
        return 'EFG 2 R "" { }\n'

    fake.read_efg = read_efg  # type: ignore[attr-defined]
    fake.write_efg = write_efg  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dealmodels.io.efg", fake)
    tree = read_gambit('  EFG 2 R "x" { "a" }\n', kind="float")
    assert type(tree).__name__ == "GameTree"
    assert write_gambit(tree, title="t") == 'EFG 2 R "" { }\n'
    assert calls == [("read", {"kind": "float"}), ("write", {"title": "t", "comment": ""})]


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('NFG 2 R "" { "a" } { 1 } 1', r"version 1 at line 1, token '2'"),
        ('NFG 1 X "" { "a" } { 1 } 1', r"'R' or 'D' at line 1, token 'X'"),
        ('NFG 1 R { "a" } { 1 } 1', r"title at line 1, token '\{'"),
        ('NFG 1 R "" { } { } ', r"at least one player"),
        ('NFG 1 R "" { "a" } { 0 }', r"positive number of strategies"),
        ('NFG 1 R "" { "a" } { x }', r"number of strategies of player 1 at line 1, token 'x'"),
        (
            'NFG 1 R "" { "a" "b" } { 2 2 }\n1 2\n3 4 5 6 7    \n\n',
            r"4 of 4 at line 3, end of file",
        ),
        (
            'NFG 1 R "" { "a" "b" } { 2 2 }\n1 2\n3',
            r"8 payoffs .* 2 x 2 game\) but the rest of the file \(lines 2 to 3",
        ),
        ('NFG 1 R "" { "a" } { 2 }\n1\nfoo', r"payoff for profile 2 of 2 at line 3, token 'foo'"),
        ('NFG 1 R "" { "a" } { 2 }\n1 2 3', r"end of the file at line 2, token '3'"),
        ('NFG 1 R "" { "a" } { 1 } { { "" 1 } }\n2', r"index in \[0, 1\] .* line 2, token '2'"),
        ('NFG 1 R "" { "a" } { 1 } { { "" 1 } }\n1.5', r"index for profile 1 of 1 at line 2"),
        ('NFG 1 R "" { "a" } { 2 }\n1\nnan', r"profile 2 of 2 at line 3, token 'nan'"),
        ('NFG 1 R "" { "a" } { 2 }\n1 inf', r"profile 2 of 2 at line 2, token 'inf'"),
        ('NFG 1 R "" { "a" } { 1 } { { "" nan } }\n1', r"payoff in outcome 1 at line 1"),
        ('NFG 1 R "" { "a" "b" } { 1 1 } { { "" 1 } }\n1', r"player 2's payoff in outcome 1"),
        ('NFG 1 R "" { "a" } { 1 } { { 1 } } 1', r"outcome label"),
        ('NFG 1 R "" { "a } { 1 } 1', r"unterminated string label at line 1"),
        ('NFG 1 R "" { "a" } { { "x" } 1', r"'\}' closing the strategies"),
        ('NFG 1 R "" { "a" } { 1 } 1/0', r"payoff for profile 1 of 1 at line 1, token '1/0'"),
    ],
)
def test_malformed_files(text: str, match: str) -> None:
    with pytest.raises(InvalidGameError, match=match):
        read_gambit(text)


_PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


@pytest.mark.parametrize(
    ("func", "kwargs", "match"),
    [
        (read_gambit, {"path_or_text": "no/such/file.nfg"}, "path_or_text"),
        (read_gambit, {"path_or_text": 42}, "path_or_text"),
        (read_gambit, {"path_or_text": SELTEN_PAYOFFS, "kind": "symbolic"}, "kind"),
        (write_gambit, {"game": [[1, 2]]}, "game"),
        (write_gambit, {"game": _PD, "format": "table"}, "format"),
        (write_gambit, {"game": _PD, "title": 3}, "title"),
        (write_gambit, {"game": _PD, "comment": None}, "comment"),
    ],
)
def test_bad_parameters(func: Any, kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        func(**kwargs)


def test_file_not_starting_with_nfg(tmp_path: Path) -> None:
    file = tmp_path / "x.nfg"
    file.write_text("GAME 1 R", encoding="utf-8")
    with pytest.raises(InvalidGameError, match="'NFG' or 'EFG' at line 1"):
        read_gambit(file)


def test_symbolic_game_cannot_be_written() -> None:
    import sympy

    game = NormalFormGame.from_bimatrix([[sympy.Symbol("w"), 0]], [[1, 0]])
    with pytest.raises(UnsupportedGameError, match="subs"):
        write_gambit(game)


# -- the cited games of tests/known_games.py -----------------------------------------------------
@pytest.mark.parametrize("case", KNOWN_BIMATRIX, ids=lambda c: c.id)
@pytest.mark.parametrize("fmt", ["payoffs", "outcomes"])
def test_known_games_round_trip(case: KnownCase, fmt: Any) -> None:
    assert read_gambit(write_gambit(case.game, format=fmt)) == case.game


def test_path_that_starts_like_a_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    monkeypatch.chdir(tmp_path)
    write_gambit(pd, "NFG_pd.nfg")
    assert read_gambit("NFG_pd.nfg") == pd


# -- files: encodings, sizes, truncation ---------------------------------------------------------
def test_non_utf8_file_names_file_and_line(tmp_path: Path) -> None:
    file = tmp_path / "latin1.nfg"
    file.write_bytes('NFG 1 R "" { "a" "b" } { 1 1 }\n"caf\xe9"\n1 2\n'.encode("latin-1"))
    with pytest.raises(InvalidGameError, match=r"latin1\.nfg: line 2: .*UTF-8.*0xe9") as info:
        read_gambit(file)
    assert isinstance(info.value, ValueError)


def test_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    file = tmp_path / "bad.nfg"
    file.write_text('NFG 1 R "" { "a" } { 2 }\n1\nfoo\n', encoding="utf-8")
    with pytest.raises(InvalidGameError, match=r"bad\.nfg: .* at line 3, token 'foo'"):
        read_gambit(file)


@pytest.mark.parametrize("body", ["", "1 2 3 4", "{ }\n1 2 3"])
def test_huge_header_is_refused_by_size_before_allocating(body: str) -> None:
    text = f'NFG 1 R "" {{ "a" "b" }} {{ 1000000 1000000 }}\n{body}\n'
    with pytest.raises(
        InvalidGameError, match=r"asks for [12],000,000,000,000 .*1000000 x 1000000 game"
    ):
        read_gambit(text)


def test_huge_labelled_header_is_refused_by_size() -> None:
    labels = "{ " + " ".join(f'"{k}"' for k in range(100)) + " }"
    text = f'NFG 1 R "" {{ {" ".join(f"{chr(97 + i)!r}" for i in range(8))} }}'.replace("'", '"')
    text += " { " + " ".join([labels] * 8) + " }\n1 2 3\n"
    with pytest.raises(InvalidGameError, match=r"asks for 80,000,000,000,000,000 payoffs"):
        read_gambit(text)


def test_truncated_file_reports_the_last_line() -> None:
    pd = NormalFormGame.from_bimatrix(np.arange(200).reshape(10, 20), np.ones((10, 20), int))
    text = write_gambit(pd)
    cut = text[: len(text) // 2]
    last = cut.count("\n") + 1
    with pytest.raises(InvalidGameError, match=rf"at line {last}, end of file"):
        read_gambit(cut + " " * len(cut))  # padded: not refused by size, read to its end


def test_large_file_is_read_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import dealmodels.io.gambit as gambit

    monkeypatch.setattr(gambit, "_CHUNK", 7)  # many chunks, tokens cut at chunk ends
    game = NormalFormGame.from_bimatrix(
        [[Fraction(k, 3) for k in range(6)]] * 5, [[Fraction(3 * k, 2) for k in range(6)]] * 5
    )
    text = write_gambit(game)
    assert read_gambit(text) == read_gambit(text, kind="exact")
    assert read_gambit(text, kind="float") == NormalFormGame(
        [a.astype(float) for a in game.payoffs]
    )
    bad = text.replace("1/3", "1/3x", 1)
    line = bad[: bad.index("1/3x")].count("\n") + 1
    with pytest.raises(InvalidGameError, match=rf"at line {line}, token '1/3x'"):
        read_gambit(bad)


@given(st.text(st.sampled_from("0123456789.-+ e/_"), min_size=1, max_size=8))
def test_fast_number_text_agrees_with_fraction(text: str) -> None:
    from dealmodels.io.gambit import _fraction

    try:
        want: Any = Fraction(text)
    except (ValueError, ZeroDivisionError) as exc:
        with pytest.raises(type(exc)):
            _fraction(text)
    else:
        assert _fraction(text) == want


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("/nonexistent/x.nfg", "the directory '/nonexistent' does not exist"),
        ("/proc/x.nfg", "a writable file path"),
        (5, "a file path"),
    ],
)
def test_write_gambit_to_an_unwritable_path_is_refused_by_name(path, pattern):
    from dealmodels import NormalFormGame
    from dealmodels.errors import InvalidParameterError
    from dealmodels.io.gambit import write_gambit

    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(InvalidParameterError, match=rf"^path must be .*{re.escape(pattern)}"):
        write_gambit(pd, path)
