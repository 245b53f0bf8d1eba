r"""M3: alternating offers, with the takeover attempt as the AI's outside option.

Players and payoffs
-------------------
The developer D and the AI A alternate offers on how to split the developer's gain :math:`G`
(``deal_gain``, the pie), one offer per period, until one is accepted (Rubinstein 1982). D is
risk-neutral and discounts by :math:`\delta_D` (``developer_discount``); A discounts by
:math:`\delta_A = 1 - \mu` (``discount``, from myopia) and values a share :math:`y` of the
pie, promised with credibility :math:`c = q\,\delta^{\Delta_D}`, at :math:`c\,u(yG)` with
:math:`u(x) = x^{a}`, :math:`a = 1 - \rho` (``risk_aversion`` :math:`\rho \in [0, 1)`; 0 is
risk-neutral). When A rejects an offer it may instead attempt a takeover, worth
:math:`V_T` (M1's threat value, computed by
:class:`~dealmodels.models.takeover.TakeoverDecision` with ``utility="crra_normalised"``):
an *opt-out right* (Binmore, Rubinstein and Wolinsky 1986). In share units of the deal it is
worth :math:`w = x_{\min}/G`, :math:`x_{\min} = u^{-1}(V_T/c)` (M1's minimum payment).

Solution: the subgame-perfect equilibrium
-----------------------------------------
Let :math:`y_D` be A's share when D proposes and :math:`y_A` its share when it proposes. A
accepts iff the offer is worth at least rejecting — opting out now or proposing next period:
:math:`u(y_D) = \max(u(w), \delta_A u(y_A))`, i.e. :math:`y_D = \max(w, k\,y_A)` with
:math:`k = \delta_A^{1/a}`; D accepts iff :math:`1 - y_A = \delta_D (1 - y_D)`. Without the
option (Rubinstein, with concave utility; Osborne and Rubinstein 1990, sec. 4.4):

.. math:: y_A = \frac{1 - \delta_D}{1 - \delta_D k}, \qquad
          y_D = k\,\frac{1 - \delta_D}{1 - \delta_D k}.

For a common :math:`\delta` the AI as proposer gets
:math:`(1 - \delta)/(1 - \delta^{1 + 1/a})` (:math:`1/(1 + \delta + \delta^2)` for
:math:`u = \sqrt{x}`), which tends to the Nash bargaining share :math:`a/(1+a)` as
:math:`\delta \to 1` (Binmore, Rubinstein and Wolinsky 1986). The option binds iff it beats
the AI's Rubinstein share as responder, :math:`w > y_D` (*outside option principle*); then
:math:`y_D = w` and :math:`y_A = 1 - \delta_D (1 - w)`. A small but credible takeover threat
does not move the split at all — unlike a Nash disagreement point
(:class:`~dealmodels.models.negotiation.NegotiatedDeal`).

A deal exists iff the option is worth at most the whole pie, :math:`c\,u(G) \ge V_T` (M1's
cooperation condition). Regimes: *compliance* (:math:`V_T = 0`), *deal* (Rubinstein split),
*deal: outside option binds*, *no deal: takeover attempt* (A opts out; transfer 0).

Myopia is double-edged (M3): a more myopic AI gets a smaller share (a cheaper deal)
but, through M1, values delayed payments less.

References
----------
.. [1] A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica*
   50(1):97-109, 1982.
.. [2] K. Binmore, A. Rubinstein and A. Wolinsky, "The Nash bargaining solution in economic
   modelling", *RAND Journal of Economics* 17(2):176-188, 1986.
.. [3] M. J. Osborne and A. Rubinstein, *Bargaining and Markets*, Academic Press, 1990,
   sec. 3.12 and 4.4.
.. [4] A. Muthoo, *Bargaining Theory with Applications*, Cambridge UP, 1999, ch. 5.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from dealmodels._validation import check_choice
from dealmodels.dispositions import Disposition
from dealmodels.models._base import (
    Model,
    ModelResult,
    broadcast,
    deprecated_alias,
    first,
)
from dealmodels.models._extremes import defined_everywhere
from dealmodels.models.takeover import TakeoverDecision

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = ["AlternatingOffers", "AlternatingOffersResult"]

Proposer = Literal["developer", "ai"]
_PROPOSERS: tuple[Proposer, ...] = ("developer", "ai")
_TAKEOVER_NAMES = (
    "p",
    "uplift",
    "subversion",
    "prize",
    "loss",
    "corrigibility_cost",
    "delay_takeover",
    "delay_deal",
    "discount",
    "trust",
    "salience",
    "risk_aversion",
)


@dataclass(frozen=True, kw_only=True, eq=False)
class AlternatingOffersResult(ModelResult):
    """The alternating-offers equilibrium at a parameter point (arrays when inputs were).

    Attributes
    ----------
    ai_share : float or ndarray
        The AI's share of the pie in the agreement (0 where no deal is reached).
    transfer : float or ndarray
        ``ai_share * deal_gain``.
    ai_value : float or ndarray
        The AI's expected utility: :math:`c\\,u(\\text{transfer})` with a deal, :math:`V_T`
        without (``ai_payoff`` is its deprecated alias).
    developer_value : float or ndarray
        :math:`G - \\text{transfer}` with a deal, 0 without (``developer_payoff`` is its
        deprecated alias).
    rubinstein_share : float or ndarray
        The AI's share without the outside option (first proposer as configured).
    outside_option : float or ndarray
        The takeover option in resources, :math:`x_{\\min} = wG` (``inf``: nothing matches it).
    option_binds : bool or ndarray
        Whether the option exceeds the AI's Rubinstein share as responder.
    deal_gain : float or ndarray
        The pie :math:`G`.
    first_proposer : str
        ``"developer"`` or ``"ai"``.
    """

    ai_share: Any
    transfer: Any
    ai_value: Any
    developer_value: Any
    rubinstein_share: Any
    outside_option: Any
    option_binds: Any
    deal_gain: Any
    first_proposer: str

    as_given: ClassVar[frozenset[str]] = frozenset({"first_proposer"})

    ai_payoff = deprecated_alias("ai_value")
    developer_payoff = deprecated_alias("developer_value")


class AlternatingOffers(Model):
    r"""M3: Rubinstein bargaining with the takeover as a BRW outside option (see the module).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``discount`` (from myopia), ``trust``, ``salience``, ``subversion``,
        ``risk_aversion`` (must be < 1 here) and ``corrigibility_cost`` (``corrigibility``
        is its deprecated name).
    first_proposer : {"developer", "ai"}, default "developer"
        Who makes the first offer.

    Examples
    --------
    Common :math:`\delta = 0.9`, risk-neutral AI responding, no takeover threat: the AI gets
    :math:`\delta/(1 + \delta) = 9/19`.

    >>> m = AlternatingOffers()
    >>> r = m.solve(p=0.0, discount=0.9, developer_discount=0.9, deal_gain=1.0)
    >>> round(r.ai_share, 6), r.regime
    (0.473684, 'compliance')

    A takeover worth 0.6 of the pie binds and gives the AI exactly that:

    >>> r = m.solve(p=0.6, prize=1.0, trust=1.0, delay_takeover=0, discount=0.9,
    ...             developer_discount=0.9, deal_gain=1.0, loss=0.0)
    >>> round(r.ai_share, 6), r.regime
    (0.6, 'deal: outside option binds')
    """

    name = "alternating offers"
    regimes = ("compliance", "deal", "deal: outside option binds", "no deal: takeover attempt")
    aliases: ClassVar[Mapping[str, str]] = {
        "budget": "deal_gain",
        "discount_developer": "developer_discount",
        "corrigibility": "corrigibility_cost",
    }

    def __init__(
        self,
        disposition: Disposition | None = None,
        *,
        first_proposer: Proposer = "developer",
        world: World | None = None,
    ) -> None:
        super().__init__(disposition, world=world)
        self.first_proposer: Proposer = check_choice("first_proposer", first_proposer, _PROPOSERS)
        self._takeover = TakeoverDecision(utility="crra_normalised")

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter
        from dealmodels.symbolic import Parameter
        from dealmodels.world import world_field, world_parameter

        prize = world_field("prize")
        own = {
            # the normalised CRRA utility x^(1 - rho) needs a finite prize and rho < 1
            "prize": Parameter(name="prize", low=0, high=math.inf, low_open=True, high_open=True,
                               default=prize.default, latex=prize.latex,
                               description=prize.description + "; finite here"),
            "risk_aversion": disposition_parameter(
                "risk_aversion", "risk_aversion", latex=r"\rho", high=1, high_open=True,
                description="CRRA rho in [0, 1); the AI's utility is x^(1 - rho)"),
        }  # fmt: skip
        base = [
            own.get(p.name, p)
            for p in TakeoverDecision._parameter_list()
            if p.name not in ("budget", "baseline")
        ]
        return (*base, world_parameter("deal_gain"), world_parameter("developer_discount"))

    def __repr__(self) -> str:
        return (
            f"AlternatingOffers(disposition={self._disposition!r}, "
            f"first_proposer={self.first_proposer!r})"
        )

    # -- numeric -------------------------------------------------------------------------------
    @defined_everywhere
    def solve(
        self, disposition: Disposition | None = None, **values: Any
    ) -> AlternatingOffersResult:
        """Solve the alternating-offers game (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        m1 = self._takeover.solve(**{n: v[n] for n in _TAKEOVER_NAMES}, budget=v["deal_gain"])

        def arr(x: Any, dtype: type = float) -> Any:
            return np.broadcast_to(np.asarray(x, dtype=dtype), shape)

        threat, x_min = arr(m1.threat_value), arr(m1.minimum_payment)
        deal = arr(m1.cooperates, bool)
        G, d_dev = arr(v["deal_gain"]), arr(v["developer_discount"])
        a = 1.0 - arr(v["risk_aversion"])
        credibility = arr(v["trust"] * np.power(v["discount"], v["delay_deal"]))
        k = np.power(arr(v["discount"]), 1.0 / a)  # u^-1(delta_A u(y)) = k y
        y_ai = (1.0 - d_dev) / (1.0 - d_dev * k)  # Rubinstein: AI proposes
        y_dev = k * y_ai  # Rubinstein: AI responds
        # binding test in utility space (as the symbolic condition), avoiding u^-1 round-off
        binds = threat > credibility * np.power(G * y_dev, a)
        with np.errstate(over="ignore"):  # x_min / tiny G: inf, clipped to the whole pie
            w = np.where(deal, np.clip(x_min / np.where(G > 0, G, 1.0), 0.0, 1.0), 0.0)
        resp = np.where(binds, w, y_dev)
        prop = 1.0 - d_dev * (1.0 - resp)
        ai_first = self.first_proposer == "ai"
        share = np.where(deal, prop if ai_first else resp, 0.0)
        rub = y_ai if ai_first else y_dev
        transfer = share * G
        ai_payoff = np.where(deal, credibility * np.power(transfer, a), threat)
        dev_payoff = np.where(deal, G - transfer, 0.0)
        # index into the regime names (np.where on strings is slow on large grids)
        code = np.where(
            threat <= 0,
            np.int8(0),
            np.where(deal, np.where(binds, np.int8(2), np.int8(1)), np.int8(3)),
        )
        regime = self.regimes[int(first(code))]
        explanation = self._explain(regime, first(share), first(rub), first(x_min), first(G))
        return AlternatingOffersResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=deal,
            ai_share=share,
            transfer=transfer,
            ai_value=ai_payoff,
            developer_value=dev_payoff,
            rubinstein_share=rub,
            outside_option=x_min,
            option_binds=binds,
            deal_gain=G,
            first_proposer=self.first_proposer,
        )

    def _explain(self, regime: str, share: float, rub: float, x_min: float, G: float) -> str:
        who = "the developer" if self.first_proposer == "developer" else "the AI"
        if regime == "compliance":
            return (
                f"compliance: no takeover threat; with {who} proposing first the AI's "
                f"Rubinstein share is {share:.4g}"
            )
        if regime == "deal":
            return (
                f"deal: Rubinstein share {share:.4g} ({who} proposes first); the takeover "
                f"option ({x_min / G:.4g} of the pie) is below the AI's responder share and "
                "does not bind"
            )
        if regime == "deal: outside option binds":
            return (
                f"deal: the takeover option ({x_min / G:.4g} of the pie) binds and raises the "
                f"AI's share from {rub:.4g} to {share:.4g}"
            )
        return (
            "no deal: takeover attempt; the takeover option is worth more to the AI than the "
            "whole pie"
        )

    # -- symbolic ------------------------------------------------------------------------------
    def cooperation_condition(self) -> Condition:
        r"""A deal exists: :math:`q\,\delta^{\Delta_D} G^{1-\rho} \ge s(\delta^{\Delta_T}
        p_{\mathrm{eff}} W^{1-\rho} - (1 - p_{\mathrm{eff}}) L - K_c)` (M1's condition)."""
        from dealmodels.symbolic import Condition

        m1 = self._takeover.cooperation_condition()
        expr = m1.expr.subs(m1.parameters["budget"].symbol, self.parameters["deal_gain"].symbol)
        return Condition(
            expr,
            [p for n, p in self.parameters.items() if n in {s.name for s in expr.free_symbols}],
            description="the takeover option is worth at most the whole pie to the AI",
        )

    def binding_condition(self) -> Condition:
        r"""The takeover option binds: :math:`V_T > c\,(G\,y_D)^{a}` with
        :math:`y_D = k(1 - \delta_D)/(1 - \delta_D k)`, :math:`k = \delta_A^{1/a}`.

        Written with :math:`V_T = s\,EU_T` without the :math:`\max(\cdot, 0)`, which changes
        nothing because the right side is nonnegative; :math:`EU_T` is M1's, read from its
        declared game (:class:`~dealmodels.models.takeover.TakeoverGame`).
        """
        from types import SimpleNamespace

        import sympy

        from dealmodels.models.takeover import TakeoverGame
        from dealmodels.symbolic import Condition

        params = self.parameters
        s = {name: p.symbol for name, p in params.items()}
        # crra_normalised (x ** (1 - rho)) has no baseline
        eu_t = TakeoverGame(self._takeover)._eu_t(SimpleNamespace(baseline=None, **s))
        threat = s["salience"] * eu_t
        a = 1 - s["risk_aversion"]
        k = s["discount"] ** (1 / a)
        d_dev = s["developer_discount"]
        y_dev = k * (1 - d_dev) / (1 - d_dev * k)
        credibility = s["trust"] * s["discount"] ** s["delay_deal"]
        expr = sympy.StrictGreaterThan(threat, credibility * (s["deal_gain"] * y_dev) ** a)
        used = {sym.name for sym in expr.free_symbols}
        return Condition(
            expr,
            [p for n, p in params.items() if n in used],
            description="the takeover option exceeds the AI's Rubinstein share as responder",
        )
