r"""Two-player game trees through the sequence form (Koller, Megiddo and von Stengel).

A *sequence* of player :math:`i` is the list of :math:`i`'s own moves on the path to a node:
with perfect recall it is either the empty sequence :math:`\varnothing` or ends with one
(information set, action) pair :math:`(h, a)`, so player :math:`i` has
:math:`n_i = 1 + \sum_{h \in H_i} |A(h)|` sequences. Every information set :math:`h` is
preceded by one sequence :math:`\sigma(h)` of its player. A mixed strategy is described,
up to realisation equivalence, by its *realisation plan* :math:`x \in \mathbb{R}^{n_1}`,
the probability that the player's own moves follow each sequence [1]_ [2]_:

.. math::

    x_\varnothing = 1, \qquad \sum_{a \in A(h)} x_{(h, a)} = x_{\sigma(h)}
    \quad (h \in H_1), \qquad x \ge 0,

written :math:`E x = e` (:math:`E` has one row per information set plus the root row, and
:math:`e = (1, 0, \dots, 0)`); likewise :math:`F y = f` for player 2. The *sequence-form
payoff matrices* are sparse, with one entry per pair of sequences that ends at a terminal
:math:`z` (:math:`P(z)` the product of the chance probabilities on the path):

.. math::

    A_{\sigma_1 \sigma_2} = \sum_{z:\ \sigma_1(z) = \sigma_1,\ \sigma_2(z) = \sigma_2}
        P(z)\, u_1(z), \qquad B_{\sigma_1 \sigma_2} = \text{the same with } u_2,

so the expected payoffs are :math:`x^\top A y` and :math:`x^\top B y`. The sizes are linear in
the tree, where the reduced normal form is exponential.

**Zero-sum** (:math:`u_1 + u_2` constant): the maximin realisation plan of player 1 and the
game value :math:`v` solve one linear programme [2]_,

.. math::

    v = \max_{x, q} \; f^\top q \quad \text{s.t.} \quad F^\top q \le A^\top x,\;
        E x = e,\; x \ge 0,

and player 2's plan the symmetric one (solved with HiGHS).

**General sum**: :math:`(x, y)` is a Nash equilibrium iff there are :math:`u, v` with

.. math::

    E^\top u - A y \ge 0 \perp x \ge 0, \qquad F^\top v - B^\top x \ge 0 \perp y \ge 0,
    \qquad E x = e, \quad F y = f,

a linear complementarity problem (LCP) of size :math:`O(n_1 + n_2)`. It is solved by
Lemke's algorithm [1]_ with the free variables split as :math:`u = u' - u''`,
:math:`v = v' - v''`, payoffs shifted to be negative and a covering vector built from the
uniform behaviour profile, the prior of the tracing procedure [3]_ (see
:func:`sequence_form_equilibrium`).

**Exactness.** For trees with exact payoffs the float solution fixes the supports of
:math:`x` and :math:`y`; the equations of that support are then solved in rational
arithmetic and the result is checked exactly. If that fails, the LCP is solved again by
Lemke's algorithm in rational arithmetic. Every result is verified: for every information
set :math:`h` of player :math:`i`, the gain :math:`x_{\sigma(h)} (\mathrm{BV}(h) -
\mathrm{CV}(h))` of the best change of play at :math:`h` and below (best minus current
counterfactual value, weighted by the player's own probability of reaching :math:`h`) is 0
for exact trees and at most ``tol`` for float trees.

References
----------
.. [1] D. Koller, N. Megiddo and B. von Stengel, "Efficient computation of equilibria for
   extensive two-person games", *Games and Economic Behavior* 14 (1996), 247-259.
.. [2] B. von Stengel, "Efficient computation of behavior strategies", *Games and Economic
   Behavior* 14 (1996), 220-246.
.. [3] B. von Stengel, A. van den Elzen and D. Talman, "Computing normal form perfect
   equilibria for extensive two-person games", *Econometrica* 70 (2002), 693-715.

Examples
--------
Matching pennies with the second mover not seeing the first move (value 0):

>>> from dealmodels.games.extensive_form import GameTree, decision
>>> mp = GameTree.build(players=["A", "B"], root=decision("A", {
...     "H": decision("B", {"h": (1, -1), "t": (-1, 1)}, infoset="b"),
...     "T": decision("B", {"h": (-1, 1), "t": (1, -1)}, infoset="b")}))
>>> eq = sequence_form_equilibrium(mp)
>>> eq.payoffs.tolist(), eq.strategy("A@")
([Fraction(0, 1), Fraction(0, 1)], {'H': Fraction(1, 2), 'T': Fraction(1, 2)})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_choice, check_nonnegative
from dealmodels.errors import (
    ConvergenceError,
    InvalidParameterError,
    SolverError,
    UnsupportedGameError,
)
from dealmodels.games.extensive_form import CHANCE, DECISION, TERMINAL, GameTree
from dealmodels.solvers._result import SolverResult, frozen_payoffs

if TYPE_CHECKING:
    from dealmodels.solvers.backward import SubgamePerfectResult

__all__ = [
    "SequenceForm",
    "SequenceFormEquilibrium",
    "TreeNashMethod",
    "sequence_form",
    "sequence_form_equilibrium",
    "tree_nash_equilibria",
]

#: ``method=`` values of :func:`tree_nash_equilibria` (and ``nash_equilibria`` on a tree).
TreeNashMethod = Literal["auto", "sequence_form", "normal_form", "backward_induction"]
_TREE_METHODS = ("auto", "sequence_form", "normal_form", "backward_induction")
_MAX_PIVOTS = 200_000
#: float Lemke: pivots between two checks of the updated basis inverse
_CHECK_EVERY = 50
#: float Lemke: largest accepted residual of the updated inverse before it is recomputed
_INVERSE_TOL = 1e-10


# --------------------------------------------------------------------------------------------
# the sequence form
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SequenceForm:
    r"""The sequence form of a two-player tree with perfect recall.

    Player ``i``'s sequences are numbered ``0 .. n_sequences[i] - 1``: 0 is the empty
    sequence, then the actions of the player's information sets in information-set order
    (the sequences of a set are contiguous, in action order).

    Attributes
    ----------
    tree : GameTree
        The tree.
    infosets : tuple of two ndarray
        Per player: the tree's information-set indices of that player, in order (row ``j + 1``
        of the player's constraint matrix belongs to ``infosets[i][j]``).
    first_sequence : tuple of two ndarray
        Per player and information set (same order): the number of its first sequence.
    parent_sequence : tuple of two ndarray
        Per player and information set: the player's sequence :math:`\sigma(h)` leading to it.
    sequence_infoset, sequence_action : tuple of two ndarray
        Per player and sequence: the tree's information set and action index it ends with
        (``-1`` for the empty sequence).
    constraints : tuple of two ndarray
        :math:`E` and :math:`F`, shape ``(1 + |H_i|, n_i)``, entries in ``{-1, 0, 1}``.
    payoff_rows, payoff_cols : ndarray
        Row (player 1 sequence) and column (player 2 sequence) of each non-zero payoff entry.
    payoff_values : tuple of two ndarray
        The entries of :math:`A` and :math:`B` at those positions (``object`` arrays of
        ``Fraction`` for exact trees, ``float64`` otherwise).
    reach_entries : ndarray
        The entries of :math:`P` (chance reach summed per pair of sequences), same positions.
    kind : {"float", "exact"}
        The number type.

    Examples
    --------
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
    ...     "l": decision("B", {"x": (1, 0), "y": (0, 1)}, infoset="b"),
    ...     "r": decision("B", {"x": (0, 1), "y": (1, 0)}, infoset="b")}))
    >>> sf = sequence_form(t)
    >>> sf.n_sequences
    (3, 3)
    >>> [[str(v) for v in row] for row in sf.payoff_matrices()[0]]
    [['0', '0', '0'], ['0', '1', '0'], ['0', '0', '1']]
    """

    tree: GameTree
    infosets: tuple[NDArray[np.int64], NDArray[np.int64]]
    first_sequence: tuple[NDArray[np.int64], NDArray[np.int64]]
    parent_sequence: tuple[NDArray[np.int64], NDArray[np.int64]]
    sequence_infoset: tuple[NDArray[np.int64], NDArray[np.int64]]
    sequence_action: tuple[NDArray[np.int64], NDArray[np.int64]]
    constraints: tuple[NDArray[np.int64], NDArray[np.int64]]
    payoff_rows: NDArray[np.int64]
    payoff_cols: NDArray[np.int64]
    payoff_values: tuple[NDArray[Any], NDArray[Any]]
    reach_entries: NDArray[Any]
    kind: str
    _order: tuple[list[int], list[int]] = field(repr=False)

    def __post_init__(self) -> None:
        for group in (
            self.infosets,
            self.first_sequence,
            self.parent_sequence,
            self.sequence_infoset,
            self.sequence_action,
            self.constraints,
            self.payoff_values,
        ):
            for a in group:
                a.flags.writeable = False
        for a in (self.payoff_rows, self.payoff_cols, self.reach_entries):
            a.flags.writeable = False

    @property
    def n_sequences(self) -> tuple[int, int]:
        """Number of sequences of each player, :math:`(n_1, n_2)`."""
        return (len(self.sequence_infoset[0]), len(self.sequence_infoset[1]))

    def payoff_matrices(self) -> tuple[NDArray[Any], NDArray[Any]]:
        """:math:`A` and :math:`B` as dense arrays of shape :math:`(n_1, n_2)`."""
        return _dense(self, self.payoff_values[0]), _dense(self, self.payoff_values[1])

    def sequence_label(self, player: int, sequence: int) -> str:
        """A readable label: ``"-"`` for the empty sequence, else ``"infoset:action"``."""
        k = int(self.sequence_infoset[player][sequence])
        if k < 0:
            return "-"
        a = int(self.sequence_action[player][sequence])
        return f"{self.tree.infoset_name(k)}:{self.tree.infoset_actions[k][a]}"


def _check_two_player_tree(tree: object, what: str) -> GameTree:
    if not isinstance(tree, GameTree):
        raise InvalidParameterError(f"tree must be a GameTree; got tree={tree!r}")
    if tree.n_players != 2:
        raise UnsupportedGameError(
            f"{what} needs a two-player tree; got {tree.n_players} players {list(tree.players)}"
        )
    if tree.kind == "symbolic":
        raise UnsupportedGameError(
            f"{what} needs numeric payoffs; substitute values with tree.subs(...) first"
        )
    if not tree.is_perfect_recall():
        raise UnsupportedGameError(
            f"{what} needs perfect recall (realisation plans describe behaviour strategies "
            "only then); this tree has a player who forgets their own moves"
        )
    return tree


def sequence_form(tree: GameTree) -> SequenceForm:
    r"""The sequence form of a two-player tree with perfect recall.

    Parameters
    ----------
    tree : GameTree
        Two players, float or exact payoffs, perfect recall (chance nodes allowed).

    Returns
    -------
    SequenceForm

    Raises
    ------
    UnsupportedGameError
        If the tree does not have two players, has symbolic payoffs or imperfect recall.

    Notes
    -----
    One breadth-first pass gives every node the pair of sequences leading to it; each
    terminal :math:`z` adds :math:`P(z) u(z)` to the entry of its pair (see the module
    notes). The cost is :math:`O(\text{nodes})`.

    References
    ----------
    .. [1] B. von Stengel, "Efficient computation of behavior strategies", *Games and
       Economic Behavior* 14 (1996), 220-246.
    """
    tree = _check_two_player_tree(tree, "sequence_form")
    return _build(tree)


def _build(tree: GameTree) -> SequenceForm:
    kinds, parent, player = tree.node_kind, tree.parent, tree.node_player
    infoset, aidx = tree.infoset, tree.action_index
    n_inf = tree.n_infosets
    dec = np.flatnonzero(infoset >= 0)
    first_node = np.full(n_inf, -1, dtype=np.int64)
    first_node[infoset[dec[::-1]]] = dec[::-1]
    n_act = tree.n_children[first_node] if n_inf else np.zeros(0, dtype=np.int64)
    owner = tree.infoset_player
    offsets = np.zeros(n_inf, dtype=np.int64)
    infosets: list[NDArray[np.int64]] = []
    firsts: list[NDArray[np.int64]] = []
    seq_inf: list[NDArray[np.int64]] = []
    seq_act: list[NDArray[np.int64]] = []
    for i in range(2):
        mine = np.flatnonzero(owner == i).astype(np.int64)
        counts = n_act[mine]
        start = 1 + np.concatenate([[0], np.cumsum(counts)])[:-1].astype(np.int64)
        offsets[mine] = start
        infosets.append(mine)
        firsts.append(start)
        si = np.full(1 + int(counts.sum()), -1, dtype=np.int64)
        sa = np.full(len(si), -1, dtype=np.int64)
        si[1:] = np.repeat(mine, counts)
        sa[1:] = np.arange(len(si) - 1) - np.repeat(start - 1, counts)
        seq_inf.append(si)
        seq_act.append(sa)
    # per node: the sequence of each player leading to it
    seq = np.zeros((tree.n_nodes, 2), dtype=np.int64)
    for lo, hi in tree.levels()[1:]:
        par = parent[lo:hi]
        seq[lo:hi] = seq[par]
        d = kinds[par] == DECISION
        rows = np.arange(lo, hi)[d]
        pp = par[d]
        seq[rows, player[pp]] = offsets[infoset[pp]] + aidx[rows]
    parents = [seq[first_node[infosets[i]], i] for i in range(2)]
    constraints = []
    for i in range(2):
        m = np.zeros((1 + len(infosets[i]), len(seq_inf[i])), dtype=np.int64)
        m[0, 0] = 1
        for j in range(len(infosets[i])):
            m[j + 1, parents[i][j]] = -1
            s = int(firsts[i][j])
            m[j + 1, s : s + int(n_act[infosets[i][j]])] = 1
        constraints.append(m)
    # payoff entries
    terms = np.flatnonzero(kinds == TERMINAL)
    reach = tree.reach_probabilities()[terms]
    pay = tree.payoffs[tree.payoff_row[terms]]
    n2 = len(seq_inf[1])
    key = seq[terms, 0] * n2 + seq[terms, 1]
    exact = tree.kind != "float"
    if exact:
        acc: dict[int, list[Any]] = {}
        for k, p, row in zip(key.tolist(), reach.tolist(), pay.tolist(), strict=True):
            if p == 0:
                continue
            slot = acc.get(k)
            if slot is None:
                acc[k] = [Fraction(p), Fraction(p) * row[0], Fraction(p) * row[1]]
            else:
                slot[0] += p
                slot[1] += p * row[0]
                slot[2] += p * row[1]
        keys = np.array(sorted(acc), dtype=np.int64)
        vals = [np.empty(len(keys), dtype=object) for _ in range(3)]
        for j, k in enumerate(keys.tolist()):
            for c in range(3):
                vals[c][j] = Fraction(acc[k][c])
        reach_vals, a_vals, b_vals = vals
    else:
        w = reach.astype(np.float64)
        keep = w > 0
        keys, inv = np.unique(key[keep], return_inverse=True)
        payf = pay.astype(np.float64)[keep]
        reach_vals = np.bincount(inv, weights=w[keep], minlength=len(keys))
        a_vals = np.bincount(inv, weights=w[keep] * payf[:, 0], minlength=len(keys))
        b_vals = np.bincount(inv, weights=w[keep] * payf[:, 1], minlength=len(keys))
    # own depth order of the information sets (parents before children)
    orders: list[list[int]] = []
    for i in range(2):
        depth = np.zeros(len(infosets[i]), dtype=np.int64)
        local = {int(k): j for j, k in enumerate(infosets[i].tolist())}
        for j in range(len(infosets[i])):
            # the parent sequence's infoset has a smaller tree order only by depth; resolve
            # recursively (chains are short)
            d, s = 0, int(parents[i][j])
            while s > 0:
                d += 1
                s = int(parents[i][local[int(seq_inf[i][s])]])
            depth[j] = d
        orders.append(np.argsort(depth, kind="stable").tolist())
    return SequenceForm(
        tree=tree,
        infosets=(infosets[0], infosets[1]),
        first_sequence=(firsts[0], firsts[1]),
        parent_sequence=(parents[0].astype(np.int64), parents[1].astype(np.int64)),
        sequence_infoset=(seq_inf[0], seq_inf[1]),
        sequence_action=(seq_act[0], seq_act[1]),
        constraints=(constraints[0], constraints[1]),
        payoff_rows=(keys // n2).astype(np.int64),
        payoff_cols=(keys % n2).astype(np.int64),
        payoff_values=(np.asarray(a_vals), np.asarray(b_vals)),
        reach_entries=np.asarray(reach_vals),
        kind="exact" if exact else "float",
        _order=(orders[0], orders[1]),
    )


# --------------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SequenceFormEquilibrium(SolverResult):
    r"""A verified Nash equilibrium of a two-player tree, from its sequence form.

    Attributes
    ----------
    tree : GameTree
        The solved tree.
    realization : tuple of two ndarray
        The realisation plans :math:`x` and :math:`y` (sequence numbering of
        :class:`SequenceForm`); ``Fraction`` entries for exact trees.
    behaviour : ndarray, shape (n_nodes,)
        Per node :math:`v \ne` root: the probability of the move into :math:`v` (as
        :attr:`~dealmodels.SubgamePerfectResult.behaviour`). At information sets the
        player's own plan does not reach, the action is a best reply against the opponent
        (counterfactually), so no information set offers a profitable deviation.
    payoffs : ndarray, shape (2,)
        Expected payoff of each player; for zero-sum trees ``payoffs[0]`` is the game value.
        Read-only; an ``object`` array of :class:`~fractions.Fraction` for exact trees,
        ``float64`` for float trees, as the normal-form results give.
    regret : float
        The largest gain of a player from changing play at one information set and below
        (0.0 for exact trees); at most ``tol`` times the payoff scale when returned. The
        same number as :attr:`residual`.
    method : str
        ``"sequence_form_lp"`` (zero-sum) or ``"sequence_form_lemke"``, with
        ``"_exact"`` when rebuilt in rational arithmetic, or
        ``"sequence_form_lemke_rational"`` when an exact tree's float answer could not be
        rebuilt and Lemke's algorithm ran in rational arithmetic.
    zero_sum : bool
        True if :math:`u_1 + u_2` is constant over the terminals.

    Examples
    --------
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
    ...     "l": (1, 1), "r": decision("B", {"x": (0, 2), "y": (2, 0)})}))
    >>> eq = sequence_form_equilibrium(t)
    >>> eq.strategy("A@"), eq.method
    ({'l': Fraction(1, 1), 'r': Fraction(0, 1)}, 'sequence_form_lp_exact')
    """

    tree: GameTree
    realization: tuple[NDArray[Any], NDArray[Any]]
    behaviour: NDArray[Any]
    payoffs: NDArray[Any]
    regret: float
    method: str
    zero_sum: bool

    def __post_init__(self) -> None:
        for a in (*self.realization, self.behaviour, self.payoffs):
            a.flags.writeable = False

    @property
    def residual(self) -> float:
        """The verification residual of the shared solver core: :attr:`regret`."""
        return self.regret

    def strategy(self, infoset: int | str) -> dict[str, Any]:
        """Behaviour strategy at one information set (index or name): action -> probability."""
        tree = self.tree
        k = tree.infoset_index(infoset) if isinstance(infoset, str) else int(infoset)
        if not 0 <= k < tree.n_infosets:
            raise InvalidParameterError(
                f"infoset must be in [0, {tree.n_infosets - 1}]; got infoset={infoset!r}"
            )
        v = int(tree.infoset_nodes(k)[0])
        return {
            lab: _plain(self.behaviour[c])
            for lab, c in zip(tree.infoset_actions[k], tree.children(v), strict=True)
        }

    def strategies(self) -> dict[str, dict[str, Any]]:
        """The behaviour strategy at every information set, keyed by information-set name."""
        return {self.tree.infoset_name(k): self.strategy(k) for k in range(self.tree.n_infosets)}

    def __repr__(self) -> str:
        return (
            f"SequenceFormEquilibrium(payoffs={self.payoffs.tolist()!r}, method={self.method!r})"
        )


def _plain(x: Any) -> Any:
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, np.integer):
        return int(x)
    return x


# --------------------------------------------------------------------------------------------
# public solvers
# --------------------------------------------------------------------------------------------
def sequence_form_equilibrium(tree: GameTree, *, tol: float = 1e-9) -> SequenceFormEquilibrium:
    r"""One Nash equilibrium of a two-player tree in behaviour strategies, via the sequence form.

    Parameters
    ----------
    tree : GameTree
        Two players, float or exact payoffs, perfect recall; chance nodes allowed.
    tol : float, default 1e-9
        Float trees: largest accepted deviation gain at any information set, relative to the
        payoff scale :math:`\max(1, \max |u|)`. Exact trees are verified exactly.

    Returns
    -------
    SequenceFormEquilibrium
        For zero-sum trees a pair of optimal (maximin) strategies, and the value.

    Raises
    ------
    UnsupportedGameError
        If the tree does not have two players, has symbolic payoffs or imperfect recall.
    InvalidParameterError
        If ``tol`` is negative.
    SolverError
        If the result fails verification (float trees) or Lemke's algorithm ends on a ray.

    Notes
    -----
    *Zero-sum*: the LP of the module notes for each player (HiGHS). *General sum*: Lemke's
    algorithm on :math:`w = q + M z + d z_0 \ge 0`, :math:`z \ge 0`, :math:`z^\top w = 0`
    with :math:`z = (x, y, u', u'', v', v'')` and

    .. math::

        M = \begin{pmatrix} 0 & -A & E^\top & -E^\top & 0 & 0 \\
                            -B^\top & 0 & 0 & 0 & F^\top & -F^\top \\
                            -E & 0 & 0 & 0 & 0 & 0 \\
                            E & 0 & 0 & 0 & 0 & 0 \\
                            0 & -F & 0 & 0 & 0 & 0 \\
                            0 & F & 0 & 0 & 0 & 0 \end{pmatrix}, \qquad
        q = \begin{pmatrix} 0 \\ 0 \\ e \\ -e \\ f \\ -f \end{pmatrix},

    where :math:`A, B` come from payoffs shifted to :math:`u_i - \max u_i - 1 < 0`. The
    covering vector takes the payoffs against the uniform behaviour profile
    :math:`(\bar x, \bar y)` (the prior of the tracing procedure [2]_) in the rows of
    :math:`x` and :math:`y` and 1 in the rows of the split equalities:
    :math:`d = (-A \bar y, -B^\top \bar x, \mathbf 1, \mathbf 1, \mathbf 1, \mathbf 1)`.
    No theorem here excludes a secondary ray for this choice; the tests and benchmarks
    have not met one, and the solver raises ``SolverError`` if it ever happens. Lemke's
    algorithm starts at :math:`z = 0` with :math:`z_0 = 1` and pivots complementarily
    (lexicographic ratio test, so degenerate trees do not cycle) until :math:`z_0` leaves
    the basis [1]_.

    References
    ----------
    .. [1] D. Koller, N. Megiddo and B. von Stengel, "Efficient computation of equilibria
       for extensive two-person games", *Games and Economic Behavior* 14 (1996), 247-259.
    .. [2] B. von Stengel, A. van den Elzen and D. Talman, "Computing normal form perfect
       equilibria for extensive two-person games", *Econometrica* 70 (2002), 693-715.

    Examples
    --------
    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
    ...     "l": decision("B", {"x": (3, 1), "y": (0, 0)}, infoset="b"),
    ...     "r": decision("B", {"x": (0, 0), "y": (1, 3)}, infoset="b")}))
    >>> eq = sequence_form_equilibrium(t)
    >>> eq.payoffs.tolist(), eq.method
    ([Fraction(1, 1), Fraction(3, 1)], 'sequence_form_lemke_exact')
    """
    tree = _check_two_player_tree(tree, "sequence_form_equilibrium")
    check_nonnegative("tol", tol)
    return _solve(_build(tree), tol)


def tree_nash_equilibria(
    tree: GameTree, method: TreeNashMethod = "auto", *, tol: float = 1e-9
) -> list[SubgamePerfectResult]:
    r"""A subgame-perfect equilibrium of a tree, as ``nash_equilibria(tree, ...)`` returns it.

    Parameters
    ----------
    tree : GameTree
        A float or exact tree.
    method : {"auto", "sequence_form", "normal_form", "backward_induction"}, default "auto"
        How subgames without proper subgames are solved. ``"sequence_form"``: the sequence
        form (:func:`sequence_form_equilibrium`; two players, perfect recall).
        ``"normal_form"``: the reduced normal form, as :func:`~dealmodels.subgame_perfect`
        does. ``"backward_induction"``: none are left (perfect information only).
        ``"auto"``: backward induction for perfect information, the sequence form for
        two-player trees with imperfect information, the normal form otherwise. A tree of
        perfect information is solved by backward induction whatever the method. The
        result's ``method`` is the one that ran: ``"backward_induction"``,
        ``"sequence_form"`` or ``"normal_form"``, each a valid value here.
    tol : float, default 1e-9
        Verification tolerance for float trees (see :func:`sequence_form_equilibrium`).

    Returns
    -------
    list of SubgamePerfectResult
        One equilibrium, found by solving the proper subgames bottom up [1]_ (each one
        through the chosen method, its own subgames replaced by their values), so it is
        subgame perfect.

    Raises
    ------
    UnsupportedGameError
        If ``method="sequence_form"`` and the tree has not two players or lacks perfect
        recall, if ``method="backward_induction"`` and the tree has imperfect information,
        or if the tree is symbolic.
    InvalidParameterError
        If ``method`` is unknown or ``tol`` is negative.

    References
    ----------
    .. [1] R. Selten, "Reexamination of the perfectness concept for equilibrium points in
       extensive games", *International Journal of Game Theory* 4 (1975), 25-55.

    Examples
    --------
    The subgame after ``in`` (a battle of the sexes) is solved first; its equilibrium gives
    A less than staying out:

    >>> from dealmodels.games.extensive_form import GameTree, decision
    >>> t = GameTree.build(players=["A", "B"], root=decision("A", {
    ...     "out": (2, 2), "in": decision("A", {
    ...         "l": decision("B", {"x": (3, 1), "y": (0, 0)}, infoset="b"),
    ...         "r": decision("B", {"x": (0, 0), "y": (1, 3)}, infoset="b")})}))
    >>> [r.path_actions for r in tree_nash_equilibria(t, method="sequence_form")]
    [('out',)]
    """
    from dealmodels.solvers import backward

    if not isinstance(tree, GameTree):
        raise InvalidParameterError(f"tree must be a GameTree; got tree={tree!r}")
    check_choice("method", method, _TREE_METHODS)
    check_nonnegative("tol", tol)
    if tree.kind == "symbolic":
        raise UnsupportedGameError(
            "nash_equilibria needs numeric payoffs; substitute values with tree.subs(...) first"
        )
    chosen = method
    if method == "auto":
        two = tree.n_players == 2 and tree.is_perfect_recall()
        chosen = "sequence_form" if two and not tree.is_perfect_information else "normal_form"
    if chosen == "backward_induction" and not tree.is_perfect_information:
        raise UnsupportedGameError(
            "method='backward_induction' needs a tree of perfect information (every "
            "information set a single node); use method='auto', 'sequence_form' or "
            "'normal_form'"
        )
    if chosen in ("normal_form", "backward_induction"):
        return [backward.subgame_perfect(tree, tol=min(tol, 1e-12))]
    tree = _check_two_player_tree(tree, "method='sequence_form'")
    if tree.is_perfect_information:
        return [backward.subgame_perfect(tree, tol=min(tol, 1e-12))]

    def leaf(sub: GameTree, _tol: float) -> NDArray[Any]:
        if sub.is_perfect_information:
            return backward._backward_pure(sub, min(tol, 1e-12))[0]
        return _solve(_build(sub), tol).behaviour

    return [backward._solve_by_subgames(tree, tol, leaf=leaf, method="sequence_form")]


# --------------------------------------------------------------------------------------------
# kernels
# --------------------------------------------------------------------------------------------
def _is_zero_sum(sf: SequenceForm) -> bool:
    tree = sf.tree
    rows = tree.payoff_row[tree.node_kind == TERMINAL]
    pay = tree.payoffs[rows]
    if len(pay) == 0:
        return True
    if sf.kind == "exact":
        total = {a + b for a, b in pay.tolist()}
        return len(total) == 1
    s = pay.astype(np.float64).sum(axis=1)
    scale = max(1.0, float(np.max(np.abs(pay.astype(np.float64)))))
    return bool(np.ptp(s) <= 1e-12 * scale)


def _solve(sf: SequenceForm, tol: float) -> SequenceFormEquilibrium:
    zero_sum = _is_zero_sum(sf)
    exact = sf.kind == "exact"
    # positive rescaling leaves equilibria unchanged and keeps float tolerances meaningful
    a_f = sf.payoff_values[0].astype(np.float64) / _payoff_scale(sf.tree, 0)
    b_f = sf.payoff_values[1].astype(np.float64) / _payoff_scale(sf.tree, 1)
    method = "sequence_form_lp" if zero_sum else "sequence_form_lemke"
    plans: tuple[NDArray[Any], NDArray[Any]] | None
    try:
        plans = _zero_sum_lp(sf, a_f) if zero_sum else _lemke_plans(sf, a_f, b_f, exact=False)
    except (SolverError, FloatingPointError):
        if not exact:
            raise
        plans = None
    if exact:
        rebuilt = None if plans is None else _rebuild_exact(sf, plans)
        if rebuilt is None:
            a_x = sf.payoff_values[0]
            b_x = sf.payoff_values[1]
            rebuilt = _lemke_plans(sf, a_x, b_x, exact=True)
            method = "sequence_form_lemke_rational"
        else:
            method += "_exact"
        plans = rebuilt
    assert plans is not None
    behaviour, gains, payoffs = _behaviour_and_gains(sf, plans)
    scale = _payoff_scale(sf.tree)
    worst = max(gains)
    if exact:
        if worst != 0:
            raise SolverError(
                f"{method} produced a profile with deviation gain {worst} at an information "
                "set; please report this tree"
            )
        regret = 0.0
    else:
        regret = float(worst)
        if regret > tol * scale:
            raise SolverError(
                f"{method} produced a profile with deviation gain {regret:.3g} > tol={tol:g} "
                f"(times payoff scale {scale:g}); the tree may be numerically degenerate"
            )
    return SequenceFormEquilibrium(
        tree=sf.tree,
        realization=plans,
        behaviour=behaviour,
        payoffs=frozen_payoffs([_plain(p) for p in payoffs], exact),
        regret=regret,
        method=method,
        zero_sum=zero_sum,
    )


def _payoff_scale(tree: GameTree, player: int | None = None) -> float:
    r""":math:`\max(1, \max |u|)` over all payoffs; for one ``player``: :math:`\max |u_i|`
    (1 if all are 0), the factor the float solvers divide that player's payoffs by."""
    pay = tree.payoffs
    if pay.size == 0:
        return 1.0
    if player is None:
        return max(1.0, float(np.max(np.abs(pay.astype(np.float64)))))
    top = float(np.max(np.abs(pay[:, player].astype(np.float64))))
    return top if top > 0 else 1.0


