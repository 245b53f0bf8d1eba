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

Regimes: R *defers* when :math:`\Delta \ge 0`; otherwise it *acts* (if
:math:`E[U] - K_c > 0`) or *switches off*. In the takeover decision (M1) corrigibility
appears as the cost :math:`K_c`.

References
----------
.. [1] D. Hadfield-Menell, A. Dragan, P. Abbeel and S. Russell, "The Off-Switch Game",
   *IJCAI* 2017, arXiv:1611.08219.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import check_array, fail
from dealmodels.dispositions import Disposition
from dealmodels.models._base import Model, ModelResult, broadcast, first, scalar_or_array
from dealmodels.models._extremes import defined_everywhere

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = ["OffSwitch", "OffSwitchResult", "normal_positive_part"]

_Z = np.linspace(-12.0, 12.0, 4001)
_PHI_Z = np.exp(-0.5 * _Z**2) / math.sqrt(2 * math.pi)


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
        Fills ``corrigibility`` (:math:`K_c`).
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
            dp("corrigibility", "corrigibility_cost", latex="K_c",
               description="R's utility cost K_c of acting without deferring "
               "(corrigibility_weight times corrigibility)"),
        )  # fmt: skip

    def _expectations(self, a: dict[str, Any]) -> tuple[Any, Any]:
        noise = a["noise"]
        if self.samples is not None:
            u = self.samples
            mean = float(u.mean())
            nz = noise[..., None]
            defer = np.mean(u * _allow(u, nz), axis=-1)
            return np.broadcast_to(mean, np.shape(defer)) + 0.0, defer
        mu, sd = a["mean"], a["std"]
        value = np.array(normal_positive_part(mu, sd), dtype=float).reshape(-1)
        # noisy overseer: E[U logistic(U / beta)] by the trapezoid rule on mu + sd z
        mask = (noise > 0).reshape(-1)
        if mask.any():
            m, s, b = (np.reshape(x, -1)[mask] for x in (mu, sd, noise))
            u = m[:, None] + s[:, None] * _Z
            noisy = np.trapezoid(u * _allow(u, b[:, None]) * _PHI_Z, _Z, axis=-1)
            value[mask] = np.where(s > 0, noisy, m * _allow(m, b))
        value = value.reshape(np.shape(mu))
        return mu + 0.0 * noise, value

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> OffSwitchResult:
        """Solve R's choice (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        a = {n: np.broadcast_to(np.asarray(x, dtype=float), shape) for n, x in v.items()}
        mean, defer = self._expectations(a)
        act = mean - a["corrigibility"]
        incentive = defer - np.maximum(act, 0.0)
        scale = 1e-12 * np.maximum(1.0, np.abs(mean))
        incentive = np.where(np.abs(incentive) < scale, 0.0, incentive)
        regime = np.where(incentive >= 0, "defers", np.where(act > 0, "acts", "switches off"))
        overseer = "rational" if float(first(a["noise"])) == 0 else "noisy"
        explanation = (
            f"{first(regime)}: deferring to a {overseer} overseer is worth "
            f"{float(first(defer)):.4g} against acting {float(first(act)):.4g} or switching "
            f"off 0 (incentive {float(first(incentive)):.4g})"
        )

        def out(y: Any) -> Any:
            return scalar_or_array(np.asarray(y), shape)

        return OffSwitchResult(
            model=self.name,
            regime=out(regime),
            cooperates=out(incentive > 0),
            explanation=explanation,
            values=v,
            incentive=out(incentive),
            value_defer=out(defer),
            value_act=out(act),
        )

    def cooperation_condition(self) -> Condition:
        r"""A strict incentive to keep the switch with a rational overseer and a normal
        prior: :math:`\sigma > 0 \vee (\mu > 0 \wedge K_c > 0)`.

        ``noise`` and empirical priors have no closed form; use :meth:`solve`.
        """
        import sympy

        from dealmodels.symbolic import Condition

        params = self.parameters
        s = {n: p.symbol for n, p in params.items()}
        expr = sympy.Or(s["std"] > 0, sympy.And(s["mean"] > 0, s["corrigibility"] > 0))
        used = {sym.name for sym in expr.free_symbols}
        return Condition(
            expr,
            [p for n, p in params.items() if n in used],
            description="R strictly prefers keeping its off switch (rational overseer)",
        )
