"""The core every solver result shares (issue 12, "Protocol v2"): ``payoffs``, ``method``
and ``residual``, checked for every solver on small games whose answers are recomputed here
from the game and the returned strategies, scipy ``OptimizeResult``-style."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any, get_args

import numpy as np
import pytest
import sympy

import dealmodels as dm
from dealmodels.games.extensive_form import DECISION, TERMINAL, GameTree, chance, decision
from dealmodels.solvers import CORE_FIELDS, SolverResult
from dealmodels.solvers.backward import SubgamePerfectResult
from dealmodels.solvers.nash import NashMethod
from dealmodels.solvers.sequence_form import (
    SequenceFormEquilibrium,
    TreeNashMethod,
    sequence_form_equilibrium,
    tree_nash_equilibria,
)
from tests.known_games import KNOWN_NPLAYER

# -- independent recomputations ---------------------------------------------------------------


def mixed_payoffs(game: dm.NormalFormGame, strategies: Sequence[Sequence[Any]]) -> list[Any]:
    """:math:`u_i(\\sigma)` by summing over every pure profile (exact for Fractions)."""
    if game.is_exact:  # float strategies of an exact game, converted exactly
        strategies = [[F(x) if isinstance(x, float) else x for x in s] for s in strategies]
    total: list[Any] = [0] * game.n_players
    for prof in itertools.product(*(range(m) for m in game.shape)):
        w: Any = 1
        for s, a in zip(strategies, prof, strict=True):
            w = w * s[a]
        if w != 0:
            total = [t + w * game.payoffs[i][prof] for i, t in enumerate(total)]
    return total


def unit(m: int, a: int) -> list[int]:
    return [int(b == a) for b in range(m)]


def nash_gain(game: dm.NormalFormGame, strategies: Sequence[Sequence[Any]]) -> float:
    """The largest gain from a unilateral pure deviation."""
    base = mixed_payoffs(game, strategies)
    worst: Any = 0
    for i, m in enumerate(game.shape):
        for a in range(m):
            dev = [*strategies[:i], unit(m, a), *strategies[i + 1 :]]
            worst = max(worst, mixed_payoffs(game, dev)[i] - base[i])
    return float(worst)


def commitment_profile(game: dm.NormalFormGame, r: dm.CommitmentResult) -> list[Any]:
    f = 1 - r.leader
    prof: list[Any] = [None, None]
    prof[r.leader], prof[f] = list(r.leader_strategy), unit(game.shape[f], r.follower_action)
    return prof


def follower_gain(game: dm.NormalFormGame, r: dm.CommitmentResult) -> float:
    f = 1 - r.leader
    prof = commitment_profile(game, r)
    base = mixed_payoffs(game, prof)[f]
    devs = []
    for k in range(game.shape[f]):
        prof[f] = unit(game.shape[f], k)
        devs.append(mixed_payoffs(game, prof)[f] - base)
    return float(max(devs))


def correlated_payoffs(game: dm.NormalFormGame, dist: np.ndarray) -> list[Any]:
    return [
        sum((dist[s] * game.payoffs[i][s] for s in np.ndindex(game.shape)), 0)
        for i in range(game.n_players)
    ]


def correlated_violation(game: dm.NormalFormGame, dist: np.ndarray) -> float:
    worst: Any = 0
    for i, m in enumerate(game.shape):
        for a, b in itertools.permutations(range(m), 2):
            gain: Any = 0
            for s in np.ndindex(game.shape):
                if s[i] == a:
                    t = list(s)
                    t[i] = b
                    gain = gain + dist[s] * (game.payoffs[i][tuple(t)] - game.payoffs[i][s])
            worst = max(worst, gain)
    return float(worst)


def logit_gap(game: dm.NormalFormGame, lam: float, strategies: Sequence[np.ndarray]) -> float:
    worst = 0.0
    for i, m in enumerate(game.shape):
        vals = np.array(
            [
                float(mixed_payoffs(game, [*strategies[:i], unit(m, a), *strategies[i + 1 :]])[i])
                for a in range(m)
            ]
        )
        w = np.exp(lam * (vals - vals.max()))
        worst = max(worst, float(np.max(np.abs(w / w.sum() - strategies[i]))))
    return worst


def tree_value(tree: GameTree, behaviour: Sequence[Any], v: int = 0) -> list[Any]:
    """Expected payoffs of the subtree at ``v`` by plain recursion."""
    if tree.node_kind[v] == TERMINAL:
        return list(tree.payoffs[tree.payoff_row[v]])
    total: list[Any] = [0] * tree.n_players
    for c in tree.children(v):
        p = behaviour[c]
        if p != 0:
            total = [
                t + p * x for t, x in zip(total, tree_value(tree, behaviour, int(c)), strict=True)
            ]
    return total


def subtree(tree: GameTree, r: int) -> list[int]:
    out = [r]
    for v in out:
        out.extend(int(c) for c in tree.children(v))
    return out


def subgame_gain(
    tree: GameTree, behaviour: Sequence[Any], roots: Sequence[int] | None = None
) -> float:
    """The largest gain of a player from any pure strategy in any subgame (brute force)."""
    if tree.kind == "symbolic":
        return 0.0
    worst: Any = 0
    for r in tree.subgame_roots().tolist() if roots is None else roots:
        nodes = subtree(tree, r)
        base = tree_value(tree, behaviour, r)
        for i in range(tree.n_players):
            sets = sorted(
                {
                    int(tree.infoset[v])
                    for v in nodes
                    if tree.node_kind[v] == DECISION and tree.node_player[v] == i
                }
            )
            sizes = [len(tree.infoset_actions[k]) for k in sets]
            for choice in itertools.product(*(range(n) for n in sizes)):
                b = list(behaviour)
                for k, a in zip(sets, choice, strict=True):
                    for v in tree.infoset_nodes(k).tolist():
                        for j, c in enumerate(tree.children(v)):
                            b[int(c)] = int(j == a)
                worst = max(worst, tree_value(tree, b, r)[i] - base[i])
    return float(worst)


def trigger_gap(r: dm.TriggerResult) -> float:
    if r.symbolic:
        return 0.0
    worst = 0.0
    p = r.detection
    for u, d, v, t in zip(r.on_path, r.deviation, r.punishment_payoffs, r.thresholds, strict=True):
        gain, loss = d - r.deviation_cost - u, u - v
        if 0 < t < 1:  # indifferent at the threshold
            worst = max(worst, abs(float((1 - t) * gain - t * p * loss)))
        elif t == 0:
            worst = max(worst, float(gain))
        else:
            worst = max(worst, float(p * loss))
    return worst


def rubinstein_gap(r: dm.RubinsteinResult, utilities: Sequence[Any] = (None, None)) -> float:
    if r.method == "symbolic":
        return 0.0
    s, w, d, pie = r.proposer_shares, r.outside_options, r.discounts, r.pie
    worst = 0.0
    for i in (0, 1):
        j = 1 - i
        u = utilities[j]
        if u is None:
            cont = d[j] * s[j]
        else:  # the share today worth the own proposal tomorrow, by bisection
            lo, hi = 0.0, float(s[j])
            for _ in range(200):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if u(mid) < d[j] * u(float(s[j])) else (lo, mid)
            cont = lo
        worst = max(worst, abs(float(pie - s[i] - max(w[j], cont))))
    return worst


def bargaining_gap(r: dm.BargainingSolution, problem: dm.BargainingProblem) -> float:
    if r.exact is not None:
        return 0.0
    u1, u2 = r.utilities
    return abs(u2 - problem.boundary_value(u1))  # every case below is interior


def elimination_gain(game: dm.NormalFormGame, r: dm.EliminationResult) -> float:
    """Replay the removals: how much a removed action beats its recorded dominator."""
    alive = [list(range(m)) for m in game.shape]
    worst: Any = 0
    for step in r.steps:
        i = step.player
        for prof in itertools.product(*(alive[j] for j in range(game.n_players) if j != i)):

            def at(a: int, prof: tuple[int, ...] = prof, i: int = i) -> Any:
                full = list(prof)
                full.insert(i, a)
                return game.payoffs[i][tuple(full)]

            mix = sum((step.dominated_by[b] * at(b) for b in alive[i]), 0)
            worst = max(worst, at(step.action) - mix)
        alive[i].remove(step.action)
    return float(worst)


def elimination_payoffs(game: dm.NormalFormGame, r: dm.EliminationResult) -> list[Any]:
    if not r.is_solvable:
        return [math.nan] * game.n_players
    prof = tuple(s[0] for s in r.surviving)
    return [game.payoffs[i][prof] for i in range(game.n_players)]


# -- games ------------------------------------------------------------------------------------
BOS = dm.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
PD = dm.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
RPS = dm.NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
VSZ = dm.NormalFormGame.from_bimatrix([[2, 4], [1, 3]], [[1, 0], [0, 1]])
CHICKEN = dm.NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
GIBBONS = dm.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]])
# row 1 is weakly dominated by row 0 up to 1e-12, within tol: a positive residual
WEAK = dm.NormalFormGame.from_bimatrix([[1.0, 1.0], [1.0 + 1e-12, 0.0]], [[1.0, 1.0], [1.0, 0.0]])
THREE = KNOWN_NPLAYER[0].game
ASYM = dm.NormalFormGame.from_bimatrix(
    [[3.25, 0.5, 1.0], [1.5, 2.0, 0.25]], [[0.5, 2.5, 1.0], [3.0, 0.75, 2.0]]
)

CENTIPEDE = GameTree.build(
    ["1", "2"],
    decision("1", {"stop": (1, 0), "go": decision("2", {"stop": (0, 2), "go": (3, 1)})}),
)
TIES = GameTree.build(
    ["A", "B"], decision("A", {"l": (1, 1), "r": decision("B", {"x": (0, 1), "y": (2, 1)})})
)
LUCK = GameTree.build(
    ["A", "B"],
    decision(
        "A",
        {
            "x": (0.5, 0.0),
            "y": chance(
                {
                    "h": (0.25, decision("B", {"l": (1.0, 2.0), "r": (3.0, 1.0)})),
                    "t": (0.75, (2.5, 0.5)),
                }
            ),
        },
    ),
)


def _entry_bos(out: tuple[Any, Any], a: Any, b: Any, c: Any) -> GameTree:
    """A stays out or enters a battle of the sexes played simultaneously (one subgame)."""
    return GameTree.build(
        ["A", "B"],
        decision(
            "A",
            {
                "out": out,
                "in": decision(
                    "A",
                    {
                        "U": decision("B", {"L": (a, b), "R": (c, c)}, infoset="b"),
                        "D": decision("B", {"L": (c, c), "R": (b, a)}, infoset="b"),
                    },
                ),
            },
        ),
    )


def _entry_pennies(out: float) -> GameTree:
    return GameTree.build(
        ["A", "B"],
        decision(
            "A",
            {
                "out": (out, -out),  # zero-sum
                "in": decision(
                    "A",
                    {
                        "H": decision("B", {"h": (1.0, -1.0), "t": (-1.0, 1.0)}, infoset="b"),
                        "T": decision("B", {"h": (-1.0, 1.0), "t": (1.0, -1.0)}, infoset="b"),
                    },
                ),
            },
        ),
    )


ENTRY = _entry_bos((1, 1), 2, 1, 0)
PENNIES = _entry_pennies(-0.25)  # A enters: the mixed subgame is worth 0 > -0.25
POKER = GameTree.build(  # one card, a bet or a check; B sees the action, not the card
    ["A", "B"],
    chance(
        {
            "hi": (
                F(1, 2),
                decision(
                    "A",
                    {
                        "bet": decision("B", {"call": (2, -2), "fold": (1, -1)}, infoset="bb"),
                        "check": (1, -1),
                    },
                    infoset="ah",
                ),
            ),
            "lo": (
                F(1, 2),
                decision(
                    "A",
                    {
                        "bet": decision("B", {"call": (-2, 2), "fold": (1, -1)}, infoset="bb"),
                        "check": (-1, 1),
                    },
                    infoset="al",
                ),
            ),
        }
    ),
)
A_SYM = sympy.Symbol("a", positive=True)
SYMBOLIC = GameTree.build(["A"], decision("A", {"low": (-A_SYM,), "high": (A_SYM,)}))


# -- the cases: every solver ------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One solver call, the class it returns, and the core recomputed independently."""

    id: str
    solve: Callable[[], Any]  # a result or a list of results
    cls: type
    n_players: int
    exact: bool  # payoffs hold exact numbers (object dtype)
    method: str  # the method recorded
    payoffs: Callable[[Any], Sequence[Any]]
    residual: Callable[[Any], float]
    own: str | None = None  # the class's own name for the residual
    scale: float = 1.0  # the payoff scale the float comparisons are relative to
    exact_residual: bool | None = None  # residual exactly 0 (default: when ``exact``)


