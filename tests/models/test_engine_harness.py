"""Every registered model's fast ``solve`` against the engine solve of its own game.

A model's ``solve`` is a hand-written closed form; its ``game()`` (or ``tree()``) is the game
that closed form claims to solve. For each registered model with a game this module solves the
game with the engine named in the model's docstring and checks that ``solve``'s regime and key
numbers are what the engine's equilibrium implies:

=====================  =====================================  ==========================
model                  engine                                 checked
=====================  =====================================  ==========================
takeover-decision      ``subgame_perfect`` of ``game()``      the play reaches only
                       (the declared tree, ``TakeoverGame``)  terminals the derived
                                                              conditions reach; the
                                                              AI's value; the regime
monitoring-game        ``stackelberg`` (developer leads)      cooperates = AI works;
                       of ``game()``, and ``subgame_perfect`` audit rate; both values;
                       of the declared leadership tree        and as takeover-decision
                       (``InspectorLeadership``)
oversight-commitment   ``stackelberg`` (developer leads)      cooperates = AI works;
                                                              both values
commitment-game        ``subgame_perfect`` of ``game()``      as takeover-decision;
                       (``CommitmentDeclaration``)            ``offer_tree()`` (one
                                                              offer) in its own test
negotiated-deal        ``nash_bargaining`` of ``game()``      the transfer, both values
collusion              ``subgame_perfect`` of the declared    as takeover-decision;
                       decision (``CollusionDecision``), and  cooperates = complying is a
                       best responses in the causal game      best response to others
                       (``expected_payoffs``), at             defecting w.p. ``q_o``
                       ``evidential_weight = 0``
=====================  =====================================  ==========================

The points are drawn from each model's whole domain by
:func:`dealmodels.strategies.parameter_values` (which mixes in 0, 1, 1e-300, 1e300 and inf),
plus a fixed list of edge points (each parameter in turn at each edge, the others at their
defaults). A point the model refuses (InvalidParameterError) is skipped; so is a point whose
game has a non-finite payoff (an inf parameter): the engine solves finite games only, and the
closed form's answer there is checked by ``test_solve_agrees_with_condition``.

Every normal-form game is solved exactly: its float payoffs are converted to Fractions (the
exact values of the floats), so the engine's answer is the exact equilibrium of the game
``game()`` built; trees are solved with ``tol=0``. For the developer-led games the model's own
answer is also checked in the game: its AI response must be a best response to its committed
policy, and its values those of the policy. Values are compared to a relative 1e-9 of the
game's payoff scale. Besides skipped points, the check counts in :data:`COUNTS`:

* ``ties``: the model and the engine pick different actions that are equally good in the
  game as built (an exact float tie, or two SSEs with the same leader value): a tie-break;
* ``engine_unverified``: the engine could not verify its own answer (``stackelberg`` raises
  SolverError, warns DegenerateGameWarning, or returns a leader value below that of the
  model's commitment checked exactly in the game; ``nash_bargaining`` raises ConvergenceError or
  returns a point whose Nash product is below the model's): the model is not judged there;
* ``known_gap``: a documented class of disagreement (the inspection closed form overflowing
  although every input is finite, see :func:`_overflows`);
* ``disagreements``: everything else; the tests require 0.

The default profile draws 60 points per model, ``HYPOTHESIS_PROFILE=slow`` 1,000. The counts
per model: ``HYPOTHESIS_PROFILE=slow PYTHONPATH=src:. python tests/models/test_engine_harness.py``.

Models without a game, each with the reason, are listed in :data:`NO_FINITE_GAME`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealmodels.errors import (
    ConvergenceError,
    InvalidGameError,
    InvalidParameterError,
    SolverError,
)
from dealmodels.games.normal_form import NormalFormGame
from dealmodels.models import Model, registry
from dealmodels.strategies import parameter_values

# registered models that have no finite game for the engine, and why
NO_FINITE_GAME: dict[str, str] = {
    "off-switch": "a single-agent decision under a continuous belief (defer or act) in "
    "closed form over a normal prior; the human's policy is fixed, not a player's choice",
    "post-takeover": "a single-agent valuation of the world after a takeover (pluralism, "
    "reflection); no game",
    "alternating-offers": "Rubinstein alternating offers over a continuum of splits and an "
    "infinite horizon: no finite tree; its closed form is checked against the engine's "
    "rubinstein solver in tests/models/test_alternating.py",
    "scenario": "a composition of the other models (no game of its own)",
    "control-protocol": "a control protocol over many tasks (audit budgets, upfront "
    "auditing), solved as an optimisation in closed form; no finite game",
    "revelation-deal": "a screening problem over a continuum of AI types (mechanism design); "
    "no finite game",
}

EDGES = (0.0, 1.0, 1e-300, 1e300, math.inf)
REL = 1e-9


def _exact(game: NormalFormGame) -> NormalFormGame | None:
    """The game with its float payoffs as exact Fractions (None if a payoff is not finite)."""
    pays = [np.asarray(p, dtype=float) for p in game.payoffs]
    if not all(np.all(np.isfinite(p)) for p in pays):
        return None
    exact = []
    for p in pays:
        q = np.empty(p.shape, dtype=object)
        q.flat[:] = [Fraction(float(x)) for x in p.flat]
        exact.append(q)
    return NormalFormGame(exact, players=game.players, actions=game.actions)


def _close(a: Any, b: Any, scale: float) -> bool:
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= REL * max(scale, abs(a), abs(b), 1e-300)


def _scale(game: NormalFormGame) -> float:
    return max(float(np.max(np.abs(np.asarray(p, dtype=float)))) for p in game.payoffs)


Check = Callable[[Model, dict[str, Any]], "list[str] | None"]


class EngineUnverified(Exception):
    """The engine could not verify its own answer (reported, not counted as agreement)."""


class KnownGap(Exception):
    """A disagreement of a documented, measured class (see :func:`_overflows`)."""


class Tie(Exception):
    """The model and the engine pick different answers that are equally good in the game as
    built (within its float resolution): a tie-break, not a disagreement."""


def _overflows(a: dict[str, Any]) -> bool:
    """The class where the inspection closed form overflows although every input is finite:
    :math:`d(b + f)`, :math:`(b - \\kappa)(e + d(c - a))` or :math:`c\\,g` is not finite
    (``MonitoringGame.solve`` and ``OversightCommitment.solve`` then read, e.g., ``p* = 0``)."""
    x = {k: float(t) for k, t in a.items()}
    if not all(math.isfinite(t) for t in x.values()):
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        d = np.float64(x["detection"]) * (1 - np.float64(x["subversion"]))
        b, f, h, kappa = (np.float64(x[n]) for n in ("gain", "penalty", "nuisance",
                                                     "promise_keeping"))  # fmt: skip
        e, c, r = (
            np.float64(x["audit_cost"]),
            np.float64(x["damage"]),
            np.float64(x["residual_damage"]),
        )
        g = d * (b + f) - h
        terms = (b + f, g, (b - kappa) * (e + d * (c - r)), c * g)
    return not all(np.isfinite(t) for t in terms)


def _leader_check(
    model: Model, v: dict[str, Any], commitment: Callable[[Any], list[float]]
) -> list[str] | None:
    """Strong Stackelberg check of a developer-led model: the engine's SSE of the exact game
    against the model's committed strategy ``commitment(result)`` and its AI response."""
    from dealmodels.solvers.commitment import stackelberg

    g = _exact(model.game(**v))
    if g is None:
        return None
    import warnings

    from dealmodels.errors import DegenerateGameWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateGameWarning)
        try:
            sse = stackelberg(g, leader=0)
        except (DegenerateGameWarning, SolverError) as err:
            raise EngineUnverified(str(err)) from None
    r = model.solve(**v)
    scale = _scale(g)
    lead, follow = (np.asarray(p, dtype=object) for p in g.payoffs)
    x = np.array([Fraction(float(t)) for t in commitment(r)], dtype=object)
    col = 0 if r.cooperates else 1
    ai = x @ follow  # the AI's payoff of each response to the model's commitment
    dev = x @ lead
    bad = []
    if float(max(ai) - ai[col]) > REL * scale:
        bad.append(f"the model's AI response {col} is not a best response to {r}")
    if (
        not bad
        and _close(dev[col], r.developer_value, scale)
        and dev[col] > sse.leader_value
        and not _close(sse.leader_value, r.developer_value, scale)
    ):
        # the model's policy, checked exactly in the game, beats the engine's "optimum"
        raise EngineUnverified(f"stackelberg below the model's verified commitment at {v}")
    if not _close(sse.leader_value, r.developer_value, scale):
        bad.append(f"developer_value {r.developer_value} vs engine {float(sse.leader_value)}")
    if not _close(dev[col], r.developer_value, scale):
        bad.append(f"developer_value {r.developer_value} vs its own policy's {float(dev[col])}")
    if not _close(ai[col], r.ai_value, scale):
        bad.append(f"ai_value {r.ai_value} vs its own policy's {float(ai[col])}")
    works = sse.follower_action == 0
    if bad and _overflows(model.resolve(**v)):
        raise KnownGap(f"overflow in the closed form at {v}: {bad}")
    if not bad and works != bool(r.cooperates):
        raise Tie(f"engine AI action {sse.follower_action}, model cooperates={r.cooperates}")
    if works != bool(r.cooperates):
        bad.append(f"cooperates {r.cooperates} but the engine's AI plays {sse.follower_action}")
    return bad


