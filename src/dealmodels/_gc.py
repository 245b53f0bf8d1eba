"""Private helper shared by the builders of large objects: pausing the garbage collector."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are created.

    Creating them triggers many full collections that find nothing (the objects hold no
    cycles); pausing the collector roughly halves the time to build a 10^6-node tree. The
    collector's previous state is restored on exit, also after an exception.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
