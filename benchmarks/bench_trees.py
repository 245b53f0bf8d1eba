"""Speed of game trees: building, .efg reading, and backward induction on 10^6 nodes.

Run: python benchmarks/bench_trees.py [--depth 19] [--repeat 7]

A random perfect-information binary tree of depth ``--depth`` (19 gives 1,048,575 nodes;
two players alternate; float payoffs in [0, 1)) is

* built with ``GameTree.build`` from nested ``decision(...)`` calls (the time to make the
  nested calls themselves is reported apart), and read from the text of its ``.efg`` file;
* solved by ``subgame_perfect`` (the vectorized level-by-level backward pass alone, and the
  whole call with the result object and its verification), beside a plain numpy
  level-by-level pass over the tree's public arrays (:func:`plain_level_pass`, the baseline of
  the target "within 1.5x"; ratios printed for the float and the exact tree), beside a
  plain recursion over a networkx DiGraph of the same tree (the graph's construction is
  timed apart), and beside pygambit when it is installed. pygambit has no subgame-perfect
  solver in Python: its ``lcp_solve`` on the tree is the nearest available call, and it is
  slow (the issue reports it does not finish 1,111 nodes in two minutes), so it runs on a
  depth-6 tree (127 nodes) and its time is reported beside subgame_perfect on the same tree.

Prints medians over ``--repeat`` runs (builds and reads: a third of them, at least one) and
ratios. The same tree with integer payoffs (an exact tree) is solved too.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from dealmodels import GameTree, decision, subgame_perfect
from dealmodels.io.efg import read_efg, write_efg
from dealmodels.solvers.backward import _backward_pure


def median_time(f: Callable[[], Any], repeat: int, warm: bool = True) -> float:
    if warm:
        f()
    times = []
    for _ in range(max(repeat, 1)):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def random_spec(depth: int, seed: int = 0, integer: bool = False) -> Any:
    rng = np.random.default_rng(seed)
    if integer:
        leaves = iter(rng.integers(0, 1000, size=(2**depth, 2)).tolist())
    else:
        leaves = iter(rng.random((2**depth, 2)).tolist())
    players = ("A", "B")

    def node(d: int, p: int) -> Any:
        if d == 0:
            return tuple(next(leaves))
        return decision(players[p], {"L": node(d - 1, 1 - p), "R": node(d - 1, 1 - p)})

    return node(depth, 0)


def naive_backward(graph: Any, root: int = 0) -> tuple[float, ...]:
    """Backward induction by plain recursion over a networkx DiGraph."""
    attrs = graph.nodes
    succ = graph.succ

    def value(v: int) -> tuple[float, ...]:
        kids = list(succ[v])
        if not kids:
            return attrs[v]["payoffs"]  # type: ignore[no-any-return]
        i = attrs[v]["player_index"]
        best: tuple[float, ...] | None = None
        for c in kids:
            val = value(c)
            if best is None or val[i] > best[i]:
                best = val
        assert best is not None
        return best

    return value(root)


def plain_level_pass(tree: GameTree) -> tuple[Any, Any]:
    """Backward induction as a plain numpy pass over the tree's public arrays, level by level
    (values of every node and each decision node's first best child; no ranks, no checks,
    no result object): the baseline of issue 16's target for ``subgame_perfect``."""
    n, m = tree.n_nodes, tree.n_players
    fc, nc, player = tree.first_child, tree.n_children, tree.node_player
    vals = np.empty((n, m), dtype=np.float64)
    term = tree.payoff_row >= 0
    vals[term] = tree.payoffs[tree.payoff_row[term]]
    choice = np.zeros(n, dtype=np.int64)
    for lo, hi in reversed(tree.levels()):
        inner = lo + np.flatnonzero(nc[lo:hi])
        if len(inner) == 0:
            continue
        counts = nc[inner]
        clo, chi = int(fc[inner[0]]), int(fc[inner[-1]] + counts[-1])
        seg = fc[inner] - clo
        own = vals[np.arange(clo, chi), np.repeat(player[inner], counts)]
        best = np.maximum.reduceat(own, seg)
        pos = np.where(own >= np.repeat(best, counts), np.arange(chi - clo), chi)
        first = np.minimum.reduceat(pos, seg) - seg
        vals[inner] = vals[clo + seg + first]
        choice[inner] = first
    return vals, choice


