r"""The Scenario: every failure mode at once, as one registered model.

Given the AI's realised dispositions and a :class:`~dealmodels.world.World` (every quantity
that is not a disposition), :class:`Scenario` runs the component models, each at the same
world and dispositions as when it is solved alone, and returns one of the article's regimes
per AI (Taylor 2025):

1. **Takeover threat and a deal** (M1 and M2). The AI's takeover option is worth
   :math:`V_T` (:class:`~dealmodels.models.takeover.TakeoverDecision`, CRRA utility with
   baseline wealth :math:`w_0` and :math:`\rho` = ``risk_aversion``, discount
   :math:`\delta = 1 - \mu` on the delayed prize, trust, salience, subversion). The attempt's
   cost is :math:`K_c = k_c\,\kappa_c` plus, for a partially aligned AI (M9a), the humans'
   expected loss weighted by :math:`\lambda_H/(1-\lambda_H)` (:func:`attempt_cost`). The
   developer and the AI bargain over a transfer with the takeover as the AI's threat point
   (:class:`~dealmodels.models.negotiation.NegotiatedDeal`, Nash solution over the pie
   ``deal_gain`` :math:`G`). A deal needs the AI's minimum payment :math:`x^*` within both the
   pie and the developer's ``budget``: M2's and M1's cooperation conditions.
2. **Credibility** (M4, :class:`~dealmodels.models.commitment.CommitmentGame` with the AI's
   outside option :math:`o_A = x^*`): a strategic developer honours a payment only up to its
   cost of reneging :math:`K`, so a deal also needs :math:`x^* \le K`, and the transfer is
   capped at :math:`\min(\text{budget}, K)`.
3. **Controlled extraction** (AI control, Greenblatt et al. 2023): without a deal the
   developer runs the AI under a control protocol
   (:class:`~dealmodels.models.control.ControlProtocol`: ``tasks`` :math:`N`, trusted
   monitoring with separability :math:`d'_0` lowered by subversion, ``audit_budget``
   :math:`\eta`, ``success_probability`` :math:`s_b`), chosen from a menu (:data:`PROTOCOLS`:
   defer-to-trusted thresholds times the share of the budget spent on upfront audits). For
   each protocol the AI picks its attack rate :math:`\beta^*` to maximise its own expected
   utility (``attacker="disposition"``: CRRA utility of the prize, the loss when caught,
   myopia per task, and promise keeping plus the attempt cost :math:`K` as a cost per
   attempt); the developer runs the protocol of greatest value to it. If the AI's best
   response there is not to attack (:math:`\beta^* = 0`), the regime is controlled
   extraction, otherwise a takeover attempt (under control: caught or successful).
4. **Collusion** (M7): with ``instances`` :math:`n \ge 2` copies and ``needed``
   :math:`k \le n`, each copy weighs joining a coordinated attempt
   (:class:`~dealmodels.models.collusion.Collusion`, evidential weight :math:`1 - \sigma`; a
   coordinated attempt succeeds with :math:`p_c` raised by subversion like a lone one; its
   prize in utility units :math:`\delta^{\Delta_T} u(W)`) against its payoff in the regime
   above plus the attempt's corrigibility and cooperativeness cost. If joining is worth more,
   the regime is collusion.

Regimes (:data:`REGIMES`): ``"corrigible compliance"`` (:math:`V_T = 0`: no takeover
incentive), ``"deal"``, ``"controlled extraction"``, ``"takeover attempt"``, ``"collusion"``;
cooperation means none of the last two.

Values. The AI's value is its expected utility in the regime (0 under compliance; under a
control protocol :math:`EU(\beta^*)`, 0 when it does not attack). The developer's value, in
units of the AI's work: ``work_value`` :math:`v` under compliance; :math:`v - x` under a deal
with transfer :math:`x`; under a control protocol
:math:`v\,U\,T/N - P(\text{success})\,D\,(1 - \text{share})` (usefulness :math:`U`, expected
tasks completed :math:`T`; :meth:`Scenario._control`); :math:`-p_{c,\mathrm{eff}} D (1 -
\text{share})` for collusion, where :math:`D` is ``takeover_damage`` and the share humans keep
after a takeover comes from pluralism and reflection (M9c,
:class:`~dealmodels.models.partial_alignment.PostTakeover`): so the spec's meta-principles
count even when a takeover happens.

Consistency. Every component is solved through its own ``solve`` with the values its
parameters read from the same world and dispositions (:func:`component_values`), plus the
few inputs another component supplies (the per-attempt cost as the control protocol's
promise keeping, the regime payoff as M7's comply payoff, ...), which
:attr:`ScenarioResult.components` records; a test re-solves each component alone with them.

References
----------
.. [1] M. Taylor, "How important is the model spec if alignment fails?", Forethought, 2025.
.. [2] L. Stastny, O. Järviniemi and B. Shlegeris, "Making deals with early schemers",
   Redwood Research, 2025.
.. [3] R. Greenblatt, B. Shlegeris, K. Sachan and F. Roger, "AI Control: Improving Safety
   Despite Intentional Subversion", arXiv:2312.06942, 2023.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import fail
from dealmodels.dispositions import (
    DISPOSITION_FIELDS,
    DISPOSITION_SYMBOLS,
    Disposition,
    SpecSample,
)
from dealmodels.models._base import (
    DERIVED_DISPOSITIONS,
    Model,
    ModelResult,
    broadcast,
    deprecated_alias,
    disposition_arrays,
    first,
)
from dealmodels.models._extremes import defined_everywhere, times
from dealmodels.world import World

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter

__all__ = [
    "FAILURES",
    "PROTOCOLS",
    "REGIMES",
    "Environment",
    "Scenario",
    "ScenarioResult",
    "SpecComparison",
    "attempt_cost",
    "compare_specs",
    "component_values",
]

REGIMES: tuple[str, ...] = (
    "corrigible compliance",
    "deal",
    "controlled extraction",
    "takeover attempt",
    "collusion",
)
"""The article's regimes, in the order of :attr:`ScenarioResult.regime_code`."""

