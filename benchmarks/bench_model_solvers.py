"""Speed of the models that call the solvers: NegotiatedDeal and RepeatedDeal on large arrays.

Run: python benchmarks/bench_model_solvers.py [--n 1000000] [--loop 200] [--repeat 3]

Cases:

- ``NegotiatedDeal.solve`` on ``n`` points (``p`` and ``trust`` varied) for each utility
  family and both solutions; the split comes from the vectorised transfer solvers
  (``nash_transfer``, ``kalai_smorodinsky_transfer`` in ``dealmodels.solvers.bargaining``);
- the same split one point at a time through ``NegotiatedDeal.game`` and the general solvers
  (``nash_bargaining`` / ``kalai_smorodinsky``), timed on ``--loop`` points, reported per point;
- ``RepeatedDeal.solve`` on ``n`` points (its prisoner's-dilemma thresholds come from
  ``dealmodels.solvers.repeated.trigger_threshold``, the rule of ``critical_discount``) beside
  ``critical_discount`` on the stage game, one point at a time.

Prints medians in ms, points per second and the speed-up of the vectorised call.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
from _timing import median_time

from dealmodels.models import NegotiatedDeal, RepeatedDeal


def one_point_at_a_time(
    m: NegotiatedDeal, extra: dict[str, float], p: np.ndarray, q: np.ndarray
) -> None:
    """The split at each point through ``game()`` and the general solvers."""
    from dealmodels.solvers.bargaining import kalai_smorodinsky, nash_bargaining

    for pi, qi in zip(p.tolist(), q.tolist(), strict=True):
        g = m.game(p=pi, trust=qi, **extra)
        if m.solution == "nash":
            beta = m.resolve()["bargaining_power"]
            nash_bargaining(g, weights=(1 - beta, beta))
        else:
            kalai_smorodinsky(g)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--loop", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from dealmodels.solvers.repeated import critical_discount

    rng = np.random.default_rng(0)
    p = rng.uniform(0.05, 0.6, args.n)
    q = rng.uniform(0.5, 1.0, args.n)
    print(f"{'case':46s} {'vectorised ms':>14s} {'per point us':>13s} {'loop us/pt':>11s} ratio")
    for utility in ("linear", "cara", "crra", "crra_normalised"):
        for solution in ("nash", "kalai_smorodinsky"):
            m = NegotiatedDeal(utility=utility, solution=solution)  # type: ignore[arg-type]
            extra = {} if utility == "linear" else {"risk_aversion": 0.5}
            vec = median_time(lambda m=m, extra=extra: m.solve(p=p, trust=q, **extra), args.repeat)

            # the general solvers need a nonempty bargaining set: points with a deal only
            deal = np.flatnonzero(m.solve(p=p[:50_000], trust=q[:50_000], **extra).cooperates)
            at = deal[: args.loop]

            def loop(m: NegotiatedDeal = m, extra: dict[str, float] = extra, at: Any = at) -> None:
                one_point_at_a_time(m, extra, p[at], q[at])

            per = median_time(loop, 1) / max(at.size, 1)
            name = f"negotiated {utility} {solution}"
            print(
                f"{name:46s} {vec * 1e3:14.1f} {vec / args.n * 1e6:13.3f} {per * 1e6:11.1f} "
                f"{per / (vec / args.n):6.0f}x"
            )
    d = rng.uniform(0.0, 1.0, args.n)
    rd = RepeatedDeal()
    vec = median_time(lambda: rd.solve(discount=d), args.repeat)
    game = rd.game()

    def pd_loop() -> None:
        for _ in range(args.loop):
            critical_discount(game, (0, 0))

    per = median_time(pd_loop, 1) / args.loop
    print(
        f"{'repeated-deal (critical_discount per point)':46s} {vec * 1e3:14.1f} "
        f"{vec / args.n * 1e6:13.3f} {per * 1e6:11.1f} {per / (vec / args.n):6.0f}x"
    )


if __name__ == "__main__":
    main()
