r"""Subgame-perfect equilibria of game trees by backward induction.

A behaviour strategy profile :math:`\beta` of a :class:`~dealmodels.GameTree` is a
*subgame-perfect equilibrium* (SPE) if it induces a Nash equilibrium in every subgame [1]_.
In a finite game of perfect information, backward induction finds one: the value of a
terminal node :math:`z` is :math:`u(z)`; the value of a chance node is
:math:`V(v) = \sum_{c} \pi(c) V(c)`; at a decision node of player :math:`i` the player picks a
child :math:`c^*(v) \in \arg\max_c V_i(c)` and :math:`V(v) = V(c^*(v))` (Kuhn's theorem [2]_).

Ties are broken by a fixed rule: **the first maximising action in the node's label order**
(the order the actions were listed in). :func:`all_subgame_perfect` enumerates every pure SPE
so that ties stay visible.

With imperfect information, :func:`subgame_perfect` solves the tree bottom-up over its
subgames [1]_: every minimal subgame not yet solved (its own subgames replaced by their
values) has no proper subgame, so it is solved as a normal-form game — its reduced normal form
(:meth:`~dealmodels.GameTree.to_normal_form`) goes to :func:`~dealmodels.nash_equilibria`
for two active players (the **first** equilibrium in that function's deterministic order is
taken) or to :func:`~dealmodels.pure_nash_equilibria` for more — and its mixed equilibrium is
turned into behaviour strategies (Kuhn; needs perfect recall):
:math:`\beta_i(a \mid I) = \sigma_i\{s : s(I) = a\} / \sigma_i\{s : s \text{ reaches } I\}`.

Symbolic trees (sympy payoffs) are solved by :func:`symbolic_backward_induction`, which
returns, for each decision node, the condition on the parameters under which each action is
chosen (the same tie rule), and the root payoffs as cases.

References
----------
.. [1] R. Selten, "Reexamination of the perfectness concept for equilibrium points in
   extensive games", *International Journal of Game Theory* 4 (1975), 25-55.
.. [2] H. W. Kuhn, "Extensive games and the problem of information", in *Contributions to
   the Theory of Games II*, Princeton UP, 1953, 193-216.
.. [3] M. J. Osborne, *An Introduction to Game Theory*, Oxford UP, 2004, ch. 5-7.

Examples
--------
>>> from dealmodels.games.extensive_form import GameTree, decision
>>> entry = GameTree.build(players=["entrant", "incumbent"], root=decision("entrant", {
...     "out": (0, 2), "in": decision("incumbent", {"fight": (-1, -1), "accommodate": (1, 1)})}))
>>> spe = subgame_perfect(entry)
>>> spe.path_actions, spe.payoffs.tolist()
(('in', 'accommodate'), [1, 1])
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._numbers import to_sympy
from dealmodels._validation import check_int, check_nonnegative
from dealmodels.errors import InvalidParameterError, SolverError, UnsupportedGameError
from dealmodels.games.extensive_form import CHANCE, DECISION, TERMINAL, GameTree
from dealmodels.solvers._result import SolverResult, frozen_payoffs

if TYPE_CHECKING:
    pass

__all__ = [
    "SubgamePerfectResult",
    "SymbolicSubgamePerfect",
    "all_subgame_perfect",
    "evaluate_behaviour",
    "subgame_perfect",
    "symbolic_backward_induction",
]


# --------------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SubgamePerfectResult(SolverResult):
    r"""A subgame-perfect equilibrium in behaviour strategies.

    Attributes
    ----------
    tree : GameTree
        The solved tree.
    behaviour : ndarray, shape (n_nodes,)
        Per node :math:`v \ne` root: the probability that the move at ``parent[v]`` goes to
        :math:`v` (the player's behaviour strategy at a decision node, the chance
        probability at a chance node); 1 at the root. Equal across the nodes of an
        information set.
    values : ndarray, shape (n_nodes, n_players)
        Expected payoffs of the subgame (or continuation) starting at every node.
    payoffs : ndarray, shape (n_players,)
        Expected payoff of each player, ``values[0]``; read-only, an ``object`` array of
        exact numbers (``int``, :class:`~fractions.Fraction`, sympy expressions) for exact
        and symbolic trees, ``float64`` for float trees, as the normal-form results give.
    path : tuple of int
        The nodes reached with positive probability, in node order (the equilibrium path;
        a subtree when chance or mixing branches it).
    method : str
        ``"backward_induction"`` (perfect information), ``"backward_induction_all_pure"``
        (:func:`all_subgame_perfect`), ``"normal_form"`` (backward induction over the
        proper subgames, those without proper subgames solved as normal-form games),
        ``"sequence_form"`` (the same, through the sequence form) or
        ``"backward_induction_symbolic"`` (a symbolic tree whose comparisons were all
        decided). ``"backward_induction"``, ``"normal_form"`` and ``"sequence_form"`` are
        also the ``method=`` values of
        :func:`~dealmodels.solvers.sequence_form.tree_nash_equilibria` that run them.
    choices : ndarray, shape (n_infosets,)
        Per information set: the index of the action played for sure, ``-1`` if mixed.

    Examples
    --------
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> t = GameTree.build(players=["A", "B"],
    ...     root=decision("A", {"l": (1, 0), "r": decision("B", {"x": (0, 1), "y": (2, 2)})}))
    >>> r = subgame_perfect(t)
    >>> r.strategies()
    {'A@': {'l': 0, 'r': 1}, 'B@r': {'x': 0, 'y': 1}}
    """

    tree: GameTree
    behaviour: NDArray[Any]
    values: NDArray[Any]
    payoffs: NDArray[Any]
    path: tuple[int, ...]
    method: str
    choices: NDArray[np.int64] = field(repr=False)

    def __post_init__(self) -> None:
        for a in (self.behaviour, self.values, self.choices, self.payoffs):
            a.flags.writeable = False

    @cached_property
    def residual(self) -> float:
        r"""The verification residual of the shared solver core: the largest gain of a
        player from deviating in some subgame, against the others' behaviour (0 for exact
        and symbolic trees).

        Recomputed from :attr:`behaviour` on first access (so the solvers pay nothing for
        it on large trees): with perfect information, the one-shot deviation gain
        :math:`\max(0, \max_v \max_c V_i(c) - V_i(v))` over the decision nodes
        :math:`v` of each mover :math:`i`; otherwise, in every subgame and for every
        player, the best-response value against the others' behaviour (by dynamic
        programming over the player's sequences, which perfect recall makes a tree)
        minus the subgame's value.
        """
        return _deviation_gain(self.tree, self.behaviour)

    @property
    def is_pure(self) -> bool:
        """True if every information set has one action played with probability 1."""
        return bool(np.all(self.choices >= 0))

    @property
    def path_actions(self) -> tuple[str, ...]:
        """The labels of the actions on :attr:`path` (one branch: the play of the game)."""
        return tuple(self.tree.action_label(v) for v in self.path[1:])

    def strategy(self, infoset: int | str) -> dict[str, Any]:
        """Behaviour strategy at one information set: action label -> probability.

        ``infoset`` is an index or a name from :meth:`GameTree.infoset_name`.
        """
        tree = self.tree
        k = tree.infoset_index(infoset) if isinstance(infoset, str) else int(infoset)
        if not 0 <= k < tree.n_infosets:
            raise InvalidParameterError(
                f"infoset must be in [0, {tree.n_infosets - 1}]; got infoset={infoset!r}"
            )
        v = int(tree.index.infoset_first[k])
        kids = tree.children(v)
        return {
            lab: _plain(self.behaviour[c])
            for lab, c in zip(tree.infoset_actions[k], kids, strict=True)
        }

    def strategies(self) -> dict[str, dict[str, Any]]:
        """The behaviour strategy at every information set, keyed by information-set name."""
        return {self.tree.infoset_name(k): self.strategy(k) for k in range(self.tree.n_infosets)}

    def __repr__(self) -> str:
        return (
            f"SubgamePerfectResult(payoffs={self.payoffs.tolist()!r}, "
            f"path_actions={self.path_actions!r}, "
            f"method={self.method!r})"
        )


def _plain(x: Any) -> Any:
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, np.integer):
        return int(x)
    return x


def _deviation_gain(tree: GameTree, behaviour: NDArray[Any]) -> float:
    """:attr:`SubgamePerfectResult.residual` of ``behaviour``."""
    if tree.kind == "symbolic":
        return 0.0
    values = evaluate_behaviour(tree, behaviour)
    if tree.is_perfect_information:
        _, _, _, kid_at, parent_at, _ = tree.index.decision_moves
        if len(kid_at) == 0:
            return 0.0
        flat = values.ravel()
        gains = np.take(flat, kid_at) - np.take(flat, parent_at)
        return max(float(np.max(gains)), 0.0)
    worst = 0.0
    for r in tree.subgame_roots().tolist():
        for i in range(tree.n_players):
            worst = max(worst, float(_best_response_value(tree, behaviour, r, i) - values[r, i]))
    return worst


def _best_response_value(tree: GameTree, behaviour: NDArray[Any], root: int, player: int) -> Any:
    r"""Player ``player``'s best payoff in the subgame at ``root`` against the others'
    behaviour (chance included).

    Each terminal :math:`z` adds :math:`\pi_{-i}(z) u_i(z)` (the others' and chance's
    reach probability times the payoff) to the player's last sequence on its path; the
    player's information sets, deepest first (with perfect recall an information set below
    another has its first node later in node order), add the best of their actions'
    sequence values to the sequence that leads to them. The empty sequence's value is the
    best response.
    """
    exact = tree.kind != "float" or behaviour.dtype == object
    zero: Any = 0 if exact else 0.0
    kind = tree.node_kind.tolist()
    first, count = tree.first_child.tolist(), tree.n_children.tolist()
    mover, infoset = tree.node_player.tolist(), tree.infoset.tolist()
    b = behaviour.tolist()
    prow = tree.payoff_row.tolist()
    pay = tree.payoffs[:, player].tolist()
    reach: dict[int, Any] = {root: 1}
    last: dict[int, tuple[int, int] | None] = {root: None}
    value: dict[tuple[int, int] | None, Any] = {None: zero}
    sets: dict[int, tuple[int, tuple[int, int] | None, int]] = {}
    order = [root]
    for v in order:  # grows while it is read: breadth first over the subgame
        if kind[v] == TERMINAL:
            seq = last[v]
            value[seq] = value.get(seq, zero) + reach[v] * pay[prow[v]]
            continue
        mine = kind[v] == DECISION and mover[v] == player
        if mine and infoset[v] not in sets:
            sets[infoset[v]] = (v, last[v], count[v])
        for j, c in enumerate(range(first[v], first[v] + count[v])):
            reach[c] = reach[v] if mine else reach[v] * b[c]
            last[c] = (infoset[v], j) if mine else last[v]
            order.append(c)
    for k, (_, parent_seq, n_actions) in sorted(sets.items(), key=lambda kv: -kv[1][0]):
        best = max(value.get((k, a), zero) for a in range(n_actions))
        value[parent_seq] = value.get(parent_seq, zero) + best
    return value[None]


# --------------------------------------------------------------------------------------------
# public solvers
# --------------------------------------------------------------------------------------------
def _relative_tol(tree: GameTree, tol: float) -> float:
    """``tol`` times the largest finite absolute payoff of a float tree (``tol`` itself for
    exact trees, which compare exactly, and for a tree of zeros)."""
    if tree.kind != "float":
        return tol
    pay = np.abs(np.asarray(tree.payoffs, dtype=float))
    finite = pay[np.isfinite(pay)]
    scale = float(finite.max()) if finite.size else 0.0
    return tol * scale if scale > 0 else tol


def subgame_perfect(tree: GameTree, *, tol: float = 1e-12) -> SubgamePerfectResult:
    r"""One subgame-perfect equilibrium of a game tree.

    Parameters
    ----------
    tree : GameTree
        A float or exact tree (for a symbolic tree, every comparison must be decided by the
        symbols' assumptions; otherwise use :func:`symbolic_backward_induction` or
        ``tree.subs(...)``).
    tol : float, default 1e-12
        Float trees: actions within ``tol`` times the tree's largest absolute payoff of the
        best count as tied (the first one is played), so a tree and the same tree times
        :math:`c > 0` tie the same actions. Exact trees compare exactly.

    Returns
    -------
    SubgamePerfectResult

    Raises
    ------
    UnsupportedGameError
        If a symbolic comparison depends on the parameters, or a subgame without proper
        subgames has imperfect recall, or more than two active players and no pure
        equilibrium.

    Notes
    -----
    Perfect information: one vectorized pass per depth, deepest first; at a decision node of
    player :math:`i` with children :math:`c_1, \dots, c_k` the first :math:`c_j` with
    :math:`V_i(c_j) \ge \max_l V_i(c_l) - \text{tol}\,\max|u|` is chosen; chance nodes
    average. The cost
    is :math:`O(n)` array work plus :math:`O(\text{depth})` numpy calls. Imperfect
    information: see the module notes.

    References
    ----------
    .. [1] M. J. Osborne, *An Introduction to Game Theory*, Oxford UP, 2004, sec. 5.5.

    Examples
    --------
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> centipede = GameTree.build(players=["1", "2"], root=decision("1", {
    ...     "stop": (1, 0), "go": decision("2", {"stop": (0, 2), "go": (3, 1)})}))
    >>> subgame_perfect(centipede).path_actions
    ('stop',)
    """
    tree = _check_tree(tree)
    check_nonnegative("tol", tol)
    if tree.kind == "symbolic":
        return _decided_symbolic(tree)
    tol = _relative_tol(tree, tol)
    if tree.is_perfect_information:
        behaviour, values, choice, rows = _backward_pure(tree, tol)
        _verify_no_better_child(tree, values, tol, rows)
        return _result(tree, behaviour, values, "backward_induction", choice)
    return _solve_by_subgames(tree, tol)


def all_subgame_perfect(
    tree: GameTree, *, tol: float = 1e-12, max_count: int = 10_000
) -> list[SubgamePerfectResult]:
    r"""Every pure subgame-perfect equilibrium of a perfect-information tree.

    At each decision node every action that is a best reply to *some* subgame-perfect
    continuation below it is kept, so different tie resolutions deep in the tree give the
    different values they imply higher up.

    Parameters
    ----------
    tree : GameTree
        A float or exact tree of perfect information (chance nodes allowed).
    tol : float, default 1e-12
        Tolerance for ties in float trees, relative to the tree's largest absolute payoff
        (as in :func:`subgame_perfect`).
    max_count : int, default 10000
        Stop with :class:`~dealmodels.errors.SolverError` if there are more equilibria.

    Returns
    -------
    list of SubgamePerfectResult
        In lexicographic order of the action indices chosen at the decision nodes (in node
        order).

    Examples
    --------
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
    ...     "l": (1, 1), "r": decision("B", {"x": (0, 1), "y": (2, 1)})}))
    >>> [r.path_actions for r in all_subgame_perfect(t)]
    [('l',), ('r', 'y')]
    """
    tree = _check_tree(tree)
    check_nonnegative("tol", tol)
    tol = _relative_tol(tree, tol)
    max_count = check_int("max_count", max_count, low=1)
    if tree.kind == "symbolic":
        raise UnsupportedGameError(
            "all_subgame_perfect needs numeric payoffs; use tree.subs(...) first"
        )
    if not tree.is_perfect_information:
        raise UnsupportedGameError(
            "all_subgame_perfect enumerates pure SPE of perfect-information trees; this tree "
            "has information sets with several nodes (use subgame_perfect)"
        )
    exact = tree.kind == "exact"
    kinds = tree.node_kind
    fc, nc = tree.first_child, tree.n_children
    player = tree.node_player
    prob = tree.probabilities
    # per node: list of (value tuple, {node: chosen child offset}) for its subtree
    sols: dict[int, list[tuple[tuple[Any, ...], dict[int, int]]]] = {}
    for v in range(tree.n_nodes - 1, -1, -1):
        k = int(kinds[v])
        if k == TERMINAL:
            sols[v] = [(tree.payoffs_at(v), {})]
            continue
        kids = list(range(int(fc[v]), int(fc[v] + nc[v])))
        if k == CHANCE:
            out = []
            for combo in itertools.product(*(sols[c] for c in kids)):
                val = tuple(
                    sum((prob[c] * s[0][p] for c, s in zip(kids, combo, strict=True)), start=0)
                    for p in range(tree.n_players)
                )
                choice: dict[int, int] = {}
                for s in combo:
                    choice.update(s[1])
                out.append((val, choice))
                if len(out) > max_count:
                    raise SolverError(f"more than max_count={max_count} pure SPE")
            sols[v] = out
        else:
            i = int(player[v])
            out = []
            for combo in itertools.product(*(sols[c] for c in kids)):
                best = max(s[0][i] for s in combo)
                base: dict[int, int] = {}
                for s in combo:
                    base.update(s[1])
                for j, s in enumerate(combo):
                    tied = s[0][i] == best if exact else s[0][i] >= best - tol
                    if tied:
                        out.append((s[0], {**base, v: j}))
                if len(out) > max_count:
                    raise SolverError(f"more than max_count={max_count} pure SPE")
            sols[v] = out
        for c in kids:
            del sols[c]
    dec = np.flatnonzero(kinds == DECISION)
    results = []
    for _, choice in sols[0]:
        key = tuple(choice[int(v)] for v in dec)
        behaviour = _pure_behaviour(tree, np.array(key, dtype=np.int64))
        results.append((key, behaviour))
    results.sort(key=lambda kb: kb[0])
    out_results = []
    for _, b in results:
        values = evaluate_behaviour(tree, b)
        _verify_no_better_child(tree, values, tol)
        out_results.append(_result(tree, b, values, "backward_induction_all_pure"))
    return out_results


def evaluate_behaviour(tree: GameTree, behaviour: NDArray[Any]) -> NDArray[Any]:
    """Expected payoffs at every node under a behaviour profile (an edge-probability array).

    Parameters
    ----------
    tree : GameTree
        The tree.
    behaviour : ndarray, shape (n_nodes,)
        Per node, the probability of the move into it (see
        :attr:`SubgamePerfectResult.behaviour`).

    Returns
    -------
    ndarray, shape (n_nodes, n_players)
        :math:`V(z) = u(z)` at terminals and :math:`V(v) = \\sum_c b(c) V(c)` elsewhere.
    """
    n, m = tree.n_nodes, tree.n_players
    exact = tree.kind != "float" or behaviour.dtype == object
    vals = np.empty((n, m), dtype=object if exact else np.float64)
    term = tree.payoff_row >= 0
    vals[term] = tree.payoffs[tree.payoff_row[term]]
    nc, fc = tree.n_children, tree.first_child
    if _is_deep(tree):
        rows = vals.tolist()
        b = behaviour.tolist()
        first, count = fc.tolist(), nc.tolist()
        zero: Any = 0 if exact else 0.0
        for v in range(n - 1, -1, -1):
            k = count[v]
            if k:
                f = first[v]
                rows[v] = [
                    sum((b[c] * rows[c][p] for c in range(f, f + k)), start=zero) for p in range(m)
                ]
        out = np.empty((n, m), dtype=vals.dtype)
        out[:] = rows
        return out
    for lo, hi in reversed(tree.levels()):
        idx = lo + np.flatnonzero(nc[lo:hi])
        if len(idx) == 0:
            continue
        clo = int(fc[idx[0]])
        chi = int(fc[idx[-1]] + nc[idx[-1]])
        seg = fc[idx] - clo
        weighted = vals[clo:chi] * behaviour[clo:chi, None]
        vals[idx] = np.add.reduceat(weighted, seg, axis=0)
    return vals


# --------------------------------------------------------------------------------------------
# kernels
# --------------------------------------------------------------------------------------------
def _check_tree(tree: object) -> GameTree:
    if not isinstance(tree, GameTree):
        raise InvalidParameterError(f"tree must be a GameTree; got tree={tree!r}")
    return tree


def _first_best(
    own: NDArray[Any],
    counts: NDArray[np.int64],
    seg: NDArray[np.int64],
    branching: int,
    exact: bool,
    tol: float,
) -> NDArray[np.int64]:
    """Per block of children: the offset of the first child within ``tol`` of the block max."""
    if branching and branching <= 8:
        # few children: column-wise operations beat reductions along a short axis
        blocks = own.reshape(-1, branching)
        best = blocks[:, 0]
        for j in range(1, branching):
            best = np.maximum(best, blocks[:, j])
        thr = best if (exact or tol == 0) else best - tol
        first = np.full(len(best), branching - 1, dtype=np.int64)
        for j in range(branching - 2, -1, -1):
            first[blocks[:, j] >= thr] = j
        return first
    best = np.maximum.reduceat(own, seg)
    rep = np.repeat(best, counts)
    tied = (own == rep) if exact else (own >= rep - tol)
    pos = np.arange(len(own), dtype=np.int64)
    big = np.iinfo(np.int64).max
    return np.minimum.reduceat(np.where(tied, pos, big), seg) - seg


def _backward_pure(
    tree: GameTree, tol: float
) -> tuple[NDArray[Any], NDArray[Any], NDArray[np.int64], NDArray[np.int64] | None]:
    """Backward induction: the behaviour array, the node values, each node's chosen child
    offset and, without chance nodes, the payoff row each node's play ends in (else None).

    Without chance nodes only comparisons are needed, so each node carries the payoff row
    of the terminal its play ends in, and exact payoffs are replaced by their ranks (int64),
    which compares exactly and fast. With chance nodes each node carries its value vector.
    Long thin trees take the node-by-node pass (:func:`_backward_sequential`) instead of the
    level-by-level one; both return the same four arrays, which
    :func:`_verify_no_better_child` checks.
    """
    n, m = tree.n_nodes, tree.n_players
    exact = tree.kind != "float"
    if _is_deep(tree):
        return _backward_sequential(tree, tol)
    choice = np.zeros(n, dtype=np.int64)  # chosen child offset at decision nodes
    plan = tree.index.level_blocks
    row: NDArray[np.int64] | None = None
    if not tree.index.has_chance:
        keys = tree.index.rank_keys
        cols = tree.index.rank_columns
        row = tree.payoff_row.copy()
        for idx, counts, seg, clo, chi, branching, mover, _ in plan:
            rows = row[clo:chi]
            if mover >= 0:
                own = np.take(cols[mover], rows)
            else:
                who = np.repeat(tree.node_player[idx], counts)
                own = keys[rows, who]
            first = _first_best(own, counts, seg, branching, False, tol if not exact else 0.0)
            row[idx] = np.take(rows, seg + first)
            choice[idx] = first
        values = np.take(tree.payoffs, row, axis=0)
    else:
        vals = np.empty((n, m), dtype=object if exact else np.float64)
        term = tree.payoff_row >= 0
        vals[term] = tree.payoffs[tree.payoff_row[term]]
        prob = tree.probabilities
        player = tree.node_player
        for idx, counts, seg, clo, chi, branching, _mover, is_dec in plan:
            child_vals = vals[clo:chi]
            if np.any(is_dec):
                who = np.repeat(np.maximum(player[idx], 0), counts)
                own = child_vals[np.arange(chi - clo), who]
                first = _first_best(own, counts, seg, branching, exact, tol)
                d = idx[is_dec]
                vals[d] = child_vals[(seg + first)[is_dec]]
                choice[d] = first[is_dec]
            if not np.all(is_dec):
                ev = np.add.reduceat(child_vals * prob[clo:chi, None], seg, axis=0)
                vals[idx[~is_dec]] = ev[~is_dec]
        values = vals
    behaviour = _pure_behaviour(tree, choice[tree.index.decision_nodes])
    return behaviour, values, choice, row


def _is_deep(tree: GameTree) -> bool:
    """True when a per-level pass would crawl: see :attr:`TreeIndex.long_and_thin`."""
    return tree.index.long_and_thin


def _backward_sequential(
    tree: GameTree, tol: float
) -> tuple[NDArray[Any], NDArray[Any], NDArray[np.int64], NDArray[np.int64] | None]:
    """Backward induction node by node (children have larger indices than their parent).

    Returns what :func:`_backward_pure` returns, payoff rows included when there is no
    chance node.
    """
    n, m = tree.n_nodes, tree.n_players
    exact = tree.kind != "float"
    kinds = tree.node_kind.tolist()
    first, count = tree.first_child.tolist(), tree.n_children.tolist()
    player = tree.node_player.tolist()
    prob = tree.probabilities.tolist()
    pay = tree.payoffs.tolist()
    prow = tree.payoff_row.tolist()
    vals: list[Any] = [None] * n
    choice = [0] * n
    slack = 0 if exact else tol
    zero: Any = 0 if exact else 0.0
    for v in range(n - 1, -1, -1):
        k = kinds[v]
        if k == TERMINAL:
            vals[v] = pay[prow[v]]
            continue
        f = first[v]
        kids = range(f, f + count[v])
        if k == DECISION:
            i = player[v]
            best = max(vals[c][i] for c in kids)
            j = next(j for j, c in enumerate(kids) if vals[c][i] >= best - slack)
            choice[v] = j
            vals[v] = vals[f + j]
            prow[v] = prow[f + j]
        else:
            vals[v] = [sum((prob[c] * vals[c][p] for c in kids), start=zero) for p in range(m)]
    values = np.empty((n, m), dtype=object if exact else np.float64)
    values[:] = vals
    dec = tree.index.decision_nodes
    choice_arr = np.array(choice, dtype=np.int64)
    behaviour = _pure_behaviour(tree, choice_arr[dec])
    rows = None if tree.index.has_chance else np.array(prow, dtype=np.int64)
    return behaviour, values, choice_arr, rows


def _pure_behaviour(tree: GameTree, dec_choice: NDArray[np.int64]) -> NDArray[Any]:
    """Edge probabilities from one chosen child offset per decision node (node order)."""
    n = tree.n_nodes
    exact = tree.kind != "float"
    behaviour = np.zeros(n, dtype=object if exact else np.float64)
    if exact:
        behaviour[:] = 0
    behaviour[0] = 1
    if tree.index.has_chance:
        chance_kids = np.flatnonzero(tree.node_kind[tree.parent[1:]] == CHANCE) + 1
        behaviour[chance_kids] = tree.probabilities[chance_kids]
    dec = tree.index.decision_nodes
    behaviour[tree.first_child[dec] + dec_choice] = 1
    return behaviour


def _verify_no_better_child(
    tree: GameTree, values: NDArray[Any], tol: float, rows: NDArray[np.int64] | None = None
) -> None:
    """One-shot deviation check: no child of a decision node is better for its mover.

    In a finite game of perfect information this is equivalent to subgame perfection; it
    guards the kernels (``SolverError`` if it ever fails). Exact trees without chance nodes
    whose payoff rows ``rows`` are given (``values == tree.payoffs[rows]``) are checked on
    the payoffs' ranks (exact integers); the others compare ``values`` directly.
    """
    if tree.n_nodes == 1:
        return
    m = tree.n_players
    kids, parents, movers, kid_at, parent_at, scale = tree.index.decision_moves
    if tree.kind == "float":
        flat = values.ravel()
        child = np.take(flat, kid_at)
        mine = np.take(flat, parent_at)
        with np.errstate(over="ignore"):  # a slack past the float range is inf: no deviation
            bad = child > mine + (tol + 1e-12 * scale)
    elif rows is not None:
        # values are payoff rows: compare the rows' ranks
        flat_keys = tree.index.rank_keys.ravel()
        child = np.take(flat_keys, np.take(rows, kids) * m + movers)
        mine = np.take(flat_keys, np.take(rows, parents) * m + movers)
        bad = child > mine
    elif tree.kind == "symbolic":
        # a symbolic tree whose choices were all decided: no child may be provably better
        pairs = zip(values[kids, movers].tolist(), values[parents, movers].tolist(), strict=True)
        bad = np.array([(c - v).is_positive is True for c, v in pairs], dtype=bool)
    else:
        pairs = zip(values[kids, movers].tolist(), values[parents, movers].tolist(), strict=True)
        bad = np.array([c > v for c, v in pairs], dtype=bool)
    if np.any(bad):
        c = int(kids[np.flatnonzero(bad)[0]])
        raise SolverError(
            f"backward induction failed verification at {tree.describe_node(int(tree.parent[c]))}"
            f": action {tree.action_label(c)!r} is better for the mover"
        )


def _path_and_choices(
    tree: GameTree, behaviour: NDArray[Any]
) -> tuple[tuple[int, ...], NDArray[np.int64]]:
    """Nodes reached with positive probability; per information set the sure action or -1."""
    pos = behaviour != 0
    if _is_deep(tree):
        par = tree.parent.tolist()
        ok = pos.tolist()
        flags = [True] * tree.n_nodes
        for c in range(1, tree.n_nodes):
            flags[c] = flags[par[c]] and ok[c]
        reached = np.array(flags, dtype=bool)
    else:
        reached = np.zeros(tree.n_nodes, dtype=bool)
        reached[0] = True
        for lo, hi in tree.levels()[1:]:
            reached[lo:hi] = np.take(reached, tree.parent[lo:hi]) & pos[lo:hi]
    path = tuple(np.flatnonzero(reached).tolist())
    kinds = tree.node_kind
    ones = np.flatnonzero(pos & (behaviour == 1))
    ones = ones[ones > 0]
    par = tree.parent[ones]
    mine = kinds[par] == DECISION
    node_choice = np.full(tree.n_nodes, -1, dtype=np.int64)
    node_choice[par[mine]] = ones[mine] - tree.first_child[par[mine]]
    dec = tree.index.decision_nodes
    choice = np.full(tree.n_infosets, -1, dtype=np.int64)
    choice[tree.infoset[dec]] = node_choice[dec]
    return path, choice


def _result(
    tree: GameTree,
    behaviour: NDArray[Any],
    values: NDArray[Any],
    method: str,
    node_choice: NDArray[np.int64] | None = None,
) -> SubgamePerfectResult:
    """Wrap a behaviour profile; ``node_choice`` (pure profiles) is each decision node's pick."""
    kinds = tree.node_kind
    dec = tree.index.decision_nodes
    if node_choice is not None and not tree.index.has_chance:
        # a pure profile without chance: the path is one branch, followed from the root
        fc = tree.first_child
        nodes = [0]
        v = 0
        while kinds[v] != TERMINAL:
            v = int(fc[v] + node_choice[v])
            nodes.append(v)
        path = tuple(nodes)
        choice = np.empty(tree.n_infosets, dtype=np.int64)
        choice[tree.infoset[dec]] = node_choice[dec]
    else:
        path, choice = _path_and_choices(tree, behaviour)
    payoffs = frozen_payoffs([_plain(x) for x in values[0].tolist()], tree.kind != "float")
    return SubgamePerfectResult(
        tree=tree,
        behaviour=behaviour,
        values=values,
        payoffs=payoffs,
        path=path,
        method=method,
        choices=choice,
    )


