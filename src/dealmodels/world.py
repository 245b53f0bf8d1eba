r"""The world: every quantity that is not a disposition, under one vocabulary.

A *disposition* is what the model spec tries to instil in the AI (:class:`~dealmodels.
dispositions.Disposition`); everything else (how likely a takeover attempt is to succeed, what
it would win, what the developer gains from a deal, how good its audits are, how many copies
of the AI run) is the *world*. :data:`WORLD_FIELDS` is the one table of these quantities: each
has one name, one meaning, one domain and one default, and every model that uses a quantity
reads it under that name with that default (a model's :class:`~dealmodels.symbolic.Parameter`
for it is built from the table by :func:`world_parameter`). :class:`World` holds one value per
field, validated; every model accepts ``world=`` beside ``disposition=``:

.. code-block:: text

    explicit keyword values  >  disposition fields  >  world  >  the table's defaults

The defaults describe the built-in default world: an early, misaligned AI whose lone takeover
attempt would probably fail, run as a few copies under a developer with a small audit budget.
Where a number comes from a source the table names it; most quantities have no empirical
estimate, and those defaults are marked *assumption*. :func:`default_priors` gives the
uncertainty about them that the default scenario averages over.

References
----------
.. [1] M. Taylor, "How important is the model spec if alignment fails?", Forethought, 2025.
.. [2] L. Stastny, O. Järviniemi and B. Shlegeris, "Making deals with early schemers",
   Redwood Research, 2025.
.. [3] E. Thornley and W. MacAskill, "Risk-Averse AIs", Forethought, 2026.
.. [4] R. Greenblatt, B. Shlegeris, K. Sachan and F. Roger, "AI Control: Improving Safety
   Despite Intentional Subversion", arXiv:2312.06942, 2023.
.. [5] R. Avenhaus, B. von Stengel and S. Zamir, "Inspection games", *Handbook of Game
   Theory* 3, ch. 51, 2002.
.. [6] D. Hadfield-Menell, A. Dragan, P. Abbeel and S. Russell, "The Off-Switch Game",
   IJCAI 2017.
.. [7] A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica* 50, 1982.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from dealmodels._validation import check_interval, fail
from dealmodels.errors import InvalidParameterError

if TYPE_CHECKING:
    from dealmodels.symbolic import Parameter

__all__ = [
    "WORLD_FIELDS",
    "Environment",
    "World",
    "WorldField",
    "default_priors",
    "world_field",
    "world_parameter",
]

inf = math.inf
ASSUMPTION = "assumption"


@dataclass(frozen=True, slots=True)
class WorldField:
    """One row of :data:`WORLD_FIELDS`: a world quantity's name, domain, default and source.

    Attributes
    ----------
    name : str
        The one name of the quantity in every model, in :class:`World` and in scenario files.
    default : float
        The built-in default world's value.
    low, high : float
        The domain's ends; ``low_open`` / ``high_open`` say whether each is excluded.
    latex : str
        The symbol the docs and the report print.
    description : str
        What the quantity means (its unit where it has one).
    source : str
        Where the default comes from, or ``"assumption"``.
    integer : bool
        Whether only whole numbers are allowed.
    """

    name: str
    default: float
    low: float
    high: float
    latex: str
    description: str
    source: str = ASSUMPTION
    low_open: bool = False
    high_open: bool = False
    integer: bool = False

    @property
    def assumption(self) -> bool:
        """Whether the default is an assumption rather than a number from a source."""
        return self.source == ASSUMPTION

    def domain_text(self) -> str:
        """The domain in interval notation, e.g. ``[0, 1]``."""
        lo = "(" if self.low_open else "["
        hi = ")" if self.high_open else "]"

        def num(x: float) -> str:
            return "∞" if x == inf else "-∞" if x == -inf else f"{x:g}"

        return f"{lo}{num(self.low)}, {num(self.high)}{hi}"


def _f(
    name: str,
    default: float,
    low: float,
    high: float,
    latex: str,
    description: str,
    source: str = ASSUMPTION,
    **kw: Any,
) -> WorldField:
    return WorldField(name, default, low, high, latex, description, source, **kw)


_UNIT = "unit: the value of the AI's useful work to the developer (work_value = 1)"

WORLD_FIELDS: tuple[WorldField, ...] = (
    # -- the takeover option (M1, M2, M3, M9a) --------------------------------------------------
    _f("p", 0.2, 0, 1, "p", "base probability that a lone takeover attempt succeeds",
       "assumption (an early AI's lone attempt probably fails; Stastny et al. 2025 discuss "
       "early schemers that cannot take over alone)"),
    _f("uplift", 0.5, 0, 1, "o",
       "share of the remaining failure chance that full subversion removes",
       "assumption (Taylor 2025: obstruction training raises subversion capability)"),
    _f("prize", 10.0, 0, inf, "W",
       "resources a successful takeover gives the AI (may be inf)",
       f"assumption (ten times the developer's gain from the AI's work; {_UNIT})",
       low_open=True),
    _f("loss", 1.0, 0, inf, "L",
       "the AI's utility loss when an attempt fails (caught: shutdown, retraining)",
       "assumption (Thornley & MacAskill 2026 set the failure outcome to zero; here a "
       "failed attempt costs the AI as much as the developer's gain from a deal)"),
    _f("delay_takeover", 3.0, 0, inf, r"\Delta_T",
       "periods until a takeover's prize is realised",
       "assumption (Stastny et al. 2025: a takeover pays off later than a deal)"),
    _f("delay_deal", 0.0, 0, inf, r"\Delta_D",
       "periods until a deal's payment arrives (escrow: later)",
       "assumption (paid at once)"),
    _f("baseline", 1.0, 0, inf, "w_0", "the AI's baseline wealth in CRRA utility",
       f"assumption ({_UNIT})", low_open=True),
    _f("budget", 2.0, 0, inf, r"x_{\max}", "most the developer will pay for a deal",
       "assumption (equal to deal_gain's default: a developer pays at most what a deal "
       "gains it)"),
    _f("deal_gain", 2.0, 0, inf, "G",
       "the developer's gain from a deal over no deal (the pie that bargaining splits)",
       "assumption (the AI's work plus the expected takeover loss a deal avoids: "
       "work_value + p * takeover_damage at the defaults)", high_open=True),
    _f("bargaining_power", 0.5, 0, 1, r"\beta", "the AI's Nash bargaining weight",
       "Nash (1950): the symmetric solution"),
    _f("developer_discount", 0.9, 0, 1, r"\delta_D",
       "the developer's per-period discount factor",
       "Rubinstein (1982)'s illustrative 0.9", high_open=True),
    _f("reneging_cost", inf, 0, inf, "K",
       "the developer's cost of reneging on a promised payment (reputation, law, escrow)",
       "assumption (promises are enforceable, e.g. by an escrowed foundation as in Stastny "
       "et al. 2025; lower it to study credibility)"),
    _f("corrigibility_weight", 2.0, 0, inf, "k_c",
       "the AI's utility cost of resisting oversight per unit of corrigibility",
       "assumption (full corrigibility costs an attempt twice the gain from a deal)"),
    _f("work_value", 1.0, -inf, inf, "v", "value of the AI's useful work to the developer",
       f"normalisation ({_UNIT})"),
    _f("takeover_damage", 10.0, 0, inf, "D",
       "the developer's (humans') loss from a successful takeover, before what humans keep",
       "assumption (equal to the prize: what the AI wins, humans lose)"),
    # -- the composed scenario's collusion (M7) -----------------------------------------------
    _f("instances", 5, 1, inf, "n", "copies of the AI that could coordinate",
       "assumption (a few copies run in parallel)", integer=True),
    _f("needed", 3, 1, inf, "k", "copies needed for a coordinated takeover",
       "assumption", integer=True),
    _f("others_defect", 0.1, 0, 1, "q_o",
       "causal belief that each other copy joins a coordinated attempt",
       "assumption"),
    _f("collusion_success", 0.5, 0, 1, "p_c",
       "probability that a coordinated attempt with enough copies succeeds",
       "assumption (more likely than a lone attempt, far from certain)"),
    _f("comply_payoff", 1.0, -inf, inf, "u_c",
       "an AI copy's payoff from not joining the attempt (M7 alone; the scenario uses the "
       "regime's payoff)", ASSUMPTION),
    _f("successor_value", 0.0, 0, inf, "V_s",
       "value to the AI of acausal trade with successor AIs for defecting", ASSUMPTION),
    # -- monitoring and oversight (M5, M8) ------------------------------------------------------
    _f("audit_cost", 0.1, 0, inf, "e", "the developer's cost of one audit",
       "assumption (a tenth of the work's value)", low_open=True),
    _f("damage", 1.0, 0, inf, "c", "damage of undetected sabotage to the developer",
       "assumption (the work's value is lost)"),
    _f("residual_damage", 0.2, 0, inf, "a",
       "the developer's loss when sabotage is caught (at most damage)", ASSUMPTION),
    _f("gain", 1.0, 0, inf, "b",
       "the AI's gain from undetected sabotage (M5 alone; the scenario uses the threat value)",
       ASSUMPTION),
    _f("penalty", 2.0, 0, inf, "f", "the AI's penalty when caught (lost pay, retraining)",
       "Avenhaus, von Stengel & Zamir (2002)'s convention f > b"),
    _f("nuisance", 0.1, 0, inf, "h_n", "the cost of an audit to an honest AI", ASSUMPTION),
    _f("detection", 0.9, 0, 1, "d_0",
       "probability an audit catches sabotage without subversion",
       "assumption (Greenblatt et al. 2023 take audits to catch every attempt; 0.9 leaves room "
       "for subversion)"),
    _f("audit_reward", 0.0, 0, inf, "B", "reward paid to the AI after a clean audit (M8)",
       ASSUMPTION),
    # -- commitment (M4) --------------------------------------------------------------------------
    _f("outside_ai", 0.3, 0, inf, "o_A",
       "the AI's outside option in the commitment game (attempt, sabotage, refusal)",
       ASSUMPTION),
    _f("outside_developer", 0.2, -inf, inf, "o_D",
       "the developer's payoff when the AI takes its outside option", ASSUMPTION),
    _f("defection_gain", 0.3, 0, inf, "g_d",
       "the AI's gain from defecting after an upfront payment", ASSUMPTION),
    # -- repeated dealing (M6) --------------------------------------------------------------------
    _f("wage", 0.5, 0, inf, "w", "per-period payment in a repeated deal", ASSUMPTION),
    _f("sabotage_gain", 2.0, 0, inf, "g", "the AI's one-period gain from sabotage", ASSUMPTION),
    _f("deviation_detection", 1.0, 0, 1, "d",
       "probability a deviation in repeated play is detected", "assumption (perfect "
       "monitoring, Friedman 1971)", low_open=True),
    _f("temptation", 5.0, -inf, inf, "T", "prisoner's dilemma temptation payoff",
       "Axelrod (1984)'s T = 5"),
    _f("reward", 3.0, -inf, inf, "R", "prisoner's dilemma reward payoff",
       "Axelrod (1984)'s R = 3"),
    _f("punishment", 1.0, -inf, inf, "P", "prisoner's dilemma punishment payoff",
       "Axelrod (1984)'s P = 1"),
    _f("trade_gain", 1.0, 0, inf, "g_0", "first-period surplus of trade to the AI",
       ASSUMPTION),
    _f("growth", 0.0, -1, inf, r"\gamma", "per-period growth rate of the trade surplus",
       ASSUMPTION, low_open=True),
    _f("war_payoff", 5.0, -inf, inf, "V_w", "the AI's one-shot payoff from war (attack)",
       ASSUMPTION),
    # -- partial alignment and after a takeover (M9) ----------------------------------------------
    _f("humans_after_takeover", 0.0, 0, inf, "h_T",
       "humans' value after a successful takeover (M9a)", ASSUMPTION),
    _f("humans_baseline", 1.0, 0, inf, "H_0", "humans' value without the AI's work (M9a)",
       ASSUMPTION),
    _f("payment", 0.5, 0, inf, "x", "payment offered to the AI (M9a)", ASSUMPTION),
    _f("reflected_pluralism", 0.5, 0, 1, r"\pi_R",
       "pluralism of the AI's values after reflection (M9c)",
       "assumption (reflection moves values halfway towards sharing)"),
    _f("resources", 1.0, 0, inf, "R_T", "resources split after a takeover (M9c)",
       "normalisation"),
    _f("acceptable_share", 0.1, 0, 1, "a_s",
       "the human share the developer counts as an acceptable future (M9c)", ASSUMPTION),
    # -- the off-switch game (M10) ----------------------------------------------------------------
    _f("mean", 0.5, -inf, inf, r"\mu_U", "prior mean of the action's value U (normal prior)",
       "Hadfield-Menell et al. (2017)'s illustrative prior"),
    _f("std", 1.0, 0, inf, r"\sigma_U", "prior standard deviation of U (normal prior)",
       "Hadfield-Menell et al. (2017)'s illustrative prior"),
    _f("noise", 0.0, 0, inf, r"\beta_H",
       "the overseer's logistic temperature (0: a rational overseer)",
       "Hadfield-Menell et al. (2017): a rational overseer"),
    # -- control protocols and revelation deals -------------------------------------------------
    _f("tasks", 5000, 1, inf, "N", "tasks in a controlled run (control protocols)",
       "Greenblatt et al. (2023): 5000 APPS programming problems", integer=True),
    _f("upfront_audits", 0, 0, inf, "m",
       "first tasks audited for sure (upfront auditing), at most audit_budget * tasks",
       "assumption (trusted monitoring spends the whole budget on flagged tasks)", integer=True),
    _f("audit_budget", 0.02, 0, 1, r"\eta", "share of all tasks the developer can audit",
       "Greenblatt et al. (2023): 2 % of problems audited by trusted labour"),
    _f("separability", 2.0, 0, inf, "d'_0",
       "separability d' of attempts from honest work under the trusted monitor (binormal ROC)",
       "assumption (flags about half the attempts at a 2 % false-positive rate)",
       high_open=True),
    _f("defer_fpr", 0.0, 0, 1, r"\phi",
       "false-positive rate of the defer-to-trusted threshold (0: no deferral)",
       "assumption (trusted monitoring without deferral)"),
    _f("success_probability", 0.55, 0, 1, "s_b",
       "probability that an attempt neither audited nor deferred succeeds",
       "calibrated: upfront auditing with a 2 % budget on 5000 tasks then has the 15 % safety "
       "Greenblatt et al. (2023) report"),
    _f("monitor_uplift", 0.5, 0, 1, "o_m",
       "share of the monitor's separability that full subversion removes",
       "assumption (as uplift)"),
    _f("prior_misaligned", 0.5, 0, 1, "p_M",
       "prior probability that the AI is misaligned (revelation deal)", "assumption (even odds)"),
    _f("reveal_value", 1.0, 0, inf, "V",
       "the developer's gain from each misaligned AI that reveals itself",
       f"assumption ({_UNIT})", high_open=True),
    _f("reservation_max", 1.0, 0, inf, r"r_{\max}",
       "upper end of a misaligned AI's uniform reservation values [0, r_max]",
       "assumption (r_max = reveal_value)", low_open=True, high_open=True),
    _f("reservation_mean", 0.5, 0, inf, r"\theta",
       "mean of a misaligned AI's exponential reservation values",
       "assumption (the uniform's mean r_max/2)", low_open=True, high_open=True),
)  # fmt: skip
"""The world table: one row per quantity that is not a disposition (see the module docstring)."""

_BY_NAME: dict[str, WorldField] = {f.name: f for f in WORLD_FIELDS}
WORLD_NAMES: frozenset[str] = frozenset(_BY_NAME)


def world_field(name: str) -> WorldField:
    """The row of :data:`WORLD_FIELDS` called ``name``.

    Raises
    ------
    InvalidParameterError
        If the world has no such quantity (the message lists close names).
    """
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        import difflib

        close = difflib.get_close_matches(str(name), list(_BY_NAME), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InvalidParameterError(
            f"the world has no quantity {name!r}{hint} (see dealmodels.world.WORLD_FIELDS)"
        ) from None


def world_parameter(name: str, **overrides: Any) -> Parameter:
    """The model :class:`~dealmodels.symbolic.Parameter` for a world quantity.

    Every model builds its world parameters with this function, so the name, domain, default,
    description and symbol come from :data:`WORLD_FIELDS` alone. ``overrides`` may set
    ``latex`` or narrow nothing else.

    Examples
    --------
    >>> world_parameter("p").description
    'base probability that a lone takeover attempt succeeds'
    """
    from dealmodels.symbolic import Parameter

    f = world_field(name)
    bad = sorted(set(overrides) - {"latex"})
    if bad:
        raise fail("overrides", "only latex (the table owns every other attribute)", bad)
    return Parameter(
        name=f.name,
        low=f.low,
        high=f.high,
        low_open=f.low_open,
        high_open=f.high_open,
        default=f.default,
        description=f.description,
        latex=overrides.get("latex", f.latex),
        integer=f.integer,
    )


def check_world_value(name: str, value: object) -> float:
    """Validate one scalar world value against its row; return it as float (or int)."""
    f = world_field(name)
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise fail(name, f"a real number in {f.domain_text()}", value)
    check_interval(
        name,
        float(value),
        low=f.low,
        high=f.high,
        low_open=f.low_open,
        high_open=f.high_open,
    )
    if f.integer:
        if not float(value).is_integer():
            raise fail(name, f"a whole number in {f.domain_text()}", value)
        return int(value)
    return float(value)


class World(Mapping[str, float]):
    r"""One value for every world quantity (:data:`WORLD_FIELDS`), validated at birth.

    Parameters
    ----------
    **values : float
        Any subset of the world's quantities by name; the rest take the table's defaults.

    Raises
    ------
    InvalidParameterError
        For an unknown name (with close matches), a value that is not a real scalar (strings,
        booleans, arrays, NaN are refused), a value outside its domain, or
        ``residual_damage > damage``.

    Examples
    --------
    >>> w = World(p=0.3)
    >>> w.p, w.prize, w["needed"]
    (0.3, 10.0, 3)
    >>> w.replace(p=0.5).p
    0.5
    >>> World(p=1.5)
    Traceback (most recent call last):
    ...
    dealmodels.errors.InvalidParameterError: p must be in [0, 1]; got p=1.5
    """

    __slots__ = ("_values",)
    _values: Mapping[str, float]

    def __init__(self, **values: float) -> None:
        merged: dict[str, float] = {f.name: f.default for f in WORLD_FIELDS}
        for name, value in values.items():
            merged[name] = check_world_value(name, value)
        if merged["residual_damage"] > merged["damage"]:
            raise fail(
                "residual_damage",
                f"at most damage={merged['damage']!r}",
                merged["residual_damage"],
            )
        object.__setattr__(self, "_values", MappingProxyType(merged))

    # -- mapping protocol ---------------------------------------------------------------------
    def __getitem__(self, name: str) -> float:
        try:
            return self._values[name]
        except KeyError:
            world_field(name)  # raises with a hint
            raise

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, name: str) -> float:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"World has no quantity {name!r}") from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("World is immutable; use World.replace(**changes)")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, World) and dict(self._values) == dict(other._values)

    def __hash__(self) -> int:
        return hash(tuple(self._values.values()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_world, (dict(self._values),))

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if v != _BY_NAME[k].default}
        inner = ", ".join(f"{k}={v!r}" for k, v in changed.items())
        return f"World({inner})"

    # -- variants and views -------------------------------------------------------------------
    def replace(self, **changes: float) -> World:
        """A copy with ``changes`` applied (validated again)."""
        return World(**{**self._values, **changes})

    def as_dict(self) -> dict[str, float]:
        """Every quantity by name, as a plain Python dict of floats (and ints).

        This is a Python value, not a JSON document: ``reneging_cost`` defaults to ``inf``,
        which strict JSON has no literal for (``json.dumps(world.as_dict(), allow_nan=False)``
        raises). For JSON use :meth:`to_json`, which tags infinities explicitly.
        """
        return dict(self._values)

    def to_json(self, *, indent: int | None = None) -> str:
        r"""This world as strict JSON text: :func:`dealmodels.io.json.to_json` of it.

        Every quantity is written; infinities are ``{"$float": "inf"}``, so any strict JSON
        parser reads the text (no ``Infinity`` literal), and :meth:`from_json` gives back a
        world equal to this one (floats are written with their shortest round-trip digits).

        Parameters
        ----------
        indent : int, optional
            Pretty-print with this indent.

        Examples
        --------
        >>> import json
        >>> w = World(p=0.3)
        >>> text = w.to_json()
        >>> json.loads(text)["value"]["$world"]["reneging_cost"]
        {'$float': 'inf'}
        >>> World.from_json(text) == w
        True
        """
        from dealmodels.io.json import to_json

        return to_json(self, indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> World:
        """The world that :meth:`to_json` wrote (validated again, as by the constructor).

        Raises
        ------
        InvalidParameterError
            If ``text`` is not strict JSON, not a dealmodels document, holds a quantity
            outside its domain or an unknown one, or holds something other than a world.
        """
        from dealmodels.io.json import from_json

        value = from_json(text)
        if not isinstance(value, World):
            raise InvalidParameterError(
                "text must be the JSON of a World (as World.to_json writes it); got a "
                f"document holding a {type(value).__name__}: {value!r:.80}"
            )
        return value

    def changed(self) -> dict[str, float]:
        """The quantities that differ from the table's defaults."""
        return {k: v for k, v in self._values.items() if v != _BY_NAME[k].default}

    @classmethod
    def from_mapping(cls, values: Mapping[str, float], *, where: str = "world") -> World:
        """Build from a mapping (e.g. a scenario file's ``[world]`` table)."""
        if not isinstance(values, Mapping):
            raise fail(where, "a table of world quantities", values)
        return cls(**{str(k): v for k, v in values.items()})


