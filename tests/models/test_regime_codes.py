"""The regime as integer codes with labels on every result (``regime_code``, ``regime_labels``).

Models give the codes; the string ``regime`` is built from them on first read, so a large
``solve`` does not pay for a string array. A result given only ``regime`` (a user's model)
gets its codes the other way round.
"""

from __future__ import annotations

import dataclasses
import math
import pickle
from typing import Any

import numpy as np
import pytest

from dealmodels.io.json import from_json, to_json
from dealmodels.models import registry
from dealmodels.models._base import ModelResult

MODELS = registry()
# models whose solve gives the codes (the others give strings: codes built on read)
GIVES_CODES = {
    "takeover-decision",
    "commitment-game",
    "monitoring-game",
    "repeated-deal",
    "collusion",
    "off-switch",
    "partial-alignment",
    "post-takeover",
    "negotiated-deal",
    "alternating-offers",
    "oversight-commitment",
}


def _arrays(model: Any, n: int = 400) -> dict[str, Any]:
    """Every real parameter varied over ``n`` random points of (a finite part of) its domain."""
    rng = np.random.default_rng(1)
    out: dict[str, Any] = {}
    for name, p in model.parameters.items():
        if p.integer or p.default is None:
            continue
        lo = p.low if math.isfinite(p.low) else p.default - 2.0
        hi = p.high if math.isfinite(p.high) else lo + max(2.0 * abs(p.default), 1.0)
        if not (math.isfinite(hi - lo) and hi > lo):
            continue
        x = rng.uniform(lo, hi, n)
        if p.low_open:
            x = np.maximum(x, np.nextafter(p.low, np.inf))
        if p.high_open:
            x = np.minimum(x, np.nextafter(p.high, -np.inf))
        try:
            model.solve(**out, **{name: x})
        except ValueError:
            continue
        out[name] = x
    return out


@pytest.mark.parametrize("key", list(MODELS))
def test_scalar_regime_code_and_labels(key: str) -> None:
    cls = MODELS[key]
    r = cls().solve()
    assert isinstance(r.regime, str)
    assert isinstance(r.regime_code, int)
    assert r.regime_labels == tuple(cls.regimes)
    assert r.regime_labels[r.regime_code] == r.regime


@pytest.mark.parametrize("key", list(MODELS))
def test_array_regime_code_and_labels(key: str) -> None:
    cls = MODELS[key]
    m = cls()
    values = _arrays(m)
    assert values, f"{key}: nothing varied"
    r = m.solve(**values)
    if key in GIVES_CODES:
        assert r.__dict__.get("_regime") is None  # no string array built by solve
    code = np.asarray(r.regime_code)
    assert code.dtype == np.int8
    assert code.shape == np.shape(r.regime)
    assert np.all((code >= 0) & (code < len(cls.regimes)))
    assert r.regime_labels == tuple(cls.regimes)
    assert np.array_equal(np.asarray(cls.regimes)[code], np.asarray(r.regime))
    # one point at a time gives the same regime
    for i in (0, len(code) // 2, len(code) - 1):
        one = m.solve(**{k: float(v[i]) for k, v in values.items()})
        assert (one.regime, one.regime_code) == (r.regime[i], int(code[i]))


def test_result_given_only_strings_gets_codes() -> None:
    r = ModelResult(
        model="my model",
        regime=np.array(["b", "a", "b"]),
        cooperates=np.array([True, False, True]),
        explanation="",
        values={},
    )
    assert r.regime_labels == ("a", "b")
    assert r.regime_code.tolist() == [1, 0, 1]
    assert r.regime_code.dtype == np.int8
    scalar = ModelResult(model="m", regime="x", cooperates=True, explanation="", values={})
    assert (scalar.regime_code, scalar.regime_labels) == (0, ("x",))


def test_result_given_only_codes_gets_strings() -> None:
    r = ModelResult(
        model="my model",
        regime_code=np.array([2, 0, -1], dtype=np.int8),
        regime_labels=["p", "q", "r"],
        cooperates=np.array([True, False, True]),
        explanation="",
        values={},
    )
    assert r.regime_labels == ("p", "q", "r")
    assert r.regime.tolist() == ["r", "p", ""]  # -1: not among the labels
    s = ModelResult(
        model="m", regime_code=1, regime_labels=("p", "q"), cooperates=1, explanation="",
        values={},
    )  # fmt: skip
    assert s.regime == "q"


def test_labels_come_from_the_registered_model_of_that_name() -> None:
    cls = MODELS["takeover-decision"]
    r = ModelResult(model=cls.name, regime="deal", cooperates=True, explanation="", values={})
    assert r.regime_labels == cls.regimes
    assert r.regime_code == cls.regimes.index("deal")


def test_result_needs_a_regime() -> None:
    with pytest.raises(TypeError, match="regime"):
        ModelResult(model="m", cooperates=True, explanation="", values={})
    r = ModelResult(model="m", regime_code=0, cooperates=True, explanation="", values={})
    with pytest.raises(AttributeError, match="regime_labels"):
        _ = r.regime


def test_frozen_pickle_replace_and_json() -> None:
    m = MODELS["takeover-decision"]()
    r = m.solve(p=np.linspace(0.0, 1.0, 5))
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.regime = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.regime_code = 0  # type: ignore[misc]
    for copy in (pickle.loads(pickle.dumps(r)), dataclasses.replace(r), from_json(to_json(r))):
        assert np.array_equal(copy.regime, r.regime)
        assert np.array_equal(copy.regime_code, r.regime_code)
        assert copy.regime_labels == r.regime_labels
    assert "regime=array(" in repr(r)
