"""The report's first section: how much each spec is worth against no spec, in words.

Every sentence is generated from :class:`~dealmodels.SpecValue` numbers (estimates with their
intervals); nothing is written by hand. A difference whose interval includes 0 is said to be
indistinguishable from no change instead of being given a direction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealmodels.report._render import Doc

__all__ = ["answer_section", "answer_sentences"]


def _signed(e: Any, digits: int = 3) -> str:
    return f"{e.estimate:+.{digits}f} [{e.low:+.{digits}f}, {e.high:+.{digits}f}]"


def _flat(e: Any) -> bool:
    """Whether the interval of the difference ``e`` includes 0 (no direction is claimed)."""
    return bool(e.low <= 0 <= e.high)


def _change(what: str, e: Any, before: Any, after: Any) -> str:
    """``"raises P(deal) from 0.10 to 0.25 (+0.150 [+0.140, +0.160])"``."""
    if _flat(e):
        return f"leaves {what} indistinguishable from no change ({_signed(e)})"
    verb = "raises" if e.estimate > 0 else "lowers"
    return f"{verb} {what} from {before.estimate:.3f} to {after.estimate:.3f} ({_signed(e)})"


def _by_regime(v: Any) -> str:
    r"""Where a change in P(no takeover attempt) goes: the change of each regime without a
    takeover attempt (they add up to it), largest first, each with its interval; ``""`` when
    the change is indistinguishable from none. A deal-making spec whose AIs stop attempting
    takeovers may, for example, make them comply rather than deal."""
    from dealmodels.models.scenario import FAILURES

    dn = v.no_takeover_difference
    if _flat(dn):
        return ""
    safe = sorted(
        (r for r in v.regimes if r not in FAILURES),
        key=lambda r: -abs(v.probability_difference[r].estimate),
    )
    parts = []
    for r in safe:
        e = v.probability_difference[r]
        flat = " (indistinguishable from no change)" if _flat(e) else ""
        parts.append(f"{r} {_signed(e)}{flat}")
    return (
        f"By regime, the {v.spec_name}'s change in P(no takeover attempt) ({_signed(dn)}) is "
        + ", ".join(parts[:-1])
        + (" and " if len(parts) > 1 else "")
        + parts[-1]
        + "."
    )


def answer_sentences(values: Sequence[Any]) -> list[str]:
    """The answer in sentences, from :func:`dealmodels.spec_value` results against one baseline.

    One sentence per spec for its effect (P(no takeover attempt), P(deal), the developer's
    expected value, each with its interval), one per spec for the regimes its change in
    P(no takeover attempt) goes to, one for where the gain comes from (Shapley
    shares, the secondary effects' cost), and one for the ranking and its robustness.
    """
    out: list[str] = []
    for v in values:
        deal = "deal" if "deal" in v.regimes else v.regimes[0]
        parts = [
            _change(
                "P(no takeover attempt)",
                v.no_takeover_difference,
                v.baseline_no_takeover,
                v.no_takeover,
            ),
            _change(
                f"P({deal})",
                v.probability_difference[deal],
                v.baseline_probability[deal],
                v.probability[deal],
            ),
            _change(
                "the developer's expected value",
                v.developer_value_difference,
                v.baseline_developer_value,
                v.developer_value,
            ),
        ]
        out.append(
            f"Against {v.baseline_name}, the {v.spec_name} {parts[0]}, {parts[1]}, and {parts[2]}."
        )
    out.extend(s for s in map(_by_regime, values) if s)
    attributions = []
    for v in values:
        targets = sorted(
            (s for s in v.attribution if s.kind == "target"), key=lambda s: -s.developer_value
        )
        secondary = [s for s in v.attribution if s.kind != "target"]
        top = [s for s in targets if s.developer_value > 0][:2]
        if top:
            names = " and ".join(f"{s.name} ({s.developer_value:+.3f})" for s in top)
            text = f"for the {v.spec_name}, most of the gain in developer value comes from {names}"
        else:
            text = f"for the {v.spec_name}, no target disposition adds developer value"
        if secondary:
            cost = sum(s.developer_value for s in secondary)
            names = ", ".join(s.name for s in secondary)
            text += (
                f", and its secondary effects ({names}) {'cost' if cost < 0 else 'add'} "
                f"{abs(cost):.3f}"
            )
        attributions.append(text)
    if attributions:
        joined = "; ".join(attributions)
        out.append("By exact Shapley attribution, " + joined + ".")
    ranked = sorted(values, key=lambda v: -v.developer_value_difference.estimate)
    best = ranked[0]
    robust = best.robustness
    text = (
        f"The {best.spec_name} beats {best.baseline_name} in developer value in "
        f"{robust.estimate:.0%} [{robust.low:.0%}, {robust.high:.0%}] of alternative worlds and "
        "persistence models"
    )
    if len(ranked) > 1:
        second = ranked[1]
        a, b = best.developer_value_difference, second.developer_value_difference
        if a.low > b.high:
            text = (
                f"The {best.spec_name} adds more developer value than the {second.spec_name} "
                f"({a.estimate:+.3f} against {b.estimate:+.3f}, intervals apart); it "
                + text[len(f"The {best.spec_name} ") :]
            )
        else:
            text = (
                f"The {best.spec_name} and the {second.spec_name} cannot be ranked at "
                f"n = {best.n:,} (their developer-value intervals overlap); the "
                + text[len("The ") :]
            )
    out.append(text + ".")
    return out


def answer_section(doc: Doc, values: Sequence[Any]) -> None:
    """The answer: sentences, the comparison figure and the attribution figure."""
    from dealmodels.plotting import plot_attribution, plot_spec_comparison

    doc.open_section("answer")
    doc.heading(2, "The answer: how much is each spec worth if alignment fails?", "answer")
    for sentence in answer_sentences(values):
        doc.para(sentence, css="lead")
    v0 = values[0]
    doc.para(
        f"Each spec's target dispositions persist with their training-dependent probabilities "
        f"and the rest revert to the misaligned defaults; the world is drawn from the priors "
        f'listed under "The AI and its world"; {v0.n:,} draws per spec with common '
        f"random numbers (seed {v0.seed}), {v0.confidence:.0%} intervals (Wilson for "
        "probabilities, Newcombe for their differences)."
    )
    doc.figure(
        plot_spec_comparison(values),
        "answer-specs.png",
        f"Regime probabilities and the developer's expected value under each spec and under "
        f"{v0.baseline_name}, with {v0.confidence:.0%} intervals",
    )
    doc.figure(
        plot_attribution(values),
        "answer-attribution.png",
        "Where each spec's gain in developer value comes from: exact Shapley shares of its "
        "target dispositions; secondary effects as separate (usually negative) bars",
    )
    doc.close_section()
