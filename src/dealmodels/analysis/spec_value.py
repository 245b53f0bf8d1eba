r"""How important is the model spec if alignment fails? The value of a spec, with its causes.

:func:`spec_value` compares a :class:`~dealmodels.dispositions.Spec` with a baseline (by
default *no spec*, :meth:`Disposition.misaligned() <dealmodels.dispositions.Disposition.
misaligned>`) on the composed :class:`~dealmodels.models.scenario.Scenario`, averaging over
what training actually instilled (each target persists with its probability) and over the
uncertain world (frozen ``scipy.stats`` priors on world quantities, by default
:func:`~dealmodels.world.default_priors`).

Common random numbers
---------------------
Draw :math:`i` fixes one uniform per disposition field and one world point. The same draws
decide persistence under the spec, under the baseline and under every restriction of the
spec, so differences are paired (a spec compared with itself gives exactly 0) and the
attribution below adds up exactly.

Estimates
---------
Regime probabilities get Wilson score intervals (Wilson 1927). The difference of two paired
proportions gets Newcombe's (1998b) hybrid score interval for paired data (method 10):
with paired counts :math:`(a, b, c, d)` (both, spec only, baseline only, neither), marginals
:math:`\hat p_1 = (a + b)/n` and :math:`\hat p_2 = (a + c)/n` with Wilson limits
:math:`[l_i, u_i]`, and :math:`\phi = (ad - bc)/\sqrt{(a+b)(c+d)(a+c)(b+d)}` (0 when a margin
is empty),

.. math:: \hat\theta - \sqrt{(\hat p_1 - l_1)^2 - 2\phi(\hat p_1 - l_1)(u_2 - \hat p_2)
          + (u_2 - \hat p_2)^2}

and symmetrically for the upper limit. Mean developer values and their paired difference get
normal (:math:`z`) intervals from the sample standard deviation.

Attribution
-----------
The spec restricted to a subset :math:`S` of its "players" (its targeted dispositions and its
secondary effects) defines a coalition game :math:`v(S)` = the mean developer value (and
P(no takeover attempt)) when only the players in :math:`S` act, the others at the baseline.
The exact Shapley value (Shapley 1953)

.. math:: \varphi_i = \sum_{S \subseteq N \setminus \{i\}}
          \frac{|S|!\,(k - |S| - 1)!}{k!}\big(v(S \cup \{i\}) - v(S)\big)

enumerates all :math:`2^k` coalitions (:math:`k \le 11`); by efficiency the shares sum to
:math:`v(N) - v(\varnothing)`, the spec's effect against the baseline restricted to the same
players. Secondary effects (obstruction training raising subversion, detailed scenarios
raising salience) are their own players, so their usually negative effect is a separate line.
Attribution is computed against the misaligned baseline (``against=None``).

Robustness
----------
The persistence model has no empirical estimates, so :func:`spec_value` also redraws it:
``robustness`` alternative configurations, each a fixed world drawn from the priors and a
:class:`~dealmodels.dispositions.PersistenceModel` whose weights are multiplied by
log-normal factors :math:`e^{Z}`, :math:`Z \sim N(0, 0.5^2)`, and whose intercept moves by
:math:`N(0, 1)`. The share of configurations in which the spec beats the baseline in developer
value (with a Wilson interval) says how robust the ranking is.

References
----------
.. [1] M. Taylor, "How important is the model spec if alignment fails?", Forethought, 2025.
.. [2] L. S. Shapley, "A value for n-person games", *Contributions to the Theory of Games* II,
   1953.
.. [3] E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
   *JASA* 22, 1927.
.. [4] R. G. Newcombe, "Improved confidence intervals for the difference between binomial
   proportions based on paired data", *Statistics in Medicine* 17, 1998, pp. 2635-2650.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_int, check_interval, check_size, fail
from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition, PersistenceModel, Spec

if TYPE_CHECKING:
    import pandas as pd

    from dealmodels.world import World

__all__ = [
    "Estimate",
    "Share",
    "SpecValue",
    "newcombe_interval",
    "paired_newcombe_interval",
    "shapley_values",
    "spec_value",
]

MAX_PLAYERS = 11
_ROBUSTNESS_DRAWS = 400  # persistence draws per alternative configuration


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with its confidence interval.

    Attributes
    ----------
    estimate, low, high : float
    """

    estimate: float
    low: float
    high: float

    def excludes_zero(self) -> bool:
        """Whether the interval lies strictly on one side of 0."""
        return self.low > 0 or self.high < 0

    def __str__(self) -> str:
        return f"{self.estimate:.3g} [{self.low:.3g}, {self.high:.3g}]"


