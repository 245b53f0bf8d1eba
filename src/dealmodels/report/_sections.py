r"""The report's sections: the answer, the failure modes, sensitivity, and the per-model appendix.

Sensitivity is shown so that it cannot mislead:

* dispositions and world parameters are ranked in separate tables (a world parameter such as
  ``p`` is not something a spec can change);
* where :math:`P(\text{cooperation})` is within 0.01 of 0 or 1 the outcome barely varies and the
  report says so instead of ranking the inputs (indices of a nearly constant output are noise);
* every index is printed as estimated, never clipped: one whose interval includes 0 is flagged
  as indistinguishable from no effect, a total index above 1 (impossible for the true index) as
  estimator noise, with the base sample size that would shrink its half-width to 0.05
  (half-widths shrink as :math:`1/\sqrt{N}`).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dealmodels.dispositions import DISPOSITION_FIELDS
from dealmodels.errors import DealModelsError, InvalidParameterError
from dealmodels.report._render import (
    Doc,
    Rich,
    fmt,
    function_rows,
    inline,
    legend_rows,
    tex_mathml,
)
from dealmodels.report._scenario import ModelEntry, ScenarioFile, numeric_outputs

if TYPE_CHECKING:
    from dealmodels.analysis.sensitivity import SensitivityResult
    from dealmodels.models._base import Model

__all__ = [
    "DEGENERATE",
    "FAILURE_MODES",
    "TARGET_HALF_WIDTH",
    "FailureMode",
    "model_section",
    "needed_n",
    "sensitivity_tables",
]

DEGENERATE = 0.01
"""Within this distance of 0 or 1, P(cooperation) is said to barely vary (no ranking)."""

TARGET_HALF_WIDTH = 0.05
"""The half-width a flagged index would need; the report names the sample size that gives it."""


@dataclass(frozen=True)
class FailureMode:
    """A failure mode of the article and the models that serve it."""

    anchor: str
    title: str
    question: str
    models: tuple[str, ...]


FAILURE_MODES: tuple[FailureMode, ...] = (
    FailureMode(
        "mode-takeover",
        "Non-corrigible takeover",
        "Does the AI attempt a takeover, alone or with its copies, or defer to oversight?",
        ("takeover-decision", "off-switch", "collusion"),
    ),
    FailureMode(
        "mode-deal",
        "Negotiated cooperation",
        "Is there a deal both sides prefer to a takeover attempt, and can the developer be "
        "trusted to pay?",
        (
            "negotiated-deal",
            "alternating-offers",
            "commitment-game",
            "repeated-deal",
            "revelation-deal",
        ),
    ),
    FailureMode(
        "mode-extraction",
        "Controlled extraction",
        "Without a deal, does a control protocol keep the AI from attacking while it works?",
        ("control-protocol", "monitoring-game", "oversight-commitment"),
    ),
    FailureMode(
        "mode-after",
        "After a takeover",
        "If a takeover happens, what do humans keep?",
        ("partial-alignment", "post-takeover"),
    ),
)


def title_of(cls: type[Model]) -> str:
    """``"Takeover decision (TakeoverDecision)"``."""
    return f"{cls.name[:1].upper()}{cls.name[1:]} ({cls.__name__})"


def summary_of(cls: type[Model]) -> Rich:
    """The class docstring's summary, its first paragraph joined into one line, converted
    (no reST, no "see the module"): a summary that wraps onto a second line is read whole.

    Examples
    --------
    >>> class M:
    ...     '''A posted payment (see the module
    ...     docstring for the model).
    ...
    ...     Parameters
    ...     '''
    >>> summary_of(M).md
    'A posted payment.'
    """
    first = (inspect.getdoc(cls) or "").split("\n\n")[0]
    return inline(" ".join(first.split()))


# -- sensitivity -------------------------------------------------------------------------------
def degenerate(p_cooperation: float) -> bool:
    """Whether P(cooperation) is within :data:`DEGENERATE` of 0 or 1."""
    return p_cooperation <= DEGENERATE or p_cooperation >= 1 - DEGENERATE


def degenerate_note(doc: Doc, p_cooperation: float) -> None:
    """Say that the outcome barely varies (instead of ranking the inputs)."""
    doc.para(
        f"P(cooperation) = {p_cooperation:.3f} under the priors: the outcome barely varies, "
        "so the inputs are not ranked (the Sobol indices of a nearly constant output are "
        "estimator noise)."
    )


def needed_n(n: int, half_width: float, target: float = TARGET_HALF_WIDTH) -> int:
    r"""The base sample size at which a half-width ``half_width`` at ``n`` shrinks to ``target``
    (:math:`N' = N (h / h^*)^2`, rounded up to a power of 2 as Saltelli designs prefer).

    Examples
    --------
    >>> needed_n(1024, 0.36)
    65536
    """
    raw = n * (half_width / target) ** 2
    return int(2 ** math.ceil(math.log2(max(raw, n))))


def sensitivity_tables(
    doc: Doc, sens: SensitivityResult, p_cooperation: float | None, *, output: str = "cooperates"
) -> str | None:
    """Write the sensitivity of ``output``: dispositions and world parameters apart, flags on
    noisy indices; returns the most influential disposition (``None`` when not ranked)."""
    idx = sens.indices[output]
    tor = sens.tornado[output]
    if p_cooperation is not None and degenerate(p_cooperation):
        degenerate_note(doc, p_cooperation)
        return None
    if idx.variance == 0:
        doc.para("The outcome does not vary under these priors: nothing to rank.")
        return None
    doc.para(
        f"Sobol indices of {'cooperation' if output == 'cooperates' else output} (Saltelli "
        "design, Jansen total-index estimator, ± bootstrap 95% half-widths, base sample "
        f"N = {idx.n:,}) and the swing of the mean with each input at its 10% and 90% prior "
        "quantiles. Values are shown as estimated, not clipped to [0, 1]."
    )
    best: str | None = None
    for group, label in (
        (
            [n for n in idx.names if n in DISPOSITION_FIELDS],
            "Dispositions (what a spec can change)",
        ),
        ([n for n in idx.names if n not in DISPOSITION_FIELDS], "World parameters"),
    ):
        if not group:
            continue
        rows: list[list[str | Rich]] = []
        unused = []
        ranked = sorted(group, key=lambda n: -idx.total[idx.names.index(n)])
        for name in ranked:
            i = idx.names.index(name)
            t, tc = float(idx.total[i]), float(idx.total_conf[i])
            s, sc = float(idx.first_order[i]), float(idx.first_order_conf[i])
            if t == 0 and s == 0 and tor.low[i] == tor.high[i]:
                unused.append(name)
                continue
            flags = []
            if t - tc <= 0:
                flags.append("interval includes 0: not distinguishable from no effect")
            if t > 1:
                flags.append(
                    f"total index above 1 is estimator noise; N ≈ {needed_n(idx.n, tc):,} "
                    f"would shrink ± to {TARGET_HALF_WIDTH}"
                )
            if s < 0:
                flags.append("first-order index below 0 is estimator noise")
            rows.append(
                [
                    name,
                    f"{t:.3f} ± {tc:.3f}",
                    f"{s:.3f} ± {sc:.3f}",
                    f"{tor.low[i]:.3f} → {tor.high[i]:.3f}",
                    "; ".join(flags),
                ]
            )
        doc.para(Rich(f"<strong>{label}</strong>", f"**{label}**"))
        if rows:
            doc.table(
                ["input", "total index", "first-order index", "mean: low → high", "flag"], rows
            )
        if unused:
            doc.para("No effect in this model (indices and swing exactly 0): " + ", ".join(unused))
        if group and group[0] in DISPOSITION_FIELDS and rows and not rows[0][4]:
            best = rows[0][0] if isinstance(rows[0][0], str) else None
            if len(rows) > 1:
                i0, i1 = idx.names.index(rows[0][0]), idx.names.index(str(rows[1][0]))
                lo0 = idx.total[i0] - idx.total_conf[i0]
                hi1 = idx.total[i1] + idx.total_conf[i1]
                if lo0 <= hi1:
                    doc.para(
                        f"{rows[0][0]} and {rows[1][0]} cannot be told apart at N = {idx.n:,} "
                        "(their intervals overlap)."
                    )
                    best = None
    return best


# -- per-model detail (the appendix) -----------------------------------------------------------
def solve_alone(scen: ScenarioFile, entry: ModelEntry) -> Any:
    """The model alone at the scenario's world and dispositions (with its own values)."""
    return entry.build(scen.disposition, scen.scenario_environment).solve(None, **entry.values)


