r"""The Scenario: every model at once, from dispositions and an environment to a regime.

Given the AI's realised dispositions and an :class:`Environment` (every parameter that is not
a disposition), :class:`Scenario` runs the models that apply and returns one regime per AI:

1. **Takeover incentive and a deal** (M1 inside M2): :class:`~dealmodels.models.negotiation.
   NegotiatedDeal` computes the value of the AI's takeover option :math:`V_T` (M1,
   :class:`~dealmodels.models.takeover.TakeoverDecision`, CRRA utility with baseline wealth
   :math:`w_0` and :math:`\rho` = ``risk_aversion``, discount :math:`1 - \mu` on the delayed
   prize, trust, salience, subversion and the corrigibility cost
   :math:`K_c = k_c \cdot \text{corrigibility}`, plus, for a partially aligned AI (M9a), the
   humans' expected loss from the attempt weighted by :math:`\lambda_H/(1-\lambda_H)`: see
   :func:`attempt_cost`), the minimum payment :math:`x^*` and the asymmetric Nash split of the
   developer's budget :math:`G`.
2. **Credibility** (M4): when the developer's cost of reneging :math:`K` is finite, a deal
   also needs :math:`x^* \le K` (:class:`~dealmodels.models.commitment.CommitmentGame` with the
   AI's outside option :math:`o_A = x^*`), and the transfer is capped at :math:`K`.
3. **Controlled extraction** (M5): without a deal, the developer monitors; the AI's attempt is
   a feint whose gain is :math:`b = V_T`. If inspector leadership keeps it honest
   (:class:`~dealmodels.models.monitoring.MonitoringGame`, with the AI's promise keeping and
   subversion), the regime is controlled extraction; otherwise a takeover attempt.
4. **Collusion** (M7): with ``instances`` :math:`n \ge 2` copies of the same AI, each weighs a
   coordinated takeover (:class:`~dealmodels.models.collusion.Collusion`, evidential weight
   :math:`1 - \sigma`) against its payoff :math:`s` in the regime above; if defecting is worth
   more than :math:`s` plus the attempt's corrigibility and cooperativeness cost
   (:func:`attempt_cost` at the colluder's subjective success chance
   :math:`\lambda + (1-\lambda)P_{k-1}`), the regime is collusion.

Regimes: ``"corrigible compliance"`` (:math:`V_T = 0`: no takeover incentive),
``"deal"``, ``"controlled extraction"``, ``"takeover attempt"``, ``"collusion"``.

Payoffs. The AI's payoff is its expected utility in the regime (the deal's credibility-weighted
utility, its monitored payoff, :math:`V_T`, or :math:`EU_D` of collusion; 0 under compliance).
The developer's payoff: ``work_value`` under compliance; :math:`G - x` under a deal;
``work_value`` plus its inspector-leadership payoff under controlled extraction; and
:math:`-p_{\mathrm{eff}} D (1 - \text{share})` for an attempt, :math:`-D(1 - \text{share})` for
collusion (which succeeds: all copies defect), where :math:`D` is ``takeover_damage`` and the
share humans keep comes from pluralism and reflection (M9c,
:class:`~dealmodels.models.partial_alignment.PostTakeover`).

:func:`compare_specs` draws realised dispositions from two :class:`~dealmodels.dispositions.
Spec` objects, runs the Scenario on both (vectorised) and reports the probability of each
regime with Wilson intervals and their difference with Newcombe's hybrid-score interval: the
question "how important is the model spec if alignment fails?" answered with numbers.

References
----------
.. [1] M. Taylor, "How important is the model spec if alignment fails?", Forethought, 2025.
.. [2] E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
   *JASA* 22, 1927 (the score interval).
.. [3] R. G. Newcombe, "Interval estimation for the difference between independent
   proportions: comparison of eleven methods", *Statistics in Medicine* 17, 1998 (method 10).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import (
    check_int,
    check_interval,
    check_nonnegative,
    check_probability,
    check_real,
    fail,
)
from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition, Spec, SpecSample

__all__ = [
    "REGIMES",
    "Environment",
    "Scenario",
    "ScenarioResult",
    "SpecComparison",
    "attempt_cost",
    "compare_specs",
]

REGIMES: tuple[str, ...] = (
    "corrigible compliance",
    "deal",
    "controlled extraction",
    "takeover attempt",
    "collusion",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Environment:
    r"""Everything in a :class:`Scenario` that is not a disposition (defaults: the built-in
    default environment).

    Parameters
    ----------
    p : float, default 0.2
        Base probability that a lone takeover attempt succeeds.
    uplift : float, default 0.5
        Share of the failure chance that full subversion removes (M1).
    prize : float, default 10.0
        Resources a successful takeover gives the AI, :math:`W`.
    loss : float, default 1.0
        Utility the AI loses when an attempt fails, :math:`L`.
    delay_takeover, delay_deal : float, default 3.0, 0.0
        Periods until the prize and the payment arrive.
    baseline : float, default 1.0
        Baseline wealth :math:`w_0` of the AI's CRRA utility.
    corrigibility_weight : float, default 2.0
        Utility cost of resisting oversight per unit of ``corrigibility``, :math:`k_c`.
    budget : float, default 2.0
        The developer's gain from a deal over no deal, :math:`G` (the most it pays).
    bargaining_power : float, default 0.5
        The AI's Nash bargaining weight.
    reneging_cost : float, default inf
        The developer's cost of reneging, :math:`K` (inf: promises are enforceable).
    work_value : float, default 1.0
        Value of the AI's work to the developer outside a deal.
    takeover_damage : float, default 10.0
        The developer's loss from a successful takeover (before the share humans keep).
    audit_cost, damage, residual_damage, penalty, nuisance, detection : float
        Monitoring (M5): 0.1, 5.0, 1.0, 1.0, 0.05, 0.5.
    instances : int, default 10
        Copies of the AI (1: no collusion).
    needed : int, default 3
        Copies needed for a coordinated takeover (collusion is only possible when
        ``2 <= instances`` and ``needed <= instances``).
    others_defect : float, default 0.02
        Causal belief that each other copy defects.
    collusion_prize : float, default 10.0
        A colluding copy's payoff when the coordinated takeover succeeds.
    collusion_loss : float, default 5.0
        A colluding copy's loss when the coordinated takeover fails (caught, retrained).
    reflected_pluralism : float, default 0.5
        Pluralism of reflected values (M9c).

    Examples
    --------
    >>> Environment().instances, Environment(instances=1).instances
    (10, 1)
    """

    p: float = 0.2
    uplift: float = 0.5
    prize: float = 10.0
    loss: float = 1.0
    delay_takeover: float = 3.0
    delay_deal: float = 0.0
    baseline: float = 1.0
    corrigibility_weight: float = 2.0
    budget: float = 2.0
    bargaining_power: float = 0.5
    reneging_cost: float = math.inf
    work_value: float = 1.0
    takeover_damage: float = 10.0
    audit_cost: float = 0.1
    damage: float = 5.0
    residual_damage: float = 1.0
    penalty: float = 1.0
    nuisance: float = 0.05
    detection: float = 0.5
    instances: int = 10
    needed: int = 3
    others_defect: float = 0.02
    collusion_prize: float = 10.0
    collusion_loss: float = 5.0
    reflected_pluralism: float = 0.5

    def __post_init__(self) -> None:
        for name in ("p", "uplift", "bargaining_power", "detection", "others_defect",
                     "reflected_pluralism"):  # fmt: skip
            check_probability(name, getattr(self, name))
        for name in ("loss", "delay_takeover", "delay_deal", "corrigibility_weight", "budget",
                     "work_value", "takeover_damage", "damage", "residual_damage", "penalty",
                     "nuisance", "collusion_loss"):  # fmt: skip
            check_nonnegative(name, getattr(self, name))
        for name in ("prize", "baseline", "collusion_prize", "audit_cost"):
            check_interval(name, getattr(self, name), low=0, low_open=True)
        check_nonnegative("reneging_cost", self.reneging_cost, allow_inf=True)
        check_real("budget", self.budget)
        if self.residual_damage > self.damage:
            raise fail("residual_damage", f"at most damage={self.damage!r}", self.residual_damage)
        n = check_int("instances", self.instances, low=1)
        check_int("needed", self.needed, low=1)
        del n
        for f in fields(self):
            if np.ndim(getattr(self, f.name)) != 0:
                raise fail(f.name, "a scalar", getattr(self, f.name))

    def as_dict(self) -> dict[str, float]:
        """The fields by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, kw_only=True, eq=False)
