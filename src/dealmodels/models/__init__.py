"""Domain models of developer-AI interactions, one module each (see docs/models).

Every model follows one protocol (:class:`~dealmodels.models._base.Model`): ``.parameters``,
``.solve(disposition=None, **values)`` returning a result with the ``regime`` and a one-line
``explanation``, and ``.cooperation_condition()`` returning a
:class:`~dealmodels.symbolic.Condition`. Values may be numpy arrays; both broadcast.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

_LAZY: dict[str, str] = {
    "Model": "dealmodels.models._base",
    "ModelResult": "dealmodels.models._base",
    "GameModel": "dealmodels.models.declared",
    "ClosedFormModel": "dealmodels.models.declared",
    "Declaration": "dealmodels.models.declared",
    "GameModelResult": "dealmodels.models.declared",
    "FastPathCheck": "dealmodels.models.declared",
    "fast_path": "dealmodels.models.declared",
    "TakeoverDecision": "dealmodels.models.takeover",
    "TakeoverResult": "dealmodels.models.takeover",
    "CommitmentGame": "dealmodels.models.commitment",
    "CommitmentGameResult": "dealmodels.models.commitment",
    "MonitoringGame": "dealmodels.models.monitoring",
    "MonitoringResult": "dealmodels.models.monitoring",
    "UpfrontAuditingResult": "dealmodels.models.monitoring",
    "dresher_value": "dealmodels.models.monitoring",
    "upfront_auditing": "dealmodels.models.monitoring",
    "upfront_auditing_safety": "dealmodels.models.monitoring",
    "RepeatedDeal": "dealmodels.models.repeated_deal",
    "Collusion": "dealmodels.models.collusion",
    "OffSwitch": "dealmodels.models.off_switch",
    "OffSwitchResult": "dealmodels.models.off_switch",
    "PartialAlignment": "dealmodels.models.partial_alignment",
    "PartialAlignmentResult": "dealmodels.models.partial_alignment",
    "PostTakeover": "dealmodels.models.partial_alignment",
    "PostTakeoverResult": "dealmodels.models.partial_alignment",
    "CollusionResult": "dealmodels.models.collusion",
    "RepeatedDealResult": "dealmodels.models.repeated_deal",
    "NegotiatedDeal": "dealmodels.models.negotiation",
    "NegotiationResult": "dealmodels.models.negotiation",
    "AlternatingOffers": "dealmodels.models.alternating",
    "AlternatingOffersResult": "dealmodels.models.alternating",
    "OversightCommitment": "dealmodels.models.oversight",
    "OversightResult": "dealmodels.models.oversight",
    "Environment": "dealmodels.world",
    "World": "dealmodels.world",
    "REGIMES": "dealmodels.models.scenario",
    "Scenario": "dealmodels.models.scenario",
    "ScenarioResult": "dealmodels.models.scenario",
    "SpecComparison": "dealmodels.models.scenario",
    "compare_specs": "dealmodels.models.scenario",
    "ControlProtocol": "dealmodels.models.control",
    "ControlResult": "dealmodels.models.control",
    "RevelationDeal": "dealmodels.models.revelation",
    "RevelationResult": "dealmodels.models.revelation",
}

_USER: dict[str, type[Model]] = {}
"""Model classes added with :func:`register`, by key, in registration order."""

if TYPE_CHECKING:
    from dealmodels.models._base import Model, ModelResult
    from dealmodels.models.alternating import AlternatingOffers, AlternatingOffersResult
    from dealmodels.models.collusion import Collusion, CollusionResult
    from dealmodels.models.commitment import CommitmentGame, CommitmentGameResult
    from dealmodels.models.control import ControlProtocol, ControlResult
    from dealmodels.models.monitoring import (
        MonitoringGame,
        MonitoringResult,
        UpfrontAuditingResult,
        dresher_value,
        upfront_auditing,
        upfront_auditing_safety,
    )
    from dealmodels.models.negotiation import NegotiatedDeal, NegotiationResult
    from dealmodels.models.off_switch import OffSwitch, OffSwitchResult
    from dealmodels.models.oversight import OversightCommitment, OversightResult
    from dealmodels.models.partial_alignment import (
        PartialAlignment,
        PartialAlignmentResult,
        PostTakeover,
        PostTakeoverResult,
    )
    from dealmodels.models.repeated_deal import RepeatedDeal, RepeatedDealResult
    from dealmodels.models.revelation import RevelationDeal, RevelationResult
    from dealmodels.models.scenario import (
        REGIMES,
        Scenario,
        ScenarioResult,
        SpecComparison,
        compare_specs,
    )
    from dealmodels.models.takeover import TakeoverDecision, TakeoverResult
    from dealmodels.world import Environment, World

__all__ = [
    "REGIMES",
    "AlternatingOffers",
    "AlternatingOffersResult",
    "ClosedFormModel",
    "Collusion",
    "CollusionResult",
    "CommitmentGame",
    "CommitmentGameResult",
    "ControlProtocol",
    "ControlResult",
    "Declaration",
    "Environment",
    "FastPathCheck",
    "GameModel",
    "GameModelResult",
    "Model",
    "ModelResult",
    "MonitoringGame",
    "MonitoringResult",
    "NegotiatedDeal",
    "NegotiationResult",
    "OffSwitch",
    "OffSwitchResult",
    "OversightCommitment",
    "OversightResult",
    "PartialAlignment",
    "PartialAlignmentResult",
    "PostTakeover",
    "PostTakeoverResult",
    "RepeatedDeal",
    "RepeatedDealResult",
    "RevelationDeal",
    "RevelationResult",
    "Scenario",
    "ScenarioResult",
    "SpecComparison",
    "TakeoverDecision",
    "TakeoverResult",
    "UpfrontAuditingResult",
    "World",
    "compare_specs",
    "dresher_value",
    "fast_path",
    "model_key",
    "register",
    "registered",
    "registry",
    "unregister",
    "upfront_auditing",
    "upfront_auditing_safety",
]


def model_key(cls: type) -> str:
    """The registry key of a model class: its name in kebab case.

    Examples
    --------
    >>> from dealmodels.models import TakeoverDecision
    >>> model_key(TakeoverDecision)
    'takeover-decision'
    """
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


def _builtin() -> dict[str, type[Model]]:
    import inspect

    from dealmodels.models._base import Model

    out: dict[str, type[Model]] = {}
    for name, module in _LAZY.items():
        obj = getattr(importlib.import_module(module), name)
        if isinstance(obj, type) and issubclass(obj, Model) and not inspect.isabstract(obj):
            out.setdefault(model_key(obj), obj)
    return out


def registry() -> dict[str, type[Model]]:
    """Every concrete model class by :func:`model_key`, in registry order.

    The package's own models first, then those added with :func:`register`. The report, the
    command line and the scenario files read the models from here.

    Examples
    --------
    >>> list(registry())[:2]
    ['takeover-decision', 'commitment-game']
    """
    return {**_builtin(), **_USER}


_M = TypeVar("_M", bound=type)


def register(cls: _M) -> _M:
    """Add a user's :class:`~dealmodels.models.Model` subclass to :func:`registry`.

    Registered under :func:`model_key` (its class name in kebab case), the model is found by
    the command line (``dealmodels models``), scenario files (``[[models]] model = "..."``)
    and :func:`~dealmodels.report.build_report`. Usable as a class decorator; registering
    the same class again does nothing. Undo it with :func:`unregister` or :func:`registered`.

    Parameters
    ----------
    cls : type
        A concrete (not abstract) subclass of :class:`~dealmodels.models.Model`.

    Returns
    -------
    type
        ``cls`` itself.

    Raises
    ------
    InvalidParameterError
        If ``cls`` is not a class, not a Model subclass or abstract, or if its key already
        names a different model class.

    Examples
    --------
    >>> from dealmodels.models import MonitoringGame
    >>> class MyMonitoring(MonitoringGame):
    ...     name = "my monitoring"
    >>> register(MyMonitoring) is MyMonitoring, "my-monitoring" in registry()
    (True, True)
    >>> unregister(MyMonitoring); "my-monitoring" in registry()
    False
    """
    import inspect

    from dealmodels._validation import fail
    from dealmodels.models._base import Model

    if not (isinstance(cls, type) and issubclass(cls, Model)):
        raise fail("cls", "a subclass of dealmodels.models.Model", cls)
    key = model_key(cls)
    if inspect.isabstract(cls):
        missing = ", ".join(sorted(getattr(cls, "__abstractmethods__", ())))
        raise fail(
            "cls", f"a concrete Model subclass (key {key!r}; it does not implement {missing})", cls
        )
    taken = registry().get(key)
    if taken is not None and taken is not cls:
        raise fail(
            "cls",
            f"a class whose key {key!r} is free ({taken.__module__}.{taken.__qualname__} has it)",
            cls,
        )
    _USER[key] = cls
    return cls


def unregister(model: type | str) -> None:
    """Remove a model added with :func:`register` (by class or by key).

    Raises
    ------
    InvalidParameterError
        If it was not added with :func:`register` (the package's own models cannot be removed).
    """
    from dealmodels._validation import fail

    key = model_key(model) if isinstance(model, type) else model
    known = isinstance(key, str) and key in _USER
    if not known or (isinstance(model, type) and _USER[key] is not model):
        raise fail("model", f"a model added with register ({sorted(_USER)})", model)
    del _USER[key]


@contextmanager
def registered(cls: type[Model]) -> Iterator[type[Model]]:
    """Register ``cls`` for the duration of a ``with`` block (for tests), then unregister it.

    A class that was already registered stays registered afterwards.
    """
    before = model_key(cls) in _USER
    register(cls)
    try:
        yield cls
    finally:
        if not before:
            unregister(cls)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dealmodels.models' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
