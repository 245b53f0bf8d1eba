r"""The core every solver result shares: ``payoffs``, ``method`` and ``residual``.

Every public result class of :mod:`dealmodels.solvers` derives from :class:`SolverResult`
and gives, whatever else it holds,

* ``payoffs``: each player's payoff at the solution, one entry per player (an ``object``
  array of :class:`~fractions.Fraction` (or sympy numbers) for exact and symbolic games and
  trees, ``float64`` otherwise; read-only);
* ``method``: the snake_case name of the algorithm that actually produced the result (after
  ``"auto"`` was resolved); for a solver with a ``method=`` argument, the value that runs it.
  An ``_exact`` suffix says a float solution was rebuilt in rational arithmetic (missing when
  the rebuild fell back to floats);
* ``residual``: the verification residual as a float, the largest gain from a deviation
  or constraint violation left in the returned result, in the game's payoff units (for a
  quantal response equilibrium, whose defining equations are on probabilities, in
  probability units); ``0.0`` for results verified in exact arithmetic.

Each class keeps its own name for the residual, which is the same number:
``Equilibrium.regret``, ``CommitmentResult.follower_regret``,
``CorrelatedEquilibrium.max_violation``, ``SequenceFormEquilibrium.regret``. Like scipy's
``OptimizeResult``, the core can be read by key: ``result["residual"]``, ``result.keys()``
and ``dict(result)`` (the three core fields only).

References
----------
.. [1] The SciPy community, ``scipy.optimize.OptimizeResult``,
   https://docs.scipy.org/doc/scipy/reference/generated/scipy.optimize.OptimizeResult.html
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["CORE_FIELDS", "SolverResult", "frozen_payoffs"]

CORE_FIELDS: tuple[str, ...] = ("payoffs", "method", "residual")
"""The names every solver result answers, in the order ``keys()`` lists them."""


class SolverResult:
    """Base of every solver result: the shared core ``payoffs``, ``method``, ``residual``.

    A mixin with no state of its own (``__slots__ = ()``), so the frozen dataclasses that
    derive from it keep their fields, their constructors and their cost. Each subclass
    provides the three attributes (as fields or properties); this base adds the
    dictionary-style access to them.

    Examples
    --------
    >>> import dealmodels as dm
    >>> pd = dm.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> eq = dm.nash_equilibria(pd)[0]
    >>> eq.keys()
    ('payoffs', 'method', 'residual')
    >>> eq["method"], eq["residual"] == eq.regret
    ('vertex_enumeration', True)
    """

    __slots__ = ()

    def keys(self) -> tuple[str, ...]:
        """The core's names, ``("payoffs", "method", "residual")``."""
        return CORE_FIELDS

    def __getitem__(self, key: str) -> Any:
        if key not in CORE_FIELDS:
            raise KeyError(f"key must be one of {CORE_FIELDS}; got key={key!r}")
        return getattr(self, key)

    def __setstate__(self, state: Any) -> None:
        """Unpickle (and ``copy``) with the arrays read-only again, as they were built.

        Pickle restores numpy arrays writable; every array a result holds (directly or in a
        tuple, such as ``strategies``) is read-only when the solver returns it, and stays so
        through a round trip. ``state`` is the instance ``__dict__``, a ``(dict, slots)``
        pair, or the field list that ``dataclass(slots=True)`` pickles.
        """
        if isinstance(state, list):  # dataclass(slots=True): the field values, in order
            import dataclasses

            names = [f.name for f in dataclasses.fields(self)]  # type: ignore[arg-type]
            state = (None, dict(zip(names, state, strict=True)))
        parts = state if isinstance(state, tuple) else (state, None)
        for part in parts:
            for name, value in (part or {}).items():
                object.__setattr__(self, name, _frozen(value))


def _frozen(value: Any) -> Any:
    """``value`` with its arrays (itself, or the items of a tuple) made read-only."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, tuple):
        for v in value:
            if isinstance(v, np.ndarray):
                v.flags.writeable = False
    return value


def frozen_payoffs(values: Sequence[Any], exact: bool) -> NDArray[Any]:
    """``values`` as a read-only payoff vector: ``object`` dtype if ``exact``, else float64."""
    out = np.array(list(values), dtype=object if exact else np.float64)
    out.flags.writeable = False
    return out
