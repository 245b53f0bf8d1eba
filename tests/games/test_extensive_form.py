"""GameTree: building, validation, structure queries, reduced normal form, subgames."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import networkx as nx
import numpy as np
import pytest
import sympy

from dealmodels.errors import InvalidGameError, InvalidParameterError, UnsupportedGameError
from dealmodels.games.extensive_form import (
    CHANCE,
    DECISION,
    TERMINAL,
    GameTree,
    chance,
    decision,
    terminal,
)


def entry_game() -> GameTree:
    # Osborne (2004), An Introduction to Game Theory, Fig. 154.1 (entry game).
    return GameTree.build(
        players=["challenger", "incumbent"],
        root=decision(
            "challenger",
            {
                "in": decision("incumbent", {"acquiesce": (2, 1), "fight": (0, 0)}),
                "out": (1, 2),
            },
        ),
    )


def pennies_after_entry() -> GameTree:
    """Player 1 may stay out, or play matching pennies against player 2."""
    return GameTree.build(
        players=["1", "2"],
        root=decision(
            "1",
            {
                "out": (F(1, 2), 0),
                "in": decision(
                    "1",
                    {
                        "H": decision("2", {"h": (1, -1), "t": (-1, 1)}, infoset="2"),
                        "T": decision("2", {"h": (-1, 1), "t": (1, -1)}, infoset="2"),
                    },
                ),
            },
        ),
    )


# -- building -----------------------------------------------------------------------------
def test_breadth_first_layout() -> None:
    t = entry_game()
    assert t.n_nodes == 5
    assert t.node_kind.tolist() == [DECISION, DECISION, TERMINAL, TERMINAL, TERMINAL]
    assert t.parent.tolist() == [-1, 0, 0, 1, 1]
    assert t.first_child[:2].tolist() == [1, 3]
    assert t.n_children.tolist() == [2, 2, 0, 0, 0]
    assert t.node_player.tolist() == [0, 1, -1, -1, -1]
    assert t.action_index.tolist() == [-1, 0, 1, 0, 1]
    assert t.node_path(4) == ("in", "fight")
    assert t.find("in/fight") == 4
    assert t.payoffs_at(2) == (1, 2)
    assert t.levels() == [(0, 1), (1, 3), (3, 5)]
    assert t.depth.tolist() == [0, 1, 1, 2, 2]
    assert t.kind == "exact"


def test_arrays_are_read_only() -> None:
    t = entry_game()
    for arr in (t.parent, t.node_kind, t.payoffs, t.first_child, t.probabilities):
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0


def test_no_public_init() -> None:
    with pytest.raises(TypeError, match=r"GameTree\.build"):
        GameTree()


def test_terminal_forms_are_equivalent() -> None:
    a = GameTree.build(["A"], decision("A", {"x": terminal(1), "y": (2,)}))
    b = GameTree.build(["A"], decision("A", [("x", [1]), ("y", terminal(2))]))
    assert a == b


def test_kinds() -> None:
    assert GameTree.build(["A"], decision("A", {"x": (1.5,), "y": (2,)})).kind == "float"
    assert GameTree.build(["A"], decision("A", {"x": (F(1, 2),), "y": (2,)})).kind == "exact"
    s = sympy.Symbol("s")
    t = GameTree.build(["A"], decision("A", {"x": (s,), "y": (2,)}))
    assert t.kind == "symbolic"
    assert t.free_symbols == {s}
    assert t.subs(s=F(1, 3)).payoffs.tolist() == [[F(1, 3)], [2]]
    assert t.subs(s=0.25).kind == "float"


def test_chance_probabilities_exact_and_float() -> None:
    t = GameTree.build(["A"], chance({"a": (F(1, 3), (1,)), "b": (F(2, 3), (0,))}))
    assert t.kind == "exact"
    assert t.probabilities.tolist() == [0, F(1, 3), F(2, 3)]
    f = GameTree.build(["A"], chance([("a", 0.25, (1,)), ("b", 0.75, (0,))]))
    assert f.kind == "float"
    assert f.reach_probabilities().tolist() == [1.0, 0.25, 0.75]


def test_m4_commitment_game_in_a_few_lines() -> None:
    x, K, w, oA, oD = sympy.symbols("x K w o_A o_D")
    m4 = GameTree.build(
        players=["developer", "AI"],
        root=decision(
            "developer",
            {
                "offer": decision(
                    "AI",
                    {
                        "work": decision(
                            "developer", {"honour": (w - x, x), "renege": (w - K, 0)}
                        ),
                        "outside": (oD, oA),
                    },
                )
            },
        ),
    )
    assert m4.kind == "symbolic"
    assert m4.free_symbols == {x, K, w, oA, oD}
    assert m4.infoset_names() == ("developer@", "AI@offer", "developer@offer/work")
    numeric = m4.subs(x=2, K=3, w=10, o_A=1, o_D=0)
    assert numeric.kind == "exact"
    assert numeric.payoffs_at(numeric.find("offer/work/honour")) == (8, 2)


def test_information_sets() -> None:
    t = pennies_after_entry()
    assert t.n_infosets == 3
    assert not t.is_perfect_information
    assert t.infoset_nodes(t.infoset_index("2")).tolist() == [3, 4]
    assert t.infoset_actions[t.infoset_index("2")] == ("h", "t")
    assert t.is_perfect_recall()


def test_imperfect_recall_detected() -> None:
    # The absent-minded style forgetting: A does not remember its first move.
    t = GameTree.build(
        ["A"],
        decision(
            "A",
            {
                "l": decision("A", {"x": (1,), "y": (0,)}, infoset="h"),
                "r": decision("A", {"x": (0,), "y": (1,)}, infoset="h"),
            },
        ),
    )
    assert not t.is_perfect_recall()


def test_perfect_recall_with_other_player_in_between() -> None:
    t = GameTree.build(
        ["A", "B"],
        decision(
            "A",
            {
                "l": decision(
                    "B",
                    {
                        "u": decision("A", {"x": (1, 0), "y": (0, 1)}, infoset="a2"),
                        "d": decision("A", {"x": (0, 1), "y": (1, 0)}, infoset="a2"),
                    },
                    infoset="b",
                ),
                "r": (0, 0),
            },
        ),
    )
    assert t.is_perfect_recall()


# -- graph view -------------------------------------------------------------------------------
def test_graph_round_trip() -> None:
    for t in (entry_game(), pennies_after_entry()):
        g = t.graph
        assert isinstance(g, nx.DiGraph)
        assert g.number_of_nodes() == t.n_nodes
        assert t.graph is g  # cached
        assert GameTree.from_graph(g) == t


def test_from_graph_with_chance() -> None:
    g = nx.DiGraph(players=["A"])
    g.add_node("c")
    g.add_node("d", player="A")
    g.add_node("z1", payoffs=(0,))
    g.add_node("z2", payoffs=(1,))
    g.add_node("z3", payoffs=(2,))
    g.add_edge("c", "d", action="up", prob=F(1, 4))
    g.add_edge("c", "z1", action="down", prob=F(3, 4))
    g.add_edge("d", "z2", action="a")
    g.add_edge("d", "z3", action="b")
    t = GameTree.from_graph(g)
    assert t.node_kind.tolist() == [CHANCE, DECISION, TERMINAL, TERMINAL, TERMINAL]
    assert t.actions_at(0) == ("up", "down")


# -- normal form ---------------------------------------------------------------------------
def test_entry_game_normal_form() -> None:
    g = entry_game().to_normal_form()
    assert g.actions == (("in", "out"), ("acquiesce", "fight"))
    assert g.payoffs[0].tolist() == [[2, 0], [1, 1]]
    assert g.payoffs[1].tolist() == [[1, 0], [2, 2]]


def test_reduced_normal_form_merges_unreached_choices() -> None:
    # Osborne (2004), Fig. 163.1-style: player 1 moves, then 2, then 1 again after "C".
    t = GameTree.build(
        ["1", "2"],
        decision(
            "1",
            {
                "C": decision("2", {"E": decision("1", {"G": (1, 2), "H": (3, 1)}), "F": (2, 0)}),
                "D": (2, 0),
            },
        ),
    )
    g = t.to_normal_form()
    # full normal form has 4 strategies for player 1; reduced merges DG and DH
    assert g.actions[0] == ("C/G", "C/H", "D/*")
    assert g.shape == (3, 2)
    assert g.payoffs[0].tolist() == [[1, 2], [3, 2], [2, 2]]


def test_normal_form_averages_chance() -> None:
    t = GameTree.build(
        ["A", "B"],
        chance(
            {
                "good": (F(1, 3), decision("A", {"x": (3, 0), "y": (0, 3)}, infoset="a")),
                "bad": (F(2, 3), decision("A", {"x": (0, 6), "y": (6, 0)}, infoset="a")),
            }
        ),
    )
    g = t.to_normal_form()
    assert g.shape == (2, 1)
    assert g.actions == (("x", "y"), ("-",))
    assert g.payoffs[0][:, 0].tolist() == [F(1), F(4)]
    assert g.payoffs[1][:, 0].tolist() == [F(4), F(1)]


def test_symbolic_normal_form() -> None:
    a = sympy.Symbol("a")
    t = GameTree.build(["A", "B"], decision("A", {"x": (a, 1), "y": (0, 0)}))
    g = t.to_normal_form()
    assert g.kind == "symbolic"
    assert g.payoffs[0][0, 0] == a


def test_float_normal_form_matches_exact() -> None:
    t = pennies_after_entry()
    exact = t.to_normal_form()
    approx = t.as_float().to_normal_form()
    for e, f in zip(exact.payoffs, approx.payoffs, strict=True):
        np.testing.assert_allclose(e.astype(float), f)


# -- subgames ----------------------------------------------------------------------------
def test_subgame_roots() -> None:
    assert entry_game().subgame_roots().tolist() == [0, 1]
    assert pennies_after_entry().subgame_roots().tolist() == [0, 2]
    subs = pennies_after_entry().subgames()
    assert [s.n_nodes for s in subs] == [9, 7]
    assert subs[1].n_infosets == 2


def test_subtree_keeps_information_sets() -> None:
    sub = pennies_after_entry().subtree(2)
    assert not sub.is_perfect_information
    assert sub.subgame_roots().tolist() == [0]


# -- equality and repr ------------------------------------------------------------------------
def test_equality() -> None:
    assert entry_game() == entry_game()
    assert entry_game() != pennies_after_entry()
    assert entry_game() != entry_game().as_float()
    assert "5 nodes" in repr(entry_game())


# -- bad input ----------------------------------------------------------------------------------
def _cyclic_graph() -> nx.DiGraph:
    g = nx.DiGraph(players=["A"])
    g.add_node("r", player="A")
    g.add_node("a", player="A")
    g.add_edge("r", "a")
    g.add_edge("a", "b")
    g.add_edge("b", "a")
    return g


def _loop_graph() -> nx.DiGraph:
    g = nx.DiGraph(players=["A"])
    g.add_node("r", player="A")
    g.add_node("z", payoffs=(1,))
    g.add_node("a", player="A")
    g.add_node("b", player="A")
    g.add_edges_from([("r", "z"), ("a", "b"), ("b", "a")])
    return g


def _two_parents_graph() -> nx.DiGraph:
    g = nx.DiGraph(players=["A"])
    g.add_node("r", player="A")
    g.add_node("a", player="A")
    g.add_node("z", payoffs=(1,))
    g.add_edges_from([("r", "a"), ("r", "z"), ("a", "z")])
    return g


def _two_roots_graph() -> nx.DiGraph:
    g = nx.DiGraph(players=["A"])
    g.add_node("r", player="A")
    g.add_node("s", player="A")
    g.add_node("y", payoffs=(0,))
    g.add_node("z", payoffs=(1,))
    g.add_edges_from([("r", "y"), ("s", "z")])
    return g


def _no_payoffs_graph() -> nx.DiGraph:
    g = nx.DiGraph(players=["A"])
    g.add_node("r", player="A")
    g.add_edge("r", "z")
    return g


BAD_TREES: list[tuple[str, Any, type[Exception], str]] = [
    (
        "unknown player",
        lambda: GameTree.build(["A"], decision("B", {"x": (1,)})),
        InvalidGameError,
        "unknown player 'B'",
    ),
    (
        "missing payoff",
        lambda: GameTree.build(["A", "B"], decision("A", {"x": (1,), "y": (1, 2)})),
        InvalidGameError,
        r"missing payoffs at terminal node 1 \(path x\)",
    ),
    (
        "too many payoffs",
        lambda: GameTree.build(["A"], (1, 2)),
        InvalidGameError,
        "missing payoffs",
    ),
    (
        "no actions",
        lambda: GameTree.build(["A"], decision("A", {})),
        InvalidGameError,
        "at least one action",
    ),
    (
        "duplicate label",
        lambda: GameTree.build(["A"], decision("A", [("x", (1,)), ("x", (2,))])),
        InvalidGameError,
        "distinct",
    ),
    (
        "non-string label",
        lambda: GameTree.build(["A"], decision("A", {1: (1,)})),
        InvalidGameError,
        "string labels",
    ),
    (
        "chance sum",
        lambda: GameTree.build(["A"], chance({"a": (F(1, 2), (1,)), "b": (F(1, 3), (0,))})),
        InvalidGameError,
        "sum to 1",
    ),
    (
        "chance float sum",
        lambda: GameTree.build(["A"], chance({"a": (0.5, (1,)), "b": (0.6, (0,))})),
        InvalidGameError,
        "sum to 1",
    ),
    (
        "chance negative",
        lambda: GameTree.build(["A"], chance({"a": (F(3, 2), (1,)), "b": (F(-1, 2), (0,))})),
        InvalidGameError,
        ">= 0",
    ),
    (
        "chance negative float",
        lambda: GameTree.build(["A"], chance({"a": (1.5, (1,)), "b": (-0.5, (0,))})),
        InvalidGameError,
        ">= 0",
    ),
    (
        "infoset mixes players",
        lambda: GameTree.build(
            ["A", "B"],
            decision(
                "A",
                {
                    "l": decision("A", {"x": (1, 1)}, infoset="h"),
                    "r": decision("B", {"x": (1, 1)}, infoset="h"),
                },
            ),
        ),
        InvalidGameError,
        "mixes players",
    ),
    (
        "infoset mixes labels",
        lambda: GameTree.build(
            ["A", "B"],
            decision(
                "A",
                {
                    "l": decision("B", {"x": (1, 1)}, infoset="h"),
                    "r": decision("B", {"y": (1, 1)}, infoset="h"),
                },
            ),
        ),
        InvalidGameError,
        "mixes action labels",
    ),
    (
        "not a node",
        lambda: GameTree.build(["A"], decision("A", {"x": "oops"})),
        InvalidGameError,
        "must be decision",
    ),
    (
        "bool payoff",
        lambda: GameTree.build(["A"], decision("A", {"x": (True,)})),
        InvalidGameError,
        "real numbers",
    ),
    (
        "nan payoff",
        lambda: GameTree.build(["A"], decision("A", {"x": (float("nan"),)})),
        InvalidGameError,
        "finite",
    ),
    (
        "players not distinct",
        lambda: GameTree.build(["A", "A"], (1, 1)),
        InvalidParameterError,
        "players must be distinct",
    ),
    ("players a string", lambda: GameTree.build("AB", (1, 1)), InvalidParameterError, "players"),
    (
        "graph cycle",
        lambda: GameTree.from_graph(_cyclic_graph()),
        InvalidGameError,
        "cycle|two parents",
    ),
    (
        "graph loop",
        lambda: GameTree.from_graph(_loop_graph()),
        InvalidGameError,
        "the graph has a cycle",
    ),
    (
        "graph two parents",
        lambda: GameTree.from_graph(_two_parents_graph()),
        InvalidGameError,
        "node 'z' has two parents",
    ),
    (
        "graph two roots",
        lambda: GameTree.from_graph(_two_roots_graph()),
        InvalidGameError,
        "exactly one root",
    ),
    (
        "graph no payoffs",
        lambda: GameTree.from_graph(_no_payoffs_graph()),
        InvalidGameError,
        "missing payoffs at terminal node 'z'",
    ),
    (
        "graph no players",
        lambda: GameTree.from_graph(nx.DiGraph()),
        InvalidParameterError,
        "players",
    ),
    ("bad node index", lambda: entry_game().children(9), InvalidParameterError, "node"),
    ("bad path", lambda: entry_game().find("in/run"), InvalidParameterError, "path"),
    ("not terminal", lambda: entry_game().payoffs_at(0), InvalidParameterError, "terminal"),
    (
        "bad player",
        lambda: entry_game().reduced_strategies("nobody"),
        InvalidParameterError,
        "player",
    ),
    (
        "bad infoset",
        lambda: entry_game().infoset_index("nothing"),
        InvalidParameterError,
        "infoset",
    ),
    (
        "bad subs key",
        lambda: GameTree.build(["A"], (sympy.Symbol("a"),)).subs(b=1),
        InvalidParameterError,
        "subs",
    ),
    (
        "symbolic as float",
        lambda: GameTree.build(["A"], (sympy.Symbol("a"),)).as_float(),
        InvalidGameError,
        "subs",
    ),
    ("decision with a number", lambda: decision("A", 5), InvalidParameterError, "actions=5"),
    ("chance with a number", lambda: chance(5), InvalidParameterError, "branches=5"),
    (
        "decision pair too short",
        lambda: decision("A", [("x",)]),
        InvalidParameterError,
        r"actions\[0\] must be a 2-tuple",
    ),
    (
        "chance branch without node",
        lambda: chance({"h": 0.5}),
        InvalidParameterError,
        r"branches\['h'\] must be a \(probability, node\) pair",
    ),
    (
        "chance triple too short",
        lambda: chance([("h", 0.5)]),
        InvalidParameterError,
        r"branches\[0\] must be a 3-tuple",
    ),
    (
        "nan chance probability",
        lambda: GameTree.build(["A"], chance({"h": (float("nan"), (1,)), "t": (0.5, (0,))})),
        InvalidGameError,
        r"chance probabilities must be numbers >= 0; got .*nan.* 'h'",
    ),
    (
        "inf chance probability",
        lambda: GameTree.build(["A"], chance({"h": (float("inf"), (1,)), "t": (0.0, (0,))})),
        InvalidGameError,
        "must sum to 1",
    ),
    (
        "node made its own child",
        lambda: setattr(decision("A", {"x": (1,)}), "children", ()),
        AttributeError,
        "builder nodes are immutable",
    ),
    ("cyclic specification", lambda: GameTree.build(["A"], _cyclic()), InvalidGameError, "cycle"),
]


def _cyclic() -> Any:
    """A decision node that is its own child (only possible by bypassing immutability)."""
    loop = decision("A", {"stop": (1,), "again": (0,)})
    object.__setattr__(loop, "children", ((1,), loop))
    return decision("A", {"enter": loop, "skip": (2,)})


def test_cycle_with_terminal_siblings_is_found_fast() -> None:
    # the loop node also leads to two terminals: the walk grows by three nodes a level and
    # is stopped at depth 64
    import time

    loop = decision("A", {"a": (0,), "b": (0,), "c": (0,)})
    object.__setattr__(loop, "children", (loop, (1,), (2,)))
    t0 = time.perf_counter()
    with pytest.raises(InvalidGameError, match="cycle"):
        GameTree.build(["A"], loop)
    assert time.perf_counter() - t0 < 5


def test_deep_and_shared_specifications_are_not_cycles() -> None:
    chain: Any = (1,)
    for _ in range(500):
        chain = decision("A", {"x": chain})
    assert GameTree.build(["A"], chain).n_nodes == 501
    shared: Any = (1,)
    for _ in range(12):  # 2**12 leaves from 12 distinct specs
        shared = decision("A", {"l": shared, "r": shared})
    assert GameTree.build(["A"], shared).n_nodes == 2**13 - 1


@pytest.mark.parametrize(
    ("make", "error", "match"), [c[1:] for c in BAD_TREES], ids=[c[0] for c in BAD_TREES]
)
def test_bad_input(make: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()


def test_normal_form_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    import dealmodels.games.extensive_form.structure as ef

    monkeypatch.setattr(ef, "_MAX_PROFILES", 1000)
    # B moves at 11 separate nodes: 2^11 = 2048 reduced strategies
    t = GameTree.build(
        ["A", "B"],
        decision("A", {f"a{i}": decision("B", {"l": (0, 0), "r": (1, 1)}) for i in range(11)}),
    )
    with pytest.raises(UnsupportedGameError, match="reduced strategies"):
        t.to_normal_form()


def test_pickle_round_trip() -> None:
    import pickle

    t = pennies_after_entry()
    _ = t.graph  # a cached view travels along harmlessly
    assert pickle.loads(pickle.dumps(t)) == t


def test_many_players_normal_form() -> None:
    # 17 players moving in turn: einsum needs more than the letters a..z minus two
    node: Any = tuple(float(j) for j in range(17))
    for i in range(16, -1, -1):
        node = decision(f"p{i}", {"a": node, "b": tuple(float(j == i) for j in range(17))})
    t = GameTree.build([f"p{i}" for i in range(17)], node)
    g = t.to_normal_form()
    assert g.shape == (2,) * 17
    assert g.payoff_profile((0,) * 17) == tuple(float(j) for j in range(17))
    assert g.payoff_profile((1,) + (0,) * 16)[0] == 1.0