# --------------------------------------------------------------------------------------------
# imperfect information: solve minimal subgames with the normal-form engine
# --------------------------------------------------------------------------------------------
def _solve_by_subgames(
    tree: GameTree,
    tol: float,
    *,
    leaf: Callable[[GameTree, float], NDArray[Any]] | None = None,
    method: str = "normal_form",
) -> SubgamePerfectResult:
    """Solve the subgames bottom up; ``leaf`` solves one without proper subgames."""
    solve_leaf = _solve_without_subgames if leaf is None else leaf
    exact = tree.kind != "float"
    n = tree.n_nodes
    behaviour = _pure_behaviour(tree, np.zeros(int(np.sum(tree.node_kind == DECISION)), np.int64))
    dec = tree.node_kind == DECISION
    behaviour[tree.first_child[dec]] = 0  # to be filled
    if exact:
        behaviour[tree.first_child[dec]] = 0
    roots = tree.subgame_roots().tolist()
    solved: dict[int, tuple[Any, ...]] = {}
    fc, nc = tree.first_child, tree.n_children
    for r in reversed(roots):
        # original nodes of the reduced subtree, in the breadth-first order GameTree.build uses
        order = [r]
        i = 0
        while i < len(order):
            v = order[i]
            if v == r or v not in solved:
                order.extend(range(int(fc[v]), int(fc[v] + nc[v])))
            i += 1
        sub = tree.subtree(r, replace={v: solved[v] for v in order if v in solved and v != r})
        sub_b = solve_leaf(sub, tol)
        for j, v in enumerate(order):
            if j > 0 and tree.node_kind[tree.parent[v]] == DECISION:
                behaviour[v] = sub_b[j]
        sub_vals = evaluate_behaviour(sub, sub_b)
        solved[r] = tuple(sub_vals[0].tolist())
    values = evaluate_behaviour(tree, behaviour)
    del n
    return _result(tree, behaviour, values, method)


