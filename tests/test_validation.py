"""Tests for dealmodels._validation: the one conversion of user numbers, check_real_array."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy

from dealmodels._validation import check_array, check_interval, check_real_array
from dealmodels.errors import InvalidParameterError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.5, 0.5),
        (3, 3.0),
        (Fraction(1, 4), 0.25),
        (Decimal("0.125"), 0.125),
        (sympy.Rational(1, 8), 0.125),
        (np.float32(2.0), 2.0),
        (np.int64(-(2**63)), -(2.0**63)),
        (np.uint8(255), 255.0),
        (float("inf"), float("inf")),
        (-float("inf"), -float("inf")),
        (1e-300, 1e-300),
        (10**300, 1e300),
        (np.array(0.25), 0.25),
    ],
)
def test_scalars_convert_to_0d_float(value: object, expected: float) -> None:
    arr = check_real_array("p", value)
    assert arr.dtype == np.float64
    assert arr.ndim == 0
    assert float(arr) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([0.25, 1], [0.25, 1.0]),
        ((1, Fraction(1, 2)), [1.0, 0.5]),
        ([[1, 2], [3, 4]], [[1.0, 2.0], [3.0, 4.0]]),
        (np.array([1, 2], dtype=np.uint8), [1.0, 2.0]),
        (np.array([Fraction(1, 2), 3], dtype=object), [0.5, 3.0]),
        ([float("inf"), 0.0], [float("inf"), 0.0]),
    ],
)
def test_arrays_convert_to_float(value: object, expected: list[object]) -> None:
    arr = check_real_array("p", value)
    assert arr.dtype == np.float64
    np.testing.assert_array_equal(arr, np.array(expected, dtype=float))


def test_float_array_is_not_copied() -> None:
    a = np.linspace(0, 1, 5)
    assert check_real_array("p", a) is a


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("0.5", r"p must be a real number or an array of real numbers \(not a string\)"),
        (b"1", r"not a string"),
        (["0.5", 1], r"not a string"),
        (np.array(["a"]), r"not a string"),
        (True, r"p must be .* \(not a bool\); got p=True"),
        (np.bool_(False), r"not a bool"),
        ([1.0, True], r"not a bool"),
        (np.array([True, False]), r"not a bool"),
        (1j, r"not complex"),
        (np.complex128(1), r"not complex"),
        ([1, 2j], r"not complex"),
        (np.array([1 + 0j]), r"not complex"),
        ({}, r"p must be a real number or an array of real numbers; got p=\{\}"),
        ({"a": 1}, r"real number"),
        ({1, 2}, r"real number"),
        (None, r"got p=None"),
        (object(), r"real number"),
        (sympy.I, r"real number"),
        ([], r"p must be a nonempty array; got p=\[\]"),
        (np.empty((0, 3)), r"nonempty"),
        ([[1, 2], [3]], r"p must be a rectangular array"),
        ([[1, 2], 3], r"rectangular"),
        ([[1, [2]], [3, 4]], r"rectangular"),
        (10**400, r"p must be a real number within float range"),
        ([1, -(10**400)], r"within float range"),
        (Fraction(10**400), r"within float range"),
        (float("nan"), r"p must be a number \(not NaN\)"),
        ([0.0, float("nan")], r"not NaN"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), r"real number"),
    ],
)
def test_bad_values_refused_by_name(value: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        check_real_array("p", value)


def test_allow_nan_and_empty() -> None:
    assert np.isnan(check_real_array("p", float("nan"), allow_nan=True))
    assert check_real_array("p", [], allow_empty=True).size == 0


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(InvalidParameterError) as info:
        check_real_array("p", 10**400)
    assert len(str(info.value)) < 300
    assert str(info.value).endswith("...")


@pytest.mark.parametrize(
    ("check", "value", "match"),
    [
        (lambda v: check_interval("q", v, low=0, high=1), "0.5", r"q must be .* \(not a string\)"),
        (lambda v: check_interval("q", v, low=0, high=1), True, r"q must be .* \(not a bool\)"),
        (lambda v: check_interval("q", v, low=0, high=1), 2.0, r"q must be in \[0, 1\]"),
        (lambda v: check_array("x", v), [1.0, float("inf")], "x must be finite"),
        (lambda v: check_array("x", v, ndim=1), [[1.0]], "x must be a 1-dimensional array"),
        (lambda v: check_array("x", v), [[1.0], []], "x must be a rectangular array"),
    ],
)
def test_other_checks_share_the_conversion(check: object, value: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        check(value)  # type: ignore[operator]