def _nf(game: dm.NormalFormGame) -> Callable[[Any], list[Any]]:
    return lambda r: mixed_payoffs(game, r.strategies)


def _nf_gain(game: dm.NormalFormGame) -> Callable[[Any], float]:
    return lambda r: nash_gain(game, r.strategies)


def _eq(id: str, solve: Callable[[], Any], game: dm.NormalFormGame, method: str) -> Case:
    return Case(
        id,
        solve,
        dm.Equilibrium,
        game.n_players,
        game.is_exact,
        method,
        _nf(game),
        _nf_gain(game),
        own="regret",
        scale=4.0,
    )


def _tree_case(id: str, solve: Callable[[], Any], tree: GameTree, method: str) -> Case:
    return Case(
        id,
        solve,
        SubgamePerfectResult,
        tree.n_players,
        tree.kind != "float",
        method,
        lambda r: tree_value(tree, r.behaviour),
        lambda r: subgame_gain(tree, r.behaviour),
        scale=3.0,
    )


SQRT_FRONTIER = dm.BargainingProblem.from_frontier(lambda x: math.sqrt(1 - x), (0, 1))
SPLIT = dm.BargainingProblem.from_points([(0, 1), (1, 0)])
_u = sympy.Symbol("u")
CURVED = dm.BargainingProblem.from_frontier(1 - _u**2, (0, 1))
ROOT = (lambda x: x**0.5, None)


