r"""The structure of a game tree: subgames, perfect recall and the reduced normal form.

These are the queries that look at the tree as a game rather than as arrays; the
:class:`~dealmodels.games.extensive_form.GameTree` methods of the same names call them.

* A *subgame* starts at a node :math:`v` whose subtree contains every node of every
  information set it meets [1]_ (:func:`find_subgame_roots`, :func:`subtree`).
* *Perfect recall*: every node of an information set of player :math:`i` is preceded by the
  same sequence of :math:`i`'s own information sets and actions [2]_; it suffices that the
  *last* own (information set, action) pair agrees (:func:`is_perfect_recall`).
* The *reduced normal form* merges pure strategies that differ only at information sets their
  own earlier moves make unreachable [2]_; a profile's payoff is
  :math:`\sum_z P(z)\, u(z)` over the terminals :math:`z` it can reach, :math:`P(z)` the
  product of the chance probabilities on the path (:func:`to_normal_form`).

References
----------
.. [1] R. Selten, "Reexamination of the perfectness concept for equilibrium points in
   extensive games", *International Journal of Game Theory* 4 (1975), 25-55.
.. [2] M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press, 1994,
   ch. 6 and 11.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dealmodels.errors import InvalidParameterError, UnsupportedGameError
from dealmodels.games.extensive_form.builder import (
    _Chance,
    _Decision,
    _Terminal,
    build_tree,
)
from dealmodels.games.extensive_form.storage import (
    CHANCE,
    DECISION,
    TERMINAL,
    GameTree,
    NodeSpec,
)

if TYPE_CHECKING:
    from dealmodels.games.normal_form import NormalFormGame

__all__ = [
    "find_subgame_roots",
    "is_perfect_recall",
    "reach_probabilities",
    "reduced_strategies",
    "strategy_label",
    "subtree",
    "to_normal_form",
]

_MAX_PROFILES = 2_000_000


# --------------------------------------------------------------------------------------------
# subgames
# --------------------------------------------------------------------------------------------
def find_subgame_roots(tree: GameTree) -> NDArray[np.int64]:
    """The non-terminal nodes that start a subgame, in node order (the root first).

    Every information set with several nodes rules out as subgame roots the nodes on the
    paths from their deepest common ancestor (exclusive) down to each of its nodes
    (inclusive): each such node's subtree holds some but not all of the set's nodes. Use
    :meth:`GameTree.subgame_roots`, which keeps the answer in the tree's index.
    """
    ok = tree.node_kind != TERMINAL
    if not tree.is_perfect_information:
        parent = tree.parent
        for k in np.flatnonzero(tree.index.infoset_sizes > 1).tolist():
            nodes = tree.infoset_nodes(k).tolist()
            # mark every ancestor-or-self of a node of the set below their common ancestor
            paths = []
            for v in nodes:
                p = [v]
                while p[-1] > 0:
                    p.append(int(parent[p[-1]]))
                paths.append(p[::-1])
            common = 0
            while all(len(p) > common and p[common] == paths[0][common] for p in paths):
                common += 1
            for p in paths:
                ok[p[common:]] = False
    return np.flatnonzero(ok).astype(np.int64)


def subtree(
    tree: GameTree, node: int, replace: Mapping[int, Sequence[Any]] | None = None
) -> GameTree:
    """See :meth:`GameTree.subtree`: the tree below ``node``, ``replace`` nodes cut off."""
    v = tree._check_node(node)
    cut: dict[int, tuple[Any, ...]] = {}
    if replace:
        if not isinstance(replace, Mapping):
            raise InvalidParameterError(
                f"replace must be a mapping of node index to payoff vector; got {replace!r}"
            )
        parent = tree.parent
        for w, pay in replace.items():
            u = tree._check_node(w)
            while u > v:
                u = int(parent[u])
            if u != v:
                raise InvalidParameterError(
                    f"replace must name nodes of the subtree of node {v}; got node {w!r} "
                    f"({tree.describe_node(int(w))})"
                )
            if isinstance(pay, str) or not isinstance(pay, Sequence | np.ndarray):
                raise InvalidParameterError(
                    f"replace[{w!r}] must be a payoff vector (one number per player); got {pay!r}"
                )
            cut[int(w)] = tuple(pay)
    return build_tree(tree.players, to_spec(tree, v, cut))


def to_spec(tree: GameTree, root: int, replace: Mapping[int, Sequence[Any]]) -> NodeSpec:
    """The builder specification of the subtree at ``root``; ``replace`` nodes are terminals."""
    kinds, first, count = tree.node_kind, tree.first_child, tree.n_children
    table, code = tree.label_table, tree.action_code
    players, prob = tree.players, tree.probabilities

    def spec(v: int) -> NodeSpec:
        if v in replace:
            return _Terminal(tuple(replace[v]))
        k = int(kinds[v])
        if k == TERMINAL:
            return _Terminal(tree.payoffs_at(v))
        kids = range(int(first[v]), int(first[v] + count[v]))
        labels = tuple(table[int(code[c])] for c in kids)
        sub = tuple(spec(c) for c in kids)
        if k == DECISION:
            key = tree._infoset_key(int(tree.infoset[v]))
            return _Decision(players[int(tree.node_player[v])], labels, sub, key)
        return _Chance(labels, tuple(prob[c] for c in kids), sub)

    return spec(root)


# --------------------------------------------------------------------------------------------
# perfect recall
# --------------------------------------------------------------------------------------------
def is_perfect_recall(tree: GameTree) -> bool:
    """See :meth:`GameTree.is_perfect_recall`."""
    if tree.is_perfect_information:
        return True
    last = _last_own_moves(tree)
    infoset, player = tree.infoset, tree.node_player
    dec = np.flatnonzero(infoset >= 0)
    k = infoset[dec]
    mine = last[dec, player[dec]]
    ref = mine[np.searchsorted(dec, tree.index.infoset_first[k])]
    return bool(np.all(mine == ref))


def _last_own_moves(tree: GameTree) -> NDArray[np.int64]:
    """Per node and player: code of the player's last (infoset, action) above it."""
    n, m = tree.n_nodes, tree.n_players
    width = int(tree.n_children.max()) + 1
    last = np.full((n, m), -1, dtype=np.int64)
    aidx = tree.action_index
    parent, kinds, player, infoset = tree.parent, tree.node_kind, tree.node_player, tree.infoset
    for lo, hi in tree.index.levels[1:]:
        par = parent[lo:hi]
        last[lo:hi] = last[par]
        dec = kinds[par] == DECISION
        rows = np.arange(lo, hi)[dec]
        pp = par[dec]
        last[rows, player[pp]] = infoset[pp] * width + aidx[rows]
    return last


