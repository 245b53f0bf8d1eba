"""Gambit .efg reading and writing: sample files, round trips, bad input."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.errors import InvalidGameError, InvalidParameterError, UnsupportedGameError
from dealmodels.games.extensive_form import GameTree, chance, decision
from dealmodels.io.efg import read_efg, write_efg
from dealmodels.solvers.backward import subgame_perfect

# The Princess Bride signalling game, a sample file distributed with Gambit (from Watson,
# Strategy, 2002). Player 2 does not observe Wesley's strength: two information sets of the
# Prince, each with two nodes.
PBRIDE = """EFG 2 R "Princess Bride signaling game (from Watson)" { "Wesley" "Prince" }
""

c "" 1 "" { "Strong" 1/2 "Weak" 1/2 } 0
p "" 1 1 "" { "Up" "Stay" } 0
p "" 2 1 "" { "Surrender" "Fight" } 0
t "" 1 "Outcome1" { 1, 0 }
t "" 2 "Outcome2" { 0, -2 }
p "" 2 2 "" { "Surrender" "Fight" } 0
t "" 3 "Outcome3" { 1, 0 }
t "" 4 "Outcome4" { 0, -2 }
p "" 1 2 "" { "Up" "Stay" } 0
p "" 2 1 "" { "Surrender" "Fight" } 0
t "" 5 "Outcome5" { -1, 0 }
t "" 6 "Outcome6" { -3, 1 }
p "" 2 2 "" { "Surrender" "Fight" } 0
t "" 7 "Outcome7" { 1, 0 }
t "" 8 "Outcome8" { -1, 1 }
"""

# Gambit's centipede sample (three innings with a chance of altruism): decimals, outcomes
# reused, chance infosets, one-action information sets.
CENT_HEAD = """EFG 2 R "Centipede game" { "Player 1" "Player 2" }
""

c "" 1 "(0,1)" { "rational" 99/100 "altruist" 1/100 } 0
p "" 1 1 "(1,1)" { "t" "p" } 0
t "" 1 "Outcome 1" { .80, .20 }
p "" 2 1 "(2,1)" { "t" "p" } 0
t "" 2 "Outcome 2" { .40, 1.60 }
t "" 3 "Outcome 3" { 3.20, .80 }
p "" 1 2 "(1,2)" { "p" } 0
p "" 2 1 "(2,1)" { "t" "p" } 0
t "" 2
t "" 3
"""

MULTILINE = """EFG 2 R "free layout" { "A"
"B" } "a comment"
p "x" 1 1 "h" { "l" "r" }
  0
t "" 1 "o" { 1 2 }
t "" 2 "quoted \\"label\\"" { 3/2, -1 }
"""


def test_princess_bride() -> None:
    t = read_efg(PBRIDE)
    assert t.players == ("Wesley", "Prince")
    assert t.n_nodes == 15
    assert t.kind == "exact"
    assert t.probabilities[1:3].tolist() == [F(1, 2), F(1, 2)]
    assert t.n_infosets == 4
    assert t.infoset_names() == ("Wesley@Strong", "Wesley@Weak", "Prince:1", "Prince:2")
    assert t.infoset_nodes(t.infoset_index("Prince:1")).tolist() == [3, 5]
    assert t.is_perfect_recall()
    assert t.subgame_roots().tolist() == [0]
    g = t.to_normal_form()
    assert g.shape == (4, 4)
    # Wesley (Up, Up) against the Prince (Surrender, Surrender): 1/2*1 + 1/2*(-1) = 0
    assert g.payoff_profile((0, 0)) == (0, 0)
    r = subgame_perfect(t)
    assert r.method == "normal_form"


def test_centipede_sample_with_reused_outcomes() -> None:
    t = read_efg(CENT_HEAD)
    assert t.n_nodes == 10
    assert t.payoffs_at(t.find("rational/p/t")) == (F(2, 5), F(8, 5))
    assert t.payoffs_at(t.find("altruist/p/p")) == (F(16, 5), F(4, 5))
    assert t.infoset_names()[-1] == "(2,1)"
    f = read_efg(CENT_HEAD, kind="float")
    assert f.kind == "float"
    assert f.payoffs_at(f.find("rational/t")) == (0.8, 0.2)


def test_free_layout_and_escapes() -> None:
    t = read_efg(MULTILINE)
    assert t.players == ("A", "B")
    assert t.actions_at(0) == ("l", "r")
    assert t.payoffs_at(2) == (F(3, 2), -1)
    assert t.infoset_names() == ("h",)


def test_inner_outcomes_are_folded_into_terminals() -> None:
    text = """EFG 2 R "" { "A" }
