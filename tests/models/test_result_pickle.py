"""Model results keep their arrays' read-only flags through pickle and copy."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import numpy as np
import pytest

from dealmodels.models import Scenario, registry


def _flags(x: Any, at: str = "") -> dict[str, bool]:
    """Every array in ``x`` (through dataclass fields, tuples, lists, dicts) -> writeable."""
    out: dict[str, bool] = {}
    if isinstance(x, np.ndarray):
        out[at] = bool(x.flags.writeable)
    elif isinstance(x, tuple | list):
        for i, y in enumerate(x):
            out |= _flags(y, f"{at}[{i}]")
    elif isinstance(x, dict):
        for k, y in x.items():
            out |= _flags(y, f"{at}[{k!r}]")
    elif hasattr(x, "__dict__") and not isinstance(x, type):
        for k, y in vars(x).items():
            out |= _flags(y, f"{at}.{k}")
    return out


ROUND_TRIPS = {
    "pickle": lambda r: pickle.loads(pickle.dumps(r)),
    "deepcopy": copy.deepcopy,
    "copy": copy.copy,
}


@pytest.mark.parametrize("trip", list(ROUND_TRIPS))
@pytest.mark.parametrize("key", sorted(registry()))
def test_read_only_flags_survive(key: str, trip: str) -> None:
    model = registry()[key]()
    first = next(iter(model.parameters.values()))
    low = first.bounds[0]
    point = first.default if first.default is not None else low
    values = np.array([point, point])  # arrays in, so the result holds arrays
    try:
        r = model.solve(**{first.name: values})
    except Exception as e:
        pytest.skip(f"{key}: {e}")
    before = _flags(r)
    back = ROUND_TRIPS[trip](r)
    assert _flags(back) == before
    assert "__read_only__" not in vars(back)


def test_scenario_result_read_only_arrays_come_back_read_only() -> None:
    r = Scenario().solve({"trust": [0.1, 0.9]})
    frozen = {k for k, w in _flags(r).items() if not w}
    assert frozen  # the broadcast views the scenario returns are read-only
    back = pickle.loads(pickle.dumps(r))
    assert {k for k, w in _flags(back).items() if not w} == frozen