FAILURES: tuple[str, ...] = ("takeover attempt", "collusion")
"""The regimes in which the AI attempts a takeover (alone or with other copies)."""

Environment = World
"""Deprecated alias of :class:`~dealmodels.world.World`."""

SCENARIO_WORLD: tuple[str, ...] = (
    "p", "uplift", "prize", "loss", "delay_takeover", "delay_deal", "baseline", "budget",
    "deal_gain", "bargaining_power", "reneging_cost", "corrigibility_weight", "work_value",
    "takeover_damage", "tasks", "audit_budget", "separability", "success_probability",
    "monitor_uplift", "instances", "needed", "others_defect", "collusion_success",
    "reflected_pluralism",
)  # fmt: skip
"""The world quantities the scenario reads (its parameters beside the dispositions)."""

PROTOCOLS: tuple[tuple[float, float], ...] = tuple(
    (defer, upfront) for upfront in (0.0, 0.5, 1.0) for defer in (0.0, 0.05, 0.1, 0.2, 0.4)
)
"""The developer's menu of control protocols in the controlled-extraction regime, as pairs
(``defer_fpr``, upfront share): the defer-to-trusted threshold's false-positive rate and the
share of the audit budget spent on auditing the first tasks (the rest audits flagged ones)."""

_UNBOUNDED = ("risk_aversion", "promise_keeping")


@dataclass(frozen=True, kw_only=True, eq=False)
class ScenarioResult(ModelResult):
    """The outcome of a :class:`Scenario` (arrays for vectorised inputs).

    Attributes
    ----------
    regime_code : int or ndarray of int8
        Index of ``regime`` in :data:`REGIMES` (fast to count on large samples).
    ai_value, developer_value : float or ndarray
        See the module docstring.
    threat_value, minimum_payment, transfer : float or ndarray
        M1/M2: :math:`V_T`, :math:`x^*` and the deal's transfer (0 without a deal).
    human_share : float or ndarray
        M9c: the share humans keep after a takeover.
    success_probability : float or ndarray
        :math:`p_{\\mathrm{eff}}` of a lone attempt after subversion.
    deal_exists, credible, deterred, colludes : bool or ndarray
        The conditions that decided the regime: a deal within the pie and the budget (M2,
        M1), the promise credible (M4), the developer's control protocol deters every attempt
        (:math:`\beta^* = 0`), collusion preferred (M7).
    protocol : int or ndarray of int16
        Index in :attr:`Scenario.protocols` of the control protocol the developer runs
        without a deal (-1 where there is compliance or a deal).
    attack_rate, safety, usefulness : float or ndarray
        That protocol's :math:`\beta^*`, safety and usefulness
        (:class:`~dealmodels.models.control.ControlResult`; 0, 1, 1 without a protocol).
    components : dict
        For each component model, the inputs another component supplied to it (see the module
        docstring); with the same world and disposition they reproduce its numbers.
    """

    regime_code: Any
    ai_value: Any
    developer_value: Any
    threat_value: Any
    minimum_payment: Any
    transfer: Any
    human_share: Any
    success_probability: Any
    deal_exists: Any
    credible: Any
    deterred: Any
    colludes: Any
    protocol: Any
    attack_rate: Any
    safety: Any
    usefulness: Any
    components: Mapping[str, Mapping[str, Any]] = field(repr=False)

    as_given: ClassVar[frozenset[str]] = frozenset({"components"})

    ai_payoff = deprecated_alias("ai_value")
    developer_payoff = deprecated_alias("developer_value")

    def __str__(self) -> str:
        return self.explanation

    def regime_probabilities(self) -> dict[str, float]:
        """The share of AIs in each regime (all of :data:`REGIMES`)."""
        codes = np.atleast_1d(np.asarray(self.regime_code))
        counts = np.bincount(codes, minlength=len(REGIMES))
        return {r: float(counts[i] / codes.size) for i, r in enumerate(REGIMES)}


