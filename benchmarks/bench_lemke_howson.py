"""Speed of dealmodels' ``lemke_howson`` (both kernels) beside quantecon's (numba).

Run: python benchmarks/bench_lemke_howson.py [--games 20] [--sizes 50 100 200] [--repeat 3]
     [--solvers numpy numba quantecon]

For each size, ``--games`` seeded random float games (standard normal payoffs; seed
``size * 1000 + k``) are solved from dropped label 0 by dealmodels ``lemke_howson(game, 0)``
with the numpy kernel and with the compiled (numba) kernel (forced through
``dealmodels.solvers._lemke_howson.kernel``), and by quantecon's
``lemke_howson(g, init_pivot=0)``. All three follow the same complementary path, so the
pivot counts agree (the tests check this) and so do the equilibria (the table counts the
games where dealmodels' compiled answer equals quantecon's within 1e-8).

Warm-up is excluded: before any timing, each numba solver is called once on a small game
(for dealmodels this imports numba and loads, or on the very first run compiles, the
kernel; the time it took is printed). Times are CPU times (``time.process_time``) per
game, the best of ``--repeat`` runs, the solvers alternating; a run shorter than 2 ms is
timed as a loop of calls lasting about 2 ms and divided by the number of calls.
dealmodels' times include its input validation and the regret check of the result. The
table prints each solver's median time, the ratios of the medians to quantecon's, the
median pivot count and the number of games each failed to solve.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import dealmodels as dm
from dealmodels.solvers import _lemke_howson as lh

_LOOP = 2e-3  # seconds: shorter runs are timed as a loop of calls


def cpu_best(f: Callable[[], Any], repeat: int) -> float:
    t0 = time.process_time()
    f()
    once = time.process_time() - t0
    calls = 1 if once >= _LOOP else max(1, min(1000, int(_LOOP / max(once, 1e-6))))
    best = once if calls == 1 else float("inf")
    for _ in range(repeat - 1 if calls == 1 else repeat):
        t0 = time.process_time()
        for _ in range(calls):
            f()
        best = min(best, (time.process_time() - t0) / calls)
    return best


def _dm(kernel: str) -> Callable[[dm.NormalFormGame], dm.Equilibrium]:
    def solve(game: dm.NormalFormGame) -> dm.Equilibrium:
        lh.kernel = kernel
        return dm.lemke_howson(game, 0)

    return solve


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--solvers",
        nargs="+",
        default=["numpy", "numba", "quantecon"],
        choices=["numpy", "numba", "quantecon"],
    )
    args = ap.parse_args()
    solvers = args.solvers
    warm = np.random.default_rng(0).standard_normal((2, 5, 5))
    if "quantecon" in solvers:
        import quantecon.game_theory as gt

        t0 = time.perf_counter()
        gt.lemke_howson(gt.NormalFormGame((gt.Player(warm[0]), gt.Player(warm[1].T.copy()))))
        print(f"warm-up (excluded): quantecon {time.perf_counter() - t0:.2f} s", end="")
    if "numba" in solvers:
        t0 = time.perf_counter()
        _dm("numba")(dm.NormalFormGame.from_bimatrix(warm[0], warm[1]))
        print(f"; dealmodels numba kernel {time.perf_counter() - t0:.2f} s", end="")
    print()
    cols = [s for s in ("numpy", "numba", "quantecon") if s in solvers]
    names = {"numpy": "dm numpy ms", "numba": "dm numba ms", "quantecon": "quantecon ms"}
    ratios = [s for s in ("numpy", "numba") if s in solvers and "quantecon" in solvers]
    header = (
        f"{'size':>5} "
        + " ".join(f"{names[s]:>13}" for s in cols)
        + "".join(f" {s + '/qe':>9}" for s in ratios)
        + f" {'pivots':>7} "
        + " ".join(f"{s[:5] + ' fail':>10}" for s in cols)
        + f" {'same eq':>8}"
    )
    print(f"lemke_howson from dropped label 0, median over {args.games} games per size")
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        times: dict[str, list[float]] = {s: [] for s in cols}
        fails = dict.fromkeys(cols, 0)
        pivots: list[int] = []
        same = 0
        for k in range(args.games):
            rng = np.random.default_rng(size * 1000 + k)
            a, b = rng.standard_normal((size, size)), rng.standard_normal((size, size))
            game = dm.NormalFormGame.from_bimatrix(a, b)
            calls: dict[str, Callable[[], Any]] = {}
            answers: dict[str, Any] = {}
            for s in cols:
                if s == "quantecon":
                    qgame = gt.NormalFormGame((gt.Player(a), gt.Player(b.T.copy())))
                    ne, res = gt.lemke_howson(qgame, init_pivot=0, full_output=True)
                    pivots.append(res.num_iter)
                    if not res.converged:
                        fails[s] += 1
                        continue
                    answers[s] = ne
                    calls[s] = lambda q=qgame: gt.lemke_howson(q, init_pivot=0)
                else:
                    solve = _dm(s)
                    try:
                        answers[s] = solve(game).strategies
                    except dm.DealModelsError:
                        fails[s] += 1
                        continue
                    calls[s] = lambda game=game, solve=solve: solve(game)
            if "numba" in answers and "quantecon" in answers:
                same += int(
                    all(
                        np.allclose(p, q, atol=1e-8)
                        for p, q in zip(answers["numba"], answers["quantecon"], strict=True)
                    )
                )
            best = dict.fromkeys(calls, float("inf"))
            for _ in range(args.repeat):  # the solvers alternate, each keeping its best
                for s, f in calls.items():
                    best[s] = min(best[s], cpu_best(f, 1))
            for s, t in best.items():
                times[s].append(t)
        med = {s: statistics.median(v) if v else float("nan") for s, v in times.items()}
        line = f"{size:>5} " + " ".join(f"{med[s] * 1e3:>13.3f}" for s in cols)
        line += "".join(f" {med[s] / med['quantecon']:>9.2f}" for s in ratios)
        piv = statistics.median(pivots) if pivots else float("nan")
        line += f" {piv:>7.0f} " + " ".join(f"{fails[s]:>10}" for s in cols) + f" {same:>8}"
        print(line, flush=True)
    lh.kernel = "auto"


if __name__ == "__main__":
    main()
