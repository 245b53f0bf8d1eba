r"""Extensive-form games (game trees) with chance moves and information sets.

A finite extensive-form game is a rooted tree. Each non-terminal node is either a
*decision node*, where one player :math:`i` picks one of the labelled actions, or a *chance
node*, where nature picks an action with fixed probabilities :math:`\pi(a) \ge 0`,
:math:`\sum_a \pi(a) = 1`. Each terminal node :math:`z` carries a payoff vector
:math:`u(z) = (u_1(z), \dots, u_n(z))`. Decision nodes are partitioned into *information
sets*: the player to move cannot tell the nodes of one set apart, so all of them belong to
the same player and offer the same action labels. A game has *perfect information* when every
information set is a single node, and *perfect recall* when no player ever forgets what they
knew or did: all nodes of an information set of player :math:`i` are preceded by the same
sequence of player :math:`i`'s own information sets and actions.

A *pure strategy* picks one action at each of a player's information sets; the *reduced*
normal form merges pure strategies that differ only at information sets their own earlier
moves make unreachable [2]_. A *subgame* is the part of the tree below a node :math:`v` such
that every information set meeting the subtree of :math:`v` lies inside it [1]_.

Storage
-------
:class:`GameTree` stores the tree in flat numpy arrays in breadth-first order (node 0 is the
root; the children of a node are a contiguous range ``first_child[v] : first_child[v] +
n_children[v]``, and the nodes of one depth are a contiguous range too), so solvers can
work level by level over whole arrays. Payoffs are one row per terminal node, in one of
three kinds: ``"float"`` (``float64``), ``"exact"`` (Python ``int`` / :class:`~fractions.Fraction`
in an object array) or ``"symbolic"`` (sympy expressions). A :mod:`networkx` view is built
only on demand (:attr:`GameTree.graph`).

Building
--------
Trees read like the game on paper with :func:`decision`, :func:`chance` and :func:`terminal`
(a plain tuple of numbers is a terminal too):

>>> from dealmodels.games.extensive_form import GameTree, decision, terminal
>>> entry = GameTree.build(
...     players=["entrant", "incumbent"],
...     root=decision("entrant", {
...         "out": terminal(0, 2),
...         "in": decision("incumbent", {"fight": (-1, -1), "accommodate": (1, 1)}),
...     }),
... )
>>> entry.n_nodes, entry.kind, entry.is_perfect_information
(5, 'exact', True)

References
----------
.. [1] R. Selten, "Reexamination of the perfectness concept for equilibrium points in
   extensive games", *International Journal of Game Theory* 4 (1975), 25-55.
.. [2] M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press, 1994,
   ch. 6 and 11.
"""

from __future__ import annotations

import functools
import itertools
import numbers
import types
from collections.abc import Hashable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np
from numpy.typing import NDArray

from dealmodels._gc import paused_gc
from dealmodels._numbers import is_sympy, to_fraction, to_sympy
from dealmodels._validation import fail
from dealmodels.errors import InvalidGameError, InvalidParameterError, UnsupportedGameError

if TYPE_CHECKING:
    import networkx as nx

    from dealmodels.games.normal_form import NormalFormGame

__all__ = [
    "CHANCE",
    "DECISION",
    "TERMINAL",
    "DecisionMoves",
    "GameTree",
    "LevelBlock",
    "TreeIndex",
    "TreeKind",
    "chance",
    "decision",
    "terminal",
]

TreeKind = Literal["float", "exact", "symbolic"]

#: Node kind codes stored in :attr:`GameTree.node_kind`.
TERMINAL = 0
DECISION = 1
CHANCE = 2

_KIND_NAMES = {TERMINAL: "terminal", DECISION: "decision", CHANCE: "chance"}
_PROB_TOL = 1e-9
_MAX_PROFILES = 2_000_000


# --------------------------------------------------------------------------------------------
# builder specs: tiny immutable records; all validation happens in GameTree.build
# --------------------------------------------------------------------------------------------
_CYCLE_CHECK_DEPTH = 64  # walks deeper than this are checked for cycles


class _Spec:
    """Base of the builder specs: immutable once made, so no spec can contain itself."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(
            f"builder nodes are immutable (cannot set {name!r}): make a new node with "
            "decision(...), chance(...) or terminal(...)"
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"builder nodes are immutable (cannot delete {name!r})")


class _Terminal(_Spec):
    __slots__ = ("payoffs",)
    payoffs: tuple[Any, ...]

    def __init__(self, payoffs: tuple[Any, ...]) -> None:
        object.__setattr__(self, "payoffs", payoffs)

    def __repr__(self) -> str:
        return f"terminal{self.payoffs!r}"


class _Decision(_Spec):
    __slots__ = ("children", "infoset", "labels", "player")
    player: str
    labels: tuple[str, ...]
    children: tuple[Any, ...]
    infoset: Any

    def __init__(
        self, player: str, labels: tuple[str, ...], children: tuple[Any, ...], infoset: Any
    ) -> None:
        object.__setattr__(self, "player", player)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "infoset", infoset)

    def __repr__(self) -> str:
        return f"decision({self.player!r}, {dict(zip(self.labels, self.children, strict=True))})"


class _Chance(_Spec):
    __slots__ = ("children", "labels", "probs")
    labels: tuple[str, ...]
    probs: tuple[Any, ...]
    children: tuple[Any, ...]

    def __init__(
        self, labels: tuple[str, ...], probs: tuple[Any, ...], children: tuple[Any, ...]
    ) -> None:
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "probs", probs)
        object.__setattr__(self, "children", children)

    def __repr__(self) -> str:
        return f"chance({self.labels!r}, {self.probs!r})"


NodeSpec = Any  # _Decision | _Chance | _Terminal | tuple of payoffs


def terminal(*payoffs: Any) -> _Terminal:
    """A terminal node with one payoff per player, in the order of ``players``.

    Parameters
    ----------
    *payoffs : int, float, Fraction or sympy expression
        The payoff of each player. A plain tuple ``(u1, u2)`` in an action mapping means
        the same thing.

    Examples
    --------
    >>> terminal(1, 2)
    terminal(1, 2)
    """
    return _Terminal(payoffs)


def decision(
    player: str,
    actions: Mapping[str, NodeSpec] | Sequence[tuple[str, NodeSpec]],
    *,
    infoset: Hashable | None = None,
) -> _Decision:
    """A decision node: ``player`` picks one of the labelled ``actions``.

    Parameters
    ----------
    player : str
        The name of the player to move (one of ``players`` of :meth:`GameTree.build`).
    actions : mapping or sequence of (label, node) pairs
        Action label to the node it leads to, in the order the actions are listed (this
        order breaks ties in :func:`~dealmodels.subgame_perfect`).
    infoset : hashable, optional
        Name of the information set. Decision nodes with the same name form one information
        set (same player, same action labels required). By default each node is alone.

    Examples
    --------
    >>> decision("AI", {"work": (1, 1), "defect": (0, 2)}).labels
    ('work', 'defect')
    """
    items = _pairs(
        actions,
        "actions",
        2,
        "a mapping of action label to node, or a sequence of (label, node) pairs",
    )
    return _Decision(
        player,
        tuple(a for a, _ in items),
        tuple(c for _, c in items),
        None if infoset is None else infoset,
    )


def chance(
    branches: Mapping[str, tuple[Any, NodeSpec]] | Sequence[tuple[str, Any, NodeSpec]],
) -> _Chance:
    """A chance node: nature picks each labelled branch with its probability.

    Parameters
    ----------
    branches : mapping label -> (probability, node), or sequence of (label, probability, node)
        Probabilities must be non-negative and sum to 1 (exactly for ``int``/``Fraction``
        probabilities, within 1e-9 for floats).

    Examples
    --------
    >>> from fractions import Fraction
    >>> chance({"good": (Fraction(1, 3), (1, 0)), "bad": (Fraction(2, 3), (0, 1))}).probs
    (Fraction(1, 3), Fraction(2, 3))
    """
    what = "a mapping of label to (probability, node), or a sequence of (label, probability, node)"
    if isinstance(branches, Mapping):
        pairs = _pairs(branches, "branches", 2, what)
        for a, pc in pairs:
            if not isinstance(pc, tuple | list) or len(pc) != 2:
                raise fail(f"branches[{a!r}]", "a (probability, node) pair", pc)
        items = [(a, pc[0], pc[1]) for a, pc in pairs]
    else:
        items = _pairs(branches, "branches", 3, what)
    return _Chance(
        tuple(str(b[0]) for b in items),
        tuple(b[1] for b in items),
        tuple(b[2] for b in items),
    )


def _pairs(given: object, name: str, width: int, what: str) -> list[tuple[Any, ...]]:
    """The items of a builder argument: a mapping's items, or a sequence of ``width``-tuples."""
    if isinstance(given, Mapping):
        items = [tuple(kv) for kv in given.items()]
    elif isinstance(given, Sequence) and not isinstance(given, str | bytes):
        items = []
        for i, b in enumerate(given):
            if not isinstance(b, tuple | list) or len(b) != width:
                raise fail(f"{name}[{i}]", f"a {width}-tuple", b)
            items.append(tuple(b))
    else:
        raise fail(name, what, given)
    return items


