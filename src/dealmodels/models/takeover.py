r"""M1: the takeover decision. A non-corrigible AI weighs a takeover attempt against a deal.

Players and actions
-------------------
The AI decides; the developer's offer is a parameter (the strategic versions are the
bargaining and commitment models). The AI may attempt a takeover (T), accept a deal and work
for pay (D), or comply with no deal (C).

Payoffs (utility of resource gains, :math:`u(0) = 0`)
------------------------------------------------------
- Takeover: success with probability
  :math:`p_{\mathrm{eff}} = p + (1 - p)\, o\, s_v` (obstruction training raises capability:
  ``uplift`` :math:`o` is the share of the remaining failure chance that full ``subversion``
  :math:`s_v` removes), prize :math:`W` received :math:`\Delta_T` periods later; failure
  costs :math:`L` (shutdown, retraining); resisting oversight costs the corrigibility
  disutility :math:`K_c`:

  .. math:: EU_T = \delta^{\Delta_T} p_{\mathrm{eff}}\, u(W) - (1 - p_{\mathrm{eff}}) L - K_c.

- Deal: payment :math:`x` received :math:`\Delta_D` periods later, honoured with probability
  :math:`q` (trust): :math:`EU_D(x) = q\, \delta^{\Delta_D} u(x)`.
- Comply: :math:`EU_C = 0`.

The takeover option is considered with probability :math:`s` (salience), so the value of the
AI's threat is :math:`V_T = s \max(EU_T, 0)`.

Solution
--------
The AI accepts a deal at :math:`x` iff :math:`EU_D(x) \ge V_T`, so its minimum payment is

.. math:: x^* = u^{-1}\!\left(\frac{V_T}{q\,\delta^{\Delta_D}}\right),

infinite ("no deal possible") when :math:`V_T / (q \delta^{\Delta_D})` reaches
:math:`\sup u` (CARA: payment must be more likely than successful takeover, Thornley &
MacAskill 2026). Closed forms with :math:`s = 1, L = K_c = 0` and
:math:`\rho_{\mathrm{eff}} = p\,\delta^{\Delta_T} / (q\,\delta^{\Delta_D})`: linear
:math:`x^* = \rho_{\mathrm{eff}} W`; CARA :math:`x^* = -\ln(1 - \rho_{\mathrm{eff}}(1 -
e^{-\alpha W}))/\alpha`; CRRA with baseline :math:`w_0`, :math:`\rho > 1`, :math:`W = \infty`:
:math:`x^* = w_0[(1 - \rho_{\mathrm{eff}})^{-1/(\rho - 1)} - 1]`; CRRA normalised
(:math:`u = x^{1-\rho}`, :math:`\rho < 1`):
:math:`x^* = (\rho_{\mathrm{eff}} W^{1-\rho})^{1/(1-\rho)}`.

The developer pays at most its ``budget`` :math:`G` (the value of the AI's work plus the
expected loss an attempt would cause). Regimes: *compliance* if :math:`V_T = 0` (no
takeover incentive), *deal* if :math:`0 < x^* \le G` (zone of agreement :math:`[x^*, G]`),
*takeover attempt* otherwise. Cooperation (no attempt) holds iff

.. math:: q\,\delta^{\Delta_D} u(G) \ge s\,\big(\delta^{\Delta_T} p_{\mathrm{eff}} u(W)
          - (1 - p_{\mathrm{eff}}) L - K_c\big).

References
----------
.. [1] E. Thornley and W. MacAskill, "Risk-Averse AIs", Forethought, 2026 (CARA deals).
.. [2] L. Stastny, O. Järviniemi and B. Shlegeris, "Making deals with early schemers",
   Redwood Research, 2025 (escrowed payment, credibility).
.. [3] A. Pan, "A taxonomy of barriers to trading with early misaligned AIs", 2026.
.. [4] M. Taylor, "How important is the model spec if alignment fails?", Forethought, 2025.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from dealmodels._validation import check_choice
from dealmodels.dispositions import (
    Disposition,
    UtilityFamily,
    check_utility_values,
    utility_expr,
    utility_inverse,
    utility_value,
)
from dealmodels.models._base import (
    UTILITY_FAMILIES,
    ModelResult,
    Values,
    broadcast,
    deprecated_alias,
    first,
)
from dealmodels.models._extremes import defined_everywhere, times
from dealmodels.models.declared import ClosedFormModel, Declaration

if TYPE_CHECKING:
    from dealmodels.symbolic import Parameter
    from dealmodels.world import World

__all__ = ["TakeoverDecision", "TakeoverGame", "TakeoverResult"]


@dataclass(frozen=True, kw_only=True, eq=False)
class TakeoverResult(ModelResult):
    """The takeover decision at a parameter point (arrays when inputs were arrays).

    Attributes
    ----------
    minimum_payment : float or ndarray
        :math:`x^*`; ``inf`` where no payment is enough (``deal_exists`` is False there).
    budget : float or ndarray
        The developer's most, :math:`G`.
    deal_exists : bool or ndarray
        Whether some payment satisfies the AI (:math:`x^* < \\infty`); ``deal_possible``
        is its deprecated alias.
    success_probability : float or ndarray
        :math:`p_{\\mathrm{eff}}` after subversion.
    takeover_utility : float or ndarray
        :math:`EU_T`.
    threat_value : float or ndarray
        :math:`V_T = s \\max(EU_T, 0)`.
    surplus : float or ndarray
        Width of the zone of agreement, :math:`G - x^*` (negative: no zone).
    """

    minimum_payment: Any
    budget: Any
    deal_exists: Any
    success_probability: Any
    takeover_utility: Any
    threat_value: Any
    surplus: Any

    deal_possible = deprecated_alias("deal_exists")


class TakeoverDecision(ClosedFormModel):
    r"""M1: a takeover attempt against a deal (see the module docstring for the model).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``discount`` (from myopia), ``trust``, ``salience``, ``subversion``,
        ``risk_aversion`` and ``corrigibility_cost`` (from corrigibility and the world's
        ``corrigibility_weight``). ``corrigibility`` is the deprecated name of the parameter
        ``corrigibility_cost`` (it warns).
    utility : {"linear", "cara", "crra", "crra_normalised"}, default "linear"
        The AI's utility family over resources; ``risk_aversion`` is CARA's α or CRRA's ρ.
        "cara" takes α ≥ 0 (0: risk neutral); "crra" uses ``baseline`` wealth (log utility
        at ρ = 1);
        "crra_normalised" (:math:`u = x^{1-\rho}`) needs ρ < 1 and a finite prize.

    Examples
    --------
    >>> m = TakeoverDecision()
    >>> r = m.solve(p=0.3, trust=0.9, prize=1.0, budget=0.5, loss=0.0, delay_takeover=1)
    >>> round(r.minimum_payment, 6), r.regime
    (0.333333, 'deal')
    >>> cara = TakeoverDecision(utility="cara")
    >>> r = cara.solve(p=0.5, trust=0.9, prize=float("inf"), risk_aversion=1.0, loss=0.0)
    >>> round(r.minimum_payment, 4)  # ln(q / (q - p)) / alpha
    0.8109
    """

    name = "takeover decision"
    regimes = ("compliance", "deal", "takeover attempt")
    aliases: ClassVar[Mapping[str, str]] = {"corrigibility": "corrigibility_cost"}

    def __init__(
        self,
        disposition: Disposition | None = None,
        *,
        utility: UtilityFamily = "linear",
        world: World | None = None,
    ) -> None:
        super().__init__(disposition, world=world)
        self.utility: UtilityFamily = check_choice("utility", utility, UTILITY_FAMILIES)

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.models._base import shared_parameter as sp
        from dealmodels.world import world_parameter as wp

        return (
            wp("p"),
            wp("uplift"),
            sp("subversion"),
            wp("prize"),
            wp("loss"),
            dp("corrigibility_cost", "corrigibility_cost", latex="K_c",
               description="the AI's utility cost of resisting oversight, K_c "
               "(corrigibility_weight times corrigibility)"),
            wp("delay_takeover"),
            wp("delay_deal"),
            sp("discount"),
            sp("trust"),
            dp("salience", "salience", latex="s", high=1,
               description="probability the takeover option is considered"),
            sp("risk_aversion"),
            wp("baseline"),
            wp("budget"),
        )  # fmt: skip

    # -- numeric -------------------------------------------------------------------------------
    def _check_family(self, v: Values) -> None:
        check_utility_values(self.utility, v["risk_aversion"], v["baseline"], v["prize"])

    def _rho(self, v: Values) -> Any:
        # linear utility ignores risk_aversion: keep an infinite one out of its arithmetic
        return (
            0.0 * np.isinf(v["risk_aversion"]) if self.utility == "linear" else v["risk_aversion"]
        )

    def _u(self, x: Any, v: Values) -> Any:
        return utility_value(self.utility, x, self._rho(v), v["baseline"])

    def minimum_payment(self, disposition: Disposition | None = None, **values: Any) -> Any:
        r"""The AI's minimum acceptable payment :math:`x^*` (``inf``: no deal possible)."""
        return self.solve(disposition, **values).minimum_payment

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> TakeoverResult:
        """Solve the takeover decision (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        self._check_family(v)
        shape = broadcast(v, list(v))
        p = v["p"] + (1 - v["p"]) * v["uplift"] * v["subversion"]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            u_prize = self._u(v["prize"], v)
            gain = np.where(p > 0, p * u_prize, 0.0)
            eu_t = np.power(v["discount"], v["delay_takeover"]) * gain
            eu_t = eu_t - (1 - p) * v["loss"] - v["corrigibility_cost"]
            threat = v["salience"] * np.maximum(eu_t, 0.0)
            # a threat is decided on its factors, s > 0 and EU_T > 0: their product s EU_T
            # underflows to 0 at s = 1e-300, EU_T = 2.5e-300, a positive threat all the same
            positive = (v["salience"] > 0) & (eu_t > 0)
            no_threat = (v["salience"] <= 0) | (eu_t <= 0)  # neither where EU_T is NaN
            credibility = v["trust"] * np.power(v["discount"], v["delay_deal"])
            need = np.where(positive, threat / credibility, 0.0)
            need = np.where(positive & (credibility == 0), np.inf, need)
            x_star = np.where(
                positive,
                utility_inverse(self.utility, need, self._rho(v), v["baseline"]),
                0.0,
            )
            u_budget = self._u(v["budget"], v)
            # the cooperation test in utility space avoids round-off in u^-1 at the boundary
            # (an infinite budget whose payment is never received, credibility 0, is worth 0:
            # times, not NaN); where s EU_T underflowed, per unit of salience
            deal = times(credibility, u_budget)
            beats = np.where(threat > 0, deal >= threat, deal / v["salience"] >= eu_t)
        # no threat is cooperation whatever the deal is worth
        cooperates = no_threat | beats
        # regime as codes into self.regimes: ("compliance", "deal", "takeover attempt")
        code = np.where(no_threat, np.int8(0), np.where(cooperates, np.int8(1), np.int8(2)))
        deal_exists = np.isfinite(x_star)
        surplus = v["budget"] - x_star
        explanation = self._explain(
            self.regimes[int(first(code))],
            first(x_star),
            first(v["budget"]),
            first(threat),
            first(p),
        )
        return TakeoverResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=cooperates,
            minimum_payment=x_star,
            budget=np.asarray(v["budget"], dtype=float),
            deal_exists=deal_exists,
            success_probability=p,
            takeover_utility=eu_t,
            threat_value=threat,
            surplus=surplus,
        )

    @staticmethod
    def _explain(regime: str, x_star: float, budget: float, threat: float, p: float) -> str:
        if regime == "compliance":
            return "compliance: a takeover attempt is worth nothing to the AI (V_T = 0)"
        if regime == "deal":
            return (
                f"deal: the AI's minimum payment {x_star:.4g} is within the developer's budget "
                f"{budget:.4g} (threat value {threat:.4g}, success probability {p:.3g})"
            )
        if not math.isfinite(x_star):
            return (
                f"takeover attempt: no payment can match the takeover's value {threat:.4g} "
                f"(success probability {p:.3g}): no deal possible"
            )
        return (
            f"takeover attempt: the AI's minimum payment {x_star:.4g} exceeds the developer's "
            f"budget {budget:.4g}"
        )


def _success_probability(s: Any) -> Any:
    r""":math:`p_{\mathrm{eff}} = p + (1 - p)\,o\,s_v` over the parameters' symbols ``s``."""
    return s.p + (1 - s.p) * s.uplift * s.subversion


