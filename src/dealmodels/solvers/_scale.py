r"""Per-player payoff normalisation before float kernels.

Nash equilibria, correlated equilibria, dominance and commitment (Stackelberg) solutions
are invariant to a positive affine rescaling of each player's payoffs separately,
:math:`u_i \mapsto (u_i - l_i) / s_i` with :math:`s_i > 0` (Osborne and Rubinstein 1994,
ch. 3). Mapping each player's payoffs onto :math:`[0, 1]` before any floating-point
arithmetic therefore changes no answer, and it keeps every intermediate number of order
one: float payoffs near :math:`\pm 1.7 \cdot 10^{308}` (whose differences overflow) and
exact payoffs such as :math:`10^{400}` or :math:`10^{-400}` (which do not fit in a float at
all) are solved like any other game. Exact payoffs are shifted and divided exactly, as
Fractions, and only the results in :math:`[0, 1]` are rounded to floats. A regret in these
units is the regret relative to the player's payoff range :math:`\max u_i - \min u_i`.

References
----------
.. [1] M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press, 1994, ch. 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["exact_span", "pow2_unit", "unit_payoff", "unit_payoffs"]


def unit_payoff(payoff: NDArray[Any]) -> NDArray[np.float64]:
    """One player's payoffs mapped affinely onto [0, 1] (constant payoffs: all 0).

    Float arrays are divided by their largest magnitude first (so the range cannot
    overflow), then shifted and divided by the range; object arrays of exact numbers are
    shifted and divided exactly and rounded once.
    """
    if payoff.dtype == object:
        flat = [Fraction(v) for v in payoff.flat]
        lo, hi = min(flat), max(flat)
        if hi == lo:
            return np.zeros(payoff.shape)
        span = hi - lo
        return np.array([float((v - lo) / span) for v in flat]).reshape(payoff.shape)
    u = np.asarray(payoff, dtype=np.float64)
    top = float(np.max(np.abs(u))) if u.size else 0.0
    if top == 0.0:
        return np.zeros_like(u)
    u = u / top
    lo_f, hi_f = float(u.min()), float(u.max())
    return (u - lo_f) / (hi_f - lo_f) if hi_f > lo_f else np.zeros_like(u)


def unit_payoffs(payoffs: Sequence[NDArray[Any]]) -> list[NDArray[np.float64]]:
    """:func:`unit_payoff` of every player."""
    return [unit_payoff(p) for p in payoffs]


def exact_span(payoff: NDArray[Any]) -> Fraction:
    """The range ``max - min`` of an exact payoff array, as a Fraction."""
    flat = [Fraction(v) for v in payoff.flat]
    return max(flat) - min(flat)


def pow2_unit(matrix: NDArray[Any]) -> tuple[NDArray[np.float64], int]:
    r"""``(matrix / 2**e, e)`` in float64, with :math:`2^e \le \max|M| < 2^{e+1}` (``e = 0``
    for a zero matrix), so the largest entry is in :math:`[1, 2)`.

    Dividing by a power of two is exact (short of underflow far below the scale), so a game
    and the same game times :math:`c > 0` give the same float problem up to the rounding of
    the payoffs themselves; exact payoffs are divided exactly before they are rounded, so no
    Fraction (such as :math:`10^{400}`) overflows a float.
    """
    if matrix.dtype == object:
        big = max((abs(Fraction(v)) for v in matrix.flat), default=Fraction(0))
        if big == 0:
            return np.zeros(matrix.shape), 0
        e = big.numerator.bit_length() - big.denominator.bit_length()
        if Fraction(2) ** e > big:
            e -= 1
        unit = Fraction(2) ** e
        out = np.array([float(Fraction(v) / unit) for v in matrix.flat], dtype=np.float64)
        return out.reshape(matrix.shape), e
    m = np.asarray(matrix, dtype=np.float64)
    big_f = float(np.max(np.abs(m))) if m.size else 0.0
    if big_f == 0.0:
        return np.zeros(m.shape), 0
    e = int(np.frexp(big_f)[1]) - 1
    return np.ldexp(m, -e), e
