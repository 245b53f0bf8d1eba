"""Known answers for M1 with CARA utility from Thornley & MacAskill (2026), "Risk-Averse AIs".

What the paper publishes in its running text (abstract and section 3.1) is checked here. The
numeric figures of its appendix C were not available to us (only the opening of the article
could be retrieved), so they are not tested; the closed form of that appendix is tested in
``test_takeover.py::test_cara_closed_form``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from dealmodels.models import TakeoverDecision

# a lottery now against a sure payment now: no delays, no losses, always considered
NOW = {
    "loss": 0.0,
    "corrigibility_cost": 0.0,
    "salience": 1.0,
    "subversion": 0.0,
    "delay_takeover": 0.0,
    "delay_deal": 0.0,
    "discount": 1.0,
}


def _alpha_star() -> float:
    """The CARA coefficient at which $40 for sure ~ a half-chance of $100.

    1 - e^{-40 a} = (1 - e^{-100 a}) / 2; with y = e^{-20 a}: y^5 - 2 y^2 + 1 = 0, i.e.
    (y - 1)(y^4 + y^3 + y^2 - y - 1) = 0, and a = -ln(y) / 20 for the root y in (0, 1).
    """
    roots = np.roots([1, 1, 1, -1, -1])
    y = next(r.real for r in roots if abs(r.imag) < 1e-12 and 0 < r.real < 1)
    return -math.log(y) / 20


def test_abstract_forty_dollars_for_sure_over_half_chance_of_hundred() -> None:
    # Abstract: a risk-averse AI would "choose $40 for sure over a half-chance of $100 and a
    # half-chance of $0". In M1 terms: p = 1/2, W = 100, q = 1, budget 40.
    cara = TakeoverDecision(utility="cara")
    lottery = {"p": 0.5, "prize": 100.0, "trust": 1.0, "budget": 40.0, **NOW}
    a_star = _alpha_star()
    assert a_star == pytest.approx(0.00822, abs=1e-5)
    # at a* the certainty equivalent of the lottery is exactly $40
    assert cara.minimum_payment(risk_aversion=a_star, **lottery) == pytest.approx(40.0)
    assert cara.solve(risk_aversion=1.5 * a_star, **lottery).regime == "deal"
    assert cara.solve(risk_aversion=0.5 * a_star, **lottery).regime == "takeover attempt"
    # a risk-neutral AI needs the expected value, $50, and refuses $40
    linear = TakeoverDecision().solve(**lottery)
    assert linear.minimum_payment == pytest.approx(50.0)
    assert linear.regime == "takeover attempt"


@pytest.mark.parametrize("alpha", [0.01, 0.1, 1.0, 10.0])
@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_payment_must_be_more_likely_than_successful_rebellion(alpha: float, p: float) -> None:
    # Section 3.1: "we need them to think that getting paid for cooperation is more likely than
    # succeeding in their rebellion" (unbounded prize, CARA): a deal is possible iff q > p,
    # whatever the risk aversion, and then the payment (1/alpha) ln(q/(q-p)) suffices.
    m = TakeoverDecision(utility="cara")
    kw = {"p": p, "prize": math.inf, "risk_aversion": alpha, "budget": 1e6, **NOW}
    above = m.solve(trust=min(1.0, p + 0.05), **kw)
    below = m.solve(trust=p - 0.05, **kw)
    assert above.deal_exists is True
    q = min(1.0, p + 0.05)
    assert above.minimum_payment == pytest.approx(math.log(q / (q - p)) / alpha)
    assert below.deal_exists is False
    assert below.regime == "takeover attempt"


def test_modest_payment_for_a_strongly_risk_averse_ai() -> None:
    # Abstract: risk-averse AIs "would prefer a higher chance of modest payments to a lower
    # chance of successful rebellion": the payment falls as 1/alpha, even for an infinite prize.
    m = TakeoverDecision(utility="cara")
    kw = {"p": 0.2, "prize": math.inf, "trust": 0.9, **NOW}
    x = [m.minimum_payment(risk_aversion=a, **kw) for a in (1.0, 10.0, 100.0)]
    assert x[0] == pytest.approx(10 * x[1])
    assert x[1] == pytest.approx(10 * x[2])
    assert x[0] == pytest.approx(math.log(0.9 / 0.7))


def test_risk_aversion_helps_only_when_payment_is_more_likely() -> None:
    # The flip side of section 3.1 with a finite prize W: x* is the certainty equivalent of a
    # lottery paying W with probability p/q only when p/q <= 1, and then it falls in alpha
    # (Pratt 1964). When q < p, x* = -ln(1 - (p/q)(1 - e^{-alpha W}))/alpha *rises* in alpha and
    # is infinite once (p/q)(1 - e^{-alpha W}) >= 1: risk aversion makes such an AI harder to pay.
    m = TakeoverDecision(utility="cara")
    alphas = np.array([0.02, 0.05, 0.1, 0.15, 0.2, 0.5])
    kw = {"prize": 5.0, "budget": 1e6, **NOW}
    likely_paid = m.solve(risk_aversion=alphas, p=0.3, trust=0.6, **kw).minimum_payment
    assert np.all(np.diff(likely_paid) < 0)
    unlikely_paid = m.solve(risk_aversion=alphas, p=0.6, trust=0.5, **kw).minimum_payment
    finite = np.isfinite(unlikely_paid)
    assert finite[:5].all()
    assert not finite[5:].any()  # (6/5)(1 - e^{-5 alpha}) >= 1 iff alpha >= ln(6)/5 = 0.358...
    assert np.all(np.diff(unlikely_paid[finite]) > 0)
