"""Tests for dealmodels.cli: every command, end to end on the default scenario, and bad input."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dealmodels.analysis import sweep
from dealmodels.cli import main
from dealmodels.models import TakeoverDecision


def test_models_lists_models_and_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "takeover-decision" in out
    assert "--trust" in out
    assert "--utility" in out


def test_solve_prints_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "takeover-decision", "--p", "0.3", "--trust=0.9", "--budget", "1"]) == 0
    out = capsys.readouterr().out
    r = TakeoverDecision().solve(p=0.3, trust=0.9, budget=1.0)
    assert out.splitlines()[0] == f"takeover decision: {r.regime}"
    assert r.explanation in out
    assert f"minimum_payment          {r.minimum_payment}" in out


def test_solve_disposition_fields_feed_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "takeover", "--utility", "cara", "--myopia", "0.25"]) == 0
    out = capsys.readouterr().out
    assert "discount                 0.75" in out


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["solve", "nope"], "model must be one of"),
        (["solve", "takeover", "--colour", "red"], "no parameter, option or disposition 'colour'"),
        (["solve", "takeover", "--p", "1.5"], r"p must be in \[0, 1\]; got p=1.5"),
        (["solve", "takeover", "--p", "high"], "p must be a number"),
        (["solve", "takeover", "--p"], "--p needs a value"),
        (["solve", "takeover", "--utility", "cubic"], "utility must be one of"),
        (["solve", "takeover", "--trust", "1.3"], r"trust must be in \[0, 1\]"),
        (["sweep", "takeover"], "at least one --grid"),
        (["sweep", "takeover", "--grid", "p=0:1"], "NAME=LOW:HIGH:N"),
        (["sweep", "takeover", "--grid", "p=0:2:3"], r"p must be in \[0, 1\]"),
        (["sweep", "takeover", "--grid", "p=0:1:3", "--out", "x.txt"], r"\.csv or \.parquet"),
        (["models", "--extra"], "unrecognized arguments"),
    ],
)
def test_errors_exit_2_with_one_line(
    argv: list[str], match: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dealmodels {argv[0]}: error: ")
    assert re.search(match, err), err
    assert "Traceback" not in err


def test_sweep_writes_csv_equal_to_the_api(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    argv = ["sweep", "takeover", "--grid", "p=0:1:5", "--grid", "trust=0.1:1:4", "--budget", "0.5"]
    assert main([*argv, "--out", str(out)]) == 0
    got = pd.read_csv(out)
    want = sweep(
        TakeoverDecision(),
        {"p": np.linspace(0, 1, 5), "trust": np.linspace(0.1, 1, 4)},
        fixed={"budget": 0.5},
    )
    assert list(got.columns) == list(want.columns)
    assert got["regime"].tolist() == want["regime"].astype(str).tolist()
    np.testing.assert_allclose(got["minimum_payment"], want["minimum_payment"])


def test_sweep_csv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "takeover", "--grid", "p=0:1:3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("p,regime,cooperates")
    assert len(lines) == 4


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow missing")
def test_sweep_parquet_round_trip(tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "g.parquet"
    grid = ["--grid", "p=0:1:5", "--grid", "trust=0.1:1:4"]
    assert main(["sweep", "takeover", *grid, "--out", str(out)]) == 0
    got = pd.read_parquet(out)
    assert len(got) == 20
    assert set(got["regime"]) <= {"compliance", "deal", "takeover attempt"}


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is not None, reason="pyarrow installed")
def test_parquet_without_pyarrow_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["sweep", "takeover", "--grid", "p=0:1:3", "--out", str(tmp_path / "g.parquet")]) == 2
    )
    assert "needs pyarrow" in capsys.readouterr().err


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dealmodels", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


_SMALL_SCENARIO = """
[analysis]
resolution = 6
monte_carlo_n = 200
sensitivity_n = 16
[[models]]
model = "takeover-decision"
maps = [{ x = ["trust", 0, 1], y = ["p", 0, 1] }]
"""


def test_report_end_to_end_on_a_small_scenario(tmp_path: Path) -> None:
    # the full default report runs in .ci/run (the README's main command), not here
    (tmp_path / "scenario.toml").write_text(_SMALL_SCENARIO, encoding="utf-8")
    proc = _run("report", "scenario.toml", "--out", "rep", "--no-progress", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "rep"
    assert (out / "index.html").is_file()
    md = (out / "report.md").read_text(encoding="utf-8")
    pngs = sorted(out.glob("*.png"))
    assert pngs
    for png in pngs:
        assert f"]({png.name})" in md


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("outputs = ['treat_value']\n", "outputs: unknown output 'treat_value'; allowed: "),
        (
            "maps = [{ x = ['trust', 0, 1], y = ['pp', 0, 1] }]\n",
            "maps[0].y: unknown parameter 'pp'; allowed: ",
        ),
    ],
)
def test_report_bad_outputs_or_axis_is_one_line_before_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, message: str
) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text("[[models]]\nmodel = 'takeover'\n" + extra, encoding="utf-8")
    assert main(["report", str(path), "--out", str(tmp_path / "rep"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dealmodels report: error: ")
    assert message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "rep").exists()


def test_report_unwritable_out_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    assert main(["report", "--out", str(tmp_path / "taken"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dealmodels report: error: out must be a directory; got out=")
    assert err.count("\n") == 1


def test_report_bad_scenario_file(tmp_path: Path) -> None:
    (tmp_path / "scenario.toml").write_text("[disposition]\ntrust = 1.3\n", encoding="utf-8")
    proc = _run("report", "scenario.toml", "--out", "rep", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "dealmodels report: error: scenario.toml: [disposition] trust must be in [0, 1]; "
        "got trust=1.3"
    )
    assert not (tmp_path / "rep").exists()


def test_cli_and_report_import_light() -> None:
    code = (
        "import sys, dealmodels.cli, dealmodels.report, dealmodels.plotting, dealmodels.analysis\n"
        "print(','.join(m for m in ('sympy', 'scipy', 'pandas', 'matplotlib', 'tqdm', 'dask')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- bad input: outputs, grids, names, help ------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (
            ["sweep", "takeover", "--grid", "p=0:1:3", "--out", "/nonexistent/x.csv"],
            "/nonexistent",
        ),
        (
            ["sweep", "takeover", "--grid", "p=0:1:2", "--grid", "p=0:1:3"],
            "--grid p is given twice",
        ),
        (["sweep", "takeover", "--grid", "p=0:1:2", "--p", "0.5"], "both varied .* and fixed"),
        (["sweep", "takeover", "--grid", "myopia=0:1:2", "--myopia", "0.5"], "both varied"),
        (
            ["sweep", "takeover", "--grid", "myopia=0:1:2", "--grid", "discount=0:1:2"],
            "vary the same parameter",
        ),
        (["sweep", "takeover", "--grid", "myopia=0:2:3"], r"myopia must be in \[0, 1\]"),
        (["sweep", "collusion", "--grid", "myopia=0:1:3"], "reads no parameter from .*myopia"),
        (["sweep", "takeover", "--grid", "mypia=0:1:3"], "did you mean 'myopia'"),
        (["solve", "takeover", "--trst", "0.5"], "'trst' \\(did you mean 'trust'\\?\\)"),
        (["solve", "takeover", "--p", "0.1", "--p", "0.2"], "--p is given twice"),
        (["solve", "takeovr"], "did you mean 'takeover-decision'"),
        (["solve", "colusion"], "did you mean 'collusion'"),
        (["solve"], "give a MODEL"),
    ],
)
def test_more_errors_exit_2_with_one_line(
    argv: list[str], match: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dealmodels {argv[0]}: error: ")
    assert len(err.strip().splitlines()) == 1
    assert re.search(match, err), err


def test_unwritable_outputs_are_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    for args in (
        ["sweep", "takeover", "--grid", "p=0:1:3", "--out", "/nonexistent/x.csv"],
        ["sweep", "takeover", "--grid", "p=0:1:3", "--out", str(tmp_path) + "/file/x.csv"],
        ["report", "--out", "/proc/x"],
        ["report", "--out", str(tmp_path / "file" / "rep")],
    ):
        proc = _run(*args, cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith(f"dealmodels {args[0]}: error: "), proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_sweep_over_a_disposition_field(tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    argv = ["sweep", "takeover", "--grid", "myopia=0:1:3", "--grid", "p=0.1:0.3:2"]
    assert main([*argv, "--out", str(out)]) == 0
    got = pd.read_csv(out)
    assert list(got.columns[:3]) == ["myopia", "discount", "p"]
    assert got["myopia"].tolist() == [0.0, 0.0, 0.5, 0.5, 1.0, 1.0]
    np.testing.assert_allclose(got["discount"], 1 - got["myopia"])
    want = sweep(TakeoverDecision(), {"discount": [1.0, 0.5, 0.0], "p": np.linspace(0.1, 0.3, 2)})
    assert got["regime"].tolist() == want["regime"].astype(str).tolist()
    np.testing.assert_allclose(got["minimum_payment"], want["minimum_payment"])


def test_solve_model_help_lists_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "takeover", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: dealmodels solve")
    for p in TakeoverDecision().parameters:
        assert f"--{p} " in out
    assert "--utility" in out
    assert "myopia" in out
    assert main(["sweep", "--help"]) == 0
    assert "--grid" in capsys.readouterr().out
    assert main(["solve", "nope", "--help"]) == 2


def test_short_parameter_names_are_not_taken_for_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # --p is the model's p, not an abbreviation of --progress
    assert main(["sweep", "takeover", "--grid", "trust=0.5:1:2", "--p", "0.9"]) == 0
    got = capsys.readouterr().out.strip().splitlines()
    want = sweep(TakeoverDecision(), {"trust": [0.5, 1.0]}, fixed={"p": 0.9})
    assert [line.split(",")[1] for line in got[1:]] == want["regime"].astype(str).tolist()
