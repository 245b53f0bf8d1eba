"""Subgame-perfect equilibria: textbook trees, random trees, symbolic conditions, bad input."""

from __future__ import annotations

import itertools
from fractions import Fraction as F
from typing import Any
from unittest import mock

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.errors import InvalidParameterError, SolverError, UnsupportedGameError
from dealmodels.games.extensive_form import CHANCE, DECISION, GameTree, chance, decision
from dealmodels.solvers.backward import (
    _path_and_choices,
    all_subgame_perfect,
    evaluate_behaviour,
    subgame_perfect,
    symbolic_backward_induction,
)


# -- textbook trees -------------------------------------------------------------------------
def entry_deterrence() -> GameTree:
    # Osborne (2004), An Introduction to Game Theory, sec. 5.1, Fig. 154.1: SPE (In, Acquiesce).
    return GameTree.build(
        ["challenger", "incumbent"],
        decision(
            "challenger",
            {"in": decision("incumbent", {"acquiesce": (2, 1), "fight": (0, 0)}), "out": (1, 2)},
        ),
    )


def centipede(n: int = 6) -> GameTree:
    # Osborne (2004), sec. 5.7, Fig. 183.1 (six periods): stopping payoffs
    # (2,0), (1,3), (4,2), (3,5), (6,4), (5,7); continuing at the end gives (8,6).
    # Unique SPE: each player stops at every node, so player 1 stops at once.
    stops = [(2, 0), (1, 3), (4, 2), (3, 5), (6, 4), (5, 7)][:n]
    node: Any = (8, 6) if n == 6 else (stops[-1][0] + 3, stops[-1][1] - 1)
    for t in range(n - 1, -1, -1):
        node = decision("1" if t % 2 == 0 else "2", {"stop": stops[t], "continue": node})
    return GameTree.build(["1", "2"], node)


def ultimatum(pie: int = 4) -> GameTree:
    # Osborne (2004), sec. 6.1.1: discrete ultimatum game with pie `pie`; the proposer offers
    # x in {0..pie} to the responder. Two SPE: offer 0 (accepted) and offer 1 (0 rejected).
    return GameTree.build(
        ["proposer", "responder"],
        decision(
            "proposer",
            {
                str(x): decision("responder", {"accept": (pie - x, x), "reject": (0, 0)})
                for x in range(pie + 1)
            },
        ),
    )


def trust_game() -> GameTree:
    # Kreps (1990), A Course in Microeconomic Theory, Fig. 14.1 style trust game: the
    # investor trusts or not; a trusted trustee honours (1, 1) or abuses (-1, 2); no trust
    # gives (0, 0). SPE: the trustee abuses, so the investor does not trust.
    return GameTree.build(
        ["investor", "trustee"],
        decision(
            "investor",
            {
                "trust": decision("trustee", {"honour": (1, 1), "abuse": (-1, 2)}),
                "no trust": (0, 0),
            },
        ),
    )


def chance_tree() -> GameTree:
    # A seller of unknown quality: nature draws good (1/3) or bad (2/3); the seller (knowing
    # it) sells or keeps. Good: sell (3, 1), keep (1, 0). Bad: sell (-1, -2), keep (0, 0).
    # SPE: sell iff good; expected payoffs (1/3*3 + 2/3*0, 1/3*1) = (1, 1/3).
    return GameTree.build(
        ["seller", "buyer"],
        chance(
            {
                "good": (F(1, 3), decision("seller", {"sell": (3, 1), "keep": (1, 0)})),
                "bad": (F(2, 3), decision("seller", {"sell": (-1, -2), "keep": (0, 0)})),
            }
        ),
    )


def m4_numeric(x: int, K: int, w: int = 10, oA: int = 2, oD: int = 1) -> GameTree:
    # Model M4: developer offers x; AI works or takes its outside option (o_D, o_A);
    # the developer honours (w - x, x) or reneges (w - K, 0).
    return GameTree.build(
        ["developer", "AI"],
        decision(
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
                ),
                "no offer": (oD, oA),
            },
        ),
    )