# --------------------------------------------------------------------------------------------
# the reduced normal form
# --------------------------------------------------------------------------------------------
def reach_probabilities(tree: GameTree) -> NDArray[Any]:
    """Per node: the product of the chance probabilities on its path (players' moves = 1)."""
    exact = tree.kind != "float"
    out = np.ones(tree.n_nodes, dtype=object if exact else np.float64)
    if exact:
        out[:] = 1
    parent, kinds, prob = tree.parent, tree.node_kind, tree.probabilities
    for lo, hi in tree.index.levels[1:]:
        par = parent[lo:hi]
        w = np.where(kinds[par] == CHANCE, prob[lo:hi], 1)
        out[lo:hi] = out[par] * w
    return out


def _own_infosets(tree: GameTree, i: int) -> list[int]:
    """Player ``i``'s information sets, in information-set order."""
    return np.flatnonzero(tree.infoset_player == i).tolist()


def reduced_strategies(tree: GameTree, player: int | str) -> list[dict[int, int]]:
    """See :meth:`GameTree.reduced_strategies`."""
    i = tree._player_index(player)
    kids, nch, kinds = tree.first_child, tree.n_children, tree.node_kind
    movers, infoset = tree.node_player, tree.infoset

    def combine(parts: list[list[dict[int, int]]]) -> list[dict[int, int]]:
        acc: list[dict[int, int]] = [{}]
        for part in parts:
            nxt = []
            for a in acc:
                for b in part:
                    if all(a.get(k, v) == v for k, v in b.items()):
                        nxt.append({**a, **b})
            acc = nxt
            if len(acc) > _MAX_PROFILES:
                raise UnsupportedGameError(
                    f"player {tree.players[i]!r} has more than {_MAX_PROFILES} reduced "
                    "strategies; the normal form is too large"
                )
        return acc

    def rec(v: int) -> list[dict[int, int]]:
        if kinds[v] == TERMINAL:
            return [{}]
        f, m = int(kids[v]), int(nch[v])
        if kinds[v] == DECISION and movers[v] == i:
            j = int(infoset[v])
            out = []
            for a in range(m):
                for s in rec(f + a):
                    if s.get(j, a) == a:
                        out.append({j: a, **s})
            return out
        return combine([rec(c) for c in range(f, f + m)])

    strategies = rec(0)
    order = _own_infosets(tree, i)
    # deduplicate and sort (unassigned sets sort first)
    uniq = {tuple(s.get(k, -1) for k in order): s for s in strategies}
    return [{k: uniq[key][k] for k in sorted(uniq[key])} for key in sorted(uniq)]


