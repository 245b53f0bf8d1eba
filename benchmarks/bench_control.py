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
import statistics
import time
from collections.abc import Callable
from typing import Any

from dealmodels.models import ControlProtocol, RevelationDeal, upfront_auditing


def median_time(f: Callable[[], Any], repeat: int) -> float:
    f()  # warm-up (imports scipy, compiles nothing)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(repeat: int) -> None:
    worst = ControlProtocol()
    ai = ControlProtocol(attacker="disposition")
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
        ("RevelationDeal.solve(promise_keeping=1)",
         lambda: RevelationDeal().solve(promise_keeping=1.0), None),
    ]  # fmt: skip
    print(f"{'case':<46} {'median':>12} {'target':>10} {'ratio':>7}")
    for name, f, target in rows:
        t = median_time(f, repeat)
        shown = f"{t * 1e3:9.3f} ms"
        if target is None:
            print(f"{name:<46} {shown:>12} {'':>10} {'':>7}")
        else:
            print(f"{name:<46} {shown:>12} {target * 1e3:7.0f} ms {t / target:7.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    main(parser.parse_args().repeat)