KNOWN = [
    ("osborne2004-entry", entry_deterrence(), ("in", "acquiesce"), (2, 1)),
    ("osborne2004-centipede", centipede(), ("stop",), (2, 0)),
    ("osborne2004-ultimatum", ultimatum(), ("0", "accept"), (4, 0)),
    ("kreps1990-trust", trust_game(), ("no trust",), (0, 0)),
    ("chance-seller", chance_tree(), ("good", "bad", "sell", "keep"), (1, F(1, 3))),
    ("m4-credible", m4_numeric(x=2, K=3), ("offer", "work", "honour"), (8, 2)),
    # x > K: the developer would renege, so the AI takes its outside option; the developer is
    # then indifferent between offering and not, and the tie rule picks "offer" (listed first)
    ("m4-not-credible", m4_numeric(x=4, K=3), ("offer", "outside"), (1, 2)),
]


@pytest.mark.parametrize(
    ("tree", "path", "payoffs"), [k[1:] for k in KNOWN], ids=[k[0] for k in KNOWN]
)
def test_known_spe(tree: GameTree, path: tuple[str, ...], payoffs: tuple[Any, ...]) -> None:
    r = subgame_perfect(tree)
    assert r.path_actions == path
    assert tuple(r.payoffs) == payoffs
    assert r.is_pure
    assert r.method == "backward_induction"
    # the float tree gives the same answer
    rf = subgame_perfect(tree.as_float())
    assert rf.path_actions == path
    assert rf.payoffs == pytest.approx([float(p) for p in payoffs])


def test_entry_strategies() -> None:
    r = subgame_perfect(entry_deterrence())
    assert r.strategies() == {
        "challenger@": {"in": 1, "out": 0},
        "incumbent@in": {"acquiesce": 1, "fight": 0},
    }
    assert r.strategy("incumbent@in") == {"acquiesce": 1, "fight": 0}
    assert r.values[1].tolist() == [2, 1]
    assert r.choices.tolist() == [0, 0]


def test_centipede_stops_everywhere() -> None:
    r = subgame_perfect(centipede())
    assert all(s["stop"] == 1 for s in r.strategies().values())
    assert len(all_subgame_perfect(centipede())) == 1


def test_ultimatum_has_two_spe() -> None:
    # Osborne (2004), sec. 6.1.1: the responder is indifferent at offer 0.
    spe = all_subgame_perfect(ultimatum())
    assert sorted(r.path_actions for r in spe) == [("0", "accept"), ("1", "accept")]
    assert sorted(tuple(r.payoffs) for r in spe) == [(3, 1), (4, 0)]
    # the tie rule (first action: accept) picks the first of them
    assert subgame_perfect(ultimatum()).path_actions == ("0", "accept")


def test_tie_rule_follows_label_order() -> None:
    t = GameTree.build(["A"], decision("A", {"x": (1,), "y": (1,)}))
    u = GameTree.build(["A"], decision("A", {"y": (1,), "x": (1,)}))
    assert subgame_perfect(t).path_actions == ("x",)
    assert subgame_perfect(u).path_actions == ("y",)
    assert len(all_subgame_perfect(t)) == 2


def test_float_tolerance_ties() -> None:
    t = GameTree.build(["A"], decision("A", {"x": (0.3,), "y": (0.1 + 0.2,)}))
    assert subgame_perfect(t).path_actions == ("x",)
    assert subgame_perfect(t, tol=0.0).path_actions == ("y",)


def test_chance_path_and_values() -> None:
    r = subgame_perfect(chance_tree())
    assert r.path == (0, 1, 2, 3, 6)
    assert r.strategies() == {
        "seller@good": {"sell": 1, "keep": 0},
        "seller@bad": {"sell": 0, "keep": 1},
    }


def test_non_uniform_branching_and_mixed_movers() -> None:
    # levels with different child counts and both players moving take the general path
    t = GameTree.build(
        ["A", "B"],
        decision(
            "A",
            {
                "a": decision("B", {"x": (1, 5), "y": (2, 3), "z": (0, 9)}),
                "b": decision("A", {"u": (3, 0), "v": (4, 1)}),
                "c": (2, 2),
            },
        ),
    )
    r = subgame_perfect(t)
    assert r.path_actions == ("b", "v")
    assert tuple(r.payoffs) == (4, 1)
    assert r.strategy("B@a") == {"x": 0, "y": 0, "z": 1}