def _dense(sf: SequenceForm, vals: NDArray[Any]) -> NDArray[Any]:
    n1, n2 = sf.n_sequences
    m = np.zeros((n1, n2), dtype=vals.dtype)
    if vals.dtype == object:
        m[:] = Fraction(0)
    m[sf.payoff_rows, sf.payoff_cols] = vals
    return m


# -- zero sum: two LPs ----------------------------------------------------------------------------
def _zero_sum_lp(sf: SequenceForm, a_f: NDArray[np.float64]) -> tuple[NDArray[Any], NDArray[Any]]:
    """Maximin plans of both players (HiGHS), player 1 maximising :math:`x^T A y`."""
    from scipy import sparse

    from dealmodels.solvers._lp import _highs

    n1, n2 = sf.n_sequences
    e_mat, f_mat = (sparse.csr_matrix(c.astype(np.float64)) for c in sf.constraints)
    m1, m2 = e_mat.shape[0], f_mat.shape[0]
    a = sparse.csr_matrix((a_f, (sf.payoff_rows, sf.payoff_cols)), shape=(n1, n2))
    # player 1: max q_0  s.t.  F^T q - A^T x <= 0,  E x = e,  x >= 0, q free
    c1 = np.zeros(n1 + m2)
    c1[n1] = -1.0
    ub1 = sparse.hstack([-a.T, f_mat.T]).tocsr()
    eq1 = sparse.hstack([e_mat, sparse.csr_matrix((m1, m2))]).tocsr()
    rhs1 = np.zeros(m1)
    rhs1[0] = 1.0
    bounds1 = [(0, None)] * n1 + [(None, None)] * m2
    sol1 = _highs(c1, A_ub=ub1, b_ub=np.zeros(n2), A_eq=eq1, b_eq=rhs1, bounds=bounds1)
    # player 2: min p_0  s.t.  A y - E^T p <= 0,  F y = f,  y >= 0, p free
    c2 = np.zeros(n2 + m1)
    c2[n2] = 1.0
    ub2 = sparse.hstack([a, -e_mat.T]).tocsr()
    eq2 = sparse.hstack([f_mat, sparse.csr_matrix((m2, m1))]).tocsr()
    rhs2 = np.zeros(m2)
    rhs2[0] = 1.0
    bounds2 = [(0, None)] * n2 + [(None, None)] * m1
    sol2 = _highs(c2, A_ub=ub2, b_ub=np.zeros(n1), A_eq=eq2, b_eq=rhs2, bounds=bounds2)
    if sol1 is None or sol2 is None:  # cannot happen: realisation plans exist
        raise SolverError("HiGHS reported a sequence-form LP infeasible")
    return np.maximum(sol1[:n1], 0.0), np.maximum(sol2[:n2], 0.0)


