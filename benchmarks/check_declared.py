"""Every built-in ClosedFormModel's closed form against its declared game, on n points.

Run: PYTHONPATH=src python benchmarks/check_declared.py [--n 10000]

For each registered model whose ``solve`` is the fast path of a declared game (and for each
utility family of the takeover decision), prints how many points of the whole domain were
compared, refused as undefined, left out because a payoff difference's float sign rounds,
refused by the closed form alone, and the disagreements (the target is 0), with the time.
"""

from __future__ import annotations

import argparse
import time

from dealmodels.models import ClosedFormModel, TakeoverDecision, registry


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    models = []
    for key, cls in registry().items():
        if not issubclass(cls, ClosedFormModel):
            continue
        if cls is TakeoverDecision:
            models += [(f"{key} ({u})", cls(utility=u)) for u in ("linear", "cara", "crra",
                                                                   "crra_normalised")]  # fmt: skip
        else:
            models.append((key, cls()))
    print(f"{'model':34} {'compared':>8} {'refused':>8} {'rounds':>7} {'fast refused':>12} "
          f"{'disagree':>8} {'s':>6}")  # fmt: skip
    for name, model in models:
        t = time.perf_counter()
        for c in model.declared().check_fast_paths(args.n):
            dt = time.perf_counter() - t
            print(f"{name:34} {c.points:8d} {c.refused:8d} {c.ill_conditioned:7d} "
                  f"{c.fast_refused:12d} {c.disagreements:8d} {dt:6.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
