"""Speed of Condition.holds beside the same condition written by hand in numpy.

Run: python benchmarks/bench_conditions.py [--n 1000000] [--repeat 7]

Conditions of the size the models produce: M1's takeover-vs-deal condition (linear and CARA
utility) over 10^6 points, once with two parameters varying (a regime map) and once with
every parameter varying (Monte Carlo). Prints medians, points per second and the ratio to
hand-written numpy.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
from _timing import median_time

from dealmodels.models import TakeoverDecision


def hand_linear(v: dict[str, Any]) -> Any:
    p = v["p"] + (1 - v["p"]) * v["uplift"] * v["subversion"]
    threat = v["salience"] * (
        v["discount"] ** v["delay_takeover"] * p * v["prize"]
        - (1 - p) * v["loss"]
        - v["corrigibility_cost"]
    )
    return v["trust"] * v["discount"] ** v["delay_deal"] * v["budget"] >= threat


def hand_cara(v: dict[str, Any]) -> Any:
    a = v["risk_aversion"]
    p = v["p"] + (1 - v["p"]) * v["uplift"] * v["subversion"]
    threat = v["salience"] * (
        v["discount"] ** v["delay_takeover"] * p * -np.expm1(-a * v["prize"]) / a
        - (1 - p) * v["loss"]
        - v["corrigibility_cost"]
    )
    u_budget = -np.expm1(-a * v["budget"]) / a  # u(x) = (1 - e^{-a x}) / a
    return v["trust"] * v["discount"] ** v["delay_deal"] * u_budget >= threat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    n = args.n
    print(f"Condition.holds vs hand-written numpy, {n:,} points, median of {args.repeat}\n")
    print(
        f"{'case':38s} {'holds':>9s} {'no-valid':>9s} {'numpy':>9s} {'Mpts/s':>8s} {'ratio':>6s}"
    )
    for utility, hand in (("linear", hand_linear), ("cara", hand_cara)):
        m = TakeoverDecision(utility=utility)  # type: ignore[arg-type]
        cond = m.cooperation_condition()
        defaults = {k: p.default for k, p in cond.parameters.items()}
        two = dict(defaults)
        if utility == "cara":  # the CARA expression (1 - e^{-a x})/a is 0/0 at the default a = 0
            two["risk_aversion"] = 1.0
        two["trust"] = rng.uniform(0.01, 1, n)
        two["p"] = rng.uniform(0, 1, n)
        every = {
            k: rng.uniform(0.01, 0.99, n) if p.high <= 1 else rng.uniform(0.01, 3, n)
            for k, p in cond.parameters.items()
        }
        for label, vals in (("2 parameters vary", two), ("every parameter varies", every)):
            full = {**defaults, **vals}
            t_holds = median_time(lambda c=cond, v=vals: c.holds(**v), args.repeat)
            t_fast = median_time(lambda c=cond, v=vals: c.holds(validate=False, **v), args.repeat)
            t_hand = median_time(lambda h=hand, f=full: h(f), args.repeat)
            assert np.array_equal(cond.holds(**vals), np.broadcast_to(hand(full), (n,)))
            print(
                f"M1 {utility:6s} {label:28s} {t_holds * 1e3:7.2f}ms {t_fast * 1e3:7.2f}ms "
                f"{t_hand * 1e3:7.2f}ms {n / t_holds / 1e6:8.1f} {t_holds / t_hand:6.2f}"
            )
    print("\nMpts/s is for holds() with validation; ratio = holds / hand-written numpy.")


if __name__ == "__main__":
    main()
