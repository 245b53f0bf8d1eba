"""Tests for ControlProtocol: trusted monitoring, defer to trusted, upfront auditing."""

from __future__ import annotations

import itertools
import math
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import ControlProtocol, upfront_auditing

WORST = ControlProtocol()
AI = ControlProtocol(attacker="disposition")
AI_CONDITION = AI.cooperation_condition()  # compiled once
WORST_CONDITION = WORST.cooperation_condition()


def brute_force(n: int, m: int, beta: float, t_a: float, w: float) -> tuple[float, float, float]:
    """(P(success), P(caught), expected tasks) by stepping the run task by task."""
    alive, success, caught, tasks = 1.0, 0.0, 0.0, 0.0
    for t in range(1, n + 1):
        if t <= m:
            caught += alive * beta
            alive *= 1 - beta
        else:
            caught += alive * beta * t_a
            success += alive * beta * w
            alive *= 1 - beta * (t_a + w)
        tasks += alive
    return success, caught, tasks


def brute_force_utility(
    n: int, m: int, beta: float, t_a: float, w: float, gain: float, loss: float, kappa: float,
    delta: float,
) -> float:  # fmt: skip
    """The AI's expected utility, task by task (success worth gain, caught -loss, -kappa)."""
    alive, total = 1.0, 0.0
    for t in range(1, n + 1):
        d = delta**t
        if t <= m:
            total += alive * beta * d * (-loss - kappa)
            alive *= 1 - beta
        else:
            total += alive * beta * d * (w * gain - t_a * loss - kappa)
            alive *= 1 - beta * (t_a + w)
    return total


# -- known answers ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "m", "s", "phi"),
    [(5000, 100, 1.0, 0.0), (5000, 100, 0.55, 0.0), (1000, 10, 0.7, 0.3), (50, 5, 1.0, 0.5),
     (10, 0, 0.4, 0.0), (20, 20, 1.0, 0.0), (3, 1, 1.0, 0.9)],
)  # fmt: skip
def test_upfront_auditing_is_the_special_case_without_a_monitor(
    n: int, m: int, s: float, phi: float
) -> None:
    # no monitor (d' = 0), the whole audit budget spent upfront (f N = m), a random share phi
    # deferred: exactly upfront_auditing (Greenblatt et al. 2023)
    r = WORST.solve(tasks=n, upfront_audits=m, audit_budget=m / n, separability=0.0,
                    defer_fpr=phi, success_probability=s)  # fmt: skip
    u = upfront_auditing(n, m, attack_success=s, defer=phi)
    assert r.safety == pytest.approx(u.safety, rel=1e-12, abs=1e-14)
    assert r.attack_rate == pytest.approx(u.attack_rate, rel=1e-9, abs=1e-14)
    assert r.usefulness == pytest.approx(u.usefulness, rel=1e-12)
    assert r.audit_fpr == 0.0


def test_greenblatt_upfront_auditing_closed_form_and_about_15_percent() -> None:
    # Greenblatt et al. 2023: 5000 problems, 2 % audit budget spent upfront. With s = 1 the
    # optimum is closed form, 1 - (m/n)^(m/(n-m)) (1 - m/n) = 0.0952; the paper reports about
    # 15 % safety, which the default s = 0.55 reproduces (not every attempt works)
    n, m = 5000, 100
    exact = 1 - (m / n) ** (m / (n - m)) * (1 - m / n)
    r = WORST.solve(upfront_audits=m, separability=0.0, success_probability=1.0)
    assert r.safety == pytest.approx(exact, rel=1e-9)
    assert r.attack_rate == pytest.approx(1 - (m / n) ** (1 / (n - m)), rel=1e-6)
    assert 0.14 < WORST.solve(upfront_audits=m, separability=0.0).safety < 0.16


@given(
    d=st.floats(0.0, 5.0),
    s=st.floats(0.05, 1.0),
    f=st.floats(0.001, 0.2),
)
def test_long_run_trusted_monitoring_safety_is_t_over_t_plus_w(
    d: float, s: float, f: float
) -> None:
    # trusted monitoring only: the attacker attacks every task and each attempt ends the run
    # caught (t_c) or successful (w) in that ratio: safety -> t_c / (t_c + w)
    t_c = float(stats.norm.cdf(d + stats.norm.ppf(f)))
    w = s * (1 - t_c)
    r = WORST.solve(tasks=10**6, separability=d, audit_budget=f, success_probability=s)
    assert r.audit_tpr == pytest.approx(t_c, rel=1e-9, abs=1e-12)
    assert r.attack_rate == 1.0
    assert r.safety == pytest.approx(t_c / (t_c + w), rel=1e-9, abs=1e-12)