def networkx_graph(tree: GameTree) -> Any:
    import networkx as nx

    g = nx.DiGraph()
    pay = tree.payoffs.tolist()
    row = tree.payoff_row.tolist()
    player = tree.node_player.tolist()
    for v in range(tree.n_nodes):
        if row[v] >= 0:
            g.add_node(v, payoffs=tuple(pay[row[v]]))
        else:
            g.add_node(v, player_index=player[v])
    g.add_edges_from(zip(tree.parent[1:].tolist(), range(1, tree.n_nodes), strict=True))
    return g


def pygambit_time(depth: int) -> str:
    try:
        import pygambit as gbt  # type: ignore[import-not-found]
    except ImportError:
        return "pygambit is not installed: skipped (pip install pygambit builds from source)"
    import io

    tree = GameTree.build(["A", "B"], random_spec(depth, integer=True))
    game = gbt.read_efg(io.StringIO(write_efg(tree)))
    t0 = time.perf_counter()
    gbt.nash.lcp_solve(game, rational=False)
    t_gambit = time.perf_counter() - t0
    t_ours = median_time(lambda: subgame_perfect(tree), 5)
    return (
        f"pygambit lcp_solve (no SPE solver in pygambit) on {tree.n_nodes:,} nodes: "
        f"{t_gambit:.3f} s; subgame_perfect on the same tree: {t_ours * 1e3:.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=19)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    depth, repeat = args.depth, args.repeat
    few = max(repeat // 3, 1)

    t0 = time.perf_counter()
    spec = random_spec(depth)
    t_spec = time.perf_counter() - t0
    t_build = median_time(lambda: GameTree.build(["A", "B"], spec), few, warm=False)
    tree = GameTree.build(["A", "B"], spec)
    n = tree.n_nodes
    text = write_efg(tree)
    t_read_float = median_time(lambda: read_efg(text, kind="float"), few, warm=False)
    assert read_efg(text, kind="float") == tree

    int_tree = GameTree.build(["A", "B"], random_spec(depth, integer=True))
    int_text = write_efg(int_tree)
    t_read_exact = median_time(lambda: read_efg(int_text), few, warm=False)

    t_pass = median_time(lambda: _backward_pure(tree, 1e-12), repeat)
    t_plain = median_time(lambda: plain_level_pass(tree), repeat)
    plain_vals, _ = plain_level_pass(tree)
    assert plain_vals[0].tolist() == subgame_perfect(tree).payoffs.tolist(), (
        "the plain pass disagrees"
    )
    t_full = median_time(lambda: subgame_perfect(tree), repeat)
    t_exact = median_time(lambda: subgame_perfect(int_tree), repeat)
    spe = subgame_perfect(tree)

    t0 = time.perf_counter()
    graph = networkx_graph(tree)
    t_graph = time.perf_counter() - t0
    t_naive = median_time(lambda: naive_backward(graph), few)
    assert naive_backward(graph) == tuple(spe.payoffs.tolist()), "the naive recursion disagrees"

    print(f"tree: {n:,} nodes, depth {depth}, 2 players, perfect information")
    print(f"  nested decision(...) calls (user code)  {t_spec:8.3f} s")
    print(f"  GameTree.build from them                {t_build:8.3f} s")
    label = f"read_efg, float payoffs ({len(text) / 1e6:.0f} MB)"
    print(f"  {label:<40}{t_read_float:8.3f} s")
    print(f"  read_efg, exact (integer payoffs)       {t_read_exact:8.3f} s")
    print("backward induction")
    print(f"  vectorized pass (float)                 {t_pass * 1e3:8.1f} ms")
    print(f"  subgame_perfect, whole call (float)     {t_full * 1e3:8.1f} ms")
    print(f"  subgame_perfect, whole call (exact)     {t_exact * 1e3:8.1f} ms")
    print(f"  plain numpy level-by-level pass (float) {t_plain * 1e3:8.1f} ms")
    print(f"  ratio subgame_perfect / plain (float)   {t_full / t_plain:8.2f} x  (target <= 1.5)")
    print(f"  ratio subgame_perfect / plain (exact)   {t_exact / t_plain:8.2f} x  (target <= 1.5)")
    print(f"  networkx DiGraph construction           {t_graph:8.3f} s")
    print(f"  naive recursion over the DiGraph        {t_naive:8.3f} s")
    print(f"  ratio naive / vectorized pass           {t_naive / t_pass:8.1f} x")
    print(f"  ratio naive / subgame_perfect           {t_naive / t_full:8.1f} x")
    print(pygambit_time(6))


if __name__ == "__main__":
    main()