# --------------------------------------------------------------------------------------------
# scalar classification
# --------------------------------------------------------------------------------------------
def _scalar_kind(x: object) -> str:
    """'int', 'exact', 'float', 'symbolic' or 'bad'."""
    t = type(x)
    if t is int:
        return "int"
    if t is float:
        return "float"
    if t is Fraction:
        return "exact"
    if isinstance(x, bool):
        return "bad"
    if isinstance(x, np.integer):
        return "int"
    if isinstance(x, np.floating):
        return "float"
    if is_sympy(x):
        if getattr(x, "is_Rational", False):
            return "exact"
        if getattr(x, "is_number", False):
            return "float" if getattr(x, "is_real", False) else "bad"
        return "symbolic"
    if isinstance(x, numbers.Rational):
        return "exact"
    if isinstance(x, numbers.Real):
        return "float"
    return "bad"


def _exact(x: Any) -> Any:
    """A scalar classified exact by :func:`_scalar_kind` as Python int or Fraction.

    Ints and Fractions are kept as they are; any other exact number (numpy ints, sympy
    Rationals) is converted by :func:`~dealmodels._numbers.to_fraction`, whole numbers to int.
    """
    t = type(x)
    if t is int or t is Fraction:
        return x
    f = to_fraction(x)
    if f is None:
        raise InvalidGameError(f"expected an exact number; got {x!r}")
    return f.numerator if f.denominator == 1 else f


def _classify(values: Sequence[Any], what: str) -> TreeKind:
    seen: set[str] = set()
    for t in set(map(type, values)):
        if t is int:
            seen.add("int")
        elif t is float:
            seen.add("float")
        elif t is Fraction:
            seen.add("exact")
        else:
            for v in values:
                if type(v) is t:
                    k = _scalar_kind(v)
                    if k == "bad":
                        raise InvalidGameError(f"{what} must be real numbers; got {v!r}")
                    seen.add(k)
    if "symbolic" in seen:
        return "symbolic"
    if "float" in seen:
        return "float"
    return "exact"


# --------------------------------------------------------------------------------------------
# the index: derived lookups, computed by the tree on first use, read-only
# --------------------------------------------------------------------------------------------
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
        """See :meth:`GameTree.subgame_roots`."""
        tree = self._tree
        ok = tree.node_kind != TERMINAL
        if not tree.is_perfect_information:
            parent = tree.parent
            for k in np.flatnonzero(self.infoset_sizes > 1).tolist():
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
        return _frozen(np.flatnonzero(ok).astype(np.int64))

    @functools.cached_property
    def graph(self) -> nx.DiGraph:
        """See :attr:`GameTree.graph` (frozen: networkx refuses changes)."""
        import networkx as nx

        return nx.freeze(self._tree._build_graph())


