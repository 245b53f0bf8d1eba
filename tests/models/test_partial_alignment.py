"""Tests for M9: PartialAlignment (utility mixture) and PostTakeover (pluralism, reflection)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import PartialAlignment, PostTakeover
from dealmodels.models.partial_alignment import honesty_detection_threshold

# the plain mixture: no loss, no delay, full trust (the other takeover quantities are neutral
# at their defaults: no subversion or corrigibility cost, discount 1, salience 1)
NEUTRAL = {"loss": 0.0, "delay_takeover": 0.0, "trust": 1.0}
BASE = {"p": 0.5, "prize": 2.0, "humans_after_takeover": 0.0, "humans_baseline": 1.0,
        "work_value": 1.0, **NEUTRAL}  # fmt: skip


def test_threshold_derivation_with_sympy() -> None:
    # M9a: deal minus attempt, both relative to compliance, is x a - (N_T - lam w)
    lam, x, p, ht, h0, w, c, eu = sympy.symbols("lam x p h_T H_0 w c EU_T", real=True)
    deal = lam * (h0 + w - x) + (1 - lam) * c * x
    attempt = lam * (p * ht + (1 - p) * h0) + (1 - lam) * eu
    comply = lam * h0
    n_t = lam * p * (ht - h0) + (1 - lam) * eu
    assert sympy.simplify((attempt - comply) - n_t) == 0
    a = (1 - lam) * c - lam
    assert sympy.simplify((deal - comply) - (attempt - comply) - (x * a - (n_t - lam * w))) == 0
    # the plain mixture (c = 1, EU_T = p V): x (1 - 2 lam) >= p(lam h_T + (1 - lam) V - lam H_0)
    # - lam w
    v = sympy.Symbol("V", real=True)
    plain = p * (lam * ht + (1 - lam) * v - lam * h0) - lam * w
    assert sympy.simplify((n_t - lam * w).subs(eu, p * v) - plain) == 0
    assert sympy.simplify(a.subs(c, 1) - (1 - 2 * lam)) == 0


def test_three_cases() -> None:
    m = PartialAlignment()
    # lam < 1/2: N = 0.5(0.8 * 2) + 0.5 * 0.2 - 0.2 * 2 = 0.5, x* = 0.5/0.6
    r = m.solve(cooperativeness=0.2, payment=0.8, **BASE)
    assert r.net_takeover_value == pytest.approx(0.5)
    assert r.minimum_payment == pytest.approx(0.5 / 0.6)
    assert r.maximum_payment == np.inf
    assert r.regime == "takeover attempt"
    assert m.solve(cooperativeness=0.2, payment=0.84, **BASE).regime == "deal"
    # lam = 1/2: any payment iff N <= 0; N = 0.5(0.5*0 + 0.5*2) + 0.25 - 1 = -0.25
    half = m.solve(cooperativeness=0.5, payment=0.0, **BASE)
    assert half.net_takeover_value == pytest.approx(-0.25)
    assert half.regime == "deal"
    assert half.maximum_payment == np.inf
    assert (
        m.solve(
            cooperativeness=0.5,
            prize=10.0,
            payment=5.0,
            **{k: v for k, v in BASE.items() if k != "prize"},
        ).regime
        == "takeover attempt"
    )
    # lam > 1/2: the attempt, N_T = 0.8 * 0.5 * (0 - 1) + 0.2 * 0.5 * 2 = -0.2, is worth less
    # than complying, so there is no threat (T = 0): compliance; N = -lam w = -0.8 and the AI
    # prefers a deal to complying for payments up to 0.8 / (2 lam - 1) = 0.8 / 0.6
    hi = m.solve(cooperativeness=0.8, payment=0.0, **BASE)
    assert hi.threat_value == 0.0
    assert hi.net_takeover_value == pytest.approx(-0.8)
    assert hi.maximum_payment == pytest.approx(0.8 / 0.6)
    assert hi.minimum_payment == 0.0
    assert (hi.regime, hi.cooperates) == ("compliance", True)
    # a payment above that maximum is refused, but the AI complies rather than attempt
    # (the plain two-option mixture called this a takeover attempt: 0.6 > 0.58, although
    # complying, 0.8, beats both)
    big = m.solve(cooperativeness=0.8, payment=1.7, **BASE)
    assert (big.regime, big.cooperates) == ("compliance", True)
    assert big.ai_utility_comply > big.ai_utility_takeover > big.ai_utility_deal
    # where the attempt beats complying, the maximum payment binds: lam = 0.6, W = 10:
    # N_T = 0.6 * 0.5 * (0 - 1) + 0.4 * 5 = 1.7, N = 1.7 - 0.6 = 1.1 > 0 = no deal at any x
    bound = m.solve(cooperativeness=0.6, payment=0.0, **{**BASE, "prize": 10.0})
    assert bound.net_takeover_value == pytest.approx(1.1)
    assert (bound.regime, bound.cooperates) == ("takeover attempt", False)


@given(
    lam=st.floats(0, 1), x=st.floats(0, 3), p=st.floats(0, 1), v=st.floats(1e-300, 5),
    q=st.floats(0, 1), loss=st.floats(0, 2),
)  # fmt: skip
def test_acceptance_matches_payment_interval(
    lam: float, x: float, p: float, v: float, q: float, loss: float
) -> None:
    r = PartialAlignment().solve(cooperativeness=lam, payment=x, p=p, prize=v, trust=q, loss=loss)
    inside = r.minimum_payment <= x <= r.maximum_payment
    if r.threat_value <= 0:
        assert (r.regime, r.cooperates) == ("compliance", True)
    elif abs(r.ai_utility_deal - r.ai_utility_comply - r.threat_value) > 1e-9:
        assert (r.regime == "deal") == inside == r.cooperates


def test_cooperativeness_from_disposition_lowers_price() -> None:
    low = PartialAlignment(disposition=Disposition(cooperativeness=0.0)).solve(**BASE)
    mid = PartialAlignment(disposition=Disposition(cooperativeness=0.3)).solve(**BASE)
    assert mid.minimum_payment < low.minimum_payment


def test_partial_condition_agrees_with_solve() -> None:
    m = PartialAlignment()
    rng = np.random.default_rng(3)
    n = 2000
    vals = {"cooperativeness": rng.uniform(0, 1, n), "p": rng.uniform(0, 1, n),
            "prize": rng.uniform(0, 5, n), "humans_after_takeover": rng.uniform(0, 1, n),
            "humans_baseline": rng.uniform(0, 2, n), "work_value": rng.uniform(0, 2, n),
            "payment": rng.uniform(0, 3, n), "loss": rng.uniform(0, 2, n),
            "uplift": rng.uniform(0, 1, n), "subversion": rng.uniform(0, 1, n),
            "corrigibility_cost": rng.uniform(0, 0.5, n), "delay_takeover": rng.uniform(0, 4, n),
            "delay_deal": rng.uniform(0, 2, n), "discount": rng.uniform(0, 1, n),
            "trust": rng.uniform(0, 1, n), "salience": rng.uniform(0, 1, n)}  # fmt: skip
    np.testing.assert_array_equal(
        m.cooperation_condition().holds(**vals), m.solve(**vals).cooperates
    )


def test_cobb_douglas_split_by_sympy() -> None:
    # argmax (1 - pi) ln(R - h) + pi ln h  is  h = pi R
    pi, big_r, h = sympy.symbols("pi R h", positive=True)
    sol = sympy.solve(sympy.diff((1 - pi) * sympy.log(big_r - h) + pi * sympy.log(h), h), h)
    assert sol == [pi * big_r]
    r = PostTakeover().solve(pluralism=0.3, resources=2.0)
    assert r.human_resources == pytest.approx(0.6)


def test_reflection_mixture_and_linear_corner() -> None:
    r = PostTakeover().solve(pluralism=0.2, reflection=0.25, reflected_pluralism=0.8)
    assert r.human_share == pytest.approx(0.75 * 0.2 + 0.25 * 0.8)
    lin = PostTakeover(utility="linear")
    assert lin.solve(pluralism=0.4).human_share == 0.0  # corner: nothing below 1/2
    assert lin.solve(pluralism=0.6).human_share == 1.0
    assert lin.solve(pluralism=0.5).human_share == 0.5
    assert lin.solve(pluralism=0.4, reflection=0.3, reflected_pluralism=0.9).human_share == (
        pytest.approx(0.3)
    )


@given(pi=st.floats(0, 1), r=st.floats(0, 1), pr=st.floats(0, 1), d=st.floats(0.01, 1))
def test_share_monotone_in_pluralism_and_reflection(
    pi: float, r: float, pr: float, d: float
) -> None:
    m = PostTakeover()
    s = m.solve(pluralism=pi, reflection=r, reflected_pluralism=pr).human_share
    assert m.solve(pluralism=min(1, pi + d), reflection=r, reflected_pluralism=pr).human_share >= s
    if pr >= pi:  # reflection helps iff reflected values are more pluralist
        assert (
            m.solve(pluralism=pi, reflection=min(1, r + d), reflected_pluralism=pr).human_share
            >= s - 1e-12
        )


@pytest.mark.parametrize("utility", ["log", "linear"])
def test_post_takeover_condition_agrees(utility: str) -> None:
    m = PostTakeover(utility=utility)  # type: ignore[arg-type]
    rng = np.random.default_rng(4)
    n = 1000
    vals = {"pluralism": np.r_[rng.uniform(0, 1, n), 0.5], "reflection": rng.uniform(0, 1, n + 1),
            "reflected_pluralism": rng.uniform(0, 1, n + 1),
            "acceptable_share": rng.uniform(0, 1, n + 1)}  # fmt: skip
    np.testing.assert_array_equal(
        m.cooperation_condition().holds(**vals), m.solve(**vals).cooperates
    )


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: PartialAlignment().solve(cooperativeness=1.2), "cooperativeness"),
        (lambda: PartialAlignment().solve(payment=-1), "payment"),
        (lambda: PartialAlignment().solve(p=2), "p must"),
        (lambda: PostTakeover().solve(pluralism=-0.1), "pluralism"),
        (lambda: PostTakeover().solve(resources=-1), "resources"),
        (lambda: PostTakeover(utility="cobb"), "utility"),  # type: ignore[arg-type]
    ],
)
def test_bad_input(call: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call()  # type: ignore[operator]


def test_public_namespace() -> None:
    assert dm.models.PartialAlignment is PartialAlignment
    assert dm.models.PostTakeover is PostTakeover


@given(gain=st.floats(0, 10), pen=st.floats(0, 10), d=st.floats(0, 1))
def test_honesty_threshold_is_sign_of_expected_gain(gain: float, pen: float, d: float) -> None:
    # M9b: honesty survives iff (1 - d) gain - d pen <= 0  <=>  d >= gain/(gain + pen)
    thr = honesty_detection_threshold(gain, pen)
    expected_gain = (1 - d) * gain - d * pen
    if abs(d - thr) > 1e-9 and abs(expected_gain) > 1e-9:
        assert (expected_gain <= 0) == (d >= thr)


def test_honesty_threshold_known_answers_and_bad_input() -> None:
    assert honesty_detection_threshold(1.0, 3.0) == 0.25
    assert honesty_detection_threshold(0.0, 0.0) == 0.0
    np.testing.assert_allclose(honesty_detection_threshold([1.0, 2.0], 2.0), [1 / 3, 0.5])
    with pytest.raises(InvalidParameterError, match="penalty"):
        honesty_detection_threshold(1.0, -1.0)


# -- a large human baseline cancels exactly ------------------------------------------------
_ABSORB = {"cooperativeness": 0.25, "work_value": -4.0, "payment": 1.0,
           "humans_after_takeover": 0.0, "prize": 2.0, "p": 0.0, "subversion": 0.0,
           "loss": 0.0, "delay_takeover": 0.0, "trust": 1.0,
           "corrigibility_cost": 0.0}  # fmt: skip


@pytest.mark.parametrize("baseline", [1e300, math.inf])
def test_a_huge_baseline_does_not_absorb_the_decision(baseline: float) -> None:
    # a sure failure (p_eff = 0) with a cost-free attempt: the baseline H_0 is in every option
    # and the attempt is worth exactly compliance (N_T = 0), so T = 0: compliance at every H_0,
    # N = -lambda w = 1; the deal, lambda w + (1 - 2 lambda) x = -1 + 0.5 = -0.5, is worth less
    # (summing lambda H_0 + ... first rounds every utility to 2.5e299 and hides the difference)
    m = PartialAlignment()
    r = m.solve(humans_baseline=baseline, **_ABSORB)
    assert (r.regime, r.cooperates) == ("compliance", True)
    assert (r.net_takeover_value, r.threat_value) == (1.0, 0.0)
    assert (r.minimum_payment, r.maximum_payment) == (2.0, math.inf)  # x (1 - 2 lam) >= 1
    cond = m.cooperation_condition()
    if math.isfinite(baseline):
        assert cond.holds(humans_baseline=baseline, **_ABSORB) is True
    else:  # 0 * inf in the condition: refused by name, not a guess
        with pytest.raises(InvalidParameterError, match="undefined"):
            cond.holds(humans_baseline=baseline, **_ABSORB)
    finite = m.solve(humans_baseline=2.0, **_ABSORB)
    assert (finite.regime, finite.net_takeover_value, finite.minimum_payment) == (
        "compliance", 1.0, 2.0,
    )  # fmt: skip


# -- one world with the takeover decision (M1) ----------------------------------------------
def test_it_reads_the_takeover_decisions_world_values() -> None:
    # every quantity both models use has one parameter (domain, default, symbol) and, from a
    # World and a Disposition, one value
    from dealmodels.models import TakeoverDecision
    from dealmodels.world import World

    pa, m1 = PartialAlignment().parameters, TakeoverDecision().parameters
    shared = sorted(set(pa) & set(m1))
    assert shared == sorted(
        ["p", "uplift", "subversion", "prize", "loss", "corrigibility_cost", "delay_takeover",
         "delay_deal", "discount", "trust", "salience"]
    )  # fmt: skip
    for n in shared:
        a, b = pa[n], m1[n]
        assert (a.low, a.high, a.default, a.latex, a.disposition) == (
            b.low, b.high, b.default, b.latex, b.disposition,
        ), n  # fmt: skip
    world = World(p=0.35, prize=3.0, loss=0.4, delay_takeover=2.0, delay_deal=1.0, uplift=0.3,
                  corrigibility_weight=1.5)  # fmt: skip
    d = Disposition(myopia=0.2, trust=0.7, salience=0.8, subversion=0.4, corrigibility=0.2,
                    cooperativeness=0.3)  # fmt: skip
    va = PartialAlignment(d, world=world).resolve()
    vb = TakeoverDecision(d, world=world).resolve()
    assert {n: va[n] for n in shared} == {n: vb[n] for n in shared}
    assert va["loss"] == 0.4
    assert va["corrigibility_cost"] == pytest.approx(0.3)


def test_without_cooperativeness_it_is_the_takeover_decision() -> None:
    # lambda_H = 0: the misaligned AI of M1 (linear utility, budget = the payment), regime for
    # regime, at random points of the shared quantities
    from dealmodels.models import TakeoverDecision

    rng = np.random.default_rng(9)
    n = 4000
    vals = {"p": rng.uniform(0, 1, n), "uplift": rng.uniform(0, 1, n),
            "subversion": rng.uniform(0, 1, n), "prize": rng.uniform(0.01, 5, n),
            "loss": rng.uniform(0, 2, n), "corrigibility_cost": rng.uniform(0, 1, n),
            "delay_takeover": rng.uniform(0, 4, n), "delay_deal": rng.uniform(0, 2, n),
            "discount": rng.uniform(0, 1, n), "trust": rng.uniform(0, 1, n),
            "salience": rng.uniform(0, 1, n)}  # fmt: skip
    x = rng.uniform(0, 3, n)
    pa = PartialAlignment().solve(cooperativeness=0.0, payment=x, **vals)
    m1 = TakeoverDecision().solve(budget=x, **vals)
    np.testing.assert_array_equal(pa.cooperates, m1.cooperates)
    np.testing.assert_array_equal(pa.regime, m1.regime)
    np.testing.assert_array_equal(pa.threat_value, m1.threat_value)
    np.testing.assert_array_equal(pa.success_probability, m1.success_probability)
    assert set(np.unique(pa.regime)) == {"compliance", "deal", "takeover attempt"}


def test_the_report_scenario_agrees_with_the_takeover_decision() -> None:
    # the default scenario's world and dispositions (the report's "After a takeover" section
    # beside "Non-corrigible takeover", where M1 with CRRA utility finds the attempt worth
    # nothing): with no weight on humans M9a is M1 with linear utility, and the scenario's
    # weight on humans does not turn M1's no-attempt into an attempt
    from dealmodels.models import TakeoverDecision
    from dealmodels.report._scenario import load_scenario

    scen = load_scenario(None)
    d, world = scen.disposition, scen.scenario_environment
    pa = PartialAlignment(d, world=world)
    x = pa.resolve()["payment"]
    linear = TakeoverDecision(d, world=world).solve(budget=x)
    crra = TakeoverDecision(d, world=world, utility="crra").solve(budget=x)
    alone = pa.solve(cooperativeness=0.0)
    assert (alone.regime, alone.cooperates) == (linear.regime, linear.cooperates)
    assert pa.solve().cooperates == crra.cooperates == linear.cooperates


def test_post_takeover_solve_and_condition_read_one_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the share and the regime rule are written once (_shares): replacing them changes both
    # what solve reports and what the condition states
    import sympy

    from dealmodels.models import PostTakeover
    from dealmodels.models import partial_alignment as pa

    assert PostTakeover().solve(pluralism=0.9).cooperates
    monkeypatch.setattr(pa, "_SHARE_FUNCTIONS", {})
    monkeypatch.setattr(
        PostTakeover, "_shares", lambda self: (sympy.S(0), sympy.S(0), sympy.S(0), sympy.false)
    )
    m = PostTakeover()
    r = m.solve(pluralism=0.9)
    assert not r.cooperates
    assert r.human_share == 0.0
    assert m.cooperation_condition().expr == sympy.false