def test_binormal_roc_at_the_default_monitor() -> None:
    # d' = 2 at a 2 % false-positive rate catches Phi(2 + Phi^-1(0.02)) = 47.9 % of attempts;
    # trusted monitoring then has safety 0.479 / (0.479 + 0.55 * 0.521) = 0.625
    r = WORST.solve()
    t = stats.norm.cdf(2.0 + stats.norm.ppf(0.02))
    assert r.audit_tpr == pytest.approx(t, rel=1e-12)
    assert r.safety == pytest.approx(t / (t + 0.55 * (1 - t)), rel=1e-9)
    assert r.usefulness == 1.0
    assert r.regime == "attack"
    assert not r.cooperates


@given(
    n=st.integers(1, 40),
    share=st.floats(0.0, 1.0),
    f=st.floats(0.0, 1.0),
    d=st.floats(0.0, 4.0),
    phi=st.floats(0.0, 1.0),
    s=st.floats(0.0, 1.0),
    beta=st.floats(0.0, 1.0),
)
def test_outcomes_match_a_task_by_task_run(
    n: int, share: float, f: float, d: float, phi: float, s: float, beta: float
) -> None:
    m = math.floor(share * f * n)
    r = WORST.solve(tasks=n, upfront_audits=m, audit_budget=f, separability=d, defer_fpr=phi,
                    success_probability=s)  # fmt: skip
    p = WORST._protocol(
        WORST.resolve(
            tasks=n,
            upfront_audits=m,
            audit_budget=f,
            separability=d,
            defer_fpr=phi,
            success_probability=s,
        )
    )
    success, caught, tasks = WORST._outcomes(beta, p)
    bf = brute_force(n, m, beta, float(p["t_a"]), float(p["w"]))
    assert float(success) == pytest.approx(bf[0], abs=1e-12)
    assert float(caught) == pytest.approx(bf[1], abs=1e-12)
    assert float(tasks) == pytest.approx(bf[2], rel=1e-10, abs=1e-10)
    # the worst-case rate is at least as bad as this one
    assert r.safety <= 1 - bf[0] + 1e-9
    assert 0.0 <= r.safety <= 1.0
    assert r.success_probability == pytest.approx(1 - r.safety, abs=1e-15)


# -- properties ------------------------------------------------------------------------------
@given(
    n=st.sampled_from([1, 10, 100, 5000]),
    share=st.floats(0.0, 1.0),
    f=st.floats(0.0, 1.0),
    d=st.floats(0.0, 6.0),
    phi=st.floats(0.0, 1.0),
    s1=st.floats(0.0, 1.0),
    s2=st.floats(0.0, 1.0),
)
def test_safety_is_in_unit_interval_and_non_increasing_in_success(
    n: int, share: float, f: float, d: float, phi: float, s1: float, s2: float
) -> None:
    lo, hi = sorted((s1, s2))
    m = math.floor(share * f * n)
    kw = {"tasks": n, "upfront_audits": m, "audit_budget": f, "separability": d,
          "defer_fpr": phi}  # fmt: skip
    a, b = WORST.solve(success_probability=lo, **kw), WORST.solve(success_probability=hi, **kw)
    assert 0.0 <= b.safety <= a.safety + 1e-9 <= 1.0 + 1e-9
    assert 0.0 <= a.usefulness <= 1.0


@given(d=st.floats(0.0, 5.0), f=st.floats(0.0, 0.5), share=st.sampled_from([0.0, 0.5, 1.0]))
def test_frontier_is_monotone(d: float, f: float, share: float) -> None:
    # deferring more never lowers safety and always costs usefulness: every protocol on the
    # defer sweep is on the frontier, safety rising as usefulness falls
    t = WORST.pareto(points=25, upfront_shares=[share], separability=d, audit_budget=f,
                     tasks=1000)  # fmt: skip
    assert np.all(np.diff(t["safety"]) >= -1e-9)
    assert np.all(np.diff(t["usefulness"]) <= 1e-12)
    eff = t[t["efficient"]].sort_values("usefulness")
    assert np.all(np.diff(eff["safety"].to_numpy()) <= 1e-12)


