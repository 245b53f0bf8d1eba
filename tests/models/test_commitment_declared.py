r"""The commitment game's closed form against the same game declared as a ``GameModel``.

``CommitmentGame.solve`` is a hand-written closed form. Without reputation types
(``trust = 0``) and with upfront payment its game is a finite perfect-information tree, so it
can be declared once (:class:`~dealmodels.models.GameModel`) with the regimes split by the
gains from trade (:meth:`~dealmodels.models.GameModel.split_regimes`); the closed form is then
registered as a fast path of that declaration and the fast-path harness compares the two on
2,000 points of the whole domain, a quarter at 0, 1e-300, 0.5, 1, 2, 1e300 and inf (10,000
in the ``slow`` run: ``python -m pytest -m slow tests/models/test_commitment_declared.py``).

The reputation game (``trust`` :math:`q > 0`) has a continuous offer; its subgame-perfect offer
is the least one the AI accepts, :math:`o_A` where it is credible and :math:`o_A / q` where the
AI counts on the committed type only, so it is declared with those two offers (the reputation
offer first: where the developer is indifferent between the two it makes the accepted one).
What the parameters' domains imply (:math:`K \ge o_A / q \Rightarrow K \ge o_A` for
:math:`q \le 1`, ...) shortens its derived condition from 8 clauses to 3.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from dealmodels.games.extensive_form import chance, decision
from dealmodels.models import CommitmentGame, GameModel, fast_path
from dealmodels.symbolic import Parameter


class _DeclaredCommitment(GameModel):
    """What the three declarations share: CommitmentGame's regimes and parameters, the
    no-deal outcome split by the gains from trade, and ``CommitmentGame.solve`` (with
    ``payment`` and the ``fixed`` values) as the fast path."""

    regimes = CommitmentGame.regimes
    cooperative = ("deal",)
    parameter_names: tuple[str, ...] = ()
    payment = "after"
    fixed: dict[str, float] = {}  # noqa: RUF012

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return tuple(p for p in CommitmentGame._parameter_list() if p.name in cls.parameter_names)

    def split_regimes(self, s: Any) -> dict[str, list[tuple[str, Any]]]:
        no_gains = s.outside_ai > s.work_value - s.outside_developer
        return {"no deal": [("no gains from trade", no_gains), ("no credible deal", True)]}

    @fast_path
    def closed_form(self, v: dict[str, Any]) -> Any:
        return CommitmentGame(payment=self.payment).solve(**self.fixed, **v).regime_code  # type: ignore[arg-type]


class DeclaredCredibleDeal(_DeclaredCommitment):
    """Offer o_A or not; work or the outside option; honour or renege (trust 0)."""

    name = "declared credible deal"
    players = ("developer", "AI")
    outcomes = {"offer/work": "deal", "": "no deal"}  # noqa: RUF012

    parameter_names = (
        "work_value",
        "outside_ai",
        "outside_developer",
        "reneging_cost",
    )

    def declare(self, s: Any) -> Any:
        w, o_a, o_d, k = s.work_value, s.outside_ai, s.outside_developer, s.reneging_cost
        honour = decision("developer", {"honour": (w - o_a, o_a), "renege": (w - k, 0)})
        work = decision("AI", {"work": honour, "outside": (o_d, o_a)})
        return decision("developer", {"offer": work, "no offer": (o_d, o_a)})

    fixed = {"trust": 0.0}  # noqa: RUF012


class DeclaredUpfrontDeal(_DeclaredCommitment):
    """Pay o_A upfront or not; the AI works, defects (gain g, cost kappa) or refuses."""

    name = "declared upfront deal"
    players = ("developer", "AI")
    outcomes = {"pay/work": "deal", "": "no deal"}  # noqa: RUF012

    parameter_names = (
        "work_value",
        "outside_ai",
        "outside_developer",
        "defection_gain",
        "promise_keeping",
    )

    def declare(self, s: Any) -> Any:
        w, o_a, o_d = s.work_value, s.outside_ai, s.outside_developer
        g, kappa = s.defection_gain, s.promise_keeping
        ai = decision(
            "AI",
            {"work": (w - o_a, o_a), "defect": (o_d - o_a, o_a + g - kappa), "refuse": (o_d, o_a)},
        )
        return decision("developer", {"pay": ai, "no offer": (o_d, o_a)})

    payment = "upfront"


class DeclaredReputationDeal(_DeclaredCommitment):
    """Offer o_A / q, offer o_A or none; work or not; a committed (q) or strategic type pays."""

    name = "declared reputation deal"
    players = ("developer", "AI", "strategic developer")
    outcomes = {"reputation offer/work": "deal", "credible offer/work": "deal", "": "no deal"}  # noqa: RUF012

    parameter_names = (
        "work_value",
        "outside_ai",
        "outside_developer",
        "reneging_cost",
        "trust",
    )

    def declare(self, s: Any) -> Any:
        w, o_a, o_d = s.work_value, s.outside_ai, s.outside_developer
        k, q = s.reneging_cost, s.trust

        def after(x: Any) -> Any:
            honoured = (w - x, x, w - x)  # the committed type offers and always pays
            strategic = decision(
                "strategic developer", {"honour": honoured, "renege": (w - x, 0, w - k)}
            )
            work = chance({"committed": (q, honoured), "strategic": (1 - q, strategic)})
            return decision("AI", {"work": work, "outside": (o_d, o_a, o_d)})

        return decision(
            "developer",
            {
                "reputation offer": after(o_a / q),
                "credible offer": after(o_a),
                "no offer": (o_d, o_a, o_d),
            },
        )


def _check(model: type[GameModel], n: int) -> None:
    (check,) = model().check_fast_paths(n)
    assert check.disagreements == 0, check.example
    # the comparison is not vacuous: most points are compared
    assert check.points > 0.8 * n


MODELS = [DeclaredCredibleDeal, DeclaredUpfrontDeal, DeclaredReputationDeal]


@pytest.mark.parametrize("model", MODELS)
def test_closed_form_is_the_declared_game_on_the_whole_domain(model: type[GameModel]) -> None:
    _check(model, 2_000)


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS)
def test_closed_form_is_the_declared_game_on_10k_points(model: type[GameModel]) -> None:
    _check(model, 10_000)


def test_split_regimes_give_the_textbook_conditions() -> None:
    m = DeclaredCredibleDeal()
    point = {"work_value": 1.0, "outside_developer": 0.2}
    # o_A <= min(K, w - o_D): a deal
    assert m.solve(outside_ai=0.3, reneging_cost=0.5, **point).regime == "deal"
    # K < o_A <= w - o_D: gains from trade but no credible deal (Fearon's commitment problem)
    assert m.solve(outside_ai=0.3, reneging_cost=0.1, **point).regime == "no credible deal"
    # o_A > w - o_D: no gains from trade, whatever K
    for k in (0.1, 0.9, float("inf")):
        assert m.solve(outside_ai=0.9, reneging_cost=k, **point).regime == "no gains from trade"
    assert m.outcome_regime("no offer") == "no deal"
    up = DeclaredUpfrontDeal()
    assert up.solve(defection_gain=0.5, promise_keeping=0.2).regime == "no credible deal"
    assert up.solve(defection_gain=0.5, promise_keeping=0.6).regime == "deal"


def test_reputation_condition_is_short_and_is_the_hand_written_one() -> None:
    """The derived condition has 3 clauses (8 without the domains' implications) and holds
    where ``CommitmentGame``'s hand-written one does."""
    import sympy

    derived = DeclaredReputationDeal().cooperation_condition()
    assert isinstance(derived.expr, sympy.Or)
    assert len(derived.expr.args) <= 3
    written = CommitmentGame().cooperation_condition()
    rng = np.random.default_rng(3)
    n = 4_000
    point = {
        "work_value": rng.choice([-1.0, 0.0, 0.5, 1.0, 2.0], n)
        + rng.uniform(0, 1, n) * (rng.random(n) < 0.5),
        "outside_ai": rng.choice([0.0, 0.25, 0.5, 1.0], n)
        + rng.uniform(0, 1, n) * (rng.random(n) < 0.5),
        "outside_developer": rng.choice([-0.5, 0.0, 0.5], n)
        + rng.uniform(0, 1, n) * (rng.random(n) < 0.5),
        "reneging_cost": rng.choice([0.0, 0.25, 0.5, 1.0, np.inf], n),
        "trust": rng.choice([0.25, 0.5, 1.0], n)
        * np.where(rng.random(n) < 0.5, 1.0, rng.uniform(0.01, 1, n)),
    }
    have = derived.holds(**{k: point[k] for k in derived.parameters})
    want = written.holds(**{k: point[k] for k in written.parameters})
    assert np.array_equal(have, want)