@dataclass(frozen=True, slots=True)
class Share:
    """One line of the Shapley attribution.

    Attributes
    ----------
    name : str
        The disposition field or secondary effect.
    kind : {"target", "secondary"}
        A targeted disposition or a secondary effect of training the spec.
    developer_value : float
        Its Shapley share of the developer-value difference.
    no_takeover : float
        Its Shapley share of the difference in P(no takeover attempt).
    """

    name: str
    kind: str
    developer_value: float
    no_takeover: float


@dataclass(frozen=True, eq=False)
class SpecValue:
    """The value of a spec against a baseline (see :func:`spec_value`).

    Attributes
    ----------
    spec_name, baseline_name : str
    regimes : tuple of str
        :data:`~dealmodels.models.scenario.REGIMES`.
    probability, baseline_probability : dict of str to Estimate
        Each regime's probability under the spec and under the baseline (Wilson).
    probability_difference : dict of str to Estimate
        Spec minus baseline (Newcombe, paired).
    no_takeover, baseline_no_takeover, no_takeover_difference : Estimate
        P(no takeover attempt, alone or by collusion).
    developer_value, baseline_developer_value, developer_value_difference : Estimate
        The developer's expected value (post-takeover share included).
    attribution : tuple of Share
        Exact Shapley shares (empty when not computed).
    attribution_total : tuple of float
        :math:`v(N) - v(\\varnothing)` for the developer value and P(no takeover): what the
        shares add up to.
    robustness : Estimate or None
        Share of alternative worlds and persistence models in which the spec does at least as
        well as the baseline in developer value (Wilson interval).
    robustness_counts : tuple of int
        Alternative configurations in which the spec wins, ties (the spec changes nothing
        there) and loses.
    n, confidence, seed
        The sample size, the intervals' level and the seed.
    """

    spec_name: str
    baseline_name: str
    regimes: tuple[str, ...]
    probability: dict[str, Estimate]
    baseline_probability: dict[str, Estimate]
    probability_difference: dict[str, Estimate]
    no_takeover: Estimate
    baseline_no_takeover: Estimate
    no_takeover_difference: Estimate
    developer_value: Estimate
    baseline_developer_value: Estimate
    developer_value_difference: Estimate
    attribution: tuple[Share, ...]
    attribution_total: tuple[float, float]
    robustness: Estimate | None
    robustness_counts: tuple[int, int, int]
    n: int
    confidence: float
    seed: Any = field(repr=False)

    def answer(self) -> str:
        """Two or three sentences that state the result with its numbers."""
        dv, dn = self.developer_value_difference, self.no_takeover_difference
        sign = "raises" if dv.estimate >= 0 else "lowers"
        s1 = (
            f"Against {self.baseline_name}, the {self.spec_name} {sign} the developer's "
            f"expected value by {abs(dv.estimate):.2f} (95% interval {dv.low:+.2f} to "
            f"{dv.high:+.2f}; from {self.baseline_developer_value.estimate:.2f} to "
            f"{self.developer_value.estimate:.2f}) and changes the probability of no takeover "
            f"attempt by {dn.estimate:+.3f} ({self.baseline_no_takeover.estimate:.3f} to "
            f"{self.no_takeover.estimate:.3f})."
        )
        dd = self.probability_difference["deal"]
        s1 += f" P(deal) moves by {dd.estimate:+.3f}."
        out = [s1]
        if self.attribution:
            tops = sorted(self.attribution, key=lambda a: -abs(a.developer_value))
            top = tops[0]
            sec = [a for a in self.attribution if a.kind == "secondary"]
            s2 = (
                f"Most of it is carried by {top.name.replace('_', ' ')} "
                f"({top.developer_value:+.2f} of {self.attribution_total[0]:+.2f})"
            )
            if len(tops) > 1:
                s2 += f", then {tops[1].name.replace('_', ' ')} ({tops[1].developer_value:+.2f})"
            if sec:
                cost = sum(a.developer_value for a in sec)
                s2 += f"; its secondary effects contribute {cost:+.2f}"
            out.append(s2 + ".")
        if self.robustness is not None:
            r = self.robustness
            wins, ties, losses = self.robustness_counts
            m = wins + ties + losses
            out.append(
                f"Across {m} alternative worlds and persistence models it does at least as well "
                f"as {self.baseline_name} in {100 * r.estimate:.0f}% ({100 * r.low:.0f}% to "
                f"{100 * r.high:.0f}%): better in {wins}, no different in {ties}, worse in "
                f"{losses}."
            )
        return " ".join(out)

    def __str__(self) -> str:
        return self.answer()

    def to_frame(self) -> dict[str, pd.DataFrame]:
        """Tidy tables: ``"regimes"``, ``"developer_value"`` and ``"attribution"``."""
        import pandas as pd

        rows = []
        for r in self.regimes:
            for who, est in (
                (self.spec_name, self.probability[r]),
                (self.baseline_name, self.baseline_probability[r]),
                ("difference", self.probability_difference[r]),
            ):
                rows.append(
                    {"regime": r, "spec": who, "probability": est.estimate, "low": est.low,
                     "high": est.high}
                )  # fmt: skip
        value = pd.DataFrame(
            [
                {"spec": who, "developer_value": e.estimate, "low": e.low, "high": e.high}
                for who, e in (
                    (self.spec_name, self.developer_value),
                    (self.baseline_name, self.baseline_developer_value),
                    ("difference", self.developer_value_difference),
                )
            ]
        )
        attribution = pd.DataFrame(
            [
                {"name": a.name, "kind": a.kind, "developer_value": a.developer_value,
                 "no_takeover": a.no_takeover}
                for a in self.attribution
            ],
            columns=["name", "kind", "developer_value", "no_takeover"],
        )  # fmt: skip
        return {
            "regimes": pd.DataFrame(rows),
            "developer_value": value,
            "attribution": attribution,
        }


