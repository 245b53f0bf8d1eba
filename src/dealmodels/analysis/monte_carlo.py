r"""Monte Carlo over uncertain parameters: the probability of each regime, with intervals.

Draw :math:`n` parameter vectors :math:`\theta_1, \dots, \theta_n` independently from the
priors (one frozen ``scipy.stats`` distribution per parameter or disposition field), or the
realised dispositions of a :class:`~dealmodels.dispositions.Spec`; solve the model at all of
them (one broadcasting ``solve`` per chunk) and count regimes. With :math:`k` draws in a
regime, :math:`\hat p = k/n`, and the Wilson score interval at confidence :math:`1 - a`
(:math:`z = \Phi^{-1}(1 - a/2)`) is

.. math::

    \frac{\hat p + z^2/(2n)}{1 + z^2/n} \pm
    \frac{z}{1 + z^2/n}\sqrt{\frac{\hat p(1 - \hat p)}{n} + \frac{z^2}{4n^2}},

which keeps its coverage near :math:`\hat p \in \{0, 1\}`, where the Wald interval collapses
(Brown, Cai and DasGupta 2001). Draws are made in this process from ``seed``, so the result is
reproducible and identical on every executor.

References
----------
.. [1] E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
   *JASA* 22(158), 1927, pp. 209-212.
.. [2] L. D. Brown, T. T. Cai and A. DasGupta, "Interval estimation for a binomial
   proportion", *Statistical Science* 16(2), 2001, pp. 101-133.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_int, check_interval, check_size, fail
from dealmodels.analysis._common import (
    check_chunk_size,
    check_disposition,
    check_executor,
    check_fixed,
    check_model,
    merge_columns,
    solve_columns,
)
from dealmodels.analysis._priors import check_priors, sample_priors, spec_values, to_model_values
from dealmodels.dispositions import Disposition, Spec
from dealmodels.models._base import Model

if TYPE_CHECKING:
    import pandas as pd


__all__ = ["MonteCarloResult", "Proportion", "monte_carlo", "wilson_interval"]


@dataclass(frozen=True)
class Proportion:
    """An estimated probability with its Wilson interval.

    Attributes
    ----------
    estimate : float
        :math:`\\hat p = k / n`.
    low, high : float
        The Wilson score interval.
    count, n : int
        Successes and draws.
    """

    estimate: float
    low: float
    high: float
    count: int
    n: int

    def __str__(self) -> str:
        return f"{self.estimate:.3f} [{self.low:.3f}, {self.high:.3f}]"


def wilson_interval(count: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion (see the module docstring).

    Parameters
    ----------
    count : int
        Successes, ``0 <= count <= n``.
    n : int
        Trials, ``n >= 1``.
    confidence : float, default 0.95
        In (0, 1).

    Returns
    -------
    (float, float)

    Examples
    --------
    >>> [round(v, 4) for v in wilson_interval(0, 10)]  # Brown, Cai & DasGupta (2001)
    [0.0, 0.2775]
    >>> [round(v, 4) for v in wilson_interval(5, 10)]
    [0.2366, 0.7634]
    """
    n = check_int("n", n, low=1)
    count = check_int("count", count, low=0, high=n)
    check_interval("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + confidence / 2))
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Regime probabilities under uncertainty.

    Attributes
    ----------
    model : str
        The model's name.
    n : int
        Number of draws.
    seed : int or None
        The seed the draws came from.
    confidence : float
        Confidence level of the intervals.
    regimes : dict of str to Proportion
        Probability of each regime (every regime of the model, including those never seen).
    cooperation : Proportion
        Probability that cooperation holds.
    samples : dict of str to ndarray
        The drawn inputs and the per-draw outputs (``regime`` as labels).
    """

    model: str
    n: int
    seed: int | None
    confidence: float
    regimes: dict[str, Proportion]
    cooperation: Proportion
    samples: dict[str, NDArray[Any]]

    def to_frame(self) -> pd.DataFrame:
        """The regime probabilities as a table (regime, estimate, low, high, count)."""
        import pandas as pd

        rows = [
            {"regime": k, "estimate": v.estimate, "low": v.low, "high": v.high, "count": v.count}
            for k, v in self.regimes.items()
        ]
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        lines = [f"{self.model}: {self.n} draws, {self.confidence:.0%} Wilson intervals"]
        lines += [f"  P({k}) = {v}" for k, v in self.regimes.items()]
        lines.append(f"  P(cooperation) = {self.cooperation}")
        return "\n".join(lines)


def monte_carlo(
    model: Model,
    priors: Mapping[str, Any] | Spec,
    n: int = 10_000,
    seed: int | None = None,
    *,
    fixed: Mapping[str, float] | None = None,
    disposition: Disposition | None = None,
    confidence: float = 0.95,
    executor: Executor | None = None,
    progress: bool = False,
    chunk_size: int = 250_000,
) -> MonteCarloResult:
    """Probability of each regime of ``model`` when parameters are uncertain.

    Parameters
    ----------
    model : Model
        Any model following the protocol, the composed
        :class:`~dealmodels.models.scenario.Scenario` included (its parameters are the
        disposition fields and the world quantities it reads).
    priors : mapping of str to scipy.stats frozen distribution, or Spec
        A distribution per model parameter or :class:`Disposition` field (fields feed the
        parameters that read them, e.g. ``myopia`` gives ``discount = 1 - myopia``); or a
        :class:`Spec`, whose realised dispositions are drawn (:meth:`Spec.sample`).
    n : int, default 10000
        Number of draws (>= 1).
    seed : int, optional
        Seed of the draws; the same seed gives the same result on any executor.
    fixed : mapping of str to float, optional
        Values of other parameters (defaults and ``disposition`` fill the rest).
    disposition : Disposition, optional
        Overrides the model's disposition (fields not drawn keep its values).
    confidence : float, default 0.95
        Level of the Wilson intervals, in (0, 1).
    executor : concurrent.futures.Executor, optional
        Where chunks are solved (``None``: in this process).
    progress : bool, default False
        Show a tqdm bar over chunks.
    chunk_size : int, default 250000
        Most draws per ``solve`` call.

    Returns
    -------
    MonteCarloResult

    Examples
    --------
    >>> from scipy import stats
    >>> from dealmodels.models import TakeoverDecision
    >>> mc = monte_carlo(TakeoverDecision(), {"p": stats.uniform(0, 1)}, n=20_000, seed=1,
    ...                  fixed={"trust": 0.5, "budget": 1.0, "prize": 1.0, "loss": 0.0})
    >>> round(mc.cooperation.estimate, 2)  # cooperation iff p <= trust * budget = 0.5
    0.5
    """
    model = check_model(model)
    disposition = check_disposition(disposition)
    n = check_size("n", n, what="draws")
    if seed is not None:
        seed = check_int("seed", seed, low=0)
    check_interval("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    chunk_size = check_chunk_size(chunk_size)
    executor = check_executor(executor)
    rng = np.random.default_rng(seed)
    if isinstance(priors, Spec):
        drawn = dict(priors.sample(n, rng).arrays)
        values = spec_values(model, drawn)
    else:
        if isinstance(priors, Disposition):
            raise fail("priors", "a mapping of name to distribution, or a Spec", priors)
        checked = check_priors(model, priors)
        drawn = sample_priors(checked, n, rng)
        values = to_model_values(model, drawn)
    fixed_values = check_fixed(model, fixed, list(values))
    columns, categories = solve_columns(
        model, disposition, fixed_values, values, n,
        chunk_size=chunk_size, executor=executor, progress=progress, desc="monte carlo",
    )  # fmt: skip
    codes = columns["regime"]
    counts = np.bincount(codes, minlength=len(categories))
    regimes = {c: _proportion(int(counts[i]), n, confidence) for i, c in enumerate(categories)}
    coop = _proportion(int(np.count_nonzero(columns["cooperates"])), n, confidence)
    columns["regime"] = np.asarray(categories, dtype=str)[codes]
    return MonteCarloResult(
        model=model.name,
        n=n,
        seed=seed,
        confidence=float(confidence),
        regimes=regimes,
        cooperation=coop,
        samples=merge_columns(drawn, columns),
    )


def _proportion(count: int, n: int, confidence: float) -> Proportion:
    low, high = wilson_interval(count, n, confidence)
    return Proportion(estimate=count / n, low=low, high=high, count=count, n=n)