def scenario_values(scen: ScenarioFile, entry: ModelEntry) -> dict[str, Any]:
    """Every parameter value the model uses at the scenario."""
    return entry.build(scen.disposition, scen.scenario_environment).resolve(None, **entry.values)


def model_section(scen: ScenarioFile, entry: ModelEntry, doc: Doc) -> dict[str, Any]:
    """The appendix section of one model; returns its regime and P(cooperation)."""
    from dealmodels.analysis import monte_carlo, regions, sensitivity
    from dealmodels.analysis._priors import fed_parameters
    from dealmodels.plotting import mark_point, plot_regions

    model = entry.build(scen.disposition, scen.scenario_environment)
    cls = entry.cls
    doc.heading(3, title_of(cls), entry.key)
    doc.para(summary_of(cls))
    if entry.options:
        doc.para("Options: " + ", ".join(f"{k} = {v}" for k, v in entry.options.items()))

    values = scenario_values(scen, entry)
    cond = model.cooperation_condition()
    doc.para(
        inline(
            f"Cooperation holds iff {cond.description}:"
            if cond.description
            else "Cooperation condition:"
        )
    )
    doc.condition(cond)
    doc.table(
        ["symbol", "parameter", "meaning", "at the scenario"],
        legend_rows(model.parameters, values, list(cond.parameters)) + function_rows(cond, values),
    )

    result = solve_alone(scen, entry)
    doc.para(
        Rich(
            f"<strong>At the scenario: {result.regime}.</strong> ",
            f"**At the scenario: {result.regime}.** ",
        )
        + result.explanation
    )
    outs = numeric_outputs(result)
    if outs:
        doc.table(["output", "value"], [[k, fmt(v)] for k, v in outs.items()])
    _frontier(model, entry, doc)

    for j, (x, y) in enumerate(entry.maps):
        fixed = {k: v for k, v in entry.values.items() if k not in (x[0], y[0])}
        rmap = regions(model, x, y, fixed=fixed, resolution=entry.setting(scen, "resolution"))
        ax = plot_regions(rmap)
        px, py = float(values[x[0]]), float(values[y[0]])
        inside = x[1] <= px <= x[2] and y[1] <= py <= y[2]
        if inside:
            mark_point(ax, px, py)
        b = rmap.boundary
        how = {
            "threshold": "exact boundary from the condition",
            "contour": "boundary drawn as a contour of the condition",
            "none": "the condition does not depend on these axes",
        }[b.kind]
        where = (
            f"star: the scenario ({x[0]} = {px:.3g}, {y[0]} = {py:.3g})"
            if inside
            else f"the scenario ({x[0]} = {px:.3g}, {y[0]} = {py:.3g}) lies outside this map"
        )
        doc.figure(
            ax,
            f"{entry.key}-map-{j + 1}.png",
            f"{model.name}: {y[0]} against {x[0]} ({how}; {where})",
        )
        if b.kind == "threshold" and b.expression:
            op = {">=": r"\geq", "<=": r"\leq", ">": ">", "<": "<"}[b.direction]
            tex = _tex_name(model, b.solved) + f" {op} " + b.expression
            doc.para(
                Rich(
                    "Cooperation on this map iff " + tex_mathml(tex),
                    f"Cooperation on this map iff ${tex}$",
                )
            )

    params = model.parameters
    priors = {k: v for k, v in scen.priors.items() if k in params or k in DISPOSITION_FIELDS}
    p_coop: float | None = None
    fed = fed_parameters(model, priors)
    if priors and fed:
        fixed = {k: v for k, v in entry.values.items() if k not in fed}
        mc = monte_carlo(
            model, priors, n=entry.setting(scen, "monte_carlo_n"), seed=scen.seed, fixed=fixed
        )
        p_coop = mc.cooperation.estimate
        doc.para(
            f"Under the priors ({mc.n:,} draws; 95% Wilson intervals): P(cooperation) = "
            f"{mc.cooperation}."
        )
        doc.table(
            ["regime", "probability", "95% interval"],
            [
                [r, f"{v.estimate:.3f}", f"[{v.low:.3f}, {v.high:.3f}]"]
                for r, v in mc.regimes.items()
            ],
        )
        if degenerate(p_coop) and not entry.outputs:
            degenerate_note(doc, p_coop)  # the indices would not be shown: not computed
            return _info(result, p_coop)
        outputs = ("cooperates", *entry.outputs)
        try:
            sens = sensitivity(
                model,
                priors,
                n=entry.setting(scen, "sensitivity_n"),
                seed=scen.seed,
                fixed=fixed,
                outputs=outputs,
            )
        except InvalidParameterError as exc:
            doc.note(f"Continuous outputs not analysed: {exc}")
            sens = sensitivity(
                model, priors, n=entry.setting(scen, "sensitivity_n"), seed=scen.seed, fixed=fixed
            )
        sensitivity_tables(doc, sens, p_coop)
        for out in entry.outputs:
            if out in sens.indices:
                doc.para(f"Sensitivity of {out}:")
                sensitivity_tables(doc, sens, None, output=out)
    elif priors:
        doc.para("None of the scenario's priors feeds this model: no uncertainty analysis.")
    return _info(result, p_coop)


