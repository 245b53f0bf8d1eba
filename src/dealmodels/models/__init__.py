"""Domain models of developer-AI interactions, one module each (see MODELS.md).

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
    "RepeatedDeal": "dealmodels.models.repeated_deal",
    "RepeatedDealResult": "dealmodels.models.repeated_deal",
    "NegotiatedDeal": "dealmodels.models.negotiation",
    "NegotiationResult": "dealmodels.models.negotiation",
    "AlternatingOffers": "dealmodels.models.alternating",
    "AlternatingOffersResult": "dealmodels.models.alternating",
    "Collusion": "dealmodels.models.collusion",
    "CollusionResult": "dealmodels.models.collusion",
    "OffSwitch": "dealmodels.models.off_switch",
    "OffSwitchResult": "dealmodels.models.off_switch",
    "PartialAlignment": "dealmodels.models.partial_alignment",
    "PartialAlignmentResult": "dealmodels.models.partial_alignment",
    "PostTakeover": "dealmodels.models.partial_alignment",
    "PostTakeoverResult": "dealmodels.models.partial_alignment",
}

if TYPE_CHECKING:
    from dealmodels.models._base import Model, ModelResult
    from dealmodels.models.alternating import AlternatingOffers, AlternatingOffersResult
    from dealmodels.models.collusion import Collusion, CollusionResult
    from dealmodels.models.negotiation import NegotiatedDeal, NegotiationResult
    from dealmodels.models.off_switch import OffSwitch, OffSwitchResult
    from dealmodels.models.partial_alignment import (
        PartialAlignment,
        PartialAlignmentResult,
        PostTakeover,
        PostTakeoverResult,
    )
    from dealmodels.models.repeated_deal import RepeatedDeal, RepeatedDealResult
    from dealmodels.models.takeover import TakeoverDecision, TakeoverResult

__all__ = [
    "AlternatingOffers",
    "AlternatingOffersResult",
    "Collusion",
    "CollusionResult",
    "Model",
    "ModelResult",
    "NegotiatedDeal",
    "NegotiationResult",
    "OffSwitch",
    "OffSwitchResult",
    "PartialAlignment",
    "PartialAlignmentResult",
    "PostTakeover",
    "PostTakeoverResult",
    "RepeatedDeal",
    "RepeatedDealResult",
    "TakeoverDecision",
    "TakeoverResult",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dealmodels.models' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