def _bargain(id: str, solver: Callable[..., Any], problem: dm.BargainingProblem, method: str):
    exact = problem.kind != "callable"
    return Case(
        id,
        lambda: solver(problem),
        dm.BargainingSolution,
        2,
        exact,
        method,
        lambda r: list(r.exact) if r.exact is not None else list(r.utilities),
        lambda r: bargaining_gap(r, problem),
    )


def _rub(id: str, exact: bool, method: str, *args: Any, **kw: Any) -> Case:
    utilities = kw.get("utilities", (None, None))

    def payoffs(r: dm.RubinsteinResult) -> list[Any]:
        return [x if u is None else u(x) for x, u in zip(r.shares, utilities, strict=True)]

    return Case(
        id,
        lambda: dm.rubinstein(*args, **kw),
        dm.RubinsteinResult,
        2,
        exact,
        method,
        payoffs,
        lambda r: rubinstein_gap(r, utilities),
    )


def _trigger(id: str, game: dm.NormalFormGame, method: str, exact: bool, **kw: Any) -> Case:
    profile = kw.pop("profile", (0, 0))
    exact_residual = kw.pop("exact_residual", None)
    return Case(
        id,
        lambda: dm.grim_trigger(game, profile, **kw),
        dm.TriggerResult,
        game.n_players,
        exact,
        method,
        lambda r: [game.payoffs[i][tuple(r.profile)] for i in range(game.n_players)],
        trigger_gap,
        exact_residual=exact_residual,
    )


