"""Speed of the sequence form against the reduced normal form on random two-player trees.

Run: python benchmarks/bench_sequence_form.py [--repeat 3] [--max-depth 8]

Random trees with perfect recall and imperfect information (``random_tree`` of
``tests/solvers/test_sequence_form.py``: players alternate, moves seen with probability 0.3
per depth, no chance nodes, two actions, float payoffs) of growing depth are solved

* by ``sequence_form_equilibrium`` (general sum: Lemke on the sequence-form LCP), and
* through the reduced normal form: ``tree.to_normal_form()`` then one equilibrium by
  ``nash_equilibria(game, method="lemke_howson")`` (timed together; skipped when the normal
  form has more than ``--max-profiles`` profiles),

and pygambit's ``lcp_solve`` on the tree when pygambit is installed. Prints median seconds
over ``--repeat`` runs and the ratio normal form / sequence form. Then the issue's target:
trees with at least 20 information sets per player (float and exact payoffs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.solvers.test_sequence_form import random_tree

from dealmodels import nash_equilibria
from dealmodels.games.extensive_form import GameTree
from dealmodels.solvers.sequence_form import sequence_form, sequence_form_equilibrium


def median_time(f: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def normal_form_route(tree: GameTree) -> Any:
    return nash_equilibria(tree.to_normal_form(), method="lemke_howson")


def gambit_route(tree: GameTree) -> Any:
    import io

    import pygambit

    from dealmodels.io.efg import write_efg

    game = pygambit.read_efg(io.StringIO(write_efg(tree)))
    return pygambit.nash.lcp_solve(game, rational=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-depth", type=int, default=8)
    parser.add_argument("--max-profiles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    try:
        import pygambit  # noqa: F401

        have_gambit = True
    except ImportError:
        have_gambit = False
    sequence_form_equilibrium(random_tree(3, seed=0, exact=False))  # warm up scipy imports
    print(
        "| depth | nodes | infosets (1, 2) | sequences (1, 2) | reduced strategies (1, 2) "
        "| sequence form s | normal form s | ratio |"
        + (" pygambit lcp s |" if have_gambit else "")
    )
    print("|---|---|---|---|---|---|---|---|" + ("---|" if have_gambit else ""))
    for depth in range(2, args.max_depth + 1):
        tree = random_tree(depth, seed=args.seed, exact=False, p_observe=0.3, p_chance=0.0)
        sf = sequence_form(tree)
        h = (len(sf.infosets[0]), len(sf.infosets[1]))
        t_sf = median_time(lambda t=tree: sequence_form_equilibrium(t), args.repeat)
        sizes = []
        for i in range(2):
            try:
                sizes.append(len(tree.reduced_strategies(i)))
            except Exception:
                sizes.append(-1)
        profiles = sizes[0] * sizes[1] if min(sizes) > 0 else -1
        if 0 < profiles <= args.max_profiles:
            t_nf = median_time(lambda t=tree: normal_form_route(t), args.repeat)
            nf, ratio = f"{t_nf:.4f}", f"{t_nf / t_sf:.1f}"
        else:
            nf, ratio = "(too large)", "-"
        size_text = ", ".join(str(s) if s > 0 else ">2e6" for s in sizes)
        row = (
            f"| {depth} | {tree.n_nodes} | {h[0]}, {h[1]} | {sf.n_sequences[0]}, "
            f"{sf.n_sequences[1]} | {size_text} | {t_sf:.4f} | {nf} | {ratio} |"
        )
        if have_gambit:
            gb = median_time(lambda t=tree: gambit_route(t), 1) if depth <= 6 else float("nan")
            row += f" {gb:.4f} |"
        print(row, flush=True)
    print()
    print("Target: at least 20 information sets per player, solved in under 1 s")
    for exact in (False, True):
        tree = random_tree(7, seed=args.seed, exact=exact, p_observe=0.3, p_chance=0.0)
        sf = sequence_form(tree)
        t = median_time(lambda t=tree: sequence_form_equilibrium(t), args.repeat)
        eq = sequence_form_equilibrium(tree)
        print(
            f"  {'exact' if exact else 'float'}: {tree.n_nodes} nodes, information sets "
            f"{len(sf.infosets[0])} and {len(sf.infosets[1])}, sequences {sf.n_sequences}: "
            f"{t:.3f} s ({eq.method})"
        )


if __name__ == "__main__":
    main()
