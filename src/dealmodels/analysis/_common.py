"""Private helpers shared by the analysis modules: input checks, chunked evaluation, progress.

Every analysis function evaluates a model on flat arrays of parameter values. The work is cut
into chunks of at most ``chunk_size`` points; each chunk is one broadcasting ``solve`` call, run
in-process or submitted to a :class:`concurrent.futures.Executor` (chunks are batched here,
because Dask's executor ignores ``chunksize``). Chunks are reassembled in submission order, so
the result does not depend on the executor.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_int, fail
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models._base import Model, ModelResult

if TYPE_CHECKING:
    from dealmodels.symbolic import Parameter

Columns = dict[str, NDArray[Any]]

_BASE_FIELDS = frozenset(f.name for f in dataclasses.fields(ModelResult))


def check_model(model: object) -> Model:
    """Check that ``model`` follows the model protocol."""
    if not isinstance(model, Model):
        raise fail(
            "model", "a dealmodels Model (e.g. dealmodels.models.TakeoverDecision())", model
        )
    return model


def check_disposition(disposition: object) -> Disposition | None:
    """Check ``disposition`` is a :class:`Disposition` or None."""
    if disposition is not None and not isinstance(disposition, Disposition):
        raise fail("disposition", "a Disposition or None", disposition)
    return disposition


def check_fixed(
    model: Model, fixed: Mapping[str, Any] | None, taken: Sequence[str]
) -> dict[str, Any]:
    """Check the fixed values: known scalar parameters, not also varied, inside their domains."""
    if fixed is None:
        return {}
    if not isinstance(fixed, Mapping):
        raise fail("fixed", "a mapping of parameter name to value", fixed)
    out: dict[str, Any] = {}
    for name, value in fixed.items():
        param = check_parameter_name(model, name, "fixed")
        if name in taken:
            raise InvalidParameterError(
                f"fixed must not repeat a varied parameter; got {name!r} in both"
            )
        if np.ndim(value) != 0:
            raise fail(f"fixed[{name!r}]", "a scalar", value)
        param.validate(value)
        out[name] = float(value)
    return out


def check_parameter_name(model: Model, name: object, where: str) -> Parameter:
    """The model's parameter called ``name``; the error lists the valid names."""
    params = model.parameters
    if not isinstance(name, str) or name not in params:
        raise InvalidParameterError(
            f"{where} must name parameters of {model.name}, one of {sorted(params)}; "
            f"got {where}={name!r}"
        )
    return params[name]


