"""Newcombe's hybrid score intervals pinned to the published examples (issue 18: a wrong
arm in the paired interval passed every test)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.analysis.spec_value import newcombe_interval, paired_newcombe_interval
from dealmodels.errors import InvalidParameterError

# Newcombe (1998a), Statistics in Medicine 17, 873-890, Table II, method 10
INDEPENDENT = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0)),
    ((10, 10, 0, 10), (0.6075, 1.0)),
]


@pytest.mark.parametrize(("counts", "expected"), INDEPENDENT)
def test_independent_interval_matches_newcombe_1998a(counts, expected):
    lo, hi = newcombe_interval(*counts)
    assert (round(lo, 4), round(hi, 4)) == expected


def test_paired_interval_matches_newcombe_1998b_example():
    lo, hi = paired_newcombe_interval(36, 12, 2, 0)
    assert (round(lo, 4), round(hi, 4)) == (0.0569, 0.3404)


@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 30))
def test_paired_interval_without_correlation_is_the_independent_one(k, r, s):
    """With a*d == b*c the correlation estimate is 0, and the paired interval's arms are
    the independent interval's on the two margins (both built on the one Wilson)."""
    a, b, c, d = k * r, k * s, r, s  # a*d = k*r*s = b*c
    n = a + b + c + d
    paired = paired_newcombe_interval(a, b, c, d)
    independent = newcombe_interval(a + b, n, a + c, n)
    assert paired == pytest.approx(independent, abs=1e-12)


@pytest.mark.parametrize("counts", [(56, 70, 48, 80), (3, 10, 9, 10), (0, 5, 5, 5)])
def test_independent_interval_contains_the_estimate_and_mirrors(counts):
    x1, n1, x2, n2 = counts
    lo, hi = newcombe_interval(x1, n1, x2, n2)
    assert lo <= x1 / n1 - x2 / n2 <= hi
    mlo, mhi = newcombe_interval(x2, n2, x1, n1)
    assert (mlo, mhi) == pytest.approx((-hi, -lo))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((5, 4, 1, 2), "count"),
        ((1, 0, 1, 2), "n"),
        ((-1, 4, 1, 2), "count"),
        ((1.5, 4, 1, 2), "count"),
    ],
)
def test_independent_interval_refuses_bad_counts_by_name(args, name):
    with pytest.raises(InvalidParameterError, match=rf"^{name} must be"):
        newcombe_interval(*args)