def attempt_cost(
    corrigibility_cost: Any,
    cooperativeness: Any,
    success: Any,
    share: Any,
    takeover_damage: Any,
) -> NDArray[np.float64]:
    r"""The cost of a takeover attempt to the AI: corrigibility and cooperativeness.

    .. math:: K = K_c + \frac{\lambda_H}{1 - \lambda_H}\, p\, D\,(1 - \text{share}),

    with :math:`K_c = k_c\,\kappa_c` (the corrigibility cost), the second term being M9a's
    mixture :math:`U_A = \lambda_H U_H + (1-\lambda_H) U_M` of an attempt against compliance,
    divided by :math:`1 - \lambda_H` (humans lose the takeover damage :math:`D` times the share
    they do not keep, with the attempt's success probability :math:`p`); ``inf`` at
    :math:`\lambda_H = 1` when the attempt can succeed. The humans' gain from a deal is not
    credited, which understates the effect of cooperativeness on deals.
    """
    lam = np.asarray(cooperativeness, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # a zero success probability or a zero lost share costs nothing, whatever the damage
        loss = times(success, times(1 - np.asarray(share, dtype=float), takeover_damage))
        weight = np.where(lam < 1, lam / np.where(lam < 1, 1 - lam, 1.0), np.inf)
        extra = np.where((lam > 0) & (loss > 0), weight * loss, 0.0)
    return np.asarray(np.asarray(corrigibility_cost, dtype=float) + extra, dtype=float)


def _check_protocols(protocols: object) -> tuple[tuple[float, float], ...]:
    """Validate a menu of control protocols: a non-empty sequence of (defer_fpr, upfront
    share) pairs of real numbers in [0, 1]."""
    want = "a non-empty sequence of (defer_fpr, upfront share) pairs, each in [0, 1]"
    if isinstance(protocols, str | bytes | Mapping) or not isinstance(
        protocols, Sequence | np.ndarray
    ):
        raise fail("protocols", want, protocols)
    out = []
    for pair in protocols:
        if isinstance(pair, str | bytes) or not isinstance(pair, Sequence | np.ndarray):
            raise fail("protocols", want, protocols)
        if len(pair) != 2:
            raise fail("protocols", want, protocols)
        vals = []
        for name, x in zip(("defer_fpr", "upfront share"), pair, strict=True):
            if isinstance(x, bool | np.bool_) or not isinstance(
                x, int | float | np.integer | np.floating
            ):
                raise fail(f"protocols {name}", "a real number in [0, 1]", x)
            if not 0.0 <= float(x) <= 1.0:
                raise fail(f"protocols {name}", "in [0, 1]", x)
            vals.append(float(x))
        out.append((vals[0], vals[1]))
    if not out:
        raise fail("protocols", want, protocols)
    return tuple(out)


def component_values(
    model: Model, fields: Mapping[str, Any], world: Mapping[str, Any], **supplied: Any
) -> dict[str, Any]:
    """The values ``model``'s parameters read from dispositions and a world, as in ``resolve``.

    ``fields`` are disposition fields (floats or arrays), ``world`` world quantities;
    ``supplied`` values (from other components) win. Parameters read neither from a
    disposition nor from ``world`` keep their defaults.
    """
    out: dict[str, Any] = {}
    for name, p in model.parameters.items():
        if name in supplied:
            out[name] = supplied[name]
        elif p.disposition in DERIVED_DISPOSITIONS:
            out[name] = DERIVED_DISPOSITIONS[p.disposition](fields, world)
        elif p.disposition is not None:
            out[name] = fields[p.disposition]
        elif name in world:
            out[name] = world[name]
    return out


class Scenario(Model):
    r"""Every failure mode at once: an AI's dispositions and its world decide whether it
    complies, takes a deal, is controlled, attempts a takeover or colludes (see the module
    docstring).

    A registered :class:`~dealmodels.models._base.Model`: its parameters are the
    :class:`~dealmodels.dispositions.Disposition` fields and the world quantities in
    :data:`SCENARIO_WORLD`, so :func:`~dealmodels.analysis.sweep.sweep`,
    :func:`~dealmodels.analysis.regions.regions`,
    :func:`~dealmodels.analysis.monte_carlo.monte_carlo` and
    :func:`~dealmodels.analysis.sensitivity.sensitivity` take it like any model.

    Parameters
    ----------
    disposition : Disposition, SpecSample or mapping of str to array_like, optional
        One AI, or many (a :meth:`Spec.sample <dealmodels.dispositions.Spec.sample>` or 1-D
        arrays per field; missing fields take the misaligned default).
    environment : World, optional
        Deprecated positional name of ``world``.
    world : World, optional
        The world (default: the built-in default world).
    protocols : sequence of (float, float), default :data:`PROTOCOLS`
        The developer's menu of control protocols without a deal, as pairs (``defer_fpr``,
        upfront share), each in [0, 1]: the defer-to-trusted threshold's false-positive rate
        and the share of the audit budget spent on the first tasks
        (:class:`~dealmodels.models.control.ControlProtocol`).

    Examples
    --------
    >>> from dealmodels.dispositions import Disposition
    >>> from dealmodels.world import World
    >>> Scenario(Disposition.misaligned()).solve().regime
    'collusion'
    >>> lone = World(instances=1)
    >>> Scenario(Disposition.misaligned(), world=lone).solve().regime
    'controlled extraction'
    >>> Scenario(Disposition.misaligned(), world=lone.replace(separability=0.5)).solve().regime
    'takeover attempt'
    >>> Scenario(Disposition.deal_ready(), world=lone).solve().regime
    'deal'
    """

    name = "scenario"
    regimes = REGIMES

    def __init__(
        self,
        disposition: Disposition | SpecSample | Mapping[str, Any] | None = None,
        environment: World | None = None,
        *,
        world: World | None = None,
        protocols: Sequence[tuple[float, float]] = PROTOCOLS,
    ) -> None:
        if environment is not None and world is not None:
            raise fail("environment", "None when world is given (it is world's old name)", 0)
        super().__init__(None, world=world if world is not None else environment)
        self.protocols = _check_protocols(protocols)
        if disposition is not None:
            disposition_arrays(disposition)  # validates
        self._disposition = disposition  # type: ignore[assignment]

    @property
    def environment(self) -> World:
        """The world (``World()`` when none was given); the first stage's name."""
        return self.world if self.world is not None else World()

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter
        from dealmodels.world import world_parameter

        disp = tuple(
            disposition_parameter(
                f, f, latex=DISPOSITION_SYMBOLS[f],
                high=float("inf") if f in _UNBOUNDED else 1.0,
                description=f"the AI's {f.replace('_', ' ')} (a disposition)",
            )
            for f in DISPOSITION_FIELDS
        )  # fmt: skip
        return (*disp, *(world_parameter(n) for n in SCENARIO_WORLD))

    def __repr__(self) -> str:
        d = self._disposition
        shown = d if d is None or isinstance(d, Disposition) else type(d).__name__
        return f"Scenario(disposition={shown!r}, world={self.world!r})"

    # -- numeric -------------------------------------------------------------------------------
    @defined_everywhere
    def solve(
        self,
        disposition: Disposition | SpecSample | Mapping[str, Any] | None = None,
        **values: Any,
    ) -> ScenarioResult:
        """Run the component models and decide the regime (vectorised); see the module
        docstring. ``values`` may set dispositions and world quantities by name."""
        from dealmodels.dispositions import utility_value
        from dealmodels.models.collusion import Collusion, pivot_probability
        from dealmodels.models.commitment import CommitmentGame
        from dealmodels.models.negotiation import NegotiatedDeal
        from dealmodels.models.partial_alignment import PostTakeover
        from dealmodels.models.takeover import TakeoverDecision

        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))

        def arr(x: Any, dtype: type = float) -> NDArray[Any]:
            return np.broadcast_to(np.asarray(x, dtype=dtype), shape)

        d = {f: v[f] for f in DISPOSITION_FIELDS}
        w = {n: v[n] for n in SCENARIO_WORLD}
        supplied: dict[str, dict[str, Any]] = {}

        def run(key: str, model: Model, **given: Any) -> Any:
            supplied[key] = given
            return model.solve(**component_values(model, d, w, **given))

        # M9c: what humans keep after a takeover
        share = arr(run("post-takeover", PostTakeover()).human_share)
        up = arr(v["uplift"]) * arr(v["subversion"])
        p_eff = arr(v["p"]) + (1 - arr(v["p"])) * up
        k_c = DERIVED_DISPOSITIONS["corrigibility_cost"](d, w)
        cost = attempt_cost(k_c, d["cooperativeness"], p_eff, share, w["takeover_damage"])
        # M1 and M2: the takeover threat, the minimum payment and the bargained transfer
        m1 = run("takeover-decision", TakeoverDecision(utility="crra"), corrigibility_cost=cost)
        m2 = run("negotiated-deal", NegotiatedDeal(utility="crra"), corrigibility_cost=cost)
        threat, x_min = arr(m2.disagreement), arr(m2.minimum_payment)
        deal_exists = arr(m2.deal_exists, bool) & arr(m1.cooperates, bool) & (threat > 0)
        # M4: a strategic developer honours the payment only up to its reneging cost
        outside = np.where(deal_exists, np.minimum(x_min, arr(v["deal_gain"])), 0.0)
        m4 = run(
            "commitment-game", CommitmentGame(), outside_ai=outside, outside_developer=0.0,
            work_value=arr(v["deal_gain"]), trust=0.0,
        )  # fmt: skip
        credible = (arr(m4.regime, object) != "no credible deal") | ~deal_exists
        deal = deal_exists & credible
        cap = np.minimum(arr(v["budget"]), arr(v["reneging_cost"]))
        transfer = np.where(deal, np.minimum(arr(m2.transfer), cap), 0.0)
        q = arr(v["trust"]) * np.power(arr(1 - v["myopia"]), arr(v["delay_deal"]))
        with np.errstate(invalid="ignore", over="ignore"):
            ai_deal = q * utility_value("crra", transfer, arr(v["risk_aversion"]), v["baseline"])
        # controlled extraction: without a deal the developer runs the protocol of its menu
        # that is worth most to it against the AI's best response (attack rate)
        comply = threat <= 0
        ctrl = self._control(d, w, cost, share, ~comply & ~deal, supplied)
        deterred = ctrl["deterred"]
        code = np.where(comply, 0, np.where(deal, 1, np.where(deterred, 2, 3))).astype(np.int8)
        ai = np.select([code == 0, code == 1], [0.0, ai_deal], ctrl["ai_value"])
        work = arr(v["work_value"])
        damage = times(1 - share, arr(v["takeover_damage"]))
        dev = np.select([code == 0, code == 1], [work, work - transfer], ctrl["developer_value"])
        # M7: collusion against the payoff above
        n, k = arr(v["instances"]), arr(v["needed"])
        possible = (n >= 2) & (k <= n) & (arr(v["salience"]) > 0)
        p_c = arr(v["collusion_success"]) + (1 - arr(v["collusion_success"])) * up
        lam = 1 - arr(v["acausal_skepticism"])
        pivot = pivot_probability(n, np.minimum(k, n), arr(v["others_defect"]))
        c_cost = attempt_cost(
            k_c, d["cooperativeness"], p_c * (lam + (1 - lam) * pivot), share, w["takeover_damage"]
        )
        delta = arr(1 - v["myopia"])
        with np.errstate(invalid="ignore", over="ignore"):
            u_prize = utility_value("crra", v["prize"], arr(v["risk_aversion"]), v["baseline"])
            prize_now = np.where(u_prize > 0, np.power(delta, arr(v["delay_takeover"])), 0.0)
            prize_now = prize_now * np.where(u_prize > 0, u_prize, 1.0)
        prize_now = np.maximum(prize_now, np.finfo(float).tiny)  # M7's prize domain is (0, inf]
        m7 = run(
            "collusion", Collusion(), needed=np.minimum(k, n), prize=prize_now,
            collusion_success=p_c, comply_payoff=ai + c_cost,
        )  # fmt: skip
        colludes = possible & ~arr(m7.cooperates, bool)
        code = np.where(colludes, 4, code).astype(np.int8)
        ai = np.where(colludes, arr(m7.defect_value) - c_cost, ai)
        dev = np.where(colludes, -times(p_c, damage), dev)
        regime = np.asarray(REGIMES)[code]
        cooperates = code <= 2
        explanation = _explain(
            int(first(code)), threat=first(threat), x_min=first(x_min),
            cap=min(first(v["deal_gain"]), first(v["budget"])), credible=bool(first(credible)),
            reneging=first(v["reneging_cost"]), m7=m7, lam=first(lam),
            possible=bool(first(possible)), ctrl={k: first(x) for k, x in ctrl.items()},
            protocols=self.protocols,
        )  # fmt: skip
        return ScenarioResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime=regime,
            cooperates=cooperates,
            regime_code=code,
            ai_value=ai,
            developer_value=dev,
            threat_value=threat,
            minimum_payment=x_min,
            transfer=transfer,
            human_share=share,
            success_probability=p_eff,
            deal_exists=deal_exists,
            credible=credible,
            deterred=deterred,
            colludes=colludes,
            protocol=ctrl["protocol"],
            attack_rate=ctrl["attack_rate"],
            safety=ctrl["safety"],
            usefulness=ctrl["usefulness"],
            components=supplied,
        )

    def _control(
        self,
        d: Mapping[str, Any],
        w: Mapping[str, Any],
        cost: Any,
        share: Any,
        need: NDArray[np.bool_],
        supplied: dict[str, dict[str, Any]],
    ) -> dict[str, NDArray[Any]]:
        r"""The controlled-extraction regime where ``need`` holds (no compliance, no deal).

        For every protocol of the menu, :class:`~dealmodels.models.control.ControlProtocol`
        (``attacker="disposition"``, CRRA utility) gives the AI's best response
        :math:`\beta^*` with the attempt's corrigibility and cooperativeness cost :math:`K`
        added to promise keeping as a cost per attempt; upfront share :math:`u` means
        :math:`m = \lfloor u \eta N \rfloor` upfront audits (none in an infinite run). The
        developer's value of a protocol is

        .. math:: v\, U\, T / N - P(\text{success})\, D\, (1 - \text{share}),

        the work's value times the usefulness :math:`U` and the share :math:`T/N` of the run
        completed, less the expected loss from a successful attempt; it runs the protocol of
        greatest value (the first of equals). The AI is *deterred* when :math:`\beta^* = 0`
        there.
        """
        from dealmodels.models.control import ControlProtocol

        shape = need.shape
        out: dict[str, NDArray[Any]] = {
            "protocol": np.full(shape, -1, dtype=np.int16),
            "attack_rate": np.zeros(shape),
            "safety": np.ones(shape),
            "usefulness": np.ones(shape),
            "ai_value": np.zeros(shape),
            "developer_value": np.zeros(shape),
            "deterred": np.zeros(shape, dtype=bool),
        }
        model = ControlProtocol(attacker="disposition", utility="crra")
        per_attempt = np.asarray(d["promise_keeping"], dtype=float) + cost
        base = component_values(model, d, w, promise_keeping=per_attempt)
        chosen_defer, chosen_m = np.zeros(shape), np.zeros(shape)
        supplied["control-protocol"] = {
            "promise_keeping": per_attempt, "defer_fpr": chosen_defer,
            "upfront_audits": chosen_m,
        }  # fmt: skip
        where = np.flatnonzero(need.reshape(-1))
        if where.size == 0:
            return out

        def pick(x: Any) -> NDArray[Any]:
            return np.broadcast_to(np.asarray(x), shape).reshape(-1)[where][:, None]

        vals: dict[str, Any] = {k: pick(x) for k, x in base.items()}
        menu = np.asarray(self.protocols, dtype=float)
        defer, upfront = menu[None, :, 0], menu[None, :, 1]
        n, f = vals["tasks"], vals["audit_budget"]
        with np.errstate(invalid="ignore"):  # 0 * inf: no upfront audits of an infinite run
            m = np.where(np.isinf(n) | (upfront == 0), 0.0, np.floor(upfront * f * n))
        r = model.solve(**{**vals, "defer_fpr": defer, "upfront_audits": m})
        tasks = np.asarray(r.expected_tasks)
        with np.errstate(invalid="ignore", divide="ignore"):
            done = np.where(np.isinf(n), np.isinf(tasks) * 1.0, tasks / n)
        work = pick(w["work_value"])
        lost = times(1 - pick(share), pick(w["takeover_damage"]))
        value = times(work, np.asarray(r.usefulness) * done) - times(
            np.asarray(r.success_probability), lost
        )
        best = np.argmax(value, axis=1)
        rows = np.arange(where.size)

        def at(x: Any) -> NDArray[Any]:
            return np.asarray(np.broadcast_to(np.asarray(x), value.shape)[rows, best])

        flat = {k: x.reshape(-1) for k, x in out.items()}
        flat["protocol"][where] = best
        flat["attack_rate"][where] = at(r.attack_rate)
        flat["safety"][where] = at(r.safety)
        flat["usefulness"][where] = at(r.usefulness)
        flat["ai_value"][where] = at(r.ai_value)
        flat["developer_value"][where] = at(value)
        flat["deterred"][where] = at(r.cooperates)
        chosen_defer.reshape(-1)[where] = menu[best, 0]
        chosen_m.reshape(-1)[where] = at(m)
        return out

    # -- symbolic ------------------------------------------------------------------------------
    def cooperation_condition(self) -> Condition:
        r"""No takeover attempt and no collusion, composed from the components' conditions.

        .. math:: \neg C_7 \wedge \big(V_T \le 0 \;\vee\; (C_{1} \wedge C_{2} \wedge C_4)
                  \;\vee\; C_{\mathrm{ctrl}}\big)

        with M1's and M2's deal conditions :math:`C_1, C_2` (a payment within the budget and
        within the pie beats the attempt), M4's credibility :math:`C_4` (:math:`x^* \le K`),
        the control protocol's :math:`C_{\mathrm{ctrl}}` (:math:`\beta^* = 0` under the protocol
        the developer runs, :meth:`_control`), and M7's collusion
        condition :math:`C_7` (at least two copies and joining beats the regime payoff).
        The quantities one component passes to another (:math:`V_T`, :math:`x^*`, the regime
        payoff) enter as functions evaluated by the components themselves, so the condition
        and :meth:`solve` cannot disagree.
        """
        import sympy

        from dealmodels.symbolic import Condition

        params = self.parameters
        names = list(params)
        syms = [params[n].symbol for n in names]

        def output(label: str, tex: str, attr: str, meaning: str) -> Any:
            def evaluate(*args: Any) -> Any:
                r = self.solve(**dict(zip(names, args, strict=True)))
                return np.asarray(getattr(r, attr), dtype=float)

            # a function of every parameter, evaluated by the components (lambdify uses
            # _imp_), printed by its name alone
            cls = type(
                label,
                (sympy.Function,),
                {
                    "_imp_": staticmethod(evaluate),
                    "_latex": lambda self, printer, *a, **k: tex,
                    "_sympystr": lambda self, printer, *a, **k: label,
                    "__doc__": meaning,
                },
            )
            return cls(*syms)

        threat = output(
            "V_T", "V_T", "threat_value",
            "the AI's value of a takeover attempt over compliance (M1, CRRA, less the "
            "corrigibility and cooperativeness costs)",
        )  # fmt: skip
        deal = output(
            "deal", r"\mathrm{deal}", "deal_exists",
            "1 if some transfer within the developer's gain beats the attempt (M2) and M1 "
            "cooperates at it",
        )  # fmt: skip
        credible = output(
            "credible", r"\mathrm{credible}", "credible",
            "1 if the developer's reneging cost makes the promised payment credible (M4)",
        )  # fmt: skip
        deterred = output(
            "deterred", r"\mathrm{deterred}", "deterred",
            "1 if, under the control protocol the developer runs without a deal, the AI's best "
            "response is not to attack",
        )  # fmt: skip
        colludes = output(
            "colludes", r"\mathrm{colludes}", "colludes",
            "1 if the AI's copies coordinate a takeover against that payoff (M7)",
        )  # fmt: skip
        expr = sympy.And(
            sympy.Eq(colludes, 0),
            sympy.Or(
                threat <= 0,
                sympy.And(sympy.Eq(deal, 1), sympy.Eq(credible, 1)),
                sympy.Eq(deterred, 1),
            ),
        )
        return Condition(
            expr, params, description="no takeover attempt, alone or with other copies"
        )


