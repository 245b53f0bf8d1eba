"""Size limits before allocation: every count of points a call would build is checked
against dealmodels._validation.MAX_POINTS first, with an error naming the parameter, the
value and the allowed range (issue 18)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from dealmodels._validation import MAX_POINTS, check_size
from dealmodels.analysis import grid_points, monte_carlo, sensitivity, sweep
from dealmodels.dispositions import Disposition, Spec
from dealmodels.errors import InvalidParameterError
from dealmodels.models.takeover import TakeoverDecision

HUGE = [MAX_POINTS + 1, 10**12, 10**400]


@pytest.mark.parametrize(
    ("value", "expected"), [(1, 1), (MAX_POINTS, MAX_POINTS), ([3, 4], 12), ((2, 5, 7), 70)]
)
def test_check_size_accepts_counts_within_the_limit(value, expected):
    assert check_size("n", value) == expected


@pytest.mark.parametrize("value", [0, -1, *HUGE, [MAX_POINTS, 2], [10**6] * 3])
def test_check_size_refuses_by_name_with_the_range(value):
    with pytest.raises(InvalidParameterError, match=r"^n must be") as err:
        check_size("n", value)
    msg = str(err.value)
    assert "got n=" in msg
    if not (isinstance(value, int) and value < 1):
        assert f"{MAX_POINTS:,}" in msg


@pytest.mark.parametrize("value", ["10", 2.5, True, None, [1, "a"]])
def test_check_size_refuses_non_integers(value):
    with pytest.raises(InvalidParameterError, match="integer"):
        check_size("n", value)


def _huge_axes() -> dict[str, np.ndarray]:
    # small arrays whose product is huge: the mesh would be 74.5 GiB per array
    return {"p": np.linspace(0, 1, 100_000), "loss": np.linspace(0, 1, 100_000)}


@pytest.mark.parametrize("call", [grid_points, sweep], ids=["grid_points", "sweep"])
def test_grids_refused_before_the_mesh(call):
    with pytest.raises(InvalidParameterError, match=r"grid must be .*100000 x 100000"):
        call(TakeoverDecision(), _huge_axes())


def test_grid_at_the_limit_still_builds_lazily_small():
    pts = grid_points(TakeoverDecision(), {"p": [0.1, 0.2], "trust": [0.5, 0.6, 0.7]})
    assert len(pts["p"]) == 6


@pytest.mark.parametrize("n", HUGE)
def test_monte_carlo_n_refused_by_size(n):
    with pytest.raises(InvalidParameterError, match=r"^n must be .*10,000,000 draws"):
        monte_carlo(TakeoverDecision(), {"p": stats.uniform()}, n=n)


@pytest.mark.parametrize("n", HUGE)
def test_spec_sample_n_refused_by_size(n):
    with pytest.raises(InvalidParameterError, match=r"^n must be .*10,000,000 draws"):
        Spec(target=Disposition()).sample(n, seed=1)


@pytest.mark.parametrize("n", HUGE)
def test_sensitivity_n_refused_by_size(n):
    with pytest.raises(InvalidParameterError, match=r"^n must be .*10,000,000"):
        sensitivity(TakeoverDecision(), {"p": stats.uniform()}, n=n)


@pytest.mark.parametrize(
    ("grids", "expected"),
    [
        (["p=0:1:100000000000"], "N must be in [1, 10,000,000]"),
        (["p=0:1:0"], "N must be in [1, 10,000,000]"),
        (["p=0:1:10000", "loss=0:1:10000"], "100,000,000 points (10000 x 10000)"),
    ],
)
def test_cli_grid_refused_by_size(tmp_path, grids, expected):
    args = [sys.executable, "-m", "dealmodels", "sweep", "takeover"]
    for g in grids:
        args += ["--grid", g]
    args += ["--out", str(tmp_path / "x.csv")]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 2
    assert expected in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