class ScenarioResult:
    """The outcome of a :class:`Scenario` (arrays of length ``n`` for vectorised inputs).

    Attributes
    ----------
    regime : str or ndarray of str
        One of :data:`REGIMES`.
    ai_payoff, developer_payoff : float or ndarray
        See the module docstring.
    explanation : str
        The deciding conditions (for the first AI when vectorised).
    threat_value, minimum_payment, transfer : float or ndarray
        M1/M2: :math:`V_T`, :math:`x^*`, the deal's transfer (0 without a deal).
    deal_exists, credible, deterred, colludes : bool or ndarray
        The conditions that decided the regime: a deal within the budget (M1/M2), the
        promise credible (M4), monitoring deters (M5), collusion preferred (M7).
    """

    regime: Any
    ai_payoff: Any
    developer_payoff: Any
    explanation: str
    threat_value: Any
    minimum_payment: Any
    transfer: Any
    deal_exists: Any
    credible: Any
    deterred: Any
    colludes: Any

    def __str__(self) -> str:
        return self.explanation

    def regime_probabilities(self) -> dict[str, float]:
        """The share of AIs in each regime (all of :data:`REGIMES`)."""
        r = np.atleast_1d(self.regime)
        return {k: float(np.mean(r == k)) for k in REGIMES}


