r"""Storage and queries of a game tree: :class:`GameTree` and its node-kind codes.

A :class:`GameTree` keeps the tree in flat read-only numpy arrays in breadth-first order
(node 0 is the root; the children of a node are a contiguous range ``first_child[v] :
first_child[v] + n_children[v]``, and the nodes of one depth are a contiguous range too), so
solvers can work level by level over whole arrays. Payoffs are one row per terminal node, in
one of three kinds: ``"float"`` (``float64``), ``"exact"`` (Python ``int`` /
:class:`~fractions.Fraction` in an object array) or ``"symbolic"`` (sympy expressions).

This module holds the arrays and the per-node queries. Making a tree lives in
:mod:`~dealmodels.games.extensive_form.builder`, its derived lookups in
:mod:`~dealmodels.games.extensive_form.index`, and subgames, perfect recall and the reduced
normal form in :mod:`~dealmodels.games.extensive_form.structure`; the methods of
:class:`GameTree` that reach them import them on call.

References
----------
.. [1] R. Selten, "Reexamination of the perfectness concept for equilibrium points in
   extensive games", *International Journal of Game Theory* 4 (1975), 25-55.
.. [2] M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press, 1994,
   ch. 6 and 11.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels.errors import InvalidParameterError

if TYPE_CHECKING:
    import networkx as nx

    from dealmodels.games.extensive_form.index import TreeIndex
    from dealmodels.games.normal_form import NormalFormGame

__all__ = ["CHANCE", "DECISION", "TERMINAL", "GameTree", "TreeKind", "iter_preorder"]

TreeKind = Literal["float", "exact", "symbolic"]

#: Node kind codes stored in :attr:`GameTree.node_kind`.
TERMINAL = 0
DECISION = 1
CHANCE = 2

_KIND_NAMES = {TERMINAL: "terminal", DECISION: "decision", CHANCE: "chance"}

NodeSpec = Any  # a builder node: decision(...), chance(...), terminal(...) or a payoff tuple


class GameTree:
    r"""An immutable finite extensive-form game stored in flat arrays.

    Build one with :meth:`GameTree.build` (nested :func:`decision` / :func:`chance` /
    :func:`terminal` calls), :meth:`GameTree.from_graph` (a networkx DiGraph),
    :meth:`GameTree.from_arrays` (the breadth-first arrays themselves) or
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
    >>> from dealmodels.games.extensive_form import GameTree, decision
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
            "GameTree.from_graph(...), GameTree.from_arrays(...) or "
            "dealmodels.io.efg.read_efg(...)"
        )

    # -- construction (dealmodels.games.extensive_form.builder) ------------------------------
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
        >>> from dealmodels.games.extensive_form import GameTree, decision
        >>> x, K, w, oA, oD = sympy.symbols("x K w o_A o_D")
        >>> m4 = GameTree.build(players=["developer", "AI"], root=decision("developer", {
        ...     "offer": decision("AI", {
        ...         "work": decision("developer", {"honour": (w - x, x), "renege": (w - K, 0)}),
        ...         "outside": (oD, oA)})}))
        >>> m4.kind, m4.n_nodes
        ('symbolic', 6)
        """
        from dealmodels.games.extensive_form.builder import build_tree

        return build_tree(players, root)

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
        >>> from dealmodels.games.extensive_form import GameTree
        >>> import networkx as nx
        >>> g = nx.DiGraph(players=["A"])
        >>> g.add_node("r", player="A")
        >>> g.add_node("x", payoffs=(1,)); g.add_node("y", payoffs=(2,))
        >>> g.add_edge("r", "x", action="left"); g.add_edge("r", "y", action="right")
        >>> GameTree.from_graph(g).actions_at(0)
        ('left', 'right')
        """
        from dealmodels.games.extensive_form.builder import from_graph

        return from_graph(graph, players)

    @classmethod
    def from_arrays(
        cls,
        players: Sequence[str],
        node_kind: ArrayLike,
        n_children: ArrayLike,
        node_player: ArrayLike,
        action_code: ArrayLike,
        label_table: Sequence[str],
        payoffs: ArrayLike,
        probabilities: ArrayLike | None = None,
        infosets: Mapping[int, Hashable] | None = None,
        kind: TreeKind | None = None,
    ) -> GameTree:
        r"""Make a tree from its breadth-first arrays (the layout :class:`GameTree` stores).

        Nodes are numbered ``0 .. n - 1`` in breadth-first order: node 0 is the root and the
        children of each node are the next unused consecutive indices, in action order. So the
        child counts alone give the parent of every node,
        :math:`\mathrm{parent} = (0^{k_0}, 1^{k_1}, \dots)`, and its first child,
        :math:`f_v = 1 + \sum_{u < v} k_u` [1]_; they must describe a tree:
        :math:`\sum_v k_v = n - 1` and :math:`1 + \sum_{u < v} k_u > v` for every inner node
        :math:`v` (each child comes after its parent).

        Parameters
        ----------
        players : sequence of str
            Distinct player names.
        node_kind : array_like of int, shape (n,)
            Per node: ``TERMINAL`` (0), ``DECISION`` (1) or ``CHANCE`` (2).
        n_children : array_like of int, shape (n,)
            Per node: the number of children, 0 exactly at terminals.
        node_player : array_like of int, shape (n,)
            Per node: the index of the player to move at a decision node, ``-1`` elsewhere.
        action_code : array_like of int, shape (n,)
            Per node: the index into ``label_table`` of the label of the action leading to it;
            ``-1`` at the root. Unlike :meth:`build`, the children of one node may repeat a
            label, as Gambit files may (a chance node's branches labelled ``"1/2"`` twice);
            :meth:`find` and the label-keyed views then see the first of them.
        label_table : sequence of str
            The distinct action labels that ``action_code`` points into.
        payoffs : array_like, shape (n_terminals, n_players)
            One payoff row per terminal node, terminals in node order. Numbers as for
            :meth:`GameTree.build`: ints, floats, Fractions or sympy expressions.
        probabilities : array_like, shape (n,), optional
            Per node: the probability of the chance move into it; ``0`` unless its parent is a
            chance node (the layout of :attr:`GameTree.probabilities`). Required if there is a
            chance node.
        infosets : mapping of int to hashable, optional
            Decision node -> information-set name; decision nodes with the same name form one
            information set, and a decision node not listed is alone in its own.
        kind : {"float", "exact", "symbolic"}, optional
            The number type of the tree; by default the most general one the numbers need.
            ``"float"`` converts exact and numeric sympy values to floats; ``"exact"`` refuses
            floats and symbols; ``"symbolic"`` keeps every number as a sympy expression.

        Returns
        -------
        GameTree
            ``GameTree.from_arrays(...)`` of a tree's own arrays equals the tree (see the
            example).

        Raises
        ------
        InvalidParameterError
            Naming the parameter, the first offending node and the allowed values, when an
            array has the wrong length or type, the child counts do not make a tree, a
            terminal has children, a player index or label code is out of range, a probability
            sits outside a chance branch, or an ``infosets`` key is not a decision node; all
            checked before the tree is made.
        InvalidGameError
            As :meth:`GameTree.build`: payoffs that are not real numbers (or not finite in a
            float tree), chance probabilities that are negative or do not sum to 1, and
            information sets that mix players or action labels.

        References
        ----------
        .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 1, 3rd ed., Addison-Wesley,
           1997, sec. 2.3.3 (level order sequential representation of trees).

        Examples
        --------
        The entry game, node by node (root; out, in; fight, accommodate):

        >>> from dealmodels.games.extensive_form import GameTree, TERMINAL, DECISION
        >>> entry = GameTree.from_arrays(
        ...     players=["entrant", "incumbent"],
        ...     node_kind=[DECISION, TERMINAL, DECISION, TERMINAL, TERMINAL],
        ...     n_children=[2, 0, 2, 0, 0],
        ...     node_player=[0, -1, 1, -1, -1],
        ...     action_code=[-1, 0, 1, 2, 3],
        ...     label_table=["out", "in", "fight", "accommodate"],
        ...     payoffs=[(0, 2), (-1, -1), (1, 1)],
        ... )
        >>> entry.node_path(4), entry.payoffs_at(4)
        (('in', 'accommodate'), (1, 1))
        >>> same = GameTree.from_arrays(
        ...     entry.players, entry.node_kind, entry.n_children, entry.node_player,
        ...     entry.action_code, entry.label_table, entry.payoffs, entry.probabilities)
        >>> same == entry
        True
        """
        from dealmodels.games.extensive_form.builder import from_arrays

        return from_arrays(
            players,
            node_kind,
            n_children,
            node_player,
            action_code,
            label_table,
            payoffs,
            probabilities,
            infosets,
            kind,
        )

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
    def label_table(self) -> tuple[str, ...]:
        """The distinct action labels of the tree, in order of first use (breadth first)."""
        return self._label_table

    @property
    def action_code(self) -> NDArray[np.int64]:
        """Per node: the index into :attr:`label_table` of the action leading to it (-1 at
        the root); ``label_table[action_code[v]] == action_label(v)``."""
        return self._action

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
        >>> from dealmodels.games.extensive_form import GameTree, decision
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

    def _infoset_key(self, infoset: int) -> Hashable | None:
        """The key that rebuilds information set ``infoset``: its name in the input, a
        placeholder if it was anonymous but has several nodes, None if it is a lone node."""
        key = self._infoset_names[infoset]
        if key is None and self._index.infoset_sizes[infoset] > 1:
            key = ("__infoset__", infoset)
        return key

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

    # -- structure (dealmodels.games.extensive_form.structure) -------------------------------
    @property
    def is_perfect_information(self) -> bool:
        """True if every information set is a single node."""
        return self.n_infosets == len(self._index.decision_nodes)

    def is_perfect_recall(self) -> bool:
        """True if no player forgets their own earlier information sets and actions.

        Every node of an information set of player :math:`i` must be preceded by the same
        last own (information set, action) of player :math:`i` (or by none); by induction
        this makes the whole own history equal [2]_.

        Examples
        --------
        >>> from dealmodels.games.extensive_form import GameTree, decision
        >>> forgetful = GameTree.build(players=["A"], root=decision("A", {
        ...     "l": decision("A", {"x": (1,), "y": (0,)}, infoset="h"),
        ...     "r": decision("A", {"x": (0,), "y": (1,)}, infoset="h")}))
        >>> forgetful.is_perfect_recall()
        False
        """
        from dealmodels.games.extensive_form.structure import is_perfect_recall

        return is_perfect_recall(self)

    def subgame_roots(self) -> NDArray[np.int64]:
        """The non-terminal nodes that start a subgame, in node order (the root first).

        A node :math:`v` starts a subgame iff every information set with a node in the
        subtree of :math:`v` has all its nodes there [1]_.

        Examples
        --------
        >>> from dealmodels.games.extensive_form import GameTree, decision
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
        >>> from dealmodels.games.extensive_form import GameTree, decision
        >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
        ...     "l": (1, 1), "r": decision("B", {"x": (0, 1), "y": (2, 0)})}))
        >>> [s.n_nodes for s in t.subgames()]
        [5, 3]
        """
        return [self.subtree(int(v)) for v in self.subgame_roots()]

    def subtree(
        self, node: int, *, replace: Mapping[int, Sequence[Any]] | None = None
    ) -> GameTree:
        """The tree below ``node`` (its information sets restricted to the subtree).

        Parameters
        ----------
        node : int
            The root of the subtree; any node, though only :meth:`subgame_roots` give
            subgames.
        replace : mapping of int to payoff vector, optional
            Nodes of the subtree to cut off: each becomes a terminal with the given payoffs
            (one per player), as when a solved subgame is replaced by its value.

        Returns
        -------
        GameTree
            Renumbered breadth-first from ``node``.

        Raises
        ------
        InvalidParameterError
            If ``node`` is not a node, or a key of ``replace`` is not in its subtree.

        Examples
        --------
        >>> from dealmodels.games.extensive_form import GameTree, decision
        >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
        ...     "l": (1, 1), "r": decision("B", {"x": (0, 1), "y": (2, 0)})}))
        >>> t.subtree(0, replace={2: (0, 1)}).payoffs.tolist()
        [[1, 1], [0, 1]]
        """
        from dealmodels.games.extensive_form.structure import subtree

        return subtree(self, node, replace)

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
            remain, float otherwise. ``self`` if the tree is not symbolic (and no values
            are given).

        Raises
        ------
        InvalidParameterError
            For a key that is not a symbol of the tree (a typo would otherwise be ignored
            silently), with the tree's symbols and the closest names; a float or exact tree
            has no symbols, so any key is refused.

        Examples
        --------
        >>> import sympy
        >>> from dealmodels.games.extensive_form import GameTree, decision
        >>> a = sympy.Symbol("a")
        >>> t = GameTree.build(players=["A"], root=decision("A", {"l": (a,), "r": (1,)}))
        >>> t.subs(a=2).payoffs.tolist()
        [[2], [1]]
        >>> t.subs(A=2)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dealmodels.errors.InvalidParameterError: subs keys ... got 'A' (did you mean 'a'?)
        """
        from dealmodels._validation import check_symbol_keys
        from dealmodels.games.extensive_form.builder import substitute

        names = [str(s) for s in self.free_symbols]
        given = check_symbol_keys(values, kwargs, names, what="tree", kind=self._kind)
        return substitute(self, given)

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
        from dealmodels.games.extensive_form.builder import to_float

        return to_float(self)

    def reach_probabilities(self) -> NDArray[Any]:
        """Per node: the product of the chance probabilities on its path (players' moves = 1)."""
        from dealmodels.games.extensive_form.structure import reach_probabilities

        return reach_probabilities(self)

    # -- the reduced normal form ---------------------------------------------------------------
    def reduced_strategies(self, player: int | str) -> list[dict[int, int]]:
        """The reduced pure strategies of ``player``: information set -> action index.

        Each strategy assigns an action exactly at the player's information sets that its
        own earlier actions do not rule out; strategies are listed in lexicographic order of
        the actions at the player's information sets (in information-set order).

        Examples
        --------
        >>> from dealmodels.games.extensive_form import GameTree, decision
        >>> t = GameTree.build(players=["A"], root=decision("A", {
        ...     "stop": (0,), "go": decision("A", {"x": (1,), "y": (2,)})}))
        >>> t.reduced_strategies("A")
        [{0: 0}, {0: 1, 1: 0}, {0: 1, 1: 1}]
        """
        from dealmodels.games.extensive_form.structure import reduced_strategies

        return reduced_strategies(self, player)

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
        from dealmodels.games.extensive_form.structure import strategy_label

        return strategy_label(self, player, strategy)

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
        >>> from dealmodels.games.extensive_form import GameTree, decision
        >>> t = GameTree.build(players=["entrant", "incumbent"], root=decision("entrant", {
        ...     "out": (0, 2), "in": decision("incumbent", {"fight": (-1, -1), "share": (1, 1)})}))
        >>> g = t.to_normal_form()
        >>> g.actions
        (('out', 'in'), ('fight', 'share'))
        >>> g.payoff_profile((1, 1))
        (Fraction(1, 1), Fraction(1, 1))
        """
        from dealmodels.games.extensive_form.structure import to_normal_form

        return to_normal_form(self)

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
# walks and views
# --------------------------------------------------------------------------------------------
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


def build_graph(tree: GameTree) -> nx.DiGraph:
    """The networkx DiGraph of :attr:`GameTree.graph` (built anew, not frozen)."""
    import networkx as nx

    players = tree.players
    g = nx.DiGraph(players=list(players))
    kinds = tree.node_kind.tolist()
    mover = tree.node_player.tolist()
    infoset = tree.infoset.tolist()
    pay, row = tree.payoffs, tree.payoff_row.tolist()
    for v in range(tree.n_nodes):
        k = kinds[v]
        if k == DECISION:
            attrs: dict[str, Any] = {"kind": "decision", "player": players[mover[v]]}
            key = tree._infoset_key(infoset[v])
            if key is not None:
                attrs["infoset"] = key
            g.add_node(v, **attrs)
        elif k == CHANCE:
            g.add_node(v, kind="chance")
        else:
            g.add_node(v, kind="terminal", payoffs=tuple(pay[row[v]].tolist()))
    parent = tree.parent.tolist()
    table, code, prob = tree.label_table, tree.action_code.tolist(), tree.probabilities
    for c in range(1, tree.n_nodes):
        p = parent[c]
        if kinds[p] == CHANCE:
            g.add_edge(p, c, action=table[code[c]], prob=prob[c])
        else:
            g.add_edge(p, c, action=table[code[c]])
    return g