def _solve_without_subgames(sub: GameTree, tol: float) -> NDArray[Any]:
    """Behaviour profile of a tree with no proper subgame (a Nash equilibrium of it)."""
    inner = np.flatnonzero(sub.node_kind != TERMINAL)
    if len(inner) == 1 or sub.is_perfect_information:
        behaviour, values, _, rows = _backward_pure(sub, tol)
        _verify_no_better_child(sub, values, tol, rows)
        return behaviour
    if not sub.is_perfect_recall():
        raise UnsupportedGameError(
            "a subgame without proper subgames has imperfect recall (at "
            f"{sub.describe_node(0)}); behaviour strategies need perfect recall (Kuhn)"
        )
    from dealmodels.solvers.nash import nash_equilibria, pure_nash_equilibria

    game = sub.to_normal_form()
    active = [i for i, m in enumerate(game.shape) if m > 1]
    mixed: list[NDArray[Any]] = []
    exact = sub.kind == "exact"
    one: Any = Fraction(1) if exact else 1.0
    if len(active) <= 2:
        from dealmodels.games.normal_form import NormalFormGame

        idx = tuple(slice(None) if i in active else 0 for i in range(game.n_players))
        pair = active + [i for i in range(game.n_players) if i not in active][: 2 - len(active)]
        if game.n_players == 1:
            pay = [
                game.payoffs[0][:, None],
                np.zeros((game.shape[0], 1), dtype=game.payoffs[0].dtype),
            ]
            pair = [0]
        else:
            sub_payoffs = []
            for p in pair:
                a = game.payoffs[p][idx]
                a = a.reshape([game.shape[q] for q in pair])
                sub_payoffs.append(a)
            pay = sub_payoffs
        eq = nash_equilibria(NormalFormGame(pay))[0]
        strategies = {p: eq.strategies[j] for j, p in enumerate(pair)}
        for i in range(game.n_players):
            mixed.append(strategies.get(i, np.array([one], dtype=object if exact else float)))
    else:
        eqs = pure_nash_equilibria(game, tol=max(tol, 1e-12))
        if not eqs:
            raise UnsupportedGameError(
                f"a subgame at {sub.describe_node(0)} has {len(active)} active players and no "
                "pure equilibrium; mixed equilibria of n-player games are not supported"
            )
        mixed = list(eqs[0].strategies)
    behaviour = _behaviour_from_mixed(sub, mixed)
    _verify_behaviour_equilibrium(sub, behaviour, tol)
    return behaviour


