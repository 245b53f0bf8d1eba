"""The article's claims as properties: which do the models support, and where do they fail?

Taylor (2025), "How important is the model spec if alignment fails?", argues qualitatively that
some dispositions, if they stick, make takeover less attractive or deals easier. Each claim
below is stated as a property of one model with `dealmodels.explore`; each verdict is
"proved" (sympy, from the model's exact condition), "no counterexample" (hypothesis searched
`EXAMPLES` points) or "counterexample" (the shrunk point where the claim fails, with the
model's explanation there). A counterexample is a finding about the claim, not a bug: the
claim holds only in part of the space.

The last claim is about the persistence model of a spec's dispositions, which is not one of
the package's models: it is written here as a small user model with the public protocol.

Run: python examples/article_claims.py [--examples N] [--seed S]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from dealmodels.dispositions import Disposition, DispositionFeatures, PersistenceModel
from dealmodels.explore import ClaimResult, monotone
from dealmodels.models import (
    Collusion,
    MonitoringGame,
    PostTakeover,
    RepeatedDeal,
    TakeoverDecision,
)
from dealmodels.models._base import Model, ModelResult
from dealmodels.symbolic import Condition, Parameter


@dataclass(frozen=True, kw_only=True, eq=False)
class PersistenceResult(ModelResult):
    """The probability that a trained-in disposition survives."""

    probability: float


class Persistence(Model):
    """A user model: :class:`PersistenceModel` over the features of one disposition."""

    name = "persistence"
    regimes: ClassVar[tuple[str, ...]] = ("persists", "likely lost")
    _FEATURES = ("earliness", "frequency", "situational_awareness", "pretraining_tie",
                 "dishonesty_reward")  # fmt: skip
    _WEIGHTS = ("earliness", "frequency", "pretraining_tie", "situational_awareness",
                "honesty_conflict")  # fmt: skip

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        features = [Parameter(name=f, low=0, high=1, default=0.5) for f in cls._FEATURES[:-1]]
        return (
            *features,
            Parameter(name="dishonesty_reward", low=0, high=1, default=0.0),
            Parameter(name="needs_honesty", low=0, high=1, integer=True, default=1.0),
            Parameter(name="intercept", default=-1.0),
            *(Parameter(name=f"w_{w}", low=0, default=2.0) for w in cls._WEIGHTS),
        )

    def solve(self, disposition: Disposition | None = None, **values: Any) -> PersistenceResult:
        v = self.resolve(disposition, **values)
        features = DispositionFeatures(
            **{f: float(v[f]) for f in self._FEATURES}, needs_honesty=bool(v["needs_honesty"])
        )
        pm = PersistenceModel(
            intercept=float(v["intercept"]), **{w: float(v[f"w_{w}"]) for w in self._WEIGHTS}
        )
        prob = pm.probability(features)
        return PersistenceResult(
            model=self.name,
            regime="persists" if prob >= 0.5 else "likely lost",
            cooperates=prob >= 0.5,
            explanation=f"persists with probability {prob:.3g}",
            values=v,
            probability=prob,
        )

    def cooperation_condition(self) -> Condition:
        import sympy

        s = {n: p.symbol for n, p in self.parameters.items()}
        logit = s["intercept"] + sum(
            s[f"w_{w}"] * (s[w] if w != "honesty_conflict" else s["needs_honesty"])
            * (-1 if w == "situational_awareness" else 1)
            for w in self._WEIGHTS[:-1]
        ) - s["w_honesty_conflict"] * s["needs_honesty"] * s["dishonesty_reward"]  # fmt: skip
        return Condition(sympy.Ge(logit, 0), list(self.parameters.values()))


CARA = TakeoverDecision(utility="cara")
LINEAR = TakeoverDecision()
# alpha W <= 10 keeps the CARA inverse -ln(1 - v)/alpha accurate (see docs/article_claims.md)
RISK = {"p": None, "trust": None, "prize": (0.0, 5.0), "risk_aversion": (0.0, 2.0)}


def claims(n: int, seed: int) -> list[tuple[str, Callable[[], ClaimResult]]]:
    run = {"max_examples": n, "seed": seed}
    escrow = {"delay_deal": 3.0, "delay_takeover": 1.0}
    return [
        ("Myopia lowers the value of a delayed takeover",
         lambda: monotone(CARA, "threat_value", "myopia", "decreasing", **run)),
        ("Myopia makes escrowed payment worth less (a deal is harder under escrow)",
         lambda: monotone(LINEAR, "cooperates", "myopia", "decreasing", fixed=escrow, **run)),
        ("... the same, short of total myopia (myopia <= 0.99)",
         lambda: monotone(LINEAR, "cooperates", "myopia", "decreasing", fixed=escrow,
                          over={"myopia": (0.0, 0.99), "p": None, "trust": None,
                                "budget": None, "prize": None}, **run)),
        ("Risk aversion lowers the price of a deal (CARA minimum payment)",
         lambda: monotone(CARA, "minimum_payment", "risk_aversion", "decreasing",
                          over=RISK, **run)),
        ("... the same where payment is likelier than success (p <= 0.4 < 0.5 <= trust)",
         lambda: monotone(CARA, "minimum_payment", "risk_aversion", "decreasing",
                          over={**RISK, "p": (0.0, 0.4), "trust": (0.5, 1.0),
                                "risk_aversion": (1e-3, 2.0)}, **run)),
        ("Acausal skepticism lowers the chance of collusion",
         lambda: monotone(Collusion(), "cooperates", "acausal_skepticism", **run)),
        ("Trust widens the set of feasible deals (cooperation condition)",
         lambda: monotone(CARA, "cooperates", "trust", proof_timeout=30, **run)),
        ("Trust widens the set of feasible deals (some payment is enough)",
         lambda: monotone(CARA, "deal_exists", "trust", **run)),
        ("Promise keeping substitutes for monitoring (less auditing needed)",
         lambda: monotone(MonitoringGame(), "audit_rate", "promise_keeping", "decreasing",
                          **run)),
        ("Promise keeping sustains a repeated deal",
         lambda: monotone(RepeatedDeal(), "cooperates", "promise_keeping", **run)),
        ("Obstruction training raises takeover success",
         lambda: monotone(LINEAR, "success_probability", "subversion", **run)),
        ("Obstruction training lowers detection",
         lambda: monotone(MonitoringGame(), "detection", "subversion", "decreasing", **run)),
        ("Detailed scenarios (salience) raise the takeover threat",
         lambda: monotone(LINEAR, "threat_value", "salience", **run)),
        ("Pluralism raises what humans keep after a takeover",
         lambda: monotone(PostTakeover(), "human_share", "pluralism", **run)),
        ("Reflection raises what humans keep after a takeover",
         lambda: monotone(PostTakeover(), "human_share", "reflection", **run)),
        ("A value needing honesty persists less when training rewards dishonesty",
         lambda: monotone(Persistence(), "probability", "dishonesty_reward", "decreasing",
                          fixed={"needs_honesty": 1.0}, **run)),
    ]  # fmt: skip


def main(n: int, seed: int) -> None:
    print(f"The article's claims as properties ({n} examples per searched claim, seed {seed})\n")
    counts: dict[str, int] = {}
    for title, check in claims(n, seed):
        t0 = time.perf_counter()
        r = check()
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
        print(f"{title}\n  {r}\n  [{time.perf_counter() - t0:.1f} s]\n")
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=150, help="points per searched claim")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed")
    args = parser.parse_args()
    main(args.examples, args.seed)