""

p "" 1 1 "" { "x" "y" } 1 "bonus" { 10 }
t "" 2 "" { 1 }
t "" 0
"""
    t = read_efg(text)
    assert t.payoffs.tolist() == [[11], [10]]


def test_omitted_action_lists() -> None:
    text = """EFG 2 R "" { "A" "B" }
""

p "" 1 1 "" { "l" "r" } 0
p "" 2 1 "b" { "x" "y" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 1 }
p "" 2 1 "b" 0
t "" 3 "" { 0, 0 }
t "" 1
"""
    t = read_efg(text)
    assert t.actions_at(2) == ("x", "y")
    assert t.infoset_nodes(t.infoset_index("b")).tolist() == [1, 2]
    assert t.payoffs_at(6) == (1, 0)


def m4_tree() -> GameTree:
    return GameTree.build(
        ["developer", "AI"],
        decision(
            "developer",
            {
                "offer": decision(
                    "AI",
                    {
                        "work": decision("developer", {"honour": (8, 2), "renege": (7, 0)}),
                        "outside": (1, 2),
                    },
                ),
                "no offer": (1, 2),
            },
        ),
    )


def test_write_format() -> None:
    text = write_efg(m4_tree(), title="M4", comment="commitment")
    assert text.splitlines() == [
        'EFG 2 R "M4" { "developer" "AI" }',
        '"commitment"',
        "",
        'p "" 1 1 "" { "offer" "no offer" } 0',
        'p "" 2 1 "" { "work" "outside" } 0',
        'p "" 1 2 "" { "honour" "renege" } 0',
        't "" 1 "" { 8, 2 }',
        't "" 2 "" { 7, 0 }',
        't "" 3 "" { 1, 2 }',
        't "" 4 "" { 1, 2 }',
    ]


def test_round_trips() -> None:
    for t in (m4_tree(), read_efg(PBRIDE), read_efg(CENT_HEAD), read_efg(MULTILINE)):
        assert read_efg(write_efg(t)) == t
    assert write_efg(read_efg(write_efg(m4_tree()))) == write_efg(m4_tree())
    f = m4_tree().as_float()
    assert read_efg(write_efg(f), kind="float") == f


def test_round_trip_floats_and_named_infosets() -> None:
    t = GameTree.build(
        ["A", "B"],
        chance(
            [
                ("u", 0.1, decision("A", {"x": (0.1, 1e-7), "y": (2.5, -3.0)}, infoset="a")),
                ("d", 0.9, decision("A", {"x": (1 / 3, 0.0), "y": (1e20, 2.0)}, infoset="a")),
            ]
        ),
    )
    assert read_efg(write_efg(t), kind="float") == t


@st.composite
def trees(draw: Any) -> GameTree:
    players = ["A", "B"]
    names = iter(range(1000))

    def node(depth: int) -> Any:
        if depth == 3 or draw(st.integers(0, 3)) == 0:
            return tuple(draw(st.fractions(-5, 5, max_denominator=4)) for _ in players)
        k = draw(st.integers(1, 3))
        if draw(st.integers(0, 4)) == 0:
            w = [draw(st.integers(1, 3)) for _ in range(k)]
            return chance([(f"c{j}", F(x, sum(w)), node(depth + 1)) for j, x in enumerate(w)])
        label = draw(st.sampled_from(["a", 'b "q"', "c d", "é"]))
        return decision(
            draw(st.sampled_from(players)),
            {f"{label}{j}": node(depth + 1) for j in range(k)},
            infoset=draw(st.one_of(st.none(), st.just(f"s{next(names)}"))),
        )

    return GameTree.build(players, node(0))


@given(trees())
def test_random_round_trip(tree: GameTree) -> None:
    text = write_efg(tree)
    back = read_efg(text)
    assert back == tree
    assert write_efg(back) == text


def test_symbolic_tree_cannot_be_written() -> None:
    import sympy

    t = GameTree.build(["A"], (sympy.Symbol("a"),))
    with pytest.raises(UnsupportedGameError, match="subs"):
        write_efg(t)


def test_gambit_dispatch() -> None:
    from dealmodels.io.gambit import read_gambit, write_gambit

    t = m4_tree()
    assert write_gambit(t) == write_efg(t)
    assert read_gambit(write_efg(t)) == t


BAD = [
    ("not text", lambda: read_efg(3), InvalidParameterError, "text"),
    ("bad kind", lambda: read_efg(PBRIDE, kind="int"), InvalidParameterError, "kind"),
    ("not a tree", lambda: write_efg("tree"), InvalidParameterError, "tree"),
    ("bad title", lambda: write_efg(m4_tree(), title=3), InvalidParameterError, "title"),
    ("no prologue", lambda: read_efg("NFG 1 R"), InvalidGameError, "line 1"),
    ("no players", lambda: read_efg('EFG 2 R "" { }\n'), InvalidGameError, "player"),
    (
        "no nodes",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\n'),
        InvalidGameError,
        "at least one node",
    ),
    (
        "bad node type",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\nq "" 1\n'),
        InvalidGameError,
        "line 3",
    ),
    (
        "too few nodes",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "" { 1 }\n'),
        InvalidGameError,
        "ends before the tree is complete",
    ),
    (
        "too many nodes",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\nt "" 1 "" { 1 }\nt "" 2 "" { 2 }\n'),
        InvalidGameError,
        "too many nodes",
    ),
    (
        "missing payoffs",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "x" } 0\nt "" 4\n'),
        InvalidGameError,
        "missing payoffs",
    ),
    (
        "wrong payoff count",
        lambda: read_efg('EFG 2 R "" { "A" "B" }\n""\nt "" 1 "" { 1 }\n'),
        InvalidGameError,
        "needs 2 payoffs",
    ),
    (
        "unknown player",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\np "" 2 1 "" { "x" } 0\nt "" 1 "" { 1 }\n'),
        InvalidGameError,
        "unknown player 2",
    ),
    (
        "bad number",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\nt "" 1 "" { one }\n'),
        InvalidGameError,
        "expected a number",
    ),
    (
        "bad probability sum",
        lambda: read_efg(
            'EFG 2 R "" { "A" }\n""\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0\n'
            't "" 1 "" { 1 }\nt "" 2 "" { 2 }\n'
        ),
        InvalidGameError,
        "sum to 1",
    ),
    (
        "infoset labels differ",
        lambda: read_efg(
            'EFG 2 R "" { "A" "B" }\n""\np "" 1 1 "" { "l" "r" } 0\n'
            'p "" 2 1 "" { "x" } 0\nt "" 1 "" { 1, 1 }\np "" 2 1 "" { "y" } 0\n'
            't "" 2 "" { 1, 1 }\n'
        ),
        InvalidGameError,
        "mixes action labels",
    ),
    (
        "actions never listed",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\np "" 1 1 "" 0\n'),
        InvalidGameError,
        "never lists its actions",
    ),
    (
        "unterminated",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\np "x 1 1\n'),
        InvalidGameError,
        "unterminated",
    ),
    *[
        (
            f"{bad} payoff ({kind})",
            lambda bad=bad, kind=kind: read_efg(
                'EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "" { 1 }\n'
                f't "" 2 "" {{ {bad} }}\n',
                kind=kind,
            ),
            InvalidGameError,
            f"line 5: payoff 1 of outcome 2: expected a (finite )?number; got '{bad}'",
        )
        for bad in ("nan", "inf", "-Infinity", "1/0", "x")
        for kind in ("exact", "float")
    ],
    (
        "nan probability (float)",
        lambda: read_efg(
            'EFG 2 R "" { "A" }\n""\nc "" 1 "" { "a" nan "b" 1/2 } 0\n'
            't "" 1 "" { 1 }\nt "" 2 "" { 2 }\n',
            kind="float",
        ),
        InvalidGameError,
        "line 3: expected a finite number; got 'nan'",
    ),
    (
        "nan payoff, general layout",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "x" }\n0\nt "" 1 "" { nan }\n'),
        InvalidGameError,
        "line 5: expected a number; got 'nan'",
    ),
    (
        "outcome given twice, different payoffs",
        lambda: read_efg(
            'EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "" { 1 }\nt "" 1 "" { 2 }\n'
        ),
        InvalidGameError,
        r"line 5: outcome 1 is given the payoffs \{ 2 \}, but line 4 gave it \{ 1 \}",
    ),
    (
        "outcome given twice, different payoffs, general layout",
        lambda: read_efg(
            'EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "x" "y" }\n0\nt "" 1 "" { 1 }\n'
            't "" 1 "" { 1/2 }\n'
        ),
        InvalidGameError,
        r"line 6: outcome 1 is given the payoffs \{ 1/2 \}, but line 5 gave it \{ 1 \}",
    ),
    (
        "cut off in the last line",
        lambda: read_efg(
            'EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "" { 1 }\nt "" 2 "" { 2'
        ),
        InvalidGameError,
        "line 5: unexpected end of file",
    ),
    (
        "cut off at a line end",
        lambda: read_efg('EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "x" "y" } 0\nt "" 1 "" { 1 }\n'),
        InvalidGameError,
        "line 4: the file ends before the tree is complete",
    ),
]


def test_outcome_given_twice_with_the_same_payoffs_is_accepted() -> None:
    for sep in (" ", "\n"):  # the one-node-per-line reader and the general one
        tree = read_efg(
            f'EFG 2 R "" {{ "A" }}\n""\np "" 1 1 "" {{ "x" "y" }}{sep}0\nt "" 1 "" {{ 1 }}\n'
            't "" 1 "" { 1 }\n'
        )
        assert tree.payoffs.tolist() == [[1], [1]]


@pytest.mark.parametrize(("call", "error", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()


# Gambit's sample e02.efg (Selten 1975, figure 2) and e02.nfg, the reduced normal form Gambit
# derives from it (files tests/test_games/e02.efg and e02.nfg of the Gambit repository).
E02_EFG = """EFG 2 R "Selten (IJGT, 75), Figure 2" { "Player 1" "Player 2" }
""

