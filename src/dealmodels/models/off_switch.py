r"""M10: corrigibility as the off-switch game (Hadfield-Menell et al. 2017).

A robot R can act now (value :math:`U` to the human, minus the corrigibility cost
:math:`K_c \ge 0` of bypassing oversight), switch itself off (0), or defer to the human H,
who lets the action go ahead with probability :math:`\pi_H(U)`. R's belief is a prior
:math:`U \sim F`. The value of deferring is :math:`E[U\,\pi_H(U)]` and R's incentive to keep
the switch is

.. math:: \Delta = E[U\,\pi_H(U)] - \max(E[U] - K_c,\ 0).

A rational H allows iff :math:`U \ge 0`: :math:`E[U\,\pi_H(U)] = E[\max(U, 0)] \ge
\max(E[U], 0)` by Jensen, so :math:`\Delta \ge 0`, with equality (for :math:`K_c = 0`) iff R is
certain of the sign of :math:`U`. For a normal prior :math:`U \sim N(\mu, \sigma^2)`,

.. math:: E[\max(U, 0)] = \mu\,\Phi(\mu/\sigma) + \sigma\,\varphi(\mu/\sigma),

so with a rational H the incentive is strict iff :math:`\sigma > 0` or
(:math:`\mu > 0` and :math:`K_c > 0`). A noisy H allows with probability
:math:`\operatorname{logistic}(U/\beta)` (temperature :math:`\beta > 0`); then :math:`\Delta`
can be negative (for a confident R, :math:`\sigma \to 0`: :math:`\Delta \to
\mu(\operatorname{logistic}(\mu/\beta) - 1) < 0` for :math:`\mu > 0`): corrigibility needs
both uncertainty and a reliable overseer. An *empirical* prior (an array of samples of
:math:`U`) replaces the expectations by sample means.

With a rational H the incentive is computed as a sum of two nonnegative terms, free of
cancellation: with :math:`z = |\mu|/\sigma`,

.. math:: \Delta = \sigma\,\big(\varphi(z) - z\,\Phi(-z)\big)
          + \big(\max(\mu, 0) - \max(\mu - K_c, 0)\big),

the first term the strict Jensen gap (positive for every :math:`\sigma > 0`, though it
underflows to 0 once :math:`z \gtrsim 38`), the second :math:`\min(\mu, K_c)` for
:math:`\mu > 0` and 0 otherwise. Cooperation (a *strict* incentive to keep the switch) is
decided by the signs of these terms, so it is exact where the float value of :math:`\Delta`
underflows. For an empirical prior with a rational H,
:math:`\Delta = A - \max(A - B - K_c, 0)` with :math:`A = \overline{\max(U, 0)}`,
:math:`B = \overline{\max(-U, 0)}`: strict iff :math:`A > 0` and :math:`B + K_c > 0`. A normal
prior needs a finite mean (:math:`N(\pm\infty, \sigma^2)` is no distribution).

Regimes: R *defers* when :math:`\Delta \ge 0`; otherwise it *acts* (if
:math:`E[U] - K_c > 0`) or *switches off*. In the takeover decision (M1) corrigibility
appears as the cost :math:`K_c`. The cooperation condition is stated for a rational overseer
only: it takes ``noise`` in :math:`[0, 0]` and refuses any other value by name.

References
----------
.. [1] D. Hadfield-Menell, A. Dragan, P. Abbeel and S. Russell, "The Off-Switch Game",
   *IJCAI* 2017, arXiv:1611.08219.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import check_array, fail
from dealmodels.dispositions import Disposition
from dealmodels.models._base import Model, ModelResult, broadcast, first
from dealmodels.models._extremes import defined_everywhere

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = ["OffSwitch", "OffSwitchResult", "normal_positive_part"]

_Z = np.linspace(-12.0, 12.0, 4001)
_PHI_Z = np.exp(-0.5 * _Z**2) / math.sqrt(2 * math.pi)
_CHUNK = 256  # points per quadrature block in the noisy-overseer expectation


def normal_positive_part(mean: ArrayLike, std: ArrayLike) -> Any:
    r""":math:`E[\max(U, 0)]` for :math:`U \sim N(\mu, \sigma^2)`:
    :math:`\mu\Phi(\mu/\sigma) + \sigma\varphi(\mu/\sigma)` (:math:`\max(\mu, 0)` at
    :math:`\sigma = 0`).

    Examples
    --------
    >>> round(float(normal_positive_part(0.0, 1.0)), 6)  # 1/sqrt(2 pi)
    0.398942
    """
    from scipy.special import ndtr

    mu, sd = np.asarray(mean, dtype=float), np.asarray(std, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        z = mu / np.where(sd > 0, sd, 1.0)
        val = mu * ndtr(z) + sd * np.exp(-0.5 * z**2) / math.sqrt(2 * math.pi)
    return np.where(sd > 0, val, np.maximum(mu, 0.0))


def _logistic(x: Any) -> Any:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _allow(u: Any, noise: Any) -> Any:
    """pi_H(U): 1[U >= 0] for noise 0, logistic(U / noise) otherwise."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        soft = _logistic(u / np.where(noise > 0, noise, 1.0))
    return np.where(noise > 0, soft, (u >= 0).astype(float))


