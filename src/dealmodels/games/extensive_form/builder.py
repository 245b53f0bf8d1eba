r"""Making game trees: the nested builder, networkx graphs, and breadth-first arrays.

Three ways in, one way out: :func:`build_tree` (``GameTree.build``) walks nested
:func:`decision` / :func:`chance` / :func:`terminal` specifications breadth first,
:func:`from_graph` (``GameTree.from_graph``) turns a networkx DiGraph into such a
specification, and :func:`from_arrays` (``GameTree.from_arrays``) takes the breadth-first
arrays themselves, as a file reader makes them (:func:`dealmodels.io.efg.read_efg` uses it).
All three end in :func:`assemble`, which fixes the tree's number type (float, exact or
symbolic), checks payoffs, chance probabilities and information sets, and freezes the arrays.
:func:`substitute` and :func:`to_float` re-make a tree with other numbers
(``GameTree.subs``, ``GameTree.as_float``).
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._gc import paused_gc
from dealmodels._numbers import is_sympy, to_fraction, to_sympy
from dealmodels._numbers import substitute as substitute_values
from dealmodels._validation import check_choice, fail
from dealmodels.errors import InvalidGameError, InvalidParameterError
from dealmodels.games.extensive_form.index import TreeIndex
from dealmodels.games.extensive_form.storage import (
    _KIND_NAMES,
    CHANCE,
    DECISION,
    TERMINAL,
    GameTree,
    NodeSpec,
    TreeKind,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "assemble",
    "build_tree",
    "chance",
    "decision",
    "from_arrays",
    "from_graph",
    "substitute",
    "terminal",
    "to_float",
]

_PROB_TOL = 1e-9
_CYCLE_CHECK_DEPTH = 64  # walks deeper than this are checked for cycles


# --------------------------------------------------------------------------------------------
# builder specs: tiny immutable records; all validation happens in build_tree
# --------------------------------------------------------------------------------------------
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


def terminal(*payoffs: Any) -> _Terminal:
    """A terminal node with one payoff per player, in the order of ``players``.

    Parameters
    ----------
    *payoffs : int, float, Fraction or sympy expression
        The payoff of each player. A plain tuple ``(u1, u2)`` in an action mapping means
        the same thing.

    Examples
    --------
    >>> from dealmodels.games.extensive_form import terminal
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
    >>> from dealmodels.games.extensive_form import decision
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
    >>> from dealmodels.games.extensive_form import chance
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
# the nested builder and networkx graphs
# --------------------------------------------------------------------------------------------
def build_tree(players: Sequence[str], root: NodeSpec) -> GameTree:
    """See :meth:`GameTree.build` (the garbage collector paused: large trees)."""
    with paused_gc():
        return _build(players, root)


