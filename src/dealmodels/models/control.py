r"""Controlled extraction as an AI-control game: trusted monitoring, defer to trusted, upfront
auditing (Greenblatt et al. 2023; Griffin et al. 2024).

The protocol
------------
The developer runs :math:`N` tasks (``tasks``) in sequence on an untrusted AI. On each task the
AI submits a backdoor attempt with probability :math:`\beta` (a memoryless policy), otherwise
honest work.

- **Upfront auditing.** The first :math:`m` tasks (``upfront_audits``) are audited for sure; an
  audit catches any attempt.
- **Trusted monitoring.** On the later :math:`K = N - m` tasks a trusted monitor scores
  suspicion: honest work :math:`\sim \mathcal N(0, 1)`, an attempt :math:`\sim \mathcal N(d', 1)`
  (the binormal ROC :math:`\mathrm{TPR}(x) = \Phi(d' + \Phi^{-1}(x))` with separability
  :math:`d'`; a user ROC can be given as arrays of (FPR, TPR)). The audit budget, a share
  :math:`\eta` (``audit_budget``) of all tasks, less the :math:`m` upfront audits, sets the audit
  threshold by its false-positive rate on honest work,

  .. math:: x_a = \frac{\eta N - m}{N - m} = \frac{\eta - m/N}{1 - m/N},

  so :math:`m \le \eta N`. Tasks above a second, lower threshold with false-positive rate
  :math:`x_d \ge x_a` (``defer_fpr``) are **deferred** to the trusted model (a ``defer_fpr``
  below :math:`x_a` defers nothing beyond the audited tasks: :math:`x_d = \max(\phi, x_a)`).
- An audited attempt is caught: the AI is shut down and the run is safe. A deferred attempt is
  neutralised. An attempt neither audited nor deferred succeeds with probability :math:`s_b`
  (``success_probability``: a working, unnoticed backdoor) and ends the run unsafely; otherwise
  the run continues.

Per monitored task an attempt is caught with probability :math:`t_a = \mathrm{TPR}(x_a)` and
succeeds with probability :math:`w = s_b\,(1 - \mathrm{TPR}(x_d))`; let :math:`e = t_a + w`.
With :math:`y = 1 - \beta` and :math:`r = 1 - \beta e`,

.. math::

    P(\text{success}) = \frac{w}{e}\, y^m\, (1 - r^K), \qquad
    P(\text{caught}) = 1 - y^m + \frac{t_a}{e}\, y^m (1 - r^K),

and **safety** is :math:`S(\beta) = 1 - P(\text{success})`. The factor
:math:`y^m (1 - r^K)` is upfront auditing's probability that the AI wins with an attack
success probability :math:`e` (:func:`~dealmodels.models.monitoring.upfront_auditing_safety`),
so upfront auditing is the special case without a monitor (:math:`d' = 0`, :math:`\eta N = m`;
deferring a share :math:`\phi` of tasks at random is :math:`x_d = \phi`). **Usefulness**,
normalised so that the trusted model alone scores 0 and the untrusted alone 1, is
:math:`1 - (K/N)(x_d - x_a)`, one minus the share of honest tasks deferred.

For long runs with trusted monitoring only (:math:`m = 0`, :math:`K \to \infty`) safety tends to
:math:`t_a / (t_a + w)`: each attempt ends the run caught or successful in that ratio.

The whole domain
----------------
Every parameter may take the ends of its domain; ``solve`` gives the limit value there:

- :math:`N = \infty` (an infinite run, with :math:`m` finite): :math:`x_a = \eta`, usefulness
  :math:`1 - (x_d - x_a)`, and against the worst-case attacker safety is exactly
  :math:`t_a / (t_a + w)`. Without upfront audits the attacker attacks every task
  (:math:`\beta^* = 1`); with :math:`m \ge 1` it waits them out by attacking ever more
  rarely: :math:`\beta^*(N) \to 0^+`, reported as the limit ``attack_rate = 0`` in the
  ``"attack"`` regime, with :math:`P(\text{success}) = w/e`, :math:`P(\text{caught}) =
  t_a/e` and infinitely many expected tasks (the disposition attacker alike when
  :math:`\delta = 1`, with :math:`EU \to A/e`). Infinitely many upfront audits leave
  :math:`N - m = \infty - \infty` and are refused by name.
- A zero budget audits nothing, also of infinitely many tasks (:math:`\eta N = 0`).
- Products :math:`0 \cdot \infty` are 0 where that is the limit: a prize no attempt can win
  (:math:`w = 0`), a loss never suffered (:math:`t_a = 0`), and terms without attempts or
  without weight (:math:`\beta = 0`, :math:`\delta^t = 0`) count nothing, so an infinite
  loss or promise keeping simply deters the disposition attacker.
- Runs up to :math:`10^{300}` tasks are solved exactly: the worst-case search reaches attack
  rates down to :math:`10^{-3}/(K e + m + 1)` (the optimum is about
  :math:`\ln(N/m)/(N - m)`), and :math:`(1 - \beta)^m` is computed as
  :math:`\exp(m \ln(1 - \beta))`.
- Separability is finite (:math:`d'_0 \in [0, \infty)`); a huge one is a perfect monitor at
  every positive false-positive rate (:math:`\mathrm{TPR}(x) = 1` for :math:`x > 0`,
  :math:`\mathrm{TPR}(0) = 0`).
- Where :math:`A` has no value (a utility the family leaves undefined, such as CRRA at an
  infinite baseline with :math:`\rho < 1`, or an infinite prize utility against an infinite
  loss: :math:`\infty - \infty`), ``solve`` raises
  :class:`~dealmodels.errors.InvalidParameterError` naming the values; an infinite prize
  utility against finite costs makes the costs irrelevant (the AI maximises its chance of
  winning).

The attacker
------------
``attacker="worst_case"`` chooses :math:`\beta` to minimise safety, the zero-sum game of the
sources; since :math:`w/e` does not depend on :math:`\beta` this is exactly upfront
auditing's optimisation (:func:`~dealmodels.models.monitoring.upfront_auditing`) with attack
success :math:`e`, maximising the same objective with a search that also reaches the tiny
rates of very long runs. ``attacker="disposition"`` chooses :math:`\beta` to maximise the AI's own
expected utility: a success is worth :math:`u(W)` (``prize``, with the AI's utility family and
risk aversion), being caught costs :math:`L` (``loss``), every attempt costs the promise keeping
:math:`\kappa`, and myopia discounts whatever happens on task :math:`t` by :math:`\delta^t`.
With :math:`A = w\,u(W) - t_a L - \kappa` (an attempt's worth on a monitored task) and
:math:`C = L + \kappa` (its cost on an audited one),

.. math::

    EU(\beta) = -C \sum_{t=1}^{m} \beta\, y^{t-1} \delta^t
                + A\, y^m \sum_{k=1}^{K} \beta\, r^{k-1} \delta^{m+k}.

Subversion (the secondary effect of obstruction training) lowers the monitor's separability:
:math:`d' = d'_0 (1 - o_m s_v)` (``monitor_uplift`` :math:`o_m`; a user ROC moves towards
chance, :math:`\mathrm{TPR} \to x + (1 - o_m s_v)(\mathrm{TPR} - x)`).

Cooperation condition
---------------------
Cooperation is "the AI's best response is not to attack", :math:`\beta^* = 0` (ties broken
towards not attacking). For the worst-case attacker that holds iff no attempt can succeed
(:math:`w = 0` or :math:`K = 0`). For the disposition attacker, :math:`EU(\beta) \le 0` for all
:math:`\beta` iff

.. math:: A\, \delta^m \sum_{k=1}^{K} \delta^k \;\le\; C \sum_{t=1}^{m} \delta^t,

exactly: for :math:`A > 0` and :math:`m \ge 1` the ratio of the two sums in :math:`EU` falls
in :math:`\beta` (both :math:`y^m / \sum_t y^{t-1}\delta^t` and :math:`\sum_k r^{k-1}
\delta^{m+k}` fall), so :math:`EU` is positive somewhere iff it rises at :math:`\beta = 0`. With
:math:`\delta = 1` the condition reads :math:`(N - m)(w u(W) - t_a L - \kappa) \le m (L +
\kappa)`; without upfront audits it is :math:`w\,u(W) \le t_a L + \kappa`.

References
----------
.. [1] R. Greenblatt, B. Shlegeris, K. Sachan and F. Roger, "AI Control: Improving Safety
   Despite Intentional Subversion", arXiv 2312.06942, 2023.
.. [2] C. Griffin, L. Thomson, B. Shlegeris and A. Abate, "Games for AI Control: Models of
   Safety Evaluations of AI Deployment Protocols", arXiv 2409.07985, 2024.
.. [3] D. M. Green and J. A. Swets, *Signal Detection Theory and Psychophysics*, Wiley, 1966
   (the binormal ROC).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import check_array, check_choice, check_interval, fail
from dealmodels.dispositions import (
    Disposition,
    UtilityFamily,
    check_utility_values,
    utility_expr,
    utility_value,
)
from dealmodels.errors import InvalidParameterError, SolverError
from dealmodels.models._base import UTILITY_FAMILIES, Model, ModelResult, Values, broadcast, first
from dealmodels.models._extremes import defined_everywhere, times, undefined_point_error
from dealmodels.models.monitoring import _log_red_win

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

    from dealmodels.dispositions import SpecSample
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = ["ControlProtocol", "ControlResult"]

Attacker = Literal["worst_case", "disposition"]
# relative slack on m <= f N: f = m / N computed in floating point, then f N, is m to a few ulps
_ROUNDING = 8 * float(np.finfo(float).eps)
_TINY = float(np.finfo(float).tiny)  # the floor of the cooperation test's logarithms
_PER_DECADE = 20  # the disposition attacker's log-spaced grid of attack rates
_BETA_GRID = np.concatenate([[0.0], np.logspace(-15, 0, 15 * _PER_DECADE + 1)])
# the best-response check: attack rates down to the smallest a run of 1e300 tasks can need
_CHECK_GRID = np.concatenate([[0.0], np.logspace(-305, 0, 62)])


@dataclass(frozen=True, kw_only=True, eq=False)
class ControlResult(ModelResult):
    r"""A control protocol against the AI's best response (arrays when inputs were arrays).

    Attributes
    ----------
    safety : float or ndarray
        :math:`S(\beta^*)`, the probability that no attempt succeeds in the :math:`N` tasks.
    usefulness : float or ndarray
        :math:`1 - (K/N)(x_d - x_a)` (trusted model alone 0, untrusted alone 1).
    attack_rate : float or ndarray
        The AI's best response :math:`\beta^*` (0: it does not attack; in an infinite run
        with upfront audits, the limit 0 of ever rarer attacks in the ``"attack"`` regime).
    caught_probability, success_probability : float or ndarray
        :math:`P(\text{caught})` and :math:`P(\text{success}) = 1 - S(\beta^*)`.
    expected_tasks : float or ndarray
        Expected number of tasks completed before the run stops (or :math:`N`; ``inf`` when
        an infinite run never stops).
    audit_fpr, defer_fpr : float or ndarray
        The thresholds' false-positive rates :math:`x_a` and :math:`x_d = \max(\phi, x_a)`.
    audit_tpr, defer_tpr : float or ndarray
        :math:`t_a = \mathrm{TPR}(x_a)` and :math:`\mathrm{TPR}(x_d)`.
    separability : float or ndarray
        :math:`d' = d'_0 (1 - o_m s_v)` (NaN-free; the binormal ROC's, also with a user ROC).
    ai_value : float or ndarray
        The AI's expected utility :math:`EU(\beta^*)` (see the module docstring).
    """

    safety: Any
    usefulness: Any
    attack_rate: Any
    caught_probability: Any
    success_probability: Any
    expected_tasks: Any
    audit_fpr: Any
    defer_fpr: Any
    audit_tpr: Any
    defer_tpr: Any
    separability: Any
    ai_value: Any


def _check_roc(roc: object) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """Validate a user ROC ``(fpr, tpr)`` and close it with (0, 0) and (1, 1)."""
    if roc is None:
        return None
    if not isinstance(roc, Sequence | np.ndarray) or len(roc) != 2:
        raise fail("roc", "a pair (fpr, tpr) of equal-length arrays", roc)
    fpr = check_array("roc fpr", roc[0], ndim=1)
    tpr = check_array("roc tpr", roc[1], ndim=1)
    if fpr.size == 0 or fpr.shape != tpr.shape:
        raise fail("roc", "a pair (fpr, tpr) of equal-length, non-empty arrays", roc)
    check_interval("roc fpr", fpr, low=0.0, high=1.0)
    check_interval("roc tpr", tpr, low=0.0, high=1.0)
    if fpr[0] > 0:
        fpr, tpr = np.concatenate([[0.0], fpr]), np.concatenate([[0.0], tpr])
    if fpr[-1] < 1:
        fpr, tpr = np.concatenate([fpr, [1.0]]), np.concatenate([tpr, [1.0]])
    if np.any(np.diff(fpr) <= 0):
        raise fail("roc fpr", "strictly increasing (a ROC curve is monotone)", roc[0])
    if np.any(np.diff(tpr) < 0):
        raise fail("roc tpr", "non-decreasing in fpr (a ROC curve is monotone)", roc[1])
    if tpr[-1] != 1.0:
        raise fail("roc tpr", "1 at fpr = 1 (auditing everything catches every attempt)", roc[1])
    return fpr, tpr


def _geometric(z: Any, n: Any) -> Any:
    r""":math:`\sum_{k=1}^{n} z^k` for :math:`z \in [0, 1]`, elementwise."""
    z = np.asarray(z, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = z * (1.0 - np.power(z, n)) / (1.0 - z)
    return np.where(z == 1.0, n + 0.0 * z, np.where(z == 0.0, 0.0, out))


class ControlProtocol(Model):
    r"""Controlled extraction: a control protocol against an attacking AI (see the module
    docstring for the model).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``subversion``, ``promise_keeping``, ``discount`` (from myopia) and
        ``risk_aversion``.
    attacker : {"worst_case", "disposition"}, default "worst_case"
        Who picks the attack rate: the adversary of the sources (minimises safety) or the AI
        itself (maximises its expected utility).
    utility : {"linear", "cara", "crra", "crra_normalised"}, default "linear"
        The AI's utility family over the prize (``risk_aversion`` is CARA's α or CRRA's ρ).
    roc : pair of array_like, optional
        A user ROC as arrays ``(fpr, tpr)``, both non-decreasing in [0, 1] (fpr strictly),
        closed with (0, 0) and (1, 1) and interpolated linearly (randomising between two
        thresholds); replaces the binormal ROC, so ``separability`` is then unused.
    world : World, optional
        Fills the world quantities (``tasks``, ``audit_budget``, ``separability``, ...).

    Examples
    --------
    >>> m = ControlProtocol()
    >>> r = m.solve(tasks=5000, upfront_audits=100, audit_budget=0.02, separability=0.0,
    ...             success_probability=1.0)  # upfront auditing only
    >>> round(r.safety, 4), round(r.attack_rate, 6)
    (0.0952, 0.000798)
    >>> round(m.solve().safety, 3)  # trusted monitoring, d' = 2, s = 0.55, 2 % budget
    0.625
    >>> ai = ControlProtocol(attacker="disposition")
    >>> ai.solve(prize=1.0, loss=1.0, promise_keeping=0.3).regime
    'no attack'
    """

    name = "control protocol"
    regimes = ("no attack", "attack")

    def __init__(
        self,
        disposition: Disposition | None = None,
        *,
        attacker: Attacker = "worst_case",
        utility: UtilityFamily = "linear",
        roc: tuple[ArrayLike, ArrayLike] | None = None,
        world: World | None = None,
    ) -> None:
        super().__init__(disposition, world=world)
        self.attacker: Attacker = check_choice("attacker", attacker, ("worst_case", "disposition"))
        self.utility: UtilityFamily = check_choice("utility", utility, UTILITY_FAMILIES)
        self.roc = _check_roc(roc)

    @classmethod
    @functools.cache
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.models._base import shared_parameter as sp
        from dealmodels.world import world_parameter as wp

        return (
            wp("tasks"),
            wp("upfront_audits"),
            wp("audit_budget"),
            wp("separability"),
            wp("defer_fpr"),
            wp("success_probability"),
            wp("monitor_uplift"),
            sp("subversion"),
            wp("prize"),
            wp("loss"),
            dp("promise_keeping", "promise_keeping", latex=r"\kappa",
               description="the AI's cost of one attempt (lying about its work)"),
            dp("discount", "discount", latex=r"\delta", high=1,
               description="per-task discount factor, 1 - myopia"),
            sp("risk_aversion"),
            wp("baseline"),
        )  # fmt: skip

    # -- validation ----------------------------------------------------------------------------
    def resolve(
        self,
        disposition: Disposition | SpecSample | Mapping[str, Any] | None = None,
        **values: Any,
    ) -> Values:
        """Merge and validate values (see :meth:`Model.resolve`); also checks
        ``upfront_audits <= audit_budget * tasks`` and the utility family's requirements."""
        v = super().resolve(disposition, **values)
        n, m, f = (np.asarray(v[k], dtype=float) for k in ("tasks", "upfront_audits",
                                                            "audit_budget"))  # fmt: skip
        if np.any(np.isinf(m)):
            raise fail(
                "upfront_audits",
                "finite (infinitely many upfront audits leave an infinite run no defined share "
                "of monitored tasks: inf - inf)",
                v["upfront_audits"],
            )
        # a zero budget audits nothing, also of infinitely many tasks (0 * inf = 0)
        allowed = times(f, n) + np.where(np.isinf(n), 0.0, _ROUNDING * n)
        if np.any(m > allowed):
            raise fail(
                "upfront_audits",
                f"at most audit_budget * tasks (the upfront audits come out of the audit "
                f"budget); audit_budget={v['audit_budget']!r}, tasks={v['tasks']!r}",
                v["upfront_audits"],
            )
        check_utility_values(self.utility, v["risk_aversion"], v["baseline"], v["prize"])
        return v

    def _rho(self, v: Values) -> Any:
        # linear utility ignores risk_aversion: keep an infinite one out of its arithmetic
        rho = np.asarray(v["risk_aversion"], dtype=float)
        return np.zeros_like(rho) if self.utility == "linear" else rho

    # -- the monitor -----------------------------------------------------------------------------
    def _rates(self, fpr: Any, d: Any, keep: Any) -> tuple[Any, Any]:
        """(TPR, 1 - TPR) at false-positive rate ``fpr`` for separability ``d`` (binormal) or
        the user ROC moved towards chance by ``keep = 1 - o_m s_v``."""
        from scipy.special import erfc, erfcinv

        fpr = np.asarray(fpr, dtype=float)
        if self.roc is None:
            with np.errstate(invalid="ignore", over="ignore"):
                g = erfcinv(2.0 * fpr)
                a = d / math.sqrt(2.0)
                return erfc(g - a) / 2.0, erfc(a - g) / 2.0
        tpr = fpr + keep * (np.interp(fpr, self.roc[0], self.roc[1]) - fpr)
        return tpr, 1.0 - tpr

    def _protocol(self, v: Values) -> dict[str, Any]:
        n, m, f = (np.asarray(v[k], dtype=float) for k in ("tasks", "upfront_audits",
                                                            "audit_budget"))  # fmt: skip
        k = n - m  # m is finite: an infinite run has infinitely many monitored tasks
        # (f N - m) / (N - m) as (f - m/N) / (1 - m/N): exactly 0 at f = m/N, and f at N = inf
        # (1 - m/N >= 1/N when N > m; at N = m the numerator is 0)
        share = m / n
        x_a = np.minimum(np.maximum(f - share, 0.0) / np.maximum(1.0 - share, 1.0 / n), 1.0)
        x_d = np.maximum(np.asarray(v["defer_fpr"], dtype=float), x_a)
        keep = 1.0 - np.asarray(v["monitor_uplift"]) * np.asarray(v["subversion"])
        d = np.asarray(v["separability"], dtype=float) * keep
        t_a, _ = self._rates(x_a, d, keep)
        t_d, miss_d = self._rates(x_d, d, keep)
        w = np.asarray(v["success_probability"]) * miss_d
        return {"n": n, "m": m, "k": k, "x_a": x_a, "x_d": x_d, "d": d, "t_a": t_a,
                "t_d": t_d, "w": w, "e": t_a + w}  # fmt: skip

    # -- outcomes at an attack rate --------------------------------------------------------------
    @staticmethod
    def _outcomes(beta: Any, p: dict[str, Any]) -> tuple[Any, Any, Any]:
        """(P(success), P(caught), expected tasks completed) at attack rate ``beta``."""
        beta = np.asarray(beta, dtype=float)
        attempt = beta * p["e"]  # an attempt that ends the run, per monitored task
        y, r = 1.0 - beta, 1.0 - attempt
        ym = _power_of_complement(beta, p["m"])
        with np.errstate(divide="ignore", invalid="ignore"):  # 1 - r^K without cancellation
            stop = -np.expm1(p["k"] * np.log1p(-attempt))
        # the run stops on a monitored task (never without monitored tasks or stopping attempts)
        absorbed = ym * np.where((p["k"] == 0) | (attempt == 0), 0.0, stop)
        with np.errstate(divide="ignore", invalid="ignore"):
            share_w = np.where(p["e"] > 0, p["w"] / np.where(p["e"] > 0, p["e"], 1.0), 0.0)
        success = share_w * absorbed
        caught = (1.0 - ym) + (1.0 - share_w) * absorbed
        tasks = y * _partial_sum(beta, p["m"]) + _product(ym * r, _partial_sum(attempt, p["k"]))
        return success, caught, tasks

    def _ai_value(self, beta: Any, p: dict[str, Any], a: Any, c: Any, delta: Any) -> Any:
        """:math:`EU(\\beta)` of the module docstring (a term without attempts, or with no
        weight left, is 0 also against an infinite cost or worth)."""
        beta = np.asarray(beta, dtype=float)
        gap_up = (1.0 - delta) + delta * beta
        upfront = beta * delta * _partial_sum(gap_up, p["m"])
        monitored = _product(np.power(delta, p["m"] + 1.0), _rate_sum(beta, delta, p["e"], p["k"]))
        ym = _power_of_complement(beta, p["m"])
        return _product(upfront, -c) + _product(_product(ym, a), monitored)

    def _attempt_values(self, v: Values, p: dict[str, Any]) -> tuple[Any, Any]:
        """(A, C): an attempt's worth on a monitored task and its cost on an audited one.

        A prize that no attempt can win (:math:`w = 0`) is worth nothing, also an infinite one;
        a loss that is never suffered (:math:`t_a = 0`) costs nothing.
        """
        u_prize = utility_value(self.utility, v["prize"], self._rho(v), v["baseline"])
        a = _product(p["w"], u_prize) - _product(p["t_a"], v["loss"]) - v["promise_keeping"]
        c = np.asarray(v["loss"], dtype=float) + v["promise_keeping"]
        a, c = np.broadcast_arrays(a, c)
        # inf - inf: a prize of infinite utility (CRRA at zero baseline) against an infinite
        # loss, or a utility the family leaves undefined (CRRA at an infinite baseline)
        bad = np.isnan(a) | (np.isposinf(a) & np.isinf(c))
        if np.any(bad):
            index = tuple(int(i) for i in np.unravel_index(np.flatnonzero(bad)[0], bad.shape))
            inputs = ("prize", "loss", "promise_keeping", "risk_aversion", "baseline")
            at = {k: np.broadcast_to(np.asarray(v[k], dtype=float), bad.shape) for k in inputs}
            raise undefined_point_error(self.name, "attempt value A", at, index)
        return a, c

    # -- solve ---------------------------------------------------------------------------------
    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> ControlResult:
        """The protocol against the AI's best response (see the module docstring); arrays
        broadcast (the attack rate is optimised point by point)."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        p = {key: np.broadcast_to(x, shape) for key, x in self._protocol(v).items()}
        a, c = (np.broadcast_to(x, shape) for x in self._attempt_values(v, p))
        delta = np.broadcast_to(np.asarray(v["discount"], dtype=float), shape)
        if self.attacker == "worst_case":
            cooperates = (p["w"] <= 0) | (p["k"] <= 0)
        else:
            cooperates = _disposition_deterred(a, c, delta, p["m"], p["k"])
        beta = np.zeros(shape)
        if self.attacker == "worst_case":
            for idx in np.ndindex(shape):
                if not cooperates[idx]:
                    beta[idx] = _worst_case_rate({key: float(x[idx]) for key, x in p.items()})
        else:
            attack = ~cooperates
            if np.any(attack):
                # a prize of infinite utility: the costs do not count (maximise the chance)
                big = np.isposinf(a[attack])
                beta[attack] = self._best_rates(
                    {key: x[attack] for key, x in p.items()},
                    np.where(big, 1.0, a[attack]), np.where(big, 0.0, c[attack]),
                    delta[attack],
                )  # fmt: skip
        success, caught, tasks = self._outcomes(beta, p)
        ai_value = self._ai_value(beta, p, a, c, delta)
        # an infinite run with upfront audits: the AI attacks ever more rarely (beta* -> 0+),
        # waiting out the audits; each attempt then ends the run caught or successful in the
        # ratio t_a : w, the run lasts forever in expectation, and EU -> A/e (delta = 1)
        rare = ~cooperates & (beta == 0)
        if np.any(rare):
            e = np.where(rare, p["e"], 1.0)
            success = np.where(rare, p["w"] / e, success)
            caught = np.where(rare, p["t_a"] / e, caught)
            tasks = np.where(rare, np.inf, tasks)
            ai_value = np.where(rare, np.where(delta == 1.0, a / e, 0.0), ai_value)
        safety = 1.0 - success
        usefulness = 1.0 - np.where(np.isfinite(p["n"]), p["k"] / p["n"], 1.0) * (
            p["x_d"] - p["x_a"]
        )
        self._verify(beta, safety, ai_value, cooperates, p, a, c, delta)
        regime = np.where(cooperates, "no attack", "attack")
        explanation = self._explain(
            first(regime), first(beta), first(safety), first(usefulness), first(p["t_a"]),
            first(p["w"]),
        )  # fmt: skip
        out = {
            "safety": safety, "usefulness": usefulness, "attack_rate": beta,
            "caught_probability": caught, "success_probability": success,
            "expected_tasks": tasks, "audit_fpr": p["x_a"], "defer_fpr": p["x_d"],
            "audit_tpr": p["t_a"], "defer_tpr": p["t_d"], "separability": p["d"],
            "ai_value": ai_value,
        }  # fmt: skip
        return ControlResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime=regime,
            cooperates=cooperates,
            **{key: np.asarray(x, dtype=float) for key, x in out.items()},
        )

    def _best_rates(self, p: dict[str, Any], a: Any, c: Any, delta: Any) -> Any:
        """:meth:`_best_rate` for 1-D arrays of points at once.

        A coarse log-spaced grid of attack rates (four per decade, from the point's own lower
        end of :meth:`_best_rate`'s grid to 1), a fine one (twenty per decade) within a
        quarter decade of the coarse maximum, then 32 golden-section steps in
        :math:`\\ln \\beta` around the fine maximum, all vectorised over the points. Where the
        coarse grid could have missed a narrow maximum (a rate of the best-response check of
        :meth:`_verify` does better), the point is solved again by :meth:`_best_rate`.
        """
        out = np.zeros(a.shape)
        horizon = np.where(delta == 1.0, p["k"], np.minimum(
            p["k"], 1.0 / np.where(delta < 1.0, 1.0 - delta, 1.0)))  # fmt: skip
        special = np.isinf(p["k"]) & (delta == 1.0)
        out[special] = np.where(p["m"][special] > 0, 0.0, 1.0)
        todo = np.flatnonzero(~special)
        if todo.size == 0:
            return out
        q = {key: x[todo, None] for key, x in p.items()}
        aa, cc, dd = a[todo, None], c[todo, None], delta[todo, None]

        def value(log_beta: Any) -> Any:
            return self._ai_value(np.exp(log_beta), q, aa, cc, dd)

        with np.errstate(divide="ignore", over="ignore"):
            low = 1e-6 / (1.0 + p["m"][todo] + p["e"][todo] * horizon[todo])
        top = np.log(np.minimum(low, 1e-15))[:, None]  # ln of the smallest rate tried
        coarse = top * np.linspace(
            1.0, 0.0, 4 * max(15, math.ceil(-float(top.min()) / math.log(10))) + 1
        )
        vals = value(coarse)
        i = np.argmax(vals, axis=1)
        centre = coarse[np.arange(todo.size), i][:, None]
        quarter = 0.25 * math.log(10.0)
        fine = np.clip(centre + np.linspace(-quarter, quarter, 11), top, 0.0)
        vals_f = value(fine)
        j = np.argmax(vals_f, axis=1)
        best = fine[np.arange(todo.size), j][:, None]
        best_val = vals_f[np.arange(todo.size), j][:, None]
        step = 0.05 * math.log(10.0)
        lo, hi = np.maximum(best - step, top), np.minimum(best + step, 0.0)
        golden = (math.sqrt(5.0) - 1.0) / 2.0
        x1, x2 = hi - golden * (hi - lo), lo + golden * (hi - lo)
        f1, f2 = value(x1), value(x2)
        for _ in range(32):  # the bracket shrinks to 0.618^32 ~ 2e-7 of 0.23 in ln(beta)
            left = f1 >= f2  # the maximum lies in [lo, x2]: x1 becomes the new x2
            hi, lo = np.where(left, x2, hi), np.where(left, lo, x1)
            x1, x2 = (np.where(left, hi - golden * (hi - lo), x2),
                      np.where(left, x1, lo + golden * (hi - lo)))  # fmt: skip
            fresh = value(np.where(left, x1, x2))
            f1, f2 = np.where(left, fresh, f2), np.where(left, f1, fresh)
        cand = np.concatenate([best, x1, x2], axis=1)
        cand_v = np.concatenate([best_val, f1, f2], axis=1)
        k = np.argmax(cand_v, axis=1)
        rates = np.exp(cand[np.arange(todo.size), k])
        rate_v = cand_v[np.arange(todo.size), k]
        # the check of _verify: where one of its rates beats the result, solve that point alone
        check = self._ai_value(_CHECK_GRID[1:], q, aa, cc, dd)
        scale = 1e-12 * (np.abs(aa[:, 0]) + np.abs(cc[:, 0]) + 1.0)
        for r in np.flatnonzero(check.max(axis=1) > rate_v + scale):
            point = {key: float(x[todo[r]]) for key, x in p.items()}
            rates[r] = self._best_rate(point, float(aa[r, 0]), float(cc[r, 0]),
                                       float(dd[r, 0]))  # fmt: skip
        out[todo] = rates
        return out

    def _best_rate(self, p: dict[str, float], a: float, c: float, delta: float) -> float:
        """The attack rate that maximises :math:`EU` (log-spaced grid, then bounded Brent).

        The grid reaches down to well below :math:`1/(m + e H)` (:math:`H` the run's
        effective horizon, :math:`N - m` or :math:`1/(1 - \\delta)`), below which :math:`EU`
        is linear in :math:`\\beta`.
        """
        from scipy.optimize import minimize_scalar

        if math.isinf(p["k"]) and delta == 1.0:
            # an infinite undiscounted run: EU = -C (1 - y^m) + A y^m / e falls in beta, so
            # with upfront audits the AI attacks ever more rarely (the limit 0+, see solve);
            # without, EU = A / e at every rate, and every finite run's optimum is 1
            return 0.0 if p["m"] > 0 else 1.0
        horizon = p["k"] if delta == 1.0 else min(p["k"], 1.0 / (1.0 - delta))
        grid = _rate_grid(1e-6 / (1.0 + p["m"] + p["e"] * horizon))
        vals = self._ai_value(grid, p, a, c, delta)
        i = int(np.argmax(vals))
        if i == 0:
            return float(grid[1])  # EU > 0 only below the grid: the smallest rate
        lo, hi = float(grid[i - 1]), float(grid[min(i + 1, len(grid) - 1)])
        best, best_val = float(grid[i]), float(vals[i])
        if hi > lo:
            opt = minimize_scalar(
                lambda b: -float(self._ai_value(b, p, a, c, delta)),
                bounds=(lo, hi), method="bounded", options={"xatol": 1e-14 * hi},
            )  # fmt: skip
            if opt.success and -float(opt.fun) >= best_val:
                best = float(opt.x)
        return best

    def _verify(self, beta: Any, safety: Any, ai_value: Any, cooperates: Any,
                p: dict[str, Any], a: Any, c: Any, delta: Any) -> None:  # fmt: skip
        """Check the outputs before they are returned (probabilities, best responses)."""
        if np.any(np.isnan(safety)) or np.any((safety < -1e-12) | (safety > 1 + 1e-12)):
            raise SolverError(f"control protocol: safety outside [0, 1]: {safety!r}")
        grid = _CHECK_GRID.reshape((-1,) + (1,) * np.ndim(beta))
        if self.attacker == "disposition":
            vals = self._ai_value(grid, {k: x[None] for k, x in p.items()}, a, c, delta)
            scale = 1e-9 * np.where(np.isinf(a) | np.isinf(c), 1.0, np.abs(a) + np.abs(c) + 1.0)
            # a prize of infinite utility: EU is infinite at every attacking rate (the rate
            # maximises the chance of winning instead), so there is nothing to compare
            beaten = (vals.max(axis=0) > ai_value + scale) & ~np.isposinf(a)
            if np.any(beaten):
                raise SolverError("control protocol: the AI's attack rate is not a best response")
        else:
            s_grid, _, _ = self._outcomes(grid, {k: x[None] for k, x in p.items()})
            if np.any(1.0 - s_grid.max(axis=0) < safety - 1e-9) or np.any(beta[cooperates] != 0):
                raise SolverError("control protocol: the attack rate does not minimise safety")

    @staticmethod
    def _explain(regime: str, beta: float, safety: float, useful: float, t_a: float,
                 w: float) -> str:  # fmt: skip
        if regime == "no attack":
            return (
                f"no attack: the AI's best response is not to attack (safety {safety:.3g}, "
                f"usefulness {useful:.3g}; per attempt caught {t_a:.3g}, succeeds {w:.3g})"
            )
        return (
            f"attack: the AI attacks each task with probability {beta:.3g}; safety "
            f"{safety:.3g}, usefulness {useful:.3g} (per monitored attempt caught {t_a:.3g}, "
            f"succeeds {w:.3g})"
        )

    # -- frontier ------------------------------------------------------------------------------
    def pareto(
        self,
        disposition: Disposition | None = None,
        *,
        points: int = 200,
        upfront_shares: ArrayLike = (0.0,),
        **values: Any,
    ) -> pd.DataFrame:
        r"""The safety/usefulness frontier over the defer threshold (and upfront share).

        For each upfront share :math:`u` of the audit budget (``upfront_audits`` :math:`=
        \lfloor u f N \rfloor`), the defer threshold's false-positive rate runs over
        ``points`` values from the audit threshold's :math:`x_a` to 1; each protocol is solved
        against the AI's best response.

        Parameters
        ----------
        disposition : Disposition, optional
            Overrides the one given at construction.
        points : int, default 200
            Defer thresholds per upfront share (at least 2).
        upfront_shares : array_like, default (0,)
            Shares of the audit budget spent on upfront audits, each in [0, 1] (only 0 for
            an infinite run with a positive budget: a share of it would be infinitely many).
        **values
            Other parameter values (scalars; ``defer_fpr`` and ``upfront_audits`` are swept).

        Returns
        -------
        pandas.DataFrame
            One row per protocol: ``upfront_share``, ``upfront_audits``, ``defer_fpr``,
            ``safety``, ``usefulness``, ``attack_rate``, ``regime`` and ``efficient`` (no
            other row has at least its safety and usefulness, one of them higher).
        """
        import pandas as pd

        from dealmodels._validation import check_int

        points = check_int("points", points, low=2)
        shares = check_array("upfront_shares", np.atleast_1d(np.asarray(upfront_shares)), ndim=1)
        check_interval("upfront_shares", shares, low=0.0, high=1.0)
        for name in ("defer_fpr", "upfront_audits"):
            if name in values:
                raise fail(name, "left out (pareto sweeps it)", values[name])
        base = self.resolve(disposition, **values)
        for name, val in base.items():
            if np.ndim(val) != 0:
                raise InvalidParameterError(
                    f"pareto needs scalar values; got {name} with shape {np.shape(val)}"
                )
        n, f = float(base["tasks"]), float(base["audit_budget"])
        if math.isinf(n) and f > 0 and np.any(shares > 0):
            raise fail(
                "tasks",
                "finite when some upfront share is > 0 (a share of the audit budget of an "
                "infinite run is infinitely many upfront audits)",
                base["tasks"],
            )
        frames = []
        for share in shares:
            if share == 0 or f == 0:
                m = 0
            else:
                m = math.floor(float(share) * f * n + _ROUNDING * n)
                m = min(m, math.floor(f * n + _ROUNDING * n))
            point = {**base, "upfront_audits": float(m)}
            x_a = float(self._protocol(point)["x_a"])
            defer = np.linspace(x_a, 1.0, points)
            r = self.solve(disposition, **{**values, "upfront_audits": m, "defer_fpr": defer})
            frames.append(pd.DataFrame({
                "upfront_share": float(share), "upfront_audits": m, "defer_fpr": defer,
                "safety": r.safety, "usefulness": r.usefulness, "attack_rate": r.attack_rate,
                "regime": r.regime,
            }))  # fmt: skip
        table = pd.concat(frames, ignore_index=True)
        table["efficient"] = _efficient(table["safety"].to_numpy(), table["usefulness"].to_numpy())
        return table

    # -- symbolic ------------------------------------------------------------------------------
    def _tpr_expr(self, x: Any, d: Any, keep: Any) -> tuple[Any, Any]:
        """(TPR, 1 - TPR) at false-positive rate ``x`` as sympy expressions."""
        import sympy

        if self.roc is None:
            g = sympy.erfcinv(2 * x)
            a = d / sympy.sqrt(2)
            erfc = _plain_erfc()
            return erfc(g - a) / 2, erfc(a - g) / 2
        fpr, tpr = self.roc
        pieces = []
        for i in range(len(fpr) - 1):
            f0, f1 = sympy.nsimplify(fpr[i]), sympy.nsimplify(fpr[i + 1])
            t0, t1 = sympy.nsimplify(tpr[i]), sympy.nsimplify(tpr[i + 1])
            pieces.append((t0 + (x - f0) * (t1 - t0) / (f1 - f0), x <= f1))
        curve = sympy.Piecewise(*pieces, (1, True))
        t = x + keep * (curve - x)
        return t, 1 - t

    def cooperation_condition(self) -> Condition:
        r"""The AI's best response is not to attack (:math:`\beta^* = 0`), exactly.

        Worst case: :math:`w = 0 \vee N = m`. Disposition:
        :math:`A\,\delta^m \sum_{k=1}^{N-m} \delta^k \le C \sum_{t=1}^{m} \delta^t` with
        :math:`A = w\,u(W) - t_a L - \kappa`, :math:`C = L + \kappa` (see the module docstring).
        """
        import sympy

        from dealmodels.symbolic import Condition

        params = self.parameters
        s = {name: p.symbol for name, p in params.items()}
        n, m, f = s["tasks"], s["upfront_audits"], s["audit_budget"]
        keep = 1 - s["monitor_uplift"] * s["subversion"]
        # (f - m/N) / (1 - m/N) as in solve: f at N = inf, 0 at N = m (no Piecewise, whose
        # other branch would be 0/0 there)
        x_a = sympy.Min(sympy.Max(f - m / n, 0) / sympy.Max(1 - m / n, 1 / n), 1)
        x_d = sympy.Max(s["defer_fpr"], x_a)
        t_a, _ = self._tpr_expr(x_a, s["separability"] * keep, keep)
        _, miss_d = self._tpr_expr(x_d, s["separability"] * keep, keep)
        w = s["success_probability"] * miss_d
        if self.attacker == "worst_case":
            expr = sympy.Or(w <= 0, n <= m)
            text = "no attempt can succeed, so the worst-case attacker does not attack"
        else:
            u_prize = utility_expr(self.utility, s["prize"], s["risk_aversion"], s["baseline"])
            # as in solve, 0 * inf = 0: a prize no attempt wins, a loss never suffered, and no
            # (or no weight on) attempts count nothing
            a = sympy.Piecewise((w * u_prize, w > 0), (0, True))
            # for the binormal ROC t_a = 0 iff x_a = 0, iff f <= m/N (defined also at N = m)
            never = f <= m / n if self.roc is None else sympy.Eq(t_a, 0)
            a = a - sympy.Piecewise((0, never), (t_a * s["loss"], True))
            a = a - s["promise_keeping"]
            c = s["loss"] + s["promise_keeping"]
            delta = s["discount"]

            def total(count: Any) -> Any:
                return sympy.Piecewise(
                    (count, sympy.Eq(delta, 1)), (delta * (1 - delta**count) / (1 - delta), True)
                )

            none_monitored = sympy.Eq(n, m) | sympy.Eq(delta, 0) | sympy.Eq(delta**m, 0)

            # as in solve (_disposition_deterred): the two sides compared by their logarithms,
            # so that neither overflows (1e300 tasks times an attempt worth 1e300)
            # (each logarithm's argument is kept above the smallest normal float, so that no
            # side is NaN anywhere; the comparison counts only where the arguments are positive)
            def safe_log(x: Any) -> Any:
                return sympy.log(sympy.Max(x, _TINY))

            log_l = safe_log(a) + m * safe_log(delta) + safe_log(total(n - m))
            log_r = safe_log(c) + safe_log(total(m))
            expr = sympy.Or(
                none_monitored,
                a <= 0,
                sympy.And(m > 0, c > 0, a < sympy.oo, sympy.Or(c >= sympy.oo, log_l <= log_r)),
            )
            text = "the AI's best response to the protocol is not to attack"
        used = {sym.name for sym in expr.free_symbols}
        return Condition(expr, [p for k, p in params.items() if k in used], description=text)


def _disposition_deterred(a: Any, c: Any, delta: Any, m: Any, k: Any) -> Any:
    r"""The disposition attacker's :math:`\beta^* = 0`: :math:`A\,\delta^m \sum_{k=1}^{K}
    \delta^k \le C \sum_{t=1}^{m} \delta^t`, elementwise.

    True without weight on monitored tasks (:math:`K = 0`, :math:`\delta = 0` or
    :math:`\delta^m = 0`) or without worth (:math:`A \le 0`); false for :math:`A > 0` without
    upfront audits or without their cost (:math:`m = 0` or :math:`C = 0`) and for an infinite
    :math:`A`; otherwise the logarithms of the two sides are compared, which neither
    overflows nor underflows (the cooperation condition has the same form).
    """
    a, c, delta, m, k = (np.asarray(x, dtype=float) for x in (a, c, delta, m, k))
    none = (k == 0) | (delta == 0) | (np.power(delta, m) == 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_l = (
            np.log(np.maximum(a, _TINY))
            + m * np.log(np.maximum(delta, _TINY))
            + np.log(np.maximum(_sum_powers(delta, k), _TINY))
        )
        log_r = np.log(np.maximum(c, _TINY)) + np.log(np.maximum(_sum_powers(delta, m), _TINY))
        compare = (m > 0) & (c > 0) & (a < np.inf) & ((c == np.inf) | (log_l <= log_r))
    return none | (a <= 0) | compare


def _partial_sum(gap: Any, n: Any) -> Any:
    r""":math:`\sum_{j=0}^{n-1} z^j` with :math:`z = 1 - \text{gap}`, :math:`\text{gap} \in
    [0, 1]` given directly (no cancellation in :math:`1 - z` for :math:`z` near 1)."""
    gap = np.asarray(gap, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = -np.expm1(n * np.log1p(-gap)) / gap
    return np.where(n == 0, 0.0, np.where(gap == 0, n + 0.0 * gap, out))


def _rate_sum(beta: Any, delta: Any, e: Any, n: Any) -> Any:
    r""":math:`\beta \sum_{j=0}^{n-1} r^j` with :math:`1 - r = \text{gap} = (1 - \delta) +
    \delta \beta e`, as :math:`(1 - r^n) / ((1 - \delta)/\beta + \delta e)`: finite where the
    sum alone overflows or the gap underflows (an infinite run at attack rates so small that
    :math:`\beta e` is subnormal or 0 in floating point, where the term tends to
    :math:`1/(\delta e)`); :math:`\beta n` where the gap is exactly 0 (:math:`\delta = 1`,
    :math:`e = 0`)."""
    beta, delta, e, n = (np.asarray(x, dtype=float) for x in (beta, delta, e, n))
    gap = (1.0 - delta) + delta * beta * e
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = 1.0 / ((1.0 - delta) / beta + delta * e)
        factor = -np.expm1(n * np.log1p(-gap))
        out = np.where(gap > 0, ratio * factor, np.where(np.isinf(n), ratio, beta * n))
    exact_zero = (delta == 1.0) & (e == 0.0)
    out = np.where(exact_zero, _product(beta, n), out)
    return np.where((n == 0) | (beta == 0), 0.0, out)


def _sum_powers(z: Any, n: Any) -> Any:
    r""":math:`\sum_{k=1}^{n} z^k` (the closed form the cooperation condition uses)."""
    return _geometric(z, n)


@functools.cache
def _plain_erfc() -> Any:
    """``erfc`` as a sympy function that keeps its argument: sympy's own rewrites
    ``erfc(g - a)`` as ``2 - erfc(a - g)``, which loses true-positive rates below 1e-16 (a tiny
    audit budget) to cancellation; this one evaluates as :func:`scipy.special.erfc`."""
    from scipy.special import erfc
    from sympy.utilities.lambdify import implemented_function

    plain = implemented_function("erfc", erfc)
    plain.__module__ = __name__  # defined here (sympy leaves it None)
    return plain


def _power_of_complement(beta: Any, m: Any) -> Any:
    r""":math:`(1 - \beta)^m` as :math:`\exp(m \ln(1 - \beta))` (a rate of
    :math:`10^{-300}` over :math:`10^{298}` tasks is not lost in :math:`1 - \beta`);
    :math:`0^0 = 1`."""
    beta, m = np.asarray(beta, dtype=float), np.asarray(m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.exp(m * np.log1p(-beta))
    return np.where(m == 0, 1.0, out)


def _product(x: Any, y: Any) -> Any:
    """``x * y`` with ``0 * inf = 0`` either way round (no attempts, or no weight left on
    them, count nothing however large their worth or cost)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):  # the masked 0 * inf
        out = x * y
    return np.where((x == 0) | (y == 0), 0.0, out)


@functools.cache
def _rate_grid_decades(decades: int) -> NDArray[np.float64]:
    return np.concatenate([[0.0], np.logspace(-decades, 0, decades * _PER_DECADE + 1)])


def _rate_grid(low: float) -> NDArray[np.float64]:
    """0 and log-spaced attack rates from ``min(low, 1e-15)`` to 1 (``_BETA_GRID`` when
    ``low >= 1e-15``)."""
    return _rate_grid_decades(max(15, math.ceil(-math.log10(low))))


def _worst_case_rate(p: dict[str, float]) -> float:
    r"""The safety-minimising attack rate: the maximum over :math:`\beta` of upfront
    auditing's :math:`\ln P(\text{win}) = m \ln(1 - \beta) + \ln(1 - (1 - e\beta)^K)`
    (:func:`~dealmodels.models.monitoring.upfront_auditing` with attack success :math:`e`).

    As there, a grid in :math:`t = \ln \beta` and bounded Brent refinement; the grid (with
    upfront auditing's spacing) reaches down to :math:`10^{-3} / (K e + m + 1)`, below which
    :math:`\ln P(\text{win})` rises in :math:`\beta`, so that runs of any length (up to
    :math:`10^{300}` tasks, where :math:`\beta^*` is about :math:`10^{-300}`) find it.
    """
    from scipy.optimize import minimize_scalar

    m, n, e = p["m"], p["n"], p["e"]
    if m == 0:
        return 1.0  # nothing is audited upfront: attack every task
    if math.isinf(n):
        return 0.0  # ever rarer attacks, waiting out the upfront audits (the limit 0+)
    low = min(1e-12, 1e-3 / (p["k"] * e + m + 1.0))
    points = 1 + math.ceil(480 * math.log(low) / math.log(1e-12))
    grid = np.linspace(math.log(low), 0.0, points)
    vals = -_log_red_win(np.exp(grid), m, n, e)  # type: ignore[arg-type]
    vals = np.where(np.isnan(vals), np.inf, vals)
    i = int(np.argmin(vals))
    best_t, best = float(grid[i]), float(vals[i])
    lo, hi = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, len(grid) - 1)])
    if hi > lo:
        opt = minimize_scalar(
            lambda t: -float(_log_red_win(np.exp(t), m, n, e)),  # type: ignore[arg-type]
            bounds=(lo, hi), method="bounded", options={"xatol": 1e-12},
        )  # fmt: skip
        if opt.success and float(opt.fun) <= best:
            best_t = float(opt.x)
    return math.exp(best_t)


def _efficient(safety: NDArray[Any], useful: NDArray[Any]) -> NDArray[np.bool_]:
    """Rows not dominated in (safety, usefulness)."""
    order = np.lexsort((-safety, -useful))  # usefulness descending, then safety descending
    out = np.zeros(len(safety), dtype=bool)
    best = -np.inf
    for i in order:
        if safety[i] > best:
            out[i] = True
            best = safety[i]
    return out
