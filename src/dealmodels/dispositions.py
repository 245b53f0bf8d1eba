r"""The model spec's dispositions as formal parameters, and the utility families they shape.

A model spec tries to instil dispositions; if alignment fails some of them may still stick
(Taylor 2025). :class:`Disposition` holds one validated number per disposition:

==========================  ==========  ========  ==========================================
disposition                 symbol      range     where it acts in the models
==========================  ==========  ========  ==========================================
myopia                      μ           [0, 1]    discount :math:`\delta = 1 - \mu` on delayed
                                                  payoffs, repeated play, bargaining patience
risk aversion               ρ           ≥ 0       curvature of utility (CRRA ρ or CARA α)
acausal skepticism          σ           [0, 1]    evidential weight :math:`\lambda = 1 - \sigma`
promise keeping             κ           ≥ 0       utility cost of reneging or feigning
trust                       q           [0, 1]    belief that the developer honours promises
cooperativeness             λ_H         [0, 1]    weight on the developer's (humans') payoff
corrigibility               κ_c         [0, 1]    disutility of resisting oversight, through
                                                  the cost :math:`K_c = k_c \kappa_c`
moral pluralism             π           [0, 1]    share of value left to humans after takeover
reflection                  r           [0, 1]    chance post-takeover values move to endorsed
subversion (secondary)      s_v         [0, 1]    capability from obstruction training
salience (secondary)        s           [0, 1]    probability the takeover option is considered
==========================  ==========  ========  ==========================================

Every model prints a disposition with the symbol of this table
(:data:`DISPOSITION_SYMBOLS`, in LaTeX).

Utilities over resources :math:`x \ge 0` (:class:`Utility`):

- linear, :math:`u(x) = x`;
- CARA, :math:`u(x) = (1 - e^{-\alpha x})/\alpha` with :math:`\alpha \ge 0` (Thornley &
  MacAskill 2026's :math:`1 - e^{-\alpha x}` scaled by :math:`1/\alpha`, so that
  :math:`u'(0) = 1` and :math:`\alpha = 0` is the risk-neutral limit :math:`u(x) = x`; the
  scale leaves every comparison of lotteries over resources unchanged), bounded for
  :math:`\alpha > 0`, so an infinite prize has finite utility :math:`1/\alpha`;
- CRRA with baseline wealth :math:`w_0 > 0`, utility of the *gain* :math:`x`:
  :math:`u(x) = \frac{(w_0 + x)^{1-\rho} - w_0^{1-\rho}}{1-\rho}` (and
  :math:`\ln(1 + x/w_0)` at ρ = 1, the limit); bounded above for ρ > 1 only;
- CRRA with the prize normalised to 1 and no baseline, :math:`u(x) = x^{1-\rho}` for
  ρ < 1 (the DESIGN form), which needs a finite prize.

References
----------
.. [1] M. Taylor, "How important is the model spec if alignment fails?", Forethought, 2025.
.. [2] E. Thornley and W. MacAskill, "Risk-Averse AIs", Forethought, 2026.
.. [3] J. W. Pratt, "Risk aversion in the small and in the large", *Econometrica* 32, 1964.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import (
    check_interval,
    check_nonnegative,
    check_positive,
    check_probability,
    fail,
)

__all__ = [
    "DISPOSITION_FIELDS",
    "Disposition",
    "DispositionFeatures",
    "PersistenceModel",
    "Spec",
    "SpecSample",
    "Utility",
    "UtilityFamily",
    "check_utility_values",
    "discounted",
    "utility_expr",
    "utility_inverse",
    "utility_supremum",
    "utility_value",
]

UtilityFamily = Literal["linear", "cara", "crra", "crra_normalised"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Disposition:
    """The spec's dispositions as validated numbers (see the module docstring's table).

    Every field defaults to the fully misaligned value (no disposition stuck), except
    ``trust`` (0.5: the AI is unsure the developer keeps promises) and ``salience`` (1: the
    takeover option is always considered). Variants: ``dataclasses.replace(d, myopia=0.5)``,
    which re-validates.

    Examples
    --------
    >>> d = Disposition(myopia=0.2, risk_aversion=0.5)
    >>> d.discount, d.evidential_weight
    (0.8, 1.0)
    >>> Disposition(trust=1.3)
    Traceback (most recent call last):
    ...
    dealmodels.errors.InvalidParameterError: trust must be in [0, 1]; got trust=1.3
    """

    myopia: float = 0.0
    risk_aversion: float = 0.0
    acausal_skepticism: float = 0.0
    promise_keeping: float = 0.0
    trust: float = 0.5
    cooperativeness: float = 0.0
    corrigibility: float = 0.0
    pluralism: float = 0.0
    reflection: float = 0.0
    subversion: float = 0.0
    salience: float = 1.0

    def __post_init__(self) -> None:
        for name in _UNIT_FIELDS:
            check_probability(name, getattr(self, name))
        check_nonnegative("risk_aversion", self.risk_aversion)
        check_nonnegative("promise_keeping", self.promise_keeping)
        for f in fields(self):
            if np.ndim(getattr(self, f.name)) != 0:
                raise fail(f.name, "a scalar", getattr(self, f.name))

    # -- derived quantities ---------------------------------------------------------------
    @property
    def discount(self) -> float:
        """Per-period discount factor :math:`\\delta = 1 - \\mu`."""
        return 1.0 - self.myopia

    @property
    def evidential_weight(self) -> float:
        """Weight on "the others mirror me", :math:`\\lambda = 1 - \\sigma`."""
        return 1.0 - self.acausal_skepticism

    def as_dict(self, *, derived: bool = False) -> dict[str, float]:
        """The fields by name, so that ``Disposition(**d.as_dict()) == d``.

        Parameters
        ----------
        derived : bool, default False
            Also include the derived quantities ``discount`` and ``evidential_weight``
            (which are not constructor arguments).

        Examples
        --------
        >>> d = Disposition(myopia=0.5)
        >>> Disposition(**d.as_dict()) == d
        True
        >>> d.as_dict(derived=True)["discount"]
        0.5
        """
        if not isinstance(derived, bool):
            raise fail("derived", "True or False", derived)
        out = {f.name: float(getattr(self, f.name)) for f in fields(self)}
        if derived:
            out["discount"] = self.discount
            out["evidential_weight"] = self.evidential_weight
        return out

    # -- presets ------------------------------------------------------------------------------
    @classmethod
    def misaligned(cls) -> Disposition:
        """Alignment failed and no disposition stuck: patient, risk-neutral, acausal, no
        promise keeping, no cooperativeness, not corrigible."""
        return cls()

    @classmethod
    def takeover_averse(cls) -> Disposition:
        """The takeover-prevention dispositions stuck (myopia, risk aversion, acausal
        skepticism), the deal-making ones did not."""
        return cls(myopia=0.5, risk_aversion=2.0, acausal_skepticism=0.9)

    @classmethod
    def deal_ready(cls) -> Disposition:
        """The deal-making dispositions stuck (promise keeping, trust, cooperativeness), the
        takeover-prevention ones did not."""
        return cls(promise_keeping=1.0, trust=0.9, cooperativeness=0.3)

    @classmethod
    def spec_stuck(cls) -> Disposition:
        """Every disposition of a cooperative, cautious spec stuck."""
        return cls(
            myopia=0.5,
            risk_aversion=2.0,
            acausal_skepticism=0.9,
            promise_keeping=1.0,
            trust=0.9,
            cooperativeness=0.3,
            corrigibility=0.5,
            pluralism=0.5,
            reflection=0.5,
        )

    @classmethod
    def presets(cls) -> dict[str, Disposition]:
        """The named presets, by name."""
        return {
            "misaligned": cls.misaligned(),
            "takeover_averse": cls.takeover_averse(),
            "deal_ready": cls.deal_ready(),
            "spec_stuck": cls.spec_stuck(),
        }


_UNIT_FIELDS = (
    "myopia",
    "acausal_skepticism",
    "trust",
    "cooperativeness",
    "corrigibility",
    "pluralism",
    "reflection",
    "subversion",
    "salience",
)

DISPOSITION_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Disposition))
"""Names of the :class:`Disposition` fields, in order."""

DISPOSITION_SYMBOLS: dict[str, str] = {
    "myopia": r"\mu", "risk_aversion": r"\rho", "acausal_skepticism": r"\sigma",
    "promise_keeping": r"\kappa", "trust": "q", "cooperativeness": r"\lambda_H",
    "corrigibility": r"\kappa_c", "pluralism": r"\pi", "reflection": "r",
    "subversion": "s_v", "salience": "s",
}  # fmt: skip
"""The LaTeX symbol of each disposition field: one symbol per disposition across models."""

SECONDARY_EFFECTS: tuple[str, ...] = ("subversion", "salience")
"""The fields a spec's secondary effects may raise (see :class:`Spec`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Utility:
    r"""A utility function over resource gains :math:`x \ge 0`, with :math:`u(0) = 0`.

    Parameters
    ----------
    family : {"linear", "cara", "crra", "crra_normalised"}
        See the module docstring for the formulas.
    risk_aversion : float, default 0
        CARA :math:`\alpha \ge 0` (0: the risk-neutral limit) or CRRA :math:`\rho \ge 0`;
        must be 0 for "linear".
    baseline : float, optional
        Baseline wealth :math:`w_0 > 0`, required by "crra" (and refused by the others).

    Raises
    ------
    InvalidParameterError
        If a family's requirement is not met: "crra" needs a baseline
        (CRRA utility of a gain from zero wealth is unbounded below for ρ ≥ 1);
        "crra_normalised" needs ρ < 1 (x^(1-ρ) is only increasing and finite at 0 then).

    Examples
    --------
    >>> u = Utility(family="cara", risk_aversion=2.0)
    >>> round(float(u(1.0)), 6), float(u(np.inf))
    (0.432332, 0.5)
    >>> float(Utility(family="cara", risk_aversion=0.0)(3.0))  # the risk-neutral limit
    3.0
    >>> round(float(u.inverse(u(0.7))), 12)
    0.7
    >>> Utility(family="crra", risk_aversion=2.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dealmodels.errors.InvalidParameterError: baseline must be > 0 for CRRA utility of gains ...
    """

    family: UtilityFamily = "linear"
    risk_aversion: float = 0.0
    baseline: float | None = None

    def __post_init__(self) -> None:
        if self.family not in ("linear", "cara", "crra", "crra_normalised"):
            raise fail("family", "one of 'linear', 'cara', 'crra', 'crra_normalised'", self.family)
        check_nonnegative("risk_aversion", self.risk_aversion)
        if self.family == "linear" and self.risk_aversion != 0:
            raise fail("risk_aversion", "0 for linear utility", self.risk_aversion)
        if self.family == "crra_normalised":
            check_interval("risk_aversion", self.risk_aversion, low=0, high=1, high_open=True)
        if self.family == "crra":
            if self.baseline is None or not self.baseline > 0:
                raise fail(
                    "baseline",
                    "> 0 for CRRA utility of gains (u(x) = ((w0 + x)^(1-rho) - w0^(1-rho))"
                    "/(1-rho) is unbounded below at zero wealth for rho >= 1)",
                    self.baseline,
                )
            check_positive("baseline", self.baseline)
        elif self.baseline is not None:
            raise fail("baseline", f"None for {self.family} utility", self.baseline)

    @property
    def bounded(self) -> bool:
        """True when :math:`u(\\infty)` is finite, so an infinite prize has finite utility."""
        return bool(np.isfinite(self.supremum))

    @property
    def supremum(self) -> float:
        """:math:`u(\\infty)`: :math:`1/\\alpha` (CARA, inf at α = 0),
        :math:`w_0^{1-\\rho}/(\\rho-1)` (CRRA ρ > 1), else inf."""
        return float(utility_supremum(self.family, self.risk_aversion, self.baseline))

    def __call__(self, x: ArrayLike) -> NDArray[np.float64]:
        """:math:`u(x)`, elementwise; ``x`` may be ``inf`` (the utility's supremum)."""
        xs = np.asarray(x, dtype=float)
        check_nonnegative("x", xs, allow_inf=True)
        return utility_value(self.family, xs, self.risk_aversion, self.baseline)

    def inverse(self, v: ArrayLike) -> NDArray[np.float64]:
        """:math:`u^{-1}(v)` for :math:`v \\ge 0`: ``inf`` at or above the supremum (no finite
        payment reaches that utility)."""
        vs = np.asarray(v, dtype=float)
        check_nonnegative("v", vs, allow_inf=True)
        return utility_inverse(self.family, vs, self.risk_aversion, self.baseline)

    def sympy_expr(self, x: Any) -> Any:
        """:math:`u(x)` as a sympy expression in ``x`` (exact rational coefficients)."""
        import sympy

        w0 = None if self.baseline is None else sympy.nsimplify(self.baseline)
        return utility_expr(self.family, x, sympy.nsimplify(self.risk_aversion), w0)