def strategy_label(tree: GameTree, player: int | str, strategy: Mapping[int, int]) -> str:
    """See :meth:`GameTree.strategy_label`."""
    i = tree._player_index(player)
    order = _own_infosets(tree, i)
    if not order:
        return "-"
    actions = tree.infoset_actions
    return "/".join(actions[k][strategy[k]] if k in strategy else "*" for k in order)


def to_normal_form(tree: GameTree) -> NormalFormGame:
    """See :meth:`GameTree.to_normal_form`."""
    from dealmodels.games.normal_form import NormalFormGame

    n_players = tree.n_players
    strategies = [reduced_strategies(tree, i) for i in range(n_players)]
    shape = tuple(len(s) for s in strategies)
    if int(np.prod(shape, dtype=np.float64)) > _MAX_PROFILES:
        raise UnsupportedGameError(
            f"the reduced normal form has shape {shape}, more than {_MAX_PROFILES} profiles"
        )
    terms, moves = _terminal_moves(tree)
    reach = [
        np.array(
            [[all(s.get(k) == a for k, a in moves[i][t]) for t in range(len(terms))] for s in ss],
            dtype=bool,
        ).reshape(len(ss), len(terms))
        for i, ss in enumerate(strategies)
    ]
    weight = reach_probabilities(tree)[terms]
    pay = tree.payoffs[tree.payoff_row[terms]]
    kind = tree.kind
    if kind == "float":
        wp = pay.astype(np.float64) * weight.astype(np.float64)[:, None]
        # tensor over profiles: sum over terminals of the players' reach indicators times
        # the weighted payoffs (axes 0..n-1 players, n terminals, n+1 payoff component)
        m = n_players
        operands: list[Any] = []
        for i, r in enumerate(reach):
            operands += [r.astype(np.float64), [i, m]]
        operands += [wp, [m, m + 1], [*range(m), m + 1]]
        tensor = np.einsum(*operands)
        arrays = [tensor[..., p] for p in range(m)]
    else:
        wp = np.empty(pay.shape, dtype=object)
        for t in range(len(terms)):
            for p in range(n_players):
                wp[t, p] = pay[t, p] * weight[t]
        arrays = [np.empty(shape, dtype=object) for _ in range(n_players)]
        zero: Any = 0
        for prof in itertools.product(*(range(m) for m in shape)):
            mask = np.logical_and.reduce([reach[i][s] for i, s in enumerate(prof)])
            idx = np.flatnonzero(mask)
            for p in range(n_players):
                arrays[p][prof] = sum((wp[t, p] for t in idx), start=zero)
        if kind == "exact":
            for a in arrays:
                a.flat[:] = [Fraction(x) for x in a.flat]
        else:
            import sympy

            for a in arrays:
                a.flat[:] = [sympy.sympify(x) for x in a.flat]
    labels = [[strategy_label(tree, i, s) for s in ss] for i, ss in enumerate(strategies)]
    return NormalFormGame(arrays, players=tree.players, actions=labels)


def _terminal_moves(tree: GameTree) -> tuple[NDArray[np.int64], list[list[list[tuple[int, int]]]]]:
    """Terminal nodes, and per player and terminal the (infoset, action) moves on its path."""
    kinds, parent, player, infoset = tree.node_kind, tree.parent, tree.node_player, tree.infoset
    terms = np.flatnonzero(kinds == TERMINAL)
    aidx = tree.action_index
    n_players = tree.n_players
    moves: list[list[list[tuple[int, int]]]] = [[] for _ in range(n_players)]
    for t in terms.tolist():
        per: list[list[tuple[int, int]]] = [[] for _ in range(n_players)]
        v = t
        while v > 0:
            p = int(parent[v])
            if kinds[p] == DECISION:
                per[int(player[p])].append((int(infoset[p]), int(aidx[v])))
            v = p
        for i in range(n_players):
            moves[i].append(per[i])
    return terms, moves
