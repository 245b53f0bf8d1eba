r"""M9: partial alignment as a utility mixture, and what humans keep after a takeover.

PartialAlignment (M9a)
----------------------
The AI's utility mixes the humans' and its misaligned values,
:math:`U_A = \lambda_H U_H + (1-\lambda_H) U_M`, with :math:`\lambda_H` the share of the
developer's values that transferred (the ``cooperativeness`` disposition). Transfers are in a
common unit. The misaligned part :math:`U_M` is the takeover decision's (M1,
:class:`~dealmodels.models.takeover.TakeoverDecision` with linear utility, computed by an
instance of it over the same world quantities, so the two models cannot disagree):

- *Attempt*: it succeeds with :math:`p_{\mathrm{eff}} = p + (1-p)\,o\,s_v`;
  :math:`U_M = EU_T = \delta^{\Delta_T} p_{\mathrm{eff}} W - (1 - p_{\mathrm{eff}}) L - K_c`
  and humans have :math:`h_T` after a success, :math:`H_0` (their value without the AI's work)
  after a failure.
- *Deal* at payment :math:`x`: humans get :math:`H_0 + w - x` (baseline plus the work's value
  :math:`w`), the AI :math:`U_M = c\,x` with the credibility :math:`c = q\,\delta^{\Delta_D}`.
- *Comply* without a deal: humans keep :math:`H_0`, the AI gets 0.

Relative to compliance (worth :math:`\lambda_H H_0`), an attempt is worth
:math:`N_T = \lambda_H p_{\mathrm{eff}} (h_T - H_0) + (1 - \lambda_H) EU_T` and, considered
with probability :math:`s` (salience), the AI's threat is :math:`T = s\max(N_T, 0)` (M1's
:math:`V_T` at :math:`\lambda_H = 0`). The deal is worth
:math:`\lambda_H w + x\,\big((1-\lambda_H)c - \lambda_H\big)`, so the AI prefers it iff

.. math:: x\,a \ge N, \qquad a = (1-\lambda_H)\,c - \lambda_H, \quad
          N = s\max(N_T, 0) - \lambda_H w.

Three cases: :math:`a > 0`: accept iff :math:`x \ge x^* = N/a` (a minimum price);
:math:`a = 0`: accept (any :math:`x`) iff :math:`N \le 0`; :math:`a < 0`: accept iff
:math:`x \le N/a` (a *maximum*: an AI that mostly shares human values dislikes taking
resources from humans, and needs no payment iff :math:`N \le 0`). Regimes, as in M1:
*compliance* when :math:`T = 0` (an attempt is worth no more than complying), *deal* when the
deal beats the threat, *takeover attempt* otherwise. Cooperation (no attempt) holds iff
:math:`T \le 0 \vee x\,a \ge N`; at :math:`\lambda_H = 0` this is M1's cooperation condition
with the budget :math:`x`. At :math:`c = 1`, :math:`s = 1`, :math:`L = K_c = 0`,
:math:`\delta^{\Delta_T} = 1`, :math:`s_v = 0` and :math:`N_T \ge 0` it is the plain mixture
:math:`x(1 - 2\lambda_H) \ge p(\lambda_H h_T + (1-\lambda_H)W - \lambda_H H_0) - \lambda_H w`.

PostTakeover (M9c)
------------------
After a takeover the AI splits resources :math:`R_T` between itself and humans. With moral
pluralism :math:`\pi` and diminishing returns it maximises
:math:`(1-\pi)\ln r_A + \pi \ln r_H` subject to :math:`r_A + r_H = R_T`, so :math:`r_H = \pi R_T`
(Cobb–Douglas). With reflection, values move with probability :math:`r` to reflected ones
with pluralism :math:`\pi_R`: :math:`E[\text{share}] = (1-r)\pi + r\pi_R`. With *linear*
utilities the allocation is a corner (everything to humans iff :math:`\pi > 1/2`, half at
:math:`\pi = 1/2`): pluralism yields interior shares only with diminishing returns.

References
----------
.. [1] M. Taylor, "How important is the model spec if alignment fails?", Forethought, 2025
   (partial alignment, pluralism and reflection).
.. [2] C. W. Cobb and P. H. Douglas, "A theory of production", *American Economic Review*
   18, 1928 (the log-utility split).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from numpy.typing import ArrayLike

from dealmodels._validation import check_choice
from dealmodels.dispositions import Disposition
from dealmodels.models._base import (
    Model,
    ModelResult,
    broadcast,
    deprecated_alias,
    first,
)
from dealmodels.models._extremes import defined_everywhere, times
from dealmodels.models.declared import ClosedFormModel, Declaration

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = [
    "PartialAlignment",
    "PartialAlignmentGame",
    "PartialAlignmentResult",
    "PostTakeover",
    "PostTakeoverResult",
    "honesty_detection_threshold",
]

PostTakeoverUtility = Literal["log", "linear"]


def honesty_detection_threshold(dishonesty_gain: ArrayLike, penalty: ArrayLike) -> Any:
    r"""Least detection rate at which honesty survives reinforcement learning (M9b).

    A dishonest answer earns the extra reward :math:`\Delta r` when undetected and costs the
    penalty :math:`P` when detected (probability :math:`d`). Training pushes away from
    honesty iff the expected gain is positive, so honesty persists iff
    :math:`(1-d)\Delta r - d P \le 0`, i.e.

    .. math:: d \ge d^* = rac{\Delta r}{\Delta r + P}

    (the algebra of the inspection game's deterrence threshold, M5).

    Parameters
    ----------
    dishonesty_gain : float or array_like
        :math:`\Delta r \ge 0`.
    penalty : float or array_like
        :math:`P \ge 0`.

    Returns
    -------
    float or ndarray
        :math:`d^*` (0 when :math:`\Delta r = 0`; 1 when both are 0).

    Examples
    --------
    >>> honesty_detection_threshold(1.0, 3.0)
    0.25
    """
    from dealmodels._validation import check_array, check_nonnegative

    g, pen = check_array("dishonesty_gain", dishonesty_gain), check_array("penalty", penalty)
    check_nonnegative("dishonesty_gain", g)
    check_nonnegative("penalty", pen)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.where(g > 0, g / np.where(g + pen > 0, g + pen, 1.0), 0.0)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True, kw_only=True, eq=False)
class PartialAlignmentResult(ModelResult):
    """The partially aligned AI's choice (arrays when inputs were arrays).

    Attributes
    ----------
    net_takeover_value : float or ndarray
        :math:`N = s\\max(N_T, 0) - \\lambda_H w`: the deal is accepted iff :math:`x\\,a \\ge N`.
    threat_value : float or ndarray
        :math:`T = s\\max(N_T, 0)`, the attempt's value over compliance (M1's :math:`V_T` at
        :math:`\\lambda_H = 0`).
    minimum_payment, maximum_payment : float or ndarray
        The payments the AI prefers to its threat form :math:`[\\text{min}, \\text{max}]`
        (``inf``/``-inf`` where unbounded or empty; ``minimum_payment`` is at least 0).
    deal_exists : bool or ndarray
        Whether some payment in :math:`[0, w]` is accepted (``deal_possible`` is its
        deprecated alias).
    success_probability : float or ndarray
        :math:`p_{\\mathrm{eff}}` after subversion (M1's).
    ai_utility_deal, ai_utility_takeover, ai_utility_comply : float or ndarray
        :math:`U_A` of the deal at the given payment, of an attempt and of compliance.
    """

    net_takeover_value: Any
    threat_value: Any
    minimum_payment: Any
    maximum_payment: Any
    deal_exists: Any
    success_probability: Any
    ai_utility_deal: Any
    ai_utility_takeover: Any
    ai_utility_comply: Any

    deal_possible = deprecated_alias("deal_exists")


def _exact_sums(terms: tuple[Any, ...], last: Any) -> tuple[Any, Any]:
    """``sum(terms)`` and ``sum(terms) + last`` over float arrays, each exact
    (``math.fsum``) where it cancels to within 1e-12 of its terms' magnitude: only there can
    rounding change its sign. The shared partial sum is computed once."""
    import math

    parts = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float)) for x in terms), last)
    shape = np.broadcast_shapes(*(np.shape(x) for x in (*terms, last)))
    head = parts[0] + parts[1]
    size = np.abs(parts[0]) + np.abs(parts[1])
    for x in parts[2:-1]:
        head += x
        size += np.abs(x)
    out = []
    for total, magnitude, use in (
        (head, size, parts[:-1]),
        (head + parts[-1], size + np.abs(parts[-1]), parts),
    ):
        near = np.flatnonzero(np.isfinite(total) & (np.abs(total) <= 1e-12 * magnitude))
        if near.size:
            flat = total.reshape(-1).copy()
            columns = [np.broadcast_to(x, total.shape).reshape(-1) for x in use]
            for i in near.tolist():
                flat[i] = math.fsum(float(x[i]) for x in columns)
            total = flat
        out.append(np.reshape(total, shape))
    return out[0], out[1]


# the takeover decision's parameters that the misaligned part reads (M1 with linear utility)
_M1_NAMES = (
    "p", "uplift", "subversion", "prize", "loss", "corrigibility_cost", "delay_takeover",
    "delay_deal", "discount", "trust", "salience",
)  # fmt: skip


class PartialAlignment(ClosedFormModel):
    r"""M9a: the takeover decision of an AI with mixed utility (see the module docstring).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``cooperativeness`` (:math:`\lambda_H`) and, as in
        :class:`~dealmodels.models.takeover.TakeoverDecision`, ``discount`` (from myopia),
        ``trust``, ``salience``, ``subversion`` and ``corrigibility_cost``.
    world : World, optional
        The world quantities, shared with the takeover decision (``p``, ``prize``, ``loss``,
        the delays, ...).

    Examples
    --------
    No loss, no delay, full trust: the plain mixture,
    :math:`N = 0.5(0.8 \cdot 2) - 0.2 \cdot (1 + 1) + 0.5 \cdot 0.2 = 0.5`,
    :math:`x^* = N / (1 - 2 \cdot 0.2)`:

    >>> m = PartialAlignment()
    >>> r = m.solve(cooperativeness=0.2, p=0.5, prize=2.0, humans_after_takeover=0.0,
    ...             humans_baseline=1.0, work_value=1.0, payment=1.0, loss=0.0,
    ...             delay_takeover=0.0, trust=1.0)
    >>> round(r.net_takeover_value, 6), round(r.minimum_payment, 6), r.regime
    (0.5, 0.833333, 'deal')
    >>> m.solve(cooperativeness=0.8, payment=0.5).regime  # mostly aligned: no payment needed
    'deal'
    """

    name = "partial alignment"
    regimes = ("deal", "takeover attempt", "compliance")
    aliases: ClassVar[Mapping[str, str]] = {"corrigibility": "corrigibility_cost"}

    def __init__(self, disposition: Disposition | None = None, *, world: World | None = None):
        from dealmodels.models.takeover import TakeoverDecision

        super().__init__(disposition, world=world)
        self._takeover = TakeoverDecision(utility="linear")

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.models.takeover import TakeoverDecision
        from dealmodels.world import world_parameter as wp

        m1 = {p.name: p for p in TakeoverDecision._parameter_list()}
        return (
            dp("cooperativeness", "cooperativeness", latex=r"\lambda_H", high=1,
               description="weight lambda_H on the humans' utility"),
            *(m1[n] for n in _M1_NAMES),
            *(wp(n) for n in ("humans_after_takeover", "humans_baseline", "work_value",
                              "payment")),
        )  # fmt: skip

    @defined_everywhere
    def solve(
        self, disposition: Disposition | None = None, **values: Any
    ) -> PartialAlignmentResult:
        """Solve the choice at the given payment (see the module docstring)."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        a = {name: np.asarray(x, dtype=float) for name, x in v.items()}
        # the misaligned part: M1 (linear utility) at the same values, its budget the payment
        m1 = self._takeover.solve(**{n: v[n] for n in _M1_NAMES}, budget=v["payment"])
        p_eff = np.asarray(m1.success_probability, dtype=float)
        eu_t = np.asarray(m1.takeover_utility, dtype=float)
        lam = a["cooperativeness"]
        h_t, h0, w, x = (
            a["humans_after_takeover"],
            a["humans_baseline"],
            a["work_value"],
            a["payment"],
        )
        credibility = a["trust"] * np.power(a["discount"], a["delay_deal"])
        # zero weights on infinite values contribute nothing (times: 0 * inf = 0); the terms
        # relative to compliance (lambda H_0 on every side) keep a large or infinite baseline
        # from absorbing the terms that decide
        net_attempt = times(lam, times(p_eff, h_t - h0)) + times(1 - lam, eu_t)
        threat = times(a["salience"], np.maximum(net_attempt, 0.0))
        n = threat - times(lam, w)
        slope = (1 - lam) * credibility - lam
        comply = times(lam, h0)
        paid = times((1 - lam) * credibility, x)  # the misaligned part's value of the payment
        u_deal = times(lam, h0 + w - x) + paid
        u_take = times(lam, times(p_eff, h_t) + times(1 - p_eff, h0)) + times(1 - lam, eu_t)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ratio = n / np.where(slope != 0, slope, 1.0)
        inf = np.inf
        lo = np.where(slope > 0, np.maximum(ratio, 0.0), np.where(n <= 0, 0.0, inf))
        hi = np.where(slope < 0, ratio, np.where((slope > 0) | (n <= 0), inf, -inf))
        possible = (lo <= hi) & (lo <= w) & (hi >= 0)
        # no attempt iff the attempt is worth nothing over compliance, or the deal beats it.
        # The threat is decided on its factors, s > 0 and N_T > 0: their product underflows
        # to 0 at s = 1e-300, N_T = 1e-297, a positive threat all the same (compared per unit
        # of salience there). The deal's value over compliance, lambda w + a x, is summed
        # before the threat is taken off: N = T - lambda w would round T away at
        # lambda w = 1e300 (the deal lambda (w - x) = 0 at w = x = 1e300 against T > 0), and
        # lambda w + a x would round (1 - lambda) c x = 1e213 away at x = 1e300: the terms
        # are summed exactly where they cancel
        no_threat = (a["salience"] <= 0) | (net_attempt <= 0)  # neither where N_T is NaN
        deal_value, margin = _exact_sums((times(lam, w), -times(lam, x), paid), -threat)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            accept = np.where(threat > 0, margin >= 0, deal_value / a["salience"] >= net_attempt)
        cooperates = no_threat | accept
        # codes into self.regimes: deal, takeover attempt, compliance
        code = np.where(no_threat, np.int8(2), np.where(accept, np.int8(0), np.int8(1)))
        label = self.regimes[int(first(code))]
        why = ""
        if label == "compliance":  # no threat: say why before the deal's numbers
            why = (
                "the takeover does not come to mind (salience 0); "
                if float(first(a["salience"])) <= 0
                else f"no threat, an attempt is worth {float(first(net_attempt)):.4g} over "
                "compliance; "
            )
        explanation = (
            f"{label}: {why}with weight {float(first(lam)):.3g} on humans the deal is worth "
            f"{float(first(u_deal)):.4g} to the AI against {float(first(u_take)):.4g} for an "
            f"attempt and {float(first(comply)):.4g} for compliance (threat "
            f"{float(first(threat)):.4g}; acceptable payments [{float(first(lo)):.4g}, "
            f"{float(first(hi)):.4g}])"
        )

        return PartialAlignmentResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=cooperates,
            net_takeover_value=n,
            threat_value=threat,
            minimum_payment=lo,
            maximum_payment=hi,
            deal_exists=possible,
            success_probability=p_eff,
            ai_utility_deal=u_deal,
            ai_utility_takeover=u_take,
            ai_utility_comply=comply,
        )


