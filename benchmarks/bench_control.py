"""Speed of ControlProtocol: one evaluation with the worst-case attack rate, and the frontier.

Run: python benchmarks/bench_control.py [--repeat 21]

Targets: one protocol evaluation (with the worst-case beta*) under 1 ms; a 200-point Pareto
frontier under 0.2 s. No peer package models control protocols, so the evaluation is shown
beside the one thing it calls, upfront_auditing's optimisation, and beside the AI's own best
response (attacker="disposition") and the revelation deal. Prints medians and the ratio to
each target.
"""

from __future__ import annotations

import argparse

import numpy as np
from _timing import median_time

from dealmodels.models import ControlProtocol, RevelationDeal, upfront_auditing

POINTS = 20_000


def draws(upfront: float, n: int = POINTS, seed: int = 0) -> dict[str, np.ndarray]:
    """Seeded dispositions and monitors around the default scenario's priors."""
    rng = np.random.default_rng(seed)
    return {
        "prize": rng.uniform(1, 100, n), "loss": rng.uniform(0, 3, n),
        "promise_keeping": rng.uniform(0, 2, n), "discount": 1 - rng.beta(2, 5, n),
        "risk_aversion": rng.uniform(0.05, 1, n), "separability": rng.uniform(0.5, 3.5, n),
        "success_probability": rng.beta(5, 4, n), "subversion": rng.beta(1, 4, n),
        "upfront_audits": np.full(n, upfront),
    }  # fmt: skip


def main(repeat: int) -> None:
    worst = ControlProtocol()
    ai = ControlProtocol(attacker="disposition")
    crra = ControlProtocol(attacker="disposition", utility="crra")
    deterred, attacking = draws(50.0), draws(0.0)
    rows = [
        ("upfront_auditing(5000, 100) alone", lambda: upfront_auditing(5000, 100), None),
        ("ControlProtocol.solve(), trusted monitoring", lambda: worst.solve(), 1e-3),
        ("ControlProtocol.solve(upfront_audits=50)", lambda: worst.solve(upfront_audits=50), 1e-3),
        ("disposition attacker, solve(loss=0.3)", lambda: ai.solve(loss=0.3), None),
        ("pareto(points=200), m = 0", lambda: worst.pareto(points=200), 0.2),
        ("pareto(points=200, upfront_shares=[0.5])",
         lambda: worst.pareto(points=200, upfront_shares=[0.5]), 0.2),
        ("pareto(points=200), disposition attacker",
         lambda: ai.pareto(points=200, loss=0.3), None),
        (f"disposition, CRRA, m = 50, {POINTS:,} points",
         lambda: crra.solve(**deterred), None),
        (f"disposition, CRRA, m = 0, {POINTS:,} points",
         lambda: crra.solve(**attacking), None),
        ("RevelationDeal.solve(promise_keeping=1)",
         lambda: RevelationDeal().solve(promise_keeping=1.0), None),
    ]  # fmt: skip
    print(f"{'case':<46} {'median':>12} {'target':>10} {'ratio':>7}")
    for name, f, target in rows:
        t = median_time(f, repeat)
        shown = f"{t * 1e3:9.3f} ms"
        if target is None:
            print(f"{name:<46} {shown:>12} {'':>10} {'':>7}")
            if name.endswith("points"):
                print(f"{'':<46} {t / POINTS * 1e6:9.1f} us/pt")
        else:
            print(f"{name:<46} {shown:>12} {target * 1e3:7.0f} ms {t / target:7.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    main(parser.parse_args().repeat)
