r"""The oversight commitment (M8) against its declared game.

``OversightCommitment.solve`` is a closed form (vertex enumeration). Its cooperation
condition is derived from :class:`~dealmodels.models.oversight.OversightLeadership`: the
developer commits to one of the candidate vertices :math:`(p, \beta)` (the line's vertex
:math:`p_1` twice, once per response of the indifferent AI), and the AI works or feigns.
These tests check the derivation against the closed form and against
:func:`dealmodels.stackelberg` on the bimatrix game, which needs none of the declaration's
reasoning about which vertices can be optimal.
"""

from __future__ import annotations

import numpy as np
import pytest

import dealmodels as dm
from dealmodels.errors import InvalidParameterError
from dealmodels.models import OversightCommitment
from dealmodels.models.oversight import OversightLeadership
from tests.models._leadership import (
    assert_derived_values_are_the_closed_forms,
    assert_tree_is_the_stackelberg_solution,
    inspection_points,
)


def _points(n: int, seed: int) -> dict[str, np.ndarray]:
    return inspection_points(n, seed, nuisance=1.5, reward=True)


def _at(v: dict[str, np.ndarray], i: int) -> dict[str, float]:
    return {k: float(x[i]) for k, x in v.items()}


def test_the_condition_is_derived_and_agrees_with_the_closed_form() -> None:
    assert "cooperation_condition" not in OversightCommitment.__dict__  # not hand-written
    m = OversightCommitment()
    assert isinstance(m.declared(), OversightLeadership)
    v = _points(4000, 3)
    r = m.solve(**v)
    for regime in m.regimes:
        c = m.regime_condition(regime)
        np.testing.assert_array_equal(
            c.holds(**{k: v[k] for k in c.parameters}), r.regime == regime
        )
    # both regimes and every kind of commitment occur: the comparison is not vacuous
    assert 0.1 < np.mean(r.cooperates) < 0.9
    assert np.any((r.reward_rate > 0) & (r.reward_rate < r.audit_rate))
    assert np.any((r.reward_rate > 0) & (r.audit_rate == 1.0) & r.cooperates)


def test_the_condition_agrees_with_the_stackelberg_solver() -> None:
    # an independent oracle: the general commitment LPs on the 3 x 2 bimatrix game
    m = OversightCommitment()
    cond = m.cooperation_condition()
    v = _points(300, 5)
    held = cond.holds(**{k: v[k] for k in cond.parameters})
    for i in range(300):
        point = _at(v, i)
        sse = dm.stackelberg(m.game(**point), leader=0)
        works = sse.follower_action == 0
        assert held[i] == works or sse.follower_regret > 0 or _near_tie(m, point), point


def _near_tie(m: OversightCommitment, point: dict[str, float]) -> bool:
    """The leader is (almost) indifferent between inducing work and feigning."""
    r = m.solve(**point)
    sse = dm.stackelberg(m.game(**point), leader=0)
    return bool(abs(float(sse.leader_value) - float(r.developer_value)) < 1e-9)


def test_derived_values_are_the_closed_forms() -> None:
    assert_derived_values_are_the_closed_forms(OversightCommitment(), _points(3000, 4))


@pytest.mark.parametrize("seed", range(8))
def test_the_declared_tree_is_the_stackelberg_solution(seed: int) -> None:
    v = _at(_points(1, 10 + seed), 0)
    assert_tree_is_the_stackelberg_solution(OversightCommitment(), v)


def test_the_commitments_exist_where_their_guards_say() -> None:
    m = OversightCommitment()

    def roots(**kw: float) -> set[str]:
        t = m.declared().game(**kw)
        return {"/".join(t.node_path(c)) for c in range(1, t.n_nodes) if t.parent[c] == 0}

    everything = {"deter by audits", "deter by audit and reward",
                  "deter by full audit, some rewards", "no audit", "tolerate",
                  "audit always"}  # fmt: skip
    assert roots() <= everything
    # kappa >= b: nothing needs deterring, and no vertex of the line is offered
    assert roots(promise_keeping=5.0) == {"no audit", "audit always"}
    assert m.declared().solve(promise_keeping=5.0).regime == "honest work"
    # without a reward the vertex at p = 1 with some rewards does not exist
    assert "deter by full audit, some rewards" not in roots(audit_reward=0.0)


def test_the_declaration_refuses_what_the_model_refuses() -> None:
    m = OversightCommitment()
    for call in (m.solve, m.declared().solve, m.declared().game):
        with pytest.raises(InvalidParameterError, match="residual_damage"):
            call(residual_damage=2.0, damage=1.0)


def test_the_guards_clear_the_denominators_from_the_condition() -> None:
    # the line's vertices divide by g, g + k and k; their guards state those signs, so the
    # comparisons read under them are cleared: no division, and defined at g = 0
    m = OversightCommitment()
    cond = m.cooperation_condition()
    assert "/" not in str(cond.expr)
    at_zero_slope = {"detection": 1.0, "subversion": 0.0, "gain": 1.0, "penalty": 0.0,
                     "nuisance": 1.0, "promise_keeping": 0.0, "audit_reward": 0.0}  # fmt: skip
    assert cond.holds(**{k: at_zero_slope[k] for k in cond.parameters if k in at_zero_slope},
                      **{k: m.resolve()[k] for k in cond.parameters
                         if k not in at_zero_slope}) is False  # fmt: skip
    assert m.solve(**at_zero_slope).regime == "feigned compliance"


def test_a_vertex_off_the_triangle_is_not_taken_for_one_by_rounding() -> None:
    # b - kappa = 1e-300 > 0 and g = -1e300: p1 = (b - kappa)/g is -1e-600, which rounds to
    # -0.0 and would pass as 0 <= p; no rate deters, so the AI feigns (found by the fast
    # path check against the declared game)
    m = OversightCommitment()
    v = {"audit_cost": 1.4e5, "damage": 1.6e3, "residual_damage": 3.8e-4, "gain": 1e-300,
         "penalty": 0.0, "nuisance": 1e300, "detection": 0.89, "subversion": 1e-300,
         "promise_keeping": 0.0, "audit_reward": 2.9e-4, "trust": 0.39}  # fmt: skip
    assert m.solve(**v).regime == "feigned compliance"
    assert m.declared().solve(**v).regime == "feigned compliance"
