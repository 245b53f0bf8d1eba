"""Private helpers that validate user input and build uniform error messages.

Every message has the form ``<name> must be <constraint>; got <name>=<value!r>``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._numbers import is_sympy
from dealmodels.errors import InvalidParameterError

T = TypeVar("T")


_MAX_REPR = 200


def _fmt(value: object) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, threshold=6)
    r = repr(value)
    return r if len(r) <= _MAX_REPR else r[: _MAX_REPR - 3] + "..."


def fail(name: str, constraint: str, value: object) -> InvalidParameterError:
    """Return (not raise) the uniform error for ``name``."""
    return InvalidParameterError(f"{name} must be {constraint}; got {name}={_fmt(value)}")


_REAL = "a real number or an array of real numbers"


def _kind_error(name: str, x: object, value: object) -> InvalidParameterError | None:
    """The error for an element ``x`` of ``value`` that is not a real number, else ``None``."""
    if isinstance(x, bool | np.bool_):
        return fail(name, f"{_REAL} (not a bool)", value)
    if isinstance(x, str | bytes | np.str_ | np.bytes_):
        return fail(name, f"{_REAL} (not a string)", value)
    if isinstance(x, complex | np.complexfloating):
        return fail(name, f"{_REAL} (not complex)", value)
    if isinstance(x, list | tuple | np.ndarray):
        return fail(name, "a rectangular array (all rows of equal length)", value)
    if isinstance(x, int | float | np.integer | np.floating):
        return None
    if isinstance(x, Mapping | set | frozenset) or x is None or not hasattr(x, "__float__"):
        return fail(name, _REAL, value)
    return None  # Fraction, Decimal, sympy numbers: converted by float() below


def check_real_array(
    name: str, value: object, *, allow_nan: bool = False, allow_empty: bool = False
) -> NDArray[np.float64]:
    """Convert a real scalar or array_like to a float ndarray, refusing anything else by name.

    This is the one conversion of user-supplied numbers: model values, condition values,
    sweep grids and priors all pass through it, so they accept and refuse the same inputs.

    Parameters
    ----------
    name : str
        The parameter's name, used in the error message.
    value : object
        A real number (int, float, numpy scalar, ``Fraction``, ...) or a (nested) sequence or
        array of them.
    allow_nan : bool, default False
        Whether NaN entries are accepted.
    allow_empty : bool, default False
        Whether an array with no entries is accepted.

    Returns
    -------
    ndarray of float64
        0-dimensional for a scalar; the input itself (not a copy) when it already is one.
        Infinities are kept: whether they are allowed is the domain's business.

    Raises
    ------
    InvalidParameterError
        For a bool, string, bytes, complex number, ``None``, mapping or set (alone or as an
        entry), a ragged nested sequence, an empty array (unless ``allow_empty``), NaN (unless
        ``allow_nan``), or an integer too large for a float (``10**400``).

    Examples
    --------
    >>> check_real_array("p", [0.25, 1])
    array([0.25, 1.  ])
    >>> check_real_array("p", [])
    Traceback (most recent call last):
    ...
    dealmodels.errors.InvalidParameterError: p must be a nonempty array; got p=[]
    """
    arr: NDArray[np.float64]
    if type(value) is float:  # the common cases, fast
        arr = np.asarray(value, dtype=float)
    elif type(value) is int:
        arr = _from_int(name, value)
    elif isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        arr = value.astype(float, copy=False)
    else:
        arr = _from_object(name, value)
    if arr.size == 0 and not allow_empty:
        raise fail(name, "a nonempty array", value)
    if not allow_nan and np.isnan(arr).any():
        raise fail(name, "a number (not NaN)", value)
    return arr


def _from_int(name: str, value: int) -> NDArray[np.float64]:
    try:
        return np.asarray(float(value))
    except OverflowError:
        raise fail(name, "a real number within float range (|x| <= 1.8e308)", value) from None


def _from_object(name: str, value: object) -> NDArray[np.float64]:
    err = _kind_error(name, value, value)
    if err is not None and not isinstance(value, list | tuple | np.ndarray):
        raise err
    if isinstance(value, np.ndarray):
        raw = value
    elif isinstance(value, list | tuple):
        raw = np.empty(0, dtype=object)
        try:
            raw = np.array(value, dtype=object)
        except ValueError:  # numpy refuses some ragged shapes outright
            raise fail(name, "a rectangular array (all rows of equal length)", value) from None
    elif hasattr(value, "__array__"):  # pandas, xarray, array-likes: their own conversion
        raw = np.asarray(value)
    else:
        raw = np.array(value, dtype=object)
    if raw.dtype.kind in "fiu":
        return raw.astype(float, copy=False)
    if raw.dtype.kind != "O":
        kind = {
            "b": " (not a bool)",
            "c": " (not complex)",
            "U": " (not a string)",
            "S": " (not a string)",
        }
        raise fail(name, _REAL + kind.get(raw.dtype.kind, ""), value)
    out = np.empty(raw.shape, dtype=float)
    flat = out.reshape(-1)
    for i, x in enumerate(raw.flat):
        err = _kind_error(name, x, value)
        if err is not None:
            raise err
        try:
            flat[i] = float(x)
        except OverflowError:
            raise fail(name, "a real number within float range (|x| <= 1.8e308)", value) from None
        except (TypeError, ValueError):
            raise fail(name, _REAL, value) from None
    return out


def _as_real(name: str, value: object) -> float | np.ndarray:
    if type(value) is float:
        return value
    arr = check_real_array(name, value, allow_nan=True, allow_empty=True)
    return float(arr) if arr.ndim == 0 else arr


def check_real(name: str, value: object, *, allow_inf: bool = False) -> None:
    """Check that ``value`` (scalar or array) is real, not NaN, and finite unless allowed."""
    x = _as_real(name, value)
    arr = np.asarray(x)
    if np.any(np.isnan(arr)):
        raise fail(name, "a number (not NaN)", value)
    if not allow_inf and np.any(np.isinf(arr)):
        raise fail(name, "finite", value)


def check_real_scalar(name: str, value: object) -> float:
    """A finite real scalar (int, float, Fraction, numpy or sympy number) as a float.

    Booleans, strings, arrays, NaN, infinities and exact numbers beyond the float range
    (such as ``10**400``) are refused by name.
    """
    if isinstance(value, bool) or not (
        isinstance(value, numbers.Real | np.floating) or is_sympy(value)
    ):
        raise fail(name, "a finite real number", value)
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise fail(name, "a finite real number", value) from None
    except OverflowError:  # an exact number beyond the float range, such as 10**400
        raise fail(name, "a real number within float range (|x| <= 1.8e308)", value) from None
    if not math.isfinite(v):
        raise fail(name, "a finite real number", value)
    return v


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
    """Convert to a nonempty float array (:func:`check_real_array`) and check it is finite
    (unless ``allow_inf``) and of dimension ``ndim`` (if given)."""
    arr = check_real_array(name, value)
    if ndim is not None and arr.ndim != ndim:
        raise fail(name, f"a {ndim}-dimensional array", value)
    if not allow_inf and np.isinf(arr).any():
        raise fail(name, "finite", value)
    return arr


#: The most points (grid points, Monte-Carlo draws, payoff entries of a file) any one call
#: builds: ``10**7`` float64 values are 80 MB per array, so a few arrays of this length fit
#: in memory everywhere; beyond it a request is refused by size before anything is allocated.
MAX_POINTS = 10_000_000


def check_size(
    name: str,
    value: object,
    *,
    low: int = 1,
    limit: int = MAX_POINTS,
    what: str = "points",
    detail: str = "",
) -> int:
    """Check a count of points to build: an integer in ``[low, limit]``, before allocating.

    ``value`` is either the count itself (an ``int``) or the lengths of the axes of a grid
    (a sequence of ints), whose product is the count; the product is taken in Python
    integers, so it cannot overflow. ``detail`` is appended to the message (say, the
    grid's shape). Returns the count.

    Examples
    --------
    >>> check_size("n", 10)
    10
    >>> check_size("grid", [100_000, 100_000])
    Traceback (most recent call last):
    ...
    dealmodels.errors.InvalidParameterError: grid must be at least 1 and at most 10,000,000 \
points (the product of the axis lengths 100000 x 100000); got grid=10000000000
    """
    if isinstance(value, list | tuple):
        lengths = [check_int(f"{name} axis length", v, low=0) for v in value]
        count = math.prod(lengths)
        detail = detail or "the product of the axis lengths " + " x ".join(map(str, lengths))
    else:
        count = check_int(name, value, low=low)
    if count < low or count > limit:
        extra = f" ({detail})" if detail else ""
        raise fail(name, f"at least {low:,} and at most {limit:,} {what}{extra}", count)
    return count


def check_symbol_keys(
    values: object, kwargs: Mapping[str, Any], names: Iterable[str], *, what: str, kind: str
) -> dict[Any, Any]:
    """The merged ``subs`` values, every key a symbol's name in ``names`` (else a clear error).

    ``values`` is the optional positional mapping, ``kwargs`` the keywords; ``what`` names
    the object ("game", "tree") and ``kind`` its payoff kind, for the message. A key that is
    not a symbol is refused with the symbols and the closest names (difflib, or a case
    slip, the likeliest typo of a short name): a typo would otherwise be ignored silently.
    """
    import difflib

    if values is not None and not isinstance(values, Mapping):
        raise InvalidParameterError(
            f"values must be a mapping of symbols (or their names) to values; got "
            f"values={values!r:.80}"
        )
    given = {**(values or {}), **kwargs}
    known = sorted(names)
    for k in given:
        if str(k) in known:
            continue
        if not known:
            raise InvalidParameterError(
                f"subs keys must be symbols of the {what}, and this {kind} {what} has "
                f"none (nothing to substitute); got {str(k)!r}"
            )
        close = difflib.get_close_matches(str(k), known, n=3)
        if not close:
            close = [n for n in known if n.lower() == str(k).lower()]
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        raise InvalidParameterError(
            f"subs keys must be symbols of the {what} {known}; got {str(k)!r}{hint}"
        )
    return given
