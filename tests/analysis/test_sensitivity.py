"""Tests for dealmodels.analysis.sensitivity: Sobol indices against analytic answers and SALib."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from dealmodels.analysis import sensitivity, sobol_indices
from dealmodels.analysis.sensitivity import sobol_estimates
from dealmodels.errors import InvalidParameterError
from dealmodels.models import TakeoverDecision
from dealmodels.world import World

U = stats.uniform(-np.pi, 2 * np.pi)

# the takeover model's first-stage defaults: a prize of 1 received one period later, no loss
M1_WORLD = World(prize=1.0, loss=0.0, delay_takeover=1.0, budget=1.0)


def ishigami(x1: np.ndarray, x2: np.ndarray, x3: np.ndarray) -> np.ndarray:
    return np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1)


def ishigami_analytic(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    # Ishigami & Homma (1990); Saltelli et al., Global Sensitivity Analysis (2008), sec. 4.8
    pi = np.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_ishigami_analytic_indices() -> None:
    s1, st = ishigami_analytic()
    res = sobol_indices(ishigami, {"x1": U, "x2": U, "x3": U}, n=2**15, seed=1)
    np.testing.assert_allclose(res.first_order, s1, atol=0.02)
    np.testing.assert_allclose(res.total, st, atol=0.02)
    assert res.ranking() == ["x1", "x2", "x3"]
    assert np.all(res.total_conf > 0)
    assert np.all(res.total_conf < 0.05)


def test_estimators_match_salib_on_its_own_sample() -> None:
    salib_sample = pytest.importorskip("SALib.sample.sobol")
    salib_analyze = pytest.importorskip("SALib.analyze.sobol")
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    x = salib_sample.sample(problem, 1024, calc_second_order=False, seed=3)
    y = ishigami(x[:, 0], x[:, 1], x[:, 2])
    ref = salib_analyze.analyze(problem, y, calc_second_order=False, seed=3)
    step = 3 + 2  # SALib's layout per base row: A, AB_1..AB_k, B
    f_a, f_b = y[0::step], y[4::step]
    f_ab = np.column_stack([y[1 + i :: step] for i in range(3)])
    s1, st, _ = sobol_estimates(f_a, f_b, f_ab)
    np.testing.assert_allclose(s1, ref["S1"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(st, ref["ST"], rtol=1e-10, atol=1e-12)


def product_indices(dists: dict[str, stats.rv_continuous]) -> tuple[np.ndarray, np.ndarray]:
    """Analytic Sobol indices of Y = prod X_i with independent X_i (Sobol' 2001)."""
    m1 = np.array([d.mean() for d in dists.values()])
    m2 = np.array([d.var() + d.mean() ** 2 for d in dists.values()])
    v = np.prod(m2) - np.prod(m1**2)
    s1, st = [], []
    for i in range(len(m1)):
        rest1, rest2 = np.delete(m1, i), np.delete(m2, i)
        s1.append((m2[i] - m1[i] ** 2) * np.prod(rest1**2) / v)
        v_not_i = m1[i] ** 2 * (np.prod(rest2) - np.prod(rest1**2))
        st.append(1 - v_not_i / v)
    return np.array(s1), np.array(st)


def test_model_recovers_the_derived_ranking() -> None:
    # Linear M1 with no loss, corrigibility or subversion and one period of delay:
    # threat value V_T = salience * discount * p * prize, a product of independent inputs.
    # Analytic indices follow from the moments (Sobol' 2001); the ranking is p > prize > salience
    # by their coefficients of variation.
    priors = {
        "p": stats.uniform(0, 0.5),
        "prize": stats.uniform(0.5, 1.0),
        "salience": stats.uniform(0.9, 0.1),
    }
    res = sensitivity(
        TakeoverDecision(world=M1_WORLD),
        priors,
        n=2**13,
        seed=0,
        outputs=("threat_value", "cooperates"),
        fixed={"discount": 1.0, "delay_takeover": 1.0},
    )
    s1, st = product_indices(priors)
    idx = res.indices["threat_value"]
    np.testing.assert_allclose(idx.first_order, s1, atol=0.02)
    np.testing.assert_allclose(idx.total, st, atol=0.02)
    assert res.ranking("threat_value") == ["p", "prize", "salience"]
    tor = res.tornado["threat_value"]
    assert tor.ranking() == ["p", "prize", "salience"]
    # one-at-a-time: E[V | p = q] = q * E[prize] * E[salience]
    expected_high = priors["p"].ppf(0.9) * 1.0 * 0.95
    assert tor.high[0] == pytest.approx(expected_high, rel=0.02)
    assert tor.low[0] < tor.base < tor.high[0]


def test_unused_disposition_has_zero_indices() -> None:
    # linear utility ignores risk_aversion: it cannot matter
    priors = {"p": stats.uniform(0, 1), "trust": stats.beta(2, 2), "risk_aversion": stats.expon()}
    res = sensitivity(
        TakeoverDecision(world=M1_WORLD), priors, n=1024, seed=4, fixed={"discount": 1.0}
    )
    idx = res.indices["cooperates"]
    assert idx.total[2] == 0.0
    assert idx.first_order[2] == 0.0
    assert res.ranking()[-1] == "risk_aversion"
    assert set(res.ranking()[:2]) == {"p", "trust"}
    assert res.tornado["cooperates"].swing[2] == 0.0


def test_reproducible_and_constant_output() -> None:
    priors = {"p": stats.uniform(0, 0.1)}
    a = sensitivity(TakeoverDecision(world=M1_WORLD), priors, n=256, seed=5, fixed={"trust": 1.0})
    b = sensitivity(TakeoverDecision(world=M1_WORLD), priors, n=256, seed=5, fixed={"trust": 1.0})
    np.testing.assert_array_equal(a.indices["cooperates"].total, b.indices["cooperates"].total)
    assert a.indices["cooperates"].variance == 0.0  # always cooperates: indices are zero
    df = a.to_frame()
    assert list(df["input"]) == ["p"]


BAD = [
    ({"priors": {}}, "priors"),
    ({"priors": {"p": stats.uniform()}, "n": 1}, "n"),
    ({"priors": {"p": stats.uniform()}, "outputs": "cooperates"}, "outputs"),
    ({"priors": {"p": stats.uniform()}, "outputs": ("regime",)}, "outputs"),
    ({"priors": {"p": stats.uniform()}, "outputs": ("nope",)}, "outputs"),
    (
        {
            "priors": {"p": stats.uniform()},
            "fixed": {"trust": 0.0},
            "outputs": ("minimum_payment",),
        },
        "not finite",
    ),
    ({"priors": {"p": stats.uniform()}, "tornado_quantiles": (0.9, 0.1)}, "tornado_quantiles"),
    (
        {"priors": {"p": stats.uniform()}, "tornado_quantiles": ("a", "b")},
        r"tornado_quantiles must be .*\(not a string\)",
    ),
    (
        {"priors": {"p": stats.uniform()}, "tornado_quantiles": ("0.1", "0.9")},
        r"tornado_quantiles must be .*\(not a string\)",
    ),
    (
        {"priors": {"p": stats.uniform()}, "tornado_quantiles": (False, 0.5)},
        r"tornado_quantiles must be .*\(not a bool\)",
    ),
    ({"priors": {"p": stats.uniform()}, "num_resamples": 1}, "num_resamples"),
]


@pytest.mark.parametrize(("kwargs", "match"), BAD)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        sensitivity(TakeoverDecision(world=M1_WORLD), n=kwargs.pop("n", 64), **kwargs)  # type: ignore[arg-type]


def test_sobol_indices_bad_input() -> None:
    with pytest.raises(InvalidParameterError, match="func"):
        sobol_indices("f", {"x": U})  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="priors"):
        sobol_indices(ishigami, {"x1": 3.0})
