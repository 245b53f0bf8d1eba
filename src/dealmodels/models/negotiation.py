r"""M2: a negotiated deal. Developer and AI bargain over a transfer, the takeover as threat point.

Players and payoffs
-------------------
The developer D and the AI A bargain over a transfer :math:`x \in [0, G]`, where :math:`G`
(``deal_gain``) is D's *gain* from a deal over its no-deal payoff (the value of the AI's work plus
the expected loss an attempt would cause), so D's disagreement payoff is normalised to
:math:`d_D = 0`. D gets :math:`G - x`; A gets the promised pay discounted by its credibility,
:math:`c\,u(x)` with :math:`c = q\,\delta^{\Delta_D}` (trust :math:`q`, delay of the payment
:math:`\Delta_D`; :math:`c = q` without delay). A's disagreement point is the value of its
takeover option from M1 (:class:`~dealmodels.models.takeover.TakeoverDecision`, computed by an
instance of it, so the two models agree):

.. math:: d_A = V_T = s \max\big(\delta^{\Delta_T} p_{\mathrm{eff}}\, u(W)
          - (1 - p_{\mathrm{eff}}) L - K_c,\ 0\big).

The bargaining set is :math:`\{x : c\,u(x) \ge d_A,\ x \le G\} = [x_{\min}, G]` with
:math:`x_{\min} = u^{-1}(d_A / c)`, M1's minimum payment.

Solution concepts
-----------------
- **Asymmetric Nash** (Nash 1950; Kalai 1977) with the AI's bargaining power :math:`\beta`:
  :math:`\max_x (c\,u(x) - d_A)^{\beta} (G - x)^{1-\beta}`. The first-order condition,
  divided by :math:`c`,

  .. math:: h(x) = \beta\, u'(x)\,(G - x) - (1 - \beta)\big(u(x) - u(x_{\min})\big) = 0,

  has :math:`h(x_{\min}) \ge 0 \ge h(G)` and :math:`h` decreasing for concave :math:`u`, so
  its root is found by a vectorized bisection on :math:`[x_{\min}, G]`
  (:func:`~dealmodels.solvers.bargaining.nash_transfer`). Linear utility has the
  closed form :math:`x^* = \beta G + (1 - \beta) d_A / c`. Risk aversion lowers the AI's share
  (Kihlstrom, Roth and Schmeidler 1981: :math:`u = x^a` on a pie of 1 with :math:`d = 0`
  gives :math:`x^* = a/(1+a)`, 1/3 for :math:`\sqrt{x}`).
- **Kalai–Smorodinsky** (1975): the point of the frontier where each side's gain is the same
  fraction of its ideal gain, :math:`(c\,u(x) - d_A)/(c\,u(G) - d_A) = (G - x)/(G - x_{\min})`
  (bisection again, :func:`~dealmodels.solvers.bargaining.kalai_smorodinsky_transfer`;
  linear utility: :math:`x^* = (G + x_{\min})/2`).

Both depend on the dispositions only through :math:`x_{\min}` and the curvature of :math:`u`;
the credibility :math:`c` cancels from the first-order conditions.

Existence of a deal
-------------------
A deal exists iff :math:`\max_x \min(c\,u(x) - d_A, G - x) \ge 0`, i.e. iff

.. math:: c\,u(G) \ge d_A,

which is M1's cooperation condition (a deal within the developer's budget beats an attempt).
Linear utility gives Pan's (2026) multiplicative feasibility: :math:`d_A / q \le G`, gains
from trade times credibility. Regimes: *compliance* when :math:`d_A = 0` (no takeover threat;
the split is still computed with :math:`d_A = 0`), *deal* when the condition holds,
*no deal: takeover attempt* otherwise (then the transfer is 0, A gets :math:`d_A` and D gets
its no-deal payoff 0).

Outside options here are *disagreement points* (Nash's threat-point reading): every increase
of :math:`d_A` moves the split. Contrast :class:`~dealmodels.models.alternating.AlternatingOffers`,
where the takeover is an opt-out right that moves the split only when it binds.

References
----------
.. [1] J. F. Nash, "The bargaining problem", *Econometrica* 18(2):155-162, 1950.
.. [2] E. Kalai and M. Smorodinsky, "Other solutions to Nash's bargaining problem",
   *Econometrica* 43(3):513-518, 1975.
.. [3] R. E. Kihlstrom, A. E. Roth and D. Schmeidler, "Risk aversion and solutions to Nash's
   bargaining problem", in *Game Theory and Mathematical Economics*, North-Holland, 1981.
.. [4] A. Pan, "A taxonomy of barriers to trading with early misaligned AIs", 2026.
.. [5] E. Thornley and W. MacAskill, "Risk-Averse AIs", Forethought, 2026.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_choice
from dealmodels.dispositions import Disposition, UtilityFamily, utility_value
from dealmodels.models._base import (
    UTILITY_FAMILIES,
    Model,
    ModelResult,
    Values,
    broadcast,
    deprecated_alias,
    first,
)
from dealmodels.models._extremes import defined_everywhere
from dealmodels.models.takeover import TakeoverDecision, TakeoverResult

if TYPE_CHECKING:
    from dealmodels.games.bargaining import BargainingProblem
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = ["NegotiatedDeal", "NegotiationResult"]

BargainingSolutionName = Literal["nash", "kalai_smorodinsky"]
_SOLUTIONS: tuple[BargainingSolutionName, ...] = ("nash", "kalai_smorodinsky")


@dataclass(frozen=True, kw_only=True, eq=False)
class NegotiationResult(ModelResult):
    """The negotiated deal at a parameter point (arrays when inputs were arrays).

    Attributes
    ----------
    transfer : float or ndarray
        The agreed payment :math:`x^*` (0 where no deal is reached).
    ai_value : float or ndarray
        The AI's expected utility: :math:`c\\,u(x^*)` with a deal, :math:`d_A` without
        (``ai_payoff`` is its deprecated alias).
    developer_value : float or ndarray
        :math:`G - x^*` with a deal, 0 (its no-deal payoff) without (``developer_payoff`` is
        its deprecated alias).
    disagreement : float or ndarray
        The AI's disagreement point :math:`d_A = V_T` (M1's threat value).
    minimum_payment : float or ndarray
        :math:`x_{\\min} = u^{-1}(d_A / c)`, M1's minimum payment (``inf``: none suffices).
    deal_gain : float or ndarray
        The developer's gain from a deal, :math:`G` (``budget`` is a deprecated alias).
    deal_exists : bool or ndarray
        :math:`c\\,u(G) \\ge d_A` (the same as ``cooperates``).
    solution : str
        ``"nash"`` or ``"kalai_smorodinsky"``.
    """

    transfer: Any
    ai_value: Any
    developer_value: Any
    disagreement: Any
    minimum_payment: Any
    deal_gain: Any
    deal_exists: Any
    solution: str

    as_given: ClassVar[frozenset[str]] = frozenset({"solution"})

    ai_payoff = deprecated_alias("ai_value")
    developer_payoff = deprecated_alias("developer_value")
    budget = deprecated_alias("deal_gain")


def marginal_utility(family: str, x: Any, rho: Any, baseline: Any) -> NDArray[np.float64]:
    r""":math:`u'(x)` of a utility family (a private kernel: inputs are validated).

    Linear 1; CARA :math:`e^{-\alpha x}`; CRRA with baseline :math:`(w_0 + x)^{-\rho}`;
    normalised CRRA :math:`(1 - \rho) x^{-\rho}` (``inf`` at 0 for :math:`\rho > 0`).
    """
    xs = np.asarray(x, dtype=float)
    r = np.asarray(rho, dtype=float)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if family == "linear":
            out = np.ones_like(xs) + 0.0 * r
        elif family == "cara":
            out = np.exp(-r * xs)
        elif family == "crra":
            out = (np.asarray(baseline, dtype=float) + xs) ** (-r)
        else:
            out = (1.0 - r) * xs ** (-r)
    return np.asarray(out, dtype=float)


class NegotiatedDeal(Model):
    r"""M2: Nash or Kalai–Smorodinsky bargaining over a transfer (see the module docstring).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``discount`` (from myopia), ``trust``, ``salience``, ``subversion``,
        ``risk_aversion`` and ``corrigibility_cost`` (as in
        :class:`~dealmodels.models.takeover.TakeoverDecision`; ``corrigibility`` is its
        deprecated name).
    utility : {"linear", "cara", "crra", "crra_normalised"}, default "linear"
        The AI's utility over resources, as in
        :class:`~dealmodels.models.takeover.TakeoverDecision` (same requirements).
    solution : {"nash", "kalai_smorodinsky"}, default "nash"
        The bargaining solution. Only the Nash solution has a ``bargaining_power`` parameter.

    Examples
    --------
    Risk-neutral AI, takeover worth :math:`d_A = 0.3 \cdot 1 = 0.3`, trust 0.9, gain 1:
    :math:`x^* = \beta G + (1 - \beta) d_A / q = 0.5 + 0.5 \cdot 1/3`.

    >>> m = NegotiatedDeal()
    >>> r = m.solve(p=0.3, trust=0.9, prize=1.0, deal_gain=1.0, loss=0.0)
    >>> round(r.transfer, 6), r.regime
    (0.666667, 'deal')

    Kihlstrom–Roth–Schmeidler: :math:`u = \sqrt{x}`, no threat, pie 1: the AI gets 1/3.

    >>> krs = NegotiatedDeal(utility="crra_normalised")
    >>> round(krs.solve(p=0.0, risk_aversion=0.5, trust=1.0, deal_gain=1.0).transfer, 9)
    0.333333333
    """

    name = "negotiated deal"
    regimes = ("compliance", "deal", "no deal: takeover attempt")
    aliases: ClassVar[Mapping[str, str]] = {
        "budget": "deal_gain",
        "corrigibility": "corrigibility_cost",
    }

    def __init__(
        self,
        disposition: Disposition | None = None,
        *,
        utility: UtilityFamily = "linear",
        solution: BargainingSolutionName = "nash",
        world: World | None = None,
    ) -> None:
        super().__init__(disposition, world=world)
        self.utility: UtilityFamily = check_choice("utility", utility, UTILITY_FAMILIES)
        self.solution: BargainingSolutionName = check_choice("solution", solution, _SOLUTIONS)
        self._takeover = TakeoverDecision(utility=self.utility)

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.world import world_parameter

        takeover = [p for p in TakeoverDecision._parameter_list() if p.name != "budget"]
        return (*takeover, world_parameter("deal_gain"), world_parameter("bargaining_power"))

    @property
    def parameters(self) -> dict[str, Parameter]:
        """The model's parameters by name (``bargaining_power`` only for the Nash solution)."""
        params = {p.name: p for p in self._parameter_list()}
        if self.solution != "nash":
            del params["bargaining_power"]
        return params

    def __repr__(self) -> str:
        return (
            f"NegotiatedDeal(disposition={self._disposition!r}, utility={self.utility!r}, "
            f"solution={self.solution!r})"
        )

    # -- numeric -------------------------------------------------------------------------------
    def _u(self, x: Any, v: Values) -> NDArray[np.float64]:
        return utility_value(self.utility, x, v["risk_aversion"], v["baseline"])

    def _takeover_result(self, v: Values) -> TakeoverResult:
        names = TakeoverDecision._parameter_list()
        # M1 at the same values, its budget being the whole gain G
        return self._takeover.solve(
            **{p.name: v[p.name] for p in names if p.name != "budget"}, budget=v["deal_gain"]
        )

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> NegotiationResult:
        """Solve the bargaining problem (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        m1 = self._takeover_result(v)
        threat = np.broadcast_to(np.asarray(m1.threat_value, dtype=float), shape)
        x_min = np.broadcast_to(np.asarray(m1.minimum_payment, dtype=float), shape)
        deal = np.broadcast_to(np.asarray(m1.cooperates, dtype=bool), shape)
        G = np.broadcast_to(np.asarray(v["deal_gain"], dtype=float), shape)
        lo = np.where(deal, np.minimum(x_min, G), 0.0)  # x_min <= G up to round-off
        hi = np.where(deal, G, 0.0)
        x = self._split(lo, hi, v)
        credibility = v["trust"] * np.power(v["discount"], v["delay_deal"])
        with np.errstate(invalid="ignore"):
            ai_deal = np.broadcast_to(credibility * self._u(x, v), shape)
        transfer = np.where(deal, x, 0.0)
        ai_payoff = np.where(deal, ai_deal, threat)
        dev_payoff = np.where(deal, G - transfer, 0.0)
        # index into the regime names (np.where on strings is slow on large grids)
        code = np.where(threat <= 0, np.int8(0), np.where(deal, np.int8(1), np.int8(2)))
        regime = self.regimes[int(first(code))]
        explanation = self._explain(regime, first(transfer), first(G), first(threat), first(x_min))
        return NegotiationResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=deal,
            transfer=transfer,
            ai_value=ai_payoff,
            developer_value=dev_payoff,
            disagreement=threat,
            minimum_payment=x_min,
            deal_gain=G,
            deal_exists=deal,
            solution=self.solution,
        )

    def _split(self, lo: NDArray[np.float64], hi: NDArray[np.float64], v: Values) -> Any:
        """The bargaining solution on ``[lo, hi] = [x_min, G]`` (where a deal exists), by the
        vectorised transfer solvers of :mod:`dealmodels.solvers.bargaining`."""
        from dealmodels.solvers.bargaining import kalai_smorodinsky_transfer, nash_transfer

        linear = self.utility == "linear"

        def u(x: NDArray[np.float64]) -> Any:
            return self._u(x, v)

        def du(x: NDArray[np.float64]) -> Any:
            return marginal_utility(self.utility, x, v["risk_aversion"], v["baseline"])

        if self.solution == "nash":
            beta = v["bargaining_power"]
            if linear:
                return nash_transfer(lo, hi, beta)
            return nash_transfer(lo, hi, beta, utility=u, marginal=du)
        return kalai_smorodinsky_transfer(lo, hi, utility=None if linear else u)

    @staticmethod
    def _explain(regime: str, x: float, budget: float, threat: float, x_min: float) -> str:
        if regime == "compliance":
            return (
                f"compliance: the AI has no takeover threat (d_A = 0); bargaining over the "
                f"gain {budget:.4g} would give it {x:.4g}"
            )
        if regime == "deal":
            return (
                f"deal: transfer {x:.4g} of the gain {budget:.4g} (the AI's minimum is "
                f"{x_min:.4g}, its takeover option is worth {threat:.4g})"
            )
        if not math.isfinite(x_min):
            return (
                f"no deal: takeover attempt; no promised payment can match the takeover's "
                f"value {threat:.4g}"
            )
        return (
            f"no deal: takeover attempt; the AI's minimum payment {x_min:.4g} exceeds the "
            f"developer's gain {budget:.4g}"
        )

    # -- symbolic ------------------------------------------------------------------------------
    def cooperation_condition(self) -> Condition:
        r"""A deal exists: :math:`q\,\delta^{\Delta_D} u(G) \ge s(\delta^{\Delta_T}
        p_{\mathrm{eff}} u(W) - (1 - p_{\mathrm{eff}}) L - K_c)`.

        The same expression as M1's cooperation condition (a payment of the whole gain beats
        the takeover option), over this model's parameters.
        """
        from dealmodels.symbolic import Condition

        params = self.parameters
        m1 = self._takeover.cooperation_condition()
        budget = m1.parameters["budget"].symbol
        expr = m1.expr.subs(budget, params["deal_gain"].symbol)
        used = {s.name for s in expr.free_symbols}
        return Condition(
            expr,
            [p for n, p in params.items() if n in used],
            description="some transfer within the developer's gain beats the takeover option",
        )

    # -- representation ------------------------------------------------------------------------
    def game(self, disposition: Disposition | None = None, **values: Any) -> BargainingProblem:
        r"""The bargaining problem at one parameter point, for the generic solvers.

        Players ``("developer", "AI")``; the frontier is :math:`u_A = c\,u(G - u_D)` for
        :math:`u_D \in [0, G]`, the disagreement point :math:`(0, d_A)`. With weights
        :math:`(1 - \beta, \beta)`, :func:`~dealmodels.solvers.bargaining.nash_bargaining`
        gives :math:`u_D = G - x^*`.

        Raises
        ------
        InvalidParameterError
            If a value is an array (one point only), or no deal exists (the bargaining set is
            empty).
        """
        from dealmodels._validation import fail
        from dealmodels.games.bargaining import BargainingProblem

        v = self.resolve(disposition, **values)
        for k, val in v.items():
            if np.ndim(val) != 0:
                raise fail(k, "a scalar for game() (one parameter point)", val)
        m1 = self._takeover_result(v)
        if not m1.cooperates:
            raise fail(
                "deal_gain",
                f"at least the AI's minimum payment {m1.minimum_payment}",
                v["deal_gain"],
            )
        c = float(v["trust"] * v["discount"] ** v["delay_deal"])
        G = float(v["deal_gain"])

        def frontier(u_dev: float) -> float:
            return c * float(self._u(max(G - u_dev, 0.0), v))

        return BargainingProblem.from_frontier(
            frontier,
            (0.0, G),
            disagreement=(0.0, float(m1.threat_value)),
            players=("developer", "AI"),
        )
