"""The one sympy test and the one exact converter (dealmodels._numbers), and the scalar check
every representation uses for a finite real (dealmodels._validation.check_real_scalar)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from dealmodels._numbers import is_sympy, to_fraction, to_sympy
from dealmodels._validation import check_real_scalar
from dealmodels.errors import InvalidParameterError
from dealmodels.games.bargaining import BargainingProblem
from dealmodels.games.extensive_form import GameTree, decision
from dealmodels.games.normal_form import NormalFormGame


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, Fraction(0)),
        (-7, Fraction(-7)),
        (10**400, Fraction(10**400)),
        (np.int64(-(2**63)), Fraction(-(2**63))),
        (np.uint8(255), Fraction(255)),
        (Fraction(-3, 9), Fraction(-1, 3)),
        (sympy.Rational(2, 6), Fraction(1, 3)),
        (sympy.Integer(5), Fraction(5)),
        (0.5, None),
        (np.float64(0.25), None),
        (Decimal("0.5"), None),  # a Decimal is not a numbers.Rational
        (sympy.Float(0.5), None),
        (sympy.sqrt(2), None),
        (sympy.pi, None),
        (sympy.Symbol("x"), None),
        (True, None),
        (np.bool_(False), None),
        ("1", None),
        (None, None),
        (1j, None),
    ],
)
def test_to_fraction_known_values(value: object, expected: Fraction | None) -> None:
    got = to_fraction(value)
    assert got == expected
    assert got is None or type(got) is Fraction


@given(st.fractions())
def test_to_fraction_and_to_sympy_round_trip(q: Fraction) -> None:
    s = to_sympy(q)
    assert s.is_Rational
    assert (int(s.p), int(s.q)) == (q.numerator, q.denominator)
    assert to_fraction(s) == q
    assert to_fraction(q) is q  # no copy of a Fraction


@given(st.integers())
def test_to_fraction_of_ints_is_exact(k: int) -> None:
    assert to_fraction(k) == k
    if -(2**63) <= k < 2**63:
        assert to_fraction(np.int64(k)) == k


@pytest.mark.parametrize(
    ("value", "sympy_object"),
    [(sympy.Symbol("a"), True), (sympy.Integer(1), True), (sympy.true, True), (1, False)],
)
def test_is_sympy(value: object, sympy_object: bool) -> None:
    assert is_sympy(value) is sympy_object
    assert not is_sympy(Fraction(1, 2))
    assert not is_sympy(np.float64(1.0))


def test_the_representations_agree_on_what_is_exact() -> None:
    # one converter: the same entries make an exact game, an exact tree and an exact problem
    entries = [np.int64(1), sympy.Rational(1, 2), Fraction(3, 4), 2]
    game = NormalFormGame([np.array([entries], dtype=object), np.array([entries], dtype=object)])
    assert game.is_exact
    tree = GameTree.build(["A"], decision("A", {str(i): (e,) for i, e in enumerate(entries)}))
    assert tree.kind == "exact"
    problem = BargainingProblem.from_points([(entries[0], entries[1]), (entries[2], 0)])
    assert problem.is_exact


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0.0),
        (1, 1.0),
        (1e-300, 1e-300),
        (-1e300, -1e300),
        (Fraction(1, 3), 1 / 3),
        (np.float32(0.5), 0.5),
        (sympy.Rational(1, 4), 0.25),
        (sympy.pi, math.pi),
    ],
)
def test_check_real_scalar_accepts_finite_reals(value: object, expected: float) -> None:
    got = check_real_scalar("x", value)
    assert type(got) is float
    assert got == expected


@pytest.mark.parametrize(
    ("value", "constraint"),
    [
        (math.inf, "a finite real number"),
        (-math.inf, "a finite real number"),
        (math.nan, "a finite real number"),
        (10**400, "within float range"),
        (True, "a finite real number"),
        ("1", "a finite real number"),
        (np.array([1.0]), "a finite real number"),
        (1j, "a finite real number"),
        (sympy.Symbol("x"), "a finite real number"),
        (None, "a finite real number"),
    ],
)
def test_check_real_scalar_refuses_by_name(value: object, constraint: str) -> None:
    with pytest.raises(InvalidParameterError, match=rf"^x must be .*{constraint}.*; got x="):
        check_real_scalar("x", value)