def _elim(id: str, game: dm.NormalFormGame, strict: bool, method: str) -> Case:
    return Case(
        id,
        lambda: dm.iterated_elimination(game, strict),
        dm.EliminationResult,
        game.n_players,
        game.is_exact
        and all(len(s) == 1 for s in dm.iterated_elimination(game, strict).surviving),
        method,
        lambda r: elimination_payoffs(game, r),
        lambda r: elimination_gain(game, r),
    )


def _stack(id: str, game: dm.NormalFormGame, leader: int, method: str) -> Case:
    return Case(
        id,
        lambda: dm.stackelberg(game, leader),
        dm.CommitmentResult,
        2,
        game.is_exact,
        method,
        lambda r: mixed_payoffs(game, commitment_profile(game, r)),
        lambda r: follower_gain(game, r),
        own="follower_regret",
        scale=4.0,
    )


def _ce(id: str, game: dm.NormalFormGame, method: str, objective: Any = "welfare") -> Case:
    return Case(
        id,
        lambda: dm.correlated_equilibrium(game, objective),
        dm.CorrelatedEquilibrium,
        game.n_players,
        game.is_exact,
        method,
        lambda r: correlated_payoffs(game, r.distribution),
        lambda r: correlated_violation(game, r.distribution),
        own="max_violation",
        scale=12.0,
    )


def _qre(id: str, game: dm.NormalFormGame, lam: float, method: str) -> Case:
    return Case(
        id,
        lambda: dm.quantal_response(game, lam),
        dm.QuantalResponseEquilibrium,
        game.n_players,
        False,
        method,
        _nf(game),
        lambda r: logit_gap(game, lam, r.strategies),
        own="residual",
        exact_residual=False,
    )


def _sf(id: str, tree: GameTree, method: str) -> Case:
    return Case(
        id,
        lambda: sequence_form_equilibrium(tree),
        SequenceFormEquilibrium,
        2,
        tree.kind != "float",
        method,
        lambda r: tree_value(tree, r.behaviour),
        # a Nash equilibrium of the tree: no pure deviation from the root gains
        lambda r: subgame_gain(tree, r.behaviour, roots=[0]),
        own="regret",
        scale=2.0,
    )