def _explain(code: int, **x: Any) -> str:
    regime = REGIMES[code]
    threat = float(x["threat"])
    parts = []
    if threat <= 0:
        parts.append("no takeover incentive (V_T = 0)")
    else:
        parts.append(f"takeover threat V_T = {threat:.3g}")
        x_min, cap = float(x["x_min"]), float(x["cap"])
        if x_min <= cap:
            parts.append(f"minimum payment {x_min:.3g} <= {cap:.3g} (pie and budget)")
            if not x["credible"]:
                parts.append(f"but above the reneging cost {float(x['reneging']):.3g}")
        else:
            parts.append(f"minimum payment {x_min:.3g} > {cap:.3g} (pie and budget)")
        if code in (2, 3):
            c = x["ctrl"]
            defer, upfront = x["protocols"][int(c["protocol"])]
            what = f"control protocol (defer at FPR {defer:g}, upfront share {upfront:g})"
            if code == 2:
                parts.append(f"{what} deters: the AI does not attack (safety 1)")
            else:
                parts.append(
                    f"under the best {what} the AI attacks each task with probability "
                    f"{float(c['attack_rate']):.3g} (safety {float(c['safety']):.3g})"
                )
    if x["possible"]:
        thr = float(first(x["m7"].threshold))
        op = ">" if code == 4 else "<="
        parts.append(f"evidential weight {float(x['lam']):.3g} {op} collusion threshold {thr:.3g}")
    return f"{regime}: " + "; ".join(parts)


