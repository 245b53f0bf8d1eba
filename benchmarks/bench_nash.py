"""Speed of dealmodels' Nash solvers beside nashpy, quantecon and pygambit.

Run: python benchmarks/bench_nash.py [--games 5] [--repeat 5] [--sizes 6 8 10 12]
     [--nashpy-se-games 1] [--slow-games 3] [--exact-games 2]

For seeded random float games (standard normal payoffs) of each size, times

* dealmodels ``nash_equilibria(game)`` (``auto``), and the same with each float vertex
  enumeration kernel forced (``dealmodels numpy``: qhull and numpy; ``dealmodels numba``:
  the compiled kernel of ``solvers/_vertex_compiled.py`` up to its largest size, when numba
  is installed; it is loaded by the warm-up call, which is not timed),
* nashpy ``support_enumeration`` (slow: only ``--nashpy-se-games`` games per size, and
  only up to 10x10) and nashpy ``vertex_enumeration`` (``--slow-games`` games, up to
  10x10),
* quantecon ``vertex_enumeration`` after a JIT warm-up,
* pygambit's ``enummixed_solve`` if pygambit is installed,

and prints the median CPU time per game (``time.process_time``, so that other load on a
shared machine distorts less; the fast solvers are also timed round-robin, after one
warm-up call per game, quantecon's numba kernels compiled beforehand), the ratio to
dealmodels' ``auto``, the ratio of each dealmodels row to quantecon (below 1: dealmodels is
faster) and the equilibrium counts.
The counts are checked against an exact solver: dealmodels' exact path on the same game
with its float payoffs converted exactly to fractions (``game.as_exact()``), on the first
``--exact-games`` games of each size. It also times pure Nash equilibria of a seeded
5-player, 6-action game and ``import dealmodels`` in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

import dealmodels as dm
import dealmodels.solvers._vertex as vertex


def cpu_time(f: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.process_time()
    out = f()
    return time.process_time() - t0, out


def median_time(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    out = f()
    times = [cpu_time(f)[0] for _ in range(repeat)]
    return statistics.median(times), out


def games(size: int, count: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [
        (rng.standard_normal((size, size)), rng.standard_normal((size, size)))
        for _ in range(count)
    ]


def with_kernel(choice: str) -> Callable[[np.ndarray, np.ndarray], Any]:
    """``nash_equilibria`` with the float vertex enumeration kernel forced to ``choice``."""

    def solve(a: np.ndarray, b: np.ndarray) -> Any:
        saved, vertex.kernel = vertex.kernel, choice
        try:
            return dm.nash_equilibria(dm.NormalFormGame.from_bimatrix(a, b))
        finally:
            vertex.kernel = saved

    return solve


def solvers(args: argparse.Namespace, size: int) -> dict[str, Callable[..., Any]]:
    out: dict[str, Callable[..., Any]] = {
        "dealmodels auto": lambda a, b: dm.nash_equilibria(dm.NormalFormGame.from_bimatrix(a, b)),
        "dealmodels numpy": with_kernel("numpy"),
    }
    if importlib.util.find_spec("numba") is not None and size <= vertex.COMPILED_MAX:
        out["dealmodels numba"] = with_kernel("numba")
    if importlib.util.find_spec("nashpy") is not None:
        import nashpy

        if size <= 10 and args.nashpy_se_games > 0:
            out["nashpy support_enum"] = lambda a, b: list(nashpy.Game(a, b).support_enumeration())
        if size <= 10:
            out["nashpy vertex_enum"] = lambda a, b: list(nashpy.Game(a, b).vertex_enumeration())
    if importlib.util.find_spec("quantecon") is not None:
        import quantecon.game_theory as gt

        out["quantecon vertex_enum"] = lambda a, b: gt.vertex_enumeration(
            gt.NormalFormGame((gt.Player(a), gt.Player(b.T.copy())))
        )
    if importlib.util.find_spec("pygambit") is not None:  # pragma: no cover - optional
        import pygambit

        def gambit(a: np.ndarray, b: np.ndarray) -> Any:
            g = pygambit.Game.from_arrays(a, b)
            return pygambit.nash.enummixed_solve(g, rational=False).equilibria

        out["pygambit enummixed"] = gambit
    return out


def bench_bimatrix(args: argparse.Namespace) -> None:
    if importlib.util.find_spec("quantecon") is not None:  # JIT warm-up
        import quantecon.game_theory as gt

        a, b = games(4, 1, 99)[0]
        gt.vertex_enumeration(gt.NormalFormGame((gt.Player(a), gt.Player(b.T.copy()))))
    print(
        f"Random float games (standard normal payoffs), median CPU time per game over "
        f"{args.games} games x {args.repeat} repeats",
        flush=True,
    )
    header = f"{'size':>5} {'solver':<24} {'median ms':>10} {'x dealmodels':>13} {'counts':<30}"
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        pool = games(size, args.games, seed=size)
        table = solvers(args, size)
        fast = [n for n in table if not n.startswith(("nashpy", "pygambit"))]
        samples: dict[str, list[float]] = {n: [] for n in table}
        counts: dict[str, list[int]] = {n: [] for n in table}
        for a, b in pool:  # fast solvers: round-robin, so load on the machine hits all alike
            for name in fast:
                counts[name].append(len(table[name](a, b)))  # warm-up
            for rep in range(args.repeat):
                order = fast[rep % len(fast) :] + fast[: rep % len(fast)]  # rotate who goes first
                for name in order:
                    samples[name].append(cpu_time(lambda a=a, b=b, f=table[name]: f(a, b))[0])
        for name in table:
            if name in fast:
                continue
            subset = pool[
                : args.nashpy_se_games if name == "nashpy support_enum" else args.slow_games
            ]
            for a, b in subset:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t, result = cpu_time(lambda a=a, b=b, f=table[name]: f(a, b))
                samples[name].append(t)
                counts[name].append(len(result))
        base = statistics.median(samples["dealmodels auto"])
        for name in table:
            if not samples[name]:  # a slow solver asked to run on no games
                continue
            med = statistics.median(samples[name])
            print(
                f"{size:>5} {name:<24} {med * 1e3:>10.3f} {med / base:>13.1f} "
                f"{','.join(map(str, counts[name])):<30}",
                flush=True,
            )
        if "quantecon vertex_enum" in table:
            peer = statistics.median(samples["quantecon vertex_enum"])
            for name in ("dealmodels auto", "dealmodels numpy", "dealmodels numba"):
                if name in table:
                    label = name.replace("dealmodels ", "") + " / quantecon"
                    ratio = statistics.median(samples[name]) / peer
                    print(f"{size:>5} {label:<24} {ratio:>10.2f}", flush=True)
        for k, (a, b) in enumerate(pool[: args.exact_games]):
            exact_game = dm.NormalFormGame.from_bimatrix(a, b).as_exact()
            t0 = time.perf_counter()
            exact = dm.nash_equilibria(exact_game, "vertex_enumeration")
            ms = (time.perf_counter() - t0) * 1e3
            ours = dm.nash_equilibria(dm.NormalFormGame.from_bimatrix(a, b))
            agree = "==" if len(exact) == len(ours) else "!="
            print(
                f"{size:>5} {'exact (game ' + str(k) + ')':<24} {ms:>10.3f} {'':>13} "
                f"{len(exact)} exact {agree} {len(ours)} dealmodels"
            )
        print()


def bench_pure(args: argparse.Namespace) -> None:
    rng = np.random.default_rng(5)
    shape = (6,) * 5
    game = dm.NormalFormGame([rng.integers(0, 4, size=shape).astype(float) for _ in range(5)])
    t, eqs = median_time(lambda: dm.pure_nash_equilibria(game), args.repeat)
    print(f"pure_nash_equilibria, 5 players x 6 actions (float): {t * 1e3:.2f} ms, {len(eqs)} eq")
    exact = dm.NormalFormGame([rng.integers(0, 4, size=shape) for _ in range(5)])
    t, eqs = median_time(lambda: dm.pure_nash_equilibria(exact), args.repeat)
    print(f"pure_nash_equilibria, 5 players x 6 actions (exact): {t * 1e3:.2f} ms, {len(eqs)} eq")


def bench_import(args: argparse.Namespace) -> None:
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import dealmodels"], check=True)
        times.append(time.perf_counter() - t0)
    base = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
        base.append(time.perf_counter() - t0)
    print(
        f"python -c 'import dealmodels': {statistics.median(times) * 1e3:.0f} ms wall "
        f"(python -c 'import numpy': {statistics.median(base) * 1e3:.0f} ms)"
    )
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import dealmodels"],
        capture_output=True,
        text=True,
        check=True,
    )
    total = [ln for ln in out.stderr.splitlines() if ln.rstrip().endswith("| dealmodels")]
    if total:
        micro = int(total[-1].split("|")[1])
        print(f"import dealmodels (cumulative, -X importtime): {micro / 1e3:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--games", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", type=int, nargs="+", default=[6, 8, 10, 12])
    ap.add_argument("--nashpy-se-games", type=int, default=1)
    ap.add_argument("--exact-games", type=int, default=2)
    ap.add_argument("--slow-games", type=int, default=3, help="games for nashpy/pygambit")
    args = ap.parse_args()
    bench_bimatrix(args)
    bench_pure(args)
    bench_import(args)


if __name__ == "__main__":
    main()