CASES: list[Case] = [
    # Equilibrium: every Nash solver
    _eq("nash-vertex-exact", lambda: dm.nash_equilibria(BOS), BOS, "vertex_enumeration"),
    _eq(
        "nash-support-float",
        lambda: dm.nash_equilibria(BOS.as_float(), "support_enumeration"),
        BOS.as_float(),
        "support_enumeration",
    ),
    _eq(
        "nash-vertex-float",
        lambda: dm.nash_equilibria(ASYM, "vertex_enumeration"),
        ASYM,
        "vertex_enumeration",
    ),
    _eq("lemke-howson-exact", lambda: dm.lemke_howson(RPS), RPS, "lemke_howson"),
    _eq(
        "lemke-howson-float",
        lambda: [dm.lemke_howson(ASYM, k) for k in range(5)],
        ASYM,
        "lemke_howson",
    ),
    _eq("pure-nash", lambda: dm.pure_nash_equilibria(PD), PD, "pure"),
    _eq("nash-3-players", lambda: dm.nash_equilibria(THREE), THREE, "support_enumeration"),
    _eq("nash-logit", lambda: dm.nash_equilibria(ASYM, "logit"), ASYM, "logit"),
    _eq(
        "nash-simplicial",
        lambda: dm.nash_equilibria(THREE, "simplicial_subdivision"),
        THREE,
        "simplicial_subdivision",
    ),
    # CommitmentResult
    _stack("stackelberg-exact", VSZ, 0, "multiple_lps_exact"),
    _stack("stackelberg-exact-leader-1", VSZ, 1, "multiple_lps_exact"),
    _stack("stackelberg-float", ASYM, 0, "multiple_lps"),
    _stack("stackelberg-float-leader-1", ASYM, 1, "multiple_lps"),
    # CorrelatedEquilibrium
    _ce("correlated-exact", CHICKEN, "linear_program_exact"),
    _ce("correlated-float", CHICKEN.as_float(), "linear_program", objective=1),
    _ce("correlated-3-players", THREE, "linear_program_exact"),
    # QuantalResponseEquilibrium
    _qre("quantal", ASYM, 2.0, "logit_homotopy"),
    _qre("quantal-3-players", THREE, 0.3, "logit_homotopy"),
    _qre("quantal-uniform", ASYM, 0.0, "uniform"),
    # TriggerResult
    _trigger("trigger-exact", PD, "closed_form_nash", True),
    _trigger(
        "trigger-float-detection",
        PD.as_float(),
        "closed_form_nash",
        False,
        detection=0.5,
        deviation_cost=0.25,
    ),
    _trigger(  # matching pennies: mixing lowers each player's minmax from 1 to 0
        "trigger-minmax-lp",
        dm.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]),
        "closed_form_minmax_lp",
        True,
        punishment="minmax",
        exact_residual=False,
    ),
    _trigger(
        "trigger-minmax-pure",
        PD,
        "closed_form",
        True,
        punishment="minmax",
    ),
    _trigger("trigger-profile", PD, "closed_form", True, punishment=(1, 1), detection=F(1, 2)),
    _trigger(
        "trigger-3-players",
        THREE,
        "closed_form_pure_nash",
        True,
        profile=(0, 0, 0),
    ),
    _trigger(
        "trigger-symbolic",
        PD,
        "symbolic",
        True,
        detection=sympy.Symbol("p", positive=True),
    ),
    # RubinsteinResult
    _rub("rubinstein-exact", True, "closed_form", F(9, 10), F(4, 5)),
    _rub("rubinstein-float-options", False, "closed_form", 0.9, 0.9, 1, (0, 0.6)),
    _rub("rubinstein-concave", False, "fixed_point", 0.9, 0.8, utilities=ROOT),
    _rub("rubinstein-symbolic", True, "symbolic", sympy.Symbol("d", positive=True), F(1, 2)),
    # BargainingSolution
    _bargain("nash-bargaining-exact", dm.nash_bargaining, SPLIT, "closed_form"),
    _bargain("nash-bargaining-float", dm.nash_bargaining, SQRT_FRONTIER, "bounded_scalar"),
    _bargain("nash-bargaining-sympy", dm.nash_bargaining, CURVED, "symbolic"),
    _bargain("kalai-smorodinsky-float", dm.kalai_smorodinsky, SQRT_FRONTIER, "brentq"),
    _bargain("egalitarian-sympy", dm.egalitarian, CURVED, "symbolic"),
    # SequenceFormEquilibrium
    _sf("sequence-form-lemke-exact", ENTRY, "sequence_form_lemke_exact"),
    _sf("sequence-form-lp-exact", POKER, "sequence_form_lp_exact"),
    _sf("sequence-form-float", PENNIES, "sequence_form_lp"),
    # EliminationResult
    _elim("elimination-mixed-exact", GIBBONS, True, "iterated_strict_dominance_mixed_lp_exact"),
    _elim("elimination-solvable", PD, True, "iterated_strict_dominance_exact"),
    _elim("elimination-weak-float", WEAK, False, "iterated_weak_dominance"),
    _elim("elimination-float-solvable", PD.as_float(), True, "iterated_strict_dominance"),
    # SubgamePerfectResult
    _tree_case(
        "spe-exact", lambda: dm.subgame_perfect(CENTIPEDE), CENTIPEDE, "backward_induction"
    ),
    _tree_case("spe-chance-float", lambda: dm.subgame_perfect(LUCK), LUCK, "backward_induction"),
    _tree_case(
        "spe-all", lambda: dm.all_subgame_perfect(TIES), TIES, "backward_induction_all_pure"
    ),
    _tree_case(
        "spe-subgames-exact",
        lambda: dm.subgame_perfect(ENTRY),
        ENTRY,
        "normal_form",
    ),
    _tree_case(
        "spe-subgames-float-mixed",
        lambda: dm.subgame_perfect(PENNIES),
        PENNIES,
        "normal_form",
    ),
    _tree_case(
        "spe-sequence-form",
        lambda: tree_nash_equilibria(POKER, "sequence_form"),
        POKER,
        "sequence_form",
    ),
    _tree_case(
        "spe-nash-on-a-tree",
        lambda: dm.nash_equilibria(PENNIES),
        PENNIES,
        "sequence_form",
    ),
    _tree_case(
        "spe-symbolic",
        lambda: dm.subgame_perfect(SYMBOLIC),
        SYMBOLIC,
        "backward_induction_symbolic",
    ),
]


