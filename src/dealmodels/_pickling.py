"""Pickle support that keeps numpy arrays read-only where they were.

numpy does not pickle an array's ``writeable`` flag: an array frozen in a result's
constructor (or a read-only broadcast view) comes back writeable, and a frozen dataclass's
``__post_init__``, which freezes them, does not run on unpickling. :class:`KeepsReadOnly`
records where the read-only arrays are (attributes, and inside tuples, lists and dicts) and
freezes them again after the round trip (pickle, ``copy.copy`` and ``copy.deepcopy`` alike).
It serves the model results, whose arrays may be read-only or not (a broadcast view is, a
computed array is not); solver results, whose arrays are all read-only, freeze them all
(``SolverResult.__setstate__``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["KeepsReadOnly"]


def _paths(x: Any, at: tuple[Any, ...], out: list[tuple[Any, ...]]) -> None:
    """Append the path of every read-only array in ``x`` (through tuples, lists, dicts)."""
    if isinstance(x, np.ndarray):
        if not x.flags.writeable:
            out.append(at)
    elif isinstance(x, tuple | list):
        for i, y in enumerate(x):
            _paths(y, (*at, i), out)
    elif isinstance(x, dict):
        for k, y in x.items():
            _paths(y, (*at, k), out)


def _freeze(x: Any, path: tuple[Any, ...]) -> None:
    for key in path:
        x = x[key]
    if isinstance(x, np.ndarray):
        x.flags.writeable = False


class KeepsReadOnly:
    """Mixin for classes with a ``__dict__`` whose read-only arrays must stay read-only."""

    __slots__ = ()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        frozen: list[tuple[Any, ...]] = []
        _paths(state, (), frozen)
        if frozen:
            state["__read_only__"] = frozen
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        frozen = state.pop("__read_only__", ())
        self.__dict__.update(state)  # frozen dataclasses: no __setattr__
        for path in frozen:
            _freeze(state, path)
