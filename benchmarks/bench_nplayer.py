"""Speed of dealmodels' n-player Nash solvers beside pygambit, in one run.

Run: python benchmarks/bench_nplayer.py [--games 5] [--players-4-games 3] [--gambit-cap 30]
[--repeats 3]

* All equilibria of seeded random games with generic integer payoffs (uniform in
  [-1000, 1000]) of shapes 2x2x2 and 3x3x3: dealmodels ``nash_equilibria(game)`` (support
  enumeration) beside pygambit's ``enumpoly_solve`` on the same payoffs (pygambit's time
  includes building its game from the arrays). Each game is solved ``--repeats`` times by
  each side in turn and its fastest CPU time (``time.process_time``) kept, which damps the
  noise of a shared machine equally for both; printed are the medians over the games, the
  ratio dealmodels / pygambit of the medians (> 1: dealmodels is slower) and of the total
  times over all games (``sum/sum``), and the equilibrium counts of both (``=`` when the
  two sets agree to 1e-6, ``>`` when pygambit's set is a strict subset of ours).
* One equilibrium of seeded random 4-player, 5-action games (standard normal payoffs):
  ``method="logit"`` and ``method="simplicial_subdivision"`` beside pygambit's
  ``logit_solve`` and ``simpdiv_solve`` (from the centroid, as pygambit's default start;
  run in a child process and stopped after ``--gambit-cap`` wall seconds, printed ``inf``),
  with the ratios, and ``quantal_response`` at one precision.
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


def compare(mine: list[np.ndarray], theirs: list[np.ndarray]) -> str:
    """'=' same sets, '>' theirs a strict subset of mine, '<' the reverse, '!=' otherwise."""
    a = all(any(np.max(np.abs(x - y)) < 1e-6 for y in mine) for x in theirs)
    b = all(any(np.max(np.abs(x - y)) < 1e-6 for y in theirs) for x in mine)
    return "=" if a and b else ">" if a else "<" if b else "!="


def gambit_all(gbt: Any, arrays: list[np.ndarray]) -> list[np.ndarray]:
    g = gbt.Game.from_arrays(*[a.astype(float) for a in arrays])
    result = gbt.nash.enumpoly_solve(g)
    return [
        np.array([float(p[s]) for pl in g.players for s in pl.strategies])
        for p in result.equilibria
    ]


def _simpdiv_child(arrays: list[np.ndarray], out: Any) -> None:
    import pygambit as gbt

    g = gbt.Game.from_arrays(*arrays)
    start = g.mixed_strategy_profile(rational=True)
    t, _ = cpu_time(lambda: gbt.nash.simpdiv_solve(start))
    out.put(t)


def gambit_simpdiv(arrays: list[np.ndarray], cap: float) -> float:
    """pygambit's simpdiv_solve CPU time in a child process; inf if over ``cap`` s (wall)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    out = ctx.Queue()
    proc = ctx.Process(target=_simpdiv_child, args=(arrays, out))
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return float("inf")
    return float(out.get())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--players-4-games", type=int, default=3)
    parser.add_argument("--gambit-cap", type=float, default=30.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    gbt = importlib.import_module("pygambit") if importlib.util.find_spec("pygambit") else None
    if gbt is not None and not hasattr(gbt.Game, "from_arrays"):
        print(f"pygambit {gbt.__version__} lacks the 16.x Game.from_arrays API: not compared")
        gbt = None
    if gbt is not None:
        print(f"pygambit {gbt.__version__}")
    rng = np.random.default_rng(2026)
    print("all equilibria, random integer games (median CPU ms per game)")
    print(
        f"{'shape':<8} {'dealmodels':>11} {'pygambit':>10} {'ours/theirs':>12} "
        f"{'sum/sum':>13}  counts"
    )
    for shape in [(2, 2, 2), (3, 3, 3)]:
        ours_t, theirs_t, counts = [], [], []
        for _ in range(args.games):
            arrays = [rng.integers(-1000, 1001, size=shape) for _ in shape]
            game = dm.NormalFormGame(arrays)
            best, best2 = float("inf"), float("inf")
            for _ in range(args.repeats):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", dm.DegenerateGameWarning)
                    t, eqs = cpu_time(lambda game=game: dm.nash_equilibria(game))
                best = min(best, t)
                if gbt is not None:
                    t2, theirs = cpu_time(lambda arrays=arrays: gambit_all(gbt, arrays))
                    best2 = min(best2, t2)
            ours_t.append(best)
            mine = flat([e.strategies for e in eqs])
            if gbt is not None:
                theirs_t.append(best2)
                counts.append(f"{len(mine)}{compare(mine, theirs)}{len(theirs)}")
            else:
                counts.append(str(len(mine)))
        a = statistics.median(ours_t)
        b = statistics.median(theirs_t) if theirs_t else float("nan")
        total = sum(ours_t) / sum(theirs_t) if theirs_t else float("nan")
        label = "x".join(map(str, shape))
        print(
            f"{label:<8} {1e3 * a:>11.2f} {1e3 * b:>10.2f} {a / b:>12.2f} {total:>13.2f}  "
            f"{' '.join(counts)}",
            flush=True,
        )
    print("\none equilibrium, random 4-player 5-action games (CPU s per game)")
    print(
        f"{'game':<5} {'logit':>7} {'gbt logit':>10} {'ratio':>6} {'simpdiv':>8} "
        f"{'gbt simpdiv':>12} {'ratio':>6} {'QRE(2)':>7}  simpdiv method"
    )
    for k in range(args.players_4_games):
        arrays = [rng.standard_normal((5, 5, 5, 5)) for _ in range(4)]
        game = dm.NormalFormGame(arrays)
        try:
            t_l, _ = cpu_time(lambda game=game: dm.nash_equilibria(game, method="logit"))
        except Exception as exc:  # report the failure and go on
            print(f"game {k}: method='logit' raised {type(exc).__name__}: {exc}")
            t_l = float("nan")
        t_s, (eq_s,) = cpu_time(
            lambda game=game: dm.nash_equilibria(game, method="simplicial_subdivision")
        )
        t_q, _ = cpu_time(lambda game=game: dm.quantal_response(game, 2.0))
        g_l = g_s = float("nan")
        if gbt is not None:
            g = gbt.Game.from_arrays(*arrays)
            g_l, _ = cpu_time(lambda g=g: gbt.nash.logit_solve(g))
            g_s = gambit_simpdiv(arrays, args.gambit_cap)
        print(
            f"{k:<5} {t_l:>7.3f} {g_l:>10.3f} {t_l / g_l:>6.1f} {t_s:>8.3f} {g_s:>12.3f} "
            f"{t_s / g_s:>6.1f} {t_q:>7.3f}  {eq_s.method}",
            flush=True,
        )


if __name__ == "__main__":
    main()
