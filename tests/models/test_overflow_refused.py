"""The inspection closed forms refuse points where an intermediate term overflows.

At ``gain = penalty = 1e308`` every input is finite but :math:`d(b + f)` is ``inf``; the
closed form read ``p* = 0`` there ("honest work" with no audits, while an unaudited AI gains
``1e308`` by feigning). Such points are now refused, naming the term and the extreme inputs.
"""

from __future__ import annotations

import numpy as np
import pytest

from dealmodels.errors import InvalidParameterError
from dealmodels.models import MonitoringGame, OversightCommitment
from dealmodels.models._extremes import refuse_overflow


@pytest.mark.parametrize("cls", [MonitoringGame, OversightCommitment])
def test_overflowing_slope_is_refused(cls: type) -> None:
    with pytest.raises(InvalidParameterError, match=r"overflows at gain=1e\+308, penalty=1e\+308"):
        cls().solve(gain=1e308, penalty=1e308)


@pytest.mark.parametrize("cls", [MonitoringGame, OversightCommitment])
def test_large_finite_points_still_solve(cls: type) -> None:
    # 1e300 + 1e300 is finite: the point is solved, and the AI is deterred by audits that
    # catch it (d = 0.9) at the threshold p* = b / (d (b + f) - h) = 1e300 / (1.8e300 - 0.1)
    r = cls().solve(gain=1e300, penalty=1e300)
    assert r.cooperates
    assert r.audit_rate == pytest.approx(1 / 1.8)


def test_an_infinite_input_is_left_to_the_closed_form() -> None:
    # an inf input is the closed form's own limit (not an overflow): not refused here
    refuse_overflow("m", {"x": np.array([np.inf, 1.0])}, {"t": np.array([np.inf, 2.0])})
    with pytest.raises(InvalidParameterError, match=r"m: t overflows at x=1e\+308"):
        refuse_overflow("m", {"x": np.array([np.inf, 1e308])}, {"t": np.array([np.inf, np.inf])})