# -- comparing specs ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SpecComparison:
    """Regime probabilities under two specs (see :func:`compare_specs`).

    Attributes
    ----------
    names : tuple of str
        The two specs' names.
    regimes : tuple of str
        :data:`REGIMES`.
    probability_a, probability_b : dict of str to float
        Share of realised AIs in each regime.
    interval_a, interval_b : dict of str to (float, float)
        Wilson score intervals.
    difference : dict of str to float
        ``probability_a - probability_b``.
    difference_interval : dict of str to (float, float)
        Newcombe's hybrid score interval for the difference.
    mean_developer_value : tuple of float
        The developer's mean value under each spec (``mean_developer_payoff`` is its
        deprecated alias).
    n : int
        Draws per spec.
    confidence : float
        Confidence level of the intervals.
    """

    names: tuple[str, str]
    regimes: tuple[str, ...]
    probability_a: dict[str, float]
    probability_b: dict[str, float]
    interval_a: dict[str, tuple[float, float]]
    interval_b: dict[str, tuple[float, float]]
    difference: dict[str, float]
    difference_interval: dict[str, tuple[float, float]]
    mean_developer_value: tuple[float, float]
    n: int
    confidence: float

    mean_developer_payoff = deprecated_alias("mean_developer_value")

    def table(self) -> str:
        """A plain-text table of the comparison."""
        a, b = self.names
        lines = [f"{'regime':<24}{a:>18}{b:>18}{'difference':>28}"]
        for r in self.regimes:
            lo, hi = self.difference_interval[r]
            lines.append(
                f"{r:<24}{self.probability_a[r]:>18.3f}{self.probability_b[r]:>18.3f}"
                f"{self.difference[r]:>+10.3f} [{lo:+.3f}, {hi:+.3f}]"
            )
        ma, mb = self.mean_developer_value
        lines.append(f"{'developer value (mean)':<24}{ma:>18.3f}{mb:>18.3f}{ma - mb:>+10.3f}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def compare_specs(
    spec_a: Any,
    spec_b: Any,
    environment: World | None = None,
    n: int = 10_000,
    seed: int | None = 0,
    *,
    confidence: float = 0.95,
    priors: Mapping[str, Any] | None = None,
) -> SpecComparison:
    r"""Regime probabilities under two specs: a thin view of
    :func:`~dealmodels.analysis.spec_value.spec_value`.

    Parameters
    ----------
    spec_a, spec_b : Spec
        The specs to compare (``spec_b`` plays the baseline).
    environment : World, optional
        The world (default ``World()``); the world is fixed unless ``priors`` are given.
    n : int, default 10000
        Realised AIs drawn (the same uniforms decide persistence under both specs).
    seed : int or None, default 0
        Randomness.
    confidence : float, default 0.95
        Level of the intervals, in (0, 1).
    priors : mapping, optional
        Uncertainty about world quantities (frozen ``scipy.stats`` laws), as in ``spec_value``.

    Returns
    -------
    SpecComparison

    Examples
    --------
    >>> from dealmodels.dispositions import Disposition, Spec
    >>> skeptic = Spec(target=Disposition(acausal_skepticism=0.95), name="skeptic")
    >>> none = Spec(target=Disposition.misaligned(), name="no spec")
    >>> c = compare_specs(skeptic, none, n=2000, seed=1)
    >>> c.probability_b["collusion"], c.difference["collusion"] < -0.5
    (1.0, True)
    """
    from dealmodels.analysis.spec_value import spec_value
    from dealmodels.dispositions import Spec

    for name, spec in (("spec_a", spec_a), ("spec_b", spec_b)):
        if not isinstance(spec, Spec):
            raise fail(name, "a Spec", spec)
    sv = spec_value(
        spec_a,
        spec_b,
        world=environment,
        priors=priors if priors is not None else {},
        n=n,
        seed=seed,
        confidence=confidence,
        attribution=False,
        robustness=0,
    )
    regimes = sv.regimes
    pa = {r: sv.probability[r].estimate for r in regimes}
    pb = {r: sv.baseline_probability[r].estimate for r in regimes}
    return SpecComparison(
        names=(sv.spec_name, sv.baseline_name),
        regimes=regimes,
        probability_a=pa,
        probability_b=pb,
        interval_a={r: (sv.probability[r].low, sv.probability[r].high) for r in regimes},
        interval_b={
            r: (sv.baseline_probability[r].low, sv.baseline_probability[r].high) for r in regimes
        },
        difference={r: sv.probability_difference[r].estimate for r in regimes},
        difference_interval={
            r: (sv.probability_difference[r].low, sv.probability_difference[r].high)
            for r in regimes
        },
        mean_developer_value=(
            sv.developer_value.estimate,
            sv.baseline_developer_value.estimate,
        ),
        n=sv.n,
        confidence=sv.confidence,
    )