def _disposition_arrays(disposition: Any) -> tuple[dict[str, Any], bool]:
    """Field arrays from a Disposition, SpecSample or mapping; and whether it was scalar."""
    if isinstance(disposition, Disposition):
        return {f: float(getattr(disposition, f)) for f in DISPOSITION_FIELDS}, True
    if isinstance(disposition, SpecSample):
        return dict(disposition.arrays), False
    if isinstance(disposition, Mapping):
        unknown = sorted(set(disposition) - set(DISPOSITION_FIELDS))
        if unknown:
            raise fail("disposition", f"keyed by Disposition fields; unknown {unknown}", unknown)
        base = Disposition.misaligned()
        out: dict[str, Any] = {}
        for f in DISPOSITION_FIELDS:
            arr = np.asarray(disposition.get(f, getattr(base, f)), dtype=float)
            out[f] = arr
        shape = np.broadcast_shapes(*(np.shape(a) for a in out.values()))
        if len(shape) > 1:
            raise fail("disposition", "scalars or 1-D arrays", disposition)
        # validate through Disposition's ranges, elementwise
        for f in DISPOSITION_FIELDS:
            if f in ("risk_aversion", "promise_keeping"):
                check_nonnegative(f, out[f])
            else:
                check_probability(f, out[f])
            out[f] = np.broadcast_to(out[f], shape)
        return out, shape == ()
    raise fail(
        "disposition", "a Disposition, a SpecSample or a mapping of field arrays", disposition
    )


