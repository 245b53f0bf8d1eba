"""Tests for M5: the inspection game with feigned compliance, Dresher, upfront auditing."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import (
    MonitoringGame,
    dresher_value,
    upfront_auditing,
    upfront_auditing_safety,
)

M = MonitoringGame()
NAMES = ("audit_cost", "damage", "residual_damage", "gain", "penalty", "nuisance", "detection",
         "subversion", "promise_keeping")  # fmt: skip


def random_point(rng: np.random.Generator) -> dict[str, float]:
    c = float(rng.uniform(0.05, 2))
    return {
        "audit_cost": float(rng.uniform(0.01, 1)),
        "damage": c,
        "residual_damage": float(rng.uniform(0, c)),
        "gain": float(rng.uniform(0, 2)),
        "penalty": float(rng.uniform(0, 3)),
        "nuisance": float(rng.uniform(0, 0.5)),
        "detection": float(rng.uniform(0, 1)),
        "subversion": float(rng.uniform(0, 1)),
        "promise_keeping": float(rng.uniform(0, 1)),
    }


# -- closed forms ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("e", "c", "a", "b", "f", "h"),
    [
        (0.1, 1.0, 0.2, 1.0, 2.0, 0.1),
        (0.5, 2.0, 0.0, 0.3, 1.0, 0.0),
        (1.0, 3.0, 1.0, 2.0, 2.0, 0.5),
    ],
)
def test_mixed_nash_closed_form(
    e: float, c: float, a: float, b: float, f: float, h: float
) -> None:
    # M5 (Avenhaus, von Stengel & Zamir 2002, the basic inspection game), d = 1,
    # kappa = 0: p* = b/(b + f - h), q* = e/(e + c - a), payoffs (-c q*, -h p*)
    r = M.solve(audit_cost=e, damage=c, residual_damage=a, gain=b, penalty=f, nuisance=h,
                detection=1.0, subversion=0.0, promise_keeping=0.0)  # fmt: skip
    p_star, q_star = b / (b + f - h), e / (e + c - a)
    assert r.deterrence_threshold == pytest.approx(p_star)
    assert (r.nash_audit, r.nash_feign) == pytest.approx((p_star, q_star))
    assert r.nash_developer_value == pytest.approx(-c * q_star)
    assert r.nash_ai_value == pytest.approx(-h * p_star)


def test_general_threshold_derived_with_sympy() -> None:
    # the AI's and the developer's indifference conditions, solved symbolically from the
    # game's payoffs, against the closed forms p* = (b - kappa)/(d(b + f) - h) and
    # q* = e/(e + d(c - a)) used by solve
    p, q, e, c, a, b, f, h, d, k = sympy.symbols("p q e c a b f h d kappa", positive=True)
    dev = sympy.Matrix([[-e, -(d * a + (1 - d) * c)], [0, -c]])
    ai = sympy.Matrix([[-h, -d * f + (1 - d) * b - k], [0, b - k]])
    p_sol = sympy.solve(
        sympy.Eq(p * ai[0, 0] + (1 - p) * ai[1, 0], p * ai[0, 1] + (1 - p) * ai[1, 1]), p
    )
    q_sol = sympy.solve(
        sympy.Eq((1 - q) * dev[0, 0] + q * dev[0, 1], (1 - q) * dev[1, 0] + q * dev[1, 1]), q
    )
    assert sympy.simplify(p_sol[0] - (b - k) / (d * (b + f) - h)) == 0
    assert sympy.simplify(q_sol[0] - e / (e + d * (c - a))) == 0
    # and the model's own symbolic threshold is the same expression
    s = {n: prm.symbol for n, prm in M.parameters.items()}
    mine = M.deterrence_expr().subs(
        {s["gain"]: b, s["promise_keeping"]: k, s["penalty"]: f, s["nuisance"]: h}
    )
    assert sympy.simplify(mine - p_sol[0].subs(d, s["detection"] * (1 - s["subversion"]))) == 0
    # numerically at a point with d < 1 and kappa > 0
    v = {"gain": 1.0, "promise_keeping": 0.3, "penalty": 2.0, "nuisance": 0.1, "detection": 0.8,
         "subversion": 0.25}  # fmt: skip
    dd = 0.8 * 0.75
    assert M.deterrence_threshold(**v) == pytest.approx(0.7 / (dd * 3.0 - 0.1))


def test_game_payoffs() -> None:
    g = M.game(audit_cost=0.1, damage=1.0, residual_damage=0.2, gain=1.0, penalty=2.0,
               nuisance=0.1, detection=0.5, subversion=0.0, promise_keeping=0.25)  # fmt: skip
    np.testing.assert_allclose(g.payoffs[0], [[-0.1, -0.6], [0.0, -1.0]])
    np.testing.assert_allclose(g.payoffs[1], [[-0.1, -1 + 0.5 - 0.25], [0.0, 0.75]])
    assert g.actions == (("audit", "no audit"), ("work", "feign"))


@pytest.mark.parametrize("seed", range(3))
def test_nash_agrees_with_nash_equilibria(seed: int) -> None:
    # where the equilibrium is unique (interior, or feigning dominant), dm.nash_equilibria
    # finds exactly the one solve reports
    rng = np.random.default_rng(seed)
    checked = 0
    while checked < 15:
        v = random_point(rng)
        r = M.solve(**v)
        excess = v["gain"] - v["promise_keeping"]
        if excess <= 0.01:  # honest case: several equilibria when nuisance is large
            continue
        slope = r.detection * (v["gain"] + v["penalty"]) - v["nuisance"]
        recovery = r.detection * (v["damage"] - v["residual_damage"])
        if abs(excess - slope) < 1e-3 or recovery < 1e-3:
            continue
        eqs = dm.nash_equilibria(M.game(**v))
        assert len(eqs) == 1, v
        eq = eqs[0]
        assert float(eq.strategies[0][0]) == pytest.approx(r.nash_audit, abs=1e-9)
        assert float(eq.strategies[1][1]) == pytest.approx(r.nash_feign, abs=1e-9)
        assert eq.payoffs.tolist() == pytest.approx(
            [r.nash_developer_value, r.nash_ai_value], abs=1e-9
        )
        checked += 1


def test_honest_without_monitoring_is_a_nash_equilibrium() -> None:
    # kappa >= b: honesty needs no monitoring (kappa >= b => honest,
    # no audit)
    v = {"gain": 0.5, "promise_keeping": 0.8}
    r = M.solve(**v)
    assert r.regime == "honest without monitoring"
    assert (r.nash_audit, r.nash_feign, r.audit_rate) == (0.0, 0.0, 0.0)
    assert dm.is_nash(M.game(**v), (np.array([0.0, 1.0]), np.array([1.0, 0.0])))


@pytest.mark.parametrize("seed", range(3))
def test_inspector_leadership_agrees_with_stackelberg(seed: int) -> None:
    # inspector leadership is the strong Stackelberg equilibrium with the developer leading
    rng = np.random.default_rng(100 + seed)
    checked = 0
    regimes = set()
    while checked < 20:
        v = random_point(rng)
        if seed == 0:  # make the 'deterrence not worth it' case common
            v["damage"] = v["residual_damage"] + float(rng.uniform(0, 0.2))
        r = M.solve(**v)
        excess = v["gain"] - v["promise_keeping"]
        slope = r.detection * (v["gain"] + v["penalty"]) - v["nuisance"]
        recovery = r.detection * (v["damage"] - v["residual_damage"])
        p_star = excess / slope if slope > 0 else math.inf
        p_bar = min(p_star, 1.0)
        honest_value = -v["audit_cost"] * min(max(p_star, 0.0), 1.0)
        feign_value = -v["damage"] + p_bar * recovery
        near_tie = abs(honest_value - feign_value) < 1e-6
        if abs(excess) < 1e-3 or abs(excess - slope) < 1e-3 or near_tie:
            continue  # ties: several leader-optimal commitments
        sse = dm.stackelberg(M.game(**v), leader=0)
        assert float(sse.leader_value) == pytest.approx(r.developer_value, abs=1e-7), v
        assert float(sse.follower_value) == pytest.approx(r.ai_value, abs=1e-7), v
        assert (sse.follower_action == 0) == bool(r.cooperates), v
        if r.regime == "honest work under monitoring":
            assert float(sse.leader_strategy[0]) == pytest.approx(r.audit_rate, abs=1e-7)
        regimes.add(r.regime)
        checked += 1
    assert len(regimes) >= 2


@given(seed=st.integers(0, 10_000))
def test_leadership_is_worth_at_least_nash(seed: int) -> None:
    # von Stengel & Zamir (2010): the leader's commitment value >= its Nash payoff
    v = random_point(np.random.default_rng(seed))
    r = M.solve(**v)
    assert r.developer_value >= r.nash_developer_value - 1e-12


# -- properties ------------------------------------------------------------------------------
@given(
    b=st.floats(0.1, 2),
    f=st.floats(0, 3),
    h=st.floats(0, 0.3),
    d0=st.floats(0.2, 1),
    sv=st.floats(0, 0.9),
    kappa=st.floats(0, 1),
    extra=st.floats(0.001, 0.5),
)
def test_threshold_rises_with_subversion_and_falls_with_promise_keeping(
    b: float, f: float, h: float, d0: float, sv: float, kappa: float, extra: float
) -> None:
    # the secondary effects: p* rises as detection falls (subversion); honesty
    # substitutes for monitoring (p* falls in kappa)
    v = {"gain": b, "penalty": f, "nuisance": h, "detection": d0}
    p = M.deterrence_threshold(subversion=sv, promise_keeping=kappa, **v)
    assume(0 < p <= 1)
    more_sv = M.deterrence_threshold(subversion=min(sv + extra, 1.0), promise_keeping=kappa, **v)
    more_k = M.deterrence_threshold(subversion=sv, promise_keeping=kappa + extra, **v)
    assert more_sv >= p
    assert more_k <= p


def test_detection_scales_the_threshold_as_one_over_d() -> None:
    # with h = 0, p* = (b - kappa)/(d (b + f)): halving detection doubles the threshold
    v = {"gain": 1.0, "penalty": 3.0, "nuisance": 0.0, "detection": 0.8}
    assert M.deterrence_threshold(subversion=0.5, **v) == pytest.approx(
        2 * M.deterrence_threshold(subversion=0.0, **v)
    )


def test_regimes() -> None:
    assert M.solve().regime == "honest work under monitoring"
    r = M.solve(subversion=0.95)  # detection too weak: no audit rate deters
    assert r.regime == "feigned compliance"
    assert r.deterrence_threshold > 1
    assert "no audit rate deters" in r.explanation
    r = M.solve(damage=0.05, residual_damage=0.0)  # deterring costs more than it saves
    assert r.regime == "feigned compliance"
    assert r.deterrence_threshold < 1
    assert M.solve(nuisance=3.0).deterrence_threshold == math.inf
    d = Disposition(promise_keeping=2.0)
    assert MonitoringGame(disposition=d).solve().regime == "honest without monitoring"


def test_condition_agrees_with_solve() -> None:
    rng = np.random.default_rng(7)
    n = 5000
    c = rng.uniform(0.05, 2, n)
    vals = {
        "audit_cost": rng.uniform(0.01, 1, n),
        "damage": c,
        "residual_damage": rng.uniform(0, 1, n) * c,
        "gain": rng.uniform(0, 2, n),
        "penalty": rng.uniform(0, 3, n),
        "nuisance": rng.uniform(0, 0.5, n),
        "detection": rng.uniform(0, 1, n),
        "subversion": rng.uniform(0, 1, n),
        "promise_keeping": rng.uniform(0, 1, n),
    }
    cond = M.cooperation_condition()
    r = M.solve(**vals)
    np.testing.assert_array_equal(cond.holds(**vals), r.cooperates)
    assert set(r.regime.tolist()) == set(M.regimes)


@given(seed=st.integers(0, 2**32 - 1))
def test_condition_agrees_with_solve_property(seed: int) -> None:
    v = random_point(np.random.default_rng(seed))
    assert M.cooperation_condition().holds(**v) == M.solve(**v).cooperates


def test_broadcasting() -> None:
    sv = np.linspace(0, 1, 6)[:, None]
    kappa = np.array([0.0, 0.5, 1.5])[None, :]
    r = M.solve(subversion=sv, promise_keeping=kappa)
    assert r.regime.shape == (6, 3)
    one = M.solve(subversion=0.4, promise_keeping=0.5)
    assert r.deterrence_threshold[2, 1] == pytest.approx(one.deterrence_threshold)
    assert r.regime[2, 1] == one.regime


# -- Dresher ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "m", "expected"),
    [(1, 0, Fraction(1)), (2, 1, Fraction(1, 3)), (3, 1, Fraction(1, 2)), (5, 2, Fraction(3, 8)),
     (4, 4, Fraction(0)), (3, 7, Fraction(0))],
)  # fmt: skip
def test_dresher_known_values(n: int, m: int, expected: Fraction) -> None:
    # Dresher (1962): v(n, 1) = (n - 1)/(n + 1); v(n, 0) = 1; v(n, m) = 0 for m >= n
    assert dresher_value(n, m) == expected
    assert dresher_value(n, m, method="recursion") == expected


def test_dresher_one_audit_formula() -> None:
    for n in range(1, 40):
        assert dresher_value(n, 1) == Fraction(n - 1, n + 1)


def test_dresher_recursion_equals_closed_form() -> None:
    for n in range(1, 26):
        for m in range(0, n + 2):
            assert dresher_value(n, m, method="recursion") == dresher_value(n, m), (n, m)


def test_dresher_monotone() -> None:
    # implementation notes: v(n, m) falls in m and rises in n
    for n in range(1, 30):
        for m in range(0, n):
            assert dresher_value(n, m + 1) <= dresher_value(n, m)
            assert dresher_value(n + 1, m) >= dresher_value(n, m)


# -- upfront auditing ------------------------------------------------------------------------
@pytest.mark.parametrize(("n", "m"), [(5000, 100), (1000, 10), (100, 50), (50, 1), (10, 9)])
def test_upfront_auditing_closed_form(n: int, m: int) -> None:
    # attack_success = 1: beta* = 1 - (m/n)^(1/(n-m)), safety = 1 - (m/n)^(m/(n-m)) (1 - m/n)
    r = upfront_auditing(n, m)
    beta = 1 - (m / n) ** (1 / (n - m))
    safety = 1 - (m / n) ** (m / (n - m)) * (1 - m / n)
    assert r.attack_rate == pytest.approx(beta, rel=1e-5)
    assert r.safety == pytest.approx(safety, abs=1e-10)


def test_upfront_auditing_models_md_number() -> None:
    # implementation notes: beta* ~ 8e-4 for n = 5000, m = 100 (2% audit budget)
    r = upfront_auditing(5000, 100)
    assert r.attack_rate == pytest.approx(7.98e-4, rel=1e-3)
    assert r.safety == pytest.approx(0.0952, abs=1e-4)
    assert r.usefulness == 1.0


@pytest.mark.parametrize("s", [0.05, 0.3, 0.7])
def test_upfront_auditing_optimum_beats_a_fine_grid(s: float) -> None:
    n, m = 2000, 40
    r = upfront_auditing(n, m, attack_success=s)
    grid = np.geomspace(1e-9, 1, 20001)
    brute = upfront_auditing_safety(n, m, grid, attack_success=s)
    assert r.safety <= float(brute.min()) + 1e-9
    assert r.safety == pytest.approx(float(brute.min()), abs=1e-6)


def test_upfront_auditing_safety_rises_with_budget_and_falls_with_success() -> None:
    safeties = [upfront_auditing(1000, m).safety for m in (0, 5, 20, 100, 500, 1000)]
    assert safeties == sorted(safeties)
    assert safeties[0] == pytest.approx(0.0)
    assert safeties[-1] == 1.0
    assert upfront_auditing(1000, 20, attack_success=0.2).safety > safeties[2]
    r = upfront_auditing(10, 0, attack_success=0.5)
    assert (r.attack_rate, r.safety) == (1.0, pytest.approx(0.5**10))


def test_upfront_auditing_safety_function() -> None:
    assert upfront_auditing_safety(100, 10, 0.0) == 1.0
    # attack every task: the first (audited) task catches it
    assert upfront_auditing_safety(100, 10, 1.0) == 1.0
    assert upfront_auditing_safety(100, 0, 1.0) == pytest.approx(0.0)
    beta = np.array([1e-4, 1e-2])
    out = upfront_auditing_safety(100, 10, beta)
    expected = 1 - (1 - beta) ** 10 * (1 - (1 - beta) ** 90)
    np.testing.assert_allclose(out, expected)


def test_deferral_trades_usefulness_for_safety() -> None:
    # deferring a share phi of unaudited outputs to the trusted model = success s (1 - phi)
    n, m = 2000, 40
    r = upfront_auditing(n, m, attack_success=0.8, defer=0.25)
    same = upfront_auditing(n, m, attack_success=0.6)
    assert r.safety == pytest.approx(same.safety, abs=1e-12)
    assert r.attack_rate == pytest.approx(same.attack_rate, rel=1e-6)
    assert r.usefulness == pytest.approx(1 - 0.25 * (n - m) / n)
    frontier = [upfront_auditing(n, m, defer=phi) for phi in (0.0, 0.3, 0.6, 0.9, 1.0)]
    assert [f.safety for f in frontier] == sorted(f.safety for f in frontier)
    assert [f.usefulness for f in frontier] == sorted(
        (f.usefulness for f in frontier), reverse=True
    )
    assert frontier[-1].safety == 1.0
    assert frontier[-1].usefulness == pytest.approx(m / n)
    beta = np.array([1e-3, 1e-2])
    np.testing.assert_allclose(
        upfront_auditing_safety(n, m, beta, defer=0.5),
        1 - (1 - beta) ** m * (1 - (1 - 0.5 * beta) ** (n - m)),
    )


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "kwargs", "match"),
    [
        (M.solve, {"audit_cost": 0.0}, "audit_cost"),
        (M.solve, {"detection": 1.2}, "detection"),
        (M.solve, {"subversion": -0.1}, "subversion"),
        (M.solve, {"promise_keeping": -1.0}, "promise_keeping"),
        (M.solve, {"residual_damage": 2.0, "damage": 1.0}, "residual_damage"),
        (M.solve, {"gain": np.array([0.5, np.nan])}, "gain"),
        (M.solve, {"bogus": 1.0}, "bogus"),
        (M.game, {"gain": np.array([0.5, 1.0])}, "gain"),
        (dresher_value, {"n": 0, "m": 0}, "n"),
        (dresher_value, {"n": 3, "m": -1}, "m"),
        (dresher_value, {"n": 3.0, "m": 1}, "n"),
        (dresher_value, {"n": 3, "m": 1, "method": "lp"}, "method"),
        (upfront_auditing, {"n": 10, "m": 11}, "m"),
        (upfront_auditing, {"n": 10, "m": 1, "attack_success": 0.0}, "attack_success"),
        (upfront_auditing, {"n": 10, "m": 1, "defer": 1.5}, "defer"),
        (upfront_auditing_safety, {"n": 10, "m": 1, "attack_rate": 1.5}, "attack_rate"),
        (upfront_auditing_safety, {"n": 10, "m": 1, "attack_rate": [0.1, np.nan]}, "attack_rate"),
    ],
)
def test_bad_input(call: object, kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call(**kwargs)  # type: ignore[operator]


def test_public_namespace() -> None:
    assert dm.models.MonitoringGame is MonitoringGame
    assert dm.models.dresher_value is dresher_value
    assert set(NAMES) == set(M.parameters)


@pytest.mark.parametrize("n", [10**13, 10**15, 10**100])
def test_upfront_auditing_on_very_long_runs(n: int) -> None:
    # with s = 1 the worst case is S* = 1 - (m/n)^(m/(n-m)) (1 - m/n), which depends on m/n
    # alone in the limit: 0.0952 for a 2 % budget; beta* ~ ln(n/m)/(n - m) is below 1e-12
    # here, where the search grid once stopped (n = 1e15 gave 0.99999)
    r = upfront_auditing(n, n // 50)
    share = 1 / 50
    assert r.safety == pytest.approx(1 - share ** (share / (1 - share)) * (1 - share), rel=1e-9)
    assert r.attack_rate == pytest.approx(math.log(50) / (n - n // 50), rel=1e-3)