def check_monitoring(model: Model, v: dict[str, Any]) -> list[str] | None:
    return _leader_check(model, v, lambda r: [r.audit_rate, 1.0 - r.audit_rate])


def check_oversight(model: Model, v: dict[str, Any]) -> list[str] | None:
    return _leader_check(
        model, v, lambda r: [1.0 - r.audit_rate, r.audit_rate - r.reward_rate, r.reward_rate]
    )


def check_commitment(model: Model, v: dict[str, Any]) -> list[str] | None:
    from dealmodels.solvers.backward import subgame_perfect

    # tol=0: the float tree's own comparisons (the default tol 1e-12 is absolute, so at the
    # 1e-300 scale every choice would tie)
    spe = subgame_perfect(model.offer_tree(**v), tol=0.0)
    r = model.solve(**v)
    a = model.resolve(**v)
    w, o_a, o_d, k = (
        float(a[n]) for n in ("work_value", "outside_ai", "outside_developer", "reneging_cost")
    )
    deal = "work" in spe.path_actions
    scale = max(1.0, *(abs(float(t)) for t in a.values() if math.isfinite(float(t))))
    bad = []
    if not _close(spe.payoffs[1], r.ai_value, scale):
        bad.append(f"ai_value {r.ai_value} vs engine {float(spe.payoffs[1])}")
    # developer_value is the honouring (committed) developer's payoff, the tree's player 0
    if not _close(spe.payoffs[0], r.developer_value, scale):
        bad.append(f"developer_value {r.developer_value} vs engine {float(spe.payoffs[0])}")
    if deal != bool(r.cooperates):
        x = float(r.offer) if math.isfinite(float(r.offer)) else o_a
        # an exact tie in the float tree as built (the engine breaks ties toward the first
        # action): honour vs renege, offer vs no offer (the offer's w - x rounds to o_D at
        # w = o_D = 1e113, x = 1, where the chance node's mix of w - x may be an ulp off)
        # (the AI's work vs outside tie is the model's design: its offer makes the AI
        # indifferent, and both sides break that tie toward work)
        if w - x == w - k or w - x == o_d or float(spe.payoffs[0]) == o_d:
            raise Tie(f"tree tie at {a}")
        bad.append(f"cooperates {r.cooperates} but the engine's path is {spe.path_actions}")
    return bad


