"""Speed of dealmodels' n-player Nash solvers beside pygambit.

Run: python benchmarks/bench_nplayer.py [--games 5] [--players-4-games 3]

For seeded random games with generic integer payoffs (uniform in [-1000, 1000]) of shapes
2x2x2 and 3x3x3, times

* dealmodels ``nash_equilibria(game)`` (all isolated equilibria, support enumeration),
* pygambit's ``enumpoly_solve`` (if pygambit 16.x is installed) on the same payoffs,

and prints the median CPU time per game (``time.process_time``), the ratio, and the
equilibrium counts of both (and whether the two sets agree to 1e-6). It also times one
equilibrium of seeded random 4-player, 5-action games (standard normal payoffs) with
``method="logit"`` (pygambit's ``logit_solve`` beside it when installed), and
``quantal_response`` at one precision.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

import dealmodels as dm


def cpu_time(f: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.process_time()
    out = f()
    return time.process_time() - t0, out


def flat(profiles: list[Any]) -> list[np.ndarray]:
    return [np.concatenate([np.asarray(s, dtype=float) for s in p]) for p in profiles]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(any(np.max(np.abs(x - y)) < 1e-6 for y in b) for x in a)


def gambit_all(gbt: Any, arrays: list[np.ndarray]) -> list[np.ndarray]:
    g = gbt.Game.from_arrays(*[a.astype(float) for a in arrays])
    result = gbt.nash.enumpoly_solve(g)
    return [
        np.array([float(p[s]) for pl in g.players for s in pl.strategies])
        for p in result.equilibria
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--players-4-games", type=int, default=3)
    args = parser.parse_args()
    gbt = importlib.import_module("pygambit") if importlib.util.find_spec("pygambit") else None
    if gbt is not None and not hasattr(gbt.Game, "from_arrays"):
        print(f"pygambit {gbt.__version__} lacks the 16.x Game.from_arrays API: not compared")
        gbt = None
    rng = np.random.default_rng(2026)
    print("all equilibria, random integer games (median CPU s per game)")
    print(f"{'shape':<8} {'dealmodels':>11} {'pygambit':>10} {'ratio':>7}  counts (ours/theirs)")
    for shape in [(2, 2, 2), (3, 3, 3)]:
        ours_t, theirs_t, counts = [], [], []
        for _ in range(args.games):
            arrays = [rng.integers(-1000, 1001, size=shape) for _ in shape]
            game = dm.NormalFormGame(arrays)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", dm.DegenerateGameWarning)
                t, eqs = cpu_time(lambda game=game: dm.nash_equilibria(game))
            ours_t.append(t)
            mine = flat([e.strategies for e in eqs])
            if gbt is not None:
                t2, theirs = cpu_time(lambda arrays=arrays: gambit_all(gbt, arrays))
                theirs_t.append(t2)
                agree = "=" if same(mine, theirs) else "!="
                counts.append(f"{len(mine)}{agree}{len(theirs)}")
            else:
                counts.append(str(len(mine)))
        a = statistics.median(ours_t)
        b = statistics.median(theirs_t) if theirs_t else float("nan")
        label = "x".join(map(str, shape))
        print(f"{label:<8} {a:>11.3f} {b:>10.3f} {b / a:>7.2f}  {' '.join(counts)}")
    print("\none equilibrium, random 4-player 5-action games (CPU s per game)")
    for k in range(args.players_4_games):
        arrays = [rng.standard_normal((5, 5, 5, 5)) for _ in range(4)]
        game = dm.NormalFormGame(arrays)
        t, (eq,) = cpu_time(lambda game=game: dm.nash_equilibria(game, method="logit"))
        tq, _ = cpu_time(lambda game=game: dm.quantal_response(game, 2.0))
        line = (
            f"game {k}: logit {t:.3f} s (regret {eq.regret:.1e}), "
            f"quantal_response(lam=2) {tq:.3f} s"
        )
        if gbt is not None:
            g = gbt.Game.from_arrays(*arrays)
            t2, _ = cpu_time(lambda g=g: gbt.nash.logit_solve(g))
            line += f", pygambit logit_solve {t2:.3f} s"
        print(line)


if __name__ == "__main__":
    main()
