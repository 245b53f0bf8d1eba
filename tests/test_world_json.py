"""World.to_json / World.from_json: strict JSON with infinities tagged, identity round trip
(issue 18: ``Environment().as_dict()`` holds inf, which is not strict JSON)."""

from __future__ import annotations

import json
import math
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.io.json import to_json
from dealmodels.world import WORLD_FIELDS, Environment, World


def strict(text: str) -> object:
    """json.loads that refuses the non-standard NaN / Infinity literals."""

    def refuse(name: str) -> object:
        raise ValueError(f"non-standard JSON literal {name}")

    return json.loads(text, parse_constant=refuse)


def test_the_default_world_is_strict_json_and_comes_back_equal() -> None:
    w = Environment()
    assert w.as_dict()["reneging_cost"] == math.inf  # as_dict stays a Python dict
    with pytest.raises(ValueError, match="Out of range float"):
        json.dumps(w.as_dict(), allow_nan=False)
    text = w.to_json()
    doc = strict(text)
    assert doc["value"]["$world"]["reneging_cost"] == {"$float": "inf"}  # type: ignore[index]
    back = World.from_json(text)
    assert type(back) is World
    assert back == w
    assert back.as_dict() == w.as_dict()
    assert World.from_json(text.encode("utf-8")) == w
    assert World.from_json(w.to_json(indent=2)) == w
    assert w.to_json() == to_json(w)  # one encoder: dealmodels.io.json


finite_or_inf = st.one_of(
    st.floats(0.0, 1e300, allow_nan=False), st.just(math.inf), st.just(5e-324)
)


@given(
    p=st.floats(0.0, 1.0, allow_nan=False),
    prize=st.one_of(st.floats(1e-300, 1e300), st.just(math.inf)),
    reneging_cost=finite_or_inf,
    instances=st.integers(1, 10**6),
)
def test_round_trip_is_identity(
    p: float, prize: float, reneging_cost: float, instances: int
) -> None:
    w = World(p=p, prize=prize, reneging_cost=reneging_cost, instances=instances)
    back = World.from_json(w.to_json())
    assert back == w
    for name, value in w.items():  # the same numbers, bit for bit, and the same types
        assert type(back[name]) is type(value)
        assert back[name] == value
    assert pickle.loads(pickle.dumps(back)) == w


def test_every_quantity_is_written() -> None:
    doc = strict(World().to_json())
    assert list(doc["value"]["$world"]) == [f.name for f in WORLD_FIELDS]  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (to_json(Disposition()), "text must be the JSON of a World.*Disposition"),
        ('{"dealmodels": 1, "value": {"$world": {"p": 2}}}', r"p must be in \[0, 1\]"),
        ('{"dealmodels": 1, "value": {"$world": {"prise": 2}}}', "did you mean prize"),
        ('{"dealmodels": 1, "value": {"$world": {"p": Infinity}}}', "strict JSON"),
        ('{"dealmodels": 1, "value": [1, 2]}', "text must be the JSON of a World"),
        ('{"p": 0.3}', "dealmodels JSON document"),
        ("{", "text must be JSON"),
        (b"\xff", "UTF-8"),
    ],
)
def test_from_json_refuses_what_is_not_a_world_by_name(text: str | bytes, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        World.from_json(text)
