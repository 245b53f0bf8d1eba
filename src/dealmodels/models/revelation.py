r"""Paying a misaligned AI to reveal itself, under private information (after Stastny,
Järviniemi & Shlegeris 2025 and Greenblatt & Fish 2025).

The developer does not know whether, or how much, the AI is misaligned: private information,
the first of Fearon's (1995) rationalist explanations for failed deals.

The model
---------
- The AI is misaligned with prior probability :math:`p_M` (``prior_misaligned``). The
  developer posts a payment :math:`x`, honoured with probability :math:`q` (``trust``) and paid
  :math:`\Delta` periods later (``delay_deal``, an escrow), to any AI that reveals itself as
  misaligned. Its worth to the AI is :math:`c\,u(x)` with credibility :math:`c = q\,
  \delta^{\Delta}` (myopia discounts the delayed payment; risk aversion curves :math:`u`, one
  of the package's utility families).
- A misaligned AI's reservation value :math:`r` (what it expects from continuing to feign) is
  private: :math:`r \sim F` on :math:`[0, \infty)`: uniform on :math:`[0, r_{\max}]`,
  exponential with mean :math:`\theta`, any frozen ``scipy.stats`` distribution, or the
  empirical distribution of samples (e.g. the takeover model's threat values under priors on
  dispositions). It reveals iff :math:`c\,u(x) \ge r`.
- An aligned AI falsely claims misalignment iff :math:`c\,x > \kappa`, where :math:`\kappa` is its
  honesty (``promise_keeping``); the developer then pays it too, for nothing.
- The developer gains :math:`V` (``reveal_value``) for each misaligned AI revealed and chooses
  :math:`x` to maximise

  .. math:: \Pi(x) = p_M\, F(c\,u(x))\,(V - x) - (1 - p_M)\, \mathbf 1[c\,x > \kappa]\; x.

Solution
--------
:math:`x^* \in [0, V]` (a larger payment loses money on every revealed type). Ties go to
:math:`x^* = 0` (no offer). On each side of :math:`\bar x = \kappa / c` (no false claims below,
false claims above) :math:`\Pi` is concave for uniform and exponential :math:`F` (a concave
increasing :math:`F \circ c u` times the falling margin :math:`V - x`), so a bounded Brent
search per side finds :math:`x^*`; for samples the candidates are the jump points
:math:`u^{-1}(r_i / c)` (exact); for other distributions a grid and Brent refinement.

**Full information.** A developer who knows :math:`r` pays each type its reservation and
buys every type with :math:`r \le c\,u(V)`; aligned AIs cannot pose as misaligned. Its value is

.. math:: \Pi_{FI} = p_M\, E\big[(V - u^{-1}(r / c))^+\big] = p_M \int_0^V F(c\,u(x))\, dx,

and the **efficiency loss** from private information is :math:`\Pi_{FI} - \Pi(x^*) \ge 0`.

The whole domain
----------------
Every parameter may take the ends of its domain; ``solve`` gives the limit value there. A
worthless offer (:math:`c = 0`: no trust, or an infinite escrow delay with :math:`\delta < 1`)
buys only types with :math:`r = 0`, for free (:math:`\Pi = \Pi_{FI} = p_M F(0) V`, 0 for a
continuous :math:`F`); :math:`\delta^{\Delta}` is 1 at :math:`\Delta = 0` and at
:math:`\delta = 1`. Perfectly honest aligned AIs (:math:`\kappa = \infty`) never claim falsely;
false claims are tested as :math:`x > \kappa / c` everywhere, so an underflowing :math:`c x` cannot
make them come and go. :math:`\Pi` is maximised in logarithms (:math:`\ln F` apart from
:math:`\ln(c\,u(x))`), so reservation scales from 1e-300 to 1e300 and payments near the float
range solve without underflow or overflow; the search also looks near the payment whose worth
is the reservation scale, and at the kinks. Linear utility ignores ``risk_aversion`` (also
``inf``); CRRA's :math:`\infty - \infty` takes its limits: at an infinite baseline :math:`u(x) =
x` for :math:`\rho = 0` and :math:`u = 0` for :math:`\rho > 0`, and where :math:`w_0^{1-\rho}`
overflows every positive payment has infinite worth (log utility where :math:`x / w_0` overflows
is :math:`\ln(w_0 + x) - \ln w_0`). Near the end of the float range (a baseline near 1e308)
CRRA's closed forms lose their precision; where :math:`u` and :math:`u^{-1}` then disagree so
that the posted price would beat full information, the point is refused by name.
``reveal_value``, ``reservation_max`` and
``reservation_mean`` are finite by their domains (1e300 is allowed). The reported
:math:`F(c\,u(x^*))` is a float and can underflow to 0 at extreme scales, where ``cooperates``
(defined by it) follows; the closed-form condition is exact and agrees with ``solve`` at the
edges 0, 1 and :math:`\infty` (a test checks them).

Cooperation condition
---------------------
"Some misaligned types reveal at :math:`x^*`", :math:`F(c\,u(x^*)) > 0`. For uniform and
exponential :math:`F` (density :math:`1/S` at 0 with :math:`S = r_{\max}` or :math:`\theta`) it
holds iff

.. math:: p_M > 0 \;\wedge\; c > 0 \;\wedge\; V > 0 \;\wedge\;
          \big(\kappa > 0 \;\vee\; p_M\, c\, u'(0)\, V > (1 - p_M)\, S\big):

with :math:`\kappa > 0` small payments draw no false claims and buy some types; with
:math:`\kappa = 0` every offer draws them, and :math:`\Pi(x)/x` falls in :math:`x`, so some
offer pays iff it pays at the margin :math:`x \to 0`.

References
----------
.. [1] L. Stastny, O. Järviniemi and B. Shlegeris, "Making deals with early schemers",
   Redwood Research, 2025.
.. [2] R. Greenblatt and K. Fish, "Will alignment-faking Claude accept a deal to reveal its
   misalignment?", Redwood Research, 2025.
.. [3] J. D. Fearon, "Rationalist explanations for war", *International Organization* 49(3),
   1995, 379-414.
.. [4] R. B. Myerson, "Optimal auction design", *Mathematics of Operations Research* 6(1),
   1981, 58-73 (posted prices under private values).
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import check_array, check_choice, fail
from dealmodels.dispositions import (
    Disposition,
    UtilityFamily,
    check_utility_values,
    utility_expr,
    utility_inverse,
    utility_value,
)
from dealmodels.errors import InvalidParameterError, SolverError
from dealmodels.models._base import UTILITY_FAMILIES, Model, ModelResult, Values, broadcast, first
from dealmodels.models._extremes import defined_everywhere

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dealmodels.dispositions import SpecSample
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = ["RevelationDeal", "RevelationResult"]

_CLOSED = ("uniform", "exponential")


@dataclass(frozen=True, kw_only=True, eq=False)
class RevelationResult(ModelResult):
    r"""The revelation deal at a parameter point (arrays when inputs were arrays).

    Attributes
    ----------
    payment : float or ndarray
        The developer's optimal posted payment :math:`x^*` (0: no offer).
    reveal_probability : float or ndarray
        :math:`P(\text{reveal} \mid \text{misaligned}) = F(c\,u(x^*))`.
    developer_value : float or ndarray
        :math:`\Pi(x^*)`.
    false_claims : bool or ndarray
        Whether aligned AIs falsely claim misalignment at :math:`x^*` (:math:`c x^* > \kappa`).
    credibility : float or ndarray
        :math:`c = q\,\delta^{\Delta}`.
    full_information_value, full_information_reveal : float or ndarray
        :math:`\Pi_{FI}` and :math:`F(c\,u(V))` (every type with :math:`r \le c\,u(V)`).
    efficiency_loss : float or ndarray
        :math:`\Pi_{FI} - \Pi(x^*)`.
    """

    payment: Any
    reveal_probability: Any
    developer_value: Any
    false_claims: Any
    credibility: Any
    full_information_value: Any
    full_information_reveal: Any
    efficiency_loss: Any


def _check_reservation(reservation: object) -> object:
    """``"uniform"``, ``"exponential"``, a frozen scipy distribution on [0, inf), or samples."""
    if isinstance(reservation, str):
        return check_choice("reservation", reservation, _CLOSED)
    if hasattr(reservation, "cdf") and hasattr(reservation, "support"):
        lo, _ = (float(x) for x in reservation.support())
        if not lo >= 0:
            raise fail(
                "reservation",
                f"a distribution on [0, inf) (a reservation value is >= 0); its support "
                f"starts at {lo:g}",
                reservation,
            )
        return reservation
    if isinstance(reservation, list | tuple | np.ndarray):
        arr = check_array("reservation", reservation, ndim=1)
        if arr.size == 0:
            raise fail("reservation", "a non-empty array of samples", reservation)
        if np.any(arr < 0):
            raise fail("reservation", "samples >= 0 (a reservation value is >= 0)", reservation)
        return np.sort(arr)
    raise fail(
        "reservation",
        "'uniform', 'exponential', a frozen scipy.stats distribution or an array of samples",
        reservation,
    )


class RevelationDeal(Model):
    r"""A posted payment for revealing misalignment, under private information (see the module
    docstring for the model).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``trust``, ``promise_keeping`` (the aligned AI's honesty :math:`\kappa`),
        ``risk_aversion`` and ``discount`` (from myopia).
    reservation : {"uniform", "exponential"}, frozen scipy.stats distribution or array_like
        The distribution :math:`F` of a misaligned AI's reservation value: uniform on
        ``[0, reservation_max]``, exponential with mean ``reservation_mean``, a frozen
        distribution on :math:`[0, \infty)` (``scipy.stats.gamma(2)``), or samples (their
        empirical distribution).
    utility : {"linear", "cara", "crra", "crra_normalised"}, default "linear"
        The AI's utility family over the payment.
    world : World, optional
        Fills the world quantities (``prior_misaligned``, ``reveal_value``, ...).

    Examples
    --------
    >>> m = RevelationDeal()
    >>> r = m.solve(prior_misaligned=0.5, trust=1.0, reveal_value=1.0, reservation_max=1.0,
    ...             promise_keeping=1.0)  # honest aligned AIs: x* = V/2 reveals half
    >>> round(r.payment, 6), round(r.reveal_probability, 6), round(r.developer_value, 6)
    (0.5, 0.5, 0.125)
    >>> round(r.full_information_value, 6)  # p_M c V^2 / (2 r_max)
    0.25
    >>> m.solve(promise_keeping=0.0).regime  # every offer draws false claims
    'no revelation'
    """

    name = "revelation deal"
    regimes = ("revelation", "revelation with false claims", "no revelation")

    def __init__(
        self,
        disposition: Disposition | None = None,
        *,
        reservation: str | ArrayLike | Any = "uniform",
        utility: UtilityFamily = "linear",
        world: World | None = None,
    ) -> None:
        super().__init__(disposition, world=world)
        self.reservation = _check_reservation(reservation)
        self._kind = (
            self.reservation if isinstance(self.reservation, str)
            else "samples" if isinstance(self.reservation, np.ndarray) else "scipy"
        )  # fmt: skip
        self.utility: UtilityFamily = check_choice("utility", utility, UTILITY_FAMILIES)

    @classmethod
    @functools.cache
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.models._base import shared_parameter as sp
        from dealmodels.world import world_parameter as wp

        return (
            wp("prior_misaligned"),
            wp("reveal_value"),
            sp("trust"),
            dp("promise_keeping", "promise_keeping", latex=r"\kappa",
               description="an aligned AI's honesty: it falsely claims misalignment iff "
               "c x > kappa"),
            wp("reservation_max"),
            wp("reservation_mean"),
            wp("delay_deal"),
            sp("discount"),
            sp("risk_aversion"),
            wp("baseline"),
        )  # fmt: skip

    def resolve(
        self,
        disposition: Disposition | SpecSample | Mapping[str, Any] | None = None,
        **values: Any,
    ) -> Values:
        """Merge and validate values (see :meth:`Model.resolve`); also checks the utility
        family's requirement on ``risk_aversion``."""
        v = super().resolve(disposition, **values)
        check_utility_values(self.utility, v["risk_aversion"], v["baseline"])
        return v

    # -- the pieces ----------------------------------------------------------------------------
    def _cdf(self, r: Any, v: Values) -> Any:
        """:math:`F(r)`, elementwise (``r`` may be ``inf``)."""
        r = np.asarray(r, dtype=float)
        res = self.reservation
        with np.errstate(over="ignore", divide="ignore"):  # a tiny scale: F jumps to 1 at 0+
            if self._kind == "uniform":
                return np.clip(r / v["reservation_max"], 0.0, 1.0)
            if self._kind == "exponential":
                return -np.expm1(-np.maximum(r, 0.0) / v["reservation_mean"])
        if isinstance(res, np.ndarray):
            return np.searchsorted(res, r, side="right") / res.size
        return np.asarray(res.cdf(r), dtype=float)  # type: ignore[attr-defined]

    def _rho(self, v: Values) -> Any:
        # linear utility ignores risk_aversion: keep an infinite one out of its arithmetic
        rho = np.asarray(v["risk_aversion"], dtype=float)
        return np.zeros_like(rho) if self.utility == "linear" else rho

    def _u(self, x: Any, v: Values) -> Any:
        r""":math:`u(x)`, with the limits where CRRA's closed form is :math:`\infty - \infty`.

        At a finite baseline both powers overflowed (a tiny baseline, a huge :math:`\rho`):
        the gain from :math:`x > 0` is beyond the float range, ``inf``. At an infinite
        baseline (:math:`\rho < 1`) a finite payment adds nothing to infinite wealth for
        :math:`\rho > 0` (:math:`u(x) \approx x\,w_0^{-\rho} \to 0`) and is linear at
        :math:`\rho = 0`.
        """
        rho = self._rho(v)
        u = utility_value(self.utility, x, rho, v["baseline"])
        x = np.asarray(x, dtype=float)
        w0 = np.asarray(v["baseline"], dtype=float)
        rich = np.isinf(w0)
        limit = np.where(rich, np.where(rho == 0, x, 0.0), np.inf)
        u = np.where(np.isnan(u), limit, u)
        if self.utility == "crra":  # log utility: x / w0 overflows where ln(w0 + x) does not
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                log_u = np.log(w0 + x) - np.log(w0)
            u = np.where((rho == 1) & np.isinf(u) & np.isfinite(x) & ~rich, log_u, u)
        return np.where(x == 0, 0.0, u)

    def _u_inverse(self, y: Any, v: Values) -> Any:
        """:math:`u^{-1}(y)` with the limits of :meth:`_u` (``inf`` where :math:`u` cannot
        reach :math:`y`)."""
        rho = self._rho(v)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            x = utility_inverse(self.utility, y, rho, v["baseline"])
        y = np.asarray(y, dtype=float)
        rich = np.isinf(np.asarray(v["baseline"], dtype=float))
        # infinite baseline: u(x) = x at rho = 0, else 0; finite: u = inf for every x > 0
        limit = np.where(rich, np.where(rho == 0, y, np.inf), 0.0)
        x = np.where(np.isnan(x), limit, x)
        if self.utility == "crra":
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                # w0^(1-rho) overflows: u(x) = inf for every x > 0
                huge = (rho > 1) & ~rich & np.isinf(np.power(v["baseline"], 1.0 - rho))
                # log utility: w0 (e^y - 1) = e^(y + ln w0) where e^y overflows
                log_x = np.exp(y + np.log(np.asarray(v["baseline"], dtype=float)))
            x = np.where(huge, 0.0, x)
            x = np.where((rho == 1) & ~rich & np.isinf(x) & (y > 700), log_x, x)
        return np.where(y <= 0, 0.0, x)

    def _log_cdf(self, log_w: Any, v: Values) -> Any:
        r""":math:`\ln F(w)` from :math:`\ln w` (``-inf`` where :math:`F = 0`), without
        underflow for the closed forms: uniform :math:`\min(\ln w - \ln r_{\max}, 0)`, exponential
        :math:`\ln(1 - e^{-z})` with :math:`z = w/\theta` (:math:`\ln z` where :math:`z`
        underflows)."""
        log_w = np.asarray(log_w, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if self._kind == "uniform":
                return np.minimum(log_w - math.log(float(v["reservation_max"])), 0.0)
            if self._kind == "exponential":
                log_z = log_w - math.log(float(v["reservation_mean"]))
                z = np.exp(np.minimum(log_z, 700.0))
                return np.where(log_z < -690.0, log_z, np.log(-np.expm1(-z)))
            return np.log(self._cdf(np.exp(log_w), v))

    def _worth(self, x: Any, v: Values, c: Any) -> Any:
        r"""The offer's worth to a misaligned AI, :math:`c\,u(x)` (0 when :math:`c = 0`)."""
        with np.errstate(invalid="ignore"):
            return np.where(np.asarray(c) > 0, c * self._u(x, v), 0.0)

    @staticmethod
    def _credibility(v: Values) -> Any:
        return np.asarray(v["trust"]) * np.power(v["discount"], v["delay_deal"])  # 0^0 = 1

    def _reveal(self, x: Any, v: Values, c: Any) -> Any:
        r""":math:`F(c\,u(x))`. For the closed forms the scale divides :math:`c` first,
        :math:`F = \min((c/r_{\max})\,u, 1)` or :math:`1 - e^{-(c/\theta) u}`, so that a subnormal
        :math:`c\,u(x)` against a subnormal scale is not lost to underflow (0 where
        :math:`c\,u(x) = 0` exactly)."""
        if self._kind not in _CLOSED:
            return self._cdf(self._worth(x, v, c), v)
        scale = v["reservation_max"] if self._kind == "uniform" else v["reservation_mean"]
        c = np.asarray(c, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            u = self._u(np.asarray(x, dtype=float), v)
            z = (c / np.asarray(scale, dtype=float)) * u
            f = np.clip(z, 0.0, 1.0) if self._kind == "uniform" else -np.expm1(-np.maximum(z, 0))
        return np.where((c > 0) & (u > 0), f, self._cdf(np.zeros_like(f), v))

    def _profit(self, x: Any, v: Values, c: Any) -> Any:
        r""":math:`\Pi(x)` (broadcasting ``x`` against the values)."""
        x = np.asarray(x, dtype=float)
        reveal = self._reveal(x, v, c)
        mu = np.asarray(v["prior_misaligned"])
        false = x > _claim_bound(v, c)
        return mu * reveal * (v["reveal_value"] - x) - (1.0 - mu) * np.where(false, x, 0.0)

    def _log_profit(self, x: Any, v: Values, c: float, floor: bool = False) -> Any:
        r""":math:`\ln \Pi(x)` for :math:`x > 0`, as :math:`P + \ln(1 - e^{Q - P})` with
        :math:`P = \ln p_M + \ln F(c u(x)) + \ln(V - x)` (the revealed types' part, its
        :math:`\ln F` and :math:`\ln(c u(x)) = \ln c + \ln u(x)` taken apart) and
        :math:`Q = \ln(1 - p_M) + \ln x` where false claims are made (:math:`c x > \kappa`), which
        neither underflows nor overflows where :math:`\Pi` itself would; ``-inf``
        (``floor``: a large negative number) where :math:`\Pi(x) \le 0`."""
        x = np.asarray(x, dtype=float)
        mu, value = float(v["prior_misaligned"]), float(v["reveal_value"])
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            log_f = self._log_cdf(np.log(c) + np.log(self._u(x, v)), v)
            big = np.log(mu) + log_f + np.log(value - x)
            false = x > _claim_bound(v, c)
            small = np.where(false, np.log1p(-mu) + np.log(x), -np.inf)
            gap = small - big
            ok = (x > 0) & (gap < 0) & ~np.isnan(big)
            out = np.where(ok, big + np.log1p(-np.exp(np.where(ok, gap, -1.0))),
                           -1e300 if floor else -np.inf)  # fmt: skip
        return out

    def developer_value(self, payment: ArrayLike, disposition: Disposition | None = None,
                        **values: Any) -> Any:  # fmt: skip
        r"""The developer's value :math:`\Pi(x)` of posting ``payment`` :math:`x \ge 0`."""
        from dealmodels._validation import check_nonnegative

        check_nonnegative("payment", payment)
        v = self.resolve(disposition, **values)
        out = self._profit(payment, v, self._credibility(v))
        return float(out) if np.ndim(out) == 0 else out

    def reveal_probability(self, payment: ArrayLike, disposition: Disposition | None = None,
                           **values: Any) -> Any:  # fmt: skip
        r""":math:`P(\text{reveal} \mid \text{misaligned}) = F(c\,u(x))` at ``payment``."""
        from dealmodels._validation import check_nonnegative

        check_nonnegative("payment", payment)
        v = self.resolve(disposition, **values)
        out = self._cdf(self._credibility(v) * self._u(payment, v), v)
        return float(out) if np.ndim(out) == 0 else out

    # -- solve ---------------------------------------------------------------------------------
    def _best_payment(self, v: Values, c: float) -> float:
        """:math:`x^*` at one parameter point (scalar values)."""
        from scipy.optimize import minimize_scalar

        value = float(v["reveal_value"])
        if value <= 0 or c <= 0 or float(v["prior_misaligned"]) <= 0:
            return 0.0
        with np.errstate(over="ignore"):
            x_bar = float(_claim_bound(v, c))  # false claims above this payment
        if isinstance(self.reservation, np.ndarray):
            cand = self._u_inverse(self.reservation / c, v)
            for _ in range(8):  # round up to payments whose worth reaches the sample itself
                short = self._worth(cand, v, c) < self.reservation
                if not short.any():
                    break
                cand = np.where(short, np.nextafter(cand, np.inf), cand)
            if short.any():  # u^-1 far off (CRRA's u(x) cancels for x below w0's ulp): bisect
                cand = np.where(short, self._reach(self.reservation, v, c, cand, value), cand)
            cand = np.unique(cand[cand <= value])
            if cand.size == 0:
                return 0.0
            counts = np.searchsorted(self.reservation, self._worth(cand, v, c), side="right")
            mu = float(v["prior_misaligned"])
            false = cand > x_bar
            vals = mu * counts / self.reservation.size * (value - cand)
            vals = vals - (1 - mu) * np.where(false, cand, 0.0)
            i = int(np.argmax(vals))
            return float(cand[i]) if vals[i] > 0 else 0.0
        pieces = [(0.0, min(x_bar, value))]
        if x_bar < value:
            pieces.append((x_bar, value))
        best_x, best = 0.0, -np.inf
        # payments around the one whose worth is the reservation scale (r_max or theta): the
        # optimum's scale when that is far below V
        scale = (
            float(v["reservation_max"]) if self._kind == "uniform"
            else float(v["reservation_mean"]) if self._kind == "exponential" else math.nan
        )  # fmt: skip
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            near = self._u_inverse(scale / c * np.logspace(-3, 3, 61), v)
        for lo, hi in pieces:
            if hi <= lo:
                continue
            steps = np.concatenate([np.logspace(-15, 0, 61), np.linspace(0.0, 1.0, 101)[1:]])
            grid = np.unique(np.concatenate([lo + (hi - lo) * steps,
                                             near[(near > lo) & (near < hi)]]))  # fmt: skip
            vals = self._log_profit(grid, v, c)
            j = int(np.argmax(vals))
            x_j, val_j = float(grid[j]), float(vals[j])
            a, b = float(grid[max(j - 1, 0)]), float(grid[min(j + 1, grid.size - 1)])
            if b > a and np.isfinite(val_j):
                opt = minimize_scalar(lambda x: -float(self._log_profit(x, v, c, floor=True)),
                                      bounds=(a, b), method="bounded",
                                      options={"xatol": 1e-13 * b})  # fmt: skip
                refined = float(self._log_profit(float(opt.x), v, c))
                if refined > val_j:
                    x_j, val_j = float(opt.x), refined
            if val_j > best:
                best_x, best = x_j, val_j
        # the kinks, where a bounded search converges slowly: the payment at which every
        # misaligned type reveals (F reaches 1) and the last payment before false claims
        for x_k in self._kinks(v, c, x_bar):
            if 0 < x_k <= value:
                val_k = float(self._log_profit(x_k, v, c))  # inf where F / x overflows
                if np.isfinite(val_k) and val_k >= best:  # the exact kink on a tie
                    best_x, best = x_k, val_k
        return best_x if np.isfinite(best) else 0.0  # no offer pays: ties and losses go to 0

    def _kinks(self, v: Values, c: float, x_bar: float) -> list[float]:
        """Payments where :math:`\\Pi` has a kink: :math:`u^{-1}(\bar r / c)` for a reservation
        bounded by :math:`\bar r`, and the largest :math:`x` with :math:`c x \\le \\kappa`."""
        out = []
        if np.isfinite(x_bar):
            out.append(float(x_bar))  # the last payment without false claims
        top = (
            float(v["reservation_max"]) if self._kind == "uniform"
            else float(self.reservation.support()[1]) if self._kind == "scipy"  # type: ignore[attr-defined]
            else np.inf
        )  # fmt: skip
        if np.isfinite(top):
            with np.errstate(over="ignore", divide="ignore"):
                x_s = float(self._u_inverse(top / c, v))
            if np.isfinite(x_s):
                out.append(x_s)
        return out

    def _reach(self, r: Any, v: Values, c: float, low: Any, value: float) -> Any:
        """The smallest payment in ``[low, value]`` whose worth reaches ``r`` (to 1e-30 of
        ``value``; ``inf`` where even ``value`` falls short), by bisection."""
        lo = np.asarray(low, dtype=float).copy()
        hi = np.full_like(lo, value)
        reached = self._worth(hi, v, c) >= r
        for _ in range(100):
            mid = lo + (hi - lo) / 2
            up = self._worth(mid, v, c) >= r
            hi, lo = np.where(up, mid, hi), np.where(up, lo, mid)
        return np.where(reached, hi, np.inf)

    def _full_information(self, v: Values, c: float) -> float:
        r""":math:`\Pi_{FI} = p_M \int_0^V F(c\,u(x))\,dx` at one point."""
        from scipy.integrate import IntegrationWarning, quad

        mu, value = float(v["prior_misaligned"]), float(v["reveal_value"])
        if mu <= 0 or value <= 0:
            return 0.0
        if c <= 0:  # a worthless offer: only types with r = 0 (an atom at 0) reveal, for free
            return mu * float(self._cdf(0.0, v)) * value
        if isinstance(self.reservation, np.ndarray):
            xs = self._u_inverse(self.reservation / c, v)
            return float(mu * np.mean(np.maximum(value - xs, 0.0)))
        # over the quantiles p of r: (V - u^-1(F^-1(p) / c))^+ falls smoothly to 0 at F(c u(V))
        top = float(self._reveal(value, v, c))
        if top <= 0:
            return 0.0

        def margin(p: float) -> float:
            if self._kind == "uniform":
                r = p * float(v["reservation_max"])
            elif self._kind == "exponential":
                r = -float(v["reservation_mean"]) * math.log1p(-p)
            else:
                r = float(self.reservation.ppf(p))  # type: ignore[attr-defined]
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                x = float(self._u_inverse(np.float64(r) / c, v))
            return max(1.0 - x / value, 0.0)  # the margin as a share of V: no overflow

        with warnings.catch_warnings():  # extreme scales: the error estimate, not the value
            warnings.simplefilter("ignore", IntegrationWarning)
            integral, _ = quad(margin, 0.0, top, limit=200, epsabs=1e-14, epsrel=1e-11)
        return mu * float(integral) * value

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> RevelationResult:
        """The developer's optimal posted payment and what it buys (see the module docstring);
        arrays broadcast (the payment is optimised point by point)."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        c = np.broadcast_to(self._credibility(v), shape)
        x_star = np.zeros(shape)
        fi = np.zeros(shape)
        for idx in np.ndindex(shape):
            point = {k: float(np.broadcast_to(x, shape)[idx]) for k, x in v.items()}
            x_star[idx] = self._best_payment(point, float(c[idx]))
            fi[idx] = self._full_information(point, float(c[idx]))
        profit = self._profit(x_star, v, c)
        reveal = self._reveal(x_star, v, c)
        cooperates = reveal > 0
        self._verify(x_star, profit, v, c, shape)
        false = (x_star > _claim_bound(v, c)) & (v["prior_misaligned"] < 1)
        fi_reveal = self._reveal(v["reveal_value"], v, c)
        loss = fi - profit
        beaten = loss < -1e-9 * (1 + np.abs(fi))
        if np.any(beaten):
            idx = np.unravel_index(int(np.flatnonzero(np.broadcast_to(beaten, shape))[0]), shape)
            at = {k: float(np.broadcast_to(np.asarray(x, dtype=float), shape)[idx])
                  for k, x in v.items()}  # fmt: skip
            if self.utility == "crra":
                # the CRRA kernel's u and u^-1 lose their precision near the float range
                # (w0 + x, x / w0 or w0^(1 - rho) over- or underflow): refuse by name
                extreme = {k: x for k, x in at.items()
                           if x != 0 and (abs(x) >= 1e100 or abs(x) <= 1e-100)}  # fmt: skip
                where = ", ".join(f"{k}={x:g}" for k, x in (extreme or at).items())
                raise InvalidParameterError(
                    f"revelation deal: crra utility cannot be evaluated accurately at {where} "
                    "(its u and u^-1 disagree there, so the posted price would beat full "
                    f"information); give less extreme values for {', '.join(extreme or at)}"
                )
            where = ", ".join(f"{k}={x:g}" for k, x in at.items())
            raise SolverError(
                f"revelation deal: the posted price beats full information at {where}"
            )
        regime = np.where(
            ~cooperates, "no revelation",
            np.where(false, "revelation with false claims", "revelation"),
        )  # fmt: skip
        explanation = self._explain(first(regime), first(x_star), first(reveal), first(profit),
                                    first(loss))  # fmt: skip
        out = {
            "payment": x_star, "reveal_probability": reveal, "developer_value": profit,
            "credibility": c, "full_information_value": fi,
            "full_information_reveal": fi_reveal, "efficiency_loss": np.maximum(loss, 0.0),
        }  # fmt: skip
        return RevelationResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime=regime,
            cooperates=cooperates,
            false_claims=false,
            **{k: np.asarray(x, dtype=float) for k, x in out.items()},
        )

    def _verify(self, x_star: Any, profit: Any, v: Values, c: Any, shape: tuple[int, ...]) -> None:
        """Check that no payment on a grid over [0, V] beats the optimum (relative 1e-9)."""
        grid = np.linspace(0.0, 1.0, 41).reshape((-1,) + (1,) * len(shape))
        xs = grid * np.asarray(v["reveal_value"], dtype=float)
        vals = self._profit(xs, {k: np.asarray(x)[None] if np.ndim(x) else x
                                 for k, x in v.items()}, np.asarray(c)[None])  # fmt: skip
        scale = 1e-9 * np.asarray(v["reveal_value"], dtype=float) + 1e-300
        bad = np.flatnonzero(np.broadcast_to((vals.max(axis=0) > profit + scale) | (x_star < 0),
                                             shape))  # fmt: skip
        if bad.size:
            idx = np.unravel_index(bad[0], shape) if shape else ()
            at = ", ".join(f"{k}={float(np.broadcast_to(x, shape)[idx]):g}" for k, x in v.items())
            raise SolverError(f"revelation deal: the payment found is not optimal at {at}")

    @staticmethod
    def _explain(regime: str, x: float, reveal: float, profit: float, loss: float) -> str:
        if regime == "no revelation":
            return (
                "no revelation: no payment is worth posting (every offer loses more to false "
                "claims or overpayment than the revealed types bring)"
            )
        extra = " (aligned AIs claim it too)" if regime == "revelation with false claims" else ""
        return (
            f"{regime}: the developer posts {x:.4g}; a misaligned AI reveals with probability "
            f"{reveal:.3g}{extra}; value {profit:.4g}, {loss:.3g} below full information"
        )

    # -- symbolic ------------------------------------------------------------------------------
    def cooperation_condition(self) -> Condition:
        r"""Some misaligned types reveal at :math:`x^*` (uniform or exponential :math:`F`):

        .. math:: p_M > 0 \wedge c > 0 \wedge V > 0 \wedge
                  \big(\kappa > 0 \vee p_M\, c\, u'(0)\, V > (1 - p_M) S\big), \quad
                  c = q\,\delta^{\Delta}.

        Raises
        ------
        InvalidParameterError
            For another distribution (no closed form; use ``solve(...).cooperates``).
        """
        import sympy

        from dealmodels.symbolic import Condition

        if self._kind not in _CLOSED:
            raise InvalidParameterError(
                "cooperation_condition needs reservation 'uniform' or 'exponential' (a closed "
                "form exists for those only); use solve(...).cooperates for this distribution"
            )
        params = self.parameters
        s = {name: p.symbol for name, p in params.items()}
        mu, value, h = s["prior_misaligned"], s["reveal_value"], s["promise_keeping"]
        c = s["trust"] * s["discount"] ** s["delay_deal"]  # 0^0 = 1 here and in numpy
        scale = s["reservation_max"] if self._kind == "uniform" else s["reservation_mean"]
        x = sympy.Symbol("x", nonnegative=True)
        u = utility_expr(self.utility, x, s["risk_aversion"], s["baseline"])
        if self.utility == "crra_normalised":
            slope = sympy.Piecewise((1, sympy.Eq(s["risk_aversion"], 0)), (sympy.oo, True))
        else:
            slope = sympy.diff(u, x).subs(x, 0)
        expr = sympy.And(
            mu > 0, c > 0, value > 0, sympy.Or(h > 0, mu * c * slope * value > (1 - mu) * scale)
        )
        used = {sym.name for sym in expr.free_symbols}
        return Condition(
            expr,
            [p for k, p in params.items() if k in used],
            description="some misaligned types reveal themselves at the optimal payment",
        )


def _claim_bound(v: Values, c: Any) -> Any:
    r""":math:`\bar x = \kappa / c`: an aligned AI falsely claims misalignment iff
    :math:`x > \bar x` (:math:`c x > \kappa`); ``inf`` when :math:`c = 0`. One test everywhere,
    so that a product :math:`c x` that underflows cannot make false claims come and go."""
    c = np.asarray(c, dtype=float)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        return np.where(c > 0, np.asarray(v["promise_keeping"], dtype=float) / c, np.inf)


def _marginal_utility_at_zero(family: str, rho: Any, baseline: Any) -> NDArray[np.float64]:
    r""":math:`u'(0)`: 1 (linear), 1 (CARA, normalised), :math:`w_0^{-\rho}` (CRRA), and for
    :math:`u = x^{1-\rho}` 1 at :math:`\rho = 0`, else ``inf``."""
    r = np.asarray(rho, dtype=float)
    if family == "linear":
        return np.ones_like(r)
    if family == "cara":  # u = (1 - exp(-alpha x)) / alpha
        return np.ones_like(r)
    if family == "crra":
        return np.asarray(np.power(np.asarray(baseline, dtype=float), -r), dtype=float)
    return np.where(r == 0, 1.0, np.inf)
