r"""The partial alignment model's closed form (M9a) against its declared game.

``PartialAlignment.solve`` is written by hand: the accepted payments :math:`x\,a \ge N` and a
regime from the threat :math:`T = s\max(N_T, 0)`. Its game is declared once, as
:class:`~dealmodels.models.partial_alignment.PartialAlignmentGame`: the AI takes the deal at
the payment :math:`x`, worth :math:`\lambda_H (w - x) + (1-\lambda_H) q\,\delta^{\Delta_D} x`
over compliance, or declines; then the takeover option comes to mind with probability
:math:`s`, and it attempts (worth :math:`N_T`) or complies (0). The model's cooperation
condition is derived from that declaration, and the closed form is the declaration's fast
path: the two are compared on 1,000 points of the whole domain (10,000 in the ``slow`` run:
``python -m pytest -m slow tests/models/test_partial_alignment_declared.py``), edges 0,
1e-300, 1, 1e300 and inf included: 0 disagreements.
"""

from __future__ import annotations

import numpy as np
import pytest

from dealmodels.models import PartialAlignment
from dealmodels.models.partial_alignment import PartialAlignmentGame


def _check(n: int) -> None:
    (check,) = PartialAlignment().declared().check_fast_paths(n)
    assert check.name == "closed_form"
    assert check.disagreements == 0, check.example
    # not vacuous: about 82 % of the draws are compared (the rest are refused as undefined,
    # 0 * inf or inf - inf, or have a payoff difference whose sign is rounding)
    assert check.points > 0.7 * n, check


def test_closed_form_is_the_declared_decision() -> None:
    _check(1_000)


@pytest.mark.slow
def test_closed_form_is_the_declared_decision_on_10k_points() -> None:
    _check(10_000)


def test_the_condition_is_derived_not_hand_written() -> None:
    m = PartialAlignment()
    assert "cooperation_condition" not in PartialAlignment.__dict__
    assert isinstance(m.declared(), PartialAlignmentGame)
    cond = m.cooperation_condition()
    assert cond.expr == PartialAlignmentGame(m).cooperation_condition().expr
    assert cond.description == "the partially aligned AI does not attempt a takeover"
    for regime in m.regimes:
        assert m.regime_condition(regime).description == f"the regime is {regime}"


def _docstring_cooperates(v: dict[str, np.ndarray]) -> np.ndarray:
    """The module docstring's T <= 0 or x a >= N, written out in numpy."""
    lam = v["cooperativeness"]
    p_eff = v["p"] + (1 - v["p"]) * v["uplift"] * v["subversion"]
    eu_t = (
        v["discount"] ** v["delay_takeover"] * p_eff * v["prize"]
        - (1 - p_eff) * v["loss"]
        - v["corrigibility_cost"]
    )
    n_t = lam * p_eff * (v["humans_after_takeover"] - v["humans_baseline"]) + (1 - lam) * eu_t
    threat = v["salience"] * np.maximum(n_t, 0.0)
    a = (1 - lam) * v["trust"] * v["discount"] ** v["delay_deal"] - lam
    n = threat - lam * v["work_value"]
    return (threat <= 0) | (v["payment"] * a >= n)


def test_the_derived_condition_is_the_docstring_formula_at_random_points() -> None:
    m = PartialAlignment()
    rng = np.random.default_rng(11)
    k = 4_000
    v = {
        "cooperativeness": rng.uniform(0, 1, k),
        "p": rng.uniform(0, 1, k),
        "uplift": rng.uniform(0, 1, k),
        "subversion": rng.uniform(0, 1, k),
        "prize": rng.uniform(0, 5, k),
        "loss": rng.uniform(0, 2, k),
        "corrigibility_cost": rng.uniform(0, 1, k),
        "delay_takeover": rng.uniform(0, 3, k),
        "delay_deal": rng.uniform(0, 3, k),
        "discount": rng.uniform(0, 1, k),
        "trust": rng.uniform(0, 1, k),
        "salience": rng.choice([0.0, 0.3, 1.0], k),
        "humans_after_takeover": rng.uniform(0, 3, k),
        "humans_baseline": rng.uniform(0, 3, k),
        "work_value": rng.uniform(-1, 2, k),
        "payment": rng.uniform(0, 3, k),
    }
    want = _docstring_cooperates(v)
    have = m.cooperation_condition().holds(**v)
    # exact ties are measure zero: the two orders of summation agree away from them
    np.testing.assert_array_equal(have, want)
    np.testing.assert_array_equal(m.solve(**v).cooperates, want)
    assert 0.1 < want.mean() < 0.9  # both sides of the boundary are drawn


