"""``solve`` of every registered model on large arrays, and the share spent on the regime.

Run: PYTHONPATH=src python benchmarks/bench_solve_arrays.py [--n 1000000] [--repeat 3]
     [--models takeover-decision,monitoring-game]

Each model is solved at ``n`` points: every parameter with a finite, non-integer domain that is
not pinned by the model is varied over a random sample of its domain (defaults elsewhere); the
composed Scenario, the numerical ControlProtocol/RevelationDeal and OffSwitch (25 s at 10^6: its
noisy-overseer integral) are skipped unless named.
Prints the median time of ``solve`` in ms, the time of building the regime as a string array
from integer codes (``np.asarray(labels)[code]``, what a string ``regime`` costs) and of
reading ``result.regime`` afterwards.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

import numpy as np
from _timing import median_time

from dealmodels.models import registry

SKIP = {"scenario", "control-protocol", "revelation-deal", "off-switch"}


def points(model: Any, n: int, rng: np.random.Generator) -> dict[str, Any]:
    """Random values for the model's parameters with finite, non-integer domains."""
    out: dict[str, Any] = {}
    for name, p in model.parameters.items():
        if p.integer or p.default is None:
            continue
        lo, hi = p.low, p.high
        if not math.isfinite(lo):
            lo = min(p.default, hi) - 2.0
        if not math.isfinite(hi) or hi - lo > 1e6:
            hi = lo + max(2.0 * abs(p.default), 1.0)
        if not (math.isfinite(lo) and math.isfinite(hi) and 0 < hi - lo < 1e300):
            continue
        x = rng.uniform(lo, hi, n)
        if p.high_open:
            x = np.minimum(x, np.nextafter(p.high, -np.inf))
        if p.low_open:
            x = np.maximum(x, np.nextafter(p.low, np.inf))
        try:
            model.solve(**{k: v[:10_000] for k, v in out.items()}, **{name: x[:10_000]})
        except ValueError:
            continue  # a combination the model refuses (e.g. a bound tied to another value)
        out[name] = x
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--models", default="")
    a = ap.parse_args()
    wanted = [m for m in a.models.split(",") if m]
    rng = np.random.default_rng(0)
    print(f"solve on n = {a.n:,} points, median of {a.repeat} (ms)")
    print(f"{'model':24s} {'varied':>6s} {'solve':>9s} {'labels[code]':>13s} {'.regime':>9s}")
    total = 0.0
    for key, cls in registry().items():
        if (wanted and key not in wanted) or (not wanted and key in SKIP):
            continue
        m = cls()
        vals = points(m, a.n, rng)
        t_solve = median_time(lambda m=m, vals=vals: m.solve(**vals), a.repeat)
        r = m.solve(**vals)
        labels = np.asarray(cls.regimes or np.unique(np.asarray(r.regime)))
        code = rng.integers(0, len(labels), a.n).astype(np.int8)
        t_labels = median_time(lambda labels=labels, code=code: labels[code], a.repeat)
        t_read = median_time(lambda m=m, vals=vals: m.solve(**vals).regime, a.repeat) - t_solve
        total += t_solve
        print(
            f"{key:24s} {len(vals):6d} {1e3 * t_solve:9.1f} {1e3 * t_labels:13.1f} "
            f"{1e3 * max(t_read, 0.0):9.1f}"
        )
    print(f"{'total':24s} {'':6s} {1e3 * total:9.1f}")


if __name__ == "__main__":
    main()