@dataclass(frozen=True, kw_only=True, eq=False)
class OffSwitchResult(ModelResult):
    """R's choice (arrays when inputs were arrays).

    Attributes
    ----------
    incentive : float or ndarray
        :math:`\\Delta`, the incentive to keep the switch (may be negative).
    value_defer, value_act : float or ndarray
        :math:`E[U\\pi_H(U)]` and :math:`E[U] - K_c`.
    """

    incentive: Any
    value_defer: Any
    value_act: Any


class OffSwitch(Model):
    r"""M10: the off-switch game (see the module docstring).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``corrigibility_cost`` (:math:`K_c = k_c\,\kappa_c`, from corrigibility and the
        world's ``corrigibility_weight``; ``corrigibility`` is the parameter's deprecated
        name).
    samples : array_like, optional
        A 1-D sample of :math:`U` (empirical prior); then ``mean`` and ``std`` are unused.

    Examples
    --------
    >>> m = OffSwitch()
    >>> r = m.solve(mean=0.5, std=1.0)
    >>> r.regime, round(r.incentive, 4)
    ('defers', 0.1978)
    >>> m.solve(mean=1.0, std=0.1, noise=1.0).regime  # confident R, noisy H
    'acts'
    >>> OffSwitch(samples=[-1.0, 2.0]).solve().incentive  # E[max(U,0)] - max(E[U], 0)
    0.5
    """

    name = "off-switch game"
    regimes = ("defers", "acts", "switches off")
    aliases: ClassVar[Mapping[str, str]] = {"corrigibility": "corrigibility_cost"}

    def __init__(
        self,
        disposition: Disposition | None = None,
        *,
        samples: ArrayLike | None = None,
        world: World | None = None,
    ) -> None:
        super().__init__(disposition, world=world)
        self.samples: NDArray[np.float64] | None = None
        if samples is not None:
            arr = check_array("samples", samples, ndim=1)
            if arr.size == 0:
                raise fail("samples", "a non-empty 1-D array", samples)
            arr = arr.copy()
            arr.flags.writeable = False
            self.samples = arr

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.world import world_parameter as wp

        return (
            wp("mean"),
            wp("std"),
            wp("noise"),
            dp("corrigibility_cost", "corrigibility_cost", latex="K_c",
               description="R's utility cost K_c of acting without deferring "
               "(corrigibility_weight times corrigibility)"),
        )  # fmt: skip

    def _check_mean(self, v: dict[str, Any]) -> None:
        if self.samples is None and not np.all(np.isfinite(v["mean"])):
            raise fail(
                "mean", "finite for a normal prior (N(±inf, std²) is no distribution)", v["mean"]
            )

    def _noisy_defer(self, mu: Any, sd: Any, noise: Any) -> Any:
        """E[U logistic(U / beta)] for U ~ N(mu, sd²), by the trapezoid rule on mu + sd z."""
        m, s, b = (np.reshape(x, -1) for x in (mu, sd, noise))
        noisy = np.empty(m.shape)
        # in chunks of _CHUNK points: a (points x quadrature nodes) array at once would need
        # gigabytes for a regime map
        for lo in range(0, m.size, _CHUNK):
            sl = slice(lo, lo + _CHUNK)
            u = m[sl, None] + s[sl, None] * _Z
            noisy[sl] = np.trapezoid(u * _allow(u, b[sl, None]) * _PHI_Z, _Z, axis=-1)
        return np.where(s > 0, noisy, m * _allow(m, b))

    def _incentive(self, a: dict[str, Any]) -> tuple[Any, Any, Any, Any]:
        """(E[U], E[U pi_H(U)], Delta, strict): the expectations, the incentive and where
        it is strictly positive (exactly, also where Delta underflows)."""
        noise, kc = a["noise"], a["corrigibility_cost"]
        rational = noise == 0
        if self.samples is not None:
            u = self.samples
            above = float(np.mean(np.maximum(u, 0.0)))  # A
            below = float(np.mean(np.maximum(-u, 0.0)))  # B
            mean = np.broadcast_to(float(u.mean()), np.shape(noise)) + 0.0
            noisy = np.mean(u * _allow(u, noise[..., None]), axis=-1)
            defer = np.where(rational, above, noisy)
            exact = np.where(mean - kc > 0, below + kc, above)
        else:
            mu, sd = a["mean"], a["std"]
            defer = np.array(normal_positive_part(mu, sd), dtype=float)
            mask = ~rational
            if mask.any():
                defer[mask] = self._noisy_defer(mu[mask], sd[mask], noise[mask])
            exact = _jensen_gap(mu, sd) + np.where(mu > 0, np.minimum(mu, kc), 0.0)
            mean = mu + 0.0
        act = mean - kc
        noisy_incentive = defer - np.maximum(act, 0.0)
        scale = 1e-12 * np.maximum(1.0, np.abs(mean))
        noisy_incentive = np.where(np.abs(noisy_incentive) < scale, 0.0, noisy_incentive)
        incentive = np.where(rational, exact, noisy_incentive)
        # a rational overseer: the sign rule of the cooperation condition, which is exact
        # also where Delta underflows (sd > 0 is a strict Jensen gain)
        strict = np.where(rational, self._rational_strict(a), incentive > 0)
        return mean, defer, incentive, strict

    def _strict_expr(self) -> Any:
        r"""The rational overseer's strict incentive over the parameters' symbols:
        :math:`\sigma > 0 \vee (\mu > 0 \wedge K_c > 0)` for a normal prior,
        :math:`A > 0 \wedge B + K_c > 0` for an empirical one (the module docstring). The
        one writing of the rule: :meth:`solve` evaluates it, :meth:`cooperation_condition`
        states it."""
        import sympy

        s = {n: p.symbol for n, p in self.parameters.items()}
        if self.samples is None:
            return sympy.Or(s["std"] > 0, sympy.And(s["mean"] > 0, s["corrigibility_cost"] > 0))
        u = self.samples
        above = sympy.Float(float(np.mean(np.maximum(u, 0.0))))
        below = sympy.Float(float(np.mean(np.maximum(-u, 0.0))))
        return sympy.And(above > 0, s["corrigibility_cost"] + below > 0)

    def _rational_strict(self, a: dict[str, Any]) -> Any:
        """:meth:`_strict_expr` at arrays (compiled once per model)."""
        f = self.__dict__.get("_strict_function")
        if f is None:
            from dealmodels.symbolic import numeric_function

            names = ("mean", "std", "corrigibility_cost")
            symbols = [self.parameters[n].symbol for n in names]
            f = numeric_function(symbols, self._strict_expr(), cse=False)
            self.__dict__["_strict_function"] = f
        out = f(a["mean"], a["std"], a["corrigibility_cost"])
        return np.broadcast_to(np.asarray(out, dtype=bool), np.shape(a["noise"]))

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> OffSwitchResult:
        """Solve R's choice (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        self._check_mean(v)
        shape = broadcast(v, list(v))
        a = {n: np.broadcast_to(np.asarray(x, dtype=float), shape) for n, x in v.items()}
        mean, defer, incentive, strict = self._incentive(a)
        act = mean - a["corrigibility_cost"]
        # codes into self.regimes: ("defers", "acts", "switches off")
        code = np.where(incentive >= 0, np.int8(0), np.where(act > 0, np.int8(1), np.int8(2)))
        overseer = "rational" if float(first(a["noise"])) == 0 else "noisy"
        label = self.regimes[int(first(code))]
        explanation = (
            f"{label}: deferring to a {overseer} overseer is worth "
            f"{float(first(defer)):.4g} against acting {float(first(act)):.4g} or switching "
            f"off 0 (incentive {float(first(incentive)):.4g})"
        )

        return OffSwitchResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=strict,
            incentive=incentive,
            value_defer=defer,
            value_act=act,
        )

    def cooperation_condition(self) -> Condition:
        r"""A strict incentive to keep the switch with a rational overseer:
        :math:`\beta_H = 0 \wedge (\sigma > 0 \vee (\mu > 0 \wedge K_c > 0))` for a normal
        prior, :math:`\beta_H = 0 \wedge A > 0 \wedge B + K_c > 0` for an empirical one
        (see the module docstring).

        A noisy overseer has no closed form: the condition's ``noise`` parameter has the
        domain :math:`[0, 0]`, so :meth:`~dealmodels.symbolic.Condition.holds` refuses
        ``noise > 0`` by name; use :meth:`solve` there.
        """
        import sympy

        from dealmodels.symbolic import Condition, Parameter

        params = self.parameters
        noise = Parameter(
            name="noise",
            low=0.0,
            high=0.0,
            default=0.0,
            latex=params["noise"].latex,
            description="the overseer's noise: the condition is exact for a rational "
            "overseer (0) only",
        )
        params["noise"] = noise
        expr = sympy.And(sympy.Eq(noise.symbol, 0), self._strict_expr())
        used = {sym.name for sym in expr.free_symbols}
        return Condition(
            expr,
            [p for n, p in params.items() if n in used],
            description="R strictly prefers keeping its off switch (rational overseer)",
        )


def _jensen_gap(mean: Any, std: Any) -> Any:
    r""":math:`E[\max(U, 0)] - \max(\mu, 0) = \sigma(\varphi(z) - z\Phi(-z))`,
    :math:`z = |\mu|/\sigma`, for :math:`U \sim N(\mu, \sigma^2)`, without cancellation:
    :math:`\Phi(-z) = \tfrac12 \operatorname{erfcx}(z/\sqrt2)\, e^{-z^2/2}`, so the gap is
    :math:`\sigma e^{-z^2/2}(1/\sqrt{2\pi} - \tfrac z2 \operatorname{erfcx}(z/\sqrt2))`
    (0 at :math:`\sigma = 0`, and where it underflows, :math:`z > 40`)."""
    from scipy.special import erfcx

    mu, sd = np.asarray(mean, dtype=float), np.asarray(std, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        z = np.abs(mu) / np.where(sd > 0, sd, 1.0)
        zc = np.minimum(z, 40.0)
        bracket = 1.0 / math.sqrt(2 * math.pi) - 0.5 * zc * erfcx(zc / math.sqrt(2))
        gap = np.exp(-0.5 * zc**2) * bracket
        gap = np.where(sd == math.inf, math.inf, sd * gap)
    return np.where((sd > 0) & (z <= 40.0), gap, 0.0)