def results(case: Case) -> list[Any]:
    out = case.solve()
    out = out if isinstance(out, list) else [out]
    assert out, f"{case.id}: the solver returned no result"
    return out


def _same_number(a: Any, b: Any, exact: bool, scale: float) -> bool:
    if isinstance(a, sympy.Basic) or isinstance(b, sympy.Basic):
        return bool(sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0)
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if exact:
        return bool(a == b) and type(a) is not float
    return abs(float(a) - float(b)) <= 1e-9 * scale


def check_core(result: Any, case: Case) -> None:
    """Assert the shared core of one result; every assertion can fail (see the tests of
    ``check_core`` itself below)."""
    assert isinstance(result, case.cls), f"{type(result).__name__} is not {case.cls.__name__}"
    assert isinstance(result, SolverResult)
    # the dictionary view of the core
    assert result.keys() == CORE_FIELDS == ("payoffs", "method", "residual")
    view = dict(result)
    assert list(view) == list(CORE_FIELDS)
    assert view["method"] == result.method
    assert view["residual"] == result.residual
    # method: a snake_case name, the one this solver states for this game
    assert isinstance(result.method, str)
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", result.method), result.method
    assert result.method == case.method, f"{result.method!r} vs {case.method!r}"
    # payoffs: one per player, read-only, exact numbers for exact games
    pay = result.payoffs
    assert isinstance(pay, np.ndarray), type(pay)  # every class, the tree results too
    assert pay.shape == (case.n_players,)
    assert not pay.flags.writeable
    assert pay.dtype == (object if case.exact else np.float64), pay.dtype
    with pytest.raises(ValueError, match="read-only"):
        pay[0] = pay[0]
    expected = list(case.payoffs(result))
    assert len(pay) == len(expected) == case.n_players
    for got, want in zip(pay, expected, strict=True):
        assert _same_number(got, want, case.exact, case.scale), f"payoff {got!r} != {want!r}"
    # residual: one float, the class's own name for it, and the deviation gain or violation
    # recomputed here
    res = result.residual
    assert type(res) is float, type(res)
    assert 0.0 <= res <= 1e-8 * case.scale, res  # verified before it was returned
    if case.own is not None:
        assert getattr(result, case.own) == res
    independent = case.residual(result)
    if case.exact if case.exact_residual is None else case.exact_residual:
        assert res == 0.0
        assert independent == 0.0
    else:
        assert abs(res - max(independent, 0.0)) <= 1e-9 * case.scale, (res, independent)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_core(case: Case) -> None:
    for r in results(case):
        check_core(r, case)


# -- coverage: every public result class, every solver ----------------------------------------
SOLVER_MODULES = [
    "nash",
    "commitment",
    "correlated",
    "quantal",
    "repeated",
    "bargaining",
    "sequence_form",
    "dominance",
    "backward",
]


def _public_result_classes() -> set[type]:
    found = set()
    for name in SOLVER_MODULES:
        module = importlib.import_module(f"dealmodels.solvers.{name}")
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if inspect.isclass(obj) and issubclass(obj, SolverResult):
                found.add(obj)
    return found


