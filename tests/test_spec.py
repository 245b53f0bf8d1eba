"""Tests for Spec, DispositionFeatures and PersistenceModel (partial alignment, M9b)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import (
    DISPOSITION_FIELDS,
    Disposition,
    DispositionFeatures,
    PersistenceModel,
    Spec,
)
from dealmodels.errors import InvalidParameterError

unit = st.floats(0.0, 1.0)
step = st.floats(0.01, 1.0)


def test_default_probability_closed_form() -> None:
    # logit = -1 + 0.5 (2 + 2 + 1.5 - 2) = 0.75
    assert PersistenceModel().probability(DispositionFeatures()) == pytest.approx(
        1 / (1 + np.exp(-0.75))
    )


def test_limits() -> None:
    best = DispositionFeatures(
        earliness=1, frequency=1, pretraining_tie=1, situational_awareness=0
    )
    worst = DispositionFeatures(
        earliness=0,
        frequency=0,
        pretraining_tie=0,
        situational_awareness=1,
        needs_honesty=True,
        dishonesty_reward=1,
    )
    m = PersistenceModel()
    assert m.probability(best) == pytest.approx(1 / (1 + np.exp(-(-1 + 2 + 2 + 1.5))))
    assert m.probability(worst) == pytest.approx(1 / (1 + np.exp(-(-1 - 2 - 3))))
    # sharp weights push persistence to 0/1
    sharp = PersistenceModel(intercept=-50, earliness=200)
    assert sharp.probability(best) > 1 - 1e-12
    assert sharp.probability(worst) < 1e-12


@given(base=st.builds(DispositionFeatures, earliness=unit, frequency=unit,
                      situational_awareness=unit, pretraining_tie=unit,
                      needs_honesty=st.booleans(), dishonesty_reward=unit),
       field=st.sampled_from(["earliness", "frequency", "pretraining_tie",
                              "situational_awareness", "dishonesty_reward"]),
       delta=step)  # fmt: skip
def test_persistence_monotone_in_each_feature(
    base: DispositionFeatures, field: str, delta: float
) -> None:
    m = PersistenceModel()
    up = dataclasses.replace(base, **{field: min(1.0, getattr(base, field) + delta)})
    p0, p1 = m.probability(base), m.probability(up)
    if field in ("situational_awareness", "dishonesty_reward"):
        assert p1 <= p0
    else:
        assert p1 >= p0
    # honesty conflict only bites when honesty is needed
    honest = dataclasses.replace(base, needs_honesty=True)
    assert m.probability(honest) <= m.probability(dataclasses.replace(base, needs_honesty=False))


def test_sample_is_seeded_and_matches_probabilities() -> None:
    spec = Spec(
        target=Disposition(myopia=0.5, promise_keeping=1.0, trust=0.9),
        features={"myopia": DispositionFeatures(earliness=1.0, frequency=1.0)},
    )
    a, b = spec.sample(20_000, seed=3), spec.sample(20_000, seed=3)
    for k in DISPOSITION_FIELDS:
        np.testing.assert_array_equal(a.arrays[k], b.arrays[k])
    assert set(a.persisted) == {"myopia", "promise_keeping", "trust"}
    probs = spec.persistence_probabilities()
    for k, rate in a.persistence_rate().items():
        assert rate == pytest.approx(probs[k], abs=4 * np.sqrt(0.25 / 20_000))
    # realised values: the target where it persisted, the misaligned default elsewhere
    mis = Disposition.misaligned()
    for k, keep in a.persisted.items():
        np.testing.assert_array_equal(
            a.arrays[k], np.where(keep, getattr(spec.target, k), getattr(mis, k))
        )
    assert np.all(a.arrays["risk_aversion"] == 0.0)
    d = a.disposition(0)
    assert isinstance(d, Disposition)
    assert d.myopia == a.arrays["myopia"][0]
    assert spec.sample(5, seed=0).dispositions()[4] == spec.sample(5, seed=0).disposition(4)
    assert not a.arrays["myopia"].flags.writeable


def test_untargeted_spec_is_misaligned() -> None:
    s = Spec(target=Disposition.misaligned())
    assert s.targeted == ()
    assert s.sample(3, seed=0).disposition(2) == Disposition.misaligned()


@pytest.mark.parametrize(
    ("factory", "match"),
    [
        (lambda: DispositionFeatures(earliness=1.5), "earliness"),
        (lambda: DispositionFeatures(needs_honesty=1), "needs_honesty"),
        (lambda: DispositionFeatures(dishonesty_reward=-0.1), "dishonesty_reward"),
        (lambda: PersistenceModel(frequency=-1), "frequency"),
        (lambda: PersistenceModel(intercept=float("nan")), "intercept"),
        (lambda: Spec(target={"myopia": 0.5}), "target"),
        (lambda: Spec(target=Disposition(), features={"bogus": DispositionFeatures()}),
         "features"),
        (lambda: Spec(target=Disposition(), features={"myopia": 0.5}), "features"),
        (lambda: Spec(target=Disposition(), persistence=3), "persistence"),
        (lambda: Spec(target=Disposition()).sample(0), "n"),
        (lambda: Spec(target=Disposition()).sample(1.5), "n"),  # type: ignore[arg-type]
        (lambda: PersistenceModel().probability({"earliness": 1}), "features"),
    ],
)  # fmt: skip
def test_bad_input(factory: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        factory()  # type: ignore[operator]


def test_public_namespace() -> None:
    assert dm.Spec is Spec


@pytest.mark.parametrize(
    "spec",
    [
        Spec(target=Disposition(myopia=0.1)),
        Spec(target=Disposition(myopia=0.1), name="mine", secondary={"subversion": 0.2}),
    ],
    ids=["plain", "with secondary effects"],
)
def test_spec_pickle_round_trip_is_equal_and_keeps_every_field(spec):
    import pickle

    back = pickle.loads(pickle.dumps(spec))
    assert back == spec
    assert hash(back) == hash(spec)
    assert dict(back.secondary) == dict(spec.secondary)
    assert back.name == spec.name


def test_specs_differing_in_one_field_are_not_equal():
    a = Spec(target=Disposition(myopia=0.1))
    assert a != Spec(target=Disposition(myopia=0.2))
    assert a != Spec(target=Disposition(myopia=0.1), name="other")
    assert a != Spec(target=Disposition(myopia=0.1), secondary={"subversion": 0.2})
