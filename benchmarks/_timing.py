"""Timing shared by the benchmark scripts (run them as ``python benchmarks/<script>.py``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_time(f: Callable[[], Any], repeat: int) -> float:
    """The median wall time of ``repeat`` calls of ``f`` after one warm-up call (seconds)."""
    f()  # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
