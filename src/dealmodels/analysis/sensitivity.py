r"""Global sensitivity: which uncertain parameter (or disposition) matters most, and how.

Sobol indices
-------------
For an output :math:`Y = f(X_1, \dots, X_k)` of independent inputs (here "cooperation holds"
as 0/1, or a continuous output such as the minimum payment), the first-order index of
:math:`X_i` is the share of :math:`V = \operatorname{Var} Y` explained by :math:`X_i` alone,
and the total index the share involving :math:`X_i` at all (interactions included):

.. math::

    S_i = \frac{\operatorname{Var}_{X_i}\big(E[Y \mid X_i]\big)}{V}, \qquad
    S_{T_i} = \frac{E_{X_{\sim i}}\big(\operatorname{Var}[Y \mid X_{\sim i}]\big)}{V}.

They are estimated as in Saltelli et al. (2010): two independent :math:`N \times k` sample
matrices :math:`A, B` (a scrambled Sobol' sequence in :math:`[0, 1)^{2k}` mapped through the
priors' quantile functions), and :math:`A_B^{(i)}`, which is :math:`A` with column :math:`i` from
:math:`B`; :math:`N(k + 2)` model evaluations in all (one broadcasting ``solve``). With
:math:`V` the variance of :math:`f(A)` and :math:`f(B)` pooled,

.. math::

    \hat S_i = \frac{1}{N V}\sum_j f(B)_j\big(f(A_B^{(i)})_j - f(A)_j\big)
    \quad\text{(Saltelli et al. 2010, Table 2 (b))},

    \hat S_{T_i} = \frac{1}{2 N V}\sum_j \big(f(A)_j - f(A_B^{(i)})_j\big)^2
    \quad\text{(Jansen 1999; Saltelli et al. 2010, Table 2 (f))}.

Confidence half-widths come from a bootstrap over the :math:`N` rows (as SALib does).

One-at-a-time tornado
---------------------
For each input, its value is fixed at a low and a high quantile of its prior (10% and 90% by
default) while the others keep their draws in :math:`A`; the tornado bar is the mean output
in the two cases (for "cooperates": the probability of cooperation), against the unconditional
mean. Bars are sorted by their swing :math:`|\text{high} - \text{low}|`.

References
----------
.. [1] A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto and S. Tarantola,
   "Variance based sensitivity analysis of model output. Design and estimator for the total
   sensitivity index", *Computer Physics Communications* 181(2), 2010, pp. 259-270.
.. [2] M. J. W. Jansen, "Analysis of variance designs for model output", *Computer Physics
   Communications* 117(1-2), 1999, pp. 35-43.
.. [3] I. M. Sobol', "Global sensitivity indices for nonlinear mathematical models and their
   Monte Carlo estimates", *Mathematics and Computers in Simulation* 55, 2001, pp. 271-280.
.. [4] T. Ishigami and T. Homma, "An importance quantification technique in uncertainty
   analysis for computer models", *Proc. ISUMA '90*, 1990, pp. 398-403.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_int, check_interval, check_real_array, check_size, fail
from dealmodels.analysis._common import (
    check_chunk_size,
    check_disposition,
    check_executor,
    check_fixed,
    check_model,
    solve_columns,
)
from dealmodels.analysis._priors import check_priors, quantiles, to_model_values
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models._base import Model

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SensitivityResult", "SobolIndices", "Tornado", "sensitivity", "sobol_indices"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class SobolIndices:
    """Sobol first-order and total indices of one output.

    Attributes
    ----------
    output : str
        The output's name.
    names : tuple of str
        The inputs, in the priors' order.
    first_order, total : ndarray
        :math:`S_i` and :math:`S_{T_i}` per input (zeros when the output does not vary).
    first_order_conf, total_conf : ndarray
        Bootstrap half-widths of their confidence intervals.
    variance : float
        :math:`V`, the output's variance.
    n : int
        Base sample size :math:`N`.
    """

    output: str
    names: tuple[str, ...]
    first_order: FloatArray
    total: FloatArray
    first_order_conf: FloatArray
    total_conf: FloatArray
    variance: float
    n: int

    def ranking(self) -> list[str]:
        """Inputs from most to least important (by total index, ties by first order)."""
        order = np.lexsort((-self.first_order, -self.total))
        return [self.names[i] for i in order]


@dataclass(frozen=True, eq=False)
class Tornado:
    """One-at-a-time swings of one output (see the module docstring).

    Attributes
    ----------
    output : str
        The output's name.
    names : tuple of str
        The inputs.
    base : float
        Mean output with every input drawn from its prior.
    low_values, high_values : ndarray
        The low and high quantiles each input is fixed at.
    low, high : ndarray
        Mean output with the input fixed at its low / high value.
    quantiles : tuple of float
        The two quantiles.
    """

    output: str
    names: tuple[str, ...]
    base: float
    low_values: FloatArray
    high_values: FloatArray
    low: FloatArray
    high: FloatArray
    quantiles: tuple[float, float]

    @property
    def swing(self) -> FloatArray:
        """:math:`|\\text{high} - \\text{low}|` per input."""
        return np.abs(self.high - self.low)

    def ranking(self) -> list[str]:
        """Inputs by decreasing swing."""
        return [self.names[i] for i in np.argsort(-self.swing, kind="stable")]


@dataclass(frozen=True, eq=False)
class SensitivityResult:
    """Sobol indices and tornado swings of a model's outputs.

    Attributes
    ----------
    model : str
        The model's name.
    names : tuple of str
        The uncertain inputs.
    n : int
        Base sample size.
    seed : int or None
        The seed.
    indices : dict of str to SobolIndices
        Per output.
    tornado : dict of str to Tornado
        Per output.
    """

    model: str
    names: tuple[str, ...]
    n: int
    seed: int | None
    indices: dict[str, SobolIndices]
    tornado: dict[str, Tornado]

    def ranking(self, output: str = "cooperates") -> list[str]:
        """Inputs from most to least important for ``output`` (by total Sobol index)."""
        if output not in self.indices:
            raise fail("output", f"one of {list(self.indices)}", output)
        return self.indices[output].ranking()

    def to_frame(self) -> pd.DataFrame:
        """One row per (output, input): S1, S1_conf, ST, ST_conf, tornado low/high."""
        import pandas as pd

        rows = []
        for out, idx in self.indices.items():
            tor = self.tornado[out]
            for j, name in enumerate(idx.names):
                rows.append(
                    {
                        "output": out,
                        "input": name,
                        "S1": idx.first_order[j],
                        "S1_conf": idx.first_order_conf[j],
                        "ST": idx.total[j],
                        "ST_conf": idx.total_conf[j],
                        "tornado_low": tor.low[j],
                        "tornado_high": tor.high[j],
                    }
                )
        return pd.DataFrame(rows)


def sobol_estimates(
    f_a: FloatArray, f_b: FloatArray, f_ab: FloatArray
) -> tuple[FloatArray, FloatArray, float]:
    """First-order and total indices from evaluations on :math:`A`, :math:`B`, :math:`A_B^{(i)}`.

    Parameters
    ----------
    f_a, f_b : ndarray, shape (N,)
        The output on the rows of :math:`A` and :math:`B`.
    f_ab : ndarray, shape (N, k)
        Column ``i``: the output on :math:`A_B^{(i)}`.

    Returns
    -------
    (ndarray, ndarray, float)
        :math:`\\hat S_i`, :math:`\\hat S_{T_i}` (Saltelli 2010; Jansen 1999) and :math:`V`.
        Both indices are 0 where :math:`V = 0`. The outputs are first centred on their
        pooled mean (as SALib does): this leaves :math:`\\hat S_{T_i}` unchanged and lowers
        the variance of :math:`\\hat S_i`, whose product form is not shift-invariant.
    """
    centre = np.mean(np.concatenate([f_a, f_b, f_ab.ravel()]))
    f_a, f_b, f_ab = f_a - centre, f_b - centre, f_ab - centre
    v = float(np.var(np.concatenate([f_a, f_b])))
    if v == 0.0:
        zeros = np.zeros(f_ab.shape[1])
        return zeros, zeros.copy(), 0.0
    s1 = np.mean(f_b[:, None] * (f_ab - f_a[:, None]), axis=0) / v
    st = 0.5 * np.mean((f_a[:, None] - f_ab) ** 2, axis=0) / v
    return s1, st, v


def _indices(
    output: str,
    names: tuple[str, ...],
    f_a: FloatArray,
    f_b: FloatArray,
    f_ab: FloatArray,
    rng: np.random.Generator,
    num_resamples: int,
    confidence: float,
) -> SobolIndices:
    from scipy.stats import norm

    s1, st, v = sobol_estimates(f_a, f_b, f_ab)
    n = f_a.shape[0]
    idx = rng.integers(0, n, size=(num_resamples, n))
    boot = [sobol_estimates(f_a[r], f_b[r], f_ab[r]) for r in idx]
    z = float(norm.ppf(0.5 + confidence / 2))
    s1_conf = z * np.std([b[0] for b in boot], axis=0, ddof=1)
    st_conf = z * np.std([b[1] for b in boot], axis=0, ddof=1)
    return SobolIndices(output, names, s1, st, s1_conf, st_conf, v, n)


def _design(k: int, n: int, rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
    """Scrambled Sobol' points in [0, 1)^(2k), split into the A and B matrices."""
    from scipy.stats import qmc

    with warnings.catch_warnings():  # n need not be a power of 2 (balance is then lost)
        warnings.simplefilter("ignore", UserWarning)
        u = qmc.Sobol(d=2 * k, scramble=True, seed=rng).random(n)
    u = np.clip(u, 1e-12, 1 - 1e-12)  # keep quantile functions finite
    return u[:, :k], u[:, k:]


