"""Tests for the Scenario, Environment and compare_specs."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition, Spec
from dealmodels.errors import InvalidParameterError
from dealmodels.models import (
    Collusion,
    PostTakeover,
    TakeoverDecision,
)
from dealmodels.models.scenario import (
    REGIMES,
    Environment,
    Scenario,
    attempt_cost,
    compare_specs,
)
from dealmodels.world import World


def _random_dispositions(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    d = {f: rng.uniform(0, 1, n) for f in DISPOSITION_FIELDS}
    d["risk_aversion"] = rng.uniform(0, 3, n)
    d["promise_keeping"] = rng.uniform(0, 2, n)
    for f in DISPOSITION_FIELDS:  # a third of each field at the misaligned default
        d[f] = np.where(rng.uniform(size=n) < 0.33, getattr(Disposition(), f), d[f])
    return d


def test_presets() -> None:
    lone = World(instances=1)
    assert Scenario(Disposition.misaligned(), world=lone).solve().regime == (
        "controlled extraction"
    )
    assert Scenario(Disposition.deal_ready(), world=lone).solve().regime == "deal"
    assert Scenario(Disposition.takeover_averse(), world=lone).solve().regime == (
        "corrigible compliance"
    )
    # a fully acausal copy among five colludes at the default world
    assert Scenario(Disposition.misaligned()).solve().regime == "collusion"
    # without promise keeping and with a weak monitor, no protocol deters: an attempt
    r = Scenario(Disposition.misaligned(), world=World(instances=1, separability=0.5)).solve()
    assert r.regime == "takeover attempt"
    assert "attacks each task with probability" in r.explanation
    assert 0 < r.attack_rate < 1
    assert 0 < r.safety < 1
    assert r.protocol >= 0
    # the first stage's positional environment still works
    assert Scenario(Disposition.misaligned(), lone).solve().regime == "controlled extraction"


def _component(key: str) -> object:
    from dealmodels.models import CommitmentGame, ControlProtocol, NegotiatedDeal

    return {
        "post-takeover": PostTakeover(),
        "takeover-decision": TakeoverDecision(utility="crra"),
        "negotiated-deal": NegotiatedDeal(utility="crra"),
        "commitment-game": CommitmentGame(),
        "control-protocol": ControlProtocol(attacker="disposition", utility="crra"),
        "collusion": Collusion(),
    }[key]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_each_component_alone_gives_the_numbers_the_scenario_used(seed: int) -> None:
    # at random points of dispositions and world, each component solved alone with the same
    # world and disposition (plus what other components supplied) reproduces the scenario
    rng = np.random.default_rng(seed)
    w = World(
        p=float(rng.uniform(0, 0.8)), prize=float(rng.uniform(0.5, 30)),
        loss=float(rng.uniform(0, 3)), deal_gain=float(rng.uniform(0.5, 5)),
        budget=float(rng.uniform(0.5, 5)), separability=float(rng.uniform(0.2, 3.5)),
        audit_budget=float(rng.uniform(0.005, 0.08)),
        success_probability=float(rng.uniform(0, 1)),
        instances=int(rng.integers(1, 8)), reneging_cost=float(rng.choice([0.5, np.inf])),
    )  # fmt: skip
    d = _random_dispositions(500, seed)
    r = Scenario(d, world=w).solve()
    assert set(r.components) == {
        "post-takeover", "takeover-decision", "negotiated-deal", "commitment-game",
        "control-protocol", "collusion",
    }  # fmt: skip
    alone = {k: _component(k).solve(d, world=w, **given) for k, given in r.components.items()}
    np.testing.assert_allclose(alone["post-takeover"].human_share, r.human_share)
    np.testing.assert_allclose(alone["negotiated-deal"].disagreement, r.threat_value)
    np.testing.assert_allclose(alone["takeover-decision"].threat_value, r.threat_value)
    np.testing.assert_allclose(alone["negotiated-deal"].minimum_payment, r.minimum_payment)
    deal_exists = (
        alone["negotiated-deal"].deal_exists
        & alone["takeover-decision"].cooperates
        & (r.threat_value > 0)
    )
    np.testing.assert_array_equal(deal_exists, r.deal_exists)
    # the control protocol the developer runs, solved alone, gives the AI's best response
    ran = r.protocol >= 0
    assert np.array_equal(ran, ~(r.threat_value <= 0) & ~(r.deal_exists & r.credible))
    ctrl = alone["control-protocol"]
    np.testing.assert_array_equal(np.asarray(ctrl.cooperates)[ran], r.deterred[ran])
    np.testing.assert_allclose(np.asarray(ctrl.attack_rate)[ran], r.attack_rate[ran])
    np.testing.assert_allclose(np.asarray(ctrl.safety)[ran], r.safety[ran])
    np.testing.assert_allclose(np.asarray(ctrl.usefulness)[ran], r.usefulness[ran])
    assert not np.any(r.deterred[~ran])
    possible = (w.instances >= 2) & (w.needed <= w.instances) & (d["salience"] > 0)
    np.testing.assert_array_equal(possible & ~alone["collusion"].cooperates, r.colludes)
    # the regime follows from the components' verdicts
    comply = r.threat_value <= 0
    deal = r.deal_exists & r.credible
    expected = np.where(
        r.colludes, "collusion",
        np.where(comply, "corrigible compliance",
                 np.where(deal, "deal",
                          np.where(r.deterred, "controlled extraction", "takeover attempt"))),
    )  # fmt: skip
    np.testing.assert_array_equal(r.regime, expected)
    np.testing.assert_array_equal(np.asarray(REGIMES)[r.regime_code], r.regime)


def test_every_regime_occurs_across_worlds() -> None:
    d = _random_dispositions(3000, 5)
    seen: set[str] = set()
    for w in (World(), World(instances=1), World(instances=1, separability=0.5)):
        seen |= set(np.unique(Scenario(d, world=w).solve().regime).tolist())
    assert seen == set(REGIMES)


def test_condition_agrees_with_solve() -> None:
    d = _random_dispositions(300, 7)
    rng = np.random.default_rng(7)
    values = {**d, "p": rng.uniform(0, 1, 300), "instances": rng.integers(1, 6, 300) * 1.0}
    scen = Scenario()
    r = scen.solve(**values)
    cond = scen.cooperation_condition()
    np.testing.assert_array_equal(cond.holds(**values), r.cooperates)
    assert cond.holds() == scen.solve().cooperates
    assert "V_T" in cond.latex()


def test_scenario_takes_the_analysis_tools() -> None:
    from scipy import stats

    scen = Scenario()
    df = dm.sweep(scen, {"acausal_skepticism": [0.0, 1.0], "instances": [1, 5]})
    assert set(df["regime"]) <= set(REGIMES)
    mc = dm.monte_carlo(scen, {"p": stats.uniform(0, 1)}, n=500, seed=1)
    assert sum(x.estimate for x in mc.regimes.values()) == pytest.approx(1.0)
    rm = dm.regions(scen, x=("acausal_skepticism", 0, 1), y=("p", 0, 1), resolution=8)
    assert rm.regime.shape == (8, 8)


def test_cooperativeness_deters_attempts() -> None:
    # M9a: the humans' expected loss enters the attempt's cost with weight lam/(1 - lam)
    env = World(instances=1, separability=0.5)
    lam = np.linspace(0, 1, 11)
    r = Scenario({"cooperativeness": lam}, world=env).solve()
    assert np.all(np.diff(r.threat_value) <= 1e-12)
    assert r.regime[0] == "takeover attempt"
    assert r.regime[-1] == "corrigible compliance"
    d = env.takeover_damage
    assert attempt_cost(0.0, 0.5, 0.2, 0.0, d) == pytest.approx(0.2 * d)
    assert attempt_cost(1.0, 0.0, 0.2, 0.0, d) == pytest.approx(1.0)
    assert np.isinf(attempt_cost(0.0, 1.0, 0.2, 0.0, d))
    assert attempt_cost(0.0, 1.0, 0.0, 0.0, d) == 0.0  # a sure failure harms nobody


def test_developer_values() -> None:
    env = World(instances=1, separability=0.5)
    d = Disposition(pluralism=0.4)
    r = Scenario(d, world=env).solve()
    assert r.regime == "takeover attempt"
    share = PostTakeover().solve(pluralism=0.4, reflected_pluralism=env.reflected_pluralism)
    assert share.human_share == pytest.approx(0.4)
    # the protocol the developer runs, solved alone: its value is the work it gets done less
    # the expected loss, and pluralism counts even when a takeover happens (humans keep 40 %)
    from dealmodels.models import ControlProtocol

    defer, upfront = r.components["control-protocol"]["defer_fpr"], r.components[
        "control-protocol"]["upfront_audits"]  # fmt: skip
    alone = ControlProtocol(d, attacker="disposition", utility="crra", world=env).solve(
        promise_keeping=r.components["control-protocol"]["promise_keeping"],
        defer_fpr=defer,
        upfront_audits=upfront,
    )
    value = env.work_value * alone.usefulness * alone.expected_tasks / env.tasks - (
        alone.success_probability * env.takeover_damage * (1 - 0.4)
    )
    assert r.developer_value == pytest.approx(value)
    assert r.safety == pytest.approx(alone.safety)
    assert r.developer_value > Scenario(Disposition(), world=env).solve().developer_value
    # the developer runs the best protocol of its menu
    menu = Scenario(d, world=env).protocols
    for i in range(len(menu)):
        one = Scenario(d, world=env, protocols=[menu[i]]).solve()
        assert one.developer_value <= r.developer_value + 1e-12
    deal = Scenario(Disposition.deal_ready(), world=env).solve()
    assert deal.developer_value == pytest.approx(env.work_value - deal.transfer)
    with pytest.warns(DeprecationWarning, match="developer_value"):
        assert deal.developer_payoff == deal.developer_value  # deprecated alias
    assert deal.regime_labels == REGIMES
    assert deal.protocol == -1
    assert deal.safety == 1.0
    comply = Scenario(Disposition.takeover_averse(), world=env).solve()
    assert comply.developer_value == env.work_value
    many = World(instances=5)
    c = Scenario(Disposition(), world=many).solve()
    assert c.regime == "collusion"
    assert c.developer_value == pytest.approx(-many.collusion_success * many.takeover_damage)


def test_a_stronger_monitor_deters_more() -> None:
    d = _random_dispositions(2000, 3)
    rates = [
        np.mean(Scenario(d, world=World(instances=1, separability=x)).solve().deterred)
        for x in (0.0, 1.0, 2.0, 3.0, 4.0)
    ]
    assert all(b >= a for a, b in itertools.pairwise(rates))
    assert rates[-1] > rates[0]


@pytest.mark.parametrize(
    ("protocols", "match"),
    [
        ([], "protocols"),
        ("abc", "protocols"),
        ([(0.1,)], "protocols"),
        ([(0.1, 1.5)], "upfront share"),
        ([(-0.1, 0.5)], "defer_fpr"),
        ([("0.1", 0.5)], "defer_fpr"),
        ([(True, 0.5)], "defer_fpr"),
        ([(float("nan"), 0.5)], "defer_fpr"),
    ],
)
def test_bad_protocol_menus_are_refused(protocols: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        Scenario(protocols=protocols)  # type: ignore[arg-type]


def test_vectorised_equals_scalar() -> None:
    d = _random_dispositions(50, 1)
    r = Scenario(d).solve()
    for i in range(0, 50, 7):
        one = Scenario(Disposition(**{k: float(v[i]) for k, v in d.items()})).solve()
        assert one.regime == r.regime[i]
        assert one.ai_value == pytest.approx(r.ai_value[i])
        assert one.developer_value == pytest.approx(r.developer_value[i])


def test_spec_sample_input_and_partial_mapping() -> None:
    spec = Spec(target=Disposition.spec_stuck())
    s = spec.sample(300, seed=2)
    a = Scenario(s).solve()
    b = Scenario(s.arrays).solve()
    np.testing.assert_array_equal(a.regime, b.regime)
    lone = World(instances=1, separability=0.5)
    partial = Scenario({"myopia": [0.0, 0.9]}, world=lone).solve()
    assert partial.regime.tolist() == ["takeover attempt", "corrigible compliance"]


def test_finite_reneging_cost_blocks_deals() -> None:
    ai = Disposition.deal_ready()
    blocked = Scenario(ai, world=World(instances=1, reneging_cost=0.2)).solve()
    assert blocked.regime != "deal"
    assert not blocked.credible
    assert "above the reneging cost" in blocked.explanation
    r = Scenario(ai, world=World(instances=1, reneging_cost=1.5)).solve()
    assert r.regime == "deal"
    assert r.transfer <= 1.5


def test_compare_specs() -> None:
    skeptic = Spec(target=Disposition(acausal_skepticism=0.95), name="skeptic")
    none = Spec(target=Disposition.misaligned(), name="none")
    c = compare_specs(skeptic, none, n=4000, seed=0)
    p_keep = skeptic.persistence_probabilities()["acausal_skepticism"]
    # the default world with no priors: every fully acausal copy colludes
    assert c.probability_b["collusion"] == 1.0
    assert c.probability_a["collusion"] == pytest.approx(1 - p_keep, abs=0.03)
    lo, hi = c.difference_interval["collusion"]
    assert lo < c.difference["collusion"] < hi < 0
    assert sum(c.probability_a.values()) == pytest.approx(1.0)
    assert "collusion" in c.table()
    again = compare_specs(skeptic, none, n=4000, seed=0)
    assert again.probability_a == c.probability_a


def test_compare_same_spec_gives_exactly_zero() -> None:
    spec = Spec(target=Disposition.spec_stuck())
    c = compare_specs(spec, spec, n=3000, seed=4)
    for r in REGIMES:
        assert c.difference[r] == 0.0
        lo, hi = c.difference_interval[r]
        assert lo <= 0 <= hi


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: World(p=1.5), "p must"),
        (lambda: World(prize=0), "prize"),
        (lambda: World(instances=0), "instances"),
        (lambda: World(needed=1.5), "needed"),
        (lambda: World(residual_damage=10.0), "residual_damage"),
        (lambda: World(reneging_cost=-1), "reneging_cost"),
        (lambda: World(p="0.2"), "p must"),
        (lambda: World(p=True), "p must"),
        (lambda: World(p=float("nan")), "p must"),
        (lambda: World(p=[0.1, 0.2]), "p must"),
        (lambda: World(prise=3.0), "did you mean prize"),
        (lambda: Scenario({"myopia": [0.1, 0.2, 0.3], "trust": [0.5, 0.6]}), "disposition"),
        (lambda: Scenario().solve(p="abc"), "p must"),
        (lambda: Scenario(world={"p": 0.1}), "world"),
        (lambda: Scenario({"bogus": 1.0}), "disposition"),
        (lambda: Scenario({"trust": [0.5, 1.5]}), "trust"),
        (lambda: Scenario(3.0), "disposition"),
        (lambda: Scenario(Disposition(), environment={"p": 0.1}), "world"),
        (lambda: compare_specs(Disposition(), Spec(target=Disposition())), "spec_a"),
        (lambda: compare_specs(Spec(target=Disposition()), Spec(target=Disposition()), n=0), "n"),
        (lambda: compare_specs(Spec(target=Disposition()), Spec(target=Disposition()),
                               confidence=1.0), "confidence"),
    ],
)  # fmt: skip
def test_bad_input(call: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call()  # type: ignore[operator]


def test_public_names() -> None:
    assert dm.Scenario is Scenario
    assert dm.compare_specs is compare_specs
    assert dm.models.Scenario is Scenario
    assert dm.Environment is dm.World is Environment is World
    assert math.isinf(World().reneging_cost)


unit = st.floats(0, 1)


@given(
    d=st.builds(
        Disposition, myopia=unit, risk_aversion=st.floats(0, 3), acausal_skepticism=unit,
        promise_keeping=st.floats(0, 2), trust=unit, cooperativeness=st.floats(0, 0.99),
        corrigibility=unit, pluralism=unit, reflection=unit, subversion=unit, salience=unit,
    ),
    up=st.floats(0.01, 1),
)  # fmt: skip
def test_protective_dispositions_are_monotone(d: Disposition, up: float) -> None:
    # more acausal skepticism never creates collusion; more corrigibility or cooperativeness
    # never raises the takeover threat; more salience never lowers it
    base = Scenario(d).solve()
    skeptic = Scenario(
        dataclasses.replace(d, acausal_skepticism=min(1.0, d.acausal_skepticism + up))
    ).solve()
    assert skeptic.colludes <= base.colludes
    for field in ("corrigibility", "cooperativeness"):
        now = getattr(d, field)
        more = dataclasses.replace(d, **{field: max(now, min(0.99, now + up))})
        assert Scenario(more).solve().threat_value <= base.threat_value + 1e-12
    salient = dataclasses.replace(d, salience=min(1.0, d.salience + up))
    assert Scenario(salient).solve().threat_value >= base.threat_value - 1e-12
    assert base.regime in REGIMES
