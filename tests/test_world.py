"""Tests for the World: one vocabulary, one table of defaults, validation, round trips."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models._base import DERIVED_DISPOSITIONS
from dealmodels.report import available_models
from dealmodels.world import WORLD_FIELDS, WORLD_NAMES, World, default_priors, world_field

MODELS = available_models()


def test_table_rows_are_complete_and_sourced() -> None:
    names = [f.name for f in WORLD_FIELDS]
    assert len(names) == len(set(names))
    for f in WORLD_FIELDS:
        assert f.description
        assert f.source
        assert f.latex
        assert f.low <= f.default <= f.high
        assert f.assumption == (f.source == "assumption")
    assert world_field("detection").source.startswith("assumption (Greenblatt")
    assert not world_field("bargaining_power").assumption


@pytest.mark.parametrize("key", sorted(MODELS))
def test_every_model_reads_world_quantities_from_the_one_table(key: str) -> None:
    # a name means the same quantity, with the table's description and default, everywhere
    model = MODELS[key]()
    for name, p in model.parameters.items():
        if p.disposition is not None:
            continue
        assert name in WORLD_NAMES, f"{key}: {name} is not a world quantity"
        f = world_field(name)
        assert p.default == f.default, (key, name)
        assert p.description.startswith(f.description), (key, name)


@pytest.mark.parametrize("key", sorted(MODELS))
def test_disposition_parameters_default_to_no_spec(key: str) -> None:
    model = MODELS[key]()
    misaligned = Disposition.misaligned()
    for name, p in model.parameters.items():
        if p.disposition in DERIVED_DISPOSITIONS:
            fields = {f: getattr(misaligned, f) for f in misaligned.as_dict() if f != "discount"}
            expected = DERIVED_DISPOSITIONS[p.disposition](fields, World())
            assert p.default == pytest.approx(expected), name
        elif p.disposition is not None:
            assert p.default == getattr(misaligned, p.disposition), name


@pytest.mark.parametrize(
    ("cls", "options"),
    [
        (dm.models.TakeoverDecision, {"utility": u})
        for u in ("linear", "cara", "crra", "crra_normalised")
    ]
    + [
        (dm.models.NegotiatedDeal, {"utility": u, "solution": s})
        for u in ("linear", "cara", "crra", "crra_normalised")
        for s in ("nash", "kalai_smorodinsky")
    ]
    + [
        (dm.models.AlternatingOffers, {"first_proposer": "ai"}),
        (dm.models.CommitmentGame, {"payment": "upfront"}),
        (dm.models.PostTakeover, {"utility": "linear"}),
        (dm.models.OffSwitch, {"samples": [-1.0, 0.5, 2.0]}),
    ],
)
def test_no_spec_is_valid_input_to_every_model_and_option(cls: type, options: dict) -> None:
    r = cls(Disposition.misaligned(), **options).solve()
    assert r.regime in cls.regimes


def test_cara_risk_neutral_limit() -> None:
    # risk_aversion = 0 is the risk-neutral limit of CARA, not an error
    lin = dm.models.TakeoverDecision().solve(risk_aversion=0.0, prize=5.0, loss=0.5)
    cara = dm.models.TakeoverDecision(utility="cara")
    assert cara.solve(risk_aversion=0.0, prize=5.0, loss=0.5).minimum_payment == pytest.approx(
        lin.minimum_payment
    )
    near = cara.solve(risk_aversion=1e-9, prize=5.0, loss=0.5).minimum_payment
    assert near == pytest.approx(lin.minimum_payment, rel=1e-6)


def test_layers_explicit_then_disposition_then_world_then_defaults() -> None:
    m = dm.models.TakeoverDecision(world=World(p=0.4, prize=3.0))
    v = m.resolve()
    assert (v["p"], v["prize"], v["loss"]) == (0.4, 3.0, world_field("loss").default)
    assert m.resolve(p=0.1)["p"] == 0.1
    assert m.resolve(world=World(p=0.3))["p"] == 0.3  # a per-call world replaces it
    d = Disposition(trust=0.9, myopia=0.5)
    v = m.resolve(d)
    assert (v["trust"], v["discount"]) == (0.9, 0.5)
    assert m.resolve(d, trust=0.2)["trust"] == 0.2
    # the corrigibility cost reads the world's weight
    w = World(corrigibility_weight=3.0)
    assert m.resolve(Disposition(corrigibility=0.5), world=w)["corrigibility_cost"] == 1.5


def test_deprecated_names_warn_and_map() -> None:
    with pytest.warns(DeprecationWarning, match="deal_gain"):
        r = dm.models.NegotiatedDeal().solve(budget=1.5)
    assert r.deal_gain == 1.5
    with pytest.warns(DeprecationWarning, match="developer_discount"):
        dm.models.AlternatingOffers().solve(discount_developer=0.5)
    with (
        pytest.raises(InvalidParameterError, match="not both"),
        pytest.warns(DeprecationWarning, match="deal_gain"),
    ):
        dm.models.NegotiatedDeal().solve(budget=1.5, deal_gain=1.0)


def test_world_value_object() -> None:
    w = World(p=0.3, instances=2)
    assert w.p == 0.3
    assert w["instances"] == 2
    assert isinstance(w.instances, int)
    assert w == World(p=0.3, instances=2)
    assert hash(w) == hash(World(p=0.3, instances=2))
    assert w != World()
    assert w.replace(p=0.5).p == 0.5
    assert w.p == 0.3
    assert w.changed() == {"p": 0.3, "instances": 2}
    assert repr(w) == "World(p=0.3, instances=2)"
    assert pickle.loads(pickle.dumps(w)) == w
    assert World.from_mapping(w.as_dict()) == w
    assert math.isinf(World().reneging_cost)
    assert set(w) == WORLD_NAMES
    assert len(w) == len(WORLD_FIELDS)
    with pytest.raises(AttributeError, match="immutable"):
        w.p = 0.1  # type: ignore[misc]
    assert dm.Environment is World


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"p": 1.5}, r"p must be in \[0, 1\]; got p=1.5"),
        ({"p": "0.2"}, "p must be a real number"),
        ({"p": True}, "p must be a real number"),
        ({"p": float("nan")}, "p must"),
        ({"p": np.array([0.1])}, "p must be a real number"),
        ({"prize": 0.0}, "prize"),
        ({"instances": 2.5}, "instances must be a whole number"),
        ({"budget": -1.0}, "budget"),
        ({"damage": 0.1}, "residual_damage"),
        ({"prise": 1.0}, "did you mean prize"),
    ],
)
def test_world_bad_input(kwargs: dict, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        World(**kwargs)


def test_default_priors_are_supported_on_their_domains() -> None:
    for name, dist in default_priors().items():
        f = world_field(name)
        lo, hi = dist.ppf(0.0), dist.ppf(1.0)
        if f.integer:
            lo, hi = dist.ppf(1e-12), dist.ppf(1 - 1e-12)
        assert lo >= f.low, name
        assert hi <= f.high, name


def test_docs_show_the_table() -> None:
    from pathlib import Path

    from dealmodels.world import world_table_markdown

    page = Path(__file__).resolve().parents[1] / "docs" / "world.md"
    assert world_table_markdown() in page.read_text(encoding="utf-8")
