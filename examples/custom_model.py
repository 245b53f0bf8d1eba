r"""Write your own model: a developer who offers a misaligned AI a payment or more oversight.

The game. The AI defects (sabotage, exfiltration) or cooperates. Undetected defection gains it
:math:`b` (``gain``); detected defection costs it :math:`f` (``penalty``); today a defection is
detected with probability :math:`d` (``detection``). The developer makes one of two offers:

* **payment**: pay :math:`P` (``payment``) to an AI that cooperates; the AI believes it will be
  paid with probability :math:`q` (``trust``, read from its disposition);
* **oversight**: spend :math:`k` (``oversight_cost``) to catch a share :math:`o`
  (``oversight``) of the defections that go unseen today, so detection becomes
  :math:`d_o = 1 - (1 - d)(1 - o)`.

An offer deters when cooperating is at least as good for the AI as defecting:

.. math:: \text{payment: } qP \ge (1 - d)\,b - d f, \qquad
          \text{oversight: } 0 \ge (1 - d_o)\,b - d_o f.

The developer makes the cheaper offer that deters (:math:`P` against :math:`k`); if neither
deters, the AI defects. The AI cooperates iff **either inequality holds** (the closed form).

The class below (39 non-blank lines, between the two ``model`` comments) is all the code a
new model needs;
``main`` runs it through the package's solvers, analyses and the report.

Run: python examples/custom_model.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import sympy

from dealmodels.models import Model, ModelResult, register
from dealmodels.symbolic import Condition, Parameter


# --- model: start ---
@register
class PaymentOrOversight(Model):
    """A developer offers a payment or more oversight (see the module docstring)."""

    name = "payment or oversight"
    regimes = ("paid cooperation", "overseen cooperation", "defection")

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        p = Parameter
        return (
            p(name="gain", low=0, default=1.0, description="AI's gain from unseen defection, b"),
            p(name="penalty", low=0, default=1.0, description="AI's loss when caught, f"),
            p(name="detection", low=0, high=1, default=0.2, description="detection today, d"),
            p(name="oversight", low=0, high=1, default=0.3,
              description="share of unseen defections more oversight catches, o"),
            p(name="payment", low=0, default=1.0, description="payment to a cooperating AI, P"),
            p(name="oversight_cost", low=0, default=0.4, description="cost of more oversight, k"),
            p(name="trust", low=0, high=1, default=0.5, disposition="trust",
              description="the AI's belief that it will be paid, q"),
        )  # fmt: skip

    @staticmethod
    def _margins(v: dict[str, Any]) -> tuple[Any, Any]:
        """Each offer's margin (cooperate minus defect for the AI): it deters iff >= 0."""
        b, f, d, o = v["gain"], v["penalty"], v["detection"], v["oversight"]
        d_o = 1 - (1 - d) * (1 - o)
        return v["trust"] * v["payment"] - ((1 - d) * b - d * f), d_o * f - (1 - d_o) * b

    def solve(self, disposition: Any = None, **values: Any) -> ModelResult:
        v = self.resolve(disposition, **values)
        pay, over = (np.asarray(m, dtype=float) for m in self._margins(v))
        paid = (pay >= 0) & ((np.asarray(v["payment"]) <= v["oversight_cost"]) | (over < 0))
        regime = np.select([paid, over >= 0], self.regimes[:2], self.regimes[2])
        out = lambda x: x.item() if x.ndim == 0 else x  # noqa: E731
        why = f"payment margin {pay.flat[0]:.3g}, oversight margin {over.flat[0]:.3g}"
        return ModelResult(model=self.name, regime=out(regime), values=v,
                           cooperates=out((pay >= 0) | (over >= 0)),
                           explanation=f"{regime.flat[0]}: {why}")  # fmt: skip

    def cooperation_condition(self) -> Condition:
        pay, over = self._margins({n: p.symbol for n, p in self.parameters.items()})
        return Condition(sympy.Or(pay >= 0, over >= 0), list(self.parameters.values()),
                         description="the payment or the oversight deters defection")  # fmt: skip


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