# -- imperfect information -------------------------------------------------------------------
def test_pennies_subgame_solved_by_nash() -> None:
    t = GameTree.build(
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
    r = subgame_perfect(t)
    assert r.method == "normal_form"
    assert r.strategy("1@in") == {"H": F(1, 2), "T": F(1, 2)}
    assert r.strategy("2") == {"h": F(1, 2), "t": F(1, 2)}
    assert r.values[2].tolist() == [0, 0]
    assert r.path_actions == ("out",)
    assert tuple(r.payoffs) == (F(1, 2), 0)
    assert not r.is_pure


def test_prisoners_dilemma_subgame() -> None:
    # Player 1 may take a sure (2, 0) or play a prisoner's dilemma, whose only equilibrium
    # (D, D) gives (1, 1): the SPE takes the sure payoff.
    pd = {
        "C": decision("2", {"c": (3, 3), "d": (0, 4)}, infoset="b"),
        "D": decision("2", {"c": (4, 0), "d": (1, 1)}, infoset="b"),
    }
    t = GameTree.build(["1", "2"], decision("1", {"play": decision("1", pd), "sure": (2, 0)}))
    r = subgame_perfect(t)
    assert r.path_actions == ("sure",)
    assert r.strategy("b") == {"c": 0, "d": 1}
    assert r.strategy("1@play") == {"C": 0, "D": 1}


def test_perfect_information_part_inside_imperfect_tree() -> None:
    t = GameTree.build(
        ["1", "2"],
        decision(
            "1",
            {
                "L": decision(
                    "2",
                    {"l": (1, 1), "r": decision("1", {"a": (0, 3), "b": (2, 2)})},
                ),
                "R": decision(
                    "1",
                    {
                        "H": decision("2", {"h": (3, 0), "t": (0, 3)}, infoset="m"),
                        "T": decision("2", {"h": (0, 3), "t": (3, 0)}, infoset="m"),
                    },
                ),
            },
        ),
    )
    r = subgame_perfect(t)
    # L subgame: 1 picks b (2 > 0), so 2 picks r (2 > 1): value (2, 2). R: pennies, value 1.5
    assert r.values[t.find("L")].tolist() == [2, 2]
    assert r.values[t.find("R")].tolist() == [F(3, 2), F(3, 2)]
    assert r.path_actions == ("L", "r", "b")


def test_imperfect_recall_subgame_unsupported() -> None:
    t = GameTree.build(
        ["A", "B"],
        decision(
            "A",
            {
                "l": decision("A", {"x": (1, 0), "y": (0, 0)}, infoset="h"),
                "r": decision("A", {"x": (0, 0), "y": (1, 0)}, infoset="h"),
            },
        ),
    )
    with pytest.raises(UnsupportedGameError, match="perfect recall"):
        subgame_perfect(t)


# -- symbolic ------------------------------------------------------------------------------
def test_m4_credibility_condition_comes_out_of_the_tree() -> None:
    x, K, w, oA, oD = sympy.symbols("x K w o_A o_D", positive=True)
    m4 = GameTree.build(
        ["developer", "AI"],
        decision(
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
                ),
                "no offer": (oD, oA),
            },
        ),
    )
    res = symbolic_backward_induction(m4)
    honour = res.condition("developer@offer/work", "honour")
    assert honour == sympy.Ge(K, x)  # honour iff x <= K
    renege = res.conditions["developer@offer/work"]["renege"]
    # the two conditions partition the parameter space and agree with the numeric solver
    rng = np.random.default_rng(1)
    for _ in range(30):
        vals = dict(zip((x, K, w, oA, oD), rng.integers(1, 8, size=5).tolist(), strict=True))
        numeric = subgame_perfect(m4.subs({str(s): v for s, v in vals.items()}))
        chosen = numeric.strategy("developer@offer/work")["honour"] == 1
        assert bool(honour.subs(vals)) is chosen
        assert bool(renege.subs(vals)) is not chosen
        path = "/".join(numeric.path_actions)
        assert bool(res.outcomes[path].subs(vals)) is True
        pay = tuple(p.subs(vals) for p in res.payoffs())
        assert pay == tuple(numeric.payoffs)
    # cooperation iff o_A <= x <= K and the developer gains (model M4)
    coop = res.outcomes["offer/work/honour"]
    assert bool(coop.subs({x: 2, K: 3, oA: 2, w: 10, oD: 1}))
    assert not bool(coop.subs({x: 4, K: 3, oA: 2, w: 10, oD: 1}))
    # the conditions are plain sympy Booleans that dm.Condition wraps and vectorizes
    cond = dm.Condition(coop)
    held = cond.holds(x=np.array([2, 4, 2]), K=3, o_A=2, w=np.array([10, 10, 2]), o_D=1)
    assert held.tolist() == [True, False, False]