def _build(players: Sequence[str], root: NodeSpec) -> GameTree:
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
                    raise InvalidGameError(f"chance node {where} needs one probability per branch")
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
    return assemble(
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


def assemble(
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
    """Create the tree from breadth-first arrays whose layout is right (checked by the caller:
    :func:`from_arrays`, or made so by the builder); checks the numbers and information sets."""
    tree = object.__new__(GameTree)
    n = len(node_kind)
    tree._players = players
    tree._node_kind = node_kind
    tree._parent = parent
    tree._first_child = first_child
    tree._n_children = n_children
    tree._player = player
    tree._action = action
    tree._label_table = label_table
    tree._payoff_row = payoff_row
    tree._index = TreeIndex(tree)
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
    tree._kind = kind
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
                f"{tree._where(node)}"
            )
        prob = np.zeros(n, dtype=np.float64)
        prob[chance_slot] = np.array([float(p) for p in chance_probs], dtype=np.float64)
    elif isinstance(rows, np.ndarray) and rows.dtype == np.int64 and kind == "exact":
        pay = rows.astype(object).reshape(n_rows, n_players)
        prob = np.zeros(n, dtype=object)
        prob[chance_slot] = [_exact(p) for p in chance_probs] if len(chance_slot) else []
    else:
        if isinstance(rows, np.ndarray) and rows.dtype != object:
            flat = rows.astype(object).ravel().tolist()
        conv = _exact if kind == "exact" else to_sympy
        pay = np.empty((n_rows, n_players), dtype=object)
        if n_rows:
            pay.flat[:] = [conv(v) for v in flat] if kind == "symbolic" else _exact_list(flat)
        prob = np.zeros(n, dtype=object)
        prob[chance_slot] = [conv(p) for p in chance_probs] if len(chance_slot) else []
    pay.flags.writeable = False
    tree._payoffs = pay
    tree._prob = prob
    _check_chance(tree, chance_slot)
    _make_infosets(tree, infoset_key)
    for a in (
        node_kind,
        parent,
        first_child,
        n_children,
        player,
        action,
        payoff_row,
        prob,
        tree._infoset,
        tree._infoset_player,
    ):
        a.flags.writeable = False
    return tree


def _check_chance(tree: GameTree, chance_slot: NDArray[np.int64]) -> None:
    chance_nodes = np.flatnonzero(tree._node_kind == CHANCE)
    if len(chance_nodes) == 0:
        return
    prob = tree._prob
    if tree._kind == "float":
        neg = np.flatnonzero(~(prob[chance_slot] >= 0))  # NaN fails too
        if len(neg):
            c = int(chance_slot[neg[0]])
            raise InvalidGameError(
                f"chance probabilities must be numbers >= 0; got {prob[c]!r} for action "
                f"{tree.action_label(c)!r} at chance node {tree._where(int(tree._parent[c]))}"
            )
        csum = np.concatenate(([0.0], np.cumsum(prob)))
        starts = tree._first_child[chance_nodes]
        sums = csum[starts + tree._n_children[chance_nodes]] - csum[starts]
        bad = np.flatnonzero(~(np.abs(sums - 1.0) <= _PROB_TOL))
        if len(bad):
            v = int(chance_nodes[bad[0]])
            raise InvalidGameError(
                f"chance probabilities must sum to 1; got sum {sums[bad[0]]!r} at chance "
                f"node {tree._where(v)}"
            )
        return
    for v in chance_nodes.tolist():
        ps = [prob[c] for c in tree.children(v)]
        if tree._kind == "exact":
            if any(p < 0 for p in ps):
                raise InvalidGameError(
                    f"chance probabilities must be >= 0; got {ps} at chance node {tree._where(v)}"
                )
            if sum(ps) != 1:
                raise InvalidGameError(
                    f"chance probabilities must sum to 1; got sum {sum(ps)} at chance "
                    f"node {tree._where(v)}"
                )
        else:
            import sympy

            if any(bool(p.is_negative) for p in ps):
                raise InvalidGameError(
                    f"chance probabilities must be >= 0; got {ps} at chance node {tree._where(v)}"
                )
            if sympy.simplify(sum(ps) - 1) != 0:
                raise InvalidGameError(
                    f"chance probabilities must sum to 1; got sum {sum(ps)} at chance "
                    f"node {tree._where(v)}"
                )


def _make_infosets(tree: GameTree, infoset_key: Mapping[int, Any]) -> None:
    """Number information sets in order of their first node; check player and labels."""
    n = len(tree._node_kind)
    dec = np.flatnonzero(tree._node_kind == DECISION)
    infoset = np.full(n, -1, dtype=np.int64)
    if not infoset_key:
        infoset[dec] = np.arange(len(dec), dtype=np.int64)
        tree._infoset = infoset
        tree._infoset_player = tree._player[dec].copy()
        tree._infoset_names = _NoneTuple(len(dec))
        tree._infoset_actions = None  # computed on first use
        return
    ids: dict[Any, int] = {}
    names: list[Hashable | None] = []
    players: list[int] = []
    actions: list[tuple[str, ...]] = []
    for v in dec.tolist():
        key = infoset_key.get(v)
        labs = tree.actions_at(v)
        if key is None:
            infoset[v] = len(names)
            names.append(None)
            players.append(int(tree._player[v]))
            actions.append(labs)
            continue
        try:
            j = ids.get(key)
        except TypeError:
            raise InvalidGameError(
                f"infoset names must be hashable; got {key!r} at node {tree._where(v)}"
            ) from None
        if j is None:
            j = ids[key] = len(names)
            names.append(key)
            players.append(int(tree._player[v]))
            actions.append(labs)
        else:
            if players[j] != tree._player[v]:
                raise InvalidGameError(
                    f"information set {key!r} mixes players "
                    f"{tree._players[players[j]]!r} and "
                    f"{tree._players[int(tree._player[v])]!r} (at node {tree._where(v)})"
                )
            if actions[j] != labs:
                raise InvalidGameError(
                    f"information set {key!r} mixes action labels {list(actions[j])} and "
                    f"{list(labs)} (at node {tree._where(v)})"
                )
        infoset[v] = j
    tree._infoset = infoset
    tree._infoset_player = np.array(players, dtype=np.int64)
    tree._infoset_names = tuple(names)
    tree._infoset_actions = tuple(actions)


def from_graph(graph: nx.DiGraph, players: Sequence[str] | None = None) -> GameTree:
    """See :meth:`GameTree.from_graph`."""
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

    tree = build_tree(players, spec(roots[0]))
    if tree.n_nodes != graph.number_of_nodes():
        raise InvalidGameError(
            f"every node must be reachable from the root {roots[0]!r}; "
            f"{graph.number_of_nodes() - tree.n_nodes} are not"
        )
    return tree


# --------------------------------------------------------------------------------------------
# breadth-first arrays
# --------------------------------------------------------------------------------------------
def from_arrays(
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
    """See :meth:`GameTree.from_arrays` (the layout checked, then :func:`assemble`)."""
    names = _check_players(players)
    if kind is not None:
        kind = check_choice("kind", kind, ("float", "exact", "symbolic"))
    nk = _int_array("node_kind", node_kind, None)
    n = len(nk)
    nch = _int_array("n_children", n_children, n)
    mover = _int_array("node_player", node_player, n)
    code = _int_array("action_code", action_code, n)
    table = _check_label_table(label_table)
    bad = np.flatnonzero((nk < TERMINAL) | (nk > CHANCE))
    if len(bad):
        v = int(bad[0])
        raise fail(f"node_kind[{v}]", "TERMINAL (0), DECISION (1) or CHANCE (2)", nk[v])
    # -- the breadth-first layout
    term = nk == TERMINAL
    bad = np.flatnonzero(term != (nch == 0))
    if len(bad):
        v = int(bad[0])
        what = "0 at a terminal node" if term[v] else "at least 1 at a decision or chance node"
        raise fail(f"n_children[{v}]", what, nch[v])
    if int(nch.sum()) != n - 1:
        raise InvalidParameterError(
            f"n_children must add up to the number of nodes minus one ({n - 1}), so that "
            f"every node but the root has a parent; got a sum of {int(nch.sum())}"
        )
    first = np.cumsum(nch) + 1 - nch
    late = np.flatnonzero(~term & (first <= np.arange(n)))
    if len(late):
        v = int(late[0])
        raise InvalidParameterError(
            f"n_children must list a tree in breadth-first order: node {v} would have its "
            f"first child at {int(first[v])}, not after itself (the nodes before it have "
            f"{int(first[v]) - 1} children in all)"
        )
    parent = np.empty(n, dtype=np.int64)
    parent[0] = -1
    parent[1:] = np.repeat(np.arange(n, dtype=np.int64), nch)
    # -- movers and labels
    dec = nk == DECISION
    bad = np.flatnonzero(np.where(dec, (mover < 0) | (mover >= len(names)), mover != -1))
    if len(bad):
        v = int(bad[0])
        what = f"in [0, {len(names) - 1}] at a decision node" if dec[v] else "-1 off decisions"
        raise fail(f"node_player[{v}]", what, mover[v])
    if n and code[0] != -1:
        raise fail("action_code[0]", "-1 (the root has no incoming action)", code[0])
    bad = 1 + np.flatnonzero((code[1:] < 0) | (code[1:] >= len(table)))
    if len(bad):
        v = int(bad[0])
        raise fail(f"action_code[{v}]", f"in [0, {len(table) - 1}] (label_table)", code[v])
    # -- payoffs, probabilities and information sets
    rows = _payoff_rows(payoffs, int(np.count_nonzero(term)), len(names))
    slot = np.flatnonzero(nk[parent[1:]] == CHANCE).astype(np.int64) + 1
    chance_probs: list[Any] = []
    if probabilities is None:
        if len(slot):
            raise fail("probabilities", "given when the tree has a chance node", None)
    else:
        prob = np.asarray(probabilities, dtype=None if _numeric(probabilities) else object)
        if prob.shape != (n,):
            raise fail("probabilities", f"an array of shape ({n},), one entry per node", prob)
        off = np.ones(n, dtype=bool)
        off[slot] = False
        if _numeric(prob):
            stray = np.flatnonzero(off & (prob != 0))
        else:
            stray = np.flatnonzero(off)[[not _is_zero(x) for x in prob[off].tolist()]]
        if len(stray):
            v = int(stray[0])
            raise fail(
                f"probabilities[{v}]", "0: the node is not a child of a chance node", prob[v]
            )
        chance_probs = prob[slot].tolist()
    keys: dict[int, Hashable] = {}
    if infosets:
        if not isinstance(infosets, Mapping):
            raise fail("infosets", "a mapping of decision node to information-set name", infosets)
        for v, key in infosets.items():
            if isinstance(v, bool) or not isinstance(v, int | np.integer) or not 0 <= v < n:
                raise fail("infosets key", f"a node index in [0, {n - 1}]", v)
            if not dec[int(v)]:
                raise fail(f"infosets key {int(v)}", "a decision node", _KIND_NAMES[int(nk[v])])
            if key is not None:
                keys[int(v)] = key
    if kind is not None and kind != "symbolic":
        # a kind narrower than the numbers': floats cannot become exact, symbols neither
        flat = (
            rows.ravel().tolist() if isinstance(rows, np.ndarray) else [x for r in rows for x in r]
        )
        found = _classify([*flat, *chance_probs], "payoffs and probabilities")
        if found == "symbolic" or (kind == "exact" and found == "float"):
            raise fail("kind", f"a kind that holds the numbers ({found!r} found)", kind)
    with paused_gc():
        return assemble(
            players=names,
            node_kind=nk.astype(np.int8),
            parent=parent,
            first_child=first.astype(np.int64),
            n_children=nch,
            player=mover,
            infoset_key=keys,
            action=code,
            label_table=table,
            rows=rows,
            payoff_row=_payoff_row_of(term),
            chance_slot=slot,
            chance_probs=chance_probs,
            kind=kind,
        )


def _int_array(name: str, given: ArrayLike, n: int | None) -> NDArray[np.int64]:
    """``given`` as a fresh one-dimensional int64 array (of length ``n`` when given)."""
    a = np.asarray(given)
    if a.ndim != 1 or (a.dtype.kind not in "iu" and a.size):
        raise fail(name, "a one-dimensional array of integers", given)
    if n is None and len(a) == 0:
        raise fail(name, "at least one node (the root)", given)
    if n is not None and len(a) != n:
        raise fail(name, f"one entry per node ({n})", f"{len(a)} entries")
    return np.array(a, dtype=np.int64)


def _check_label_table(label_table: Sequence[str]) -> tuple[str, ...]:
    if isinstance(label_table, str) or not isinstance(label_table, Sequence | np.ndarray):
        raise fail("label_table", "a sequence of distinct strings", label_table)
    table = tuple(label_table)
    bad = [x for x in table if not isinstance(x, str)]
    if bad:
        raise fail("label_table", "a sequence of strings", bad[0])
    if len(set(table)) != len(table):
        twice = next(x for x in table if table.count(x) > 1)
        raise fail("label_table", "distinct labels", f"{twice!r} twice")
    return table


def _payoff_rows(
    payoffs: ArrayLike, n_terminals: int, n_players: int
) -> NDArray[Any] | list[Sequence[Any]]:
    """The payoff rows, shape-checked: a numeric or object array, or the rows as a list."""
    shape = f"shape ({n_terminals}, {n_players}): one row per terminal node, one per player"
    if isinstance(payoffs, np.ndarray):
        if payoffs.shape != (n_terminals, n_players):
            raise fail("payoffs", f"an array of {shape}", f"shape {payoffs.shape}")
        if payoffs.dtype.kind in "iu":
            return payoffs.astype(np.int64)
        if payoffs.dtype.kind == "f":
            return payoffs.astype(np.float64)
        if payoffs.dtype != object:
            raise fail("payoffs", "real numbers", f"an array of {payoffs.dtype}")
        return payoffs
    if isinstance(payoffs, str) or not isinstance(payoffs, Sequence):
        raise fail("payoffs", f"an array of {shape}", payoffs)
    rows = list(payoffs)
    if len(rows) != n_terminals:
        raise fail("payoffs", f"an array of {shape}", f"{len(rows)} rows")
    for j, r in enumerate(rows):
        if isinstance(r, str) or not isinstance(r, Sequence | np.ndarray) or len(r) != n_players:
            raise fail(f"payoffs[{j}]", f"{n_players} payoffs (one per player)", r)
    return rows


def _numeric(values: ArrayLike) -> bool:
    """True for a numpy array of ints or floats (no conversion of Python objects needed)."""
    return isinstance(values, np.ndarray) and values.dtype.kind in "iuf"


def _is_zero(x: Any) -> bool:
    try:
        return bool(x == 0)
    except TypeError:
        return False


def _payoff_row_of(term: NDArray[np.bool_]) -> NDArray[np.int64]:
    row = np.full(len(term), -1, dtype=np.int64)
    row[term] = np.arange(int(np.count_nonzero(term)), dtype=np.int64)
    return row


# --------------------------------------------------------------------------------------------
# the same tree with other numbers
# --------------------------------------------------------------------------------------------
def substitute(tree: GameTree, values: Mapping[Any, Any]) -> GameTree:
    """See :meth:`GameTree.subs`: ``values`` maps symbols (or their names) to values."""
    if tree.kind != "symbolic":
        return tree
    import sympy

    by_name = {str(s): s for s in tree.free_symbols}
    mapping: dict[Any, Any] = {}
    for k, v in values.items():
        sym = by_name.get(str(k))
        if sym is None:
            raise InvalidParameterError(
                f"subs keys must be symbols of the tree {sorted(by_name)}; got {k!r}"
            )
        mapping[sym] = sympy.nsimplify(v) if isinstance(v, int | Fraction) else v

    def num(y: Any) -> Any:
        if isinstance(y, float):
            return y
        if y.is_Rational:
            return _exact(y)
        if y.is_number:
            return float(y)
        return y

    m = tree.n_players
    slot = _chance_slot(tree)
    flat = list(tree.payoffs.flat)
    done = [num(y) for y in substitute_values([*flat, *tree.probabilities[slot]], mapping)]
    pay, probs = done[: len(flat)], done[len(flat) :]
    return _remake(
        tree,
        rows=[pay[i : i + m] for i in range(0, len(pay), m)],
        chance_slot=slot,
        chance_probs=probs,
        kind=None,
    )


def to_float(tree: GameTree) -> GameTree:
    """See :meth:`GameTree.as_float`."""
    if tree.kind == "float":
        return tree
    if tree.free_symbols:
        raise InvalidGameError(
            f"a symbolic tree needs values for {sorted(map(str, tree.free_symbols))} "
            "before it is numeric: use subs()"
        )
    slot = _chance_slot(tree)
    return _remake(
        tree,
        rows=np.asarray(tree.payoffs, dtype=np.float64),
        chance_slot=slot,
        chance_probs=[float(p) for p in tree.probabilities[slot]],
        kind="float",
    )


def _chance_slot(tree: GameTree) -> NDArray[np.int64]:
    """The nodes whose parent is a chance node, in node order."""
    return (np.flatnonzero(tree.node_kind[tree.parent[1:]] == CHANCE) + 1).astype(np.int64)


def _remake(
    tree: GameTree,
    *,
    rows: Sequence[Sequence[Any]] | NDArray[Any],
    chance_slot: NDArray[np.int64],
    chance_probs: Sequence[Any],
    kind: TreeKind | None,
) -> GameTree:
    """``tree``'s layout and information sets with new payoffs and chance probabilities."""
    keys: dict[int, Any] = {}
    for v in np.flatnonzero(tree.infoset >= 0).tolist():
        key = tree._infoset_key(int(tree.infoset[v]))
        if key is not None:
            keys[v] = key
    return assemble(
        players=tree.players,
        node_kind=tree.node_kind.copy(),
        parent=tree.parent.copy(),
        first_child=tree.first_child.copy(),
        n_children=tree.n_children.copy(),
        player=tree.node_player.copy(),
        infoset_key=keys,
        action=tree.action_code.copy(),
        label_table=tree.label_table,
        rows=rows,
        payoff_row=tree.payoff_row.copy(),
        chance_slot=chance_slot,
        chance_probs=chance_probs,
        kind=kind,
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
