"""The sequence form: Kuhn poker, Gambit catalog trees, a signalling tree, random trees.

Every equilibrium is checked independently of the solver's own verification: the behaviour
profile is turned into mixed strategies over the reduced normal form
(:meth:`GameTree.to_normal_form`) and checked with :func:`dealmodels.is_nash` exactly (exact
trees) or within a tolerance.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.errors import InvalidParameterError, UnsupportedGameError
from dealmodels.games.extensive_form import GameTree, chance, decision
from dealmodels.io.efg import read_efg
from dealmodels.solvers.backward import SubgamePerfectResult, evaluate_behaviour, subgame_perfect
from dealmodels.solvers.sequence_form import (
    SequenceFormEquilibrium,
    sequence_form,
    sequence_form_equilibrium,
    tree_nash_equilibria,
)
from tests.io.test_efg import PBRIDE


# -- helpers ----------------------------------------------------------------------------------
def random_tree(
    depth: int,
    *,
    seed: int,
    zero_sum: bool = False,
    exact: bool = True,
    p_chance: float = 0.15,
    p_observe: float = 0.5,
    actions: int = 2,
) -> GameTree:
    """A random two-player tree with perfect recall and imperfect information.

    The players alternate (chance nodes mixed in with probability ``p_chance``). A player's
    information set is its previous information set and action plus what it observes of the
    moves made since: the moves at each depth are seen with probability ``p_observe`` (drawn
    once per depth), so every node of a set has the same own history (perfect recall).
    Payoffs are integers in [-5, 5] (plus a random fraction for the first player when
    ``exact=False``).
    """
    rng = np.random.default_rng(seed)
    seen = rng.random(depth + 1) < p_observe

    def pay() -> tuple[Any, Any]:
        a = int(rng.integers(-5, 6))
        b = -a if zero_sum else int(rng.integers(-5, 6))
        if exact:
            return (a, b)
        extra = 0.25 * float(rng.random())
        return (a + extra, -a - extra) if zero_sum else (a + extra, float(b))

    def node(d: int, mover: int, own: list[Any], since: list[list[str]]) -> Any:
        if d == depth:
            return pay()
        if rng.random() < p_chance:
            k = int(rng.integers(2, 4))
            return chance(
                [
                    (
                        f"c{j}",
                        Fraction(1, k),
                        node(
                            d + 1, mover, own, [[*s, f"c{j}" if seen[d] else "?"] for s in since]
                        ),
                    )
                    for j in range(k)
                ]
            )
        key = (mover, own[mover], tuple(since[mover]))
        kids = []
        for a in range(actions):
            lab = f"a{a}"
            own2 = list(own)
            own2[mover] = (key, lab)
            since2 = [list(s) for s in since]
            since2[mover] = []
            since2[1 - mover] = [*since2[1 - mover], lab if seen[d] else "?"]
            kids.append((lab, node(d + 1, 1 - mover, own2, since2)))
        return decision(str(mover), kids, infoset=repr(key))

    return GameTree.build(players=["0", "1"], root=node(0, 0, [None, None], [[], []]))


def mixed_from_behaviour(tree: GameTree, behaviour: Any) -> list[np.ndarray]:
    """Kuhn's realisation-equivalent mixed strategies over the reduced strategies."""
    exact = behaviour.dtype == object
    out = []
    for i in range(tree.n_players):
        probs = []
        for s in tree.reduced_strategies(i):
            p: Any = F(1) if exact else 1.0
            for k, a in s.items():
                v = int(tree.infoset_nodes(k)[0])
                p = p * behaviour[int(tree.first_child[v]) + a]
            probs.append(p)
        out.append(np.array(probs, dtype=object if exact else np.float64))
    return out


def assert_nash_on_normal_form(tree: GameTree, behaviour: Any, tol: float = 1e-7) -> None:
    game = tree.to_normal_form()
    strategies = mixed_from_behaviour(tree, behaviour)
    if tree.kind == "exact":
        assert dm.regret(game, strategies) == 0
    else:
        assert dm.regret(game, strategies) <= tol