def test_symbolic_with_chance() -> None:
    p, g = sympy.symbols("p g", positive=True)
    t = GameTree.build(
        ["A"],
        decision("A", {"safe": (1,), "gamble": chance({"win": (p, (g,)), "lose": (1 - p, (0,))})}),
    )
    res = symbolic_backward_induction(t)
    cond = res.condition("A@", "gamble")
    assert bool(cond.subs({p: F(1, 2), g: 3}))
    assert not bool(cond.subs({p: F(1, 4), g: 3}))
    with pytest.raises(UnsupportedGameError, match="depends on the parameters"):
        subgame_perfect(t)


def test_decided_symbolic_tree() -> None:
    a = sympy.Symbol("a", positive=True)
    t = GameTree.build(["A"], decision("A", {"low": (-a,), "high": (a,)}))
    r = subgame_perfect(t)
    assert r.path_actions == ("high",)
    assert tuple(r.payoffs) == (a,)


# -- random trees -------------------------------------------------------------------------------
@st.composite
def perfect_information_trees(draw: Any, *, max_depth: int = 3, exact: bool = True) -> GameTree:
    players = ["A", "B"]
    counter = itertools.count()

    def node(depth: int) -> Any:
        if depth == max_depth or draw(st.integers(0, 3)) == 0:
            if exact:
                return tuple(draw(st.integers(-3, 3)) for _ in players)
            return tuple(draw(st.sampled_from([0.0, 0.5, 1.0, 2.0])) for _ in players)
        k = draw(st.integers(1, 3))
        if draw(st.integers(0, 4)) == 0:
            w = [draw(st.integers(1, 3)) for _ in range(k)]
            probs = [F(x, sum(w)) if exact else x / sum(w) for x in w]
            return chance({f"c{next(counter)}": (pr, node(depth + 1)) for pr in probs})
        return decision(
            draw(st.sampled_from(players)),
            {f"a{j}": node(depth + 1) for j in range(k)},
        )

    return GameTree.build(players, node(0))


def _naive_values(tree: GameTree, behaviour: np.ndarray, v: int = 0) -> tuple[Any, ...]:
    kids = tree.children(v)
    if len(kids) == 0:
        return tree.payoffs_at(v)
    parts = [_naive_values(tree, behaviour, c) for c in kids]
    return tuple(
        sum((behaviour[c] * part[i] for c, part in zip(kids, parts, strict=True)), start=0)
        for i in range(tree.n_players)
    )


def _one_shot_deviation_free(tree: GameTree, r: Any, tol: float | None = None) -> bool:
    """No player gains more than ``tol`` by changing its action at one node.

    By default 0 for exact trees and, for float trees, subgame_perfect's own tie tolerance:
    1e-12 times the largest absolute payoff (0.9999999999999999 against 1.0 is a tie).
    """
    if tol is None:
        top = float(np.max(np.abs(tree.payoffs.astype(float)), initial=0.0))
        tol = 1e-12 * top if tree.kind == "float" else 0.0
    for v in np.flatnonzero(tree.node_kind == DECISION).tolist():
        i = int(tree.node_player[v])
        kids = list(tree.children(v))
        chosen = [c for c in kids if r.behaviour[c] == 1]
        if len(chosen) != 1:
            return False
        best = max(r.values[c][i] for c in kids)
        if r.values[chosen[0]][i] < (best - tol if tol else best):  # exact stays exact
            return False
    return True


