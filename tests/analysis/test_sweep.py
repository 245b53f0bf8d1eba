"""Tests for dealmodels.analysis.sweep: per-point agreement, executors, bad input."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.analysis import grid_points, sweep
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import TakeoverDecision
from dealmodels.world import World

GRID = {"p": np.linspace(0, 1, 7), "trust": np.linspace(0.1, 1, 5), "risk_aversion": [0.5, 2.0]}

# the takeover model's first-stage defaults: a prize of 1 received one period later, no loss
M1_WORLD = World(prize=1.0, loss=0.0, delay_takeover=1.0, budget=1.0)


@pytest.mark.parametrize("utility", ["linear", "cara", "crra"])
def test_sweep_equals_per_point_solves(utility: str) -> None:
    model = TakeoverDecision(utility=utility)
    df = sweep(model, GRID, fixed={"budget": 0.6, "discount": 0.9}, chunk_size=11)
    assert len(df) == 7 * 5 * 2
    for row in df.itertuples(index=False):
        r = model.solve(
            p=row.p, trust=row.trust, risk_aversion=row.risk_aversion, budget=0.6, discount=0.9
        )
        assert row.regime == r.regime
        assert row.cooperates == r.cooperates
        assert row.minimum_payment == pytest.approx(r.minimum_payment)
        assert row.surplus == pytest.approx(r.surplus)


def test_columns_and_order() -> None:
    df = sweep(TakeoverDecision(world=M1_WORLD), {"p": [0.1, 0.2], "trust": [0.5, 0.6, 0.7]})
    assert list(df.columns[:4]) == ["p", "trust", "regime", "cooperates"]
    assert "minimum_payment" in df.columns
    assert df["trust"].tolist() == [0.5, 0.6, 0.7] * 2  # last parameter varies fastest
    assert isinstance(df["regime"].dtype, pd.CategoricalDtype)
    assert list(df["regime"].cat.categories) == list(TakeoverDecision.regimes)
    assert df.attrs["model"] == "takeover decision"


def test_chunking_and_executor_do_not_change_the_table() -> None:
    model = TakeoverDecision(utility="cara")
    grid = {"p": np.linspace(0, 1, 31), "trust": np.linspace(0.05, 1, 29)}
    whole = sweep(model, grid, chunk_size=10**6)
    pieces = sweep(model, grid, chunk_size=37)
    with ThreadPoolExecutor(2) as ex:
        threaded = sweep(model, grid, chunk_size=50, executor=ex, progress=True)
    pd.testing.assert_frame_equal(whole, pieces)
    pd.testing.assert_frame_equal(whole, threaded)


def test_disposition_fills_values() -> None:
    d = Disposition(myopia=0.5, trust=0.9)
    df = sweep(TakeoverDecision(world=M1_WORLD), {"p": [0.3]}, disposition=d)
    r = TakeoverDecision(d, world=M1_WORLD).solve(p=0.3)
    assert df["minimum_payment"].iloc[0] == pytest.approx(r.minimum_payment)


def test_grid_points_is_a_cartesian_product() -> None:
    pts = grid_points(
        TakeoverDecision(world=M1_WORLD), {"p": [0.1, 0.2, 0.3], "trust": [0.5, 0.6]}
    )
    pairs = set(zip(pts["p"].tolist(), pts["trust"].tolist(), strict=True))
    assert pairs == {(p, t) for p in (0.1, 0.2, 0.3) for t in (0.5, 0.6)}


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dask_executor_equals_in_process() -> None:
    distributed = pytest.importorskip("distributed")
    model = TakeoverDecision(utility="cara")
    grid = {"p": np.linspace(0, 1, 41), "trust": np.linspace(0.05, 1, 23)}
    local = sweep(model, grid, chunk_size=100)
    with (
        distributed.LocalCluster(
            processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = sweep(model, grid, chunk_size=100, executor=client.get_executor(pure=False))
    pd.testing.assert_frame_equal(local, remote)


BAD = [
    ({"grid": {}}, "grid"),
    ({"grid": {"nope": [1.0]}}, "nope"),
    ({"grid": {"p": [0.1, 1.5]}}, "p must be in"),
    ({"grid": {"p": [[0.1]]}}, "grid"),
    ({"grid": {"p": []}}, "grid"),
    ({"grid": {"p": ["0.1", "0.2"]}}, r"grid\['p'\] must be .*\(not a string\)"),
    ({"grid": {"p": "0.1"}}, r"grid\['p'\] must be .*\(not a string\)"),
    ({"grid": {"p": [True, False]}}, r"grid\['p'\] must be .*\(not a bool\)"),
    ({"grid": {"p": [0.1, 0.2j]}}, r"grid\['p'\] must be .*\(not complex\)"),
    ({"grid": {"p": [[0.1, 0.2], [0.3]]}}, r"grid\['p'\] must be a rectangular array"),
    ({"grid": {"p": {}}}, r"grid\['p'\] must be a real number"),
    ({"grid": {"p": [0.1, float("nan")]}}, r"grid\['p'\] must be a number \(not NaN\)"),
    ({"grid": {"p": 0.1}}, r"grid\['p'\] must be a non-empty 1-D array"),
    ({"grid": {"p": [0.1]}, "fixed": {"p": 0.2}}, "fixed"),
    ({"grid": {"p": [0.1]}, "fixed": {"trust": 2.0}}, "trust"),
    ({"grid": {"p": [0.1]}, "fixed": {"trust": [0.1, 0.2]}}, "trust"),
    ({"grid": {"p": [0.1]}, "chunk_size": 0}, "chunk_size"),
    ({"grid": {"p": [0.1]}, "executor": "pool"}, "executor"),
    ({"grid": {"p": [0.1]}, "disposition": {"trust": 1}}, "disposition"),
]


@pytest.mark.parametrize(("kwargs", "match"), BAD)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        sweep(TakeoverDecision(world=M1_WORLD), **kwargs)  # type: ignore[arg-type]


def test_bad_model() -> None:
    with pytest.raises(InvalidParameterError, match="model"):
        sweep("takeover", {"p": [0.1]})  # type: ignore[arg-type]


def test_process_pool_equals_in_process() -> None:
    from concurrent.futures import ProcessPoolExecutor

    model = TakeoverDecision(utility="crra")
    grid = {"p": np.linspace(0, 1, 17), "trust": np.linspace(0.05, 1, 13)}
    with ProcessPoolExecutor(2) as ex:
        remote = sweep(model, grid, chunk_size=40, executor=ex)
    pd.testing.assert_frame_equal(sweep(model, grid), remote)


@given(
    p=st.lists(st.floats(0, 1), min_size=1, max_size=5),
    # (subnormal trust overflows threat / trust inside M1: a RuntimeWarning, not our concern)
    trust=st.lists(st.floats(0, 1).filter(lambda t: t == 0 or t > 1e-9), min_size=1, max_size=5),
    rho=st.floats(0.01, 4),
)
def test_property_sweep_equals_per_point_solves(
    p: list[float], trust: list[float], rho: float
) -> None:
    model = TakeoverDecision(utility="cara")
    df = sweep(model, {"p": p, "trust": trust}, fixed={"risk_aversion": rho}, chunk_size=3)
    assert len(df) == len(p) * len(trust)
    for row in df.itertuples(index=False):
        r = model.solve(p=row.p, trust=row.trust, risk_aversion=rho)
        assert row.regime == r.regime
        assert row.cooperates == r.cooperates
        assert row.threat_value == r.threat_value
