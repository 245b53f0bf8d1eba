r"""The derived lookups of a game tree: :class:`TreeIndex` and the layouts it holds.

Every :class:`~dealmodels.games.extensive_form.GameTree` owns one :class:`TreeIndex`
(:attr:`GameTree.index <dealmodels.games.extensive_form.GameTree.index>`): the depth ranges,
payoff ranks, the per-level layout of the backward pass, the moves out of decision nodes,
information-set lookups and the subgame roots. Each entry is computed from the tree's arrays
on first use and kept; arrays are read-only and the index refuses attribute assignment, so a
solver can read them but never change what another solver reads.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from dealmodels.errors import InvalidGameError
from dealmodels.games.extensive_form.storage import CHANCE, DECISION

if TYPE_CHECKING:
    import networkx as nx

    from dealmodels.games.extensive_form.storage import GameTree

__all__ = ["DecisionMoves", "LevelBlock", "TreeIndex"]


class LevelBlock(NamedTuple):
    """The inner nodes of one depth level and the layout of their children.

    Attributes
    ----------
    nodes : ndarray of int64
        The non-terminal nodes of the level, in node order.
    counts : ndarray of int64
        Their child counts.
    offsets : ndarray of int64
        Where each node's children start inside the children range ``[lo, hi)``.
    lo, hi : int
        The children of the level's nodes are exactly the nodes ``lo .. hi - 1``.
    branching : int
        The common child count, or 0 if it varies.
    mover : int
        The one player to move at every node of the level, or -1 (several, or chance).
    is_decision : ndarray of bool
        Which of ``nodes`` are decision nodes.
    """

    nodes: NDArray[np.int64]
    counts: NDArray[np.int64]
    offsets: NDArray[np.int64]
    lo: int
    hi: int
    branching: int
    mover: int
    is_decision: NDArray[np.bool_]


class DecisionMoves(NamedTuple):
    """Every move out of a decision node: child, parent and the parent's mover.

    ``child_at`` and ``parent_at`` index the flattened ``(n_nodes, n_players)`` value array
    (``node * n_players + mover``); ``scale`` is :math:`\\max(1, \\max |u|)` for float trees
    (1 otherwise), the size a round-off tolerance is relative to.
    """

    children: NDArray[np.int64]
    parents: NDArray[np.int64]
    movers: NDArray[np.int64]
    child_at: NDArray[np.int64]
    parent_at: NDArray[np.int64]
    scale: float


def _frozen(a: NDArray[Any]) -> NDArray[Any]:
    a.flags.writeable = False
    return a


class TreeIndex:
    r"""Lookups derived from a :class:`GameTree`, each computed on first use and then kept.

    Every tree owns one (:attr:`GameTree.index`). The tree builds each entry from its own
    arrays; solvers and readers only read them. Arrays are read-only, and the index refuses
    attribute assignment, so nothing outside the tree can change what it caches.

    Examples
    --------
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> t = GameTree.build(players=["A", "B"],
    ...     root=decision("A", {"l": (1, 0), "r": decision("B", {"x": (0, 1), "y": (2, 2)})}))
    >>> t.index.levels
    ((0, 1), (1, 3), (3, 5))
    >>> t.index.decision_nodes.tolist(), t.index.has_chance
    ([0, 2], False)
    """

    def __init__(self, tree: GameTree) -> None:
        object.__setattr__(self, "_tree", tree)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a TreeIndex is read-only; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a TreeIndex is read-only; cannot delete {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # the lookups are rebuilt on demand: a pickled tree does not carry them
        return (TreeIndex, (self._tree,))

    def __repr__(self) -> str:
        built = sorted(k for k in vars(self) if not k.startswith("_"))
        return f"<TreeIndex of {self._tree!r}; built: {built}>"

    _tree: GameTree

    # -- shape ---------------------------------------------------------------------------------
    @functools.cached_property
    def levels(self) -> tuple[tuple[int, int], ...]:
        """The ``(start, stop)`` node range of each depth, root level first."""
        tree = self._tree
        lv = []
        lo, hi = 0, 1
        fc, nc = tree.first_child, tree.n_children
        while lo < hi:
            lv.append((lo, hi))
            ks = nc[lo:hi]
            inner = np.flatnonzero(ks)
            if len(inner) == 0:
                break
            lo, hi = int(fc[lo + inner[0]]), int(fc[lo + inner[-1]] + ks[inner[-1]])
        return tuple(lv)

    @functools.cached_property
    def long_and_thin(self) -> bool:
        r"""True if the tree has more than :math:`64 + n/32` depth levels (:math:`n` nodes).

        A pass over the tree level by level costs a few numpy calls per level however few
        nodes it holds, so on such a tree (a long centipede) a node-by-node pass is faster.
        Decided without listing every level when there are too many.
        """
        tree = self._tree
        cap = 64 + tree.n_nodes // 32
        if "levels" in vars(self):
            return len(self.levels) > cap
        fc, nc = tree.first_child, tree.n_children
        lo, hi, count = 0, 1, 0
        while lo < hi and count <= cap:
            count += 1
            ks = nc[lo:hi]
            inner = np.flatnonzero(ks)
            if len(inner) == 0:
                break
            lo, hi = int(fc[lo + inner[0]]), int(fc[lo + inner[-1]] + ks[inner[-1]])
        return count > cap

    @functools.cached_property
    def depth(self) -> NDArray[np.int64]:
        """Per node: the number of moves from the root."""
        tree = self._tree
        d = np.zeros(tree.n_nodes, dtype=np.int64)
        for lo, hi in self.levels[1:]:
            d[lo:hi] = d[tree.parent[lo:hi]] + 1
        return _frozen(d)

    @functools.cached_property
    def action_index(self) -> NDArray[np.int64]:
        """Per node: the position of the action leading to it (-1 at the root)."""
        tree = self._tree
        idx = np.arange(tree.n_nodes, dtype=np.int64)
        idx[1:] -= tree.first_child[tree.parent[1:]]
        idx[0] = -1
        return _frozen(idx)

    @functools.cached_property
    def decision_nodes(self) -> NDArray[np.int64]:
        """The decision nodes, in node order."""
        return _frozen(np.flatnonzero(self._tree.node_kind == DECISION).astype(np.int64))

    @functools.cached_property
    def has_chance(self) -> bool:
        """True if the tree has a chance node."""
        return bool(np.any(self._tree.node_kind == CHANCE))

    # -- information sets ----------------------------------------------------------------------
    @functools.cached_property
    def infoset_first(self) -> NDArray[np.int64]:
        """Per information set: its smallest node index."""
        tree = self._tree
        dec = np.flatnonzero(tree.infoset >= 0)
        first = np.full(tree.n_infosets, -1, dtype=np.int64)
        # reversed assignment leaves the smallest node index per infoset
        first[tree.infoset[dec[::-1]]] = dec[::-1]
        return _frozen(first)

    @functools.cached_property
    def infoset_sizes(self) -> NDArray[np.int64]:
        """Per information set: its number of nodes."""
        tree = self._tree
        sizes = np.bincount(tree.infoset[tree.infoset >= 0], minlength=tree.n_infosets)
        return _frozen(sizes.astype(np.int64))

    @functools.cached_property
    def infoset_by_name(self) -> Mapping[str, int]:
        """Information-set name (:meth:`GameTree.infoset_name`) -> index, read-only."""
        names = self._tree.infoset_names()
        return types.MappingProxyType({nm: k for k, nm in enumerate(names)})

    # -- payoff comparisons and the backward pass's layout -------------------------------------
    @functools.cached_property
    def rank_keys(self) -> NDArray[Any]:
        """Payoffs for comparisons: float payoffs as they are, exact ones as per-player ranks.

        Rank :math:`r` of a payoff is its position among the player's distinct payoffs in
        increasing order, so ``rank_keys[a, p] > rank_keys[b, p]`` iff
        ``payoffs[a, p] > payoffs[b, p]``, exactly, on int64 arrays. Symbolic trees have no
        ranks (``InvalidGameError``).
        """
        tree = self._tree
        if tree.kind == "float":
            return tree.payoffs
        if tree.kind == "symbolic":
            raise InvalidGameError("a symbolic tree has no payoff ranks: use subs() first")
        pay = tree.payoffs
        keys = np.empty(pay.shape, dtype=np.int64)
        for p in range(pay.shape[1]):
            col = pay[:, p].tolist()
            ranks = {v: r for r, v in enumerate(sorted(set(col)))}
            keys[:, p] = [ranks[v] for v in col]
        return _frozen(keys)

    @functools.cached_property
    def rank_columns(self) -> tuple[NDArray[Any], ...]:
        """:attr:`rank_keys` split into one contiguous column per player."""
        keys = self.rank_keys
        return tuple(
            _frozen(np.ascontiguousarray(keys[:, p])) for p in range(self._tree.n_players)
        )

    @functools.cached_property
    def level_blocks(self) -> tuple[LevelBlock, ...]:
        """Per depth level with inner nodes, deepest first: the :class:`LevelBlock` layout."""
        tree = self._tree
        nc, fc = tree.n_children, tree.first_child
        kinds, player = tree.node_kind, tree.node_player
        plan = []
        for lo, hi in reversed(self.levels):
            inner = nc[lo:hi] > 0
            if not np.any(inner):
                continue
            idx = lo + np.flatnonzero(inner) if not np.all(inner) else np.arange(lo, hi)
            counts = nc[idx]
            clo = int(fc[idx[0]])
            chi = int(fc[idx[-1]] + counts[-1])
            seg = fc[idx] - clo
            branching = int(counts[0]) if np.all(counts == counts[0]) else 0
            is_dec = kinds[idx] == DECISION
            movers = np.unique(player[idx])
            mover = int(movers[0]) if len(movers) == 1 and bool(np.all(is_dec)) else -1
            block = LevelBlock(
                _frozen(idx),
                _frozen(counts),
                _frozen(seg),
                clo,
                chi,
                branching,
                mover,
                _frozen(is_dec),
            )
            plan.append(block)
        return tuple(plan)

    @functools.cached_property
    def decision_moves(self) -> DecisionMoves:
        """Every move out of a decision node (see :class:`DecisionMoves`)."""
        tree = self._tree
        m = tree.n_players
        par = tree.parent[1:]
        mask = np.take(tree.node_kind, par) == DECISION
        kids = np.flatnonzero(mask) + 1
        parents = par[mask]
        movers = np.take(tree.node_player, parents)
        scale = max(1.0, float(np.max(np.abs(tree.payoffs)))) if tree.kind == "float" else 1.0
        return DecisionMoves(
            _frozen(kids),
            _frozen(parents),
            _frozen(movers),
            _frozen(kids * m + movers),
            _frozen(parents * m + movers),
            scale,
        )

    # -- structure -----------------------------------------------------------------------------
    @functools.cached_property
    def subgame_roots(self) -> NDArray[np.int64]:
        """See :meth:`GameTree.subgame_roots` (computed by
        :func:`~dealmodels.games.extensive_form.structure.find_subgame_roots`)."""
        from dealmodels.games.extensive_form.structure import find_subgame_roots

        return _frozen(find_subgame_roots(self._tree))

    @functools.cached_property
    def graph(self) -> nx.DiGraph:
        """See :attr:`GameTree.graph` (frozen: networkx refuses changes)."""
        import networkx as nx

        from dealmodels.games.extensive_form.storage import build_graph

        return nx.freeze(build_graph(self._tree))
