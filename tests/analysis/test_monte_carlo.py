"""Tests for dealmodels.analysis.monte_carlo: reproducibility, known probabilities, Wilson."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from scipy import stats

from dealmodels.analysis import monte_carlo, wilson_interval
from dealmodels.dispositions import Disposition, Spec
from dealmodels.errors import InvalidParameterError
from dealmodels.models import TakeoverDecision
from dealmodels.world import World

PRIORS = {"p": stats.uniform(0, 1), "trust": stats.beta(4, 2), "myopia": stats.beta(2, 5)}
FIXED = {"budget": 1.0, "salience": 1.0}

# the takeover model's first-stage defaults: a prize of 1 received one period later, no loss
M1_WORLD = World(prize=1.0, loss=0.0, delay_takeover=1.0, budget=1.0)


def test_reproducible_from_the_seed() -> None:
    a = monte_carlo(TakeoverDecision(world=M1_WORLD), PRIORS, n=5000, seed=7, fixed=FIXED)
    b = monte_carlo(TakeoverDecision(world=M1_WORLD), PRIORS, n=5000, seed=7, fixed=FIXED)
    c = monte_carlo(TakeoverDecision(world=M1_WORLD), PRIORS, n=5000, seed=8, fixed=FIXED)
    assert a.regimes == b.regimes
    np.testing.assert_array_equal(a.samples["p"], b.samples["p"])
    assert a.samples["p"][0] != c.samples["p"][0]


def test_executor_and_chunks_do_not_change_the_result() -> None:
    a = monte_carlo(TakeoverDecision(world=M1_WORLD), PRIORS, n=3000, seed=1, fixed=FIXED)
    with ThreadPoolExecutor(2) as ex:
        b = monte_carlo(
            TakeoverDecision(world=M1_WORLD),
            PRIORS,
            n=3000,
            seed=1,
            fixed=FIXED,
            executor=ex,
            chunk_size=128,
        )
    assert a.regimes == b.regimes
    assert a.cooperation == b.cooperation


def test_known_probability() -> None:
    # linear utility, delta = 1 (no myopia), budget = prize = 1: cooperation iff p <= trust;
    # with p ~ U(0, 1) independent of trust ~ Beta(4, 2): P = E[trust] = 2/3
    mc = monte_carlo(
        TakeoverDecision(world=M1_WORLD),
        {"p": stats.uniform(0, 1), "trust": stats.beta(4, 2)},
        n=40_000,
        seed=3,
        fixed={**FIXED, "discount": 1.0},
    )
    assert mc.cooperation.low <= 2 / 3 <= mc.cooperation.high
    assert sum(v.estimate for v in mc.regimes.values()) == pytest.approx(1.0)
    assert mc.regimes["takeover attempt"].estimate == pytest.approx(1 - mc.cooperation.estimate)


def test_disposition_field_prior_feeds_discount() -> None:
    # myopia 1 -> discount 0: with delay_takeover = 1 the takeover is worth nothing
    mc = monte_carlo(
        TakeoverDecision(world=M1_WORLD), {"myopia": stats.uniform(0.999, 0.001)}, n=200, seed=0
    )
    assert np.allclose(mc.samples["myopia"], 1.0, atol=1e-3)
    assert mc.cooperation.estimate == 1.0


def test_spec_priors() -> None:
    spec = Spec(target=Disposition(trust=1.0, corrigibility=1.0))
    mc = monte_carlo(TakeoverDecision(world=M1_WORLD), spec, n=4000, seed=2)
    persist = spec.persistence_probabilities()
    # corrigibility 1 >= any takeover gain (<= 1): compliance whenever it persists
    assert mc.regimes["compliance"].low <= persist["corrigibility"] + 0.03
    assert mc.regimes["compliance"].estimate >= persist["corrigibility"] - 0.03


@pytest.mark.parametrize(
    ("count", "n", "expected"),
    [(0, 10, (0.0, 0.2775)), (5, 10, (0.2366, 0.7634)), (81, 263, (0.2553, 0.3662))],
)
def test_wilson_interval_known_values(count: int, n: int, expected: tuple[float, float]) -> None:
    # (0, 10), (5, 10): Brown, Cai & DasGupta (2001); (81, 263): Newcombe (1998), Table I
    low, high = wilson_interval(count, n)
    assert (round(low, 4), round(high, 4)) == expected


def test_wilson_matches_statsmodels_formula_in_the_limit() -> None:
    low, high = wilson_interval(500, 1000, 0.95)
    half = 1.959964 * np.sqrt(0.25 / 1000)
    assert low == pytest.approx(0.5 - half, abs=1e-4)
    assert high == pytest.approx(0.5 + half, abs=1e-4)


BAD = [
    ({"priors": {}}, "priors"),
    ({"priors": {"nope": stats.uniform()}}, "nope"),
    ({"priors": {"p": 0.3}}, "priors"),
    ({"priors": {"p": stats.uniform(0, 2)}}, "p"),
    ({"priors": {"discount": stats.uniform(), "myopia": stats.uniform()}}, "discount"),
    ({"priors": PRIORS, "n": 0}, "n"),
    ({"priors": PRIORS, "seed": -1}, "seed"),
    ({"priors": PRIORS, "confidence": 1.0}, "confidence"),
    ({"priors": PRIORS, "fixed": {"p": 0.3}}, "fixed"),
]


@pytest.mark.parametrize(("kwargs", "match"), BAD)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        monte_carlo(TakeoverDecision(world=M1_WORLD), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("count", "n", "match"), [(3, 0, "n"), (11, 10, "count")])
def test_wilson_bad_input(count: int, n: int, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        wilson_interval(count, n)


def test_scenario_draws_equal_per_draw_solves() -> None:
    from dealmodels.models.scenario import Environment, Scenario

    env = Environment(instances=1)
    sc = Scenario(Disposition.deal_ready(), env)
    mc = monte_carlo(sc, {"trust": stats.beta(2, 2), "myopia": stats.beta(2, 5)}, n=300, seed=4)
    base = Disposition.deal_ready()
    for i in range(0, 300, 37):
        d = Disposition(
            **{
                **{k: getattr(base, k) for k in ("promise_keeping", "cooperativeness")},
                "trust": float(mc.samples["trust"][i]),
                "myopia": float(mc.samples["myopia"][i]),
            }
        )
        assert Scenario(d, env).solve().regime == mc.samples["regime"][i]
    assert sum(p.count for p in mc.regimes.values()) == 300


def test_scenario_spec_agrees_with_compare_specs() -> None:
    from dealmodels.models.scenario import Scenario, compare_specs

    skeptic = Spec(target=Disposition(acausal_skepticism=0.95), name="skeptic")
    none = Spec(target=Disposition.misaligned(), name="none")
    c = compare_specs(skeptic, none, n=20_000, seed=1)
    mc = monte_carlo(Scenario(Disposition.misaligned()), skeptic, n=20_000, seed=9)
    for regime, p in mc.regimes.items():
        lo, hi = c.interval_a[regime]
        assert p.low <= hi
        assert lo <= p.high  # the two independent estimates' intervals overlap


def test_scenario_is_an_ordinary_model() -> None:
    # the scenario takes fixed values and priors on world quantities like any model
    from dealmodels.models.scenario import Scenario

    sc = Scenario(Disposition())
    mc = monte_carlo(sc, {"trust": stats.uniform()}, fixed={"p": 0.2}, n=200, seed=0)
    assert np.all(mc.samples["p"] == 0.2) if "p" in mc.samples else True
    mc = monte_carlo(sc, {"p": stats.uniform()}, n=200, seed=0)
    assert sum(x.count for x in mc.regimes.values()) == 200
    with pytest.raises(InvalidParameterError, match="priors"):
        monte_carlo(sc, {"trust": 0.3})
