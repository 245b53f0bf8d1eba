"""Tests for M8, the developer's oversight commitment (audit-and-reward Stackelberg leader)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import MonitoringGame, OversightCommitment


def _random_points(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    v = {
        "audit_cost": rng.uniform(0.01, 1, n),
        "damage": rng.uniform(0, 5, n),
        "gain": rng.uniform(0, 2, n),
        "penalty": rng.uniform(0, 3, n),
        "nuisance": rng.uniform(0, 1, n),
        "detection": rng.uniform(0, 1, n),
        "subversion": rng.uniform(0, 1, n),
        "promise_keeping": rng.uniform(0, 1, n),
        "audit_reward": np.where(rng.uniform(size=n) < 0.3, 0.0, rng.uniform(0, 3, n)),
        "trust": rng.uniform(0, 1, n),
    }
    v["residual_damage"] = v["damage"] * rng.uniform(0, 1, n)
    return v


def test_inspector_leadership_known_answer() -> None:
    # no reward, d = 1: p* = b/(b + f - h) = 1/2.9 (Avenhaus, von Stengel, Zamir 2002; M5b)
    r = OversightCommitment().solve(audit_reward=0.0, detection=1.0)
    assert r.audit_rate == pytest.approx(1 / 2.9)
    assert r.reward_rate == 0.0
    assert r.developer_value == pytest.approx(-0.1 / 2.9)
    # value of commitment: SSE -e p* against the Nash payoff -c q*, q* = e/(e + c - a)
    cv = OversightCommitment().commitment_value(audit_reward=0.0, detection=1.0)
    assert cv.stackelberg_value == pytest.approx(-0.1 / 2.9)
    # (with B = 0 the two audit rows coincide, so the equilibrium appears once per row)
    assert all(x == pytest.approx(-0.1 / 0.9) for x in cv.nash_values)
    assert cv.value == pytest.approx(0.1 / 0.9 - 0.1 / 2.9)


def test_agrees_with_monitoring_game_without_reward() -> None:
    v = _random_points(500, 1)
    v.pop("audit_reward")
    v.pop("trust")
    mine = OversightCommitment().solve(audit_reward=0.0, **v)
    m5 = MonitoringGame().solve(**v)
    np.testing.assert_array_equal(mine.cooperates, m5.cooperates)
    np.testing.assert_allclose(mine.developer_value, m5.developer_value, atol=1e-9)


def test_closed_form_matches_stackelberg_solver_and_sse_beats_nash() -> None:
    # oracle: Conitzer-Sandholm multiple LPs (dm.stackelberg) on the 3 x 2 game
    v = _random_points(60, 2)
    m = OversightCommitment()
    r = m.solve(**v)
    for i in range(60):
        kw = {k: float(x[i]) for k, x in v.items()}
        cv = m.commitment_value(**kw)
        assert r.developer_value[i] == pytest.approx(cv.stackelberg_value, abs=1e-7)
        assert cv.value >= -1e-9  # von Stengel & Zamir (2010): SSE >= every NE payoff


def test_reward_rescues_deterrence() -> None:
    # audits alone cannot deter (g = 0.3 (3) - 0.8 = 0.1 < b); audit-and-reward can, as g < e d q
    kw = {"trust": 1.0, "detection": 0.3, "nuisance": 0.8, "audit_cost": 0.5, "damage": 10.0}
    m = OversightCommitment()
    assert m.solve(audit_reward=0.0, **kw).regime == "feigned compliance"
    r = m.solve(audit_reward=5.0, **kw)
    assert r.regime == "honest work"
    assert r.reward_rate > 0
    # the incentive constraint binds: p g + beta k = b - kappa
    d, g, k = 0.3, 0.3 * 3 - 0.8, 0.3 * 1.0 * 5.0
    assert r.audit_rate * g + r.reward_rate * k == pytest.approx(1.0)
    assert d == r.detection
    # a distrustful AI discounts the reward: no deterrence
    assert m.solve(audit_reward=5.0, **{**kw, "trust": 0.01}).regime == "feigned compliance"


def test_dispositions() -> None:
    honest = OversightCommitment(disposition=Disposition(promise_keeping=1.0)).solve()
    assert honest.audit_rate == 0.0
    assert honest.regime == "honest work"
    subverted = OversightCommitment(disposition=Disposition(subversion=0.9)).solve(damage=0.3)
    assert subverted.regime == "feigned compliance"


def test_condition_agrees_with_solve() -> None:
    v = _random_points(3000, 3)
    m = OversightCommitment()
    np.testing.assert_array_equal(m.cooperation_condition().holds(**v), m.solve(**v).cooperates)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: OversightCommitment().solve(audit_cost=0), "audit_cost"),
        (lambda: OversightCommitment().solve(residual_damage=2.0), "residual_damage"),
        (lambda: OversightCommitment().solve(trust=1.5), "trust"),
        (lambda: OversightCommitment().solve(audit_reward=-1), "audit_reward"),
        (lambda: OversightCommitment().game(audit_reward=[1.0, 2.0]), "audit_reward"),
    ],
)
def test_bad_input(call: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call()  # type: ignore[operator]


def test_public_namespace() -> None:
    assert dm.models.OversightCommitment is OversightCommitment


# -- exact vertex tests: no tolerance scaled by a huge reward, no 0 * inf -----------------
_FREE_FEIGN = {"audit_cost": 1.0, "damage": 0.0, "residual_damage": 0.0, "gain": 10.0,
               "penalty": 0.0, "nuisance": 0.0, "detection": 0.5, "subversion": 0.0,
               "promise_keeping": 0.0, "trust": 1.0}  # fmt: skip


@pytest.mark.parametrize("reward", [100.0, 1e14, 1e300])
def test_a_huge_reward_does_not_make_an_infeasible_vertex_feasible(reward: float) -> None:
    # feigning costs the developer nothing (c = 0) and deterring it costs at least
    # e + B b3 = 1 + 10 (g = 5 < excess = 10, so the reward must close the gap): the optimal
    # commitment is no audit, the AI feigns, the developer gets 0. A tolerance of 1e-12 * k
    # (k = d q B) once let the infeasible vertex (0, 0) count for honest work
    m = OversightCommitment()
    r = m.solve(audit_reward=reward, **_FREE_FEIGN)
    assert (r.regime, r.cooperates, r.developer_value) == ("feigned compliance", False, 0.0)
    cond = m.cooperation_condition()
    assert cond.holds(audit_reward=reward, **_FREE_FEIGN) is False
    if reward == 100.0:  # the general solver on the 3 x 2 game agrees
        sse = dm.stackelberg(m.game(audit_reward=reward, **_FREE_FEIGN), leader=0)
        assert sse.leader_value == pytest.approx(0.0)


def test_an_infinitely_costly_audit_is_free_when_none_is_needed() -> None:
    # promise_keeping 2 > gain 1: the AI works with no audit; not auditing costs 0 even at
    # audit_cost = inf (it was 0 * inf = NaN, refused, while the condition held)
    m = OversightCommitment()
    vals = {"audit_cost": math.inf, "damage": 1.0, "residual_damage": 0.5, "gain": 1.0,
            "penalty": 1.0, "nuisance": 0.5, "detection": 0.5, "subversion": 0.0,
            "promise_keeping": 2.0, "audit_reward": 1.0, "trust": 0.5}  # fmt: skip
    r = m.solve(**vals)
    assert (r.regime, r.audit_rate, r.reward_rate, r.developer_value) == (
        "honest work",
        0.0,
        0.0,
        0.0,
    )
    assert m.cooperation_condition().holds(**vals) is True
