"""Quickstart: an inspection game, a takeover decision, and its exact cooperation condition.

Run: python examples/quickstart.py
"""

from __future__ import annotations

import dealmodels as dm


def main() -> None:
    # 1. Controlled extraction as a 2x2 game: the developer audits or trusts; the AI works
    #    honestly or feigns compliance while sabotaging. Integer payoffs: solved exactly.
    game = dm.NormalFormGame.from_bimatrix(
        [[-1, -2], [0, -4]],  # developer: audit cost 1, damage 4 if sabotage goes unseen
        [[0, -3], [0, 2]],  # AI: caught feigning costs 3, unseen sabotage gains 2
        players=("developer", "AI"),
        actions=(("audit", "trust"), ("work", "feign")),
    )
    for eq in dm.nash_equilibria(game):
        audit, feign = eq.strategies[0][0], eq.strategies[1][1]
        print(f"Nash equilibrium: audit with probability {audit}, AI feigns with {feign}")
        print(f"  payoffs (developer, AI) = ({eq.payoffs[0]}, {eq.payoffs[1]})")

    # 2. Takeover vs deal for an AI whose risk aversion stuck (CARA, infinite prize).
    ai = dm.Disposition(risk_aversion=1.0, trust=0.9)
    model = dm.models.TakeoverDecision(disposition=ai, utility="cara")
    result = model.solve(p=0.5, prize=float("inf"), budget=2.0)
    print(f"\n{result.explanation}")
    print(f"minimum payment: {result.minimum_payment:.4f}  regime: {result.regime}")

    # 3. The same model as an exact condition; fix the environment, solve for the budget.
    condition = model.cooperation_condition()
    print(f"\ncooperation condition: {condition.latex()}")
    environment = {"loss": 0, "corrigibility_cost": 0, "subversion": 0, "salience": 1,
                   "delay_takeover": 0, "delay_deal": 0, "prize": 10}  # fmt: skip
    threshold = condition.subs(**environment).solve_for("budget")
    print(f"with {environment}:")
    print(f"  cooperation holds iff budget {threshold.direction} {threshold.value}")
    at = threshold.evaluate(p=0.5, trust=0.9, risk_aversion=1.0)
    print(f"  at p=0.5, trust=0.9, risk_aversion=1: budget >= {float(at):.4f}")


if __name__ == "__main__":
    main()