def test_the_core_is_on_every_result_class() -> None:
    # the nine classes of the issue, plus the bargaining solutions
    nine = {
        dm.Equilibrium,
        dm.CommitmentResult,
        dm.CorrelatedEquilibrium,
        dm.QuantalResponseEquilibrium,
        dm.TriggerResult,
        dm.RubinsteinResult,
        SequenceFormEquilibrium,
        dm.EliminationResult,
        SubgamePerfectResult,
    }
    assert nine | {dm.BargainingSolution} == _public_result_classes()
    # and every one of them is exercised above
    assert {c.cls for c in CASES} == _public_result_classes()


def test_the_other_public_classes_are_not_solutions() -> None:
    # what the solver modules export besides the results: a representation, a path, a set,
    # an elimination step and a symbolic case split (no payoffs of a solution to report)
    others = set()
    for name in SOLVER_MODULES:
        module = importlib.import_module(f"dealmodels.solvers.{name}")
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if inspect.isclass(obj) and not issubclass(obj, SolverResult | BaseException):
                others.add(obj.__name__)
    assert others == {
        "SequenceForm",
        "LogitBranch",
        "FeasiblePayoffs",
        "EliminationStep",
        "SymbolicSubgamePerfect",
    }


# -- a result's method is a method= value of its solver -------------------------------------------
NASH_METHODS = set(get_args(NashMethod)) - {"auto"}
TREE_METHODS = set(get_args(TreeNashMethod)) - {"auto"}


@pytest.mark.parametrize("method", sorted(get_args(NashMethod)))
@pytest.mark.parametrize(
    "game", [BOS, BOS.as_float(), ASYM, RPS, GIBBONS, THREE], ids=lambda g: str(g.shape)
)
def test_nash_methods_record_a_method_value(game: dm.NormalFormGame, method: str) -> None:
    try:
        eqs = dm.nash_equilibria(game, method)  # type: ignore[call-overload]
    except dm.UnsupportedGameError:  # a two-player method on three players
        assert game.n_players > 2
        return
    assert eqs
    for e in eqs:
        assert e.method in NASH_METHODS, e.method
        if method != "auto":
            assert e.method == method


@pytest.mark.parametrize("method", sorted(get_args(TreeNashMethod)))
@pytest.mark.parametrize("name", ["CENTIPEDE", "LUCK", "ENTRY", "PENNIES", "POKER", "TIES"])
def test_tree_methods_record_a_method_value(name: str, method: str) -> None:
    tree = globals()[name]
    try:
        results = [*tree_nash_equilibria(tree, method), *dm.nash_equilibria(tree, method)]
    except dm.UnsupportedGameError:  # backward induction on imperfect information
        assert method == "backward_induction"
        assert not tree.is_perfect_information
        return
    for r in results:
        assert r.method in TREE_METHODS, r.method
        # perfect information is solved by backward induction whatever the method
        want = "backward_induction" if tree.is_perfect_information else method
        if method != "auto":
            assert r.method == want


def test_the_handover_to_logit_records_logit() -> None:
    from dealmodels.solvers.nplayer import SIMPDIV_HANDOVER_METHOD

    assert SIMPDIV_HANDOVER_METHOD in NASH_METHODS


# -- the checks can fail ----------------------------------------------------------------------
def _case(id: str) -> Case:
    return next(c for c in CASES if c.id == id)


def _broken(result: Any, **changes: Any) -> Any:
    """A copy of ``result`` with some attributes replaced (bypassing the constructor)."""
    clone = object.__new__(type(result))
    for f in dataclasses.fields(result):
        object.__setattr__(clone, f.name, getattr(result, f.name))
    for k, v in changes.items():
        if isinstance(v, np.ndarray):
            v.flags.writeable = False  # broken in one way only
        object.__setattr__(clone, k, v)
    return clone


@pytest.mark.parametrize(
    ("case_id", "changes"),
    [
        ("nash-vertex-exact", {"method": ""}),
        ("nash-vertex-exact", {"method": "support_enumeration"}),
        ("nash-vertex-exact", {"regret": 0.5}),  # residual follows regret, not the truth
        ("nash-vertex-float", {"regret": 1e-3}),
        ("nash-vertex-exact", {"payoffs": np.array([F(1), F(1)], dtype=object)}),
        ("nash-vertex-float", {"payoffs": np.array([0.0, 0.0])}),
        ("nash-vertex-float", {"payoffs": np.array([1.0, 2.0, 3.0])}),
        ("stackelberg-exact", {"follower_regret": 1.0}),
        ("stackelberg-exact", {"follower_value": F(99)}),
        ("correlated-exact", {"max_violation": 0.25}),
        ("correlated-exact", {"payoffs": np.array([5.25, 5.25])}),  # floats for an exact game
        ("quantal", {"residual": 0.1}),
        ("trigger-float-detection", {"residual": 0.5}),
        ("rubinstein-exact", {"residual": 1e-3}),
        ("bargaining-float", {"residual": 1.0}),
        ("elimination-weak-float", {"residual": 2.0}),
        ("spe-subgames-float-mixed", {"method": "backward_induction"}),
        ("sequence-form-float", {"regret": 0.5}),
    ],
)
def test_check_core_catches_a_broken_result(case_id: str, changes: dict[str, Any]) -> None:
    case = _case("nash-bargaining-float" if case_id == "bargaining-float" else case_id)
    result = results(case)[0]
    check_core(result, case)  # the real result passes ...
    broken = _broken(result, **changes)
    with pytest.raises(AssertionError):
        check_core(broken, case)  # ... the broken one does not