# -- Kuhn poker ---------------------------------------------------------------------------------
def kuhn_poker() -> GameTree:
    """Kuhn's three-card poker (Kuhn 1950): ante 1, one bet of 1; J < Q < K."""
    cards = ["J", "Q", "K"]
    deals = {}
    for a, b in itertools.permutations(cards, 2):
        s = 1 if cards.index(a) > cards.index(b) else -1
        node = decision(
            "1",
            {
                "check": decision(
                    "2",
                    {
                        "check": (s, -s),
                        "bet": decision(
                            "1", {"fold": (-1, 1), "call": (2 * s, -2 * s)}, infoset=f"1{a}cb"
                        ),
                    },
                    infoset=f"2{b}c",
                ),
                "bet": decision("2", {"fold": (1, -1), "call": (2 * s, -2 * s)}, infoset=f"2{b}b"),
            },
            infoset=f"1{a}",
        )
        deals[a + b] = (F(1, 6), node)
    return GameTree.build(players=["1", "2"], root=chance(deals))


def test_kuhn_poker_value_and_strategies() -> None:
    # Kuhn (1950): the value to the first player is -1/18. The second player's optimal
    # strategy is unique: with K always bet or call; with Q check and call a bet with
    # probability 1/3; with J never call, and bet after a check with probability 1/3. The
    # first player's optimal strategies form a family: bet J with probability alpha in
    # [0, 1/3], bet K with 3 alpha, never bet Q and call with Q with probability alpha + 1/3.
    eq = sequence_form_equilibrium(kuhn_poker())
    assert tuple(eq.payoffs) == (F(-1, 18), F(1, 18))
    assert eq.zero_sum
    assert eq.regret == 0.0
    assert eq.method == "sequence_form_lp_exact"
    s = eq.strategies()
    assert s["2Kb"]["call"] == 1
    assert s["2Kc"]["bet"] == 1
    assert s["2Qb"]["call"] == F(1, 3)
    assert s["2Qc"]["bet"] == 0
    assert s["2Jb"]["call"] == 0
    assert s["2Jc"]["bet"] == F(1, 3)
    alpha = s["1J"]["bet"]
    assert 0 <= alpha <= F(1, 3)
    assert s["1K"]["bet"] == 3 * alpha
    assert s["1Q"]["bet"] == 0
    assert s["1Qcb"]["call"] == alpha + F(1, 3)
    assert_nash_on_normal_form(kuhn_poker(), eq.behaviour)


def test_kuhn_poker_float() -> None:
    eq = sequence_form_equilibrium(kuhn_poker().as_float())
    assert eq.payoffs[0] == pytest.approx(-1 / 18, abs=1e-9)
    assert eq.method == "sequence_form_lp"
    assert eq.regret <= 1e-9


def test_kuhn_poker_sequence_form_sizes() -> None:
    sf = sequence_form(kuhn_poker())
    # 6 information sets of 2 actions each per player: 13 sequences
    assert sf.n_sequences == (13, 13)
    e, f = sf.constraints
    assert e.shape == (7, 13)
    assert f.shape == (7, 13)
    # every row of E: +1 on the set's actions, -1 on its parent sequence (root row: x_0 = 1)
    assert e[0].tolist() == [1] + [0] * 12
    assert all(sorted(row[row != 0].tolist()) == [-1, 1, 1] for row in e[1:])
    a, b = sf.payoff_matrices()
    assert np.all(a + b == 0)
    # 30 terminals, all on distinct pairs of sequences
    assert len(sf.payoff_rows) == 30
    assert sum(sf.reach_entries.tolist()) == 5  # 6 deals x 5 terminals x 1/6