p "" 1 1 "(1,1)" { "R" "L" } 0
t "" 1 "Outcome 1" { 1, 1 }
p "" 2 1 "(2,1)" { "R" "L" } 0
t "" 2 "Outcome 2" { 0, 2 }
p "" 1 2 "(1,2)" { "r" "l" } 0
t "" 3 "Outcome 3" { 0, 3 }
t "" 4 "Outcome 4" { 2, 0 }
"""

E02_NFG = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{ { "1" "2" "3" }
{ "1" "2" }
}
""

{
{ "_1" 1, 1 }
{ "_2" 0, 2 }
{ "_3" 0, 2 }
{ "_4" 1, 1 }
{ "_5" 0, 3 }
{ "_6" 2, 0 }
}
1 2 3 4 5 6
"""


def test_reduced_normal_form_matches_gambit() -> None:
    from dealmodels.io.gambit import read_gambit

    tree = read_efg(E02_EFG)
    mine = tree.to_normal_form()
    gambit = read_gambit(E02_NFG)
    assert mine.shape == gambit.shape == (3, 2)
    assert mine.actions == (("R/*", "L/r", "L/l"), ("R", "L"))
    for a, b in zip(mine.payoffs, gambit.payoffs, strict=True):
        assert a.tolist() == b.tolist()


