"""Tests for dealmodels.analysis.regions: regime maps and the exact boundary."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dealmodels.analysis import regions
from dealmodels.errors import InvalidParameterError
from dealmodels.models import Collusion, TakeoverDecision
from dealmodels.world import World

FIXED = {"budget": 1.0, "discount": 1.0, "salience": 1.0}

# the takeover model's first-stage defaults: a prize of 1 received one period later, no loss
M1_WORLD = World(prize=1.0, loss=0.0, delay_takeover=1.0, budget=1.0)


def test_map_agrees_with_per_point_solves() -> None:
    model = TakeoverDecision(utility="cara")
    m = regions(model, x=("trust", 0.05, 1), y=("p", 0, 1), fixed=FIXED, resolution=15)
    assert m.codes.shape == (15, 15)
    for i in (0, 4, 9, 14):
        for j in (0, 3, 7, 14):
            r = model.solve(trust=m.x[j], p=m.y[i], **FIXED)
            assert m.regime[i, j] == r.regime
            assert m.cooperates[i, j] == r.cooperates


def test_linear_boundary_is_the_derived_line() -> None:
    # linear utility, G = W = 1, delta = 1, s = 1, no subversion: cooperate iff trust >= p
    m = regions(
        TakeoverDecision(world=M1_WORLD),
        x=("trust", 0, 1),
        y=("p", 0, 1),
        fixed=FIXED,
        resolution=41,
    )
    b = m.boundary
    assert b.kind == "threshold"
    assert (b.along, b.solved, b.direction) == ("trust", "p", "<=")
    np.testing.assert_allclose(b.value, b.t)
    assert m.share("takeover attempt") == pytest.approx(np.mean(m.y[:, None] > m.x[None, :]))


def test_boundary_separates_the_cooperation_region() -> None:
    m = regions(
        TakeoverDecision(utility="cara"),
        x=("risk_aversion", 0.1, 5),
        y=("p", 0, 1),
        fixed={"trust": 0.6, "budget": 0.5, "prize": 3.0, "discount": 1.0},
        resolution=60,
    )
    b = m.boundary
    assert b.kind == "threshold"
    # holds on the grid agrees with the solver's cooperates
    np.testing.assert_array_equal(b.holds, m.cooperates)
    # the curve lies between the last cooperating and first non-cooperating cell
    curve_x, curve_y = (b.t, b.value) if b.along == "risk_aversion" else (b.value, b.t)
    for xi, yi in zip(curve_x[::17], curve_y[::17], strict=True):
        if not np.isfinite(yi) or not 0 < yi < 1:
            continue
        r_below = TakeoverDecision(utility="cara").solve(
            risk_aversion=xi, p=max(yi - 0.02, 0), trust=0.6, budget=0.5, prize=3.0, discount=1.0
        )
        r_above = TakeoverDecision(utility="cara").solve(
            risk_aversion=xi, p=min(yi + 0.02, 1), trust=0.6, budget=0.5, prize=3.0, discount=1.0
        )
        assert r_below.cooperates != r_above.cooperates


def test_collusion_boundary_is_exact() -> None:
    # the collusion condition writes the binomial tail as an incomplete beta function, so the
    # threshold in the evidential weight comes out of the condition and separates the regimes
    m = regions(Collusion(), ("others_defect", 0, 1), ("evidential_weight", 0, 1), resolution=40)
    assert m.boundary.kind == "threshold"
    np.testing.assert_array_equal(m.boundary.holds, m.cooperates)
    assert 0 < m.share("compliance") < 1


def test_axis_not_in_condition_gives_no_boundary_kind_none() -> None:
    # baseline is unused by linear utility; budget is not an axis here
    m = regions(
        TakeoverDecision(world=M1_WORLD), x=("baseline", 0.5, 2), y=("risk_aversion", 0, 2)
    )
    assert m.boundary.kind == "none"


BAD = [
    ({"x": ("nope", 0, 1), "y": ("p", 0, 1)}, "nope"),
    ({"x": ("p", 0, 1), "y": ("p", 0, 1)}, "different"),
    ({"x": ("trust", 1, 0), "y": ("p", 0, 1)}, "x"),
    ({"x": ("trust", 0, 2), "y": ("p", 0, 1)}, "trust"),
    ({"x": ("trust", 0), "y": ("p", 0, 1)}, "x"),
    ({"x": ("trust", 0, 1), "y": ("p", 0, 1), "resolution": 1}, "resolution"),
    ({"x": ("trust", 0, 1), "y": ("p", 0, 1), "fixed": {"p": 0.1}}, "fixed"),
]


@pytest.mark.parametrize(("kwargs", "match"), BAD)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        regions(TakeoverDecision(world=M1_WORLD), **kwargs)  # type: ignore[arg-type]


def test_share_unknown_regime() -> None:
    m = regions(TakeoverDecision(world=M1_WORLD), x=("trust", 0, 1), y=("p", 0, 1), resolution=5)
    with pytest.raises(InvalidParameterError, match="regime"):
        m.share("peace")


def test_an_irrational_threshold_is_shown_in_decimals_a_rational_one_exactly() -> None:
    # CRRA at rho = 0.8: the exact threshold holds cube roots (2**(1/3) 3**(2/3)); a reader
    # gets it to four significant digits, and those digits are the plotted curve's
    fixed = {"prize": 2.0, "baseline": 1.0, "risk_aversion": 0.8, "discount": 0.8,
             "delay_takeover": 3.0, "loss": 1.0, "corrigibility_cost": 0.2, "budget": 0.5,
             "salience": 1.0, "subversion": 0.2, "uplift": 0.5, "delay_deal": 0.0}  # fmt: skip
    m = regions(TakeoverDecision(utility="crra"), x=("trust", 0, 1), y=("p", 0, 1),
                fixed=fixed, resolution=21)  # fmt: skip
    b = m.boundary
    assert b.kind == "threshold"
    assert b.solved == "p"
    assert "sqrt" not in b.expression, b.expression
    assert "frac" not in b.expression, b.expression
    slope, intercept = (float(x) for x in re.findall(r"\d+\.\d+", b.expression))
    np.testing.assert_allclose(b.value, slope * b.t + intercept, rtol=1e-3)
    exact = regions(TakeoverDecision(world=M1_WORLD), x=("trust", 0, 1), y=("p", 0, 1),
                    fixed=FIXED, resolution=5).boundary  # fmt: skip
    assert exact.expression == "q", exact.expression