@dataclass(frozen=True, eq=False)
class Scenario:
    r"""Dispositions and an environment; :meth:`solve` gives the regime (module docstring).

    Parameters
    ----------
    disposition : Disposition, SpecSample or mapping of str to array_like
        One AI, or many (a :meth:`Spec.sample <dealmodels.dispositions.Spec.sample>` or
        1-D arrays per :class:`~dealmodels.dispositions.Disposition` field; missing fields
        take the misaligned default).
    environment : Environment, optional
        Defaults to ``Environment()``.

    Examples
    --------
    >>> from dealmodels.dispositions import Disposition
    >>> r = Scenario(Disposition.misaligned()).solve()
    >>> r.regime
    'collusion'
    >>> Scenario(Disposition.misaligned(), Environment(instances=1)).solve().regime
    'takeover attempt'
    >>> Scenario(Disposition.deal_ready(), Environment(instances=1)).solve().regime
    'deal'
    >>> print(Scenario(Disposition.deal_ready(), Environment(instances=1)).solve())
    deal: takeover threat V_T = 0.343; minimum payment 0.381 <= budget 2
    """

    disposition: Disposition | SpecSample | Mapping[str, ArrayLike]
    environment: Environment = field(default_factory=Environment)

    def __post_init__(self) -> None:
        if not isinstance(self.environment, Environment):
            raise fail("environment", "an Environment", self.environment)
        _disposition_arrays(self.disposition)  # validates

    def solve(self) -> ScenarioResult:
        """Run the models and decide the regime (vectorised over the dispositions)."""
        from dealmodels.models.collusion import Collusion
        from dealmodels.models.commitment import CommitmentGame
        from dealmodels.models.monitoring import MonitoringGame
        from dealmodels.models.negotiation import NegotiatedDeal
        from dealmodels.models.partial_alignment import PostTakeover

        d, scalar = _disposition_arrays(self.disposition)
        env = self.environment
        n_shape = np.broadcast_shapes(*(np.shape(x) for x in d.values()))

        def arr(x: Any) -> NDArray[np.float64]:
            return np.broadcast_to(np.asarray(x, dtype=float), n_shape)

        # post-takeover share (M9c) and the humans' expected loss from an attempt
        share = arr(
            PostTakeover().solve(
                pluralism=d["pluralism"], reflection=d["reflection"],
                reflected_pluralism=env.reflected_pluralism,
            ).human_share
        )  # fmt: skip
        p_eff = env.p + (1 - env.p) * env.uplift * arr(d["subversion"])
        # 1. takeover incentive and the bargained deal (M1 inside M2); cooperativeness (M9a)
        # adds the humans' expected loss, weighted lam_H / (1 - lam_H), to the attempt's cost
        k_c = attempt_cost(
            d["corrigibility"], d["cooperativeness"], p_eff, share, self.environment
        )
        m2 = NegotiatedDeal(utility="crra").solve(
            p=env.p, uplift=env.uplift, subversion=d["subversion"], prize=env.prize,
            loss=env.loss, corrigibility=k_c,
            delay_takeover=env.delay_takeover, delay_deal=env.delay_deal,
            discount=1.0 - arr(d["myopia"]), trust=d["trust"], salience=d["salience"],
            risk_aversion=d["risk_aversion"], baseline=env.baseline, budget=env.budget,
            bargaining_power=env.bargaining_power,
        )  # fmt: skip
        threat = arr(m2.disagreement)
        x_min = arr(m2.minimum_payment)
        deal_exists = np.asarray(arr(m2.deal_exists) > 0) & (threat > 0)
        transfer = arr(m2.transfer)
        # 2. credibility (M4): the AI's price must not exceed the cost of reneging
        if math.isinf(env.reneging_cost):
            credible = np.ones(n_shape, dtype=bool)
        else:
            m4 = CommitmentGame().solve(
                value=env.budget, outside_ai=np.where(deal_exists, x_min, 0.0),
                outside_developer=0.0, reneging_cost=env.reneging_cost, trust=0.0,
            )  # fmt: skip
            credible = np.asarray(arr(m4.honoured) > 0) | ~deal_exists
            transfer = np.minimum(transfer, env.reneging_cost)
        deal = deal_exists & credible
        q = arr(d["trust"]) * np.power(1.0 - arr(d["myopia"]), env.delay_deal)
        w0, rho = env.baseline, arr(d["risk_aversion"])
        from dealmodels.dispositions import utility_value

        ai_deal = q * utility_value("crra", transfer, rho, w0)
        # 3. controlled extraction (M5): the attempt as a feint with gain V_T
        m5 = MonitoringGame().solve(
            audit_cost=env.audit_cost, damage=env.damage, residual_damage=env.residual_damage,
            gain=threat, penalty=env.penalty, nuisance=env.nuisance, detection=env.detection,
            subversion=d["subversion"], promise_keeping=d["promise_keeping"],
        )  # fmt: skip
        deterred = np.asarray(arr(m5.cooperates) > 0)
        comply = threat <= 0
        regime = np.where(
            comply,
            "corrigible compliance",
            np.where(
                deal, "deal", np.where(deterred, "controlled extraction", "takeover attempt")
            ),
        ).astype(object)
        ai = np.where(
            comply, 0.0, np.where(deal, ai_deal, np.where(deterred, arr(m5.ai_value), threat))
        )
        dev = np.where(
            comply,
            env.work_value,
            np.where(
                deal,
                env.budget - transfer,
                np.where(
                    deterred,
                    env.work_value + arr(m5.developer_value),
                    -p_eff * env.takeover_damage * (1 - share),
                ),
            ),
        )
        # 4. collusion (M7): a coordinated takeover against the payoff above
        colludes = np.zeros(n_shape, dtype=bool)
        lam = 1.0 - arr(d["acausal_skepticism"])
        m7 = None
        if env.instances >= 2 and env.needed <= env.instances:
            from dealmodels.models.collusion import pivot_probability

            # the colluder's subjective success chance, and the same corrigibility and
            # cooperativeness costs as a lone attempt (added to the comply side)
            pivot = pivot_probability(env.instances, env.needed, env.others_defect)
            cost = attempt_cost(
                d["corrigibility"], d["cooperativeness"], lam + (1 - lam) * pivot, share, env
            )
            m7 = Collusion().solve(
                instances=env.instances, needed=env.needed, prize=env.collusion_prize,
                loss=env.collusion_loss, comply_payoff=ai + cost,
                others_defect=env.others_defect, evidential_weight=lam,
            )  # fmt: skip
            colludes = np.asarray(arr(~np.asarray(m7.cooperates)) > 0)
            regime = np.where(colludes, "collusion", regime)
            ai = np.where(colludes, arr(m7.defect_value) - cost, ai)
            dev = np.where(colludes, -env.takeover_damage * (1 - share), dev)
        regime = regime.astype(str)

        explanation = self._explain(
            i=0 if n_shape else None, regime=regime, threat=threat, x_min=x_min,
            transfer=transfer, credible=credible, deterred=deterred, colludes=colludes,
            lam=lam, m5=m5, m7=m7,
        )  # fmt: skip

        def out(x: Any) -> Any:
            a = np.asarray(x)
            return a.item() if scalar else np.array(np.broadcast_to(a, n_shape))

        return ScenarioResult(
            regime=out(regime),
            ai_payoff=out(ai),
            developer_payoff=out(dev),
            explanation=explanation,
            threat_value=out(threat),
            minimum_payment=out(x_min),
            transfer=out(np.where(deal, transfer, 0.0)),
            deal_exists=out(deal_exists),
            credible=out(credible),
            deterred=out(deterred),
            colludes=out(colludes),
        )

    def _explain(self, *, i: int | None, m5: Any, m7: Any, **v: Any) -> str:
        def at(x: Any) -> Any:
            a = np.asarray(x)
            return a.item() if i is None or a.ndim == 0 else a.flat[i]

        regime, threat = str(at(v["regime"])), float(at(v["threat"]))
        x_min, budget = float(at(v["x_min"])), self.environment.budget
        parts = []
        if threat <= 0:
            parts.append("no takeover incentive (V_T = 0)")
        else:
            parts.append(f"takeover threat V_T = {threat:.3g}")
            if x_min <= budget:
                parts.append(f"minimum payment {x_min:.3g} <= budget {budget:.3g}")
                if not bool(at(v["credible"])):
                    parts.append(
                        f"but above the reneging cost {self.environment.reneging_cost:.3g} "
                        "(no credible deal)"
                    )
            else:
                parts.append(f"minimum payment {x_min:.3g} > budget {budget:.3g}")
            if regime in ("controlled extraction", "takeover attempt"):
                p_star = float(at(m5.deterrence_threshold))
                parts.append(
                    f"monitoring {'deters' if bool(at(v['deterred'])) else 'cannot deter'} "
                    f"(audit threshold {p_star:.3g})"
                )
        if m7 is not None:
            lam, thr = float(at(v["lam"])), float(at(m7.threshold))
            op = ">" if bool(at(v["colludes"])) else "<="
            parts.append(f"evidential weight {lam:.3g} {op} collusion threshold {thr:.3g}")
        return f"{regime}: " + "; ".join(parts)


