"""Speed of sweeps: M1's condition and ``sweep`` beside the per-point nashpy loop.

Run: python benchmarks/bench_sweep.py [--n 1000000] [--loop 2000] [--repeat 5]

Cases, over a (p, trust) grid of n points for M1 (TakeoverDecision, linear and CARA utility):

- ``Condition.holds`` on flat arrays (the cooperation condition, lambdified once);
- ``sweep`` end to end (meshgrid, one broadcasting ``solve`` per chunk, tidy DataFrame);
- the loop a user would otherwise write: at each point build the AI's decision as a 2x2
  bimatrix game (rows: deal / takeover attempt; a dummy column player) with nashpy and take
  the AI's equilibrium action (support enumeration). Timed on ``--loop`` points and
  reported per point.

Prints medians, points per second and the speed-up over the nashpy loop.
"""

from __future__ import annotations

import argparse

import numpy as np
from _timing import median_time

from dealmodels.analysis import sweep
from dealmodels.models import TakeoverDecision


def nashpy_loop(utility: str, ps: np.ndarray, qs: np.ndarray) -> np.ndarray:
    """Per point: the AI's payoffs by hand (M1's defaults), a 2x2 game, solved by nashpy."""
    import math

    import nashpy

    d = {k: p.default for k, p in TakeoverDecision().parameters.items()}
    alpha = d["risk_aversion"]

    def u(x: float) -> float:
        return x if utility == "linear" else -math.expm1(-alpha * x)

    out = np.empty(len(ps), dtype=bool)
    b = np.zeros((2, 2))  # dummy column player
    for i, (p, q) in enumerate(zip(ps.tolist(), qs.tolist(), strict=True)):
        deal = q * d["discount"] ** d["delay_deal"] * u(d["budget"])
        attempt = d["salience"] * max(d["discount"] ** d["delay_takeover"] * p * u(d["prize"]), 0)
        a = np.array([[deal, deal], [attempt, attempt]])  # AI: rows deal / attempt
        eq = next(iter(nashpy.Game(a, b).support_enumeration()))
        out[i] = eq[0][0] >= 0.5
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--loop", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    side = round(args.n**0.5)
    n = side * side
    ps_axis = np.linspace(0, 1, side)
    qs_axis = np.linspace(0.01, 1, side)
    gp, gq = np.meshgrid(ps_axis, qs_axis, indexing="ij")
    flat_p, flat_q = gp.ravel(), gq.ravel()
    rng = np.random.default_rng(0)
    pick = rng.integers(0, n, args.loop)
    print(f"M1 over a {side}x{side} (p, trust) grid = {n:,} points; median of {args.repeat}\n")
    header = f"{'case':44s} {'seconds':>9s} {'Mpts/s':>9s} {'speed-up':>9s}"
    print(header)
    print("-" * len(header))
    for utility in ("linear", "cara"):
        model = TakeoverDecision(utility=utility)  # type: ignore[arg-type]
        cond = model.cooperation_condition()
        t_loop = median_time(
            lambda u=utility: nashpy_loop(u, flat_p[pick], flat_q[pick]), max(1, args.repeat // 2)
        )
        per_point = t_loop / args.loop
        # the loop must agree with the condition
        agree = nashpy_loop(utility, flat_p[pick], flat_q[pick]) == cond.holds(
            p=flat_p[pick], trust=flat_q[pick]
        )
        assert agree.all(), "the nashpy loop disagrees with the condition"
        cases = {
            "Condition.holds (validated)": lambda c=cond: c.holds(p=flat_p, trust=flat_q),
            "Condition.holds (validate=False)": lambda c=cond: c.holds(
                validate=False, p=flat_p, trust=flat_q
            ),
            "sweep(model, grid) -> DataFrame": lambda m=model: sweep(
                m, {"p": ps_axis, "trust": qs_axis}
            ),
        }
        for label, f in cases.items():
            t = median_time(f, args.repeat)
            speed = per_point * n / t
            print(f"{utility + ': ' + label:44s} {t:9.4f} {n / t / 1e6:9.1f} {speed:9.0f}x")
        print(
            f"{utility + ': nashpy 2x2 game per point':44s} {per_point * n:9.1f} "
            f"{1 / per_point / 1e6:9.4f} {'1':>9s}x  (timed on {args.loop} points)"
        )
    print("\nspeed-up = (nashpy loop time extrapolated to all points) / (case time)")


if __name__ == "__main__":
    main()
