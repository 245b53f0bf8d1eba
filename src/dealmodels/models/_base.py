"""The protocol every domain model follows, and the shared result base class.

A model declares its :class:`~dealmodels.symbolic.Parameter` objects once. Values for a solve
come from three layers, later ones winning: the parameters' defaults, the fields of a
:class:`~dealmodels.dispositions.Disposition` (for parameters whose ``disposition`` names a
field or derived property, e.g. ``"discount"``), and explicit keyword values. Every value is
validated against its parameter's domain before any work starts; numpy arrays broadcast.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import fail
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter

__all__ = ["Model", "ModelResult"]

Values = dict[str, Any]


@dataclass(frozen=True, kw_only=True, eq=False)
class ModelResult:
    """What every model's ``solve`` returns (models subclass it with their own outputs).

    Attributes
    ----------
    model : str
        The model's name.
    regime : str or ndarray of str
        What happens, e.g. ``"deal"``, ``"takeover attempt"``; an array when inputs were.
    cooperates : bool or ndarray of bool
        Whether the model's cooperation condition holds at these values.
    explanation : str
        One line naming the condition that decided the regime (at the first point when
        inputs were arrays).
    values : dict
        Every parameter value used (defaults, disposition and explicit values merged).
    """

    model: str
    regime: Any
    cooperates: Any
    explanation: str
    values: Mapping[str, Any] = field(repr=False)

    def __str__(self) -> str:
        return f"{self.model}: {self.explanation}"


class Model(ABC):
    """Base class of the domain models (see the module docstring for the value layers).

    Subclasses set ``name`` and ``regimes`` and implement ``_parameter_list``, ``solve`` and
    ``cooperation_condition``.
    """

    name: ClassVar[str] = "model"
    regimes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, disposition: Disposition | None = None) -> None:
        if disposition is not None and not isinstance(disposition, Disposition):
            raise fail("disposition", "a Disposition or None", disposition)
        self._disposition = disposition

    # -- parameters ---------------------------------------------------------------------------
    @classmethod
    @abstractmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        """The model's parameters, in display order."""

    @property
    def parameters(self) -> dict[str, Parameter]:
        """The model's parameters by name (with domains, defaults and descriptions)."""
        return {p.name: p for p in self._parameter_list()}

    @property
    def disposition(self) -> Disposition | None:
        """The disposition given at construction (its fields fill parameter values)."""
        return self._disposition

    def resolve(self, disposition: Disposition | None = None, **values: Any) -> Values:
        """Merge defaults, the disposition's fields and explicit values, and validate them.

        Parameters
        ----------
        disposition : Disposition, optional
            Overrides the one given at construction.
        **values : float or array_like
            Explicit parameter values; arrays broadcast against each other.

        Returns
        -------
        dict
            Parameter name to float or ndarray.

        Raises
        ------
        InvalidParameterError
            For an unknown name, a value outside its parameter's domain, or a parameter that
            has no default and was not given.
        """
        params = self.parameters
        unknown = sorted(set(values) - set(params))
        if unknown:
            raise InvalidParameterError(
                f"{self.name} has no parameter {unknown[0]!r}; its parameters are {sorted(params)}"
            )
        disp = disposition if disposition is not None else self._disposition
        if disp is not None and not isinstance(disp, Disposition):
            raise fail("disposition", "a Disposition or None", disp)
        out: Values = {}
        for name, p in params.items():
            if name in values:
                v = np.asarray(values[name], dtype=float)
                out[name] = float(v) if v.ndim == 0 else v
            elif disp is not None and p.disposition is not None:
                out[name] = float(getattr(disp, p.disposition))
            elif p.default is not None:
                out[name] = p.default
            else:
                raise InvalidParameterError(
                    f"{self.name} needs a value for {name} ({p.description}); it has no default"
                )
            p.validate(out[name])
        return out

    # -- protocol --------------------------------------------------------------------------------
    @abstractmethod
    def solve(self, disposition: Disposition | None = None, **values: Any) -> ModelResult:
        """Solve the model at ``values`` (see :meth:`resolve`)."""

    @abstractmethod
    def cooperation_condition(self) -> Condition:
        """The exact condition under which cooperation holds."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(disposition={self._disposition!r})"


def first(x: Any) -> Any:
    """The first element of an array (or the scalar itself), for one-line explanations."""
    a = np.asarray(x)
    return a.flat[0] if a.ndim else a.item()


def broadcast(values: Values, names: tuple[str, ...] | list[str]) -> tuple[int, ...]:
    """The broadcast shape of the named values."""
    return np.broadcast_shapes(*(np.shape(values[n]) for n in names))


def scalar_or_array(x: NDArray[Any], shape: tuple[int, ...]) -> Any:
    """``x`` as a Python scalar when ``shape == ()``, else an array of ``shape``."""
    arr = np.broadcast_to(np.asarray(x), shape)
    if shape == ():
        return arr.item()
    return np.array(arr)