@given(perfect_information_trees())
def test_random_spe_is_consistent(tree: GameTree) -> None:
    r = subgame_perfect(tree)
    # payoffs equal those of the profile found (independent recursion)
    assert tuple(r.payoffs) == _naive_values(tree, r.behaviour)
    assert r.values[0].tolist() == r.payoffs.tolist()
    # no profitable one-shot deviation anywhere (= subgame perfection, finite horizon)
    assert _one_shot_deviation_free(tree, r)
    # the path followed from the root equals the nodes reached with positive probability
    path, choices = _path_and_choices(tree, r.behaviour)
    assert path == r.path
    assert np.array_equal(choices, r.choices)
    # every pure SPE is enumerated and the tie-rule one is among them
    allr = all_subgame_perfect(tree)
    assert any(np.array_equal(a.behaviour, r.behaviour) for a in allr)
    assert all(_one_shot_deviation_free(tree, a) for a in allr)


@given(perfect_information_trees(max_depth=3))
def test_random_spe_is_nash_of_normal_form(tree: GameTree) -> None:
    r = subgame_perfect(tree)
    game = tree.to_normal_form()
    profile = []
    for i in range(tree.n_players):
        strategies = tree.reduced_strategies(i)
        match = [
            j for j, s in enumerate(strategies) if all(r.choices[k] == a for k, a in s.items())
        ]
        assert len(match) == 1
        profile.append(match[0])
    assert game.payoff_profile(profile) == tuple(r.payoffs)
    assert dm.is_nash(game, profile)


@given(perfect_information_trees(exact=False))
def test_random_float_trees(tree: GameTree) -> None:
    r = subgame_perfect(tree)
    assert r.payoffs == pytest.approx(_naive_values(tree, r.behaviour))
    assert _one_shot_deviation_free(tree, r)
    np.testing.assert_allclose(
        evaluate_behaviour(tree, r.behaviour).astype(float), r.values.astype(float)
    )


@given(perfect_information_trees(max_depth=2))
def test_exact_and_float_agree(tree: GameTree) -> None:
    e = subgame_perfect(tree)
    f = subgame_perfect(tree.as_float(), tol=1e-9)
    assert f.payoffs == pytest.approx([float(x) for x in e.payoffs])


def test_large_tree_vectorized_matches_naive() -> None:
    rng = np.random.default_rng(3)
    leaves = iter(rng.integers(0, 50, size=(3**7, 2)).tolist())

    def mk(d: int, p: int) -> Any:
        if d == 0:
            return tuple(next(leaves))
        return decision("AB"[p], {str(k): mk(d - 1, 1 - p) for k in range(3)})

    tree = GameTree.build(["A", "B"], mk(7, 0))
    r = subgame_perfect(tree)
    assert _one_shot_deviation_free(tree, r)
    assert np.array_equal(r.values, subgame_perfect(tree.as_float()).values.astype(int))
    assert CHANCE not in tree.node_kind