def _verify_behaviour_equilibrium(sub: GameTree, behaviour: NDArray[Any], tol: float) -> None:
    r"""Check that a behaviour profile of a subgame is a Nash equilibrium of it.

    Each player's expected payoff :math:`V_i(b)` is compared with every one of its reduced
    pure strategies against the others' behaviour, :math:`V_i(s_i, b_{-i})`; with perfect
    recall a profitable deviation exists iff one of these does better (Kuhn 1953). Exact
    trees compare exactly; float trees within ``tol`` (already relative to the payoff
    scale) plus rounding.
    """
    exact = sub.kind != "float"
    value = evaluate_behaviour(sub, behaviour)[0]
    scale = 0.0 if exact else float(np.max(np.abs(np.asarray(sub.payoffs, dtype=float))))
    slack = 0 if exact else tol + 1e-9 * scale
    one: Any = 1 if exact else 1.0
    for k_player in range(sub.n_players):
        for strategy in sub.reduced_strategies(k_player):
            b = behaviour.copy()
            for k, a in strategy.items():
                m = len(sub.infoset_actions[k])
                for v in sub.infoset_nodes(k).tolist():
                    f = int(sub.first_child[v])
                    for j in range(m):
                        b[f + j] = one if j == a else 0 * one
            dev = evaluate_behaviour(sub, b)[0][k_player]
            if dev > value[k_player] + slack:
                raise SolverError(
                    f"subgame at {sub.describe_node(0)}: the equilibrium found is not verified "
                    f"(player {sub.players[k_player]!r} gains {dev - value[k_player]!r} by a pure "
                    "deviation)"
                )