# -- Gambit catalog trees ---------------------------------------------------------------------
# From Gambit's game catalog (catalog/*.efg in the Gambit repository), each after the cited
# textbook or paper.
MYERSON_4_2 = """EFG 2 R "Myerson (1991) Figure 4.2" { "Player 1" "Player 2" }
""
p "" 1 1 "" { "A1" "B1" } 0
p "" 2 1 "" { "W2" "X2" } 0
p "" 1 2 "" { "Y1" "Z1" } 0
t "" 1 "" { 3, 0 }
t "" 2 "" { 0, 0 }
p "" 1 2 "" { "Y1" "Z1" } 0
t "" 3 "" { 2, 3 }
t "" 4 "" { 4, 1 }
p "" 2 1 "" { "W2" "X2" } 0
t "" 5 "" { 2, 3 }
t "" 6 "" { 3, 2 }
"""
MYERSON_2_1 = """EFG 2 R "A simple Poker game (Myerson 1991, Figure 2.1)" { "Fred" "Alice" }
""
c "" 1 "" { "Red" 1/2 "Black" 1/2 } 0
p "" 1 1 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 1 "Win Big" { 2, -2 }
t "" 2 "Win" { 1, -1 }
t "" 2 "Win" { 1, -1 }
p "" 1 2 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 3 "Lose Big" { -2, 2 }
t "" 2 "Win" { 1, -1 }
t "" 4 "Lose" { -1, 1 }
"""
REILEY_2008 = """EFG 2 R "Stripped-down poker (Reiley et al 2008)" { "Professor" "Student" }
""
c "" 1 "" { "King" 1/2 "Queen" 1/2 } 0
p "" 1 1 "" { "Bet" "Fold" } 0
p "" 2 1 "" { "Call" "Fold" } 0
t "" 1 "Professor Wins Big" { 2, -2 }
t "" 2 "Professor Wins" { 1, -1 }
t "" 4 "Professor Loses" { -1, 1 }
p "" 1 2 "" { "Bet" "Fold" } 0
p "" 2 1 "" { "Call" "Fold" } 0
t "" 3 "Professor Loses Big" { -2, 2 }
t "" 2 "Professor Wins" { 1, -1 }
t "" 4 "Professor Loses" { -1, 1 }
"""
BAGWELL_1995 = """EFG 2 R "Bagwell (GEB 1995) commitment and (un)observability" { "1" "2" }
""
p "" 1 1 "" { "S" "C" } 0
c "" 1 "" { "s" 99/100 "c" 1/100 } 0
p "" 2 1 "" { "S" "C" } 0
t "" 1 "SS" { 5, 2 }
t "" 2 "SC" { 3, 1 }
p "" 2 2 "" { "S" "C" } 0
t "" 1 "SS" { 5, 2 }
t "" 2 "SC" { 3, 1 }
c "" 2 "" { "s" 1/100 "c" 99/100 } 0
p "" 2 1 "" { "S" "C" } 0
t "" 3 "CS" { 6, 3 }
t "" 4 "CC" { 4, 4 }
p "" 2 2 "" { "S" "C" } 0
t "" 3 "CS" { 6, 3 }
t "" 4 "CC" { 4, 4 }
"""
VON_STENGEL_10_1 = """EFG 2 R "Figure 10.1 from von Stengel (2022)" { "I" "II" }
""
c "" 1 "" { "1/2" 1/2 "1/2" 1/2 } 0
p "" 1 1 "" { "T" "B" } 0
t "" 1 "" { 0 16 }
p "" 2 1 "" { "a" "b" } 0
t "" 2 "" { 12 4 }
t "" 3 "" { -4 20 }
p "" 1 2 "" { "C" "D" } 0
t "" 4 "" { 0 16 }
p "" 2 1 0
t "" 5 "" { 12 4 }
t "" 6 "" { 20 -4}
"""
VON_STENGEL_10_12 = """EFG 2 R "Figure 10.12 from von Stengel (2022)" { "I" "II" }
""
c "" 1 "" { "1/3" 1/3 "2/3" 2/3 } 0
p "" 2 1 "" { "C" "O" } 0
t "" 1 "" { 1 -1 }
p "" 1 1 "" { "K" "S" } 0
t "" 2 "" { 1 -1 }
t "" 3 "" { 0 0 }
p "" 2 2 "" { "c" "o" } 0
t "" 4 "" { 0 0 }
p "" 1 1 0
t "" 5 "" { 0 0 }
t "" 6 "" { 1 -1 }
"""
SELTEN_1975_2 = """EFG 2 R "Selten (IJGT 1975) Figure 2" { "Player 1" "Player 2" }
""
p "" 1 1 "" { "R" "L" } 0
t "" 1 "Outcome 1" { 1, 1 }
p "" 2 1 "" { "R" "L" } 0
t "" 2 "Outcome 2" { 0, 2 }
p "" 1 2 "" { "r" "l" } 0
t "" 3 "Outcome 3" { 0, 3 }
t "" 4 "Outcome 4" { 2, 0 }
"""
CATALOG = {
    "myerson1991-fig4.2": MYERSON_4_2,
    "myerson1991-fig2.1": MYERSON_2_1,
    "reiley2008-fig1": REILEY_2008,
    "bagwell1995": BAGWELL_1995,
    "vonstengel2022-fig10.1": VON_STENGEL_10_1,
    "vonstengel2022-fig10.12": VON_STENGEL_10_12,
    "selten1975-fig2": SELTEN_1975_2,
    "watson2002-princess-bride": PBRIDE,
}


