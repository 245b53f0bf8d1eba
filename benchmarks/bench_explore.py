"""Speed of dealmodels.explore beside the same property written by hand with hypothesis.

Run: python benchmarks/bench_explore.py [--examples 2000] [--repeat 3]

The claim: M1 with CARA utility, five parameters varying (p, trust, prize, discount,
risk_aversion), "the minimum payment falls in trust" (true, so every one of the 2,000
examples runs) as `monotone`, and "the minimum payment is never negative" as `claim`. The
hand-written baseline is what a user writes without `explore`: `@given(parameter_values(...))`
with two solves per example for the monotone claim. Prints the median wall and CPU seconds
(CPU time is the fairer figure on a shared machine; the load average is printed too), the
examples per second, and explore's ratio to the hand-written test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dealmodels.explore import claim, monotone
from dealmodels.models import TakeoverDecision
from dealmodels.strategies import parameter_values

OVER = ["p", "trust", "prize", "discount", "risk_aversion"]
MODEL = TakeoverDecision(utility="cara")


def timed(f: Callable[[], Any], repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        f()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def hand_monotone(n: int) -> None:
    others = [k for k in OVER if k != "trust"]

    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        derandomize=True,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    @given(parameter_values(MODEL, names=others), st.floats(0, 1), st.floats(0, 1))
    def test(values: dict[str, float], a: float, b: float) -> None:
        lo, hi = min(a, b), max(a, b)
        y_lo = MODEL.solve(**values, trust=lo).minimum_payment
        y_hi = MODEL.solve(**values, trust=hi).minimum_payment
        assert y_hi <= y_lo + 1e-6 * max(1.0, abs(y_lo), abs(y_hi)) or y_lo == y_hi

    test()


def hand_claim(n: int) -> None:
    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        derandomize=True,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    @given(parameter_values(MODEL, names=OVER))
    def test(values: dict[str, float]) -> None:
        assert MODEL.solve(**values).minimum_payment >= 0

    test()


def main(n: int, repeat: int) -> None:
    print(f"explore vs a hand-written hypothesis test: M1 (CARA), {len(OVER)} parameters "
          f"varying, {n} examples, median of {repeat}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    rows = [
        ("monotone: minimum_payment decreasing in trust",
         lambda: monotone(MODEL, "minimum_payment", "trust", "decreasing", over=OVER, seed=0,
                          max_examples=n),
         lambda: hand_monotone(n)),
        ("claim: minimum_payment >= 0",
         lambda: claim(MODEL, lambda r: r.minimum_payment >= 0, over=OVER, seed=0,
                       max_examples=n),
         lambda: hand_claim(n)),
    ]  # fmt: skip
    check = rows[0][1]()
    assert check.verdict == "no counterexample", check
    assert check.examples == n, check
    print(f"{'claim':<48s} {'wall s':>8s} {'CPU s':>8s} {'ex/s (CPU)':>11s} "
          f"{'hand CPU s':>11s} {'ratio':>6s}")  # fmt: skip
    for label, ours, hand in rows:
        wall, cpu = timed(ours, repeat)
        _, hand_cpu = timed(hand, repeat)
        print(f"{label:<48s} {wall:8.2f} {cpu:8.2f} {n / cpu:11.0f} {hand_cpu:11.2f} "
              f"{cpu / hand_cpu:6.2f}")  # fmt: skip
    print("(ratio < 1: explore is faster than the hand-written test; target: < 5 s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    main(args.examples, args.repeat)