# -- intervals -----------------------------------------------------------------------------------


def paired_newcombe_interval(
    a: int, b: int, c: int, d: int, confidence: float = 0.95
) -> tuple[float, float]:
    r"""Newcombe's (1998) hybrid score interval for :math:`p_1 - p_2` from paired counts.

    Parameters
    ----------
    a, b, c, d : int
        Pairs with both events, the first only, the second only, neither.
    confidence : float, default 0.95

    Returns
    -------
    (float, float)
        The interval for :math:`\hat\theta = (b - c)/n` (see the module docstring).

    Examples
    --------
    Newcombe (1998b), example (d) of Table II (a, b, c, d = 36, 12, 2, 0):

    >>> lo, hi = paired_newcombe_interval(36, 12, 2, 0)
    >>> round(lo, 4), round(hi, 4)
    (0.0569, 0.3404)
    """
    from dealmodels.analysis.monte_carlo import wilson_interval

    for name, x in (("a", a), ("b", b), ("c", c), ("d", d)):
        check_int(name, x, low=0)
    n = a + b + c + d
    if n == 0:
        raise fail("a + b + c + d", ">= 1", n)
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson_interval(a + b, n, confidence)
    l2, u2 = wilson_interval(a + c, n, confidence)
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    phi = (a * d - b * c) / math.sqrt(denom) if denom > 0 else 0.0
    theta = p1 - p2
    dl1, du1, dl2, du2 = p1 - l1, u1 - p1, p2 - l2, u2 - p2
    low = theta - math.sqrt(max(dl1**2 - 2 * phi * dl1 * du2 + du2**2, 0.0))
    high = theta + math.sqrt(max(du1**2 - 2 * phi * du1 * dl2 + dl2**2, 0.0))
    return max(-1.0, low), min(1.0, high)


