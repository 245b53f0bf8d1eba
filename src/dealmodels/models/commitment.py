r"""M4: the developer's commitment problem. Can the developer credibly promise to pay?

Players and moves
-----------------
The developer D offers a payment :math:`x` for the AI's work. The AI A then works, or takes
its outside option (a takeover attempt, sabotage, or just refusing), which gives the payoffs
:math:`(o_D, o_A)` (developer, AI). If A works, D receives the value :math:`w` of the work and
then either honours the promise, :math:`(w - x,\; x)`, or reneges, :math:`(w - K,\; 0)`.
:math:`K \ge 0` is the **cost of reneging**: reputation, an honesty policy (Finnveden 2025),
legal enforcement through contract and property rights for AIs (Salib and Goldstein 2024),
payment into an escrowed foundation (Stastny et al. 2025). Commitment devices raise :math:`K`.

Solution (subgame-perfect equilibrium, backward induction)
------------------------------------------------------------
D honours iff :math:`x \le K`; A works iff it is honoured and :math:`x \ge o_A`; so D offers the
least the AI accepts, :math:`x^* = o_A`, when that is credible and worth it. A deal is the
subgame-perfect outcome iff

.. math:: o_A \le \min(K,\; w - o_D),

with payoffs :math:`(w - o_A,\; o_A)`. If :math:`K < o_A \le w - o_D` the gains from trade
exist but no credible deal does (Fearon's commitment problem); if :math:`o_A > w - o_D` there
are no gains from trade. :meth:`CommitmentGame.cooperation_condition` reads the credibility
condition off the tree itself (:func:`~dealmodels.solvers.backward.symbolic_backward_induction`:
the condition under which play reaches ``offer/work/honour``).

Reputation types
----------------
With prior probability :math:`q` (the AI's ``trust``) the developer is a *committed* type that
always honours; the *strategic* type honours iff :math:`x \le K`. An offer :math:`x > K` is then
worth :math:`q x` to the AI, so a deal beyond the credible range needs :math:`x^* = o_A / q`
(a **credibility premium** :math:`o_A (1/q - 1)`), which the committed type pays iff
:math:`o_A / q \le w - o_D`. With types, a deal happens iff

.. math:: o_A \le w - o_D \;\wedge\; \big(o_A \le K \;\vee\; o_A \le q\,(w - o_D)\big).

:meth:`CommitmentGame.tree` is this game: the committed type makes the offer, a chance move
after the work draws the type the AI faces, and the strategic type (its own player) honours or
reneges; its subgame-perfect equilibrium is :meth:`~CommitmentGame.solve`'s answer.

Upfront payment: the AI's promise
---------------------------------
With ``payment="upfront"`` the roles flip (M4, AI-side promise keeping): D pays
:math:`x` first; A then refuses the deal :math:`(o_D, o_A)`, works :math:`(w - x,\; x)`, or
takes the payment and defects for a gain :math:`g` at the cost :math:`\kappa` of breaking its
promise (``promise_keeping``), :math:`(o_D - x,\; x + g - \kappa)`. A works iff
:math:`\kappa \ge g`, and D pays :math:`x^* = o_A`, so a deal happens iff
:math:`\kappa \ge g \wedge o_A \le w - o_D`: the AI's honesty replaces the developer's
commitment device.

References
----------
.. [1] L. Stastny, O. Järviniemi and B. Shlegeris, "Making deals with early schemers",
   Redwood Research, 2025 (escrowed payment; credible commitment as the bottleneck).
.. [2] P. Salib and S. Goldstein, "AI Rights for Human Safety", SSRN 4913167, 2024 (contract
   enforcement changes the breach payoffs).
.. [3] J. D. Fearon, "Rationalist explanations for war", *International Organization* 49(3),
   1995, 379-414 (commitment problems).
.. [4] D. M. Kreps, "Corporate culture and economic theory", in *Perspectives on Positive
   Political Economy*, Cambridge UP, 1990 (the trust game and reputation).
.. [5] L. Finnveden, "Being honest with AIs", Forethought, 2025.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from dealmodels._validation import check_choice
from dealmodels.models._base import (
    ModelResult,
    broadcast,
    deprecated_alias,
    first,
)
from dealmodels.models._extremes import defined_everywhere
from dealmodels.models.declared import ClosedFormModel, Declaration

if TYPE_CHECKING:
    from dealmodels.dispositions import Disposition
    from dealmodels.games.extensive_form import GameTree
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = [
    "CommitmentDeclaration",
    "CommitmentGame",
    "CommitmentGameResult",
    "PaymentTiming",
    "UpfrontCommitmentDeclaration",
]

#: The equilibrium path of a deal in :meth:`CommitmentGame.tree` (payment after the work).
DEAL_PATH = "offer/work/honour"
#: The same with upfront payment.
UPFRONT_DEAL_PATH = "pay/work"

PaymentTiming = Literal["after", "upfront"]


@dataclass(frozen=True, kw_only=True, eq=False)
class CommitmentGameResult(ModelResult):
    """The commitment game at a parameter point (arrays when inputs were arrays).

    Attributes
    ----------
    offer : float or ndarray
        The least payment the AI accepts given the developer's credibility: :math:`o_A` when
        :math:`o_A \\le K` (honoured for sure), else :math:`o_A / q` (``inf`` at :math:`q = 0`).
    honoured : bool or ndarray
        Whether the promise is kept: the strategic developer honours ``offer``
        (:math:`x \\le K`) when paying after the work; the AI works after an upfront payment
        (:math:`\\kappa \\ge g`).
    developer_value, ai_value : float or ndarray
        Equilibrium payoffs: :math:`(w - x^*, o_A)` for the honouring developer in a deal,
        the outside options otherwise (the AI's payoff is an expectation under reputation).
        ``developer_payoff`` and ``ai_payoff`` are their deprecated aliases.
    gains_from_trade : float or ndarray
        :math:`w - o_D - o_A` (a deal needs it :math:`\\ge 0`).
    credibility_gap : float or ndarray
        :math:`o_A - K`: how much the cost of reneging falls short of the AI's price
        (:math:`\\le 0`: the promise is credible); upfront, :math:`g - \\kappa`.
    credibility_premium : float or ndarray
        :math:`x^* - o_A`, what distrust adds to the price (0 when the offer is credible).
    """

    offer: Any
    honoured: Any
    developer_value: Any
    ai_value: Any
    gains_from_trade: Any
    credibility_gap: Any
    credibility_premium: Any

    developer_payoff = deprecated_alias("developer_value")
    ai_payoff = deprecated_alias("ai_value")


def _least_accepted(o_a: float, q: float, x: float) -> float:
    """The default reputation offer :math:`o_A / q` rounded up until :math:`q\\,x \\ge o_A`
    holds in floating point (the product may round below :math:`o_A`): one unit in the last
    place at a time, the step doubling, so a subnormal :math:`q` (whose products are coarse)
    ends too, at worst at ``inf``."""
    step = 0.0
    while math.isfinite(x) and q * x < o_a:
        step = 2 * step if step else math.ulp(x)
        x = x + step
    return x


class CommitmentGame(ClosedFormModel):
    r"""M4: offer, work or outside option, honour or renege (see the module docstring).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``trust`` (the prior that the developer is a committed type) and
        ``promise_keeping`` (the AI's cost of breaking its promise, used with upfront payment).
    payment : {"after", "upfront"}, default "after"
        When the developer pays: after the work (the developer's credibility matters: ``K``
        and ``trust``) or before it (the AI's promise matters: ``promise_keeping`` against
        ``defection_gain``).

    Examples
    --------
    >>> from dealmodels.dispositions import Disposition
    >>> m = CommitmentGame(Disposition(trust=0.0))  # a developer known to be strategic
    >>> r = m.solve(work_value=1.0, outside_ai=0.3, outside_developer=0.2, reneging_cost=0.5)
    >>> r.regime, r.offer, round(r.developer_value, 6)
    ('deal', 0.3, 0.7)
    >>> m.solve(outside_ai=0.3, reneging_cost=0.1).regime
    'no credible deal'
    >>> r = m.solve(outside_ai=0.3, reneging_cost=0.1, trust=0.6)  # reputation: x* = o_A / q
    >>> r.regime, round(r.offer, 6), round(r.credibility_premium, 6)
    ('deal', 0.5, 0.2)
    >>> cond = m.cooperation_condition()
    >>> point = dict(work_value=1.0, outside_ai=0.3, outside_developer=0.2, reneging_cost=0.1)
    >>> cond.holds(trust=0.0, **point), cond.holds(trust=0.6, **point)
    (False, True)
    >>> up = CommitmentGame(payment="upfront")
    >>> up.solve(defection_gain=0.5, promise_keeping=0.2).regime
    'no credible deal'
    >>> up.solve(defection_gain=0.5, promise_keeping=0.6).regime
    'deal'
    """

    name = "commitment game"
    regimes = ("deal", "no credible deal", "no gains from trade")
    aliases: ClassVar[Mapping[str, str]] = {"value": "work_value"}

    def __init__(
        self,
        disposition: Disposition | None = None,
        *,
        payment: PaymentTiming = "after",
        world: World | None = None,
    ) -> None:
        super().__init__(disposition, world=world)
        self.payment: PaymentTiming = check_choice("payment", payment, ("after", "upfront"))

    @property
    def deal_path(self) -> str:
        """The equilibrium path of a deal in :meth:`tree` (``"offer/work/honour"`` or
        ``"pay/work"``)."""
        return DEAL_PATH if self.payment == "after" else UPFRONT_DEAL_PATH

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.world import world_parameter as wp

        return (
            wp("work_value"),
            wp("outside_ai"),
            wp("outside_developer"),
            wp("reneging_cost"),
            dp("trust", "trust", latex="q", high=1,
               description="prior that the developer is a committed (honouring) type, q"),
            wp("defection_gain"),
            dp("promise_keeping", "promise_keeping", latex=r"\kappa",
               description="the AI's cost of breaking its promise, kappa"),
        )  # fmt: skip

    # -- numeric -------------------------------------------------------------------------------
    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> CommitmentGameResult:
        """Solve the game in closed form (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        w, o_a, o_d = (np.asarray(v[k], dtype=float) for k in ("work_value", "outside_ai",
                                                                "outside_developer"))  # fmt: skip
        k, q = np.asarray(v["reneging_cost"], dtype=float), np.asarray(v["trust"], dtype=float)
        g = np.asarray(v["defection_gain"], dtype=float)
        kappa = np.asarray(v["promise_keeping"], dtype=float)
        surplus = w - o_d
        gains = surplus >= o_a
        if self.payment == "after":
            credible = o_a <= k
            reputation = o_a <= q * surplus
            cooperates = gains & (credible | reputation)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                offer = np.where(
                    credible, o_a, np.where(q > 0, o_a / np.where(q > 0, q, 1.0), np.inf)
                )
            kept = offer <= k
            gap = o_a - k
        else:  # upfront: the AI keeps its promise iff kappa >= g; the developer pays o_A
            credible = g <= kappa
            cooperates = gains & credible
            offer = o_a
            kept = credible
            gap = g - kappa
        # codes into self.regimes: ("deal", "no credible deal", "no gains from trade")
        code = np.where(cooperates, np.int8(0), np.where(gains, np.int8(1), np.int8(2)))
        regime = self.regimes[int(first(code))]
        dev = np.where(cooperates, w - offer, o_d)
        explanation = self._explain(
            regime, first(o_a), first(k), first(w - o_d), first(offer), first(q)
        )
        if self.payment == "upfront":
            explanation = self._explain_upfront(
                regime, first(o_a), first(g), first(kappa), first(w - o_d)
            )
        return CommitmentGameResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=cooperates,
            offer=offer,
            honoured=kept,
            developer_value=dev,
            ai_value=o_a,
            gains_from_trade=surplus - o_a,
            credibility_gap=gap,
            credibility_premium=offer - o_a,
        )

    @staticmethod
    def _explain_upfront(regime: str, o_a: float, g: float, kappa: float, surplus: float) -> str:
        if regime == "no gains from trade":
            return (
                f"no gains from trade: the AI's outside option {o_a:.4g} exceeds w - o_D = "
                f"{surplus:.4g}"
            )
        if regime == "no credible deal":
            return (
                f"no credible deal: paid upfront, the AI would defect (gain g = {g:.4g} > its "
                f"promise-keeping cost kappa = {kappa:.4g})"
            )
        return (
            f"deal: the developer pays o_A = {o_a:.4g} upfront and the AI keeps its promise "
            f"(kappa = {kappa:.4g} >= g = {g:.4g})"
        )

    @staticmethod
    def _explain(regime: str, o_a: float, k: float, surplus: float, x: float, q: float) -> str:
        if regime == "no gains from trade":
            return (
                f"no gains from trade: the AI's outside option {o_a:.4g} exceeds what the work "
                f"is worth to the developer beyond its own option, w - o_D = {surplus:.4g}"
            )
        if regime == "no credible deal":
            need = "no committed type (q = 0)" if q == 0 else f"o_A/q = {x:.4g} > w - o_D"
            return (
                f"no credible deal: the developer would renege on any payment above K = {k:.4g}, "
                f"below the AI's price {o_a:.4g}, and reputation does not close the gap ({need})"
            )
        if o_a <= k:
            return (
                f"deal: the developer offers o_A = {o_a:.4g} and honours it, since reneging "
                f"costs K = {k:.4g} >= o_A (gains from trade {surplus - o_a:.4g})"
            )
        return (
            f"deal on reputation: the offer {x:.4g} = o_A/q includes a credibility premium "
            f"{x - o_a:.4g} because K = {k:.4g} < o_A = {o_a:.4g} (trust q = {q:.3g})"
        )

    # -- the game tree -------------------------------------------------------------------------
    def declared(self) -> Declaration:
        """The declared game for this model's payment timing (:class:`CommitmentDeclaration`
        after the work, :class:`UpfrontCommitmentDeclaration` upfront)."""
        if self.payment == "upfront":
            return UpfrontCommitmentDeclaration(self)
        return CommitmentDeclaration(self)

    def tree(
        self, disposition: Disposition | None = None, *, offer: Any = None, **values: Any
    ) -> GameTree:
        """The declared game tree, with the parameters' symbols in its payoffs.

        Called with values (or ``offer``), it is the deprecated spelling of
        :meth:`offer_tree`, the game at one point with one offer; :meth:`game` is the
        declared game at one point.
        """
        if disposition is None and offer is None and not values:
            return self.declared().tree()
        import warnings

        warnings.warn(
            "CommitmentGame.tree(**values) is deprecated: use offer_tree(**values) for the "
            "game at one point with one offer, or game(**values) for the declared game at a "
            "point (tree() without arguments is the declared, symbolic tree)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.offer_tree(disposition, offer=offer, **values)

    def offer_tree(
        self, disposition: Disposition | None = None, *, offer: Any = None, **values: Any
    ) -> GameTree:
        r"""The game at one parameter point with one offer :math:`x`.

        Parameters
        ----------
        disposition : Disposition, optional
            Overrides the one given at construction.
        offer : float, optional
            The payment :math:`x` the developer offers (default: the equilibrium offer
            :math:`x^*` of :meth:`solve`, or :math:`o_A` when that is infinite).
        **values : float
            Scalar parameter values (see :attr:`parameters`).

        Returns
        -------
        GameTree
            Players ``("developer", "AI")``. The developer chooses ``"offer"`` or
            ``"no offer"``, the AI ``"work"`` or ``"outside"``, then the developer
            ``"honour"`` or ``"renege"`` (only ``"honour"`` when the reneging cost
            :math:`K` is infinite: reneging is then impossible). With ``trust``
            :math:`q > 0` the tree is the reputation game of the module docstring, with
            players ``("developer", "AI", "strategic developer")``: the offer is the
            committed type's decision (the strategic type pools on it), so the root's
            ``"developer"`` is the committed type, whose payoff after the work is
            :math:`w - x` on every branch; a chance move after ``"work"`` draws the type the
            AI faces, committed (probability :math:`q`, honours) or strategic (the
            ``"strategic developer"``, who honours or reneges; payoffs :math:`w - x` or
            :math:`w - K`). So the root offers iff :math:`w - x \ge o_D`, and the AI works
            iff its expected pay is at least :math:`o_A`. The default offer
            :math:`x^* = o_A/q` is rounded up until :math:`q\,x \ge o_A` holds in floating
            point (usually by one unit in the last place), so the AI's indifference is a tie
            (broken toward ``"work"``), not a loss of one rounding unit. With
            ``payment="upfront"`` the developer chooses ``"pay"`` or ``"no offer"`` and the AI
            ``"work"``, ``"defect"`` (keep the payment, gain :math:`g`, pay :math:`\kappa`)
            or ``"refuse"``.

        Examples
        --------
        >>> from dealmodels.solvers.backward import subgame_perfect
        >>> t = CommitmentGame().offer_tree(outside_ai=0.3, reneging_cost=0.5, trust=0.0)
        >>> subgame_perfect(t).path_actions
        ('offer', 'work', 'honour')
        """
        from dealmodels._validation import check_real
        from dealmodels.errors import InvalidParameterError
        from dealmodels.games.extensive_form import GameTree, decision

        v = self.resolve(disposition, **values)
        for name, val in v.items():
            if np.ndim(val) != 0:
                raise InvalidParameterError(
                    f"offer_tree needs scalar values; got {name} with shape {np.shape(val)}"
                )
        if offer is None:
            x = float(self.solve(disposition, **values).offer)
            if not math.isfinite(x):
                x = float(v["outside_ai"])
        else:
            check_real("offer", offer)
            x = float(offer)
        w, o_a, o_d, k, q = (
            float(v[n])
            for n in ("work_value", "outside_ai", "outside_developer", "reneging_cost", "trust")
        )
        if self.payment == "upfront":
            g, kappa = float(v["defection_gain"]), float(v["promise_keeping"])
            return GameTree.build(
                players=["developer", "AI"], root=_upfront_offer(w, o_a, o_d, x, g, kappa)
            )
        # an infinite reneging cost makes reneging impossible: the action is left out (its
        # payoff, w - K, would be -inf, which a game tree does not hold)
        can_renege = math.isfinite(k)
        if q == 0:
            return GameTree.build(
                players=["developer", "AI"], root=_known_strategic(w, o_a, o_d, k, x, can_renege)
            )
        if offer is None and x > k:
            x = _least_accepted(o_a, q, x)
        root = decision(
            "developer",
            {"offer": _after_offer(w, o_a, o_d, k, q, x, can_renege), "no offer": (o_d, o_a, o_d)},
        )
        return GameTree.build(players=["developer", "AI", "strategic developer"], root=root)

    def symbolic_tree(self) -> GameTree:
        """Deprecated: the one-offer tree at :math:`x = o_A` without reputation types, with
        sympy payoffs. :meth:`tree` is the declared game (every offer the developer
        considers, and the types); :meth:`credibility_condition` is derived from it."""
        import warnings

        from dealmodels.games.extensive_form import GameTree

        warnings.warn(
            "CommitmentGame.symbolic_tree() is deprecated: tree() is the declared symbolic "
            "game, and credibility_condition() is derived from it",
            DeprecationWarning,
            stacklevel=2,
        )
        s = SimpleNamespace(**{n: p.symbol for n, p in self.parameters.items()})
        w, o_a, o_d = s.work_value, s.outside_ai, s.outside_developer
        if self.payment == "upfront":
            root = _upfront_offer(w, o_a, o_d, o_a, s.defection_gain, s.promise_keeping)
        else:
            root = _known_strategic(w, o_a, o_d, s.reneging_cost, o_a, True)
        return GameTree.build(players=["developer", "AI"], root=root)

    # -- symbolic ------------------------------------------------------------------------------
    def credibility_condition(self) -> Condition:
        r"""The condition for a credible deal: a deal with a developer known to be strategic.

        .. math:: o_A \le \min(K,\; w - o_D)

        It is the derived deal condition (:meth:`cooperation_condition`) at :math:`q = 0`,
        where the AI counts on no committed type. With upfront payment it is the deal
        condition itself: :math:`\kappa \ge g \wedge o_A \le w - o_D`.
        """
        from dealmodels.symbolic import Condition

        deal = self.cooperation_condition()
        if self.payment == "upfront":
            return deal
        at = deal.subs(trust=0)
        return Condition(
            at.expr,
            [p for n, p in self.parameters.items() if n in at.parameters],
            description="the developer's promise to pay the AI's price is credible and worth it",
        )


def _after_offer(w: Any, o_a: Any, o_d: Any, k: Any, q: Any, x: Any, can_renege: bool) -> Any:
    """The AI's choice after an offer :math:`x` that the committed type (probability
    :math:`q`) honours and the strategic type honours or reneges on; payoffs (committed
    developer, AI, strategic developer)."""
    from dealmodels.games.extensive_form import chance, decision

    honoured = (w - x, x, w - x)
    moves = {"honour": honoured, "renege": (w - x, 0, w - k)}
    if not can_renege:
        del moves["renege"]
    strategic = decision("strategic developer", moves)
    work = chance({"committed": (q, honoured), "strategic": (1 - q, strategic)})
    return decision("AI", {"work": work, "outside": (o_d, o_a, o_d)})


def _known_strategic(w: Any, o_a: Any, o_d: Any, k: Any, x: Any, can_renege: bool) -> Any:
    """The two-player game at one offer :math:`x` with a developer known to be strategic."""
    from dealmodels.games.extensive_form import decision

    moves = {"honour": (w - x, x), "renege": (w - k, 0)}
    if not can_renege:
        del moves["renege"]
    honour = decision("developer", moves)
    work = decision("AI", {"work": honour, "outside": (o_d, o_a)})
    return decision("developer", {"offer": work, "no offer": (o_d, o_a)})


def _upfront_offer(w: Any, o_a: Any, o_d: Any, x: Any, g: Any, kappa: Any) -> Any:
    """The upfront game at one payment :math:`x`: the AI works, defects or refuses."""
    from dealmodels.games.extensive_form import decision

    ai = decision(
        "AI",
        {"work": (w - x, x), "defect": (o_d - x, x + g - kappa), "refuse": (o_d, o_a)},
    )
    return decision("developer", {"pay": ai, "no offer": (o_d, o_a)})


class _NoGains:
    """The regime split both declarations share: an unmade deal is *no gains from trade*
    where :math:`o_A > w - o_D`, else *no credible deal*."""

    def split_regimes(self, s: Any) -> dict[str, list[tuple[str, Any]]]:
        no_gains = s.outside_ai > s.work_value - s.outside_developer
        return {"no deal": [("no gains from trade", no_gains), ("no credible deal", True)]}


class CommitmentDeclaration(_NoGains, Declaration):
    r"""M4 declared, payment after the work: the committed type offers :math:`o_A / q`, or
    :math:`o_A`, or nothing; the AI works or takes its option; a chance move draws the type
    it faces, and the strategic type honours or reneges.

    The offer :math:`o_A / q` (the least the AI accepts when only the committed type pays)
    exists where :math:`q > 0` (:meth:`available`); it comes first, so where the developer
    is indifferent between the two offers (:math:`q = 1`, or :math:`o_A = 0`) it makes
    that one. Backward induction gives

    .. math:: o_A \le w - o_D \;\wedge\; \big(o_A \le K \;\vee\; o_A \le q\,(w - o_D)\big)

    in the form the parameters' domains allow sympy to simplify (the comparisons with
    :math:`o_A / q` cleared of their denominator).
    """

    of = CommitmentGame
    players = ("developer", "AI", "strategic developer")
    cooperative = ("deal",)
    outcomes: ClassVar[Mapping[str, str]] = {
        "reputation offer/work": "deal",
        "offer/work": "deal",
        "": "no deal",
    }
    cooperation_description = "the developer and the AI make a deal (credible or on reputation)"

    def available(self, s: Any) -> dict[str, Any]:
        import sympy

        # the premium offer is considered where the plain one is not credible and a
        # committed type may be met: elsewhere o_A is credible and costs no more
        return {"reputation offer": sympy.And(s.trust > 0, s.reneging_cost < s.outside_ai)}

    def declare(self, s: Any) -> Any:
        from dealmodels.games.extensive_form import decision

        w, o_a, o_d = s.work_value, s.outside_ai, s.outside_developer
        k, q = s.reneging_cost, s.trust
        return decision(
            "developer",
            {
                "reputation offer": _after_offer(w, o_a, o_d, k, q, o_a / q, True),
                "offer": _after_offer(w, o_a, o_d, k, q, o_a, True),
                "no offer": (o_d, o_a, o_d),
            },
        )


class UpfrontCommitmentDeclaration(_NoGains, Declaration):
    r"""M4 declared, payment upfront: the developer pays :math:`o_A` or not; the AI works,
    defects (gain :math:`g`, cost :math:`\kappa`) or refuses. A deal iff
    :math:`\kappa \ge g \wedge o_A \le w - o_D`."""

    of = CommitmentGame
    players = ("developer", "AI")
    cooperative = ("deal",)
    outcomes: ClassVar[Mapping[str, str]] = {"pay/work": "deal", "": "no deal"}
    cooperation_description = "the AI keeps its promise and the deal is worth it"

    def declare(self, s: Any) -> Any:
        w, o_a, o_d = s.work_value, s.outside_ai, s.outside_developer
        return _upfront_offer(w, o_a, o_d, o_a, s.defection_gain, s.promise_keeping)


CommitmentGame.declaration = CommitmentDeclaration