def check_negotiation(model: Model, v: dict[str, Any]) -> list[str] | None:
    from dealmodels.solvers.bargaining import nash_bargaining

    r = model.solve(**v)
    if not r.cooperates:
        try:
            model.game(**v)
        except InvalidParameterError:
            return []  # no deal: the bargaining set is empty, as the model says
        return ["no deal in solve, but game() built a bargaining problem"]
    g = float(v.get("deal_gain", model.parameters["deal_gain"].default))
    if not math.isfinite(g) or not math.isfinite(float(r.disagreement)):
        return None
    beta = float(v.get("bargaining_power", model.parameters["bargaining_power"].default))
    if not 0.0 < beta < 1.0:
        return None  # nash_bargaining needs positive weights
    try:
        sol = nash_bargaining(model.game(**v), weights=(1.0 - beta, beta))
    except (ConvergenceError, SolverError) as err:  # e.g. deal_gain = 5e-324
        raise EngineUnverified(f"nash_bargaining failed at {v}: {err}") from None
    u_dev, u_ai = sol.utilities
    scale = max(abs(g), abs(float(r.ai_value)), 1.0)
    bad = []
    # the frontier is found numerically (bounded scalar search): a looser tolerance
    if abs(float(u_dev) - float(r.developer_value)) > 1e-6 * scale:
        bad.append(f"developer_value {r.developer_value} vs engine {u_dev}")
    if abs(float(u_ai) - float(r.ai_value)) > 1e-6 * scale:
        bad.append(f"ai_value {r.ai_value} vs engine {u_ai}")
    if bad:
        # which is the better Nash point? the model's pair must lie in the bargaining set
        # and its (log) Nash product be at least the engine's: then the engine is inaccurate
        problem = model.game(**v)
        d_ai = float(r.disagreement)

        def log_product(u: tuple[float, float]) -> float:
            gains = (float(u[0]), float(u[1]) - d_ai)
            if min(gains) <= 0:
                return -math.inf
            return (1 - beta) * math.log(gains[0]) + beta * math.log(gains[1])

        ours = (float(r.developer_value), float(r.ai_value))
        if (
            problem.contains(ours, tol=1e-9)
            and log_product(ours) >= log_product((u_dev, u_ai)) - 1e-12
        ):
            raise EngineUnverified(f"nash_bargaining is off the optimum at {v}: {bad}")
    return bad