@pytest.mark.parametrize("name", list(CATALOG))
def test_catalog_tree_against_reduced_normal_form(name: str) -> None:
    tree = read_efg(CATALOG[name])
    eq = sequence_form_equilibrium(tree)
    assert isinstance(eq, SequenceFormEquilibrium)
    assert eq.regret == 0.0
    assert_nash_on_normal_form(tree, eq.behaviour)
    assert evaluate_behaviour(tree, eq.behaviour)[0].tolist() == eq.payoffs.tolist()
    game = tree.to_normal_form()
    if eq.zero_sum:
        # the value is the same for every equilibrium of the reduced normal form
        for other in dm.nash_equilibria(game):
            assert other.payoffs[0] == eq.payoffs[0]


def test_zero_sum_catalog_values() -> None:
    # Myerson (1991, sec. 2.1): Fred's expected payoff in the simple poker game is 1/3.
    assert sequence_form_equilibrium(read_efg(MYERSON_2_1)).payoffs[0] == F(1, 3)
    # Reiley, Urbancic and Walker (2008): the professor's expected payoff is 1/3 as well.
    assert sequence_form_equilibrium(read_efg(REILEY_2008)).payoffs[0] == F(1, 3)


def test_float_catalog_tree_matches_exact() -> None:
    tree = read_efg(VON_STENGEL_10_1)
    exact = sequence_form_equilibrium(tree)
    approx = sequence_form_equilibrium(tree.as_float())
    assert approx.regret <= 1e-9
    assert_nash_on_normal_form(tree.as_float(), approx.behaviour)
    assert exact.method.endswith("_exact")


# -- a signalling tree from the models ------------------------------------------------------------
def sabotage_tree(
    p_misaligned: Fraction, gain: int, penalty: int, cost: int, loss: int
) -> GameTree:
    """An AI that may sabotage; the developer cannot observe the type nor the action.

    Chance draws a misaligned AI with probability ``p_misaligned``. The AI complies (both
    get 0 besides the audit cost) or sabotages; the developer, not seeing either, deploys or
    audits at ``cost``. Deployed sabotage gives the misaligned AI ``gain`` and costs the
    developer ``loss``; audited sabotage is caught (AI ``-penalty``). An aligned AI loses 1
    from any sabotage, so it always complies.
    """

    def ai_node(kind: str, misaligned: bool) -> Any:
        def dev(sabotage: bool) -> Any:
            if not sabotage:
                return decision("developer", {"deploy": (0, 0), "audit": (-cost, 0)}, infoset="d")
            ai_dep, ai_aud = (gain, -penalty) if misaligned else (-1, -1)
            return decision(
                "developer", {"deploy": (-loss, ai_dep), "audit": (-cost, ai_aud)}, infoset="d"
            )

        return decision("AI", {"comply": dev(False), "sabotage": dev(True)}, infoset=kind)

    return GameTree.build(
        players=["developer", "AI"],
        root=chance(
            {
                "misaligned": (p_misaligned, ai_node("misaligned", True)),
                "aligned": (1 - p_misaligned, ai_node("aligned", False)),
            }
        ),
    )


def test_signalling_tree_inspection_equilibrium() -> None:
    # An inspection game (Avenhaus, von Stengel and Zamir 2002, sec. 2): the developer is
    # indifferent between deploying and auditing when P(sabotage) = cost / loss, i.e. the
    # misaligned type sabotages with probability cost / (loss p); the misaligned AI is
    # indifferent when the audit probability is gain / (gain + penalty).
    p, gain, penalty, cost, loss = F(1, 2), 4, 4, 1, 4
    tree = sabotage_tree(p, gain, penalty, cost, loss)
    assert not tree.is_perfect_information
    assert tree.subgame_roots().tolist() == [0]
    eq = sequence_form_equilibrium(tree)
    s = eq.strategies()
    assert s["misaligned"]["sabotage"] == F(cost) / (loss * p)
    assert s["aligned"]["sabotage"] == 0
    assert s["d"]["audit"] == F(gain, gain + penalty)
    assert tuple(eq.payoffs) == (-F(cost), F(0))
    assert eq.method == "sequence_form_lemke_exact"
    assert_nash_on_normal_form(tree, eq.behaviour)
    res = dm.nash_equilibria(tree)
    assert isinstance(res[0], SubgamePerfectResult)
    assert res[0].method == "sequence_form"
    assert res[0].payoffs.tolist() == eq.payoffs.tolist()


