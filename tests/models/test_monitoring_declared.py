r"""The monitoring game (M5) against its declared game, inspector leadership as a tree.

``MonitoringGame.solve`` is a closed form. Its cooperation condition is derived from
:class:`~dealmodels.models.monitoring.InspectorLeadership`: the developer commits to one of
the audit rates 0, :math:`p^*` (twice, once per response of the indifferent AI) and 1, and
the AI works or feigns. These tests check the derivation against the textbook condition,
the derived values against the closed form's, and the declared tree against
:func:`dealmodels.stackelberg` on the bimatrix game.
"""

from __future__ import annotations

import numpy as np
import pytest

from dealmodels.errors import InvalidParameterError
from dealmodels.models import MonitoringGame
from dealmodels.models.monitoring import InspectorLeadership
from tests.models._leadership import (
    assert_derived_values_are_the_closed_forms,
    assert_tree_is_the_stackelberg_solution,
    inspection_points,
)


def _points(n: int, seed: int) -> dict[str, np.ndarray]:
    return inspection_points(n, seed)


def test_the_condition_is_derived_and_is_the_textbook_one() -> None:
    assert "cooperation_condition" not in MonitoringGame.__dict__  # not hand-written
    m = MonitoringGame()
    assert isinstance(m.declared(), InspectorLeadership)
    cond = m.cooperation_condition()
    v = _points(4000, 3)
    d = v["detection"] * (1 - v["subversion"])
    excess = v["gain"] - v["promise_keeping"]
    slope = d * (v["gain"] + v["penalty"]) - v["nuisance"]
    recovery = d * (v["damage"] - v["residual_damage"])
    # the module docstring's condition, written out in numpy
    margin = np.minimum(
        slope - excess, v["damage"] * slope - excess * (v["audit_cost"] + recovery)
    )
    textbook = (excess <= 0) | (margin >= 0)
    clear = (np.abs(excess) > 1e-9) & (np.abs(margin) > 1e-9)
    held = cond.holds(**{k: v[k] for k in cond.parameters})
    assert clear.sum() > 3900
    np.testing.assert_array_equal(held[clear], textbook[clear])
    # and the three regimes' conditions partition the points as solve does
    r = m.solve(**v)
    for regime in m.regimes:
        c = m.regime_condition(regime)
        np.testing.assert_array_equal(
            c.holds(**{k: v[k] for k in c.parameters})[clear], (r.regime == regime)[clear]
        )


def test_derived_values_are_the_closed_forms() -> None:
    assert_derived_values_are_the_closed_forms(MonitoringGame(), _points(3000, 4))


@pytest.mark.parametrize("seed", range(5))
def test_the_declared_tree_is_the_stackelberg_solution(seed: int) -> None:
    v = {k: float(x[0]) for k, x in _points(1, 10 + seed).items()}
    assert_tree_is_the_stackelberg_solution(MonitoringGame(), v)


def test_the_commitments_exist_where_their_guards_say() -> None:
    m = MonitoringGame()
    roots = {"/".join(t.node_path(c)) for t in [m.declared().game()]
             for c in range(1, t.n_nodes) if t.parent[c] == 0}  # fmt: skip
    assert roots == {"deter", "no audit", "tolerate", "audit always"}
    # kappa >= b: no rate is needed, and p* is not offered
    free = m.declared().game(promise_keeping=2.0)
    assert {"/".join(free.node_path(c)) for c in range(1, free.n_nodes)
            if free.parent[c] == 0} == {"no audit", "audit always"}  # fmt: skip
    assert m.declared().solve(promise_keeping=2.0).regime == "honest without monitoring"


def test_the_declaration_refuses_what_the_model_refuses() -> None:
    m = MonitoringGame()
    for call in (m.solve, m.declared().solve, m.declared().game):
        with pytest.raises(InvalidParameterError, match="residual_damage"):
            call(residual_damage=2.0, damage=1.0)


def test_the_guard_clears_the_deterrence_slope_from_the_condition() -> None:
    # p* = (b - kappa) / g is offered where g > 0, so the comparisons read only there are
    # cleared of g: the condition has no division and is defined where g = 0
    m = MonitoringGame()
    cond = m.cooperation_condition()
    assert "/" not in str(cond.expr)
    at_zero_slope = {"detection": 1.0, "subversion": 0.0, "gain": 1.0, "penalty": 0.0,
                     "nuisance": 1.0, "promise_keeping": 0.0}  # fmt: skip
    assert cond.holds(**{k: v for k, v in at_zero_slope.items() if k in cond.parameters}) is False
    assert m.solve(**at_zero_slope).regime == "feigned compliance"


def test_the_fast_path_check_draws_only_jointly_valid_points() -> None:
    # residual_damage <= damage is refused jointly by _check_values; the draws are redone
    # there, so the points compared are valid ones (independent draws violate it about
    # half the time)
    decl = MonitoringGame().declared()
    v = decl._draw_valid(2_000, np.random.default_rng(0))
    assert np.all(v["residual_damage"] <= v["damage"])
    decl._check_values(v)  # the whole array passes the model's own check