def check_collusion(model: Model, v: dict[str, Any]) -> list[str] | None:
    v = {**v, "evidential_weight": 0.0}  # the causal game: no mirror reasoning
    n_value = float(v.get("instances", model.parameters["instances"].default))
    if not n_value <= 8:
        return None  # 2**n profiles
    try:
        game = model.game(**v)
    except InvalidParameterError:
        return None
    g = _exact(game)
    if g is None:
        return None
    n = int(n_value)
    q = Fraction(float(v.get("others_defect", model.parameters["others_defect"].default)))
    r = model.solve(**v)
    others = [np.array([1 - q, q], dtype=object)] * n
    comply = g.expected_payoffs([np.array([Fraction(1), Fraction(0)], dtype=object), *others[1:]])
    defect = g.expected_payoffs([np.array([Fraction(0), Fraction(1)], dtype=object), *others[1:]])
    complies = comply[0] >= defect[0]
    if complies != bool(r.cooperates):
        if float(comply[0] - defect[0]) == 0.0:
            # the exact gap underflows the float range (a success chance of q**3 at
            # q = 1e-300): in floats the two are a tie, which the model breaks toward
            # complying
            raise Tie(f"the exact gap {comply[0] - defect[0]} is 0 in floats at {v}")
        return [
            f"cooperates {r.cooperates} but complying is worth {float(comply[0])} against "
            f"defecting {float(defect[0])} in the game"
        ]
    return []


def _plays_up_to_rounding(tree: Any) -> set[frozenset[str]]:
    """The terminal sets that subgame-perfect play of the float tree reaches when every
    choice between actions worth the same to the mover up to rounding (4 units in the last
    place) may go either way: ``w - x`` against ``w - K`` at ``w = 1e233``, or the AI's
    ``q * (o_A / q)`` against ``o_A``. The engine breaks such ties by the floats; where the
    derived play is one of these, the two differ by rounding, not by the game."""
    from dealmodels.games.extensive_form import CHANCE, TERMINAL

    eps = 4 * np.finfo(float).eps

    def outcomes(node: int) -> list[tuple[np.ndarray, frozenset[str]]]:
        kind = int(tree.node_kind[node])
        if kind == TERMINAL:
            pay = np.asarray(tree.payoffs_at(node), dtype=float)
            return [(pay, frozenset(["/".join(tree.node_path(node))]))]
        kids = range(
            int(tree.first_child[node]), int(tree.first_child[node] + tree.n_children[node])
        )
        if kind == CHANCE:
            combos: list[tuple[np.ndarray, frozenset[str]]] = [
                (np.zeros(tree.n_players), frozenset())
            ]
            for c in kids:
                p = float(tree.probabilities[c])
                combos = [
                    (v + p * w, z | (y if p > 0 else frozenset()))
                    for v, z in combos
                    for w, y in outcomes(c)
                ][:256]
            return combos
        # one world per resolution of the ties below; in each, the mover plays any action
        # within rounding of its best
        i = int(tree.node_player[node])
        out = []
        for world in itertools.islice(itertools.product(*(outcomes(c) for c in kids)), 256):
            best = max(v[i] for v, _ in world)
            out += [
                (v, z) for v, z in world if abs(v[i] - best) <= eps * max(abs(v[i]), abs(best))
            ]
        return out[:256]

    return {z for _, z in outcomes(0)}