def newcombe_interval(
    x1: int, n1: int, x2: int, n2: int, confidence: float = 0.95
) -> tuple[float, float]:
    r"""Newcombe's (1998a) hybrid score interval for :math:`p_1 - p_2` from independent
    samples (method 10), built from the two Wilson intervals :math:`[l_i, u_i]`:

    .. math::

        \hat	heta - \sqrt{(\hat p_1 - l_1)^2 + (u_2 - \hat p_2)^2}, \quad
        \hat	heta + \sqrt{(u_1 - \hat p_1)^2 + (\hat p_2 - l_2)^2},

    with :math:`\hat	heta = x_1/n_1 - x_2/n_2`. :func:`paired_newcombe_interval` is the
    same construction with the correlation term of paired data.

    Parameters
    ----------
    x1, n1, x2, n2 : int
        Successes and trials of each sample (``0 <= x_i <= n_i``, ``n_i >= 1``).
    confidence : float, default 0.95

    References
    ----------
    .. [1] R. G. Newcombe, "Interval estimation for the difference between independent
       proportions: comparison of eleven methods", *Statistics in Medicine* 17 (1998),
       pp. 873-890.

    Examples
    --------
    Newcombe (1998a), example (a) of Table II (56/70 against 48/80):

    >>> lo, hi = newcombe_interval(56, 70, 48, 80)
    >>> round(lo, 4), round(hi, 4)
    (0.0524, 0.3339)
    """
    from dealmodels.analysis.monte_carlo import wilson_interval

    l1, u1 = wilson_interval(x1, n1, confidence)  # validates x1, n1 and confidence
    l2, u2 = wilson_interval(x2, n2, confidence)
    p1, p2 = x1 / n1, x2 / n2
    theta = p1 - p2
    low = theta - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = theta + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return max(-1.0, low), min(1.0, high)


