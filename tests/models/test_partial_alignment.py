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

BASE = {"p": 0.5, "prize": 2.0, "humans_after_takeover": 0.0, "humans_baseline": 1.0,
        "work_value": 1.0}  # fmt: skip


def test_threshold_derivation_with_sympy() -> None:
    # M9a: the deal condition is x (1 - 2 lam) >= N
    lam, x, p, v, ht, h0, w = sympy.symbols("lam x p V h_T H_0 w", real=True)
    lhs = lam * (h0 + w - x) + (1 - lam) * x
    rhs = p * (lam * ht + (1 - lam) * v) + (1 - p) * lam * h0
    n = p * (lam * ht + (1 - lam) * v) + (1 - p) * lam * h0 - lam * (h0 + w)
    assert sympy.simplify((lhs - rhs) - (x * (1 - 2 * lam) - n)) == 0


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
    # lam > 1/2: accepts payments up to -N/(2 lam - 1); N = 0.5(0.2*2) + 0.4 - 1.6 = -1.0
    hi = m.solve(cooperativeness=0.8, payment=0.0, **BASE)
    assert hi.net_takeover_value == pytest.approx(-1.0)
    assert hi.maximum_payment == pytest.approx(1.0 / 0.6)
    assert hi.minimum_payment == 0.0
    assert m.solve(cooperativeness=0.8, payment=1.7, **BASE).regime == "takeover attempt"


@given(lam=st.floats(0, 1), x=st.floats(0, 3), p=st.floats(0, 1), v=st.floats(1e-300, 5))
def test_acceptance_matches_payment_interval(lam: float, x: float, p: float, v: float) -> None:
    r = PartialAlignment().solve(cooperativeness=lam, payment=x, p=p, prize=v)
    if abs(r.ai_utility_deal - r.ai_utility_takeover) > 1e-9:
        inside = r.minimum_payment <= x <= r.maximum_payment
        assert (r.regime == "deal") == inside


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
            "payment": rng.uniform(0, 3, n)}  # fmt: skip
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
_ABSORB = {"cooperativeness": 0.75, "work_value": -4.0, "payment": 1.0,
           "humans_after_takeover": 0.0, "prize": 2.0}  # fmt: skip


@pytest.mark.parametrize("baseline", [1e300, math.inf])
def test_a_huge_baseline_does_not_absorb_the_decision(baseline: float) -> None:
    # with p = 0 the baseline H_0 is on both sides: deal minus attempt is
    # lambda w + (1 - 2 lambda) x = 0.75 * -4 - 0.5 * 1 = -3.5 < 0, an attempt at every H_0
    # (summing lambda H_0 + ... first rounds both utilities to 7.5e299 and called it a deal)
    m = PartialAlignment()
    r = m.solve(humans_baseline=baseline, p=0.0, **_ABSORB)
    assert r.regime == "takeover attempt"
    assert r.cooperates is False
    assert r.net_takeover_value == 3.0  # N = -lambda w
    cond = m.cooperation_condition()
    if math.isfinite(baseline):
        assert cond.holds(humans_baseline=baseline, p=0.0, **_ABSORB) is False
    else:  # 0 * inf in the condition: refused by name, not a guess
        with pytest.raises(InvalidParameterError, match="undefined"):
            cond.holds(humans_baseline=baseline, p=0.0, **_ABSORB)
    finite = m.solve(humans_baseline=2.0, p=0.0, **_ABSORB)
    assert (finite.regime, finite.net_takeover_value) == ("takeover attempt", 3.0)
