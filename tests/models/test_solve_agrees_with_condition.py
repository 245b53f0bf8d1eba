"""Every registered model's ``solve`` against its own cooperation condition, point by point.

``solve(...).cooperates`` and ``cooperation_condition().holds(...)`` are two statements of one
fact (the numeric solution and the exact condition); this module draws many random points of
each model's parameter domains, with the edges 0, 1, 1e-300, 1e300 and inf (and their
negatives where the domain has them) mixed into every parameter, and requires them to agree at
every point both answer. A point may be refused by the model (InvalidParameterError: no
defined value there) or by the condition (a value outside the condition's own parameter
domains, which is how a condition states its scope, or a side that is NaN, such as 0·inf);
a refusal is never a disagreement, but a condition that refused most points would make the
check vacuous, so each condition must answer at most points the model solves.

The default run draws 1,000 points per registered model (300 per option variant, such as a
utility family); the ``slow`` run draws 10,000.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from dealmodels.errors import InvalidParameterError
from dealmodels.models import (
    AlternatingOffers,
    CommitmentGame,
    Model,
    NegotiatedDeal,
    OffSwitch,
    PostTakeover,
    TakeoverDecision,
)
from dealmodels.report import available_models
from dealmodels.symbolic import Parameter

# the scenario, the control protocol and the revelation deal have harnesses of their own
OWN_HARNESS = {"scenario", "control-protocol", "revelation-deal"}
MODELS: dict[str, Callable[[], Model]] = {
    k: cls for k, cls in available_models().items() if k not in OWN_HARNESS
}
# options that change the numerics, each checked like a registered model
VARIANTS: dict[str, Callable[[], Model]] = {
    **{
        f"takeover-decision-{u}": functools.partial(TakeoverDecision, utility=u)
        for u in ("cara", "crra", "crra_normalised")
    },
    **{
        f"negotiated-deal-{u}": functools.partial(NegotiatedDeal, utility=u)
        for u in ("cara", "crra", "crra_normalised")
    },
    "negotiated-deal-ks": functools.partial(NegotiatedDeal, solution="kalai_smorodinsky"),
    "post-takeover-linear": functools.partial(PostTakeover, utility="linear"),
    "alternating-offers-ai-first": functools.partial(AlternatingOffers, first_proposer="ai"),
    "commitment-game-upfront": functools.partial(CommitmentGame, payment="upfront"),
    "off-switch-samples": functools.partial(OffSwitch, samples=[-1.0, 0.5, 2.0]),
}
EDGES = np.array([0.0, 1.0, 1e-300, 1e300, math.inf, -1.0, -1e-300, -1e300, -math.inf])
EDGE_RATE = 0.1
SEED = 12


def _in_domain(p: Parameter, x: Any) -> Any:
    x = np.asarray(x, dtype=float)
    ok = (x >= p.low) & (x <= p.high)
    if p.low_open:
        ok &= x != p.low
    if p.high_open:
        ok &= x != p.high
    if p.integer:
        ok &= x == np.round(x)
    return ok


def _moderate(p: Parameter, n: int, rng: np.random.Generator) -> Any:
    """``n`` values spread over the parameter's domain (uniform on bounded domains, a mix of
    uniform and log-uniform magnitudes on unbounded ones)."""
    lo, hi = p.low, p.high
    if p.integer:
        first = 0 if lo == -math.inf else math.ceil(lo)
        last = first + 12 if hi == math.inf else math.floor(hi)
        return rng.integers(first, last + 1, n).astype(float)
    if math.isfinite(lo) and math.isfinite(hi):
        x = rng.uniform(lo, hi, n)
    else:
        scale = 10.0 ** rng.uniform(-4, 4, n)
        near = rng.uniform(0, 5, n)
        mag = np.where(rng.random(n) < 0.5, near, scale)
        if math.isfinite(lo):
            x = lo + mag
        elif math.isfinite(hi):
            x = hi - mag
        else:
            x = np.where(rng.random(n) < 0.5, mag, -mag)
    if p.low_open:  # uniform draws can hit the open end exactly
        x = np.where(x == lo, np.nextafter(lo, math.inf), x)
    if p.high_open:
        x = np.where(x == hi, np.nextafter(hi, -math.inf), x)
    return x


def _draw(p: Parameter, n: int, rng: np.random.Generator) -> Any:
    """Moderate values with the domain's edges mixed in at about ``EDGE_RATE``."""
    x = _moderate(p, n, rng)
    edges = EDGES[_in_domain(p, EDGES)]
    if edges.size:
        at = rng.random(n) < EDGE_RATE
        x[at] = rng.choice(edges, int(at.sum()))
    return x