# -- general sum: Lemke -----------------------------------------------------------------------
def _lcp(
    sf: SequenceForm, a: NDArray[Any], b: NDArray[Any], exact: bool
) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any]]:
    """``(q, M, d)`` of the sequence-form LCP (payoffs shifted negative)."""
    n1, n2 = sf.n_sequences
    e_mat, f_mat = sf.constraints
    m1, m2 = e_mat.shape[0], f_mat.shape[0]
    dt: Any = object if exact else np.float64
    zero: Any = Fraction(0) if exact else 0.0
    reach = sf.reach_entries if exact else sf.reach_entries.astype(np.float64)
    # shift every terminal payoff to u - max(u) - 1 (< 0): entries become vals - k * reach
    tree = sf.tree
    pay = tree.payoffs[tree.payoff_row[tree.node_kind == TERMINAL]]
    mats = []
    for p, vals in enumerate((a, b)):
        col = pay[:, p].tolist() if len(pay) else [0]
        # float payoffs arrive divided by the player's payoff scale (see _solve)
        k = (max(col) + 1) if exact else float(max(col)) / _payoff_scale(tree, p) + 1.0
        s = vals - reach * k
        mats.append(_dense_values(sf, s, dt, zero))
    a_neg, b_neg = mats
    size = n1 + n2 + 2 * m1 + 2 * m2
    mm = np.empty((size, size), dtype=dt)
    mm[...] = zero
    ex = e_mat.astype(dt) if not exact else _int_to_obj(e_mat)
    fx = f_mat.astype(dt) if not exact else _int_to_obj(f_mat)
    ox, oy, ou1, ou2 = 0, n1, n1 + n2, n1 + n2 + m1
    ov1, ov2 = n1 + n2 + 2 * m1, n1 + n2 + 2 * m1 + m2
    mm[ox:oy, oy:ou1] = -a_neg
    mm[ox:oy, ou1:ou2] = ex.T
    mm[ox:oy, ou2:ov1] = -ex.T
    mm[oy:ou1, ox:oy] = -b_neg.T
    mm[oy:ou1, ov1:ov2] = fx.T
    mm[oy:ou1, ov2:size] = -fx.T
    mm[ou1:ou2, ox:oy] = -ex
    mm[ou2:ov1, ox:oy] = ex
    mm[ov1:ov2, oy:ou1] = -fx
    mm[ov2:size, oy:ou1] = fx
    q = np.empty(size, dtype=dt)
    q[...] = zero
    one: Any = Fraction(1) if exact else 1.0
    q[ou1] = one
    q[ou2] = -one
    q[ov1] = one
    q[ov2] = -one
    # tracing-procedure covering vector from the uniform behaviour profile
    xbar = _uniform_plan(sf, 0, exact)
    ybar = _uniform_plan(sf, 1, exact)
    d = np.empty(size, dtype=dt)
    d[...] = zero
    d[ox:oy] = -(a_neg @ ybar)
    d[oy:ou1] = -(b_neg.T @ xbar)
    d[ou1:size] = one
    return q, mm, d