# --------------------------------------------------------------------------------------------
# the tree
# --------------------------------------------------------------------------------------------
class GameTree:
    r"""An immutable finite extensive-form game stored in flat arrays.

    Build one with :meth:`GameTree.build` (nested :func:`decision` / :func:`chance` /
    :func:`terminal` calls), :meth:`GameTree.from_graph` (a networkx DiGraph), or
    :func:`dealmodels.io.efg.read_efg`. Nodes are numbered ``0 .. n_nodes - 1`` in
    breadth-first order, children in the order their actions were listed.

    Attributes
    ----------
    players : tuple of str
        Player names (chance is not a player).
    kind : {"float", "exact", "symbolic"}
        The number type of payoffs and chance probabilities.
    node_kind, parent, first_child, n_children, node_player, infoset, payoff_row : ndarray
        Read-only per-node arrays (see the properties of the same names).

    Examples
    --------
    >>> t = GameTree.build(players=["A", "B"],
    ...     root=decision("A", {"l": (1, 0), "r": decision("B", {"x": (0, 1), "y": (2, 2)})}))
    >>> t.children(0), t.action_label(2), t.node_path(3)
    (range(1, 3), 'r', ('r', 'x'))
    >>> t.payoffs_at(4)
    (2, 2)
    """

    __slots__ = (
        "_action",
        "_first_child",
        "_index",
        "_infoset",
        "_infoset_actions",
        "_infoset_names",
        "_infoset_player",
        "_kind",
        "_label_table",
        "_n_children",
        "_node_kind",
        "_parent",
        "_payoff_row",
        "_payoffs",
        "_player",
        "_players",
        "_prob",
    )

    _players: tuple[str, ...]
    _kind: TreeKind
    _node_kind: NDArray[np.int8]
    _parent: NDArray[np.int64]
    _first_child: NDArray[np.int64]
    _n_children: NDArray[np.int64]
    _player: NDArray[np.int64]
    _infoset: NDArray[np.int64]
    _action: NDArray[np.int64]
    _label_table: tuple[str, ...]
    _prob: NDArray[Any]
    _payoff_row: NDArray[np.int64]
    _payoffs: NDArray[Any]
    _infoset_player: NDArray[np.int64]
    _infoset_names: tuple[Hashable | None, ...]
    _infoset_actions: tuple[tuple[str, ...], ...] | None
    _index: TreeIndex

    def __init__(self) -> None:
        raise TypeError(
            "build a GameTree with GameTree.build(players=..., root=...), "
            "GameTree.from_graph(...) or dealmodels.io.efg.read_efg(...)"
        )

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def build(cls, players: Sequence[str], root: NodeSpec) -> GameTree:
        """Build a tree from nested :func:`decision`, :func:`chance`, :func:`terminal` calls.

        Parameters
        ----------
        players : sequence of str
            Distinct player names; a terminal lists one payoff per player in this order.
        root : node
            The root node (a terminal, a decision, a chance node, or a tuple of payoffs).

        Returns
        -------
        GameTree

        Raises
        ------
        InvalidGameError
            Naming the node (by its action path from the root) when a payoff is missing, a
            player is unknown, a node has no actions or repeats a label, chance
            probabilities are negative or do not sum to 1, or an information set mixes
            players or action labels.
        InvalidParameterError
            If ``players`` is not a sequence of distinct strings.

        Examples
        --------
        >>> import sympy
        >>> x, K, w, oA, oD = sympy.symbols("x K w o_A o_D")
        >>> m4 = GameTree.build(players=["developer", "AI"], root=decision("developer", {
        ...     "offer": decision("AI", {
        ...         "work": decision("developer", {"honour": (w - x, x), "renege": (w - K, 0)}),
        ...         "outside": (oD, oA)})}))
        >>> m4.kind, m4.n_nodes
        ('symbolic', 6)
        """
        with paused_gc():
            return cls._build(players, root)

    @classmethod
    def _build(cls, players: Sequence[str], root: NodeSpec) -> GameTree:
        names = _check_players(players)
        index = {p: i for i, p in enumerate(names)}
        n_players = len(names)
        # Breadth-first walk over the specs. Children are appended in node order, so
        # parent and first-child arrays follow from the child counts alone.
        nodes: list[Any] = [root]
        kinds: list[int] = []
        nch: list[int] = []
        dec_player: list[int] = []
        keys: dict[int, Any] = {}
        action: list[int] = [-1]
        rows: list[Any] = []
        chance_probs: list[Any] = []
        chance_slot: list[int] = []
        label_ids: dict[str, int] = {}
        label_table: list[str] = []
        labels_cache: dict[tuple[str, ...], list[int]] = {}
        kinds_append, nch_append, player_append = kinds.append, nch.append, dec_player.append
        rows_append, nodes_extend, action_extend = rows.append, nodes.extend, action.extend
        _D, _C, _T = _Decision, _Chance, _Terminal
        n_seen = 1
        # cycle guard, once per level (node specs are immutable, so a cycle needs
        # object.__setattr__): in an acyclic specification (subtrees may be shared) a node
        # at depth L has L + 1 distinct specs on its path, so the walk cannot have more
        # levels than there are distinct spec objects; a cycle would make it go on forever
        specs: set[int] = set()
        start, end, levels, checked = 0, 1, 0, 0
        while start < end:
            for nd in nodes[start:end]:
                t = type(nd)
                if t is _D:
                    labs = nd.labels
                    ids = labels_cache.get(labs)
                    if ids is None:
                        ids = _label_ids(labs, label_ids, label_table, nodes, kinds, nch, action)
                        labels_cache[labs] = ids
                    p = index.get(nd.player)
                    if p is None:
                        where = _spec_where(len(kinds), nch, action, label_table)
                        raise InvalidGameError(
                            f"unknown player {nd.player!r} at node {where}; players are {names}"
                        )
                    k = len(ids)
                    kinds_append(DECISION)
                    nch_append(k)
                    player_append(p)
                    if nd.infoset is not None:
                        keys[len(kinds) - 1] = nd.infoset
                    nodes_extend(nd.children)
                    action_extend(ids)
                    n_seen += k
                elif t is tuple or t is _T or t is list:
                    kinds_append(TERMINAL)
                    nch_append(0)
                    rows_append(nd.payoffs if t is _T else nd)
                elif t is _C:
                    labs = nd.labels
                    ids = labels_cache.get(labs)
                    if ids is None:
                        ids = _label_ids(labs, label_ids, label_table, nodes, kinds, nch, action)
                        labels_cache[labs] = ids
                    k = len(ids)
                    if len(nd.probs) != k or len(nd.children) != k:
                        where = _spec_where(len(kinds), nch, action, label_table)
                        raise InvalidGameError(
                            f"chance node {where} needs one probability per branch"
                        )
                    kinds_append(CHANCE)
                    nch_append(k)
                    chance_slot.extend(range(n_seen, n_seen + k))
                    chance_probs.extend(nd.probs)
                    nodes_extend(nd.children)
                    action_extend(ids)
                    n_seen += k
                else:
                    where = _spec_where(len(kinds), nch, action, label_table)
                    raise InvalidGameError(
                        f"node {where} must be decision(...), chance(...), terminal(...) or a "
                        f"tuple of payoffs; got {nd!r}"
                    )
            levels += 1
            if levels >= _CYCLE_CHECK_DEPTH:  # deep walks only: shallow ones cost nothing
                specs.update(map(id, nodes[checked:end]))
                checked = end
            start, end = end, len(nodes)
            if start < end and checked and levels > len(specs):
                where = _spec_where(start, nch, action, label_table)
                raise InvalidGameError(
                    f"the specification has a cycle (a decision or chance node that contains "
                    f"itself): the walk reached node {where} at depth {levels}, deeper than "
                    f"its {len(specs)} distinct nodes allow; build trees from new nodes"
                )
        del nodes
        lengths = set(map(len, rows))
        if lengths != {n_players}:
            bad = next(j for j, r in enumerate(rows) if len(r) != n_players)
            node = [j for j, k in enumerate(kinds) if k == TERMINAL][bad]
            where = _spec_where(node, nch, action, label_table)
            raise InvalidGameError(
                f"missing payoffs at terminal node {where}: needs {n_players} "
                f"(one per player {names}); got {tuple(rows[bad])!r}"
            )
        kind_arr = np.array(kinds, dtype=np.int8)
        nch_arr = np.array(nch, dtype=np.int64)
        n = len(kind_arr)
        parent = np.empty(n, dtype=np.int64)
        parent[0] = -1
        parent[1:] = np.repeat(np.arange(n, dtype=np.int64), nch_arr)
        first_child = np.cumsum(nch_arr) + 1 - nch_arr
        player = np.full(n, -1, dtype=np.int64)
        player[kind_arr == DECISION] = dec_player
        payoff_row = np.full(n, -1, dtype=np.int64)
        term = kind_arr == TERMINAL
        payoff_row[term] = np.arange(len(rows), dtype=np.int64)
        infoset_key: Mapping[int, Any] = keys
        return cls._assemble(
            players=names,
            node_kind=kind_arr,
            parent=parent,
            first_child=first_child,
            n_children=nch_arr,
            player=player,
            infoset_key=infoset_key,
            action=np.array(action, dtype=np.int64),
            label_table=tuple(label_table),
            rows=rows,
            payoff_row=payoff_row,
            chance_slot=np.array(chance_slot, dtype=np.int64),
            chance_probs=chance_probs,
        )

    @classmethod
    def _assemble(
        cls,
        *,
        players: tuple[str, ...],
        node_kind: NDArray[np.int8],
        parent: NDArray[np.int64],
        first_child: NDArray[np.int64],
        n_children: NDArray[np.int64],
        player: NDArray[np.int64],
        infoset_key: Mapping[int, Any],
        action: NDArray[np.int64],
        label_table: tuple[str, ...],
        rows: Sequence[Sequence[Any]] | NDArray[Any],
        payoff_row: NDArray[np.int64],
        chance_slot: NDArray[np.int64],
        chance_probs: Sequence[Any],
        kind: TreeKind | None = None,
    ) -> GameTree:
        """Validate breadth-first arrays and create the tree (private: trusts the layout)."""
        self = object.__new__(cls)
        n = len(node_kind)
        self._players = players
        self._node_kind = node_kind
        self._parent = parent
        self._first_child = first_child
        self._n_children = n_children
        self._player = player
        self._action = action
        self._label_table = label_table
        self._payoff_row = payoff_row
        self._index = TreeIndex(self)
        # -- payoffs and probabilities: one number type for the whole tree
        flat: list[Any] = []
        pay_kind: TreeKind
        if isinstance(rows, np.ndarray) and rows.dtype == np.float64:
            pay_kind = "float"
        elif isinstance(rows, np.ndarray) and rows.dtype == np.int64:
            pay_kind = "exact"  # Python ints, converted at once below
        else:
            types = set(map(type, itertools.chain.from_iterable(rows)))
            if types <= {float, int} and float in types:
                pay_kind = "float"
                rows = np.array(rows, dtype=np.float64)
            else:
                flat = [v for r in rows for v in r]
                pay_kind = _classify(flat, "payoffs")
        prob_kind: TreeKind = _classify(list(chance_probs), "chance probabilities")
        if kind is None:
            kinds = {pay_kind, prob_kind}
            kind = "symbolic" if "symbolic" in kinds else "float" if "float" in kinds else "exact"
        self._kind = kind
        n_players = len(players)
        n_rows = len(rows)
        if kind == "float":
            if isinstance(rows, np.ndarray) and rows.dtype in (np.float64, np.int64):
                pay = rows.astype(np.float64).reshape(n_rows, n_players)
            else:
                pay = np.array(flat, dtype=np.float64).reshape(n_rows, n_players)
            if not np.all(np.isfinite(pay)):
                bad = int(np.flatnonzero(~np.all(np.isfinite(pay), axis=1))[0])
                node = int(np.flatnonzero(payoff_row == bad)[0])
                raise InvalidGameError(
                    f"payoffs must be finite; got {tuple(pay[bad])} at terminal node "
                    f"{self._where(node)}"
                )
            prob = np.zeros(n, dtype=np.float64)
            prob[chance_slot] = np.array([float(p) for p in chance_probs], dtype=np.float64)
        elif isinstance(rows, np.ndarray) and rows.dtype == np.int64 and kind == "exact":
            pay = rows.astype(object).reshape(n_rows, n_players)
            prob = np.zeros(n, dtype=object)
            prob[chance_slot] = [_exact(p) for p in chance_probs] if len(chance_slot) else []
        else:
            if isinstance(rows, np.ndarray) and rows.dtype == np.int64:
                flat = rows.astype(object).ravel().tolist()
            conv = _exact if kind == "exact" else to_sympy
            pay = np.empty((n_rows, n_players), dtype=object)
            if n_rows:
                pay.flat[:] = [conv(v) for v in flat] if kind == "symbolic" else _exact_list(flat)
            prob = np.zeros(n, dtype=object)
            prob[chance_slot] = [conv(p) for p in chance_probs] if len(chance_slot) else []
        pay.flags.writeable = False
        self._payoffs = pay
        self._prob = prob
        self._check_chance(chance_slot)
        self._make_infosets(infoset_key)
        for a in (
            node_kind,
            parent,
            first_child,
            n_children,
            player,
            action,
            payoff_row,
            prob,
            self._infoset,
            self._infoset_player,
        ):
            a.flags.writeable = False
        return self

    def _check_chance(self, chance_slot: NDArray[np.int64]) -> None:
        chance_nodes = np.flatnonzero(self._node_kind == CHANCE)
        if len(chance_nodes) == 0:
            return
        prob = self._prob
        if self._kind == "float":
            neg = np.flatnonzero(~(prob[chance_slot] >= 0))  # NaN fails too
            if len(neg):
                c = int(chance_slot[neg[0]])
                raise InvalidGameError(
                    f"chance probabilities must be numbers >= 0; got {prob[c]!r} for action "
                    f"{self.action_label(c)!r} at chance node {self._where(int(self._parent[c]))}"
                )
            csum = np.concatenate(([0.0], np.cumsum(prob)))
            starts = self._first_child[chance_nodes]
            sums = csum[starts + self._n_children[chance_nodes]] - csum[starts]
            bad = np.flatnonzero(~(np.abs(sums - 1.0) <= _PROB_TOL))
            if len(bad):
                v = int(chance_nodes[bad[0]])
                raise InvalidGameError(
                    f"chance probabilities must sum to 1; got sum {sums[bad[0]]!r} at chance "
                    f"node {self._where(v)}"
                )
            return
        for v in chance_nodes.tolist():
            ps = [prob[c] for c in self.children(v)]
            if self._kind == "exact":
                if any(p < 0 for p in ps):
                    raise InvalidGameError(
                        f"chance probabilities must be >= 0; got {ps} at chance node "
                        f"{self._where(v)}"
                    )
                if sum(ps) != 1:
                    raise InvalidGameError(
                        f"chance probabilities must sum to 1; got sum {sum(ps)} at chance "
                        f"node {self._where(v)}"
                    )
            else:
                import sympy

                if any(bool(p.is_negative) for p in ps):
                    raise InvalidGameError(
                        f"chance probabilities must be >= 0; got {ps} at chance node "
                        f"{self._where(v)}"
                    )
                if sympy.simplify(sum(ps) - 1) != 0:
                    raise InvalidGameError(
                        f"chance probabilities must sum to 1; got sum {sum(ps)} at chance "
                        f"node {self._where(v)}"
                    )

    def _make_infosets(self, infoset_key: Mapping[int, Any]) -> None:
        """Number information sets in order of their first node; check player and labels."""
        n = len(self._node_kind)
        dec = np.flatnonzero(self._node_kind == DECISION)
        infoset = np.full(n, -1, dtype=np.int64)
        if not infoset_key:
            infoset[dec] = np.arange(len(dec), dtype=np.int64)
            self._infoset = infoset
            self._infoset_player = self._player[dec].copy()
            self._infoset_names = _NoneTuple(len(dec))
            self._infoset_actions = None  # computed on first use
            return
        ids: dict[Any, int] = {}
        names: list[Hashable | None] = []
        players: list[int] = []
        actions: list[tuple[str, ...]] = []
        for v in dec.tolist():
            key = infoset_key.get(v)
            labs = self.actions_at(v)
            if key is None:
                infoset[v] = len(names)
                names.append(None)
                players.append(int(self._player[v]))
                actions.append(labs)
                continue
            try:
                j = ids.get(key)
            except TypeError:
                raise InvalidGameError(
                    f"infoset names must be hashable; got {key!r} at node {self._where(v)}"
                ) from None
            if j is None:
                j = ids[key] = len(names)
                names.append(key)
                players.append(int(self._player[v]))
                actions.append(labs)
            else:
                if players[j] != self._player[v]:
                    raise InvalidGameError(
                        f"information set {key!r} mixes players "
                        f"{self._players[players[j]]!r} and "
                        f"{self._players[int(self._player[v])]!r} (at node {self._where(v)})"
                    )
                if actions[j] != labs:
                    raise InvalidGameError(
                        f"information set {key!r} mixes action labels {list(actions[j])} and "
                        f"{list(labs)} (at node {self._where(v)})"
                    )
            infoset[v] = j
        self._infoset = infoset
        self._infoset_player = np.array(players, dtype=np.int64)
        self._infoset_names = tuple(names)
        self._infoset_actions = tuple(actions)

    @classmethod
    def from_graph(cls, graph: nx.DiGraph, players: Sequence[str] | None = None) -> GameTree:
        """Build a tree from a networkx DiGraph (the format of :attr:`GameTree.graph`).

        Parameters
        ----------
        graph : networkx.DiGraph
            One root (no in-edges). Decision nodes have a ``"player"`` attribute (a player
            name) and optionally ``"infoset"``; terminal nodes (no out-edges) have
            ``"payoffs"`` (a sequence, one per player); other nodes are chance nodes. Edges
            have an ``"action"`` label (default: the child's node name as a string) and, out of
            chance nodes, a ``"prob"``. Children are taken in edge insertion order.
        players : sequence of str, optional
            Player names; default ``graph.graph["players"]``.

        Returns
        -------
        GameTree

        Raises
        ------
        InvalidGameError
            If the graph has a cycle, a node with two parents, no single root, a node
            unreachable from the root, a terminal without payoffs, or any error
            :meth:`GameTree.build` reports.

        Examples
        --------
        >>> import networkx as nx
        >>> g = nx.DiGraph(players=["A"])
        >>> g.add_node("r", player="A")
        >>> g.add_node("x", payoffs=(1,)); g.add_node("y", payoffs=(2,))
        >>> g.add_edge("r", "x", action="left"); g.add_edge("r", "y", action="right")
        >>> GameTree.from_graph(g).actions_at(0)
        ('left', 'right')
        """
        import networkx as nx

        if players is None:
            players = graph.graph.get("players")
            if players is None:
                raise InvalidParameterError(
                    "players must be given (or stored in graph.graph['players']); got None"
                )
        for v in graph.nodes:
            if graph.in_degree(v) > 1:
                ps = list(graph.predecessors(v))
                raise InvalidGameError(f"node {v!r} has two parents {ps[:2]!r}; a tree needs one")
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            cycle = None
        if cycle:
            raise InvalidGameError(
                f"the graph has a cycle through node {cycle[0][0]!r}: {[e[:2] for e in cycle]}"
            )
        roots = [v for v in graph.nodes if graph.in_degree(v) == 0]
        if len(roots) != 1:
            raise InvalidGameError(
                f"a game tree needs exactly one root (a node without parents); got {roots[:5]!r}"
            )

        def spec(v: Any) -> NodeSpec:
            attrs = graph.nodes[v]
            succ = list(graph.successors(v))
            if not succ:
                if "payoffs" not in attrs:
                    raise InvalidGameError(f"missing payoffs at terminal node {v!r}")
                return _Terminal(tuple(attrs["payoffs"]))
            labels = tuple(str(graph.edges[v, c].get("action", c)) for c in succ)
            kids = tuple(spec(c) for c in succ)
            if "player" in attrs:
                return _Decision(attrs["player"], labels, kids, attrs.get("infoset"))
            probs = []
            for c in succ:
                if "prob" not in graph.edges[v, c]:
                    raise InvalidGameError(
                        f"node {v!r} has no 'player', so it is a chance node, but edge "
                        f"{(v, c)!r} has no 'prob'"
                    )
                probs.append(graph.edges[v, c]["prob"])
            return _Chance(labels, tuple(probs), kids)

        tree = cls.build(players, spec(roots[0]))
        if tree.n_nodes != graph.number_of_nodes():
            raise InvalidGameError(
                f"every node must be reachable from the root {roots[0]!r}; "
                f"{graph.number_of_nodes() - tree.n_nodes} are not"
            )
        return tree

    # -- basic properties -------------------------------------------------------------------
    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def n_players(self) -> int:
        """Number of players (chance excluded)."""
        return len(self._players)

    @property
    def kind(self) -> TreeKind:
        """``"float"``, ``"exact"`` or ``"symbolic"`` (payoffs and chance probabilities)."""
        return self._kind

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self._node_kind)

    @property
    def node_kind(self) -> NDArray[np.int8]:
        """Per node: ``TERMINAL`` (0), ``DECISION`` (1) or ``CHANCE`` (2)."""
        return self._node_kind

    @property
    def parent(self) -> NDArray[np.int64]:
        """Per node: the parent's index (``-1`` at the root)."""
        return self._parent

    @property
    def first_child(self) -> NDArray[np.int64]:
        """Per node: the index of its first child (children are contiguous)."""
        return self._first_child

    @property
    def n_children(self) -> NDArray[np.int64]:
        """Per node: the number of children (0 at terminals)."""
        return self._n_children

    @property
    def node_player(self) -> NDArray[np.int64]:
        """Per node: the index of the player to move (``-1`` at chance and terminal nodes)."""
        return self._player

    @property
    def infoset(self) -> NDArray[np.int64]:
        """Per node: the index of its information set (``-1`` unless a decision node)."""
        return self._infoset

    @property
    def action_index(self) -> NDArray[np.int64]:
        """Per node: the position of the action leading to it among its parent's actions."""
        return self._index.action_index

    @property
    def index(self) -> TreeIndex:
        """The tree's derived lookups (levels, ranks, layouts), built on first use; read-only.

        Solvers read their per-tree lookups here instead of recomputing them on every call;
        see :class:`TreeIndex`.
        """
        return self._index

    @property
    def probabilities(self) -> NDArray[Any]:
        """Per node: the chance probability of the branch leading to it (0 if not chance)."""
        return self._prob

    @property
    def payoff_row(self) -> NDArray[np.int64]:
        """Per node: its row in :attr:`payoffs` (``-1`` unless terminal)."""
        return self._payoff_row

    @property
    def payoffs(self) -> NDArray[Any]:
        """Terminal payoffs, shape ``(n_terminals, n_players)``, rows in node order."""
        return self._payoffs

    @property
    def n_infosets(self) -> int:
        """Number of information sets."""
        return len(self._infoset_player)

    @property
    def infoset_player(self) -> NDArray[np.int64]:
        """Per information set: the player to move."""
        return self._infoset_player

    @property
    def infoset_actions(self) -> tuple[tuple[str, ...], ...]:
        """Per information set: its action labels."""
        if self._infoset_actions is None:
            first = self._index.infoset_first
            cache: dict[tuple[int, ...], tuple[str, ...]] = {}
            out = []
            acts, table = self._action, self._label_table
            for f, m in zip(
                self._first_child[first].tolist(), self._n_children[first].tolist(), strict=True
            ):
                key = tuple(acts[f : f + m].tolist())
                lab = cache.get(key)
                if lab is None:
                    lab = cache[key] = tuple(table[j] for j in key)
                out.append(lab)
            self._infoset_actions = tuple(out)
        return self._infoset_actions

    @property
    def depth(self) -> NDArray[np.int64]:
        """Per node: the number of moves from the root."""
        return self._index.depth

    def levels(self) -> list[tuple[int, int]]:
        """The ``(start, stop)`` node range of each depth, root level first."""
        return list(self._index.levels)

    # -- per-node queries --------------------------------------------------------------------
    def _check_node(self, node: int) -> int:
        if isinstance(node, bool) or not isinstance(node, int | np.integer):
            raise InvalidParameterError(f"node must be a node index; got node={node!r}")
        if not 0 <= int(node) < self.n_nodes:
            raise InvalidParameterError(
                f"node must be in [0, {self.n_nodes - 1}]; got node={node!r}"
            )
        return int(node)

    def children(self, node: int) -> range:
        """The indices of the children of ``node``.

        Parameters
        ----------
        node : int
            A node index in ``[0, n_nodes)``.

        Returns
        -------
        range
            Contiguous child indices, in the order of the node's actions (empty at a
            terminal).
        """
        v = self._check_node(node)
        f = int(self._first_child[v])
        return range(f, f + int(self._n_children[v]))

    def action_label(self, node: int) -> str:
        """The label of the action leading to ``node`` (``""`` at the root).

        Parameters
        ----------
        node : int
            A node index in ``[0, n_nodes)``.
        """
        v = self._check_node(node)
        return "" if v == 0 else self._label_table[int(self._action[v])]

    def actions_at(self, node: int) -> tuple[str, ...]:
        """The action labels at ``node`` (empty at a terminal).

        Parameters
        ----------
        node : int
            A node index in ``[0, n_nodes)``.
        """
        v = self._check_node(node)
        f = int(self._first_child[v])
        return tuple(self._label_table[j] for j in self._action[f : f + int(self._n_children[v])])

    def node_path(self, node: int) -> tuple[str, ...]:
        """The action labels from the root to ``node``.

        Parameters
        ----------
        node : int
            A node index in ``[0, n_nodes)``.

        Returns
        -------
        tuple of str
            Empty for the root; :meth:`find` inverts it.
        """
        v = self._check_node(node)
        out = []
        while v > 0:
            out.append(self._label_table[int(self._action[v])])
            v = int(self._parent[v])
        return tuple(reversed(out))

    def find(self, path: Sequence[str] | str) -> int:
        """The node reached from the root by the action labels ``path`` ("a/b" or a list).

        Examples
        --------
        >>> t = GameTree.build(players=["A"], root=decision("A", {"l": (0,), "r": (1,)}))
        >>> t.find("r"), t.find([])
        (2, 0)
        """
        steps = [s for s in path.split("/") if s] if isinstance(path, str) else list(path)
        v = 0
        for s in steps:
            labels = self.actions_at(v)
            if s not in labels:
                raise InvalidParameterError(
                    f"path must follow actions of the tree; got path={path!r} "
                    f"(no action {s!r} at node {self._where(v)}, which has {list(labels)})"
                )
            v = int(self._first_child[v]) + labels.index(s)
        return v

    def payoffs_at(self, node: int) -> tuple[Any, ...]:
        """The payoff vector at terminal ``node``.

        Parameters
        ----------
        node : int
            The index of a terminal node.

        Returns
        -------
        tuple
            One payoff per player (``float``, ``int``/``Fraction`` or sympy, by :attr:`kind`).

        Raises
        ------
        InvalidParameterError
            If ``node`` is not a terminal node.
        """
        v = self._check_node(node)
        r = int(self._payoff_row[v])
        if r < 0:
            raise InvalidParameterError(
                f"node must be a terminal node; got node={node!r} ({self.describe_node(v)})"
            )
        return tuple(self._payoffs[r].tolist())

    def infoset_name(self, infoset: int) -> str:
        """A readable name of information set ``infoset``.

        The name given in :func:`decision` (as ``str``) if any, otherwise the player and the
        action path of its first node, e.g. ``"AI@offer"`` (``"AI@"`` at the root).
        """
        k = int(infoset)
        if not 0 <= k < self.n_infosets:
            raise InvalidParameterError(
                f"infoset must be in [0, {self.n_infosets - 1}]; got infoset={infoset!r}"
            )
        name = self._infoset_names[k]
        if name is not None:
            return str(name)
        v = int(self._index.infoset_first[k])
        return f"{self._players[int(self._infoset_player[k])]}@{'/'.join(self.node_path(v))}"

    def infoset_names(self) -> tuple[str, ...]:
        """:meth:`infoset_name` of every information set."""
        return tuple(self.infoset_name(k) for k in range(self.n_infosets))

    def infoset_label(self, infoset: int) -> Hashable | None:
        """The name given to ``infoset`` in the input, or None if it was not named."""
        return self._infoset_names[int(infoset)]

    def infoset_index(self, name: str) -> int:
        """The index of the information set named ``name`` (see :meth:`infoset_name`)."""
        names = self._index.infoset_by_name
        if name not in names:
            raise InvalidParameterError(
                f"infoset must name an information set of the tree; got infoset={name!r}"
            )
        return names[name]

    def infoset_nodes(self, infoset: int) -> NDArray[np.int64]:
        """The decision nodes in information set ``infoset``."""
        return np.flatnonzero(self._infoset == int(infoset)).astype(np.int64)

    def describe_node(self, node: int) -> str:
        """A one-line description: kind, player, path."""
        v = self._check_node(node)
        k = int(self._node_kind[v])
        who = f" of {self._players[int(self._player[v])]!r}" if k == DECISION else ""
        return f"{_KIND_NAMES[k]} node {v}{who} at path {'/'.join(self.node_path(v)) or '(root)'}"

    def _where(self, node: int) -> str:
        path = "/".join(self.node_path(node)) if node < len(self._parent) else "?"
        return f"{node} (path {path or '(root)'!s})"

    # -- structure ---------------------------------------------------------------------------
    @property
    def is_perfect_information(self) -> bool:
        """True if every information set is a single node."""
        return self.n_infosets == int(np.count_nonzero(self._node_kind == DECISION))

    def is_perfect_recall(self) -> bool:
        """True if no player forgets their own earlier information sets and actions.

        Every node of an information set of player :math:`i` must be preceded by the same
        last own (information set, action) of player :math:`i` (or by none); by induction
        this makes the whole own history equal [2]_.

        Examples
        --------
        >>> forgetful = GameTree.build(players=["A"], root=decision("A", {
        ...     "l": decision("A", {"x": (1,), "y": (0,)}, infoset="h"),
        ...     "r": decision("A", {"x": (0,), "y": (1,)}, infoset="h")}))
        >>> forgetful.is_perfect_recall()
        False
        """
        if self.is_perfect_information:
            return True
        last = self._last_own_moves()
        dec = np.flatnonzero(self._infoset >= 0)
        k = self._infoset[dec]
        mine = last[dec, self._player[dec]]
        ref = mine[np.searchsorted(dec, self._index.infoset_first[k])]
        return bool(np.all(mine == ref))

    def _last_own_moves(self) -> NDArray[np.int64]:
        """Per node and player: code of the player's last (infoset, action) above it."""
        n, m = self.n_nodes, self.n_players
        width = int(self._n_children.max()) + 1
        last = np.full((n, m), -1, dtype=np.int64)
        aidx = self.action_index
        for lo, hi in self.levels()[1:]:
            par = self._parent[lo:hi]
            last[lo:hi] = last[par]
            dec = self._node_kind[par] == DECISION
            rows = np.arange(lo, hi)[dec]
            pp = par[dec]
            last[rows, self._player[pp]] = self._infoset[pp] * width + aidx[rows]
        return last

    def subgame_roots(self) -> NDArray[np.int64]:
        """The non-terminal nodes that start a subgame, in node order (the root first).

        A node :math:`v` starts a subgame iff every information set with a node in the
        subtree of :math:`v` has all its nodes there [1]_.

        Examples
        --------
        >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
        ...     "l": decision("B", {"x": (1, 0), "y": (0, 1)}, infoset="b"),
        ...     "r": decision("B", {"x": (0, 1), "y": (1, 0)}, infoset="b")}))
        >>> t.subgame_roots().tolist()
        [0]
        """
        return self._index.subgame_roots

    def subgames(self) -> list[GameTree]:
        """Every subgame as a tree of its own, the whole game first (see :meth:`subgame_roots`).

        Examples
        --------
        >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
        ...     "l": (1, 1), "r": decision("B", {"x": (0, 1), "y": (2, 0)})}))
        >>> [s.n_nodes for s in t.subgames()]
        [5, 3]
        """
        return [self.subtree(int(v)) for v in self.subgame_roots()]

    def subtree(self, node: int) -> GameTree:
        """The tree below ``node`` (its information sets restricted to the subtree).

        Parameters
        ----------
        node : int
            The root of the subtree; any node, though only :meth:`subgame_roots` give
            subgames.

        Returns
        -------
        GameTree
        """
        v = self._check_node(node)
        return self._extract(v, replace={})

    def _extract(self, root: int, replace: Mapping[int, Sequence[Any]]) -> GameTree:
        """The subtree at ``root``; nodes in ``replace`` become terminals with those payoffs."""
        return GameTree.build(self._players, self._to_spec(root, replace))

    def _to_spec(self, root: int, replace: Mapping[int, Sequence[Any]]) -> NodeSpec:
        def spec(v: int) -> NodeSpec:
            if v in replace:
                return _Terminal(tuple(replace[v]))
            k = int(self._node_kind[v])
            if k == TERMINAL:
                return _Terminal(tuple(self._payoffs[int(self._payoff_row[v])].tolist()))
            kids = range(
                int(self._first_child[v]), int(self._first_child[v] + self._n_children[v])
            )
            labels = tuple(self._label_table[int(self._action[c])] for c in kids)
            sub = tuple(spec(c) for c in kids)
            if k == DECISION:
                j = int(self._infoset[v])
                key = self._infoset_names[j]
                if key is None and self._infoset_count(j) > 1:
                    key = ("__infoset__", j)
                return _Decision(self._players[int(self._player[v])], labels, sub, key)
            return _Chance(labels, tuple(self._prob[c] for c in kids), sub)

        return spec(root)

    def _infoset_count(self, k: int) -> int:
        return int(self._index.infoset_sizes[k])

    # -- conversions ---------------------------------------------------------------------------
    @property
    def graph(self) -> nx.DiGraph:
        """A networkx DiGraph view (built on first access, then kept; frozen: read-only).

        Nodes are the indices ``0 .. n_nodes - 1`` with attributes ``kind``
        (``"decision"``/``"chance"``/``"terminal"``), ``player`` and ``infoset`` (decision
        nodes; ``infoset`` only when named in the input or shared) and ``payoffs``
        (terminals); edges have ``action`` and, out of chance nodes, ``prob``.
        ``GameTree.from_graph(tree.graph) == tree``.
        """
        return self._index.graph

    def _build_graph(self) -> nx.DiGraph:
        import networkx as nx

        g = nx.DiGraph(players=list(self._players))
        kinds = self._node_kind.tolist()
        for v in range(self.n_nodes):
            k = kinds[v]
            if k == DECISION:
                j = int(self._infoset[v])
                attrs: dict[str, Any] = {
                    "kind": "decision",
                    "player": self._players[self._player[v]],
                }
                key = self._infoset_names[j]
                if key is None and self._infoset_count(j) > 1:
                    key = ("__infoset__", j)
                if key is not None:
                    attrs["infoset"] = key
                g.add_node(v, **attrs)
            elif k == CHANCE:
                g.add_node(v, kind="chance")
            else:
                g.add_node(
                    v, kind="terminal", payoffs=tuple(self._payoffs[self._payoff_row[v]].tolist())
                )
        parent = self._parent.tolist()
        for c in range(1, self.n_nodes):
            p = parent[c]
            if kinds[p] == CHANCE:
                g.add_edge(p, c, action=self._label_table[self._action[c]], prob=self._prob[c])
            else:
                g.add_edge(p, c, action=self._label_table[self._action[c]])
        return g

    def subs(self, values: Mapping[Any, Any] | None = None, /, **kwargs: Any) -> GameTree:
        """Substitute values for the symbols of a symbolic tree.

        Parameters
        ----------
        values : mapping, optional
            Symbol (or its name) to value.
        **kwargs
            Symbol names to values.

        Returns
        -------
        GameTree
            Exact if every payoff and probability becomes rational, symbolic if symbols
            remain, float otherwise. ``self`` if the tree is not symbolic.

        Examples
        --------
        >>> import sympy
        >>> a = sympy.Symbol("a")
        >>> t = GameTree.build(players=["A"], root=decision("A", {"l": (a,), "r": (1,)}))
        >>> t.subs(a=2).payoffs.tolist()
        [[2], [1]]
        """
        if self._kind != "symbolic":
            return self
        import sympy

        syms = self.free_symbols
        by_name = {str(s): s for s in syms}
        mapping: dict[Any, Any] = {}
        for k, v in {**(values or {}), **kwargs}.items():
            sym = by_name.get(str(k))
            if sym is None:
                raise InvalidParameterError(
                    f"subs keys must be symbols of the tree {sorted(by_name)}; got {k!r}"
                )
            mapping[sym] = sympy.nsimplify(v) if isinstance(v, int | Fraction) else v

        def num(x: Any) -> Any:
            y = sympy.sympify(x).subs(mapping)
            if y.is_Rational:
                return _exact(y)
            if y.is_number:
                return float(y)
            return y

        pay = [num(x) for x in self._payoffs.flat]
        chance_slot = np.flatnonzero(self._node_kind[np.maximum(self._parent, 0)] == CHANCE)
        chance_slot = chance_slot[chance_slot > 0]
        probs = [num(self._prob[c]) for c in chance_slot.tolist()]
        return GameTree._assemble(
            players=self._players,
            node_kind=self._node_kind.copy(),
            parent=self._parent.copy(),
            first_child=self._first_child.copy(),
            n_children=self._n_children.copy(),
            player=self._player.copy(),
            infoset_key=self._infoset_keys(),
            action=self._action.copy(),
            label_table=self._label_table,
            rows=[pay[i : i + self.n_players] for i in range(0, len(pay), self.n_players)],
            payoff_row=self._payoff_row.copy(),
            chance_slot=chance_slot.astype(np.int64),
            chance_probs=probs,
        )

    def _infoset_keys(self) -> dict[int, Any]:
        keys: dict[int, Any] = {}
        for v in np.flatnonzero(self._infoset >= 0).tolist():
            j = int(self._infoset[v])
            key = self._infoset_names[j]
            if key is None and self._infoset_count(j) > 1:
                key = ("__infoset__", j)
            if key is not None:
                keys[v] = key
        return keys

    @property
    def free_symbols(self) -> frozenset[Any]:
        """The sympy symbols in a symbolic tree (empty otherwise)."""
        if self._kind != "symbolic":
            return frozenset()
        syms: set[Any] = set()
        for x in self._payoffs.flat:
            syms |= x.free_symbols
        for x in self._prob[self._prob != 0]:
            syms |= getattr(x, "free_symbols", set())
        return frozenset(syms)

    def as_float(self) -> GameTree:
        """The same tree with float payoffs and probabilities (``self`` if already float)."""
        if self._kind == "float":
            return self
        if self.free_symbols:
            raise InvalidGameError(
                f"a symbolic tree needs values for {sorted(map(str, self.free_symbols))} "
                "before it is numeric: use subs()"
            )
        chance_slot = np.flatnonzero(self._prob != 0)
        return GameTree._assemble(
            players=self._players,
            node_kind=self._node_kind.copy(),
            parent=self._parent.copy(),
            first_child=self._first_child.copy(),
            n_children=self._n_children.copy(),
            player=self._player.copy(),
            infoset_key=self._infoset_keys(),
            action=self._action.copy(),
            label_table=self._label_table,
            rows=np.asarray(self._payoffs, dtype=np.float64),
            payoff_row=self._payoff_row.copy(),
            chance_slot=chance_slot.astype(np.int64),
            chance_probs=[float(p) for p in self._prob[chance_slot]],
            kind="float",
        )

    def reach_probabilities(self) -> NDArray[Any]:
        """Per node: the product of the chance probabilities on its path (players' moves = 1)."""
        exact = self._kind != "float"
        out = np.ones(self.n_nodes, dtype=object if exact else np.float64)
        if exact:
            out[:] = 1
        for lo, hi in self.levels()[1:]:
            par = self._parent[lo:hi]
            w = np.where(self._node_kind[par] == CHANCE, self._prob[lo:hi], 1)
            out[lo:hi] = out[par] * w
        return out

    # -- the reduced normal form ---------------------------------------------------------------
    def reduced_strategies(self, player: int | str) -> list[dict[int, int]]:
        """The reduced pure strategies of ``player``: information set -> action index.

        Each strategy assigns an action exactly at the player's information sets that its
        own earlier actions do not rule out; strategies are listed in lexicographic order of
        the actions at the player's information sets (in information-set order).

        Examples
        --------
        >>> t = GameTree.build(players=["A"], root=decision("A", {
        ...     "stop": (0,), "go": decision("A", {"x": (1,), "y": (2,)})}))
        >>> t.reduced_strategies("A")
        [{0: 0}, {0: 1, 1: 0}, {0: 1, 1: 1}]
        """
        i = self._player_index(player)
        kids = self._first_child
        nch = self._n_children
        kinds = self._node_kind

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
                        f"player {self._players[i]!r} has more than {_MAX_PROFILES} reduced "
                        "strategies; the normal form is too large"
                    )
            return acc

        def rec(v: int) -> list[dict[int, int]]:
            if kinds[v] == TERMINAL:
                return [{}]
            f, m = int(kids[v]), int(nch[v])
            if kinds[v] == DECISION and self._player[v] == i:
                j = int(self._infoset[v])
                out = []
                for a in range(m):
                    for s in rec(f + a):
                        if s.get(j, a) == a:
                            out.append({j: a, **s})
                return out
            return combine([rec(c) for c in range(f, f + m)])

        strategies = rec(0)
        order = [k for k in range(self.n_infosets) if self._infoset_player[k] == i]
        # deduplicate and sort (unassigned sets sort first)
        uniq = {tuple(s.get(k, -1) for k in order): s for s in strategies}
        return [{k: uniq[key][k] for k in sorted(uniq[key])} for key in sorted(uniq)]

    def _player_index(self, player: int | str) -> int:
        if isinstance(player, str):
            if player not in self._players:
                raise InvalidParameterError(
                    f"player must be one of {list(self._players)}; got player={player!r}"
                )
            return self._players.index(player)
        if isinstance(player, bool) or not isinstance(player, int | np.integer):
            raise InvalidParameterError(
                f"player must be a name or an index; got player={player!r}"
            )
        if not 0 <= int(player) < self.n_players:
            raise InvalidParameterError(
                f"player must be in [0, {self.n_players - 1}]; got player={player!r}"
            )
        return int(player)

    def strategy_label(self, player: int | str, strategy: Mapping[int, int]) -> str:
        """Label of a reduced strategy: its actions in information-set order, ``*`` where unset.

        Information sets are joined by ``/``; a player without information sets has the one
        strategy ``"-"``.
        """
        i = self._player_index(player)
        order = [k for k in range(self.n_infosets) if self._infoset_player[k] == i]
        if not order:
            return "-"
        return "/".join(
            self.infoset_actions[k][strategy[k]] if k in strategy else "*" for k in order
        )

    def to_normal_form(self) -> NormalFormGame:
        r"""The reduced normal form, chance moves averaged out.

        Pure strategies that differ only at information sets made unreachable by the player's
        own earlier actions are merged (:meth:`reduced_strategies`); the payoff of a profile
        is :math:`\sum_z P(z) u(z)` over the terminal nodes :math:`z` the profile can reach,
        :math:`P(z)` the product of the chance probabilities on the path to :math:`z`.

        Returns
        -------
        NormalFormGame
            With the tree's player names and strategy labels from :meth:`strategy_label`;
            exact for exact trees, symbolic for symbolic ones.

        Raises
        ------
        UnsupportedGameError
            If the normal form would have more than 2,000,000 profiles.

        Examples
        --------
        >>> t = GameTree.build(players=["entrant", "incumbent"], root=decision("entrant", {
        ...     "out": (0, 2), "in": decision("incumbent", {"fight": (-1, -1), "share": (1, 1)})}))
        >>> g = t.to_normal_form()
        >>> g.actions
        (('out', 'in'), ('fight', 'share'))
        >>> g.payoff_profile((1, 1))
        (Fraction(1, 1), Fraction(1, 1))
        """
        from dealmodels.games.normal_form import NormalFormGame

        strategies = [self.reduced_strategies(i) for i in range(self.n_players)]
        shape = tuple(len(s) for s in strategies)
        if int(np.prod(shape, dtype=np.float64)) > _MAX_PROFILES:
            raise UnsupportedGameError(
                f"the reduced normal form has shape {shape}, more than {_MAX_PROFILES} profiles"
            )
        terms, moves = self._terminal_moves()
        reach = [
            np.array(
                [
                    [all(s.get(k) == a for k, a in moves[i][t]) for t in range(len(terms))]
                    for s in ss
                ],
                dtype=bool,
            ).reshape(len(ss), len(terms))
            for i, ss in enumerate(strategies)
        ]
        weight = self.reach_probabilities()[terms]
        pay = self._payoffs[self._payoff_row[terms]]
        kind = self._kind
        if kind == "float":
            wp = pay.astype(np.float64) * weight.astype(np.float64)[:, None]
            # tensor over profiles: sum over terminals of the players' reach indicators times
            # the weighted payoffs (axes 0..n-1 players, n terminals, n+1 payoff component)
            m = self.n_players
            operands: list[Any] = []
            for i, r in enumerate(reach):
                operands += [r.astype(np.float64), [i, m]]
            operands += [wp, [m, m + 1], [*range(m), m + 1]]
            tensor = np.einsum(*operands)
            arrays = [tensor[..., p] for p in range(m)]
        else:
            wp = np.empty(pay.shape, dtype=object)
            for t in range(len(terms)):
                for p in range(self.n_players):
                    wp[t, p] = pay[t, p] * weight[t]
            arrays = [np.empty(shape, dtype=object) for _ in range(self.n_players)]
            zero: Any = 0
            for prof in itertools.product(*(range(m) for m in shape)):
                mask = np.logical_and.reduce([reach[i][s] for i, s in enumerate(prof)])
                idx = np.flatnonzero(mask)
                for p in range(self.n_players):
                    arrays[p][prof] = sum((wp[t, p] for t in idx), start=zero)
            if kind == "exact":
                for a in arrays:
                    a.flat[:] = [Fraction(x) for x in a.flat]
            else:
                import sympy

                for a in arrays:
                    a.flat[:] = [sympy.sympify(x) for x in a.flat]
        labels = [[self.strategy_label(i, s) for s in ss] for i, ss in enumerate(strategies)]
        return NormalFormGame(arrays, players=self._players, actions=labels)

    def _terminal_moves(self) -> tuple[NDArray[np.int64], list[list[list[tuple[int, int]]]]]:
        """Terminal nodes, and per player and terminal the (infoset, action) moves on its path."""
        terms = np.flatnonzero(self._node_kind == TERMINAL)
        aidx = self.action_index
        moves: list[list[list[tuple[int, int]]]] = [[] for _ in range(self.n_players)]
        for t in terms.tolist():
            per: list[list[tuple[int, int]]] = [[] for _ in range(self.n_players)]
            v = t
            while v > 0:
                p = int(self._parent[v])
                if self._node_kind[p] == DECISION:
                    per[int(self._player[p])].append((int(self._infoset[p]), int(aidx[v])))
                v = p
            for i in range(self.n_players):
                moves[i].append(per[i])
        return terms, moves

    # -- dunder ------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GameTree):
            return NotImplemented
        if (
            self._players != other._players
            or self._kind != other._kind
            or self.n_nodes != other.n_nodes
        ):
            return False
        same_arrays = all(
            np.array_equal(a, b)
            for a, b in (
                (self._node_kind, other._node_kind),
                (self._parent, other._parent),
                (self._n_children, other._n_children),
                (self._player, other._player),
                (self._infoset, other._infoset),
                (self._payoff_row, other._payoff_row),
            )
        )
        if not same_arrays:
            return False
        if [self._label_table[j] for j in self._action[1:]] != [
            other._label_table[j] for j in other._action[1:]
        ]:
            return False
        if self._kind == "symbolic":
            same_numbers = all(
                (a - b) == 0 or a == b
                for a, b in zip(self._payoffs.flat, other._payoffs.flat, strict=True)
            ) and all(a == b for a, b in zip(self._prob, other._prob, strict=True))
        else:
            same_numbers = bool(
                np.array_equal(self._payoffs, other._payoffs)
                and np.array_equal(self._prob, other._prob)
            )
        if not same_numbers:
            return False
        # same partition (compared above through `infoset`); same names where named
        mine = [None if k is None else str(k) for k in self._infoset_names]
        theirs = [None if k is None else str(k) for k in other._infoset_names]
        return mine == theirs

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<GameTree: {self.n_nodes} nodes, players {list(self._players)}, "
            f"{self.n_infosets} information sets, {self._kind}>"
        )


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
class _NoneTuple(tuple):  # type: ignore[type-arg]
    """A tuple of ``n`` Nones that does not allocate (anonymous information sets)."""

    def __new__(cls, n: int) -> _NoneTuple:
        return super().__new__(cls, itertools.repeat(None, n))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_NoneTuple, (len(self),))