# orderings between parameters that the models require (drawn in order, not refused)
def _damage_order(v: dict[str, Any]) -> None:
    v["residual_damage"] = np.minimum(v["residual_damage"], v["damage"])


def _dilemma_order(v: dict[str, Any]) -> None:
    t, r, p = -np.sort(-np.stack([v["temptation"], v["reward"], v["punishment"]]), axis=0)
    v["temptation"], v["reward"], v["punishment"] = t, r, p


def _needed_order(v: dict[str, Any]) -> None:
    v["needed"] = np.minimum(v["needed"], v["instances"])


ORDERINGS: dict[str, Callable[[dict[str, Any]], None]] = {
    "monitoring-game": _damage_order,
    "oversight-commitment": _damage_order,
    "repeated-deal": _dilemma_order,
    "collusion": _needed_order,
}


def draw_points(
    key: str, model: Model, n: int, seed: int = SEED, scope: dict[str, Parameter] | None = None
) -> dict[str, Any]:
    """``n`` random points of ``model``'s parameters (one array per parameter).

    Where ``scope`` (the condition's parameters) narrows a model parameter's domain, half of
    that parameter's draws come from the narrower domain, so both sides of the scope are met.
    """
    rng = np.random.default_rng([seed, sum(map(ord, key))])
    values = {name: _draw(p, n, rng) for name, p in model.parameters.items()}
    for name, q in (scope or {}).items():
        p = model.parameters[name]
        if (q.low, q.high, q.low_open, q.high_open) != (p.low, p.high, p.low_open, p.high_open):
            inside = rng.random(n) < 0.5
            values[name][inside] = _draw(q, int(inside.sum()), rng)
    if key in ORDERINGS:
        ORDERINGS[key](values)
    return values


def _answered(evaluate: Callable[[Any], Any], idx: Any) -> list[tuple[Any, Any]]:
    """``evaluate`` on the points ``idx``, split in halves around refusals: the pieces it
    answered, as (indices, answer) pairs; points refused on their own are left out."""
    try:
        return [(idx, evaluate(idx))]
    except InvalidParameterError:
        if idx.size == 1:
            return []
        half = idx.size // 2
        return _answered(evaluate, idx[:half]) + _answered(evaluate, idx[half:])


def compare(key: str, n: int) -> dict[str, Any]:
    """Solve ``MODELS[key]`` and evaluate its condition at ``n`` random points.

    Returns the counts (``solved`` by the model, of those ``in_scope`` of the condition's
    parameter domains, and ``answered`` by the condition) and the ``disagreements`` (the
    points, each with both answers).
    """
    model = {**MODELS, **VARIANTS}[key]()
    cond = model.cooperation_condition()
    values = draw_points(key, model, n, scope=cond.parameters)

    def solve(idx: Any) -> Any:
        return model.solve(**{k: v[idx] for k, v in values.items()})

    cooperates = np.zeros(n, dtype=bool)
    solved = np.zeros(n, dtype=bool)
    for idx, result in _answered(solve, np.arange(n)):
        cooperates[idx] = np.broadcast_to(result.cooperates, idx.shape)
        solved[idx] = True
    used = [k for k in cond.parameters if k in values]
    missing = sorted(set(cond.parameters) - set(values))
    assert not missing, f"{key}: the condition has parameters the model lacks: {missing}"

    def holds(idx: Any) -> Any:
        return cond.holds(**{k: values[k][idx] for k in used})

    in_scope = solved.copy()
    for k in used:
        in_scope &= _in_domain(cond.parameters[k], values[k])
    holds_at = np.zeros(n, dtype=bool)
    answered = np.zeros(n, dtype=bool)
    for idx, h in _answered(holds, np.flatnonzero(solved)):
        holds_at[idx] = np.broadcast_to(h, idx.shape)
        answered[idx] = True
    bad = np.flatnonzero(answered & (holds_at != cooperates))
    disagreements = [
        (
            {k: float(v[i]) for k, v in values.items()},
            {"solve": bool(cooperates[i]), "condition": bool(holds_at[i])},
        )
        for i in bad
    ]
    return {
        "solved": int(solved.sum()),
        "in_scope": int(in_scope.sum()),
        "answered": int(answered.sum()),
        "disagreements": disagreements,
    }


