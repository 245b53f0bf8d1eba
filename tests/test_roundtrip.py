"""Every public value object and result survives a pickle and a JSON round trip unchanged.

``same`` compares two objects field by field (types, array dtypes and values, dict keys),
so a round trip that loses a field, changes a number type or turns a tuple into a list
fails, also for classes whose ``==`` is identity.
"""

from __future__ import annotations

import dataclasses
import math
import pickle
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.analysis.spec_value import spec_value
from dealmodels.games.extensive_form import chance, decision
from dealmodels.io.json import from_json, to_json
from dealmodels.models._base import Model
from dealmodels.report import available_models, model_options
from dealmodels.strategies import normal_form_games
from dealmodels.world import World


def same(a: Any, b: Any, path: str = "") -> None:
    """Assert that ``a`` and ``b`` are equal in type and in every field (recursively)."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype, f"{path}: {a.dtype} != {b.dtype}"
        assert a.shape == b.shape, f"{path}: {a.shape} != {b.shape}"
        if a.dtype == object:
            for i, (x, y) in enumerate(zip(a.flat, b.flat, strict=True)):
                same(x, y, f"{path}[{i}]")
        else:
            assert np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"), path
        return
    if isinstance(a, float):
        assert (math.isnan(a) and math.isnan(b)) or (a == b and repr(a) == repr(b)), path
        return
    if isinstance(a, str | int | bool | Fraction | type(None) | np.generic):
        assert a == b, f"{path}: {a!r} != {b!r}"
        return
    if isinstance(a, Mapping):
        assert list(a) == list(b), f"{path}: keys {list(a)} != {list(b)}"
        for k in a:
            same(a[k], b[k], f"{path}[{k!r}]")
        return
    if isinstance(a, list | tuple):
        assert len(a) == len(b), f"{path}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
        return
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            if f.init:  # derived fields follow from these
                same(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
        return
    if isinstance(a, dm.NormalFormGame | dm.GameTree):
        assert a == b, path
        assert a.kind == b.kind, path
        assert a.players == b.players, path
        return
    if isinstance(a, Model):
        same(a.disposition, b.disposition, f"{path}.disposition")
        for k in model_options(type(a)):
            same(getattr(a, k), getattr(b, k), f"{path}.{k}")
        return
    if isinstance(a, dm.Condition):
        assert str(a) == str(b), path
        return
    slots = [s for c in type(a).__mro__ for s in getattr(c, "__slots__", ())]
    state = slots or list(vars(a))
    assert state, f"{path}: do not know how to compare {type(a).__name__}"
    for s in state:
        if s != "_index":  # derived lookups, rebuilt on demand
            same(getattr(a, s), getattr(b, s), f"{path}.{s}")


def _pd() -> dm.NormalFormGame:
    return dm.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def _tree() -> dm.GameTree:
    return dm.GameTree.build(
        ["A", "B"],
        decision(
            "A",
            {
                "x": (1, 2),
                "y": chance(
                    {
                        "h": (Fraction(1, 3), (0, 0)),
                        "t": (Fraction(2, 3), decision("B", {"l": (0, -1), "r": (3, 1)})),
                    }
                ),
            },
        ),
    )


def _spec() -> dm.Spec:
    return dm.Spec(
        target=dm.Disposition(myopia=0.5, promise_keeping=1.0),
        features={"myopia": dm.DispositionFeatures(earliness=1.0, frequency=1.0)},
        name="a spec",
    )


# one factory per public value object and result (a fresh object each call)
SAMPLES: dict[str, Callable[[], Any]] = {
    "exact game": _pd,
    "float game": lambda: dm.NormalFormGame.from_bimatrix(
        [[3.5, 0.0], [1e300, -1e-300]], [[0.1, 5.0], [0.0, 1.0]], players=("a\\", 'b"')
    ),
    "three-player game": lambda: dm.NormalFormGame(
        [np.arange(8).reshape(2, 2, 2), np.ones((2, 2, 2), int), -np.arange(8).reshape(2, 2, 2)]
    ),
    "game tree": _tree,
    "float game tree": lambda: dm.GameTree.build(
        ["A"],
        decision("A", {"x": (0.5,), "y": chance({"h": (0.25, (1.0,)), "t": (0.75, (2.5,))})}),
    ),
    "bargaining problem": lambda: dm.BargainingProblem.from_points([(0, 1), (1, 0), (0.4, 0.4)]),
    "repeated game": lambda: dm.RepeatedGame(_pd(), 0.9),
    "equilibria": lambda: dm.nash_equilibria(_pd()),
    "subgame perfect": lambda: dm.subgame_perfect(_tree()),
    "nash bargaining": lambda: dm.nash_bargaining(
        dm.BargainingProblem.from_points([(0, 1), (1, 0)])
    ),
    "rubinstein": lambda: dm.rubinstein(0.9, 0.8),
    "stackelberg": lambda: dm.stackelberg(_pd()),
    "correlated": lambda: dm.correlated_equilibrium(_pd()),
    "elimination": lambda: dm.iterated_elimination(_pd()),
    "feasible payoffs": lambda: dm.feasible_payoffs(_pd()),
    "trigger": lambda: dm.grim_trigger(dm.RepeatedGame(_pd(), 0.9), (0, 0)),
    "disposition": lambda: dm.Disposition(myopia=0.25, trust=1.0),
    "utility": dm.Utility,
    "persistence model": dm.PersistenceModel,
    "spec": _spec,
    "spec sample": lambda: _spec().sample(5, seed=0),
    "environment": dm.Environment,
    "world": lambda: World(p=0.3, reneging_cost=math.inf, needed=2),
    "spec value": lambda: spec_value(
        _spec(), world=World(), priors={}, n=200, seed=1, attribution=False, robustness=4
    ),
    "scenario": lambda: dm.Scenario(dm.Disposition.deal_ready()),
    "scenario result": lambda: dm.Scenario(dm.Disposition.deal_ready()).solve(),
    "spec comparison": lambda: dm.compare_specs(
        _spec(), dm.Spec(target=dm.Disposition(trust=0.9)), n=50, seed=0
    ),
}
for _key, _cls in available_models().items():
    SAMPLES[f"model {_key}"] = _cls
    SAMPLES[f"result {_key}"] = lambda cls=_cls: cls().solve()


@pytest.mark.parametrize("name", list(SAMPLES))
def test_pickle_round_trip_is_identity(name: str) -> None:
    obj = SAMPLES[name]()
    same(pickle.loads(pickle.dumps(obj)), obj)


def test_same_sees_differences() -> None:
    with pytest.raises(AssertionError):
        same(dm.Disposition(myopia=0.25), dm.Disposition(myopia=0.5))
    with pytest.raises(AssertionError):
        same((1, 2), [1, 2])
    with pytest.raises(AssertionError):
        same(np.zeros(2), np.zeros(2, dtype=np.float32))
    with pytest.raises(AssertionError):
        same(0.0, -0.0)


@given(normal_form_games(max_players=3, max_actions=3))
def test_pickle_round_trip_of_any_game(game: dm.NormalFormGame) -> None:
    same(pickle.loads(pickle.dumps(game)), game)


@given(
    st.builds(
        dm.Disposition,
        myopia=st.floats(0, 1),
        trust=st.floats(0, 1),
        risk_aversion=st.floats(0, 1e300),
    )
)
def test_pickle_round_trip_of_any_disposition(d: dm.Disposition) -> None:
    same(pickle.loads(pickle.dumps(d)), d)


# -- JSON ----------------------------------------------------------------------------------------
def _strict_loads(text: str) -> Any:
    import json

    def refuse(name: str) -> Any:
        raise AssertionError(f"non-standard JSON literal {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_json_round_trip_is_identity(name: str) -> None:
    obj = SAMPLES[name]()
    text = to_json(obj)
    _strict_loads(text)
    same(from_json(text), obj)
    assert to_json(from_json(text)) == text


@given(normal_form_games(max_players=3, max_actions=3).filter(lambda g: g.kind != "symbolic"))
def test_json_round_trip_of_any_game(game: dm.NormalFormGame) -> None:
    same(from_json(to_json(game)), game)


_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.fractions(),
    st.sampled_from([0.0, -0.0, 1e-300, 1e300, 5e-324, math.inf, -math.inf]),
)
_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.text(max_size=5), _numbers),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=3), inner, max_size=3),
        st.dictionaries(st.integers(-3, 3), inner, max_size=2),
    ),
    max_leaves=10,
)


@given(_values)
def test_json_round_trip_of_any_value(value: Any) -> None:
    text = to_json(value)
    _strict_loads(text)
    same(from_json(text), value)


@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=6),
    st.sampled_from([np.float64, np.float32, np.int64, np.int8, np.bool_, object]),
)
def test_json_round_trip_of_any_array(values: list[float], dtype: Any) -> None:
    if dtype in (np.int64, np.int8, np.bool_):
        values = [int(v) % 100 if math.isfinite(v) else 0 for v in values]
    with np.errstate(over="ignore"):  # float32 of 1e300 is inf: fine, inf round-trips too
        arr = np.array(values, dtype=dtype).reshape(len(values), 1)
    same(from_json(to_json(arr)), arr)


@given(
    st.builds(
        dm.Disposition,
        myopia=st.floats(0, 1),
        trust=st.floats(0, 1),
        risk_aversion=st.floats(0, 1e300),
        corrigibility=st.sampled_from([0.0, 1e-300, 0.5, 1.0]),
    )
)
def test_json_round_trip_of_any_disposition(d: dm.Disposition) -> None:
    same(from_json(to_json(d)), d)


def test_json_infinity_is_explicit() -> None:
    text = to_json(dm.Environment())
    assert "Infinity" not in text
    assert '{"$float": "inf"}' in text


@pytest.mark.parametrize(
    ("obj", "match"),
    [
        (lambda: dm.NormalFormGame.from_bimatrix([[__import__("sympy").Symbol("w")]]), "symbolic"),
        (lambda: {"f": print}, r"obj\['f'\] has no JSON form"),
        (lambda: [object()], r"obj\[0\] has no JSON form"),
        (lambda: available_models()["off-switch"]().cooperation_condition(), "no JSON form"),
        (lambda: np.array([1j]), "array of numbers"),
    ],
)
def test_to_json_refuses_what_has_no_json_form(obj: Callable[[], Any], match: str) -> None:
    with pytest.raises(dm.InvalidParameterError, match=match):
        to_json(obj())


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("{", "must be JSON"),
        ('{"dealmodels": 1, "value": NaN}', "strict JSON"),
        ('{"dealmodels": 1, "value": Infinity}', "strict JSON"),
        ("[1, 2]", "dealmodels JSON document"),
        ('{"dealmodels": 2, "value": 1}', "format version 1"),
        ('{"dealmodels": 1, "value": {"$float": "big"}}', "'inf', '-inf' or 'nan'"),
        ('{"dealmodels": 1, "value": {"$what": 1}}', "known tag"),
        ('{"dealmodels": 1, "value": {"$type": "os:system", "fields": {}}}', "dealmodels"),
        (
            '{"dealmodels": 1, "value": {"$type": "dealmodels.io.json:to_json", "fields": {}}}',
            "value object or result class",
        ),
        (
            '{"dealmodels": 1, "value": {"$type": "dealmodels.dispositions:Disposition", '
            '"fields": {"myopia": 2.0}}}',
            r"myopia must be in \[0, 1\]",
        ),
        (
            '{"dealmodels": 1, "value": {"$type": "dealmodels.dispositions:Disposition", '
            '"fields": {"colour": 1}}}',
            "fields of Disposition",
        ),
        ('{"dealmodels": 1, "value": {"$model": "Nope", "disposition": null}}', "one of"),
        (
            '{"dealmodels": 1, "value": {"$array": "<f8", "shape": [3], "data": [1]}}',
            "3 values for shape",
        ),
        ('{"dealmodels": 1, "value": {"$fraction": "1/0"}}', r"malformed \$fraction"),
        (b"\xff", "UTF-8"),
        (3, "JSON text"),
    ],
)
def test_from_json_bad_input(text: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match) as info:
        from_json(text)
    assert isinstance(info.value, dm.DealModelsError)