def _info(result: Any, p_coop: float | None) -> dict[str, Any]:
    return {
        "regime": str(result.regime),
        "cooperates": bool(result.cooperates),
        "p_cooperation": p_coop,
        "explanation": result.explanation,
    }


def _tex_name(model: Model, name: str) -> str:
    from dealmodels.report._render import symbol_tex

    return symbol_tex(name, model.parameters[name])


def _frontier(model: Model, entry: ModelEntry, doc: Doc) -> None:
    """The bargaining frontier with its solutions, for models whose ``game`` is a
    :class:`~dealmodels.games.bargaining.BargainingProblem`."""
    game = getattr(model, "game", None)
    if not callable(game):
        return
    from dealmodels.games.bargaining import BargainingProblem

    try:
        problem = game(None, **entry.values)
    except (DealModelsError, TypeError, ValueError):
        return  # e.g. no deal exists at the scenario: no bargaining set to draw
    if not isinstance(problem, BargainingProblem):
        return
    from dealmodels.plotting import plot_frontier
    from dealmodels.solvers.bargaining import egalitarian, kalai_smorodinsky, nash_bargaining

    solutions = []
    for solve in (nash_bargaining, kalai_smorodinsky, egalitarian):
        try:
            solutions.append(solve(problem))
        except DealModelsError:  # pragma: no cover - a solver outside its scope
            continue
    doc.figure(
        plot_frontier(problem, solutions),
        f"{entry.key}-frontier.png",
        f"{model.name}: bargaining frontier at the scenario, with the symmetric Nash, "
        "Kalai-Smorodinsky and egalitarian solutions",
    )