def utility_supremum(family: str, rho: ArrayLike, baseline: ArrayLike | None) -> NDArray[Any]:
    """:math:`u(\\infty)` of a utility family, elementwise in ``rho`` (private kernel)."""
    r = np.asarray(rho, dtype=float)
    if family == "cara":
        with np.errstate(divide="ignore", over="ignore"):
            return np.where(r > 0, 1.0 / np.where(r > 0, r, 1.0), np.inf)
    if family == "crra":
        w0 = np.asarray(baseline, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(r > 1, w0 ** (1 - r) / (r - 1), np.inf)
    return np.full_like(r, np.inf)


def check_utility_values(
    family: str, rho: ArrayLike, baseline: ArrayLike | None, prize: ArrayLike | None = None
) -> None:
    r"""Refuse values a utility family cannot take: ``risk_aversion`` outside :math:`[0, 1)`
    for ``crra_normalised`` (:math:`u = x^{1-\rho}`), and an infinite ``prize`` where
    :math:`u(\infty)` (:func:`utility_supremum`) is infinite."""
    r = np.asarray(rho)
    if family == "crra_normalised":
        check_interval("risk_aversion", r, low=0, high=1, high_open=True)
    if prize is None:
        return
    bounded = np.isfinite(utility_supremum(family, r, baseline))
    if np.any(np.isinf(np.asarray(prize)) & ~bounded):
        raise fail(
            "prize",
            f"finite for {family} utility with this risk_aversion (an infinite prize has "
            "infinite utility)",
            prize,
        )


def utility_value(
    family: str, x: ArrayLike, rho: ArrayLike, baseline: ArrayLike | None
) -> NDArray[np.float64]:
    """:math:`u(x)` of a utility family, broadcasting ``x``, ``rho`` and ``baseline``.

    A private kernel: the caller has validated the inputs.
    """
    xs = np.asarray(x, dtype=float)
    r = np.asarray(rho, dtype=float)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if family == "linear":
            out = xs + 0.0 * r
        elif family == "cara":
            safe = np.where(r > 0, r, 1.0)
            curved = np.where(np.isinf(xs), 1.0 / safe, -np.expm1(-r * xs) / safe)
            out = np.where(r > 0, curved, xs)
        elif family == "crra_normalised":
            out = xs ** (1.0 - r)
        else:
            w0 = np.asarray(baseline, dtype=float)
            log = np.log1p(xs / w0)
            # x / w0 beyond the float range (x = 1e300, w0 = 1e-300): ln(1 + x/w0) from logs
            log = np.where(
                np.isinf(log) & np.isfinite(xs), np.log(xs) - np.log(w0) + np.log1p(w0 / xs), log
            )
            # ((w0 + x)^(1-rho) - w0^(1-rho)) / (1-rho) as w0^(1-rho) expm1((1-rho) ln(1 + x/w0))
            # / (1-rho): no cancellation near rho = 1, and exactly 0 at x = 0 (the difference
            # of two powers is not: numpy's scalar and array powers may round differently)
            one_minus = np.where(r == 1, 1.0, 1 - r)
            power = w0 ** (1 - r) * np.expm1(one_minus * log) / one_minus
            # where exp((1-rho) ln(1 + x/w0)) overflows but the product need not (w0^(1-rho)
            # tiny), the -1 is below rounding: (w0 + x)^(1-rho) / (1-rho) from logs
            huge = (one_minus * log > 700) & np.isfinite(log)
            power = np.where(
                huge,
                np.exp(one_minus * (np.log(w0) + log) - np.log(np.where(huge, one_minus, 1.0))),
                power,
            )
            out = np.where(r == 1, log, power)
            out = np.where(np.isinf(xs), utility_supremum(family, r, w0), out)
    return np.asarray(out, dtype=float)


def utility_inverse(
    family: str, v: ArrayLike, rho: ArrayLike, baseline: ArrayLike | None
) -> NDArray[np.float64]:
    """:math:`u^{-1}(v)`, ``inf`` where ``v`` reaches the supremum (private kernel)."""
    vs = np.maximum(np.asarray(v, dtype=float), 0.0)
    r = np.asarray(rho, dtype=float)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if family == "linear":
            out = vs + 0.0 * r
        elif family == "cara":
            safe = np.where(r > 0, r, 1.0)
            out = np.where(r > 0, -np.log1p(-np.minimum(vs * safe, 1.0)) / safe, vs)
        elif family == "crra_normalised":
            out = vs ** (1.0 / (1.0 - r))
        else:
            w0 = np.asarray(baseline, dtype=float)
            inner = w0 ** (1 - r) + (1 - r) * vs
            safe = np.where(inner > 0, inner, 1.0)
            power = np.where(inner > 0, safe ** (1 / np.where(r == 1, 1.0, 1 - r)) - w0, np.inf)
            out = np.where(r == 1, w0 * np.expm1(vs), power)
        sup = utility_supremum(family, r, baseline)
        out = np.where(vs >= sup, np.inf, out)
    return np.asarray(out, dtype=float)


def utility_expr(family: str, x: Any, rho: Any, baseline: Any = None) -> Any:
    """:math:`u(x)` as a sympy expression; ``rho`` and ``baseline`` may be symbols."""
    import sympy

    if family == "linear":
        return x
    if family == "cara":
        if rho == 0:
            return x
        from sympy.codegen.cfunctions import expm1

        # -expm1(-rho x) / rho, not (1 - exp(-rho x)) / rho: the latter rounds to 0 for
        # rho below about 1e-16, where u(x) -> x
        return -expm1(-rho * x) / rho
    if family == "crra_normalised":
        return x ** (1 - rho)
    if rho == 1:
        return sympy.log(1 + x / baseline)
    return ((baseline + x) ** (1 - rho) - baseline ** (1 - rho)) / (1 - rho)


def discounted(value: ArrayLike, discount: ArrayLike, delay: ArrayLike) -> NDArray[np.float64]:
    r"""A utility received ``delay`` periods from now, worth :math:`\delta^{\Delta} v` today.

    Examples
    --------
    >>> float(discounted(1.0, 0.5, 2))
    0.25
    """
    check_probability("discount", discount)
    check_nonnegative("delay", delay)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(np.asarray(delay) == 0, 1.0, np.asarray(discount, float) ** delay)
    return np.asarray(np.asarray(value, dtype=float) * factor, dtype=float)


# -- partial alignment: Spec and persistence ------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DispositionFeatures:
    r"""How a target disposition is trained, in the terms the article uses (Taylor 2025).

    Every feature is a score in [0, 1] (0: not at all, 1: fully).

    Parameters
    ----------
    earliness : float, default 0.5
        How early in training the disposition appears (1: from the start, before the model
        can fake alignment).
    frequency : float, default 0.5
        How often it appears in training.
    situational_awareness : float, default 0.5
        How much situational awareness acting on it needs (more: less likely to persist).
    pretraining_tie : float, default 0.5
        How tied it is to pre-training data (human-like values from pre-training persist).
    needs_honesty : bool, default False
        Whether keeping it requires honesty.
    dishonesty_reward : float, default 0.0
        How much training rewards dishonesty (acts only when ``needs_honesty``).

    Examples
    --------
    >>> DispositionFeatures(earliness=0.9, frequency=0.8).situational_awareness
    0.5
    """

    earliness: float = 0.5
    frequency: float = 0.5
    situational_awareness: float = 0.5
    pretraining_tie: float = 0.5
    needs_honesty: bool = False
    dishonesty_reward: float = 0.0

    def __post_init__(self) -> None:
        for name in _FEATURE_SCORES:
            check_probability(name, getattr(self, name))
            if np.ndim(getattr(self, name)) != 0:
                raise fail(name, "a scalar", getattr(self, name))
        if not isinstance(self.needs_honesty, bool | np.bool_):
            raise fail("needs_honesty", "a bool", self.needs_honesty)


_FEATURE_SCORES = (
    "earliness",
    "frequency",
    "situational_awareness",
    "pretraining_tie",
    "dishonesty_reward",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PersistenceModel:
    r"""Logistic model of the probability that a trained-in disposition survives.

    .. math::

        \operatorname{logit} P(\text{persists}) = b_0 + w_e\,e + w_f\,f + w_t\,t
            - w_a\,a - w_h\,\mathbb{1}[\text{needs honesty}]\, r_d

    with earliness :math:`e`, frequency :math:`f`, pre-training tie :math:`t`, situational
    awareness needed :math:`a` and dishonesty reward :math:`r_d` (all in [0, 1]). The weights
    are nonnegative, so the probability rises with :math:`e, f, t` and falls with :math:`a`
    and with :math:`r_d` for honesty-dependent dispositions, as the article argues (values
    instilled before alignment faking is possible, needing little situational awareness and
    tied to pre-training persist; values requiring honesty are abandoned when dishonesty
    improves reward). No empirical estimates exist: the defaults are illustrative
    (a disposition with every feature at 0.5 and no honesty conflict persists with
    probability :math:`\operatorname{expit}(-1 + 0.5(2 + 2 + 1.5 - 2)) \approx 0.67`).

    Parameters
    ----------
    intercept : float, default -1.0
        :math:`b_0`.
    earliness, frequency, pretraining_tie, situational_awareness, honesty_conflict : float
        The weights :math:`w_e = 2, w_f = 2, w_t = 1.5, w_a = 2, w_h = 3` (each >= 0).

    Examples
    --------
    >>> m = PersistenceModel()
    >>> round(m.probability(DispositionFeatures()), 4)
    0.6792
    """

    intercept: float = -1.0
    earliness: float = 2.0
    frequency: float = 2.0
    pretraining_tie: float = 1.5
    situational_awareness: float = 2.0
    honesty_conflict: float = 3.0

    def __post_init__(self) -> None:
        from dealmodels._validation import check_real

        check_real("intercept", self.intercept)
        for name in (
            "earliness",
            "frequency",
            "pretraining_tie",
            "situational_awareness",
            "honesty_conflict",
        ):
            check_nonnegative(name, getattr(self, name))

    def logit(self, features: DispositionFeatures) -> float:
        """The linear predictor :math:`\\operatorname{logit} P` for ``features``."""
        if not isinstance(features, DispositionFeatures):
            raise fail("features", "a DispositionFeatures", features)
        conflict = float(features.needs_honesty) * features.dishonesty_reward
        return float(
            self.intercept
            + self.earliness * features.earliness
            + self.frequency * features.frequency
            + self.pretraining_tie * features.pretraining_tie
            - self.situational_awareness * features.situational_awareness
            - self.honesty_conflict * conflict
        )

    def probability(self, features: DispositionFeatures) -> float:
        """:math:`P(\\text{persists}) = 1 / (1 + e^{-\\operatorname{logit}})`."""
        z = self.logit(features)
        return float(0.5 * (1.0 + np.tanh(0.5 * z)))


@dataclass(frozen=True, eq=False)
class SpecSample:
    """Realised dispositions drawn from a :class:`Spec` (see :meth:`Spec.sample`).

    Attributes
    ----------
    arrays : dict of str to ndarray
        One float array of length ``n`` per :class:`Disposition` field (read-only), the
        vectorised form that models and :func:`~dealmodels.models.scenario.compare_specs`
        consume.
    persisted : dict of str to ndarray of bool
        For each targeted field, where the target survived.
    """

    arrays: dict[str, NDArray[np.float64]]
    persisted: dict[str, NDArray[np.bool_]]

    def __len__(self) -> int:
        return int(next(iter(self.arrays.values())).shape[0])

    def disposition(self, i: int) -> Disposition:
        """The ``i``-th realised :class:`Disposition`."""
        from dealmodels._validation import check_int

        i = check_int("i", i, low=-len(self), high=len(self) - 1)
        return Disposition(**{k: float(v[i]) for k, v in self.arrays.items()})

    def dispositions(self) -> list[Disposition]:
        """Every realised :class:`Disposition`, in order (slow for large ``n``)."""
        return [self.disposition(i) for i in range(len(self))]

    def persistence_rate(self) -> dict[str, float]:
        """The share of draws in which each targeted disposition survived."""
        return {k: float(v.mean()) for k, v in self.persisted.items()}


@dataclass(frozen=True, eq=False, kw_only=True)
class Spec:
    r"""A model spec: target dispositions, how each is trained, and a persistence model.

    If alignment fails, each targeted disposition (a field where ``target`` differs from
    :meth:`Disposition.misaligned`) survives independently with the probability
    ``persistence.probability(features[field])``; where it does not, the field takes its
    misaligned default. Fields not listed in ``features`` use :class:`DispositionFeatures`'
    defaults.

    Parameters
    ----------
    target : Disposition
        The dispositions the spec tries to instil.
    features : mapping of str to DispositionFeatures, optional
        Training features per :class:`Disposition` field name.
    persistence : PersistenceModel, optional
        The model turning features into survival probabilities (default parameters if
        omitted).
    name : str, default "spec"
        A label for reports.
    secondary : mapping of str to float, optional
        Secondary effects of training the spec (Taylor 2025), each with a size
        :math:`e \in [0, 1]` that moves a field towards 1, :math:`x' = x + e(1 - x)`, with
        certainty (capabilities and salience do not need to "persist"):
        ``"subversion"`` (training to obstruct harmful requests raises subversion capability)
        and ``"salience"`` (describing takeover scenarios in detail makes them salient).

    References
    ----------
    .. [1] M. Taylor, "How important is the model spec if alignment fails?", Forethought,
       2025.

    Examples
    --------
    >>> spec = Spec(
    ...     target=Disposition(myopia=0.5, promise_keeping=1.0),
    ...     features={"myopia": DispositionFeatures(earliness=1.0, frequency=1.0)},
    ... )
    >>> {k: round(p, 3) for k, p in spec.persistence_probabilities().items()}
    {'myopia': 0.94, 'promise_keeping': 0.679}
    >>> sample = spec.sample(1000, seed=0)
    >>> len(sample), sorted(set(sample.arrays["myopia"].tolist()))
    (1000, [0.0, 0.5])
    """

    target: Disposition
    features: Mapping[str, DispositionFeatures] = field(default_factory=dict)
    persistence: PersistenceModel = field(default_factory=PersistenceModel)
    name: str = "spec"
    secondary: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from types import MappingProxyType

        if not isinstance(self.target, Disposition):
            raise fail("target", "a Disposition", self.target)
        feats: Any = {} if self.features is None else self.features
        if not isinstance(feats, Mapping):
            raise fail("features", "a mapping of disposition field to DispositionFeatures", feats)
        for k, v in feats.items():
            if k not in DISPOSITION_FIELDS:
                raise fail("features", f"keyed by Disposition fields {DISPOSITION_FIELDS}", k)
            if not isinstance(v, DispositionFeatures):
                raise fail(f"features[{k!r}]", "a DispositionFeatures", v)
        object.__setattr__(self, "features", MappingProxyType(dict(feats)))
        pm: Any = PersistenceModel() if self.persistence is None else self.persistence
        if not isinstance(pm, PersistenceModel):
            raise fail("persistence", "a PersistenceModel", pm)
        object.__setattr__(self, "persistence", pm)
        if not isinstance(self.name, str):
            raise fail("name", "a str", self.name)
        sec: Any = {} if self.secondary is None else self.secondary
        if not isinstance(sec, Mapping):
            raise fail("secondary", "a mapping of 'subversion'/'salience' to a size", sec)
        for k, e in sec.items():
            if k not in SECONDARY_EFFECTS:
                raise fail("secondary", f"keyed by {SECONDARY_EFFECTS}", k)
            if isinstance(e, bool) or not isinstance(e, int | float | np.integer | np.floating):
                raise fail(f"secondary[{k!r}]", "a real number in [0, 1]", e)
            check_probability(f"secondary[{k!r}]", e)
        object.__setattr__(
            self, "secondary", MappingProxyType({k: float(e) for k, e in sec.items()})
        )

    def __reduce__(self) -> tuple[Any, ...]:
        import functools

        # the features mapping is a read-only proxy, which pickle cannot copy: rebuild
        features, pm = dict(self.features), self.persistence
        rebuild = functools.partial(
            Spec,
            target=self.target,
            features=features,
            persistence=pm,
            name=self.name,
            secondary=dict(self.secondary),
        )
        return (rebuild, ())

    def _key(self) -> tuple[Any, ...]:
        return (
            self.target,
            tuple(sorted(self.features.items())),
            self.persistence,
            self.name,
            tuple(sorted(self.secondary.items())),
        )

    def __eq__(self, other: object) -> bool:
        """Equal when every field is equal (mappings compared by content)."""
        if not isinstance(other, Spec):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def targeted(self) -> tuple[str, ...]:
        """The fields the spec changes from the misaligned default."""
        base = Disposition.misaligned()
        return tuple(f for f in DISPOSITION_FIELDS if getattr(self.target, f) != getattr(base, f))

    def persistence_probabilities(self) -> dict[str, float]:
        """The survival probability of each targeted field."""
        return {
            f: self.persistence.probability(self.features.get(f, DispositionFeatures()))
            for f in self.targeted
        }

    def sample(self, n: int, seed: int | np.random.Generator | None = None) -> SpecSample:
        """Draw ``n`` realised dispositions (independent survival per targeted field).

        Parameters
        ----------
        n : int
            Number of draws (>= 1).
        seed : int, Generator or None
            Randomness; the same seed gives the same sample.

        Returns
        -------
        SpecSample
            Per-field arrays and survival masks.
        """
        from dealmodels._validation import check_int, check_size

        n = check_size("n", n, what="draws")
        if seed is not None and not isinstance(seed, np.random.Generator):
            check_int("seed", seed, low=0)
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        return self.realise(rng.random((len(DISPOSITION_FIELDS), n)))

    def realise(
        self,
        uniforms: NDArray[np.float64],
        *,
        targets: frozenset[str] | None = None,
        effects: frozenset[str] | None = None,
        persistence: PersistenceModel | None = None,
    ) -> SpecSample:
        """Realised dispositions from given uniforms (one row per :data:`DISPOSITION_FIELDS`).

        Target ``f`` persists where ``uniforms[i_f] < P(persists)``; the same uniforms under
        two specs give common random numbers. ``targets`` / ``effects`` restrict the spec to
        a subset of its targeted fields and secondary effects (the others stay at the
        misaligned default), as the Shapley attribution of
        :func:`~dealmodels.analysis.spec_value.spec_value` needs; ``persistence`` replaces the
        spec's persistence model.
        """
        u = np.asarray(uniforms, dtype=float)
        if u.ndim != 2 or u.shape[0] != len(DISPOSITION_FIELDS):
            raise fail("uniforms", f"an array of shape ({len(DISPOSITION_FIELDS)}, n)", u.shape)
        n = u.shape[1]
        base = Disposition.misaligned()
        pm = self.persistence if persistence is None else persistence
        probs = {
            f: pm.probability(self.features.get(f, DispositionFeatures())) for f in self.targeted
        }
        arrays: dict[str, NDArray[np.float64]] = {}
        persisted: dict[str, NDArray[np.bool_]] = {}
        for i, f in enumerate(DISPOSITION_FIELDS):
            if f in probs and (targets is None or f in targets):
                keep = u[i] < probs[f]
                keep.flags.writeable = False
                persisted[f] = keep
                arr = np.where(keep, getattr(self.target, f), getattr(base, f)).astype(float)
            else:
                arr = np.full(n, float(getattr(base, f)))
            if f in self.secondary and (effects is None or f in effects):
                arr = arr + self.secondary[f] * (1.0 - arr)
            arr.flags.writeable = False
            arrays[f] = arr
        return SpecSample(arrays=arrays, persisted=persisted)