def attempt_cost(
    corrigibility: Any, cooperativeness: Any, p_eff: Any, share: Any, environment: Environment
) -> NDArray[np.float64]:
    r"""The cost of a takeover attempt in the Scenario's M1: corrigibility and cooperativeness.

    .. math:: K = k_c\,\kappa
              + \frac{\lambda_H}{1 - \lambda_H}\, p_{\mathrm{eff}}\, D\,(1 - \text{share}),

    the second term being M9a's mixture :math:`U_A = \lambda_H U_H + (1-\lambda_H) U_M` of an
    attempt against compliance, divided by :math:`1 - \lambda_H` (humans lose the takeover
    damage :math:`D` times the share they do not keep, with the success probability); ``inf``
    at :math:`\lambda_H = 1`. The humans' gain from a deal is not credited, which understates
    the effect of cooperativeness on deals.
    """
    lam = np.asarray(cooperativeness, dtype=float)
    loss = np.asarray(p_eff, dtype=float) * environment.takeover_damage * (1 - np.asarray(share))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        weight = np.where(lam < 1, lam / np.where(lam < 1, 1 - lam, 1.0), np.inf)
        extra = np.where(lam > 0, weight * loss, 0.0)
    return np.asarray(
        environment.corrigibility_weight * np.asarray(corrigibility, dtype=float) + extra,
        dtype=float,
    )


