"""Disposition mappings give one value per AI: array fields of one shape, scalars shared."""

from __future__ import annotations

import numpy as np
import pytest

from dealmodels.errors import InvalidParameterError
from dealmodels.models import Scenario, TakeoverDecision


@pytest.mark.parametrize(
    "fields",
    [
        {"trust": [0.1], "myopia": [0.2, 0.3]},  # numpy would broadcast these silently
        {"trust": [0.1, 0.2, 0.3], "myopia": [0.2, 0.3]},
        {"trust": [[0.1], [0.2]], "myopia": [0.2, 0.3]},
    ],
)
def test_fields_of_different_shapes_are_refused_by_name(fields: dict) -> None:
    for model in (Scenario(), TakeoverDecision()):
        with pytest.raises(
            InvalidParameterError,
            match=r"disposition must be fields of one common shape.*'myopia': \(2,\)",
        ):
            model.solve(fields)


def test_scalars_are_shared_and_equal_shapes_pass() -> None:
    r = Scenario().solve({"trust": [0.1, 0.9], "myopia": 0.2, "salience": [1.0, 1.0]})
    assert np.shape(r.regime_code) == (2,)
    one = [Scenario().solve({"trust": t, "myopia": 0.2}).regime for t in (0.1, 0.9)]
    assert list(r.regime) == one
