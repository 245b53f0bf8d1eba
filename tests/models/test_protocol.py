"""Every model follows the model protocol (docs/models): one parametrized check per model."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import Model, ModelResult
from dealmodels.models._base import DERIVED_DISPOSITIONS, disposition_arrays
from dealmodels.report import available_models
from dealmodels.strategies import dispositions, parameter_values
from dealmodels.symbolic import Condition, Parameter
from dealmodels.world import World

MODELS = available_models()
DERIVED = set(DERIVED_DISPOSITIONS)


@pytest.fixture(params=sorted(MODELS), name="model")
def model_fixture(request: pytest.FixtureRequest) -> Model:
    return MODELS[request.param]()


def test_every_model_is_registered() -> None:
    names = {cls.__name__ for cls in MODELS.values()}
    assert {
        "TakeoverDecision",
        "NegotiatedDeal",
        "AlternatingOffers",
        "CommitmentGame",
        "MonitoringGame",
        "RepeatedDeal",
        "Collusion",
        "PartialAlignment",
        "PostTakeover",
        "OffSwitch",
    } <= names


def test_parameters_are_documented(model: Model) -> None:
    params = model.parameters
    assert params
    for name, p in params.items():
        assert isinstance(p, Parameter)
        assert p.name == name
        assert p.description, name
        assert p.default is not None, f"{name} has no default"
        if p.disposition is not None:
            assert p.disposition in set(DISPOSITION_FIELDS) | DERIVED, p.disposition


def test_solve_at_defaults(model: Model) -> None:
    r = model.solve()
    assert isinstance(r, ModelResult)
    assert r.regime in model.regimes
    assert isinstance(r.cooperates, bool)
    assert r.explanation
    assert set(r.values) == set(model.parameters)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.regime = "changed"  # type: ignore[misc]


def test_condition_agrees_with_solve_at_defaults_and_presets(model: Model) -> None:
    cond = model.cooperation_condition()
    assert isinstance(cond, Condition)
    assert set(cond.parameters) <= set(model.parameters)
    assert cond.latex()
    for disposition in [None, *Disposition.presets().values()]:
        try:
            v = model.resolve(disposition)
        except InvalidParameterError as e:
            # a model may accept a narrower range than the disposition (AlternatingOffers:
            # risk_aversion < 1); the error must name that disposition-fed parameter
            fed = [n for n, p in model.parameters.items() if p.disposition is not None]
            assert any(str(e).startswith(f"{n} must be") for n in fed), e  # noqa: PT017
            continue
        r = model.solve(disposition)
        used = {k: x for k, x in v.items() if k in cond.parameters}
        assert cond.holds(**used) == r.cooperates, disposition


def test_disposition_fields_flow_into_values(model: Model) -> None:
    d = Disposition.spec_stuck()
    if any(p.disposition == "risk_aversion" and p.high <= 1 for p in model.parameters.values()):
        d = dataclasses.replace(d, risk_aversion=0.5)
    v = model.resolve(d)
    fields, _ = disposition_arrays(d)
    world = World()
    for name, p in model.parameters.items():
        if p.disposition in DERIVED_DISPOSITIONS:
            expected = DERIVED_DISPOSITIONS[p.disposition](fields, world)
            assert v[name] == pytest.approx(expected), name
        elif p.disposition is not None:
            assert v[name] == pytest.approx(getattr(d, p.disposition)), name


def test_world_fills_values_and_explicit_values_win(model: Model) -> None:
    from dealmodels.world import WORLD_NAMES, world_field

    params = model.parameters
    names = [n for n in params if n in WORLD_NAMES and params[n].disposition is None]
    if not names:
        return
    changed = {}
    for n in names:
        f = world_field(n)
        if f.integer or not (np.isfinite(f.low) and np.isfinite(f.high)) or f.high == f.low:
            continue
        changed[n] = (
            f.low + 0.25 * (f.high - f.low) if not f.low_open else f.low + 0.5 * (f.high - f.low)
        )
    if not changed:
        return
    try:
        world = World(**changed)
        v = model.resolve(world=world)
    except InvalidParameterError:
        return  # a cross-parameter check of the model refuses this combination
    for n, x in changed.items():
        assert v[n] == x, n
    first_name = next(iter(changed))
    explicit = model.resolve(world=world, **{first_name: params[first_name].default})
    assert explicit[first_name] == params[first_name].default
    # the world given at construction is used when none is given per call
    assert model.resolve(world=world) == type(model)(world=world).resolve()


def test_arrays_broadcast_like_points(model: Model) -> None:
    # vary every bounded parameter over a small grid inside its domain; solve at once and
    # point by point
    params = model.parameters
    bounded = [n for n, p in params.items() if np.isfinite(p.high) and p.high > p.low]
    name = bounded[0] if bounded else next(iter(params))
    p = params[name]
    if bounded:
        grid = np.linspace(p.low, p.high, 7)[1:-1]
    else:
        grid = float(p.default or 0.0) + np.array([0.0, 0.5, 1.0, 2.0])
    batch = model.solve(**{name: grid})
    assert np.shape(batch.regime) == grid.shape
    for i, x in enumerate(grid):
        single = model.solve(**{name: float(x)})
        assert batch.regime[i] == single.regime
        assert bool(batch.cooperates[i]) == single.cooperates


def test_unknown_and_out_of_domain_values_are_refused(model: Model) -> None:
    with pytest.raises(InvalidParameterError, match="no_such_parameter"):
        model.solve(no_such_parameter=1.0)
    params = model.parameters
    above = [(n, p.high + 1.0) for n, p in params.items() if np.isfinite(p.high)]
    below = [(n, p.low - 1.0) for n, p in params.items() if np.isfinite(p.low)]
    name, bad = (above or below)[0]
    with pytest.raises(InvalidParameterError, match=name):
        model.solve(**{name: bad})


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("key", sorted(MODELS))
@given(data=st.data())
def test_solve_accepts_every_point_of_the_domains(key: str, data: st.DataObject) -> None:
    # any values drawn from the parameters' domains (and accepted by the model's own
    # cross-parameter checks) solve to a known regime with finite or infinite outputs, never
    # NaN, and without numpy warnings (overflow, division by zero) reaching the user
    model = MODELS[key]()
    values = data.draw(parameter_values(model))
    r = model.solve(**values)
    assert r.regime in model.regimes
    assert isinstance(r.cooperates, bool)
    for f in dataclasses.fields(r):
        x = getattr(r, f.name)
        if isinstance(x, float):
            assert not np.isnan(x), f.name


@pytest.mark.parametrize("key", sorted(MODELS))
@given(d=dispositions())
def test_every_disposition_is_accepted(key: str, d: Disposition) -> None:
    model = MODELS[key]()
    try:
        r = model.solve(d)
    except InvalidParameterError as e:
        fed = [n for n, p in model.parameters.items() if p.disposition is not None]
        assert any(str(e).startswith(f"{n} must be") for n in fed), e  # noqa: PT017
        return
    assert r.regime in model.regimes
