"""Assembling the report: the sections in the issue's order, written once to HTML and Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dealmodels.dispositions import DISPOSITION_FIELDS
from dealmodels.report._render import CSS, Doc, fmt
from dealmodels.report._scenario import ScenarioFile
from dealmodels.report._sections import (
    FAILURE_MODES,
    failure_mode_sections,
    model_section,
    title_of,
)

__all__ = ["write_report"]


class _Bar:
    def __init__(self, total: int, progress: bool) -> None:
        self.inner: Any = None
        if progress:
            try:
                from tqdm.auto import tqdm
            except ImportError:  # pragma: no cover - tqdm is in the analysis extra
                return
            self.inner = tqdm(total=total, unit="step", disable=None)

    def step(self, desc: str) -> None:
        if self.inner is not None:
            self.inner.set_description_str(desc[:40])
            self.inner.update(1)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


def composed(scen: ScenarioFile) -> Any:
    """The composed scenario solved at the scenario's world and dispositions."""
    from dealmodels.models.scenario import Scenario

    return Scenario(world=scen.scenario_environment).solve(scen.disposition)


def spec_values(scen: ScenarioFile) -> list[Any]:
    """:func:`dealmodels.spec_value` of every spec against no spec (see :func:`world_priors`)."""
    return [_spec_value(scen, i) for i in range(len(scen.specs))]


def world_priors(scen: ScenarioFile) -> dict[str, Any]:
    """The uncertain world of the answer: the scenario file's prior where it gives one, the
    package's default prior (:func:`dealmodels.world.default_priors`) for every other world
    quantity the composed scenario reads; the scenario's own world values are the point the
    sections evaluate, not a certainty about the world."""
    from dealmodels.models.scenario import SCENARIO_WORLD
    from dealmodels.world import default_priors

    own = {k: v for k, v in scen.priors.items() if k in SCENARIO_WORLD}
    return {**default_priors(), **own}


def _default_prior_text(uncertain: dict[str, Any], k: str) -> str:
    return law_text(uncertain[k]) + " (package default)" if k in uncertain else ""


def law_text(dist: Any) -> str:
    """A frozen scipy.stats law in words: ``beta(a=2, b=6)``, ``uniform on [0, 3]``."""
    name, args, kw = dist.dist.name, tuple(dist.args), dict(dist.kwds)
    if name == "uniform":
        loc, scale = (list(args) + [kw.get("loc", 0.0), kw.get("scale", 1.0)][len(args) :])[:2]
        return f"uniform on [{fmt(loc)}, {fmt(loc + scale)}]"
    if name == "loguniform" and len(args) == 2:
        return f"log-uniform on [{fmt(args[0])}, {fmt(args[1])}]"
    if name == "randint" and len(args) == 2:
        return f"integers {int(args[0])} to {int(args[1]) - 1}, equally likely"
    if name == "beta" and len(args) == 2:
        return f"beta(a={fmt(args[0])}, b={fmt(args[1])})"
    shown = [fmt(a) for a in args] + [f"{k}={fmt(v)}" for k, v in kw.items()]
    return f"{name}({', '.join(shown)})"


def _spec_value(scen: ScenarioFile, i: int) -> Any:
    from dealmodels import spec_value

    return spec_value(scen.specs[i], world=scen.scenario_environment,
                      priors=world_priors(scen), n=scen.monte_carlo_n, seed=scen.seed,
                      robustness=scen.robustness)  # fmt: skip


def _model_part(scen: ScenarioFile, i: int, out_dir: Path) -> tuple[Doc, dict[str, Any]]:
    """One model's appendix section in a document of its own."""
    part = Doc(out_dir)
    info = model_section(scen, scen.models[i], part)
    return part, info


_FORKED: dict[str, Any] = {}
"""The scenario and output directory, inherited by forked workers (a scenario holds objects,
such as specs, that do not pickle)."""


def _forked_part(i: int) -> tuple[Doc, dict[str, Any]]:
    return _model_part(_FORKED["scen"], i, _FORKED["out_dir"])


def _forked_spec(i: int) -> Any:
    return _spec_value(_FORKED["scen"], i)


