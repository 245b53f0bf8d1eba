"""Solvers: one solution concept per module, each returning frozen, verified result objects.

Every result derives from :class:`SolverResult` and shares its core, ``payoffs``, ``method``
and ``residual`` (see :mod:`dealmodels.solvers._result`).
"""

from dealmodels.solvers._result import CORE_FIELDS, SolverResult

__all__ = ["CORE_FIELDS", "SolverResult"]