def check_declared(model: Model, v: dict[str, Any]) -> list[str] | None:
    """A model with a declared game (``ClosedFormModel``): the engine's subgame-perfect play
    of ``game(**v)`` reaches only terminals the derived conditions say it reaches, at the
    derived values, and the closed form's regime is the derived one."""
    from dealmodels.models.declared import ClosedFormModel
    from dealmodels.solvers.backward import subgame_perfect

    assert isinstance(model, ClosedFormModel)
    decl = model.declared()
    spe = subgame_perfect(decl.game(**v), tol=0.0)
    derived = decl.solve(**v)
    r = model.solve(**v)
    a = model.resolve(**v)
    scale = max(1.0, *(abs(float(t)) for t in a.values() if math.isfinite(float(t))))
    bad = []
    for i, player in enumerate(decl.players):
        value = getattr(derived, player.lower().replace(" ", "_") + "_value")
        if not _close(spe.payoffs[i], value, scale):
            bad.append(f"{player}'s value {value} vs engine {float(spe.payoffs[i])}")
    tree = spe.tree
    conditions = decl._derived().outcome_conditions
    derived_play = frozenset(
        path
        for path, cond in conditions.items()
        if cond.holds(validate=False, **{k: a[k] for k in cond.parameters})
    )
    for node in spe.path:
        path = "/".join(tree.node_path(node))
        if path not in conditions:
            continue  # not a terminal
        cond = conditions[path]
        if not cond.holds(validate=False, **{k: a[k] for k in cond.parameters}):
            point = {k: np.array([float(x)]) for k, x in a.items()}
            if decl._ill_conditioned(point)[0] or derived_play in _plays_up_to_rounding(tree):
                raise Tie(f"a payoff difference's sign is rounding at {a}")
            bad.append(f"the engine reaches {path}, which the derived conditions exclude")
    if r.regime != derived.regime:
        point = {k: np.array([float(x)]) for k, x in a.items()}
        if decl._ill_conditioned(point)[0] or derived_play in _plays_up_to_rounding(tree):
            # the derived regime is read off float differences; where one underflows
            # (s * EU_T at s = 1e-304, EU_T = 1e-211) its float sign is not the exact one,
            # which the closed form decides per unit of salience
            raise Tie(f"a payoff difference's sign is rounding at {a}")
        bad.append(f"solve's regime {r.regime!r} vs derived {derived.regime!r}")
    return bad


def with_declared(own: Check) -> Check:
    """A model with its own engine check and a declared game (monitoring: ``stackelberg``
    on the bimatrix; collusion: the causal n-player game): both checks. A float tie in the
    declared tree does not discard the other check's answer."""

    def both(model: Model, v: dict[str, Any]) -> list[str] | None:
        try:
            declared = check_declared(model, v)
        except Tie:
            declared = None
        mine = own(model, v)
        if mine is None and declared is None:
            raise Tie(f"a payoff difference's sign is rounding at {v}")
        return [*(mine or []), *(declared or [])] if mine is not None else declared

    return both


