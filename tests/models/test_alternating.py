"""Tests for M3, alternating offers with the takeover as a BRW outside option."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import AlternatingOffers, NegotiatedDeal, TakeoverDecision
from tests.models._sampling import takeover_values

# no delays, no losses: the AI's option is worth V_T = p W^a, c = q
PLAIN = {
    "loss": 0.0,
    "corrigibility_cost": 0.0,
    "salience": 1.0,
    "subversion": 0.0,
    "delay_takeover": 0.0,
    "delay_deal": 0.0,
}
NO_THREAT = {"p": 0.0}


@pytest.mark.parametrize(("d_ai", "d_dev"), [(0.9, 0.9), (0.5, 0.8), (0.95, 0.6), (0.0, 0.7)])
def test_rubinstein_linear_shares(d_ai: float, d_dev: float) -> None:
    # Rubinstein (1982): proposer i gets (1 - delta_j) / (1 - delta_i delta_j)
    kw = {"discount": d_ai, "developer_discount": d_dev, **NO_THREAT}
    dev_first = AlternatingOffers().solve(**kw)
    ai_first = AlternatingOffers(first_proposer="ai").solve(**kw)
    den = 1 - d_ai * d_dev
    assert dev_first.ai_share == pytest.approx(1 - (1 - d_ai) / den, abs=1e-12)
    assert ai_first.ai_share == pytest.approx((1 - d_dev) / den, abs=1e-12)
    assert dev_first.regime == "compliance"


def test_rubinstein_nine_nineteenths() -> None:
    # Osborne & Rubinstein (1990): delta = 0.9 for both, the proposer gets 10/19
    r = AlternatingOffers(first_proposer="ai").solve(
        p=0.0, discount=0.9, developer_discount=0.9, deal_gain=1.0
    )
    assert r.ai_share == pytest.approx(10 / 19)
    assert r.transfer == pytest.approx(10 / 19)
    assert r.developer_value == pytest.approx(9 / 19)


@pytest.mark.parametrize("delta", [0.5, 0.9, 0.99])
@pytest.mark.parametrize("a", [0.25, 0.5, 0.8])
def test_concave_closed_form_common_discount(delta: float, a: float) -> None:
    # M3: u = x^a, common delta, AI proposing: x_A = (1 - delta)/(1 - delta^(1+1/a))
    m = AlternatingOffers(first_proposer="ai")
    r = m.solve(p=0.0, risk_aversion=1 - a, discount=delta, developer_discount=delta)
    assert r.ai_share == pytest.approx((1 - delta) / (1 - delta ** (1 + 1 / a)), rel=1e-12)
    if a == 0.5:
        assert r.ai_share == pytest.approx(1 / (1 + delta + delta**2))


@pytest.mark.parametrize("a", [0.3, 0.5, 1.0])
@pytest.mark.parametrize("first_proposer", ["developer", "ai"])
def test_converges_to_nash_bargaining(a: float, first_proposer: str) -> None:
    # Binmore, Rubinstein & Wolinsky (1986): as delta -> 1 the SPE split -> Nash (a / (1 + a))
    m3 = AlternatingOffers(first_proposer=first_proposer)  # type: ignore[arg-type]
    r3 = m3.solve(p=0.0, risk_aversion=1 - a, discount=1 - 1e-7, developer_discount=1 - 1e-7)
    m2 = NegotiatedDeal(utility="crra_normalised")
    r2 = m2.solve(p=0.0, risk_aversion=1 - a, deal_gain=1.0, trust=1.0)
    assert r3.ai_share == pytest.approx(r2.transfer, abs=1e-6)
    assert r2.transfer == pytest.approx(a / (1 + a))


def test_outside_option_principle_binds_only_above_responder_share() -> None:
    # BRW: the option w binds iff w > delta/(1+delta) (AI responding, linear, common delta)
    m = AlternatingOffers()
    kw = {"discount": 0.9, "developer_discount": 0.9, "trust": 1.0, "prize": 1.0, **PLAIN}
    kw["deal_gain"] = 1.0
    rub = 0.9 / 1.9
    small = m.solve(p=0.3, **kw)  # w = 0.3 < 0.4737
    assert small.ai_share == pytest.approx(rub)
    assert small.regime == "deal"
    assert small.option_binds is False
    big = m.solve(p=0.6, **kw)  # w = 0.6 binds
    assert big.ai_share == pytest.approx(0.6)
    assert big.regime == "deal: outside option binds"
    assert big.rubinstein_share == pytest.approx(rub)
    # the AI proposing: 1 - delta_D (1 - w)
    r = AlternatingOffers(first_proposer="ai").solve(p=0.6, **kw)
    assert r.ai_share == pytest.approx(1 - 0.9 * (1 - 0.6))


def test_two_readings_of_the_outside_option_differ() -> None:
    # implementation notes: the same numbers give different splits as a Nash disagreement point
    # (M2) and as an opt-out right (M3). A small takeover threat moves M2's split, not M3's.
    common = {"prize": 1.0, "trust": 1.0, "deal_gain": 1.0, "discount": 0.999, **PLAIN}
    m2 = NegotiatedDeal()
    m3 = AlternatingOffers()
    splits2 = [m2.solve(p=p, **common).transfer for p in (0.0, 0.2, 0.4)]
    splits3 = [m3.solve(p=p, developer_discount=0.999, **common).ai_share for p in (0.0, 0.2, 0.4)]
    # Nash: x* = (1 + d_A) / 2 moves with every increase of d_A
    assert splits2 == pytest.approx([0.5, 0.6, 0.7])
    # BRW: the option (0.2, 0.4) is below the responder share ~0.4997 and does not bind
    assert splits3 == pytest.approx([0.999 / 1.999] * 3)
    assert splits2[2] - splits3[2] > 0.19
    # once it binds, the opt-out right gives the AI exactly its option
    assert m3.solve(p=0.7, developer_discount=0.999, **common).ai_share == pytest.approx(0.7)
    assert m2.solve(p=0.7, **common).transfer == pytest.approx(0.85)


@pytest.mark.parametrize("first_proposer", ["developer", "ai"])
def test_against_generic_rubinstein_solver(first_proposer: str) -> None:
    # oracle: dealmodels.solvers.bargaining.rubinstein with the option in pie units
    from dealmodels.solvers.bargaining import rubinstein

    rng = np.random.default_rng(5)
    m = AlternatingOffers(first_proposer=first_proposer)  # type: ignore[arg-type]
    for _ in range(25):
        vals = {
            "p": float(rng.uniform(0, 0.6)),
            "prize": float(rng.uniform(0.2, 2)),
            "trust": float(rng.uniform(0.5, 1)),
            "risk_aversion": float(rng.uniform(0, 0.8)),
            "discount": float(rng.uniform(0.1, 0.99)),
            "developer_discount": float(rng.uniform(0.1, 0.99)),
            "deal_gain": float(rng.uniform(1, 3)),
            "delay_takeover": float(rng.integers(0, 3)),
        }
        r = m.solve(**vals)
        if not r.cooperates or r.outside_option >= r.deal_gain:
            continue
        a = 1 - vals["risk_aversion"]
        ref = rubinstein(
            vals["developer_discount"],
            vals["discount"],
            pie=1.0,
            outside_options=(0.0, r.outside_option / r.deal_gain),
            first_proposer=0 if first_proposer == "developer" else 1,
            utilities=(None, lambda x, a=a: x**a),
        )
        assert r.ai_share == pytest.approx(float(ref.shares[1]), abs=1e-9)
        assert r.option_binds == ref.binding[1]


def test_outside_option_is_takeover_minimum_payment() -> None:
    # the opt-out right in resources is M1's minimum payment (crra_normalised utility)
    vals = {"p": 0.4, "prize": 2.0, "trust": 0.7, "risk_aversion": 0.5, "discount": 0.8}
    r3 = AlternatingOffers().solve(deal_gain=3.0, **vals)
    r1 = TakeoverDecision(utility="crra_normalised").solve(budget=3.0, **vals)
    assert r3.outside_option == pytest.approx(r1.minimum_payment)
    assert r3.cooperates == r1.cooperates


def test_no_deal_when_option_exceeds_the_pie() -> None:
    r = AlternatingOffers().solve(p=0.9, prize=2.0, trust=0.5, deal_gain=1.0, **PLAIN)
    assert r.regime == "no deal: takeover attempt"
    assert (r.ai_share, r.transfer, r.developer_value) == (0.0, 0.0, 0.0)
    assert r.ai_value == pytest.approx(1.8)
    assert r.cooperates is False
    assert "takeover" in r.explanation


def test_fully_myopic_ai() -> None:
    # delta_A = 0: the AI responding takes anything (share 0); proposing it gets 1 - delta_D
    kw = {"p": 0.0, "discount": 0.0, "developer_discount": 0.8}
    assert AlternatingOffers().solve(**kw).ai_share == 0.0
    assert AlternatingOffers(first_proposer="ai").solve(**kw).ai_share == pytest.approx(0.2)


@pytest.mark.parametrize("first_proposer", ["developer", "ai"])
def test_conditions_agree_with_solve(first_proposer: str) -> None:
    m = AlternatingOffers(first_proposer=first_proposer)  # type: ignore[arg-type]
    rng = np.random.default_rng(13)
    n = 2000
    vals = takeover_values(
        rng, n, discount=(0.0, 1.0), risk_aversion=(0.0, 0.95), budget=(0.05, 2.0), baseline=False
    )
    vals["deal_gain"] = vals.pop("budget")
    vals["developer_discount"] = rng.uniform(0, 0.99, n)
    r = m.solve(**vals)
    for cond, expected in (
        (m.cooperation_condition(), r.cooperates),
        (m.binding_condition(), r.option_binds),
    ):
        used = {k: v for k, v in vals.items() if k in cond.parameters}
        np.testing.assert_array_equal(cond.holds(**used), expected)
    assert np.all(np.isfinite(r.ai_share))
    assert np.all((r.ai_share >= 0) & (r.ai_share <= 1))
    # with a deal the AI gets at least its opt-out value (its option in resources)
    ok = r.cooperates
    assert np.all(r.transfer[ok] >= r.outside_option[ok] * (1 - 1e-9) - 1e-12)


@given(
    d_ai=st.floats(0.0, 0.95),
    extra=st.floats(0.01, 0.05),
    d_dev=st.floats(0.0, 0.99),
    rho=st.floats(0.0, 0.9),
    p=st.floats(0.0, 0.5),
)
def test_ai_share_rises_with_its_patience(
    d_ai: float, extra: float, d_dev: float, rho: float, p: float
) -> None:
    for fp in ("developer", "ai"):
        m = AlternatingOffers(first_proposer=fp)  # type: ignore[arg-type]
        kw = {"developer_discount": d_dev, "risk_aversion": rho, "p": p, **PLAIN}
        low = m.solve(discount=d_ai, **kw).ai_share
        high = m.solve(discount=d_ai + extra, **kw).ai_share
        assert high >= low - 1e-12


@given(
    rho=st.floats(0.0, 0.85),
    extra=st.floats(0.01, 0.1),
    delta=st.floats(0.05, 0.99),
    p=st.floats(0.0, 0.5),
)
def test_ai_share_falls_with_risk_aversion(
    rho: float, extra: float, delta: float, p: float
) -> None:
    for fp in ("developer", "ai"):
        m = AlternatingOffers(first_proposer=fp)  # type: ignore[arg-type]
        kw = {"discount": delta, "developer_discount": delta, "p": p, "trust": 0.9, **PLAIN}
        kw |= {"prize": 1.0, "deal_gain": 1.0}
        low = m.solve(risk_aversion=rho + extra, **kw).ai_share
        high = m.solve(risk_aversion=rho, **kw).ai_share
        assert low <= high + 1e-12


@given(d_dev=st.floats(0.0, 0.9), extra=st.floats(0.01, 0.09), d_ai=st.floats(0.0, 0.99))
def test_ai_share_falls_with_developer_patience(d_dev: float, extra: float, d_ai: float) -> None:
    m = AlternatingOffers()
    kw = {"discount": d_ai, "p": 0.0}
    assert (
        m.solve(developer_discount=d_dev + extra, **kw).ai_share
        <= m.solve(developer_discount=d_dev, **kw).ai_share + 1e-12
    )


def test_share_is_continuous_where_the_option_starts_to_bind() -> None:
    # BRW share max(w, Rubinstein) is continuous and piecewise in the option's value
    m = AlternatingOffers()
    p = np.linspace(0, 0.95, 2001)
    r = m.solve(p=p, prize=1.0, trust=1.0, discount=0.9, developer_discount=0.9, **PLAIN)
    assert np.max(np.abs(np.diff(r.ai_share))) < 1e-3
    assert r.option_binds[0] == False  # noqa: E712
    assert r.option_binds[-1] == True  # noqa: E712


def test_broadcasting_and_disposition() -> None:
    m = AlternatingOffers(disposition=Disposition(myopia=0.3, risk_aversion=0.5))
    v = m.resolve()
    assert (v["discount"], v["risk_aversion"]) == (0.7, 0.5)
    d_dev = np.linspace(0.1, 0.9, 4)[:, None]
    p = np.array([0.0, 0.3])[None, :]
    r = m.solve(developer_discount=d_dev, p=p)
    assert r.ai_share.shape == (4, 2)
    single = m.solve(developer_discount=d_dev[2, 0], p=0.3)
    assert r.ai_share[2, 1] == pytest.approx(single.ai_share)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"developer_discount": 1.0}, "developer_discount"),
        ({"discount": 1.1}, "discount"),
        ({"risk_aversion": 1.0}, "risk_aversion"),
        ({"prize": math.inf}, "prize"),
        ({"deal_gain": math.inf}, "deal_gain"),
        ({"trust": -0.1}, "trust"),
        ({"baseline": 1.0}, "baseline"),
        ({"discount": np.array([0.5, np.nan])}, "discount"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        AlternatingOffers().solve(**kwargs)


def test_bad_construction() -> None:
    with pytest.raises(InvalidParameterError, match="first_proposer"):
        AlternatingOffers(first_proposer="nobody")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="disposition"):
        AlternatingOffers(disposition=0.5)  # type: ignore[arg-type]


def test_public_namespace_and_repr() -> None:
    assert dm.models.AlternatingOffers is AlternatingOffers
    assert "first_proposer='ai'" in repr(AlternatingOffers(first_proposer="ai"))
    assert str(AlternatingOffers().solve()).startswith("alternating offers: ")
