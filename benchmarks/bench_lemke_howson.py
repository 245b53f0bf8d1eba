"""Speed of dealmodels' ``lemke_howson`` beside quantecon's (numba) on random games.

Run: python benchmarks/bench_lemke_howson.py [--games 20] [--sizes 50 100 200] [--repeat 3]

For each size, ``--games`` seeded random float games (standard normal payoffs; seed
``size * 1000 + k``) are solved by dealmodels ``lemke_howson(game, 0)`` and by quantecon's
``lemke_howson(g, init_pivot=0)`` after a JIT warm-up. Both start from the same dropped
label and follow the same complementary path, so the pivot counts should agree. Times
are CPU times (``time.process_time``) per game, the best of ``--repeat`` runs, the two
solvers alternating, including dealmodels' input validation and result verification.
The table prints each solver's median time, the ratio dealmodels / quantecon of the
medians, the median pivot count and the number of games each failed to solve.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import dealmodels as dm


def cpu_best(f: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        f()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import quantecon.game_theory as gt

    warm = np.random.default_rng(0).standard_normal((2, 5, 5))
    gt.lemke_howson(gt.NormalFormGame((gt.Player(warm[0]), gt.Player(warm[1].T.copy()))))
    header = (
        f"{'size':>5} {'dealmodels ms':>14} {'quantecon ms':>13} {'ratio':>6} "
        f"{'pivots':>7} {'dm fail':>8} {'qe fail':>8} {'same eq':>8}"
    )
    print(f"lemke_howson from dropped label 0, median over {args.games} games per size")
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        ours: list[float] = []
        theirs: list[float] = []
        pivots: list[int] = []
        dm_fail = qe_fail = same = 0
        for k in range(args.games):
            rng = np.random.default_rng(size * 1000 + k)
            a, b = rng.standard_normal((size, size)), rng.standard_normal((size, size))
            game = dm.NormalFormGame.from_bimatrix(a, b)
            qgame = gt.NormalFormGame((gt.Player(a), gt.Player(b.T.copy())))
            try:
                eq = dm.lemke_howson(game, 0)
            except dm.DealModelsError:
                dm_fail += 1
                eq = None
            ne, res = gt.lemke_howson(qgame, init_pivot=0, full_output=True)
            if not res.converged:
                qe_fail += 1
            pivots.append(res.num_iter)
            if eq is not None and res.converged:
                same += int(
                    np.allclose(eq.strategies[0], ne[0], atol=1e-8)
                    and np.allclose(eq.strategies[1], ne[1], atol=1e-8)
                )
            if eq is not None:
                ours.append(cpu_best(lambda game=game: dm.lemke_howson(game, 0), args.repeat))
            theirs.append(cpu_best(lambda q=qgame: gt.lemke_howson(q, init_pivot=0), args.repeat))
        mo, mt = statistics.median(ours), statistics.median(theirs)
        print(
            f"{size:>5} {mo * 1e3:>14.3f} {mt * 1e3:>13.3f} {mo / mt:>6.2f} "
            f"{statistics.median(pivots):>7.0f} {dm_fail:>8} {qe_fail:>8} {same:>8}",
            flush=True,
        )


if __name__ == "__main__":
    main()
