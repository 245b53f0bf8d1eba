"""Private helpers for priors: checking them against a model, sampling, and mapping names.

A prior is a frozen ``scipy.stats`` distribution per name. A name is either one of the
model's parameters or a :class:`~dealmodels.dispositions.Disposition` field; a field feeds
the parameters that read it (directly, or through a derived quantity of
:data:`~dealmodels.models._base.DERIVED_DISPOSITIONS` such as ``discount = 1 - myopia``, with
the model's world, or the default world, for those that read one). A field that the model does
not read is
allowed: it has no effect (its sensitivity indices are zero).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import fail
from dealmodels.dispositions import DISPOSITION_FIELDS
from dealmodels.errors import InvalidParameterError
from dealmodels.models._base import DERIVED_DISPOSITIONS, DERIVED_SOURCES, Model

Arrays = dict[str, NDArray[np.float64]]


class _Derived(Mapping[str, tuple[str, Callable[[NDArray[np.float64]], NDArray[np.float64]]]]):
    """A view of :data:`DERIVED_DISPOSITIONS`: name -> (source field, transform at a world)."""

    def __init__(self, model: Model | None = None) -> None:
        self._world = None if model is None else model.world

    def __getitem__(
        self, name: str
    ) -> tuple[str, Callable[[NDArray[np.float64]], NDArray[np.float64]]]:
        from dealmodels.world import World

        source, rule = DERIVED_SOURCES[name], DERIVED_DISPOSITIONS[name]
        world = self._world if self._world is not None else World()
        return source, lambda a: np.asarray(rule({source: a}, world), dtype=float)

    def __iter__(self) -> Any:
        return iter(DERIVED_SOURCES)

    def __len__(self) -> int:
        return len(DERIVED_SOURCES)


_DERIVED = _Derived()


def check_priors(model: Model, priors: object) -> dict[str, Any]:
    """Check ``priors``: a non-empty mapping of known names to frozen scipy distributions."""
    if not isinstance(priors, Mapping) or not priors:
        raise fail("priors", "a non-empty mapping of name to scipy.stats distribution", priors)
    params = model.parameters
    out: dict[str, Any] = {}
    for name, dist in priors.items():
        if not isinstance(name, str) or (name not in params and name not in DISPOSITION_FIELDS):
            raise InvalidParameterError(
                f"priors must be keyed by parameters of {model.name} {sorted(params)} or "
                f"Disposition fields {list(DISPOSITION_FIELDS)}; got {name!r}"
            )
        if not (callable(getattr(dist, "rvs", None)) and callable(getattr(dist, "ppf", None))):
            raise fail(
                f"priors[{name!r}]", "a frozen scipy.stats distribution (e.g. beta(2, 5))", dist
            )
        out[name] = dist
    for name in out:
        source = source_field(params[name].disposition) if name in params else None
        if source is not None and source != name and source in out:
            raise InvalidParameterError(
                f"priors must not give both a parameter and the disposition field it reads; "
                f"got {name!r} and {source!r}"
            )
    return out


def source_field(disposition: str | None) -> str | None:
    """The Disposition field a parameter's ``disposition`` attribute comes from."""
    if disposition is not None and disposition in DERIVED_SOURCES:
        return DERIVED_SOURCES[disposition]
    return disposition


def sample_priors(priors: Mapping[str, Any], n: int, rng: np.random.Generator) -> Arrays:
    """``n`` independent draws from each prior, in the mapping's order."""
    return {k: np.asarray(d.rvs(size=n, random_state=rng), dtype=float) for k, d in priors.items()}


def quantiles(priors: Mapping[str, Any], u: NDArray[np.float64]) -> Arrays:
    """The priors' quantiles at ``u`` (shape ``(n, d)``, column ``j`` for the ``j``-th prior)."""
    return {k: np.asarray(d.ppf(u[:, j]), dtype=float) for j, (k, d) in enumerate(priors.items())}


def to_model_values(model: Model, samples: Mapping[str, NDArray[np.float64]]) -> Arrays:
    """Model parameter values from samples keyed by parameter or Disposition field."""
    derived = _Derived(model)
    params = model.parameters
    out: Arrays = {}
    for name, values in samples.items():
        if name in params:
            out[name] = values
            continue
        for pname, p in params.items():
            if p.disposition == name:
                out[pname] = values
            elif p.disposition is not None and source_field(p.disposition) == name:
                out[pname] = derived[p.disposition][1](values)
    for name, values in out.items():
        try:
            params[name].validate(values)
        except InvalidParameterError as exc:
            raise InvalidParameterError(
                f"priors draw values outside the domain of {name} ({params[name]}): {exc}; "
                "use a distribution supported there (e.g. scipy.stats.beta on [0, 1])"
            ) from None
    return out


def spec_values(model: Model, arrays: Mapping[str, NDArray[np.float64]]) -> Arrays:
    """Model parameter values from a :class:`SpecSample`'s per-field arrays."""
    used = {
        f: v
        for f, v in arrays.items()
        if any(source_field(p.disposition) == f for p in model.parameters.values())
    }
    return to_model_values(model, used)


def fed_parameters(model: Model, names: Iterable[str]) -> set[str]:
    """The model parameters that priors (or spec draws) on ``names`` give values to."""
    params = model.parameters
    out: set[str] = set()
    for name in names:
        if name in params:
            out.add(name)
        for pname, p in params.items():
            if source_field(p.disposition) == name:
                out.add(pname)
    return out
