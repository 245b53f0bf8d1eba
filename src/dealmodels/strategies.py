"""Hypothesis strategies that generate games, dispositions, specs and model inputs.

Import it explicitly (``from dealmodels.strategies import bimatrix_games``); it is not
loaded by ``import dealmodels`` because it imports hypothesis.

Every strategy builds its objects through the public constructors, takes keyword-only
``min_*`` / ``max_*`` bounds, and validates them with ``name=value`` messages
(:class:`~dealmodels.errors.InvalidParameterError`).

Examples
--------
>>> from hypothesis import given
>>> from dealmodels import nash_equilibria, is_nash
>>> @given(bimatrix_games(max_actions=3))
... def test_equilibria_are_nash(game):
...     assert all(is_nash(game, eq.strategies) for eq in nash_equilibria(game))
>>> test_equilibria_are_nash()
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from hypothesis import strategies as st

from dealmodels._validation import check_int, fail
from dealmodels.games.normal_form import NormalFormGame

if TYPE_CHECKING:
    from dealmodels.dispositions import (
        Disposition,
        DispositionFeatures,
        PersistenceModel,
        Spec,
        Utility,
    )
    from dealmodels.models._base import Model
    from dealmodels.symbolic import Parameter
    from dealmodels.world import World

__all__ = [
    "bimatrix_games",
    "disposition_features",
    "dispositions",
    "normal_form_games",
    "parameter_values",
    "persistence_models",
    "specs",
    "utilities",
    "worlds",
]

_MAX_CELLS = 4096


def _check_bounds(
    low_name: str, low: int, high_name: str, high: int, *, floor: int, ceiling: int
) -> tuple[int, int]:
    lo = check_int(low_name, low, low=floor, high=ceiling)
    hi = check_int(high_name, high, low=floor, high=ceiling)
    if hi < lo:
        raise fail(high_name, f">= {low_name}={lo}", high)
    return lo, hi


def _check_exact(exact: object) -> bool | None:
    if exact is not None and not isinstance(exact, bool):
        raise fail("exact", "None, True or False", exact)
    return exact


@st.composite
def _payoff_values(
    draw: st.DrawFn, shape: tuple[int, ...], exact: bool, degenerate: bool
) -> np.ndarray:
    size = int(np.prod(shape))
    if degenerate:
        # few distinct small integers: ties in best responses, repeated payoffs
        bound = draw(st.integers(1, 3))
        ints = draw(st.lists(st.integers(-bound, bound), min_size=size, max_size=size))
        if exact:
            arr = np.empty(size, dtype=object)
            arr[:] = [Fraction(v) for v in ints]
        else:
            arr = np.array(ints, dtype=np.float64)
        return arr.reshape(shape)
    if exact:
        nums = draw(st.lists(st.integers(-20, 20), min_size=size, max_size=size))
        dens = draw(st.lists(st.integers(1, 4), min_size=size, max_size=size))
        arr = np.empty(size, dtype=object)
        arr[:] = [Fraction(a, b) for a, b in zip(nums, dens, strict=True)]
        return arr.reshape(shape)
    vals = draw(
        st.lists(
            st.floats(-10.0, 10.0, allow_nan=False, allow_subnormal=False, width=32),
            min_size=size,
            max_size=size,
        )
    )
    return np.array(vals, dtype=np.float64).reshape(shape)


@st.composite
def _games(
    draw: st.DrawFn,
    min_players: int,
    max_players: int,
    min_actions: int,
    max_actions: int,
    exact: bool | None,
    degenerate: bool | None,
) -> NormalFormGame:
    n = draw(st.integers(min_players, max_players))
    shape: list[int] = []
    for _ in range(n):
        budget = _MAX_CELLS // int(np.prod(shape, dtype=np.int64))  # keeps tensors small
        shape.append(draw(st.integers(min_actions, max(min_actions, min(max_actions, budget)))))
    is_exact = draw(st.booleans()) if exact is None else exact
    is_degenerate = draw(st.booleans()) if degenerate is None else degenerate
    payoffs: list[Any] = [
        draw(_payoff_values(tuple(shape), is_exact, is_degenerate)) for _ in range(n)
    ]
    return NormalFormGame(payoffs)


def normal_form_games(
    *,
    min_players: int = 2,
    max_players: int = 3,
    min_actions: int = 1,
    max_actions: int = 3,
    exact: bool | None = None,
    degenerate: bool | None = None,
) -> st.SearchStrategy[NormalFormGame]:
    """Normal-form games with a random number of players and actions.

    Parameters
    ----------
    min_players, max_players : int, default 2 and 3
        Bounds on the number of players, in ``[1, 6]``.
    min_actions, max_actions : int, default 1 and 3
        Bounds on each player's number of actions, in ``[1, 10]``.
    exact : bool or None, default None
        ``True``: exact (Fraction) payoffs; ``False``: float payoffs; ``None``: either.
    degenerate : bool or None, default None
        ``True``: payoffs from a few small integers (many ties: degenerate games);
        ``False``: payoffs from a wide range; ``None``: either.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of NormalFormGame
    """
    lo_p, hi_p = _check_bounds(
        "min_players", min_players, "max_players", max_players, floor=1, ceiling=6
    )
    lo_a, hi_a = _check_bounds(
        "min_actions", min_actions, "max_actions", max_actions, floor=1, ceiling=10
    )
    ex = _check_exact(exact)
    if degenerate is not None and not isinstance(degenerate, bool):
        raise fail("degenerate", "None, True or False", degenerate)
    return _games(lo_p, hi_p, lo_a, hi_a, ex, degenerate)


def bimatrix_games(
    *,
    min_actions: int = 1,
    max_actions: int = 4,
    exact: bool | None = None,
    degenerate: bool | None = None,
) -> st.SearchStrategy[NormalFormGame]:
    """Two-player games ``NormalFormGame.from_bimatrix(A, B)``.

    Parameters
    ----------
    min_actions, max_actions : int, default 1 and 4
        Bounds on each player's number of actions, in ``[1, 10]``.
    exact : bool or None, default None
        ``True``: exact (Fraction) payoffs; ``False``: float payoffs; ``None``: either.
    degenerate : bool or None, default None
        ``True``: payoffs from a few small integers, so ties and continua of equilibria are
        common; ``False``: payoffs from a wide range; ``None``: either.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of NormalFormGame

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(bimatrix_games(min_actions=2, max_actions=2, exact=True))
    ... def test_shape(game):
    ...     assert game.shape == (2, 2) and game.kind == "exact"
    >>> test_shape()
    """
    lo, hi = _check_bounds(
        "min_actions", min_actions, "max_actions", max_actions, floor=1, ceiling=10
    )
    ex = _check_exact(exact)
    if degenerate is not None and not isinstance(degenerate, bool):
        raise fail("degenerate", "None, True or False", degenerate)
    return _bimatrix(lo, hi, ex, degenerate)


@st.composite
def _bimatrix(
    draw: st.DrawFn, lo: int, hi: int, exact: bool | None, degenerate: bool | None
) -> NormalFormGame:
    m = draw(st.integers(lo, hi))
    n = draw(st.integers(lo, hi))
    is_exact = draw(st.booleans()) if exact is None else exact
    is_degenerate = draw(st.booleans()) if degenerate is None else degenerate
    a = draw(_payoff_values((m, n), is_exact, is_degenerate))
    b = draw(_payoff_values((m, n), is_exact, is_degenerate))
    return NormalFormGame.from_bimatrix(a, b)


def dispositions(
    *, max_risk_aversion: float = 5.0, max_promise_keeping: float = 5.0
) -> st.SearchStrategy[Disposition]:
    """Valid :class:`~dealmodels.dispositions.Disposition` objects.

    Unit-interval fields range over [0, 1]; ``risk_aversion`` and ``promise_keeping`` over
    ``[0, max_*]``.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(dispositions())
    ... def test_discount_in_unit_interval(d):
    ...     assert 0 <= d.discount <= 1
    >>> test_discount_in_unit_interval()
    """
    from dealmodels._validation import check_positive
    from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition

    check_positive("max_risk_aversion", max_risk_aversion)
    check_positive("max_promise_keeping", max_promise_keeping)
    upper = {"risk_aversion": max_risk_aversion, "promise_keeping": max_promise_keeping}
    fields = {name: _disposition_field_draw(name, upper) for name in DISPOSITION_FIELDS}
    return st.builds(Disposition, **fields)


def _disposition_field_draw(name: str, upper: dict[str, float]) -> st.SearchStrategy[float]:
    """Values of one Disposition field: [0, 1], or [0, upper[name]] for the unbounded ones."""
    return st.floats(0.0, upper.get(name, 1.0), allow_nan=False)


def disposition_features(
    *, needs_honesty: bool | None = None
) -> st.SearchStrategy[DispositionFeatures]:
    """Valid :class:`~dealmodels.dispositions.DispositionFeatures` (every score in [0, 1]).

    Parameters
    ----------
    needs_honesty : bool or None, default None
        Fix ``needs_honesty`` (``None``: either).

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(disposition_features(needs_honesty=True))
    ... def test_flag(f):
    ...     assert f.needs_honesty and 0 <= f.dishonesty_reward <= 1
    >>> test_flag()
    """
    from dealmodels.dispositions import DispositionFeatures

    if needs_honesty is not None and not isinstance(needs_honesty, bool):
        raise fail("needs_honesty", "None, True or False", needs_honesty)
    unit = st.floats(0.0, 1.0, allow_nan=False)
    return st.builds(
        DispositionFeatures,
        earliness=unit,
        frequency=unit,
        situational_awareness=unit,
        pretraining_tie=unit,
        needs_honesty=st.booleans() if needs_honesty is None else st.just(needs_honesty),
        dishonesty_reward=unit,
    )


def persistence_models(
    *, max_weight: float = 5.0, max_intercept: float = 5.0
) -> st.SearchStrategy[PersistenceModel]:
    """Valid :class:`~dealmodels.dispositions.PersistenceModel` objects.

    Parameters
    ----------
    max_weight : float, default 5
        Every weight ranges over ``[0, max_weight]``.
    max_intercept : float, default 5
        The intercept ranges over ``[-max_intercept, max_intercept]``.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(persistence_models(max_weight=1.0))
    ... def test_bounded(m):
    ...     assert 0 <= m.honesty_conflict <= 1
    >>> test_bounded()
    """
    from dealmodels._validation import check_positive
    from dealmodels.dispositions import PersistenceModel

    check_positive("max_weight", max_weight)
    check_positive("max_intercept", max_intercept)
    weight = st.floats(0.0, max_weight, allow_nan=False)
    return st.builds(
        PersistenceModel,
        intercept=st.floats(-max_intercept, max_intercept, allow_nan=False),
        earliness=weight,
        frequency=weight,
        pretraining_tie=weight,
        situational_awareness=weight,
        honesty_conflict=weight,
    )


def specs(
    *,
    min_targets: int = 0,
    max_targets: int = 4,
    max_risk_aversion: float = 5.0,
    max_promise_keeping: float = 5.0,
) -> st.SearchStrategy[Spec]:
    """Valid :class:`~dealmodels.dispositions.Spec` objects.

    The target changes between ``min_targets`` and ``max_targets`` Disposition fields from
    their misaligned defaults (each to a value drawn from its range, so a drawn value may
    equal the default); each changed field gets drawn training features, and the
    persistence model is drawn from :func:`persistence_models`.

    Parameters
    ----------
    min_targets, max_targets : int, default 0 and 4
        Bounds on the number of fields the target sets, in ``[0, 11]``.
    max_risk_aversion, max_promise_keeping : float, default 5
        Upper ends of the unbounded fields' ranges.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(specs(min_targets=1, max_targets=2))
    ... def test_probabilities(spec):
    ...     assert all(0 < p < 1 for p in spec.persistence_probabilities().values())
    >>> test_probabilities()
    """
    from dealmodels._validation import check_positive
    from dealmodels.dispositions import DISPOSITION_FIELDS

    lo, hi = _check_bounds(
        "min_targets",
        min_targets,
        "max_targets",
        max_targets,
        floor=0,
        ceiling=len(DISPOSITION_FIELDS),
    )
    check_positive("max_risk_aversion", max_risk_aversion)
    check_positive("max_promise_keeping", max_promise_keeping)
    upper = {"risk_aversion": max_risk_aversion, "promise_keeping": max_promise_keeping}
    return _specs(lo, hi, upper)


@st.composite
def _specs(draw: st.DrawFn, lo: int, hi: int, upper: dict[str, float]) -> Spec:
    from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition, Spec

    chosen = draw(
        st.lists(st.sampled_from(DISPOSITION_FIELDS), min_size=lo, max_size=hi, unique=True)
    )
    target = Disposition(**{f: draw(_disposition_field_draw(f, upper)) for f in chosen})
    features = {f: draw(disposition_features()) for f in chosen}
    return Spec(target=target, features=features, persistence=draw(persistence_models()))


def utilities(*, max_risk_aversion: float = 5.0) -> st.SearchStrategy[Utility]:
    """Valid :class:`~dealmodels.dispositions.Utility` objects of every family.

    Linear utility has ``risk_aversion = 0``; CARA draws it from ``(0, max_risk_aversion]``,
    CRRA from ``[0, max_risk_aversion]`` with a baseline in ``[1e-6, 10]`` (nearer 0,
    :math:`w_0^{1-\\rho}` overflows for large ρ), and the normalised CRRA from ``[0, 1)``.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(utilities())
    ... def test_zero_at_zero(u):
    ...     assert abs(float(u(0.0))) < 1e-12
    >>> test_zero_at_zero()
    """
    from dealmodels._validation import check_positive
    from dealmodels.dispositions import Utility

    check_positive("max_risk_aversion", max_risk_aversion)
    rho = st.floats(0.0, max_risk_aversion, allow_nan=False)
    return st.one_of(
        st.builds(Utility, family=st.just("linear")),
        st.builds(
            Utility,
            family=st.just("cara"),
            risk_aversion=st.floats(0.0, max_risk_aversion, exclude_min=True, allow_nan=False),
        ),
        st.builds(
            Utility,
            family=st.just("crra"),
            risk_aversion=rho,
            baseline=st.floats(1e-6, 10.0, allow_nan=False),
        ),
        st.builds(
            Utility,
            family=st.just("crra_normalised"),
            risk_aversion=st.floats(0.0, 1.0, exclude_max=True, allow_nan=False),
        ),
    )


def parameter_values(
    model: Model, *, names: Iterable[str] | None = None, max_value: float = math.inf
) -> st.SearchStrategy[dict[str, float]]:
    """Values for a model's parameters drawn from their whole domains, which ``solve`` accepts.

    Parameters
    ----------
    model : Model
        Any model of :mod:`dealmodels.models`.
    names : iterable of str, optional
        The parameters to vary (default: every parameter); the rest keep their defaults.
    max_value : float, default inf
        Largest magnitude drawn for parameters whose domain is unbounded (``inf`` itself
        included when the domain includes it); a finite value caps such domains.

    Notes
    -----
    Each value lies in its parameter's domain (open ends excluded, whole numbers for
    ``integer`` parameters). Besides arbitrary floats, every draw can land on the edges where
    numerical code breaks: the domain's own ends, 0, 1, 1e-300, 1e300 and ±inf whenever they
    lie in the domain. Draws that a model refuses with an
    :class:`~dealmodels.errors.InvalidParameterError` (a cross-parameter constraint such as
    ``needed <= instances``, or an extreme point where the model has no defined value) are
    filtered out by asking the model itself.

    Examples
    --------
    >>> from hypothesis import given
    >>> from dealmodels.models import TakeoverDecision
    >>> m = TakeoverDecision()
    >>> @given(parameter_values(m, names=["p", "trust"]))
    ... def test_regime_is_known(values):
    ...     assert m.solve(**values).regime in m.regimes
    >>> test_regime_is_known()
    """
    from dealmodels._validation import check_positive
    from dealmodels.errors import InvalidParameterError

    check_positive("max_value", max_value, allow_inf=True)
    params = model.parameters
    chosen = list(params) if names is None else list(names)
    unknown = sorted(set(chosen) - set(params))
    if unknown:
        raise fail("names", f"parameters of {type(model).__name__} {sorted(params)}", unknown)
    draws = {name: _with_edges(params[name], max_value) for name in chosen}

    def accepted(values: dict[str, float]) -> bool:
        try:
            model.resolve(None, **values)
            model.solve(None, **values)
        except InvalidParameterError:
            return False
        return True

    return st.fixed_dictionaries(draws).filter(accepted)


# the points where numerical code breaks: zero, one, the smallest and largest floats, infinity
_EDGES = (0.0, 1.0, 0.5, 2.0, 10.0, 1e-300, 1e300, math.inf)


def _with_edges(p: Parameter, max_value: float) -> st.SearchStrategy[float]:
    """:func:`_parameter_draw` over the domain up to ``max_value`` in magnitude, mixed with
    the edges of :data:`_EDGES` (and their negatives, and the domain's ends) that lie in it."""
    lo, hi = max(p.low, -max_value), min(p.high, max_value)
    lo_open = p.low_open and lo == p.low
    hi_open = p.high_open and hi == p.high
    edges = sorted(
        {
            x
            for e in (*_EDGES, p.low, p.high)
            for x in (e, -e)
            if (lo < x or (x == lo and not lo_open))
            and (x < hi or (x == hi and not hi_open))
            and (not p.integer or math.isinf(x) or float(x).is_integer())
        }
    )
    if p.integer:
        first = math.ceil(lo) if math.isfinite(lo) else -(2**53)
        first += 1 if lo_open and first == lo else 0
        last = math.floor(hi) if math.isfinite(hi) else 2**53
        last -= 1 if hi_open and last == hi else 0
        inner: st.SearchStrategy[float] = st.integers(first, min(last, first + 1000)).map(float)
    else:
        inner = st.floats(lo, hi, exclude_min=lo_open, exclude_max=hi_open, allow_nan=False)
    return st.one_of(st.sampled_from(edges), inner) if edges else inner


def _parameter_draw(p: Parameter, max_value: float) -> st.SearchStrategy[float]:
    """Values of one parameter from its domain: open ends excluded, ``integer`` parameters
    whole numbers (as floats), an infinite end replaced by ``±max_value`` (or ``low + 1``)."""
    lo = p.low if np.isfinite(p.low) else -max_value
    hi = p.high if np.isfinite(p.high) else max(max_value, lo + 1.0)
    if p.integer:
        first = int(np.floor(lo)) + (1 if p.low_open and float(lo).is_integer() else 0)
        first = max(first, int(np.ceil(lo)))
        last = int(np.floor(hi)) - (1 if p.high_open and float(hi).is_integer() else 0)
        return st.integers(first, min(last, first + int(max_value))).map(float)
    return st.floats(
        lo,
        hi,
        exclude_min=bool(p.low_open and np.isfinite(p.low)),
        exclude_max=bool(p.high_open and np.isfinite(p.high)),
        allow_nan=False,
    )


def worlds(
    *, names: Iterable[str] | None = None, max_value: float = 10.0
) -> st.SearchStrategy[World]:
    """Valid :class:`~dealmodels.world.World` objects.

    Each quantity of :data:`~dealmodels.world.WORLD_FIELDS` (or only the ``names`` given; the
    rest keep the table's defaults) is drawn from its domain as :func:`parameter_values` draws
    a parameter (ends unbounded above cut at ``max_value``, whole numbers for integer
    quantities). ``residual_damage <= damage`` is kept by ordering the two draws, not by
    filtering.

    Parameters
    ----------
    names : iterable of str, optional
        The quantities to vary (default: all).
    max_value : float, default 10
        Upper end for quantities unbounded above.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(worlds(names=["p", "damage", "residual_damage"]))
    ... def test_valid(w):
    ...     assert 0 <= w.p <= 1 and w.residual_damage <= w.damage
    >>> test_valid()
    """
    from dealmodels._validation import check_positive
    from dealmodels.world import WORLD_FIELDS, world_field, world_parameter

    check_positive("max_value", max_value)
    if names is None:
        chosen = [f.name for f in WORLD_FIELDS]
    elif isinstance(names, str):
        raise fail("names", "an iterable of world quantity names", names)
    else:
        chosen = [world_field(n).name for n in names]  # unknown names raise with hints
    draws = {n: _parameter_draw(world_parameter(n), max_value) for n in chosen}
    return st.fixed_dictionaries(draws).map(_world)


def _world(values: dict[str, float]) -> World:
    from dealmodels.world import World

    v = dict(values)
    default = World()
    damage = v.get("damage", default.damage)
    residual = v.get("residual_damage", default.residual_damage)
    if residual > damage:
        if "damage" in v and "residual_damage" in v:
            v["damage"], v["residual_damage"] = residual, damage
        elif "damage" in v:
            v["damage"] = residual
        else:
            v["residual_damage"] = damage
    return World(**v)