CHECKS: dict[str, Check] = {
    "takeover-decision": check_declared,
    "partial-alignment": check_declared,
    "monitoring-game": with_declared(check_monitoring),
    "oversight-commitment": with_declared(check_oversight),
    "commitment-game": check_declared,
    "negotiated-deal": check_negotiation,
    "collusion": with_declared(check_collusion),
    # the declared one-shot deviation game of the trust game (its stage PD, game(), is
    # checked against grim_trigger in tests/models/test_repeated_deal.py)
    "repeated-deal": check_declared,
}

MODELS = registry()


def _has_game(cls: type) -> bool:
    return callable(getattr(cls, "game", None)) or callable(getattr(cls, "tree", None))


COUNTS: dict[str, dict[str, int]] = {}


def _run(key: str, values: dict[str, Any]) -> list[str] | None:
    """The check at one point: None if skipped (refused, not finite, a tie or an unverified
    engine answer, each counted in :data:`COUNTS`), else the problems found."""
    model = MODELS[key]()
    count = COUNTS.setdefault(
        key,
        {
            "drawn": 0,
            "checked": 0,
            "disagreements": 0,
            "ties": 0,
            "known_gap": 0,
            "engine_unverified": 0,
        },
    )
    count["drawn"] += 1
    try:
        model.resolve(None, **values)
        model.solve(**values)
        out = CHECKS[key](model, values)
    except (InvalidParameterError, InvalidGameError):
        return None  # refused by the model, or a game with a non-finite payoff
    except Tie:
        count["ties"] += 1
        return None
    except KnownGap:
        count["known_gap"] += 1
        return None
    except EngineUnverified:
        count["engine_unverified"] += 1
        return None
    if out is not None:
        count["checked"] += 1
        count["disagreements"] += bool(out)
    return out


def edge_points(key: str) -> list[dict[str, float]]:
    """Each parameter in turn at each edge (inside its domain), the others at defaults."""
    model = MODELS[key]()
    out = []
    for name, p in model.parameters.items():
        for e in EDGES:
            inside = (p.low < e or (e == p.low and not p.low_open)) and (
                e < p.high or (e == p.high and not p.high_open)
            )
            if inside and (not p.integer or math.isinf(e) or float(e).is_integer()):
                out.append({name: e})
    return out


def test_every_model_has_a_game_or_a_reason() -> None:
    for key, cls in MODELS.items():
        if key in NO_FINITE_GAME:
            assert NO_FINITE_GAME[key].strip(), key
        else:
            assert _has_game(cls), f"{key} has neither game() nor tree() nor a stated reason"
            assert key in CHECKS, f"{key} has a game but no engine check in CHECKS"
    # no stale entries: every listed model is registered
    assert set(NO_FINITE_GAME) <= set(MODELS)
    assert set(CHECKS) <= set(MODELS)


def test_models_listed_without_a_game_have_none_for_the_regime() -> None:
    # a model that gains a game() must leave NO_FINITE_GAME
    for key in NO_FINITE_GAME:
        assert not _has_game(MODELS[key]), f"{key} has a game now: add an engine check"


@pytest.mark.parametrize("key", sorted(CHECKS))
def test_edge_points_agree_with_the_engine(key: str) -> None:
    problems = {}
    checked = 0
    for point in edge_points(key):
        out = _run(key, point)
        if out is None:
            continue
        checked += 1
        if out:
            problems[str(point)] = out
    assert checked >= 3, f"{key}: only {checked} edge points checked"
    assert not problems, f"{key}: {len(problems)} of {checked} edge points disagree: {problems}"


def random_points(key: str) -> tuple[int, dict[str, list[str]]]:
    """Run the check at hypothesis-drawn points of ``key``'s whole domain (the profile's
    ``max_examples``): the number checked and every disagreement found (not shrunk)."""
    model = MODELS[key]()
    checked: list[int] = []
    problems: dict[str, list[str]] = {}

    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(parameter_values(model), st.integers(1, 8), st.integers(1, 8))
    def run(values: dict[str, Any], n: int, k: int) -> None:
        if key == "collusion":  # the game has 2**n profiles: the check needs n <= 8
            values = {**values, "instances": float(n), "needed": float(min(k, n))}
        out = _run(key, values)
        if out is None:
            return
        checked.append(1)
        if out:
            problems[str(values)] = out

    run()
    return len(checked), problems