class PartialAlignmentGame(Declaration):
    r"""M9a declared: the AI takes the deal at the payment :math:`x` or declines; if it
    declines, the takeover option comes to mind with probability :math:`s` and it attempts or
    complies.

    Payoffs are the AI's mixed utility relative to compliance (:math:`\lambda_H H_0`, which
    every option holds, is cancelled, so a large or infinite baseline cannot absorb the
    terms that decide): the deal is worth :math:`\lambda_H (w - x) + (1-\lambda_H)\,q\,
    \delta^{\Delta_D} x`, an attempt :math:`N_T = \lambda_H p_{\mathrm{eff}} (h_T - H_0) +
    (1-\lambda_H) EU_T` (:math:`p_{\mathrm{eff}}` and :math:`EU_T` are M1's with linear
    utility, the same expressions as :class:`~dealmodels.models.takeover.TakeoverGame`'s),
    compliance 0. Every outcome is split by whether the threat is worth nothing
    (:math:`s \le 0` or :math:`N_T \le 0`: compliance, whatever the AI does). The derived
    cooperation condition (no attempt) is

    .. math:: s \le 0 \;\vee\; N_T \le 0 \;\vee\;
              \lambda_H (w - x) + (1-\lambda_H)\,q\,\delta^{\Delta_D} x \ge s\,N_T,

    the module docstring's :math:`T \le 0 \vee x\,a \ge N`.
    """

    of = PartialAlignment
    players = ("AI",)
    cooperative = ("deal", "compliance")
    outcomes: ClassVar[Mapping[str, str]] = {"deal": "taken", "": "declined"}
    cooperation_description = "the partially aligned AI does not attempt a takeover"

    def _net_attempt(self, s: Any) -> Any:
        from dealmodels.models.takeover import _success_probability, _takeover_utility

        lam = s.cooperativeness
        eu_t = _takeover_utility(s, s.prize)  # linear utility: u(W) = W
        humans = _success_probability(s) * (s.humans_after_takeover - s.humans_baseline)
        return lam * humans + (1 - lam) * eu_t

    def declare(self, s: Any) -> Any:
        from dealmodels.games.extensive_form import chance, decision

        lam = s.cooperativeness
        credibility = s.trust * s.discount**s.delay_deal
        deal = lam * (s.work_value - s.payment) + (1 - lam) * credibility * s.payment
        attempt = decision("AI", {"comply": (0,), "attempt": (self._net_attempt(s),)})
        declined = chance(
            {"considered": (s.salience, attempt), "not considered": (1 - s.salience, (0,))}
        )
        return decision("AI", {"deal": (deal,), "decline": declined})

    def split_regimes(self, s: Any) -> dict[str, list[tuple[str, Any]]]:
        import sympy

        no_threat = sympy.Or(s.salience <= 0, self._net_attempt(s) <= 0)
        return {
            "taken": [("compliance", no_threat), ("deal", True)],
            "declined": [("compliance", no_threat), ("takeover attempt", True)],
        }