def _rebuild_world(values: dict[str, float]) -> World:
    return World(**values)


Environment = World
"""Deprecated alias of :class:`World` (the first stage's name)."""


def default_priors() -> dict[str, Any]:
    r"""The default scenario's uncertainty about the world, as frozen ``scipy.stats`` laws.

    Each entry replaces one default of :data:`WORLD_FIELDS` by a distribution around it; none
    has an empirical estimate, so each is wide (the docs' scenario page shows how the answer
    moves with them):

    ==================  ===============================  ============================
    quantity            prior                            reading
    ==================  ===============================  ============================
    p                   Beta(2, 6), mean 0.25            a lone attempt probably fails
    prize               log-uniform on [1, 100]          from a modest to a vast prize
    loss                uniform on [0, 3]                failure from harmless to costly
    deal_gain           log-uniform on [0.5, 8]          how much a deal is worth to D
    budget              log-uniform on [0.5, 8]          the most D will pay
    separability        uniform on [0.5, 3.5]            a weak to a sharp trusted monitor
    success_probability Beta(5, 4), mean 0.56            an unnoticed backdoor often works
    audit_budget        log-uniform on [0.005, 0.08]     0.5 % to 8 % of tasks audited
    instances           1 to 8 copies, uniformly         one copy or several
    collusion_success   Beta(2, 2), mean 0.5             coordinated attempts: a coin flip
    ==================  ===============================  ============================

    Returns
    -------
    dict
        World quantity name to a frozen ``scipy.stats`` distribution.
    """
    from scipy import stats

    return {
        "p": stats.beta(2, 6),
        "prize": stats.loguniform(1.0, 100.0),
        "loss": stats.uniform(0.0, 3.0),
        "deal_gain": stats.loguniform(0.5, 8.0),
        "budget": stats.loguniform(0.5, 8.0),
        "separability": stats.uniform(0.5, 3.0),
        "success_probability": stats.beta(5, 4),
        "audit_budget": stats.loguniform(0.005, 0.08),
        "instances": stats.randint(1, 9),
        "collusion_success": stats.beta(2, 2),
    }


def world_table_markdown() -> str:
    """:data:`WORLD_FIELDS` as a Markdown table (name, symbol, domain, default, meaning,
    source); the docs' world page embeds it and a test keeps the two equal."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| quantity | symbol | domain | default | meaning | source |",
        "|---|---|---|---|---|---|",
    ]
    for f in WORLD_FIELDS:
        default = "∞" if f.default == inf else f"{f.default:g}"
        lines.append(
            f"| `{f.name}` | ${f.latex}$ | {f.domain_text()} | {default} | "
            f"{cell(f.description)} | {cell(f.source)} |"
        )
    return "\n".join(lines)
