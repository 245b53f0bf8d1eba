"""Tests for spec_value: known answers, Shapley axioms, common random numbers, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import dealmodels as dm
from dealmodels.analysis.spec_value import (
    paired_newcombe_interval,
    shapley_values,
    spec_value,
)
from dealmodels.dispositions import Disposition, DispositionFeatures, Spec
from dealmodels.errors import InvalidParameterError
from dealmodels.models.scenario import REGIMES, Scenario
from dealmodels.world import World

LONE = World(instances=1, separability=0.5)  # one copy, a weak monitor: no collusion or extraction
MYOPIA = Spec(target=Disposition(myopia=0.9), name="myopia spec")


def test_known_answer_one_disposition_fixed_world() -> None:
    # fixed world, one target: each draw is the target's point or the baseline's, so the
    # developer-value difference is P(persists) * (v_target - v_base)
    sv = spec_value(MYOPIA, world=LONE, priors={}, n=4000, seed=0, robustness=0)
    v_t = Scenario(Disposition(myopia=0.9), world=LONE).solve()
    v_b = Scenario(Disposition(), world=LONE).solve()
    assert (v_t.regime, v_b.regime) == ("corrigible compliance", "takeover attempt")
    p = MYOPIA.persistence_probabilities()["myopia"]
    gap = v_t.developer_value - v_b.developer_value
    dv = sv.developer_value_difference
    assert dv.low <= p * gap <= dv.high
    share = sv.probability["corrigible compliance"].estimate
    assert dv.estimate == pytest.approx(share * gap, rel=1e-12)
    assert sv.baseline_probability["takeover attempt"].estimate == 1.0
    lo, hi = (
        sv.probability_difference["takeover attempt"].low,
        sv.probability_difference["takeover attempt"].high,
    )
    assert lo <= -p <= hi
    # one player: its Shapley share is the whole effect
    (only,) = sv.attribution
    assert only.name == "myopia"
    assert only.kind == "target"
    assert only.developer_value == pytest.approx(dv.estimate, rel=1e-12)


def test_spec_against_itself_is_exactly_zero() -> None:
    spec = Spec(target=Disposition.spec_stuck())
    sv = spec_value(spec, spec, n=3000, seed=2, robustness=0, attribution=False)
    assert sv.developer_value_difference.estimate == 0.0
    assert sv.no_takeover_difference.estimate == 0.0
    for r in REGIMES:
        d = sv.probability_difference[r]
        assert d.estimate == 0.0
        assert d.low <= 0.0 <= d.high


def test_reproducible_bit_for_bit() -> None:
    a = spec_value(MYOPIA, n=1500, seed=9, robustness=5)
    b = spec_value(MYOPIA, n=1500, seed=9, robustness=5)
    assert a.developer_value == b.developer_value
    assert a.attribution == b.attribution
    assert a.robustness == b.robustness
    assert str(a) == str(b)
    c = spec_value(MYOPIA, n=1500, seed=10, robustness=5)
    assert c.developer_value != a.developer_value


def test_target_no_model_reads_gets_exactly_zero() -> None:
    # one copy: acausal skepticism acts only through collusion, which cannot happen
    spec = Spec(target=Disposition(myopia=0.9, acausal_skepticism=0.9), name="two")
    sv = spec_value(spec, world=LONE, priors={}, n=2000, seed=3, robustness=0)
    shares = {a.name: a for a in sv.attribution}
    assert shares["acausal_skepticism"].developer_value == 0.0
    assert shares["acausal_skepticism"].no_takeover == 0.0
    assert shares["myopia"].developer_value > 0


def test_efficiency_and_secondary_effects_line() -> None:
    spec = Spec(
        target=Disposition(myopia=0.5, acausal_skepticism=0.9, corrigibility=0.5),
        secondary={"subversion": 0.3},
        name="with obstruction training",
    )
    sv = spec_value(spec, n=3000, seed=4, robustness=0)
    total_dev, total_safe = sv.attribution_total
    assert sum(a.developer_value for a in sv.attribution) == pytest.approx(total_dev, abs=1e-9)
    assert sum(a.no_takeover for a in sv.attribution) == pytest.approx(total_safe, abs=1e-9)
    # with every player acting, v(N) - v(empty) is the spec's effect
    assert total_dev == pytest.approx(sv.developer_value_difference.estimate, abs=1e-9)
    (sec,) = [a for a in sv.attribution if a.kind == "secondary"]
    assert sec.name == "subversion"
    assert sec.developer_value < 0  # subversion makes attempts likelier to succeed
    assert "secondary effects" in str(sv)


def test_default_scenario_answers_the_question() -> None:
    # under no spec the default priors give each failure mode a real chance; a spec that
    # sticks changes the developer's value with an interval that excludes 0
    spec = Spec(
        target=Disposition(myopia=0.5, risk_aversion=0.9, acausal_skepticism=0.9),
        features={"myopia": DispositionFeatures(earliness=0.8, frequency=0.8)},
        name="takeover prevention",
    )
    sv = spec_value(spec, n=6000, seed=0, robustness=20)
    for regime in ("takeover attempt", "deal", "controlled extraction"):
        assert sv.baseline_probability[regime].estimate >= 0.05, regime
    assert sv.developer_value_difference.excludes_zero()
    assert sv.robustness is not None
    assert 0.0 <= sv.robustness.estimate <= 1.0
    assert sum(sv.robustness_counts) == 20
    frames = sv.to_frame()
    assert set(frames) == {"regimes", "developer_value", "attribution"}
    assert len(frames["regimes"]) == 3 * len(REGIMES)


def test_more_persistence_never_hurts_a_protective_spec() -> None:
    weak = Spec(
        target=Disposition(acausal_skepticism=0.95),
        features={"acausal_skepticism": DispositionFeatures(earliness=0.1, frequency=0.1)},
    )
    strong = Spec(
        target=Disposition(acausal_skepticism=0.95),
        features={"acausal_skepticism": DispositionFeatures(earliness=0.9, frequency=0.9)},
    )
    kw = {"n": 3000, "seed": 5, "robustness": 0, "attribution": False}
    a, b = spec_value(weak, **kw), spec_value(strong, **kw)  # type: ignore[arg-type]
    assert b.probability["collusion"].estimate <= a.probability["collusion"].estimate
    assert b.developer_value.estimate >= a.developer_value.estimate


def test_compare_specs_is_a_view_of_spec_value() -> None:
    a = Spec(target=Disposition(acausal_skepticism=0.9), name="a")
    none = Spec(target=Disposition.misaligned(), name="none")
    c = dm.compare_specs(a, none, n=2000, seed=1)
    sv = spec_value(a, none, priors={}, n=2000, seed=1, attribution=False, robustness=0)
    assert c.probability_a == {r: e.estimate for r, e in sv.probability.items()}
    assert c.mean_developer_value[0] == sv.developer_value.estimate
    with pytest.warns(DeprecationWarning, match="mean_developer_value"):
        assert c.mean_developer_payoff == c.mean_developer_value


def test_paired_newcombe_known_answer() -> None:
    # Newcombe (1998b), Table II example: a, b, c, d = 36, 12, 2, 0 -> 0.0569 to 0.3404
    lo, hi = paired_newcombe_interval(36, 12, 2, 0)
    assert (lo, hi) == pytest.approx((0.0569, 0.3404), abs=5e-5)
    lo, hi = paired_newcombe_interval(5, 0, 0, 5)
    assert lo <= 0.0 <= hi


@given(st.lists(st.floats(-10, 10), min_size=8, max_size=8))
def test_shapley_axioms(raw: list[float]) -> None:
    # three players; v(empty) = 0
    subsets = [frozenset(s) for s in [(), (0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2)]]
    v = dict(zip(subsets, [0.0, *raw[1:]], strict=True))
    phi = shapley_values(v, 3)
    assert sum(phi) == pytest.approx(v[frozenset({0, 1, 2})], abs=1e-9)  # efficiency
    # symmetry: make 0 and 1 interchangeable
    sym = {s: v[frozenset(1 - i if i < 2 else i for i in s)] for s in subsets}
    sym = {s: (sym[s] + v[s]) / 2 for s in subsets}
    p = shapley_values(sym, 3)
    assert p[0] == pytest.approx(p[1], abs=1e-9)
    # a null player gets 0
    null = {s: v[s - {2}] for s in subsets}
    assert shapley_values(null, 3)[2] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"spec": Disposition()}, "spec must be a Spec"),
        ({"against": "none"}, "against must be a Spec"),
        ({"world": {"p": 0.1}}, "world must be a World"),
        ({"priors": {"myopia": stats.uniform()}}, "priors must be keyed by world"),
        ({"priors": {"p": 0.3}}, r"priors\['p'\] must be a frozen"),
        ({"priors": {"p": stats.norm(0, 1)}}, "p must be in"),
        ({"n": 0}, "n must be"),
        ({"n": True}, "n must be"),
        ({"n": 2.5}, "n must be"),
        ({"seed": -1}, "seed must be"),
        ({"seed": "x"}, "seed must be"),
        ({"confidence": 1.0}, "confidence"),
        ({"robustness": -1}, "robustness"),
        ({"attribution": "yes"}, "attribution"),
        ({"against": Spec(target=Disposition(myopia=0.2))}, "against must be None"),
    ],
)
def test_bad_input(kwargs: dict, match: str) -> None:
    base = {"spec": MYOPIA, "n": 100, "seed": 0, "robustness": 0}
    with pytest.raises(InvalidParameterError, match=match):
        spec_value(**{**base, **kwargs})


def test_spec_secondary_bad_input() -> None:
    with pytest.raises(InvalidParameterError, match="secondary"):
        Spec(target=Disposition(), secondary={"trust": 0.1})
    with pytest.raises(InvalidParameterError, match="secondary"):
        Spec(target=Disposition(), secondary={"subversion": 1.5})
    with pytest.raises(InvalidParameterError, match="secondary"):
        Spec(target=Disposition(), secondary={"subversion": "0.1"})


def test_public_names() -> None:
    assert dm.spec_value is spec_value
    assert np.isfinite(spec_value(MYOPIA, n=50, seed=0, robustness=0).n)


def test_attribution_equals_the_coalitions_solved_one_by_one() -> None:
    # the shared evaluation of (draw, acting set) pairs gives the same coalition values as
    # solving each restricted spec on every draw
    from dealmodels.analysis.spec_value import _evaluate

    spec = Spec(
        target=Disposition(myopia=0.5, acausal_skepticism=0.9),
        secondary={"subversion": 0.2},
        name="s",
    )
    sv = spec_value(spec, n=800, seed=11, robustness=0)
    rng = np.random.default_rng(11)
    u = rng.random((len(dm.dispositions.DISPOSITION_FIELDS), 800))
    from dealmodels.analysis.spec_value import _world_draws
    from dealmodels.world import default_priors

    priors = default_priors()
    wv = _world_draws(priors, World(), rng.random((len(priors), 800)))
    none = Spec(target=Disposition.misaligned(), name="no spec")
    v = {}
    names = ["myopia", "acausal_skepticism", "subversion"]
    for bits in range(8):
        chosen = [names[i] for i in range(3) if bits >> i & 1]
        t = frozenset(c for c in chosen if c != "subversion")
        e = frozenset(c for c in chosen if c == "subversion")
        _, dev = _evaluate(spec, none, u, wv, World(), targets=t, effects=e)
        v[frozenset(i for i in range(3) if bits >> i & 1)] = float(np.mean(dev))
    phi = shapley_values(v, 3)
    np.testing.assert_allclose([a.developer_value for a in sv.attribution], phi, atol=1e-12)