def _z(confidence: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def _mean(x: NDArray[np.float64], z: float) -> Estimate:
    m = float(np.mean(x))
    half = z * float(np.std(x, ddof=1)) / math.sqrt(x.size) if x.size > 1 else math.inf
    return Estimate(m, m - half, m + half)


def _proportion(mask: NDArray[np.bool_], confidence: float) -> Estimate:
    from dealmodels.analysis.monte_carlo import wilson_interval

    k, n = int(np.count_nonzero(mask)), int(mask.size)
    lo, hi = wilson_interval(k, n, confidence)
    p = k / n
    # the score interval contains p-hat; guard its ends against round-off at 0 and 1
    return Estimate(p, min(lo, p), max(hi, p))


def _paired(x: NDArray[np.bool_], y: NDArray[np.bool_], confidence: float) -> Estimate:
    a = int(np.count_nonzero(x & y))
    b = int(np.count_nonzero(x & ~y))
    c = int(np.count_nonzero(~x & y))
    d = x.size - a - b - c
    lo, hi = paired_newcombe_interval(a, b, c, d, confidence)
    return Estimate((b - c) / x.size, lo, hi)


# -- the computation -----------------------------------------------------------------------------


def _check_spec(name: str, spec: object) -> Spec:
    if not isinstance(spec, Spec):
        raise fail(name, "a Spec", spec)
    return spec


def _check_priors(priors: object) -> dict[str, Any]:
    from dealmodels.models.scenario import SCENARIO_WORLD
    from dealmodels.world import default_priors

    if priors is None:
        return default_priors()
    if not isinstance(priors, Mapping):
        raise fail("priors", "a mapping of world quantity to a frozen scipy.stats law", priors)
    out = {}
    for k, dist in priors.items():
        if k not in SCENARIO_WORLD:
            raise fail(
                "priors", f"keyed by world quantities the scenario reads {SCENARIO_WORLD}", k
            )
        if not (callable(getattr(dist, "ppf", None)) and callable(getattr(dist, "rvs", None))):
            raise fail(f"priors[{k!r}]", "a frozen scipy.stats distribution", dist)
        out[k] = dist
    return out


def _world_draws(
    priors: Mapping[str, Any], world: World, u: NDArray[np.float64]
) -> dict[str, Any]:
    """World values: the priors' quantiles at ``u`` (one row per prior), the world elsewhere."""
    from dealmodels.world import check_world_value, world_field

    out: dict[str, Any] = {}
    for j, (k, dist) in enumerate(priors.items()):
        x = np.asarray(dist.ppf(u[j]), dtype=float)
        f = world_field(k)
        if not np.all(np.isfinite(x) | (f.high == math.inf)):
            raise fail(f"priors[{k!r}]", "a law with finite quantiles on (0, 1)", dist)
        lo, hi = float(np.min(x)), float(np.max(x))
        check_world_value(k, lo if not f.integer else round(lo))
        check_world_value(k, hi if not f.integer else round(hi))
        out[k] = x
    if "residual_damage" in out or "damage" in out:
        dmg = out.get("damage", world["damage"])
        if np.any(np.asarray(out.get("residual_damage", world["residual_damage"])) > dmg):
            raise fail("priors", "draws with residual_damage <= damage", "residual_damage")
    return out


def _evaluate(
    spec: Spec,
    against: Spec,
    u: NDArray[np.float64],
    world_values: Mapping[str, Any],
    world: World,
    *,
    targets: frozenset[str] | None = None,
    effects: frozenset[str] | None = None,
    persistence: PersistenceModel | None = None,
    baseline: bool = False,
) -> tuple[NDArray[np.int8], NDArray[np.float64]]:
    """Regime codes and developer values at common uniforms ``u``: of the baseline, or of the
    spec restricted to ``targets``/``effects`` (the other fields at the misaligned default)."""
    from dealmodels.models.scenario import Scenario

    chosen = against if baseline else spec
    if baseline:
        fields = chosen.realise(u, persistence=persistence).arrays
    else:
        fields = chosen.realise(
            u, targets=targets, effects=effects, persistence=persistence
        ).arrays
    r = Scenario(world=world).solve(fields, **world_values)
    return np.asarray(r.regime_code, dtype=np.int8), np.asarray(r.developer_value, dtype=float)


def spec_value(
    spec: Spec,
    against: Spec | None = None,
    *,
    world: World | None = None,
    priors: Mapping[str, Any] | None = None,
    n: int = 20_000,
    seed: int | np.random.Generator | None = None,
    confidence: float = 0.95,
    attribution: bool = True,
    robustness: int = 200,
) -> SpecValue:
    r"""How much a spec is worth if alignment fails, against a baseline, and why.

    Parameters
    ----------
    spec : Spec
        The spec to value.
    against : Spec, optional
        The baseline; ``None`` means no spec (every disposition at the misaligned default).
    world : World, optional
        The world (default ``World()``); quantities with a prior are drawn instead.
    priors : mapping of str to frozen scipy.stats distribution, optional
        Uncertainty about world quantities the scenario reads; ``None`` uses
        :func:`~dealmodels.world.default_priors`, ``{}`` keeps the world fixed.
    n : int, default 20000
        Draws (each: one uniform per disposition field and one world point, shared by the
        spec, the baseline and every coalition).
    seed : int, Generator or None
        Randomness; the same seed gives the same result bit for bit.
    confidence : float, default 0.95
        Level of every interval, in (0, 1).
    attribution : bool, default True
        Compute the exact Shapley attribution (needs ``against=None`` and at most
        :data:`MAX_PLAYERS` targets plus secondary effects).
    robustness : int, default 200
        Alternative configurations (0: skip).

    Returns
    -------
    SpecValue

    Raises
    ------
    InvalidParameterError
        For a spec or baseline that is not a :class:`~dealmodels.dispositions.Spec`, a world
        that is not a :class:`~dealmodels.world.World`, unknown or malformed priors, ``n < 1``,
        a seed that is not an int >= 0 or a Generator, a confidence outside (0, 1), too many
        players for the attribution, or a negative ``robustness``.

    Examples
    --------
    >>> from dealmodels.dispositions import Disposition, Spec
    >>> skeptic = Spec(target=Disposition(acausal_skepticism=0.95), name="skeptic")
    >>> sv = spec_value(skeptic, n=2000, seed=1, robustness=0)
    >>> sv.developer_value_difference.excludes_zero(), sv.attribution[0].name
    (True, 'acausal_skepticism')
    >>> spec_value(skeptic, skeptic, n=500, seed=1, robustness=0,
    ...            attribution=False).developer_value_difference.estimate
    0.0
    """
    from dealmodels.world import World

    spec = _check_spec("spec", spec)
    baseline_name = "no spec" if against is None else None
    against = (
        Spec(target=Disposition.misaligned(), name="no spec")
        if against is None
        else _check_spec("against", against)
    )
    baseline_name = baseline_name or against.name
    if world is None:
        world = World()
    elif not isinstance(world, World):
        raise fail("world", "a World or None", world)
    priors_ = _check_priors(priors)
    n = check_size("n", n, what="draws")
    if seed is not None and not isinstance(seed, np.random.Generator):
        check_int("seed", seed, low=0)
    check_interval("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    if not isinstance(attribution, bool):
        raise fail("attribution", "True or False", attribution)
    robustness = check_int("robustness", robustness, low=0)
    players = [*spec.targeted, *(f"{k} (secondary)" for k in spec.secondary)]
    if attribution and against.targeted:
        raise fail("against", "None (no spec) when attribution=True", against.name)
    if attribution and len(players) > MAX_PLAYERS:
        raise fail("spec", f"at most {MAX_PLAYERS} targets and secondary effects", len(players))

    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    u = rng.random((len(DISPOSITION_FIELDS), n))
    wv = _world_draws(priors_, world, rng.random((len(priors_), n)))
    z = _z(confidence)

    code_s, dev_s = _evaluate(spec, against, u, wv, world)
    code_b, dev_b = _evaluate(spec, against, u, wv, world, baseline=True)
    from dealmodels.models.scenario import REGIMES

    prob, base_prob, diff = {}, {}, {}
    for i, r in enumerate(REGIMES):
        ms, mb = code_s == i, code_b == i
        prob[r], base_prob[r] = _proportion(ms, confidence), _proportion(mb, confidence)
        diff[r] = _paired(ms, mb, confidence)
    safe_s, safe_b = code_s <= 2, code_b <= 2

    shares: tuple[Share, ...] = ()
    total = (float(np.mean(dev_s) - np.mean(dev_b)), float(np.mean(safe_s) - np.mean(safe_b)))
    if attribution and players:
        shares, total = _shapley(spec, against, u, wv, world, players)

    robust, counts = None, (0, 0, 0)
    if robustness:
        robust, counts = _robustness(spec, against, world, priors_, robustness, rng, confidence)

    return SpecValue(
        spec_name=spec.name,
        baseline_name=baseline_name,
        regimes=REGIMES,
        probability=prob,
        baseline_probability=base_prob,
        probability_difference=diff,
        no_takeover=_proportion(safe_s, confidence),
        baseline_no_takeover=_proportion(safe_b, confidence),
        no_takeover_difference=_paired(safe_s, safe_b, confidence),
        developer_value=_mean(dev_s, z),
        baseline_developer_value=_mean(dev_b, z),
        developer_value_difference=_mean(dev_s - dev_b, z),
        attribution=shares,
        attribution_total=total,
        robustness=robust,
        robustness_counts=counts,
        n=n,
        confidence=float(confidence),
        seed=seed,
    )


def shapley_values(value: Mapping[frozenset[int], float], k: int) -> list[float]:
    r"""Exact Shapley values of a coalition game on players ``0 .. k-1``.

    Parameters
    ----------
    value : mapping of frozenset of int to float
        :math:`v(S)` for every subset :math:`S` of ``range(k)`` (all :math:`2^k` of them).
    k : int
        The number of players (at most :data:`MAX_PLAYERS`).

    Returns
    -------
    list of float
        :math:`\varphi_i = \sum_{S \not\ni i} \frac{|S|!(k-|S|-1)!}{k!}
        (v(S \cup \{i\}) - v(S))`; they sum to :math:`v(N) - v(\varnothing)`.

    Examples
    --------
    Glove game: player 0 has a left glove, players 1 and 2 right gloves; a pair is worth 1.

    >>> v = {frozenset(s): float(0 in s and len(s) > 1)
    ...      for s in [(), (0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2)]}
    >>> [round(x, 4) for x in shapley_values(v, 3)]
    [0.6667, 0.1667, 0.1667]
    """
    k = check_int("k", k, low=0, high=MAX_PLAYERS)
    need = 1 << k
    if not isinstance(value, Mapping) or len(value) != need:
        raise fail("value", f"a mapping of all {need} coalitions of range({k}) to a number", value)
    fact = [math.factorial(i) for i in range(k + 1)]
    phi = [0.0] * k
    for s, v_s in value.items():
        for i in range(k):
            if i in s:
                continue
            w = fact[len(s)] * fact[k - len(s) - 1] / fact[k]
            phi[i] += w * (value[s | {i}] - v_s)
    return phi


def _shapley(
    spec: Spec,
    against: Spec,
    u: NDArray[np.float64],
    wv: Mapping[str, Any],
    world: World,
    players: list[str],
) -> tuple[tuple[Share, ...], tuple[float, float]]:
    r"""Shapley shares of the developer value and P(no takeover) over all 2^k coalitions.

    At draw :math:`i` coalition :math:`S` acts only through its players that act there (its
    targets that persisted, its secondary effects always), :math:`S \cap P_i`; so each pair
    (draw, acting set) is solved once, for every coalition that shares it.
    """
    k, n = len(players), u.shape[1]
    targets = list(spec.targeted)
    persisted = spec.realise(u).persisted
    acting = np.zeros(n, dtype=np.int64)
    for j, t in enumerate(targets):
        acting |= persisted[t].astype(np.int64) << j
    for j in range(len(targets), k):
        acting |= 1 << j
    full = (1 << k) - 1
    dev = np.zeros((1 << k, n))
    safe = np.zeros((1 << k, n), dtype=bool)
    for m in range(1 << k):
        idx = np.flatnonzero((m & ~acting) == 0)
        if idx.size == 0:
            continue
        in_t = frozenset(targets[i] for i in range(len(targets)) if m >> i & 1)
        in_e = frozenset(players[i].split(" ")[0] for i in range(len(targets), k) if m >> i & 1)
        sub = {key: (v[idx] if np.ndim(v) else v) for key, v in wv.items()}
        code, values = _evaluate(spec, against, u[:, idx], sub, world, targets=in_t, effects=in_e)
        dev[m, idx], safe[m, idx] = values, code <= 2
    rows = np.arange(n)
    v_dev: dict[frozenset[int], float] = {}
    v_safe: dict[frozenset[int], float] = {}
    for s_mask in range(full + 1):
        pick = s_mask & acting
        key = frozenset(i for i in range(k) if s_mask >> i & 1)
        v_dev[key] = float(np.mean(dev[pick, rows]))
        v_safe[key] = float(np.mean(safe[pick, rows]))
    phi_dev, phi_safe = shapley_values(v_dev, k), shapley_values(v_safe, k)
    shares = tuple(
        Share(
            name.split(" ")[0],
            "secondary" if i >= len(targets) else "target",
            phi_dev[i],
            phi_safe[i],
        )
        for i, name in enumerate(players)
    )
    everyone, nobody = frozenset(range(k)), frozenset[int]()
    return shares, (v_dev[everyone] - v_dev[nobody], v_safe[everyone] - v_safe[nobody])


def _robustness(
    spec: Spec,
    against: Spec,
    world: World,
    priors: Mapping[str, Any],
    m: int,
    rng: np.random.Generator,
    confidence: float,
) -> tuple[Estimate, tuple[int, int, int]]:
    """Share of alternative (world, persistence model) configurations where the spec does not
    lose, and the counts of wins, ties and losses (a tie: equal means to 1e-12)."""
    import dataclasses

    from dealmodels.analysis.monte_carlo import wilson_interval

    base = spec.persistence
    weights = ("earliness", "frequency", "pretraining_tie", "situational_awareness",
               "honesty_conflict")  # fmt: skip
    wins = ties = 0
    for _ in range(m):
        changes: dict[str, float] = {
            w: getattr(base, w) * float(np.exp(0.5 * rng.standard_normal())) for w in weights
        }
        changes["intercept"] = base.intercept + float(rng.standard_normal())
        pm = dataclasses.replace(base, **changes)
        point = _world_draws(priors, world, rng.random((len(priors), 1)))
        wv = {k: float(v[0]) for k, v in point.items()}
        uu = rng.random((len(DISPOSITION_FIELDS), _ROBUSTNESS_DRAWS))
        _, dev_s = _evaluate(spec, against, uu, wv, world, persistence=pm)
        _, dev_b = _evaluate(spec, against, uu, wv, world, persistence=pm, baseline=True)
        gap = float(np.mean(dev_s) - np.mean(dev_b))
        scale = 1e-12 * max(1.0, float(np.max(np.abs(dev_b))))
        wins += int(gap > scale)
        ties += int(abs(gap) <= scale)
    lo, hi = wilson_interval(wins + ties, m, confidence)
    return Estimate((wins + ties) / m, lo, hi), (wins, ties, m - wins - ties)