def _behaviour_from_mixed(sub: GameTree, mixed: list[NDArray[Any]]) -> NDArray[Any]:
    """Kuhn's conversion of mixed strategies over reduced strategies to behaviour."""
    exact = sub.kind != "float"
    behaviour = _pure_behaviour(sub, np.zeros(int(np.sum(sub.node_kind == DECISION)), np.int64))
    for k in range(sub.n_infosets):
        i = int(sub.infoset_player[k])
        strategies = sub.reduced_strategies(i)
        sigma = mixed[i]
        m = len(sub.infoset_actions[k])
        weights = [0 * sigma[0]] * m
        for s, p in zip(strategies, sigma, strict=True):
            if k in s:
                weights[s[k]] = weights[s[k]] + p
        total = sum(weights[1:], start=weights[0])
        probs: list[Any]
        if total == 0:
            probs = [1 if a == 0 else 0 for a in range(m)]
        else:
            probs = [w / total for w in weights]
        if exact:
            probs = [Fraction(x) if not isinstance(x, float) else x for x in probs]
        for v in sub.infoset_nodes(k).tolist():
            f = int(sub.first_child[v])
            for a in range(m):
                behaviour[f + a] = probs[a] if exact else float(probs[a])
    return behaviour


# --------------------------------------------------------------------------------------------
# symbolic trees
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SymbolicSubgamePerfect:
    r"""Backward induction on a symbolic tree, as conditions on the parameters.

    Attributes
    ----------
    tree : GameTree
        The solved (perfect-information, symbolic) tree.
    conditions : dict
        Information-set name -> action label -> sympy Boolean: the parameter values for which
        the mover picks that action (tie rule: the first best action in label order). The
        conditions of one node are mutually exclusive and cover every case.
    cases : tuple of (Boolean, tuple)
        The root payoffs: pairs of a condition and the payoff vector that holds under it.
    outcomes : dict
        Terminal path ``"a/b/c"`` -> sympy Boolean under which the equilibrium play reaches it
        (with positive probability, when chance moves lie on the way).

    Examples
    --------
    >>> import sympy
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> x, K = sympy.symbols("x K")
    >>> t = GameTree.build(players=["D", "A"],
    ...     root=decision("D", {"honour": (-x, x), "renege": (-K, 0)}))
    >>> symbolic_backward_induction(t).conditions["D@"]["honour"]
    K >= x
    """

    tree: GameTree
    conditions: dict[str, dict[str, Any]]
    cases: tuple[tuple[Any, tuple[Any, ...]], ...]
    outcomes: dict[str, Any]

    def payoffs(self) -> tuple[Any, ...]:
        """The root payoff of each player as a sympy ``Piecewise``."""
        import sympy

        return tuple(
            sympy.Piecewise(*[(val[p], cond) for cond, val in self.cases])
            if len(self.cases) > 1
            else self.cases[0][1][p]
            for p in range(self.tree.n_players)
        )

    def condition(self, infoset: str, action: str) -> Any:
        """The condition under which ``action`` is chosen at ``infoset``."""
        if infoset not in self.conditions or action not in self.conditions[infoset]:
            raise InvalidParameterError(
                f"infoset and action must name a choice of the tree; got "
                f"infoset={infoset!r}, action={action!r}"
            )
        return self.conditions[infoset][action]


