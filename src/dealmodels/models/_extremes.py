"""The guard every model's ``solve`` runs under: no NaN and no numpy warning reach the user.

Closed forms meet 0·inf, inf − inf and inf/inf at the edges of their domains (an infinite
prize, a zero probability, an infinite risk aversion). A model gives the limit value where the
limit exists (that is each model's own numeric code); where some output would still be NaN,
:func:`defined_everywhere` refuses the point with an
:class:`~dealmodels.errors.InvalidParameterError` that names the output and the extreme
parameter values at the first such point, instead of returning NaN. Intermediate overflow and
invalid operations that ``numpy.where`` masks are silenced, not reported as warnings.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import numpy as np

from dealmodels.errors import InvalidParameterError

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["defined_everywhere", "refuse_overflow", "times", "undefined_point_error"]


def times(weight: Any, value: Any) -> Any:
    """``weight * value`` with ``0 * inf = 0``: a zero weight (probability, salience, share)
    on an infinite value contributes nothing, which is the limit of the weighted term."""
    w = np.asarray(weight, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):  # the masked 0 * inf
        return np.where(w == 0, 0.0, w * np.asarray(value, dtype=float))


def _is_extreme(x: float) -> bool:
    a = abs(x)
    return a == 0 or math.isinf(a) or a >= 1e100 or a <= 1e-100


def undefined_point_error(
    model: str, output: str, values: Mapping[str, Any], index: tuple[int, ...]
) -> InvalidParameterError:
    """The error for a point where ``output`` has no defined value.

    ``index`` locates the point in the broadcast shape of ``values`` (``()`` for scalars).
    """
    shape = np.broadcast_shapes(*(np.shape(v) for v in values.values()))
    at = {
        k: float(np.broadcast_to(np.asarray(v, dtype=float), shape)[index])
        for k, v in values.items()
    }
    extreme = {k: x for k, x in at.items() if _is_extreme(x)} or at
    point = ", ".join(f"{k}={x:g}" for k, x in extreme.items())
    return InvalidParameterError(
        f"{model} has no defined {output} at {point} (it would be NaN: 0·inf, inf - inf or "
        f"inf/inf in its closed form); give less extreme values for {', '.join(extreme)}"
    )


def refuse_overflow(model: str, values: Mapping[str, Any], terms: Mapping[str, Any]) -> None:
    """Refuse the points where a closed form's intermediate ``terms`` overflow although
    every input in ``values`` is finite (e.g. :math:`d(b + f)` at :math:`b = f = 10^{308}`),
    where the closed form would otherwise read a wrong answer off ``inf``.

    Raises
    ------
    InvalidParameterError
        At the first such point, naming the term and the point's extreme values.
    """
    shape = np.broadcast_shapes(
        *(np.shape(v) for v in values.values()), *(np.shape(t) for t in terms.values())
    )
    finite = np.ones(shape, dtype=bool)
    for v in values.values():
        finite &= np.isfinite(np.asarray(v, dtype=float))
    for name, t in terms.items():
        bad = finite & ~np.isfinite(np.broadcast_to(np.asarray(t, dtype=float), shape))
        if bad.any():
            index = tuple(int(i) for i in np.unravel_index(np.flatnonzero(bad)[0], shape))
            at = {
                k: float(np.broadcast_to(np.asarray(v, dtype=float), shape)[index])
                for k, v in values.items()
            }
            extreme = {k: x for k, x in at.items() if abs(x) >= 1e100} or at
            point = ", ".join(f"{k}={x:g}" for k, x in extreme.items())
            raise InvalidParameterError(
                f"{model}: {name} overflows at {point} (every input is finite but the "
                f"closed form exceeds the float range); give less extreme values for "
                f"{', '.join(extreme)}"
            )


def _first_nan(x: object) -> tuple[int, ...] | None:
    if isinstance(x, float):
        return () if math.isnan(x) else None
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        bad = np.flatnonzero(np.isnan(x))
        return tuple(int(i) for i in np.unravel_index(bad[0], x.shape)) if bad.size else None
    return None


_LABELS = frozenset({"regime", "regime_labels"})


def defined_everywhere(solve: F) -> F:
    """Decorate a model's ``solve``: silence masked numpy warnings and refuse NaN outputs.

    The result's float fields (scalars or arrays) are checked; the first NaN raises
    :func:`undefined_point_error` naming the field and the point's extreme values.
    """

    @functools.wraps(solve)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        with np.errstate(all="ignore"):
            result = solve(self, *args, **kwargs)
        values = getattr(result, "values", None)
        for f in dataclasses.fields(result):
            if f.name in _LABELS:
                continue  # strings, built only when read
            where = _first_nan(getattr(result, f.name))
            if where is not None:
                name = getattr(self, "name", type(self).__name__)
                vals = values if isinstance(values, Mapping) else {}
                shape = np.broadcast_shapes(*(np.shape(v) for v in vals.values()))
                index = where if len(where) == len(shape) else ()
                raise undefined_point_error(name, f.name, vals, index)
        return result

    return guarded  # type: ignore[return-value]
