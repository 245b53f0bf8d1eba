"""Speed of dealmodels' LP-based solvers beside direct scipy formulations of the same LPs.

Run: python benchmarks/bench_lp.py [--games 5] [--repeat 3] [--sizes 20 50 100]
     [--ce-sizes 10 20 30]

* ``stackelberg(game)`` (strong Stackelberg equilibrium, float games) against the bounded
  multiple-LP method written directly with ``scipy.optimize.linprog``: one LP per follower
  action, tried in decreasing order of that action's best possible leader value
  ``max_i L[i, j]``, stopping when no remaining action can beat the incumbent (and against
  solving all ``n`` LPs, the plain Conitzer-Sandholm method).
* ``correlated_equilibrium(game)`` (maximum welfare) against one direct ``linprog`` call on
  the sparse incentive constraints.

The direct formulations call HiGHS with the tolerances dealmodels uses (primal and dual
feasibility 1e-10, which its verification of the follower's best response needs).
Seeded random games with standard normal payoffs; CPU time (``time.process_time``) per game,
best of ``--repeat``, the solvers alternating; the table prints medians over ``--games``
games and the ratio dealmodels / direct (below 1: dealmodels is faster). dealmodels' times
include its input validation, the pure-commitment search and the verification of results;
the values found are compared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

import dealmodels as dm

OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def cpu_best(f: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        f()
        best = min(best, time.process_time() - t0)
    return best


def stackelberg_direct(lead: np.ndarray, foll: np.ndarray, bounded: bool) -> float:
    m, n = lead.shape
    bounds = lead.max(axis=0)
    order = np.argsort(-bounds, kind="stable") if bounded else np.arange(n)
    best = -np.inf
    for j in order:
        if bounded and bounds[j] <= best:
            break
        a_ub = np.delete(foll.T - foll[:, j], j, axis=0)
        res = linprog(
            -lead[:, j],
            A_ub=a_ub,
            b_ub=np.zeros(n - 1),
            A_eq=np.ones((1, m)),
            b_eq=[1.0],
            options=OPTIONS,
        )
        if res.status == 0:
            best = max(best, -res.fun)
    return best


def correlated_direct(a: np.ndarray, b: np.ndarray) -> float:
    m, n = a.shape
    idx = np.arange(m * n).reshape(m, n)
    data, rows, cols = [], [], []
    r = 0
    for s in range(m):  # row player told s, deviates to t
        for t in range(m):
            if s != t:
                data.append(a[t] - a[s])
                cols.append(idx[s])
                rows.append(np.full(n, r))
                r += 1
    for s in range(n):  # column player told s, deviates to t
        for t in range(n):
            if s != t:
                data.append(b[:, t] - b[:, s])
                cols.append(idx[:, s])
                rows.append(np.full(m, r))
                r += 1
    a_ub = csr_matrix(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(r, m * n)
    )
    res = linprog(
        -(a + b).ravel(),
        A_ub=a_ub,
        b_ub=np.zeros(r),
        A_eq=np.ones((1, m * n)),
        b_eq=[1.0],
        options=OPTIONS,
    )
    return float(-res.fun)


def row(label: str, size: int, ours: list[float], theirs: dict[str, list[float]]) -> str:
    mo = statistics.median(ours)
    cells = [f"{size:>5} {label:<14} {mo * 1e3:>10.2f}"]
    for times in theirs.values():
        mt = statistics.median(times)
        cells.append(f"{mt * 1e3:>10.2f} {mo / mt:>6.2f}")
    return "  ".join(cells)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--games", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 50, 100])
    ap.add_argument("--ce-sizes", type=int, nargs="+", default=[10, 20, 30])
    args = ap.parse_args()
    print("median CPU ms per game; ratio = dealmodels / direct")
    print(
        f"{'size':>5} {'solver':<14} {'dealmodels':>10}  {'bounded LP':>10} {'ratio':>6}  "
        f"{'every LP':>10} {'ratio':>6}"
    )
    for size in args.sizes:
        ours: list[float] = []
        theirs: dict[str, list[float]] = {"bounded": [], "every": []}
        for k in range(args.games):
            rng = np.random.default_rng(size * 100 + k)
            a, b = rng.standard_normal((size, size)), rng.standard_normal((size, size))
            game = dm.NormalFormGame.from_bimatrix(a, b)
            value = dm.stackelberg(game).leader_value
            for bounded in (True, False):
                assert abs(stackelberg_direct(a, b, bounded) - value) <= 1e-7
            ours.append(cpu_best(lambda g=game: dm.stackelberg(g), args.repeat))
            theirs["bounded"].append(
                cpu_best(lambda a=a, b=b: stackelberg_direct(a, b, True), args.repeat)
            )
            theirs["every"].append(
                cpu_best(lambda a=a, b=b: stackelberg_direct(a, b, False), args.repeat)
            )
        print(row("stackelberg", size, ours, theirs), flush=True)
    print()
    print(f"{'size':>5} {'solver':<14} {'dealmodels':>10}  {'sparse LP':>10} {'ratio':>6}")
    for size in args.ce_sizes:
        ours = []
        direct: dict[str, list[float]] = {"sparse": []}
        for k in range(args.games):
            rng = np.random.default_rng(size * 100 + k)
            a, b = rng.standard_normal((size, size)), rng.standard_normal((size, size))
            game = dm.NormalFormGame.from_bimatrix(a, b)
            value = dm.correlated_equilibrium(game).objective_value
            assert abs(correlated_direct(a, b) - value) <= 1e-6 * max(1.0, abs(value))
            ours.append(cpu_best(lambda g=game: dm.correlated_equilibrium(g), args.repeat))
            direct["sparse"].append(
                cpu_best(lambda a=a, b=b: correlated_direct(a, b), args.repeat)
            )
        print(row("correlated", size, ours, direct), flush=True)


if __name__ == "__main__":
    main()