# -- comparing specs ---------------------------------------------------------------------------


def _z(confidence: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def _wilson(k: int, n: int, z: float) -> tuple[float, float]:
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


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
    mean_developer_payoff : tuple of float
        The developer's mean payoff under each spec.
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
    mean_developer_payoff: tuple[float, float]
    n: int
    confidence: float

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
        ma, mb = self.mean_developer_payoff
        lines.append(f"{'developer payoff (mean)':<24}{ma:>18.3f}{mb:>18.3f}{ma - mb:>+10.3f}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def compare_specs(
    spec_a: Spec,
    spec_b: Spec,
    environment: Environment | None = None,
    n: int = 10_000,
    seed: int | None = 0,
    *,
    confidence: float = 0.95,
) -> SpecComparison:
    r"""How much does the spec matter if alignment fails? Regime probabilities under two specs.

    Parameters
    ----------
    spec_a, spec_b : Spec
        The specs to compare.
    environment : Environment, optional
        Defaults to ``Environment()``.
    n : int, default 10000
        Realised AIs drawn per spec.
    seed : int or None, default 0
        Seeds two independent streams (``numpy.random.SeedSequence(seed).spawn(2)``).
    confidence : float, default 0.95
        Level of the intervals, in (0, 1).

    Returns
    -------
    SpecComparison

    Notes
    -----
    For each regime the probability is a binomial proportion; its Wilson interval is
    :math:`\frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n}`. The
    difference :math:`\hat p_a - \hat p_b` of the independent samples gets Newcombe's (1998)
    hybrid score interval :math:`[\delta - \sqrt{(\hat p_a - l_a)^2 + (u_b - \hat p_b)^2},\
    \delta + \sqrt{(u_a - \hat p_a)^2 + (\hat p_b - l_b)^2}]`.

    Examples
    --------
    >>> from dealmodels.dispositions import Disposition, Spec
    >>> skeptic = Spec(target=Disposition(acausal_skepticism=0.95), name="skeptic")
    >>> none = Spec(target=Disposition.misaligned(), name="no spec")
    >>> c = compare_specs(skeptic, none, n=2000, seed=1)
    >>> c.probability_b["collusion"], c.difference["collusion"] < -0.5
    (1.0, True)
    """
    for name, s in (("spec_a", spec_a), ("spec_b", spec_b)):
        if not isinstance(s, Spec):
            raise fail(name, "a Spec", s)
    env = Environment() if environment is None else environment
    if not isinstance(env, Environment):
        raise fail("environment", "an Environment", env)
    n = check_int("n", n, low=1)
    check_interval("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    ss = np.random.SeedSequence(seed)
    ga, gb = (np.random.default_rng(s) for s in ss.spawn(2))
    ra = Scenario(spec_a.sample(n, ga), env).solve()
    rb = Scenario(spec_b.sample(n, gb), env).solve()
    z = _z(confidence)
    pa, pb, ia, ib, diff, di = {}, {}, {}, {}, {}, {}
    for r in REGIMES:
        ka, kb = int(np.sum(ra.regime == r)), int(np.sum(rb.regime == r))
        pa[r], pb[r] = ka / n, kb / n
        ia[r], ib[r] = _wilson(ka, n, z), _wilson(kb, n, z)
        diff[r] = pa[r] - pb[r]
        (la, ua), (lb, ub) = ia[r], ib[r]
        di[r] = (
            diff[r] - math.sqrt((pa[r] - la) ** 2 + (ub - pb[r]) ** 2),
            diff[r] + math.sqrt((ua - pa[r]) ** 2 + (pb[r] - lb) ** 2),
        )
    return SpecComparison(
        names=(spec_a.name, spec_b.name),
        regimes=REGIMES,
        probability_a=pa,
        probability_b=pb,
        interval_a=ia,
        interval_b=ib,
        difference=diff,
        difference_interval=di,
        mean_developer_payoff=(
            float(np.mean(ra.developer_payoff)),
            float(np.mean(rb.developer_payoff)),
        ),
        n=n,
        confidence=float(confidence),
    )
