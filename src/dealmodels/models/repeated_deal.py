r"""M6: the repeated deal. Trigger strategies, promise keeping, detection, growing trade.

Players: the AI (A) and the developer (D), discounting per period by :math:`\delta_A = 1 - \mu`
(myopia :math:`\mu`) and :math:`\delta_D`.

Repeated trust game for pay-for-work (the model's regime)
---------------------------------------------------------
Each period A works (D gains :math:`v`) or sabotages (A gains :math:`g`, detected with
probability :math:`d`; detection ends the relationship), then D pays the wage :math:`w` or
keeps it (reneging costs D :math:`K` and ends the relationship). Promise keeping
:math:`\kappa` is A's utility cost of breaking its side. On the cooperative path A gets
:math:`w/(1-\delta_A)`; a one-shot sabotage gets :math:`g - \kappa` plus, if undetected, the
cooperative continuation, so A works iff
:math:`w/(1-\delta_A) \ge g - \kappa + (1-d)\,w/(1-\delta_A)`, i.e.

.. math:: d\,w \ge (1-\delta_A)(g-\kappa) \iff \delta_A \ge 1 - \frac{d\,w}{g-\kappa}.

D has received this period's work; paying is worth :math:`-w + \delta_D (v-w)/(1-\delta_D)`
and reneging :math:`-K`, so D pays iff

.. math:: \delta_D (v - w) \ge (1 - \delta_D)(w - K) \iff \delta_D \ge \frac{w-K}{v-K}
          \iff w \le \delta_D v + (1-\delta_D) K.

A wage sustaining cooperation exists iff
:math:`(1-\delta_A)(g-\kappa)/d \le \delta_D v + (1-\delta_D)K`. (an earlier formulation states A's
threshold :math:`1 - w/g`, the case :math:`\kappa = 0, d = 1`; its D condition is derived
here.)

Prisoner's dilemma (humans vs AI, Salib & Goldstein 2024)
---------------------------------------------------------
Stage payoffs :math:`T > R > P` (temptation, reward, punishment). Grim trigger with
deviation cost :math:`c` (A: :math:`\kappa`, D: :math:`K`) and detection :math:`d`:
:math:`R/(1-\delta) \ge T - c + \delta[dP + (1-d)R]/(1-\delta)`, so

.. math:: \delta^* = \max\Big(0, \frac{T - c - R}{(T - c - R) + d(R - P)}\Big),

which is :math:`(T-R)/(T-P)` for :math:`c = 0, d = 1` (Friedman 1971), :math:`(T-\kappa-R)/(T-
\kappa-P)` with promise keeping, and :math:`(T-R)/((T-R) + d(R-P))` with imperfect detection;
:math:`\kappa \ge T - R` sustains cooperation even for a fully myopic AI (honesty substitutes
for patience).

Iterated trade versus one-shot war (Salib & Goldstein 2024)
------------------------------------------------------------
A per-period trade surplus :math:`g_t` growing at rate :math:`\gamma` is worth
:math:`g_t / (1 - \delta_A(1+\gamma))` to A when :math:`\delta_A(1+\gamma) < 1` and is unbounded
otherwise; trade beats war iff this is at least the one-shot war payoff. (A known last date
of trade unravels it by backward induction.)

The tension
-----------
Myopia lowers the value of a delayed takeover (M1, :class:`~dealmodels.models.takeover.
TakeoverDecision`) *and* the value of future cooperation here: see :func:`myopia_tension`.

References
----------
.. [1] J. W. Friedman, "A non-cooperative equilibrium for supergames", *Review of Economic
   Studies* 38(1), 1971, 1-12.
.. [2] D. M. Kreps, "Corporate culture and economic theory", in *Perspectives on Positive
   Political Economy*, Cambridge UP, 1990 (the trust game).
.. [3] P. Salib and S. Goldstein, "AI Rights for Human Safety", SSRN 4913167, 2024.
.. [4] A. Pan, "A taxonomy of barriers to trading with early misaligned AIs", 2026 (myopic AIs
   cannot be motivated by retroactive payment).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import check_array, fail
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models._base import (
    ModelResult,
    Values,
    broadcast,
    deprecated_alias,
    first,
)
from dealmodels.models._extremes import defined_everywhere
from dealmodels.models.declared import ClosedFormModel, Declaration

if TYPE_CHECKING:
    from dealmodels.games.normal_form import NormalFormGame
    from dealmodels.symbolic import Parameter

__all__ = [
    "MyopiaTension",
    "RepeatedDeal",
    "RepeatedDealResult",
    "TrustGameDeviations",
    "grim_trigger_threshold",
    "myopia_tension",
]


def grim_trigger_threshold(
    temptation: ArrayLike,
    reward: ArrayLike,
    punishment: ArrayLike,
    *,
    deviation_cost: ArrayLike = 0.0,
    detection: ArrayLike = 1.0,
) -> Any:
    r"""Critical discount factor of grim trigger in a prisoner's dilemma.

    Parameters
    ----------
    temptation, reward, punishment : float or array_like
        Stage payoffs :math:`T > R > P` of the player in question.
    deviation_cost : float or array_like, default 0
        Utility cost :math:`c \ge 0` of deviating (promise keeping, reneging cost).
    detection : float or array_like, default 1
        Probability :math:`d \in (0, 1]` a deviation is detected (and punished forever).

    Returns
    -------
    float or ndarray
        :math:`\delta^* = \max(0, (T-c-R)/((T-c-R) + d(R-P)))`; cooperation is sustained iff
        the discount factor is at least this.

    References
    ----------
    .. [1] J. W. Friedman, "A non-cooperative equilibrium for supergames", 1971.

    Examples
    --------
    >>> grim_trigger_threshold(5, 3, 1)
    0.5
    >>> grim_trigger_threshold(5, 3, 1, deviation_cost=1.0)  # (T-k-R)/(T-k-P)
    0.3333333333333333
    >>> grim_trigger_threshold(5, 3, 1, detection=0.5)  # (T-R)/((T-R) + d(R-P))
    0.6666666666666666
    """
    t = check_array("temptation", temptation)
    r = check_array("reward", reward)
    p = check_array("punishment", punishment)
    c = check_array("deviation_cost", deviation_cost)
    d = check_array("detection", detection)
    if np.any(c < 0):
        raise fail("deviation_cost", ">= 0", deviation_cost)
    if np.any((d <= 0) | (d > 1)):
        raise fail("detection", "in (0, 1]", detection)
    if np.any(t <= r) or np.any(r <= p):
        raise InvalidParameterError(
            "a prisoner's dilemma needs temptation > reward > punishment; "
            f"got temptation={temptation!r}, reward={reward!r}, punishment={punishment!r}"
        )
    out = _threshold(t, r, p, c, d)
    return float(out) if np.ndim(out) == 0 else out


def _threshold(t: Any, r: Any, p: Any, c: Any, d: Any) -> NDArray[np.float64]:
    """Grim trigger in the prisoner's dilemma: gain :math:`T - c - R`, loss :math:`R - P`
    (:func:`~dealmodels.solvers.repeated.trigger_threshold`, the rule of
    :func:`~dealmodels.solvers.repeated.critical_discount`)."""
    from dealmodels.solvers.repeated import trigger_threshold

    with np.errstate(invalid="ignore"):
        gain, loss = np.asarray(t - c - r, dtype=float), np.asarray(r - p, dtype=float)
    # inf - inf has no threshold: NaN, which the model refuses by its parameters' names
    bad = np.isnan(gain) | np.isnan(loss)
    out = trigger_threshold(np.where(bad, 0.0, gain), np.where(bad, 1.0, loss), d)
    return np.where(bad, np.nan, np.asarray(out, dtype=float))


@dataclass(frozen=True, kw_only=True, eq=False)
class RepeatedDealResult(ModelResult):
    """The repeated deal at a parameter point (arrays when inputs were arrays).

    Attributes
    ----------
    ai_works, developer_pays : bool or ndarray
        The two incentive constraints of the trust game at the given wage.
    ai_threshold, developer_threshold : float or ndarray
        Smallest :math:`\\delta_A`, :math:`\\delta_D` sustaining the trust game at this wage
        (``inf`` for D when no discount factor is enough).
    min_wage, max_wage : float or ndarray
        The wages A accepts (:math:`\\ge` min) and D honours (:math:`\\le` max).
    deal_exists : bool or ndarray
        Whether some wage sustains cooperation (``min_wage <= max_wage``;
        ``deal_possible`` is its deprecated alias).
    pd_threshold_ai, pd_threshold_developer : float or ndarray
        Grim-trigger thresholds of the prisoner's dilemma (A with cost κ, D with cost K).
    pd_cooperation : bool or ndarray
        Whether both discount factors reach them.
    trade_value : float or ndarray
        Present value of growing trade to A (``inf`` when unbounded).
    trade_beats_war : bool or ndarray
        Whether ``trade_value >= war_payoff``.
    """

    ai_works: Any
    developer_pays: Any
    ai_threshold: Any
    developer_threshold: Any
    min_wage: Any
    max_wage: Any
    deal_exists: Any
    pd_threshold_ai: Any
    pd_threshold_developer: Any
    pd_cooperation: Any
    trade_value: Any
    trade_beats_war: Any

    deal_possible = deprecated_alias("deal_exists")


class RepeatedDeal(ClosedFormModel):
    r"""M6: pay-for-work as a repeated trust game, plus the PD and growing-trade views.

    The regime and the cooperation condition come from one declared game,
    :class:`TrustGameDeviations` (each side's one-shot deviation from the trigger profile);
    ``solve`` is its closed form, with the thresholds, the wage interval and the PD and
    trade views that the declaration does not give.

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``discount`` (:math:`\delta_A = 1 - \mu`) and ``promise_keeping`` (κ).

    Examples
    --------
    >>> from dealmodels.world import World
    >>> m = RepeatedDeal(world=World(wage=1.0, work_value=3.0, reneging_cost=0.0))
    >>> r = m.solve(discount=0.6, wage=1.0, sabotage_gain=2.0, work_value=3.0,
    ...             developer_discount=0.9)
    >>> r.regime, r.ai_threshold  # 1 - w/g
    ('cooperation', 0.5)
    >>> m.solve(discount=0.4).regime  # too myopic: sabotage pays
    'ai defects'
    >>> m.solve(discount=0.4, promise_keeping=1.0).regime  # honesty substitutes for patience
    'cooperation'
    """

    name = "repeated deal"
    regimes = ("cooperation", "ai defects", "developer reneges", "no cooperation")
    aliases: ClassVar[Mapping[str, str]] = {"detection": "deviation_detection"}

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.world import world_parameter as wp

        return (
            dp("discount", "discount", latex=r"\delta", high=1,
               description="the AI's discount factor, 1 - myopia"),
            wp("developer_discount"),
            dp("promise_keeping", "promise_keeping", latex=r"\kappa",
               description="the AI's utility cost of breaking its promise, kappa"),
            *(wp(n) for n in ("deviation_detection", "wage", "sabotage_gain", "work_value",
                              "reneging_cost", "temptation", "reward", "punishment",
                              "trade_gain", "growth", "war_payoff")),
        )  # fmt: skip

    def _check_values(self, values: Values) -> None:
        t, r, p = values["temptation"], values["reward"], values["punishment"]
        if np.any(np.asarray(t) <= r) or np.any(np.asarray(r) <= p):
            raise InvalidParameterError(
                "a prisoner's dilemma needs temptation > reward > punishment; got "
                f"temptation={t!r}, reward={r!r}, punishment={p!r}"
            )

    def game(  # type: ignore[override]
        self, disposition: Disposition | None = None, **values: Any
    ) -> NormalFormGame:
        """The prisoner's-dilemma stage game at one point (AI rows, developer columns).

        Actions ``("cooperate", "defect")``; symmetric payoffs from ``temptation``,
        ``reward``, ``punishment`` and a sucker payoff 0 (it does not enter the thresholds).
        Feed it to :func:`dealmodels.critical_discount` to check the thresholds. (The
        declared trust game, whose backward induction gives the regime, is :meth:`tree`, or
        ``declared().game(**values)`` at one point.)

        Examples
        --------
        >>> RepeatedDeal().game().payoffs[0].tolist()
        [[3.0, 0.0], [5.0, 1.0]]
        """
        from dealmodels.games.normal_form import NormalFormGame

        v = self.resolve(disposition, **values)
        for name in ("temptation", "reward", "punishment"):
            if np.ndim(v[name]) != 0:
                raise fail(name, "a scalar for game()", v[name])
        t, r, p = (float(v[n]) for n in ("temptation", "reward", "punishment"))
        return NormalFormGame.from_bimatrix(
            [[r, 0.0], [t, p]],
            [[r, t], [0.0, p]],
            players=["AI", "developer"],
            actions=[("cooperate", "defect")] * 2,
        )

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> RepeatedDealResult:
        """Solve the repeated deal (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        a = {name: np.asarray(x, dtype=float) for name, x in v.items()}
        t, r, p = a["temptation"], a["reward"], a["punishment"]
        da, dd, kappa, d = (
            a["discount"],
            a["developer_discount"],
            a["promise_keeping"],
            a["deviation_detection"],
        )
        w, g, val, k = a["wage"], a["sabotage_gain"], a["work_value"], a["reneging_cost"]
        temptation = g - kappa
        ai_works = d * w >= (1 - da) * temptation
        dev_pays = dd * (val - w) >= (1 - dd) * (w - k)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ai_thr = np.where(temptation > 0, np.maximum(0.0, 1 - d * w / temptation), 0.0)
            dev_thr = np.where(
                w <= k, 0.0, np.where(val >= w, (w - k) / np.where(val > k, val - k, 1.0), np.inf)
            )
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            min_wage = np.maximum(0.0, (1 - da) * temptation / d)
        max_wage = dd * val + (1 - dd) * k
        pd_ai = _threshold(t, r, p, kappa, d)
        pd_dev = _threshold(t, r, p, k, d)
        growth = da * (1 + a["growth"])
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            trade = np.where(
                growth < 1, a["trade_gain"] / np.where(growth < 1, 1 - growth, 1.0), np.inf
            )
        trade = np.where(a["trade_gain"] == 0, 0.0, trade)
        coop = ai_works & dev_pays
        # codes into self.regimes: ("cooperation", "ai defects", "developer reneges",
        # "no cooperation")
        code = np.where(
            coop,
            np.int8(0),
            np.where(ai_works, np.int8(2), np.where(dev_pays, np.int8(1), np.int8(3))),
        )
        explanation = self._explain(
            self.regimes[int(first(code))], float(first(ai_thr)), float(first(dev_thr)),
            float(first(da)), float(first(dd)), float(first(min_wage)), float(first(max_wage)),
        )  # fmt: skip

        return RepeatedDealResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=coop,
            ai_works=ai_works,
            developer_pays=dev_pays,
            ai_threshold=ai_thr,
            developer_threshold=dev_thr,
            min_wage=min_wage,
            max_wage=max_wage,
            deal_exists=min_wage <= max_wage,
            pd_threshold_ai=pd_ai,
            pd_threshold_developer=pd_dev,
            pd_cooperation=(da >= pd_ai) & (dd >= pd_dev),
            trade_value=trade,
            trade_beats_war=trade >= a["war_payoff"],
        )

    @staticmethod
    def _explain(
        regime: str, ai_thr: float, dev_thr: float, da: float, dd: float, lo: float, hi: float
    ) -> str:
        a_op = ">=" if da >= ai_thr else "<"
        d_op = ">=" if dd >= dev_thr else "<"
        a = f"the AI's discount {da:.3g} {a_op} its threshold {ai_thr:.3g}"
        d = f"the developer's {dd:.3g} {d_op} its threshold {dev_thr:.3g}"
        return f"{regime}: {a}, {d} (sustainable wages [{lo:.3g}, {hi:.3g}])"


@dataclass(frozen=True, eq=False)
class MyopiaTension:
    """Both edges of myopia over a grid (see :func:`myopia_tension`).

    Attributes
    ----------
    myopia : ndarray
        The grid :math:`\\mu`.
    takeover_threat : ndarray
        M1's value of a delayed takeover attempt to the AI, :math:`V_T`.
    minimum_payment : ndarray
        M1's minimum one-shot payment.
    sustainable : ndarray of bool
        Whether the repeated deal (M6) is sustained at each :math:`\\mu`.
    ai_threshold_myopia : float
        The largest myopia at which the AI keeps working in the repeated deal.
    """

    myopia: NDArray[np.float64]
    takeover_threat: NDArray[np.float64]
    minimum_payment: NDArray[np.float64]
    sustainable: NDArray[np.bool_]
    ai_threshold_myopia: float


def myopia_tension(
    myopia: ArrayLike,
    *,
    repeated: Mapping[str, Any] | None = None,
    takeover: Mapping[str, Any] | None = None,
) -> MyopiaTension:
    r"""The article's tension: myopia lowers takeover incentives *and* sustainable cooperation.

    Parameters
    ----------
    myopia : array_like
        Values of :math:`\mu \in [0, 1]`; :math:`\delta = 1 - \mu` feeds both models.
    repeated : mapping, optional
        Other :class:`RepeatedDeal` parameter values.
    takeover : mapping, optional
        Other :class:`~dealmodels.models.takeover.TakeoverDecision` values (default: a prize
        realised ``delay_takeover=5`` periods later).

    Returns
    -------
    MyopiaTension

    Examples
    --------
    >>> t = myopia_tension([0.0, 0.3, 0.6], takeover={"loss": 0.0})
    >>> t.takeover_threat.round(3).tolist(), t.sustainable.tolist()
    ([2.0, 0.336, 0.02], [True, False, False])
    """
    from dealmodels.models.takeover import TakeoverDecision

    mu = check_array("myopia", myopia)
    if np.any((mu < 0) | (mu > 1)):
        raise fail("myopia", "in [0, 1]", myopia)
    delta = 1.0 - mu
    tk = {"delay_takeover": 5.0, **dict(takeover or {})}
    m1 = TakeoverDecision().solve(discount=delta, **tk)
    rd = RepeatedDeal().solve(discount=delta, **dict(repeated or {}))
    sus = np.asarray(np.broadcast_to(rd.cooperates, mu.shape))
    thr = np.broadcast_to(np.asarray(rd.ai_threshold), mu.shape)
    return MyopiaTension(
        myopia=mu,
        takeover_threat=np.asarray(np.broadcast_to(m1.threat_value, mu.shape), dtype=float),
        minimum_payment=np.asarray(np.broadcast_to(m1.minimum_payment, mu.shape), dtype=float),
        sustainable=sus,
        ai_threshold_myopia=float(1.0 - thr.flat[0]) if thr.size else float("nan"),
    )


class TrustGameDeviations(Declaration):
    r"""M6 declared: each side's one-shot deviation from the trigger profile of the trust game.

    By the one-shot deviation principle a side keeps the trigger profile iff deviating once
    and then being punished (the relationship ends) is worth no more than keeping it, the
    other side keeping its part. The declared game lets each side make that choice, valued in
    per-period units (times :math:`1 - \delta`) and net of what the choice does not change:

    * the AI works, keeping the wage stream that a detected sabotage ends, :math:`d\,w`, or
      sabotages, gaining :math:`(1 - \delta_A)(g - \kappa)` now (the stream :math:`(1 -
      d)\,w` of an undetected sabotage is kept either way);
    * then the developer, having received the work, pays, keeping the future surplus
      :math:`\delta_D (v - w)`, or reneges, saving :math:`(1 - \delta_D)(w - K)` now (the
      wage it would pay, less the cost of reneging; the cost :math:`(1 - \delta_D) w` of
      paying now is common to both and left out).

    Each payoff depends on its own player's choice only, so backward induction decides each
    side by its incentive constraint, ties toward keeping the profile, and the path names the
    regime: ``work/pay`` is cooperation, ``work/renege`` "developer reneges",
    ``sabotage/pay`` "ai defects", ``sabotage/renege`` "no cooperation". The derived
    cooperation condition is

    .. math:: d\,w \ge (1 - \delta_A)(g - \kappa) \;\wedge\;
              \delta_D (v - w) \ge (1 - \delta_D)(w - K).
    """

    of = RepeatedDeal
    players = ("AI", "developer")
    cooperative = ("cooperation",)
    outcomes: ClassVar[Mapping[str, str]] = {
        "work/pay": "cooperation",
        "work/renege": "developer reneges",
        "sabotage/pay": "ai defects",
        "sabotage/renege": "no cooperation",
    }
    cooperation_description = "trigger strategies sustain pay-for-work at this wage"

    def declare(self, s: Any) -> Any:
        from dealmodels.games.extensive_form import decision

        w, d = s.wage, s.deviation_detection
        keep_ai = d * w
        break_ai = (1 - s.discount) * (s.sabotage_gain - s.promise_keeping)
        keep_dev = s.developer_discount * (s.work_value - w)
        break_dev = (1 - s.developer_discount) * (w - s.reneging_cost)

        def developer(ai: Any) -> Any:
            return decision("developer", {"pay": (ai, keep_dev), "renege": (ai, break_dev)})

        return decision("AI", {"work": developer(keep_ai), "sabotage": developer(break_ai)})


RepeatedDeal.declaration = TrustGameDeviations
