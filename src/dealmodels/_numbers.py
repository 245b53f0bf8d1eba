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

__all__ = ["is_sympy", "substitute", "to_fraction", "to_sympy"]


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


def substitute(exprs: list[Any], mapping: dict[Any, Any]) -> list[Any]:
    r"""``exprs`` (sympy expressions or numbers) with ``mapping``'s values for its symbols:
    sympy objects, and Python floats where an expression was evaluated in floats.

    Exact and symbolic values are substituted by sympy. Where a value is a float, each
    expression that becomes a number is instead evaluated in floats as it is written
    (through :func:`~dealmodels.symbolic.numeric_function`, without common-subexpression
    elimination): sympy's substitution distributes a float coefficient over a sum, which
    rounds a term away that the written order keeps. With :math:`p = 1`, :math:`L = 10^{308}`,
    :math:`-K - L(1 - p)` is :math:`-K`, but substituted it becomes :math:`-K + Lp - L`, and
    the :math:`-K` is lost.
    """
    import sympy

    def inexact(v: Any) -> bool:
        return isinstance(v, float | np.floating) or bool(is_sympy(v) and v.is_Float)

    sym = [sympy.sympify(e) for e in exprs]
    if not any(map(inexact, mapping.values())):
        return [e.subs(mapping) for e in sym]
    numeric = {k: v for k, v in mapping.items() if inexact(v) or to_fraction(v) is not None}
    keys = list(numeric)
    whole = [i for i, e in enumerate(sym) if e.free_symbols and e.free_symbols <= set(keys)]
    out: list[Any] = [e.subs(mapping) if e.free_symbols else e for e in sym]
    if whole:
        from dealmodels.symbolic import numeric_function

        f = numeric_function(keys, sympy.Tuple(*(sym[i] for i in whole)), cse=False)
        with np.errstate(all="ignore"):  # an overflow is inf, 0 * inf NaN: the caller refuses
            values = f(*(np.float64(numeric[k]) for k in keys))
        for i, y in zip(whole, values, strict=True):
            out[i] = float(y)
    return out