_POINT = {"p": 0.5, "uplift": 0.0, "subversion": 0.0, "prize": 2.0, "loss": 0.0,
          "corrigibility_cost": 0.0, "delay_takeover": 0.0, "delay_deal": 0.0, "trust": 1.0,
          "salience": 1.0, "humans_after_takeover": 0.0, "humans_baseline": 1.0,
          "work_value": 1.0, "cooperativeness": 0.2}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "regime", "last"),
    [
        ({"payment": 1.0}, "deal", "deal"),  # 0.2 + 0.6 x = 0.8 >= T = 0.5 N_T = 0.5
        ({"payment": 0.1}, "takeover attempt", "attempt"),  # 0.26 < 0.5
        # p = 0: N_T = 0, no threat; the AI still takes the deal (0.26 > 0), and the regime
        # is compliance whatever it does (the outcome is split on the threat)
        ({"payment": 0.1, "p": 0.0}, "compliance", "deal"),
    ],
)
def test_the_engine_solves_game_to_the_same_regime(
    change: dict[str, float], regime: str, last: str
) -> None:
    from dealmodels import subgame_perfect

    m = PartialAlignment()
    point = {**_POINT, **change}
    tree = m.game(**point)
    spe = subgame_perfect(tree, tol=0.0)
    actions = [tree.node_path(v)[-1] for v in spe.path if v]
    assert last in actions
    assert m.solve(**point).regime == regime
    assert m.declared().solve(**point).regime == regime
    derived = m.declared().solve(**point)
    assert float(spe.payoffs[0]) == pytest.approx(derived.ai_value)


# -- solve's regime where the threat or the deal's terms are extreme (bugs found by the check)
def test_a_threat_whose_product_underflows_is_still_a_threat() -> None:
    # s = 1e-300 and N_T = p_eff (h_T - H_0) = 1e-300 * 1024 > 0: s N_T underflows to 0, but
    # the attempt is worth more than compliance; the deal costs the fully aligned AI's humans
    # x = 1 > s N_T: an attempt, not compliance (the old solve read the underflowed 0 as "no
    # threat" and called it compliance, cooperating)
    m = PartialAlignment()
    point = {**_POINT, "cooperativeness": 1.0, "p": 1e-300, "salience": 1e-300,
             "humans_after_takeover": 1025.0, "payment": 1.0, "work_value": 0.0}  # fmt: skip
    r = m.solve(**point)
    assert (r.regime, r.cooperates) == ("takeover attempt", False)
    assert m.declared().solve(**point).regime == "takeover attempt"
    # and with a deal worth more than the tiny threat, a deal (the old solve: compliance)
    assert m.solve(**{**point, "work_value": 2.0}).regime == "deal"


def test_a_huge_work_value_does_not_absorb_the_threat() -> None:
    # lambda_H = 1, w = x = 1e300: the deal is worth lambda (w - x) = 0 over compliance,
    # against a threat T = s p_eff h_T > 0: an attempt. The old solve compared x a >= N with
    # N = T - lambda w, which rounds T away at 1e300 (-1e300 >= -1e300: a deal)
    m = PartialAlignment()
    point = {**_POINT, "cooperativeness": 1.0, "humans_after_takeover": 1.0,
             "humans_baseline": 0.0, "work_value": 1e300, "payment": 1e300}  # fmt: skip
    r = m.solve(**point)
    assert (r.regime, r.cooperates) == ("takeover attempt", False)
    assert m.declared().solve(**point).regime == "takeover attempt"


def test_compliance_without_a_threat_says_so_first() -> None:
    from dealmodels.models import PartialAlignment

    r = PartialAlignment().solve(prize=0.1, loss=5.0)
    assert r.regime == "compliance"
    assert r.explanation.startswith("compliance: no threat, an attempt is worth -")
    r = PartialAlignment().solve(salience=0.0)
    assert r.explanation.startswith("compliance: the takeover does not come to mind")