def _check(key: str, n: int) -> None:
    out = compare(key, n)
    # the draws reach the domain and the condition speaks at most of it: not a vacuous check
    assert out["in_scope"] >= n // 4, out
    assert out["answered"] >= 0.9 * out["in_scope"], out
    shown = out["disagreements"][:3]
    assert not out["disagreements"], (
        f"{key}: solve and the condition disagree at {len(out['disagreements'])} of "
        f"{out['answered']} points, e.g. {shown}"
    )


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("key", sorted(MODELS))
def test_solve_agrees_with_condition(key: str) -> None:
    _check(key, 1_000)


@pytest.mark.slow
@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("key", sorted(MODELS))
def test_solve_agrees_with_condition_at_ten_thousand_points(key: str) -> None:
    _check(key, 10_000)


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_solve_agrees_with_condition_for_each_option(key: str) -> None:
    _check(key, 300)


@pytest.mark.slow
@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_solve_agrees_with_condition_for_each_option_at_ten_thousand_points(key: str) -> None:
    _check(key, 10_000)


def test_the_draws_reach_every_edge_of_a_domain() -> None:
    # the check is only as good as its draws: each edge inside a domain appears, none outside
    p = Parameter(name="x", low=0.0, default=0.5)
    x = _draw(p, 2_000, np.random.default_rng(0))
    assert {0.0, 1.0, 1e-300, 1e300, math.inf} <= set(x.tolist())
    assert np.all(x >= 0)
    half_open = Parameter(name="q", low=0.0, high=1.0, low_open=True, default=0.5)
    y = _draw(half_open, 2_000, np.random.default_rng(0))
    assert {1.0, 1e-300} <= set(y.tolist())
    assert np.all((y > 0) & (y <= 1))
    real = _draw(Parameter(name="m", default=0.0), 2_000, np.random.default_rng(0))
    assert {-math.inf, -1e300, math.inf} <= set(real.tolist())


def test_a_disagreement_is_found() -> None:
    # the comparison is able to fail: a model whose solve contradicts its condition
    class Contrary(TakeoverDecision):
        def solve(self, disposition: Any = None, **values: Any) -> Any:
            import dataclasses

            r = super().solve(disposition, **values)
            return dataclasses.replace(r, cooperates=np.logical_not(r.cooperates))

    MODELS["contrary"] = Contrary
    try:
        out = compare("contrary", 200)
    finally:
        del MODELS["contrary"]
    assert len(out["disagreements"]) == out["answered"] > 100


def test_cara_condition_at_a_tiny_alpha() -> None:
    # u(x) -> x as alpha -> 0: at alpha = 1e-300 the attempt is worth p W - (1 - p) L =
    # 0.5 - 0.1 = 0.4 against a deal of q G = 0.9 * 0.1 = 0.09: an attempt; the condition
    # once wrote u as (1 - exp(-alpha x)) / alpha, which rounds to 0 there, and read
    # 0 >= -(1 - p) L = -0.1, cooperation (now -expm1(-alpha x) / alpha)
    m = TakeoverDecision(utility="cara")
    vals = {"risk_aversion": 1e-300, "p": 0.5, "prize": 1.0, "trust": 0.9, "budget": 0.1,
            "loss": 0.2, "corrigibility_cost": 0.0, "salience": 1.0, "uplift": 0.0,
            "delay_takeover": 0.0, "delay_deal": 0.0}  # fmt: skip
    r = m.solve(**vals)
    assert (r.regime, r.cooperates) == ("takeover attempt", False)
    cond = m.cooperation_condition()
    used = {k: v for k, v in m.resolve(**vals).items() if k in cond.parameters}
    assert cond.holds(**used) is False
