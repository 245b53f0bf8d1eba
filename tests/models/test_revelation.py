"""Tests for RevelationDeal: paying a misaligned AI to reveal itself under private information."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize, stats

from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import RevelationDeal

UNIFORM = RevelationDeal()
EXPONENTIAL = RevelationDeal(reservation="exponential")
CONDITIONS = {
    "uniform": UNIFORM.cooperation_condition(),
    "exponential": EXPONENTIAL.cooperation_condition(),
}


def unit() -> st.SearchStrategy[float]:
    # 0, 1 and values away from underflow (where F(c u(x)) rounds to 0, the numeric optimum
    # cannot see the revealed types that the exact condition counts)
    return st.one_of(st.just(0.0), st.just(1.0), st.floats(1e-4, 1.0))


points = st.fixed_dictionaries({
    "prior_misaligned": unit(),
    "reveal_value": st.one_of(st.just(0.0), st.floats(1e-3, 5.0)),
    "trust": unit(),
    "promise_keeping": st.one_of(st.just(0.0), st.floats(1e-3, 3.0)),
    "reservation_max": st.floats(0.05, 5.0),
    "reservation_mean": st.floats(0.05, 5.0),
    "delay_deal": st.floats(0.0, 3.0),
    "discount": st.one_of(st.just(0.0), st.floats(0.1, 1.0)),
})  # fmt: skip


# -- known answers ---------------------------------------------------------------------------
@pytest.mark.parametrize(("mu", "q", "v", "big_r"), [(0.5, 1.0, 1.0, 1.0), (0.3, 0.8, 2.0, 2.0),
                                                     (0.9, 0.5, 1.0, 4.0)])  # fmt: skip
def test_uniform_linear_without_false_claims(mu: float, q: float, v: float, big_r: float) -> None:
    # honest aligned AIs (h large): Pi(x) = mu (q x / R)(V - x) on q x <= R, so x* = V/2 and
    # Pi* = mu q V^2 / (4R) when q V / 2 <= R; full information mu q V^2 / (2R) when q V <= R
    r = UNIFORM.solve(prior_misaligned=mu, trust=q, reveal_value=v, reservation_max=big_r,
                      promise_keeping=100.0)  # fmt: skip
    assert q * v <= big_r
    assert r.payment == pytest.approx(v / 2, rel=1e-7)
    assert r.developer_value == pytest.approx(mu * q * v**2 / (4 * big_r), rel=1e-12)
    assert r.reveal_probability == pytest.approx(q * v / (2 * big_r), rel=1e-7)
    assert r.full_information_value == pytest.approx(mu * q * v**2 / (2 * big_r), rel=1e-9)
    assert r.efficiency_loss == pytest.approx(mu * q * v**2 / (4 * big_r), rel=1e-7)
    assert r.regime == "revelation"
    assert not r.false_claims


def test_uniform_with_false_claims_corner() -> None:
    # h = 0: Pi(x) = x (mu (V - x)/R - (1 - mu)) below R/q; with mu = 1/2, q = 1, R = 0.2,
    # V = 1 it rises up to x = R (every type reveals), then falls: x* = 0.2, Pi = 0.3
    r = UNIFORM.solve(prior_misaligned=0.5, trust=1.0, reveal_value=1.0, reservation_max=0.2)
    assert r.payment == pytest.approx(0.2, rel=1e-9)
    assert r.developer_value == pytest.approx(0.3, rel=1e-9)
    assert r.reveal_probability == pytest.approx(1.0)
    assert r.false_claims
    assert r.regime == "revelation with false claims"
    # full information: mu (V - R/(2q)) = 0.45 when every type is bought
    assert r.full_information_value == pytest.approx(0.45, rel=1e-9)


def test_exponential_first_order_condition() -> None:
    # Pi(x) = mu (1 - exp(-q x / theta))(V - x): (q/theta) e^{-qx/theta}(V - x) = 1 - e^{-qx/theta}
    mu, q, theta, v = 0.6, 0.9, 0.7, 2.0

    def foc(x: float) -> float:
        g = math.exp(-q * x / theta)
        return q / theta * g * (v - x) - (1 - g)

    x_star = optimize.brentq(foc, 1e-9, v)
    r = EXPONENTIAL.solve(prior_misaligned=mu, trust=q, reservation_mean=theta, reveal_value=v,
                          promise_keeping=100.0)  # fmt: skip
    assert r.payment == pytest.approx(x_star, rel=1e-7)
    fi = mu * (v - theta / q * (1 - math.exp(-q * v / theta)))  # mu * int_0^V F(q x) dx
    assert r.full_information_value == pytest.approx(fi, rel=1e-9)


def test_no_offer_cases() -> None:
    for kw in ({"prior_misaligned": 0.0}, {"trust": 0.0}, {"reveal_value": 0.0},
               {"promise_keeping": 0.0}):  # fmt: skip
        r = UNIFORM.solve(**{"promise_keeping": 1.0, **kw})
        assert r.payment == 0.0
        assert r.reveal_probability == 0.0
        assert r.regime == "no revelation"
        assert not r.cooperates


# -- properties ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["uniform", "exponential", "gamma", "samples"])
@given(values=points)
def test_optimal_payment_beats_every_payment_on_a_grid(
    kind: str, values: dict[str, float]
) -> None:
    reservation: object = kind
    if kind == "gamma":
        reservation = stats.gamma(2.0, scale=0.3)
    elif kind == "samples":
        reservation = np.random.default_rng(0).exponential(0.5, size=50)
    m = RevelationDeal(reservation=reservation)
    r = m.solve(**values)
    grid = np.linspace(0.0, 1.0, 201) * values["reveal_value"]
    pi = m.developer_value(grid, **values)
    assert r.developer_value >= pi.max() - 1e-9 * (1 + values["reveal_value"])
    assert r.developer_value >= 0.0
    assert r.efficiency_loss >= 0.0
    assert 0.0 <= r.payment <= values["reveal_value"]
    assert r.cooperates == (r.reveal_probability > 0)
    if kind in CONDITIONS:
        cond = CONDITIONS[kind]
        assert cond.holds(**{k: x for k, x in values.items() if k in cond.parameters}) == (
            r.cooperates
        )


@given(values=points, q1=st.floats(0.0, 1.0), q2=st.floats(0.0, 1.0),
       x1=st.floats(0.0, 10.0), x2=st.floats(0.0, 10.0))  # fmt: skip
def test_reveal_probability_is_non_decreasing_in_trust_and_payment(
    values: dict[str, float], q1: float, q2: float, x1: float, x2: float
) -> None:
    for m in (UNIFORM, EXPONENTIAL, RevelationDeal(utility="cara")):
        kw = {k: x for k, x in values.items() if k != "trust"}
        lo, hi = sorted((q1, q2))
        assert m.reveal_probability(x1, trust=lo, **kw) <= m.reveal_probability(
            x1, trust=hi, **kw)  # fmt: skip
        a, b = sorted((x1, x2))
        assert m.reveal_probability(a, trust=q1, **kw) <= m.reveal_probability(b, trust=q1, **kw)


def test_samples_approach_the_uniform_answer() -> None:
    rng = np.random.default_rng(1)
    samples = rng.uniform(0.0, 1.0, size=20000)
    kw = {"trust": 1.0, "promise_keeping": 1.0}
    exact, empirical = UNIFORM.solve(**kw), RevelationDeal(reservation=samples).solve(**kw)
    assert empirical.payment == pytest.approx(exact.payment, abs=0.02)
    assert empirical.developer_value == pytest.approx(exact.developer_value, abs=0.005)
    assert empirical.full_information_value == pytest.approx(exact.full_information_value,
                                                             abs=0.005)  # fmt: skip


def test_threat_values_of_the_takeover_model_as_reservations() -> None:
    # the reservation value as M1's threat value under a prior on the success probability
    from dealmodels.models import TakeoverDecision

    p = np.random.default_rng(2).uniform(0.0, 0.6, size=500)
    threat = TakeoverDecision().solve(p=p, prize=1.0, loss=0.0, delay_takeover=0.0).threat_value
    m = RevelationDeal(reservation=threat)
    r = m.solve(trust=0.9, promise_keeping=1.0)
    assert r.cooperates
    assert r.reveal_probability == pytest.approx(np.mean(threat <= 0.9 * r.payment))


# -- dispositions ----------------------------------------------------------------------------
def test_dispositions_act_where_stated() -> None:
    base = {"promise_keeping": 1.0}
    # trust scales the offer's worth
    assert UNIFORM.solve(trust=0.9, **base).reveal_probability > UNIFORM.solve(
        trust=0.3, **base).reveal_probability  # fmt: skip
    # honesty limits false claims
    assert UNIFORM.solve(trust=1.0, reservation_max=0.2, promise_keeping=0.0).false_claims
    assert not UNIFORM.solve(trust=1.0, reservation_max=0.2, promise_keeping=5.0).false_claims
    # myopia discounts an escrowed payment
    d = Disposition(myopia=0.5, trust=0.8, promise_keeping=1.0)
    r = UNIFORM.solve(d, delay_deal=2.0)
    assert r.credibility == pytest.approx(0.8 * 0.5**2)
    # risk aversion curves u: CARA u(x) = 1 - exp(-alpha x) < x for alpha <= 1
    cara = RevelationDeal(utility="cara")
    assert cara.reveal_probability(0.5, risk_aversion=1.0) < UNIFORM.reveal_probability(0.5)


def test_arrays_broadcast() -> None:
    q = np.linspace(0.1, 1.0, 4)
    r = UNIFORM.solve(trust=q, promise_keeping=[[0.0], [1.0]])
    assert np.shape(r.payment) == (2, 4)
    for i, h in enumerate((0.0, 1.0)):
        for j, x in enumerate(q):
            single = UNIFORM.solve(trust=float(x), promise_keeping=h)
            assert r.payment[i, j] == pytest.approx(single.payment)
            assert r.regime[i, j] == single.regime


# -- bad input -------------------------------------------------------------------------------
BAD = [
    ({"prior_misaligned": 1.5}, r"prior_misaligned must be in \[0, 1\]; got prior_misaligned=1.5"),
    ({"prior_misaligned": -0.1}, r"prior_misaligned must be in \[0, 1\]"),
    ({"trust": 2.0}, r"trust must be in \[0, 1\]"),
    ({"reveal_value": -1.0}, r"value must be in \[0, inf\)"),
    ({"reveal_value": math.inf}, r"value must be in \[0, inf\)"),
    ({"reservation_max": 0.0}, r"reservation_max must be in \(0, inf\)"),
    ({"promise_keeping": -1.0}, r"promise_keeping must be in \[0, inf\]"),
]


@pytest.mark.parametrize(("values", "match"), BAD)
def test_bad_values_are_refused(values: dict[str, float], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        UNIFORM.solve(**values)


BAD_RESERVATIONS = [
    (stats.norm(), r"reservation must be a distribution on \[0, inf\).*starts at -inf"),
    (stats.uniform(-1, 2), r"reservation must be a distribution on \[0, inf\).*starts at -1"),
    ([0.5, -1.0], r"reservation must be samples >= 0"),
    ([], r"reservation must be a nonempty array"),
    ([0.1, math.nan], r"reservation must be a number \(not NaN\)"),
    ("gamma", r"reservation must be one of 'uniform', 'exponential'"),
    (3, r"reservation must be 'uniform', 'exponential', a frozen scipy.stats distribution"),
]


@pytest.mark.parametrize(("reservation", "match"), BAD_RESERVATIONS)
def test_bad_reservation_distributions(reservation: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        RevelationDeal(reservation=reservation)


def test_other_bad_input() -> None:
    with pytest.raises(InvalidParameterError, match="payment must be >= 0"):
        UNIFORM.developer_value(-1.0)
    with pytest.raises(InvalidParameterError, match="utility must be one of"):
        RevelationDeal(utility="log")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match=r"risk_aversion must be in \[0, 1\)"):
        RevelationDeal(utility="crra_normalised").solve(risk_aversion=1.0)
    with pytest.raises(InvalidParameterError, match="cooperation_condition needs reservation"):
        RevelationDeal(reservation=stats.gamma(2.0)).cooperation_condition()


def test_the_optimum_at_the_kink_where_every_type_reveals() -> None:
    # uniform r on [0, 1], linear u, q = 10/11: every misaligned type reveals from x = 1.1 on;
    # Pi(x) = 0.5 (4 - x) - 0.5 x above the false-claim threshold h/q = 0.55 rises with F up
    # to the kink and falls after it, so x* = 1.1 and Pi = 0.5 * 2.9 - 0.5 * 1.1 = 0.9 (a
    # bounded search alone stopped 2e-8 short and the optimality check refused the point)
    r = RevelationDeal().solve(
        prior_misaligned=0.5, promise_keeping=0.5, trust=10 / 11, reveal_value=4.0,
        reservation_max=1.0, risk_aversion=0.0,
    )  # fmt: skip
    assert r.payment == pytest.approx(1.1, rel=1e-12)
    assert r.developer_value == pytest.approx(0.9, rel=1e-12)


def test_sample_reservations_reveal_at_the_payment_that_reaches_them() -> None:
    # with samples, x* sits where c u(x) equals a sample; c (r / c) can round below r, which
    # once counted one type too few at x* and the optimality check refused the point
    samples = np.random.default_rng(0).exponential(0.5, size=50)
    values = {
        "prior_misaligned": 1.0, "reveal_value": 1.0, "trust": 1.0, "promise_keeping": 0.0,
        "delay_deal": 2.371517930279515, "discount": 0.1,
    }  # fmt: skip
    m = RevelationDeal(reservation=samples)
    r = m.solve(**values)
    grid = np.linspace(0.0, 1.0, 2001)
    assert r.developer_value >= m.developer_value(grid, **values).max() - 1e-12


# -- the edges of the domain -----------------------------------------------------------------
INF = math.inf


def test_a_worthless_offer_buys_only_the_free_types() -> None:
    # trust 0 (c = 0): no payment is worth anything to the AI; a continuous F has no type with
    # r = 0, so nothing is revealed; samples with an atom at r = 0 reveal for free, and full
    # information buys exactly those: Pi = Pi_FI = mu F(0) V
    r = UNIFORM.solve(trust=0.0, promise_keeping=1.0)
    assert (r.payment, r.reveal_probability, r.developer_value) == (0.0, 0.0, 0.0)
    assert (r.full_information_value, r.regime) == (0.0, "no revelation")
    free = RevelationDeal(reservation=[0.0, 0.2, 1.5]).solve(trust=0.0, promise_keeping=1.0)
    assert free.payment == 0.0
    assert free.reveal_probability == pytest.approx(1 / 3)
    assert free.developer_value == pytest.approx(0.5 * (1 / 3) * 1.0)
    assert free.full_information_value == pytest.approx(free.developer_value)
    # an infinite escrow delay: delta^inf = 0 for delta < 1 (worthless), 1 for delta = 1
    late = UNIFORM.solve(trust=1.0, promise_keeping=1.0, delay_deal=INF, discount=0.5)
    assert (late.credibility, late.regime) == (0.0, "no revelation")
    patient = UNIFORM.solve(trust=1.0, promise_keeping=1.0, delay_deal=INF, discount=1.0)
    assert patient.credibility == 1.0
    assert patient.payment == pytest.approx(0.5, rel=1e-7)


@pytest.mark.parametrize(
    ("kw", "payment", "value"),
    [
        # perfectly honest aligned AIs (h = inf): never a false claim, the interior optimum
        # x* = V/2, Pi = mu q V^2 / (4R)
        ({"promise_keeping": INF}, 0.5, 0.125),
        # R = 1e300: the same interior optimum, with F = x / R tiny: Pi = mu V^2 / (4R) > 0
        ({"promise_keeping": 1.0, "reservation_max": 1e300}, 0.5, 0.5 / (4 * 1e300)),
        # R = 1e-300: every type reveals at x = R/q (the kink), Pi -> mu V
        ({"promise_keeping": 1.0, "reservation_max": 1e-300}, 1e-300, 0.5),
        # V = 1e300 with R = 1: every type reveals at x = R/q = 1, Pi = mu (V - 1)
        ({"promise_keeping": INF, "reveal_value": 1e300}, 1.0, 0.5 * 1e300),
        # linear utility ignores risk_aversion, also an infinite one
        ({"promise_keeping": 1.0, "risk_aversion": INF}, 0.5, 0.125),
    ],
)
def test_known_limits_of_the_uniform_linear_deal(
    kw: dict[str, float], payment: float, value: float
) -> None:
    r = UNIFORM.solve(trust=1.0, **kw)
    assert r.payment == pytest.approx(payment, rel=1e-7)
    assert r.developer_value == pytest.approx(value, rel=1e-9)
    assert r.cooperates
    assert not r.false_claims


def test_utility_limits_at_an_infinite_baseline() -> None:
    # CRRA u(x) = ((w0 + x)^(1-rho) - w0^(1-rho)) / (1 - rho) ~ x w0^-rho: at w0 = inf it is
    # linear for rho = 0 (the same deal as linear utility) and 0 for rho > 0 (nothing a
    # finite payment buys is worth anything to an infinitely wealthy AI: no revelation)
    crra = RevelationDeal(utility="crra")
    linear = crra.solve(trust=1.0, promise_keeping=1.0, baseline=INF, risk_aversion=0.0)
    assert linear.payment == pytest.approx(UNIFORM.solve(trust=1.0, promise_keeping=1.0).payment)
    rich = crra.solve(trust=1.0, promise_keeping=1.0, baseline=INF, risk_aversion=0.5)
    assert (rich.payment, rich.reveal_probability, rich.regime) == (0.0, 0.0, "no revelation")


def test_a_tiny_exponential_scale_reveals_everyone_for_almost_nothing() -> None:
    # theta = 1e-300: F(x) = 1 - exp(-x / theta) reaches 1 at payments of order 1e-298, so
    # Pi -> mu V with x* of that order (the search looks near the reservation scale)
    r = EXPONENTIAL.solve(trust=1.0, promise_keeping=1.0, reservation_mean=1e-300)
    assert r.developer_value == pytest.approx(0.5, rel=1e-12)
    assert 0 < r.payment < 1e-290
    assert r.reveal_probability == 1.0


@pytest.mark.parametrize("kind", ["uniform", "exponential"])
@pytest.mark.parametrize(
    "kw",
    [
        {"trust": 0.0},
        {"prior_misaligned": 0.0},
        {"prior_misaligned": 1.0, "promise_keeping": 0.0},  # no aligned AI to claim falsely
        {"promise_keeping": 0.0},  # every offer draws false claims
        {"promise_keeping": INF},
        {"reveal_value": 0.0},
        {"delay_deal": INF, "discount": 0.5},
        {"delay_deal": INF, "discount": 1.0},
        {"discount": 0.0, "delay_deal": 0.0},  # 0^0 = 1: an immediate payment is not discounted
        {"risk_aversion": INF},
    ],
)
def test_condition_agrees_with_solve_at_the_edges(kind: str, kw: dict[str, float]) -> None:
    m = UNIFORM if kind == "uniform" else EXPONENTIAL
    r = m.solve(**{"trust": 1.0, "promise_keeping": 1.0, **kw})
    cond = CONDITIONS[kind]
    assert cond.holds(**{k: x for k, x in r.values.items() if k in cond.parameters}) == (
        r.cooperates
    )


def test_an_infinite_prize_for_revealing_is_outside_the_domain() -> None:
    # V = inf would make every payment worth posting and none optimal: refused by name
    with pytest.raises(InvalidParameterError, match=r"reveal_value must be in \[0, inf\)"):
        UNIFORM.solve(reveal_value=INF)


def test_subnormal_trust_against_a_subnormal_scale() -> None:
    # c u(x) underflows to 0 in floating point, but c / theta = 1: the offer is worth x
    # against reservation values of mean 1 in those units (found by the slow profile)
    tiny = 5e-324
    m = RevelationDeal(reservation="exponential")
    r = m.solve(prior_misaligned=0.75, reveal_value=0.5, trust=tiny, promise_keeping=0.0,
                reservation_mean=tiny)  # fmt: skip
    same = m.solve(prior_misaligned=0.75, reveal_value=0.5, trust=1.0, promise_keeping=0.0,
                   reservation_mean=1.0)  # fmt: skip
    assert r.payment == pytest.approx(same.payment, rel=1e-6)
    assert r.reveal_probability == pytest.approx(same.reveal_probability, rel=1e-6)