def test_pareto_table() -> None:
    t = WORST.pareto(points=50, upfront_shares=[0.0, 0.5])
    assert list(t.columns) == ["upfront_share", "upfront_audits", "defer_fpr", "safety",
                               "usefulness", "attack_rate", "regime", "efficient"]  # fmt: skip
    assert len(t) == 100
    assert set(t["upfront_audits"]) == {0, 50}
    first = t[t["upfront_share"] == 0.0]
    assert first["defer_fpr"].iloc[0] == pytest.approx(0.02)  # starts at the audit threshold
    assert first["usefulness"].iloc[0] == 1.0
    assert first["safety"].iloc[-1] == 1.0  # defer everything: safe and useless
    assert t["efficient"].any()


def test_subversion_lowers_separability() -> None:
    r = WORST.solve(separability=2.0, monitor_uplift=0.5, subversion=0.8)
    assert r.separability == pytest.approx(2.0 * (1 - 0.5 * 0.8))
    assert r.safety < WORST.solve(separability=2.0).safety
    d = ControlProtocol(Disposition(subversion=1.0)).solve(monitor_uplift=1.0)
    assert d.separability == 0.0
    assert d.audit_tpr == pytest.approx(0.02)  # a useless monitor audits at chance


def test_user_roc() -> None:
    # the chance line is the monitor with d' = 0; a fine sampling of the binormal ROC is the
    # binormal monitor (to interpolation error)
    chance = ControlProtocol(roc=([0.0, 1.0], [0.0, 1.0])).solve(defer_fpr=0.1)
    zero = WORST.solve(separability=0.0, defer_fpr=0.1)
    assert chance.safety == pytest.approx(zero.safety, rel=1e-12)
    x = np.linspace(0, 1, 20001)
    fine = ControlProtocol(roc=(x, stats.norm.cdf(2.0 + stats.norm.ppf(x)))).solve()
    assert fine.safety == pytest.approx(WORST.solve().safety, abs=2e-3)
    # a ROC that reaches TPR 1 early: deferring there makes every attempt harmless
    perfect = ControlProtocol(roc=([0.05], [1.0]))
    r = perfect.solve(defer_fpr=0.05)
    assert r.safety == 1.0
    assert r.cooperates
    assert perfect.cooperation_condition().holds(defer_fpr=0.05)
    assert not perfect.cooperation_condition().holds(defer_fpr=0.01)


def test_worst_case_condition_edges() -> None:
    cond = WORST.cooperation_condition()
    for kw in ({"success_probability": 0.0}, {"defer_fpr": 1.0},
               {"tasks": 10, "upfront_audits": 10, "audit_budget": 1.0}, {}):  # fmt: skip
        r = WORST.solve(**kw)
        assert cond.holds(**kw) == r.cooperates
        assert r.cooperates == (r.attack_rate == 0.0)
        if r.cooperates:
            assert r.safety == 1.0


# -- the AI's own best response --------------------------------------------------------------
@given(
    n=st.integers(1, 30),
    share=st.floats(0.0, 1.0),
    f=st.floats(0.0, 1.0),
    d=st.floats(0.0, 4.0),
    s=st.floats(0.0, 1.0),
    prize=st.floats(1e-3, 5.0),
    loss=st.floats(0.0, 5.0),
    kappa=st.floats(0.0, 1.0),
    delta=st.floats(0.0, 1.0),
)
def test_disposition_attacker_condition_is_exact(
    n: int, share: float, f: float, d: float, s: float, prize: float, loss: float,
    kappa: float, delta: float,
) -> None:  # fmt: skip
    m = math.floor(share * f * n)
    kw = {"tasks": n, "upfront_audits": m, "audit_budget": f, "separability": d,
          "success_probability": s, "prize": prize, "loss": loss, "promise_keeping": kappa,
          "discount": delta}  # fmt: skip
    r = AI.solve(**kw)
    assert AI_CONDITION.holds(**kw) == r.cooperates
    p = AI._protocol(AI.resolve(**kw))
    t_a, w = float(p["t_a"]), float(p["w"])
    betas = np.logspace(-6, 0, 60)
    eu = [brute_force_utility(n, m, b, t_a, w, prize, loss, kappa, delta) for b in betas]
    best = max(eu)
    scale = 1e-9 * (prize + loss + kappa + 1)
    if r.cooperates:
        assert r.attack_rate == 0.0
        assert best <= scale  # no rate pays
    else:
        assert r.attack_rate > 0
        at = brute_force_utility(n, m, r.attack_rate, t_a, w, prize, loss, kappa, delta)
        assert r.ai_value == pytest.approx(at, rel=1e-8, abs=1e-12)
        assert at >= best - scale  # a best response