def chunk_bounds(n: int, chunk_size: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``range(n)`` in pieces of at most ``chunk_size``."""
    return [(i, min(i + chunk_size, n)) for i in range(0, n, chunk_size)] or [(0, 0)]


def check_chunk_size(chunk_size: object) -> int:
    """Check ``chunk_size`` is a positive integer."""
    return check_int("chunk_size", chunk_size, low=1)


def check_executor(executor: object) -> Executor | None:
    """Check ``executor`` is a :class:`concurrent.futures.Executor` (or has ``submit``)."""
    if executor is None:
        return None
    if not callable(getattr(executor, "submit", None)):
        raise fail("executor", "a concurrent.futures.Executor or None", executor)
    return executor  # type: ignore[return-value]


def result_columns(result: ModelResult, n: int) -> Columns:
    """The per-point outputs of ``result`` as flat columns of length ``n``.

    ``regime`` and ``cooperates`` first, then every numeric or boolean field the model adds
    (fields that are not arrays of the evaluated shape, e.g. strings, are left out).
    """
    cols: Columns = {
        "regime": np.broadcast_to(np.asarray(result.regime), (n,)),
        "cooperates": np.broadcast_to(np.asarray(result.cooperates, dtype=bool), (n,)).copy(),
    }
    for f in dataclasses.fields(result):
        if f.name in _BASE_FIELDS:
            continue
        value = np.asarray(getattr(result, f.name))
        if value.dtype.kind not in "biuf":
            continue
        if value.shape not in ((), (n,)):
            continue
        cols[f.name] = np.broadcast_to(value, (n,)).copy()
    return cols


def solve_chunk(
    model: Model,
    disposition: Disposition | None,
    fixed: Mapping[str, Any],
    values: Mapping[str, NDArray[np.float64]],
) -> Columns:
    """Solve ``model`` on one chunk of flat arrays and return its output columns.

    A module-level function so that process pools and Dask can pickle it.
    """
    n = len(next(iter(values.values()))) if values else 1
    result = model.solve(disposition, **fixed, **values)
    return result_columns(result, n)


def run_chunks(
    func: Callable[..., Columns],
    tasks: Sequence[tuple[Any, ...]],
    *,
    executor: Executor | None,
    progress: bool | None,
    desc: str,
) -> list[Columns]:
    """Run ``func(*task)`` for every task, in-process or on ``executor``; results in order."""
    bar = _progress(len(tasks), progress, desc)
    try:
        if executor is None:
            out = []
            for task in tasks:
                out.append(func(*task))
                bar.update(1)
            return out
        from concurrent.futures import as_completed

        futures: list[Future[Columns]] = [executor.submit(func, *task) for task in tasks]
        for _ in as_completed(futures):
            bar.update(1)
        return [f.result() for f in futures]
    finally:
        bar.close()


def solve_columns(
    model: Model,
    disposition: Disposition | None,
    fixed: Mapping[str, Any],
    values: Mapping[str, NDArray[Any]],
    n: int,
    *,
    chunk_size: int,
    executor: Executor | None,
    progress: bool | None,
    desc: str,
) -> tuple[Columns, list[str]]:
    """Solve ``model`` at the ``n`` points of ``values`` (flat columns) and gather the outputs.

    The points are cut into chunks of at most ``chunk_size`` (:func:`chunk_bounds`), each solved
    by :func:`solve_chunk` through :func:`run_chunks`; the columns are joined by :func:`concat`
    (``regime`` as int16 codes into the returned categories, the model's regimes first).
    """
    bounds = chunk_bounds(n, chunk_size)
    tasks = [(model, disposition, fixed, chunk) for chunk in iter_slices(values, bounds)]
    chunks = run_chunks(solve_chunk, tasks, executor=executor, progress=progress, desc=desc)
    return concat(chunks, model.regimes)


def merge_columns(
    inputs: Mapping[str, NDArray[Any]], outputs: Mapping[str, NDArray[Any]]
) -> Columns:
    """Inputs then outputs; an output named like an input becomes ``<name>_output``."""
    merged: Columns = dict(inputs)
    for k, v in outputs.items():
        merged[f"{k}_output" if k in inputs else k] = v
    return merged


def regime_codes(regime: NDArray[Any], categories: list[str]) -> NDArray[np.int16]:
    """Integer codes of ``regime`` labels into ``categories`` (unseen labels are appended)."""
    codes = np.full(regime.shape, -1, dtype=np.int16)
    for i, c in enumerate(categories):
        codes[regime == c] = i
    missing = codes < 0
    if np.any(missing):
        for c in np.unique(regime[missing]).tolist():
            categories.append(str(c))
            codes[regime == c] = len(categories) - 1
    return codes


def concat(chunks: Sequence[Columns], regimes: Sequence[str]) -> tuple[Columns, list[str]]:
    """Concatenate per-chunk columns; ``regime`` becomes int16 codes into the returned list
    of categories (the model's regimes first, in its order)."""
    categories = [str(r) for r in regimes]
    for c in chunks:
        c["regime"] = regime_codes(np.asarray(c["regime"]), categories)
    if len(chunks) == 1:
        return dict(chunks[0]), categories
    return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}, categories


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, progress: bool | None, desc: str) -> Any:
    """A tqdm bar when ``progress`` is true (``disable=None``: silent when the output is not a
    terminal, as in CI), else a silent stand-in."""
    if not progress:
        return _NoBar()
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is in the analysis extra
        return _NoBar()
    return tqdm(total=total, desc=desc, unit="chunk", disable=None)


def iter_slices(
    values: Mapping[str, NDArray[Any]], bounds: Sequence[tuple[int, int]]
) -> Iterator[dict[str, NDArray[Any]]]:
    """The columns of ``values`` cut at ``bounds``."""
    for start, stop in bounds:
        yield {k: np.ascontiguousarray(v[start:stop]) for k, v in values.items()}


def require(module: str, extra: str) -> Any:
    """Import an optional dependency, or raise an ImportError naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{module} is needed for this; install it with: python -m pip install "
            f'"dealmodels[{extra}]"'
        ) from exc
