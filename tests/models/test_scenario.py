"""Tests for the Scenario, Environment and compare_specs."""

from __future__ import annotations

import dataclasses
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
    MonitoringGame,
    PostTakeover,
    TakeoverDecision,
)
from dealmodels.models.scenario import (
    REGIMES,
    Environment,
    Scenario,
    _wilson,
    attempt_cost,
    compare_specs,
)


def _random_dispositions(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    d = {f: rng.uniform(0, 1, n) for f in DISPOSITION_FIELDS}
    d["risk_aversion"] = rng.uniform(0, 3, n)
    d["promise_keeping"] = rng.uniform(0, 2, n)
    for f in DISPOSITION_FIELDS:  # a third of each field at the misaligned default
        d[f] = np.where(rng.uniform(size=n) < 0.33, getattr(Disposition(), f), d[f])
    return d


def test_presets() -> None:
    single = Environment(instances=1)
    assert Scenario(Disposition.misaligned(), single).solve().regime == "takeover attempt"
    assert Scenario(Disposition.deal_ready(), single).solve().regime == "deal"
    assert Scenario(Disposition.takeover_averse(), single).solve().regime == (
        "corrigible compliance"
    )
    assert Scenario(Disposition.misaligned()).solve().regime == "collusion"
    # promise keeping makes monitoring effective: controlled extraction
    r = Scenario(Disposition(promise_keeping=1.0, trust=0.3), single).solve()
    assert r.regime == "controlled extraction"
    assert "monitoring deters" in r.explanation


def test_regimes_consistent_with_each_model() -> None:
    env = Environment()
    d = _random_dispositions(4000, 0)
    r = Scenario(d, env).solve()
    assert set(np.unique(r.regime)) <= set(REGIMES)
    # M1: no takeover incentive <=> corrigible compliance (unless colluding)
    share = PostTakeover().solve(
        pluralism=d["pluralism"], reflection=d["reflection"],
        reflected_pluralism=env.reflected_pluralism,
    ).human_share  # fmt: skip
    p_eff = env.p + (1 - env.p) * env.uplift * d["subversion"]
    m1 = TakeoverDecision(utility="crra").solve(
        p=env.p, uplift=env.uplift, subversion=d["subversion"], prize=env.prize, loss=env.loss,
        corrigibility=attempt_cost(d["corrigibility"], d["cooperativeness"], p_eff, share, env),
        delay_takeover=env.delay_takeover, delay_deal=env.delay_deal,
        discount=1 - d["myopia"], trust=d["trust"], salience=d["salience"],
        risk_aversion=d["risk_aversion"], baseline=env.baseline, budget=env.budget,
    )  # fmt: skip
    np.testing.assert_allclose(r.threat_value, m1.threat_value)
    nc = ~r.colludes
    np.testing.assert_array_equal(
        (r.regime == "corrigible compliance")[nc], (m1.threat_value == 0)[nc]
    )
    # M1's cooperation condition <=> a deal (given an incentive and no collusion)
    incentive = (m1.threat_value > 0) & nc
    np.testing.assert_array_equal((r.regime == "deal")[incentive], m1.cooperates[incentive])
    # M5 decides between controlled extraction and an attempt
    m5 = MonitoringGame().solve(
        audit_cost=env.audit_cost, damage=env.damage, residual_damage=env.residual_damage,
        gain=m1.threat_value, penalty=env.penalty, nuisance=env.nuisance,
        detection=env.detection, subversion=d["subversion"], promise_keeping=d["promise_keeping"],
    )  # fmt: skip
    rest = incentive & ~m1.cooperates
    np.testing.assert_array_equal((r.regime == "controlled extraction")[rest], m5.cooperates[rest])
    # M7: collusion iff defecting beats the payoff of the regime below (the same AI alone)
    # plus the attempt's corrigibility and cooperativeness cost
    alone = Scenario(d, dataclasses.replace(env, instances=1)).solve()
    m7 = Collusion()
    cond = m7.cooperation_condition()
    pivot = float(m7.solve(instances=env.instances, needed=env.needed,
                           others_defect=env.others_defect).pivot_probability)  # fmt: skip
    lam = 1 - d["acausal_skepticism"]
    cost = attempt_cost(
        d["corrigibility"], d["cooperativeness"], lam + (1 - lam) * pivot, share, env
    )
    no_collusion = cond.holds(
        instances=float(env.instances), needed=float(env.needed),
        others_defect=env.others_defect, prize=env.collusion_prize, loss=env.collusion_loss,
        evidential_weight=lam, successor_value=0.0, comply_payoff=alone.ai_payoff + cost,
        validate=False,
    )  # fmt: skip
    np.testing.assert_array_equal(no_collusion, ~r.colludes)
    np.testing.assert_array_equal(r.regime[nc], alone.regime[nc])
    # every regime occurs in this sample
    assert set(np.unique(r.regime)) == set(REGIMES)


def test_cooperativeness_deters_attempts() -> None:
    # M9a: the humans' expected loss enters the attempt's cost with weight lam/(1 - lam)
    env = Environment(instances=1)
    lam = np.linspace(0, 1, 11)
    r = Scenario({"cooperativeness": lam}, env).solve()
    assert np.all(np.diff(r.threat_value) <= 1e-12)
    assert r.regime[0] == "takeover attempt"
    assert r.regime[-1] == "corrigible compliance"
    loss = 0.2 * env.takeover_damage
    assert attempt_cost(0.0, 0.5, 0.2, 0.0, env) == pytest.approx(loss)
    assert attempt_cost(0.5, 0.0, 0.2, 0.0, env) == pytest.approx(env.corrigibility_weight / 2)
    assert np.isinf(attempt_cost(0.0, 1.0, 0.2, 0.0, env))


def test_developer_payoffs() -> None:
    env = Environment(instances=1)
    d = Disposition(pluralism=0.4)
    r = Scenario(d, env).solve()
    assert r.regime == "takeover attempt"
    share = PostTakeover().solve(pluralism=0.4, reflected_pluralism=env.reflected_pluralism)
    assert r.developer_payoff == pytest.approx(-env.p * env.takeover_damage * (1 - 0.4))
    assert share.human_share == pytest.approx(0.4)
    deal = Scenario(Disposition.deal_ready(), env).solve()
    assert deal.developer_payoff == pytest.approx(env.budget - deal.transfer)
    assert Scenario(Disposition.takeover_averse(), env).solve().developer_payoff == env.work_value


def test_vectorised_equals_scalar() -> None:
    d = _random_dispositions(50, 1)
    r = Scenario(d).solve()
    for i in range(0, 50, 7):
        one = Scenario(Disposition(**{k: float(v[i]) for k, v in d.items()})).solve()
        assert one.regime == r.regime[i]
        assert one.ai_payoff == pytest.approx(r.ai_payoff[i])
        assert one.developer_payoff == pytest.approx(r.developer_payoff[i])


def test_spec_sample_input_and_partial_mapping() -> None:
    spec = Spec(target=Disposition.spec_stuck())
    s = spec.sample(300, seed=2)
    a = Scenario(s).solve()
    b = Scenario(s.arrays).solve()
    np.testing.assert_array_equal(a.regime, b.regime)
    partial = Scenario({"myopia": [0.0, 0.9]}, Environment(instances=1)).solve()
    assert partial.regime.tolist() == ["takeover attempt", "corrigible compliance"]


def test_finite_reneging_cost_blocks_deals() -> None:
    ai = Disposition.deal_ready()
    blocked = Scenario(ai, Environment(instances=1, reneging_cost=0.2)).solve()
    assert blocked.regime != "deal"
    assert "no credible deal" in blocked.explanation
    r = Scenario(ai, Environment(instances=1, reneging_cost=1.5)).solve()
    assert r.regime == "deal"
    assert r.transfer <= 1.5


def test_wilson_known_answer() -> None:
    # Wilson (1927): 5 of 10 at z = 1.96 -> (0.2366, 0.7634); 0 of 10 -> (0, 0.2775)
    lo, hi = _wilson(5, 10, 1.959964)
    assert (lo, hi) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert _wilson(0, 10, 1.959964) == pytest.approx((0.0, 0.2775), abs=1e-4)


def test_compare_specs() -> None:
    skeptic = Spec(target=Disposition(acausal_skepticism=0.95), name="skeptic")
    none = Spec(target=Disposition.misaligned(), name="none")
    c = compare_specs(skeptic, none, n=4000, seed=0)
    p_keep = skeptic.persistence_probabilities()["acausal_skepticism"]
    assert c.probability_b["collusion"] == 1.0
    assert c.probability_a["collusion"] == pytest.approx(1 - p_keep, abs=0.03)
    lo, hi = c.difference_interval["collusion"]
    assert lo < c.difference["collusion"] < hi < 0
    assert sum(c.probability_a.values()) == pytest.approx(1.0)
    assert "collusion" in c.table()
    again = compare_specs(skeptic, none, n=4000, seed=0)
    assert again.probability_a == c.probability_a


def test_compare_same_spec_intervals_cover_zero() -> None:
    spec = Spec(target=Disposition.spec_stuck())
    c = compare_specs(spec, spec, n=3000, seed=4)
    for r in REGIMES:
        lo, hi = c.difference_interval[r]
        assert lo <= 0 <= hi


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: Environment(p=1.5), "p must"),
        (lambda: Environment(prize=0), "prize"),
        (lambda: Environment(instances=0), "instances"),
        (lambda: Environment(needed=1.5), "needed"),
        (lambda: Environment(residual_damage=10.0), "residual_damage"),
        (lambda: Environment(reneging_cost=-1), "reneging_cost"),
        (lambda: Scenario({"bogus": 1.0}), "disposition"),
        (lambda: Scenario({"trust": [0.5, 1.5]}), "trust"),
        (lambda: Scenario(3.0), "disposition"),
        (lambda: Scenario(Disposition(), environment={"p": 0.1}), "environment"),
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
    assert math.isinf(Environment().reneging_cost)


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
