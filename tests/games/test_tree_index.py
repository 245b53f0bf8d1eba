"""TreeIndex: the derived lookups a GameTree builds for its queries and for the solvers."""

from __future__ import annotations

import functools
import pickle
from fractions import Fraction as F
from typing import Any

import networkx as nx
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.errors import InvalidGameError
from dealmodels.games.extensive_form import GameTree, LevelBlock, TreeIndex, chance, decision

LOOKUPS = {k for k, v in vars(TreeIndex).items() if isinstance(v, functools.cached_property)}


def entry_game() -> GameTree:
    # Osborne (2004), An Introduction to Game Theory, Fig. 154.1 (entry game).
    return GameTree.build(
        ["challenger", "incumbent"],
        decision(
            "challenger",
            {"in": decision("incumbent", {"acquiesce": (2, 1), "fight": (0, 0)}), "out": (1, 2)},
        ),
    )


def pennies_after_entry() -> GameTree:
    return GameTree.build(
        ["1", "2"],
        decision(
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


def centipede(periods: int) -> GameTree:
    node: Any = (periods + 1, periods)
    for t in range(periods - 1, -1, -1):
        node = decision("AB"[t % 2], {"stop": (t + 2, t), "go": node})
    return GameTree.build(["A", "B"], node)


def test_known_lookups_of_the_entry_game() -> None:
    # nodes, breadth first: 0 root, 1 incumbent, 2 out, 3 acquiesce, 4 fight
    ix = entry_game().index
    assert ix.levels == ((0, 1), (1, 3), (3, 5))
    assert ix.depth.tolist() == [0, 1, 1, 2, 2]
    assert ix.action_index.tolist() == [-1, 0, 1, 0, 1]
    assert ix.decision_nodes.tolist() == [0, 1]
    assert ix.has_chance is False
    assert ix.long_and_thin is False
    assert ix.infoset_first.tolist() == [0, 1]
    assert ix.infoset_sizes.tolist() == [1, 1]
    assert dict(ix.infoset_by_name) == {"challenger@": 0, "incumbent@in": 1}
    assert ix.subgame_roots.tolist() == [0, 1]
    # payoff rows in node order: out (1, 2), acquiesce (2, 1), fight (0, 0)
    assert ix.rank_keys.tolist() == [[1, 2], [2, 1], [0, 0]]
    assert [c.tolist() for c in ix.rank_columns] == [[1, 2, 0], [2, 1, 0]]
    deepest, top = ix.level_blocks
    assert isinstance(deepest, LevelBlock)
    assert (deepest.nodes.tolist(), deepest.lo, deepest.hi, deepest.mover) == ([1], 3, 5, 1)
    assert (top.nodes.tolist(), top.counts.tolist(), top.branching, top.mover) == ([0], [2], 2, 0)
    moves = ix.decision_moves
    assert moves.children.tolist() == [1, 2, 3, 4]
    assert moves.parents.tolist() == [0, 0, 1, 1]
    assert moves.movers.tolist() == [0, 0, 1, 1]
    assert moves.child_at.tolist() == [2, 4, 7, 9]


def test_information_sets_and_chance() -> None:
    ix = pennies_after_entry().index
    assert ix.infoset_sizes.tolist() == [1, 1, 2]
    assert ix.subgame_roots.tolist() == [0, 2]
    coin = GameTree.build(["A"], chance({"h": (F(1, 3), (1,)), "t": (F(2, 3), (0,))}))
    assert coin.index.has_chance is True
    assert coin.index.decision_nodes.tolist() == []


def test_the_index_is_read_only() -> None:
    t = pennies_after_entry()
    ix = t.index
    with pytest.raises(AttributeError, match="read-only"):
        ix.levels = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        ix.rank_keys_by_solver = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="read-only"):
        del ix.levels
    for name in ("depth", "action_index", "decision_nodes", "infoset_first", "subgame_roots"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(ix, name)[0] = 5
    with pytest.raises(ValueError, match="read-only"):
        ix.level_blocks[0].nodes[0] = 0
    with pytest.raises(TypeError):
        ix.infoset_by_name["new"] = 9  # type: ignore[index]
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        t.graph.add_node(99)
    # the tree's list of levels is a copy: changing it changes nothing
    lv = t.levels()
    lv.clear()
    assert t.levels() == list(ix.levels) != []


@pytest.mark.parametrize("tree", [entry_game(), pennies_after_entry(), centipede(200)])
def test_solvers_only_read_the_index(tree: GameTree) -> None:
    # everything the index holds after solving is one of its declared lookups, built by it
    dm.subgame_perfect(tree)
    dm.subgame_perfect(tree.as_float())
    built = {k for k in vars(tree.index) if k != "_tree"}
    assert built
    assert built <= LOOKUPS


def test_long_and_thin() -> None:
    long = centipede(200)
    assert long.index.long_and_thin is True
    assert long.n_nodes == 401
    assert len(long.index.levels) == 201  # > 64 + 401 // 32 = 76
    # the same answer when the levels were listed first
    again = centipede(200)
    _ = again.index.levels
    assert again.index.long_and_thin is True
    bushy = GameTree.build(
        ["A"], decision("A", {str(i): decision("A", {"x": (i,), "y": (0,)}) for i in range(9)})
    )
    assert bushy.index.long_and_thin is False


def test_pickling_drops_the_lookups() -> None:
    t = pennies_after_entry()
    _ = t.index.subgame_roots, t.graph
    u = pickle.loads(pickle.dumps(t))
    assert u == t
    assert {k for k in vars(u.index) if k != "_tree"} == set()
    assert u.index.subgame_roots.tolist() == [0, 2]
    assert u.index is not t.index


def test_symbolic_trees_have_no_ranks() -> None:
    x = sympy.Symbol("x")
    t = GameTree.build(["A"], decision("A", {"a": (x,), "b": (0,)}))
    with pytest.raises(InvalidGameError, match="symbolic"):
        _ = t.index.rank_keys


@given(
    st.lists(
        st.tuples(
            st.fractions(min_value=-10, max_value=10), st.fractions(min_value=-10, max_value=10)
        ),
        min_size=2,
        max_size=8,
    )
)
def test_ranks_order_like_the_payoffs(payoffs: list[tuple[F, F]]) -> None:
    t = GameTree.build(["A", "B"], decision("A", {str(i): p for i, p in enumerate(payoffs)}))
    keys = t.index.rank_keys
    pay = t.payoffs
    assert keys.dtype == np.int64
    for p in range(2):
        for a in range(len(payoffs)):
            for b in range(len(payoffs)):
                assert (keys[a, p] > keys[b, p]) == (pay[a, p] > pay[b, p])
                assert (keys[a, p] == keys[b, p]) == (pay[a, p] == pay[b, p])