def _int_to_obj(m: NDArray[np.int64]) -> NDArray[Any]:
    out = np.empty(m.shape, dtype=object)
    out[...] = [[Fraction(int(v)) for v in row] for row in m.tolist()]
    return out


def _dense_values(sf: SequenceForm, vals: NDArray[Any], dt: Any, zero: Any) -> NDArray[Any]:
    n1, n2 = sf.n_sequences
    m = np.empty((n1, n2), dtype=dt)
    m[...] = zero
    m[sf.payoff_rows, sf.payoff_cols] = vals
    return m


def _uniform_plan(sf: SequenceForm, player: int, exact: bool) -> NDArray[Any]:
    """The realisation plan of the uniform behaviour strategy."""
    n = sf.n_sequences[player]
    plan = np.empty(n, dtype=object if exact else np.float64)
    plan[...] = Fraction(0) if exact else 0.0
    plan[0] = Fraction(1) if exact else 1.0
    tree = sf.tree
    for j in sf._order[player]:
        k = int(sf.infosets[player][j])
        m = len(tree.infoset_actions[k])
        s = int(sf.first_sequence[player][j])
        par = plan[int(sf.parent_sequence[player][j])]
        share = par / m if exact else par / float(m)
        plan[s : s + m] = share
    return plan


def _lemke_plans(
    sf: SequenceForm, a: NDArray[Any], b: NDArray[Any], *, exact: bool
) -> tuple[NDArray[Any], NDArray[Any]]:
    q, mm, d = _lcp(sf, a, b, exact)
    z = _lemke(q, mm, d, exact=exact)
    n1, n2 = sf.n_sequences
    x, y = z[:n1], z[n1 : n1 + n2]
    if not exact:
        x, y = np.maximum(x, 0.0), np.maximum(y, 0.0)
    return x, y


