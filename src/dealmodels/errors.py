"""Exceptions and warnings that dealmodels raises on purpose.

Every error also subclasses a built-in exception, so ``except ValueError`` in user code
still catches an invalid parameter, and ``except RuntimeError`` a failed solver.
"""

from __future__ import annotations

__all__ = [
    "ConvergenceError",
    "DealModelsError",
    "DegenerateGameWarning",
    "InvalidGameError",
    "InvalidParameterError",
    "NoEquilibriumError",
    "SolverError",
    "UnsupportedGameError",
]


class DealModelsError(Exception):
    """Base class of every error dealmodels raises on purpose."""


class InvalidParameterError(DealModelsError, ValueError):
    """A parameter is outside its allowed range or of the wrong kind."""


class InvalidGameError(DealModelsError, ValueError):
    """A game's structure is malformed (shapes disagree, payoffs missing, ...)."""


class UnsupportedGameError(DealModelsError, TypeError):
    """The game is valid but outside the scope of the requested solver."""


class SolverError(DealModelsError, RuntimeError):
    """A solver failed, including a result that did not pass verification."""


class NoEquilibriumError(SolverError):
    """A solver that must return exactly one answer found none."""


class ConvergenceError(SolverError):
    """An iterative method did not converge within its budget."""


class DegenerateGameWarning(UserWarning):
    """The game is degenerate; a method may return only part of the equilibrium set."""