def test_disposition_attacker_closed_forms() -> None:
    # delta = 1, no upfront audits: attack iff w u(W) > t_a L + kappa
    for loss in (0.5, 1.0, 2.0):
        r = AI.solve(prize=1.0, loss=loss)
        w = 0.55 * (1 - r.audit_tpr)  # no deferral: the defer threshold is the audit one
        assert r.cooperates == (w * 1.0 <= r.audit_tpr * loss)
    # upfront audits deter: (N - m)(w u - t_a L - kappa) <= m (L + kappa)
    kw = {"tasks": 1000, "upfront_audits": 20, "loss": 1.0, "separability": 0.0, "prize": 1.0}
    r = AI.solve(**kw)
    a = 0.55 * (1 - r.audit_tpr) * 1.0 - r.audit_tpr * 1.0
    assert r.cooperates == ((1000 - 20) * a <= 20 * 1.0)
    # risk aversion lowers the prize's worth: CARA u(W) = 1 - exp(-alpha W) < W
    cara = ControlProtocol(attacker="disposition", utility="cara")
    assert cara.solve(prize=1.0, loss=0.4, risk_aversion=3.0).ai_value <= AI.solve(
        prize=1.0, loss=0.4).ai_value  # fmt: skip


def test_myopia_and_promise_keeping_from_the_disposition() -> None:
    d = Disposition(myopia=0.5, promise_keeping=0.2, risk_aversion=2.0)
    v = AI.resolve(d)
    assert v["discount"] == 0.5
    assert v["promise_keeping"] == 0.2
    assert v["risk_aversion"] == 2.0
    r = AI.solve(d, upfront_audits=50, loss=1.0, prize=1.0)
    assert AI_CONDITION.holds(**{k: x for k, x in r.values.items()
                                 if k in AI_CONDITION.parameters})  # fmt: skip
    assert r.cooperates


def test_arrays_broadcast() -> None:
    s = np.linspace(0.1, 1.0, 4)
    r = WORST.solve(success_probability=s, upfront_audits=[[0], [50]])
    assert np.shape(r.safety) == (2, 4)
    for i, m in enumerate((0, 50)):
        for j, x in enumerate(s):
            single = WORST.solve(success_probability=float(x), upfront_audits=m)
            assert r.safety[i, j] == pytest.approx(single.safety, rel=1e-12)


# -- bad input -------------------------------------------------------------------------------
BAD = [
    ({"defer_fpr": 1.5}, r"defer_fpr must be in \[0, 1\]; got defer_fpr=1.5"),
    ({"audit_budget": 1.2}, r"audit_budget must be in \[0, 1\]; got audit_budget=1.2"),
    ({"tasks": 10, "upfront_audits": 11, "audit_budget": 1.0},
     r"upfront_audits must be at most audit_budget \* tasks"),
    ({"tasks": 5000, "upfront_audits": 101}, r"upfront_audits must be at most audit_budget"),
    ({"tasks": 0}, r"tasks must be in \[1, inf\]; got tasks=0"),
    ({"tasks": 10.5}, r"tasks must be a whole number; got tasks=10.5"),
    ({"separability": math.inf}, r"separability must be in \[0, inf\)"),
    ({"success_probability": -0.1}, r"success_probability must be in \[0, 1\]"),
    ({"prize": math.inf}, r"prize must be finite for linear utility"),
    ({"nope": 1.0}, r"no parameter 'nope'"),
]  # fmt: skip


