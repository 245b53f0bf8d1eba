"""Every model over the whole of its parameters' domains: 0, 1, 1e-300, 1e300 and inf included.

Each point either solves to a known regime with no NaN output and no numpy warning, or is
refused with an InvalidParameterError that names the extreme values (never a silent NaN).
Known limits are pinned where the closed form meets 0·inf.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dealmodels.errors import InvalidParameterError
from dealmodels.models import (
    AlternatingOffers,
    CommitmentGame,
    ControlProtocol,
    Model,
    NegotiatedDeal,
    PartialAlignment,
    PostTakeover,
    RevelationDeal,
    TakeoverDecision,
)
from dealmodels.models.collusion import Collusion
from dealmodels.report import available_models
from dealmodels.strategies import parameter_values

INF = math.inf

# the registered models checked over their whole domains (models registered later join this
# list once their solve runs under models._extremes.defined_everywhere), with their defaults,
# and every option that changes the numerics
CHECKED = {
    "alternating-offers", "collusion", "commitment-game", "control-protocol", "monitoring-game",
    "negotiated-deal", "off-switch", "oversight-commitment", "partial-alignment", "post-takeover",
    "repeated-deal", "revelation-deal", "scenario", "takeover-decision",
}  # fmt: skip
VARIANTS: dict[str, Model] = {
    key: cls() for key, cls in sorted(available_models().items()) if key in CHECKED
}
VARIANTS.update(
    {
        f"takeover-{u}": TakeoverDecision(utility=u)
        for u in ("linear", "cara", "crra", "crra_normalised")
    }
)
VARIANTS.update(
    {f"negotiated-{u}": NegotiatedDeal(utility=u) for u in ("cara", "crra", "crra_normalised")}
)
VARIANTS["negotiated-ks"] = NegotiatedDeal(solution="kalai_smorodinsky")
VARIANTS["post-takeover-linear"] = PostTakeover(utility="linear")
VARIANTS["alternating-ai-first"] = AlternatingOffers(first_proposer="ai")
VARIANTS["commitment-upfront"] = CommitmentGame(payment="upfront")
VARIANTS.update(
    {
        f"control-{a}-{u}": ControlProtocol(attacker=a, utility=u)
        for a in ("worst_case", "disposition")
        for u in ("linear", "cara", "crra", "crra_normalised")
        if a == "disposition" or u == "linear"
    }
)
VARIANTS["control-roc"] = ControlProtocol(roc=([0.01, 0.1, 0.5], [0.3, 0.7, 0.95]))
VARIANTS["control-roc-disposition"] = ControlProtocol(attacker="disposition", roc=([0.05], [1.0]))
VARIANTS.update(
    {
        f"revelation-{r}-{u}": RevelationDeal(reservation=r, utility=u)
        for r in ("uniform", "exponential")
        for u in ("linear", "cara", "crra", "crra_normalised")
    }
)
VARIANTS["revelation-samples"] = RevelationDeal(reservation=[0.0, 0.2, 0.2, 1.5, 40.0])
VARIANTS["revelation-scipy"] = RevelationDeal(reservation=stats.gamma(2.0, scale=0.3))


def _no_nan(result: object) -> None:
    for f in dataclasses.fields(result):  # type: ignore[arg-type]
        x = getattr(result, f.name)
        if isinstance(x, float) or (isinstance(x, np.ndarray) and x.dtype.kind == "f"):
            assert not np.isnan(x).any(), f.name


def test_the_sampler_reaches_the_edges() -> None:
    # the property below is only as good as its draws: they include 0, 1, 1e-300, 1e300, inf
    seen: set[float] = set()

    # derandomised with enough draws that the check is deterministic in every profile
    @settings(max_examples=300, derandomize=True, database=None)
    @given(values=parameter_values(TakeoverDecision(), names=["prize", "loss", "budget"]))
    def collect(values: dict[str, float]) -> None:
        seen.update(values.values())

    collect()
    assert {0.0, 1e-300, 1e300, INF} <= seen


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("key", sorted(VARIANTS))
@given(data=st.data())
def test_every_point_of_the_domain_solves_or_is_refused_by_name(
    key: str, data: st.DataObject
) -> None:
    model = VARIANTS[key]
    values = data.draw(parameter_values(model))  # points the model refuses are filtered out
    r = model.solve(**values)
    assert r.regime in model.regimes
    assert isinstance(r.cooperates, bool)
    _no_nan(r)


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("key", sorted(k for k in VARIANTS if k != "scenario"))
def test_edge_arrays_solve_or_are_refused_by_name(key: str) -> None:
    # every parameter at once over its edges, as arrays: either no NaN anywhere or a refusal
    # that names an output and the extreme values at the first undefined point
    model = VARIANTS[key]
    for name, p in model.parameters.items():
        edges = [
            x
            for x in (0.0, 1e-300, 0.5, 1.0, 2.0, 1e300, INF, -1.0, -1e300, -INF)
            if p.low <= x <= p.high
            and not (p.low_open and x == p.low)
            and not (p.high_open and x == p.high)
            and (not p.integer or math.isinf(x) or float(x).is_integer())
        ]
        try:
            r = model.solve(**{name: np.array(edges)})
        except InvalidParameterError as e:
            # the refusal names a parameter of the model (the varied one, or one whose
            # default this model's options exclude)
            assert any(n in str(e) for n in model.parameters), e  # noqa: PT017
            continue
        _no_nan(r)


# -- known limits -------------------------------------------------------------------------
def test_linear_takeover_ignores_an_infinite_risk_aversion() -> None:
    # linear utility does not use risk_aversion; inf once gave a NaN threat and "takeover"
    m = TakeoverDecision()
    a, b = m.solve(risk_aversion=INF), m.solve(risk_aversion=0.0)
    assert (a.regime, a.threat_value, a.minimum_payment) == (
        b.regime,
        b.threat_value,
        b.minimum_payment,
    )
    assert not math.isnan(a.threat_value)


def test_collusion_with_an_infinite_prize() -> None:
    # pivotal with probability > 0: defecting is worth inf; never pivotal (others_defect = 0,
    # needed = 3 of 5): the causal value is -loss, the evidential part still inf
    r = Collusion().solve(prize=INF)
    assert r.regime == "collusion"
    assert r.defect_value == INF
    never = Collusion().solve(prize=INF, others_defect=0.0, loss=5.0)
    assert never.pivot_probability == 0.0
    assert never.causal_value == -5.0
    assert never.defect_value == INF
    assert "nan" not in r.explanation
    cold = Collusion().solve(prize=INF, others_defect=0.0, loss=5.0, evidential_weight=0.0)
    assert (cold.regime, cold.defect_value) == ("compliance", -5.0)


def test_collusion_with_an_infinite_loss_has_threshold_one() -> None:
    # (s - b) / (top - b) -> 1 as b -> -inf
    r = Collusion().solve(loss=INF)
    assert r.threshold == 1.0
    assert r.causal_value == -INF
    assert r.regime == "compliance"


def test_no_share_of_infinite_resources_is_nothing() -> None:
    for utility in ("log", "linear"):
        r = PostTakeover(utility=utility).solve(resources=INF, pluralism=0.0)
        assert r.human_resources == 0.0
        full = PostTakeover(utility=utility).solve(resources=INF, pluralism=1.0)
        assert full.human_resources == INF


@pytest.mark.parametrize(
    ("weight", "regime"), [(0.0, "deal"), (0.3, "compliance"), (0.7, "compliance")]
)
def test_partial_alignment_with_infinite_human_baseline(weight: float, regime: str) -> None:
    # no loss or delay, full trust. Weight 0: the humans' baseline does not enter (deal 0.5
    # against attempt 0.2); weight > 0: an attempt costs the humans p * weight * H_0 = inf
    # against complying, so it is worth nothing (no threat): compliance
    r = PartialAlignment().solve(
        humans_baseline=INF, cooperativeness=weight, payment=0.5, p=0.2, prize=1.0,
        loss=0.0, delay_takeover=0.0, trust=1.0,
    )  # fmt: skip
    assert r.regime == regime
    assert r.cooperates
    assert not math.isnan(r.net_takeover_value)


def test_undefined_points_are_refused_by_name() -> None:
    # prize = loss = inf with a pivot probability strictly between 0 and 1: inf - inf
    with pytest.raises(InvalidParameterError, match=r"causal_value at prize=inf, loss=inf"):
        Collusion().solve(prize=INF, loss=INF)


def test_condition_refuses_nan_instead_of_saying_false() -> None:
    # CARA at p = 1 with an infinite loss: inf * 0 in the condition's right side, and the
    # condition's value depends on it
    m = TakeoverDecision(utility="cara")
    cond = m.cooperation_condition()
    point = m.resolve(salience=0.5, loss=INF, p=1.0)
    values = {k: v for k, v in point.items() if k in cond.parameters}
    with pytest.raises(InvalidParameterError, match=r"condition is undefined at .*loss=inf"):
        cond.holds(**values)
    # with salience 0 the takeover never comes to mind: the alternative 0 >= s decides
    # the condition, whatever the undefined comparison would say
    point = m.resolve(salience=0.0, loss=INF)
    assert cond.holds(**{k: v for k, v in point.items() if k in cond.parameters}) is True


# -- M1's inclusive edge ------------------------------------------------------------------
_M1_TIE = {
    "p": 0.25,
    "uplift": 0.0,
    "subversion": 0.0,
    "prize": 1.0,
    "loss": 0.0,
    "corrigibility_cost": 0.0,
    "delay_takeover": 0.0,
    "delay_deal": 0.0,
    "discount": 1.0,
    "trust": 0.5,
    "salience": 1.0,
}


@pytest.mark.parametrize(
    ("budget", "regime"),
    [
        (0.5, "deal"),  # x* = p W / q = 0.25 / 0.5 = 0.5 = G: the tie is a deal (x* <= G)
        (float(np.nextafter(0.5, 1.0)), "deal"),
        (float(np.nextafter(0.5, 0.0)), "takeover attempt"),
    ],
)
def test_m1_deal_iff_minimum_payment_at_most_budget(budget: float, regime: str) -> None:
    # all numbers are exact binary fractions, so the tie is exact in floating point
    m = TakeoverDecision()
    r = m.solve(budget=budget, **_M1_TIE)
    assert r.minimum_payment == 0.5
    assert r.regime == regime
    cond = m.cooperation_condition()
    used = {k: v for k, v in r.values.items() if k in cond.parameters}
    assert cond.holds(**used) is r.cooperates is (regime == "deal")