# -- subgame perfection ---------------------------------------------------------------------------
def test_subgame_perfection_through_proper_subgames() -> None:
    # The entry game with a simultaneous-move subgame after entry: the reduced normal form
    # has a Nash equilibrium with the threat to fight (out, fight); the subgame-perfect
    # equilibrium plays the subgame's unique equilibrium (accommodate, accommodate) and enters.
    sub = decision(
        "entrant",
        {
            "fight": decision(
                "incumbent", {"fight": (-1, -1), "accommodate": (-2, 0)}, infoset="i"
            ),
            "accommodate": decision(
                "incumbent", {"fight": (0, -3), "accommodate": (2, 1)}, infoset="i"
            ),
        },
    )
    tree = GameTree.build(
        players=["entrant", "incumbent"], root=decision("entrant", {"out": (0, 3), "in": sub})
    )
    [res] = tree_nash_equilibria(tree, method="sequence_form")
    assert res.path_actions == ("in", "accommodate", "accommodate")
    assert tuple(res.payoffs) == (2, 1)
    assert res.payoffs.tolist() == subgame_perfect(tree).payoffs.tolist()
    [auto] = dm.nash_equilibria(tree)
    assert auto.method == "sequence_form"
    [nf] = dm.nash_equilibria(tree, method="normal_form")
    assert nf.method == "normal_form"


def test_perfect_information_goes_to_backward_induction() -> None:
    tree = GameTree.build(
        players=["A", "B"],
        root=decision("A", {"l": (1, 1), "r": decision("B", {"x": (0, 2), "y": (2, 0)})}),
    )
    [res] = dm.nash_equilibria(tree, method="sequence_form")
    assert res.method == "backward_induction"
    eq = sequence_form_equilibrium(tree)  # a Nash equilibrium, here also subgame perfect
    assert tuple(eq.payoffs) == (1, 1)


# -- properties over random trees ------------------------------------------------------------
@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(1, 4), zero_sum=st.booleans())
def test_random_exact_trees_are_nash_on_the_normal_form(
    seed: int, depth: int, zero_sum: bool
) -> None:
    tree = random_tree(depth, seed=seed, zero_sum=zero_sum)
    eq = sequence_form_equilibrium(tree)
    assert eq.regret == 0.0
    assert eq.zero_sum or not zero_sum  # general-sum draws may be constant-sum by chance
    assert_nash_on_normal_form(tree, eq.behaviour)
    if zero_sum:
        value = dm.nash_equilibria(tree.to_normal_form(), method="lemke_howson")[0].payoffs[0]
        assert eq.payoffs[0] == value


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(2, 5))
def test_random_float_trees_are_nash(seed: int, depth: int) -> None:
    tree = random_tree(depth, seed=seed, exact=False)
    eq = sequence_form_equilibrium(tree)
    assert eq.regret <= 1e-9 * 6
    if depth <= 4:
        assert_nash_on_normal_form(tree, eq.behaviour)


@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1), scale=st.sampled_from([1e-6, 1e-3, 1e3, 1e6]))
def test_payoff_scale_does_not_matter(seed: int, scale: float) -> None:
    tree = random_tree(3, seed=seed, exact=False)
    scaled = GameTree.build(
        players=list(tree.players),
        root=_mapped_spec(tree, lambda u: tuple(float(x) * scale for x in u)),
    )
    eq = sequence_form_equilibrium(scaled)
    assert_nash_on_normal_form(scaled, eq.behaviour, tol=1e-7 * max(1.0, scale))


def _mapped_spec(tree: GameTree, payoffs: Any) -> Any:
    """The builder spec of ``tree`` with each terminal's payoffs replaced by ``payoffs(u)``."""

    def spec(v: int) -> Any:
        kind = int(tree.node_kind[v])
        if kind == 0:
            return payoffs(tree.payoffs_at(v))
        kids = list(tree.children(v))
        labels = tree.actions_at(v)
        if kind == 2:
            return chance(
                [
                    (lab, tree.probabilities[c], spec(c))
                    for lab, c in zip(labels, kids, strict=True)
                ]
            )
        return decision(
            tree.players[int(tree.node_player[v])],
            [(lab, spec(c)) for lab, c in zip(labels, kids, strict=True)],
            infoset=tree.infoset_name(int(tree.infoset[v])),
        )

    return spec(0)


def test_every_profile_is_an_equilibrium_when_payoffs_are_constant() -> None:
    tree = random_tree(3, seed=7)
    flat = GameTree.build(players=["0", "1"], root=_mapped_spec(tree, lambda u: (1, 1)))
    eq = sequence_form_equilibrium(flat)
    assert tuple(eq.payoffs) == (F(1), F(1))
    assert eq.regret == 0.0