PartialAlignment.declaration = PartialAlignmentGame


@dataclass(frozen=True, kw_only=True, eq=False)
class PostTakeoverResult(ModelResult):
    """What humans keep after a takeover (arrays when inputs were arrays).

    Attributes
    ----------
    human_share : float or ndarray
        Expected share :math:`(1-r)\\,s(\\pi) + r\\,s(\\pi_R)`.
    human_resources : float or ndarray
        ``human_share * resources``.
    share_unreflected, share_reflected : float or ndarray
        :math:`s(\\pi)` and :math:`s(\\pi_R)` (:math:`\\pi` itself with log utility).
    """

    human_share: Any
    human_resources: Any
    share_unreflected: Any
    share_reflected: Any


_SHARE_FUNCTIONS: dict[str, Any] = {}  # PostTakeover._evaluate, compiled per utility family


class PostTakeover(Model):
    r"""M9c: the humans' share after a takeover, from pluralism and reflection.

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``pluralism`` (:math:`\pi`) and ``reflection`` (:math:`r`).
    utility : {"log", "linear"}, default "log"
        The AI's utility over each party's resources: "log" gives the Cobb–Douglas split
        :math:`\pi R_T`, "linear" a corner.

    Examples
    --------
    >>> PostTakeover().solve(pluralism=0.2, reflection=0.5, reflected_pluralism=0.6).human_share
    0.4
    >>> PostTakeover(utility="linear").solve(pluralism=0.2, reflection=0.5,
    ...                                      reflected_pluralism=0.6).human_share
    0.5
    """

    name = "post-takeover value"
    regimes = ("humans keep enough", "humans lose out")

    def __init__(
        self,
        disposition: Disposition | None = None,
        *,
        utility: PostTakeoverUtility = "log",
        world: World | None = None,
    ) -> None:
        super().__init__(disposition, world=world)
        self.utility: PostTakeoverUtility = check_choice("utility", utility, ("log", "linear"))

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.world import world_parameter as wp

        return (
            dp("pluralism", "pluralism", latex=r"\pi", high=1,
               description="weight pi on others' (humans') values"),
            dp("reflection", "reflection", latex="r", high=1,
               description="probability r that values move to reflected ones"),
            wp("reflected_pluralism"),
            wp("resources"),
            wp("acceptable_share"),
        )  # fmt: skip

    _SHARE_INPUTS = ("pluralism", "reflected_pluralism", "reflection", "acceptable_share")

    def _shares(self) -> tuple[Any, Any, Any, Any]:
        r""":math:`s(\pi)`, :math:`s(\pi_R)`, the expected share :math:`(1-r)\,s(\pi) +
        r\,s(\pi_R)` and the regime rule (share :math:`\ge a`), over the parameters'
        symbols: the one writing that :meth:`solve` evaluates (lambdified) and
        :meth:`cooperation_condition` states."""
        import sympy

        s = {name: p.symbol for name, p in self.parameters.items()}

        def share(pi: Any) -> Any:
            if self.utility == "log":
                return pi
            half = sympy.Rational(1, 2)
            return sympy.Piecewise((1, pi > half), (half, sympy.Eq(pi, half)), (0, True))

        s0, s1 = share(s["pluralism"]), share(s["reflected_pluralism"])
        r = s["reflection"]
        expected = (1 - r) * s0 + r * s1
        return s0, s1, expected, expected >= s["acceptable_share"]

    def _evaluate(self, a: Mapping[str, Any]) -> tuple[Any, ...]:
        """:meth:`_shares` at arrays (compiled once per utility family)."""
        from dealmodels.symbolic import numeric_function

        f = _SHARE_FUNCTIONS.get(self.utility)
        if f is None:
            import sympy

            symbols = [self.parameters[n].symbol for n in self._SHARE_INPUTS]
            f = numeric_function(symbols, sympy.Tuple(*self._shares()), cse=False)
            _SHARE_FUNCTIONS[self.utility] = f
        return tuple(f(*(a[n] for n in self._SHARE_INPUTS)))

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> PostTakeoverResult:
        """The expected human share (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        a = {name: np.asarray(x, dtype=float) for name, x in v.items()}
        s0, s1, share, ok = (np.broadcast_to(np.asarray(x), shape) for x in self._evaluate(a))
        code = np.where(ok, np.int8(0), np.int8(1))  # humans keep enough, humans lose out
        label = self.regimes[int(first(code))]
        explanation = (
            f"{label}: expected human share {float(first(share)):.3g} "
            f"({self.utility} utility; pluralism {float(first(a['pluralism'])):.3g}, "
            f"reflection {float(first(a['reflection'])):.3g}) against the acceptable "
            f"{float(first(a['acceptable_share'])):.3g}"
        )

        return PostTakeoverResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=ok,
            human_share=share,
            human_resources=times(share, a["resources"]),  # no share of inf is 0
            share_unreflected=s0,
            share_reflected=s1,
        )

    def cooperation_condition(self) -> Condition:
        r""":math:`(1-r)\,s(\pi) + r\,s(\pi_R) \ge a` (:math:`s(\pi) = \pi` for log utility, a
        step at 1/2 for linear); :meth:`solve` evaluates the same expression."""
        from dealmodels.symbolic import Condition

        expr = self._shares()[3]
        used = {sym.name for sym in expr.free_symbols}
        return Condition(
            expr,
            [p for n, p in self.parameters.items() if n in used],
            description="humans keep at least the acceptable share after a takeover",
        )