def _lemke(q: NDArray[Any], mm: NDArray[Any], d: NDArray[Any], *, exact: bool) -> NDArray[Any]:
    """A solution ``z`` of the LCP ``w = q + M z + d z0`` by Lemke's algorithm (lexicographic).

    The system is ``I w - M z - d z0 = q`` with columns ``0..N-1`` for ``w``, ``N..2N-1``
    for ``z`` and ``2N`` for ``z0``. The lexicographic ratio test compares rows of
    :math:`(B^{-1} q, B^{-1})` (``B`` the basis columns), so degenerate LCPs do not cycle.
    Float LCPs are solved in revised form with a dense basis inverse updated in place at
    each pivot and checked against the basis every ``_CHECK_EVERY`` pivots (recomputed from
    a sparse LU factorisation when it has drifted), so rounding errors do not accumulate
    along the path (see :func:`_lemke_float`). Exact LCPs pivot a
    full integer tableau: each row is scaled to integers (rescaling its ``w``), the tableau
    is kept as integers ``T`` over a common positive denominator ``D`` and pivoting on
    ``T[r, c]`` gives ``T'[i] = (T[r, c] T[i] - T[i, c] T[r]) / D`` exactly (Edmonds 1967).
    """
    size = len(q)
    if not any(v < 0 for v in q.tolist()):
        zero: Any = Fraction(0) if exact else 0.0
        return np.array([zero] * size, dtype=object if exact else np.float64)
    if not exact:
        return _lemke_float(q.astype(np.float64), mm.astype(np.float64), d.astype(np.float64))
    width = 2 * size + 2
    tab = np.empty((size, width), dtype=object)
    for i in range(size):
        entries = [Fraction(0)] * size + [-v for v in mm[i].tolist()] + [-d[i], q[i]]
        entries[i] = Fraction(1)
        den = lcm(*(v.denominator for v in entries))
        tab[i] = [int(v * den) for v in entries]
        # rescaling w_i by den keeps the identity in the w columns
        tab[i, i] = 1
    det = 1
    basis = list(range(size))
    # initial pivot: z0 enters; the row with the lexicographically most negative q_i / d_i
    zcol = tab[:, 2 * size]
    cand = np.array([i for i, v in enumerate(zcol.tolist()) if v < 0], dtype=np.int64)
    row = _lex_min_exact(tab, cand, -zcol[cand], size)
    entering = 2 * size
    for _ in range(_MAX_PIVOTS):
        leaving = basis[row]
        det = _pivot_exact(tab, row, entering, det)
        basis[row] = entering
        if leaving == 2 * size:
            break
        entering = leaving + size if leaving < size else leaving - size
        col = tab[:, entering]
        cand = np.array([i for i, v in enumerate(col.tolist()) if v > 0], dtype=np.int64)
        if len(cand) == 0:
            raise SolverError(
                "Lemke's algorithm ended on a secondary ray of the sequence-form LCP"
            )
        row = _lex_min_exact(tab, cand, col[cand], size)
    else:
        raise ConvergenceError(f"Lemke's algorithm did not finish within {_MAX_PIVOTS} pivots")
    z = np.array([Fraction(0)] * size, dtype=object)
    for r, v in enumerate(basis):
        if size <= v < 2 * size:
            z[v - size] = Fraction(tab[r, -1], det)
    return z