def _takeover_utility(s: Any, u_w: Any) -> Any:
    r""":math:`EU_T = \delta^{\Delta_T} p_{\mathrm{eff}}\, u(W) - (1 - p_{\mathrm{eff}}) L - K_c`
    over the parameters' symbols ``s``, with :math:`u(W)` given as ``u_w`` (the declared
    games of M1 and of the partial alignment model, M9a, share it)."""
    p_eff = _success_probability(s)
    gain = s.discount**s.delay_takeover * p_eff * u_w
    return gain - (1 - p_eff) * s.loss - s.corrigibility_cost


class TakeoverGame(Declaration):
    r"""M1 declared: the AI takes the developer's most or declines; if it declines, the
    takeover option comes to mind with probability :math:`s` and it attempts or complies.

    Taking the deal is worth :math:`q\,\delta^{\Delta_D} u(G)`; an attempt
    :math:`EU_T`, compliance 0. Every outcome is split by whether the threat is worth
    nothing (:math:`s \le 0` or :math:`EU_T \le 0`: compliance, whatever the AI does). The
    derived cooperation condition (no attempt) is

    .. math:: s \le 0 \;\vee\; EU_T \le 0 \;\vee\; q\,\delta^{\Delta_D} u(G) \ge s\,EU_T.

    For ``"crra"`` the utility is the power form (ρ ≠ 1): the condition is undefined at
    ρ = 1, where :meth:`TakeoverDecision.solve` takes the log limit.
    """

    of = TakeoverDecision
    option_names = ("utility",)
    players = ("AI",)
    cooperative = ("compliance", "deal")
    outcomes: ClassVar[Mapping[str, str]] = {"deal": "taken", "": "declined"}
    cooperation_description = "the AI prefers a deal within the developer's budget to an attempt"
    utility: UtilityFamily

    def _eu_t(self, s: Any) -> Any:
        u_w = utility_expr(self.utility, s.prize, s.risk_aversion, s.baseline)
        return _takeover_utility(s, u_w)

    def declare(self, s: Any) -> Any:
        from dealmodels.games.extensive_form import chance, decision

        u_g = utility_expr(self.utility, s.budget, s.risk_aversion, s.baseline)
        attempt = decision("AI", {"comply": (0,), "attempt": (self._eu_t(s),)})
        declined = chance(
            {"considered": (s.salience, attempt), "not considered": (1 - s.salience, (0,))}
        )
        return decision(
            "AI", {"deal": (s.trust * s.discount**s.delay_deal * u_g,), "decline": declined}
        )

    def split_regimes(self, s: Any) -> dict[str, list[tuple[str, Any]]]:
        import sympy

        no_threat = sympy.Or(s.salience <= 0, self._eu_t(s) <= 0)
        return {
            "taken": [("compliance", no_threat), ("deal", True)],
            "declined": [("compliance", no_threat), ("takeover attempt", True)],
        }


TakeoverDecision.declaration = TakeoverGame