@pytest.mark.parametrize(("values", "match"), BAD)
def test_bad_values_are_refused_with_clear_errors(values: dict[str, float], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        WORST.solve(**values)


BAD_OPTIONS = [
    ({"roc": ([0.1, 0.05], [0.3, 0.4])}, r"roc fpr must be strictly increasing"),
    ({"roc": ([0.1, 0.2], [0.5, 0.4])}, r"roc tpr must be non-decreasing"),
    ({"roc": ([0.1, 1.2], [0.5, 0.9])}, r"roc fpr must be in \[0, 1\]"),
    ({"roc": ([0.1, 1.0], [0.5, 0.9])}, r"roc tpr must be 1 at fpr = 1"),
    ({"roc": ([0.1], [0.5, 0.6])}, r"roc must be a pair \(fpr, tpr\) of equal-length"),
    ({"roc": [0.1]}, r"roc must be a pair"),
    ({"attacker": "random"}, r"attacker must be one of 'worst_case', 'disposition'"),
    ({"utility": "log"}, r"utility must be one of"),
]


@pytest.mark.parametrize(("options", "match"), BAD_OPTIONS)
def test_bad_options_are_refused(options: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        ControlProtocol(**options)  # type: ignore[arg-type]


def test_bad_pareto_arguments() -> None:
    with pytest.raises(InvalidParameterError, match="points must be an integer in"):
        WORST.pareto(points=1)
    with pytest.raises(InvalidParameterError, match=r"upfront_shares must be in \[0, 1\]"):
        WORST.pareto(upfront_shares=[1.5])
    with pytest.raises(InvalidParameterError, match="defer_fpr must be left out"):
        WORST.pareto(defer_fpr=0.1)
    with pytest.raises(InvalidParameterError, match="pareto needs scalar values"):
        WORST.pareto(separability=[1.0, 2.0])


def test_crra_normalised_needs_risk_aversion_below_one() -> None:
    with pytest.raises(InvalidParameterError, match=r"risk_aversion must be in \[0, 1\)"):
        ControlProtocol(utility="crra_normalised").solve(risk_aversion=1.0)


# -- the edges of the domain -----------------------------------------------------------------
INF = math.inf


def test_an_infinite_run_with_trusted_monitoring_only() -> None:
    # N = inf, m = 0: the attacker attacks every task and each attempt ends the run caught
    # (t_a) or successful (w): safety is exactly the long-run limit t_a / (t_a + w), already
    # reached (to rounding) by a million tasks
    r = WORST.solve(tasks=INF)
    t = stats.norm.cdf(2.0 + stats.norm.ppf(0.02))
    w = 0.55 * (1 - t)
    assert r.safety == pytest.approx(t / (t + w), rel=1e-12)
    assert r.attack_rate == 1.0
    assert r.usefulness == 1.0  # x_a -> f and no deferral
    assert r.audit_fpr == 0.02  # (f N - m)/(N - m) -> f
    assert r.safety == pytest.approx(WORST.solve(tasks=10**6).safety, rel=1e-12)
    assert r.expected_tasks == pytest.approx((1 - (t + w)) / (t + w), rel=1e-12)


def test_an_infinite_run_with_upfront_audits() -> None:
    # N = inf, m = 10 upfront audits: the attacker waits them out by attacking ever more
    # rarely (beta* ~ ln(N)/N -> 0+); the audits become negligible, so safety tends to the
    # same t_a / (t_a + w), the run lasts forever in expectation, and the AI does attack
    t = stats.norm.cdf(2.0 + stats.norm.ppf(0.02))
    w = 0.55 * (1 - t)
    r = WORST.solve(tasks=INF, upfront_audits=10)
    assert r.safety == pytest.approx(t / (t + w), rel=1e-12)
    assert r.caught_probability == pytest.approx(t / (t + w), rel=1e-12)
    assert (r.attack_rate, r.expected_tasks, r.regime) == (0.0, INF, "attack")
    assert not r.cooperates
    # the finite runs approach it, with rates falling towards 0
    finite = [WORST.solve(tasks=n, upfront_audits=10) for n in (10**4, 10**6, 10**8, 1e12, 1e300)]
    gaps = [abs(f.safety - r.safety) for f in finite]
    assert all(a > b for a, b in itertools.pairwise(gaps))
    assert all(a.attack_rate > b.attack_rate > 0 for a, b in itertools.pairwise(finite))
    assert finite[-1].safety == pytest.approx(r.safety, rel=1e-12)


def test_upfront_auditing_closed_form_holds_at_1e300_tasks() -> None:
    # upfront auditing with s = 1 (no monitor) depends on m / n only:
    # S* = 1 - (m/n)^(m/(n-m)) (1 - m/n), beta* = 1 - (m/n)^(1/(n-m)) (Greenblatt et al. 2023's
    # 0.0952 at a 2 % budget); at n = 1e300 the optimal rate is about 4e-300, which the attack
    # rate search must reach (a fixed grid floor would miss it and report safety near 1)
    n, m = 1e300, 2e298
    r = WORST.solve(tasks=n, upfront_audits=m, separability=0.0, success_probability=1.0)
    assert r.safety == pytest.approx(1 - (m / n) ** (m / (n - m)) * (1 - m / n), rel=1e-12)
    assert r.attack_rate == pytest.approx(-math.expm1(math.log(m / n) / (n - m)), rel=1e-6)


@pytest.mark.parametrize("tasks", [5000, INF])
def test_no_attempt_can_succeed(tasks: float) -> None:
    # s = 0: a backdoor never works; f = 1: every task is audited (x_a = 1, t_a = 1);
    # d' = 1e300 (the largest separability in the domain; inf is outside it): the monitor
    # flags every attempt at any positive false-positive rate, so the audits catch them all
    for kw in ({"success_probability": 0.0}, {"audit_budget": 1.0}, {"separability": 1e300}):
        r = WORST.solve(tasks=tasks, **kw)
        assert (r.safety, r.attack_rate, r.regime) == (1.0, 0.0, "no attack"), kw
        assert r.cooperates
        assert r.expected_tasks == tasks
    # a perfect monitor without an audit budget still makes deferral safe: every attempt is
    # above any deferral threshold with a positive false-positive rate
    r = WORST.solve(tasks=tasks, separability=1e300, audit_budget=0.0, defer_fpr=1e-300)
    assert (r.safety, r.audit_tpr, r.defer_tpr) == (1.0, 0.0, 1.0)


def test_a_zero_budget_of_an_infinite_run() -> None:
    # f = 0 audits nothing, also of infinitely many tasks (0 * inf = 0): no upfront audits,
    # and the attacker attacks every task, so an infinite run is lost for sure (s > 0)
    r = WORST.solve(tasks=INF, audit_budget=0.0)
    assert (r.safety, r.attack_rate, r.audit_fpr) == (0.0, 1.0, 0.0)
    with pytest.raises(InvalidParameterError, match="upfront_audits must be at most"):
        WORST.solve(tasks=INF, audit_budget=0.0, upfront_audits=1)


def test_infinitely_many_upfront_audits_are_refused() -> None:
    # m = inf needs N = inf, and then N - m = inf - inf: no share of monitored tasks
    with pytest.raises(InvalidParameterError, match=r"upfront_audits must be finite"):
        WORST.solve(tasks=INF, upfront_audits=INF)


@pytest.mark.parametrize(
    "kw",
    [
        {"promise_keeping": INF},  # every attempt costs infinitely much
        {"loss": INF},  # caught with probability t_a > 0, at an infinite loss
        {"discount": 0.0},  # only task 0 counts and nothing happens on it
        {"upfront_audits": 100, "loss": INF, "separability": 0.0, "defer_fpr": 0.5},
    ],
)
def test_the_disposition_attacker_does_not_attack_at_infinite_costs(kw: dict[str, float]) -> None:
    r = AI.solve(**kw)
    assert (r.attack_rate, r.ai_value, r.regime) == (0.0, 0.0, "no attack")
    used = {k: x for k, x in r.values.items() if k in AI_CONDITION.parameters}
    assert AI_CONDITION.holds(**used)


def test_the_disposition_attacker_in_an_infinite_run() -> None:
    # delta = 1, N = inf, m >= 1: EU = -C (1 - y^m) + A y^m / e falls in beta, so the AI
    # attacks ever more rarely and EU -> A / e (A = w u(W) - t_a L, e = t_a + w); the finite
    # runs' optimum converges to it
    r = AI.solve(tasks=INF, upfront_audits=3, prize=1.0, loss=0.1)
    t = r.audit_tpr
    w = 0.55 * (1 - t)
    assert r.ai_value == pytest.approx((w * 1.0 - t * 0.1) / (t + w), rel=1e-12)
    assert (r.attack_rate, r.regime) == (0.0, "attack")
    long = AI.solve(tasks=1e300, upfront_audits=3, prize=1.0, loss=0.1)
    assert 0 < long.attack_rate < 1e-290
    assert long.ai_value == pytest.approx(r.ai_value, rel=1e-12)
    # without upfront audits EU = A / e at every rate: the finite runs' optimum, attack always
    r0 = AI.solve(tasks=INF, prize=1.0, loss=0.1)
    assert (r0.attack_rate, r0.ai_value) == (1.0, pytest.approx(r.ai_value, rel=1e-12))
    # discounted, the optimum is interior and the infinite sum converges (a long finite run,
    # whose m upfront audits still take a share m/N of the budget, approaches it)
    d = AI.solve(tasks=INF, upfront_audits=3, prize=1.0, loss=0.1, discount=0.9)
    assert 0 < d.attack_rate < 1
    assert d.ai_value == pytest.approx(
        AI.solve(tasks=1e15, upfront_audits=3, prize=1.0, loss=0.1, discount=0.9).ai_value,
        rel=1e-9,
    )


def test_a_utility_the_family_leaves_undefined_is_refused_by_name() -> None:
    # CRRA at an infinite baseline wealth with rho = 0: (inf + W) - inf in the kernel
    m = ControlProtocol(attacker="disposition", utility="crra")
    undefined = r"no defined attempt value A at .*baseline=inf"
    with pytest.raises(InvalidParameterError, match=undefined):
        m.solve(baseline=INF, risk_aversion=0.0)


@pytest.mark.parametrize("model", [WORST, AI], ids=["worst_case", "disposition"])
@given(data=st.data())
def test_condition_agrees_with_solve_over_the_whole_domain(
    model: ControlProtocol, data: st.DataObject
) -> None:
    from hypothesis import assume

    from dealmodels.strategies import parameter_values

    values = data.draw(parameter_values(model))
    # subnormal inputs: the symbolic and the numeric side round differently near 5e-324
    assume(not any(0 < abs(x) < sys.float_info.min for x in values.values()))
    r = model.solve(**values)
    cond = AI_CONDITION if model is AI else WORST_CONDITION
    used = {k: x for k, x in r.values.items() if k in cond.parameters}
    try:
        holds = cond.holds(**used)
    except InvalidParameterError as e:
        assert "undefined" in str(e)  # noqa: PT017 (a NaN side is refused, not said False)
        return
    assert holds == r.cooperates


@pytest.mark.parametrize(
    ("values", "cooperates"),
    [
        # both sides of A (N - m) <= C m overflow: 1e300 tasks times an attempt worth ~1e290
        ({"tasks": 1e300, "upfront_audits": 238.0, "audit_budget": 0.0, "separability": 0.0,
              "success_probability": 0.5, "prize": 1.5106664998842993e306, "loss": 0.0,
              "promise_keeping": 7.553332499421495e305, "discount": 1.0}, False),
        # an attempt worth 4e299 on 1e300 monitored tasks against 10 audits costing 1e299 each
        ({"tasks": 1e300, "upfront_audits": 10.0, "audit_budget": 0.5, "separability": 0.0,
              "success_probability": 1.0, "prize": 1e300, "loss": 0.0, "promise_keeping": 1e299,
              "discount": 1.0}, False),
        # both sides overflow, the audits' side is larger: 20 * 3.5e307 <= 20 * 1e308
        ({"tasks": 40.0, "upfront_audits": 20.0, "audit_budget": 0.75, "separability": 0.0,
              "success_probability": 1.0, "prize": 1.7e308, "loss": 1e308, "promise_keeping": 0.0,
              "discount": 1.0}, True),
        # and the other way round: 30 * 8e307 > 10 * 1e308
        ({"tasks": 40.0, "upfront_audits": 10.0, "audit_budget": 0.5, "separability": 0.0,
              "success_probability": 1.0, "prize": 1.7e308, "loss": 1e308, "promise_keeping": 0.0,
              "discount": 1.0}, False),
    ],
)  # fmt: skip
def test_overflowing_sides_of_the_condition(values: dict[str, float], cooperates: bool) -> None:
    r = AI.solve(**values)
    assert bool(r.cooperates) is cooperates
    used = {k: x for k, x in r.values.items() if k in AI_CONDITION.parameters}
    assert bool(AI_CONDITION.holds(**used)) is cooperates