def test_check_core_catches_writable_payoffs() -> None:
    case = _case("nash-vertex-float")
    result = results(case)[0]
    writable = np.array(result.payoffs)
    assert writable.flags.writeable
    clone = _broken(result)
    object.__setattr__(clone, "payoffs", writable)
    with pytest.raises(AssertionError):
        check_core(clone, case)


def test_check_core_catches_a_wrong_residual_of_a_derived_class() -> None:
    # the subgame-perfect residual is derived from the behaviour: a profile that is not an
    # equilibrium of the mixed subgame has a positive residual, which the checker recomputes
    case = _case("spe-subgames-float-mixed")
    r = results(case)[0]
    bad = np.array(r.behaviour, dtype=float)
    bad.flags.writeable = True
    for c in PENNIES.children(int(PENNIES.children(0)[1])):  # A plays H for sure inside
        bad[int(c)] = 1.0 if PENNIES.action_label(int(c)) == "H" else 0.0
    bad.flags.writeable = False
    broken = dataclasses.replace(r, behaviour=bad)
    assert broken.residual > 0.5  # B's best reply to H wins 1 instead of 0 ...
    assert broken.residual == pytest.approx(subgame_gain(PENNIES, bad), abs=1e-12)
    # ... and the checker refuses the stale payoffs recorded with it
    with pytest.raises(AssertionError):
        check_core(broken, case)


# -- the subgame-perfect residual against brute force -----------------------------------------
def _random_behaviour(tree: GameTree, rng: np.random.Generator) -> np.ndarray:
    b = np.zeros(tree.n_nodes)
    b[0] = 1.0
    for v in range(tree.n_nodes):
        kids = [int(c) for c in tree.children(v)]
        if not kids:
            continue
        if tree.node_kind[v] == DECISION:
            k = int(tree.infoset[v])
            first = int(tree.infoset_nodes(k)[0])
            if first != v:  # the same behaviour at every node of an information set
                for c, c0 in zip(kids, tree.children(first), strict=True):
                    b[c] = b[int(c0)]
                continue
            w = rng.random(len(kids))
            b[kids] = w / w.sum()
        else:
            b[kids] = [float(tree.probabilities[c]) for c in kids]
    b.flags.writeable = False
    return b


@pytest.mark.parametrize("tree_name", ["CENTIPEDE", "LUCK", "ENTRY", "PENNIES", "POKER", "TIES"])
@pytest.mark.parametrize("seed", range(4))
def test_spe_residual_matches_brute_force_on_any_behaviour(tree_name: str, seed: int) -> None:
    tree = globals()[tree_name]
    if tree.kind != "float":
        tree = tree.as_float()
    r = dm.subgame_perfect(tree)
    b = _random_behaviour(tree, np.random.default_rng(seed))
    other = dataclasses.replace(r, behaviour=b)
    assert other.residual == pytest.approx(subgame_gain(tree, b), abs=1e-12)
    assert other.residual > 0.0  # random play is not an equilibrium of these trees


def test_spe_residual_is_computed_once() -> None:
    r = dm.subgame_perfect(ENTRY)
    assert "residual" not in vars(r)  # nothing computed by the solver ...
    assert r.residual == 0.0
    assert "residual" in vars(r)  # ... and cached on first access


# -- the core survives pickle and copy ------------------------------------------------------------
def _arrays(result: Any) -> list[np.ndarray]:
    values = [getattr(result, f.name) for f in dataclasses.fields(result)]
    flat = [x for v in values for x in (v if isinstance(v, tuple) else (v,))]
    return [a for a in flat if isinstance(a, np.ndarray)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_core_survives_a_round_trip(case: Case, how: str) -> None:
    import copy
    import pickle

    for r in results(case):
        back = pickle.loads(pickle.dumps(r)) if how == "pickle" else copy.deepcopy(r)
        assert back is not r
        check_core(back, case)  # payoffs read-only again, same values, same residual
        assert back.method == r.method
        assert back.residual == r.residual
        for a in _arrays(back):  # and every array the result holds, as the solver built it
            assert not a.flags.writeable
