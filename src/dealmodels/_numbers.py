r"""Private helpers shared by the whole package: which kind a number is, and exact conversion.

Games and solvers keep three kinds of scalars apart: floats, exact rationals
(:class:`fractions.Fraction`, with Python ints) and sympy expressions. The tests for those
kinds and the conversions between them live here, once, so that every representation
classifies a number the same way.

sympy is never imported here: a sympy object is recognised by the module of its type, so
``import dealmodels`` stays light.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["is_sympy", "to_fraction", "to_sympy"]


def is_sympy(x: object) -> bool:
    """True if ``x`` is a sympy object (a number, a symbol, an expression or a Boolean)."""
    return type(x).__module__.startswith("sympy")


def to_fraction(x: object) -> Fraction | None:
    r"""An exact rational scalar as a :class:`~fractions.Fraction`, or ``None`` if inexact.

    Exact are Python and numpy integers, :class:`~fractions.Fraction` (and any other
    :class:`numbers.Rational`), and sympy ``Rational`` numbers
    (:math:`p/q \mapsto` ``Fraction(p, q)``). Floats, irrational or symbolic sympy
    expressions, booleans and anything else give ``None``.

    Examples
    --------
    >>> to_fraction(3), to_fraction(Fraction(1, 3)), to_fraction(0.5), to_fraction(True)
    (Fraction(3, 1), Fraction(1, 3), None, None)
    """
    if isinstance(x, bool | np.bool_):
        return None
    if type(x) is Fraction:
        return x
    if isinstance(x, int | np.integer):
        return Fraction(int(x))
    if is_sympy(x):
        if getattr(x, "is_Rational", False):
            return Fraction(int(x.p), int(x.q))  # type: ignore[attr-defined]
        return None
    if isinstance(x, numbers.Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    return None


def to_sympy(x: object) -> Any:
    """``x`` as a sympy object: a Fraction becomes an exact ``Rational``, the rest is sympified.

    Examples
    --------
    >>> to_sympy(Fraction(1, 3))
    1/3
    """
    import sympy

    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    return sympy.sympify(x)
