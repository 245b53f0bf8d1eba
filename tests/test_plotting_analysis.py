"""Tests for the analysis figures in dealmodels.plotting (regime maps, sensitivity, frontiers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import dealmodels as dm
from dealmodels.analysis import monte_carlo, regions, sensitivity
from dealmodels.errors import InvalidParameterError
from dealmodels.models import TakeoverDecision
from dealmodels.plotting import (
    OKABE_ITO,
    plot_frontier,
    plot_monte_carlo,
    plot_regions,
    plot_sobol,
    plot_tornado,
    regime_colors,
)

pytest.importorskip("matplotlib")

PRIORS = {"p": stats.uniform(0, 0.8), "trust": stats.beta(3, 3), "myopia": stats.beta(2, 5)}


@pytest.fixture(scope="module")
def sens() -> dm.SensitivityResult:
    return sensitivity(TakeoverDecision(), PRIORS, n=128, seed=0, outputs=("cooperates",))


def _saved(ax: object, path: Path) -> None:
    ax.figure.savefig(path)  # type: ignore[attr-defined]
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_regime_map_with_exact_boundary(tmp_path: Path) -> None:
    m = regions(TakeoverDecision(), ("trust", 0, 1), ("p", 0, 1), resolution=40)
    ax = plot_regions(m)
    assert ax.get_xlabel().startswith("trust: ")
    assert ax.get_ylabel().startswith("p: ")
    # the boundary line is the threshold curve p = t(trust)
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_xdata(), m.boundary.t)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "takeover attempt" in labels
    assert any("exact" in lab for lab in labels)
    _saved(ax, tmp_path / "map.png")


def test_regime_map_with_contour(tmp_path: Path) -> None:
    # CARA in (risk_aversion, prize): the boundary is transcendental in both axes, so the map
    # draws the contour of the exact condition
    model = TakeoverDecision(utility="cara")
    fixed = {"loss": 0.0, "delay_takeover": 1.0, "budget": 1.0}
    m = regions(model, ("risk_aversion", 0.05, 3), ("prize", 0.1, 5), resolution=30, fixed=fixed)
    ax = plot_regions(m)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("contour" in lab for lab in labels)
    _saved(ax, tmp_path / "contour.png")


def test_tornado_and_sobol(sens: dm.SensitivityResult, tmp_path: Path) -> None:
    ax = plot_tornado(sens)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[-1] == sens.tornado["cooperates"].ranking()[0]  # largest swing on top
    assert "P(cooperation)" in ax.get_xlabel()
    _saved(ax, tmp_path / "tornado.png")
    ax = plot_sobol(sens)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[-1] == sens.ranking()[0]
    _saved(ax, tmp_path / "sobol.png")


def test_monte_carlo_chart(tmp_path: Path) -> None:
    mc = monte_carlo(TakeoverDecision(), PRIORS, n=500, seed=1)
    ax = plot_monte_carlo(mc)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(mc.regimes)
    _saved(ax, tmp_path / "mc.png")


def test_frontier_marks_solutions(tmp_path: Path) -> None:
    problem = dm.BargainingProblem.linear(1.0, disagreement=(0.2, 0.1))
    sols = [dm.nash_bargaining(problem), dm.kalai_smorodinsky(problem)]
    ax = plot_frontier(problem, sols)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(lab.startswith("nash") for lab in labels)
    assert any(lab.startswith("kalai smorodinsky") for lab in labels)
    _saved(ax, tmp_path / "frontier.png")


def test_regime_colors_are_okabe_ito_and_failures_warm() -> None:
    colors = regime_colors(["deal", "takeover attempt", "compliance", "no deal: takeover attempt"])
    assert set(colors.values()) <= set(OKABE_ITO)
    assert colors["takeover attempt"] in ("#D55E00", "#CC79A7", "#E69F00")
    assert colors["deal"] in ("#009E73", "#56B4E9", "#0072B2")
    assert len(set(colors.values())) == 4


def test_draws_on_a_given_axes() -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    m = regions(TakeoverDecision(), ("trust", 0, 1), ("p", 0, 1), resolution=10)
    assert plot_regions(m, ax1) is ax1
    assert plot_monte_carlo(monte_carlo(TakeoverDecision(), PRIORS, n=50, seed=0), ax2) is ax2


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: plot_regions("map"), "region_map"),
        (lambda s: plot_tornado("x"), "result"),
        (lambda s: plot_sobol(s, output="nope"), "output"),
        (lambda s: plot_monte_carlo(s), "result"),
        (lambda s: plot_frontier("problem"), "problem"),
    ],
)
def test_bad_input(sens: dm.SensitivityResult, call: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call(sens)  # type: ignore[operator]