class _Logic:
    """Comparisons as boolean atoms so that simplify_logic can prune impossible cases."""

    def __init__(self) -> None:
        import sympy

        self.sp = sympy
        self.atoms: dict[tuple[Any, str], Any] = {}
        self.real: dict[Any, Any] = {}
        self.dontcare: list[Any] = []

    def _atom(self, e: Any, strict: bool) -> Any:
        sp = self.sp
        key = (e, "gt" if strict else "ge")
        a = self.atoms.get(key)
        if a is None:
            a = sp.Dummy("gt" if strict else "ge")
            self.atoms[key] = a
            self.real[a] = _pretty(e, strict)
            other = self.atoms.get((e, "ge" if strict else "gt"))
            if other is not None:
                gt, ge = (a, other) if strict else (other, a)
                self.dontcare.append(sp.And(gt, sp.Not(ge)))
        return a

    def compare(self, a: Any, b: Any, strict: bool) -> Any:
        """Boolean for ``a > b`` (strict) or ``a >= b``."""
        sp = self.sp
        d = sp.expand(a - b)
        rel = sp.Gt(d, 0) if strict else sp.Ge(d, 0)
        if rel in (sp.true, sp.false):
            return rel
        if d.could_extract_minus_sign():
            # a - b > 0  <=>  not (b - a >= 0);  a - b >= 0  <=>  not (b - a > 0)
            return sp.Not(self._atom(-d, not strict))
        return self._atom(d, strict)

    def simplify(self, expr: Any) -> Any:
        sp = self.sp
        if expr in (sp.true, sp.false):
            return expr
        dc = sp.Or(*self.dontcare) if self.dontcare else sp.false
        return sp.simplify_logic(expr, form="dnf", dontcare=dc)

    def satisfiable(self, expr: Any) -> bool:
        sp = self.sp
        from sympy.logic.inference import satisfiable

        if expr in (sp.true, sp.false):
            return bool(expr)
        constraints = [sp.Not(d) for d in self.dontcare]
        return satisfiable(sp.And(expr, *constraints)) is not False

    def realize(self, expr: Any) -> Any:
        if expr in (self.sp.true, self.sp.false):
            return expr
        return expr.xreplace(self.real)