def _lemke_float(
    q: NDArray[np.float64], mm: NDArray[np.float64], d: NDArray[np.float64]
) -> NDArray[np.float64]:
    r"""Float Lemke in revised form with an explicit basis inverse (see :func:`_lemke`).

    The dense inverse :math:`B^{-1}` and :math:`B^{-1} q` are updated in place at each pivot
    (a rank-one update touching only the rows where the entering column is non-zero), and
    checked against the basis columns every ``_CHECK_EVERY`` pivots (recomputed from a
    sparse LU factorisation when the residual exceeds ``_INVERSE_TOL``), so rounding errors
    cannot build up along the path; the final basic solution is solved afresh with a sparse
    LU factorisation.
    """
    import warnings

    from scipy import sparse
    from scipy.sparse.linalg import splu

    size = len(q)
    # columns of the system [I, -M, -d]: unit vectors, then the sparse columns of -M and -d
    neg = sparse.csc_matrix(np.hstack([-mm, -d[:, None]]))
    indptr, indices, data = neg.indptr, neg.indices, neg.data
    system = sparse.hstack([sparse.identity(size, format="csc"), neg]).tocsc()
    scale = max(1.0, float(np.max(np.abs(mm))), float(np.max(np.abs(d))), float(np.max(np.abs(q))))
    tol = 1e-9 * scale
    basis = list(range(size))
    binv = np.eye(size)
    rhs = q.astype(np.float64).copy()
    probe = np.random.default_rng(0).standard_normal(size)

    def column(j: int) -> NDArray[np.float64]:
        """:math:`B^{-1} a_j` for column ``j`` of the system."""
        if j < size:
            return binv[:, j].copy()
        lo, hi = indptr[j - size], indptr[j - size + 1]
        out: NDArray[np.float64] = binv[:, indices[lo:hi]] @ data[lo:hi]
        return out

    entering = 2 * size
    col = column(entering)
    cand = np.flatnonzero(col < -tol)
    row = _lex_min_float(rhs[cand], binv, -col[cand], cand, tol)
    since = 0
    for _ in range(_MAX_PIVOTS):
        leaving = basis[row]
        # pivot on (row, entering): B^{-1} <- E B^{-1}, in place on the rows that change
        piv = col[row]
        prow = binv[row] / piv
        r_row = rhs[row] / piv
        nz = np.flatnonzero(col)
        nz = nz[nz != row]
        if len(nz):
            pc = np.flatnonzero(prow)
            binv[np.ix_(nz, pc)] -= np.outer(col[nz], prow[pc])
            rhs[nz] -= col[nz] * r_row
        binv[row] = prow
        rhs[row] = r_row
        basis[row] = entering
        if leaving == 2 * size:
            break
        since += 1
        if since == _CHECK_EVERY:
            since = 0
            binv, rhs = _check_inverse(system, basis, binv, rhs, q, probe)
        entering = leaving + size if leaving < size else leaving - size
        col = column(entering)
        cand = np.flatnonzero(col > tol)
        if len(cand) == 0:
            raise SolverError(
                "Lemke's algorithm ended on a secondary ray of the sequence-form LCP"
            )
        ratios = rhs[cand] / col[cand]
        lo = float(ratios.min())
        tied = cand[ratios <= lo + tol * max(1.0, abs(lo))]
        if len(tied) == 1:
            row = int(tied[0])
            continue
        row = _lex_min_float(rhs[tied], binv, col[tied], tied, tol)
    else:
        raise ConvergenceError(f"Lemke's algorithm did not finish within {_MAX_PIVOTS} pivots")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lu = splu(system[:, basis], permc_spec="COLAMD")
    rhs = lu.solve(q)
    z = np.zeros(size)
    for r, v in enumerate(basis):
        if size <= v < 2 * size:
            z[v - size] = rhs[r]
    return z


