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

Layout
------
This package re-exports everything below; the code lives in four modules.
:mod:`~dealmodels.games.extensive_form.storage` holds :class:`GameTree` (the arrays and the
per-node queries) and the node-kind codes. :mod:`~dealmodels.games.extensive_form.builder`
holds :func:`decision`, :func:`chance`, :func:`terminal` and the three ways to make a tree
(nested specifications, a networkx graph, breadth-first arrays: :meth:`GameTree.from_arrays`).
:mod:`~dealmodels.games.extensive_form.index` holds :class:`TreeIndex`, the read-only lookups
each tree computes on first use (:attr:`GameTree.index`) for the solvers.
:mod:`~dealmodels.games.extensive_form.structure` holds subgames, perfect recall and the
reduced normal form.

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

from dealmodels.games.extensive_form.builder import (
    _NoneTuple,  # noqa: F401  (named by trees pickled before the split into modules)
    chance,
    decision,
    terminal,
)
from dealmodels.games.extensive_form.index import DecisionMoves, LevelBlock, TreeIndex
from dealmodels.games.extensive_form.storage import (
    CHANCE,
    DECISION,
    TERMINAL,
    GameTree,
    TreeKind,
    iter_preorder,
)

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
    "iter_preorder",
    "terminal",
]