def _stack(
    a: FloatArray, b: FloatArray, tornado: tuple[FloatArray, FloatArray] | None
) -> FloatArray:
    """Rows: A, B, A_B^(1..k), then (if given) A with column i at low / high, i = 1..k."""
    k = a.shape[1]
    blocks = [a, b]
    for i in range(k):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    if tornado is not None:
        for fixed_at in tornado:
            for i in range(k):
                ai = a.copy()
                ai[:, i] = fixed_at[i]
                blocks.append(ai)
    return np.concatenate(blocks, axis=0)


def _check_common(
    n: object, seed: object, num_resamples: object, confidence: object
) -> tuple[int, int | None, int]:
    n_ = check_size("n", n, low=2, what="base samples")
    seed_ = None if seed is None else check_int("seed", seed, low=0)
    resamples = check_int("num_resamples", num_resamples, low=2)
    check_interval("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    return n_, seed_, resamples


def sobol_indices(
    func: Callable[..., Any],
    priors: Mapping[str, Any],
    n: int = 1024,
    seed: int | None = None,
    *,
    output: str = "y",
    num_resamples: int = 100,
    confidence: float = 0.95,
) -> SobolIndices:
    """Sobol first-order and total indices of any vectorised function (Saltelli 2010).

    Parameters
    ----------
    func : callable
        ``func(**arrays) -> array``: one keyword per prior, evaluated on flat arrays.
    priors : mapping of str to scipy.stats frozen distribution
        Independent inputs.
    n : int, default 1024
        Base sample size :math:`N` (a power of 2 balances the Sobol' sequence); ``func`` is
        called once on :math:`N(k + 2)` points.
    seed : int, optional
        Seed of the scrambled Sobol' sequence and of the bootstrap.
    output : str, default "y"
        A label for the output.
    num_resamples : int, default 100
        Bootstrap resamples for the confidence half-widths.
    confidence : float, default 0.95
        Level of the confidence half-widths.

    Returns
    -------
    SobolIndices

    Examples
    --------
    The Ishigami function (Ishigami & Homma 1990) with :math:`a = 7, b = 0.1`:
    :math:`S = (0.314, 0.442, 0)`, :math:`S_T = (0.558, 0.442, 0.244)`.

    >>> import numpy as np
    >>> from scipy import stats
    >>> def ishigami(x1, x2, x3):
    ...     return np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1)
    >>> u = stats.uniform(-np.pi, 2 * np.pi)
    >>> s = sobol_indices(ishigami, {"x1": u, "x2": u, "x3": u}, n=2**14, seed=0)
    >>> np.round(s.first_order, 2).tolist(), np.round(s.total, 2).tolist()
    ([0.31, 0.44, 0.0], [0.56, 0.44, 0.24])
    """
    if not callable(func):
        raise fail("func", "a callable", func)
    n, seed, num_resamples = _check_common(n, seed, num_resamples, confidence)
    if not isinstance(priors, Mapping) or not priors:
        raise fail("priors", "a non-empty mapping of name to scipy.stats distribution", priors)
    for name, dist in priors.items():
        if not callable(getattr(dist, "ppf", None)):
            raise fail(f"priors[{name!r}]", "a frozen scipy.stats distribution", dist)
    names = tuple(priors)
    k = len(names)
    rng = np.random.default_rng(seed)
    a, b = _design(k, n, rng)
    x = quantiles(priors, _stack(a, b, None))
    y = np.asarray(func(**x), dtype=float).reshape(-1)
    f_a, f_b = y[:n], y[n : 2 * n]
    f_ab = y[2 * n :].reshape(k, n).T
    return _indices(output, names, f_a, f_b, f_ab, rng, num_resamples, confidence)


def sensitivity(
    model: Model,
    priors: Mapping[str, Any],
    n: int = 1024,
    seed: int | None = None,
    *,
    outputs: Sequence[str] = ("cooperates",),
    fixed: Mapping[str, float] | None = None,
    disposition: Disposition | None = None,
    tornado_quantiles: tuple[float, float] = (0.1, 0.9),
    num_resamples: int = 100,
    confidence: float = 0.95,
    executor: Executor | None = None,
    progress: bool = False,
    chunk_size: int = 250_000,
) -> SensitivityResult:
    """Sobol indices and a tornado summary of ``model``'s outputs under ``priors``.

    Parameters
    ----------
    model : Model
        Any model following the protocol.
    priors : mapping of str to scipy.stats frozen distribution
        Independent priors per model parameter or :class:`Disposition` field (a field feeds
        the parameters that read it; one the model does not read gets zero indices).
    n : int, default 1024
        Base sample size :math:`N`; the model is solved at :math:`N(3k + 2)` points.
    seed : int, optional
        Seed of the design and bootstrap; the same seed gives the same result.
    outputs : sequence of str, default ("cooperates",)
        ``"cooperates"`` (as 0/1) and/or numeric result fields, e.g. ``"minimum_payment"``
        (must be finite at every sampled point).
    fixed : mapping of str to float, optional
        Values of other parameters.
    disposition : Disposition, optional
        Overrides the model's disposition.
    tornado_quantiles : (float, float), default (0.1, 0.9)
        The low and high quantiles of the one-at-a-time tornado.
    num_resamples : int, default 100
        Bootstrap resamples for the confidence half-widths.
    confidence : float, default 0.95
        Level of the half-widths.
    executor : concurrent.futures.Executor, optional
        Where chunks are solved.
    progress : bool, default False
        Show a tqdm bar over chunks.
    chunk_size : int, default 250000
        Most points per ``solve`` call.

    Returns
    -------
    SensitivityResult

    Examples
    --------
    >>> from scipy import stats
    >>> from dealmodels.models import TakeoverDecision
    >>> res = sensitivity(TakeoverDecision(), {"p": stats.uniform(0, 0.6),
    ...                   "trust": stats.uniform(0.5, 0.5), "salience": stats.uniform(0.95, 0.05)},
    ...                   n=1024, seed=0, fixed={"discount": 1.0})
    >>> res.ranking()
    ['p', 'trust', 'salience']
    """
    model = check_model(model)
    disposition = check_disposition(disposition)
    n, seed, num_resamples = _check_common(n, seed, num_resamples, confidence)
    chunk_size = check_chunk_size(chunk_size)
    executor = check_executor(executor)
    checked = check_priors(model, priors)
    if isinstance(outputs, str) or not isinstance(outputs, Sequence) or not outputs:
        raise fail("outputs", "a non-empty sequence of output names", outputs)
    q_lo, q_hi = _check_quantiles(tornado_quantiles)
    names = tuple(checked)
    k = len(names)
    rng = np.random.default_rng(seed)
    a, b = _design(k, n, rng)
    lo = np.full(k, q_lo)
    hi = np.full(k, q_hi)
    drawn = quantiles(checked, _stack(a, b, (lo, hi)))
    low_values = np.array([float(checked[m].ppf(q_lo)) for m in names])
    high_values = np.array([float(checked[m].ppf(q_hi)) for m in names])
    values = to_model_values(model, drawn)
    fixed_values = check_fixed(model, fixed, list(values))
    total = (3 * k + 2) * n
    columns, _ = solve_columns(
        model, disposition, fixed_values, values, total,
        chunk_size=chunk_size, executor=executor, progress=progress, desc="sensitivity",
    )  # fmt: skip
    indices: dict[str, SobolIndices] = {}
    tornado: dict[str, Tornado] = {}
    for out in outputs:
        if out == "regime" or out not in columns:
            allowed = [c for c in columns if c != "regime"]
            raise fail("outputs", f"names of numeric outputs of {model.name}, from {allowed}", out)
        y = np.asarray(columns[out], dtype=float)
        bad = int(np.count_nonzero(~np.isfinite(y)))
        if bad:
            raise InvalidParameterError(
                f"output {out!r} is not finite at {bad} of {total} sampled points (for example "
                "where no deal is possible); narrow the priors or choose another output"
            )
        f_a, f_b = y[:n], y[n : 2 * n]
        f_ab = y[2 * n : (k + 2) * n].reshape(k, n).T
        indices[out] = _indices(out, names, f_a, f_b, f_ab, rng, num_resamples, confidence)
        t_lo = y[(k + 2) * n : (2 * k + 2) * n].reshape(k, n).mean(axis=1)
        t_hi = y[(2 * k + 2) * n :].reshape(k, n).mean(axis=1)
        tornado[out] = Tornado(
            out, names, float(f_a.mean()), low_values, high_values, t_lo, t_hi, (q_lo, q_hi)
        )
    return SensitivityResult(
        model=model.name, names=names, n=n, seed=seed, indices=indices, tornado=tornado
    )


def _check_quantiles(q: object) -> tuple[float, float]:
    if not isinstance(q, tuple | list) or len(q) != 2:
        raise fail("tornado_quantiles", "a pair (low, high) with 0 < low < high < 1", q)
    lo, hi = (float(v) for v in check_real_array("tornado_quantiles", q))
    if not 0 < lo < hi < 1:
        raise fail("tornado_quantiles", "a pair (low, high) with 0 < low < high < 1", q)
    return lo, hi
