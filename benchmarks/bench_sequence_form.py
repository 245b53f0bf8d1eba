"""Speed of the sequence form against the reduced normal form on random two-player trees.

Run: python benchmarks/bench_sequence_form.py [--repeat 3] [--seeds 10] [--max-infosets 80]

Random trees with perfect recall, imperfect information and exactly ``k`` information sets
per player (``random_tree_infosets`` of ``tests/solvers/test_sequence_form_infosets.py``:
levels alternate between the players, each player's frontier nodes are grouped by their
own sequence and a group is split into 2-4 sets with probability 0.3, nodes end with
probability 0.1 from the third level on, two actions per set, float payoffs, seeded) are
solved

* by ``nash_equilibria(tree, method="sequence_form")`` (proper subgames bottom up, each by
  Lemke on the sequence-form LCP, verified at every information set),
* through the reduced normal form: ``tree.to_normal_form()`` then one equilibrium by
  ``nash_equilibria(game, method="lemke_howson")`` (timed together; run only while the
  reduced normal form has at most ``--max-profiles`` profiles, else ``n/a``),
* by pygambit's ``lcp_solve`` on the tree (floats) when pygambit is installed (``n/a`` once
  a run took more than ``--gambit-cap`` seconds).

Table 1: growing ``k`` at one seed (median seconds over ``--repeat`` runs). Table 2: the
issue's target, ``k = 20`` on ``--seeds`` seeds, float and exact payoffs (exact trees are
solved by the float path plus an exact rebuild, or rational pivoting if that fails).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _timing import median_time
from tests.solvers.test_sequence_form_infosets import (
    random_tree_infosets,
    reduced_strategy_counts,
)

from dealmodels import nash_equilibria
from dealmodels.games.extensive_form import GameTree
from dealmodels.solvers.sequence_form import sequence_form, sequence_form_equilibrium


def sequence_form_route(tree: GameTree) -> Any:
    return nash_equilibria(tree, method="sequence_form")


def normal_form_route(tree: GameTree) -> Any:
    return nash_equilibria(tree.to_normal_form(), method="lemke_howson")


def gambit_route(tree: GameTree) -> Any:
    import pygambit

    from dealmodels.io.efg import write_efg

    game = pygambit.read_efg(io.StringIO(write_efg(tree)))
    return pygambit.nash.lcp_solve(game, rational=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-infosets", type=int, default=80)
    parser.add_argument("--max-profiles", type=int, default=20_000)
    parser.add_argument("--gambit-cap", type=float, default=10.0)
    args = parser.parse_args()
    try:
        import pygambit  # noqa: F401

        have_gambit = True
    except ImportError:
        have_gambit = False
    sequence_form_equilibrium(random_tree_infosets(3, seed=0))  # warm up scipy imports
    print(f"Table 1: growing trees, seed {args.seed}, median of {args.repeat}")
    print(
        "| infosets per player | nodes | sequences (1, 2) | reduced strategies (1, 2) "
        "| sequence form s | normal form s | NF / SF | pygambit lcp s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    gambit_ok = have_gambit
    for k in (2, 4, 8, 12, 16, 20, 30, 40, 60, 80, 120, 160):
        if k > args.max_infosets:
            break
        tree = random_tree_infosets(k, seed=args.seed)
        sf = sequence_form(tree)
        t_sf = median_time(lambda t=tree: sequence_form_route(t), args.repeat)
        sizes = reduced_strategy_counts(sf)
        if sizes[0] * sizes[1] <= args.max_profiles:
            t_nf = median_time(lambda t=tree: normal_form_route(t), args.repeat)
            nf, ratio = f"{t_nf:.4f}", f"{t_nf / t_sf:.1f}"
        else:
            nf, ratio = "n/a", "n/a"
        if gambit_ok:
            t_gb = median_time(lambda t=tree: gambit_route(t), 1)
            gb = f"{t_gb:.4f}"
            gambit_ok = t_gb <= args.gambit_cap
        else:
            gb = "n/a"
        size_text = ", ".join(f"{s:.3g}" if s >= 10**6 else str(s) for s in sizes)
        print(
            f"| {k} | {tree.n_nodes} | {sf.n_sequences[0]}, {sf.n_sequences[1]} | {size_text} "
            f"| {t_sf:.4f} | {nf} | {ratio} | {gb} |",
            flush=True,
        )
    print()
    print(f"Table 2: target, 20 information sets per player, seeds 0..{args.seeds - 1}")
    print(
        "| seed | nodes | reduced strategies (1, 2) | float s | exact s | exact method "
        "| pygambit lcp s |"
    )
    print("|---|---|---|---|---|---|---|")
    worst_f, worst_x = 0.0, 0.0
    for seed in range(args.seeds):
        tree = random_tree_infosets(20, seed=seed)
        sizes = reduced_strategy_counts(sequence_form(tree))
        t_f = median_time(lambda t=tree: sequence_form_route(t), args.repeat)
        exact_tree = random_tree_infosets(20, seed=seed, exact=True)
        t_x = median_time(lambda t=exact_tree: sequence_form_route(t), args.repeat)
        method = sequence_form_equilibrium(exact_tree).method
        gb = f"{median_time(lambda t=tree: gambit_route(t), 1):.4f}" if have_gambit else "n/a"
        worst_f, worst_x = max(worst_f, t_f), max(worst_x, t_x)
        print(
            f"| {seed} | {tree.n_nodes} | {sizes[0]}, {sizes[1]} | {t_f:.4f} | {t_x:.4f} "
            f"| {method} | {gb} |",
            flush=True,
        )
    print()
    for label, worst in (("float", worst_f), ("exact", worst_x)):
        verdict = "met" if worst < 1.0 else "NOT met"
        print(f"  {label}: slowest {worst:.3f} s over {args.seeds} seeds (< 1 s: {verdict})")


if __name__ == "__main__":
    main()
