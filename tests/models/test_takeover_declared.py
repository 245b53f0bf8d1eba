r"""The takeover decision's closed form (M1) against its declared game (``TakeoverGame``).

``TakeoverDecision.solve`` is written by hand: the minimum payment :math:`x^* = u^{-1}(V_T /
(q\,\delta^{\Delta_D}))` and a regime from comparisons in utility space. Its game is declared
once, as :class:`~dealmodels.models.takeover.TakeoverGame`: the AI takes the developer's most,
:math:`G`, worth :math:`q\,\delta^{\Delta_D} u(G)`, or declines; then the takeover option comes
to mind with probability :math:`s`, and it attempts (worth :math:`EU_T`) or complies (0). The
model's cooperation condition is derived from that declaration, and the closed form is the
declaration's fast path: the two are compared on 1,000 points of the whole domain for each
utility family (10,000 in the ``slow`` run: ``python -m pytest -m slow
tests/models/test_takeover_declared.py``), edges 0, 1e-300, 1, 1e300 and inf included: 0
disagreements.
"""

from __future__ import annotations

import numpy as np
import pytest

from dealmodels.models import TakeoverDecision
from dealmodels.models.takeover import TakeoverGame

FAMILIES = ["linear", "cara", "crra", "crra_normalised"]


def _check(utility: str, n: int) -> None:
    (check,) = TakeoverDecision(utility=utility).declared().check_fast_paths(n)
    assert check.name == "closed_form"
    assert check.disagreements == 0, check.example
    # the comparison is not vacuous; "crra_normalised" refuses risk aversion >= 1 and an
    # infinite prize (about 30 % of the draws), so fewer of its points are compared
    share = 0.25 if utility == "crra_normalised" else 0.5
    assert check.points > share * n, check


@pytest.mark.parametrize("utility", FAMILIES)
def test_closed_form_is_the_declared_decision(utility: str) -> None:
    _check(utility, 1_000)


@pytest.mark.slow
@pytest.mark.parametrize("utility", FAMILIES)
def test_closed_form_is_the_declared_decision_on_10k_points(utility: str) -> None:
    _check(utility, 10_000)


def test_the_derived_condition_reads_as_the_textbook_one() -> None:
    """Linear utility: the derived condition is the article's one comparison,
    q delta^Delta_D G >= s EU_T (Taylor 2025): the alternatives s <= 0 and EU_T <= 0 of the
    backward induction imply it on the domain, so they are simplified away."""
    import sympy

    m = TakeoverDecision()
    cond = m.cooperation_condition()
    assert cond.description == "the AI prefers a deal within the developer's budget to an attempt"
    s = {n: p.symbol for n, p in m.parameters.items()}
    p_eff = s["p"] + (1 - s["p"]) * s["uplift"] * s["subversion"]
    eu_t = (
        s["discount"] ** s["delay_takeover"] * p_eff * s["prize"]
        - (1 - p_eff) * s["loss"]
        - s["corrigibility_cost"]
    )
    deal = s["trust"] * s["discount"] ** s["delay_deal"] * s["budget"]
    assert isinstance(cond.expr, sympy.GreaterThan)
    assert sympy.expand(cond.expr.lhs - cond.expr.rhs - (deal - s["salience"] * eu_t)) == 0


@pytest.mark.parametrize("utility", ["cara", "crra"])
def test_no_threat_alternatives_stay_where_the_sign_test_cannot_drop_them(utility: str) -> None:
    """CARA and CRRA: the sign test cannot prove that EU_T <= 0 implies the deal's
    comparison (it would need expm1 < 0 on the domain), so the condition keeps the three
    alternatives s <= 0, EU_T <= 0 and the comparison; it still holds exactly where the
    closed form cooperates."""
    import sympy

    m = TakeoverDecision(utility=utility)
    cond = m.cooperation_condition()
    assert isinstance(cond.expr, sympy.Or)
    assert len(cond.expr.args) == 3
    salience = m.parameters["salience"].symbol
    assert sympy.Ge(0, salience, evaluate=False) in cond.expr.args
    rng = np.random.default_rng(7)
    point = {
        "p": rng.uniform(0, 1, 2_000),
        "prize": rng.uniform(0, 10, 2_000),
        "budget": rng.uniform(0, 3, 2_000),
        "risk_aversion": rng.uniform(0.1, 3, 2_000),
        "salience": rng.choice([0.0, 0.5, 1.0], 2_000),
        "loss": rng.uniform(0, 2, 2_000),
    }
    if utility == "crra":
        point["risk_aversion"] = np.where(
            np.isclose(point["risk_aversion"], 1), 2.0, point["risk_aversion"]
        )
    have = cond.holds(**{k: v for k, v in point.items() if k in cond.parameters})
    assert np.array_equal(have, m.solve(**point).cooperates)
    assert 0.1 < have.mean() < 0.9  # both sides of the boundary are drawn


def test_the_condition_is_the_declarations_and_game_is_its_tree() -> None:
    from dealmodels import subgame_perfect

    m = TakeoverDecision(utility="cara")
    assert isinstance(m.declared(), TakeoverGame)
    assert m.declared().utility == "cara"
    assert m.cooperation_condition().expr == TakeoverGame(m).cooperation_condition().expr
    # at one point the tree is the engine's: no takeover in mind, the AI takes the deal
    point = {"salience": 1.0, "p": 0.1, "prize": 1.0, "trust": 1.0, "budget": 5.0,
             "risk_aversion": 1.0, "loss": 0.0, "corrigibility_cost": 0.0}  # fmt: skip
    tree = m.game(**point)
    spe = subgame_perfect(tree)
    assert "deal" in [tree.node_path(v)[-1] for v in spe.path if v]
    assert m.solve(**point).regime == "deal"
    assert m.solve(**{**point, "budget": 0.01}).regime == "takeover attempt"
    for regime in m.regimes:
        assert m.regime_condition(regime).description == f"the regime is {regime}"
