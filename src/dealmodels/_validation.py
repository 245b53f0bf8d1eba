"""Private helpers that validate user input and build uniform error messages.

Every message has the form ``<name> must be <constraint>; got <name>=<value!r>``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike

from dealmodels.errors import InvalidParameterError

T = TypeVar("T")


def _fmt(value: object) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, threshold=6)
    return repr(value)


def fail(name: str, constraint: str, value: object) -> InvalidParameterError:
    """Return (not raise) the uniform error for ``name``."""
    return InvalidParameterError(f"{name} must be {constraint}; got {name}={_fmt(value)}")


def _as_real(name: str, value: object) -> float | np.ndarray:
    if isinstance(value, bool):
        raise fail(name, "a real number", value)
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            try:
                arr = value.astype(float)
            except (TypeError, ValueError):
                raise fail(name, "real numbers", value) from None
            return arr
        if not np.issubdtype(value.dtype, np.number) or np.iscomplexobj(value):
            raise fail(name, "real numbers", value)
        return value
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise fail(name, "a real number", value) from None


def check_real(name: str, value: object, *, allow_inf: bool = False) -> None:
    """Check that ``value`` (scalar or array) is real, not NaN, and finite unless allowed."""
    x = _as_real(name, value)
    arr = np.asarray(x)
    if np.any(np.isnan(arr)):
        raise fail(name, "a number (not NaN)", value)
    if not allow_inf and np.any(np.isinf(arr)):
        raise fail(name, "finite", value)


def check_interval(
    name: str,
    value: object,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> None:
    """Check ``low <= value <= high`` (strict at an open end), elementwise for arrays."""
    x = _as_real(name, value)
    arr = np.asarray(x)
    if arr.size == 0:
        return
    # two reductions instead of elementwise masks: min/max propagate NaN, which fails below
    lo_v, hi_v = (float(arr), float(arr)) if arr.ndim == 0 else (arr.min(), arr.max())
    ok = (lo_v > low if low_open else lo_v >= low) and (hi_v < high if high_open else hi_v <= high)
    if not ok:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        lo = "-inf" if low == -math.inf else f"{low:g}"
        hi = "inf" if high == math.inf else f"{high:g}"
        raise fail(name, f"in {left}{lo}, {hi}{right}", value)


def check_nonnegative(name: str, value: object, *, allow_inf: bool = False) -> None:
    """Check ``value >= 0`` (finite unless ``allow_inf``)."""
    check_real(name, value, allow_inf=allow_inf)
    if np.any(np.asarray(_as_real(name, value)) < 0):
        raise fail(name, ">= 0", value)


def check_positive(name: str, value: object, *, allow_inf: bool = False) -> None:
    """Check ``value > 0`` (finite unless ``allow_inf``)."""
    check_real(name, value, allow_inf=allow_inf)
    if np.any(np.asarray(_as_real(name, value)) <= 0):
        raise fail(name, "> 0", value)


def check_probability(name: str, value: object) -> None:
    """Check ``0 <= value <= 1``."""
    check_interval(name, value, low=0.0, high=1.0)


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """Check that ``value`` is an integer in ``[low, high]`` and return it as ``int``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise fail(name, "an integer", value)
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        raise fail(name, f"an integer in [{lo}, {hi}]", value)
    return v


def check_choice(name: str, value: T, choices: Iterable[T] | Mapping[T, object]) -> T:
    """Check that ``value`` is one of ``choices``; the message lists the valid names."""
    options = list(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise fail(name, f"one of {listed}", value)
    return value


def check_array(
    name: str, value: ArrayLike, *, ndim: int | None = None, allow_inf: bool = False
) -> np.ndarray:
    """Convert to a float array and check it is real and finite (unless ``allow_inf``)."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise fail(name, "an array of real numbers", value) from None
    if ndim is not None and arr.ndim != ndim:
        raise fail(name, f"a {ndim}-dimensional array", value)
    check_real(name, arr, allow_inf=allow_inf)
    return arr
