"""One vocabulary across the models: current names, and the deprecated names that still work.

Result attributes renamed to the shared vocabulary (``ai_value``, ``developer_value``,
``deal_exists``) keep their old names as :class:`~dealmodels.models._base.deprecated_alias`
properties that warn; parameters renamed (``discount_developer`` -> ``developer_discount``, ...)
are mapped by :meth:`Model.resolve` with a warning.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Any

import numpy as np
import pytest

from dealmodels.errors import InvalidParameterError
from dealmodels.models import registry
from dealmodels.models._base import ModelResult, deprecated_alias

# names the shared vocabulary replaced; none may be a parameter or a result field of any model
RETIRED = {
    "deal_possible": "deal_exists",
    "ai_payoff": "ai_value",
    "developer_payoff": "developer_value",
    "discount_developer": "developer_discount",
}

MODELS = registry()


def _result(key: str) -> ModelResult:
    return MODELS[key]().solve()


RESULT_ALIASES = [
    (key, old, new)
    for key, cls in MODELS.items()
    for old, new in type(_result(key)).renamed().items()
]
PARAMETER_ALIASES = [
    (key, old, new) for key, cls in MODELS.items() for old, new in cls.aliases.items()
]
PARAMETER_ALIASES_KEYS = {(k, old) for k, old, _ in PARAMETER_ALIASES}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return bool(a == b)
    return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))


def test_the_renamed_result_attributes_are_found() -> None:
    found = {(k, old) for k, old, _ in RESULT_ALIASES}
    for key in ("commitment-game", "negotiated-deal", "alternating-offers"):
        assert (key, "ai_payoff") in found
        assert (key, "developer_payoff") in found
    assert ("negotiated-deal", "budget") in found
    for key in ("takeover-decision", "partial-alignment", "repeated-deal"):
        assert (key, "deal_possible") in found
    assert ("alternating-offers", "discount_developer") in PARAMETER_ALIASES_KEYS


@pytest.mark.parametrize(("key", "old", "new"), RESULT_ALIASES)
def test_result_alias_warns_and_reads_the_new_attribute(key: str, old: str, new: str) -> None:
    r = _result(key)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        current = getattr(r, new)  # the new name: no warning
    with pytest.warns(DeprecationWarning, match=rf"{old} is deprecated; use '{new}'") as rec:
        legacy = getattr(r, old)
    assert _same(legacy, current)
    assert rec[0].filename == __file__  # attributed to the caller's line
    assert new in {f.name for f in dataclasses.fields(r)}
    assert old not in {f.name for f in dataclasses.fields(r)}


@pytest.mark.parametrize(("key", "old", "new"), RESULT_ALIASES)
def test_result_alias_is_read_only(key: str, old: str, new: str) -> None:
    r = _result(key)
    with pytest.raises(AttributeError):
        setattr(r, old, 1.0)


def test_result_alias_on_arrays() -> None:
    m = MODELS["negotiated-deal"]()
    r = m.solve(p=np.array([0.1, 0.5, 0.9]))
    with pytest.warns(DeprecationWarning, match="ai_payoff"):
        assert np.array_equal(r.ai_payoff, r.ai_value)
    with pytest.warns(DeprecationWarning, match="developer_payoff"):
        assert np.array_equal(r.developer_payoff, r.developer_value)
    assert np.shape(r.ai_value) == (3,)


def test_renamed_collects_inherited_aliases() -> None:
    @dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
    class Parent(ModelResult):
        value_a: Any
        old_a = deprecated_alias("value_a")

    @dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
    class Child(Parent):
        value_b: Any
        old_b = deprecated_alias("value_b")

    assert Child.renamed() == {"old_a": "value_a", "old_b": "value_b"}
    assert Parent.renamed() == {"old_a": "value_a"}
    assert ModelResult.renamed() == {}
    assert "value_b" in (Child.old_b.__doc__ or "")


def _other_value(p: Any) -> float:
    """A value inside ``p``'s domain that is not its default."""
    lo, hi, d = p.low, p.high, p.default
    cands = [d * 0.5, d + 0.5, (lo + hi) / 2 if math.isfinite(lo + hi) else lo + 1.0]
    for v in cands:
        if p.integer:
            v = float(round(v))
        try:
            p.validate(v)
        except InvalidParameterError:
            continue
        if v != d:
            return float(v)
    raise AssertionError(f"no second value for {p.name}")


@pytest.mark.parametrize(("key", "old", "new"), PARAMETER_ALIASES)
def test_parameter_alias_warns_and_sets_the_new_parameter(key: str, old: str, new: str) -> None:
    m = MODELS[key]()
    v = _other_value(m.parameters[new])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        current = m.solve(**{new: v})  # the new name: no warning
    with pytest.warns(DeprecationWarning, match=rf"{old!r} is deprecated; use {new!r}"):
        legacy = m.solve(**{old: v})
    assert legacy.values[new] == current.values[new] == v
    assert _same(legacy.regime, current.regime)
    assert legacy.explanation == current.explanation
    assert old not in m.parameters
    both = pytest.raises(InvalidParameterError, match="not both")
    with both, pytest.warns(DeprecationWarning, match=old):
        m.solve(**{old: v, new: v})


@pytest.mark.parametrize("key", list(MODELS))
def test_no_model_uses_a_retired_name(key: str) -> None:
    m = MODELS[key]()
    fields = {f.name for f in dataclasses.fields(m.solve())}
    for old, new in RETIRED.items():
        assert old not in m.parameters, f"{key}: parameter {old} (now {new})"
        assert old not in fields, f"{key}: result field {old} (now {new})"


def test_corrigibility_is_the_disposition_and_corrigibility_cost_the_cost() -> None:
    # one name, one meaning: `corrigibility` is only ever the Disposition field; the utility
    # cost K_c = k_c kappa_c that four models subtract is `corrigibility_cost`, whose old name
    # `corrigibility` is a deprecated alias in each of them (and in PartialAlignment, which
    # reads M1's parameters)
    cost_models = set()
    for key, cls in MODELS.items():
        params = cls().parameters
        if "corrigibility" in params:
            assert params["corrigibility"].disposition == "corrigibility", key
        for name, p in params.items():
            if p.disposition == "corrigibility_cost":
                assert name == "corrigibility_cost", key
                assert cls.aliases.get("corrigibility") == "corrigibility_cost", key
                cost_models.add(key)
    assert cost_models == {
        "takeover-decision", "negotiated-deal", "alternating-offers", "off-switch",
        "partial-alignment",
    }  # fmt: skip


def test_the_corrigibility_cost_reads_weight_times_corrigibility() -> None:
    from dealmodels.dispositions import Disposition
    from dealmodels.world import World

    for key in (
        "takeover-decision", "negotiated-deal", "alternating-offers", "off-switch",
        "partial-alignment",
    ):  # fmt: skip
        m = MODELS[key]()
        v = m.resolve(Disposition(corrigibility=0.5), world=World(corrigibility_weight=3.0))
        assert v["corrigibility_cost"] == 1.5, key
        with pytest.warns(DeprecationWarning, match="'corrigibility' is deprecated"):
            old = m.resolve(corrigibility=0.25)
        assert old["corrigibility_cost"] == 0.25, key