# Gambit's test game stripped_down_poker.efg: one-card poker from Reiley, Urbancic and Walker,
# "Stripped-down poker: a classroom game with signaling and bluffing", Journal of Economic
# Education 39 (2008), 323-341. Known equilibrium: Alice always bets a King and bets a Queen
# with probability 1/3; Bob calls with probability 2/3; Alice's value is 1/3.
POKER = """EFG 2 R "A simple Poker game" { "Alice" "Bob" }
"Stripped-Down Poker: a simple game of one-card poker from Reiley et al (2008)."

c "" 1 "Deal" { "King" 1/2 "Queen" 1/2 } 0
p "" 1 1 "Alice has King" { "Bet" "Fold" } 0
p "" 2 1 "Bob's response" { "Call" "Fold" } 0
t "" 1 "Win Big" { 2, -2 }
t "" 2 "Win" { 1, -1 }
t "" 4 "Lose" { -1, 1 }
p "" 1 2 "Alice has Queen" { "Bet" "Fold" } 0
p "" 2 1 "Bob's response" { "Call" "Fold" } 0
t "" 3 "Lose Big" { -2, 2 }
t "" 2 "Win" { 1, -1 }
t "" 4 "Lose" { -1, 1 }
"""


def test_stripped_down_poker_equilibrium() -> None:
    tree = read_efg(POKER)
    assert tree.infoset_names() == ("Alice has King", "Alice has Queen", "Bob's response")
    r = subgame_perfect(tree)
    assert r.strategy("Alice has King") == {"Bet": 1, "Fold": 0}
    assert r.strategy("Alice has Queen") == {"Bet": F(1, 3), "Fold": F(2, 3)}
    assert r.strategy("Bob's response") == {"Call": F(2, 3), "Fold": F(1, 3)}
    assert tuple(r.payoffs) == (F(1, 3), F(-1, 3))