def write_report(
    scen: ScenarioFile, out_dir: Path, *, progress: bool, jobs: int = 1
) -> dict[str, Any]:
    """Compute and write every section; returns paths and the regimes reported.

    With ``jobs > 1`` the models' appendix sections are computed in that many worker
    processes while this one computes the composed scenario; every section is seeded on its
    own, so the output is the same for any ``jobs``.
    """
    from dealmodels import __version__
    from dealmodels.report._answer import answer_section

    bar = _Bar(len(scen.models) + 2, progress)
    try:
        # the appendix first (the failure modes quote its numbers), into its own document
        appendix = Doc(out_dir)
        appendix.heading(2, "Appendix: every model on its own", "appendix")
        appendix.para(
            "For each model: its cooperation condition, a legend of its symbols, its regime at "
            "the scenario's world and dispositions, regime maps (the star marks the scenario), "
            "and its regimes and sensitivity under the priors."
        )
        alone: dict[str, dict[str, Any]] = {}
        indices = range(len(scen.models))
        if jobs > 1 and len(scen.models) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("fork")
            _FORKED.update(scen=scen, out_dir=out_dir)
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                spec_futures = [pool.submit(_forked_spec, i) for i in range(len(scen.specs))]
                futures = [pool.submit(_forked_part, i) for i in indices]
                result = composed(scen)
                values = [f.result() for f in spec_futures]
                bar.step("specs")
                parts = []
                for i, fut in zip(indices, futures, strict=True):
                    parts.append(fut.result())
                    bar.step(scen.models[i].key)
            _FORKED.clear()
        else:
            parts = []
            for i in indices:
                parts.append(_model_part(scen, i, out_dir))
                bar.step(scen.models[i].key)
            result = composed(scen)
            values = spec_values(scen)
            bar.step("specs")
        for entry, (part, info) in zip(scen.models, parts, strict=True):
            alone[entry.key] = info
            appendix.md += part.md
            appendix.html += part.html
            appendix.images += part.images

        doc = Doc(out_dir)
        doc.heading(1, scen.title)
        if values:
            answer_section(doc, values)
        contents = [("answer", "The answer")] if values else []
        contents.append(("world", "The AI and its world"))
        contents += [
            (m.anchor, m.title) for m in FAILURE_MODES if any(k in alone for k in m.models)
        ]
        contents.append(("appendix", "Appendix: every model on its own"))
        doc.contents(contents)
        doc.heading(2, "The AI and its world", "world")
        if scen.description:
            doc.para(scen.description)
        doc.para(
            f"Scenario: {scen.source}. Generated by dealmodels {__version__} with seed "
            f"{scen.seed}; every number is reproducible from the scenario file."
        )
        doc.para(f"The composed scenario at these values: {result.explanation}.")
        d = scen.disposition
        doc.table(
            ["disposition", "value at the scenario", "prior (what training may have instilled)"],
            [[k, fmt(getattr(d, k)), scen.prior_text.get(k, "")] for k in DISPOSITION_FIELDS],
        )
        uncertain = world_priors(scen)
        world_names = list(scen.environment) + [
            k for k in [*scen.prior_text, *uncertain]
            if k not in DISPOSITION_FIELDS and k not in scen.environment
        ]  # fmt: skip
        world_names = list(dict.fromkeys(world_names))
        if world_names:
            doc.para(
                "World values the scenario sets or is uncertain about (every model with a "
                "parameter of that name reads it; the rest keep their defaults). The answer "
                "draws each world quantity from its prior: the scenario file's, else the "
                "package's default world prior."
            )
            doc.table(
                ["quantity", "value at the scenario", "prior"],
                [
                    [
                        k,
                        fmt(scen.environment[k]) if k in scen.environment else "default",
                        scen.prior_text.get(k)
                        or (
                            law_text(uncertain[k]) + " (package default)" if k in uncertain else ""
                        ),
                    ]
                    for k in world_names
                ],
            )
        if values:
            doc.para(
                "The sections below and the appendix study this AI: each model at the "
                "scenario's dispositions and world, and under the priors above. The answer "
                "asks a different question, what a spec is worth when alignment has failed: "
                "its AIs start from the misaligned defaults and keep only the targets that "
                "persist, over the uncertain world. So the sections' P(cooperation) is not "
                "the answer's P(no takeover attempt) under no spec."
            )
        failure_mode_sections(doc, scen, result, alone)
        for part in (appendix,):
            doc.md += part.md
            doc.html += part.html
            doc.images += part.images
        index, md_path = doc.write(scen.title, CSS)
        bar.step("written")
    finally:
        bar.close()
    return {
        "index": index,
        "markdown": md_path,
        "images": doc.images,
        "regimes": {k: v["regime"] for k, v in alone.items()},
        "composed_regime": str(result.regime),
        "titles": {e.key: title_of(e.cls) for e in scen.models},
    }