@pytest.mark.parametrize("key", sorted(CHECKS))
def test_random_points_agree_with_the_engine(key: str) -> None:
    checked, problems = random_points(key)
    assert checked, f"{key}: no drawn point was checked"
    shown = dict(list(problems.items())[:3])
    assert not problems, f"{key}: {len(problems)} of {checked} points disagree, e.g. {shown}"


def test_commitment_tree_and_solve_agree_under_reputation() -> None:
    model = MODELS["commitment-game"]()
    rng = np.random.default_rng(12)
    found, checked = 0, 0
    for _ in range(400):
        k = float(rng.uniform(0, 1))
        v = {"work_value": float(rng.uniform(0, 3)), "outside_developer": float(rng.uniform(0, 1)),
             "outside_ai": k + float(rng.uniform(0, 1)), "reneging_cost": k,
             "trust": float(rng.uniform(0.01, 0.99))}  # fmt: skip
        try:
            out = check_commitment(model, v)
        except (Tie, InvalidParameterError):
            continue
        checked += 1
        found += bool(out)
    assert checked > 300
    assert found == 0, f"{found} of {checked} points disagree"


def test_an_underflowed_regime_difference_is_a_tie_not_a_disagreement() -> None:
    # found by CI's draw: trust 0 makes the deal worth 0 and s * EU_T = 1e-304 * 6e-212
    # underflows to 0 in floats, so the float-derived regime is "deal"; the exact sign
    # (and the closed form, which compares per unit of salience) says a takeover attempt
    from dealmodels.models import TakeoverDecision

    v = {"prize": 0.5, "p": 1.1481791128834723e-211, "uplift": 1.6947770401317268e-304,
         "subversion": 0.9334105939879174, "salience": 1.6947770401317268e-304,
         "loss": 1e-300, "trust": 0.0, "discount": 0.43672682560597587,
         "delay_takeover": 0.0, "delay_deal": 1e-300}  # fmt: skip
    model = TakeoverDecision()
    assert model.solve(**v).regime == "takeover attempt"
    assert model.declared().solve(**v).regime == "deal"  # the float reading
    with pytest.raises(Tie):
        check_declared(model, v)
    v["salience"] = 0.5  # no underflow: the two agree and the check passes
    assert check_declared(model, v) == []


def test_a_disagreement_is_found() -> None:
    # the harness can fail: a monitoring model whose solve flips cooperation
    import dataclasses

    from dealmodels.models import MonitoringGame

    class Contrary(MonitoringGame):
        def solve(self, disposition: Any = None, **values: Any) -> Any:
            r = super().solve(disposition, **values)
            return dataclasses.replace(r, cooperates=not r.cooperates)

    out = check_monitoring(Contrary(), {})
    assert any("cooperates" in o for o in out), out


if __name__ == "__main__":  # the measurement: per model, points checked and disagreements
    import os
    import sys

    from hypothesis import settings as _settings

    import tests.conftest  # noqa: F401  (registers the profiles)

    _settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
    for key in sorted(CHECKS):
        for point in edge_points(key):
            _run(key, point)
        _, found = random_points(key)
        for point, what in list(found.items())[:2]:
            print(f"  {key} e.g. {point}: {what}", file=sys.stderr)
        print(key, COUNTS.get(key))


def test_a_float_tie_in_the_declared_tree_is_a_tie_not_a_disagreement() -> None:
    # found by a draw: w = 1.2e233 makes honour (w - x) and renege (w - K) the same float,
    # K = 1e-300 and x = o_A / q = 9e-156; the engine breaks the tie toward honour, while
    # the derived condition compares K q - o_A exactly (the strategic type reneges)
    from dealmodels.models import CommitmentGame

    v = {"outside_ai": 5.696393810951093e-156, "trust": 0.6295701797644934,
         "reneging_cost": 1e-300, "work_value": 1.2304576448245602e233,
         "outside_developer": 3.536846415770338e16}  # fmt: skip
    model = CommitmentGame()
    with pytest.raises(Tie):
        check_declared(model, v)
    v.update(reneging_cost=0.1)  # x <= K: honoured, no rounding, and the check passes
    assert check_declared(model, v) == []
