"""The vectorised transfer solvers against the general bargaining solvers and known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.errors import InvalidParameterError
from dealmodels.games.bargaining import BargainingProblem
from dealmodels.solvers.bargaining import (
    kalai_smorodinsky,
    kalai_smorodinsky_transfer,
    nash_bargaining,
    nash_transfer,
)


def _power(a: float) -> tuple[object, object]:
    return (lambda x: np.power(x, a)), (lambda x: a * np.power(x, a - 1))


@pytest.mark.parametrize("a", [0.25, 0.5, 0.75, 1.0])
def test_kihlstrom_roth_schmeidler_share(a: float) -> None:
    # u = x^a over a pie of 1 against a risk-neutral payer, equal powers: x* = a / (1 + a)
    u, du = _power(a)
    x = nash_transfer(0.0, 1.0, 0.5, utility=u, marginal=du)  # type: ignore[arg-type]
    assert float(x) == pytest.approx(a / (1 + a), abs=1e-12)


def test_kalai_smorodinsky_golden_section() -> None:
    # sqrt(x) / 1 = (1 - x) / 1: x = ((sqrt 5 - 1) / 2)^2 = (3 - sqrt 5) / 2
    x = kalai_smorodinsky_transfer(0.0, 1.0, utility=np.sqrt)
    assert float(x) == pytest.approx((3 - math.sqrt(5)) / 2, abs=1e-12)


def test_linear_closed_forms() -> None:
    assert nash_transfer([0.0, 1.0], [4.0, 2.0], [0.25, 1.0]).tolist() == [1.0, 2.0]
    assert kalai_smorodinsky_transfer([0.0, 1.0], 3.0).tolist() == [1.5, 2.0]


@given(
    lo=st.floats(0, 2),
    width=st.floats(0.01, 3),
    beta=st.floats(0.05, 0.95),
    a=st.floats(0.1, 1.0),
    c=st.floats(0.1, 1.0),
)
def test_agrees_with_the_general_solvers(
    lo: float, width: float, beta: float, a: float, c: float
) -> None:
    # the frontier {(hi - x, c u(x))} with disagreement (0, c u(lo)), one point at a time
    hi = lo + width
    u, du = _power(a)
    problem = BargainingProblem.from_frontier(
        lambda ud: c * float(u(max(hi - ud, 0.0))),  # type: ignore[operator]
        (0.0, hi - lo),
        disagreement=(0.0, c * float(u(lo))),  # type: ignore[operator]
    )
    nash = nash_bargaining(problem, weights=(1 - beta, beta))
    x = float(nash_transfer(lo, hi, beta, utility=u, marginal=du))  # type: ignore[arg-type]
    assert hi - x == pytest.approx(nash.point[0], abs=1e-6 * (1 + hi))
    ks = kalai_smorodinsky(problem)
    y = float(kalai_smorodinsky_transfer(lo, hi, utility=u))  # type: ignore[arg-type]
    assert hi - y == pytest.approx(ks.point[0], abs=1e-6 * (1 + hi))


def test_an_empty_interval_is_its_point() -> None:
    u, du = _power(0.5)
    assert float(nash_transfer(2.0, 2.0, 0.3, utility=u, marginal=du)) == 2.0  # type: ignore[arg-type]
    assert float(kalai_smorodinsky_transfer(2.0, 2.0, utility=u)) == 2.0  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: nash_transfer(1.0, 0.5, 0.5), "high must be at least low"),
        (lambda: nash_transfer(0.0, 1.0, 1.5), r"weight must be in \[0, 1\]"),
        (lambda: nash_transfer(0.0, [1.0, 2.0], [0.5, 0.5, 0.5]), "weight"),
        (lambda: nash_transfer(0.0, 1.0, 0.5, utility=np.sqrt), "marginal"),
        (lambda: kalai_smorodinsky_transfer([0.0, 0.0], [1.0, 2.0, 3.0]), "high"),
        (lambda: kalai_smorodinsky_transfer(float("nan"), 1.0), "low"),
    ],
)
def test_bad_input_is_refused_by_name(call: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call()  # type: ignore[operator]