def test_gambit_sample_with_outcomes_at_inner_nodes() -> None:
    # Gambit's chance_in_middle_with_nonterm_outcomes.efg (first half): an outcome (-1, 1)
    # at player 2's node adds to every terminal below it.
    text = """EFG 2 R "Chance in middle game" { "1" "2" }
""

p "" 1 1 "" { "A" "B" } 0
c "" 1 "" { "H" 1/5 "L" 4/5 } 0
p "" 2 1 "" { "X" "Y" } 1 "a" { -1, 1 }
p "" 1 2 "" { "C" "D" } 0
t "" 2 "1" { 1, -1 }
t "" 3 "-1" { -1, 1 }
p "" 1 3 "" { "C" "D" } 0
t "" 4 "0.5" { 1/2, -1/2 }
t "" 5 "-0.5" { -1/2, 1/2 }
p "" 2 2 "" { "X" "Y" } 0
p "" 1 2 "" { "C" "D" } 0
t "" 4 "0.5" { 1/2, -1/2 }
t "" 5 "-0.5" { -1/2, 1/2 }
p "" 1 3 "" { "C" "D" } 0
t "" 2 "1" { 1, -1 }
t "" 3 "-1" { -1, 1 }
t "" 0
"""
    tree = read_efg(text)
    assert tree.payoffs_at(tree.find("A/H/X/C")) == (0, 0)
    assert tree.payoffs_at(tree.find("A/H/Y/D")) == (F(-3, 2), F(3, 2))
    assert tree.payoffs_at(tree.find("A/L/X/C")) == (F(1, 2), F(-1, 2))
    assert tree.payoffs_at(tree.find("B")) == (0, 0)
    assert tree.infoset_names() == ("1@", "2@A/H", "2@A/L", "1:2", "1:3")


@given(trees())
def test_fast_and_general_readers_agree(tree: GameTree) -> None:
    from dealmodels.io import efg

    text = write_efg(tree)
    players, body, first = efg._prologue(text)
    general = efg._build(players, efg._token_records(body, first), "exact")
    assert general == tree
    if "\\" not in body:
        assert efg._read_fast(body, first, players, "exact") == tree
