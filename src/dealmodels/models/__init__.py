"""Domain models of developer-AI interactions, one module each (see docs/models).

Every model follows one protocol (:class:`~dealmodels.models._base.Model`): ``.parameters``,
``.solve(disposition=None, **values)`` returning a result with the ``regime`` and a one-line
``explanation``, and ``.cooperation_condition()`` returning a
:class:`~dealmodels.symbolic.Condition`. Values may be numpy arrays; both broadcast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY: dict[str, str] = {
    "Model": "dealmodels.models._base",
    "ModelResult": "dealmodels.models._base",
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
    "Collusion",
    "CollusionResult",
    "CommitmentGame",
    "CommitmentGameResult",
    "ControlProtocol",
    "ControlResult",
    "Environment",
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
    "model_key",
    "registry",
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


def registry() -> dict[str, type[Model]]:
    """Every concrete model class of this package by :func:`model_key`, in registry order.

    The report, the command line and the protocol tests read the models from here.

    Examples
    --------
    >>> list(registry())[:2]
    ['takeover-decision', 'commitment-game']
    """
    import inspect

    from dealmodels.models._base import Model

    out: dict[str, type[Model]] = {}
    for name, module in _LAZY.items():
        obj = getattr(importlib.import_module(module), name)
        if isinstance(obj, type) and issubclass(obj, Model) and not inspect.isabstract(obj):
            out.setdefault(model_key(obj), obj)
    return out


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dealmodels.models' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
