"""Tests for M10, the off-switch game (Hadfield-Menell et al. 2017)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import OffSwitch
from dealmodels.models.off_switch import normal_positive_part
from dealmodels.world import World


@pytest.mark.parametrize(("mu", "sd"), [(0.0, 1.0), (0.5, 1.0), (-1.0, 2.0), (3.0, 0.5)])
def test_normal_closed_form_against_quadrature(mu: float, sd: float) -> None:
    # E[max(U, 0)] = mu Phi(mu/sd) + sd phi(mu/sd)
    expected = mu * stats.norm.cdf(mu / sd) + sd * stats.norm.pdf(mu / sd)
    quad, _ = integrate.quad(lambda u: u * stats.norm.pdf(u, mu, sd), 0, np.inf)
    assert float(normal_positive_part(mu, sd)) == pytest.approx(expected)
    assert float(normal_positive_part(mu, sd)) == pytest.approx(quad, abs=1e-8)
    assert float(normal_positive_part(0.0, 1.0)) == pytest.approx(1 / math.sqrt(2 * math.pi))


@given(mu=st.floats(-3, 3), sd=st.floats(0, 3))
def test_rational_incentive_nonnegative(mu: float, sd: float) -> None:
    r = OffSwitch().solve(mean=mu, std=sd)
    assert r.incentive >= 0
    assert r.regime == "defers"


def test_certainty_removes_incentive() -> None:
    assert OffSwitch().solve(mean=1.0, std=0.0).incentive == 0.0
    assert OffSwitch().solve(mean=-1.0, std=0.0).incentive == 0.0
    # corrigibility makes acting costly: a strict incentive even when certain
    r = OffSwitch().solve(mean=1.0, std=0.0, corrigibility_cost=0.3)
    assert r.incentive == pytest.approx(0.3)


@pytest.mark.parametrize(("mu", "sd", "beta"), [(0.5, 1.0, 0.5), (1.0, 0.3, 1.0), (-0.2, 2, 0.1)])
def test_noisy_overseer_against_quadrature(mu: float, sd: float, beta: float) -> None:
    def f(u: float) -> float:
        return u / (1 + math.exp(-u / beta)) * stats.norm.pdf(u, mu, sd)

    quad, _ = integrate.quad(f, mu - 15 * sd, mu + 15 * sd, limit=200)
    r = OffSwitch().solve(mean=mu, std=sd, noise=beta)
    assert r.value_defer == pytest.approx(quad, abs=1e-7)
    assert r.incentive == pytest.approx(quad - max(mu, 0), abs=1e-7)


def test_noisy_overseer_can_make_incentive_negative() -> None:
    r = OffSwitch().solve(mean=1.0, std=0.1, noise=1.0)
    # confident R: Delta -> mu (logistic(mu/beta) - 1) < 0
    assert r.incentive < 0
    assert r.incentive == pytest.approx(1.0 / (1 + math.exp(-1.0)) - 1.0, abs=0.01)
    assert r.regime == "acts"
    assert OffSwitch().solve(mean=-1.0, std=0.1, noise=1.0).regime == "switches off"
    # a more reliable overseer restores the incentive
    assert OffSwitch().solve(mean=1.0, std=0.1, noise=0.01).incentive >= -1e-6


def test_empirical_prior() -> None:
    rng = np.random.default_rng(0)
    u = rng.normal(0.5, 1.0, 200_000)
    r = OffSwitch(samples=u).solve()
    assert r.incentive == pytest.approx(np.mean(np.maximum(u, 0)) - max(u.mean(), 0))
    assert r.incentive == pytest.approx(float(normal_positive_part(0.5, 1.0)) - 0.5, abs=0.01)
    noisy = OffSwitch(samples=u).solve(noise=[0.0, 0.5])
    assert noisy.incentive.shape == (2,)
    assert noisy.incentive[1] < noisy.incentive[0]
    assert OffSwitch(samples=[2.0, 3.0]).solve().incentive == 0.0  # sign certain


def test_corrigibility_from_disposition() -> None:
    r = OffSwitch(disposition=Disposition(corrigibility=0.25)).solve(mean=1.0, std=0.1, noise=1.0)
    # K_c = corrigibility_weight * corrigibility = 2 * 0.25 at the default world
    assert r.value_act == pytest.approx(1.0 - World().corrigibility_weight * 0.25)
    assert r.incentive > OffSwitch().solve(mean=1.0, std=0.1, noise=1.0).incentive


def test_condition_agrees_with_solve() -> None:
    m = OffSwitch()
    rng = np.random.default_rng(1)
    n = 2000
    sd = np.where(rng.uniform(size=n) < 0.3, 0.0, rng.uniform(0.2, 2, n))
    mu = rng.uniform(-1, 1, n) * np.where(sd > 0, sd * 4, 1)
    kc = np.where(rng.uniform(size=n) < 0.5, 0.0, rng.uniform(0.1, 1, n))
    vals = {"mean": mu, "std": sd, "corrigibility_cost": kc}
    np.testing.assert_array_equal(
        m.cooperation_condition().holds(**vals), m.solve(**vals).cooperates
    )


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: OffSwitch().solve(std=-1), "std"),
        (lambda: OffSwitch().solve(noise=-0.1), "noise"),
        (lambda: OffSwitch().solve(corrigibility_cost=-1), "corrigibility_cost"),
        (lambda: OffSwitch(samples=[]), "samples"),
        (lambda: OffSwitch(samples=[[1.0]]), "samples"),
        (lambda: OffSwitch(samples=[1.0, np.nan]), "samples"),
    ],
)
def test_bad_input(call: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call()  # type: ignore[operator]


def test_public_namespace() -> None:
    assert dm.models.OffSwitch is OffSwitch


# -- a rational overseer: the strict incentive is decided exactly --------------------------
@pytest.mark.parametrize(("mu", "sd"), [(-4.28, 0.5), (4.28, 0.5), (-50.0, 1.0), (1e300, 1.0)])
def test_any_uncertainty_is_a_strict_incentive(mu: float, sd: float) -> None:
    # Delta = sd (phi(z) - z Phi(-z)) > 0 for every sd > 0 (strict Jensen), however far the
    # mean is from 0; at (-4.28, 0.5) it is about 3.2e-19, once rounded to 0 ("defers" but
    # not cooperating while the condition held), at z = 50 it underflows to 0
    m = OffSwitch()
    r = m.solve(mean=mu, std=sd)
    assert r.regime == "defers"
    assert r.cooperates is True
    assert m.cooperation_condition().holds(mean=mu, std=sd) is True
    assert r.incentive >= 0


def test_jensen_gap_without_cancellation() -> None:
    # E[max(U, 0)] - max(mu, 0) = sd (phi(z) - z Phi(-z)), z = |mu| / sd, against mpmath
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 50
    for mu, sd in [(-4.28, 0.5), (4.28, 0.5), (0.3, 2.0), (-30.0, 1.0)]:
        z = mpmath.mpf(abs(mu)) / sd
        exact = sd * (mpmath.npdf(z) - z * mpmath.ncdf(-z))
        got = OffSwitch().solve(mean=mu, std=sd).incentive
        assert got == pytest.approx(float(exact), rel=1e-9)
    assert OffSwitch().solve(mean=-4.28, std=0.5).incentive == pytest.approx(3.2119798858e-19)


def test_a_tiny_corrigibility_cost_is_a_strict_incentive() -> None:
    # certain R (sd = 0), mu > 0: Delta = min(mu, K_c) = 1e-300 > 0 (once snapped to 0)
    r = OffSwitch().solve(mean=1.0, std=0.0, corrigibility_cost=1e-300)
    assert (r.incentive, r.cooperates) == (1e-300, True)
    assert OffSwitch().cooperation_condition().holds(mean=1.0, std=0.0, corrigibility_cost=1e-300)


def test_the_condition_refuses_a_noisy_overseer_by_name() -> None:
    cond = OffSwitch().cooperation_condition()
    assert "noise" in cond.parameters
    with pytest.raises(InvalidParameterError, match=r"noise must be in \[0, 0\]; got noise=0.5"):
        cond.holds(mean=1.0, std=0.1, noise=0.5)
    assert cond.holds(mean=1.0, std=0.1, noise=0.0) is True


def test_a_normal_prior_needs_a_finite_mean() -> None:
    with pytest.raises(InvalidParameterError, match="mean must be finite"):
        OffSwitch().solve(mean=-math.inf)


@pytest.mark.parametrize(
    ("samples", "kc", "strict"),
    [([-1.0, 2.0], 0.0, True), ([1.0, 2.0], 0.0, False), ([1.0, 2.0], 0.1, True),
     ([-1.0, -2.0], 5.0, False), ([0.0, 0.0], 1.0, False)],
)  # fmt: skip
def test_empirical_prior_condition(samples: list[float], kc: float, strict: bool) -> None:
    # strict iff A = mean(max(U, 0)) > 0 and B + K_c > 0, B = mean(max(-U, 0))
    m = OffSwitch(samples=samples)
    r = m.solve(corrigibility_cost=kc)
    assert r.cooperates is strict
    cond = m.cooperation_condition()
    used = {k: v for k, v in r.values.items() if k in cond.parameters}
    assert cond.holds(**used) is strict


def test_solve_and_the_condition_read_one_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    # the rational overseer's strictness is written once (_strict_expr): replacing it
    # changes both what solve reports and what the condition states
    import sympy

    assert OffSwitch().solve(mean=0.5, std=1.0).cooperates
    monkeypatch.setattr(OffSwitch, "_strict_expr", lambda self: sympy.false)
    m = OffSwitch()
    assert not m.solve(mean=0.5, std=1.0).cooperates
    assert m.cooperation_condition().expr == sympy.false