def _check_inverse(
    system: Any,
    basis: list[int],
    binv: NDArray[np.float64],
    rhs: NDArray[np.float64],
    q: NDArray[np.float64],
    probe: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""``(B^{-1}, B^{-1} q)``, recomputed when the updated ones have drifted.

    The residuals :math:`\|B (B^{-1} p) - p\|_\infty` for a fixed random probe ``p`` and
    :math:`\|B\, \mathrm{rhs} - q\|_\infty` (relative to ``max(1, |p|, |q|)``) are compared
    with ``_INVERSE_TOL``.
    """
    import warnings

    from scipy.sparse.linalg import splu

    b = system[:, basis].tocsc()
    r1 = float(np.max(np.abs(b @ (binv @ probe) - probe))) / max(1.0, float(np.max(np.abs(probe))))
    r2 = float(np.max(np.abs(b @ rhs - q))) / max(1.0, float(np.max(np.abs(q))))
    if max(r1, r2) <= _INVERSE_TOL:
        return binv, rhs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lu = splu(b, permc_spec="COLAMD")
    return lu.solve(np.eye(len(q))), lu.solve(q)


def _lex_min_float(
    rhs: NDArray[np.float64],
    binv: NDArray[np.float64],
    piv: NDArray[np.float64],
    rows: NDArray[np.int64],
    tol: float,
) -> int:
    """Among ``rows``: the lexicographic minimum of ``(rhs, B^{-1} row) / pivot`` (floats).

    ``rhs`` and ``piv`` are given for ``rows``, ``binv`` is the whole inverse. The first row
    left is the champion, and the others are compared with it a block of columns at a time:
    a row is below it if its first entry differing by more than the tolerance is lower.
    If no row in the block is below, the rows that differ there are above and leave; else
    the minimum is among the rows below that differ first (column ``J``) and are lowest
    there, and these are compared from column ``J + 1`` on. Equal rows keep the first one.
    """
    keys0 = rhs / piv
    idx = np.arange(len(rows))
    lo = float(keys0.min())
    idx = idx[keys0 <= lo + tol * max(1.0, abs(lo))]
    width = binv.shape[1]
    start = 0
    block = 32
    while len(idx) > 1 and start < width:
        cols = np.arange(start, min(width, start + block))
        sub = binv[np.ix_(rows[idx], cols)] / piv[idx, None]
        champion = sub[0]
        diff = sub[1:] - champion
        differs = np.abs(diff) > tol * np.maximum(1.0, np.abs(champion))
        has = differs.any(axis=1)
        if not has.any():
            start += block
            continue
        first = np.argmax(differs, axis=1)
        at = np.arange(len(first))
        lower = has & (diff[at, first] < 0)
        if not lower.any():
            idx = np.concatenate([idx[:1], idx[1:][~has]])
            start += block
            continue
        j = int(first[lower].min())
        cand = np.flatnonzero(lower & (first == j)) + 1
        vals = sub[cand, j]
        best = float(vals.min())
        idx = idx[cand[vals <= best + tol * max(1.0, abs(best))]]
        start += j + 1
    return int(rows[idx[0]])


def _lex_min_exact(
    tab: NDArray[Any], cand: NDArray[np.int64], piv: NDArray[Any], size: int
) -> int:
    """Among rows ``cand``: the lexicographic minimum of ``(rhs, B^{-1} row) / pivot``.

    The columns of ``w`` (``0 .. size - 1``) hold the inverse basis (times the common
    denominator, which cancels), so the comparison breaks every tie.
    """
    rows, p = cand, piv
    for col in (-1, *range(size)):
        if len(rows) == 1:
            break
        vals = [Fraction(a, b) for a, b in zip(tab[rows, col].tolist(), p.tolist(), strict=True)]
        best = min(vals)
        keep = np.array([v == best for v in vals], dtype=bool)
        rows, p = rows[keep], p[keep]
    return int(rows[0])


def _pivot_exact(tab: NDArray[Any], row: int, col: int, det: int) -> int:
    """Integer pivot (see :func:`_lemke`); returns the new positive denominator."""
    piv = tab[row, col]
    factors = tab[:, col].copy()
    factors[row] = 0
    nz = np.flatnonzero(factors != 0)
    keep = np.flatnonzero(factors == 0)
    keep = keep[keep != row]
    if len(nz):
        tab[nz] = (piv * tab[nz] - np.multiply.outer(factors[nz], tab[row])) // det
    if len(keep):
        tab[keep] = (piv * tab[keep]) // det
    if piv < 0:
        tab *= -1
        return int(-piv)
    return int(piv)


# -- exact rebuild ----------------------------------------------------------------------------
def _rebuild_exact(
    sf: SequenceForm, plans: tuple[NDArray[Any], NDArray[Any]]
) -> tuple[NDArray[Any], NDArray[Any]] | None:
    """Exact plans with the supports of the float ``plans``, or None if they do not verify.

    Solves :math:`E x = e`, :math:`x_\\sigma = 0` off the support, :math:`(E^T u - A y)_\\sigma
    = 0` on it, and the same for player 2, in rational arithmetic; accepts the solution if
    both plans are nonnegative and pass the exact best-response check.
    """
    x_f, y_f = plans
    n1, n2 = sf.n_sequences
    e_mat, f_mat = sf.constraints
    m1, m2 = e_mat.shape[0], f_mat.shape[0]
    s1 = [int(i) for i in np.flatnonzero(x_f > 1e-9)]
    s2 = [int(i) for i in np.flatnonzero(y_f > 1e-9)]
    # unknowns: x[s1], u (m1), y[s2], v (m2)
    ix = {s: j for j, s in enumerate(s1)}
    iu = len(s1)
    iy0 = iu + m1
    iy = {s: iy0 + j for j, s in enumerate(s2)}
    iv = iy0 + len(s2)
    n_unknowns = iv + m2
    rows: list[dict[int, Fraction]] = []
    rhs: list[Fraction] = []
    for r in range(m1):
        rows.append({ix[c]: Fraction(int(e_mat[r, c])) for c in s1 if e_mat[r, c] != 0})
        rhs.append(Fraction(1 if r == 0 else 0))
    for r in range(m2):
        rows.append({iy[c]: Fraction(int(f_mat[r, c])) for c in s2 if f_mat[r, c] != 0})
        rhs.append(Fraction(1 if r == 0 else 0))
    a_rows: dict[int, dict[int, Fraction]] = {}
    b_cols: dict[int, dict[int, Fraction]] = {}
    for r, c, av, bv in zip(
        sf.payoff_rows.tolist(),
        sf.payoff_cols.tolist(),
        sf.payoff_values[0].tolist(),
        sf.payoff_values[1].tolist(),
        strict=True,
    ):
        a_rows.setdefault(r, {})[c] = av
        b_cols.setdefault(c, {})[r] = bv
    set2, set1 = set(s2), set(s1)
    for s in s1:  # (E^T u)_s - (A y)_s = 0
        row = {iu + r: Fraction(int(e_mat[r, s])) for r in range(m1) if e_mat[r, s] != 0}
        for c, av in a_rows.get(s, {}).items():
            if c in set2:
                row[iy[c]] = row.get(iy[c], Fraction(0)) - av
        rows.append(row)
        rhs.append(Fraction(0))
    for s in s2:  # (F^T v)_s - (B^T x)_s = 0
        row = {iv + r: Fraction(int(f_mat[r, s])) for r in range(m2) if f_mat[r, s] != 0}
        for r, bv in b_cols.get(s, {}).items():
            if r in set1:
                row[ix[r]] = row.get(ix[r], Fraction(0)) - bv
        rows.append(row)
        rhs.append(Fraction(0))
    guess = [Fraction(float(x_f[s])).limit_denominator(10**6) for s in s1]
    guess += [Fraction(0)] * m1
    guess += [Fraction(float(y_f[s])).limit_denominator(10**6) for s in s2]
    guess += [Fraction(0)] * m2
    sol = _sparse_solve(rows, rhs, n_unknowns, guess)
    if sol is None:
        return None
    x = np.array([Fraction(0)] * n1, dtype=object)
    y = np.array([Fraction(0)] * n2, dtype=object)
    for s in s1:
        x[s] = sol[ix[s]]
    for s in s2:
        y[s] = sol[iy[s]]
    if any(v < 0 for v in x.tolist()) or any(v < 0 for v in y.tolist()):
        return None
    _, gains, _ = _behaviour_and_gains(sf, (x, y))
    if max(gains) != 0:
        return None
    return x, y


def _sparse_solve(
    rows: list[dict[int, Fraction]], rhs: list[Fraction], n: int, guess: list[Fraction]
) -> list[Fraction] | None:
    """Exact solution of a sparse linear system; free unknowns take their ``guess``.

    Gauss-Jordan elimination on dict rows, the pivot row chosen with the fewest entries;
    None if the system is inconsistent.
    """
    work = [({c: v for c, v in r.items() if v != 0}, b) for r, b in zip(rows, rhs, strict=True)]
    pivots: list[tuple[int, dict[int, Fraction], Fraction]] = []
    remaining = list(range(len(work)))
    by_col: dict[int, set[int]] = {}
    for i, (r, _) in enumerate(work):
        for c in r:
            by_col.setdefault(c, set()).add(i)
    active = set(remaining)
    while active:
        # pick the sparsest active row with an entry
        i = min(active, key=lambda k: (len(work[k][0]) or n + 1, k))
        r, b = work[i]
        active.discard(i)
        if not r:
            if b != 0:
                return None
            continue
        col = min(r, key=lambda c: (len(by_col.get(c, ())), c))
        piv = r[col]
        r = {c: v / piv for c, v in r.items()}
        b = b / piv
        work[i] = (r, b)
        for k in list(by_col.get(col, ())):
            if k == i:
                continue
            rk, bk = work[k]
            f = rk.get(col)
            if f is None or f == 0:
                continue
            for c, v in r.items():
                nv = rk.get(c, Fraction(0)) - f * v
                if nv == 0:
                    if c in rk:
                        del rk[c]
                        by_col[c].discard(k)
                else:
                    if c not in rk:
                        by_col.setdefault(c, set()).add(k)
                    rk[c] = nv
            work[k] = (rk, bk - f * b)
        for c in r:
            by_col[c].discard(i)
        pivots.append((col, r, b))
    sol = list(guess)
    pivot_cols = {c for c, _, _ in pivots}
    for c in range(n):
        if c not in pivot_cols:
            sol[c] = Fraction(guess[c])
    # rows are fully reduced against later pivots only; resolve in reverse order
    for col, r, b in reversed(pivots):
        sol[col] = b - sum((v * sol[c] for c, v in r.items() if c != col), Fraction(0))
    # check
    for r, b in zip(rows, rhs, strict=True):
        if sum((v * sol[c] for c, v in r.items()), Fraction(0)) != b:
            return None
    return sol


# -- behaviour and verification --------------------------------------------------------------
def _behaviour_and_gains(
    sf: SequenceForm, plans: tuple[NDArray[Any], NDArray[Any]]
) -> tuple[NDArray[Any], list[Any], tuple[Any, Any]]:
    """Behaviour per node, per-infoset deviation gains of both players, expected payoffs.

    For player ``i`` against the opponent's plan, the payoff of each own sequence is
    :math:`g = A y` (or :math:`B^T x`); processing information sets deepest first,
    :math:`\\mathrm{CV}(h) = \\sum_a \\beta(a|h) (g_{ha} + \\sum_{h'} \\mathrm{CV}(h'))`
    and :math:`\\mathrm{BV}(h) = \\max_a (g_{ha} + \\sum_{h'} \\mathrm{BV}(h'))` over the sets
    :math:`h'` that follow :math:`(h, a)`. The gain at :math:`h` is
    :math:`x_{\\sigma(h)} (\\mathrm{BV}(h) - \\mathrm{CV}(h))`; at sets the player's own plan
    does not reach, :math:`\\beta` is the first best action.
    """
    tree = sf.tree
    exact = sf.kind == "exact"
    zero: Any = Fraction(0) if exact else 0.0
    x, y = plans
    n1, n2 = sf.n_sequences
    g = [
        np.empty(n1, dtype=object if exact else np.float64),
        np.empty(n2, dtype=object if exact else np.float64),
    ]
    for vec in g:
        vec[...] = zero
    rows, cols = sf.payoff_rows, sf.payoff_cols
    a_v, b_v = sf.payoff_values
    if exact:
        for r, c, av, bv in zip(
            rows.tolist(), cols.tolist(), a_v.tolist(), b_v.tolist(), strict=True
        ):
            g[0][r] += av * y[c]
            g[1][c] += bv * x[r]
    else:
        g[0] = np.bincount(rows, weights=a_v * y[cols], minlength=n1)
        g[1] = np.bincount(cols, weights=b_v * x[rows], minlength=n2)
    behaviour = np.empty(tree.n_nodes, dtype=object if exact else np.float64)
    behaviour[...] = zero
    behaviour[0] = Fraction(1) if exact else 1.0
    chance_kids = np.flatnonzero(tree.node_kind[tree.parent[1:]] == CHANCE) + 1
    behaviour[chance_kids] = tree.probabilities[chance_kids]
    gains: list[Any] = [zero]
    payoffs = []
    first_node_cache: dict[int, list[int]] = {}
    for k in range(tree.n_infosets):
        first_node_cache[k] = tree.infoset_nodes(k).tolist()
    for i, plan in enumerate((x, y)):
        n = sf.n_sequences[i]
        cv = [zero] * n
        bv = [zero] * n
        gi = g[i].tolist()
        cv_seq = list(gi)
        bv_seq = list(gi)
        for j in reversed(sf._order[i]):
            k = int(sf.infosets[i][j])
            s = int(sf.first_sequence[i][j])
            m = len(tree.infoset_actions[k])
            par = int(sf.parent_sequence[i][j])
            reach = plan[par]
            reached = reach > (0 if exact else 1e-12)
            best = max(range(m), key=lambda a: (bv_seq[s + a], -a))
            if reached:
                probs = [plan[s + a] / reach for a in range(m)]
                if not exact:
                    total = sum(probs)
                    probs = [p / total for p in probs] if total > 0 else probs
            else:
                probs = [(Fraction(1) if exact else 1.0) if a == best else zero for a in range(m)]
            c_h = sum((p * cv_seq[s + a] for a, p in enumerate(probs)), zero)
            b_h = bv_seq[s + best]
            cv[j] = c_h
            bv[j] = b_h
            cv_seq[par] = cv_seq[par] + c_h
            bv_seq[par] = bv_seq[par] + b_h
            gains.append(reach * (b_h - c_h) if reached else zero)
            for v in first_node_cache[k]:
                f = int(tree.first_child[v])
                for a in range(m):
                    behaviour[f + a] = probs[a]
        gains.append(bv_seq[0] - cv_seq[0])
        payoffs.append(cv_seq[0])
    if not exact:
        gains = [max(0.0, float(v)) for v in gains]
    return behaviour, gains, (payoffs[0], payoffs[1])
