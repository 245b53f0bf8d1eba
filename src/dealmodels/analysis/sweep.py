r"""Sweeps: a model solved at every point of a parameter grid, as a tidy table.

A grid :math:`G = x_1 \times \dots \times x_k` (one 1-D array of values per varied parameter)
has :math:`N = \prod_j |x_j|` points. They are laid out as flat arrays (``numpy.meshgrid`` with
``indexing="ij"``, so the last parameter varies fastest), cut into chunks of at most
``chunk_size`` points, and each chunk is **one** broadcasting ``model.solve`` call. Closed-form
models are then as fast as numpy; models without closed forms spread their chunks over any
:class:`concurrent.futures.Executor` (a process pool, or a Dask ``distributed`` client's
``get_executor()``). Chunks are reassembled in order, so every executor gives the same table as
the in-process run.

The table is tidy (Wickham 2014): one row per grid point, one column per varied parameter,
then ``regime``, ``cooperates`` and the model's numeric outputs.

References
----------
.. [1] H. Wickham, "Tidy data", *Journal of Statistical Software* 59(10), 2014.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._validation import check_real_array, check_size, fail
from dealmodels.analysis._common import (
    check_chunk_size,
    check_disposition,
    check_executor,
    check_fixed,
    check_model,
    check_parameter_name,
    merge_columns,
    require,
    solve_columns,
)
from dealmodels.dispositions import Disposition
from dealmodels.models._base import Model

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["grid_points", "sweep"]

DEFAULT_CHUNK_SIZE = 250_000


def grid_points(model: Model, grid: Mapping[str, ArrayLike]) -> dict[str, NDArray[np.float64]]:
    """The points of ``grid`` as flat arrays, one per parameter (last one varies fastest).

    Parameters
    ----------
    model : Model
        The model whose parameters the grid varies (names and domains are checked).
    grid : mapping of str to array_like
        Parameter name to a non-empty 1-D array of values inside the parameter's domain.

    Returns
    -------
    dict of str to ndarray
        Flat arrays of equal length :math:`\\prod_j |x_j|`.

    Examples
    --------
    >>> from dealmodels.models import TakeoverDecision
    >>> pts = grid_points(TakeoverDecision(), {"p": [0.1, 0.2], "trust": [0.5, 0.6, 0.7]})
    >>> pts["p"].tolist(), pts["trust"].tolist()
    ([0.1, 0.1, 0.1, 0.2, 0.2, 0.2], [0.5, 0.6, 0.7, 0.5, 0.6, 0.7])
    """
    check_model(model)
    if not isinstance(grid, Mapping) or not grid:
        raise fail("grid", "a non-empty mapping of parameter name to 1-D values", grid)
    axes = []
    for name, values in grid.items():
        param = check_parameter_name(model, name, "grid")
        arr = check_real_array(f"grid[{name!r}]", values)
        if arr.ndim != 1:
            raise fail(f"grid[{name!r}]", "a non-empty 1-D array", values)
        param.validate(arr)
        axes.append(arr)
    check_size("grid", [len(a) for a in axes])  # before the mesh is allocated
    mesh = np.meshgrid(*axes, indexing="ij")
    return {name: m.ravel() for name, m in zip(grid, mesh, strict=True)}


def sweep(
    model: Model,
    grid: Mapping[str, ArrayLike],
    *,
    fixed: Mapping[str, float] | None = None,
    disposition: Disposition | None = None,
    executor: Executor | None = None,
    progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> pd.DataFrame:
    """Solve ``model`` at every point of ``grid``; one row per point.

    Parameters
    ----------
    model : Model
        Any model following the protocol (``solve`` broadcasts over arrays).
    grid : mapping of str to array_like
        Parameter name to the 1-D values it takes (e.g. ``numpy.linspace(0, 1, 101)``).
    fixed : mapping of str to float, optional
        Scalar values for other parameters (defaults and ``disposition`` fill the rest).
    disposition : Disposition, optional
        Overrides the model's disposition for this sweep.
    executor : concurrent.futures.Executor, optional
        Where the chunks run (``None``: in this process). A Dask client's
        ``client.get_executor()`` works; chunks are batched here, since Dask ignores
        ``chunksize``.
    progress : bool, default False
        Show a tqdm bar over chunks (silent when the output is not a terminal).
    chunk_size : int, default 250000
        Most points per ``solve`` call (and per executor task).

    Returns
    -------
    pandas.DataFrame
        Columns: the grid's parameters, ``regime`` (categorical, the model's regimes as
        categories), ``cooperates``, then the model's numeric outputs (an output named like
        a varied parameter is renamed ``<name>_output``). ``df.attrs`` records the model's
        name and the fixed values.

    Raises
    ------
    InvalidParameterError
        For an unknown parameter, a value outside its domain, an empty grid or a parameter
        both varied and fixed.

    Examples
    --------
    >>> import numpy as np
    >>> from dealmodels.models import TakeoverDecision
    >>> df = sweep(TakeoverDecision(), {"p": [0.1, 0.9], "trust": [0.5, 1.0]},
    ...            fixed={"budget": 0.5, "prize": 1.0, "loss": 0.0, "delay_takeover": 1})
    >>> print(df[["p", "trust", "regime", "minimum_payment"]].to_string(index=False))
      p  trust           regime  minimum_payment
    0.1    0.5             deal              0.2
    0.1    1.0             deal              0.1
    0.9    0.5 takeover attempt              1.8
    0.9    1.0 takeover attempt              0.9
    """
    pd = require("pandas", "analysis")
    model = check_model(model)
    disposition = check_disposition(disposition)
    chunk_size = check_chunk_size(chunk_size)
    executor = check_executor(executor)
    points = grid_points(model, grid)
    fixed_values = check_fixed(model, fixed, list(points))
    n = len(next(iter(points.values())))
    columns, categories = solve_columns(
        model, disposition, fixed_values, points, n,
        chunk_size=chunk_size, executor=executor, progress=progress, desc="sweep",
    )  # fmt: skip
    columns["regime"] = pd.Categorical.from_codes(columns["regime"], categories=categories)
    df = pd.DataFrame(merge_columns(points, columns), copy=False)
    df.attrs["model"] = model.name
    df.attrs["fixed"] = dict(fixed_values)
    return df
