"""Exact all-equilibria enumeration: dealmodels beside lrsnash (lrslib, the C reference).

Run: python benchmarks/bench_exact.py [--games 5] [--sizes 6 8 10] [--repeat 3] [--clock cpu]
[--kernel auto|numpy|numba]

Needs ``lrsnash`` on the PATH (Debian: ``apt-get install -y lrslib``; a benchmark tool only,
never a dependency). For seeded random integer games (payoffs uniform in 0..99) of each
size, times ``nash_equilibria(game)`` on the exact game and ``lrsnash`` on the same game
written to a file (the whole process, start-up included), each the best of ``--repeat``
runs in CPU time (``--clock cpu``, the default: user + system time of this process and of
its finished children, so lrsnash's process is charged and other load on a shared machine
distorts less) or wall time (``--clock wall``), checks that both find the same set of
rational extreme equilibria, and prints the medians over ``--games`` games and their ratio
(dealmodels / lrsnash; below 1: dealmodels is faster). ``--kernel`` sets the vertex
enumeration kernel as ``DEALMODELS_VERTEX_KERNEL`` does (default: that variable, else
``auto``). Loading a kernel happens in the untimed call that checks a game's set against
lrsnash (``numba``: the first game's), or, in ``auto``, whenever the rent-or-buy rule
decides, possibly inside a timed call (the best of ``--repeat`` hides it). The peak
resident memory of the process is printed at the end.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

import dealmodels as dm
import dealmodels.solvers._vertex as vertex_module


def lrs_input(a: np.ndarray, b: np.ndarray) -> str:
    def block(m: np.ndarray) -> str:
        return "\n".join(" ".join(str(int(v)) for v in r) for r in m)

    return f"{a.shape[0]} {a.shape[1]}\n\n{block(a)}\n\n{block(b)}\n"


def lrs_equilibria(path: Path) -> set[tuple[Fraction, ...]]:
    out = subprocess.run(["lrsnash", str(path)], capture_output=True, text=True, check=True)
    found: set[tuple[Fraction, ...]] = set()
    ones: list[list[Fraction]] = []
    twos: list[list[Fraction]] = []

    def flush() -> None:
        for x in ones:
            for y in twos:
                found.add(tuple(x + y))
        ones.clear()
        twos.clear()

    for line in out.stdout.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("*"):
            if ones or twos:
                flush()
            continue
        values = [Fraction(v) for v in parts[1:-1]]  # drop the player tag and the payoff
        (ones if parts[0] == "1" else twos).append(values)
    flush()
    return found


def ours(game: dm.NormalFormGame) -> set[tuple[Fraction, ...]]:
    return {
        tuple(eq.strategies[0].tolist() + eq.strategies[1].tolist())
        for eq in dm.nash_equilibria(game)
    }


def best_wall(f: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


def best_cpu(f: object, repeat: int) -> float:
    """Least CPU time of ``repeat`` calls: this process's plus its finished children's
    (user + system), so that lrsnash's process is charged too and other load on a shared
    machine distorts less than it does wall time."""
    best = float("inf")
    for _ in range(repeat):
        t0 = _cpu()
        f()  # type: ignore[operator]
        best = min(best, _cpu() - t0)
    return best


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--games", type=int, default=5)
    ap.add_argument("--sizes", type=int, nargs="+", default=[6, 8, 10])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    ap.add_argument("--kernel", choices=["auto", "numpy", "numba"], default=None)
    args = ap.parse_args()
    if args.kernel is not None:
        vertex_module.kernel = args.kernel
    best = best_cpu if args.clock == "cpu" else best_wall
    if shutil.which("lrsnash") is None:
        raise SystemExit("lrsnash not found: apt-get install -y lrslib")
    print(
        f"exact enumeration, median {args.clock} ms per game (lrsnash: whole process), "
        f"kernel {vertex_module.kernel}"
    )
    print(f"{'size':>5} {'dealmodels':>11} {'lrsnash':>9} {'ratio':>6} {'same set':>9} {'eq':>5}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            t_ours: list[float] = []
            t_lrs: list[float] = []
            same = 0
            counts = []
            for k in range(args.games):
                rng = np.random.default_rng(size * 10 + k)
                a, b = rng.integers(0, 100, (size, size)), rng.integers(0, 100, (size, size))
                game = dm.NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
                path = Path(tmp) / f"g{size}_{k}.txt"
                path.write_text(lrs_input(a, b))
                mine, theirs = ours(game), lrs_equilibria(path)
                same += mine == theirs
                counts.append(len(mine))
                t_ours.append(best(lambda g=game: dm.nash_equilibria(g), args.repeat))
                t_lrs.append(best(lambda p=path: lrs_equilibria(p), args.repeat))
            mo, ml = statistics.median(t_ours), statistics.median(t_lrs)
            print(
                f"{size:>5} {mo * 1e3:>11.1f} {ml * 1e3:>9.1f} {mo / ml:>6.2f} "
                f"{same:>4}/{args.games:<4} {statistics.median(counts):>5.0f}",
                flush=True,
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