def _exact_list(values: list[Any]) -> list[Any]:
    types = set(map(type, values))
    if types <= {int}:
        return values
    return [_exact(v) for v in values]


def _check_players(players: Sequence[str]) -> tuple[str, ...]:
    if isinstance(players, str) or not isinstance(players, Sequence | tuple | list):
        raise InvalidParameterError(
            f"players must be a sequence of distinct names; got players={players!r}"
        )
    names = tuple(players)
    if len(names) == 0 or not all(isinstance(p, str) for p in names):
        raise InvalidParameterError(
            f"players must be a non-empty sequence of strings; got players={players!r}"
        )
    if len(set(names)) != len(names):
        raise InvalidParameterError(f"players must be distinct; got players={players!r}")
    return names


def _label_ids(
    labs: tuple[str, ...],
    label_ids: dict[str, int],
    table: list[str],
    nodes: list[Any],
    kinds: list[int],
    nch: list[int],
    action: list[int],
) -> list[int]:
    if len(labs) == 0 or len(set(labs)) != len(labs) or not all(isinstance(a, str) for a in labs):
        where = _spec_where(len(kinds), nch, action, table)
        raise InvalidGameError(
            f"node {where} needs at least one action and distinct string labels; got {list(labs)}"
        )
    ids = []
    for lab in labs:
        j = label_ids.get(lab)
        if j is None:
            j = label_ids[lab] = len(table)
            table.append(lab)
        ids.append(j)
    return ids


def _spec_where(i: int, nch: list[int], action: list[int], table: list[str]) -> str:
    """Describe node ``i`` of a partial breadth-first walk by its action path."""
    parent = np.repeat(np.arange(len(nch)), nch).tolist()
    out = []
    v = i
    while v > 0:
        out.append(table[action[v]])
        v = parent[v - 1]
    return f"{i} (path {'/'.join(reversed(out)) or '(root)'})"


def _spec_path(
    nodes: list[Any], parent: list[int], action: list[int], table: list[str], i: int
) -> str:
    out = []
    v = i
    while v > 0:
        out.append(table[action[v]])
        v = parent[v]
    return f"{i} (path {'/'.join(reversed(out)) or '(root)'})"


def iter_preorder(tree: GameTree) -> Iterator[int]:
    """Node indices in depth-first preorder (children in action order)."""
    fc = tree.first_child.tolist()
    nc = tree.n_children.tolist()
    stack = [0]
    while stack:
        v = stack.pop()
        yield v
        f = fc[v]
        stack.extend(range(f + nc[v] - 1, f - 1, -1))
