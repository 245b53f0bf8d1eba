"""quantal_response refuses, before any step, a precision whose product with the payoffs'
range is beyond what the branch can follow in double precision (issue 18: payoffs near
1.7e308 at lam = 1 ran 10,000 steps, about 4 s, before a ConvergenceError)."""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np
import pytest

from dealmodels.errors import InvalidParameterError
from dealmodels.games.normal_form import NormalFormGame
from dealmodels.solvers.quantal import quantal_response

PD = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # payoff range 5


def pd_times(c: float) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(*(np.array(m, float) * c for m in PD))


@pytest.mark.parametrize("c", [3.4e307, 1e300, 1e10])
def test_payoffs_near_the_float_limit_at_lam_one_are_refused_at_once(c: float) -> None:
    game = pd_times(c)
    start = time.process_time()
    with pytest.raises(InvalidParameterError) as info:
        quantal_response(game, 1.0)
    assert time.process_time() - start < 0.5
    message = str(info.value)
    assert message.startswith("lam must be small enough that lam times the payoffs' range")
    assert f"lam <= {1e6 / (5 * c):.6g} here" in message
    assert "got lam=1.0" in message
    assert "nash_equilibria(game, method='logit')" in message


@pytest.mark.parametrize("c", [3.4e307, 1e-300, 1.0])
def test_the_same_games_solve_at_a_precision_in_their_units(c: float) -> None:
    # scaling the payoffs by c scales lam by 1/c: the QRE is the unit game's
    unit = quantal_response(pd_times(1.0), 0.7)
    scaled = quantal_response(pd_times(c), 0.7 / c)
    for a, b in zip(unit.strategies, scaled.strategies, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_the_limit_is_inclusive() -> None:
    game = pd_times(1.0)
    at = 1e6 / 5  # lam * range == 1e6 exactly
    q = quantal_response(game, at)
    assert [s.tolist() for s in q.strategies] == [[0.0, 1.0], [0.0, 1.0]]  # defect
    with pytest.raises(InvalidParameterError, match="at most 1e"):
        quantal_response(game, float(np.nextafter(at, math.inf)))


def test_exact_payoffs_beyond_floats_allow_no_positive_lam() -> None:
    game = NormalFormGame.from_bimatrix(
        *([[Fraction(v) * 10**400 for v in row] for row in m] for m in PD)
    )
    with pytest.raises(InvalidParameterError, match=r"no lam > 0 here: the payoffs span inf"):
        quantal_response(game, 5e-324)


def test_lam_zero_is_uniform_play_whatever_the_range() -> None:
    # lam * range was 0 * inf = nan for payoffs near the float limit, and lam = 0 refused
    big = 1.7e308
    game = NormalFormGame.from_bimatrix([[big, -big], [0, 1e308]], [[-big, big], [1e308, 0]])
    with pytest.raises(InvalidParameterError, match="no lam > 0 here: the payoffs span inf"):
        quantal_response(game, 5e-324)
    q = quantal_response(game, 0.0)
    assert [s.tolist() for s in q.strategies] == [[0.5, 0.5], [0.5, 0.5]]
    assert np.all(np.isfinite(q.payoffs))
