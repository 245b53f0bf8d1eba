"""Tests for dealmodels.dispositions: validation, presets and utility families."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition, Utility, discounted
from dealmodels.errors import InvalidParameterError


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"myopia": 1.2}, "myopia must be in"),
        ({"trust": -0.1}, "trust"),
        ({"risk_aversion": -1}, "risk_aversion must be >= 0"),
        ({"promise_keeping": float("nan")}, "promise_keeping"),
        ({"salience": "high"}, "salience"),
        ({"pluralism": [0.1, 0.2]}, "pluralism"),
    ],
)
def test_disposition_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        Disposition(**kwargs)  # type: ignore[arg-type]


def test_replace_revalidates() -> None:
    d = Disposition()
    with pytest.raises(InvalidParameterError, match="myopia"):
        dataclasses.replace(d, myopia=2.0)


def test_presets_and_derived() -> None:
    presets = Disposition.presets()
    assert set(presets) == {"misaligned", "takeover_averse", "deal_ready", "spec_stuck"}
    assert presets["takeover_averse"].discount == 0.5
    assert presets["misaligned"].evidential_weight == 1.0
    assert set(Disposition().as_dict()) == set(DISPOSITION_FIELDS)
    assert set(Disposition().as_dict(derived=True)) == set(DISPOSITION_FIELDS) | {
        "discount",
        "evidential_weight",
    }


@pytest.mark.parametrize(
    "u",
    [
        Utility(),
        Utility(family="cara", risk_aversion=0.7),
        Utility(family="crra", risk_aversion=0.5, baseline=1.0),
        Utility(family="crra", risk_aversion=1.0, baseline=2.0),
        Utility(family="crra", risk_aversion=3.0, baseline=0.5),
        Utility(family="crra_normalised", risk_aversion=0.4),
    ],
)
def test_utility_inverse_roundtrip_and_monotone(u: Utility) -> None:
    x = np.linspace(0, 20, 101)
    ux = u(x)
    assert ux[0] == 0
    assert np.all(np.diff(ux) > 0)
    np.testing.assert_allclose(u.inverse(ux), x, rtol=1e-9, atol=1e-9)
    assert float(u(np.inf)) == u.supremum
    assert u.bounded == math.isfinite(u.supremum)


def test_utility_sympy_expression_matches_numeric() -> None:
    import sympy

    x = sympy.Symbol("x", nonnegative=True)
    for u in [
        Utility(family="cara", risk_aversion=0.7),
        Utility(family="crra", risk_aversion=1.0, baseline=2.0),
        Utility(family="crra", risk_aversion=2.5, baseline=2.0),
    ]:
        f = sympy.lambdify(x, u.sympy_expr(x))
        assert f(1.3) == pytest.approx(float(u(1.3)))


@given(alpha=st.floats(0.01, 10), x=st.floats(0, 50))
def test_cara_concave_below_linear(alpha: float, x: float) -> None:
    u = Utility(family="cara", risk_aversion=alpha)
    assert float(u(x)) <= x + 1e-12  # u(x) = (1 - e^(-alpha x)) / alpha <= x


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"family": "cara", "risk_aversion": -1.0}, "risk_aversion must be >= 0"),
        ({"family": "crra", "risk_aversion": 2.0}, "baseline"),
        ({"family": "crra_normalised", "risk_aversion": 1.0}, "risk_aversion"),
        ({"family": "linear", "risk_aversion": 1.0}, "risk_aversion"),
        ({"family": "linear", "baseline": 1.0}, "baseline"),
        ({"family": "quadratic"}, "family"),
    ],
)
def test_utility_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        Utility(**kwargs)  # type: ignore[arg-type]


def test_discounted() -> None:
    assert float(discounted(2.0, 0.5, 3)) == 0.25
    assert float(discounted(2.0, 0.0, 0)) == 2.0
    with pytest.raises(InvalidParameterError, match="discount"):
        discounted(1.0, 1.5, 1)


def test_check_utility_values_names_the_value_and_its_range() -> None:
    from dealmodels.dispositions import check_utility_values
    from dealmodels.errors import InvalidParameterError

    check_utility_values("crra_normalised", 0.5, None)
    with pytest.raises(InvalidParameterError, match=r"risk_aversion must be in \[0, 1\)"):
        check_utility_values("crra_normalised", 1.0, None)
    # u(inf) = 1/alpha for CARA with alpha > 0: an infinite prize is fine; linear: it is not
    check_utility_values("cara", 2.0, None, prize=math.inf)
    with pytest.raises(InvalidParameterError, match="prize must be finite for linear utility"):
        check_utility_values("linear", 0.0, None, prize=math.inf)
    with pytest.raises(InvalidParameterError, match="prize must be finite for crra"):
        check_utility_values("crra", 0.5, 1.0, prize=np.array([1.0, math.inf]))


@pytest.mark.parametrize(
    "d",
    [
        Disposition(),
        Disposition(myopia=0.5, risk_aversion=2.0),
        Disposition.takeover_averse(),
        Disposition.deal_ready(),
    ],
)
def test_disposition_as_dict_round_trips_through_the_constructor(d):
    assert Disposition(**d.as_dict()) == d
    derived = d.as_dict(derived=True)
    assert derived["discount"] == d.discount
    assert derived["evidential_weight"] == d.evidential_weight


@pytest.mark.parametrize("flag", [1, "yes", None])
def test_disposition_as_dict_derived_flag_must_be_bool(flag):
    with pytest.raises(InvalidParameterError, match="derived must be True or False"):
        Disposition().as_dict(derived=flag)


@given(st.floats(0.0, 50.0), st.floats(1e-6, 10.0))
def test_crra_utility_is_exactly_zero_at_zero(rho, w0):
    """u(0) = 0 exactly (the difference of two powers rounded to 1e-11 near rho = 1)."""
    assert float(Utility(family="crra", risk_aversion=rho, baseline=w0)(0.0)) == 0.0


@pytest.mark.parametrize("rho", [1 - 1e-12, 1 + 1e-12])
@pytest.mark.parametrize("x", [0.5, 1.0, 10.0])
def test_crra_utility_is_continuous_at_log_utility(rho, x):
    near = float(Utility(family="crra", risk_aversion=rho, baseline=1.0)(x))
    log = float(Utility(family="crra", risk_aversion=1.0, baseline=1.0)(x))
    assert near == pytest.approx(log, rel=1e-9)


@pytest.mark.parametrize("rho", [0.0, 0.5, 2.0])
def test_crra_utility_of_a_tiny_payment_is_its_marginal_utility(rho):
    """u(x) ~ x w0^-rho for x -> 0 (it was 0: the powers' difference underflowed)."""
    w0 = 2.0
    u = float(Utility(family="crra", risk_aversion=rho, baseline=w0)(1e-300))
    assert u == pytest.approx(1e-300 * w0**-rho, rel=1e-12)


@pytest.mark.parametrize(
    ("x", "rho", "w0"),
    [(1e300, 0.002731410770710009, 1e-300), (1e308, 0.5, 1e-308), (1e200, 0.1, 1e-200)],
)
def test_crra_utility_beyond_the_float_range_of_x_over_w0(x: float, rho: float, w0: float) -> None:
    # x / w0 overflows and exp((1 - rho) ln(1 + x / w0)) does too, but u is finite:
    # ((w0 + x)^(1-rho) - w0^(1-rho)) / (1-rho) ~ x^(1-rho) / (1-rho); it was inf, and
    # TakeoverDecision then called an AI with a finite threat unpayable but "within budget"
    from dealmodels.dispositions import utility_value

    want = math.exp((1 - rho) * math.log(x) - math.log(1 - rho))
    assert float(utility_value("crra", x, rho, w0)) == pytest.approx(want, rel=1e-12)
