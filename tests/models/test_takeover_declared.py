r"""The takeover decision's closed form (M1) against the same decision declared as a game tree.

``TakeoverDecision.solve`` is written by hand: the minimum payment :math:`x^* = u^{-1}(V_T /
(q\,\delta^{\Delta_D}))` and a regime from comparisons in utility space. The AI's decision is
also a finite tree: it takes the developer's most, :math:`G`, worth :math:`q\,\delta^{\Delta_D}
u(G)`, or declines; then the takeover option comes to mind with probability :math:`s`, and it
attempts (worth :math:`EU_T`) or complies (0). Declared once as a
:class:`~dealmodels.models.GameModel`, with every outcome split by whether the threat is worth
nothing (:math:`s = 0` or :math:`EU_T \le 0`: compliance), its derived regime is compared with
the closed form's on 1,000 points of the whole domain for each utility family (10,000 in the
``slow`` run: ``python -m pytest -m slow tests/models/test_takeover_declared.py``), edges 0,
1e-300, 1, 1e300 and inf included: 0 disagreements. Its derived cooperation condition is the
hand-written one, :math:`s \le 0 \vee EU_T \le 0 \vee q\,\delta^{\Delta_D} u(G) \ge s\,EU_T`.
"""

from __future__ import annotations

from typing import Any

import pytest

from dealmodels.dispositions import utility_expr
from dealmodels.games.extensive_form import chance, decision
from dealmodels.models import GameModel, TakeoverDecision, fast_path
from dealmodels.symbolic import Parameter


class DeclaredTakeover(GameModel):
    """Take the developer's most or decline; if the takeover comes to mind, attempt or comply."""

    name = "declared takeover decision"
    players = ("AI",)
    regimes = TakeoverDecision.regimes
    cooperative = ("compliance", "deal")
    outcomes = {"deal": "taken", "": "declined"}  # noqa: RUF012

    def __init__(self, utility: str = "linear") -> None:
        super().__init__()
        self.utility = utility

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return TakeoverDecision._parameter_list()

    def _eu_t(self, s: Any) -> Any:
        p = s.p + (1 - s.p) * s.uplift * s.subversion
        u_w = utility_expr(self.utility, s.prize, s.risk_aversion, s.baseline)
        return s.discount**s.delay_takeover * p * u_w - (1 - p) * s.loss - s.corrigibility_cost

    def declare(self, s: Any) -> Any:
        u_g = utility_expr(self.utility, s.budget, s.risk_aversion, s.baseline)
        attempt = decision("AI", {"comply": (0,), "attempt": (self._eu_t(s),)})
        declined = chance(
            {"considered": (s.salience, attempt), "not considered": (1 - s.salience, (0,))}
        )
        return decision(
            "AI", {"deal": (s.trust * s.discount**s.delay_deal * u_g,), "decline": declined}
        )

    def split_regimes(self, s: Any) -> dict[str, list[tuple[str, Any]]]:
        import sympy

        no_threat = sympy.Or(s.salience <= 0, self._eu_t(s) <= 0)
        return {
            "taken": [("compliance", no_threat), ("deal", True)],
            "declined": [("compliance", no_threat), ("takeover attempt", True)],
        }

    @fast_path
    def closed_form(self, v: dict[str, Any]) -> Any:
        return TakeoverDecision(utility=self.utility).solve(**v).regime_code  # type: ignore[arg-type]


FAMILIES = ["linear", "cara", "crra", "crra_normalised"]


def _check(utility: str, n: int) -> None:
    (check,) = DeclaredTakeover(utility).check_fast_paths(n)
    assert check.disagreements == 0, check.example
    # the comparison is not vacuous; "crra_normalised" refuses risk aversion >= 1 and an
    # infinite prize (about 30 % of the draws), so fewer of its points are compared
    share = 0.25 if utility == "crra_normalised" else 0.5
    assert check.points > share * n, check


@pytest.mark.parametrize("utility", FAMILIES)
def test_closed_form_is_the_declared_decision(utility: str) -> None:
    _check(utility, 1_000)


def test_the_derived_condition_is_the_written_one() -> None:
    import sympy

    derived = DeclaredTakeover("linear").cooperation_condition().expr
    assert isinstance(derived, sympy.Or)
    assert len(derived.args) == 3
    s = {n: p.symbol for n, p in TakeoverDecision().parameters.items()}
    assert sympy.Ge(-s["salience"], 0) in derived.args


@pytest.mark.slow
@pytest.mark.parametrize("utility", FAMILIES)
def test_closed_form_is_the_declared_decision_on_10k_points(utility: str) -> None:
    _check(utility, 10_000)
