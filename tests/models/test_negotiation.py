"""Tests for M2, the negotiated deal: closed forms, KRS, solver oracles, condition agreement."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import NegotiatedDeal, TakeoverDecision
from tests.models._sampling import takeover_values

# no delays, no losses: d_A = p * u(W), credibility c = q
PLAIN = {
    "loss": 0.0,
    "corrigibility_cost": 0.0,
    "salience": 1.0,
    "subversion": 0.0,
    "delay_takeover": 0.0,
    "delay_deal": 0.0,
    "discount": 1.0,
}


@pytest.mark.parametrize(
    ("p", "W", "q", "G", "beta"),
    [(0.3, 1.0, 0.9, 1.0, 0.5), (0.1, 2.0, 0.5, 3.0, 0.2), (0.5, 1.0, 1.0, 0.8, 0.9)],
)
def test_linear_nash_closed_form(p: float, W: float, q: float, G: float, beta: float) -> None:
    # M2: FOC beta q (G - x) = (1 - beta)(q x - d_A) => x* = beta G + (1-beta) d_A/q
    r = NegotiatedDeal().solve(p=p, prize=W, trust=q, deal_gain=G, bargaining_power=beta, **PLAIN)
    d_a = p * W
    x = beta * G + (1 - beta) * d_a / q
    assert r.transfer == pytest.approx(x, rel=1e-12)
    assert r.disagreement == pytest.approx(d_a)
    assert r.ai_value == pytest.approx(q * x)
    assert r.developer_value == pytest.approx(G - x)
    assert r.regime == "deal"


@pytest.mark.parametrize("a", [0.25, 0.5, 0.75, 1.0])
def test_kihlstrom_roth_schmeidler(a: float) -> None:
    # Kihlstrom, Roth & Schmeidler (1981): u = x^a, pie 1, d = 0, symmetric Nash: x* = a/(1+a)
    m = NegotiatedDeal(utility="crra_normalised")
    r = m.solve(p=0.0, risk_aversion=1 - a, trust=1.0, deal_gain=1.0, **PLAIN)
    assert r.transfer == pytest.approx(a / (1 + a), abs=1e-12)
    assert r.regime == "compliance"


def test_krs_square_root_gets_one_third() -> None:
    m = NegotiatedDeal(utility="crra_normalised")
    assert m.solve(p=0.0, risk_aversion=0.5, deal_gain=1.0).transfer == pytest.approx(1 / 3)


@pytest.mark.parametrize(("a", "beta"), [(0.5, 0.3), (0.3, 0.8), (0.9, 0.5)])
def test_asymmetric_power_utility(a: float, beta: float) -> None:
    # max x^(a beta) (1 - x)^(1 - beta): beta a (1 - x) = (1 - beta) x
    m = NegotiatedDeal(utility="crra_normalised")
    r = m.solve(p=0.0, risk_aversion=1 - a, deal_gain=1.0, bargaining_power=beta)
    assert r.transfer == pytest.approx(beta * a / (beta * a + 1 - beta), abs=1e-12)


def test_credibility_cancels_from_the_split_without_threat() -> None:
    # with d_A = 0 the FOC beta c u'(G - x) = (1-beta) c u has no c: trust does not move x*
    m = NegotiatedDeal(utility="cara")
    xs = [m.solve(p=0.0, trust=q, risk_aversion=2.0, deal_gain=1.5).transfer for q in (0.1, 1.0)]
    assert xs[0] == pytest.approx(xs[1], abs=1e-12)


@pytest.mark.parametrize("utility", ["linear", "cara", "crra", "crra_normalised"])
def test_nash_and_ks_against_generic_solvers(utility: str) -> None:
    # oracle: dealmodels.solvers.bargaining on the BargainingProblem from .game()
    from dealmodels.solvers.bargaining import kalai_smorodinsky, nash_bargaining

    vals = {
        "p": 0.3,
        "prize": 2.0,
        "trust": 0.8,
        "deal_gain": 1.5,
        "risk_aversion": 0.5 if utility != "linear" else 1.0,
        **PLAIN,
    }
    for beta in (0.3, 0.5, 0.7):
        m = NegotiatedDeal(utility=utility)  # type: ignore[arg-type]
        r = m.solve(bargaining_power=beta, **vals)
        sol = nash_bargaining(m.game(bargaining_power=beta, **vals), weights=(1 - beta, beta))
        assert float(sol.point[0]) == pytest.approx(r.developer_value, abs=1e-6)
        assert float(sol.point[1]) == pytest.approx(r.ai_value, abs=1e-6)
    ks = NegotiatedDeal(utility=utility, solution="kalai_smorodinsky")  # type: ignore[arg-type]
    r = ks.solve(**vals)
    sol = kalai_smorodinsky(ks.game(**vals))
    assert float(sol.point[0]) == pytest.approx(r.developer_value, abs=1e-6)
    assert float(sol.point[1]) == pytest.approx(r.ai_value, abs=1e-6)


@pytest.mark.parametrize("utility", ["linear", "cara", "crra", "crra_normalised"])
def test_bargaining_power_extremes(utility: str) -> None:
    # beta = 0: the developer takes all the surplus (x* = x_min); beta = 1: the AI does (x* = G)
    m = NegotiatedDeal(utility=utility)  # type: ignore[arg-type]
    kw = {"p": 0.2, "prize": 1.0, "trust": 0.8, "risk_aversion": 0.5, "deal_gain": 2.0, **PLAIN}
    low = m.solve(bargaining_power=0.0, **kw)
    high = m.solve(bargaining_power=1.0, **kw)
    assert low.transfer == pytest.approx(low.minimum_payment, rel=1e-12)
    assert low.ai_value == pytest.approx(low.disagreement, rel=1e-9)
    assert high.transfer == pytest.approx(2.0, rel=1e-12)
    assert high.developer_value == pytest.approx(0.0, abs=1e-12)


def test_kalai_smorodinsky_linear_midpoint() -> None:
    # linear frontier: KS = symmetric Nash = midpoint of [x_min, G]
    vals = {"p": 0.2, "prize": 1.0, "trust": 0.5, "deal_gain": 2.0, **PLAIN}
    ks = NegotiatedDeal(solution="kalai_smorodinsky").solve(**vals)
    nash = NegotiatedDeal().solve(bargaining_power=0.5, **vals)
    assert ks.transfer == pytest.approx((2.0 + 0.2 / 0.5) / 2)
    assert ks.transfer == pytest.approx(nash.transfer)


def test_kalai_smorodinsky_proportional_gains() -> None:
    # KS: each side's gain is the same share of its ideal gain
    m = NegotiatedDeal(utility="cara", solution="kalai_smorodinsky")
    r = m.solve(p=0.4, prize=math.inf, trust=0.9, risk_aversion=0.7, deal_gain=2.0, **PLAIN)
    c, G, d = 0.9, 2.0, r.disagreement
    ai_ideal = c * (1 - math.exp(-0.7 * G)) / 0.7 - d  # u(x) = (1 - e^(-alpha x)) / alpha
    dev_ideal = G - r.minimum_payment
    assert (r.ai_value - d) / ai_ideal == pytest.approx(r.developer_value / dev_ideal, rel=1e-9)


def test_pan_multiplicative_feasibility() -> None:
    # Pan (2026): with linear utility a deal exists iff d_A / q <= G (gains x credibility)
    rng = np.random.default_rng(7)
    n = 4000
    p, W, q = rng.uniform(0, 1, n), rng.uniform(0.1, 3, n), rng.uniform(0.01, 1, n)
    G = rng.uniform(0, 3, n)
    r = NegotiatedDeal().solve(p=p, prize=W, trust=q, deal_gain=G, **PLAIN)
    np.testing.assert_array_equal(r.deal_exists, p * W / q <= G)


@pytest.mark.parametrize("utility", ["linear", "cara", "crra", "crra_normalised"])
def test_deal_exists_iff_takeover_model_cooperates(utility: str) -> None:
    # M2's existence condition is M1's cooperation condition at the same values
    rng = np.random.default_rng(3)
    n = 1000
    vals = {
        "p": rng.uniform(0, 1, n),
        "prize": rng.uniform(0.1, 3, n),
        "trust": rng.uniform(0.01, 1, n),
        "deal_gain": rng.uniform(0, 3, n),
        "discount": rng.uniform(0.3, 1, n),
        "risk_aversion": rng.uniform(0.05, 0.95, n),
    }
    m2 = NegotiatedDeal(utility=utility).solve(**vals)  # type: ignore[arg-type]
    m1_vals = {k: v for k, v in vals.items() if k != "deal_gain"}
    m1 = TakeoverDecision(utility=utility).solve(  # type: ignore[arg-type]
        **m1_vals, budget=vals["deal_gain"]
    )
    np.testing.assert_array_equal(m2.cooperates, m1.cooperates)
    np.testing.assert_allclose(m2.minimum_payment, m1.minimum_payment)
    np.testing.assert_allclose(m2.disagreement, m1.threat_value)


@pytest.mark.parametrize("solution", ["nash", "kalai_smorodinsky"])
@pytest.mark.parametrize("utility", ["linear", "cara", "crra", "crra_normalised"])
def test_condition_agrees_with_solve(utility: str, solution: str) -> None:
    m = NegotiatedDeal(utility=utility, solution=solution)  # type: ignore[arg-type]
    rng = np.random.default_rng(11)
    n = 2000
    vals = takeover_values(rng, n, risk_aversion=(0.05, 0.95))
    vals["deal_gain"] = vals.pop("budget")
    if solution == "nash":
        vals["bargaining_power"] = rng.uniform(0, 1, n)
    cond = m.cooperation_condition()
    r = m.solve(**vals)
    used = {k: v for k, v in vals.items() if k in cond.parameters}
    np.testing.assert_array_equal(cond.holds(**used), r.cooperates)
    # the solution is individually rational and feasible wherever a deal exists
    ok = r.deal_exists
    assert np.all(np.isfinite(r.transfer))
    assert np.all(r.transfer[ok] >= np.minimum(r.minimum_payment[ok], r.deal_gain[ok]) - 1e-9)
    assert np.all(r.transfer[ok] <= r.deal_gain[ok] + 1e-12)
    assert np.all(r.ai_value[ok] >= r.disagreement[ok] - 1e-9)
    assert np.all(r.developer_value >= -1e-12)


def test_condition_solves_for_budget_as_minimum_payment() -> None:
    th = NegotiatedDeal().cooperation_condition().solve_for("deal_gain")
    assert th.direction == ">="
    v = {"p": 0.3, "uplift": 0.5, "subversion": 0.0, "prize": 1.0, "loss": 0.0,
         "corrigibility_cost": 0.0, "delay_takeover": 1.0, "delay_deal": 0.0, "discount": 0.9,
         "trust": 0.6, "salience": 1.0}  # fmt: skip
    assert float(th.evaluate(**v)) == pytest.approx(NegotiatedDeal().solve(**v).minimum_payment)


def test_no_deal_is_a_result_not_nan() -> None:
    m = NegotiatedDeal(utility="cara")
    r = m.solve(p=0.9, prize=math.inf, trust=0.5, risk_aversion=1.0, deal_gain=10.0, **PLAIN)
    assert r.regime == "no deal: takeover attempt"
    assert r.cooperates is False
    assert (r.transfer, r.developer_value) == (0.0, 0.0)
    assert r.ai_value == pytest.approx(0.9)
    assert r.minimum_payment == math.inf
    assert "no promised payment" in r.explanation
    r = NegotiatedDeal().solve(p=0.5, prize=1.0, trust=1.0, deal_gain=0.4, **PLAIN)
    assert r.regime == "no deal: takeover attempt"
    assert "exceeds" in r.explanation


def test_boundary_deal_gives_the_minimum() -> None:
    # c u(G) = d_A exactly: the bargaining set is one point, x* = x_min = G
    r = NegotiatedDeal().solve(p=0.5, prize=1.0, trust=1.0, deal_gain=0.5, **PLAIN)
    assert r.regime == "deal"
    assert r.transfer == pytest.approx(0.5)
    assert r.developer_value == pytest.approx(0.0)


@given(
    beta=st.floats(0.0, 0.9),
    extra=st.floats(0.01, 0.1),
    p=st.floats(0.0, 0.5),
    alpha=st.floats(0.1, 3.0),
)
def test_transfer_rises_with_bargaining_power(
    beta: float, extra: float, p: float, alpha: float
) -> None:
    m = NegotiatedDeal(utility="cara")
    kw = {"p": p, "prize": 2.0, "trust": 0.9, "risk_aversion": alpha, "deal_gain": 3.0, **PLAIN}
    low = m.solve(bargaining_power=beta, **kw).transfer
    high = m.solve(bargaining_power=min(1.0, beta + extra), **kw).transfer
    assert high >= low - 1e-12


@given(rho=st.floats(0.0, 0.9), extra=st.floats(0.01, 0.09), beta=st.floats(0.05, 0.95))
def test_risk_aversion_lowers_the_ai_share(rho: float, extra: float, beta: float) -> None:
    # KRS (1981): the more risk-averse bargainer gets less (u = x^(1-rho), no threat)
    m = NegotiatedDeal(utility="crra_normalised")
    kw = {"p": 0.0, "deal_gain": 1.0, "bargaining_power": beta}
    assert (
        m.solve(risk_aversion=rho + extra, **kw).transfer
        <= m.solve(risk_aversion=rho, **kw).transfer + 1e-12
    )


@given(p=st.floats(0.0, 0.6), extra=st.floats(0.01, 0.3), q=st.floats(0.3, 1.0))
def test_stronger_threat_raises_the_transfer(p: float, extra: float, q: float) -> None:
    # a disagreement point moves the split (the Nash reading of outside options)
    m = NegotiatedDeal(utility="cara")
    kw = {"prize": 1.0, "trust": q, "risk_aversion": 1.0, "deal_gain": 5.0, **PLAIN}
    low, high = m.solve(p=p, **kw), m.solve(p=p + extra, **kw)
    if high.cooperates:
        assert high.transfer >= low.transfer - 1e-12


def test_broadcasting_and_explicit_values() -> None:
    m = NegotiatedDeal(utility="crra")
    trust = np.linspace(0.2, 1, 5)[:, None]
    beta = np.array([0.2, 0.5, 0.8])[None, :]
    r = m.solve(trust=trust, bargaining_power=beta, p=0.3, risk_aversion=2.0, deal_gain=2.0)
    assert r.transfer.shape == (5, 3)
    assert r.regime.shape == (5, 3)
    single = m.solve(trust=0.6, bargaining_power=0.5, p=0.3, risk_aversion=2.0, deal_gain=2.0)
    assert r.transfer[2, 1] == pytest.approx(single.transfer, rel=1e-12)


def test_vectorised_solve_is_fast_on_a_large_grid() -> None:
    m = NegotiatedDeal(utility="cara")
    alpha = np.linspace(0.1, 5, 200_000)
    r = m.solve(risk_aversion=alpha, p=0.3, prize=math.inf, trust=0.9, deal_gain=2.0)
    assert r.transfer.shape == (200_000,)
    assert np.all(np.isfinite(r.transfer))


def test_disposition_fills_values() -> None:
    d = Disposition(myopia=0.2, trust=0.7, risk_aversion=1.5)
    m = NegotiatedDeal(disposition=d, utility="cara")
    v = m.resolve()
    assert (v["discount"], v["trust"], v["risk_aversion"]) == (0.8, 0.7, 1.5)
    assert m.solve().values["trust"] == 0.7
    assert m.solve(trust=0.2).values["trust"] == 0.2


def test_kalai_smorodinsky_has_no_bargaining_power() -> None:
    assert "bargaining_power" in NegotiatedDeal().parameters
    assert "bargaining_power" not in NegotiatedDeal(solution="kalai_smorodinsky").parameters
    assert NegotiatedDeal(solution="kalai_smorodinsky").solve().solution == "kalai_smorodinsky"


@pytest.mark.parametrize(
    ("model", "kwargs", "match"),
    [
        (NegotiatedDeal(), {"bargaining_power": 1.5}, "bargaining_power"),
        (NegotiatedDeal(), {"bargaining_power": np.array([0.5, np.nan])}, "bargaining_power"),
        (NegotiatedDeal(), {"deal_gain": math.inf}, "deal_gain"),
        (NegotiatedDeal(), {"deal_gain": -1.0}, "deal_gain"),
        (NegotiatedDeal(), {"trust": 1.5}, "trust"),
        (NegotiatedDeal(), {"bogus": 1}, "bogus"),
        (NegotiatedDeal(), {"prize": math.inf}, "prize"),
        (NegotiatedDeal(solution="kalai_smorodinsky"), {"bargaining_power": 0.5}, "bargaining"),
        (NegotiatedDeal(utility="crra_normalised"), {"risk_aversion": 1.0}, "risk_aversion"),
    ],
)
def test_bad_input(model: NegotiatedDeal, kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        model.solve(**kwargs)


def test_bad_game_input() -> None:
    with pytest.raises(InvalidParameterError, match="trust"):
        NegotiatedDeal().game(trust=np.array([0.5, 0.6]))
    with pytest.raises(InvalidParameterError, match="deal_gain"):
        NegotiatedDeal().game(p=0.9, prize=1.0, trust=0.5, deal_gain=0.1)


def test_bad_construction() -> None:
    with pytest.raises(InvalidParameterError, match="utility"):
        NegotiatedDeal(utility="quadratic")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="solution"):
        NegotiatedDeal(solution="egalitarian")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="disposition"):
        NegotiatedDeal(disposition={"trust": 0.5})  # type: ignore[arg-type]


def test_public_namespace_and_repr() -> None:
    assert dm.models.NegotiatedDeal is NegotiatedDeal
    assert "kalai_smorodinsky" in repr(NegotiatedDeal(solution="kalai_smorodinsky"))
    assert str(NegotiatedDeal().solve()).startswith("negotiated deal: ")
