r"""Write your own model: a developer who offers a misaligned AI a payment or more oversight.

The game. The developer moves first and makes one of two offers; then the AI cooperates or
defects (sabotage, exfiltration). Undetected defection gains the AI :math:`b` (``gain``);
detected defection costs it :math:`f` (``penalty``); today a defection is detected with
probability :math:`d` (``detection``).

* **payment**: pay :math:`P` (``payment``) to an AI that cooperates; the AI believes it will
  be paid with probability :math:`q` (``trust``, read from its disposition);
* **oversight**: spend :math:`k` (``oversight_cost``) to catch a share :math:`o`
  (``oversight``) of the defections that go unseen today, so detection becomes
  :math:`d_o = 1 - (1 - d)(1 - o)`.

The developer values the AI's cooperation at :math:`V` (``value``) and loses :math:`D`
(``damage``) to a defection. Payoffs (developer, AI):

=====================  =======================  ==========================
offer / AI             cooperate                defect
=====================  =======================  ==========================
payment                :math:`(V - P,\ qP)`     :math:`(-D,\ (1-d)b - df)`
oversight              :math:`(V - k,\ 0)`      :math:`(-D-k,\ (1-d_o)b - d_o f)`
=====================  =======================  ==========================

The class below declares only that tree (``declare``), the regime of each outcome and the
parameters: the cooperation condition, the solve over numpy arrays and the game for the
engine are derived from it (backward induction, ties to the first action listed), so they
cannot disagree. The hand-written closed form ``closed_form`` is registered as a fast path,
and ``check_fast_paths`` compares it with the derived regime on 10,000 points of the whole
domain.

The class (39 non-blank lines, between the two ``model`` comments) is all the code a new
model needs; ``main`` runs it through the package's solvers, analyses and the report.

Run: python examples/custom_model.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from dealmodels.games.extensive_form import decision
from dealmodels.models import GameModel, fast_path, register
from dealmodels.symbolic import Parameter


# --- model: start ---
@register
class PaymentOrOversight(GameModel):
    """A developer offers a payment or more oversight (see the module docstring)."""

    name = "payment or oversight"
    players = ("developer", "AI")
    regimes = ("paid cooperation", "overseen cooperation", "defection")
    cooperative = ("paid cooperation", "overseen cooperation")
    outcomes = {"payment/cooperate": "paid cooperation",  # noqa: RUF012
                "oversight/cooperate": "overseen cooperation", "": "defection"}  # fmt: skip

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        p = Parameter
        return (
            p(name="gain", low=0, default=1.0, latex="b", description="gain of unseen defection"),
            p(name="penalty", low=0, default=1.0, latex="f", description="AI's loss when caught"),
            p(name="detection", low=0, high=1, default=0.2, latex="d", description="detection"),
            p(name="oversight", low=0, high=1, default=0.3, latex="o", description="share caught"),
            p(name="payment", low=0, default=1.0, latex="P", description="payment for work"),
            p(name="oversight_cost", low=0, default=0.4, latex="k", description="oversight cost"),
            p(name="trust", low=0, high=1, default=0.5, latex="q", disposition="trust",
              description="the AI's belief that it will be paid"),
            p(name="value", low=0, default=2.0, latex="V", description="value of the AI's work"),
            p(name="damage", low=0, default=3.0, latex="D", description="loss to a defection"),
        )  # fmt: skip

    def declare(self, s: Any) -> Any:
        d_o = 1 - (1 - s.detection) * (1 - s.oversight)
        return decision("developer", {
            "payment": decision("AI", {"cooperate": (s.value - s.payment, s.trust * s.payment),
                "defect": (-s.damage, (1 - s.detection) * s.gain - s.detection * s.penalty)}),
            "oversight": decision("AI", {"cooperate": (s.value - s.oversight_cost, 0),
                "defect": (-s.damage - s.oversight_cost, (1 - d_o) * s.gain - d_o * s.penalty)}),
        })  # fmt: skip

    @fast_path
    def closed_form(self, v: dict[str, Any]) -> Any:  # which offer deters, which one D takes
        d, b, f, P, k, V, D = (v[n] for n in ("detection", "gain", "penalty", "payment", "oversight_cost", "value", "damage"))  # fmt: skip  # noqa: E501
        miss = (1 - d) * (1 - v["oversight"])  # 1 - d_o: the share oversight still misses
        pay, over = v["trust"] * P >= (1 - d) * b - d * f, miss * b <= (1 - miss) * f
        paid = np.where(pay & over, k >= P, np.where(pay, -D - k <= V - P, ~over | (V - k <= -D)))
        return np.where(paid, np.where(pay, 0, 2), np.where(over, 1, 2))


# --- model: end ---


SCENARIO = """
title = "Payment or oversight"
seed = 1
[disposition]
trust = 0.7
[priors]
trust = { dist = "beta", a = 3, b = 3 }
detection = { dist = "uniform", low = 0.0, high = 0.5 }
[analysis]
resolution = 30
monte_carlo_n = 2000
sensitivity_n = 128
[[models]]
model = "payment-or-oversight"
maps = [{ x = ["trust", 0, 1], y = ["detection", 0, 1] }]
"""


def main() -> None:
    from scipy import stats

    from dealmodels import subgame_perfect
    from dealmodels.analysis import monte_carlo, regions, sensitivity, sweep
    from dealmodels.report import build_report

    model = PaymentOrOversight()
    result = model.solve(payment=1.5)
    print(result)
    condition = model.cooperation_condition()
    print(f"cooperation condition: {condition.expr}")
    values = model.resolve(payment=1.5)
    holds = condition.holds(**{n: values[n] for n in condition.parameters})
    print(f"holds at those values: {holds}")
    engine = subgame_perfect(model.game(payment=1.5))
    print(f"the engine on model.game(): {'/'.join(engine.path_actions)}")
    for check in model.check_fast_paths(10_000, seed=1):
        print(
            f"fast path {check.name}: {check.disagreements} disagreements, {check.points} points"
        )

    grid = sweep(model, {"trust": np.linspace(0, 1, 5), "detection": [0.1, 0.4]})
    print(grid[["trust", "detection", "regime"]].to_string(index=False))
    rmap = regions(model, ("trust", 0, 1), ("detection", 0, 1), resolution=40)
    print(f"regime map over trust x detection: {np.mean(rmap.cooperates):.0%} cooperative")
    priors = {"trust": stats.beta(3, 3), "detection": stats.uniform(0, 0.5)}
    mc = monte_carlo(model, priors, n=2000, seed=1)
    print(f"P(cooperation) = {mc.cooperation.estimate:.3f}")
    sens = sensitivity(model, priors, n=128, seed=1)
    print(f"most influential on cooperation: {sens.ranking()[0]}")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenario.toml"
        path.write_text(SCENARIO)
        report = build_report(path, Path(tmp) / "report", progress=False)
        print(f"report written: {sorted(p.name for p in Path(tmp, 'report').iterdir())}")
        del report


if __name__ == "__main__":
    main()
