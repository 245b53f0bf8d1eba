"""GameTree.from_arrays (the breadth-first constructor the .efg reader uses) and
GameTree.subtree(replace=...): known answers, round trips, and every refusal by name."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.errors import InvalidGameError, InvalidParameterError
from dealmodels.games.extensive_form import (
    CHANCE,
    DECISION,
    TERMINAL,
    GameTree,
    chance,
    decision,
)
from dealmodels.io.efg import read_efg
from dealmodels.solvers.backward import subgame_perfect


def entry_arrays(**change: Any) -> dict[str, Any]:
    """The entry game (Osborne 2004, Fig. 154.1 with the entrant's payoffs first), node by
    node in breadth-first order: root; out, in; fight, accommodate."""
    arrays: dict[str, Any] = {
        "players": ["entrant", "incumbent"],
        "node_kind": [DECISION, TERMINAL, DECISION, TERMINAL, TERMINAL],
        "n_children": [2, 0, 2, 0, 0],
        "node_player": [0, -1, 1, -1, -1],
        "action_code": [-1, 0, 1, 2, 3],
        "label_table": ["out", "in", "fight", "accommodate"],
        "payoffs": [(0, 2), (-1, -1), (1, 1)],
    }
    arrays.update(change)
    return arrays


def entry_built() -> GameTree:
    return GameTree.build(
        ["entrant", "incumbent"],
        decision(
            "entrant",
            {
                "out": (0, 2),
                "in": decision("incumbent", {"fight": (-1, -1), "accommodate": (1, 1)}),
            },
        ),
    )


def arrays_of(tree: GameTree) -> dict[str, Any]:
    """The from_arrays arguments that remake ``tree``, read through its public properties."""
    dec = np.flatnonzero(tree.node_kind == DECISION).tolist()
    labels = {v: tree.infoset_label(int(tree.infoset[v])) for v in dec}
    return {
        "players": tree.players,
        "node_kind": tree.node_kind,
        "n_children": tree.n_children,
        "node_player": tree.node_player,
        "action_code": tree.action_code,
        "label_table": tree.label_table,
        "payoffs": tree.payoffs,
        "probabilities": tree.probabilities,
        "infosets": {v: k for v, k in labels.items() if k is not None},
    }


def test_the_entry_game_from_arrays_is_the_built_one() -> None:
    tree = GameTree.from_arrays(**entry_arrays())
    assert tree == entry_built()
    assert tree.kind == "exact"
    # its one subgame-perfect equilibrium: enter, accommodate (Osborne 2004, ex. 155.1)
    assert subgame_perfect(tree).path_actions == ("in", "accommodate")


def test_the_arrays_are_copied_and_frozen() -> None:
    kinds = np.array([DECISION, TERMINAL, DECISION, TERMINAL, TERMINAL])
    tree = GameTree.from_arrays(**entry_arrays(node_kind=kinds))
    kinds[1] = DECISION  # the caller's array stays the caller's
    assert tree.node_kind[1] == TERMINAL
    assert not tree.node_kind.flags.writeable
    assert tree.parent.tolist() == [-1, 0, 0, 2, 2]
    assert tree.first_child.tolist() == [1, 3, 3, 5, 5]


def test_chance_and_information_sets() -> None:
    # a fair coin, then A moves without seeing it: one information set of two nodes
    tree = GameTree.from_arrays(
        players=["A"],
        node_kind=[CHANCE, DECISION, DECISION, TERMINAL, TERMINAL, TERMINAL, TERMINAL],
        n_children=[2, 2, 2, 0, 0, 0, 0],
        node_player=[-1, 0, 0, -1, -1, -1, -1],
        action_code=[-1, 0, 1, 2, 3, 2, 3],
        label_table=["heads", "tails", "x", "y"],
        payoffs=[(1,), (0,), (0,), (1,)],
        probabilities=[0, F(1, 2), F(1, 2), 0, 0, 0, 0],
        infosets={1: "blind", 2: "blind"},
    )
    same = GameTree.build(
        ["A"],
        chance(
            {
                "heads": (F(1, 2), decision("A", {"x": (1,), "y": (0,)}, infoset="blind")),
                "tails": (F(1, 2), decision("A", {"x": (0,), "y": (1,)}, infoset="blind")),
            }
        ),
    )
    assert tree == same
    assert tree.n_infosets == 1
    assert tree.infoset_index("blind") == 0


@st.composite
def trees(draw: Any) -> GameTree:
    players = ["A", "B"]
    names = iter(range(1000))
    exact = draw(st.booleans())

    def number() -> Any:
        if exact:
            return draw(st.fractions(-5, 5, max_denominator=4))
        return draw(st.floats(-5, 5, allow_nan=False))

    def node(depth: int) -> Any:
        if depth == 3 or draw(st.integers(0, 3)) == 0:
            return tuple(number() for _ in players)
        k = draw(st.integers(1, 3))
        if draw(st.integers(0, 4)) == 0:
            w = [draw(st.integers(1, 3)) for _ in range(k)]
            return chance([(f"c{j}", F(x, sum(w)), node(depth + 1)) for j, x in enumerate(w)])
        label = draw(st.sampled_from(["a", "b", "c"]))
        return decision(
            draw(st.sampled_from(players)),
            {f"{label}{j}": node(depth + 1) for j in range(k)},
            infoset=draw(st.one_of(st.none(), st.just(f"s{next(names)}"))),
        )

    return GameTree.build(players, node(0))


@given(trees())
def test_the_arrays_of_a_tree_make_the_tree(tree: GameTree) -> None:
    assert GameTree.from_arrays(**arrays_of(tree)) == tree
    # and as Python lists, the way a reader may hold them
    lists = {
        k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in arrays_of(tree).items()
    }
    assert GameTree.from_arrays(**lists) == tree


@given(trees())
def test_kind_float_is_as_float(tree: GameTree) -> None:
    assert GameTree.from_arrays(**arrays_of(tree), kind="float") == tree.as_float()


def test_kinds() -> None:
    a = sympy.Symbol("a")
    symbolic = GameTree.from_arrays(**entry_arrays(payoffs=[(a, 2), (-1, -1), (1, 1)]))
    assert symbolic.kind == "symbolic"
    assert symbolic.subs(a=0) == entry_built()
    as_sympy = GameTree.from_arrays(**entry_arrays(), kind="symbolic")
    assert as_sympy.kind == "symbolic"
    assert as_sympy.payoffs_at(4) == (sympy.Integer(1), sympy.Integer(1))
    floats = GameTree.from_arrays(**entry_arrays(payoffs=np.array([[0.0, 2], [-1, -1], [1, 1]])))
    assert floats.kind == "float"
    assert floats == entry_built().as_float()
    ints = GameTree.from_arrays(**entry_arrays(payoffs=np.array([[0, 2], [-1, -1], [1, 1]])))
    assert ints == entry_built()


def test_repeated_labels_are_kept_as_gambit_files_have_them() -> None:
    # Gambit's catalog labels a fair coin's branches "1/2" and "1/2"
    tree = read_efg(
        'EFG 2 R "" { "A" }\n""\nc "" 1 "" { "1/2" 1/2 "1/2" 1/2 } 0\n'
        't "" 1 "" { 1 }\nt "" 2 "" { 3 }\n'
    )
    assert tree.actions_at(0) == ("1/2", "1/2")
    assert tree.find(["1/2"]) == 1
    assert tuple(subgame_perfect(tree).payoffs) == (2,)


BAD: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    ("players", {"players": "AB"}, InvalidParameterError, "players"),
    ("kind", {"kind": "int"}, InvalidParameterError, "kind"),
    ("no nodes", {"node_kind": []}, InvalidParameterError, "node_kind.*at least one node"),
    (
        "kind code",
        {"node_kind": [DECISION, 7, DECISION, 0, 0]},
        InvalidParameterError,
        r"node_kind\[1\]",
    ),
    ("floats", {"node_kind": [1.0, 0, 1, 0, 0]}, InvalidParameterError, "node_kind.*integers"),
    (
        "length",
        {"n_children": [2, 0, 2, 0]},
        InvalidParameterError,
        "n_children.*one entry per node",
    ),
    (
        "terminal with children",
        {"node_kind": [DECISION, TERMINAL, TERMINAL, TERMINAL, TERMINAL]},
        InvalidParameterError,
        r"n_children\[2\] must be 0 at a terminal",
    ),
    (
        "inner without children",
        {"node_kind": [DECISION, DECISION, DECISION, TERMINAL, TERMINAL]},
        InvalidParameterError,
        r"n_children\[1\] must be at least 1",
    ),
    (
        "count sum",
        {
            "node_kind": [DECISION, TERMINAL, DECISION, TERMINAL, TERMINAL, TERMINAL],
            "n_children": [2, 0, 2, 0, 0, 0],
            "node_player": [0, -1, 1, -1, -1, -1],
            "action_code": [-1, 0, 1, 2, 3, 2],
        },
        InvalidParameterError,
        "add up to the number of nodes minus one",
    ),
    (
        "not breadth first",
        {
            "node_kind": [DECISION, TERMINAL, DECISION],
            "n_children": [1, 0, 1],
            "node_player": [0, -1, 0],
            "action_code": [-1, 0, 1],
            "payoffs": [(0, 0)],
        },
        InvalidParameterError,
        "node 2 would have its first child at 2",
    ),
    (
        "mover",
        {"node_player": [0, -1, 2, -1, -1]},
        InvalidParameterError,
        r"node_player\[2\].*\[0, 1\]",
    ),
    (
        "mover off",
        {"node_player": [0, 0, 1, -1, -1]},
        InvalidParameterError,
        r"node_player\[1\].*-1",
    ),
    ("root code", {"action_code": [0, 0, 1, 2, 3]}, InvalidParameterError, r"action_code\[0\]"),
    (
        "code range",
        {"action_code": [-1, 0, 1, 2, 4]},
        InvalidParameterError,
        r"action_code\[4\].*\[0, 3\]",
    ),
    (
        "labels twice",
        {"label_table": ["out", "in", "out", "x"]},
        InvalidParameterError,
        "label_table.*distinct",
    ),
    (
        "labels text",
        {"label_table": ["out", "in", 3, "x"]},
        InvalidParameterError,
        "label_table.*strings",
    ),
    ("payoff rows", {"payoffs": [(0, 2), (-1, -1)]}, InvalidParameterError, r"payoffs.*\(3, 2\)"),
    (
        "payoff row",
        {"payoffs": [(0, 2), (-1,), (1, 1)]},
        InvalidParameterError,
        r"payoffs\[1\].*2 payoffs",
    ),
    ("payoff shape", {"payoffs": np.zeros((3, 3))}, InvalidParameterError, r"payoffs.*\(3, 2\)"),
    (
        "payoff text",
        {"payoffs": np.array([["a", "b"]] * 3)},
        InvalidParameterError,
        "payoffs.*real",
    ),
    ("payoff value", {"payoffs": [(0, 2), (-1, "x"), (1, 1)]}, InvalidGameError, "real numbers"),
    ("infinite", {"payoffs": [(0, 2), (-1, float("inf")), (1, 1.0)]}, InvalidGameError, "finite"),
    (
        "stray probability",
        {"probabilities": [0, 0.5, 0, 0, 0]},
        InvalidParameterError,
        r"probabilities\[1\]",
    ),
    (
        "probability shape",
        {"probabilities": [0, 0]},
        InvalidParameterError,
        "probabilities.*shape",
    ),
    ("infoset key", {"infosets": {1: "x"}}, InvalidParameterError, "infosets key 1.*decision"),
    ("infoset node", {"infosets": {9: "x"}}, InvalidParameterError, "infosets key.*node index"),
    ("infoset players", {"infosets": {0: "h", 2: "h"}}, InvalidGameError, "mixes players"),
    (
        "exact from floats",
        {"payoffs": [(0.5, 2), (-1, -1), (1, 1)], "kind": "exact"},
        InvalidParameterError,
        "kind.*'float' found",
    ),
    (
        "float from symbols",
        {"payoffs": [(sympy.Symbol("a"), 2), (-1, -1), (1, 1)], "kind": "float"},
        InvalidParameterError,
        "kind.*'symbolic' found",
    ),
]


@pytest.mark.parametrize(
    ("change", "error", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_arrays_are_refused_by_name(
    change: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        GameTree.from_arrays(**entry_arrays(**change))


def coin_arrays(**change: Any) -> dict[str, Any]:
    arrays: dict[str, Any] = {
        "players": ["A"],
        "node_kind": [CHANCE, TERMINAL, TERMINAL],
        "n_children": [2, 0, 0],
        "node_player": [-1, -1, -1],
        "action_code": [-1, 0, 1],
        "label_table": ["h", "t"],
        "payoffs": [(1,), (0,)],
        "probabilities": [0, F(1, 2), F(1, 2)],
    }
    arrays.update(change)
    return arrays


def test_chance_probabilities_are_checked() -> None:
    assert GameTree.from_arrays(**coin_arrays()).payoffs.tolist() == [[1], [0]]
    with pytest.raises(InvalidParameterError, match=r"probabilities.*chance node"):
        GameTree.from_arrays(**coin_arrays(probabilities=None))
    with pytest.raises(InvalidGameError, match="sum to 1"):
        GameTree.from_arrays(**coin_arrays(probabilities=[0, F(1, 2), F(1, 3)]))
    with pytest.raises(InvalidGameError, match=">= 0"):
        GameTree.from_arrays(**coin_arrays(probabilities=np.array([0, 1.5, -0.5])))
    with pytest.raises(InvalidParameterError, match=r"probabilities\[0\]"):
        GameTree.from_arrays(**coin_arrays(probabilities=[1, F(1, 2), F(1, 2)]))


# -- subtree(replace=...) ---------------------------------------------------------------------
def test_subtree_cuts_the_replaced_nodes() -> None:
    t = entry_built()
    cut = t.subtree(0, replace={2: (1, 1)})
    assert cut == GameTree.build(
        ["entrant", "incumbent"], decision("entrant", {"out": (0, 2), "in": (1, 1)})
    )
    assert t.subtree(2) == GameTree.build(
        ["entrant", "incumbent"], decision("incumbent", {"fight": (-1, -1), "accommodate": (1, 1)})
    )
    assert t.subtree(2, replace={2: (5, 5)}).payoffs.tolist() == [[5, 5]]
    assert t.subtree(0, replace={}) == t


@pytest.mark.parametrize(
    ("node", "replace", "match"),
    [
        (2, {1: (0, 0)}, "subtree of node 2"),
        (0, {9: (0, 0)}, "node must be in"),
        (0, {2: 5}, r"replace\[2\] must be a payoff vector"),
        (0, {2: "ab"}, r"replace\[2\] must be a payoff vector"),
        (0, [(2, (0, 0))], "replace must be a mapping"),
    ],
)
def test_subtree_refuses_bad_replacements(node: int, replace: Any, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        entry_built().subtree(node, replace=replace)


def test_subtree_replacement_needs_one_payoff_per_player() -> None:
    with pytest.raises(InvalidGameError, match="missing payoffs"):
        entry_built().subtree(0, replace={2: (1,)})
