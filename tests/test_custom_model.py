"""The example of a user-written model (examples/custom_model.py) and model registration."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from abc import ABC
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.errors import InvalidParameterError
from dealmodels.models import (
    Model,
    MonitoringGame,
    register,
    registered,
    registry,
    unregister,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "custom_model.py"


def _load() -> Any:
    """Import the example as a module (registering its model), once."""
    if "custom_model_example" in sys.modules:
        return sys.modules["custom_model_example"]
    spec = importlib.util.spec_from_file_location("custom_model_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["custom_model_example"] = module
    spec.loader.exec_module(module)
    unregister(module.PaymentOrOversight)  # each test registers it only while it runs
    return module


@pytest.fixture
def model_cls() -> Any:
    cls = _load().PaymentOrOversight
    with registered(cls):
        yield cls
    assert "payment-or-oversight" not in registry()


def test_model_fits_in_under_40_lines() -> None:
    lines = inspect.getsourcelines(_load().PaymentOrOversight)[0]
    assert sum(1 for line in lines if line.strip()) < 40


def test_registered_and_found_everywhere(model_cls: Any) -> None:
    from dealmodels.report import find_model

    assert registry()["payment-or-oversight"] is model_cls
    assert list(registry())[-1] == "payment-or-oversight"  # after the package's own models
    assert find_model("payment-or-oversight") is model_cls
    assert find_model("payment or oversight") is model_cls


def test_known_answers(model_cls: Any) -> None:
    m = model_cls()
    # b = f = 1, d = 0.2, o = 0.3, q = 0.5: payment margin 0.5 P - 0.6; d_o = 0.44
    r = m.solve(payment=1.5)
    assert r.regime == "paid cooperation"
    assert r.cooperates is True
    assert m.solve(payment=1.0).regime == "defection"
    # d = 0.4: d_o = 0.58 >= 0.5, more oversight deters and is cheaper than P = 1
    assert m.solve(detection=0.4).regime == "overseen cooperation"
    # both deter: the cheaper offer wins
    assert m.solve(detection=0.4, payment=0.3, trust=1.0).regime == "paid cooperation"
    from dealmodels.dispositions import Disposition

    assert m.solve(Disposition(trust=0.3), payment=1.5).regime == "defection"
    assert model_cls(Disposition(trust=1.0)).solve().regime == "paid cooperation"


def test_bad_values_are_refused(model_cls: Any) -> None:
    with pytest.raises(InvalidParameterError, match="detection"):
        model_cls().solve(detection=1.5)
    with pytest.raises(InvalidParameterError, match="did you mean"):
        model_cls().solve(payments=1.0)


unit = st.floats(0, 1, allow_nan=False)
nonneg = st.floats(0, 1e6, allow_nan=False)


@given(b=nonneg, f=nonneg, d=unit, o=unit, p=nonneg, k=nonneg, q=unit)
def test_solve_agrees_with_condition(
    b: float, f: float, d: float, o: float, p: float, k: float, q: float
) -> None:
    cls = _load().PaymentOrOversight
    values = {
        "gain": b,
        "penalty": f,
        "detection": d,
        "oversight": o,
        "payment": p,
        "oversight_cost": k,
    }
    r = cls().solve(trust=q, **values)
    cond = cls().cooperation_condition()
    point = {n: v for n, v in r.values.items() if n in cond.parameters}
    assert r.cooperates == bool(cond.holds(**point))
    assert (r.regime != "defection") == r.cooperates


def test_arrays_broadcast(model_cls: Any) -> None:
    r = model_cls().solve(trust=np.linspace(0, 1, 11), detection=np.array([[0.1], [0.4]]))
    assert r.regime.shape == (2, 11)
    assert r.cooperates.dtype == bool
    assert r.cooperates[1].all()
    assert not r.cooperates[0, 0]


def test_analysis_functions(model_cls: Any) -> None:
    from scipy import stats

    from dealmodels.analysis import monte_carlo, regions, sensitivity, sweep

    m = model_cls()
    df = sweep(m, {"trust": [0.0, 1.0], "detection": [0.1]})
    assert list(df["regime"]) == ["defection", "paid cooperation"]
    rmap = regions(m, ("trust", 0, 1), ("detection", 0, 1), resolution=20)
    assert rmap.cooperates.any()
    assert not rmap.cooperates.all()
    priors = {"trust": stats.beta(3, 3), "detection": stats.uniform(0, 0.5)}
    mc = monte_carlo(m, priors, n=500, seed=1)
    assert 0 < mc.cooperation.estimate < 1
    sens = sensitivity(m, priors, n=64, seed=1)
    assert set(sens.ranking()) == {"trust", "detection"}


def test_scenario_file_and_report(model_cls: Any, tmp_path: Path) -> None:
    from dealmodels.report import build_report

    path = tmp_path / "scenario.toml"
    path.write_text(_load().SCENARIO)
    build_report(path, tmp_path / "out", progress=False)
    text = (tmp_path / "out" / "report.md").read_text()
    assert "payment or oversight" in text.lower()


def test_cli_lists_it(model_cls: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from dealmodels.cli import main

    main(["models"])
    assert "payment-or-oversight" in capsys.readouterr().out


# -- registration errors -----------------------------------------------------------------------
def test_register_refuses_a_non_model() -> None:
    with pytest.raises(InvalidParameterError, match="cls must be a subclass of"):
        register(int)  # type: ignore[type-var]
    with pytest.raises(InvalidParameterError, match="cls must be"):
        register("payment-or-oversight")  # type: ignore[type-var]


def test_register_refuses_an_abstract_class() -> None:
    class HalfModel(Model, ABC):
        name = "half"

    with pytest.raises(InvalidParameterError, match=r"'half-model'.*HalfModel"):
        register(HalfModel)


def test_register_refuses_a_key_clash() -> None:
    class MonitoringGame2(MonitoringGame):
        pass

    MonitoringGame2.__name__ = "MonitoringGame"  # same key as the package's model
    with pytest.raises(InvalidParameterError, match=r"'monitoring-game'.*dealmodels.models"):
        register(MonitoringGame2)
    assert registry()["monitoring-game"] is MonitoringGame


def test_register_twice_is_idempotent_and_unregister_errors() -> None:
    class MyMonitoring(MonitoringGame):
        pass

    assert register(MyMonitoring) is register(MyMonitoring) is MyMonitoring
    unregister("my-monitoring")
    assert "my-monitoring" not in registry()
    with pytest.raises(InvalidParameterError, match="model must be a model added with register"):
        unregister(MyMonitoring)
    with pytest.raises(InvalidParameterError, match="model must be"):
        unregister(MonitoringGame)


def test_cli_solves_it(model_cls: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from dealmodels.cli import main

    main(["solve", "payment-or-oversight", "--payment", "1.5", "--trust", "0.3"])
    out = capsys.readouterr().out
    # the AI defects against either offer (0.45 < 0.6 paid, 0 < 0.12 overseen); the developer
    # then prefers not to pay for oversight: -3 > -3.4
    assert "defection: subgame-perfect play payment/defect (developer -3, AI 0.6)" in out