def _pretty(e: Any, strict: bool) -> Any:
    """``e > 0`` / ``e >= 0`` written as ``P > N`` with the negative terms moved right."""
    import sympy

    terms = sympy.Add.make_args(e)
    pos = [t for t in terms if not t.could_extract_minus_sign()]
    neg = [-t for t in terms if t.could_extract_minus_sign()]
    lhs, rhs = sympy.Add(*pos), sympy.Add(*neg)
    return sympy.Gt(lhs, rhs) if strict else sympy.Ge(lhs, rhs)


def symbolic_backward_induction(tree: GameTree) -> SymbolicSubgamePerfect:
    r"""Backward induction on a tree with symbolic payoffs, as conditions on the parameters.

    Parameters
    ----------
    tree : GameTree
        A perfect-information tree (chance nodes allowed) with sympy, exact or float payoffs.

    Returns
    -------
    SymbolicSubgamePerfect

    Raises
    ------
    UnsupportedGameError
        If the tree has imperfect information.

    Notes
    -----
    Each node's value is kept as a list of cases :math:`(C_r, V_r)` (condition, payoff
    vector). At a decision node of player :math:`i` with actions :math:`a_1, \dots, a_k`,
    for every combination of the children's cases, action :math:`a_j` is chosen iff
    :math:`V_i(a_j) \ge V_i(a_l)` for :math:`l > j` and :math:`V_i(a_j) > V_i(a_l)` for
    :math:`l < j` (first best action in label order). Each comparison is reduced to
    :math:`d \ge 0` or :math:`d > 0` with :math:`d` the expanded difference; comparisons sympy
    can decide from the symbols' assumptions (e.g. ``positive=True``) are decided, the rest
    are kept, and impossible combinations are pruned by a satisfiability check. The number of
    cases can grow exponentially with the number of undecided comparisons.

    Examples
    --------
    The credibility condition of the commitment game (model M4, the commitment deal):

    >>> import sympy
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> x, K, w, oA, oD = sympy.symbols("x K w o_A o_D", positive=True)
    >>> m4 = GameTree.build(players=["D", "A"], root=decision("D", {
    ...     "offer": decision("A", {
    ...         "work": decision("D", {"honour": (w - x, x), "renege": (w - K, 0)}),
    ...         "outside": (oD, oA)})}))
    >>> res = symbolic_backward_induction(m4)
    >>> res.conditions["D@offer/work"]["honour"]
    K >= x
    >>> res.conditions["A@offer"]["work"]
    (K >= x) & (o_A <= x)
    """
    tree = _check_tree(tree)
    if not tree.is_perfect_information:
        raise UnsupportedGameError(
            "symbolic_backward_induction needs perfect information; substitute values "
            "(tree.subs) and use subgame_perfect"
        )
    import sympy

    logic = _Logic()
    kinds = tree.node_kind
    fc, nc = tree.first_child, tree.n_children
    prob = tree.probabilities
    m = tree.n_players
    cases: dict[int, list[tuple[Any, tuple[Any, ...]]]] = {}
    node_conditions: dict[int, list[Any]] = {}

    for v in range(tree.n_nodes - 1, -1, -1):
        k = int(kinds[v])
        if k == TERMINAL:
            cases[v] = [(sympy.true, tuple(to_sympy(x) for x in tree.payoffs_at(v)))]
            continue
        kids = list(range(int(fc[v]), int(fc[v] + nc[v])))
        out: list[tuple[Any, tuple[Any, ...]]] = []
        if k == CHANCE:
            for combo in itertools.product(*(cases[c] for c in kids)):
                cond = sympy.And(*(cc for cc, _ in combo))
                if not logic.satisfiable(cond):
                    continue
                val = tuple(
                    sympy.expand(
                        sum(to_sympy(prob[c]) * s[1][p] for c, s in zip(kids, combo, strict=True))
                    )
                    for p in range(m)
                )
                out.append((cond, val))
        else:
            i = int(tree.node_player[v])
            action_conds: list[list[Any]] = [[] for _ in kids]
            for combo in itertools.product(*(cases[c] for c in kids)):
                base = sympy.And(*(cc for cc, _ in combo))
                if not logic.satisfiable(base):
                    continue
                own = [s[1][i] for s in combo]
                for j in range(len(kids)):
                    chosen = sympy.And(
                        *(
                            logic.compare(own[j], own[o], strict=o < j)
                            for o in range(len(kids))
                            if o != j
                        )
                    )
                    cond = sympy.And(base, chosen)
                    if logic.satisfiable(cond):
                        out.append((cond, combo[j][1]))
                        action_conds[j].append(cond)
            node_conditions[v] = [sympy.Or(*cs) if cs else sympy.false for cs in action_conds]
        # merge equal payoff vectors
        merged: dict[tuple[Any, ...], Any] = {}
        for cond, val in out:
            merged[val] = sympy.Or(merged[val], cond) if val in merged else cond
        cases[v] = [(logic.simplify(c), val) for val, c in merged.items()]
        for c in kids:
            del cases[c]
    conditions: dict[str, dict[str, Any]] = {}
    simplified: dict[int, list[Any]] = {}
    for v, conds in sorted(node_conditions.items()):
        simplified[v] = [logic.simplify(c) for c in conds]
        name = tree.infoset_name(int(tree.infoset[v]))
        conditions[name] = {
            lab: logic.realize(c) for lab, c in zip(tree.actions_at(v), simplified[v], strict=True)
        }
    # reach conditions top-down
    reach: dict[int, Any] = {0: sympy.true}
    outcomes: dict[str, Any] = {}
    for v in range(tree.n_nodes):
        r = reach.pop(v)
        k = int(kinds[v])
        if k == TERMINAL:
            outcomes["/".join(tree.node_path(v))] = logic.realize(logic.simplify(r))
            continue
        for j, c in enumerate(range(int(fc[v]), int(fc[v] + nc[v]))):
            if k == DECISION:
                reach[c] = sympy.And(r, simplified[v][j])
            else:
                p = to_sympy(prob[c])
                reach[c] = r if p != 0 else sympy.false
    root_cases = tuple((logic.realize(c), val) for c, val in cases[0])
    return SymbolicSubgamePerfect(
        tree=tree, conditions=conditions, cases=root_cases, outcomes=outcomes
    )


def _decided_symbolic(tree: GameTree) -> SubgamePerfectResult:
    """subgame_perfect on a symbolic tree whose every comparison is decided."""
    import sympy

    res = symbolic_backward_induction(tree)
    dec = np.flatnonzero(tree.node_kind == DECISION)
    choice = []
    for v in dec.tolist():
        conds = res.conditions[tree.infoset_name(int(tree.infoset[v]))]
        picked = [j for j, c in enumerate(conds.values()) if c == sympy.true]
        if len(picked) != 1:
            undecided = {a: c for a, c in conds.items() if c not in (sympy.true, sympy.false)}
            raise UnsupportedGameError(
                f"the choice at {tree.describe_node(v)} depends on the parameters "
                f"({undecided}); use symbolic_backward_induction(tree) for the conditions, or "
                "tree.subs(...) for numbers"
            )
        choice.append(picked[0])
    behaviour = _pure_behaviour(tree, np.array(choice, dtype=np.int64))
    values = evaluate_behaviour(tree, behaviour)
    values = np.vectorize(sympy.simplify, otypes=[object])(values)
    _verify_no_better_child(tree, values, 0.0)
    return _result(tree, behaviour, values, "backward_induction_symbolic")
