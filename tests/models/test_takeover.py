"""Tests for M1, the takeover decision: closed forms, monotonicity, condition agreement."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import TakeoverDecision
from tests.models._sampling import takeover_values

BASE = {"loss": 0.0, "corrigibility_cost": 0.0, "salience": 1.0, "subversion": 0.0}


def rho_eff(p: float, q: float, d: float, dt: float, dd: float) -> float:
    return p * d**dt / (q * d**dd)


@pytest.mark.parametrize(
    ("p", "q", "d", "dt", "dd", "W"),
    [(0.3, 0.9, 1.0, 1, 0, 1.0), (0.2, 0.5, 0.8, 3, 1, 2.0), (0.5, 0.6, 0.5, 0, 2, 1.0)],
)
def test_linear_closed_form(p: float, q: float, d: float, dt: float, dd: float, W: float) -> None:
    # M1: risk-neutral x* = rho_eff * W
    r = TakeoverDecision().solve(
        p=p, trust=q, discount=d, delay_takeover=dt, delay_deal=dd, prize=W, budget=10, **BASE
    )
    assert r.minimum_payment == pytest.approx(rho_eff(p, q, d, dt, dd) * W)
    assert r.regime == "deal"


@pytest.mark.parametrize(("alpha", "W"), [(1.0, 2.0), (0.5, math.inf), (3.0, 0.7)])
def test_cara_closed_form(alpha: float, W: float) -> None:
    # Thornley & MacAskill (2026): x* = -(1/alpha) ln(1 - rho_eff (1 - e^{-alpha W}))
    p, q = 0.3, 0.8
    r = TakeoverDecision(utility="cara").solve(
        p=p, trust=q, discount=1.0, prize=W, risk_aversion=alpha, **BASE
    )
    expected = -math.log(1 - (p / q) * (1 - math.exp(-alpha * W))) / alpha
    assert r.minimum_payment == pytest.approx(expected)
    if math.isinf(W):  # (1/alpha) ln(q / (q - p))
        assert r.minimum_payment == pytest.approx(math.log(q / (q - p)) / alpha)


def test_cara_no_deal_when_takeover_more_likely_than_payment() -> None:
    # infinite prize: feasible iff rho_eff < 1, i.e. payment more likely than success
    m = TakeoverDecision(utility="cara")
    r = m.solve(p=0.6, trust=0.5, discount=1.0, prize=math.inf, risk_aversion=1.0, **BASE)
    assert r.minimum_payment == math.inf
    assert r.deal_exists is False
    assert r.regime == "takeover attempt"
    assert "no deal possible" in r.explanation


def test_crra_baseline_closed_form() -> None:
    # rho > 1, W -> inf: x* = w0 [(1 - rho_eff)^(-1/(rho-1)) - 1]
    p, q, rho, w0 = 0.2, 0.9, 3.0, 2.0
    r = TakeoverDecision(utility="crra").solve(
        p=p, trust=q, discount=1.0, prize=math.inf, risk_aversion=rho, baseline=w0, **BASE
    )
    re = p / q
    assert r.minimum_payment == pytest.approx(w0 * ((1 - re) ** (-1 / (rho - 1)) - 1))


def test_crra_log_closed_form() -> None:
    # rho = 1 (log of wealth w0 + gain): q ln(1 + x/w0) = p ln(1 + W/w0)
    p, q, w0, W = 0.2, 0.8, 1.0, 100.0
    r = TakeoverDecision(utility="crra").solve(
        p=p, trust=q, discount=1.0, prize=W, risk_aversion=1.0, baseline=w0, **BASE
    )
    assert r.minimum_payment == pytest.approx(w0 * ((1 + W / w0) ** (p / q) - 1))


def test_crra_normalised_design_form() -> None:
    # the design's form: prize 1, u = x^(1-rho): x* = (p delta^Dt / q)^(1/(1-rho))
    p, q, rho, d = 0.3, 0.9, 0.5, 0.9
    r = TakeoverDecision(utility="crra_normalised").solve(
        p=p,
        trust=q,
        discount=d,
        delay_takeover=2,
        delay_deal=0,
        prize=1.0,
        risk_aversion=rho,
        **BASE,
    )
    assert r.minimum_payment == pytest.approx((p * d**2 / q) ** (1 / (1 - rho)))


def test_compliance_when_attempt_worthless() -> None:
    r = TakeoverDecision().solve(p=0.1, loss=5.0)
    assert r.regime == "compliance"
    assert r.minimum_payment == 0.0
    assert r.cooperates is True


def test_disposition_fills_values_and_explicit_wins() -> None:
    d = Disposition(myopia=0.5, trust=0.8, salience=0.5)
    m = TakeoverDecision(disposition=d)
    v = m.resolve()
    assert (v["discount"], v["trust"], v["salience"]) == (0.5, 0.8, 0.5)
    assert m.resolve(trust=0.3)["trust"] == 0.3
    assert m.resolve(Disposition(trust=0.1))["trust"] == 0.1


def test_myopia_is_double_edged() -> None:
    # takeover later than payment: myopia lowers x*; escrowed payment later: myopia raises it
    m = TakeoverDecision()
    soon = {"delay_takeover": 3, "delay_deal": 0}
    late = {"delay_takeover": 0, "delay_deal": 3}
    assert m.minimum_payment(discount=0.5, **soon) < m.minimum_payment(discount=0.9, **soon)
    assert m.minimum_payment(discount=0.5, **late) > m.minimum_payment(discount=0.9, **late)


def test_broadcasting() -> None:
    m = TakeoverDecision(utility="cara")
    trust = np.linspace(0.1, 1, 10)[:, None]
    alpha = np.array([0.5, 1.0, 2.0])[None, :]
    r = m.solve(trust=trust, risk_aversion=alpha, p=0.3, prize=math.inf)
    assert r.minimum_payment.shape == (10, 3)
    assert r.regime.shape == (10, 3)
    single = m.solve(trust=0.5, risk_aversion=1.0, p=0.3, prize=math.inf)
    assert r.minimum_payment[4, 1] == pytest.approx(single.minimum_payment)


@given(
    alpha=st.floats(0.05, 5),
    p=st.floats(0.0, 0.9),
    q=st.floats(0.05, 1.0),
    extra=st.floats(0.01, 2),
)
def test_cara_minimum_payment_monotone(alpha: float, p: float, q: float, extra: float) -> None:
    # implementation notes: x* falls in q and rises in p; it falls in alpha when payment is
    # more likely than success (rho_eff < 1, Thornley & MacAskill's condition)
    m = TakeoverDecision(utility="cara")
    kw = {"prize": 5.0, "discount": 1.0, **BASE}
    x = m.minimum_payment(risk_aversion=alpha, p=p, trust=q, **kw)
    if p < q:
        assert m.minimum_payment(risk_aversion=alpha + extra, p=p, trust=q, **kw) <= x * (1 + 1e-9)
    assert (
        m.minimum_payment(risk_aversion=alpha, p=p, trust=min(1.0, q + extra), **kw)
        <= x * (1 + 1e-9) + 1e-12
    )
    assert m.minimum_payment(risk_aversion=alpha, p=min(1.0, p + extra), trust=q, **kw) >= x


def test_cara_risk_aversion_backfires_when_takeover_more_likely_than_payment() -> None:
    # finite prize W, rho_eff = p/q > 1: u(W) = 1 - e^{-alpha W} approaches sup u = 1 as alpha
    # grows, so more risk aversion raises x* and eventually no payment suffices. Derived here;
    # an earlier statement: x* falls in alpha, which holds only for rho_eff < 1 (or W infinite).
    m = TakeoverDecision(utility="cara")
    kw = {"prize": 5.0, "discount": 1.0, "p": 0.09375, "trust": 0.078125, **BASE}
    low = m.minimum_payment(risk_aversion=0.25, **kw)
    assert low == pytest.approx(-math.log(1 - 1.2 * (1 - math.exp(-1.25))) / 0.25)
    assert m.minimum_payment(risk_aversion=0.3, **kw) > low
    assert m.minimum_payment(risk_aversion=1.25, **kw) == math.inf


@pytest.mark.parametrize("utility", ["linear", "cara", "crra", "crra_normalised"])
def test_condition_agrees_with_solve(utility: str) -> None:
    m = TakeoverDecision(utility=utility)  # type: ignore[arg-type]
    rng = np.random.default_rng(1)
    n = 2000
    ra = (0.05, 0.95) if utility == "crra_normalised" else (0.05, 3.0)
    vals = takeover_values(rng, n, risk_aversion=ra)
    if utility == "crra":
        vals["risk_aversion"] = np.where(
            np.abs(vals["risk_aversion"] - 1) < 1e-3, 1.5, vals["risk_aversion"]
        )
    cond = m.cooperation_condition()
    used = {k: v for k, v in vals.items() if k in cond.parameters}
    r = m.solve(**vals)
    np.testing.assert_array_equal(cond.holds(**used), r.cooperates)


def test_condition_solves_for_budget() -> None:
    th = TakeoverDecision().cooperation_condition().solve_for("budget")
    assert th.direction == ">="
    v = {"p": 0.3, "uplift": 0.5, "subversion": 0.0, "prize": 1.0, "loss": 0.0,
         "corrigibility_cost": 0.0, "delay_takeover": 1.0, "delay_deal": 0.0, "discount": 1.0,
         "trust": 0.9, "salience": 1.0}  # fmt: skip
    assert float(th.evaluate(**{k: x for k, x in v.items() if k != "budget"})) == pytest.approx(
        TakeoverDecision().minimum_payment(**v)
    )


@pytest.mark.parametrize(
    ("model", "kwargs", "match"),
    [
        (TakeoverDecision(), {"trust": 1.5}, "trust"),
        (TakeoverDecision(), {"p": -0.1}, "p must be"),
        (TakeoverDecision(), {"bogus": 1}, "bogus"),
        (TakeoverDecision(), {"prize": math.inf}, "prize"),
        (TakeoverDecision(utility="cara"), {"risk_aversion": -0.1}, "risk_aversion"),
        (TakeoverDecision(utility="crra_normalised"), {"risk_aversion": 1.0}, "risk_aversion"),
        (TakeoverDecision(utility="crra"), {"risk_aversion": 0.5, "prize": math.inf}, "prize"),
        (TakeoverDecision(), {"trust": np.array([0.5, np.nan])}, "trust"),
    ],
)
def test_bad_input(model: TakeoverDecision, kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        model.solve(**kwargs)


def test_bad_construction() -> None:
    with pytest.raises(InvalidParameterError, match="utility"):
        TakeoverDecision(utility="quadratic")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="disposition"):
        TakeoverDecision(disposition={"trust": 0.5})  # type: ignore[arg-type]


def test_public_namespace() -> None:
    assert dm.models.TakeoverDecision is TakeoverDecision


def test_no_threat_is_cooperation_at_an_infinite_budget() -> None:
    # 0.9 * 0.5**2000 underflows to 0, so the deal's credibility times an infinite budget was
    # 0 * inf = NaN and "compliance" came with cooperates=False; with no threat (V_T = 0: the
    # attempt's utility 0.3 - 0.7 * 1 - 0 < 0) the AI cooperates whatever the deal is worth
    m = TakeoverDecision()
    r = m.solve(p=0.3, prize=1.0, loss=1.0, corrigibility_cost=0.0, budget=math.inf,
                delay_deal=2000.0, discount=0.5, trust=0.9, salience=1.0, uplift=0.0)  # fmt: skip
    assert r.threat_value == 0.0
    assert (r.regime, r.cooperates) == ("compliance", True)


def test_a_threat_whose_value_underflows_is_still_a_threat() -> None:
    # s EU_T = 1e-300 * 2.5e-300 rounds to 0, but the threat is positive: the AI is paid
    # (a deal at x* = 0 in floats), not left to "compliance: V_T = 0"
    from dealmodels.models import TakeoverDecision

    v = {"p": 1.0, "prize": 1e-300, "loss": 0.0, "corrigibility_cost": 0.0,
         "delay_takeover": 0.0, "salience": 1e-300, "trust": 1.0, "budget": 1.0}  # fmt: skip
    r = TakeoverDecision().solve(**v)
    assert r.regime == "deal"
    assert r.cooperates
    assert TakeoverDecision().solve(**{**v, "salience": 0.0}).regime == "compliance"
    # and a deal that is worth nothing (trust 0) does not answer it
    r = TakeoverDecision().solve(**{**v, "trust": 0.0})
    assert r.regime == "takeover attempt"
    assert r.minimum_payment == float("inf")
