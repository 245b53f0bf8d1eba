"""The flagship report: how much the model spec is worth if alignment fails, and why.

``dealmodels report`` (or :func:`build_report`) reads a *scenario file* (TOML; with none, the
built-in ``dealmodels/data/default_scenario.toml``) and writes, in this order:

1. **The answer**: sentences generated from :func:`dealmodels.spec_value` (each spec against
   no spec: P(no takeover attempt), P(deal) and the developer's expected value with intervals;
   the Shapley shares of the target dispositions and the cost of secondary effects; the
   robustness of the ranking), one figure comparing the specs with no spec and one
   attribution figure.
2. **The failure modes of the article** (non-corrigible takeover; negotiated cooperation;
   controlled extraction; after a takeover): each model that serves one, solved alone at the
   same world and dispositions as the composed scenario, with a sentence wherever a model
   alone and the composed scenario disagree, saying why; then what the composed outcome
   depends on (sensitivity, dispositions and world parameters apart).
3. **Appendix**: for every model of the scenario, its condition (MathML, one clause per line),
   a legend of its symbols, its regime at the scenario, its regime maps with the scenario's
   point marked, and its uncertainty analysis.

Output: ``DIR/index.html`` (one self-contained file: images embedded, maths as MathML, no
network at view time), ``DIR/report.md`` (linking the PNGs) and the PNG figures.

Scenario file format (every table optional)::

    title = "..."                      # report title
    description = "..."                # a paragraph
    seed = 2026                        # seeds every random step

    [disposition]                      # the AI's realised Disposition fields, e.g.
    myopia = 0.2
    trust = 0.6

    [world]                            # world values ([environment] is the old name),
    p = 0.2                            # applied to every model that has the parameter

    [priors]                           # per Disposition field or world/model parameter
    trust = { dist = "beta", a = 5, b = 3 }
    p = { dist = "uniform", low = 0.05, high = 0.5 }
    # dists: uniform(low, high), beta(a, b[, low, high]), triangular(low, mode, high),
    #        truncnorm(mean, sd, low, high), lognormal(median, sigma)

    [analysis]
    resolution = 100                   # grid points per axis of each regime map
    monte_carlo_n = 20000
    sensitivity_n = 1024               # base sample of the Sobol design

    [[models]]                         # one table per model, in appendix order
    model = "takeover-decision"        # key from `dealmodels models` (or the class name)
    options = { utility = "cara" }     # constructor options
    values = { budget = 0.6 }          # parameter values for this model only
    outputs = ["minimum_payment"]      # continuous outputs for the sensitivity analysis
    maps = [ { x = ["trust", 0, 1], y = ["p", 0, 1] } ]
    analysis = { resolution = 40 }     # this model's own settings (a slow model's coarser map)

    [[specs]]                          # model specs to compare with no spec
    name = "cautious spec"
    target = { myopia = 0.5, risk_aversion = 2.0 }
    features.myopia = { earliness = 0.9, frequency = 0.8 }

Every check runs before any work: errors in the file name the file, the table and key, and
the allowed values (``scenario.toml: [disposition] trust must be in [0, 1]; got trust=1.3``;
an unknown ``outputs`` entry or map axis lists the allowed names); an output directory that
cannot be written is refused the same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dealmodels.errors import InvalidParameterError
from dealmodels.report._scenario import (
    ModelEntry,
    ScenarioError,
    ScenarioFile,
    available_models,
    find_model,
    load_scenario,
    model_key,
    model_options,
)

__all__ = [
    "ModelEntry",
    "ReportOutputError",
    "ReportResult",
    "ScenarioError",
    "ScenarioFile",
    "available_models",
    "build_report",
    "check_output_dir",
    "find_model",
    "load_scenario",
    "model_key",
    "model_options",
]


class ReportOutputError(InvalidParameterError):
    """The report's output directory cannot be created or written."""


@dataclass(frozen=True)
class ReportResult:
    """Where the report was written, and the regimes it reported.

    Attributes
    ----------
    out_dir : Path
        The output directory.
    index : Path
        ``index.html``.
    markdown : Path
        ``report.md``.
    images : tuple of Path
        The PNG figures.
    seconds : float
        Wall time.
    regimes : dict of str to str
        Each model's regime at the scenario (solved alone), by model key.
    composed_regime : str or None
        The composed scenario's regime (``None`` without a composed scenario).
    """

    out_dir: Path
    index: Path
    markdown: Path
    images: tuple[Path, ...]
    seconds: float
    regimes: dict[str, str] = field(default_factory=dict)
    composed_regime: str | None = None


def check_output_dir(out: str | Path) -> Path:
    """Create ``out`` if needed and check that files can be written in it.

    Raises
    ------
    ReportOutputError
        One line naming the directory and the reason (a file of that name, no permission, ...).
    """
    import tempfile

    p = Path(out)
    if p.exists() and not p.is_dir():
        raise ReportOutputError(f"out must be a directory; got out={str(p)!r} (a file)")
    try:
        p.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=p, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ReportOutputError(
            f"out must be a writable directory; got out={str(p)!r} ({exc.strerror or exc})"
        ) from None
    return p


def build_report(
    scenario: str | Path | ScenarioFile | None = None,
    out: str | Path = "report",
    *,
    progress: bool = True,
    jobs: int = 1,
) -> ReportResult:
    """Write the report for a scenario (see the module docstring).

    Parameters
    ----------
    scenario : str, Path or ScenarioFile, optional
        A scenario file, or an already loaded one; ``None``: the built-in default scenario.
    out : str or Path, default "report"
        The output directory (created if missing).
    progress : bool, default True
        Show a tqdm progress bar (silent when the output is not a terminal).
    jobs : int, default 1
        Worker processes for the models' sections (the output does not depend on it).

    Returns
    -------
    ReportResult

    Raises
    ------
    ScenarioError
        For a malformed scenario file (before any work).
    ReportOutputError
        If ``out`` cannot be written (before any work).
    """
    from dealmodels._validation import check_int
    from dealmodels.report._build import write_report

    t0 = time.perf_counter()
    jobs = check_int("jobs", jobs, low=1)
    scen = scenario if isinstance(scenario, ScenarioFile) else load_scenario(scenario)
    out_dir = check_output_dir(out)
    info: dict[str, Any] = write_report(scen, out_dir, progress=progress, jobs=jobs)
    return ReportResult(
        out_dir=out_dir,
        index=info["index"],
        markdown=info["markdown"],
        images=tuple(info["images"]),
        seconds=time.perf_counter() - t0,
        regimes=dict(info["regimes"]),
        composed_regime=info["composed_regime"],
    )