def test_one_player_without_moves() -> None:
    tree = GameTree.build(
        players=["A", "B"],
        root=chance(
            {
                "h": (F(1, 3), decision("A", {"x": (1, 0), "y": (0, 0)}, infoset="a")),
                "t": (F(2, 3), decision("A", {"x": (0, 0), "y": (1, 0)}, infoset="a")),
            }
        ),
    )
    sf = sequence_form(tree)
    assert sf.n_sequences == (3, 1)
    eq = sequence_form_equilibrium(tree)
    assert eq.strategy("a") == {"x": 0, "y": 1}
    assert tuple(eq.payoffs) == (F(2, 3), 0)


def test_twenty_information_sets_per_player() -> None:
    # the size of the speed target (timed in benchmarks/bench_sequence_form.py)
    tree = random_tree(7, seed=3, exact=False, p_observe=0.3, p_chance=0.0)
    sf = sequence_form(tree)
    assert min(len(sf.infosets[0]), len(sf.infosets[1])) >= 15
    eq = sequence_form_equilibrium(tree)
    assert eq.regret <= 1e-9 * 6


# -- pygambit as an oracle ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["myerson1991-fig2.1", "reiley2008-fig1", "vonstengel2022-fig10.12"]
)
def test_zero_sum_value_matches_pygambit(name: str) -> None:
    gbt = pytest.importorskip("pygambit")
    import io

    game = gbt.read_efg(io.StringIO(CATALOG[name]))
    result = gbt.nash.lcp_solve(game, rational=True)
    # pygambit 16 lists equilibria with payoff(player); 17 has one, with a payoffs mapping
    eqs = getattr(result, "equilibria", None)
    theirs_eq = eqs[0] if eqs is not None else result.equilibrium
    first = next(iter(game.players))
    if hasattr(theirs_eq, "payoff"):
        theirs = theirs_eq.payoff(first)
    else:
        theirs = theirs_eq.payoffs[getattr(first, "label", first)]
    ours = sequence_form_equilibrium(read_efg(CATALOG[name])).payoffs[0]
    assert ours == F(str(theirs))


# -- bad input --------------------------------------------------------------------------------
def _three_players() -> GameTree:
    return GameTree.build(
        players=["A", "B", "C"],
        root=decision("A", {"l": (1, 0, 0), "r": decision("C", {"x": (0, 1, 0), "y": (0, 0, 1)})}),
    )


def _forgetful() -> GameTree:
    return GameTree.build(
        players=["A", "B"],
        root=decision(
            "A",
            {
                "l": decision("A", {"x": (1, 0), "y": (0, 0)}, infoset="h"),
                "r": decision("A", {"x": (0, 0), "y": (1, 0)}, infoset="h"),
            },
        ),
    )


def _symbolic() -> GameTree:
    import sympy

    a = sympy.Symbol("a")
    return GameTree.build(players=["A", "B"], root=decision("A", {"l": (a, 0), "r": (0, a)}))


@pytest.mark.parametrize(
    ("func", "kwargs", "error", "match"),
    [
        (sequence_form, {"tree": "not a tree"}, InvalidParameterError, "tree must be a GameTree"),
        (sequence_form, {"tree": _three_players()}, UnsupportedGameError, "two-player"),
        (sequence_form, {"tree": _forgetful()}, UnsupportedGameError, "perfect recall"),
        (sequence_form, {"tree": _symbolic()}, UnsupportedGameError, "tree.subs"),
        (
            sequence_form_equilibrium,
            {"tree": kuhn_poker(), "tol": -1.0},
            InvalidParameterError,
            "tol",
        ),
        (
            sequence_form_equilibrium,
            {"tree": _three_players()},
            UnsupportedGameError,
            "two-player",
        ),
        (
            tree_nash_equilibria,
            {"tree": kuhn_poker(), "method": "magic"},
            InvalidParameterError,
            "method",
        ),
        (tree_nash_equilibria, {"tree": 3}, InvalidParameterError, "tree must be"),
        (tree_nash_equilibria, {"tree": _symbolic()}, UnsupportedGameError, "tree.subs"),
        (
            tree_nash_equilibria,
            {"tree": _three_players(), "method": "sequence_form"},
            UnsupportedGameError,
            "two-player",
        ),
        (
            dm.nash_equilibria,
            {"game": kuhn_poker(), "method": "vertex_enumeration"},
            InvalidParameterError,
            "method",
        ),
    ],
)
def test_bad_input(func: Any, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        func(**kwargs)
