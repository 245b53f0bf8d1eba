"""``subs`` with float values evaluates each payoff as it is written.

sympy's substitution distributes a float coefficient over a sum: with :math:`p = 1` and
:math:`L = 1.2 \\times 10^{308}`, :math:`-K - L(1 - p)` became :math:`-K + Lp - L`, which
rounds :math:`-K` away (the engine harness found it on M1's declared tree: an attempt worth
:math:`-1.74` was built as :math:`+0.26`, and the engine chose it).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from dealmodels.games.extensive_form import GameTree, chance, decision
from dealmodels.games.normal_form import NormalFormGame

sympy = pytest.importorskip("sympy")
K, L, P = sympy.symbols("K L p")
PAYOFF = -K - L * (1 - P)
AT = {"K": 2.0, "L": 1.2150121974442732e308, "p": 1.0}


def test_a_tree_payoff_keeps_its_written_order() -> None:
    tree = GameTree.build(["A"], decision("A", {"attempt": (PAYOFF,), "comply": (0,)}))
    assert sympy.sympify(PAYOFF).subs({K: 2.0, L: AT["L"], P: 1.0}) == 0  # the trap itself
    t = tree.subs(**AT)
    assert t.kind == "float"
    assert t.payoffs[:, 0].tolist() == [-2.0, 0.0]


def test_a_chance_probability_keeps_its_written_order() -> None:
    q = sympy.Symbol("q")
    tree = GameTree.build(["A"], chance({"a": (1 - q * (1 - P), (1,)), "b": (q * (1 - P), (0,))}))
    t = tree.subs(q=0.5, p=0.25)
    assert sorted(float(x) for x in t.probabilities[1:]) == [0.375, 0.625]


def test_a_normal_form_payoff_keeps_its_written_order() -> None:
    game = NormalFormGame.from_bimatrix([[PAYOFF, 0], [0, 1]], [[1, 0], [0, 1]])
    assert float(game.subs(**AT).payoff_profile((0, 0))[0]) == -2.0


def test_exact_values_stay_exact_and_partial_values_stay_symbolic() -> None:
    tree = GameTree.build(["A"], decision("A", {"attempt": (PAYOFF,), "comply": (0,)}))
    exact = tree.subs(K=2, L=Fraction(1, 3), p=Fraction(1, 2))
    assert exact.kind == "exact"
    assert exact.payoffs[0, 0] == Fraction(-13, 6)
    partial = tree.subs(K=2.0, p=0.5)
    assert partial.kind == "symbolic"
    assert partial.free_symbols == {L}