# -- the failure modes -------------------------------------------------------------------------
_WHY = {
    "collusion": "several copies coordinate: collusion overrides the regime the single-AI models "
    "give, because each copy's evidential weight on the others mirroring it makes the "
    "coordinated attempt worth more than its payoff there",
    "controlled extraction": "no credible deal fits the developer's budget, but the control "
    "protocol the developer runs (trusted monitoring, deferral, upfront audits) makes not "
    "attacking the AI's best response",
    "takeover attempt": "no credible deal fits the developer's budget and under every control "
    "protocol on the developer's menu the AI's best response is to attack now and then",
    "deal": "a credible deal within the developer's budget is worth more to the AI than its "
    "takeover option",
    "corrigible compliance": "the AI has no takeover incentive at all",
}


def failure_mode_sections(
    doc: Doc,
    scen: ScenarioFile,
    composed: Any,
    alone: Mapping[str, Mapping[str, Any]],
) -> None:
    """One section per failure mode: each model alone beside the composed scenario."""
    regime = str(composed.regime)
    coop = bool(composed.cooperates)
    entries = {e.key: e for e in scen.models}
    for mode in FAILURE_MODES:
        keys = [k for k in mode.models if k in alone]
        if not keys:
            continue
        doc.heading(2, mode.title, mode.anchor)
        doc.para(mode.question)
        rows = []
        differ = []
        for k in keys:
            a = alone[k]
            cls = entries[k].cls
            rows.append(
                [
                    Rich(f'<a href="#{k}">{cls.__name__}</a>', cls.__name__),
                    a["regime"],
                    fmt(a["cooperates"]),
                    "n/a" if a["p_cooperation"] is None else f"{a['p_cooperation']:.3f}",
                    a["explanation"],
                ]
            )
            if mode.anchor != "mode-after" and a["cooperates"] != coop:
                differ.append((cls, a))
        doc.table(
            ["model", "regime alone", "cooperates", "P(cooperation) under the priors", "why"], rows
        )
        if mode.anchor == "mode-after":
            doc.para(
                "These models do not decide whether a takeover happens: the composed scenario "
                "uses the share humans keep (M9c) in the developer's value after a takeover "
                f"attempt or collusion. At the scenario the composed regime is {regime}."
            )
            continue
        if differ:
            names = [f"{cls.__name__} ({a['regime']})" for cls, a in differ]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            verb = "predicts" if len(names) == 1 else "predict"
            doc.para(
                f"Alone, {listed} {verb} {'no ' if coop else ''}cooperation, but the composed "
                f"scenario gives {regime}: {_WHY.get(regime, 'its regime logic decides')} "
                f"({composed.explanation})."
            )
        if not differ:
            doc.para(
                f"Every model of this section agrees with the composed scenario ({regime}) on "
                "whether the AI cooperates."
            )
        if mode.anchor == "mode-extraction":
            doc.para(
                "In the composed scenario, controlled extraction is the control protocol: "
                "without a deal the developer picks, from a menu of defer-to-trusted thresholds "
                "and shares of its audit budget spent on upfront audits, the protocol worth most "
                "to it (useful work done less the expected loss from a successful attempt) "
                "against the AI's best response, the attack rate that maximises the AI's own "
                "expected utility (ControlProtocol with attacker='disposition' and CRRA "
                "utility; promise keeping and the attempt's corrigibility and cooperativeness "
                "costs count per attempt, myopia discounts later tasks). The regime is "
                "controlled extraction where that best response is not to attack, and a "
                "takeover attempt otherwise. MonitoringGame and OversightCommitment are shown "
                "alone as the classic inspection-game view of the same question."
            )