# -- bad input -----------------------------------------------------------------------------------
BAD = [
    ("not a tree", lambda: subgame_perfect("tree"), InvalidParameterError, "tree"),
    (
        "negative tol",
        lambda: subgame_perfect(entry_deterrence(), tol=-1.0),
        InvalidParameterError,
        "tol",
    ),
    (
        "max_count",
        lambda: all_subgame_perfect(entry_deterrence(), max_count=0),
        InvalidParameterError,
        "max_count",
    ),
    (
        "too many SPE",
        lambda: all_subgame_perfect(
            GameTree.build(["A"], decision("A", {str(i): (0,) for i in range(5)})), max_count=3
        ),
        SolverError,
        "max_count",
    ),
    (
        "all_spe imperfect",
        lambda: all_subgame_perfect(
            GameTree.build(
                ["A", "B"],
                decision(
                    "A",
                    {
                        "l": decision("B", {"x": (0, 0)}, infoset="h"),
                        "r": decision("B", {"x": (0, 0)}, infoset="h"),
                    },
                ),
            )
        ),
        UnsupportedGameError,
        "perfect-information",
    ),
    (
        "all_spe symbolic",
        lambda: all_subgame_perfect(GameTree.build(["A"], (sympy.Symbol("a"),))),
        UnsupportedGameError,
        "numeric",
    ),
    (
        "symbolic imperfect",
        lambda: symbolic_backward_induction(
            GameTree.build(
                ["A", "B"],
                decision(
                    "A",
                    {
                        "l": decision("B", {"x": (0, 0)}, infoset="h"),
                        "r": decision("B", {"x": (0, 0)}, infoset="h"),
                    },
                ),
            )
        ),
        UnsupportedGameError,
        "perfect information",
    ),
    (
        "bad infoset name",
        lambda: subgame_perfect(entry_deterrence()).strategy("nobody"),
        InvalidParameterError,
        "infoset",
    ),
    (
        "bad infoset index",
        lambda: subgame_perfect(entry_deterrence()).strategy(7),
        InvalidParameterError,
        "infoset",
    ),
    (
        "bad condition",
        lambda: symbolic_backward_induction(entry_deterrence()).condition("x", "y"),
        InvalidParameterError,
        "infoset",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()


def test_result_is_frozen() -> None:
    r = subgame_perfect(entry_deterrence())
    with pytest.raises(AttributeError):
        r.payoffs = (0, 0)  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        r.behaviour[0] = 0


@st.composite
def imperfect_information_trees(draw: Any) -> GameTree:
    """A moves, B moves without seeing it, then A may move again knowing only her own move."""
    ka = draw(st.integers(1, 3))
    kb = draw(st.integers(1, 3))
    second = draw(st.booleans())

    def pay() -> tuple[int, int]:
        return (draw(st.integers(-3, 3)), draw(st.integers(-3, 3)))

    def after(i: int) -> Any:
        if second and draw(st.booleans()):
            return decision("A", {"u": pay(), "d": pay()}, infoset=f"a{i}")
        return pay()

    root = decision(
        "A",
        {
            f"x{i}": decision("B", {f"y{j}": after(i) for j in range(kb)}, infoset="b")
            for i in range(ka)
        },
    )
    if draw(st.booleans()):
        root = decision("B", {"enter": root, "stay": pay()})
    return GameTree.build(["A", "B"], root)


def _mixed_strategies(tree: GameTree, r: Any) -> list[np.ndarray]:
    out = []
    for i in range(tree.n_players):
        probs = []
        for s in tree.reduced_strategies(i):
            p: Any = F(1)
            for k, a in s.items():
                p *= F(r.strategy(k)[tree.infoset_actions[k][a]])
            probs.append(p)
        out.append(np.array(probs, dtype=object))
    return out


@given(imperfect_information_trees())
def test_imperfect_information_spe_is_nash_and_consistent(tree: GameTree) -> None:
    assert tree.is_perfect_recall()
    r = subgame_perfect(tree)
    assert tuple(r.payoffs) == _naive_values(tree, r.behaviour)
    game = tree.to_normal_form()
    mixed = _mixed_strategies(tree, r)
    assert all(sum(m) == 1 for m in mixed)
    assert game.expected_payoffs(mixed).tolist() == r.payoffs.tolist()
    assert dm.is_nash(game, mixed)
    # behaviour is the same at every node of an information set
    for k in range(tree.n_infosets):
        nodes = tree.infoset_nodes(k).tolist()
        blocks = [tuple(r.behaviour[list(tree.children(v))]) for v in nodes]
        assert len(set(blocks)) == 1


def _solve_with(tree: GameTree, deep: bool, **kwargs: Any) -> Any:
    """subgame_perfect with the node-by-node (deep) or the level-by-level pass forced."""
    import dealmodels.solvers.backward as backward

    with mock.patch.object(backward, "_is_deep", return_value=deep):
        return subgame_perfect(tree, **kwargs)


@given(perfect_information_trees(max_depth=4))
def test_sequential_and_level_kernels_agree(tree: GameTree) -> None:
    a, b = _solve_with(tree, False), _solve_with(tree, True)
    assert np.array_equal(a.behaviour, b.behaviour)
    assert np.array_equal(a.values, b.values)  # exact: identical
    assert a.path == b.path
    f = tree.as_float()
    a, b = _solve_with(f, False, tol=1e-9), _solve_with(f, True, tol=1e-9)
    np.testing.assert_allclose(a.values, b.values, rtol=1e-12, atol=1e-12)


def test_long_centipede_uses_the_sequential_kernel() -> None:
    node: Any = (501, 500)
    for t in range(499, -1, -1):
        node = decision(
            "AB"[t % 2], {"stop": (t + 2, t) if t % 2 == 0 else (t, t + 2), "go": node}
        )
    tree = GameTree.build(["A", "B"], node)
    r = subgame_perfect(tree)
    assert tree.index.long_and_thin is True
    assert r.path_actions == ("stop",)
    assert tuple(r.payoffs) == (2, 0)
    assert tuple(_solve_with(tree, False).payoffs) == (2, 0)


@pytest.mark.parametrize("as_float", [False, True])
def test_verification_catches_a_wrong_kernel(
    monkeypatch: pytest.MonkeyPatch, as_float: bool
) -> None:
    import dealmodels.solvers.backward as backward

    def always_first(own: Any, counts: Any, *args: Any) -> Any:
        return np.zeros(len(counts), dtype=np.int64)

    monkeypatch.setattr(backward, "_first_best", always_first)
    tree = entry_deterrence()
    tree = tree.as_float() if as_float else tree
    bad = GameTree.build(["A"], decision("A", {"worse": (0,), "better": (1,)}))
    with pytest.raises(SolverError, match="failed verification"):
        subgame_perfect(bad.as_float() if as_float else bad)
    assert subgame_perfect(tree).payoffs == pytest.approx((2, 1))


# -- every result is verified, whichever pass solved it --------------------------------------
def _long_centipede(periods: int, *, with_chance: bool = False) -> GameTree:
    """Rosenthal's centipede with ``periods`` moves: stopping at period t gives the mover
    t + 2 and the other t, so each mover stops (Osborne 2004, sec. 5.7); ``with_chance``
    puts a fair coin in front of the last period (payoffs unchanged: both branches equal)."""
    node: Any = (periods + 1, periods)
    if with_chance:
        node = chance({"heads": (F(1, 2), node), "tails": (F(1, 2), node)})
    for t in range(periods - 1, -1, -1):
        stop = (t + 2, t) if t % 2 == 0 else (t, t + 2)
        node = decision("AB"[t % 2], {"stop": stop, "go": node})
    return GameTree.build(["A", "B"], node)


def _record_verifier(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    import dealmodels.solvers.backward as backward

    calls: list[Any] = []
    real = backward._verify_no_better_child

    def recording(tree: GameTree, values: Any, tol: float, rows: Any = None) -> None:
        calls.append(rows)
        real(tree, values, tol, rows)

    monkeypatch.setattr(backward, "_verify_no_better_child", recording)
    return calls


@pytest.mark.parametrize("with_chance", [False, True])
@pytest.mark.parametrize("kind", ["exact", "float"])
def test_the_200_period_centipede_is_verified(
    monkeypatch: pytest.MonkeyPatch, kind: str, with_chance: bool
) -> None:
    # the regression: deep exact trees take the sequential pass, whose result used to return
    # unverified (the check read a cache entry only the level-by-level pass wrote)
    import dealmodels.solvers.backward as backward

    tree = _long_centipede(200, with_chance=with_chance)
    tree = tree.as_float() if kind == "float" else tree
    assert backward._is_deep(tree)
    calls = _record_verifier(monkeypatch)
    r = subgame_perfect(tree)
    assert r.path_actions == ("stop",)
    assert tuple(r.payoffs) == (2, 0)
    assert len(calls) == 1
    # trees without chance are checked on payoff rows, the others on values
    assert (calls[0] is not None) == (not with_chance)


@pytest.mark.parametrize("deep", [False, True])
@pytest.mark.parametrize("kind", ["exact", "float"])
def test_both_passes_are_verified(monkeypatch: pytest.MonkeyPatch, kind: str, deep: bool) -> None:
    tree = centipede() if kind == "exact" else centipede().as_float()
    calls = _record_verifier(monkeypatch)
    r = _solve_with(tree, deep)
    assert r.path_actions == ("stop",)
    assert len(calls) == 1


def test_all_subgame_perfect_verifies_every_result(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record_verifier(monkeypatch)
    t = GameTree.build(
        ["A", "B"], decision("A", {"l": (1, 1), "r": decision("B", {"x": (0, 1), "y": (2, 1)})})
    )
    assert len(all_subgame_perfect(t)) == 2
    assert len(calls) == 2


def _corrupt_last_choice(kernel: Any) -> Any:
    """Wrap a backward pass so that the deepest decision node plays its other action."""

    def corrupted(tree: GameTree, tol: float) -> Any:
        behaviour, values, choice, rows = kernel(tree, tol)
        v = int(np.flatnonzero(tree.node_kind == DECISION)[-1])
        f = int(tree.first_child[v])
        j = 1 - int(choice[v])
        behaviour, values, choice = behaviour.copy(), values.copy(), choice.copy()
        behaviour[f + choice[v]], behaviour[f + j] = behaviour[f + j], behaviour[f + choice[v]]
        choice[v] = j
        values[v] = values[f + j]
        if rows is not None:
            rows = rows.copy()
            rows[v] = rows[f + j]
        return behaviour, values, choice, rows

    return corrupted


@pytest.mark.parametrize("kind", ["exact", "float"])
@pytest.mark.parametrize("deep", [False, True])
def test_verification_catches_a_wrong_pass(
    monkeypatch: pytest.MonkeyPatch, kind: str, deep: bool
) -> None:
    import dealmodels.solvers.backward as backward

    name = "_backward_sequential" if deep else "_backward_pure"
    monkeypatch.setattr(backward, name, _corrupt_last_choice(getattr(backward, name)))
    tree = _long_centipede(200) if deep else centipede()
    tree = tree.as_float() if kind == "float" else tree
    assert backward._is_deep(tree) is deep
    with pytest.raises(SolverError, match="failed verification"):
        subgame_perfect(tree)


@pytest.mark.parametrize("c", [1e-300, 1e-200, 1e-12, 1.0, 1e12, 1e300])
def test_ties_are_relative_to_the_payoff_scale(c: float) -> None:
    # the first action is worse: at every scale the better one is played (an absolute
    # tolerance of 1e-12 tied them below 1e-12 and played the first)
    from dealmodels.games.extensive_form import GameTree, decision
    from dealmodels.solvers.backward import all_subgame_perfect, subgame_perfect

    t = GameTree.build(players=["A", "B"], root=decision("A", {
        "a": (0.0, 0.0), "b": decision("B", {"x": (c, 0.0), "y": (2 * c, c)})}))  # fmt: skip
    assert subgame_perfect(t).path_actions == ("b", "y")
    assert [r.path_actions for r in all_subgame_perfect(t)] == [("b", "y")]


@pytest.mark.parametrize("exact", [True, False])
def test_subgames_solved_through_the_normal_form_are_verified(
    exact: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # matching pennies behind an outside option: a wrong conversion of the normal-form
    # equilibrium to behaviour (here: both players' first action) must be caught
    from dealmodels.errors import SolverError
    from dealmodels.games.extensive_form import GameTree, decision
    from dealmodels.solvers import backward
    from dealmodels.solvers.backward import subgame_perfect

    one = F(1) if exact else 1.0
    t = GameTree.build(["1", "2"], decision("1", {
        "out": (one / 2, 0 * one),
        "in": decision("1", {
            "H": decision("2", {"h": (one, -one), "t": (-one, one)}, infoset="2"),
            "T": decision("2", {"h": (-one, one), "t": (one, -one)}, infoset="2"),
        }),
    }))  # fmt: skip
    assert tuple(subgame_perfect(t).payoffs) == (one / 2, 0)

    def first_actions(sub, mixed):  # type: ignore[no-untyped-def]
        return backward._pure_behaviour(
            sub, np.zeros(int(np.sum(sub.node_kind == backward.DECISION)), np.int64)
        )

    monkeypatch.setattr(backward, "_behaviour_from_mixed", first_actions)
    with pytest.raises(SolverError, match="not verified"):
        subgame_perfect(t)


def test_the_verification_slack_at_the_top_of_the_float_range_warns_nothing() -> None:
    # mine + slack overflows to inf at the largest float: no deviation is better than inf,
    # and numpy's overflow warning must not reach the user (seen in the engine harness's
    # repeated deal)
    import warnings

    top = float(np.finfo(float).max)
    tree = GameTree.build(
        ["a", "b"],
        decision("a", {"x": decision("b", {"y": (top, top), "z": (1.0, 1.0)}),
                       "w": (0.0, 0.0)}),
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spe = subgame_perfect(tree, tol=0.0)
    assert spe.path_actions == ("x", "y")
